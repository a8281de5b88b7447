"""When a figure in a sentence is, and what kind of value (analytics.ingest.prose_reader): the document
and its current section (a heading says whether it reviews or plans), then the sentence's own cues —
到2025年, 完成…目标的112%, 由…提高到, 控制在, 累计, a whole period — decide kind, year, span and scope."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analytics import catalogue
from analytics.ingest import prose_cues as cues
from analytics.ingest.prose_phrases import Phrase
from analytics.ingest.sources import SourceDocument


@dataclass
class DocumentContext:
    """What the document and the current section say about the figures in it."""

    doc: dict
    plan: tuple[str, int, int] | None  # the document's plan period and its years
    span: tuple[int, int] | None  # the years the document covers (its plan, or covers_zh)
    report_year: int | None  # a one-year report's year
    mode: str = "plan"  # review | plan
    section_year: int | None = None
    section: str | None = None  # the words of the current heading (（一）就业形势保持稳定 → 就业形势保持稳定)
    row_year: int | None = None  # the year the cell after the current one says alone (完成时间: 2014年)

    @classmethod
    def of(cls, doc: SourceDocument) -> DocumentContext:
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
        self.section = cues.HEADING.sub("", text).strip(" *#<>b/") or None

    def review_period(self) -> tuple[str, int, int] | None:
        """The plan period a plan's review looks back on: the one that ends the year before it starts."""
        if self.plan is None:
            return None
        before = catalogue.plan_period_of_year(self.plan[1] - 1)
        if before is None:
            return None
        start, end = catalogue.plan_period_span(before)
        return before, start, end


def kind_year_span(context: DocumentContext, sentence: str, before: str, prefix: str, label: str, phrase: Phrase,
                    after: str, change: bool = False):
    """(value_kind, year, cumulative, target_scope, how, confidence penalty), or why not."""
    explicit = [int(year) for year in re.findall(r"(?:到|至|截至|截止到?)\s*((?:19|20)\d{2})\s*年|"
                                                 r"((?:19|20)\d{2})\s*年(?:底|末)?(?:前|以前)", before)
                for year in year if year]
    since = re.findall(r"((?:19|20)\d{2})\s*年[^，,；;。]{0,12}以来", before)
    # 比2010年底增长: the year a change is measured from is not the year of the figure
    based = [int(year) for year in cues.CHANGE_BASE_YEAR.findall(before)] if change else []
    bare_years = [int(year) for year in re.findall(r"(?<![\d-])((?:19|20)\d{2})\s*年(?![\d-])",
                                                   cues.CHANGE_BASE_YEAR.sub("", before))]
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
    from_to = bool(cues.FROM_TO.search(prefix) or cues.FROM_TO.search(before))
    # a change over a period spans it; a level in % (a rate, a share) is never a total
    is_flow = change or (phrase.unit != "%" and _is_flow(label + prefix))
    # the clause before the figure's own, when it is only a date (截至“十二五”期末，全市…共489名), holds for it
    clauses = re.split(r"[，,；;。]", before)
    dated = clauses[-2].strip() if len(clauses) >= 2 else ""
    only_date = bool(dated) and not cues.TIME_PHRASE.sub("", dated).strip("截至止到 ")
    at_date = any(cue in before[-30:] for cue in cues.AT_PERIOD_END) or (
        only_date and any(cue in dated for cue in cues.AT_PERIOD_END))
    if context.mode == "plan" and re.search(r"到\s*(?:19|20)\d{2}\s*年(?:底|末)", before[-30:]) \
            and not re.search(r"截至|截止|期末", before[-30:]):
        at_date = False  # a plan's 到2025年底 is its 到2025年: what is done by then
    if not change and at_date and not cumulative_word_in(prefix, before):
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
        # “十二五”期间，…共移送113宗: what was done in the period (not 现有…5个, 工作站达25个: what there is)
        over_period = any(cue in before for cue in cues.PLAN_PERIOD_CUES) and not _is_held(label + prefix) \
            and not prefix.rstrip().endswith(("达", "有", "为"))
        if since and (cumulative_word or is_flow):
            cumulative = (int(since[-1]), end)
        elif change and cues.YEAR_ON_YEAR.search(before):  # 比上年增长12%: the last year's change alone
            cumulative = None
        elif based and based[-1] < end and change:  # 比2018年增长: over the years since
            cumulative = (based[-1] + 1, end)
        elif is_flow or (cumulative_word and phrase.unit != "%") or (
                over_period and not at_date and phrase.unit != "%" and not _is_level(label + prefix)):
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
    year = explicit[-1] if explicit else context.row_year or last
    opening = re.match(r"\s*((?:19|20)\d{2})\s*年(?![底末前内以起])", prefix)
    if opening:  # 2014年鉴定人数10,000人: the clause opens with the year it is for, whatever came before it
        year = int(opening[1])
        if year < first:
            return f"a figure of {year}, before the plan's years: a starting level or an achievement it does not mark"
    if not first - 1 <= year <= last + 5:
        return f"a target for {year}, outside the document's years"
    if from_to:
        return "baseline", first - 1, None, None, "the starting level (由/从…) of the plan", 0.05
    cumulative = None
    if cues.EVERY_YEAR.search(prefix):  # “十三五”时期，每年新增转移农村劳动力1.87万人: every year's, said of the period
        return "target", year, None, "annual", "a target for every year (每年)", 0.0
    duration = cues.DURATION.search(prefix)
    if duration and phrase.unit not in ("%", "％") and not _is_level(label + prefix):
        # 用5年组织100人次, 5年内布局10个: what those years do in all, counted from the year they start
        # (2023年起), back from the year they end (到2025年), or else from the plan's first year
        years = _count(duration[1] or duration[2]) or 1
        started = re.search(r"((?:19|20)\d{2})\s*年起", before)
        if started:
            start = int(started[1])
            end = start + years - 1
        elif explicit:
            end = explicit[-1]
            start = end - years + 1
        else:
            start = first
            end = min(first + years - 1, year)
        return "target", end, (start, end), "plan", f"a total over the years given ({duration[0].strip()})", 0.0
    # 到2025年，开展培训1万人次以上: what is done by a plan period's last year is done over its years (a
    # programme of other years, covers_zh only, does not say so: its 到2015年 may be the year's own figure);
    # not a count of facilities (基地达50家: what there will be), nor what is said of a year (全市年开展)
    by_plan_end = context.plan is not None and bool(explicit) and explicit[-1] == last and not opening \
        and not cues.EVERY_YEAR.search(before) and (cues.NEW_COUNT.search(label + prefix) or _of_people_or_money(
            phrase.unit)) and not prefix.rstrip().endswith("达")
    if is_flow and (cumulative_word or any(cue in before for cue in cues.PLAN_PERIOD_CUES) or by_plan_end):
        cumulative = (first, year)
    elif cues.EVERY_YEAR.search(before):
        return "target", year, None, "annual", "a target for every year (每年)", 0.0
    how = "a plan's target" + (f" for {year} (到{year}年)" if explicit else f" for its last year {year}")
    return "target", year, cumulative, "plan", how, 0.0


