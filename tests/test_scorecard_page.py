"""The scorecard page and charts at many targets (issue 24): no chart of empty axes, the
side-by-side table in words with a legend, presenter names whole while there is room, a long
card's axis repeated above the plot."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analytics import labels, scorecard
from analytics.db import get_database
from tests.apptest_helpers import open_app, shown
from ui import charts


def _charts(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_plan_with_no_actual_yet_says_so_instead_of_empty_axes(lang):
    at = open_app("scorecard", lang=lang, city="zhanjiang", period="14th")  # 28 targets, no actual yet
    infos = [shown(info.value) for info in at.info]
    expected = ("湛江“十四五”的28项目标都还没有可判断的实际值，故不画图；下表列出这些目标。" if lang == "zh" else
                "None of Zhanjiang's 28 14th Five-Year Plan targets has an actual to judge yet, so there is no "
                "chart; the table lists the targets.")
    assert expected in infos
    # The one chart left is the status counts; no scorecard of empty axes.
    assert [len(spec["data"]) > 0 for spec in _charts(at)] == [True]
    assert all(trace.get("type") == "bar" for spec in _charts(at) for trace in spec["data"])
    assert at.dataframe[0].value.shape[0] == 28  # the targets, listed


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_side_by_side_cells_say_the_status_in_words_under_a_legend(lang):
    at = open_app("scorecard", lang=lang, city="jiangmen", period="12th")
    side = at.dataframe[1].value
    city = "景德镇" if lang == "zh" else "Jingdezhen"
    medical = side[side.iloc[:, 0] == ("基本医疗保险参保人数" if lang == "zh" else
                                       "Basic medical insurance, insured persons")].iloc[0]
    not_met = labels.label("status", "not_met", lang)
    assert medical[city] == f"✖ {not_met} 46.3% (155.46 → 71.98)"
    words = {labels.label("status", status, lang) for status in scorecard.STATUSES}
    for cell in side.drop(columns=side.columns[0]).to_numpy().ravel():
        if cell:
            assert any(f" {word}" in cell for word in words), cell
    legend = ("状态：✔ 达成 · ✖ 未达成 · ◇ 不可比 · ○ 无完成值。单元格：状态、完成率（目标 → 实际）。"
              if lang == "zh" else "Status: ✔ Met · ✖ Not met · ◇ Not comparable · ○ No actual. "
                                   "A cell: status, achievement % (target → actual).")
    assert legend in [shown(caption.value) for caption in at.caption]


def test_presenter_names_are_whole_when_the_screen_has_room():
    at = open_app("scorecard", lang="en", city="zhanjiang", period="13th", present="1")
    names = [name for trace in _charts(at)[0]["data"] for name in trace["y"]]
    assert len(set(names)) == 14
    assert not [name for name in names if "…" in name]
    assert "Labour and personnel dispute arbitration closure rate" in names


def test_a_long_card_repeats_its_x_axis_above_the_plot():
    card = scorecard.period_scorecards(get_database(), "13th", ["zhanjiang"])
    names = {status: labels.label("status", status, "en") for status in scorecard.STATUSES}
    short = charts.scorecard_chart(card, "t", names, "en", False).to_dict()["layout"]
    assert "xaxis2" not in short
    long_card = pd.concat([card.assign(name_en=card["name_en"] + f" {i}") for i in range(10)], ignore_index=True)
    fig = charts.scorecard_chart(long_card, "t", names, "en", False)
    layout = fig.to_dict()["layout"]
    assert layout["height"] > charts.TOP_AXIS_PX
    assert layout["xaxis2"]["side"] == "top" and layout["xaxis2"]["matches"] == "x"
    assert any(trace.xaxis == "x2" for trace in fig.data)
    assert layout["annotations"][0]["yshift"] > 0  # the target label lifted over the top axis
