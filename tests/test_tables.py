"""The indicator tables (专栏1/专栏2) of the three plans: golden cells read from the real sources.

Every golden value below is checked twice: against the row ingestion produced, and against
the source line itself (read straight from the file), so a wrong line number or a value that
is not in the document fails the test.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter

import pytest

from analytics import catalogue, paths
from analytics.ingest.sources import SourceError, read_documents
from analytics.ingest.tables import discover_tables, extract_table_observations, find_table, parse_table, ratios

JM, JD, ZJ = "000_d92a957b28094439.txt", "001_ec0a8e65957f0800.txt", "003_752116bdcc71a0d2.txt"
CUM_12, CUM_13, CUM_14 = (2011, 2015), (2016, 2020), (2021, 2025)


@pytest.fixture(scope="module")
def documents(sources_dir):
    return read_documents(sources_dir)


@pytest.fixture(scope="module")
def rows(documents):
    return extract_table_observations(documents)


def source_line(sources_dir, file_name: str, line: int) -> str:
    return (sources_dir / file_name).read_text(encoding="utf-8").split("\n")[line - 1]


# file, line, label as written, indicator, value_kind, year, raw cell, value, comparator, span, attribute, unit
GOLDEN = [
    # 江门 专栏1: 12th-plan targets vs 2015 actuals, no 属性 column
    (JM, 131, "城镇新增就业人数", "urban_new_jobs", "target", 2015, "[22.5]", 22.5, "=", CUM_12, None, "万人"),
    (JM, 131, "城镇新增就业人数", "urban_new_jobs", "actual", 2015, "23.4", 23.4, "=", CUM_12, None, "万人"),
    (JM, 132, "城镇登记失业率", "urban_registered_unemployment_rate", "target", 2015, "3.2%以内", 3.2, "<=", None,
     None, "%"),
    (JM, 132, "城镇登记失业率", "urban_registered_unemployment_rate", "actual", 2015, "2.4 以内", 2.4, "<=", None,
     None, "%"),
    (JM, 134, "农村劳动力转移就业", "rural_labour_transferred", "target", 2015, "[10]", 10, "=", CUM_12, None, "万人"),
    (JM, 135, "本省户籍二三产业从业人员养老保险参保率", "secondary_tertiary_workers_pension_coverage_rate", "actual",
     2015, "98", 98, "=", None, None, "%"),
    (JM, 136, "城乡基本医疗保险参保人数", "basic_medical_insurance_insured", "actual", 2015, "386.99", 386.99, "=",
     None, None, "万人"),
    (JM, 138, "全市失业保险参保人数", "unemployment_insurance_insured", "target", 2015, "60.6", 60.6, "=", None, None,
     "万人"),
    (JM, 142, "其中：企业经营管理人才", "enterprise_management_talent", "actual", 2015, "18.91", 18.91, "=", None,
     None, "万人"),
    (JM, 147, "高技能人才占技能劳动者比例", "high_skilled_share_of_skilled_workers", "actual", 2015, "20.9", 20.9, "=",
     None, None, "%"),
    # 江门 专栏2: 2015 base, 2018 and 2020 targets, 属性
    (JM, 214, "城镇新增就业人数", "urban_new_jobs", "baseline", 2015, "[23.4]", 23.4, "=", CUM_12, "expected", "万人"),
    (JM, 214, "城镇新增就业人数", "urban_new_jobs", "target", 2018, "[13.5]", 13.5, "=", (2016, 2018), "expected",
     "万人"),
    (JM, 214, "城镇新增就业人数", "urban_new_jobs", "target", 2020, "[22.5]", 22.5, "=", CUM_13, "expected", "万人"),
    (JM, 215, "城镇登记失业率", "urban_registered_unemployment_rate", "baseline", 2015, "2.5 以内", 2.5, "<=", None,
     "expected", "%"),
    (JM, 217, "基本养老保险参保率", "basic_pension_coverage_rate", "target", 2020, "98", 98, "=", None, "binding", "%"),
    (JM, 218, "基本医疗保险参保率", "basic_medical_insurance_coverage_rate", "baseline", 2015, "98.72%", 98.72, "=",
     None, "binding", "%"),
    (JM, 224, "高、中、初级专业技术人才比例", "senior_share_of_professional_technical_talent", "baseline", 2015,
     "6.6:32.9:60.5", 6.6, "=", None, "expected", "%"),
    (JM, 224, "高、中、初级专业技术人才比例", "intermediate_share_of_professional_technical_talent", "baseline", 2015,
     "6.6:32.9:60.5", 32.9, "=", None, "expected", "%"),
    (JM, 224, "高、中、初级专业技术人才比例", "junior_share_of_professional_technical_talent", "baseline", 2015,
     "6.6:32.9:60.5", 60.5, "=", None, "expected", "%"),
    (JM, 224, "高、中、初级专业技术人才比例", "junior_share_of_professional_technical_talent", "target", 2020,
     "8:40:52", 52, "=", None, "expected", "%"),
    (JM, 227, "省级以上创新创业团队", "provincial_innovation_teams", "target", 2020, "4", 4, "=", None, "expected",
     "个"),
    (JM, 229, "千人计划、珠江人才计划人选", "thousand_talents_pearl_river_selectees", "target", 2018, "15", 15, "=",
     None, "expected", "人"),
    (JM, 233, "劳动人事争议调解成功率", "labour_dispute_mediation_success_rate", "baseline", 2015, "—", None, None,
     None, "binding", "%"),
    (JM, 233, "劳动人事争议调解成功率", "labour_dispute_mediation_success_rate", "target", 2018, ">60", 60, ">", None,
     "binding", "%"),
    (JM, 235, "劳动保障监察举报投诉案件结案率", "labour_inspection_case_closure_rate", "target", 2020, ">98", 98, ">",
     None, "binding", "%"),
    (JM, 237, "社会保障卡持卡人口覆盖率", "social_security_card_coverage_rate", "target", 2020, "94.5", 94.5, "=", None,
     "expected", "%"),
    # 景德镇 专栏1: units inside the name, numbered "1. "
    (JD, 44, "五年城镇新增就业人数", "urban_new_jobs", "target", 2015, "13.3", 13.3, "=", CUM_12, None, "万人"),
    (JD, 44, "五年城镇新增就业人数", "urban_new_jobs", "actual", 2015, "18.17", 18.17, "=", CUM_12, None, "万人"),
    # 新增转移农业劳动力 26.7 / 13.39: 2011-2015 totals, no brackets (table_overrides.yaml: a flow, and 26.7 万 in one
    # year is five times the 13th plan's 1.87 万人 a year, 001:135)
    (JD, 46, "新增转移农业劳动力", "rural_labour_transferred", "target", 2015, "26.7", 26.7, "=", CUM_12, None, "万人"),
    (JD, 46, "新增转移农业劳动力", "rural_labour_transferred", "actual", 2015, "13.39", 13.39, "=", CUM_12, None,
     "万人"),
    (JD, 45, "城镇登记失业率", "urban_registered_unemployment_rate", "target", 2015, "<3.5", 3.5, "<", None, None, "%"),
    (JD, 45, "城镇登记失业率", "urban_registered_unemployment_rate", "actual", 2015, "<3.5", 3.5, "<", None, None, "%"),
    (JD, 47, "城镇基本养老保险参保人数", "urban_employee_pension_insured", "actual", 2015, "42.32", 42.32, "=", None,
     None, "万人"),
    (JD, 48, "新型农村社会养老保险参保人数", "resident_pension_insured", "actual", 2015, "54.40", 54.4, "=", None, None,
     "万人"),
    (JD, 53, "社会保障卡发卡数量", "social_security_cards_issued", "actual", 2015, "87.5", 87.5, "=", None, None,
     "万张"),
    (JD, 56, "新增高技能人才总量", "new_high_skilled_talent", "target", 2015, "2.05", 2.05, "=", None, None, "万人"),
    (JD, 58, "最低工资标准年均增长率", "minimum_wage_annual_growth_rate", "target", 2015, ">13", 13, ">", None, None,
     "%"),
    # 景德镇 专栏2: 2015 base vs 2020 target, 属性
    (JD, 105, "城镇新增就业人数", "urban_new_jobs", "baseline", 2015, "2.31", 2.31, "=", None, "expected", "万人"),
    (JD, 106, "城镇调查失业率", "urban_surveyed_unemployment_rate", "target", 2020, "4.5%", 4.5, "=", None, "expected",
     "%"),
    # 21 亿元: the 2016-2020 total the text states (001:139), the 2015 base 4.2 one year (table_overrides.yaml)
    (JD, 107, "小额信用担保贷款", "business_guarantee_loans", "target", 2020, "21", 21, "=", (2016, 2020), "expected",
     "亿元"),
    (JD, 107, "小额信用担保贷款", "business_guarantee_loans", "baseline", 2015, "4.2", 4.2, "=", None, "expected",
     "亿元"),
    (JD, 109, "城镇职工基本养老保险参保人数", "urban_employee_pension_insured", "target", 2020, "42.62", 42.62, "=",
     None, "binding", "万人"),
    (JD, 119, "博士及高级职称以上高层次人才", "high_level_talent_phd_or_senior_title", "baseline", 2015, "0.77", 0.77,
     "=", None, "expected", "万人"),
    (JD, 123, "劳动人事争议仲裁结案率", "labour_dispute_arbitration_closure_rate", "target", 2020, "93", 93, "=", None,
     "expected", "%"),
    # 湛江 专栏1: 13th-plan target, achieved value, completion %, 属性
    (ZJ, 103, "城镇累计新增就业人数", "urban_new_jobs", "target", 2020, "[37.5]", 37.5, "=", CUM_13, "expected",
     "万人"),
    (ZJ, 103, "城镇累计新增就业人数", "urban_new_jobs", "actual", 2020, "[38.39]", 38.39, "=", CUM_13, "expected",
     "万人"),
    (ZJ, 103, "城镇累计新增就业人数", "urban_new_jobs", "reported_completion_pct", 2020, "102.36", 102.36, "=", None,
     "expected", "%"),
    (ZJ, 104, "城镇登记失业率", "urban_registered_unemployment_rate", "target", 2020, "3.5 以内", 3.5, "<=", None,
     "expected", "%"),
    (ZJ, 104, "城镇登记失业率", "urban_registered_unemployment_rate", "actual", 2020, "2.47", 2.47, "=", None,
     "expected", "%"),
    (ZJ, 104, "城镇登记失业率", "urban_registered_unemployment_rate", "reported_completion_pct", 2020, "控制在目标内",
     None, None, None, "expected", "%"),
    (ZJ, 106, "城镇职工基本养老保险参保人数(含离退休)", "urban_employee_pension_insured", "actual", 2020, "147.18",
     147.18, "=", None, "binding", "万人"),
    (ZJ, 107, "其中:执行企业制度的在职职工", "enterprise_scheme_active_employees_pension_insured",
     "reported_completion_pct", 2020, "113.13", 113.13, "=", None, "binding", "%"),
    (ZJ, 115, "企业劳动合同签订率", "labour_contract_signing_rate", "reported_completion_pct", 2020, "103.79", 103.79,
     "=", None, "expected", "%"),
    (ZJ, 120, "社会保障卡持卡人数", "social_security_card_holders", "target", 2020, "685", 685, "=", None, "binding",
     "万人"),
    # 湛江 专栏2: 2020 base, 2025 target, 属性
    (ZJ, 185, "城镇新增就业人数", "urban_new_jobs", "baseline", 2020, "[38.9]", 38.9, "=", CUM_13, "expected", "万人"),
    (ZJ, 185, "城镇新增就业人数", "urban_new_jobs", "target", 2025, "[25.0]", 25.0, "=", CUM_14, "expected", "万人"),
    (ZJ, 190, "城乡居民基本养老保险基金委托投资资金总额", "resident_pension_fund_entrusted_investment", "target", 2025,
     "100000", 100000, "=", None, "expected", "万元"),
    (ZJ, 194, "新增取得职业资格证书或职业技能等级证书人数", "new_vocational_certificate_holders", "baseline", 2020, "-",
     None, None, None, "expected", "人次"),
    (ZJ, 195, "其中：新增取得高级工以上职业资格证书或职业技能等级证书人数",
     "new_advanced_vocational_certificate_holders", "target", 2025, "[20000]", 20000, "=", CUM_14, "expected", "人次"),
    (ZJ, 196, "技工院校招生人数", "technical_school_enrolment", "baseline", 2020, "5880", 5880, "=", None, "expected",
     "人"),
    (ZJ, 197, "开展补贴性职业技能培训人数", "subsidised_vocational_training", "baseline", 2020, "[141609]", 141609, "=",
     CUM_13, "expected", "人次"),
    (ZJ, 201, "劳动人事争议调解成功率", "labour_dispute_mediation_success_rate", "target", 2025, ">60", 60, ">", None,
     "expected", "%"),
    (ZJ, 204, "劳动监察举报投诉案件结案率", "labour_inspection_case_closure_rate", "baseline", 2020, "100", 100, "=",
     None, "expected", "%"),
    (ZJ, 206, "社会保障卡累计持卡人数", "social_security_card_holders", "target", 2025, "745", 745, "=", None,
     "expected", "万人"),
    (ZJ, 207, "其中：申请电子社保卡人口覆盖率", "electronic_social_security_card_coverage_rate", "target", 2025, "75",
     75, "=", None, "expected", "%"),
]


@pytest.mark.parametrize(
    ("file_name", "line", "label", "indicator", "kind", "year", "raw", "value", "comparator", "span", "attribute",
     "unit"),
    GOLDEN,
    ids=[f"{g[0][:3]}:{g[1]}:{g[4]}:{g[5]}:{g[3]}" for g in GOLDEN],
)
def test_golden_cell(rows, sources_dir, file_name, line, label, indicator, kind, year, raw, value, comparator, span,
                     attribute, unit):
    text = source_line(sources_dir, file_name, line)
    cells = [cell.strip() for cell in text.split("\t")]
    assert label in text and raw in cells, f"golden value not on {file_name}:{line}"
    matches = [r for r in rows if (r["source_file"], r["source_line"], r["indicator_id"], r["value_kind"], r["year"])
               == (file_name, line, indicator, kind, year)]
    assert len(matches) == 1, matches
    row = matches[0]
    assert row["raw_text"] == raw
    assert row["value"] == (pytest.approx(value) if value is not None else None)
    assert row["comparator"] == comparator
    assert row["is_cumulative"] is (span is not None)
    assert (row["period_start"], row["period_end"]) == (span or (None, None))
    assert row["attribute"] == attribute
    assert row["unit"] == unit
    assert row["source_label"] == label
    assert row["quote"] == text.rstrip("\t") and raw in row["quote"] and label in row["quote"]
    assert row["source_table"] in ("专栏1", "专栏2")
    if value is None:
        assert row["note"], "a row without a value must say why"


def test_golden_covers_every_table_and_notation():
    tables = {key for g in GOLDEN for key, lines in _TABLE_LINES.items() if key[0] == g[0] and g[1] in lines}
    assert len(tables) == 6
    assert len(GOLDEN) >= 40
    raws = [g[6] for g in GOLDEN]
    assert any(r.startswith("[") for r in raws)
    assert {"<=", "<", ">", "="} <= {g[8] for g in GOLDEN}
    assert {"—", "-", "控制在目标内", "98.72%", "6.6:32.9:60.5"} <= set(raws)
    assert {"binding", "expected", None} == {g[10] for g in GOLDEN}
    assert "reported_completion_pct" in {g[4] for g in GOLDEN}


_TABLE_LINES = {
    (JM, "专栏1"): set(range(131, 148)),
    (JM, "专栏2"): {214, 215, *range(217, 222), *range(223, 231), *range(232, 236), 237},
    (JD, "专栏1"): set(range(44, 62)),
    (JD, "专栏2"): {105, 106, 107, *range(109, 116), *range(117, 121), 122, 123},
    (ZJ, "专栏1"): {103, 104, *range(106, 111), 112, 113, *range(115, 119), 120},
    (ZJ, "专栏2"): {185, *range(187, 191), *range(192, 200), 201, 202, 204, 206, 207},
}


# rows of the table x value columns, plus two extra values per ratio cell (3 components instead of 1)
EXPECTED_COUNTS = {
    (JM, "专栏1"): 17 * 2,
    (JM, "专栏2"): 20 * 3 + 3 * 2,
    (JD, "专栏1"): 18 * 2,
    (JD, "专栏2"): 16 * 2,
    (ZJ, "专栏1"): 14 * 3,
    (ZJ, "专栏2"): 18 * 2,
}


def test_every_table_row_produces_its_values(rows):
    counts = Counter((r["source_file"], r["source_table"]) for r in rows)
    assert counts == EXPECTED_COUNTS
    for key, lines in _TABLE_LINES.items():
        assert {r["source_line"] for r in rows if (r["source_file"], r["source_table"]) == key} == lines
    assert len(rows) == sum(EXPECTED_COUNTS.values()) == 246


def test_every_row_cell_value_is_the_cell_as_written(rows, sources_dir):
    for row in rows:
        text = source_line(sources_dir, row["source_file"], row["source_line"])
        assert row["raw_text"] in [cell.strip() for cell in text.split("\t")], row
        assert row["quote"] == text.rstrip("\t")
        assert row["plan_period"] in ("12th", "13th", "14th")


def test_section_headings_and_blank_lines_inside_tables_are_skipped(rows, sources_dir):
    # 江门 专栏2 has a blank line after 一、就业 (213); 湛江 专栏2 one before row 16 (203); <b> headings in 湛江
    for file_name, line in [(JM, 212), (JM, 213), (JM, 216), (ZJ, 102), (ZJ, 203), (ZJ, 205)]:
        assert not [r for r in rows if (r["source_file"], r["source_line"]) == (file_name, line)]
    assert source_line(sources_dir, ZJ, 203) == "" and source_line(sources_dir, JM, 213) == ""
    assert source_line(sources_dir, ZJ, 205).startswith("<b>五、公共服务</b>")


def test_plan_periods_and_years_per_table(rows):
    expected = {
        (JM, "专栏1"): ({"12th"}, {("target", 2015), ("actual", 2015)}),
        (JM, "专栏2"): ({"13th"}, {("baseline", 2015), ("target", 2018), ("target", 2020)}),
        (JD, "专栏1"): ({"12th"}, {("target", 2015), ("actual", 2015)}),
        (JD, "专栏2"): ({"13th"}, {("baseline", 2015), ("target", 2020)}),
        (ZJ, "专栏1"): ({"13th"}, {("target", 2020), ("actual", 2020), ("reported_completion_pct", 2020)}),
        (ZJ, "专栏2"): ({"14th"}, {("baseline", 2020), ("target", 2025)}),
    }
    for key, (periods, kinds) in expected.items():
        table = [r for r in rows if (r["source_file"], r["source_table"]) == key]
        assert {r["plan_period"] for r in table} == periods
        assert {(r["value_kind"], r["year"]) for r in table} == kinds


def test_cumulative_without_brackets_says_why(rows):
    jd = [r for r in rows if (r["source_file"], r["source_line"]) == (JD, 44)]
    assert all(r["is_cumulative"] and "五年" in r["note"] for r in jd) and len(jd) == 2
    jm = next(r for r in rows if (r["source_file"], r["source_line"], r["value_kind"]) == (JM, 131, "actual"))
    assert "[22.5]" in jm["note"]
    # 景德镇 专栏2 gives an annual figure: not cumulative
    assert not any(r["is_cumulative"] for r in rows if (r["source_file"], r["source_line"]) == (JD, 105))


def test_bounds_stated_as_actuals_are_noted(rows):
    actual = next(r for r in rows if (r["source_file"], r["source_line"], r["value_kind"]) == (JM, 132, "actual"))
    assert actual["comparator"] == "<=" and "bound" in actual["note"]


def test_completion_rows_are_percent_of_their_indicator(rows):
    completion = [r for r in rows if r["value_kind"] == "reported_completion_pct"]
    assert len(completion) == 14
    assert all(r["unit"] == "%" and r["raw_unit"] == "%" and r["source_file"] == ZJ for r in completion)
    text_cell = next(r for r in completion if r["raw_text"] == "控制在目标内")
    assert text_cell["value"] is None and text_cell["comparator"] is None and text_cell["note"]


def test_ratio_components(rows):
    parts = [r for r in rows if (r["source_file"], r["source_line"]) == (JM, 224)]
    assert len(parts) == 9
    assert all(r["raw_unit"] == "::" and r["unit"] == "%" for r in parts)
    for raw in ("6.6:32.9:60.5", "7:35:58", "8:40:52"):
        values = [r["value"] for r in parts if r["raw_text"] == raw]
        assert [float(v) for v in raw.split(":")] == values
        assert sum(values) == pytest.approx(100)
    ratio = ratios()[catalogue.normalise_label("高、中、初级专业技术人才比例")]
    assert [r["indicator_id"] for r in parts if r["raw_text"] == "7:35:58"] == list(ratio.components)


def test_missing_cells_are_null_never_zero(rows):
    missing = [r for r in rows if r["raw_text"] in ("—", "-")]
    assert len(missing) == 4
    assert all(r["value"] is None and r["comparator"] is None and "no value" in r["note"] for r in missing)


def test_units_as_written(rows):
    assert {r["raw_unit"] for r in rows if r["source_file"] == JD and r["raw_unit"] != "%"} == {"万人", "万张", "亿元",
                                                                                                 None}
    no_unit = [r for r in rows if r["raw_unit"] is None]
    assert {(r["source_file"], r["source_line"]) for r in no_unit} == {(JD, 119)}
    assert all("no unit" in r["note"] for r in no_unit)


def test_every_table_indicator_is_in_a_category_file_and_used(rows):
    """The category files hold exactly the indicators of the tables (prose-only ones live in prose_*.yaml)."""
    table_ids = {r["indicator_id"] for r in rows}
    category_ids = {ind.indicator_id for ind in catalogue.indicators().values()
                    if not ind.source_files[0].startswith("prose")}
    assert table_ids == category_ids
    assert len(table_ids) == 52
    for indicator_id in table_ids:
        units = {r["unit"] for r in rows
                 if r["indicator_id"] == indicator_id and r["value_kind"] != "reported_completion_pct"}
        assert units == {catalogue.indicators()[indicator_id].unit}


def test_registered_and_surveyed_unemployment_are_different_indicators():
    assert catalogue.indicator_for_label("城镇登记失业率") != catalogue.indicator_for_label("城镇调查失业率")
    assert catalogue.indicator_for_label("五年城镇新增就业人数") == "urban_new_jobs"
    assert catalogue.indicator_for_label("城镇累计新增就业人数") == "urban_new_jobs"
    assert catalogue.indicator_for_label("社会保障卡累计持卡人数") == "social_security_card_holders"
    assert catalogue.indicator_for_label("社会保障卡发卡数量") != "social_security_card_holders"


# --- failures name the file and line -------------------------------------------------------------------------


def _layout(file_name: str, table: str):
    return find_table(read_documents(paths.default_sources_dir())[file_name], table)


def _edited(documents, file_name: str, line: int, old: str, new: str):
    doc = documents[file_name]
    lines = list(doc.lines)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return dataclasses.replace(doc, lines=tuple(lines))


def test_unmapped_label_names_label_and_line(documents):
    doc = _edited(documents, JM, 219, "失业保险参保人数", "失业保险缴费人数")
    with pytest.raises(SourceError, match=r"000_d92a957b28094439\.txt:219: .*'失业保险缴费人数'"):
        parse_table(doc, _layout(JM, "专栏2"))


def test_unmapped_label_stops_the_whole_ingestion(sources_copy, monkeypatch):
    path = sources_copy / ZJ
    path.write_text(path.read_text(encoding="utf-8").replace("技工院校招生人数", "技工学校招生人数", 1), "utf-8")
    patched = tuple({**doc, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()} if doc["source_file"] == ZJ
                    else doc for doc in catalogue.documents())
    monkeypatch.setattr(catalogue, "documents", lambda: patched)
    with pytest.raises(SourceError, match=r"003_752116bdcc71a0d2\.txt:196: .*'技工学校招生人数'"):
        extract_table_observations(read_documents(sources_copy))


def test_unknown_notation_names_the_line(documents):
    doc = _edited(documents, JD, 52, "9.72", "约九万七千")
    with pytest.raises(SourceError, match=r"001_ec0a8e65957f0800\.txt:52: .*unknown notation '约九万七千'"):
        parse_table(doc, _layout(JD, "专栏1"))


def test_a_header_word_with_no_role_names_the_line(documents):
    doc = _edited(documents, ZJ, 101, "完成值", "说明")
    with pytest.raises(SourceError, match=r"003_752116bdcc71a0d2\.txt:101: 专栏1 column 5 '说明' has no role"):
        discover_tables(doc)


def test_other_header_words_for_the_same_role_read_the_same_cells(documents):
    """指标 -> 指标名称, 基数 -> 基期值, 目标 -> 规划目标: the vocabulary, not the exact text, decides."""
    doc = _edited(documents, ZJ, 183, "指 标", "指标名称")
    doc = _edited({ZJ: doc}, ZJ, 183, "2020年 基数", "2020年基期值")
    doc = _edited({ZJ: doc}, ZJ, 183, "2025年 目标", "2025年规划目标")
    before, after = parse_table(documents[ZJ], _layout(ZJ, "专栏2")), parse_table(doc, find_table(doc, "专栏2"))
    assert len(after) == 36
    key = ("source_line", "indicator_id", "value_kind", "year", "value", "comparator", "period", "unit")
    assert [tuple(r.get(k) for k in key) for r in after] == [tuple(r.get(k) for k in key) for r in before]


def test_skipped_row_number_names_the_line(documents):
    doc = _edited(documents, JM, 140, "10\t", "11\t")
    with pytest.raises(SourceError, match=r"000_d92a957b28094439\.txt:140: expected row number 10"):
        parse_table(doc, _layout(JM, "专栏1"))


def test_missing_cell_names_the_line(documents):
    doc = _edited(documents, ZJ, 188, "\t48.1", "")
    with pytest.raises(SourceError, match=r"003_752116bdcc71a0d2\.txt:188: .*5 cells, the header has 6"):
        parse_table(doc, _layout(ZJ, "专栏2"))


def test_percent_in_a_count_row_is_refused(documents):
    doc = _edited(documents, JM, 219, "74.72", "74.72%")
    with pytest.raises(SourceError, match=r"000_d92a957b28094439\.txt:219: .*carries %"):
        parse_table(doc, _layout(JM, "专栏2"))


def test_unknown_unit_in_a_label_names_the_line(documents):
    doc = _edited(documents, JD, 115, "(万张)", "(万套)")
    with pytest.raises(SourceError, match=r"001_ec0a8e65957f0800\.txt:115: .*万套"):
        parse_table(doc, _layout(JD, "专栏2"))


def test_unknown_attribute_names_the_line(documents):
    doc = _edited(documents, ZJ, 193, "预期性", "指导性")
    with pytest.raises(SourceError, match=r"003_752116bdcc71a0d2\.txt:193: unknown 属性 '指导性'"):
        parse_table(doc, _layout(ZJ, "专栏2"))


def test_table_notes_qualify_their_cells(rows):
    """湛江 专栏1 注 3 (line 122): the two pension actuals are 2019 figures; 注 2: lapsed contributors not removed."""
    by_line = {r["source_line"]: r for r in rows
               if r["source_file"] == ZJ and r["source_table"] == "专栏1" and r["value_kind"] == "actual"}
    assert "2019" in by_line[106]["note"] and "2019" in by_line[107]["note"]
    assert "lapsed" in by_line[107]["note"] and "lapsed" not in by_line[106]["note"]
    assert f"{ZJ}:122" in by_line[106]["note"]
    assert not by_line[108]["note"]


def test_an_override_naming_a_column_the_table_lacks_is_an_error(documents):
    doc = _edited(documents, ZJ, 101, "完成值", "实际值")
    with pytest.raises(SourceError, match=r"003_752116bdcc71a0d2\.txt:101: table_overrides\.yaml: a footnote of 专栏1 "
                                          r"names column 完成值"):
        discover_tables(doc)


def test_a_vanished_table_note_stops_ingestion(documents):
    doc = _edited(documents, ZJ, 122, "为2019年省级统筹考核时", "为2020年")
    with pytest.raises(SourceError, match=r"003_752116bdcc71a0d2\.txt:122: the note under 专栏1"):
        parse_table(doc, _layout(ZJ, "专栏1"))
