"""The curated, reviewable catalogue under analytics/catalogue/: documents, cities, plan
periods, categories, units and the indicator catalogue with every source alias.

Ingestion reads these YAML files and writes them to Parquet; nothing else edits them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from analytics.schema import DIRECTIONS

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"


class CatalogueError(ValueError):
    """The curated catalogue contradicts itself (duplicate id, unknown category, ...)."""


def _load_yaml(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle) or []
    if not isinstance(loaded, list):
        raise CatalogueError(f"{path.name}: expected a list of entries")
    return loaded


@cache
def documents() -> tuple[dict, ...]:
    return tuple(_load_yaml(CATALOGUE_DIR / "documents.yaml"))


@cache
def cities() -> tuple[dict, ...]:
    return tuple(_load_yaml(CATALOGUE_DIR / "cities.yaml"))


@cache
def plan_periods() -> tuple[dict, ...]:
    return tuple(_load_yaml(CATALOGUE_DIR / "plan_periods.yaml"))


@cache
def categories() -> tuple[dict, ...]:
    return tuple(_load_yaml(CATALOGUE_DIR / "categories.yaml"))


def category_rows() -> list[dict]:
    """categories.yaml as the rows of categories.parquet: the file's order is the display order."""
    return [dict(row, sort_order=position) for position, row in enumerate(categories(), start=1)]


@cache
def unit_factors() -> dict[tuple[str, str], float]:
    return {(row["from"], row["to"]): float(row["factor"]) for row in _load_yaml(CATALOGUE_DIR / "units.yaml")}


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert between units listed in units.yaml; an unlisted pair is a catalogue error."""
    if from_unit == to_unit:
        return value
    factor = unit_factors().get((from_unit, to_unit))
    if factor is None:
        raise CatalogueError(f"no conversion from {from_unit!r} to {to_unit!r} in units.yaml")
    return round(value * factor, 10)


def document_by_file(source_file: str) -> dict:
    for doc in documents():
        if doc["source_file"] == source_file:
            return doc
    raise CatalogueError(f"{source_file} is not listed in documents.yaml")


def plan_period_span(plan_period: str) -> tuple[int, int]:
    for row in plan_periods():
        if row["plan_period"] == plan_period:
            return int(row["start_year"]), int(row["end_year"])
    raise CatalogueError(f"unknown plan period {plan_period!r}")


def plan_period_of_year(year: int) -> str | None:
    for row in plan_periods():
        if row["start_year"] <= year <= row["end_year"]:
            return row["plan_period"]
    return None


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    name_zh: str
    name_en: str
    category: str
    unit: str
    direction: str
    aliases_zh: tuple[str, ...] = ()
    definition_note: str = ""
    reviewed: bool = True
    source_files: tuple[str, ...] = field(default=())  # the YAML file it was read from


_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def normalise_label(label: str) -> str:
    """The form in which source labels and aliases are compared: no spaces, no markup, full-width colon."""
    label = re.sub(r"</?b>|\*\*", "", label)
    label = re.sub(r"\s+", "", label)
    return label.replace(":", "：")


@cache
def indicators() -> dict[str, Indicator]:
    """All indicators of analytics/catalogue/indicators/*.yaml, checked for consistency."""
    known_categories = {row["category"] for row in categories()}
    result: dict[str, Indicator] = {}
    for path in sorted((CATALOGUE_DIR / "indicators").glob("*.yaml")):
        for entry in _load_yaml(path):
            where = f"{path.name}: {entry.get('id', '?')}"
            indicator_id = entry.get("id", "")
            if not _ID.match(indicator_id):
                raise CatalogueError(f"{where}: id must be lower_snake_case")
            if indicator_id in result:
                raise CatalogueError(f"{where}: duplicate id (also in {result[indicator_id].source_files[0]})")
            if entry.get("category") not in known_categories:
                raise CatalogueError(f"{where}: unknown category {entry.get('category')!r}")
            if entry.get("direction") not in DIRECTIONS:
                raise CatalogueError(f"{where}: direction must be one of {', '.join(DIRECTIONS)}")
            for key in ("name_zh", "name_en", "unit"):
                if not entry.get(key):
                    raise CatalogueError(f"{where}: {key} is required")
            result[indicator_id] = Indicator(
                indicator_id=indicator_id,
                name_zh=entry["name_zh"],
                name_en=entry["name_en"],
                category=entry["category"],
                unit=entry["unit"],
                direction=entry["direction"],
                aliases_zh=tuple(entry.get("aliases_zh") or ()),
                definition_note=(entry.get("definition_note") or "").strip(),
                reviewed=bool(entry.get("reviewed", True)),
                source_files=(path.name,),
            )
    _build_alias_index(result.values())  # fails early on an alias claimed twice
    return result


@cache
def alias_index() -> dict[str, str]:
    """Normalised source label -> indicator_id."""
    return _build_alias_index(indicators().values())


def _build_alias_index(all_indicators) -> dict[str, str]:
    """An alias claimed by two indicators is an error: a source label must map to one indicator."""
    index: dict[str, str] = {}
    for indicator in all_indicators:
        for alias in (indicator.name_zh, *indicator.aliases_zh):
            key = normalise_label(alias)
            owner = index.get(key)
            if owner is not None and owner != indicator.indicator_id:
                raise CatalogueError(f"alias {alias!r} is claimed by both {owner} and {indicator.indicator_id}")
            index[key] = indicator.indicator_id
    return index


def indicator_for_label(label: str) -> str | None:
    return alias_index().get(normalise_label(label))


def check_city(city_id: str) -> str:
    known = [city["city_id"] for city in cities()]
    if city_id not in known:
        raise CatalogueError(f"unknown city {city_id!r} (cities.yaml has {', '.join(known)})")
    return city_id


def check_plan_period(plan_period: str | None) -> str | None:
    known = [period["plan_period"] for period in plan_periods()]
    if plan_period is not None and plan_period not in known:
        raise CatalogueError(f"unknown plan period {plan_period!r} (plan_periods.yaml has {', '.join(known)})")
    return plan_period
