"""Indicator tables (专栏 / 表) of any document, read by one generic reader in two stages.

Stage one (analytics.ingest.blocks) cuts the document into table blocks: title, the lines
between title and header, a one- or two-row header, rows and section lines, notes, with every
cell's line; continuations over page breaks are joined there. Stage two, here, gives the cells
their meaning. The header's words give each column its role (catalogue table_headers.yaml):
label, unit, attribute, row number, category, district, or a value of some kind for some year.
What a header cannot say is a small per-table override (table_overrides.yaml). Then:

- section lines (一、就业) and a category column (类别, carried down) name the category of a new
  indicator; a district column (县（市、区）) makes each row a district's value, a 全市/合计 row
  the city's; with no label column, the indicator is the one the title names;
- a label may carry its unit in brackets (城镇新增就业人数(万人)), a header cell its column's
  unit (2025年目标（万人）), a line under the title the table's (单位：万人);
- footnote marks on a label (*, ①, △, ※) are dropped from it and read through the table's note
  (注：带*为约束性指标 → binding);
- every cell is read by analytics.notation (full-width digits, ranges 3%-4% → ≥3 and ≤4, …).

Nothing in one table, row or cell refuses a document: what cannot be read (a header word with no
role, a cell of text or unknown notation, a row whose cells do not fit the header, a table with
no label or no value column) is collected as an `Unread` item with file:line and the reason;
`add` prints them and the source coverage counts them. What stops ingestion is what a person
wrote wrong: an override that names nothing, a label no indicator claims (outside `add`, which
turns it into an unreviewed indicator), two tables under one title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import yaml

from analytics import catalogue
from analytics.ingest import blocks
from analytics.ingest.blocks import Row, Section, TableBlock
from analytics.ingest.observation import observation
from analytics.ingest.sources import SourceDocument, SourceError
from analytics.notation import FULL_WIDTH, NotationError, ParsedValue, parse_cell

_SECTION_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|"
                             r"\d+\s*[、．]|第[一二三四五六七八九十]+[部类项]分?\s*)\s*")
_NUMBERED = re.compile(r"^(?P<num>\d+)\s*[.．、]\s*(?P<rest>.*)$")
_BRACKETED = re.compile(r"^(?P<name>.*?)\s*[（(](?P<inner>[^（）()]+)[）)]$")
_OF_WHICH = re.compile(r"^其中\s*[：:]\s*")
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
_YEAR_ONLY = re.compile(r"^(?:(?P<period>.*?))?(?P<year>\d{4})\s*年?\s*(?:底|末|年底|年末)?$")
_MARKS = "*＊①②③④⑤⑥⑦⑧⑨⑩△▲※#＃"
_MARKED = re.compile(rf"^(?P<label>.*?)\s*(?P<marks>[{_MARKS}]+)$")
_UNIT_LINE = re.compile(r"^[（(]?\s*(?:单位|计量单位)\s*[：:]\s*(?P<unit>[^）)\s]+)\s*[）)]?$")
_MARK_NOTE = re.compile(rf"(?:带|标有|标注|加)?\s*[“\"]?(?P<mark>[{_MARKS}])[”\"]?\s*(?:号)?\s*(?:的|者)?\s*"
                        r"(?:指标)?\s*(?:为|是|表示|属于)\s*(?P<word>\S{2,4}?)(?:指标)?(?:[，,。；;]|$)")
_OTHERS_NOTE = re.compile(r"(?:其余|其他|其它|未标注的?|不带\S?的?)\s*(?:指标)?\s*(?:均)?\s*(?:为|是|属于)\s*"
                          r"(?P<word>\S{2,4}?)(?:指标)?(?:[，,。；;]|$)")
_TITLE_NOISE = re.compile(r"[“”\"]?(?:十[一二三四五六七八九]?五)[”\"]?(?:时期|期间|规划)?"
                          r"|[（(]?\d{4}\s*[-—–至~]\s*\d{4}\s*年?[）)]?|\d{4}\s*年")
_TITLE_TAIL = ("目标任务分解表", "目标分解表", "任务分解表", "目标任务分解", "目标分解", "任务分解", "分解表",
               "分解", "一览表", "情况表", "目标任务", "目标值", "目标", "情况", "统计表", "表", "的", "主要指标")
_DISTRICT_WORDS = re.compile(r"^(?:全市|分|按)?(?:各|分)?(?:县[（(]市、?区[）)]|县市区|县（区）|区县|县区|地区|区域|"
                             r"市辖区|乡镇（街道）|镇街)")


@dataclass(frozen=True)
class Column:
    header: str  # header text with all white space removed (a two-row header: group + sub)
    role: str  # "number" | "label" | "unit" | "attribute" | "category" | "district" | "value" | "unread"
    value_kind: str | None = None
    year: int | None = None
    span: tuple[int, int] | None = None  # years a bracketed [x] cell of this column covers
    unit: str | None = None  # the column's own unit (2025年目标（万人）, 完成比例(%))
    by_year: bool = False  # a bare year (2025年): its kind comes from the plan period
    estimate: bool = False  # 预计数: an expected outturn
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
    block: TableBlock | None = None
    table_unit: str | None = None  # 单位：万人 under the title, or the title's (万人)
    title_label: str | None = None  # the indicator a table without a label column is about
    marks: tuple[tuple[str, str], ...] = ()  # footnote mark -> attribute, from the table's notes
    others_attribute: str | None = None  # the attribute of unmarked rows, when a note says it
    readings: tuple[str, ...] = ()  # lines between title and header, and how each was read

    @property
    def unit_in_label(self) -> bool:  # no unit column: 城镇新增就业人数(万人)
        return all(column.role != "unit" for column in self.columns)

    def column(self, header: str) -> int:
        return [column.header for column in self.columns].index(header)


@dataclass(frozen=True)
class Unread:
    """A table, row or cell the reader could not read, with where and why (never dropped silently)."""

    source_file: str
    line: int
    what: str  # "table" | "row" | "cell" | "column" | "rows"; "figure" | "ratio" of a sentence (machine.py)
    text: str  # the cell, row or title as written
    reason: str
    position: int = 0  # offset of the cell on its line

    @property
    def where(self) -> str:
        return f"{self.source_file}:{self.line}"


@dataclass
class UnknownLabel:
    """A row label no indicator claims, as `add` reports it and turns it into a new indicator."""

    label: str
    where: str
    unit: str | None
    section: str | None
    target_comparators: list[str] = field(default_factory=list)


# ---- finding the tables of a document ----------------------------------------------------------------

def discover_tables(doc: SourceDocument, unread: list[Unread] | None = None) -> list[TableLayout]:
    """Every readable table of the document. A table that cannot be read goes to `unread`
    (without it, such a table stops ingestion with file:line, as tests and rules want)."""
    vocabulary = catalogue.header_vocabulary()
    layouts: dict[str, TableLayout] = {}
    for block in blocks.table_blocks(doc.lines, vocabulary.titles, _is_header_row):
        if block.name in layouts:
            raise SourceError(f"{doc.file_name}:{block.title_line}: a second table titled {block.name} "
                              f"(the first starts at line {layouts[block.name].title_line})")
        try:
            layouts[block.name] = _layout(doc, block, unread)
        except _Unreadable as exc:
            if unread is None:
                raise SourceError(str(exc)) from None
            unread.append(Unread(doc.file_name, block.title_line, "table", block.title, exc.reason))
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


class _Unreadable(Exception):
    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: {reason}")
        self.reason = reason


def _words(words) -> set[str]:
    return {re.sub(r"\s+", "", word).translate(FULL_WIDTH) for word in words}


def _role_of(text: str) -> str | None:
    bare = re.sub(r"\s+", "", text).translate(FULL_WIDTH)
    for role, words in catalogue.header_vocabulary().roles.items():
        if bare in _words(words):
            return role
    return None


def _is_header_row(cells: tuple[str, ...]) -> bool:
    """A row under a header that is a header too (the sub row of a two-row header): no cell holds
    a value, and every non-blank cell reads as a header word, a year or a plan period."""
    filled = [cell for cell in cells if cell]
    if not filled or (len(filled) == len(cells) and len(cells) > 1 and _role_of(cells[0]) is None \
            and _value_header(cells[0]) is None):
        return False
    return all(_role_of(cell) or _value_header(cell) for cell in filled)


def _value_header(text: str) -> tuple[str | None, str] | None:
    """(value kind or None for a bare year, the word that says so) of a header cell, or None."""
    vocabulary = catalogue.header_vocabulary()
    bare = _strip_unit(re.sub(r"\s+", "", text).translate(FULL_WIDTH))[0]
    hits = [(bare.find(word), -len(word), kind, word) for kind, words in vocabulary.value_kinds.items()
            for word in _words(words) if word in bare]
    hits += [(bare.find(word), -len(word), "estimate", word) for word in _words(vocabulary.estimates) if word in bare]
    if hits:
        _, _, kind, word = min(hits)
        return kind, word
    if _YEAR_ONLY.match(bare) and (not _YEAR_ONLY.match(bare)["period"]
                                   or catalogue.plan_periods_named_in(_YEAR_ONLY.match(bare)["period"])):
        return None, "year"
    if catalogue.plan_periods_named_in(bare) and len(bare) <= 12:
        return None, "plan period"  # a group cell of a two-row header: “十四五”
    return None


def _strip_unit(header: str) -> tuple[str, str | None]:
    """A header without a unit in brackets at its end, and that unit: 2025年目标(万人) -> 万人."""
    match = _BRACKETED.match(header)
    if match and (match["inner"] in known_units() or match["inner"] in ("%", "％")):
        return match["name"], match["inner"].replace("％", "%")
    return header, None


def _merged_headers(block: TableBlock) -> list[str]:
    """One header text per column; a two-row header joins the group row (carried right over its
    blank cells) to the sub row."""
    top = [re.sub(r"\s+", "", cell) for cell in block.header[0].cells]
    if len(block.header) == 1:
        return top
    sub = [re.sub(r"\s+", "", cell) for cell in block.header[1].cells]
    width = max(len(top), len(sub))
    top, sub = top + [""] * (width - len(top)), sub + [""] * (width - len(sub))
    merged, group = [], ""
    for upper, lower in zip(top, sub, strict=True):
        if upper:
            group = upper if _role_of(upper) is None else ""
        if upper and lower:
            merged.append(upper + lower if _role_of(upper) is None else upper)
        elif lower:
            merged.append(group + lower if _role_of(lower) is None else lower)
        else:
            merged.append(upper)
    return merged


def _layout(doc: SourceDocument, block: TableBlock, unread: list[Unread] | None) -> TableLayout:
    table = block.name
    where = f"{doc.file_name}:{block.header_line}"
    headers = _merged_headers(block)
    override = catalogue.table_overrides().get((doc.file_name, table))
    table_unit, readings = _preamble(block, unread, doc)
    title_label, title_unit = _title_label(block.title)
    table_unit = table_unit or title_unit
    read = [_read_header(header, position, block, f"{where}: {table} column {position}")
            for position, header in enumerate(headers, start=1)]
    for position, column in enumerate(read, start=1):
        if column.role == "unread" and unread is not None:
            reason = f"{table} column {position} {column.header!r}: {column.reading}; its cells are not read"
            unread.append(Unread(doc.file_name, block.header[0].line, "column", column.header, reason))
        elif column.role == "unread":
            raise SourceError(f"{where}: {table} column {position} {column.header!r} has no role: {column.reading}")
    roles = [column.role for column in read]
    if roles.count("label") > 1:
        raise _Unreadable(where, f"{table} header {headers} has {roles.count('label')} label columns; one is needed")
    if "label" not in roles and ("district" not in roles or not title_label):
        raise _Unreadable(where, f"{table} header {headers} needs a label column (one of "
                                 f"{', '.join(catalogue.header_vocabulary().roles['label'])}), or a district column "
                                 "under a title that names the indicator")
    if "value" not in roles:
        raise _Unreadable(where, f"{table} header {headers} has no value column (a target, actual, baseline …)")
    plan_period, period_reading = _table_plan_period(doc, block, read, override, f"{where}: {table}")
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
    marks, others = _note_attributes(block)
    return TableLayout(doc.file_name, table, block.title_line, block.header_line, plan_period, tuple(columns),
                       footnotes, period_reading, block, table_unit, title_label if "label" not in roles else None,
                       marks, others, tuple(readings))


def _preamble(block: TableBlock, unread: list[Unread] | None, doc: SourceDocument) -> tuple[str | None, list[str]]:
    """The unit line under a title (单位：万人) and how every line between title and header was read."""
    unit, readings = None, []
    for line, text in block.preamble:
        match = _UNIT_LINE.match(blocks.normalise(text))
        if match and match["unit"].replace("％", "%") in known_units():
            unit = match["unit"].replace("％", "%")
            readings.append(f"line {line} {text}: the unit of every row ({unit})")
        else:
            readings.append(f"line {line} {text}: a caption between title and header, not data")
    return unit, readings


def _title_label(title: str) -> tuple[str | None, str | None]:
    """What a table without a label column is about, from its title: 表3 各县（市、区）城镇新增就业目标分解（万人）
    -> (城镇新增就业, 万人)."""
    text = re.sub(r"^(?:专栏|表)\s*\d+\s*[：:.、]?\s*", "", blocks.normalise(title))
    text, unit = _strip_unit(re.sub(r"\s+", "", text))
    text = _TITLE_NOISE.sub("", text)
    text = _DISTRICT_WORDS.sub("", text)
    changed = True
    while changed:
        changed = False
        for tail in _TITLE_TAIL:
            if text.endswith(tail) and len(text) > len(tail) + 1:
                text, changed = text[: -len(tail)], True
    text = text.strip("（）()“”\"：: ")
    return (text or None), unit


def _note_attributes(block: TableBlock) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """注：带*为约束性指标，其余为预期性指标 -> ((*, binding),), expected."""
    attributes = {re.sub(r"\s+", "", word): value for word, value in catalogue.header_vocabulary().attributes.items()}
    marks, others = {}, None
    for _, text in block.notes:
        plain = blocks.normalise(text).replace("＊", "*")
        for match in _MARK_NOTE.finditer(plain):
            word = next((w for w in attributes if match["word"].startswith(w)), None)
            if word:
                marks[match["mark"]] = attributes[word]
        for match in _OTHERS_NOTE.finditer(plain):
            word = next((w for w in attributes if match["word"].startswith(w)), None)
            if word:
                others = attributes[word]
    return tuple(marks.items()), others


def _read_header(header: str, position: int, block: TableBlock, where: str) -> Column:
    vocabulary = catalogue.header_vocabulary()
    if not header:
        return _blank_header(position, block)
    role = _role_of(header)
    if role:
        return Column(header, role, reading=role)
    bare, unit = _strip_unit(header.translate(FULL_WIDTH))
    role = _role_of(bare)
    if role:
        return Column(header, role, unit=unit, reading=role + (f", unit {unit}" if unit else ""))
    bracketed = _BRACKETED.match(header.translate(FULL_WIDTH))
    if bracketed and _role_of(bracketed["name"]) in ("label", "number", "unit", "attribute", "category"):
        role = _role_of(bracketed["name"])  # 指标（单位）: the labels carry their units in brackets
        return Column(header, role, reading=f"{role} ({bracketed['inner']} in brackets)")
    found = _value_header(header)
    if found is None:
        known = [word for words in (*vocabulary.roles.values(), *vocabulary.value_kinds.values()) for word in words]
        return Column(header, "unread",
                      reading=f"no header word of table_headers.yaml in it (known: {'、'.join(known)})")
    kind, word = found
    if word == "plan period":
        return Column(header, "unread", reading="a plan period with no kind of value or year under it")
    if kind == "reported_completion_pct" or kind == "target_growth_pct":
        unit = "%"
    estimate = kind == "estimate"
    year_match = _YEAR.search(bare) or re.search(r"(?<!\d)(\d{4})(?!\d)", bare)
    year = int(year_match[1]) if year_match else None
    reading = f"{kind} ({word})" if kind else f"a year ({year}): the kind from the plan period"
    if year is None:
        named = catalogue.plan_periods_named_in(bare)
        if len(named) == 1:
            start, end = catalogue.plan_period_span(named[0])
            year = start - 1 if kind == "baseline" else end
            reading += f", year {year} from the plan period it names ({named[0]})"
    elif kind:
        reading += f", year {year}"
    if unit and kind not in ("reported_completion_pct", "target_growth_pct"):
        reading += f", unit {unit}"
    return Column(header, "value", None if kind in (None, "estimate") else kind, year, unit=unit,
                  by_year=kind is None, estimate=estimate, reading=reading)


def _blank_header(position: int, block: TableBlock) -> Column:
    """A column with no header: row numbers when its cells count 1, 2, 3 …, else a category."""
    cells = [row.cells[position - 1] for row in block.rows if len(row.cells) >= position]
    filled = [blocks.normalise(cell) for cell in cells if cell]
    if not filled:
        return Column("", "unread", reading="a blank header over blank cells")
    if all(re.fullmatch(r"\d+[.．、]?", cell) for cell in filled):
        return Column("", "number", reading="number (a blank header over 1, 2, 3 …)")
    return Column("", "category", reading="category (a blank header over group names)")


def _table_plan_period(doc, block: TableBlock, columns, override, where) -> tuple[str, str]:
    """The plan period the table's targets belong to: override, title, header, years, document."""
    if override and override.plan_period:
        return catalogue.check_plan_period(override.plan_period), "from table_overrides.yaml"
    named = catalogue.plan_periods_named_in(doc.line(block.title_line))
    if len(named) == 1:
        return named[0], f"named in the title ({named[0]})"
    if len(named) > 1:
        raise SourceError(f"{doc.file_name}:{block.title_line}: the title names several plan periods "
                          f"({', '.join(named)}); say which one its targets belong to in table_overrides.yaml "
                          "(plan_period)")
    target_periods = {catalogue.plan_period_of_year(column.year) for column in columns
                      if column.value_kind in ("target", "target_growth_pct") and column.year is not None}
    target_periods.discard(None)
    if len(target_periods) == 1:
        period = target_periods.pop()
        return period, f"from the target years of the header ({period})"
    year_columns = [column.year for column in columns if column.by_year and column.year is not None]
    if year_columns and catalogue.plan_period_of_year(max(year_columns)):
        period = catalogue.plan_period_of_year(max(year_columns))
        return period, f"from the last year of the header ({max(year_columns)}, {period})"
    if doc.doc.get("plan_period"):
        return doc.doc["plan_period"], f"the document's plan period ({doc.doc['plan_period']})"
    raise _Unreadable(where, "cannot tell the plan period of the table: neither its title nor its header "
                             "names one; set plan_period in table_overrides.yaml")


