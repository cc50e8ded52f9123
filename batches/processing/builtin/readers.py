"""Bytes → pages of text (in reading order) and tables; the type decided by content, not name."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from batches.processing.base import (
    CORRUPT_FILE,
    EMPTY_DOCUMENT,
    ENCRYPTED_FILE,
    FILE_TOO_LARGE,
    LIMITS,
    TYPE_MISMATCH,
    UNSAFE_ARCHIVE,
    UNSUPPORTED_TYPE,
    ProcessingError,
    StepReporter,
)
from batches.processing.layout.geometry import (
    columns_in_turn,
    grid_page,
    group_lines,
    number_lines,
    text_page,
)
from batches.processing.layout.model import Layout, Page, Source
from batches.processing.legacy_word import doc_blocks, doc_text, is_ole

MAX_INFLATED_BYTES = 200 * 1024**2  # DOCX/XLSX parts, checked before a parser opens them
MAX_RATIO = 200
MAX_TABLE_ROWS = 200_000

# What a name's extension promises; a different content is a clear error, not a guess.
EXTENSION_KINDS = {
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "xlsm": "xlsx",
    "png": "image",
    "jpg": "image",
    "jpeg": "image",
    "gif": "image",
    "tif": "image",
    "tiff": "image",
}
TEXT_KINDS = {"txt", "md", "html", "htm", "csv", "json", "tsv", "text", ""}


@dataclass
class ReadDocument:
    kind: str
    pages: list[str] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    layout: Layout | None = None  # words with boxes; built from ``pages`` when a reader has no geometry

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def __post_init__(self) -> None:
        if self.layout is None:
            pages = [text_page(text, number=n) for n, text in enumerate(self.pages, start=1)]
            number_lines(pages)
            self.layout = Layout(self.kind, pages=pages)


def sniff(content: bytes) -> str:
    head = content[:8192]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
        except zipfile.BadZipFile:
            return "corrupt_zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if any(n.startswith("word/") for n in names) or "[Content_Types].xml" in names:
            return "docx_broken"
        return "zip"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "image"
    if is_ole(head):
        return "doc"
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return "text"
    if b"\x00" in head:
        return "binary"
    return "text"


def decode_text(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(content).best()
    if best is not None and best.encoding not in ("utf_8",):
        return str(best)
    return content.decode("cp1252", errors="replace")


def read(content: bytes, filename: str, on_step: StepReporter | None = None) -> ReadDocument:
    """Read a document's text and layout; ``on_step`` hears when OCR starts (the slow part)."""
    if not content:
        raise ProcessingError(EMPTY_DOCUMENT, "The file is empty (0 bytes).")
    kind = sniff(content)
    extension = PurePosixPath(filename.lower()).suffix.lstrip(".")
    promised = EXTENSION_KINDS.get(extension)
    actual = {"docx_broken": "docx", "corrupt_zip": promised or "zip"}.get(kind, kind)
    if promised and actual != promised and not (promised == "docx" and kind == "corrupt_zip"):
        shown = {
            "text": "text",
            "binary": "unknown binary data",
            "zip": "a ZIP archive",
            "doc": "a legacy Word (.doc) file",
        }.get(actual, actual.upper())
        raise ProcessingError(
            TYPE_MISMATCH,
            f"The name says .{extension} but the content is {shown}; the file was not processed.",
        )
    if kind == "pdf":
        return _read_pdf(content, on_step)
    if kind in ("docx", "docx_broken", "corrupt_zip") and promised in ("docx", None):
        if kind != "docx":
            raise ProcessingError(
                CORRUPT_FILE, "The DOCX file is damaged (its document part is missing or unreadable)."
            )
        return _read_docx(content)
    if kind == "xlsx":
        return _read_xlsx(content)
    if kind == "doc":
        return _read_doc(content)
    if kind == "image":
        if on_step:
            on_step("OCR", lasting=True)
        return _read_image(content)
    if kind in ("zip", "corrupt_zip", "binary"):
        raise ProcessingError(
            UNSUPPORTED_TYPE, "This file type is not supported (not a document we can read)."
        )
    text = decode_text(content)
    lowered = text[:2048].lower()
    if (
        extension in ("html", "htm")
        or "<html" in lowered
        or "<!doctype html" in lowered
        or "<body" in lowered
    ):
        return _read_html(text)
    if extension == "json" or (lowered.lstrip()[:1] in ("{", "[") and extension not in ("txt", "md")):
        return _read_json(text)
    if extension in ("csv", "tsv"):
        return _read_csv(text)
    if not text.strip():
        raise ProcessingError(EMPTY_DOCUMENT, "The document contains only white space.")
    return _read_plain(_plain_markdown(text))


