"""Same result in every format: a plan published as .docx, as a GBK web page and as a PDF reads like its text.

tests/render_formats.py renders the five sources and the synthetic test documents to .docx (real tables,
section rows merged), .html (GBK, a real <table>, the site's menu and footer) and .pdf (LibreOffice from
the .docx). Then, with the commands a researcher runs, on copies in a temporary directory:

- **The five sources**, one world per format: the sources directory holds the rendered file instead of the
  .txt, and the catalogue copy names it (documents.yaml: same doc_id, the SHA-256 of the rendered bytes;
  prose_rules/*.yaml and table_overrides.yaml: `source_file`). A .docx or .html keeps every line number,
  so nothing else changes. A PDF does not keep them (a wrapped paragraph is one line, empty lines are not
  recoverable): each prose rule and not_measurements entry is moved to the PDF text's line that holds its
  quote (one line holds it: that one; several: the one at the nearest relative position; none: the rule
  cannot apply and is dropped, with the cause). That relocation is test tooling: rules written for the text
  applied to another rendering of it. One rebuild per format; the observations of each document are
  compared with the committed data's (the text's) as multisets on FIELDS.
- **The synthetic documents** (tests/documents/, fictional), one world per format plus one of the .txt
  files: each is added with `python -m analytics.ingest add`, then one rebuild; each document's
  observations (FIELDS + source_label) and its registration (document, city, plan period, unreviewed
  indicators) equal those of the same document added as .txt.

.docx and .html must match exactly; a PDF may differ in at most 1 % of the values, every difference listed
with its cause. The table (format x document) is written to artifacts/formats/comparison.md (`make formats`
copies it to docs/formats.md).

The work is done once per test run even with pytest-xdist: rendering, each world and each comparison is
computed by the first worker that needs it, under a file lock, and kept as JSON for the others.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from analytics import catalogue
from tests import render_formats
from tests.conftest import COMMITTED_DATA, PROJECT_DIR, missing, source_directory
from tests.generation_helpers import table_path

FORMATS = render_formats.FORMATS
FIELDS = ("indicator_id", "city_id", "district", "value_kind", "year", "value", "unit", "comparator",
          "period_start", "period_end")
PDF_TOLERANCE = 0.01  # share of the text's values a PDF may read differently (each difference with its cause)
ARTIFACTS = PROJECT_DIR / "artifacts" / "formats"
SYNTHETIC = render_formats.SYNTHETIC
_RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex
_WORK_PREFIX = "format-roundtrip-"


# ---- once per test run, shared by the workers ----------------------------------------------------------------------

def _work_dir() -> Path:
    """Rendered files, worlds and results of this test run, outside the project (the sources are never copied
    into it). Directories of runs older than a day are removed."""
    base = Path(tempfile.gettempdir())
    directory = base / f"{_WORK_PREFIX}{_RUN_ID}"
    if not directory.exists():
        for old in base.glob(f"{_WORK_PREFIX}*"):
            try:
                if old.is_dir() and time.time() - old.stat().st_mtime > 86400:
                    shutil.rmtree(old, ignore_errors=True)
            except OSError:
                pass
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _shared(key: str, compute):
    """compute() once per test run (JSON-serialisable); another worker waits for it and reads the result."""
    directory = _work_dir()
    result_path = directory / f"{key}.json"
    with (directory / f"{key}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if result_path.exists():
            return json.loads(result_path.read_text(encoding="utf-8"))
        value = compute()
        temporary = result_path.with_suffix(".part")
        temporary.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
        temporary.replace(result_path)
        return value


def _pdf_unavailable() -> str | None:
    """Why PDFs cannot be made here (None when they can). Skipped locally; CI must have LibreOffice Writer."""
    if render_formats.soffice_with_writer():
        return None
    return "LibreOffice Writer not installed (apt-get install libreoffice-writer-nogui): no PDF to read"


def _require(fmt: str) -> None:
    if fmt == "pdf" and (reason := _pdf_unavailable()):
        missing(reason, ".ci/run installs it")


def _text_files() -> list[Path]:
    return [*sorted(source_directory().glob("*.txt")), *SYNTHETIC]


def rendered(fmt: str) -> dict[str, Path]:
    """text file name -> the rendered file, every source and synthetic document, once per run."""
    _require(fmt)
    files = _text_files()

    def compute():
        out = _work_dir() / "rendered"
        made = render_formats.render(files, out, (fmt,))
        return {name: str(path) for (name, _), path in made.items()}

    return {name: Path(path) for name, path in _shared(f"render-{fmt}", compute).items()}


# ---- reading the product's results -------------------------------------------------------------------------------

def _cli(*args: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "analytics.ingest", *args], cwd=PROJECT_DIR,
                            capture_output=True, text=True, timeout=900)
    return {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}


def _key(row: dict, *extra: str) -> list:
    values = [row[field] for field in FIELDS + extra]
    position = FIELDS.index("value")
    if values[position] is not None:
        values[position] = round(float(values[position]), 6)
    return values


def _row(row: dict) -> dict:
    """What a difference shows: its key, where it was read and what was written."""
    return {**{field: row[field] for field in FIELDS}, "value": _key(row)[FIELDS.index("value")],
            "source_label": row["source_label"], "source_line": row["source_line"],
            "source_table": row["source_table"], "raw_text": row["raw_text"], "quote": row["quote"]}


def _observations(data_dir: Path) -> list[dict]:
    return pq.read_table(table_path(data_dir, "observations")).to_pylist()


def _coverage(data_dir: Path) -> dict[str, dict]:
    """doc_id -> {status: count} and the unread figures with their reasons (the source coverage)."""
    result: dict[str, dict] = {}
    for row in pq.read_table(table_path(data_dir, "source_figures")).to_pylist():
        entry = result.setdefault(row["doc_id"], {"counts": {}, "unread": []})
        entry["counts"][row["status"]] = entry["counts"].get(row["status"], 0) + 1
        if row["status"] == "unread":
            entry["unread"].append({"line": row["source_line"], "figure": row["figure"], "reason": row["reason"],
                                    "context": row["context"]})
    return result


def _compare(text_rows: list[dict], format_rows: list[dict], *extra: str) -> dict:
    """Multisets of keys: matched, and every text row missing from the format and every extra row."""
    def keyed(rows):
        table: dict[str, list[dict]] = {}
        for row in rows:
            table.setdefault(json.dumps(_key(row, *extra), ensure_ascii=False), []).append(row)
        return table

    text, other = keyed(text_rows), keyed(format_rows)
    matched, missing, extra_rows = 0, [], []
    for key in text.keys() | other.keys():
        a, b = text.get(key, []), other.get(key, [])
        matched += min(len(a), len(b))
        missing += [_row(row) for row in a[len(b):]]
        extra_rows += [_row(row) for row in b[len(a):]]
    def order(row):
        return row["source_line"] or 0, row["indicator_id"] or "", str(row["value"])

    return {"total": len(text_rows), "matched": matched, "missing": sorted(missing, key=order),
            "extra": sorted(extra_rows, key=order)}


# ---- moving curated rules to a PDF's lines (test tooling) ------------------------------------------------------

def _nearest(hits: list[int], line: int, text_count: int, format_count: int) -> int:
    position = line / max(text_count, 1)
    return min(hits, key=lambda hit: (abs(hit / max(format_count, 1) - position), hit))


def _split_hint(quote: str, lines: tuple[str, ...], locators: tuple[str, ...]) -> str:
    """Where the quote is when it is not on one line: broken between two consecutive lines?"""
    for index in range(len(lines) - 1):
        joined = lines[index] + lines[index + 1]
        if quote in joined and quote not in lines[index] and quote not in lines[index + 1]:
            return (f"broken between PDF text lines {index + 1} and {index + 2} "
                    f"({locators[index]} / {locators[index + 1]})")
    squeezed = re.sub(r"\s+", "", quote)
    for index, text in enumerate(lines):
        if squeezed and squeezed in re.sub(r"\s+", "", text):
            return f"on PDF text line {index + 1} ({locators[index]}) with different spacing"
    return "not in the PDF text"


def relocate(line: int, quote: str, text_lines: list[str], document) -> tuple[int | None, str]:
    """The PDF text's line for a rule written for the text's `line`, and how it was chosen (or why none)."""
    lines = tuple(document.lines)
    hits = [number for number, text in enumerate(lines, start=1) if quote in text]
    if len(hits) == 1:
        return hits[0], "one line holds the quote"
    if hits:
        return _nearest(hits, line, len(text_lines), len(lines)), f"{len(hits)} lines hold it: the nearest"
    return None, (f"quote not found on one line of the PDF text ({quote!r}, text line {line}: "
                  f"{_split_hint(quote, lines, tuple(document.locators))})")


def respaced(text: str, line: str) -> str | None:
    """`text` as `line` writes it when the two differ only in white space (a PDF loses the space of a
    wrap point: 控制在 2.4% → 控制在2.4%), or None."""
    squeezed = re.sub(r"\s+", "", text)
    if not squeezed:
        return None
    match = re.search(r"\s*".join(map(re.escape, squeezed)), line)
    return match[0] if match else None


def relocate_respaced(line: int, quote: str, text_lines: list[str], document) -> tuple[int | None, str | None]:
    """The PDF text's line holding the quote with other spacing, and the quote as that line writes it."""
    lines = tuple(document.lines)
    hits = [number for number, text in enumerate(lines, start=1) if respaced(quote, text)]
    if not hits:
        return None, None
    number = hits[0] if len(hits) == 1 else _nearest(hits, line, len(text_lines), len(lines))
    return number, respaced(quote, lines[number - 1])


