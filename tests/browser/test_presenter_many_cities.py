"""Presenter mode holds at any number of chosen cities (real Chromium, synthetic data of 300
fictional cities written once for this module into a temporary directory, never into data/): at 3,
12, 30 and 300 chosen cities, at 1280×720 and 1920×1080, in Chinese and English, on every chart
page, the verdict's short form (the page's title) takes at most two lines at TITLE_MIN_PX or more,
and the first chart's plot is on the first screen and at least MIN_PLOT_PX tall. One server and
one browser for the module; each page is loaded once per language at 1280×720 and measured again
after the window grows to 1920×1080. The plot boxes are written to
artifacts/browser/presenter_many_cities.json. Also: the on-screen presenter bar (exit, the other
language, copy link), the Filters panel closing after a change, chart text growing with the screen."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from playwright.sync_api import Browser, expect

from tests import synthetic
from tests.browser.server import running_dashboard, wait_for_first_chart
from tests.browser.test_presenter_layout import SETTLED, _union

CITY_COUNTS = (3, 12, 30, 300)
SCREENS = [(1280, 720), (1920, 1080)]
MIN_PLOT_PX = 300
TITLE_MIN_PX = 20  # the smallest title a projector shows readably
REPORT = "presenter_many_cities.json"
# The city parameter each chart page reads (the scorecard: its city and the cities side by side).
PAGES = ("overview", "compare", "scorecard", "trends", "ambition")

TITLE = """
() => {
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  if (!h1) return null;
  const style = getComputedStyle(h1);
  const line = parseFloat(style.lineHeight);
  const range = document.createRange();
  range.selectNodeContents(h1);
  const rects = [...range.getClientRects()].filter(r => r.width > 0);
  const tops = new Set(rects.map(r => Math.round(r.top / (line / 2))));
  return {text: h1.textContent.trim(), height: h1.getBoundingClientRect().height, line: line,
          lines: Math.round(h1.getBoundingClientRect().height / line), font: parseFloat(style.fontSize),
          tops: tops.size};
}
"""
FIRST_PLOT = """
() => {
  const plot = document.querySelector('[data-testid="stMain"] .js-plotly-plot');
  if (!plot) return null;
  const boxes = [...plot.querySelectorAll('.draglayer .nsewdrag')].map(e => e.getBoundingClientRect())
    .filter(b => b.width > 0 && b.height > 0).map(b => ({x: b.x, y: b.y, width: b.width, height: b.height}));
  const tick = plot.querySelector('.xtick text, .ytick text');
  return {boxes, tick: tick ? parseFloat(getComputedStyle(tick).fontSize) : null};
}
"""


@pytest.fixture(scope="module")
def many_cities(tmp_path_factory):
    """A server on 300 fictional cities (the real rows copied), and the city ids in display order."""
    out = tmp_path_factory.mktemp("presenter_many_cities")
    synthetic.main(["--copies", "100", "--variants", "1", "--out", str(out)])
    cities = synthetic.read_tables(out)["cities"].to_pandas().sort_values("sort_order")["city_id"].tolist()
    with running_dashboard(data_dir=out) as url:
        yield url, cities


def _query(page: str, lang: str, cities: list[str]) -> str:
    pairs = [("lang", lang), ("present", "1")]
    if page == "scorecard":
        pairs += [("city", cities[0])] + [("peer", city) for city in cities]
    else:
        pairs += [("city", city) for city in cities]
    return urllib.parse.urlencode(pairs)


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_first_chart(page, 60_000)
    # The presenter bar is drawn when the page's run ends: measured after that, with it on screen.
    expect(page.locator(".present-bar")).to_be_visible(timeout=60_000)
    page.evaluate("document.fonts.ready")
    page.wait_for_function(SETTLED, polling=150, timeout=60_000)
    page.evaluate("document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presenter_holds_at_any_number_of_cities(browser: Browser, many_cities, artifacts, lang):
    url, cities = many_cities
    (width, height), *larger = SCREENS
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    problems = []
    try:
        for count in CITY_COUNTS:
            for name in PAGES:
                path = "" if name == "overview" else name
                page.set_viewport_size({"width": width, "height": height})
                _open(page, f"{url}/{path}?{_query(name, lang, cities[:count])}")
                for screen_width, screen_height in [(width, height), *larger]:
                    if (screen_width, screen_height) != (width, height):
                        page.set_viewport_size({"width": screen_width, "height": screen_height})
                        page.wait_for_function(SETTLED, polling=150, timeout=60_000)
                    case = f"{name} {count} cities {screen_width}x{screen_height} {lang}"
                    problems += _check(page, artifacts, case, screen_height)
                    if count == CITY_COUNTS[-1]:
                        page.screenshot(path=artifacts / f"many_cities_{name}_{count}_{screen_width}x{screen_height}"
                                                         f"_{lang}.png")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _check(page, artifacts, case: str, height: int) -> list[str]:
    """What is wrong with the first screen of the page open in `page` (and its record in the report)."""
    title = page.evaluate(TITLE)
    plot = _union(page.evaluate(FIRST_PLOT)["boxes"])
    _record_many(artifacts, case, plot, title)
    problems = []
    if title["lines"] > 2:
        problems.append(f"{case}: the title takes {title['lines']} lines: {title['text']}")
    if title["font"] < TITLE_MIN_PX:
        problems.append(f"{case}: the title is {title['font']} px: {title['text']}")
    if plot["y"] + plot["height"] > height + 1 or plot["y"] < 0:
        problems.append(f"{case}: the plot {plot} is not on the first screen")
    if plot["height"] < MIN_PLOT_PX:
        problems.append(f"{case}: the plot is {plot['height']:.0f} px high")
    return problems


def test_presenter_bar_text_scale_and_filters_panel(browser: Browser, many_cities):
    """On screen: exit (the same view without present), the other language, copy link; chart text
    half as big again at 1920×1080 as at 1280×720; the Filters panel closes after a change."""
    url, cities = many_cities
    sizes = {}
    for width, height in SCREENS:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        _open(page, f"{url}/compare?{_query('compare', 'en', cities[:3])}")
        page.wait_for_function(SETTLED, polling=300, timeout=30_000)
        sizes[width] = page.evaluate(FIRST_PLOT)["tick"]
        if width == 1280:
            bar = page.locator(".present-bar")
            expect(bar).to_be_visible()
            exit_link = bar.locator("[data-present-exit]")
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(exit_link.get_attribute("href")).query)
            assert "present" not in query and query["lang"] == ["en"] and query["city"] == cities[:3]
            switch = urllib.parse.parse_qs(urllib.parse.urlsplit(
                bar.locator("[data-present-lang]").get_attribute("href")).query)
            assert switch["lang"] == ["zh"] and switch["present"] == ["1"] and switch["city"] == cities[:3]
            expect(bar.locator("[data-share-copy]")).to_have_text("Copy link")
            # The panel opens, a filter changes, the panel is closed again over the new view.
            panel = page.locator(".st-key-present_filters details")
            panel.locator("summary").click()
            expect(panel).to_have_attribute("open", "")
            before = page.get_by_test_id("stMain").locator("h1").inner_text()
            page.locator(".st-key-present_filters [data-testid=stRadio]").first.locator("label").nth(1).click()
            expect(page.get_by_test_id("stMain").locator("h1")).not_to_have_text(before)
            expect(page.locator(".st-key-present_filters details[open]")).to_have_count(0)
            exit_link.click()
            page.wait_for_url(lambda target: "present=1" not in target)
            expect(page.get_by_test_id("stSidebar")).to_be_attached()
        context.close()
    assert sizes[1920] == pytest.approx(sizes[1280] * 1.5, rel=0.05), sizes


def _record_many(artifacts, case: str, plot: dict, title: dict) -> None:
    path = artifacts / REPORT
    report = json.loads(path.read_text()) if path.exists() else {}
    report[case] = {**{key: round(value) for key, value in plot.items()}, "title_lines": title["lines"],
                    "title_px": round(title["font"], 1)}
    path.write_text(json.dumps(dict(sorted(report.items())), indent=1, ensure_ascii=False) + "\n")
