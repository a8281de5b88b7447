"""Plan ambition and pace: how fast must a city move from its baseline to reach each target?

One row per stated target of a plan period (its own: target_scope plan) that has a baseline of the
same kind. A target the plan states twice (in a table and in its text: 95 and 95%以上) is one row,
whatever the comparators: the table's figure, the more specific comparator of the two (a bound over
about over a plain level), `also_stated_in` naming the other statements, and a note where their
figures differ. A running total to date (累计 with no stated start) has no pace.


- `pct_per_year`: compound annual growth from baseline to target, for counts and amounts;
- `pp_per_year`: percentage points a year, for rates (unit %);
- `pct_vs_previous_total`: a multi-year total target against the previous total (its baseline);
  totals over spans of different length are compared as annual averages (said in `note`).

A bound (≤ < ≥ >) gives the pace needed to reach the bound, marked `at_most` / `at_least` in
`pace_bound`; `~` (about) is `about`. A bound already met at the baseline, a target that does
not move beyond its baseline in the indicator's direction, or a pace that cannot be computed
(a zero or negative value, a total against a single year) says so in `note`.

Milestones: where the plan also sets a target for an earlier year, the even pace from the
baseline to the final target (compound or linear as the pace unit implies; a share of the
total for totals) gives `even_value` for the milestone's year; `milestone` says whether the
milestone is `ahead`, `behind` or `even` with it in the indicator's direction.

On track: where an actual exists for a year inside the plan (after the baseline, before the
final target), `on_track` is whether it is at or beyond the even-pace value for that year.

`previous_pace`: the pace the city achieved over the previous plan period, from the values the
data hold at its start and end (same pace unit), where they exist.
"""

from __future__ import annotations

import math

import pandas as pd

from analytics import aggregates, dimensions, labels, sql
from analytics.compare import years_spanned
from analytics.db import Database

PACE_UNITS = ("pct_per_year", "pp_per_year", "pct_vs_previous_total")
PACE_BOUNDS = {"<=": "at_most", "<": "at_most", ">=": "at_least", ">": "at_least", "~": "about"}
MILESTONE_TOLERANCE = 1e-6  # relative: a milestone this close to the even-pace value is `even`
# An extreme pace: beyond these (either way) a pace is computed but noted as likely a misreading
# (a unit, a scope or a baseline of another kind); the README states the same rule.
EXTREME_PACE = {"pct_per_year": 50.0, "pp_per_year": 10.0, "pct_vs_previous_total": 100.0}
# Paces in CSV/XLSX downloads: this many significant digits (Parquet keeps full precision).
EXPORT_DIGITS = 4
PACE_COLUMNS = ("pace", "previous_pace")

COLUMNS = (
    "city_id", "plan_period", "indicator_id", "name_zh", "name_en", "unit", "direction",
    "base_year", "base_value", "base_raw", "base_period_start", "base_period_end",
    "target_year", "target_value", "target_raw", "target_period_start", "target_period_end", "comparator",
    "pace", "pace_unit", "pace_bound", "previous_pace", "stated_pace", "stated_pace_raw",
    "is_milestone", "final_target_year", "final_target_value", "even_value", "milestone",
    "actual_year", "actual_value", "actual_raw", "even_value_at_actual", "on_track",
    "also_stated_in", "note", "note_zh", "note_en",
    "base_source_file", "base_source_line", "base_source_locator", "target_source_file", "target_source_line",
    "target_source_locator", "actual_source_file", "actual_source_line", "actual_source_locator",
    "base_reading", "target_reading",  # how each was read (schema.READINGS): a page marks a machine reading
)


def _cumulative(row: dict) -> bool:
    return years_spanned(row) is not None


def _to_date(row: dict) -> bool:
    return row.get("span_kind") == "to_date"


def _span_years(row: dict) -> int:
    return years_spanned(row)  # type: ignore[return-value]  (only called on totals)


