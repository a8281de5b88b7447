"""Downloads of exactly the rows a user filtered: CSV (UTF-8 with BOM, so Excel shows the
Chinese), XLSX (data + sources + data dictionary sheets) and Parquet.

Values are written as stored (codes such as `target`, `binding`); headers are in the chosen
language and the data dictionary explains every column and code. Lists (aliases,
alternatives) become "a; b" in CSV/XLSX and stay lists in Parquet.

CSV and XLSX open in a spreadsheet, which must never read a cell as a formula:

- Comparators (`comparator`, `actual_comparator`, any column whose name ends with
  `comparator`) are written as words: `=` eq, `<=` le, `<` lt, `>=` ge, `>` gt, `~` approx
  (`SPREADSHEET_COMPARATORS`). Parquet keeps the stored codes `= <= < >= > ~`.
- CSV injection (OWASP): any text cell, header included, that begins with `=`, `+`, `-`,
  `@`, a tab or a carriage return gets a leading `'` (so the raw text `-` is written `'-`);
  strip that one `'` to get the original. Numbers and booleans are written as they are. The
  data dictionary says so in a note row.
- XLSX workbooks are created with XlsxWriter's `strings_to_formulas`, `strings_to_urls` and
  `strings_to_numbers` off: every text is a plain string cell, in every sheet.

The explorer's CSV and Parquet downloads are written by DuckDB itself (`COPY (SELECT …) TO`,
`explorer_export_bytes`, `export_explorer`): the same rows, columns, headers and rules as
`to_csv_bytes` / `to_parquet_bytes` of `filter_observations` (the CSV byte for byte), at any
number of rows, without a DataFrame. An XLSX holds at most `XLSX_MAX_ROWS` rows, header included.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import math
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analytics import dimensions, explorer, labels, notes, sql
from analytics.db import Database
from analytics.errors import QueryError

# The order of known columns in a download; any other column follows in the frame's order.
EXPORT_ORDER = (
    "city_id", "district", "indicator_id", "name_zh", "name_en", "category", "direction", "plan_period", "year",
    "value_kind", "target_scope", "value", "unit", "comparator", "is_cumulative", "span_kind", "period_start",
    "period_end", "attribute", "raw_text", "raw_unit", "source_label", "note", "reading", "confidence",
    "doc_id", "source_file", "source_line", "source_locator", "source_table", "quote", "obs_id",
)
FORMATS = (".csv", ".xlsx", ".parquet")
LIST_SEPARATOR = "; "

# How comparators are written in CSV/XLSX (a spreadsheet reads a cell "=" or "<=" as a formula).
SPREADSHEET_COMPARATORS = labels.SPREADSHEET_COMPARATORS
# Text beginning with one of these is a formula to Excel/LibreOffice (OWASP CSV injection) ...
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# ... and is written with this prefix in front.
TEXT_PREFIX = "'"
# A CSV field holding one of these is quoted (the separator, the quote, line breaks).
_CSV_QUOTE_IF = (",", '"', "\n", "\r")
# Excel's rows per sheet, the header row included: a larger selection cannot be one XLSX.
XLSX_MAX_ROWS = 1_048_576
# The byte-order mark that makes Excel read a CSV as UTF-8.
BOM = "\ufeff"
# Every workbook: strings stay strings (no formulas, no hyperlinks, no numbers guessed from text).
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}

_SHEETS = {
    "zh": ("数据", "来源", "数据字典"),
    "en": ("data", "sources", "data dictionary"),
}
_SOURCE_HEADERS = {
    "doc_id": ("文件代码", "Document id"),
    "city": ("城市", "City"),
    "title": ("标题", "Title"),
    "issuer": ("发文机关", "Issuer"),
    "doc_number": ("文号", "Document number"),
    "issued": ("日期", "Issued"),
    "plan_period": ("规划期", "Plan period"),
    "covers": ("覆盖", "Covers"),
    "source_file": ("文件名", "File"),
    "sha256": ("SHA-256", "SHA-256"),
    "line_count": ("行数", "Lines"),
    "n_rows": ("本次导出行数", "Rows in this download"),
}
# The first cell of the dictionary's note row.
DICTIONARY_NOTE_KEY = {"zh": "（说明）", "en": "(note)"}  # not a column code (there is a column `note`)
_DICTIONARY_HEADERS = {
    "zh": ("列", "中文列名", "英文列名", "含义（中文）", "含义（英文）"),
    "en": ("column", "header (Chinese)", "header (English)", "meaning (Chinese)", "meaning (English)"),
}


def export_columns(lang: str) -> dict[str, str]:
    """The standard download columns (observations with names) and their headers in `lang`."""
    dimensions.check_lang(lang)
    return {column: labels.label("column", column, lang) for column in EXPORT_ORDER}


def _ordered_columns(names: Iterable[str]) -> list[str]:
    names = list(names)
    known = [column for column in EXPORT_ORDER if column in names]
    return known + [column for column in names if column not in EXPORT_ORDER]


def headers(columns: list[str], lang: str) -> list[str]:
    """Column headers in `lang`, made unique (a clash keeps the column code in brackets)."""
    result, seen = [], set()
    for column in columns:
        header = labels.label("column", column, lang)
        if header in seen:
            header = f"{header} [{column}]"
        seen.add(header)
        result.append(header)
    return result


def is_comparator_column(column: object) -> bool:
    """`comparator`, `actual_comparator` and any other column named ...comparator."""
    return isinstance(column, str) and column.endswith("comparator")


def neutralise(value: object) -> object:
    """A text that a spreadsheet would take for a formula, with a leading ' ; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return TEXT_PREFIX + value
    return value


