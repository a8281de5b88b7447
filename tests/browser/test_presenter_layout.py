"""Presenter layout in real Chromium: every chart page fits a 1280×720 and a 1920×1080 screen in
both languages (the first chart's plot box, axes and legend on the first screen, page scrolled to
the top), and no chart's legend, annotations, title or axis titles overlap one another or leave
the figure, in presenter mode and at 1280 px without it. The first chart's plot box of every
case is written to artifacts/browser/presenter_boxes.json."""

from __future__ import annotations

import fcntl
import itertools
import json

import pytest
from playwright.sync_api import Browser, Page

from analytics import scorecard
from analytics.db import get_database
from tests.browser.server import wait_for_first_chart

SCREENS = [(1280, 720), (1920, 1080)]
LANGS = ["zh", "en"]
REPORT = "presenter_boxes.json"
TOLERANCE = 1.0  # px: boxes that only touch do not overlap


def _largest_scorecard() -> str:
    """The scorecard with the most decided rows (the tallest chart): the hardest one to fit."""
    db = get_database()
    sizes = {(city, period): int(scorecard.scorecard(db, city, period)["status"].isin(["met", "not_met"]).sum())
             for city, period in scorecard.scorecard_pairs(db)}
    city, period = max(sizes, key=sizes.get)
    return f"scorecard?city={city}&period={period}"


# The chart pages, each with its defaults (the scorecard: its tallest card). Explorer and Sources
# have no chart.
PAGES = {
    "overview": "",
    "compare": "compare",
    "scorecard": None,  # _largest_scorecard(), once the data is open
    "trends": "trends",
    "ambition": "ambition",
}

# Every chart's text boxes (only those drawn: an empty title has no box), its svg and plot boxes.
MEASURE = """
() => {
  const box = e => { const b = e.getBoundingClientRect(); return {x: b.x, y: b.y, width: b.width, height: b.height}; };
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  return {
    h1: h1 ? h1.textContent.trim() : '',
    charts: [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')].map(plot => {
      const pick = selector => [...plot.querySelectorAll(selector)].map(box)
        .filter(b => b.width > 0 && b.height > 0);
      const title = plot.querySelector('.gtitle');
      return {
        svg: box(plot.querySelector('svg.main-svg')),
        plot: pick('.draglayer .nsewdrag'),
        ticks: pick('.xaxislayer-above, .yaxislayer-above'),
        yticks: pick('.yaxislayer-above'),
        title_text: title ? title.textContent.trim() : '',
        labelled: {
          legend: pick('.legend'), annotation: pick('.annotation'), title: pick('.gtitle'),
          xtitle: pick('.xtitle'), ytitle: pick('.ytitle'),
        },
      };
    }),
  };
}
"""

# The charts have stopped moving: Streamlit measures the chart's box and plotly redraws at that
# size, so two reads a poll apart must agree (a wait, not a timing assertion).
SETTLED = """
() => {
  const now = JSON.stringify([...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
    .map(p => { const b = p.querySelector('.draglayer .nsewdrag');
                const r = b ? b.getBoundingClientRect() : null;
                return r ? [r.x, r.y, r.width, r.height] : null; }));
  const same = window.__presenterBoxes === now && !now.includes('null') && now !== '[]';
  window.__presenterBoxes = now;
  return same;
}
"""


def _union(boxes: list[dict]) -> dict:
    left, top = min(b["x"] for b in boxes), min(b["y"] for b in boxes)
    right = max(b["x"] + b["width"] for b in boxes)
    bottom = max(b["y"] + b["height"] for b in boxes)
    return {"x": left, "y": top, "width": right - left, "height": bottom - top}


def _inside(inner: dict, outer: dict) -> bool:
    return (inner["x"] >= outer["x"] - TOLERANCE and inner["y"] >= outer["y"] - TOLERANCE
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + TOLERANCE
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + TOLERANCE)


