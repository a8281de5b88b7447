"""Driving the app through streamlit.testing.v1.AppTest."""

from __future__ import annotations

import html
import re
import string

from streamlit.testing.v1 import AppTest

from analytics.paths import PROJECT_DIR
from ui.state import NOTICE_CLASS
from ui.text import WORD_JOINER

APP = str(PROJECT_DIR / "app.py")
SHELL_PARAMS = ("lang", "present", "machine")  # the sidebar's: every page reads them
WIDGETLESS_PAGE = "sources"  # reads no URL parameter another page reads (its own are doc_city …)
SHELL_VALUES = {"lang": {"zh": "zh", "en": "en"}, "present": {"0": False, "1": True},
                "machine": {"0": False, "1": True}}  # link value -> widget value


def open_app(page: str | None = None, /, **params: str | list[str]) -> AppTest:
    """Run app.py with the given URL parameters, optionally switched to pages/<page>.py."""
    at = AppTest.from_file(APP, default_timeout=60)
    # AppTest must run the entry page before it can switch. That first run sees only the
    # shell's parameters: the page's own would be dropped there as unused by the overview.
    first = params if page is None else {k: v for k, v in params.items() if k in SHELL_PARAMS}
    for name, value in first.items():
        at.query_params[name] = value
    at.run()
    if page is not None:
        # A link opens its page in a fresh session. The entry page's own widgets (the overview's
        # city picker) would otherwise leave their state behind for the page's first run, where
        # it stands in for the link's values; a run of a page without URL widgets (Sources)
        # lets Streamlit clear it, as a fresh session has none.
        if page != WIDGETLESS_PAGE:
            at.switch_page(f"pages/{WIDGETLESS_PAGE}.py").run()
            # That run's element tree has no sidebar, so the shell's widgets (language, presenter
            # mode) come back as the link set them.
            for name, value in first.items():
                if name in SHELL_VALUES and isinstance(value, str) and value in SHELL_VALUES[name]:
                    at.session_state[name] = SHELL_VALUES[name][value]
        for name, value in params.items():
            at.query_params[name] = value
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


_ESCAPED = re.compile(r"\\([" + re.escape(string.punctuation) + "])")


def shown(markdown: str) -> str:
    """Markdown source as the reader sees its characters (CommonMark backslash escapes and the
    word joiners that keep URLs from becoming links removed)."""
    return _ESCAPED.sub(r"\1", markdown).replace(WORD_JOINER, "")


def notices(at: AppTest) -> list[str]:
    """The link notices at the top of the page (HTML text, see ui.state), as the reader sees them."""
    found = []
    for element in at.get("html"):
        body = element.proto.body
        if f"class='{NOTICE_CLASS}'" in body:
            text = html.unescape(re.sub(r"<[^>]+>", "", body)).removeprefix("link_off").removeprefix(" ")
            found.append(text)
    return found


def texts(at: AppTest) -> str:
    """All visible text of markdown, captions, titles and tables, for content assertions
    (Markdown escapes removed: what the reader sees)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts.extend(shown(str(element.value)) for element in at.get(kind))
    parts.extend(str(element.value) for element in at.get("code"))  # code is shown as written
    parts.extend(notices(at))
    for table in at.get("table"):
        parts.append(shown(table.value.to_string()))
    for frame in at.get("dataframe"):
        parts.append(frame.value.to_string())
    return "\n".join(parts)
