"""The indicator picker of Compare and Trends (ui.pickers.indicator): a search over the precomputed
name table (`find=`) and a selectbox of at most INDICATOR_OPTIONS indicators, the chosen one always
among them — so a run sends the same few options to the browser with 300 indicators or 3,000 —, in
both languages, in presenter mode, with the view in the link."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from analytics import compare, dimensions
from analytics.db import Database, get_database
from analytics.schema import SEARCH_FIELDS
from tests.apptest_helpers import notices, open_app
from tests.fixture_dataset import machine_fixture_dir  # noqa: F401
from tests.synthetic import build as build_synthetic
from ui import share
from ui.components import indicator_labels
from ui.pickers import INDICATOR_OPTIONS

PAGES = ("compare", "trends")


def _link(at) -> str:
    """The link the page's Copy link button would copy (ui.chrome.share_view), from the run's filter values."""
    return "?" + share.canonical_query(share.link_values(at.session_state["_url_values_shown"]))


def _order(db: Database) -> list[str]:
    return list(compare.comparable_indicators(db)["indicator_id"])


@pytest.mark.parametrize("page", PAGES)
def test_the_picker_lists_a_few_indicators_and_says_how_to_find_the_others(page):
    at = open_app(page, lang="en")
    picker = at.selectbox(key="indicator")
    assert picker.value == "urban_new_jobs"
    total = len(_order(get_database()))
    assert total > INDICATOR_OPTIONS
    assert len(picker.options) == INDICATOR_OPTIONS
    assert f"{INDICATOR_OPTIONS} of {total} indicators listed" in " ".join(c.value for c in at.caption)
    assert at.text_input(key="find").label == "Find an indicator"


@pytest.mark.parametrize("lang,text,expected", [("en", "unemployment", "urban_registered_unemployment_rate"),
                                                 ("zh", "失业", "urban_registered_unemployment_rate"),
                                                 ("en", "Social insurance", "unemployment_insurance_insured")])
def test_a_search_lists_what_it_finds_in_names_and_categories(lang, text, expected):
    db = get_database()
    at = open_app("compare", lang=lang)
    at.text_input(key="find").input(text).run()
    found, total = compare.indicator_choices(db, text, limit=INDICATOR_OPTIONS, keep=["urban_new_jobs"])
    picker = at.selectbox(key="indicator")
    assert picker.value == "urban_new_jobs"  # the chosen indicator stays, first
    assert picker.options == list(indicator_labels(found, lang).values())
    assert 0 < total < len(_order(db)) and expected in set(found["indicator_id"])
    matching = dimensions.matching_indicator_ids(db, text, SEARCH_FIELDS)
    assert set(found["indicator_id"]) - {"urban_new_jobs"} <= set(matching)
    assert at.query_params["find"] == text
    picker.select(expected).run()
    assert at.selectbox(key="indicator").value == expected
    assert at.query_params["indicator"] == expected


def test_a_link_to_an_indicator_past_the_first_options_opens_it_and_the_shared_link_reopens_it():
    last = _order(get_database())[-1]
    at = open_app("trends", lang="zh", indicator=last, find="养老")
    assert at.selectbox(key="indicator").value == last
    assert not notices(at)
    link = _link(at)
    assert "find=%E5%85%BB%E8%80%81" in link and f"indicator={last}" in link
    params = {}
    for name, value in re.findall(r"([a-z_]+)=([^&]*)", link.lstrip("?")):
        params.setdefault(name, []).append(urllib.parse.unquote(value))
    again = open_app("trends", **{name: values if len(values) > 1 else values[0] for name, values in params.items()})
    assert again.selectbox(key="indicator").value == last
    assert again.text_input(key="find").value == "养老"


@pytest.mark.parametrize("page", PAGES)
def test_a_bad_indicator_in_a_link_is_noticed_and_the_default_shown(page):
    at = open_app(page, lang="en", indicator="no_such_indicator", find="x" * 150)
    assert at.selectbox(key="indicator").value == "urban_new_jobs"
    said = " ".join(notices(at))
    assert "indicator=no_such_indicator" in said and "find" in said


def test_a_search_that_finds_nothing_says_so_and_keeps_the_chosen_indicator():
    at = open_app("compare", lang="zh", indicator="urban_registered_unemployment_rate", find="没有这样的指标")
    assert at.selectbox(key="indicator").value == "urban_registered_unemployment_rate"
    assert len(at.selectbox(key="indicator").options) == 1
    assert "没有指标符合" in " ".join(c.value for c in at.caption)


def test_presenter_mode_keeps_the_search_and_the_chosen_indicator():
    at = open_app("compare", lang="en", present="1", indicator="urban_registered_unemployment_rate",
                  find="unemployment")
    assert at.selectbox(key="indicator").value == "urban_registered_unemployment_rate"
    assert at.text_input(key="find").value == "unemployment"
    assert "present=1" in _link(at)


@pytest.fixture(scope="module")
def many_indicators(machine_fixture_dir, tmp_path_factory):  # noqa: F811
    """The fixture with its indicators in 40 variants: more than the picker lists."""
    return build_synthetic(tmp_path_factory.mktemp("picker") / "2x40", 2, 40, source_dir=machine_fixture_dir)


@pytest.mark.parametrize("page", PAGES)
def test_with_many_indicators_a_run_still_sends_only_a_few(page, many_indicators, monkeypatch):
    monkeypatch.setenv("PLAN_DATA_DIR", str(many_indicators))
    db = Database(many_indicators)
    try:
        total = len(_order(db))
        variant = next(i for i in reversed(_order(db)) if "__v" in i)
        name = dimensions.indicator_names(db, "en")[variant]
    finally:
        db.close()
    assert total > 5 * INDICATOR_OPTIONS
    at = open_app(page, lang="en")
    assert len(at.selectbox(key="indicator").options) == INDICATOR_OPTIONS
    at.text_input(key="find").input(name).run()
    assert any(label.endswith(name) or f"{name} ·" in label for label in at.selectbox(key="indicator").options)
    at.selectbox(key="indicator").select(variant).run()
    assert at.selectbox(key="indicator").value == variant and at.query_params["indicator"] == variant
