"""Labels in both languages, verdict sentences, and where SQL may live."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from analytics import dimensions, labels, sql
from analytics.compare import compare_cities
from analytics.scorecard import STATUSES, scorecard
from analytics.verdicts import compare_verdict, scorecard_verdict
from tests.fixture_dataset import EXPECTED_SCORECARD, db, fixture_dir  # noqa: F401

ANALYTICS = Path(labels.__file__).resolve().parent


@pytest.mark.parametrize("kind", ["value_kind", "status", "comparator", "attribute", "direction", "actual_source",
                                  "reason", "series"])
def test_every_code_has_both_languages(kind):
    table = {
        "value_kind": labels.VALUE_KINDS, "status": labels.STATUSES, "comparator": labels.COMPARATORS,
        "attribute": labels.ATTRIBUTES, "direction": labels.DIRECTIONS, "actual_source": labels.ACTUAL_SOURCES,
        "reason": labels.REASONS, "series": labels.SERIES,
    }[kind]
    assert table
    for key in table:
        zh, en = labels.label(kind, key, "zh"), labels.label(kind, key, "en")
        if kind != "comparator":
            assert zh and en and zh != en, (kind, key)


@pytest.mark.parametrize("kind", ["city", "plan_period", "category"])
def test_names_that_are_data_are_not_labels(kind):
    """City, plan-period and category names come from the tables (analytics.dimensions)."""
    with pytest.raises(KeyError, match=r"analytics\.dimensions"):
        labels.label(kind, "anything", "en")


def test_every_dimension_name_has_both_languages(db):  # noqa: F811
    for names in (dimensions.category_names(db),
                  {c: (dimensions.city_name(db, c, "zh"), dimensions.city_name(db, c, "en"))
                   for c in dimensions.city_ids(db)},
                  {p: (dimensions.plan_period_name(db, p, "zh"), dimensions.plan_period_name(db, p, "en"))
                   for p in dimensions.plan_period_ids(db)}):
        assert names
        for zh, en in names.values():
            assert zh and en and zh != en


def test_specific_labels(db):  # noqa: F811
    assert [labels.symbol(c) for c in ("=", "<=", "<", ">=", ">", "~")] == ["", "≤", "<", "≥", ">", "≈"]
    assert labels.label("status", "not_met", "zh") == "未达成"
    assert labels.label("attribute", "binding", "zh") == "约束性"
    assert dimensions.plan_period_name(db, "13th", "zh") == "“十三五”"
    assert dimensions.plan_period_name(db, None, "en") == "outside plan tables"
    assert labels.label("column", "some_new_column", "en") == "some_new_column"
    assert labels.label("unit", "万人", "en") == "10k people" and labels.label("unit", "万人", "zh") == "万人"
    assert labels.label("attribute", float("nan"), "en") == ""
    with pytest.raises(KeyError):
        labels.label("status", "maybe", "en")
    with pytest.raises(ValueError, match="zh, en"):
        labels.label("status", "met", "de")


def test_every_status_and_reason_used_by_the_scorecard_has_a_label():
    from analytics import scorecard as module

    assert set(STATUSES) == set(labels.STATUSES)
    codes = set(re.findall(r'"([a-z_]+)"', Path(module.__file__).read_text(encoding="utf-8")))
    assert {code for code in codes if code in labels.REASONS} >= {
        "reached", "within_bound", "within_approx", "short_of_target", "violates_bound", "outside_approx",
        "target_no_value", "no_actual", "actual_no_value", "unit_mismatch", "cumulative_vs_annual",
        "span_mismatch", "bound_vs_bound"}


def test_number_and_value_formatting():
    assert labels.format_number(25.0) == "25" and labels.format_number(38.390) == "38.39"
    assert labels.format_number(0.1 + 0.2) == "0.3" and labels.format_number(None) == ""
    assert labels.format_value(38.39, "=", "万人", "zh", (2016, 2020)) == "38.39万人（2016—2020年累计）"
    assert labels.format_value(38.39, "=", "万人", "en", (2016, 2020)) == "38.39 (10k people, 2016–2020 total)"
    assert labels.format_value(3.2, "<=", "%", "en") == "≤3.2%"
    assert labels.format_value(4.59, "=", "万人", "en", year=2020) == "4.59 (10k people, 2020)"
    assert labels.format_value(4.59, "=", "万人", "zh", year=2020) == "4.59万人（2020年）"
    # A span named with the span, never with its last year alone.
    assert labels.format_value(38.39, "=", "万人", "en", (2016, 2020), year=2020).endswith("2016–2020 total)")


@pytest.mark.parametrize(("value", "text"), [
    (3.634, "3.63"), (3.635000001, "3.64"), (18.17 / 5, "3.63"), (100.0, "100"), (-3.5, "-3.5"), (0, "0"),
    (-0.001, "-0.001"), (0.0012, "0.0012"), (0.004, "0.004"), (0.005, "0.01"), (247800.0, "247,800"),
    (1234.5678, "1,234.57"), (999.999, "1,000"), (1234567.8, "1,234,568"), (float("nan"), ""), (None, ""),
])
def test_one_number_format(value, text):
    """At most two decimals, no trailing zeros, thousands separated; a small non-zero value is
    never shown as 0; chart labels (ui.charts) use the same function, "—" standing for none."""
    from ui import charts

    assert labels.format_number(value) == text
    assert charts.format_number(value) == (text or "—")
    assert labels.format_number(value, missing="—") == (text or "—")


def test_spans_and_ratios():
    assert labels.format_span(2016, 2020, "en") == "2016–2020"  # en dash
    assert labels.format_span(2016, 2020, "zh") == "2016—2020"
    assert labels.format_when(2020, None, "en") == "2020" and labels.format_when(2020, None, "zh") == "2020年"
    assert labels.format_when(2020, (2016, 2020), "en") == "2016–2020 total"
    assert labels.format_when(2020, (2016, 2020), "zh") == "2016—2020年累计"
    assert labels.format_when(None, None, "en") == ""
    assert labels.format_ratio(102.3587) == "102.4" and labels.format_ratio(100) == "100.0"
    assert labels.format_ratio(None) == ""


def test_every_unit_of_the_catalogue_has_an_english_label(db):  # noqa: F811
    """A page in English names units in English: every unit an indicator of the catalogue (and of
    the committed data) uses has an English label, so none falls back to the Chinese as written."""
    from analytics import catalogue
    from analytics.db import get_database

    units = set(dimensions.indicators(get_database())["unit"]) | set(dimensions.indicators(db)["unit"])
    units |= {indicator.unit for indicator in catalogue.indicators().values()}
    units |= {unit for pair in catalogue.unit_factors() for unit in pair}
    assert "万人" in units and len(units) > 10
    missing = sorted(unit for unit in units if unit not in labels.UNITS_EN)
    assert not missing, f"add these units to analytics.labels.UNITS_EN: {missing}"
    for unit in units:
        english = labels.label("unit", unit, "en")
        assert english and not re.search(r"[\u4e00-\u9fff]", english), unit


# ---- verdicts ----------------------------------------------------------------------------------

def _card(db, city, period):  # noqa: F811
    return {row["indicator_id"]: row for row in scorecard(db, city, period).to_dict("records")}


def test_scorecard_verdict_met_with_ratio_and_reported(db):  # noqa: F811
    row = _card(db, "zhanjiang", "13th")["urban_new_jobs"]
    zh = scorecard_verdict(db, row, "zhanjiang", "13th", "zh")
    assert zh.startswith("湛江“十三五”城镇新增就业人数：实际38.39万人（2016—2020年累计）")
    assert "完成目标的102.4%" in zh and "达成" in zh and "102.36%" in zh
    en = scorecard_verdict(db, row, "zhanjiang", "13th", "en")
    assert en.startswith(
        "Zhanjiang, 13th plan: urban new jobs 38.39 (10k people, 2016–2020 total), 102.4% of the target")
    assert "— met" in en and "reports 102.36%" in en


def test_scorecard_verdict_follows_the_row_not_fixed_text(db):  # noqa: F811
    row = dict(_card(db, "zhanjiang", "13th")["urban_new_jobs"])
    row.update(actual=36.0, actual_raw="[36]", ratio_pct=96.0, status="not_met", reason="short_of_target")
    en = scorecard_verdict(db, row, "zhanjiang", "13th", "en")
    assert "36 (10k people" in en and "96.0% of the target" in en and "not met" in en


@pytest.mark.parametrize(("city", "period", "indicator", "zh_part", "en_part"), [
    ("jiangmen", "13th", "urban_new_jobs", "不可比：一个是五年累计数，另一个是单年数",
     "not comparable — one is a multi-year total"),
    ("jiangmen", "13th", "inspection_closure_rate", "目标原文为“—”", "written as “—”"),
    ("jiangmen", "12th", "training_sessions", "没有2015年的完成值", "no actual value for 2015"),
    ("jingdezhen", "12th", "labour_contract_rate", "未达成", "not met"),
    ("jingdezhen", "12th", "wage_arrears_cases", "未达成（完成值不满足目标界限）", "not met (the actual does not"),
    ("zhanjiang", "13th", "labour_contract_rate", "与计算值不符", "which does not match"),
    ("jiangmen", "13th", "arbitration_closure_rate", "完成值只给出界限", "only a bound"),
])
def test_scorecard_verdict_every_status(db, city, period, indicator, zh_part, en_part):  # noqa: F811
    row = _card(db, city, period)[indicator]
    assert zh_part in scorecard_verdict(db, row, city, period, "zh")
    assert en_part in scorecard_verdict(db, row, city, period, "en")


def test_every_fixture_row_has_a_verdict_in_both_languages(db):  # noqa: F811
    for city, period in EXPECTED_SCORECARD:
        for row in _card(db, city, period).values():
            for lang in ("zh", "en"):
                text = scorecard_verdict(db, row, city, period, lang)
                assert row[f"name_{lang}"][1:] in text and "nan" not in text and "None" not in text


def test_compare_verdict(db):  # noqa: F811
    result = compare_cities(db, "urban_new_jobs", None, "13th", "target", annual_average=True, lang="en")
    text = compare_verdict(db, result, "en")
    assert "Zhanjiang is highest at 7.5 (10k people) a year (average of the 2016–2020 total)" in text
    assert "Jingdezhen 2.31 (10k people, 2020)" in text and "higher is better" in text
    zh = compare_verdict(db, compare_cities(db, "urban_new_jobs", None, "13th", "target"), "zh")
    assert "湛江最高，为37.5万人（2016—2020年累计）" in zh and "景德镇2.31万人（2020年）" in zh and "不宜直接比较" in zh
    assert zh.startswith("“十三五”目标·城镇新增就业人数：")  # mixed bases: the head names no year
    empty = compare_cities(db, "civil_servant_training", None, "13th", "target")
    assert compare_verdict(db, empty, "en").endswith("no values to compare.")


# ---- SQL hygiene ---------------------------------------------------------------------------------

def test_sql_lives_only_in_analytics_sql():
    """No module but analytics/sql.py holds a SQL statement (db.py creates the tables it loads)."""
    pattern = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s", re.IGNORECASE)
    for path in ANALYTICS.glob("*.py"):
        if path.name in ("sql.py", "db.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node is not None:
                assert not (pattern.search(node.value) and " FROM " in node.value.upper()), \
                    f"{path.name} holds SQL: {node.value[:60]!r}"


def test_sql_constants_take_parameters_not_formatting():
    for name, value in vars(sql).items():
        if name.isupper() and isinstance(value, str):
            assert "{" not in value and "%s" not in value, name
