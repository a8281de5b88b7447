"""Ambition: the pace each city's plan asks for, side by side on the indicators cities share."""

from __future__ import annotations

import streamlit as st

from analytics import compare, dimensions, exports, labels, pace
from ui import charts, chrome, pickers, state
from ui.components import (
    chart_area,
    chart_block,
    file_stem,
    filters,
    first_screen,
    headline,
    indicator_labels,
    memo_table,
    pace_table,
    show_table,
)
from ui.data import database
from ui.i18n import t, t_md

ctx = chrome.context()
lang = ctx.lang
db = database(lang)

cities = dimensions.cities(db)
names = dimensions.city_names(db, lang)
period_names = dimensions.plan_period_names(db, lang)

top = first_screen(ctx)
with filters(ctx):
    left, middle, right = st.columns([2, 3, 3])
    with left:
        period = pickers.plan_period(period_names, pace.default_period(db) or next(iter(period_names)), lang)
    with right:
        chosen = pickers.cities(names, pace.default_cities(db, period), lang, db=db)
    rows = pace.pace_cities(db, period, chosen, lang)
    shared = pace.shared_paces(rows)
    if not shared.empty:
        options = (shared.drop_duplicates("indicator_id")
                   .merge(dimensions.indicator_categories(db, shared["indicator_id"]), on="indicator_id", how="left"))
        indicator_names = indicator_labels(options, lang)
        with middle:
            indicator_id = state.url_widget(
                "indicator", list(options["indicator_id"]), options["indicator_id"].iloc[0],
                lambda key: st.selectbox(t("indicator", lang), list(options["indicator_id"]), key=key,
                                         format_func=indicator_names.__getitem__),
            )

period_name = period_names[period]
if shared.empty:
    headline(t("page_ambition", lang), None, top)
    st.info(t_md("ambition_none", lang, period=period_name), icon=":material/speed:")
else:
    ranked = pace.ambition(shared, indicator_id)
    first = ranked.iloc[0]
    title = t("ambition_title", lang, indicator=first[f"name_{lang}"], period=period_name)
    verdict = pace.ambition_verdict(ranked, lang, names, focus=next(iter(chosen), None))
    # Presenter mode's title names the leader and the laggard only (the whole verdict is under the chart).
    brief = pace.ambition_verdict(ranked, lang, names, focus=ranked["city_id"].iloc[0]) if ctx.present else None
    headline(t("page_ambition", lang), verdict, top, chart=title if ctx.present else None, brief=brief)
    axis = t("ambition_axis", lang, unit=labels.label("pace_unit", first["pace_unit"], lang))
    # In presenter mode the page title is this sentence already: the chart does not repeat it.
    # Presenter mode: the chart holds the most ambitious cities that fit one screen (the verdict
    # names the laggard); the table under it has them all.
    charted = ranked.head(compare.TOP_CITIES) if ctx.present else ranked
    figure = charts.ambition_chart(charted, cities, "" if ctx.present else title, axis, lang, ctx.present)
    sources = pace.for_spreadsheet(ranked).assign(source_file=ranked["target_source_file"],
                                                  source_line=ranked["target_source_line"])
    with chart_area(ctx, top):
        chart_block(figure, sources, ctx=ctx, documents=dimensions.documents_cited(db, sources),
                    stem=file_stem("ambition", lang), key="ambition")
    # Every chosen city the ranking leaves out, and why (cities with one reason on one line).
    by_reason: dict[str, list[str]] = {}
    for city_id, reason in pace.no_pace_reasons(db, period, indicator_id, chosen, rows, ranked, lang).items():
        by_reason.setdefault(reason, []).append(names[city_id])
    for reason, city_list in by_reason.items():
        st.caption(t_md("ambition_no_pace", lang, cities=labels.city_list(city_list, lang), reason=reason))
    extreme = pace.extreme_paces(ranked)
    if not extreme.empty:
        items = [f"{names[row['city_id']]} {labels.format_pace(row['pace'], row['pace_unit'], None, lang)} "
                 f"({labels.marked(row['base_raw'], row.get('base_reading'), lang)} → "
                 f"{labels.marked(row['target_raw'], row.get('target_reading'), lang)})"
                 for row in extreme.to_dict("records")]
        st.warning(t_md("ambition_extreme", lang, rule=pace.extreme_rule(first["pace_unit"], lang),
                        items=labels.city_list(items, lang)), icon=":material/warning:")
    show_table(pace_table(ranked, names, lang))

if not ctx.present:
    st.caption(t("ambition_help", lang))
    st.subheader(t_md("ambition_all_heading", lang, period=period_name))
    if not rows.empty:
        # Every pace of the chosen cities: formatted once per process for this period and these cities.
        show_table(memo_table(db, f"paces|{period}|{','.join(chosen)}", lang,
                              lambda: pace_table(rows, names, lang)), height=420)
        # Named by what they hold: every pace of the period and the chosen cities, not one indicator's.
        stem = file_stem("paces", lang, without=("indicator",))
        downloads = st.columns(3)
        downloads[0].download_button(
            t("download_csv", lang), data=lambda: exports.to_csv_bytes(pace.for_spreadsheet(rows), lang),
            file_name=f"{stem}.csv", mime="text/csv", on_click="ignore", icon=":material/download:",
            key="download_pace_csv")
        downloads[1].download_button(
            t("download_xlsx", lang), data=lambda: exports.to_xlsx_bytes(pace.for_spreadsheet(rows), lang, db),
            file_name=f"{stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
            icon=":material/table_view:", key="download_pace_xlsx")
        downloads[2].download_button(
            t("download_parquet", lang), data=lambda: exports.to_parquet_bytes(rows), file_name=f"{stem}.parquet",
            mime="application/vnd.apache.parquet", on_click="ignore", icon=":material/dataset:",
            key="download_pace_parquet")
