"""Comparing cities and following an indicator over time, on the fixture dataset."""

from __future__ import annotations

import pytest

from analytics.compare import comparable_indicators, compare_cities
from analytics.errors import QueryError
from analytics.trend import trend
from tests.fixture_dataset import db, fixture_dir  # noqa: F401


def _by_city_year(result):
    return {(row["city_id"], row["year"]): row for row in result.rows.to_dict("records")}


def test_compare_rows_are_city_level_one_per_city_and_year(db):  # noqa: F811
    result = compare_cities(db, "urban_new_jobs", ["jiangmen", "jingdezhen", "zhanjiang"], "13th", "target")
    rows = _by_city_year(result)
    assert set(rows) == {("jiangmen", 2018), ("jiangmen", 2020), ("jingdezhen", 2020), ("zhanjiang", 2020)}
    assert list(result.rows["city_id"]) == ["jiangmen", "jiangmen", "jingdezhen", "zhanjiang"]  # display order
    assert result.rows["display_value"].tolist() == result.rows["value"].tolist()
    assert not result.rows["annual_average_applied"].any()
    zhanjiang = rows[("zhanjiang", 2020)]
    assert (zhanjiang["raw_text"], zhanjiang["source_line"], zhanjiang["unit"]) == ("[37.5]", 105, "万人")
    assert zhanjiang["quote"] and zhanjiang["source_file"] == "003_752116bdcc71a0d2.txt"


def test_compare_annual_average_divides_totals_by_their_years(db):  # noqa: F811
    result = compare_cities(db, "urban_new_jobs", None, "13th", "target", annual_average=True)
    rows = _by_city_year(result)
    assert rows[("zhanjiang", 2020)]["display_value"] == pytest.approx(7.5)  # [37.5] / 5
    assert rows[("jiangmen", 2018)]["display_value"] == pytest.approx(4.5)  # [13.5] over 2016-2018 / 3
    assert rows[("jingdezhen", 2020)]["display_value"] == pytest.approx(2.31)  # a single year stays
    assert rows[("jingdezhen", 2020)]["annual_average_applied"] is False
    assert rows[("zhanjiang", 2020)]["annual_average_applied"] is True
    assert "Zhanjiang's value [37.5] is a 2016–2020 total shown as an annual average (÷5)." in result.notes
    zh = compare_cities(db, "urban_new_jobs", None, "13th", "target", annual_average=True, lang="zh")
    assert "湛江的[37.5]为2016—2020年累计数，已折算为年均值（÷5）。" in zh.notes


def test_compare_warns_when_totals_and_single_years_are_mixed(db):  # noqa: F811
    plain = compare_cities(db, "urban_new_jobs", None, "13th", "target")
    assert any("not directly comparable" in note for note in plain.notes)
    averaged = compare_cities(db, "urban_new_jobs", None, "13th", "target", annual_average=True)
    assert not any("not directly comparable" in note for note in averaged.notes)


def test_change_from_baseline_only_on_the_same_basis(db):  # noqa: F811
    plain = _by_city_year(compare_cities(db, "urban_new_jobs", None, "13th", "target"))
    # [22.5] vs the 2011-2015 total [23.4]: both five-year totals
    assert plain[("jiangmen", 2020)]["change_from_baseline_pct"] == pytest.approx((22.5 - 23.4) / 23.4 * 100)
    # [13.5] covers three years, the base five: not comparable as totals
    assert plain[("jiangmen", 2018)]["change_from_baseline_pct"] != plain[("jiangmen", 2018)][
        "change_from_baseline_pct"]
    assert plain[("jingdezhen", 2020)]["change_from_baseline_pct"] == pytest.approx(0.0)
    assert plain[("zhanjiang", 2020)]["baseline_value"] != plain[("zhanjiang", 2020)]["baseline_value"]  # none
    averaged = _by_city_year(compare_cities(db, "urban_new_jobs", None, "13th", "target", annual_average=True))
    assert averaged[("jiangmen", 2018)]["change_from_baseline_pct"] == pytest.approx((4.5 - 4.68) / 4.68 * 100)


def test_compare_notes_missing_cities_bounds_and_text_values(db):  # noqa: F811
    result = compare_cities(db, "mediation_success_rate", None, "13th", "target")
    assert "Jingdezhen has no target value of Dispute mediation success rate in the 13th Five-Year Plan." \
        in result.notes
    assert any(">60 is a bound" in note for note in result.notes)
    text = compare_cities(db, "inspection_closure_rate", ["jiangmen"], "13th", "target")
    assert text.rows["value"].isna().all() and text.rows["raw_text"].tolist() == ["—"]
    assert any("no number in the source: —" in note for note in text.notes)