def _respaced_rule(rule: dict, quote: str) -> dict | None:
    """A rule moved to a line that spaces its quote differently: the quote and each value's text as written
    there; None when a value's text is not in the quote then."""
    values = []
    for value in rule.get("values") or []:
        if "text" not in value:
            values.append(value)
            continue
        text = respaced(str(value["text"]), quote)
        if text is None:
            return None
        values.append({**value, "text": text})
    return {**rule, "quote": quote, "values": values}


def _figure_keys(text: str, figure: str) -> list[str]:
    """Search keys for a not_measurements figure: the figure with its neighbours on the text line, widest first."""
    start = text.find(figure)
    if start < 0:
        return [figure]
    end = start + len(figure)
    keys = [text[max(0, start - width):end + width] for width in (12, 8, 4)]
    return [*dict.fromkeys(keys), figure]


def relocate_catalogue(cat: Path, pdf_texts: dict[str, tuple[list[str], object]]) -> tuple[list[dict], int]:
    """Move every prose rule and not_measurements entry of the PDF documents to the PDF text's line; drop
    those that cannot apply. Returns the dropped entries with their causes and the number moved."""
    dropped, moved = [], 0
    for path in sorted((cat / "prose_rules").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        name = spec.get("source_file")
        if name not in pdf_texts:
            continue
        text_lines, document = pdf_texts[name]
        kept = []
        for rule in spec.get("rules") or []:
            new, how = relocate(rule["line"], rule["quote"], text_lines, document)
            if new is None:  # the PDF may space the quote differently where a line wrapped
                spaced_line, spaced_quote = relocate_respaced(rule["line"], rule["quote"], text_lines, document)
                spaced = _respaced_rule(rule, spaced_quote) if spaced_line else None
                if spaced is not None:
                    moved += 1
                    kept.append({**spaced, "line": spaced_line})
                    continue
            if new is None:
                dropped.append({"file": name, "what": "prose rule", "line": rule["line"], "quote": rule["quote"],
                                "values": len(rule.get("values") or []), "cause": how})
                continue
            moved += new != rule["line"]
            kept.append({**rule, "line": new})
        spec["rules"] = kept
        entries = []
        for entry in spec.get("not_measurements") or []:
            original = text_lines[entry["line"] - 1] if entry["line"] <= len(text_lines) else ""
            for key in _figure_keys(original, str(entry["figure"])):
                new, how = relocate(entry["line"], key, text_lines, document)
                if new is not None:
                    break
            if new is None:
                dropped.append({"file": name, "what": "not_measurements entry", "line": entry["line"],
                                "quote": entry["figure"], "values": 0, "cause": how})
                continue
            moved += new != entry["line"]
            entries.append({**entry, "line": new})
        if "not_measurements" in spec:
            spec["not_measurements"] = entries
        path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=100000), encoding="utf-8")
    return dropped, moved


