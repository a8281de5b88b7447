"""`make screenshots`: full-page PNGs of every page in Chinese and in English, and the first
screen of each chart page in presenter mode at 1280×720 (both languages), into docs/screenshots/.

Runs the real server and Debian's Chromium, like the browser tests.
"""

from __future__ import annotations

import os
import sys
import tempfile

from playwright.sync_api import sync_playwright

from analytics.paths import PROJECT_DIR
from tests.browser.server import CHROMIUM_ARGS, chromium_path, running_dashboard

PAGES = [
    ("overview", ""),
    ("compare", "compare?indicator=urban_new_jobs&period=13th&kind=target"),
    ("scorecard", "scorecard?city=zhanjiang&period=13th"),
    ("trends", "trends?indicator=urban_new_jobs"),
    ("ambition", "ambition?period=13th&indicator=unemployment_insurance_insured"),
    ("explorer", "explorer?city=jiangmen&period=12th"),
    ("sources", "sources"),
]
PRESENTED = ("compare", "scorecard", "trends", "ambition")  # chart pages shown in presenter mode
LANGS = ("zh", "en")
# (file name, link, whole page?): presenter shots are the first screen exactly as a projector shows it.
SHOTS = [(f"{name}_{lang}", f"{path}{'&' if '?' in path else '?'}lang={lang}", True)
         for name, path in PAGES for lang in LANGS] + \
        [(f"{name}_presenter_{lang}", f"{path}{'&' if '?' in path else '?'}lang={lang}&present=1", False)
         for name, path in PAGES if name in PRESENTED for lang in LANGS]
OUT = PROJECT_DIR / "docs" / "screenshots"


def full_page(page, path) -> None:
    """Streamlit scrolls inside stMain: grow the viewport to its height before the screenshot."""
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1280, "height": max(720, int(height))})
    page.wait_for_timeout(800)
    page.screenshot(path=path, full_page=True)


def main() -> int:
    executable = chromium_path()
    if not executable:
        print("chromium is not installed (apt-get install chromium fonts-noto-cjk)", file=sys.stderr)
        return 1
    scratch = tempfile.mkdtemp(prefix="shots-")
    os.environ.setdefault("XDG_CONFIG_HOME", scratch)
    os.environ.setdefault("XDG_CACHE_HOME", scratch)
    OUT.mkdir(parents=True, exist_ok=True)
    with running_dashboard() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        for name, path, whole in SHOTS:
            page = browser.new_page(viewport={"width": 1280, "height": 720}, locale="zh-CN")
            page.goto(f"{url}/{path}")
            page.get_by_test_id("stMain").locator("h1").first.wait_for(timeout=30_000)
            page.wait_for_load_state("networkidle")
            page.wait_for_function("!document.querySelector('[data-testid=stSkeleton]')", timeout=30_000)
            page.wait_for_timeout(1500)
            if whole:
                full_page(page, OUT / f"{name}.png")
            else:
                page.screenshot(path=OUT / f"{name}.png")
            page.close()
            print(f"wrote docs/screenshots/{name}.png")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
