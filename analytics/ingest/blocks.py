"""Stage one of reading a document: its tables as blocks of cells, each cell with its line.

A text document (as conversion from Word or PDF leaves it) is cut into table blocks here;
nothing is interpreted yet (analytics.ingest.tables gives the cells their meaning). A block is:

    title        a line `专栏N …` / `表N …` (markup and full-width digits allowed)
    preamble     up to MAX_PREAMBLE short lines between the title and the header
                 (`单位：万人`, `（截至2025年底）`), kept for the reader to use or report
    header       one tab-separated line, or two when the second is a header too
                 (a group row over a sub row: `“十四五”` over `2023年 | 2025年`)
    body         data rows (tab-separated) and section lines (`一、就业`, `（一）社会保险`:
                 a short line without tabs followed by another row), in order
    notes        the `注：…` lines right under the table
    skipped      lines inside the table that are not data, each with why: page numbers of a
                 page break, a repeated header, a continuation title

A table ends at a note line, at a new title, or at a line that is neither a row nor a section
(prose, a chapter heading); blank lines inside it are allowed. A continuation title (`续表`,
`续上表`, `专栏2（续）`) anywhere later continues the last table, and a header repeated after it
(or after a page break) is skipped, so a table broken over pages is one block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from analytics.notation import FULL_WIDTH, strip_markup

MAX_PREAMBLE = 3  # lines between a title and its header (a unit line, an as-of line, a source line)
MAX_PREAMBLE_CHARS = 40  # longer lines are prose: the 专栏 is a programme box, not a table
MAX_SECTION_CHARS = 24
MAX_NOTE_LINES = 6

_CONTINUATION = re.compile(r"^(?:续表\s*(?P<a>\d+)?|续上表|(?P<name>(?:专栏|表)\s*(?P<b>\d+))\s*[（(]\s*续\s*[）)])")
_PAGE_MARK = re.compile(r"^(?:[-—–－·\s]*\d{1,4}[-—–－·\s]*|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_NOTE = re.compile(r"^(?:注|备注|说明)\s*[0-9①-⑩]*\s*[：:]")
_SENTENCE = re.compile(r"[。；;，,！？]")
_NOTE_ITEM = re.compile(r"^(?:\d{1,2}\s*[.、)）]|[（(]\d{1,2}[）)]|[①-⑩])")


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line of the source text
    cells: tuple[str, ...]  # as written, outer white space stripped

    @property
    def is_section(self) -> bool:
        return False


@dataclass(frozen=True)
class Section:
    line: int
    text: str  # as written: 一、就业

    @property
    def is_section(self) -> bool:
        return True


@dataclass
class TableBlock:
    name: str  # 专栏2 / 表1, white space removed
    title_line: int
    title: str  # the title line, markup stripped
    preamble: list[tuple[int, str]] = field(default_factory=list)
    header: list[Row] = field(default_factory=list)
    body: list[Row | Section] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, why)
    end_line: int = 0  # the first line after the table's last row (its note, prose or a heading)

    @property
    def header_line(self) -> int:
        return self.header[-1].line

    @property
    def rows(self) -> list[Row]:
        return [item for item in self.body if not item.is_section]


def normalise(text: str) -> str:
    """A line as the title and section patterns read it: markup and full-width digits resolved."""
    return strip_markup(text).translate(FULL_WIDTH).strip()


def split_cells(text: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in text.rstrip("\t\r ").split("\t"))


def is_tab_row(text: str) -> bool:
    """A line of cells: a tab between two non-blank parts (a line of only trailing tabs is not)."""
    return "\t" in text.strip()  # strip() takes the outer tabs too: one left stands between two parts


def is_page_mark(text: str) -> bool:
    return bool(_PAGE_MARK.match(normalise(text))) and bool(text.strip())


def table_blocks(lines: Sequence[str], title_words: Sequence[str],
                 is_header_row: Callable[[tuple[str, ...]], bool]) -> list[TableBlock]:
    """Every table of the document, in order. `is_header_row` says whether a row of cells is a
    header (the reader's vocabulary decides); it is asked about the row under a header."""
    title = re.compile(rf"^(?P<name>(?:{'|'.join(map(re.escape, title_words))})\s*(?P<num>\d+))")
    blocks: list[TableBlock] = []
    number = 1
    while number <= len(lines):
        text = lines[number - 1]
        plain = normalise(text)
        continuation = _CONTINUATION.match(plain) if not is_tab_row(text) else None
        if continuation and blocks:
            blocks[-1].skipped.append((number, f"continuation title of {blocks[-1].name}"))
            number = _read_body(blocks[-1], lines, number + 1, is_header_row, title)
            continue
        match = title.match(plain) if not is_tab_row(text) else None
        if match:
            block = _open(lines, number, re.sub(r"\s+", "", match["name"]), plain, is_header_row)
            if block is not None:
                blocks.append(block)
                number = _read_body(block, lines, block.header_line + 1, is_header_row, title)
                continue
        number += 1
    return blocks


def _open(lines, title_line: int, name: str, title: str, is_header_row) -> TableBlock | None:
    """The block of a title whose header follows within MAX_PREAMBLE short lines; None for a
    programme box (prose under a 专栏 title)."""
    block = TableBlock(name, title_line, title)
    number = title_line + 1
    while number <= len(lines):
        text = lines[number - 1]
        if is_tab_row(text):
            break
        if text.strip():
            if len(block.preamble) == MAX_PREAMBLE or len(text.strip()) > MAX_PREAMBLE_CHARS:
                return None
            block.preamble.append((number, text.strip()))
        number += 1
    else:
        return None
    block.header.append(Row(number, split_cells(lines[number - 1])))
    following = _next_content(lines, number)
    if following and is_tab_row(lines[following - 1]) and is_header_row(split_cells(lines[following - 1])):
        block.header.append(Row(following, split_cells(lines[following - 1])))
    return block


def _read_body(block: TableBlock, lines, start: int, is_header_row, title: re.Pattern[str]) -> int:
    """Rows from `start` to the table's end; returns the line to scan on from."""
    headers = {_key(row.cells) for row in block.header}
    number = start
    while number <= len(lines):
        text = lines[number - 1]
        if not text.strip():
            number += 1
            continue
        if is_tab_row(text):
            cells = split_cells(text)
            if _key(cells) in headers or (not block.body and is_header_row(cells) and block.skipped):
                block.skipped.append((number, "header repeated after a page break"))
            elif len([cell for cell in cells if cell]) == 1 and cells[0] and _is_section_text(cells[0]):
                block.body.append(Section(number, cells[0]))
            else:
                block.body.append(Row(number, cells))
            number += 1
            continue
        plain = normalise(text)
        if is_page_mark(text):
            block.skipped.append((number, "page number"))
            number += 1
            continue
        if _NOTE.match(plain):
            block.end_line = number
            return _read_notes(block, lines, number)
        following = _next_content(lines, number)
        if (_is_section_text(plain) and not _CONTINUATION.match(plain) and not title.match(plain) and following
                and is_tab_row(lines[following - 1]) and _key(split_cells(lines[following - 1])) not in headers):
            block.body.append(Section(number, plain))
            number += 1
            continue
        break
    block.end_line = number
    return number


def _read_notes(block: TableBlock, lines, start: int) -> int:
    """The note line and the note items under it (1. …, （2）…, ② …, another 注); a title, a heading
    or prose after them is not part of the notes, blank line or not (a PDF has none)."""
    number = start
    while number <= len(lines) and len(block.notes) < MAX_NOTE_LINES:
        text = lines[number - 1]
        if not text.strip() or is_tab_row(text):
            break
        if number > start and not (_NOTE.match(normalise(text)) or _NOTE_ITEM.match(normalise(text))):
            break
        block.notes.append((number, text.strip()))
        number += 1
    return number


def _is_section_text(text: str) -> bool:
    """A short heading-like line: 一、就业, （一）社会保险, 就业创业 — not a sentence."""
    plain = normalise(text)
    return 0 < len(plain) <= MAX_SECTION_CHARS and not _SENTENCE.search(plain) and not _NOTE.match(plain) \
        and not re.search(r"\d+(?:\.\d+)?\s*%?$", plain)


def _next_content(lines, after: int) -> int | None:
    """The next line after `after` that is neither blank nor a page number."""
    for number in range(after + 1, len(lines) + 1):
        text = lines[number - 1]
        if text.strip() and not is_page_mark(text):
            return number
    return None


def _key(cells: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", "", cell) for cell in cells)