def _spreadsheet_comparator(value: object) -> object:
    return SPREADSHEET_COMPARATORS.get(value, value) if isinstance(value, str) else value


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell and header neutralised (numbers, booleans and empty cells untouched)."""
    frame = frame.copy()
    for position in range(frame.shape[1]):
        series = frame.iloc[:, position]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            frame.isetitem(position, series.map(neutralise).astype(object))
    frame.columns = [neutralise(column) for column in frame.columns]
    return frame


def _cell(value: object) -> object:
    if isinstance(value, (list, tuple, np.ndarray)):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


def flat_frame(df: pd.DataFrame, lang: str, *, code_headers: bool = False) -> pd.DataFrame:
    """The frame as it is written to CSV/XLSX: known columns first, lists joined, comparators
    as words, text that a spreadsheet would take for a formula prefixed with ', headers in
    `lang` (or the column codes). The rows are exactly df's rows, in df's order."""
    dimensions.check_lang(lang)
    columns = _ordered_columns(df.columns) if not code_headers else list(df.columns)
    flat = pd.DataFrame(index=range(len(df)))
    for column in columns:
        series = df[column].reset_index(drop=True)
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            if is_comparator_column(column):
                series = series.map(_spreadsheet_comparator)
            series = series.map(_cell).astype(object)
        flat[column] = series
    flat.columns = columns if code_headers else headers(columns, lang)
    return _safe_frame(flat)


def to_csv_bytes(df: pd.DataFrame, lang: str, *, code_headers: bool = False, bom: bool = True) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads the Chinese correctly).

    code_headers/bom=False give the machine-readable form the CLI prints (column codes as
    headers, the frame's column order, no BOM)."""
    text = _csv_text(flat_frame(df, lang, code_headers=code_headers))
    return text.encode("utf-8-sig" if bom else "utf-8")


def _csv_field(text: str) -> str:
    if any(char in text for char in _CSV_QUOTE_IF):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_text(frame: pd.DataFrame) -> str:
    """pandas' CSV of the frame (its number formatting, LF line ends, minimal quoting), except
    that a field holding a carriage return is quoted as well. Python's csv module quotes only
    the characters of its line terminator (LF); an unquoted CR ends the row in Excel and
    LibreOffice, and the text after it would open a new cell, formula or not."""
    has_cr = any(isinstance(header, str) and "\r" in header for header in frame.columns) or any(
        frame[column].map(lambda value: isinstance(value, str) and "\r" in value).any() for column in frame.columns)
    if not has_cr:  # the usual case: pandas' own CSV is already right
        return frame.to_csv(index=False)
    quoted = frame.to_csv(index=False, quoting=csv.QUOTE_ALL)  # every field delimited: read back exactly
    lines = []
    for row in csv.reader(io.StringIO(quoted, newline="")):
        # A row of one empty field is written "" (as the csv module does), not as an empty line.
        lines.append('""' if row == [""] else ",".join(_csv_field(field) for field in row))
    return "".join(line + "\n" for line in lines)


