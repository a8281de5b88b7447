"""The one owner of data access: one in-memory DuckDB database holding each Parquet table of
the generation data/manifest.json names (see analytics.generations), checked file by file
(schema, checksum) and across tables (analytics.consistency) when it opens.

DuckDB connections are not safe to share between threads (Streamlit runs one thread per
session), so callers never touch the connection: `query()` takes a fresh cursor per call.
All SQL passes values as parameters; identifiers never come from user input.
"""

from __future__ import annotations

import atexit
import copy
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analytics import generations, paths
from analytics.consistency import check_consistency
from analytics.schema import REBUILD_COMMAND, TABLES, DataError, check_table

CACHE_ENTRIES = 1024


class Database:
    """The tables of data_dir/*.parquet, each file checked against its declared schema on open."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self._connection = duckdb.connect(":memory:", config={"threads": 2})
        self._cache: OrderedDict[tuple, object] = OrderedDict()
        self._cache_lock = threading.Lock()
        _open_databases.add(self)
        tables = self._read_generation()
        check_consistency(tables)
        for name, table in tables.items():
            # Copied into the in-memory database (the files are small): every cursor sees it,
            # and nothing ever holds data/ open for writing. The name comes from TABLES only.
            self._connection.from_arrow(table).create(name)

    def _read_generation(self) -> dict[str, pa.Table]:
        """The tables of the generation data/manifest.json names, each checked against its schema.
        A rebuild may switch generations while we read: then read the new one, once."""
        for attempt in (1, 2):
            manifest = generations.read_manifest(self.data_dir)
            try:
                return {name: self._read_table(manifest, name) for name in TABLES}
            except DataError:
                if attempt == 2 or generations.read_manifest(self.data_dir) == manifest:
                    raise
        raise AssertionError("unreachable")

    def _read_table(self, manifest: generations.Manifest, name: str) -> pa.Table:
        spec = TABLES[name]
        origin = f"{self.data_dir.name}/{manifest.tables[name].file}"
        data = generations.read_table_bytes(self.data_dir, manifest, name)
        try:
            table = pq.read_table(pa.BufferReader(data))
        except Exception as exc:  # pyarrow raises several types for a corrupt file
            raise DataError(f"{origin} cannot be read ({exc}); rebuild it with `{REBUILD_COMMAND}`") from exc
        return check_table(spec, table, origin)

    def query(self, sql: str, params: list | dict | None = None) -> pd.DataFrame:
        return self._cached(("df", sql, _params_key(params)), lambda: self._query(sql, params)).copy()

    def rows(self, sql: str, params: list | dict | None = None) -> list[dict]:
        """The result as plain Python dicts (None for null, lists for lists): for code that
        reasons row by row, where pandas' nullable dtypes would only get in the way."""
        return copy.deepcopy(self._cached(("rows", sql, _params_key(params)), lambda: self._rows(sql, params)))

    def derived(self, key: str, compute):
        """A value computed from the tables once and memoised with the query results (it never
        changes after __init__). Returned as is, not copied: `compute` must return something
        read-only (a MappingProxyType, a tuple)."""
        return self._cached(("derived", key), compute)

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own (thread-safe), closed afterwards: for statements whose result is
        not a frame to cache, such as `COPY (…) TO` an export file."""
        cursor = self._connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def _query(self, sql: str, params: list | dict | None) -> pd.DataFrame:
        cursor = self._connection.cursor()
        try:
            return cursor.execute(sql, params or []).df()
        finally:
            cursor.close()

    def _rows(self, sql: str, params: list | dict | None) -> list[dict]:
        cursor = self._connection.cursor()
        try:
            result = cursor.execute(sql, params or [])
            names = [column[0] for column in result.description]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        finally:
            cursor.close()

    def _cached(self, key: tuple, compute):
        """Results are memoised: the tables never change after __init__ (the app never writes),
        and each DuckDB round trip costs ~5 ms while a page asks the same dimension queries
        many times. Callers get copies, so the cache cannot be mutated through them."""
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = compute()
        with self._cache_lock:
            self._cache[key] = value
            if len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return value

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()

    def close(self) -> None:
        self._connection.close()


# Connections still open when the interpreter exits can abort it (seen: DuckDB 2.0 after a
# query, once pyarrow has also read Parquet in the process: "terminate called without an
# active exception", exit status 134). Close whatever is left, before module teardown.
_open_databases: weakref.WeakSet[Database] = weakref.WeakSet()


@atexit.register
def _close_open_databases() -> None:
    for database in list(_open_databases):
        database.close()


def _params_key(params: list | dict | None) -> str:
    """A hashable, order-independent form of the parameters (lists and dicts nested)."""
    if isinstance(params, dict):
        return repr(sorted((name, _params_key(value)) for name, value in params.items()))
    if isinstance(params, list | tuple):
        return repr([_params_key(value) for value in params])
    return repr(params)


_lock = threading.Lock()
_databases: dict[Path, Database] = {}


def get_database(data_dir: Path | None = None) -> Database:
    """The process-wide Database for data_dir (default data/), opened once."""
    key = Path(data_dir or paths.data_dir()).resolve()
    with _lock:
        database = _databases.get(key)
        if database is None:
            database = Database(key)
            _databases[key] = database
        return database


def reset() -> None:
    """Forget opened databases (tests switch data directories)."""
    with _lock:
        for database in _databases.values():
            database.close()
        _databases.clear()
