"""Cross-checks of the dataset (analytics/ingest/quality.py): the inconsistencies of the real sources are
found and noted on their rows, values are never changed, and each check flags what it should and
nothing else on small crafted row lists."""

from __future__ import annotations

import copy
import hashlib
from collections import Counter

import pytest

from analytics import catalogue
from analytics.ingest import build_tables, quality
from analytics.ingest.prose import extract_prose_observations
from analytics.ingest.sources import read_documents
from analytics.ingest.tables import extract_table_observations
from analytics.schema import NOTE_BEARINGS

JM, JD, RULES, ZJ, REPORT = (
    "000_d92a957b28094439.txt", "001_ec0a8e65957f0800.txt", "002_bf700d1be069a182.txt",
    "003_752116bdcc71a0d2.txt", "004_95eefe6b59f03fdd.txt")
A, B, T, P = "actual", "baseline", "target", "reported_completion_pct"


@pytest.fixture(scope="module")
def built(sources_dir):
    tables = build_tables(sources_dir)
    return tables["observations"].to_pylist(), tables["quality_notes"].to_pylist()


def _cells(note: dict, by_id: dict) -> set[tuple]:
    return {(by_id[i]["source_file"], by_id[i]["source_line"], by_id[i]["value_kind"]) for i in note["obs_ids"]}


# check, indicator, cells (file, line, value_kind) the note must cover; every one is checked against the source line
EXPECTED = [
    ("baseline_vs_actual", "urban_registered_unemployment_rate", {(JM, 132, A), (JM, 215, B)}),
    ("baseline_vs_actual", "professional_technical_talent", {(JM, 143, A), (JM, 223, B)}),
    ("baseline_vs_actual", "urban_employee_pension_insured", {(JD, 47, A), (JD, 109, B)}),
    ("baseline_vs_actual", "basic_medical_insurance_insured", {(JD, 49, A), (JD, 111, B)}),
    ("baseline_vs_actual", "maternity_insurance_insured", {(JD, 52, A), (JD, 114, B)}),
    ("baseline_vs_actual", "urban_new_jobs", {(ZJ, 103, A), (ZJ, 185, B)}),
    ("reported_completion_mismatch", "labour_contract_signing_rate", {(ZJ, 115, P), (ZJ, 115, T), (ZJ, 115, A)}),
    ("reported_completion_precision", "urban_new_jobs", {(ZJ, 103, P)}),
    ("reported_completion_precision", "enterprise_scheme_active_employees_pension_insured", {(ZJ, 107, P)}),
    ("reported_completion_precision", "high_skilled_share_of_skilled_workers", {(ZJ, 113, P)}),
    ("reported_completion_precision", "labour_inspection_case_closure_rate", {(ZJ, 117, P)}),
    ("target_below_baseline", "urban_employee_pension_insured", {(JD, 109, T), (JD, 109, B)}),
    ("target_below_baseline", "labour_dispute_mediation_success_rate", {(ZJ, 201, T), (ZJ, 201, B)}),
    ("target_below_baseline", "labour_dispute_arbitration_closure_rate", {(ZJ, 202, T), (ZJ, 202, B)}),
    ("target_below_baseline", "labour_inspection_case_closure_rate", {(ZJ, 204, T), (ZJ, 204, B)}),
    ("target_below_baseline", "urban_new_jobs", {(ZJ, 185, T), (ZJ, 185, B)}),
    ("target_below_baseline", "urban_new_jobs", {(JM, 214, T), (JM, 214, B)}),
    ("target_below_baseline", "urban_registered_unemployment_rate", {(JM, 215, T), (JM, 215, B)}),
    ("target_equals_actual", "talent_pool_total", {(JM, 141, T), (JM, 141, A)}),
    ("target_equals_actual", "professional_technical_talent", {(JM, 143, T), (JM, 143, A)}),
    ("target_equals_actual", "unemployment_insurance_insured", {(JD, 50, T), (JD, 50, A)}),
    ("actual_of_other_year", "urban_employee_pension_insured", {(ZJ, 106, A)}),
    ("actual_of_other_year", "enterprise_scheme_active_employees_pension_insured", {(ZJ, 107, A)}),
    ("cumulative_part_exceeds_whole", "cantonese_chef_training", {(ZJ, 90, A), (ZJ, 198, B)}),
    # flat targets (issue 13): against the baseline, and between the 2018 and 2020 milestones
    ("target_flat_on_baseline", "labour_dispute_arbitration_closure_rate", {(JM, 234, T), (JM, 234, B)}),  # 90 → >90
    ("target_flat_on_baseline", "urban_new_jobs", {(JD, 105, T), (JD, 105, B)}),  # 2.31 → 2.31
    ("target_flat_on_baseline", "urban_surveyed_unemployment_rate", {(JD, 106, T), (JD, 106, B)}),  # 4.5% → 4.5%
    ("target_flat_on_baseline", "labour_dispute_arbitration_closure_rate", {(JD, 123, T), (JD, 123, B)}),  # 93 → 93
    ("milestones_not_rising", "maternity_insurance_insured", {(JM, 221, T)}),  # 77 (2018) = 77 (2020)
    ("milestones_not_rising", "labour_dispute_arbitration_closure_rate", {(JM, 234, T)}),  # >90 → >90
    ("milestones_not_rising", "labour_dispute_mediation_success_rate", {(JM, 233, T)}),  # >60 → >60
    ("milestones_not_rising", "urban_registered_unemployment_rate", {(JM, 215, T)}),  # 3.2 以内 → 3.2 以内
    ("milestones_not_rising", "basic_medical_insurance_coverage_rate", {(JM, 218, T)}),  # 98 → 98
    # the same figure in two tables at another precision (issue 13): 专栏1 27.33 vs 专栏2 27.3
    ("figures_differ_by_rounding", "work_injury_insurance_insured", {(JD, 51, A), (JD, 113, B)}),
]


