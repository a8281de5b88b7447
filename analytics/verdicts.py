"""One-sentence readings of a scorecard row or a comparison, in Chinese or English, for
captions and presenter mode. Every number and word comes from the row given; names of
cities and plan periods from the database's tables."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from analytics import dimensions, labels
from analytics.compare import CompareResult
from analytics.db import Database
from analytics.schema import PERCENT_KINDS
from analytics.trend import TrendResult


def _get(row: Mapping, key: str) -> object:
    value = row.get(key)
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _period(db: Database, plan_period: str | None, lang: str) -> str:
    if lang == "zh" or not plan_period:
        return dimensions.plan_period_name(db, plan_period, lang)
    dimensions.check_plan_period(db, plan_period)
    return f"{plan_period} plan"


def _name(row: Mapping, lang: str) -> str:
    name = str(_get(row, f"name_{lang}") or _get(row, "indicator_id") or "")
    if lang == "en" and len(name) > 1 and name[1].islower():
        name = name[0].lower() + name[1:]  # "Urban new jobs" -> "urban new jobs"; "CPI" stays
    return name


def _span(row: Mapping, start: str, end: str, cumulative: str) -> tuple[int, int] | None:
    if _get(row, cumulative) and _get(row, start) is not None and _get(row, end) is not None:
        return int(_get(row, start)), int(_get(row, end))  # type: ignore[arg-type]
    return None


def _pct(value: object) -> str:
    return labels.format_ratio(value) + "%"  # type: ignore[arg-type]


def scorecard_verdict(db: Database, row: Mapping, city_id: str, plan_period: str, lang: str,
                      brief: bool = False) -> str:
    """E.g. 湛江“十三五”城镇新增就业人数：实际38.39万人（2016-2020年累计），目标37.5万人，完成目标的102.4%，达成。
    `brief` (presenter mode's title, the sentence under the chart): the values without their
    spans and the status without its reason or the plan's own percentage."""
    dimensions.check_lang(lang)
    zh = lang == "zh"
    city = dimensions.city_name(db, city_id, lang)
    period = _period(db, plan_period, lang)
    head = f"{city}{period}{_name(row, lang)}：" if zh else f"{city}, {period}: {_name(row, lang)}"
    unit = _get(row, "unit")
    status = str(_get(row, "status"))
    status_text = labels.label("status", status, lang)
    reason = labels.reason_text(str(_get(row, "reason") or status), lang)
    target_text = (labels.format_value(_get(row, "target"), _get(row, "comparator"), unit, lang,
                                       _span(row, "period_start", "period_end", "target_cumulative"))
                   if _get(row, "target") is not None else f"“{_get(row, 'target_raw')}”")
    actual_text = ""
    if _get(row, "actual") is not None:
        actual_text = labels.format_value(_get(row, "actual"), _get(row, "actual_comparator"), unit, lang,
                                          _span(row, "actual_period_start", "actual_period_end", "actual_cumulative"))
        if _get(row, "actual_source") == "next_plan_baseline":
            actual_text += "（取自下一规划的基期值）" if zh else " (the next plan's baseline)"
    elif _get(row, "actual_raw") is not None:
        actual_text = f"“{_get(row, 'actual_raw')}”"
    ratio = _get(row, "ratio_pct")
    reported = _get(row, "reported_completion_pct")
    if not zh:
        reason = reason[0].lower() + reason[1:]
    if brief:
        return _scorecard_brief(row, head, status_text, lang)

    if status == "no_actual":
        year = _get(row, "target_year")
        return (f"{head}目标{target_text}；来源中没有{year}年的完成值。" if zh
                else f"{head}: target {target_text}; the sources give no actual value for {year}.")
    if status == "not_comparable":
        if _get(row, "target") is None:
            return (f"{head}目标原文为{target_text}，无数值，无法判断是否达成。" if zh
                    else f"{head}: the target is written as {target_text}, with no number; it cannot be assessed.")
        return (f"{head}目标{target_text}，实际{actual_text}，{status_text}：{reason}。" if zh
                else f"{head}: target {target_text}, actual {actual_text}: {status_text.lower()} — {reason}.")

    parts = []
    if zh:
        parts.append(f"{head}实际{actual_text}，目标{target_text}")
        if ratio is not None:
            parts.append(f"完成目标的{_pct(ratio)}")
        parts.append(status_text if ratio is not None else f"{status_text}（{reason}）")
        text = "，".join(parts)
        if reported is not None:
            text += f"（原文报告完成比例{labels.format_number(reported)}%" + (
                "，与计算值不符）" if _get(row, "completion_disagrees") else "）")
        return text + "。"
    text = f"{head} {actual_text}"
    text += f", {_pct(ratio)} of the target {target_text}" if ratio is not None else f", target {target_text}"
    text += f" — {status_text.lower()}" if ratio is not None else f" — {status_text.lower()} ({reason})"
    if reported is not None:
        text += f" (the plan reports {labels.format_number(reported)}%" + (
            ", which does not match)" if _get(row, "completion_disagrees") else ")")
    return text + "."


def _scorecard_brief(row: Mapping, head: str, status_text: str, lang: str) -> str:
    """`湛江“十三五”城镇新增就业人数：实际38.39万人，目标37.5万人，完成102.4%，达成` /
    `Zhanjiang, 13th plan: urban new jobs 38.39 (10k people), 102.4% of the target 37.5 — met`."""
    unit = _get(row, "unit")

    def value(key: str, comparator: str, raw: str) -> str | None:
        if _get(row, key) is not None:
            return labels.format_value(_get(row, key), _get(row, comparator), unit, lang)  # type: ignore[arg-type]
        return f"“{_get(row, raw)}”" if _get(row, raw) is not None else None

    target, actual = value("target", "comparator", "target_raw"), value("actual", "actual_comparator", "actual_raw")
    ratio = _get(row, "ratio_pct")
    if lang == "zh":
        bits = ([f"实际{actual}"] if actual else []) + [f"目标{target}"]
        bits += [f"完成{_pct(ratio)}"] if ratio is not None else []
        return f"{head}" + "，".join([*bits, status_text])
    text = f"{head} {actual}" if actual else f"{head}"
    text += (f", {_pct(ratio)} of the target {target}" if ratio is not None
             else f"{',' if actual else ':'} target {target}")
    return f"{text} — {status_text.lower()}"


def _brief(name: str, parts: list[str], more: int, lang: str) -> str:
    """A presenter title: `name：part；part；另有N个城市` / `name: part; part; and N more`."""
    if lang == "zh":
        return f"{name}：" + "；".join(parts) + (f"；另有{more}个城市" if more else "")
    return f"{name}: " + "; ".join(parts) + (f"; and {more} more" if more else "")


def _basis(row: Mapping) -> tuple[str, object]:
    """What a compare or trend row's value covers: ("average", span) for an annual average of a
    total, ("total", span) for a multi-year total, ("year", year) for a single year."""
    span = _span(row, "period_start", "period_end", "is_cumulative")
    if span is not None:
        return ("average" if _get(row, "annual_average_applied") else "total"), span
    return "year", _get(row, "year")


def _basis_text(basis: tuple[str, object], lang: str) -> str:
    """`2016–2020 total`, `2020`, `annual average of the 2016–2020 total` (and in Chinese)."""
    kind, when = basis
    if kind == "year":
        return labels.format_when(when, None, lang)  # type: ignore[arg-type]
    total = labels.format_when(None, when, lang)  # type: ignore[arg-type]
    if kind == "total":
        return total
    return f"{total}的年均值" if lang == "zh" else f"annual average of the {total}"


def _compare_value(row: Mapping, lang: str, unit: str | None, named: bool = True) -> str:
    """The row's display value with its unit and, when `named`, the span or year it covers
    (a sentence whose head names one basis for every value leaves it out)."""
    kind, when = _basis(row)
    value, comparator = _get(row, "display_value"), _get(row, "comparator")
    if not named:
        return labels.format_value(value, comparator, unit, lang)
    if kind == "average":
        number = labels.format_value(value, comparator, unit, lang)
        total = labels.format_when(None, when, lang)  # type: ignore[arg-type]
        return f"{number}（{total}的年均值）" if lang == "zh" else f"{number} a year (average of the {total})"
    if kind == "total":
        return labels.format_value(value, comparator, unit, lang, when)  # type: ignore[arg-type]
    return labels.format_value(value, comparator, unit, lang, None, when)  # type: ignore[arg-type]


def _ordinal(place: int) -> str:
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return f"{place}{suffix}"


def compare_verdict(db: Database, result: CompareResult, lang: str, brief: bool = False) -> str:
    """The cities ranked best first in the indicator's direction (each city's latest year), with values.
    `brief` (presenter mode's title; the whole sentence is under the chart): the indicator, its
    leader and laggard with their values (every city when they are at most LISTED_CITIES), the
    count of the rest."""
    dimensions.check_lang(lang)
    zh = lang == "zh"
    indicator = result.indicator
    name = indicator[f"name_{lang}"]
    kind = labels.label("value_kind", result.value_kind, lang)
    period = _period(db, result.plan_period, lang)
    names = dimensions.city_names(db, lang)
    latest: dict[str, Mapping] = {}
    for row in result.rows.to_dict("records"):
        if _get(row, "display_value") is None:
            continue
        if row["city_id"] not in latest or row["year"] >= latest[row["city_id"]]["year"]:
            latest[row["city_id"]] = row
    head = f"{period}{kind}·{name}" if zh else f"{name}, {kind.lower()}, {period}"
    if not latest:
        return f"{head}：没有可比较的数值。" if zh else f"{head}: no values to compare."
    # Best first in the indicator's direction: the lowest unemployment rate leads.
    lower_better = indicator["direction"] == "lower_better"
    ranked = sorted(latest.values(), key=lambda row: float(row["display_value"]) * (1 if lower_better else -1))
    unit = indicator["unit"] if result.value_kind not in PERCENT_KINDS else "%"

    # One basis for every value (the same year, or totals over the same years): the head names it
    # once; otherwise each value names its own, so a total never reads as a single year.
    bases = {_basis(row) for row in ranked}
    when = _basis_text(next(iter(bases)), lang) if len(bases) == 1 else ""
    shared = bool(when)
    if shared:
        head += f"（{when}）" if zh else f" ({when})"

    def value(row: Mapping) -> str:
        return _compare_value(row, lang, unit, named=not shared)

    def city(row: Mapping) -> str:
        return names[row["city_id"]]

    better = labels.label("direction", indicator["direction"], lang)
    top_zh, top_en = ("最低", "lowest") if lower_better else ("最高", "highest")
    low_zh, low_en = ("最高", "highest") if lower_better else ("最低", "lowest")
    sep = "；" if zh else "; "
    if brief:
        ids = [row["city_id"] for row in ranked]
        named = labels.named_cities(ids, ids[0])

        def said(city_id: str) -> str:
            row, place = latest[city_id], ids.index(city_id)
            word = ((top_zh, top_en) if place == 0 else (low_zh, low_en) if place == len(ids) - 1 else ("", ""))
            number = _compare_value(row, lang, unit, named=False)
            if not word[0] or len(ids) == 1:
                return f"{city(row)}{number}" if zh else f"{city(row)} {number}"
            return f"{city(row)}{word[0]}，{number}" if zh else f"{city(row)} {word[1]}, {number}"

        return _brief(name, [said(city_id) for city_id in named], len(ids) - len(named), lang)
    if len(ranked) == 1:
        text = (f"{head}：仅{city(ranked[0])}有数值，{value(ranked[0])}" if zh
                else f"{head}: only {city(ranked[0])} has a value, {value(ranked[0])}")
    elif len(ranked) <= labels.LISTED_CITIES:
        rest = sep.join(f"{city(row)}{value(row)}" if zh else f"{city(row)} {value(row)}" for row in ranked[1:])
        text = (f"{head}：{city(ranked[0])}{top_zh}，为{value(ranked[0])}；其后{rest}（{better}）" if zh
                else f"{head}: {city(ranked[0])} is {top_en} at {value(ranked[0])}; then {rest}; {better.lower()}")
    else:
        # Many cities: the leader, the reader's city (the first chosen) and the laggard, then a count.
        ids = [row["city_id"] for row in ranked]
        named = labels.named_cities(ids, result.city_ids[0] if result.city_ids else None)
        parts = []
        for row in (ranked[ids.index(city_id)] for city_id in named):
            place = ids.index(row["city_id"]) + 1
            if place == 1:
                parts.append(f"{city(row)}{top_zh}，为{value(row)}" if zh
                             else f"{city(row)} is {top_en} at {value(row)}")
            elif place == len(ids):
                parts.append(f"{city(row)}{low_zh}，为{value(row)}" if zh
                             else f"{city(row)} {low_en} at {value(row)}")
            else:
                parts.append(f"{city(row)}{value(row)}（第{place}名）" if zh
                             else f"{city(row)} {value(row)} ({_ordinal(place)})")
        more = len(ids) - len(named)
        text = (f"{head}：{len(ids)}个城市中，" + sep.join(parts) + f"；另有{more}个城市（{better}）" if zh
                else f"{head}, {len(ids)} cities: " + sep.join(parts) + f"; and {more} more; {better.lower()}")
    kinds = {bool(_get(row, "is_cumulative")) and not _get(row, "annual_average_applied") for row in ranked}
    if len(kinds) > 1:
        text += ("。注意：累计数与单年值混合，不宜直接比较，可改用年均值" if zh
                 else ". Note: multi-year totals and single-year values are mixed; compare the annual averages")
    return text + "。" if zh else text + "."


def _trend_value(row: Mapping, lang: str, unit: str | None, other: Mapping | None) -> str:
    """A trend verdict's value with its year or span; a total set beside a single year (`other`)
    also gets its annual average, so the two read on one basis."""
    text = _compare_value(row, lang, unit)
    kind, when = _basis(row)
    if kind == "total" and other is not None and _basis(other)[0] == "year":
        start, end = when  # type: ignore[misc]
        average = labels.format_value(float(row["display_value"]) / (end - start + 1), _get(row, "comparator"),
                                      unit, lang)
        text += f"，年均{average}" if lang == "zh" else f", {average} a year"
    return text


def trend_verdict(db: Database, result: TrendResult, lang: str, focus: str | None = None,
                  brief: bool = False) -> str:
    """Per city: the latest actual (or baseline) with its year, and the latest target set after it.
    More than labels.LISTED_CITIES cities: the leader and the laggard of the latest actuals (in the
    indicator's direction) and `focus` (the reader's first chosen city), and the count of the rest.
    `brief` (presenter mode's title; the whole sentence is under the chart): each named city's
    latest actual (its target when it has none) without its year, the leader and the laggard only."""
    dimensions.check_lang(lang)
    names = dimensions.city_names(db, lang)
    zh = lang == "zh"
    name = result.indicator[f"name_{lang}"]
    unit = result.indicator["unit"]
    rows = [row for row in result.rows.to_dict("records") if _get(row, "display_value") is not None]
    readings: dict[str, tuple[Mapping | None, Mapping | None]] = {}
    for city_id in dict.fromkeys(row["city_id"] for row in rows):
        city_rows = [row for row in rows if row["city_id"] == city_id]
        reported = [row for row in city_rows if row["series"] in ("actual", "baseline")]
        latest = max(reported, key=lambda row: (row["year"], row["series"] == "actual")) if reported else None
        later_targets = [row for row in city_rows if row["series"] == "target"
                         and (latest is None or row["year"] > latest["year"])]
        target = max(later_targets, key=lambda row: row["year"]) if later_targets else None
        if latest is not None or target is not None:
            readings[city_id] = (latest, target)
    if not readings:
        return f"{name}：所选城市没有数值。" if zh else f"{name}: no values for the chosen cities."
    sign = 1.0 if result.indicator.get("direction") == "lower_better" else -1.0

    def rank_key(city_id: str) -> tuple:
        latest, target = readings[city_id]
        row = latest if latest is not None else target
        return (latest is None, sign * float(row["display_value"]))  # type: ignore[index]

    ranked = sorted(readings, key=rank_key) if len(readings) > labels.LISTED_CITIES else list(readings)
    if brief:
        named = labels.named_cities(ranked, ranked[0])
        briefs = []
        for city_id in named:
            latest, target = readings[city_id]
            row = latest if latest is not None else target
            word = ("最新实际", "latest") if latest is not None else ("目标", "target")
            value = _compare_value(row, lang, unit, named=False)  # type: ignore[arg-type]
            briefs.append(f"{names[city_id]}{word[0]}{value}" if zh else f"{names[city_id]} {word[1]} {value}")
        return _brief(name, briefs, len(readings) - len(named), lang)
    named = labels.named_cities(ranked, focus if focus in readings else next(iter(readings)))
    parts = []
    for city_id in named:
        latest, target = readings[city_id]
        bits = []
        for row, other, word_zh, word_en in ((latest, target, "最新实际", "latest actual"),
                                             (target, latest, "目标", "target")):
            if row is None:
                continue
            value = _trend_value(row, lang, unit, other)  # with its year, or the span of a total
            bits.append(f"{word_zh}{value}" if zh else f"{word_en} {value}")
        parts.append(f"{names[city_id]}{'，'.join(bits)}" if zh else f"{names[city_id]}: {', '.join(bits)}")
    more = len(readings) - len(named)
    if more:
        parts.append(f"另有{more}个城市" if zh else f"and {more} more cities")
    return f"{name}：" + "；".join(parts) + "。" if zh else f"{name} — " + "; ".join(parts) + "."
