"""Curated extraction rules for figures stated in prose (analytics/catalogue/prose_rules/*.yaml).

A rule names a line, a short quote that must occur on it, and the number phrases inside
the quote that become observations. A rule that no longer matches its line stops
ingestion with file:line: nothing is read by position alone.

    source_file: 004_95eefe6b59f03fdd.txt
    defaults: {value_kind: actual, year: 2020, plan_period: 13th}
    rules:
      - line: 2
        quote: 全市城镇新增就业4.59万人
        values:
          - {indicator: urban_new_jobs, text: 4.59万人, unit: 万人}

Per value, optional: value_kind, year, plan_period, attribute, district, comparator,
cumulative: [start, end] (a total over a stated span) or `cumulative: to_date` (累计 with no stated
start: a running total to the end of the year), target_scope: annual (a target one year's report
sets for that year; a target is the plan's own otherwise), note, label (the indicator's name as
the prose words it).

A ratio written in prose (高、中、初级专业技术人才比例达到 10:38:52) names the ratio of ratios.yaml
instead of an indicator: `{ratio: 高、中、初级专业技术人才比例, text: "10:38:52"}` gives one row per
component, as a table's ratio cell does.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from analytics import catalogue
from analytics.ingest.observation import observation
from analytics.ingest.sources import SourceDocument, SourceError
from analytics.notation import NotationError, parse_cell, parse_single

_VALUE_KEYS = {
    "indicator", "text", "unit", "value_kind", "year", "plan_period", "attribute", "district",
    "comparator", "cumulative", "note", "label", "ratio", "target_scope",
}


def rule_files() -> list[Path]:
    return sorted((catalogue.directory() / "prose_rules").glob("*.yaml"))


def extract_prose_observations(documents: dict[str, SourceDocument], files: list[Path] | None = None) -> list[dict]:
    rows: list[dict] = []
    for path in files if files is not None else rule_files():
        rows.extend(_extract_file(path, documents))
    return rows


def _extract_file(path: Path, documents: dict[str, SourceDocument]) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        spec = yaml.safe_load(handle) or {}
    source_file = spec.get("source_file")
    if source_file not in documents:
        raise SourceError(f"{path.name}: source_file {source_file!r} is not a listed source document")
    doc = documents[source_file]
    defaults = spec.get("defaults") or {}
    rows = []
    for rule in spec.get("rules") or []:
        line, quote = rule.get("line"), rule.get("quote")
        where = f"{source_file}:{line} (rule in {path.name})"
        if not isinstance(line, int) or not quote:
            raise SourceError(f"{where}: a rule needs an integer line and a quote")
        doc.require(line, quote)
        for item in rule.get("values") or []:
            unknown = set(item) - _VALUE_KEYS
            if unknown:
                raise SourceError(f"{where}: unknown key(s) {sorted(unknown)}")
            merged = {**defaults, **{k: v for k, v in rule.items() if k in _VALUE_KEYS}, **item}
            if "ratio" in merged:
                rows.extend(_ratio_rows(doc, line, quote, merged, where))
            else:
                rows.append(_value_row(doc, line, quote, merged, where))
    return rows


def _ratio_rows(doc: SourceDocument, line: int, quote: str, item: dict, where: str) -> list[dict]:
    """One row per component of a ratio stated in prose (ratios.yaml names the components, each a % share)."""
    from analytics.ingest.tables import ratios

    text = str(item.get("text", ""))
    ratio = ratios().get(catalogue.normalise_label(str(item["ratio"])))
    if ratio is None:
        raise SourceError(f"{where}: ratio {item['ratio']!r} is not in ratios.yaml")
    if not text or text not in quote:
        raise SourceError(f"{where}: number phrase {text!r} is not inside the quote {quote!r}")
    try:
        parts = parse_cell(text)
    except NotationError as exc:
        raise SourceError(f"{where}: {exc}") from exc
    if len(parts) != len(ratio.components):
        raise SourceError(f"{where}: {text!r} has {len(parts)} parts, {ratio.label} has {len(ratio.components)}")
    if item.get("year") is None:
        raise SourceError(f"{where}: a value needs a year")
    total = round(sum(part.value or 0 for part in parts), 6)
    rows = []
    for position, (indicator_id, part) in enumerate(zip(ratio.components, parts, strict=True), start=1):
        notes = [item.get("note"), f"component {position} of {len(parts)} of the ratio {text} ({ratio.note})"]
        if total != 100:
            notes.append(f"the parts add up to {total:g}, not 100")
        rows.append(observation(
            doc, line=line, quote=quote, indicator_id=indicator_id, value_kind=item.get("value_kind", "actual"),
            year=int(item["year"]), raw_text=text, parsed=part, raw_unit="::", plan_period=item.get("plan_period"),
            reading="curated", attribute=item.get("attribute"), source_label=item.get("label") or ratio.label,
            district=item.get("district"), note="; ".join(filter(None, notes)), unit_override="%",
            target_scope=item.get("target_scope"), comparator=item.get("comparator")))
    return rows


def _value_row(doc: SourceDocument, line: int, quote: str, item: dict, where: str) -> dict:
    text = str(item.get("text", ""))
    if not text or text not in quote:
        raise SourceError(f"{where}: number phrase {text!r} is not inside the quote {quote!r}")
    unit = item.get("unit")
    number_part = text
    if unit and unit in text:
        cut = text.rfind(unit)
        number_part = text[:cut] + text[cut + len(unit):]
    try:
        parsed = parse_single(number_part)
    except NotationError as exc:
        raise SourceError(f"{where}: {exc}") from exc
    cumulative = item.get("cumulative")
    to_date = cumulative == "to_date"
    if cumulative is not None and not to_date and not (isinstance(cumulative, list) and len(cumulative) == 2):
        raise SourceError(f"{where}: cumulative is [start, end] or to_date, not {cumulative!r}")
    year = item.get("year")
    value_kind = item.get("value_kind", "actual")
    # a document's own completion percentage is in %, whatever the indicator's unit (as in a table's 完成比例 column)
    unit_override = "%" if value_kind == "reported_completion_pct" else None
    if unit_override and unit not in ("%", "％"):
        raise SourceError(f"{where}: a reported completion is a percentage; give it with unit %")
    if year is None:
        raise SourceError(f"{where}: a value needs a year")
    return observation(
        doc,
        line=line,
        quote=quote,
        indicator_id=item.get("indicator", ""),
        value_kind=value_kind,
        year=int(year),
        raw_text=text,
        parsed=parsed,
        raw_unit=unit,
        plan_period=item.get("plan_period"),
        reading="curated",
        attribute=item.get("attribute"),
        source_label=item.get("label"),
        district=item.get("district"),
        period=tuple(cumulative) if cumulative and not to_date else None,
        to_date=to_date,
        target_scope=item.get("target_scope"),
        comparator=item.get("comparator"),
        note=item.get("note"),
        unit_override=unit_override,
    )
