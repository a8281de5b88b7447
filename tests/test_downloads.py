"""Downloads of any size in bounded memory (issue 25): the explorer's files are written by
exports.write_explorer_download into a file of their own (CSV and Parquet by DuckDB's COPY, XLSX streamed into a
constant-memory workbook), each in a DuckDB with its own memory limit; they hold what the DataFrame downloads
held, a failure says what kind it is and reaches the reader with what to do, and two downloads at once both
complete. No wall-clock assertion: time and memory are measured by tests/bench_downloads.py."""

from __future__ import annotations

import codecs
import io
import threading
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from analytics import exports
from analytics.db import Database, get_database
from analytics.explorer import ExplorerFilter, count_observations, filter_observations
from tests import synthetic
from tests.conftest import COMMITTED_DATA

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SELECTIONS = (None, ExplorerFilter(city_ids=["jiangmen"]), ExplorerFilter(sort="-value"),
              ExplorerFilter(value_kinds=["target"], text="就业"))


@pytest.fixture(scope="module")
def real_db():
    return get_database()


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    """The committed data 10 times over (some 6,700 rows): enough rows that a
    sort of them needs more than a few megabytes."""
    out = synthetic.build(tmp_path_factory.mktemp("downloads") / "10x", 5, 2, seed=3, source_dir=COMMITTED_DATA)
    database = Database(out)
    yield database
    database.close()


def _cells(book: openpyxl.Workbook) -> dict[str, list[list[tuple]]]:
    return {sheet.title: [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]
            for sheet in book.worksheets}


