"""Data explorer: every filter, the matching rows with provenance, and downloads of exactly them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import dimensions, explorer, labels
from ui import chrome, downloads, pickers, state
from ui.components import file_stem, filters, headline, observations_table, show_table
from ui.data import database
from ui.i18n import t

ctx = chrome.context()
lang = ctx.lang
db = database(lang)
options = explorer.filter_options(db)
indicator_names = dimensions.indicator_names(db, lang)
city_names = dimensions.city_names(db, lang)
period_names = {**dimensions.plan_period_names(db, lang), explorer.NONE: t("outside_plans", lang)}
category_names = {category: names[labels.LANGS.index(lang)]
                  for category, names in dimensions.category_names(db).items()}


def attribute_name(value: str) -> str:
    return t("no_attribute", lang) if value == explorer.NONE else labels.label("attribute", value, lang)


def multi(name: str, choices: list[str], label_key: str, format_func, column):
    return state.url_widget(
        name, choices, [],
        lambda key: column.multiselect(t(label_key, lang), choices, key=key, format_func=format_func,
                                       placeholder=t("all", lang)),
        multiple=True,
    )


headline(t("page_explorer", lang), None)
with filters(ctx):
    row1 = st.columns(4)
    # Empty means every city; beyond pickers.CITY_OPTIONS cities a search picks which it lists.
    city_ids = pickers.city_filter(db, city_names, list(options["city_ids"]), "city", t("cities", lang), lang,
                                   row1[0])
    districts = multi("district", options["districts"], "districts", str, row1[1])
    plan_periods = multi("period", options["plan_periods"], "plan_period", period_names.__getitem__, row1[2])
    value_kinds = multi("kind", options["value_kinds"], "value_kind",
                        lambda k: labels.label("value_kind", k, lang), row1[3])
    row2 = st.columns(4)
    categories = multi("category", options["categories"], "category", category_names.__getitem__, row2[0])
    indicator_ids = multi("indicator", options["indicator_ids"], "indicator",
                          indicator_names.__getitem__, row2[1])
    attributes = multi("attribute", options["attributes"], "attribute", attribute_name, row2[2])
    # A slider needs two different years: no values, or values of one year only, get no slider.
    has_years = not pd.isna(options["year_min"]) and options["year_min"] < options["year_max"]
    bounds = (int(options["year_min"]), int(options["year_max"])) if has_years else (0, 0)
    years = state.url_years(
        "years", bounds, lambda key: row2[3].slider(t("years", lang), bounds[0], bounds[1], key=key)
    ) if has_years else bounds
    text = state.url_text("q", lambda key: st.text_input(t("search", lang), key=key,
                                                         placeholder=t("search_placeholder", lang), max_chars=100))

selection = explorer.ExplorerFilter(
    city_ids=city_ids, districts=districts, plan_periods=plan_periods, categories=categories,
    indicator_ids=indicator_ids, value_kinds=value_kinds, attributes=attributes,
    year_min=years[0] if years != bounds else None, year_max=years[1] if years != bounds else None, text=text,
)
n_rows = explorer.count_observations(db, selection)
# Other filters, other rows: back to the first page (a link's own page is kept on arrival).
previous = st.session_state.get("_explorer_selection")
st.session_state["_explorer_selection"] = repr(selection)
size = explorer.PAGE_SIZE
pages = max(1, -(-n_rows // size))

count_line, page_picker = st.columns([3, 1], vertical_alignment="bottom")
page = state.url_page("page", pages, lambda key: page_picker.number_input(
    t("table_page", lang, pages=f"{pages:,}", size=size), min_value=1, max_value=pages, step=1, key=key),
    restart=previous is not None and previous != repr(selection))
rows = explorer.filter_observations(db, selection, limit=size, offset=(page - 1) * size)
first, last = (page - 1) * size + 1, (page - 1) * size + len(rows)
count_line.markdown(t("row_count_shown", lang, n=f"{n_rows:,}", first=f"{first:,}", last=f"{last:,}") if len(rows)
                    else t("row_count", lang, n=f"{n_rows:,}"))

stem = file_stem("observations", lang)
# Every matching row (not the page on screen), written on the server in bounded memory when asked for:
# CSV and Parquet by DuckDB, the XLSX streamed from it; a large file is prepared with a progress bar first.
downloads.explorer_downloads(db, selection, lang, n_rows, stem)

if n_rows == 0:
    no_data = pd.isna(options["year_min"])  # no observations at all, not just none matching
    st.info(t("no_observations" if no_data else "explorer_empty", lang), icon=":material/filter_alt_off:")
else:
    show_table(observations_table(rows, db, lang), height=560)
