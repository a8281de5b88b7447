"""Dimensions, coverage and headline figures on the fixture dataset."""

from __future__ import annotations

import pytest

from analytics import dimensions
from analytics.coverage import coverage, headline_figures
from analytics.errors import QueryError
from tests.fixture_dataset import db, fixture_dir, observation_rows  # noqa: F401


def test_cities_sorted_with_colours(db):  # noqa: F811
    cities = dimensions.cities(db)
    assert cities["city_id"].tolist() == ["jiangmen", "jingdezhen", "zhanjiang"]
    assert cities["color"].str.match(r"^#[0-9A-F]{6}$").all()
    assert dimensions.city_name(db, "jingdezhen", "zh") == "景德镇"
    assert dimensions.city_name(db, "jingdezhen", "en") == "Jingdezhen"
    assert dimensions.city_names(db, "en") == {"jiangmen": "Jiangmen", "jingdezhen": "Jingdezhen",
                                               "zhanjiang": "Zhanjiang"}
    with pytest.raises(QueryError, match="unknown city 'xian'; valid choices: jiangmen, jingdezhen, zhanjiang"):
        dimensions.city_name(db, "xian", "en")
    with pytest.raises(QueryError, match="zh, en"):
        dimensions.city_name(db, "jiangmen", "fr")


def test_plan_period_and_category_names(db):  # noqa: F811
    assert dimensions.categories(db)["category"].tolist()[:2] == ["employment", "social_insurance"]
    assert dimensions.categories(db)["sort_order"].is_monotonic_increasing
    assert dimensions.category_order(db) == dimensions.categories(db)["category"].tolist()
    assert dimensions.category_names(db)["employment"] == ("就业", "Employment")
    assert dimensions.category_name(db, "talent", "en") == "Talent"
    assert dimensions.plan_period_name(db, "14th", "zh") == "“十四五”"
    assert dimensions.plan_period_name(db, "14th", "en") == "14th Five-Year Plan"
    assert dimensions.plan_period_name(db, None, "zh") == "规划表外"
    assert dimensions.plan_period_name(db, float("nan"), "en") == "outside plan tables"
    assert list(dimensions.plan_period_names(db, "en")) == ["12th", "13th", "14th"]
    with pytest.raises(QueryError, match="unknown plan period '15th'; valid choices: 12th, 13th, 14th"):
        dimensions.plan_period_name(db, "15th", "en")
    with pytest.raises(QueryError, match="unknown category 'astrology'"):
        dimensions.category_name(db, "astrology", "zh")


def test_default_cities_are_all_when_few_else_the_first_with_data(db):  # noqa: F811
    every = dimensions.city_ids(db)
    assert dimensions.default_cities(db, ["zhanjiang"]) == every  # 3 cities <= DEFAULT_CITY_COUNT: all
    assert dimensions.default_cities(db, ["zhanjiang", "jiangmen"], n=1) == ["jiangmen"]  # display order
    assert dimensions.default_cities(db, ["jingdezhen", "zhanjiang", "jiangmen"], n=2) == ["jiangmen", "jingdezhen"]
    assert dimensions.default_cities(db, [], n=2) == ["jiangmen", "jingdezhen"]  # none with data: the first n


def test_plan_period_table(db):  # noqa: F811
    periods = dimensions.plan_periods(db)
    assert periods[["plan_period", "start_year", "end_year"]].values.tolist() == [
        ["12th", 2011, 2015], ["13th", 2016, 2020], ["14th", 2021, 2025]]
    assert dimensions.plan_period_span(db, "13th") == (2016, 2020)


