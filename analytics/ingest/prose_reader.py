"""The generic prose reader: every figure a document states in its sentences, read with no rule
written for it, marked `reading = machine` until a person reviews it (`python -m analytics.ingest
review DOC` turns the readings into a prose-rules file).

For each figure of a non-table line (a number followed by a unit, analytics.ingest.figures) the
reader decides, from the sentence and the document around it (cue words: analytics.ingest.prose_cues):

    the number phrase  prefixes and suffixes that bound it (约, 超过, 以上, 以内, 多) and a list that
                       shares its unit (2.64、1.62、1.86万人以上: three figures)
    the label          the words before it in its clause, without time, place and verbs; in a list
                       (A、B分别达到x、y) the matching item; none (控制在3.0%以内): the label of the
                       figure before it in the sentence
    the indicator      the catalogue name or alias the label is (exact), or the longest one it holds
                       (covering most of it), or one within a close fuzzy score; else a new one under
                       the label. A unit the indicator cannot be converted to is no match.
    kind and year      a section's heading says whether it reviews (actuals) or plans (targets): a
                       plan's review is of the plan before it (its last year), a report's of its own
                       year, a report's plan section of the next year (annual targets); a sentence's
                       own cues (到2025年, 力争, 完成…的112%, 由…提高到) override the section
    span               累计 or a whole-period sentence (“十三五”时期, 五年来) makes a flow a total of
                       that period; 累计 in a one-year report with no start is a running total
    comparator         from the phrase (以上 ≥, 以内 ≤, 控制在 ≤, 约 ~, 多 ≥)
    district           a list of places before 分别, in order

What it cannot decide — no label, a change rather than a level (同比增长4.9%), a unit that fits no
reading, a year it cannot tell — it leaves unread with the reason; it never guesses a number's
meaning. Each reading has a confidence; under ACCEPT it is left unread too.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz, process

from analytics import catalogue
from analytics.ingest import prose_cues as cues
from analytics.ingest.figures import Figure, find_figures
from analytics.ingest.sources import SourceDocument
from analytics.notation import FULL_WIDTH

MACHINE, CURATED, TABLE = "machine", "curated", "table"  # observations.reading (schema.READINGS)
ACCEPT = 0.6  # readings under this confidence are left unread
FUZZY_MATCH = 90  # rapidfuzz ratio a label needs to be a catalogue name it does not spell exactly
COVERED_SHARE = 0.7  # a catalogue name inside a label names it when it covers this share of the label
MIN_NEW_LABEL = 3  # characters a label needs to become a new indicator's name
MAX_LABEL = 24  # characters; a longer label keeps its tail, with less confidence

# a label that is only one of these is none
_VERBS = frozenset(cues.TRAILING) | frozenset(cues.LEADING) | frozenset(cues.PREPOSITIONS)
_CUE_CHARS = frozenset("".join(word for word in _VERBS if len(word) == 1))
_SENTENCE_END = "。；;！？!?"
_CLAUSE_END = "，,；;。：:！？!?"  # a parenthesis stays in its clause: 参保人数（含离退休）147.18万人
_MULTIPLIERS = {"万": 10_000, "千": 1_000, "亿": 100_000_000}


@dataclass(frozen=True)
class ProseReading:
    """One figure of a sentence, read by machine."""

    source_file: str
    line: int  # 1-based
    start: int  # offset of the figure on its line (the figure rule of analytics.ingest.figures)
    quote: str  # the clause that holds the label and the figure, a substring of the line
    text: str  # the number phrase as written, a substring of quote: 4.59万人, 3.0%以内, 约 0.21 万人
    value: float  # the number in `unit` (5万多人次: 5 in 万人次)
    unit: str  # the unit as written, a multiplier joined to it (万人, 万人次, %, 元); a list's shared unit
    label: str  # the indicator's name as the sentence words it (城镇新增就业)
    indicator_id: str | None  # the catalogue indicator the label names; None: a new one under `label`
    value_kind: str  # schema.VALUE_KINDS
    year: int
    plan_period: str | None
    cumulative: tuple[int, int] | str | None  # (start, end) total, "to_date" running total, None one year
    target_scope: str | None  # plan | annual for a target
    comparator: str | None  # schema.COMPARATORS, None when the text gives none (=)
    district: str | None
    confidence: float  # 0..1; readings under ACCEPT are not kept (the figure stays unread with why)
    how: str  # the cues that decided, in words (shown by `review` and in the row's note)


@dataclass(frozen=True)
class ProseUnread:
    """A figure of a sentence the reader would not read, and why."""

    source_file: str
    line: int
    start: int
    text: str
    reason: str


@dataclass(frozen=True)
class LabelIndex:
    """Indicator names the reader matches labels against: normalised name or alias -> indicator_id,
    and each indicator's unit. `from_catalogue()` builds it from every catalogue indicator; the
    leave-one-out benchmark builds a reduced one."""

    names: dict[str, str]
    units: dict[str, str]
    equivalents: dict[str, tuple[str, ...]] = field(default_factory=dict)  # units written that count as the unit

    @classmethod
    def from_catalogue(cls) -> LabelIndex:
        names, units, equivalents = {}, {}, {}
        for indicator in catalogue.indicators().values():
            for name in (indicator.name_zh, *indicator.aliases_zh):
                names.setdefault(catalogue.normalise_label(name), indicator.indicator_id)
            units[indicator.indicator_id] = indicator.unit
            equivalents[indicator.indicator_id] = tuple(unit for unit, _why in indicator.unit_equivalents)
        return cls(names, units, equivalents)

    def fits(self, indicator_id: str, unit: str) -> bool:
        """Whether a value written in `unit` can be stored in the indicator's unit."""
        target = self.units.get(indicator_id)
        if target is None:
            return False
        unit = unit.replace("％", "%")
        if unit == target or unit in self.equivalents.get(indicator_id, ()):
            return True
        if "%" in (unit, target):
            return False
        try:
            catalogue.convert(1.0, unit, target)
        except catalogue.CatalogueError:
            return False
        return True

    def match(self, label: str, unit: str) -> tuple[str | None, str]:
        """(indicator_id or None, how) for a label whose value is in `unit`."""
        key = catalogue.normalise_label(label)
        found = self.names.get(key)
        if found and self.fits(found, unit):
            return found, "exact name"
        inside = [(len(name), name, indicator_id) for name, indicator_id in self.names.items()
                  if len(name) >= 3 and name in key and self.fits(indicator_id, unit)]
        if inside:
            length, name, indicator_id = max(inside)
            if length >= COVERED_SHARE * len(key):
                return indicator_id, f"holds the name {name}"
        core = core_label(key)
        by_core = {indicator_id for name, indicator_id in self.names.items()
                   if core_label(name) == core and self.fits(indicator_id, unit)}
        if len(core) >= 3 and len(by_core) > 1:  # 设立博士后科研工作站: the indicator named just that
            by_core = {indicator_id for name, indicator_id in self.names.items()
                       if name == core and indicator_id in by_core} or by_core
        if len(core) >= 3 and len(by_core) == 1:
            return by_core.pop(), "the same name at its core"
        holding = {indicator_id for name, indicator_id in self.names.items()
                   if len(key) >= 4 and key in name and len(key) >= COVERED_SHARE * len(name)
                   and self.fits(indicator_id, unit)}
        if len(holding) == 1:
            return holding.pop(), "a shorter form of a catalogue name"
        choices = {name: name for name, indicator_id in self.names.items() if self.fits(indicator_id, unit)}
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_MATCH) if choices else None
        if best:
            return self.names[best[0]], f"close to the name {best[0]} ({best[1]:.0f})"
        return None, "no catalogue name: a new indicator"


