"""The shape of every catalogue entry (pydantic): what analytics.catalogue accepts from YAML.

A wrong entry (a missing name, a colour that is not #RRGGBB, an unknown key) is refused with
the field named; analytics.catalogue adds the file and the entry.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from analytics.schema import DIRECTIONS, VALUE_KINDS

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
Direction = Literal[DIRECTIONS]  # type: ignore[valid-type]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class City(_Entry):
    city_id: Id
    name_zh: Text
    name_en: Text
    province_zh: str | None = None
    province_en: str | None = None
    color: Colour
    sort_order: int


class PlanPeriod(_Entry):
    plan_period: Annotated[str, StringConstraints(pattern=r"^[0-9a-z_]+$")]
    name_zh: Text
    name_en: Text
    start_year: int
    end_year: int

    @model_validator(mode="after")
    def _ordered(self):
        if self.start_year > self.end_year:
            raise ValueError("start_year is after end_year")
        return self


class Category(_Entry):
    category: Id
    name_zh: Text
    name_en: Text
    # False: the category's indicators are the bureau's own activity, not outcomes of its city, and stay out of
    # cross-city comparisons by default (listed last in the pickers, never a default); `why` says so
    compared: bool = True
    why: Text | None = None


class Document(_Entry):
    doc_id: Id
    source_file: Text
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    city_id: Id
    kind: Text
    title_zh: Text
    title_en: Text
    issuer_zh: str | None = None
    issuer_en: str | None = None
    doc_number: str | None = None
    issued: str | None = None
    plan_period: str | None = None
    covers_zh: str | None = None
    covers_en: str | None = None


class IndicatorEntry(_Entry):
    id: Id
    name_zh: Text
    name_en: Text
    category: Id
    unit: Text
    direction: Direction
    aliases_zh: list[Text] = Field(default_factory=list)
    definition_note: str = ""
    spans: str = ""  # why one city's values mix one-year figures and totals over a span (tests/test_spans.py)
    unit_equivalents: dict[Text, Text] = Field(default_factory=dict)  # a unit as written -> why it counts as `unit`
    not_merged_with: dict[Id, Text] = Field(default_factory=dict)  # a near-duplicate kept apart -> why
    part_of: dict[Id, Text] = Field(default_factory=dict)  # the indicator this one is a 其中 (of which) of -> why
    reviewed: bool = True


class FigureRules(_Entry):
    """figures.yaml: what counts as a figure of a source document (analytics/ingest/figures.py)."""
    extra_units: list[Text] = Field(default_factory=list)
    not_units: list[Text] = Field(default_factory=list)


class HeaderVocabulary(_Entry):
    titles: list[Text]
    roles: dict[Literal["number", "label", "unit", "attribute", "category", "district"], list[Text]]
    value_kinds: dict[Literal[VALUE_KINDS], list[Text]]  # type: ignore[valid-type]
    estimates: list[Text] = Field(default_factory=list)
    city_rows: list[Text] = Field(default_factory=list)
    attributes: dict[Text, Literal["binding", "expected"]]


class ColumnOverride(_Entry):
    cumulative_by_name: str | None = None
    cumulative_like: str | None = None
    cumulative_labels: dict[Text, Text] = Field(default_factory=dict)  # row label -> why its cell is a total


class FootnoteOverride(_Entry):
    quote: Text
    labels: list[Text]
    headers: list[Text]
    note: Text


class TableOverride(_Entry):
    source_file: Text
    table: Text
    plan_period: str | None = None
    columns: dict[str, ColumnOverride] = Field(default_factory=dict)
    footnotes: list[FootnoteOverride] = Field(default_factory=list)


def describe(error: ValidationError) -> str:
    """pydantic's errors as one line: `field: message; field: message`."""
    parts = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "entry"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)
