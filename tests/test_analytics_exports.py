"""Downloads read back equal exactly the rows they were given (CSV, XLSX, Parquet)."""

from __future__ import annotations

import codecs
import io
import math

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from analytics import exports
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


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _as_csv_text(value) -> str:
    if _missing(value):
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _columns(df: pd.DataFrame) -> list[str]:
    known = [c for c in exports.EXPORT_ORDER if c in df.columns]
    return known + [c for c in df.columns if c not in exports.EXPORT_ORDER]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_has_bom_headers_in_language_and_exactly_the_rows(rows, lang):
    data = exports.to_csv_bytes(rows, lang)
    assert data.startswith(codecs.BOM_UTF8)
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    columns = _columns(rows)
    assert list(back.columns) == [exports.export_columns(lang).get(c, c) for c in columns]
    assert len(back) == len(rows)
    for position, column in enumerate(columns):
        expected = [_as_csv_text(value) for value in rows[column]]
        assert back.iloc[:, position].tolist() == expected, column
    if lang == "zh":
        assert "原文摘录" in back.columns and "来源文件" in back.columns and "行号" in back.columns
        assert "全市城镇新增就业4万人" in back["原文摘录"].tolist()


def test_xlsx_three_sheets_chinese_intact_rows_equal(db, rows):  # noqa: F811
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(rows, "zh", db)))
    assert book.sheetnames == ["数据", "来源", "数据字典"]
    data = list(book["数据"].iter_rows(values_only=True))
    columns = _columns(rows)
    assert list(data[0]) == [exports.export_columns("zh").get(c, c) for c in columns]
    assert len(data) - 1 == len(rows)
    for index, record in enumerate(rows.to_dict("records")):
        for position, column in enumerate(columns):
            got, expected = data[index + 1][position], record[column]
            if _missing(expected):
                assert got is None, (index, column)
            elif isinstance(expected, float):
                assert got == pytest.approx(expected), (index, column)
            else:
                assert got == expected, (index, column)
    sources = list(book["来源"].iter_rows(values_only=True))
    files = sorted(set(rows["source_file"]))
    assert [row[8] for row in sources[1:]] == files
    assert sum(row[-1] for row in sources[1:]) == len(rows)
    assert any(row[2] == "江门市人力资源和社会保障事业发展“十三五”规划" for row in sources[1:])
    dictionary = list(book["数据字典"].iter_rows(values_only=True))
    assert [row[0] for row in dictionary[1:]] == columns
    meanings = {row[0]: row for row in dictionary[1:]}
    assert meanings["raw_text"][1:3] == ("原文数值", "Value as written")
    assert "以内" in meanings["comparator"][3]


def test_xlsx_in_english_names_sheets_in_english(db, rows):  # noqa: F811
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(rows, "en", db)))
    assert book.sheetnames == ["data", "sources", "data dictionary"]
    assert book["data"]["A1"].value == "City id"


def test_parquet_round_trip_is_identical(rows):
    back = pq.read_table(io.BytesIO(exports.to_parquet_bytes(rows))).to_pandas()
    pd.testing.assert_frame_equal(back, rows.reset_index(drop=True), check_dtype=False)


def test_scorecard_export_keeps_lists_and_provenance(db):  # noqa: F811
    card = scorecard(db, "zhanjiang", "13th")
    back = pd.read_csv(io.BytesIO(exports.to_csv_bytes(card, "en")), encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    jobs = back[back["Indicator id"] == "urban_new_jobs"].iloc[0]
    assert jobs["Other actual values"] == "[38.9] (baseline, 003_752116bdcc71a0d2.txt:187)"
    assert (jobs["Source file"], jobs["Line"]) == ("003_752116bdcc71a0d2.txt", "105")
    parquet = pq.read_table(io.BytesIO(exports.to_parquet_bytes(card))).to_pandas()
    assert list(parquet.loc[0, "alternatives"]) == list(card.loc[0, "alternatives"])


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
