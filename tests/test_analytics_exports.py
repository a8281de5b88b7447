"""Downloads read back equal exactly the rows they were given (CSV, XLSX, Parquet), and no
spreadsheet can read a cell of them as a formula.

The expected cells are computed here by the rule, not by the code under test: comparators are
written as words (= eq, <= le, < lt, >= ge, > gt, ~ approx) in CSV/XLSX; a text beginning
with = + - @ tab or CR gets a leading '; Parquet keeps everything as stored."""

from __future__ import annotations

import codecs
import csv
import io
import math

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from analytics import dimensions, exports, labels
from analytics.db import get_database
from analytics.errors import QueryError
from analytics.explorer import ExplorerFilter, filter_observations
from analytics.scorecard import scorecard
from tests.fixture_dataset import db, fixture_dir  # noqa: F401


@pytest.fixture(scope="module")
def rows(db):  # noqa: F811
    """A filtered selection with Chinese text, nulls, bounds, a district row and two documents."""
    df = filter_observations(db, ExplorerFilter(city_ids=["jiangmen"], indicator_ids=["urban_new_jobs",
                                                                                       "mediation_success_rate"]))
    assert df["district"].notna().any() and df["value"].isna().any()
    return df


WORDS = {"=": "eq", "<=": "le", "<": "lt", ">=": "ge", ">": "gt", "~": "approx"}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CRAFTED = ['=HYPERLINK("http://127.0.0.9:9/","x")', "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=", "a\r=1", "-",
           "plain"]


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _written(column: str, value):
    """A stored value as CSV/XLSX must carry it: comparator words, then the leading ' rule."""
    if isinstance(value, str):
        if column.endswith("comparator"):
            value = WORDS.get(value, value)
        return "'" + value if value[:1] in TRIGGERS else value
    return value


def _as_csv_text(column: str, value) -> str:
    if _missing(value):
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(_written(column, value))


def _header(column: str, lang: str) -> str:
    return labels.COLUMNS.get(column, (column, column))[labels.LANGS.index(lang)]


def _openpyxl_text(value):
    """openpyxl 3.1 leaves the OOXML escape of a control character as it is (XlsxWriter writes a
    CR as _x000D_; Excel and LibreOffice read it back as CR)."""
    return value.replace("_x000D_", "\r") if isinstance(value, str) else value


def _columns(df: pd.DataFrame) -> list[str]:
    known = [c for c in exports.EXPORT_ORDER if c in df.columns]
    return known + [c for c in df.columns if c not in exports.EXPORT_ORDER]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_has_bom_headers_in_language_and_exactly_the_rows(rows, lang):
    data = exports.to_csv_bytes(rows, lang)
    assert data.startswith(codecs.BOM_UTF8)
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    columns = _columns(rows)
    assert list(back.columns) == [_header(c, lang) for c in columns]
    assert len(back) == len(rows)
    for position, column in enumerate(columns):
        expected = [_as_csv_text(column, value) for value in rows[column]]
        assert back.iloc[:, position].tolist() == expected, column
    comparators = back[_header("comparator", lang)].tolist()
    assert {"eq", "gt", "ge"} <= set(comparators) and not set(comparators) & set(WORDS)
    if lang == "zh":
        assert "原文摘录" in back.columns and "来源文件" in back.columns and "行号" in back.columns
        assert "全市城镇新增就业4万人" in back["原文摘录"].tolist()


