"""The generic prose reader (analytics.ingest.prose_reader), cue by cue, on crafted sentences.

Every sentence here is FICTIONAL (written for the test, of no real city): what is checked is how a
sentence's words decide a figure's label, indicator, kind, year, span, comparator and district, and
that what cannot be decided is left unread with a reason rather than guessed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.ingest.machine import to_observation
from analytics.ingest.prose_reader import MAX_CARRIED, LabelIndex, _unfinished, read_prose
from analytics.ingest.sources import SourceDocument

INDEX = LabelIndex(
    names={"城镇新增就业人数": "new_jobs", "城镇登记失业率": "unemployment_rate",
           "职业技能培训人数": "training", "失业保险参保人数": "insured", "博士后科研工作站": "stations"},
    units={"new_jobs": "万人", "unemployment_rate": "%", "training": "万人次", "insured": "万人", "stations": "个"},
)


# a fictional one-year work report: its review of 2030 and its plan for 2031
REPORT = {"kind": "annual_report", "plan_period": None, "title": "虚构市人社局2030年工作总结"}


def _doc(lines: list[str], kind: str = "five_year_plan", plan_period: str | None = "14th",
         title: str = "虚构市人力资源和社会保障事业发展“十四五”规划", covers: str | None = None) -> SourceDocument:
    entry = {"doc_id": "fictional_doc", "source_file": "fictional.txt", "city_id": "fictional", "kind": kind,
             "plan_period": plan_period, "title_zh": title, "covers_zh": covers}
    return SourceDocument(entry, Path("fictional.txt"), "0" * 64, tuple(lines))


def _read(lines, **doc):
    readings, unread = read_prose(_doc(lines, **doc), INDEX)
    return {reading.text: reading for reading in readings}, {item.text: item.reason for item in unread}


def test_a_plan_target_by_its_year_with_a_bound():
    readings, _ = _read(["第二章 主要目标",
                         "到2025年，全市城镇新增就业 6.5 万人以上，城镇登记失业率控制在 4.5% 以内。"])
    jobs, rate = readings["6.5 万人以上"], readings["4.5% 以内"]
    assert (jobs.indicator_id, jobs.value_kind, jobs.year, jobs.comparator, jobs.target_scope, jobs.value,
            jobs.unit) == ("new_jobs", "target", 2025, ">=", "plan", 6.5, "万人")
    assert (rate.indicator_id, rate.value_kind, rate.year, rate.comparator) == ("unemployment_rate", "target",
                                                                                 2025, "<=")


def test_a_plan_target_without_a_year_is_for_the_plans_last_year_and_a_named_year_wins():
    readings, _ = _read(["第三章 重点任务", "开展职业技能培训 20 万人次。", "2023年底前，建成 3 个博士后科研工作站。"])
    assert (readings["20 万人次"].year, readings["20 万人次"].value_kind) == (2025, "target")
    assert readings["3 个"].year == 2023


def test_a_flow_over_the_whole_plan_is_a_total_of_its_years():
    readings, _ = _read(["第二章 主要目标", "“十四五”期间，全市累计新增就业 30 万人。"])
    assert readings["30 万人"].cumulative == (2021, 2025)


def test_what_a_plan_has_done_by_its_last_year_is_the_total_of_its_years_unless_said_of_every_year():
    readings, _ = _read(["第四章 重点工程",
                         "到2025年，全市开展职业技能培训 15 万人次以上，城镇登记失业率控制在 4.5% 以内。",
                         "到2023年，开展职业技能培训 8 万人次。",
                         "到2025年，每年开展职业技能培训 3 万人次以上，带动就业创业 12000 人次以上。"])
    assert readings["15 万人次以上"].cumulative == (2021, 2025)  # 到2025年 and a count of things done
    assert readings["4.5% 以内"].cumulative is None  # a rate is a level
    assert readings["8 万人次"].cumulative is None  # a year inside the plan: not said to be its total
    # 每年 holds for the clauses after it in its sentence
    assert readings["3 万人次以上"].cumulative is None and readings["3 万人次以上"].target_scope == "annual"
    assert readings["12000 人次以上"].cumulative is None and readings["12000 人次以上"].target_scope == "annual"
    # not a year a clause opens with, nor what is said of a year, nor facilities a plan reaches
    more, _ = _read(["第四章 重点工程", "到2023年建成 3 个博士后科研工作站，2025年开展职业技能培训 9 万人次。",
                     "到2025年，全市年开展职业技能培训 10 万人次以上，实现年度城镇新增就业 6 万人以上。",
                     "到2025年，全市市级就业见习基地达 50 家，创业孵化基地 30 个。",
                     "到2025年底，开展职业技能培训 7 万人次。"])
    assert more["9 万人次"].cumulative is None
    assert more["10 万人次以上"].cumulative is None and more["6 万人以上"].target_scope == "annual"
    assert more["50 家"].cumulative is None and more["30 个"].cumulative is None
    assert more["7 万人次"].cumulative == (2021, 2025)  # 到2025年底 is 到2025年
    # a programme of its own years (no plan period) does not say that its 到2030年 is all of them
    programme, _ = _read(["第四章 重点工程", "到2030年，全市开展职业技能培训 15 万人次以上。"], plan_period=None,
                         title="虚构市就业保障均等化实施细则", covers="2029-2030年")
    assert (programme["15 万人次以上"].year, programme["15 万人次以上"].cumulative) == (2030, None)


def test_a_sentence_broken_over_two_lines_keeps_its_year():
    readings, _ = _read(["第四章 重点工程",
                         "2023年以前，有意愿的虚构人员 100% 接受培训，有劳动能力且有就业愿望的虚构家庭劳动力和就业困难"
                         "人员的职业技能培训覆盖率达 100%，经过培训的虚构人员",
                         "100%获得就业创业服务。"])
    continued = [reading for reading in readings.values() if reading.line == 3]
    assert [(reading.year, reading.label) for reading in continued] == [(2023, "经过培训的虚构人员")]
    three, _ = _read(["第四章 重点工程", "2023年以前，有意愿的虚构人员全部接受培训，", "虚构培训覆盖率达 90%，",
                      "虚构培训合格率达 80%。"])
    assert three["90%"].year == three["80%"].year == 2023  # however many lines the sentence runs over
    # a document with no full stop does not carry all it says into every line: what is carried is bounded
    lines = ["第四章 重点工程", *(f"虚构第{number}项开展职业技能培训 {number} 万人次，" for number in range(1, 400))]
    readings, _ = read_prose(_doc(lines), INDEX)
    assert len(readings) == 399
    assert len(_unfinished("".join(lines[1:]))) == MAX_CARRIED


def test_in_a_review_what_was_done_during_the_period_is_its_total_and_a_change_from_a_year_is_over_it():
    readings, _ = _read(["第一节 发展基础",
                              "“十三五”期间，全市共向公安机关移送虚构案件 113 宗，市级财政发放虚构奖励金 130 万元。",
                              "高技能人才占技能劳动者的比例达 20.9%，比 2015 年底增长了 13.1%。"])
    assert readings["113 宗"].cumulative == (2016, 2020) and readings["130 万元"].cumulative == (2016, 2020)
    change = readings["13.1%"]  # 比2015年底: the year it is measured from, not the year of the figure
    assert (change.value_kind, change.year, change.cumulative) == ("actual", 2020, (2016, 2020))
    assert change.label == "高技能人才占技能劳动者的比例比2015年底增长了"
    assert (readings["20.9%"].year, readings["20.9%"].cumulative) == (2020, None)
    held, _ = _read(["第一节 发展基础", "“十三五”期间，全市城镇新增就业 30 万人，现有虚构技能大师工作室 5 个。",
                     "“十三五”期间，全市博士后科研工作站达 25 个。",
                     "虚构人才总量达 9 万人，较 2015 年底增长 13.1%，比 2018 年增长 5.1%，比上年增长 1.2%。"])
    assert held["30 万人"].cumulative == (2016, 2020)
    assert held["5 个"].cumulative is None and held["25 个"].cumulative is None  # what there is, not was done
    assert held["13.1%"].cumulative == (2016, 2020)  # 较2015年底: the years after it
    assert (held["5.1%"].cumulative, held["5.1%"].label) == ((2019, 2020), "虚构人才总量比2018年增长")
    assert held["1.2%"].cumulative is None  # 比上年: one year's change


def test_a_plans_review_reports_the_plan_before_it():
    """第一节 发展基础 looks back on the 13th plan: a flow is its five-year total, a level its last year's."""
    readings, _ = _read(["第一节 发展基础",
                         "“十三五”期间，全市城镇新增就业 38.4 万人，城镇登记失业率 2.5%，失业保险参保人数 46.7 万人。"])
    jobs, rate, insured = readings["38.4 万人"], readings["2.5%"], readings["46.7 万人"]
    assert (jobs.value_kind, jobs.year, jobs.cumulative) == ("actual", 2020, (2016, 2020))
    assert (rate.value_kind, rate.year, rate.cumulative) == ("actual", 2020, None)
    assert (insured.indicator_id, insured.cumulative) == ("insured", None)


