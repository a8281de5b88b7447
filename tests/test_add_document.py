"""Registering documents nobody programmed for: `python -m analytics.ingest add`, then a rebuild.

The two documents under tests/documents/ are FICTIONAL, written for these tests: a city
云梦泽 in a province 云泽 that do not exist, invented numbers, and header wording the five
real sources do not use (指标名称, 计量单位, 基期值, 规划目标, 实际值, 完成率, 项目, 实际完成,
完成进度, 指标属性). They go through the same commands a researcher runs, on copies of the
sources and the catalogue in a temporary directory: nothing here touches data/ or the
project's catalogue, and no Python file changes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest
import yaml

from analytics import catalogue, scorecard
from analytics.catalogue import CatalogueError
from analytics.db import Database
from analytics.ingest.register import AddOptions, add
from analytics.ingest.sources import SourceError
from tests.apptest_helpers import open_app, texts
from tests.conftest import COMMITTED_DATA, PROJECT_DIR, snapshot
from tests.generation_helpers import table_path

DOCUMENTS = Path(__file__).parent / "documents"
PLAN, REPORT = "900_yunmengze_14th_plan.txt", "910_yunmengze_2025_work_report.txt"
CITY = "yunmengze"
ARTIFACTS = PROJECT_DIR / "artifacts" / "add"
PAGES = ("overview", "compare", "scorecard", "trends", "explorer", "sources", "ambition")


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics.ingest", *args], cwd=PROJECT_DIR, capture_output=True,
                          text=True, timeout=300)


def _python_changes() -> str:
    result = subprocess.run(["git", "status", "--porcelain", "--", "*.py"], cwd=PROJECT_DIR, capture_output=True,
                            text=True)
    return result.stdout if result.returncode == 0 else "(not a git checkout)"


@pytest.fixture(scope="module")
def world(sources_dir, tmp_path_factory):
    """The five sources plus the two fictional documents, added and rebuilt with the CLI."""
    root = tmp_path_factory.mktemp("world")
    sources, cat, data = root / "sources", root / "catalogue", root / "data"
    shutil.copytree(sources_dir, sources)
    for path in sources.iterdir():
        path.chmod(0o644)
    for name in (PLAN, REPORT):
        shutil.copy(DOCUMENTS / name, sources / name)
    shutil.copytree(catalogue.DEFAULT_DIR, cat)
    python_before, project_catalogue = _python_changes(), snapshot(catalogue.DEFAULT_DIR)
    added = {name: _cli("add", str(sources / name), "--sources", str(sources), "--catalogue", str(cat))
             for name in (PLAN, REPORT)}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, result in added.items():
        (ARTIFACTS / f"{Path(name).stem}.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    after_add = snapshot(cat)
    again = _cli("add", str(sources / PLAN), "--sources", str(sources), "--catalogue", str(cat))
    rebuild = _cli("--sources", str(sources), "--data", str(data), "--catalogue", str(cat))
    return SimpleNamespace(root=root, sources=sources, catalogue=cat, data=data, added=added, again=again,
                           rebuild=rebuild, after_add=after_add, python_before=python_before,
                           project_catalogue=project_catalogue)


@pytest.fixture(scope="module")
def observations(world):
    assert world.rebuild.returncode == 0, world.rebuild.stderr
    return pq.read_table(table_path(world.data, "observations")).to_pylist()


def test_add_reports_what_it_inferred_and_read(world):
    plan, report = (world.added[name] for name in (PLAN, REPORT))
    assert plan.returncode == 0 and report.returncode == 0, plan.stderr + report.stderr
    out = plan.stdout
    for expected in (
        "doc_id    yunmengze_14th_plan",
        "city      yunmengze 云梦泽 / Yunmengze (new; line 2: 云梦泽市人力资源和社会保障局)",
        "province  云泽 / Yunze",
        "period    14th “十四五” 2021-2025 (registered; line 6",
        "kind      five_year_plan",
        "number    云人社发〔2021〕88号",
        "issued    2021-12-20",
        "专栏1  title line 18",
        "plan period 13th (named in the title (13th))",
        "column 3 规划目标: target (规划目标), year 2020 from the table's plan period, [x] = 2016-2020 total",
        "column 4 2020年基期值: baseline (基期值), year 2020, [x] = 2016-2020 total",
        "column 6 指标属性: attribute",
        "专栏1: 4 rows, 12 values; 3 labels matched to catalogue indicators, 1 new (unreviewed)",
        "专栏2: 7 rows, 14 values; 3 labels matched to catalogue indicators, 4 new (unreviewed)",
        "Unknown labels: 5 in 6 rows",
        "零工市场服务人次  (900_yunmengze_14th_plan.txt:24) -> ling_gong_shi_chang_fu_wu_ren_ci, unit 万人次, "
        "employment (from the table's section 就业)",
        # the prose of line 30 (到2025年，全市城镇新增就业 6.5 万人以上，技工院校在校生达到 1.2 万人) read by
        # machine: a label no indicator claims becomes a new unreviewed indicator, as a table's does
        "Prose: 3 figures read by machine",
        "技工院校在校生  (900_yunmengze_14th_plan.txt:30) -> ji_gong_yuan_xiao_zai_xiao_sheng, unit 万人",
        "it gives 29 values (26 from tables, 3 read by machine from the prose)",
        "Figures of the prose left unread: 0 of 4",
    ):
        assert expected in out, expected
    assert out.count("closest catalogue names: ") == 5
    assert "city      yunmengze 云梦泽 / Yunmengze (registered" in report.stdout
    assert "plan period 14th (from the target years of the header (14th))" in report.stdout
    assert "column 5 完成进度: reported_completion_pct (完成进度)" in report.stdout
    assert "表1: 5 rows, 15 values; 5 labels matched" in report.stdout


def _table_cells(name: str) -> dict[int, list[str]]:
    """line -> the value cells of every data row of the document's tables, read straight from the file."""
    lines = (DOCUMENTS / name).read_text(encoding="utf-8").split("\n")
    cells, header = {}, None
    for number, text in enumerate(lines, start=1):
        if "\t" not in text:
            header = None
            continue
        parts = text.split("\t")
        if header is None:
            header = parts
            continue
        if not any(parts[1:]):
            continue  # 一、就业
        skip = {i for i, h in enumerate(header) if h in ("序号", "指标名称", "项目", "单位", "计量单位", "指标属性")}
        cells[number] = [cell for i, cell in enumerate(parts) if i not in skip]
    return cells


