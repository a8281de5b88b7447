"""Indicator tables (专栏 / 表) of any document, read by one generic reader.

A table is a title line (专栏1 …, 表2 …, markup allowed) whose next non-blank line is a
tab-separated header. The header's words give each column its role (catalogue
table_headers.yaml): label, unit, attribute, row number, or a value of some kind for some
year. What a header cannot say is a small per-table override (table_overrides.yaml). Then:

- rows are read until the first non-blank line without a tab; blank lines and section rows
  (一、就业) inside a table are skipped; the section names the category of a new indicator;
- row numbers ("1", "1. ") must run 1, 2, 3 … when the table numbers its rows;
- a label may carry its unit in brackets (城镇新增就业人数(万人)) when there is no unit column;
- every label maps to a catalogue indicator (or a ratio in ratios.yaml), every cell is read by
  analytics.notation; an unknown label, notation or header word stops ingestion with file:line
  (`python -m analytics.ingest add` turns unknown labels into unreviewed indicators instead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import yaml

from analytics import catalogue
from analytics.ingest.observation import observation
from analytics.ingest.sources import SourceDocument, SourceError
from analytics.notation import NotationError, ParsedValue, clean, parse_cell, strip_markup

_SECTION = re.compile(r"^[一二三四五六七八九十]+、\S")
_NUMBERED = re.compile(r"^(?P<num>\d+)\.\s*(?P<rest>.*)$")
_BRACKETED = re.compile(r"^(?P<name>.*?)\s*[（(](?P<inner>[^（）()]+)[）)]$")
_OF_WHICH = re.compile(r"^其中\s*[：:]\s*")
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")


@dataclass(frozen=True)
class Column:
    header: str  # header text with all white space removed
    role: str  # "number" | "label" | "unit" | "attribute" | "value"
    value_kind: str | None = None
    year: int | None = None
    span: tuple[int, int] | None = None  # years a bracketed [x] cell of this column covers
    unit: str | None = None  # the column's own unit (完成比例(%)), overriding the row's
    # Unbracketed cells read as five-year totals too, with the reason recorded as the note:
    cumulative_by_name: str | None = None  # … when the label starts with this (五年…)
    cumulative_like: str | None = None  # … when the row's cell in this other column is bracketed
    cumulative_labels: tuple[tuple[str, str], ...] = ()  # … when the label is one of these (label, why)
    reading: str = ""  # how the header was read, in words (the add report prints it)


@dataclass(frozen=True)
class Footnote:
    """A note printed under a table (注: …) that qualifies some of its cells; `quote` must be in it."""

    quote: str
    labels: tuple[str, ...]  # the rows it applies to, as written
    headers: tuple[str, ...]  # the columns it applies to
    note: str


@dataclass(frozen=True)
class TableLayout:
    source_file: str
    table: str  # source_table of the rows: 专栏1 / 表2
    title_line: int
    header_line: int
    plan_period: str
    columns: tuple[Column, ...]
    footnotes: tuple[Footnote, ...] = ()
    plan_period_reading: str = ""

    @property
    def unit_in_label(self) -> bool:  # no unit column: 城镇新增就业人数(万人)
        return all(column.role != "unit" for column in self.columns)

    def column(self, header: str) -> int:
        return [column.header for column in self.columns].index(header)


@dataclass
class UnknownLabel:
    """A row label no indicator claims, as `add` reports it and turns it into a new indicator."""

    label: str
    where: str
    unit: str | None
    section: str | None
    target_comparators: list[str] = field(default_factory=list)


# ---- finding the tables of a document ----------------------------------------------------------------

def discover_tables(doc: SourceDocument) -> list[TableLayout]:
    """Every table of the document: a title line whose next non-blank line is tab-separated."""
    vocabulary = catalogue.header_vocabulary()
    title = re.compile(rf"^(?P<name>(?:{'|'.join(map(re.escape, vocabulary.titles))})\s*(?P<num>\d+))")
    layouts: dict[str, TableLayout] = {}
    for number, text in enumerate(doc.lines, start=1):
        if "\t" in text.strip("\t"):
            continue  # a row or header, not a title
        match = title.match(strip_markup(text))
        if not match:
            continue
        header = _next_non_blank(doc, number)
        if header is None or "\t" not in doc.line(header):
            continue  # a programme box: prose under a 专栏 title, read by prose rules
        table = re.sub(r"\s+", "", match["name"])
        if table in layouts:
            raise SourceError(f"{doc.file_name}:{number}: a second table titled {table} "
                              f"(the first starts at line {layouts[table].title_line})")
        layouts[table] = _layout(doc, table, number, header)
    for source_file, table in catalogue.table_overrides():
        if source_file == doc.file_name and table not in layouts:
            raise SourceError(f"{doc.file_name}: table_overrides.yaml names {table}, which this document does not "
                              f"have (tables found: {', '.join(layouts) or 'none'})")
    return list(layouts.values())


def find_table(doc: SourceDocument, table: str) -> TableLayout:
    for layout in discover_tables(doc):
        if layout.table == table:
            return layout
    raise SourceError(f"{doc.file_name}: no table {table}")


def _next_non_blank(doc: SourceDocument, after: int) -> int | None:
    return next((n for n in range(after + 1, len(doc.lines) + 1) if doc.line(n).strip()), None)


def _layout(doc: SourceDocument, table: str, title_line: int, header_line: int) -> TableLayout:
    where = f"{doc.file_name}:{header_line}"
    headers = [re.sub(r"\s+", "", cell) for cell in doc.line(header_line).rstrip("\t").split("\t")]
    override = catalogue.table_overrides().get((doc.file_name, table))
    read = [_read_header(header, f"{where}: {table} column {position}")
            for position, header in enumerate(headers, start=1)]
    roles = [column.role for column in read]
    if roles.count("label") != 1:
        raise SourceError(f"{where}: {table} header {headers} needs exactly one label column "
                          f"(one of {', '.join(catalogue.header_vocabulary().roles['label'])})")
    if "value" not in roles:
        raise SourceError(f"{where}: {table} header {headers} has no value column (a target, actual, baseline …)")
    plan_period, period_reading = _table_plan_period(doc, title_line, read, override, f"{where}: {table}")
    start, end = catalogue.plan_period_span(plan_period)
    columns = []
    for column in read:
        if column.role == "value":
            column = _place_in_time(column, start, end)
        extra = override.columns.get(column.header) if override else None
        if extra is not None:
            if column.role != "value":
                raise SourceError(f"{where}: table_overrides.yaml sets {column.header} of {table}, not a value column")
            if extra.cumulative_like and extra.cumulative_like not in headers:
                raise SourceError(f"{where}: table_overrides.yaml: {extra.cumulative_like} is not a column of {table}")
            column = Column(**{**column.__dict__, "cumulative_by_name": extra.cumulative_by_name,
                               "cumulative_like": extra.cumulative_like,
                               "cumulative_labels": tuple(extra.cumulative_labels.items())})
        columns.append(column)
    if override:
        unknown = set(override.columns) - set(headers)
        if unknown:
            raise SourceError(f"{where}: table_overrides.yaml names column(s) {sorted(unknown)} that {table} lacks")
    for footnote in override.footnotes if override else ():
        for header in footnote.headers:
            if header not in headers:
                raise SourceError(f"{where}: table_overrides.yaml: a footnote of {table} names column {header}, "
                                  f"which the header {headers} lacks")
    footnotes = tuple(Footnote(f.quote, tuple(f.labels), tuple(f.headers), f.note)
                      for f in (override.footnotes if override else ()))
    return TableLayout(doc.file_name, table, title_line, header_line, plan_period, tuple(columns), footnotes,
                       period_reading)


def _read_header(header: str, where: str) -> Column:
    vocabulary = catalogue.header_vocabulary()
    bare, unit = header, None
    match = _BRACKETED.match(header)
    if match and match["inner"] in ("%", "％"):
        bare, unit = match["name"], "%"
    for role, words in vocabulary.roles.items():
        if bare in words:
            return Column(header, role, reading=role)
    hits = [(bare.find(word), -len(word), kind, word) for kind, words in vocabulary.value_kinds.items()
            for word in words if word in bare]
    if not hits:
        known = [word for words in (*vocabulary.roles.values(), *vocabulary.value_kinds.values()) for word in words]
        raise SourceError(f"{where} {header!r} has no role: no header word of table_headers.yaml in it "
                          f"(known: {'、'.join(known)})")
    _, _, kind, word = min(hits)
    if kind == "reported_completion_pct":
        unit = "%"
    year_match = _YEAR.search(bare)
    year = int(year_match[1]) if year_match else None
    reading = f"{kind} ({word})"
    if year is None:
        named = catalogue.plan_periods_named_in(bare)
        if len(named) == 1:
            start, end = catalogue.plan_period_span(named[0])
            year = start - 1 if kind == "baseline" else end
            reading += f", year {year} from the plan period it names ({named[0]})"
    elif year_match:
        reading += f", year {year}"
    return Column(header, "value", kind, year, unit=unit, reading=reading)


def _table_plan_period(doc, title_line, columns, override, where) -> tuple[str, str]:
    """The plan period the table's targets belong to: override, title, header, years, document."""
    if override and override.plan_period:
        return catalogue.check_plan_period(override.plan_period), "from table_overrides.yaml"
    named = catalogue.plan_periods_named_in(doc.line(title_line))
    if len(named) == 1:
        return named[0], f"named in the title ({named[0]})"
    if len(named) > 1:
        raise SourceError(f"{doc.file_name}:{title_line}: the title names several plan periods ({', '.join(named)}); "
                          "say which one its targets belong to in table_overrides.yaml (plan_period)")
    target_periods = {catalogue.plan_period_of_year(column.year) for column in columns
                      if column.value_kind == "target" and column.year is not None}
    target_periods.discard(None)
    if len(target_periods) == 1:
        period = target_periods.pop()
        return period, f"from the target years of the header ({period})"
    if doc.doc.get("plan_period"):
        return doc.doc["plan_period"], f"the document's plan period ({doc.doc['plan_period']})"
    raise SourceError(f"{where}: cannot tell the plan period of the table: neither its title nor its header "
                      "names one; set plan_period in table_overrides.yaml")