def sources_frame(df: pd.DataFrame, lang: str, db: Database) -> pd.DataFrame:
    """The documents the rows come from (target and actual sources alike), with row counts."""
    files: list[str] = []
    for column in ("source_file", "actual_source_file", "reported_source_file", "base_source_file",
                   "target_source_file"):
        if column in df.columns:
            files.extend(str(value) for value in df[column].dropna())
    counts = pd.Series(files, dtype=object).value_counts() if files else pd.Series(dtype=int)
    return _sources_table({str(name): int(n) for name, n in counts.items()}, lang, db)


def _sources_table(counts: dict[str, int], lang: str, db: Database) -> pd.DataFrame:
    """The sources sheet of the documents named in `counts` (source file -> rows in the download)."""
    index = labels.LANGS.index(lang)
    documents = dimensions.documents_for_files(db, set(counts))
    cities = dimensions.city_names(db, lang)
    rows = []
    for doc in documents.to_dict("records"):
        rows.append({
            "doc_id": doc["doc_id"],
            "city": cities[doc["city_id"]],
            "title": doc[f"title_{lang}"],
            "issuer": doc[f"issuer_{lang}"],
            "doc_number": _cell(doc["doc_number"]),
            "issued": _cell(doc["issued"]),
            "plan_period": dimensions.plan_period_name(db, _cell(doc["plan_period"]), lang),
            "covers": _cell(doc[f"covers_{lang}"]),
            "source_file": doc["source_file"],
            "sha256": doc["sha256"],
            "line_count": doc["line_count"],
            "n_rows": int(counts.get(doc["source_file"], 0)),
        })
    frame = pd.DataFrame(rows, columns=list(_SOURCE_HEADERS))
    frame.columns = [pair[index] for pair in _SOURCE_HEADERS.values()]
    return _safe_frame(frame)


def dictionary_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per column of the download (code, headers, meaning in both languages), then a
    note row on the leading ' (first cell "（说明）"/"(note)", text in the two meaning columns)."""
    columns = _ordered_columns(df.columns)
    rows = [
        (column, labels.label("column", column, "zh"), labels.label("column", column, "en"),
         labels.describe(column, "zh"), labels.describe(column, "en"))
        for column in columns
    ]
    rows.append((DICTIONARY_NOTE_KEY[lang], None, None, *labels.SPREADSHEET_TEXT_NOTE))
    return _safe_frame(pd.DataFrame(rows, columns=list(_DICTIONARY_HEADERS[lang])))


class ExportTooLarge(ValueError):
    """More rows than the format holds (an XLSX sheet: XLSX_MAX_ROWS, header included)."""


def xlsx_fits(n_rows: int) -> bool:
    """Whether `n_rows` data rows and the header fit on one XLSX sheet."""
    return n_rows + 1 <= XLSX_MAX_ROWS


def _check_xlsx_rows(n_rows: int) -> None:
    if not xlsx_fits(n_rows):
        raise ExportTooLarge(f"{n_rows} rows do not fit on an XLSX sheet (at most {XLSX_MAX_ROWS - 1} rows and "
                             "the header): narrow the filter, or write .csv or .parquet")


def to_xlsx_bytes(df: pd.DataFrame, lang: str, db: Database) -> bytes:
    """Three sheets: the data, the source documents, the data dictionary; no cell is a formula.
    ExportTooLarge beyond XLSX_MAX_ROWS (XlsxWriter would silently drop the rows past it)."""
    data_name, sources_name, dictionary_name = _SHEETS[dimensions.check_lang(lang)]
    _check_xlsx_rows(len(df))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": dict(XLSX_OPTIONS)}) as writer:
        for name, frame in (
            (data_name, flat_frame(df, lang)),
            (sources_name, sources_frame(df, lang, db)),
            (dictionary_name, dictionary_frame(df, lang)),
        ):
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes(1, 0)
            for position, header in enumerate(frame.columns):
                sheet.set_column(position, position, min(max(len(str(header)) * 2, 10), 48))
    return buffer.getvalue()


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    """The rows and columns as they are (codes, lists, nullable numbers), for analysis tools."""
    table = pa.Table.from_pandas(df.reset_index(drop=True), preserve_index=False)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def export_bytes(df: pd.DataFrame, suffix: str, lang: str, db: Database) -> bytes:
    suffix = suffix.lower()
    if suffix == ".csv":
        return to_csv_bytes(df, lang)
    if suffix == ".xlsx":
        return to_xlsx_bytes(df, lang, db)
    if suffix == ".parquet":
        return to_parquet_bytes(df)
    raise QueryError("export format", suffix, FORMATS)


