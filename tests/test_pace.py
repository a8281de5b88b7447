"""Plan pace: hand-computed values on the committed data (each read off its source line), the
rules on crafted rows (previous pace, on track), and the CLI."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys

import pyarrow as pa
import pytest

from analytics import labels, pace
from analytics.db import Database, get_database
from analytics.errors import QueryError
from tests.conftest import PROJECT_DIR
from tests.fixture_dataset import ZJ, build_tables, fixture_dir, obs  # noqa: F401
from tests.generation_helpers import put_tables


@pytest.fixture(scope="module")
def real():
    return get_database()


def _one(frame, indicator, year, comparator="="):
    rows = frame[(frame["indicator_id"] == indicator) & (frame["target_year"] == year)
                 & (frame["comparator"] == comparator)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_zhanjiang_14th_plan_by_hand(real):
    frame = pace.pace(real, "zhanjiang", "14th")
    insured = _one(frame, "unemployment_insurance_insured", 2025)  # 003:188  46.7 -> 48.1 万人
    assert (insured["base_value"], insured["target_value"]) == (46.7, 48.1)
    assert insured["pace"] == pytest.approx(((48.1 / 46.7) ** (1 / 5) - 1) * 100)
    assert round(insured["pace"], 2) == 0.59 and insured["pace_unit"] == "pct_per_year"
    # 003:187 95 in 专栏2 and 003:168 95%以上 in the text: one target, the table's row, the text's ≥
    coverage = _one(frame, "basic_pension_coverage_rate", 2025, ">=")  # 90 -> 95 %
    assert coverage["pace"] == pytest.approx(1.0) and coverage["pace_unit"] == "pp_per_year"
    assert coverage["target_source_line"] == 187 and coverage["also_stated_in"].endswith(".txt:168)")
    # 003:185 [25.0] against [38.9], and 003:166 城镇新增就业25万人以上: one target, ≥ from the text
    jobs = _one(frame, "urban_new_jobs", 2025, ">=")
    assert jobs["pace"] == pytest.approx((25.0 / 38.9 - 1) * 100)
    assert round(jobs["pace"], 1) == -35.7 and jobs["pace_unit"] == "pct_vs_previous_total"
    assert (jobs["base_source_line"], jobs["target_source_line"]) == (185, 185)
    assert jobs["pace_bound"] == "at_least" and "25 万人以上" in jobs["also_stated_in"]
    assert jobs["also_stated_in"].endswith(".txt:166)") and not isinstance(jobs["note"], str)


def test_a_target_stated_in_table_and_text_is_paced_once(real):
    """Issue 23: Zhanjiang's 14th plan listed 8 targets twice; one row per (indicator, year, span, scope)."""
    frame = pace.pace(real, "zhanjiang", "14th")
    keys = list(zip(frame["indicator_id"], frame["target_year"], frame["target_period_start"].fillna(0),
                    strict=True))
    assert len(keys) == len(set(keys))
    assert frame["also_stated_in"].notna().sum() >= 8


def test_jiangmen_13th_plan_milestone_is_back_loaded(real):
    frame = pace.pace(real, "jiangmen", "13th")
    final = _one(frame, "unemployment_insurance_insured", 2020)  # 000:219  74.72 -> 77 (2018) -> 80 (2020)
    assert final["pace"] == pytest.approx(((80 / 74.72) ** (1 / 5) - 1) * 100)
    assert round(final["pace"], 3) == 1.375
    assert not final["is_milestone"]
    milestone = _one(frame, "unemployment_insurance_insured", 2018)
    assert milestone["is_milestone"] and milestone["final_target_year"] == 2020
    assert milestone["even_value"] == pytest.approx(74.72 * (80 / 74.72) ** (3 / 5))
    assert round(milestone["even_value"], 2) == 77.84
    assert milestone["milestone"] == "behind"  # 77 < 77.84
    pension = _one(frame, "basic_pension_coverage_rate", 2018)  # 000:217  95 -> 97 (2018) -> 98 (2020)
    assert pension["even_value"] == pytest.approx(95 + 3 * 3 / 5) and pension["milestone"] == "ahead"
    jobs = _one(frame, "urban_new_jobs", 2018)  # 000:214  [13.5] 2016-18 of [22.5] 2016-20, base [23.4]
    assert jobs["even_value"] == pytest.approx(22.5 * 3 / 5) and jobs["milestone"] == "even"
    assert jobs["pace"] == pytest.approx((13.5 / 3) / (23.4 / 5) * 100 - 100)
    assert "annual averages (3-year against 5-year total)" in jobs["note_en"]


