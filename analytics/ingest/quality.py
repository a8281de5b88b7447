"""Cross-checks between values that should agree; each disagreement becomes a quality note.

`cross_check(observations)` runs every check in CHECKS over the finished rows. A check is a
small function named after what it checks; its name is the `check` column of the note. Each
finding becomes one row of the quality_notes table and is appended to the `note` of every
observation it names (after any note the row already has, separated by "; "). Values are
never changed: the sources are reported as written.

Rounding: two figures "agree" when they differ by no more than half a unit of the last decimal
shown by the less precise one (27.3 vs 27.33 agree; 2.4 vs 2.5 do not). The checks that compare
figures report only differences beyond rounding; rounding-only differences of the same figure are
reported by figures_differ_by_rounding (a minor note), and a document's own completion
percentages, whose exact recomputation is possible, by reported_completion_precision.

Each note has a `bearing` (schema.NOTE_BEARINGS, BEARING below): what it means for a comparison,
in the order a researcher must read them — two statements of one figure disagree (which one a view
takes changes the result), a table counted twice, a figure of another year, a target that looks
odd against its own plan (the figure may be right), and rounding only. A bound written as a bound
(多, 余, 超过, 以内) is not a note: the comparator says it, on the row.

Output is deterministic: note_id is a short hash of the check and the sorted obs_ids, and
notes are sorted by bearing, check, city, indicator and source position.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from itertools import pairwise

from analytics import catalogue, labels
from analytics.schema import NOTE_BEARINGS

COMPLETION_TOLERANCE = 0.5  # points of a completion % before it counts as a different figure
_ACHIEVED = ("actual", "baseline")  # values that report what happened (a baseline is last period's actual)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_OTHER_YEAR = re.compile(r"\bthe (\d{4}) figure\b")  # as written by the table footnotes (tables.py)

_KIND_ZH = {"target": "目标", "actual": "完成数", "baseline": "基数", "reported_completion_pct": "完成比例"}
_KIND_EN = {"target": "target", "actual": "actual", "baseline": "baseline",
            "reported_completion_pct": "reported completion"}


@dataclass(frozen=True)
class Finding:
    rows: tuple[dict, ...]  # the observations concerned, in the order the message names them
    message_zh: str
    message_en: str


Check = Callable[[list[dict]], Iterable[Finding]]


def cross_check(observations: list[dict]) -> list[dict]:
    """Run every check; append each finding to its rows' note and return the quality_notes rows."""
    rows = sorted(observations, key=lambda r: (r["source_file"], r["source_line"], r["obs_id"]))  # order-free
    notes = []
    for check in CHECKS:
        for finding in check(rows):
            obs_ids = sorted({row["obs_id"] for row in finding.rows})
            first = finding.rows[0]
            notes.append((
                (NOTE_BEARINGS.index(BEARING[check.__name__]), check.__name__, first["city_id"],
                 first["indicator_id"], _position(finding.rows)),
                finding,
                {
                    "note_id": hashlib.sha1(f"{check.__name__}|{','.join(obs_ids)}".encode()).hexdigest()[:12],
                    "check": check.__name__,
                    "bearing": BEARING[check.__name__],
                    "city_id": first["city_id"],
                    "indicator_id": first["indicator_id"],
                    "obs_ids": obs_ids,
                    "message_zh": finding.message_zh,
                    "message_en": finding.message_en,
                },
            ))
    notes.sort(key=lambda item: (item[0], item[2]["note_id"]))
    for _, finding, note in notes:
        seen = set()
        for row in finding.rows:
            if row["obs_id"] not in seen:
                seen.add(row["obs_id"])
                row["note"] = "; ".join(filter(None, [row["note"], f"{note['check']}: {note['message_en']}"]))
    return [note for _, _, note in notes]


# ---- the checks --------------------------------------------------------------------------------------------


