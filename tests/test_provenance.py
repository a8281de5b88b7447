"""Every committed value can be found on the line it cites: the promise researchers rely on."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from tests.conftest import COMMITTED_DATA
from tests.generation_helpers import table_path


@pytest.fixture(scope="module")
def observations():
    return pq.read_table(table_path(COMMITTED_DATA, "observations")).to_pylist()


def test_every_quote_and_raw_text_is_on_its_source_line(observations, sources_dir):
    lines = {}
    for row in observations:
        file_lines = lines.setdefault(
            row["source_file"], (sources_dir / row["source_file"]).read_text(encoding="utf-8").split("\n"))
        line = file_lines[row["source_line"] - 1]
        where = f"{row['source_file']}:{row['source_line']} ({row['indicator_id']})"
        assert row["quote"] and row["quote"] in line, where
        assert row["raw_text"] in line, where
        assert len(row["quote"]) <= 200, f"{where}: quote should be short"


def test_every_row_names_a_catalogued_indicator_and_a_listed_document(observations):
    indicators = set(pq.read_table(table_path(COMMITTED_DATA, "indicators")).column("indicator_id").to_pylist())
    documents = pq.read_table(table_path(COMMITTED_DATA, "documents")).to_pylist()
    files = {doc["source_file"]: doc for doc in documents}
    for row in observations:
        assert row["indicator_id"] in indicators
        assert files[row["source_file"]]["doc_id"] == row["doc_id"]
        assert files[row["source_file"]]["city_id"] == row["city_id"]


def test_missing_values_are_null_never_zero(observations):
    for row in observations:
        if row["raw_text"].strip() in {"—", "-", "控制在目标内"}:
            assert row["value"] is None, row["obs_id"]
