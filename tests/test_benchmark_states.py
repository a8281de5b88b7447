"""`make bench`'s page states (tests/benchmark.py STATES): the Explorer measured with a search and on its last
page beside its default, each a row of the pages table, its URL parameters chosen from the data."""

from __future__ import annotations

import pytest

from analytics.db import get_database
from analytics.explorer import PAGE_SIZE, ExplorerFilter, count_observations
from tests import benchmark


@pytest.fixture(scope="module")
def real_db():
    return get_database()


def test_each_page_is_followed_by_its_states():
    assert benchmark.page_states(["overview", "explorer"]) == [
        "overview", "explorer", "explorer (search)", "explorer (last page)"]
    assert all(state.startswith(f"{page} (") for page, states in benchmark.STATES.items() for state in states)


def test_the_search_term_is_an_indicator_name_that_finds_rows(real_db):
    term = benchmark.search_term()
    assert term and count_observations(real_db, ExplorerFilter(text=term)) > 0
    assert benchmark.state_params("explorer (search)", {}, term) == {"q": term}
    assert benchmark.state_params("explorer", {"observations": 10}, term) == {}


def test_the_last_page_is_the_page_of_the_last_unfiltered_row(real_db):
    n = count_observations(real_db)
    params = benchmark.state_params("explorer (last page)", {"observations": n}, "x")
    assert (int(params["page"]) - 1) * PAGE_SIZE < n <= int(params["page"]) * PAGE_SIZE
    assert benchmark.state_params("explorer (last page)", {"observations": 0}, "x") == {"page": "1"}


def test_a_state_is_rendered_with_its_parameters_and_reported_as_its_own_row():
    record = benchmark.measure_page("explorer (last page)", benchmark.COMMITTED_DATA, 120, {"page": "2"})
    assert "error" not in record and record["params"] == {"page": "2"} and record["first"] > 0
    results = benchmark.Results(scales=["1x"], pages={"1x": {"explorer": {"first": 1.0, "second": 0.1},
                                                             "explorer (last page)": record}})
    lines = benchmark.page_table(results)
    assert any(line.startswith("| 1x | explorer (last page) · page 2 |") for line in lines)
    assert any(line.startswith("| 1x | explorer |") for line in lines)
