"""`python -m analytics.ingest add FILE --sources DIR`: register a document a user placed in DIR.

Everything is decided and checked on a copy of the catalogue first: the document's entry
(and its city and plan period when they are new) is written there, every row label no
indicator claims becomes a new indicator marked `reviewed: false`, and the whole dataset is
built from that copy. Only when the build succeeds are the changed YAML files put in place,
all of them as one step through a journal (analytics.catalogue_journal): killed or out of
disk space at any moment, the catalogue is afterwards wholly old or wholly new. `add` holds
the catalogue directory's lock from start to end, so two of them run one after the other.
Nothing here writes Python, and nothing writes data/: the next rebuild does that.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process

from analytics import catalogue, catalogue_journal, palette
from analytics.formats import DocumentText, check_size, read_document
from analytics.ingest import inference
from analytics.ingest.sources import SourceDocument, SourceError
from analytics.ingest.tables import UnknownLabel, discover_tables, parse_table

UNREVIEWED_FILE = "unreviewed.yaml"  # under indicators/
UNREVIEWED_HEADER = ("# Indicators added from source labels no catalogue indicator claimed (reviewed: false).\n"
                     "# Review each: fix name_en, unit, direction and category and set reviewed: true,\n"
                     "# or merge it into an existing indicator by adding the label to its aliases_zh.\n")
UNCATEGORISED = {"category": "uncategorised", "name_zh": "未分类", "name_en": "Not yet categorised"}
CATEGORY_MATCH = 60  # rapidfuzz partial_ratio a section title needs to name a category
KIND_EN = {"five_year_plan": "five-year plan", "annual_report": "annual work report",
           "implementation_rules": "implementation rules"}


@dataclass
class AddOptions:
    city_id: str | None = None
    city: str | None = None  # the city's Chinese name, without 市
    name_en: str | None = None
    province: str | None = None
    plan_period: str | None = None
    kind: str | None = None
    title_en: str | None = None


@dataclass
class AddResult:
    doc_id: str
    written: list[str]
    report: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.report)


def add(file: Path, sources_dir: Path, options: AddOptions | None = None) -> AddResult:
    """Raises SourceError (bad input), CatalogueError, OSError before anything was written, or
    catalogue_journal.CommitFailed, which says whether the change was committed."""
    options = options or AddOptions()
    real_dir = catalogue.directory()
    with catalogue_journal.locked(real_dir):
        settled = catalogue.settle(real_dir, held=True)
        path, raw, text = _read_new_file(Path(file), Path(sources_dir))
        lines = text.lines
        report: list[str] = [f"Catalogue {real_dir}: {settled}"] if settled else []
        report.append(f"Document {path.name}")
        report.append(f"  format    {text.format}" + (f", {text.encoding}" if text.encoding else "")
                      + f", {len(lines)} lines" + "".join(f"; {note}" for note in text.notes))
        entries = _entries(path.name, raw, lines, options, report)
        with tempfile.TemporaryDirectory(prefix="catalogue-") as scratch:
            work = Path(scratch) / "catalogue"
            shutil.copytree(real_dir, work, ignore=shutil.ignore_patterns(catalogue_journal.JOURNAL))
            written = _append_entries(work, entries)
            with catalogue.using_directory(work):
                doc = SourceDocument(catalogue.document_by_file(path.name), path, entries["sha256"], lines,
                                     text.locators, text.format)
                unknown = _tables_report(doc, report)
                unknown += _prose_labels(Path(sources_dir), doc, report)
                new_ids: set[str] = set()
                if unknown:
                    files, new_ids = _write_unreviewed(work, unknown, report)
                    written += files
                    catalogue.clear_caches()
                _build_check(Path(sources_dir), doc, new_ids, report)
            changes = {name: (work / name).read_bytes() for name in sorted(set(written))}
        catalogue_journal.commit(real_dir, changes, what=f"add {path.name}")
        catalogue.clear_caches()
    report.append("Catalogue files changed (in one step): " + ", ".join(changes))
    report.append(f"Next: python -m analytics.ingest --sources {sources_dir} --data DIR")
    return AddResult(entries["document"]["doc_id"], list(changes), report)


# ---- the file -----------------------------------------------------------------------------------------

def _read_new_file(file: Path, sources_dir: Path) -> tuple[Path, bytes, DocumentText]:
    if not sources_dir.is_dir():
        raise SourceError(f"{sources_dir}: sources directory not found")
    path = file if file.is_absolute() or file.parent != Path(".") else sources_dir / file
    control = next((char for char in path.name if unicodedata.category(char) in ("Cc", "Zl", "Zp")), None)
    if control is not None:
        raise SourceError(f"{path.name!r}: the file name holds a control character ({control!r}); rename the file "
                          "(its name is written to the catalogue and shown with every value)")
    if not path.is_file():
        raise SourceError(f"{file}: no such file")
    if path.resolve().parent != sources_dir.resolve():
        raise SourceError(f"{file}: not in the sources directory {sources_dir}; place the file there first "
                          "(the dataset is rebuilt from that directory)")
    check_size(path.name, path.stat().st_size)  # before its bytes are read
    raw = path.read_bytes()
    if not raw.strip():
        raise SourceError(f"{path.name}: empty file ({len(raw)} bytes{', all blank' if raw else ''}); nothing to "
                          "register")
    text = read_document(path, raw)  # text, Word, a web page or a PDF: its lines, or one clear FormatError
    digest = hashlib.sha256(raw).hexdigest()
    for doc in catalogue.documents():
        if doc["source_file"] == path.name or doc["sha256"] == digest:
            raise SourceError(f"{path.name}: already registered as {doc['doc_id']} (documents.yaml); nothing to do")
    return path, raw, text


# ---- what the document says about itself -----------------------------------------------------------------

def _entries(file_name: str, raw: bytes, lines: tuple[str, ...], options: AddOptions, report: list[str]) -> dict:
    city = _city(lines, options, report)
    period = _period(lines, options, report)
    kind = _kind(lines, options, report)
    title = inference.title(lines)
    title_zh = title.value if title else file_name
    issuer, number, issued = inference.issuer(lines), inference.doc_number(lines), inference.issued(lines)
    covers = inference.covers(lines, period["row_tuple"] if period else None)
    for name, found in (("title", title), ("issuer", issuer), ("number", number), ("issued", issued),
                        ("covers", covers)):
        report.append(f"  {name:<9} {_show(found.value) if found else '—'}"
                      f"{f'  ({found.how})' if found else '  (not stated in the opening lines)'}")
    period_id = period["entry"]["plan_period"] if period else None
    doc_id = _doc_id(city["entry"]["city_id"], kind, period_id, title_zh)
    span = covers.value if covers else None
    period_en = period["entry"]["name_en"] if period else None
    document = {
        "doc_id": doc_id,
        "source_file": file_name,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "city_id": city["entry"]["city_id"],
        "kind": kind,
        "title_zh": title_zh,
        "title_en": options.title_en or (f"{city['entry']['name_en']} {KIND_EN.get(kind, kind)}"
                                         + (f", {period_en}" if period_en else "") + " (title not translated)"),
        "issuer_zh": issuer.value if issuer else None,
        "issuer_en": None,
        "doc_number": number.value if number else None,
        "issued": issued.value if issued else None,
        "plan_period": period_id,
        "covers_zh": f"{span[0]}-{span[1]}年" if span else None,
        "covers_en": f"{span[0]}-{span[1]}" if span else None,
    }
    report.insert(1, f"  doc_id    {doc_id}")
    report.append(f"  sha256    {document['sha256']}")
    return {"document": document, "city": city.get("new"), "period": period.get("new") if period else None,
            "sha256": document["sha256"]}


def _show(value) -> str:
    return f"{value[0]}-{value[1]}" if isinstance(value, tuple) else str(value)


def _city(lines, options: AddOptions, report: list[str]) -> dict:
    known = {row["city_id"]: row for row in catalogue.cities()}
    if options.city_id in known and not options.city:
        row = known[options.city_id]
        report.append(f"  city      {row['city_id']} {row['name_zh']} / {row['name_en']} (--city-id, registered)")
        return {"entry": row}
    inferred = inference.city_name(lines)
    name = options.city or (inferred.value if inferred else None)
    if not name:
        raise SourceError("cannot tell the city: neither the title nor an issuer line starts with a city's name "
                          "followed by 市 (a table row or a sentence does not count); pass --city NAME, or --city-id "
                          "of a registered city")
    how = "--city" if options.city else inferred.how
    by_name = next((row for row in known.values() if row["name_zh"] == name), None)
    if by_name and options.city_id in (None, by_name["city_id"]):
        report.append(f"  city      {by_name['city_id']} {name} / {by_name['name_en']} (registered; {how})")
        return {"entry": by_name}
    city_id = options.city_id or inference.pinyin_id(name)
    if city_id in known:
        raise SourceError(f"city {name}: the id {city_id} is already {known[city_id]['name_zh']}'s; "
                          "pass --city-id with another id")
    province = _province(lines, options)
    new = {
        "city_id": city_id,
        "name_zh": name,
        "name_en": options.name_en or inference.pinyin_name(name),
        "province_zh": province.value if province else None,
        "province_en": inference.pinyin_name(province.value) if province else None,
        "color": palette.next_colour([row["color"] for row in known.values()]),
        "sort_order": max((row["sort_order"] for row in known.values()), default=0) + 1,
    }
    report.append(f"  city      {city_id} {name} / {new['name_en']} (new; {how}), colour {new['color']}")
    shown = f"{new['province_zh']} / {new['province_en']}" if province else "—"
    report.append(f"  province  {shown}  ({province.how if province else 'not stated; pass --province'})")
    return {"entry": new, "new": new}


def _province(lines, options: AddOptions):
    if options.province:
        return inference.Inferred(options.province.removesuffix("省"), "--province")
    return inference.province_name(lines)


def _period(lines, options: AddOptions, report: list[str]) -> dict | None:
    known = {row["plan_period"]: row for row in catalogue.plan_periods()}
    if options.plan_period:
        if options.plan_period in known:
            row = known[options.plan_period]
            report.append(f"  period    {row['plan_period']} {row['name_zh']} (--plan-period)")
            return {"entry": row, "row_tuple": (0, row["name_zh"], row["start_year"], row["end_year"])}
        ordinal = _plan_ordinal(options.plan_period, known)
        start, end = inference.plan_years(ordinal)
        inferred = inference.Inferred((ordinal, f"“{_ordinal_zh(ordinal)}”", start, end), "--plan-period")
    else:
        inferred = inference.plan_period(lines)
        if inferred is None:
            report.append("  period    —  (the opening lines name no plan period)")
            return None
    ordinal, name_zh, start, end = inferred.value
    by_name = next((row for row in known.values() if row["name_zh"].strip("“”") == name_zh.strip("“”")), None)
    if by_name:
        report.append(f"  period    {by_name['plan_period']} {by_name['name_zh']} "
                      f"{by_name['start_year']}-{by_name['end_year']} (registered; {inferred.how})")
        return {"entry": by_name, "row_tuple": inferred.value}
    new = {"plan_period": _ordinal_en(ordinal), "name_zh": name_zh,
           "name_en": f"{_ordinal_en(ordinal)} Five-Year Plan", "start_year": start, "end_year": end}
    if new["plan_period"] in known:
        raise SourceError(f"plan period {new['plan_period']} is registered with another name "
                          f"({known[new['plan_period']]['name_zh']})")
    report.append(f"  period    {new['plan_period']} {name_zh} {start}-{end} (new; {inferred.how})")
    return {"entry": new, "new": new, "row_tuple": inferred.value}


def _plan_ordinal(option: str, known: dict) -> int:
    """--plan-period as a five-year plan's number: a proper English ordinal (1st, 2nd, 15th) of a plan that
    has begun or is the next one."""
    latest = inference.latest_plan()
    match = re.fullmatch(r"([1-9]\d{0,2})(st|nd|rd|th)", option)
    if not match or _ordinal_en(int(match[1])) != option or int(match[1]) > latest:
        first, last = inference.plan_years(latest)
        raise SourceError(f"--plan-period {option}: not a registered plan period ({', '.join(known)}) nor a "
                          f"five-year plan: 1st (1953-1957) to {_ordinal_en(latest)} ({first}-{last}), written as "
                          "an English ordinal (1st, 2nd, 3rd, 15th)")
    return int(match[1])


def _ordinal_en(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    suffix = "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _ordinal_zh(ordinal: int) -> str:
    """The plan's short Chinese name without quotes: 一五, 九五, 十五, 十四五."""
    if ordinal < 10:
        return inference.DIGITS[ordinal - 1] + "五"
    if ordinal < 20:
        return "十" + (inference.DIGITS[ordinal - 11] if ordinal > 10 else "") + "五"
    return f"{ordinal}五"