def _rename_in_catalogue(cat: Path, renames: dict[str, tuple[str, str, str]]) -> None:
    """Every catalogue file that names a .txt names the rendered file; documents.yaml pins its SHA-256.
    renames: old name -> (new name, old sha256, new sha256)."""
    files = [cat / "documents.yaml", cat / "table_overrides.yaml", *sorted((cat / "prose_rules").glob("*.yaml"))]
    for path in files:
        text = original = path.read_text(encoding="utf-8")
        for old, (new, old_sha, new_sha) in renames.items():
            text = text.replace(old, new)
            if path.name == "documents.yaml":
                assert text.count(old_sha) == 1, (path, old)
                text = text.replace(old_sha, new_sha)
        if text != original:
            path.write_text(text, encoding="utf-8")


# ---- the five sources in each format -------------------------------------------------------------------------------

def _text_baseline() -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {}
    for row in _observations(COMMITTED_DATA):
        rows.setdefault(row["doc_id"], []).append(row)
    return rows


def source_world(fmt: str) -> dict:
    """The five sources as `fmt`, one rebuild; per document the comparison with the text's observations."""
    made = rendered(fmt)
    sources_dir = source_directory()

    def compute():
        root = _work_dir() / f"world-sources-{fmt}"
        shutil.rmtree(root, ignore_errors=True)
        sources, cat, data = root / "sources", root / "catalogue", root / "data"
        sources.mkdir(parents=True)
        shutil.copytree(catalogue.DEFAULT_DIR, cat)
        documents = yaml.safe_load((cat / "documents.yaml").read_text(encoding="utf-8"))
        renames, pdf_texts = {}, {}
        for doc in documents:
            name = doc["source_file"]
            target = made[name]
            shutil.copy(target, sources / target.name)
            renames[name] = (target.name, doc["sha256"], hashlib.sha256(target.read_bytes()).hexdigest())
            if fmt == "pdf":
                from analytics.formats import read_document

                text_lines = render_formats.text_lines((sources_dir / name).read_text(encoding="utf-8"))
                pdf_texts[target.name] = (text_lines, read_document(target))
        _rename_in_catalogue(cat, renames)
        dropped, moved = relocate_catalogue(cat, pdf_texts) if fmt == "pdf" else ([], 0)
        rebuild = _cli("--sources", str(sources), "--data", str(data), "--catalogue", str(cat))
        result = {"format": fmt, "rebuild": rebuild, "dropped": dropped, "moved": moved, "documents": {}}
        if rebuild["returncode"] != 0:
            return result
        baseline, observed = _text_baseline(), {}
        for row in _observations(data):
            observed.setdefault(row["doc_id"], []).append(row)
        committed_coverage, coverage = _coverage(COMMITTED_DATA), _coverage(data)
        for doc in documents:
            doc_id = doc["doc_id"]
            comparison = _compare(baseline.get(doc_id, []), observed.get(doc_id, []))
            comparison["file"] = renames[doc["source_file"]][0]
            comparison["coverage"] = coverage.get(doc_id, {})
            comparison["text_coverage"] = committed_coverage.get(doc_id, {})
            for row in comparison["missing"]:
                row["cause"] = _cause(row, doc["source_file"], renames[doc["source_file"]][0], dropped)
            result["documents"][doc_id] = comparison
        return result

    return _shared(f"sources-{fmt}", compute)


