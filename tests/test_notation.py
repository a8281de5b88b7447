"""analytics.notation: every notation the plan tables and prose use, and what it must not guess."""

from __future__ import annotations

import pytest

from analytics.notation import NotationError, ParsedValue, clean, is_missing, parse_cell, parse_single

# text -> (value, comparator, is_cumulative, percent_sign)
SINGLE = [
    ("23.4", 23.4, "=", False, False),
    ("0", 0.0, "=", False, False),
    ("100000", 100000.0, "=", False, False),
    ("98.72%", 98.72, "=", False, True),
    ("4.5%", 4.5, "=", False, True),
    ("[22.5]", 22.5, "=", True, False),
    ("[25.0]", 25.0, "=", True, False),
    ("[141609]", 141609.0, "=", True, False),
    ("［10］", 10.0, "=", True, False),
    ("【3】", 3.0, "=", True, False),
    ("[ 13.5 ]", 13.5, "=", True, False),
    ("3.2%以内", 3.2, "<=", False, True),
    ("2.4 以内", 2.4, "<=", False, False),
    ("3.5 以内", 3.5, "<=", False, False),
    ("5%以下", 5.0, "<=", False, True),
    ("≤3.2", 3.2, "<=", False, False),
    ("<=3.2", 3.2, "<=", False, False),
    ("不超过3.5%", 3.5, "<=", False, True),
    ("<3.5", 3.5, "<", False, False),
    ("＜3.5", 3.5, "<", False, False),
    ("低于4", 4.0, "<", False, False),
    (">60", 60.0, ">", False, False),
    ("＞90", 90.0, ">", False, False),
    ("超过95%", 95.0, ">", False, True),
    ("≥95", 95.0, ">=", False, False),
    ("不低于90%", 90.0, ">=", False, True),
    ("95%以上", 95.0, ">=", False, True),
    ("1.5以上", 1.5, ">=", False, False),
    ("3000多", 3000.0, ">=", False, False),
    ("200余", 200.0, ">=", False, False),
    ("5左右", 5.0, "~", False, False),
    ("4.5%左右", 4.5, "~", False, True),
    ("约3", 3.0, "~", False, False),
    ("近10", 10.0, "~", False, False),
    ("[3.5 以内]", 3.5, "<=", True, False),
    ("超7000", 7000.0, ">", False, False),
    ("突破41", 41.0, ">", False, False),
    # counts with a Chinese multiplier, as prose writes them (issue 13: 7千多家, 1万多名, 3万多名)
    ("7千多", 7000.0, ">=", False, False),
    ("1万多", 10000.0, ">=", False, False),
    ("3万余", 30000.0, ">=", False, False),
    ("1万", 10000.0, "=", False, False),
    ("4.65万", 46500.0, "=", False, False),
    ("超过4.65万", 46500.0, ">", False, False),
    ("近1万", 10000.0, "~", False, False),
    ("<b>23.4</b>", 23.4, "=", False, False),
    ("**98**", 98.0, "=", False, False),
]


@pytest.mark.parametrize(("text", "value", "comparator", "cumulative", "percent"), SINGLE)
def test_single_values(text, value, comparator, cumulative, percent):
    parsed = parse_single(text)
    assert parsed.value == pytest.approx(value)
    assert parsed.comparator == comparator
    assert parsed.is_cumulative is cumulative
    assert parsed.percent_sign is percent
    assert not parsed.missing and not parsed.text_only
    assert parsed.component is None


@pytest.mark.parametrize("text", ["—", "-", "–", "－", "/", "——", "─", "", "   ", " — "])
def test_missing_marks_give_a_null_value_never_zero(text):
    parsed = parse_single(text)
    assert parsed == ParsedValue(None, None, missing=True)
    assert is_missing(text)


def test_a_number_is_not_missing():
    assert not is_missing("0")
    assert not is_missing("[0]")


