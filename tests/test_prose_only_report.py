"""A work report written all in prose, added and rebuilt with no rule written for it.

tests/documents/prose/930_qiushui_2026_work_report.txt is FICTIONAL (a city 秋水 that does not
exist, invented numbers): no table, every figure in a sentence, as annual work reports are. `add`
takes its city and year from the title; every figure is read by the generic prose reader and
stored marked machine, or listed unread with why; the pages show them, marked.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest

from analytics import catalogue, labels
from tests.added_world import add_and_rebuild
from tests.apptest_helpers import open_app, texts
from tests.generation_helpers import table_path

REPORT = Path(__file__).parent / "documents" / "prose" / "930_qiushui_2026_work_report.txt"
MARK = {"en": "⚙ machine-read, not reviewed", "zh": "⚙ 机器读取，未经人工核对"}


@pytest.fixture(scope="module")
def world(sources_dir, tmp_path_factory):
    built = add_and_rebuild(sources_dir, tmp_path_factory.mktemp("prose_world"), REPORT)
    data = built.data
    rows = [row for row in pq.read_table(table_path(data, "observations")).to_pylist()
            if row["source_file"] == REPORT.name]
    figures = [row for row in pq.read_table(table_path(data, "source_figures")).to_pylist()
               if row["source_file"] == REPORT.name]
    documents = pq.read_table(table_path(data, "documents")).to_pylist()
    return SimpleNamespace(data=data, added=built.added, rows=rows, figures=figures, documents=documents)


def test_city_and_year_come_from_the_title(world):
    (doc,) = [row for row in world.documents if row["source_file"] == REPORT.name]
    assert (doc["city_id"], doc["kind"], doc["doc_id"]) == ("qiushui", "annual_report", "qiushui_2026_work_report")
    assert "Tables: 0" in world.added.stdout and "Prose: " in world.added.stdout


def test_every_figure_is_read_by_machine_or_listed_with_why(world):
    assert world.rows and {row["reading"] for row in world.rows} == {"machine"}
    assert all(0 < row["confidence"] <= 1 and row["note"].startswith("Read by machine") for row in world.rows)
    assert {row["status"] for row in world.figures} <= {"read", "unread"}
    assert all(row["reason"] for row in world.figures if row["status"] == "unread")
    read = sum(row["status"] == "read" for row in world.figures)
    assert read >= 0.8 * len(world.figures)  # the document was written for people, not for this reader


@pytest.mark.parametrize(("line", "text", "expected"), [
    # 全市城镇新增就业3.26万人 (2026 review)
    (7, "3.26万人", ("urban_new_jobs", "actual", 2026, 3.26, "万人", "=", "year", None)),
    # 就业困难人员实现就业1860人: 人 into the indicator's 万人
    (7, "1860人", ("hard_to_employ_employed", "actual", 2026, 0.186, "万人", "=", "year", None)),
    # 城镇登记失业率为2.41%，控制在3.5%以内: the rate, and the year's own control target
    (7, "2.41%", ("urban_registered_unemployment_rate", "actual", 2026, 2.41, "%", "=", "year", None)),
    (7, "3.5%以内", ("urban_registered_unemployment_rate", "target", 2026, 3.5, "%", "<=", "year", "annual")),
    # 失业保险参保人数21.6万人
    (11, "21.6万人", ("unemployment_insurance_insured", "actual", 2026, 21.6, "万人", "=", "year", None)),
    # 月人均养老金提高至2860元, 每人每月210元: money a month, in the indicators' 元/月
    (15, "2860元", ("employee_avg_monthly_pension", "actual", 2026, 2860.0, "元/月", "=", "year", None)),
    (15, "210元", ("resident_basic_pension_minimum", "actual", 2026, 210.0, "元/月", "=", "year", None)),
    # 发放创业担保贷款182笔共0.96亿元: a label read for two indicators names the one each unit fits
    (7, "182笔", ("business_guarantee_loans_count", "actual", 2026, 182.0, "笔", "=", "year", None)),
    (7, "0.96亿元", ("business_guarantee_loans", "actual", 2026, 0.96, "亿元", "=", "year", None)),
    # 二、2027年工作计划: 全年城镇新增就业3万人以上
    (19, "3万人以上", ("urban_new_jobs", "target", 2027, 3.0, "万人", ">=", "year", "annual")),
])
def test_golden_values_read_from_sentences(world, line, text, expected):
    (row,) = [row for row in world.rows if row["source_line"] == line and row["raw_text"] == text]
    assert (row["indicator_id"], row["value_kind"], row["year"], round(row["value"], 6), row["unit"],
            row["comparator"], row["span_kind"], row["target_scope"]) == expected
    assert text in row["quote"] and row["quote"] in REPORT.read_text(encoding="utf-8").splitlines()[line - 1]


def test_new_said_once_for_a_series_and_a_time_word_are_read_as_such(world):
    """新建零工市场2家、就业驿站7家: both are counts of what is new; 目前有48家…机构入驻: 目前 is no part of it."""
    labels = {row["raw_text"]: row["source_label"] for row in world.rows if row["source_line"] == 15}
    assert (labels["2家"], labels["7家"]) == ("新建零工市场", "新建就业驿站")
    assert labels["48家"] == "人力资源服务机构"


def test_a_label_no_indicator_claims_became_an_unreviewed_indicator(world):
    novel = [row for row in world.rows if row["indicator_id"] not in catalogue.indicators()]
    assert novel  # the report says things no catalogue name or reviewed label names
    table = pq.read_table(table_path(world.data, "indicators")).to_pylist()
    indicators = {item["indicator_id"]: item for item in table}
    for row in novel:
        indicator = indicators[row["indicator_id"]]
        assert indicator["reviewed"] is False and indicator["unit"] == row["unit"], row["source_label"]


@pytest.mark.parametrize("page", ["overview", "compare", "trends", "explorer", "sources"])
def test_the_report_shows_on_the_pages(world, page, monkeypatch):
    monkeypatch.setenv("PLAN_DATA_DIR", str(world.data))
    params = {"city": "qiushui"} if page in ("explorer", "overview") else {}
    if page in ("compare", "trends"):
        params = {"indicator": "urban_new_jobs", "city": ["jiangmen", "qiushui"]}
    at = open_app(page, lang="zh", **params)
    assert not at.exception and not at.error, page
    charts = "\n".join(element.proto.spec for element in at.get("plotly_chart"))
    frames = "\n".join(frame.value.to_string() for frame in at.get("dataframe"))
    assert "秋水" in texts(at) + charts + frames, page


def test_the_explorer_marks_every_value_of_the_report(world, monkeypatch):
    monkeypatch.setenv("PLAN_DATA_DIR", str(world.data))
    at = open_app("explorer", lang="en", city="qiushui")
    (table,) = [frame.value for frame in at.get("dataframe")]
    assert len(table) and set(table[labels.label("column", "reading", "en")]) == {MARK["en"]}