def core_label(label: str) -> str:
    """A label or name without the words that do not change what is counted (累计, 实现, 人数, 总量 …),
    its standard abbreviations written out."""
    core = catalogue.normalise_label(label)
    for short, full in cues.ABBREVIATIONS.items():
        core = core.replace(short, full)
    for word in cues.CORE_ANYWHERE:
        core = core.replace(word, "")
    changed = True
    while changed:
        changed = False
        for word in cues.CORE_LEADING:
            if core.startswith(word) and len(core) > len(word) + 2:
                core, changed = core[len(word):], True
        for word in cues.CORE_TRAILING:
            if core.endswith(word) and len(core) > len(word) + 2:
                core, changed = core[:-len(word)], True
    return core


# ---- the document around a sentence ----------------------------------------------------------------------

@dataclass
class _Context:
    """What the document and the current section say about the figures in it."""

    doc: dict
    plan: tuple[str, int, int] | None  # the document's plan period and its years
    span: tuple[int, int] | None  # the years the document covers (its plan, or covers_zh)
    report_year: int | None  # a one-year report's year
    mode: str = "plan"  # review | plan
    section_year: int | None = None

    @classmethod
    def of(cls, doc: SourceDocument) -> _Context:
        entry = doc.doc
        plan = None
        if entry.get("plan_period"):
            start, end = catalogue.plan_period_span(entry["plan_period"])
            plan = (entry["plan_period"], start, end)
        covers_text = entry.get("covers_zh") or entry.get("covers_en") or ""
        covers = re.findall(r"(?:19|20)\d{2}", covers_text)
        stated = re.search(r"((?:19|20)\d{2})\s*[-–—~至到]\s*((?:19|20)\d{2})", covers_text)
        span = (plan[1], plan[2]) if plan else (int(stated[1]), int(stated[2])) if stated else None
        report_year = None
        if entry.get("kind") == "annual_report":
            years = re.findall(r"(?:19|20)\d{2}", entry.get("title_zh") or "") or covers
            report_year = int(years[0]) if years else None
        mode = "review" if entry.get("kind") == "annual_report" else "plan"
        return cls(entry, plan, span, report_year, mode)

    def heading(self, text: str) -> None:
        """A heading line sets the section's mode and year."""
        words = re.sub(r"\s+", "", text)
        years = [int(year) for year in re.findall(r"(?:19|20)\d{2}", words)]
        review = next((w for w in cues.REVIEW_HEADING if w in words), None)
        planned = next((w for w in cues.PLAN_HEADING if w in words), None)
        if review and (not planned or words.find(review) < words.find(planned)):
            self.mode = "review"
        elif planned:
            self.mode = "plan"
        elif re.match(r"^(?:#+)?(?:\*\*|<b>)?第[一二三四五六七八九十百\d]+章", words):
            self.mode = "plan" if self.report_year is None else self.mode
        self.section_year = years[0] if years else None

    def review_period(self) -> tuple[str, int, int] | None:
        """The plan period a plan's review looks back on: the one that ends the year before it starts."""
        if self.plan is None:
            return None
        before = catalogue.plan_period_of_year(self.plan[1] - 1)
        if before is None:
            return None
        start, end = catalogue.plan_period_span(before)
        return before, start, end


