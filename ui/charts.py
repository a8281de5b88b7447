"""Plotly figures for the pages. Plain functions of DataFrames (no Streamlit), so tests can
inspect the figures directly. Colours: a city keeps its own colour (cities.color, from the
data) everywhere, never one picked from a palette by position, so any number of cities works."""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics import labels
from ui.i18n import t
from ui.text import plot_frame, plot_literal

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
STATUS_COLORS = {"met": "#1B7837", "not_met": "#C51B7D", "not_comparable": "#8C8C8C", "no_actual": "#BDBDBD"}
STATUS_SYMBOLS = {"met": "circle", "not_met": "x", "not_comparable": "diamond-open", "no_actual": "circle-open"}
BOUND_MARKERS = {"<=": "triangle-down", "<": "triangle-down", ">=": "triangle-up", ">": "triangle-up", "~": "diamond"}
SERIES_DASH = {"actual": "solid", "target": "dash", "baseline": "dot"}


# ---- layout: what fits a 1280 px screen (presenter layout) ----------------------------------------
# Plotly never wraps a label and cannot know the screen, so labels are wrapped here for the
# narrowest chart a 1280 px screen gives (CHART_PX: beside the open sidebar; presenter mode has no
# sidebar), a character taking about CHAR_EM of the font size (a Chinese one twice that). Long
# category labels wrap at LABEL_SHARE of that width, titles and axis titles at most of it.
CHART_PX = {False: 820, True: 1200}
CHAR_EM = 0.55
LABEL_SHARE = {False: 0.33, True: 0.36}
# Presenter mode: the first chart of a page is as tall as the screen leaves it (CSS, ui/chrome.py),
# at least PRESENT_MIN_PLOT_PX of plot on a 1280×720 screen; its category labels shrink with the
# number of rows so that every row keeps its label (PRESENT_ROW_EM: a row's height in label sizes).
PRESENT_MIN_PLOT_PX = 360
PRESENT_ROW_EM = 1.3
PRESENT_WRAP_PX = 14
PRESENT_WIDE_SHARE = 0.6  # presenter mode: the share of the width whole names may take before one is cut
# A chart taller than this (a long scorecard) repeats its x axis above the plot.
TOP_AXIS_PX = 900
_WIDE_CHARS = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_WIDE = re.compile(f"[{_WIDE_CHARS}]")
# A token: a run of spaces, one wide character or curly quote, or a run of anything else (a word).
_QUOTES = "\u201c\u201d\u2018\u2019"
_TOKENS = re.compile(f"\\s+|[{_WIDE_CHARS}{_QUOTES}]|[^\\s{_WIDE_CHARS}{_QUOTES}]+")
_NO_LINE_START = set("，。、：；！？）》」』】”’,.:;!?)]}%·")
_NO_LINE_END = set("（《「『【“‘([{")


def _columns(text: str) -> int:
    """Width in columns: a Chinese (wide) character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" or _WIDE.match(ch) else 1 for ch in text)


def wrap_lines(text: object, columns: int) -> list[str]:
    """`text` on lines of at most about `columns` columns (see _columns): breaks at spaces, or
    between Chinese characters; punctuation stays with the character it belongs to. A word longer
    than a line keeps its own line. The lines are balanced: as many as `columns` needs, each as
    short as that many allow (no last line of one word). Memoised per process (the same indicator
    and city names are wrapped on every run of a page)."""
    return list(_wrapped(str(text), columns))


@functools.lru_cache(maxsize=16384)
def _wrapped(text: str, columns: int) -> tuple[str, ...]:
    words: list[list[str]] = []  # [text, space before]
    space = False
    for token in _TOKENS.findall(text):
        if token.isspace():
            space = bool(words)
            continue
        glue = words and not space and (token[0] in _NO_LINE_START or words[-1][0][-1] in _NO_LINE_END)
        if glue:
            words[-1][0] += token
        else:
            words.append([token, " " if space else ""])
        space = False

    def fill(width: int) -> list[str]:
        lines: list[str] = []
        for word, before in words:
            if lines and _columns(lines[-1] + before + word) <= width:
                lines[-1] += before + word
            else:
                lines.append(word)
        return lines

    lines = fill(columns)
    if len(lines) > 1:
        widest_word = min(columns, max(_columns(word) for word, _ in words))
        lines = next(fill(width) for width in range(widest_word, columns + 1) if len(fill(width)) <= len(lines))
    return tuple(lines or [""])


def wrap_plot_text(text: object, columns: int) -> str:
    """`text` as Plotly text (escaped, see ui.text.plot_literal) wrapped with <br> (see wrap_lines)."""
    return "<br>".join(plot_literal(line) for line in wrap_lines(text, columns))


def text_ems(text: str, narrow_em: float = 0.6) -> float:
    """About how wide `text` is in font sizes: a Chinese character 1 em, any other about
    `narrow_em` (bold Latin; a little over CHAR_EM). What a title's size is fitted with."""
    wide = len(_WIDE.findall(text))
    return wide + (len(text) - wide) * narrow_em


def fit_columns(share: float, present: bool, font_px: float) -> int:
    """How many columns of text at `font_px` fit `share` of the narrowest chart."""
    return max(8, int(CHART_PX[present] * share / (font_px * CHAR_EM)))


def _plot_names(cities: pd.DataFrame, city_ids, lang: str) -> dict[str, str]:
    """city_id -> name in `lang` as Plotly text (escaped), for the cities of `city_ids` only: a chart
    escapes the names it draws, not every city's."""
    drawn = cities[cities["city_id"].isin(set(city_ids))]
    return {city_id: plot_literal(name) for city_id, name in zip(drawn["city_id"], drawn[f"name_{lang}"], strict=True)}


def category_labels(names, present: bool, font_px: float) -> list[str]:
    """Category axis labels (raw text): wrapped at LABEL_SHARE of the chart width, escaped."""
    columns = fit_columns(LABEL_SHARE[present], present, font_px)
    return [wrap_plot_text(name, columns) for name in names]


def shorten_plot_text(text: object, columns: int) -> str:
    """`text` as Plotly text (escaped) on one line of about `columns` columns: the first line
    `wrap_lines` gives, with "…" when it cut anything (the hover has the whole text)."""
    lines = wrap_lines(text, columns - 1)
    return plot_literal(lines[0]) + ("…" if len(lines) > 1 else "")


def present_label_px(rows: int, lines: int = 1) -> int:
    """Presenter mode: the category label size at which `rows` rows of `lines` lines fit the plot
    a 1280×720 screen leaves (between 12 and 20 px)."""
    return int(max(12, min(20, PRESENT_MIN_PLOT_PX / (max(rows, 1) * max(lines, 1) * PRESENT_ROW_EM))))


AXIS_TITLE_PX = {False: 14, True: 17}
LINE_EM = 1.3  # plotly's line spacing