def _place_in_time(column: Column, start: int, end: int) -> Column:
    """A value column's year (from the table's period when the header has none) and the span
    a bracketed total in it covers: from the first year of the plan period holding its year."""
    year, reading = column.year, column.reading
    if year is None:
        year = start - 1 if column.value_kind == "baseline" else end
        reading += f", year {year} from the table's plan period"
    period = catalogue.plan_period_of_year(year)
    span = (catalogue.plan_period_span(period)[0], year) if period else None
    if span and column.value_kind != "reported_completion_pct":
        reading += f", [x] = {span[0]}-{span[1]} total"
    return Column(**{**column.__dict__, "year": year, "span": span, "reading": reading})


# ---- ratios (高、中、初级 6.6:32.9:60.5) ---------------------------------------------------------------

@dataclass(frozen=True)
class Ratio:
    label: str
    unit: str
    components: tuple[str, ...]
    note: str


def ratios() -> dict[str, Ratio]:
    """ratios.yaml, keyed by the normalised label; components must be % indicators."""
    return _ratios(catalogue.version())


@cache
def _ratios(_catalogue_version: int) -> dict[str, Ratio]:
    with (catalogue.directory() / "ratios.yaml").open(encoding="utf-8") as handle:
        entries = yaml.safe_load(handle) or []
    result = {}
    for entry in entries:
        ratio = Ratio(entry["label"], entry["unit"], tuple(entry["components"]), entry.get("note", ""))
        for component in ratio.components:
            indicator = catalogue.indicators().get(component)
            if indicator is None or indicator.unit != "%":
                raise catalogue.CatalogueError(f"ratios.yaml: {ratio.label}: {component} must be a % indicator")
        result[catalogue.normalise_label(ratio.label)] = ratio
    return result