def test_compare_outside_plan_tables_and_reported_completion(db):  # noqa: F811
    pilot = compare_cities(db, "urban_new_jobs", ["jiangmen"], None, "target")
    assert pilot.rows["raw_text"].tolist() == ["4万人"]  # the district row 1.2万人 is left out
    reported = compare_cities(db, "urban_new_jobs", ["zhanjiang"], "13th", "reported_completion_pct")
    assert reported.rows["unit"].tolist() == ["%"] and reported.rows["value"].tolist() == [102.36]


@pytest.mark.parametrize(
    ("args", "field", "choice"),
    [
        (("no_such_indicator", ["jiangmen"], "13th", "target"), "indicator", "urban_new_jobs"),
        (("urban_new_jobs", ["beijing"], "13th", "target"), "city", "zhanjiang"),
        (("urban_new_jobs", ["jiangmen"], "11th", "target"), "plan period", "14th"),
        (("urban_new_jobs", ["jiangmen"], "13th", "forecast"), "value kind", "reported_completion_pct"),
    ],
)
def test_compare_rejects_unknown_ids_listing_the_choices(db, args, field, choice):  # noqa: F811
    with pytest.raises(QueryError) as caught:
        compare_cities(db, *args)
    assert caught.value.field == field and choice in caught.value.choices
    assert f"unknown {field}" in str(caught.value) and choice in str(caught.value)


def test_comparable_indicators_put_multi_city_first_grouped_by_category(db):  # noqa: F811
    df = comparable_indicators(db)
    flags = df["multi_city"].tolist()
    assert flags == sorted(flags, reverse=True)
    multi = df[df["multi_city"]]
    assert set(multi["indicator_id"]) >= {"urban_new_jobs", "registered_unemployment_rate"}
    assert (multi["n_cities"] >= 2).all() and (df.loc[~df["multi_city"], "n_cities"] == 1).all()
    categories = multi["category"].tolist()
    assert categories == sorted(categories, key=lambda c: [
        "employment", "social_insurance", "talent", "skills_training", "labour_relations", "wages",
        "public_service", "personnel"].index(c))
    jobs = df.set_index("indicator_id").loc["urban_new_jobs"]
    assert list(jobs["city_ids"]) == ["jiangmen", "jingdezhen", "zhanjiang"]


# ---- trend -------------------------------------------------------------------------------------

def test_trend_series_and_spans(db):  # noqa: F811
    result = trend(db, "urban_new_jobs", ["zhanjiang"])
    rows = result.rows
    assert rows[["year", "series", "raw_text"]].values.tolist() == [
        [2020, "actual", "[38.39]"], [2020, "target", "[37.5]"], [2020, "baseline", "[38.9]"],
        [2025, "target", "[25.0]"],
    ]
    assert result.spans["plan_period"].tolist() == ["13th", "14th"]
    assert {"source_file", "source_line", "quote", "period_start", "period_end"} <= set(rows.columns)


def test_trend_all_cities_annual_average_and_text_values(db):  # noqa: F811
    result = trend(db, "urban_new_jobs", annual_average=True)
    assert set(result.rows["city_id"]) == {"jiangmen", "jingdezhen", "zhanjiang"}
    assert "1.2万人" not in set(result.rows["raw_text"])  # the district breakdown stays out
    zhanjiang = result.rows[(result.rows["city_id"] == "zhanjiang") & (result.rows["series"] == "actual")]
    assert zhanjiang["display_value"].tolist() == pytest.approx([38.39 / 5])
    assert result.spans["plan_period"].tolist() == ["12th", "13th", "14th"]
    mediation = trend(db, "mediation_success_rate", ["jiangmen"])
    assert "—" not in set(mediation.rows["raw_text"])
    assert any("1 value(s) without a number" in note for note in mediation.notes)


def test_trend_rejects_unknown_ids(db):  # noqa: F811
    with pytest.raises(QueryError, match="valid choices"):
        trend(db, "urban_new_jobs", ["shenzhen"])
    with pytest.raises(QueryError, match="unknown indicator"):
        trend(db, "nope")
    with pytest.raises(QueryError, match="unknown series"):
        trend(db, "urban_new_jobs", series=["forecast"])


def test_a_plans_own_target_is_compared_and_an_annual_one_listed_with_it():
    """江门's 2020 work report restates the year's control target 控制在3.0%以内 (004:2, target_scope annual)
    beside the 13th plan's own 3.2 %以内 (000:216): the plan's target is compared, the annual one noted."""
    from analytics import paths
    from analytics.db import Database

    database = Database(paths.data_dir())  # the committed data, read from the five sources
    try:
        result = compare_cities(database, "urban_registered_unemployment_rate", ["jiangmen"], "13th", "target")
    finally:
        database.close()
    (row,) = result.rows[result.rows["year"] == 2020].to_dict("records")
    assert (row["value"], row["comparator"], row["source_file"]) == (3.2, "<=", "000_d92a957b28094439.txt")
    assert any("3.0%以内 (annual target) (004_95eefe6b59f03fdd.txt:2)" in other for other in row["other_values"])
    assert any("the annual target" in note and "004_95eefe6b59f03fdd.txt:2" in note for note in result.notes)