def _place_in_time(column: Column, start: int, end: int) -> Column:
    """A value column's kind (a bare year or an estimate: from where the year lies in the plan period),
    its year (from the table's period when the header has none) and the span a bracketed total in it
    covers: from the first year of the plan period holding its year."""
    year, reading, kind = column.year, column.reading, column.value_kind
    if year is None:
        year = start - 1 if kind == "baseline" else end
        reading += f", year {year} from the table's plan period"
    if column.by_year or column.estimate:
        kind = "baseline" if year == start - 1 else "actual" if year < start - 1 or column.estimate else "target"
        reading += f" -> {kind}" + (" (the plan's base year)" if year == start - 1 else "")
    period = catalogue.plan_period_of_year(year)
    span = (catalogue.plan_period_span(period)[0], year) if period else None
    if span and kind not in ("reported_completion_pct", "target_growth_pct"):
        reading += f", [x] = {span[0]}-{span[1]} total"
    return Column(**{**column.__dict__, "value_kind": kind, "year": year, "span": span, "reading": reading})


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
                               unknown_labels: list[UnknownLabel] | None = None,
                               unread: list[Unread] | None = None) -> list[dict]:
    rows: list[dict] = []
    for doc in documents.values():
        for layout in discover_tables(doc, unread):
            rows.extend(parse_table(doc, layout, unknown_labels, unread))
    return rows


