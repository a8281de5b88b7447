"""What the pages print in their tables, captions, verdicts and labels (issue 12), through
AppTest in both languages: no cell of any table reads None, nan, NaN, <NA> or NaT (an empty cell
is "—" or blank on screen, and stays empty in downloads); the English pages' own words are
English, Chinese appearing only in data shown as written (raw text, quotes, titles)."""

from __future__ import annotations

import html
import io
import re

import pandas as pd
import pytest
from streamlit import dataframe_util

from analytics import dimensions, explorer, exports, scorecard
from analytics.db import get_database
from tests.apptest_helpers import open_app, shown
from tests.test_pages import chart

NOT_A_VALUE = {"None", "none", "nan", "NaN", "<NA>", "NaT", "null"}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

# Every page, and links that reach tables with empty cells (no baseline, no actual, no ratio),
# annual averages, and units beyond the common ones (宗 cases, 间 rooms).
LINKS = [
    ("overview", {}),
    ("compare", {}),
    ("compare", {"indicator": "urban_new_jobs", "period": "13th", "kind": "target", "avg": "1"}),
    ("compare", {"indicator": "labour_inspection_cases", "period": "13th", "kind": "actual", "city": "jiangmen"}),
    ("scorecard", {}),
    ("scorecard", {"city": "jiangmen", "period": "13th"}),
    ("trends", {}),
    ("trends", {"indicator": "standardised_exam_rooms"}),
    ("ambition", {}),
    ("explorer", {}),
    ("explorer", {"city": "jiangmen", "period": "13th"}),
    ("sources", {}),
]


def displayed_tables(at) -> list[pd.DataFrame]:
    """Every table of the page as the reader sees its cells (text): a styled frame's display
    values, else the values with nulls drawn as the frame's placeholder (Streamlit's default
    placeholder is "None"); st.table cells as their text."""
    tables = []
    for element in at.get("dataframe"):
        styled = element.proto.arrow_data.styler.display_values
        if styled:
            tables.append(dataframe_util.convert_arrow_bytes_to_pandas_df(styled).astype(str))
            continue
        frame = element.value
        placeholder = element.proto.placeholder if element.proto.HasField("placeholder") else "None"
        tables.append(frame.astype(object).where(frame.notna(), placeholder).astype(str))
    for element in at.get("table"):
        frame = element.value
        tables.append(frame.astype(object).where(frame.notna(), "None").astype(str))
    return tables


def _link_id(link: tuple[str, dict]) -> str:
    page, params = link
    return page + "".join(f"-{value}" for value in params.values())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("link", LINKS, ids=_link_id)
def test_no_table_cell_reads_none_or_nan(link, lang):
    page, params = link
    at = open_app(page, lang=lang, **params)
    tables = displayed_tables(at)
    if page != "trends":
        assert tables, f"{page}: no table found"
    for index, table in enumerate(tables):
        for column in table.columns:
            bad = sorted(set(table[column]) & NOT_A_VALUE)
            assert not bad, f"{page} {params} table {index}, column {column!r}: {bad}"


def test_the_scorecard_table_shows_the_verdicts_digits():
    """Computed % in one decimal, reported % and empty cells as on every page: 003:115 reports
    103.79 against a computed 102.71; a target without an actual has "—" where the % would be."""
    at = open_app("scorecard", city="zhanjiang", period="13th")
    table = displayed_tables(at)[0].set_index("指标")
    percentages = ["完成比例（%，计算）", "完成比例（%，原文）"]
    assert table.loc["企业劳动合同签订率", percentages].tolist() == ["102.7", "103.79"]
    jiangmen = displayed_tables(open_app("scorecard", city="jiangmen", period="13th"))[0].set_index("指标")
    assert jiangmen.loc["失业保险参保人数", ["完成（原文）", "完成比例（%，计算）", "完成值出处"]].tolist() == ["—"] * 3


def test_compare_table_shows_the_chart_labels_digits():
    # Jingdezhen's 2011-2015 total [18.17] (001:44) as an annual average: 3.634, shown 3.63 everywhere.
    at = open_app("compare", indicator="urban_new_jobs", city="jingdezhen", period="12th", kind="actual", avg="1",
                  lang="en")
    label = chart(at)["data"][0]["text"][0]
    table = displayed_tables(at)[0]
    verdict = _verdicts(at)[0]
    assert label == "3.63" and table["Shown value"].tolist() == [label]
    assert table["Total over"].tolist() == ["2011–2015"]
    assert f"{label} (10k people)" in verdict and "3.634" not in verdict