@pytest.mark.parametrize(("check", "indicator", "cells"), EXPECTED,
                         ids=[f"{e[0]}:{e[1]}:{min(e[2])[0][:3]}:{min(e[2])[1]}" for e in EXPECTED])
def test_expected_note(built, check, indicator, cells):
    observations, notes = built
    by_id = {row["obs_id"]: row for row in observations}
    hits = [n for n in notes if n["check"] == check and n["indicator_id"] == indicator and cells <= _cells(n, by_id)]
    assert len(hits) == 1, [n["message_en"] for n in notes if n["check"] == check]
    note = hits[0]
    for file_name, line, _ in cells:
        assert f"{file_name[:3]}:{line}" in note["message_en"] and f"{file_name[:3]}:{line}" in note["message_zh"]


def test_messages_name_the_values(built):
    observations, notes = built
    by_id = {row["obs_id"]: row for row in observations}

    def message(check, *cells):
        return next(n for n in notes if n["check"] == check and set(cells) <= _cells(n, by_id))

    jd = message("baseline_vs_actual", (JD, 49, A), (JD, 111, B))
    assert "71.98 万人 (001:49)" in jd["message_zh"] and "141.08 万人 (001:111)" in jd["message_zh"]
    assert jd["message_zh"].startswith("景德镇 2015 年基本医疗保险参保人数") and "不一致" in jd["message_zh"]
    assert jd["message_en"].startswith("Jingdezhen") and "differs from" in jd["message_en"]
    zj = message("reported_completion_mismatch", (ZJ, 115, P))
    assert "103.79" in zj["message_en"] and "102.71" in zj["message_en"]
    truncated = message("reported_completion_precision", (ZJ, 117, P))
    assert "truncated" in truncated["message_en"] and "104.17" in truncated["message_en"]
    whole = message("reported_completion_precision", (ZJ, 113, P))
    assert "0 decimals" in whole["message_en"] and "101.93" in whole["message_en"]
    jm = message("target_below_baseline", (JM, 215, B))
    assert "above" in jm["message_en"] and "lower is better" in jm["message_en"]
    flat = message("target_flat_on_baseline", (JM, 234, B))
    assert flat["message_en"] == (
        "Jiangmen, Labour and personnel dispute arbitration closure rate: the 2018 target >90% (table 2, 000:234), the "
        "2020 target >90% (table 2, 000:234) do not rise above the 2015 baseline 90% (table 2, 000:234) (higher is "
        "better): a flat target")
    assert "未高于" in flat["message_zh"] and "持平" in flat["message_zh"]
    maternity = message("milestones_not_rising", (JM, 221, T))
    assert "2020 target 77 (10k people)" in maternity["message_en"]  # English units in English (issue 24)
    assert "77 万人" in maternity["message_zh"]
    assert "stays flat between milestones" in maternity["message_en"]
    assert "与前一阶段目标持平" in maternity["message_zh"]
    rounded = message("figures_differ_by_rounding", (JD, 51, A))
    assert rounded["message_en"] == (
        "Jingdezhen, Work-injury insurance, insured persons, 2015: table 1 actual 27.33 (10k people) (001:51), "
        "table 2 baseline 27.3 (10k people) (001:113) differ only by rounding (0.03)")


