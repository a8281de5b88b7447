"""Tables that each pass their schema but do not fit together: one clear message naming the
file and the rebuild command, when loading and on every page; ingestion refuses to write them.
A consistent but empty observations table is not an error: every page shows an empty state."""

from __future__ import annotations

import re
import shutil

import pyarrow as pa
import pytest

from analytics import explorer, pace, scorecard
from analytics.consistency import check_consistency
from analytics.db import Database
from analytics.ingest.writer import write_tables
from analytics.schema import REBUILD_COMMAND, DataError
from tests.apptest_helpers import open_app, shown, texts
from tests.fixture_dataset import build_tables, fixture_dir  # noqa: F401
from tests.generation_helpers import current_tables, put_tables
from ui.i18n import STRINGS

PAGES = ("overview", "compare", "scorecard", "trends", "ambition", "explorer", "sources")


def _set(table: pa.Table, column: str, row: int, value) -> pa.Table:
    values = table.column(column).to_pylist()
    values[row] = value
    return table.set_column(table.schema.get_field_index(column), column,
                            pa.array(values, table.schema.field(column).type))


def _broken(name: str) -> tuple[dict[str, pa.Table], str]:
    """The fixture tables with one inconsistency, and the message it must give."""
    tables = build_tables()
    obs = tables["observations"]
    cases = {
        "unknown_indicator": (dict(observations=_set(obs, "indicator_id", 5, "no_such_indicator")),
                              r"observations\.parquet: row 5 indicator_id = 'no_such_indicator' is not in "
                              r"indicators\.parquet"),
        "unknown_city": (dict(observations=_set(obs, "city_id", 2, "atlantis")),
                         r"observations\.parquet: row 2 city_id = 'atlantis' is not in cities\.parquet"),
        "unknown_document": (dict(observations=_set(obs, "doc_id", 0, "doc_nowhere")),
                             r"observations\.parquet: row 0 doc_id = 'doc_nowhere' is not in documents\.parquet"),
        "unknown_plan_period": (dict(observations=_set(obs, "plan_period", 1, "16th")),
                                r"observations\.parquet: row 1 plan_period = '16th' is not in plan_periods\.parquet"),
        "no_cities": (dict(cities=tables["cities"].slice(0, 0)), r"cities\.parquet: has no rows"),
        "no_indicators": (dict(indicators=tables["indicators"].slice(0, 0)), r"indicators\.parquet: has no rows"),
        "no_plan_periods": (dict(plan_periods=tables["plan_periods"].slice(0, 0)),
                            r"plan_periods\.parquet: has no rows"),
        "duplicate_city": (dict(cities=pa.concat_tables([tables["cities"], tables["cities"].slice(0, 1)])),
                           r"cities\.parquet: city_id '\w+' occurs more than once"),
        "bad_colour": (dict(cities=_set(tables["cities"], "color", 0, "red;background:url(x)")),
                       r"cities\.parquet: row 0 color = .* is not #RRGGBB"),
        "document_of_unknown_city": (dict(documents=_set(tables["documents"], "city_id", 0, "atlantis")),
                                     r"documents\.parquet: row 0 city_id = 'atlantis' is not in cities\.parquet"),
        "note_on_missing_row": (
            dict(quality_notes=tables["quality_notes"].set_column(
                tables["quality_notes"].schema.get_field_index("obs_ids"), "obs_ids",
                pa.array([["o_nowhere"]] * tables["quality_notes"].num_rows, pa.list_(pa.string())))),
            r"quality_notes\.parquet: obs_ids names 'o_nowhere', which is not in observations\.parquet"),
        "source_file_of_another_document": (
            dict(observations=_set(obs, "source_file", 0, next(
                f for f in tables["documents"].column("source_file").to_pylist()
                if f != obs.column("source_file")[0].as_py()))),
            r"observations\.parquet: row 0 source_file = .* differs from its document"),
        "document_of_unknown_plan_period": (dict(documents=_set(tables["documents"], "plan_period", 1, "16th")),
                                            r"documents\.parquet: row 1 plan_period = '16th' is not in "
                                            r"plan_periods\.parquet"),
        "duplicate_indicator": (dict(indicators=pa.concat_tables([tables["indicators"],
                                                                  tables["indicators"].slice(3, 1)])),
                                r"indicators\.parquet: indicator_id '\w+' occurs more than once"),
        "duplicate_observation": (dict(observations=pa.concat_tables([obs, obs.slice(7, 1)])),
                                  r"observations\.parquet: obs_id '\w+' occurs more than once"),
        "period_ends_before_it_starts": (dict(plan_periods=_set(tables["plan_periods"], "start_year", 2, 2099)),
                                         r"plan_periods\.parquet: row 2 starts after it ends"),
        # source coverage (analytics/ingest/figures.py)
        "figure_of_unknown_document": (dict(source_figures=_set(tables["source_figures"], "doc_id", 1, "doc_nowhere")),
                                       r"source_figures\.parquet: row 1 doc_id = 'doc_nowhere' is not in "
                                       r"documents\.parquet"),
        "figure_past_the_last_line": (dict(source_figures=_set(tables["source_figures"], "source_line", 0, 701)),
                                      r"source_figures\.parquet: row 0 \(source_file '003_752116bdcc71a0d2\.txt', "
                                      r"line 701\) is not a line of its document"),
        "figure_of_another_file": (dict(source_figures=_set(tables["source_figures"], "source_file", 0,
                                                            "004_95eefe6b59f03fdd.txt")),
                                   r"source_figures\.parquet: row 0 .* is not a line of its document"),
        "excluded_figure_without_reason": (dict(source_figures=_set(tables["source_figures"], "reason", 3, None)),
                                           r"source_figures\.parquet: row 3 has status 'excluded' and no reason"),
        "read_figure_with_a_reason": (dict(source_figures=_set(tables["source_figures"], "reason", 0, "why")),
                                      r"source_figures\.parquet: row 0 has status 'read' and a reason"),
        # how a value was read (schema.READINGS): a machine reading has a confidence in 0..1, others none
        "machine_reading_without_confidence": (
            dict(observations=_set(obs, "reading", 4, "machine")),
            r"observations\.parquet: row 4: reading 'machine' with confidence None \(a machine reading has a "
            r"confidence in 0\.\.1"),
        "machine_reading_above_one": (
            dict(observations=_set(_set(obs, "reading", 4, "machine"), "confidence", 4, 1.5)),
            r"observations\.parquet: row 4: reading 'machine' with confidence 1\.5"),
        "table_reading_with_confidence": (
            dict(observations=_set(obs, "confidence", 6, 0.9)),
            r"observations\.parquet: row 6: reading '(table|curated)' with confidence 0\.9"),
        "unknown_reading": (dict(observations=_set(obs, "reading", 3, "guessed")),
                            r"observations\.parquet: row 3 column reading = 'guessed', allowed: curated, table, "
                            r"machine"),
        "no_reading": (dict(observations=_set(obs, "reading", 2, None)),
                       r"observations\.parquet: column reading is null in 1 row\(s\), first at row 2"),
    }
    replaced, message = cases[name]
    return {**tables, **replaced}, message


