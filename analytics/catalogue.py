"""The curated, reviewable catalogue: documents, cities, plan periods, categories, units, the
indicator catalogue with every source alias, and how tables and prose are read.

Ingestion reads these YAML files (default: analytics/catalogue/, or the directory given with
`--catalogue`) and writes what they say to Parquet; the dashboard never reads them. Every file
is validated by the models of analytics.catalogue_models when it is loaded: a wrong entry
stops ingestion with the file and the entry named. Before the first file of a directory is read,
what an interrupted `add` left there is completed or discarded (analytics.catalogue_journal), so
the files read are all old or all new.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from analytics import catalogue_journal
from analytics import catalogue_models as models
from analytics.notation import MARKUP_TAGS

DEFAULT_DIR = Path(__file__).resolve().parent / "catalogue"
CATALOGUE_DIR = DEFAULT_DIR
_version = 0  # bumped whenever the caches are cleared: a key for caches derived from the catalogue
_settled: set[Path] = set()  # directories whose journal was looked at since the caches were cleared
recoveries: list[str] = []  # what settling did in this process, for the command line to report


class CatalogueError(ValueError):
    """The curated catalogue contradicts itself (duplicate id, unknown category, ...)."""


def directory() -> Path:
    return _dir()


def _dir() -> Path:
    """The catalogue directory, settled: an interrupted change completed or discarded first."""
    if CATALOGUE_DIR not in _settled:
        settle(CATALOGUE_DIR)
    return CATALOGUE_DIR


def settle(path: Path, *, held: bool = False) -> str | None:
    """Complete or discard what an interrupted `add` left in `path` (see analytics.catalogue_journal);
    `held`: the caller holds the directory's lock (`add` does, from start to end)."""
    path = Path(path)
    try:
        done = (catalogue_journal.recover if held else catalogue_journal.settle)(path)
    except catalogue_journal.JournalError as exc:
        raise CatalogueError(str(exc)) from None
    except OSError as exc:
        raise CatalogueError(f"{path}: an interrupted add left {catalogue_journal.JOURNAL}, which only a user who "
                             f"may write this directory can complete ({exc.strerror or exc}: "
                             f"{exc.filename or path})") from None
    if done:
        recoveries.append(f"{path}: {done}")
        clear_caches()
    _settled.add(path)
    return done


def use_directory(path: Path) -> None:
    """Read the catalogue from `path` from now on (the CLI's --catalogue; tests use copies)."""
    global CATALOGUE_DIR
    CATALOGUE_DIR = Path(path).resolve()
    clear_caches()


@contextmanager
def using_directory(path: Path):
    previous = CATALOGUE_DIR
    use_directory(path)
    try:
        yield
    finally:
        use_directory(previous)


def version() -> int:
    """Changes whenever the catalogue may have changed (another directory, a file written)."""
    return _version


def clear_caches() -> None:
    global _version
    _version += 1
    _settled.clear()
    for function in (documents, cities, plan_periods, categories, unit_factors, indicators, alias_index,
                     header_vocabulary, table_overrides, figure_rules):
        function.cache_clear()


def validate() -> None:
    """Load and check every catalogue file; raises CatalogueError naming the file and the entry. Under the
    directory's shared lock: an `add` committing meanwhile is waited for, never read half-way."""
    with catalogue_journal.locked(_dir(), shared=True):
        for loader in (cities, plan_periods, categories, documents, indicators, unit_factors, header_vocabulary,
                       table_overrides, figure_rules):
            loader()


def _load_yaml(path: Path) -> list[dict]:
    if not path.is_file():
        raise CatalogueError(f"{path.name}: not found in the catalogue directory")
    with path.open(encoding="utf-8") as handle:
        try:
            loaded = yaml.safe_load(handle) or []
        except yaml.YAMLError as exc:
            raise CatalogueError(f"{path.name}: not valid YAML ({exc})") from exc
    if not isinstance(loaded, list):
        raise CatalogueError(f"{path.name}: expected a list of entries")
    return loaded


