"""The explorer at scale: a row count and pages of rows from SQL, downloads written by DuckDB
(`COPY … TO`) that equal today's DataFrame exports, an XLSX only up to Excel's row limit.

The DataFrame path (`exports.to_csv_bytes` / `to_parquet_bytes` of `filter_observations`) is
the reference: its rules are specified in tests/test_analytics_exports.py; here the streamed
path must give the same bytes (CSV) or the same table (Parquet), on the real data, on the
fixture and on crafted rows made to be formulas, quoted fields and line breaks."""

from __future__ import annotations

import codecs
import csv
import io
import shutil

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from analytics import exports
from analytics.__main__ import main as cli_main
from analytics.db import Database, get_database
from analytics.errors import QueryError
from analytics.explorer import (
    PAGE_SIZE,
    SORT_KEYS,
    ExplorerFilter,
    count_observations,
    filter_observations,
    filter_options,
)
from analytics.explorer import city_groups as explorer_city_groups
from analytics.explorer import statement as explorer_statement
from tests.apptest_helpers import APP, SHELL_PARAMS, texts
from tests.fixture_dataset import build_tables, db, fixture_dir  # noqa: F401
from tests.generation_helpers import put_tables
from tests.synthetic import build as build_synthetic

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FILTERS = [
    ExplorerFilter(),
    ExplorerFilter(city_ids=["zhanjiang"], value_kinds=["target"]),
    ExplorerFilter(plan_periods=["13th", "none"], sort="-value"),
    ExplorerFilter(text="以内", sort="source"),
    ExplorerFilter(year_min=2016, year_max=2020, include_district_rows=False, sort="name_en"),
    ExplorerFilter(text="no such text anywhere"),
]


@pytest.fixture(scope="module")
def real_db():
    return get_database()


def _parquet(data: bytes) -> pa.Table:
    return pq.read_table(io.BytesIO(data))


def assert_same_table(streamed: bytes, reference: bytes) -> None:
    """Same column names, rows and values; types equal up to string/large_string (DuckDB writes
    strings, pandas large strings) and the nullability DuckDB records."""
    ours, theirs = _parquet(streamed), _parquet(reference)
    assert ours.column_names == theirs.column_names
    schema = pa.schema([pa.field(f.name, f.type) for f in theirs.schema])
    assert ours.cast(schema).equals(theirs.cast(schema))
    for mine, other in zip(ours.schema, theirs.schema, strict=True):
        assert mine.type == other.type or (pa.types.is_string(mine.type) and pa.types.is_large_string(other.type))


# ---- count and pages ------------------------------------------------------------------------

@pytest.mark.parametrize("selection", FILTERS)
def test_count_is_the_number_of_matching_rows(db, selection):  # noqa: F811
    assert count_observations(db, selection) == len(filter_observations(db, selection))


