"""Pieces shared by the Word templates (converted to PDF by LibreOffice)."""

from __future__ import annotations

import docx
import docx.document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tests.officeset.invoice import Doc

FONTS = ("Liberation Sans", "Liberation Serif", "DejaVu Sans", "Liberation Sans Narrow", "Calibri")
TABLE_STYLES = (
    "Table Grid",
    "Light List Accent 1",
    "Light Grid Accent 5",
    "Medium Shading 1 Accent 1",
    "Light Shading Accent 2",
    "Medium List 1 Accent 3",
)


def document_new(doc: Doc, *, font: str, size: float) -> docx.document.Document:
    """A Word document with the region's paper size, 2 cm margins and the chosen body font."""
    document = docx.Document()
    section = document.sections[0]
    if doc.inv.region.page == "Letter":
        section.page_width, section.page_height = Cm(21.59), Cm(27.94)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    normal = document.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    normal.paragraph_format.space_after = Pt(2)
    return document


def write(paragraph, text: str, *, bold: bool = False, size: float | None = None, colour: str = "") -> None:
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)


def cell_set(cell, text: str, *, bold: bool = False, right: bool = False, size: float | None = None) -> None:
    """Replace a cell's text (lines split on newline) with one formatted run per line."""
    cell.text = ""
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(text.split("\n")):
        if i:
            paragraph = cell.add_paragraph()
        write(paragraph, line, bold=bold, size=size)
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def header_repeat(row) -> None:
    """Mark a table row as a header row that Word/LibreOffice repeat on each page."""
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def borders_none(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def widths_set(table, widths_cm: tuple[float, ...]) -> None:
    """Fix column widths in the grid (LibreOffice reads it) and in each cell (Word reads those)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def right_tab(paragraph, position_cm: float) -> None:
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(position_cm), WD_TAB_ALIGNMENT.RIGHT)


def field_add(paragraph, instruction: str) -> None:
    """A PAGE or NUMPAGES field, as Word templates put in their footers."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def footer_set(document: docx.document.Document, doc: Doc, text: str) -> None:
    """Footer text and 'Page x of y' made of fields."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    write(paragraph, text + "\n", size=7.5)
    before, _, rest = doc.label("page", p="\x00", n="\x01").partition("\x00")
    middle, _, after = rest.partition("\x01")
    write(paragraph, before, size=7.5)
    field_add(paragraph, "PAGE")
    write(paragraph, middle, size=7.5)
    field_add(paragraph, "NUMPAGES")
    write(paragraph, after, size=7.5)


def items_add(document: docx.document.Document, doc: Doc, columns: tuple[str, ...], *, style: str) -> None:
    """The line-item table in a Word table style, header row repeated, numbers right-aligned."""
    from tests.officeset.htmlkit import column_title

    table = document.add_table(rows=1, cols=len(columns))
    table.style = document.styles[style]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    numeric = {"qty", "unit_price", "amount", "vat", "pos"}
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        cell_set(cell, column_title(doc, column), bold=True, right=column in numeric)
    header_repeat(table.rows[0])
    unit_column = "unit" in columns
    for index, line in enumerate(doc.inv.lines):
        texts = {
            "pos": str(index + 1),
            "sku": line.sku,
            "desc": doc.mark_line(index, "description", line.description),
            "qty": doc.mark_line(index, "quantity", doc.qty(line, with_unit=False if unit_column else None)),
            "unit": doc.unit(line),
            "unit_price": doc.mark_line(index, "unit_price", doc.n(line.unit_price)),
            "vat": doc.rate(line.rate),
            "amount": doc.mark_line(index, "amount", doc.n(line.amount)),
        }
        cells = table.add_row().cells
        for cell, column in zip(cells, columns, strict=True):
            cell_set(cell, texts[column], right=column in numeric)
    widths = {
        "pos": 1.0,
        "sku": 2.2,
        "desc": 7.0,
        "qty": 1.8,
        "unit": 1.6,
        "unit_price": 2.6,
        "vat": 1.6,
        "amount": 2.8,
    }
    widths_set(table, tuple(widths[c] for c in columns))
