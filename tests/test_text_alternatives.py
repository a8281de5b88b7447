"""Every chart has a text alternative on its page (issue: presenter and reader polish): the
verdict, and a table holding the chart's own numbers. Trends' table is in tests/test_trends.py;
Compare, Scorecard and Ambition draw theirs beside the chart (tests/test_pages.py)."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from analytics import coverage, dimensions, scorecard
from analytics.db import get_database
from tests.apptest_helpers import open_app


def _figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _array(value) -> list:
    """A figure's array as a list (plotly writes numeric arrays as base64 typed arrays)."""
    if isinstance(value, dict) and "bdata" in value:
        shape = value.get("shape")
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return array.reshape([int(n) for n in str(shape).split(",")]).tolist() if shape else array.tolist()
    return list(value)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_coverage_matrix_comes_with_its_table(lang):
    at = open_app(None, lang=lang)
    heatmaps = [trace for figure in _figures(at) for trace in figure["data"] if trace["type"] == "heatmap"]
    drawn = sum(value for trace in heatmaps for row in _array(trace["z"]) for value in row)
    tables = [frame.value for frame in at.dataframe]
    total_column = "数值个数" if lang == "zh" else "Values"
    period_column = "规划期" if lang == "zh" else "Plan period"  # the province table has no such column
    matrix_tables = [table for table in tables if {total_column, period_column} <= set(table.columns)]
    assert len(matrix_tables) == 1
    assert int(matrix_tables[0][total_column].sum()) == drawn > 0


def test_the_coverage_table_counts_what_the_matrix_counts():
    db = get_database()
    rows = coverage.coverage(db, ["zhanjiang"])
    table = coverage.coverage_table(rows, coverage.cities(db, ["zhanjiang"]), dimensions.categories(db),
                                    dimensions.plan_periods(db), "en")
    in_plans = rows[rows["plan_period"].notna()]
    assert int(table["Values"].sum()) == int(in_plans["n_values"].sum())
    fourteenth = table[table["Plan period"] == dimensions.plan_period_name(db, "14th", "en")].iloc[0]
    # Zhanjiang's 14th plan (003): the table's cells equal the SQL counts category by category.
    for category, name in zip(dimensions.categories(db)["category"], dimensions.categories(db)["name_en"],
                              strict=True):
        expected = int(in_plans[(in_plans["plan_period"] == "14th") & (in_plans["category"] == category)]
                       ["n_values"].sum())
        assert fourteenth[name] == expected


def test_the_status_count_chart_comes_with_its_table():
    at = open_app("scorecard", lang="en", city="zhanjiang", period="13th")
    figure = next(f for f in _figures(at) if f["layout"].get("barmode") == "stack")
    drawn = {(trace["name"], y): x for trace in figure["data"]
             for y, x in zip(_array(trace["y"]), _array(trace["x"]), strict=True)}
    table = next(frame.value for frame in at.dataframe if "Met" in frame.value.columns
                 and "City" in frame.value.columns)
    for record in table.to_dict("records"):
        for status in ("Met", "Not met"):
            assert drawn.get((status, record["City"]), 0) == record[status]
    db = get_database()
    cards = scorecard.period_scorecards(db, "13th", None)
    assert int(table["Count"].sum()) == len(cards)
