"""Writing data/ as one new generation: every table checked against its schema, the set
checked across tables, then written and switched in atomically (analytics.generations).
A failure at any step leaves data/ exactly as it was. Same input -> byte-identical files.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from analytics.aggregates import with_aggregates
from analytics.consistency import check_consistency
from analytics.generations import write_generation
from analytics.schema import TABLES, check_table, in_storage_order


def to_arrow(table_name: str, rows: list[dict]) -> pa.Table:
    spec = TABLES[table_name]
    table = pa.Table.from_pylist(rows, schema=spec.schema)
    return check_table(spec, table, f"{spec.file_name} (being built)")


def write_tables(data_dir: Path, tables: dict[str, pa.Table]) -> dict[str, Path]:
    """Check and write all of TABLES; returns each table's file in the new generation. The aggregates
    (schema.AGGREGATES) that `tables` lacks are derived from the others; those it has are checked."""
    tables = with_aggregates(tables)
    missing = [name for name in TABLES if name not in tables]
    if missing:
        raise ValueError(f"write_tables needs every table; missing: {', '.join(missing)}")
    checked = {name: check_table(TABLES[name], tables[name], TABLES[name].file_name) for name in TABLES}
    check_consistency(checked)  # row numbers in its messages are those of `tables`
    stored = {name: in_storage_order(name, table) for name, table in checked.items()}
    manifest = write_generation(Path(data_dir), stored, checked=True)
    return {name: Path(data_dir) / entry.file for name, entry in manifest.tables.items()}
