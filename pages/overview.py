"""Overview: headline figures for the chosen cities (a few by default), every city summed up by
province, where the data is (coverage), what is in here."""

from __future__ import annotations

import streamlit as st

from analytics import compare, coverage, dimensions, labels, scorecard
from ui import charts, chrome, pickers
from ui.components import (
    PRESENT_SOURCES,
    chart_area,
    chart_block,
    documents_footnote,
    file_stem,
    filters,
    first_screen,
    headline,
    show_table,
)
from ui.data import database
from ui.i18n import t, t_md
from ui.text import html_literal, md_literal

CARDS_PER_ROW = 4  # headline cards side by side; more cities wrap onto further rows
PROVINCE_TABLE_ROWS = 12  # the province table scrolls beyond this many rows

ctx = chrome.context()
lang = ctx.lang
db = database(lang)

# The subtitle names what the data holds: its cities (a count when they are many) and plan periods.
city_names = list(dimensions.city_names(db, lang).values())
periods = list(dimensions.plan_period_names(db, lang).values())
top = first_screen(ctx)
if ctx.present:  # the coverage matrix leads: its sentence is the page's title, the chart under it
    headline(t("app_title", lang), None, top, chart=t("coverage_title", lang))
else:
    top.title(t("app_title", lang))
    top.markdown(t_md(
        "app_subtitle", lang,
        cities=" · ".join(city_names) if len(city_names) <= CARDS_PER_ROW else t("n_cities", lang, n=len(city_names)),
        periods=periods[0] if len(periods) == 1 else t("period_range", lang, first=periods[0], last=periods[-1])))

# The cards and the matrix show the chosen cities (a link's `city=` exactly); every city is in
# the province table below.
with filters(ctx):
    chosen = pickers.cities(dimensions.city_names(db, lang), coverage.default_cities(db), lang, db=db)
    if len(city_names) > dimensions.DEFAULT_CITY_COUNT:
        st.caption(t("overview_cities_help", lang))
headlines = coverage.headline_figures(db, lang, city_ids=chosen)
summary = scorecard.scorecard_summary(db, wide=True, city_ids=chosen)
cards = headlines.to_dict("records")
# Presenter mode: the first cities' cards (as the matrix's rows), the others counted.
hidden_cards = len(cards) - compare.TOP_CITIES if ctx.present else 0
cards = cards[:compare.TOP_CITIES] if hidden_cards > 0 else cards
# Rows of at most CARDS_PER_ROW cards (of equal width), so that any number of cities stays readable.
width = max(1, min(len(cards), CARDS_PER_ROW))
slots = [column for _ in range(0, len(cards), width) for column in st.columns(width)]
for column, city in zip(slots[:len(cards)], cards, strict=True):
    with column.container(border=True):
        # The colour is checked as #RRGGBB when the data is loaded; the names are escaped.
        st.markdown(f"<h3 style='color:{city['color']};margin:0'>{html_literal(city['city'])} "
                    f"<small style='color:#555'>{html_literal(city['province'])}</small></h3>",
                    unsafe_allow_html=True)
        st.caption(md_literal(city["plan_periods_label"] or "—"))
        left, right = st.columns(2)
        left.metric(t("metric_indicators", lang), city["n_indicators"])
        right.metric(t("metric_targets", lang), city["n_targets"])
        if not labels.is_missing(city["latest_text"]):
            # A single year when the city has one, else a total named as such with its annual
            # average (coverage.headline_figures), never a bare total beside a single year.
            unit = labels.label("unit", city["latest_unit"], lang)
            st.metric(t_md("metric_latest_jobs_unit", lang, unit=unit, span=city["latest_when"]), city["latest_text"])
            if city["latest_basis"] == "total":
                st.caption(t_md("card_annual_average", lang, value=city["latest_annual_average_text"], unit=unit))
            where = labels.format_where(city["latest_source_file"], city["latest_source_line"],
                                        city.get("latest_source_locator"))
            raw = labels.marked(city["latest_raw"], city["latest_reading"], lang)  # ◇ when read by machine
            st.caption(md_literal(f"{t('hover_raw', lang)}: {raw} · {where}"))
        for plan in summary[summary["city_id"] == city["city_id"]].to_dict("records"):
            period = dimensions.plan_period_name(db, plan["plan_period"], lang)
            st.markdown(t_md("overview_scorecard_line", lang, period=period, met=plan["met"], total=plan["total"],
                          decided=plan["met"] + plan["not_met"], no_actual=plan["no_actual"]))

