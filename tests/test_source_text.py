"""The Sources page's "read a document": the original file offered for download only when it is the
one the data was built from, and its text with the line numbers the values cite."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import docx
import pytest

from analytics import source_text
from tests.apptest_helpers import open_app

JM = "000_d92a957b28094439.txt"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_original_is_offered_only_unchanged(sources_dir, tmp_path):
    found = source_text.original(JM, _sha(sources_dir / JM), sources_dir)
    assert found.content == (sources_dir / JM).read_bytes() and found.why is None
    assert source_text.original(JM, "0" * 64, sources_dir).why == "changed"
    assert source_text.original(JM, _sha(sources_dir / JM), tmp_path).why == "missing"
    assert source_text.original("../sources/" + JM, _sha(sources_dir / JM), sources_dir).why == "missing"


def test_the_text_has_the_lines_the_values_cite(sources_dir):
    lines = source_text.text_lines(source_text.original(JM, _sha(sources_dir / JM), sources_dir))
    raw = (sources_dir / JM).read_text(encoding="utf-8").split("\n")
    assert len(lines) == len(raw) and set(lines["locator"]) == {""}
    row = lines[lines["line"] == 214].iloc[0]  # 专栏2's urban new jobs: [23.4] [13.5] [22.5]
    assert row["text"] == raw[213].replace("\t", " │ ") and "[22.5]" in row["text"]


def test_a_word_document_shows_where_each_line_is(tmp_path):
    document = docx.Document()
    document.add_paragraph("云梦泽市人力资源和社会保障事业发展“十四五”规划（虚构，仅供测试）")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, (("指标", "2025年目标"), ("城镇新增就业人数", "[6.5]")), strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    path = tmp_path / "900_fictional.docx"
    document.save(path)
    lines = source_text.text_lines(source_text.original(path.name, _sha(path), tmp_path))
    assert list(lines["locator"]) == ["paragraph 1", "table 1, row 1", "table 1, row 2"]
    assert list(lines["text"])[2] == "城镇新增就业人数 │ [6.5]"


def test_the_sources_page_offers_the_file_and_its_text():
    at = open_app("sources", lang="en")
    picker = next(box for box in at.selectbox if box.key == "document_text")
    assert picker.value == JM
    text = next(frame.value for frame in at.dataframe if "Text" in frame.value.columns)
    assert "[22.5]" in text.loc[text["Line"] == 214, "Text"].iloc[0]
    assert any(button.key == "document_original" for button in at.get("download_button"))


@pytest.mark.parametrize("lang, words", [("en", "not in this server's sources directory"), ("zh", "原始文件不在")])
def test_without_the_original_the_page_says_so(tmp_path, monkeypatch, lang, words):
    empty = tmp_path / "sources"
    empty.mkdir()
    monkeypatch.setenv("PLAN_SOURCES_DIR", str(empty))
    at = open_app("sources", lang=lang)
    assert any(words in info.value for info in at.info)
    assert not any(button.key == "document_original" for button in at.get("download_button"))
    shutil.rmtree(empty)
