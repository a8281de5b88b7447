"""Cities, plan periods and categories are data: at run time (pages, ui, the analytics query
modules, the CLI) their names come only from the Parquet tables, never from the catalogue
YAML, and nothing assumes how many there are.

- statically: no runtime module imports analytics.catalogue (or ingestion), directly or
  through another module;
- behaviourally: with the catalogue pointed at an empty directory (every loader failing if
  called), a generation whose first city is one no YAML knows shows its names on every page,
  in the verdicts, the downloads and the CLI;
- a generation with more cities than a view starts with: pickers start with a few, a link
  naming cities selects exactly those, every city keeps its own colour;
- the Sources page marks indicators added automatically and not yet reviewed.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from analytics import catalogue, compare, coverage, dimensions, explorer, exports, pace, scorecard, trend, verdicts
from analytics.__main__ import main as cli
from analytics.db import Database
from analytics.paths import PROJECT_DIR
from tests.apptest_helpers import open_app, texts
from tests.fixture_dataset import db, fixture_dir  # noqa: F401
from tests.generation_helpers import current_tables, put_tables

RUNTIME_MODULES = (
    "analytics.labels", "analytics.dimensions", "analytics.verdicts", "analytics.compare", "analytics.coverage",
    "analytics.explorer", "analytics.__main__", "analytics.scorecard", "analytics.exports", "analytics.pace",
    "analytics.trend", "ui.charts", "ui.chrome", "ui.components", "ui.data", "ui.i18n", "ui.pickers", "ui.state",
    "ui.text",
)
RUNTIME_FILES = ("app.py", *(f"pages/{path.name}" for path in sorted((PROJECT_DIR / "pages").glob("*.py"))))
FORBIDDEN = ("analytics.catalogue", "analytics.ingest")

ATLANTIS = {"city_id": "atlantis", "name_zh": "亚特兰蒂斯", "name_en": "Atlantis (fictional)",
            "province_zh": "海底", "province_en": "Under the sea"}
PERIOD_13 = {"name_zh": "第十三个测试期", "name_en": "Thirteenth test period"}
CATEGORY = {"employment": {"name_zh": "就业（测试）", "name_en": "Jobs (test)"}}


# ---- statically ---------------------------------------------------------------------------------

def _module_path(module: str) -> Path | None:
    base = PROJECT_DIR.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path) -> set[str]:
    """The project modules a file imports (analytics.* and ui.*), `from x import y` as x.y too."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in ("analytics", "ui") and _module_path(name)}


def _reachable(paths: list[Path]) -> dict[str, str]:
    """Every project module reachable by imports from `paths`: module -> the file that imports it."""
    seen: dict[str, str] = {}
    todo = [(path, str(path.relative_to(PROJECT_DIR))) for path in paths]
    while todo:
        path, name = todo.pop()
        for module in _imports(path):
            if module not in seen:
                seen[module] = name
                todo.append((_module_path(module), module))  # type: ignore[arg-type]
    return seen


def test_no_runtime_module_imports_the_catalogue():
    roots = [_module_path(module) for module in RUNTIME_MODULES] + [PROJECT_DIR / path for path in RUNTIME_FILES]
    assert all(roots) and len(roots) > 20
    reachable = _reachable(roots)  # type: ignore[arg-type]
    assert "analytics.dimensions" in reachable and "analytics.db" in reachable  # the walk follows imports
    wrong = {module: importer for module, importer in reachable.items() if module.startswith(FORBIDDEN)}
    assert not wrong, f"imported at run time (module: by): {wrong}"


def test_importing_the_runtime_modules_loads_no_catalogue():
    code = ("import sys\n"
            f"for name in {RUNTIME_MODULES!r}: __import__(name)\n"
            f"loaded = sorted(m for m in sys.modules if m.startswith({FORBIDDEN!r}))\n"
            "assert not loaded, loaded\n")
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, check=True, timeout=120)


# ---- behaviourally: a city, period and category names no YAML knows ------------------------------

def _replace(table: pa.Table, column: str, values: list) -> pa.Table:
    index = table.schema.get_field_index(column)
    return table.set_column(index, table.schema.field(index), pa.array(values, table.schema.field(index).type))


def _renamed(table: pa.Table, column: str, mapping: dict) -> pa.Table:
    return _replace(table, column, [mapping.get(value, value) for value in table.column(column).to_pylist()])


def _rows(table: pa.Table, changes: dict[str, dict], key: str) -> pa.Table:
    rows = [dict(row, **changes.get(row[key], {})) for row in table.to_pylist()]
    return pa.Table.from_pylist(rows, schema=table.schema)


