"""Property test over link states of every page (hypothesis + AppTest): whatever the link
holds, the page renders without an exception, and the notices name exactly the values it
could not use (each invalid, empty or extra value; nothing valid).

`make test` runs a few examples per page (PLAN_FUZZ_EXAMPLES, default 4, derandomised so
CI is repeatable); `make fuzz` runs 1,000 per page with fresh random seeds.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import compare, dimensions, explorer, pace
from analytics.db import get_database
from analytics.paths import PROJECT_DIR
from tests.apptest_helpers import notices, open_app

EXAMPLES = int(os.environ.get("PLAN_FUZZ_EXAMPLES", "4"))
RANDOM = os.environ.get("PLAN_FUZZ_RANDOM") == "1"
FOREIGN = "http://127.0.0.9:9"  # loopback only
REPORT = PROJECT_DIR / "artifacts" / "fuzz"

CRAFTED = [
    f"[click me]({FOREIGN}/login)", f"![x]({FOREIGN}/p.png)", ":red[**LOCKED**]", "<img src=x>", f"{FOREIGN}/",
    "$x$", "`x`", "=1+1", "@SUM(A1)", "-", "none", "13th ", " 13th", "2015-2020-2025", "２０１５-２０２０", "0", "1",
    "true", "jiangmen,zhanjiang", "%00", "&", "=", "#", "\t", "　", "…", "北京", "🦄",
]


@dataclass(frozen=True)
class Param:
    """What a page does with one link parameter: its valid values, and how many it takes."""
    valid: tuple[str, ...] = ()
    multiple: bool = False
    kind: str = "choice"  # choice | flag | years | text | page
    bounds: tuple[int, int] = (0, 0)
    examples: tuple[str, ...] = field(default=())


@cache
def page_params() -> dict[str, dict[str, Param]]:
    db = get_database()
    cities = tuple(dimensions.city_ids(db))
    periods = tuple(dimensions.plan_period_ids(db))
    indicators = tuple(compare.comparable_indicators(db)["indicator_id"])
    options = explorer.filter_options(db)
    low, high = int(options["year_min"]), int(options["year_max"])
    flag = Param(("0", "1"), kind="flag")
    return {
        # lang and present are the shell's (checked on the entry page); city is the overview's own.
        "overview": {"lang": Param(("zh", "en")), "present": flag, "city": Param(cities, multiple=True)},
        "compare": {
            "indicator": Param(indicators), "city": Param(cities, multiple=True),
            "period": Param((*periods, "none")), "kind": Param(("target", "actual", "baseline")),
            "view": Param(("absolute", "relative")), "avg": flag, "all": flag,
        },
        "scorecard": {"city": Param(cities), "period": Param(periods), "peer": Param(cities, multiple=True)},
        "trends": {"indicator": Param(indicators), "city": Param(cities, multiple=True), "avg": flag, "all": flag},
        # The ambition page's indicators depend on the period and cities chosen: see _ambition_spec.
        "ambition": {"period": Param(periods), "city": Param(cities, multiple=True),
                     "indicator": Param(tuple(pace.shared_paces(pace.pace_cities(db, periods[0]))["indicator_id"]))},
        "explorer": {
            "city": Param(tuple(options["city_ids"]), multiple=True),
            "district": Param(tuple(options["districts"]), multiple=True),
            "period": Param(tuple(options["plan_periods"]), multiple=True),
            "kind": Param(tuple(options["value_kinds"]), multiple=True),
            "category": Param(tuple(options["categories"]), multiple=True),
            "indicator": Param(tuple(options["indicator_ids"]), multiple=True),
            "attribute": Param(tuple(options["attributes"]), multiple=True),
            "years": Param(kind="years", bounds=(low, high),
                           examples=(f"{low}-{high}", f"{low + 1}-{high - 1}", f"{high}-{low}", f"{low - 5}-{high}")),
            "q": Param(kind="text", examples=("就业", "以内", "x" * 101, "a\nb")),
            # Any ASCII page number is used (clamped to the pages there are, silently).
            "page": Param(kind="page", examples=("1", "2", "0", "999999", "9" * 30, "-1", "2.5", "٣", "１")),
        },
        "sources": {},
    }


def _year_range_ok(value: str, bounds: tuple[int, int]) -> bool:
    match = re.fullmatch(r"([0-9]{4})-([0-9]{4})", value)
    return bool(match) and bounds[0] <= int(match[1]) <= int(match[2]) <= bounds[1]


def _ambition_spec(link: dict[str, list[str]]) -> Param | None:
    """The indicators the ambition page offers for the link's period and cities (None: no picker)."""
    db = get_database()
    periods, cities = dimensions.plan_period_ids(db), dimensions.city_ids(db)
    period = next((v for v in link.get("period", []) if v in periods), None) or pace.default_period(db)
    chosen = list(dict.fromkeys(v for v in link.get("city", []) if v in cities)) or cities
    shared = pace.shared_paces(pace.pace_cities(db, period, chosen))
    return Param(tuple(shared["indicator_id"].unique())) if not shared.empty else None


