"""Browser tests: the real server in headless Debian Chromium (never a downloaded browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from analytics.paths import PROJECT_DIR
from tests.browser.server import CHROMIUM_ARGS, chromium_path, running_dashboard
from tests.conftest import missing

ARTIFACTS = PROJECT_DIR / "artifacts" / "browser"

# Pages render charts and tables lazily; with the suite on both cores a first render can take
# longer than Playwright's default 5 s. A wait that is met returns at once, so this costs nothing.
expect.set_options(timeout=20_000)


def pytest_collection_modifyitems(config, items):
    # The hook sees the whole session's items: mark only this folder's (`-m "not browser"` works).
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _require_chromium():
    """Skipped with a visible reason locally; a hard failure in CI, where .ci/run installs it."""
    if chromium_path():
        return
    missing("chromium not installed", "apt-get install chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 720}, "locale": "zh-CN",
            "accept_downloads": True}


@pytest.fixture(scope="session")
def dashboard_url():
    with running_dashboard() as url:
        yield url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
