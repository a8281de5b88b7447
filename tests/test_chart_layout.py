"""Chart layout that fits a 1280 px screen (the presenter layout's figure side): long labels and
titles wrap or shorten, the legend sits at the bottom, the target line's label above the plot.
The browser test (tests/browser/test_presenter_layout.py) measures the drawn result."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from analytics import labels, scorecard
from analytics.db import get_database
from ui import charts


@pytest.mark.parametrize(("text", "columns"), [
    ("Rural labour transferred to non-farm employment", 24),
    ("Achievement (actual ÷ target; inverted for lower-is-better)", 40),
    ("完成率（实际 ÷ 目标，越低越好的指标取倒数）", 20),
    ("农村劳动力转移就业人数“十三五”累计", 12),
])
def test_long_text_wraps_within_its_width_and_keeps_punctuation_with_its_word(text, columns):
    lines = charts.wrap_lines(text, columns)
    assert len(lines) > 1
    assert all(charts._columns(line) <= columns for line in lines), lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
    assert not any(line[0] in "，。、：；）》”" for line in lines[1:]), lines
    assert not any(line[-1] in "（《“" for line in lines[:-1]), lines


def test_wrapped_lines_are_balanced():
    # Greedy filling would leave "rate" alone on the second line.
    assert charts.wrap_lines("Urban registered unemployment rate", 31) == ["Urban registered", "unemployment rate"]
    assert charts.wrap_lines("short", 31) == ["short"]


def test_wrapped_and_shortened_text_is_escaped_for_plotly():
    assert charts.wrap_plot_text("<b>x</b> & y z", 6) == "&lt;b&gt;x&lt;/b&gt;<br>&amp; y z"
    short = charts.shorten_plot_text("Urban employees' basic pension insurance, insured persons", 30)
    assert short.endswith("…") and "<br>" not in short and charts._columns(short) <= 30


@pytest.mark.parametrize("present", [False, True])
def test_the_legend_is_at_the_bottom_and_the_title_has_its_room(present):
    long_title = "Unemployment insurance, insured persons: the pace each city's plan target asks for " * 2
    fig = charts.base_layout(go.Figure(go.Bar(x=[1], y=[1])), long_title, present)
    legend = fig.layout.legend
    assert (legend.yref, legend.y, legend.yanchor, legend.orientation) == ("container", 0, "bottom", "h")
    lines = fig.layout.title.text.count("<br>") + 1
    assert lines >= 2
    assert fig.layout.margin.t >= lines * fig.layout.title.font.size * charts.LINE_EM
    untitled = charts.base_layout(go.Figure(), "", present)
    assert untitled.layout.title.text == "" and untitled.layout.margin.t < fig.layout.margin.t


def _largest_card():
    db = get_database()
    cards = [scorecard.scorecard(db, city, period) for city, period in scorecard.scorecard_pairs(db)]
    return max(cards, key=lambda card: int(card["status"].isin(["met", "not_met"]).sum()))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_scorecard_labels_fit_and_the_target_label_sits_above_the_plot(lang):
    card = _largest_card()
    names = {status: labels.label("status", status, lang) for status in scorecard.STATUSES}
    plain = charts.scorecard_chart(card, "title", names, lang, False)
    budget = charts.fit_columns(charts.LABEL_SHARE[False], False, 14)
    shown = [label for trace in plain.data for label in trace.y]
    assert all(charts._columns(line) <= budget for label in shown for line in label.split("<br>")), shown
    (target,) = [a for a in plain.layout.annotations if a.text == labels_text(lang)]
    assert (target.yref, target.y, target.yanchor) == ("paper", 1, "bottom")  # above the plot, not on the legend
    assert plain.layout.margin.t > charts.title_margin(1, 20)  # a band of its own under the title

    present = charts.scorecard_chart(card, "", names, lang, True)
    rows = len({label for trace in present.data for label in trace.y})
    size = present.layout.yaxis.tickfont.size
    # Every row keeps a label on a 1280×720 screen: rows × their height fit the plot it leaves.
    lines = max(label.count("<br>") + 1 for trace in present.data for label in trace.y)
    assert rows * lines * size * charts.PRESENT_ROW_EM <= charts.PRESENT_MIN_PLOT_PX + size
    assert present.layout.yaxis.dtick == 1  # no label is skipped


def labels_text(lang: str) -> str:
    from ui.i18n import t

    return t("target_line", lang)