def test_a_reports_review_and_its_plan_for_the_next_year():
    readings, _ = _read(["一、2030年工作情况", "全年城镇新增就业 1.4 万人，城镇登记失业率为 2.3%，控制在 3.0% 以内。",
                         "二、2031年工作计划", "全年城镇新增就业 1.5 万人以上。"],
                        **REPORT)
    done, rate, control, planned = (readings["1.4 万人"], readings["2.3%"], readings["3.0% 以内"],
                                    readings["1.5 万人以上"])
    assert (done.value_kind, done.year, done.indicator_id) == ("actual", 2030, "new_jobs")
    assert (rate.value_kind, rate.year) == ("actual", 2030)
    # 控制在3.0%以内 after the rate: the same indicator (the label of the figure before it), an upper bound
    assert (control.indicator_id, control.comparator) == ("unemployment_rate", "<=")
    assert (planned.value_kind, planned.year, planned.target_scope) == ("target", 2031, "annual")


def test_a_running_total_in_a_report_with_no_start_is_to_date():
    readings, _ = _read(["一、2030年工作情况",
                         "虚构创业园累计入驻项目 43 个，带动就业 311 人。全年城镇新增就业 1.4 万人。"],
                        **REPORT)
    assert readings["43 个"].cumulative == "to_date"
    assert readings["311 人"].cumulative == "to_date"  # 累计 carries to the next clause of its sentence
    assert readings["1.4 万人"].cumulative is None


@pytest.mark.parametrize(("sentence", "text", "comparator", "value"), [
    ("第三章 重点任务\n开展职业技能培训约 12 万人次。", "约 12 万人次", "~", 12),
    ("第三章 重点任务\n开展职业技能培训 12 万人次左右。", "12 万人次左右", "~", 12),
    ("第三章 重点任务\n开展职业技能培训超过 12 万人次。", "超过 12 万人次", ">", 12),
    ("第三章 重点任务\n开展职业技能培训 12 万多人次。", "12 万多人次", ">=", 12),
    ("第三章 重点任务\n开展职业技能培训 12 万人次以上。", "12 万人次以上", ">=", 12),
    ("第三章 重点任务\n开展职业技能培训不少于 12 万人次。", "不少于 12 万人次", ">=", 12),
])
def test_comparators_around_the_number(sentence, text, comparator, value):
    readings, _ = _read(sentence.split("\n"))
    assert (readings[text].comparator, readings[text].value) == (comparator, value)


def test_a_change_is_not_the_level_and_percentage_points_are_left_unread():
    readings, unread = _read(["第一节 发展基础",
                              "失业保险参保人数 46.7 万人，比“十二五”期末增长 21.6%。"
                              "城镇登记失业率下降 0.3 个百分点。"])
    change = readings["21.6%"]
    assert change.indicator_id != "insured" and change.unit == "%"
    assert change.label.startswith("失业保险参保人数") and change.label.endswith("增长")
    assert "0.3 个" in unread and "百分点" in unread["0.3 个"]


def test_from_one_level_to_another_in_a_plan_is_a_baseline_and_a_target():
    readings, _ = _read(["第三章 重点任务", "失业保险参保人数由 40 万人提高到 46 万人。"])
    assert (readings["40 万人"].value_kind, readings["40 万人"].year) == ("baseline", 2020)
    assert (readings["46 万人"].value_kind, readings["46 万人"].year) == ("target", 2025)


def test_a_reported_completion():
    readings, _ = _read(["一、2030年工作情况", "城镇新增就业 1.4 万人，完成年度目标的 112%。"],
                        **REPORT)
    assert readings["112%"].value_kind == "reported_completion_pct"


def test_a_list_after_fenbie_gives_each_item_its_figure():
    readings, _ = _read(["第三章 重点任务", "城镇新增就业人数和失业保险参保人数分别达到 6 万人和 50 万人。"])
    assert readings["6 万人"].indicator_id == "new_jobs"
    assert readings["50 万人"].indicator_id == "insured"


def test_places_listed_before_fenbie_become_districts():
    readings, _ = _read(["第三章 重点任务", "到2025年，甲乙区、丙丁区、戊己县城镇新增就业分别为1.2、2.3、3.4万人。"])
    assert {(reading.district, reading.value) for reading in readings.values()} == {
        ("甲乙区", 1.2), ("丙丁区", 2.3), ("戊己县", 3.4)}
    assert {reading.indicator_id for reading in readings.values()} == {"new_jobs"}


def test_a_list_that_does_not_fit_its_places_is_left_unread():
    readings, unread = _read(["第三章 重点任务", "到2025年，甲乙区、丙丁区、戊己县城镇新增就业分别为1.2、2.3万人。"])
    assert not readings
    assert "2 figures for the 3 places" in unread["2.3万人"]


def test_the_thing_counted_after_a_figure_names_a_new_indicator():
    readings, _ = _read(["第三章 重点任务", "新增 2 家省级创业孵化示范基地。"])
    reading = readings["2 家"]
    assert reading.indicator_id is None and "省级创业孵化示范基地" in reading.label


def test_a_label_is_matched_at_its_core():
    readings, _ = _read(["第一节 发展基础", "全市累计实现城镇新增就业 23 万人，已设立博士后科研工作站 6 个。"])
    assert readings["23 万人"].indicator_id == "new_jobs"
    assert readings["6 个"].indicator_id == "stations"


