"""Compare cities: one indicator, several cities, a plan period and a value kind."""

from __future__ import annotations

import streamlit as st

from analytics import compare, dimensions, labels, scorecard, verdicts
from analytics.schema import VALUE_KINDS
from ui import charts, chrome, pickers, state
from ui.components import (
    chart_area,
    chart_block,
    compare_table,
    empty_states,
    file_stem,
    filters,
    first_screen,
    headline,
    show_table,
    stop_if_no_indicators,
)
from ui.data import database
from ui.i18n import t
from ui.text import md_literal

ctx = chrome.context()
lang = ctx.lang
db = database(lang)

cities = dimensions.cities(db)
city_names = dimensions.city_names(db, lang)
period_names = {**dimensions.plan_period_names(db, lang),
                pickers.OUTSIDE_PLANS: dimensions.plan_period_name(db, None, lang)}
kinds = [kind for kind in VALUE_KINDS if kind != "reported_completion_pct"]
views = ["absolute", "relative"]

stop_if_no_indicators(compare.indicator_choices(db, limit=1)[0], t("page_compare", lang), lang)
top = first_screen(ctx)
with filters(ctx):
    left, middle, right = st.columns([3, 2, 2])
    with left:
        indicator_id = pickers.indicator(db, lang)
        chosen_cities = pickers.cities(city_names, compare.default_cities(db, indicator_id), lang, db=db)
    with middle:
        period = pickers.plan_period(period_names, scorecard.default_period(db), lang)
        kind = state.url_widget(
            "kind", kinds, "target",
            lambda key: st.radio(t("value_kind", lang), kinds, key=key, horizontal=True,
                                 format_func=lambda k: labels.label("value_kind", k, lang)),
        )
    with right:
        view = state.url_widget(
            "view", views, "absolute",
            lambda key: st.radio(t("view", lang), views, key=key, format_func=lambda v: t(f"view_{v}", lang)),
        )
        annual_average = pickers.annual_average(lang)

plan_period = None if period == pickers.OUTSIDE_PLANS else period
result = compare.compare_cities(db, indicator_id, chosen_cities, plan_period, kind, annual_average,
                                lang=lang)
indicator = result.indicator
unit = labels.label("unit", indicator["unit"], lang)
sentence = t("compare_title", lang, indicator=indicator[f"name_{lang}"], kind=labels.label("value_kind", kind, lang),
             period=period_names[period])
verdict = verdicts.compare_verdict(db, result, lang) if not result.rows.empty else None
headline(t("page_compare", lang), verdict, top, chart=sentence if ctx.present else None,
         brief=verdicts.compare_verdict(db, result, lang, brief=True) if verdict and ctx.present else None)

rows = result.rows
if view == "relative":
    shown = rows.assign(display_value=rows["change_from_baseline_pct"], comparator="=")
    y_label = t("change_from_baseline_axis", lang)
else:
    shown = rows
    y_label = unit + (f" ({t('annual_average_short', lang)})" if annual_average else "")

# Many cities: the chart draws those with the largest values; the rest on request (all=1).
chart_slot, controls = chart_area(ctx, top), st.container()
ranked = compare.rank_cities(shown)
with controls:
    every = pickers.show_all(lang, len(ranked), compare.TOP_CITIES)
drawn, hidden = compare.top_cities(shown, None if every else compare.TOP_CITIES)
if drawn:
    with chart_slot:
        # Presenter mode: the sentence is on the page already (headline), the chart does not repeat it.
        figure = charts.compare_chart(shown[shown["city_id"].isin(drawn)], cities, "" if ctx.present else sentence,
                                      y_label, lang, ctx.present, order=drawn)
        charted = rows[rows["city_id"].isin(drawn)]
        chart_block(figure, charted, ctx=ctx, documents=dimensions.documents_cited(db, charted),
                    stem=file_stem("compare", lang), key="compare")
        if hidden:
            st.caption(t("top_cities_caption", lang, total=len(ranked), shown=len(drawn), hidden=len(hidden)))
empty_states(result.rows, result.city_ids, city_names, kind, lang, relative=view == "relative")

if not ctx.present:
    for note in result.notes:
        st.caption(f":material/info: {md_literal(note)}")
    if not rows.empty:
        show_table(compare_table(rows, city_names, lang))
