"""Where data exists (city × plan period × category × value kind), the same over every city
together and per province, and a few headline facts per city, all counted from the data in SQL.
The functions that take `city_ids` count only those cities (None: every city), so their cost
follows what a page shows, not the size of the data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from analytics import aggregates, dimensions, labels, sql
from analytics.compare import years_spanned
from analytics.db import Database
from analytics.schema import VALUE_KINDS

COVERAGE_COLUMNS = ("city_id", "plan_period", "category", "value_kind", "n_values", "n_indicators", "n_rows")

HEADLINE_INDICATOR = "urban_new_jobs"

HEADLINE_COLUMNS = (
    "city_id", "city", "province", "color", "n_documents", "n_indicators", "n_values", "n_targets", "n_actuals",
    "plan_periods", "plan_periods_label", "first_year", "last_year",
    "latest_indicator_id", "latest_value", "latest_unit", "latest_year", "latest_raw", "latest_is_cumulative",
    "latest_period_start", "latest_period_end", "latest_kind", "latest_source_file", "latest_source_line",
    "latest_source_locator", "latest_quote", "latest_basis", "latest_when", "latest_text", "latest_annual_average",
    "latest_annual_average_text", "latest_reading",
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
    scope = aggregates.with_machine(db.readings)  # from the aggregate coverage_totals when it holds the readings
    rows = (db.rows(sql.COVERAGE_TOTAL, _orders(db)) if scope is None else
            db.rows(sql.COVERAGE_TOTAL_FROM_AGGREGATE, {**_orders(db), "with_machine": scope}))
    return dimensions.frame(rows, TOTAL_COLUMNS)


def cities_with_values(db: Database) -> list[str]:
    """The cities (display order) holding at least one value with a number."""
    return [row["city_id"] for row in db.rows(sql.COVERAGE_CITIES_WITH_VALUES)]


def default_cities(db: Database) -> list[str]:
    """The cities the overview starts with: see dimensions.default_cities (the first few, in
    display order, that hold a value)."""
    scope = aggregates.with_machine(db.readings)
    if scope is None:
        return dimensions.default_cities(db, cities_with_values(db))
    return dimensions.default_cities(db, [row["city_id"] for row in db.rows(
        sql.CITIES_WITH_VALUES_FROM_AGGREGATE, {"with_machine": scope, "n": dimensions.DEFAULT_CITY_COUNT})])


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
    Read from the aggregate province_totals (one SQL pass over the observations for readings it does not
    hold); Python only names the plan periods. Built once per process and language (Database.derived),
    copied for each caller: at 30,000x it has 902 provinces."""
    dimensions.check_lang(lang)
    return db.derived(f"province_summary|{lang}", lambda: _province_summary(db, lang)).copy()


def _province_summary(db: Database, lang: str) -> pd.DataFrame:
    period_names = dimensions.plan_period_names(db, lang)
    scope = aggregates.with_machine(db.readings)  # the counts of the observations from province_totals
    found = (db.rows(sql.PROVINCE_SUMMARY) if scope is None else
             db.rows(sql.PROVINCE_SUMMARY_FROM_AGGREGATE, {"with_machine": scope}))
    rows = []
    for row in found:
        periods, label = _periods_label(row["plan_periods"] or [], period_names, lang)
        rows.append({**row, "province": row[f"province_{lang}"], "plan_periods": periods,
                     "plan_periods_label": label})
    table = dimensions.frame(rows, PROVINCE_COLUMNS)
    table["n_cities_with_values"] = table["n_cities_with_values"].astype("Int64")
    return table


def _headline_value(fact: Mapping | None, lang: str) -> dict:
    """The card's figure named plainly: its basis (`year` or `total`), what it covers (`2020` /
    `2016–2020 total`), its text in the one number format, and for a total the annual average
    (total ÷ years) beside it, so a total never stands as a bare number next to a single year."""
    if not fact:
        return {"latest_basis": None, "latest_when": None, "latest_text": None, "latest_annual_average": None,
                "latest_annual_average_text": None}
    years = years_spanned(fact)
    span = (int(fact["period_start"]), int(fact["period_end"])) if years else None
    average = float(fact["value"]) / years if years else None
    symbol = labels.symbol(fact["comparator"])
    return {
        "latest_basis": "total" if span else "year",
        "latest_when": labels.format_when(fact["year"], span, lang),
        "latest_text": symbol + labels.format_number(fact["value"]),
        "latest_annual_average": average,
        "latest_annual_average_text": symbol + labels.format_number(average) if years else None,
    }


def headline_figures(db: Database, lang: str, *, indicator_id: str = HEADLINE_INDICATOR,
                     city_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Per city: documents, indicators covered, targets, the plan periods covered, and the
    headline value of `indicator_id` (urban new jobs) with its year and raw text.
    Only the cities of `city_ids` when given (None: every city), filtered in SQL.

    The headline value compares like with like as far as the data allows: each city's latest
    single-year value when it has one (actual, else the next plan's baseline of that year), and
    only for a city with none its latest multi-year total. `latest_when` names what it covers
    (`2020`, `2016–2020 total`) for the card's label; a total carries its annual average
    (`latest_annual_average`). A city's figure never depends on which other cities are shown."""
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
            "latest_source_locator": fact["source_locator"] if fact else None,
            "latest_quote": fact["quote"] if fact else None,
            "latest_reading": fact["reading"] if fact else None,
            **_headline_value(fact, lang),
        })
    return dimensions.frame(rows, HEADLINE_COLUMNS)


def coverage_table(coverage_rows: pd.DataFrame, cities: pd.DataFrame, categories: pd.DataFrame,
                   periods: pd.DataFrame, lang: str, *, total: pd.DataFrame | None = None,
                   total_label: str | None = None) -> pd.DataFrame:
    """The coverage matrix as a table (its text alternative): a row per city × plan period (the
    matrix's cells, in its order; `total`, every city together, first when given, named
    `total_label`), a column per category with the number of values, and their sum."""
    dimensions.check_lang(lang)
    category_names = dict(zip(categories["category"], categories[f"name_{lang}"], strict=True))
    period_names = dict(zip(periods["plan_period"], periods[f"name_{lang}"], strict=True))
    groups: list[tuple[str, pd.DataFrame]] = []
    if total is not None:
        groups.append((total_label or "", total))
    names = dict(zip(cities["city_id"], cities[f"name_{lang}"], strict=True))
    for city_id in cities["city_id"]:
        groups.append((names[city_id], coverage_rows[coverage_rows["city_id"] == city_id]))
    records = []
    for name, rows in groups:
        counts = rows.groupby(["plan_period", "category"])["n_values"].sum()
        for period in periods["plan_period"]:
            record = {labels.label("column", "city", lang): name,
                      labels.label("column", "plan_period", lang): period_names[period]}
            for category, category_name in category_names.items():
                record[category_name] = int(counts.get((period, category), 0))
            record[labels.label("column", "n_values", lang)] = sum(
                record[category_name] for category_name in category_names.values())
            records.append(record)
    return pd.DataFrame(records)
