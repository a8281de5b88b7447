"""Tables laid out as real Chinese plan documents lay them out, read cell by cell.

The documents under tests/documents/tables/ are FICTIONAL, written for this test (invented cities,
provinces, districts and numbers; each says so in its 说明 line) and independently of the reader: the
reader has never seen them. Each `<name>.txt` comes with `<name>.expected.yaml`, written by hand:

- `observations`: every value its tables hold, as (line, label, kind, year, value, comparator, span,
  plan_period, district, attribute). The rebuilt observations of the document must equal this list as a
  multiset: nothing missing, nothing extra.
- `unread`: cells, rows that cannot be read. `add` must report each as `<file>:<line>` on a line of its
  output that contains `reason_contains`; the rest of the row and of the document is still read.
- `tables`: the source_table of each row (a table continued under 续表 keeps its first title).
- `mentioned` (optional): lines that are neither data nor unread (a caption such as （截至2025年底）
  between a title and its header), which add's report must name rather than ignore silently.

The forms each document covers are listed at the top of its expected.yaml. All documents go through the
commands a researcher runs (`python -m analytics.ingest add`, then a rebuild) on copies of the sources
and the catalogue in a temporary directory: nothing here touches data/ or the project's catalogue.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest
import yaml

from analytics import catalogue
from tests.conftest import COMMITTED_DATA, PROJECT_DIR
from tests.generation_helpers import table_path

DOCUMENTS = Path(__file__).parent / "documents" / "tables"
NAMES = sorted(path.name for path in DOCUMENTS.glob("9*.txt"))
ARTIFACTS = PROJECT_DIR / "artifacts" / "table_layouts"
KINDS = {"baseline", "target", "actual", "reported_completion_pct", "target_growth_pct"}
COMPARATORS = {"=", "<=", "<", ">=", ">", "~"}
FIELDS = ("line", "label", "kind", "year", "value", "comparator", "span", "plan_period", "district", "attribute")


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics.ingest", *args], cwd=PROJECT_DIR, capture_output=True,
                          text=True, timeout=900)


def _expected(name: str) -> dict:
    path = DOCUMENTS / name.replace(".txt", ".expected.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _key(line, label, kind, year, value, comparator, span, plan_period, district, attribute) -> tuple:
    value = None if value is None else round(float(value), 6)
    span = None if span is None or span == [None, None] or span == (None, None) else tuple(span)
    return (line, label, kind, year, value, comparator, span, str(plan_period) if plan_period else None, district,
            attribute)


def _expected_keys(name: str) -> Counter:
    return Counter(_key(*(entry[field] for field in FIELDS)) for entry in _expected(name)["observations"])


def _observed_key(row: dict) -> tuple:
    span = (row["period_start"], row["period_end"]) if row["period_start"] is not None else None
    return _key(row["source_line"], row["source_label"], row["value_kind"], row["year"], row["value"],
                row["comparator"], span, row["plan_period"], row["district"], row["attribute"])


def _show(key: tuple, raw: str | None = None) -> str:
    text = ", ".join(f"{field}={value!r}" for field, value in zip(FIELDS, key, strict=True))
    return text + (f"  [raw_text {raw!r}]" if raw is not None else "")


@pytest.fixture(scope="module")
def world(sources_dir, tmp_path_factory):
    """The five sources plus every document of tests/documents/tables, added one by one, then one rebuild.

    A document `add` refuses is taken out of the sources again, so that the others are still rebuilt and
    checked (its own tests fail with add's message)."""
    root = tmp_path_factory.mktemp("table_layouts")
    sources, cat, data = root / "sources", root / "catalogue", root / "data"
    shutil.copytree(sources_dir, sources)
    for path in sources.iterdir():
        path.chmod(0o644)
    shutil.copytree(catalogue.DEFAULT_DIR, cat)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    added = {}
    for name in NAMES:
        shutil.copy(DOCUMENTS / name, sources / name)
        added[name] = result = _cli("add", str(sources / name), "--sources", str(sources), "--catalogue", str(cat))
        (ARTIFACTS / f"{Path(name).stem}.add.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
        if result.returncode != 0:
            (sources / name).unlink()
    rebuild = _cli("--sources", str(sources), "--data", str(data), "--catalogue", str(cat))
    (ARTIFACTS / "rebuild.txt").write_text(rebuild.stdout + rebuild.stderr, encoding="utf-8")
    return SimpleNamespace(root=root, sources=sources, catalogue=cat, data=data, added=added, rebuild=rebuild)


@pytest.fixture(scope="module")
def observations(world) -> list[dict]:
    assert world.rebuild.returncode == 0, "rebuild failed:\n" + world.rebuild.stderr[-4000:]
    return pq.read_table(table_path(world.data, "observations")).to_pylist()


def _added(world, name: str) -> subprocess.CompletedProcess:
    result = world.added[name]
    assert result.returncode == 0, f"add {name} exited {result.returncode}:\n{result.stderr[-4000:]}"
    return result


# ---- the expectations themselves (no reader involved) ---------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_the_expectations_match_their_document(name):
    """Guards the hand-written YAML against typos: every expected line is a table row of the document that
    holds the label (or, for a table without a label column, whose title names it) and the value."""
    lines = (DOCUMENTS / name).read_text(encoding="utf-8").split("\n")
    expected = _expected(name)
    assert "说明：本文件为测试虚构文件" in "\n".join(lines[:12])
    titles = [text for text in lines if re.match(r"^(专栏|表)\s*\d", text)]
    for entry in expected["observations"]:
        assert set(entry) == set(FIELDS), entry
        text = unicodedata.normalize("NFKC", lines[entry["line"] - 1])
        assert "\t" in text, entry
        assert entry["label"] in text or any(entry["label"] in title for title in titles), entry
        assert entry["kind"] in KINDS and (entry["comparator"] in COMPARATORS or entry["value"] is None), entry
        if entry["value"] is not None:
            assert f"{entry['value']:g}" in text.replace(",", ""), entry
        if entry["district"] is not None:
            assert entry["district"] in text.split("\t"), entry
        span = entry["span"]
        assert span is None or (len(span) == 2 and span[0] <= span[1] == entry["year"]), entry
    for entry in expected["unread"]:
        assert entry["reason_contains"] in lines[entry["line"] - 1], entry
    for entry in expected.get("mentioned", []):
        assert entry["text_contains"] in lines[entry["line"] - 1], entry
    listed = sorted(line for rows in expected["tables"].values() for line in rows)
    assert listed == sorted({entry["line"] for entry in expected["observations"]}), "tables: lists every row once"


# ---- what the reader does with them ------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_add_accepts_the_document(world, name):
    _added(world, name)


@pytest.mark.parametrize("name", NAMES)
def test_every_table_value_is_read_exactly(world, observations, name):
    _added(world, name)
    # the tables' values; the figures of the prose around them are read by machine (the next test)
    mine = [row for row in observations if row["source_file"] == name and row["reading"] == "table"]
    read = Counter(_observed_key(row) for row in mine)
    expected = _expected_keys(name)
    missing, extra = expected - read, read - expected
    if missing or extra:
        raw = {_observed_key(row): row["raw_text"] for row in mine}
        report = [f"{name}: {sum(expected.values())} values expected, {len(mine)} read; "
                  f"{sum(missing.values())} missing, {sum(extra.values())} extra"]
        report += ["  missing: " + _show(key) for key in sorted(missing.elements(), key=repr)]
        report += ["  extra:   " + _show(key, raw.get(key)) for key in sorted(extra.elements(), key=repr)]
        pytest.fail("\n".join(report), pytrace=False)


@pytest.mark.parametrize("name", NAMES)
def test_the_prose_around_the_tables_is_read_by_machine_and_marked(world, observations, name):
    """Every value of the document is read by the table reader or, from its sentences, by the prose reader —
    never by a rule (none is written for these documents) — and a machine value comes from a line of no table."""
    _added(world, name)
    mine = [row for row in observations if row["source_file"] == name]
    assert {row["reading"] for row in mine} <= {"table", "machine"}
    machine = [row for row in mine if row["reading"] == "machine"]
    assert all(row["source_table"] is None and 0 < row["confidence"] <= 1 for row in machine)
    table_lines = {row["source_line"] for row in mine if row["reading"] == "table"}
    assert not table_lines & {row["source_line"] for row in machine}


@pytest.mark.parametrize("name", NAMES)
def test_unread_cells_are_reported_with_file_and_line(world, name):
    out = _added(world, name).stdout.split("\n")
    problems = []
    for entry in _expected(name)["unread"]:
        where = re.compile(re.escape(f"{name}:{entry['line']}") + r"(?!\d)")
        at = [text for text in out if where.search(text)]
        if not any(entry["reason_contains"] in text for text in at):
            problems.append(f"  {name}:{entry['line']} containing {entry['reason_contains']!r}; add's lines naming "
                            f"that line: {at or 'none'}")
    if problems:
        pytest.fail("not reported by add:\n" + "\n".join(problems), pytrace=False)


@pytest.mark.parametrize("name", NAMES)
def test_lines_between_title_and_header_are_not_ignored_silently(world, name):
    out = _added(world, name).stdout.split("\n")
    for entry in _expected(name).get("mentioned", []):
        where = re.compile(rf"(?:{re.escape(name)}:|\bline ){entry['line']}(?!\d)")
        assert any(where.search(text) and entry["text_contains"] in text for text in out), \
            f"add does not name {name}:{entry['line']} ({entry['text_contains']})"


@pytest.mark.parametrize("name", NAMES)
def test_the_city_and_province_are_inferred(world, name):
    """Each document names its (fictional) city in its first lines and its province at least twice."""
    out, text = _added(world, name).stdout, (DOCUMENTS / name).read_text(encoding="utf-8")
    city = re.match(r"(\S+?)市", text.lstrip())[1]
    province = re.search(r"说明：本文件为测试虚构文件，\S+?市、(\S+?)省", text)[1]
    assert re.search(rf"^  city +{name.split('_')[1]} {city} ", out, re.M), out[:600]
    assert re.search(rf"^  province +{province} ", out, re.M), out[:600]


@pytest.mark.parametrize("name", NAMES)
def test_continued_tables_keep_their_first_title(world, observations, name):
    _added(world, name)
    expected = {line: table for table, rows in _expected(name)["tables"].items() for line in rows}
    read = {(row["source_line"], row["source_table"]) for row in observations if row["source_file"] == name}
    wrong = sorted((line, table, expected.get(line)) for line, table in read if expected.get(line) != table)
    assert not wrong, "\n".join(f"{name}:{line} read as {table!r}, expected {want!r}" for line, table, want in wrong)


def test_the_five_sources_dataset_is_unchanged(observations):
    committed = pq.read_table(table_path(COMMITTED_DATA, "observations")).to_pylist()
    mine = [row for row in observations if row["source_file"] not in NAMES]
    if mine != committed:
        before = {row["obs_id"]: row for row in committed}
        after = {row["obs_id"]: row for row in mine}
        report = [f"{len(committed)} rows committed, {len(mine)} rebuilt"]
        report += [f"  gone:    {before[key]}" for key in sorted(before.keys() - after.keys())[:20]]
        report += [f"  new:     {after[key]}" for key in sorted(after.keys() - before.keys())[:20]]
        report += [f"  changed: {before[key]}\n        -> {after[key]}"
                   for key in sorted(before.keys() & after.keys()) if before[key] != after[key]][:20]
        pytest.fail("\n".join(report), pytrace=False)