def baseline_vs_actual(rows: list[dict]) -> Iterable[Finding]:
    """A baseline of year Y (next plan) against the actual of year Y reported elsewhere (same span)."""
    groups = _group(rows, lambda r: r["value_kind"] in _ACHIEVED and r["district"] is None,
                    lambda r: (r["city_id"], r["indicator_id"], r["year"], *_span(r)))
    for members in groups.values():
        actuals = [r for r in members if r["value_kind"] == "actual"]
        for base in (r for r in members if r["value_kind"] == "baseline"):
            differing = [a for a in actuals if not _agree(a, base)]
            if differing:
                yield Finding(
                    (*differing, base),
                    f"{_subject_zh(base)}：{'、'.join(map(_cell_zh, differing))} 与 {_cell_zh(base)} 不一致",
                    f"{_subject_en(base)}: {', '.join(map(_cell_en, differing))} "
                    f"{'differs' if len(differing) == 1 else 'differ'} from {_cell_en(base)}",
                )


def reported_completion_mismatch(rows: list[dict]) -> Iterable[Finding]:
    """A document's own completion % against actual/target·100 (target/actual for lower-is-better)."""
    for pct, target, actual, computed in _completions(rows):
        if abs(Decimal(str(pct["value"])) - computed) > Decimal(str(COMPLETION_TOLERANCE)):
            shown = _fmt(computed.quantize(Decimal("0.01"), ROUND_HALF_UP))
            formula_zh, formula_en = _formula(target, actual)
            yield Finding(
                (pct, target, actual),
                f"{_subject_zh(pct)}：{_cell_zh(pct)} 与按 {formula_zh} 计算的 {shown} 相差超过 "
                f"{COMPLETION_TOLERANCE} 个百分点（目标 {_show(target)}，完成 {_show(actual)}）",
                f"{_subject_en(pct)}: {_cell_en(pct)} differs by more than {COMPLETION_TOLERANCE} points from "
                f"{formula_en} = {shown} (target {_show_en(target)}, actual {_show_en(actual)})",
            )


def reported_completion_precision(rows: list[dict]) -> Iterable[Finding]:
    """Minor: a completion % within the tolerance but truncated, off in its last decimal, or less precise than its
    column (102 where the others show two decimals)."""
    completions = list(_completions(rows))
    column_decimals: dict[tuple, int] = defaultdict(int)
    for pct, *_ in completions:
        key = (pct["source_file"], pct["source_table"])
        column_decimals[key] = max(column_decimals[key], _decimals(pct))
    for pct, target, actual, computed in completions:
        reported = Decimal(str(pct["value"]))
        if abs(reported - computed) > Decimal(str(COMPLETION_TOLERANCE)):
            continue  # reported_completion_mismatch
        places = _decimals(pct)
        rounded = _quantize(computed, places, ROUND_HALF_UP)
        wanted = column_decimals[(pct["source_file"], pct["source_table"])]
        if reported != rounded:
            if reported == _quantize(computed, places, ROUND_DOWN):
                issue_zh = f"截断而非四舍五入（应为 {_fmt(rounded)}）"
                issue_en = f"truncated, not rounded ({_fmt(rounded)})"
            else:
                issue_zh = f"末位与四舍五入结果 {_fmt(rounded)} 不符"
                issue_en = f"its last decimal differs from the rounded {_fmt(rounded)}"
        elif places < wanted and _quantize(computed, wanted, ROUND_HALF_UP) != reported:
            precise = _fmt(_quantize(computed, wanted, ROUND_HALF_UP))
            issue_zh = f"只保留 {places} 位小数，同列其他数字保留 {wanted} 位（{precise}）"
            issue_en = f"given with {places} decimals where the column shows {wanted} ({precise})"
        else:
            continue
        formula_zh, formula_en = _formula(target, actual)
        yield Finding(
            (pct, target, actual),
            f"{_subject_zh(pct)}：{_cell_zh(pct)}，按 {formula_zh} 计算为 {_fmt(computed, 4)}，{issue_zh}",
            f"{_subject_en(pct)}: {_cell_en(pct)}; {formula_en} = {_fmt(computed, 4)}: {issue_en}",
        )


