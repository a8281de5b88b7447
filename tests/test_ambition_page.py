"""The Ambition page through AppTest: the shared indicators of a plan period, each city's pace
sorted, a verdict, the tables, URL state, both languages, presenter mode, empty states."""

from __future__ import annotations

import html
import json
import re

import pytest

from tests.apptest_helpers import notices, open_app, shown, texts


def _chart(at):
    return json.loads(at.get("plotly_chart")[0].proto.spec)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_default_view_ranks_the_cities_on_a_shared_indicator(lang):
    at = open_app("ambition", lang=lang, indicator="unemployment_insurance_insured")
    content = texts(at)
    verdict = ("失业保险参保人数：江门的目标最积极（增幅最大），+1.37 %/年（复合增速）；"
               "其后为景德镇 +0.58 %/年（复合增速）。"
               if lang == "zh" else "Unemployment insurance, insured persons: Jiangmen plans the fastest rise, "
               "+1.37 %/yr (compound); then Jingdezhen +0.58 %/yr (compound).")
    assert verdict in content
    bars = _chart(at)["data"][0]
    assert bars["y"] == (["景德镇", "江门"] if lang == "zh" else ["Jingdezhen", "Jiangmen"])  # top: most ambitious
    unit = "%/年（复合增速）" if lang == "zh" else "%/yr (compound)"
    assert bars["text"] == [f"+0.58 {unit}", f"+1.37 {unit}"]  # 13.6 -> 14 (001:112), 74.72 -> 80 (000:219)
    assert at.dataframe[0].value.shape[0] == 2  # the chart's rows as a table
    assert at.dataframe[1].value.shape[0] > 20  # every 13th-plan target with a baseline
    assert at.query_params["indicator"] == "unemployment_insurance_insured"


def test_lower_is_better_ranks_the_steepest_fall_first():
    from analytics import pace
    from analytics.db import get_database

    db = get_database()
    shared = pace.shared_paces(pace.pace_cities(db, "13th"))
    ranked = pace.ambition(shared.assign(direction="lower_better"), "unemployment_insurance_insured")
    assert list(ranked["city_id"]) == ["jingdezhen", "jiangmen"]


def test_a_period_without_shared_indicators_says_so_and_still_lists_the_paces():
    at = open_app("ambition", period="14th", lang="en")
    assert "no indicator has a baseline and a target for two or more cities" in texts(at)
    assert not at.get("plotly_chart")
    from analytics import pace
    from analytics.db import get_database

    # Zhanjiang's 14th-plan targets of its own (not the annual ones) with a baseline.
    assert at.dataframe[0].value.shape[0] == len(pace.pace(get_database(), "zhanjiang", "14th")) > 10


def test_presenter_mode_leads_with_the_sentence():
    at = open_app("ambition", present="1", lang="en", indicator="work_injury_insurance_insured")
    # The verdict is the page's title; the chart's sentence is the line under it.
    assert shown(at.title[0].value).startswith("Work-injury insurance, insured persons: Jiangmen plans the fastest "
                                               "rise")
    under = [html.unescape(re.sub(r"<[^>]+>", "", element.value)) for element in at.markdown
             if "chart-sentence" in element.value]
    assert under == ["Work-injury insurance, insured persons: the pace each city's 13th Five-Year Plan target asks for"]
    assert len(at.dataframe) == 1  # the chart's table stays; the long list does not