CASES = ("unknown_indicator", "unknown_city", "unknown_document", "unknown_plan_period", "no_cities",
         "no_indicators", "no_plan_periods", "duplicate_city", "bad_colour", "document_of_unknown_city",
         "note_on_missing_row", "source_file_of_another_document", "document_of_unknown_plan_period",
         "duplicate_indicator", "duplicate_observation", "period_ends_before_it_starts", "figure_of_unknown_document",
         "figure_past_the_last_line", "figure_of_another_file", "excluded_figure_without_reason",
         "read_figure_with_a_reason", "machine_reading_without_confidence", "machine_reading_above_one",
         "table_reading_with_confidence")
# Checked by the column checks (schema.TABLES: not null, allowed values), whose messages name the file and row.
VALUE_CASES = ("unknown_reading", "no_reading")


def test_a_machine_reading_with_its_confidence_is_consistent(tmp_path):
    """The counterpart of the machine_reading_* cases: the same row with a confidence in 0..1 passes."""
    tables = build_tables(machine=True)
    check_consistency(tables)
    readings = tables["observations"].column("reading").to_pylist()
    assert "machine" in readings and {"table", "curated"} <= set(readings)


def test_the_fixture_and_the_committed_data_are_consistent():
    check_consistency(build_tables())
    from tests.conftest import COMMITTED_DATA

    check_consistency(current_tables(COMMITTED_DATA))


@pytest.mark.parametrize("case", CASES)
def test_check_names_the_file_and_the_rebuild_command(case):
    tables, message = _broken(case)
    with pytest.raises(DataError, match=message) as caught:
        check_consistency(tables)
    assert REBUILD_COMMAND in str(caught.value)


@pytest.mark.parametrize("case", VALUE_CASES)
def test_check_refuses_a_reading_outside_the_readings(case):
    tables, message = _broken(case)
    with pytest.raises(DataError, match=message):
        check_consistency(tables)


@pytest.mark.parametrize("case", CASES + VALUE_CASES)
def test_loading_refuses_an_inconsistent_generation(case, fixture_dir, tmp_path):  # noqa: F811
    data = tmp_path / "data"
    shutil.copytree(fixture_dir, data)
    tables, message = _broken(case)
    put_tables(data, **tables)
    with pytest.raises(DataError, match=message):
        Database(data)