def title_pad(title_px: int, lines: int = 1) -> int:
    """Room above a title: plotly sets its top at the cap height, and Chinese glyphs rise above it;
    a title of several lines it lifts by about 0.7 of a line more."""
    return math.ceil(title_px * 0.5) + 4 + (math.ceil(title_px * 0.7) if lines > 1 else 0)


def title_margin(lines: int, title_px: int) -> int:
    """The top margin a title of `lines` lines needs (16 px without a title)."""
    return title_pad(title_px) + math.ceil(lines * title_px * LINE_EM) + 6 if lines else 16
LEGEND_PX = {False: 14, True: 17}


def base_layout(fig: go.Figure, title: str, present: bool, height: int | None = None) -> go.Figure:
    """Fonts, the title and the legend. The title is wrapped, at the top of the figure, and the
    top margin is its lines' height (plotly's title automargin would lift a wrapped title out of
    a container-anchored figure). The legend is at the bottom of the figure under the x axis
    title, where no chart draws anything (it reserves its own height). An empty title
    (presenter mode: the page's title says it) takes no room."""
    size = 20 if present else 14
    title_px = size + 6
    text = wrap_plot_text(title, fit_columns(0.95, present, title_px)) if title else ""
    lines = text.count("<br>") + 1 if text else 0
    fig.update_layout(
        title={"text": text, "font": {"size": title_px}, "x": 0, "xanchor": "left", "xref": "container",
               "y": 1, "yanchor": "top", "yref": "container", "pad": {"l": 10, "t": title_pad(title_px, lines)}},
        font={"family": FONT_FAMILY, "size": size},
        template="plotly_white",
        height=height or (620 if present else 460),
        margin={"l": 10, "r": 10, "t": title_margin(lines, title_px), "b": 10, "autoexpand": True},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "xref": "container",
                "y": 0, "yanchor": "bottom", "yref": "container", "font": {"size": LEGEND_PX[present]}},
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    fig.update_xaxes(title_font_size=AXIS_TITLE_PX[present])
    fig.update_yaxes(title_font_size=AXIS_TITLE_PX[present])
    return fig


def _row_labels(names: pd.Series, present: bool) -> tuple[list[str], int]:
    """Category labels of a chart with a row per name, and their size in px.
    Long names wrap (the chart grows with its rows). Presenter mode, where the chart is as tall as
    the screen leaves: the label size that lets every row fit (present_label_px); labels wrap onto
    two lines while that keeps them at PRESENT_WRAP_PX or more, else they are shortened to one."""
    if not present:
        return category_labels(names, False, 14), 14
    rows = names.nunique()
    px = present_label_px(rows)
    labels_text = category_labels(names, True, px)
    if all("<br>" not in text for text in labels_text):
        return labels_text, px
    if present_label_px(rows, 2) >= PRESENT_WRAP_PX:
        px = present_label_px(rows, 2)
        return [wrap_plot_text(name, fit_columns(LABEL_SHARE[True], True, px)) for name in names], px
    # Room to the side: each name whole on one line, up to PRESENT_WIDE_SHARE of the width, at
    # the row's size or smaller down to the smallest label; cut ("…") only when even that is short.
    widest = max(_columns(str(name)) for name in names)
    for size in range(px, min(px, 12) - 1, -1):
        if widest <= fit_columns(PRESENT_WIDE_SHARE, True, size):
            return [plot_literal(name) for name in names], size
    columns = fit_columns(LABEL_SHARE[True], True, px)
    return [shorten_plot_text(name, columns) for name in names], px


def _rows_height(row_labels: list[str], label_px: int, present: bool) -> int:
    """A chart with a row per label (top to bottom): rows as far apart as two neighbouring labels
    need (each is centred on its row), plus the margins (title, target line, x axis and its
    title, legend)."""
    heights = [(text.count("<br>") + 1) * label_px * LINE_EM for text in row_labels]
    pitch = max([(a + b) / 2 + 6 for a, b in itertools.pairwise(heights)] + heights[:1] + [0])
    row_px = max(34 if not present else 0, math.ceil(pitch))
    return max(360 if not present else 460, len(row_labels) * row_px + (200 if not present else 240))


def target_line(fig: go.Figure, x_values: pd.Series, lang: str, present: bool) -> None:
    """The dashed 100 % line and its label, above the plot at the line's top (the legend is at
    the bottom): anchored away from the nearer edge so that it never leaves the figure."""
    fig.add_vline(x=100, line={"color": "#333", "dash": "dash", "width": 1})
    values = [float(v) for v in x_values.dropna()] + [100.0]
    low, high = min(values), max(values)
    share = (100.0 - low) / (high - low) if high > low else 0.5
    anchor = "right" if share > 0.65 else "left" if share < 0.35 else "center"
    fig.add_annotation(x=100, xref="x", y=1, yref="paper", yanchor="bottom", xanchor=anchor, showarrow=False,
                       text=plot_literal(t("target_line", lang)), font={"size": 16 if present else 12})
    fig.update_layout(margin={"t": fig.layout.margin.t + (26 if present else 22)})


def top_axis(fig: go.Figure, y_first: object, present: bool) -> None:
    """A chart taller than TOP_AXIS_PX: the x axis repeated above the plot (an axis matching x,
    drawn by an invisible point on the top row `y_first`), the labels above the plot lifted over it."""
    if (fig.layout.height or 0) <= TOP_AXIS_PX:
        return
    x = fig.layout.xaxis
    fig.add_scatter(x=[100.0], y=[y_first], xaxis="x2", mode="markers", marker={"opacity": 0}, showlegend=False,
                    hoverinfo="skip")
    lift = (16 if present else 14) + 8
    for note in fig.layout.annotations:
        if note.yref == "paper" and note.y == 1:
            note.yshift = (note.yshift or 0) + lift
    fig.update_layout(xaxis2={"matches": "x", "overlaying": "x", "side": "top", "ticksuffix": x.ticksuffix,
                              "showgrid": False, "anchor": "y"}, margin={"t": fig.layout.margin.t + lift})


def wrap_axis_title(text: str, present: bool, px: float | None = None) -> str:
    """An axis title (raw text) wrapped to `px` (default: an x axis title's, about half the
    narrowest chart; a y axis title is written along a plot at least Y_TITLE_PX tall), escaped."""
    font_px = AXIS_TITLE_PX[present]
    columns = max(8, int((px or CHART_PX[present] * 0.55) / (font_px * CHAR_EM)))
    return wrap_plot_text(text, columns)


Y_TITLE_PX = 260


def plotly_config(file_stem: str) -> dict:
    """Modebar PNG export with a meaningful file name, no plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": file_stem, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def format_number(value: float | None) -> str:
    """A chart label's number: analytics.labels.format_number (the verdicts' and tables' format), "—" for none."""
    return labels.format_number(value, missing="—")


def value_label(value: float | None, comparator: str | None) -> str:
    return f"{labels.symbol(comparator)}{format_number(value)}"