if hidden_cards > 0:
    st.caption(t("more_cities", lang, n=hidden_cards))
coverage_rows = coverage.coverage(db, chosen)
if coverage_rows.empty:
    st.info(t("no_observations", lang), icon=":material/database_off:")
shown_cities = coverage.cities(db, chosen)
if ctx.present and len(shown_cities) > compare.TOP_CITIES:
    # Presenter mode: the first screen holds the first cities' rows and the total of all.
    shown_cities = shown_cities.head(compare.TOP_CITIES)
    coverage_rows = coverage_rows[coverage_rows["city_id"].isin(set(shown_cities["city_id"]))]
# All cities together as one more group when the chosen ones are not all of them.
total = coverage.coverage_total(db) if len(shown_cities) < len(city_names) else None
figure = charts.coverage_matrix(coverage_rows, shown_cities, dimensions.categories(db), dimensions.plan_periods(db),
                                lang, ctx.present, total=total,
                                total_label=t("coverage_all_cities", lang, n=len(city_names)))
documents = coverage.documents(db, chosen)  # the chosen cities' (the total's are on the Sources page)
with chart_area(ctx, top):
    chart_block(figure, coverage_rows, ctx=ctx, documents=documents, stem=file_stem("coverage", lang),
                key="coverage", footnote=documents_footnote(documents, lang, PRESENT_SOURCES if ctx.present else None))
if total is not None:
    st.caption(t("coverage_caption_total", lang))
if not ctx.present and not coverage_rows.empty:  # the matrix's text alternative
    with st.expander(t("coverage_as_table", lang), icon=":material/table_rows:"):
        show_table(coverage.coverage_table(coverage_rows, shown_cities, dimensions.categories(db),
                                           dimensions.plan_periods(db), lang, total=total,
                                           total_label=t("coverage_all_cities", lang, n=len(city_names))))

# Every city, summed up by province: the page's text view of all of them.
provinces = coverage.province_summary(db, lang)
if not provinces.empty:
    st.subheader(t("province_heading", lang))
    st.caption(t_md("province_caption", lang, provinces=len(provinces), cities=int(provinces["n_cities"].sum()),
                    documents=int(provinces["n_documents"].sum()), values=int(provinces["n_values"].sum())))
    columns = ["province", "n_cities", "n_cities_with_values", "n_documents", "n_indicators", "n_values",
               "n_targets", "n_actuals", "plan_periods_label"]
    table = provinces[columns].rename(columns={"plan_periods_label": "plan_periods"})
    table = table.rename(columns=lambda c: t(f"col_{c}", lang))
    show_table(table, height="auto" if len(table) <= PROVINCE_TABLE_ROWS else 38 + 35 * PROVINCE_TABLE_ROWS)

if not ctx.present:
    st.subheader(t("whats_here", lang))
    st.markdown(t("whats_here_text", lang))
    links = st.columns(6)
    for column, (page, label) in zip(links, [
        ("pages/compare.py", "page_compare"), ("pages/scorecard.py", "page_scorecard"),
        ("pages/trends.py", "page_trends"), ("pages/ambition.py", "page_ambition"),
        ("pages/explorer.py", "page_explorer"), ("pages/sources.py", "page_sources"),
    ], strict=True):
        column.page_link(page, label=t(label, lang), icon=":material/arrow_forward:",
                         query_params={"lang": lang})
