"""The filter widgets several pages share, each bound to its URL name (see ui.state)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import labels
from ui import state
from ui.components import indicator_label
from ui.i18n import t
from ui.text import md_literal

DEFAULT_INDICATOR = "urban_new_jobs"
OUTSIDE_PLANS = "none"  # URL value for "outside any plan table" (e.g. the 2014-2015 pilot's targets)


def indicator(choices: pd.DataFrame, lang: str) -> str:
    """`indicator=ID`: grouped by category, indicators with data for two or more cities first."""
    ids = list(choices["indicator_id"])
    by_id = choices.set_index("indicator_id")
    return state.url_widget(
        "indicator", ids, DEFAULT_INDICATOR if DEFAULT_INDICATOR in ids else ids[0],
        lambda key: st.selectbox(t("indicator", lang), ids, key=key,
                                 format_func=lambda i: indicator_label(by_id.loc[i], lang)),
    )


def cities(city_ids: list[str], lang: str) -> list[str]:
    """`city=ID&city=ID`: several cities, all by default (an empty choice means all too)."""
    chosen = state.url_widget(
        "city", city_ids, city_ids,
        lambda key: st.multiselect(t("cities", lang), city_ids, key=key,
                                   format_func=lambda c: labels.label("city", c, lang)),
        multiple=True,
    )
    return chosen or city_ids


def plan_period(periods: list[str], lang: str, default: str = "13th") -> str:
    """`period=12th|13th|14th` (or `none` where offered): one plan period as a radio row."""
    return state.url_widget(
        "period", periods, default,
        lambda key: st.radio(t("plan_period", lang), periods, key=key, horizontal=True,  # radio options are Markdown
                             format_func=lambda p: md_literal(labels.label("plan_period",
                                                                           None if p == OUTSIDE_PLANS else p, lang))),
    )


def annual_average(lang: str) -> bool:
    """`avg=1`: show multi-year totals as annual averages."""
    return state.url_flag(
        "avg", lambda key: st.toggle(t("annual_average", lang), key=key, help=t("annual_average_help", lang))
    )
