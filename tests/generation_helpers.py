"""Reading and rewriting a data directory's generation in tests, bypassing ingestion's checks
(so a test can put a broken table in force and see how readers cope)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from analytics.generations import read_manifest, table_path, write_generation
from analytics.schema import TABLES

__all__ = ["current_tables", "put_tables", "table_path"]


def current_tables(data_dir: Path) -> dict[str, pa.Table]:
    manifest = read_manifest(data_dir)
    return {name: pq.read_table(Path(data_dir) / manifest.tables[name].file) for name in TABLES}


def put_tables(data_dir: Path, **replaced: pa.Table) -> None:
    """A new generation in force: the current tables with `replaced` swapped in, unchecked."""
    tables = current_tables(data_dir)
    tables.update(replaced)
    write_generation(Path(data_dir), tables)