def export_file(df: pd.DataFrame, path: str | Path, lang: str, db: Database) -> Path:
    """Write df to `path`; the format follows the extension (.csv, .xlsx, .parquet)."""
    path = Path(path)
    data = export_bytes(df, path.suffix, lang, db)
    path.write_bytes(data)
    return path


# ---- the explorer's downloads, written by DuckDB ---------------------------------------------

def _regex_class(characters: Iterable[str]) -> str:
    """A regular expression matching one of `characters` at the start of a text."""
    special = "\\]^-["
    return "^[" + "".join("\\" + char if char in special else char for char in characters) + "]"


def with_reader_notes(df: pd.DataFrame, db: Database, lang: str) -> pd.DataFrame:
    """The rows with their notes in the reader's language (analytics.notes: findings named in words, in
    Chinese where the catalogue has it): what a CSV or XLSX download holds. Parquet keeps the stored notes."""
    if "note" not in df.columns or df.empty:
        return df
    return df.assign(note=notes.localised(df["note"], db, lang).replace("", None))


def _note_words(db: Database, lang: str) -> dict[str, list[str]]:
    """Every stored note and its words for a reader of `lang`, as the parameters of a streamed download
    (a few hundred distinct notes, whatever the number of rows)."""
    def compute():
        stored = [row["note"] for row in db.rows(sql.DISTINCT_NOTES)]
        worded = notes.localised(pd.Series(stored, dtype=object), db, lang)
        return (tuple(stored), tuple(worded))

    stored, worded = db.derived(f"note_words:{lang}", compute)
    return {"note_texts": list(stored), "note_words": list(worded)}


def _csv_cell(column: str) -> str:
    """The SQL of one CSV cell: what flat_frame + _safe_frame do to the column, in DuckDB (a note in the
    reader's language, as with_reader_notes)."""
    kind = explorer.COLUMN_TYPES[column]
    expression = sql.explorer_column(column)
    if column == "note":
        expression = f"coalesce(list_extract($note_words, list_position($note_texts, {expression})), {expression})"
    if pa.types.is_string(kind):
        if is_comparator_column(column):
            expression = sql.export_csv_comparator(expression)
        return sql.export_csv_text(expression)
    if pa.types.is_boolean(kind):
        return sql.export_csv_boolean(expression)
    if pa.types.is_floating(kind):
        return sql.export_csv_float(expression)
    if pa.types.is_integer(kind):
        return expression
    raise TypeError(f"no CSV rule for column {column} of type {kind}")  # lists: no explorer column is one


def _parquet_cell(column: str) -> str:
    """The SQL of one Parquet column: as stored, whole numbers as 64-bit (as pandas' Int64)."""
    expression = sql.explorer_column(column)
    return sql.export_bigint(expression) if pa.types.is_integer(explorer.COLUMN_TYPES[column]) \
        else expression


def _csv_select(lang: str) -> str:
    """The download's columns in EXPORT_ORDER, headed in `lang` (neutralised, as `flat_frame`).
    DuckDB's COPY writes no byte-order mark, so the first header begins with it: the file is
    then final as DuckDB writes it, never copied to put three bytes in front."""
    columns = _ordered_columns(explorer.COLUMNS)
    names = [str(neutralise(header)) for header in headers(columns, lang)]
    names[0] = BOM + names[0]
    return ", ".join(f"{_csv_cell(column)} AS {sql.sql_identifier(name)}"
                     for column, name in zip(columns, names, strict=True))


def _parquet_select() -> str:
    return ", ".join(f"{_parquet_cell(column)} AS {sql.sql_identifier(column)}" for column in explorer.COLUMNS)


_CSV_PARAMS = {
    "formula_start": _regex_class(FORMULA_TRIGGERS),
    "text_prefix": TEXT_PREFIX,
    "comparator_codes": list(SPREADSHEET_COMPARATORS),
    "comparator_words": list(SPREADSHEET_COMPARATORS.values()),
}


# ---- downloads of any size, in bounded memory ---------------------------------------------------

