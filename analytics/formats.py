"""Documents as they are published: plain text, Word (.docx, and .doc/.wps through LibreOffice),
HTML pages and PDF, each read into the one form the table reader and the prose rules read.

That form is a sequence of text lines (`DocumentText.lines`, lines[0] is line 1):

- a paragraph or heading is one line; an empty paragraph is an empty line (a Word file or a page
  written from a text version, one paragraph per line, reads back with the same line numbers);
- a table row is one line, its cells joined by a tab. Inside a cell a line break is dropped where
  a CJK character meets it (`城镇新增就\\n业人数` → `城镇新增就业人数`) and is one space between
  two Western characters. A cell merged across the row (a section row) appears once, in its first
  column, and the columns it covers are empty (`一、就业\\t\\t\\t\\t`); a cell merged down appears
  on its first row only and is empty below (the table reader carries such columns down);
- a table's caption or title stays the paragraph before its rows.

Each line has a locator saying where it is in the original file, in words: `line 12` (text),
`paragraph 7` / `table 2, row 3` (Word), `table 1, row 4` / `body/div[2]/p[5]` (HTML), `p. 3`
(PDF: the page a line starts on, as the pages show it).

A file that cannot be read raises `FormatError`: one message naming the file, what is wrong with
it and what to do.
"""

from __future__ import annotations

import codecs
import io
import re
import shutil
import statistics
import subprocess
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import SourceError

SUPPORTED = (".txt", ".docx", ".html", ".htm", ".pdf", ".doc", ".wps")
# A larger file is refused: a plan or report is well under 5 MB (text, or a PDF of text with a
# few charts); a file four times that is a scanned image, an archive or the wrong file, and
# reading it would only take minutes to fail.
MAX_BYTES = 20 * 1024 * 1024

CONVERT_TIMEOUT_S = 180  # LibreOffice converting one .doc: seconds on a slow machine, never minutes


@dataclass(frozen=True)
class DocumentText:
    lines: tuple[str, ...]  # the document as text lines; lines[0] is line 1
    locators: tuple[str, ...]  # one per line: where that line is in the original file, in words
    format: str  # "text" | "docx" | "html" | "pdf" | "doc" (a .doc/.wps converted by LibreOffice)
    encoding: str | None  # text and HTML: "utf-8", "utf-8-sig", "gb18030" or the page's declared charset
    notes: tuple[str, ...]  # what reading did, in words (for add's report)


class FormatError(SourceError):
    """A file that cannot be read as a document: one clear message naming the file, what is
    wrong and what to do."""


def read_document(path: Path, raw: bytes | None = None) -> DocumentText:
    """The document's text lines, whatever its format (by the file's extension, checked against
    its bytes). `raw` is the file's content when the caller has read it already (it is what is
    read then, so that the lines belong to the bytes the caller hashed)."""
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise FormatError(
            f"{name}: cannot read {f'a {suffix} file' if suffix else 'a file without an extension'} as a document; "
            f"supported: {', '.join(SUPPORTED)} (save it in one of these formats and add that)"
        )
    if raw is None:
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise FormatError(f"{name}: file not found ({path})") from None
        check_size(name, size)
        raw = path.read_bytes()
    check_size(name, len(raw))
    if suffix == ".txt":
        return _read_text(name, raw)
    if suffix == ".docx":
        return _read_docx(name, raw)
    if suffix in (".html", ".htm"):
        return _read_html(name, raw)
    if suffix == ".pdf":
        return _read_pdf(name, raw)
    return _read_doc(name, suffix, raw)


def check_size(name: str, size: int) -> None:
    """FormatError for a file over MAX_BYTES (checked before its bytes are read, where the caller can)."""
    if size > MAX_BYTES:
        raise FormatError(
            f"{name}: {_megabytes(size)} is over the limit of {_megabytes(MAX_BYTES)} for a document "
            "(a plan or report is well under 5 MB; a file this large is a scan or an archive): "
            "add the document itself, as text, Word, HTML or a PDF with a text layer"
        )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# ---------------------------------------------------------------------------------------------
# Joining the pieces of one line (a cell's paragraphs, a wrapped PDF line)