@pytest.mark.parametrize("name", [PLAN, REPORT])
def test_every_table_cell_is_read_exactly(observations, name):
    expected = _table_cells(name)
    assert len(expected) == {PLAN: 11, REPORT: 5}[name]
    for line, cells in expected.items():
        read = sorted(row["raw_text"] for row in observations if row["source_file"] == name
                      and row["source_line"] == line)
        assert read == sorted(cells), f"{name}:{line}"


def test_golden_values_of_the_fictional_documents(observations):
    def cell(name, line, kind, year):
        (row,) = [r for r in observations if (r["source_file"], r["source_line"], r["value_kind"], r["year"])
                  == (name, line, kind, year)]
        return row

    jobs = cell(PLAN, 21, "target", 2020)
    assert (jobs["value"], jobs["is_cumulative"], jobs["period_start"], jobs["period_end"], jobs["plan_period"],
            jobs["indicator_id"], jobs["source_table"]) == (6, True, 2016, 2020, "13th", "urban_new_jobs", "专栏1")
    rate = cell(PLAN, 22, "target", 2020)
    assert (rate["value"], rate["comparator"], rate["unit"]) == (4.5, "<=", "%")
    assert cell(PLAN, 22, "reported_completion_pct", 2020)["value"] is None  # 控制在目标内
    assert cell(PLAN, 37, "target", 2025)["comparator"] == "<"
    assert cell(PLAN, 40, "target", 2025)["attribute"] == "binding"
    assert cell(PLAN, 41, "baseline", 2020)["value"] is None  # "-"
    of_which = cell(PLAN, 42, "target", 2025)
    assert "其中" in of_which["note"] and of_which["indicator_id"] == "gao_ji_yang_lao_hu_li_yuan_pei_xun_ren_shu"
    actual = cell(REPORT, 12, "actual", 2025)
    assert (actual["value"], actual["period_start"], actual["plan_period"], actual["source_table"]) == \
        (6.9, 2021, "14th", "表1")
    assert cell(REPORT, 16, "reported_completion_pct", 2025)["value"] == 98.98
    assert all(row["city_id"] == CITY for row in observations if row["source_file"] in (PLAN, REPORT))


