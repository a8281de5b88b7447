"""The Sources page at hundreds of documents (issue 24): the list of documents is filtered by city,
province, kind and plan period (each in the link) and shown one page at a time; the source
coverage and "read a document" follow the filters. Expected sets come from pyarrow over the
Parquet files of a fictional generation (tests.synthetic: 500 documents), not from the code under
test. The first render at 1,000× against the real data is in tests/test_benchmark_ratios.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import source_documents
from tests import synthetic
from tests.apptest_helpers import notices, open_app, shown
from tests.conftest import COMMITTED_DATA
from tests.generation_helpers import current_tables
from ui.i18n import t

COPIES = 100  # 500 documents, as at 1,000×


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    return synthetic.build(tmp_path_factory.mktemp("sources") / "docs", COPIES, 1, source_dir=COMMITTED_DATA)


@pytest.fixture(scope="module")
def tables(many) -> dict:
    tables = current_tables(many)
    return {"documents": tables["documents"].to_pylist(), "cities": tables["cities"].to_pylist()}


@pytest.fixture
def app(many, monkeypatch):
    monkeypatch.setenv("PLAN_DATA_DIR", str(many))
    return lambda **params: open_app("sources", **params)


def _listed(at) -> list[str]:
    """The file names in the documents table (the page's st.table)."""
    table = at.get("table")[0].value
    (column,) = [name for name in table.columns if name in (t("col_file", "en"), t("col_file", "zh"))]
    return [shown(name) for name in table[column]]


def _picker_files(at) -> list[str]:
    return [shown(option).split(" · ")[0] for option in at.selectbox(key="document_text").options]


def test_a_page_of_the_list_and_the_count_of_all(app, tables):
    at = app(lang="en")
    n = len(tables["documents"])
    assert n == 5 * COPIES
    files = _listed(at)
    assert len(files) == source_documents.PAGE_SIZE < n
    assert f"Matching documents: **{n:,}**" in "\n".join(m.value for m in at.markdown)
    # the last page holds what is left; a page past the end shows the last one
    last = app(lang="en", doc_page="9999")
    expected_last = n - (source_documents.page_count(n) - 1) * source_documents.PAGE_SIZE
    assert len(_listed(last)) == expected_last and not set(_listed(last)) & set(files)


def test_province_and_kind_filters_list_exactly_the_matching_documents(app, tables):
    province_of = {city["city_id"]: city["province_zh"] for city in tables["cities"]}
    province = sorted(set(province_of.values()))[-1]
    kind = "annual_report"
    expected = sorted(doc["source_file"] for doc in tables["documents"]
                      if province_of[doc["city_id"]] == province and doc["kind"] == kind)
    assert 0 < len(expected) <= source_documents.PAGE_SIZE
    at = app(lang="zh", province=province, doc_kind=kind)
    assert sorted(_listed(at)) == expected
    assert sorted(_picker_files(at)) == expected  # "read a document" offers the filtered ones
    coverage = at.get("dataframe")[1].value  # the catalogue first, then the source coverage
    assert sorted(coverage[coverage.columns[0]]) == expected


def test_city_and_no_plan_period_filters(app, tables):
    city = tables["documents"][-1]["city_id"]
    expected = sorted(doc["source_file"] for doc in tables["documents"]
                      if doc["city_id"] == city and doc["plan_period"] is None)
    assert expected
    at = app(lang="en", doc_period=source_documents.NO_PERIOD, doc_page="2")
    if "doc_city_find" in {box.key for box in at.text_input}:  # more cities than the filter lists: find it first
        name = next(row["name_en"] for row in tables["cities"] if row["city_id"] == city)
        at.text_input(key="doc_city_find").input(name).run()
    at.multiselect(key="doc_city").set_value([city]).run()  # chosen on the page: into the link, page 1 again
    assert sorted(_listed(at)) == expected
    assert at.query_params["doc_city"] in (city, [city]) and "doc_page" not in at.query_params


def test_a_filter_no_document_matches_says_so_and_a_bad_value_is_noticed(app, tables):
    # a real period but a kind no document of it has
    periods = {doc["plan_period"] for doc in tables["documents"] if doc["kind"] == "annual_report"}
    assert periods == {None}
    at = app(lang="en", doc_kind="annual_report", doc_period="13th")
    assert not at.get("table")
    assert any("No document matches" in shown(info.value) for info in at.info)
    bad = app(lang="en", doc_kind="not_a_kind")
    assert len(_listed(bad)) == source_documents.PAGE_SIZE
    assert any("doc_kind=not_a_kind" in text for text in notices(bad))


def test_the_real_data_by_city():
    at = open_app("sources", lang="en", doc_city="jingdezhen")
    documents = current_tables(COMMITTED_DATA)["documents"].to_pylist()
    expected = sorted(doc["source_file"] for doc in documents if doc["city_id"] == "jingdezhen")
    assert sorted(_listed(at)) == expected


def test_read_a_document_offers_the_listed_page_and_keeps_the_one_being_read(app, tables):
    at = app(lang="en", doc_page="2")
    listed = _listed(at)
    assert _picker_files(at) == listed and len(listed) == source_documents.PAGE_SIZE  # not all 500 documents
    reading = listed[3]
    at.selectbox(key="document_text").set_value(reading).run()
    at.number_input(key="doc_page").set_value(3).run()
    page_three = _listed(at)
    assert reading not in page_three
    assert _picker_files(at) == [reading, *page_three]  # the one being read stays, first
    assert at.selectbox(key="document_text").value == reading