def pace_between(base: dict, target: dict) -> tuple[float | None, str | None, tuple[str, str] | None]:
    """(pace, pace_unit, why-not note) from one value to another (both rows of one indicator)."""
    if _to_date(base) or _to_date(target):
        return None, None, ("截至当年的累计数（起始年未说明）不计算增速",
                            "a running total to date (start not stated): no pace")
    base_total, target_total = _cumulative(base), _cumulative(target)
    if base_total != target_total:
        return None, None, ("累计数与单年数不可比，未计算增速",
                            "a multi-year total against a single-year value: no pace")
    b, t = float(base["value"]), float(target["value"])
    if base_total:
        b_avg, t_avg = b / _span_years(base), t / _span_years(target)
        if b_avg <= 0:
            return None, "pct_vs_previous_total", ("基数不为正，无法计算变化率", "the baseline is not positive")
        return (t_avg / b_avg - 1) * 100, "pct_vs_previous_total", None
    years = int(target["year"]) - int(base["year"])
    if years <= 0:
        return None, None, ("目标年份不晚于基期", "the target year is not after the baseline year")
    if base["unit"] == "%":
        return (t - b) / years, "pp_per_year", None
    if b <= 0 or t <= 0:
        return None, "pct_per_year", ("数值不为正，无法计算复合增速", "a value is not positive: no compound growth")
    return ((t / b) ** (1 / years) - 1) * 100, "pct_per_year", None


def even_value(base: dict, final: dict, pace_unit: str, year: int, span_years: int | None = None) -> float | None:
    """The value an even pace from `base` to `final` gives for `year` (or, for totals, for a
    total over the first `span_years` years of the final target's span)."""
    b, f = float(base["value"]), float(final["value"])
    if pace_unit == "pct_vs_previous_total":
        return f * span_years / _span_years(final) if span_years else None
    elapsed, whole = year - int(base["year"]), int(final["year"]) - int(base["year"])
    if whole <= 0:
        return None
    if pace_unit == "pp_per_year":
        return b + (f - b) * elapsed / whole
    return b * (f / b) ** (elapsed / whole)


def _beyond(value: float, reference: float, direction: str) -> int:
    """+1 if value is beyond reference in the indicator's good direction, -1 if short of it, 0 if equal."""
    if math.isclose(value, reference, rel_tol=MILESTONE_TOLERANCE, abs_tol=1e-9):
        return 0
    better = value > reference if direction != "lower_better" else value < reference
    return 1 if better else -1


def is_extreme(pace_value: float | None, pace_unit: str | None) -> bool:
    """Whether a pace is beyond EXTREME_PACE for its unit (either way)."""
    if pace_value is None or pace_unit not in EXTREME_PACE or pd.isna(pace_value):
        return False
    return abs(float(pace_value)) > EXTREME_PACE[pace_unit]


def extreme_rule(pace_unit: str, lang: str) -> str:
    """The extreme-pace rule for one unit: `±50 %/年（复合增速）` / `±50 %/yr (compound)`."""
    return f"±{labels.format_number(EXTREME_PACE[pace_unit])} {labels.label('pace_unit', pace_unit, lang)}"


def _extreme_note(pace_value: float | None, pace_unit: str | None) -> tuple[str, str] | None:
    if not is_extreme(pace_value, pace_unit):
        return None
    return (f"速度异常（超过{extreme_rule(pace_unit, 'zh')}）：请核对基期与目标的单位和口径",
            f"an extreme pace (beyond {extreme_rule(pace_unit, 'en')}): check the baseline and the target "
            "(unit, scope)")


def _notes(base: dict, target: dict) -> list[tuple[str, str]]:
    notes = []
    b, t, comparator, direction = float(base["value"]), float(target["value"]), target["comparator"], \
        target["direction"]
    step = _beyond(t, b, direction) if not _cumulative(target) else 0
    if comparator in ("<=", "<", ">=", ">"):
        satisfied = {"<=": b <= t, "<": b < t, ">=": b >= t, ">": b > t}[comparator]
        if satisfied and not _cumulative(target):
            notes.append(("基期值已满足该界限", "the bound is already met at the baseline"))
    elif step == 0 and not _cumulative(target):
        notes.append(("目标与基期值持平", "the target equals the baseline (a flat target)"))
    elif step < 0:
        notes.append(("目标低于基期值（按指标方向）", "the target is below the baseline in the indicator's direction"))
    return notes


