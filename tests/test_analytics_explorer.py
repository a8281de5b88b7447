"""The data explorer's filters, search and sort, on the fixture dataset."""

from __future__ import annotations

import pytest

from analytics import sql
from analytics.errors import QueryError
from analytics.explorer import ExplorerFilter, escape_like, filter_observations, filter_options
from analytics.schema import OBSERVATIONS
from tests.fixture_dataset import db, fixture_dir, observation_rows  # noqa: F401

ROWS = observation_rows()


def _ids(df) -> set[str]:
    return set(df["obs_id"])


def _expected(predicate) -> set[str]:
    return {row["obs_id"] for row in ROWS if predicate(row)}


def test_no_filter_returns_every_row_with_names(db):  # noqa: F811
    df = filter_observations(db, ExplorerFilter())
    assert len(df) == len(ROWS) and _ids(df) == _expected(lambda row: True)
    assert set(OBSERVATIONS.names) | {"name_zh", "name_en", "category"} <= set(df.columns)
    assert filter_observations(db).equals(df)


@pytest.mark.parametrize(
    ("selection", "predicate"),
    [
        (ExplorerFilter(city_ids=["zhanjiang"]), lambda r: r["city_id"] == "zhanjiang"),
        (ExplorerFilter(city_ids=["jiangmen", "jingdezhen"], value_kinds=["target"]),
         lambda r: r["city_id"] != "zhanjiang" and r["value_kind"] == "target"),
        (ExplorerFilter(plan_periods=["none"]), lambda r: r["plan_period"] is None),
        (ExplorerFilter(plan_periods=["12th", "14th"]), lambda r: r["plan_period"] in ("12th", "14th")),
        (ExplorerFilter(districts=["蓬江区"]), lambda r: r["district"] == "蓬江区"),
        (ExplorerFilter(include_district_rows=False), lambda r: r["district"] is None),
        (ExplorerFilter(categories=["labour_relations"]),
         lambda r: r["indicator_id"] in {"labour_contract_rate", "mediation_success_rate",
                                         "arbitration_closure_rate", "inspection_closure_rate",
                                         "wage_arrears_cases"}),
        (ExplorerFilter(indicator_ids=["urban_new_jobs"], year_min=2016, year_max=2020),
         lambda r: r["indicator_id"] == "urban_new_jobs" and 2016 <= r["year"] <= 2020),
        (ExplorerFilter(attributes=["binding"]), lambda r: r["attribute"] == "binding"),
        (ExplorerFilter(attributes=["none"], city_ids=["zhanjiang"]),
         lambda r: r["attribute"] is None and r["city_id"] == "zhanjiang"),
        (ExplorerFilter(value_kinds=["reported_completion_pct"]),
         lambda r: r["value_kind"] == "reported_completion_pct"),
    ],
)
def test_filters_select_exactly_the_matching_rows(db, selection, predicate):  # noqa: F811
    df = filter_observations(db, selection)
    assert _ids(df) == _expected(predicate)
    assert len(df) == len(_ids(df))


@pytest.mark.parametrize(
    ("text", "predicate"),
    [
        ("以内", lambda r: "以内" in r["raw_text"] or "以内" in r["quote"]),
        ("urban NEW", lambda r: r["indicator_id"] == "urban_new_jobs"),  # English name, any case
        ("五年城镇新增就业人数", lambda r: r["indicator_id"] == "urban_new_jobs"),  # an alias
        ("98.60", lambda r: r["raw_text"] == "98.60"),
        ("2.36%", lambda r: "2.36%" in r["quote"]),  # % is literal, not a wildcard
        ("%", lambda r: "%" in r["raw_text"] or "%" in r["quote"]),
        ("_", lambda r: False),  # _ is literal: nothing in the fixture's text has one
        ("  ", lambda r: True),  # blank search = no search
    ],
)
def test_text_search_is_literal_and_covers_names_aliases_raw_text_quote(db, text, predicate):  # noqa: F811
    assert _ids(filter_observations(db, ExplorerFilter(text=text))) == _expected(predicate)


def test_escape_like():
    assert escape_like("5%_a\\b") == "%5\\%\\_a\\\\b%"


def test_sort_is_whitelisted_and_stable(db):  # noqa: F811
    ascending = filter_observations(db, ExplorerFilter(sort="value"))
    values = ascending["value"].dropna().tolist()
    assert values == sorted(values)
    assert ascending["value"].isna().sum() and ascending["value"].tail(1).isna().all()  # nulls last
    descending = filter_observations(db, ExplorerFilter(sort="-year"))
    assert descending["year"].tolist() == sorted(descending["year"], reverse=True)
    again = filter_observations(db, ExplorerFilter(sort="-year"))
    assert again["obs_id"].tolist() == descending["obs_id"].tolist()
    by_source = filter_observations(db, ExplorerFilter(sort="source"))
    pairs = list(zip(by_source["source_file"], by_source["source_line"], strict=True))
    assert pairs == sorted(pairs)
    with pytest.raises(QueryError, match="unknown sort key 'value; DROP TABLE observations'"):
        filter_observations(db, ExplorerFilter(sort="value; DROP TABLE observations"))
    with pytest.raises(KeyError):
        sql.explorer_sql("o.value")


@pytest.mark.parametrize(
    ("selection", "field"),
    [
        (ExplorerFilter(city_ids=["foshan"]), "city"),
        (ExplorerFilter(plan_periods=["11th"]), "plan period"),
        (ExplorerFilter(indicator_ids=["gdp"]), "indicator"),
        (ExplorerFilter(value_kinds=["estimate"]), "value kind"),
        (ExplorerFilter(categories=["housing"]), "category"),
        (ExplorerFilter(districts=["海珠区"]), "district"),
        (ExplorerFilter(attributes=["mandatory"]), "attribute"),
        (ExplorerFilter(year_min="twenty"), "year_min"),
    ],
)
def test_bad_filters_raise_listing_valid_choices(db, selection, field):  # noqa: F811
    with pytest.raises(QueryError) as caught:
        filter_observations(db, selection)
    assert caught.value.field == field and "valid choices" in str(caught.value)


def test_filter_options(db):  # noqa: F811
    options = filter_options(db)
    assert options["city_ids"] == ["jiangmen", "jingdezhen", "zhanjiang"]
    assert options["districts"] == ["蓬江区"]
    assert options["plan_periods"] == ["12th", "13th", "14th", "none"]
    assert options["value_kinds"] == ["target", "actual", "baseline", "reported_completion_pct",
                                       "target_growth_pct"]
    assert (options["year_min"], options["year_max"]) == (2015, 2025)
    assert "urban_new_jobs" in options["indicator_ids"] and "-year" in options["sort"]