def prose_vs_table(rows: list[dict]) -> Iterable[Finding]:
    """The same figure (city, district, indicator, year, kind, span) stated twice with different values: in a table
    and in the text, or in two documents. Targets are compared within one plan period only."""
    groups = _group(rows, lambda r: True, lambda r: (
        r["city_id"], r["district"], r["indicator_id"], r["year"], r["value_kind"], r["target_scope"], *_span(r),
        None if r["value_kind"] in _ACHIEVED else r["plan_period"]))
    for members in groups.values():
        if any(not _agree(a, b) for a in members for b in members):
            first = members[0]
            kind_zh, kind_en = _KIND_ZH[first["value_kind"]], _KIND_EN[first["value_kind"]]
            yield Finding(
                tuple(members),
                f"{_subject_zh(first)}{kind_zh}前后不一：{'、'.join(map(_cell_zh, members))}",
                f"{_subject_en(first)}: the {kind_en} is stated differently: {', '.join(map(_cell_en, members))}",
            )


def target_below_baseline(rows: list[dict]) -> Iterable[Finding]:
    """A plan's own target that is worse than the same plan's baseline (lower for higher-is-better, higher for
    lower-is-better). Five-year totals are compared only with totals over as many years."""
    groups = _group(rows, lambda r: r["value_kind"] == "baseline" or _plan_target(r),
                    lambda r: (r["doc_id"], r["plan_period"], r["city_id"], r["district"], r["indicator_id"]))
    for members in groups.values():
        targets = [r for r in members if r["value_kind"] == "target"]
        for base in (r for r in members if r["value_kind"] == "baseline"):
            higher = _direction(base) == "higher_better"
            worse = [t for t in targets if t["year"] > base["year"] and _span_length(t) == _span_length(base)
                     and not _agree(t, base) and (t["value"] < base["value"] if higher else t["value"] > base["value"])]
            if worse:
                word_zh = "低于" if higher else "高于"
                word_en = f"{'is' if len(worse) == 1 else 'are'} {'below' if higher else 'above'}"
                better_zh, better_en = _better_words(higher)
                yield Finding(
                    (*worse, base),
                    f"{_name_zh(base)}：{'、'.join(map(_dated_zh, worse))} {word_zh} {_dated_zh(base)}"
                    f"（该指标{better_zh}）",
                    f"{_name_en(base)}: {', '.join(map(_dated_en, worse))} {word_en} {_dated_en(base)} "
                    f"({better_en})",
                )


def target_equals_actual(rows: list[dict]) -> Iterable[Finding]:
    """A target and its actual (same document, plan period, year, span) that are exactly the same figure, as written:
    suspicious, the actual may have been copied from the target. A 100% target met in full is not reported."""
    groups = _group(rows, lambda r: r["value_kind"] in ("target", "actual"), lambda r: (
        r["doc_id"], r["plan_period"], r["city_id"], r["district"], r["indicator_id"], r["year"], *_span(r)))
    for members in groups.values():
        for target in (r for r in members if r["value_kind"] == "target"):
            if target["unit"] == "%" and target["value"] == 100:
                continue
            for actual in (r for r in members if r["value_kind"] == "actual"):
                if (actual["value"], actual["comparator"]) == (target["value"], target["comparator"]):
                    yield Finding(
                        (target, actual),
                        f"{_subject_zh(target)}：目标 {_show(target)} ({_ref(target)}) 与完成数 {_show(actual)} "
                        f"({_ref(actual)}) 完全相同，疑为照抄",
                        f"{_subject_en(target)}: target {_show_en(target)} ({_ref(target)}) and actual "
                        f"{_show_en(actual)} ({_ref(actual)}) are identical: suspicious, may be copied",
                    )