@pytest.mark.parametrize("case", ["unknown_city", "no_cities"])
def test_ingestion_writes_nothing_inconsistent(case, fixture_dir, tmp_path):  # noqa: F811
    data = tmp_path / "data"
    shutil.copytree(fixture_dir, data)
    before = {p.relative_to(data): p.read_bytes() for p in data.rglob("*") if p.is_file()}
    tables, message = _broken(case)
    with pytest.raises(DataError, match=message):
        write_tables(data, tables)
    assert {p.relative_to(data): p.read_bytes() for p in data.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("case", ["unknown_indicator", "no_cities", "unknown_plan_period"])
def test_every_page_shows_one_clear_message(case, fixture_dir, tmp_path, monkeypatch):  # noqa: F811
    data = tmp_path / "data"
    shutil.copytree(fixture_dir, data)
    tables, _ = _broken(case)
    put_tables(data, **tables)
    monkeypatch.setenv("PLAN_DATA_DIR", str(data))
    for page in PAGES:
        at = open_app(page)  # raises on any exception
        (error,) = at.error
        shown = texts(at)
        assert "python -m analytics.ingest" in shown, page
        assert str(tmp_path) not in shown, "no absolute server path on the page"
        assert error.value.startswith(("数据无法加载", "The data could not be loaded")), page
        (command,) = at.get("code")  # as code, not escaped Markdown: it pastes as written
        assert command.value == REBUILD_COMMAND and command.language == "bash", page


ERROR_PAGE = {
    "zh": ("数据无法加载：observations.parquet: row 5 ", "请在项目目录中运行以下命令，从来源文件重建数据："),
    "en": ("The data could not be loaded: observations.parquet: row 5 ",
           "Rebuild the data from the source documents with this command, in the project directory:"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_error_page_gives_the_rebuild_command_as_code_in_its_language(
        lang, fixture_dir, tmp_path, monkeypatch):  # noqa: F811
    data = tmp_path / "data"
    shutil.copytree(fixture_dir, data)
    put_tables(data, **_broken("unknown_indicator")[0])
    monkeypatch.setenv("PLAN_DATA_DIR", str(data))
    at = open_app("overview", lang=lang)
    message = shown(at.error[0].value)
    begins, ends = ERROR_PAGE[lang]
    assert message.startswith(begins) and message.endswith(ends), message
    assert "`" not in message and "analytics.ingest" not in message, \
        "the command is not repeated in the message as escaped Markdown"
    assert [(element.value, element.language) for element in at.get("code")] == [(REBUILD_COMMAND, "bash")]


@pytest.fixture
def empty_data(fixture_dir, tmp_path, monkeypatch):  # noqa: F811
    """A consistent generation with no observations (and so no quality notes)."""
    data = tmp_path / "data"
    shutil.copytree(fixture_dir, data)
    tables = current_tables(data)
    put_tables(data, observations=tables["observations"].slice(0, 0),
               quality_notes=tables["quality_notes"].slice(0, 0))
    monkeypatch.setenv("PLAN_DATA_DIR", str(data))
    return data


EMPTY_STATE = {"overview": "no_observations", "compare": "no_observations", "trends": "no_observations",
               "explorer": "no_observations", "ambition": "ambition_none", "scorecard": "scorecard_empty",
               "sources": "quality_none"}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_an_empty_state_without_observations(empty_data, page, lang):
    at = open_app(page, lang=lang)  # raises on any exception
    assert not at.error
    template = STRINGS[EMPTY_STATE[page]][lang]
    literal = max(re.split(r"\{[^}]*\}", template), key=len)  # the template's longest fixed text
    assert len(literal) > 5 and literal in texts(at), f"{page} does not say it has no values"


def test_empty_observations_load_cleanly(empty_data):
    db = Database(empty_data)
    try:
        assert db.query("SELECT count(*) AS n FROM observations")["n"][0] == 0
        assert pace.pace_cities(db, "13th").empty and scorecard.period_scorecards(db, "13th").empty
        assert explorer.filter_observations(db, explorer.ExplorerFilter()).empty
    finally:
        db.close()


def test_a_city_only_the_data_knows_loads_and_an_unknown_category_is_a_clear_error(fixture_dir, tmp_path):  # noqa: F811
    """Cities, plan periods and categories are data: a city no catalogue file names loads
    (its names travel in cities.parquet), while an indicator whose category is not in
    categories.parquet is refused with one message naming both files."""
    data = tmp_path / "data"
    shutil.copytree(fixture_dir, data)
    tables = current_tables(data)
    cities = _set(tables["cities"], "city_id", 0, "atlantis")
    rename = {"jiangmen": "atlantis"}
    put_tables(data, cities=cities, **{name: tables[name].set_column(
        tables[name].schema.get_field_index("city_id"), "city_id",
        pa.array([rename.get(v, v) for v in tables[name].column("city_id").to_pylist()], pa.string()))
        for name in ("observations", "documents", "quality_notes")})
    db = Database(data)
    try:
        assert "atlantis" in db.query("SELECT city_id FROM cities")["city_id"].tolist()
    finally:
        db.close()
    put_tables(data, indicators=_set(current_tables(data)["indicators"], "category", 0, "astrology"))
    with pytest.raises(DataError, match=r"indicators\.parquet: row 0 category = 'astrology' is not in "
                                        r"categories\.parquet"):
        Database(data)
