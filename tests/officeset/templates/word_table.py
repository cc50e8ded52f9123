"""An office-suite invoice template: everything laid out in Word tables, converted by LibreOffice."""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from tests.officeset import docxkit as dk
from tests.officeset.invoice import Doc, Shape
from tests.officeset.templates.base import Producer, Template


def _head(document, doc: Doc, colour: str) -> None:
    inv = doc.inv
    v = inv.vendor
    table = document.add_table(rows=1, cols=2)
    dk.borders_none(table)
    left, right = table.rows[0].cells
    dk.cell_set(left, doc.mark("vendor_name", v.name), bold=True, size=15)
    for line in (v.street, v.city_line, f"{doc.label('phone')} {v.phone}", v.email):
        dk.write(left.add_paragraph(), line)
    dk.cell_set(right, doc.label("title"), bold=True, size=22, right=True)
    meta = [
        (doc.label("number"), doc.mark("invoice_number", inv.number)),
        (doc.label("date"), doc.mark("invoice_date", doc.d(inv.date))),
        (doc.label("due"), doc.mark("due_date", doc.d(inv.due))),
        (doc.label("customer_no"), inv.customer_no),
    ]
    if doc.rng.random() < 0.5:
        meta.insert(2, (doc.label("order_no"), inv.order_no))
    inner = right.add_table(rows=0, cols=2)
    inner.alignment = WD_TABLE_ALIGNMENT.RIGHT
    for label, value in meta:
        a, b = inner.add_row().cells
        dk.cell_set(a, label, bold=True)
        dk.cell_set(b, value, right=True)
    dk.widths_set(table, (9.0, 8.0))


def _parties(document, doc: Doc) -> None:
    c = doc.inv.customer
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    dk.borders_none(table)
    bill, ship = table.rows[0].cells
    dk.cell_set(bill, doc.label("bill_to"), bold=True)
    dk.write(bill.add_paragraph(), doc.mark("customer_name", c.name))
    for line in (c.contact, c.street, c.city_line, f"{doc.label('vat_id')} {c.vat_id}"):
        dk.write(bill.add_paragraph(), line)
    if doc.rng.random() < 0.5:
        dk.cell_set(ship, doc.label("ship_to"), bold=True)
        for line in (c.name, c.street, c.city_line):
            dk.write(ship.add_paragraph(), line)
    document.add_paragraph()


def _totals(document, doc: Doc) -> None:
    inv = doc.inv
    rows = [(doc.label("subtotal"), doc.mark("subtotal", doc.m(inv.subtotal)))]
    for part in inv.tax_parts:
        rows.append((doc.label("tax", r=doc.rate(part.rate)), doc.mark("tax", doc.m(part.tax))))
    rows.append((doc.label("total"), doc.mark("total", doc.m(inv.total))))
    document.add_paragraph()
    table = document.add_table(rows=0, cols=3)
    dk.borders_none(table)
    for i, (label, value) in enumerate(rows):
        _, a, b = table.add_row().cells
        last = i == len(rows) - 1
        dk.cell_set(a, label, bold=last)
        dk.cell_set(b, value, bold=last, right=True)
    dk.widths_set(table, (8.0, 5.0, 4.0))


def render(doc: Doc):
    inv, rng = doc.inv, doc.rng
    v = inv.vendor
    colour = rng.choice(("1F4E79", "2E75B6", "C00000", "375623", "7030A0"))
    document = dk.document_new(doc, font=rng.choice(dk.FONTS), size=rng.choice((9.5, 10, 10.5)))
    _head(document, doc, colour)
    _parties(document, doc)
    columns = rng.choice(
        (
            ("desc", "qty", "unit_price", "amount"),
            ("pos", "desc", "qty", "unit", "unit_price", "amount"),
            ("sku", "desc", "qty", "unit_price", "vat", "amount"),
        )
    )
    dk.items_add(document, doc, columns, style=rng.choice(dk.TABLE_STYLES))
    _totals(document, doc)
    document.add_paragraph()
    terms = doc.sentence("terms", days=str(inv.terms_days), due=doc.d(inv.due), total=doc.m(inv.total))
    dk.write(document.add_paragraph(), terms)
    bank = document.add_paragraph()
    dk.write(bank, f"{doc.label('bank')}: ", bold=True)
    dk.write(bank, f"{v.bank} · IBAN {v.iban} · BIC {v.bic}")
    thanks = document.add_paragraph()
    thanks.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dk.write(thanks, doc.sentence("thanks"), colour=colour)
    legal = " · ".join(x for x in (v.name, f"{doc.label('vat_id')} {v.vat_id}", v.register) if x)
    dk.footer_set(document, doc, legal)
    return document


TEMPLATE = Template(
    "word_tables", Producer.LIBREOFFICE, ("en", "fr", "nl", "de"), Shape(items=(2, 26)), render
)
