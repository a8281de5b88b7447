"""Every page through AppTest: both languages, deep links, bad URL values, presenter mode,
empty states. Expected values are the committed data's, which golden tests tie to the sources."""

from __future__ import annotations

import base64
import json
import shutil

import numpy as np
import pytest

from analytics import explorer
from analytics.db import get_database
from tests.apptest_helpers import open_app, shown, texts
from tests.conftest import COMMITTED_DATA
from tests.generation_helpers import table_path

PAGES = {
    "overview": ("人社规划指标对比", "HR & Social Security Plan Indicators"),
    "compare": ("城市对比", "Compare cities"),
    "scorecard": ("目标与完成", "Targets vs achievements"),
    "trends": ("趋势", "Trends"),
    "ambition": ("目标力度", "Ambition"),
    "explorer": ("数据浏览与下载", "Data explorer"),
    "sources": ("来源与方法", "Sources & method"),
}


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def ui_labels(at) -> list[str]:
    """The page's own words: headings and widget labels (data values may be Chinese in any language)."""
    words = [element.value for kind in ("title", "header", "subheader") for element in at.get(kind)]
    for kind in ("selectbox", "multiselect", "radio", "toggle", "slider", "text_input", "button", "expander"):
        words.extend(element.label for element in at.get(kind) if element.label != "语言 / Language")
    words.extend(element.proto.label for element in at.get("download_button"))
    return words


def chart(at, index: int = 0) -> dict:
    """The figure's JSON with plotly's binary-packed arrays ({"dtype", "bdata"}) decoded to lists."""
    return _decode(json.loads(at.get("plotly_chart")[index].proto.spec))


def _decode(node):
    if isinstance(node, dict):
        if "bdata" in node and "dtype" in node:
            return np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"]).tolist()
        return {key: _decode(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_decode(value) for value in node]
    return node


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_in_both_languages(page, lang):
    at = open_app(page, lang=lang)
    zh_title, en_title = PAGES[page]
    assert at.title[0].value == (zh_title if lang == "zh" else en_title)
    if lang == "en":
        for label in ui_labels(at):
            assert not has_chinese(label), f"{page}: {label!r} is not in English"
    for spec in (chart(at, i) for i in range(len(at.get("plotly_chart")))):
        title = spec["layout"]["title"]["text"]
        assert title
        if lang == "en":
            assert not has_chinese(title), title


def test_overview_headlines_come_from_the_sources():
    content = texts(open_app("overview"))
    # Jiangmen's latest urban new jobs is the 2020 work report's 4.59万人 (004:2).
    assert "004_95eefe6b59f03fdd.txt:2" in content
    assert "4.59万人" in content


def test_overview_coverage_matrix_counts_every_city_and_period():
    at = open_app("overview", lang="en")
    heatmap = chart(at)["data"][0]
    assert heatmap["type"] == "heatmap"
    assert len(heatmap["x"]) == 9  # 3 cities × 3 plan periods
    assert "Employment" in chart(at)["layout"]["yaxis"]["ticktext"]
    assert sum(sum(row) for row in heatmap["z"]) > 300


def test_compare_deep_link_sets_every_widget():
    at = open_app("compare", indicator="unemployment_insurance_insured", city=["jiangmen", "zhanjiang"],
                  period="13th", kind="target")
    assert at.selectbox(key="indicator").value == "unemployment_insurance_insured"
    assert at.multiselect(key="city").value == ["jiangmen", "zhanjiang"]
    spec = chart(at)
    names = {trace["name"] for trace in spec["data"]}
    assert names == {"江门", "湛江"}
    bars = {trace["name"]: trace["y"] for trace in spec["data"]}
    assert bars["江门"] == [77, 80]  # 000:218 2018 and 2020 targets
    assert bars["湛江"] == [39]  # 003:108


def test_compare_draws_a_bound_as_a_marker_not_a_bar():
    at = open_app("compare", indicator="urban_registered_unemployment_rate", period="13th", kind="target",
                  city="jiangmen")
    traces = chart(at)["data"]
    assert all(trace["type"] == "scatter" for trace in traces)
    assert set(traces[0]["marker"]["symbol"]) == {"triangle-down"}
    assert traces[0]["text"] == ["≤3.2", "≤3.2"]


def test_compare_annual_average_divides_totals_and_says_so():
    plain = chart(open_app("compare", indicator="urban_new_jobs", period="13th", kind="target", city="zhanjiang"))
    averaged_at = open_app("compare", indicator="urban_new_jobs", period="13th", kind="target", city="zhanjiang",
                           avg="1")
    averaged = chart(averaged_at)
    assert plain["data"][0]["y"] == [37.5]
    assert averaged["data"][0]["y"] == [7.5]
    assert "年均" in averaged["data"][0]["x"][0]
    assert "÷5" in texts(averaged_at)


def test_compare_relative_view_is_the_change_from_the_city_baseline():
    at = open_app("compare", indicator="unemployment_insurance_insured", city="jiangmen", period="13th",
                  kind="target", view="relative")
    bars = chart(at)["data"][0]["y"]
    assert bars == pytest.approx([(77 - 74.72) / 74.72 * 100, (80 - 74.72) / 74.72 * 100])


def test_compare_empty_states_differ():
    no_target = texts(open_app("compare", indicator="urban_new_jobs", period="14th", kind="target",
                               city="jiangmen"))
    assert "未设此项目标" in no_target
    no_number = texts(open_app("compare", indicator="labour_dispute_mediation_success_rate", period="13th",
                               kind="baseline", city="jiangmen"))
    assert "没有数值（不是0）" in no_number and "“—”" in no_number
    real_zero_at = open_app("compare", indicator="provincial_innovation_teams", period="13th", kind="baseline",
                            city="jiangmen")
    assert "真实的0" in texts(real_zero_at)
    assert chart(real_zero_at)["data"][0]["y"] == [0]
    not_published = texts(open_app("compare", indicator="urban_new_jobs", period="13th", kind="actual",
                                   city="jingdezhen"))
    assert "未公布" in not_published


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"indicator": "no_such_indicator"}, "indicator=no_such_indicator"),
        ({"city": ["jiangmen", "atlantis"]}, "city=atlantis"),
        ({"period": "15th"}, "period=15th"),
        ({"kind": "guess"}, "kind=guess"),
        ({"avg": "maybe"}, "avg=maybe"),
    ],
)
def test_compare_bad_url_values_are_ignored_with_a_notice(params, bad):
    at = open_app("compare", **params)
    assert bad in texts(at)
    assert at.get("plotly_chart")  # the page still shows a chart for the valid rest


