"""Scorecard charts in real Chromium (issue 24): a long card (eight variants of every indicator,
synthetic data in a temporary directory, never data/) repeats its x axis above the plot, under the
target line's label; in presenter mode the indicator names show whole (no "…") while the screen
has room for them, and none runs off the figure. The ambition page's download of every pace is
named by what it holds (not after the one indicator charted) and writes paces to 4 significant digits."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Browser

from tests import synthetic
from tests.browser.server import running_dashboard, wait_for_first_chart

AXES = """
() => {
  const plot = document.querySelector('[data-testid="stMain"] .js-plotly-plot');
  const box = e => { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, right: r.right, bottom: r.bottom}; };
  const drag = plot.querySelector('.draglayer .xy .nsewdrag');
  return {
    plot: box(drag), figure: box(plot),
    top: [...plot.querySelectorAll('.x2tick text')].filter(e => e.textContent).map(box),
    bottom: [...plot.querySelectorAll('.xtick text')].filter(e => e.textContent).map(box),
    notes: [...plot.querySelectorAll('.annotation-text')].map(box),
    names: [...plot.querySelectorAll('.ytick text')].map(e => ({text: e.textContent, ...box(e)})),
  };
}
"""


@pytest.fixture(scope="module")
def long_cards(tmp_path_factory):
    out = tmp_path_factory.mktemp("long_cards")
    synthetic.main(["--copies", "1", "--variants", "8", "--out", str(out)])
    with running_dashboard(data_dir=out) as url:
        yield url


def _first_chart(page, url: str) -> dict:
    page.goto(url)
    wait_for_first_chart(page, 60_000)
    page.evaluate("document.fonts.ready")
    return page.evaluate(AXES)


def test_a_long_card_has_its_axis_above_the_plot_too(browser: Browser, long_cards):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        # 18 judged targets × 8 variants: a card of 144 rows.
        axes = _first_chart(page, f"{long_cards}/scorecard?lang=en&period=12th&city=jingdezhen")
    finally:
        page.close()
    assert len(axes["names"]) > 100
    assert axes["top"], "no tick labels above the plot"
    assert all(tick["bottom"] <= axes["plot"]["y"] + 1 for tick in axes["top"])
    assert all(tick["y"] >= axes["plot"]["bottom"] - 1 for tick in axes["bottom"])
    # The target line's label sits above the top axis, not on its numbers.
    assert axes["notes"] and all(note["bottom"] <= min(tick["y"] for tick in axes["top"]) + 1
                                 for note in axes["notes"])


def test_presenter_names_show_whole_while_there_is_room(browser: Browser, dashboard_url):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        axes = _first_chart(page, f"{dashboard_url}/scorecard?lang=en&present=1&period=13th&city=zhanjiang")
    finally:
        page.close()
    names = [name["text"] for name in axes["names"]]
    assert len(names) >= 10
    assert not [name for name in names if "…" in name], names
    assert "Labour and personnel dispute arbitration closure rate" in names
    assert all(name["x"] >= axes["figure"]["x"] - 1 and name["right"] <= axes["plot"]["x"] + 1
               for name in axes["names"])
    # No axis above a card that fits the screen.
    assert not axes["top"]


def test_the_paces_download_is_named_by_what_it_holds_with_rounded_paces(browser: Browser, dashboard_url):
    page = browser.new_page(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    try:
        _first_chart(page, f"{dashboard_url}/ambition?lang=en&indicator=unemployment_insurance_insured")
        button = page.get_by_test_id("stDownloadButton").filter(has_text="Download CSV").first
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=60_000) as download_info:
            button.click()
        download = download_info.value
        name, data = download.suggested_filename, download.path().read_bytes()
    finally:
        page.close()
    assert name.startswith("paces_13th") and name.endswith("_en.csv"), name
    assert "unemployment" not in name
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len({row["Indicator id"] for row in rows}) > 10  # every indicator's paces, as the name says
    paces = [row["Required pace"] for row in rows if row["Required pace"]]
    assert paces and all(len(p.lstrip("-").replace(".", "").lstrip("0")) <= 4 for p in paces), paces
