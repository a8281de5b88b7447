"""Source coverage (issue 13): every figure of the source documents, a number followed by a unit, and whether an
observation on its line reads it (analytics/ingest/figures.py, the source_figures table, analytics/source_coverage.py,
`python -m analytics coverage --sources`, the Sources page).

The counts below were taken with the rule of analytics/ingest/figures.py. Before issue 13 the same rule gave
000 38/50, 001 41/51, 002 66/89, 003 55/77, 004 58/140 (258/407, 63.4 %), with no exclusion list."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from analytics import source_coverage
from analytics.db import Database
from analytics.ingest import build_tables
from analytics.ingest.figures import coverage_counts, figure_rows, find_figures, measured_ratios
from analytics.ingest.machine import machine_observations
from analytics.ingest.sources import SourceDocument, SourceError, read_documents
from analytics.ingest.tables import Unread
from analytics.paths import PROJECT_DIR
from tests.apptest_helpers import open_app
from tests.conftest import COMMITTED_DATA

JM, JD, RULES, ZJ, REPORT = (
    "000_d92a957b28094439.txt", "001_ec0a8e65957f0800.txt", "002_bf700d1be069a182.txt",
    "003_752116bdcc71a0d2.txt", "004_95eefe6b59f03fdd.txt")

# source file -> (read, unread, excluded)
COVERAGE = {JM: (53, 0, 0), JD: (49, 0, 3), RULES: (89, 0, 0), ZJ: (77, 0, 0), REPORT: (139, 0, 1)}


@pytest.fixture(scope="module")
def tables(sources_dir):
    return build_tables(sources_dir)


@pytest.fixture(scope="module")
def figures(tables):
    return tables["source_figures"].to_pylist()


@pytest.fixture(scope="module")
def observations(tables):
    return tables["observations"].to_pylist()


# ---- the rule --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("全市城镇新增就业4.59万人,城镇失业人员再就业3.19万人", ["4.59万人", "3.19万人"]),
    ("惠及企业6300多家、劳动者4.94万人", ["6300多家", "4.94万人"]),
    ("为7千多家企业发放资金2.93亿元", ["7千多家", "2.93亿元"]),
    ("增长 32.40%、11.27%", ["32.40%", "11.27%"]),
    ("覆盖率达93％；", ["93％"]),
    ("鉴定人数10,000人", ["10,000人"]),
    ("举办招聘会251场次,52家重点企业", ["251场次", "52家"]),  # a comma after a word is not a thousands separator
    ("帮扶14.25万次", ["14.25万次"]),
    ("累计开展培训 2.8 万人次", ["2.8 万人次"]),
    ("失业3个月以上的人员，最长可领取6个月", []),  # 个月 is a duration, not 个
    ("2016年12月5日印发，第46届，16连涨，2.0版", []),  # no unit
    ("比例达到 10:38:52，12333电话", []),  # a ratio (see below) and a telephone number
    ("男女职工比例为 40∶60%", []),  # the tail of a ratio written with ∶
    ("14\t千人计划、珠江人才计划人选", []),  # a table's row number and the next cell: a tab is not a space
])
def test_what_counts_as_a_figure(text, expected):
    assert [figure.text for figure in find_figures(text, 1)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("比例达到 10:38:52，12333电话", ["10:38:52"]),  # three parts: shares
    ("比例：10∶38∶52。", ["10∶38∶52"]),  # after a full-width colon, with the ratio sign
    ("男女职工比例为 40∶60%", ["40∶60"]),
    ("男女比例 40:60，会议 9:30 开始，1:1 配套", ["40:60"]),  # two parts that add up to 100; a time; 1:1
    ("2016年12:30:45 记录", ["12:30:45"]),  # three parts are counted: a person lists it as not a measurement
])
def test_what_ratio_counts_as_a_figure(text, expected):
    assert [ratio.text for ratio in measured_ratios(text, 1)] == expected


def test_figures_keep_their_number_and_position():
    (figure,) = find_figures("全市累计开发公益性岗位476个,安置", 7)
    assert (figure.line, figure.start, figure.end, figure.number, figure.unit) == (7, 11, 15, Decimal(476), "个")


def _doc(*lines: str) -> SourceDocument:
    doc = {"doc_id": "fictional", "city_id": "yunmeng", "source_file": "999_fictional.txt"}
    return SourceDocument(doc, Path("999_fictional.txt"), "0" * 64, tuple(lines))


def _obs(line: int, raw_text: str, quote: str) -> dict:
    return {"source_file": "999_fictional.txt", "source_line": line, "raw_text": raw_text, "quote": quote}


def test_a_figure_is_read_only_where_a_quote_holding_its_number_covers_it():
    doc = _doc("安置就业294人。共为294名对象提供帮扶，公益性岗位476个", "46.70 万人")
    observations = [_obs(1, "294人", "安置就业294人"), _obs(2, "46.7", "46.70 万人")]
    rows = figure_rows({doc.file_name: doc}, observations, files=[])
    assert [(r["source_line"], r["figure"], r["status"]) for r in rows] == [
        (1, "294人", "read"), (1, "294名", "unread"),  # the same number elsewhere on the line is another figure
        (1, "476个", "unread"), (2, "46.70 万人", "read")]  # 46.7 holds 46.70
    assert rows[1]["context"] == "安置就业294人。共为294名" and rows[1]["context"] in doc.lines[0]
    assert coverage_counts(rows) == {doc.file_name: {"read": 2, "unread": 2, "excluded": 0}}


def test_a_ratio_is_a_figure_read_or_left_with_the_reason_the_prose_reader_gives():
    doc = _doc("虚构甲乙丙三类岗位比例为 20:30:50，虚构岗位 476个，高、中、初级虚构人才比例为 10:38:52")
    left = [Unread(doc.file_name, 1, "ratio", "20:30:50", "a ratio no ratio of the catalogue names",
                   doc.lines[0].index("20:30:50"))] * 2  # the parts of one ratio, each left: one row
    read = [_obs(1, "10:38:52", "高、中、初级虚构人才比例为 10:38:52")]
    rows = figure_rows({doc.file_name: doc}, read, files=[], unread=left)
    assert [(r["figure"], r["status"], r["reason"]) for r in rows] == [
        ("20:30:50", "unread", "a ratio no ratio of the catalogue names"), ("476个", "unread", None),
        ("10:38:52", "read", None)]
    assert len({r["figure_id"] for r in rows}) == 3


def test_a_ratio_read_twice_on_a_line_is_stored_once_and_counted_once(sources_dir):
    """The machine path end to end: a ratio's parts are stored together or left together, one row a figure."""
    doc = SourceDocument({"doc_id": "fictional", "source_file": "999_fictional.txt", "city_id": "yunmeng",
                          "kind": "five_year_plan", "plan_period": "14th", "title_zh": "虚构市“十四五”规划"},
                         Path("999_fictional.txt"), "0" * 64,
                         ("第二章 主要目标", "到2025年，高、中、初级专业技术人才比例达到 10:38:52；"
                          "全市高、中、初级专业技术人才比例达到 10:38:52。"))
    documents = {**read_documents(sources_dir), doc.file_name: doc}
    unread: list = []
    rows = [row for row in machine_observations(documents, [], unread) if row["source_file"] == doc.file_name]
    assert sorted(row["value"] for row in rows) == [10, 38, 52]  # the first ratio, its three parts
    left = [item for item in unread if item.source_file == doc.file_name]
    assert [(item.what, item.reason) for item in left] == [
        ("ratio", "the same value of the same indicator is read twice on this line")]  # the second, once
    figures = figure_rows({doc.file_name: doc}, rows, files=[], unread=left)
    assert [row["figure"] for row in figures] == ["10:38:52", "10:38:52"]
    assert len({row["figure_id"] for row in figures}) == 2