def test_indicators_with_coverage(db):  # noqa: F811
    df = dimensions.indicators(db).set_index("indicator_id")
    jobs = df.loc["urban_new_jobs"]
    assert (jobs["category_zh"], jobs["category_en"], jobs["unit"]) == ("就业", "Employment", "万人")
    assert jobs["aliases_zh"] == ["城镇累计新增就业人数", "五年城镇新增就业人数"]
    assert (jobs["n_cities"], jobs["city_ids"]) == (3, ["jiangmen", "jingdezhen", "zhanjiang"])
    # inspection closure: Jiangmen's target is "—" (null), so only Zhanjiang has a value
    assert df.loc["inspection_closure_rate", "city_ids"] == ["zhanjiang"]
    assert dimensions.name(db, "urban_new_jobs", "zh") == "城镇新增就业人数"
    assert dimensions.name(df.reset_index(), "urban_new_jobs", "en") == "Urban new jobs"


def test_documents_and_quality_notes(db):  # noqa: F811
    docs = dimensions.documents(db)
    assert len(docs) == 5 and docs["source_file"].is_monotonic_increasing
    notes = dimensions.quality_notes(db)
    assert notes.loc[0, "indicator_id"] == "urban_new_jobs" and len(notes.loc[0, "obs_ids"]) == 2


def test_coverage_counts_non_null_values(db):  # noqa: F811
    df = coverage(db)
    rows = observation_rows()
    # every fixture row is counted once in n_rows, every non-null value once in n_values
    assert df["n_rows"].sum() == len(rows)
    assert df["n_values"].sum() == sum(1 for row in rows if row["value"] is not None)
    key = df.set_index(["city_id", "plan_period", "category", "value_kind"])
    # Jiangmen 13th labour relations targets: >60, >90 and — : 2 values, 3 rows
    cell = key.loc[("jiangmen", "13th", "labour_relations", "target")]
    assert (cell["n_values"], cell["n_indicators"], cell["n_rows"]) == (2, 2, 3)
    assert df["plan_period"].isna().any()  # the 2014-2015 pilot is outside any plan table


def test_headline_figures_are_derived_from_data(db):  # noqa: F811
    zh = headline_figures(db, "zh").set_index("city_id")
    assert zh.loc["jiangmen", "n_documents"] == 3 and zh.loc["zhanjiang", "n_documents"] == 1
    assert zh.loc["zhanjiang", "plan_periods"] == ["13th", "14th"]
    assert zh.loc["zhanjiang", "plan_periods_label"] == "“十三五”、“十四五”"
    # latest urban new jobs: Jiangmen's 2020 work report (single year) over older totals
    assert (zh.loc["jiangmen", "latest_value"], zh.loc["jiangmen", "latest_year"]) == (4.59, 2020)
    assert zh.loc["jiangmen", "latest_raw"] == "4.59万人"
    # Zhanjiang 2020: the 13th plan's actual [38.39] before the 14th plan's base [38.9]
    assert (zh.loc["zhanjiang", "latest_raw"], zh.loc["zhanjiang", "latest_kind"]) == ("[38.39]", "actual")
    targets = sum(1 for row in observation_rows()
                  if row["city_id"] == "zhanjiang" and row["value_kind"] == "target" and row["value"] is not None)
    assert zh.loc["zhanjiang", "n_targets"] == targets
    en = headline_figures(db, "en")
    assert en["city"].tolist() == ["Jiangmen", "Jingdezhen", "Zhanjiang"]
    with pytest.raises(QueryError, match="zh, en"):
        headline_figures(db, "fr")


def test_search_indicators_matches_names_and_source_aliases(db):  # noqa: F811
    from analytics.dimensions import indicators, search_indicators

    assert len(search_indicators(db, "")) == len(indicators(db))
    every = indicators(db).to_dict("records")
    alias_owner = next(row for row in every if row["aliases_zh"])
    found = search_indicators(db, alias_owner["aliases_zh"][0])
    assert alias_owner["indicator_id"] in set(found["indicator_id"])
    english = search_indicators(db, alias_owner["name_en"].upper())
    assert alias_owner["indicator_id"] in set(english["indicator_id"])
    assert search_indicators(db, "no such indicator anywhere").empty
