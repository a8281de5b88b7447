"""Streamlit snippets every page repeats: a chart with its source footnote and its rows as a
download, page headers that become full sentences in presenter mode, filter containers."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import dimensions, exports, labels
from analytics.db import Database, get_database
from analytics.notes import localised as localised_notes
from analytics.pace import span_label
from analytics.schema import MACHINE_READING
from ui import charts, chrome, share, state
from ui.charts import plotly_config
from ui.chrome import Context
from ui.i18n import t, t_md
from ui.text import html_literal, md_literal


def file_stem(item: str, lang: str, without: tuple[str, ...] = ()) -> str:
    """The download name of `item` (a short ASCII word: the page or the chart) under every filter
    the page has drawn so far, e.g. `compare_urban_new_jobs_14th_target_jiangmen-zhanjiang_en`
    (see ui.share.download_stem): two views never share a name. `without`: filters that do not
    narrow what the download holds (a table of every indicator is not named after one)."""
    values = {name: value for name, value in state.filter_values().items() if name not in without}
    return share.download_stem(item, values, lang)


# Presenter mode: a chart's footnote names this many documents and counts the others (any number
# of cities' documents leaves the chart its room on the first screen).
PRESENT_SOURCES = 2


def source_footnote(rows: pd.DataFrame, documents: pd.DataFrame, lang: str, limit: int | None = None) -> str:
    """'Source: <titles> (file:lines)' for the documents a chart's rows come from (the first
    `limit` of them and a count of the rest, when given)."""
    if rows.empty or "source_file" not in rows:
        return ""
    titles = documents.set_index("source_file")[f"title_{lang}"]
    parts = []
    for source_file, group in rows.groupby("source_file", sort=True):
        lines = sorted({int(line) for line in group["source_line"].dropna()})
        shown = ", ".join(str(line) for line in lines[:8]) + ("…" if len(lines) > 8 else "")
        places = sorted({p for p in group.get("source_locator", pd.Series(dtype=object)).dropna() if p})
        if places:  # a Word file, PDF or web page: where the lines are in the original too
            shown += " (" + ", ".join(places[:8]) + ("…" if len(places) > 8 else "") + ")"
        title = titles.get(source_file, source_file)
        word = t("lines_word" if len(lines) > 1 else "line_word", lang)  # "line 214", "lines 131, 214"
        parts.append(f"《{title}》 ({source_file}, {word} {shown})" if lang == "zh"
                     else f"{title} ({source_file}, {word} {shown})")
    machine = machine_footnote(rows, lang)
    machine = f" {machine}" if machine else ""
    if limit is not None and len(parts) > limit:
        return f"{t('source_prefix', lang)}: " + labels.city_list(parts, lang, limit) + machine
    return f"{t('source_prefix', lang)}: " + "; ".join(parts) + machine


def documents_footnote(documents: pd.DataFrame, lang: str, limit: int | None = None) -> str:
    """For charts drawn from the whole dataset: every document, by title (the first `limit` and a
    count of the rest, when given)."""
    titles = [f"《{title}》" if lang == "zh" else title for title in documents[f"title_{lang}"]]
    if limit is not None and len(titles) > limit:
        return f"{t('source_prefix', lang)}: " + labels.city_list(titles, lang, limit)
    return f"{t('source_prefix', lang)}: " + ("；" if lang == "zh" else "; ").join(titles)


def chart_block(fig: go.Figure, rows: pd.DataFrame, *, ctx: Context, documents: pd.DataFrame,
                stem: str, key: str, footnote: str | None = None) -> None:
    """The chart, the source footnote under it, and a download of exactly its rows beside the
    chart as PNG and SVG (all named `stem`)."""
    st.plotly_chart(fig, theme=None, config=plotly_config(stem), key=f"chart_{key}", width="stretch")
    footnote = footnote or source_footnote(rows, documents, ctx.lang, PRESENT_SOURCES if ctx.present else None)
    if footnote:
        st.markdown(f"<div class='source-footnote'>{html_literal(footnote)}</div>", unsafe_allow_html=True)
    if ctx.present:
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        if not rows.empty:
            st.download_button(
                t("download_chart_rows", ctx.lang),
                # Written when clicked (Streamlit calls it then), not on every run of the page.
                data=lambda rows=rows, lang=ctx.lang: exports.to_csv_bytes(_notes_for_reader(rows, lang), lang),
                file_name=f"{stem}.csv",
                mime="text/csv",
                on_click="ignore",
                icon=":material/download:",
                key=f"download_{key}",
                width="content",
            )
        share.image_buttons(f"chart_{key}", stem, ctx.lang, footnote)


def _notes_for_reader(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A chart's rows for its download, the notes worded for the reader (analytics.notes)."""
    if "note" not in rows or rows["note"].dropna().empty:
        return rows
    return rows.assign(note=localised_notes(rows["note"], get_database(), lang))