def test_consistent_figures_are_not_flagged(built):
    observations, notes = built
    by_id = {row["obs_id"]: row for row in observations}
    flagged = Counter((check, cell) for n in notes for check in [n["check"]] for cell in _cells(n, by_id))
    # 27.33 vs 27.3: rounding only; 23.4 vs [23.4] and 46.70 vs 46.7: equal as read
    for cell in [(JD, 51, A), (JD, 113, B), (JM, 131, A), (ZJ, 109, A), (ZJ, 188, B)]:
        assert not flagged[("baseline_vs_actual", cell)], cell
    for cell in [(ZJ, 106, P), (ZJ, 116, P), (ZJ, 118, P), (ZJ, 120, P)]:  # correct completion percentages
        assert not any(flagged[(check, cell)] for check in ("reported_completion_mismatch",
                                                           "reported_completion_precision")), cell
    assert not flagged[("target_below_baseline", (JM, 234, B))]  # >90 against a baseline of 90
    assert not flagged[("target_below_baseline", (JD, 123, B))]  # 93 -> 93: not worse
    assert not flagged[("prose_vs_table", (ZJ, 178, T))]  # 90%以上 vs >90: the same figure
    # rising targets are not flat, even within the rounding of the less precise figure (76.57 → 77, 28.5 → 29)
    for cell in [(JM, 221, B), (JM, 219, B), (JM, 225, B), (JD, 112, B)]:
        assert not flagged[("target_flat_on_baseline", cell)], cell
    for cell in [(JM, 219, T), (JM, 225, T), (JM, 237, T), (JM, 220, T)]:  # 77 → 80, 28.5 → 29, 94 → 94.5, 84 → 85
        assert not flagged[("milestones_not_rising", cell)], cell
    assert not flagged[("figures_differ_by_rounding", (ZJ, 109, A))]  # 46.70 and 46.7: the same value


def test_every_note_points_at_existing_rows_that_mention_it(built):
    observations, notes = built
    by_id = {row["obs_id"]: row for row in observations}
    assert notes and len({n["note_id"] for n in notes}) == len(notes)
    for note in notes:
        assert note["obs_ids"] and set(note["obs_ids"]) <= set(by_id), note
        assert note["obs_ids"] == sorted(note["obs_ids"])
        assert note["check"] in {check.__name__ for check in quality.CHECKS}
        assert note["message_zh"] and note["message_en"]
        rows = [by_id[i] for i in note["obs_ids"]]
        assert {row["city_id"] for row in rows} == {note["city_id"]}
        assert note["indicator_id"] in {row["indicator_id"] for row in rows}
        for row in rows:
            assert f"{note['check']}: {note['message_en']}" in row["note"], row["obs_id"]


def test_existing_notes_are_kept(built):
    observations, _ = built
    row = next(r for r in observations if (r["source_file"], r["source_line"], r["value_kind"]) == (JM, 132, A))
    assert row["note"].startswith("the source states the actual as a bound (2.4 以内), not as a point value; ")
    assert "actual_stated_as_bound" not in row["note"] and "baseline_vs_actual: " in row["note"]


def test_output_is_sorted_and_stable(built):
    _, notes = built
    keys = [(NOTE_BEARINGS.index(n["bearing"]), n["check"]) for n in notes]
    assert keys == sorted(keys)
    assert all(n["bearing"] == quality.BEARING[n["check"]] for n in notes)
    for note in notes:
        key = f"{note['check']}|{','.join(note['obs_ids'])}"
        assert note["note_id"] == hashlib.sha1(key.encode()).hexdigest()[:12]


def test_cross_check_never_changes_a_value(sources_dir):
    documents = read_documents(sources_dir)
    rows = extract_table_observations(documents) + extract_prose_observations(documents)
    rows.sort(key=lambda row: (row["source_file"], row["source_line"], row["obs_id"]))
    before = copy.deepcopy(rows)
    notes = quality.cross_check(rows)
    assert notes
    assert len(rows) == len(before)
    noted = 0
    for old, new in zip(before, rows, strict=True):
        assert {k: v for k, v in old.items() if k != "note"} == {k: v for k, v in new.items() if k != "note"}
        if old["note"] != new["note"]:
            noted += 1
            assert new["note"].startswith(old["note"] + "; ") if old["note"] else new["note"]
    assert noted == len({i for n in notes for i in n["obs_ids"]})
    # a second run over fresh rows gives the same notes, whatever the input order
    again = copy.deepcopy(before)
    assert quality.cross_check(list(reversed(again))) == notes


