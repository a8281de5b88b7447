"""The one owner of data access: a DuckDB database whose tables are views over the Parquet
files of the generation data/manifest.json names (see analytics.generations), read in place.
When it opens, each file is checked against the manifest (size, SHA-256, streamed), its footer
against the declared schema, and the values within and across tables in SQL
(analytics.consistency): nothing walks the rows in Python, and nothing is copied into memory.
The rows of the tables that grow with the data (observations, quality notes) are checked again
only when the manifest does not say ingestion checked them: otherwise the matching checksums
already prove the files hold what passed, and opening 5 million rows costs what opening 500 does.

DuckDB connections are not safe to share between threads (Streamlit runs one thread per
session), so callers never touch the connection: `query()` takes a fresh cursor per call.
All SQL passes values as parameters; identifiers never come from user input.
"""

from __future__ import annotations

import atexit
import sys
import tempfile
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
from analytics.consistency import ROW, check_all
from analytics.schema import READINGS, REBUILD_COMMAND, TABLES, DataError, check_types

CACHE_BYTES = 256 * 2**20  # memoised query results, by their size in memory
DUCKDB_MEMORY = "512MB"  # DuckDB spills to a temporary directory beyond this (joins, sorts at scale)
# DuckDB's names of the declared Arrow types, for a view that casts a column written otherwise.
_DUCKDB_TYPES = {pa.string(): "VARCHAR", pa.int32(): "INTEGER", pa.int64(): "BIGINT", pa.float64(): "DOUBLE",
                 pa.bool_(): "BOOLEAN",
                 pa.list_(pa.string()): "VARCHAR[]"}


def _literal(text: str) -> str:
    """A SQL string literal (view definitions cannot take parameters)."""
    return "'" + text.replace("'", "''") + "'"


