"""A real spreadsheet opens the downloads: LibreOffice (headless) reads the CSV and the XLSX
download and writes them back as CSV; every value must equal the exported flat rows, and no
cell may have turned into a formula or an error.

Filter options (LibreOffice's "Text - txt - csv (StarCalc)" filter, comma-separated tokens):

- Reading our CSV (`--infilter`): `44,34,76,1,,1033,false,<special>,false,false,false,0,true`
  = separator `,`, text delimiter `"`, UTF-8 (76), from line 1, standard column formats,
  language en-US (1033: decimal point `.` as in the file, whatever the machine's locale),
  quoted field as text off, "detect special numbers" (see SPECIAL_NUMBERS), tokens 9/10/12
  are export-only, remove spaces off, and token 13 "evaluate formulas" ON. LibreOffice's own
  dialog leaves formulas off by default, but Excel evaluates them when it opens a CSV, and so
  does LibreOffice's clipboard import and its command line without token 13: on is the
  hostile case, the one the leading ' must survive.
- Writing CSV: `44,34,76,1,,1033,false,false,false,false,false` = `,` `"` UTF-8, quoted text
  only where needed, "save cell contents as shown" OFF (full precision of numbers, no
  column-width rounding), formulas not exported (a formula would show as its result, which
  must equal the exported text anyway). The first sheet (the data sheet) is written.
"""

from __future__ import annotations

import csv
import io
import math
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analytics import exports, labels
from analytics.db import get_database
from analytics.explorer import ExplorerFilter, filter_observations
from tests.conftest import missing

pytestmark = pytest.mark.spreadsheet

# "Detect special numbers" OFF, as LibreOffice's Text Import dialog has it by default. On (what
# Excel does when it opens a CSV) it turns text into dates and times, and the data has such text:
# the ratios written "7:35:58" and "8:40:52" (raw_text) come back as the times 07:35:58 AM and
# 08:40:52 AM, so the values would no longer be equal. Off, plain numbers are still recognised
# (raw_text "54.40" reads as the number 54.4, equal as a float).
SPECIAL_NUMBERS = False
CSV_IN = f"44,34,76,1,,1033,false,{'true' if SPECIAL_NUMBERS else 'false'},false,false,false,0,true"
CSV_OUT = "44,34,76,1,,1033,false,false,false,false,false"
FILTER = "Text - txt - csv (StarCalc)"
# What a cell shows when a formula failed (LibreOffice's Err:5xx and the Excel-style codes).
ERROR_TEXTS = ("Err:", "#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!")

SELECTIONS = {
    "all": ExplorerFilter(),
    "jiangmen_13th_targets": ExplorerFilter(city_ids=["jiangmen"], plan_periods=["13th"], value_kinds=["target"]),
}


@pytest.fixture(scope="module")
def soffice() -> str:
    """Skipped with a visible reason locally; a hard failure in CI, where it must be installed."""
    path = shutil.which("soffice")
    if path:
        return path
    missing("LibreOffice not installed", "apt-get install libreoffice-calc-nogui")