def test_a_box_number_or_a_list_number_is_not_a_measurement():
    _, unread = _read(["第三章 重点任务", "专栏 5 人才队伍建设项目", "05 万名专家服务基层行动计划。"])
    assert "box, table or list item" in unread["5 人"] and "box, table or list item" in unread["05 万名"]


def test_no_label_no_reading():
    _, unread = _read(["第三章 重点任务", "其中，12 万人。"])
    assert "no label" in unread["12 万人"]


def test_a_table_and_a_heading_are_not_prose():
    lines = ["专栏1 主要指标", "序号\t指标\t单位\t2025年", "1\t城镇新增就业人数\t万人\t6", "",
             "第二章 到2025年的 6 项目标", "城镇新增就业 6.5 万人。"]
    readings, unread = _read(lines)
    assert list(readings) == ["6.5 万人"] and not unread


def test_skipped_figures_are_neither_read_nor_listed():
    doc = _doc(["第三章 重点任务", "开展职业技能培训 20 万人次。"])
    line = doc.lines[1]
    readings, unread = read_prose(doc, INDEX, {(2, line.index("20"))})
    assert not readings and not unread


def test_a_machine_reading_becomes_an_observation_in_the_indicators_unit():
    """人 read in prose is stored in the indicator's 万人, marked machine, with its confidence and how."""
    doc = _doc(["第三章 重点任务", "到2025年，城镇新增就业人数达到 65000 人。"])
    readings, _ = read_prose(doc, LabelIndex.from_catalogue())
    [reading] = readings
    row = to_observation(doc, reading)
    assert (row["indicator_id"], row["value"], row["unit"], row["raw_text"]) == ("urban_new_jobs", 6.5, "万人",
                                                                                  "65000 人")
    assert row["reading"] == "machine" and 0 < row["confidence"] <= 1 and "Read by machine" in row["note"]


def test_a_machine_reading_that_cannot_be_stored_is_listed_not_fatal(monkeypatch):
    """A reading the observation builder refuses (a span that does not end in its year), or the same value read
    twice, never stops a rebuild: it is listed unread with the reason."""
    import dataclasses

    from analytics.ingest import machine
    from analytics.ingest.prose_reader import ProseReading

    doc = _doc(["第三章 重点任务", "到2025年，城镇新增就业人数达到 6.5 万人。"])
    good = ProseReading("fictional.txt", 2, doc.lines[1].index("6.5"), "城镇新增就业人数达到 6.5 万人", "6.5 万人",
                        6.5, "万人", "城镇新增就业人数", "urban_new_jobs", "target", 2025, "14th", None, "plan", None,
                        None, 0.9, "test")
    bad = dataclasses.replace(good, cumulative=(2021, 2024))
    monkeypatch.setattr(machine, "document_readings", lambda *args, **kwargs: ([good, good, bad], []))
    unread: list = []
    rows = machine.machine_observations({"fictional.txt": doc}, [], unread)
    assert [row["raw_text"] for row in rows] == ["6.5 万人"]
    reasons = [item.reason for item in unread]
    assert len(reasons) == 2 and "read twice" in reasons[0] and "does not end in the value's year" in reasons[1]


MONEY = LabelIndex(
    names={"基础养老金最低标准": "pension_minimum", "月人均养老金": "avg_pension", "博士后科研工作站": "stations",
           "新建博士后科研工作站": "new_stations", "补贴性职业技能培训": "subsidised_training",
           "高技能人才": "high_skilled"},
    units={"pension_minimum": "元/月", "avg_pension": "元/月", "stations": "个", "new_stations": "个",
           "subsidised_training": "万人次", "high_skilled": "万人"},
)


def _read_with(index, lines, **doc):
    readings, unread = read_prose(_doc(lines, **doc), index)
    return {reading.text: reading for reading in readings}, {item.text: item.reason for item in unread}


def test_money_per_person_and_month_is_in_yuan_a_month():
    readings, _ = _read_with(MONEY, ["第一节 发展基础",
                                     "基础养老金最低标准为每人每月 180 元，职工月人均养老金提升至 2706 元，"
                                     "补助标准每人每年提高到 380 元。"])
    assert (readings["180 元"].indicator_id, readings["180 元"].unit) == ("pension_minimum", "元/月")
    assert (readings["2706 元"].indicator_id, readings["2706 元"].unit) == ("avg_pension", "元/月")
    assert (readings["380 元"].indicator_id, readings["380 元"].unit) == (None, "元/年")  # no such indicator


def test_a_count_in_another_classifier_is_stored_in_the_indicators():
    readings, _ = _read_with(MONEY, ["第一节 发展基础", "全市设立博士后科研工作站 11 家。"])
    assert (readings["11 家"].indicator_id, readings["11 家"].unit) == ("stations", "个")


def test_a_new_count_is_not_the_total_and_its_verb_holds_for_the_series():
    readings, _ = _read_with(MONEY, ["第一节 发展基础", "新建博士后科研工作站 2 家、博士后科研工作站分站 7 家。",
                                     "全市博士后科研工作站达到 30 家。"])
    assert readings["2 家"].indicator_id == "new_stations"
    second = readings["7 家"]  # 新建 said once for the series: not the total of stations
    assert second.label.startswith("新建") and second.indicator_id != "stations"
    assert readings["30 家"].indicator_id == "stations"


def test_the_same_words_in_another_order_name_the_indicator_but_not_a_flow_of_a_stock():
    readings, _ = _read_with(MONEY, ["第一节 发展基础", "开展职业技能补贴性培训 24.78 万人次。",
                                     "每年培养高技能人才不少于 1 万人。"])
    assert readings["24.78 万人次"].indicator_id == "subsidised_training"
    assert readings["不少于 1 万人"].indicator_id != "high_skilled"  # 培养 a year: a flow, not the stock


def test_a_new_count_said_once_for_a_list_and_an_increase_of_a_count():
    index = LabelIndex(names={"新增高技能人才总量": "new_high_skilled", "高技能人才": "high_skilled"},
                       units={"new_high_skilled": "万人", "high_skilled": "万人"})
    readings, _ = _read_with(index, ["第一节 发展基础",
                                     "全市专业技术人员、高技能人才分别累计新增 3 万人、6.4 万人。",
                                     "全市高技能人才达到 20 万人，其中高技能人才增加 1.1 万人。"])
    assert readings["3 万人"].label == "新增专业技术人员" and readings["3 万人"].indicator_id is None
    assert readings["6.4 万人"].indicator_id == "new_high_skilled"
    assert readings["20 万人"].indicator_id == "high_skilled"
    assert readings["1.1 万人"].indicator_id == "new_high_skilled"  # 增加1.1万人 of a count: what is new


def test_a_share_with_no_words_of_its_own_is_the_share_of_the_figure_before_it():
    readings, _ = _read(["一、2030年工作情况",
                         "发放创业担保贷款共 1.5 亿元，其中小微企业贷款金额 8052 万元，占比 53.4%。"],
                        **REPORT)
    assert readings["53.4%"].label == "小微企业贷款占比"  # the share of the loans; 金额 says nothing more