def _cause(row: dict, text_name: str, name: str, dropped: list[dict]) -> str | None:
    """A missing row's cause where the harness knows it: the rule it came from was dropped."""
    for entry in dropped:
        if entry["file"] == name and entry["what"] == "prose rule" and entry["line"] == row["source_line"] \
                and entry["quote"] == row["quote"]:
            return f"the prose rule at {text_name}:{entry['line']} was dropped: {entry['cause']}"
    return None


# ---- the synthetic documents added in each format ----------------------------------------------------------------

def synthetic_world(fmt: str) -> dict:
    """The five .txt sources plus every synthetic document as `fmt` ('txt': as written), each added with
    `add`, then one rebuild. Per document: what add said, the registration and the observations."""
    made = {path.name: path for path in SYNTHETIC} if fmt == "txt" else rendered(fmt)
    sources_dir = source_directory()

    def compute():
        root = _work_dir() / f"world-synthetic-{fmt}"
        shutil.rmtree(root, ignore_errors=True)
        sources, cat, data = root / "sources", root / "catalogue", root / "data"
        shutil.copytree(sources_dir, sources)
        for path in sources.iterdir():
            path.chmod(0o644)
        shutil.copytree(catalogue.DEFAULT_DIR, cat)
        added = {}
        for text in SYNTHETIC:
            target = made[text.name]
            shutil.copy(target, sources / target.name)
            added[text.name] = result = _cli("add", str(sources / target.name), "--sources", str(sources),
                                             "--catalogue", str(cat))
            if result["returncode"] != 0:
                (sources / target.name).unlink()
        rebuild = _cli("--sources", str(sources), "--data", str(data), "--catalogue", str(cat))
        out = {"format": fmt, "added": added, "rebuild": rebuild, "documents": {}}
        if rebuild["returncode"] != 0:
            return out
        registered = yaml.safe_load((cat / "documents.yaml").read_text(encoding="utf-8"))
        cities = {city["city_id"]: city for city in yaml.safe_load((cat / "cities.yaml").read_text(encoding="utf-8"))}
        periods = yaml.safe_load((cat / "plan_periods.yaml").read_text(encoding="utf-8"))
        unreviewed_path = cat / "indicators" / "unreviewed.yaml"
        unreviewed = yaml.safe_load(unreviewed_path.read_text(encoding="utf-8")) if unreviewed_path.exists() else []
        rows: dict[str, list[dict]] = {}
        for row in _observations(data):
            rows.setdefault(row["source_file"], []).append(row)
        for text in SYNTHETIC:
            name = made[text.name].name
            doc = next((entry for entry in registered if entry["source_file"] == name), None)
            out["documents"][text.name] = {
                "file": name,
                "document": None if doc is None else {k: v for k, v in doc.items()
                                                      if k not in ("source_file", "sha256")},
                "city": None if doc is None else cities.get(doc["city_id"]),
                "observations": [{**_row(row), "source_label": row["source_label"]} for row in rows.get(name, [])],
            }
        out["plan_periods"] = periods
        out["unreviewed"] = sorted(_indicator_summary(entry) for entry in unreviewed or [])
        return out

    return _shared(f"synthetic-{fmt}", compute)


