"""The small dimensions (cities, plan periods, categories, indicators, documents) and the
checks every public function runs on the ids it is given: an unknown city, plan period,
indicator or value kind raises QueryError listing the valid choices from the data.

Names of cities, plan periods and categories come only from their tables (cities.parquet,
plan_periods.parquet, categories.parquet): they are data, and any number of them may be
added without touching code. `city_name(db, ...)` and friends look one up; `city_names(db,
lang)` gives the whole mapping for code that labels many rows (build it once per call site).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import pandas as pd

from analytics import aggregates, labels, sql
from analytics.db import Database
from analytics.errors import QueryError, check_choice
from analytics.schema import AGGREGATE_CITY_SAMPLE, NOTE_BEARINGS, VALUE_KINDS

LANGS = ("zh", "en")

# Integer / boolean columns that may hold nulls: typed as pandas nullable dtypes so a frame
# built from Python rows matches one read straight from DuckDB.
_INT_COLUMNS = frozenset({
    "year", "period_start", "period_end", "source_line", "actual_source_line", "target_year", "actual_year",
    "sort_order", "start_year", "end_year", "line_count", "n_values", "n_rows", "n_indicators", "n_cities",
    "n_documents", "n_targets", "n_actuals", "latest_year", "first_year", "last_year", "n", "baseline_year",
    "latest_period_start", "latest_period_end", "latest_source_line", "reported_source_line",
    "actual_period_start", "actual_period_end",
})
_FLOAT_COLUMNS = frozenset({
    "value", "display_value", "target", "actual", "ratio_pct", "reported_completion_pct", "baseline_value",
    "change_from_baseline_pct", "latest_value", "latest_annual_average",
})
_BOOL_COLUMNS = frozenset({
    "is_cumulative", "target_cumulative", "actual_cumulative", "annual_average_applied", "completion_disagrees",
    "multi_city", "reviewed",
    "latest_is_cumulative",
})


def frame(rows: Iterable[Mapping], columns: Iterable[str]) -> pd.DataFrame:
    """A DataFrame of exactly `columns` from dict rows, nullable ints/bools typed consistently."""
    columns = list(columns)
    df = pd.DataFrame.from_records([{name: row.get(name) for name in columns} for row in rows], columns=columns)
    return typed(df, columns)


def typed(df: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """`df` with exactly `columns`, typed as `frame` types them (for results that come from
    DuckDB as a frame: no detour through Python dicts)."""
    df = df.reindex(columns=list(columns))
    for name in df.columns:
        if name in _INT_COLUMNS:
            df[name] = df[name].astype("Int64")
        elif name in _FLOAT_COLUMNS:
            df[name] = df[name].astype("float64")
        elif name in _BOOL_COLUMNS:
            df[name] = df[name].astype("boolean")
    return df


def check_lang(lang: str) -> str:
    return str(check_choice("language", lang, LANGS))


# ---- cities ---------------------------------------------------------------------------------

def _memo_frame(db: Database, key: str, build) -> pd.DataFrame:
    """A dimension's frame built once per Database (Database.derived) and copied for each caller: a page
    run builds none of them anew from the rows (a copy of thousands of cities takes a fraction of that)."""
    return db.derived(f"frame:{key}", build).copy()


def cities(db: Database) -> pd.DataFrame:
    return _memo_frame(db, "cities", lambda: frame(db.rows(sql.CITIES), (
        "city_id", "name_zh", "name_en", "province_zh", "province_en", "color", "sort_order")))


def city_ids(db: Database) -> list[str]:
    return list(db.derived("city_ids", lambda: tuple(row["city_id"] for row in db.rows(sql.CITY_IDS))))


def check_city(db: Database, city_id: str) -> str:
    if isinstance(city_id, str) and city_id in db.derived("city_id_set", lambda: frozenset(city_ids(db))):
        return city_id
    return str(check_choice("city", city_id, city_ids(db)))


def check_cities(db: Database, ids: Iterable[str] | None) -> list[str]:
    """The given cities in display order (None or empty: all cities), each one checked."""
    valid = city_ids(db)
    wanted = set(ids or [])
    unknown = wanted - set(valid)
    if unknown:
        check_choice("city", next(city_id for city_id in ids if city_id in unknown), valid)
    return [city_id for city_id in valid if not wanted or city_id in wanted]


# How many cities a view of several cities starts with (see default_cities); the aggregates list more.
DEFAULT_CITY_COUNT = 4
assert DEFAULT_CITY_COUNT <= AGGREGATE_CITY_SAMPLE


def default_cities(db: Database, with_data: Iterable[str], n: int = DEFAULT_CITY_COUNT) -> list[str]:
    """The cities a view of several cities starts with, in display order: all of them when
    the data has at most `n`; otherwise the first `n` of `with_data` (the cities that have
    data for what the view shows), or the first `n` cities when none has."""
    every = city_ids(db)
    if len(every) <= n:
        return every
    wanted = set(with_data)
    return [city_id for city_id in every if city_id in wanted][:n] or every[:n]


# What a search for a city looks through: its names and its province's, in both languages.
CITY_SEARCH_FIELDS = ("name_zh", "name_en", "province_zh", "province_en")


def _city_search_keys(db: Database) -> tuple[tuple[str, str], ...]:
    """(city_id, the text a search looks through, casefolded) in display order, from the cities table
    alone (never the observations); built once per Database. The fields are joined by a line break,
    which no search text holds (ui.state.url_text turns line breaks into spaces), so a match never
    runs across two of them."""
    return db.derived("city_search_keys", lambda: tuple(
        (row["city_id"], "\n".join(str(row[field] or "") for field in CITY_SEARCH_FIELDS).casefold())
        for row in db.rows(sql.CITIES)))


def city_choices(db: Database, text: str | None, *, limit: int, keep: Iterable[str] = (),
                 among: Iterable[str] | None = None) -> tuple[list[str], int]:
    """(the cities a picker offers, how many a search for `text` finds): in display order, the first
    `limit` cities whose names or province (CITY_SEARCH_FIELDS, either language, case-insensitive)
    contain `text` — every city for no text —, and every city of `keep` whether found or not (the
    chosen ones stay options). `among` (ids) restricts both to those cities; unknown ids are left out."""
    needle = (text or "").strip().casefold()
    allowed = None if among is None else set(among)
    kept = {city_id for city_id in keep if isinstance(city_id, str)}
    offered: list[str] = []
    found = 0
    for city_id, haystack in _city_search_keys(db):
        if allowed is not None and city_id not in allowed:
            continue
        match = not needle or needle in haystack
        found += match
        if (match and found <= limit) or city_id in kept:
            offered.append(city_id)
    return offered, found


# ---- names (cities, plan periods, categories) --------------------------------------------------

# A lookup per name: pages label rows one by one (a city name per table row), so the name
# tables are built once per Database (Database.derived) and never copied on a lookup.
_NAME_QUERIES = {"city": (sql.CITIES, "city_id"), "plan period": (sql.PLAN_PERIODS, "plan_period"),
                 "category": (sql.CATEGORIES, "category"), "indicator": (sql.INDICATOR_NAMES, "indicator_id")}


def _names(db: Database, kind: str) -> Mapping[str, tuple[str, str]]:
    """id -> (name_zh, name_en) of one dimension, in display order (read-only)."""
    query, key = _NAME_QUERIES[kind]
    return db.derived(f"names:{kind}", lambda: MappingProxyType(
        {row[key]: (row["name_zh"], row["name_en"]) for row in db.rows(query)}))


def _name(db: Database, kind: str, key: str, lang: str) -> str:
    index = LANGS.index(check_lang(lang))
    names = _names(db, kind)
    pair = names.get(key) if isinstance(key, str) else None
    if pair is None:
        raise QueryError(kind, key, list(names))
    return pair[index]


def city_name(db: Database, city_id: str, lang: str) -> str:
    """江门 / Jiangmen, from cities.parquet; QueryError for an unknown city."""
    return _name(db, "city", city_id, lang)


def city_names(db: Database, lang: str) -> dict[str, str]:
    """Every city's name in `lang`, in display order."""
    index = LANGS.index(check_lang(lang))
    return {key: pair[index] for key, pair in _names(db, "city").items()}