def _rule_file(tmp_path: Path, entries: str) -> Path:
    path = tmp_path / "fictional.yaml"
    path.write_text(f"source_file: 999_fictional.txt\nrules: []\nnot_measurements:\n{entries}", encoding="utf-8")
    return path


def test_an_exclusion_is_shown_with_its_reason_and_not_counted(tmp_path):
    doc = _doc("专栏 5 人才队伍建设项目", "扶持 5 人")
    rules = _rule_file(tmp_path, "  - {line: 1, figure: 5 人, reason: a box number before 人才}\n")
    rows = figure_rows({doc.file_name: doc}, [], files=[rules])
    assert [(r["source_line"], r["status"], r["reason"]) for r in rows] == [
        (1, "excluded", "a box number before 人才"), (2, "unread", None)]


@pytest.mark.parametrize(("entries", "message"), [
    ("  - {line: 2, figure: 5 人, reason: stale}\n", r"999_fictional\.txt:2: not_measurements lists '5 人', which is "
                                                     r"not a figure of this line"),
    ("  - {line: 1, figure: 5 人}\n", r"needs exactly line, figure and reason"),
    ("  - {line: 1, figure: 5 人, reason: ''}\n", r"figure and reason non-empty"),
    ("  - {line: 9, figure: 5 人, reason: x}\n", r"999_fictional\.txt:9: line out of range"),
])
def test_a_wrong_exclusion_stops_ingestion(tmp_path, entries, message):
    doc = _doc("专栏 5 人才队伍建设项目", "8 万人")
    with pytest.raises(SourceError, match=message):
        figure_rows({doc.file_name: doc}, [], files=[_rule_file(tmp_path, entries)])


