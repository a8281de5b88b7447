"""Targets vs achievements: the pure rule `assess`, then the scorecard on the fixture dataset."""

from __future__ import annotations

import pytest

from analytics.errors import QueryError
from analytics.scorecard import STATUSES, assess, scorecard, scorecard_summary
from tests.fixture_dataset import EXPECTED_SCORECARD, db, fixture_dir  # noqa: F401

# ---- assess: every comparator × direction × cumulative, once met and once not met ------------

# comparator, direction -> (target, an actual that meets it, one that does not, reasons)
GRID = {
    ("=", "higher_better"): (100.0, 101.0, 99.0, "reached", "short_of_target"),
    ("=", "lower_better"): (100.0, 99.0, 101.0, "reached", "short_of_target"),
    ("<=", "higher_better"): (3.2, 3.2, 3.3, "within_bound", "violates_bound"),
    ("<=", "lower_better"): (3.2, 2.4, 3.21, "within_bound", "violates_bound"),
    ("<", "higher_better"): (3.5, 3.4, 3.5, "within_bound", "violates_bound"),
    ("<", "lower_better"): (3.5, 3.49, 3.6, "within_bound", "violates_bound"),
    (">=", "higher_better"): (90.0, 90.0, 89.0, "within_bound", "violates_bound"),
    (">=", "lower_better"): (90.0, 95.0, 89.99, "within_bound", "violates_bound"),
    (">", "higher_better"): (60.0, 61.0, 60.0, "within_bound", "violates_bound"),
    (">", "lower_better"): (60.0, 60.5, 59.0, "within_bound", "violates_bound"),
    ("~", "higher_better"): (100.0, 95.0, 94.9, "within_approx", "outside_approx"),  # ≥ 95 % of the target
    ("~", "lower_better"): (4.5, 4.725, 4.8, "within_approx", "outside_approx"),  # ≤ 105 % of the target
}
CASES = [
    pytest.param(comparator, direction, cumulative, outcome,
                 id=f"{comparator}-{direction}-{'cum' if cumulative else 'annual'}-{outcome}")
    for (comparator, direction) in GRID
    for cumulative in (False, True)
    for outcome in ("met", "not_met")
]


@pytest.mark.parametrize(("comparator", "direction", "cumulative", "outcome"), CASES)
def test_assess_grid(comparator, direction, cumulative, outcome):
    target, good, bad, met_reason, not_met_reason = GRID[(comparator, direction)]
    actual = good if outcome == "met" else bad
    span = (2016, 2020) if cumulative else None
    result = assess(target, comparator, cumulative, span, actual, "=", cumulative, span, direction, "%", "%")
    assert result.status == outcome
    assert result.reason == (met_reason if outcome == "met" else not_met_reason)
    if comparator in ("=", "~"):
        expected = actual / target * 100 if direction == "higher_better" else target / actual * 100
        assert result.ratio_pct == pytest.approx(expected)
    else:
        assert result.ratio_pct is None  # a bound is not a level: no achievement ratio


@pytest.mark.parametrize(
    ("target", "t_cmp", "actual", "a_cmp", "direction", "status", "reason"),
    [
        (3.2, "<=", 2.4, "<=", "lower_better", "met", "within_bound"),  # 2.4 以内 vs 3.2%以内
        (3.5, "<", 3.5, "<", "lower_better", "met", "within_bound"),  # <3.5 vs <3.5
        (3.5, "<", 3.5, "<=", "lower_better", "not_comparable", "bound_vs_bound"),  # 3.5 itself misses
        (60.0, ">", 70.0, ">=", "higher_better", "met", "within_bound"),
        (90.0, ">", 85.0, ">=", "higher_better", "not_comparable", "bound_vs_bound"),
        (90.0, ">", 90.0, ">", "higher_better", "met", "within_bound"),
        (3.2, "<=", 5.0, ">=", "lower_better", "not_met", "violates_bound"),
        (97.0, "=", 97.0, ">=", "higher_better", "met", "reached"),
        (97.0, "=", 95.0, "<=", "higher_better", "not_met", "short_of_target"),
        (97.0, "=", 98.0, "<=", "higher_better", "not_comparable", "bound_vs_bound"),
        (4.5, "~", 4.5, "<", "lower_better", "met", "within_approx"),
        (4.5, "~", 4.0, ">=", "lower_better", "not_comparable", "bound_vs_bound"),
    ],
)
def test_assess_actual_stated_as_a_bound(target, t_cmp, actual, a_cmp, direction, status, reason):
    result = assess(target, t_cmp, False, None, actual, a_cmp, False, None, direction, "%", "%")
    assert (result.status, result.reason) == (status, reason)
    assert result.ratio_pct is None  # the actual is a bound


