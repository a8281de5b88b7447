"""Checks of the values in the tables, and across them: each file can have the declared
types and the set still be wrong (a null where a value is required, an unknown value kind,
an observation whose indicator is not in the catalogue, a city table with no rows).

Run by ingestion before it writes (over its Arrow tables) and by `analytics.db` when it opens
data/ (over the Parquet files in place), so a page shows one clear message naming the file
and the rebuild command instead of crashing later. Every check is one SQL statement that
DuckDB runs set-wise: no Python loop over rows, memory bounded by DuckDB, whatever the size.

`check_relations` expects each table of TABLES as a relation of that name with one extra
column `_row`, the row's position in its file (0-based), for the messages.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from analytics import aggregates, sql
from analytics.schema import AGGREGATES, MACHINE_READING, REBUILD_COMMAND, TABLES, TARGET_KINDS, DataError

ROW = "_row"  # the column analytics.sql's checks read a row's position from
# (table, column) -> (table, column) it must refer to; nulls are allowed where the schema allows them.
REFERENCES = (
    ("observations", "city_id", "cities", "city_id"),
    ("observations", "indicator_id", "indicators", "indicator_id"),
    ("observations", "doc_id", "documents", "doc_id"),
    ("observations", "plan_period", "plan_periods", "plan_period"),
    ("observations", "source_file", "documents", "source_file"),
    ("documents", "city_id", "cities", "city_id"),
    ("documents", "plan_period", "plan_periods", "plan_period"),
    ("quality_notes", "city_id", "cities", "city_id"),
    ("quality_notes", "indicator_id", "indicators", "indicator_id"),
    ("indicators", "category", "categories", "category"),
    ("source_figures", "doc_id", "documents", "doc_id"),
    ("source_figures", "source_file", "documents", "source_file"),
)
UNIQUE = (
    ("cities", "city_id"), ("indicators", "indicator_id"), ("categories", "category"), ("plan_periods", "plan_period"),
    ("documents", "doc_id"), ("documents", "source_file"), ("observations", "obs_id"), ("quality_notes", "note_id"),
    ("source_figures", "figure_id"),
)
NOT_EMPTY = ("cities", "indicators", "plan_periods", "categories")
COLOR = "#[0-9A-Fa-f]{6}"

# The tables that grow with the data: their rows are checked by ingestion before it writes and
# again on open only for a generation whose manifest does not say so (see check_all).
LARGE = ("observations", "quality_notes", "source_figures")


def _fail(table: str, message: str) -> None:
    raise DataError(f"{TABLES[table].file_name}: {message}; rebuild the data with `{REBUILD_COMMAND}`")


def _one(con: duckdb.DuckDBPyConnection, statement: str, params: list | dict | None = None) -> tuple | None:
    return con.execute(statement, params or []).fetchone()


def check_values(con: duckdb.DuckDBPyConnection, name: str, origin: str) -> None:
    """Required columns hold no null; enumerated columns only their allowed values. One scan."""
    spec = TABLES[name]
    if not spec.not_null and not spec.allowed:
        return
    params = [values for _, allowed in spec.allowed for values in (list(allowed), list(allowed))]
    found = _one(con, sql.check_values(name, spec.not_null, tuple(column for column, _ in spec.allowed)), params)
    for index, column in enumerate(spec.not_null):
        nulls, row = found[2 * index], found[2 * index + 1]
        if nulls:
            raise DataError(f"{origin}: column {column} is null in {nulls} row(s), first at row {row}")
    offset = 2 * len(spec.not_null)
    for index, (column, allowed) in enumerate(spec.allowed):
        row, value = found[offset + 2 * index], found[offset + 2 * index + 1]
        if row is not None:
            raise DataError(f"{origin}: row {row} column {column} = {value!r}, allowed: {', '.join(allowed)}")


def check_relations(con: duckdb.DuckDBPyConnection, *, large_tables: bool = True) -> None:
    """Raise DataError for the first inconsistency found across the tables (all of TABLES)."""
    for name in NOT_EMPTY:
        if not _one(con, sql.check_not_empty(name))[0]:
            _fail(name, "has no rows (every page needs at least one)")
    for name, column in UNIQUE:
        if not large_tables and name in LARGE:
            continue
        repeated = _one(con, sql.check_unique(name, column))
        if repeated:
            _fail(name, f"{column} {repeated[0]!r} occurs more than once")
    for table, column, target, target_column in REFERENCES:
        if not large_tables and table in LARGE:
            continue
        count, row, value = _one(con, sql.check_reference(table, column, target, target_column))
        if count:
            _fail(table, f"row {row} {column} = {value!r} is not in {TABLES[target].file_name} "
                         f"({count} row(s) refer to unknown {target_column} values)")
    if large_tables:
        _check_large_tables(con)
    wrong = _one(con, sql.CHECK_COLORS, {"pattern": COLOR})
    if wrong:
        _fail("cities", f"row {wrong[0]} color = {wrong[1]!r} is not #RRGGBB")
    wrong = _one(con, sql.CHECK_PERIOD_SPANS)
    if wrong[0] is not None:
        _fail("plan_periods", f"row {wrong[0]} starts after it ends")


def _check_large_tables(con: duckdb.DuckDBPyConnection) -> None:
    _check_observation_documents(con)
    wrong = _one(con, sql.CHECK_SPANS_AND_SCOPES, {"target_kinds": list(TARGET_KINDS)})
    if wrong:
        _fail("observations", f"row {wrong[0]}: span_kind {wrong[1]!r} / target_scope {wrong[2]!r} contradict the "
                              f"row's span or its kind {wrong[3]!r} (a one-year value has no span, a total its "
                              "span, a to-date total no start; a target has a scope, other kinds none)")
    wrong = _one(con, sql.CHECK_CONFIDENCE, {"machine": MACHINE_READING})
    if wrong:
        _fail("observations", f"row {wrong[0]}: reading {wrong[1]!r} with confidence {wrong[2]!r} (a machine "
                              "reading has a confidence in 0..1, a curated or table reading none)")
    missing = _one(con, sql.CHECK_NOTE_ROWS)
    if missing:
        _fail("quality_notes", f"obs_ids names {missing[0]!r}, which is not in observations.parquet")
    _check_source_figures(con)
    _check_aggregates(con)


def _check_aggregates(con: duckdb.DuckDBPyConnection) -> None:
    """Each aggregate holds exactly what its statement derives from the tables it summarises (one pass over
    the observations each: run with the other checks of the large tables, by ingestion before it writes)."""
    for name in AGGREGATES:
        statement = sql.AGGREGATE_STATEMENTS[name]
        differing = _one(con, sql.check_aggregate(name, tuple(TABLES[name].schema.names), statement),
                         aggregates.params(statement))[0]
        if differing:
            _fail(name, f"{differing} row(s) differ from what the tables it summarises give "
                        f"(analytics.sql.AGGREGATE_STATEMENTS[{name!r}])")


def _check_source_figures(con: duckdb.DuckDBPyConnection) -> None:
    """A figure's file is its document's and its line is one of the document's; an excluded figure says why it
    is not a measurement, an unread one may say why the reader could not read it, a read one has no reason."""
    wrong = _one(con, sql.CHECK_FIGURE_DOCUMENTS)
    if wrong:
        _fail("source_figures", f"row {wrong[0]} (source_file {wrong[1]!r}, line {wrong[2]}) is not a line of its "
                                f"document {wrong[3]!r} in documents.parquet")
    wrong = _one(con, sql.CHECK_FIGURE_REASONS)
    if wrong:
        _fail("source_figures", f"row {wrong[0]} has status {wrong[1]!r} and "
                                f"{'no reason' if wrong[1] == 'excluded' else 'a reason'}: an excluded figure "
                                "gives the reason it is not a measurement, and a read one none")


def _check_observation_documents(con: duckdb.DuckDBPyConnection) -> None:
    """An observation's source_file is the file of its own document, and its city is the document's."""
    for column in ("source_file", "city_id"):
        wrong = _one(con, sql.check_same_as_document(column))
        if wrong:
            _fail("observations", f"row {wrong[0]} {column} = {wrong[1]!r} differs from "
                                  f"its document {wrong[2]!r} in documents.parquet")


def check_all(con: duckdb.DuckDBPyConnection, *, large_tables: bool = True) -> None:
    """Each table's values (in TABLES order), then the tables together. large_tables=False
    leaves out every check that reads the rows of LARGE tables: for a generation ingestion
    checked, whose files' checksums match its manifest (analytics.db)."""
    for name in TABLES:
        if large_tables or name not in LARGE:
            check_values(con, name, TABLES[name].file_name)
    check_relations(con, large_tables=large_tables)


def check_consistency(tables: dict[str, pa.Table]) -> None:
    """check_all over in-memory Arrow tables (ingestion, before it writes); the aggregates `tables` lacks
    are derived from the others first (analytics.aggregates)."""
    tables = aggregates.with_aggregates(tables)
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    try:
        for name in TABLES:
            table = tables[name]
            con.register(name, table.append_column(ROW, pa.array(range(table.num_rows), pa.int64())))
        check_all(con)
    finally:
        con.close()