def test_the_prose_is_read_by_machine_and_marked(world):
    """No prose rule names the new documents: their sentences' figures come from the generic prose reader,
    each marked machine with a confidence, the table values marked table."""
    observations = pq.read_table(table_path(world.data, "observations")).to_pylist()
    machine = {(row["source_file"], row["source_line"], row["raw_text"]): row for row in observations
               if row["reading"] == "machine"}
    # 900:30 到2025年，全市城镇新增就业 6.5 万人以上，技工院校在校生达到 1.2 万人
    jobs = machine[(PLAN, 30, "6.5 万人以上")]
    assert (jobs["indicator_id"], jobs["value_kind"], jobs["year"], jobs["value"], jobs["comparator"],
            jobs["target_scope"]) == ("urban_new_jobs", "target", 2025, 6.5, ">=", "plan")
    # new jobs by the plan's last year are the plan's five years' (its own table, line 36, says [6.5] too)
    assert (jobs["span_kind"], jobs["period_start"], jobs["period_end"]) == ("total", 2021, 2025)
    students = machine[(PLAN, 30, "1.2 万人")]
    assert (students["indicator_id"], students["value_kind"], students["year"], students["span_kind"]) == (
        "ji_gong_yuan_xiao_zai_xiao_sheng", "target", 2025, "year")  # students: a level, not a total
    # 910:7 全年城镇新增就业 1.4 万人 (a report on 2025)
    new_jobs = machine[(REPORT, 7, "1.4 万人")]
    assert (new_jobs["indicator_id"], new_jobs["value_kind"], new_jobs["year"], new_jobs["span_kind"]) == (
        "urban_new_jobs", "actual", 2025, "year")
    assert all(0 < row["confidence"] <= 1 and "Read by machine" in row["note"] for row in machine.values())
    assert {row["reading"] for row in observations if row["source_table"]} == {"table"}


def test_unknown_labels_became_unreviewed_indicators(world):
    indicators = pq.read_table(table_path(world.data, "indicators")).to_pylist()
    unreviewed = {row["indicator_id"]: row for row in indicators if not row["reviewed"]}
    assert set(unreviewed) == {"ling_gong_shi_chang_fu_wu_ren_ci", "yang_lao_hu_li_yuan_pei_xun_ren_shu",
                               "gao_ji_yang_lao_hu_li_yuan_pei_xun_ren_shu", "qian_xin_an_jian_dong_tai_qing_ling_lv",
                               "ji_gong_yuan_xiao_zai_xiao_sheng"}  # a label of the prose (line 30)
    assert unreviewed["yang_lao_hu_li_yuan_pei_xun_ren_shu"]["category"] == "social_insurance"
    assert unreviewed["qian_xin_an_jian_dong_tai_qing_ling_lv"]["unit"] == "%"
    entries = yaml.safe_load((world.catalogue / "indicators" / "unreviewed.yaml").read_text(encoding="utf-8"))
    assert all(entry["reviewed"] is False and "900_yunmengze_14th_plan.txt:" in entry["definition_note"]
               for entry in entries)


def test_the_new_city_has_scorecards_with_statuses(world):
    db = Database(world.data)
    try:
        # 14th: the prose's 技工院校在校生 target (read by machine, 900:30) has no actual yet
        for period, expected in (("13th", {"met": 3, "not_met": 1}), ("14th", {"met": 3, "not_met": 2,
                                                                                 "no_actual": 3})):
            cards = scorecard.period_scorecards(db, period)
            statuses = cards[cards["city_id"] == CITY]["status"].value_counts().to_dict()
            assert statuses == expected, period
        city = db.query("SELECT * FROM cities WHERE city_id = $c", {"c": CITY}).iloc[0]
        assert (city["name_zh"], city["name_en"], city["province_zh"], city["color"]) == \
            ("云梦泽", "Yunmengze", "云泽", "#56B4E9")  # the first Okabe-Ito colour no city had
    finally:
        db.close()


def test_the_five_sources_dataset_is_unchanged(observations):
    committed = pq.read_table(table_path(COMMITTED_DATA, "observations")).to_pylist()
    mine = [row for row in observations if row["source_file"] not in (PLAN, REPORT)]
    assert mine == committed


