"""A source document as the dataset read it: the original file (for download) and its text lines.

The pages show a document's text with each line's number (the `source_line` of its values) and,
for a Word file, PDF or web page, where the line is in the original (`p. 7`). The original is read
from the sources directory and only when its SHA-256 is the one the data was built from, so what
is offered is exactly what the values come from. Nothing here writes anything.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics import paths

LINE_COLUMNS = ("line", "locator", "text")


@dataclass(frozen=True)
class Original:
    source_file: str
    content: bytes | None  # None: not available, `why` says why
    why: str | None = None  # "missing" | "changed"


def original(source_file: str, sha256: str, sources_dir: Path | None = None) -> Original:
    """The original file from the sources directory, when it is there and unchanged."""
    directory = Path(sources_dir) if sources_dir is not None else paths.default_sources_dir()
    path = directory / source_file
    if Path(source_file).name != source_file or not path.is_file():
        return Original(source_file, None, "missing")
    content = path.read_bytes()
    if hashlib.sha256(content).hexdigest() != sha256:
        return Original(source_file, None, "changed")
    return Original(source_file, content)


def text_lines(found: Original) -> pd.DataFrame:
    """The document's lines as the dataset reads them (analytics.formats): line number, where the
    line is in the original (empty for plain text) and the text, tabs between a table's cells shown as │."""
    from analytics.formats import read_document  # the readers (Word, PDF …) load only when asked

    if found.content is None:
        return pd.DataFrame(columns=list(LINE_COLUMNS))
    text = read_document(Path(found.source_file), found.content)
    locators = text.locators if text.format != "text" else [""] * len(text.lines)
    return pd.DataFrame({
        "line": range(1, len(text.lines) + 1),
        "locator": list(locators),
        "text": [line.rstrip("\r").replace("\t", " │ ") for line in text.lines],
    })