def _baseline_for(target: dict, baselines: list[dict]) -> dict | None:
    """The plan's baseline for a target: same indicator and kind (total or single year), the
    latest before the target year; a single-year baseline for a single-year target first."""
    same_kind = [b for b in baselines if _cumulative(b) == _cumulative(target) and int(b["year"]) < int(target["year"])]
    pool = same_kind or [b for b in baselines if int(b["year"]) < int(target["year"])]
    return max(pool, key=lambda b: int(b["year"])) if pool else None


def _previous_pace(base: dict, values: list[dict], starts: dict[int, int], pace_unit: str | None) -> float | None:
    """The pace achieved over the plan period that ended at the baseline year, where the data
    hold its start (baseline or actual) and its end (this baseline). `starts`: each plan
    period's first year by its last year."""
    if pace_unit is None or int(base["year"]) not in starts:
        return None
    start_year = starts[int(base["year"])] - 1
    for row in values:
        if row["value_kind"] == "target" or _cumulative(row) != _cumulative(base):
            continue
        if _cumulative(base):
            if int(row["period_end"]) != int(base["period_start"]) - 1:
                continue
        elif int(row["year"]) != start_year:
            continue
        pace, unit, _ = pace_between(row, base)
        if unit == pace_unit and pace is not None:
            return pace
    return None


def pace(db: Database, city_id: str, plan_period: str, lang: str = "en") -> pd.DataFrame:
    """The pace of every target of `city_id`'s `plan_period` plan that has a baseline
    (`note` in `lang`; `note_zh` and `note_en` both). Computed once per process for all of the city's
    plan periods from one read of its values (Database.derived, by city and plan period): a page run
    after the first pays for a copy of the rows it shows."""
    dimensions.check_lang(lang)
    dimensions.check_city(db, city_id)
    dimensions.check_plan_period(db, plan_period)
    frame = db.derived(f"pace|{city_id}|{plan_period}", lambda: _city_paces(db, city_id)[plan_period]).copy()
    frame["note"] = frame[f"note_{lang}"]
    return frame


def _city_paces(db: Database, city_id: str) -> dict[str, pd.DataFrame]:
    """Every plan period's pace frame of `city_id` (`note` left empty), each also memoised by `pace`'s key."""
    values = db.rows(sql.PACE_VALUES, {"city_id": city_id})
    periods = dimensions.plan_periods(db)
    # The first plan period ending in a year (as the frame's first row did), looked up per target.
    starts: dict[int, int] = {}
    for end_year, start_year in zip(periods["end_year"], periods["start_year"], strict=True):
        starts.setdefault(int(end_year), int(start_year))
    by_indicator: dict[str, list[dict]] = {}
    for row in values:
        if _to_date(row) and row["value_kind"] != "target":
            continue  # a running total to date is no baseline, actual or pace of any target
        by_indicator.setdefault(row["indicator_id"], []).append(row)
    frames = {}
    for plan_period in dimensions.plan_period_ids(db):
        frame = _period_paces(city_id, plan_period, by_indicator, starts)
        frames[plan_period] = db.derived(f"pace|{city_id}|{plan_period}", lambda frame=frame: frame)
    return frames


def _period_paces(city_id: str, plan_period: str, by_indicator: dict[str, list[dict]],
                  starts: dict[int, int]) -> pd.DataFrame:
    out = []
    for rows in by_indicator.values():
        in_plan = [r for r in rows if r["plan_period"] == plan_period]
        baselines = [r for r in in_plan if r["value_kind"] == "baseline"]
        targets = _unique_targets([r for r in in_plan if r["value_kind"] == "target"
                                   and r.get("target_scope", "plan") == "plan"])
        # The plan's own pace target (年均增长（%）) stands beside the pace its figures require.
        stated = next((r for r in in_plan if r["value_kind"] == "target_growth_pct"), None)
        for target in targets:
            base = _baseline_for(target, baselines)
            if base is None:
                continue
            row = _row(city_id, plan_period, base, target, targets, rows, starts)
            if stated is not None:
                row.update(stated_pace=float(stated["value"]), stated_pace_raw=stated["raw_text"])
            out.append(row)
    frame = pd.DataFrame(out, columns=list(COLUMNS))
    for column in _FLOATS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame.sort_values(["indicator_id", "target_year"], kind="stable").reset_index(drop=True)


