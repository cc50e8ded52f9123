"""A thin layer over openpyxl: write a cell with the document's font and a style, in one call.

Money and dates go in as real numbers and dates with a number format; formulas go in where a
spreadsheet has them (LibreOffice computes them when it loads the file).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from .model import Doc
from .regions import date_format, money_format, percent_format

THIN = Side(style="thin", color="808080")
HAIR = Side(style="hair", color="A0A0A0")
MEDIUM = Side(style="medium", color="000000")
NONE = Side()


@dataclass(frozen=True)
class Look:
    """Style of one cell: everything optional."""

    bold: bool = False
    italic: bool = False
    size: float = 10
    color: str | None = None
    fill: str | None = None
    align: str | None = None  # left / center / right
    valign: str = "center"
    wrap: bool = False
    border: Border | None = None


def box(side: Side = THIN) -> Border:
    return Border(left=side, right=side, top=side, bottom=side)


def underline(side: Side = THIN) -> Border:
    return Border(bottom=side)


def top_bottom(side: Side = THIN) -> Border:
    return Border(top=side, bottom=side)


def overline(side: Side = THIN) -> Border:
    return Border(top=side)


class Sheet:
    def __init__(self, doc: Doc, widths: list[float]) -> None:
        self.doc = doc
        self.wb = Workbook()
        self.ws = self.wb.active
        self.ws.title = doc.label("invoice_title" if doc.kind == "invoice" else "po_title")[:28].replace(
            "'", ""
        )
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        self.last_col = len(widths)
        self.widths = list(widths)
        self.ws.sheet_view.showGridLines = False

    # ---- cells

    def put(self, row: int, col: int, value, look: Look = Look(), *, span: int = 1, fmt: str | None = None):
        cell = self.ws.cell(row=row, column=col, value=value)
        cell.font = Font(
            name=self.doc.font, size=look.size, bold=look.bold, italic=look.italic, color=look.color
        )
        cell.alignment = Alignment(horizontal=look.align, vertical=look.valign, wrap_text=look.wrap)
        if look.fill:
            cell.fill = PatternFill("solid", fgColor=look.fill)
        if fmt:
            cell.number_format = fmt
        if span > 1:
            self.ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
        if look.border is not None:
            for c in range(col, col + span):
                target = self.ws.cell(row=row, column=c)
                target.border = look.border
                if look.fill and c > col:
                    target.fill = PatternFill("solid", fgColor=look.fill)
        return cell

    def money(
        self,
        row: int,
        col: int,
        value: Decimal | str,
        amount: Decimal,
        look: Look = Look(),
        *,
        token: bool = True,
        span: int = 1,
    ) -> str:
        """Write money (a number or a formula whose result is ``amount``); return the printed text."""
        stored = float(value) if isinstance(value, Decimal) else value
        self.put(
            row,
            col,
            stored,
            look,
            span=span,
            fmt=money_format(self.doc.region, self.doc.money, with_token=token),
        )
        return self.doc.money_text(amount, token=token)

    def date(self, row: int, col: int, value: dt.date, look: Look = Look(), *, span: int = 1) -> str:
        self.put(row, col, value, look, span=span, fmt=date_format(self.doc.region, self.doc.date_code))
        return self.doc.date_text(value)

    def percent(self, row: int, col: int, rate: Decimal, look: Look = Look()) -> None:
        self.put(row, col, float(rate / 100), look, fmt=percent_format(self.doc.region, rate))

    def height(self, row: int, points: float) -> None:
        """Make the row at least ``points`` high (a row holding a wrapped cell keeps its room)."""
        self.ws.row_dimensions[row].height = max(points, self.ws.row_dimensions[row].height or 0)

    def frame(self, top: int, left: int, bottom: int, right: int, side: Side = THIN) -> None:
        """Outline a block of cells, keeping their other borders."""
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                cell = self.ws.cell(row=r, column=c)
                old = cell.border
                cell.border = Border(
                    left=side if c == left else old.left,
                    right=side if c == right else old.right,
                    top=side if r == top else old.top,
                    bottom=side if r == bottom else old.bottom,
                )

    def shade(self, top: int, left: int, bottom: int, right: int, colour: str) -> None:
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                self.ws.cell(row=r, column=c).fill = PatternFill("solid", fgColor=colour)

    def span_width(self, col: int, span: int = 1) -> float:
        return sum(self.widths[col - 1 : col - 1 + span])

    @staticmethod
    def ref(row: int, col: int) -> str:
        return f"{get_column_letter(col)}{row}"

    # ---- page

    def page(
        self,
        last_row: int,
        *,
        title_rows: str | None = None,
        footer: str | None = None,
        header: str | None = None,
        break_after: int | None = None,
    ) -> None:
        ws = self.ws
        ws.print_area = f"A1:{get_column_letter(self.last_col)}{last_row}"
        ws.page_setup.paperSize = (
            ws.PAPERSIZE_LETTER if self.doc.region.paper == "Letter" else ws.PAPERSIZE_A4
        )
        ws.page_setup.orientation = "portrait"
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_options.horizontalCentered = self.doc.rng.random() < 0.5
        margin = self.doc.rng.choice([0.4, 0.5, 0.6, 0.75])
        ws.page_margins = PageMargins(left=margin, right=margin, top=0.6, bottom=0.7, header=0.3, footer=0.3)
        if title_rows:
            ws.print_title_rows = title_rows
        if footer:
            ws.oddFooter.center.text = footer
            ws.oddFooter.center.size = 8
        if header:
            ws.oddHeader.right.text = header
            ws.oddHeader.right.size = 8
        if break_after:
            ws.row_breaks.append(Break(id=break_after))
