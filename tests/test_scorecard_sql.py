"""The scorecards are judged in SQL (analytics.sql.SCORECARD_ROWS), set-wise; `assess` in
analytics.scorecard states the rule as a pure function. Here both judge every combination of
comparators, directions, values at and around the edges, units, totals and spans, and must
agree on status, reason and ratio, and on which actual is chosen when several could answer.

The dataset is CRAFTED: one fictional indicator per case, a target and its actual(s)."""

from __future__ import annotations

import itertools
import math

import pytest

from analytics import scorecard
from analytics.db import Database
from analytics.ingest.writer import to_arrow, write_tables
from tests.fixture_dataset import JM, build_tables, obs

COMPARATORS = (None, "=", "~", "<=", "<", ">=", ">")
DIRECTIONS = ("higher_better", "lower_better")
# (target, actual): equal, close on either side of the 5 % of `~`, far, zero, the 4.5·1.05 edge.
VALUES = ((100.0, 100.0), (100.0, 95.0), (100.0, 94.9), (100.0, 105.0), (100.0, 105.1), (100.0, 80.0),
          (4.5, 4.725), (4.5, 4.275), (0.0, 5.0), (5.0, 0.0), (-2.0, -1.9))


def _cases() -> list[dict]:
    cases = []
    for (target_cmp, actual_cmp, direction, (target, actual)) in itertools.product(
            COMPARATORS, COMPARATORS, DIRECTIONS, VALUES):
        cases.append(dict(target=target, target_cmp=target_cmp, actual=actual, actual_cmp=actual_cmp,
                          direction=direction))
    for direction in DIRECTIONS:  # the reasons that come before the comparison
        cases += [
            dict(target=None, actual=5.0, direction=direction),
            dict(target=5.0, actual=None, direction=direction),
            dict(target=5.0, actual=None, direction=direction, no_actual_row=True),
            dict(target=None, actual=None, direction=direction, no_actual_row=True),
            dict(target=5.0, actual=5.0, actual_unit="万人次", direction=direction),
            dict(target=5.0, actual=5.0, target_span=(2016, 2020), direction=direction),
            dict(target=5.0, actual=5.0, target_span=(2016, 2020), actual_span=(2016, 2020), direction=direction),
            dict(target=5.0, actual=5.0, target_span=(2016, 2020), actual_span=(2017, 2020), direction=direction),
            # a running total to date (累计 with no stated start) against a one-year or a plan-period target
            dict(target=5.0, actual=5.0, actual_span="to_date", direction=direction),
            dict(target=5.0, actual=5.0, target_span=(2016, 2020), actual_span="to_date", direction=direction),
            dict(target=5.0, actual=5.0, target_span="to_date", actual_span="to_date", direction=direction),
        ]
    return cases


CASES = _cases()


def _tables(cases: list[dict]) -> dict:
    tables = build_tables()
    indicators, observations = [], []
    for number, case in enumerate(cases):
        indicator = f"case_{number:04d}"
        indicators.append({"indicator_id": indicator, "name_zh": f"虚构指标{number}", "name_en": f"Fictional {number}",
                           "category": "employment", "unit": "万人", "direction": case["direction"],
                           "aliases_zh": [], "definition_note": "A crafted case.", "reviewed": True})
        target = case["target"]
        observations.append(obs("jiangmen", "urban_new_jobs", "target", 2020, target,
                                "文字" if target is None else f"{target}", plan="13th",
                                cmp=case.get("target_cmp") or "=", span=case.get("target_span"), line=number + 1,
                                table="专栏1") | {"indicator_id": indicator, "comparator": case.get("target_cmp")
                                                  if target is not None else None})
        if not case.get("no_actual_row"):
            actual = case["actual"]
            row = obs("jiangmen", "urban_new_jobs", "actual", 2020, actual, "—" if actual is None else f"{actual}",
                      plan="13th", span=case.get("actual_span"), line=number + 1, table="专栏1",
                      unit=case.get("actual_unit"))
            observations.append(row | {"indicator_id": indicator,
                                       "comparator": case.get("actual_cmp") if actual is not None else None})
    for row in observations:  # ids unique per case
        row["obs_id"] = f"{row['indicator_id']}_{row['value_kind']}"
        row["source_file"] = JM
    tables["indicators"] = to_arrow("indicators", indicators)
    tables["observations"] = to_arrow("observations", observations)
    tables["quality_notes"] = to_arrow("quality_notes", [])
    return tables


@pytest.fixture(scope="module")
def cases_db(tmp_path_factory):
    data = tmp_path_factory.mktemp("scorecard_cases")
    write_tables(data, _tables(CASES))
    database = Database(data)
    yield database
    database.close()


def _span_kind(span) -> str:
    return "to_date" if span == "to_date" else "total" if span else "year"


def _expected(case: dict) -> scorecard.Assessment:
    target_span, actual_span = case.get("target_span"), case.get("actual_span")
    return scorecard.assess(
        case["target"], case.get("target_cmp"), _span_kind(target_span),
        target_span if target_span != "to_date" else None,
        None if case.get("no_actual_row") else case["actual"], case.get("actual_cmp"), _span_kind(actual_span),
        actual_span if actual_span != "to_date" else None, case["direction"], "万人", case.get("actual_unit") or "万人",
        has_actual=not case.get("no_actual_row"))


