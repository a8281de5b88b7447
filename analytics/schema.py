"""The Parquet tables under data/: declared once, checked when written and when loaded.

Each table is a pyarrow schema. `check_types` is the single gate for the shape: ingestion calls
it (through `check_table`) before writing, `analytics.db` on each file's footer when it opens,
so a file that drifted from the contract fails loudly with its name instead of producing wrong
charts. The values are checked by analytics.consistency, in SQL, on both paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyarrow as pa

REBUILD_COMMAND = "python -m analytics.ingest --sources ../shared/sources"

VALUE_KINDS = ("target", "actual", "baseline", "reported_completion_pct", "target_growth_pct")
# Kinds whose values are percentages whatever the indicator's unit: a completion % as reported, and a
# pace target (年均增长: average annual growth over the plan period, %/yr).
PERCENT_KINDS = ("reported_completion_pct", "target_growth_pct")
COMPARATORS = ("=", "<=", "<", ">=", ">", "~")
ATTRIBUTES = ("binding", "expected")
DIRECTIONS = ("higher_better", "lower_better")
FIGURE_STATUSES = ("read", "unread", "excluded")  # analytics.ingest.figures
# How a value was read (observations.reading): `curated` by a hand-written prose rule
# (prose_rules/*.yaml); `table` by the generic table reader, from a table's explicit rows and
# columns; `machine` by the generic prose reader, not yet reviewed by a person. Only a machine
# reading carries a confidence (observations.confidence, 0..1); pages mark machine-read values
# and can leave them out.
READINGS = ("curated", "table", "machine")
MACHINE_READING = "machine"
# What a value's years are (observations.span_kind): one year; a total over a stated span
# (period_start-period_end, `[22.5]`, 五年累计); a running total to the end of `year` whose start
# the source does not state (累计 with no start: period_start null). Values of different span
# kinds are never compared with each other (scorecard, compare, trends, pace).
SPAN_KINDS = ("year", "total", "to_date")
# Whose target a target is (observations.target_scope; null for other kinds): the plan's own
# (its end-of-plan or milestone targets, a programme's) or one year's (a control target an annual
# report sets for its year). Only a plan's own targets are judged on the scorecard or paced.
TARGET_SCOPES = ("plan", "annual")
TARGET_KINDS = ("target", "target_growth_pct")
# What a quality note means for a comparison (quality_notes.bearing), in the order to read them:
# two statements of one figure disagree; a table counted twice; a figure of another year; a target
# odd against its own plan (the figure may be right); a difference of rounding only.
NOTE_BEARINGS = ("conflicting_figures", "counted_twice", "other_year", "questionable_target", "rounding")


class DataError(Exception):
    """A data file is missing, unreadable or breaks the declared schema. The message ends with the
    rebuild command (in backquotes) where a rebuild is the remedy; `problem` is the message without it,
    for a page that shows the command as code of its own."""

    @property
    def problem(self) -> str:
        return _REBUILD_CLAUSE.sub("", str(self))


_REBUILD_CLAUSE = re.compile(r";\s*rebuild (?:the data |it )?with `" + re.escape(REBUILD_COMMAND) + "`$")


DOCUMENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("city_id", pa.string()),
        ("kind", pa.string()),
        ("title_zh", pa.string()),
        ("title_en", pa.string()),
        ("issuer_zh", pa.string()),
        ("issuer_en", pa.string()),
        ("doc_number", pa.string()),
        ("issued", pa.string()),
        ("plan_period", pa.string()),
        ("covers_zh", pa.string()),
        ("covers_en", pa.string()),
        ("source_file", pa.string()),
        ("sha256", pa.string()),
        ("line_count", pa.int32()),
    ]
)

CITIES = pa.schema(
    [
        ("city_id", pa.string()),
        ("name_zh", pa.string()),
        ("name_en", pa.string()),
        ("province_zh", pa.string()),
        ("province_en", pa.string()),
        ("color", pa.string()),
        ("sort_order", pa.int32()),
    ]
)

PLAN_PERIODS_TABLE = pa.schema(
    [
        ("plan_period", pa.string()),
        ("name_zh", pa.string()),
        ("name_en", pa.string()),
        ("start_year", pa.int32()),
        ("end_year", pa.int32()),
    ]
)

INDICATORS = pa.schema(
    [
        ("indicator_id", pa.string()),
        ("name_zh", pa.string()),
        ("name_en", pa.string()),
        ("category", pa.string()),
        ("unit", pa.string()),
        ("direction", pa.string()),
        ("aliases_zh", pa.list_(pa.string())),
        ("definition_note", pa.string()),
        ("reviewed", pa.bool_()),  # False: added from an unknown source label, not yet reviewed
    ]
)

CATEGORIES = pa.schema(
    [
        ("category", pa.string()),
        ("name_zh", pa.string()),
        ("name_en", pa.string()),
        ("sort_order", pa.int32()),
        ("compared", pa.bool_()),  # false: the bureau's own activity, out of cross-city comparisons by default
    ]
)

OBSERVATIONS = pa.schema(
    [
        ("obs_id", pa.string()),
        ("city_id", pa.string()),
        ("district", pa.string()),
        ("indicator_id", pa.string()),
        ("plan_period", pa.string()),
        ("year", pa.int32()),
        ("value_kind", pa.string()),
        ("target_scope", pa.string()),  # plan | annual for a target (TARGET_SCOPES), else null
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("comparator", pa.string()),
        ("is_cumulative", pa.bool_()),
        ("period_start", pa.int32()),
        ("period_end", pa.int32()),
        ("span_kind", pa.string()),  # year | total | to_date (SPAN_KINDS)
        ("raw_text", pa.string()),
        ("raw_unit", pa.string()),
        ("source_label", pa.string()),
        ("attribute", pa.string()),
        ("doc_id", pa.string()),
        ("source_file", pa.string()),
        ("source_line", pa.int32()),
        # where the line is in the original file when that is not plain text: p. 7 (PDF),
        # table 2, row 3 (Word), an element path (web page); null for a text file
        ("source_locator", pa.string()),
        ("source_table", pa.string()),
        ("quote", pa.string()),
        ("note", pa.string()),
        ("reading", pa.string()),  # curated | table | machine (READINGS): how the value was read
        ("confidence", pa.float64()),  # 0..1 for a machine reading, else null
    ]
)

QUALITY_NOTES = pa.schema(
    [
        ("note_id", pa.string()),
        ("check", pa.string()),
        ("bearing", pa.string()),  # NOTE_BEARINGS
        ("city_id", pa.string()),
        ("indicator_id", pa.string()),
        ("obs_ids", pa.list_(pa.string())),
        ("message_zh", pa.string()),
        ("message_en", pa.string()),
    ]
)

# Every figure of the source documents (a number followed by a unit, analytics/ingest/figures.py)
# and whether an observation reads it: the source coverage the Sources page shows.
SOURCE_FIGURES = pa.schema(
    [
        ("figure_id", pa.string()),
        ("doc_id", pa.string()),
        ("source_file", pa.string()),
        ("source_line", pa.int32()),
        ("position", pa.int32()),  # 0-based character offset of the figure on its line
        ("figure", pa.string()),  # as written: 476个, 53.4%, 1.5亿元
        ("unit", pa.string()),
        ("status", pa.string()),  # read | unread | excluded (not a measurement)
        ("reason", pa.string()),  # why an excluded figure is not a measurement, or why the reader left it unread
        ("context", pa.string()),  # the figure and the few characters of the line before it
    ]
)


# ---- aggregates: small tables ingestion derives from the ones above (analytics.aggregates) ----------------
# What the pages' defaults and pickers need, read in milliseconds instead of a scan of the observations
# at every run. Each is one statement of analytics.sql over the tables above; ingestion writes it and
# checks it equals that statement's result (analytics.consistency). `with_machine`: true for the counts of
# every observation, false for those without the machine-read ones (a page's switch leaves them out).

# Per indicator with a value: how many cities hold one, the first of them in display order (any value;
# city-wide values only), the plan periods and kinds of its values.
INDICATOR_COVERAGE = pa.schema(
    [
        ("indicator_id", pa.string()),
        ("with_machine", pa.bool_()),
        ("n_cities", pa.int64()),
        ("city_ids", pa.list_(pa.string())),  # the first AGGREGATE_CITY_SAMPLE, display order
        ("citywide_city_ids", pa.list_(pa.string())),  # the same, of the cities with a city-wide value
        ("plan_periods", pa.list_(pa.string())),
        ("value_kinds", pa.list_(pa.string())),
    ]
)

# Per city × plan period (null: outside any plan table) with observations: rows, values with a number,
# end-of-plan targets (indicators) and how many of them an end-year value answers (the scorecard's
# coverage), and whether the plan has a baseline and a target with numbers (a pace to compute).
CITY_PERIODS = pa.schema(
    [
        ("city_id", pa.string()),
        ("plan_period", pa.string()),
        ("with_machine", pa.bool_()),
        ("n_rows", pa.int64()),
        ("n_values", pa.int64()),
        ("n_targets", pa.int64()),
        ("n_answered", pa.int64()),
        ("paced", pa.bool_()),
    ]
)

# The explorer's filter options: each distinct value (null included) of a filtered column of the
# observations, every reading counted, with its number of rows. Years as text.
FACET_COLUMNS = ("district", "plan_period", "attribute", "year")
FACETS = pa.schema([("facet", pa.string()), ("value", pa.string()), ("n_rows", pa.int64())])

# What a search for an indicator looks through: its id, names, source aliases and its category's
# names, each lower-cased (DuckDB's lower), one row per text.
SEARCH_FIELDS = ("id", "name_zh", "name_en", "alias", "category_zh", "category_en")
INDICATOR_SEARCH = pa.schema([("indicator_id", pa.string()), ("field", pa.string()), ("text", pa.string())])
AGGREGATE_CITY_SAMPLE = 12  # cities listed per indicator (dimensions.INDICATOR_CITY_SAMPLE)

# The overview's totals over every city: per plan period × category × value kind (COVERAGE_TOTAL), and per
# province the counts of its cities' observations (PROVINCE_SUMMARY; cities and documents are counted at
# read time from their small tables).
COVERAGE_TOTALS = pa.schema(
    [
        ("with_machine", pa.bool_()),
        ("plan_period", pa.string()),
        ("category", pa.string()),
        ("value_kind", pa.string()),
        ("n_values", pa.int64()),
        ("n_indicators", pa.int64()),
        ("n_cities", pa.int64()),
        ("n_rows", pa.int64()),
    ]
)
PROVINCE_TOTALS = pa.schema(
    [
        ("with_machine", pa.bool_()),
        ("province_zh", pa.string()),
        ("province_en", pa.string()),
        ("n_cities_with_values", pa.int64()),
        ("n_indicators", pa.int64()),
        ("n_values", pa.int64()),
        ("n_targets", pa.int64()),
        ("n_actuals", pa.int64()),
        ("plan_periods", pa.list_(pa.string())),  # sorted
        ("first_year", pa.int32()),
        ("last_year", pa.int32()),
    ]
)


@dataclass(frozen=True)
class TableSpec:
    name: str
    schema: pa.Schema
    not_null: tuple[str, ...] = ()
    allowed: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def file_name(self) -> str:
        return f"{self.name}.parquet"


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("documents", DOCUMENTS, ("doc_id", "city_id", "source_file", "sha256")),
        TableSpec("cities", CITIES, ("city_id", "name_zh", "name_en", "color")),
        TableSpec("plan_periods", PLAN_PERIODS_TABLE, ("plan_period", "start_year", "end_year")),
        TableSpec(
            "indicators",
            INDICATORS,
            ("indicator_id", "name_zh", "name_en", "category", "unit", "direction", "reviewed"),
            (("direction", DIRECTIONS),),
        ),
        TableSpec("categories", CATEGORIES, ("category", "name_zh", "name_en", "sort_order")),
        TableSpec(
            "observations",
            OBSERVATIONS,
            (
                "obs_id", "city_id", "indicator_id", "year", "value_kind", "unit",
                "is_cumulative", "span_kind", "raw_text", "doc_id", "source_file", "source_line", "quote",
                "reading",
            ),
            (  # city_id, plan_period, indicator_id, doc_id: checked against their tables (analytics.consistency)
                ("value_kind", VALUE_KINDS),
                ("target_scope", TARGET_SCOPES),
                ("span_kind", SPAN_KINDS),
                ("comparator", COMPARATORS),
                ("attribute", ATTRIBUTES),
                ("reading", READINGS),
            ),
        ),
        TableSpec("quality_notes", QUALITY_NOTES, ("note_id", "check", "bearing", "message_zh", "message_en"),
                  (("bearing", NOTE_BEARINGS),)),
        TableSpec(
            "source_figures",
            SOURCE_FIGURES,
            ("figure_id", "doc_id", "source_file", "source_line", "position", "figure", "unit", "status", "context"),
            (("status", FIGURE_STATUSES),),
        ),
        TableSpec("indicator_coverage", INDICATOR_COVERAGE, ("indicator_id", "with_machine", "n_cities")),
        TableSpec("city_periods", CITY_PERIODS,
                  ("city_id", "with_machine", "n_rows", "n_values", "n_targets", "n_answered", "paced")),
        TableSpec("facets", FACETS, ("facet", "n_rows"), (("facet", FACET_COLUMNS),)),
        TableSpec("indicator_search", INDICATOR_SEARCH, ("indicator_id", "field", "text"),
                  (("field", SEARCH_FIELDS),)),
        TableSpec("coverage_totals", COVERAGE_TOTALS, ("with_machine", "category", "value_kind", "n_rows")),
        TableSpec("province_totals", PROVINCE_TOTALS, ("with_machine", "n_values")),
    )
}
# The tables ingestion derives from the others (analytics.aggregates), in TABLES.
AGGREGATES = ("indicator_coverage", "city_periods", "facets", "indicator_search", "coverage_totals", "province_totals")


def check_types(spec: TableSpec, schema: pa.Schema, origin: str) -> None:
    """Every declared column is present with its type (or one it casts to without loss), or
    DataError naming `origin`. Only the schema is read: a file's footer is enough."""
    missing = [name for name in spec.schema.names if name not in schema.names]
    if missing:
        raise DataError(f"{origin}: missing column(s) {', '.join(missing)}; rebuild with `{REBUILD_COMMAND}`")
    for field in spec.schema:
        actual_type = schema.field(field.name).type
        if actual_type != field.type and not _castable(actual_type, field.type):
            raise DataError(
                f"{origin}: column {field.name} has type {actual_type}, expected {field.type}; "
                f"rebuild with `{REBUILD_COMMAND}`"
            )


