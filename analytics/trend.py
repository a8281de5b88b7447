"""One indicator over the years, across plan periods: targets, actuals and baselines per city,
with the plan periods the data touches (for shading)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from analytics import dimensions, sql
from analytics.compare import shown_value
from analytics.db import Database
from analytics.errors import check_choices

SERIES = ("actual", "target", "baseline")

ROW_COLUMNS = (
    "city_id", "year", "value_kind", "series", "value", "display_value", "annual_average_applied", "comparator",
    "is_cumulative", "period_start", "period_end", "span_kind", "target_scope", "plan_period", "unit", "attribute",
    "reading", "raw_text", "source_file", "source_line", "source_locator", "source_table", "quote", "obs_id",
    "other_values",
)
SPAN_COLUMNS = ("plan_period", "start_year", "end_year", "name_zh", "name_en")


@dataclass
class TrendResult:
    rows: pd.DataFrame
    spans: pd.DataFrame
    indicator: dict
    notes: list[str] = field(default_factory=list)
    annual_average: bool = False


def trend(
    db: Database,
    indicator_id: str,
    city_ids: Iterable[str] | None = None,
    *,
    annual_average: bool = False,
    series: Iterable[str] = SERIES,
    lang: str = "en",
) -> TrendResult:
    """City-level values of one indicator, one row per city × series × year × basis.

    A value written in several places (a 2015 actual in one table and the same 2015 base
    in the next) appears once: the table row first; the others are listed in other_values.
    Values without a number (—, text) are left out and counted in the notes.
    """
    dimensions.check_lang(lang)
    indicator = dimensions.indicator(db, indicator_id)
    cities = dimensions.check_cities(db, city_ids)
    kinds = check_choices("series", list(series), SERIES) or list(SERIES)
    raw = db.rows(sql.TREND_ROWS, {"indicator_id": indicator_id, "city_ids": cities, "value_kinds": kinds})

    chosen: dict[tuple, dict] = {}
    text_only = 0
    for row in raw:
        if row["value"] is None:
            text_only += 1
            continue
        key = (row["city_id"], row["value_kind"], row["target_scope"], row["year"], row["span_kind"],
               row["period_start"])
        if key in chosen:
            chosen[key]["other_values"].append(f"{row['raw_text']} ({row['source_file']}:{row['source_line']})")
            continue
        display, averaged = shown_value(row, annual_average)
        chosen[key] = {**row, "series": row["value_kind"], "display_value": display,
                       "annual_average_applied": averaged, "other_values": []}
    rows = list(chosen.values())

    notes = []
    if text_only:
        notes.append(f"{text_only} 个值在原文中无数值（“—”或文字），未绘出。" if lang == "zh"
                     else f"{text_only} value(s) without a number in the source (— or text) are not drawn.")
    if not annual_average and len({row["is_cumulative"] for row in rows}) > 1:
        notes.append("既有多年累计数又有单年值：可勾选“按年均”使二者可比。" if lang == "zh"
                     else "Both multi-year totals and single-year values: use the annual average to compare them.")
    if any(row["span_kind"] == "to_date" for row in rows):
        notes.append("含截至当年的累计数（起始年未说明）：不能与单年值或规划期累计数比较，也不折算年均。"
                     if lang == "zh" else
                     "Running totals to date (start not stated) are shown as written: not comparable with "
                     "single-year values or plan-period totals, and never averaged.")
    if any(row["target_scope"] == "annual" for row in rows):
        notes.append("含年度目标（年度报告为当年设定），不是规划自身的目标。" if lang == "zh"
                     else "Annual targets (set for one year by an annual report) are not the plan's own targets.")
    return TrendResult(dimensions.frame(rows, ROW_COLUMNS), _spans(db, rows), indicator, notes, annual_average)


def _spans(db: Database, rows: list[dict]) -> pd.DataFrame:
    """The plan periods overlapping the years the rows cover (a total covers its whole span)."""
    periods = dimensions.plan_periods(db)
    if not rows:
        return periods.iloc[0:0].reindex(columns=SPAN_COLUMNS)
    first = min(row["period_start"] if row["period_start"] is not None else row["year"] for row in rows)
    last = max(row["year"] for row in rows)
    mask = (periods["end_year"] >= first) & (periods["start_year"] <= last)
    return periods.loc[mask, list(SPAN_COLUMNS)].reset_index(drop=True)
