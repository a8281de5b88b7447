"""Reading documents as they are published (analytics/formats.py): Word, HTML, PDF and old
.doc files become the same text lines as the text version, with a locator for every line; a file
that cannot be read is one clear FormatError. Every document here is made in the test and
fictional (a city 云梦泽 that does not exist, invented numbers)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from analytics import formats
from analytics.formats import SUPPORTED, DocumentText, FormatError, read_document
from analytics.ingest.sources import SourceError
from tests.conftest import missing

TITLE = "云梦泽市人力资源和社会保障事业发展“十四五”规划"
PROSE = ("“十三五”期间，全市城镇新增就业累计6.2万人，城镇登记失业率控制在3.1%以内，基本养老保险参保人数达到"
         "11.4万人，就业局势保持总体稳定，社会保障体系更加完善，人才队伍建设取得显著成效，劳动关系和谐稳定。")
HEADER_TEXT = "云梦泽市人力资源和社会保障局"
MAIN_TABLE = [
    ["序号", "指标名称", "计量单位", "2020年基期值", "2025年规划目标", "指标属性"],
    ["一、就业", None, None, None, None, None],  # None: covered by the cell to the left
    ["1", "城镇新增就业人数", "万人", "[6.2]", "[6.5]", "预期性"],
    ["2", "城镇登记失业率", "%", "3.1", "<4.5", "预期性"],
    ["二、社会保险", None, None, None, None, None],
    ["3", "基本养老保险参保人数", "万人", "11.4", "13", "约束性"],
]
MAIN_ROWS = (
    "序号\t指标名称\t计量单位\t2020年基期值\t2025年规划目标\t指标属性",
    "一、就业\t\t\t\t\t",
    "1\t城镇新增就业人数\t万人\t[6.2]\t[6.5]\t预期性",
    "2\t城镇登记失业率\t%\t3.1\t<4.5\t预期性",
    "二、社会保险\t\t\t\t\t",
    "3\t基本养老保险参保人数\t万人\t11.4\t13\t约束性",
)
CATEGORY_ROWS = (
    "类别\t指标\t2025年",
    "就业\t城镇新增就业人数（万人）\t6.5",
    "\t城镇登记失业率（%）\t4.5",  # 就业 is merged down over this row: on its first row only
    "社会保险\t参保人数（万人）\t13",
)
NOTE = "注：[ ]内为五年累计数。"
DISTRICTS = 45  # rows of 表4: enough to run over a page break


# ---------------------------------------------------------------------------------------------
# Making the documents


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _plan_docx(path: Path, *, districts: int = 0) -> Path:
    """A plan as Word writes one: a running header and a page-number footer, a title, an empty
    paragraph, a wrapped paragraph indented two characters, 专栏2 with merged section rows and a
    label typed as two paragraphs in its cell, 表3 with a category merged down, optionally 表4
    with `districts` rows, and a closing line."""
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER_TEXT
    footer = section.footer.paragraphs[0]
    footer.add_run("- ")
    _field(footer, "PAGE")
    footer.add_run(" -")
    document.add_paragraph(TITLE)
    document.add_paragraph("")
    document.add_paragraph("第一章 发展基础")
    prose = document.add_paragraph(PROSE)
    prose.paragraph_format.first_line_indent = Pt(22)
    document.add_paragraph("专栏2 “十四五”时期主要指标")
    table = document.add_table(rows=len(MAIN_TABLE), cols=6)
    table.style = "Table Grid"
    for r, values in enumerate(MAIN_TABLE):
        for c, value in enumerate(values):
            if value is not None:
                table.cell(r, c).text = value
        if values[1] is None:
            table.cell(r, 0).merge(table.cell(r, 5)).text = values[0]
    label = table.cell(2, 1)  # typed with a line break: 城镇新增就 / 业人数
    label.text = "城镇新增就"
    label.add_paragraph("业人数")
    document.add_paragraph(NOTE)
    document.add_paragraph("表3 分类别指标")
    categories = document.add_table(rows=4, cols=3)
    categories.style = "Table Grid"
    for r, row in enumerate(CATEGORY_ROWS):
        for c, value in enumerate(row.split("\t")):
            if value:
                categories.cell(r, c).text = value
    categories.cell(1, 0).merge(categories.cell(2, 0))
    if districts:
        document.add_paragraph("表4 各片区城镇新增就业目标")
        table = document.add_table(rows=districts + 1, cols=3)
        table.style = "Table Grid"
        for r, row in enumerate(_district_rows(districts)):
            for c, value in enumerate(row.split("\t")):
                table.cell(r, c).text = value
    document.add_paragraph("本规划由云梦泽市人力资源和社会保障局负责解释。")
    document.save(path)
    return path


def _district_rows(count: int) -> list[str]:
    return ["序号\t片区\t2025年目标（万人）"] + [f"{n}\t片区{n}\t{n}.5" for n in range(1, count + 1)]


DOCX_LINES = (TITLE, "", "第一章 发展基础", PROSE, "专栏2 “十四五”时期主要指标", *MAIN_ROWS, NOTE, "表3 分类别指标",
              *CATEGORY_ROWS, "本规划由云梦泽市人力资源和社会保障局负责解释。")
DOCX_LOCATORS = (
    "paragraph 1", "paragraph 2", "paragraph 3", "paragraph 4", "paragraph 5",
    *(f"table 1, row {r}" for r in range(1, 7)),
    "paragraph 6", "paragraph 7",
    *(f"table 2, row {r}" for r in range(1, 5)),
    "paragraph 8",
)


@pytest.fixture(scope="module")
def writer(tmp_path_factory) -> dict[str, Path]:
    """LibreOffice Writer's versions of the plan: a PDF (with 表4 running over a page break) and
    an old binary .doc. Skipped with the reason locally without LibreOffice Writer; a failure in
    CI, where .ci/run installs it."""
    soffice = shutil.which("soffice")
    work = tmp_path_factory.mktemp("writer")
    source = _plan_docx(work / "plan.docx", districts=DISTRICTS)
    made = {}
    if soffice:
        for target in ("pdf", "doc"):
            command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                       "--convert-to", target, "--outdir", str(work / "out"), str(source)]
            result = subprocess.run(command, capture_output=True, timeout=300, check=False)
            output = work / "out" / f"plan.{target}"
            if output.is_file():
                made[target] = output
            else:
                said = result.stderr.decode(errors="replace")[-300:]
                reason = f"soffice could not convert a .docx to {target}: {said}"
                break
        else:
            return made
    else:
        reason = "LibreOffice not installed locally"
    missing(reason, "apt-get install libreoffice-writer-nogui")


def _error(path: str, raw: bytes | None = None) -> str:
    with pytest.raises(FormatError) as caught:
        read_document(Path(path), raw)
    assert isinstance(caught.value, SourceError)
    return str(caught.value)


# ---------------------------------------------------------------------------------------------
# Text


def test_the_five_sources_read_exactly_as_before(sources_dir):
    files = sorted(sources_dir.glob("*.txt"))
    assert len(files) == 5
    for path in files:
        raw = path.read_bytes()
        document = read_document(path, raw)
        assert document.lines == tuple(raw.decode("utf-8").split("\n"))
        assert document.locators == tuple(f"line {n}" for n in range(1, len(document.lines) + 1))
        assert (document.format, document.encoding, document.notes) == ("text", "utf-8", ())
        assert read_document(path) == document  # read from the path: the same


def test_text_encodings(tmp_path):
    text = "云梦泽市2025年工作报告\r\n\n城镇新增就业6.5万人。\n"
    bom = read_document(Path("a.txt"), b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert bom.lines == ("云梦泽市2025年工作报告\r", "", "城镇新增就业6.5万人。", "")
    assert (bom.encoding, bom.locators[-1]) == ("utf-8-sig", "line 4")
    gb = read_document(Path("b.txt"), text.encode("gb18030"))
    assert gb.lines == bom.lines
    assert gb.encoding == "gb18030"
    assert any("GB18030 detected" in note for note in gb.notes)
    plain = tmp_path / "c.txt"
    plain.write_bytes(text.encode("utf-8"))
    assert read_document(plain) == DocumentText(bom.lines, bom.locators, "text", "utf-8", ())


def test_bad_text_files():
    assert _error("empty.txt", b"") == "empty.txt: empty file (no text in it): add the document with its text"
    assert _error("blank.txt", b" \n\r\n\t\n").startswith("blank.txt: empty file")
    broken = "第一行\n第二行".encode("gbk") + b"\xff\n"
    assert _error("broken.txt", broken) == (
        "broken.txt: not text in UTF-8 or GB18030: byte 0xFF at offset 13 (line 2) cannot be read "
        "(the text before it reads as GB18030); save the file as UTF-8 text and add it again"
    )
    assert _error("wide.txt", "云梦泽".encode("utf-16")).startswith("wide.txt: UTF-16 text")


# ---------------------------------------------------------------------------------------------
# Word


def test_docx_paragraphs_tables_and_merged_cells(tmp_path):
    path = _plan_docx(tmp_path / "云梦泽规划.docx")
    document = read_document(path)
    assert document.lines == DOCX_LINES
    assert document.locators == DOCX_LOCATORS
    assert (document.format, document.encoding) == ("docx", None)
    assert HEADER_TEXT not in document.lines  # the page header is not body text
    assert document.notes == (
        "8 paragraphs and 2 tables (10 rows) in document order; headers, footers and footnotes left out",
        "3 merged cells written once, in their first row and column",
    )
    assert read_document(path, path.read_bytes()) == document


def test_docx_line_breaks_tabs_and_cells_of_several_paragraphs(tmp_path):
    document = Document()
    paragraph = document.add_paragraph("一、就业形势")
    paragraph.add_run().add_break()  # a line break inside the paragraph: a line of its own
    paragraph.add_run("总体稳定\t平稳")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "labour"
    table.cell(0, 0).add_paragraph("market")
    table.cell(0, 1).text = "2025年\t目标"
    path = tmp_path / "breaks.docx"
    document.save(path)
    read = read_document(path)
    assert read.lines == ("一、就业形势", "总体稳定\t平稳", "labour market\t2025年目标")
    assert read.locators == ("paragraph 1", "paragraph 1", "table 1, row 1")


def test_bad_word_files(tmp_path):
    corrupt = os.urandom(2048)
    assert _error("corrupt.docx", b"\x00garbage" + corrupt) == (
        "corrupt.docx: not a readable Word file (not a .docx package: it starts with b'\\x00garbage'): "
        "open it in Word or WPS, save it as .docx and add that"
    )
    assert _error("cut.docx", b"PK\x03\x04" + corrupt) == (
        "cut.docx: not a readable Word file (BadZipFile: File is not a zip file): "
        "open it in Word or WPS, save it as .docx and add that"
    )
    archive = io.BytesIO()
    import zipfile
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
    assert _error("sheet.docx", archive.getvalue()) == (
        "sheet.docx: not a readable Word file (the package has no word/document.xml): "
        "open it in Word or WPS, save it as .docx and add that"
    )
    assert _error("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + corrupt).startswith(
        "old.docx: not a readable Word file (an old binary Word or WPS file named .docx): rename it to .doc")
    empty = tmp_path / "empty.docx"
    Document().save(empty)
    assert _error(str(empty)).startswith("empty.docx: no text in this Word file")


def test_doc_converted_by_libreoffice(writer):
    document = read_document(writer["doc"])
    assert document.format == "doc"
    assert document.notes[0] == "converted from .doc by LibreOffice"
    table4 = ("表4 各片区城镇新增就业目标", *_district_rows(DISTRICTS))
    assert document.lines == DOCX_LINES[:-1] + table4 + DOCX_LINES[-1:]
    assert document.locators[:len(DOCX_LOCATORS) - 1] == DOCX_LOCATORS[:-1]
    rows = tuple(f"table 3, row {r}" for r in range(1, DISTRICTS + 2))
    assert document.locators[-DISTRICTS - 3:] == ("paragraph 8", *rows, "paragraph 9")


def test_damaged_doc(writer):
    assert _error("damaged.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048) == (
        "damaged.doc: LibreOffice could not convert it to .docx (LibreOffice said: Error: source file could not be "
        "loaded): the file is damaged, or LibreOffice Writer is missing (apt-get install libreoffice-writer-nogui); "
        "open it in Word or WPS, save it as .docx and add that"
    )


def test_doc_without_libreoffice_names_the_command(monkeypatch):
    monkeypatch.setattr(formats.shutil, "which", lambda name: None)
    assert _error("规划.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512) == (
        "规划.doc: an old Word/WPS file (.doc) is read by converting it with LibreOffice, which is not installed "
        "here: run `soffice --headless --convert-to docx 规划.doc` where LibreOffice is installed "
        "(apt-get install libreoffice-writer-nogui), or save it as .docx in Word or WPS, and add the .docx"
    )
    assert "soffice --headless --convert-to docx 规划.wps" in _error("规划.wps", b"\xd0\xcf\x11\xe0" + b"\x00" * 512)


def test_docx_named_doc_is_read_directly(tmp_path):
    path = _plan_docx(tmp_path / "plan.docx")
    document = read_document(Path("plan.doc"), path.read_bytes())
    assert document.lines == DOCX_LINES
    assert (document.format, document.notes[0]) == ("docx", "a Word .docx file named .doc: read directly")


# ---------------------------------------------------------------------------------------------
# HTML

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>云梦泽市人社局</title><style>p { margin: 0 }</style><script>var label = "城镇新增就业";</script></head>
<body>
<header><div class="logo">云梦泽市人力资源和社会保障局</div></header>
<nav><ul><li>首页</li><li>政务公开</li></ul></nav>
<div class="breadcrumb">首页 &gt; 规划计划</div>
<div id="content">
<h1>云梦泽市人力资源和社会保障事业发展“十四五”规划</h1>
<p></p>
<p>第一章　发展基础</p>
<p>“十三五”期间，全市城镇新增就业累计6.2万人，
   城镇登记失业率控制在3.1%以内。</p>
<p>&nbsp;</p>
<p>一、就业形势<br>总体稳定</p>
<p>专栏2　“十四五”时期主要指标</p>
<table border="1">
<tr><th>序号</th><th>指标名称</th><th>计量单位</th><th>2020年</th><th>2025年</th></tr>
<tr><td colspan="5">一、就业</td></tr>
<tr><td>1</td><td><p>城镇新增就</p><p>业人数</p></td><td>万人</td><td>[6.2]</td><td>[6.5]</td></tr>
<tr><td>2</td><td>城镇登记失业率</td><td>%</td><td>3.1</td><td>&lt;4.5</td></tr>
</table>
<p>表3　分类别指标</p>
<table><thead><tr><th>类别</th><th>指标</th><th>2025年</th></tr></thead>
<tbody><tr><td rowspan="2">就业</td><td>城镇新增就业人数（万人）</td><td>6.5</td></tr>
<tr><td>城镇登记失业率（%）</td><td>4.5</td></tr>
<tr><td>社会保险</td><td>参保人数（万人）</td><td>13</td></tr></tbody></table>
<div class="share-bar">分享到：微信 微博</div>
<p style="display: none">隐藏的文字</p>
</div>
<aside>相关链接</aside>
<footer>版权所有 云梦泽市人力资源和社会保障局</footer>
</body></html>
"""
PAGE_LINES = (
    ("云梦泽市人力资源和社会保障事业发展“十四五”规划", "body/div[2]/h1"),
    ("", "body/div[2]/p[1]"),
    ("第一章　发展基础", "body/div[2]/p[2]"),
    ("“十三五”期间，全市城镇新增就业累计6.2万人，城镇登记失业率控制在3.1%以内。", "body/div[2]/p[3]"),
    ("", "body/div[2]/p[4]"),
    ("一、就业形势", "body/div[2]/p[5]"),
    ("总体稳定", "body/div[2]/p[5]"),
    ("专栏2　“十四五”时期主要指标", "body/div[2]/p[6]"),
    ("序号\t指标名称\t计量单位\t2020年\t2025年", "table 1, row 1"),
    ("一、就业\t\t\t\t", "table 1, row 2"),
    ("1\t城镇新增就业人数\t万人\t[6.2]\t[6.5]", "table 1, row 3"),
    ("2\t城镇登记失业率\t%\t3.1\t<4.5", "table 1, row 4"),
    ("表3　分类别指标", "body/div[2]/p[7]"),
    *((row, f"table 2, row {r}") for r, row in enumerate(CATEGORY_ROWS, start=1)),
)


