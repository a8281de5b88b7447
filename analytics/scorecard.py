"""Targets vs achievements: was each end-of-plan target met?

`assess` is the rule, a pure function of the two values. The scorecards apply it set-wise:
`sql.SCORECARD_ROWS` finds, for every city and plan period asked for in one pass, each target
and the actual that answers it, and judges the pair as `assess` does (tests/test_scorecard_sql.py
holds the two to the same answers on every case); Python only types the rows it returns.

The rule (documented for the Sources & method page):
- A target states a condition on the true value x: `<=t` x ≤ t, `<t` x < t, `>=t` x ≥ t,
  `>t` x > t; a plain `=t` is a level to reach in the indicator's direction (x ≥ t when
  higher is better, x ≤ t when lower is better); `~t` (左右/约) is met within ±5 % of t or
  better in the indicator's direction (x ≥ 0.95·t, resp. x ≤ 1.05·t).
- An actual is a point, unless stated as a bound (`2.4 以内` = x ≤ 2.4, `85%以上` = x ≥ 85):
  then it is met when every x the bound allows meets the target, not met when none does,
  and not comparable ("bound vs bound") when it could be on either side. `约x` counts as x.
- Not comparable, with a reason: no number on either side (text or —), different units,
  a multi-year total against a single year, a running total to date (累计 with no stated start)
  against anything but another, totals over different spans.
- Only a plan's own targets are judged (target_scope plan); a year's control target an annual
  report sets (target_scope annual) is listed beside it, as such, never judged.
- ratio_pct = actual/target·100 (higher is better) or target/actual·100 (lower is better),
  only for a met/not-met decision between two plain values (`=` or `~`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analytics import aggregates, dimensions, labels, sql
from analytics.db import Database

STATUSES = ("met", "not_met", "not_comparable", "no_actual")
APPROX_TOLERANCE = 0.05  # ±5 % for a `~` (左右) target
DISAGREEMENT_POINTS = 0.5  # reported vs computed completion, in percentage points
_DECIDED = ("met", "not_met")
_PLAIN = (None, "=", "~")


@dataclass(frozen=True)
class Assessment:
    status: str  # met | not_met | not_comparable | no_actual
    reason: str  # a code of analytics.labels.REASONS
    ratio_pct: float | None = None


@dataclass(frozen=True)
class _Interval:
    lo: float
    lo_open: bool
    hi: float
    hi_open: bool


def _clean(number: float) -> float:
    return number if math.isinf(number) else round(number, 9)  # 4.5 * 1.05 must equal 4.725


def _target_interval(value: float, comparator: str | None, direction: str) -> _Interval:
    higher = direction != "lower_better"
    if comparator in (None, "="):
        return _Interval(value, False, math.inf, True) if higher else _Interval(-math.inf, True, value, False)
    if comparator == "~":
        slack = abs(value) * APPROX_TOLERANCE
        return (_Interval(_clean(value - slack), False, math.inf, True) if higher
                else _Interval(-math.inf, True, _clean(value + slack), False))
    return _bound_interval(value, comparator)


def _bound_interval(value: float, comparator: str | None) -> _Interval:
    if comparator == "<=":
        return _Interval(-math.inf, True, value, False)
    if comparator == "<":
        return _Interval(-math.inf, True, value, True)
    if comparator == ">=":
        return _Interval(value, False, math.inf, True)
    if comparator == ">":
        return _Interval(value, True, math.inf, True)
    return _Interval(value, False, value, False)  # = and ~ : the stated number


def _contains(outer: _Interval, inner: _Interval) -> bool:
    lower = inner.lo > outer.lo or (inner.lo == outer.lo and (not outer.lo_open or inner.lo_open))
    upper = inner.hi < outer.hi or (inner.hi == outer.hi and (not outer.hi_open or inner.hi_open))
    return lower and upper


def _disjoint(a: _Interval, b: _Interval) -> bool:
    if a.lo != b.lo:
        lo, lo_open = (a.lo, a.lo_open) if a.lo > b.lo else (b.lo, b.lo_open)
    else:
        lo, lo_open = a.lo, a.lo_open or b.lo_open
    if a.hi != b.hi:
        hi, hi_open = (a.hi, a.hi_open) if a.hi < b.hi else (b.hi, b.hi_open)
    else:
        hi, hi_open = a.hi, a.hi_open or b.hi_open
    return lo > hi or (lo == hi and (lo_open or hi_open))


def _decided_reason(status: str, comparator: str | None) -> str:
    if comparator in (None, "="):
        return "reached" if status == "met" else "short_of_target"
    if comparator == "~":
        return "within_approx" if status == "met" else "outside_approx"
    return "within_bound" if status == "met" else "violates_bound"


def assess(
    target_value: float | None,
    target_comparator: str | None,
    target_cumulative: bool | str,  # or a span kind: year | total | to_date
    target_span: tuple[int, int] | None,
    actual_value: float | None,
    actual_comparator: str | None,
    actual_cumulative: bool | str,
    actual_span: tuple[int, int] | None,
    direction: str,
    target_unit: str | None,
    actual_unit: str | None,
    *,
    has_actual: bool | None = None,
) -> Assessment:
    """Judge one target against one actual (see the module docstring for the rule).

    has_actual: whether an actual row exists at all. By default a null actual_value means
    "no actual" (status no_actual); pass True when a row exists whose value is text or —
    (status not_comparable, reason actual_no_value).
    """
    if target_value is None or _is_nan(target_value):
        return Assessment("not_comparable", "target_no_value")
    actual_missing = actual_value is None or _is_nan(actual_value)
    if actual_missing and not has_actual:
        return Assessment("no_actual", "no_actual")
    if actual_missing:
        return Assessment("not_comparable", "actual_no_value")
    if target_unit and actual_unit and target_unit != actual_unit:
        return Assessment("not_comparable", "unit_mismatch")
    target_kind, actual_kind = _span_kind(target_cumulative), _span_kind(actual_cumulative)
    if target_kind != actual_kind:
        reason = "to_date_total" if "to_date" in (target_kind, actual_kind) else "cumulative_vs_annual"
        return Assessment("not_comparable", reason)
    if target_span and actual_span and tuple(target_span) != tuple(actual_span):
        return Assessment("not_comparable", "span_mismatch")

    wanted = _target_interval(float(target_value), target_comparator, direction)
    stated = _bound_interval(float(actual_value), actual_comparator if actual_comparator != "~" else "=")
    if _contains(wanted, stated):
        status = "met"
    elif _disjoint(wanted, stated):
        status = "not_met"
    else:
        return Assessment("not_comparable", "bound_vs_bound")
    ratio = None
    if target_comparator in _PLAIN and actual_comparator in _PLAIN:
        ratio = _ratio(float(target_value), float(actual_value), direction)
    return Assessment(status, _decided_reason(status, target_comparator), ratio)


def _span_kind(cumulative: bool | str) -> str:
    """A span kind (schema.SPAN_KINDS) as given, or `total` / `year` for a bool (cumulative or not)."""
    if isinstance(cumulative, str):
        return cumulative
    return "total" if cumulative else "year"


def _ratio(target: float, actual: float, direction: str) -> float | None:
    if direction == "lower_better":
        return target / actual * 100 if actual else None
    return actual / target * 100 if target else None


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


# ---- the scorecard of one city and plan period ----------------------------------------------

COLUMNS = (
    "city_id", "plan_period", "indicator_id", "name_zh", "name_en", "category", "unit", "direction",
    "target_raw", "actual_raw", "target", "actual", "comparator", "actual_comparator",
    "target_cumulative", "actual_cumulative", "target_year", "actual_year", "period_start", "period_end",
    "actual_period_start", "actual_period_end",
    "status", "reason", "reason_zh", "reason_en", "ratio_pct",
    "reported_completion_pct", "reported_completion_raw", "completion_disagrees", "attribute",
    "actual_source", "actual_kind", "alternatives", "target_alternatives",
    "source_file", "source_line", "source_locator", "source_table", "quote",
    "actual_source_file", "actual_source_line", "actual_source_locator", "actual_source_table", "actual_quote",
    "reported_source_file", "reported_source_line", "target_obs_id", "actual_obs_id",
    "target_reading", "actual_reading",
)


def scorecard(db: Database, city_id: str, plan_period: str) -> pd.DataFrame:
    """One row per indicator with an end-of-plan target for this city and plan period."""
    dimensions.check_city(db, city_id)
    return period_scorecards(db, plan_period, [city_id])


def _card_query(result: str, plan_periods: list[str], city_ids: list[str] | None) -> tuple[str, dict]:
    """The statement and parameters for the scorecards of `plan_periods` and `city_ids` (None: every city)."""
    params = {"plan_periods": plan_periods, "tolerance": APPROX_TOLERANCE}
    if city_ids is not None:
        params["city_ids"] = city_ids
    statements = {("rows", False): sql.SCORECARD_ROWS, ("rows", True): sql.SCORECARD_ROWS_OF_CITIES,
                  ("status_counts", False): sql.SCORECARD_STATUS_COUNTS,
                  ("status_counts", True): sql.SCORECARD_STATUS_COUNTS_OF_CITIES}
    return statements[(result, city_ids is not None)], params


def _cards(db: Database, plan_periods: list[str], city_ids: list[str] | None) -> pd.DataFrame:
    """The scorecard rows of sql.SCORECARD_ROWS as a typed frame, with what only Python says
    the same way everywhere: the ratio rounded as Python rounds, the reasons' texts, the
    disagreement with the reported completion. Column-wise: no Python object per row."""
    df = db.query(*_card_query("rows", plan_periods, city_ids))
    ratio = df.pop("ratio").astype("float64")
    df["ratio_pct"] = [round(value, 2) if not math.isnan(value) else math.nan for value in ratio]
    reported = df["reported_completion_pct"].astype("float64")
    df["completion_disagrees"] = (reported - ratio).abs() > DISAGREEMENT_POINTS  # False where either is missing
    for lang in ("zh", "en"):
        texts = {reason: labels.reason_text(reason, lang, APPROX_TOLERANCE * 100) for reason in df["reason"].unique()}
        df[f"reason_{lang}"] = df["reason"].map(texts)
    for column in ("alternatives", "target_alternatives"):
        df[column] = [list(values) for values in df[column]]
    return dimensions.typed(df, COLUMNS)


def scorecard_pairs(db: Database) -> list[tuple[str, str]]:
    """(city, plan period) pairs that have at least one end-of-plan target, in display order."""
    return [(row["city_id"], row["plan_period"]) for row in db.rows(sql.SCORECARD_PAIRS)]


def period_scorecards(db: Database, plan_period: str, city_ids: list[str] | None = None) -> pd.DataFrame:
    """Every city's scorecard for one plan period (or only those of `city_ids`), concatenated
    (cities in display order): one SQL pass for all of them."""
    dimensions.check_plan_period(db, plan_period)
    return _cards(db, [plan_period], dimensions.check_cities(db, city_ids) if city_ids else None)


# ---- defaults of the pages: from the data, never a fixed city or plan period ------------------

def _coverage(db: Database) -> list[dict]:
    return db.rows(sql.SCORECARD_COVERAGE)


def default_period(db: Database) -> str:
    """The plan period a page starts with: the latest whose targets some city's actual values
    answer (so its scorecards have statuses to show); else the latest with targets; else the
    latest plan period. From the aggregate city_periods (a scan only for readings it does not hold)."""
    periods = dimensions.plan_period_ids(db)
    scope = aggregates.with_machine(db.readings)
    rows = (_coverage(db) if scope is None else
            [{"plan_period": row["plan_period"], "n_answered": row["answered"]}
             for row in db.rows(sql.SCORECARD_PERIODS_FROM_AGGREGATE, {"with_machine": scope})])
    for wanted in ({row["plan_period"] for row in rows if row["n_answered"]}, {row["plan_period"] for row in rows}):
        latest = [period for period in periods if period in wanted]
        if latest:
            return latest[-1]
    return periods[-1]


def default_city(db: Database, plan_period: str) -> str:
    """The city the scorecard page starts with for `plan_period`: the one whose targets of that
    plan actual values answer most often (the scorecard with the most statuses to show; ties:
    the first in display order); else the first with targets; else the first city."""
    dimensions.check_plan_period(db, plan_period)
    scope = aggregates.with_machine(db.readings)
    if scope is not None:
        first = db.rows(sql.SCORECARD_CITIES_FROM_AGGREGATE, {"with_machine": scope, "plan_period": plan_period,
                                                               "by_answered": True, "n": 1})
        return first[0]["city_id"] if first else dimensions.city_ids(db)[0]
    rows = [row for row in _coverage(db) if row["plan_period"] == plan_period]  # in display order
    answered = [row for row in rows if row["n_answered"]]
    if answered:
        return max(answered, key=lambda row: row["n_answered"])["city_id"]  # max keeps the first of a tie
    return rows[0]["city_id"] if rows else dimensions.city_ids(db)[0]


def default_cities(db: Database, plan_period: str) -> list[str]:
    """The cities a side-by-side view of `plan_period` scorecards starts with: see
    dimensions.default_cities (the first few with targets in that plan)."""
    dimensions.check_plan_period(db, plan_period)
    scope = aggregates.with_machine(db.readings)
    if scope is None:
        return dimensions.default_cities(
            db, [city_id for city_id, period in scorecard_pairs(db) if period == plan_period])
    return dimensions.default_cities(db, [row["city_id"] for row in db.rows(
        sql.SCORECARD_CITIES_FROM_AGGREGATE, {"with_machine": scope, "plan_period": plan_period,
                                              "by_answered": False, "n": dimensions.DEFAULT_CITY_COUNT})])


def status_counts(cards: pd.DataFrame) -> pd.DataFrame:
    """Counts per city × plan period × status of scorecard rows (every status listed, zeros included)."""
    rows = []
    for (city_id, plan_period), card in cards.groupby(["city_id", "plan_period"], sort=False):
        counts = card["status"].value_counts()
        rows.extend({"city_id": city_id, "plan_period": plan_period, "status": status,
                     "n": int(counts.get(status, 0))} for status in STATUSES)
    return dimensions.frame(rows, ("city_id", "plan_period", "status", "n"))


def status_count_table(counts: pd.DataFrame, city_names: dict[str, str], status_names: dict[str, str],
                       lang: str) -> pd.DataFrame:
    """`status_counts` as a table (the status-count chart's text alternative): a row per city,
    a column per status (named in `status_names`, in STATUSES order) and the number of targets."""
    wide = counts.pivot_table(index="city_id", columns="status", values="n", aggfunc="sum", sort=False)
    table = pd.DataFrame({labels.label("column", "city", lang): [city_names[c] for c in wide.index]})
    for status in STATUSES:
        table[status_names[status]] = [int(v) for v in wide[status]] if status in wide else 0
    table[labels.label("column", "n", lang)] = table[[status_names[s] for s in STATUSES]].sum(axis=1)
    return table


def judged(card: pd.DataFrame) -> pd.DataFrame:
    """The rows a chart of achievement can place: those met or not met (the others have no
    actual, or none comparable). Empty: nothing to chart, only targets to list."""
    return card[card["status"].isin(_DECIDED)]


SHARED_COLUMNS = ("indicator_id", "name_zh", "name_en", "category", "city_id", "target_raw", "actual_raw", "status",
                  "ratio_pct", "source_file", "source_line", "source_locator", "actual_source_file",
                  "actual_source_line", "actual_source_locator")


def shared_indicators(cards: pd.DataFrame) -> pd.DataFrame:
    """The rows of indicators that two or more cities' scorecards have (for a side-by-side view)."""
    shared = cards.groupby("indicator_id")["city_id"].transform("nunique") >= 2
    return cards.loc[shared, list(SHARED_COLUMNS)].reset_index(drop=True)


def scorecards_side_by_side(db: Database, plan_period: str) -> pd.DataFrame:
    """The same plan period's scorecards of every city, for indicators that two or more
    cities set targets for: one row per indicator × city (status, ratio, raw texts)."""
    return shared_indicators(period_scorecards(db, plan_period))


def scorecard_summary(db: Database, *, wide: bool = False, city_ids: list[str] | None = None) -> pd.DataFrame:
    """Counts per city × plan period × status (every status listed, zeros included); only the
    cities of `city_ids` when given. Counted in SQL, for every city and plan period at once.

    wide=True: one row per city × plan period with a column per status and `total`.
    """
    wanted = dimensions.check_cities(db, city_ids) if city_ids is not None else None
    counts = db.rows(*_card_query("status_counts", dimensions.plan_period_ids(db), wanted)) if wanted != [] else []
    by_pair: dict[tuple[str, str], dict[str, int]] = {}
    for row in counts:  # in display order
        by_pair.setdefault((row["city_id"], row["plan_period"]), {})[row["status"]] = row["n"]
    rows = [{"city_id": city_id, "plan_period": plan_period, "status": status, "n": found.get(status, 0)}
            for (city_id, plan_period), found in by_pair.items() for status in STATUSES]
    long = dimensions.frame(rows, ("city_id", "plan_period", "status", "n"))
    if not wide:
        return long
    table = dimensions.frame(
        [{"city_id": city_id, "plan_period": plan_period, **{status: found.get(status, 0) for status in STATUSES},
          "total": sum(found.values())} for (city_id, plan_period), found in by_pair.items()],
        ("city_id", "plan_period", *STATUSES, "total"))
    for column in (*STATUSES, "total"):
        table[column] = table[column].astype("Int64")
    return table
