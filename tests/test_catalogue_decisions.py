"""Decisions of issue 13 recorded in the catalogue and held by the data: one span convention per indicator and city
(or the indicator says why not), one reading per source statement, every near-duplicate merged with an alias or kept
apart with its reason, the township mediation rate split out."""

from __future__ import annotations

from collections import defaultdict

import pytest

from analytics import catalogue
from analytics.ingest import build_tables

JM, JD, ZJ, REPORT = ("000_d92a957b28094439.txt", "001_ec0a8e65957f0800.txt", "003_752116bdcc71a0d2.txt",
                      "004_95eefe6b59f03fdd.txt")


@pytest.fixture(scope="module")
def tables(sources_dir):
    return build_tables(sources_dir)


@pytest.fixture(scope="module")
def observations(tables):
    return [row for row in tables["observations"].to_pylist() if row["value"] is not None]


def _conventions(observations) -> dict[tuple[str, str], set[bool]]:
    found: dict[tuple[str, str], set[bool]] = defaultdict(set)
    for row in observations:
        # a document's own % is never a total; a running total to date says so on its row (never compared)
        if row["value_kind"] != "reported_completion_pct" and row["span_kind"] != "to_date":
            found[(row["indicator_id"], row["city_id"])].add(row["is_cumulative"])
    return found


def test_one_span_convention_per_indicator_and_city_or_the_note_says_why(observations):
    indicators = catalogue.indicators()
    mixed = {key for key, kinds in _conventions(observations).items() if len(kinds) > 1}
    unexplained = sorted(key for key in mixed if not indicators[key[0]].spans)
    assert not unexplained, f"one-year values and totals in one city, no `spans` note: {unexplained}"
    city_names = {city["city_id"]: city["name_zh"] for city in catalogue.cities()}
    for indicator_id, city_id in mixed:  # the note names the city whose values mix
        assert city_names[city_id] in indicators[indicator_id].spans, (indicator_id, city_id)


def test_every_spans_note_is_needed(observations):
    mixed = {indicator_id for (indicator_id, _), kinds in _conventions(observations).items() if len(kinds) > 1}
    noted = {ind.indicator_id for ind in catalogue.indicators().values() if ind.spans}
    assert noted == mixed, f"a `spans` note where every city keeps one convention: {sorted(noted - mixed)}"


def test_the_spans_note_is_in_the_indicators_table(tables):
    notes = {row["indicator_id"]: row["definition_note"] for row in tables["indicators"].to_pylist()}
    assert "Spans: " in notes["urban_new_jobs"] and "4.59万人, 004:2" in notes["urban_new_jobs"]


def test_one_reading_per_statement(observations):
    """The same figure (city, indicator, kind, year, value) is never read as a one-year value in one place and as a
    total in another: 景德镇's 21 亿元 was both (001:107 one year, 001:139 a 2016-2020 total)."""
    readings: dict[tuple, set] = defaultdict(set)
    for row in observations:
        key = (row["city_id"], row["district"], row["indicator_id"], row["value_kind"], row["year"], row["value"])
        readings[key].add((row["period_start"], row["period_end"]))
    assert not {key: spans for key, spans in readings.items() if len(spans) > 1}


def _rows(observations, file_name, line, indicator):
    return [row for row in observations if (row["source_file"], row["source_line"], row["indicator_id"])
            == (file_name, line, indicator)]


def test_business_guarantee_loans_21_is_a_five_year_total_in_table_and_text(observations):
    table = [r for r in _rows(observations, JD, 107, "business_guarantee_loans") if r["value_kind"] == "target"]
    text = _rows(observations, JD, 139, "business_guarantee_loans")
    for row in (*table, *text):
        assert (row["value"], row["period_start"], row["period_end"]) == (21, 2016, 2020)
    (base,) = [r for r in _rows(observations, JD, 107, "business_guarantee_loans") if r["value_kind"] == "baseline"]
    assert (base["value"], base["is_cumulative"], base["year"]) == (4.2, False, 2015)
    (jiangmen,) = _rows(observations, REPORT, 2, "business_guarantee_loans")
    assert (jiangmen["value"], jiangmen["is_cumulative"], jiangmen["year"]) == (1.5, False, 2020)


def test_jingdezhen_rural_transfers_are_twelfth_plan_totals(observations):
    rows = _rows(observations, JD, 46, "rural_labour_transferred")
    assert sorted((r["value_kind"], r["value"], r["period_start"], r["period_end"]) for r in rows) == [
        ("actual", 13.39, 2011, 2015), ("target", 26.7, 2011, 2015)]
    assert all("1.87" in r["note"] for r in rows)  # the reason: the 13th plan's own yearly pace (001:135)


def test_township_mediation_rate_is_split_out(observations):
    (row,) = [r for r in observations if (r["source_file"], r["source_line"], r["raw_text"]) == (JM, 123, "超过 80%")]
    assert row["indicator_id"] == "township_mediation_room_success_rate"
    assert {r["city_id"] for r in observations if r["indicator_id"] == "labour_dispute_mediation_success_rate"} == {
        "jiangmen", "zhanjiang"}
    assert not [r for r in observations if r["indicator_id"] == "labour_dispute_mediation_success_rate"
                and "镇街" in (r["source_label"] or "")]