def _kind(lines, options: AddOptions, report: list[str]) -> str:
    if options.kind:
        if options.kind not in KIND_EN:
            raise SourceError(f"--kind {options.kind}: one of {', '.join(KIND_EN)}")
        report.append(f"  kind      {options.kind} (--kind)")
        return options.kind
    inferred = inference.kind(lines)
    if inferred is None:
        raise SourceError(f"cannot tell what kind of document it is (no title word of {inference.KIND_WORDS}); "
                          f"pass --kind ({', '.join(KIND_EN)})")
    report.append(f"  kind      {inferred.value} ({inferred.how})")
    return inferred.value


def _doc_id(city_id: str, kind: str, period: str | None, title_zh: str) -> str:
    if kind == "five_year_plan" and period:
        base = f"{city_id}_{period}_plan"
    elif kind == "annual_report":
        year = re.search(r"(?:19|20)\d{2}", title_zh)
        base = f"{city_id}_{year[0]}_work_report" if year else f"{city_id}_work_report"
    else:
        base = f"{city_id}_{kind}"
    taken = {doc["doc_id"] for doc in catalogue.documents()}
    doc_id, n = base, 2
    while doc_id in taken:
        doc_id, n = f"{base}_{n}", n + 1
    return doc_id


# ---- writing YAML -------------------------------------------------------------------------------------