# ---- each check on crafted rows ----------------------------------------------------------------------------


def row(kind="actual", value=1.0, raw=None, *, indicator="urban_new_jobs", year=2015, line=1, file="000_x.txt",
        table="专栏1", city="jiangmen", district=None, span=None, comparator="=", doc="doc", plan="12th", unit=None,
        raw_unit=None, note=None, scope="plan") -> dict:
    raw = raw if raw is not None else f"{value:g}"
    unit = unit or catalogue.indicators()[indicator].unit
    fields = dict(city_id=city, district=district, indicator_id=indicator, plan_period=plan, year=year,
                  value_kind=kind, value=value, unit=unit, comparator=comparator if value is not None else None,
                  is_cumulative=span is not None, period_start=span[0] if span else None,
                  period_end=span[1] if span else None, span_kind="total" if span else "year",
                  target_scope=scope if kind in ("target", "target_growth_pct") else None,
                  raw_text=raw, raw_unit=raw_unit or unit, attribute=None,
                  doc_id=doc, source_file=file, source_line=line, source_table=table, quote=raw, note=note)
    fields["obs_id"] = hashlib.sha1(repr(sorted(fields.items(), key=str)).encode()).hexdigest()[:16]
    return fields


def findings(check, rows) -> list[quality.Finding]:
    return list(check(rows))


RATE = "urban_registered_unemployment_rate"  # lower is better


def test_baseline_vs_actual_crafted():
    check = quality.baseline_vs_actual
    actual, base = row(A, 2.4, "2.4 以内", indicator=RATE, comparator="<="), row(B, 2.5, "2.5 以内", indicator=RATE,
                                                                                 line=9, table="专栏2", plan="13th")
    (found,) = findings(check, [actual, base])
    assert [r["obs_id"] for r in found.rows] == [actual["obs_id"], base["obs_id"]]
    assert "≤2.4% (000:1)" in found.message_en and "2.5% (000:9)" in found.message_en  # no 以内 in English
    assert "2.4% 以内 (000:1)" in found.message_zh and "2.5% 以内 (000:9)" in found.message_zh
    assert not findings(check, [row(A, 27.33), row(B, 27.3, line=9)])  # rounding of the less precise figure
    assert not findings(check, [row(A, 46.7, "46.70"), row(B, 46.7, line=9)])
    assert findings(check, [row(A, 27.33), row(B, 27.2, line=9)])  # beyond rounding
    assert not findings(check, [row(A, 23.4, span=(2011, 2015)), row(B, 2.31, line=9)])  # total vs one year
    assert not findings(check, [row(A, 5, district="蓬江区"), row(B, 6, line=9, district="蓬江区")])
    assert not findings(check, [row(A, 5, year=2014), row(B, 6, line=9)])
    assert not findings(check, [row(A, 5, city="zhanjiang"), row(B, 6, line=9)])


def _completion(target, actual, pct, *, indicator="labour_contract_signing_rate", line=1, raw_pct=None):
    return [row(T, target, indicator=indicator, year=2020, line=line, plan="13th"),
            row(A, actual, indicator=indicator, year=2020, line=line, plan="13th"),
            row(P, pct, raw_pct, indicator=indicator, year=2020, line=line, plan="13th", unit="%")]


def test_reported_completion_mismatch_crafted():
    check = quality.reported_completion_mismatch
    (found,) = findings(check, _completion(96, 98.6, 103.79))
    assert "102.71" in found.message_en and found.rows[0]["value_kind"] == P
    assert not findings(check, _completion(96, 98.6, 102.71))
    assert not findings(check, _completion(96, 98.6, 103.1))  # within 0.5 points
    assert not findings(check, _completion(3.5, 2.47, 141.70, indicator=RATE))  # lower is better: target/actual
    assert findings(check, _completion(3.5, 2.47, 70.57, indicator=RATE))  # actual/target would be wrong
    rows = _completion(96, 98.6, 103.79)
    rows[1]["line"] = rows[1]["source_line"] = 2  # the actual is on another row: no pair to compare with
    assert not findings(check, rows)


