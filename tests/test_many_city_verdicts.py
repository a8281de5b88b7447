"""Verdicts for any number of cities (issue 24): at most three cities named (the leader, the
reader's city, the laggard), the rest counted; notes that would repeat per city merged; the
ambition verdict worded in the indicator's direction."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analytics import compare, dimensions, labels, pace, trend, verdicts
from analytics.db import get_database


def test_at_most_three_cities_are_named_and_the_rest_counted():
    ranked = [f"c{i}" for i in range(30)]
    assert labels.named_cities(ranked, "c7") == ["c0", "c7", "c29"]
    assert labels.named_cities(ranked, "c0") == ["c0", "c29"]
    assert labels.named_cities(ranked[:3], "c2") == ["c0", "c1", "c2"]
    assert labels.city_list(["江门", "湛江", "景德镇", "甲", "乙"], "zh") == "江门、湛江、景德镇等（另有2个）"
    assert labels.city_list(["A", "B", "C", "D"], "en") == "A, B, C and 1 more"
    assert labels.city_list(["A", "B"], "en") == "A and B"


def _ranked(paces: list[float], direction: str) -> pd.DataFrame:
    rows = pd.DataFrame({
        "city_id": [f"c{i}" for i in range(len(paces))], "indicator_id": "x", "pace": paces,
        "pace_unit": "pp_per_year", "pace_bound": None, "direction": direction,
        "name_en": "Coverage rate", "name_zh": "参保率",
    })
    return pace.ambition(rows, "x")


NAMES = {f"c{i}": f"City {i}" for i in range(40)}


def test_a_planned_decline_is_never_the_most_ambitious_pace():
    text = pace.ambition_verdict(_ranked([-0.14, -0.5], "higher_better"), "en", NAMES)
    assert "most ambitious" not in text and "fastest" not in text
    assert text.startswith("Coverage rate: every chosen city plans a decline; City 0 the smallest, −0.14 pp/yr")
    zh = pace.ambition_verdict(_ranked([-0.14, -0.5], "higher_better"), "zh", {k: v for k, v in NAMES.items()})
    assert "均计划下降" in zh and "最积极" not in zh
    # A lower-is-better rate: a planned rise is named as one.
    mixed = pace.ambition_verdict(_ranked([-0.3, 0.2], "lower_better"), "en", NAMES)
    assert mixed == "Coverage rate: City 0 plans the fastest fall, −0.3 pp/yr; then City 1 plans a rise, +0.2 pp/yr."


@pytest.mark.parametrize("count", [12, 30, 300])
def test_an_ambition_verdict_of_many_cities_names_three(count):
    paces = [round(1 - i / count, 4) for i in range(count)]
    text = pace.ambition_verdict(_ranked(paces, "higher_better"), "en", {f"c{i}": f"City {i}" for i in range(count)},
                                 focus="c5")
    named = [name for name in (f"City {i}" for i in range(count)) if f"{name} " in text or f"{name}," in text]
    assert named == ["City 0", "City 5", f"City {count - 1}"], text
    assert text.endswith(f"and {count - 3} more cities.")



def test_the_presenter_forms_are_short_and_keep_the_leader_and_the_laggard():
    """The brief form (presenter mode's title): the indicator, the leader and the laggard with
    their values without spans or years, no direction words or notes; the whole verdict is longer."""
    db = get_database()
    for lang in ("zh", "en"):
        names = dimensions.city_names(db, lang)
        result = compare.compare_cities(db, "urban_new_jobs", None, "13th", "target", lang=lang)
        full, brief = verdicts.compare_verdict(db, result, lang), verdicts.compare_verdict(db, result, lang, brief=True)
        ranked = result.rows.sort_values("display_value", ascending=False)["city_id"].drop_duplicates().tolist()
        assert len(brief) < len(full) and names[ranked[0]] in brief and names[ranked[-1]] in brief, brief
        assert re.search(r"20\d\d", full) and not re.search(r"20\d\d", brief), brief
        trends = trend.trend(db, "urban_new_jobs", lang=lang)
        whole, short = verdicts.trend_verdict(db, trends, lang), verdicts.trend_verdict(db, trends, lang, brief=True)
        assert len(short) < len(whole) and re.search(r"20\d\d", whole) and not re.search(r"20\d\d", short), short