def test_a_reading_under_a_new_indicator_is_less_sure_than_one_naming_the_catalogue():
    readings, _ = _read(["第一节 发展基础", "“十三五”期间，全市城镇新增就业 38.4 万人，建成零工市场 12 个。"])
    known, new = readings["38.4 万人"], readings["12 个"]
    assert known.indicator_id == "new_jobs" and new.indicator_id is None
    assert new.confidence <= 0.6 < known.confidence


def test_words_that_are_no_name_leave_the_figure_unread_rather_than_make_an_indicator_of_them():
    readings, unread = _read(["第一节 发展基础",
                              "将计发待遇涉及的本人工资标准提高至全省职工月平均工资 8391 元。",
                              "为有就业意愿的、被确定为贫困户家庭的劳动力和就业困难人员提供就业服务的比例达 100%。"])
    assert "8391 元" not in readings and "提高至" in unread["8391 元"]
    assert "100%" not in readings and "a clause, too long" in unread["100%"]


def test_a_share_one_thing_reaches_of_another_is_named_as_that_share():
    readings, unread = _read(["第三章 重点任务",
                              "虚构居民养老保险人均筹资水平逐步达到全市农民人均纯收入的 5%左右，"
                              "虚构补助标准提高至 80%，参保人数达到 30 万人。"])
    share = readings["5%左右"]  # 达到…的5%: the share of the one in the other, not the other's level
    assert (share.label, share.comparator) == ("虚构居民养老保险人均筹资水平占全市农民人均纯收入", "~")
    assert readings["80%"].label == "虚构补助标准"  # raised to 80%: its own level
    _, left = _read(["一、2030年工作情况", "全年城镇新增就业达到年度目标任务的 105%。"], **REPORT)
    assert "105%" in left  # 达到…目标任务的: the completion of a target, no share of it
    assert readings["30 万人"].label == "参保人数" and not unread


def test_a_count_of_what_is_served_is_named_apart_from_the_amount_that_follows_it():
    readings, _ = _read(["一、2030年工作情况", "为 2300 多家企业发放稳岗返还资金 1.05 亿元。"],
                        **REPORT)
    firms, amount = readings["2300 多家"], readings["1.05 亿元"]
    assert firms.label == "发放稳岗返还资金的企业" and firms.unit == "家"
    assert amount.label.endswith("发放稳岗返还资金") and amount.unit == "亿元"  # two indicators, not one


def test_a_measure_closing_a_list_is_said_of_each_of_its_items():
    readings, _ = _read(["第一节 发展基础", "全市虚构专技人才和虚构技能人才总量分别达 21.86 万人和 77.4 万人，"
                                           "分别比“十三五”期末增加 30%和 23.3%。"])
    assert (readings["21.86 万人"].label, readings["77.4 万人"].label) == ("虚构专技人才总量", "虚构技能人才总量")
    assert readings["30%"].label.startswith("虚构专技人才总量比")
    plain, _ = _read(["第一节 发展基础", "虚构养老保险和虚构失业保险参保人数分别达 20 万人和 10 万人。"])
    assert not plain["20 万人"].label.endswith("人数")  # 参保人数 is what the last is: not said of both
    other, _ = _read(["第一节 发展基础", "全市新增就业和技能人才总量分别达到 3 万人和 20 万人。",
                      "虚构技工院校和在校生规模分别达到 12 所和 3.5 万人。"])
    assert other["3 万人"].label == "新增就业"  # what is new has no total of it
    assert not other["12 所"].label.endswith("规模")  # schools are counted otherwise than the students


def test_a_change_keeps_the_whole_of_its_subject_however_long():
    readings, _ = _read(["第一节 发展基础", "全市虚构城镇职工基本养老保险参保人数（含离退休）147.18 万人，"
                                           "比“十三五”期末增长 32.40%。"])
    subject = readings["147.18 万人"].label
    assert subject == "虚构城镇职工基本养老保险参保人数（含离退休）"
    assert readings["32.40%"].label == subject + "比“十三五”期末增长"  # not cut to its tail
    own, _ = _read(["第一节 发展基础", "为有就业意愿的虚构城乡劳动者和虚构外来务工人员提供免费职业介绍服务的"
                                      "人员数量比“十三五”期末增长 12%。"])
    assert len(own["12%"].label) <= 24  # a subject said with the change is cut as any label

def test_a_change_of_each_item_of_a_list_is_of_that_item():
    readings, _ = _read(["第一节 发展基础", "最低工资标准和小时最低工资标准五年分别累计提高 66.67%、68.35%。"])
    assert readings["66.67%"].label.startswith("最低工资标准") and "累计提高" in readings["66.67%"].label
    assert readings["68.35%"].label.startswith("小时最低工资标准")
    assert readings["66.67%"].cumulative == (2016, 2020)


def test_every_year_in_a_sentence_about_the_period_is_a_yearly_target():
    readings, _ = _read(["第二章 主要目标", "“十四五”时期，每年城镇新增就业 1.3 万人，累计新增就业 6.5 万人。"])
    yearly, total = readings["1.3 万人"], readings["6.5 万人"]
    assert (yearly.target_scope, yearly.cumulative) == ("annual", None)
    assert total.cumulative == (2021, 2025)


def test_a_completion_is_of_the_figure_before_it_even_across_a_broken_line():
    readings, _ = _read(["第一节 发展基础", "“十三五”时期，全市城镇新增就业累计 38.4 万人，完成“十三五”",
                         "", "规划目标的 102.4%；城镇登记失业率 2.5%。"])
    completion = readings["102.4%"]
    assert (completion.indicator_id, completion.value_kind, completion.year) == (
        "new_jobs", "reported_completion_pct", 2020)
    assert completion.line == 4


def test_a_time_word_before_a_count_is_not_part_of_what_it_counts():
    readings, _ = _read(["一、2030年工作情况", "建成家政服务平台，目前有 48 家家政企业入驻，新增 2 家省级培训基地。"],
                        **REPORT)
    assert readings["48 家"].label == "家政企业"
    assert readings["2 家"].label == "新增省级培训基地"


def test_the_rounds_something_was_done_in_are_not_what_it_counts():
    readings, _ = _read(["一、2030年工作情况", "公布三批次共 160 多个线上培训平台。"],
                        **REPORT)
    assert readings["160 多个"].label == "线上培训平台"


def test_two_values_for_one_new_label_that_nothing_tells_apart_are_left_unread():
    readings, unread = _read(["一、2030年工作情况", "失业补助金标准根据参保缴费时间分别为 300 元/月、150 元/月。"],
                             **REPORT)
    assert "300 元/月" not in readings and "150 元/月" not in readings
    assert "nothing to tell them apart" in unread["300 元/月"]


