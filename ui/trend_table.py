"""The Trends chart's rows as a table: with the verdict above the chart, its text alternative.
Every label the chart leaves out for want of room is here, written as on the chart."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analytics import labels
from ui.charts import TREND_SERIES_ORDER, trend_span, trend_when, value_label
from ui.i18n import t

MISSING = "—"


def _text(value: object) -> str:
    return MISSING if labels.is_missing(value) or str(value).strip() == "" else str(value)


def trend_table(rows: pd.DataFrame, city_names: Mapping[str, str], series_names: Mapping[str, str],
                lang: str) -> pd.DataFrame:
    """One line per value drawn (`rows`: analytics.trend rows), in the page's language: city,
    series, year or span, the value as written, the value shown, unit, source file:line. Every
    cell is text; an empty one is "—". Ordered by city (as `city_names`), years, series."""
    records = rows.to_dict("records")
    city_rank = {city_id: index for index, city_id in enumerate(city_names)}

    def order(row: dict) -> tuple:
        span = trend_span(row)
        first = span[0] if span else (row["year"] if not labels.is_missing(row["year"]) else 0)
        last = span[1] if span else first
        return city_rank.get(row["city_id"], len(city_rank)), int(first), int(last), \
            TREND_SERIES_ORDER.get(row["series"], 3)

    records.sort(key=order)

    def shown(row: dict) -> str:
        if labels.is_missing(row["display_value"]):
            return MISSING
        text = value_label(row["display_value"], None if labels.is_missing(row["comparator"]) else row["comparator"])
        averaged = not labels.is_missing(row["annual_average_applied"]) and bool(row["annual_average_applied"])
        note = t("annual_average_short", lang)
        return text + ((f"（{note}）" if lang == "zh" else f" ({note})") if averaged else "")

    def source(row: dict) -> str:  # file:line, and where the line is in a Word file, PDF or web page (p. 7)
        if labels.is_missing(row["source_file"]):
            return MISSING
        if labels.is_missing(row["source_line"]):
            return str(row["source_file"])
        return labels.format_where(row["source_file"], row["source_line"], row.get("source_locator"))

    columns = {
        labels.label("column", "city", lang): [_text(city_names.get(row["city_id"], row["city_id"]))
                                               for row in records],
        labels.label("column", "series", lang): [_text(series_names.get(row["series"], row["series"]))
                                                 for row in records],
        t("trend_col_when", lang): [trend_when(row, lang) for row in records],
        labels.label("column", "raw_text", lang): [_text(row["raw_text"]) for row in records],
        labels.label("column", "display_value", lang): [shown(row) for row in records],
        labels.label("column", "unit", lang): [_text(labels.label("unit", row["unit"], lang)) for row in records],
        t("trend_col_source", lang): [source(row) for row in records],
    }
    marks = [labels.reading_mark(row.get("reading"), lang) for row in records]
    if any(marks):  # a machine-read value is marked in a column of its own (none: no column)
        columns[labels.label("column", "read_mark", lang)] = marks
    return pd.DataFrame(columns, dtype=object)