_CJK_RANGES = (
    (0x2E80, 0x9FFF),  # radicals, CJK punctuation, kana, CJK unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms: （），：％
    (0x20000, 0x3FFFF),  # extension ideographs
)
_CJK_PUNCTUATION = "“”‘’—…·"


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return char in _CJK_PUNCTUATION or any(low <= code <= high for low, high in _CJK_RANGES)


def _join(left: str, right: str) -> str:
    """Two pieces of one line: nothing between them where a CJK character meets the break or a
    number is cut (`城镇新增就` + `业人数`, `60` + `.5`), one space between two Western words
    (`labour` + `market`)."""
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left + right
    if _is_cjk(left[-1]) or _is_cjk(right[0]) or _cuts_a_number(left[-1], right[0]):
        return left + right
    return f"{left} {right}"


def _cuts_a_number(before: str, after: str) -> bool:
    """A break inside a number or a ratio: 6.6:32.9:60 | .5, 1, | 200, 3 | %."""
    return (before.isdigit() and (after.isdigit() or after in ".,:%")) or (before in ".,:" and after.isdigit())


def _join_all(pieces) -> str:
    text = ""
    for piece in pieces:
        text = _join(text, piece)
    return text


def _cell_text(text: str) -> str:
    """A table cell as one piece of a row line: its line breaks and tabs joined away (a cell of one
    line is kept exactly as written)."""
    pieces = re.split(r"[\t\r\n\v\f\u2028\u2029]+", text)
    return pieces[0] if len(pieces) == 1 else _join_all(piece for piece in pieces if piece.strip())


# ---------------------------------------------------------------------------------------------
# Plain text


def _read_text(name: str, raw: bytes) -> DocumentText:
    notes: list[str] = []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FormatError(f"{name}: UTF-16 text, not UTF-8 or GB18030: save it as UTF-8 text and add it again")
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        raise FormatError(
            f"{name}: binary data, not text (a NUL byte at offset {offset}): "
            "add the document in the format it was published in, with that extension"
        )
    if raw.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
        notes.append("UTF-8 byte order mark dropped")
    else:
        encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as gb_error:
            raise FormatError(_undecodable(name, raw, utf8_error, gb_error)) from None
        encoding = "gb18030"
        notes.append("GB18030 detected (the file is not UTF-8): read as GB18030 (GBK, GB2312)")
    if not text.strip():
        raise FormatError(f"{name}: empty file (no text in it): add the document with its text")
    lines = tuple(text.split("\n"))
    return DocumentText(lines, tuple(f"line {n}" for n in range(1, len(lines) + 1)), "text", encoding, tuple(notes))


def _undecodable(name: str, raw: bytes, utf8_error: UnicodeDecodeError, gb_error: UnicodeDecodeError) -> str:
    # The text before the later of the two failures reads in that encoding: that byte is the one
    # to look at (a GBK file with one damaged byte fails UTF-8 at its first Chinese character).
    later, reads_as = (utf8_error, "UTF-8") if utf8_error.start >= gb_error.start else (gb_error, "GB18030")
    offset = later.start
    line = raw.count(b"\n", 0, offset) + 1
    return (
        f"{name}: not text in UTF-8 or GB18030: byte 0x{raw[offset]:02X} at offset {offset} (line {line}) "
        f"cannot be read (the text before it reads as {reads_as}); save the file as UTF-8 text and add it again"
    )


# ---------------------------------------------------------------------------------------------
# Word (.docx)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def _read_docx(name: str, raw: bytes, *, converted_from: str | None = None) -> DocumentText:
    if raw.startswith(_OLE_MAGIC):
        raise FormatError(
            f"{name}: not a readable Word file (an old binary Word or WPS file named .docx): "
            "rename it to .doc and add it again, or save it as .docx in Word or WPS"
        )
    if not raw.startswith(_ZIP_MAGIC):
        raise FormatError(
            f"{name}: not a readable Word file (not a .docx package: it starts with {raw[:8]!r}): "
            "open it in Word or WPS, save it as .docx and add that"
        )
    import docx  # python-docx, imported when a Word file is read
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            if "word/document.xml" not in package.namelist():
                raise FormatError(
                    f"{name}: not a readable Word file (the package has no word/document.xml): "
                    "open it in Word or WPS, save it as .docx and add that"
                )
        document = docx.Document(io.BytesIO(raw))
    except FormatError:
        raise
    except Exception as exc:  # a damaged zip or XML, a package of another kind (.xlsx renamed)
        raise FormatError(
            f"{name}: not a readable Word file ({type(exc).__name__}: {exc}): "
            "open it in Word or WPS, save it as .docx and add that"
        ) from None
    reader = _DocxReader()
    reader.container(document.element.body)
    if not any(line.strip() for line in reader.lines):
        raise FormatError(f"{name}: no text in this Word file (an empty document, or only images): "
                          "add a version with its text")
    notes = []
    if converted_from:
        notes.append(f"converted from {converted_from} by LibreOffice")
    notes.append(f"{reader.paragraphs} paragraphs and {reader.tables} tables "
                 f"({reader.rows} rows) in document order; headers, footers and footnotes left out")
    if reader.merged:
        notes.append(f"{reader.merged} merged cells written once, in their first row and column")
    return DocumentText(tuple(reader.lines), tuple(reader.locators), "doc" if converted_from else "docx",
                        None, tuple(notes))


