"""The Sources page's list of documents at any number of documents: the filters it offers (city,
province, kind, plan period: only values some document has) and one page of the matching ones.

Documents are a small dimension (one row per source file, cached by analytics.dimensions); the
filters and the page are cut here, so a page shows one screenful whatever the number of documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from analytics import dimensions
from analytics.db import Database

PAGE_SIZE = 20  # documents per page of the list
NO_PERIOD = "none"  # the plan-period choice of documents outside any plan period (annual reports …)


@dataclass(frozen=True)
class DocumentFilter:
    """Empty means every value; values of one filter are alternatives, filters combine."""
    city_ids: Sequence[str] = field(default_factory=tuple)
    provinces: Sequence[str] = field(default_factory=tuple)  # province_zh, the province's name as stored
    kinds: Sequence[str] = field(default_factory=tuple)
    plan_periods: Sequence[str] = field(default_factory=tuple)  # NO_PERIOD for a document outside plans


def with_provinces(db: Database) -> pd.DataFrame:
    """Every document (dimensions.documents) with its city's province (`province_zh`, `province_en`)
    and its city's display order, in that order, then by file name. Built once per process (Database.derived)
    and copied for each caller."""
    return db.derived("documents_with_provinces", lambda: _with_provinces(db)).copy()


def _with_provinces(db: Database) -> pd.DataFrame:
    docs = dimensions.documents(db)
    cities = dimensions.cities(db)[["city_id", "province_zh", "province_en", "sort_order"]]
    merged = docs.merge(cities, on="city_id", how="left")
    return merged.sort_values(["sort_order", "source_file"], kind="stable", na_position="last") \
        .drop(columns="sort_order").reset_index(drop=True)


def options(docs: pd.DataFrame) -> dict[str, list[str]]:
    """The values each filter offers, taken from the documents: cities in display order, the rest
    sorted; NO_PERIOD last when some document has no plan period."""
    def distinct(column: str) -> list:  # each value once, in order of appearance (not a walk of every row)
        return list(docs[column].unique())

    periods = sorted({p for p in distinct("plan_period") if isinstance(p, str) and p})
    if docs["plan_period"].isna().any() or (docs["plan_period"] == "").any():
        periods.append(NO_PERIOD)
    return {
        "city_ids": list(dict.fromkeys(distinct("city_id"))),
        "provinces": sorted({p for p in distinct("province_zh") if isinstance(p, str) and p}),
        "kinds": sorted({k for k in distinct("kind") if isinstance(k, str) and k}),
        "plan_periods": periods,
    }


def filter_documents(docs: pd.DataFrame, selection: DocumentFilter) -> pd.DataFrame:
    """The documents matching every non-empty filter of `selection`, in the order of `docs`."""
    keep = pd.Series(True, index=docs.index)
    if selection.city_ids:
        keep &= docs["city_id"].isin(list(selection.city_ids))
    if selection.provinces:
        keep &= docs["province_zh"].isin(list(selection.provinces))
    if selection.kinds:
        keep &= docs["kind"].isin(list(selection.kinds))
    if selection.plan_periods:
        periods = docs["plan_period"].fillna(NO_PERIOD).replace("", NO_PERIOD)
        keep &= periods.isin(list(selection.plan_periods))
    return docs[keep].reset_index(drop=True)


def page_count(n_rows: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-int(n_rows) // size))


def page_of(docs: pd.DataFrame, page: int, size: int = PAGE_SIZE) -> pd.DataFrame:
    """The rows of 1-based `page` (a page past the end gives the last one)."""
    page = min(max(int(page), 1), page_count(len(docs), size))
    return docs.iloc[(page - 1) * size: page * size].reset_index(drop=True)


def offered(docs: pd.DataFrame, page: pd.DataFrame, held: str | None) -> pd.DataFrame:
    """The documents a picker of one document offers: those of `page` (one page of `docs`), with `held` (the
    source file picked before) first when it is among `docs` but not on the page. A few rows, whatever the
    number of documents."""
    if isinstance(held, str) and held not in set(page["source_file"]):
        kept = docs[docs["source_file"] == held]
        if not kept.empty:
            return pd.concat([kept, page], ignore_index=True)
    return page.reset_index(drop=True)
