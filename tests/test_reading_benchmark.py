"""The leave-one-out benchmark of the prose reader (tests/reading_benchmark.py): its matcher, its reduced
label index and its report, on hand-made readings (no reader, no rebuild)."""

from __future__ import annotations

import dataclasses

import pytest

from analytics.catalogue import Indicator
from analytics.ingest.prose_reader import ProseReading, ProseUnread
from tests import reading_benchmark as rb

LINE = "全市新增就业4.59万人，其中失业人员再就业3.19万人。"


def row(**changes) -> dict:
    """A curated value as extract_prose_observations gives it (one year, no comparator, no district)."""
    base = {"source_file": "doc.txt", "source_line": 2, "indicator_id": "x_new_jobs", "value": 4.59, "unit": "万人",
            "raw_text": "4.59万人", "value_kind": "actual", "year": 2020, "span_kind": "year", "period_start": None,
            "period_end": None, "comparator": "=", "district": None, "source_label": "新增就业", "quote": LINE}
    return {**base, **changes}


def curated(novel: bool = False, start: int | None = 6, names: tuple[str, ...] = ("新增就业人数",), **changes
            ) -> rb.Curated:
    return rb.Curated(row(**changes), names=names, novel=novel, start=start)


def reading(**changes) -> ProseReading:
    base = {"source_file": "doc.txt", "line": 2, "start": 6, "quote": LINE, "text": "4.59万人", "value": 4.59,
            "unit": "万人", "label": "新增就业", "indicator_id": "x_new_jobs", "value_kind": "actual", "year": 2020,
            "plan_period": None, "cumulative": None, "target_scope": None, "comparator": None, "district": None,
            "confidence": 0.9, "how": "hand-made"}
    return ProseReading(**{**base, **changes})


def criteria(value: rb.Curated, item: ProseReading) -> list[str]:
    return [criterion for criterion, _ in rb.differences(value, item)]


# ---- the matcher: each criterion can fail -----------------------------------------------------------------

def test_the_same_value_matches():
    assert rb.differences(curated(), reading()) == []


@pytest.mark.parametrize(("changes", "criterion", "detail"), [
    ({"line": 3}, "line", "line 3≠2"),
    ({"value": 4.6}, "value", "value 4.6≠4.59 万人"),
    ({"value_kind": "target"}, "kind", "kind target≠actual"),
    ({"year": 2015}, "year", "year 2015≠2020"),
    ({"cumulative": (2016, 2020)}, "span", "span total 2016-2020≠one year"),
    ({"cumulative": "to_date"}, "span", "span to date≠one year"),
    ({"comparator": ">="}, "comparator", "comparator >=≠="),
    ({"district": "某区"}, "district", "district 某区≠None"),
    ({"indicator_id": "x_other"}, "indicator", "indicator x_other≠x_new_jobs (not in the index)"),
])
def test_a_reading_differing_in_one_criterion_does_not_match(changes, criterion, detail):
    assert rb.differences(curated(), reading(**changes)) == [(criterion, detail)]
    assert rb.match([curated()], [reading(**changes)]) == {}


def test_a_reading_differing_only_in_year_is_a_miss_that_says_so():
    result = rb.evaluate("doc", "doc.txt", [curated()], [reading(year=2015)])
    assert (result.matched, result.recall, result.precision) == (0, 0.0, 0.0)
    assert [(miss.reason, miss.why) for miss in result.misses] == [("year", "year 2015≠2020")]
    assert [(wrong.reason, wrong.why) for wrong in result.wrong] == [("year", "year 2015≠2020 (curated: x_new_jobs "
                                                                              "4.59万人)")]


