"""The pages' door to analytics: one shared read-only Database, with a clear message when
the data cannot be loaded (missing, corrupt or out-of-date Parquet) instead of a traceback."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import paths, source_text
from analytics.db import Database, get_database
from analytics.schema import MACHINE_READING, READINGS, REBUILD_COMMAND, DataError
from ui import state
from ui.i18n import t, t_md


def database(lang: str) -> Database:
    """The tables as the page's reader chose them: with or without the machine-read values (the sidebar's
    switch, ui.chrome), left out in SQL by every statement of analytics.sql that reads observations."""
    ctx = st.session_state.get("_ctx")
    try:
        db = get_database()
        if ctx is not None and not ctx.include_machine:
            return db.with_readings(tuple(reading for reading in READINGS if reading != MACHINE_READING))
        return db
    except DataError as exc:
        # The command as code, never through md_literal: it must paste into a shell exactly as written.
        st.error(t_md("data_error", lang, error=exc.problem) + "\n\n" + t("data_rebuild", lang),
                 icon=":material/error:")
        st.code(REBUILD_COMMAND, language="bash")
        state.drop_unused_params()  # app.py's own call does not run after st.stop()
        st.stop()
        raise  # st.stop() raises; this keeps type checkers honest


# A document's original and its text lines: read once per file content (a PDF takes a second or two to read),
# at most a few documents kept, never written anywhere.
def read_original(source_file: str, sha256: str) -> source_text.Original:
    return _read_original(source_file, sha256, str(paths.default_sources_dir()))


def document_lines(source_file: str, sha256: str) -> pd.DataFrame:
    return _document_lines(source_file, sha256, str(paths.default_sources_dir()))


@st.cache_resource(max_entries=8, show_spinner=False)
def _read_original(source_file: str, sha256: str, sources_dir: str) -> source_text.Original:
    return source_text.original(source_file, sha256, Path(sources_dir))


@st.cache_data(max_entries=8, show_spinner=False)
def _document_lines(source_file: str, sha256: str, sources_dir: str) -> pd.DataFrame:
    return source_text.text_lines(_read_original(source_file, sha256, sources_dir))