def test_an_excluded_figure_that_is_read_stops_ingestion(tmp_path):
    doc = _doc("扶持 5 人")
    rules = _rule_file(tmp_path, "  - {line: 1, figure: 5 人, reason: not a count}\n")
    with pytest.raises(SourceError, match=r"999_fictional\.txt:1: '5 人' is listed under not_measurements but an "
                                          r"observation reads it"):
        figure_rows({doc.file_name: doc}, [_obs(1, "5 人", "扶持 5 人")], files=[rules])


# ---- the real sources ------------------------------------------------------------------------------------


def test_coverage_of_every_document(figures):
    counts = coverage_counts(figures)
    assert {name: tuple(c[s] for s in ("read", "unread", "excluded")) for name, c in counts.items()} == COVERAGE
    read = sum(c["read"] for c in counts.values())
    measured = sum(c["read"] + c["unread"] for c in counts.values())
    assert read / measured >= 0.90  # issue 13: at least 90 % of all figures ...
    for name, c in counts.items():
        assert c["read"] / (c["read"] + c["unread"]) >= 0.85, name  # ... and 85 % of each document's


def test_every_figure_row_points_at_its_line(figures, sources_dir):
    lines = {path.name: path.read_text(encoding="utf-8").split("\n") for path in sources_dir.glob("*.txt")}
    assert len({row["figure_id"] for row in figures}) == len(figures)
    for row in figures:
        text = lines[row["source_file"]][row["source_line"] - 1]
        assert text[row["position"]:].startswith(row["figure"]), row
        assert row["context"].endswith(row["figure"]) and row["context"] in text
        assert (row["reason"] is not None) == (row["status"] == "excluded")


def test_the_exclusions_are_the_reviewed_ones(figures):
    excluded = {(row["source_file"], row["source_line"], row["figure"]) for row in figures
                if row["status"] == "excluded"}
    assert excluded == {(JD, 232, "5 人"), (JD, 268, "6 人"), (JD, 250, "05 万名"), (REPORT, 8, "1次")}


def _read_as(observations, file_name, line, indicator, raw_text):
    found = [o for o in observations if (o["source_file"], o["source_line"], o["indicator_id"], o["raw_text"])
             == (file_name, line, indicator, raw_text)]
    assert len(found) == 1, (file_name, line, indicator, raw_text, len(found))
    return found[0]