# issue 13's pairs: the same concept, kept apart without a recorded reason
PAIRS = [
    ("collective_contract_signing_rate", "unionised_enterprise_collective_contract_rate"),
    ("postdocs_newly_in_station", "postdoctoral_researchers_recruited"),
    ("new_certified_skilled_workers", "new_vocational_certificate_holders"),
    ("rural_ecommerce_trainees", "rural_ecommerce_training"),
    # issue 23's near-duplicates
    ("grassroots_info_platform_coverage", "street_employment_platform_coverage"),
    ("grassroots_info_platform_coverage", "community_employment_platform_coverage"),
    ("village_product_leaders_trained", "rural_practical_talent_trained_annual"),
]


@pytest.mark.parametrize(("first", "second"), PAIRS, ids=[p[0] for p in PAIRS])
def test_every_listed_merge_is_decided(first, second):
    indicators = catalogue.indicators()
    if first in indicators and second in indicators:  # kept apart: the reason is recorded on one of them
        reasons = dict(indicators[first].not_merged_with) | {
            other: why for other, why in indicators[second].not_merged_with if other == first}
        assert reasons.get(second) or reasons.get(first), f"{first} / {second}: no recorded reason"
        assert len((reasons.get(second) or reasons.get(first)).split()) >= 12  # a reason, not a word
    else:  # merged: one id is gone, its source spelling is an alias of the other, the note says so
        kept, gone = (first, second) if first in indicators else (second, first)
        assert gone not in indicators and kept in indicators
        assert gone in indicators[kept].definition_note
        assert indicators[kept].aliases_zh


def test_the_postdocs_keep_their_units_as_written(observations):
    """004:5 新增在站博士后22人 is 22 persons (人), not 22 人次: apart from 湛江's 博士后研究人员年招收数 (人次)."""
    indicators = catalogue.indicators()
    assert "新增在站博士后" in indicators["postdocs_newly_in_station"].aliases_zh
    assert not dict(indicators["postdoctoral_researchers_recruited"].unit_equivalents)
    (jiangmen,) = [r for r in observations if r["indicator_id"] == "postdocs_newly_in_station"]
    assert (jiangmen["value"], jiangmen["unit"], jiangmen["raw_unit"], jiangmen["source_line"]) == (22, "人", "人", 5)
    assert "新增在站博士后22人" in jiangmen["quote"]
    assert {r["city_id"] for r in observations if r["indicator_id"] == "postdoctoral_researchers_recruited"} == {
        "zhanjiang"}


def test_the_village_product_leaders_note_names_the_right_city(sources_dir, observations):
    """rural_practical_talent_trained_annual is 景德镇's (001:266: 500 人次 a year), not 湛江's."""
    note = catalogue.indicators()["village_product_leaders_trained"].definition_note
    assert "景德镇" in note and "001:266" in note and "湛江" not in note
    (jingdezhen,) = [r for r in observations if r["indicator_id"] == "rural_practical_talent_trained_annual"]
    assert (jingdezhen["city_id"], jingdezhen["source_file"], jingdezhen["source_line"]) == ("jingdezhen", JD, 266)
    line = (sources_dir / JD).read_text(encoding="utf-8").split("\n")[265]
    assert "一村一品" in line and "500" in line


def test_the_hubei_team_is_a_part_of_the_front_line_medics(sources_dir, observations):
    """004:6 考察招聘疫情防控一线编外医务人员75名,其中驰援湖北医疗队编外医务人员10人: 10 of the 75, never added."""
    indicators = catalogue.indicators()
    assert dict(indicators["hubei_team_medics_recruited"].part_of).keys() == {"frontline_medics_recruited"}
    assert "Part of frontline_medics_recruited" in indicators["hubei_team_medics_recruited"].full_note
    values = {r["indicator_id"]: r["value"] for r in observations
              if r["indicator_id"] in ("hubei_team_medics_recruited", "frontline_medics_recruited")}
    assert values == {"frontline_medics_recruited": 75, "hubei_team_medics_recruited": 10}
    line = (sources_dir / REPORT).read_text(encoding="utf-8").split("\n")[5]
    assert "75名,其中驰援湖北医疗队编外医务人员10人" in line


def test_the_bureaus_own_activity_is_out_of_comparisons_by_default(tables, tmp_path):
    """Party-group meetings and WeChat followers are the bureau's own activity (category administration):
    the compare picker lists them after every indicator of a compared category, never first."""
    from analytics import compare
    from analytics.db import Database
    from analytics.ingest.writer import write_tables

    categories = {row["category"]: row["compared"] for row in tables["categories"].to_pylist()}
    assert categories.pop("administration") is False and all(categories.values())
    write_tables(tmp_path / "data", tables)
    database = Database(tmp_path / "data")
    try:
        choices = compare.comparable_indicators(database)
    finally:
        database.close()
    administration = choices["category"] == "administration"
    assert administration.any() and administration[administration].index.min() > (~administration).sum() - 1
    assert {"party_group_meetings", "wechat_followers"} <= set(choices.loc[administration, "indicator_id"])


def test_a_kept_apart_reason_must_name_a_real_indicator(tmp_path):
    import shutil

    copy = tmp_path / "catalogue"
    shutil.copytree(catalogue.DEFAULT_DIR, copy)
    path = copy / "indicators" / "labour_relations.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "unionised_enterprise_collective_contract_rate: >-", "no_such_indicator: >-", 1), encoding="utf-8")
    with catalogue.using_directory(copy), pytest.raises(catalogue.CatalogueError, match="no_such_indicator"):
        catalogue.indicators()
