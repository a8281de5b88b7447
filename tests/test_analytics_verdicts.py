"""Verdict sentences on the real data: numbers, years and order come from the rows."""

from __future__ import annotations

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
    assert en == ("Urban new jobs — Zhanjiang: latest actual 38.39 (10k people, 2016-2020 total), "
                  "target 25 (10k people, 2021-2025 total).")


def test_trend_verdict_falls_back_to_baselines_and_says_when_nothing_is_there():
    db = get_database()
    baselines = trend.trend(db, "urban_new_jobs", ["jiangmen"], series=["baseline"], lang="en")
    assert verdicts.trend_verdict(db, baselines, "en") == (
        "Urban new jobs — Jiangmen: latest actual 23.4 (10k people, 2011-2015 total).")  # 000:214 base [23.4]
    nothing = trend.trend(db, "urban_surveyed_unemployment_rate", ["zhanjiang"], lang="zh")
    assert verdicts.trend_verdict(db, nothing, "zh") == "城镇调查失业率：所选城市没有数值。"


def test_compare_verdict_ranks_lower_is_better_indicators_lowest_first():
    from analytics import compare

    db = get_database()
    result = compare.compare_cities(db, "urban_registered_unemployment_rate", None, "13th", "target", lang="en")
    text = verdicts.compare_verdict(db, result, "en")
    # 江门 ≤3.2 (000:215) is stricter than 湛江 ≤3.5 (003:104).
    assert "Jiangmen is lowest at ≤3.2%; then Zhanjiang ≤3.5%" in text