# The unread examples of issue 13, each read off its line: (file, line, indicator, raw text) -> (value, kind, year,
# comparator, span: a (start, end) total, "to_date" for a running total, None for one year)
ISSUE_EXAMPLES = {
    (REPORT, 2, "public_welfare_posts_developed", "476个"): (476, "actual", 2020, "=", "to_date"),
    (REPORT, 2, "public_welfare_post_placements", "294人"): (294, "actual", 2020, "=", "to_date"),
    (REPORT, 2, "poverty_workshops", "123个"): (123, "actual", 2020, "=", None),
    (REPORT, 2, "poverty_workshop_placements", "893人"): (893, "actual", 2020, "=", "to_date"),
    (REPORT, 2, "small_micro_guarantee_loans", "8052.61万元"): (8052.61, "actual", 2020, "=", None),
    (REPORT, 2, "small_micro_guarantee_loan_share", "53.4%"): (53.4, "actual", 2020, "=", None),
    (REPORT, 2, "job_retention_refund_firms", "7千多家"): (7000, "actual", 2020, ">=", None),
    (REPORT, 4, "unemployment_subsidy_higher_standard", "300元/月"): (300, "actual", 2020, "=", None),
    (REPORT, 4, "unemployment_subsidy_lower_standard", "150元/月"): (150, "actual", 2020, "=", None),
    (REPORT, 4, "new_insured_construction_projects", "687个"): (687, "actual", 2020, "=", None),
    (REPORT, 4, "unemployment_insurance_extension_beneficiaries", "3万多名"): (3.0, "actual", 2020, ">=", None),
    (REPORT, 7, "online_mediation_applications", "746宗"): (746, "actual", 2020, "=", "to_date"),
    (REPORT, 8, "wechat_followers", "突破41万人"): (41, "actual", 2020, ">", None),
    (ZJ, 78, "urban_new_jobs", "102.36%"): (102.36, "reported_completion_pct", 2020, "=", None),
    (ZJ, 80, "urban_employee_pension_insured_growth", "32.40%"): (32.40, "actual", 2020, "=", (2016, 2020)),
    (ZJ, 80, "resident_pension_insured_growth", "11.27%"): (11.27, "actual", 2020, "=", (2016, 2020)),
    (ZJ, 80, "unemployment_insurance_insured_growth", "21.65%"): (21.65, "actual", 2020, "=", (2016, 2020)),
    (ZJ, 80, "work_injury_insurance_insured_growth", "29.31%"): (29.31, "actual", 2020, "=", (2016, 2020)),
    (ZJ, 84, "high_level_talent_card_services", "15 项"): (15, "actual", 2020, "=", None),
    (ZJ, 86, "city_technical_schools", "3 所"): (3, "actual", 2020, "=", None),
    (ZJ, 90, "new_provincial_chef_training_bases", "4 家"): (4, "actual", 2020, "=", (2018, 2020)),
    (RULES, 26, "disabled_urban_new_jobs", "600名"): (600, "target", 2015, "=", None),
    (RULES, 26, "disabled_rural_stable_employment", "6000名"): (6000, "target", 2015, "=", None),
    (RULES, 26, "disabled_skills_training", "500名"): (500, "target", 2015, "=", None),
    (RULES, 26, "disabled_employment_bases", "20个"): (20, "target", 2015, "=", None),
    (RULES, 44, "labour_contract_signing_rate", "93％"): (93, "target", 2015, "=", None),
    (RULES, 44, "labour_dispute_arbitration_closure_rate", "95％以上"): (95, "target", 2015, ">=", None),
    (JD, 85, "senior_share_of_professional_technical_talent", "10:38:52"): (10, "target", 2020, "=", None),
    (JD, 85, "junior_share_of_professional_technical_talent", "10:38:52"): (52, "target", 2020, "=", None),
    (JM, 113, "high_skilled_share_increase", "13.1%"): (13.1, "actual", 2015, "=", (2011, 2015)),
    (JM, 123, "wage_arrears_chase_rewards", "130 万元"): (130, "actual", 2015, "=", (2011, 2015)),
    (JM, 444, "incubator_team_capacity", "100家"): (100, "target", 2018, "=", None),
    (JM, 444, "incubator_annual_output", "1亿元"): (1, "target", 2018, "=", None),
}


@pytest.mark.parametrize(("key", "expected"), ISSUE_EXAMPLES.items(),
                         ids=[f"{k[0][:3]}:{k[1]}:{k[2]}" for k in ISSUE_EXAMPLES])