class _CellProblem(Exception):
    """One cell or row that cannot be read: collected as Unread, or raised as SourceError (strict)."""

    def __init__(self, what: str, text: str, reason: str, position: int = 0):
        super().__init__(reason)
        self.what, self.text, self.reason, self.position = what, text, reason, position


def parse_table(doc: SourceDocument, layout: TableLayout, unknown_labels: list[UnknownLabel] | None = None,
                unread: list[Unread] | None = None) -> list[dict]:
    """The observations of one table. With `unknown_labels`, a row whose label no indicator
    claims is collected there (and yields nothing) instead of stopping ingestion; with `unread`,
    a cell or row that cannot be read is collected there instead of stopping ingestion."""
    rows: list[dict] = []
    state = {"expected": 1, "numbered": None, "section": None, "category": None, "district": None, "read": 0,
             "after_section": False}
    for item in layout.block.body:
        if isinstance(item, Section):
            state["section"] = _SECTION_PREFIX.sub("", blocks.normalise(item.text)) or item.text
            state["category"], state["after_section"] = None, True
            continue
        try:
            rows.extend(_parse_row(doc, layout, item, state, unknown_labels, unread))
        except _CellProblem as problem:
            _report(doc, item.line, problem, unread)
            if state["numbered"] is None:
                state["numbered"] = any(column.role == "number" for column in layout.columns) or bool(
                    item.cells and _NUMBERED.match(item.cells[0]))
            if state["numbered"] and state.get("numbered_line") != item.line:
                state["expected"] += 1  # a broken row still takes its number: the next row's is not a gap
        state["read"] += 1
        state["after_section"] = False
    if state["read"] == 0:
        reason = f"{layout.table} has no rows after its header"
        if unread is None:
            raise SourceError(f"{doc.file_name}:{layout.header_line}: {reason}")
        unread.append(Unread(doc.file_name, layout.title_line, "table", layout.block.title, reason))
    _apply_footnotes(doc, layout, layout.block.end_line, rows)
    labels = {catalogue.normalise_label(row["source_label"] or "") for row in rows}
    for column in layout.columns:
        for name, _ in column.cumulative_labels:
            if catalogue.normalise_label(name) not in labels:
                raise SourceError(f"{doc.file_name}:{layout.header_line}: table_overrides.yaml reads row {name!r} of "
                                  f"{layout.table} as a total, but {layout.table} has no such row")
    return rows


