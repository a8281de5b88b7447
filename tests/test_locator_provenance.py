"""A document added as a PDF: every value keeps where its line is in the original (`p. 7`), and the pages,
the explorer and its downloads show it after file:line.

The document is FICTIONAL (tests/documents/900_yunmengze_14th_plan.txt, a city 云梦泽 that does not exist),
rendered to PDF by LibreOffice (tests/render_formats.py) and added with the commands a researcher runs, in a
temporary directory: nothing here touches data/ or the project's catalogue.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest

from analytics import catalogue, labels, trend
from analytics.db import Database
from tests import render_formats
from tests.apptest_helpers import open_app
from tests.conftest import PROJECT_DIR, missing
from tests.generation_helpers import table_path

PLAN = Path(__file__).parent / "documents" / "900_yunmengze_14th_plan.txt"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics.ingest", *args], cwd=PROJECT_DIR, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def world(sources_dir, tmp_path_factory):
    soffice = render_formats.soffice_with_writer()
    if soffice is None:
        missing("LibreOffice Writer not installed: no PDF to add", "apt-get install libreoffice-writer-nogui")
    root = tmp_path_factory.mktemp("pdf-world")
    sources, cat, data = root / "sources", root / "catalogue", root / "data"
    shutil.copytree(sources_dir, sources)
    shutil.copytree(catalogue.DEFAULT_DIR, cat)
    pdf = render_formats.render([PLAN], root / "rendered", ("pdf",), soffice)[(PLAN.name, "pdf")]
    target = sources / pdf.name
    shutil.copy(pdf, target)
    added = _cli("add", str(target), "--sources", str(sources), "--catalogue", str(cat))
    rebuilt = _cli("--sources", str(sources), "--data", str(data), "--catalogue", str(cat))
    assert added.returncode == 0 and rebuilt.returncode == 0, added.stderr + rebuilt.stderr
    rows = [row for row in pq.read_table(table_path(data, "observations")).to_pylist()
            if row["source_file"] == pdf.name]
    return SimpleNamespace(data=data, file=pdf.name, rows=rows, report=added.stdout)


def test_add_names_the_format_and_every_value_its_page(world):
    assert "format    pdf" in world.report and "pages;" in world.report
    assert len(world.rows) == 29  # as the text version reads: 26 from tables, 3 from the prose by machine
    assert sum(row["reading"] == "machine" for row in world.rows) == 3
    assert all(row["source_locator"] and row["source_locator"].startswith("p. ") for row in world.rows)
    jobs = [row for row in world.rows if row["indicator_id"] == "urban_new_jobs" and row["value_kind"] == "target"
            and row["year"] == 2025 and row["reading"] == "table"]  # the prose states it too, read by machine
    assert [labels.format_where(row["source_file"], row["source_line"], row["source_locator"]) for row in jobs] == \
        [f"{world.file}:{jobs[0]['source_line']} ({jobs[0]['source_locator']})"]


def test_the_trend_rows_carry_the_page_into_hover_and_table(world):
    database = Database(world.data)
    try:
        result = trend.trend(database, "urban_new_jobs", ["yunmengze"])
    finally:
        database.close()
    assert result.rows["source_locator"].str.startswith("p. ").all()
    places = labels.where_cells(result.rows["source_file"], result.rows["source_line"], result.rows["source_locator"])
    assert all(place.startswith(f"{world.file}:") and "(p. " in place for place in places)


def test_the_trends_page_shows_where_each_value_is_in_the_pdf(world, monkeypatch):
    monkeypatch.setenv("PLAN_DATA_DIR", str(world.data))
    at = open_app("trends", lang="en", city="yunmengze", indicator="urban_new_jobs")
    table = next(frame.value for frame in at.dataframe if "Source (file:line)" in frame.value.columns)
    assert table["Source (file:line)"].str.match(rf"^{world.file}:\d+ \(p\. \d+\)$").all()
    hovers = "\n".join(element.proto.spec for element in at.get("plotly_chart"))
    assert f"{world.file}:" in hovers and "(p. " in hovers