def _yaml_block(entry: dict, flow: bool = False) -> str:
    """One list entry, in block style, or with `flow` on one `- {key: value, …}` line like the
    hand-written entries of cities.yaml."""
    return yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, default_flow_style=None if flow else False,
                          width=1000)


def _append(path: Path, text: str) -> None:
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    if existing and not existing.endswith("\n"):
        existing += "\n"
    path.write_text(existing + text, encoding="utf-8")


def _append_entries(work: Path, entries: dict) -> list[str]:
    written = ["documents.yaml"]
    _append(work / "documents.yaml", _yaml_block(entries["document"]))
    if entries["city"]:
        _append(work / "cities.yaml", _yaml_block(entries["city"], flow=True))
        written.append("cities.yaml")
    if entries["period"]:
        _append(work / "plan_periods.yaml", _yaml_block(entries["period"], flow=True))
        written.append("plan_periods.yaml")
    catalogue.clear_caches()
    return written


# ---- tables and unknown labels ----------------------------------------------------------------------------

def _tables_report(doc: SourceDocument, report: list[str]) -> list[UnknownLabel]:
    """How each table's header was read; the labels no indicator claims (rows come after, in _rows_report;
    what could not be read, after the build check, in _unread_report)."""
    layouts = discover_tables(doc, [])
    report.append(f"Tables: {len(layouts)}")
    unknown: list[UnknownLabel] = []
    for layout in layouts:
        block = layout.block
        report.append(f"  {layout.table}  title line {layout.title_line}: {_clip(doc.line(layout.title_line))}")
        for reading in layout.readings:
            report.append(f"    {reading}")
        for row in block.header:
            report.append(f"    header line {row.line}: {_clip(doc.line(row.line), 70)}")
        report.append(f"    plan period {layout.plan_period} ({layout.plan_period_reading})")
        for position, column in enumerate(layout.columns, start=1):
            report.append(f"    column {position} {column.header or '(blank)'}: {column.reading}")
        if layout.title_label:
            report.append(f"    no label column: every row is {layout.title_label} (from the title)")
        if layout.marks:
            marks = ", ".join(f"{mark} {attribute}" for mark, attribute in layout.marks)
            others = f", others {layout.others_attribute}" if layout.others_attribute else ""
            report.append(f"    footnote marks (from the note): {marks}{others}")
        for line, why in block.skipped:
            report.append(f"    line {line} skipped: {why}")
        sections = [item for item in block.body if item.is_section]
        if sections:
            report.append(f"    section rows: {', '.join(f'{item.text} (line {item.line})' for item in sections)}")
        parse_table(doc, layout, unknown, [])
    if not layouts:
        report.append("  (no 专栏/表 title followed by a tab-separated header)")
    return unknown


