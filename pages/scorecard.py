"""Targets vs achievements: a scorecard per city and plan period, and the cities side by side."""

from __future__ import annotations

import streamlit as st

from analytics import dimensions, labels, scorecard, verdicts
from ui import charts, chrome, pickers
from ui.components import (
    chart_area,
    chart_block,
    file_stem,
    filters,
    first_screen,
    headline,
    show_table,
    side_by_side_table,
    status_legend,
    status_table,
)
from ui.data import database
from ui.i18n import t, t_md
from ui.text import md_literal

ctx = chrome.context()
lang = ctx.lang
db = database(lang)

cities = dimensions.cities(db)
city_names = dimensions.city_names(db, lang)
period_names = dimensions.plan_period_names(db, lang)
status_names = {status: labels.label("status", status, lang) for status in scorecard.STATUSES}

top = first_screen(ctx)
with filters(ctx):
    left, right = st.columns(2)
    with right:  # first: the city a page starts with depends on the plan period
        period = pickers.plan_period(period_names, scorecard.default_period(db), lang)
    with left:
        city_id = pickers.city(city_names, scorecard.default_city(db, period), lang, db=db)
    peers = pickers.cities(city_names, scorecard.default_cities(db, period), lang, name="peer",
                           label_key="cities_side_by_side", db=db)

# The chosen city's card and its peers', each computed once.
cards = scorecard.period_scorecards(db, period, list(dict.fromkeys([city_id, *peers])))
card = cards[cards["city_id"] == city_id].reset_index(drop=True)
peer_cards = cards[cards["city_id"].isin(peers)].reset_index(drop=True)
city_name = city_names[city_id]
period_name = period_names[period]
title = t("scorecard_title", lang, city=city_name, period=period_name)

if card.empty:
    headline(t("page_scorecard", lang), None, top)
    st.info(t_md("scorecard_empty", lang, city=city_name, period=period_name), icon=":material/block:")
else:
    lead = card[card["indicator_id"] == "urban_new_jobs"]
    lead_row = (lead if not lead.empty else card).iloc[0].to_dict()
    counts = card["status"].value_counts()
    summary = t("scorecard_summary", lang, total=len(card), **{s: int(counts.get(s, 0)) for s in scorecard.STATUSES})
    # Presenter mode: the verdict is the title, the chart's sentence and the counts one line under it.
    headline(t("page_scorecard", lang), verdicts.scorecard_verdict(db, lead_row, city_id, period, lang), top,
             chart=f"{title} · {summary}" if ctx.present else None,
             brief=verdicts.scorecard_verdict(db, lead_row, city_id, period, lang, brief=True) if ctx.present else None)
    if not ctx.present:
        top.markdown(summary)
    charted = not scorecard.judged(card).empty
    if charted:
        # Presenter mode: the sentence is on the page already (headline), the chart does not repeat it.
        figure = charts.scorecard_chart(card, "" if ctx.present else title, status_names, lang, ctx.present)
        with chart_area(ctx, top):
            chart_block(figure, card, ctx=ctx, documents=dimensions.documents_cited(db, card),
                        stem=file_stem("scorecard", lang), key="scorecard")
    else:  # no target met or missed yet: a sentence, not empty axes
        st.info(t_md("scorecard_none_judged", lang, city=city_name, period=period_name, total=len(card)),
                icon=":material/hourglass_empty:")
    if not ctx.present or not charted:
        status_table(card, lang)

st.subheader(t_md("scorecard_cities_heading", lang, period=period_name))
shared = scorecard.shared_indicators(peer_cards)
if shared.empty:
    st.info(t_md("scorecard_no_shared", lang, period=period_name), icon=":material/compare_arrows:")
else:
    shared_charted = not scorecard.judged(shared).empty
    if shared_charted:
        side = charts.side_by_side_chart(shared, cities, t("scorecard_shared_title", lang, period=period_name),
                                         lang, ctx.present)
        chart_block(side, shared, ctx=ctx, documents=dimensions.documents_cited(db, shared),
                    stem=file_stem("side_by_side", lang), key="side_by_side")
    else:
        st.info(t_md("scorecard_shared_none_judged", lang), icon=":material/hourglass_empty:")
    if not ctx.present or not shared_charted:
        show_table(side_by_side_table(shared, cities, lang))
        st.caption(md_literal(status_legend(lang)))
period_rows = scorecard.status_counts(peer_cards)
if not period_rows.empty:
    mix = charts.status_mix_chart(period_rows, cities, status_names,
                                  t("scorecard_cities_title", lang, period=period_name), lang, ctx.present)
    chart_block(mix, period_rows, ctx=ctx, documents=dimensions.documents_cited(db, period_rows),
                stem=file_stem("status_mix", lang), key="status_mix",
                footnote=t("scorecard_cities_footnote", lang))
    if not ctx.present:  # the chart's text alternative
        show_table(scorecard.status_count_table(period_rows, city_names, status_names, lang))
