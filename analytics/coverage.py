"""Where data exists (city × plan period × category × value kind), the same over every city
together and per province, and a few headline facts per city, all counted from the data in SQL.
The functions that take `city_ids` count only those cities (None: every city), so their cost
follows what a page shows, not the size of the data."""

from __future__ import annotations

from collections.abc import Iterable

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


TOTAL_COLUMNS = ("plan_period", "category", "value_kind", "n_values", "n_indicators", "n_cities", "n_rows")

PROVINCE_COLUMNS = (
    "province", "province_zh", "province_en", "n_cities", "n_cities_with_values", "n_documents", "n_indicators",
    "n_values", "n_targets", "n_actuals", "plan_periods", "plan_periods_label", "first_year", "last_year",
)


def _city_filter(db: Database, city_ids: Iterable[str] | None) -> list[str]:
    """The `$city_ids` parameter: the given cities, each checked, in display order ([]: every city)."""
    if city_ids is None:
        return []
    wanted = list(city_ids)
    return dimensions.check_cities(db, wanted) if wanted else []


def _orders(db: Database) -> dict:
    return {"category_order": dimensions.category_order(db), "kind_order": list(VALUE_KINDS)}


def coverage(db: Database, city_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per city × plan period (null: outside plan tables) × category × value kind that
    has rows: n_values (non-null values), n_indicators (indicators with a value), n_rows.
    Only the cities of `city_ids` when given (None: every city)."""
    rows = db.rows(sql.COVERAGE, {**_orders(db), "city_ids": _city_filter(db, city_ids)})
    return dimensions.frame(rows, COVERAGE_COLUMNS)


def coverage_total(db: Database) -> pd.DataFrame:
    """Every city together: one row per plan period × category × value kind that has rows, with
    n_values, n_indicators, n_cities (cities with a value there) and n_rows, counted in SQL."""
    return dimensions.frame(db.rows(sql.COVERAGE_TOTAL, _orders(db)), TOTAL_COLUMNS)


def cities_with_values(db: Database) -> list[str]:
    """The cities (display order) holding at least one value with a number."""
    return [row["city_id"] for row in db.rows(sql.COVERAGE_CITIES_WITH_VALUES)]


def default_cities(db: Database) -> list[str]:
    """The cities the overview starts with: see dimensions.default_cities (the first few, in
    display order, that hold a value)."""
    return dimensions.default_cities(db, cities_with_values(db))


def cities(db: Database, city_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The rows of the cities table (as dimensions.cities) for `city_ids` only (None: every city)."""
    return dimensions.frame(db.rows(sql.HEADLINE_CITIES, {"city_ids": _city_filter(db, city_ids)}),
                            ("city_id", "name_zh", "name_en", "province_zh", "province_en", "color", "sort_order"))


def documents(db: Database, city_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The documents (as dimensions.documents) of `city_ids` only (None: every city)."""
    return dimensions.frame(db.rows(sql.COVERAGE_DOCUMENTS, {"city_ids": _city_filter(db, city_ids)}),
                            dimensions.DOCUMENT_COLUMNS)


def _periods_label(periods: Iterable[str], period_names: dict[str, str], lang: str) -> tuple[list[str], str]:
    """The plan periods in order of time, and their names joined for display."""
    wanted = set(periods)
    ordered = [period for period in period_names if period in wanted]
    return ordered, ("、" if lang == "zh" else ", ").join(period_names[period] for period in ordered)


def province_summary(db: Database, lang: str) -> pd.DataFrame:
    """One row per province (named as in the cities table), in the display order of its first
    city: n_cities (in the cities table), n_cities_with_values, n_documents, n_indicators (with
    a value), n_values, n_targets, n_actuals, the plan periods covered, first and last year.
    One SQL pass over the observations; Python only names the plan periods."""
    dimensions.check_lang(lang)
    period_names = dimensions.plan_period_names(db, lang)
    rows = []
    for row in db.rows(sql.PROVINCE_SUMMARY):
        periods, label = _periods_label(row["plan_periods"] or [], period_names, lang)
        rows.append({**row, "province": row[f"province_{lang}"], "plan_periods": periods,
                     "plan_periods_label": label})
    table = dimensions.frame(rows, PROVINCE_COLUMNS)
    table["n_cities_with_values"] = table["n_cities_with_values"].astype("Int64")
    return table


def headline_figures(db: Database, lang: str, *, indicator_id: str = HEADLINE_INDICATOR,
                     city_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Per city: documents, indicators covered, targets, the plan periods covered, and the
    latest reported value of `indicator_id` (urban new jobs) with its year and raw text.
    Only the cities of `city_ids` when given (None: every city), filtered in SQL."""
    dimensions.check_lang(lang)
    wanted = {"city_ids": _city_filter(db, city_ids)}
    documents = {row["city_id"]: row["n_documents"] for row in db.rows(sql.HEADLINE_DOCUMENTS, wanted)}
    counts = {row["city_id"]: row for row in db.rows(sql.HEADLINE_COUNTS, wanted)}
    known = set(dimensions.indicator_ids(db))
    latest = {}
    if indicator_id in known:
        latest = {row["city_id"]: row
                  for row in db.rows(sql.HEADLINE_LATEST, {**wanted, "indicator_id": indicator_id})}
    period_names = dimensions.plan_period_names(db, lang)
    rows = []
    for city in db.rows(sql.HEADLINE_CITIES, wanted):
        city_id = city["city_id"]
        count = counts.get(city_id, {})
        periods, periods_label = _periods_label(count.get("plan_periods") or [], period_names, lang)
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
            "plan_periods_label": periods_label,
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
