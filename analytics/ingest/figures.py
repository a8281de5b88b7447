"""Source coverage: every figure of every source document, and whether the dataset reads it.

A *figure* is a number followed by a unit, anywhere on a line of a source document (prose and
table rows alike). The rule, `FIGURE` below, built from the catalogue:

    number       digits, thousands commas and decimals allowed (4.59, 10,000, 8052.61), not the
                 tail of another number or of a ratio (not after a digit, `.`, `:`, `：`, `∶`, `/`, or a
                 digit and a comma)
    multiplier   optional 万 / 千 / 亿 (1.5亿元, 7千多家), then optional 多 / 余 (6300多家)
    unit         one of the catalogue's units, longest first: every indicator's unit, both units
                 of each conversion in units.yaml, % and ％, and the counting units of
                 figures.yaml (`extra_units`: 次, 场, 项, 所), spaces allowed before it (not a
                 tab: a table's cells are separate)
    not a word   the unit does not begin a longer word listed in figures.yaml (`not_units`:
                 3个月 is a duration, not 3 个)

A ratio (10:38:52, 6.6:32.9:60.5) of three parts or more, or of two that add up to 100, is a figure
too: shares, the parts of a catalogue ratio (ratios.yaml) when read. 9:30 or 1:1 is not.

A figure is **read** when an observation on its line holds its number: the number occurs in the
observation's raw_text (as a number, 46.70 = 46.7) and one occurrence of the observation's quote
on that line covers the figure. A figure that is not a measurement (a date, a document number,
an item of a list) is listed with its reason under `not_measurements` in the document's prose
rules (prose_rules/*.yaml): **excluded**, reported but not counted. Every other figure is
**unread**. A document's coverage is read / (read + unread).

An exclusion that matches no figure of its line, or one that an observation reads, stops
ingestion with file:line: the list stays reviewed and honest.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import yaml

from analytics import catalogue
from analytics.ingest.sources import SourceDocument, SourceError
from analytics.schema import FIGURE_STATUSES as STATUSES

CONTEXT_BEFORE = 16  # characters of the line shown before a figure
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_RAW_NUMBER = re.compile(_NUMBER)
_EXCLUSION_KEYS = {"line", "figure", "reason"}


@dataclass(frozen=True)
class Figure:
    line: int  # 1-based
    start: int  # offset of the figure on its line
    end: int
    text: str  # the figure as written: 476个, 53.4%, 1.5亿元
    number: Decimal
    unit: str


def figure_units() -> tuple[str, ...]:
    """The units a figure may end in, longest first (see the module docstring)."""
    return _figure_units(catalogue.version())


@cache
def _figure_units(_catalogue_version: int) -> tuple[str, ...]:
    units = {"%", "％"} | {indicator.unit for indicator in catalogue.indicators().values()}
    units.update(unit for pair in catalogue.unit_factors() for unit in pair)
    units.update(catalogue.figure_rules().extra_units)
    units.discard("::")  # the notation of a ratio cell, not a unit of the text
    return tuple(sorted(units, key=lambda unit: (-len(unit), unit)))


def figure_pattern() -> re.Pattern[str]:
    return _figure_pattern(catalogue.version())


@cache
def _figure_pattern(_catalogue_version: int) -> re.Pattern[str]:
    units = "|".join(map(re.escape, figure_units()))
    space = r"[ \u3000]*"  # spaces, not a tab: a table's cells are separate
    not_a_tail = r"(?<![\d.:：∶/])(?<!\d,)"  # not the tail of another number, a ratio or a fraction
    return re.compile(rf"{not_a_tail}(?P<number>{_NUMBER}){space}(?:[万千亿])?(?:多|余)?{space}(?P<unit>{units})")


def find_figures(text: str, line: int) -> list[Figure]:
    """The figures of one line, in order."""
    not_units = catalogue.figure_rules().not_units
    figures = []
    for match in figure_pattern().finditer(text):
        if any(text.startswith(word, match.start("unit")) for word in not_units):
            continue  # the unit begins another word: 3个月
        figures.append(Figure(line, match.start(), match.end(), match[0], _decimal(match["number"]), match["unit"]))
    return figures


# a ratio of parts (高、中、初级…比例达到 10:38:52): three or more numbers, or two, joined by colons
_RATIO = re.compile(r"(?<![\d./])(?<!\d[:：∶])\d+(?:\.\d+)?(?:[ \u3000]*[:：∶][ \u3000]*\d+(?:\.\d+)?)+"
                    r"(?![\d:：∶]|\.\d)")


_RATIO_SIGN = re.compile(r"[:：∶]")


def find_ratios(text: str, line: int) -> list[Figure]:
    """The ratios (a:b:c) of one line, in order (a ratio the catalogue names, ratios.yaml, is read as its
    parts). `number` is the first part, `unit` the notation ::. Those that are measurements are
    `measured_ratios`."""
    return [Figure(line, match.start(), match.end(), match[0], _decimal(_RATIO_SIGN.split(match[0])[0].strip()), "::")
            for match in _RATIO.finditer(text)]


def ratio_parts(text: str) -> list[float]:
    """The numbers of a ratio as written (10:38:52 -> [10, 38, 52])."""
    return [float(part) for part in _RATIO_SIGN.split(text)]


def adds_up_to_100(parts: list[float]) -> bool:
    """The parts of a ratio are shares (of 100), to the rounding of their last digit."""
    return abs(sum(parts) - 100) <= 0.5


def is_measured(parts: list[float]) -> bool:
    """A ratio of three parts or more, or of parts that add up to 100, is a measurement (shares); two parts
    that do not (9:30, 1:1) may be a time or a proportion, which the figure rule leaves alone."""
    return len(parts) >= 3 or adds_up_to_100(parts)


def measured_ratios(text: str, line: int) -> list[Figure]:
    """The ratios of a line that source coverage counts as figures (`is_measured`)."""
    return [ratio for ratio in find_ratios(text, line) if is_measured(ratio_parts(ratio.text))]


def figure_rows(documents: dict[str, SourceDocument], observations: list[dict],
                files: list[Path] | None = None, unread: list | None = None) -> list[dict]:
    """One row per figure of every document (the source_figures table), in document and line order.
    `unread`: what the table reader could not read (analytics.ingest.tables.Unread); a figure inside
    such a cell or row gives the reason, and a cell with no figure (稳步提高) is a row of its own. A ratio that
    is a measurement (`measured_ratios`: 10:38:52) is a figure too."""
    exclusions = _exclusions(documents, files)
    problems: dict[tuple[str, int], list] = {}
    for item in unread or ():
        if item.what in ("cell", "row", "figure", "ratio"):
            problems.setdefault((item.source_file, item.line), []).append(item)
    by_line: dict[tuple[str, int], list[dict]] = {}
    for row in observations:
        by_line.setdefault((row["source_file"], row["source_line"]), []).append(row)
    rows = []
    for doc in sorted(documents.values(), key=lambda d: d.file_name):
        excluded = exclusions.get(doc.file_name, {})
        used: set[tuple[int, str]] = set()
        for number, text in enumerate(doc.lines, start=1):
            figures = sorted(find_figures(text, number) + measured_ratios(text, number), key=lambda f: f.start)
            for figure in figures:
                read = _is_read(figure, text, by_line.get((doc.file_name, number), []))
                reason = excluded.get((number, figure.text))
                where = f"{doc.file_name}:{number}"
                if reason is not None:
                    used.add((number, figure.text))
                    if read:
                        raise SourceError(f"{where}: {figure.text!r} is listed under not_measurements but an "
                                          "observation reads it; remove one of the two")
                elif not read:
                    reason = next((item.reason for item in problems.get((doc.file_name, number), ())
                                   if _covers(item, figure)), None)
                status = "read" if read else "excluded" if (number, figure.text) in excluded else "unread"
                rows.append(_row(doc, figure, text, status, reason))
            for item in problems.get((doc.file_name, number), ()):
                if item.what == "cell" and not any(_covers(item, figure) for figure in figures):
                    rows.append(_cell_row(doc, item, text))
        for number, figure_text in sorted(set(excluded) - used):
            raise SourceError(f"{doc.file_name}:{number}: not_measurements lists {figure_text!r}, which is not a "
                              "figure of this line (a number followed by a unit, see analytics/ingest/figures.py)")
    return rows


def coverage_counts(rows: list[dict]) -> dict[str, dict[str, int]]:
    """source_file -> {read, unread, excluded} counts (for reports and tests)."""
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["source_file"], dict.fromkeys(STATUSES, 0))[row["status"]] += 1
    return counts


# ---- helpers -------------------------------------------------------------------------------------------


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _numbers(raw_text: str) -> set[Decimal]:
    found = set()
    for text in _RAW_NUMBER.findall(raw_text or ""):
        try:
            found.add(_decimal(text))
        except InvalidOperation:
            continue
    return found


def _is_read(figure: Figure, text: str, observations: list[dict]) -> bool:
    for row in observations:
        if figure.number not in _numbers(row["raw_text"]):
            continue
        quote = row["quote"]
        start = text.find(quote)
        while start >= 0:
            if start <= figure.start and figure.end <= start + len(quote):
                return True
            start = text.find(quote, start + 1)
    return False


def _covers(item, figure: Figure) -> bool:
    """An unread cell (or a whole unread row) holds the figure."""
    if item.what in ("figure", "ratio"):  # what the prose reader left of a sentence (analytics.ingest.machine)
        return item.position == figure.start
    return item.what == "row" or item.position <= figure.start < item.position + max(len(item.text), 1)


def _cell_row(doc: SourceDocument, item, text: str) -> dict:
    """A table cell the reader could not read that holds no figure (稳步提高, 约3成): unread, with why."""
    figure = Figure(item.line, item.position, item.position + len(item.text), item.text[:40], Decimal(0), "")
    return _row(doc, figure, text, "unread", item.reason)


def _row(doc: SourceDocument, figure: Figure, text: str, status: str, reason: str | None) -> dict:
    key = f"{doc.file_name}|{figure.line}|{figure.start}"
    context = text[max(0, figure.start - CONTEXT_BEFORE):figure.end]
    return {
        "figure_id": hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        "doc_id": doc.doc_id,
        "source_file": doc.file_name,
        "source_line": figure.line,
        "position": figure.start,
        "figure": figure.text,
        "unit": figure.unit,
        "status": status,
        "reason": reason,
        "context": context,
    }


def _exclusions(documents: dict[str, SourceDocument], files: list[Path] | None) -> dict[str, dict]:
    """source_file -> {(line, figure text): reason}, from `not_measurements` of the prose rule files."""
    from analytics.ingest.prose import rule_files

    result: dict[str, dict] = {}
    for path in files if files is not None else rule_files():
        with path.open(encoding="utf-8") as handle:
            spec = yaml.safe_load(handle) or {}
        source_file = spec.get("source_file")
        entries = spec.get("not_measurements") or []
        if entries and source_file not in documents:
            raise SourceError(f"{path.name}: source_file {source_file!r} is not a listed source document")
        for position, entry in enumerate(entries, start=1):
            where = f"{source_file}:{entry.get('line') if isinstance(entry, dict) else '?'} ({path.name}, " \
                    f"not_measurements entry {position})"
            if not isinstance(entry, dict) or set(entry) != _EXCLUSION_KEYS:
                raise SourceError(f"{where}: an entry needs exactly line, figure and reason")
            if not isinstance(entry["line"], int) or not str(entry["figure"]).strip() or \
                    not str(entry["reason"]).strip():
                raise SourceError(f"{where}: line must be an integer, figure and reason non-empty")
            documents[source_file].line(entry["line"])  # in range
            key = (entry["line"], str(entry["figure"]))
            if key in result.setdefault(source_file, {}):
                raise SourceError(f"{where}: {key[1]!r} is listed twice")
            result[source_file][key] = str(entry["reason"]).strip()
    return result