class Database:
    """The tables of the generation in force under data_dir, checked when it opens.

    `readings` are the ways of reading (schema.READINGS) whose observations the statements of
    analytics.sql that take $readings see: every one here; `with_readings` gives the same tables
    with fewer (a reader who leaves out machine-read values)."""

    readings: tuple[str, ...] = READINGS

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        # The Parquet footers are parsed once, not on every query (at 10,000x the observations' footer is
        # 1.4 MB for 409 row groups: a city's rows took 25 ms to find, 8 ms with it): a generation's files
        # never change (a rebuild writes a new generation under new names).
        self._connection = duckdb.connect(":memory:", config={
            "threads": 2, "memory_limit": DUCKDB_MEMORY, "temp_directory": tempfile.gettempdir(),
        })
        self._connection.execute("SET enable_progress_bar = false")  # per connection, not global
        self._connection.execute("SET GLOBAL parquet_metadata_cache = true")  # cursors too
        self._cache: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
        self._cache_bytes = 0
        self._cache_lock = threading.Lock()
        _open_databases.add(self)
        try:
            sources = self._open_generation()
            for name, source in sources.items():  # the checks see each row's position in its file
                self._connection.execute(f"CREATE VIEW {name} AS {source.format(row=f', file_row_number AS {ROW}')}")
            check_all(self._connection, large_tables=not self.checked_by_ingestion)
            for name, source in sources.items():  # queries see the declared columns only
                self._connection.execute(f"CREATE OR REPLACE VIEW {name} AS {source.format(row='')}")
            self._views = {name: source.format(row="") for name, source in sources.items()}
        except BaseException:
            self.close()
            raise

    def _open_generation(self) -> dict[str, str]:
        """The SELECT over each file of the generation data/manifest.json names, each file
        checked. A rebuild may switch generations while we read: then read the new one, once."""
        for attempt in (1, 2):
            manifest = generations.read_manifest(self.data_dir)
            try:
                sources = {name: self._table_source(manifest, name) for name in TABLES}
                self.generation, self.checked_by_ingestion = manifest.generation, manifest.checked
                return sources
            except DataError:
                if attempt == 2 or generations.read_manifest(self.data_dir) == manifest:
                    raise
        raise AssertionError("unreachable")

    def _table_source(self, manifest: generations.Manifest, name: str) -> str:
        spec = TABLES[name]
        origin = f"{self.data_dir.name}/{manifest.tables[name].file}"
        path = generations.verified_table_path(self.data_dir, manifest, name)
        try:
            schema = pq.read_schema(path)
        except Exception as exc:  # pyarrow raises several types for a corrupt file
            raise DataError(f"{origin} cannot be read ({exc}); rebuild it with `{REBUILD_COMMAND}`") from exc
        check_types(spec, schema, origin)
        columns = ", ".join(
            f'"{field.name}"' if schema.field(field.name).type == field.type
            else f'CAST("{field.name}" AS {_DUCKDB_TYPES[field.type]}) AS "{field.name}"'
            for field in spec.schema
        )
        # Names come from TABLES; the path from the manifest, quoted as a literal. `{row}` is
        # filled with the row-number column while checking, then with nothing.
        literal = _literal(str(path)).replace("{", "{{").replace("}", "}}")
        return f"SELECT {columns}{{row}} FROM read_parquet({literal}, file_row_number = true)"

    def is_current(self) -> bool:
        """Whether the generation this Database reads is still the one in force (a manifest
        that cannot be read now counts as current: keep serving what was checked)."""
        try:
            return generations.read_manifest(self.data_dir).generation == self.generation
        except DataError:
            return True

    def with_readings(self, readings: tuple[str, ...] | list[str]) -> Database:
        """The same tables (connection, cache) whose statements see only the observations of `readings`."""
        wanted = tuple(reading for reading in READINGS if reading in readings)
        return self if wanted == self.readings else ReadingsView(self, wanted)

    def params(self, sql: str, params: list | dict | None) -> list | dict | None:
        """`params` with $readings filled in from `readings` when `sql` takes it and the caller did not
        name it (a statement of analytics.sql that reads observations through READ_OBSERVATIONS)."""
        if "$readings" not in sql or isinstance(params, list | tuple) or (params and "readings" in params):
            return params
        return {**(params or {}), "readings": list(self.readings)}

    def query(self, sql: str, params: list | dict | None = None) -> pd.DataFrame:
        params = self.params(sql, params)
        return self._cached(("df", sql, _params_key(params)), lambda: self._query(sql, params)).copy()

    def rows(self, sql: str, params: list | dict | None = None) -> list[dict]:
        """The result as plain Python dicts (None for null, lists for lists): for code that
        reasons row by row, where pandas' nullable dtypes would only get in the way. The cache
        holds immutable tuples; each call builds fresh dicts (and list values) from them."""
        params = self.params(sql, params)
        names, records = self._cached(("rows", sql, _params_key(params)), lambda: self._rows(sql, params))
        return [{name: list(value) if type(value) is tuple else value
                 for name, value in zip(names, record, strict=True)} for record in records]

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

    @contextmanager
    def own_connection(self, *, memory_limit: str, temp_directory: Path,
                       threads: int = 2) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB database of its own over the same checked files (the same views), closed afterwards: for one
        large statement, such as a download of every row, that must keep to its own `memory_limit` and spill to
        its own `temp_directory` whatever the pages are doing (DuckDB's memory limit holds per database, not
        per cursor). Order is what a statement's ORDER BY says (`preserve_insertion_order` off lets DuckDB
        sort, spill and write in parallel); the progress of a statement can be read from another thread with
        `query_progress()` on the cursor that runs it."""
        connection = duckdb.connect(":memory:", config={
            "threads": threads, "memory_limit": memory_limit, "temp_directory": str(temp_directory),
            "preserve_insertion_order": False,
        })
        try:
            for name, source in self._views.items():
                connection.execute(f"CREATE VIEW {name} AS {source}")
            yield connection
        finally:
            connection.close()

    def _query(self, sql: str, params: list | dict | None) -> pd.DataFrame:
        cursor = self._connection.cursor()
        try:
            return cursor.execute(sql, params or []).df()
        finally:
            cursor.close()

    def _rows(self, sql: str, params: list | dict | None) -> tuple[tuple[str, ...], tuple[tuple, ...]]:
        cursor = self._connection.cursor()
        try:
            result = cursor.execute(sql, params or [])
            names = tuple(column[0] for column in result.description)
            return names, tuple(tuple(tuple(value) if type(value) is list else value for value in row)
                                for row in result.fetchall())
        finally:
            cursor.close()

    def _cached(self, key: tuple, compute):
        """Results are memoised: the tables never change after __init__ (the app never writes),
        and each DuckDB round trip costs milliseconds while a page asks the same dimension
        queries many times. The cache is bounded by the bytes its values hold (least recently
        used first out); a value larger than a quarter of it is returned, not kept. Callers get
        copies or fresh objects, so the cache cannot be mutated through them."""
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key][0]
        value = compute()
        size = _size(value)
        if size > CACHE_BYTES // 4:
            return value
        with self._cache_lock:
            if key not in self._cache:
                self._cache[key] = (value, size)
                self._cache_bytes += size
            while self._cache_bytes > CACHE_BYTES:
                _, (_, dropped) = self._cache.popitem(last=False)
                self._cache_bytes -= dropped
        return value

    @property
    def cache_bytes(self) -> int:
        return self._cache_bytes

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()
            self._cache_bytes = 0

    def close(self) -> None:
        self._connection.close()


class ReadingsView(Database):
    """A Database's tables (the same connection and cache) whose statements see only the observations
    of some readings: a page's view when the reader leaves out machine-read values. Only $readings,
    a parameter, differs; the cache keeps the two views' results apart by it."""

    def __init__(self, database: Database, readings: tuple[str, ...]):  # no super().__init__: nothing opens
        self.__dict__.update(database.__dict__)
        self._database = database
        self.readings = readings

    def _cached(self, key: tuple, compute):
        return self._database._cached(key, compute)

    def derived(self, key: str, compute):
        return self._database.derived(f"{key}|readings={','.join(self.readings)}", compute)

    @property
    def cache_bytes(self) -> int:
        return self._database.cache_bytes

    def clear_cache(self) -> None:
        self._database.clear_cache()

    def is_current(self) -> bool:
        return self._database.is_current()

    def with_readings(self, readings: tuple[str, ...] | list[str]) -> Database:
        return self._database.with_readings(readings)

    def close(self) -> None:
        """The view owns nothing: its Database is closed with the others."""