# ---- plan periods ---------------------------------------------------------------------------

def plan_periods(db: Database) -> pd.DataFrame:
    return _memo_frame(db, "plan_periods", lambda: frame(db.rows(sql.PLAN_PERIODS), (
        "plan_period", "name_zh", "name_en", "start_year", "end_year")))


def plan_period_ids(db: Database) -> list[str]:
    return list(db.derived("plan_period_ids", lambda: tuple(
        row["plan_period"] for row in db.rows(sql.PLAN_PERIOD_IDS))))


def check_plan_period(db: Database, plan_period: str) -> str:
    return str(check_choice("plan period", plan_period, plan_period_ids(db)))


def plan_period_span(db: Database, plan_period: str) -> tuple[int, int]:
    check_plan_period(db, plan_period)
    for row in db.rows(sql.PLAN_PERIODS):
        if row["plan_period"] == plan_period:
            return int(row["start_year"]), int(row["end_year"])
    raise AssertionError("unreachable: checked above")


def plan_period_name(db: Database, plan_period: str | None, lang: str) -> str:
    """“十三五” / 13th Five-Year Plan, from plan_periods.parquet; a null plan period reads
    "规划表外" / "outside plan tables"; QueryError for an unknown one."""
    if labels.is_missing(plan_period):
        return labels.OUTSIDE_PLAN_TABLES[LANGS.index(check_lang(lang))]
    return _name(db, "plan period", plan_period, lang)  # type: ignore[arg-type]