def _report(doc: SourceDocument, line: int, problem: _CellProblem, unread: list[Unread] | None) -> None:
    if unread is None:
        raise SourceError(f"{doc.file_name}:{line}: {problem.reason}")
    unread.append(Unread(doc.file_name, line, problem.what, problem.text, problem.reason, problem.position))


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


def _cell_offset(text: str, cells: tuple[str, ...], index: int) -> int:
    """Where cell `index` starts on its line (for the source coverage)."""
    offset = 0
    for position, part in enumerate(text.split("\t")):
        if position == index:
            return offset + (len(part) - len(part.lstrip()))
        offset += len(part) + 1
    return 0


def _parse_row(doc: SourceDocument, layout: TableLayout, row: Row, state: dict,
               unknown_labels: list[UnknownLabel] | None, unread: list[Unread] | None) -> list[dict]:
    line = row.line
    cells = blocks.split_cells(doc.line(line))  # the document's own line: a layout may be reused on an edited copy
    where = f"{doc.file_name}:{line}"
    text = doc.line(line).rstrip("\t")
    if len(cells) != len(layout.columns):
        raise _CellProblem("row", text.replace("\t", " | "),
                           f"{layout.table} row has {len(cells)} cells, the header has {len(layout.columns)}")
    by_role = {column.role: cells[i] for i, column in enumerate(layout.columns)
               if column.role not in ("value", "unread")}
    if "category" in by_role:
        state["category"] = by_role["category"] or state["category"]
    district = _district(by_role, state)
    label = by_role.get("label") or layout.title_label or ""
    row_number = by_role.get("number")
    if "number" not in by_role and "label" in by_role:
        match = _NUMBERED.match(label)
        row_number, label = (match["num"], match["rest"]) if match else (None, label)
    row_number = row_number.rstrip(".．、") if row_number else row_number
    label, marks = _unmarked(label)
    _check_number(layout, doc, line, row_number, state, unread)

    raw_unit = by_role.get("unit")
    notes: list[str] = []
    if layout.unit_in_label:
        try:
            raw_unit, label = _unit_from_label(label, where)
        except SourceError as exc:
            raise _CellProblem("row", label, str(exc).removeprefix(f"{where}: ")) from None
        raw_unit = raw_unit or layout.table_unit
        if raw_unit is None and not any(column.unit for column in layout.columns if column.role == "value"):
            notes.append("the source gives no unit; read in the indicator's unit")
    if _OF_WHICH.match(label):
        notes.append("listed as a 其中 (of which) sub-row of the row above")
    attribute = _attribute(by_role, marks, layout, where)

    ratio = ratios().get(catalogue.normalise_label(label))
    indicator_id = None if ratio else _indicator(label, where, layout, unknown_labels is not None)
    if indicator_id is None and not ratio:
        unknown = _unknown(label, where, raw_unit, state["category"] or state["section"], layout, cells)
        if unknown.unit is None:
            raise _CellProblem("row", label, f"cannot tell the unit of {label!r} (no unit column, no (unit) after the "
                                             "label, none in the header or under the title, no % in its cells)")
        unknown_labels.append(unknown)
        return []
    quote = text
    rows = []
    for index, column in enumerate(layout.columns):
        if column.role == "unread" and cells[index] and unread is not None:
            _report(doc, line, _CellProblem("cell", cells[index], f"column {column.header!r} has no role",
                                            _cell_offset(doc.line(line), cells, index)), unread)
        if column.role != "value":
            continue
        raw_text = cells[index]
        unit = column.unit if column.unit and column.value_kind not in ("reported_completion_pct",
                                                                        "target_growth_pct") else raw_unit
        try:
            rows.extend(_cell_rows(doc, layout, column, cells, raw_text, label, unit, ratio, indicator_id, notes,
                                   dict(line=line, quote=quote, value_kind=column.value_kind, year=column.year,
                                        raw_text=raw_text, plan_period=layout.plan_period, attribute=attribute,
                                        source_table=layout.table, source_label=label, district=district), where))
        except (SourceError, NotationError) as exc:
            problem = _CellProblem("cell", raw_text, f"column {column.header}: "
                                   + str(exc).removeprefix(f"{where}: ").removeprefix(f"column {column.header}: "),
                                   _cell_offset(doc.line(line), cells, index))
            if unread is None:
                raise SourceError(f"{where}: {problem.reason}") from None
            _report(doc, line, problem, unread)
    return rows


