"""Reading and rewriting a data directory's generation in tests, bypassing ingestion's checks
(so a test can put a broken table in force and see how readers cope)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from analytics.aggregates import derive
from analytics.generations import read_manifest, table_path, write_generation
from analytics.schema import AGGREGATES, TABLES, DataError

__all__ = ["current_tables", "put_tables", "table_path"]


def current_tables(data_dir: Path) -> dict[str, pa.Table]:
    manifest = read_manifest(data_dir)
    return {name: pq.read_table(Path(data_dir) / manifest.tables[name].file) for name in TABLES}


def put_tables(data_dir: Path, **replaced: pa.Table) -> None:
    """A new generation in force: the current tables with `replaced` swapped in, unchecked. The aggregates
    are derived again from the tables in force, as ingestion would, unless `replaced` names one of them
    or the tables are too broken to derive them from (then the stale ones stay, for the checks to find)."""
    tables = current_tables(data_dir)
    tables.update(replaced)
    if not any(name in replaced for name in AGGREGATES):
        # A table broken on purpose may not derive: the readers' checks of it are what is tested.
        with contextlib.suppress(duckdb.Error, DataError, pa.ArrowException):
            tables.update(derive(tables))
    write_generation(Path(data_dir), tables)