def test_xlsx_three_sheets_chinese_intact_rows_equal(db, rows):  # noqa: F811
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(rows, "zh", db)))
    assert book.sheetnames == ["数据", "来源", "数据字典"]
    data = list(book["数据"].iter_rows(values_only=True))
    columns = _columns(rows)
    assert list(data[0]) == [_header(c, "zh") for c in columns]
    assert len(data) - 1 == len(rows)
    for index, record in enumerate(rows.to_dict("records")):
        for position, column in enumerate(columns):
            got, expected = data[index + 1][position], record[column]
            if _missing(expected):
                assert got is None, (index, column)
            elif isinstance(expected, float):
                assert got == pytest.approx(expected), (index, column)
            else:
                assert got == _written(column, expected), (index, column)
    sources = list(book["来源"].iter_rows(values_only=True))
    files = sorted(set(rows["source_file"]))
    assert [row[8] for row in sources[1:]] == files
    assert sum(row[-1] for row in sources[1:]) == len(rows)
    assert any(row[2] == "江门市人力资源和社会保障事业发展“十三五”规划" for row in sources[1:])
    dictionary = list(book["数据字典"].iter_rows(values_only=True))
    assert [row[0] for row in dictionary[1:]] == [*columns, "（说明）"]
    meanings = {row[0]: row for row in dictionary[1:]}
    assert meanings["raw_text"][1:3] == ("原文数值", "Value as written")
    zh, en = meanings["comparator"][3:5]
    assert "以内" in zh and all(word in zh and word in en for word in WORDS.values())
    assert "Parquet" in zh and "Parquet" in en and not zh.startswith(TRIGGERS) and not en.startswith(TRIGGERS)
    note = meanings["（说明）"]
    for text in note[3:5]:  # the leading ' explained in both languages, where a user reads the sheet
        assert "'" in text and all(char in text for char in "=+-@")
    assert "strip that one '" in note[4] and "去掉开头的这个 '" in note[3]


def test_xlsx_in_english_names_sheets_in_english(db, rows):  # noqa: F811
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(rows, "en", db)))
    assert book.sheetnames == ["data", "sources", "data dictionary"]
    assert book["data"]["A1"].value == "City id"


def test_parquet_round_trip_is_identical(rows):
    back = pq.read_table(io.BytesIO(exports.to_parquet_bytes(rows))).to_pandas()
    pd.testing.assert_frame_equal(back, rows.reset_index(drop=True), check_dtype=False)
    assert {"=", ">=", ">"} <= set(back["comparator"])  # the stored codes, not the words


def test_scorecard_export_keeps_lists_and_provenance(db):  # noqa: F811
    card = scorecard(db, "zhanjiang", "13th")
    back = pd.read_csv(io.BytesIO(exports.to_csv_bytes(card, "en")), encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    jobs = back[back["Indicator id"] == "urban_new_jobs"].iloc[0]
    assert jobs["Other actual values"] == "[38.9] (baseline, 003_752116bdcc71a0d2.txt:187)"
    assert (jobs["Source file"], jobs["Line"]) == ("003_752116bdcc71a0d2.txt", "105")
    # Both comparator columns of a scorecard carry the words.
    for column in ("comparator", "actual_comparator"):
        expected = [_as_csv_text(column, value) for value in card[column]]
        assert back[_header(column, "en")].tolist() == expected, column
        assert not set(back[_header(column, "en")]) & set(WORDS)
    assert {"eq", "le"} <= set(back[_header("comparator", "en")])
    parquet = pq.read_table(io.BytesIO(exports.to_parquet_bytes(card))).to_pandas()
    assert list(parquet.loc[0, "alternatives"]) == list(card.loc[0, "alternatives"])
    assert parquet["comparator"].tolist() == card["comparator"].tolist()  # Parquet keeps the codes


def test_empty_selection_exports_headers_only(db):  # noqa: F811
    empty = filter_observations(db, ExplorerFilter(text="no such text anywhere"))
    back = pd.read_csv(io.BytesIO(exports.to_csv_bytes(empty, "en")), encoding="utf-8-sig")
    assert len(back) == 0 and "Quote" in back.columns
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(empty, "en", db)))
    assert book["data"].max_row == 1


def test_export_file_by_extension(db, rows, tmp_path):  # noqa: F811
    for suffix in (".csv", ".xlsx", ".parquet"):
        path = exports.export_file(rows, tmp_path / f"rows{suffix}", "zh", db)
        assert path.stat().st_size > 0
    assert len(pd.read_parquet(tmp_path / "rows.parquet")) == len(rows)
    with pytest.raises(QueryError, match=r"\.csv, \.xlsx, \.parquet"):
        exports.export_file(rows, tmp_path / "rows.json", "zh", db)