def _cell_rows(doc, layout: TableLayout, column: Column, cells, raw_text: str, label: str, unit: str | None,
               ratio, indicator_id, notes: list[str], base: dict, where: str) -> list[dict]:
    parsed = _parse(_without_unit(raw_text, unit), where, column)
    span, span_note = _span(layout, column, cells, label, parsed[0], where)
    cell_notes = [*notes, *([span_note] if span_note else [])]
    if column.estimate:
        cell_notes.append(f"an expected outturn ({column.header}), not the final figure")
    base = {**base, "period": span}
    if ratio:
        return _ratio_rows(doc, ratio, parsed, unit, base, cell_notes, where)
    ranged = len(parsed) == 2 and all(part.bound for part in parsed)
    if len(parsed) != 1 and not ranged:
        raise SourceError(f"{where}: a ratio {raw_text!r} in a row that is not a ratio (see ratios.yaml)")
    override = "%" if column.value_kind in ("reported_completion_pct", "target_growth_pct") else None
    rows = []
    for value in parsed:
        row_unit = override or unit
        if value.percent_sign and row_unit != "%":
            raise SourceError(f"{where}: {raw_text!r} carries % but the row's unit is {row_unit!r}")
        value_notes = [*cell_notes, *_value_notes(value, column, raw_text)]
        if value.bound:
            value_notes.append(f"the {'lower' if value.bound == 'low' else 'upper'} bound of the range {raw_text}")
        rows.append(observation(doc, indicator_id=indicator_id, parsed=value, raw_unit=row_unit,
                                unit_override=override, note="; ".join(value_notes) or None, reading="table",
                                **base))
    return rows