def actual_of_other_year(rows: list[dict]) -> Iterable[Finding]:
    """An actual of year Y that the document's own notes say is the figure of another year (the footnote is read
    into the row's note by tables.py). Other rows stating the same figure for Y are named with it."""
    for row in rows:
        match = _OTHER_YEAR.search(row["note"] or "") if row["value_kind"] in _ACHIEVED else None
        if not match or int(match[1]) == row["year"] or row["value"] is None:
            continue
        same = [other for other in rows if other is not row and other["value"] is not None
                and _same_figure_key(other) == _same_figure_key(row) and _agree(other, row)]
        also_zh = f"；{'、'.join(map(_cell_zh, same))} 亦作 {row['year']} 年数据" if same else ""
        also_en = f"; {', '.join(map(_cell_en, same))} also gives it as {row['year']}" if same else ""
        yield Finding(
            (row, *same),
            f"{_subject_zh(row)}：{_cell_zh(row)} 据原表注实为 {match[1]} 年数据{also_zh}",
            f"{_subject_en(row)}: {_cell_en(row)} is the {match[1]} figure according to the table's note{also_en}",
        )


def cumulative_part_exceeds_whole(rows: list[dict]) -> Iterable[Finding]:
    """A reported total over a few years that exceeds the total over a longer span containing them."""
    groups = _group(rows, lambda r: r["value_kind"] in _ACHIEVED and r["span_kind"] == "total",
                    lambda r: (r["city_id"], r["district"], r["indicator_id"]))
    for members in groups.values():
        for part in members:
            for whole in members:
                inside = whole["period_start"] <= part["period_start"] and part["period_end"] <= whole["period_end"]
                larger = part["value"] > whole["value"] and not _agree(part, whole)
                if inside and _span(part) != _span(whole) and larger:
                    yield Finding(
                        (part, whole),
                        f"{_subject_zh(part)}：{_cell_zh(part)} 大于更长时段 {_span_zh(whole)} 的 {_cell_zh(whole)}",
                        f"{_subject_en(part)}: {_cell_en(part)} exceeds {_cell_en(whole)} for the longer span "
                        f"{_span_en(whole)}",
                    )


def district_sum_vs_total(rows: list[dict]) -> Iterable[Finding]:
    """District counts of a document that do not add up to the city count it gives for the same item (rates and
    shares, in %, do not add up and are left out)."""

    def key(row: dict) -> tuple:
        return (row["doc_id"], row["city_id"], row["indicator_id"], row["year"], row["value_kind"], *_span(row))

    parts = _group(rows, lambda r: r["district"] is not None and r["unit"] != "%", key)
    totals = _group(rows, lambda r: r["district"] is None and r["unit"] != "%", key)
    for group_key, districts in parts.items():
        for total in totals.get(group_key, []):
            added = sum(r["value"] for r in districts)
            tolerance = sum(_half_step(r) for r in districts) + _half_step(total) + 1e-9
            if abs(added - total["value"]) > tolerance:
                refs = ", ".join(sorted({_ref(r) for r in districts}))
                yield Finding(
                    (total, *districts),
                    f"{_subject_zh(total)}：{len(districts)} 个区县的{_KIND_ZH[total['value_kind']]}合计 "
                    f"{_fmt(added)} ({refs})，与全市 {_cell_zh(total)} 不符",
                    f"{_subject_en(total)}: the {len(districts)} district {_KIND_EN[total['value_kind']]}s add up to "
                    f"{_fmt(added)} ({refs}), not to the city's {_cell_en(total)}",
                )