def test_notes_say_why_a_pace_is_odd_or_missing(real):
    jingdezhen = pace.pace(real, "jingdezhen", "13th")
    jobs = jingdezhen[jingdezhen["indicator_id"] == "urban_new_jobs"]
    (flat,) = [row for _, row in jobs.iterrows() if row["target_raw"] == "2.31"]  # 001:105  2.31 -> 2.31
    assert flat["pace"] == 0 and "flat target" in flat["note_en"] and "持平" in flat["note_zh"]
    total = jobs[jobs["target_raw"] == "12 万人"]
    assert total["pace"].isna().all() and "single-year" in total.iloc[0]["note_en"]  # 001:81 [12] vs 2.31
    below = _one(jingdezhen, "urban_employee_pension_insured", 2020)  # 45.73 -> 42.62
    assert below["pace"] < 0 and "below the baseline" in below["note_en"]
    zhanjiang = pace.pace(real, "zhanjiang", "14th")
    met = _one(zhanjiang, "labour_dispute_arbitration_closure_rate", 2025, ">")  # 96 now, target >90
    assert met["pace_bound"] == "at_least" and "already met at the baseline" in met["note_en"]
    zero = _one(pace.pace(real, "jiangmen", "13th"), "provincial_innovation_teams", 2020)  # 0 -> 4
    assert math.isnan(zero["pace"]) and "not positive" in zero["note_en"]


def test_every_row_has_a_baseline_and_provenance(real):
    for city, period in (("jiangmen", "13th"), ("jingdezhen", "13th"), ("zhanjiang", "14th")):
        frame = pace.pace(real, city, period)
        assert len(frame) and frame["base_year"].notna().all()
        assert (frame["base_year"] < frame["target_year"]).all()
        assert frame["base_source_file"].str.endswith(".txt").all() and frame["target_source_line"].gt(0).all()
        assert frame["pace_unit"].dropna().isin(pace.PACE_UNITS).all()
    assert pace.pace(real, "zhanjiang", "12th").empty  # no 12th-plan targets with a baseline


@pytest.fixture
def crafted(fixture_dir, tmp_path):  # noqa: F811
    """The fixture plus a 2015 actual (so the 13th-plan pace is known) and a 2022 actual inside
    the 14th plan, for Zhanjiang's unemployment insurance (fictional values)."""
    data = tmp_path / "data"
    shutil.copytree(fixture_dir, data)
    tables = build_tables()
    extra = [obs("zhanjiang", "unemployment_insured", "actual", 2015, 40.0, "40", plan="13th", file=ZJ, line=900),
             obs("zhanjiang", "unemployment_insured", "actual", 2022, 47.5, "47.5", file=ZJ, line=901),
             obs("zhanjiang", "unemployment_insured", "target_growth_pct", 2025, 0.6, "0.6", plan="14th", file=ZJ,
                 line=902, unit="%")]
    observations = pa.concat_tables([tables["observations"],
                                     pa.Table.from_pylist(extra, schema=tables["observations"].schema)])
    put_tables(data, observations=observations)
    database = Database(data)
    yield database
    database.close()


def test_previous_pace_and_on_track(crafted):
    row = _one(pace.pace(crafted, "zhanjiang", "14th"), "unemployment_insured", 2025)  # 46.7 (2020) -> 48.1
    assert row["previous_pace"] == pytest.approx(((46.7 / 40.0) ** (1 / 5) - 1) * 100)  # 2015 -> 2020
    assert row["actual_year"] == 2022 and row["actual_value"] == 47.5
    assert row["even_value_at_actual"] == pytest.approx(46.7 * (48.1 / 46.7) ** (2 / 5))  # 47.26
    assert row["on_track"] is True or row["on_track"] == True  # noqa: E712  (47.5 ≥ 47.26)


def test_a_stated_growth_target_stands_beside_the_required_pace(crafted):
    """年均增长（%） of a table (value kind target_growth_pct) is the plan's own pace target: shown beside the pace
    its baseline and target require (0.59 %/yr from 46.7 to 48.1), never ranked as a level."""
    row = _one(pace.pace(crafted, "zhanjiang", "14th"), "unemployment_insured", 2025)
    assert (row["stated_pace"], row["stated_pace_raw"]) == (0.6, "0.6")
    assert row["pace"] == pytest.approx(((48.1 / 46.7) ** (1 / 5) - 1) * 100)
    other = pace.pace(crafted, "zhanjiang", "14th")
    assert other.loc[other["indicator_id"] != "unemployment_insured", "stated_pace"].isna().all()


def test_formatting_and_labels():
    assert labels.format_pace(1.374943, "pct_per_year", None, "en") == "+1.37 %/yr (compound)"
    assert labels.format_pace(-35.7326, "pct_vs_previous_total", "at_least", "en") == \
        "at least −35.73 % vs previous total"
    assert labels.format_pace(1.0, "pp_per_year", None, "zh") == "+1 个百分点/年"
    assert labels.format_pace(None, "pp_per_year", None, "zh") == ""


def test_unknown_city_or_period_is_a_query_error(real):
    with pytest.raises(QueryError, match="valid choices"):
        pace.pace(real, "atlantis", "13th")
    with pytest.raises(QueryError, match="valid choices"):
        pace.pace(real, "jiangmen", "16th")


