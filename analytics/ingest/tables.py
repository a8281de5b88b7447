"""Indicator tables (专栏) of the plan documents. (Parser in progress.)"""

from __future__ import annotations

from analytics.ingest.sources import SourceDocument


def extract_table_observations(documents: dict[str, SourceDocument]) -> list[dict]:
    return []
