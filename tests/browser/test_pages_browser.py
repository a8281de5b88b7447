"""Every page in real Chromium against the real server: no exception, key content visible,
downloads equal the filtered rows, and a widget change survives as a link."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pandas as pd
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from analytics import explorer, exports
from analytics.db import get_database
from tests.browser.server import running_dashboard

PAGES = [
    ("", "人社规划指标对比", "数据覆盖"),
    ("compare?indicator=urban_new_jobs&period=13th&kind=target", "城市对比", "城镇新增就业人数"),
    ("scorecard?city=zhanjiang&period=13th", "目标与完成", "完成目标的102.4%"),
    ("trends?indicator=unemployment_insurance_insured", "趋势", "失业保险参保人数"),
    ("ambition?indicator=unemployment_insurance_insured", "目标力度", "江门的目标最积极"),
    ("explorer?city=jiangmen&period=12th", "数据浏览与下载", "符合条件的记录"),
    ("sources", "来源与方法", "指标目录"),
]


def open_page(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_test_id("stMain").get_by_role("heading", name=heading, exact=True)).to_be_visible(
        timeout=30_000
    )
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize(("path", "heading", "content"), PAGES)
def test_page_opens_without_exception_and_shows_its_content(page: Page, dashboard_url: str, artifacts, path,
                                                            heading, content):
    open_page(page, f"{dashboard_url}/{path}", heading)
    main = page.get_by_test_id("stMain")
    # Charts and their titles load lazily: on a busy machine (the suite runs on both cores) that
    # can take longer than expect's default 5 s.
    expect(main.get_by_text(content).first).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    if any(name in path for name in ("compare", "scorecard", "trends", "ambition")) or not path:
        expect(main.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
    name = path.split("?")[0] or "overview"
    page.screenshot(path=artifacts / f"{name}_zh.png", full_page=True)


def test_csv_and_xlsx_downloads_equal_the_filtered_rows(page: Page, dashboard_url: str):
    open_page(page, f"{dashboard_url}/explorer?city=jiangmen&period=12th&kind=target", "数据浏览与下载")
    expected = explorer.filter_observations(get_database(), explorer.ExplorerFilter(
        city_ids=["jiangmen"], plan_periods=["12th"], value_kinds=["target"]))
    main = page.get_by_test_id("stMain")

    with page.expect_download() as csv_download:
        main.get_by_role("button", name=re.compile("下载 CSV")).click()
    csv_bytes = csv_download.value.path().read_bytes()
    assert csv_bytes.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Chinese text intact
    # the notes in the reader's language, as the download words them (exports.with_reader_notes)
    assert csv_bytes == exports.to_csv_bytes(exports.with_reader_notes(expected, get_database(), "zh"), "zh")
    table = pd.read_csv(io.BytesIO(csv_bytes), encoding="utf-8-sig")
    assert len(table) == len(expected) == 17
    assert set(table["城市代码"]) == {"jiangmen"}

    with page.expect_download() as xlsx_download:
        main.get_by_role("button", name=re.compile("下载 Excel")).click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()))  # not data_only: formulas show
    assert len(workbook.sheetnames) == 3
    data = workbook[workbook.sheetnames[0]]
    assert data.max_row - 1 == len(expected)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert cells and not [cell.coordinate for cell in cells if cell.data_type == "f"]  # no formula anywhere
    header = [cell.value for cell in data[1]]
    comparators = {row[header.index("比较符")] for row in data.iter_rows(min_row=2, values_only=True)}
    assert "eq" in comparators and not comparators & {"=", "<=", "<", ">=", ">", "~"}
    assert "eq" in set(table["比较符"])


def test_widget_change_updates_the_url_and_the_link_reopens_the_view(page: Page, dashboard_url: str, browser):
    open_page(page, f"{dashboard_url}/compare?indicator=urban_new_jobs&kind=target", "城市对比")
    main = page.get_by_test_id("stMain")
    main.get_by_test_id("stRadio").filter(has_text="规划期").get_by_text("“十二五”").click()
    expect(page).to_have_url(re.compile(r"period=12th"))
    expect(main.locator(".gtitle").first).to_contain_text("十二五")
    link = page.url

    reopened = browser.new_page(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    open_page(reopened, link, "城市对比")
    main = reopened.get_by_test_id("stMain")
    period = main.get_by_test_id("stRadio").filter(has_text="规划期")
    expect(period.get_by_role("radio", name="“十二五”")).to_be_checked()
    expect(main.locator(".gtitle").first).to_contain_text("十二五")
    reopened.close()


def test_presenter_mode_link_hides_the_sidebar_and_leads_with_the_sentence(page: Page, dashboard_url: str,
                                                                           artifacts):
    page.goto(f"{dashboard_url}/scorecard?city=zhanjiang&period=13th&present=1&lang=en")
    main = page.get_by_test_id("stMain")
    # The verdict is the page's title, the chart's sentence the line under it.
    expect(main.get_by_role("heading", name=re.compile(r"102\.4% of the target"))).to_be_visible(timeout=30_000)
    expect(main.get_by_text("Zhanjiang: did the 13th Five-Year Plan targets get met?")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    expect(main.get_by_test_id("stDataFrame")).to_have_count(0)
    page.screenshot(path=artifacts / "scorecard_presenter_en.png", full_page=True)


def test_chinese_glyphs_come_from_a_cjk_font(page: Page, dashboard_url: str, artifacts):
    """The CJK font is installed and is what Chromium picks for the city names."""
    fc_match = shutil.which("fc-match")
    assert fc_match, "fontconfig missing"
    font = subprocess.run([fc_match, "sans-serif:lang=zh-cn"], capture_output=True, text=True, check=True).stdout
    assert "Noto Sans CJK" in font, font
    open_page(page, f"{dashboard_url}/", "人社规划指标对比")
    heading = page.get_by_test_id("stMain").get_by_text("景德镇").first
    box = heading.bounding_box()
    assert box and box["width"] > 30  # three real glyphs, not collapsed missing-glyph boxes
    page.screenshot(path=artifacts / "overview_fonts_zh.png", full_page=True)


def test_a_fresh_server_opens_a_page_link_first(browser):
    """The very first request of a new server is a deep link (Streamlit would run the page file
    alone in its legacy pages/ mode): the app shell must still run, with the link's state."""
    with running_dashboard() as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720}, locale="zh-CN")
        open_page(page, f"{url}/scorecard?city=jingdezhen&period=12th&lang=en", "Targets vs achievements")
        main = page.get_by_test_id("stMain")
        expect(main.get_by_text("18 targets: 10 met, 8 not met")).to_be_visible()
        expect(page.get_by_test_id("stSidebar").get_by_role("radio", name="English")).to_be_checked()
        expect(page.get_by_test_id("stException")).to_have_count(0)
        page.close()


def test_first_visit_follows_the_browser_language(browser, dashboard_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    page = context.new_page()
    open_page(page, f"{dashboard_url}/trends", "Trends")
    expect(page).to_have_url(re.compile(r"lang=en"))  # the link carries the language it shows
    context.close()


def test_ambition_download_equals_the_pace_rows(page: Page, dashboard_url: str):
    from analytics import pace

    open_page(page, f"{dashboard_url}/ambition?period=13th&indicator=unemployment_insurance_insured", "目标力度")
    with page.expect_download() as download:
        page.get_by_test_id("stMain").get_by_role("button", name=re.compile("下载 CSV")).click()
    expected = pace.for_spreadsheet(pace.pace_cities(get_database(), "13th", None, "zh"))  # paces to 4 digits
    assert download.value.path().read_bytes() == exports.to_csv_bytes(expected, "zh")
    assert download.value.suggested_filename.endswith(".csv") and "13th" in download.value.suggested_filename