def test_reported_completion_precision_crafted():
    check = quality.reported_completion_precision
    (truncated,) = findings(check, _completion(96, 100, 104.16, indicator="labour_inspection_case_closure_rate"))
    assert "truncated" in truncated.message_en and "104.17" in truncated.message_en
    (last,) = findings(check, _completion(37.5, 38.39, 102.36, indicator="urban_new_jobs"))
    assert "last decimal" in last.message_en
    column = _completion(29, 29.56, 102, indicator="high_skilled_share_of_skilled_workers") + _completion(
        96, 100, 104.17, indicator="labour_inspection_case_closure_rate", line=2)
    (whole,) = findings(check, column)
    assert whole.rows[0]["value"] == 102 and "0 decimals where the column shows 2" in whole.message_en
    assert not findings(check, _completion(29, 29.56, 102))  # alone in its column: 102 is the rounded figure
    assert not findings(check, _completion(83, 83, 100) + _completion(96, 100, 104.17, line=2))
    assert not findings(check, _completion(90, 96, 106.67, raw_pct="106.67"))
    assert not findings(check, _completion(96, 98.6, 103.79))  # a real mismatch belongs to the other check


def test_prose_vs_table_crafted():
    check = quality.prose_vs_table
    table = row(T, 3.2, "3.2 以内", indicator=RATE, year=2020, plan="13th", comparator="<=")
    report = row(T, 3.0, "3.0%以内", indicator=RATE, year=2020, plan="13th", comparator="<=", file="004_x.txt",
                 table=None, doc="report")
    (found,) = findings(check, [table, report])
    assert "text target ≤3% (004:1)" in found.message_en and "table 1 target ≤3.2% (000:1)" in found.message_en
    assert "3.0%以内 (004:1)" in found.message_zh
    same = row(T, 3.2, "3.2%以下", indicator=RATE, year=2020, plan="13th", comparator="<=", line=5, table=None)
    assert not findings(check, [table, same])
    assert not findings(check, [row(T, 90, ">90", indicator=RATE, comparator=">"),
                                row(T, 90, "90%以上", indicator=RATE, comparator=">=", line=5, table=None)])
    assert not findings(check, [table, {**report, "plan_period": "14th"}])  # targets of two plans
    assert findings(check, [row(A, 5), row(A, 6, line=5, table=None, plan="13th")])  # an actual is an actual
    assert not findings(check, [row(A, 46.7, "46.70 万人"), row(A, 46.7, line=5, table=None)])
    assert not findings(check, [row(A, 5), row(B, 6, line=5)])  # other kinds: baseline_vs_actual


def test_target_below_baseline_crafted():
    check = quality.target_below_baseline
    base = row(B, 45.73, indicator="urban_employee_pension_insured", plan="13th", table="专栏2")
    target = row(T, 42.62, indicator="urban_employee_pension_insured", year=2020, plan="13th", table="专栏2")
    (found,) = findings(check, [base, target])
    assert "below" in found.message_en and "higher is better" in found.message_en
    assert not findings(check, [base, {**target, "value": 45.73}])
    assert not findings(check, [base, {**target, "value": 45.7, "raw_text": "45.7"}])  # rounding only
    assert not findings(check, [base, {**target, "doc_id": "other"}])  # another plan's target
    ceiling = [row(B, 2.5, "2.5 以内", indicator=RATE, plan="13th", comparator="<="),
               row(T, 3.2, "3.2 以内", indicator=RATE, year=2020, plan="13th", comparator="<=")]
    assert "above" in findings(check, ceiling)[0].message_en
    assert not findings(check, [row(B, 2.5, indicator=RATE, plan="13th"), row(T, 2.4, indicator=RATE, year=2020,
                                                                              plan="13th")])
    assert not findings(check, [row(B, 90, indicator="labour_dispute_arbitration_closure_rate", plan="13th"),
                                row(T, 90, ">90", indicator="labour_dispute_arbitration_closure_rate", year=2020,
                                    plan="13th", comparator=">")])
    totals = [row(B, 38.9, "[38.9]", span=(2016, 2020), year=2020, plan="14th"),
              row(T, 25.0, "[25.0]", span=(2021, 2025), year=2025, plan="14th")]
    assert findings(check, totals)
    three_years = [row(B, 23.4, "[23.4]", span=(2011, 2015), plan="13th"),
                   row(T, 13.5, "[13.5]", span=(2016, 2018), year=2018, plan="13th")]
    assert not findings(check, three_years)  # a 3-year total against a 5-year total
    assert not findings(check, [row(B, 23.4, "[23.4]", span=(2011, 2015), plan="13th"),
                                row(T, 2.0, year=2020, plan="13th")])  # a total against one year


