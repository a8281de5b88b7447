"""Golden scorecards on the committed data (data/*.parquet), checked against the source tables.

Each expectation was read off the source line by hand (file:line below) and judged by the
rule documented in analytics/scorecard.py:

- Jiangmen, 12th plan: 000_d92a957b28094439.txt 专栏1, lines 131-147 (2015 target vs 2015 actual).
  Line 131 `[22.5]` vs `23.4`: the 23.4 is the 2011-2015 total (the 13th plan's 2015 base, line 214,
  writes it [23.4]), so the target is met at 104.0 %. `3.2%以内` vs `2.4 以内`: every value ≤ 2.4
  meets ≤ 3.2, met without a ratio (both are bounds).
- Jingdezhen, 12th plan: 001_ec0a8e65957f0800.txt 专栏1, lines 44-61. `<3.5` vs `<3.5` is met
  (every value below 3.5 meets "below 3.5"); `>13` vs 16.27 met (a bound: no ratio); 97 vs 96
  is not met (98.97 %).
- Zhanjiang, 13th plan: 003_752116bdcc71a0d2.txt 专栏1, lines 103-120 with the plan's own
  完成比例 beside the computed ratio. Line 115 (labour contracts 96 → 98.60) reports 103.79 %,
  but 98.60 / 96 = 102.71 %: the only row where the two disagree by more than half a point.
"""

from __future__ import annotations

import pytest

from analytics.db import Database
from analytics.paths import PROJECT_DIR
from analytics.scorecard import scorecard

JIANGMEN, JINGDEZHEN, ZHANJIANG = "000_d92a957b28094439.txt", "001_ec0a8e65957f0800.txt", "003_752116bdcc71a0d2.txt"
JIANGMEN_PILOT = "002_bf700d1be069a182.txt"

# source line of the target -> (target as written, target, actual, status, ratio %, reported %)
GOLDEN = {
    ("jiangmen", "12th", JIANGMEN): {
        131: ("[22.5]", 22.5, 23.4, "met", 104.0, None),  # 城镇新增就业人数
        132: ("3.2%以内", 3.2, 2.4, "met", None, None),  # 城镇登记失业率: bound vs bound, decides
        133: ("[23.5]", 23.5, 23.55, "met", 100.21, None),  # 组织培训农村劳动力
        134: ("[10]", 10.0, 12.8, "met", 128.0, None),  # 农村劳动力转移就业
        135: ("95", 95.0, 98.0, "met", 103.16, None),  # 本省户籍二三产业从业人员养老保险参保率
        136: ("365.31", 365.31, 386.99, "met", 105.93, None),  # 城乡基本医疗保险参保人数
        137: ("98", 98.0, 98.72, "met", 100.73, None),  # 城乡基本医疗保险参保率
        138: ("60.6", 60.6, 74.72, "met", 123.3, None),  # 全市失业保险参保人数
        139: ("58", 58.0, 77.89, "met", 134.29, None),  # 全市工伤保险参保人数
        140: ("47", 47.0, 76.57, "met", 162.91, None),  # 全市生育保险参保人数
        141: ("93", 93.0, 93.0, "met", 100.0, None),  # 全市人才资源总量
        142: ("9", 9.0, 18.91, "met", 210.11, None),  # 其中：企业经营管理人才
        143: ("23", 23.0, 23.0, "met", 100.0, None),  # 专业技术人才
        144: ("10", 10.0, 10.27, "met", 102.7, None),  # 高技能人才
        145: ("6", 6.0, 2.99, "not_met", 49.83, None),  # 农村实用人才
        146: ("0.7", 0.7, 4.0, "met", 571.43, None),  # 社会工作人才
        147: ("19", 19.0, 20.9, "met", 110.0, None),  # 高技能人才占技能劳动者比例
    },
    ("jingdezhen", "12th", JINGDEZHEN): {
        44: ("13.3", 13.3, 18.17, "met", 136.62, None),  # 五年城镇新增就业人数
        45: ("<3.5", 3.5, 3.5, "met", None, None),  # 城镇登记失业率 <3.5 vs <3.5
        46: ("26.7", 26.7, 13.39, "not_met", 50.15, None),  # 新增转移农业劳动力
        47: ("40", 40.0, 42.32, "met", 105.8, None),  # 城镇基本养老保险参保人数
        48: ("56.5", 56.5, 54.4, "not_met", 96.28, None),  # 新型农村社会养老保险参保人数
        49: ("155.46", 155.46, 71.98, "not_met", 46.3, None),  # 基本医疗保险参保人数
        50: ("13.6", 13.6, 13.6, "met", 100.0, None),  # 失业保险参保人数
        51: ("32", 32.0, 27.33, "not_met", 85.41, None),  # 工伤保险参保人数
        52: ("6.7", 6.7, 9.72, "met", 145.07, None),  # 生育保险参保人数
        53: ("68.96", 68.96, 87.5, "met", 126.89, None),  # 社会保障卡发卡数量（万张）
        54: ("21.75", 21.75, 22.1, "met", 101.61, None),  # 人才资源总量
        55: ("7.5", 7.5, 7.6, "met", 101.33, None),  # 专业技术人才总量
        56: ("2.05", 2.05, 2.24, "met", 109.27, None),  # 新增高技能人才总量
        57: ("5", 5.0, 3.9, "not_met", 78.0, None),  # 农村实用人才总量
        58: (">13", 13.0, 16.27, "met", None, None),  # 最低工资标准年均增长率 (a bound: no ratio)
        59: ("97", 97.0, 96.0, "not_met", 98.97, None),  # 企业劳动合同签订率
        60: ("85", 85.0, 80.0, "not_met", 94.12, None),  # 企业集体合同签订率
        61: ("95", 95.0, 93.0, "not_met", 97.89, None),  # 劳动人事争议仲裁结案率
    },
    ("zhanjiang", "13th", ZHANJIANG): {
        103: ("[37.5]", 37.5, 38.39, "met", 102.37, 102.36),  # 城镇累计新增就业人数
        104: ("3.5 以内", 3.5, 2.47, "met", None, None),  # 城镇登记失业率 (完成比例: 控制在目标内)
        106: ("140.28", 140.28, 147.18, "met", 104.92, 104.92),  # 城镇职工基本养老保险参保人数(含离退休)
        107: ("74", 74.0, 83.72, "met", 113.14, 113.13),  # 其中:执行企业制度的在职职工
        108: ("251", 251.0, 280.12, "met", 111.6, 111.6),  # 城乡居民基本养老保险参保人数
        109: ("39", 39.0, 46.7, "met", 119.74, 119.74),  # 失业保险参保人数
        110: ("43", 43.0, 52.99, "met", 123.23, 123.23),  # 工伤保险参保人数
        112: ("19", 19.0, 21.86, "met", 115.05, 115.05),  # 专业技术人才总量
        113: ("29", 29.0, 29.56, "met", 101.93, 102.0),  # 高技能人才占技能人才比例
        115: ("96", 96.0, 98.6, "met", 102.71, 103.79),  # 企业劳动合同签订率 — reported disagrees
        116: ("83", 83.0, 83.0, "met", 100.0, 100.0),  # 已建工会的企业集体合同签订率
        117: ("96", 96.0, 100.0, "met", 104.17, 104.16),  # 劳动保障监察举报投诉案件结案率
        118: ("90", 90.0, 96.0, "met", 106.67, 106.67),  # 劳动人事争议仲裁结案率
        120: ("685", 685.0, 714.0, "met", 104.23, 104.23),  # 社会保障卡持卡人数
    },
}


