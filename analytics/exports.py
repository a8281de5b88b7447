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

import csv
import io
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

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
    index = labels.LANGS.index(lang)
    files: list[str] = []
    for column in ("source_file", "actual_source_file", "reported_source_file", "base_source_file",
                   "target_source_file"):
        if column in df.columns:
            files.extend(str(value) for value in df[column].dropna())
    counts = pd.Series(files, dtype=object).value_counts() if files else pd.Series(dtype=int)
    documents = dimensions.documents_for_files(db, set(files))
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


def _copy_explorer(db: Database, f: explorer.ExplorerFilter | None, suffix: str, lang: str, target: Path) -> int:
    """COPY the rows of filter `f` to `target` (.csv or .parquet); the number of rows written."""
    dimensions.check_lang(lang)
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
    with db.cursor() as cursor:
        written = cursor.execute(sql.copy_to(query, str(target), file_format), params).fetchone()
    return int(written[0])


def explorer_export_bytes(db: Database, f: explorer.ExplorerFilter | None, suffix: str, lang: str) -> bytes:
    """The download of exactly the rows of filter `f`: `.csv` equal byte for byte to
    `to_csv_bytes(with_reader_notes(filter_observations(db, f), db, lang), lang)` (notes in the reader's
    language), `.parquet` with the rows and columns of `to_parquet_bytes(filter_observations(db, f))`
    (notes as stored), both written by DuckDB to a temporary file; `.xlsx` through `to_xlsx_bytes`
    (ExportTooLarge beyond XLSX_MAX_ROWS, checked before a row is fetched)."""
    suffix = suffix.lower()
    if suffix == ".xlsx":
        _check_xlsx_rows(explorer.count_observations(db, f))
        return to_xlsx_bytes(with_reader_notes(explorer.filter_observations(db, f), db, lang), lang, db)
    with tempfile.TemporaryDirectory(prefix="explorer-export-") as directory:
        target = Path(directory) / f"rows{suffix}"
        _copy_explorer(db, f, suffix, lang, target)
        return target.read_bytes()


def export_explorer(db: Database, f: explorer.ExplorerFilter | None, path: str | Path, lang: str) -> int:
    """Write the rows of filter `f` to `path` (format by extension, as `explorer_export_bytes`);
    the number of rows written. CSV and Parquet never pass through Python."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise QueryError("export format", suffix or path.name, FORMATS)
    if suffix == ".xlsx":
        n_rows = explorer.count_observations(db, f)
        path.write_bytes(explorer_export_bytes(db, f, suffix, lang))
        return n_rows
    with tempfile.TemporaryDirectory(prefix="explorer-export-") as directory:
        target = Path(directory) / f"rows{suffix}"  # DuckDB writes to our own path, never the caller's text
        n_rows = _copy_explorer(db, f, suffix, lang, target)
        shutil.move(target, path)
    return n_rows