def target_flat_on_baseline(rows: list[dict]) -> Iterable[Finding]:
    """A plan's target that does not improve on the same plan's baseline, in the indicator's direction: the same
    figure (2.31 -> 2.31), a bound at the baseline itself (>90 against 90), or a step back within rounding. Targets
    worse beyond rounding are target_below_baseline's; a rate already at 100 % (higher is better) cannot rise and is
    left out."""
    groups = _group(rows, lambda r: r["value_kind"] == "baseline" or _plan_target(r),
                    lambda r: (r["doc_id"], r["plan_period"], r["city_id"], r["district"], r["indicator_id"]))
    for members in groups.values():
        targets = [r for r in members if r["value_kind"] == "target"]
        for base in (r for r in members if r["value_kind"] == "baseline"):
            flat = [t for t in targets if t["year"] > base["year"] and _span_length(t) == _span_length(base)
                    and _not_better(t, base) and _agree(t, base) and not _at_ceiling(base)]
            if flat:
                higher = _direction(base) == "higher_better"
                one = len(flat) == 1
                better_zh, better_en = _better_words(higher)
                yield Finding(
                    (*flat, base),
                    f"{_name_zh(base)}：{'、'.join(map(_dated_zh, flat))} 未{'高' if higher else '低'}于 "
                    f"{_dated_zh(base)}，目标与基数持平（该指标{better_zh}）",
                    f"{_name_en(base)}: {', '.join(map(_dated_en, flat))} {'does' if one else 'do'} not "
                    f"{'rise above' if higher else 'fall below'} {_dated_en(base)} ({better_en}): a flat target",
                )


def milestones_not_rising(rows: list[dict]) -> Iterable[Finding]:
    """Two milestone targets of one plan (2018 and 2020) where the later one does not improve on the earlier, in the
    indicator's direction: flat (the same figure, or a step back within rounding) or falling back. Only targets
    over spans of the same length are compared (a 2016-2018 total is not a 2016-2020 total); a rate held at 100 %
    is left out. Only a plan's own targets are milestones: a target for one year (每年…, target_scope annual) is
    that year's flow, and a smaller flow in a later year is no step back."""
    groups = _group(rows, _plan_target,
                    lambda r: (r["doc_id"], r["plan_period"], r["city_id"], r["district"], r["indicator_id"],
                               _span_length(r)))
    for members in groups.values():
        by_year: dict[int, dict] = {}
        for target in sorted(members, key=lambda r: (r["source_table"] is None, r["source_file"], r["source_line"])):
            by_year.setdefault(target["year"], target)  # one statement a year, a table's first (prose_vs_table
            # compares the others)
        years = sorted(by_year)
        for earlier, later in pairwise(years):
            first, second = by_year[earlier], by_year[later]
            if _at_ceiling(first) and _at_ceiling(second):
                continue
            higher = _direction(first) == "higher_better"
            flat = _not_better(second, first) and _agree(first, second)
            worse = _not_better(second, first) and not flat
            if not (flat or worse):
                continue
            better_zh, better_en = _better_words(higher)
            if flat:
                how_zh, how_en = "与前一阶段目标持平", "stays flat between milestones"
            else:
                how_zh = f"{'低' if higher else '高'}于前一阶段目标，目标倒退"
                how_en = f"is {'below' if higher else 'above'} the earlier milestone: the plan falls back"
            yield Finding(
                (first, second),
                f"{_name_zh(first)}：{_dated_zh(second)} {how_zh} {_dated_zh(first)}（该指标{better_zh}）",
                f"{_name_en(first)}: {_dated_en(second)} {how_en} ({_dated_en(first)}; {better_en})",
            )


def figures_differ_by_rounding(rows: list[dict]) -> Iterable[Finding]:
    """The same figure (city, district, indicator, year, span; a baseline is the actual of its year, a target is
    compared within its plan period) stated twice with values that differ only within rounding (27.3 vs 27.33).
    Larger differences are baseline_vs_actual's and prose_vs_table's; equal values written differently (46.70 and
    46.7) are the same figure."""
    groups = _group(rows, lambda r: True, lambda r: (
        r["city_id"], r["district"], r["indicator_id"], r["year"], *_span(r), r["target_scope"],
        "achieved" if r["value_kind"] in _ACHIEVED else r["value_kind"],
        None if r["value_kind"] in _ACHIEVED else r["plan_period"]))
    for members in groups.values():
        differing = [a for a in members if any(not _equal(a, b) and _agree(a, b) for b in members)]
        if len(differing) < 2:
            continue
        spread = max(r["value"] for r in differing) - min(r["value"] for r in differing)
        first = differing[0]
        shown = _fmt(Decimal(str(round(spread, 10))).normalize())
        yield Finding(
            tuple(differing),
            f"{_subject_zh(first)}：{'、'.join(map(_cell_zh, differing))} 仅因保留位数不同而不一致（相差 {shown}）",
            f"{_subject_en(first)}: {', '.join(map(_cell_en, differing))} differ only by rounding ({shown})",
        )