# Presenter layout (ui/chrome.PRESENTER_CSS styles these keys): the first screen of a page (its
# headline and first chart, as tall as the viewport), the chart's part of it, the filters' button.
PRESENT_SCREEN_KEY = "present_screen"
PRESENT_CHART_KEY = "present_chart"
PRESENT_FILTERS_KEY = "present_filters"
_PANEL_GENERATION = "_present_filters_generation"


def filters(ctx: Context) -> AbstractContextManager:
    """Filters sit in an expander, collapsed in presenter mode (the URL still holds their values),
    where it is a small button in the top right corner that opens over the page."""
    if ctx.present:
        return _filters_button(ctx.lang)
    return nullcontext()


@contextmanager
def _filters_button(lang: str):
    """The panel is drawn anew (closed) after any filter changed: the widgets' values at the start
    of this run against those the last run ended with (ui/chrome.share_view)."""
    seen = st.session_state.get(chrome.FILTERS_SEEN)
    if seen and chrome.filters_seen({name: st.session_state.get(name) for name in seen}) != seen:
        st.session_state[_PANEL_GENERATION] = st.session_state.get(_PANEL_GENERATION, 0) + 1
    panel = f"present_filters_panel_{st.session_state.get(_PANEL_GENERATION, 0)}"
    with st.container(key=PRESENT_FILTERS_KEY), st.expander(t("filters", lang), expanded=False,
                                                            icon=":material/tune:", key=panel):
        yield


def first_screen(ctx: Context):
    """The container at the top of a chart page for its headline (see `headline`) and, in
    presenter mode, its first chart (see `chart_area`): then it is exactly one screen tall and the
    chart takes the height the headline leaves (ui/chrome.PRESENTER_CSS)."""
    return st.container(key=PRESENT_SCREEN_KEY) if ctx.present else st.container()


def chart_area(ctx: Context, screen):
    """Where a page's first chart goes: in presenter mode into `screen` (from `first_screen`),
    under the headline (so: after `headline`); otherwise a container here, in the page's flow."""
    return screen.container(key=PRESENT_CHART_KEY) if ctx.present else st.container()


def headline(title: str, sentence: str | None, where=None, *, chart: str | None = None,
             brief: str | None = None) -> None:
    """Page title (Markdown: build it with `t_md`) and verdict sentence (plain text, shown as
    written), drawn into `where` (a container reserved at the top of the page, since both
    depend on filters drawn below it).

    Presenter mode (`chart`: the chart's sentence, plain text): the verdict is the page's title,
    and the chart's sentence the line under it (the title itself when there is no verdict); the
    chart then has no title of its own. `brief` (the verdict's short form), when given, is the
    title instead, and the whole verdict follows the first screen (under the chart)."""
    with where if where is not None else nullcontext():
        if chart is not None:
            # The title's length sets its size (at most two lines: ui/chrome.PRESENTER_CSS).
            shown = brief or sentence or chart
            ems = max(1.0, charts.text_ems(shown))
            st.html(f"<style>.st-key-present_screen h1 {{ --title-ems: {ems:.1f}; }}</style>")
            st.title(md_literal(shown), anchor=False)
            if sentence:
                st.markdown(f"<div class='chart-sentence'>{html_literal(chart)}</div>", unsafe_allow_html=True)
        else:
            st.title(title)
            if sentence:
                st.markdown(f"<div class='verdict'>{html_literal(sentence)}</div>", unsafe_allow_html=True)
    if chart is not None and brief and sentence:  # in the page's flow: after the first screen
        st.markdown(f"<div class='verdict'>{html_literal(sentence)}</div>", unsafe_allow_html=True)


def stop_if_no_indicators(choices: pd.DataFrame, title: str, lang: str) -> None:
    """A page about one indicator, when the data has none with values: say so and end the page."""
    if choices.empty:
        headline(title, None)
        st.info(t("no_observations", lang), icon=":material/database_off:")
        state.drop_unused_params()  # app.py's own call does not run after st.stop()
        st.stop()


