"""A text document as it is published: a Word file, a GBK web page, a PDF.

The project reads plain-text documents (one paragraph a line, a table row as tab-separated cells).
Real plans come as .docx, as government web pages in GBK and as PDFs. This module renders a text
document into each of those, the way such files are made, so that a test can check that reading the
published file gives the same observations as reading the text:

- ``.docx`` (python-docx): one paragraph per text line, empty lines included (line numbers survive);
  consecutive tab-separated lines become one real Word table (style "Table Grid", ruled); a row whose
  only non-empty cell is the first (a section row such as ``一、就业\\t\\t\\t``) is one cell merged
  across the row; a row with fewer cells than the table's widest row ends early (``w:gridAfter``);
  cell text is kept exactly, inner and edge spaces included.
- ``.html``: a page as a government site serves it: GBK-encoded with ``<meta charset="gbk">``, a
  ``<nav>`` menu and a ``<footer>`` around the article, one ``<p>`` per line (``<p></p>`` for an
  empty line), a real ``<table>`` with ``colspan`` for section rows; a character GBK cannot encode is
  written as a ``&#NNNN;`` reference.
- ``.pdf``: LibreOffice (``soffice --headless --convert-to pdf``) from the .docx, every file in one
  run, with a private user profile so that parallel runs do not clash.

    python -m tests.render_formats --out DIR [--formats docx,html,pdf] [FILE.txt ...]

With no files it renders the five sources and the synthetic test documents. Nothing is written
next to the sources or into data/: only into DIR.
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TESTS_DIR = Path(__file__).resolve().parent
SYNTHETIC_DIR = TESTS_DIR / "documents"
# The synthetic documents that go through `add` (tests/test_add_document.py, tests/test_table_layouts.py).
SYNTHETIC = (
    SYNTHETIC_DIR / "900_yunmengze_14th_plan.txt",
    SYNTHETIC_DIR / "910_yunmengze_2025_work_report.txt",
    *sorted((SYNTHETIC_DIR / "tables").glob("9*.txt")),
)
FORMATS = ("docx", "html", "pdf")
FONT = "Noto Sans CJK SC"  # fonts-noto-cjk, which CI installs; LibreOffice substitutes it where missing


# ---- the text's structure ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]

    @property
    def columns(self) -> int:
        return max(len(row) for row in self.rows)


def text_lines(text: str) -> list[str]:
    """The document's lines: line N is element N-1. A final line break ends the last line; it does not
    start an empty paragraph of its own."""
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def is_section_row(cells: tuple[str, ...]) -> bool:
    """A section row (一、就业 followed by empty cells): only the first cell holds text."""
    return len(cells) > 1 and cells[0] != "" and all(cell == "" for cell in cells[1:])


def blocks(lines: list[str]) -> list[Paragraph | Table]:
    """Paragraphs and tables in document order; consecutive tab-separated lines make one table."""
    result: list[Paragraph | Table] = []
    rows: list[tuple[str, ...]] = []
    for line in lines:
        if "\t" in line:
            rows.append(tuple(line.split("\t")))
            continue
        if rows:
            result.append(Table(tuple(rows)))
            rows = []
        result.append(Paragraph(line))
    if rows:
        result.append(Table(tuple(rows)))
    return result


# ---- .docx -------------------------------------------------------------------------------------------------------

def _set_fonts(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(10.5)  # 五号
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    paragraph = style.paragraph_format
    paragraph.space_before = paragraph.space_after = Pt(0)


def _a4(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin = section.bottom_margin = Cm(2.5)


def _end_row_early(row, missing: int) -> None:
    """The row has `missing` cells fewer than the table: drop its last cells and say so (w:gridAfter),
    as Word stores a row that ends before the last column."""
    tr = row._tr
    for tc in tr.tc_lst[-missing:]:
        tr.remove(tc)
    grid_after = OxmlElement("w:gridAfter")
    grid_after.set(qn("w:val"), str(missing))
    tr.get_or_add_trPr().append(grid_after)


def _add_table(document, table: Table) -> None:
    columns = table.columns
    word_table = document.add_table(rows=len(table.rows), cols=columns)
    word_table.style = document.styles["Table Grid"]
    for row, cells in zip(word_table.rows, table.rows, strict=True):
        if is_section_row(cells) and len(cells) == columns:
            merged = row.cells[0].merge(row.cells[-1])
            merged.text = cells[0]
            continue
        for cell, text in zip(row.cells, cells, strict=False):
            cell.text = text
        if len(cells) < columns:
            _end_row_early(row, columns - len(cells))


def docx_bytes(text: str) -> bytes:
    """The text document as a Word file (see the module's docstring)."""
    document = Document()
    _set_fonts(document)
    _a4(document)
    for block in blocks(text_lines(text)):
        if isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        else:
            _add_table(document, block)
    with tempfile.TemporaryFile() as handle:
        document.save(handle)
        handle.seek(0)
        return handle.read()


# ---- .html -------------------------------------------------------------------------------------------------------

_NAV = ("首页", "机构概况", "政务公开", "政策文件", "办事服务", "互动交流")
_FOOTER = (
    "主办单位：人力资源和社会保障局　　承办：信息中心",
    "网站标识码：0000000000　　备案号：ICP备00000000号",
    "建议使用1280×768分辨率浏览本网站",
)


def _cell(text: str, columns: int | None = None) -> str:
    span = f' colspan="{columns}"' if columns else ""
    return f"<td{span}>{html.escape(text, quote=False)}</td>"


def html_bytes(text: str) -> bytes:
    """The text document as a GBK web page with the site's menu and footer around it."""
    lines = text_lines(text)
    title = next((line.strip() for line in lines if line.strip() and "\t" not in line), "文件")
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="gbk">',
        f"<title>{html.escape(title, quote=False)}_人力资源和社会保障局</title>",
        "<style>table{border-collapse:collapse}td{border:1px solid #333;padding:2px 6px}</style>",
        "</head>",
        "<body>",
        '<nav class="menu"><ul>' + "".join(f'<li><a href="/{i}/">{name}</a></li>' for i, name in enumerate(_NAV))
        + "</ul></nav>",
        '<div class="article">',
    ]
    for block in blocks(lines):
        if isinstance(block, Paragraph):
            out.append(f"<p>{html.escape(block.text, quote=False)}</p>")
            continue
        out.append('<table border="1" cellspacing="0" cellpadding="0">')
        for cells in block.rows:
            if is_section_row(cells) and len(cells) == block.columns:
                out.append(f"<tr>{_cell(cells[0], block.columns)}</tr>")
            else:
                out.append("<tr>" + "".join(_cell(cell) for cell in cells) + "</tr>")
        out.append("</table>")
    out += [
        "</div>",
        "<footer>" + "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in _FOOTER) + "</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out).encode("gbk", errors="xmlcharrefreplace")


