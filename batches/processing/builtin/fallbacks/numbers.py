"""A document's number printed with no label, under its title or beside it ("Fatura-Recibo" over
"FR 2025A1/148", as Portugal's certified programs print it): the document's number."""

from __future__ import annotations

import re

from batches.processing.builtin.fallbacks.found import Found
from batches.processing.builtin.receipts import a_copy_mark
from batches.processing.builtin.values import identifier
from batches.processing.layout.model import Cell, Layout, Line
from batches.processing.vocab import is_document_title

DOCUMENT_NUMBERS = frozenset({"invoice_number", "po_number"})
TITLE_LINES = 12  # the first lines of the first page, where a title stands
# A series of capitals, then a token of capitals and digits with its parts after "/" or "-"
# ("FR 2025A1/148", "FT A/123", "OA-2025/0219"), three digits or more.
UNLABELLED_NUMBER = re.compile(r"(?:[A-Z]{1,4}\s)?[A-Z0-9]*\d[A-Z0-9]*(?:[/-][A-Z0-9]+)*")
NUMBER_DIGITS = 3


def titles_number(layout: Layout) -> Found | None:
    """The identifier alone in the cell right of a document's title or under it, or None."""
    lines = [line for line in layout.lines if line.page == 1][:TITLE_LINES]
    for row, line in enumerate(lines):
        for column, cell in enumerate(line.cells):
            if not is_document_title(cell.text):
                continue
            for near in _beside_and_under(lines, row, column):
                text = near.text.strip()
                digits = sum(c.isdigit() for c in text)
                if UNLABELLED_NUMBER.fullmatch(text) and digits >= NUMBER_DIGITS:
                    value = identifier(text)
                    if value:
                        return Found(value, line.page, f"{cell.text}  {text}", 0.5)
    return None


def _beside_and_under(lines: list[Line], row: int, column: int) -> list[Cell]:
    """The cell after the title's on its line, and the first cell under it on the next
    ``UNDER_LINES`` lines (a window's block beside it may put a line between them), past a copy's
    mark ("Fatura" over "Original" over "FT 2024A/1796")."""
    title, cells = lines[row].cells[column], []
    if column + 1 < len(lines[row].cells):
        cells.append(lines[row].cells[column + 1])
    reach = UNDER_LINES
    for line in lines[row + 1 :]:
        under = [cell for cell in line.cells if cell.x0 < title.x1 and cell.x1 > title.x0]
        if under and a_copy_mark(under[0].text):
            continue
        if under:
            return [*cells, under[0]]
        reach -= 1
        if not reach:
            break
    return cells


UNDER_LINES = 2
