"""Observations the generic prose reader reads (reading = machine), for the figures no table and no
curated prose rule reads and no rule lists as a non-measurement. Curated rules win: a figure they
read is never read again by machine. A reading whose label names no catalogue indicator yet is left
unread with that reason (`add` registers such labels as new unreviewed indicators)."""

from __future__ import annotations

from analytics.ingest.figures import _exclusions, _is_read, find_figures, find_ratios
from analytics.ingest.observation import observation
from analytics.ingest.prose_reader import MACHINE, LabelIndex, ProseReading, ProseUnread, read_prose
from analytics.ingest.sources import SourceDocument, SourceError
from analytics.ingest.tables import Unread
from analytics.notation import ParsedValue


def settled_figures(doc: SourceDocument, observations: list[dict], excluded: dict) -> set[tuple[int, int]]:
    """(line, start) of the figures (and ratios) of `doc` that an observation reads or a rule excludes."""
    by_line: dict[int, list[dict]] = {}
    for row in observations:
        if row["source_file"] == doc.file_name:
            by_line.setdefault(row["source_line"], []).append(row)
    settled = set()
    for number, text in enumerate(doc.lines, start=1):
        for figure in (*find_figures(text, number), *find_ratios(text, number)):
            if (number, figure.text) in excluded or _is_read(figure, text, by_line.get(number, [])):
                settled.add((number, figure.start))
    return settled


def known_labels(observations: list[dict]) -> LabelIndex:
    """The catalogue's names, and the labels a person or a table read figures under (a machine reading
    teaches nothing until it is reviewed)."""
    return LabelIndex.from_catalogue().learning(row for row in observations if row.get("reading") != MACHINE)


def document_readings(documents: dict[str, SourceDocument], observations: list[dict], file_name: str,
                     index: LabelIndex | None = None) -> tuple[list[ProseReading], list[ProseUnread]]:
    """The machine readings of one document, given what tables and curated rules already read."""
    doc = documents[file_name]
    excluded = _exclusions(documents, None).get(file_name, {})
    index = index or known_labels(observations)
    stated = [row for row in observations if row.get("source_file") == file_name and row.get("reading") != MACHINE]
    return read_prose(doc, index, settled_figures(doc, observations, excluded), stated)


def machine_observations(documents: dict[str, SourceDocument], observations: list[dict],
                         unread: list[Unread]) -> list[dict]:
    """Rows for every document's machine readings; what the reader leaves is added to `unread`."""
    index = known_labels(observations)
    rows: list[dict] = []
    taken = {row["obs_id"] for row in observations}
    for name in sorted(documents):
        readings, left = document_readings(documents, observations, name, index)
        for item in left:
            unread.append(Unread(item.source_file, item.line, item.what, item.text, item.reason, item.start))
        for reading in readings:
            what = "ratio" if reading.ratio else "figure"  # a ratio's parts left are one row (figure_rows)
            if reading.indicator_id is None:
                unread.append(Unread(reading.source_file, reading.line, what, reading.text,
                                     f"its label {reading.label!r} names no catalogue indicator yet (`python -m "
                                     "analytics.ingest add` registers it as a new, unreviewed one)", reading.start))
                continue
            try:  # a machine reading never stops a rebuild: what cannot be stored is listed unread with why
                row = to_observation(documents[name], reading)
            except SourceError as exc:
                unread.append(Unread(reading.source_file, reading.line, what, reading.text,
                                     f"read as {reading.label!r}, but {str(exc).split(': ', 1)[-1]}", reading.start))
                continue
            if row["obs_id"] in taken:
                unread.append(Unread(reading.source_file, reading.line, what, reading.text,
                                     "the same value of the same indicator is read twice on this line", reading.start))
                continue
            taken.add(row["obs_id"])
            rows.append(row)
    return rows


def to_observation(doc: SourceDocument, reading: ProseReading) -> dict:
    cumulative = reading.cumulative
    return observation(
        doc, line=reading.line, quote=reading.quote, indicator_id=reading.indicator_id,
        value_kind=reading.value_kind, year=reading.year, raw_text=reading.text,
        parsed=ParsedValue(reading.value, reading.comparator or "="), raw_unit=reading.unit,
        plan_period=reading.plan_period, source_label=reading.label, district=reading.district,
        period=tuple(cumulative) if isinstance(cumulative, tuple) else None, to_date=cumulative == "to_date",
        target_scope=reading.target_scope, comparator=reading.comparator,
        note=f"Read by machine, not reviewed ({reading.how}).", reading=MACHINE, confidence=reading.confidence)