def convert(soffice: str, sources: list[Path], work: Path, *, csv_input: bool) -> dict[str, list[list[str]]]:
    """LibreOffice opens every file (one start for all of them: starting is most of the time)
    and saves its first sheet as UTF-8 CSV. The rows of each CSV, by the file's stem."""
    out = work / "out"
    command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={(work / 'lo-profile').as_uri()}"]
    if csv_input:
        command.append(f"--infilter={FILTER}:{CSV_IN}")
    command += ["--convert-to", f"csv:{FILTER}:{CSV_OUT}", "--outdir", str(out), *map(str, sources)]
    result = subprocess.run(command, capture_output=True, timeout=300, check=False)
    assert result.returncode == 0, (result.stdout.decode(), result.stderr.decode())
    tables = {}
    for source in sources:
        target = out / (source.stem + ".csv")
        assert target.exists(), (source.name, result.stdout.decode(), result.stderr.decode())
        tables[source.stem] = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"), newline="")))
    return tables


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _line_breaks(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def same(expected: object, got: str) -> bool:
    """A written value and what the spreadsheet made of it: empty = missing, numbers as floats,
    booleans case-insensitively (True / TRUE), text exactly (or as the number it spells; a
    carriage return inside a text LibreOffice stores as a line feed)."""
    if labels.is_missing(expected):
        return got == ""
    if isinstance(expected, bool):
        return got.lower() == str(expected).lower()
    if isinstance(expected, (int, float)):
        number = _float(got)
        return number is not None and math.isclose(number, float(expected), rel_tol=1e-12, abs_tol=1e-12)
    text = str(expected)
    if got == text or _line_breaks(got) == _line_breaks(text):  # a cell's line break is LF, CR read as LF
        return True
    # A text that spells a number ("1.77" as written in the source) becomes that number.
    number, wanted = _float(got), _float(text)
    return number is not None and wanted is not None and math.isclose(number, wanted, rel_tol=1e-12)


def compare(name: str, flat: pd.DataFrame, table: list[list[str]]) -> int:
    """Header and every value equal; no error cell. Returns the number of values compared."""
    assert table[0] == list(flat.columns), name
    assert len(table) - 1 == len(flat), name
    errors = [cell for row in table for cell in row if cell.startswith(ERROR_TEXTS)]
    assert not errors, (name, errors[:5])
    mismatches, compared = [], 0
    for index, record in enumerate(flat.itertuples(index=False)):
        row = table[index + 1]
        assert len(row) == len(record), (name, index)
        for position, expected in enumerate(record):
            expected = expected.item() if hasattr(expected, "item") else expected  # numpy scalar -> Python
            compared += 1
            if not same(expected, row[position]):
                mismatches.append((index, flat.columns[position], expected, row[position]))
    assert not mismatches, (name, mismatches[:10])
    return compared


CRAFTED = [
    '=HYPERLINK("http://127.0.0.9:9/","x")', "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=", "a\r=1+1", "-", "—",
    "plain", "=1+1",
]


@pytest.fixture(scope="module")
def downloads() -> dict[str, tuple[pd.DataFrame, str]]:
    """name -> (rows, language): all rows of the committed data and one filter, in both
    languages, and a frame of text crafted to be formulas."""
    db = get_database()
    frames = {name: filter_observations(db, selection) for name, selection in SELECTIONS.items()}
    assert len(frames["all"]) > 500 and 0 < len(frames["jiangmen_13th_targets"]) < len(frames["all"])
    crafted = pd.DataFrame({"quote": CRAFTED, "comparator": ["=", "<=", "<", ">=", ">", "~", *[None] * 6],
                            "value": [float(i) - 3.5 for i in range(len(CRAFTED))]})
    result = {f"{name}_{lang}": (rows, lang) for name, rows in frames.items() for lang in ("zh", "en")}
    result["crafted_en"] = (crafted, "en")
    return result


def check_crafted(table: list[list[str]]) -> None:
    """The crafted text reads back as itself with its leading ' (not a formula, a link or an
    error, although formulas are evaluated); the comparators as words."""
    header = table[0]
    quotes = [_line_breaks(row[header.index("Quote")]) for row in table[1:]]
    assert quotes == [_line_breaks("'" + text if text[0] in "=+-@\t\r" else text) for text in CRAFTED]
    assert [row[header.index("Comparator")] for row in table[1:7]] == ["eq", "le", "lt", "ge", "gt", "approx"]
    assert [float(row[header.index("Value")]) for row in table[1:3]] == [-3.5, -2.5]  # negative numbers stay numbers


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_downloads_read_back_equal_in_libreoffice(soffice, downloads, tmp_path, suffix):
    db = get_database()
    sources = []
    for name, (rows, lang) in downloads.items():
        sources.append(tmp_path / f"{name}{suffix}")
        sources[-1].write_bytes(exports.export_bytes(rows, suffix, lang, db))
    tables = convert(soffice, sources, tmp_path, csv_input=suffix == ".csv")
    compared = {}
    for name, (rows, lang) in downloads.items():
        flat = exports.flat_frame(rows, lang)
        compared[name] = compare(name, flat, tables[name])
        assert compared[name] == len(rows) * len(flat.columns) > 0
    check_crafted(tables["crafted_en"])
    print(f"{suffix}: values compared {compared}")  # shown with pytest -s
