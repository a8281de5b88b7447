"""Trends: totals drawn over their span, series told apart by line and marker, a compact legend,
value labels that never collide, and the table of the chart's rows (AppTest, both languages)."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import compare, dimensions, labels, trend
from analytics.db import get_database
from tests.apptest_helpers import open_app, texts
from tests.test_pages import chart
from ui import charts

INDICATOR = "urban_new_jobs"  # the page's default indicator: five-year totals of three plans
SERIES = trend.SERIES

# ---- the collision criterion -------------------------------------------------------------------
# A label is the box plotly draws its text in, on the plot area the chart has at the least: PLOT_PX
# (a 1280 px screen with the sidebar open gives the chart about 820 × 460 px of plot; presenter mode
# more). Axis ranges as plotly's autorange sets them: the traces' extent and the plan shading,
# padded 6 % (scatter padding, measured in Chromium for the default view), y from zero.
# A text sits `marker radius / 0.8 + 1` px from its point (plotly's textPointPosition), its glyphs
# 0.55 em wide a Latin letter or digit (1 em a Chinese one) and 0.75 em high above the baseline.
# Two labels collide when their boxes overlap; a label hides a marker when its box covers the
# marker's centre.
PLOT_PX = (640, 300)
PAD = 0.06


def _extent(values) -> tuple[float, float]:
    values = [v for v in values if v is not None]
    return min(values), max(values)


def plot_scale(spec: dict) -> tuple[callable, callable]:
    """Data -> pixel functions (x right, y up) for a figure's autoranged axes on PLOT_PX."""
    traces = [trace for trace in spec["data"] if trace.get("x") and any(x is not None for x in trace["x"])]
    x_low, x_high = _extent(x for trace in traces for x in trace["x"])
    y_low, y_high = _extent([0.0, *(y for trace in traces for y in trace["y"])])
    x_pad, y_pad = PAD * (x_high - x_low), PAD * (y_high - y_low)
    shapes = spec["layout"].get("shapes", [])
    x_low = min([x_low - x_pad, *(shape["x0"] for shape in shapes)])
    x_high = max([x_high + x_pad, *(shape["x1"] for shape in shapes)])
    y_low, y_high = (y_low - y_pad if y_low < 0 else y_low), y_high + y_pad

    def px(x, y):
        return (x - x_low) / (x_high - x_low) * PLOT_PX[0], (y - y_low) / (y_high - y_low) * PLOT_PX[1]

    return px


def label_boxes(spec: dict) -> list[dict]:
    """Every label drawn: its text, trace, pixel box (x0, y0, x1, y1) and its own point."""
    px = plot_scale(spec)
    boxes = []
    for number, trace in enumerate(spec["data"]):
        texts_ = trace.get("text") or []
        if isinstance(texts_, str):
            texts_ = [texts_] * len(trace["x"])
        positions = trace.get("textposition", "middle center")
        sizes = trace.get("marker", {}).get("size", 6)
        font = trace.get("textfont", {}).get("size", 12)
        for index, text in enumerate(texts_):
            if not text:
                continue
            position = positions[index] if isinstance(positions, list) else positions
            size = sizes[index] if isinstance(sizes, list) else sizes
            r = size / 2 / 0.8 + 1 if size else 0.0
            width = sum(font * (1.0 if ord(char) >= 0x2E80 else 0.55) for char in text)
            cx, cy = px(trace["x"][index], trace["y"][index])
            vertical, horizontal = position.split()
            if vertical == "top":
                y0, y1 = cy + r + 0.25 * font, cy + r + 1.0 * font
            elif vertical == "bottom":
                y0, y1 = cy - r - 0.75 * font, cy - r
            else:
                y0, y1 = cy - 0.5 * font, cy + 0.25 * font
            if horizontal == "right":
                x0, x1 = cx + r, cx + r + width
            elif horizontal == "left":
                x0, x1 = cx - r - width, cx - r
            else:
                x0, x1 = cx - width / 2, cx + width / 2
            boxes.append({"text": text, "trace": number, "index": index, "box": (x0, y0, x1, y1)})
    return boxes


def markers(spec: dict) -> list[dict]:
    px = plot_scale(spec)
    found = []
    for number, trace in enumerate(spec["data"]):
        sizes = trace.get("marker", {}).get("size", 0)
        for index, (x, y) in enumerate(zip(trace.get("x") or [], trace.get("y") or [], strict=True)):
            size = sizes[index] if isinstance(sizes, list) else sizes
            if x is not None and y is not None and size and trace.get("showlegend") is False:
                found.append({"trace": number, "index": index, "centre": px(x, y)})
    return found


