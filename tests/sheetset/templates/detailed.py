"""Templates of plain or detailed sheets: no borders, per-line VAT with a summary, notes and terms."""

from __future__ import annotations

from ..blocks import (
    Grid,
    Meta,
    Table,
    TableLook,
    TotalsLook,
    addressee_field,
    addressee_heading,
    bank_texts,
    issuer_field,
    make_grid,
    mark_currency,
    meta_items,
    party_lines,
    put_fitted,
    title,
    write_items,
    write_lines_block,
    write_meta_pairs,
    write_party,
    write_totals,
)
from ..model import Doc
from ..sheet import HAIR, THIN, Look, Sheet, box, top_bottom
from .common import (
    WHITE,
    bank_footer,
    desc_width,
    footer_lines,
    notes_block,
    right_block,
    standard_totals,
)

# ---- 7. plain: no borders, no fills, alignment only


def build_plain(doc: Doc) -> Sheet:
    grid = make_grid(doc, desc_width=doc.rng.choice([36, 40]))
    sh = Sheet(doc, grid.widths)
    start, span = right_block(grid)
    left = start - 1
    row = write_party(
        sh, 1, 1, doc.issuer, issuer_field(doc), span=left, size=9, name_look=Look(bold=True, size=12)
    )
    sh.put(1, start, title(doc), Look(bold=True, size=14, align="right"), span=span)
    colon = doc.rng.random() < 0.5
    items = [Meta(m.label + (":" if colon else ""), m.value, m.field) for m in meta_items(doc)]
    end = write_meta_pairs(
        sh,
        3,
        start,
        grid.amount,
        items,
        label_look=Look(size=9, align="right"),
        value_look=Look(size=10, align="right"),
        label_span=grid.amount - start,
    )
    row = max(row, end) + 1
    row = (
        write_party(
            sh,
            row,
            1,
            doc.addressee,
            addressee_field(doc),
            span=left,
            ids=False,
            name_look=Look(bold=True, size=10),
            width=desc_width(grid),
        )
        + 1
    )
    look = TableLook(head=Look(bold=True, size=10))
    table = write_items(sh, row, grid, look)
    plain = Look(size=10, align="right")
    totals = TotalsLook(
        plain,
        plain,
        Look(bold=True, size=11, align="right"),
        Look(bold=True, size=11, align="right"),
        start,
        grid.amount - start,
        grid.amount,
    )
    end = write_totals(sh, table.last + 2, table, totals)
    notes_end = notes_block(sh, table.last + 2, 1, left, desc_width(grid))
    row = max(end, notes_end) + 1
    sh.put(row, 1, f"{doc.label('bank')}: " + " · ".join(bank_texts(doc)), Look(size=8), span=grid.last)
    mark_currency(doc)
    sh.page(row)
    return sh


# ---- 8. per-line discount and VAT rate, with a VAT summary table


def _vat_summary(sh: Sheet, row: int, table: Table, grid: Grid) -> int:
    doc = sh.doc
    if not doc.tax_lines:
        return row
    strong, light = doc.accent
    col = grid.col["desc"]
    rates_range = f"{sh.ref(table.first, table.rate_col)}:{sh.ref(table.last, table.rate_col)}"
    head = Look(bold=True, size=9, fill=light, border=box(), align="right")
    sh.put(row - 1, col, doc.label("vat_summary"), Look(bold=True, size=9, color=strong), span=4)
    for offset, word in enumerate(["rate_word", "net_word", "tax", "gross_word"]):
        text = doc.tax_name if word == "tax" else doc.label(word)
        sh.put(row, col + offset, text, head)
    cell = Look(size=9, border=box(), align="right")
    first = row + 1
    for tax_line in doc.tax_lines:
        row += 1
        rate = f"{tax_line.rate / 100}"
        sh.percent(row, col, tax_line.rate, cell)
        sh.money(
            row,
            col + 1,
            f"=SUMIF({rates_range},{rate},{table.amounts(sh)})",
            tax_line.base,
            cell,
            token=False,
        )
        net = sh.ref(row, col + 1)
        sh.money(row, col + 2, f"=ROUND({net}*{rate},2)", tax_line.tax, cell, token=False)
        sh.money(
            row, col + 3, f"={net}+{sh.ref(row, col + 2)}", tax_line.base + tax_line.tax, cell, token=False
        )
    row += 1
    bold = Look(bold=True, size=9, border=box(), align="right")
    sh.put(row, col, None, bold)
    for offset, value in ((1, doc.subtotal), (2, doc.tax), (3, doc.total)):
        rng = f"{sh.ref(first, col + offset)}:{sh.ref(row - 1, col + offset)}"
        text = sh.money(row, col + offset, f"=SUM({rng})", value, bold, token=False)
        if offset == 2 and doc.kind == "invoice":
            doc.mark("tax", text)
    return row + 1


