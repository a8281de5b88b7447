"""One builder for observation rows, shared by the table parser and the prose rules, so
both produce the same contract: provenance checked, units converted, ids stable."""

from __future__ import annotations

import hashlib

from analytics import catalogue
from analytics.ingest.sources import SourceDocument, SourceError
from analytics.notation import ParsedValue
from analytics.schema import MACHINE_READING, PERCENT_KINDS, READINGS, TARGET_KINDS, TARGET_SCOPES


def observation(
    doc: SourceDocument,
    *,
    line: int,
    quote: str,
    indicator_id: str,
    value_kind: str,
    year: int,
    raw_text: str,
    parsed: ParsedValue,
    raw_unit: str | None,
    plan_period: str | None,
    reading: str,
    confidence: float | None = None,
    attribute: str | None = None,
    source_table: str | None = None,
    source_label: str | None = None,
    district: str | None = None,
    period: tuple[int, int] | None = None,
    to_date: bool = False,
    target_scope: str | None = None,
    comparator: str | None = None,
    note: str | None = None,
    unit_override: str | None = None,
) -> dict:
    """Build one observations row. Raises SourceError (file:line) when the row cannot be trusted.

    `unit_override` is the unit the value is already in, stored as the row's unit with no conversion
    from `raw_unit`: the `%` of a completion or average-growth column (schema.PERCENT_KINDS), or `%` for
    one part of a ratio cell whose raw unit is the notation `::`. Any other unit than the indicator's
    is refused for other value kinds, so an indicator keeps one unit across its values.

    `reading` says how the value was read (schema.READINGS); a machine reading carries its
    `confidence` (0..1), any other none. Neither is part of the obs_id: a value keeps its id when a
    person confirms a machine reading as a curated rule.
    """
    where = f"{doc.file_name}:{line}"
    _check_reading(where, reading, confidence)
    text = doc.require(line, quote)
    if raw_text not in quote and raw_text not in text:
        raise SourceError(f"{where}: value text {raw_text!r} is not on the line")
    indicator = catalogue.indicators().get(indicator_id)
    if indicator is None:
        raise SourceError(f"{where}: indicator {indicator_id!r} is not in the catalogue")
    catalogue.check_plan_period(plan_period)

    value = parsed.value
    unit = indicator.unit
    if unit_override is not None:
        if unit_override != unit and value_kind not in PERCENT_KINDS:
            raise SourceError(f"{where}: {indicator_id} is in {unit!r}; only a completion % may be in "
                              f"{unit_override!r}")
        unit = unit_override
    elif (value is not None and raw_unit and raw_unit.replace("％", "%") != unit  # full-width ％ is %
          and raw_unit not in dict(indicator.unit_equivalents)):  # the catalogue says why it is the same count
        if raw_unit == "%" or unit == "%":
            raise SourceError(f"{where}: {indicator_id} is in {unit!r} but the source gives {raw_unit!r}")
        try:
            value = catalogue.convert(value, raw_unit, unit)
        except catalogue.CatalogueError as exc:
            raise SourceError(f"{where}: {exc}") from exc

    if to_date and (period is not None or parsed.is_cumulative):
        raise SourceError(f"{where}: {raw_text!r} is either a total over a stated span or a to-date total, not both")
    is_cumulative = bool(parsed.is_cumulative or period is not None or to_date)
    if is_cumulative and period is None and not to_date:
        raise SourceError(f"{where}: cumulative value {raw_text!r} needs the span of years it covers")
    period_start, period_end = period if period else (None, year if to_date else None)
    span_kind = "to_date" if to_date else "total" if is_cumulative else "year"
    if is_cumulative and period_end != year:
        raise SourceError(f"{where}: cumulative span {period} does not end in the value's year {year}")

    if value_kind in TARGET_KINDS:
        target_scope = target_scope or "plan"
        if target_scope not in TARGET_SCOPES:
            raise SourceError(f"{where}: target_scope {target_scope!r} is not one of {', '.join(TARGET_SCOPES)}")
    elif target_scope is not None:
        raise SourceError(f"{where}: only a target has a target_scope, not a {value_kind}")

    chosen_comparator = comparator or parsed.comparator
    if value is None:
        chosen_comparator = None

    key = "|".join(
        str(part)
        for part in (doc.file_name, line, indicator_id, value_kind, year, district, period_start, raw_text,
                     parsed.component)
    )
    return {
        "obs_id": hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        "city_id": doc.city_id,
        "district": district,
        "indicator_id": indicator_id,
        "plan_period": plan_period,
        "year": int(year),
        "value_kind": value_kind,
        "target_scope": target_scope,
        "value": value,
        "unit": unit,
        "comparator": chosen_comparator,
        "is_cumulative": is_cumulative,
        "period_start": period_start,
        "period_end": period_end,
        "span_kind": span_kind,
        "raw_text": raw_text,
        "raw_unit": raw_unit,
        "source_label": source_label,
        "attribute": attribute,
        "doc_id": doc.doc_id,
        "source_file": doc.file_name,
        "source_line": line,
        "source_locator": doc.locator(line),
        "source_table": source_table,
        "quote": quote,
        "note": note,
        "reading": reading,
        "confidence": None if confidence is None else float(confidence),
    }


def _check_reading(where: str, reading: str, confidence: float | None) -> None:
    if reading not in READINGS:
        raise SourceError(f"{where}: reading {reading!r} is not one of {', '.join(READINGS)}")
    if reading == MACHINE_READING:
        if confidence is None or isinstance(confidence, bool) or not 0 <= float(confidence) <= 1:
            raise SourceError(f"{where}: a machine reading needs a confidence in 0..1, not {confidence!r}")
    elif confidence is not None:
        raise SourceError(f"{where}: only a machine reading has a confidence, not a {reading} one")
