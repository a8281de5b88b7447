"""The data-error page's rebuild command, copied in a real browser, pastes into a shell as written.

It used to be Markdown text through md_literal, which puts a word joiner (U+2060) between the two
hyphens of `--sources`: what looked right pasted as `-⁠-sources` and the command failed with
"unrecognized arguments". Now it is a code block: its copy button and a plain selection both give
exactly REBUILD_COMMAND, and the rebuild's own parser accepts it.
"""

from __future__ import annotations

import shlex

import pytest
from playwright.sync_api import Browser, Page, expect

from analytics.ingest.__main__ import rebuild_parser
from analytics.schema import REBUILD_COMMAND
from tests.browser.server import running_dashboard

INTRO = {"zh": "请在项目目录中运行以下命令，从来源文件重建数据：",
         "en": "Rebuild the data from the source documents with this command, in the project directory:"}
PASTE_BOX = """() => { const box = document.createElement('textarea'); box.id = 'paste-here';
  document.body.appendChild(box); box.focus(); }"""
SELECT_CODE = """(code) => { const range = document.createRange(); range.selectNodeContents(code);
  const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range); }"""


@pytest.fixture(scope="module")
def broken_url(tmp_path_factory):
    """The dashboard on a data directory without a manifest: every page is the data-error page."""
    with running_dashboard(data_dir=tmp_path_factory.mktemp("no-data")) as url:
        yield url


def _accepted_by_the_rebuild(command: str) -> None:
    words = shlex.split(command)
    assert words[:3] == ["python", "-m", "analytics.ingest"], words
    args = rebuild_parser().parse_args(words[3:])  # exits (SystemExit) on "unrecognized arguments"
    assert str(args.sources) == "../shared/sources"


def _paste(page: Page) -> str:
    page.evaluate(PASTE_BOX)
    page.keyboard.press("Control+V")
    pasted = page.locator("#paste-here").input_value()
    page.evaluate("() => document.getElementById('paste-here').remove()")
    return pasted


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_rebuild_command_pastes_as_written(browser: Browser, broken_url, lang):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"],
                                  viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        page.goto(f"{broken_url}/compare?lang={lang}")
        alert = page.get_by_test_id("stAlert")
        expect(alert).to_contain_text(INTRO[lang])
        expect(alert).to_contain_text("manifest.json")
        code = page.get_by_test_id("stCode")
        expect(code).to_have_count(1)
        assert code.locator("code").inner_text() == REBUILD_COMMAND

        # 1. The code block's copy button.
        code.hover()
        code.get_by_role("button", name="Copy to clipboard").click()
        page.wait_for_function("expected => navigator.clipboard.readText().then(text => text === expected)",
                               arg=REBUILD_COMMAND, timeout=10_000)
        assert _paste(page) == REBUILD_COMMAND

        # 2. A plain selection of the command, copied with the keyboard.
        page.evaluate("() => navigator.clipboard.writeText('')")
        code.locator("code").evaluate(SELECT_CODE)
        page.keyboard.press("Control+C")
        pasted = _paste(page)
        assert pasted == REBUILD_COMMAND, [hex(ord(char)) for char in pasted if ord(char) > 127]
        _accepted_by_the_rebuild(pasted)
        assert "\u2060" not in alert.inner_text() + pasted
    finally:
        context.close()
