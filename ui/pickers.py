"""The filter widgets several pages share, each bound to its URL name (see ui.state)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from ui import state
from ui.components import indicator_labels
from ui.i18n import t
from ui.text import md_literal

DEFAULT_INDICATOR = "urban_new_jobs"
OUTSIDE_PLANS = "none"  # URL value for "outside any plan table" (e.g. the 2014-2015 pilot's targets)


def indicator(choices: pd.DataFrame, lang: str) -> str:
    """`indicator=ID`: grouped by category, indicators with data for two or more cities first."""
    ids = list(choices["indicator_id"])
    names = indicator_labels(choices, lang)
    return state.url_widget(
        "indicator", ids, DEFAULT_INDICATOR if DEFAULT_INDICATOR in ids else ids[0],
        lambda key: st.selectbox(t("indicator", lang), ids, key=key, format_func=names.__getitem__),
    )


def cities(names: Mapping[str, str], default: list[str], lang: str, *, name: str = "city",
           label_key: str = "cities") -> list[str]:
    """`city=ID&city=ID`: several cities out of `names` (id -> name, display order), in a
    multiselect one can type into (it scales to hundreds of cities). It starts with `default`
    (a few cities with data, from analytics); a link naming cities selects exactly those, and
    an empty choice means the default again."""
    city_ids = list(names)
    chosen = state.url_widget(
        name, city_ids, default,
        # No "Select all" entry: it is English only, and the keyboard would pick it first.
        lambda key: st.multiselect(t(label_key, lang), city_ids, key=key, format_func=names.__getitem__,
                                   placeholder=t("choose_cities", lang), select_all=False),
        multiple=True,
    )
    return chosen or list(default)


def city(names: Mapping[str, str], default: str, lang: str) -> str:
    """`city=ID`: one city out of `names` (id -> name, display order), in a selectbox one can
    type into (it scales to hundreds of cities); `default` comes from analytics."""
    city_ids = list(names)
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