def _hover(rows: pd.DataFrame, lang: str) -> list[str]:
    """The value as written and where it is; a machine-read value says so on a line of its own."""
    places = labels.where_cells(rows["source_file"], rows["source_line"], rows.get("source_locator"))
    readings = rows["reading"] if "reading" in rows else [None] * len(rows)
    return [f"{t('hover_raw', lang)}: {raw}<br>{t('hover_source', lang)}: {place}"
            + (f"<br>{mark}" if (mark := labels.reading_mark(reading, lang)) else "")
            for raw, place, reading in zip(rows["raw_text"], places, readings, strict=True)]


def _marked(frame: pd.DataFrame, side: str, lang: str) -> list[str]:
    """`target_raw` / `actual_raw` of scorecard rows ("—" when none), with the machine mark where read by machine."""
    readings = frame[f"{side}_reading"] if f"{side}_reading" in frame else [None] * len(frame)
    return [labels.marked(raw, reading, lang) if not labels.is_missing(raw) else "—"
            for raw, reading in zip(frame[f"{side}_raw"], readings, strict=True)]


# The coverage matrix keeps a column per city × plan period while that many columns fit a
# 1280 px screen; with more chosen cities it turns: a row per city, a panel per plan period.
COVERAGE_MAX_COLUMNS = 12
TOTAL_COLORSCALE = "Greys"


def _unique_names(cities: pd.DataFrame, lang: str) -> dict[str, str]:
    """city id -> name; a name two shown cities share gets its province (a category axis
    would merge them otherwise)."""
    names = list(cities[f"name_{lang}"])
    provinces = list(cities[f"province_{lang}"]) if f"province_{lang}" in cities else [""] * len(names)
    seen = pd.Series(names).duplicated(keep=False).tolist()
    return {city: f"{name} ({province})" if twice else name
            for city, name, province, twice in zip(cities["city_id"], names, provinces, seen, strict=True)}


def _count_text(value: int) -> str:
    """A cell's count, short enough for a narrow cell (the hover gives the exact number)."""
    if not value:
        return ""
    if value < 1000:
        return str(value)
    return f"{value / 1000:.1f}k" if value < 10_000 else f"{value // 1000}k"


PRESENT_COLUMN_CHARS = 12  # presenter mode: a coverage matrix column's label is at most this many columns


def coverage_matrix(coverage: pd.DataFrame, cities: pd.DataFrame, categories: pd.DataFrame,
                    periods: pd.DataFrame, lang: str, present: bool, *, total: pd.DataFrame | None = None,
                    total_label: str | None = None) -> go.Figure:
    """Number of values per category × (city, plan period), for the cities of `cities` (the
    rows of `coverage` that are theirs). `total` (coverage_total rows: every city together),
    when given, is one more group, labelled `total_label`, in grey on a colour scale of its own.

    Few cities (at most COVERAGE_MAX_COLUMNS columns): categories as rows, a column per city ×
    plan period. More: a row per city (the total first), a panel per plan period with a column
    per category, so the figure grows downwards with the cities chosen, never sideways.
    Cells sit at numeric positions named by tick labels (two heat-maps share the axes).
    Presenter mode: no title (the page's title is this chart's sentence)."""
    category_ticks = category_labels(categories[f"name_{lang}"], present, 20 if present else 14)
    cities, categories, periods = plot_frame(cities), plot_frame(categories), plot_frame(periods)
    totals = coverage.groupby(["city_id", "plan_period", "category"], as_index=False)["n_values"].sum()
    lookup = {(r.city_id, r.plan_period, r.category): int(r.n_values) for r in totals.itertuples()}
    city_names = _unique_names(cities, lang)
    groups: list[tuple[str | None, str]] = [(city, city_names[city]) for city in cities["city_id"]]
    total_lookup: dict[tuple, tuple[int, int]] = {}
    if total is not None:
        summed = total.groupby(["plan_period", "category"], as_index=False).agg(
            n_values=("n_values", "sum"), n_cities=("n_cities", "max"))
        total_lookup = {(r.plan_period, r.category): (int(r.n_values), int(r.n_cities)) for r in summed.itertuples()}
        groups.insert(0, (None, plot_literal(total_label or "")))
    period_ids = list(periods["plan_period"])
    # Short period labels keep the matrix readable at 1280 px: “十二五” / "12th plan".
    period_names = dict(zip(period_ids, periods["name_zh"] if lang == "zh"
                            else [f"{code} plan" for code in period_ids], strict=True))
    category_ids = list(categories["category"])
    category_names = list(categories[f"name_{lang}"])

    def count(group: str | None, period: str, category: str) -> int:
        if group is None:
            return total_lookup.get((period, category), (0, 0))[0]
        return lookup.get((group, period, category), 0)

    def heatmap(cells: list[list[tuple]], x: list[int], y: list[int], labels_xy: tuple[list[str], list[str]],
                is_total: bool, text_size: int | None = None) -> go.Heatmap:
        """cells[row][column] = (group, period, category); labels_xy name each x and y position."""
        z = [[count(*cell) for cell in row] for row in cells]
        x_names, y_names = labels_xy
        custom = [[[y_names[j], x_names[i]] + ([total_lookup.get(cell[1:], (0, 0))[1]] if is_total else [])
                   for i, cell in zip(x, row, strict=True)] for j, row in zip(y, cells, strict=True)]
        hover = "%{customdata[0]} · %{customdata[1]}: %{z}" + (
            f" · {t('coverage_cities_with_values', lang)}: %{{customdata[2]}}" if is_total else "")
        return go.Heatmap(z=z, x=x, y=y, text=[[_count_text(v) for v in row] for row in z],
                          texttemplate="%{text}", textfont={"size": text_size} if text_size else None,
                          colorscale=TOTAL_COLORSCALE if is_total else "Blues", showscale=False, xgap=3, ygap=3,
                          customdata=custom, hovertemplate=hover + "<extra></extra>")

    parts = [[g for g in groups if g[0] is None], [g for g in groups if g[0] is not None]]
    title = "" if present else t("coverage_title", lang)
    if len(groups) * len(period_ids) <= COVERAGE_MAX_COLUMNS:
        columns = [(group, period) for group, _ in groups for period in period_ids]
        x_names = [f"{name}<br>{period_names[period]}" for _, name in groups for period in period_ids]
        fig = go.Figure()
        start = 0
        for part in parts:
            if not part:
                continue
            width = len(part) * len(period_ids)
            x = list(range(start, start + width))
            cells = [[(group, period, category) for group, period in columns[start:start + width]]
                     for category in category_ids]
            fig.add_trace(heatmap(cells, x, list(range(len(category_ids))), (x_names, category_names),
                                  part[0][0] is None))
            start += width
        fig.update_xaxes(tickmode="array", tickvals=list(range(len(columns))), ticktext=x_names, showgrid=False,
                         zeroline=False)
        fig.update_yaxes(tickmode="array", tickvals=list(range(len(category_ids))), ticktext=category_ticks,
                         autorange="reversed", showgrid=False, zeroline=False, automargin=True)
        return base_layout(fig, title, present, height=520 if present else 420)

    row_names = [name for _, name in groups]
    fig = make_subplots(rows=1, cols=len(period_ids), shared_yaxes=True, horizontal_spacing=0.015,
                        subplot_titles=[period_names[period] for period in period_ids])
    for index, period in enumerate(period_ids, start=1):
        start = 0
        for part in parts:
            if not part:
                continue
            y = list(range(start, start + len(part)))
            cells = [[(group, period, category) for category in category_ids] for group, _ in part]
            fig.add_trace(heatmap(cells, list(range(len(category_ids))), y, (category_names, row_names),
                                  part[0][0] is None, 15 if present else 11), row=1, col=index)
            start += len(part)
        # Presenter mode: short column labels (the hover has the whole name), so the rows keep the height.
        ticks = ([shorten_plot_text(name, PRESENT_COLUMN_CHARS) for name in category_names] if present
                 else category_names)
        fig.update_xaxes(tickmode="array", tickvals=list(range(len(category_ids))), ticktext=ticks,
                         tickangle=-60, showgrid=False, zeroline=False, row=1, col=index)
    fig.update_yaxes(tickmode="array", tickvals=list(range(len(row_names))), ticktext=row_names,
                     autorange="reversed", automargin=True, showgrid=False, zeroline=False)
    row_height = 34 if present else 26
    base_layout(fig, title, present, height=max(360, row_height * len(row_names) + 260))
    # The panels' titles (annotations just above the plot) get a band of their own under the title.
    fig.update_annotations(font={"size": 20 if present else 14})
    fig.update_layout(margin={"t": fig.layout.margin.t + (30 if present else 24)})
    return fig


