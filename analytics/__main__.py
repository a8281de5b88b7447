"""python -m analytics: the comparisons of the dashboard on the command line.

    python -m analytics scorecard --city zhanjiang --period 13th [--lang zh|en] [--format table|csv]
    python -m analytics summary
    python -m analytics compare --indicator urban_new_jobs --city jiangmen --city zhanjiang --period 13th
                                --kind target [--annual-average]
    python -m analytics trend --indicator urban_new_jobs [--city jiangmen ...]
    python -m analytics coverage [--sources [--unread]]
    python -m analytics pace --city zhanjiang --period 14th [--format table|csv]
    python -m analytics export --out rows.xlsx [--city ...] [--period ...] [--indicator ...] [--kind ...]
                               [--search TEXT]

--data DIR reads another data directory (default data/). An unknown city, plan period,
indicator or kind prints one line listing the valid choices and exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

import pandas as pd

from analytics import (
    compare,
    coverage,
    dimensions,
    explorer,
    exports,
    labels,
    pace,
    paths,
    scorecard,
    source_coverage,
    trend,
    verdicts,
)
from analytics.db import get_database
from analytics.errors import QueryError
from analytics.schema import DataError

PROG = "python -m analytics"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit status 2), like a QueryError."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


# ---- output ---------------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return labels.format_number(value, 2)
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    return str(value)


def render_table(rows: list[list[object]], header: list[str], numeric: set[int] = frozenset()) -> str:  # type: ignore[assignment]
    """An aligned plain-text table; CJK characters count two columns."""
    cells = [[_text(value) for value in row] for row in rows]
    widths = [max([_width(header[i])] + [_width(row[i]) for row in cells]) for i in range(len(header))]
    lines = ["  ".join(_pad(header[i], widths[i], i in numeric) for i in range(len(header))).rstrip(),
             "  ".join("-" * width for width in widths)]
    lines += ["  ".join(_pad(row[i], widths[i], i in numeric) for i in range(len(header))).rstrip() for row in cells]
    return "\n".join(lines)


def _write(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def _csv(df: pd.DataFrame, lang: str) -> None:
    sys.stdout.buffer.write(exports.to_csv_bytes(df, lang, code_headers=True, bom=False))
    sys.stdout.buffer.flush()


# ---- commands -------------------------------------------------------------------------------

def _scorecard(db, args) -> None:
    df = scorecard.scorecard(db, args.city, args.period)
    if args.format == "csv":
        _csv(df, args.lang)
        return
    lang = args.lang
    col = lambda name: labels.label("column", name, lang)  # noqa: E731
    rows = []
    for row in df.to_dict("records"):
        source = f"{row['source_file']}:{row['source_line']}"
        actual_source = ("" if labels.is_missing(row["actual_source_file"])
                         else f"{row['actual_source_file']}:{row['actual_source_line']}")
        rows.append([
            row[f"name_{lang}"], row["unit"], row["target_raw"], row["actual_raw"],
            labels.label("status", row["status"], lang), row["ratio_pct"],
            _text(row["reported_completion_raw"]) + (" ≠" if row["completion_disagrees"] else ""),
            labels.label("attribute", row["attribute"], lang),
            source, actual_source if actual_source != source else "",
        ])
    header = [col("indicator"), col("unit"), col("target_raw"), col("actual_raw"), col("status"), col("ratio_pct"),
              col("reported_completion_raw"), col("attribute"), col("source_file"), col("actual_source_file")]
    city = dimensions.city_name(db, args.city, lang)
    period = dimensions.plan_period_name(db, args.period, lang)
    counts = df["status"].value_counts()
    summary = " · ".join(f"{labels.label('status', status, lang)} {int(counts.get(status, 0))}"
                         for status in scorecard.STATUSES)
    text = f"{city} {period}\n{render_table(rows, header, {5})}\n\n{summary}\n"
    if df["completion_disagrees"].any():
        text += ("≠：原文完成比例与计算值相差超过0.5个百分点\n" if lang == "zh" else
                 "≠: the reported completion differs from the computed one by more than 0.5 points\n")
    _write(text)


def _summary(db, args) -> None:
    df = scorecard.scorecard_summary(db, wide=True)
    if args.format == "csv":
        _csv(df, args.lang)
        return
    lang = args.lang
    cities, periods = dimensions.city_names(db, lang), dimensions.plan_period_names(db, lang)
    rows = [[cities[row["city_id"]], periods[row["plan_period"]],
             *(row[status] for status in scorecard.STATUSES), row["total"]] for row in df.to_dict("records")]
    header = [labels.label("column", "city", lang), labels.label("column", "plan_period", lang),
              *(labels.label("status", status, lang) for status in scorecard.STATUSES), "Σ"]
    _write(render_table(rows, header, {2, 3, 4, 5, 6}) + "\n")


def _compare(db, args) -> None:
    period = None if args.period == "none" else args.period
    result = compare.compare_cities(db, args.indicator, args.city, period, args.kind, args.annual_average,
                                    lang=args.lang)
    if args.format == "csv":
        _csv(result.rows, args.lang)
        return
    lang = args.lang
    col = lambda name: labels.label("column", name, lang)  # noqa: E731
    cities = dimensions.city_names(db, lang)
    rows = [[cities[row["city_id"]], row["year"], row["raw_text"], row["display_value"],
             row["unit"], row["baseline_raw"], row["change_from_baseline_pct"],
             f"{row['source_file']}:{row['source_line']}"] for row in result.rows.to_dict("records")]
    header = [col("city"), col("year"), col("raw_text"), col("display_value"), col("unit"), col("baseline_raw"),
              col("change_from_baseline_pct"), col("source_file")]
    text = render_table(rows, header, {1, 3, 6}) + "\n\n" + verdicts.compare_verdict(db, result, lang) + "\n"
    text += "".join(f"- {note}\n" for note in result.notes)
    _write(text)


def _trend(db, args) -> None:
    result = trend.trend(db, args.indicator, args.city or None, annual_average=args.annual_average, lang=args.lang)
    if args.format == "csv":
        _csv(result.rows, args.lang)
        return
    lang = args.lang
    col = lambda name: labels.label("column", name, lang)  # noqa: E731
    cities = dimensions.city_names(db, lang)
    rows = [[cities[row["city_id"]], row["year"], labels.label("series", row["series"], lang),
             row["raw_text"], row["display_value"], dimensions.plan_period_name(db, row["plan_period"], lang),
             f"{row['source_file']}:{row['source_line']}"] for row in result.rows.to_dict("records")]
    header = [col("city"), col("year"), col("series"), col("raw_text"), col("display_value"), col("plan_period"),
              col("source_file")]
    text = f"{result.indicator[f'name_{lang}']} ({labels.label('unit', result.indicator['unit'], lang)})\n"
    text += render_table(rows, header, {1, 4}) + "\n"
    text += "".join(f"- {note}\n" for note in result.notes)
    _write(text)


def _coverage(db, args) -> None:
    if args.sources:
        _source_coverage(db, args)
        return
    df = coverage.coverage(db)
    if args.format == "csv":
        _csv(df, args.lang)
        return
    lang = args.lang
    col = lambda name: labels.label("column", name, lang)  # noqa: E731
    cities, categories = dimensions.city_names(db, lang), dimensions.category_names(db)
    index = labels.LANGS.index(lang)
    rows = [[cities[row["city_id"]], dimensions.plan_period_name(db, row["plan_period"], lang),
             categories[row["category"]][index], labels.label("value_kind", row["value_kind"], lang),
             row["n_values"], row["n_indicators"]] for row in df.to_dict("records")]
    header = [col("city"), col("plan_period"), col("category"), col("value_kind"), col("n_values"),
              col("n_indicators")]
    _write(render_table(rows, header, {4, 5}) + "\n")


def _source_coverage(db, args) -> None:
    """Per document: figures read / figures (a number followed by a unit), then every unread one with --unread."""
    lang = args.lang
    col = lambda name: source_coverage.column(name, lang)  # noqa: E731
    if args.unread:
        df = source_coverage.figures(db, ("unread",))
        if args.format == "csv":
            _csv(df, lang)
            return
        rows = [[row["source_file"], row["source_line"], row["figure"], " ".join(row["context"].split())]
                for row in df.to_dict("records")]
        none = ("（每个数字都已读取）" if lang == "zh" else "(every figure is read)") if not rows else ""
        _write(render_table(rows, [col("document"), col("line"), col("figure"), col("context")], {1}) + "\n"
               + (none + "\n" if none else ""))
        return
    df = source_coverage.document_coverage(db, total=True)
    if args.format == "csv":
        _csv(df, lang)
        return
    cities = dimensions.city_names(db, lang)
    rows = []
    for row in df.to_dict("records"):
        total = row["doc_id"] == source_coverage.TOTAL
        rows.append([
            ("全部" if lang == "zh" else "all") if total else row["source_file"],
            "" if total else cities.get(row["city_id"], row["city_id"]),
            f"{row['n_read']} / {row['n_figures']}",
            "" if labels.is_missing(row["coverage_pct"]) else f"{row['coverage_pct']:.1f}", row["n_excluded"],
        ])
    header = [col("document"), col("city"), f"{col('read')} / {col('figures')}", col("coverage"), col("excluded")]
    note = ("数字：数字后接单位（万人、%、亿元、个、人次、元……），该行有观测值含此数即为已读取；"
            "非计量的数字（附原因）不计。" if lang == "zh" else
            "Figures: a number followed by a unit (万人, %, 亿元, 个, 人次, 元 …); read when an observation on its "
            "line holds the number; figures that are not measurements (each with its reason) are not counted.")
    _write(render_table(rows, header, {2, 3, 4}) + f"\n\n{note}\n")


def _pace(db, args) -> None:
    df = pace.pace(db, args.city, args.period, args.lang)
    if args.format == "csv":
        _csv(df, args.lang)
        return
    lang = args.lang
    col = lambda name: labels.label("column", name, lang)  # noqa: E731
    rows = []
    for row in df.to_dict("records"):
        milestone = labels.label("milestone", row["milestone"], lang) if isinstance(row["milestone"], str) else ""
        if milestone and not labels.is_missing(row["even_value"]):
            milestone += f" ({labels.format_number(row['even_value'], 2)})"
        rows.append([
            row[f"name_{lang}"], labels.label("unit", row["unit"], lang),
            f"{row['base_raw']} ({pace.span_label(row, 'base', lang)})",
            f"{row['target_raw']} ({pace.span_label(row, 'target', lang)})",
            labels.format_pace(row["pace"], row["pace_unit"], row["pace_bound"], lang),
            labels.format_pace(row["previous_pace"], row["pace_unit"], None, lang), milestone,
            row[f"note_{lang}"], f"{row['base_source_file']}:{row['base_source_line']}",
            f"{row['target_source_file']}:{row['target_source_line']}",
        ])
    header = [col("indicator"), col("unit"), col("base_raw"), col("target_raw"), col("pace"), col("previous_pace"),
              col("milestone"), col(f"note_{lang}"), col("base_source_file"), col("target_source_file")]
    city = dimensions.city_name(db, args.city, lang)
    period = dimensions.plan_period_name(db, args.period, lang)
    paced = int(df["pace"].notna().sum())
    tail = (f"{paced} 个目标可计算所需速度，{len(df) - paced} 个不能（见说明）" if lang == "zh" else
            f"{paced} targets with a pace, {len(df) - paced} without (see the note)")
    _write(f"{city} {period}\n{render_table(rows, header)}\n\n{tail}\n")


def _export(db, args) -> None:
    suffix = args.out.suffix.lower()
    if suffix not in exports.FORMATS:
        raise QueryError("export format", suffix or args.out.name, exports.FORMATS)
    selection = explorer.ExplorerFilter(
        city_ids=args.city or [], plan_periods=args.period or [], indicator_ids=args.indicator or [],
        value_kinds=args.kind or [], text=args.search,
    )
    n_rows = exports.export_explorer(db, selection, args.out, args.lang)  # CSV, Parquet: written by DuckDB
    _write(f"wrote {n_rows} rows to {args.out}\n")


# ---- arguments ------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, default=argparse.SUPPRESS,
                        help="data directory with the Parquet tables (default: data/)")
    common.add_argument("--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="label language")
    parser = _Parser(prog=PROG, description="Plan-indicator comparisons from data/*.parquet.")
    parser.add_argument("--data", type=Path, default=None, help="data directory with the Parquet tables")
    parser.add_argument("--lang", choices=("zh", "en"), default="en", help="label language (default en)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, help_text: str, formats: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, parents=[common])
        if formats:
            sub.add_argument("--format", choices=("table", "csv"), default="table")
        return sub

    sub = command("scorecard", "targets vs achievements of one city and plan period")
    sub.add_argument("--city", required=True)
    sub.add_argument("--period", required=True)
    command("summary", "scorecard status counts per city and plan period")
    sub = command("compare", "one indicator across cities")
    sub.add_argument("--indicator", required=True)
    sub.add_argument("--city", action="append", required=True, help="repeat for several cities")
    sub.add_argument("--period", required=True, help="a plan period id of the data, or none (outside plan tables)")
    sub.add_argument("--kind", required=True, help="target, actual, baseline or reported_completion_pct")
    sub.add_argument("--annual-average", action="store_true", help="divide multi-year totals by their years")
    sub = command("trend", "one indicator over the years")
    sub.add_argument("--indicator", required=True)
    sub.add_argument("--city", action="append")
    sub.add_argument("--annual-average", action="store_true")
    sub = command("coverage", "where data exists: city × plan period × category × kind")
    sub.add_argument("--sources", action="store_true",
                     help="instead: per source document, how many of its figures the data reads")
    sub.add_argument("--unread", action="store_true", help="with --sources: list every figure no observation reads")
    sub = command("pace", "the pace each target of a plan asks for, from its baseline")
    sub.add_argument("--city", required=True)
    sub.add_argument("--period", required=True)
    sub = command("export", "write filtered observations to .csv, .xlsx or .parquet", formats=False)
    sub.add_argument("--out", type=Path, required=True)
    sub.add_argument("--city", action="append")
    sub.add_argument("--period", action="append", help="a plan period id of the data, or none; repeat for several")
    sub.add_argument("--indicator", action="append")
    sub.add_argument("--kind", action="append")
    sub.add_argument("--search")
    return parser


COMMANDS = {
    "scorecard": _scorecard, "summary": _summary, "compare": _compare, "trend": _trend,
    "coverage": _coverage, "pace": _pace, "export": _export,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        db = get_database(args.data or paths.data_dir())
        COMMANDS[args.command](db, args)
    except (QueryError, exports.ExportTooLarge) as exc:
        print(f"{PROG} {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except DataError as exc:
        print(f"{PROG}: data error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `| head`
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