def test_assess_ratio_uses_direction():
    higher = assess(37.5, "=", True, (2016, 2020), 38.39, "=", True, (2016, 2020), "higher_better", "万人", "万人")
    assert higher.ratio_pct == pytest.approx(102.3733, abs=1e-4)
    lower = assess(120.0, "=", False, None, 100.0, "=", False, None, "lower_better", "件", "件")
    assert (lower.status, lower.ratio_pct) == ("met", pytest.approx(120.0))


def test_assess_approximate_actual_counts_as_its_number():
    result = assess(26.25, "=", False, None, 27.0, "~", False, None, "higher_better", "万人", "万人")
    assert (result.status, result.ratio_pct) == ("met", pytest.approx(27 / 26.25 * 100))


@pytest.mark.parametrize(
    ("kwargs", "status", "reason"),
    [
        ({"target_value": None}, "not_comparable", "target_no_value"),
        ({"target_value": None, "actual_value": None}, "not_comparable", "target_no_value"),
        ({"actual_value": None}, "no_actual", "no_actual"),
        ({"actual_value": None, "has_actual": True}, "not_comparable", "actual_no_value"),
        ({"actual_unit": "万张"}, "not_comparable", "unit_mismatch"),
        ({"target_cumulative": True, "target_span": (2016, 2020)}, "not_comparable", "cumulative_vs_annual"),
        ({"actual_cumulative": True, "actual_span": (2016, 2020)}, "not_comparable", "cumulative_vs_annual"),
        ({"target_cumulative": True, "target_span": (2016, 2020), "actual_cumulative": True,
          "actual_span": (2017, 2020)}, "not_comparable", "span_mismatch"),
        ({"target_cumulative": True, "target_span": (2016, 2020), "actual_cumulative": True,
          "actual_span": (2016, 2020)}, "met", "reached"),
    ],
)
def test_assess_not_comparable_cases(kwargs, status, reason):
    args = {
        "target_value": 10.0, "target_comparator": "=", "target_cumulative": False, "target_span": None,
        "actual_value": 11.0, "actual_comparator": "=", "actual_cumulative": False, "actual_span": None,
        "direction": "higher_better", "target_unit": "万人", "actual_unit": "万人",
    }
    args.update(kwargs)
    result = assess(**args)
    assert (result.status, result.reason) == (status, reason)
    if status != "met":
        assert result.ratio_pct is None


def test_assess_zero_target_gives_no_ratio():
    result = assess(0.0, "=", False, None, 2.0, "=", False, None, "higher_better", "个", "个")
    assert (result.status, result.ratio_pct) == ("met", None)


# ---- scorecard on the fixture ----------------------------------------------------------------

@pytest.mark.parametrize(("city_id", "plan_period"), list(EXPECTED_SCORECARD))
def test_scorecard_statuses(db, city_id, plan_period):  # noqa: F811
    df = scorecard(db, city_id, plan_period)
    got = {
        row["indicator_id"]: (row["status"], row["reason"],
                               None if row["ratio_pct"] != row["ratio_pct"] else row["ratio_pct"])
        for row in df.to_dict("records")
    }
    assert got == EXPECTED_SCORECARD[(city_id, plan_period)]
    assert set(df["status"]) <= set(STATUSES)
    assert df["indicator_id"].is_unique


REQUIRED_COLUMNS = (
    "indicator_id", "name_zh", "name_en", "category", "unit", "target_raw", "actual_raw", "target", "actual",
    "comparator", "target_cumulative", "actual_cumulative", "status", "reason", "ratio_pct",
    "reported_completion_pct", "completion_disagrees", "attribute", "actual_source", "alternatives",
    "source_file", "source_line", "actual_source_file", "actual_source_line",
)


