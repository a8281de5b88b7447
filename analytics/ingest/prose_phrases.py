"""The number phrase of a figure in a sentence (analytics.ingest.prose_reader): the figure with the
words that bound it (约, 超过, 以上, 以内, 多), its unit with a multiplier joined to it (4.59万人: 4.59 in
万人), and the bare numbers before it that share its unit (2.64、1.62、1.86万人以上: three phrases)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analytics.ingest import prose_cues as cues
from analytics.ingest.figures import Figure
from analytics.notation import FULL_WIDTH


@dataclass(frozen=True)
class Phrase:
    start: int  # offsets of the number phrase on the line
    end: int
    value: float
    unit: str
    comparator: str | None
    figure: Figure | None  # None for a bare number of a list that shares the figure's unit
    anchor: int = 0  # the start of the figure whose unit it has (its own, or the list's last)


_FIGURE_PARTS = re.compile(r"(?P<number>[\d,]+(?:\.\d+)?)\s*(?P<mult>[万千亿])?(?P<more>多|余)?\s*(?P<unit>.+)$")


def number_phrases(text: str, figures: list[Figure], sentence_start: int) -> list[Phrase]:
    """Each figure as a phrase with its bounds, and the bare numbers of a list that shares its unit."""
    phrases: list[Phrase] = []
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
            phrases.append(Phrase(list_start, list_end, list_value, unit, comparator, None, figure.start))
        phrases.append(Phrase(start, end, value, unit, comparator, figure, figure.start))
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
        if number_start > floor and (text[number_start - 1].isdigit() or text[number_start - 1] in ".:：∶"):
            break
        found.append((number_start, floor + match.end(1), float(match[1])))
        cursor = number_start
    return list(reversed(found))