def test_a_number_of_years_given_for_the_work_makes_its_figure_their_total():
    readings, _ = _read(["第三章 重点任务", "用5年组织 100 人（次）外国专家到乡村基层开展技术指导。",
                         "3年内在海外布局 6 个人才联络站。", "缴费满15年的参保人员开展职业技能培训 20 万人次。",
                         "到2025年，3年内新建 4 个虚构基地。", "2023年起，用3年建成 5 个虚构园区。",
                         "5年内每年开展职业技能培训 30 万人次。", "3年内社保卡持卡人数达到 700 万人。",
                         "用二十年间培育 9 个虚构集群。"])
    experts, stations, training = readings["100 人"], readings["6 个"], readings["20 万人次"]
    # 人（次）: the aside qualifies the unit; what is counted follows it
    assert (experts.label, experts.cumulative, experts.year) == ("外国专家", (2021, 2025), 2025)
    # three years from the plan's start; the years are not part of the label
    assert (stations.cumulative, stations.year, stations.label) == ((2021, 2023), 2023, "在海外布局人才联络站")
    assert training.cumulative is None  # 满15年 is a condition, not years given for the work
    assert readings["4 个"].cumulative == (2023, 2025)  # back from the year they end
    assert readings["5 个"].cumulative == (2023, 2025)  # from the year they start
    assert (readings["30 万人次"].cumulative, readings["30 万人次"].target_scope) == (None, "annual")  # 每年
    assert readings["700 万人"].cumulative is None  # a level reached, not a total of what was done
    assert readings["9 个"].cumulative is None  # 二十年间 is not 十年间: no years the rule can count


def test_a_counted_noun_keeps_its_aside_and_its_quotation_marks():
    readings, _ = _read(["第三章 重点任务", "2023年底前，建成 1 个区域性（特色性）创业孵化示范基地。",
                         "布局 10 个左右“虚构联络”海外服务工作站，覆盖率要达到 100%以上。"])
    assert readings["1 个"].label == "建成区域性（特色性）创业孵化示范基地"
    assert readings["10 个左右"].label == "布局“虚构联络”海外服务工作站"
    assert readings["100%以上"].label == "覆盖率"  # 要: a modal verb, not part of the name


def test_the_labels_curated_observations_were_read_under_name_their_indicators():
    learned = INDEX.learning([
        {"source_label": "带动就业创业", "indicator_id": "new_jobs"},
        {"source_label": "参保", "indicator_id": "insured"},  # too short to name anything
        {"source_label": "培训合格", "indicator_id": "training"},
        {"source_label": "培训合格", "indicator_id": "insured"},  # one label, two indicators of other units
        {"source_label": "虚构人员合计", "indicator_id": "insured"},
        {"source_label": "虚构人员合计", "indicator_id": "new_jobs"},  # ... and of the same unit
        {"source_label": "城镇登记失业率", "indicator_id": "training"},  # a catalogue name keeps its indicator
        {"source_label": "新认定基地", "indicator_id": "unknown_to_the_index"},
    ])
    assert learned.names["带动就业创业"] == "new_jobs"
    assert "参保" not in learned.names and "培训合格" not in learned.names and "新认定基地" not in learned.names
    assert learned.names["城镇登记失业率"] == "unemployment_rate"
    # a label read for two indicators names the one the figure's unit fits, and neither where both fit
    assert learned.match("培训合格", "万人次")[0] == "training" and learned.match("培训合格", "万人")[0] == "insured"
    assert learned.match("虚构人员合计", "万人") == (None, "no catalogue name: a new indicator")
    assert INDEX.match("培训合格", "万人次")[0] is None  # what no one read names nothing


def test_what_is_new_of_a_flow_is_the_flow_but_what_is_new_of_a_stock_is_not_the_stock():
    index = LabelIndex(names={"农村劳动力转移就业": "transferred", "创业孵化基地": "bases",
                              "专业技术人才总量": "talent"},
                       units={"transferred": "万人", "bases": "个", "talent": "万人"})
    assert index.match("新增转移农村劳动力", "万人")[0] == "transferred"  # 转移就业 counts only what is new
    assert index.match("新认定创业孵化基地", "个")[0] is None  # bases built this year are not all the bases
    assert index.match("新增专业技术人才", "万人")[0] is None


def test_what_is_created_is_what_is_new_whichever_word_says_so():
    index = LabelIndex(names={"新增省级“虚构师傅”培训基地": "bases", "新增省级“虚构师傅”大师工作室": "studios"},
                       units={"bases": "个", "studios": "个"})
    readings, _ = read_prose(_doc(["第一节 发展基础", "2018 年实施“虚构师傅”工程以来，创建了省级虚构师傅培训基地 4 家、"
                                   "省级虚构师傅大师工作室 3 家。"]), index)
    bases, studios = readings
    assert (bases.indicator_id, studios.indicator_id) == ("bases", "studios")  # 创建了 = 新增, said once
    assert bases.cumulative == studios.cumulative == (2018, 2020)  # what was created since 2018: its total
    joined, _ = read_prose(_doc(["一、2030年工作情况", "新增2家省级“虚构师傅”培训基地和2家省级“虚构师傅”大师工作室。"],
                                **REPORT), index)
    assert [reading.indicator_id for reading in joined] == ["bases", "studios"]  # 新增 said once for both (和)
    campaign, _ = read_prose(_doc(["第一节 发展基础", "开展和谐劳动关系创建活动，参与创建企业 1200 家。"]), index)
    assert campaign[0].cumulative is None  # taking part in a campaign is no count of what is created


def test_the_words_for_the_people_counted_are_one_as_good_as_another():
    index = LabelIndex(names={"新增专业技术人才": "added", "技能人才总量": "skilled", "就业困难人员实现就业": "hard"},
                       units={"added": "万人", "skilled": "万人", "hard": "万人"})
    assert index.match("新增专业技术人员", "万人")[0] == "added"  # 人员 = 人才
    assert index.match("技能劳动者总量", "万人")[0] == "skilled"  # 劳动者 = 人才
    assert index.match("专业技术人才总量", "万人")[0] is None  # a stock is not what is new


def test_a_figure_the_document_states_twice_takes_the_span_it_is_given_elsewhere():
    doc = _doc(["第二章 主要目标", "到2025年，全市累计城镇新增就业 30 万人。开展职业技能培训 20 万人次以上。",
                "第三章 重点任务", "城镇新增就业人数 30 万人以上。", "城镇新增就业人数 25 万人。",
                "开展职业技能培训 200000 人次以上。"])
    # the document's own table gives the training target as a total of the plan's five years
    table = {"source_file": "fictional.txt", "indicator_id": "training", "value_kind": "target", "year": 2025,
             "value": 20.0, "unit": "万人次", "span_kind": "total", "period_start": 2021, "period_end": 2025}
    readings, _ = read_prose(doc, INDEX, stated=[table])
    by_line = {(reading.line, reading.text): reading for reading in readings}
    assert by_line[(4, "30 万人以上")].cumulative == (2021, 2025)  # restates line 2's 累计 figure
    assert by_line[(5, "25 万人")].cumulative is None  # another value: another figure
    assert by_line[(2, "20 万人次以上")].cumulative == (2021, 2025)  # the table's span
    assert by_line[(6, "200000 人次以上")].cumulative == (2021, 2025)  # the same value in another unit
    alone, _ = read_prose(doc, INDEX)
    assert {(reading.line, reading.text): reading for reading in alone}[(2, "20 万人次以上")].cumulative is None


def test_a_count_right_after_another_in_another_unit_counts_the_same_thing_otherwise():
    readings, _ = _read(["一、2030年工作情况", "组织各类虚构培训 15 场 1200 余人次，举办招聘会 20 场。"],
                        **REPORT)
    assert readings["15 场"].label == "各类虚构培训"
    assert readings["1200 余人次"].label == "各类虚构培训人次"
    assert readings["20 场"].label == "举办招聘会"  # words of its own: not the figure before it


