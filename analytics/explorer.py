"""The data explorer: every observation, filtered by any combination of fields, for the
table and the downloads. Filters become parameters of one fixed statement (analytics.sql)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from analytics import aggregates, dimensions, sql
from analytics.db import Database
from analytics.errors import QueryError, check_choices
from analytics.schema import ATTRIBUTES, INDICATORS, OBSERVATIONS, VALUE_KINDS

NONE = "none"  # stands for a null plan period or attribute in filters
SORT_KEYS = tuple(sql.EXPLORER_ORDER)
PAGE_SIZE = 200  # rows on one page of the explorer's table (the downloads hold every matching row)
COLUMNS = (*OBSERVATIONS.names, *sql.EXPLORER_INDICATOR_COLUMNS)
# Each column's declared type (the downloads write each kind by its own rule).
COLUMN_TYPES = {**{f.name: f.type for f in OBSERVATIONS},
                **{name: INDICATORS.field(name).type for name in sql.EXPLORER_INDICATOR_COLUMNS}}


@dataclass
class ExplorerFilter:
    """Empty lists and None mean "no restriction". `sort` is a key of SORT_KEYS, prefixed
    with "-" for descending; ties (and no sort) fall back to city, category, indicator, year."""

    city_ids: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    plan_periods: list[str] = field(default_factory=list)  # "none": outside plan tables
    categories: list[str] = field(default_factory=list)
    indicator_ids: list[str] = field(default_factory=list)
    value_kinds: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)  # "none": no attribute stated
    year_min: int | None = None
    year_max: int | None = None
    text: str | None = None
    include_district_rows: bool = True
    sort: str | None = None


def escape_like(text: str) -> str:
    """A LIKE pattern matching `text` literally anywhere (\\ escapes \\, % and _)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def filter_options(db: Database) -> dict:
    """The valid values of each filter field, in display order: from the aggregate facets (the distinct
    values of the observations' filtered columns, every reading), not a scan of the observations."""
    facets: dict[str, list] = {}
    for row in db.rows(sql.FACET_VALUES):
        facets.setdefault(row["facet"], []).append(row["value"])
    years = [int(year) for year in facets.get("year", []) if year is not None]
    return {
        "city_ids": dimensions.city_ids(db),
        "districts": [district for district in facets.get("district", []) if district is not None],
        "plan_periods": dimensions.plan_period_ids(db) + ([NONE] if None in facets.get("plan_period", []) else []),
        "categories": dimensions.category_order(db),
        "indicator_ids": dimensions.indicator_ids(db),
        "value_kinds": list(VALUE_KINDS),
        "attributes": list(ATTRIBUTES) + ([NONE] if None in facets.get("attribute", []) else []),
        "year_min": min(years) if years else None,
        "year_max": max(years) if years else None,
        "sort": [*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)],
    }


def _sort(sort: str | None) -> tuple[str | None, bool]:
    if not sort:
        return None, False
    key, descending = (sort[1:], True) if sort.startswith("-") else (sort, False)
    if key not in sql.EXPLORER_ORDER:
        raise QueryError("sort key", sort, [*SORT_KEYS, *(f"-{k}" for k in SORT_KEYS)])
    return key, descending


