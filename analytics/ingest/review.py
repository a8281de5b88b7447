"""`python -m analytics.ingest review DOC --sources DIR [--accept-all]`: a person reviews what the prose
reader read from a registered document, and the accepted readings become curated prose rules.

The document's machine readings (analytics.ingest.prose_reader.pending_readings: what a rebuild
would keep as `reading = machine`) are listed one a line, then the figures left unread and why.
With --accept-all every reading is accepted; otherwise each is accepted, skipped, edited
(indicator, kind, year, span, comparator, district) or the review stops there. End of input
stops the review and writes nothing.

The accepted readings are written as prose rules (prose_rules/<doc_id>.yaml, the format of
analytics/ingest/prose.py), appended to the document's rules file when it has one (what is there
is kept byte for byte). A label no indicator claims becomes a new indicator marked
`reviewed: false` (indicators/unreviewed.yaml), as `add` does for table labels. As in `add`,
everything is written on a copy of the catalogue first, the whole dataset is built from it and
each accepted value must come out of that build as a curated reading; only then are the changed
files put in place, in one step through the catalogue journal, under the catalogue's lock.
Nothing here writes data/: the next rebuild does that.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analytics import catalogue, catalogue_journal
from analytics.ingest import prose_reader
from analytics.ingest.prose_reader import CURATED, ProseReading, ProseUnread, together
from analytics.ingest.register import (
    UNCATEGORISED,
    UNREVIEWED_FILE,
    UNREVIEWED_HEADER,
    _append,
    _indicator_id,
    _yaml_block,
)
from analytics.ingest.sources import SourceDocument, SourceError
from analytics.notation import NotationError, clean, parse_single
from analytics.schema import COMPARATORS, PERCENT_KINDS, TARGET_KINDS, VALUE_KINDS

RULES_DIR = "prose_rules"
ANSWERS = {"a": "accept", "s": "skip", "e": "edit", "q": "quit"}
PROMPT = "accept [a] / skip [s] / edit [e] / quit [q]? "
_NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")


class ReviewStopped(Exception):
    """The input ended during the review: nothing is written."""


@dataclass
class ReviewResult:
    doc_id: str
    accepted: int
    written: list[str]
    report: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.report)


def review(doc_ref: str, sources_dir: Path, *, accept_all: bool = False,
           ask: Callable[[str], str] = input, say: Callable[[str], None] = print) -> ReviewResult:
    """Review one document's machine readings. Raises SourceError or CatalogueError before anything was
    written, ReviewStopped at the end of input (nothing written), catalogue_journal.CommitFailed while the
    files are put in place (it says whether the change was committed)."""
    sources_dir = Path(sources_dir)
    real_dir = catalogue.directory()
    catalogue.validate()  # a bad catalogue: one clear CatalogueError before anything is read
    entry = _document(doc_ref)
    doc, readings, unread = _pending(sources_dir, entry["source_file"])
    if not readings:
        raise SourceError(f"{entry['source_file']}: no machine readings to review ({len(unread)} figure(s) of its "
                          "prose left unread, every other figure is read by a table or a prose rule)")
    for line in listing(readings, unread):
        say(line)
    accepted = list(readings) if accept_all else _interactive(readings, ask, say)
    if not accepted:
        return ReviewResult(entry["doc_id"], 0, [], ["No reading accepted: nothing was written."])
    return _write(real_dir, sources_dir, doc, accepted)


def _document(doc_ref: str) -> dict:
    """A registered document by its doc_id or its file name (a path to it in the sources is fine)."""
    name = Path(doc_ref).name
    for entry in catalogue.documents():
        if doc_ref == entry["doc_id"] or name == entry["source_file"]:
            return entry
    raise SourceError(f"{doc_ref}: not a registered document (neither a doc_id nor a source_file of documents.yaml); "
                      "register it first with `python -m analytics.ingest add FILE --sources DIR`")


def _pending(sources_dir: Path, file_name: str) -> tuple[SourceDocument, list[ProseReading], list[ProseUnread]]:
    if not sources_dir.is_dir():
        raise SourceError(f"{sources_dir}: sources directory not found")
    pending = getattr(prose_reader, "pending_readings", None)
    try:
        if pending is None:
            raise NotImplementedError
        doc, readings, unread = pending(sources_dir, file_name)
    except NotImplementedError:
        raise SourceError("the prose reader cannot read documents yet (analytics.ingest.prose_reader)") from None
    return doc, list(readings), list(unread)


# ---- the listing ----------------------------------------------------------------------------------------

def span_text(cumulative) -> str:
    if cumulative == "to_date":
        return "to date"
    if cumulative:
        return f"{cumulative[0]}-{cumulative[1]} total"
    return "year"


def _indicator_text(reading: ProseReading) -> str:
    if reading.indicator_id is None:
        return f"new: {reading.label}"
    indicator = catalogue.indicators().get(reading.indicator_id)
    name = indicator.name_zh if indicator else "(not in the catalogue)"
    return f"{reading.indicator_id} {name}"


def describe(reading: ProseReading) -> str:
    """One reading on one line: where, the figure, what it is read as, how sure and why."""
    return (f"{reading.source_file}:{reading.line}  {reading.text}  -> {_indicator_text(reading)}; "
            f"{reading.value_kind} {reading.year}, {span_text(reading.cumulative)}, "
            f"comparator {reading.comparator or '='}, district {reading.district or '—'}, "
            f"confidence {reading.confidence:.2f}; how: {reading.how}")


def listing(readings: list[ProseReading], unread: list[ProseUnread]) -> list[str]:
    lines = [f"Machine readings: {len(readings)}"]
    width = len(str(len(readings)))
    lines.extend(f"  [{number:>{width}}] {describe(reading)}" for number, reading in enumerate(readings, start=1))
    lines.append(f"Figures left unread: {len(unread)}")
    lines.extend(f"  {item.source_file}:{item.line}  {item.text}: {item.reason}" for item in unread)
    return lines


# ---- asking a person ------------------------------------------------------------------------------------

def _ask(ask: Callable[[str], str], prompt: str) -> str:
    try:
        return ask(prompt).strip()
    except EOFError:
        raise ReviewStopped from None


def _describe_item(parts: list[ProseReading]) -> str:
    first = parts[0]
    if first.ratio is None:
        return describe(first)
    shares = ", ".join(f"{part.indicator_id} {part.value:g}%" for part in parts)
    return describe(first).replace(f"-> {_indicator_text(first)}", f"-> the ratio {first.ratio}: {shares}", 1)


def _interactive(readings: list[ProseReading], ask, say) -> list[ProseReading]:
    accepted: list[ProseReading] = []
    questions = [[readings[position] for position in positions] for positions in together(readings)]
    for number, parts in enumerate(questions, start=1):
        say(f"[{number}/{len(questions)}] {_describe_item(parts)}")
        while True:
            answer = ANSWERS.get(_ask(ask, PROMPT).lower())
            if answer == "accept":
                accepted.extend(parts)
                break
            if answer == "skip":
                break
            if answer == "quit":
                say(f"Stopped at reading {number} of {len(questions)}.")
                return accepted
            if answer == "edit" and parts[0].ratio:
                say("  a ratio is accepted or skipped as read (its rule reads every part); edit its rule by hand")
            elif answer == "edit":
                parts = [_edit(parts[0], ask, say)]
                say(f"[{number}/{len(questions)}] {_describe_item(parts)}")
            else:
                say("  answer a (accept), s (skip), e (edit) or q (quit)")
    return accepted


def _edit(reading: ProseReading, ask, say) -> ProseReading:
    """Each field asked in turn, its current value kept on an empty answer; a bad answer is asked again."""
    questions = (
        ("indicator", lambda r: r.indicator_id or f"new:{r.label}", "an indicator id, or new:LABEL", _set_indicator),
        ("kind", lambda r: r.value_kind, ", ".join(VALUE_KINDS), _set_kind),
        ("year", lambda r: str(r.year), "a year", _set_year),
        ("span", lambda r: span_text(r.cumulative), "year, START-END for a total, or to date", _set_span),
        ("comparator", lambda r: r.comparator or "=", " ".join(COMPARATORS), _set_comparator),
        ("district", lambda r: r.district or "-", "a district's name, - for the whole city", _set_district),
    )
    for name, current, hint, setter in questions:
        while True:
            answer = _ask(ask, f"  {name} [{current(reading)}] ({hint}): ")
            try:
                reading = setter(reading, answer)
                break
            except ValueError as exc:
                say(f"    {exc}")
    return reading


def _set_indicator(reading: ProseReading, answer: str) -> ProseReading:
    if not answer:
        if reading.indicator_id is not None:
            _check_unit(reading, reading.indicator_id, reading.value_kind)
        return reading
    if answer.startswith("new:"):
        label = answer[4:].strip()
        if not label or any(not char.isprintable() for char in label):
            raise ValueError("new: needs the indicator's name as the document words it (new:城镇新增就业)")
        return dataclasses.replace(reading, indicator_id=None, label=label)
    if answer not in catalogue.indicators():
        raise ValueError(f"{answer!r} is not a catalogue indicator id (new:LABEL for a new one)")
    _check_unit(reading, answer, reading.value_kind)
    return dataclasses.replace(reading, indicator_id=answer)


def _check_unit(reading: ProseReading, indicator_id: str, value_kind: str) -> None:
    """The figure's unit must be the indicator's, count as it, or convert to it (units.yaml)."""
    unit = reading.unit.replace("％", "%")
    if value_kind in PERCENT_KINDS:
        if unit != "%":
            raise ValueError(f"a {value_kind} is a percentage; the figure is in {reading.unit}")
        return
    indicator = catalogue.indicators()[indicator_id]
    if unit == indicator.unit or unit in dict(indicator.unit_equivalents):
        return
    if "%" not in (unit, indicator.unit) and (unit, indicator.unit) in catalogue.unit_factors():
        return
    raise ValueError(f"{indicator_id} is in {indicator.unit}; the figure is in {reading.unit}, which does not "
                     "convert to it (units.yaml)")


def _set_kind(reading: ProseReading, answer: str) -> ProseReading:
    kind = answer or reading.value_kind
    if kind not in VALUE_KINDS:
        raise ValueError(f"{kind!r} is not a kind: {', '.join(VALUE_KINDS)}")
    if reading.indicator_id is not None:
        _check_unit(reading, reading.indicator_id, kind)
    elif kind in PERCENT_KINDS and reading.unit.replace("％", "%") != "%":
        raise ValueError(f"a {kind} is a percentage; the figure is in {reading.unit}")
    scope = reading.target_scope if kind in TARGET_KINDS else None
    return dataclasses.replace(reading, value_kind=kind, target_scope=scope)


def _set_year(reading: ProseReading, answer: str) -> ProseReading:
    if not answer:
        return reading
    if not re.fullmatch(r"(19|20)\d\d", answer):
        raise ValueError(f"{answer!r} is not a year (four digits, 1900-2099)")
    return dataclasses.replace(reading, year=int(answer))


def _set_span(reading: ProseReading, answer: str) -> ProseReading:
    text = answer.lower() if answer else span_text(reading.cumulative)
    if text == "year":
        return dataclasses.replace(reading, cumulative=None)
    if text.replace("_", " ") in ("to date", "todate"):
        return dataclasses.replace(reading, cumulative="to_date")
    match = re.fullmatch(r"((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)(?:\s+total)?", text)
    if not match:
        raise ValueError(f"{text!r}: answer year, START-END (a total, e.g. 2021-2025) or to date")
    start, end = int(match[1]), int(match[2])
    if start >= end:
        raise ValueError(f"{text!r}: a total's span starts before it ends")
    if end != reading.year:
        raise ValueError(f"{text!r}: a total ends in the value's year ({reading.year})")
    return dataclasses.replace(reading, cumulative=(start, end))


def _set_comparator(reading: ProseReading, answer: str) -> ProseReading:
    if not answer:
        return reading
    if answer not in COMPARATORS:
        raise ValueError(f"{answer!r} is not a comparator: {' '.join(COMPARATORS)}")
    return dataclasses.replace(reading, comparator=answer)


def _set_district(reading: ProseReading, answer: str) -> ProseReading:
    if not answer:
        return reading
    if answer == "-":
        return dataclasses.replace(reading, district=None)
    if any(not char.isprintable() or char.isspace() for char in answer):
        raise ValueError(f"{answer!r}: a district's name has no spaces or control characters")
    return dataclasses.replace(reading, district=answer)


# ---- the rules ------------------------------------------------------------------------------------------

def _text_and_unit(reading: ProseReading) -> tuple[str, str]:
    """The rule's `text` and `unit` that analytics.ingest.prose reads back as the reading's value in its unit:
    the figure as written when it reads so (4.59万人, 3.0%以内), else the number alone with the unit given
    apart (5万多人次 is 5 in 万人次, as the reader says)."""
    candidates = [reading.text]
    candidates += [match[0] for match in _NUMBER.finditer(reading.text) if match[0] != reading.text]
    for text in candidates:
        number_part = text
        if reading.unit and reading.unit in text:
            cut = text.rfind(reading.unit)
            number_part = text[:cut] + text[cut + len(reading.unit):]
        try:
            parsed = parse_single(number_part)
        except NotationError:
            continue
        if parsed.value is not None and not parsed.is_cumulative and math.isclose(parsed.value, reading.value,
                                                                                   rel_tol=1e-9, abs_tol=1e-12):
            return text, reading.unit
    raise SourceError(f"{reading.source_file}:{reading.line}: {reading.text!r} cannot be written as a rule that "
                      f"reads {reading.value:g} {reading.unit}; write its rule by hand")


def _parsed_comparator(text: str, unit: str) -> str | None:
    number_part = text.replace(unit, "", 1) if unit else text
    try:
        return parse_single(clean(number_part)).comparator
    except NotationError:
        return None


def rule_value(reading: ProseReading, indicator_id: str, unset: tuple[str, ...] = ()) -> dict:
    """One value of a rule: the keys every value has, then those the reading sets. `unset`: keys the rules
    file's defaults give, written as null where the reading has none (so no default applies to it)."""
    text, unit = _text_and_unit(reading)
    value = {"indicator": indicator_id, "text": text, "unit": unit, "value_kind": reading.value_kind,
             "year": reading.year, "plan_period": reading.plan_period, "label": reading.label}
    if reading.cumulative == "to_date":
        value["cumulative"] = "to_date"
    elif reading.cumulative:
        value["cumulative"] = [int(reading.cumulative[0]), int(reading.cumulative[1])]
    comparator = reading.comparator
    if comparator is None and _parsed_comparator(text, unit) not in (None, "="):
        comparator = "="  # the reader read no comparator: the text's own (约, 多) would otherwise apply
    return _with_optional_keys(value, reading, comparator, unset)