def _read_plain(text: str) -> ReadDocument:
    """Plain text: words where they stand on the character grid; a page in two columns (a
    sidebar beside the body) reads one column after the other."""
    page = text_page(text, number=1)
    number_lines([page])
    return ReadDocument("text", pages=[columns_in_turn(text)], layout=Layout("text", pages=[page]))


MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|`)(?=[^\s*_`])(.+?)(?<=[^\s*_`])\1")


def _plain_markdown(text: str) -> str:
    """Markdown marks are not content: '## Skills' is 'Skills', '**Email:**' is 'Email:'."""
    text = re.sub(r"(?m)^\s{0,3}#{1,6}\s+", "", text)
    text = MARKDOWN_EMPHASIS.sub(r"\2", text)  # "**Email:**"; a masked "**** 1234" is no emphasis
    return re.sub(r"(?m)^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", "", text)  # table rules


# On a PDF line, a gap wider than ~0.7 em (three spaces) separates two cells.
PDF_CELL_GAP = 0.6


def _read_pdf(content: bytes, on_step: StepReporter | None = None) -> ReadDocument:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(content)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ProcessingError(
                ENCRYPTED_FILE, "The PDF is password-protected; remove the password and upload it again."
            ) from exc
        raise ProcessingError(
            CORRUPT_FILE, "The PDF is damaged or truncated and could not be opened."
        ) from exc
    try:
        count = len(pdf)
        pages = [_pdf_page(pdf, number, count, on_step) for number in range(1, count + 1)]
    finally:
        pdf.close()
    number_lines(pages)
    if not any(p.lines for p in pages):
        raise ProcessingError(
            EMPTY_DOCUMENT, "The PDF has no text, neither a text layer nor text OCR could read."
        )
    return ReadDocument("pdf", pages=[p.text for p in pages], layout=Layout("pdf", pages=pages))


def _pdf_page(pdf, number: int, count: int, on_step: StepReporter | None) -> Page:
    """A page's text layer with its geometry, read on pdfium's bare page (no helper object for
    a page that has one); a page without one (a scan) is read by OCR."""
    from pypdfium2 import raw

    from batches.processing.layout import scanned
    from batches.processing.layout.pdf import page_words

    handle = raw.FPDF_LoadPage(pdf.raw, number - 1)
    if not handle:
        raise ProcessingError(CORRUPT_FILE, f"Page {number} of the PDF is damaged and could not be opened.")
    try:
        words, width, height = page_words(handle)
    finally:
        raw.FPDF_ClosePage(handle)
    if words:
        return Page(
            number,
            width,
            height,
            Source.TEXT_LAYER,
            group_lines(words, page=number, cell_gap=PDF_CELL_GAP, overprint=True),
        )
    if number > scanned.MAX_OCR_PAGES:
        raise ProcessingError(FILE_TOO_LARGE, f"The PDF has more than {scanned.MAX_OCR_PAGES} scanned pages.")
    if on_step:
        on_step(f"OCR page {number} of {count}", lasting=True)
    page = pdf[number - 1]
    try:
        return scanned.pdf_page(page, number=number)
    finally:
        page.close()


def _read_image(content: bytes) -> ReadDocument:
    from batches.processing.layout import scanned

    pages = scanned.image_pages(content)
    number_lines(pages)
    if not any(p.lines for p in pages):
        raise ProcessingError(EMPTY_DOCUMENT, "OCR found no text in the image.")
    return ReadDocument("image", pages=[p.text for p in pages], layout=Layout("image", pages=pages))


def check_package(content: bytes) -> None:
    """DOCX and XLSX are ZIPs: refuse bombs before a parser inflates anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ProcessingError(CORRUPT_FILE, "The file is damaged (its ZIP structure is broken).") from exc
    total = sum(i.file_size for i in infos)
    if total > MAX_INFLATED_BYTES or any(
        i.file_size > 1024**2 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos
    ):
        raise ProcessingError(
            UNSAFE_ARCHIVE, f"The document would inflate to {total:,} bytes (a zip bomb); refused."
        )
    try:
        bad = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise ProcessingError(
            CORRUPT_FILE, "The file is damaged (a part of it cannot be decompressed)."
        ) from exc
    if bad is not None:
        raise ProcessingError(CORRUPT_FILE, f"The file is damaged ({bad} fails its checksum).")


def _read_docx(content: bytes) -> ReadDocument:
    check_package(content)
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(content))
    except LIMITS:
        raise
    except Exception as exc:
        raise ProcessingError(CORRUPT_FILE, "The DOCX file is damaged and could not be read.") from exc
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    blocks: list[list[list[str]]] = []  # the layout: paragraphs and tables as rows of cells
    for section in document.sections:
        for part in (section.header, section.footer):
            texts = [p.text for p in part.paragraphs if p.text.strip()]
            lines.extend(texts)
            blocks.extend([[t]] for t in texts)
    breaks = {qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:tab"): "\t"}
    text_tag = qn("w:t")

    def paragraph_text(paragraph) -> str:
        return "".join(
            (el.text or "") if el.tag == text_tag else breaks.get(el.tag, "") for el in paragraph.iter()
        )

    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            texts = paragraph_text(block).split("\n")
            lines.extend(texts)
            blocks.extend([t.split("\t")] for t in texts)
        elif block.tag == qn("w:tbl"):
            cell_rows = [
                [
                    [
                        line.strip()
                        for p in cell.iter(qn("w:p"))
                        for line in paragraph_text(p).split("\n")
                        if line.strip()
                    ]
                    for cell in row.iter(qn("w:tc"))
                ]
                for row in block.iter(qn("w:tr"))
            ]
            tables.append([[" ".join(paragraphs) for paragraphs in cells] for cells in cell_rows])
            lines.extend(_table_text(cell_rows))
            blocks.append(table_grid(cell_rows))
    text = "\n".join(lines)
    if not text.strip():
        raise ProcessingError(EMPTY_DOCUMENT, "The document contains no text.")
    pages = [grid_page(blocks, number=1)]
    number_lines(pages)
    return ReadDocument("docx", pages=[text], tables=tables, layout=Layout("docx", pages=pages))


def _read_doc(content: bytes) -> ReadDocument:
    """A legacy Word file through antiword (see ``legacy_word``), laid out as a DOCX is."""
    blocks = doc_blocks(doc_text(content))
    if not blocks:
        raise ProcessingError(EMPTY_DOCUMENT, "The document contains no text.")
    tables = [rows for rows in blocks if len(rows) > 1 or len(rows[0]) > 1]
    lines = ["  |  ".join(row) for rows in blocks for row in rows]
    pages = [grid_page(blocks, number=1)]
    number_lines(pages)
    return ReadDocument("doc", pages=["\n".join(lines)], tables=tables, layout=Layout("doc", pages=pages))


def _table_text(cell_rows: list[list[list[str]]]) -> list[str]:
    """A table as text lines: a row per line, or blocks side by side read each top to bottom."""
    lines: list[str] = []
    for cells in cell_rows:
        if any(len(paragraphs) > 1 for paragraphs in cells):
            for paragraphs in cells:
                lines.extend(paragraphs)
        else:
            lines.append("  |  ".join(" ".join(p) for p in cells))
    return lines


def table_grid(cell_rows: list[list[list[str]]]) -> list[list[str]]:
    """A table's rows for the layout: a cell of several lines spreads over as many grid rows, so
    a column of labels beside a column of values pairs line by line."""
    grid: list[list[str]] = []
    for cells in cell_rows:
        depth = max((len(lines) for lines in cells), default=0)
        grid.extend([lines[k] if k < len(lines) else "" for lines in cells] for k in range(depth))
    return grid


def _cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return (
            value.isoformat()[:10]
            if hasattr(value, "hour") and not (value.hour or value.minute)
            else value.isoformat()
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(content: bytes) -> ReadDocument:
    check_package(content)
    from batches.processing.workbook_limits import check_workbook_size

    # openpyxl pads every row out to the last column: cells in A1 and XFD1048576 made minutes of
    # CPU. The sheets are measured from their cells first, and refused past the limits.
    check_workbook_size(content)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except LIMITS:
        raise
    except Exception as exc:
        raise ProcessingError(CORRUPT_FILE, "The spreadsheet is damaged and could not be read.") from exc
    tables, lines = [], []
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # pad rows to their own cells, not to a <dimension> that may lie
            rows = []
            for count, row in enumerate(sheet.iter_rows(values_only=True)):
                if count >= MAX_TABLE_ROWS:
                    raise ProcessingError(FILE_TOO_LARGE, f"The sheet has more than {MAX_TABLE_ROWS:,} rows.")
                cells = [_cell(v) for v in row]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    rows.append(cells)
                    lines.append("  |  ".join(cells))
            tables.append(rows)
    finally:
        workbook.close()
    if not lines:
        raise ProcessingError(EMPTY_DOCUMENT, "The spreadsheet is empty.")
    return ReadDocument("xlsx", pages=["\n".join(lines)], tables=tables)


def _read_csv(text: str) -> ReadDocument:
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    rows = [r for r in rows if any(r)]
    if not rows:
        raise ProcessingError(EMPTY_DOCUMENT, "The CSV file has no rows.")
    return ReadDocument("csv", pages=["\n".join("  |  ".join(r) for r in rows)], tables=[rows])


BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "tr",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "dt",
    "dd",
    "table",
    "ul",
    "ol",
    "dl",
    "address",
    "pre",
    "blockquote",
}


def _read_html(text: str) -> ReadDocument:
    import lxml.html

    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True)
        root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except LIMITS:
        raise
    except Exception as exc:
        raise ProcessingError(CORRUPT_FILE, "The HTML could not be parsed.") from exc
    for bad in root.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    tables = []
    for table in root.iter("table"):
        rows = [
            [" ".join(c.text_content().split()) for c in tr.xpath("./th|./td")] for tr in table.iter("tr")
        ]
        tables.append([r for r in rows if any(r)])
    body = root.find("body")
    body = body if body is not None else root
    lines = _html_lines(body)
    if not lines:
        raise ProcessingError(EMPTY_DOCUMENT, "The page has no visible text.")
    pages = [grid_page(_html_blocks(body), number=1)]
    number_lines(pages)
    return ReadDocument("html", pages=["\n".join(lines)], tables=tables, layout=Layout("html", pages=pages))


def _html_lines(node) -> list[str]:
    """Visible text, a line per block element; table cells joined with " | " on their row's line."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("td", "th"):
            parts.append("  |  ")
        if tag in BLOCK_TAGS or tag == "dt":
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag == "dt":
            parts.append(":")
        if tag in BLOCK_TAGS:
            parts.append("\n")

    walk(node)
    lines = [" ".join(line.replace("\xa0", " ").split()).strip(" |") for line in "".join(parts).split("\n")]
    return [line.replace(": :", ":") for line in lines if line.strip(" |")]


TABLE_MARK = "\ue000table{}\ue000"  # a private-use character: no page prints it


def _html_blocks(body) -> list[list[list[str]]]:
    """The page as layout blocks: each outermost table a grid (cells of several lines spread over
    grid rows), everything else a line of its own."""
    import copy

    body = copy.deepcopy(body)
    grids = []
    for table in body.xpath(".//table[not(ancestor::table)]"):
        rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        grids.append(table_grid([[_html_lines(cell) for cell in tr.xpath("./th|./td")] for tr in rows]))
        mark = table.makeelement("p")
        mark.text, mark.tail = TABLE_MARK.format(len(grids) - 1), table.tail
        table.getparent().replace(table, mark)
    blocks: list[list[list[str]]] = []
    for line in _html_lines(body):
        found = re.fullmatch(TABLE_MARK.format(r"(\d+)"), line)
        blocks.append(grids[int(found.group(1))] if found else [re.split(r"\s+\|\s+", line)])
    return blocks


def _read_json(text: str) -> ReadDocument:
    import sys

    try:
        limit = sys.getrecursionlimit()
        data = json.loads(text)
    except RecursionError as exc:
        raise ProcessingError(CORRUPT_FILE, f"The JSON is nested too deeply (over {limit} levels).") from exc
    except json.JSONDecodeError as exc:
        raise ProcessingError(
            CORRUPT_FILE, f"The file is not valid JSON ({exc.msg}, line {exc.lineno})."
        ) from exc
    lines: list[str] = []

    def walk(value, key: str = "", depth: int = 0) -> None:
        if depth > 50:
            raise ProcessingError(CORRUPT_FILE, "The JSON is nested too deeply (over 50 levels).")
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k), depth + 1)
        elif isinstance(value, list):
            for v in value:
                walk(v, key, depth + 1)
        else:
            lines.append(f"{key.replace('_', ' ')}: {value}" if key else str(value))

    walk(data)
    return ReadDocument("json", pages=["\n".join(lines)])