def _overlap(a: dict, b: dict) -> bool:
    return (min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"]) > TOLERANCE
            and min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"]) > TOLERANCE)


def layout_problems(chart: dict) -> list[str]:
    """Legend, annotations, title and axis titles: each inside the svg, no two overlapping."""
    named = [(f"{kind}[{i}]", b) for kind, boxes in chart["labelled"].items() for i, b in enumerate(boxes)]
    problems = [f"{name} leaves the figure: {b} not in {chart['svg']}" for name, b in named
                if not _inside(b, chart["svg"])]
    problems += [f"{a_name} overlaps {b_name}: {a} / {b}" for (a_name, a), (b_name, b)
                 in itertools.combinations(named, 2) if _overlap(a, b)]
    return problems


def _record(artifacts, key: str, value: dict) -> None:
    """Add one case to the report (a lock: two test workers may write at once)."""
    path = artifacts / REPORT
    with open(artifacts / f"{REPORT}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        report = json.loads(path.read_text()) if path.exists() else {}
        report[key] = value
        path.write_text(json.dumps(dict(sorted(report.items())), indent=1, ensure_ascii=False) + "\n")


@pytest.fixture(scope="module", params=[(w, h, lang, present) for w, h in SCREENS for lang in LANGS
                                        for present in (True, False) if present or w == 1280],
                ids=lambda p: f"{p[0]}x{p[1]}-{p[2]}-{'present' if p[3] else 'plain'}")
def screen(request, browser: Browser):
    """One browser context per screen size, language and mode."""
    width, height = request.param[:2]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    yield context.new_page(), request.param
    context.close()


def open_chart_page(page: Page, url: str) -> dict:
    page.goto(url)
    wait_for_first_chart(page, 30_000)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    page.wait_for_function(SETTLED, polling=300, timeout=30_000)
    page.evaluate("document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
    return page.evaluate(MEASURE)


@pytest.mark.parametrize("name", list(PAGES))
def test_chart_page_fits_the_screen_and_nothing_overlaps(screen, name, dashboard_url, artifacts):
    page, (width, height, lang, present) = screen
    path = PAGES[name] if PAGES[name] is not None else _largest_scorecard()
    query = "&".join(part for part in (path.partition("?")[2], f"lang={lang}", "present=1" if present else "")
                     if part)
    measured = open_chart_page(page, f"{dashboard_url}/{path.partition('?')[0]}?{query}")
    charts = measured["charts"]
    assert charts, f"{name}: no chart"
    first = charts[0]
    plot = _union(first["plot"])
    mode = "present" if present else "plain"
    _record(artifacts, f"{name} {width}x{height} {lang} {mode}",
            {key: round(value) for key, value in plot.items()})
    page.screenshot(path=artifacts / f"layout_{name}_{width}x{height}_{lang}_{mode}.png")

    problems = [f"chart {i}: {problem}" for i, chart in enumerate(charts) for problem in layout_problems(chart)]
    if present:
        viewport = {"x": 0, "y": 0, "width": width, "height": height}
        whole = first["plot"] + first["ticks"] + [b for boxes in first["labelled"].values() for b in boxes]
        problems += [f"first chart: {b} is not on the first screen" for b in whole if not _inside(b, viewport)]
        # The verdict (or the chart's sentence) is the page's title; the chart does not repeat it.
        assert measured["h1"] and not first["title_text"], (measured["h1"], first["title_text"])
    else:
        # Long category labels wrap: they leave most of the width to the plot.
        problems += [f"chart {i}: y labels take {b['width']:.0f} of {chart['svg']['width']:.0f} px"
                     for i, chart in enumerate(charts) for b in chart["yticks"]
                     if b["width"] > 0.4 * chart["svg"]["width"]]
    assert not problems, "\n".join(problems)


def test_the_layout_checks_can_fail():
    """The geometry the test relies on: an overlap, a clipped box and a fitting one."""
    svg = {"x": 0, "y": 0, "width": 100, "height": 100}
    chart = {"svg": svg, "labelled": {"legend": [{"x": 60, "y": 0, "width": 30, "height": 10}],
                                      "annotation": [{"x": 50, "y": 5, "width": 20, "height": 10}],
                                      "title": [{"x": 0, "y": 0, "width": 40, "height": 10}],
                                      "xtitle": [{"x": 80, "y": 95, "width": 40, "height": 10}], "ytitle": []}}
    problems = layout_problems(chart)
    assert any("legend[0] overlaps annotation[0]" in p for p in problems)
    assert any("xtitle[0] leaves the figure" in p for p in problems)
    assert not any("title[0] overlaps" in p and "xtitle" not in p for p in problems)