def test_html_gbk_page_with_merged_cells_and_navigation_left_out(tmp_path):
    path = tmp_path / "云梦泽规划.html"
    path.write_bytes(PAGE.encode("gbk"))
    document = read_document(path)
    assert list(zip(document.lines, document.locators, strict=True)) == list(PAGE_LINES)
    assert (document.format, document.encoding) == ("html", "gb18030")
    assert document.notes[0] == "read as GB18030 (the page's declared charset gb2312; GB18030 covers GBK and GB2312)"
    assert document.notes[1] == ("left out: 1 <aside> elements, 1 <footer> elements, "
                                 "1 <header> elements, 1 <nav> elements, 1 hidden elements, "
                                 "2 navigation, menus, footers, share bars")
    everything = "\n".join(document.lines)
    for left_out in ("首页", "分享到", "版权所有", "隐藏的文字", "var label", "相关链接"):
        assert left_out not in everything


def test_html_charsets():
    utf8 = PAGE.replace("charset=gb2312", "charset=utf-8").encode("utf-8")
    assert read_document(Path("a.htm"), utf8).lines == tuple(line for line, _ in PAGE_LINES)
    assert read_document(Path("a.htm"), utf8).encoding == "utf-8"
    meta5 = PAGE.replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', '<meta charset="GBK">')
    assert read_document(Path("b.html"), meta5.encode("gbk")).encoding == "gb18030"
    undeclared = PAGE.replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "")
    read = read_document(Path("c.html"), undeclared.encode("gbk"))  # no charset, not UTF-8: GB18030
    assert (read.lines, read.encoding) == (tuple(line for line, _ in PAGE_LINES), "gb18030")
    assert read.notes[0] == "the page is not utf-8 (no declared charset: UTF-8): read as GB18030"


