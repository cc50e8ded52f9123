"""Templates with a heading block: classic, boxed grid, meta grid, three parties."""

from __future__ import annotations

from ..blocks import (
    Meta,
    TableLook,
    addressee_field,
    addressee_heading,
    bank_texts,
    fit_height,
    groups,
    issuer_field,
    issuer_heading,
    make_grid,
    mark_currency,
    meta_items,
    party_lines,
    put_fitted,
    title,
    write_items,
    write_meta_pairs,
    write_meta_value,
    write_party,
)
from ..model import Doc
from ..parties import ID_LABELS
from ..sheet import HAIR, MEDIUM, Look, Sheet, box, underline
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

# ---- 1. classic: company block top left, big title top right, meta under the title


def build_classic(doc: Doc) -> Sheet:
    grid = make_grid(doc, desc_width=doc.rng.choice([38, 42, 46]))
    sh = Sheet(doc, grid.widths)
    strong, light = doc.accent
    start, span = right_block(grid)
    left = start - 1
    put_fitted(sh, 1, 1, doc.issuer.name, Look(bold=True, size=14, color=strong), span=left)
    doc.mark(issuer_field(doc), doc.issuer.name)
    sh.put(1, start, title(doc), Look(bold=True, size=22, color=strong, align="right"), span=span)
    sh.height(1, 32)
    row = 2
    for text in party_lines(doc, doc.issuer, ids=True):
        put_fitted(sh, row, 1, text, Look(size=9, color="404040"), span=left)
        row += 1
    label = Look(bold=True, size=9, align="right", color=strong)
    meta_end = write_meta_pairs(
        sh,
        3,
        start,
        grid.amount,
        meta_items(doc),
        label_look=label,
        value_look=Look(size=10, align="right"),
        label_span=grid.amount - start,
    )
    row = max(row, meta_end) + 1
    party_row = row
    row = write_party(
        sh,
        row,
        1,
        doc.addressee,
        addressee_field(doc),
        span=left,
        heading=addressee_heading(doc),
        heading_look=Look(bold=True, size=9, color=strong),
        width=desc_width(grid),
        contact=True,
    )
    if doc.ship_to is not None:
        end = write_party(
            sh,
            party_row,
            start,
            doc.ship_to,
            "",
            span=span,
            heading=doc.label("ship_to"),
            heading_look=Look(bold=True, size=9, color=strong),
            ids=False,
            size=9,
            width=sum(grid.widths[start - 1 :]),
        )
        row = max(row, end)
    row += 1
    zebra = light if doc.rng.random() < 0.5 else None
    look = TableLook(
        head=Look(bold=True, size=10, color=WHITE, fill=strong),
        cell_border=None if zebra else underline(HAIR),
        zebra=zebra,
        head_height=28,
    )
    table = write_items(sh, row, grid, look)
    end = standard_totals(sh, table.last + 2, table, grid)
    notes_end = notes_block(sh, table.last + 2, 1, left, desc_width(grid))
    row = max(end, notes_end) + 1
    sh.put(
        row, 1, doc.label("thanks"), Look(italic=True, size=10, align="center", color=strong), span=grid.last
    )
    row = footer_lines(sh, row + 2, grid, bank_footer(doc))
    mark_currency(doc)
    sh.page(row, footer=f"{doc.number} · {doc.label('page')}" if doc.rng.random() < 0.3 else None)
    return sh


# ---- 2. boxed grid: every label in a shaded cell, its value in the cell right of it or below it


def _boxed_rows(doc: Doc) -> list[Meta]:
    rows = [
        Meta(
            issuer_heading(doc),
            doc.issuer.name,
            issuer_field(doc),
        ),
        Meta(doc.label("address"), f"{doc.issuer.street}, {doc.issuer.city}"),
        Meta(ID_LABELS[doc.region.key], doc.issuer.tax_id),
        Meta(addressee_heading(doc), doc.addressee.name, addressee_field(doc)),
        Meta(doc.label("address"), f"{doc.addressee.street}, {doc.addressee.city}"),
    ]
    if doc.rng.random() < 0.6:
        rows.append(Meta(doc.label("contact"), doc.addressee.contact))
    if doc.kind == "purchase_order" and doc.ship_to is not None:
        rows.append(Meta(doc.label("ship_to"), f"{doc.ship_to.street}, {doc.ship_to.city}"))
    return rows