def plan_period_names(db: Database, lang: str) -> dict[str, str]:
    """Every plan period's name in `lang`, in order of time."""
    index = LANGS.index(check_lang(lang))
    return {key: pair[index] for key, pair in _names(db, "plan period").items()}


# ---- categories and value kinds ----------------------------------------------------------------

def categories(db: Database) -> pd.DataFrame:
    """The indicator categories (categories.parquet), in display order."""
    return frame(db.rows(sql.CATEGORIES), ("category", "name_zh", "name_en", "sort_order"))


def category_order(db: Database) -> list[str]:
    return list(_names(db, "category"))


def compared_categories(db: Database) -> frozenset[str]:
    """The categories whose indicators cross-city comparisons offer by default (categories.yaml
    `compared`; the bureau's own activity is not one)."""
    return db.derived("compared_categories", lambda: frozenset(
        row["category"] for row in db.rows(sql.CATEGORIES) if row["compared"] is not False))


def category_names(db: Database) -> dict[str, tuple[str, str]]:
    """category -> (name_zh, name_en), in display order."""
    return dict(_names(db, "category"))


def category_name(db: Database, category: str, lang: str) -> str:
    """就业 / Employment, from categories.parquet; QueryError for an unknown category."""
    return _name(db, "category", category, lang)


def check_value_kind(value_kind: str) -> str:
    return str(check_choice("value kind", value_kind, VALUE_KINDS))


# ---- indicators -------------------------------------------------------------------------------

INDICATOR_COLUMNS = (
    "indicator_id", "name_zh", "name_en", "category", "category_zh", "category_en", "unit", "direction",
    "aliases_zh", "definition_note", "reviewed", "n_cities", "city_ids", "plan_periods", "value_kinds",
)


# How many of an indicator's cities `indicators` names (city_ids); n_cities counts them all.
INDICATOR_CITY_SAMPLE = 12
assert INDICATOR_CITY_SAMPLE <= AGGREGATE_CITY_SAMPLE