def test_text_cell_keeps_meaning_without_a_number():
    assert parse_single("控制在目标内") == ParsedValue(None, None, text_only=True)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("6.6:32.9:60.5", [6.6, 32.9, 60.5]),
        ("7:35:58", [7.0, 35.0, 58.0]),
        ("8：40：52", [8.0, 40.0, 52.0]),
        ("6.6∶32.9∶60.5", [6.6, 32.9, 60.5]),  # the ratio sign ∶ (U+2236)
        ("1 : 2", [1.0, 2.0]),
    ],
)
def test_ratio_gives_one_value_per_component_in_order(text, parts):
    parsed = parse_cell(text)
    assert [part.value for part in parsed] == pytest.approx(parts)
    assert [part.component for part in parsed] == list(range(len(parts)))
    assert all(part.comparator == "=" and not part.is_cumulative for part in parsed)


def test_parse_single_refuses_a_ratio():
    with pytest.raises(NotationError, match="ratio of 3"):
        parse_single("6.6:32.9:60.5")


@pytest.mark.parametrize(
    "text",
    [
        "约二十二万",  # a number in words
        "3.2%以内以上",  # two bounds
        "[—]",  # brackets around no number
        "[6:3]",  # brackets around a ratio
        "[控制在目标内]",
        "22.5万人",  # a unit inside a table cell is not a notation the parser guesses at
        "4-3",  # a range whose ends are the wrong way round
        "3%-4",  # a range with % on its low end only
        "abc",
        "1,00",
        "[22.5",
        "超过1万多",  # a bound and 多 at once
        "7千万",  # two multipliers
    ],
)
def test_unknown_notation_raises(text):
    with pytest.raises(NotationError, match=r"notation|brackets"):
        parse_cell(text)


def test_clean_strips_markup_and_outer_space_only():
    assert clean("  <b>一、就业</b> ") == "一、就业"
    assert clean("**2.4 以内**") == "2.4 以内"


@pytest.mark.parametrize(
    ("cell", "value", "comparator"),
    [("10,000", 10000.0, "="), ("1,234,567", 1234567.0, "="), ("93％", 93.0, "="), ("95％以上", 95.0, ">=")],
)
def test_thousands_separators_and_full_width_percent(cell, value, comparator):
    parsed = parse_single(cell)
    assert (parsed.value, parsed.comparator) == (value, comparator)


def test_a_decimal_comma_list_is_not_a_thousands_separator():
    with pytest.raises(NotationError):
        parse_single("2.5,000")


@pytest.mark.parametrize(
    ("text", "low", "high", "percent"),
    [("3%-4%", 3, 4, True), ("3～4%", 3, 4, True), ("3-4", 3, 4, False), ("3.2-3.5", 3.2, 3.5, False),
     ("２．５％～３％", 2.5, 3, True), ("5至6", 5, 6, False)],
)
def test_a_range_is_two_bounds(text, low, high, percent):
    lower, upper = parse_cell(text)
    assert (lower.value, lower.comparator, lower.bound, lower.percent_sign) == (low, ">=", "low", percent)
    assert (upper.value, upper.comparator, upper.bound, upper.percent_sign) == (high, "<=", "high", percent)
    assert (lower.component, upper.component) == (0, 1)  # two observations with distinct ids


@pytest.mark.parametrize(
    ("text", "value", "comparator", "cumulative"),
    [("１２．８", 12.8, "=", False), ("［２２．５］", 22.5, "=", True), ("＜４．５", 4.5, "<", False),
     ("８５％", 85, "=", False), ("１，２００", 1200, "=", False), ("＞６０", 60, ">", False),
     ("３．２％以内", 3.2, "<=", False)],
)
def test_full_width_digits_and_punctuation(text, value, comparator, cumulative):
    (parsed,) = parse_cell(text)
    assert (parsed.value, parsed.comparator, parsed.is_cumulative) == (value, comparator, cumulative)
