"""Plotly figures for the pages. Plain functions of DataFrames (no Streamlit), so tests can
inspect the figures directly. Colours: a city keeps its own colour (cities.color, from the
data) everywhere, never one picked from a palette by position, so any number of cities works."""

from __future__ import annotations

import math

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


def base_layout(fig: go.Figure, title: str, present: bool, height: int | None = None) -> go.Figure:
    size = 20 if present else 14
    fig.update_layout(
        title={"text": plot_literal(title), "font": {"size": size + 6}, "x": 0, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": size},
        template="plotly_white",
        height=height or (620 if present else 460),
        margin={"l": 10, "r": 10, "t": 80 if present else 70, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    return fig


def plotly_config(file_stem: str) -> dict:
    """Modebar PNG export with a meaningful file name, no plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": file_stem, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def format_number(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1e6 else f"{value:,.0f}"


def value_label(value: float | None, comparator: str | None) -> str:
    return f"{labels.symbol(comparator)}{format_number(value)}"


def _hover(rows: pd.DataFrame, lang: str) -> list[str]:
    return [
        f"{t('hover_raw', lang)}: {raw}<br>{t('hover_source', lang)}: {file}:{line}"
        for raw, file, line in zip(rows["raw_text"], rows["source_file"], rows["source_line"], strict=True)
    ]


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


def coverage_matrix(coverage: pd.DataFrame, cities: pd.DataFrame, categories: pd.DataFrame,
                    periods: pd.DataFrame, lang: str, present: bool, *, total: pd.DataFrame | None = None,
                    total_label: str | None = None) -> go.Figure:
    """Number of values per category × (city, plan period), for the cities of `cities` (the
    rows of `coverage` that are theirs). `total` (coverage_total rows: every city together),
    when given, is one more group, labelled `total_label`, in grey on a colour scale of its own.

    Few cities (at most COVERAGE_MAX_COLUMNS columns): categories as rows, a column per city ×
    plan period. More: a row per city (the total first), a panel per plan period with a column
    per category, so the figure grows downwards with the cities chosen, never sideways.
    Cells sit at numeric positions named by tick labels (two heat-maps share the axes)."""
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
    title = t("coverage_title", lang)
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
        fig.update_yaxes(tickmode="array", tickvals=list(range(len(category_ids))), ticktext=category_names,
                         autorange="reversed", showgrid=False, zeroline=False)
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
        fig.update_xaxes(tickmode="array", tickvals=list(range(len(category_ids))), ticktext=category_names,
                         tickangle=-60, showgrid=False, zeroline=False, row=1, col=index)
    fig.update_yaxes(tickmode="array", tickvals=list(range(len(row_names))), ticktext=row_names,
                     autorange="reversed", automargin=True, showgrid=False, zeroline=False)
    row_height = 34 if present else 26
    base_layout(fig, title, present, height=max(360, row_height * len(row_names) + 260))
    fig.update_annotations(font={"size": 20 if present else 14})
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
    cities = plot_frame(cities).set_index("city_id")
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
    fig.update_yaxes(title=plot_literal(unit_label), rangemode="tozero")
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
    fig.update_xaxes(title=plot_literal(unit_label), range=[low - (span * 0.25 if low < 0 else 0), high + span * 0.25])
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=categories[::-1], automargin=True)
    row_height = 34 if present else 24
    return base_layout(fig, title, present, height=max(460 if not present else 620,
                                                       row_height * len(categories) + 160))


def _year_label(row: pd.Series, lang: str) -> str:
    if row.get("is_cumulative") and pd.notna(row.get("period_start")):
        span = f"{int(row['period_start'])}-{int(row['period_end'])}"
        return t("span_average", lang, span=span) if row.get("annual_average_applied") else \
            t("span_total", lang, span=span)
    return str(int(row["year"]))


def scorecard_chart(card: pd.DataFrame, title: str, status_names: dict[str, str], lang: str,
                    present: bool) -> go.Figure:
    """Achievement as % of target, one row per indicator; 100 % is the target line.
    Rows decided by a bound (met, no ratio) sit on the line with an open marker."""
    name_column = f"name_{lang}"
    plotted = plot_frame(card[card["status"].isin(["met", "not_met"])])
    plotted["x"] = plotted["ratio_pct"].fillna(100.0)
    plotted = plotted.iloc[::-1]
    fig = go.Figure()
    for status, group in plotted.groupby("status", sort=False):
        fig.add_scatter(
            x=group["x"], y=group[name_column], mode="markers", name=status_names[status],
            marker={"color": STATUS_COLORS[status], "size": 16 if present else 12,
                    "symbol": [STATUS_SYMBOLS[status] if pd.notna(r) else "circle-open" for r in group["ratio_pct"]],
                    "line": {"width": 2, "color": STATUS_COLORS[status]}},
            customdata=list(zip(
                group["target_raw"], group["actual_raw"].fillna("—"),
                group["ratio_pct"].map(lambda v: "—" if pd.isna(v) else f"{v:.1f}%"),
                group["source_file"] + ":" + group["source_line"].astype(str),
                [f"{f}:{line}" if isinstance(f, str) else "—"
                 for f, line in zip(group["actual_source_file"], group["actual_source_line"], strict=True)],
                strict=True)),
            hovertemplate=(f"%{{y}}<br>{t('target', lang)}: %{{customdata[0]}} (%{{customdata[3]}})<br>"
                           f"{t('actual', lang)}: %{{customdata[1]}} (%{{customdata[4]}})<br>"
                           f"{t('ratio', lang)}: %{{customdata[2]}}<extra></extra>"),
        )
    fig.add_vline(x=100, line={"color": "#333", "dash": "dash", "width": 1},
                  annotation_text=t("target_line", lang), annotation_position="top")
    fig.update_xaxes(title=t("ratio_axis", lang), ticksuffix="%")
    fig.update_yaxes(automargin=True)
    height = max(360, 34 * len(plotted) + 140) if not present else max(520, 44 * len(plotted) + 160)
    return base_layout(fig, title, present, height=height)


def status_mix_chart(summary: pd.DataFrame, cities: pd.DataFrame, status_names: dict[str, str], title: str,
                     lang: str, present: bool) -> go.Figure:
    """Per city, how many scorecard rows have each status (stacked horizontal bars)."""
    names = dict(zip(cities["city_id"], plot_frame(cities)[f"name_{lang}"], strict=True))
    fig = go.Figure()
    for status in STATUS_COLORS:
        part = summary[summary["status"] == status]
        fig.add_bar(
            y=[names[c] for c in part["city_id"]], x=part["n"], name=status_names[status], orientation="h",
            marker_color=STATUS_COLORS[status], text=part["n"], textposition="inside",
            hovertemplate="%{y}: %{x}<extra>" + status_names[status] + "</extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=t("indicator_count", lang))
    return base_layout(fig, title, present, height=300 if not present else 420)


def trend_chart(rows: pd.DataFrame, spans: pd.DataFrame, cities: pd.DataFrame, series_names: dict[str, str],
                title: str, unit_label: str, lang: str, present: bool) -> go.Figure:
    """Values over the years: actuals solid, targets dashed, bases dotted; plan periods shaded."""
    fig = go.Figure()
    for index, span in enumerate(spans.itertuples()):
        fig.add_vrect(
            x0=span.start_year - 0.5, x1=span.end_year + 0.5, fillcolor="#4C72B0" if index % 2 else "#DD8452",
            opacity=0.07, line_width=0, layer="below",
            annotation_text=plot_literal(getattr(span, f"name_{lang}")), annotation_position="top left",
        )
    colors = dict(zip(cities["city_id"], cities["color"], strict=True))
    names = dict(zip(cities["city_id"], plot_frame(cities)[f"name_{lang}"], strict=True))
    plotted = plot_frame(rows[rows["display_value"].notna()])
    for (city_id, series, cumulative), group in plotted.groupby(["city_id", "series", "is_cumulative"], sort=False):
        group = group.sort_values("year")
        averaged = bool(group["annual_average_applied"].any())
        dash = SERIES_DASH.get(series, "solid")
        name = f"{names[city_id]} · {series_names[series]}"
        common = {
            "legendgroup": f"{city_id}-{series}",
            "text": [value_label(v, c) for v, c in zip(group["display_value"], group["comparator"], strict=True)],
            "hovertext": _hover(group, lang),
            "hovertemplate": "%{x}: %{text}<br>%{hovertext}<extra>%{fullData.name}</extra>",
        }
        if not cumulative:
            fig.add_scatter(
                x=group["year"], y=group["display_value"], name=name, mode="lines+markers",
                line={"color": colors[city_id], "dash": dash, "width": 3 if present else 2},
                marker={"size": 11 if present else 8,
                        "symbol": [BOUND_MARKERS.get(c, "circle") for c in group["comparator"]]},
                **common,
            )
        elif averaged:
            # An annual average holds for every year of its span: draw it as a level across the span.
            xs: list[float | None] = []
            ys: list[float | None] = []
            for row in group.itertuples():
                xs += [row.period_start - 0.4, row.period_end + 0.4, None]
                ys += [row.display_value, row.display_value, None]
            fig.add_scatter(x=xs, y=ys, mode="lines", name=f"{name} ({t('annual_average_short', lang)})",
                            legendgroup=common["legendgroup"], hoverinfo="skip",
                            line={"color": colors[city_id], "dash": dash, "width": 5 if present else 4})
            fig.add_scatter(x=group["year"], y=group["display_value"], mode="markers", showlegend=False,
                            marker={"color": colors[city_id], "size": 9 if present else 7}, **common)
        else:
            # Totals over different spans are not a series: markers only, never joined by a line.
            fig.add_scatter(
                x=group["year"], y=group["display_value"], name=f"{name} ({t('five_year_total', lang)})",
                mode="markers+text", textposition="middle right",
                marker={"color": colors[city_id], "size": 14 if present else 11, "symbol": "square-open"
                        if dash != "solid" else "square", "line": {"width": 2, "color": colors[city_id]}},
                **common,
            )
    fig.update_xaxes(dtick=1, title=t("year", lang))
    fig.update_yaxes(title=plot_literal(unit_label), rangemode="tozero")
    # The legend sits below the plot: many cities' entries wrap onto more lines, and the figure
    # grows by those lines instead of squeezing the plot (about four entries a line).
    entries = sum(1 for trace in fig.data if trace.showlegend is not False)
    extra_lines = max(0, math.ceil(entries / 4) - 3)
    base_layout(fig, title, present, height=(680 if present else 560) + extra_lines * (30 if present else 24))
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0})
    return fig


def side_by_side_chart(rows: pd.DataFrame, cities: pd.DataFrame, title: str, lang: str, present: bool) -> go.Figure:
    """Shared indicators of one plan period: each city's achievement % as a dot in its colour.
    Rows met by a bound (no ratio) sit on the target line with an open marker."""
    names = dict(zip(cities["city_id"], plot_frame(cities)[f"name_{lang}"], strict=True))
    colors = dict(zip(cities["city_id"], cities["color"], strict=True))
    plotted = plot_frame(rows[rows["status"].isin(["met", "not_met"])])
    order = list(dict.fromkeys(plotted[f"name_{lang}"]))[::-1]
    fig = go.Figure()
    for city_id, group in plotted.groupby("city_id", sort=False):
        fig.add_scatter(
            x=group["ratio_pct"].fillna(100.0), y=group[f"name_{lang}"], mode="markers", name=names[city_id],
            marker={"color": colors[city_id], "size": 15 if present else 11,
                    "symbol": ["circle" if pd.notna(r) else "circle-open" for r in group["ratio_pct"]],
                    "line": {"width": 2, "color": colors[city_id]}},
            customdata=list(zip(group["target_raw"], group["actual_raw"].fillna("—"),
                                group["source_file"] + ":" + group["source_line"].astype(str), strict=True)),
            hovertemplate=(f"%{{y}} · {names[city_id]}<br>{t('target', lang)}: %{{customdata[0]}}<br>"
                           f"{t('actual', lang)}: %{{customdata[1]}}<br>{t('ratio', lang)}: %{{x:.1f}}%"
                           f"<br>%{{customdata[2]}}<extra></extra>"),
        )
    fig.add_vline(x=100, line={"color": "#333", "dash": "dash", "width": 1},
                  annotation_text=t("target_line", lang), annotation_position="top")
    fig.update_yaxes(categoryorder="array", categoryarray=order, automargin=True)
    fig.update_xaxes(title=t("ratio_axis", lang), ticksuffix="%")
    height = max(320, 40 * len(order) + 150) if not present else max(460, 52 * len(order) + 170)
    return base_layout(fig, title, present, height=height)


def ambition_chart(ranked: pd.DataFrame, cities: pd.DataFrame, title: str, axis_title: str, lang: str,
                   present: bool) -> go.Figure:
    """One bar per city: the pace its target asks for, most ambitious on top, labelled with the
    pace as text (a bound says at least / at most)."""
    names = dict(zip(cities["city_id"], plot_frame(cities)[f"name_{lang}"], strict=True))
    colors = dict(zip(cities["city_id"], cities["color"], strict=True))
    shown = plot_frame(ranked).iloc[::-1]  # plotly draws the first bar at the bottom
    labels_text = [plot_literal(labels.format_pace(p, u, b, lang))
                   for p, u, b in zip(shown["pace"], shown["pace_unit"], shown["pace_bound"], strict=True)]
    fig = go.Figure(go.Bar(
        x=shown["pace"], y=[names[c] for c in shown["city_id"]], orientation="h",
        marker_color=[colors[c] for c in shown["city_id"]], text=labels_text, textposition="outside",
        cliponaxis=False,
        customdata=list(zip(shown["base_raw"], shown["target_raw"],
                            shown["base_source_file"] + ":" + shown["base_source_line"].astype(str),
                            shown["target_source_file"] + ":" + shown["target_source_line"].astype(str),
                            strict=True)),
        hovertemplate=(f"%{{y}}<br>{t('hover_base', lang)}: %{{customdata[0]}} (%{{customdata[2]}})<br>"
                       f"{t('target', lang)}: %{{customdata[1]}} (%{{customdata[3]}})<extra></extra>"),
    ))
    fig.add_vline(x=0, line={"color": "#333", "width": 1})
    # Room beside the bars for their labels (outside the bar, on the side it points to).
    low, high = min(0.0, float(shown["pace"].min())), max(0.0, float(shown["pace"].max()))
    span = (high - low) or 1.0
    fig.update_xaxes(title=plot_literal(axis_title), zeroline=False,
                     range=[low - span * (0.6 if low < 0 else 0.05), high + span * (0.6 if high > 0 else 0.05)])
    fig.update_yaxes(automargin=True)
    fig.update_layout(showlegend=False)
    height = max(260, 70 * len(shown) + 160) if not present else max(320, 80 * len(shown) + 140)
    base_layout(fig, title, present, height=height)
    if not title:  # presenter mode: the page title says it
        fig.update_layout(margin={"t": 20})
    return fig