def test_spans_and_comparators_compare_as_the_definition_says():
    total = curated(span_kind="total", period_start=2016, period_end=2020)
    assert rb.differences(total, reading(cumulative=(2016, 2020))) == []
    assert rb.differences(total, reading(cumulative=[2016, 2020])) == []
    assert criteria(total, reading(cumulative=(2011, 2020))) == ["span"]
    assert criteria(total, reading()) == ["span"]
    to_date = curated(span_kind="to_date", period_end=2020)
    assert rb.differences(to_date, reading(cumulative="to_date")) == []
    assert criteria(to_date, reading(cumulative=(2016, 2020))) == ["span"]
    assert rb.differences(curated(comparator="="), reading(comparator=None)) == []
    assert rb.differences(curated(comparator=None), reading(comparator="=")) == []
    assert rb.differences(curated(comparator="<="), reading(comparator="<=")) == []
    assert criteria(curated(comparator="<="), reading(comparator=None)) == ["comparator"]


def test_values_are_compared_in_the_curated_unit():
    assert rb.differences(curated(), reading(value=45900, unit="人", text="45900人")) == []  # 4.59万人 = 45900人
    assert criteria(curated(), reading(value=45901, unit="人")) == ["value"]
    # the catalogue knows 人 -> 万人; the other direction is its inverse
    assert rb.differences(curated(value=45900, unit="人"), reading()) == []
    assert rb.differences(curated(value=3.0, unit="%"), reading(value=3.0, unit="％")) == []
    assert rb.differences(curated(value=0.1 + 0.2, unit="%"), reading(value=0.3, unit="%")) == []  # 1e-9 relative
    # a pair the catalogue does not know: the numbers as they are (the catalogue counts the units as the same)
    assert rb.differences(curated(value=11, unit="个"), reading(value=11, unit="家")) == []


def test_a_new_indicator_with_a_containing_label_matches_only_when_known_from_no_other_source():
    new = reading(indicator_id=None, label="全市新增就业")  # contains the curated label 新增就业
    assert rb.differences(curated(novel=True), new) == []
    assert criteria(curated(novel=False), new) == ["indicator"]
    # the label against the curated source_label, the indicator's name or any alias
    named = reading(indicator_id=None, label="新增就业人数")
    assert rb.differences(curated(novel=True, source_label=None), named) == []
    assert rb.differences(curated(novel=True, source_label=None, names=("甲", "就业新增数")),
                          reading(indicator_id=None, label="就业新增")) == []
    # another label, or a one-character one, is not the same label
    assert criteria(curated(novel=True), reading(indicator_id=None, label="再就业")) == ["indicator"]
    assert criteria(curated(novel=True, source_label="新", names=()), reading(indicator_id=None, label="业")) == [
        "indicator"]
    # a novel indicator read as the curated one matches; as another known one it does not
    assert rb.differences(curated(novel=True), reading()) == []
    assert criteria(curated(novel=True), reading(indicator_id="x_other")) == ["indicator"]


def test_an_indicator_miss_says_whether_the_index_could_have_named_it():
    indexed = rb.Curated(row(), names=("新增就业人数",), start=6, indexed=("新增就业人数",))
    assert rb.differences(indexed, reading(indicator_id=None)) == [
        ("indicator", "indicator new “新增就业”≠x_new_jobs (the index names it 新增就业人数)")]
    assert rb.differences(curated(novel=True), reading(indicator_id="x_other")) == [
        ("indicator", "indicator x_other≠x_new_jobs (known from no other source)")]
    assert rb.differences(curated(novel=True), reading(indicator_id=None, label="再就业")) == [
        ("indicator", "label “再就业” is not “新增就业”")]


def test_same_label_normalises_and_needs_two_characters_to_contain():
    assert rb.same_label("新增 就业", ["新增就业"])
    assert rb.same_label("就业", ["城镇新增就业"])
    assert not rb.same_label("业", ["城镇新增就业"])
    assert not rb.same_label("", ["城镇新增就业"])
    assert not rb.same_label("就业", [None, ""])


