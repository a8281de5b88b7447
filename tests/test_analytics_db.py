"""Data access: concurrent queries on one Database, and files that are missing, corrupt or
off-schema fail with the file named and the rebuild command."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pytest

from analytics.compare import compare_cities
from analytics.db import Database, get_database, reset
from analytics.explorer import ExplorerFilter, filter_observations
from analytics.ingest.writer import write_tables
from analytics.schema import REBUILD_COMMAND, DataError
from analytics.scorecard import scorecard
from analytics.trend import trend
from tests.fixture_dataset import db, fixture_dir  # noqa: F401
from tests.generation_helpers import current_tables, put_tables, table_path

QUERIES = [
    lambda d: scorecard(d, "zhanjiang", "13th"),
    lambda d: scorecard(d, "jiangmen", "12th"),
    lambda d: compare_cities(d, "urban_new_jobs", None, "13th", "target", annual_average=True).rows,
    lambda d: trend(d, "urban_new_jobs").rows,
    lambda d: filter_observations(d, ExplorerFilter(text="以内", sort="-value")),
    lambda d: d.query("SELECT count(*) AS n, sum(value) AS s FROM observations WHERE city_id = $c",
                      {"c": "jingdezhen"}),
]


def test_threads_get_the_same_results_as_one_thread(db):  # noqa: F811
    expected = [query(db) for query in QUERIES]
    jobs = [(index % len(QUERIES)) for index in range(8 * 30)]  # 8 threads × 30 queries

    def run(index: int):
        db.clear_cache()  # every query goes to DuckDB, through a cursor of its own, concurrently
        return index, QUERIES[index](db)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, jobs))
    assert len(results) == len(jobs)
    for index, frame in results:
        assert frame.equals(expected[index]), f"query {index} differs under concurrency"


def test_get_database_is_shared_per_directory(fixture_dir):  # noqa: F811
    try:
        first = get_database(fixture_dir)
        assert get_database(fixture_dir) is first
    finally:
        reset()


@pytest.fixture
def data_copy(fixture_dir, tmp_path):  # noqa: F811
    target = tmp_path / "data"
    shutil.copytree(fixture_dir, target)
    return target


def test_missing_file_names_it_and_the_rebuild_command(data_copy):
    table_path(data_copy, "observations").unlink()
    with pytest.raises(DataError) as caught:
        Database(data_copy)
    message = str(caught.value)
    assert re.search(r"^data/g-[0-9a-f]{16}/observations\.parquet is missing", message), message
    assert REBUILD_COMMAND in message
    assert str(data_copy.parent) not in message  # no absolute server path


def test_missing_manifest_names_it(data_copy):
    (data_copy / "manifest.json").unlink()
    with pytest.raises(DataError, match=r"^data/manifest\.json is missing; rebuild"):
        Database(data_copy)


@pytest.mark.parametrize("content", ["", "{", "[]", '{"format": 1}', '{"format": 9, "generation": "g", "tables": {}}'])
def test_unreadable_manifest_names_it(data_copy, content):
    (data_copy / "manifest.json").write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=r"^data/manifest\.json (cannot be read|lists)"):
        Database(data_copy)


def test_a_file_changed_after_it_was_written_fails_its_checksum(data_copy):
    path = table_path(data_copy, "indicators")
    path.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(DataError, match=r"indicators\.parquet does not match data/manifest\.json"):
        Database(data_copy)


def test_corrupt_file_names_it(data_copy):
    put_tables(data_copy)  # same tables: then swap in a corrupt file with a matching manifest entry
    path = table_path(data_copy, "indicators")
    path.write_bytes(b"PAR1 this is not parquet")
    manifest = json.loads((data_copy / "manifest.json").read_text())
    manifest["tables"]["indicators"].update(bytes=path.stat().st_size,
                                            sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    (data_copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(DataError, match=r"indicators\.parquet cannot be read") as caught:
        Database(data_copy)
    assert str(data_copy) not in str(caught.value)


def test_missing_column_names_file_and_column(data_copy):
    put_tables(data_copy, observations=current_tables(data_copy)["observations"].drop_columns(["quote"]))
    with pytest.raises(DataError, match=r"observations\.parquet: missing column\(s\) quote"):
        Database(data_copy)


def test_wrong_type_names_file_and_column(data_copy):
    table = current_tables(data_copy)["observations"]
    index = table.schema.get_field_index("year")
    table = table.set_column(index, "year", pa.array([str(v) for v in table.column("year").to_pylist()]))
    put_tables(data_copy, observations=table)
    with pytest.raises(DataError, match=r"observations\.parquet: column year has type string"):
        Database(data_copy)


def test_value_outside_the_contract_names_file_and_row(data_copy):
    table = current_tables(data_copy)["observations"]
    kinds = table.column("value_kind").to_pylist()
    kinds[3] = "estimate"
    table = table.set_column(table.schema.get_field_index("value_kind"), "value_kind", pa.array(kinds))
    put_tables(data_copy, observations=table)
    with pytest.raises(DataError, match=r"observations\.parquet: row 3 column value_kind = 'estimate'"):
        Database(data_copy)


def test_query_results_are_memoised_but_callers_get_their_own_copies(db):  # noqa: F811
    sql = "SELECT city_id, value FROM observations WHERE city_id = $c ORDER BY obs_id"
    first = db.rows(sql, {"c": "jiangmen"})
    first[0]["value"] = -1.0
    first.clear()
    again = db.rows(sql, {"c": "jiangmen"})
    assert again and again[0]["value"] != -1.0
    frame = db.query(sql, {"c": "jiangmen"})
    frame.loc[0, "value"] = -1.0
    assert db.query(sql, {"c": "jiangmen"}).loc[0, "value"] != -1.0
    assert db.rows(sql, {"c": "zhanjiang"}) != again  # parameters are part of the key


def test_a_rebuild_is_picked_up_and_the_replaced_generation_still_reads(fixture_dir, tmp_path):  # noqa: F811
    """The files are read in place: after a rebuild, a Database still on the old generation
    answers (the rebuild keeps the generation it replaced), and get_database opens the new one."""
    from analytics import db as db_module
    from analytics.generations import read_manifest
    from tests.conftest import COMMITTED_DATA
    from tests.generation_helpers import current_tables

    data = tmp_path / "data"
    shutil.copytree(fixture_dir, data)
    old = db_module.get_database(data)
    count_old = old.rows("SELECT count(*) AS n FROM observations")[0]["n"]
    old.clear_cache()
    write_tables(data, current_tables(COMMITTED_DATA))
    assert read_manifest(data).generation != old.generation and (data / old.generation).is_dir()
    assert old.rows("SELECT count(*) AS n FROM observations")[0]["n"] == count_old
    new = db_module.get_database(data)
    assert new is not old and new.generation == read_manifest(data).generation
    assert new.rows("SELECT count(*) AS n FROM observations")[0]["n"] == read_manifest(data).tables["observations"].rows
    assert db_module.get_database(data) is new
    write_tables(data, current_tables(COMMITTED_DATA))  # the next rebuild removes the one before last
    assert not (data / old.generation).exists()
    db_module.reset()


def test_the_cache_is_bounded_by_bytes(monkeypatch, fixture_dir):  # noqa: F811
    from analytics import db as db_module

    monkeypatch.setattr(db_module, "CACHE_BYTES", 1_000_000)
    database = Database(fixture_dir)
    try:
        for year in range(1900, 2100):
            database.query("SELECT obs_id, value, $year AS y FROM observations", {"year": year})
            assert database.cache_bytes <= 1_000_000
        assert database.cache_bytes > 0
        rows = database.rows("SELECT obs_id, city_id FROM observations ORDER BY obs_id")
        rows[0]["city_id"] = "changed"  # callers get fresh dicts: the cache is not mutated through them
        assert database.rows("SELECT obs_id, city_id FROM observations ORDER BY obs_id")[0]["city_id"] != "changed"
    finally:
        database.close()


def test_rows_are_checked_again_unless_ingestion_checked_them(fixture_dir, tmp_path):  # noqa: F811
    """Ingestion's writer marks its manifest `checked`; the checksums then vouch for the rows.
    A generation written any other way gets every row check on open (test_data_consistency
    breaks such generations one way each)."""
    from analytics import consistency
    from analytics.generations import read_manifest

    data = tmp_path / "data"
    shutil.copytree(fixture_dir, data)
    assert read_manifest(data).checked
    seen = []
    original = consistency._check_large_tables
    consistency._check_large_tables = lambda con: (seen.append(True), original(con))
    try:
        Database(data).close()
        assert not seen
        put_tables(data)  # the same tables, written without ingestion's checks
        assert not read_manifest(data).checked
        Database(data).close()
        assert seen
    finally:
        consistency._check_large_tables = original
