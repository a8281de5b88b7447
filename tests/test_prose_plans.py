"""Prose figures of the three five-year plans (江门 13th, 景德镇 13th, 湛江 14th): golden values
read by the curated rules, each checked against the real source line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analytics import catalogue
from analytics.ingest.prose import extract_prose_observations
from analytics.ingest.sources import SourceError, read_documents
from analytics.ingest.tables import ratios

JIANGMEN, JINGDEZHEN, ZHANJIANG = "000_d92a957b28094439.txt", "001_ec0a8e65957f0800.txt", "003_752116bdcc71a0d2.txt"
RULE_NAMES = ("jiangmen_13th_plan", "jingdezhen_13th_plan", "zhanjiang_14th_plan")
RULE_FILES = [(catalogue.DEFAULT_DIR / "prose_rules") / f"{name}.yaml" for name in RULE_NAMES]
PROSE_INDICATORS = catalogue.DEFAULT_DIR / "indicators" / "prose_plans.yaml"

# (file, line, indicator, value_kind, year, raw_text) -> (value, comparator, cumulative span or None)
GOLDEN = [
    # 江门 13th plan: 12th-plan results (2015) and prose-only targets
    ((JIANGMEN, 109, "urban_new_jobs", "actual", 2015, "23.4 万人"), (23.4, "=", (2011, 2015))),
    ((JIANGMEN, 109, "urban_registered_unemployment_rate", "actual", 2015, "2.4% 以内"), (2.4, "<=", None)),
    ((JIANGMEN, 109, "employment_support_beneficiaries", "actual", 2015, "32.34 万人次"), (32.34, "=", (2011, 2015))),
    ((JIANGMEN, 113, "high_skilled_share_of_skilled_workers", "actual", 2015, "20.9%"), (20.9, "=", None)),
    ((JIANGMEN, 115, "resident_basic_pension_minimum", "actual", 2015, "100 元"), (100, "=", None)),
    ((JIANGMEN, 121, "minimum_wage_cumulative_increase", "actual", 2015, "66.67%"), (66.67, "=", (2011, 2015))),
    ((JIANGMEN, 123, "volunteer_labour_mediators", "actual", 2015, "489 名"), (489, "=", None)),
    ((JIANGMEN, 123, "township_mediation_room_success_rate", "actual", 2015, "超过 80%"), (80, ">", None)),
    ((JIANGMEN, 123, "wage_arrears_criminal_referrals", "actual", 2015, "113 宗"), (113, "=", (2011, 2015))),
    ((JIANGMEN, 127, "social_security_card_holders", "actual", 2015, "411.8 万人"), (411.8, "=", None)),
    ((JIANGMEN, 197, "urban_registered_unemployment_rate", "target", 2020, "3.2%以下"), (3.2, "<=", None)),
    ((JIANGMEN, 456, "overseas_talent_liaison_stations", "target", 2020, "10个左右"), (10, "~", (2016, 2020))),
    ((JIANGMEN, 478, "high_skilled_trained_annual", "target", 2020, "不少于1万人"), (1, ">=", None)),
    # 景德镇 13th plan: prose goals and programme boxes (专栏3-专栏9)
    ((JINGDEZHEN, 81, "urban_new_jobs", "target", 2020, "12 万人"), (12, "=", (2016, 2020))),
    ((JINGDEZHEN, 81, "urban_surveyed_unemployment_rate", "target", 2020, "4.5% 左右"), (4.5, "~", None)),
    ((JINGDEZHEN, 83, "resident_avg_monthly_pension", "target", 2020, "80 元"), (80, "=", None)),
    ((JINGDEZHEN, 85, "high_level_talent_phd_or_senior_title", "target", 2020, "0.92"), (0.92, "=", None)),
    ((JINGDEZHEN, 135, "rural_labour_transferred", "target", 2020, "1.87 万人"), (1.87, "=", None)),
    ((JINGDEZHEN, 139, "business_guarantee_loans", "target", 2020, "21 亿元"), (21, "=", (2016, 2020))),
    ((JINGDEZHEN, 236, "provincial_talent_project_selections_annual", "target", 2020, "超过 2 人"), (2, ">", None)),
    ((JINGDEZHEN, 258, "foreign_experts_introduced", "target", 2020, "10 名左右"), (10, "~", (2016, 2020))),
    ((JINGDEZHEN, 372, "social_security_cards_issued", "target", 2020, "150万张"), (150, "=", None)),
    # 湛江 14th plan: 13th-plan results (2020), 14th-plan goals and programme boxes (专栏3-专栏19)
    ((ZHANJIANG, 76, "urban_new_jobs", "actual", 2020, "38.39 万人"), (38.39, "=", (2016, 2020))),
    ((ZHANJIANG, 78, "urban_registered_unemployment_rate", "actual", 2020, "2.47%"), (2.47, "=", None)),
    ((ZHANJIANG, 78, "urban_registered_unemployment_rate", "target", 2020, "3.5%"), (3.5, "<=", None)),
    ((ZHANJIANG, 80, "resident_basic_pension_minimum", "actual", 2020, "180 元"), (180, "=", None)),
    ((ZHANJIANG, 84, "public_institution_new_staff_annual", "actual", 2020, "约 0.21 万人"), (0.21, "~", None)),
    ((ZHANJIANG, 90, "vocational_training_person_times", "actual", 2020, "22.89 万人次"), (22.89, "=", (2016, 2020))),
    ((ZHANJIANG, 98, "poor_labour_employed", "actual", 2020, "61357 人"), (6.1357, "=", (2016, 2020))),
    ((ZHANJIANG, 98, "public_welfare_posts_developed", "actual", 2020, "5173 个"), (5173, "=", (2016, 2020))),
    ((ZHANJIANG, 166, "urban_new_jobs", "target", 2025, "25 万人以上"), (25, ">=", (2021, 2025))),
    ((ZHANJIANG, 178, "labour_dispute_mediation_success_rate", "target", 2025, "60%以上"), (60, ">=", None)),
    ((ZHANJIANG, 180, "electronic_social_security_card_coverage_rate", "target", 2025, "75%"), (75, "=", None)),
    ((ZHANJIANG, 252, "rural_ecommerce_service_stations", "target", 2025, "500个以上"), (500, ">=", None)),
    ((ZHANJIANG, 268, "high_skilled_share_of_skilled_workers", "target", 2025, "40%以上"), (40, ">=", None)),
    # issue 13: the figures read so that every figure of the three plans is queryable
    ((JIANGMEN, 109, "online_employment_system_functions", "actual", 2015, "21 项"), (21, "=", None)),
    ((JIANGMEN, 111, "academician_workstations", "actual", 2015, "2 家"), (2, "=", None)),
    ((JIANGMEN, 111, "provincial_high_skill_training_bases", "actual", 2015, "1 个"), (1, "=", None)),
    ((JIANGMEN, 111, "city_skill_master_studios", "actual", 2015, "2 个"), (2, "=", None)),
    ((JIANGMEN, 111, "national_skill_master_studios", "actual", 2015, "2 个"), (2, "=", None)),
    ((JIANGMEN, 309, "regional_incubation_demo_bases", "target", 2018, "1个"), (1, "=", None)),
    ((JIANGMEN, 414, "poor_youth_free_technical_education_rate", "target", 2018, "100%"), (100, "=", None)),
    ((JIANGMEN, 416, "trained_poor_employment_service_rate", "target", 2018, "100%"), (100, "=", None)),
    ((JINGDEZHEN, 85, "intermediate_share_of_professional_technical_talent", "target", 2020, "10:38:52"),
     (38, "=", None)),
    ((JINGDEZHEN, 139, "graduate_entrepreneurship_training_share", "target", 2020, "5%"), (5, "<=", None)),
    ((JINGDEZHEN, 164, "graduate_entrepreneurship_training_share", "target", 2020, "5%"), (5, "<=", None)),
    ((JINGDEZHEN, 145, "ecommerce_teachers_trained", "target", 2020, "40 人"), (40, "=", (2016, 2020))),
    ((JINGDEZHEN, 368, "si_exchange_database_loading_rate", "target", 2020, "100%"), (100, "=", None)),
    ((JINGDEZHEN, 368, "fund_finance_exchange_database_loading_rate", "target", 2020, "100%"), (100, "=", None)),
    ((JINGDEZHEN, 376, "grassroots_info_platform_coverage", "target", 2020, "100%"), (100, "=", None)),
    ((JINGDEZHEN, 380, "metro_network_grassroots_coverage", "target", 2020, "100%以上"), (100, ">=", None)),
    ((ZHANJIANG, 80, "employee_avg_monthly_pension_growth", "actual", 2020, "27.46%"), (27.46, "=", (2016, 2020))),
    ((ZHANJIANG, 80, "resident_basic_pension_minimum_growth", "actual", 2020, "80%"), (80, "=", (2016, 2020))),
    ((ZHANJIANG, 80, "unemployment_benefit_standard_growth", "actual", 2020, "31.10%"), (31.1, "=", (2016, 2020))),
    ((ZHANJIANG, 84, "professional_technical_talent_growth", "actual", 2020, "30%"), (30, "=", (2016, 2020))),
    ((ZHANJIANG, 84, "skilled_workers_total_growth", "actual", 2020, "23.3%"), (23.3, "=", (2016, 2020))),
    ((ZHANJIANG, 84, "marine_innovation_substations", "actual", 2020, "1 个"), (1, "=", None)),
    ((ZHANJIANG, 84, "city_talent_stations", "actual", 2020, "1 个"), (1, "=", None)),
    ((ZHANJIANG, 84, "county_talent_stations", "actual", 2020, "4 个"), (4, "=", None)),
    ((ZHANJIANG, 86, "provincial_technical_schools", "actual", 2020, "2 所"), (2, "=", None)),
    ((ZHANJIANG, 86, "county_technical_schools", "actual", 2020, "1 所"), (1, "=", None)),
    ((ZHANJIANG, 90, "new_provincial_chef_master_studios", "actual", 2020, "4 家"), (4, "=", (2018, 2020))),
    ((ZHANJIANG, 90, "housekeeping_training_demo_bases", "actual", 2020, "10 家"), (10, "=", None)),
    ((ZHANJIANG, 98, "poor_persons_contributions_paid_share", "actual", 2020, "100%"), (100, "=", None)),
    ((ZHANJIANG, 98, "poor_persons_pension_receipt_share", "actual", 2020, "100%"), (100, "=", None)),
]


@pytest.fixture(scope="module")
def documents(sources_dir):
    return read_documents(sources_dir)


@pytest.fixture(scope="module")
def rows(documents):
    return extract_prose_observations(documents, RULE_FILES)


def _source_line(sources_dir: Path, file_name: str, line: int) -> str:
    return (sources_dir / file_name).read_text(encoding="utf-8").split("\n")[line - 1]


@pytest.mark.parametrize(("key", "expected"), GOLDEN, ids=[f"{k[0][:3]}:{k[1]}:{k[2]}:{k[3]}" for k, _ in GOLDEN])
def test_golden_value(rows, sources_dir, key, expected):
    file_name, line, raw_text = key[0], key[1], key[5]
    value, comparator, span = expected
    fields = ("source_file", "source_line", "indicator_id", "value_kind", "year", "raw_text")
    matches = [row for row in rows if tuple(row[name] for name in fields) == key]
    assert len(matches) == 1, f"expected one row for {key}, found {len(matches)}"
    row = matches[0]
    assert row["value"] == pytest.approx(value)
    assert row["comparator"] == comparator
    assert row["is_cumulative"] is (span is not None)
    assert (row["period_start"], row["period_end"]) == (span or (None, None))
    assert row["source_table"] is None
    # The figure is really written on that line of the source, inside the quoted phrase.
    text = _source_line(sources_dir, file_name, line)
    assert row["quote"] in text
    assert raw_text in row["quote"]


def test_every_row_is_quoted_from_its_line(rows, sources_dir):
    for row in rows:
        text = _source_line(sources_dir, row["source_file"], row["source_line"])
        assert row["quote"] in text, row
        assert row["raw_text"] in row["quote"], row
        assert row["source_table"] is None
        assert row["attribute"] is None


def test_each_document_yields_its_share_of_rows(rows):
    per_file = {name: sum(row["source_file"] == name for row in rows) for name in (JIANGMEN, JINGDEZHEN, ZHANJIANG)}
    assert per_file[JIANGMEN] >= 30
    assert per_file[JINGDEZHEN] >= 35
    assert per_file[ZHANJIANG] >= 50
    assert len({row["obs_id"] for row in rows}) == len(rows)


def test_plan_period_and_year_follow_the_document(rows):
    for row in rows:
        if row["source_file"] == JINGDEZHEN:
            # 景德镇's review of the 12th plan states no figure in prose: everything is a 13th-plan goal.
            assert (row["value_kind"], row["plan_period"], row["year"]) == ("target", "13th", 2020), row
        elif row["value_kind"] == "target":
            expected = {JIANGMEN: "13th", ZHANJIANG: "14th"}[row["source_file"]]
            if not (row["source_file"] == ZHANJIANG and row["year"] == 2020):  # restated 13th-plan bound
                assert row["plan_period"] == expected, row
        else:
            assert row["year"] in {2015, 2020}, row
            assert row["plan_period"] == {2015: "12th", 2020: "13th"}[row["year"]], row


def test_cumulative_spans_end_in_the_year_and_stay_in_one_plan(rows):
    cumulative = [row for row in rows if row["is_cumulative"]]
    assert len(cumulative) >= 20
    for row in cumulative:
        assert row["period_end"] == row["year"]
        assert catalogue.plan_period_of_year(row["period_start"]) == catalogue.plan_period_of_year(row["period_end"])


def test_per_year_figures_are_not_five_year_totals(rows):
    per_year = [row for row in rows if row["note"] and "per-year" in row["note"]]
    assert {(row["source_file"], row["source_line"]) for row in per_year} >= {
        (JINGDEZHEN, 135), (JIANGMEN, 478), (ZHANJIANG, 270),
    }
    assert not any(row["is_cumulative"] for row in per_year)


def test_garbled_jingdezhen_sentence_yields_only_the_readable_figure(rows):
    """001:135 `帮助 2.31 失业人员 0.18 万就业困难群体实现就业`: 0.18 万 is read, the unit-less 2.31 is not."""
    on_line = [row for row in rows if row["source_file"] == JINGDEZHEN and row["source_line"] == 135]
    assert sorted(row["raw_text"] for row in on_line) == ["0.18", "1.87 万人", "100%"]
    readable = next(row for row in on_line if row["raw_text"] == "0.18")
    assert readable["value"] == pytest.approx(0.18)
    assert "garbled" in readable["note"].lower()


def test_units_are_converted_to_the_catalogue_unit(rows):
    by_key = {(row["source_file"], row["source_line"], row["raw_text"]): row for row in rows}
    chef = by_key[(ZHANJIANG, 265, "1万人次以上")]
    assert chef["raw_unit"] == "万人次"
    assert chef["value"] == pytest.approx(catalogue.convert(1, "万人次", chef["unit"]))
    poor = by_key[(ZHANJIANG, 98, "61357 人")]
    assert (poor["unit"], poor["value"]) == ("万人", pytest.approx(6.1357))


def test_new_indicators_are_used_and_not_defined_elsewhere():
    with PROSE_INDICATORS.open(encoding="utf-8") as handle:
        defined = {entry["id"] for entry in yaml.safe_load(handle)}
    used = set()
    for path in RULE_FILES:
        with path.open(encoding="utf-8") as handle:
            spec = yaml.safe_load(handle)
        for rule in spec["rules"]:
            for value in rule["values"]:
                if "ratio" in value:  # a ratio in prose: its components (ratios.yaml)
                    used |= set(ratios()[catalogue.normalise_label(value["ratio"])].components)
                else:
                    used.add(value.get("indicator") or rule["indicator"])
    assert defined <= used, f"defined but never extracted: {sorted(defined - used)}"
    indicators = catalogue.indicators()
    assert used <= set(indicators)
    assert all(indicators[i].source_files == ("prose_plans.yaml",) for i in defined)


def test_a_rule_whose_quote_left_its_line_stops_ingestion(documents, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "source_file: 001_ec0a8e65957f0800.txt\n"
        "defaults: {value_kind: target, year: 2020, plan_period: 13th}\n"
        "rules:\n"
        "  - line: 83\n"
        "    quote: 全市城镇累积新增就业 12 万人\n"
        "    values:\n"
        "      - {indicator: urban_new_jobs, text: 12 万人, unit: 万人, cumulative: [2016, 2020]}\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=r"001_ec0a8e65957f0800\.txt:83"):
        extract_prose_observations(documents, [broken])
