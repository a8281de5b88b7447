"""The table reader on small crafted tables: each layout rule on its own, asserted cell by cell.

The lines are FICTIONAL (invented numbers, labels of the catalogue so no indicator is added);
the documents under tests/documents/tables/ go through `add` end to end (test_table_layouts.py).
What today's sources hold is unchanged (test_tables.py, and data/ rebuilds byte-identical).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.ingest import blocks
from analytics.ingest.sources import SourceDocument, SourceError
from analytics.ingest.tables import _title_label, discover_tables, parse_table

DOC = {"doc_id": "fictional_plan", "source_file": "fictional.txt", "city_id": "jiangmen", "plan_period": "14th"}


def _doc(text: str) -> SourceDocument:
    return SourceDocument(DOC, Path("fictional.txt"), "0" * 64, tuple(text.split("\n")))


def _read(text: str) -> tuple[list[dict], list]:
    doc, unread = _doc(text), []
    rows = [row for layout in discover_tables(doc, unread) for row in parse_table(doc, layout, None, unread)]
    return rows, unread


def _cells(rows: list[dict]) -> set[tuple]:
    return {(row["source_line"], row["indicator_id"], row["value_kind"], row["year"], row["value"], row["comparator"],
             row["district"], row["attribute"]) for row in rows}


def test_a_section_line_without_tabs_does_not_end_the_table():
    rows, unread = _read("专栏1 主要指标\n指标\t单位\t2025年目标\n一、就业\n城镇新增就业人数\t万人\t[6]\n"
                         "\n二、失业\n城镇登记失业率\t%\t4.5以内\n\n第三章 保障措施\n正文。")
    assert {(r["source_line"], r["value"]) for r in rows} == {(4, 6), (7, 4.5)}
    assert not unread


def test_a_table_ends_at_prose_a_note_or_a_new_title():
    text = "表1 指标\n指标\t单位\t2025年目标\n城镇新增就业人数\t万人\t6\n注：虚构。\n城镇登记失业率\t%\t4"
    rows, _ = _read(text)
    assert [r["source_line"] for r in rows] == [3]
    (block,) = blocks.table_blocks(_doc(text).lines, ["表"], lambda cells: False)
    assert block.notes == [(4, "注：虚构。")] and block.end_line == 4


def test_year_only_columns_take_their_kind_from_the_plan_period():
    rows, _ = _read("表1 “十四五”主要指标\n指标\t单位\t2019年\t2020年\t2023年\t2025年\n"
                    "城镇新增就业人数\t万人\t1\t2\t3\t4")
    assert [(r["value_kind"], r["year"]) for r in rows] == [("actual", 2019), ("baseline", 2020), ("target", 2023),
                                                            ("target", 2025)]


def test_an_estimate_is_the_baseline_at_the_base_year_and_an_actual_later():
    rows, _ = _read("表1 主要指标\n指标\t单位\t2020年预计数\t2025年目标\t2025年预计值\n"
                    "城镇新增就业人数\t万人\t5\t6\t6.2")
    kinds = {(r["value_kind"], r["year"]): r for r in rows}
    assert set(kinds) == {("baseline", 2020), ("target", 2025), ("actual", 2025)}
    assert "expected outturn" in kinds[("baseline", 2020)]["note"] and not kinds[("target", 2025)]["note"]


def test_a_growth_column_is_a_pace_target_in_percent():
    rows, _ = _read("表1 主要指标\n指标\t单位\t2020年\t2025年\t年均增长（%）\n城镇新增就业人数\t万人\t5\t6\t3.7")
    (growth,) = [r for r in rows if r["value_kind"] == "target_growth_pct"]
    assert (growth["value"], growth["unit"], growth["year"], growth["is_cumulative"]) == (3.7, "%", 2025, False)


def test_a_two_row_header_joins_group_and_sub_row():
    rows, _ = _read("表1 主要指标\n指标\t单位\t“十三五”\t\t“十四五”\n\t\t2020年目标\t2020年完成\t2025年目标\n"
                    "城镇登记失业率\t%\t4.5\t3.9\t4.5以内")
    assert [(r["value_kind"], r["year"], r["value"]) for r in rows] == [("target", 2020, 4.5), ("actual", 2020, 3.9),
                                                                         ("target", 2025, 4.5)]


def test_units_in_the_header_and_under_the_title():
    rows, _ = _read("表1 主要指标\n指标\t2025年目标（人）\n城镇新增就业人数\t60000\n\n"
                    "表2 其他指标\n单位：人\n（截至2025年底）\n指标\t2025年目标\n城镇新增就业人数\t50000")
    assert sorted(r["value"] for r in rows) == [5.0, 6.0]  # 人 converted to the indicator's 万人
    (layout,) = discover_tables(_doc("表2 其他指标\n单位：人\n（截至2025年底）\n指标\t2025年目标\n"
                                     "城镇新增就业人数\t50000"))
    assert any("截至2025年底" in reading and "not data" in reading for reading in layout.readings)


def test_a_category_column_is_carried_down_and_a_blank_header_over_numbers_is_the_row_number():
    rows, unread = _read("表1 主要指标\n\t类别\t指标\t单位\t2025年目标\n1\t就业\t城镇新增就业人数\t万人\t6\n"
                         "2\t\t城镇登记失业率\t%\t4.5以内")
    assert len(rows) == 2 and not unread


def test_a_continuation_over_a_page_break_is_one_table():
    rows, unread = _read("专栏2 主要指标\n序号\t指标\t单位\t2025年目标\n1\t城镇新增就业人数\t万人\t6\n\n- 12 -\n\n"
                         "专栏2（续）\n序号\t指标\t单位\t2025年目标\n2\t城镇登记失业率\t%\t4.5以内\n续上表\n"
                         "3\t城镇调查失业率\t%\t5.5以内")
    assert [(r["source_line"], r["source_table"]) for r in rows] == [(3, "专栏2"), (9, "专栏2"), (11, "专栏2")]
    assert not unread


def test_a_district_column_makes_district_rows_and_the_city_row_the_citys():
    rows, _ = _read("表3 各县（市、区）城镇新增就业人数目标分解（万人）\n县（市、区）\t2025年目标\n"
                    "东林区\t[2]\n西林县\t[1.5]\n全市\t[3.5]")
    assert {(r["district"], r["value"], r["indicator_id"]) for r in rows} == {
        ("东林区", 2, "urban_new_jobs"), ("西林县", 1.5, "urban_new_jobs"), (None, 3.5, "urban_new_jobs")}


def test_full_width_cells_ranges_and_footnote_marks():
    rows, _ = _read("表1 主要指标\n指标\t单位\t2025年目标\n城镇新增就业人数*\t万人\t［６．５］\n"
                    "城镇登记失业率\t%\t3%-4%\n注：带*为约束性指标，其余为预期性指标。")
    assert _cells(rows) == {(3, "urban_new_jobs", "target", 2025, 6.5, "=", None, "binding"),
                            (4, "urban_registered_unemployment_rate", "target", 2025, 3, ">=", None, "expected"),
                            (4, "urban_registered_unemployment_rate", "target", 2025, 4, "<=", None, "expected")}
    assert {r["source_label"] for r in rows} == {"城镇新增就业人数", "城镇登记失业率"}


def test_one_bad_cell_or_row_is_reported_and_the_rest_is_read():
    text = ("表1 主要指标\n指标\t单位\t2020年基数\t2025年目标\n城镇新增就业人数\t万人\t5\t稳步提高\n"
            "城镇登记失业率\t%\t4\n城镇调查失业率\t%\t5\t5.5以内")
    rows, unread = _read(text)
    assert {(r["source_line"], r["value_kind"]) for r in rows} == {(3, "baseline"), (5, "baseline"), (5, "target")}
    assert [(item.line, item.what) for item in unread] == [(3, "cell"), (4, "row")]
    assert "稳步提高" in unread[0].text and "3 cells, the header has 4" in unread[1].reason
    with pytest.raises(SourceError, match=r"fictional\.txt:3: column 2025年目标: unknown notation '稳步提高'"):
        parse_table(_doc(text), discover_tables(_doc(text))[0])  # strict, as rule tests want


def test_a_header_word_with_no_role_is_one_unread_column():
    rows, unread = _read("表1 主要指标\n指标\t单位\t2025年目标\t备考\n城镇新增就业人数\t万人\t6\t见说明")
    assert [r["value"] for r in rows] == [6]
    assert [(item.what, item.line) for item in unread] == [("column", 2), ("cell", 3)]


def test_a_table_with_no_label_column_is_reported_not_refused():
    rows, unread = _read("表1 目标\n单位\t2025年目标\n万人\t6\n\n"
                         "表2 主要指标\n指标\t单位\t2025年目标\n城镇新增就业人数\t万人\t6")
    assert len(rows) == 1 and [(item.what, item.line) for item in unread] == [("table", 1)]


@pytest.mark.parametrize(("title", "label", "unit"), [
    ("表3 各县（市、区）城镇新增就业目标分解（万人）", "城镇新增就业", "万人"),
    ("表4 “十四五”各区县城镇登记失业率控制目标", "城镇登记失业率控制", None),
    ("专栏5 2021-2025年分县区零工市场服务人次目标任务分解表", "零工市场服务人次", None),
])
def test_the_indicator_a_district_table_is_about_comes_from_its_title(title, label, unit):
    assert _title_label(title) == (label, unit)


def test_a_broken_row_keeps_its_number():
    rows, unread = _read("表1 主要指标\n序号\t指标\t单位\t2025年目标\n1\t城镇新增就业人数\t万人\t6\t多余\n"
                         "2\t城镇登记失业率\t%\t4.5以内")
    assert [item.what for item in unread] == ["row"] and [r["source_line"] for r in rows] == [4]


def test_a_label_header_with_a_bracketed_note_is_the_label_column():
    rows, unread = _read("表1 主要指标\n指标（单位）\t2025年目标\n城镇新增就业人数（万人）\t6\n"
                         "城镇登记失业率（%）\t4.5以内")
    assert [(r["indicator_id"], r["value"]) for r in rows] == [("urban_new_jobs", 6),
                                                                ("urban_registered_unemployment_rate", 4.5)]
    assert not unread


def test_a_document_whose_every_table_is_unread_says_so():
    from analytics.ingest import _check_every_document_read
    from analytics.ingest.tables import Unread

    doc = _doc("表1 目标\n单位\t2025年目标\n万人\t6")
    _, unread = _read("\n".join(doc.lines))
    with pytest.raises(SourceError, match=r"fictional\.txt:1: nothing could be read from this document: 1 table\(s\), "
                                          r"row\(s\) or cell\(s\) .* the first because 表1 header .* needs a label"):
        _check_every_document_read({"fictional.txt": doc}, [], unread)
    assert isinstance(unread[0], Unread)


def test_notes_end_where_the_next_heading_or_table_starts_without_a_blank_line():
    """A PDF's text has no blank lines: a note, its items, a heading, prose and the next title follow each other."""
    text = ("表1 主要指标\n指标\t单位\t2025年目标\n城镇新增就业人数\t万人\t6\n注：1.虚构。\n2.仍是虚构。\n"
            "第三章 保障措施\n加强组织领导。\n表2 其他指标\n指标\t单位\t2025年目标\n城镇登记失业率\t%\t4.5以内")
    rows, unread = _read(text)
    assert [r["source_line"] for r in rows] == [3, 10] and not unread
    first, _ = blocks.table_blocks(_doc(text).lines, ["表"], lambda cells: False)
    assert [line for line, _ in first.notes] == [4, 5]