def test_target_equals_actual_crafted():
    check = quality.target_equals_actual
    (found,) = findings(check, [row(T, 93, indicator="talent_pool_total"), row(A, 93, indicator="talent_pool_total")])
    assert "may be copied" in found.message_en
    assert not findings(check, [row(T, 93, indicator="talent_pool_total"), row(A, 93.5, indicator="talent_pool_total")])
    assert not findings(check, [row(T, 100, indicator="labour_inspection_case_closure_rate"),
                                row(A, 100, indicator="labour_inspection_case_closure_rate")])  # 100% met in full
    assert not findings(check, [row(T, 3.5, "<3.5", indicator=RATE, comparator="<"),
                                row(A, 3.5, indicator=RATE)])
    assert not findings(check, [row(T, 93, indicator="talent_pool_total"),
                                row(A, 93, indicator="talent_pool_total", doc="other")])


def test_a_bound_is_a_property_not_a_note():
    """多/余/超过/以内 make an actual a bound: the comparator says it, on the row; no check writes a note of it."""
    assert not hasattr(quality, "actual_stated_as_bound")
    bound = row(A, 3.5, "<3.5", indicator=RATE, comparator="<")
    assert quality.cross_check([bound, row(A, 6300.0, "6300多家", indicator="employment_subsidy_firms",
                                           comparator=">=", line=2)]) == []
    assert bound["comparator"] == "<" and bound["note"] is None


def test_actual_of_other_year_crafted():
    check = quality.actual_of_other_year
    table = row(A, 147.18, year=2020, plan="13th", note="this actual is the 2019 figure the province supplied")
    prose = row(A, 147.18, "147.18 万人", year=2020, plan="13th", line=80, table=None)
    other = row(A, 150.0, year=2020, plan="13th", line=81, table=None)
    (found,) = findings(check, [table, prose, other])
    assert found.rows == (table, prose) and "2019" in found.message_en
    assert not findings(check, [row(A, 1.0, year=2020, note="the 2020 figure, end of year")])
    assert not findings(check, [row(A, 1.0, year=2020, note="people whose contributions lapsed are not removed")])


def test_cumulative_part_exceeds_whole_crafted():
    check = quality.cumulative_part_exceeds_whole
    part = row(A, 28000, "2.8 万人次", indicator="cantonese_chef_training", year=2020, span=(2018, 2020),
               raw_unit="万人次", table=None)
    whole = row(B, 6157, "[6157]", indicator="cantonese_chef_training", year=2020, span=(2016, 2020), line=9)
    (found,) = findings(check, [part, whole])
    assert found.rows == (part, whole)
    assert not findings(check, [{**part, "value": 6000.0, "raw_text": "6000"}, whole])
    assert not findings(check, [{**part, "value": 6200.0, "raw_text": "0.62 万人次"}, whole])  # within rounding
    assert not findings(check, [{**part, "value_kind": T}, whole])  # targets are plans, not totals reached
    assert not findings(check, [{**part, "period_start": 2015, "period_end": 2020}, whole])  # not inside


def test_target_flat_on_baseline_crafted():
    check = quality.target_flat_on_baseline
    closure = "labour_dispute_arbitration_closure_rate"
    base = row(B, 90, indicator=closure, plan="13th", table="专栏2")
    bound = row(T, 90, ">90", indicator=closure, year=2018, plan="13th", comparator=">", table="专栏2")
    (found,) = findings(check, [base, bound])
    assert found.rows == (bound, base) and "does not rise above" in found.message_en
    assert findings(check, [base, {**bound, "value": 89.8, "raw_text": "89.8", "comparator": "="}])  # within rounding
    assert not findings(check, [base, {**bound, "value": 95.0, "raw_text": ">95"}])  # rises
    assert not findings(check, [base, {**bound, "value": 85.0, "raw_text": "85"}])  # worse: target_below_baseline's
    assert not findings(check, [row(B, 76.57, indicator="maternity_insurance_insured", plan="13th"),
                                row(T, 77, indicator="maternity_insurance_insured", year=2020, plan="13th")])
    rate = [row(B, 4.5, "4.5%", indicator="urban_surveyed_unemployment_rate", plan="13th"),
            row(T, 4.5, "4.5%", indicator="urban_surveyed_unemployment_rate", year=2020, plan="13th")]
    (lower,) = findings(check, rate)
    assert "does not fall below" in lower.message_en and "lower is better" in lower.message_en
    assert not findings(check, [row(B, 100, indicator=closure, plan="13th"),
                                row(T, 100, indicator=closure, year=2020, plan="13th")])  # 100 % cannot rise
    assert not findings(check, [base, {**bound, "doc_id": "other"}])  # another document's target
    assert not findings(check, [row(B, 23.4, "[23.4]", span=(2011, 2015), plan="13th"),
                                row(T, 23.4, "[23.4]", span=(2016, 2018), year=2018, plan="13th")])  # 3 against 5 years