def indicator_rows(db: Database) -> list[dict]:
    """The indicators in category order, with their category's names (categories.parquet),
    `reviewed` (False: added automatically from a source label nobody has reviewed yet), how
    many cities have a value (n_cities) and the first INDICATOR_CITY_SAMPLE of them in display
    order (city_ids). Read from the aggregate indicator_coverage (a scan of the observations only for a
    choice of readings it does not hold)."""
    scope = aggregates.with_machine(db.readings)
    rows = (db.rows(sql.INDICATORS, {"city_sample": INDICATOR_CITY_SAMPLE}) if scope is None else
            db.rows(sql.INDICATORS_FROM_COVERAGE, {"city_sample": INDICATOR_CITY_SAMPLE, "with_machine": scope}))
    for row in rows:
        for key in ("aliases_zh", "city_ids", "plan_periods", "value_kinds"):
            row[key] = list(row[key] or [])
    return rows


def indicators(db: Database) -> pd.DataFrame:
    """The catalogue with, per indicator, how many cities have a value (n_cities) and the first
    of them (city_ids, see indicator_rows)."""
    return frame(indicator_rows(db), INDICATOR_COLUMNS)


# What a search of the catalogue looks through (schema.SEARCH_FIELDS): not the category's names.
CATALOGUE_SEARCH_FIELDS = ("id", "name_zh", "name_en", "alias")


def matching_indicator_ids(db: Database, text: str | None,
                           fields: Iterable[str] = CATALOGUE_SEARCH_FIELDS) -> list[str] | None:
    """The ids (sorted) of the indicators whose id, names or a source alias (`fields`) contain `text`,
    case-insensitive, from the precomputed search table (indicator_search); None for no text (every one)."""
    needle = (text or "").strip()
    if not needle:
        return None
    return [row["indicator_id"] for row in db.rows(sql.SEARCH_INDICATOR_IDS,
                                                   {"fields": list(fields), "needle": needle})]


def search_indicators(db: Database, text: str | None) -> pd.DataFrame:
    """The catalogue rows whose id, names or any source alias contain `text` (case-insensitive)."""
    table = indicators(db)
    found = matching_indicator_ids(db, text)
    if found is None:
        return table
    return table[table["indicator_id"].isin(found)].reset_index(drop=True)


def indicator_names(db: Database, lang: str) -> dict[str, str]:
    """Every indicator's name in `lang` (by id): from the catalogue table alone, without the
    scan of observations that `indicators` makes to count each one's cities."""
    index = LANGS.index(check_lang(lang))
    return {key: pair[index] for key, pair in _names(db, "indicator").items()}


def indicator_ids(db: Database) -> list[str]:
    return [row["indicator_id"] for row in db.rows(sql.INDICATOR_IDS)]


def check_indicator(db: Database, indicator_id: str) -> str:
    return str(check_choice("indicator", indicator_id, indicator_ids(db)))


def catalogue_page(db: Database, text: str | None, limit: int) -> tuple[pd.DataFrame, int, int]:
    """(the first `limit` rows of `search_indicators(db, text)`, how many it finds, how many of those nobody
    reviewed): what a page listing the catalogue shows, without building the rows it does not show."""
    found = matching_indicator_ids(db, text)
    counts = db.rows(sql.CATALOGUE_COUNTS, {"ids": found})[0]
    scope = aggregates.with_machine(db.readings)
    if scope is None:
        table = search_indicators(db, text).head(limit).reset_index(drop=True)
    else:
        rows = db.rows(sql.CATALOGUE_PAGE, {"city_sample": INDICATOR_CITY_SAMPLE, "with_machine": scope,
                                            "ids": found, "limit": limit})
        for row in rows:
            for key in ("aliases_zh", "city_ids", "plan_periods", "value_kinds"):
                row[key] = list(row[key] or [])
        table = frame(rows, INDICATOR_COLUMNS)
    return table, int(counts["n"]), int(counts["n_unreviewed"])


def indicator_categories(db: Database, indicator_ids: Iterable[str]) -> pd.DataFrame:
    """indicator_id, category and the category's names (category_zh, category_en) of `indicator_ids`."""
    return frame(db.rows(sql.INDICATOR_CATEGORIES, {"ids": sorted(set(indicator_ids))}),
                 ("indicator_id", "category", "category_zh", "category_en"))