def expected_notices(page: str, link: dict[str, list[str]]) -> set[str]:
    """The `name=value` parts the page must mention: every value it cannot use."""
    expected: set[str] = set()
    for name, values in link.items():
        spec = page_params()[page].get(name)
        if page == "ambition" and name == "indicator":
            spec = _ambition_spec(link)
            if spec is None:  # no picker: an unused parameter, which AppTest's page runs do not check
                continue
        if spec is None:
            if page == "overview":  # AppTest reruns app.py's shell checks on the entry page only
                expected.add(f"{name}={','.join(values)}")
            continue
        if spec.kind == "text":
            if len(values) > 1:
                expected.add(f"{name}={','.join(values[1:])}")
            if values[0] == "":
                expected.add(f"{name}=")
            if len(re.sub(r"[\x00-\x1f\x7f]+", " ", values[0])) > 100:
                expected.add(f"链接参数 {name} 过长，已截为前 100 个字符")
            continue
        if spec.kind == "page":
            if len(values) > 1:
                expected.add(f"{name}={','.join(values[1:])}")
            if values[0] == "":
                expected.add(f"{name}=")
            elif not re.fullmatch(r"[0-9]+", values[0]):
                expected.add(f"{name}={values[0]}")
            continue
        if spec.kind in ("flag", "years"):
            if len(values) > 1:
                expected.add(f"{name}={','.join(values[1:])}")
            first = values[0]
            ok = first in spec.valid if spec.kind == "flag" else _year_range_ok(first, spec.bounds)
            if first == "":
                expected.add(f"{name}=")
            elif not ok:
                expected.add(f"{name}={first}")
            continue
        good = [value for value in values if value in spec.valid]
        for value in values:
            if value not in spec.valid:
                expected.add(f"{name}={value}")
        if not spec.multiple and len(good) > 1:
            expected.add(f"{name}={','.join(good[1:])}")
    return expected


def _values(spec: Param | None) -> st.SearchStrategy[str]:
    pool = list(CRAFTED) + list(spec.examples if spec else ())
    choices = [st.sampled_from(pool), st.text(max_size=12), st.just("")]
    if spec is not None and spec.valid:
        choices.insert(0, st.sampled_from(spec.valid))
        choices.insert(0, st.sampled_from(spec.valid))  # valid values half the time
    return st.one_of(choices)


@st.composite
def links(draw, page: str) -> dict[str, list[str]]:
    specs = page_params()[page]
    names = draw(st.lists(st.sampled_from([*specs, "colour", "lang ", "Indicator", f"[x]({FOREIGN})"]),
                          max_size=4, unique=True))
    return {name: draw(st.lists(_values(specs.get(name)), min_size=1, max_size=3)) for name in names}


def _settings():
    return settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("page", ["overview", "compare", "scorecard", "trends", "ambition", "explorer", "sources"])
def test_any_link_renders_and_every_unusable_value_is_noticed(page):
    tried = {"links": 0, "noticed": 0}

    @_settings()
    @given(link=links(page))
    def check(link):
        tried["links"] += 1
        at = open_app(None if page == "overview" else page, **link)  # raises on any exception
        shown = " | ".join(notices(at))
        wanted = expected_notices(page, link)
        for part in wanted:
            part = re.sub(r"[\r\n\t\v\f\u2028\u2029]+", " ", part)  # notices keep to one line
            assert part[:60] in shown, f"{part!r} not noticed; notices: {shown!r}; link: {link!r}"
        if not wanted:
            assert shown == "", f"unexpected notices {shown!r} for {link!r}"
        tried["noticed"] += bool(wanted)

    check()
    REPORT.mkdir(parents=True, exist_ok=True)  # counts for docs/reliability.md
    (REPORT / f"{page}.txt").write_text(f"{page}: {tried['links']} links, {tried['noticed']} with values to notice\n")