_FLOATS = ("base_value", "target_value", "pace", "previous_pace", "stated_pace", "final_target_value", "even_value",
           "actual_value", "even_value_at_actual")


# How specific a comparator is: a bound says more than "about", which says more than a plain figure.
_SPECIFIC = {"<=": 2, "<": 2, ">=": 2, ">": 2, "~": 1, "=": 0, None: 0}


def target_key(row: dict) -> tuple:
    """What makes two target rows one stated target (for one city, indicator and plan): year, span, scope."""
    return (int(row["year"]), row.get("span_kind") or ("total" if row.get("is_cumulative") else "year"),
            row.get("period_start"), row.get("target_scope") or "plan")


def unique_targets(targets: list[dict]) -> list[dict]:
    """One row per stated target (target_key): the first row (tables before prose, as the query sorts) with the
    most specific comparator any statement of it gives, `also_stated_in` listing the other statements
    ("95%以上 (003_….txt:40)") and `differs` whether their figures differ from the kept one."""
    groups: dict[tuple, list[dict]] = {}
    for row in targets:
        groups.setdefault(target_key(row), []).append(row)
    unique = []
    for first, *others in groups.values():
        kept = dict(first)
        sharper = max([first, *others], key=lambda r: _SPECIFIC.get(r["comparator"], 0))
        if _SPECIFIC.get(sharper["comparator"], 0) > _SPECIFIC.get(first["comparator"], 0) and \
                math.isclose(float(sharper["value"]), float(first["value"])):
            kept["comparator"] = sharper["comparator"]
        kept["also_stated_in"] = [f"{r['raw_text']} ({r['source_file']}:{r['source_line']})" for r in others]
        kept["differs"] = [r for r in others if not math.isclose(float(r["value"]), float(first["value"]))]
        unique.append(kept)
    return unique


_unique_targets = unique_targets


def _row(city_id: str, plan_period: str, base: dict, target: dict, targets: list[dict], rows: list[dict],
         starts: dict[int, int]) -> dict:
    value, unit, why_not = pace_between(base, target)
    notes = [why_not] if why_not else _notes(base, target)
    extreme = _extreme_note(value, unit)
    if extreme:
        notes.insert(0, extreme)
    if target.get("differs"):
        stated = "、".join(f"{r['raw_text']} ({r['source_file']}:{r['source_line']})" for r in target["differs"])
        stated_en = ", ".join(f"{r['raw_text']} ({r['source_file']}:{r['source_line']})" for r in target["differs"])
        notes.append((f"同一目标另有不同写法：{stated}", f"the same target is also stated differently: {stated_en}"))
    if unit == "pct_vs_previous_total" and _span_years(base) != _span_years(target) and value is not None:
        years, base_years = _span_years(target), _span_years(base)
        notes.append((f"按年均值比较（{years}年累计对{base_years}年累计）",
                      f"compared as annual averages ({years}-year against {base_years}-year total)"))
    finals = [t for t in targets if _cumulative(t) == _cumulative(target) and int(t["year"]) > int(target["year"])]
    final = max(finals, key=lambda t: int(t["year"])) if finals else None
    row = {
        "city_id": city_id, "plan_period": plan_period, "indicator_id": target["indicator_id"],
        "name_zh": target["name_zh"], "name_en": target["name_en"], "unit": target["unit"],
        "direction": target["direction"],
        "base_year": int(base["year"]), "base_value": float(base["value"]), "base_raw": base["raw_text"],
        "base_period_start": base["period_start"], "base_period_end": base["period_end"],
        "target_year": int(target["year"]), "target_value": float(target["value"]), "target_raw": target["raw_text"],
        "target_period_start": target["period_start"], "target_period_end": target["period_end"],
        "comparator": target["comparator"], "pace": value, "pace_unit": unit,
        "also_stated_in": "; ".join(target.get("also_stated_in") or []) or None,
        "pace_bound": PACE_BOUNDS.get(target["comparator"]),
        "previous_pace": _previous_pace(base, rows, starts, unit),
        "stated_pace": None, "stated_pace_raw": None,
        "is_milestone": final is not None, "final_target_year": None, "final_target_value": None,
        "even_value": None, "milestone": None,
        "actual_year": None, "actual_value": None, "actual_raw": None, "even_value_at_actual": None, "on_track": None,
        "base_source_file": base["source_file"], "base_source_line": base["source_line"],
        "base_source_locator": base["source_locator"],
        "target_source_file": target["source_file"], "target_source_line": target["source_line"],
        "target_source_locator": target["source_locator"],
        "actual_source_file": None, "actual_source_line": None, "actual_source_locator": None,
        "base_reading": base.get("reading"), "target_reading": target.get("reading"),
    }
    if final is not None and unit is not None and pace_between(base, final)[0] is not None:
        span = _span_years(target) if _cumulative(target) else None
        even = even_value(base, final, unit, int(target["year"]), span)
        row.update(final_target_year=int(final["year"]), final_target_value=float(final["value"]), even_value=even)
        if even is not None:
            position = _beyond(float(target["value"]), even, target["direction"])
            row["milestone"] = {1: "ahead", -1: "behind", 0: "even"}[position]
    elif final is None and unit in ("pct_per_year", "pp_per_year") and value is not None:
        _track(row, base, target, rows, unit)
    row["note_zh"] = "；".join(note[0] for note in notes) or None
    row["note_en"] = "; ".join(note[1] for note in notes) or None
    return row