def _indicator_summary(entry: dict) -> str:
    return json.dumps({k: entry.get(k) for k in ("id", "name_zh", "unit", "category", "direction", "aliases_zh")},
                      ensure_ascii=False, sort_keys=True)


def synthetic_comparison(fmt: str) -> dict:
    """Per synthetic document: the format's observations against the .txt's (FIELDS + source_label)."""
    text, other = synthetic_world("txt"), synthetic_world(fmt)
    result = {"format": fmt, "documents": {}, "text_ok": text["rebuild"]["returncode"] == 0,
              "format_ok": other["rebuild"]["returncode"] == 0}
    if not (result["text_ok"] and result["format_ok"]):
        return result
    for name, expected in text["documents"].items():
        got = other["documents"][name]
        comparison = _compare(expected["observations"], got["observations"], "source_label")
        comparison["file"] = got["file"]
        result["documents"][name] = comparison
    return result


# ---- the comparison table ------------------------------------------------------------------------------------------

def _show(row: dict) -> str:
    span = f" {row['period_start']}-{row['period_end']}" if row["period_start"] is not None else ""
    where = f"line {row['source_line']}" + (f", {row['source_table']}" if row["source_table"] else "")
    return (f"{row['indicator_id']} {row['city_id']}{'/' + row['district'] if row['district'] else ''} "
            f"{row['value_kind']} {row['year']}{span} {row['comparator']} {row['value']} {row['unit'] or ''} "
            f"({where}: {row['raw_text']!r}, label {row['source_label']!r})")


