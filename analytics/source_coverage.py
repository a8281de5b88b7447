"""Source coverage: per document, how many of its figures the dataset reads, and which it does not.

A figure is a number followed by a unit on a line of a source document; ingestion finds them all
and records whether an observation on that line reads each one, or why it is not a measurement
(analytics/ingest/figures.py, the source_figures table). Coverage = read / (read + unread):
excluded figures (not measurements, each with a reviewed reason) are shown but not counted.
"""

from __future__ import annotations

import pandas as pd

from analytics import sql
from analytics.db import Database
from analytics.schema import FIGURE_STATUSES, READINGS

TOTAL = "all"  # the doc_id of the row summing every document in document_coverage(total=True)

COLUMNS = {  # the CLI's headers; the Sources page takes its own from ui/i18n.py
    "document": {"zh": "文件", "en": "Document"},
    "city": {"zh": "城市", "en": "City"},
    "title": {"zh": "标题", "en": "Title"},
    "read": {"zh": "已读取", "en": "Read"},
    "figures": {"zh": "数字", "en": "Figures"},
    "coverage": {"zh": "覆盖率 (%)", "en": "Coverage (%)"},
    "excluded": {"zh": "非计量（已排除）", "en": "Not measurements (excluded)"},
    "line": {"zh": "行", "en": "Line"},
    "figure": {"zh": "数字", "en": "Figure"},
    "context": {"zh": "上下文", "en": "Context"},
    "status": {"zh": "状态", "en": "Status"},
    "reason": {"zh": "原因（排除或未读取）", "en": "Why excluded or unread"},
}
STATUS_LABELS = {
    "read": {"zh": "已读取", "en": "read"},
    "unread": {"zh": "未读取", "en": "unread"},
    "excluded": {"zh": "非计量", "en": "not a measurement"},
}


def document_coverage(db: Database, doc_ids: list[str] | None = None, *, total: bool = False) -> pd.DataFrame:
    """One row per document: n_read, n_unread, n_excluded, n_figures (read + unread) and coverage_pct
    (100·read/figures, NaN for a document with no figure). With total=True a last row (doc_id `all`)
    sums them."""
    df = db.query(sql.SOURCE_COVERAGE, {"doc_ids": list(doc_ids or [])})
    for column in ("n_read", "n_unread", "n_excluded"):
        df[column] = df[column].astype("int64")
    if total and not df.empty:
        sums = {column: int(df[column].sum()) for column in ("n_read", "n_unread", "n_excluded")}
        df = pd.concat([df, pd.DataFrame([{"doc_id": TOTAL, **sums}])], ignore_index=True)
    df["n_figures"] = df["n_read"] + df["n_unread"]
    df["coverage_pct"] = (100.0 * df["n_read"] / df["n_figures"].where(df["n_figures"] > 0)).round(1)
    return df


READING_COUNTS = ("n_curated", "n_table", "n_machine", "n_unread")


def document_readings(db: Database, doc_ids: list[str]) -> pd.DataFrame:
    """One row per document of `doc_ids` (in file order): how many of its values were read by a curated
    rule (n_curated), by the table reader (n_table), by machine and not yet reviewed (n_machine), and
    how many of its figures no value reads (n_unread). Every value counts, whatever a page leaves out."""
    params = {"doc_ids": list(doc_ids), **{reading: reading for reading in READINGS}}
    df = db.query(sql.DOCUMENT_READINGS, params)
    for name in READING_COUNTS:
        df[name] = df[name].astype("int64")
    return df


def figures(db: Database, statuses: tuple[str, ...] = ("unread",), doc_ids: list[str] | None = None,
            limit: int | None = None) -> pd.DataFrame:
    """The figures of the given statuses, in document, line and position order (at most `limit`)."""
    unknown = sorted(set(statuses) - set(FIGURE_STATUSES))
    if unknown:
        raise ValueError(f"unknown figure status(es) {unknown}; valid: {', '.join(FIGURE_STATUSES)}")
    params = {"statuses": list(statuses), "doc_ids": list(doc_ids or []), "limit": limit}
    return db.query(sql.SOURCE_FIGURES, params)


def column(name: str, lang: str) -> str:
    return COLUMNS[name][lang]


def status_label(status: str, lang: str) -> str:
    return STATUS_LABELS[status][lang]
