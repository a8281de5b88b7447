"""The server's file route for prepared downloads (ui.downloads.file_response, mounted by serve.py): a prepared
file is offered as a link the route streams from disk (Streamlit's download button would hold the whole file in
memory), under a token of its own; a link whose file is gone answers 404 with what to do. Without the route
(AppTest, `streamlit run app.py`) the download button serves it, as tests/test_downloads.py checks."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from starlette.requests import Request
from streamlit.testing.v1 import AppTest

from analytics import exports
from analytics.db import get_database
from analytics.explorer import ExplorerFilter
from ui import downloads

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _respond(token: str):
    request = Request({"type": "http", "method": "GET", "path": f"/download/{token}", "headers": [],
                       "path_params": {"token": token}})
    return asyncio.run(downloads.file_response(request))


def test_the_route_streams_a_served_file_under_its_name(tmp_path, monkeypatch):
    monkeypatch.setattr(downloads, "FILE_ROUTE", "download")
    path = tmp_path / "rows.csv"
    path.write_bytes(b"a,b\n1,2\n")
    link = downloads.serve_file(path, "就业 targets.csv", "text/csv")
    prefix, _, token = link.partition("/")
    assert prefix == "download" and len(token) >= 32
    response = _respond(token)
    assert response.status_code == 200
    assert Path(response.path) == path
    assert response.media_type.startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment") and "filename*=utf-8''" in disposition


def test_a_link_whose_file_is_gone_or_unknown_answers_404(tmp_path, monkeypatch):
    monkeypatch.setattr(downloads, "FILE_ROUTE", "download")
    path = tmp_path / "rows.csv"
    path.write_bytes(b"x")
    token = downloads.serve_file(path, "rows.csv", "text/csv").partition("/")[2]
    path.unlink()
    for missing in (token, "not-a-token"):
        response = _respond(missing)
        assert response.status_code == 404
        assert b"prepare it again" in response.body


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_prepared_download_is_a_link_to_the_route(monkeypatch, suffix):
    monkeypatch.setattr(downloads, "FILE_ROUTE", "download")
    monkeypatch.setattr(downloads, "QUICK_ROWS", {".csv": 0, ".xlsx": 0, ".parquet": 0})  # every file prepared
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.query_params["kind"] = "target"
    at.switch_page("pages/explorer.py").run()
    key = downloads.KEYS[suffix]
    next(button for button in at.button if button.key == f"prepare_{key}").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert not [b for b in at.get("download_button") if b.proto.id.endswith(f"download_{key}")]
    links = [b for b in at.get("link_button") if b.proto.url.startswith("download/")]
    assert len(links) == 1
    path, file_name, mime = downloads.served_file(links[0].proto.url.partition("/")[2])
    assert file_name.endswith(suffix) and mime == downloads.MIME[suffix]
    expected = exports.explorer_export_bytes(get_database(), ExplorerFilter(value_kinds=["target"]), suffix, "en")
    if suffix == ".csv":
        assert path.read_bytes() == expected
    else:
        assert path.stat().st_size > 0
    at.run()  # the same link on the next run: one token per prepared file
    again = [b for b in at.get("link_button") if b.proto.url.startswith("download/")]
    assert [b.proto.url for b in again] == [links[0].proto.url]