def test_export_columns_in_both_languages():
    zh, en = exports.export_columns("zh"), exports.export_columns("en")
    assert list(zh) == list(en) == list(exports.EXPORT_ORDER)
    assert {"source_file", "source_line", "quote", "raw_text"} <= set(zh)
    assert zh["source_line"] == "行号" and en["source_line"] == "Line"


# ---- no formula in any spreadsheet cell ----------------------------------------------------

def _crafted() -> pd.DataFrame:
    """Text made to be a formula, a formula-like header, comparators, numbers and booleans."""
    n = len(CRAFTED)
    return pd.DataFrame({
        "quote": CRAFTED,
        "comparator": (list(WORDS) * 2)[:n],
        "value": [float(i) - 2.5 for i in range(n)],
        "is_cumulative": pd.array([True, False] * (n // 2), dtype="boolean"),
        "note": [None] * (n - 1) + ["-"],
        "=SUM(A1:A2)": CRAFTED[::-1],
    })


@pytest.fixture(scope="module")
def real_db():
    return get_database()


@pytest.fixture(scope="module")
def workbooks(db, real_db):  # noqa: F811
    """Every kind of frame the dashboard and the CLI download, with the database its sources come from."""
    everything = filter_observations(real_db, ExplorerFilter())
    return {
        "all rows": (everything, "zh", real_db),
        "zhanjiang targets": (filter_observations(real_db, ExplorerFilter(city_ids=["zhanjiang"],
                                                                          value_kinds=["target"])), "en", real_db),
        "fixture dataset": (filter_observations(db, ExplorerFilter()), "zh", db),
        "fixture scorecard": (scorecard(db, "zhanjiang", "13th"), "en", db),
        "crafted": (_crafted(), "en", db),
    }


def test_no_cell_of_any_xlsx_is_a_formula(workbooks, tmp_path):
    checked = {}
    for name, (frame, lang, database) in workbooks.items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(exports.to_xlsx_bytes(frame, lang, database))
        book = openpyxl.load_workbook(path)  # NOT data_only: a formula cell keeps data_type "f"
        assert len(book.sheetnames) == 3
        cells = 0
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    cells += 1
                    assert cell.data_type != "f", (name, sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith(TRIGGERS), (name, sheet.title, cell.coordinate)
        assert book.worksheets[0].max_row == len(frame) + 1
        assert cells > (len(frame) + 1) * len(frame.columns)  # the data sheet alone has that many
        checked[name] = cells
    assert len(workbooks["all rows"][0]) > 500 and checked["crafted"] > 0, checked


def test_crafted_cells_are_neutralised_in_xlsx_and_csv(db):  # noqa: F811
    frame = _crafted()
    expected = ["'" + text if text[:1] in TRIGGERS else text for text in CRAFTED]
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(frame, "en", db)))
    data = list(book["data"].iter_rows(values_only=True))
    header = list(data[0])
    assert "'=SUM(A1:A2)" in header  # an unknown column's code is its header: neutralised too
    assert [_openpyxl_text(row[header.index("Quote")]) for row in data[1:]] == expected
    assert [row[header.index("Comparator")] for row in data[1:]] == [WORDS[c] for c in frame["comparator"]]
    assert [row[header.index("Value")] for row in data[1:]] == frame["value"].tolist()  # -2.5 stays a number
    assert [row[header.index("Cumulative")] for row in data[1:]] == frame["is_cumulative"].tolist()
    assert data[-1][header.index("Note")] == "'-"
    back = pd.read_csv(io.BytesIO(exports.to_csv_bytes(frame, "en")), encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    assert len(back) == len(frame)  # the CR inside "a\r=1" is quoted: it does not start a new row
    assert back["Quote"].tolist() == expected and back["'=SUM(A1:A2)"].tolist() == expected[::-1]
    assert back["Value"].tolist()[:2] == ["-2.5", "-1.5"]


def test_sources_sheet_text_is_neutralised(real_db, monkeypatch):
    """Titles, issuers, numbers of the source documents are text from outside: same rule."""
    rows = filter_observations(real_db, ExplorerFilter(city_ids=["jiangmen"]))
    documents = dimensions.documents_for_files(real_db, set(rows["source_file"]))
    crafted = documents.copy()
    crafted["title_en"] = '=HYPERLINK("http://127.0.0.9:9/","x")'
    crafted["issuer_en"] = "@SUM(A1)"
    crafted["doc_number"] = "-1"
    monkeypatch.setattr(dimensions, "documents_for_files", lambda _database, _files: crafted)
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(rows, "en", real_db)))
    sources = list(book["sources"].iter_rows())
    header = [cell.value for cell in sources[0]]
    for row in sources[1:]:
        values = dict(zip(header, (cell.value for cell in row), strict=True))
        assert values["Title"] == '\'=HYPERLINK("http://127.0.0.9:9/","x")'
        assert (values["Issuer"], values["Document number"]) == ("'@SUM(A1)", "'-1")
        assert all(cell.data_type != "f" for cell in row)