def test_matching_is_one_to_one():
    twice = [reading(), reading(how="again")]
    result = rb.evaluate("doc", "doc.txt", [curated()], twice)
    assert (result.curated, result.machine, result.matched) == (1, 2, 1)
    assert [wrong.reason for wrong in result.wrong] == ["duplicate"]
    stated_twice = [curated(), curated(indicator_id="x_new_jobs", note="restated")]
    result = rb.evaluate("doc", "doc.txt", stated_twice, [reading()])
    assert (result.matched, result.recall, result.precision) == (1, 0.5, 1.0)
    assert [miss.reason for miss in result.misses] == ["taken"]


def test_the_largest_matching_is_taken():
    # value A could take either reading, B only the first: both are matched
    first, second = reading(), reading(start=20)
    values = [curated(), curated(start=20, note="B")]
    assert rb.max_matching({0: [0, 1], 1: [0]}) == {0: 1, 1: 0}
    assert len(rb.match(values, [first, second])) == 2


# ---- a document's result ------------------------------------------------------------------------------------

def test_wrong_readings_say_why():
    values = [curated()]
    readings = [reading(),
                reading(start=19, text="3.19万人", value=3.19, label="失业人员再就业", indicator_id="x_reemployed"),
                reading(start=30, text="1次", value=1, unit="次")]
    result = rb.evaluate("doc", "doc.txt", values, readings, excluded={(2, 30): "part of a name"})
    assert (result.matched, result.machine) == (1, 3)
    assert result.precision == pytest.approx(1 / 3)
    assert [(wrong.reason, wrong.why) for wrong in result.wrong] == [
        ("no curated value", "no curated value reads this figure"),
        ("not a measurement", "not a measurement: part of a name")]
    assert result.wrong[0].said == "x_reemployed actual 2020 3.19 万人"


def test_misses_say_why():
    values = [curated(), curated(start=19, source_line=3), curated(start=40, source_line=4),
              curated(start=50, source_line=5)]
    unread = [ProseUnread("doc.txt", 3, 19, "3.19万人", "no label before the figure")]
    result = rb.evaluate("doc", "doc.txt", values, [reading()], unread, skip={(4, 40)})
    assert [(miss.line, miss.reason, miss.why) for miss in result.misses] == [
        (3, "unread", "unread: no label before the figure"),
        (4, "skipped", "skipped: a table of the document reads this figure"),
        (5, "no reading", "no reading on this line")]
    assert result.unread == 1


def test_indicator_mapping_counts_readings_right_but_for_the_indicator():
    values = [curated(), curated(start=19, value=3.19, raw_text="3.19万人", indicator_id="x_reemployed")]
    readings = [reading(), reading(start=19, value=3.19, text="3.19万人", indicator_id="x_new_jobs"),
                reading(start=19, value=3.19, year=2015, indicator_id="x_reemployed")]
    result = rb.evaluate("doc", "doc.txt", values, readings)
    assert (result.mapping_agree, result.mapping_right, result.mapping) == (2, 1, 0.5)


def test_goal_and_report():
    good = rb.DocumentResult("a", "a.txt", curated=10, machine=9, matched=9, mapping_agree=9, mapping_right=9,
                             unread=1, machine_named=4, matched_named=4)
    weak = dataclasses.replace(good, doc_id="b", source_file="b.txt", matched=6)
    assert rb.goal_verdict([good]) == []
    assert rb.goal_verdict([good, weak]) == ["recall overall 75.0 % < 80 %", "recall of b 60.0 % < 70 %",
                                             "precision of b 66.7 % < 95 %"]
    assert rb.goal_verdict([weak]) == ["recall overall 60.0 % < 80 %", "recall of b 60.0 % < 70 %",
                                       "precision of b 66.7 % < 95 %"]
    text = rb.report([good, weak])
    assert "| a (a.txt) | 10 | 9 | 9 | 90.0 % | 100.0 % | 100.0 % (4/4) | 100.0 % (5/5) | 100.0 % (9/9) | 1 |" in text
    # precision apart for readings naming a catalogue indicator (4 of 4 right in b) and a new one (2 of 5)
    assert "| b (b.txt) | 10 | 9 | 6 | 60.0 % | 66.7 % | 100.0 % (4/4) | 40.0 % (2/5) | 100.0 % (9/9) | 1 |" in text
    assert ("| **total** | 20 | 18 | 15 | 75.0 % | 83.3 % | 100.0 % (8/8) | 70.0 % (7/10) | 100.0 % (18/18) | 2 |"
            in text)
    assert rb.GOAL in text and "Verdict: not met" in text
    assert text.index("## Definition") < text.index("## Result")
    assert rb.goal_verdict([dataclasses.replace(good, machine=0, matched=0)]) == [
        "recall overall 0.0 % < 80 %", "recall of a 0.0 % < 70 %", "precision of a — < 95 %"]


