"""`make bench-reading`: how well the generic prose reader reads a document it has never seen
(issue 21, item 4: the honest leave-one-out measurement).

    python -m tests.reading_benchmark                  # writes docs/reading.md and artifacts/reading/<doc>.md
    python -m tests.reading_benchmark --out -          # print only

DEFINITION below is the measurement, word for word as docs/reading.md states it. In short: each
document that has prose rules is read by `analytics.ingest.prose_reader.read_prose` as if it were
new (its rules dropped, the catalogue names that only it spells dropped from the label index, the
figures its tables read skipped), and the readings are matched one to one with the values its
prose rules curate.

Read-only: the source documents are read, the catalogue is read (its caches cleared before and
after), nothing is written to data/ or to the catalogue; the report goes to docs/ and artifacts/.
The pure parts (the reduced index, the matcher, the report) are unit-tested in
tests/test_reading_benchmark.py with hand-made readings.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analytics import catalogue, paths
from analytics.ingest.figures import Figure, figure_rows, find_figures
from analytics.ingest.prose_reader import LabelIndex, ProseReading, ProseUnread

PROJECT_DIR = paths.PROJECT_DIR
DOC = PROJECT_DIR / "docs" / "reading.md"
ARTIFACTS = PROJECT_DIR / "artifacts" / "reading"

RECALL_GOAL, RECALL_GOAL_EACH, PRECISION_GOAL_EACH = 0.80, 0.70, 0.95
REL_TOL = 1e-9
MIN_CONTAINED = 2  # a label contained in another counts from this many characters

DEFINITION = """\
For each registered document that has a prose rules file (open world: the documents are taken from
`analytics/catalogue/prose_rules/*.yaml` (`source_file`) and the catalogue, never from a list):

- **Leave it out.** Drop its prose rules, and drop the catalogue names and aliases (indicator `name_zh`
  and `aliases_zh`, compared after `analytics.catalogue.normalise_label`) that occur in no other source
  document's text (a substring of another document's lines); build a reduced
  `LabelIndex(names={normalised name: indicator_id}, units={indicator_id: unit})` from the rest, with the
  catalogue's ratios (`ratios.yaml`: a label and the % indicators of its parts) whose label occurs in another
  document's text. Then,
  as ingestion does (`LabelIndex.learning`), add the labels (`source_label`) under which the other
  documents' observations (tables and prose rules) were read: each names its indicator, a label read for
  two indicators names the one whose unit the figure fits, and neither where both fit.
- **Read it.** `read_prose(doc, reduced_index, skip, stated)`, where `skip` = the (line, start) of the figures
  (`analytics.ingest.figures.find_figures`) that the document's *table* observations read
  (`analytics.ingest.tables.extract_table_observations`, with the figure-is-read rule of
  `analytics/ingest/figures.py`): tables are not the prose reader's job. Excluded non-measurement figures
  (`not_measurements` in the rules file) are **not** skipped; `stated` = the document's table observations
  whose label is not a dropped name (a prose figure that restates one takes its span).
- **The curated values** are the document's observations from its prose rules
  (`analytics.ingest.prose.extract_prose_observations(documents, files=[its rule file(s)])`).
- **A machine value matches a curated one** when: the same line; the value equal (the reading's value
  converted from its `unit` into the curated row's `unit` with `analytics.catalogue.convert` when the units
  differ and the catalogue knows the pair, in either direction; ％ = %; relative tolerance 1e-9); the same
  kind (`value_kind`); the same year; the same span (curated `span_kind`/`period_start`/`period_end` against
  `reading.cumulative`: None ↔ span_kind year, "to_date" ↔ to_date, (a, b) ↔ total a–b); the same comparator
  (None and "=" are the same); the same district; and the indicator is the curated one — or, where the
  curated indicator is known from no other source (no observation of it, table or prose, from any other
  document), `reading.indicator_id` is None and its label is the same label: equal after `normalise_label`,
  or one contains the other (at least 2 characters), against the curated row's `source_label`, the
  indicator's `name_zh` or any of its aliases. Matching is one to one (a curated value matches at most one
  reading, a reading at most one curated value; the largest such matching is taken).
