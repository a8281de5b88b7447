"""One indicator, several cities: the values of one plan period and value kind, side by side,
optionally as annual averages, and each as a change from the city's own baseline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from analytics import aggregates, dimensions, labels, sql
from analytics.db import Database
from analytics.schema import PERCENT_KINDS, SEARCH_FIELDS

ROW_COLUMNS = (
    "city_id", "year", "value", "display_value", "comparator", "is_cumulative", "period_start", "period_end",
    "span_kind", "target_scope", "annual_average_applied", "raw_text", "unit", "attribute", "baseline_value",
    "baseline_raw",
    "baseline_year", "change_from_baseline_pct", "source_file", "source_line", "source_locator", "source_table",
    "quote", "note", "plan_period", "value_kind", "obs_id", "other_values", "reading",
)


@dataclass
class CompareResult:
    rows: pd.DataFrame
    indicator: dict
    notes: list[str] = field(default_factory=list)
    annual_average: bool = False
    plan_period: str | None = None
    value_kind: str = "target"
    city_ids: list[str] = field(default_factory=list)


def years_spanned(row: dict) -> int | None:
    """How many years a cumulative value covers (period_end - period_start + 1)."""
    if row.get("is_cumulative") and row.get("period_start") is not None and row.get("period_end") is not None:
        return int(row["period_end"]) - int(row["period_start"]) + 1
    return None


def shown_value(row: dict, annual_average: bool) -> tuple[float | None, bool]:
    """(value to show, whether it was divided into an annual average)."""
    years = years_spanned(row)
    if annual_average and years and row.get("value") is not None:
        return row["value"] / years, True
    return row.get("value"), False


def _basis(row: dict, annual_average: bool) -> tuple[bool | str, int | None]:
    """What a shown value measures: (still a multi-year total?, its span length); ("to_date", None) for a running
    total to date, which no other basis equals (it is never averaged either)."""
    if row.get("span_kind") == "to_date":
        return "to_date", None
    years = years_spanned(row)
    if years and not annual_average:
        return True, years
    return False, None


def change_from_baseline(row: dict, baseline: dict | None, annual_average: bool) -> float | None:
    """(shown value - shown baseline) / shown baseline * 100, when both measure the same thing:
    two totals of equal length, or two single-year (or annual-average) values."""
    if baseline is None or row.get("value") is None or baseline.get("value") is None:
        return None
    if _basis(row, annual_average) != _basis(baseline, annual_average):
        return None
    value, _ = shown_value(row, annual_average)
    base, _ = shown_value(baseline, annual_average)
    if not base:
        return None
    return (value - base) / base * 100


def _unit(row: dict) -> str:
    return "%" if row["value_kind"] in PERCENT_KINDS else row["unit"]


def _in_english(row: dict) -> str:
    """Another value of a row, for an English sentence: the number and its unit in English, where
    it is (`21 (100m yuan, a total) (001_….txt:139)`); a value with no number as written."""
    place = f"({row['source_file']}:{row['source_line']})"
    if row.get("value") is None:
        return f"{row['raw_text']} {place}"
    number = labels.symbol(row.get("comparator")) + labels.format_number(row["value"])
    unit = labels.label("unit", _unit(row), "en")
    what = ", ".join(filter(None, [unit if unit != "%" else "", "a total" if row.get("is_cumulative") else "",
                                   "the annual target" if row.get("target_scope") == "annual" else ""]))
    return f"{number}{'%' if unit == '%' else ''}{f' ({what})' if what else ''} {place}"


def compare_cities(
    db: Database,
    indicator_id: str,
    city_ids: Iterable[str] | None,
    plan_period: str | None,
    value_kind: str,
    annual_average: bool = False,
    *,
    lang: str = "en",
) -> CompareResult:
    """Rows (one per city × year × basis, city-level values only) with notes that explain the basis.

    city_ids None or empty: every city. plan_period None selects the values outside any plan
    table. When a city has several values for one year (a table and a prose restatement), the
    first with a number, tables before prose, is shown and the others are listed in
    other_values and the notes.
    """
    dimensions.check_lang(lang)
    indicator = dimensions.indicator(db, indicator_id)
    cities = dimensions.check_cities(db, city_ids)
    if plan_period is not None:
        dimensions.check_plan_period(db, plan_period)
    dimensions.check_value_kind(value_kind)
    params = {"indicator_id": indicator_id, "city_ids": cities, "plan_period": plan_period}

    baselines: dict[str, dict] = {}
    for row in db.rows(sql.COMPARE_ROWS, {**params, "value_kind": "baseline"}):
        if row["value"] is not None:
            baselines.setdefault(row["city_id"], row)

    # One row per city, year and basis: a 2016-2020 total and a 2020 single-year value are
    # different facts (Jingdezhen's 12万 five-year target vs its 2.31万 a year), both shown.
    # A plan's own target before an annual one of the same year (a work report's control target for its
    # year): the plan's is compared, the annual one is listed with it as such.
    chosen: dict[tuple, dict] = {}
    found = db.rows(sql.COMPARE_ROWS, {**params, "value_kind": value_kind})
    for row in sorted(found, key=lambda row: row.get("target_scope") == "annual"):
        key = (row["city_id"], row["year"], row["span_kind"], row["period_start"])
        if key in chosen:
            scope = " (annual target)" if row.get("target_scope") == "annual" else ""
            chosen[key]["other_values"].append(f"{row['raw_text']}{scope} ({row['source_file']}:{row['source_line']})")
            chosen[key]["_others"].append(row)
            continue
        row["_others"] = []
        row["other_values"] = []
        chosen[key] = row

    rows = []
    for row in chosen.values():
        display, averaged = shown_value(row, annual_average)
        baseline = baselines.get(row["city_id"])
        rows.append({
            **row,
            "unit": _unit(row),
            "display_value": display,
            "annual_average_applied": averaged,
            "baseline_value": baseline["value"] if baseline else None,
            "baseline_raw": baseline["raw_text"] if baseline else None,
            "baseline_year": baseline["year"] if baseline else None,
            "change_from_baseline_pct": change_from_baseline(row, baseline, annual_average),
        })
    notes = _notes(db, rows, cities, indicator, plan_period, value_kind, annual_average, baselines, lang)
    return CompareResult(dimensions.frame(rows, ROW_COLUMNS), indicator, notes, annual_average, plan_period,
                         value_kind, cities)


def _notes(db: Database, rows: list[dict], cities: list[str], indicator: dict, plan_period: str | None,
           value_kind: str, annual_average: bool, baselines: dict[str, dict], lang: str) -> list[str]:
    """What the reader must know about the values. A note that would repeat per city (no value,
    a total shown as an average, a bound, another value of the year, a baseline on another basis)
    is said per city for a few cities; for more than labels.LISTED_CITIES it is one note with
    their count and the first few (labels.city_list)."""
    zh = lang == "zh"
    name = indicator[f"name_{lang}"]
    kind = labels.label("value_kind", value_kind, lang)
    period = dimensions.plan_period_name(db, plan_period, lang)
    names = dimensions.city_names(db, lang)
    present = {row["city_id"] for row in rows}
    missing = [names[city_id] for city_id in cities if city_id not in present]
    # Per kind of note: (city name, the sentence for that one city).
    groups: dict[str, list[tuple[str, str]]] = {}

    def add(group: str, city: str, sentence: str) -> None:
        groups.setdefault(group, []).append((city, sentence))

    for row in rows:
        city = names[row["city_id"]]
        years = years_spanned(row)
        if row["annual_average_applied"]:
            span = labels.format_span(row["period_start"], row["period_end"], lang)
            add("averaged", city,
                f"{city}的{row['raw_text']}为{span}年累计数，已折算为年均值（÷{years}）。" if zh else
                f"{city}'s value {row['raw_text']} is a {span} total shown as an annual average (÷{years}).")
        if row.get("span_kind") == "to_date":
            add("to_date", city,
                f"{city}的{row['raw_text']}是截至{row['year']}年的累计数（起始年未说明），不能与单年值或规划期累计数比较。"
                if zh else
                f"{city}'s {row['raw_text']} is a running total to {row['year']} (start not stated): not comparable "
                "with a single-year value or a plan-period total.")
        if row.get("target_scope") == "annual":
            add("annual", city, f"{city}的{row['raw_text']}是{row['year']}年的年度目标，不是规划自身的目标。" if zh
                else f"{city}'s {row['raw_text']} is the annual target for {row['year']}, not the plan's own target.")
        if row["value"] is None:
            add("no_number", city, f"{city}{row['year']}年的值在原文中无数值：{row['raw_text']}。" if zh
                else f"{city}'s {row['year']} value has no number in the source: {row['raw_text']}.")
        elif row["comparator"] not in (None, "="):
            word = labels.label("comparator_word", row["comparator"], lang)
            add("bound", city, f"{city}的{row['raw_text']}是界限或约数（{word}），并非确切值。" if zh
                else f"{city}'s {row['raw_text']} is a bound or an approximation ({word}), not an exact value.")
        for other, other_row in zip(row["other_values"], row.get("_others", []), strict=False):
            add("other", city, f"{city}{row['year']}年另有数值 {other}。" if zh
                else f"{city} also has {_in_english(other_row)} for {row['year']}.")
        baseline = baselines.get(row["city_id"])
        if baseline and row["value"] is not None and row["change_from_baseline_pct"] is None:
            add("basis", city,
                f"{city}的基期值{baseline['raw_text']}与{kind}{row['raw_text']}口径不同（累计与单年，或累计年数不同），"
                "未计算变化。" if zh else
                f"{city}: the baseline {baseline['raw_text']} and the {kind.lower()} {row['raw_text']} are on "
                "different bases (a total vs a single year, or totals over different spans): no change computed.")
    many = {
        "to_date": ("{n}个城市的值是截至当年的累计数（起始年未说明），不能与单年值或规划期累计数比较：{cities}。",
                    "{n} cities give running totals to date (start not stated), not comparable with single-year "
                    "values or plan-period totals: {cities}."),
        "annual": ("{n}个城市的值是年度目标，不是规划自身的目标：{cities}。",
                   "{n} cities give annual targets, not the plan's own: {cities}."),
        "averaged": ("{n}个城市的数值为多年累计数，已折算为年均值：{cities}。",
                     "{n} cities give multi-year totals, shown as annual averages: {cities}."),
        "no_number": ("{n}个城市的值在原文中无数值：{cities}。", "{n} cities have a value with no number in the "
                      "source: {cities}."),
        "bound": ("{n}个城市的值是界限或约数，并非确切值：{cities}。",
                  "{n} cities give a bound or an approximation, not an exact value: {cities}."),
        "other": ("{n}个城市同一年另有数值（见表格）：{cities}。",
                  "{n} cities have another value for the same year (see the table): {cities}."),
        "basis": ("{n}个城市的基期值与" + kind + "口径不同（累计与单年，或累计年数不同），未计算变化：{cities}。",
                  "{n} cities have a baseline on another basis than the " + kind.lower() + " (a total vs a single "
                  "year, or totals over different spans): no change computed for {cities}."),
    }
    notes = []
    if len(missing) <= labels.LISTED_CITIES:
        notes.extend(f"{city}在{period}没有{name}的{kind}值。" if zh
                     else f"{city} has no {kind.lower()} value of {name} in the {period}." for city in missing)
    else:
        notes.append(f"{len(missing)}个城市在{period}没有{name}的{kind}值：{labels.city_list(missing, lang)}。" if zh
                     else f"{len(missing)} cities have no {kind.lower()} value of {name} in the {period}: "
                          f"{labels.city_list(missing, lang)}.")
    for group, entries in groups.items():
        cities_of = list(dict.fromkeys(city for city, _ in entries))
        if len(cities_of) <= labels.LISTED_CITIES:
            notes.extend(dict.fromkeys(sentence for _, sentence in entries))
        else:
            notes.append(many[group][0 if zh else 1].format(n=len(cities_of),
                                                            cities=labels.city_list(cities_of, lang)))
    shown = [row for row in rows if row["value"] is not None]
    bases = {_basis(row, annual_average)[0] for row in shown}
    if len(bases) > 1:
        notes.append(
            "部分城市为多年累计数、部分为单年值，直接比较会误导；可勾选“按年均”。" if zh else
            "Some cities give multi-year totals and others single-year values: they are not directly "
            "comparable; use the annual average."
        )
    return notes


COMPARABLE_COLUMNS = (*dimensions.INDICATOR_COLUMNS, "multi_city")


def comparable_indicators(db: Database) -> pd.DataFrame:
    """Indicators with a value somewhere: those with values for two or more cities first,
    each group in category order (for the compare page's picker); the indicators of a category
    kept out of comparisons by default (the bureau's own activity, categories.yaml `compared`) last."""
    order = {category: index for index, category in enumerate(dimensions.category_order(db))}
    compared = dimensions.compared_categories(db)
    rows = [row for row in dimensions.indicator_rows(db) if row["n_cities"] > 0]
    for row in rows:
        row["multi_city"] = row["n_cities"] >= 2
    rows.sort(key=lambda row: (row["category"] not in compared, not row["multi_city"],
                               order.get(row["category"], len(order)), row["indicator_id"]))
    return dimensions.frame(rows, COMPARABLE_COLUMNS)


def default_cities(db: Database, indicator_id: str) -> list[str]:
    """The cities a comparison of `indicator_id` starts with: see dimensions.default_cities
    (the first few, in display order, that have a value of the indicator)."""
    return dimensions.default_cities(db, dimensions.indicator_default_cities(db, indicator_id))


# ---- the indicator picker: a few options per run, whatever the number of indicators -------------

CHOICE_COLUMNS = ("indicator_id", "name_zh", "name_en", "category", "category_zh", "category_en", "n_cities",
                  "multi_city")


def indicator_choices(db: Database, text: str | None = None, *, limit: int, keep: Iterable[str] = ()
                      ) -> tuple[pd.DataFrame, int]:
    """(the first `limit` indicators of `comparable_indicators`' order that a search for `text` finds —
    in their ids, names, source aliases or category names, case-insensitive —, how many it finds). The
    indicators of `keep` that have a value are put first whether the search finds them or not (the one
    chosen stays an option), in place of the last ones: never more than `limit` rows (or `keep`). Read
    from the aggregates; for a choice of readings they do not hold, from comparable_indicators."""
    needle = (text or "").strip() or None
    kept = [indicator_id for indicator_id in dict.fromkeys(keep) if isinstance(indicator_id, str)]
    scope = aggregates.with_machine(db.readings)
    if scope is None:
        every = comparable_indicators(db)
        found = dimensions.matching_indicator_ids(db, needle, SEARCH_FIELDS)
        matching = every if found is None else every[every["indicator_id"].isin(found)]
        first = every[every["indicator_id"].isin(kept)]
        first = first.set_index("indicator_id").loc[[i for i in kept if i in set(first["indicator_id"])]].reset_index()
        rows = pd.concat([first, matching[~matching["indicator_id"].isin(kept)].head(max(limit - len(first), 0))])
        return dimensions.typed(rows.reset_index(drop=True), CHOICE_COLUMNS), len(matching)
    params = {"with_machine": scope, "needle": needle, "limit": limit}
    shown = db.rows(sql.INDICATOR_CHOICES, {**params, "ids": None})
    total = shown[0]["n_matching"] if shown else 0
    first = db.rows(sql.INDICATOR_CHOICES, {**params, "needle": None, "ids": kept}) if kept else []
    first.sort(key=lambda row: kept.index(row["indicator_id"]))
    ids = {row["indicator_id"] for row in first}
    rest = [row for row in shown if row["indicator_id"] not in ids][:max(limit - len(first), 0)]
    return dimensions.frame([*first, *rest], CHOICE_COLUMNS), total



def default_indicator(db: Database, preferred: str) -> str | None:
    """`preferred` when it has a value somewhere, else the first of comparable_indicators' order (None: no
    indicator has a value)."""
    found, _ = indicator_choices(db, limit=1, keep=[preferred])
    return None if found.empty else str(found["indicator_id"].iloc[0])


# A chart of many cities draws this many (those with the largest values) unless all are asked for.
TOP_CITIES = 12


def rank_cities(rows: pd.DataFrame, column: str = "display_value") -> list[str]:
    """The cities of `rows` that have a number in `column`, largest value first (each city by
    its largest value; ties keep the order of `rows`, which is display order)."""
    valued = rows.loc[rows[column].notna(), ["city_id", column]]
    if valued.empty:
        return []
    best = valued.groupby("city_id", sort=False)[column].max()
    return list(best.sort_values(ascending=False, kind="stable").index)


def top_cities(rows: pd.DataFrame, n: int | None = TOP_CITIES, column: str = "display_value"
               ) -> tuple[list[str], list[str]]:
    """(shown, hidden): the `n` cities with the largest values in `column` (see rank_cities),
    ranked, and the other cities with a value, ranked too. n None: every city is shown."""
    ranked = rank_cities(rows, column)
    if n is None:
        return ranked, []
    return ranked[:n], ranked[n:]