# Up to this many cities, the compare chart groups vertical bars by year (a legend per city);
# more are drawn as a ranking: a horizontal bar per city and year, labelled on the axis.
COMPARE_VERTICAL_CITIES = 6


def compare_chart(rows: pd.DataFrame, cities: pd.DataFrame, title: str, unit_label: str, lang: str,
                  present: bool, order: list[str] | None = None) -> go.Figure:
    """Grouped by year, one colour per city. Exact values are bars; bounds (≤ 3.2) are markers
    pointing in the bound's direction, never bars that would read as a value.

    More than COMPARE_VERTICAL_CITIES cities: a ranking (see `_compare_ranking`), cities in
    `order` (largest value first; default: their order in `rows`)."""
    if rows.loc[rows["display_value"].notna(), "city_id"].nunique() > COMPARE_VERTICAL_CITIES:
        return _compare_ranking(rows, cities, title, unit_label, lang, present, order)
    fig = go.Figure()
    cities = plot_frame(cities[cities["city_id"].isin(rows["city_id"])]).set_index("city_id")
    x_label = rows.apply(_year_label, axis=1, lang=lang)
    rows = plot_frame(rows).assign(x=x_label)
    for city_id, city_rows in rows.groupby("city_id", sort=False):
        color = cities.at[city_id, "color"]
        name = cities.at[city_id, f"name_{lang}"]
        exact = city_rows[city_rows["comparator"].isin(["=", None]) & city_rows["display_value"].notna()]
        bounds = city_rows[~city_rows.index.isin(exact.index) & city_rows["display_value"].notna()]
        if not exact.empty:
            fig.add_bar(
                x=exact["x"], y=exact["display_value"], name=name, legendgroup=city_id, marker_color=color,
                text=[value_label(v, c) for v, c in zip(exact["display_value"], exact["comparator"], strict=True)],
                textposition="outside", hovertext=_hover(exact, lang), hovertemplate="%{hovertext}<extra>" + name
                + "</extra>", offsetgroup=city_id,
            )
        if not bounds.empty:
            fig.add_scatter(
                x=bounds["x"], y=bounds["display_value"], mode="markers+text", name=f"{name} ({t('bound', lang)})",
                legendgroup=city_id, offsetgroup=city_id,
                marker={"color": color, "size": 18 if present else 14,
                        "symbol": [BOUND_MARKERS.get(c, "circle") for c in bounds["comparator"]],
                        "line": {"width": 1, "color": "#333"}},
                text=[value_label(v, c) for v, c in zip(bounds["display_value"], bounds["comparator"], strict=True)],
                textposition="top center", hovertext=_hover(bounds, lang),
                hovertemplate="%{hovertext}<extra>" + name + "</extra>",
            )
    fig.update_layout(barmode="group", scattermode="group", bargap=0.25)
    fig.update_yaxes(title=wrap_axis_title(unit_label, present, Y_TITLE_PX), rangemode="tozero")
    fig.update_xaxes(type="category")
    return base_layout(fig, title, present)


def _compare_ranking(rows: pd.DataFrame, cities: pd.DataFrame, title: str, unit_label: str, lang: str,
                     present: bool, order: list[str] | None) -> go.Figure:
    """Many cities: a row per city (and year, when the rows have several), in `order` from the
    top, a horizontal bar (or a bound's marker) in the city's colour, its value beside it. Rows
    grow downwards, so no bar or label is squeezed; the axis names the cities (no legend)."""
    order = list(order) if order is not None else list(dict.fromkeys(rows["city_id"]))
    names = _unique_names(plot_frame(cities[cities["city_id"].isin(order)]), lang)
    colors = dict(zip(cities["city_id"], cities["color"], strict=True))
    x_label = rows.apply(_year_label, axis=1, lang=lang)
    plotted = plot_frame(rows).assign(x=x_label)
    plotted = plotted[plotted["display_value"].notna() & plotted["city_id"].isin(order)]
    several = plotted["x"].nunique() > 1
    plotted = plotted.assign(y=[f"{names[c]} · {x}" if several else names[c]
                                for c, x in zip(plotted["city_id"], plotted["x"], strict=True)])
    rank = {city: index for index, city in enumerate(order)}
    plotted = plotted.assign(rank=plotted["city_id"].map(rank)).sort_values(["rank", "x"], kind="stable")
    categories = list(dict.fromkeys(plotted["y"]))
    fig = go.Figure()
    for city_id, city_rows in plotted.groupby("city_id", sort=False):
        name = names[city_id]
        exact = city_rows[city_rows["comparator"].isin(["=", None])]
        bounds = city_rows[~city_rows.index.isin(exact.index)]
        labels_text = {part: [value_label(v, c) for v, c in zip(part_rows["display_value"], part_rows["comparator"],
                                                                  strict=True)]
                       for part, part_rows in (("exact", exact), ("bounds", bounds))}
        if not exact.empty:
            fig.add_bar(
                y=exact["y"], x=exact["display_value"], name=name, legendgroup=city_id, orientation="h",
                marker_color=colors[city_id], text=labels_text["exact"], textposition="outside", cliponaxis=False,
                hovertext=_hover(exact, lang), hovertemplate="%{hovertext}<extra>" + name + "</extra>",
            )
        if not bounds.empty:
            fig.add_scatter(
                y=bounds["y"], x=bounds["display_value"], mode="markers+text", name=f"{name} ({t('bound', lang)})",
                legendgroup=city_id, cliponaxis=False,
                marker={"color": colors[city_id], "size": 16 if present else 12,
                        "symbol": [BOUND_MARKERS.get(c, "circle") for c in bounds["comparator"]],
                        "line": {"width": 1, "color": "#333"}},
                text=labels_text["bounds"], textposition="middle right", hovertext=_hover(bounds, lang),
                hovertemplate="%{hovertext}<extra>" + name + "</extra>",
            )
    low = min(0.0, float(plotted["display_value"].min())) if not plotted.empty else 0.0
    high = max(0.0, float(plotted["display_value"].max())) if not plotted.empty else 1.0
    span = (high - low) or 1.0
    fig.update_layout(barmode="overlay", showlegend=False, bargap=0.3)
    # Room beside the bars for their labels; the first city on top.
    fig.update_xaxes(title=wrap_axis_title(unit_label, present),
                     range=[low - (span * 0.25 if low < 0 else 0), high + span * 0.25])
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=categories[::-1], automargin=True)
    row_height = 34 if present else 24
    return base_layout(fig, title, present, height=max(460 if not present else 620,
                                                       row_height * len(categories) + 160))