def test_downloads_keep_empty_cells_empty():
    """On screen an empty cell reads "—"; in CSV and XLSX it stays empty (no None, nan or —)."""
    import openpyxl

    db = get_database()
    card = scorecard.scorecard(db, "jiangmen", "13th")
    assert card["ratio_pct"].isna().any() and card["actual_raw"].isna().any()
    text = exports.to_csv_bytes(card, "zh").decode("utf-8-sig")
    cells = {cell for line in text.splitlines() for cell in line.split(",")}
    assert not cells & (NOT_A_VALUE | {"—"}) and "" in cells
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(card, "en", db))).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert not {value for row in rows for value in row if isinstance(value, str)} & (NOT_A_VALUE | {"—"})
    ratio = [cell.value for cell in sheet[1]].index("Achievement (%, computed)")
    assert any(row[ratio] is None for row in rows)  # an empty cell, not a text


# ---- English pages say everything of their own in English ---------------------------------------

def _data_texts() -> list[str]:
    """Text that is data as written and may be Chinese on an English page, longest first: the
    sources' raw values, labels, quotes, notes, tables, districts, and the documents' Chinese
    titles and issuers. Units as written are not among them: a page names units in English."""
    db = get_database()
    rows = explorer.filter_observations(db)
    found: set[str] = set()
    for column in ("raw_text", "source_label", "quote", "note", "source_table", "district"):
        found |= {value for value in rows[column].dropna() if isinstance(value, str)}
    documents = dimensions.documents(db)
    for column in ("title_zh", "issuer_zh", "doc_number"):
        found |= {value for value in documents[column].dropna() if isinstance(value, str)}
    return sorted((text for text in found if CJK.search(text)), key=len, reverse=True)


def _verdicts(at) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", element.value)) for element in at.markdown
            if "class='verdict'" in element.value]


def _own_words(at) -> list[tuple[str, str]]:
    """(where, text) of what the page itself writes: captions, verdicts, notices and empty states,
    metric labels, table headers, chart axis titles."""
    words = [("caption", shown(element.value)) for element in at.caption]
    words += [("verdict", text) for text in _verdicts(at)]
    for kind in ("info", "warning", "success", "error"):
        words += [(kind, shown(element.value)) for element in at.get(kind)]
    words += [("metric", shown(element.label)) for element in at.get("metric")]
    words += [("table header", str(column)) for table in displayed_tables(at) for column in table.columns]
    for index in range(len(at.get("plotly_chart"))):
        layout = chart(at, index)["layout"]
        for axis in (key for key in layout if key.startswith(("xaxis", "yaxis"))):
            title = layout[axis].get("title", {})
            words.append((f"chart {axis} title", title.get("text", "") if isinstance(title, dict) else str(title)))
    return words


@pytest.fixture(scope="module")
def data_texts() -> list[str]:
    return _data_texts()


def test_the_check_finds_chinese_ui_words(data_texts):
    """The check strips data, not the page's words: a Chinese unit or caption would be found."""
    def leftover(text: str) -> str:
        for data in data_texts:
            text = text.replace(data, "")
        return "".join(CJK.findall(text))

    assert leftover("Urban new jobs, 万人 (2020)") == "万人"
    assert leftover("As written: 4.59万人 · 004_95eefe6b59f03fdd.txt:2") == ""  # 004:2 as written
    assert leftover("Labour inspection cases handled, 宗") == "宗"


@pytest.mark.parametrize("link", LINKS, ids=_link_id)
def test_english_pages_write_their_own_words_in_english(link, data_texts):
    page, params = link
    at = open_app(page, lang="en", **params)
    words = _own_words(at)
    assert words
    for where, text in words:
        rest = text
        for data in data_texts:
            if data in rest:
                rest = rest.replace(data, "")
        assert not CJK.search(rest), f"{page} {params}: {where} {text!r} has Chinese of its own: {CJK.findall(rest)}"