@pytest.fixture(scope="module")
def real_db():
    database = Database(PROJECT_DIR / "data")
    yield database
    database.close()


def _nan_to_none(value):
    return None if value is None or value != value else value


@pytest.mark.parametrize(("city_id", "plan_period", "source_file"), list(GOLDEN))
def test_golden_scorecard_rows(real_db, city_id, plan_period, source_file):
    expected = GOLDEN[(city_id, plan_period, source_file)]
    df = scorecard(real_db, city_id, plan_period)
    from_table = df[df["source_file"] == source_file]
    by_line = {int(row["source_line"]): row for row in from_table.to_dict("records")}
    assert set(by_line) == set(expected), "the plan table's rows, each once"
    for line, (target_raw, target, actual, status, ratio, reported) in expected.items():
        row = by_line[line]
        where = f"{source_file}:{line}"
        assert row["target_raw"] == target_raw, where
        assert row["target"] == pytest.approx(target), where
        assert row["actual"] == pytest.approx(actual), where
        assert row["status"] == status, where
        if ratio is None:
            assert _nan_to_none(row["ratio_pct"]) is None, where
        else:
            assert row["ratio_pct"] == pytest.approx(ratio, abs=0.01), where
        if reported is None:
            assert _nan_to_none(row["reported_completion_pct"]) is None, where
        else:
            assert row["reported_completion_pct"] == pytest.approx(reported, abs=0.001), where
        assert row["completion_disagrees"] == (line == 115 and city_id == "zhanjiang"), where


def test_other_rows_of_those_scorecards_come_only_from_the_jiangmen_pilot(real_db):
    """Jiangmen's 2014-2015 pilot rules (002) state 2015 targets too; nothing else may join."""
    for city_id, plan_period, source_file in GOLDEN:
        df = scorecard(real_db, city_id, plan_period)
        others = set(df.loc[df["source_file"] != source_file, "source_file"])
        assert others <= ({JIANGMEN_PILOT} if city_id == "jiangmen" else set()), (city_id, plan_period, others)


def test_zhanjiang_jobs_keeps_the_14th_plans_differing_base_as_alternative(real_db):
    row = scorecard(real_db, "zhanjiang", "13th").set_index("source_line").loc[103]
    assert (row["actual_raw"], row["actual_source"], row["actual_source_line"]) == ("[38.39]", "table", 103)
    assert f"[38.9] (baseline, {ZHANJIANG}:185)" in list(row["alternatives"])  # 专栏2's 2020 base
    assert row["reported_completion_raw"] == "102.36"


def test_zhanjiang_unemployment_reported_as_text(real_db):
    row = scorecard(real_db, "zhanjiang", "13th").set_index("source_line").loc[104]
    assert row["reported_completion_raw"] == "控制在目标内"
    assert row["comparator"] == "<=" and row["reason"] == "within_bound"


def test_side_by_side_12th_plan_scorecards_share_ten_indicators():
    from analytics.db import get_database
    from analytics.scorecard import scorecards_side_by_side

    shared = scorecards_side_by_side(get_database(), "12th")
    assert shared["indicator_id"].nunique() == 10
    assert set(shared["city_id"]) == {"jiangmen", "jingdezhen"}
    by_key = {(row["city_id"], row["indicator_id"]): row for row in shared.to_dict("records")}
    medical = by_key[("jingdezhen", "basic_medical_insurance_insured")]  # 001:49 155.46 → 71.98
    assert (medical["status"], medical["ratio_pct"]) == ("not_met", 46.3)
    assert by_key[("jiangmen", "basic_medical_insurance_insured")]["status"] == "met"  # 000:136 365.31 → 386.99
    assert "enterprise_management_talent" not in set(shared["indicator_id"])  # 000:142, Jiangmen only