def _old_csv(db, selection, lang) -> bytes:
    return exports.to_csv_bytes(exports.with_reader_notes(filter_observations(db, selection), db, lang), lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_file_backed_csv_is_byte_for_byte_the_csv_of_before(real_db, lang, tmp_path):
    for index, selection in enumerate(SELECTIONS):
        written = exports.write_explorer_download(real_db, selection, ".csv", lang, tmp_path / str(index))
        data = written.path.read_bytes()
        assert data.startswith(codecs.BOM_UTF8) and written.size == len(data)
        assert written.n_rows == count_observations(real_db, selection)
        assert data == _old_csv(real_db, selection, lang), selection
        assert written.path.parent == tmp_path / str(index)  # in the directory given, nothing else left there
        assert [path.name for path in written.path.parent.iterdir()] == [written.path.name]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_streamed_xlsx_has_the_cells_of_before_and_no_formula(real_db, lang, tmp_path):
    for index, selection in enumerate(SELECTIONS):
        written = exports.write_explorer_download(real_db, selection, ".xlsx", lang, tmp_path / str(index))
        book = openpyxl.load_workbook(written.path)  # NOT data_only: a formula keeps data_type "f"
        before = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(
            exports.with_reader_notes(filter_observations(real_db, selection), real_db, lang), lang, real_db)))
        assert book.sheetnames == before.sheetnames and len(book.sheetnames) == 3
        cells = _cells(book)
        assert cells == _cells(before), selection
        assert len(cells[book.sheetnames[0]]) == written.n_rows + 1
        assert book.worksheets[0].freeze_panes == "A2"
        assert not [value for rows in cells.values() for row in rows for value, kind in row if kind == "f"]
        assert not [value for rows in cells.values() for row in rows for value, _ in row
                    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_the_parquet_keeps_the_rows_and_columns_of_before(real_db, tmp_path):
    for index, selection in enumerate(SELECTIONS):
        written = exports.write_explorer_download(real_db, selection, ".parquet", "zh", tmp_path / str(index))
        table = pq.read_table(written.path)
        expected = pq.read_table(io.BytesIO(exports.to_parquet_bytes(filter_observations(real_db, selection))))
        assert table.column_names == expected.column_names
        assert table.to_pylist() == expected.to_pylist(), selection


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_a_small_memory_limit_is_kept_and_writes_the_same_file(scaled, suffix, tmp_path):
    """64 MB, a quarter of the usual limit (the least DuckDB needs to read this table's row groups on two
    threads; at scale the sort beyond the limit spills, see tests/bench_downloads.py): the same file."""
    selection = ExplorerFilter(sort="-value")
    usual = exports.write_explorer_download(scaled, selection, suffix, "zh", tmp_path / "usual")
    tight = exports.write_explorer_download(scaled, selection, suffix, "zh", tmp_path / "tight",
                                            memory_limit="64MB")
    assert tight.n_rows == usual.n_rows == count_observations(scaled) > 3000
    if suffix == ".xlsx":
        assert _cells(openpyxl.load_workbook(tight.path)) == _cells(openpyxl.load_workbook(usual.path))
    elif suffix == ".parquet":
        assert pq.read_table(tight.path).equals(pq.read_table(usual.path))
    else:
        assert tight.path.read_bytes() == usual.path.read_bytes()
    assert [path.name for path in (tmp_path / "tight").iterdir()] == [tight.path.name]  # spill files removed


def test_running_out_of_memory_is_a_failure_that_says_so_and_leaves_no_file(scaled, tmp_path):
    with pytest.raises(exports.ExportFailed) as failed:
        exports.write_explorer_download(scaled, ExplorerFilter(sort="-value"), ".csv", "zh", tmp_path,
                                        memory_limit="256KB")
    assert failed.value.reason == "memory" and "memory" in failed.value.detail.lower()
    assert not list(tmp_path.iterdir())


def test_failures_are_told_apart():
    import duckdb

    assert exports.failure(duckdb.OutOfMemoryException("Out of Memory Error: could not allocate")).reason == "memory"
    assert exports.failure(OSError(28, "No space left on device")).reason == "disk"
    assert exports.failure(duckdb.IOException("Could not write file: No space left on device")).reason == "disk"
    assert exports.failure(RuntimeError("something else")).reason == "other"


@pytest.mark.parametrize("small_rows", [100_000, 0])  # side by side, then one waiting for the other's slot
def test_two_downloads_at_once_both_complete_with_their_own_files(scaled, tmp_path, monkeypatch, small_rows):
    monkeypatch.setattr(exports, "SMALL_ROWS", small_rows)
    selection = ExplorerFilter(sort="-value")
    alone = {suffix: exports.write_explorer_download(scaled, selection, suffix, "en", tmp_path / f"alone{suffix}")
             for suffix in (".csv", ".xlsx")}
    results, errors = {}, []

    def download(suffix: str) -> None:
        try:
            results[suffix] = exports.write_explorer_download(scaled, selection, suffix, "en",
                                                              tmp_path / f"together{suffix}")
        except Exception as exc:  # the assertion below names it
            errors.append(exc)

    threads = [threading.Thread(target=download, args=(suffix,)) for suffix in (".csv", ".xlsx", ".csv")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and set(results) == {".csv", ".xlsx"}
    assert results[".csv"].path.read_bytes() == alone[".csv"].path.read_bytes()
    assert _cells(openpyxl.load_workbook(results[".xlsx"].path)) == _cells(openpyxl.load_workbook(alone[".xlsx"].path))


def test_a_download_beyond_the_free_slots_waits_and_says_so(real_db, tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "_slots", threading.BoundedSemaphore(1))
    monkeypatch.setattr(exports, "SMALL_ROWS", 0)  # every download counts as large here
    exports._slots.acquire()  # another download holds the only slot
    seen: list = []
    worker = threading.Thread(target=lambda: seen.append(exports.write_explorer_download(
        real_db, None, ".parquet", "zh", tmp_path, progress=seen.append)))
    worker.start()
    worker.join(0.5)
    assert worker.is_alive() and seen == [None]  # waiting, and told so
    exports._slots.release()
    worker.join(60)
    assert seen[-2] == 1.0 and seen[-1].n_rows == count_observations(real_db)


# ---- the page ------------------------------------------------------------------------------------------------

def _explorer(monkeypatch, lang: str = "en", **params: str) -> AppTest:
    from ui import downloads

    monkeypatch.setattr(downloads, "QUICK_ROWS", {".csv": 0, ".xlsx": 0, ".parquet": 0})  # every file prepared
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page("pages/explorer.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _button(at: AppTest, key: str):
    return next(button for button in at.button if button.key == key)


def test_a_large_download_is_prepared_with_progress_then_offered(monkeypatch):
    at = _explorer(monkeypatch, kind="target")
    assert not [b for b in at.get("download_button") if b.proto.id.endswith("download_csv")]
    seen = []
    original = exports.write_explorer_download

    def watched(*args, progress, **kwargs):
        def report(done):
            seen.append(done)
            progress(done)
        return original(*args, progress=report, **kwargs)

    monkeypatch.setattr(exports, "write_explorer_download", watched)
    _button(at, "prepare_csv").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert seen and seen[-1] == 1.0  # the bar was driven to the end
    buttons = [b for b in at.get("download_button") if b.proto.id.endswith("download_csv")]
    assert len(buttons) == 1 and not buttons[0].proto.disabled
    n = count_observations(get_database(), ExplorerFilter(value_kinds=["target"]))
    assert any(f"Ready: {n:,} rows" in caption.value for caption in at.caption)
    assert not at.error


@pytest.mark.parametrize(("reason", "words"), [("memory", "ran out of memory"), ("disk", "no room left"),
                                                ("other", "could not be written")])
def test_a_failed_download_reaches_the_reader_with_what_to_do(monkeypatch, reason, words):
    at = _explorer(monkeypatch)

    def fail(*_args, **_kwargs):
        raise exports.ExportFailed(reason, "Out of Memory Error: failed to allocate *512 MiB* [x](y)")

    monkeypatch.setattr(exports, "write_explorer_download", fail)
    _button(at, "prepare_xlsx").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.error) == 1
    message = at.error[0].value
    assert words in message and ("Try again" in message or "Narrow the filters" in message)
    assert "\\*512 MiB\\*" in message  # DuckDB's words shown as written, not as Markdown
    assert not [b for b in at.get("download_button") if b.proto.id.endswith("download_xlsx")]
    at.run()  # still shown on the next run of the same view
    assert len(at.error) == 1


def test_a_failed_download_in_chinese(monkeypatch):
    at = _explorer(monkeypatch, lang="zh")
    monkeypatch.setattr(exports, "write_explorer_download",
                        lambda *a, **k: (_ for _ in ()).throw(exports.ExportFailed("memory", "OOM")))
    _button(at, "prepare_csv").click().run()
    assert "服务器内存不足" in at.error[0].value and "缩小筛选范围" in at.error[0].value
