"""The pages for many cities: the overview's chosen cities and province table, the coverage
matrix's aggregate, and top-N charts (issue 11).

Golden numbers on the committed data come from pyarrow over the generation's Parquet files
(current_tables), not from the SQL under test. The many-city cases run on a fictional
generation from tests.synthetic (copies of the real cities, plainly named "synthetic")."""

from __future__ import annotations

import pandas as pd
import pyarrow.compute as pc
import pytest

from analytics import compare, coverage, dimensions, paths
from analytics.db import Database, get_database
from tests.apptest_helpers import open_app, shown, texts
from tests.generation_helpers import current_tables
from tests.test_pages import chart
from ui import charts

SYNTHETIC_COPIES = 5  # 15 cities: more than a chart's TOP_CITIES draws


# ---- the committed data -------------------------------------------------------------------------

def _independent_province_counts() -> dict[str, dict]:
    """Per province, counted with pyarrow over the Parquet tables (not with the SQL under test)."""
    tables = current_tables(paths.data_dir())
    cities = tables["cities"].to_pylist()
    province_of = {city["city_id"]: city["province_en"] for city in cities}
    counts: dict[str, dict] = {}
    for city in cities:
        entry = counts.setdefault(city["province_en"], {
            "n_cities": 0, "n_documents": 0, "indicators": set(), "n_values": 0, "n_targets": 0, "n_actuals": 0,
            "periods": set()})
        entry["n_cities"] += 1
    for document in tables["documents"].to_pylist():
        counts[province_of[document["city_id"]]]["n_documents"] += 1
    observations = tables["observations"]
    observations = observations.filter(pc.is_valid(observations["value"]))
    targets: set[tuple] = set()  # a target stated twice (a table and the text) is one target (issue 23)
    for row in observations.select(["city_id", "district", "indicator_id", "value_kind", "plan_period", "year",
                                    "span_kind", "period_start", "target_scope"]).to_pylist():
        entry = counts[province_of[row["city_id"]]]
        entry["indicators"].add(row["indicator_id"])
        entry["n_values"] += 1
        key = (row["city_id"], row["district"], row["indicator_id"], row["plan_period"], row["year"],
               row["span_kind"], row["period_start"], row["target_scope"])
        entry["n_targets"] += row["value_kind"] == "target" and key not in targets
        if row["value_kind"] == "target":
            targets.add(key)
        entry["n_actuals"] += row["value_kind"] == "actual"
        if row["plan_period"] is not None:
            entry["periods"].add(row["plan_period"])
    return counts


def test_province_summary_matches_an_independent_count():
    table = coverage.province_summary(get_database(), "en")
    independent = _independent_province_counts()
    assert list(table["province"]) == ["Guangdong", "Jiangxi"]  # display order of their first city
    for row in table.to_dict("records"):
        expected = independent[row["province"]]
        assert row["n_cities"] == expected["n_cities"]
        assert row["n_documents"] == expected["n_documents"]
        assert row["n_indicators"] == len(expected["indicators"])
        assert row["n_values"] == expected["n_values"]
        assert row["n_targets"] == expected["n_targets"]
        assert row["n_actuals"] == expected["n_actuals"]
        assert set(row["plan_periods"]) == expected["periods"]


def test_province_summary_golden_numbers():
    # Guangdong: Jiangmen (000, 002, 004) and Zhanjiang (003); Jiangxi: Jingdezhen (001).
    rows = coverage.province_summary(get_database(), "zh").set_index("province").to_dict("index")
    assert rows["广东"]["n_cities"] == 2 and rows["广东"]["n_documents"] == 4
    assert rows["江西"]["n_cities"] == 1 and rows["江西"]["n_documents"] == 1
    assert rows["江西"]["plan_periods"] == ["12th", "13th"]
    assert rows["广东"]["plan_periods_label"] == "“十二五”、“十三五”、“十四五”"
    assert rows["广东"]["n_values"] + rows["江西"]["n_values"] == sum(
        row["n_values"] for row in _independent_province_counts().values())