def _year_label(row: pd.Series, lang: str) -> str:
    if row.get("is_cumulative") and pd.notna(row.get("period_start")):
        span = labels.format_span(row["period_start"], row["period_end"], lang)
        if row.get("annual_average_applied"):
            return t("span_average", lang, span=span)
        return labels.format_when(None, (row["period_start"], row["period_end"]), lang)
    return str(int(row["year"]))


def scorecard_chart(card: pd.DataFrame, title: str, status_names: dict[str, str], lang: str,
                    present: bool) -> go.Figure:
    """Achievement as % of target, one row per indicator; 100 % is the target line.
    Rows decided by a bound (met, no ratio) sit on the line with an open marker."""
    name_column = f"name_{lang}"
    decided = card[card["status"].isin(["met", "not_met"])]
    row_labels, label_px = _row_labels(decided[name_column], present)
    plotted = plot_frame(decided).assign(y=row_labels)
    plotted["x"] = plotted["ratio_pct"].fillna(100.0)
    plotted = plotted.iloc[::-1]
    fig = go.Figure()
    for status, group in plotted.groupby("status", sort=False):
        fig.add_scatter(
            x=group["x"], y=group["y"], mode="markers", name=status_names[status],
            marker={"color": STATUS_COLORS[status], "size": min(16, label_px + 2) if present else 12,
                    "symbol": [STATUS_SYMBOLS[status] if pd.notna(r) else "circle-open" for r in group["ratio_pct"]],
                    "line": {"width": 2, "color": STATUS_COLORS[status]}},
            customdata=list(zip(
                _marked(group, "target", lang), _marked(group, "actual", lang),
                group["ratio_pct"].map(lambda v: "—" if pd.isna(v) else f"{v:.1f}%"),
                labels.where_cells(group["source_file"], group["source_line"], group.get("source_locator")),
                labels.where_cells(group["actual_source_file"], group["actual_source_line"],
                                   group.get("actual_source_locator")),
                strict=True)),
            hovertemplate=(f"%{{y}}<br>{t('target', lang)}: %{{customdata[0]}} (%{{customdata[3]}})<br>"
                           f"{t('actual', lang)}: %{{customdata[1]}} (%{{customdata[4]}})<br>"
                           f"{t('ratio', lang)}: %{{customdata[2]}}<extra></extra>"),
        )
    fig.update_xaxes(title=wrap_axis_title(t("ratio_axis", lang), present), ticksuffix="%")
    fig.update_yaxes(automargin=True, type="category", categoryorder="array",
                     categoryarray=list(dict.fromkeys(plotted["y"])), dtick=1, tickfont={"size": label_px})
    base_layout(fig, title, present, height=_rows_height(list(dict.fromkeys(plotted["y"])), label_px, present))
    target_line(fig, plotted["x"], lang, present)
    top_axis(fig, plotted["y"].iloc[-1], present)
    return fig


def status_mix_chart(summary: pd.DataFrame, cities: pd.DataFrame, status_names: dict[str, str], title: str,
                     lang: str, present: bool) -> go.Figure:
    """Per city, how many scorecard rows have each status (stacked horizontal bars)."""
    cities = cities[cities["city_id"].isin(summary["city_id"])]  # the names it draws, not every city's
    names = dict(zip(cities["city_id"], category_labels(cities[f"name_{lang}"], present, 20 if present else 14),
                     strict=True))
    fig = go.Figure()
    for status in STATUS_COLORS:
        part = summary[summary["status"] == status]
        fig.add_bar(
            y=[names[c] for c in part["city_id"]], x=part["n"], name=status_names[status], orientation="h",
            marker_color=STATUS_COLORS[status], text=part["n"], textposition="inside",
            hovertemplate="%{y}: %{x}<extra>" + status_names[status] + "</extra>",
        )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})  # the statuses in reading order
    fig.update_xaxes(title=wrap_axis_title(t("indicator_count", lang), present))
    fig.update_yaxes(automargin=True, dtick=1)
    rows = summary["city_id"].nunique()
    return base_layout(fig, title, present, height=max(300, 40 * rows + 200) if not present
                       else max(420, 52 * rows + 260))


# ---- trends: traces -----------------------------------------------------------------------------
# A series differs in line AND marker, whatever the city's colour: actual solid with a filled
# circle, target dashed with an open diamond, baseline dotted with an open square; a bound (≤ / ≥)
# is a triangle pointing the way it binds (open but for an actual). Sizes grow actual < target <
# baseline, so markers on one spot stay apart to the eye (a base often repeats the last actual).
TREND_SYMBOLS = {"actual": "circle", "target": "diamond-open", "baseline": "square-open"}
TREND_BOUND_SYMBOLS = {"<=": "triangle-down", "<": "triangle-down", ">=": "triangle-up", ">": "triangle-up"}
TREND_MARKER_PX = {"actual": 9, "target": 11, "baseline": 13}
# A multi-year total is a bar from its first to its last year (SPAN_PAD beyond each; the plan
# shading reaches 0.5), never joined to anything, with its one marker and label at a share of the
# span that differs by series: a plan's target, actual and base over the same years stand apart.
SPAN_PAD = 0.4
SPAN_ANCHORS = {"target": 0.2, "actual": 0.5, "baseline": 0.8}
SPAN_WIDTH_SHARE = {"actual": 1.0, "target": 0.8, "baseline": 0.6}  # an actual's solid bar shows under a base's dots
KEY_COLOR = "#555555"
# Value labels. Plotly sets a label at a fixed offset from its marker and knows nothing of other
# traces' labels, so the chart places them on an assumed plot area of LABEL_PLOT_PX pixels (less
# than the chart has on a 1280 px screen, so what fits there fits on screen): a label takes the
# first of LABEL_POSITIONS (a total's: SPAN_LABEL_POSITIONS) where its box stays inside the plot
# and overlaps no other label, marker or bar; where none is free it is left out, and the value
# stays in the hover and in the table under the chart. Beyond LABEL_MAX values, none is labelled.
LABEL_PLOT_PX = (640, 300)
LABEL_FONT_PX = {False: 12, True: 16}
LABEL_POSITIONS = ("top center", "bottom center", "middle right", "middle left")
# A total's label: above or below its marker, else beyond either end of its bar.
SPAN_LABEL_POSITIONS = (("marker", "top center"), ("marker", "bottom center"), ("end", "middle right"),
                        ("start", "middle left"))
