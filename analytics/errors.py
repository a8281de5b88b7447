"""The errors a caller of `analytics` handles.

`DataError` (from analytics.schema): a data file is missing, unreadable or off-schema; the
message names the file and the rebuild command. `QueryError`: a caller asked for a city,
plan period, indicator, value kind or sort key the data does not have; the message lists
the valid choices, so a CLI or a page can show it as is.
"""

from __future__ import annotations

from collections.abc import Iterable

from analytics.schema import DataError

__all__ = ["DataError", "QueryError", "SourceError", "check_choice", "check_choices"]


class SourceError(Exception):
    """A source document is missing, changed, unreadable, or does not say what a rule expects (file:line).
    Raised by ingestion (analytics.ingest) and by the document readers (analytics.formats), which the
    pages use too: it lives here, where importing it loads neither the catalogue nor ingestion."""


class QueryError(ValueError):
    """An unknown id or option. `field`, `value` and `choices` let a UI offer a fix."""

    def __init__(self, field: str, value: object, choices: Iterable[object]):
        self.field = field
        self.value = value
        self.choices = tuple(choices)
        shown = ", ".join(str(choice) for choice in self.choices) or "(none in the data)"
        super().__init__(f"unknown {field} {value!r}; valid choices: {shown}")


def check_choice(field: str, value: object, choices: Iterable[object]) -> object:
    """`value` if it is one of `choices`, else QueryError listing them."""
    choices = tuple(choices)
    if value not in choices:
        raise QueryError(field, value, choices)
    return value


def check_choices(field: str, values: Iterable[object] | None, choices: Iterable[object]) -> list:
    """Every value of `values` (None or empty means none), each checked against `choices`."""
    choices = tuple(choices)
    return [check_choice(field, value, choices) for value in (values or ())]