def test_pages_continue_in_order_the_last_is_short_beyond_the_end_is_empty(db):  # noqa: F811
    selection = ExplorerFilter(sort="-year")
    every = filter_observations(db, selection)
    n, size = len(every), 9
    assert n > 3 * size and n % size, "the fixture must make a short last page"
    pages = [filter_observations(db, selection, limit=size, offset=offset) for offset in range(0, n, size)]
    assert [len(page) for page in pages] == [size] * (n // size) + [n % size]
    assert [obs for page in pages for obs in page["obs_id"]] == every["obs_id"].tolist()
    first, second = pages[0], pages[1]
    assert second["obs_id"].tolist() == every["obs_id"].tolist()[size:2 * size]  # page 2 continues page 1
    assert first.dtypes.equals(every.dtypes)
    assert filter_observations(db, selection, limit=size, offset=n).empty
    assert filter_observations(db, selection, limit=size, offset=10 * n).empty
    assert filter_observations(db, selection, limit=0).empty
    assert len(filter_observations(db, selection, offset=n - 2)) == 2  # no limit: every row from offset on


# A page is sorted and cut over the narrow columns and only then read whole (late
# materialisation): it must be exactly the slice of the unpaged rows, for any filter and sort.
PAGED_FILTERS = [
    ExplorerFilter(),
    ExplorerFilter(sort="-value"),
    ExplorerFilter(sort="-name_zh", include_district_rows=False),
    ExplorerFilter(text="以内", sort="-year"),
    ExplorerFilter(text="urban NEW"),  # matches an indicator's English name, not a row's text
    ExplorerFilter(text="%", sort="source"),
    ExplorerFilter(plan_periods=["13th", "none"], value_kinds=["target", "baseline"], sort="district"),
    ExplorerFilter(year_min=2016, year_max=2020, sort="-attribute"),
]


def assert_pages_are_slices(database: Database, selection: ExplorerFilter, size: int) -> None:
    every = filter_observations(database, selection)
    n = len(every)
    for offset in sorted({0, size, n // 2, max(n - size - 3, 0), max(n - 3, 0), n, n + 7}):
        page = filter_observations(database, selection, limit=size, offset=offset)
        pd.testing.assert_frame_equal(page, every.iloc[offset:offset + size].reset_index(drop=True),
                                      check_exact=True, obj=f"{selection} offset {offset}")


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory):
    """A small synthetic generation: 3 copies of every city, 2 variants of every indicator."""
    database = Database(build_synthetic(tmp_path_factory.mktemp("synthetic") / "3x2", 3, 2, seed=7))
    yield database
    database.close()


@pytest.mark.parametrize("selection", PAGED_FILTERS)
def test_a_page_is_the_slice_of_the_unpaged_rows_on_the_real_data(real_db, selection):
    assert_pages_are_slices(real_db, selection, 50)
    cities = filter_options(real_db)["city_ids"]
    assert_pages_are_slices(real_db, ExplorerFilter(city_ids=cities[1:], sort=selection.sort), 37)


@pytest.mark.parametrize("selection", PAGED_FILTERS)
def test_a_page_is_the_slice_of_the_unpaged_rows_on_synthetic_data(synthetic_db, selection):
    assert count_observations(synthetic_db) > 10 * PAGE_SIZE  # many pages
    assert_pages_are_slices(synthetic_db, selection, PAGE_SIZE)
    assert_pages_are_slices(synthetic_db, selection, 11)


# The search as it was written before its names were looked up first: whether a row's indicator has a name or
# alias holding the text is asked of the search table inside the statement, per query.
NAMES_IN_THE_STATEMENT = """(SELECT DISTINCT indicator_id FROM indicator_search
                        WHERE field IN ('name_zh', 'name_en', 'alias') AND contains(text, lower($needle)))"""
SEARCHES = ["城镇新增就业人数", "就业", "以内", "urban NEW", "Employment", "%", "_", "≤3", "no such text anywhere"]


def _rows_with_names_in_the_statement(database: Database, selection: ExplorerFilter) -> list[str]:
    query, params = explorer_statement(database, selection)
    assert "list_contains($name_ids, o.indicator_id)" in query
    query = query.replace("list_contains($name_ids, o.indicator_id)",
                          f"($needle IS NOT NULL AND o.indicator_id IN {NAMES_IN_THE_STATEMENT})")
    return list(database.query(query, {k: v for k, v in params.items() if k != "name_ids"})["obs_id"])


@pytest.mark.parametrize("text", SEARCHES)
def test_a_search_finds_the_rows_the_names_looked_up_in_the_statement_find(real_db, synthetic_db, text):
    """The names and aliases are looked up once, before the rows are read ($name_ids): the same rows, count
    and pages as asking the search table inside the statement."""
    for database in (real_db, synthetic_db):
        selection = ExplorerFilter(text=text)
        expected = _rows_with_names_in_the_statement(database, selection)
        assert list(filter_observations(database, selection)["obs_id"]) == expected
        assert count_observations(database, selection) == len(expected)
        for offset in (0, max(len(expected) - PAGE_SIZE, 0)):
            page = filter_observations(database, selection, limit=PAGE_SIZE, offset=offset)
            assert list(page["obs_id"]) == expected[offset:offset + PAGE_SIZE]
        narrowed = ExplorerFilter(text=text, value_kinds=["target"], sort="-year")
        assert list(filter_observations(database, narrowed)["obs_id"]) == \
            _rows_with_names_in_the_statement(database, narrowed)


def test_a_page_of_cities_far_apart_in_id_order_is_their_rows(synthetic_db):
    """A page whose rows are in two cities whose ids sort far apart (a synthetic copy's ids sort between them)
    is read from those two cities alone, and is the slice of every row."""
    selection = ExplorerFilter(text="城镇新增就业人数")
    groups = explorer_city_groups(synthetic_db, selection)
    first, second = groups[0][0], groups[1][0]
    assert any(first[0] < city < second[0] for city in filter_options(synthetic_db)["city_ids"])
    size = groups[0][1] + 1  # the whole first city and the first row of the second
    every = filter_observations(synthetic_db, selection)
    page = filter_observations(synthetic_db, selection, limit=size)
    pd.testing.assert_frame_equal(page, every.iloc[:size].reset_index(drop=True), check_exact=True)
    assert set(page["city_id"]) == {first[0], second[0]}


@pytest.mark.parametrize("sort", [*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)])
def test_every_sort_pages_as_it_sorts(synthetic_db, sort):
    city = filter_options(synthetic_db)["city_ids"][-1]
    assert_pages_are_slices(synthetic_db, ExplorerFilter(sort=sort), 97)
    assert_pages_are_slices(synthetic_db, ExplorerFilter(city_ids=[city], sort=sort), 13)


@pytest.mark.parametrize(("limit", "offset"), [(-1, 0), (10, -5), (2.5, 0), ("10", 0), (True, 0), (10, None)])
def test_bad_page_bounds_are_query_errors(db, limit, offset):  # noqa: F811
    with pytest.raises(QueryError):
        filter_observations(db, ExplorerFilter(), limit=limit, offset=offset)


# ---- the streamed downloads equal the DataFrame ones --------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_streamed_csv_is_byte_for_byte_todays_csv_on_the_real_data(real_db, lang):
    for selection in FILTERS:
        streamed = exports.explorer_export_bytes(real_db, selection, ".csv", lang)
        assert streamed.startswith(codecs.BOM_UTF8)
        expected = exports.with_reader_notes(filter_observations(real_db, selection), real_db, lang)
        assert streamed == exports.to_csv_bytes(expected, lang), selection
    everything = exports.explorer_export_bytes(real_db, ExplorerFilter(), ".csv", lang)
    rows = list(csv.reader(io.StringIO(everything.decode("utf-8-sig"), newline="")))
    assert len(rows) == count_observations(real_db) + 1 > 500


def test_streamed_parquet_has_todays_rows_and_columns_on_the_real_data(real_db):
    for selection in FILTERS:
        assert_same_table(exports.explorer_export_bytes(real_db, selection, ".parquet", "zh"),
                          exports.to_parquet_bytes(filter_observations(real_db, selection)))
    table = _parquet(exports.explorer_export_bytes(real_db, None, ".parquet", "en"))
    assert {"=", ">=", ">"} <= set(table["comparator"].to_pylist())  # the stored codes, not the words


CRAFTED = ['=HYPERLINK("http://127.0.0.9:9/","x")', "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=", "a\r=1", "-",
           "a\r\nb", "x\ny", 'say "hi", then', "#1", "  lead", "", "\r\n=2", "中文,逗号"]


@pytest.fixture(scope="module")
def crafted(fixture_dir, tmp_path_factory):  # noqa: F811
    """The fixture with text made to be formulas, quoted fields and line breaks in every kind of
    text column (values, provenance, notes, an indicator's names), and a comparator column."""
    data = tmp_path_factory.mktemp("crafted") / "data"
    shutil.copytree(fixture_dir, data)
    tables = build_tables()
    rows = tables["observations"].to_pylist()
    for index, row in enumerate(rows[:len(CRAFTED) * 2]):
        text = CRAFTED[index % len(CRAFTED)]
        row["raw_text"] = text
        row["note"] = text
        row["source_label"] = CRAFTED[(index + 3) % len(CRAFTED)]
        row["raw_unit"] = CRAFTED[(index + 5) % len(CRAFTED)]
        row["source_table"] = CRAFTED[(index + 7) % len(CRAFTED)]
    indicators = tables["indicators"].to_pylist()
    indicators[0]["name_en"] = '=cmd|" /C calc"!A0'
    indicators[0]["name_zh"] = "-2+3"
    put_tables(data, observations=pa.Table.from_pylist(rows, schema=tables["observations"].schema),
               indicators=pa.Table.from_pylist(indicators, schema=tables["indicators"].schema))
    database = Database(data)
    yield database
    database.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_crafted_rows_stream_to_the_same_csv_with_no_formula(crafted, lang):
    everything = filter_observations(crafted)
    assert set(CRAFTED) <= set(everything["raw_text"])
    for selection in (ExplorerFilter(), ExplorerFilter(sort="-value"), ExplorerFilter(text="=")):
        streamed = exports.explorer_export_bytes(crafted, selection, ".csv", lang)
        expected = exports.with_reader_notes(filter_observations(crafted, selection), crafted, lang)
        assert streamed == exports.to_csv_bytes(expected, lang), selection
    data = exports.explorer_export_bytes(crafted, None, ".csv", lang)
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(table) == len(everything) + 1  # every CR and LF inside a field is quoted: no extra row
    header = table[0]
    numeric = {header.index(exports.headers([name], lang)[0])
               for name in ("year", "value", "is_cumulative", "period_start", "period_end", "source_line")}
    cells = header + [value for row in table[1:] for position, value in enumerate(row) if position not in numeric]
    assert not [cell for cell in cells if cell.startswith(TRIGGERS)]
    raw = [row[header.index(exports.headers(["raw_text"], lang)[0])] for row in table[1:]]
    assert "'=HYPERLINK(\"http://127.0.0.9:9/\",\"x\")" in raw and "'-" in raw and "'\r=1" in raw
    assert "a\r\nb" in raw and 'say "hi", then' in raw and "#1" in raw and "  lead" in raw
    comparators = {row[header.index(exports.headers(["comparator"], lang)[0])] for row in table[1:]}
    assert "eq" in comparators and not comparators & {"=", "<=", "<", ">=", ">", "~"}


def test_crafted_rows_stream_to_the_same_parquet(crafted):
    for selection in (ExplorerFilter(), ExplorerFilter(city_ids=["jiangmen"], sort="source")):
        assert_same_table(exports.explorer_export_bytes(crafted, selection, ".parquet", "zh"),
                          exports.to_parquet_bytes(filter_observations(crafted, selection)))
    table = _parquet(exports.explorer_export_bytes(crafted, None, ".parquet", "zh"))
    assert set(CRAFTED) <= set(table["raw_text"].to_pylist())  # Parquet keeps the text as stored


# ---- XLSX: up to Excel's row limit --------------------------------------------------------------

def test_xlsx_download_fetches_the_rows_and_stops_at_the_row_limit(db, monkeypatch):  # noqa: F811
    selection = ExplorerFilter(city_ids=["zhanjiang"])
    n = count_observations(db, selection)
    book = openpyxl.load_workbook(io.BytesIO(exports.explorer_export_bytes(db, selection, ".xlsx", "zh")))
    assert book.worksheets[0].max_row == n + 1 and len(book.sheetnames) == 3
    assert exports.xlsx_fits(exports.XLSX_MAX_ROWS - 1) and not exports.xlsx_fits(exports.XLSX_MAX_ROWS)
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", n)  # the header takes one row: n rows no longer fit
    fetched = []
    monkeypatch.setattr(exports.explorer, "filter_observations", lambda *args, **kwargs: fetched.append(1))
    with pytest.raises(exports.ExportTooLarge, match="narrow the filter"):
        exports.explorer_export_bytes(db, selection, ".xlsx", "zh")
    assert not fetched  # refused on the count, before a row is read
    with pytest.raises(exports.ExportTooLarge):
        exports.to_xlsx_bytes(filter_observations(db, selection), "zh", db)


def test_cli_export_streams_csv_and_parquet_and_refuses_a_too_large_xlsx(fixture_dir, db, tmp_path, monkeypatch,  # noqa: F811
                                                                         capsys):
    selection = ExplorerFilter(city_ids=["jiangmen"], value_kinds=["target"])
    for suffix in (".csv", ".parquet"):
        out = tmp_path / f"rows{suffix}"
        assert cli_main(["--data", str(fixture_dir), "--lang", "zh", "export", "--out", str(out),
                         "--city", "jiangmen", "--kind", "target"]) == 0
        n = count_observations(db, selection)
        assert capsys.readouterr().out.strip() == f"wrote {n} rows to {out}"
    frame = filter_observations(db, selection)
    assert (tmp_path / "rows.csv").read_bytes() == exports.to_csv_bytes(frame, "zh")
    assert_same_table((tmp_path / "rows.parquet").read_bytes(), exports.to_parquet_bytes(frame))
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 2)
    assert cli_main(["--data", str(fixture_dir), "export", "--out", str(tmp_path / "rows.xlsx")]) == 2
    assert "narrow the filter" in capsys.readouterr().err and not (tmp_path / "rows.xlsx").exists()