# ---- reading the rows --------------------------------------------------------------------------------

def extract_table_observations(documents: dict[str, SourceDocument],
                               unknown_labels: list[UnknownLabel] | None = None) -> list[dict]:
    rows: list[dict] = []
    for doc in documents.values():
        for layout in discover_tables(doc):
            rows.extend(parse_table(doc, layout, unknown_labels))
    return rows


def parse_table(doc: SourceDocument, layout: TableLayout,
                unknown_labels: list[UnknownLabel] | None = None) -> list[dict]:
    """The observations of one table. With `unknown_labels`, a row whose label no indicator
    claims is collected there (and yields nothing) instead of stopping ingestion."""
    rows: list[dict] = []
    state = {"expected": 1, "numbered": None, "section": None, "read": 0}
    after = len(doc.lines) + 1
    for number in range(layout.header_line + 1, len(doc.lines) + 1):
        text = doc.line(number)
        if not text.strip():
            continue
        if "\t" not in text:
            after = number  # the first line after the table: prose, a heading or the table's 注
            break
        cells = [cell.strip() for cell in text.rstrip("\t").split("\t")]
        if _SECTION.match(clean(cells[0])) and not any(cells[1:]):
            state["section"] = clean(cells[0]).split("、", 1)[1]
            continue
        rows.extend(_parse_row(doc, layout, number, cells, state, unknown_labels))
        state["read"] += 1
    if state["read"] == 0:
        raise SourceError(f"{doc.file_name}:{layout.header_line}: {layout.table} has no rows after its header")
    _apply_footnotes(doc, layout, after, rows)
    labels = {catalogue.normalise_label(row["source_label"] or "") for row in rows}
    for column in layout.columns:
        for name, _ in column.cumulative_labels:
            if catalogue.normalise_label(name) not in labels:
                raise SourceError(f"{doc.file_name}:{layout.header_line}: table_overrides.yaml reads row {name!r} of "
                                  f"{layout.table} as a total, but {layout.table} has no such row")
    return rows


