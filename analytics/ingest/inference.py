"""What a document says about itself: city, plan period, kind, issuer, date, number, title.

Read from the opening lines (and a dated signature line at the end), never from a list of
known cities: a city is whatever name stands before 市 at the start of a heading line: the
title or an issuer line, never a table row or a sentence (零工市场服务人次 is not a city 零工). Each
inference keeps the line it came from, so `add` can show why it decided what it did; every
one can be overridden on the command line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from pypinyin import lazy_pinyin

from analytics.notation import strip_markup

OPENING_LINES = 30  # non-blank lines at the top that may carry the heading
# 市场 (market) is a word, not a city: 零工市场服务人次 names no city 零工
_CITY = re.compile(r"(?:^|[《“(（])(?P<name>[\u4e00-\u9fff]{2,4}?)市(?!场)(?=[\u4e00-\u9fff“])")
_PROVINCE = re.compile(r"(?<![\u4e00-\u9fff])(?P<name>[\u4e00-\u9fff]{2,3}?)省")
_PERIOD = re.compile(r"十(?P<digit>[一二三四五六七八九])五")
_YEARS = re.compile(r"(?P<start>(?:19|20)\d{2})\s*[-—–~至]\s*(?P<end>(?:19|20)\d{2})\s*年")
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,12}〔\d{4}〕\d+号")
_ISSUER = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,30}(?:局|委员会|人民政府|办公室|厅))(?:文件)?$")
_TITLE = re.compile(r"《(?P<title>[^》]+)》")
_TABLE_TITLE = re.compile(r"^(?:专栏|表)\s*\d+")  # 专栏1, 表 2: a table's title line (tables.py reads them)
_SENTENCE = re.compile(r"[。；;：:，,]")  # a line with these is prose, not a heading
TITLE_MAX = 120  # characters: a heading line longer than this is prose
DIGITS = "一二三四五六七八九"
# Title words that tell what kind of document it is; the first kind whose word occurs wins.
KIND_WORDS = (
    ("implementation_rules", ("实施细则", "实施方案", "实施意见")),
    ("annual_report", ("工作总结", "工作情况", "工作计划", "工作报告")),
    ("five_year_plan", ("五年规划", "规划")),
)


@dataclass(frozen=True)
class Inferred:
    value: object
    how: str  # where it came from, in words, with the line when there is one


def pinyin_id(name: str) -> str:
    """茂名 -> maoming: toneless pinyin, lower case, letters only."""
    return re.sub(r"[^a-z]", "", "".join(lazy_pinyin(name)).lower())


def pinyin_name(name: str) -> str:
    """茂名 -> Maoming."""
    return pinyin_id(name).capitalize()


def _opening(lines: tuple[str, ...]) -> list[tuple[int, str]]:
    found = []
    for number, text in enumerate(lines, start=1):
        bare = re.sub(r"\s+", "", strip_markup(text))
        if bare:
            found.append((number, bare))
        if len(found) == OPENING_LINES:
            break
    return found


def city_name(lines) -> Inferred | None:
    """The name before 市 at the start of the title or an issuer line (or of a 《title》 in one)."""
    for number, text in _heading_lines(lines):
        match = _CITY.search(text)
        if match:
            return Inferred(match["name"], f"line {number}: {text[:40]}")
    return None


def _heading_lines(lines) -> list[tuple[int, str]]:
    """The opening lines that may name the city: issuer lines and title lines (a kind word, not a sentence);
    never a table's title or one of its tab-separated rows."""
    return [(number, text) for number, text in _opening(lines)
            if not _is_table_line(lines[number - 1])
            and (_ISSUER.match(text) or (_kind_word(text) and len(text) <= TITLE_MAX and not _SENTENCE.search(text)))]


def _is_table_line(raw: str) -> bool:
    return "\t" in raw or bool(_TABLE_TITLE.match(raw.strip().lstrip("#").strip()))


def _kind_word(text: str) -> str | None:
    return next((w for _, words in KIND_WORDS for w in words if w in text), None)


def province_name(lines) -> Inferred | None:
    """The province the text names most often (…省, at least twice): 广东 in 广东省."""
    counts = Counter(match["name"] for text in lines for match in _PROVINCE.finditer(text))
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    if count < 2:
        return None
    return Inferred(name, f"the province the text names most often ({name}省, {count} times)")