class _DocxReader:
    """The body of a Word document, paragraph by paragraph and table row by table row."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.locators: list[str] = []
        self.paragraphs = self.tables = self.rows = self.merged = 0

    def container(self, element) -> None:
        for child in element:
            tag = child.tag
            if tag == f"{_W}p":
                self.paragraphs += 1
                for line in _paragraph_text(child).split("\n"):
                    self.lines.append(line)
                    self.locators.append(f"paragraph {self.paragraphs}")
            elif tag == f"{_W}tbl":
                self.table(child)
            elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}moveTo"):
                self.container(child)  # content controls and tracked insertions hold body paragraphs too

    def table(self, tbl) -> None:
        self.tables += 1
        number = self.tables
        for row_number, tr in enumerate(_children(tbl, f"{_W}tr"), start=1):
            cells: list[str] = [""] * _int_val(tr.find(f"{_W}trPr/{_W}gridBefore"))
            for tc in _children(tr, f"{_W}tc"):
                tc_pr = tc.find(f"{_W}tcPr")
                span = _int_val(tc_pr.find(f"{_W}gridSpan") if tc_pr is not None else None) or 1
                v_merge = tc_pr.find(f"{_W}vMerge") if tc_pr is not None else None
                continued = v_merge is not None and v_merge.get(f"{_W}val", "continue") == "continue"
                if continued or span > 1:
                    self.merged += 1
                text = "" if continued else _cell_text("\n".join(_paragraph_text(p) for p in tc.iter(f"{_W}p")))
                cells += [text] + [""] * (span - 1)
            cells += [""] * _int_val(tr.find(f"{_W}trPr/{_W}gridAfter"))  # a row that ends early
            self.rows += 1
            self.lines.append("\t".join(cells))
            self.locators.append(f"table {number}, row {row_number}")


def _children(element, tag: str) -> list:
    """The children of `element` with `tag`, also those wrapped in content controls or custom XML."""
    found = []
    for child in element:
        if child.tag == tag:
            found.append(child)
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            found += _children(child, tag)
    return found


def _int_val(element) -> int:
    if element is None:
        return 0
    try:
        return max(0, int(element.get(f"{_W}val", "0")))
    except ValueError:
        return 0


_RUN_CONTAINERS = {f"{_W}{tag}" for tag in ("r", "hyperlink", "ins", "smartTag", "fldSimple", "sdt", "sdtContent",
                                             "customXml", "moveTo", "dir", "bdo")}


def _paragraph_text(p) -> str:
    """A paragraph's text as Word shows it: runs, hyperlinks and tracked insertions in order;
    deleted text, field codes, drawings and text boxes left out; a line break is a new line."""
    parts: list[str] = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab":
                parts.append("\t")
            elif tag == f"{_W}br":
                if child.get(f"{_W}type") not in ("page", "column"):
                    parts.append("\n")
            elif tag == f"{_W}cr":
                parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif tag in _RUN_CONTAINERS:
                walk(child)

    walk(p)
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# HTML

_CHARSET_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030",
                    "cp936": "gb18030", "ms936": "gb18030", "windows-936": "gb18030", "euc-cn": "gb18030",
                    "gb18030": "gb18030", "utf8": "utf-8", "utf-8": "utf-8"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SKIP_TAGS = {"nav", "header", "footer", "script", "style", "aside", "noscript", "template", "iframe", "head",
              "title", "meta", "link", "object", "embed", "svg", "canvas", "button", "select", "input",
              "textarea", "map", "form"}
_SKIP_NAMES = re.compile(r"(?<![a-z])(?:nav|menu|footer|breadcrumb|crumb|share|sidebar)", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
               "section", "article", "main", "center", "pre", "address", "figure", "figcaption", "fieldset",
               "hr", "body", "html", "caption", "tbody", "thead", "tfoot", "tr", "td", "th", "details",
               "summary", "legend"}
_EMPTY_LINE_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}  # an empty one of these is an empty line
_LAYOUT_CELL_CHARS = 300  # a cell with more text than this is a page laid out in a table, not data


def _decode_html(name: str, raw: bytes) -> tuple[str, str, list[str]]:
    notes: list[str] = []
    if raw.startswith(codecs.BOM_UTF8):
        declared, source = "utf-8-sig", "a UTF-8 byte order mark"
    else:
        match = _META_CHARSET.search(raw[:8192])
        declared = match.group(1).decode("ascii").lower() if match else None
        source = f"the page's declared charset {declared}" if declared else "no declared charset: UTF-8"
        if declared:
            declared = _CHARSET_ALIASES.get(declared, declared)
            try:
                declared = codecs.lookup(declared).name if declared not in ("gb18030", "utf-8") else declared
            except LookupError:
                notes.append(f"unknown declared charset {match.group(1).decode('ascii')!r}: read as UTF-8")
                declared = None
        declared = declared or "utf-8"
    try:
        text = raw.decode(declared)
        if declared == "gb18030":
            notes.append(f"read as GB18030 ({source}; GB18030 covers GBK and GB2312)")
        return text, declared, notes
    except UnicodeDecodeError as first:
        fallback = "gb18030" if declared in ("utf-8", "utf-8-sig") else "utf-8"
        try:
            text = raw.decode(fallback)
        except UnicodeDecodeError:
            offset = first.start
            raise FormatError(
                f"{name}: the page cannot be read as {declared} ({source}): byte 0x{raw[offset]:02X} at offset "
                f"{offset}; save the page again (the browser's 'save page as' writes it in one encoding) and add it"
            ) from None
        notes.append(f"the page is not {declared} ({source}): read as {fallback.upper()}")
        return text, fallback, notes


def _read_html(name: str, raw: bytes) -> DocumentText:
    if raw.startswith((b"%PDF", _ZIP_MAGIC, _OLE_MAGIC)) or b"\x00" in raw[:4096]:
        raise FormatError(f"{name}: not an HTML page (binary content: {raw[:8]!r}): "
                          "give the file the extension of its format (.pdf, .docx, .doc) and add it again")
    text, encoding, notes = _decode_html(name, raw)
    import lxml.html  # imported when a page is read

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses a str that declares its own encoding
    if not text.strip():
        raise FormatError(f"{name}: no text in this page (an empty file): save the page with its text and add it")
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml.etree.ParserError on a page with nothing to parse
        raise FormatError(f"{name}: not a readable HTML page ({exc}): save the page again and add it") from None
    body = root.find("body")
    reader = _HtmlReader()
    reader.block(body if body is not None else root, "body")
    if not any(line.strip() for line in reader.lines):
        raise FormatError(
            f"{name}: no text in this page (menus, scripts and images only, or text drawn by scripts): "
            "save the page as the browser shows it, or the document it links to, and add that"
        )
    if reader.skipped:
        notes.append(f"left out: {', '.join(f'{count} {what}' for what, count in sorted(reader.skipped.items()))}")
    if reader.tables:
        notes.append(f"{reader.tables} tables ({reader.rows} rows)")
    return DocumentText(tuple(reader.lines), tuple(reader.locators), "html", encoding, tuple(notes))


def _collapse(text: str) -> str:
    """White space as a browser shows it: a run is one space, dropped where a line break in the
    source falls between CJK characters; &nbsp; is a space; the line's ends are trimmed."""
    def space(match: re.Match[str]) -> str:
        before = match.string[match.start() - 1] if match.start() else ""
        after = match.string[match.end()] if match.end() < len(match.string) else ""
        if "\n" in match.group() and before and after and (_is_cjk(before) or _is_cjk(after)):
            return ""
        return " "
    return re.sub(r"[ \t\r\n\f\xa0]+", space, text).strip(" ")  # an ideographic space (　) stays


