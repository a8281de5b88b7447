"""The aggregates ingestion writes for the pages' defaults and pickers (analytics.aggregates): each
table is what its statement derives from the tables it summarises, a stale one is refused, and every
default or option read from them equals what a scan of the observations gives — on the real data, on
the fixture with machine-read values and on a synthetic generation of it (many cities, many
indicators), with the machine-read values and without them."""

from __future__ import annotations

import shutil

import pyarrow as pa
import pytest

from analytics import aggregates, compare, coverage, dimensions, explorer, notes, pace, scorecard, sql
from analytics.consistency import check_consistency
from analytics.db import Database
from analytics.ingest.writer import write_tables
from analytics.schema import AGGREGATES, MACHINE_READING, READINGS, DataError
from tests.conftest import COMMITTED_DATA
from tests.fixture_dataset import build_tables, fixture_dir, machine_fixture_dir  # noqa: F401
from tests.generation_helpers import current_tables, put_tables
from tests.synthetic import build as build_synthetic

WITHOUT_MACHINE = tuple(reading for reading in READINGS if reading != MACHINE_READING)


@pytest.fixture(scope="module")
def synthetic_dir(machine_fixture_dir, tmp_path_factory):  # noqa: F811
    """The machine fixture copied to 7 × its cities and 3 × its indicators."""
    return build_synthetic(tmp_path_factory.mktemp("aggregates") / "7x3", 7, 3, seed=3,
                           source_dir=machine_fixture_dir)


@pytest.fixture(scope="module", params=["real", "machine_fixture", "synthetic"])
def database(request, machine_fixture_dir, synthetic_dir):  # noqa: F811
    directory = {"real": COMMITTED_DATA, "machine_fixture": machine_fixture_dir,
                 "synthetic": synthetic_dir}[request.param]
    db = Database(directory)
    yield db
    db.close()


def _scanned(monkeypatch) -> None:
    """Every reader takes its scan of the observations instead of the aggregates."""
    monkeypatch.setattr(aggregates, "with_machine", lambda readings: None)