@pytest.mark.parametrize("page", PAGES)
def test_the_new_city_shows_on_every_page(world, observations, page, monkeypatch):
    monkeypatch.setenv("PLAN_DATA_DIR", str(world.data))
    for lang, name in (("zh", "云梦泽"), ("en", "Yunmengze")):
        at = open_app(page, lang=lang)
        assert not at.exception and not at.error, page
        widgets = [str(option) for kind in ("multiselect", "selectbox", "radio") for element in at.get(kind)
                   for option in [*element.options, *([element.value] if not isinstance(element.value, list)
                                                      else element.value)]]
        charts = [element.proto.spec for element in at.get("plotly_chart")]
        assert name in texts(at) + "\n".join(widgets) + "\n".join(charts), (page, lang)


def test_adding_twice_changes_nothing(world):
    assert world.again.returncode == 1
    assert "already registered as yunmengze_14th_plan" in world.again.stderr
    assert snapshot(world.catalogue) == world.after_add


def test_no_python_file_and_nothing_of_the_project_changed(world, observations):
    assert _python_changes() == world.python_before
    assert snapshot(catalogue.DEFAULT_DIR) == world.project_catalogue


# ---- refusals: one clear message, nothing written ------------------------------------------------------------

@pytest.fixture
def scratch(sources_dir, tmp_path):
    sources, cat = tmp_path / "sources", tmp_path / "catalogue"
    shutil.copytree(sources_dir, sources)
    for path in sources.iterdir():
        path.chmod(0o644)
    shutil.copytree(catalogue.DEFAULT_DIR, cat)
    with catalogue.using_directory(cat):
        yield SimpleNamespace(sources=sources, catalogue=cat, tmp=tmp_path, before=snapshot(cat))


@pytest.mark.parametrize("case, message", [
    ("outside", r"not in the sources directory"),
    ("not_utf8", r"950_case\.txt: not text in UTF-8 or GB18030: byte 0xFF at offset 6 \(line 1\)"),
    ("unsupported", r"950_case\.xlsx: cannot read a \.xlsx file as a document; supported: \.txt, \.docx"),
    ("registered", r"already registered as jiangmen_13th_plan"),
    ("nothing", r"nothing was read from this document"),
    ("no_city", r"cannot tell the city"),
    ("empty", r"950_case\.txt: empty file \(0 bytes\)"),
    ("blank", r"950_case\.txt: empty file \(5 bytes, all blank\)"),
    ("newline_in_name", r"the file name holds a control character \('\\n'\); rename the file"),
])
def test_bad_input_is_one_clear_error_and_writes_nothing(scratch, case, message):
    target = scratch.sources / "950_case.txt"
    if case == "outside":
        target = scratch.tmp / PLAN
        shutil.copy(DOCUMENTS / PLAN, target)
    elif case == "not_utf8":  # GB18030 is read (named in the report); bytes neither encoding reads are not
        target.write_bytes("云梦泽".encode("gb18030") + b"\xff\xff")
    elif case == "unsupported":
        target = scratch.sources / "950_case.xlsx"
        target.write_bytes(b"PK\x03\x04 a spreadsheet")
    elif case == "registered":
        target = scratch.sources / "000_d92a957b28094439.txt"
    elif case == "nothing":
        target.write_text("云梦泽市人力资源和社会保障局2024年工作总结\n\n全年工作顺利。\n", encoding="utf-8")
    elif case == "empty":
        target.write_bytes(b"")
    elif case == "blank":
        target.write_bytes(b"\n \n\t\n")
    elif case == "newline_in_name":
        target = scratch.sources / "950_case\n.txt"
        shutil.copy(DOCUMENTS / PLAN, target)
    else:
        target.write_text("工作总结\n", encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        add(target, scratch.sources)
    assert snapshot(scratch.catalogue) == scratch.before


def test_the_cli_refusal_names_the_problem_once(scratch):
    (scratch.sources / "951_bad.txt").write_bytes("云梦泽市".encode("gb18030") + b"\xff")
    result = _cli("add", str(scratch.sources / "951_bad.txt"), "--sources", str(scratch.sources),
                  "--catalogue", str(scratch.catalogue))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "add failed: 951_bad.txt: not text in UTF-8 or GB18030: byte 0xFF at offset 8 (line 1) cannot be read (the "
        "text before it reads as GB18030); save the file as UTF-8 text and add it again", "Nothing was written."]
    assert snapshot(scratch.catalogue) == scratch.before