def collisions(spec: dict) -> list[tuple[str, str]]:
    boxes = label_boxes(spec)
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a["box"], b["box"]
            if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
                found.append((a["text"], b["text"]))
        for marker in markers(spec):
            if (marker["trace"], marker["index"]) == (a["trace"], a["index"]):
                continue
            (x0, y0, x1, y1), (mx, my) = a["box"], marker["centre"]
            if x0 < mx < x1 and y0 < my < y1:
                found.append((a["text"], f"marker {marker['trace']}:{marker['index']}"))
    return found


# ---- figures ------------------------------------------------------------------------------------

def default_figure(lang: str = "en", present: bool = False, indicator: str = INDICATOR, **options) -> tuple:
    db = get_database()
    result = trend.trend(db, indicator, compare.default_cities(db, indicator), lang=lang, **options)
    series_names = {series: labels.label("series", series, lang) for series in SERIES}
    figure = charts.trend_chart(result.rows, result.spans, dimensions.cities(db), series_names, "title", "unit",
                                lang, present)
    return result, figure.to_plotly_json()


def data_traces(spec: dict) -> list[dict]:
    """The traces that draw values (the legend's key entries and the headroom point draw none)."""
    return [trace for trace in spec["data"] if trace.get("showlegend") is False and trace.get("name")]


def segments(trace: dict) -> list[list[int]]:
    """Indexes of a trace's runs of points between gaps (None)."""
    runs, run = [], []
    for index, x in enumerate(trace["x"]):
        if x is None:
            runs.append(run)
            run = []
        else:
            run.append(index)
    return [r for r in [*runs, run] if r]


@pytest.mark.parametrize("present", [False, True])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_default_view_labels_do_not_collide(lang, present):
    result, spec = default_figure(lang, present)
    assert len(result.rows) >= 10  # the view of the issue: totals of three cities, several on one span
    assert label_boxes(spec), "no value is labelled at all"
    assert collisions(spec) == []


@pytest.mark.parametrize("indicator", ["unemployment_insurance_insured", "work_injury_insurance_insured",
                                       "urban_registered_unemployment_rate"])
def test_single_year_views_labels_do_not_collide(indicator):
    _, spec = default_figure("zh", indicator=indicator)
    assert collisions(spec) == []


def test_the_criterion_finds_the_collisions_of_labels_left_where_they_fall(monkeypatch):
    """Every total's label at its span's middle, above its marker (as plotly would put them
    unplaced): 23.4 / 22.5 / 23.4 and 38.39 / 37.5 / 38.9 overlap."""
    monkeypatch.setattr(charts, "SPAN_ANCHORS", {})
    monkeypatch.setattr(charts, "place_labels", lambda marks, *args, **kwargs: [("marker", "top center")] * len(marks))
    _, spec = default_figure("en")
    pairs = {tuple(sorted(pair)) for pair in collisions(spec)}
    assert ("23.4", "23.4") in pairs and ("37.5", "38.39") in pairs


def test_a_total_is_drawn_over_its_span_with_one_label():
    result, spec = default_figure("en")
    totals = result.rows[result.rows["is_cumulative"] & result.rows["period_start"].notna()]
    assert len(totals) >= 8
    cities = dimensions.city_names(get_database(), "en")
    traces = data_traces(spec)
    for row in totals.itertuples():
        prefix = f"{cities[row.city_id]} · {labels.label('series', row.series, 'en')} ("
        candidates = [(trace, run) for trace in traces if trace["name"].startswith(prefix)
                      for run in segments(trace) if all(trace["y"][i] == row.display_value for i in run)]
        spans = [(trace, run) for trace, run in candidates
                 if min(trace["x"][i] for i in run) <= row.period_start
                 and max(trace["x"][i] for i in run) >= row.period_end]
        assert spans, f"{row.city_id} {row.series} {row.period_start}-{row.period_end} is not drawn over its span"
        trace, run = spans[0]
        assert "lines" in trace["mode"]
        assert sum(1 for i in run if trace["text"][i]) <= 1  # one label at most (none where it does not fit)
        assert {trace["customdata"][i][0] for i in run} == {f"{row.period_start}–{row.period_end} total"}
    # a total is never joined to a single year: the traces of totals hold runs of exactly three points
    for trace in traces:
        if "(five-year total)" in trace["name"]:
            assert all(len(run) == 3 for run in segments(trace))
    single = result.rows[~result.rows["is_cumulative"]]
    assert len(single) >= 3
    for row in single.itertuples():
        prefix = f"{cities[row.city_id]} · {labels.label('series', row.series, 'en')}"
        trace = next(trace for trace in traces if trace["name"] == prefix)
        assert row.year in trace["x"] and "lines" in trace["mode"]