def test_sql_judges_every_case_as_assess_does(cases_db):
    card = scorecard.scorecard(cases_db, "jiangmen", "13th").set_index("indicator_id")
    assert len(card) == len(CASES) > 600
    disagreements = []
    for number, case in enumerate(CASES):
        row = card.loc[f"case_{number:04d}"]
        expected = _expected(case)
        ratio = None if expected.ratio_pct is None else round(expected.ratio_pct, 2)
        got_ratio = None if row["ratio_pct"] is None or math.isnan(row["ratio_pct"]) else row["ratio_pct"]
        if (row["status"], row["reason"], got_ratio) != (expected.status, expected.reason, ratio):
            disagreements.append((case, (row["status"], row["reason"], got_ratio), expected))
    assert not disagreements, disagreements[:5]
    statuses = set(card["status"])
    assert statuses == set(scorecard.STATUSES)  # every status occurs: the grid is not one-sided


def test_the_status_counts_are_the_cards_counted(cases_db):
    card = scorecard.scorecard(cases_db, "jiangmen", "13th")
    summary = scorecard.scorecard_summary(cases_db, wide=True).set_index(["city_id", "plan_period"])
    counts = card["status"].value_counts()
    for status in scorecard.STATUSES:
        assert summary.loc[("jiangmen", "13th"), status] == counts.get(status, 0)
    assert summary.loc[("jiangmen", "13th"), "total"] == len(card)


def test_the_deciding_actual_is_chosen_and_the_others_listed(tmp_path):
    """Three values answer one target: a prose figure that decides beats a table figure that
    cannot (a bound either side), and the other is listed as an alternative, in order."""
    target = obs("jiangmen", "urban_new_jobs", "target", 2020, 100.0, "100", plan="13th", line=1, table="专栏1")
    bound = obs("jiangmen", "urban_new_jobs", "actual", 2020, 90.0, "90以上", plan="13th", cmp=">=", line=2,
                table="专栏1")
    prose = obs("jiangmen", "urban_new_jobs", "actual", 2020, 120.0, "120", plan="13th", line=3)
    baseline = obs("jiangmen", "urban_new_jobs", "baseline", 2020, 110.0, "110", plan="14th", line=4,
                   table="专栏2")
    tables = build_tables()
    tables["observations"] = to_arrow("observations", [target, bound, prose, baseline])
    tables["quality_notes"] = to_arrow("quality_notes", [])
    write_tables(tmp_path, tables)
    database = Database(tmp_path)
    try:
        row = scorecard.scorecard(database, "jiangmen", "13th").iloc[0]
    finally:
        database.close()
    assert (row["status"], row["actual_raw"], row["actual_source"]) == ("met", "120", "prose")
    assert row["alternatives"] == [f"110 (baseline, {JM}:4)", f"90以上 (actual, {JM}:2)"]


def test_a_running_total_is_never_judged_against_a_year_or_a_plan_total(cases_db):
    """累计 with no stated start (a to-date total) answers neither a one-year target nor a five-year one; a
    to-date target is answered by a to-date actual of its year."""
    card = scorecard.scorecard(cases_db, "jiangmen", "13th").set_index("indicator_id")
    spans = {number: (case.get("target_span"), case.get("actual_span")) for number, case in enumerate(CASES)}
    one_side = [number for number, pair in spans.items() if ("to_date" in pair) and pair[0] != pair[1]]
    both = [number for number, pair in spans.items() if pair == ("to_date", "to_date")]
    assert len(one_side) == 4 and len(both) == 2
    for number in one_side:
        row = card.loc[f"case_{number:04d}"]
        assert (row["status"], row["reason"]) == ("not_comparable", "to_date_total"), CASES[number]
    assert {card.loc[f"case_{number:04d}", "status"] for number in both} == {"met"}


def test_an_annual_target_is_listed_not_judged(tmp_path):
    """A work report's 控制在3.0%以内 for its year (target_scope annual) stands beside the plan's own 3.2 % but
    is never the target the scorecard judges; with no plan target it makes no scorecard row."""
    plan = obs("jiangmen", "urban_new_jobs", "target", 2020, 100.0, "100", plan="13th", line=1, table="专栏1")
    annual = obs("jiangmen", "urban_new_jobs", "target", 2020, 90.0, "90", plan="13th", line=2, scope="annual")
    actual = obs("jiangmen", "urban_new_jobs", "actual", 2020, 95.0, "95", plan="13th", line=3)
    tables = build_tables()
    tables["observations"] = to_arrow("observations", [plan, annual, actual])
    tables["quality_notes"] = to_arrow("quality_notes", [])
    write_tables(tmp_path / "both", tables)
    tables["observations"] = to_arrow("observations", [annual, actual])
    write_tables(tmp_path / "annual", tables)
    database = Database(tmp_path / "both")
    try:
        (row,) = scorecard.scorecard(database, "jiangmen", "13th").to_dict("records")
    finally:
        database.close()
    assert (row["target"], row["status"]) == (100.0, "not_met")  # 95 against the plan's 100, not the annual 90
    assert any("90" in alternative for alternative in row["target_alternatives"])
    database = Database(tmp_path / "annual")
    try:
        assert scorecard.scorecard(database, "jiangmen", "13th").empty
    finally:
        database.close()