def test_a_later_plan_period_is_data_too(scratch):
    """A 15th-plan (2026-2030) document of another fictional city registers its period and builds."""
    text = (DOCUMENTS / PLAN).read_text(encoding="utf-8")
    for old, new in (("云梦泽", "青丘"), ("云人社发〔2021〕88号", "青人社发〔2026〕9号"), ("十四五", "十五五"),
                     ("十三五", "十四五"), ("2021-2025", "2026-2030"), ("2025年", "2030年"), ("2020年", "2025年"),
                     ("2021年12月20日", "2026年3月1日")):
        text = text.replace(old, new)
    path = scratch.sources / "960_qingqiu_15th_plan.txt"
    path.write_text(text, encoding="utf-8")
    result = add(path, scratch.sources, AddOptions(name_en="Qingqiu (fictional)"))
    assert "period    15th “十五五” 2026-2030 (new; line 6: 十五五; years as the text states them)" in result.text
    assert "plan_periods.yaml" in result.written and "cities.yaml" in result.written
    periods = yaml.safe_load((scratch.catalogue / "plan_periods.yaml").read_text(encoding="utf-8"))
    assert periods[-1] == {"plan_period": "15th", "name_zh": "“十五五”", "name_en": "15th Five-Year Plan",
                           "start_year": 2026, "end_year": 2030}
    assert "专栏2: 7 rows, 14 values" in result.text
    assert result.doc_id == "qingqiu_15th_plan"


def test_options_override_every_inference(scratch):
    path = scratch.sources / PLAN
    shutil.copy(DOCUMENTS / PLAN, path)
    result = add(path, scratch.sources, AddOptions(city_id="mengze", city="梦泽", name_en="Mengze (fictional)",
                                                  province="虚构省", kind="five_year_plan", plan_period="14th",
                                                  title_en="A fictional plan"))
    city = yaml.safe_load((scratch.catalogue / "cities.yaml").read_text(encoding="utf-8"))[-1]
    assert (city["city_id"], city["name_zh"], city["name_en"], city["province_zh"]) == \
        ("mengze", "梦泽", "Mengze (fictional)", "虚构")
    doc = yaml.safe_load((scratch.catalogue / "documents.yaml").read_text(encoding="utf-8"))[-1]
    assert (doc["doc_id"], doc["title_en"], doc["plan_period"]) == ("mengze_14th_plan", "A fictional plan", "14th")
    assert "(--plan-period)" in result.text and "(--kind)" in result.text


# ---- what add infers from the five real documents agrees with the curated catalogue --------------------------

def test_inference_agrees_with_the_curated_entries(sources_dir):
    from analytics.ingest import inference

    names = {row["city_id"]: row["name_zh"] for row in catalogue.cities()}
    periods = {row["plan_period"]: row["name_zh"] for row in catalogue.plan_periods()}
    inferred = 0
    for doc in catalogue.documents():
        lines = tuple((sources_dir / doc["source_file"]).read_text(encoding="utf-8").split("\n"))
        city = inference.city_name(lines)
        if doc["source_file"].startswith("004_"):
            # 江门's 2020 report: its heading (一、2020年工作情况) names no city; 江门市 stands only in a
            # sentence citing another document, which is not a heading: `add` would ask for --city.
            assert city is None
        else:
            assert city.value == names[doc["city_id"]], doc["doc_id"]
        assert inference.kind(lines).value == doc["kind"], doc["doc_id"]
        period = inference.plan_period(lines)
        if doc["kind"] == "five_year_plan":
            assert period.value[1] == periods[doc["plan_period"]], doc["doc_id"]
        for name in ("doc_number", "issued"):  # the curated entry may know more (the sources' MANIFEST)
            found = getattr(inference, name)(lines)
            if found:
                assert found.value == doc[name], (doc["doc_id"], name)
                inferred += 1
    assert inferred == 4  # 江门 and 景德镇 13th plans: number and date
    assert inference.pinyin_id("茂名") == "maoming" and inference.pinyin_name("茂名") == "Maoming"


# ---- the catalogue is validated: the file and the entry are named ---------------------------------------------