def comparison_table() -> str:
    """Markdown: format x document, matched / total and differences, then every difference with its cause."""
    lines = ["# Same result in every format", "",
             "Observations read from each rendering of a document, compared with the same document read as "
             "text (tests/test_format_roundtrip.py; `make formats`). Compared on indicator, city, district, "
             "kind, year, value, unit, comparator and span (the synthetic documents also on the label).", ""]
    details: list[str] = []
    results = {}
    for fmt in FORMATS:
        if fmt == "pdf" and (reason := _pdf_unavailable()):
            results[fmt] = reason
            continue
        results[fmt] = (source_world(fmt), synthetic_comparison(fmt))
    lines += ["## The five sources", "", "| document | " + " | ".join(f".{fmt}" for fmt in FORMATS) + " |",
              "|---|" + "---|" * len(FORMATS)]
    doc_ids = [doc["doc_id"] for doc in catalogue.documents()]
    totals = {fmt: [0, 0, 0] for fmt in FORMATS}

    def cell(comparison) -> str:
        differences = len(comparison["missing"]) + len(comparison["extra"])
        return f"{comparison['matched']}/{comparison['total']}" + (f" ({differences} diff.)" if differences else "")

    for doc_id in doc_ids:
        row = [doc_id]
        for fmt in FORMATS:
            result = results[fmt]
            if isinstance(result, str):
                row.append("skipped")
            elif result[0]["rebuild"]["returncode"] != 0:
                row.append("rebuild failed")
            else:
                comparison = result[0]["documents"][doc_id]
                row.append(cell(comparison))
                totals[fmt][0] += comparison["matched"]
                totals[fmt][1] += comparison["total"]
                totals[fmt][2] += len(comparison["missing"]) + len(comparison["extra"])
        lines.append("| " + " | ".join(row) + " |")
    def total_cell(fmt: str) -> str:
        if isinstance(results[fmt], str):
            return "skipped"
        if results[fmt][0]["rebuild"]["returncode"] != 0:
            return "rebuild failed"
        m, t, d = totals[fmt]
        return f"**{m}/{t}**" + (f" ({d} diff., {d / t:.2%})" if d and t else "")

    lines.append("| **all** | " + " | ".join(total_cell(fmt) for fmt in FORMATS) + " |")
    lines.append("")
    lines += ["Source coverage (figures read / excluded / unread) of each rendering:", "",
              "| document | text | " + " | ".join(f".{fmt}" for fmt in FORMATS) + " |",
              "|---|---|" + "---|" * len(FORMATS)]
    for doc_id in doc_ids:
        row, text_coverage = [doc_id], None
        for fmt in FORMATS:
            result = results[fmt]
            if isinstance(result, str) or result[0]["rebuild"]["returncode"] != 0:
                row.append("-")
                continue
            comparison = result[0]["documents"][doc_id]
            text_coverage = text_coverage or comparison["text_coverage"]
            row.append(_coverage_cell(comparison["coverage"]))
        lines.append(f"| {doc_id} | {_coverage_cell(text_coverage or {})} | " + " | ".join(row[1:]) + " |")
    lines.append("")
    lines += ["## The synthetic documents, added with `add`", "",
              "| document | " + " | ".join(f".{fmt}" for fmt in FORMATS) + " |", "|---|" + "---|" * len(FORMATS)]
    for text in SYNTHETIC:
        row = [text.name]
        for fmt in FORMATS:
            result = results[fmt]
            if isinstance(result, str):
                row.append("skipped")
            elif not result[1]["documents"]:
                row.append("rebuild failed")
            else:
                row.append(cell(result[1]["documents"][text.name]))
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    for fmt in FORMATS:
        result = results[fmt]
        if isinstance(result, str):
            details += [f"### .{fmt}", "", f"Skipped: {result}.", ""]
            continue
        sources, synthetic = result
        section = []
        if sources["rebuild"]["returncode"] != 0:
            section.append(f"The rebuild of the five sources failed: `{_last_line(sources['rebuild'])}`")
        if fmt == "pdf":  # the curated rules name the text's lines: say how they were put on the PDF's
            section.append(f"The curated prose rules, written for the text's lines, were moved to the PDF text's line "
                           f"holding each quote (the PDF joins wrapped lines into paragraphs; where a wrap point lost "
                           f"a space the quote is taken as the PDF writes it): {sources['moved']} moved, "
                           f"{len(sources['dropped'])} dropped" + (":" if sources["dropped"] else "."))
        if sources["dropped"]:
            section += [f"- {entry['what']} {entry['file']} (text line {entry['line']}, {entry['values']} "
                        f"value(s)): {entry['cause']}" for entry in sources["dropped"]]
        for doc_id, comparison in sources["documents"].items():
            for row in comparison["missing"]:
                section.append(f"- {doc_id} missing: {_show(row)}" + (f" — cause: {row['cause']}" if row.get("cause")
                                                                       else ""))
            for row in comparison["extra"]:
                section.append(f"- {doc_id} extra: {_show(row)}")
        for name, comparison in synthetic["documents"].items():
            for row in comparison["missing"]:
                section.append(f"- {name} missing: {_show(row)}")
            for row in comparison["extra"]:
                section.append(f"- {name} extra: {_show(row)}")
        details += [f"### .{fmt}", "", *(section or ["No difference."]), ""]
    return "\n".join([*lines, "## Every difference", "", *details]).rstrip() + "\n"


def _coverage_cell(coverage: dict) -> str:
    counts = coverage.get("counts", {})
    return f"{counts.get('read', 0)} / {counts.get('excluded', 0)} / {counts.get('unread', 0)}"


def _last_line(result: dict) -> str:
    """The line that says why a command failed (not the closing 'nothing was written')."""
    lines = [line.strip() for line in (result["stderr"] or result["stdout"]).splitlines() if line.strip()]
    reasons = [line for line in lines if "failed" in line or "error" in line.lower()]
    return (reasons or lines or [f"exit {result['returncode']}"])[-1]


# ---- tests: the renderings themselves (no reader involved) --------------------------------------------------------