def test_details_list_misses_and_wrong_readings_by_line():
    result = rb.evaluate("doc", "doc.txt", [curated(source_line=7), curated()], [reading(year=2015, text="4|59")])
    text = rb.details(result)
    assert text.index("| 2 | 4.59万人 | x_new_jobs | year 2015≠2020 |") < text.index("| 7 | 4.59万人")
    assert "| 2 | 4\\|59 | x_new_jobs actual 2015 4.59 万人 |" in text


# ---- the left-out index ---------------------------------------------------------------------------------------

def _indicator(indicator_id: str, name: str, *aliases: str, unit: str = "万人") -> Indicator:
    return Indicator(indicator_id, name, indicator_id, "employment", unit, "higher_better", aliases_zh=aliases)


def test_the_reduced_index_keeps_only_names_another_document_spells():
    indicators = {"x_jobs": _indicator("x_jobs", "新增就业", "城镇 新增就业"),
                  "x_only_here": _indicator("x_only_here", "独有指标", unit="个")}
    others = rb.normalised_text(["全市城镇 新增 就业5万人", "其他"])
    index, dropped = rb.reduced_index(indicators, others)
    assert index.names == {"新增就业": "x_jobs", "城镇新增就业": "x_jobs"}
    assert index.units == {"x_jobs": "万人"}
    assert dropped == ["独有指标"]


def test_a_perfect_reader_scores_everything_on_the_real_documents(sources_dir, monkeypatch):
    """The harness end to end (the documents, the catalogue, no reader): readings made from the curated values
    themselves match them all; nothing is rebuilt or written."""
    from analytics.ingest import writer
    from analytics.ingest.sources import read_documents

    def refuse(*_args, **_kwargs):
        raise AssertionError("the benchmark wrote data")

    monkeypatch.setattr(writer, "write_tables", refuse)

    prepared = {case.source_file: case for case in rb.cases(read_documents(sources_dir))}
    assert prepared, "no document has prose rules"

    def perfect(doc, index, skip, stated):
        case = prepared[doc.file_name]
        assert skip == set(case.skip) and index == case.index and stated == case.stated
        made = []
        for value in case.curated:
            item = value.row
            span = {"to_date": "to_date", "total": (item["period_start"], item["period_end"])}.get(item["span_kind"])
            made.append(reading(source_file=item["source_file"], line=item["source_line"], start=value.start or 0,
                                quote=item["quote"], text=item["raw_text"], value=item["value"], unit=item["unit"],
                                label=item["source_label"] or value.names[0],
                                indicator_id=None if value.novel else item["indicator_id"],
                                value_kind=item["value_kind"], year=item["year"], cumulative=span,
                                comparator=item["comparator"], district=item["district"]))
        return made, []

    results = rb.run(sources_dir, reader=perfect)
    assert [result.source_file for result in results] == list(prepared)
    assert all(result.recall == result.precision == 1.0 for result in results)
    assert rb.goal_verdict(results) == []
    # a left-out document's own names are gone from its index, another document's stay
    for case in prepared.values():
        assert case.dropped_names > 0 and case.index.names