# ---- .pdf --------------------------------------------------------------------------------------------------------

class RenderError(Exception):
    """LibreOffice is missing or could not convert a file."""


def soffice_with_writer() -> str | None:
    """The soffice command if LibreOffice's word processor is installed (libreoffice-calc-nogui alone
    has soffice but no Writer, and cannot open a .docx)."""
    path = shutil.which("soffice")
    if not path:
        return None
    program = Path(os.path.realpath(path)).parent
    if not any(program.glob("libswlo.*")) and not any(program.glob("libsw*lo.*")):
        return None
    return path


def docx_to_pdf(docx_files: list[Path], out_dir: Path, soffice: str | None = None,
                timeout: int = 600) -> dict[Path, Path]:
    """Every .docx converted to PDF by one LibreOffice run (starting it is most of the time), with a
    private user profile. Returns .docx -> .pdf."""
    soffice = soffice or soffice_with_writer()
    if not soffice:
        raise RenderError("LibreOffice Writer not installed (apt-get install libreoffice-writer-nogui)")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [soffice, "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation={Path(profile).as_uri()}",
                   "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir), *map(str, docx_files)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    converted = {}
    for source in docx_files:
        target = out_dir / (source.stem + ".pdf")
        if result.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            raise RenderError(f"soffice did not convert {source.name} (exit {result.returncode}):\n"
                              f"{result.stdout}\n{result.stderr}")
        converted[source] = target
    return converted


# ---- everything --------------------------------------------------------------------------------------------------

def render(files: list[Path], out_dir: Path, formats: tuple[str, ...] = FORMATS,
           soffice: str | None = None) -> dict[tuple[str, str], Path]:
    """Each text file in each format, as out_dir/<format>/<stem>.<format>. Returns (file name, format) -> path.
    A PDF is converted from the file's .docx (rendered for it if .docx is not asked for)."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s) {sorted(unknown)}; choose from {FORMATS}")
    result: dict[tuple[str, str], Path] = {}
    docx_for_pdf = []
    for source in files:
        text = Path(source).read_text(encoding="utf-8")
        for fmt in formats:
            if fmt == "pdf":
                continue
            target = out_dir / fmt / f"{Path(source).stem}.{fmt}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(docx_bytes(text) if fmt == "docx" else html_bytes(text))
            result[(Path(source).name, fmt)] = target
        if "pdf" in formats:
            docx = result.get((Path(source).name, "docx"))
            if docx is None:
                docx = out_dir / "pdf-from" / f"{Path(source).stem}.docx"
                docx.parent.mkdir(parents=True, exist_ok=True)
                docx.write_bytes(docx_bytes(text))
            docx_for_pdf.append((Path(source).name, docx))
    if docx_for_pdf:
        pdfs = docx_to_pdf([docx for _, docx in docx_for_pdf], out_dir / "pdf", soffice)
        for name, docx in docx_for_pdf:
            result[(name, "pdf")] = pdfs[docx]
    return result


def default_files() -> list[Path]:
    from analytics import paths

    return [*sorted(paths.default_sources_dir().glob("*.txt")), *SYNTHETIC]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.render_formats", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="UTF-8 text documents (default: the five sources "
                        "and the synthetic test documents)")
    parser.add_argument("--out", type=Path, required=True, help="directory for <format>/<name>.<format>")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated, of docx,html,pdf")
    args = parser.parse_args(argv)
    files = args.files or default_files()
    formats = tuple(fmt.strip() for fmt in args.formats.split(",") if fmt.strip())
    try:
        rendered = render(files, args.out, formats)
    except (RenderError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for (name, _), path in sorted(rendered.items()):
        print(f"{name} -> {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
