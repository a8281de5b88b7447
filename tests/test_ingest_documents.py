"""Ingestion of the document catalogue: verified sources, atomic and deterministic writes."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from analytics import catalogue, generations
from analytics.ingest import SourceError, run
from tests.conftest import COMMITTED_DATA, PROJECT_DIR, snapshot
from tests.generation_helpers import table_path

CITY_OF_FILE = {
    "000_d92a957b28094439.txt": "jiangmen",
    "001_ec0a8e65957f0800.txt": "jingdezhen",
    "002_bf700d1be069a182.txt": "jiangmen",
    "003_752116bdcc71a0d2.txt": "zhanjiang",
    "004_95eefe6b59f03fdd.txt": "jiangmen",
}


@pytest.fixture
def data_with_previous_build(tmp_path):
    """An output directory holding the committed build, so we can prove a failure leaves it alone."""
    target = tmp_path / "data"
    shutil.copytree(COMMITTED_DATA, target)
    return target


def test_documents_table_lists_every_source_with_its_hash(sources_dir, tmp_path):
    counts = run(sources_dir, tmp_path / "out")
    assert counts["documents"] == 5
    documents = pq.read_table(table_path(tmp_path / "out", "documents")).to_pylist()
    assert {row["source_file"]: row["city_id"] for row in documents} == CITY_OF_FILE
    for row in documents:
        raw = (sources_dir / row["source_file"]).read_bytes()
        assert row["sha256"] == hashlib.sha256(raw).hexdigest()
        assert row["line_count"] == len(raw.decode("utf-8").split("\n"))
    by_id = {row["doc_id"]: row for row in documents}
    assert by_id["jiangmen_13th_plan"]["doc_number"] == "江人社发〔2016〕543号"
    assert by_id["jingdezhen_13th_plan"]["issued"] == "2018-01-19"
    assert by_id["zhanjiang_14th_plan"]["plan_period"] == "14th"


def test_catalogue_facts_are_written_in_the_documents(sources_dir):
    """Titles, numbers and dates of documents.yaml are checked against the text itself."""
    for doc in catalogue.documents():
        text = (sources_dir / doc["source_file"]).read_text(encoding="utf-8")
        if doc["doc_number"]:
            assert doc["doc_number"] in text
        core_title = doc["title_zh"].split("（")[0].removeprefix("江门市人力资源和社会保障局")
        if doc["kind"] == "five_year_plan":
            assert core_title.replace("“", "").replace("”", "")[:8] in text.replace(" ", "")


def test_missing_source_is_named_and_data_untouched(sources_copy, data_with_previous_build):
    (sources_copy / "003_752116bdcc71a0d2.txt").unlink()
    before = snapshot(data_with_previous_build)
    with pytest.raises(SourceError, match=r"003_752116bdcc71a0d2\.txt"):
        run(sources_copy, data_with_previous_build)
    assert snapshot(data_with_previous_build) == before


def test_changed_source_is_named_and_data_untouched(sources_copy, data_with_previous_build):
    path = sources_copy / "001_ec0a8e65957f0800.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("13.3", "13.4", 1), encoding="utf-8")
    before = snapshot(data_with_previous_build)
    with pytest.raises(SourceError, match=r"001_ec0a8e65957f0800\.txt: content changed"):
        run(sources_copy, data_with_previous_build)
    assert snapshot(data_with_previous_build) == before


def test_failure_while_writing_leaves_no_partial_build(sources_dir, data_with_previous_build, monkeypatch):
    real_write = generations.pq.write_table
    calls = []

    def failing_write(table, where, **kwargs):
        calls.append(where)
        if len(calls) == 3:
            raise OSError("disk full")
        real_write(table, where, **kwargs)

    monkeypatch.setattr(generations.pq, "write_table", failing_write)
    before = snapshot(data_with_previous_build)
    with pytest.raises(OSError, match="disk full"):
        run(sources_dir, data_with_previous_build)
    assert snapshot(data_with_previous_build) == before
    assert not [p for p in data_with_previous_build.iterdir() if p.name.startswith(".")]


def test_cli_reports_a_missing_file_and_exits_non_zero(sources_copy, data_with_previous_build):
    (sources_copy / "000_d92a957b28094439.txt").unlink()
    before = snapshot(data_with_previous_build)
    result = subprocess.run(
        [sys.executable, "-m", "analytics.ingest", "--sources", str(sources_copy), "--data",
         str(data_with_previous_build)],
        cwd=PROJECT_DIR, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert "000_d92a957b28094439.txt" in result.stderr
    assert "left unchanged" in result.stderr
    assert snapshot(data_with_previous_build) == before


def test_rebuild_equals_committed_data(sources_dir, tmp_path):
    """The committed Parquet files are exactly what ingestion produces from the sources."""
    run(sources_dir, tmp_path / "rebuilt")
    rebuilt = snapshot(tmp_path / "rebuilt")
    committed = snapshot(COMMITTED_DATA)
    assert sorted(rebuilt) == sorted(committed)
    for name in rebuilt:
        assert rebuilt[name] == committed[name], f"data/{name} is stale: run `make data`"
