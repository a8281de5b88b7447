"""The filter widgets several pages share, each bound to its URL name (see ui.state)."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from analytics import compare, dimensions
from analytics.db import Database
from ui import state
from ui.components import indicator_labels
from ui.i18n import t, t_md
from ui.text import md_literal

DEFAULT_INDICATOR = "urban_new_jobs"
OUTSIDE_PLANS = "none"  # URL value for "outside any plan table" (e.g. the 2014-2015 pilot's targets)


# How many indicators the indicator picker lists in one run (the chosen one always among them): with
# thousands of indicators a page does not send them all to the browser on every run; the search finds the rest.
INDICATOR_OPTIONS = 60


def indicator(db: Database, lang: str) -> str:
    """`indicator=ID`, with `find=TEXT`: a search over the indicators' names, aliases and categories (both
    languages, analytics.compare.indicator_choices) and a selectbox of the first INDICATOR_OPTIONS that it
    finds — those two or more cities hold first, grouped by category —, the chosen indicator always
    among them. A link's indicator is kept whatever the search; one without a value, or unknown, gets the
    usual notice and the default (urban new jobs where it has values, else the first of the list)."""
    limit = INDICATOR_OPTIONS
    text = _search_box("find", "indicator", lang, limit)
    # The one the session or the link holds stays an option whatever the search finds (checked by the query:
    # an id that is no indicator with a value does not come back, and seed() notices it and takes the
    # default, which is then an option).
    held = st.session_state.get("indicator") or next(iter(st.query_params.get_all("indicator")), None)
    choices, total = compare.indicator_choices(db, text, limit=limit, keep=[held] if held else [])
    default = compare.default_indicator(db, DEFAULT_INDICATOR)
    if held not in set(choices["indicator_id"]):
        choices, total = compare.indicator_choices(db, text, limit=limit, keep=[default])
    ids = list(choices["indicator_id"])
    names = indicator_labels(choices, lang)
    chosen = state.url_widget(
        "indicator", ids, default,
        lambda key: st.selectbox(t("indicator", lang), ids, key=key, format_func=names.__getitem__),
    )
    _search_caption("indicator", text, total, limit, lang)
    return chosen


def _search_box(name: str, kind: str, lang: str, limit: int) -> str | None:
    """The search box of a picker that lists only the first `limit` of its `kind` (indicator, city), bound
    to the URL as `name`."""
    return state.url_text(name, lambda key: st.text_input(
        t(f"{kind}_search", lang), key=key, placeholder=t(f"{kind}_search_placeholder", lang), max_chars=100,
        help=t(f"{kind}_search_help", lang, limit=limit)))


def _search_caption(kind: str, text: str | None, total: int, limit: int, lang: str, *, found: bool = False) -> None:
    """What a picker's search found: nothing (the text shown literally, never as Markdown), more than it
    lists, or (`found`) how many."""
    if text and total == 0:
        st.caption(t_md(f"{kind}_none_found", lang, text=text))
    elif total > limit:
        st.caption(t(f"{kind}_more", lang, total=f"{total:,}", shown=f"{limit:,}"))
    elif text and found:
        st.caption(t(f"{kind}_found", lang, total=f"{total:,}"))


# With more cities than this, a city picker lists only the first CITY_OPTIONS that its search finds (the
# chosen ones always among them), so a run does not send thousands of names to the browser; with fewer (the
# real data's three) it lists them all, without a search box.
CITY_OPTIONS = 200


def _held(name: str, names: Mapping[str, str], default: list[str]) -> list[str]:
    """The cities `name` holds this run, as ui.state.seed will choose them: the session's if all are
    known, else the link's known ones (else `default` when the link has none)."""
    current = st.session_state.get(name)
    if current is not None:
        values = list(current) if isinstance(current, list | tuple) else [current]
        if all(value in names for value in values):
            return values
    raw = st.query_params.get_all(name)
    return [value for value in raw if value in names] if raw else list(default)


