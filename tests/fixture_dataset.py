"""A small, deterministic dataset for the analytics tests, written like the real one
(analytics.ingest.writer.to_arrow + write_tables, so it passes the same schema checks).

The rows are CRAFTED, not read from the sources: values borrow from the real plans where
convenient, but line numbers and some figures are invented so that every case the
analytics must handle occurs exactly once in a known place:

- each comparator (= <= < >= > ~) as a target, for higher_better and lower_better indicators;
- cumulative vs cumulative (same span, different span), cumulative vs annual;
- an actual stated as a bound (deciding and not deciding), a text-only target and actual;
- different units, a missing actual, a next plan's baseline as the actual;
- a district row, a ratio cell (one row per component), reported completion % (agreeing,
  disagreeing, text-only), a plan with targets for an intermediate year (2018 and 2020).

`EXPECTED_SCORECARD` states, per (city, plan period, indicator), the status each case must get.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from analytics import catalogue
from analytics.ingest.writer import to_arrow, write_tables

JM, JM_PILOT, JM_REPORT = "000_d92a957b28094439.txt", "002_bf700d1be069a182.txt", "004_95eefe6b59f03fdd.txt"
JDZ, ZJ = "001_ec0a8e65957f0800.txt", "003_752116bdcc71a0d2.txt"

INDICATORS = [
    # id, name_zh, name_en, category, unit, direction, aliases
    ("urban_new_jobs", "城镇新增就业人数", "Urban new jobs", "employment", "万人", "higher_better",
     ["城镇累计新增就业人数", "五年城镇新增就业人数"]),
    ("registered_unemployment_rate", "城镇登记失业率", "Registered urban unemployment rate", "employment", "%",
     "lower_better", []),
    ("surveyed_unemployment_rate", "城镇调查失业率", "Surveyed urban unemployment rate", "employment", "%",
     "lower_better", []),
    ("pension_coverage_rate", "基本养老保险参保率", "Basic pension insurance coverage", "social_insurance", "%",
     "higher_better", []),
    ("unemployment_insured", "失业保险参保人数", "Unemployment insurance participants", "social_insurance", "万人",
     "higher_better", ["全市失业保险参保人数"]),
    ("pension_insured", "城镇职工基本养老保险参保人数", "Urban employee pension participants", "social_insurance",
     "万人", "higher_better", []),
    ("talent_total", "人才资源总量", "Total talent pool", "talent", "万人", "higher_better", ["全市人才资源总量"]),
    ("high_skill_share", "高技能人才占技能人才比例", "High-skilled share of skilled workers", "talent", "%",
     "higher_better", []),
    ("pro_talent_share_senior", "高级专业技术人才占比", "Senior share of professional talent", "talent", "%",
     "higher_better", []),
    ("pro_talent_share_intermediate", "中级专业技术人才占比", "Intermediate share of professional talent", "talent",
     "%", "higher_better", []),
    ("pro_talent_share_junior", "初级专业技术人才占比", "Junior share of professional talent", "talent", "%",
     "lower_better", []),
    ("training_sessions", "补贴性职业技能培训人次", "Subsidised vocational training", "skills_training", "万人次",
     "higher_better", []),
    ("labour_contract_rate", "企业劳动合同签订率", "Labour contract signing rate", "labour_relations", "%",
     "higher_better", []),
    ("mediation_success_rate", "劳动人事争议调解成功率", "Dispute mediation success rate", "labour_relations", "%",
     "higher_better", []),
    ("arbitration_closure_rate", "劳动人事争议仲裁结案率", "Dispute arbitration closure rate", "labour_relations",
     "%", "higher_better", []),
    ("inspection_closure_rate", "劳动保障监察举报投诉案件结案率", "Labour inspection case closure rate",
     "labour_relations", "%", "higher_better", []),
    ("wage_arrears_cases", "欠薪案件数", "Wage arrears cases", "labour_relations", "件", "lower_better", []),
    ("minimum_wage_growth", "最低工资标准年均增长率", "Minimum wage annual growth", "wages", "%", "higher_better", []),
    ("social_security_card_holders", "社会保障卡持卡人数", "Social security card holders", "public_service", "万人",
     "higher_better", []),
    ("civil_servant_training", "公务员培训人次", "Civil servant training", "personnel", "人次", "higher_better", []),
]

_INDICATOR_UNIT = {row[0]: row[4] for row in INDICATORS}
_INDICATOR_NAME = {row[0]: row[1] for row in INDICATORS}
_DOC_BY_FILE = {doc["source_file"]: doc for doc in catalogue.documents()}
_SPAN = {"12th": (2011, 2015), "13th": (2016, 2020), "14th": (2021, 2025)}


def obs(city, indicator, kind, year, value, raw, *, plan=None, cmp="=", span=None, district=None, attr=None,
        file=None, line=1, table=None, quote=None, unit=None, note=None, label=None, scope=None, reading=None,
        confidence=None):
    """One observations row as ingestion writes it (obs_id: hash of its identifying fields). `span` is a
    (start, end) total or "to_date" (a running total to `year`); `scope` a target's, `plan` by default;
    `reading` how it was read (a table's row `table`, prose `curated`, unless given: `machine` with a
    `confidence`)."""
    to_date = span == "to_date"
    file = file or {"jiangmen": JM, "jingdezhen": JDZ, "zhanjiang": ZJ}[city]
    key = "|".join(str(part) for part in (file, line, indicator, kind, year, district, span, raw, value))
    return {
        "obs_id": hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        "city_id": city,
        "district": district,
        "indicator_id": indicator,
        "plan_period": plan,
        "year": year,
        "value_kind": kind,
        "target_scope": (scope or "plan") if kind in ("target", "target_growth_pct") else None,
        "value": value,
        "unit": unit or _INDICATOR_UNIT[indicator],
        "comparator": cmp if value is not None else None,
        "is_cumulative": span is not None,
        "period_start": span[0] if span and not to_date else None,
        "period_end": year if to_date else span[1] if span else None,
        "span_kind": "to_date" if to_date else "total" if span else "year",
        "raw_text": raw,
        "raw_unit": unit or _INDICATOR_UNIT[indicator],
        "source_label": label,
        "attribute": attr,
        "doc_id": _DOC_BY_FILE[file]["doc_id"],
        "source_file": file,
        "source_line": line,
        "source_table": table,
        "quote": quote or f"{label or _INDICATOR_NAME[indicator]} {raw}",
        "note": note,
        "reading": reading or ("table" if table else "curated"),
        "confidence": confidence,
    }


def _jiangmen() -> list[dict]:
    t1 = {"plan": "12th", "table": "专栏1"}
    t2 = {"plan": "13th", "table": "专栏2"}
    c12, c13, c5b = _SPAN["12th"], _SPAN["13th"], (2016, 2018)
    rows = [
        # 12th plan (专栏1, targets and actuals for 2015)
        obs("jiangmen", "urban_new_jobs", "target", 2015, 22.5, "[22.5]", span=c12, line=133, **t1),
        obs("jiangmen", "urban_new_jobs", "actual", 2015, 23.4, "23.4", line=133, **t1),  # annual as printed
        obs("jiangmen", "registered_unemployment_rate", "target", 2015, 3.2, "3.2%以内", cmp="<=", line=134, **t1),
        obs("jiangmen", "registered_unemployment_rate", "actual", 2015, 2.4, "2.4 以内", cmp="<=", line=134, **t1),
        obs("jiangmen", "pension_coverage_rate", "target", 2015, 95.0, "95", line=137, **t1),
        obs("jiangmen", "pension_coverage_rate", "actual", 2015, 98.0, "98", line=137, **t1),
        obs("jiangmen", "unemployment_insured", "target", 2015, 60.6, "60.6", line=140, **t1),
        obs("jiangmen", "unemployment_insured", "actual", 2015, 74.72, "74.72", line=140, **t1),
        obs("jiangmen", "talent_total", "target", 2015, 93.0, "93", line=143, **t1),
        obs("jiangmen", "talent_total", "actual", 2015, 93.0, "93", line=143, **t1),
        obs("jiangmen", "wage_arrears_cases", "target", 2015, 120.0, "120", line=150, **t1),
        obs("jiangmen", "wage_arrears_cases", "actual", 2015, 100.0, "100", line=150, **t1),
        obs("jiangmen", "social_security_card_holders", "target", 2015, 400.0, "400", line=151, **t1),
        obs("jiangmen", "social_security_card_holders", "actual", 2015, 411.8, "411.8", line=151, unit="万张", **t1),
        obs("jiangmen", "training_sessions", "target", 2015, 50.0, "[50]", span=c12, line=152, **t1),
        obs("jiangmen", "civil_servant_training", "target", 2015, 2000.0, "2000", line=153, **t1),
        obs("jiangmen", "civil_servant_training", "actual", 2015, 2100.0, "2100", line=153, **t1),
        # 13th plan (专栏2: 2015 base, 2018 and 2020 targets)
        obs("jiangmen", "urban_new_jobs", "baseline", 2015, 23.4, "[23.4]", span=c12, line=214, attr="expected", **t2),
        obs("jiangmen", "urban_new_jobs", "target", 2018, 13.5, "[13.5]", span=c5b, line=214, attr="expected", **t2),
        obs("jiangmen", "urban_new_jobs", "target", 2020, 22.5, "[22.5]", span=c13, line=214, attr="expected", **t2),
        obs("jiangmen", "registered_unemployment_rate", "baseline", 2015, 2.5, "2.5 以内", cmp="<=", line=215,
            attr="expected", **t2),
        obs("jiangmen", "registered_unemployment_rate", "target", 2018, 3.2, "3.2 以内", cmp="<=", line=215,
            attr="expected", **t2),
        obs("jiangmen", "registered_unemployment_rate", "target", 2020, 3.2, "3.2 以内", cmp="<=", line=215,
            attr="expected", **t2),
        obs("jiangmen", "mediation_success_rate", "baseline", 2015, None, "—", line=230, attr="binding", **t2),
        obs("jiangmen", "mediation_success_rate", "target", 2020, 60.0, ">60", cmp=">", line=230, attr="binding",
            **t2),
        obs("jiangmen", "arbitration_closure_rate", "baseline", 2015, 90.0, "90", line=231, attr="binding", **t2),
        obs("jiangmen", "arbitration_closure_rate", "target", 2020, 90.0, ">90", cmp=">", line=231, attr="binding",
            **t2),
        obs("jiangmen", "inspection_closure_rate", "target", 2020, None, "—", line=232, attr="binding", **t2),
        obs("jiangmen", "pro_talent_share_senior", "baseline", 2015, 6.6, "6.6:32.9:60.5", line=222, **t2),
        obs("jiangmen", "pro_talent_share_intermediate", "baseline", 2015, 32.9, "6.6:32.9:60.5", line=222, **t2),
        obs("jiangmen", "pro_talent_share_junior", "baseline", 2015, 60.5, "6.6:32.9:60.5", line=222, **t2),
        obs("jiangmen", "pro_talent_share_senior", "target", 2020, 8.0, "8:40:52", line=222, **t2),
        obs("jiangmen", "pro_talent_share_intermediate", "target", 2020, 40.0, "8:40:52", line=222, **t2),
        obs("jiangmen", "pro_talent_share_junior", "target", 2020, 52.0, "8:40:52", line=222, **t2),
        # 2020 work report (prose)
        obs("jiangmen", "urban_new_jobs", "actual", 2020, 4.59, "4.59万人", plan="13th", file=JM_REPORT, line=2,
            quote="全市城镇新增就业4.59万人", label="城镇新增就业"),
        obs("jiangmen", "registered_unemployment_rate", "actual", 2020, 2.36, "2.36%", plan="13th", file=JM_REPORT,
            line=2, quote="城镇登记失业率为2.36%,控制在3.0%以内"),
        obs("jiangmen", "registered_unemployment_rate", "target", 2020, 3.0, "3.0%以内", cmp="<=", plan="13th",
            file=JM_REPORT, line=2, quote="城镇登记失业率为2.36%,控制在3.0%以内"),
        obs("jiangmen", "mediation_success_rate", "actual", 2020, 70.0, "70%以上", cmp=">=", plan="13th",
            file=JM_REPORT, line=5, quote="调解成功率70%以上"),
        obs("jiangmen", "arbitration_closure_rate", "actual", 2020, 85.0, "85%以上", cmp=">=", plan="13th",
            file=JM_REPORT, line=5, quote="仲裁结案率85%以上"),
        # 2014-2015 pilot: a city target and a district breakdown (no plan period)
        obs("jiangmen", "urban_new_jobs", "target", 2015, 4.0, "4万人", file=JM_PILOT, line=20,
            quote="全市城镇新增就业4万人"),
        obs("jiangmen", "urban_new_jobs", "target", 2015, 1.2, "1.2万人", district="蓬江区", file=JM_PILOT, line=21,
            quote="蓬江区城镇新增就业1.2万人"),
    ]
    return rows


def _jingdezhen() -> list[dict]:
    t1 = {"plan": "12th", "table": "专栏1"}
    t2 = {"plan": "13th", "table": "专栏2"}
    c12 = _SPAN["12th"]
    return [
        obs("jingdezhen", "urban_new_jobs", "target", 2015, 13.3, "13.3", span=c12, line=44,
            label="五年城镇新增就业人数", **t1),
        obs("jingdezhen", "urban_new_jobs", "actual", 2015, 18.17, "18.17", span=c12, line=44,
            label="五年城镇新增就业人数", **t1),
        obs("jingdezhen", "registered_unemployment_rate", "target", 2015, 3.5, "<3.5", cmp="<", line=45, **t1),
        obs("jingdezhen", "registered_unemployment_rate", "actual", 2015, 3.5, "<3.5", cmp="<", line=45, **t1),
        obs("jingdezhen", "labour_contract_rate", "target", 2015, 97.0, "97", line=59, **t1),
        obs("jingdezhen", "labour_contract_rate", "actual", 2015, 96.0, "96", line=59, **t1),
        obs("jingdezhen", "arbitration_closure_rate", "target", 2015, 95.0, "95", line=61, **t1),
        obs("jingdezhen", "arbitration_closure_rate", "actual", 2015, 93.0, "93", line=61, **t1),
        obs("jingdezhen", "minimum_wage_growth", "target", 2015, 13.0, ">13", cmp=">", line=58, **t1),
        obs("jingdezhen", "minimum_wage_growth", "actual", 2015, 16.27, "16.27", line=58, **t1),
        obs("jingdezhen", "unemployment_insured", "target", 2015, 13.6, "13.6", line=50, **t1),
        obs("jingdezhen", "unemployment_insured", "actual", 2015, 13.6, "13.6", line=50, **t1),
        obs("jingdezhen", "pension_insured", "target", 2015, 32.0, "32", line=51, **t1),
        obs("jingdezhen", "pension_insured", "actual", 2015, 27.33, "27.33", line=51, **t1),
        obs("jingdezhen", "wage_arrears_cases", "target", 2015, 50.0, "50以下", cmp="<=", line=62, **t1),
        obs("jingdezhen", "wage_arrears_cases", "actual", 2015, 60.0, "60", line=62, **t1),
        obs("jingdezhen", "registered_unemployment_rate", "target", 2015, None, "控制在目标内", line=63,
            plan="12th", note="text target (crafted)"),
        # 13th plan (专栏2: 2015 base, 2020 target) and invented 2020 actuals
        obs("jingdezhen", "urban_new_jobs", "baseline", 2015, 2.31, "2.31", line=106, attr="expected", **t2),
        obs("jingdezhen", "urban_new_jobs", "target", 2020, 2.31, "2.31", line=106, attr="expected", **t2),
        obs("jingdezhen", "surveyed_unemployment_rate", "baseline", 2015, 4.5, "4.5%", line=107, attr="expected", **t2),
        obs("jingdezhen", "surveyed_unemployment_rate", "target", 2020, 4.5, "4.5% 左右", cmp="~", line=107,
            attr="expected", **t2),
        obs("jingdezhen", "surveyed_unemployment_rate", "actual", 2020, 4.6, "4.6%", plan="13th", line=300),
        obs("jingdezhen", "high_skill_share", "target", 2020, 29.0, "29左右", cmp="~", line=120, attr="expected", **t2),
        obs("jingdezhen", "high_skill_share", "actual", 2020, 27.0, "27", plan="13th", line=301),
        obs("jingdezhen", "talent_total", "target", 2020, 26.25, "26.25", line=118, attr="expected", **t2),
        obs("jingdezhen", "talent_total", "actual", 2020, 27.0, "约27", cmp="~", plan="13th", line=302),
        obs("jingdezhen", "pension_coverage_rate", "target", 2020, 90.0, "90以上", cmp=">=", line=110, **t2),
        obs("jingdezhen", "pension_coverage_rate", "actual", 2020, 88.0, "88", plan="13th", line=303),
        obs("jingdezhen", "labour_contract_rate", "target", 2020, 98.0, "≥98", cmp=">=", line=122, **t2),
        obs("jingdezhen", "labour_contract_rate", "actual", 2020, 99.0, "99%以上", cmp=">=", plan="13th", line=304),
    ]


def _zhanjiang() -> list[dict]:
    t1 = {"plan": "13th", "table": "专栏1"}
    t2 = {"plan": "14th", "table": "专栏2"}
    c13, c14 = _SPAN["13th"], _SPAN["14th"]
    return [
        obs("zhanjiang", "urban_new_jobs", "target", 2020, 37.5, "[37.5]", span=c13, line=105, attr="expected", **t1),
        obs("zhanjiang", "urban_new_jobs", "actual", 2020, 38.39, "[38.39]", span=c13, line=105, attr="expected", **t1),
        obs("zhanjiang", "urban_new_jobs", "reported_completion_pct", 2020, 102.36, "102.36", line=105,
            attr="expected", **t1),
        obs("zhanjiang", "registered_unemployment_rate", "target", 2020, 3.5, "3.5 以内", cmp="<=", line=106, **t1),
        obs("zhanjiang", "registered_unemployment_rate", "actual", 2020, 2.47, "2.47", line=106, **t1),
        obs("zhanjiang", "registered_unemployment_rate", "reported_completion_pct", 2020, None, "控制在目标内",
            line=106, **t1),
        obs("zhanjiang", "pension_insured", "target", 2020, 140.28, "140.28", line=108, attr="binding", **t1),
        obs("zhanjiang", "pension_insured", "actual", 2020, 147.18, "147.18", line=108, attr="binding", **t1),
        obs("zhanjiang", "pension_insured", "reported_completion_pct", 2020, 104.92, "104.92", line=108, **t1),
        obs("zhanjiang", "labour_contract_rate", "target", 2020, 96.0, "96", line=115, **t1),
        obs("zhanjiang", "labour_contract_rate", "actual", 2020, 98.6, "98.60", line=115, **t1),
        obs("zhanjiang", "labour_contract_rate", "reported_completion_pct", 2020, 103.79, "103.79", line=115, **t1),
        obs("zhanjiang", "inspection_closure_rate", "target", 2020, 96.0, "96", line=117, **t1),
        obs("zhanjiang", "inspection_closure_rate", "actual", 2020, 100.0, "100", line=117, **t1),
        obs("zhanjiang", "inspection_closure_rate", "reported_completion_pct", 2020, 104.16, "104.16", line=117, **t1),
        obs("zhanjiang", "mediation_success_rate", "target", 2020, 60.0, ">60", cmp=">", line=116, **t1),
        obs("zhanjiang", "mediation_success_rate", "actual", 2020, None, "—", line=116, **t1),
        obs("zhanjiang", "talent_total", "target", 2020, 19.0, "19", line=113, **t1),
        obs("zhanjiang", "talent_total", "actual", 2020, None, "—", line=113, **t1),
        obs("zhanjiang", "training_sessions", "target", 2020, 15.0, "[15]", span=c13, line=112, **t1),
        obs("zhanjiang", "training_sessions", "actual", 2020, 14.0, "[14]", span=(2017, 2020), line=112, **t1),
        # 14th plan (专栏2: 2020 base, 2025 target)
        obs("zhanjiang", "urban_new_jobs", "baseline", 2020, 38.9, "[38.9]", span=c13, line=187, attr="expected", **t2),
        obs("zhanjiang", "urban_new_jobs", "target", 2025, 25.0, "[25.0]", span=c14, line=187, attr="expected", **t2),
        obs("zhanjiang", "unemployment_insured", "baseline", 2020, 46.7, "46.7", line=190, attr="binding", **t2),
        obs("zhanjiang", "unemployment_insured", "target", 2025, 48.1, "48.1", line=190, attr="binding", **t2),
        obs("zhanjiang", "mediation_success_rate", "baseline", 2020, 77.0, "77", line=203, **t2),
        obs("zhanjiang", "mediation_success_rate", "target", 2025, 60.0, ">60", cmp=">", line=203, **t2),
    ]


# A few values as the generic prose reader would give them, not yet reviewed (reading `machine`): FICTIONAL
# figures on invented lines, only in the dataset `machine_fixture_dir` writes, so the other tests keep theirs.
MACHINE_LINE = 640


def machine_rows() -> list[dict]:
    return [
        obs("zhanjiang", "urban_new_jobs", "actual", 2023, 9.99, "9.99万人", plan="14th", line=MACHINE_LINE,
            label="城镇新增就业", reading="machine", confidence=0.62, note="fictional machine reading (fixture)"),
        obs("zhanjiang", "urban_new_jobs", "target", 2025, 55.5, "55.5万人", plan="14th", span=_SPAN["14th"],
            line=MACHINE_LINE + 1, reading="machine", confidence=0.81, note="fictional machine reading (fixture)"),
        obs("jiangmen", "urban_new_jobs", "actual", 2023, 7.77, "7.77万人", plan="14th", file=JM_REPORT,
            line=MACHINE_LINE, reading="machine", confidence=0.55, note="fictional machine reading (fixture)"),
        # the actual the zhanjiang 14th-plan scorecard judges its unemployment-insurance target (48.1) by
        obs("zhanjiang", "unemployment_insured", "actual", 2025, 49.9, "49.9万人", plan="14th",
            line=MACHINE_LINE + 2, reading="machine", confidence=0.7, note="fictional machine reading (fixture)"),
    ]


def observation_rows(machine: bool = False) -> list[dict]:
    rows = _jiangmen() + _jingdezhen() + _zhanjiang() + (machine_rows() if machine else [])
    rows.sort(key=lambda row: (row["source_file"], row["source_line"], row["obs_id"]))
    return rows


# (city, plan period) -> {indicator: (status, reason, ratio_pct or None)}
EXPECTED_SCORECARD: dict[tuple[str, str], dict[str, tuple[str, str, float | None]]] = {
    ("jiangmen", "12th"): {
        "urban_new_jobs": ("met", "reached", 104.0),  # [22.5] vs next plan's base [23.4]
        "registered_unemployment_rate": ("met", "within_bound", None),  # ≤3.2 vs ≤2.4
        "pension_coverage_rate": ("met", "reached", 103.16),
        "unemployment_insured": ("met", "reached", 123.3),
        "talent_total": ("met", "reached", 100.0),
        "wage_arrears_cases": ("met", "reached", 120.0),  # lower_better "=": 100 <= 120
        "social_security_card_holders": ("not_comparable", "unit_mismatch", None),
        "training_sessions": ("no_actual", "no_actual", None),
        "civil_servant_training": ("met", "reached", 105.0),
    },
    ("jiangmen", "13th"): {
        "urban_new_jobs": ("not_comparable", "cumulative_vs_annual", None),  # [22.5] vs 4.59 in 2020
        "registered_unemployment_rate": ("met", "within_bound", None),  # ≤3.2 vs 2.36
        "mediation_success_rate": ("met", "within_bound", None),  # >60 vs ≥70
        "arbitration_closure_rate": ("not_comparable", "bound_vs_bound", None),  # >90 vs ≥85
        "inspection_closure_rate": ("not_comparable", "target_no_value", None),
        "pro_talent_share_senior": ("no_actual", "no_actual", None),
        "pro_talent_share_intermediate": ("no_actual", "no_actual", None),
        "pro_talent_share_junior": ("no_actual", "no_actual", None),
    },
    ("jingdezhen", "12th"): {
        "urban_new_jobs": ("met", "reached", 136.62),
        "registered_unemployment_rate": ("met", "within_bound", None),  # <3.5 vs <3.5
        "labour_contract_rate": ("not_met", "short_of_target", 98.97),  # =97 vs 96
        "arbitration_closure_rate": ("not_met", "short_of_target", 97.89),
        "minimum_wage_growth": ("met", "within_bound", None),  # >13 vs 16.27
        "unemployment_insured": ("met", "reached", 100.0),
        "pension_insured": ("not_met", "short_of_target", 85.41),
        "wage_arrears_cases": ("not_met", "violates_bound", None),  # ≤50, lower_better, vs 60
    },
    ("jingdezhen", "13th"): {
        "urban_new_jobs": ("no_actual", "no_actual", None),
        "surveyed_unemployment_rate": ("met", "within_approx", 97.83),  # ≈4.5 (lower_better) vs 4.6
        "high_skill_share": ("not_met", "outside_approx", 93.1),  # ≈29 vs 27
        "talent_total": ("met", "reached", 102.86),  # 26.25 vs ≈27
        "pension_coverage_rate": ("not_met", "violates_bound", None),  # ≥90 vs 88
        "labour_contract_rate": ("met", "within_bound", None),  # ≥98 vs ≥99
    },
    ("zhanjiang", "13th"): {
        "urban_new_jobs": ("met", "reached", 102.37),
        "registered_unemployment_rate": ("met", "within_bound", None),
        "pension_insured": ("met", "reached", 104.92),
        "labour_contract_rate": ("met", "reached", 102.71),
        "inspection_closure_rate": ("met", "reached", 104.17),
        "mediation_success_rate": ("met", "within_bound", None),  # 专栏1 says —, the 14th plan's 2020 base 77
        "talent_total": ("not_comparable", "actual_no_value", None),
        "training_sessions": ("not_comparable", "span_mismatch", None),
    },
    ("zhanjiang", "14th"): {
        "urban_new_jobs": ("no_actual", "no_actual", None),
        "unemployment_insured": ("no_actual", "no_actual", None),
        "mediation_success_rate": ("no_actual", "no_actual", None),
    },
}


def indicator_rows() -> list[dict]:
    return [
        {"indicator_id": i, "name_zh": zh, "name_en": en, "category": cat, "unit": unit, "direction": direction,
         "aliases_zh": aliases, "definition_note": f"Fixture indicator {en}.", "reviewed": True}
        for i, zh, en, cat, unit, direction, aliases in INDICATORS
    ]


def document_rows() -> list[dict]:
    fields = ("doc_id", "city_id", "kind", "title_zh", "title_en", "issuer_zh", "issuer_en", "doc_number", "issued",
              "plan_period", "covers_zh", "covers_en", "source_file")
    return [
        {**{name: doc.get(name) for name in fields}, "sha256": hashlib.sha256(doc["doc_id"].encode()).hexdigest(),
         "line_count": 700}
        for doc in catalogue.documents()
    ]


def quality_note_rows(observations: list[dict]) -> list[dict]:
    base = next(row for row in observations if row["city_id"] == "zhanjiang" and row["value_kind"] == "baseline"
                and row["indicator_id"] == "urban_new_jobs")
    actual = next(row for row in observations if row["city_id"] == "zhanjiang" and row["value_kind"] == "actual"
                  and row["indicator_id"] == "urban_new_jobs")
    return [{
        "note_id": "q001", "check": "actual_vs_next_baseline", "bearing": "conflicting_figures", "city_id": "zhanjiang",
        "indicator_id": "urban_new_jobs", "obs_ids": [actual["obs_id"], base["obs_id"]],
        "message_zh": "2020年完成值[38.39]与“十四五”基数[38.9]不一致",
        "message_en": "2020 actual [38.39] differs from the 14th-plan base [38.9]",
    }]


def source_figure_rows() -> list[dict]:
    """Crafted figures of two documents (analytics/ingest/figures.py): the Zhanjiang plan has two read, one unread and
    one excluded (coverage 2/3), the 2020 report one read and one unread (1/2); the others none."""
    rows = []
    for file_name, line, position, figure, unit, status, reason, context in (
        (ZJ, 80, 60, "147.18 万人", "万人", "read", None, "（含离退休）147.18 万人"),
        (ZJ, 80, 80, "280.12 万人", "万人", "read", None, "保险参保人数 280.12 万人"),
        (ZJ, 84, 40, "15 项", "项", "unread", None, "推出安居保障、子女入学等 15 项"),
        (ZJ, 9, 0, "7 个", "个", "excluded", "a crafted exclusion", "7 个"),
        (JM_REPORT, 2, 10, "4.59万人", "万人", "read", None, "全市城镇新增就业4.59万人"),
        (JM_REPORT, 2, 400, "476个", "个", "unread", None, "全市累计开发公益性岗位476个"),
    ):
        doc = _DOC_BY_FILE[file_name]
        rows.append({
            "figure_id": hashlib.sha1(f"{file_name}|{line}|{position}".encode()).hexdigest()[:16],
            "doc_id": doc["doc_id"], "source_file": file_name, "source_line": line, "position": position,
            "figure": figure, "unit": unit, "status": status, "reason": reason, "context": context,
        })
    return rows


def build_tables(machine: bool = False) -> dict:
    observations = observation_rows(machine)
    return {
        "documents": to_arrow("documents", document_rows()),
        "cities": to_arrow("cities", list(catalogue.cities())),
        "plan_periods": to_arrow("plan_periods", list(catalogue.plan_periods())),
        "indicators": to_arrow("indicators", indicator_rows()),
        "categories": to_arrow("categories", catalogue.category_rows()),
        "observations": to_arrow("observations", observations),
        "quality_notes": to_arrow("quality_notes", quality_note_rows(observations)),
        "source_figures": to_arrow("source_figures", source_figure_rows()),
    }


def write_dataset(data_dir: Path, machine: bool = False) -> Path:
    write_tables(data_dir, build_tables(machine))
    return data_dir


@pytest.fixture(scope="session")
def fixture_dir(tmp_path_factory) -> Path:
    return write_dataset(tmp_path_factory.mktemp("fixture_data"))


@pytest.fixture(scope="session")
def machine_fixture_dir(tmp_path_factory) -> Path:
    """The fixture dataset with `machine_rows()` added."""
    return write_dataset(tmp_path_factory.mktemp("machine_fixture_data"), machine=True)


@pytest.fixture(scope="session")
def db(fixture_dir):
    from analytics.db import Database

    database = Database(fixture_dir)
    yield database
    database.close()
