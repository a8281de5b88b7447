"""Marked, never silent: every value says how it was read (observations.reading: curated, table,
machine), a machine reading carries its confidence, and the pages mark machine-read values and can
leave them out. The machine-read rows are FICTIONAL (tests/fixture_dataset.machine_rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.ingest.observation import observation
from analytics.ingest.sources import SourceDocument, SourceError
from analytics.notation import parse_single

DOC = {"doc_id": "fictional_plan", "source_file": "999_fictional.txt", "city_id": "jiangmen", "plan_period": "14th"}


def _row(**reading) -> dict:
    doc = SourceDocument(DOC, Path("999_fictional.txt"), "0" * 64, ("城镇新增就业4.59万人",))
    return observation(doc, line=1, quote="城镇新增就业4.59万人", indicator_id="urban_new_jobs", value_kind="actual",
                       year=2023, raw_text="4.59", parsed=parse_single("4.59"), raw_unit="万人", plan_period="14th",
                       **reading)


def test_a_row_says_how_it_was_read_and_only_a_machine_reading_has_a_confidence():
    assert (_row(reading="table")["reading"], _row(reading="table")["confidence"]) == ("table", None)
    machine = _row(reading="machine", confidence=0.7)
    assert (machine["reading"], machine["confidence"]) == ("machine", 0.7)
    assert machine["obs_id"] == _row(reading="curated")["obs_id"]  # the reading is not part of the key


@pytest.mark.parametrize(("reading", "message"), [
    ({"reading": "machine"}, "needs a confidence in 0..1"),
    ({"reading": "machine", "confidence": 1.2}, "needs a confidence in 0..1"),
    ({"reading": "machine", "confidence": float("nan")}, "needs a confidence in 0..1"),
    ({"reading": "table", "confidence": 0.9}, "only a machine reading has a confidence"),
    ({"reading": "guessed"}, "is not one of curated, table, machine"),
])
def test_a_reading_that_does_not_fit_is_refused(reading, message):
    with pytest.raises(SourceError, match=message):
        _row(**reading)


def test_the_reading_is_required():
    with pytest.raises(TypeError):
        _row()