def test_scorecard_columns(db):  # noqa: F811
    df = scorecard(db, "zhanjiang", "13th")
    assert set(REQUIRED_COLUMNS) <= set(df.columns)
    assert df["completion_disagrees"].dtype == "boolean"


def _row(db, city, period, indicator):  # noqa: F811
    df = scorecard(db, city, period)
    return df.set_index("indicator_id").loc[indicator].to_dict()


def test_reported_completion_kept_beside_the_computed_ratio(db):  # noqa: F811
    jobs = _row(db, "zhanjiang", "13th", "urban_new_jobs")
    assert jobs["ratio_pct"] == pytest.approx(102.37)
    assert jobs["reported_completion_pct"] == pytest.approx(102.36)
    assert not jobs["completion_disagrees"]
    contracts = _row(db, "zhanjiang", "13th", "labour_contract_rate")
    assert contracts["ratio_pct"] == pytest.approx(102.71)
    assert contracts["reported_completion_pct"] == pytest.approx(103.79)
    assert contracts["completion_disagrees"]  # 1.08 points apart
    unemployment = _row(db, "zhanjiang", "13th", "registered_unemployment_rate")
    assert unemployment["reported_completion_raw"] == "控制在目标内"
    assert unemployment["reported_completion_pct"] != unemployment["reported_completion_pct"]  # NaN: text only


def test_next_plans_baseline_used_when_it_decides(db):  # noqa: F811
    jobs = _row(db, "jiangmen", "12th", "urban_new_jobs")
    assert (jobs["actual_raw"], jobs["actual_source"]) == ("[23.4]", "next_plan_baseline")
    assert jobs["actual_source_line"] == 214 and jobs["source_line"] == 133
    # the table's own (single-year as printed) 23.4 is kept as an alternative with its place
    assert jobs["alternatives"] == ["23.4 (actual, 000_d92a957b28094439.txt:133)"]


def test_table_actual_comes_before_the_next_plans_baseline(db):  # noqa: F811
    jobs = _row(db, "zhanjiang", "13th", "urban_new_jobs")
    assert (jobs["actual_raw"], jobs["actual_source"]) == ("[38.39]", "table")
    assert jobs["alternatives"] == ["[38.9] (baseline, 003_752116bdcc71a0d2.txt:187)"]


def test_prose_actual_when_no_table_gives_one(db):  # noqa: F811
    rate = _row(db, "jiangmen", "13th", "registered_unemployment_rate")
    assert (rate["actual_raw"], rate["actual_source"]) == ("2.36%", "prose")


def test_end_year_target_wins_over_intermediate_year(db):  # noqa: F811
    jobs = _row(db, "jiangmen", "13th", "urban_new_jobs")
    assert (jobs["target_raw"], jobs["target_year"]) == ("[22.5]", 2020)  # not the 2018 [13.5]


def test_table_target_wins_over_prose_restatement(db):  # noqa: F811
    rate = _row(db, "jiangmen", "13th", "registered_unemployment_rate")
    assert rate["target_raw"] == "3.2 以内"
    assert rate["target_alternatives"] == ["3.0%以内 (target, 004_95eefe6b59f03fdd.txt:2)"]


def test_district_and_off_plan_targets_are_not_scored(db):  # noqa: F811
    df = scorecard(db, "jiangmen", "12th")
    assert "4万人" not in set(df["target_raw"]) and "1.2万人" not in set(df["target_raw"])


def test_scorecard_rejects_unknown_ids(db):  # noqa: F811
    with pytest.raises(QueryError, match="jiangmen, jingdezhen, zhanjiang"):
        scorecard(db, "guangzhou", "13th")
    with pytest.raises(QueryError, match="12th, 13th, 14th"):
        scorecard(db, "jiangmen", "15th")


def test_scorecard_summary_counts(db):  # noqa: F811
    long = scorecard_summary(db)
    assert set(long.columns) == {"city_id", "plan_period", "status", "n"}
    wide = scorecard_summary(db, wide=True).set_index(["city_id", "plan_period"])
    for (city, period), expected in EXPECTED_SCORECARD.items():
        for status in STATUSES:
            assert wide.loc[(city, period), status] == sum(1 for value in expected.values() if value[0] == status)
        assert wide.loc[(city, period), "total"] == len(expected)
    assert len(long) == len(EXPECTED_SCORECARD) * len(STATUSES)