def test_coverage_total_is_the_sum_over_every_city():
    db = get_database()
    per_city = coverage.coverage(db)
    total = coverage.coverage_total(db)
    keys = ["plan_period", "category", "value_kind"]
    outside = "(outside plan tables)"  # a null plan period, as a key both frames share
    per_city, total = per_city.fillna({"plan_period": outside}), total.fillna({"plan_period": outside})
    summed = {key: (int(group["n_values"].sum()), int(group["n_rows"].sum()),
                    int(group.loc[group["n_values"] > 0, "city_id"].nunique()))
              for key, group in per_city.groupby(keys)}
    assert {tuple(row[k] for k in keys): (row["n_values"], row["n_rows"], row["n_cities"])
            for row in total.to_dict("records")} == summed


def test_chosen_cities_are_filtered_in_sql_and_match_the_full_answer():
    db = get_database()
    every = coverage.headline_figures(db, "en").set_index("city_id")
    one = coverage.headline_figures(db, "en", city_ids=["jingdezhen"])
    assert list(one["city_id"]) == ["jingdezhen"]
    assert one.set_index("city_id").loc["jingdezhen"].equals(every.loc["jingdezhen"])
    assert set(coverage.coverage(db, ["zhanjiang"])["city_id"]) == {"zhanjiang"}
    assert set(coverage.documents(db, ["zhanjiang"])["city_id"]) == {"zhanjiang"}
    assert list(coverage.cities(db, ["zhanjiang", "jiangmen"])["city_id"]) == ["jiangmen", "zhanjiang"]
    assert coverage.default_cities(db) == dimensions.city_ids(db)  # three cities: all of them


def test_headline_cards_compare_single_years_and_name_totals():
    """The card's figure is each city's latest single-year value when it has one; a city with
    only five-year totals shows its latest total, named as such, with its annual average."""
    db = get_database()
    en = coverage.headline_figures(db, "en").set_index("city_id")
    # Jiangmen: the 2020 work report's 4.59万人 (004:2), a single year.
    assert en.loc["jiangmen", ["latest_basis", "latest_when", "latest_text"]].tolist() == ["year", "2020", "4.59"]
    # Jingdezhen: the 2015 value 2.31 (the 13th plan's base, 001:105) over the 2011-2015 total 18.17 (001:44).
    jingdezhen = en.loc["jingdezhen"]
    assert (jingdezhen["latest_value"], jingdezhen["latest_year"], jingdezhen["latest_basis"]) == (2.31, 2015, "year")
    assert pd.isna(jingdezhen["latest_annual_average"])
    # Zhanjiang has totals only: [38.39] over 2016-2020 (003:103), named, with 38.39 ÷ 5.
    zhanjiang = en.loc["zhanjiang"]
    assert (zhanjiang["latest_basis"], zhanjiang["latest_when"], zhanjiang["latest_text"]) == (
        "total", "2016–2020 total", "38.39")
    assert zhanjiang["latest_annual_average"] == pytest.approx(38.39 / 5)
    assert zhanjiang["latest_annual_average_text"] == "7.68"
    zh = coverage.headline_figures(db, "zh").set_index("city_id")
    assert zh.loc["zhanjiang", "latest_when"] == "2016—2020年累计" and zh.loc["jiangmen", "latest_when"] == "2020年"
    # A card does not change with the other cities shown.
    for city_id in en.index:
        alone = coverage.headline_figures(db, "en", city_ids=[city_id]).set_index("city_id").loc[city_id]
        assert alone.equals(en.loc[city_id]), city_id


def test_overview_cards_name_what_their_figure_covers():
    at = open_app("overview", lang="en")
    jobs = [metric for metric in at.get("metric") if "Urban new jobs" in metric.label]
    assert [(shown(metric.label), metric.value) for metric in jobs] == [
        ("Urban new jobs, 10k people (2020)", "4.59"), ("Urban new jobs, 10k people (2015)", "2.31"),
        ("Urban new jobs, 10k people (2016–2020 total)", "38.39")]
    assert "Annual average: 7.68 (10k people), the total ÷ its years" in texts(at)
    zh = open_app("overview")
    labels_zh = [shown(metric.label) for metric in zh.get("metric") if "城镇新增就业" in metric.label]
    assert labels_zh == ["城镇新增就业，万人（2020年）", "城镇新增就业，万人（2015年）",
                         "城镇新增就业，万人（2016—2020年累计）"]
    assert "年均：7.68万人（累计数 ÷ 年数）" in texts(zh)


