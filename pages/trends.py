"""Trends: an indicator over the years, across plan periods, for the chosen cities."""

from __future__ import annotations

import streamlit as st

from analytics import compare, dimensions, labels, trend, verdicts
from ui import charts, chrome, state
from ui.components import chart_block, file_stem, filters, headline, indicator_label
from ui.data import database
from ui.i18n import t

ctx = chrome.context()
lang = ctx.lang
db = database(lang)

cities = dimensions.cities(db)
city_ids = list(cities["city_id"])
choices = compare.comparable_indicators(db)
indicator_ids = list(choices["indicator_id"])
by_id = choices.set_index("indicator_id")
series_names = {series: labels.label("series", series, lang) for series in trend.SERIES}

top = st.container()
with filters(ctx):
    left, right = st.columns([3, 2])
    with left:
        indicator_id = state.url_widget(
            "indicator", indicator_ids, "urban_new_jobs" if "urban_new_jobs" in indicator_ids else indicator_ids[0],
            lambda key: st.selectbox(t("indicator", lang), indicator_ids, key=key,
                                     format_func=lambda i: indicator_label(by_id.loc[i], lang)),
        )
    with right:
        chosen_cities = state.url_widget(
            "city", city_ids, city_ids,
            lambda key: st.multiselect(t("cities", lang), city_ids, key=key,
                                       format_func=lambda c: labels.label("city", c, lang)),
            multiple=True,
        )
        annual_average = state.url_flag(
            "avg", lambda key: st.toggle(t("annual_average", lang), key=key, help=t("annual_average_help", lang))
        )

result = trend.trend(db, indicator_id, chosen_cities or city_ids, annual_average=annual_average, lang=lang)
indicator = result.indicator
title = t("trend_title", lang, indicator=indicator[f"name_{lang}"])
headline(title if ctx.present else t("page_trends", lang), verdicts.trend_verdict(result, lang), top)

if result.rows.empty:
    st.info(t("trend_empty", lang), icon=":material/visibility_off:")
else:
    unit = labels.label("unit", indicator["unit"], lang)
    figure = charts.trend_chart(result.rows, result.spans, cities, series_names, title,
                                unit + (f" ({t('annual_average_short', lang)})" if annual_average else ""),
                                lang, ctx.present)
    chart_block(figure, result.rows, ctx=ctx, documents=dimensions.documents(db),
                stem=file_stem(indicator[f"name_{lang}"], t("page_trends", lang)), key="trend")
    missing = [c for c in (chosen_cities or city_ids) if c not in set(result.rows["city_id"])]
    for city_id in missing:
        st.info(t("empty_not_published", lang, city=labels.label("city", city_id, lang)),
                icon=":material/visibility_off:")
if not ctx.present:
    st.caption(t("trend_legend_help", lang))
    for note in result.notes:
        st.caption(f":material/info: {note}")