def test_people_counted_with_no_noun_are_named_by_what_was_done_for_them():
    readings, _ = _read(["一、2030年工作情况", "为 3.8 万人提供“一对一”就业帮扶 14 万次，促成 2.2 万人成功就业。"],
                        **REPORT)
    assert readings["3.8 万人"].label == "提供“一对一”就业帮扶"
    assert readings["14 万次"].label == "“一对一”就业帮扶"
    assert readings["2.2 万人"].label == "促成成功就业"


def test_the_bureaus_action_opening_a_label_is_dropped_but_inside_it_stays():
    readings, _ = _read(["第二章 主要目标", "乡镇基层劳动争议调解组织建设率达到 100%。", "组织各类虚构培训 3 万人次。",
                         "各级部门组织开展职业技能培训 20 万人次。"])
    assert readings["100%"].label == "乡镇基层劳动争议调解组织建设率"  # 调解组织: a noun
    assert readings["3 万人次"].label == "各类虚构培训"
    assert readings["20 万人次"].label == "各级部门组织开展职业技能培训"


def test_a_figure_after_a_count_is_named_by_what_was_done_for_those_counted():
    readings, _ = _read(["一、2030年工作情况", "为 294 名虚构帮扶对象提供“一对一”就业帮扶服务 10577 次。"],
                        **REPORT)
    assert readings["294 名"].label == "虚构帮扶对象"
    assert readings["10577 次"].label == "“一对一”就业帮扶服务"


def test_a_label_close_to_a_name_at_their_cores_names_it_but_another_insurance_does_not():
    index = LabelIndex(names={"新增转移农业劳动力": "transferred", "失业保险参保人数": "insured"},
                       units={"transferred": "万人", "insured": "万人"})
    assert index.match("每年新增转移农村劳动力", "万人")[0] == "transferred"  # 农村 ~ 农业, one word apart
    assert index.match("工伤保险参保人数", "万人")[0] is None  # another insurance: not close enough
    assert index.match("转移劳动力", "万人")[0] is None  # too short a core to be judged close


def test_a_number_opening_a_label_counts_its_people_and_a_decimal_is_no_list_number():
    readings, _ = _read(["第一节 发展基础", "10.9 万符合条件的虚构人员 100%完成代缴。",
                         "2020年虚构市一次性补助金 84 万元。"])
    assert readings["100%"].label == "符合条件的虚构人员"  # not 9万… (10. read as a list number)
    assert readings["84 万元"].label == "虚构市一次性补助金"  # a year is a time, not a count of people


def test_a_plans_clause_that_opens_with_a_year_is_for_that_year():
    readings, _ = _read(["第三章 重点任务",
                         "落实鉴定补贴，2023年鉴定人数 10,000 人，2024年底前建成 3 个博士后科研工作站。"])
    assert readings["10,000 人"].year == 2023
    assert readings["3 个"].year == 2024


def test_a_long_clause_is_named_by_what_its_last_de_describes():
    readings, unread = _read(["第一节 发展基础",
                              "创新组建调解员队伍，截至“十三五”期末，全市所有镇街聘请由社会有关代表和虚构协会推荐人员组成的"
                              "劳动争议义务调解员共 489 名。",
                              "向困难人员、吸纳困难人员就业的企业发放就业创业补贴 848.72 万元。"])
    mediators = readings["489 名"]
    # the clause before it is only its date: a level at the period's end, not what the period did
    assert (mediators.label, mediators.cumulative, mediators.year) == ("劳动争议义务调解员", None, 2020)
    assert readings["848.72 万元"].label == "企业发放就业创业补贴"
    assert not unread
    named, _ = _read(["第三章 重点任务",
                      "由各类虚构机构、行业协会和职业院校共同参与组织的职业技能培训人数 20 万人次。"])
    # a catalogue name found so is a little less sure than one the clause states alone
    assert (named["20 万人次"].indicator_id, named["20 万人次"].confidence) == ("training", 0.9)
    # however long the clause (longer than any name: 40 characters and more), its last 的 names the figure
    long, _ = _read(["第三章 重点任务",
                     "2023年以前，有劳动能力且有就业愿望的、被确定为虚构帮扶对象家庭的劳动力和就业困难人员的"
                     "职业技能培训覆盖率达 100%。"])
    assert long["100%"].label == "职业技能培训覆盖率" and long["100%"].year == 2023


def test_a_count_of_employers_or_people_before_the_amount_of_what_they_got_counts_them():
    readings, _ = _read(["一、2030年工作情况", "直接减免 8.17 万家用人单位社保费 44.49 亿元，"
                         "为 3748 名劳动者追回工资等待遇 5459 万元，新增 2 家企业技能等级认定机构。"],
                        **REPORT)
    assert readings["8.17 万家"].label == "减免社保费的用人单位"
    assert readings["3748 名"].label == "追回工资等待遇的劳动者"
    assert readings["2 家"].label == "新增企业技能等级认定机构"  # no amount after it: the words are what it counts


def test_a_count_followed_by_what_it_was_is_not_named_by_those_words():
    readings, unread = _read(["一、2030年工作情况", "全市城镇新增就业 3.26 万人为历年最高，新增就业 3 万人 95%为青年。",
                              "12333热线接听量 50 万人次。"],
                             **REPORT)
    assert readings["3.26 万人"].indicator_id == "new_jobs"  # 为历年最高 says what it was, not what was done
    assert "95%" in unread  # a share right after a count is not that count counted otherwise
    assert readings["50 万人次"].label == "12333热线接听量"  # a number that is a name stays


def test_a_clause_year_before_the_plan_is_not_a_target_and_wins_over_an_earlier_year():
    readings, unread = _read(["第三章 重点任务", "2020年城镇新增就业 3 万人。",
                              "到2025年，新增就业 30 万人，2023年鉴定人数 1 万人。"])
    assert "3 万人" in unread and "before the plan's years" in unread["3 万人"]
    assert readings["1 万人"].year == 2023


def test_a_yearly_target_or_another_place_takes_no_span_from_a_restated_total():
    doc = _doc(["第三章 重点任务", "每年开展职业技能培训 20 万人次。",
                "蓬江区、江海区职业技能培训人数分别为 20 万人次、5 万人次。"])
    table = {"source_file": "fictional.txt", "indicator_id": "training", "value_kind": "target", "year": 2025,
             "value": 20.0, "unit": "万人次", "span_kind": "total", "period_start": 2021, "period_end": 2025,
             "district": None}
    readings, _ = read_prose(doc, INDEX, stated=[table])
    assert all(reading.cumulative is None for reading in readings)


def test_a_label_too_long_keeps_its_tail_from_a_word_that_can_open_a_name():
    readings, _ = _read(["第一节 发展基础", "虚构市人社执法部门共向公安机关移送涉嫌拒不支付劳动报酬罪案件 113 宗。"])
    cut = readings["113 宗"]
    assert cut.label == "向公安机关移送涉嫌拒不支付劳动报酬罪案件" and cut.confidence <= 0.6