def test_coverage_matrix_cells_sit_where_their_labels_say():
    db = get_database()
    cities = coverage.cities(db, ["jingdezhen"])
    fig = charts.coverage_matrix(coverage.coverage(db, ["jingdezhen"]), cities, dimensions.categories(db),
                                 dimensions.plan_periods(db), "en", False, total=coverage.coverage_total(db),
                                 total_label="All 3 cities")
    total_trace, city_trace = fig.data
    labels = list(fig.layout.xaxis.ticktext)
    assert labels[:3] == ["All 3 cities<br>12th plan", "All 3 cities<br>13th plan", "All 3 cities<br>14th plan"]
    assert labels[3:] == ["Jingdezhen<br>12th plan", "Jingdezhen<br>13th plan", "Jingdezhen<br>14th plan"]
    categories = list(fig.layout.yaxis.ticktext)
    employment = categories.index("Employment")
    per_city = coverage.coverage(db)
    jd = per_city[(per_city["city_id"] == "jingdezhen") & (per_city["category"] == "employment")]
    every = per_city[per_city["category"] == "employment"]
    for column, period in enumerate(("12th", "13th", "14th")):
        assert city_trace.z[employment][column] == jd.loc[jd["plan_period"] == period, "n_values"].sum()
        assert total_trace.z[employment][column] == every.loc[every["plan_period"] == period, "n_values"].sum()
    assert list(city_trace.x) == [3, 4, 5] and list(total_trace.x) == [0, 1, 2]


def test_top_cities_rank_by_the_largest_value():
    import pandas as pd

    rows = pd.DataFrame({"city_id": ["a", "a", "b", "c", "d"], "display_value": [1.0, 9.0, 5.0, None, 5.0]})
    assert compare.rank_cities(rows) == ["a", "b", "d"]  # c has no value; b before d: order of the rows
    assert compare.top_cities(rows, 2) == (["a", "b"], ["d"])
    assert compare.top_cities(rows, None) == (["a", "b", "d"], [])


# ---- the overview page on the committed data --------------------------------------------------

def province_table(at):
    """The English overview's province table (the coverage matrix's own table sits above it)."""
    return next(frame.value for frame in at.dataframe if "Province" in frame.value.columns)


def test_overview_starts_with_every_city_of_a_small_dataset():
    at = open_app("overview", lang="en")
    assert at.multiselect(key="city").value == ["jiangmen", "jingdezhen", "zhanjiang"]
    provinces = province_table(at)
    assert list(provinces["Province"]) == ["Guangdong", "Jiangxi"]
    assert list(provinces["Cities"]) == [2, 1]
    assert "By province" in texts(at)
    heatmaps = [trace for trace in chart(at)["data"] if trace["type"] == "heatmap"]
    assert len(heatmaps) == 1  # every city is chosen: no total group


def test_overview_link_selects_exactly_its_cities():
    at = open_app("overview", lang="en", city="jingdezhen")
    assert at.multiselect(key="city").value == ["jingdezhen"]
    content = texts(at)
    assert "001_ec0a8e65957f0800.txt:105" in content  # Jingdezhen's latest single-year urban new jobs (2015)
    assert "004_95eefe6b59f03fdd.txt:2" not in content  # Jiangmen's card is not drawn
    assert "18 targets, **10** met" in content  # Jingdezhen 12th (001:44-61)
    assert "14 targets, **14** met" not in content  # Zhanjiang's 13th is not shown
    spec = chart(at)
    assert spec["layout"]["xaxis"]["ticktext"][0] == "All 3 cities<br>12th plan"
    assert len(spec["layout"]["xaxis"]["ticktext"]) == 6  # the total and Jingdezhen, three periods each
    assert len(province_table(at)) == 2  # the province table still sums up every city


# ---- many cities (a fictional synthetic generation) ---------------------------------------------

@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory):
    from tests import synthetic

    return synthetic.build(tmp_path_factory.mktemp("synthetic"), SYNTHETIC_COPIES, 1)


@pytest.fixture
def many_cities(synthetic_dir, monkeypatch):
    monkeypatch.setenv("PLAN_DATA_DIR", str(synthetic_dir))
    return synthetic_dir