def _without_unit(raw_text: str, unit: str | None) -> str:
    """A cell that repeats its row's unit (6.5万人 in a 万人 row) read without it."""
    if unit and unit != "%":
        text = raw_text.strip()
        for written in (unit, unit.translate(FULL_WIDTH)):
            if text.endswith(written) and text[: -len(written)].strip():
                return text[: -len(written)].strip()
    return raw_text


def _district(by_role: dict, state: dict) -> str | None:
    """The district a row is about (carried down a long table), None for the city's own row."""
    if "district" not in by_role:
        return None
    cell = by_role["district"]
    if cell:
        state["district"] = cell
    name = state["district"]
    city_rows = _words(catalogue.header_vocabulary().city_rows)
    return None if name is None or re.sub(r"\s+", "", name) in city_rows else name


def _unmarked(label: str) -> tuple[str, str]:
    """A label without its footnote marks (城镇新增就业人数* -> 城镇新增就业人数, '*')."""
    marks = ""
    match = _MARKED.match(label)
    if match and match["label"]:
        label, marks = match["label"], match["marks"]
    lead = re.match(rf"^(?P<marks>[{_MARKS}]+)\s*(?P<label>.+)$", label)
    if lead:
        label, marks = lead["label"], marks + lead["marks"]
    return label, marks.replace("＊", "*").replace("＃", "#")