def _apply_footnotes(doc: SourceDocument, layout: TableLayout, after: int, rows: list[dict]) -> None:
    headers = {column.header: (column.value_kind, column.year) for column in layout.columns}
    for footnote in layout.footnotes:
        if after > len(doc.lines) or footnote.quote not in doc.line(after):
            raise SourceError(f"{doc.file_name}:{after}: the note under {layout.table} should say {footnote.quote!r}")
        cells = {headers[header] for header in footnote.headers}
        hits = [row for row in rows if row["source_label"] in footnote.labels
                and (row["value_kind"], row["year"]) in cells]
        if len(hits) != len(footnote.labels) * len(cells):
            raise SourceError(f"{doc.file_name}:{after}: the note under {layout.table} applies to rows "
                              f"{footnote.labels}, which were not all found")
        for row in hits:
            row["note"] = "; ".join(filter(None, [row["note"], f"{footnote.note} ({doc.file_name}:{after})"]))


def _parse_row(doc: SourceDocument, layout: TableLayout, line: int, cells: list[str], state: dict,
               unknown_labels: list[UnknownLabel] | None) -> list[dict]:
    where = f"{doc.file_name}:{line}"
    if len(cells) != len(layout.columns):
        raise SourceError(f"{where}: {layout.table} row has {len(cells)} cells, the header has {len(layout.columns)}")
    by_role = {column.role: cells[i] for i, column in enumerate(layout.columns) if column.role != "value"}
    label, row_number = by_role["label"], by_role.get("number")
    if "number" not in by_role:
        match = _NUMBERED.match(label)
        row_number, label = (match["num"], match["rest"]) if match else (None, label)
    _check_number(layout, where, row_number, state)

    raw_unit = by_role.get("unit")
    notes: list[str] = []
    if layout.unit_in_label:
        raw_unit, label = _unit_from_label(label, where)
        if raw_unit is None:
            notes.append("the source gives no unit; read in the indicator's unit")
    if _OF_WHICH.match(label):
        notes.append("listed as a 其中 (of which) sub-row of the row above")
    attribute = None
    if "attribute" in by_role:
        attribute = catalogue.header_vocabulary().attributes.get(by_role["attribute"])
        if attribute is None:
            known = " or ".join(catalogue.header_vocabulary().attributes)
            raise SourceError(f"{where}: unknown 属性 {by_role['attribute']!r} (expected {known})")

    ratio = ratios().get(catalogue.normalise_label(label))
    indicator_id = None if ratio else _indicator(label, where, layout, unknown_labels is not None)
    if indicator_id is None and not ratio:
        unknown_labels.append(_unknown(label, where, raw_unit, state["section"], layout, cells))
        return []
    quote = doc.line(line).rstrip("\t")
    rows = []
    for index, column in enumerate(layout.columns):
        if column.role != "value":
            continue
        raw_text = cells[index]
        parsed = _parse(raw_text, where, column)
        span, span_note = _span(layout, column, cells, label, parsed[0], where)
        cell_notes = [*notes, *([span_note] if span_note else [])]
        base = dict(line=line, quote=quote, value_kind=column.value_kind, year=column.year, raw_text=raw_text,
                    plan_period=layout.plan_period, attribute=attribute, source_table=layout.table,
                    source_label=label, period=span)
        if ratio:
            rows.extend(_ratio_rows(doc, ratio, parsed, raw_unit, base, cell_notes, where))
            continue
        if len(parsed) != 1:
            raise SourceError(f"{where}: a ratio {raw_text!r} in a row that is not a ratio (see ratios.yaml)")
        value = parsed[0]
        unit = column.unit or raw_unit
        if value.percent_sign and unit != "%":
            raise SourceError(f"{where}: {raw_text!r} carries % but the row's unit is {unit!r}")
        cell_notes.extend(_value_notes(value, column, raw_text))
        # a column with its own unit (完成比例(%)) holds values that are not in the indicator's unit
        rows.append(observation(doc, indicator_id=indicator_id, parsed=value, raw_unit=unit,
                                unit_override=column.unit, note="; ".join(cell_notes) or None, **base))
    return rows