@dataclass(frozen=True)
class _Phrase:
    start: int  # offsets of the number phrase on the line
    end: int
    value: float
    unit: str
    comparator: str | None
    figure: Figure | None  # None for a bare number of a list that shares the figure's unit
    anchor: int = 0  # the start of the figure whose unit it has (its own, or the list's last)


# ---- reading ---------------------------------------------------------------------------------------------

def read_prose(doc: SourceDocument, index: LabelIndex, skip: set[tuple[int, int]] = frozenset()
               ) -> tuple[list[ProseReading], list[ProseUnread]]:
    """Every figure on the document's non-table lines, read or left unread with a reason. `skip`:
    (line, start) of figures already read (by a table or a curated rule): neither read nor listed."""
    context = _Context.of(doc)
    tables = table_lines(doc)
    readings: list[ProseReading] = []
    unread: list[ProseUnread] = []
    tail = ""  # the unfinished sentence a line ends with, which the next line goes on with
    for number, line in enumerate(doc.lines, start=1):
        stripped = line.strip()
        if number in tables or _is_heading(stripped) or "....." in line or "…………" in line:
            if _is_heading(stripped) and number not in tables:
                context.heading(stripped)
            tail = ""
            continue
        if not stripped:
            continue
        if "\t" in line:
            tail = ""  # a cell of a table laid out one cell a line: no sentence goes on into the next
        text, offset = tail + line, len(tail)  # figures and quotes stay on the line; words before may not
        tail = "" if "\t" in line else _unfinished(line)
        figures = [dataclasses.replace(figure, start=figure.start + offset, end=figure.end + offset)
                   for figure in find_figures(line, number)]
        if not figures:
            continue
        every_place: list[str] = []  # 各市、区 opening a sentence holds for its clauses up to its full stop
        for sentence_start, sentence_end in _sentences(text):
            mine = [figure for figure in figures if sentence_start <= figure.start < sentence_end]
            if mine:
                _read_sentence(doc, context, index, text, number, sentence_start, sentence_end, mine, skip,
                               readings, unread, offset, every_place)
            if text[sentence_end - 1:sentence_end] not in "；;":
                every_place.clear()
    return readings, unread


def _unfinished(line: str) -> str:
    """The words after a line's last sentence end, when it stops mid-sentence (a paragraph broken in two)."""
    text = line.rstrip()
    if not text or text[-1] in _SENTENCE_END:
        return ""
    last = max(text.rfind(char) for char in _SENTENCE_END)
    return text[last + 1:].lstrip()[-60:]


def table_lines(doc: SourceDocument) -> set[int]:
    """The lines of the document's tables (title to notes): the table reader's, not prose."""
    from analytics.ingest.tables import discover_tables

    lines: set[int] = set()
    for layout in discover_tables(doc, []):
        block = layout.block
        last = max([row.line for row in block.header] + [item.line for item in block.body]
                   + [line for line, _why in block.skipped] + [line for line, *_ in getattr(block, "notes", ())
                                                                if isinstance(line, int)] + [layout.title_line])
        lines.update(range(layout.title_line, last + 1))
    return lines


