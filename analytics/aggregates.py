"""The small tables ingestion derives from the others (schema.AGGREGATES): what the pages' defaults and
pickers need — per indicator its cities, per city and plan period its scorecard coverage, the explorer's
filter options, the indicator names to search — so that no page scans the observations to choose them.

`derive` computes them (DuckDB, one statement of analytics.sql each) from the other tables in memory;
ingestion writes the result into the generation and analytics.consistency checks, whenever it checks the
observations, that each table equals its statement's result. A page reads them through `with_machine`:
the aggregates hold the counts with and without the machine-read values, the two views a reader has
(analytics.db.Database.readings); a view of other readings gets None and its caller scans instead.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from analytics import sql
from analytics.schema import AGGREGATE_CITY_SAMPLE, AGGREGATES, MACHINE_READING, READINGS, TABLES, check_table


def params(statement: str) -> dict:
    """The parameters an AGGREGATE_* statement takes."""
    values = {"machine": MACHINE_READING, "city_sample": AGGREGATE_CITY_SAMPLE}
    return {name: value for name, value in values.items() if f"${name}" in statement}


def derive(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """Every aggregate of schema.AGGREGATES, computed from the other tables of `tables`."""
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    try:
        for name, table in tables.items():
            if name not in AGGREGATES:
                con.register(name, table)
        derived = {}
        for name in AGGREGATES:
            statement = sql.AGGREGATE_STATEMENTS[name]
            table = con.sql(statement, params=params(statement)).to_arrow_table()
            derived[name] = check_table(TABLES[name], table, f"{TABLES[name].file_name} (being derived)")
        return derived
    finally:
        con.close()


def with_aggregates(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """`tables` with the aggregates it lacks derived from the others (those it has are kept, to be checked)."""
    missing = [name for name in AGGREGATES if name not in tables]
    if not missing:
        return tables
    derived = derive(tables)
    return {**tables, **{name: derived[name] for name in missing}}


def with_machine(readings: tuple[str, ...] | list[str]) -> bool | None:
    """Which rows of the aggregates answer for observations of `readings`: True (every reading), False
    (every reading but the machine's), None (another choice: the aggregates do not hold it)."""
    wanted = set(readings)
    if wanted == set(READINGS):
        return True
    if wanted == set(READINGS) - {MACHINE_READING}:
        return False
    return None