def _check_number(layout: TableLayout, where: str, row_number: str | None, state: dict) -> None:
    """Numbered tables must number every row 1, 2, 3 …; an unnumbered table numbers none."""
    if state["numbered"] is None:
        state["numbered"] = row_number is not None or any(c.role == "number" for c in layout.columns)
    if state["numbered"]:
        if row_number != str(state["expected"]):
            raise SourceError(f"{where}: expected row number {state['expected']} of {layout.table}, "
                              f"found {row_number!r}")
        state["expected"] += 1
    elif row_number is not None:
        raise SourceError(f"{where}: row number {row_number} in {layout.table}, whose first row has none")


def _unknown(label, where, raw_unit, section, layout, cells) -> UnknownLabel:
    unit = raw_unit
    comparators = []
    for index, column in enumerate(layout.columns):
        if column.role != "value" or column.value_kind == "reported_completion_pct":
            continue
        try:
            parsed = parse_cell(cells[index])
        except NotationError as exc:
            raise SourceError(f"{where}: column {column.header}: {exc}") from exc
        if unit is None and any(part.percent_sign for part in parsed):
            unit = "%"
        if column.value_kind == "target":
            comparators.extend(part.comparator for part in parsed if part.value is not None and part.comparator)
    return UnknownLabel(label, where, unit, section, comparators)
def _unit_from_label(label: str, where: str) -> tuple[str | None, str]:
    match = _BRACKETED.match(label)
    if not match:
        return None, label
    unit = match["inner"].strip()
    if unit not in known_units():
        raise SourceError(f"{where}: ({unit}) at the end of {label!r} is not a known unit "
                          "(units of the indicator catalogue and units.yaml)")
    return unit, match["name"]