def table_repeated(rows: list[dict]) -> Iterable[Finding]:
    """A table of a document that repeats an earlier table of it row for row (the same labels, cells as written
    and values) under another number (专栏3 = 专栏2): one table stated twice, so its values are not confirmed by a
    second statement and must not be counted twice. Named once, on the rows of both tables."""
    tables: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        if row["source_table"] is not None:
            tables[(row["source_file"], row["source_table"])].append(row)
    first_of: dict[tuple, tuple[str, str]] = {}
    for key, members in sorted(tables.items(), key=lambda item: _position(item[1])):
        content = (key[0], tuple(sorted(_table_cell(row) for row in members)))
        earlier = first_of.setdefault(content, key)
        if earlier == key:
            continue
        repeated, original = tables[key], tables[earlier]
        lines = len({row["source_line"] for row in repeated})
        first = f"{key[0][:3]}:{min(row['source_line'] for row in repeated)}"  # its first row
        yield Finding(
            (*repeated, *original),
            f"{key[1]}（自 {first} 起）逐行重复 {earlier[1]}（{lines} 行、{len(repeated)} 个数值相同）："
            "同一张表出现两次，其数值只应计一次",
            f"{_where_en(repeated[0])} (from {first}) repeats {_where_en(original[0])} row for row ({lines} rows, "
            f"{len(repeated)} values the same): one table stated twice; count its values once",
        )


def _table_cell(row: dict) -> tuple:
    """What makes two table rows the same statement, wherever they stand."""
    return (row.get("source_label") or "", row["indicator_id"], row["district"] or "", row["year"], row["value_kind"],
            row["raw_text"], -1.0 if row["value"] is None else row["value"], row["comparator"] or "",
            _span(row)[0], row["period_start"] or 0, row["period_end"] or 0, row["target_scope"] or "")


# What each check's finding means for a comparison (schema.NOTE_BEARINGS, in reading order).
BEARING: dict[str, str] = {
    "baseline_vs_actual": "conflicting_figures",
    "reported_completion_mismatch": "conflicting_figures",
    "prose_vs_table": "conflicting_figures",
    "cumulative_part_exceeds_whole": "conflicting_figures",
    "district_sum_vs_total": "conflicting_figures",
    "table_repeated": "counted_twice",
    "actual_of_other_year": "other_year",
    "target_below_baseline": "questionable_target",
    "target_flat_on_baseline": "questionable_target",
    "milestones_not_rising": "questionable_target",
    "target_equals_actual": "questionable_target",
    "figures_differ_by_rounding": "rounding",
    "reported_completion_precision": "rounding",
}

CHECKS: tuple[Check, ...] = (
    baseline_vs_actual,
    reported_completion_mismatch,
    reported_completion_precision,
    prose_vs_table,
    target_below_baseline,
    target_equals_actual,
    actual_of_other_year,
    cumulative_part_exceeds_whole,
    district_sum_vs_total,
    target_flat_on_baseline,
    milestones_not_rising,
    figures_differ_by_rounding,
    table_repeated,
)


# ---- helpers -----------------------------------------------------------------------------------------------


