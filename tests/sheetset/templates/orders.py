"""Order-shaped templates: the purchase order with approvals, and the long two-page sheet."""

from __future__ import annotations

import datetime as dt

from .. import words
from ..blocks import (
    Grid,
    Meta,
    TableLook,
    addressee_field,
    addressee_heading,
    groups,
    issuer_field,
    make_grid,
    mark_currency,
    meta_items,
    title,
    write_items,
    write_meta_pairs,
    write_meta_value,
    write_party,
)
from ..model import Doc
from ..sheet import HAIR, Look, Sheet, box, underline
from .common import (
    WHITE,
    bank_footer,
    date_room,
    desc_width,
    footer_lines,
    notes_block,
    right_block,
    standard_totals,
)

# ---- 5. purchase order with vendor / ship-to blocks and a requested / approved footer


def _po_strip(sh: Sheet, row: int, grid: Grid) -> int:
    doc = sh.doc
    rng = doc.rng
    days = rng.choice([14, 30, 45, 60])
    items = [
        Meta(doc.label("delivery_date"), doc.delivery),
        Meta(doc.label("payment_terms"), rng.choice(words.TERMS_VALUES[doc.language]).format(days=days)),
        Meta(doc.label("ship_via"), rng.choice(words.SHIP_VALUES[doc.language])),
        Meta(doc.label("quote_ref"), doc.order_ref),
    ]
    for (col, span, _w), item in zip(groups(grid, 4), items, strict=False):
        sh.put(
            row,
            col,
            item.label,
            Look(bold=True, size=9, fill=doc.accent[1], border=box(), align="center"),
            span=span,
        )
        write_meta_value(sh, row + 1, col, item, Look(size=10, border=box(), align="center"), span=span)
    return row + 2


def _approval_footer(sh: Sheet, row: int, grid: Grid) -> int:
    doc = sh.doc
    halves = groups(grid, 2)
    label = Look(bold=True, size=9, fill=doc.accent[1], border=box())
    requested = doc.date - dt.timedelta(days=doc.rng.randint(1, 4))
    people = [
        (doc.label("requested_by"), doc.issuer.contact, requested),
        (
            doc.label("approved_by"),
            f"{doc.rng.choice(['Dr. ', '', ''])}{doc.addressee.contact.split()[0]} "
            f"{doc.issuer.contact.split()[-1]}",
            None,
        ),
    ]
    for (col, span, _w), (heading, name, when) in zip(halves, people, strict=False):
        sh.put(row, col, heading, label, span=span)
        sh.put(row + 1, col, name, Look(size=10, border=box()), span=span)
        sh.put(row + 2, col, doc.label("date_word"), Look(size=8, color="606060", border=box()), span=1)
        if when is not None:
            sh.date(row + 2, col + 1, when, Look(size=10, border=box()), span=span - 1)
        else:
            sh.put(row + 2, col + 1, None, Look(border=box()), span=span - 1)
        sh.put(row + 3, col, doc.label("signature"), Look(size=8, color="606060", border=box()), span=span)
        sh.height(row + 3, 30)
    return row + 4


def build_po_approval(doc: Doc) -> Sheet:
    grid = make_grid(doc, desc_width=doc.rng.choice([44, 50]), desc_parts=2, min_width=date_room(doc))
    sh = Sheet(doc, grid.widths)
    strong, light = doc.accent
    start, span = right_block(grid)
    left = start - 1
    sh.put(1, start, title(doc), Look(bold=True, size=18, color=strong, align="right"), span=span)
    row = write_party(
        sh,
        1,
        1,
        doc.issuer,
        issuer_field(doc),
        span=left,
        size=9,
        name_look=Look(bold=True, size=13, color=strong),
    )
    sh.height(1, 26)
    label = Look(bold=True, size=9, fill=light, border=box(), align="right")
    meta = [m for m in meta_items(doc, short=True)]
    end = write_meta_pairs(
        sh,
        3,
        start,
        grid.amount,
        meta,
        label_look=label,
        value_look=Look(size=10, border=box(), align="right"),
        label_span=grid.amount - start,
    )
    row = max(row, end) + 1
    head = Look(bold=True, size=9, color=WHITE, fill=strong)
    ship = doc.ship_to or doc.issuer
    end_l = write_party(
        sh,
        row,
        1,
        doc.addressee,
        addressee_field(doc),
        span=left,
        heading=doc.label("supplier"),
        heading_look=head,
        width=desc_width(grid),
        contact=True,
    )
    end_r = write_party(
        sh,
        row,
        start,
        ship,
        "",
        span=span,
        heading=doc.label("ship_to"),
        heading_look=head,
        ids=False,
        width=sum(grid.widths[start - 1 :]),
    )
    sh.frame(row, 1, end_l - 1, left)
    sh.frame(row, start, end_r - 1, grid.last)
    row = _po_strip(sh, max(end_l, end_r) + 1, grid) + 1
    look = TableLook(
        head=Look(bold=True, size=10, fill=light, border=box()), cell_border=box(), head_height=28
    )
    table = write_items(sh, row, grid, look)
    end = standard_totals(sh, table.last + 1, table, grid, boxed=doc.rng.random() < 0.5)
    notes_end = notes_block(sh, table.last + 2, 1, left, desc_width(grid))
    row = _approval_footer(sh, max(end, notes_end) + 1, grid)
    mark_currency(doc)
    sh.page(row)
    return sh


# ---- 6. long: 20-45 lines over two pages, the table head repeated, page numbers in the footer


def build_long(doc: Doc) -> Sheet:
    grid = make_grid(doc, desc_width=doc.rng.choice([40, 46]))
    sh = Sheet(doc, grid.widths)
    strong, light = doc.accent
    start, span = right_block(grid)
    sh.put(1, 1, f"{title(doc)}", Look(bold=True, size=18, color=strong), span=start - 1)
    sh.height(1, 28)
    end = write_party(sh, 1, start, doc.issuer, issuer_field(doc), span=span, align="right", size=9)
    row = write_party(
        sh,
        3,
        1,
        doc.addressee,
        addressee_field(doc),
        span=start - 1,
        heading=addressee_heading(doc),
        width=desc_width(grid),
    )
    row = max(row, end) + 1
    items = meta_items(doc)
    row = (
        write_meta_pairs(
            sh,
            row,
            start,
            grid.amount,
            items,
            label_look=Look(bold=True, size=9, align="right"),
            value_look=Look(size=10, align="right"),
            label_span=grid.amount - start,
        )
        + 1
    )
    head_row = row
    look = TableLook(
        head=Look(bold=True, size=10, color=WHITE, fill=strong),
        cell_border=underline(HAIR),
        zebra=light if doc.rng.random() < 0.5 else None,
        head_height=28,
    )
    table = write_items(sh, row, grid, look)
    end = standard_totals(sh, table.last + 2, table, grid)
    row = footer_lines(sh, end + 2, grid, bank_footer(doc))
    mark_currency(doc)
    # Fit to width shrinks the page so far that 45 rows would fit on one: people put a break in.
    break_after = table.first + int(len(doc.lines) * doc.rng.uniform(0.5, 0.7)) - 1
    sh.page(
        row,
        title_rows=f"{head_row}:{head_row}",
        footer=doc.label("page"),
        header=f"{title(doc)} {doc.number}",
        break_after=break_after,
    )
    return sh