def plan_period(lines) -> Inferred | None:
    """(ordinal, name_zh, start, end) of the first “十N五” in the opening lines."""
    for number, text in _opening(lines):
        match = _PERIOD.search(text)
        if match:
            ordinal = 10 + DIGITS.index(match["digit"]) + 1
            years = _YEARS.search(text) or next(
                (m for _, t in _opening(lines) if (m := _YEARS.search(t)) and int(m["end"]) - int(m["start"]) == 4),
                None)
            if years and int(years["end"]) - int(years["start"]) == 4:
                start, end, how = int(years["start"]), int(years["end"]), "years as the text states them"
            else:
                (start, end), how = plan_years(ordinal), "years counted from the 3rd plan (1966-1970)"
            return Inferred((ordinal, f"“{match[0]}”", start, end), f"line {number}: {match[0]}; {how}")
    return None


def plan_years(ordinal: int) -> tuple[int, int]:
    """The years of the Nth five-year plan: 1st 1953-1957, 2nd 1958-1962, then (after 1963-1965) from the
    3rd (1966-1970) on, one every five years: 14th 2021-2025."""
    start = {1: 1953, 2: 1958}.get(ordinal, 1966 + 5 * (ordinal - 3))
    return start, start + 4


def latest_plan(today: date | None = None) -> int:
    """The number of the plan after the one in force today: the last one a document can be for."""
    year = (today or date.today()).year
    return max(ordinal for ordinal in range(1, year) if plan_years(ordinal)[0] <= year) + 1


def kind(lines) -> Inferred | None:
    for number, text in _opening(lines):
        for name, words in KIND_WORDS:
            word = next((w for w in words if w in text), None)
            if word:
                return Inferred(name, f"line {number}: {word}")
    return None


def title(lines) -> Inferred | None:
    """A 《title》 with a kind word in a heading line, else the first heading line with a kind word (up to
    TITLE_MAX characters; not a sentence, never a table's title such as 专栏1 …规划主要指标)."""
    headings = [(number, text) for number, text in _opening(lines) if not _is_table_line(lines[number - 1])]
    for number, text in headings:
        match = _TITLE.search(text) if len(text) <= TITLE_MAX else None  # a heading, not a sentence citing one
        if match and _kind_word(match["title"]):
            return Inferred(match["title"], f"line {number}")
    for number, text in headings:
        if _kind_word(text) and not _SENTENCE.search(text):
            if len(text) > TITLE_MAX:
                return None  # the title line, too long to be sure of: the file name stands in for it
            return Inferred(text, f"line {number}")
    return None


def issuer(lines) -> Inferred | None:
    """The issuing bodies standing on lines of their own above the title (or, failing that, the first below)."""
    names = [(number, match["name"]) for number, text in _opening(lines) if (match := _ISSUER.match(text))]
    if not names:
        return None
    heading = title(lines)
    title_line = int(heading.how.split()[1]) if heading else 0
    names = [item for item in names if item[0] < title_line] or names[:1]
    return Inferred("、".join(dict.fromkeys(name for _, name in names)),
                    "line " + ", ".join(str(number) for number, _ in names))


def doc_number(lines) -> Inferred | None:
    for number, text in _opening(lines):
        match = _DOC_NUMBER.search(text)
        if match:
            return Inferred(match[0], f"line {number}")
    return None


def issued(lines) -> Inferred | None:
    """A date standing on a short line of its own: in the heading or the signature at the end."""
    numbered = [(n, re.sub(r"\s+", "", t)) for n, t in enumerate(lines, start=1) if t.strip()]
    for number, text in [*numbered[:OPENING_LINES], *numbered[-OPENING_LINES:]]:
        match = _DATE.search(text)
        if match and len(text) <= 40:
            return Inferred(f"{int(match['y']):04d}-{int(match['m']):02d}-{int(match['d']):02d}", f"line {number}")
    return None


def covers(lines, period: tuple | None) -> Inferred | None:
    for number, text in _opening(lines):
        match = _YEARS.search(text)
        if match:
            return Inferred((int(match["start"]), int(match["end"])), f"line {number}")
    if period:
        return Inferred((period[2], period[3]), "the plan period's years")
    return None
