"""Marked, never silent: every value says how it was read (observations.reading: curated, table,
machine), a machine reading carries its confidence, and the pages mark machine-read values and can
leave them out. The machine-read rows are FICTIONAL (tests/fixture_dataset.machine_rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.ingest.observation import observation
from analytics.ingest.sources import SourceDocument, SourceError
from analytics.notation import parse_single

DOC = {"doc_id": "fictional_plan", "source_file": "999_fictional.txt", "city_id": "jiangmen", "plan_period": "14th"}


def _row(**reading) -> dict:
    doc = SourceDocument(DOC, Path("999_fictional.txt"), "0" * 64, ("城镇新增就业4.59万人",))
    return observation(doc, line=1, quote="城镇新增就业4.59万人", indicator_id="urban_new_jobs", value_kind="actual",
                       year=2023, raw_text="4.59", parsed=parse_single("4.59"), raw_unit="万人", plan_period="14th",
                       **reading)


def test_a_row_says_how_it_was_read_and_only_a_machine_reading_has_a_confidence():
    assert (_row(reading="table")["reading"], _row(reading="table")["confidence"]) == ("table", None)
    machine = _row(reading="machine", confidence=0.7)
    assert (machine["reading"], machine["confidence"]) == ("machine", 0.7)
    assert machine["obs_id"] == _row(reading="curated")["obs_id"]  # the reading is not part of the key


@pytest.mark.parametrize(("reading", "message"), [
    ({"reading": "machine"}, "needs a confidence in 0..1"),
    ({"reading": "machine", "confidence": 1.2}, "needs a confidence in 0..1"),
    ({"reading": "machine", "confidence": float("nan")}, "needs a confidence in 0..1"),
    ({"reading": "table", "confidence": 0.9}, "only a machine reading has a confidence"),
    ({"reading": "guessed"}, "is not one of curated, table, machine"),
])
def test_a_reading_that_does_not_fit_is_refused(reading, message):
    with pytest.raises(SourceError, match=message):
        _row(**reading)


def test_the_reading_is_required():
    with pytest.raises(TypeError):
        _row()


# ---- the machine fixture: SQL, pages, downloads, the Sources counts ----------------------------------------------

import html  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402

import openpyxl  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from analytics import explorer, exports, labels, source_coverage, sql  # noqa: E402
from analytics.db import Database  # noqa: E402
from analytics.schema import READINGS  # noqa: E402
from tests.apptest_helpers import notices, open_app, texts  # noqa: E402
from tests.fixture_dataset import JM_REPORT, ZJ, fixture_dir, machine_fixture_dir, machine_rows  # noqa: E402, F401
from ui import share  # noqa: E402

MARK = {"en": "⚙ machine-read, not reviewed", "zh": "⚙ 机器读取，未经人工核对"}
REVIEWED = ("curated", "table")
COMPARE = {"indicator": "urban_new_jobs", "city": ["zhanjiang", "jiangmen"], "period": "14th", "kind": "actual"}


@pytest.fixture(scope="module")
def machine_db(machine_fixture_dir):  # noqa: F811
    database = Database(machine_fixture_dir)
    yield database
    database.close()


@pytest.fixture
def machine_data(machine_fixture_dir, monkeypatch):  # noqa: F811
    monkeypatch.setenv("PLAN_DATA_DIR", str(machine_fixture_dir))


def test_the_mark_is_the_symbol_and_the_words_in_both_languages():
    for lang in ("zh", "en"):
        assert labels.reading_mark("machine", lang) == MARK[lang]
        assert labels.reading_mark("table", lang) == labels.reading_mark("curated", lang) == ""
        assert labels.reading_mark(None, lang) == ""


def test_leaving_machine_readings_out_happens_in_sql(machine_db):
    everything, reviewed = machine_db, machine_db.with_readings(REVIEWED)
    assert explorer.count_observations(everything) - explorer.count_observations(reviewed) == len(machine_rows())
    shown = explorer.filter_observations(reviewed)
    assert set(shown["reading"]) == set(REVIEWED)
    # the statements themselves take $readings: the rows never reach pandas
    for statement in (sql.COMPARE_ROWS, sql.TREND_ROWS, sql.SCORECARD_ROWS, sql.EXPLORER_COUNT, sql.COVERAGE,
                      sql.HEADLINE_LATEST, sql.PACE_VALUES, sql.INDICATORS):
        assert sql.READ_OBSERVATIONS in statement
        assert not re.search(r"\b(FROM|JOIN) observations\b(?! WHERE list_contains\(\$readings)", statement)
    machine_years = {row["year"] for row in machine_rows()
                     if row["indicator_id"] == "urban_new_jobs" and row["value_kind"] == "actual"}
    rows = everything.rows(sql.TREND_ROWS, {"indicator_id": "urban_new_jobs", "city_ids": ["zhanjiang", "jiangmen"],
                                            "value_kinds": ["actual"]})
    assert machine_years <= {row["year"] for row in rows}
    rows = reviewed.rows(sql.TREND_ROWS, {"indicator_id": "urban_new_jobs", "city_ids": ["zhanjiang", "jiangmen"],
                                          "value_kinds": ["actual"]})
    assert not machine_years & {row["year"] for row in rows}
    assert everything.readings == READINGS and machine_db.with_readings(READINGS) is machine_db


def _hover_texts(at) -> list[str]:
    found = []
    for chart in at.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            found += [text for text in trace.get("hovertext") or [] if isinstance(text, str)]
            found += [str(cell) for cell in trace.get("customdata") or [] if isinstance(cell, list | str)]
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_compare_marks_the_machine_read_values_in_hover_table_and_footnote(machine_data, lang):
    at = open_app("compare", lang=lang, **COMPARE)  # 14th-plan actuals: only the two machine-read ones
    hovers = _hover_texts(at)
    assert any("9.99万人" in text for text in hovers) and all(MARK[lang] in text for text in hovers)
    (table,) = [frame.value for frame in at.get("dataframe")]
    marks = dict(zip(table[labels.label("column", "raw_text", lang)], table[labels.label("column", "read_mark", lang)],
                     strict=True))
    assert marks == {"9.99万人": MARK[lang], "7.77万人": MARK[lang]}
    assert f"{MARK[lang]}" in texts(at)  # the source footnote counts them


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_trends_mark_the_machine_read_value_and_no_other(machine_data, lang):
    at = open_app("trends", lang=lang, indicator="urban_new_jobs", city=["zhanjiang", "jiangmen"])
    hovers = _hover_texts(at)
    machine = [text for text in hovers if "9.99万人" in text or "7.77万人" in text or "55.5万人" in text]
    others = [text for text in hovers if text not in machine and "<br>" in text]
    assert machine and all(MARK[lang] in text for text in machine)
    assert others and not any(MARK[lang] in text for text in others)  # a table's or a curated rule's: unmarked
    tables = [frame.value for frame in at.get("dataframe")]
    column = labels.label("column", "read_mark", lang)
    (table,) = [frame for frame in tables if column in frame.columns]
    raw = table[labels.label("column", "raw_text", lang)]
    assert set(table.loc[raw.isin(["9.99万人", "7.77万人"]), column]) == {MARK[lang]}
    assert set(table.loc[~raw.isin(["9.99万人", "7.77万人", "55.5万人"]), column]) == {""}


def test_the_scorecard_and_the_explorer_mark_a_machine_read_value(machine_data):
    at = open_app("scorecard", lang="en", period="14th", city="zhanjiang")
    assert any("49.9万人 " + MARK["en"] in text for text in _hover_texts(at))
    assert "49.9万人 " + MARK["en"] in texts(at)  # the scorecard's table
    at = open_app("explorer", lang="en", city="zhanjiang", indicator="unemployment_insured")
    (table,) = [frame.value for frame in at.get("dataframe")]
    readings = dict(zip(table[labels.label("column", "raw_text", "en")], table[labels.label("column", "reading",
                                                                                         "en")], strict=True))
    assert readings["49.9万人"] == MARK["en"] and readings["46.7"] == "table"


def test_the_committed_data_marks_nothing():
    """No machine row yet: no page shows the mark (the switch's help names it, in the sidebar only)."""
    for page, params in (("compare", {}), ("trends", {}), ("explorer", {}), ("scorecard", {})):
        at = open_app(page, lang="en", **params)
        assert MARK["en"] not in texts(at) and not any(MARK["en"] in text for text in _hover_texts(at))


def test_the_switch_leaves_machine_rows_out_and_survives_the_link(machine_data):
    at = open_app("compare", lang="en", machine="0", **COMPARE)
    assert at.query_params["machine"] == "0"
    assert not _hover_texts(at) and not at.get("dataframe")  # both 14th-plan actuals were machine-read
    assert MARK["en"] not in texts(at)
    # the shared link (the sidebar's, here the overview's) names the switch, and opens the same view
    body = " ".join(element.proto.body for element in open_app(None, lang="en", machine="0").get("html"))
    (link,) = {html.unescape(url) for url in re.findall(r"data-url='([^']*)'", body)}
    assert "machine=0" in link.split("&")
    again = open_app("compare", **dict(pair.split("=") for pair in link.lstrip("?").split("&")
                                       if not pair.startswith("city=")), city=COMPARE["city"],
                     **{name: value for name, value in COMPARE.items() if name != "city"})
    assert again.query_params["machine"] == "0" and not _hover_texts(again)
    included = open_app("compare", lang="en", **COMPARE)  # without the parameter: the default, included
    assert any("9.99万人" in text for text in _hover_texts(included))


def test_a_bad_switch_value_gets_the_usual_notice_and_the_default(machine_data):
    overview = open_app(None, lang="en", machine="maybe")  # the sidebar's parameter: noticed on the first run
    assert any("machine" in text and "maybe" in text for text in notices(overview))
    links = [html.unescape(url) for element in overview.get("html")
             for url in re.findall(r"data-url='([^']*)'", element.proto.body)]
    assert links and not any("machine=" in link for link in links)  # the link: the default, left out
    at = open_app("compare", lang="en", machine="maybe", **COMPARE)
    assert not at.exception
    assert any("9.99万人" in text for text in _hover_texts(at))  # the default: included


def test_a_download_name_says_when_machine_rows_are_left_out():
    kept = share.download_stem("observations", {"city": ["zhanjiang"]}, "en")
    left_out = share.download_stem("observations", {"city": ["zhanjiang"], "machine": "0"}, "en")
    assert kept != left_out and "nomachine" in left_out and "machine" not in kept
    assert share.canonical_query({"lang": "en", "machine": "0", "city": ["a"]}) == "lang=en&machine=0&city=a"


def test_downloads_carry_the_reading_and_the_confidence(machine_db):
    f = explorer.ExplorerFilter(city_ids=["zhanjiang"], indicator_ids=["unemployment_insured"])
    table = pq.read_table(io.BytesIO(exports.explorer_export_bytes(machine_db, f, ".parquet", "en"))).to_pylist()
    by_text = {row["raw_text"]: row for row in table}
    assert (by_text["49.9万人"]["reading"], by_text["49.9万人"]["confidence"]) == ("machine", 0.7)
    assert (by_text["46.7"]["reading"], by_text["46.7"]["confidence"]) == ("table", None)
    csv_text = exports.explorer_export_bytes(machine_db, f, ".csv", "en").decode("utf-8-sig")
    header = csv_text.splitlines()[0].split(",")
    assert "Read by" in header and "Machine confidence" in header
    machine_line = next(line for line in csv_text.splitlines() if "49.9万人" in line).split(",")
    assert machine_line[header.index("Read by")] == "machine" and machine_line[header.index("Machine confidence")] \
        == "0.7"
    book = openpyxl.load_workbook(io.BytesIO(exports.explorer_export_bytes(machine_db, f, ".xlsx", "zh")))
    data = list(book["数据"].iter_rows(values_only=True))
    assert "读取方式" in data[0] and "机器读取置信度" in data[0]
    dictionary = {row[0]: row for row in book["数据字典"].iter_rows(values_only=True)}
    assert "machine" in dictionary["reading"][4] and "curated" in dictionary["reading"][4]
    assert "0–1" in dictionary["confidence"][4] and "机器" in dictionary["confidence"][3]
    # leaving machine rows out leaves them out of the download too
    reviewed = pq.read_table(io.BytesIO(exports.explorer_export_bytes(machine_db.with_readings(REVIEWED), f,
                                                                       ".parquet", "en")))
    assert "machine" not in reviewed.column("reading").to_pylist() and reviewed.num_rows == len(table) - 1


def test_sources_counts_each_documents_values_by_reading_and_its_unread_figures(machine_db):
    docs = machine_db.rows("SELECT doc_id, source_file FROM documents ORDER BY source_file")
    doc_of = {row["source_file"]: row["doc_id"] for row in docs}
    counts = source_coverage.document_readings(machine_db, list(doc_of.values())).set_index("doc_id")
    expected = machine_db.rows("SELECT doc_id, reading, count(*) AS n FROM observations GROUP BY ALL")
    for row in expected:
        assert counts.loc[row["doc_id"], f"n_{row['reading']}"] == row["n"]
    assert counts.loc[doc_of[ZJ], "n_machine"] == 3 and counts.loc[doc_of[JM_REPORT], "n_machine"] == 1
    assert counts.loc[doc_of[ZJ], "n_unread"] == 1 and counts.loc[doc_of[JM_REPORT], "n_unread"] == 1
    assert counts["n_machine"].sum() == len(machine_rows()) and counts.loc[doc_of[ZJ], "n_table"] > 0


def test_the_sources_page_shows_the_counts(machine_data, machine_db):
    at = open_app("sources", lang="en")
    (table,) = [element.value for element in at.get("table")][:1]
    assert list(table.columns[-4:]) == ["Values: curated rules", "Values: tables",
                                        "Values: ⚙ machine-read, not reviewed", "Unread figures"]
    assert sorted(int(n) for n in table["Values: ⚙ machine-read, not reviewed"])[-2:] == [1, 3]
    assert sum(int(n) for n in table["Unread figures"]) == 2


def test_the_ambition_table_and_chart_mark_a_machine_read_base(machine_db):
    from analytics import dimensions, pace
    from ui import charts, components

    rows = pace.pace(machine_db, "zhanjiang", "14th")
    assert set(rows["base_reading"]) == set(rows["target_reading"]) == {"table"}  # as the SQL read them
    rows.loc[rows["indicator_id"] == "unemployment_insured", "base_reading"] = "machine"  # as if read by machine
    names = dimensions.city_names(machine_db, "en")
    table = components.pace_table(rows, names, "en")
    base = table[labels.label("column", "base_raw", "en")].tolist()
    assert [MARK["en"] in cell for cell in base] == list(rows["indicator_id"] == "unemployment_insured")
    assert not any(MARK["en"] in cell for cell in table[labels.label("column", "target_raw", "en")])
    ranked = rows[rows["indicator_id"] == "unemployment_insured"]
    figure = charts.ambition_chart(ranked, dimensions.cities(machine_db), "", "", "en", False)
    (base_cell, target_cell, *_), = figure.data[0].customdata
    assert MARK["en"] in base_cell and MARK["en"] not in target_cell