LABEL_MAX = 300
# Room above the highest value (share of the value range; an invisible point makes autorange keep
# it) for the labels of the top values, under the plan names plotly writes at the top of the plot
# in base_layout's font (PLAN_NAME_FONT_PX), which labels keep clear of too.
LABEL_HEADROOM = 0.2
PLAN_NAME_FONT_PX = {False: 14, True: 20}
AUTORANGE_PAD = 0.065
_TREND_HOVER = "%{customdata[0]}: %{customdata[1]}<br>%{hovertext}<extra>%{fullData.name}</extra>"


def label_box_px(text: str, font_px: float) -> tuple[float, float]:
    """Width and height of a label, generously: 0.62 em a Latin letter, digit or sign, 1 em a CJK one."""
    return sum(font_px * (1.0 if ord(char) >= 0x2E80 else 0.62) for char in text), font_px * 1.3


def label_centre_px(position: str, marker_px: float, box: tuple[float, float]) -> tuple[float, float]:
    """Where a label's centre sits from its marker's, in pixels (y up), for a plotly textposition:
    plotly starts the text `marker radius / 0.8 + 1` px from the centre (nothing without a marker)."""
    width, height = box
    reach = marker_px / 2 / 0.8 + 1 if marker_px else 0.0
    return {"top center": (0.0, reach + height / 2), "bottom center": (0.0, -reach - height / 2),
            "middle right": (reach + width / 2, 0.0), "middle left": (-reach - width / 2, 0.0)}[position]


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(marks: list[dict], x_range: tuple[float, float], y_range: tuple[float, float],
                 present: bool, reserved: list[tuple[float, float, str]] = (),
                 bar_px: float = 5) -> list[tuple[str, str] | None]:
    """Where each mark's label goes (`x`, `y`, `size` px, `label`, `span`: (x0, x1) of a total's bar
    or None, `rank`: lower is placed first): (the point it hangs on: "marker", or a bar's "start" or
    "end"; its textposition there), or None where it fits nowhere.
    `reserved`: texts written at the top of the plot, as (x data, font px, text) from their left;
    `bar_px`: how thick a total's bar is drawn."""
    if len(marks) > LABEL_MAX:
        return [None] * len(marks)
    width, height = LABEL_PLOT_PX
    font = LABEL_FONT_PX[present]
    x_scale = width / ((x_range[1] - x_range[0]) or 1.0)
    y_scale = height / ((y_range[1] - y_range[0]) or 1.0)
    centres = [((m["x"] - x_range[0]) * x_scale, (m["y"] - y_range[0]) * y_scale) for m in marks]
    obstacles: list[tuple[int, tuple[float, float, float, float]]] = []
    for index, (mark, (cx, cy)) in enumerate(zip(marks, centres, strict=True)):
        r = mark["size"] / 2
        obstacles.append((index, (cx - r, cy - r, cx + r, cy + r)))
        if mark["span"] is not None:
            x0, x1 = ((end - x_range[0]) * x_scale for end in mark["span"])
            obstacles.append((index, (x0, cy - bar_px / 2, x1, cy + bar_px / 2)))
    # A point's line leaves it to the right unless it is its series' last: the label tries the other side first.
    series_end: dict[tuple, float] = {}
    for mark in marks:
        if mark["span"] is None:
            key = (mark.get("city_id"), mark.get("series"))
            series_end[key] = max(series_end.get(key, mark["x"]), mark["x"])
    placed: list[tuple[str, str] | None] = [None] * len(marks)
    taken: list[tuple[float, float, float, float]] = []
    for x, font_px, text in reserved:
        text_width, text_height = label_box_px(text, font_px)
        left = (x - x_range[0]) * x_scale
        taken.append((left, height - text_height - 2, left + text_width + 4, height))
    for index in sorted(range(len(marks)), key=lambda i: marks[i]["rank"]):
        mark, (cx, cy) = marks[index], centres[index]
        if not mark["label"]:
            continue
        box = label_box_px(mark["label"], font)
        choices = SPAN_LABEL_POSITIONS if mark["span"] is not None else [("marker", p) for p in LABEL_POSITIONS]
        if mark["span"] is None and mark["x"] < series_end[(mark.get("city_id"), mark.get("series"))]:
            choices = [choices[0], choices[1], choices[3], choices[2]]
        for point, position in choices:
            x, size = cx, mark["size"]
            if point != "marker":  # a bar's end: no marker there
                x, size = (mark["span"][0 if point == "start" else 1] - x_range[0]) * x_scale, 0
            dx, dy = label_centre_px(position, size, box)
            rect = (x + dx - box[0] / 2, cy + dy - box[1] / 2, x + dx + box[0] / 2, cy + dy + box[1] / 2)
            if rect[0] < 0 or rect[1] < 0 or rect[2] > width or rect[3] > height:
                continue
            if any(_overlaps(rect, other) for other in taken) or any(
                    owner != index and _overlaps(rect, other) for owner, other in obstacles):
                continue
            placed[index] = (point, position)
            taken.append(rect)
            break
    return placed