# Each download runs in a DuckDB database of its own (Database.own_connection) with this memory limit: a
# sort beyond it spills to the download's own temporary directory, whatever the pages are doing meanwhile.
# At 1,000x (670,000 rows) 256 MB is too little for the sort of every row (DuckDB asks for 128 MB blocks);
# 384 MB on one thread writes the CSV in ~7 s at a peak RSS under 700 MB (tests/bench_downloads.py).
EXPORT_MEMORY_LIMIT = "384MB"
EXPORT_THREADS = 1  # the other core stays with the pages
# Large downloads (more than SMALL_ROWS rows) written at once in one server: two of 670,000 rows side by side
# peaked at 1.3 GB, so a further one waits for the slot (its progress says so) and both complete, one after
# the other. A small download needs little memory and never waits.
EXPORT_SLOTS = 1
SMALL_ROWS = 100_000
_slots = threading.BoundedSemaphore(EXPORT_SLOTS)
# Rows fetched from DuckDB at a time for an XLSX, written at once (XlsxWriter's constant_memory mode
# flushes each row as the next one starts: the workbook never holds the sheet).
XLSX_BATCH_ROWS = 5_000
# How often the progress of a COPY is read (seconds).
PROGRESS_INTERVAL = 0.25
FAILURE_REASONS = ("memory", "disk", "other")


@dataclass(frozen=True)
class WrittenDownload:
    """A download written to `path` (a file of its own in the directory the caller gave): `n_rows` rows,
    `size` bytes."""

    path: Path
    n_rows: int
    size: int