def _group(rows: list[dict], keep: Callable[[dict], bool], key: Callable[[dict], tuple]) -> dict[tuple, list[dict]]:
    """Rows with a value that pass `keep`, grouped by `key` (insertion order: rows arrive sorted by source)."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        if row["value"] is not None and keep(row):
            groups[key(row)].append(row)
    return groups


def _completions(rows: list[dict]):
    """(completion row, target, actual, computed %) for every completion % whose table row gives both figures."""
    cells = {(r["source_file"], r["source_line"], r["indicator_id"], r["year"], r["value_kind"]): r
             for r in rows if r["value"] is not None}
    for pct in rows:
        if pct["value_kind"] != "reported_completion_pct" or pct["value"] is None:
            continue
        where = (pct["source_file"], pct["source_line"], pct["indicator_id"], pct["year"])
        target, actual = cells.get((*where, "target")), cells.get((*where, "actual"))
        if target is None or actual is None or not target["value"] or not actual["value"]:
            continue
        t, a = Decimal(str(target["value"])), Decimal(str(actual["value"]))
        computed = (a / t if _direction(pct) == "higher_better" else t / a) * 100
        yield pct, target, actual, computed


def _formula(target: dict, actual: dict) -> tuple[str, str]:
    if _direction(target) == "higher_better":
        return "完成值/目标值×100", "actual/target×100"
    return "目标值/完成值×100", "target/actual×100"


def _agree(a: dict, b: dict) -> bool:
    """Equal within half a unit of the last decimal shown by the less precise figure."""
    scale = max(1.0, abs(a["value"]), abs(b["value"]))
    return abs(a["value"] - b["value"]) <= max(_half_step(a), _half_step(b)) + 1e-9 * scale


def _equal(a: dict, b: dict) -> bool:
    """The same value, whatever its notation (46.70 and 46.7, 2549人 and 0.2549 万人)."""
    return abs(a["value"] - b["value"]) <= 1e-9 * max(1.0, abs(a["value"]), abs(b["value"]))


def _not_better(candidate: dict, reference: dict) -> bool:
    """`candidate` is no improvement on `reference` in the indicator's direction (equal counts as no improvement)."""
    if _equal(candidate, reference):
        return True
    if _direction(reference) == "higher_better":
        return candidate["value"] < reference["value"]
    return candidate["value"] > reference["value"]


def _at_ceiling(row: dict) -> bool:
    """A rate at 100 % where higher is better: it cannot rise."""
    return row["unit"] == "%" and _direction(row) == "higher_better" and _equal(row, {"value": 100.0})


def _half_step(row: dict) -> float:
    """Half a unit of the last decimal of the number in raw_text, in the row's unit (0 if it cannot be told)."""
    value = row["value"]
    numbers = _NUMBER.findall(row["raw_text"])
    # the number the value was read from: itself, else converted by a power of ten (2549人 -> 0.2549 万人)
    for text in sorted(numbers, key=lambda n: float(n) != value):
        number = float(text)
        scale = value / number if number else float(value == 0)
        if scale > 0 and abs(math.log10(scale) - round(math.log10(scale))) < 1e-9:
            return 0.5 * 10.0 ** -_places(text) * scale
    return 0.0


def _places(number_text: str) -> int:
    return len(number_text.split(".")[1]) if "." in number_text else 0


def _decimals(row: dict) -> int:
    numbers = _NUMBER.findall(row["raw_text"])
    return _places(numbers[0]) if numbers else 0


def _quantize(number: Decimal, places: int, rounding: str) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-places), rounding)


def _fmt(number, places: int | None = None) -> str:
    if places is not None:
        number = _quantize(Decimal(number), places, ROUND_HALF_UP)
    return f"{number:f}" if isinstance(number, Decimal) else f"{number:g}"


def _span(row: dict) -> tuple:
    return (row["span_kind"], row["period_start"], row["period_end"])


def _span_length(row: dict) -> int | str:
    """Years a total covers; `year` or `to_date` for the others (a running total has no known length)."""
    return row["period_end"] - row["period_start"] + 1 if row["span_kind"] == "total" else row["span_kind"]


def _plan_target(row: dict) -> bool:
    return row["value_kind"] == "target" and row["target_scope"] == "plan"


def _same_figure_key(row: dict) -> tuple:
    return (row["city_id"], row["district"], row["indicator_id"], row["year"], row["value_kind"], *_span(row))


def _direction(row: dict) -> str:
    return catalogue.indicators()[row["indicator_id"]].direction