def indicator_default_cities(db: Database, indicator_id: str, n: int = DEFAULT_CITY_COUNT) -> list[str]:
    """The first `n` of `indicator_cities` (at most AGGREGATE_CITY_SAMPLE), from the aggregate
    indicator_coverage: what a page's default cities need, without a scan of the observations."""
    check_indicator(db, indicator_id)
    scope = aggregates.with_machine(db.readings)
    if scope is None or n > AGGREGATE_CITY_SAMPLE:
        return indicator_cities(db, indicator_id)[:n]
    rows = db.rows(sql.INDICATOR_FIRST_CITIES, {"indicator_id": indicator_id, "with_machine": scope, "n": n})
    return list(rows[0]["city_ids"] or []) if rows else []


def indicator_cities(db: Database, indicator_id: str) -> list[str]:
    """The cities (display order) with a city-wide value of the indicator."""
    check_indicator(db, indicator_id)
    return [row["city_id"] for row in db.rows(sql.INDICATOR_CITIES, {"indicator_id": indicator_id})]


def indicator(db: Database, indicator_id: str) -> dict:
    """One indicator as a dict (aliases as a list); QueryError when unknown."""
    rows = db.rows(sql.INDICATOR, {"indicator_id": indicator_id})
    if not rows:
        raise QueryError("indicator", indicator_id, indicator_ids(db))
    row = rows[0]
    row["aliases_zh"] = list(row["aliases_zh"] or [])
    return row


def name(db_or_df: Database | pd.DataFrame, indicator_id: str, lang: str) -> str:
    """An indicator's name in `lang`, looked up in the database or in a frame with name_* columns."""
    check_lang(lang)
    if isinstance(db_or_df, pd.DataFrame):
        match = db_or_df.loc[db_or_df["indicator_id"] == indicator_id, f"name_{lang}"]
        if match.empty:
            raise QueryError("indicator", indicator_id, sorted(set(db_or_df["indicator_id"])))
        return str(match.iloc[0])
    return str(indicator(db_or_df, indicator_id)[f"name_{lang}"])


def quality_note_count(db: Database) -> int:
    return int(db.rows(sql.QUALITY_NOTE_COUNT)[0]["n"])


# ---- documents and quality notes ----------------------------------------------------------------

DOCUMENT_COLUMNS = (
    "doc_id", "city_id", "kind", "title_zh", "title_en", "issuer_zh", "issuer_en", "doc_number", "issued",
    "plan_period", "covers_zh", "covers_en", "source_file", "sha256", "line_count",
)


def documents(db: Database) -> pd.DataFrame:
    return _memo_frame(db, "documents", lambda: frame(db.rows(sql.DOCUMENTS), DOCUMENT_COLUMNS))


def documents_for_files(db: Database, files: Iterable[str]) -> pd.DataFrame:
    return frame(db.rows(sql.DOCUMENTS_BY_FILE, {"files": sorted(set(files))}), DOCUMENT_COLUMNS)


def documents_cited(db: Database, rows: pd.DataFrame) -> pd.DataFrame:
    """The documents the `source_file` of `rows` names (a chart's footnote cites them): a few, whatever the
    number of documents."""
    files = rows["source_file"].dropna() if "source_file" in rows else []
    return documents_for_files(db, [str(file) for file in files])


def quality_notes(db: Database, limit: int | None = None) -> pd.DataFrame:
    """The quality notes by what they mean for a comparison (schema.NOTE_BEARINGS: conflicting figures
    first, a difference of rounding last), then in id order; the first `limit` of them when given (a page
    shows a screenful and says how many there are: quality_note_count)."""
    rows = db.rows(sql.QUALITY_NOTES, {"limit": limit, "bearings": list(NOTE_BEARINGS)})
    for row in rows:
        row["obs_ids"] = list(row["obs_ids"] or [])
    return frame(rows, ("note_id", "check", "bearing", "city_id", "indicator_id", "obs_ids", "message_zh",
                        "message_en"))