def known_units() -> frozenset[str]:
    return _known_units(catalogue.version())


@cache
def _known_units(_catalogue_version: int) -> frozenset[str]:
    units = {"%"} | {indicator.unit for indicator in catalogue.indicators().values()}
    units.update(unit for pair in catalogue.unit_factors() for unit in pair)
    return frozenset(units)


def _indicator(label: str, where: str, layout: TableLayout, collect: bool) -> str | None:
    indicator_id = catalogue.indicator_for_label(label) or catalogue.indicator_for_label(_OF_WHICH.sub("", label))
    if indicator_id is None and not collect:
        raise SourceError(
            f"{where}: {layout.table} label {label!r} is not in the indicator catalogue "
            "(add it to aliases_zh of an indicator in analytics/catalogue/indicators/)")
    return indicator_id


def _parse(raw_text: str, where: str, column: Column) -> list[ParsedValue]:
    try:
        return parse_cell(raw_text)
    except NotationError as exc:
        raise SourceError(f"{where}: column {column.header}: {exc}") from exc


def _span(layout, column: Column, cells, label, parsed: ParsedValue, where) -> tuple[tuple[int, int] | None, str]:
    """The years a cell covers if it is a five-year total, and why when the cell has no brackets."""
    if parsed.value is None:
        return None, ""
    if parsed.is_cumulative:
        if column.span is None:
            raise SourceError(f"{where}: bracketed total in column {column.header}, which declares no span")
        return column.span, ""
    if column.cumulative_by_name and label.startswith(column.cumulative_by_name):
        return column.span, (f"no brackets in the source; a {column.span[0]}-{column.span[1]} total by its name "
                             f"({column.cumulative_by_name}…)")
    for name, why in column.cumulative_labels:
        if catalogue.normalise_label(label) == catalogue.normalise_label(name):
            return column.span, f"no brackets in the source; read as the {column.span[0]}-{column.span[1]} total: {why}"
    if column.cumulative_like:
        sibling = cells[layout.column(column.cumulative_like)]
        if parse_cell(sibling)[0].is_cumulative:
            return column.span, (f"no brackets in the source; read as the {column.span[0]}-{column.span[1]} total "
                                 f"because the row's target {sibling} is one")
    return None, ""


def _value_notes(value: ParsedValue, column: Column, raw_text: str) -> list[str]:
    if value.missing:
        return [f"the source gives {raw_text!r}: no value"]
    if value.text_only:
        return [f"the source states {raw_text!r} instead of a percentage"]
    if column.value_kind == "actual" and value.comparator not in (None, "="):
        return [f"the source states the actual as a bound ({raw_text}), not as a point value"]
    return []


def _ratio_rows(doc, ratio: Ratio, parsed, raw_unit, base: dict, notes: list[str], where: str) -> list[dict]:
    if raw_unit != ratio.unit:
        raise SourceError(f"{where}: ratio {ratio.label} has unit {raw_unit!r}, ratios.yaml says {ratio.unit!r}")
    if len(parsed) == 1 and parsed[0].missing:
        parsed = [parsed[0]] * len(ratio.components)
    if len(parsed) != len(ratio.components):
        raise SourceError(f"{where}: {base['raw_text']!r} has {len(parsed)} parts, {ratio.label} has "
                          f"{len(ratio.components)}")
    total = round(sum(part.value or 0 for part in parsed), 6)
    rows = []
    for position, (indicator_id, part) in enumerate(zip(ratio.components, parsed, strict=True), start=1):
        part_notes = [*notes, f"component {position} of {len(parsed)} of the ratio {base['raw_text']} ({ratio.note})"]
        if part.value is not None and total != 100:
            part_notes.append(f"the parts add up to {total:g}, not 100")
        # raw unit "::" as written; each part is already a % share (ratios() checks the components are % indicators)
        rows.append(observation(doc, indicator_id=indicator_id, parsed=part, raw_unit=raw_unit, unit_override="%",
                                note="; ".join(part_notes), **base))
    return rows