def _attribute(by_role: dict, marks: str, layout: TableLayout, where: str) -> str | None:
    cell = by_role.get("attribute")
    if cell:
        attribute = catalogue.header_vocabulary().attributes.get(re.sub(r"\s+", "", cell))
        if attribute is None:
            known = " or ".join(catalogue.header_vocabulary().attributes)
            raise _CellProblem("cell", cell, f"unknown 属性 {cell!r} (expected {known})")
        return attribute
    by_mark = dict(layout.marks)
    for mark in marks:
        if mark in by_mark:
            return by_mark[mark]
    return layout.others_attribute if layout.marks else None


def _check_number(layout: TableLayout, doc: SourceDocument, line: int, row_number: str | None, state: dict,
                  unread: list[Unread] | None) -> None:
    """Numbered tables number every row 1, 2, 3 … (restarting at 1 after a section is fine); a gap may
    be a lost row, so it is reported (strict: refused)."""
    where = f"{doc.file_name}:{line}"
    state["numbered_line"] = line
    if state["numbered"] is None:
        state["numbered"] = row_number is not None or any(c.role == "number" for c in layout.columns)
    if not state["numbered"]:
        if row_number is not None:
            problem = f"row number {row_number} in {layout.table}, whose first row has none"
            if unread is None:
                raise SourceError(f"{where}: {problem}")
            unread.append(Unread(doc.file_name, line, "numbering", row_number, problem))
        return
    if row_number == "1" and state["after_section"]:
        state["expected"] = 1
    if row_number != str(state["expected"]):
        problem = f"expected row number {state['expected']} of {layout.table}, found {row_number!r}"
        if unread is None:
            raise SourceError(f"{where}: {problem}")
        unread.append(Unread(doc.file_name, line, "numbering", str(row_number),
                             problem + " (a row may be missing)"))
        if row_number and row_number.isdigit():
            state["expected"] = int(row_number)
    state["expected"] += 1


def _unknown(label, where, raw_unit, section, layout, cells) -> UnknownLabel:
    unit = raw_unit
    comparators = []
    for index, column in enumerate(layout.columns):
        if column.role != "value" or column.value_kind in ("reported_completion_pct", "target_growth_pct"):
            continue
        try:
            parsed = parse_cell(_without_unit(cells[index], column.unit or raw_unit))
        except NotationError:
            continue  # reported when the row is read again as a known indicator
        unit = unit or column.unit
        if unit is None and any(part.percent_sign for part in parsed):
            unit = "%"
        if column.value_kind == "target":
            comparators.extend(part.comparator for part in parsed if part.value is not None and part.comparator)
    return UnknownLabel(label, where, unit, section, comparators)


def _unit_from_label(label: str, where: str) -> tuple[str | None, str]:
    match = _BRACKETED.match(label)
    if not match:
        return None, label
    unit = match["inner"].strip().replace("％", "%")
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
                                note="; ".join(part_notes), reading="table", **base))
    return rows