def test_bad_link_values_are_noticed_and_the_page_still_renders():
    at = open_app("ambition", period="16th", indicator="urban_new_jobs", city=["jiangmen", "jingdezhen", "atlantis"])
    invalid = "已忽略链接参数中的无效取值："
    assert set(notices(at)) == {f"{invalid}{part}" for part in ("period=16th", "indicator=urban_new_jobs",
                                                                   "city=atlantis")}
    assert at.get("plotly_chart")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chosen_city_without_a_pace_gets_a_note_saying_why(lang):
    # Zhanjiang is chosen by default; its 13th plan sets targets for these but states no baseline.
    at = open_app("ambition", lang=lang, indicator="unemployment_insurance_insured")
    captions = [shown(c.value) for c in at.caption]
    expected = ("湛江没有可比的速度：有目标但没有基期值。" if lang == "zh"
                else "No pace for Zhanjiang: a target but no baseline.")
    assert expected in captions
    at = open_app("ambition", lang=lang, indicator="maternity_insurance_insured")
    captions = [shown(c.value) for c in at.caption]
    expected = ("湛江没有可比的速度：规划未设该指标。" if lang == "zh"
                else "No pace for Zhanjiang: the plan sets no figure for this indicator.")
    assert expected in captions
    # A ranked city gets no such note.
    assert not [c for c in captions if ("Jiangmen" in c or "江门" in c) and ("No pace" in c or "没有可比" in c)]


def test_a_pace_against_the_indicator_is_worded_so_in_the_ranking_table():
    from analytics import pace
    from analytics.db import get_database
    from ui.components import pace_table

    db = get_database()
    shared = pace.shared_paces(pace.pace_cities(db, "13th"))
    # As if the indicator's good direction were down: both cities plan a rise against it.
    ranked = pace.ambition(shared.assign(direction="lower_better"), "unemployment_insurance_insured")
    table = pace_table(ranked, {"jiangmen": "Jiangmen", "jingdezhen": "Jingdezhen"}, "en")
    assert list(table["Required pace"]) == ["+0.58 %/yr (compound) (plans a rise)",
                                            "+1.37 %/yr (compound) (plans a rise)"]
    ranked = pace.ambition(shared, "unemployment_insurance_insured")
    assert list(pace_table(ranked, {"jiangmen": "江门", "jingdezhen": "景德镇"}, "zh")["所需速度"]) == [
        "+1.37 %/年（复合增速）", "+0.58 %/年（复合增速）"]


def test_an_extreme_pace_carries_a_note_stating_the_rule():
    at = open_app("ambition", lang="en")
    table = at.dataframe[-1].value
    notes = table.loc[table["Baseline (as written)"].eq("9 (2015)"), "Note (English)"].tolist()
    assert notes and all(n.startswith("an extreme pace (beyond ±50 %/yr (compound))") for n in notes), notes


@pytest.fixture(scope="module")
def two_copies(tmp_path_factory):
    from tests import synthetic

    return synthetic.build(tmp_path_factory.mktemp("ambition_synthetic"), 2, 1)


def test_extreme_paces_warn_and_cities_without_a_pace_share_one_note(two_copies, monkeypatch):
    # Fictional copies of the real cities (tests/synthetic.py): each copy's figures within ±10 %.
    monkeypatch.setenv("PLAN_DATA_DIR", str(two_copies))
    cities = ["jiangmen", "jiangmen_s1", "zhanjiang", "zhanjiang_s1"]
    at = open_app("ambition", lang="en", period="13th", indicator="high_level_innovation_talents", city=cities)
    warnings = [shown(w.value) for w in at.warning]
    assert len(warnings) == 1
    assert warnings[0].startswith("An extreme pace (beyond ±50 %/yr (compound)): Jiangmen +84.99 %/yr (compound) "
                                  "(9 → 195) and Jiangmen (synthetic 1) +")
    assert "check the sources" in warnings[0]
    # Both copies of Zhanjiang lack a pace for the same reason: one note names them both.
    notes = [shown(c.value) for c in at.caption if "No pace" in shown(c.value)]
    assert notes == ["No pace for Zhanjiang and Zhanjiang (synthetic 1): the plan sets no figure for this "
                     "indicator."]
    # An ordinary pace draws no warning.
    at = open_app("ambition", lang="en", period="13th", indicator="unemployment_insurance_insured", city=cities)
    assert not at.warning
