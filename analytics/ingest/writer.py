"""Writing data/*.parquet atomically and deterministically.

Every table is checked against its declared schema and written to a temporary file
first; only when all of them are written are they renamed into place, so a failure
leaves data/ exactly as it was. Same input -> byte-identical files.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from analytics.schema import TABLES, check_table


def to_arrow(table_name: str, rows: list[dict]) -> pa.Table:
    spec = TABLES[table_name]
    table = pa.Table.from_pylist(rows, schema=spec.schema)
    return check_table(spec, table, f"{spec.file_name} (being built)")


def write_tables(data_dir: Path, tables: dict[str, pa.Table]) -> dict[str, Path]:
    data_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, table in tables.items():
            spec = TABLES[name]
            checked = check_table(spec, table, spec.file_name)
            handle, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=data_dir)
            os.close(handle)
            temp_path = Path(temp_name)
            temp_path.chmod(0o644)  # mkstemp creates 0600; the data files are for everyone to read
            staged.append((temp_path, data_dir / spec.file_name))
            pq.write_table(
                checked,
                temp_path,
                compression="zstd",
                write_statistics=True,
                store_schema=True,
            )
    except BaseException:
        for temp_path, _ in staged:
            temp_path.unlink(missing_ok=True)
        raise
    for temp_path, final_path in staged:
        os.replace(temp_path, final_path)
    return {name: data_dir / TABLES[name].file_name for name in tables}