def _track(row: dict, base: dict, target: dict, rows: list[dict], unit: str) -> None:
    """The latest single-year actual inside the plan, against the even pace for its year."""
    inside = [r for r in rows if r["value_kind"] == "actual" and not _cumulative(r)
              and int(base["year"]) < int(r["year"]) < int(target["year"])]
    if not inside:
        return
    actual = max(inside, key=lambda r: (int(r["year"]), r["source_table"] is not None))
    even = even_value(base, target, unit, int(actual["year"]))
    row.update(actual_year=int(actual["year"]), actual_value=float(actual["value"]), actual_raw=actual["raw_text"],
               even_value_at_actual=even, actual_source_file=actual["source_file"],
               actual_source_locator=actual["source_locator"],
               actual_source_line=actual["source_line"],
               on_track=_beyond(float(actual["value"]), even, target["direction"]) >= 0)


def span_label(row: dict, side: str, lang: str) -> str:
    """`2020`, or `2016–2020` for a total (labels.format_span): what a pace row's baseline or
    target (`side`) covers."""
    start, end = row[f"{side}_period_start"], row[f"{side}_period_end"]
    if start is None or pd.isna(start):
        return str(int(row[f"{side}_year"]))
    return labels.format_span(start, end, lang)


def pace_cities(db: Database, plan_period: str, city_ids: list[str] | None = None, lang: str = "en") -> pd.DataFrame:
    """The pace rows of every chosen city (all by default) for one plan period."""
    dimensions.check_plan_period(db, plan_period)
    chosen = dimensions.check_cities(db, city_ids) or dimensions.city_ids(db)
    frames = [frame for frame in (pace(db, city_id, plan_period, lang) for city_id in chosen) if not frame.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))


def shared_paces(rows: pd.DataFrame) -> pd.DataFrame:
    """Final targets (no milestones) with a pace, on indicators at least two cities share in the
    same pace unit: the ambition comparison."""
    final = rows[~rows["is_milestone"].astype(bool) & rows["pace"].notna()]
    # One target per city and indicator: a plain one before a bound stated for the same year.
    final = final.assign(_plain=final["comparator"] != "=").sort_values(
        ["indicator_id", "city_id", "_plain", "target_year"], ascending=[True, True, True, False], kind="stable")
    final = final.drop_duplicates(["indicator_id", "city_id", "pace_unit"]).drop(columns="_plain")
    counts = final.groupby(["indicator_id", "pace_unit"])["city_id"].transform("nunique")
    return final[counts >= 2].reset_index(drop=True)


