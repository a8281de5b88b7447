"""Where data exists (city × plan period × category × value kind) and a few headline facts
per city, all counted from the data."""

from __future__ import annotations

import pandas as pd

from analytics import dimensions, sql
from analytics.db import Database
from analytics.schema import VALUE_KINDS

COVERAGE_COLUMNS = ("city_id", "plan_period", "category", "value_kind", "n_values", "n_indicators", "n_rows")

HEADLINE_INDICATOR = "urban_new_jobs"

HEADLINE_COLUMNS = (
    "city_id", "city", "province", "color", "n_documents", "n_indicators", "n_values", "n_targets", "n_actuals",
    "plan_periods", "plan_periods_label", "first_year", "last_year",
    "latest_indicator_id", "latest_value", "latest_unit", "latest_year", "latest_raw", "latest_is_cumulative",
    "latest_period_start", "latest_period_end", "latest_kind", "latest_source_file", "latest_source_line",
    "latest_quote",
)


def coverage(db: Database) -> pd.DataFrame:
    """One row per city × plan period (null: outside plan tables) × category × value kind that
    has rows: n_values (non-null values), n_indicators (indicators with a value), n_rows."""
    rows = db.rows(sql.COVERAGE, {"category_order": dimensions.category_order(db), "kind_order": list(VALUE_KINDS)})
    return dimensions.frame(rows, COVERAGE_COLUMNS)


def headline_figures(db: Database, lang: str, *, indicator_id: str = HEADLINE_INDICATOR) -> pd.DataFrame:
    """Per city: documents, indicators covered, targets, the plan periods covered, and the
    latest reported value of `indicator_id` (urban new jobs) with its year and raw text."""
    dimensions.check_lang(lang)
    documents = {row["city_id"]: row["n_documents"] for row in db.rows(sql.HEADLINE_DOCUMENTS)}
    counts = {row["city_id"]: row for row in db.rows(sql.HEADLINE_COUNTS)}
    known = set(dimensions.indicator_ids(db))
    latest = {}
    if indicator_id in known:
        latest = {row["city_id"]: row for row in db.rows(sql.HEADLINE_LATEST, {"indicator_id": indicator_id})}
    period_names = dimensions.plan_period_names(db, lang)
    rows = []
    for city in db.rows(sql.CITIES):
        city_id = city["city_id"]
        count = counts.get(city_id, {})
        periods = list(count.get("plan_periods") or [])
        fact = latest.get(city_id)
        rows.append({
            "city_id": city_id,
            "city": city[f"name_{lang}"],
            "province": city[f"province_{lang}"],
            "color": city["color"],
            "n_documents": documents.get(city_id, 0),
            "n_indicators": count.get("n_indicators", 0),
            "n_values": count.get("n_values", 0),
            "n_targets": count.get("n_targets", 0),
            "n_actuals": count.get("n_actuals", 0),
            "plan_periods": periods,
            "plan_periods_label": ("、" if lang == "zh" else ", ").join(
                period_names[period] for period in periods),
            "first_year": count.get("first_year"),
            "last_year": count.get("last_year"),
            "latest_indicator_id": indicator_id if fact else None,
            "latest_value": fact["value"] if fact else None,
            "latest_unit": fact["unit"] if fact else None,
            "latest_year": fact["year"] if fact else None,
            "latest_raw": fact["raw_text"] if fact else None,
            "latest_is_cumulative": fact["is_cumulative"] if fact else None,
            "latest_period_start": fact["period_start"] if fact else None,
            "latest_period_end": fact["period_end"] if fact else None,
            "latest_kind": fact["value_kind"] if fact else None,
            "latest_source_file": fact["source_file"] if fact else None,
            "latest_source_line": fact["source_line"] if fact else None,
            "latest_quote": fact["quote"] if fact else None,
        })
    return dimensions.frame(rows, HEADLINE_COLUMNS)
