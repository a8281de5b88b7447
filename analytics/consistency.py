"""Checks across the tables: each file can pass its own schema and the set still be wrong
(an observation whose indicator is not in the catalogue, a city table with no rows).

Run by ingestion before it writes and by `analytics.db` when it opens data/, so a page shows
one clear message naming the file and the rebuild command instead of crashing later.
Vectorised (pyarrow.compute): no Python loop over rows.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from analytics.schema import REBUILD_COMMAND, TABLES, DataError

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
)
UNIQUE = (
    ("cities", "city_id"), ("indicators", "indicator_id"), ("categories", "category"), ("plan_periods", "plan_period"),
    ("documents", "doc_id"), ("documents", "source_file"), ("observations", "obs_id"), ("quality_notes", "note_id"),
)
NOT_EMPTY = ("cities", "indicators", "plan_periods", "categories")
COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


def _fail(table: str, message: str) -> None:
    raise DataError(f"{TABLES[table].file_name}: {message}; rebuild the data with `{REBUILD_COMMAND}`")


def _first_row(mask: pa.Array) -> int:
    return pc.index(mask, True).as_py()


def check_consistency(tables: dict[str, pa.Table]) -> None:
    """Raise DataError for the first inconsistency found across `tables` (all of TABLES)."""
    for name in NOT_EMPTY:
        if tables[name].num_rows == 0:
            _fail(name, "has no rows (every page needs at least one)")
    for name, column in UNIQUE:
        values = tables[name].column(column)
        counts = pc.value_counts(values.drop_null())
        repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
        if len(repeated):
            _fail(name, f"{column} {repeated[0].as_py()!r} occurs more than once")
    for table, column, target, target_column in REFERENCES:
        values = tables[table].column(column)
        known = tables[target].column(target_column).combine_chunks()
        unknown = pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=known)))
        count = pc.sum(unknown).as_py() or 0
        if count:
            row = _first_row(unknown.combine_chunks() if hasattr(unknown, "combine_chunks") else unknown)
            _fail(table, f"row {row} {column} = {values[row].as_py()!r} is not in {TABLES[target].file_name} "
                         f"({count} row(s) refer to unknown {target_column} values)")
    _check_observation_documents(tables)
    _check_note_rows(tables)
    for row, color in enumerate(tables["cities"].column("color").to_pylist()):  # a handful of cities
        if not COLOR.fullmatch(color):
            _fail("cities", f"row {row} color = {color!r} is not #RRGGBB")
    periods = tables["plan_periods"]
    wrong = pc.greater(periods.column("start_year"), periods.column("end_year"))
    if pc.any(wrong).as_py():
        row = _first_row(wrong.combine_chunks())
        _fail("plan_periods", f"row {row} starts after it ends")


def _check_observation_documents(tables: dict[str, pa.Table]) -> None:
    """An observation's source_file is the file of its own document, and its city is the document's."""
    observations, documents = tables["observations"], tables["documents"]
    if observations.num_rows == 0:
        return
    position = pc.index_in(observations.column("doc_id"), value_set=documents.column("doc_id").combine_chunks())
    for column in ("source_file", "city_id"):
        expected = pc.take(documents.column(column), position)
        differs = pc.not_equal(observations.column(column), expected)
        if pc.any(differs).as_py():
            row = _first_row(differs.combine_chunks())
            _fail("observations", f"row {row} {column} = {observations.column(column)[row].as_py()!r} differs from "
                                  f"its document {observations.column('doc_id')[row].as_py()!r} in documents.parquet")


def _check_note_rows(tables: dict[str, pa.Table]) -> None:
    notes = tables["quality_notes"]
    if notes.num_rows == 0:
        return
    ids = pc.list_flatten(notes.column("obs_ids"))
    unknown = pc.invert(pc.is_in(ids, value_set=tables["observations"].column("obs_id").combine_chunks()))
    if pc.any(unknown).as_py():
        missing = pc.filter(ids, unknown)[0].as_py()
        _fail("quality_notes", f"obs_ids names {missing!r}, which is not in observations.parquet")