def test_cli_table_and_csv():
    table = subprocess.run([sys.executable, "-m", "analytics", "pace", "--city", "zhanjiang", "--period", "14th"],
                           cwd=PROJECT_DIR, capture_output=True, check=True).stdout.decode()
    assert "+0.59 %/yr (compound)" in table and "−35.73 % vs previous total" in table
    assert "003_752116bdcc71a0d2.txt:188" in table and "targets with a pace" in table
    csv = subprocess.run([sys.executable, "-m", "analytics", "pace", "--city", "jiangmen", "--period", "13th",
                          "--format", "csv"], cwd=PROJECT_DIR, capture_output=True, check=True).stdout.decode()
    header = csv.splitlines()[0].split(",")
    for column in ("indicator_id", "base_year", "base_value", "base_raw", "target_year", "target_value",
                   "target_raw", "comparator", "pace", "pace_unit", "previous_pace", "note", "note_en",
                   "base_source_file", "target_source_line"):
        assert column in header
    bad = subprocess.run([sys.executable, "-m", "analytics", "pace", "--city", "atlantis", "--period", "13th"],
                         cwd=PROJECT_DIR, capture_output=True, check=False)
    assert bad.returncode == 2 and "valid choices" in bad.stderr.decode()


@pytest.mark.parametrize("indicator,city,reason", [
    ("unemployment_insurance_insured", "zhanjiang", "a target but no baseline"),
    ("maternity_insurance_insured", "zhanjiang", "the plan sets no figure for this indicator"),
    ("business_guarantee_loans", "jingdezhen", "a multi-year total against a single-year value: no pace"),
    ("provincial_innovation_teams", "jiangmen", "a value is not positive: no compound growth"),
    ("public_institution_graduate_recruitment", "jiangmen", "only annual targets, no target for the plan"),
])
def test_a_city_left_out_of_a_ranking_is_told_why_from_its_data(real, indicator, city, reason):
    chosen = ["jiangmen", "jingdezhen", "zhanjiang"]
    rows = pace.pace_cities(real, "13th", chosen, "en")
    ranked = pace.ambition(pace.shared_paces(rows), indicator)
    assert city not in set(ranked["city_id"])
    reasons = pace.no_pace_reasons(real, "13th", indicator, chosen, rows, ranked, "en")
    assert reasons[city] == reason
    assert not set(reasons) & set(ranked["city_id"])  # a ranked city needs no reason
    zh = pace.no_pace_reasons(real, "13th", indicator, chosen, pace.pace_cities(real, "13th", chosen, "zh"), ranked,
                              "zh")
    assert set(zh) == set(reasons) and all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in zh.values())


def test_a_pace_in_another_unit_is_told_so(real):
    rows = pace.pace_cities(real, "13th", ["jiangmen", "jingdezhen"], "en")
    ranked = pace.ambition(pace.shared_paces(rows), "unemployment_insurance_insured")
    other = ranked.iloc[[0]].assign(pace_unit="pp_per_year")  # as if the ranking were of rates
    reasons = pace.no_pace_reasons(real, "13th", "unemployment_insurance_insured", ["jiangmen", "jingdezhen"],
                                   rows, other, "en")
    assert reasons == {"jingdezhen" if other["city_id"].iloc[0] == "jiangmen" else "jiangmen":
                       "its pace is in another unit (%/yr (compound)), not compared"}


def test_extreme_paces_are_noted_by_the_stated_rule(real):
    assert pace.EXTREME_PACE == {"pct_per_year": 50.0, "pp_per_year": 10.0, "pct_vs_previous_total": 100.0}
    assert pace.is_extreme(50.01, "pct_per_year") and pace.is_extreme(-10.5, "pp_per_year")
    assert not pace.is_extreme(50.0, "pct_per_year") and not pace.is_extreme(-9.9, "pp_per_year")
    assert not pace.is_extreme(None, "pct_per_year")
    frame = pace.pace(real, "jiangmen", "13th", "en")
    extreme = pace.extreme_paces(frame)
    # 9 -> 117 high-level talents by 2018 (000:230): +135 %/yr.
    row = extreme[extreme["target_raw"] == "117"].iloc[0]
    assert round(row["pace"], 1) == 135.1
    assert row["note_en"].startswith("an extreme pace (beyond ±50 %/yr (compound))")
    assert row["note_zh"].startswith("速度异常（超过±50 %/年（复合增速））")
    assert all(not pace.is_extreme(p, u) for p, u in zip(frame.drop(extreme.index)["pace"],
                                                         frame.drop(extreme.index)["pace_unit"], strict=True))


def test_spreadsheet_paces_keep_four_significant_digits_parquet_all(real):
    frame = pace.pace(real, "jiangmen", "13th", "en")
    rounded = pace.for_spreadsheet(frame)
    for full, short in zip(frame["pace"], rounded["pace"], strict=True):
        if math.isnan(full):
            assert math.isnan(short)
            continue
        assert short == float(f"{full:.4g}")
    # every other column untouched (DataFrame.equals takes NaN in the same places as equal)
    assert frame.drop(columns=list(pace.PACE_COLUMNS)).equals(rounded.drop(columns=list(pace.PACE_COLUMNS)))
    assert frame["pace"].map(lambda v: len(repr(v)) > 12).any()  # the full values are long; the frame untouched
    assert pace._significant(-0.23999999999999963) == -0.24
    assert pace._significant(135.1263) == 135.1 and pace._significant(0.000123456) == 0.0001235