def _better_words(higher: bool) -> tuple[str, str]:
    """How a finding names the indicator's direction, in Chinese and in English."""
    return ("越高越好", "higher is better") if higher else ("越低越好", "lower is better")


def _position(rows: Iterable[dict]) -> tuple:
    return min((r["source_file"], r["source_line"]) for r in rows)


def _ref(row: dict) -> str:
    """000:132 — the source file's number and the line."""
    return f"{row['source_file'][:3]}:{row['source_line']}"


def _show_en(row: dict) -> str:
    """The figure for an English sentence: bound, number and unit in English (`≤3.2%`, `77 (10k people)`,
    `22.5 (10k people, a total)`), never the Chinese unit words as written; a figure with no number as
    written, in quotes."""
    if row["value"] is None:
        return f"“{row['raw_text']}”"
    unit = row["unit"] if row["unit"] != "::" else "%"
    number = labels.symbol(row.get("comparator")) + labels.format_number(row["value"])
    words = ", ".join(filter(None, [labels.label("unit", unit, "en") if unit != "%" else "",
                                    "a total" if row.get("is_cumulative") else ""]))
    return f"{number}{'%' if unit == '%' else ''}{f' ({words})' if words else ''}"


def _show(row: dict) -> str:
    """The figure as written, with its unit when the text does not carry it (a % right after the number)."""
    text, unit = row["raw_text"], row["raw_unit"] or row["unit"]
    if unit == "::" or unit in text:
        return text
    if unit == "%":
        return _NUMBER.sub(lambda match: f"{match[0]}%", text, count=1)
    return f"{text} {unit}"


def _where_zh(row: dict) -> str:
    return row["source_table"] or "正文"


def _where_en(row: dict) -> str:
    table = row["source_table"]
    return table.replace("专栏", "table ") if table else "text"


def _cell_zh(row: dict) -> str:
    return f"{_where_zh(row)} {_KIND_ZH[row['value_kind']]} {_show(row)} ({_ref(row)})"


def _cell_en(row: dict) -> str:
    return f"{_where_en(row)} {_KIND_EN[row['value_kind']]} {_show_en(row)} ({_ref(row)})"


def _dated_zh(row: dict) -> str:
    when = _span_zh(row) if row["span_kind"] != "year" else f"{row['year']} 年"
    return f"{_where_zh(row)} {when}{_KIND_ZH[row['value_kind']]} {_show(row)} ({_ref(row)})"


def _dated_en(row: dict) -> str:
    when = _span_en(row) if row["span_kind"] != "year" else str(row["year"])
    return f"the {when} {_KIND_EN[row['value_kind']]} {_show_en(row)} ({_where_en(row)}, {_ref(row)})"


def _span_zh(row: dict) -> str:
    if row["span_kind"] == "to_date":
        return f"截至 {row['period_end']} 年累计"
    return f"{row['period_start']}-{row['period_end']} 年累计"


def _span_en(row: dict) -> str:
    if row["span_kind"] == "to_date":
        return f"running total to {row['period_end']}"
    return f"{row['period_start']}-{row['period_end']} total"


def _city(row: dict, lang: str) -> str:
    city = next((c for c in catalogue.cities() if c["city_id"] == row["city_id"]), None)
    name = city[f"name_{lang}"] if city else row["city_id"]
    return f"{name} {row['district']}" if row["district"] else name


def _name_zh(row: dict) -> str:
    return f"{_city(row, 'zh')} {catalogue.indicators()[row['indicator_id']].name_zh}"


def _name_en(row: dict) -> str:
    return f"{_city(row, 'en')}, {catalogue.indicators()[row['indicator_id']].name_en}"


def _subject_zh(row: dict) -> str:
    when = _span_zh(row) if row["span_kind"] != "year" else f"{row['year']} 年"
    return f"{_city(row, 'zh')} {when}{catalogue.indicators()[row['indicator_id']].name_zh}"


def _subject_en(row: dict) -> str:
    when = _span_en(row) if row["span_kind"] != "year" else str(row["year"])
    return f"{_name_en(row)}, {when}"