# Connections still open when the interpreter exits can abort it (seen: DuckDB 2.0 after a
# query, once pyarrow has also read Parquet in the process: "terminate called without an
# active exception", exit status 134). Close whatever is left, before module teardown.
_open_databases: weakref.WeakSet[Database] = weakref.WeakSet()


@atexit.register
def _close_open_databases() -> None:
    for database in list(_open_databases):
        database.close()


_SIZE_SAMPLE = 100


def _size(value: object) -> int:
    """About the bytes `value` holds: exact for frames of numbers, an estimate for text."""
    if isinstance(value, pd.DataFrame):  # text measured on a sample of rows (a deep walk of every cell is slow)
        sample = value.head(_SIZE_SAMPLE)
        per_row = sample.memory_usage(index=True, deep=True).sum() / max(len(sample), 1)
        return int(per_row * len(value)) + 64 * value.size
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], tuple):  # rows(): names, records
        records = value[1]
        sample = records[:100]
        per_record = sum(sum(sys.getsizeof(item) for item in record) + sys.getsizeof(record)
                         for record in sample) / max(len(sample), 1)
        return int(per_record * len(records)) + 64
    return sys.getsizeof(value)


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
    """The process-wide Database for data_dir (default data/), opened once, and opened again
    when a rebuild has put another generation in force (one small manifest read per call).
    The replaced Database is not closed: a page run still using it finishes on the previous
    generation, which the rebuild keeps (analytics.generations.remove_stale)."""
    key = Path(data_dir or paths.data_dir()).resolve()
    with _lock:
        database = _databases.get(key)
        if database is not None and not database.is_current():
            database = None
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