def ambition(shared: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """One indicator's final-target paces, most ambitious first: fastest in the indicator's good
    direction (the steepest fall for a lower-is-better rate)."""
    rows = shared[shared["indicator_id"] == indicator_id].copy()
    sign = [-1.0 if direction == "lower_better" else 1.0 for direction in rows["direction"]]
    rows["ambition"] = rows["pace"].astype("float64") * pd.Series(sign, index=rows.index, dtype="float64")
    return rows.sort_values(["ambition", "city_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def ambition_verdict(ranked: pd.DataFrame, lang: str, city_names: dict[str, str], focus: str | None = None
                     ) -> str | None:
    """E.g. "Urban new jobs: Jingdezhen plans the fastest rise, +1.2 %/yr (compound); then Jiangmen …".
    Worded in the indicator's direction: a pace against it is "plans a decline" (a rise, for a
    lower-is-better rate), never "the most ambitious". More than labels.LISTED_CITIES cities: the
    leader, `focus` (the reader's first chosen city) and the laggard are named, the rest counted."""
    if ranked.empty:
        return None
    zh = lang == "zh"
    records = ranked.to_dict("records")
    first = records[0]
    name = first[f"name_{lang}"]
    lower_better = first["direction"] == "lower_better"
    ids = [row["city_id"] for row in records]
    named = labels.named_cities(ids, focus if focus in ids else ids[0])

    def pace_of(row: dict) -> str:
        return labels.format_pace(row["pace"], row["pace_unit"], row["pace_bound"], lang)

    def against(row: dict) -> bool:
        return float(row["ambition"]) < 0

    def say(row: dict) -> str:
        city = city_names[row["city_id"]]
        if not against(row):
            return f"{city} {pace_of(row)}"
        word = ("计划上升" if lower_better else "计划下降") if zh else ("plans a rise" if lower_better else
                                                                  "plans a decline")
        return f"{city}{word}，{pace_of(row)}" if zh else f"{city} {word}, {pace_of(row)}"

    lead = city_names[first["city_id"]]
    if against(first):  # every city plans to move against the indicator's direction
        lead_text = (f"所选城市均计划{'上升' if lower_better else '下降'}，{lead}幅度最小，{pace_of(first)}" if zh
                     else f"every chosen city plans a {'rise' if lower_better else 'decline'}; {lead} the "
                          f"smallest, {pace_of(first)}")
    elif float(first["ambition"]) == 0:
        lead_text = f"{lead}计划持平，{pace_of(first)}" if zh else f"{lead} plans to hold the level, {pace_of(first)}"
    else:
        lead_text = (f"{lead}的目标最积极（{'降幅最大' if lower_better else '增幅最大'}），{pace_of(first)}" if zh
                     else f"{lead} plans the fastest {'fall' if lower_better else 'rise'}, {pace_of(first)}")
    others = [say(row) for row in records[1:] if row["city_id"] in named]
    more = len(ids) - len(named)
    if zh:
        text = f"{name}：{lead_text}" + (f"；其后为{'、'.join(others)}" if others else "")
        return text + (f"；另有{more}个城市" if more else "") + "。"
    text = f"{name}: {lead_text}" + (f"; then {', '.join(others)}" if others else "")
    return text + (f"; and {more} more cities" if more else "") + "."


_NO_PACE = {
    "no_values": ("规划未设该指标", "the plan sets no figure for this indicator"),
    "no_number": ("目标没有数值（{raw}）", "its target has no number ({raw})"),
    "annual_only": ("只有年度目标，没有规划期目标", "only annual targets, no target for the plan"),
    "no_target": ("有基期值但没有带数值的目标", "a baseline but no target with a number"),
    "no_baseline": ("有目标但没有基期值", "a target but no baseline"),
    "no_baseline_before": ("没有早于目标年份的基期值", "no baseline before the target year"),
    "other_unit": ("速度单位不同（{unit}），不与其他城市比较", "its pace is in another unit ({unit}), not compared"),
    "alone": ("其他城市没有同单位的速度可比", "no other city has a pace in the same unit"),
}


def no_pace_reasons(db: Database, plan_period: str, indicator_id: str, city_ids: list[str], rows: pd.DataFrame,
                    ranked: pd.DataFrame, lang: str) -> dict[str, str]:
    """Why each of `city_ids` that is not in `ranked` (one indicator's ambition ranking) has no
    pace there, in `lang`, from the data: its pace rows (`rows`, pace_cities) give a pace that
    could not be computed (the row's note: a total against a single year, a running total …) or one
    in another unit; without a pace row, what the plan holds for the indicator (no figure, a target
    without a number, only annual targets, no target, no baseline). City order as given."""
    dimensions.check_lang(lang)
    index = 0 if lang == "zh" else 1
    missing = [c for c in dict.fromkeys(city_ids) if c not in set(ranked["city_id"])]
    if not missing:
        return {}
    units = set(ranked["pace_unit"].dropna())
    mine = rows[rows["indicator_id"] == indicator_id]
    held = {row["city_id"]: row for row in db.rows(sql.NO_PACE_VALUES, {
        "indicator_id": indicator_id, "plan_period": plan_period, "city_ids": missing})}

    def say(key: str, **values: str) -> str:
        return _NO_PACE[key][index].format(**values)

    reasons = {}
    for city_id in missing:
        own = mine[(mine["city_id"] == city_id) & ~mine["is_milestone"].astype(bool)]
        failed = own[own["pace"].isna()]
        paced = own[own["pace"].notna()]
        if not paced.empty:
            unit = paced["pace_unit"].iloc[0]
            reasons[city_id] = say("other_unit", unit=labels.label("pace_unit", unit, lang)) \
                if units and unit not in units else say("alone")
        elif not failed.empty:
            note = failed[f"note_{lang}"].dropna()
            reasons[city_id] = note.iloc[0] if not note.empty else say("no_values")
        else:
            found = held.get(city_id)
            if found is None:
                reasons[city_id] = say("no_values")
            elif found["targets"] and found["baselines"]:
                reasons[city_id] = say("no_baseline_before")
            elif found["targets"]:
                reasons[city_id] = say("no_baseline")
            elif found["annual_targets"]:
                reasons[city_id] = say("annual_only")
            elif found["target_without_number"] is not None:
                reasons[city_id] = say("no_number", raw=str(found["target_without_number"]))
            elif found["baselines"]:
                reasons[city_id] = say("no_target")
            else:
                reasons[city_id] = say("no_values")
    return reasons


def extreme_paces(ranked: pd.DataFrame) -> pd.DataFrame:
    """The rows of `ranked` (or any pace rows) whose pace is extreme (is_extreme)."""
    mask = [is_extreme(p, u) for p, u in zip(ranked["pace"], ranked["pace_unit"], strict=True)]
    return ranked[pd.Series(mask, index=ranked.index, dtype=bool)]


def for_spreadsheet(rows: pd.DataFrame) -> pd.DataFrame:
    """Pace rows as CSV/XLSX downloads write them: the paces (PACE_COLUMNS) rounded to
    EXPORT_DIGITS significant digits (`-0.23999999999999963` -> `-0.24`); Parquet keeps `rows`."""
    out = rows.copy()
    for column in PACE_COLUMNS:
        if column in out:
            out[column] = out[column].map(_significant).astype("float64")
    return out


def _significant(value: object) -> float:
    if value is None or pd.isna(value):
        return math.nan
    number = float(value)
    if number == 0 or not math.isfinite(number):
        return number
    return round(number, EXPORT_DIGITS - 1 - math.floor(math.log10(abs(number))))


def default_cities(db: Database, plan_period: str) -> list[str]:
    """The cities the ambition comparison of `plan_period` starts with: see
    dimensions.default_cities (the first few whose plan has a baseline and a target)."""
    dimensions.check_plan_period(db, plan_period)
    scope = aggregates.with_machine(db.readings)
    if scope is None:
        return dimensions.default_cities(
            db, [row["city_id"] for row in db.rows(sql.PACE_CITIES, {"plan_period": plan_period})])
    return dimensions.default_cities(db, [row["city_id"] for row in db.rows(sql.PACE_CITIES_FROM_AGGREGATE, {
        "with_machine": scope, "plan_period": plan_period, "n": dimensions.DEFAULT_CITY_COUNT})])


def default_period(db: Database) -> str | None:
    """The plan period with the most indicators that two or more of its default cities (those
    the page starts with) can be compared on: the cost follows what the page shows, not the
    number of cities. Chosen once per process (Database.derived)."""
    return db.derived("pace_default_period", lambda: _default_period(db))


def _default_period(db: Database) -> str | None:
    best, best_count = None, -1
    for period in dimensions.plan_period_ids(db):
        chosen = default_cities(db, period)
        count = shared_paces(pace_cities(db, period, chosen))["indicator_id"].nunique() if chosen else 0
        if count > best_count:
            best, best_count = period, count
    return best