def _records(frame) -> list[dict]:
    """A frame's rows with None for every missing value (NaN and NA compare unequal to themselves)."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _answers(db: Database) -> dict:
    """Every default and option the pages take from the aggregates."""
    periods = dimensions.plan_period_ids(db)
    rows = dimensions.indicator_rows(db)
    with_values = [row["indicator_id"] for row in rows if row["n_cities"]]
    sample = with_values[:: max(1, len(with_values) // 25)]
    choices = {text: compare.indicator_choices(db, text, limit=limit, keep=keep)
               for text, limit, keep in ((None, 60, ()), ("就业", 10, ()), ("unemployment", 5, (with_values[-1],)),
                                         ("insurance", 1000, ()), ("no such words", 10, (with_values[0],)))}
    return {
        "indicator_rows": rows,
        "indicator_default_cities": {i: dimensions.indicator_default_cities(db, i, 12) for i in sample},
        "compare_default_cities": {i: compare.default_cities(db, i) for i in sample},
        "scorecard_default_period": scorecard.default_period(db),
        "scorecard_default_city": {p: scorecard.default_city(db, p) for p in periods},
        "scorecard_default_cities": {p: scorecard.default_cities(db, p) for p in periods},
        "pace_default_cities": {p: pace.default_cities(db, p) for p in periods},
        "overview_default_cities": coverage.default_cities(db),
        "choices": {text: (frame.to_dict("records"), total) for text, (frame, total) in choices.items()},
        "default_indicator": compare.default_indicator(db, "urban_new_jobs"),
        "catalogue": {text: (lambda page: (page[0].to_dict("records"), page[1], page[2]))(
            dimensions.catalogue_page(db, text, 7)) for text in (None, "就业", "rate")},
        "coverage_total": _records(coverage.coverage_total(db)),
        "province_summary": {lang: _records(coverage.province_summary(db, lang)) for lang in ("zh", "en")},
        "explorer_count": explorer.count_observations(db),
        "explorer_city_groups": explorer.city_groups(db),
    }


@pytest.mark.parametrize("readings", [READINGS, WITHOUT_MACHINE], ids=["with_machine", "without_machine"])
def test_defaults_and_options_from_the_aggregates_equal_a_scan(database, readings, monkeypatch):
    view = database.with_readings(readings)
    assert aggregates.with_machine(view.readings) is (readings == READINGS)
    from_aggregates = _answers(view)
    database.clear_cache()
    _scanned(monkeypatch)
    assert from_aggregates == _answers(view)


def test_the_explorer_options_equal_a_scan(database):
    options = explorer.filter_options(database)
    years = database.rows(sql.EXPLORER_YEARS)[0]
    nulls = database.rows(sql.EXPLORER_HAS_NULL)[0]
    assert options["districts"] == [row["district"] for row in database.rows(sql.EXPLORER_DISTRICTS)]
    assert (options["year_min"], options["year_max"]) == (years["year_min"], years["year_max"])
    assert ("none" in options["plan_periods"]) is nulls["null_plan_period"]
    assert ("none" in options["attributes"]) is nulls["null_attribute"]


def test_the_unfiltered_explorer_count_equals_a_scan(database):
    for readings in (READINGS, WITHOUT_MACHINE):
        view = database.with_readings(readings)
        scanned = view.rows(sql.EXPLORER_COUNT, explorer._filter_params(view, explorer.ExplorerFilter()))
        assert explorer.count_observations(view) == scanned[0]["n_rows"]


def test_the_machine_fixture_tells_the_two_counts_apart(machine_fixture_dir):  # noqa: F811
    """The comparisons above could not see a mix-up of with_machine if no count differed."""
    db = Database(machine_fixture_dir)
    try:
        differ = db.rows("SELECT count(*) AS n FROM (SELECT * EXCLUDE (with_machine) FROM city_periods "
                         "WHERE with_machine EXCEPT SELECT * EXCLUDE (with_machine) FROM city_periods "
                         "WHERE NOT with_machine)")[0]["n"]
        assert differ > 0
        with_rows = explorer.count_observations(db)
        assert explorer.count_observations(db.with_readings(WITHOUT_MACHINE)) < with_rows
    finally:
        db.close()


def test_ingestion_writes_every_aggregate_as_its_statement_derives_it():
    tables = current_tables(COMMITTED_DATA)
    derived = aggregates.derive({name: table for name, table in tables.items() if name not in AGGREGATES})
    for name in AGGREGATES:
        assert derived[name].equals(tables[name].cast(derived[name].schema)), name
        assert tables[name].num_rows > 0


def _stale(tables: dict[str, pa.Table]) -> pa.Table:
    """city_periods with one count off by one."""
    table = tables["city_periods"]
    counts = table.column("n_rows").to_pylist()
    counts[0] += 1
    return table.set_column(table.schema.get_field_index("n_rows"), "n_rows", pa.array(counts, pa.int64()))


def test_a_stale_aggregate_is_refused_by_ingestion_and_on_loading(fixture_dir, tmp_path):  # noqa: F811
    tables = build_tables()
    tables.update(aggregates.derive(tables))
    tables["city_periods"] = _stale(tables)
    with pytest.raises(DataError, match=r"city_periods\.parquet: 2 row\(s\) differ"):  # counted both ways
        check_consistency(tables)
    with pytest.raises(DataError, match=r"city_periods\.parquet"):
        write_tables(tmp_path / "written", tables)
    data = tmp_path / "data"
    shutil.copytree(fixture_dir, data)
    put_tables(data, city_periods=_stale(current_tables(data)))  # unchecked: loading checks it
    with pytest.raises(DataError, match=r"city_periods\.parquet: 2 row\(s\) differ"):
        Database(data)


def test_a_writer_given_no_aggregates_derives_them(tmp_path):
    tables = build_tables()
    assert not set(AGGREGATES) & set(tables)
    write_tables(tmp_path, tables)
    written = current_tables(tmp_path)
    for name, table in aggregates.derive(tables).items():
        assert written[name].cast(table.schema).equals(table), name


@pytest.mark.parametrize("selection", [
    explorer.ExplorerFilter(),
    explorer.ExplorerFilter(sort="-city"),
    explorer.ExplorerFilter(text="万人", sort="city"),
    explorer.ExplorerFilter(value_kinds=["target", "actual"], plan_periods=["13th", "none"]),
])
def test_an_explorer_page_read_from_the_cities_that_hold_it_is_the_slice_of_every_row(synthetic_dir, selection):
    db = Database(synthetic_dir)
    try:
        groups = explorer.city_groups(db, selection)
        assert len(groups) > 5  # the page crosses from city to city
        query, params = explorer.statement(db, selection)
        every = list(db.query(query, params)["obs_id"])
        assert sum(n for _, n in groups) == len(every) == explorer.count_observations(db, selection)
        edges = [sum(n for _, n in groups[:k]) for k in range(len(groups) + 1)]
        for offset in sorted({0, 1, *edges, *(edge - 3 for edge in edges[1:]), len(every) - 1, len(every) + 5}):
            page = explorer.filter_observations(db, selection, limit=7, offset=max(offset, 0))
            assert list(page["obs_id"]) == every[max(offset, 0):max(offset, 0) + 7], offset
    finally:
        db.close()


def test_a_search_matches_names_and_aliases_through_the_search_table(database):
    row = next(row for row in dimensions.indicator_rows(database) if row["aliases_zh"] and row["n_cities"])
    for text in (row["aliases_zh"][0], row["name_en"].upper(), row["indicator_id"]):
        assert row["indicator_id"] in dimensions.matching_indicator_ids(database, text)
        choices, total = compare.indicator_choices(database, text, limit=5000)
        assert row["indicator_id"] in set(choices["indicator_id"]) and total == len(choices)
    category = row["category_en"]
    found, total = compare.indicator_choices(database, category.lower(), limit=5000)
    assert set(found["category_en"]) >= {category} and total == len(found)
    assert dimensions.matching_indicator_ids(database, "no such words anywhere") == []
    assert dimensions.matching_indicator_ids(database, "  ") is None


@pytest.mark.parametrize("text", ["就业", "万人", "%", "2020", "[", "_", "≤3"])
def test_a_search_without_cased_letters_finds_what_ilike_finds(database, text, monkeypatch):
    selection = explorer.ExplorerFilter(text=text)
    params = explorer._filter_params(database, selection)
    assert params["caseless"]
    fast = database.rows(sql.EXPLORER_COUNT, params)[0]["n_rows"]
    slow = database.rows(sql.EXPLORER_COUNT, {**params, "caseless": False})[0]["n_rows"]
    assert fast == slow
    assert not explorer._filter_params(database, explorer.ExplorerFilter(text="Jobs"))["caseless"]


def test_the_chinese_of_a_few_note_messages_equals_the_lookup_of_every_note(database):
    """A page's notes are worded from the messages they name, read in SQL, not from every quality note."""
    every = notes.messages_zh(database)
    assert every
    assert notes.messages_zh(database, list(every)) == every
    some = sorted(every)[::3]
    assert notes.messages_zh(database, some) == {message: every[message] for message in some}
    assert notes.messages_zh(database, ["no such message"]) == {}