def _readable(color: str) -> str:
    """A city's colour for text on white: light ones (Okabe-Ito yellow) darkened."""
    try:
        red, green, blue = (int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return color
    if 0.2126 * red + 0.7152 * green + 0.0722 * blue < 180:
        return color
    return "#{:02x}{:02x}{:02x}".format(*(int(channel * 0.55) for channel in (red, green, blue)))


TREND_SERIES_ORDER = {"actual": 0, "target": 1, "baseline": 2}  # in legends, marks and the table


def trend_span(row: Mapping) -> tuple[int, int] | None:
    """(first, last year) of a multi-year total, None for a single year."""
    cumulative = not labels.is_missing(row["is_cumulative"]) and bool(row["is_cumulative"])
    if not cumulative or labels.is_missing(row["period_start"]) or labels.is_missing(row["period_end"]):
        return None
    return int(row["period_start"]), int(row["period_end"])


def trend_when(row: Mapping, lang: str) -> str:
    """`2020`, or `2016–2020 total` for a multi-year total (hover and table alike)."""
    span = trend_span(row)
    if span is not None:
        return labels.format_when(None, span, lang)
    cumulative = not labels.is_missing(row["is_cumulative"]) and bool(row["is_cumulative"])
    year = "—" if labels.is_missing(row["year"]) else str(int(row["year"]))
    return year + (f" ({t('five_year_total', lang)})" if cumulative else "")


def _trend_marks(plotted: pd.DataFrame, lang: str) -> list[dict]:
    """One mark per value: where its marker (and label) sits, how it is drawn and what it says."""
    hover = _hover(plotted, lang)
    marks = []
    for row, hover_text in zip(plotted.itertuples(), hover, strict=True):
        fields = row._asdict()
        years = trend_span(fields)
        label = value_label(row.display_value, row.comparator)
        bound = TREND_BOUND_SYMBOLS.get(row.comparator)
        symbol = (bound if row.series == "actual" else f"{bound}-open") if bound else \
            TREND_SYMBOLS.get(row.series, "circle")
        if years is not None:
            start, end = years
            x = start + (end - start) * SPAN_ANCHORS.get(row.series, 0.5)
        else:
            x = int(row.year)
        averaged = bool(row.annual_average_applied)
        marks.append({
            "city_id": row.city_id, "series": row.series, "x": x, "y": float(row.display_value),
            "span": (years[0] - SPAN_PAD, years[1] + SPAN_PAD) if years is not None else None,
            "size": TREND_MARKER_PX.get(row.series, 9), "symbol": symbol, "bound": bound is not None,
            "label": label, "averaged": averaged, "hover": hover_text,
            "customdata": [trend_when(fields, lang),
                           label + (f" ({t('annual_average_short', lang)})" if averaged else "")],
            "rank": (0 if years is not None else 1, TREND_SERIES_ORDER.get(row.series, 3), x),
        })
    return marks


def _trend_ranges(marks: list[dict], spans: pd.DataFrame) -> tuple[float, tuple[float, float], tuple[float, float]]:
    """The top the headroom point sets, and a little more than the axis ranges plotly's autorange
    gives: the plan shading, the traces' extent padded by AUTORANGE_PAD (plotly pads a scatter
    trace by 5 % of the axis, and a marker's radius), y from zero."""
    xs = [x for m in marks for x in (m["span"] or (m["x"], m["x"]))]
    pad = AUTORANGE_PAD * ((max(xs) - min(xs)) or 1.0)
    x_low = min([min(xs) - pad, *(year - 0.5 for year in spans["start_year"])])
    x_high = max([max(xs) + pad, *(year + 0.5 for year in spans["end_year"])])
    ys = [m["y"] for m in marks]
    low, high = min([0.0, *ys]), max([0.0, *ys])
    top = high + LABEL_HEADROOM * ((high - low) or 1.0)
    pad = AUTORANGE_PAD * (top - low)
    return top, (x_low, x_high), (low - (pad if low < 0 else 0.0), top + pad)


def trend_chart(rows: pd.DataFrame, spans: pd.DataFrame, cities: pd.DataFrame, series_names: dict[str, str],
                title: str, unit_label: str, lang: str, present: bool) -> go.Figure:
    """Values over the years; plan periods shaded. A single-year value is a point, joined to the
    same city's and series' other years; a multi-year total is a bar over the years it covers with
    one label, never joined. Series differ in line and marker (see TREND_SYMBOLS); a city keeps its
    colour. The legend is a key: a colour entry per city (a click hides the city), then one entry
    per series style, per bound and for totals. Labels never overlap (place_labels)."""
    fig = go.Figure()
    for index, span in enumerate(spans.itertuples()):
        fig.add_vrect(
            x0=span.start_year - 0.5, x1=span.end_year + 0.5, fillcolor="#4C72B0" if index % 2 else "#DD8452",
            opacity=0.07, line_width=0, layer="below",
            annotation_text=plot_literal(getattr(span, f"name_{lang}")), annotation_position="top left",
        )
    colors = dict(zip(cities["city_id"], cities["color"], strict=True))
    names = _plot_names(cities, rows["city_id"], lang)
    series_text = {series: plot_literal(name) for series, name in series_names.items()}
    plotted = plot_frame(rows[rows["display_value"].notna()])
    marks = _trend_marks(plotted, lang)
    line_px, bar_px, font_px = (3, 7, LABEL_FONT_PX[True]) if present else (2, 5, LABEL_FONT_PX[False])
    positions: list[tuple[str, str] | None] = []
    if marks:
        top, x_range, y_range = _trend_ranges(marks, spans)
        plan_names = [(span.start_year - 0.5, PLAN_NAME_FONT_PX[present], getattr(span, f"name_{lang}"))
                      for span in spans.itertuples()]
        positions = place_labels(marks, x_range, y_range, present, plan_names, bar_px=bar_px)
        fig.add_scatter(x=[marks[0]["x"]], y=[top], mode="markers", marker={"size": 0, "opacity": 0}, name="",
                        hoverinfo="skip", showlegend=False)  # the headroom
    drawn = list(dict.fromkeys(mark["city_id"] for mark in marks))
    for city_id in [c for c in cities["city_id"] if c in drawn]:  # the key: a city's colour
        fig.add_scatter(x=[None], y=[None], mode="lines", name=names[city_id], legendgroup=city_id,
                        line={"color": colors[city_id], "width": 8}, hoverinfo="skip")
    # A trace per city and series of single years; a trace per total (no gaps: plotly.js loses
    # text on a redraw of a trace with gaps and empty labels).
    groups: dict[tuple, list[int]] = {}
    for index, mark in enumerate(marks):
        groups.setdefault((mark["city_id"], mark["series"], index if mark["span"] else None), []).append(index)
    for (city_id, series, total), members in groups.items():
        is_span = total is not None
        members = sorted(members, key=lambda i: marks[i]["x"])
        color = colors[city_id]
        name = f"{names[city_id]} · {series_text.get(series, plot_literal(series))}"
        if is_span:
            averaged = any(marks[i]["averaged"] for i in members)
            name += f" ({t('annual_average_short' if averaged else 'five_year_total', lang)})"
        # A total is three points on its bar: start, marker, end.
        points: dict[str, list] = {key: [] for key in ("x", "y", "size", "symbol", "text", "position", "data",
                                                        "hover")}
        for i in members:
            mark, position = marks[i], positions[i]
            shown = [mark["x"]] if not is_span else [mark["span"][0], mark["x"], mark["span"][1]]
            for n, x in enumerate(shown):
                point = ("start", "marker", "end")[n] if is_span else "marker"
                at_marker = point == "marker"
                labelled = position is not None and position[0] == point
                points["x"].append(x)
                points["y"].append(mark["y"])
                points["size"].append(mark["size"] if at_marker else 0)
                points["symbol"].append(mark["symbol"])
                points["text"].append(mark["label"] if labelled else "")
                points["position"].append(position[1] if labelled else "top center")
                points["data"].append(mark["customdata"])
                points["hover"].append(mark["hover"])
        fig.add_scatter(
            x=points["x"], y=points["y"], name=name, legendgroup=city_id, showlegend=False,
            mode="lines+markers+text", cliponaxis=False,
            line={"color": color, "dash": SERIES_DASH.get(series, "solid"),
                  "width": bar_px * SPAN_WIDTH_SHARE.get(series, 1.0) if is_span else line_px},
            marker={"color": color, "size": points["size"], "symbol": points["symbol"],
                    "line": {"width": 2, "color": color}},
            text=points["text"], textposition=points["position"],
            textfont={"size": font_px, "color": _readable(color)},
            customdata=points["data"], hovertext=points["hover"], hovertemplate=_TREND_HOVER,
        )
    shown_series = [series for series in series_names if any(mark["series"] == series for mark in marks)]
    for series in shown_series:  # the key: a series' line and marker
        fig.add_scatter(x=[None], y=[None], mode="lines+markers", name=series_text[series],
                        legendgroup=f"key-{series}", hoverinfo="skip",
                        line={"color": KEY_COLOR, "dash": SERIES_DASH.get(series, "solid"), "width": line_px},
                        marker={"color": KEY_COLOR, "size": TREND_MARKER_PX.get(series, 9),
                                "symbol": TREND_SYMBOLS.get(series, "circle"), "line": {"width": 2}})
    if any(mark["bound"] for mark in marks):
        fig.add_scatter(x=[None], y=[None], mode="markers", name=t("trend_key_bound", lang), legendgroup="key-bound",
                        hoverinfo="skip", marker={"color": KEY_COLOR, "size": 11, "symbol": "triangle-up-open",
                                                  "line": {"width": 2}})
    if any(mark["span"] is not None for mark in marks):
        averaged = any(mark["averaged"] for mark in marks)
        fig.add_scatter(x=[None], y=[None], mode="lines", legendgroup="key-total", hoverinfo="skip",
                        name=t("trend_key_average" if averaged else "trend_key_total", lang),
                        line={"color": KEY_COLOR, "width": bar_px})
    fig.update_xaxes(dtick=1, title=t("year", lang))
    fig.update_yaxes(title=wrap_axis_title(unit_label, present, Y_TITLE_PX), rangemode="tozero")
    # The legend sits below the plot (base_layout): many cities' entries wrap onto more lines, and
    # the figure grows by those lines instead of squeezing the plot (about four entries a line).
    entries = sum(1 for trace in fig.data if trace.showlegend is not False)
    if present:
        # Presenter mode: the figure is the height the screen leaves; a long legend scrolls in at
        # most a fifth of it instead of taking the plot's room.
        base_layout(fig, title, present, height=680)
        fig.update_layout(legend={"maxheight": 0.2})
        return fig
    extra_lines = max(0, math.ceil(entries / 4) - 3)
    return base_layout(fig, title, present, height=560 + extra_lines * 24)


def side_by_side_chart(rows: pd.DataFrame, cities: pd.DataFrame, title: str, lang: str, present: bool) -> go.Figure:
    """Shared indicators of one plan period: each city's achievement % as a dot in its colour.
    Rows met by a bound (no ratio) sit on the target line with an open marker."""
    names = _plot_names(cities, rows["city_id"], lang)
    colors = dict(zip(cities["city_id"], cities["color"], strict=True))
    decided = rows[rows["status"].isin(["met", "not_met"])]
    row_labels, label_px = _row_labels(decided[f"name_{lang}"], present)
    plotted = plot_frame(decided).assign(y=row_labels)
    order = list(dict.fromkeys(plotted["y"]))[::-1]
    fig = go.Figure()
    for city_id, group in plotted.groupby("city_id", sort=False):
        fig.add_scatter(
            x=group["ratio_pct"].fillna(100.0), y=group["y"], mode="markers", name=names[city_id],
            marker={"color": colors[city_id], "size": min(15, label_px + 1) if present else 11,
                    "symbol": ["circle" if pd.notna(r) else "circle-open" for r in group["ratio_pct"]],
                    "line": {"width": 2, "color": colors[city_id]}},
            customdata=list(zip(_marked(group, "target", lang), _marked(group, "actual", lang),
                                labels.where_cells(group["source_file"], group["source_line"],
                                                   group.get("source_locator")), strict=True)),
            hovertemplate=(f"%{{y}} · {names[city_id]}<br>{t('target', lang)}: %{{customdata[0]}}<br>"
                           f"{t('actual', lang)}: %{{customdata[1]}}<br>{t('ratio', lang)}: %{{x:.1f}}%"
                           f"<br>%{{customdata[2]}}<extra></extra>"),
        )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order, automargin=True, dtick=1,
                     tickfont={"size": label_px})
    fig.update_xaxes(title=wrap_axis_title(t("ratio_axis", lang), present), ticksuffix="%")
    base_layout(fig, title, present, height=_rows_height(order, label_px, present))
    target_line(fig, plotted["ratio_pct"].fillna(100.0), lang, present)
    top_axis(fig, order[-1], present)
    return fig