def _is_heading(text: str) -> bool:
    return bool(cues.HEADING.match(text)) and len(text) <= cues.MAX_HEADING and "。" not in text


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for position, char in enumerate(text):
        if char in _SENTENCE_END:
            spans.append((start, position + 1))
            start = position + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _read_sentence(doc, context, index, text, number, start, end, figures, skip, readings, unread,
                   offset: int = 0, every_place: list[str] | None = None) -> None:
    every_place = [] if every_place is None else every_place
    sentence = text[start:end]
    phrases = _phrases(text, figures, start)
    previous: tuple[str, str | None, str] | None = None  # (label, indicator_id, unit) of the figure before
    lists = _lists(text, start, phrases)
    sentence_labels: list[str] = []  # labels of this sentence's readings, in order
    group_labels: list[str] = []
    previous_counted = ""  # the thing the figure before counted, when it was named after it
    for position, phrase in enumerate(phrases):
        figure_start = (phrase.figure.start if phrase.figure else phrase.start) - offset  # on its own line
        if (number, phrase.anchor - offset) in skip or phrase.start < offset:
            previous = None
            continue
        shown = text[phrase.start:phrase.end]

        def leave(reason: str, shown=shown, figure_start=figure_start, listed=phrase.figure is None) -> None:
            if not listed:
                unread.append(ProseUnread(doc.file_name, number, figure_start, shown, reason))

        before = text[start:phrase.start]
        after = text[phrase.end:end]
        if cues.NUMBER_OF_A_PART.search(text[:phrase.start]) or re.match(r"0\d", shown):
            leave("the number of a box, table or list item (专栏5, 05), not a measurement")
            previous = None
            continue
        if cues.POINTS_AFTER.match(after):
            leave("a change in percentage points (个百分点), not a level")
            previous = None
            continue
        member = lists.get(position)
        group_start = phrases[member.first].start if member is not None else phrase.start
        change = cues.CHANGE_BEFORE.search(text[start:group_start])
        clause_start = _clause_start(text, start, phrase, phrases[position - 1] if position else None)
        prefix = text[clause_start:phrase.start]
        label, how_label = _label(prefix)
        district = None
        if member is not None:
            if member.reason:
                leave(member.reason)
                previous = None
                continue
            prefix = member.words
            label, district = member.label or "", member.district
            how_label = "the list before 分别" + (f", place {district}" if district else "")
        if change:
            own = _label(prefix[:len(prefix) - len(change[0])] if prefix.endswith(change[0]) else prefix)[0]
            if member is not None and position == member.first:
                group_labels[:] = sentence_labels  # the labels before the list, for each of its changes
            earlier = group_labels if member is not None else sentence_labels
            subject = _change_subject("" if member is not None else own, member, position, earlier)
            if subject is None:
                leave("a change (增长/提高 …) whose subject is not named before it")
                previous = None
                continue
            label = subject + re.sub(r"分别|\s", "", change[0])
            how_label = "a change: what changes, and the words of the change"
        elif phrase.figure is not None and member is None:
            counted = _counted_noun(text[phrase.end:end], phrase.unit)  # 新增2家省级基地: the thing counted
            if counted:
                between = position > 0 and clause_start == phrases[position - 1].end and previous_counted
                if between:  # 50家重点产业企业赴外地招聘678个岗位: the words after the first thing counted
                    rest = prefix.strip()
                    rest = rest[len(previous_counted):] if rest.startswith(previous_counted) else ""
                    label = _label(rest)[0] if rest else ""
                modifier = prefix.rstrip().endswith("的")  # 符合条件的4名企业家: the words describe the noun
                action = _without_actions(label)  # 组织50家重点产业企业: what is counted, not who organised it
                label = counted if modifier or len(action) < 2 or _only_cue_words(action) else action + counted
                how_label = "the words before it and the thing counted after it"
            previous_counted = counted or ""
        every = cues.EVERY_PLACE.match(label)
        if every and district is None and len(label) > every.end() + 1:
            district, label = every[0], label[every.end():]
            how_label += f"; every place ({district})"
            every_place[:] = [district]
        elif district is None and member is None and every_place:
            district = every_place[0]
            how_label += f"; every place ({district}, named at the start of the sentence)"
        short = len(label) < MIN_NEW_LABEL or label in _VERBS or _only_cue_words(label)
        if short and re.match(r"\s*的", after):
            described = re.split(r"[，,；;。：:（(]", after)[0].strip()[1:]  # 力争70%以上的劳动争议通过调解解决
            if len(described) >= 3 and not described.startswith("目标"):  # 控制在3.5%的目标内: no label
                label, how_label = described, "the words the figure describes, after 的"
        inherited = False
        if len(label) < 2 or label in _VERBS:
            if previous and (previous[2] == phrase.unit or prefix.strip().endswith(("共", "合计", "总计"))):
                same_unit = previous[2] == phrase.unit
                label, inherited, how_label = previous[0], same_unit, "the label of the figure before it"
                if not same_unit and phrase.unit.endswith("元"):
                    label += "金额"  # 贷款182笔共0.96亿元: the amount of what the figure before counts
            else:
                leave("no label before the figure in its clause")
                continue
        if len(label) < MIN_NEW_LABEL and phrase.figure is not None and not inherited and not (
                member is None and not change and previous_counted and label.endswith(previous_counted)):
            going_on = re.split(r"[，,；;。：:（(\d]", after, maxsplit=1)[0].strip().lstrip("的")[:MAX_LABEL]
            if len(going_on) >= 2 and "\u4e00" <= going_on[0] <= "\u9fff":
                label, how_label = label + going_on, "the words before it and after it"  # 促成1.4万人成功就业
        if re.fullmatch(r"[\d.、，,%％\s]+", label):
            leave("the words before the figure are numbers, not a label")
            continue
        confidence = 1.0
        if len(label) > cues.MAX_HEADING:
            leave("the words before the figure are too long to be an indicator's name")
            continue
        if len(label) > MAX_LABEL:
            label = label[-MAX_LABEL:]
            confidence -= 0.15
        indicator_id, how_indicator = (previous[1], "as the figure before it") if inherited else index.match(
            label, phrase.unit)
        if indicator_id is None:
            if len(label) < MIN_NEW_LABEL:
                leave(f"the words before the figure ({label}) are too short to name a new indicator")
                previous = None
                continue
            confidence -= 0.1
        if how_indicator.startswith("close"):
            confidence -= 0.1
        decided = _kind_year_span(context, sentence, before, prefix, label, phrase, after, bool(change))
        if isinstance(decided, str):
            leave(decided)
            previous = None
            continue
        value_kind, year, cumulative, scope, how_kind, penalty = decided
        confidence -= penalty
        comparator = phrase.comparator
        if comparator in (None, "=") and any(verb in prefix[-6:] for verb in cues.UPPER_BOUND_VERBS):
            comparator = "<="
        if comparator in (None, "="):  # 按不超过毕业学年大学生人数5%的比例: a bound earlier in the clause
            bound = next((word for word in cues.CLAUSE_BOUNDS if word in prefix), None)
            comparator = cues.CLAUSE_BOUNDS[bound] if bound else comparator
        if confidence < ACCEPT:
            leave(f"unsure ({confidence:.2f}): label {label!r}, {how_indicator}; {how_kind}")
            continue
        plan_period = catalogue.plan_period_of_year(year)
        if cumulative and not isinstance(cumulative, str):
            plan_period = catalogue.plan_period_of_year(cumulative[0]) or plan_period
        quote = text[max(clause_start, offset):phrase.end].strip() or shown
        if shown not in quote:
            quote = text[max(min(clause_start, phrase.start), offset):phrase.end]
        readings.append(ProseReading(
            doc.file_name, number, figure_start, quote, shown, phrase.value, phrase.unit, label, indicator_id,
            value_kind, year, plan_period, cumulative, scope, None if comparator == "=" else comparator, district,
            round(confidence, 2), f"label: {how_label}; indicator: {how_indicator}; {how_kind}"))
        previous = (label, indicator_id, phrase.unit)
        sentence_labels.append(label)


