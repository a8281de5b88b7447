"""Sharing and the page's language in real Chromium: the copy-link button puts the canonical
link on the clipboard, and that link opens the same view in its language in a browser of the
other locale; a chart saves as PNG and SVG under its filter-state name; `<html lang>`,
Streamlit's own strings and a visible focus ring."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.browser.test_pages_browser import open_page

VIEWPORT = {"width": 1280, "height": 720}
COMPARE = "compare?city=zhanjiang&city=jiangmen&period=13th"


def _wait_for_chart(page) -> None:
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0)
    expect(page.locator(".js-plotly-plot .plot-container").first).to_be_visible()


def test_copied_link_reopens_the_view_in_its_language_in_an_english_browser(browser: Browser, dashboard_url):
    sender = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    sender.grant_permissions(["clipboard-read", "clipboard-write"], origin=dashboard_url)
    page = sender.new_page()
    open_page(page, f"{dashboard_url}/{COMPARE}&kind=baseline", "城市对比")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="复制此视图的链接").click()
    expect(sidebar.get_by_text("已复制")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    # Every choice is named, defaults included: the link opens this view even after new data
    # changes what the defaults are.
    assert copied == (f"{dashboard_url}/compare?lang=zh&city=zhanjiang&city=jiangmen&period=13th"
                      "&indicator=urban_new_jobs&kind=baseline&view=absolute")
    expect(sidebar.get_by_text(copied)).to_be_visible()  # written out for copying by hand
    sender.close()

    receiver = browser.new_context(viewport=VIEWPORT, locale="en-US")
    page = receiver.new_page()
    open_page(page, copied, "城市对比")  # Chinese, although the browser asks for English
    expect(page.get_by_test_id("stSidebar").get_by_role("radio", name="中文")).to_be_checked()
    expect(page).to_have_url(re.compile(r"kind=baseline"))
    receiver.close()


def test_a_chart_saves_as_png_and_svg_named_after_its_filters(browser: Browser, dashboard_url):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    open_page(page, f"{dashboard_url}/{COMPARE}&lang=zh", "城市对比")
    _wait_for_chart(page)
    main = page.get_by_test_id("stMain")
    stem = "compare_urban_new_jobs_13th_target_absolute_zhanjiang-jiangmen_zh"
    with page.expect_download() as svg:
        main.get_by_role("button", name="SVG 矢量图", exact=True).click()
    assert svg.value.suggested_filename == f"{stem}.svg"
    text = svg.value.path().read_text(encoding="utf-8")
    assert text.startswith("<svg") and "湛江" in text and "江门" in text  # the Chinese labels are text
    with page.expect_download() as png:
        main.get_by_role("button", name="PNG 图片", exact=True).click()
    assert png.value.suggested_filename == f"{stem}.png"
    assert png.value.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as csv:
        main.get_by_role("button", name=re.compile("下载图表数据")).click()
    assert csv.value.suggested_filename == f"{stem}.csv"
    context.close()


def test_page_language_and_streamlit_strings_follow_the_ui_language(browser: Browser, dashboard_url):
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    page = context.new_page()
    open_page(page, f"{dashboard_url}/{COMPARE}&lang=zh", "城市对比")
    _wait_for_chart(page)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_text("跳到主要内容")).to_have_count(1)
    expect(page.get_by_text("Skip to main content")).to_have_count(0)
    expect(page.locator(".modebar-btn[data-title='下载 PNG 图片']").first).to_be_attached()
    page.get_by_test_id("stSidebar").get_by_text("English").click()  # the language switched in place
    expect(page.get_by_test_id("stMain").get_by_role("heading", name="Compare cities", exact=True)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Skip to main content")).to_have_count(1)
    expect(page.get_by_text("跳到主要内容")).to_have_count(0)
    context.close()


def test_keyboard_focus_on_a_sidebar_link_shows_a_ring(browser: Browser, dashboard_url):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    open_page(page, f"{dashboard_url}/sources?lang=zh", "来源与方法")
    # Tab from the top of the page only once the sidebar's links are drawn (on a busy machine
    # they can come after the heading).
    expect(page.get_by_test_id("stSidebarNav").locator("a").first).to_be_visible()
    page.mouse.click(640, 5)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('[data-testid=stSidebarNav]')"):
            break
    else:
        raise AssertionError("Tab never reached the sidebar's page links")
    outline = page.evaluate("""() => { const style = getComputedStyle(document.activeElement);
        return [style.outlineStyle, style.outlineWidth, style.outlineColor]; }""")
    assert outline == ["solid", "3px", "rgb(31, 111, 235)"], outline
    context.close()