@pytest.mark.parametrize("file, edit, message", [
    ("documents.yaml", lambda rows: rows[1].update(city_id="atlantis"),
     r"documents\.yaml: entry 2 \(doc_id: jingdezhen_13th_plan\): city_id 'atlantis' is not in cities\.yaml"),
    ("cities.yaml", lambda rows: rows[2].update(city_id="jiangmen"),
     r"cities\.yaml: entry 3 \(city_id: jiangmen\): duplicate city_id \(also entry 1\)"),
    ("categories.yaml", lambda rows: rows[0].pop("name_en"),
     r"categories\.yaml: entry 1 \(category: employment\): name_en: Field required"),
    ("cities.yaml", lambda rows: rows[0].update(color="blue"),
     r"cities\.yaml: entry 1 \(city_id: jiangmen\): color: String should match pattern"),
    ("plan_periods.yaml", lambda rows: rows[0].update(start_year=2016),
     r"plan_periods\.yaml: entry 1 \(plan_period: 12th\): .*start_year is after end_year"),
    ("documents.yaml", lambda rows: rows[0].update(colour="#000000"),
     r"documents\.yaml: entry 1 \(doc_id: jiangmen_13th_plan\): colour: Extra inputs are not permitted"),
])
def test_a_wrong_catalogue_entry_names_file_and_entry(tmp_path, file, edit, message):
    cat = tmp_path / "catalogue"
    shutil.copytree(catalogue.DEFAULT_DIR, cat)
    rows = yaml.safe_load((cat / file).read_text(encoding="utf-8"))
    edit(rows)
    (cat / file).write_text(yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with catalogue.using_directory(cat), pytest.raises(CatalogueError, match=message):
        catalogue.validate()


def test_an_indicator_entry_is_validated(tmp_path):
    cat = tmp_path / "catalogue"
    shutil.copytree(catalogue.DEFAULT_DIR, cat)
    (cat / "indicators" / "zz_wrong.yaml").write_text(
        "- {id: wrong_one, name_zh: 错, name_en: Wrong, category: employment, unit: 人, direction: sideways}\n",
        encoding="utf-8")
    with catalogue.using_directory(cat), pytest.raises(CatalogueError, match=r"indicators/zz_wrong\.yaml: entry 1 "
                                                                            r"\(id: wrong_one\): direction: "):
        catalogue.indicators()


# ---- what may name the city, the plan period, the title, a repeated table ------------------------------------

PROVINCE_ONLY = "920_yunze_province_report.txt"  # FICTIONAL: names the province 云泽 and no city


@pytest.mark.parametrize("heading", [None, "恶市人力资源和社会保障局2025年工作总结"])
def test_a_city_is_named_only_by_the_title_or_an_issuer_line(scratch, heading):
    """The document names a province only (or a one-character 恶市, which is no city name): a table row
    (零工市场服务人次) or a sentence (全年零工市场服务…) does not name a city; add asks for --city."""
    text = (DOCUMENTS / PROVINCE_ONLY).read_text(encoding="utf-8")
    if heading:
        text = text.replace("云泽省零工市场建设2025年工作总结", heading)
    path = scratch.sources / PROVINCE_ONLY
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match=r"cannot tell the city: neither the title nor an issuer line .* "
                                          r"pass --city NAME"):
        add(path, scratch.sources)
    assert snapshot(scratch.catalogue) == scratch.before
    result = add(path, scratch.sources, AddOptions(city="雾泽", name_en="Wuze (fictional)"))
    assert "city      wuze 雾泽 / Wuze (fictional) (new; --city)" in result.text
    assert "province  云泽 / Yunze" in result.text
    cities = yaml.safe_load((scratch.catalogue / "cities.yaml").read_text(encoding="utf-8"))
    assert [row["name_zh"] for row in cities][3:] == ["雾泽"]  # and no city 零工 or 全年零工


@pytest.mark.parametrize("option, message", [
    ("999999th", r"--plan-period 999999th: not a registered plan period \(12th, 13th, 14th\) nor a five-year "
                 r"plan: 1st \(1953-1957\) to \d+th \(\d{4}-\d{4}\)"),
    ("1th", r"--plan-period 1th: .* written as an English ordinal \(1st, 2nd, 3rd, 15th\)"),
    ("22th", r"--plan-period 22th: "),
    ("015th", r"--plan-period 015th: "),
    ("0th", r"--plan-period 0th: "),
    ("fourteenth", r"--plan-period fourteenth: "),
])
def test_a_plan_period_that_is_no_plan_is_refused(scratch, option, message):
    path = scratch.sources / PLAN
    shutil.copy(DOCUMENTS / PLAN, path)
    with pytest.raises(SourceError, match=message):
        add(path, scratch.sources, AddOptions(plan_period=option))
    assert snapshot(scratch.catalogue) == scratch.before