# ---- the number phrase -----------------------------------------------------------------------------------

_FIGURE_PARTS = re.compile(r"(?P<number>[\d,]+(?:\.\d+)?)\s*(?P<mult>[万千亿])?(?P<more>多|余)?\s*(?P<unit>.+)$")


def _phrases(text: str, figures: list[Figure], sentence_start: int) -> list[_Phrase]:
    """Each figure as a phrase with its bounds, and the bare numbers of a list that shares its unit."""
    phrases: list[_Phrase] = []
    floor = sentence_start
    for figure in figures:
        parts = _FIGURE_PARTS.match(figure.text.translate(FULL_WIDTH))
        value = float(figure.number)
        unit = figure.unit.replace("％", "%")
        comparator = None
        if parts["mult"] == "千":
            value *= 1000
        elif parts["mult"]:
            unit = parts["mult"] + unit
        if parts["more"]:
            comparator = ">="
        start, end = figure.start, figure.end
        for prefix in cues.PREFIXES:
            head = text[max(floor, start - len(prefix) - 1):start].rstrip()
            if head.endswith(prefix):
                start = start - (len(text[:start]) - len(text[:start].rstrip())) - len(prefix)
                comparator = comparator or _prefix_comparator(prefix)
                break
        tail = text[end:end + 4].lstrip()
        for suffix in cues.SUFFIXES:
            if tail.startswith(suffix):
                end = end + (len(text[end:]) - len(text[end:].lstrip())) + len(suffix)
                comparator = comparator or {"以上": ">=", "以内": "<=", "以下": "<=", "左右": "~"}[suffix]
                break
        listed = _listed_numbers(text, floor, start)
        for list_start, list_end, list_value in listed:
            phrases.append(_Phrase(list_start, list_end, list_value, unit, comparator, None, figure.start))
        phrases.append(_Phrase(start, end, value, unit, comparator, figure, figure.start))
        floor = end
    return phrases