class _HtmlReader:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.locators: list[str] = []
        self.pending: list[str] = []
        self.tables = self.rows = 0
        self.skipped: Counter[str] = Counter()

    def flush(self, path: str, *, force: bool = False) -> None:
        text = _collapse("".join(self.pending))
        self.pending.clear()
        if text or force:
            self.emit(text, path)

    def emit(self, text: str, path: str) -> None:
        self.lines.append(text)
        self.locators.append(path)

    def block(self, element, path: str) -> None:
        start = len(self.lines)
        if element.tag == "pre":
            for line in (element.text_content() or "").strip("\n").split("\n"):
                self.emit(line.rstrip(), path)
            return
        self.inline(element, path)
        self.flush(path)
        if element.tag in _EMPTY_LINE_TAGS and len(self.lines) == start:
            self.emit("", path)

    def inline(self, element, path: str) -> None:
        if element.text:
            self.pending.append(element.text)
        counts: Counter[str] = Counter()
        totals = Counter(child.tag for child in element if isinstance(child.tag, str))
        for child in element:
            if not isinstance(child.tag, str):  # a comment or processing instruction
                if child.tail:
                    self.pending.append(child.tail)
                continue
            tag = child.tag.lower()
            counts[child.tag] += 1
            child_path = f"{path}/{tag}" + (f"[{counts[child.tag]}]" if totals[child.tag] > 1 else "")
            why = _skip_reason(child)
            if why:
                self.skipped[why] += 1
            elif tag == "br":
                self.flush(path, force=True)
            elif tag == "table":
                self.flush(path)
                self.table(child, child_path)
            elif tag in _BLOCK_TAGS:
                self.flush(path)
                self.block(child, child_path)
            else:
                self.inline(child, path)
            if child.tail:
                self.pending.append(child.tail)

    def table(self, table, path: str) -> None:
        rows = [tr for tr in table.iter("tr") if _nearest_html(tr, "table") is table]
        grid: dict[tuple[int, int], str] = {}
        cells_by_position = {}
        for r, tr in enumerate(rows):
            c = 0
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag not in ("td", "th") or _skip_reason(cell):
                    continue
                while (r, c) in grid:
                    c += 1
                colspan = _span(cell.get("colspan"))
                rowspan = _span(cell.get("rowspan")) or len(rows) - r  # rowspan="0": to the table's end
                text = _html_cell_text(cell)
                for dr in range(min(rowspan, len(rows) - r)):
                    for dc in range(colspan or 1):
                        grid[(r + dr, c + dc)] = text if dr == 0 and dc == 0 else ""
                cells_by_position[(r, c)] = cell
                c += colspan or 1
        width = max((c for _, c in grid), default=-1) + 1
        layout = (width <= 1 or table.find(".//table") is not None
                  or any(len(text) > _LAYOUT_CELL_CHARS for text in grid.values()))
        if layout:  # a page laid out in a table: its cells are blocks of text
            for (r, c), cell in sorted(cells_by_position.items()):
                self.block(cell, f"{path}/tr[{r + 1}]/{cell.tag}[{c + 1}]")
            return
        self.tables += 1
        caption = table.find("caption")
        if caption is not None and _collapse(caption.text_content()):
            self.emit(_collapse(caption.text_content()), f"{path}/caption")
        for r in range(len(rows)):
            self.rows += 1
            self.emit("\t".join(grid.get((r, c), "") for c in range(width)), f"table {self.tables}, row {r + 1}")


