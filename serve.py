"""`streamlit run serve.py` (what `make run` serves): the dashboard of app.py, warmed before the server
says it is up.

A fresh process would otherwise make its first visitor wait for what only the first run of the
script pays: importing pandas and the pages' modules, opening and checking the data
(analytics.db.get_database: one Database per process, shared by every session and thread), the
default page's queries (kept in that Database's query cache) and Streamlit's own first use of its
elements. So once the runtime has started, and before the server answers its first request, the
app's script runs once in a session of its own, with no browser: the overview at its default
state, exactly what a first visitor asks for. `streamlit run app.py` still works, unwarmed.

A script that fails there (no data yet, say) does not stop the server: each visitor then sees the
page's own message, as without the warm-up.

It also serves the Explorer's prepared downloads from disk (/download/<token>, ui.downloads.file_response):
streamed in chunks, where Streamlit's download button would hold the whole file in memory.
"""

from __future__ import annotations

import time
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.routing import Route
from streamlit.logger import get_logger
from streamlit.runtime import Runtime

from ui import downloads

LOG = get_logger(__name__)


@asynccontextmanager
async def warm_start(_app):
    start = time.perf_counter()
    try:
        _, message = await Runtime.instance().does_script_run_without_error()
    except Exception as exc:  # a warm-up is an optimisation: never the reason a server does not start
        message = f"{type(exc).__name__}: {exc}"
    LOG.info("warm-up run of app.py: %s in %.1f s", message, time.perf_counter() - start)
    yield


downloads.FILE_ROUTE = "download"
app = st.App(Path(__file__).with_name("app.py"), lifespan=warm_start,
             routes=[Route(f"/{downloads.FILE_ROUTE}/{{token}}", downloads.file_response)])