def test_html_without_text():
    page = ("<html><head><title>云梦泽</title><script>document.write('城镇新增就业')</script></head>"
            "<body><nav><a href='/'>首页</a></nav><div class='menu'>政务公开</div><p>&nbsp;</p>"
            "<img src='plan.png'></body></html>")
    assert _error("page.html", page.encode("utf-8")) == (
        "page.html: no text in this page (menus, scripts and images only, or text drawn by scripts): "
        "save the page as the browser shows it, or the document it links to, and add that"
    )
    assert _error("blank.html", b"  \n").startswith("blank.html: no text in this page")


# ---------------------------------------------------------------------------------------------
# PDF


def test_pdf_from_word(writer):
    import pdfplumber

    with pdfplumber.open(writer["pdf"]) as pdf:
        pages = len(pdf.pages)
    assert pages >= 2
    document = read_document(writer["pdf"])
    table4 = ("表4 各片区城镇新增就业目标", *_district_rows(DISTRICTS))
    # The text of the Word file, the empty paragraph aside (a PDF has no empty lines), the
    # wrapped paragraph and wrapped cells joined, headers, footers and page numbers dropped:
    expected = tuple(line for line in DOCX_LINES[:-1] if line) + table4 + DOCX_LINES[-1:]
    assert document.lines == expected
    assert (document.format, document.encoding) == ("pdf", None)
    assert document.notes[0] == f"{pages} running headers/footers and {pages} page numbers dropped"
    first = expected.index("表4 各片区城镇新增就业目标") + 1
    assert document.locators[:first] == ("p. 1",) * first
    # 表4 runs over the page break: its rows go on, in order, on the next page
    pages_of_rows = [int(loc[3:]) for loc in document.locators[first:first + DISTRICTS + 1]]
    assert pages_of_rows == sorted(pages_of_rows)
    assert pages_of_rows[0] == 1 and pages_of_rows[-1] == 2
    assert document.locators[-1] == f"p. {pages}"


