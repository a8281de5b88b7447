"""Data access: concurrent queries on one Database, and files that are missing, corrupt or
off-schema fail with the file named and the rebuild command."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analytics.compare import compare_cities
from analytics.db import Database, get_database, reset
from analytics.explorer import ExplorerFilter, filter_observations
from analytics.schema import REBUILD_COMMAND, DataError
from analytics.scorecard import scorecard
from analytics.trend import trend
from tests.fixture_dataset import db, fixture_dir  # noqa: F401

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
    (data_copy / "observations.parquet").unlink()
    with pytest.raises(DataError) as caught:
        Database(data_copy)
    assert "observations.parquet is missing" in str(caught.value)
    assert REBUILD_COMMAND in str(caught.value)


def test_corrupt_file_names_it(data_copy):
    (data_copy / "indicators.parquet").write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(DataError, match=r"indicators\.parquet cannot be read"):
        Database(data_copy)


def test_missing_column_names_file_and_column(data_copy):
    path = data_copy / "observations.parquet"
    pq.write_table(pq.read_table(path).drop_columns(["quote"]), path)
    with pytest.raises(DataError, match=r"observations\.parquet: missing column\(s\) quote"):
        Database(data_copy)


def test_wrong_type_names_file_and_column(data_copy):
    path = data_copy / "observations.parquet"
    table = pq.read_table(path)
    index = table.schema.get_field_index("year")
    table = table.set_column(index, "year", pa.array([str(v) for v in table.column("year").to_pylist()]))
    pq.write_table(table, path)
    with pytest.raises(DataError, match=r"observations\.parquet: column year has type string"):
        Database(data_copy)


def test_value_outside_the_contract_names_file_and_row(data_copy):
    path = data_copy / "observations.parquet"
    table = pq.read_table(path)
    kinds = table.column("value_kind").to_pylist()
    kinds[3] = "estimate"
    table = table.set_column(table.schema.get_field_index("value_kind"), "value_kind", pa.array(kinds))
    pq.write_table(table, path)
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