def indicator_labels(choices: pd.DataFrame, lang: str) -> dict[str, str]:
    """indicator id -> picker label, built once per run (a selectbox formats every option on
    every run: with thousands of indicators a lookup per option is what the page costs)."""
    return {row["indicator_id"]: indicator_label(row, lang) for row in choices.to_dict("records")}


def indicator_label(row: pd.Series, lang: str) -> str:
    """Picker label: category (its name from the data), name, and a hint when only one city has data."""
    category = row[f"category_{lang}"]
    hint = "" if row.get("multi_city", True) else f" · {t('single_city', lang)}"
    return f"{category} · {row[f'name_{lang}']}{hint}"


def empty_states(rows: pd.DataFrame, city_ids: list[str], city_names: Mapping[str, str], value_kind: str, lang: str,
                 relative: bool = False) -> None:
    """Say why a city has no mark on the chart. Three different situations look different:
    no value of that kind in the sources ("no target set" / "not published"), a value the
    source states without a number (—), and a real zero (which is drawn, and named)."""
    for city_id in city_ids:
        city = city_names[city_id]
        city_rows = rows[rows["city_id"] == city_id]
        if city_rows.empty:
            key = "empty_no_target" if value_kind == "target" else "empty_not_published"
            st.info(t_md(key, lang, city=city), icon=":material/block:" if value_kind == "target"
                    else ":material/visibility_off:")
            continue
        for row in city_rows.to_dict("records"):
            if row["value"] is None or pd.isna(row["value"]):
                st.warning(t_md("empty_no_number", lang, city=city, year=row["year"], raw=row["raw_text"]),
                           icon=":material/remove:")
            elif row["value"] == 0:
                st.success(t_md("empty_real_zero", lang, city=city, year=row["year"], raw=row["raw_text"]),
                           icon=":material/exposure_zero:")
            elif relative and (row.get("change_from_baseline_pct") is None
                               or pd.isna(row.get("change_from_baseline_pct"))):
                st.info(t_md("empty_no_baseline", lang, city=city, year=row["year"]), icon=":material/compare_arrows:")


# ---- tables -------------------------------------------------------------------------------------
# On screen an empty cell reads "—" (Streamlit would print "None"); downloads keep it empty
# (analytics.exports). Measured numbers are text in the one format of analytics.labels
# (format_number: the verdicts' and chart labels' digits), right-aligned; years, lines and counts
# stay integers. A table names its number columns in `attrs[NUMBER_COLUMNS]` for show_table.
MISSING = "—"
NUMBER_COLUMNS = "number_columns"


def number_cells(values: pd.Series, format_one=labels.format_number) -> pd.Series:
    """Numbers as the dashboard writes them (each distinct value formatted once); none -> MISSING."""
    return _mapped_once(values, format_one, MISSING)


def _text_cells(values: pd.Series, missing: str = MISSING) -> pd.Series:
    """Text as written; none -> `missing` (never the word None)."""
    return values.astype(object).where(values.notna(), missing)


