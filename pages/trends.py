"""Trends: an indicator over the years, across plan periods, for the chosen cities."""

from __future__ import annotations

import streamlit as st

from analytics import compare, dimensions, labels, trend, verdicts
from ui import charts, chrome, pickers
from ui.components import chart_area, chart_block, file_stem, filters, first_screen, headline, stop_if_no_indicators
from ui.data import database
from ui.i18n import t, t_md
from ui.text import md_literal
from ui.trend_table import trend_table

ctx = chrome.context()
lang = ctx.lang
db = database(lang)

cities = dimensions.cities(db)
city_names = dimensions.city_names(db, lang)
series_names = {series: labels.label("series", series, lang) for series in trend.SERIES}

stop_if_no_indicators(compare.indicator_choices(db, limit=1)[0], t("page_trends", lang), lang)
top = first_screen(ctx)
with filters(ctx):
    left, right = st.columns([3, 2])
    with left:
        indicator_id = pickers.indicator(db, lang)
    with right:
        chosen_cities = pickers.cities(city_names, compare.default_cities(db, indicator_id), lang, db=db)
        annual_average = pickers.annual_average(lang)

result = trend.trend(db, indicator_id, chosen_cities, annual_average=annual_average, lang=lang)
indicator = result.indicator
title = t("trend_title", lang, indicator=indicator[f"name_{lang}"])
verdict = verdicts.trend_verdict(db, result, lang, focus=next(iter(chosen_cities), None))
headline(t("page_trends", lang), verdict, top, chart=title if ctx.present else None,
         brief=verdicts.trend_verdict(db, result, lang, brief=True) if ctx.present else None)

# Many cities: the chart draws those with the largest values; the rest on request (all=1).
chart_slot, controls = chart_area(ctx, top), st.container()
ranked = compare.rank_cities(result.rows)
with controls:
    every = pickers.show_all(lang, len(ranked), compare.TOP_CITIES)
drawn, hidden = compare.top_cities(result.rows, None if every else compare.TOP_CITIES)
if result.rows.empty:
    st.info(t("trend_empty", lang), icon=":material/visibility_off:")
else:
    unit = labels.label("unit", indicator["unit"], lang)
    drawn_rows = result.rows[result.rows["city_id"].isin(drawn)]
    with chart_slot:
        # Presenter mode: the sentence is on the page already (headline), the chart does not repeat it.
        figure = charts.trend_chart(drawn_rows, result.spans, cities, series_names, "" if ctx.present else title,
                                    unit + (f" ({t('annual_average_short', lang)})" if annual_average else ""),
                                    lang, ctx.present)
        chart_block(figure, drawn_rows, ctx=ctx, documents=dimensions.documents_cited(db, drawn_rows),
                    stem=file_stem("trends", lang), key="trend")
        if hidden:
            st.caption(t("top_cities_trend_caption", lang, total=len(ranked), shown=len(drawn), hidden=len(hidden)))
        if not ctx.present:  # with the verdict, the chart's text alternative (presenter mode: no tables)
            st.caption(t("trend_table_caption", lang))
            st.dataframe(trend_table(drawn_rows, city_names, series_names, lang), hide_index=True, width="stretch")
    missing = [c for c in chosen_cities if c not in set(result.rows["city_id"])]
    for city_id in missing:
        st.info(t_md("empty_not_published", lang, city=city_names[city_id]),
                icon=":material/visibility_off:")
if not ctx.present:
    st.caption(t("trend_legend_help", lang))
    for note in result.notes:
        st.caption(f":material/info: {md_literal(note)}")