def ambition_chart(ranked: pd.DataFrame, cities: pd.DataFrame, title: str, axis_title: str, lang: str,
                   present: bool) -> go.Figure:
    """One bar per city: the pace its target asks for, most ambitious on top, labelled with the
    pace as text (a bound says at least / at most)."""
    names = _plot_names(cities, ranked["city_id"], lang)
    colors = dict(zip(cities["city_id"], cities["color"], strict=True))
    shown = plot_frame(ranked).iloc[::-1]  # plotly draws the first bar at the bottom
    labels_text = [plot_literal(labels.format_pace(p, u, b, lang))
                   for p, u, b in zip(shown["pace"], shown["pace_unit"], shown["pace_bound"], strict=True)]
    fig = go.Figure(go.Bar(
        x=shown["pace"], y=[names[c] for c in shown["city_id"]], orientation="h",
        marker_color=[colors[c] for c in shown["city_id"]], text=labels_text, textposition="outside",
        cliponaxis=False,
        customdata=list(zip(_marked(shown, "base", lang), _marked(shown, "target", lang),
                            labels.where_cells(shown["base_source_file"], shown["base_source_line"],
                                               shown.get("base_source_locator")),
                            labels.where_cells(shown["target_source_file"], shown["target_source_line"],
                                               shown.get("target_source_locator")),
                            strict=True)),
        hovertemplate=(f"%{{y}}<br>{t('hover_base', lang)}: %{{customdata[0]}} (%{{customdata[2]}})<br>"
                       f"{t('target', lang)}: %{{customdata[1]}} (%{{customdata[3]}})<extra></extra>"),
    ))
    fig.add_vline(x=0, line={"color": "#333", "width": 1})
    # Room beside the bars for their labels (outside the bar, on the side it points to).
    low, high = min(0.0, float(shown["pace"].min())), max(0.0, float(shown["pace"].max()))
    span = (high - low) or 1.0
    fig.update_xaxes(title=wrap_axis_title(axis_title, present), zeroline=False,
                     range=[low - span * (0.6 if low < 0 else 0.05), high + span * (0.6 if high > 0 else 0.05)])
    fig.update_yaxes(automargin=True, dtick=1)
    fig.update_layout(showlegend=False)
    height = max(260, 70 * len(shown) + 160) if not present else max(320, 80 * len(shown) + 140)
    base_layout(fig, title, present, height=height)
    if not title:  # presenter mode: the page title says it; room for the top bar's label
        fig.update_layout(margin={"t": 20})
    return fig