class ExportFailed(RuntimeError):
    """A download that could not be written. `reason` says what a user can do about it: "memory" (the server
    ran out of memory: try again when other downloads are done, or narrow the filters), "disk" (no room left
    for the file: narrow the filters, or the server's temporary directory needs space), "other"; `detail` is
    DuckDB's or the system's own message."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason if reason in FAILURE_REASONS else "other"
        self.detail = detail


def failure(exc: BaseException) -> ExportFailed:
    """The ExportFailed an error of DuckDB, XlsxWriter or the file system stands for."""
    if isinstance(exc, ExportFailed):
        return exc
    detail = f"{type(exc).__name__}: {exc}"
    text = str(exc).lower()
    if isinstance(exc, (duckdb.OutOfMemoryException, MemoryError)) or "out of memory" in text:
        return ExportFailed("memory", detail)
    if (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)) or "no space left" in text \
            or "disk quota" in text:
        return ExportFailed("disk", detail)
    return ExportFailed("other", detail)


def _no_progress(_done: float | None) -> None:
    """progress(None): waiting for a slot; progress(x): x of the file written (0 to 1)."""


def write_explorer_download(db: Database, f: explorer.ExplorerFilter | None, suffix: str, lang: str,
                            directory: str | Path, *, progress=_no_progress,
                            memory_limit: str = EXPORT_MEMORY_LIMIT) -> WrittenDownload:
    """Write the download of exactly the rows of filter `f` into a new file in `directory` (made if missing):
    `.csv` (UTF-8 with BOM) and `.parquet` by DuckDB's COPY, `.xlsx` streamed from DuckDB in batches into a
    constant-memory workbook (data, sources, data dictionary; ExportTooLarge beyond XLSX_MAX_ROWS, before a row
    is read). Each runs in a DuckDB of its own (`memory_limit`, spilling to a directory beside the file,
    removed afterwards); at most EXPORT_SLOTS large ones at once. `progress` is called from the calling thread. Any
    failure is an ExportFailed saying what kind it is; no partial file is left behind."""
    suffix = suffix.lower()
    if suffix not in FORMATS:
        raise QueryError("export format", suffix, FORMATS)
    dimensions.check_lang(lang)
    n_rows = explorer.count_observations(db, f)
    if suffix == ".xlsx":
        _check_xlsx_rows(n_rows)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    slot = _slots if n_rows > SMALL_ROWS else contextlib.nullcontext()
    if slot is _slots and not _slots.acquire(blocking=False):
        progress(None)
        _slots.acquire()
    handle, name = tempfile.mkstemp(prefix="rows-", suffix=suffix, dir=directory)  # a name no one else has
    os.close(handle)
    target = Path(name)
    try:
        progress(0.0)
        with tempfile.TemporaryDirectory(prefix="spill-", dir=directory) as spill, \
                db.own_connection(memory_limit=memory_limit, temp_directory=Path(spill),
                                  threads=EXPORT_THREADS) as connection:
            if suffix == ".xlsx":
                written = _write_xlsx(db, connection, f, lang, target, n_rows, progress, Path(spill))
            else:
                written = _copy_explorer(db, connection, f, suffix, lang, target, progress)
        progress(1.0)
        return WrittenDownload(target, written, target.stat().st_size)
    except BaseException as exc:
        target.unlink(missing_ok=True)
        if isinstance(exc, (ExportTooLarge, QueryError)) or not isinstance(exc, Exception):
            raise
        raise failure(exc) from exc
    finally:
        if slot is _slots:
            _slots.release()


def _copy_explorer(db: Database, connection, f: explorer.ExplorerFilter | None, suffix: str, lang: str,
                   target: Path, progress) -> int:
    """COPY the rows of filter `f` to `target` (.csv or .parquet) on `connection`; the number of rows written.
    The COPY runs in a thread of its own while this one reports its progress."""
    if suffix == ".csv":
        query, params = explorer.statement(db, f, columns=_csv_select(lang))
        params.update(_CSV_PARAMS)
        params.update(_note_words(db, lang))
        file_format = "csv"
    elif suffix == ".parquet":
        query, params = explorer.statement(db, f, columns=_parquet_select())
        file_format = "parquet"
    else:
        raise QueryError("streamed export format", suffix, (".csv", ".parquet"))
    params = db.params(query, params)
    cursor = connection.cursor()
    try:
        cursor.execute("SET enable_progress_bar = true")  # progress is counted only when on
        cursor.execute("SET enable_progress_bar_print = false")
        outcome: dict[str, object] = {}

        def run() -> None:
            try:
                outcome["rows"] = cursor.execute(sql.copy_to(query, str(target), file_format), params).fetchone()[0]
            except BaseException as exc:  # handed to the calling thread
                outcome["error"] = exc

        worker = threading.Thread(target=run, name="export-copy", daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(PROGRESS_INTERVAL)
            done = cursor.query_progress() if worker.is_alive() else -1
            if done >= 0:
                progress(min(done, 99.0) / 100)
        if "error" in outcome:
            raise outcome["error"]  # type: ignore[misc]
        return int(outcome["rows"])  # type: ignore[arg-type]
    finally:
        cursor.close()


def _xlsx_cell(column: str) -> str:
    """The SQL of one XLSX cell: text as its CSV cell (neutralised, comparators and notes in words, an empty
    text as no cell), numbers and booleans as they are (NaN as no cell), as `flat_frame` writes them."""
    kind = explorer.COLUMN_TYPES[column]
    if pa.types.is_string(kind):
        return _csv_cell(column)
    expression = sql.explorer_column(column)
    return sql.export_csv_float(expression) if pa.types.is_floating(kind) else expression


def _write_xlsx(db: Database, connection, f: explorer.ExplorerFilter | None, lang: str, target: Path,
                n_rows: int, progress, spill: Path) -> int:
    """The three sheets of `to_xlsx_bytes(with_reader_notes(filter_observations(db, f), db, lang), lang, db)`,
    their cells equal, the data streamed from DuckDB XLSX_BATCH_ROWS rows at a time into a workbook in
    constant-memory mode (each row written to disk when the next begins); the number of data rows."""
    data_name, sources_name, dictionary_name = _SHEETS[lang]
    columns = _ordered_columns(explorer.COLUMNS)
    query, params = explorer.statement(db, f, columns=", ".join(_xlsx_cell(column) for column in columns))
    params.update(_CSV_PARAMS)
    params.update(_note_words(db, lang))
    params = db.params(query, params)
    import xlsxwriter  # only when an XLSX is written: not on a page's first run

    workbook = xlsxwriter.Workbook(str(target), {**XLSX_OPTIONS, "constant_memory": True, "tmpdir": str(spill)})
    try:
        header_format = workbook.add_format(_HEADER_FORMAT)
        sheet = workbook.add_worksheet(data_name)
        names = [str(neutralise(header)) for header in headers(columns, lang)]
        _start_sheet(sheet, names, header_format)
        writers = [_writer(sheet, explorer.COLUMN_TYPES[column]) for column in columns]
        row = 0
        cursor = connection.cursor()
        try:
            result = cursor.execute(query, params)
            while batch := result.fetchmany(XLSX_BATCH_ROWS):
                for record in batch:
                    row += 1
                    for position, value in enumerate(record):
                        if value is not None:
                            writers[position](row, position, value)
                progress(min(row / max(n_rows, 1), 0.99))
        finally:
            cursor.close()
        counts = {item["source_file"]: int(item["n_rows"])
                  for item in db.rows(sql.EXPLORER_FILE_COUNTS, _named_in(sql.EXPLORER_FILE_COUNTS, params))}
        for name, frame in ((sources_name, _sources_table(counts, lang, db)),
                            (dictionary_name, dictionary_frame(pd.DataFrame(columns=list(explorer.COLUMNS)), lang))):
            _write_frame(workbook.add_worksheet(name), frame, header_format)
    finally:
        workbook.close()
    return row


def _named_in(statement: str, params: dict) -> dict:
    """The parameters `statement` names (DuckDB refuses any other)."""
    return {name: value for name, value in params.items() if re.search(rf"\${name}\b", statement)}


# pandas' own header cells (bold, bordered, centred), as `to_xlsx_bytes` writes them.
_HEADER_FORMAT = {"bold": True, "border": 1, "align": "center", "valign": "top"}


def _start_sheet(sheet, names: list[str], header_format) -> None:
    sheet.freeze_panes(1, 0)
    for position, header in enumerate(names):
        sheet.set_column(position, position, min(max(len(str(header)) * 2, 10), 48))
        sheet.write_string(0, position, header, header_format)


def _writer(sheet, kind: pa.DataType):
    """The XlsxWriter call for a column's cells: text always as text (never a formula, a link or a number)."""
    # The calls behind write_string & co. without their A1-notation wrapper (a sixth of the time of a large
    # sheet); the same cells (tests/test_downloads.py compares them with the DataFrame workbook's).
    if pa.types.is_string(kind):
        return getattr(sheet, "_write_string", sheet.write_string)
    if pa.types.is_boolean(kind):
        return getattr(sheet, "_write_boolean", sheet.write_boolean)
    return _number_writer(sheet)