def _docx_lines(path: Path) -> list[str]:
    """The .docx read back with python-docx alone: a paragraph a line, a table row a line (a merged cell
    once, then empty cells), to prove the rendering holds the text's lines and nothing else."""
    from docx import Document
    from docx.oxml.ns import qn

    lines = []
    for element in Document(str(path)).element.body.iterchildren():
        if element.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in element.iter(qn("w:t"))))
        elif element.tag == qn("w:tbl"):
            for tr in element.iter(qn("w:tr")):
                cells = []
                for tc in tr.iter(qn("w:tc")):
                    cells.append("".join(t.text or "" for t in tc.iter(qn("w:t"))))
                    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                    cells += [""] * ((int(span.get(qn("w:val"))) - 1) if span is not None else 0)
                lines.append("\t".join(cells))
    return lines


def _first_difference(got: list[str], expected: list[str]) -> str:
    first = next((i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b), None)
    if first is None:
        return f"{len(got)} lines read, the text has {len(expected)}"
    return f"line {first + 1}: read {got[first]!r}, the text has {expected[first]!r}"


class _HtmlLines:
    """The .html read back with the standard library's parser: the article's <p> and <tr>, nothing else."""

    def __init__(self, page: str):
        from html.parser import HTMLParser

        self.lines: list[str] = []
        self.outside = 0
        owner = self

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                if tag in ("nav", "footer"):
                    owner.outside += 1
                elif tag in ("p", "tr") and not owner.outside:
                    owner.current, owner.cells = "", []
                elif tag == "td" and not owner.outside:
                    owner.current = ""
                    owner.span = int(dict(attrs).get("colspan") or 1)

            def handle_endtag(self, tag):
                if tag in ("nav", "footer"):
                    owner.outside -= 1
                elif owner.outside:
                    return
                elif tag == "p":
                    owner.lines.append(owner.current)
                elif tag == "td":
                    owner.cells += [owner.current] + [""] * (owner.span - 1)
                elif tag == "tr":
                    owner.lines.append("\t".join(owner.cells))

            def handle_data(self, data):
                if not owner.outside and hasattr(owner, "current"):
                    owner.current += data

        parser = Parser(convert_charrefs=True)
        parser.feed(page)
        parser.close()


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_the_rendering_holds_the_text_line_for_line(fmt):
    """Independently of the product's reader: the file holds every line of the text, tables as real tables."""
    made = rendered(fmt)
    for text_path in _text_files():
        expected = render_formats.text_lines(text_path.read_text(encoding="utf-8"))
        path = made[text_path.name]
        if fmt == "docx":
            got = _docx_lines(path)
        else:
            raw = path.read_bytes()
            assert b'<meta charset="gbk">' in raw and b"<nav" in raw and b"<footer>" in raw
            got = _HtmlLines(raw.decode("gbk")).lines
        assert got == expected, f"{text_path.name} as .{fmt}: {_first_difference(got, expected)}"


def test_the_docx_has_real_ruled_tables_with_merged_section_rows():
    from docx import Document
    from docx.oxml.ns import qn

    made = rendered("docx")
    sources = sorted(source_directory().glob("*.txt"))
    document = Document(str(made[sources[1].name]))  # 001: 专栏1 and 专栏2, 专栏2 with section rows
    assert len(document.tables) == 2
    assert {table.style.name for table in document.tables} == {"Table Grid"}
    spans = [tc for tc in document.tables[1]._tbl.iter(qn("w:tc"))
             if tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}") is not None]
    lines = render_formats.text_lines(sources[1].read_text(encoding="utf-8"))
    sections = [line.split("\t")[0] for line in lines[102:] if render_formats.is_section_row(tuple(line.split("\t")))]
    assert len(sections) >= 2
    assert ["".join(t.text for t in tc.iter(qn("w:t"))) for tc in spans] == sections
    # a row with fewer cells than its table ends early instead of gaining an empty cell (921, line 32)
    bailuzhou = Document(str(made["921_bailuzhou_14th_plan.txt"]))
    ends_early = [tr for table in bailuzhou.tables for tr in table._tbl.iter(qn("w:tr"))
                  if tr.find(f"{qn('w:trPr')}/{qn('w:gridAfter')}") is not None]
    assert len(ends_early) == 1


def test_the_web_page_is_gbk_with_references_for_what_gbk_cannot_hold():
    made = rendered("html")
    sources = sorted(source_directory().glob("*.txt"))
    raw = made[sources[4].name].read_bytes()  # 004 holds a bullet •, which GBK has no code for
    raw.decode("gbk")  # strict: every byte is GBK
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert b"&#8226;" in raw
    assert b"&#160;" in made[sources[3].name].read_bytes()  # 003's no-break spaces
    assert b'<td colspan="7">' in made[sources[3].name].read_bytes()


