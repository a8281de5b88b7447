"""The frame around every page: language, presenter mode, notices, styling."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui import share, state
from ui.i18n import LANG_NAMES, LANGS, t

# Every URL parameter some page understands; anything else is dropped with a notice.
KNOWN_PARAMS = set(share.PARAM_ORDER)

# Presenter layout: the page fits a 1280×720 or 1920×1080 screen. The first screen of a chart page
# (ui/components: the st-key-present_* containers) is the viewport's height: the headline (the
# verdict as the title, the chart's sentence under it) and the chart, which takes the height the
# headline leaves (Streamlit measures the chart's box and draws the figure at that height). The
# filters are a small button in the top right corner that opens over the page. Any other chart
# is at most one screen tall.
PRESENTER_CSS = """
<style>
html, body, [data-testid="stMarkdownContainer"] { font-size: 1.3rem; }
[data-testid="stMain"] h1 { font-size: 2.6rem; padding-right: 7rem; }
[data-testid="stMain"] h2 { font-size: 2.1rem; }
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none; }
[data-testid="stMainBlockContainer"] { padding: 0.75rem 2rem 3rem 2rem; max-width: 100%; }
.st-key-present_screen {
  flex: 0 0 auto !important; height: calc(100vh - 1.25rem); gap: 0.5rem; flex-wrap: nowrap;
}
.st-key-present_screen h1 {
  /* At most two lines whatever the verdict: the size the screen gives (3vh), unless the title's
     length (--title-ems, set with it: ui/components.headline) needs a smaller one to fit two
     lines of the main column, less the corner the presenter bar takes on the first line; never
     under 20px (the title is the verdict's short form: ui/components.headline). */
  font-size: max(20px, min(clamp(1.3rem, 0.45rem + 3vh, 2.4rem),
                           calc((200vw - 4rem - 2 * 4rem - 20rem) * 0.86 / var(--title-ems, 1))));
  line-height: 1.2; padding: 0; margin: 0;
}
.st-key-present_screen h1::before { content: ""; float: right; width: 20rem; height: 1em; }
.present-bar { position: fixed; top: 0.5rem; right: 8.5rem; z-index: 999980; background: white;
  gap: 0.35rem !important; }
.present-bar a, .present-bar button { font-size: 0.85rem !important; padding: 0.2rem 0.6rem !important;
  border: 1px solid rgba(49, 51, 63, 0.3); border-radius: 0.5rem; color: inherit; text-decoration: none;
  background: white; line-height: 1.4; }
