"""Reading plan notation: `[22.5]`, `3.2%以内`, `<3.5`, `>60`, `98.72%`, `—`, `6.6:32.9:60.5`, `7千多` ...

`parse_cell` turns the text of one table cell (or one number phrase of prose) into
`ParsedValue`s. It never guesses: text it does not recognise raises `NotationError`,
which ingestion reports with the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MISSING_MARKS = frozenset({"—", "-", "–", "－", "/", "——", "─"})

# Text cells that carry meaning but no number; kept as raw text with a null value.
TEXT_CELLS = frozenset({"控制在目标内"})

_NUMBER = r"(?P<num>\d+(?:\.\d+)?)"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), comparator)
    for pattern, comparator in (
        (rf"^{_NUMBER}\s*%?$", "="),
        (rf"^(?:<|＜|小于|低于)\s*{_NUMBER}\s*%?$", "<"),
        (rf"^(?:>|＞|大于|高于|超过|突破|超)\s*{_NUMBER}\s*%?$", ">"),
        (rf"^(?:≤|<=|不高于|不超过)\s*{_NUMBER}\s*%?$", "<="),
        (rf"^(?:≥|>=|不低于|不少于)\s*{_NUMBER}\s*%?$", ">="),
        (rf"^{_NUMBER}\s*%?\s*(?:以内|以下)$", "<="),
        (rf"^{_NUMBER}\s*%?\s*(?:以上)$", ">="),
        (rf"^{_NUMBER}\s*%?\s*(?:左右)$", "~"),
        (rf"^(?:约|近)\s*{_NUMBER}\s*%?$", "~"),
        (rf"^{_NUMBER}\s*%?\s*(?:多|余)$", ">="),
    )
)
# A number with a Chinese multiplier, as prose writes counts: 7千多 (more than 7000), 1万多, 3万余.
_MULTIPLIED = re.compile(rf"^(?P<prefix>超过|超|近|约)?\s*{_NUMBER}\s*(?P<mult>千|万)\s*(?P<more>多|余)?$")
_MULTIPLIERS = {"千": 1000, "万": 10000}
_PREFIX_COMPARATORS = {None: "=", "超过": ">", "超": ">", "近": "~", "约": "~"}
_BRACKETED = re.compile(r"^[\[［【]\s*(?P<inner>[^\]］】]*?)\s*[\]］】]$")
_RATIO = re.compile(r"^\d+(?:\.\d+)?(?:\s*[:：]\s*\d+(?:\.\d+)?)+$")


class NotationError(ValueError):
    """A cell whose notation is not one the dataset knows how to read."""


@dataclass(frozen=True)
class ParsedValue:
    value: float | None
    comparator: str | None
    is_cumulative: bool = False
    percent_sign: bool = False
    component: int | None = None  # position inside a ratio cell a:b:c
    text_only: bool = False  # a meaningful text cell such as 控制在目标内
    missing: bool = False  # — / - : the source states no value
    bound: str | None = None  # "low" / "high": one end of a range 3%-4% (≥ low, ≤ high)


MARKUP_TAGS = re.compile(r"</?b>|\*\*")  # remnants of the HTML/Markdown the text was converted from
# Full-width digits and punctuation as Chinese typesetting writes them (１２．８, ［２２．５］, ＜４．５, １，２００).
FULL_WIDTH = str.maketrans({**{chr(0xFF10 + digit): str(digit) for digit in range(10)},
                            "．": ".", "，": ",", "％": "%", "［": "[", "］": "]", "（": "(", "）": ")",
                            "＜": "<", "＞": ">", "＝": "=", "～": "~", "：": ":", "∶": ":", "＋": "+", "　": " "})
_RANGE = re.compile(r"^(?P<low>\d+(?:\.\d+)?)\s*(?P<low_pct>%?)\s*(?:-|–|—|~|至|到)\s*"
                    r"(?P<high>\d+(?:\.\d+)?)\s*(?P<high_pct>%?)$")
_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d,])")


def clean(text: str) -> str:
    """The cell reduced to what the patterns read: markup remnants (<b>, **) and outer white
    space stripped, full-width digits and punctuation read as ASCII (１２．８％ as 12.8%), thousands
    separators (10,000) dropped. Only parsing sees this form; raw_text keeps the cell exactly as written."""
    text = MARKUP_TAGS.sub("", text).translate(FULL_WIDTH)
    text = _THOUSANDS.sub(lambda match: match.group(0).replace(",", ""), text)
    return text.strip()


def strip_markup(text: str) -> str:
    """A heading or title as written, without markup remnants: <b>, **, a leading Markdown #."""
    return MARKUP_TAGS.sub("", text).strip().lstrip("#").strip()


def is_missing(text: str) -> bool:
    return clean(text) in MISSING_MARKS or clean(text) == ""


def parse_cell(text: str) -> list[ParsedValue]:
    """Parse one cell. Returns one value, or one per component for a ratio cell."""
    cell = clean(text)
    if cell == "" or cell in MISSING_MARKS:
        return [ParsedValue(None, None, missing=True)]
    if cell in TEXT_CELLS:
        return [ParsedValue(None, None, text_only=True)]
    bracketed = _BRACKETED.match(cell)
    if bracketed:
        inner = parse_cell(bracketed.group("inner"))
        if len(inner) != 1 or inner[0].value is None:
            raise NotationError(f"cumulative brackets around something that is not one number: {text!r}")
        only = inner[0]
        return [ParsedValue(only.value, only.comparator, True, only.percent_sign)]
    ranged = _RANGE.match(cell)
    if ranged and float(ranged["low"]) < float(ranged["high"]) and (ranged["low_pct"] == "" or ranged["high_pct"]):
        percent = bool(ranged["low_pct"] or ranged["high_pct"])
        return [ParsedValue(float(ranged["low"]), ">=", percent_sign=percent, component=0, bound="low"),
                ParsedValue(float(ranged["high"]), "<=", percent_sign=percent, component=1, bound="high")]
    if _RATIO.match(cell):
        parts = re.split(r"\s*[:：]\s*", cell)
        return [ParsedValue(float(part), "=", component=index) for index, part in enumerate(parts)]
    for pattern, comparator in _PATTERNS:
        match = pattern.match(cell)
        if match:
            return [ParsedValue(float(match.group("num")), comparator, percent_sign="%" in cell)]
    multiplied = _MULTIPLIED.match(cell)
    if multiplied and not (multiplied["prefix"] and multiplied["more"]):
        value = round(float(multiplied["num"]) * _MULTIPLIERS[multiplied["mult"]], 6)
        comparator = ">=" if multiplied["more"] else _PREFIX_COMPARATORS[multiplied["prefix"]]
        return [ParsedValue(value, comparator)]
    raise NotationError(f"unknown notation {text!r}")


def parse_single(text: str) -> ParsedValue:
    """Parse a cell that must hold exactly one value (not a ratio)."""
    values = parse_cell(text)
    if len(values) != 1:
        raise NotationError(f"expected one value, found a ratio of {len(values)}: {text!r}")
    return values[0]
