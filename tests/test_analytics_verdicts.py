"""Verdict sentences on the real data: numbers, years and order come from the rows."""

from __future__ import annotations

import re

from analytics import trend, verdicts
from analytics.db import get_database


def test_trend_verdict_names_latest_actual_and_next_target_per_city():
    db = get_database()
    zh = verdicts.trend_verdict(db, trend.trend(db, "unemployment_insurance_insured", lang="zh"), "zh")
    # 江门 2015 actual 74.72 (000:138) and 2020 target 80 (000:218); 湛江 2020 actual 46.7 (003:109) and
    # 2025 target 48.1 (003:188).
    assert zh.startswith("失业保险参保人数：")
    assert "江门最新实际74.72万人（2015年），目标80万人（2020年）" in zh
    assert "湛江最新实际46.7万人（2020年），目标48.1万人（2025年）" in zh
    en = verdicts.trend_verdict(db, trend.trend(db, "urban_new_jobs", ["zhanjiang"], lang="en"), "en")
    assert en == ("Urban new jobs — Zhanjiang: latest actual 38.39 (10k people, 2016–2020 total), "
                  "target 25 (10k people, 2021–2025 total).")


def test_trend_verdict_falls_back_to_baselines_and_says_when_nothing_is_there():
    db = get_database()
    baselines = trend.trend(db, "urban_new_jobs", ["jiangmen"], series=["baseline"], lang="en")
    assert verdicts.trend_verdict(db, baselines, "en") == (
        "Urban new jobs — Jiangmen: latest actual 23.4 (10k people, 2011–2015 total).")  # 000:214 base [23.4]
    nothing = trend.trend(db, "urban_surveyed_unemployment_rate", ["zhanjiang"], lang="zh")
    assert verdicts.trend_verdict(db, nothing, "zh") == "城镇调查失业率：所选城市没有数值。"


def test_compare_verdict_ranks_lower_is_better_indicators_lowest_first():
    from analytics import compare

    db = get_database()
    result = compare.compare_cities(db, "urban_registered_unemployment_rate", None, "13th", "target", lang="en")
    text = verdicts.compare_verdict(db, result, "en")
    # 江门 ≤3.2 (000:215) is stricter than 湛江 ≤3.5 (003:104).
    assert "Jiangmen is lowest at ≤3.2%; then Zhanjiang ≤3.5%" in text


def test_compare_verdict_names_a_total_by_its_span_not_its_last_year():
    from analytics import compare

    db = get_database()
    # Zhanjiang's 13th-plan actual [38.39] is the 2016-2020 total (003:103), stored with year 2020.
    en = verdicts.compare_verdict(db, compare.compare_cities(db, "urban_new_jobs", ["zhanjiang"], "13th", "actual",
                                                             lang="en"), "en")
    assert en == "Urban new jobs, actual, 13th plan (2016–2020 total): only Zhanjiang has a value, 38.39 (10k people)."
    zh = verdicts.compare_verdict(db, compare.compare_cities(db, "urban_new_jobs", ["zhanjiang"], "13th", "actual",
                                                             lang="zh"), "zh")
    assert "（2016—2020年累计）" in zh and "2020年）" not in zh.replace("2016—2020年累计", "")
    # Every 13th-plan target of urban new jobs is a five-year total: the head names the span once.
    targets = verdicts.compare_verdict(db, compare.compare_cities(db, "urban_new_jobs", None, "13th", "target",
                                                                  lang="en"), "en")
    assert targets.startswith("Urban new jobs, target, 13th plan (2016–2020 total): Zhanjiang is highest at 37.5")
    assert "(2020)" not in targets
    averaged = verdicts.compare_verdict(db, compare.compare_cities(db, "urban_new_jobs", None, "13th", "target",
                                                                   annual_average=True, lang="en"), "en")
    assert "13th plan (annual average of the 2016–2020 total): Zhanjiang is highest at 7.5 (10k people)" in averaged
    # Single years are named as years.
    rate = verdicts.compare_verdict(db, compare.compare_cities(db, "urban_registered_unemployment_rate", None, "13th",
                                                               "target", lang="zh"), "zh")
    assert rate.startswith("“十三五”目标·城镇登记失业率（2020年）：")


def test_trend_verdict_names_a_total_by_its_span():
    db = get_database()
    zh = verdicts.trend_verdict(db, trend.trend(db, "urban_new_jobs", ["zhanjiang"], lang="zh"), "zh")
    # [38.39] 2016-2020 (003:103) and the 14th plan's [25] 2021-2025 (003:182): totals, named so.
    assert zh == "城镇新增就业人数：湛江最新实际38.39万人（2016—2020年累计），目标25万人（2021—2025年累计）。"
    en = verdicts.trend_verdict(db, trend.trend(db, "urban_new_jobs", ["jiangmen"], lang="en"), "en")
    assert "latest actual 4.59 (10k people, 2020)" in en  # the 2020 work report's single year (004:2)


def test_verdict_and_chart_label_show_the_same_digits():
    """One number format: the bar's label and the verdict's number of the same row agree (the
    annual average of Jingdezhen's 2011-2015 total [18.17] (001:44) is 3.634: both say 3.63)."""
    from analytics import compare, dimensions
    from ui import charts

    db = get_database()
    for lang, unit in (("en", " (10k people)"), ("zh", "万人")):
        result = compare.compare_cities(db, "urban_new_jobs", ["jingdezhen"], "12th", "actual", annual_average=True,
                                        lang=lang)
        assert result.rows["display_value"].tolist() == [18.17 / 5]
        figure = charts.compare_chart(result.rows, dimensions.cities(db), "title", "unit", lang, False)
        label = figure.data[0].text[0]
        assert label == "3.63"
        verdict = verdicts.compare_verdict(db, result, lang)
        assert f"{label}{unit}" in verdict and "3.634" not in verdict


def test_every_compare_verdict_uses_the_chart_labels_digits():
    """For every indicator several cities share, each city's number in the 13th-plan verdict is
    the label its bar or marker carries (ui.charts.value_label: symbol and digits), plain and as
    annual averages."""
    from analytics import compare
    from ui import charts

    db = get_database()
    checked = 0
    choices = compare.comparable_indicators(db)
    for indicator_id in choices.loc[choices["multi_city"].astype(bool), "indicator_id"]:
        for kind in ("target", "actual"):
            for average in (False, True):
                result = compare.compare_cities(db, indicator_id, None, "13th", kind, average, lang="en")
                latest = result.rows.dropna(subset=["display_value"]).groupby("city_id").tail(1)
                if latest.empty:
                    continue
                verdict = verdicts.compare_verdict(db, result, "en")
                for row in latest.to_dict("records"):
                    label = charts.value_label(row["display_value"], row["comparator"])
                    assert re.search(rf"(?<![\d.,]){re.escape(label)}(?![\d,]|\.\d)", verdict), \
                        (indicator_id, kind, average, label, verdict)
                    checked += 1
    assert checked > 50