# ---- the page -----------------------------------------------------------------------------------

def open_app(page_name: str, /, **params: str):
    """tests.apptest_helpers.open_app, for a link whose parameters may include `page` (the
    helper's own first argument is called page)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in params.items():
        if name in SHELL_PARAMS:
            at.query_params[name] = value
    at.run()
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(f"pages/{page_name}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _count_line(at) -> str:
    return next(m.value for m in at.markdown if "符合条件的记录" in m.value or "Matching rows" in m.value)


def test_page_shows_the_count_and_one_page(real_db):
    n = count_observations(real_db)
    assert n > PAGE_SIZE
    at = open_app("explorer")
    assert _count_line(at) == f"符合条件的记录：**{n:,}** 条，下表显示第 1–{PAGE_SIZE} 条"
    table = at.dataframe[0].value
    first_page = filter_observations(real_db, limit=PAGE_SIZE)
    assert len(table) == PAGE_SIZE
    assert table["原文摘录"].tolist() == first_page["quote"].tolist()
    at.number_input(key="page").set_value(2).run()
    assert at.query_params["page"] in ("2", ["2"])
    assert _count_line(at).endswith(f"显示第 {PAGE_SIZE + 1}–{min(2 * PAGE_SIZE, n)} 条")
    second_page = filter_observations(real_db, limit=PAGE_SIZE, offset=PAGE_SIZE)
    assert at.dataframe[0].value["原文摘录"].tolist() == second_page["quote"].tolist()
    # Other filters: back to page 1.
    at.multiselect(key="kind").set_value(["target"]).run()
    assert "page" not in at.query_params and "显示第 1–" in _count_line(at)


def test_page_from_a_link_is_kept_and_an_out_of_range_one_clamped(real_db):
    n = count_observations(real_db)
    last = -(-n // PAGE_SIZE)
    at = open_app("explorer", lang="en", page="2")
    assert _count_line(at) == f"Matching rows: **{n:,}**; the table shows rows {PAGE_SIZE + 1}–{min(2 * PAGE_SIZE, n)}"
    beyond = open_app("explorer", lang="en", page="999999999999999999999")
    assert beyond.query_params["page"] in (str(last), [str(last)])  # the link now names the page it shows
    assert _count_line(beyond).endswith(f"rows {(last - 1) * PAGE_SIZE + 1}–{n:,}")
    assert len(beyond.dataframe[0].value) == n - (last - 1) * PAGE_SIZE
    assert "page=" not in texts(beyond)  # clamped silently
    one_page = open_app("explorer", lang="en", page="5", kind="reported_completion_pct")
    small = count_observations(real_db, ExplorerFilter(value_kinds=["reported_completion_pct"]))
    assert small <= PAGE_SIZE and not one_page.number_input and "page" not in one_page.query_params
    assert _count_line(one_page) == f"Matching rows: **{small}**; the table shows rows 1–{small}"
    bad = open_app("explorer", lang="en", page="two")
    assert "page=two" in texts(bad) and "rows 1–" in _count_line(bad)


def test_xlsx_button_is_disabled_beyond_the_row_limit_with_a_message(real_db, monkeypatch):
    n = count_observations(real_db)
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", n)  # n rows + the header do not fit
    for lang, words in (("zh", "请缩小筛选范围"), ("en", "narrow the filters")):
        at = open_app("explorer", lang=lang)
        buttons = {button.proto.id.split("-")[-1]: button for button in at.get("download_button")}
        assert buttons["download_xlsx"].proto.disabled
        assert not buttons["download_csv"].proto.disabled and not buttons["download_parquet"].proto.disabled
        assert words in texts(at) and f"{n:,}" in texts(at)
    few = open_app("explorer", lang="en", kind="target")  # fewer rows fit: the button is enabled again
    buttons = {button.proto.id.split("-")[-1]: button for button in few.get("download_button")}
    assert not buttons["download_xlsx"].proto.disabled and "narrow the filters" not in texts(few)


def test_a_search_from_a_link_shows_its_count_and_rows(real_db):
    """The state `make bench` measures as "explorer (search)": the rows the search finds, counted and shown."""
    selection = ExplorerFilter(text="就业")
    n = count_observations(real_db, selection)
    assert n > 0
    at = open_app("explorer", q="就业", page="99")  # one page of rows: the page is clamped to it
    assert _count_line(at) == f"符合条件的记录：**{n:,}** 条，下表显示第 1–{min(n, PAGE_SIZE)} 条"
    rows = filter_observations(real_db, selection, limit=PAGE_SIZE)
    assert at.dataframe[0].value["原文摘录"].tolist() == rows["quote"].tolist()