def _city_options(db: Database | None, names: Mapping[str, str], held: list[str], lang: str, name: str
                  ) -> list[str]:
    """Every city of `names` when there are at most CITY_OPTIONS (and no search box); otherwise
    `<name>_find=TEXT`, a search over the cities' names and provinces in both languages
    (analytics.dimensions.city_choices), and the first CITY_OPTIONS cities it finds plus those `held`,
    with a caption saying how many it finds and lists (or that it finds none)."""
    if db is None or len(names) <= CITY_OPTIONS:
        return list(names)
    limit = CITY_OPTIONS
    text = _search_box(f"{name}_find", "city", lang, limit)
    options, total = dimensions.city_choices(db, text, limit=limit, keep=held, among=names)
    _search_caption("city", text, total, limit, lang, found=True)
    return options


def cities(names: Mapping[str, str], default: list[str], lang: str, *, name: str = "city",
           label_key: str = "cities", db: Database | None = None) -> list[str]:
    """`city=ID&city=ID`: several cities out of `names` (id -> name, display order), in a
    multiselect one can type into. It starts with `default` (a few cities with data, from
    analytics); a link naming cities selects exactly those, and an empty choice means the default
    again. With `db` and more than CITY_OPTIONS cities, a search box (`<name>_find=`) picks which
    of them the multiselect lists (see _city_options); the chosen ones are always listed."""
    city_ids = _city_options(db, names, _held(name, names, default), lang, name)
    chosen = state.url_widget(
        name, city_ids, default,
        # No "Select all" entry: it is English only, and the keyboard would pick it first.
        lambda key: st.multiselect(t(label_key, lang), city_ids, key=key, format_func=names.__getitem__,
                                   placeholder=t("choose_cities", lang), select_all=False),
        multiple=True,
    )
    return chosen or list(default)


def city_filter(db: Database, names: Mapping[str, str], choices: list[str], name: str, label: str, lang: str,
                column, format_func=None) -> list[str]:
    """`<name>=ID&…`: a filter of cities where none chosen means every city (the Explorer's, the Sources
    page's documents'), a multiselect in `column` over `choices` (ids of `names`). With more than
    CITY_OPTIONS choices a search box (`<name>_find=`) picks which of them it lists (see _city_options);
    the chosen ones are always listed, and a link naming any of them selects exactly those."""
    offered = {city_id: names[city_id] for city_id in choices if city_id in names}
    listed = _city_options(db, offered, _held(name, offered, []), lang, name)
    return state.url_widget(
        name, listed, [],
        lambda key: column.multiselect(label, listed, key=key, format_func=format_func or names.__getitem__,
                                       placeholder=t("all", lang)),
        multiple=True,
    )


def city(names: Mapping[str, str], default: str, lang: str, *, db: Database | None = None) -> str:
    """`city=ID`: one city out of `names` (id -> name, display order), in a selectbox one can
    type into; `default` comes from analytics. With `db` and more than CITY_OPTIONS cities, a search
    box (`city_find=`) picks which of them it lists, the chosen one always among them."""
    city_ids = _city_options(db, names, _held("city", names, [default])[:1] or [default], lang, "city")
    return state.url_widget(
        "city", city_ids, default,
        lambda key: st.selectbox(t("city", lang), city_ids, key=key, format_func=names.__getitem__),
    )


def plan_period(names: Mapping[str, str], default: str, lang: str) -> str:
    """`period=ID` (or `none` where offered): one plan period as a radio row. `names` maps
    each offered period id to its name (from the data, OUTSIDE_PLANS included where offered);
    `default` comes from analytics."""
    periods = list(names)
    return state.url_widget(
        "period", periods, default,
        lambda key: st.radio(t("plan_period", lang), periods, key=key, horizontal=True,  # radio options are Markdown
                             format_func=lambda p: md_literal(names[p])),
    )


def annual_average(lang: str) -> bool:
    """`avg=1`: show multi-year totals as annual averages."""
    return state.url_flag(
        "avg", lambda key: st.toggle(t("annual_average", lang), key=key, help=t("annual_average_help", lang))
    )


def show_all(lang: str, n_cities: int, limit: int) -> bool:
    """`all=1`: a chart of many cities draws every one of them, not only the `limit` with the
    largest values. The toggle appears only when there are more than `limit` cities to draw;
    otherwise the link's value is kept (and used again once more cities are chosen)."""
    if n_cities <= limit:
        return state.url_flag("all", lambda key: bool(st.session_state.get(key)))
    return state.url_flag(
        "all", lambda key: st.toggle(t("show_all_cities", lang, n=n_cities), key=key,
                                     help=t("show_all_cities_help", lang)))
