"""The generic prose reader: every figure a document states in its sentences, read with no rule
written for it (issue: prose without hand-written rules).

INTERFACE (being implemented): the names below are the contract the rest of ingestion, `review`
and the leave-one-out benchmark use.
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.ingest.sources import SourceDocument

MACHINE, CURATED, TABLE = "machine", "curated", "table"  # observations.reading (schema.READINGS)


@dataclass(frozen=True)
class ProseReading:
    """One figure of a sentence, read by machine."""

    source_file: str
    line: int  # 1-based
    start: int  # offset of the figure on its line (the figure rule of analytics.ingest.figures)
    quote: str  # the clause that holds the label and the figure, a substring of the line
    text: str  # the number phrase as written, a substring of quote: 4.59万人, 3.0%以内, 约 0.21 万人
    value: float  # the number in `unit` (5万多人次: 5 in 万人次)
    unit: str  # the unit as written, a multiplier joined to it (万人, 万人次, %, 元); a list's shared unit
    label: str  # the indicator's name as the sentence words it (城镇新增就业)
    indicator_id: str | None  # the catalogue indicator the label names; None: a new one under `label`
    value_kind: str  # schema.VALUE_KINDS
    year: int
    plan_period: str | None
    cumulative: tuple[int, int] | str | None  # (start, end) total, "to_date" running total, None one year
    target_scope: str | None  # plan | annual for a target
    comparator: str | None  # schema.COMPARATORS, None when the text gives none (=)
    district: str | None
    confidence: float  # 0..1; readings under ACCEPT are not kept (the figure stays unread with why)
    how: str  # the cues that decided, in words (shown by `review` and in the row's note)


@dataclass(frozen=True)
class ProseUnread:
    """A figure of a sentence the reader would not read, and why."""

    source_file: str
    line: int
    start: int
    text: str
    reason: str


@dataclass(frozen=True)
class LabelIndex:
    """Indicator names the reader matches labels against: normalised name or alias -> indicator_id,
    and each indicator's unit. `from_catalogue()` builds it from every catalogue indicator; the
    leave-one-out benchmark builds a reduced one."""

    names: dict[str, str]
    units: dict[str, str]


def read_prose(doc: SourceDocument, index: LabelIndex, skip: set[tuple[int, int]] = frozenset()
               ) -> tuple[list[ProseReading], list[ProseUnread]]:
    """Every figure on the document's non-table lines, read or left unread with a reason. `skip`:
    (line, start) of figures already read (by a table or a curated rule): neither read nor listed."""
    raise NotImplementedError