def _prefix_comparator(prefix: str) -> str:
    return {"不低于": ">=", "不少于": ">=", "不高于": "<=", "不超过": "<=", "超过": ">", "高于": ">",
            "低于": "<", "突破": ">", "超": ">", "约": "~", "近": "~"}[prefix]


_LISTED = re.compile(r"(\d+(?:\.\d+)?)\s*[、，,]\s*$")


def _listed_numbers(text: str, floor: int, start: int) -> list[tuple[int, int, float]]:
    """Bare numbers right before a figure, separated by 、 (2.64、1.62、1.86万人: the first two)."""
    found = []
    cursor = start
    while True:
        match = _LISTED.search(text[floor:cursor])
        if not match:
            break
        number_start = floor + match.start(1)
        if number_start > floor and (text[number_start - 1].isdigit() or text[number_start - 1] in ".:："):
            break
        found.append((number_start, floor + match.end(1), float(match[1])))
        cursor = number_start
    return list(reversed(found))


def _without_actions(label: str) -> str:
    for action in cues.ACTIONS:
        label = label.replace(action, "")
    return label


def _only_cue_words(label: str) -> bool:
    """共为, 新为: words around a label and no label."""
    return all(char in _CUE_CHARS for char in label)


def _change_subject(label: str, member: _Member | None, position: int, earlier: list[str]) -> str | None:
    """What a change is of: the label before it (最低工资标准…提高66.67%), or for a list after 分别 with no
    label of its own (…人数A万人、B万人，分别增长x%、y%), the labels of the figures before it, in order."""
    if label and label not in _VERBS and len(label) >= 2:
        return label
    if member is None:
        return earlier[-1] if earlier else None  # 参保人数46.7万人，比…增长21.6%: the figure before it
    if len(earlier) < member.size:
        return None
    return earlier[len(earlier) - member.size + (position - member.first)]


def _counted_noun(after: str, unit: str) -> str | None:
    """What a count counts when the sentence names it after the figure (681家企业开展…: 企业; 新增2家省级创业
    孵化示范基地: 省级创业孵化示范基地): the words up to the clause's end or the verb of what is done with it."""
    if unit.endswith(("%", "元")):
        return None  # a share or an amount is not a count of things
    clause = re.split(r"[，,；;。：:（(\d]", after, maxsplit=1)[0][:30].strip()
    if not clause or not ("\u4e00" <= clause[0] <= "\u9fff" or clause[0] in "“\""):
        return None
    cut = min((clause.find(verb) for verb in cues.AFTER_COUNT if clause.find(verb) >= 0), default=len(clause))
    phrase = clause[:cut].strip("“”\"的 、，,").removesuffix("和").removesuffix("及")
    if 2 <= len(phrase) < MIN_NEW_LABEL:  # 2300多家企业发放稳岗返还资金: a bare 企业 says too little
        phrase = clause[:MAX_LABEL].strip("“”\"的 ")
    return phrase if len(phrase) >= 2 else None


# ---- the label -------------------------------------------------------------------------------------------

def _clause_start(text: str, sentence_start: int, phrase: _Phrase, before: _Phrase | None) -> int:
    start = sentence_start
    for position in range(phrase.start - 1, sentence_start - 1, -1):
        if text[position] in _CLAUSE_END:
            start = position + 1
            break
    if before is not None and before.end > start:
        start = before.end
    return start


def _label(prefix: str) -> tuple[str, str]:
    """The words before a figure without time, place, enumerators and verbs."""
    label = prefix.strip().strip("、，,和及与")
    label = cues.ENUMERATOR.sub("", label)
    changed = True
    while changed and label:
        changed = False
        stripped = cues.TIME_PHRASE.sub("", label, count=1) if cues.TIME_PHRASE.match(label) else label
        stripped = stripped.strip(" ，,、")
        for word in cues.LEADING:
            if stripped.startswith(word) and len(stripped) > len(word) + 1:
                stripped = stripped[len(word):]
                break
        for word in cues.TRAILING:
            if stripped.endswith(word) and len(stripped) > len(word) + 1:
                stripped = stripped[: -len(word)]
                break
        stripped = stripped.strip(" ，,、“”\"")
        if stripped != label:
            label, changed = stripped, True
    label = re.sub(r"\s+", "", label)
    label = cues.PER_PERSON_TAIL.sub("", label) if len(cues.PER_PERSON_TAIL.sub("", label)) >= 2 else label
    for action in cues.ACTIONS:  # a label names a thing, not the bureau's action: 组织各类干部培训
        if action in label and len(label) > len(action) + 2:
            label = label.replace(action, "")
    return label, "the words before it"


