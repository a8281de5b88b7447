"""Sharing a view: canonical links, download names from the whole filter state, the copy-link
button and the chart image buttons as the pages draw them (AppTest). The browser side (the
clipboard, the SVG file, `<html lang>`) is in tests/browser/test_share_browser.py."""

from __future__ import annotations

import html
import itertools
import re
import urllib.parse

import pytest

from tests.apptest_helpers import open_app
from ui import share

SAFE_NAME = re.compile(r"[A-Za-z0-9_.\-]+")
WINDOWS_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$")


def test_canonical_query_puts_every_parameter_in_one_order_with_the_language_first():
    query = share.canonical_query({"period": "14th", "city": ["zhanjiang", "jiangmen"], "lang": "zh",
                                   "avg": None, "q": "就业 & 创业"})
    assert query == "lang=zh&city=zhanjiang&city=jiangmen&period=14th&q=%E5%B0%B1%E4%B8%9A%20%26%20%E5%88%9B%E4%B8%9A"
    assert urllib.parse.parse_qs(query)["q"] == ["就业 & 创业"]
    # The same state in any insertion order gives the same link.
    assert share.canonical_query({"lang": "zh", "period": "14th", "city": ["zhanjiang", "jiangmen"],
                                  "q": "就业 & 创业"}) == query


def test_canonical_query_knows_every_parameter_the_app_accepts():
    from ui.chrome import KNOWN_PARAMS

    assert set(share.PARAM_ORDER) == KNOWN_PARAMS
    assert set(share.STEM_ORDER) == KNOWN_PARAMS - {"lang", "present", "page", "doc_page", "find", "city_find",
                                                    "peer_find", "doc_city_find"}


def test_download_name_holds_indicator_period_kind_cities_and_language():
    stem = share.download_stem("compare", {"lang": "en", "city": ["jiangmen", "zhanjiang"], "period": "14th",
                                           "indicator": "urban_new_jobs", "kind": "target", "view": "absolute",
                                           "avg": False, "present": True}, "en")
    assert stem == "compare_urban_new_jobs_14th_target_absolute_jiangmen-zhanjiang_en"


def test_download_name_says_a_flag_by_its_name_and_leaves_out_how_the_view_is_shown():
    base = {"indicator": "urban_new_jobs", "city": ["jiangmen"]}
    assert share.download_stem("trends", {**base, "avg": True}, "zh") == "trends_urban_new_jobs_avg_jiangmen_zh"
    assert share.download_stem("trends", {**base, "avg": False}, "zh") == "trends_urban_new_jobs_jiangmen_zh"
    assert share.download_stem("observations", {**base, "page": 7, "present": True}, "zh") == \
        share.download_stem("observations", base, "zh")


def _states():
    """Every combination of a few values of each filter, as a page could hold them."""
    choices = {
        "indicator": [None, "urban_new_jobs", "registered_unemployment_rate"],
        "category": [None, "employment"],
        "period": [None, "13th", "14th"],
        "kind": [None, "target", "actual"],
        "avg": [None, True],
        "all": [None, True],
        "city": [None, ["jiangmen"], ["jiangmen", "zhanjiang"], ["zhanjiang", "jiangmen"],
                 [f"c{i}" for i in range(5)], [f"c{i}" for i in range(6)]],
        "q": [None, "就业", "就业 "],
        "years": [None, "2011-2020"],
    }
    names = list(choices)
    for combination in itertools.product(*(choices[name] for name in names)):
        yield {name: value for name, value in zip(names, combination, strict=True) if value is not None}


def test_two_different_filter_states_never_share_a_download_name():
    seen: dict[str, dict] = {}
    for lang in ("zh", "en"):
        for values in _states():
            stem = share.download_stem("observations", values, lang)
            key = repr(sorted((k, v) for k, v in values.items())) + lang
            assert seen.setdefault(stem, key) == key, f"{stem}: {seen[stem]} and {key}"
    assert len(seen) > 10_000


