"""Indicator tables (专栏1 / 专栏2) of the three plan documents.

Each table is described by a small declarative `TableLayout`: the file, how its title line
reads, and what every column holds (label, unit, or a value of some kind for some year, with
the span a bracketed five-year total `[x]` covers). One generic walker reads every table:

- the title line must occur exactly once, the header (next non-blank line) must read exactly
  as declared; otherwise ingestion stops with file:line;
- rows are read until the first non-blank line without a tab; blank lines and section-heading
  rows (一、就业) inside a table are skipped;
- row numbers ("1", "1. ") must run 1, 2, 3 … so no row is skipped silently;
- every label maps to a catalogue indicator (or to a ratio in ratios.yaml), every cell is read
  by analytics.notation; an unknown label or notation stops ingestion with file:line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from analytics import catalogue
from analytics.ingest.observation import observation
from analytics.ingest.sources import SourceDocument, SourceError
from analytics.notation import NotationError, ParsedValue, clean, parse_cell

ATTRIBUTES = {"约束性": "binding", "预期性": "expected"}
_SECTION = re.compile(r"^[一二三四五六七八九十]+、\S")
_NUMBERED = re.compile(r"^(?P<num>\d+)\.\s*(?P<rest>.*)$")
_UNIT_IN_NAME = re.compile(r"^(?P<name>.*?)\s*[（(](?P<unit>[^（）()]+)[）)]$")
_OF_WHICH = re.compile(r"^其中\s*[：:]\s*")


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
    table: str  # source_table of the rows: 专栏1 / 专栏2
    title: str  # regex the title line matches (exactly one line of the file)
    plan_period: str
    columns: tuple[Column, ...]
    unit_in_label: bool = False  # 景德镇: 城镇新增就业人数(万人)
    numbered_label: bool = False  # 景德镇: "1. 城镇新增就业人数"
    footnotes: tuple[Footnote, ...] = ()

    def column(self, header: str) -> int:
        return [column.header for column in self.columns].index(header)


def _value(header, kind, year, plan_start_end=None, **extra) -> Column:
    return Column(header, "value", kind, year, plan_start_end, **extra)


_NUMBER, _LABEL, _UNIT, _ATTRIBUTE = (
    Column("序号", "number"), Column("指标", "label"), Column("单位", "unit"), Column("属性", "attribute"))

LAYOUTS: tuple[TableLayout, ...] = (
    TableLayout(
        "000_d92a957b28094439.txt", "专栏1", r"^专栏\s*1\s*[：:].*十二五", "12th",
        (_NUMBER, _LABEL, _UNIT,
         _value("2015年目标", "target", 2015, (2011, 2015)),
         # 23.4 next to the target [22.5]: the same five-year count (专栏2 gives it as [23.4])
         _value("2015年实际值", "actual", 2015, (2011, 2015), cumulative_like="2015年目标")),
    ),
    TableLayout(
        "000_d92a957b28094439.txt", "专栏2", r"^专栏\s*2\s.*十三五", "13th",
        (_NUMBER, _LABEL, _UNIT,
         _value("2015年基数", "baseline", 2015, (2011, 2015)),
         _value("2018年目标", "target", 2018, (2016, 2018)),
         _value("2020年目标", "target", 2020, (2016, 2020)),
         _ATTRIBUTE),
    ),
    TableLayout(
        "001_ec0a8e65957f0800.txt", "专栏1", r"^专栏\s*1\s.*十二五", "12th",
        (_LABEL,
         _value("“十二五”规划目标", "target", 2015, (2011, 2015), cumulative_by_name="五年"),
         _value("2015年完成数", "actual", 2015, (2011, 2015), cumulative_by_name="五年")),
        unit_in_label=True, numbered_label=True,
    ),
    TableLayout(
        "001_ec0a8e65957f0800.txt", "专栏2", r"^专栏\s*2\s.*十三五", "13th",
        (_LABEL,
         _value("2015年基数(完成数)", "baseline", 2015, (2011, 2015)),
         _value("2020年目标(目标值)", "target", 2020, (2016, 2020)),
         _ATTRIBUTE),
        unit_in_label=True, numbered_label=True,
    ),
    TableLayout(
        "003_752116bdcc71a0d2.txt", "专栏1", r"^专栏\s*1\s.*十三五", "13th",
        (_NUMBER, _LABEL, _UNIT,
         _value("目标值", "target", 2020, (2016, 2020)),
         _value("完成值", "actual", 2020, (2016, 2020)),
         _value("完成比例(%)", "reported_completion_pct", 2020, unit="%"),
         _ATTRIBUTE),
        footnotes=(
            Footnote("执行企业制度的在职职工人数为未剔除中断缴费人数", ("其中:执行企业制度的在职职工",),
                     ("完成值",), "the table's note 2: people whose contributions lapsed are not removed"),
            Footnote("城镇职工养老保险参保人数及企业职工养老保险参保人数为2019年省级统筹考核时省提供的数据",
                     ("城镇职工基本养老保险参保人数(含离退休)", "其中:执行企业制度的在职职工"), ("完成值",),
                     "the table's note 3: this actual is the 2019 figure the province supplied for its pooling "
                     "assessment, not the end-2020 figure"),
        ),
    ),
    TableLayout(
        "003_752116bdcc71a0d2.txt", "专栏2", r"^专栏\s*2\s.*十四五", "14th",
        (_NUMBER, _LABEL, _UNIT,
         _value("2020年基数", "baseline", 2020, (2016, 2020)),
         _value("2025年目标", "target", 2025, (2021, 2025)),
         _ATTRIBUTE),
    ),
)


@dataclass(frozen=True)
class Ratio:
    label: str
    unit: str
    components: tuple[str, ...]
    note: str


@cache
def ratios() -> dict[str, Ratio]:
    """analytics/catalogue/ratios.yaml, keyed by the normalised label; components must be % indicators."""
    with (catalogue.CATALOGUE_DIR / "ratios.yaml").open(encoding="utf-8") as handle:
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


def extract_table_observations(documents: dict[str, SourceDocument]) -> list[dict]:
    rows: list[dict] = []
    for layout in LAYOUTS:
        if layout.source_file not in documents:
            raise SourceError(f"{layout.source_file}: needed for its {layout.table} but not among the sources")
        rows.extend(parse_table(documents[layout.source_file], layout))
    return rows


def parse_table(doc: SourceDocument, layout: TableLayout) -> list[dict]:
    header_line = _find_header(doc, layout)
    rows: list[dict] = []
    expected_number = 1
    after = len(doc.lines) + 1
    for number in range(header_line + 1, len(doc.lines) + 1):
        text = doc.line(number)
        if not text.strip():
            continue
        if "\t" not in text:
            after = number  # the first line after the table: prose, a heading or the table's 注
            break
        cells = [cell.strip() for cell in text.rstrip("\t").split("\t")]
        if _SECTION.match(clean(cells[0])) and not any(cells[1:]):
            continue
        rows.extend(_parse_row(doc, layout, number, cells, expected_number))
        expected_number += 1
    if expected_number == 1:
        raise SourceError(f"{doc.file_name}:{header_line}: {layout.table} has no rows after its header")
    _apply_footnotes(doc, layout, after, rows)
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


def _find_header(doc: SourceDocument, layout: TableLayout) -> int:
    titles = [n for n, text in enumerate(doc.lines, start=1) if re.search(layout.title, text.strip())]
    if len(titles) != 1:
        raise SourceError(
            f"{doc.file_name}: the title of {layout.table} ({layout.title}) should occur once, found at lines "
            f"{titles or 'none'}")
    header = next((n for n in range(titles[0] + 1, len(doc.lines) + 1) if doc.line(n).strip()), None)
    if header is None:
        raise SourceError(f"{doc.file_name}:{titles[0]}: {layout.table} has no header")
    found = [re.sub(r"\s+", "", cell) for cell in doc.line(header).rstrip("\t").split("\t")]
    wanted = [column.header for column in layout.columns]
    if found != wanted:
        raise SourceError(f"{doc.file_name}:{header}: header of {layout.table} is {found}, expected {wanted}")
    return header


def _parse_row(doc: SourceDocument, layout: TableLayout, line: int, cells: list[str], expected: int) -> list[dict]:
    where = f"{doc.file_name}:{line}"
    if len(cells) != len(layout.columns):
        raise SourceError(f"{where}: {layout.table} row has {len(cells)} cells, the header has {len(layout.columns)}")
    by_role = {column.role: cells[i] for i, column in enumerate(layout.columns) if column.role != "value"}
    label, row_number = by_role["label"], by_role.get("number")
    if layout.numbered_label:
        match = _NUMBERED.match(label)
        row_number, label = (match["num"], match["rest"]) if match else (None, label)
    if row_number != str(expected):
        raise SourceError(f"{where}: expected row number {expected} of {layout.table}, found {row_number!r}")

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
        attribute = ATTRIBUTES.get(by_role["attribute"])
        if attribute is None:
            raise SourceError(f"{where}: unknown 属性 {by_role['attribute']!r} (expected 约束性 or 预期性)")

    ratio = ratios().get(catalogue.normalise_label(label))
    indicator_id = None if ratio else _indicator(label, where, layout)
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


def _unit_from_label(label: str, where: str) -> tuple[str | None, str]:
    match = _UNIT_IN_NAME.match(label)
    if not match:
        return None, label
    unit = match["unit"].strip()
    if unit not in _known_units():
        raise SourceError(f"{where}: ({unit}) at the end of {label!r} is not a known unit")
    return unit, match["name"]


@cache
def _known_units() -> frozenset[str]:
    units = {indicator.unit for indicator in catalogue.indicators().values()}
    units.update(unit for pair in catalogue.unit_factors() for unit in pair)
    return frozenset(units)


def _indicator(label: str, where: str, layout: TableLayout) -> str:
    indicator_id = catalogue.indicator_for_label(label) or catalogue.indicator_for_label(_OF_WHICH.sub("", label))
    if indicator_id is None:
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
