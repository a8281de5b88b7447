"""The explorer's downloads of every matching row, at any size, in bounded memory.

Each file is written by analytics.exports.write_explorer_download (DuckDB's COPY for CSV and Parquet, a
constant-memory workbook for XLSX, each in a DuckDB of its own with its own memory limit) into a temporary
directory of the server (never into data/; removed when the server exits) and handed to the download button as
an open file, which Streamlit reads once when the user clicks: the bytes are never built in Python beside it.

- A small selection (QUICK_ROWS for its format: written well within 2 s) is one click: the button writes the
  file when clicked (Streamlit shows its spinner on the button meanwhile).
- A larger one is two: **Prepare** writes the file while a progress bar shows how far it is (or that it waits
  for another download to finish), then the button downloads it. The file is kept for the session until the
  filters change or PREPARED_HOURS pass. Served by serve.py (`make run`), the button is a link to the server's
  file route (`file_response`), which streams the file from disk in chunks: Streamlit's download button would
  read the whole file into the server's memory when clicked (3.4 GB for every row at 10,000×). Without that
  route (`streamlit run app.py`, AppTest) the download button serves it.
- A failure (out of memory, no room on disk, anything else) is shown under the button with what to do, never a
  button that silently gives no file. A failure of a one-click download, which Streamlit can only report as a
  short note under the button, is shown with what to do on the next run of the page as well.
"""

from __future__ import annotations

import atexit
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path

import streamlit as st

from analytics import exports
from analytics.db import Database
from analytics.explorer import ExplorerFilter
from ui.i18n import t, t_md