def _scan_pdf() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    draw.text((120, 120), "Yunmengze 2025: 6.5", fill=0)
    draw.rectangle((120, 200, 1100, 600), outline=0, width=3)
    out = io.BytesIO()
    image.save(out, "PDF", resolution=150)
    return out.getvalue()


def test_bad_pdf_files():
    assert _error("scan.pdf", _scan_pdf()) == (
        "scan.pdf has no text layer (a scanned image?): OCR it first (e.g. ocrmypdf --language chi_sim scan.pdf "
        "OUT.pdf) and add the OCRed PDF"
    )
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password="云梦泽", owner_password="owner")
    locked = io.BytesIO()
    writer.write(locked)
    assert _error("locked.pdf", locked.getvalue()) == (
        "locked.pdf is password-protected: it cannot be read without its password; open it with the password "
        "and save or print it as a PDF without one (e.g. qpdf --decrypt --password=… IN OUT), then add that"
    )
    assert _error("fake.pdf", b"<html>not a pdf</html>") == (
        "fake.pdf: not a PDF (it starts with b'<html>no'): give the file the extension of its format and add it again"
    )
    assert _error("cut.pdf", b"%PDF-1.7\n" + os.urandom(512)).startswith("cut.pdf: not a readable PDF (")


def test_pdf_password_protected_from_a_real_document(writer):
    from pypdf import PdfReader, PdfWriter

    locked = PdfWriter(clone_from=PdfReader(writer["pdf"]))
    locked.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    locked.write(out)
    assert _error("plan.pdf", out.getvalue()).startswith("plan.pdf is password-protected: ")