def _validated(file_name: str, model: type[BaseModel], key: str) -> tuple[dict, ...]:
    """Entries of one catalogue file, each checked by its model; ids must be unique."""
    rows, seen = [], {}
    for position, entry in enumerate(_load_yaml(_dir() / file_name), start=1):
        name = entry.get(key) if isinstance(entry, dict) else None
        where = f"{file_name}: entry {position}" + (f" ({key}: {name})" if name else "")
        try:
            row = model.model_validate(entry).model_dump()
        except ValidationError as exc:
            raise CatalogueError(f"{where}: {models.describe(exc)}") from None
        if row[key] in seen:
            raise CatalogueError(f"{where}: duplicate {key} (also entry {seen[row[key]]})")
        seen[row[key]] = position
        rows.append(row)
    return tuple(rows)


@cache
def cities() -> tuple[dict, ...]:
    return _validated("cities.yaml", models.City, "city_id")


@cache
def plan_periods() -> tuple[dict, ...]:
    return _validated("plan_periods.yaml", models.PlanPeriod, "plan_period")


@cache
def categories() -> tuple[dict, ...]:
    return _validated("categories.yaml", models.Category, "category")


@cache
def documents() -> tuple[dict, ...]:
    rows = _validated("documents.yaml", models.Document, "doc_id")
    known_cities = {row["city_id"] for row in cities()}
    known_periods = {row["plan_period"] for row in plan_periods()}
    files: dict[str, str] = {}
    for position, row in enumerate(rows, start=1):
        where = f"documents.yaml: entry {position} (doc_id: {row['doc_id']})"
        if row["city_id"] not in known_cities:
            raise CatalogueError(f"{where}: city_id {row['city_id']!r} is not in cities.yaml")
        if row["plan_period"] is not None and row["plan_period"] not in known_periods:
            raise CatalogueError(f"{where}: plan_period {row['plan_period']!r} is not in plan_periods.yaml")
        if row["source_file"] in files:
            raise CatalogueError(f"{where}: source_file {row['source_file']} is also {files[row['source_file']]}")
        files[row["source_file"]] = row["doc_id"]
    return rows


def category_rows() -> list[dict]:
    """categories.yaml as the rows of categories.parquet: the file's order is the display order."""
    return [dict(row, sort_order=position) for position, row in enumerate(categories(), start=1)]


@cache
def unit_factors() -> dict[tuple[str, str], float]:
    return {(row["from"], row["to"]): float(row["factor"]) for row in _load_yaml(_dir() / "units.yaml")}


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


def plan_periods_named_in(text: str) -> list[str]:
    """The plan periods whose Chinese name (“十三五”, quotes optional) occurs in `text`, in order."""
    found = []
    for row in plan_periods():
        bare = row["name_zh"].strip("“”\"")
        position = text.find(bare)
        if position >= 0:
            found.append((position, row["plan_period"]))
    return [period for _, period in sorted(found)]


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
    spans: str = ""  # why one city's values mix one-year figures and totals over a span
    not_merged_with: tuple[tuple[str, str], ...] = ()  # (indicator_id, why it is kept apart)
    part_of: tuple[tuple[str, str], ...] = ()  # (indicator_id it is a 其中 of, why): never added to it
    unit_equivalents: tuple[tuple[str, str], ...] = ()  # (a unit as written, why it counts as `unit`)

    @property
    def full_note(self) -> str:
        """The definition note as the indicators table stores it: with the span convention and the
        decisions to keep near-duplicates apart, when the catalogue records them."""
        parts = [self.definition_note]
        if self.spans:
            parts.append(f"Spans: {self.spans}")
        parts.extend(f"Kept apart from {other}: {why}" for other, why in self.not_merged_with)
        parts.extend(f"Part of {other} (其中, of which): {why}" for other, why in self.part_of)
        parts.extend(f"Values written in {unit} count as {self.unit}: {why}" for unit, why in self.unit_equivalents)
        return " ".join(part.strip() for part in parts if part.strip())


def normalise_label(label: str) -> str:
    """The form in which source labels and aliases are compared: no spaces, no markup, full-width colon."""
    label = MARKUP_TAGS.sub("", label)
    label = re.sub(r"\s+", "", label)
    return label.replace(":", "：")