def _number_writer(sheet):
    write_number = getattr(sheet, "_write_number", sheet.write_number)

    def write(row: int, col: int, value) -> None:
        if math.isinf(value):  # as pandas writes an infinity
            sheet.write_string(row, col, "inf" if value > 0 else "-inf")
        else:
            write_number(row, col, value)
    return write


def _write_frame(sheet, frame: pd.DataFrame, header_format) -> None:
    """A small sheet (sources, dictionary) row by row, as `to_excel` writes it: no cell for an empty value."""
    _start_sheet(sheet, [str(column) for column in frame.columns], header_format)
    for row, record in enumerate(frame.itertuples(index=False), start=1):
        for position, value in enumerate(record):
            value = _cell(value)
            if value is None or value == "":  # XlsxWriter writes no cell for an empty text either
                continue
            if isinstance(value, np.generic):
                value = value.item()
            if isinstance(value, str):
                sheet.write_string(row, position, value)
            elif isinstance(value, bool):
                sheet.write_boolean(row, position, value)
            else:
                sheet.write_number(row, position, value)


def explorer_export_bytes(db: Database, f: explorer.ExplorerFilter | None, suffix: str, lang: str) -> bytes:
    """The download of exactly the rows of filter `f` as bytes (`write_explorer_download` into a temporary
    directory, read back): `.csv` equal byte for byte to
    `to_csv_bytes(with_reader_notes(filter_observations(db, f), db, lang), lang)` (notes in the reader's
    language), `.parquet` with the rows and columns of `to_parquet_bytes(filter_observations(db, f))` (notes as
    stored), `.xlsx` with the cells of `to_xlsx_bytes` of the CSV's frame (ExportTooLarge beyond XLSX_MAX_ROWS,
    checked before a row is fetched). For tests and small selections: the page serves the file itself."""
    with tempfile.TemporaryDirectory(prefix="explorer-export-") as directory:
        return write_explorer_download(db, f, suffix, lang, directory).path.read_bytes()


def export_explorer(db: Database, f: explorer.ExplorerFilter | None, path: str | Path, lang: str) -> int:
    """Write the rows of filter `f` to `path` (format by extension, as `write_explorer_download`); the number
    of rows written. No row passes through a DataFrame."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise QueryError("export format", suffix or path.name, FORMATS)
    with tempfile.TemporaryDirectory(prefix="explorer-export-") as directory:
        # DuckDB writes to our own path, never the caller's text
        written = write_explorer_download(db, f, suffix, lang, directory)
        shutil.move(written.path, path)
    return written.n_rows