def test_totals_in_the_annual_average_view_are_bars_too():
    _, spec = default_figure("en", annual_average=True)
    averaged = [trace for trace in data_traces(spec) if "(annual average)" in trace["name"]]
    assert averaged
    for trace in averaged:
        for run in segments(trace):
            xs = [trace["x"][i] for i in run]
            assert max(xs) - min(xs) >= 1.5 and len({trace["y"][i] for i in run}) == 1


def test_series_differ_in_line_and_marker():
    for indicator in (INDICATOR, "unemployment_insurance_insured"):
        _, spec = default_figure("en", indicator=indicator)
        styles: dict[str, set] = {}
        for trace in data_traces(spec):
            series = next(s for s in SERIES if f"· {labels.label('series', s, 'en')}" in trace["name"])
            symbols = trace["marker"]["symbol"]
            sizes = trace["marker"]["size"]
            drawn = {symbol for symbol, size in zip(symbols, sizes, strict=True) if size}
            styles.setdefault(series, set()).add((trace["line"]["dash"], frozenset(drawn - {
                "triangle-up", "triangle-down", "triangle-up-open", "triangle-down-open"})))
        dashes = {series: {dash for dash, _ in found} for series, found in styles.items()}
        symbols = {series: set().union(*(symbol for _, symbol in found)) for series, found in styles.items()}
        assert all(len(found) == 1 for found in dashes.values()), dashes  # one line style per series
        for a in styles:
            for b in styles:
                if a < b:
                    assert not dashes[a] & dashes[b], (a, b)
                    assert not symbols[a] & symbols[b], (a, b)
        assert dashes.get("actual") == {"solid"} and dashes.get("target") == {"dash"}


def _crowded(n_cities: int = 12) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """n cities whose totals over one span, and single years, sit a hair apart."""
    cities = pd.DataFrame({
        "city_id": [f"c{i}" for i in range(n_cities)], "name_zh": [f"城市{i}" for i in range(n_cities)],
        "name_en": [f"City {i}" for i in range(n_cities)],
        "color": ["#0072B2", "#E69F00", "#009E73", "#F0E442", "#56B4E9", "#D55E00", "#CC79A7", "#000000",
                  "#882255", "#44AA99", "#117733", "#999933"][:n_cities],
    })
    rows = []
    for i in range(n_cities):
        for series, offset in (("actual", 0.0), ("target", 0.3), ("baseline", 0.1)):
            value = 20 + i * 0.2 + offset
            rows.append({"city_id": f"c{i}", "year": 2020, "series": series, "value_kind": series, "value": value,
                         "display_value": value, "annual_average_applied": False, "comparator": "=",
                         "is_cumulative": True, "period_start": 2016, "period_end": 2020, "raw_text": f"[{value}]",
                         "source_file": "doc.txt", "source_line": i + 1, "unit": "万人"})
            rows.append({**rows[-1], "year": 2022, "is_cumulative": False, "period_start": None,
                         "period_end": None, "raw_text": str(value / 5), "value": value / 5,
                         "display_value": value / 5})
    spans = pd.DataFrame({"plan_period": ["p1", "p2"], "start_year": [2016, 2021], "end_year": [2020, 2025],
                          "name_zh": ["第一期", "第二期"], "name_en": ["Period one", "Period two"]})
    return pd.DataFrame(rows), spans, cities