def _with_optional_keys(value: dict, reading: ProseReading, comparator: str | None, unset: tuple[str, ...]) -> dict:
    """The keys a value has only when the reading sets them, then `unset` as null (no default applies)."""
    if comparator is not None:
        value["comparator"] = comparator
    if reading.district:
        value["district"] = reading.district
    if reading.target_scope and reading.value_kind in TARGET_KINDS:
        value["target_scope"] = reading.target_scope
    for key in unset:
        value.setdefault(key, None)
    return value


def rules_for(readings: list[tuple[ProseReading, str]], unset: tuple[str, ...] = ()) -> list[dict]:
    """The readings of one quote make one rule, in the order the readings come; the parts of a ratio make
    one value of it (`ratio:`), as a hand-written rule does."""
    rules: dict[tuple[int, str], dict] = {}
    for positions in together([reading for reading, _ in readings]):
        reading, indicator_id = readings[positions[0]]
        rule = rules.setdefault((reading.line, reading.quote),
                                {"line": reading.line, "quote": reading.quote, "values": []})
        value = ratio_value([readings[position][0] for position in positions], unset) if reading.ratio else \
            rule_value(reading, indicator_id, unset)
        rule["values"].append(_Flow(value))
    return list(rules.values())


def ratio_value(parts: list[ProseReading], unset: tuple[str, ...] = ()) -> dict:
    """The value of a rule that reads a ratio the catalogue names, from the readings of its parts: all of
    them, alike in all but value and indicator (a ratio's rule gives every part; the interactive review
    asks about them together)."""
    from analytics.ingest.tables import ratios

    first = parts[0]
    where = f"{first.source_file}:{first.line}: the ratio {first.text}"
    ratio = ratios().get(catalogue.normalise_label(first.ratio))
    if ratio is None or sorted(part.indicator_id for part in parts) != sorted(ratio.components):
        raise SourceError(f"{where}: accept all of its parts, as read, or none")
    alike = {(part.value_kind, part.year, part.plan_period, part.cumulative, part.district, part.target_scope,
              part.comparator) for part in parts}
    if len(alike) != 1 or first.cumulative:
        raise SourceError(f"{where}: its parts were edited differently (or given a span); a ratio's rule reads "
                          "them alike, as of one year")
    value = {"ratio": ratio.label, "text": first.text, "value_kind": first.value_kind, "year": first.year,
             "plan_period": first.plan_period, "label": first.label}
    return _with_optional_keys(value, first, first.comparator, unset)