@cache
def indicators() -> dict[str, Indicator]:
    """All indicators of indicators/*.yaml, each validated, checked against categories.yaml."""
    known_categories = {row["category"] for row in categories()}
    result: dict[str, Indicator] = {}
    for path in sorted((_dir() / "indicators").glob("*.yaml")):
        for position, entry in enumerate(_load_yaml(path), start=1):
            name = entry.get("id") if isinstance(entry, dict) else None
            where = f"indicators/{path.name}: entry {position}" + (f" (id: {name})" if name else "")
            try:
                row = models.IndicatorEntry.model_validate(entry)
            except ValidationError as exc:
                raise CatalogueError(f"{where}: {models.describe(exc)}") from None
            if row.id in result:
                raise CatalogueError(f"{where}: duplicate id (also in {result[row.id].source_files[0]})")
            if row.category not in known_categories:
                raise CatalogueError(f"{where}: unknown category {row.category!r} (categories.yaml)")
            result[row.id] = Indicator(
                indicator_id=row.id, name_zh=row.name_zh, name_en=row.name_en, category=row.category,
                unit=row.unit, direction=row.direction, aliases_zh=tuple(row.aliases_zh),
                definition_note=row.definition_note.strip(), reviewed=row.reviewed, source_files=(path.name,),
                spans=" ".join(row.spans.split()),
                not_merged_with=tuple((other, " ".join(why.split())) for other, why in row.not_merged_with.items()),
                part_of=tuple((other, " ".join(why.split())) for other, why in row.part_of.items()),
                unit_equivalents=tuple((unit, " ".join(why.split())) for unit, why in row.unit_equivalents.items()))
    _build_alias_index(result.values())  # fails early on an alias claimed twice
    for indicator in result.values():
        for other, _ in (*indicator.not_merged_with, *indicator.part_of):
            if other not in result or other == indicator.indicator_id:
                raise CatalogueError(f"indicators/{indicator.source_files[0]}: {indicator.indicator_id} names "
                                     f"{other!r} (not_merged_with / part_of), which is not another indicator of the "
                                     "catalogue")
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


def check_plan_period(plan_period: str | None) -> str | None:
    known = [period["plan_period"] for period in plan_periods()]
    if plan_period is not None and plan_period not in known:
        raise CatalogueError(f"unknown plan period {plan_period!r} (plan_periods.yaml has {', '.join(known)})")
    return plan_period


@cache
def header_vocabulary() -> models.HeaderVocabulary:
    path = _dir() / "table_headers.yaml"
    with path.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle) or {}
    try:
        return models.HeaderVocabulary.model_validate(loaded)
    except ValidationError as exc:
        raise CatalogueError(f"table_headers.yaml: {models.describe(exc)}") from None


@cache
def figure_rules() -> models.FigureRules:
    """figures.yaml: the counting units and non-units of the source coverage's figure rule."""
    path = _dir() / "figures.yaml"
    if not path.is_file():
        raise CatalogueError("figures.yaml: not found in the catalogue directory")
    with path.open(encoding="utf-8") as handle:
        try:
            loaded = yaml.safe_load(handle) or {}
        except yaml.YAMLError as exc:
            raise CatalogueError(f"figures.yaml: not valid YAML ({exc})") from exc
    try:
        return models.FigureRules.model_validate(loaded)
    except ValidationError as exc:
        raise CatalogueError(f"figures.yaml: {models.describe(exc)}") from None


@cache
def table_overrides() -> dict[tuple[str, str], models.TableOverride]:
    result = {}
    for position, entry in enumerate(_load_yaml(_dir() / "table_overrides.yaml"), start=1):
        try:
            override = models.TableOverride.model_validate(entry)
        except ValidationError as exc:
            raise CatalogueError(f"table_overrides.yaml: entry {position}: {models.describe(exc)}") from None
        key = (override.source_file, override.table)
        if key in result:
            raise CatalogueError(f"table_overrides.yaml: entry {position}: {key} occurs twice")
        result[key] = override
    return result
