"""Sources & method: the documents every number comes from."""

from __future__ import annotations

import streamlit as st

from analytics import dimensions, labels
from ui import chrome
from ui.data import database
from ui.i18n import STRINGS, t
from ui.text import md_literal

QUALITY_NOTES_SHOWN = 500  # rows of the quality-notes table; the caption gives the whole count

ctx = chrome.context()
db = database(ctx.lang)
lang = ctx.lang

st.title(t("sources_title", lang))
st.write(t("sources_intro", lang))

st.subheader(t("documents", lang))
docs = dimensions.documents(db)
city_names = dimensions.city_names(db, lang)
table = docs.assign(
    city=docs["city_id"].map(city_names),
    title=docs[f"title_{lang}"],
    kind=docs["kind"].map(lambda kind: t(f"kind_{kind}", lang) if f"kind_{kind}" in STRINGS else kind),
    issuer=docs[f"issuer_{lang}"],
    doc_number=docs["doc_number"].fillna(t("not_stated", lang)),
    issued=docs["issued"].fillna(t("not_stated", lang)),
    covers=docs[f"covers_{lang}"],
)[["city", "title", "kind", "issuer", "doc_number", "issued", "covers", "source_file", "line_count"]]
table.columns = [t(f"col_{name}", lang) for name in
                 ("city", "title", "kind", "issuer", "doc_number", "issued", "covers", "file", "lines")]
# st.table renders its cells as Markdown: text from the data files is escaped to show as written.
st.table(table.map(lambda cell: md_literal(cell) if isinstance(cell, str) else cell).set_index(table.columns[0]))

st.subheader(t("catalogue_heading", lang))
st.caption(t("catalogue_intro", lang))
search = st.text_input(t("search", lang), key="catalogue_search", placeholder=t("search_placeholder", lang))
found = dimensions.search_indicators(db, search)
unreviewed = int((~found["reviewed"].astype(bool)).sum())
if unreviewed:
    st.warning(t("unreviewed_note", lang, n=unreviewed), icon=":material/rate_review:")
st.caption(t("reviewed_help", lang))


def cities_text(city_ids: list[str], n_cities: int) -> str:
    """The first cities by name, then how many more (the catalogue names a sample of them)."""
    more = [t("more_cities", lang, n=n_cities - len(city_ids))] if n_cities > len(city_ids) else []
    return ", ".join([*(city_names[c] for c in city_ids), *more])


catalogue_table = found.assign(
    reviewed=found["reviewed"].map(lambda ok: t("reviewed_yes" if ok else "reviewed_no", lang)),
    category=found[f"category_{lang}"],
    aliases_zh=found["aliases_zh"].map("、".join),
    direction=found["direction"].map(lambda d: labels.label("direction", d, lang)),
    unit=found["unit"].map(lambda u: labels.label("unit", u, lang)),
    cities=[cities_text(ids, n) for ids, n in zip(found["city_ids"], found["n_cities"], strict=True)],
)[["indicator_id", "reviewed", "name_zh", "name_en", "category", "unit", "direction", "cities", "aliases_zh",
   "definition_note"]]
st.dataframe(
    catalogue_table.rename(columns=lambda c: t("col_cities", lang) if c == "cities" else labels.label("column", c,
                                                                                                      lang)),
    hide_index=True, width="stretch", height=420,
    column_config={labels.label("column", "definition_note", lang): st.column_config.TextColumn(width="large")},
)

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
        city=notes["city_id"].map(lambda c: city_names[c] if isinstance(c, str) else ""),
        indicator=notes["indicator_id"].map(indicator_names).fillna(""),
        message=notes[f"message_{lang}"],
    )[["check", "city", "indicator", "message"]]
    st.dataframe(quality_table.rename(columns=lambda c: t(f"col_{c}", lang)), hide_index=True, width="stretch")