def test_an_item_of_a_series_takes_a_modifier_of_the_item_before_it_only_to_make_a_catalogue_name():
    index = LabelIndex(names={"博士后科研工作站": "stations", "博士后创新实践基地": "bases"},
                       units={"stations": "个", "bases": "个"})
    doc = _doc(["第一节 发展基础", "全市设立博士后科研工作站 11 家、创新实践基地 28 家、虚构孵化基地 5 家。"])
    readings = {reading.text: reading for reading in read_prose(doc, index)[0]}
    assert (readings["28 家"].label, readings["28 家"].indicator_id, readings["28 家"].confidence) == (
        "博士后创新实践基地", "bases", 0.9)
    assert (readings["5 家"].label, readings["5 家"].indicator_id) == ("虚构孵化基地", None)  # no name made so


def test_a_label_too_short_is_named_by_the_clause_before_it_up_to_the_same_word():
    readings, unread = _read(["一、2030年工作情况", "推出“虚构协助员”上门服务项目，服务 3130 人次；税收 500 万元。"],
                             **REPORT)
    assert readings["3130 人次"].label == "推出“虚构协助员”上门服务"
    assert "500 万元" in unread  # 税收 is said nowhere before: still too short to be a name


PROGRAMME = {"plan_period": None, "title": "虚构市就业保障均等化实施细则", "covers": "2029-2030年"}


def test_places_figures_adding_up_to_years_of_an_every_year_figure_are_totals_over_those_years():
    readings, _ = _read(["第二章 目标任务",
                         "到2030年，甲乙区、丙丁区新增安置虚构残障人员分别为500名、700名。",
                         "到2030年，甲乙区、丙丁区扶持虚构创业者分别为100名、200名。",
                         "到2030年，甲乙区、丙丁区虚构见习岗位分别为300个、500个。",
                         "每年新增安置虚构残障人员600名，每年扶持虚构创业者200名，每年虚构公益岗位400个。"],
                        **PROGRAMME)
    # 500 + 700 = 2 x 600: each place's figure is its total over the programme's two years
    assert readings["500名"].cumulative == readings["700名"].cumulative == (2029, 2030)
    assert "add up to 2 years" in readings["500名"].how
    # 100 + 200 is not two years of 200, and 300 + 500 is two years of another thing's 400: a year's figures
    assert readings["100名"].cumulative is None and readings["300个"].cumulative is None
    assert readings["600名"].cumulative is None and readings["600名"].target_scope == "annual"


def test_a_year_cell_of_a_table_laid_out_one_cell_a_line_times_the_cell_before_it():
    readings, _ = _read(["附件 虚构市任务分解表", "\t序号", "\t项目", "\t目标分解", "\t完成时间", "",
                         "\t1-1", "\t", "\t每年扶持虚构创业者300名。", "\t2029年", "\t虚构局", "",
                         "\t1-2", "\t开展虚构技能培训5万人。", "\t建成虚构服务平台。", "\t2029年", "\t虚构局", "",
                         "\t1-3", "\t培育虚构骨干企业8家。", "\t", "\t2029年", "\t虚构局", ""],
                        **PROGRAMME)
    assert (readings["300名"].year, readings["300名"].target_scope) == (2029, "annual")
    # the row's other cell (its 项目) is not what the 完成时间 times: the programme's last year
    assert readings["5万人"].year == 2030
    assert readings["8家"].year == 2030  # the year times the empty cell just before it, not this one


def test_a_count_of_people_that_is_not_whole_has_lost_the_multiplier_its_sentence_uses():
    readings, unread = _read(["第二章 主要目标",
                              "到2025年，全市虚构人才总量达到 26.25 万人，虚构高层次人才总量达 0.92 人，"
                              "虚构技能人才 8 万人。",
                              "到2025年，虚构首席技师达 2.5 人，虚构技能大师 30 人。",
                              "到2025年，虚构家庭平均每户就业 1.5 人，虚构人才总量 3 万人。"])
    fixed = readings["0.92 人"]
    assert (fixed.value, fixed.unit) == (0.92, "万人") and "a count of people is whole" in fixed.how
    # nothing in its sentence says which multiplier: left unread, not guessed
    assert "2.5 人" not in readings and "not whole" in unread["2.5 人"]
    assert readings["30 人"].unit == "人"
    assert (readings["1.5 人"].value, readings["1.5 人"].unit) == (1.5, "人")  # an average need not be whole


def test_a_number_of_years_closing_a_lists_last_item_is_said_of_every_item():
    readings, _ = _read(["第一章 发展基础",
                         "虚构最低工资标准和虚构小时工资标准五年分别累计提高 60% 和 65%。"])
    assert readings["60%"].label == "虚构最低工资标准五年累计提高"
    assert readings["65%"].label == "虚构小时工资标准五年累计提高"


RATIOS = LabelIndex(names={}, units={"senior": "%", "middle": "%", "junior": "%"},
                    ratios={"高、中、初级虚构人才比例": ("senior", "middle", "junior")})


def test_a_ratio_the_catalogue_names_is_read_as_its_parts_and_any_other_is_left_with_why():
    readings, unread = read_prose(_doc(["第二章 主要目标",
                                        "到2025年，全市高、中、初级虚构人才比例达到 10:38:52，虚构会议 9:30 开始。",
                                        "虚构甲乙丙三类岗位比例为 20:30:50，高、中、初级虚构人才比例达到 10:40。",
                                        "高、中、初级虚构人才比例达到 12:38:60。"]), RATIOS)
    parts = [(reading.indicator_id, reading.value, reading.unit, reading.value_kind, reading.year, reading.ratio)
             for reading in readings if reading.line == 2]
    assert parts == [(part, value, "%", "target", 2025, "高、中、初级虚构人才比例")
                     for part, value in (("senior", 10), ("middle", 38), ("junior", 52))]
    assert {reading.text for reading in readings} == {"10:38:52"}  # 9:30 is a time: no measurement, left alone
    reasons = {(item.line, item.text): item.reason for item in unread}
    assert "no ratio of the catalogue names" in reasons[(3, "20:30:50")]
    assert "a ratio of 2 parts" in reasons[(3, "10:40")]
    assert "add up to 110, not 100" in reasons[(4, "12:38:60")]
    # a ratio a table or a rule has read already is not read again
    again, _ = read_prose(_doc(["第二章 主要目标", "高、中、初级虚构人才比例达到 10:38:52。"]), RATIOS,
                          skip={(2, len("高、中、初级虚构人才比例达到 "))})
    assert again == []


def test_a_ratio_is_read_only_under_a_catalogue_ratios_own_name_and_for_one_place():
    readings, unread = read_prose(_doc(["第二章 主要目标",
                                        "甲区、乙区高、中、初级虚构人才比例分别为 10:38:52、12:38:50。",
                                        "农村高、中、初级虚构人才比例为 8:40:52。",
                                        "高、中、初级虚构人才比例分别达到 9:41:50。",
                                        "高、中、初级虚构人才比例由 8:35:57 调整为 10:38:52 左右。",
                                        "高、中、初级虚构人才比例：11:39:50。"]), RATIOS)
    reasons = {(item.line, item.text): item.reason for item in unread}
    assert "no ratio of the catalogue names" in reasons[(2, "10:38:52")]  # places before it: not the city's
    assert "no ratio of the catalogue names" in reasons[(3, "8:40:52")]  # 农村…: another ratio
    assert "分别" in reasons[(4, "9:41:50")]
    assert {item.what for item in unread} == {"ratio"}
    changed = [(r.text, r.value_kind, r.year, r.comparator, r.label) for r in readings if r.line == 5]
    assert changed == [("8:35:57", "baseline", 2020, None, "高、中、初级虚构人才比例")] * 3 + \
        [("10:38:52", "target", 2025, "~", "高、中、初级虚构人才比例")] * 3
    assert [r.value for r in readings if r.line == 6] == [11, 39, 50]  # after a full-width colon