# ---------------------------------------------------------------------------------------------
# Any file


def test_unsupported_and_oversized(monkeypatch, tmp_path):
    assert _error("指标.xlsx", b"PK\x03\x04") == (
        "指标.xlsx: cannot read a .xlsx file as a document; supported: .txt, .docx, .html, .htm, .pdf, .doc, .wps "
        "(save it in one of these formats and add that)"
    )
    assert SUPPORTED == (".txt", ".docx", ".html", ".htm", ".pdf", ".doc", ".wps")
    assert _error("README", b"text").startswith("README: cannot read a file without an extension as a document")
    monkeypatch.setattr(formats, "MAX_BYTES", 1024 * 1024)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (3 * 1024 * 1024))
    message = (
        "big.txt: 3.0 MB is over the limit of 1.0 MB for a document (a plan or report is well under 5 MB; "
        "a file this large is a scan or an archive): add the document itself, as text, Word, HTML or a PDF "
        "with a text layer"
    )
    assert _error(str(big)) == message
    assert _error("big.txt", b"a" * (3 * 1024 * 1024)) == message
    assert read_document(Path("small.txt"), b"a" * 1024).lines == ("a" * 1024,)
    assert _error(str(tmp_path / "missing.txt")) == f"missing.txt: file not found ({tmp_path / 'missing.txt'})"