class _Flow(dict):
    """A value written on one line, `- {indicator: …, text: …}`, as the hand-written rules are."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)  # `values:` then its items indented under it


_Dumper.add_representer(_Flow, lambda dumper, data: dumper.represent_mapping(
    "tag:yaml.org,2002:map", data.items(), flow_style=True))


def dump_rules(rules: list[dict], indent: int = 2) -> str:
    text = yaml.dump(rules, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=10000)
    return "".join(" " * indent + line if line.strip() else line for line in text.splitlines(keepends=True))


def _header(file_name: str, today: str) -> str:
    return (f"# Figures of {file_name}'s prose, written by `python -m analytics.ingest review` from machine\n"
            f"# readings on {today}; each was reviewed by a person (accepted as read, or edited) before it\n"
            "# was written here. Edit them as any other prose rule.\n")


def _rules_file(work: Path, doc: SourceDocument) -> tuple[Path, dict | None]:
    """The rules file of the document: the one whose source_file it is (its doc_id's first), else a new one."""
    own = work / RULES_DIR / f"{doc.doc_id}.yaml"
    found = []
    for path in sorted((work / RULES_DIR).glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            try:
                spec = yaml.safe_load(handle)
            except yaml.YAMLError as exc:
                raise SourceError(f"{RULES_DIR}/{path.name}: not YAML ({exc})") from None
        if isinstance(spec, dict) and spec.get("source_file") == doc.file_name:
            found.append((path, spec))
        elif path == own:
            raise SourceError(f"{RULES_DIR}/{own.name} holds the rules of another document "
                              f"({spec.get('source_file') if isinstance(spec, dict) else '?'}); rename it")
    found.sort(key=lambda item: item[0] != own)
    return found[0] if found else (own, None)


def _write_rules(work: Path, doc: SourceDocument, readings: list[tuple[ProseReading, str]], today: str,
                 report: list[str]) -> str:
    path, spec = _rules_file(work, doc)
    name = f"{RULES_DIR}/{path.name}"
    if spec is None:
        rules = rules_for(readings)
        path.write_text(_header(doc.file_name, today)
                        + yaml.safe_dump({"source_file": doc.file_name}, allow_unicode=True, sort_keys=False)
                        + "rules:\n" + dump_rules(rules), encoding="utf-8")
        report.append(f"  {name} (new): {len(rules)} rule(s), {len(readings)} value(s)")
        return name
    defaults = spec.get("defaults") or {}
    if "ratio" in defaults:
        raise SourceError(f"{name}: its defaults name a ratio; add these rules to it by hand")
    rules = rules_for(readings, unset=tuple(defaults))
    existing = path.read_text(encoding="utf-8")
    if existing and not existing.endswith("\n"):
        existing += "\n"
    heading = re.search(r"^rules:[ \t]*(?:#.*)?$", existing, flags=re.MULTILINE)
    item = re.search(r"^( *)- ", existing[heading.end():], flags=re.MULTILINE) if heading else None
    indent = len(item[1]) if item else 2
    added = ("" if heading else "rules:\n") + " " * indent + f"# Added by review from machine readings on {today}, " \
        "each reviewed by a person.\n" + dump_rules(rules, indent)
    text = existing + added
    old_rules = spec.get("rules") or []
    try:
        after = yaml.safe_load(text)
    except yaml.YAMLError:
        after = None
    if not isinstance(after, dict) or after.get("rules") != old_rules + yaml.safe_load(dump_rules(rules, 0)) or \
            {k: v for k, v in after.items() if k != "rules"} != {k: v for k, v in spec.items() if k != "rules"}:
        raise SourceError(f"{name}: its `rules:` list is not the last thing in the file, so new rules cannot be "
                          "appended to it; move it to the end")
    path.write_bytes(text.encode("utf-8"))
    report.append(f"  {name}: {len(rules)} rule(s), {len(readings)} value(s) appended to its {len(old_rules)} rule(s)")
    return name


# ---- new indicators -------------------------------------------------------------------------------------

def _indicators(work: Path, accepted: list[ProseReading], report: list[str]) -> tuple[list[tuple[ProseReading, str]],
                                                                                       list[str], set[str]]:
    """Each accepted reading with its indicator id: a label no indicator claims becomes a new indicator marked
    reviewed: false (unless an indicator of that name exists by now, then that one)."""
    taken = set(catalogue.indicators())
    new: dict[str, tuple[str, list[ProseReading]]] = {}
    result: list[tuple[ProseReading, str]] = []
    for reading in accepted:
        if reading.indicator_id is not None:
            result.append((reading, reading.indicator_id))
            continue
        key = catalogue.normalise_label(reading.label)
        existing = catalogue.indicator_for_label(key)
        if existing is not None:
            report.append(f"  {reading.label}: an indicator of that name exists: {existing}")
            result.append((reading, existing))
            continue
        if key not in new:
            indicator_id = _indicator_id(key, taken)
            taken.add(indicator_id)
            new[key] = (indicator_id, [])
        new[key][1].append(reading)
        result.append((reading, new[key][0]))
    if not new:
        return result, [], set()
    blocks = []
    for key, (indicator_id, readings) in new.items():
        first = readings[0]
        units = {reading.unit.replace("％", "%") for reading in readings if reading.value_kind not in PERCENT_KINDS}
        if len(units) > 1:
            raise SourceError(f"{first.source_file}:{first.line}: {first.label} is read in {', '.join(sorted(units))}; "
                              "one indicator has one unit: edit the readings so they name one")
        unit = units.pop() if units else "%"
        targets = [reading.comparator for reading in readings if reading.value_kind in TARGET_KINDS]
        direction = "lower_better" if targets and all(c in ("<=", "<") for c in targets) else "higher_better"
        direction_how = "its targets are upper bounds" if direction == "lower_better" else "default: higher is better"
        where = f"{first.source_file}:{first.line}"
        report.append(f"  new indicator {indicator_id} {key}: unit {unit}, {UNCATEGORISED['category']}, {direction} "
                      f"({direction_how}), reviewed: false")
        blocks.append(_yaml_block({
            "id": indicator_id, "name_zh": key, "name_en": key, "category": UNCATEGORISED["category"], "unit": unit,
            "direction": direction, "reviewed": False,
            "definition_note": (f"Added by `python -m analytics.ingest review` from {where} ({first.label}), a machine "
                                f"reading a person accepted; the indicator is not reviewed. Unit from the figure, "
                                f"no category (prose names none), direction {direction_how}. To merge it into an "
                                f"existing indicator, add {key} to that indicator's aliases_zh and delete this "
                                "entry."),
        }))
    written = []
    if UNCATEGORISED["category"] not in {row["category"] for row in catalogue.categories()}:
        _append(work / "categories.yaml", _yaml_block(UNCATEGORISED, flow=True))
        written.append("categories.yaml")
    target = work / "indicators" / UNREVIEWED_FILE
    if not target.exists():
        target.write_text(UNREVIEWED_HEADER, encoding="utf-8")
    _append(target, "".join(blocks))
    written.append(f"indicators/{UNREVIEWED_FILE}")
    return result, written, {indicator_id for indicator_id, _ in new.values()}


# ---- writing, checked on a copy first -------------------------------------------------------------------

def _write(real_dir: Path, sources_dir: Path, doc: SourceDocument, accepted: list[ProseReading]) -> ReviewResult:
    today = datetime.date.today().isoformat()
    report = [f"Accepted: {len(accepted)} reading(s) of {doc.file_name}"]
    with catalogue_journal.locked(real_dir):
        catalogue.settle(real_dir, held=True)
        with tempfile.TemporaryDirectory(prefix="catalogue-") as scratch:
            work = Path(scratch) / "catalogue"
            shutil.copytree(real_dir, work, ignore=shutil.ignore_patterns(catalogue_journal.JOURNAL))
            with catalogue.using_directory(work):
                resolved, written, _new_ids = _indicators(work, accepted, report)
                catalogue.clear_caches()
                written.append(_write_rules(work, doc, resolved, today, report))
                catalogue.clear_caches()
                _build_check(sources_dir, doc, resolved, report)
            changes = {name: (work / name).read_bytes() for name in sorted(set(written))}
        catalogue_journal.commit(real_dir, changes, what=f"review {doc.file_name}")
        catalogue.clear_caches()
    report.append("Catalogue files changed (in one step): " + ", ".join(changes))
    report.append(f"Next: python -m analytics.ingest --sources {sources_dir} --data DIR")
    return ReviewResult(doc.doc_id, len(accepted), list(changes), report)


def _build_check(sources_dir: Path, doc: SourceDocument, resolved: list[tuple[ProseReading, str]],
                 report: list[str]) -> None:
    """The whole dataset builds from the copy, and every accepted value comes out of it as written, read by
    its rule (reading = curated)."""
    from analytics.ingest import build_tables

    tables = build_tables(sources_dir)
    rows = [row for row in tables["observations"].to_pylist() if row["source_file"] == doc.file_name]
    for reading, indicator_id in resolved:
        text = reading.text if reading.ratio else _text_and_unit(reading)[0]
        start = reading.cumulative[0] if isinstance(reading.cumulative, tuple) else None
        where = f"{doc.file_name}:{reading.line}"
        found = [row for row in rows if row["source_line"] == reading.line and row["indicator_id"] == indicator_id
                 and row["value_kind"] == reading.value_kind and row["year"] == reading.year
                 and row["district"] == reading.district and row["period_start"] == start
                 and row["raw_text"] == text]
        if len(found) != 1:
            raise SourceError(f"{where}: the rule written for {reading.text!r} gives {len(found)} values in the build "
                              "check, not one; nothing was written")
        row, expected = found[0], _expected_value(reading, indicator_id)
        span = "to_date" if reading.cumulative == "to_date" else "total" if reading.cumulative else "year"
        problems = []
        if row["value"] is None or not math.isclose(row["value"], expected, rel_tol=1e-9, abs_tol=1e-9):
            problems.append(f"value {row['value']} not {expected}")
        if (row["comparator"] or "=") != (reading.comparator or "="):
            problems.append(f"comparator {row['comparator']} not {reading.comparator or '='}")
        if row["span_kind"] != span:
            problems.append(f"span {row['span_kind']} not {span}")
        if row["reading"] != CURATED:
            problems.append(f"reading {row['reading']} not {CURATED}")
        if problems:
            raise SourceError(f"{where}: the rule written for {reading.text!r} reads back differently ("
                              f"{'; '.join(problems)}); nothing was written")
    report.append(f"Build check: the whole dataset builds with these rules; {len(resolved)} value(s) of "
                  f"{doc.file_name} now read by prose rules ({len(rows)} values in all)")


def _expected_value(reading: ProseReading, indicator_id: str) -> float:
    unit = catalogue.indicators()[indicator_id].unit
    written = reading.unit.replace("％", "%")
    if reading.value_kind in PERCENT_KINDS or written == unit \
            or written in dict(catalogue.indicators()[indicator_id].unit_equivalents):
        return reading.value
    return catalogue.convert(reading.value, written, unit)
