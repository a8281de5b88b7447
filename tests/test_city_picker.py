"""The city pickers (ui.pickers.cities and city) with many cities: a search over the cities' names and
provinces in both languages (`city_find=`, `peer_find=`) and a list of the first CITY_OPTIONS cities it
finds plus the chosen ones, so a run does not send thousands of names to the browser (issue 25); with
the real data's three cities the pickers list them all, without a search box, as before.

The many-city cases run on a fictional generation from tests.synthetic (copies of the real cities,
plainly named "synthetic", in fictional provinces of ten cities)."""

from __future__ import annotations

import pytest

from analytics import dimensions
from analytics.db import Database, get_database
from tests import synthetic
from tests.apptest_helpers import notices, open_app
from ui.pickers import CITY_OPTIONS
from ui.text import md_literal

# (page, the multiselect's URL name): every page with a picker of several cities.
MULTI = (("compare", "city"), ("trends", "city"), ("ambition", "city"), ("scorecard", "peer"), (None, "city"))
COPIES = CITY_OPTIONS // 3 + 2  # three real cities per copy: a few more cities than the pickers list


def _captions(at) -> str:
    return " ".join(caption.value for caption in at.caption)


def _search_keys(at) -> set[str]:
    return {box.key for box in at.text_input} & {"city_find", "peer_find", "doc_city_find"}


# ---- the real data: three cities, the pickers as they were ---------------------------------------

@pytest.mark.parametrize("page,name", MULTI)
def test_with_three_cities_every_city_is_listed_and_there_is_no_search(page, name):
    names = dimensions.city_names(get_database(), "en")
    at = open_app(page, lang="en")
    assert at.multiselect(key=name).options == list(names.values())
    assert not _search_keys(at)
    assert "cities listed" not in _captions(at)


def test_with_three_cities_the_scorecard_city_lists_every_city():
    names = dimensions.city_names(get_database(), "zh")
    at = open_app("scorecard", lang="zh")
    assert at.selectbox(key="city").options == list(names.values())
    assert not _search_keys(at)


def test_the_search_looks_through_names_and_provinces_in_both_languages():
    db = get_database()
    assert dimensions.city_choices(db, "guangdong", limit=10) == (["jiangmen", "zhanjiang"], 2)
    assert dimensions.city_choices(db, "广东", limit=1) == (["jiangmen"], 2)
    assert dimensions.city_choices(db, "景德", limit=10) == (["jingdezhen"], 1)
    assert dimensions.city_choices(db, " JIANGMEN ", limit=10) == (["jiangmen"], 1)
    # The chosen cities stay, in display order, whatever the search finds; `among` restricts both.
    assert dimensions.city_choices(db, "jingdezhen", limit=10, keep=["zhanjiang", "nowhere"]) == (
        ["jingdezhen", "zhanjiang"], 1)
    assert dimensions.city_choices(db, None, limit=1, keep=["zhanjiang"]) == (["jiangmen", "zhanjiang"], 3)
    assert dimensions.city_choices(db, "", limit=10, among=["zhanjiang"]) == (["zhanjiang"], 1)
    # A match never runs across two fields (a city's name and its province's).
    assert dimensions.city_choices(db, "jiangmen\nguangdong", limit=10) == ([], 0)


# ---- many cities ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def many_cities(tmp_path_factory):
    return synthetic.build(tmp_path_factory.mktemp("cities") / f"{COPIES}x1", COPIES, 1)


@pytest.fixture(scope="module")
def order(many_cities) -> list[str]:
    db = Database(many_cities)
    try:
        return dimensions.city_ids(db)
    finally:
        db.close()


@pytest.fixture
def many(many_cities, monkeypatch):
    monkeypatch.setenv("PLAN_DATA_DIR", str(many_cities))
    return many_cities


def _names(data_dir, lang: str) -> dict[str, str]:
    db = Database(data_dir)
    try:
        return dimensions.city_names(db, lang)
    finally:
        db.close()


@pytest.mark.parametrize("page,name", MULTI)
def test_with_many_cities_a_run_lists_only_the_first_and_the_chosen(page, name, many, order):
    assert len(order) > CITY_OPTIONS
    at = open_app(page, lang="en")
    picker = at.multiselect(key=name)
    assert len(picker.options) <= CITY_OPTIONS + len(picker.value) and len(picker.options) < len(order)
    names = _names(many, "en")
    first = order[:CITY_OPTIONS]
    assert picker.options == [names[city] for city in order if city in set(first) | set(picker.value)]
    assert at.text_input(key=f"{name}_find").label == "Find a city"
    assert f"{CITY_OPTIONS} of {len(order):,} matching cities listed" in _captions(at)


