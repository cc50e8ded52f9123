"""What the templates share: the blocks right of the description, totals, footers."""

from __future__ import annotations

from ..blocks import (
    Grid,
    Table,
    TotalsLook,
    bank_texts,
    longest_date,
    write_lines_block,
    write_totals,
)
from ..model import Doc
from ..parties import ID_LABELS
from ..sheet import MEDIUM, Look, Sheet, box, overline

WHITE = "FFFFFF"


def right_block(grid: Grid) -> tuple[int, int]:
    """(first column, span) of the block right of the description: quantity to amount."""
    start = grid.col["qty"]
    return start, grid.last - start + 1


def standard_totals(sh: Sheet, row: int, table: Table, grid: Grid, *, boxed: bool = False) -> int:
    light = sh.doc.accent[1]
    start = grid.col["qty"]
    border = box() if boxed else None
    label = Look(size=10, align="right", border=border, fill=light if boxed else None)
    value = Look(size=10, align="right", border=border)
    total_label = Look(
        bold=True,
        size=11,
        align="right",
        border=box(MEDIUM) if boxed else overline(MEDIUM),
        fill=light if boxed else None,
    )
    total_value = Look(bold=True, size=11, align="right", border=box(MEDIUM) if boxed else overline(MEDIUM))
    look = TotalsLook(label, value, total_label, total_value, start, grid.amount - start, grid.amount)
    return write_totals(sh, row, table, look)


def footer_lines(sh: Sheet, row: int, grid: Grid, texts: list[str], size: float = 8) -> int:
    for text in texts:
        sh.put(row, 1, text, Look(size=size, align="center", color="505050"), span=grid.last)
        row += 1
    return row


def bank_footer(doc: Doc) -> list[str]:
    issuer = doc.issuer
    parts = [issuer.name, issuer.street, issuer.city]
    bank = " · ".join(t for t in bank_texts(doc) if t)
    return [" · ".join(parts), f"{doc.label('bank')}: {bank}", f"{ID_LABELS[doc.region.key]} {issuer.tax_id}"]


def notes_block(sh: Sheet, row: int, col: int, span: int, width: float) -> int:
    doc = sh.doc
    if not doc.sentences:
        return row
    return write_lines_block(sh, row, col, span, doc.label("notes"), doc.sentences, width=width)


def desc_width(grid: Grid) -> float:
    return sum(grid.widths[: grid.col["qty"] - 1])


def date_room(doc: Doc) -> float:
    """A description wide enough that a quarter of the sheet holds the longest date."""
    return 2 * (longest_date(doc) * 1.15 + 2)