def test_overview_with_many_cities_shows_a_few_and_sums_up_the_rest(many_cities):
    database = Database(many_cities)
    try:
        n_cities = len(dimensions.city_ids(database))
        provinces = coverage.province_summary(database, "en")
        default = coverage.default_cities(database)
    finally:
        database.close()
    assert n_cities == 3 * SYNTHETIC_COPIES and len(default) == dimensions.DEFAULT_CITY_COUNT
    assert int(provinces["n_cities"].sum()) == n_cities
    at = open_app("overview", lang="en")
    assert at.multiselect(key="city").value == default
    shown = texts(at)
    assert f"{n_cities} cities" in shown
    assert "Zhanjiang (synthetic 4)" not in shown  # no card for a city that is not chosen
    assert list(province_table(at)["Province"]) == list(provinces["province"])
    spec = chart(at)
    # More chosen columns than fit: a row per city (the total first), a panel per plan period.
    assert spec["layout"]["yaxis"]["ticktext"][0] == f"All {n_cities} cities"
    assert len(spec["layout"]["yaxis"]["ticktext"]) == 1 + len(default)
    assert {trace["type"] for trace in spec["data"]} == {"heatmap"}


def test_compare_draws_the_top_cities_and_the_rest_on_request(many_cities):
    database = Database(many_cities)
    try:
        every = dimensions.city_ids(database)
        result = compare.compare_cities(database, "urban_new_jobs", every, "13th", "target")
        ranked = compare.rank_cities(result.rows)
    finally:
        database.close()
    assert len(ranked) > compare.TOP_CITIES
    link = {"indicator": "urban_new_jobs", "period": "13th", "kind": "target", "lang": "en", "city": every}
    at = open_app("compare", **link)
    bars = [trace for trace in chart(at)["data"] if trace["type"] == "bar"]
    assert len(bars) == compare.TOP_CITIES
    assert all(trace["orientation"] == "h" for trace in bars)  # a ranking, one row per city and year
    hidden = len(ranked) - compare.TOP_CITIES
    assert f"{hidden} more are hidden" in texts(at)
    assert at.toggle(key="all").value is False

    at = open_app("compare", **link, all="1")
    assert at.toggle(key="all").value is True
    assert len([trace for trace in chart(at)["data"] if trace["type"] == "bar"]) == len(ranked)
    assert "more are hidden" not in texts(at)

    few = open_app("compare", **{**link, "city": every[:3]})
    assert "all" not in {toggle.key for toggle in few.toggle}  # nothing hidden, nothing to toggle
    assert all("orientation" not in trace or trace["orientation"] == "v" for trace in chart(few)["data"])


def test_trends_draws_the_top_cities(many_cities):
    database = Database(many_cities)
    try:
        every = dimensions.city_ids(database)
    finally:
        database.close()
    at = open_app("trends", indicator="urban_new_jobs", lang="en", city=every)
    # Every trace of a city is in its legend group (the legend's key entries of series styles are not).
    drawn = {trace["legendgroup"] for trace in chart(at)["data"] if trace.get("legendgroup") in every}
    assert len(drawn) == compare.TOP_CITIES
    assert "more are hidden" in texts(at)
    assert at.dataframe[0].value["City"].nunique() == compare.TOP_CITIES  # the table: the chart's rows


def test_sources_lists_a_screenful_of_quality_notes_and_counts_them_all(tmp_path, monkeypatch):
    """Quality notes grow with the data: the table shows the first QUALITY_NOTES_SHOWN, the
    caption the whole count (copies × variants of the real ones)."""
    from tests import synthetic

    data = synthetic.build(tmp_path / "notes", 2, 10)
    database = Database(data)
    try:
        n_notes = dimensions.quality_note_count(database)
        first = dimensions.quality_notes(database, limit=5)
    finally:
        database.close()
    assert n_notes > 500 and list(first["note_id"]) == sorted(first["note_id"]) and len(first) == 5
    monkeypatch.setenv("PLAN_DATA_DIR", str(data))
    at = open_app("sources", lang="en")
    assert not at.exception
    notes_table = at.dataframe[-1].value
    assert len(notes_table) == 500 and "Note" in notes_table.columns
    shown = texts(at)
    assert f"{n_notes} inconsistencies found" in shown
    assert "The table lists the first 500 by id" in shown
