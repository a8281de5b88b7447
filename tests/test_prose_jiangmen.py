"""Golden values of the curated prose rules for the two other 江门 documents: the 2014-2015
equalisation-reform implementation rules (002) and the 2020 work report (004).

Each expected value is checked twice: against the ingested row, and against the stated line of
the real source file (read here directly, not through the ingestion code)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from analytics import catalogue, paths
from analytics.ingest.prose import extract_prose_observations
from analytics.ingest.sources import SourceError, read_documents

RULES = ("jiangmen_equalisation_rules.yaml", "jiangmen_2020_work_report.yaml")
EQUAL = "002_bf700d1be069a182.txt"
REPORT = "004_95eefe6b59f03fdd.txt"
SEVEN = ("蓬江区", "江海区", "新会区", "台山市", "开平市", "鹤山市", "恩平市")
EACH_DISTRICT = "各市、区"  # a figure set for every district alike: one row (the rules' reading of 各市、区 and 均)


@pytest.fixture(scope="module")
def documents(sources_dir):
    return read_documents(sources_dir)


@pytest.fixture(scope="module")
def rows(documents):
    return extract_prose_observations(documents, [(catalogue.DEFAULT_DIR / "prose_rules") / name for name in RULES])


def source_line(file_name: str, number: int) -> str:
    text = (paths.default_sources_dir() / file_name).read_text(encoding="utf-8")
    return text.split("\n")[number - 1]


def find(rows, file_name, line, indicator, *, district=None, value_kind=None, year=None):
    found = [
        row for row in rows
        if row["source_file"] == file_name and row["source_line"] == line and row["indicator_id"] == indicator
        and row["district"] == district
        and (value_kind is None or row["value_kind"] == value_kind)
        and (year is None or row["year"] == year)
    ]
    assert len(found) == 1, f"{file_name}:{line} {indicator} {district}: {len(found)} rows"
    return found[0]


# (file, line, indicator, district, value_kind, year, value, comparator, phrase on the source line)
GOLDEN = [
    (EQUAL, 14, "urban_new_jobs", None, "target", 2015, 13.5, ">=", "全市城镇累计新增就业13.5万人以上"),
    (EQUAL, 14, "urban_registered_unemployment_rate", None, "target", 2015, 3.2, "<=", "城镇登记失业率控制在3.2%以内"),
    (EQUAL, 14, "rural_labour_transferred", None, "target", 2015, 9.0, "=", "劳动力转移就业9万人"),
    (EQUAL, 16, "community_employment_platform_coverage", None, "target", 2015, 90.0, "=", "分别达到100％、90％"),
    (EQUAL, 20, "labour_dispute_arbitration_closure_rate", None, "target", 2015, 95.0, ">=", "仲裁结案率达到95％以上"),
    (EQUAL, 32, "urban_new_jobs", "蓬江区", "target", 2015, 2.64, ">=", "分别为2.64、"),
    (EQUAL, 32, "urban_new_jobs", "江海区", "target", 2015, 1.62, ">=", "2.64、1.62、"),
    (EQUAL, 32, "urban_new_jobs", "新会区", "target", 2015, 2.16, ">=", "1.62、2.16、"),
    (EQUAL, 32, "urban_new_jobs", "台山市", "target", 2015, 1.26, ">=", "2.16、1.26、"),
    (EQUAL, 32, "urban_new_jobs", "开平市", "target", 2015, 2.1, ">=", "1.26、2.1、"),
    (EQUAL, 32, "urban_new_jobs", "鹤山市", "target", 2015, 1.86, ">=", "2.1、1.86、"),
    (EQUAL, 32, "urban_new_jobs", "恩平市", "target", 2015, 1.86, ">=", "1.86、1.86万人以上"),
    (EQUAL, 32, "rural_labour_transferred", "恩平市", "target", 2015, 2.55, ">=", "1.2、2.55万人以上"),
    (EQUAL, 55, "disabled_employment_bases", None, "target", 2015, 20.0, "=", "建立20个各类残疾人就业"),
    (EQUAL, 55, "disabled_employment_bases", "市本级", "target", 2015, 2.0, "=", "分别建设2个、5个"),
    (EQUAL, 55, "disabled_employment_bases", "恩平市", "target", 2015, 4.0, "=", "2个和4个"),
    (EQUAL, 55, "disabled_urban_new_jobs", "市本级", "target", 2015, 100.0, "=", "城镇新增就业残疾人分别为100名"),
    (EQUAL, 26, "disabled_self_employment_support", None, "target", 2015, 100.0, "=", "扶持100名残疾人个体创业"),
    (EQUAL, 336, "disabled_self_employment_support", None, "target", 2014, 400.0, "=", "每年扶持400名"),
    (EQUAL, 277, "public_welfare_posts_hard_to_employ_share", None, "target", 2015, 30.0, ">=", "岗位实有人数30%"),
    (REPORT, 2, "urban_new_jobs", None, "actual", 2020, 4.59, "=", "全市城镇新增就业4.59万人"),
    (REPORT, 2, "hard_to_employ_employed", None, "actual", 2020, 0.2549, "=", "就业困难人员实现就业2549人"),
    (REPORT, 2, "urban_registered_unemployment_rate", None, "actual", 2020, 2.36, "=", "城镇登记失业率为2.36%"),
    (REPORT, 2, "urban_registered_unemployment_rate", None, "target", 2020, 3.0, "<=", "控制在3.0%以内"),
    (REPORT, 2, "employment_subsidies_paid", None, "actual", 2020, 1.27, "=", "就业创业补贴1.27亿元"),
    (REPORT, 3, "cantonese_chef_training", None, "actual", 2020, 5041.0, "=", "“粤菜师傅”5041人次"),
    (REPORT, 3, "subsidised_vocational_training", None, "actual", 2020, 247800.0, "=", "补贴性培训24.78万人次"),
    (REPORT, 4, "employee_avg_monthly_pension", None, "actual", 2020, 2200.0, ">=", "基本养老金水平达到2200多元"),
    (REPORT, 4, "work_injury_insurance_insured", None, "actual", 2020, 103.12, "=", "工伤保险参保103.12万人"),
    (REPORT, 4, "social_security_card_holders", None, "actual", 2020, 446.7, "=", "社保卡持卡人数达446.7万人"),
    (REPORT, 5, "new_high_level_talent", None, "actual", 2020, 3076.0, "=", "新增高层次人才3076人"),
    (REPORT, 7, "labour_inspection_cases", None, "actual", 2020, 113.0, "=", "劳动保障监察案件113宗"),
    (REPORT, 7, "wage_arrears_cases", None, "actual", 2020, 96.0, "=", "欠薪案件96宗"),
    (REPORT, 7, "wage_arrears_workers", None, "actual", 2020, 3748.0, "=", "为3748名劳动者"),
    (REPORT, 7, "wage_arrears_recovered", None, "actual", 2020, 5459.0, "=", "追回工资等待遇5459万元"),
    # issue 13: every other figure of the 2020 report (004) and the restatements of the 2014-15 rules (002)
    (REPORT, 2, "return_to_work_transport_firms", None, "actual", 2020, 1000.0, ">", "为超过1000家企业"),
    (REPORT, 2, "return_to_work_migrant_workers", None, "actual", 2020, 1.0, ">=", "接送1万多名农民工"),
    (REPORT, 2, "shared_employment_workers", None, "actual", 2020, 410.0, ">=", "用工调剂410多人"),
    (REPORT, 2, "shared_employment_subsidy", None, "actual", 2020, 7.0, "=", "发放补贴7万元"),
    (REPORT, 2, "online_recruitment_firms", None, "actual", 2020, 681.0, "=", "为681家企业"),
    (REPORT, 2, "online_recruitment_posts", None, "actual", 2020, 7395.0, "=", "发布岗位7395个"),
    (REPORT, 2, "new_returnee_incubation_bases", None, "actual", 2020, 2.0, "=", "新认定2家返乡创业孵化基地"),
    (REPORT, 2, "incubator_projects", None, "actual", 2020, 43.0, "=", "累计入驻43个项目"),
    (REPORT, 2, "job_fairs_held", None, "actual", 2020, 251.0, "=", "招聘会251场次"),
    (REPORT, 2, "one_to_one_assistance_sessions", None, "actual", 2020, 14.25, "=", "就业帮扶14.25万次"),
    (REPORT, 2, "livestream_recruitment_firms", None, "actual", 2020, 52.0, "=", "52家重点企业线上宣讲"),
    (REPORT, 2, "livestream_recruitment_posts", None, "actual", 2020, 3433.0, "=", "发布3433个招聘岗位"),
    (REPORT, 2, "poverty_one_to_one_persons", None, "actual", 2020, 294.0, "=", "共为294名"),
    (REPORT, 2, "poverty_one_to_one_sessions", None, "actual", 2020, 10577.0, "=", "服务10577次"),
    (REPORT, 3, "chef_startup_shops", None, "actual", 2020, 40.0, "=", "40家创业店"),
    (REPORT, 3, "chef_startup_driven_jobs", None, "actual", 2020, 300.0, ">=", "带动创业就业300多人"),
    (REPORT, 3, "new_provincial_chef_training_bases", None, "actual", 2020, 2.0, "=", "新增2家省级“粤菜师傅”培训基地"),
    (REPORT, 3, "new_provincial_chef_master_studios", None, "actual", 2020, 2.0, "=",
     "和2家省级“粤菜师傅”技能大师工作室"),
    (REPORT, 3, "chef_institute_visiting_professors", None, "actual", 2020, 3.0, "=", "增聘3名客座教授"),
    (REPORT, 3, "chef_institute_special_experts", None, "actual", 2020, 18.0, "=", "18名特聘专家"),
    (REPORT, 3, "paired_region_trainees", None, "actual", 2020, 487.0, "=", "四川甘孜487名帮扶对象"),
    (REPORT, 3, "luding_excavator_trainees", None, "actual", 2020, 9.0, "=", "组织9名四川泸定县"),
    (REPORT, 3, "luding_trainee_employment_rate", None, "actual", 2020, 100.0, "=", "培训后实现100%就业"),
    (REPORT, 3, "online_training_platforms", None, "actual", 2020, 160.0, ">=", "共160多个线上培训平台"),
    (REPORT, 3, "skills_competitions_held", None, "actual", 2020, 37.0, "=", "筹办37场"),
    (REPORT, 3, "public_welfare_skills_training", None, "actual", 2020, 2909.0, "=", "组织2909人次"),
    (REPORT, 3, "skill_self_assessment_enterprises", None, "actual", 2020, 4.0, "=", "组织4家企(行)业"),
    (REPORT, 3, "skill_self_assessment_upgraded", None, "actual", 2020, 155.0, "=", "155名职工获得技能等级提升"),
    (REPORT, 3, "rural_craftsman_curricula", None, "actual", 2020, 6.0, "=", "开发6个培训课标"),
    (REPORT, 3, "rural_craftsman_certificates", None, "actual", 2020, 399.0, "=", "相关工种发证399人"),
    (REPORT, 3, "rural_ecommerce_driven_employment", None, "actual", 2020, 338.0, "=", "带动电商就业创业338人"),
    (REPORT, 3, "village_product_leaders_trained", None, "actual", 2020, 429.0, "=", "带头人提升培训429人"),
    (REPORT, 3, "housekeeping_park_projects", None, "actual", 2020, 30.0, "=", "入驻家政项目30个"),
    (REPORT, 3, "housekeeping_platform_firms", None, "actual", 2020, 48.0, "=", "目前有48家家政企业"),
    (REPORT, 3, "housekeeping_workers_sent_abroad", None, "actual", 2020, 162.0, "=", "在岗家政劳务人员162人"),
    (REPORT, 3, "housekeeping_overseas_employers", None, "actual", 2020, 21.0, "=", "雇主21家"),
    (REPORT, 3, "macau_childcare_trainees", None, "actual", 2020, 26.0, "=", "组织26名澳门学员"),
    (REPORT, 4, "work_injury_assistant_visits", None, "actual", 2020, 3130.0, "=", "服务3130人次"),
    (REPORT, 4, "work_injury_prevention_online_trainees", None, "actual", 2020, 3000.0, ">=",
     "3000多人参加线上直播回播培训"),
    (REPORT, 4, "work_injury_prevention_onsite_sessions", None, "actual", 2020, 17.0, "=", "开展17场上门"),
    (REPORT, 4, "work_injury_prevention_onsite_trainees", None, "actual", 2020, 1500.0, ">=", "共培训职工1500多人"),
    (REPORT, 4, "injury_benefit_wage_base", None, "actual", 2020, 8391.0, "=", "月平均工资8391元"),
    (REPORT, 4, "poverty_residents_pension_insured_share", None, "actual", 2020, 100.0, "=", "63729人已100%参保"),
    (REPORT, 5, "postdocs_newly_in_station", None, "actual", 2020, 22.0, "=", "新增在站博士后22人"),
    (REPORT, 5, "returnee_projects_funded", None, "actual", 2020, 6.0, "=", "择优资助6个"),
    (REPORT, 5, "returnee_project_funding", None, "actual", 2020, 120.0, "=", "项目达120万元"),
    (REPORT, 5, "talent_partner_universities", None, "actual", 2020, 13.0, "=", "首批13所"),
    (REPORT, 5, "new_talent_supply_bases", None, "actual", 2020, 3.0, "=", "新建3所人才供给基地"),
    (REPORT, 5, "talent_recruitment_drive_firms", None, "actual", 2020, 50.0, "=", "组织50家重点产业企业"),
    (REPORT, 5, "talent_recruitment_drive_posts", None, "actual", 2020, 678.0, "=", "招聘678个岗位"),
    (REPORT, 5, "entrepreneurs_direct_senior_titles", None, "actual", 2020, 4.0, "=", "符合条件的4名科技型企业家"),
    (REPORT, 5, "frontline_medics_senior_titles", None, "actual", 2020, 22.0, "=", "22名医务防疫人员取得高级职称"),
    (REPORT, 5, "title_policy_briefing_participants", None, "actual", 2020, 6000.0, "~", "参与人员近6000人次"),
    (REPORT, 5, "online_talent_subsidy_items", None, "actual", 2020, 41.0, "=", "补贴事项共41项"),
    (REPORT, 5, "hr_park_tax", None, "actual", 2020, 500.0, "=", "税收达500万元"),
    (REPORT, 5, "hr_matching_events", None, "actual", 2020, 20.0, ">=", "人力资源对接活动20余场"),
    (REPORT, 6, "frontline_medics_recruited", None, "actual", 2020, 75.0, "=", "编外医务人员75名"),
    (REPORT, 6, "hubei_team_medics_recruited", None, "actual", 2020, 10.0, "=", "编外医务人员10人"),
    (REPORT, 6, "institutional_reform_staff_transferred", None, "actual", 2020, 44.0, "=", "退休人员44人"),
    (REPORT, 8, "party_group_study_sessions", None, "actual", 2020, 31.0, "=", "集体理论学习31次"),
    (REPORT, 8, "party_branch_study_sessions", None, "actual", 2020, 200.0, ">=", "学习200多次"),
    (REPORT, 8, "cadre_training_sessions", None, "actual", 2020, 15.0, "=", "干部培训15场"),
    (REPORT, 8, "cadre_training_participants", None, "actual", 2020, 1200.0, ">=", "15场1200余人次"),
    (REPORT, 8, "party_group_meetings", None, "actual", 2020, 47.0, "=", "党组会议47次"),
    (REPORT, 8, "party_volunteer_firm_visits", None, "actual", 2020, 80.0, ">=", "走访80多家重点企业"),
    (REPORT, 8, "party_liaison_units", None, "actual", 2020, 100.0, ">=", "全市100多家重点企事业单位"),
    (REPORT, 8, "party_liaison_visits", None, "actual", 2020, 300.0, ">=", "社区党组织300多次"),
    (REPORT, 8, "new_party_branches_guided", None, "actual", 2020, 3.0, "=", "指导推动3家企业"),
    (REPORT, 8, "services_at_most_one_visit_items", None, "actual", 2020, 229.0, "=", "229项人力资源社会保障行政许可"),
    (EQUAL, 20, "disputes_settled_by_mediation_share", None, "target", 2015, 70.0, ">=",
     "力争70％以上的劳动人事争议通过案外调解解决"),
    (EQUAL, 22, "public_welfare_posts_hard_to_employ_share", None, "target", 2015, 30.0, ">=",
     "不低于本单位公益性岗位30%的比例"),
    (EQUAL, 44, "unionised_enterprise_collective_contract_rate", EACH_DISTRICT, "target", 2015, 80.0, "=",
     "已建工会企业集体合同签订率达80％"),
    (EQUAL, 44, "labour_inspection_grid_coverage", EACH_DISTRICT, "target", 2015, 100.0, "=",
     "网络化管理覆盖率达100％"),
    (EQUAL, 44, "disputes_settled_by_mediation_share", None, "target", 2015, 70.0, ">=", "力争70％以上"),
    (EQUAL, 88, "urban_new_jobs", None, "target", 2015, 13.5, ">=", "城镇新增就业人口13.5万人以上"),
    (EQUAL, 96, "urban_registered_unemployment_rate", None, "target", 2015, 3.2, "<=", "城镇登记失业率控制在3.2%以内"),
    (EQUAL, 120, "street_employment_platform_coverage", None, "target", 2015, 100.0, "=", "分别达到100％、90％"),
    (EQUAL, 120, "community_employment_platform_coverage", None, "target", 2015, 90.0, "=", "分别达到100％、90％"),
    (EQUAL, 191, "rural_labour_transferred", None, "target", 2015, 9.0, "=", "劳动力转移就业9万人"),
    (EQUAL, 191, "rural_labour_trained", None, "target", 2015, 6.0, "=", "组织转移劳动力技能培训6万人"),
    (EQUAL, 206, "labour_contract_signing_rate", None, "target", 2015, 93.0, "=", "企业劳动合同签订率达到93％"),
    (EQUAL, 206, "unionised_enterprise_collective_contract_rate", None, "target", 2015, 80.0, "=",
     "已建工会企业集体合同签订率80%"),
    (EQUAL, 214, "disputes_settled_by_mediation_share", None, "target", 2015, 70.0, ">=",
     "实现70％以上的劳动人事争议通过协调解决"),
    (EQUAL, 230, "labour_inspection_grid_coverage", None, "target", 2015, 100.0, "=", "管理覆盖率达到100％"),
    (EQUAL, 238, "labour_dispute_arbitration_closure_rate", None, "target", 2015, 95.0, ">=", "仲裁结案率达到95％以上"),
    (EQUAL, 308, "disabled_employment_bases", None, "target", 2015, 20.0, "=", "建立20个各类残疾人就业"),
]


@pytest.mark.parametrize(
    ("file_name", "line", "indicator", "district", "kind", "year", "value", "comparator", "phrase"),
    GOLDEN,
    ids=[f"{g[0][:3]}:{g[1]}:{g[2]}:{g[3] or 'city'}:{g[4]}" for g in GOLDEN],
)
def test_golden_value(rows, file_name, line, indicator, district, kind, year, value, comparator, phrase):
    row = find(rows, file_name, line, indicator, district=district, value_kind=kind, year=year)
    assert math.isclose(row["value"], value, rel_tol=1e-9)
    assert row["comparator"] == comparator
    assert row["city_id"] == "jiangmen"
    text = source_line(file_name, line)
    assert phrase in text, f"{file_name}:{line} does not say {phrase!r}"
    assert row["quote"] in text


def test_unit_conversion_keeps_the_source_unit(rows):
    row = find(rows, REPORT, 2, "hard_to_employ_employed")
    assert (row["raw_text"], row["raw_unit"], row["unit"]) == ("2549人", "人", "万人")
    row = find(rows, REPORT, 3, "subsidised_vocational_training")
    assert (row["raw_text"], row["raw_unit"], row["unit"]) == ("24.78万人次", "万人次", "人次")


def test_district_breakdowns_add_up_to_the_city_totals(rows):
    def districts(line, indicator):
        found = {row["district"]: row["value"] for row in rows
                 if row["source_file"] == EQUAL and row["source_line"] == line
                 and row["indicator_id"] == indicator and row["district"]}
        return found

    jobs = districts(32, "urban_new_jobs")
    assert set(jobs) == set(SEVEN)
    assert math.isclose(sum(jobs.values()), find(rows, EQUAL, 14, "urban_new_jobs")["value"])
    assert math.isclose(sum(districts(32, "rural_labour_transferred").values()), 9.0)
    assert math.isclose(sum(districts(32, "rural_labour_trained").values()), 6.0)
    bases = districts(55, "disabled_employment_bases")
    assert set(bases) == {"市本级", *SEVEN}
    assert sum(bases.values()) == find(rows, EQUAL, 55, "disabled_employment_bases")["value"] == 20
    rural = districts(55, "disabled_rural_stable_employment")
    assert set(rural) == set(SEVEN)  # seven figures for eight units: 市本级 has none
    assert sum(rural.values()) == find(rows, EQUAL, 329, "disabled_rural_stable_employment")["value"]
    # The district figures are two-year totals of the annex's per-year city figures.
    assert sum(districts(55, "disabled_urban_new_jobs").values()) == 2 * find(
        rows, EQUAL, 315, "disabled_urban_new_jobs")["value"]
    assert sum(districts(55, "disabled_skills_training").values()) == 2 * find(
        rows, EQUAL, 322, "disabled_skills_training")["value"]


def test_every_seven_unit_list_is_complete(rows):
    for indicator in ("urban_new_jobs", "rural_labour_transferred", "rural_labour_trained"):
        got = sorted(row["district"] for row in rows if row["source_file"] == EQUAL and row["source_line"] == 32
                     and row["indicator_id"] == indicator)
        assert got == sorted(SEVEN), indicator


def test_cumulative_values_carry_their_span(rows):
    city = find(rows, EQUAL, 14, "urban_new_jobs")
    assert (city["is_cumulative"], city["period_start"], city["period_end"]) == (True, 2014, 2015)
    annual = find(rows, EQUAL, 315, "disabled_urban_new_jobs")
    assert annual["is_cumulative"] is False


def test_document_level_conventions(rows):
    allowed_districts = {None, "市本级", EACH_DISTRICT, *SEVEN}
    for row in rows:
        where = f"{row['source_file']}:{row['source_line']} {row['indicator_id']}"
        if row["source_file"] == EQUAL:
            assert (row["value_kind"], row["plan_period"]) == ("target", None), where
            assert row["year"] in (2014, 2015), where
            assert row["district"] in allowed_districts, where
        else:
            assert row["source_file"] == REPORT, where
            assert (row["year"], row["plan_period"]) == (2020, "13th"), where
            assert 2 <= row["source_line"] <= 8, where
            assert row["district"] is None, where
        assert row["attribute"] is None, where
        assert row["source_table"] is None, where
        assert row["raw_text"] in row["quote"], where
        assert row["quote"] in source_line(row["source_file"], row["source_line"]), where
        assert row["source_label"], where
        assert row["unit"] == catalogue.indicators()[row["indicator_id"]].unit, where
    assert len({row["obs_id"] for row in rows}) == len(rows)


def test_row_counts(rows):
    per_file = {name: sum(row["source_file"] == name for row in rows) for name in (EQUAL, REPORT)}
    assert per_file[EQUAL] >= 80
    assert per_file[REPORT] >= 50


def _write_rules(tmp_path: Path, quote: str, text: str) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(
        f"source_file: {EQUAL}\n"
        "defaults: {value_kind: target, year: 2015, plan_period: 12th}\n"
        "rules:\n"
        "  - line: 55\n"
        f"    quote: {quote}\n"
        "    values:\n"
        f"      - {{indicator: disabled_employment_bases, text: {text}, unit: 个}}\n",
        encoding="utf-8",
    )
    return path


def test_a_quote_missing_from_its_line_fails_with_file_and_line(documents, tmp_path):
    # 30 bases is not what line 55 says (it says 20).
    path = _write_rules(tmp_path, "建立30个各类残疾人就业、扶贫和个体创业基地", "30个")
    with pytest.raises(SourceError, match=r"002_bf700d1be069a182\.txt:55"):
        extract_prose_observations(documents, [path])


def test_a_number_outside_its_quote_fails(documents, tmp_path):
    path = _write_rules(tmp_path, "建立20个各类残疾人就业、扶贫和个体创业基地", "2个和4个")
    with pytest.raises(SourceError, match=r"002_bf700d1be069a182\.txt:55.*not inside the quote"):
        extract_prose_observations(documents, [path])


def test_the_correct_quote_passes(documents, tmp_path):
    path = _write_rules(tmp_path, "建立20个各类残疾人就业、扶贫和个体创业基地", "20个")
    [row] = extract_prose_observations(documents, [path])
    assert row["value"] == 20 and row["source_line"] == 55


# ---- issue 23: each value typed as its text means it, read off its line --------------------------------------

TO_DATE = [  # 累计 with no stated start on the 2020 review's line: a running total to the end of 2020
    (2, "public_welfare_posts_developed", "全市累计开发公益性岗位476个", 476.0),
    (2, "public_welfare_post_placements", "累计开发公益性岗位476个,安置就业294人", 294.0),
    (2, "poverty_workshop_placements", "累计安置建档立卡贫困劳动力893人", 893.0),
    (2, "incubator_projects", "累计入驻43个项目", 43.0),
    (2, "incubator_driven_jobs", "累计入驻43个项目,带动就业311人", 311.0),
    (7, "online_mediation_applications", "累计处理线上调解申请746宗", 746.0),
]


@pytest.mark.parametrize(("line", "indicator", "phrase", "value"), TO_DATE, ids=[t[1] for t in TO_DATE])
def test_running_totals_are_to_date_not_one_year(rows, line, indicator, phrase, value):
    assert phrase in source_line(REPORT, line)
    row = find(rows, REPORT, line, indicator)
    assert (row["value"], row["span_kind"], row["is_cumulative"], row["period_start"], row["period_end"]) == (
        value, "to_date", True, None, 2020)


def test_the_2020_control_target_is_annual_not_the_plans(rows):
    assert "城镇登记失业率为2.36%,控制在3.0%以内" in source_line(REPORT, 2)
    annual = find(rows, REPORT, 2, "urban_registered_unemployment_rate", value_kind="target")
    assert (annual["value"], annual["comparator"], annual["target_scope"]) == (3.0, "<=", "annual")
    plan = [r for r in rows if r["indicator_id"] == "urban_registered_unemployment_rate" and r["value_kind"] == "target"
            and r["source_file"] != REPORT]
    assert plan and {r["target_scope"] for r in plan} == {"plan"}


PER_MONTH = [(4, "disability_allowance_monthly", "3787元/月", 3787.0),
             (4, "injury_nursing_allowance", "3376元/月", 3376.0),
             (4, "injury_dependant_pension", "1487元/月", 1487.0),
             (4, "unemployment_subsidy_higher_standard", "300元/月", 300.0),
             (4, "unemployment_subsidy_lower_standard", "150元/月", 150.0),
             (4, "injury_benefit_wage_base", "月平均工资8391元", 8391.0),
             (4, "employee_avg_monthly_pension", "月人均基本养老金水平达到2200多元", 2200.0)]


@pytest.mark.parametrize(("line", "indicator", "phrase", "value"), PER_MONTH, ids=[t[1] for t in PER_MONTH])
def test_per_month_amounts_are_in_yuan_per_month(rows, line, indicator, phrase, value):
    assert phrase in source_line(REPORT, line)
    row = find(rows, REPORT, line, indicator)
    assert (row["value"], row["unit"]) == (value, "元/月")
    assert catalogue.indicators()[indicator].unit == "元/月"


def test_a_recruitment_plan_is_a_target_and_more_than_keeps_its_word(rows):
    assert "计划招聘932人" in source_line(REPORT, 6) and "新增专业技术人才超7000人" in source_line(REPORT, 5)
    plan = find(rows, REPORT, 6, "public_institution_graduate_recruitment")
    assert (plan["value_kind"], plan["target_scope"], plan["value"]) == ("target", "annual", 932.0)
    more = find(rows, REPORT, 5, "prof_tech_talent_added")
    assert (more["raw_text"], more["comparator"], more["value"]) == ("超7000人", ">", 0.7)


def test_every_district_statements_are_one_row_never_city_wide(rows):
    """002:32 均控制在3.2%以内 and 002:44 各市、区…达93％: one row each, district 各市、区; the city's own targets
    are line 14's and line 20's."""
    assert "城镇登记失业率均控制在3.2%以内" in source_line(EQUAL, 32)
    assert "各市、区企业劳动合同签订率达93％" in source_line(EQUAL, 44)
    (each,) = [r for r in rows if (r["source_file"], r["source_line"], r["indicator_id"]) == (
        EQUAL, 32, "urban_registered_unemployment_rate")]
    assert (each["district"], each["value"], each["comparator"]) == (EACH_DISTRICT, 3.2, "<=")
    line44 = [r for r in rows if (r["source_file"], r["source_line"]) == (EQUAL, 44)
              and r["indicator_id"] != "disputes_settled_by_mediation_share"]
    assert len(line44) == 4 and {r["district"] for r in line44} == {EACH_DISTRICT}
    city = find(rows, EQUAL, 20, "labour_contract_signing_rate")
    assert (city["district"], city["value"]) == (None, 93.0)


def test_the_pilots_assumed_span_is_said_on_every_row(rows):
    assert "全市城镇累计新增就业13.5万人以上" in source_line(EQUAL, 14)
    for row in [r for r in rows if r["source_file"] == EQUAL and r["indicator_id"] == "urban_new_jobs"]:
        assert (row["span_kind"], row["period_start"], row["period_end"]) == ("total", 2014, 2015)
        assert "span assumed" in row["note"], row["source_line"]