def _skip_reason(element) -> str | None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _SKIP_TAGS:
        return {"script": "scripts", "style": "style sheets", "noscript": "scripts"}.get(tag, f"<{tag}> elements")
    if element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style") or ""):
        return "hidden elements"
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    if _SKIP_NAMES.search(names):
        return "navigation, menus, footers, share bars"
    return None


def _nearest_html(element, tag: str):
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _span(value: str | None) -> int:
    try:
        return min(max(int((value or "1").strip()), 0), 1000)
    except ValueError:
        return 1


def _html_cell_text(cell) -> str:
    """A cell's text: its paragraphs and line breaks joined the way a table cell's lines are."""
    reader = _HtmlReader()
    reader.block(cell, "")
    return _cell_text("\n".join(line for line in reader.lines if line))


# ---------------------------------------------------------------------------------------------
# PDF

_BAND = 0.1  # running headers and footers sit in the top and bottom tenth of the page
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－·\s]*\d{1,4}[-—–－·\s]*|第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|"
    r"[-—–－·\s]*[ivxlcIVXLC]{1,6}[-—–－·\s]*)$"
)
_NEW_ITEM = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[章节条部分篇]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|"
    r"\d+[、．]|\d+\.(?!\d)|[①-⑳]|专栏\s*\d|表\s*\d|注\s*\d*\s*[：:]|附件)"
)
_BULLET = re.compile(r"^[●•▪■◆□◇★※-]")


