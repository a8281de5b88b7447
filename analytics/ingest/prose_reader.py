"""The generic prose reader: every figure a document states in its sentences, read with no rule
written for it, marked `reading = machine` until a person reviews it (`python -m analytics.ingest
review DOC` turns the readings into a prose-rules file).

For each figure of a non-table line (a number followed by a unit, analytics.ingest.figures) the
reader decides, from the sentence and the document around it (cue words: prose_cues; the number
phrase: prose_phrases; label and indicator: prose_labels; kind, year and span: prose_context):

    the number phrase  prefixes and suffixes that bound it (约, 超过, 以上, 以内, 多) and a list that
                       shares its unit (2.64、1.62、1.86万人以上: three figures)
    the label          the words before it in its clause, without time, place, verbs and the bureau's
                       action that opens it; in a list (A、B分别达到x、y) the matching item; the thing
                       a count counts after it (新增2家省级基地), or what was done for the people it
                       counts (为3.84万人提供…); what the last 的 of a long clause describes; none
                       (控制在3.0%以内): the label of the figure before it in the sentence, or of the
                       figure just before it in another unit (培训15场1200余人次: 培训人次)
    the indicator      the catalogue name or alias the label is (exact), or the longest one it holds
                       (covering most of it), or one within a close fuzzy score, whole or at their
                       cores; a label a curated observation was read under names its indicator too
                       (LabelIndex.learning); else a new one under the label. A unit the indicator
                       cannot be converted to is no match.
    kind and year      a section's heading says whether it reviews (actuals) or plans (targets): a
                       plan's review is of the plan before it (its last year), a report's of its own
                       year, a report's plan section of the next year (annual targets); a sentence's
                       own cues (到2025年, a clause that opens with its year, 力争, 完成…的112%,
                       由…提高到) override the section; in a table laid out one cell a line, a cell
                       that is only a year (完成时间) gives the year of the cell just before it
    span               累计 or a whole-period sentence (“十三五”时期, 五年来) makes a flow a total of
                       that period, and in a plan 用5年 or 3年内 a total of those years; 累计 in a
                       one-year report with no start is a running total; a figure the document
                       gives the same value elsewhere, with a span (a table's total), takes it; the
                       places' figures of a list that add up to k years of the document's every-year
                       figure for the whole city are totals over those k years
    comparator         from the phrase (以上 ≥, 以内 ≤, 控制在 ≤, 约 ~, 多 ≥)
    district           a list of places before 分别, in order
    unit               as written, a multiplier joined to it; a count of people is whole, so 0.92人
                       among 万人 has lost the 万 the sentence's other counts use
    ratios             a:b:c under a catalogue ratio's name (ratios.yaml), one reading per part (a % share)

What it cannot decide — no label, a change rather than a level (同比增长4.9%), a unit that fits no
reading, a year it cannot tell — it leaves unread with the reason; it never guesses a number's
meaning. Each reading has a confidence; under ACCEPT it is left unread too.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from analytics import catalogue
from analytics.ingest import prose_cues as cues
from analytics.ingest.figures import adds_up_to_100, find_figures, find_ratios, is_measured, ratio_parts
from analytics.ingest.prose_context import DocumentContext, kind_year_span
from analytics.ingest.prose_labels import (
    MAX_LABEL,
    MIN_NEW_LABEL,
    VERBS,
    LabelIndex,
    change_subject,
    clause_start_of,
    counted_noun,
    done_for_people,
    label_of,
    list_members,
    only_cue_words,
    per_period_unit,
    without_actions,
)
from analytics.ingest.prose_phrases import Phrase, number_phrases
from analytics.ingest.sources import SourceDocument

__all__ = ["ACCEPT", "CURATED", "MACHINE", "TABLE", "LabelIndex", "ProseReading", "ProseUnread", "pending_readings",
           "read_prose", "table_lines", "together"]

MACHINE, CURATED, TABLE = "machine", "curated", "table"  # observations.reading (schema.READINGS)
ACCEPT = 0.6  # readings under this confidence are left unread
SERIES_JOINERS = ("、", "和", "及")  # what joins the items of a series of counts
MAX_CARRIED = 300  # characters of an unfinished sentence carried into the next line (a long sentence's)
# A reading under a new indicator is at most this sure: in the leave-one-out benchmark (docs/reading.md)
# about three in five of them agree with the curated value, against nearly all that name a catalogue one.
NEW_INDICATOR_CONFIDENCE = 0.6
_SENTENCE_END = "。；;！？!?"
_AVERAGE = re.compile(r"[户人年月日]均|平均|每")  # 户均就业1.2人: an average, which need not be whole
_CHANGED_TO = re.compile(r"^(?:调整|提高|提升|降低|下降|增长|增加)?(?:为|到|至)$")  # 由…调整为 (a ratio after another)
_YEAR_CELL = re.compile(r"((?:19|20)\d{2})\s*年(?:底|末)?")


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
    section: str | None = None  # the heading the sentence is under (a new indicator's category comes from it)
    ratio: str | None = None  # a part of a ratio the catalogue names (ratios.yaml): that ratio's label
    listed: int | None = None  # for an item of a list after 分别: where the list's first figure starts on the line


@dataclass(frozen=True)
class ProseUnread:
    """A figure of a sentence the reader would not read, and why."""

    source_file: str
    line: int
    start: int
    text: str
    reason: str
    what: str = "figure"  # or "ratio" (10:38:52: a figure of source coverage when measured, figures.is_measured)


# ---- reading ---------------------------------------------------------------------------------------------

def read_prose(doc: SourceDocument, index: LabelIndex, skip: set[tuple[int, int]] = frozenset(),
               stated: Sequence[dict] = ()) -> tuple[list[ProseReading], list[ProseUnread]]:
    """Every figure on the document's non-table lines, read or left unread with a reason. `skip`:
    (line, start) of figures already read (by a table or a curated rule): neither read nor listed.
    `stated`: observations of this document read otherwise (its tables, its curated rules), whose span a
    figure that restates one of them shares."""
    context = DocumentContext.of(doc)
    tables = table_lines(doc)
    row_years = _row_years(doc.lines)
    readings: list[ProseReading] = []
    unread: list[ProseUnread] = []
    tail = ""  # the unfinished sentence a line ends with, which the next line goes on with
    carry = None  # (label, indicator_id, unit) of the last figure read in that unfinished sentence
    for number, line in enumerate(doc.lines, start=1):
        stripped = line.strip()
        if number in tables or _is_heading(stripped) or "....." in line or "…………" in line:
            if _is_heading(stripped) and number not in tables:
                context.heading(stripped)
            tail = ""
            continue
        if not stripped:
            continue
        context.row_year = row_years.get(number)
        if "\t" in line:
            tail = ""  # a cell of a table laid out one cell a line: no sentence goes on into the next
        text, offset = tail + line, len(tail)  # figures and quotes stay on the line; words before may not
        tail = "" if "\t" in line else _unfinished(text)  # a sentence may go on over several lines
        carried, carry = carry, None
        figures = [dataclasses.replace(figure, start=figure.start + offset, end=figure.end + offset)
                   for figure in find_figures(line, number)]
        ratios = [dataclasses.replace(ratio, start=ratio.start + offset, end=ratio.end + offset)
                  for ratio in find_ratios(line, number) if (number, ratio.start) not in skip]
        if not figures and not ratios:
            continue
        every_place: list[str] = []  # 各市、区 opening a sentence holds for its clauses up to its full stop
        for sentence_start, sentence_end in _sentences(text):
            mine = [figure for figure in figures if sentence_start <= figure.start < sentence_end]
            if mine:
                _read_sentence(doc, context, index, text, number, sentence_start, sentence_end, mine, skip,
                               readings, unread, offset, every_place,
                               carried if sentence_start < offset else None)
            earlier: list[tuple[int, str, str, int]] = []  # the ratios read before in the sentence
            for ratio in ratios:
                if sentence_start <= ratio.start < sentence_end:
                    _read_ratio(doc, context, index, text, number, sentence_start, sentence_end, ratio, figures,
                                earlier, readings, unread, offset)
            if text[sentence_end - 1:sentence_end] not in "；;":
                every_place.clear()
        # the reading of the unfinished sentence's last figure, for what the next line says of it
        if tail and readings and readings[-1].line == number and readings[-1].start >= len(line) - len(tail) \
                and readings[-1].ratio is None:  # a ratio's part names nothing the next line says
            carry = (readings[-1].label, readings[-1].indicator_id, readings[-1].unit)
    return _place_totals(_restated_spans(readings, stated, doc.file_name), context.span), unread


def together(readings: Sequence[ProseReading]) -> list[list[int]]:
    """The positions of the readings as they are stored, reviewed and written: each alone, but the parts of
    a ratio (one figure, one rule) together, in the order they come."""
    groups: dict[tuple, list[int]] = {}
    for position, reading in enumerate(readings):
        groups.setdefault((reading.line, reading.start) if reading.ratio else (position,), []).append(position)
    return list(groups.values())


def _row_years(lines: Sequence[str]) -> dict[int, int]:
    """In a table laid out one cell a line (tab-led lines), the year a cell says and nothing else (a 完成时间
    column: 2014年) for the cell just before it, the task it times: {line of that cell: year}. A row's other
    cells (its 项目, restating a goal of the text) are not timed by it."""
    result: dict[int, int] = {}
    previous = None  # the cell just before, when it says something
    for number, line in enumerate(lines, start=1):
        if not line.startswith("\t") or not line.strip():
            previous = None  # no row goes on past a line that is no cell; an empty cell times nothing
            continue
        year = _YEAR_CELL.fullmatch(line.strip())
        if year and previous is not None:
            result[previous] = int(year[1])
        previous = number
    return result


def _place_totals(readings: list[ProseReading], covered: tuple[int, int] | None) -> list[ProseReading]:
    """The places' figures of one list (A、B分别为x、y) that add up to k years of a figure the document sets
    the whole city for every year (每年城镇新增就业残疾人600名), k being the years the document covers up to
    theirs, are each place's total over those years (x + y = 2 × 600 in a 2014-2015 programme), not a year's
    figure. Only an exact sum, only of the same thing (the same indicator, or the same label once 每年 is
    taken away, or that label and what was done for its people: 有需求的残疾人 / …残疾人提供技能培训)."""
    if not covered:
        return readings
    every_year = [reading for reading in readings if reading.district is None and reading.target_scope == "annual"]
    groups: dict[tuple, list[int]] = {}  # one list's readings of one label
    for position, reading in enumerate(readings):
        if reading.district and reading.cumulative is None and reading.target_scope != "annual":
            key = (reading.line, reading.listed, reading.label, reading.indicator_id, reading.unit,
                   reading.value_kind, reading.year)
            groups.setdefault(key, []).append(position)
    result = list(readings)
    for (_, _, label, indicator_id, unit, kind, year), positions in groups.items():
        years = year - covered[0] + 1
        if len(positions) < 2 or years < 2 or year > covered[1]:
            continue
        total = sum(readings[position].value for position in positions)
        found = [city for city in every_year if city.value_kind == kind and city.unit == unit
                 and _same_thing(city, label, indicator_id)
                 and math.isclose(total, years * city.value, rel_tol=1e-9)]
        if not found:
            continue
        for position in positions:
            reading = readings[position]
            result[position] = dataclasses.replace(
                reading, cumulative=(covered[0], year),
                plan_period=catalogue.plan_period_of_year(covered[0]) or reading.plan_period,
                how=f"{reading.how}; the places' figures add up to {years} years of the every-year figure for the "
                    f"whole document (line {found[0].line}): each is a {covered[0]}-{year} total")
    return result


def _same_thing(city: ProseReading, label: str, indicator_id: str | None) -> bool:
    """Whether a city-wide reading is of the same thing as a place's reading under `label`: the same
    indicator, the same label without 每年, or that label followed by what was done for it (提供…)."""
    if indicator_id or city.indicator_id:
        return indicator_id == city.indicator_id
    words = cues.EVERY_YEAR.sub("", city.label)
    if len(words) < MIN_NEW_LABEL:
        return False
    return label == words or (label.startswith(words) and label[len(words):].startswith(cues.DONE_FOR))


def _restated_spans(readings: list[ProseReading], stated: Sequence[dict], file_name: str) -> list[ProseReading]:
    """A figure the document states twice is one figure: a target or an achievement whose sentence says no
    span takes the span (a total over years) that the document gives the same value of the same indicator,
    of the same kind, for the same year and place, elsewhere: in `stated` (what its tables or curated rules
    read: 专栏 培训人次 10000, 2021-2025) or in another of its sentences that says the span (累计, 期间). Only
    the same value; never a target set for every year (每年)."""
    spans: dict[tuple, set[tuple[float, tuple[int, int]]]] = {}
    units: dict[str, str] = {}  # one unit per indicator to compare values in

    def add(indicator_id, kind, year, district, value, unit, span) -> None:
        units.setdefault(indicator_id, unit)
        key = (indicator_id, kind, year, district)  # 1万人次以上 restates the table's 10000: the bound is wording
        spans.setdefault(key, set()).add((_in_unit(value, unit, units[indicator_id]), span))

    for row in stated:
        if row.get("source_file") == file_name and row.get("span_kind") == "total" and row.get("indicator_id") \
                and row.get("value") is not None and row.get("period_start") and row.get("period_end"):
            add(row["indicator_id"], row.get("value_kind"), row.get("year"), row.get("district"), row["value"],
                row.get("unit") or "", (row["period_start"], row["period_end"]))
    for reading in readings:
        if isinstance(reading.cumulative, tuple) and reading.indicator_id:
            add(reading.indicator_id, reading.value_kind, reading.year, reading.district, reading.value,
                reading.unit, reading.cumulative)
    result = []
    for reading in readings:
        key = (reading.indicator_id, reading.value_kind, reading.year, reading.district)
        if reading.cumulative is None and reading.indicator_id and reading.target_scope != "annual" and key in spans:
            value = _in_unit(reading.value, reading.unit, units[reading.indicator_id])
            found = {span for stated_value, span in spans[key] if math.isclose(stated_value, value, rel_tol=1e-9)}
            if len(found) == 1:
                span = found.pop()
                reading = dataclasses.replace(reading, cumulative=span, plan_period=catalogue.plan_period_of_year(
                    span[0]) or reading.plan_period, how=f"{reading.how}; the span the document gives the same "
                    f"figure elsewhere ({span[0]}-{span[1]})")
        result.append(reading)
    return result


def _in_unit(value: float, unit: str, target: str | None) -> float:
    """`value` in `unit` expressed in `target` when the catalogue converts the pair, else as it is."""
    if not target or unit == target:
        return value
    try:
        return catalogue.convert(value, unit, target)
    except catalogue.CatalogueError:
        return value


def _unfinished(line: str) -> str:
    """The words after a line's last sentence end, when it stops mid-sentence (a paragraph broken in two):
    all of them up to MAX_CARRIED, as the year or place that opens the sentence holds for the next line's
    figures too (the cap keeps a document with no full stops from carrying all it says into every line)."""
    text = line.rstrip()
    if not text or text[-1] in _SENTENCE_END:
        return ""
    last = max(text.rfind(char) for char in _SENTENCE_END)
    return text[last + 1:].lstrip()[-MAX_CARRIED:]


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
                   offset: int = 0, every_place: list[str] | None = None,
                   carried: tuple[str, str | None, str] | None = None) -> None:
    every_place = [] if every_place is None else every_place
    sentence = text[start:end]
    phrases = number_phrases(text, figures, start)
    previous = carried  # (label, indicator_id, unit) of the figure before, on the line before for a carried one
    read_at = -1  # the position of the last figure read in this sentence
    lists = list_members(text, start, phrases)
    sentence_labels: list[str] = []  # labels of this sentence's readings, in order
    group_labels: list[str] = []
    previous_counted = ""  # the thing the figure before counted, when it was named after it
    series_verb = ""  # 新增/新建 opening a series of figures joined by 、
    first_reading = len(readings)
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
        clause_start = clause_start_of(text, start, phrase, phrases[position - 1] if position else None)
        prefix = text[clause_start:phrase.start]
        label, how_label = label_of(prefix)
        district = None
        if member is not None:
            if member.reason:
                leave(member.reason)
                previous = None
                continue
            prefix = member.words
            label, district = member.label or "", member.district
            how_label = "the list before 分别" + (f", place {district}" if district else "")
        subject, subject_read = None, False
        joined = False  # 新增2家基地和2家工作室: only 和 between the thing the figure before counted and this one
        if change:
            own = label_of(prefix[:len(prefix) - len(change[0])] if prefix.endswith(change[0]) else prefix)[0]
            if member is not None and position == member.first:
                group_labels[:] = sentence_labels  # the labels before the list, for each of its changes
            earlier = group_labels if member is not None else sentence_labels
            mine = member.label if member is not None and member.own else ("" if member is not None else own)
            subject = change_subject(mine, member, position, earlier)  # 最低工资标准和…标准分别累计提高x%、y%
            subject_read = subject != mine  # the label of a figure before it: a name already, not to be cut
            if subject is None:
                leave("a change (增长/提高 …) whose subject is not named before it")
                previous = None
                continue
            words = re.sub(r"分别|\s", "", change[0])
            # 高技能人才增加1.1万人: a count added, with nothing it is compared with, is what is new
            label = "新增" + subject if phrase.unit != "%" and words in ("增加", "增加了") else subject + words
            how_label = "a change: what changes, and the words of the change"
        elif phrase.figure is not None and member is None:
            counted = counted_noun(text[phrase.end:end], phrase.unit)  # 新增2家省级基地: the thing counted
            after_counted = None  # 50家重点产业企业赴外地招聘678个岗位: the words after the first thing counted
            if position > 0 and clause_start == phrases[position - 1].end and previous_counted:
                rest = prefix.strip()
                after_counted = label_of(rest[len(previous_counted):])[0] if rest.startswith(previous_counted) else ""
                joined = rest.startswith(previous_counted) and rest[len(previous_counted):].strip() in SERIES_JOINERS
            if counted:
                if after_counted is not None:
                    label = after_counted
                modifier = prefix.rstrip().endswith("的")  # 符合条件的4名企业家: the words describe the noun
                action = without_actions(label)  # 组织50家重点产业企业: what is counted, not who organised it
                bare = modifier or len(action) < 2 or (only_cue_words(action) and not cues.NEW_COUNT.search(action))
                label = counted if bare else action + counted  # 目前有48家企业: 企业; 新增2家基地: 新增基地
                how_label = "the words before it and the thing counted after it"
            elif after_counted and len(after_counted) >= MIN_NEW_LABEL:
                # 为294名精准扶贫对象提供就业帮扶服务10577次: what was done for those the figure before counted
                label, how_label = after_counted, "the words after what the figure before it counted"
            elif len(label) < 2 or only_cue_words(label):
                done = done_for_people(text[phrase.end:end], phrase.unit)  # 为3.84万人提供“一对一”就业帮扶
                if done:
                    label, how_label = done, "what was done for the people it counts"
            previous_counted = counted or ""
        new_count = cues.NEW_COUNT.match(label)
        if new_count:
            series_verb = new_count[0]
        elif series_verb and member is None and not change and (prefix.lstrip().startswith("、") or joined):
            label = series_verb + label  # 新建工作站2家、基地7家: what is new is said once for the series
            how_label += f"; {series_verb} said for the series"
        else:
            series_verb = ""
        every = cues.EVERY_PLACE.match(label)
        if every and district is None and len(label) > every.end() + 1:
            district, label = every[0], label[every.end():]
            how_label += f"; every place ({district})"
            every_place[:] = [district]
        elif district is None and member is None and every_place:
            district = every_place[0]
            how_label += f"; every place ({district}, named at the start of the sentence)"
        short = len(label) < MIN_NEW_LABEL or label in VERBS or only_cue_words(label)
        if short and re.match(r"\s*的", after):
            described = re.split(r"[，,；;。：:（(]", after)[0].strip()[1:]  # 力争70%以上的劳动争议通过调解解决
            if len(described) >= 3 and not described.startswith("目标"):  # 控制在3.5%的目标内: no label
                label, how_label = described, "the words the figure describes, after 的"
        if label in cues.SHARE_WORDS and phrase.unit in ("%", "％") and previous and previous[2] not in ("%", "％"):
            # 小微企业贷款金额8052万元，占比53.4%: the share of 小微企业贷款 (an amount's share is in money anyway)
            label, how_label = previous[0].removesuffix("金额") + label, "a share of what the figure before it counts"
        inherited = False
        right_after = position > 0 and read_at == position - 1 and not text[phrases[position - 1].end:
                                                                             phrase.start].strip()
        if (len(label) < 2 or label in VERBS) and previous and right_after and previous[2] != phrase.unit \
                and cues.count_noun(phrase.unit) and member is None and not change:
            # 干部培训15场1200余人次: the same thing counted in another unit, named by that count
            label, how_label = previous[0] + cues.count_noun(phrase.unit), "the figure before it, counted otherwise"
        elif len(label) < 2 or label in VERBS:
            if previous and (previous[2] == phrase.unit or prefix.strip().endswith(("共", "合计", "总计"))):
                same_unit = previous[2] == phrase.unit
                label, inherited, how_label = previous[0], same_unit, "the label of the figure before it"
                if not same_unit and phrase.unit.endswith("元"):  # 贷款182笔共0.96亿元: the amount of what
                    label += cues.count_noun(phrase.unit)  # the figure before it counts
            else:
                leave("no label before the figure in its clause")
                continue
        if len(label) < MIN_NEW_LABEL and phrase.figure is not None and not inherited and not (
                member is None and not change and previous_counted and label.endswith(previous_counted)):
            going_on = re.split(r"[，,；;。：:（(\d]", after, maxsplit=1)[0].strip().lstrip("的")[:MAX_LABEL]
            if len(going_on) >= 2 and "\u4e00" <= going_on[0] <= "\u9fff":
                label, how_label = label + going_on, "the words before it and after it"  # 促成1.4万人成功就业
        if 2 <= len(label) < MIN_NEW_LABEL and not inherited and member is None and not change:
            said = _said_before(text[start:clause_start], label)  # 首创“协助员”上门服务项目，服务3130人次
            if said:
                label, how_label = said, "the clause before it, up to the same word"
        if previous and previous[1] and label.startswith("完成") and cues.COMPLETION.search(text[start:phrase.start]):
            # 新增就业38.39万人，完成“十三五”规划目标的102.36%: the completion of the figure before it
            label, inherited, how_label = previous[0], True, "the figure before it, whose target it completes"
        level = cues.LEVEL_VERB.search(label)
        if level and phrase.unit in ("%", "％") and prefix.rstrip().endswith("的") and not change and member is None \
                and min(level.start(), len(label) - level.end()) >= 2 \
                and not re.search(r"目标|任务|计划", label[level.end():]):  # 达到年度目标任务的105%: no share
            # 人均筹资水平逐步达到农民人均纯收入的5%: what the figure is, is the share the one is of the other
            label = label[:level.start()] + "占" + label[level.end():]
            how_label += "; the share of what reaches a part (达到…的) in what it is a part of"
        if re.fullmatch(r"[\d.、，,%％\s]+", label):
            leave("the words before the figure are numbers, not a label")
            continue
        confidence = 1.0
        cut = len(label) > MAX_LABEL and not (change and subject_read)
        head = label.rsplit("的", 1)[-1]
        if cut and len(head) < len(label) and MIN_NEW_LABEL <= len(head) <= MAX_LABEL:
            # 由社会有关代表组成的劳动争议义务调解员共489名: a long clause names what its last 的 describes
            label, cut, how_label = head, False, how_label + "; what the last 的 of a long clause describes"
            confidence -= 0.1
        if len(label) > cues.MAX_HEADING:
            leave("the words before the figure are too long to be an indicator's name")
            continue
        if cut:
            label = _tail(label)
            confidence -= 0.15
        unit = per_period_unit(phrase.unit, prefix)
        if unit in ("人", "名") and phrase.value != int(phrase.value) and not _AVERAGE.search(prefix):
            # 0.92人 among 26.25万人 and 8万人: a count of people is whole, so the 万 of the others was dropped
            scaled = {other.unit for other in phrases if other is not phrase and other.unit.endswith(unit)
                      and other.unit != unit}
            if len(scaled) != 1 or any(other.unit == unit for other in phrases if other is not phrase):
                leave(f"a count of people that is not whole ({shown}): its unit has lost a multiplier")
                previous = None
                continue
            unit = scaled.pop()
            how_label += f"; a count of people is whole: in {unit}, as the sentence's other counts of people"
            confidence -= 0.1
        indicator_id, how_indicator = (previous[1], "as the figure before it") if inherited else index.match(
            label, unit)
        if indicator_id is None and previous and prefix.lstrip().startswith("、"):
            shared = _shared_modifier(index, previous[0], label, unit)  # 博士后科研工作站11家、创新实践基地28家
            if shared:
                label, (indicator_id, how_indicator) = shared, index.match(shared, unit)
                how_label += "; a modifier of the item before it"
                confidence -= 0.1  # the name is the sentence's words with a modifier it did not repeat
        unit = index.stored_unit(indicator_id, unit)
        if indicator_id is None:
            unfit = new_label_unfit(label, cut)
            if unfit:
                leave(unfit)
                previous = None
                continue
            confidence -= 0.1
        if how_indicator.startswith("close"):
            confidence -= 0.1
        decided = kind_year_span(context, sentence, before, prefix, label, phrase, after, bool(change))
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
        if indicator_id is None:
            confidence = min(confidence, NEW_INDICATOR_CONFIDENCE)
        plan_period = catalogue.plan_period_of_year(year)
        if cumulative and not isinstance(cumulative, str):
            plan_period = catalogue.plan_period_of_year(cumulative[0]) or plan_period
        quote = text[max(clause_start, offset):phrase.end].strip() or shown
        if shown not in quote:
            quote = text[max(min(clause_start, phrase.start), offset):phrase.end]
        readings.append(ProseReading(
            doc.file_name, number, figure_start, quote, shown, phrase.value, unit, label, indicator_id,
            value_kind, year, plan_period, cumulative, scope, None if comparator == "=" else comparator, district,
            round(confidence, 2), f"label: {how_label}; indicator: {how_indicator}; {how_kind}", context.section,
            listed=None if member is None else phrases[member.first].start - offset))
        previous, read_at = (label, indicator_id, phrase.unit), position
        sentence_labels.append(subject if change else label)  # what a change after this one is of
    _leave_ambiguous(readings, first_reading, unread)


def _read_ratio(doc, context, index, text, number, start, end, ratio, figures, earlier, readings, unread,
                offset) -> None:
    """A ratio of a sentence (高、中、初级专业技术人才比例达到10:38:52) that a catalogue ratio names, read as
    its parts, each a % share of its own indicator; a ratio the sentence changes the one before into
    (由8:35:57调整为10:38:52) is of the same ratio. Left unread with why: a ratio of three parts or adding up
    to 100 that no catalogue ratio names (exactly: 甲区、乙区… or 农村… is another), one given for several
    places (分别), one with no name of its own that is not such a change, one whose parts are not the shares
    or bounded as a whole (以上). A two-part one with no name (9:30, 1:1) is no measurement: left alone.
    `earlier`: (end, ratio name, kind, year) of the ratios read before in the sentence; this one is added."""
    parts = ratio_parts(ratio.text)
    shares = adds_up_to_100(parts)
    ends = [entry[0] for entry in earlier] + [figure.end for figure in figures]
    clause_start = max([start, *(position for position in ends if start <= position <= ratio.start)])
    for position in range(ratio.start - 1, clause_start - 1, -1):
        # a colon ends a clause (人才目标：…比例达到10:38:52), unless it introduces the ratio itself (比例：10:38:52)
        if text[position] in "，,；;。" or (text[position] in "：:" and text[position + 1:ratio.start].strip()):
            clause_start = position + 1
            break
    prefix = text[clause_start:ratio.start]
    label = label_of(prefix)[0].rstrip("：:")
    inherited = not label or only_cue_words(label) or label in VERBS
    before = next((entry for entry in reversed(earlier) if entry[0] <= clause_start), None)

    def leave(reason: str) -> None:
        unread.append(ProseUnread(doc.file_name, number, ratio.start - offset, ratio.text, reason, "ratio"))

    if inherited:
        if before is None or not _CHANGED_TO.match(re.sub(r"\s+", "", prefix)):
            if is_measured(parts):  # 其中 8:40:52, or a second ratio with no word of a change: which one?
                leave(f"a ratio ({ratio.text}) with no name of its own, not said to be what the ratio before "
                      "it becomes (调整为, 提高到)")
            return
        named = (before[1], index.ratios[before[1]])
    else:
        named = index.ratio(label)
    if named is None:
        if is_measured(parts):
            time = len(parts) == 3 and all(part == int(part) and part < 60 for part in parts) and parts[0] < 24
            leave(f"a ratio ({ratio.text}) that no ratio of the catalogue names ({label or 'no label'})"
                  + ("; it may be a time (h:mm:ss)" if time and not shares else ""))
        return
    name, components = named
    if "分别" in prefix or "分别" in text[start:ratio.start].rsplit(name, 1)[-1]:
        leave(f"a ratio given for each of several places or things (分别): {name} is of one")
        return
    if len(parts) != len(components):
        leave(f"a ratio of {len(parts)} parts, but {name} has {len(components)}")
        return
    if not shares:
        leave(f"the parts of {ratio.text} add up to {sum(parts):g}, not 100: not the shares {name} is of")
        return
    tail = text[ratio.end:ratio.end + 4].lstrip()
    if tail.startswith(("以上", "以内", "以下")):
        leave(f"a bound ({tail[:2]}) on the whole of a ratio whose parts add up to 100 says nothing of each part")
        return
    phrase = Phrase(ratio.start, ratio.end, parts[0], "%", None, None, ratio.start)
    decided = kind_year_span(context, text[start:end], text[start:ratio.start], prefix, name, phrase,
                             text[ratio.end:end])
    if isinstance(decided, str):
        leave(decided)
        return
    value_kind, year, cumulative, scope, how_kind, penalty = decided
    if inherited and (value_kind, year) == before[2:]:
        leave(f"the ratio before it in the sentence is {name} of {value_kind} {year} too: which one is not clear")
        return
    confidence = 1.0 - penalty - (0.1 if inherited else 0.0)
    if confidence < ACCEPT:
        leave(f"unsure ({confidence:.2f}): the ratio {name}; {how_kind}")
        return
    rounded = tail.startswith("左右") or re.search(r"(?:约|约为|近)\s*$", prefix)
    shown = text[ratio.start:ratio.end]
    quote = text[max(clause_start, offset):ratio.end].strip()
    earlier.append((ratio.end, name, value_kind, year))
    for order, (indicator_id, part) in enumerate(zip(components, parts, strict=True), start=1):
        readings.append(ProseReading(
            doc.file_name, number, ratio.start - offset, quote, shown, part, "%", name if inherited else label,
            indicator_id, value_kind, year, catalogue.plan_period_of_year(year), cumulative, scope,
            "~" if rounded else None, None, round(confidence, 2), f"label: a ratio the catalogue names ({name}"
            f"{', as the ratio before it becomes' if inherited else ''}), part {order} of {len(parts)}, a % share "
            f"as its parts add up to 100; {how_kind}", context.section, ratio=name))


def _said_before(earlier: str, label: str) -> str | None:
    """A label too short to be a name (服务), said in the clause before it with the words that make it one
    (“工伤保险协助员”上门服务项目，服务3130人次: “工伤保险协助员”上门服务): those words."""
    clause = re.split(r"[，,；;：:]", earlier.rstrip("，,；; "))[-1]
    at = clause.rfind(label)
    if at <= 0 or re.search(r"\d", clause[:at]):
        return None
    said = label_of(clause[:at + len(label)])[0]
    return said if MIN_NEW_LABEL <= len(said) <= MAX_LABEL and said != label else None


def _shared_modifier(index: LabelIndex, item_before: str, label: str, unit: str) -> str | None:
    """The item of a series (A、B) with a modifier of the item before it, where together they make a
    catalogue name (设立博士后科研工作站11家、创新实践基地28家: 博士后创新实践基地): the longest such words."""
    spans = sorted(((start, end) for start in range(len(item_before)) for end in range(start + 2, len(item_before))),
                   key=lambda span: span[0] - span[1])
    for start, end in spans:
        candidate = item_before[start:end] + label
        key = catalogue.normalise_label(candidate)
        if (key in index.names or key in index.shared) and index.match(candidate, unit)[0]:
            return candidate
    return None


def _tail(label: str) -> str:
    """The last MAX_LABEL characters of a label too long to be a name, from a word that can open one (after
    共 or a pause, at 向, 对, 为: 人力资源社会保障部门共向公安机关移送…案件 -> 向公安机关移送…案件) where one is
    near enough, else cut blindly."""
    start = len(label) - MAX_LABEL
    for position in range(start, len(label) - MIN_NEW_LABEL):
        if label[position] in "向对为" or label[position - 1] in "共、，,":
            return label[position:]
    return label[start:]


def _leave_ambiguous(readings: list[ProseReading], first: int, unread: list[ProseUnread]) -> None:
    """Two values a sentence gives for one new label, of the same kind, year, span and place (失业补助金标准
    根据参保缴费时间分别为300元/月、150元/月: two tiers the words do not name) are not two readings of one
    indicator: both are left unread."""
    mine = readings[first:]

    def key(reading: ProseReading) -> tuple:
        return reading.label, reading.unit, reading.value_kind, reading.year, str(reading.cumulative), reading.district

    groups: dict[tuple, set[float]] = {}
    for reading in mine:
        if reading.indicator_id is None:
            groups.setdefault(key(reading), set()).add(reading.value)
    clash = {group for group, values in groups.items() if len(values) > 1}
    if not clash:
        return
    keep = [reading for reading in mine if reading.indicator_id is not None or key(reading) not in clash]
    for reading in mine:
        if reading.indicator_id is None and key(reading) in clash:
            unread.append(ProseUnread(reading.source_file, reading.line, reading.start, reading.text,
                                      f"one of several values the sentence gives for {reading.label!r}, "
                                      "with nothing to tell them apart"))
    readings[first:] = keep


def new_label_unfit(label: str, cut: bool) -> str | None:
    """Why the words before a figure cannot be a new indicator's name, or None. A new indicator is named
    by its label alone, so a label that holds a verb of the level (达到, 提高至: the figure may be of what
    follows it), or is the tail of a longer clause (a list or a 的 phrase cut short), is no name."""
    if len(label) < MIN_NEW_LABEL:
        return f"the words before the figure ({label}) are too short to name a new indicator"
    verb = cues.LEVEL_VERB.search(label)
    if verb:
        return f"the words before the figure ({label}) hold {verb[0]}: what the figure is of is not clear"
    if cut and re.search(r"[、，,]|的", label):
        return f"the words before the figure are a clause, too long to name a new indicator (…{label})"
    return None


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