def test_the_first_plans_have_their_real_years_and_ordinals(scratch):
    from analytics.ingest import inference

    assert [inference.plan_years(n) for n in (1, 2, 3, 4, 14, 15)] == [
        (1953, 1957), (1958, 1962), (1966, 1970), (1971, 1975), (2021, 2025), (2026, 2030)]
    path = scratch.sources / PLAN
    shutil.copy(DOCUMENTS / PLAN, path)
    result = add(path, scratch.sources, AddOptions(plan_period="1st"))
    assert "period    1st “一五” 1953-1957 (new; --plan-period)" in result.text
    periods = yaml.safe_load((scratch.catalogue / "plan_periods.yaml").read_text(encoding="utf-8"))
    assert periods[-1] == {"plan_period": "1st", "name_zh": "“一五”", "name_en": "1st Five-Year Plan",
                           "start_year": 1953, "end_year": 1957}


def test_a_long_title_line_is_the_title_and_a_table_title_never_is(scratch):
    long_title = ("云梦泽市人力资源和社会保障事业暨零工市场、技工教育、养老护理人才队伍建设"
                  "与劳动关系治理能力及公共就业服务体系全面提升发展“十四五”规划")
    assert 60 < len(long_title) <= 120
    text = (DOCUMENTS / PLAN).read_text(encoding="utf-8").replace("云梦泽市人力资源和社会保障事业发展“十四五”规划",
                                                                  long_title)
    path = scratch.sources / PLAN
    path.write_text(text, encoding="utf-8")
    result = add(path, scratch.sources)
    assert f"title     {long_title}  (line 6)" in result.text
    doc = yaml.safe_load((scratch.catalogue / "documents.yaml").read_text(encoding="utf-8"))[-1]
    assert doc["title_zh"] == long_title and "专栏" not in doc["title_zh"]


def test_a_table_repeated_under_a_new_number_is_reported_and_noted(scratch):
    """专栏3 = 专栏2 row for row: add says so, and the rebuild notes it on the rows of both tables
    (quality check table_repeated), so the 14 values are not taken as confirmed twice."""
    from analytics.ingest import build_tables

    lines = (DOCUMENTS / PLAN).read_text(encoding="utf-8").split("\n")
    start = next(n for n, line in enumerate(lines) if line.startswith("专栏2"))
    end = next(n for n, line in enumerate(lines) if n > start and line.startswith("注："))
    copy = [lines[start].replace("专栏2", "专栏3"), *lines[start + 1:end]]
    path = scratch.sources / PLAN
    path.write_text("\n".join([*lines, "", *copy, ""]), encoding="utf-8")
    first_row = next(n for n, line in enumerate(lines) if line.startswith("1\t"))  # 专栏2's first value row
    first_line = len(lines) + 2 + first_row - start  # its copy's, 1-based
    result = add(path, scratch.sources)
    assert (f"  Repeated table: table 3 (from 900:{first_line}) repeats table 2 row for row (7 rows, 14 values the "
            "same): one table stated twice; count its values once (a quality note on its rows; check the "
            "source)") in result.text
    notes = [note for note in build_tables(scratch.sources)["quality_notes"].to_pylist()
             if note["check"] == "table_repeated"]
    assert len(notes) == 1 and len(notes[0]["obs_ids"]) == 28
    assert "专栏3" in notes[0]["message_zh"] and "专栏2" in notes[0]["message_zh"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(scratch, monkeypatch):
    from analytics import formats

    monkeypatch.setattr(formats, "MAX_BYTES", 1024)
    target = scratch.sources / "950_case.txt"
    shutil.copy(DOCUMENTS / PLAN, target)  # 1.7 kB of a real (fictional) plan
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    with pytest.raises(SourceError, match=r"950_case\.txt: .* is over the limit of 0\.0 MB"):
        add(target, scratch.sources)
    monkeypatch.undo()
    assert snapshot(scratch.catalogue) == scratch.before
