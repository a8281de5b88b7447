"""Entry point: `streamlit run app.py`. Shared sidebar (language, presenter mode) and navigation."""

from __future__ import annotations

import streamlit as st

from ui import chrome, state
from ui.i18n import t

ctx = chrome.sidebar()
st.session_state["_ctx"] = ctx
st.set_page_config(
    page_title=t("app_title", ctx.lang),
    page_icon="📊",
    layout="wide",
    initial_sidebar_state="collapsed" if ctx.present else "auto",
)

PAGES = [
    st.Page("pages/overview.py", title=t("page_overview", ctx.lang), icon=":material/dashboard:",
            url_path="overview", default=True),
    st.Page("pages/compare.py", title=t("page_compare", ctx.lang), icon=":material/bar_chart:", url_path="compare"),
    st.Page("pages/scorecard.py", title=t("page_scorecard", ctx.lang), icon=":material/fact_check:",
            url_path="scorecard"),
    st.Page("pages/trends.py", title=t("page_trends", ctx.lang), icon=":material/timeline:", url_path="trends"),
    st.Page("pages/ambition.py", title=t("page_ambition", ctx.lang), icon=":material/speed:", url_path="ambition"),
    st.Page("pages/explorer.py", title=t("page_explorer", ctx.lang), icon=":material/table_view:",
            url_path="explorer"),
    st.Page("pages/sources.py", title=t("page_sources", ctx.lang), icon=":material/menu_book:", url_path="sources"),
]

navigation = st.navigation(PAGES, position="hidden" if ctx.present else "sidebar")
chrome.frame(ctx)
navigation.run()
state.drop_unused_params()  # after the page: it knows which parameters it read
chrome.share_view(ctx)  # the link of the view as it now stands