# Rows written well within 2 s on this kind of server (measured at 1,000×: see tests/bench_downloads.py);
# more rows are prepared with a progress bar first.
QUICK_ROWS = {".csv": 50_000, ".parquet": 100_000, ".xlsx": 5_000}
PREPARED_HOURS = 1.0  # a prepared file not downloaded again within this is removed
MIME = {".csv": "text/csv", ".parquet": "application/vnd.apache.parquet",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ICONS = {".csv": ":material/download:", ".xlsx": ":material/table_view:", ".parquet": ":material/dataset:"}
KEYS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet"}

_directory_lock = threading.Lock()
_directory: list[Path] = []

# The path of the server's route that streams a prepared file (`file_response`), set by serve.py when it mounts
# it; None where no such route is served.
FILE_ROUTE: str | None = None
_served_lock = threading.Lock()
_served: dict[str, tuple[Path, str, str]] = {}  # link token -> (file, its download name, its MIME type)


def serve_file(path: Path, file_name: str, mime: str) -> str:
    """The link (relative to the page) under which the file route streams `path` as `file_name`: a token of its
    own, not guessable; it ends with the file (filters changed, PREPARED_HOURS passed, the server stopped)."""
    token = secrets.token_urlsafe(24)
    with _served_lock:
        for stale in [key for key, (file, _, _) in _served.items() if not file.is_file()]:
            del _served[stale]
        _served[token] = (Path(path), file_name, mime)
    return f"{FILE_ROUTE}/{token}"


def served_file(token: str) -> tuple[Path, str, str] | None:
    """The file behind a link token of `serve_file`, if it is still there."""
    with _served_lock:
        entry = _served.get(token)
    return entry if entry is not None and entry[0].is_file() else None


async def file_response(request):
    """The file route (Starlette; serve.py mounts it at /FILE_ROUTE/{token}): the prepared file streamed from
    disk in chunks, as an attachment under its download name; 404 with what to do for a link that has ended."""
    from starlette.responses import FileResponse, PlainTextResponse

    entry = served_file(request.path_params["token"])
    if entry is None:
        return PlainTextResponse("This download is no longer prepared: prepare it again on the Explorer page. "
                                 "/ 此下载已失效：请在数据浏览页重新准备。", status_code=404)
    path, file_name, mime = entry
    return FileResponse(path, media_type=mime, filename=file_name)


def download_directory() -> Path:
    """The server's own temporary directory for downloads (one per process, removed when it exits)."""
    with _directory_lock:
        if not _directory or not _directory[0].is_dir():
            _directory[:] = [Path(tempfile.mkdtemp(prefix="plan-downloads-"))]
            atexit.register(shutil.rmtree, _directory[0], True)
        return _directory[0]


def _sweep(directory: Path) -> None:
    """Remove prepared files older than PREPARED_HOURS (a session that left without downloading its file)."""
    oldest = time.time() - PREPARED_HOURS * 3600
    for path in directory.glob("rows-*"):
        try:
            if path.stat().st_mtime < oldest:
                path.unlink()
        except OSError:
            pass


def _file_once(path: Path):
    """The open file at `path`, removed from the directory (the open file still reads whole): for a button
    whose file is written when it is clicked."""
    handle = path.open("rb")
    path.unlink(missing_ok=True)
    return handle


def failure_message(exc: exports.ExportFailed, lang: str) -> str:
    """What went wrong and what to do, in the reader's language, for st.error (Markdown: the detail, DuckDB's or
    the system's words, is escaped so it shows as written)."""
    return t(f"download_failed_{exc.reason}", lang) + " " + t_md("download_failed_detail", lang, detail=exc.detail)


def explorer_downloads(db: Database, selection: ExplorerFilter, lang: str, n_rows: int, stem: str) -> None:
    """The three downloads of the explorer (CSV, XLSX, Parquet) of exactly the rows of `selection`, side by side."""
    columns = st.columns(3)
    xlsx_fits = exports.xlsx_fits(n_rows)
    too_many = t("xlsx_too_many_rows", lang, max=f"{exports.XLSX_MAX_ROWS:,}")
    for column, suffix in zip(columns, (".csv", ".xlsx", ".parquet"), strict=True):
        with column:
            disabled = n_rows == 0 or (suffix == ".xlsx" and not xlsx_fits)
            _download(db, selection, lang, n_rows, f"{stem}{suffix}", suffix, disabled,
                      help_text=too_many if suffix == ".xlsx" and not xlsx_fits else None)
            if suffix == ".xlsx" and not xlsx_fits:
                st.caption(too_many)


def _download(db: Database, selection: ExplorerFilter, lang: str, n_rows: int, file_name: str, suffix: str,
              disabled: bool, help_text: str | None) -> None:
    key = KEYS[suffix]
    label = t(f"download_{key}", lang)
    failures = st.session_state.setdefault("_download_failures", {})
    prepared = st.session_state.setdefault("_prepared_downloads", {})
    # What the file holds: the rows of this selection, as this reader's view of the data words them.
    token = repr((selection, lang, tuple(db.readings), suffix))
    button = {"file_name": file_name, "mime": MIME[suffix], "on_click": "ignore", "icon": ICONS[suffix],
              "key": f"download_{key}", "help": help_text}
    if disabled or n_rows <= QUICK_ROWS[suffix]:
        def write_on_click(failed: dict = failures):
            try:
                handle = _file_once(exports.write_explorer_download(db, selection, suffix, lang,
                                                                    download_directory()).path)
                failed.pop(key, None)
                return handle
            except exports.ExportFailed as exc:
                failed[key] = (token, failure_message(exc, lang))  # shown on the page's next run
                raise
        st.download_button(label, data=write_on_click, disabled=disabled, **button)
        _show_failure(failures, key, token)
        return
    ready = prepared.get(key)
    if ready and ready["token"] == token and Path(ready["path"]).is_file():
        path = Path(ready["path"])
        if FILE_ROUTE is not None:  # streamed from disk by the server's file route, never held in memory
            if ready.get("link") is None:
                ready["link"] = serve_file(path, file_name, MIME[suffix])
            st.link_button(label, ready["link"], icon=ICONS[suffix], help=help_text)
        else:
            st.download_button(label, data=lambda: path.open("rb"), **button)
        st.caption(t("download_ready", lang, rows=f"{ready['rows']:,}", size=_megabytes(ready["size"])))
        return
    if ready:  # a file of other filters: not wanted any more
        Path(ready["path"]).unlink(missing_ok=True)
        prepared.pop(key, None)
    clicked = st.button(t(f"prepare_{key}", lang), key=f"prepare_{key}", icon=ICONS[suffix],
                        help=t("prepare_help", lang, rows=f"{n_rows:,}"))
    if not clicked:
        _show_failure(failures, key, token)
        return
    failures.pop(key, None)
    bar = st.progress(0.0, text=t("download_writing", lang, rows=f"{n_rows:,}"))

    def progress(done: float | None) -> None:
        if done is None:
            bar.progress(0.0, text=t("download_waiting", lang))
        else:
            bar.progress(min(max(done, 0.0), 1.0), text=t("download_writing", lang, rows=f"{n_rows:,}")
                         + f" {done:.0%}")

    directory = download_directory()
    _sweep(directory)
    try:
        written = exports.write_explorer_download(db, selection, suffix, lang, directory, progress=progress)
    except exports.ExportFailed as exc:
        bar.empty()
        failures[key] = (token, failure_message(exc, lang))
        _show_failure(failures, key, token)
        return
    prepared[key] = {"token": token, "path": str(written.path), "rows": written.n_rows, "size": written.size}
    st.rerun()


def _show_failure(failures: dict, key: str, token: str) -> None:
    failed = failures.get(key)
    if failed and failed[0] == token:
        st.error(failed[1], icon=":material/error:")


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.1f}"
