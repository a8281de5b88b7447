"""A two-year programme added and rebuilt with no rule written for it: the layouts the prose reader learned
from the equalisation rules, in a document it has never seen.

tests/documents/prose/931_qiushui_2029_2030_equalisation_rules.txt is FICTIONAL (a city 秋水 that does not
exist, invented numbers). It holds, as real programmes are laid out: district figures given 分别 that add up
to two years of the annex's every-year figure, a ratio of the catalogue in a sentence, a count of people
that lost its 万, and an annex laid out one cell a line with a 完成时间 column.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest

from tests.added_world import add_and_rebuild
from tests.generation_helpers import table_path

PROGRAMME = Path(__file__).parent / "documents" / "prose" / "931_qiushui_2029_2030_equalisation_rules.txt"


@pytest.fixture(scope="module")
def world(sources_dir, tmp_path_factory):
    built = add_and_rebuild(sources_dir, tmp_path_factory.mktemp("programme_world"), PROGRAMME)
    rows = [row for row in pq.read_table(table_path(built.data, "observations")).to_pylist()
            if row["source_file"] == PROGRAMME.name]
    figures = [row for row in pq.read_table(table_path(built.data, "source_figures")).to_pylist()
               if row["source_file"] == PROGRAMME.name]
    return SimpleNamespace(added=built.added, rows=rows, figures=figures,
                           lines=PROGRAMME.read_text("utf-8").split("\n"))


def _read(world, line: int, text: str) -> list[tuple]:
    assert text in world.lines[line - 1]  # the golden value is on its line
    return sorted((row["indicator_id"], row["value_kind"], row["year"], row["value"], row["unit"], row["span_kind"],
                   row["period_start"], row["district"], row["target_scope"])
                  for row in world.rows if row["source_line"] == line and row["raw_text"] == text)


def test_the_programme_covers_its_two_years_and_every_figure_is_read_by_machine(world):
    assert "covers    2029-2030" in world.added.stdout
    assert {row["reading"] for row in world.rows} == {"machine"}
    assert [row["status"] for row in world.figures] == ["read"] * 8  # the ratio is one figure


@pytest.mark.parametrize(("line", "text", "district"), [
    (7, "300名", "东湖区"), (7, "500名", "西湖区"), (7, "400名", "南湖区")])
def test_district_figures_adding_up_to_two_years_of_the_annex_figure_are_two_year_totals(world, line, text,
                                                                                          district):
    # 300 + 500 + 400 = 2 x the annex's 每年…600名: each district's total over 2029-2030
    value = float(text.removesuffix("名"))
    assert _read(world, line, text) == [("disabled_urban_new_jobs", "target", 2030, value, "名", "total", 2029,
                                         district, "plan")]


def test_a_year_cell_of_the_annex_gives_its_task_the_year(world):
    assert _read(world, 17, "600名") == [("disabled_urban_new_jobs", "target", 2029, 600, "名", "year", None, None,
                                          "annual")]
    assert _read(world, 22, "300名") == [("disabled_self_employment_support", "target", 2030, 300, "名", "year",
                                          None, None, "annual")]


def test_a_ratio_of_the_catalogue_is_read_as_its_shares(world):
    assert _read(world, 7, "9:39:52") == sorted(
        (indicator, "target", 2030, share, "%", "year", None, None, "plan")
        for indicator, share in (("senior_share_of_professional_technical_talent", 9),
                                 ("intermediate_share_of_professional_technical_talent", 39),
                                 ("junior_share_of_professional_technical_talent", 52)))


def test_a_count_of_people_that_lost_its_wan_is_read_in_wan(world):
    # 0.35 人 beside 2.1 万人: a count of people is whole
    assert _read(world, 7, "0.35 人") == [("high_level_talent_phd_or_senior_title", "target", 2030, 0.35, "万人",
                                            "year", None, None, "plan")]