def check_table(spec: TableSpec, table: pa.Table, origin: str) -> pa.Table:
    """Return `table` cast to the declared schema, or raise DataError naming `origin`.
    The values (nulls, allowed values, references) are checked by analytics.consistency."""
    check_types(spec, table.schema, origin)
    try:
        return table.select(spec.schema.names).cast(spec.schema)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise DataError(f"{origin}: cannot cast to the declared schema ({exc})") from exc


# The order rows are stored in: a filter on a city (then an indicator, a year) reads only the
# row groups that hold it, by their min/max statistics.
STORAGE_ORDER: dict[str, tuple[str, ...]] = {
    "observations": ("city_id", "indicator_id", "year", "obs_id"),
    "source_figures": ("source_file", "source_line", "position"),
}


def in_storage_order(name: str, table: pa.Table) -> pa.Table:
    keys = STORAGE_ORDER.get(name)
    return table.sort_by([(key, "ascending") for key in keys]) if keys else table


def _castable(actual: pa.DataType, expected: pa.DataType) -> bool:
    """Integer widths and large/small strings differ between writers; anything else is a real drift."""
    if pa.types.is_integer(actual) and pa.types.is_integer(expected):
        return True
    if pa.types.is_null(actual):
        return True
    if pa.types.is_string(expected) and (pa.types.is_large_string(actual) or pa.types.is_string_view(actual)):
        return True
    return pa.types.is_list(expected) and (pa.types.is_large_list(actual) or pa.types.is_list(actual))