def _year(name: str, value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise QueryError(name, value, ["a year such as 2015"]) from None


# The indicator texts a search looks through (schema.SEARCH_FIELDS): names and source aliases.
NAME_FIELDS = ("name_zh", "name_en", "alias")


def name_matches(db: Database, text: str | None) -> list[str]:
    """The ids of the indicators whose names or source aliases contain the search's `text`, case-insensitive:
    from the precomputed search table (indicator_search), before the rows are read. Empty for no text."""
    return dimensions.matching_indicator_ids(db, text, NAME_FIELDS) or []


def _filter_params(db: Database, f: ExplorerFilter) -> dict:
    """The WHERE's parameters, every value checked against the data's choices."""
    options = filter_options(db)
    return {
        "city_ids": check_choices("city", f.city_ids, options["city_ids"]),
        "districts": check_choices("district", f.districts, options["districts"]),
        "plan_periods": check_choices("plan period", f.plan_periods, [*dimensions.plan_period_ids(db), NONE]),
        "categories": check_choices("category", f.categories, options["categories"]),
        "indicator_ids": check_choices("indicator", f.indicator_ids, options["indicator_ids"]),
        "value_kinds": check_choices("value kind", f.value_kinds, options["value_kinds"]),
        "attributes": check_choices("attribute", f.attributes, [*ATTRIBUTES, NONE]),
        "include_district_rows": bool(f.include_district_rows),
        "year_min": _year("year_min", f.year_min),
        "year_max": _year("year_max", f.year_max),
        "pattern": escape_like(f.text.strip()) if f.text and f.text.strip() else None,
        "needle": f.text.strip() if f.text and f.text.strip() else None,
        "caseless": bool(f.text) and f.text.strip().lower() == f.text.strip().upper(),
        "name_ids": name_matches(db, f.text),
        "readings": list(db.readings),  # the readings the reader keeps (a download holds the rows shown)
    }


def statement(db: Database, f: ExplorerFilter | None = None, *, columns: str = sql.EXPLORER_COLUMNS,
              paged: bool = False) -> tuple[str, dict]:
    """The explorer's ordered SELECT of `columns` for filter `f`, and its parameters (the
    downloads project their own columns; `paged` leaves $limit and $offset to the caller)."""
    f = f or ExplorerFilter()
    key, descending = _sort(f.sort)
    params = {**_filter_params(db, f), "category_order": dimensions.category_order(db),
              "kind_order": list(VALUE_KINDS)}
    return sql.explorer_sql(key, descending, columns=columns, paged=paged), params


def count_observations(db: Database, f: ExplorerFilter | None = None) -> int:
    """How many observations match every filter (the same WHERE as `filter_observations`)."""
    f = f or ExplorerFilter()
    _sort(f.sort)  # a bad sort key fails here too, as it does for the rows
    return sum(n for _, n in city_groups(db, f))


def _unfiltered(f: ExplorerFilter) -> bool:
    return (not any((f.city_ids, f.districts, f.plan_periods, f.categories, f.indicator_ids, f.value_kinds,
                     f.attributes)) and f.year_min in (None, "") and f.year_max in (None, "")
            and not (f.text and f.text.strip()) and bool(f.include_district_rows))


def city_groups(db: Database, f: ExplorerFilter | None = None) -> list[tuple[list[str], int]]:
    """The matching rows per place in the cities' display order: (the cities of one sort_order, how many
    of their rows match), first to last, only places with rows. One pass over the filtered rows (the same
    WHERE as the rows); with no filter, from the aggregate city_periods without reading the observations."""
    f = f or ExplorerFilter()
    scope = aggregates.with_machine(db.readings)
    if _unfiltered(f) and scope is not None:
        rows = db.rows(sql.EXPLORER_CITY_COUNTS_FROM_AGGREGATE, {"with_machine": scope})
    else:
        rows = db.rows(sql.EXPLORER_CITY_COUNTS, _filter_params(db, f))
    groups: list[tuple[object, list[str], int]] = []
    for row in rows:
        if groups and groups[-1][0] == row["sort_order"]:
            groups[-1][1].append(row["city_id"])
            groups[-1] = (groups[-1][0], groups[-1][1], groups[-1][2] + int(row["n_rows"]))
        elif row["n_rows"]:
            groups.append((row["sort_order"], [row["city_id"]], int(row["n_rows"])))
    return [(cities, n) for _, cities, n in groups]


def _page_cities(db: Database, f: ExplorerFilter, limit: int, offset: int) -> tuple[list[str], int] | None:
    """(the cities whose rows hold the page of `limit` rows after `offset`, the page's offset among their
    rows) when the order puts a city's rows together (the default order, or by city): then the page is read
    from those cities alone. None for another order or a page past the end."""
    key, descending = _sort(f.sort)
    if key not in (None, "city") or limit <= 0:
        return None
    groups = city_groups(db, f)
    if descending:
        groups.reverse()
    before, cities, start = 0, [], None
    for group, n in groups:
        if before + n <= offset:
            before += n
            continue
        if start is None:
            start = offset - before
        cities.extend(group)
        before += n
        if before >= offset + limit:
            break
    return (cities, start) if cities else None


def _page_bound(name: str, value: object, *, allow_none: bool) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise QueryError(name, value, ["a whole number ≥ 0"])
    return value


def filter_observations(db: Database, f: ExplorerFilter | None = None, limit: int | None = None,
                        offset: int = 0) -> pd.DataFrame:
    """The observations matching every filter, with the indicator's names and category, in the
    filter's order: all of them, or the `limit` rows after the first `offset` (one page). A page
    is sorted and cut over the narrow columns, and only its rows are then read whole
    (`sql.explorer_page_sql`): its cost follows the page, not the width of every matching row."""
    query, params = statement(db, f, paged=True)
    params["limit"] = _page_bound("limit", limit, allow_none=True)
    params["offset"] = _page_bound("offset", offset, allow_none=False)
    if limit is not None:
        placed = _page_cities(db, f or ExplorerFilter(), params["limit"], params["offset"])
        query = sql.explorer_page_sql(*_sort((f or ExplorerFilter()).sort), in_cities=placed is not None)
        if placed is not None:  # the same rows, read from the cities that hold them
            params["page_city_ids"], params["offset"] = placed
    df = db.query(query, params)
    df = df.reindex(columns=list(COLUMNS))
    for name, kind in COLUMN_TYPES.items():  # the declared types, even for a column all null on this page
        if pa.types.is_integer(kind):
            df[name] = df[name].astype("Int64")
        elif pa.types.is_boolean(kind):
            df[name] = df[name].astype("boolean")
        elif pa.types.is_floating(kind):
            df[name] = df[name].astype("float64")
        elif pa.types.is_string(kind):
            df[name] = df[name].astype("str")
    return df.reset_index(drop=True)