def cumulative_word_in(prefix: str, before: str) -> bool:
    return any(word in prefix or word in before[-20:] for word in cues.RUNNING_TOTAL)


def _count(word: str) -> int | None:
    """5 or 五 (一 to 十, 两) as a number."""
    if word.isdigit():
        return int(word)
    numerals = "一二三四五六七八九十"
    return 2 if word == "两" else numerals.index(word) + 1 if word in numerals else None


def _review_year(context: DocumentContext) -> int | None:
    if context.report_year is not None:
        return context.section_year or context.report_year
    period = context.review_period()
    return period[2] if period else None


def _is_level(words: str) -> bool:
    """Words of a level (a rate, a number held, a standard: 持卡人数达到, 标准提高到), not of things done."""
    return any(word in words for word in cues.STOCK_WORDS)


def _is_held(words: str) -> bool:
    """Words of what there is at a date (已, 现有, 拥有), not of what was done."""
    return any(word in words for word in ("已", "现有", "共有", "拥有"))


def _of_people_or_money(unit: str) -> bool:
    """A unit that counts people, their attendances or money (万人次, 亿元): what a period's work adds up to."""
    return cues.base_unit(unit) in ("人", "名", "人次", "户", "元")


def _is_flow(words: str) -> bool:
    """A count of things done over time (新增就业, 培训) rather than a level (a rate, a total held)."""
    if any(word in words for word in ("率", "比例", "比重", "占比", "标准", "人均", "月均", "平均")):
        return False
    if _is_held(words):
        return False  # what there is at the end of the period
    new = cues.NEW_COUNT.search(words)  # 新建, 创建了: what is new is done over time
    return (bool(new) or any(word in words for word in cues.FLOW_WORDS)) and not _is_level(words)