def _prose_labels(sources_dir: Path, doc: SourceDocument, report: list[str]) -> list[UnknownLabel]:
    """The labels of the prose reader's readings (analytics.ingest.prose_reader) that no indicator claims:
    registered like a table's unknown labels, so that the rebuild keeps those readings (marked machine)."""
    from analytics.ingest.prose_reader import pending_readings

    _doc, readings, _unread = pending_readings(sources_dir, doc.file_name)
    report.append(f"Prose: {len(readings)} figures read by machine (marked machine-read until a person reviews "
                  f"them: python -m analytics.ingest review {doc.file_name} --sources {sources_dir})")
    return [UnknownLabel(reading.label, f"{doc.file_name}:{reading.line}", reading.unit, reading.section,
                         [reading.comparator] if reading.value_kind == "target" and reading.comparator else [])
            for reading in readings if reading.indicator_id is None]


def _unread_report(doc: SourceDocument, unread: list, report: list[str]) -> None:
    """Every table, row or cell of the document the reader could not read, with file:line and why."""
    mine = [item for item in unread if item.source_file == doc.file_name]
    report.append(f"Not read (tables and prose): {len(mine)}" + (" (listed as unread in the source coverage)"
                                                                if mine else ""))
    for item in mine:
        report.append(f"  {item.where}  {item.what} {_clip(item.text, 40)}: {item.reason}")