@pytest.mark.parametrize("values", [
    {"city": [f"city{i:04d}" for i in range(300)], "indicator": "x" * 200},
    {"q": "../../etc/passwd", "district": "a/b\\c:d*e?f\"g<h>i|j"},
    {"city": ["江门", "con"], "indicator": "urban new jobs\n"},
    {"indicator": ""},
])
def test_download_names_are_short_and_safe_on_every_system(values):
    stem = share.download_stem("observations", values, "zh")
    assert SAFE_NAME.fullmatch(stem), stem
    assert len(f"{stem}.parquet") <= 110
    assert not WINDOWS_RESERVED.match(stem) and not stem.endswith((".", " "))
    assert stem.startswith("observations_") and stem.endswith("_zh")


def _html_bodies(at) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def _links(at) -> list[str]:
    return [html.unescape(re.search(r"data-url='([^']*)'", body).group(1))
            for body in _html_bodies(at) if "data-url=" in body]


def test_the_overview_offers_a_link_naming_every_choice_with_the_language_in_it():
    at = open_app(None)
    assert at.query_params["lang"] == "zh"  # the default language is written into the URL too
    assert "city" not in at.query_params  # the URL leaves the default cities out ...
    # ... the shared link names them: it opens the same cards after new data changes the defaults.
    assert _links(at) == ["?lang=zh&city=jiangmen&city=jingdezhen&city=zhanjiang"]


def test_the_link_follows_the_language_presenter_mode_and_the_chosen_cities():
    at = open_app(None, lang="en", present="1", city=["zhanjiang"])
    # presenter mode copies the link from the sidebar and from its on-screen bar: the same link twice
    assert _links(at) == ["?lang=en&present=1&city=zhanjiang"] * 2
    assert _links(open_app(None, lang="en", city=["zhanjiang"])) == ["?lang=en&city=zhanjiang"]


def test_the_language_script_sets_the_page_language():
    zh = "".join(_html_bodies(open_app(None)))
    en = "".join(_html_bodies(open_app(None, lang="en")))
    assert 'const lang = "zh-CN"' in zh and '"Skip to main content": "跳到主要内容"' in zh
    assert 'const lang = "en"' in en and '"跳到主要内容": "Skip to main content"' in en


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chart_offers_png_and_svg_named_after_the_filters(lang):
    at = open_app("compare", lang=lang, city=["zhanjiang", "jiangmen"], period="14th")
    buttons = [body for body in _html_bodies(at) if "data-filename=" in body]
    assert len(buttons) == 1
    formats = re.findall(r"data-plot-export='(\w+)'", buttons[0])
    assert formats == ["png", "svg"]
    names = set(re.findall(r"data-filename='([^']*)'", buttons[0]))
    assert names == {f"compare_urban_new_jobs_14th_target_absolute_zhanjiang-jiangmen_{lang}"}
    assert re.findall(r"data-chart='([^']*)'", buttons[0]) == ["chart_compare", "chart_compare"]


def test_presenter_mode_draws_no_download_buttons():
    at = open_app("compare", present="1")
    assert not [body for body in _html_bodies(at) if "data-filename=" in body]
    assert not at.get("download_button")


def test_the_image_buttons_carry_the_charts_source_line():
    """The PNG/SVG export writes the chart's source footnote under the image (the script reads it
    from the button; the verdict from the page): the button holds exactly the footnote shown."""
    at = open_app("compare", lang="en", city=["zhanjiang", "jiangmen"], period="13th")
    buttons = [body for body in _html_bodies(at) if "data-filename=" in body]
    footnotes = [html.unescape(re.sub(r"<[^>]+>", "", element.value)) for element in at.markdown
                 if "class='source-footnote'" in element.value]
    assert len(buttons) == 1 and len(footnotes) == 1
    carried = {html.unescape(value) for value in re.findall(r"data-footnote='([^']*)'", buttons[0])}
    assert carried == {footnotes[0]} and "000_d92a957b28094439.txt" in footnotes[0]
