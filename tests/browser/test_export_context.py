"""What only a browser shows (issue 24), on one page load of the Chinese UI: Streamlit's main menu
in Chinese (no "Record screen", no "Made with Streamlit"), and a chart saved as SVG and PNG that
carries the page's verdict as its title and the chart's source line under it."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

from playwright.sync_api import Browser, expect

from tests.browser.test_pages_browser import open_page

VIEWPORT = {"width": 1280, "height": 720}
COMPARE = "compare?lang=zh&city=zhanjiang&city=jiangmen&period=13th"


def _squeezed(text: str) -> str:
    """Text without whitespace: an exported title is wrapped into lines where the page's is not."""
    return "".join(text.split())


def test_chinese_menu_and_exports_with_verdict_and_source(browser: Browser, dashboard_url):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    open_page(page, f"{dashboard_url}/{COMPARE}", "城市对比")
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0)
    expect(page.locator(".js-plotly-plot .plot-container").first).to_be_visible()

    page.get_by_test_id("stMainMenu").get_by_role("button").click()
    menu = page.get_by_test_id("stMainMenuList")
    expect(menu).to_be_visible()
    expect(menu.get_by_text("录制屏幕")).to_be_visible()
    expect(menu.get_by_text("打印")).to_be_visible()
    for english in ("Record screen", "Print", "Settings", "About"):
        expect(menu).not_to_contain_text(english)
    # the version line under the menu, when Streamlit shows one, is Chinese too
    expect(page.get_by_text("Made with Streamlit")).to_have_count(0)
    page.keyboard.press("Escape")

    main = page.get_by_test_id("stMain")
    verdict = main.locator(".verdict").first.inner_text()
    footnote = main.locator(".source-footnote").first.inner_text()
    assert verdict.strip() and "000_d92a957b28094439.txt" in footnote and "行 " in footnote
    with page.expect_download() as svg:
        main.get_by_role("button", name="SVG 矢量图", exact=True).click()
    image = svg.value.path().read_text(encoding="utf-8")
    words = _squeezed("".join(ET.fromstring(image).itertext()))
    assert _squeezed(verdict) in words, (verdict, words[:400])
    assert _squeezed(footnote) in words, (footnote, words[-600:])

    box = page.locator(".st-key-chart_compare .js-plotly-plot").bounding_box()
    with page.expect_download() as png:
        main.get_by_role("button", name="PNG 图片", exact=True).click()
    data = png.value.path().read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    # scale 2: the chart's width, and taller than the chart by the title and the source lines
    assert width == 2 * round(box["width"]) and height > 2 * box["height"] + 40, (width, height, box)
    context.close()
