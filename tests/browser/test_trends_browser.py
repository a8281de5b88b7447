"""Trends in Chromium: every value label of the figure is drawn (plotly.js loses some on a redraw
of a trace with gaps), and no two drawn labels overlap on screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_pages_browser import open_page

LABELS = """() => {
  const gd = document.querySelector('[data-testid=stMain] .js-plotly-plot');
  const wanted = gd.data.flatMap(trace => (Array.isArray(trace.text) ? trace.text : []).filter(text => text));
  const drawn = Array.from(gd.querySelectorAll('g.trace.scatter g.textpoint text'))
    .filter(node => node.textContent).map(node => {
      const box = node.getBoundingClientRect();
      return {text: node.textContent, box: [box.left, box.top, box.right, box.bottom]};
    });
  return {wanted: wanted.sort(), drawn};
}"""


@pytest.mark.parametrize(("lang", "heading"), [("en", "Trends"), ("zh", "趋势")])
def test_every_label_is_drawn_and_none_overlaps(page: Page, dashboard_url: str, lang, heading):
    open_page(page, f"{dashboard_url}/trends?lang={lang}", heading)
    plot = page.get_by_test_id("stMain").locator(".js-plotly-plot").first
    expect(plot).to_be_visible(timeout=30_000)
    labels = page.evaluate(LABELS)
    assert len(labels["wanted"]) >= 10  # the default view (urban new jobs) labels most of its values
    expect(plot.locator("g.trace.scatter g.textpoint text")).to_have_count(len(labels["wanted"]))
    labels = page.evaluate(LABELS)
    assert sorted(label["text"] for label in labels["drawn"]) == labels["wanted"]
    boxes = [label["box"] for label in labels["drawn"]]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
