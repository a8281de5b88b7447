"""Issue 11's goal at 100× (small enough for CI): a page's first render (AppTest, fresh process,
opening the database included) on 30 cities × 1,800 indicators (52,800 rows) takes at most
2× its render on the real data. Ratios from the same run, not wall-clock limits: both
renders run one after the other under the same load. `make bench` measures every page at
up to 10,000× (docs/benchmark.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import benchmark, synthetic
from tests.conftest import COMMITTED_DATA

GOAL = benchmark.RATIO_GOAL["100x"]
COPIES, VARIANTS = benchmark.SCALES["100x"]
PAGES = ("overview", "compare", "scorecard", "ambition", "explorer", "sources")
TRIALS = 3  # the fastest of three fresh processes per page and scale: a slow start is the machine, not the page
TIMEOUT = 120.0


@pytest.fixture(scope="module")
def data_100x(tmp_path_factory) -> Path:
    return synthetic.build(tmp_path_factory.mktemp("bench") / "100x", COPIES, VARIANTS, source_dir=COMMITTED_DATA)


def _fastest(page_name: str, data_dirs: tuple[Path, ...], trials_each: int = TRIALS) -> list[dict]:
    """Per data directory, the fastest of `trials_each` renders; the directories take turns, so a busy
    moment of the machine falls on both sides of the ratio alike."""
    trials: list[list[dict]] = [[] for _ in data_dirs]
    for _ in range(trials_each):
        for runs, data_dir in zip(trials, data_dirs, strict=True):
            runs.append(benchmark.measure_page(page_name, data_dir, TIMEOUT))
    for run in (run for runs in trials for run in runs):
        assert "error" not in run, run
    return [min(runs, key=lambda run: run["first"]) for runs in trials]


@pytest.mark.parametrize("page_name", PAGES)
def test_first_render_at_100x_is_within_2x_of_the_real_data(page_name: str, data_100x: Path):
    real, scaled = _fastest(page_name, (COMMITTED_DATA, data_100x))
    ratio = scaled["first"] / real["first"]
    assert ratio <= GOAL, (
        f"{page_name}: first render {scaled['first']:.2f} s at 100x vs {real['first']:.2f} s on the real data "
        f"= {ratio:.2f}× (goal ≤ {GOAL:g}×); second render {scaled['second']:.2f} s vs {real['second']:.2f} s; "
        f"peak RSS {scaled['rss_mb']:.0f} MB vs {real['rss_mb']:.0f} MB")


# Issue 24: the Sources page at 1,000× (500 documents, 300 cities, 670,000 rows) within 1.5× of the
# real data: a filtered, paged list of documents instead of every document at once.
SOURCES_GOAL_1000X = 1.5


@pytest.fixture(scope="module")
def data_1000x(tmp_path_factory) -> Path:
    copies, variants = benchmark.SCALES["1000x"]
    return synthetic.build(tmp_path_factory.mktemp("bench") / "1000x", copies, variants, source_dir=COMMITTED_DATA)


def test_sources_first_render_at_1000x_is_within_1_5x_of_the_real_data(data_1000x: Path):
    # five turns, not three: the goal leaves less room (1.5x; about 1.2x measured on a quiet machine) for the
    # other test worker's load to land on one side of the ratio
    real, scaled = _fastest("sources", (COMMITTED_DATA, data_1000x), trials_each=5)
    ratio = scaled["first"] / real["first"]
    assert ratio <= SOURCES_GOAL_1000X, (
        f"sources: first render {scaled['first']:.2f} s at 1000x vs {real['first']:.2f} s on the real data "
        f"= {ratio:.2f}× (goal ≤ {SOURCES_GOAL_1000X:g}×)")
    print(f"sources at 1000x: {scaled['first']:.2f} s vs {real['first']:.2f} s = {ratio:.2f}×")
