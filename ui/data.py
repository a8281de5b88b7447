"""The pages' door to analytics: one shared read-only Database, with a clear message when
the data cannot be loaded (missing, corrupt or out-of-date Parquet) instead of a traceback."""

from __future__ import annotations

import streamlit as st

from analytics.db import Database, get_database
from analytics.schema import REBUILD_COMMAND, DataError
from ui import state
from ui.i18n import t, t_md


def database(lang: str) -> Database:
    try:
        return get_database()
    except DataError as exc:
        # The command as code, never through md_literal: it must paste into a shell exactly as written.
        st.error(t_md("data_error", lang, error=exc.problem) + "\n\n" + t("data_rebuild", lang),
                 icon=":material/error:")
        st.code(REBUILD_COMMAND, language="bash")
        state.drop_unused_params()  # app.py's own call does not run after st.stop()
        st.stop()
        raise  # st.stop() raises; this keeps type checkers honest