def _text_cells(data: bytes, numeric: set[int]) -> list[str]:
    """The header and every cell of a CSV that is not in a numeric or boolean column."""
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cells = list(table[0])
    for row in table[1:]:
        assert len(row) == len(table[0])
        cells += [value for position, value in enumerate(row) if position not in numeric]
    return cells


def test_no_text_cell_of_any_csv_starts_like_a_formula(workbooks):
    checked = 0
    for name, (frame, lang, _) in workbooks.items():
        for code_headers in (False, True):  # the download, and the CLI's machine-readable form
            columns = list(frame.columns) if code_headers else _columns(frame)
            numeric = {position for position, column in enumerate(columns)
                       if pd.api.types.is_numeric_dtype(frame[column].dtype)}  # bool dtypes included
            cells = _text_cells(exports.to_csv_bytes(frame, lang, code_headers=code_headers), numeric)
            bad = [cell for cell in cells if cell.startswith(TRIGGERS)]
            assert not bad, (name, code_headers, bad[:5])
            assert len(cells) >= len(frame.columns) * (1 + len(frame)) - len(numeric) * len(frame)
            checked += len(cells)
    assert checked > 2 * len(workbooks["all rows"][0]) * 20


def test_comparator_words_are_the_labels_mapping():
    assert exports.SPREADSHEET_COMPARATORS == labels.SPREADSHEET_COMPARATORS == WORDS
    assert set(WORDS) == set(labels.COMPARATORS)
    assert exports.is_comparator_column("actual_comparator") and not exports.is_comparator_column("comparators_x")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explorer_downloads_word_the_notes_for_the_reader_and_parquet_keeps_them(lang):
    """A stored note names a finding by its check code in English (`milestones_not_rising: …`); the CSV and
    XLSX a reader downloads name it in words in the reader's language, Parquet keeps the note as stored."""
    import re

    from analytics import explorer, labels, paths
    from analytics.db import Database

    database = Database(paths.data_dir())
    try:
        stored = explorer.filter_observations(database)["note"].dropna()
        coded = [note for note in stored if re.search(rf"(?:^|; )({'|'.join(labels.CHECKS)}): ", note)]
        assert coded  # the committed data has findings on its rows
        text = exports.explorer_export_bytes(database, None, ".csv", lang).decode("utf-8-sig")
        parquet = pq.read_table(io.BytesIO(exports.explorer_export_bytes(database, None, ".parquet", lang)))
    finally:
        database.close()
    assert not re.search(rf"(?:^|; )({'|'.join(labels.CHECKS)}): ", text)  # no code in the CSV
    code = re.search(rf"({'|'.join(labels.CHECKS)}): ", coded[0])[1]
    assert labels.label("check", code, lang) in text
    if lang == "zh":
        assert "（英文）" in text  # a curated note that exists in English only is marked so
    assert set(coded) <= set(parquet.column("note").to_pylist())
