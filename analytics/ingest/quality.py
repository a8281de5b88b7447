"""Cross-checks between values that should agree. (In progress.)"""

from __future__ import annotations


def cross_check(observations: list[dict]) -> list[dict]:
    return []
