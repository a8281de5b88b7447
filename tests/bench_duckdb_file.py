"""Parquet in place (DuckDB views, what analytics.db does) against a DuckDB database file built
from the same generation: build time, size, opening and three queries (the fastest of 3).

    python -m tests.bench_duckdb_file artifacts/bench/10000x /tmp/generation.duckdb

The figures are in docs/architecture.md. The file is written where the second argument says
(a temporary path; never under data/)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb

from analytics import generations, sql
from analytics.schema import TABLES

TRIALS = 3
ONE_CITY = {"plan_periods": ["13th"], "city_ids": ["zhanjiang"], "tolerance": 0.05}
ALL_CITIES = {"plan_periods": ["13th"], "tolerance": 0.05}


def _seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _open(kind: str, files: dict[str, Path], database_file: Path) -> duckdb.DuckDBPyConnection:
    if kind == "file":
        return duckdb.connect(str(database_file), read_only=True)
    con = duckdb.connect(":memory:")
    for name, path in files.items():  # names from TABLES; paths from the manifest
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    return con


QUERIES = ((sql.SCORECARD_ROWS_OF_CITIES, ONE_CITY), (sql.SCORECARD_STATUS_COUNTS, ALL_CITIES),
           ("SELECT count(*) FROM observations WHERE city_id = 'zhanjiang'", {}))


def _trial(kind: str, files: dict[str, Path], database_file: Path) -> list[float]:
    start = time.perf_counter()
    con = _open(kind, files, database_file)
    times = [time.perf_counter() - start]
    for statement, params in QUERIES:
        times.append(_seconds(lambda statement=statement, params=params: con.execute(statement, params).fetchall()))
    con.close()
    return times


def _measure(kind: str, files: dict[str, Path], database_file: Path) -> list[float]:
    trials = [_trial(kind, files, database_file) for _ in range(TRIALS)]
    return [min(column) for column in zip(*trials, strict=True)]


def main(data_dir: Path, database_file: Path) -> None:
    manifest = generations.read_manifest(data_dir)
    files = {name: data_dir / manifest.tables[name].file for name in TABLES}
    database_file.unlink(missing_ok=True)

    def build() -> None:
        con = duckdb.connect(str(database_file))
        for name, path in files.items():
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{path}')")
        con.close()

    built = _seconds(build)
    parquet_mib = sum(path.stat().st_size for path in files.values()) / 2**20
    print(f"{data_dir.name}: building the file took {built:.1f} s; Parquet {parquet_mib:.1f} MiB, "
          f"DuckDB file {database_file.stat().st_size / 2**20:.1f} MiB")
    print("| read from | open s | one-city scorecard s | status counts, all cities s | one-city count s |")
    print("|---|---:|---:|---:|---:|")
    for kind in ("views", "file"):
        print(f"| {kind} | " + " | ".join(f"{value:.3f}" for value in _measure(kind, files, database_file)) + " |")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