@pytest.mark.parametrize("present", [False, True])
def test_twelve_crowded_cities_keep_labels_apart_and_every_value_in_the_hover(present):
    rows, spans, cities = _crowded()
    names = {series: labels.label("series", series, "en") for series in SERIES}
    spec = charts.trend_chart(rows, spans, cities, names, "title", "unit", "en", present).to_plotly_json()
    assert collisions(spec) == []
    shown = [box["text"] for box in label_boxes(spec)]
    assert 0 < len(shown) < len(rows)  # some labels fit, the rest are left to the hover and the table
    hovered = {(trace["name"], *trace["customdata"][i]) for trace in data_traces(spec)
               for i, size in enumerate(trace["marker"]["size"]) if size}
    assert len(hovered) == len(rows)  # one marker, with its year or span and value, for every row
    # The legend is a key: one entry per city, one per series style and one for totals.
    legend = [trace["name"] for trace in spec["data"] if trace.get("showlegend") is not False]
    assert legend[:12] == [f"City {i}" for i in range(12)]
    assert legend[12:] == [*names.values(), "Multi-year total (a bar over its years)"]


def test_text_from_data_is_escaped_in_the_figure():
    rows, spans, cities = _crowded(2)
    cities.loc[0, "name_en"] = "<b>bold</b>"
    rows.loc[0, "raw_text"] = "<a href='x'>22</a>"
    spec = charts.trend_chart(rows, spans, cities, {s: s for s in SERIES}, "t", "u", "en", False).to_plotly_json()
    dumped = repr(spec["data"])
    assert "<b>bold" not in dumped and "&lt;b&gt;bold&lt;/b&gt;" in dumped
    assert "<a href" not in dumped


# ---- the page -----------------------------------------------------------------------------------

HEADERS = {"zh": ["城市", "系列", "年份或累计年份", "原文数值", "显示值", "单位", "出处（文件:行）"],
           "en": ["City", "Series", "Year or span", "Value as written", "Shown value", "Unit", "Source (file:line)"]}
SPAN_WORD = {"zh": "2016—2020年累计", "en": "2016–2020 total"}  # labels.format_when, as the verdicts write it


def _values_drawn(spec: dict) -> int:
    """Markers of values in the chart (a total's bar ends carry none)."""
    return sum(1 for trace in data_traces(spec) for size in trace["marker"]["size"] if size)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_has_a_table_of_the_chart_rows(lang):
    at = open_app("trends", indicator=INDICATOR, lang=lang)
    db = get_database()
    expected = trend.trend(db, INDICATOR, compare.default_cities(db, INDICATOR), lang=lang).rows
    table = at.dataframe[0].value
    assert list(table.columns) == HEADERS[lang]
    assert len(table) == len(expected) == _values_drawn(chart(at))
    cells = [str(cell) for cell in table.to_numpy().ravel()]
    assert not {"None", "nan", "NaN", "<NA>", "NaT", ""} & set(cells)
    assert SPAN_WORD[lang] in set(table[HEADERS[lang][2]])
    city_names = dimensions.city_names(db, lang)
    assert set(table[HEADERS[lang][0]]) == {city_names[c] for c in expected["city_id"]}
    assert set(table[HEADERS[lang][3]]) == set(expected["raw_text"])
    sources = set(expected["source_file"] + ":" + expected["source_line"].astype(str))
    assert set(table[HEADERS[lang][6]]) == sources
    assert "None" not in texts(at)


def test_the_table_says_when_a_value_is_an_annual_average():
    at = open_app("trends", indicator=INDICATOR, lang="en", avg="1")
    shown = set(at.dataframe[0].value["Shown value"])
    assert "4.5 (annual average)" in shown  # [22.5] over 2016-2020
    assert "4.59" in shown  # a single year stays as it is


def test_presenter_mode_hides_the_table():
    at = open_app("trends", indicator=INDICATOR, lang="en", present="1")
    assert at.get("plotly_chart") and not at.dataframe


def test_the_table_writes_an_empty_cell_as_a_dash():
    from ui.trend_table import trend_table

    rows, _, _ = _crowded(1)
    rows = rows.astype(object)
    rows.loc[0, ["unit", "raw_text", "source_line"]] = [None, None, None]
    rows.loc[1, ["source_file", "display_value"]] = [None, float("nan")]
    table = trend_table(rows, {"c0": "City 0"}, {s: labels.label("series", s, "en") for s in SERIES}, "en")
    cells = [str(cell) for cell in table.to_numpy().ravel()]
    assert not {"None", "nan", "NaN", "<NA>", ""} & set(cells)
    first = table.iloc[0]
    assert (first["Unit"], first["Value as written"], first["Source (file:line)"]) == ("—", "—", "doc.txt")
    assert first["Year or span"] == "2016–2020 total"
    assert "—" in set(table["Source (file:line)"]) and "—" in set(table["Shown value"])