def test_milestones_not_rising_crafted():
    check = quality.milestones_not_rising
    early = row(T, 77, indicator="maternity_insurance_insured", year=2018, plan="13th")
    late = row(T, 77, indicator="maternity_insurance_insured", year=2020, plan="13th")
    (found,) = findings(check, [early, late])
    assert found.rows == (early, late) and "stays flat" in found.message_en
    (back,) = findings(check, [early, {**late, "value": 70.0, "raw_text": "70"}])
    assert "falls back" in back.message_en
    assert not findings(check, [early, {**late, "value": 80.0, "raw_text": "80"}])
    rate = [row(T, 3.2, "3.2 以内", indicator=RATE, year=2018, plan="13th", comparator="<="),
            row(T, 3.0, "3.0 以内", indicator=RATE, year=2020, plan="13th", comparator="<=")]
    assert not findings(check, rate)  # lower is better: 3.2 → 3.0 improves
    assert findings(check, [rate[0], {**rate[1], "value": 3.5, "raw_text": "3.5 以内"}])
    assert not findings(check, [row(T, 13.5, "[13.5]", span=(2016, 2018), year=2018, plan="13th"),
                                row(T, 13.5, "[13.5]", span=(2016, 2020), year=2020, plan="13th")])  # other spans
    assert not findings(check, [early, {**late, "doc_id": "other"}])
    assert not findings(check, [row(T, 100, indicator="labour_inspection_case_closure_rate", year=2018, plan="13th"),
                                row(T, 100, indicator="labour_inspection_case_closure_rate", year=2020, plan="13th")])


def test_figures_differ_by_rounding_crafted():
    check = quality.figures_differ_by_rounding
    actual = row(A, 27.33, indicator="work_injury_insurance_insured")
    base = row(B, 27.3, indicator="work_injury_insurance_insured", line=9, table="专栏2", plan="13th")
    (found,) = findings(check, [actual, base])
    assert found.rows == (actual, base) and "(0.03)" in found.message_en
    assert not findings(check, [actual, {**base, "value": 27.33, "raw_text": "27.33"}])
    assert not findings(check, [row(A, 46.7, "46.70"), row(B, 46.7, line=9)])  # equal values
    assert not findings(check, [actual, {**base, "value": 27.2, "raw_text": "27.2"}])  # beyond rounding: the others'
    assert not findings(check, [actual, {**base, "year": 2014}])
    targets = [row(T, 3.2, "3.2", indicator=RATE, year=2020, plan="13th"),
               row(T, 3.24, "3.24", indicator=RATE, year=2020, plan="13th", line=5, table=None)]
    assert findings(check, targets)
    assert not findings(check, [targets[0], {**targets[1], "plan_period": "14th"}])  # two plans' targets


def test_district_sum_vs_total_crafted():
    check = quality.district_sum_vs_total
    districts = [row(T, 1.2, district="蓬江区"), row(T, 2.3, district="江海区")]
    (found,) = findings(check, [*districts, row(T, 4.0, "4.0", line=2)])
    assert "add up to 3.5" in found.message_en
    assert not findings(check, [*districts, row(T, 3.5, line=2)])
    assert not findings(check, [*districts, row(T, 3.6, "3.6", line=2)])  # each part rounded to 0.1: within rounding
    rates = [row(T, 3.2, indicator=RATE, district="蓬江区"), row(T, 3.2, indicator=RATE, district="江海区")]
    assert not findings(check, [*rates, row(T, 3.2, indicator=RATE, line=2)])  # rates do not add up