def test_the_issue_examples_are_read(observations, sources_dir, key, expected):
    file_name, line, _, raw_text = key
    text = (sources_dir / file_name).read_text(encoding="utf-8").split("\n")[line - 1]
    assert raw_text in text, f"golden figure not on {file_name}:{line}"
    row = _read_as(observations, *key)
    value, kind, year, comparator, span = expected
    assert row["value"] == pytest.approx(value)
    assert (row["value_kind"], row["year"], row["comparator"]) == (kind, year, comparator)
    if span == "to_date":  # 累计 with no stated start: a running total to the end of its year (issue 23)
        assert (row["span_kind"], row["period_start"], row["period_end"]) == ("to_date", None, year)
    else:
        assert (row["period_start"], row["period_end"]) == (span or (None, None))
    assert row["quote"] in text and raw_text in row["quote"]


def test_percent_or_points_is_said_in_the_note(observations):
    row = _read_as(observations, JM, 113, "high_skilled_share_increase", "13.1%")
    assert "percentage points" in row["note"]


# ---- analytics, CLI and page on the committed data -------------------------------------------------------


def test_document_coverage_on_the_committed_data():
    db = Database(COMMITTED_DATA)
    try:
        df = source_coverage.document_coverage(db, total=True)
        by_file = {row["source_file"]: row for row in df.to_dict("records") if row["doc_id"] != source_coverage.TOTAL}
        assert {name: (r["n_read"], r["n_unread"], r["n_excluded"]) for name, r in by_file.items()} == COVERAGE
        total = df.iloc[-1]
        assert (total["doc_id"], total["n_read"], total["n_figures"], total["n_excluded"]) == ("all", 407, 407, 4)
        assert total["coverage_pct"] == 100.0
        excluded = source_coverage.figures(db, ("excluded",))
        assert list(excluded["source_line"]) == [232, 250, 268, 8] and excluded["reason"].notna().all()
        with pytest.raises(ValueError, match="unknown figure status"):
            source_coverage.figures(db, ("missing",))
    finally:
        db.close()


def test_cli_prints_the_coverage_of_every_document():
    result = subprocess.run([sys.executable, "-m", "analytics", "coverage", "--sources"], cwd=PROJECT_DIR,
                            capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode("utf-8")
    assert "Read / Figures" in out and "Coverage (%)" in out
    assert any(line.startswith(REPORT) and "139 / 139" in line and "100.0" in line for line in out.splitlines())
    assert any(line.startswith("all") and "407 / 407" in line for line in out.splitlines())
    unread = subprocess.run([sys.executable, "-m", "analytics", "coverage", "--sources", "--unread", "--format", "csv"],
                            cwd=PROJECT_DIR, capture_output=True, timeout=120, check=False)
    assert unread.returncode == 0 and unread.stdout.decode("utf-8").splitlines()[0].startswith("figure_id,")


def test_sources_page_shows_the_coverage_and_what_is_not_read():
    at = open_app("sources", lang="en")
    assert any(element.value == "Figures in the sources: read and unread" for element in at.subheader)
    assert "All documents: **407** of 407 figures read (100%); 4 figures that are not measurements excluded." in [
        element.value for element in at.markdown]
    coverage = next(frame.value for frame in at.dataframe if "Read / figures" in frame.value.columns)
    assert list(coverage["Read / figures"]) == ["53 / 53", "49 / 49", "89 / 89", "77 / 77", "139 / 139"]
    assert list(coverage["Not measurements (excluded)"]) == [0, 3, 0, 0, 1]
    (expander,) = [e for e in at.expander if e.label.startswith("Figures not read")]
    assert expander.label == "Figures not read: 0 unread, 4 not measurements (with their file and line)"
    listed = next(frame.value for frame in at.dataframe if "Why excluded or unread" in frame.value.columns)
    assert list(zip(listed["File"], listed["Line"], strict=True)) == [(JD, 232), (JD, 250), (JD, 268), (REPORT, 8)]
    assert "box number" in listed.loc[listed["Line"] == 232, "Why excluded or unread"].iloc[0]
    assert at.dataframe[0].value.columns[0] == "Indicator id"  # the catalogue stays first, the quality notes last
    assert list(at.dataframe[-1].value.columns) == ["What it means for a comparison", "Check", "City", "Indicator",
                                                    "Note"]