def _with_numbers(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    table.attrs[NUMBER_COLUMNS] = list(columns)
    return table


def show_table(table, **options) -> None:
    """st.dataframe with the dashboard's conventions: no index, full width, "—" for an empty cell,
    number columns (a DataFrame's attrs[NUMBER_COLUMNS]) right-aligned. `options` go to st.dataframe."""
    frame = table.data if hasattr(table, "data") and not isinstance(table, pd.DataFrame) else table
    config = {column: st.column_config.TextColumn(alignment="right")
              for column in frame.attrs.get(NUMBER_COLUMNS, []) if column in frame.columns}
    config.update(options.pop("column_config", None) or {})
    options = {"hide_index": True, "width": "stretch", **options}
    st.dataframe(table, placeholder=MISSING, column_config=config or None, **options)


def _marked_raw(card: pd.DataFrame, side: str, lang: str) -> pd.Series:
    """A scorecard's `target_raw` / `actual_raw`, a machine-read one followed by the machine mark (null stays null)."""
    if f"{side}_reading" not in card:
        return card[f"{side}_raw"]
    return pd.Series([raw if labels.is_missing(raw) else labels.marked(raw, reading, lang)
                      for raw, reading in zip(card[f"{side}_raw"], card[f"{side}_reading"], strict=True)],
                     index=card.index, dtype=object)


def reading_cells(rows: pd.DataFrame, lang: str) -> list[str]:
    """The read-by column of a table of values: `⚙ machine-read, not reviewed` for a machine-read value, empty
    for the others (a curated rule's or a table's)."""
    if "reading" not in rows:
        return [""] * len(rows)
    return [labels.reading_mark(reading, lang) for reading in rows["reading"]]


def machine_footnote(rows: pd.DataFrame, lang: str) -> str:
    """`⚙ machine-read, not reviewed: 2 of 5 values` under a chart whose rows hold machine-read values, else ""."""
    if rows.empty or "reading" not in rows:
        return ""
    machine = int((rows["reading"] == MACHINE_READING).sum())
    return t("machine_footnote", lang, mark=labels.reading_mark(MACHINE_READING, lang), n=machine, total=len(rows)) \
        if machine else ""


STATUS_MARKS = {"met": "✔", "not_met": "✖", "not_comparable": "◇", "no_actual": "○"}


def status_table(card: pd.DataFrame, lang: str) -> None:
    """The scorecard as a table: status in colour *and* words (never colour alone)."""
    table = pd.DataFrame({
        "indicator": card[f"name_{lang}"],
        "attribute": card["attribute"].map(lambda a: labels.label("attribute", a, lang) if isinstance(a, str) else ""),
        "target_raw": _text_cells(_marked_raw(card, "target", lang)),
        "actual_raw": _text_cells(_marked_raw(card, "actual", lang)),
        "status": [f"{STATUS_MARKS[s]} {labels.label('status', s, lang)}" for s in card["status"]],
        "ratio_pct": number_cells(card["ratio_pct"], labels.format_ratio),
        "reported_completion_pct": number_cells(card["reported_completion_pct"]),
        "reason_text": _text_cells(card[f"reason_{lang}"], ""),
        "source_file": labels.where_cells(card["source_file"], card["source_line"], card.get("source_locator")),
        "actual_source_file": labels.where_cells(card["actual_source_file"], card["actual_source_line"],
                                                 card.get("actual_source_locator"), MISSING),
    })
    colours = {f"{STATUS_MARKS[s]} {labels.label('status', s, lang)}": charts.STATUS_COLORS[s] for s in STATUS_MARKS}
    disagrees = list(card["completion_disagrees"].fillna(False))

    def style_status(value: str) -> str:
        colour = colours.get(value)
        return f"color: white; background-color: {colour}; font-weight: 600" if colour else ""

    def style_reported(column: pd.Series) -> list[str]:
        return ["background-color: #FDE0EF" if flag else "" for flag in disagrees]

    header = {column: labels.label("column", column, lang) for column in table.columns}
    header["source_file"] = t("target_source", lang)
    header["actual_source_file"] = t("actual_source", lang)
    shown = _with_numbers(table.rename(columns=header), [header["ratio_pct"], header["reported_completion_pct"]])
    # The styler's display values are what the grid shows: na_rep keeps any empty cell "—".
    styled = (shown.style
              .map(style_status, subset=[header["status"]])
              .apply(style_reported, subset=[header["reported_completion_pct"]])
              .format(na_rep=MISSING))
    show_table(styled)
    if any(disagrees):
        st.caption(f":material/warning: {t('completion_disagrees_note', lang)}")


def _mapped_once(series: pd.Series, name_of, missing: str = "") -> pd.Series:
    """`series` with each distinct value's name (`name_of` called once per distinct value, not
    per cell); nulls become `missing`."""
    names = {code: name_of(code) for code in series.dropna().unique()}
    return series.map(names).where(series.notna(), missing)


def observations_table(rows: pd.DataFrame, db: Database, lang: str) -> pd.DataFrame:
    """The explorer's on-screen table: names instead of codes, provenance kept, in reading order.
    (Downloads keep every column and code; see analytics.exports.) Names come from dicts built
    once (analytics.dimensions for cities and plan periods, labels once per distinct code)."""
    city_names = dimensions.city_names(db, lang)
    period_names = dimensions.plan_period_names(db, lang)
    outside = dimensions.plan_period_name(db, None, lang)

    def label_of(kind: str):
        return lambda code: labels.label(kind, code, lang)

    table = pd.DataFrame({
        "city": rows["city_id"].map(city_names),
        "district": rows["district"].fillna(""),
        "indicator": rows[f"name_{lang}"],
        "plan_period": _mapped_once(rows["plan_period"], period_names.__getitem__, outside),
        "year": rows["year"],
        "value_kind": _mapped_once(rows["value_kind"], label_of("value_kind")),
        "raw_text": _text_cells(rows["raw_text"]),
        "value": number_cells(rows["value"]),
        "unit": _mapped_once(rows["unit"], label_of("unit")),
        "comparator": _mapped_once(rows["comparator"], labels.symbol),
        "period": span_cells(rows, lang),
        "attribute": _mapped_once(rows["attribute"], label_of("attribute")),
        "source_file": rows["source_file"],
        "source_line": rows["source_line"],
        "source_table": rows["source_table"].fillna(""),
        "quote": _text_cells(rows["quote"], ""),
        "note": localised_notes(rows["note"], db, lang),  # findings in words, in the reader's language
        # how each value was read; a machine reading marked (⚙ and words) and with its confidence
        "reading": [labels.reading_mark(reading, lang) or labels.label("reading", reading, lang)
                    for reading in rows["reading"]],
        "confidence": number_cells(rows["confidence"]),
    })
    _with_locators(table, rows)
    header = {column: labels.label("column", column, lang) for column in table.columns}
    header["period"] = t("col_span", lang)
    return _with_numbers(table.rename(columns=header), [header["value"]])


def _with_locators(table: pd.DataFrame, rows: pd.DataFrame) -> None:
    """A column of where each line is in the original (p. 7) after the line numbers, when any row comes
    from a Word file, PDF or web page."""
    locators = rows.get("source_locator")
    if locators is not None and locators.notna().any():
        table.insert(table.columns.get_loc("source_line") + 1, "source_locator", locators.fillna("").to_numpy())


def span_cells(rows: pd.DataFrame, lang: str) -> pd.Series:
    """`2016–2020` (labels.format_span) for a multi-year total, "" for a single year."""
    cumulative = rows["is_cumulative"].fillna(False).astype(bool) & rows["period_start"].notna() \
        & rows["period_end"].notna()
    return pd.Series([labels.format_span(start, end, lang) if total else ""
                      for start, end, total in zip(rows["period_start"], rows["period_end"], cumulative, strict=True)],
                     index=rows.index, dtype=object)


def compare_table(rows: pd.DataFrame, city_names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The compare page's rows on screen: the value as written and as shown (the chart's digits),
    the span a total covers, the baseline and the change from it, provenance."""
    def word(code: str) -> str:
        return labels.label("comparator_word", code, lang)

    table = pd.DataFrame({
        "city": rows["city_id"].map(city_names),
        "year": rows["year"],
        "raw_text": _text_cells(rows["raw_text"]),
        "display_value": number_cells(rows["display_value"]),
        "comparator": _mapped_once(rows["comparator"], word),
        "period": span_cells(rows, lang),
        "attribute": _mapped_once(rows["attribute"], lambda code: labels.label("attribute", code, lang)),
        "baseline_raw": _text_cells(rows["baseline_raw"]),
        "change_from_baseline_pct": number_cells(rows["change_from_baseline_pct"]),
        "source_file": rows["source_file"],
        "source_line": rows["source_line"],
        "quote": _text_cells(rows["quote"], ""),
    })
    if any(reading_cells(rows, lang)):  # a machine-read value is marked in a column of its own
        table["read_mark"] = reading_cells(rows, lang)
    _with_locators(table, rows)
    header = {column: labels.label("column", column, lang) for column in table.columns}
    header["period"] = t("col_span", lang)
    return _with_numbers(table.rename(columns=header),
                         [header["display_value"], header["change_from_baseline_pct"]])


def side_by_side_table(shared: pd.DataFrame, cities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Indicator × city: status mark and word, achievement % and target → actual, as written
    (status_legend explains the marks under it)."""
    names = dict(zip(cities["city_id"], cities[f"name_{lang}"], strict=True))
    words = {status: labels.label("status", status, lang) for status in STATUS_MARKS}

    def cell(status: str, ratio_pct, target_raw, target_reading, actual_raw, actual_reading) -> str:
        ratio = "" if pd.isna(ratio_pct) else f" {labels.format_ratio(ratio_pct)}%"
        actual = labels.marked(actual_raw, actual_reading, lang) if isinstance(actual_raw, str) else MISSING
        target = labels.marked(target_raw, target_reading, lang) if isinstance(target_raw, str) else MISSING
        return f"{STATUS_MARKS[status]} {words[status]}{ratio} ({target} → {actual})"

    def column(name: str) -> pd.Series | list:
        return shared[name] if name in shared else [None] * len(shared)

    cells = [cell(*values) for values in zip(shared["status"], shared["ratio_pct"], shared["target_raw"],
                                             column("target_reading"), shared["actual_raw"],
                                             column("actual_reading"), strict=True)]  # not a Series per row
    table = shared.assign(cell=cells, city=shared["city_id"].map(names))
    wide = table.pivot_table(index=f"name_{lang}", columns="city", values="cell", aggfunc="first", sort=False)
    wide = wide.reindex(columns=[names[c] for c in cities["city_id"] if names[c] in wide.columns]).fillna("")
    wide.index.name = labels.label("column", "indicator", lang)
    return wide.reset_index()


def status_legend(lang: str) -> str:
    """The marks of the side-by-side table in words: `✔ met · ✖ not met · …` and what a cell holds."""
    items = " · ".join(f"{mark} {labels.label('status', status, lang)}" for status, mark in STATUS_MARKS.items())
    return t("status_legend", lang, items=items)


def memo_table(db: Database, key: str, lang: str, build) -> pd.DataFrame:
    """A table as shown, built once per process (Database.derived) for `key` — what determines its rows,
    such as the filters they come from — and `lang`, then copied for each run: a long table of the same
    view is not formatted row by row again for the next visitor."""
    return db.derived(f"table|{key}|{lang}", build).copy()


def pace_table(rows: pd.DataFrame, city_names: dict[str, str], lang: str) -> pd.DataFrame:
    """Pace rows on screen: city, indicator, baseline → target as written (with years or spans),
    the pace, the previous plan's pace, the milestone reading, the note and both sources."""
    def spans(side: str) -> list[str]:
        """`2020` or `2016–2020` (the years of a total, as the verdicts write them)."""
        columns = [f"{side}_year", f"{side}_period_start", f"{side}_period_end"]
        return [span_label(row, side, lang) for row in rows[columns].to_dict("records")]

    def as_written(side: str) -> list[str]:  # a machine-read value followed by the machine mark
        readings = rows[f"{side}_reading"] if f"{side}_reading" in rows else [None] * len(rows)
        return [f"{labels.marked(raw, reading, lang) if isinstance(raw, str) else MISSING} ({span})"
                for raw, span, reading in zip(rows[f"{side}_raw"], spans(side), readings, strict=True)]

    table = pd.DataFrame({
        "city": rows["city_id"].map(city_names),
        "indicator": rows[f"name_{lang}"],
        "base_raw": as_written("base"),
        "target_raw": as_written("target"),
        "pace_text": [_pace_words(p, u, b, a, d, lang) for p, u, b, a, d in zip(
            rows["pace"], rows["pace_unit"], rows["pace_bound"],
            rows["ambition"] if "ambition" in rows else [None] * len(rows), rows["direction"], strict=True)],
        "previous_pace": [labels.format_pace(p, u, None, lang) or MISSING
                          for p, u in zip(rows["previous_pace"], rows["pace_unit"], strict=True)],
        "milestone": [labels.label("milestone", m, lang) if isinstance(m, str) else ""
                      for m in rows["milestone"]],
        f"note_{lang}": rows[f"note_{lang}"].fillna(""),
        "base_source_file": labels.where_cells(rows["base_source_file"], rows["base_source_line"],
                                               rows.get("base_source_locator")),
        "target_source_file": labels.where_cells(rows["target_source_file"], rows["target_source_line"],
                                                 rows.get("target_source_locator")),
    })
    return table.rename(columns=lambda column: labels.label("column", column, lang))


def _pace_words(pace_value, unit, bound, ambition, direction, lang: str) -> str:
    """A pace as text; in a ranking (`ambition` given, pace.ambition) a pace against the
    indicator's direction says so: "plans a decline" (a rise, for a lower-is-better rate)."""
    text = labels.format_pace(pace_value, unit, bound, lang) or MISSING
    if ambition is None or pd.isna(ambition) or float(ambition) >= 0:
        return text
    word = t("ambition_against_lower" if direction == "lower_better" else "ambition_against", lang)
    return f"{text}（{word}）" if lang == "zh" else f"{text} ({word})"