def test_what_review_found_stays_read_as_the_sentence_says():
    """Cases a review of the rules above turned up, each on its own."""
    readings, _ = _read(["第二章 主要目标",
                         "到2025年，全市新增就业 5 万人，零就业家庭户均就业 1.2 人。",  # an average need not be whole
                         "城镇登记失业率由 4.5% 降低到 3.5%。",  # 降低到 sets a level as 提高到 does
                         "虚构最低工资标准和虚构小时工资标准二〇一四年分别提高 10% 和 12%。",  # a date, not years
                         "虚构最低工资标准和虚构小时工资标准近两年分别提高 6% 和 7%。",
                         "虚构最低工资标准和虚构小时工资标准十五年分别累计提高 90% 和 95%。"])
    assert (readings["1.2 人"].value, readings["1.2 人"].unit) == (1.2, "人")
    assert (readings["3.5%"].value_kind, readings["3.5%"].indicator_id) == ("target", "unemployment_rate")
    assert readings["10%"].label == "虚构最低工资标准提高" and readings["6%"].label == "虚构最低工资标准提高"
    assert readings["90%"].label == "虚构最低工资标准十五年累计提高"


def test_places_figures_are_totals_only_list_by_list_and_of_the_same_thing():
    readings, _ = _read(["第二章 目标任务",
                         "到2030年，甲乙区、丙丁区虚构安置人员分别为300名、300名。丙丁区、甲乙区虚构安置人员分别为200名、"
                         "400名。",
                         "到2030年，甲乙区、丙丁区虚构安置困难人员分别为500名、700名。",
                         "每年虚构安置人员600名。"], **PROGRAMME)
    # each list adds up to one year's 600: a year's figures, though the two lists together make 1200
    assert [readings[text].cumulative for text in ("300名", "200名", "400名")] == [None, None, None]
    # 虚构安置困难人员 is not 虚构安置人员, whatever its figures add up to
    assert readings["500名"].cumulative is None
    # the same label without 每年 is the same thing
    same, _ = _read(["第二章 目标任务", "到2030年，甲乙区、丙丁区虚构安置人员分别为500名、700名。",
                     "每年虚构安置人员600名。"], **PROGRAMME)
    assert same["500名"].cumulative == (2029, 2030)


def test_a_year_cell_says_a_year_and_nothing_else():
    readings, _ = _read(["附件 虚构市任务分解表", "\t1-1", "\t每年扶持虚构创业者300名。", "\t2029", "\t虚构局", ""],
                        **PROGRAMME)
    assert readings["300名"].year == 2030  # 2029 alone may be any number: no year cell


def test_a_ratio_ending_a_line_names_nothing_on_the_next():
    readings, unread = read_prose(_doc(["第二章 主要目标", "到2025年，高、中、初级虚构人才比例达到 10:38:52，",
                                        "控制在 5% 以内。"]), RATIOS)
    assert [reading.text for reading in readings] == ["10:38:52"] * 3
    assert [item.text for item in unread] == ["5% 以内"]


def test_what_a_second_review_found_stays_read_as_the_sentence_says():
    readings, _ = _read(["第二章 主要目标",
                         "全市最低工资标准调整 3 次，职工月工资平均 6000 元，产业结构调整完成 12 项。",
                         "城镇登记失业率由 4.5% 下降到 3.5%。",
                         "到2025年，全市人才资源总量达到 26.25 万人，就业服务均等化专职人员 0.92 人，技能人才 8 万人。",
                         "虚构最低工资标准和虚构小时工资标准二○一四年分别提高 10% 和 12%。",
                         "虚构最低工资标准和虚构小时工资标准第三年分别提高 6% 和 7%。"])
    # 调整 ends a name, not cut off it; 平均 is cut whole, not 均 alone
    assert [readings[text].label for text in ("3 次", "6000 元", "12 项")] == ["最低工资标准调整", "职工月工资",
                                                                            "产业结构调整"]
    assert (readings["3.5%"].value_kind, readings["3.5%"].indicator_id) == ("target", "unemployment_rate")
    assert readings["0.92 人"].unit == "万人"  # 均等化 is no average
    assert readings["10%"].label == readings["6%"].label == "虚构最低工资标准提高"  # a date, the third year


def test_a_ratio_with_no_name_of_its_own_is_read_only_as_what_the_one_before_becomes():
    readings, unread = read_prose(_doc(["第二章 主要目标",
                                        "高、中、初级虚构人才比例达到 10:38:52，12:38:50。",
                                        "高、中、初级虚构人才比例达到 10:38:52，其中 8:40:52。",
                                        "高、中、初级虚构人才比例达到 10:38:52，调整为 12:38:50。",
                                        "人才目标：高、中、初级虚构人才比例约为 9:41:50。",
                                        "高、中、初级虚构人才比例达到 10:38:52 以上。",
                                        "高、中、初级虚构人才比例分别为 10:38:52、12:38:50。",
                                        "高、中、初级虚构人才比例由 8:35:57 调整为 10:38:52。"]), RATIOS)
    reasons = {(item.line, item.text): item.reason for item in unread}
    assert "no name of its own" in reasons[(2, "12:38:50")] and "no name of its own" in reasons[(3, "8:40:52")]
    assert "which one is not clear" in reasons[(4, "12:38:50")]  # the same year's target twice
    assert [(r.value, r.comparator) for r in readings if r.line == 5] == [(9, "~"), (41, "~"), (50, "~")]
    assert "a bound (以上)" in reasons[(6, "10:38:52")]
    assert "分别" in reasons[(7, "10:38:52")] and (7, "12:38:50") in reasons
    became = [r for r in readings if r.line == 8 and r.text == "10:38:52"]
    assert {(r.value_kind, r.confidence) for r in became} == {("target", 0.9)}  # named by the one before: less sure


def test_places_figures_of_two_lists_on_a_line_and_of_what_was_done_for_the_people_counted():
    readings, _ = _read(["第二章 目标任务",
                         "到2030年，甲乙区、丙丁区虚构安置人员分别为300名、300名，戊己区、庚辛区虚构安置人员分别为"
                         "250名、350名。",
                         "到2030年，甲乙区、丙丁区分别为500名、700名虚构残障人员提供技能培训。",
                         "每年虚构安置人员600名，每年为600名虚构残障人员提供技能培训。"], **PROGRAMME)
    # each list adds up to one year's 600, though the two together make two years'
    assert {readings[text].cumulative for text in ("300名", "250名", "350名")} == {None}
    # the people counted every year, and what was done for them in each place: the same thing
    assert readings["500名"].cumulative == readings["700名"].cumulative == (2029, 2030)
