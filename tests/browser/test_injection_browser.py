"""What only a browser shows: text from a link or a data file is rendered as literal text.
No anchor, image or styled span that the app did not make, and no request leaves for the
address a crafted link or a hostile data file names (a loopback address: never a real host)."""

from __future__ import annotations

import re
import shutil
from urllib.parse import urlencode, urlsplit

import pyarrow as pa
import pytest
from playwright.sync_api import Page, expect

from tests.browser.server import running_dashboard
from tests.fixture_dataset import fixture_dir  # noqa: F401
from tests.generation_helpers import current_tables, put_tables

FOREIGN = "127.0.0.9"
LINK = f"http://{FOREIGN}:9"
PAGES = ["", "compare", "scorecard", "trends", "ambition", "explorer", "sources"]
HEADINGS = {"": "人社规划指标对比", "compare": "城市对比", "scorecard": "目标与完成", "trends": "趋势",
            "ambition": "目标力度", "explorer": "数据浏览与下载", "sources": "来源与方法"}

# Every attribute through which a page loads or links to something (text attributes such as
# an input's value or an aria-label may hold the text: that is showing it, not following it).
FOREIGN_REFERENCES = """(host) => {
  const loading = new Set(['href', 'xlink:href', 'src', 'srcset', 'action', 'formaction', 'data', 'poster',
                           'background', 'style', 'ping', 'cite', 'longdesc', 'manifest']);
  const found = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      if (loading.has(attribute.name.toLowerCase()) && attribute.value.includes(host)) {
        found.push(`${element.tagName}[${attribute.name}]=${attribute.value}`);
      }
    }
  }
  return found;
}"""


# The hostile fragments' own words, had they been rendered: bold X, <b>b</b>, the link texts.
FORMATTED_FRAGMENTS = """() => Array.from(document.querySelectorAll('strong, b, em, a, img, span[style*="color"]'))
  .filter(e => ['X', 'b', 'evil', 'a'].includes(e.textContent.trim()) || (e.tagName === 'IMG' && e.alt === 'i'))
  .map(e => e.outerHTML.slice(0, 120))"""


def _watch_requests(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url) if urlsplit(request.url).hostname == FOREIGN
            else None)
    return seen


def _settle(page: Page, heading: str) -> None:
    expect(page.get_by_test_id("stMain").get_by_role("heading", name=heading, exact=True).first).to_be_visible(
        timeout=30_000)
    page.wait_for_load_state("networkidle")
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=30_000)


@pytest.mark.parametrize("path", PAGES)
def test_a_crafted_link_puts_no_link_image_or_style_into_the_page(page: Page, dashboard_url: str, path):
    requests = _watch_requests(page)
    crafted = {
        "city": f"[click me]({LINK}/login)",
        "indicator": f"![x]({LINK}/p.png)",
        "period": ":red[**ACCOUNT LOCKED**]",
        "colour": f"<img src={LINK}/q.png>",
        "q": f"{LINK}/bare",
    }
    page.goto(f"{dashboard_url}/{path}?{urlencode(crafted)}")
    _settle(page, HEADINGS[path])
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("已忽略").first).to_be_visible()
    notices = main.locator(".link-notice")
    assert notices.count() >= 1
    assert page.evaluate(FOREIGN_REFERENCES, FOREIGN) == []
    assert notices.locator("a, img, [style*=color], b, strong").count() == 0
    assert requests == []
    if path != "explorer":  # explorer reads q, so its text is a search, shown in the box
        expect(main.get_by_text(f"[click me]({LINK}/login)", exact=False).first).to_be_visible()


@pytest.mark.parametrize(("path", "unused"), [("sources", "city=jiangmen"), ("", "indicator=urban_new_jobs"),
                                              ("scorecard", "avg=1")])
def test_unknown_and_unused_parameters_are_told_apart_on_every_page(page: Page, dashboard_url: str, path, unused):
    name = unused.split("=")[0]
    page.goto(f"{dashboard_url}/{path}?lang=en&colour=purple&{unused}")
    heading = {"": "HR & Social Security Plan Indicators", "sources": "Sources & method",
               "scorecard": "Targets vs achievements"}[path]
    _settle(page, heading)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Ignored an unknown link parameter: colour=purple")).to_be_visible()
    expect(main.get_by_text(f"Ignored a link parameter this page does not use: {unused}")).to_be_visible()
    expect(page).not_to_have_url(re.compile(rf"[?&]({name}|colour)="))
    expect(page).to_have_url(re.compile(r"lang=en"))


def _hostile(table: pa.Table, column: str, text: str) -> pa.Table:
    values = [f"{value}{text}" if isinstance(value, str) else value for value in table.column(column).to_pylist()]
    return table.set_column(table.schema.get_field_index(column), column, pa.array(values, pa.string()))


@pytest.fixture(scope="module")
def hostile_dashboard(fixture_dir, tmp_path_factory):  # noqa: F811
    """The fixture data with Markdown and HTML in every name, title and raw text a page shows."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(fixture_dir, data)
    tables = current_tables(data)
    md = f" [evil]({LINK}/md) ![i]({LINK}/i.png) :red[**X**]"
    html = f" <a href='{LINK}/a'>a</a><img src='{LINK}/h.png'><b>b</b>"
    cities = tables["cities"]
    for column in ("name_zh", "name_en", "province_zh", "province_en"):
        cities = _hostile(cities, column, md + html)
    indicators = tables["indicators"]
    for column in ("name_zh", "name_en", "definition_note"):
        indicators = _hostile(indicators, column, md + html)
    documents = tables["documents"]
    for column in ("title_zh", "title_en", "issuer_zh", "issuer_en", "covers_zh", "covers_en"):
        documents = _hostile(documents, column, md + html)
    observations = tables["observations"]
    for column in ("raw_text", "quote", "note", "district"):
        observations = _hostile(observations, column, md + html)
    periods = tables["plan_periods"]
    for column in ("name_zh", "name_en"):
        periods = _hostile(periods, column, md + html)
    notes = tables["quality_notes"]
    for column in ("message_zh", "message_en"):
        notes = _hostile(notes, column, md + html)
    put_tables(data, cities=cities, indicators=indicators, documents=documents, observations=observations,
               plan_periods=periods, quality_notes=notes)
    with running_dashboard(data_dir=data) as url:
        yield url


@pytest.mark.parametrize("path", ["", "compare?period=13th&kind=target", "scorecard?city=zhanjiang&period=13th",
                                  "trends", "ambition", "explorer", "sources",
                                  "scorecard?present=1&city=jiangmen&period=12th", "ambition?present=1",
                                  "compare?present=1&indicator=urban_new_jobs&kind=target&period=none"])
def test_hostile_text_in_the_data_files_stays_text(page: Page, hostile_dashboard: str, path):
    requests = _watch_requests(page)
    page.goto(f"{hostile_dashboard}/{path}")
    page.wait_for_load_state("networkidle")
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=30_000)
    expect(page.get_by_test_id("stMain").locator("h1").first).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert page.evaluate(FOREIGN_REFERENCES, FOREIGN) == []
    assert page.evaluate(FORMATTED_FRAGMENTS) == []
    assert requests == []
    if not path.startswith("ambition"):  # the fixture's paces are in canvas tables only (no DOM text)
        expect(page.get_by_text("[evil]", exact=False).first).to_be_attached()  # shown, as text
        expect(page.get_by_text(":red[**X**]", exact=False).first).to_be_attached()