def test_a_search_narrows_the_list_and_a_city_it_finds_can_be_chosen(many, order):
    names = _names(many, "zh")
    at = open_app("compare", lang="zh")
    chosen = list(at.multiselect(key="city").value)
    at.text_input(key="city_find").input("虚构省 7").run()
    db = Database(many)
    try:
        found, total = dimensions.city_choices(db, "虚构省 7", limit=CITY_OPTIONS, keep=chosen)
        cities = dimensions.cities(db)
    finally:
        db.close()
    province = list(cities.loc[cities["province_zh"] == "虚构省 7", "city_id"])
    assert 0 < total == len(province) < CITY_OPTIONS
    assert found == [city for city in order if city in set(province) | set(chosen)]
    assert at.multiselect(key="city").options == [names[city] for city in found]
    assert f"{total} 个城市符合" in _captions(at)
    assert at.query_params["city_find"] == "虚构省 7"
    at.multiselect(key="city").select(province[-1]).run()
    assert at.multiselect(key="city").value == [*chosen, province[-1]]
    # Another search: the chosen cities stay chosen and listed.
    at.text_input(key="city_find").input("Synthetic province 2").run()
    assert at.multiselect(key="city").value == [*chosen, province[-1]]
    assert names[province[-1]] in at.multiselect(key="city").options
    assert list(at.query_params["city"]) == [*chosen, province[-1]]


def test_the_search_reads_english_names_too(many, order):
    names = _names(many, "en")
    last = order[-1]
    at = open_app("trends", lang="en", city_find=names[last])
    assert names[last] in at.multiselect(key="city").options
    assert len(at.multiselect(key="city").options) <= 1 + len(at.multiselect(key="city").value)


@pytest.mark.parametrize("page", ("compare", "ambition", None))
def test_a_link_to_cities_past_the_first_ones_selects_exactly_those(page, many, order):
    wanted = [order[-1], order[CITY_OPTIONS + 1]]
    at = open_app(page, lang="en", city=wanted, city_find="Jingdezhen")
    picker = at.multiselect(key="city")
    assert set(picker.value) == set(wanted) and len(picker.value) == 2
    assert not notices(at)
    jingdezhen = [city for city, label in _names(many, "en").items() if "Jingdezhen" in label]
    assert set(wanted).isdisjoint(jingdezhen) and set(wanted).isdisjoint(order[:CITY_OPTIONS])
    assert len(picker.options) == min(len(jingdezhen), CITY_OPTIONS) + 2


def test_the_scorecard_city_and_its_peers_each_have_their_search(many, order):
    names = _names(many, "en")
    last = order[-1]
    at = open_app("scorecard", lang="en", city=last, peer=order[-2])
    assert at.selectbox(key="city").value == last
    assert at.multiselect(key="peer").value == [order[-2]]
    assert not notices(at)
    assert _search_keys(at) == {"city_find", "peer_find"}
    assert len(at.selectbox(key="city").options) <= CITY_OPTIONS + 1
    at.text_input(key="city_find").input(names[order[-3]]).run()
    assert at.selectbox(key="city").value == last
    assert names[order[-3]] in at.selectbox(key="city").options
    at.selectbox(key="city").select(order[-3]).run()
    assert at.selectbox(key="city").value == order[-3] and at.query_params["city"] in (order[-3], [order[-3]])


def test_a_search_that_finds_nothing_says_so_literally_and_keeps_the_chosen(many, order):
    text = "*no* [such](http://127.0.0.9:9/) city"
    at = open_app("compare", lang="en", city=order[-1], city_find=text)
    picker = at.multiselect(key="city")
    assert picker.value == [order[-1]]
    assert len(picker.options) == 1
    caption = next(c.value for c in at.caption if "No city matches" in c.value)
    assert caption == "No city matches “" + md_literal(text) + "”."


# ---- the filters where no city means every city: the Explorer's and the Sources page's documents' ---------

FILTERS = (("explorer", "city"), ("sources", "doc_city"))


@pytest.mark.parametrize("page,name", FILTERS)
def test_a_city_filter_with_three_cities_lists_them_all_without_a_search(page, name):
    names = dimensions.city_names(get_database(), "en")
    at = open_app(page, lang="en")
    assert at.multiselect(key=name).options == list(names.values()) and at.multiselect(key=name).value == []
    assert not _search_keys(at)


@pytest.mark.parametrize("page,name", FILTERS)
def test_a_city_filter_with_many_cities_lists_the_first_and_a_link_keeps_any_city(page, name, many, order):
    at = open_app(page, lang="en")
    picker = at.multiselect(key=name)
    assert picker.value == [] and len(picker.options) == CITY_OPTIONS
    assert _search_keys(at) == {f"{name}_find"}
    wanted = [order[-1]]
    at = open_app(page, lang="en", **{name: wanted, f"{name}_find": "no such city"})
    assert at.multiselect(key=name).value == wanted and len(at.multiselect(key=name).options) == 1
    assert not notices(at)
