"""Ingestion: source documents -> validated, deterministic Parquet tables under data/.

The only writer of data/. Everything is built and checked in memory first; the files
are then written atomically, so a failure at any step leaves data/ unchanged.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow as pa

from analytics import catalogue
from analytics.aggregates import derive
from analytics.ingest.figures import figure_rows
from analytics.ingest.machine import machine_observations
from analytics.ingest.prose import extract_prose_observations
from analytics.ingest.quality import cross_check
from analytics.ingest.sources import SourceDocument, SourceError, read_documents
from analytics.ingest.tables import Unread, extract_table_observations
from analytics.ingest.writer import to_arrow, write_tables

__all__ = ["SourceError", "build_tables", "run"]


def build_tables(sources_dir: Path, unread: list[Unread] | None = None) -> dict[str, pa.Table]:
    """Every table, built and checked in memory. What the table reader could not read (a cell, a row, a
    table) is collected in `unread` (a fresh list when none is given) and counted as unread figures."""
    catalogue.validate()
    documents = read_documents(sources_dir)
    unread = [] if unread is None else unread
    observations = extract_table_observations(documents, unread=unread) + extract_prose_observations(documents)
    observations += machine_observations(documents, observations, unread)
    _check_every_document_read(documents, observations, unread)
    _check_unique(observations)
    observations.sort(key=lambda row: (row["source_file"], row["source_line"], row["obs_id"]))
    notes = cross_check(observations)
    figures = figure_rows(documents, observations, unread=unread)
    tables = {
        "documents": to_arrow("documents", _document_rows(documents)),
        "cities": to_arrow("cities", list(catalogue.cities())),
        "plan_periods": to_arrow("plan_periods", list(catalogue.plan_periods())),
        "indicators": to_arrow("indicators", _indicator_rows()),
        "categories": to_arrow("categories", catalogue.category_rows()),
        "observations": to_arrow("observations", observations),
        "quality_notes": to_arrow("quality_notes", notes),
        "source_figures": to_arrow("source_figures", figures),
    }
    return {**tables, **derive(tables)}  # the pages' defaults and pickers (analytics.aggregates)


def run(sources_dir: Path, data_dir: Path) -> dict[str, int]:
    tables = build_tables(sources_dir)
    write_tables(data_dir, tables)
    return {name: table.num_rows for name, table in tables.items()}


def _document_rows(documents: dict[str, SourceDocument]) -> list[dict]:
    fields = [name for name in ("doc_id", "city_id", "kind", "title_zh", "title_en", "issuer_zh", "issuer_en",
                                "doc_number", "issued", "plan_period", "covers_zh", "covers_en", "source_file")]
    rows = []
    for doc in catalogue.documents():
        source = documents[doc["source_file"]]
        row = {name: doc.get(name) for name in fields}
        row["sha256"] = source.sha256
        row["line_count"] = len(source.lines)
        rows.append(row)
    return rows


def _indicator_rows() -> list[dict]:
    return [
        {
            "indicator_id": ind.indicator_id,
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "category": ind.category,
            "unit": ind.unit,
            "direction": ind.direction,
            "aliases_zh": list(ind.aliases_zh),
            "definition_note": ind.full_note,
            "reviewed": ind.reviewed,
        }
        for ind in sorted(catalogue.indicators().values(), key=lambda ind: ind.indicator_id)
    ]


def _check_every_document_read(documents: dict[str, SourceDocument], observations: list[dict],
                               unread: list[Unread]) -> None:
    """A registered document nothing reads is a mistake to report, not an empty contribution."""
    read = Counter(row["source_file"] for row in observations)
    for name in documents:
        if read[name]:
            continue
        lost = [item for item in unread if item.source_file == name]
        if lost:
            first = lost[0]
            raise SourceError(f"{name}:{first.line}: nothing could be read from this document: {len(lost)} table(s), "
                              f"row(s) or cell(s) of its tables were not read, the first because {first.reason}")
        raise SourceError(
            f"{name}:1: nothing was read from this document: it has no table (a 专栏/表 title line followed "
            "by a tab-separated header) and no prose rule names it (prose_rules/*.yaml, source_file)")


def _check_unique(observations: list[dict]) -> None:
    counts = Counter(row["obs_id"] for row in observations)
    for row in observations:
        if counts[row["obs_id"]] > 1:
            raise SourceError(
                f"{row['source_file']}:{row['source_line']}: the same value of {row['indicator_id']} "
                f"({row['value_kind']} {row['year']}) is extracted twice"
            )