def _rows_report(observations: list[dict], new_ids: set[str], report: list[str]) -> None:
    """Rows, values and labels per table, from the observations the build read from the document."""
    report.append("Rows per table:")
    by_table: dict[str, list[dict]] = {}
    for row in sorted(observations, key=lambda row: row["source_line"]):
        if row["source_table"]:
            by_table.setdefault(row["source_table"], []).append(row)
    for table, rows in by_table.items():
        lines = {row["source_line"] for row in rows}
        new = {row["source_label"] for row in rows if row["indicator_id"] in new_ids}
        known = {row["source_label"] for row in rows} - new
        report.append(f"  {table}: {len(lines)} rows, {len(rows)} values; {len(known)} labels matched to "
                      f"catalogue indicators, {len(new)} new (unreviewed)")


def _clip(text: str, width: int = 50) -> str:
    text = text.strip().replace("\t", " ")
    return text if len(text) <= width else text[:width] + "…"


def _write_unreviewed(work: Path, unknown: list[UnknownLabel], report: list[str]) -> tuple[list[str], set[str]]:
    merged: dict[str, UnknownLabel] = {}
    for item in unknown:  # one indicator per label; a later row's section fills a missing one
        key = catalogue.normalise_label(re.sub(r"^其中\s*[：:]\s*", "", item.label))
        first = merged.setdefault(key, item)
        if first.section is None and item.section:
            first.section = item.section
        if first is not item:
            first.target_comparators.extend(item.target_comparators)
    report.append(f"Unknown labels: {len(merged)} in {len(unknown)} rows (written as new indicators marked "
                  "reviewed: false)")
    choices = {}
    for indicator in catalogue.indicators().values():
        for alias in (indicator.name_zh, *indicator.aliases_zh):
            choices[f"{indicator.indicator_id}|{alias}"] = alias
    taken = set(catalogue.indicators())
    categories = {row["category"]: row["name_zh"] for row in catalogue.categories()}
    blocks, new_category = [], False
    new_ids: set[str] = set()
    for key, item in merged.items():
        indicator_id = _indicator_id(key, taken)
        taken.add(indicator_id)
        new_ids.add(indicator_id)
        category, category_how = _category(item.section, categories)
        new_category |= category == UNCATEGORISED["category"] and category not in categories
        if item.unit is None:
            raise SourceError(f"{item.where}: cannot tell the unit of {item.label!r} (no unit column, no (unit) "
                              "after the label, no % in its cells)")
        direction = "lower_better" if item.target_comparators and all(
            c in ("<=", "<") for c in item.target_comparators) else "higher_better"
        direction_how = ("its targets are upper bounds" if direction == "lower_better"
                         else "default: higher is better")
        closest = process.extract(key, choices, scorer=fuzz.WRatio, limit=12)
        best: dict[str, float] = {}
        for _alias, score, choice_key in closest:
            best.setdefault(choice_key.split("|")[0], score)
        shown = ", ".join(f"{catalogue.indicators()[i].name_zh} ({i}, {s:.0f})" for i, s in list(best.items())[:3])
        report.append(f"  {item.label}  ({item.where}) -> {indicator_id}, unit {item.unit}, {category} "
                      f"({category_how}), {direction} ({direction_how})")
        report.append(f"      closest catalogue names: {shown or '—'}")
        blocks.append(_yaml_block({
            "id": indicator_id, "name_zh": key, "name_en": key, "category": category, "unit": item.unit,
            "direction": direction, "reviewed": False,
            "definition_note": (f"Added by `python -m analytics.ingest add` from {item.where} ({item.label}); "
                                f"not reviewed. Unit from the source, category {category_how}, direction "
                                f"{direction_how}. To merge it into an existing indicator, add {key} to that "
                                "indicator's aliases_zh and delete this entry."),
        }))
    written = []
    if new_category:
        _append(work / "categories.yaml", _yaml_block(UNCATEGORISED, flow=True))
        written.append("categories.yaml")
    target = work / "indicators" / UNREVIEWED_FILE
    if not target.exists():
        target.write_text(UNREVIEWED_HEADER, encoding="utf-8")
    _append(target, "".join(blocks))
    written.append(f"indicators/{UNREVIEWED_FILE}")
    return written, new_ids