_PLACE = r"(?:市本级|市直|[\u4e00-\u9fff]{2}(?:区|县|旗|市))"
_PLACE_LIST = re.compile(rf"{_PLACE}(?:[、和及]{_PLACE})+")
_JOINED = re.compile(r"\s*(?:[、，,和及与]|以及)\s*")


@dataclass(frozen=True)
class _Member:
    """A figure's place in a list after 分别: its label, its district, the words that hold the label."""

    label: str | None
    district: str | None
    words: str
    first: int  # the position of the list's first figure
    size: int  # how many figures the list has
    reason: str | None = None  # why the list cannot be read


def _lists(text: str, sentence_start: int, phrases: list[_Phrase]) -> dict[int, _Member]:
    """The figures of lists after 分别 (A、B分别达到x、y; 蓬江区、江海区…分别为x、y…): position -> member."""
    members: dict[int, _Member] = {}
    places_before: list[str] | None = None
    position = 0
    while position < len(phrases):
        last = position
        while last + 1 < len(phrases) and _JOINED.fullmatch(text[phrases[last].end:phrases[last + 1].start]):
            last += 1
        group = list(range(position, last + 1))
        head = text[sentence_start:phrases[position].start]
        clause = re.split(r"[，,；;。：:]", head)[-1]
        found = list(_PLACE_LIST.finditer(head))
        if found:
            places_before = re.findall(_PLACE, found[-1][0])
        cut = clause.rfind("分别")
        if len(group) >= 2 and cut >= 0:
            words = clause[:cut]
            listed = list(_PLACE_LIST.finditer(words))
            places = re.findall(_PLACE, listed[-1][0]) if listed else places_before
            if listed:
                words = words[listed[-1].end():]
            items = [item for item in cues.LIST_SPLIT.split(words) if item.strip()]
            trailing = re.split(r"[，,；;。（(]", text[phrases[last].end:])[0]
            for order, member in enumerate(group):
                if places is not None and len(places) != len(group):
                    members[member] = _Member(None, None, words, group[0], len(group),
                                              f"{len(group)} figures for the {len(places)} places listed before 分别")
                    continue
                if places is None and len(items) == len(group):
                    label = _label(items[order])[0]
                else:
                    label = _label(words)[0] or _label(trailing)[0]
                members[member] = _Member(label or None, places[order] if places else None, words + trailing,
                                          group[0], len(group))
        position = last + 1
    return members


# ---- kind, year and span ---------------------------------------------------------------------------------

