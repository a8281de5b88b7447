"""The frame around every page: language, presenter mode, notices, styling."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui import state
from ui.i18n import LANG_NAMES, LANGS, t

# Every URL parameter some page understands; anything else is dropped with a notice.
KNOWN_PARAMS = {
    "lang", "present", "city", "peer", "period", "indicator", "kind", "avg", "view", "category",
    "district", "attribute", "years", "q", "page", "all",
}

PRESENTER_CSS = """
<style>
html, body, [data-testid="stMarkdownContainer"] { font-size: 1.3rem; }
[data-testid="stMain"] h1 { font-size: 2.6rem; }
[data-testid="stMain"] h2 { font-size: 2.1rem; }
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 100%; }
</style>
"""

BASE_CSS = """
<style>
.source-footnote { color: #555; font-size: 0.85rem; margin-top: -0.6rem; }
.verdict { font-size: 1.25rem; font-weight: 600; margin: 0.2rem 0 0.8rem 0; }
.link-notice { color: rgba(49, 51, 63, 0.65); font-size: 0.875rem; }
</style>
"""


@dataclass(frozen=True)
class Context:
    lang: str
    present: bool


def _browser_default_lang() -> str:
    locale = (st.context.locale or "").lower()
    return "en" if locale.startswith("en") else "zh"


def sidebar() -> Context:
    """Language and presenter mode, both kept in the URL (lang=zh|en, present=1)."""
    state.hold_notices()
    state.drop_unknown_params(KNOWN_PARAMS)
    with st.sidebar:
        lang = state.url_widget(
            "lang",
            LANGS,
            "zh",
            lambda key: st.radio("语言 / Language", LANGS, key=key, horizontal=True,
                                 format_func=lambda code: LANG_NAMES[code]),
            initial=_browser_default_lang(),
        )
        present = state.url_flag(
            "present",
            lambda key: st.toggle(t("presenter_mode", lang), key=key, help=t("presenter_help", lang)),
        )
    return Context(lang=lang, present=present)


def frame(ctx: Context) -> None:
    st.html(BASE_CSS + (PRESENTER_CSS if ctx.present else ""))




def context() -> Context:
    """The Context of the current run, as set by app.py."""
    ctx = st.session_state.get("_ctx")
    if ctx is None:
        # A fresh server whose very first request is a page URL (/sources) runs that page file
        # directly: Streamlit keeps its legacy pages/-folder mode until some run calls
        # st.navigation. Switch that mode off and rerun, so app.py (which owns navigation,
        # language and presenter mode) runs first and then opens the same page.
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    state.open_notice_slot()
    return ctx