def _indicator_id(label: str, taken: set[str]) -> str:
    words = [re.sub(r"[^a-z0-9]", "", word.lower()) for word in lazy_pinyin(label)]
    base = "_".join(word for word in words if word)[:60].strip("_") or "indicator"
    if not base[0].isalpha():
        base = f"n_{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def _category(section: str | None, categories: dict[str, str]) -> tuple[str, str]:
    if section:
        match = process.extractOne(section, categories, scorer=fuzz.partial_ratio)
        if match and match[1] >= CATEGORY_MATCH:
            return match[2], f"from the table's section {section}"
    return UNCATEGORISED["category"], "no section row names one"


# ---- the build check and what the prose holds ------------------------------------------------------------

def _build_check(sources_dir: Path, doc: SourceDocument, new_ids: set[str], report: list[str]) -> None:
    from analytics.ingest import build_tables

    unread: list = []
    tables = build_tables(sources_dir, unread)
    observations = [row for row in tables["observations"].to_pylist() if row["source_file"] == doc.file_name]
    _rows_report(observations, new_ids, report)
    machine = sum(row["reading"] == "machine" for row in observations)
    report.append(f"Build check: the whole dataset builds with this document; it gives {len(observations)} "
                  f"values ({sum(row['source_table'] is not None for row in observations)} from tables, {machine} "
                  "read by machine from the prose)")
    report.extend(_repeated_tables_report(tables["quality_notes"].to_pylist(), observations))
    _unread_report(doc, unread, report)
    figures = [row for row in tables["source_figures"].to_pylist() if row["source_file"] == doc.file_name]
    report.extend(_prose_report(doc, figures))


def _repeated_tables_report(notes: list[dict], observations: list[dict]) -> list[str]:
    """A table repeated under another number (quality.table_repeated): said here, since its values would
    otherwise look confirmed twice."""
    mine = {row["obs_id"] for row in observations}
    return [f"  Repeated table: {note['message_en']} (a quality note on its rows; check the source)"
            for note in notes if note["check"] == "table_repeated" and mine.intersection(note["obs_ids"])]


def _is_prose_line(doc: SourceDocument, row: dict) -> bool:
    return "\t" not in doc.line(row["source_line"])


def _prose_report(doc: SourceDocument, figures: list[dict], shown: int = 15) -> list[str]:
    """The document's figures (its rows of the source_figures table, analytics/ingest/figures.py:
    the rule the Sources page counts by) that no table or prose rule reads yet."""
    unread = [row for row in figures if (row["status"] == "unread" and row["figure"] and
              not row["reason"]) or (row["reason"] and row["status"] == "unread" and _is_prose_line(doc, row))]
    lines = [f"Figures of the prose left unread: {len(unread)} of {len(figures)}"
             + (" (a prose rule in prose_rules/*.yaml can read them)" if unread else "")]
    for row in unread[:shown]:
        why = f"  ({row['reason']})" if row["reason"] else ""
        lines.append(f"  {doc.file_name}:{row['source_line']}  {row['figure']}  …{row['context'].strip()}{why}")
    if len(unread) > shown:
        lines.append(f"  … and {len(unread) - shown} more")
    return lines