def test_scorecard_zhanjiang_13th_plan():
    at = open_app("scorecard", city="zhanjiang", period="13th")
    content = texts(at)
    assert "38.39" in content and "102.4%" in content  # verdict: [38.39] of [37.5]
    table = at.dataframe[0].value
    assert len(table) == 14
    assert set(table["状态"]) == {"✔ 达成"}
    spec = chart(at)
    assert spec["layout"]["title"]["text"] == "湛江“十三五”规划目标完成情况"


def test_scorecard_shows_statuses_in_words_and_flags_reported_disagreement():
    at = open_app("scorecard", city="jiangmen", period="12th", lang="en")
    table = at.dataframe[0].value
    statuses = set(table["Status"])
    assert statuses <= {"✔ Met", "✖ Not met", "◇ Not comparable", "○ No actual"}
    assert "✖ Not met" in statuses  # e.g. 农村实用人才 6 → 2.99 (000:145)
    zhanjiang = open_app("scorecard", city="zhanjiang", period="13th")
    assert "粉色底" in texts(zhanjiang)  # 003:115 reports 103.79, computed 102.71


def test_scorecard_empty_state_when_a_plan_sets_no_targets():
    content = texts(open_app("scorecard", city="jingdezhen", period="14th"))
    assert "没有规划目标" in content


def test_trends_shades_the_plan_periods_and_separates_targets_from_actuals():
    at = open_app("trends", indicator="unemployment_insurance_insured", lang="en")
    spec = chart(at)
    shapes = [shape for shape in spec["layout"]["shapes"] if shape["type"] == "rect"]
    assert len(shapes) == 3
    dashes = {trace["name"]: trace.get("line", {}).get("dash") for trace in spec["data"]}
    assert dashes["Jiangmen · Actual"] == "solid"
    assert dashes["Jiangmen · Target"] == "dash"


def test_explorer_deep_link_filters_the_table_and_counts_rows():
    at = open_app("explorer", city="jiangmen", period="12th", kind="target")
    expected = explorer.filter_observations(get_database(), explorer.ExplorerFilter(
        city_ids=["jiangmen"], plan_periods=["12th"], value_kinds=["target"]))
    assert len(at.dataframe[0].value) == len(expected) == 17  # 专栏1 of 000, lines 131-147
    assert f"**{len(expected)}**" in texts(at)
    assert set(at.dataframe[0].value["城市"]) == {"江门"}