def _boxed_pair(
    sh: Sheet, row: int, where: tuple[int, int, int, int], item: Meta, below: bool, width: float
) -> int:
    doc = sh.doc
    label_col, label_span, value_col, value_span = where
    label = Look(bold=True, size=9, fill=doc.accent[1], border=box())
    value = Look(size=10, border=box(), wrap=isinstance(item.value, str))
    sh.put(row, label_col, item.label, label, span=label_span if not below else label_span + value_span)
    if below:
        row += 1
        value_col, value_span = label_col, label_span + value_span
        width = width * 2
    write_meta_value(sh, row, value_col, item, value, span=value_span)
    if isinstance(item.value, str):
        fit_height(sh, row, item.value, width)
    return row + 1


def build_boxed(doc: Doc) -> Sheet:
    grid = make_grid(doc, desc_width=doc.rng.choice([48, 54]), desc_parts=3)
    sh = Sheet(doc, grid.widths)
    strong, light = doc.accent
    d = grid.col["desc"]
    start, _span = right_block(grid)
    sh.put(
        1,
        1,
        title(doc),
        Look(bold=True, size=16, color=WHITE, fill=strong, align="center", border=box()),
        span=grid.last,
    )
    sh.height(1, 26)
    below = doc.rng.random() < 0.4
    left = (1, d, d + 1, grid.desc_span - 1)
    right = (start, grid.amount - start, grid.amount, 1)
    left_width = sum(grid.widths[d : d + grid.desc_span - 1])
    row_l = row_r = 3
    for item in _boxed_rows(doc):
        row_l = _boxed_pair(sh, row_l, left, item, below, left_width)
    for item in meta_items(doc):
        row_r = _boxed_pair(sh, row_r, right, item, below, grid.widths[grid.amount - 1])
    row = max(row_l, row_r) + 1
    look = TableLook(
        head=Look(bold=True, size=10, fill=light, border=box()), cell_border=box(), head_height=28
    )
    table = write_items(sh, row, grid, look)
    end = standard_totals(sh, table.last + 1, table, grid, boxed=True)
    row = end + 1
    bank = Look(bold=True, size=9, fill=light, border=box())
    sh.put(row, 1, doc.label("bank"), bank, span=d)
    sh.put(row, d + 1, " · ".join(bank_texts(doc)), Look(size=9, border=box()), span=grid.last - d)
    row += 1
    if doc.sentences:
        sh.put(row, 1, doc.label("notes"), bank, span=d)
        text = " ".join(doc.sentences)
        sh.put(row, d + 1, text, Look(size=9, border=box(), wrap=True), span=grid.last - d)
        fit_height(sh, row, text, sum(grid.widths[d:]), 9)
        row += 1
    mark_currency(doc)
    sh.page(row)
    return sh


# ---- 3. meta grid: number / date / due / customer no. as a 2 x 4 grid of labels over values


def _grid_items(doc: Doc) -> list[Meta]:
    items = meta_items(doc)
    while len(items) < 4:
        items.append(Meta(doc.label("contact"), doc.issuer.contact))
    return items[:8] if len(items) > 4 else items