# ---- pieces of the PDF reader ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("left, right, joined", [
    ("城镇新增就", "业人数", "城镇新增就业人数"), ("6.6:32.9:60", ".5", "6.6:32.9:60.5"), ("1,", "200", "1,200"),
    ("labour", "market", "labour market"), ("3", "%", "3%"),
])
def test_a_wrapped_cell_is_joined_without_cutting_a_number(left, right, joined):
    assert formats._join(left, right) == joined


@pytest.mark.parametrize("fragment, before, joins", [
    ("\t率\t\t\t\t\t", "18\t劳动人事争议仲裁结案\t%\t90\t92\t95\t预期性", True),  # the rest of a row a page cut
    ("\t\t天数\t\t\t\t\t", "\t8\t劳动争议仲裁案件平均审理\t天\t38\t30以内\t预期性", True),  # a wider table
    ("\t\t\t值\t值\t", "指标\t单位\t\t2020年基准\t2025年目标\t", True),  # a header cut
    ("\t9\t欠薪案件数\t件\t420\t不超过300\t预期性", "\t8\t平均审理天数\t天\t38\t30以内\t预期性", False),  # a row
    ("\t率\t\t\t\t\t", "一、就业\t\t\t\t\t\t", True),
    ("19\t\t\t\t\t\t", "18\t劳动人事争议仲裁结案\t%\t90\t92\t95\t预期性", False),  # its own first cell
])
def test_the_first_row_of_a_table_continued_on_a_new_page_may_be_the_rest_of_a_row(fragment, before, joins):
    assert formats._row_fragment(fragment, before) is joins
    if joins:
        joined = formats._joined_row(before, fragment).split("\t")
        assert len(joined) == len(before.split("\t")) and any(cell.endswith(("率", "天数", "值")) for cell in joined)