def build_vat_breakdown(doc: Doc) -> Sheet:
    grid = make_grid(doc, desc_width=doc.rng.choice([56, 60]), desc_parts=4)
    sh = Sheet(doc, grid.widths)
    strong = doc.accent[0]
    start, span = right_block(grid)
    left = start - 1
    put_fitted(sh, 1, 1, doc.issuer.name, Look(bold=True, size=13, color=strong), span=left)
    doc.mark(issuer_field(doc), doc.issuer.name)
    sh.put(1, start, title(doc), Look(bold=True, size=18, align="right"), span=span)
    sh.height(1, 26)
    row = 2
    for text in party_lines(doc, doc.issuer, ids=True):
        put_fitted(sh, row, 1, text, Look(size=9), span=left)
        row += 1
    end = write_meta_pairs(
        sh,
        3,
        start,
        grid.amount,
        meta_items(doc),
        label_look=Look(bold=True, size=9, align="right"),
        value_look=Look(size=10, align="right"),
        label_span=grid.amount - start,
    )
    row = max(row, end) + 1
    row = (
        write_party(
            sh,
            row,
            1,
            doc.addressee,
            addressee_field(doc),
            span=left,
            heading=addressee_heading(doc),
            width=desc_width(grid),
            contact=True,
        )
        + 1
    )
    look = TableLook(
        head=Look(bold=True, size=9, color=WHITE, fill=strong, border=box(THIN)),
        cell_border=box(HAIR),
        size=9,
        head_height=30,
    )
    table = write_items(sh, row, grid, look)
    end = standard_totals(sh, table.last + 2, table, grid)
    summary_end = _vat_summary(sh, table.last + 3, table, grid)
    row = max(end, summary_end) + 1
    row = notes_block(sh, row, 1, grid.last, sum(grid.widths))
    row = footer_lines(sh, row + 1, grid, bank_footer(doc))
    mark_currency(doc)
    sh.page(row)
    return sh


# ---- 9. notes and terms: text blocks with other dates and numbers, paid and balance lines


def build_notes_terms(doc: Doc) -> Sheet:
    grid = make_grid(doc, desc_width=doc.rng.choice([42, 48]), lead=2)
    sh = Sheet(doc, grid.widths)
    strong, light = doc.accent
    start, _span = right_block(grid)
    first = 2
    left = start - first
    initials = "".join(w[0] for w in doc.issuer.name.split()[:2]).upper()
    sh.put(1, first, initials, Look(bold=True, size=20, color=WHITE, fill=strong, align="center"))
    put_fitted(sh, 1, first + 1, doc.issuer.name, Look(bold=True, size=13, color=strong), span=left - 1)
    doc.mark(issuer_field(doc), doc.issuer.name)
    sh.height(1, 34)
    row = 2
    for text in party_lines(doc, doc.issuer, ids=True):
        put_fitted(sh, row, first + 1, text, Look(size=9, color="404040"), span=left - 1)
        row += 1
    sh.put(row + 1, first, title(doc), Look(bold=True, size=16, color=strong), span=left)
    row += 3
    meta = meta_items(doc)
    end = write_meta_pairs(
        sh,
        2,
        start,
        grid.amount,
        meta,
        label_look=Look(size=9, align="right", color="606060"),
        value_look=Look(bold=True, size=10, align="right"),
        label_span=grid.amount - start,
    )
    row = (
        write_party(
            sh,
            max(row, end + 1),
            first,
            doc.addressee,
            addressee_field(doc),
            span=left,
            heading=addressee_heading(doc),
            width=desc_width(grid) - 2,
            contact=True,
        )
        + 1
    )
    look = TableLook(head=Look(bold=True, size=10, border=top_bottom()), zebra=light, head_height=28)
    table = write_items(sh, row, grid, look)
    end = standard_totals(sh, table.last + 2, table, grid)
    width = desc_width(grid) - 2
    notes_end = write_lines_block(
        sh, table.last + 2, first, left, doc.label("notes"), doc.sentences[:2], width=width
    )
    terms = [doc.label("thanks"), *doc.sentences[2:], *bank_texts(doc)]
    row = write_lines_block(
        sh,
        max(end, notes_end) + 1,
        first,
        grid.last - 1,
        doc.label("terms"),
        terms,
        width=sum(grid.widths[1:]),
    )
    mark_currency(doc)
    sh.page(row)
    return sh