def test_explorer_search_and_year_range_from_the_url():
    at = open_app("explorer", district="蓬江区", q="残疾人", years="2015-2015")
    table = at.dataframe[0].value
    assert len(table) > 0
    assert set(table["区县"]) == {"蓬江区"}
    assert set(table["年份"]) == {2015}
    assert all("残疾人" in " ".join(str(v) for v in row) for row in table.itertuples())


def test_explorer_malformed_years_are_ignored():
    at = open_app("explorer", years="2030-abc")
    assert "years=2030-abc" in texts(at)
    n = explorer.count_observations(get_database())
    assert len(at.dataframe[0].value) == min(n, explorer.PAGE_SIZE) and f"**{n}**" in texts(at)  # one page of all


def test_explorer_empty_state():
    content = texts(open_app("explorer", q="不存在的指标名称xyz"))
    assert "没有符合条件的记录" in content


def test_sources_page_has_catalogue_notation_and_quality_notes():
    at = open_app("sources", lang="en")
    content = texts(at)
    assert "[22.5]" in content and "upper bound" in content
    catalogue = at.dataframe[0].value
    assert "urban_registered_unemployment_rate" in set(catalogue["Indicator id"])
    assert "urban_surveyed_unemployment_rate" in set(catalogue["Indicator id"])


def test_presenter_mode_shows_the_sentence_and_hides_the_clutter():
    at = open_app("scorecard", city="zhanjiang", period="13th", present="1", lang="en")
    # The verdict is the page's title; the chart's sentence is the line under it, not the chart's title.
    assert "102.4% of the target 37.5" in shown(at.title[0].value)
    assert "Zhanjiang: did the 13th Five-Year Plan targets get met?" in texts(at)
    assert chart(at)["layout"]["title"]["text"] == ""
    assert not at.dataframe  # no table
    assert not at.get("download_button")
    assert at.expander  # filters collapsed into an expander
    assert at.expander[0].proto.expanded is False
    compare = open_app("compare", present="1", indicator="urban_new_jobs", period="13th", kind="target")
    assert "湛江最高" in compare.title[0].value
    assert "城镇新增就业人数：各城市“十三五”目标" in texts(compare)
    assert chart(compare)["layout"]["title"]["text"] == ""


def test_pages_never_write_to_the_data_directory():
    def state():
        return {str(path.relative_to(COMMITTED_DATA)): (path.stat().st_mtime_ns,
                                                        path.read_bytes() if path.is_file() else None)
                for path in sorted(COMMITTED_DATA.rglob("*"))}

    before = state()
    for page in PAGES:
        open_app(page)
    open_app("explorer", city="jiangmen", q="失业")
    assert state() == before


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_broken_data_file_gives_a_clear_message_not_a_traceback(tmp_path, monkeypatch, damage):
    broken = tmp_path / "data"
    shutil.copytree(COMMITTED_DATA, broken)
    if damage == "missing":
        table_path(broken, "observations").unlink()
    else:
        table_path(broken, "observations").write_bytes(b"PAR1 this is not parquet")
    monkeypatch.setenv("PLAN_DATA_DIR", str(broken))
    for page in ("compare", "sources"):
        at = open_app(page)
        message = shown(" ".join(element.value for element in at.error))
        assert "observations.parquet" in message
        assert any(block.value.startswith("python -m analytics.ingest") for block in at.code)  # as code, pasteable


def test_scorecard_cities_side_by_side_for_the_same_plan_period():
    at = open_app("scorecard", city="jiangmen", period="12th", lang="en")
    titles = [chart(at, i)["layout"]["title"]["text"] for i in range(len(at.get("plotly_chart")))]
    assert "12th Five-Year Plan: achievement on the indicators cities share" in titles
    side = at.dataframe[1].value
    assert list(side.columns) == ["Indicator", "Jiangmen", "Jingdezhen"]
    medical = side[side["Indicator"] == "Basic medical insurance, insured persons"].iloc[0]
    assert medical["Jingdezhen"] == "✖ Not met 46.3% (155.46 → 71.98)"


def test_overview_cards_summarise_each_plan_scorecard():
    content = texts(open_app("overview", lang="en"))
    assert "18 targets, **10** met (18 decidable, 0 with no actual)" in content  # Jingdezhen 12th (001:44-61)
    assert "14 targets, **14** met (14 decidable, 0 with no actual)" in content  # Zhanjiang 13th (003:103-120)