def _kind_year_span(context: _Context, sentence: str, before: str, prefix: str, label: str, phrase: _Phrase,
                    after: str, change: bool = False):
    """(value_kind, year, cumulative, target_scope, how, confidence penalty), or why not."""
    explicit = [int(year) for year in re.findall(r"(?:到|至|截至|截止到?)\s*((?:19|20)\d{2})\s*年|"
                                                 r"((?:19|20)\d{2})\s*年(?:底|末)?(?:前|以前)", before)
                for year in year if year]
    since = re.findall(r"((?:19|20)\d{2})\s*年[^，,；;。]{0,12}以来", before)
    bare_years = [int(year) for year in re.findall(r"(?<![\d-])((?:19|20)\d{2})\s*年(?![\d-])", before)]
    if cues.COMPLETION.search(before):
        year = _review_year(context)
        if year is None:
            return "a completion percentage, but the year it judges is not clear"
        return "reported_completion_pct", year, None, None, "completion: 完成…目标的", 0.0
    target_cue = next((cue for cue in ("力争", "确保", "目标", "预期", "争取") if cue in before), None)
    review = context.mode == "review"
    if explicit and (context.plan is None or explicit[-1] >= context.plan[1]) and context.report_year is None:
        review = False
    if target_cue and not review:
        pass
    elif target_cue and review and "目标" in before and "完成" not in before and "实现" not in before:
        review = False
    from_to = bool(cues.FROM_TO.search(prefix[: max(0, len(prefix))])) or bool(
        re.search(r"(?:由|从)\s*$", before))
    # a change over a period spans it; a level in % (a rate, a share) is never a total
    is_flow = change or (phrase.unit != "%" and _is_flow(label + prefix))
    if not change and any(cue in before[-30:] for cue in cues.AT_PERIOD_END) and not cumulative_word_in(prefix,
                                                                                                            before):
        is_flow = False  # 截至“十二五”期末, 年底: a level at that date
    cumulative_word = cumulative_word_in(prefix, before)
    if review:
        if context.report_year is not None:  # a one-year report looks back on its own year
            year = context.section_year or context.report_year
            cumulative = "to_date" if cumulative_word and not since else None
            if since and cumulative_word:
                cumulative = (int(since[-1]), year)
            if from_to:
                return "a starting level (由…到…) in a report: its year is not stated"
            if any(verb in prefix for verb in cues.UPPER_BOUND_VERBS) or "计划" in prefix:
                # 控制在3.0%以内, 计划招聘932人: the year's own target, stated beside what was done
                return "target", year, None, "annual", "the year's own target (控制在, 计划)", 0.0
            return "actual", year, cumulative, None, "a report's review of its year", 0.0
        period = context.review_period()
        if period is None:
            return "an achievement, but the period it looks back on is not clear"
        _name, start, end = period
        year = end
        if bare_years and not explicit and bare_years[-1] < end and not since:
            return "an achievement of another year than the review's"
        cumulative = None
        if since and (cumulative_word or is_flow):
            cumulative = (int(since[-1]), end)
        elif is_flow or (cumulative_word and phrase.unit != "%"):
            cumulative = (start, end)  # what the period reviewed did: its total
        if from_to:
            return "actual", start - 1, None, None, "the starting level (由/从…) of the period reviewed", 0.1
        if any(verb in prefix for verb in cues.UPPER_BOUND_VERBS) and "目标" in after[:8]:
            return "target", year, None, "plan", "the reviewed plan's target, restated (控制在…目标内)", 0.0
        return "actual", year, cumulative, None, "a plan's review of the period before it", 0.0
    # plan
    if context.report_year is not None:  # a report's plan section: next year's targets
        year = context.section_year or context.report_year + 1
        return "target", year, None, "annual", "a report's plan for the next year", 0.0
    if context.span is None:
        return "a target, but the document states no plan period or span"
    first, last = context.span
    year = explicit[-1] if explicit else last
    if not first - 1 <= year <= last + 5:
        return f"a target for {year}, outside the document's years"
    if from_to:
        return "baseline", first - 1, None, None, "the starting level (由/从…) of the plan", 0.05
    cumulative = None
    if is_flow and (cumulative_word or any(cue in before for cue in cues.PLAN_PERIOD_CUES)):
        cumulative = (first, year)
    elif "每年" in before:
        return "target", year, None, "annual", "a target for every year (每年)", 0.0
    how = "a plan's target" + (f" for {year} (到{year}年)" if explicit else f" for its last year {year}")
    return "target", year, cumulative, "plan", how, 0.0


def cumulative_word_in(prefix: str, before: str) -> bool:
    return any(word in prefix or word in before[-20:] for word in cues.RUNNING_TOTAL)


def _review_year(context: _Context) -> int | None:
    if context.report_year is not None:
        return context.section_year or context.report_year
    period = context.review_period()
    return period[2] if period else None


def _is_flow(words: str) -> bool:
    """A count of things done over time (新增就业, 培训) rather than a level (a rate, a total held)."""
    if any(word in words for word in ("率", "比例", "比重", "占比", "标准", "人均", "月均", "平均")):
        return False
    if any(word in words for word in ("已", "现有", "共有", "拥有")):
        return False  # what there is at the end of the period
    return any(word in words for word in cues.FLOW_WORDS) and not any(word in words for word in cues.STOCK_WORDS)


def number_value(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def pending_readings(sources_dir, file_name: str) -> tuple[SourceDocument, list[ProseReading], list[ProseUnread]]:
    """The machine readings of one registered document exactly as a rebuild keeps them: the figures its
    tables and curated prose rules read, or a rule lists as non-measurements, are not read again."""
    from pathlib import Path

    from analytics.ingest.machine import document_readings
    from analytics.ingest.prose import extract_prose_observations
    from analytics.ingest.sources import read_documents
    from analytics.ingest.tables import extract_table_observations

    documents = read_documents(Path(sources_dir))
    if file_name not in documents:
        from analytics.ingest.sources import SourceError

        raise SourceError(f"{file_name}: not a registered document (documents.yaml)")
    # a table row whose label is not registered yet (during `add`) reads nothing: its lines are the table's
    observations = (extract_table_observations(documents, unknown_labels=[], unread=[])
                    + extract_prose_observations(documents))
    readings, unread = document_readings(documents, observations, file_name)
    return documents[file_name], readings, unread
