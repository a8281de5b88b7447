"""The Sources page in a real browser: the three cities' names render in Chinese."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_sources_page_lists_the_documents_in_chinese(page: Page, dashboard_url: str, artifacts):
    page.goto(f"{dashboard_url}/sources?lang=zh")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="来源与方法")).to_be_visible(timeout=30_000)
    table = main.get_by_test_id("stTable").first
    expect(table).to_be_visible()
    for city in ("江门", "景德镇", "湛江"):
        expect(main.get_by_text(city, exact=False).first).to_be_attached()
    page.screenshot(path=artifacts / "sources_zh.png", full_page=True)


def test_language_switch_updates_the_url_and_the_link_reopens_it(page: Page, dashboard_url: str, browser):
    page.goto(f"{dashboard_url}/sources")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="来源与方法")).to_be_visible(timeout=30_000)
    page.get_by_test_id("stSidebar").get_by_test_id("stRadioOption").filter(has_text="English").click()
    expect(main.get_by_role("heading", name="Sources & method")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]lang=en"))
    reopened = browser.new_page()
    reopened.goto(page.url)
    expect(reopened.get_by_test_id("stMain").get_by_role("heading", name="Sources & method")).to_be_visible(
        timeout=30_000
    )
    reopened.close()
