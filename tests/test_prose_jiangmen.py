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
    for indicator in ("urban_new_jobs", "rural_labour_transferred", "rural_labour_trained",
                      "urban_registered_unemployment_rate"):
        got = sorted(row["district"] for row in rows if row["source_file"] == EQUAL and row["source_line"] == 32
                     and row["indicator_id"] == indicator)
        assert got == sorted(SEVEN), indicator


def test_cumulative_values_carry_their_span(rows):
    city = find(rows, EQUAL, 14, "urban_new_jobs")
    assert (city["is_cumulative"], city["period_start"], city["period_end"]) == (True, 2014, 2015)
    annual = find(rows, EQUAL, 315, "disabled_urban_new_jobs")
    assert annual["is_cumulative"] is False


def test_document_level_conventions(rows):
    allowed_districts = {None, "市本级", *SEVEN}
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