@pytest.fixture
def no_catalogue(tmp_path, monkeypatch):
    """The catalogue YAML is out of reach: an empty directory, no cached entries, and every
    loader of analytics.catalogue failing loudly if anything calls it."""
    empty = tmp_path / "no_catalogue"
    empty.mkdir()
    monkeypatch.setattr(catalogue, "CATALOGUE_DIR", empty)
    for name, function in list(vars(catalogue).items()):
        if callable(getattr(function, "cache_clear", None)):  # documents, cities, indicators, alias_index, ...
            function.cache_clear()
            monkeypatch.setattr(catalogue, name, _refuse(name))
    return empty


def _refuse(name: str):
    def refused(*args, **kwargs):
        raise AssertionError(f"analytics.catalogue.{name}() was called at run time")
    return refused


@pytest.fixture
def atlantis_data(fixture_dir, tmp_path, monkeypatch, no_catalogue):  # noqa: F811
    """The fixture generation with Jiangmen renamed to a city no YAML knows, and the names of a
    plan period and a category changed to ones no YAML has; the app reads it."""
    data = tmp_path / "data"
    shutil.copytree(fixture_dir, data)
    tables = current_tables(data)
    rename = {"jiangmen": "atlantis"}
    put_tables(
        data,
        cities=_rows(tables["cities"], {"jiangmen": ATLANTIS}, "city_id"),
        plan_periods=_rows(tables["plan_periods"], {"13th": PERIOD_13}, "plan_period"),
        categories=_rows(tables["categories"], CATEGORY, "category"),
        **{name: _renamed(tables[name], "city_id", rename) for name in ("observations", "documents", "quality_notes")},
    )
    monkeypatch.setenv("PLAN_DATA_DIR", str(data))
    return data