- **Recall** = curated values matched / curated values. **Precision** = matched readings / readings (a
  reading on an excluded non-measurement, or on any figure no curated value reads, counts as wrong).
  **Indicator mapping**, reported separately: among the readings that agree with a curated value on
  everything but the indicator, the share that agree on the indicator too. Precision is also given apart
  for the readings that name a catalogue indicator and those that name a new one (its label).
  **Unread**: the figures the reader left unread (`ProseUnread`), per document.
"""

GOAL = ("**Goal (issue 21)**: recall ≥ 80 % overall and ≥ 70 % on every document; precision ≥ 95 % on "
        "every document.")


# ==== what a document is measured against ===================================================================

@dataclass(frozen=True)
class Curated:
    """One curated value (an observation row of the document's prose rules) and what matching needs of it."""

    row: dict
    names: tuple[str, ...] = ()  # the indicator's name_zh and aliases_zh
    novel: bool = False  # the indicator is known from no other source document
    start: int | None = None  # offset on its line of the figure the row reads (None: it reads none)
    indexed: tuple[str, ...] = ()  # the indicator's names the reduced index holds (what a reader could find)
    figures: tuple[int, ...] = ()  # every figure of its line it reads (the same number twice in its quote)
    position: int | None = None  # where its number phrase is on the line (its figure's start when it has one)

    @property
    def at(self) -> int | None:
        return self.start if self.start is not None else self.position

    @property
    def line(self) -> int:
        return self.row["source_line"]


def normalised_text(lines: Iterable[str]) -> list[str]:
    return [catalogue.normalise_label(line) for line in lines]


def reduced_index(indicators: dict, other_lines: Sequence[str]) -> tuple[LabelIndex, list[str]]:
    """The label index of a left-out document: every catalogue name or alias (normalised) that occurs in
    another document's text (`other_lines`, already normalised), and the units of the indicators that keep a
    name. Also returns the names dropped (for the report)."""
    names: dict[str, str] = {}
    dropped: list[str] = []
    for indicator in indicators.values():
        for alias in (indicator.name_zh, *indicator.aliases_zh):
            key = catalogue.normalise_label(alias)
            if not key:
                continue
            if any(key in line for line in other_lines):
                names[key] = indicator.indicator_id
            else:
                dropped.append(key)
    kept = sorted(set(names.values()))
    units = {indicator_id: indicators[indicator_id].unit for indicator_id in kept}
    equivalents = {indicator_id: tuple(unit for unit, _why in indicators[indicator_id].unit_equivalents)
                   for indicator_id in kept}  # what a unit counts as is the indicator's, not one document's name
    ratios = {label: components for label, components in LabelIndex.from_catalogue().ratios.items()
              if any(label in line for line in other_lines)}  # a ratio another document names
    return (LabelIndex(names=names, units=units, equivalents=equivalents, ratios=ratios),
            sorted(set(dropped) - set(names)))


def learned_index(index: LabelIndex, indicators: dict, other_rows: Sequence[dict]) -> LabelIndex:
    """The reduced index plus what the other documents' curated observations teach: the labels they were
    read under name their indicators (LabelIndex.learning, as ingestion does), whose units are then known."""
    known = {row["indicator_id"] for row in other_rows if row["indicator_id"] in indicators}
    units = {**{indicator_id: indicators[indicator_id].unit for indicator_id in known}, **index.units}
    equivalents = {**{indicator_id: tuple(unit for unit, _why in indicators[indicator_id].unit_equivalents)
                      for indicator_id in known}, **index.equivalents}
    return LabelIndex(index.names, units, equivalents, ratios=index.ratios).learning(other_rows)


def figures_read(text: str, line: int, rows: list[dict]) -> list[Figure]:
    """The figures of one line that `rows` (observations on that line) read, by the rule of
    analytics/ingest/figures.py (the same function builds the source coverage)."""
    from analytics.ingest.figures import _is_read  # the figure-is-read rule, shared, not copied

    return [figure for figure in find_figures(text, line) if _is_read(figure, text, rows)]


# ==== the matcher ===========================================================================================

def _unit(unit: str | None) -> str | None:
    return unit.replace("％", "%") if unit else unit


def in_unit(value: float, from_unit: str | None, to_unit: str | None) -> float:
    """`value` in `from_unit` expressed in `to_unit`: converted when the catalogue knows the pair (either
    direction), as it is otherwise (the same unit, ％ and %, or units the catalogue counts as the same)."""
    source, target = _unit(from_unit), _unit(to_unit)
    if not source or not target or source == target:
        return value
    factors = catalogue.unit_factors()
    if (source, target) in factors:
        return catalogue.convert(value, source, target)
    if (target, source) in factors:
        return value / factors[(target, source)]
    return value


def _span_of_row(row: dict) -> tuple[int, int] | str | None:
    if row.get("span_kind") == "to_date":
        return "to_date"
    if row.get("span_kind") == "total":
        return (row["period_start"], row["period_end"])
    return None


def _span_of_reading(reading: ProseReading) -> tuple[int, int] | str | None:
    cumulative = reading.cumulative
    if isinstance(cumulative, list | tuple):
        return (int(cumulative[0]), int(cumulative[1]))
    return cumulative


def _span_words(span) -> str:
    if span is None:
        return "one year"
    if span == "to_date":
        return "to date"
    return f"total {span[0]}-{span[1]}"


def _comparator(value: str | None) -> str:
    return value or "="


def same_label(label: str | None, candidates: Iterable[str | None]) -> bool:
    """Equal after normalise_label, or one contains the other (the shorter at least 2 characters)."""
    mine = catalogue.normalise_label(label or "")
    if len(mine) < 1:
        return False
    for candidate in candidates:
        other = catalogue.normalise_label(candidate or "")
        if not other:
            continue
        if mine == other:
            return True
        shorter, longer = sorted((mine, other), key=len)
        if len(shorter) >= MIN_CONTAINED and shorter in longer:
            return True
    return False


def _number(value: float | None) -> str:
    return "none" if value is None else f"{value:.10g}"


def differences(curated: Curated, reading: ProseReading) -> list[tuple[str, str]]:
    """What keeps `reading` from matching `curated`, as (criterion, detail: the reading's ≠ the curated);
    empty when it matches. Criteria: line, value, kind, year, span, comparator, district, indicator."""
    row = curated.row
    found: list[tuple[str, str]] = []
    if reading.line != row["source_line"]:
        found.append(("line", f"line {reading.line}≠{row['source_line']}"))
    expected = row["value"]
    value = None if reading.value is None else in_unit(reading.value, reading.unit, row["unit"])
    if (value is None) != (expected is None) or (
            value is not None and not math.isclose(value, expected, rel_tol=REL_TOL)):
        unit = row["unit"] or ""
        found.append(("value", f"value {_number(value)}≠{_number(expected)} {unit}".rstrip()))
    if reading.value_kind != row["value_kind"]:
        found.append(("kind", f"kind {reading.value_kind}≠{row['value_kind']}"))
    if reading.year != row["year"]:
        found.append(("year", f"year {reading.year}≠{row['year']}"))
    span, expected_span = _span_of_reading(reading), _span_of_row(row)
    if span != expected_span:
        found.append(("span", f"span {_span_words(span)}≠{_span_words(expected_span)}"))
    if _comparator(reading.comparator) != _comparator(row["comparator"]):
        found.append(("comparator", f"comparator {_comparator(reading.comparator)}≠{_comparator(row['comparator'])}"))
    if reading.district != row["district"]:
        found.append(("district", f"district {reading.district}≠{row['district']}"))
    indicator = row["indicator_id"]
    if reading.indicator_id != indicator:
        new_and_named = (curated.novel and reading.indicator_id is None
                         and same_label(reading.label, (row.get("source_label"), *curated.names)))
        if not new_and_named:
            said = reading.indicator_id or f"new “{reading.label}”"
            if curated.novel and reading.indicator_id is None:
                why = f"label “{reading.label}” is not “{row.get('source_label') or indicator}”"
            elif curated.novel:
                why = f"indicator {said}≠{indicator} (known from no other source)"
            else:
                held = "、".join(curated.indexed[:3]) + ("…" if len(curated.indexed) > 3 else "")
                why = f"indicator {said}≠{indicator} ({f'the index names it {held}' if held else 'not in the index'})"
            found.append(("indicator", why))
    return found


def max_matching(edges: dict[int, list[int]]) -> dict[int, int]:
    """The largest one-to-one matching (curated index -> reading index) of a bipartite graph given as
    curated index -> the reading indices it could match, in preference order (augmenting paths)."""
    owner: dict[int, int] = {}  # reading -> curated

    def augment(left: int, seen: set[int]) -> bool:
        for right in edges.get(left, ()):
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in sorted(edges):
        augment(left, set())
    return {left: right for right, left in owner.items()}


def _reading_key(reading: ProseReading) -> tuple[int, int]:
    return (reading.line, reading.start)


def match(curated: Sequence[Curated], readings: Sequence[ProseReading]) -> dict[int, int]:
    """Curated index -> reading index, one to one. A curated value prefers the reading on its own figure."""
    by_line: dict[int, list[int]] = {}
    for position, reading in enumerate(readings):
        by_line.setdefault(reading.line, []).append(position)
    edges: dict[int, list[int]] = {}
    for left, value in enumerate(curated):
        candidates = [right for right in by_line.get(value.line, ()) if not differences(value, readings[right])]
        candidates.sort(key=lambda right: (readings[right].start != value.at, readings[right].start))
        if candidates:
            edges[left] = candidates
    return max_matching(edges)


# ==== one document's result ==================================================================================

@dataclass
class Miss:
    line: int
    text: str  # the curated row's raw_text
    indicator: str
    why: str
    reason: str  # the criterion, for the summary: unread, skipped, no reading, taken, or a criterion name


@dataclass
class Wrong:
    line: int
    text: str  # the reading's number phrase
    said: str
    why: str
    reason: str  # not a measurement, no curated value, duplicate, or a criterion name


@dataclass
class DocumentResult:
    doc_id: str
    source_file: str
    curated: int
    machine: int
    matched: int
    mapping_agree: int  # readings agreeing with a curated value on everything but the indicator
    mapping_right: int  # ... of which agree on the indicator too
    unread: int
    misses: list[Miss] = field(default_factory=list)
    wrong: list[Wrong] = field(default_factory=list)
    unread_figures: list[ProseUnread] = field(default_factory=list)
    dropped_names: int = 0
    machine_named: int = 0  # readings that name a catalogue indicator (the rest name a new one)
    matched_named: int = 0  # ... of which match

    @property
    def precision_named(self) -> float | None:
        return self.matched_named / self.machine_named if self.machine_named else None

    @property
    def precision_new(self) -> float | None:
        new = self.machine - self.machine_named
        return (self.matched - self.matched_named) / new if new else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.curated if self.curated else None

    @property
    def precision(self) -> float | None:
        return self.matched / self.machine if self.machine else None

    @property
    def mapping(self) -> float | None:
        return self.mapping_right / self.mapping_agree if self.mapping_agree else None


def said(reading: ProseReading) -> str:
    """What the reader said, compact: indicator, kind, year, span, comparator, district, value."""
    parts = [reading.indicator_id or f"new “{reading.label}”", reading.value_kind, str(reading.year)]
    span = _span_of_reading(reading)
    if span is not None:
        parts.append(_span_words(span))
    if reading.district:
        parts.append(f"district {reading.district}")
    comparator = "" if _comparator(reading.comparator) == "=" else _comparator(reading.comparator)
    parts.append(f"{comparator}{_number(reading.value)} {reading.unit}".strip())
    return " ".join(parts)


def _nearest(candidates: Sequence[tuple[int, list]], start: int | None, starts: Sequence[int | None]):
    """The candidate with the fewest differences, then the nearest figure."""
    def key(item):
        position, found = item
        other = starts[position]
        distance = abs(other - start) if other is not None and start is not None else 10**9
        return (len(found), distance, position)

    return min(candidates, key=key) if candidates else None


def _reason(difference: tuple[str, str]) -> str:
    """The first difference's criterion, with a new indicator's label that words the curated one otherwise
    (the curated indicator known from no other source) told apart as "label wording"."""
    criterion, detail = difference
    return "label wording" if criterion == "indicator" and detail.startswith("label “") else criterion


def evaluate(doc_id: str, source_file: str, curated: Sequence[Curated], readings: Sequence[ProseReading],
             unread: Sequence[ProseUnread] = (), *, skip: Iterable[tuple[int, int]] = (),
             excluded: dict[tuple[int, int], str] | None = None) -> DocumentResult:
    """Match one document's readings with its curated values and explain every miss and wrong reading.
    `excluded`: (line, start) of the non-measurement figures -> why; `skip`: the figures tables read."""
    excluded = excluded or {}
    skip = set(skip)
    pairs = match(curated, readings)
    matched_readings = {right: left for left, right in pairs.items()}
    curated_figures = {(value.line, start) for value in curated
                       for start in (*value.figures, *(() if value.start is None else (value.start,)))}
    unread_at = {(item.line, item.start): item for item in unread}

    agree = right_indicator = 0
    for reading in readings:
        same_line = [differences(value, reading) for value in curated if value.line == reading.line]
        if any(all(criterion == "indicator" for criterion, _ in found) for found in same_line):
            agree += 1
            right_indicator += any(not found for found in same_line)

    misses = []
    reading_starts = [reading.start for reading in readings]
    for left, value in enumerate(curated):
        if left in pairs:
            continue
        row = value.row
        on_line = [(right, differences(value, reading)) for right, reading in enumerate(readings)
                   if reading.line == value.line]
        nearest = _nearest(on_line, value.at, reading_starts)
        figure = (value.line, value.start)
        if figure in unread_at and not (nearest and readings[nearest[0]].start == value.start):
            why, reason = f"unread: {unread_at[figure].reason}", "unread"
        elif figure in skip:
            why, reason = "skipped: a table of the document reads this figure", "skipped"
        elif nearest is None:
            why, reason = "no reading on this line", "no reading"
        elif not nearest[1]:
            other = curated[matched_readings[nearest[0]]].row
            why = f"its reading {readings[nearest[0]].text} is matched to {other['indicator_id']} {other['raw_text']}"
            reason = "taken"
        else:
            reading = readings[nearest[0]]
            where = "" if reading.start == value.at else f" (nearest reading: {reading.text})"
            why, reason = "; ".join(detail for _, detail in nearest[1]) + where, _reason(nearest[1][0])
        misses.append(Miss(value.line, row["raw_text"], row["indicator_id"], why, reason))

    wrong = []
    curated_starts = [value.at for value in curated]
    for right, reading in enumerate(readings):
        if right in matched_readings:
            continue
        key = _reading_key(reading)
        if key in excluded:
            why, reason = f"not a measurement: {excluded[key]}", "not a measurement"
        elif key not in curated_figures and not any(value.line == reading.line and value.start is None
                                                    for value in curated):
            why, reason = "no curated value reads this figure", "no curated value"
        else:
            on_line = [(left, differences(value, reading)) for left, value in enumerate(curated)
                       if value.line == reading.line]
            nearest = _nearest(on_line, reading.start, curated_starts)
            if not nearest[1]:
                why, reason = f"a second reading of {curated[nearest[0]].row['raw_text']}, already matched", \
                    "duplicate"
            else:
                row = curated[nearest[0]].row
                why = "; ".join(detail for _, detail in nearest[1]) + f" (curated: {row['indicator_id']} " \
                    f"{row['raw_text']})"
                reason = _reason(nearest[1][0])
        wrong.append(Wrong(reading.line, reading.text, said(reading), why, reason))

    named = [right for right, reading in enumerate(readings) if reading.indicator_id is not None]
    return DocumentResult(doc_id, source_file, len(curated), len(readings), len(pairs), agree, right_indicator,
                          len(unread), misses, wrong, list(unread), machine_named=len(named),
                          matched_named=sum(right in matched_readings for right in named))


# ==== the leave-one-out run ===================================================================================

@dataclass(frozen=True)
class Case:
    """One left-out document, ready to read: everything but the reading itself."""

    doc_id: str
    source_file: str
    index: LabelIndex
    skip: frozenset[tuple[int, int]]
    stated: tuple[dict, ...]  # what its tables read under names the reduced index keeps (not what it is judged on)
    curated: tuple[Curated, ...]
    excluded: dict[tuple[int, int], str]
    dropped_names: int


def rule_files_by_document(files: Iterable[Path]) -> dict[str, list[Path]]:
    """source_file -> its prose rule file(s), from the files themselves."""
    result: dict[str, list[Path]] = {}
    for path in files:
        with path.open(encoding="utf-8") as handle:
            spec = yaml.safe_load(handle) or {}
        if spec.get("source_file"):
            result.setdefault(spec["source_file"], []).append(path)
    return result


def _exclusions(doc, files: Iterable[Path]) -> dict[tuple[int, int], str]:
    """(line, start) -> why, for the document's not_measurements (figure text located on its line)."""
    result = {}
    for path in files:
        with path.open(encoding="utf-8") as handle:
            spec = yaml.safe_load(handle) or {}
        for entry in spec.get("not_measurements") or ():
            number = entry["line"]
            for figure in find_figures(doc.line(number), number):
                if figure.text == str(entry["figure"]):
                    result[(number, figure.start)] = str(entry["reason"]).strip()
    return result


def cases(documents: dict) -> list[Case]:
    """Every registered document with prose rules, left out in turn (`documents`: the sources read,
    analytics.ingest.sources.read_documents)."""
    from analytics.ingest.prose import extract_prose_observations, rule_files
    from analytics.ingest.tables import extract_table_observations

    catalogue.validate()
    indicators = catalogue.indicators()
    by_document = rule_files_by_document(rule_files())
    registered = [doc["source_file"] for doc in catalogue.documents()]
    tables = extract_table_observations(documents, unread=[])
    prose = extract_prose_observations(documents)
    normalised = {name: normalised_text(doc.lines) for name, doc in documents.items()}
    result = []
    for name in registered:
        if name not in by_document:
            continue
        doc = documents[name]
        others = [line for other, lines in normalised.items() if other != name for line in lines]
        index, dropped = reduced_index(indicators, others)
        own_tables = [row for row in tables if row["source_file"] == name]
        skip = frozenset((row["source_line"], row["position"])
                         for row in figure_rows({name: doc}, own_tables, files=[]) if row["status"] == "read")
        known_elsewhere = {row["indicator_id"] for row in (*tables, *prose) if row["source_file"] != name}
        index = learned_index(index, indicators, [row for row in (*tables, *prose) if row["source_file"] != name])
        # a table row read under a name only this document spells was matched with what the left-out
        # reader may not know: it does not tell the reader a span either
        hidden = set(dropped)
        stated = tuple(row for row in own_tables if catalogue.normalise_label(row["source_label"] or "") not in hidden)
        rows = extract_prose_observations(documents, files=by_document[name])
        curated, taken = [], set()
        for row in rows:
            indicator = indicators[row["indicator_id"]]
            line = doc.line(row["source_line"])
            read = figures_read(line, row["source_line"], [row])
            # two values with the same number in one quote (2家 … 2家) take its figures in turn
            free = [figure for figure in read if (figure.line, figure.start) not in taken] or read
            taken.update((figure.line, figure.start) for figure in free[:1])
            quoted = line.find(row["quote"])
            names = (indicator.name_zh, *indicator.aliases_zh)
            indexed = tuple(dict.fromkeys(key for key in map(catalogue.normalise_label, names)
                                          if index.names.get(key) == indicator.indicator_id))
            curated.append(Curated(row, names, novel=row["indicator_id"] not in known_elsewhere,
                                   start=free[0].start if free else None, indexed=indexed,
                                   figures=tuple(figure.start for figure in read),
                                   position=quoted + max(row["quote"].find(row["raw_text"]), 0)))
        result.append(Case(doc.doc_id, name, index, skip, stated, tuple(curated),
                           _exclusions(doc, by_document[name]),
                           len(dropped)))
    return result


def run(sources_dir: Path, reader: Callable | None = None) -> list[DocumentResult]:
    """Leave each document out in turn, read it, and measure. Only reads: the sources, the catalogue (its
    caches cleared before, so what is on disk now is read, and after, so nothing of the run stays behind);
    nothing is written to data/ or to the catalogue. `reader`: read_prose, or a stand-in with its signature."""
    from analytics.ingest.sources import read_documents

    if reader is None:
        from analytics.ingest.prose_reader import read_prose as reader
    catalogue.clear_caches()
    try:
        documents = read_documents(sources_dir)
        results = []
        for case in cases(documents):
            readings, unread = reader(documents[case.source_file], case.index, set(case.skip), case.stated)
            result = evaluate(case.doc_id, case.source_file, case.curated, sorted(readings, key=_reading_key),
                              unread, skip=case.skip, excluded=case.excluded)
            result.dropped_names = case.dropped_names
            results.append(result)
    finally:
        catalogue.clear_caches()
    return results


# ==== the report =============================================================================================

def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def total(results: Sequence[DocumentResult]) -> DocumentResult:
    return DocumentResult("total", "", *(sum(getattr(result, name) for result in results) for name in
                                         ("curated", "machine", "matched", "mapping_agree", "mapping_right",
                                          "unread")),
                          machine_named=sum(result.machine_named for result in results),
                          matched_named=sum(result.matched_named for result in results))


def goal_verdict(results: Sequence[DocumentResult]) -> list[str]:
    """The goal's clauses that are not met (empty: met)."""
    failed = []
    overall = total(results).recall
    if overall is None or overall < RECALL_GOAL:
        failed.append(f"recall overall {_percent(overall)} < 80 %")
    for result in results:
        if result.recall is None or result.recall < RECALL_GOAL_EACH:
            failed.append(f"recall of {result.doc_id} {_percent(result.recall)} < 70 %")
        if result.precision is None or result.precision < PRECISION_GOAL_EACH:
            failed.append(f"precision of {result.doc_id} {_percent(result.precision)} < 95 %")
    return failed


def table(results: Sequence[DocumentResult]) -> str:
    lines = ["| document | curated | machine | matched | recall | precision | precision: a catalogue indicator "
             "| precision: a new indicator | indicator mapping | unread |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for result in (*results, total(results)):
        name = f"**{result.doc_id}**" if result.doc_id == "total" else f"{result.doc_id} ({result.source_file})"
        mapping = (f"{_percent(result.mapping)} ({result.mapping_right}/{result.mapping_agree})"
                   if result.mapping_agree else "—")
        named = f"{_percent(result.precision_named)} ({result.matched_named}/{result.machine_named})"
        new = result.machine - result.machine_named
        fresh = f"{_percent(result.precision_new)} ({result.matched - result.matched_named}/{new})"
        lines.append(f"| {name} | {result.curated} | {result.machine} | {result.matched} | {_percent(result.recall)} "
                     f"| {_percent(result.precision)} | {named} | {fresh} | {mapping} | {result.unread} |")
    return "\n".join(lines)


def _counts(items: Iterable) -> str:
    counted = Counter(item.reason for item in items)
    return ", ".join(f"{reason} {count}" for reason, count in sorted(counted.items(), key=lambda x: (-x[1], x[0]))) \
        or "none"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def details(result: DocumentResult) -> str:
    """The misses and wrong readings of one document, in line order: how the reader gets improved."""
    out = [f"# {result.doc_id} ({result.source_file})", "",
           f"{result.curated} curated, {result.machine} read, {result.matched} matched; "
           f"{result.unread} figures unread; {result.dropped_names} catalogue names dropped (only this "
           "document spells them).", "",
           f"## Misses ({len(result.misses)}): curated values no reading matches", ""]
    if result.misses:
        out += ["| line | text | indicator | why |", "|---:|---|---|---|"]
        out += [f"| {m.line} | {_cell(m.text)} | {m.indicator} | {_cell(m.why)} |"
                for m in sorted(result.misses, key=lambda m: m.line)]
    out += ["", f"## Wrong readings ({len(result.wrong)}): readings no curated value matches", ""]
    if result.wrong:
        out += ["| line | text | the reader said | why wrong |", "|---:|---|---|---|"]
        out += [f"| {w.line} | {_cell(w.text)} | {_cell(w.said)} | {_cell(w.why)} |"
                for w in sorted(result.wrong, key=lambda w: w.line)]
    out += ["", f"## Unread ({len(result.unread_figures)}): figures the reader left, and why", ""]
    if result.unread_figures:
        out += ["| line | text | reason |", "|---:|---|---|"]
        out += [f"| {u.line} | {_cell(u.text)} | {_cell(u.reason)} |"
                for u in sorted(result.unread_figures, key=lambda u: (u.line, u.start))]
    return "\n".join(out) + "\n"


def report(results: Sequence[DocumentResult], artifacts: str = "artifacts/reading") -> str:
    failed = goal_verdict(results)
    verdict = "met" if not failed else "not met: " + "; ".join(failed)
    out = ["# Reading prose without rules: the leave-one-out benchmark", "",
           "Generated by `make bench-reading` (tests/reading_benchmark.py); do not edit by hand. How well the "
           "generic prose reader (`analytics/ingest/prose_reader.py`) reads a document it has never seen, "
           "measured against the values the hand-written prose rules curate (issue 21, item 4).", "",
           "## Definition", "", DEFINITION, "## Result", "", table(results), "", GOAL, "", f"Verdict: {verdict}.",
           "", "## Why", "",
           "Misses by the first thing that differed in the nearest reading of the line (unread: the reader "
           "listed the figure as unread; no reading: nothing read on the line; taken: its reading matched "
           "another value; label wording: a new indicator, as the curated indicator is known from no other "
           "source, under words that neither equal nor contain the curated label), and wrong readings by why "
           "they are wrong (not a measurement; no curated value: "
           "the figure is none a rule reads; duplicate: a second reading of a matched value). The lists, line "
           f"by line, are in `{artifacts}/<document>.md`.", "",
           "| document | misses | wrong readings |", "|---|---|---|"]
    out += [f"| {result.doc_id} | {_counts(result.misses)} | {_counts(result.wrong)} |" for result in results]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=paths.default_sources_dir())
    parser.add_argument("--out", default=str(DOC), help="the report (`-`: print only)")
    parser.add_argument("--artifacts", type=Path, default=ARTIFACTS, help="one file of misses per document")
    args = parser.parse_args(argv)
    try:
        results = run(args.sources)
    except NotImplementedError:
        print("The prose reader is not implemented yet (read_prose raises NotImplementedError): nothing to "
              "measure.", file=sys.stderr)
        return 2
    artifacts = args.artifacts.resolve()
    shown = artifacts.relative_to(PROJECT_DIR) if artifacts.is_relative_to(PROJECT_DIR) else artifacts
    text = report(results, str(shown))
    print(text)
    if args.out != "-":
        artifacts.mkdir(parents=True, exist_ok=True)
        for result in results:
            (artifacts / f"{result.doc_id}.md").write_text(details(result), encoding="utf-8")
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"written: {args.out}, {shown}/<document>.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