@dataclass
class _PdfLine:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class _PdfTable:
    rows: list[str]
    page: int
    top: float


def _read_pdf(name: str, raw: bytes) -> DocumentText:
    if b"%PDF" not in raw[:1024]:
        raise FormatError(f"{name}: not a PDF (it starts with {raw[:8]!r}): "
                          "give the file the extension of its format and add it again")
    import pdfplumber  # imported when a PDF is read
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    protected = (f"{name} is password-protected: it cannot be read without its password; open it with the "
                 "password and save or print it as a PDF without one (e.g. qpdf --decrypt --password=… IN OUT), "
                 "then add that")
    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except Exception as exc:  # pdfplumber wraps pdfminer's errors: look at the cause too
        cause = exc.__cause__ or exc.__context__ or exc
        if isinstance(exc, (PDFPasswordIncorrect, PDFEncryptionError)) or isinstance(
                cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(exc).lower():
            raise FormatError(protected) from None
        raise FormatError(f"{name}: not a readable PDF ({type(cause).__name__}: {cause}): "
                          "download it again or save it again as PDF, and add that") from None
    try:
        with pdf:
            pages = _pdf_pages(name, pdf, protected)
    except FormatError:
        raise
    except Exception as exc:
        raise FormatError(f"{name}: not a readable PDF ({type(exc).__name__}: {exc}): "
                          "download it again or save it again as PDF, and add that") from None
    return _pdf_document(name, pages)


def _pdf_pages(name, pdf, protected) -> list[tuple[float, list[_PdfLine], list[_PdfTable], int]]:
    """Per page: its height, text lines outside tables, tables, and how many characters it has."""
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    pages = []
    try:
        page_list = list(pdf.pages)
    except PDFPasswordIncorrect:
        raise FormatError(protected) from None
    for number, page in enumerate(page_list, start=1):
        boxes = []
        tables = []
        for table in page.find_tables():
            rows = table.extract()
            if not rows or max(len(row) for row in rows) < 2:
                continue  # a box drawn round prose (a programme box): its text is read as lines
            boxes.append(table.bbox)
            tables.append(_PdfTable(["\t".join(_cell_text(cell or "") for cell in row) for row in rows],
                                    number, table.bbox[1]))

        def outside(obj, boxes=boxes) -> bool:
            if obj.get("object_type") != "char":
                return True
            x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
            return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

        text_page = page.filter(outside) if boxes else page
        lines = [_PdfLine(line["text"].strip(), number, line["x0"], line["x1"], line["top"], line["bottom"])
                 for line in text_page.extract_text_lines(strip=True, return_chars=False)
                 if line["text"].strip()]
        pages.append((float(page.height), lines, tables, len(page.chars)))
    return pages


def _pdf_document(name: str, pages) -> DocumentText:
    if not pages:
        raise FormatError(f"{name}: a PDF without pages: download it again and add it")
    if sum(chars for *_, chars in pages) == 0:
        raise FormatError(
            f"{name} has no text layer (a scanned image?): OCR it first (e.g. ocrmypdf --language chi_sim "
            f"{name} OUT.pdf) and add the OCRed PDF"
        )
    notes: list[str] = []
    running, page_numbers = _running_lines(pages)
    dropped_running = dropped_numbers = 0
    items: list[tuple[int, float, object]] = []
    for _height, lines, tables, _ in pages:
        for line in lines:
            key = (line.page, line.top, line.text)
            if key in running:
                dropped_running += 1
                continue
            if key in page_numbers:
                dropped_numbers += 1
                continue
            items.append((line.page, line.top, line))
        items += [(table.page, table.top, table) for table in tables]
    items.sort(key=lambda item: (item[0], item[1]))
    body = [item for _, _, item in items if isinstance(item, _PdfLine)]
    left, right = _margins(body)
    out_lines: list[str] = []
    locators: list[str] = []
    previous: _PdfLine | None = None  # the last line of the paragraph being built
    last_table: _PdfTable | None = None  # the table the previous item was, if it was one
    for _, _, item in items:
        if isinstance(item, _PdfTable):
            rows = item.rows
            if last_table is not None and last_table.page + 1 == item.page and rows and \
                    _row_fragment(rows[0], out_lines[-1]):
                out_lines[-1] = _joined_row(out_lines[-1], rows[0])  # a row cut by the page break
                rows = rows[1:]
            for row in rows:
                out_lines.append(row)
                locators.append(f"p. {item.page}")
            previous, last_table = None, item
            continue
        last_table = None
        if previous is not None and _continues(previous, item, left, right):
            out_lines[-1] = _join(out_lines[-1], item.text)
        else:
            out_lines.append(item.text)
            locators.append(f"p. {item.page}")
        previous = item
    if not any(line.strip() for line in out_lines):
        raise FormatError(f"{name}: no text in this PDF besides page numbers and running headers: "
                          "add the document itself")
    if dropped_running or dropped_numbers:
        notes.append(f"{dropped_running} running headers/footers and {dropped_numbers} page numbers dropped")
    blank = [str(number) for number, (_, _, _, chars) in enumerate(pages, start=1) if chars == 0]
    if blank:
        notes.append(f"no text layer on p. {', '.join(blank)} (scanned pages?): their text is missing; "
                     "OCR the PDF (e.g. ocrmypdf) to read it")
    table_count = sum(len(tables) for _, _, tables, _ in pages)
    notes.append(f"{len(pages)} pages; {table_count} tables from ruling lines, "
                 "wrapped lines joined into paragraphs")
    return DocumentText(tuple(out_lines), tuple(locators), "pdf", None, tuple(notes))


def _row_fragment(row: str, before: str) -> bool:
    """The first row of a table continued on a new page is the rest of the row the page cut
    (`\t率\t\t\t\t`, `\t\t值\t值`): its first cell empty, no more filled cells than the row before
    has cells (the next page's table may be wider by an empty column), fewer than half of them
    filled, and no figure in them."""
    cells, previous = _filled_prefix(row.split("\t")), before.split("\t")
    filled = [cell for cell in cells if cell.strip()]
    return (bool(cells) and len(cells) <= len(previous) and not cells[0].strip()
            and 0 < len(filled) < len(previous) / 2 and not any(re.search(r"\d", cell) for cell in filled))


def _filled_prefix(cells: list[str]) -> list[str]:
    while cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells


def _joined_row(row: str, rest: str) -> str:
    more = _filled_prefix(rest.split("\t"))
    cells = row.split("\t")
    return "\t".join(_join(cell, more[index]) if index < len(more) and more[index].strip() else cell
                     for index, cell in enumerate(cells))


def _running_lines(pages) -> tuple[set, set]:
    """Lines in the top or bottom band that are the same (numbers aside) on most pages, and page
    numbers there; each as (page, top, text)."""
    def band_lines(height, lines):
        in_band = [line for line in lines if line.bottom <= height * _BAND or line.top >= height * (1 - _BAND)]
        edge = {id(line) for line in lines[:3] + lines[-3:]}  # only the first and last lines of a page
        return [line for line in in_band if id(line) in edge]

    candidates = [(height, band_lines(height, lines)) for height, lines, _, _ in pages]
    seen: Counter[str] = Counter()
    for _, lines in candidates:
        seen.update({_running_key(line.text) for line in lines})
    needed = max(2, (len(pages) + 1) // 2)
    running, numbers = set(), set()
    for _, lines in candidates:
        for line in lines:
            key = (line.page, line.top, line.text)
            if _PAGE_NUMBER.match(line.text):
                numbers.add(key)
            elif len(pages) >= 2 and seen[_running_key(line.text)] >= needed:
                running.add(key)
    return running, numbers


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _margins(lines: list[_PdfLine]) -> tuple[float, float]:
    """The text block's left and right edges: the median over pages of the leftmost start and
    the rightmost end of a line."""
    by_page: dict[int, list[_PdfLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    if not by_page:
        return 0.0, 0.0
    left = statistics.median(min(line.x0 for line in page) for page in by_page.values())
    right = statistics.median(max(line.x1 for line in page) for page in by_page.values())
    return left, right


def _unbreakable_width(text: str, size: float) -> float:
    """About how wide the start of a line is that a line break could not split: a number, a Latin word,
    an opening quote or bracket with the character after it (2549人, “三项工程”, 2020年)."""
    run = re.match(r"^[“‘（(《\[【]?(?:[0-9A-Za-z.,:%/+-]+[、，,]?)*", text)
    width = sum(size * (0.55 if char.isascii() else 1.0) for char in run[0]) if run else 0.0
    return width + size  # and the character after it


def _continues(line: _PdfLine, following: _PdfLine, left: float, right: float) -> bool:
    """Whether `following` continues the paragraph that `line` ends: `line` reaches the right
    margin (within two characters: a line may end short where punctuation cannot start the next,
    or by as much as the next line's unbreakable start: a number, a Latin word, a quote),
    `following` starts at the left margin with text of the same size, close below (or at the top
    of the next page) and does not open a new item (一、, （二）, 1., 专栏3, 注：)."""
    size = line.bottom - line.top
    if size <= 0 or abs((following.bottom - following.top) - size) > size * 0.2:
        return False
    short_by = right - line.x1
    # a line that does not end a sentence may end short by a few characters (a number or a quote
    # that could not be split, punctuation that may not start a line), or by the next line's start
    slack = 2 * size if re.search(r"[。！？!?；;：:…]$", line.text) else 5 * size
    if short_by > slack and short_by > _unbreakable_width(following.text, size) + size:
        return False
    if following.x0 > left + size * 0.5 or line.x0 > right - 4 * size:
        return False
    if following.page == line.page:
        if not 0 <= following.top - line.bottom <= size * 0.8:
            return False
    elif following.page != line.page + 1:
        return False
    if _BULLET.match(following.text):  # a list item after a finished sentence; else a mid-text dot (师傅•邑菜)
        return not re.search(r"[。！？!?；;：:]$", line.text)
    return not _NEW_ITEM.match(following.text)


# ---------------------------------------------------------------------------------------------
# .doc / .wps (old binary Word and WPS files) through LibreOffice


def _read_doc(name: str, suffix: str, raw: bytes) -> DocumentText:
    if raw.startswith(_ZIP_MAGIC):  # a .docx saved under an old name: read it as what it is
        document = _read_docx(name, raw)
        return DocumentText(document.lines, document.locators, "docx", None,
                            (f"a Word .docx file named {suffix}: read directly", *document.notes))
    if raw.startswith(b"%PDF"):
        raise FormatError(f"{name}: a PDF named {suffix}: rename it to .pdf and add it again")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise FormatError(
            f"{name}: an old Word/WPS file ({suffix}) is read by converting it with LibreOffice, which is not "
            f"installed here: run `soffice --headless --convert-to docx {name}` where LibreOffice is installed "
            "(apt-get install libreoffice-writer-nogui), or save it as .docx in Word or WPS, and add the .docx"
        )
    with tempfile.TemporaryDirectory(prefix="convert-doc-") as work:
        work_dir = Path(work)
        source = work_dir / f"document{suffix}"
        source.write_bytes(raw)
        command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
                   "--convert-to", "docx", "--outdir", str(work_dir / "out"), str(source)]
        try:
            result = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise FormatError(
                f"{name}: LibreOffice did not convert it within {CONVERT_TIMEOUT_S} s: run "
                f"`soffice --headless --convert-to docx {name}` yourself (or save it as .docx in Word or WPS) "
                "and add the .docx"
            ) from None
        target = work_dir / "out" / "document.docx"
        if not target.is_file():
            said = (result.stderr or result.stdout).decode("utf-8", "replace").strip().splitlines()
            reason = said[-1] if said else f"exit status {result.returncode}"
            raise FormatError(
                f"{name}: LibreOffice could not convert it to .docx (LibreOffice said: {reason}): the file is "
                "damaged, or LibreOffice Writer is missing (apt-get install libreoffice-writer-nogui); open it "
                "in Word or WPS, save it as .docx and add that"
            )
        return _read_docx(name, target.read_bytes(), converted_from=suffix)
