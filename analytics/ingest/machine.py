"""Observations the generic prose reader reads (reading = machine), for the figures no table and no
curated prose rule reads and no rule lists as a non-measurement. Curated rules win: a figure they
read is never read again by machine. A reading whose label names no catalogue indicator yet is left
unread with that reason (`add` registers such labels as new unreviewed indicators)."""

from __future__ import annotations

from analytics.ingest.figures import _exclusions, _is_read, find_figures, find_ratios
from analytics.ingest.observation import observation
from analytics.ingest.prose_reader import MACHINE, LabelIndex, ProseReading, ProseUnread, read_prose, together
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
    """Rows for every document's machine readings; what the reader leaves is added to `unread`. The parts
    of a ratio are kept together: one that cannot be stored leaves them all unread."""
    index = known_labels(observations)
    rows: list[dict] = []
    taken = {row["obs_id"] for row in observations}
    for name in sorted(documents):
        readings, left = document_readings(documents, observations, name, index)
        for item in left:
            unread.append(Unread(item.source_file, item.line, item.what, item.text, item.reason, item.start))
        for positions in together(readings):  # a ratio's parts, or one reading alone
            group = [readings[position] for position in positions]
            made, why = [], None
            for reading in group:
                made_row, why = _row_of(documents[name], reading, taken)
                if why:
                    break
                made.append(made_row)
            if why:
                first = group[0]
                unread.append(Unread(first.source_file, first.line, "ratio" if first.ratio else "figure",
                                     first.text, why, first.start))
                continue
            taken.update(row["obs_id"] for row in made)
            rows.extend(made)
    return rows


def _row_of(doc: SourceDocument, reading: ProseReading, taken: set[str]) -> tuple[dict | None, str | None]:
    """The observation a reading makes, or why it cannot be stored (a machine reading never stops a rebuild:
    what cannot be stored is listed unread with why)."""
    if reading.indicator_id is None:
        return None, (f"its label {reading.label!r} names no catalogue indicator yet (`python -m analytics.ingest "
                      "add` registers it as a new, unreviewed one)")
    try:
        row = to_observation(doc, reading)
    except SourceError as exc:
        return None, f"read as {reading.label!r}, but {str(exc).split(': ', 1)[-1]}"
    if row["obs_id"] in taken:
        return None, "the same value of the same indicator is read twice on this line"
    return row, None


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
