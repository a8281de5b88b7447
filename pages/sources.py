"""Sources & method: the documents every number comes from."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from analytics import dimensions, labels, source_coverage, source_documents
from ui import chrome, pickers, state
from ui.components import MISSING, show_table
from ui.data import database, document_lines, read_original
from ui.i18n import STRINGS, t, t_md
from ui.text import md_literal

QUALITY_NOTES_SHOWN = 500  # rows of the quality-notes table; the caption gives the whole count
CATALOGUE_ROWS_SHOWN = 500  # indicators listed; the search reaches any other
SOURCE_ROWS_SHOWN = 500  # source coverage: documents and figures listed; the captions give the whole counts

ctx = chrome.context()
db = database(ctx.lang)
lang = ctx.lang

st.title(t("sources_title", lang))
st.write(t("sources_intro", lang))

st.subheader(t("documents", lang))
# Any number of documents: filters (city, province, kind, plan period) and one page of the list, all in the
# link under names of their own (doc_city …: a city chosen on another page does not filter the documents).
all_docs = source_documents.with_provinces(db)
city_names = dimensions.city_names(db, lang)
choices = source_documents.options(all_docs)
provinces = all_docs.drop_duplicates("province_zh", keep="last")  # a few, not a row per document
province_names = dict(zip(provinces["province_zh"], provinces[f"province_{lang}"], strict=True))
period_names = {**dimensions.plan_period_names(db, lang), source_documents.NO_PERIOD: t("documents_no_period", lang)}


def kind_name(kind: str) -> str:
    return t(f"kind_{kind}", lang) if f"kind_{kind}" in STRINGS else kind


def doc_filter(column, name: str, options: list[str], label: str, format_func) -> list[str]:
    return state.url_widget(name, options, [], lambda key: column.multiselect(
        label, options, key=key, format_func=lambda v: md_literal(format_func(v)), placeholder=t("all", lang)),
        multiple=True)


columns = st.columns(4)
selection = source_documents.DocumentFilter(
    city_ids=pickers.city_filter(db, city_names, list(choices["city_ids"]), "doc_city", t("cities", lang), lang,
                                 columns[0], lambda v: md_literal(city_names[v])),
    provinces=doc_filter(columns[1], "province", choices["provinces"], t("col_province", lang),
                         lambda p: province_names.get(p) or p),
    kinds=doc_filter(columns[2], "doc_kind", choices["kinds"], t("documents_kind", lang), kind_name),
    plan_periods=doc_filter(columns[3], "doc_period", choices["plan_periods"], t("plan_period", lang),
                            lambda p: period_names.get(p, p)),
)
docs = source_documents.filter_documents(all_docs, selection)
previous = st.session_state.get("_sources_selection")
st.session_state["_sources_selection"] = repr(selection)
pages = source_documents.page_count(len(docs))
count_line, page_picker = st.columns([3, 1], vertical_alignment="bottom")
page = state.url_page("doc_page", pages, lambda key: page_picker.number_input(
    t("table_page", lang, pages=f"{pages:,}", size=source_documents.PAGE_SIZE), min_value=1, max_value=pages,
    step=1, key=key), restart=previous is not None and previous != repr(selection))
shown_docs = source_documents.page_of(docs, page)
first = (page - 1) * source_documents.PAGE_SIZE + 1
count_line.markdown(t("documents_count_shown", lang, n=f"{len(docs):,}", first=f"{first:,}",
                      last=f"{first + len(shown_docs) - 1:,}") if pages > 1
                    else t("documents_count", lang, n=f"{len(docs):,}"))
filtered = len(docs) < len(all_docs)
if docs.empty:
    st.info(t("documents_none", lang), icon=":material/filter_alt_off:")
else:
    table = shown_docs.assign(
        city=shown_docs["city_id"].map(city_names),
        title=shown_docs[f"title_{lang}"],
        kind=shown_docs["kind"].map(kind_name),
        issuer=shown_docs[f"issuer_{lang}"],
        doc_number=shown_docs["doc_number"].fillna(t("not_stated", lang)),
        issued=shown_docs["issued"].fillna(t("not_stated", lang)),
        covers=shown_docs[f"covers_{lang}"],
    )
    # how each document's values were read (curated rule, table, machine) and how many figures none reads
    counts = source_coverage.document_readings(db, list(shown_docs["doc_id"])).set_index("doc_id")
    for name in source_coverage.READING_COUNTS:
        table[name] = shown_docs["doc_id"].map(counts[name]).fillna(0).astype("int64").to_numpy()
    table = table[["city", "title", "kind", "issuer", "doc_number", "issued", "covers", "source_file", "line_count",
                   *source_coverage.READING_COUNTS]]
    table.columns = [t(f"col_{name}", lang) for name in
                     ("city", "title", "kind", "issuer", "doc_number", "issued", "covers", "file", "lines",
                      "values_curated", "values_table", "values_machine", "figures_unread")]
    # st.table renders its cells as Markdown: text from the data files is escaped to show as written.
    st.table(table.map(lambda cell: md_literal(cell) if isinstance(cell, str) else MISSING
                       if labels.is_missing(cell) else cell).set_index(table.columns[0]))
if filtered:
    st.caption(t("documents_filtered_note", lang))

st.subheader(t("catalogue_heading", lang))
st.caption(t("catalogue_intro", lang))
search = st.text_input(t("search", lang), key="catalogue_search", placeholder=t("search_placeholder", lang))
found, n_found, unreviewed = dimensions.catalogue_page(db, search, CATALOGUE_ROWS_SHOWN)
if unreviewed:
    st.warning(t("unreviewed_note", lang, n=unreviewed), icon=":material/rate_review:")
st.caption(t("reviewed_help", lang))


def cities_text(city_ids: list[str], n_cities: int) -> str:
    """The first cities by name, then how many more (the catalogue names a sample of them)."""
    more = [t("more_cities", lang, n=n_cities - len(city_ids))] if n_cities > len(city_ids) else []
    return ", ".join([*(city_names[c] for c in city_ids), *more])


if n_found > CATALOGUE_ROWS_SHOWN:  # thousands of indicators: the first ones, and the search for the rest
    st.caption(t("catalogue_first", lang, shown=CATALOGUE_ROWS_SHOWN, n=f"{n_found:,}"))
catalogue_table = found.assign(
    reviewed=found["reviewed"].map(lambda ok: t("reviewed_yes" if ok else "reviewed_no", lang)),
    category=found[f"category_{lang}"],
    aliases_zh=found["aliases_zh"].map("、".join),
    direction=found["direction"].map(lambda d: labels.label("direction", d, lang)),
    unit=found["unit"].map(lambda u: labels.label("unit", u, lang)),
    cities=[cities_text(ids, n) for ids, n in zip(found["city_ids"], found["n_cities"], strict=True)],
)[["indicator_id", "reviewed", "name_zh", "name_en", "category", "unit", "direction", "cities", "aliases_zh",
   "definition_note"]]
show_table(
    catalogue_table.rename(columns=lambda c: t("col_cities", lang) if c == "cities" else labels.label("column", c,
                                                                                                      lang)),
    height=420,
    column_config={labels.label("column", "definition_note", lang): st.column_config.TextColumn(width="large")},
)

# source coverage: per document, the figures (a number followed by a unit) the dataset reads, and the unread ones
# with their lines, so a reader sees what the data does not contain (analytics/source_coverage.py). Placed between
# the catalogue and the method: the catalogue stays the page's first dataframe and the quality notes its last.
st.subheader(t("source_coverage_heading", lang))
doc_ids = list(docs["doc_id"]) if filtered else None  # None: every document
coverage_rows = source_coverage.document_coverage(db, doc_ids, total=True)
if docs.empty:  # nothing matches: no document's figures (an empty list would mean every document)
    coverage_rows = coverage_rows.iloc[0:0]
whole = coverage_rows.iloc[-1] if len(coverage_rows) else pd.Series(
    {"n_read": 0, "n_unread": 0, "n_excluded": 0, "n_figures": 0, "coverage_pct": float("nan")})
st.caption(t("source_coverage_intro", lang))
if int(whole["n_figures"]):
    st.write(t_md("source_coverage_total", lang, read=int(whole["n_read"]), n=int(whole["n_figures"]),
                  pct=labels.format_number(whole["coverage_pct"], 1), excluded=int(whole["n_excluded"])))
per_document = coverage_rows.iloc[:-1]
if len(per_document) > SOURCE_ROWS_SHOWN:
    st.caption(t("source_coverage_first", lang, shown=SOURCE_ROWS_SHOWN, n=len(per_document)))
per_document = per_document.head(SOURCE_ROWS_SHOWN)
show_table(pd.DataFrame({
    t("col_file", lang): per_document["source_file"],
    t("col_city", lang): per_document["city_id"].map(city_names),
    t("col_title", lang): per_document[f"title_{lang}"],
    t("col_figures_read", lang): per_document["n_read"].astype(str) + " / " + per_document["n_figures"].astype(str),
    t("col_coverage_pct", lang): per_document["coverage_pct"].map(
        lambda pct: MISSING if labels.is_missing(pct) else labels.format_number(pct, 1)),
    t("col_not_measurements", lang): per_document["n_excluded"],
}))
n_unread, n_excluded = int(whole["n_unread"]), int(whole["n_excluded"])
if n_unread or n_excluded:
    not_read = source_coverage.figures(db, ("unread", "excluded"), doc_ids,  # one query, bounded
                                       limit=SOURCE_ROWS_SHOWN)
    with st.expander(t("source_coverage_unread", lang, n=n_unread, excluded=n_excluded)):
        if n_unread + n_excluded > len(not_read):
            st.caption(t("source_coverage_first_figures", lang, shown=len(not_read)))
        show_table(pd.DataFrame({
            t("col_file", lang): not_read["source_file"],
            t("col_line", lang): not_read["source_line"],
            t("col_figure", lang): not_read["figure"],
            t("col_context", lang): not_read["context"].map(lambda text: " ".join(text.split())),
            t("col_figure_status", lang): not_read["status"].map(lambda s: source_coverage.status_label(s, lang)),
            t("col_reason", lang): not_read["reason"].fillna(""),
        }))

# Read a document: the original and the text the values cite by line (between the coverage and the method,
# so the catalogue stays the page's first table and the quality notes its last).
st.subheader(t("document_text_heading", lang))
st.caption(t("document_text_intro", lang))
# The documents listed on this page of the list (and the one being read while it still matches the filters):
# thousands of documents are never sent as options on every run; the filters and the page reach any of them.
offered = source_documents.offered(docs, shown_docs, st.session_state.get("document_text"))
titles = dict(zip(offered["source_file"], offered[f"title_{lang}"], strict=True))
picked = st.selectbox(t("document_text_pick", lang), list(titles), key="document_text",
                      format_func=lambda f: md_literal(f"{f} · {titles[f]}"), help=t("document_text_pick_help", lang))
picked_doc = offered[offered["source_file"] == picked].iloc[0].to_dict() if picked else None
found = read_original(picked, picked_doc["sha256"]) if picked_doc else None
if found is not None and found.content is None:
    st.info(t(f"document_original_{found.why}", lang), icon=":material/description:")
elif found is not None:
    st.download_button(t("document_original_download", lang), found.content,
                       file_name=picked_doc["doc_id"] + Path(picked).suffix.lower(),
                       icon=":material/download:", key="document_original")
    lines = document_lines(picked, picked_doc["sha256"])
    show_table(pd.DataFrame({t("col_line", lang): lines["line"], t("col_locator", lang): lines["locator"],
                             t("col_text", lang): lines["text"]}),
               height=360, column_config={t("col_text", lang): st.column_config.TextColumn(width="large")})

st.subheader(t("method_heading", lang))
st.markdown(t("method_text", lang))
st.markdown(t("status_rules", lang))

st.subheader(t("quality_heading", lang))
notes = dimensions.quality_notes(db, limit=QUALITY_NOTES_SHOWN)
n_notes = dimensions.quality_note_count(db)
indicator_names = dimensions.indicator_names(db, lang)
if notes.empty:
    st.info(t("quality_none", lang), icon=":material/check_circle:")
else:
    st.caption(t("quality_intro", lang, n=n_notes))
    if n_notes > len(notes):
        st.caption(t("quality_first", lang, shown=len(notes)))
    quality_table = notes.assign(
        bearing=notes["bearing"].map(lambda bearing: labels.label("bearing", bearing, lang)),  # the order they are in
        check=notes["check"].map(lambda check: labels.label("check", check, lang)),  # the check's name, not its code
        city=notes["city_id"].map(lambda c: city_names[c] if isinstance(c, str) else ""),
        indicator=notes["indicator_id"].map(indicator_names).fillna(""),
        message=notes[f"message_{lang}"],
    )[["bearing", "check", "city", "indicator", "message"]]
    show_table(quality_table.rename(columns=lambda c: t(f"col_{c}", lang)))