def test_the_pdf_is_a_real_pdf_with_the_text():
    made = rendered("pdf")
    for path in made.values():
        assert path.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        sources = sorted(source_directory().glob("*.txt"))
        text = subprocess.run(["pdftotext", "-layout", str(made[sources[1].name]), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "景德镇市" in text and "城镇登记失业率" in text


# ---- tests: the product reads each format like the text --------------------------------------------------------

def _layout_free(line: str) -> str:
    """A line without what a word processor or browser does not keep as text: white space at a cell's
    edges, runs of white space (a no-break space included), empty cells after a row's last one."""
    cells = [" ".join(cell.split()) for cell in line.split("\t")]
    while len(cells) > 1 and cells[-1] == "":
        cells.pop()
    return "\t".join(cells)


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_the_reader_gives_back_the_text_lines(fmt):
    """read_document on a .docx or .html gives the text's lines, one for one, so every curated rule keeps
    its line number and its quote (compared without layout-only white space, see _layout_free)."""
    from analytics.formats import read_document

    made = rendered(fmt)
    for text_path in _text_files():
        expected = render_formats.text_lines(text_path.read_text(encoding="utf-8"))
        got = list(read_document(made[text_path.name]).lines)
        while got and got[-1] == "" and len(got) > len(expected):
            got.pop()
        assert len(got) == len(expected), f"{text_path.name} as .{fmt}: {_first_difference(got, expected)}"
        got, expected = [_layout_free(line) for line in got], [_layout_free(line) for line in expected]
        assert got == expected, f"{text_path.name} as .{fmt}: {_first_difference(got, expected)}"


def _assert_sources(fmt: str, tolerance: float) -> None:
    result = source_world(fmt)
    assert result["rebuild"]["returncode"] == 0, f"rebuild of the five sources as .{fmt} failed:\n" + \
        result["rebuild"]["stderr"][-3000:]
    total = sum(comparison["total"] for comparison in result["documents"].values())
    matched = sum(comparison["matched"] for comparison in result["documents"].values())
    differences = [f"{doc_id} {kind}: {_show(row)}" + (f" — {row['cause']}" if row.get("cause") else "")
                   for doc_id, comparison in result["documents"].items()
                   for kind in ("missing", "extra") for row in comparison[kind]]
    assert total == len(_observations(COMMITTED_DATA))
    if tolerance == 0:
        assert matched == total and not differences, "\n".join(differences)
    else:
        assert len(differences) <= tolerance * total, f"{len(differences)} differences of {total}:\n" + \
            "\n".join(differences)


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_the_five_sources_read_the_same(fmt):
    _assert_sources(fmt, 0)


def test_the_five_sources_as_pdf_differ_in_at_most_one_percent():
    _assert_sources("pdf", PDF_TOLERANCE)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_synthetic_documents_are_added_and_read_the_same(fmt):
    _require(fmt)
    text, other = synthetic_world("txt"), synthetic_world(fmt)
    assert text["rebuild"]["returncode"] == 0, text["rebuild"]["stderr"][-3000:]
    refused = {name: _last_line(result) for name, result in other["added"].items() if result["returncode"] != 0}
    assert not refused, refused
    assert other["rebuild"]["returncode"] == 0, other["rebuild"]["stderr"][-3000:]
    for name, expected in text["documents"].items():
        got = other["documents"][name]
        assert got["document"] == expected["document"], name
        assert got["city"] == expected["city"], name
    assert other["plan_periods"] == text["plan_periods"]
    assert other["unreviewed"] == text["unreviewed"]
    comparison = synthetic_comparison(fmt)
    total = sum(entry["total"] for entry in comparison["documents"].values())
    differences = [f"{name} {kind}: {_show(row)}" for name, entry in comparison["documents"].items()
                   for kind in ("missing", "extra") for row in entry[kind]]
    assert total > 0
    allowed = PDF_TOLERANCE * total if fmt == "pdf" else 0
    assert len(differences) <= allowed, f"{len(differences)} differences of {total}:\n" + "\n".join(differences)


def test_the_comparison_table_is_written():
    """artifacts/formats/comparison.md: format x document, and every difference with its cause."""
    source_directory()
    table = comparison_table()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "comparison.md").write_text(table, encoding="utf-8")
    print("\n" + table)
    assert "| **all** |" in table