def test_analytics_name_what_only_the_data_knows(atlantis_data, capsysbinary):
    database = Database(atlantis_data)
    try:
        assert dimensions.city_ids(database)[0] == "atlantis"
        assert dimensions.city_name(database, "atlantis", "zh") == "亚特兰蒂斯"
        assert dimensions.plan_period_name(database, "13th", "en") == "Thirteenth test period"
        assert dimensions.category_name(database, "employment", "en") == "Jobs (test)"
        assert dimensions.indicator(database, "urban_new_jobs")["category_en"] == "Jobs (test)"
        assert coverage.headline_figures(database, "en")["city"].iloc[0] == "Atlantis (fictional)"
        result = compare.compare_cities(database, "urban_new_jobs", None, "13th", "target", lang="zh")
        assert "亚特兰蒂斯" in verdicts.compare_verdict(database, result, "zh")
        assert "第十三个测试期" in verdicts.compare_verdict(database, result, "zh")
        card = scorecard.scorecard(database, "atlantis", "13th").to_dict("records")[0]
        assert verdicts.scorecard_verdict(database, card, "atlantis", "13th", "en").startswith("Atlantis (fictional), ")
        assert "Atlantis (fictional)" in verdicts.trend_verdict(database, trend.trend(database, "urban_new_jobs"), "en")
        rows = explorer.filter_observations(database, explorer.ExplorerFilter(city_ids=["atlantis"]))
        assert set(exports.sources_frame(rows, "zh", database)["城市"]) == {"亚特兰蒂斯"}
    finally:
        database.close()

    assert cli(["--data", str(atlantis_data), "--lang", "zh", "scorecard", "--city", "atlantis",
                "--period", "13th"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert out.startswith("亚特兰蒂斯 第十三个测试期\n")
    assert cli(["--data", str(atlantis_data), "--lang", "en", "coverage"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert "Atlantis (fictional)" in out and "Thirteenth test period" in out and "Jobs (test)" in out


@pytest.mark.parametrize(("page", "params"), [
    ("overview", {}),
    ("compare", {"indicator": "urban_new_jobs", "period": "13th", "kind": "target"}),
    ("scorecard", {"city": "atlantis", "period": "13th"}),
    ("trends", {"indicator": "urban_new_jobs"}),
    ("ambition", {}),
    ("explorer", {"city": "atlantis"}),
    ("sources", {}),
])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_name_what_only_the_data_knows(atlantis_data, page, params, lang):
    at = open_app(page, lang=lang, **params)  # raises on any exception, catalogue loaders included
    assert not at.error, [element.value for element in at.error]
    name = ATLANTIS[f"name_{lang}"]
    shown = texts(at) + "\n".join(
        [option for kind in ("selectbox", "multiselect", "radio") for widget in at.get(kind)
         for option in widget.options]
        + [json.dumps(json.loads(element.proto.spec), ensure_ascii=False) for element in at.get("plotly_chart")])
    assert name in shown, f"{page} does not name the city"
    if page in ("overview", "compare", "scorecard"):
        assert PERIOD_13[f"name_{lang}"] in shown, f"{page} does not name the plan period"
    if page in ("overview", "explorer", "sources", "compare"):
        assert CATEGORY["employment"][f"name_{lang}"] in shown, f"{page} does not name the category"


def test_the_scorecard_starts_with_a_city_and_period_from_the_data(atlantis_data):
    database = Database(atlantis_data)
    try:
        period = scorecard.default_period(database)
        city = scorecard.default_city(database, period)
    finally:
        database.close()
    at = open_app("scorecard")
    assert at.radio(key="period").value == period
    assert at.selectbox(key="city").value == city


# ---- the defaults, on the fixture ------------------------------------------------------------

def test_defaults_come_from_the_data(db):  # noqa: F811
    # 13th: the latest plan whose targets actual values answer (the 14th's 2025 has no actual yet).
    assert scorecard.default_period(db) == "13th"
    # Zhanjiang's 13th targets are answered most often (7 of 8; Jingdezhen 5, Jiangmen 4).
    assert scorecard.default_city(db, "13th") == "zhanjiang"
    assert scorecard.default_city(db, "12th") == "jiangmen"  # a tie (8 and 8): display order
    assert scorecard.default_city(db, "14th") == "zhanjiang"  # targets, none answered yet
    every = dimensions.city_ids(db)
    assert scorecard.default_cities(db, "13th") == every
    assert compare.default_cities(db, "urban_new_jobs") == every  # three cities: all of them
    assert pace.default_cities(db, "13th") == every
    assert dimensions.indicator_cities(db, "inspection_closure_rate") == ["zhanjiang"]


# ---- more cities than a view starts with ---------------------------------------------------------

def _colour(index: int) -> str:
    return f"#{(37 * index) % 256:02X}{(91 * index) % 256:02X}{(163 * index) % 256:02X}"


@pytest.fixture
def many_cities(fixture_dir, tmp_path, monkeypatch):  # noqa: F811
    """The fixture generation with nine more cities, copies of the three (each with its own
    documents, rows and colour), placed after them in display order: twelve cities."""
    data = tmp_path / "data"
    shutil.copytree(fixture_dir, data)
    tables = current_tables(data)
    cities, documents, observations = (tables[name].to_pylist() for name in ("cities", "documents", "observations"))
    originals = list(cities)
    for copy in range(1, 4):
        for position, city in enumerate(originals):
            new_id = f"{city['city_id']}_{copy}"
            cities.append(dict(city, city_id=new_id, name_zh=f"{city['name_zh']}{copy}号",
                               name_en=f"{city['name_en']} {copy}", color=_colour(copy * 10 + position),
                               sort_order=100 + copy * 10 + position))
            files = {doc["source_file"]: f"c{copy}_{doc['source_file']}" for doc in documents
                     if doc["city_id"] == city["city_id"] and not doc["source_file"].startswith("c")}
            docs = {doc["doc_id"]: f"{doc['doc_id']}_c{copy}" for doc in documents
                    if doc["source_file"] in files}
            documents += [dict(doc, doc_id=docs[doc["doc_id"]], city_id=new_id, source_file=files[doc["source_file"]])
                          for doc in tables["documents"].to_pylist() if doc["doc_id"] in docs]
            observations += [dict(row, obs_id=f"{row['obs_id']}_c{copy}", city_id=new_id, doc_id=docs[row["doc_id"]],
                                  source_file=files[row["source_file"]])
                             for row in tables["observations"].to_pylist() if row["city_id"] == city["city_id"]]
    put_tables(data, **{name: pa.Table.from_pylist(rows, schema=tables[name].schema)
                        for name, rows in (("cities", cities), ("documents", documents),
                                           ("observations", observations))})
    monkeypatch.setenv("PLAN_DATA_DIR", str(data))
    return data


def test_many_cities_load_and_views_start_with_a_few(many_cities):
    database = Database(many_cities)
    try:
        assert len(dimensions.city_ids(database)) == 12
        assert len(set(dimensions.cities(database)["color"])) == 12
        # Jiangmen's copies have Jiangmen's inspection target "—" only: no value; Zhanjiang's have one.
        assert compare.default_cities(database, "inspection_closure_rate") == [
            "zhanjiang", "zhanjiang_1", "zhanjiang_2", "zhanjiang_3"]
        assert compare.default_cities(database, "urban_new_jobs") == [
            "jiangmen", "jingdezhen", "zhanjiang", "jiangmen_1"]
        assert scorecard.default_cities(database, "14th") == ["zhanjiang", "zhanjiang_1", "zhanjiang_2", "zhanjiang_3"]
        assert len(pace.default_cities(database, "13th")) == dimensions.DEFAULT_CITY_COUNT
    finally:
        database.close()


def test_pickers_start_with_a_few_cities_and_a_link_selects_exactly_its_own(many_cities):
    at = open_app("compare", indicator="urban_new_jobs", period="13th", kind="target", lang="en")
    assert at.multiselect(key="city").value == ["jiangmen", "jingdezhen", "zhanjiang", "jiangmen_1"]
    assert len(at.multiselect(key="city").options) == 12
    linked = ["zhanjiang_3", "jiangmen", "jingdezhen_2", "zhanjiang", "jingdezhen_1", "jiangmen_3"]
    at = open_app("compare", indicator="urban_new_jobs", period="13th", kind="target", lang="en", city=linked)
    assert at.multiselect(key="city").value == linked
    bars = [trace for trace in _chart(at)["data"] if trace["type"] == "bar"]
    database = Database(many_cities)
    try:
        cities = dimensions.cities(database)
    finally:
        database.close()
    colours = dict(zip(cities["name_en"], cities["color"], strict=True))
    assert {trace["name"] for trace in bars} == {"Zhanjiang 3", "Jiangmen", "Jingdezhen 2", "Zhanjiang",
                                                 "Jingdezhen 1", "Jiangmen 3"}
    assert all(trace["marker"]["color"] == colours[trace["name"]] for trace in bars)  # each city's own colour

    trends = open_app("trends", indicator="urban_new_jobs", lang="en")
    assert trends.multiselect(key="city").value == ["jiangmen", "jingdezhen", "zhanjiang", "jiangmen_1"]
    side = open_app("scorecard", city="zhanjiang_2", period="14th", lang="en")
    assert side.multiselect(key="peer").value == ["zhanjiang", "zhanjiang_1", "zhanjiang_2", "zhanjiang_3"]
    assert side.selectbox(key="city").value == "zhanjiang_2"
    ambition = open_app("ambition", lang="en")
    assert len(ambition.multiselect(key="city").value) == dimensions.DEFAULT_CITY_COUNT


def test_every_page_renders_with_many_cities(many_cities):
    for page in ("overview", "compare", "scorecard", "trends", "ambition", "explorer", "sources"):
        at = open_app(page, lang="zh")
        assert not at.error, page
    overview = open_app("overview", lang="en")
    assert "12 cities" in texts(overview)  # the subtitle counts them instead of listing twelve names
    assert overview.multiselect(key="city").value == ["jiangmen", "jingdezhen", "zhanjiang", "jiangmen_1"]
    assert "Zhanjiang 3" not in texts(overview)  # cards for the chosen cities only
    database = Database(many_cities)
    try:
        every = dimensions.city_ids(database)
    finally:
        database.close()
    overview = open_app("overview", lang="en", city=every)
    assert "Zhanjiang 3" in texts(overview)  # one card per city, in rows


def _chart(at, index: int = 0) -> dict:
    from tests.test_pages import chart

    return chart(at, index)


# ---- the Sources page: indicators nobody has reviewed ---------------------------------------------

@pytest.fixture
def unreviewed_data(fixture_dir, tmp_path, monkeypatch):  # noqa: F811
    data = tmp_path / "data"
    shutil.copytree(fixture_dir, data)
    indicators = current_tables(data)["indicators"]
    put_tables(data, indicators=_replace(indicators, "reviewed", [
        row["indicator_id"] != "wage_arrears_cases" for row in indicators.to_pylist()]))
    monkeypatch.setenv("PLAN_DATA_DIR", str(data))
    return data


@pytest.mark.parametrize(("lang", "column", "no", "yes", "how"), [
    ("zh", "已审核", "⚠ 否（自动添加，待审核）", "✔ 是", "1 个指标尚未经人工审核"),
    ("en", "Reviewed", "⚠ No (added automatically, not reviewed)", "✔ Yes", "1 indicator(s) not reviewed"),
])
def test_sources_page_marks_unreviewed_indicators(unreviewed_data, lang, column, no, yes, how):
    database = Database(unreviewed_data)
    try:
        found = dimensions.indicators(database).set_index("indicator_id")["reviewed"]
        assert not found["wage_arrears_cases"] and found.drop("wage_arrears_cases").all()
        assert dimensions.search_indicators(database, "wage_arrears")["reviewed"].tolist() == [False]
    finally:
        database.close()
    at = open_app("sources", lang=lang)
    table = at.dataframe[0].value.set_index(at.dataframe[0].value.columns[0])
    assert table.loc["wage_arrears_cases", column] == no
    assert set(table.drop("wage_arrears_cases")[column]) == {yes}
    content = texts(at)
    assert how in content
    assert "analytics/catalogue/indicators/*.yaml" in content and "aliases_zh" in content


def test_sources_page_without_unreviewed_indicators_has_no_warning(fixture_dir, monkeypatch):  # noqa: F811
    monkeypatch.setenv("PLAN_DATA_DIR", str(fixture_dir))
    at = open_app("sources", lang="en")
    assert set(at.dataframe[0].value["Reviewed"]) == {"✔ Yes"}
    assert not at.warning