.present-bar a:hover { border-color: #1f6feb; color: #1f6feb; }
.st-key-present_screen [data-testid="stMarkdownContainer"],
.st-key-present_screen [data-testid="stMarkdownContainer"] p { font-size: 1rem; margin-bottom: 0; }
.chart-sentence { color: #444; font-size: 0.9rem; }
.st-key-present_screen > [data-testid="stLayoutWrapper"]:has(> .st-key-present_chart) {
  flex: 1 1 0; min-height: 22rem; display: flex; flex-direction: column;
}
.st-key-present_chart { flex: 1 1 0; min-height: 0; gap: 0.25rem; flex-wrap: nowrap; }
.st-key-present_chart > [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {
  flex: 1 1 0; min-height: 0;
}
.st-key-present_chart [data-testid="stFullScreenFrame"],
.st-key-present_chart [data-testid="stPlotlyChart"] { height: 100% !important; }
.st-key-present_chart .source-footnote { margin-top: 0; font-size: 0.75rem; }
[data-testid="stPlotlyChart"] { max-height: calc(100vh - 2rem); }
.st-key-present_filters {
  position: fixed; top: 0.5rem; right: 1rem; z-index: 999990; width: auto !important;
  max-width: calc(100vw - 2rem); background: white; border-radius: 0.5rem;
}
.st-key-present_filters summary { padding: 0.2rem 0.7rem; }
.st-key-present_filters summary [data-testid="stMarkdownContainer"],
.st-key-present_filters summary p { font-size: 0.85rem; }
.st-key-present_filters:has(details[open]) {
  width: min(64rem, calc(100vw - 2rem)) !important; max-height: calc(100vh - 1rem); overflow-y: auto;
  box-shadow: 0 6px 24px rgba(0, 0, 0, 0.2);
}
</style>
"""

BASE_CSS = """
<style>
.source-footnote { color: #555; font-size: 0.85rem; margin-top: -0.6rem; }
.verdict { font-size: 1.25rem; font-weight: 600; margin: 0.2rem 0 0.8rem 0; }
.link-notice { color: rgba(49, 51, 63, 0.65); font-size: 0.875rem; }
/* A focus ring one can see on every control, links of the sidebar included */
a:focus-visible, button:focus-visible, [role="tab"]:focus-visible, [role="radio"]:focus-visible,
[role="switch"]:focus-visible, input:focus-visible, [tabindex]:focus-visible,
[data-testid="stSidebarNav"] a:focus-visible,
[data-testid="stRadio"] label:has(input:focus-visible) {
  outline: 3px solid #1f6feb !important; outline-offset: 2px; border-radius: 4px;
}
</style>
"""


# Presenter mode's Filters panel closes after a change: the filter values a run ended with; the
# next run that starts with other values draws a new (closed) panel (ui/components.filters).
FILTERS_SEEN = "_present_filters_seen"
NOT_FILTERS = frozenset({"lang", "present"})
INCLUDE_MACHINE = "machine"  # the URL parameter of the machine-read values' switch (machine=0: left out)


def filters_seen(values: dict) -> dict:
    """The page's filter values (not the language or the mode), lists as lists."""
    return {name: list(value) if isinstance(value, list | tuple) else value
            for name, value in values.items() if name not in NOT_FILTERS}


@dataclass(frozen=True)
class Context:
    lang: str
    present: bool
    share_slot: object = None  # a sidebar container for the copy-link button, filled after the page
    include_machine: bool = True  # machine-read values shown (marked) or left out, in SQL (ui.data.database)


def _browser_default_lang() -> str:
    locale = (st.context.locale or "").lower()
    return "en" if locale.startswith("en") else "zh"


def sidebar() -> Context:
    """Language and presenter mode, both kept in the URL (lang=zh|en, present=1). The language
    is always in the URL (a link opens in the language it was sent in, whatever the browser's);
    a link without it starts from the browser's language."""
    state.hold_notices()
    state.drop_unknown_params(KNOWN_PARAMS)
    with st.sidebar:
        lang = state.url_widget(
            "lang",
            LANGS,
            None,  # no default to leave out: the parameter is always written
            lambda key: st.radio("语言 / Language", LANGS, key=key, horizontal=True,
                                 format_func=lambda code: LANG_NAMES[code]),
            initial=_browser_default_lang(),
        )
        present = state.url_flag(
            "present",
            lambda key: st.toggle(t("presenter_mode", lang), key=key, help=t("presenter_help", lang)),
        )
        include_machine = state.url_flag(
            INCLUDE_MACHINE,
            lambda key: st.toggle(t("include_machine", lang), key=key, help=t("include_machine_help", lang)),
            default=True,
        )
        share_slot = st.container()
        share.page_language(lang)
    return Context(lang=lang, present=present, share_slot=share_slot, include_machine=include_machine)


def frame(ctx: Context) -> None:
    st.html(BASE_CSS + (PRESENTER_CSS if ctx.present else ""))


def share_view(ctx: Context) -> None:
    """After the page ran (its filters are final): the copy-link button in the sidebar, for a
    link that names every filter's value (defaults included); in presenter mode also the
    on-screen bar (exit, the other language, copy link)."""
    values = state.filter_values()
    st.session_state[FILTERS_SEEN] = filters_seen(values)
    if ctx.present:
        share.presenter_bar(share.link_values(values), ctx.lang)
    if ctx.share_slot is None:
        return
    with ctx.share_slot:
        share.copy_link_button(share.canonical_query(share.link_values(state.filter_values())), ctx.lang)




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
