"""Link notices through AppTest: every value that cannot be used is named, with the right
wording, and shown as the literal text it was (the browser test checks the rendered DOM)."""

from __future__ import annotations

import pytest

from tests.apptest_helpers import notices, open_app
from ui.state import MAX_NOTICES
from ui.text import html_literal

FOREIGN = "http://127.0.0.9:9"  # loopback: an injection test never points at a real host

CRAFTED = [
    f"[click me]({FOREIGN}/login)",
    f"![x]({FOREIGN}/p.png)",
    ":red[**ACCOUNT LOCKED**]",
    f"<img src='{FOREIGN}/p.png'>",
    f"{FOREIGN}/bare-autolink",
    "$x^2$ :material/lock: :smile: `c` *em* ~~s~~ | t |",
]


@pytest.mark.parametrize("value", CRAFTED)
def test_a_crafted_city_value_is_named_literally_and_escaped(value):
    at = open_app("compare", city=value)
    assert notices(at) == [f"已忽略链接参数中的无效取值：city={value}"]
    (element,) = [e for e in at.get("html") if "link-notice" in e.proto.body]
    assert html_literal(value) in element.proto.body  # HTML text, not Markdown; no tag from the link
    assert at.get("plotly_chart"), "the page still shows its chart for the valid rest"


def test_a_crafted_parameter_name_is_escaped_too():
    name = f"[x]({FOREIGN})"
    at = open_app(None, **{name: "1"})
    assert notices(at) == [f"已忽略链接中未知的参数：{name}=1"]


def test_unknown_parameter_invalid_value_and_unused_parameter_are_told_apart():
    # The shell's checks (unknown and unused parameters) run in app.py, which AppTest reruns
    # on its default page only; the browser test covers them on every page.
    at = open_app(None, lang="en", colour="purple", period="13th")
    assert notices(at) == [
        "Ignored an unknown link parameter: colour=purple",
        "Ignored a link parameter this page does not use: period=13th",
    ]
    assert "period" not in at.query_params and "colour" not in at.query_params
    invalid = open_app("compare", lang="en", period="16th")
    assert notices(invalid) == ["Ignored an invalid value in the link: period=16th"]


def test_a_parameter_the_page_uses_is_not_reported_as_unused():
    at = open_app("compare", city="jiangmen", period="13th", indicator="urban_new_jobs", kind="target")
    assert notices(at) == []
    assert at.query_params["city"] == ["jiangmen"] or at.query_params["city"] == "jiangmen"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"years": ""}, ["已忽略链接中的空参数：years="]),
        ({"years": ["2015-2020", "2016-2020"]}, ["该参数只取一个值，已忽略多余的：years=2016-2020"]),
        ({"years": "2015-2011"}, ["已忽略链接参数中的无效取值：years=2015-2011"]),
        ({"years": "1900-2015"}, ["已忽略链接参数中的无效取值：years=1900-2015"]),
        ({"q": ["就业", "养老"]}, ["该参数只取一个值，已忽略多余的：q=养老"]),
        ({"q": "x" * 150}, ["链接参数 q 过长，已截为前 100 个字符"]),
        ({"city": ""}, ["已忽略链接中的空参数：city="]),
    ],
)
def test_explorer_empty_repeated_and_malformed_values_are_noticed(params, expected):
    at = open_app("explorer", **params)
    assert notices(at) == expected


def test_extra_value_of_a_single_choice_is_noticed():
    at = open_app("scorecard", city=["zhanjiang", "jiangmen"])
    assert notices(at) == ["该参数只取一个值，已忽略多余的：city=jiangmen"]
    assert at.selectbox(key="city").value == "zhanjiang"


def test_a_flood_of_bad_parameters_is_summarised():
    at = open_app(None, **{f"p{i}": str(i) for i in range(30)})
    shown = notices(at)
    assert len(shown) == MAX_NOTICES + 1
    assert shown[-1] == "链接中还有更多无法使用的参数，均已忽略。"


def test_a_long_value_is_shortened_in_the_notice():
    at = open_app("compare", indicator="y" * 500)
    (notice,) = notices(at)
    assert notice.startswith("已忽略链接参数中的无效取值：indicator=yyyy") and notice.endswith("…")
    assert len(notice) < 120