def build_meta_grid(doc: Doc) -> Sheet:
    grid = make_grid(doc, desc_width=doc.rng.choice([40, 44]), desc_parts=2, min_width=date_room(doc))
    sh = Sheet(doc, grid.widths)
    strong, light = doc.accent
    start, span = right_block(grid)
    sh.put(1, 1, title(doc), Look(bold=True, size=20, color=strong), span=start - 1)
    sh.height(1, 30)
    end = write_party(
        sh,
        1,
        start,
        doc.issuer,
        issuer_field(doc),
        span=span,
        align="right",
        size=9,
        name_look=Look(bold=True, size=12, color=strong),
    )
    row = write_party(
        sh,
        4,
        1,
        doc.addressee,
        addressee_field(doc),
        span=start - 1,
        heading=addressee_heading(doc),
        width=desc_width(grid),
        contact=True,
    )
    row = max(row, end) + 1
    quarters = groups(grid, 4)
    items = _grid_items(doc)
    for chunk_start in range(0, len(items), 4):
        chunk = items[chunk_start : chunk_start + 4]
        for (col, width_span, _w), item in zip(quarters, chunk, strict=False):
            sh.put(
                row,
                col,
                item.label,
                Look(bold=True, size=9, fill=light, border=box(), align="center"),
                span=width_span,
            )
            write_meta_value(
                sh, row + 1, col, item, Look(size=10, border=box(), align="center"), span=width_span
            )
        for col, width_span, _w in quarters[len(chunk) :]:
            sh.put(row, col, None, Look(fill=light, border=box()), span=width_span)
            sh.put(row + 1, col, None, Look(border=box()), span=width_span)
        row += 2
    row += 1
    look = TableLook(
        head=Look(bold=True, size=10, color=WHITE, fill=strong), cell_border=underline(HAIR), head_height=28
    )
    table = write_items(sh, row, grid, look)
    sh.frame(row, 1, table.last, grid.last)
    end = standard_totals(sh, table.last + 2, table, grid)
    notes_end = notes_block(sh, table.last + 2, 1, start - 1, desc_width(grid))
    row = footer_lines(sh, max(end, notes_end) + 2, grid, bank_footer(doc))
    mark_currency(doc)
    sh.page(row)
    return sh


# ---- 4. three parties side by side: From / Bill to / Ship to (Buyer / Supplier / Deliver to)


def build_three_parties(doc: Doc) -> Sheet:
    grid = make_grid(doc, desc_width=doc.rng.choice([48, 54]), desc_parts=3)
    sh = Sheet(doc, grid.widths)
    strong, light = doc.accent
    start, _span = right_block(grid)
    sh.put(1, 1, title(doc), Look(bold=True, size=18, color=strong), span=start - 1)
    sh.height(1, 28)
    items = meta_items(doc, short=doc.rng.random() < 0.5)
    row = write_meta_pairs(
        sh,
        1,
        start,
        grid.amount,
        items,
        label_look=Look(bold=True, size=9, align="right"),
        value_look=Look(size=10, align="right"),
        label_span=grid.amount - start,
    )
    row = max(row, 3) + 1
    thirds = groups(grid, 3)
    ship = doc.ship_to or doc.addressee if doc.kind == "invoice" else doc.ship_to or doc.issuer
    blocks = [
        (issuer_heading(doc), doc.issuer, issuer_field(doc)),
        (addressee_heading(doc), doc.addressee, addressee_field(doc)),
        (doc.label("ship_to"), ship, ""),
    ]
    head = Look(bold=True, size=9, color=WHITE, fill=strong)
    ends = []
    for (col, col_span, width), (heading, party, field) in zip(thirds, blocks, strict=False):
        ends.append(
            write_party(
                sh,
                row,
                col,
                party,
                field,
                span=col_span,
                heading=heading,
                heading_look=head,
                ids=field != "",
                size=9,
                width=width,
            )
        )
    row = max(ends) + 1
    look = TableLook(
        head=Look(bold=True, size=10, fill=light, border=underline(MEDIUM)),
        cell_border=underline(HAIR),
        head_height=28,
    )
    table = write_items(sh, row, grid, look)
    end = standard_totals(sh, table.last + 2, table, grid)
    notes_end = notes_block(sh, table.last + 2, 1, start - 1, desc_width(grid))
    row = max(end, notes_end) + 1
    bank = f"{doc.label('bank')}: " + " · ".join(bank_texts(doc))
    sh.put(row, 1, bank, Look(size=9), span=grid.last)
    mark_currency(doc)
    sh.page(row + 1, footer=doc.label("page") if doc.rng.random() < 0.4 else None)
    return sh