def test_district_sums_of_the_real_sources_are_checked(sources_dir):
    """The equalisation rules' district targets add up to the city's; breaking one figure is caught, against the
    city figure of section 二 (line 14) and against its restatement in the annex (line 88)."""
    documents = read_documents(sources_dir)
    rows = [r for r in extract_prose_observations(documents) if r["source_file"] == RULES]
    assert not list(quality.district_sum_vs_total(rows))
    broken = [{**r, "value": r["value"] + 1} if (r["district"], r["indicator_id"]) == ("蓬江区", "urban_new_jobs")
              else r for r in rows]
    found = list(quality.district_sum_vs_total(broken))
    assert all(f.rows[0]["district"] is None for f in found)
    assert sorted(f.rows[0]["source_line"] for f in found) == [14, 88]


def test_cross_check_appends_notes_and_keeps_values():
    actual = row(A, 2.4, "2.4 以内", indicator=RATE, comparator="<=", note="already noted")
    base = row(B, 2.5, "2.5 以内", indicator=RATE, comparator="<=", line=9)
    rows = [actual, base]
    notes = quality.cross_check(rows)
    assert [n["check"] for n in notes] == ["baseline_vs_actual"]
    assert notes[0]["bearing"] == "conflicting_figures"
    assert actual["note"].startswith("already noted; baseline_vs_actual: ")
    assert base["note"].startswith("baseline_vs_actual: ")
    assert (actual["value"], base["value"]) == (2.4, 2.5)
    assert notes[0]["obs_ids"] == sorted([actual["obs_id"], base["obs_id"]])
    assert notes[0]["city_id"] == "jiangmen" and notes[0]["indicator_id"] == RATE
    assert not quality.cross_check([row(A, 5.0), row(B, 5.0, line=9)])


# ---- issue 23: notes a researcher must read ------------------------------------------------------------------


def test_per_year_flows_are_not_milestones(built):
    """002:336 每年扶持400名 (2014) and 002:343 每年扶持200名 (2015) are each year's flow (target_scope annual), not
    milestones of the pilot: no milestones_not_rising, and not the same figure as 002:26's 100名 到2015年."""
    observations, notes = built
    by_id = {row["obs_id"]: row for row in observations}
    flows = [r for r in observations if r["source_file"] == RULES and r["source_line"] in (336, 343)]
    assert {(r["source_line"], r["value"], r["target_scope"]) for r in flows} == {(336, 400, "annual"),
                                                                                 (343, 200, "annual")}
    assert not [n for n in notes if n["indicator_id"] == "disabled_self_employment_support"
                and n["check"] in ("milestones_not_rising", "prose_vs_table")], [n["message_en"] for n in notes]
    assert by_id  # the notes name real rows (checked above)


def test_the_2020_unemployment_targets_3_2_below_and_within_are_one_figure(built):
    """000:197 3.2%以下 and 000:215 3.2% 以内 state one 2020 target; 004:2 控制在3.0%以内 is the year's own (annual)."""
    observations, notes = built
    assert not [n for n in notes if n["check"] == "prose_vs_table"
                and n["indicator_id"] == "urban_registered_unemployment_rate"]
    (annual,) = [r for r in observations if r["source_file"] == REPORT and r["source_line"] == 2
                 and r["value_kind"] == "target"]
    assert (annual["value"], annual["comparator"], annual["target_scope"]) == (3.0, "<=", "annual")


def test_the_notes_are_read_by_what_they_mean_for_a_comparison():
    """The Sources page and every caller of dimensions.quality_notes get the notes in schema.NOTE_BEARINGS
    order (conflicting figures first, rounding last), each with its bearing in words."""
    from analytics import dimensions, labels, paths
    from analytics.db import Database
    from analytics.schema import NOTE_BEARINGS
    from tests.apptest_helpers import open_app

    database = Database(paths.data_dir())
    try:
        notes = dimensions.quality_notes(database)
    finally:
        database.close()
    positions = [NOTE_BEARINGS.index(bearing) for bearing in notes["bearing"]]
    assert positions == sorted(positions) and len(set(positions)) >= 2
    assert set(labels.BEARINGS) == set(NOTE_BEARINGS)
    at = open_app("sources", lang="en")
    table = at.dataframe[-1].value  # the quality notes are the page's last table
    assert list(table.columns)[:2] == ["What it means for a comparison", "Check"]
    shown = notes["bearing"][:len(table)]
    assert list(table.iloc[:, 0]) == [labels.label("bearing", bearing, "en") for bearing in shown]
