"""A freelancer's own Word invoice: name as letterhead, tab-aligned details, hours x rate, plain totals."""

from __future__ import annotations

from tests.officeset import docxkit as dk
from tests.officeset.invoice import Doc, Shape
from tests.officeset.templates.base import Producer, Template

TRADES = {
    "en": ("Freelance UX designer", "Web developer", "Copywriter & translator"),
    "fr": ("Graphiste indépendante", "Développeur web freelance", "Traductrice"),
    "nl": ("Freelance webdeveloper", "Zelfstandig grafisch ontwerper", "Tekstschrijver"),
    "de": ("Freiberufliche Übersetzerin", "Webentwickler", "Grafikdesign & Illustration"),
}
TRANSFER = {
    "en": "Please transfer the amount to {iban} ({bank}) by {due}.",
    "fr": "Merci d'effectuer le virement sur le compte {iban} ({bank}) avant le {due}.",
    "nl": "Gelieve het bedrag vóór {due} over te maken naar {iban} ({bank}).",
    "de": "Bitte überweisen Sie den Betrag bis zum {due} auf das Konto {iban} ({bank}).",
}


def _line(document, label: str, value: str, *, bold: bool = False, tab_cm: float = 4.5):
    paragraph = document.add_paragraph()
    dk.write(paragraph, f"{label}\t", bold=bold)
    dk.write(paragraph, value, bold=bold)
    if tab_cm > 10:
        dk.right_tab(paragraph, tab_cm)
    else:
        paragraph.paragraph_format.tab_stops.add_tab_stop(dk.Cm(tab_cm))
    return paragraph


def render(doc: Doc):
    inv, rng = doc.inv, doc.rng
    v, c = inv.vendor, inv.customer
    document = dk.document_new(doc, font=rng.choice(dk.FONTS), size=rng.choice((10, 10.5, 11)))
    dk.write(document.add_paragraph(), doc.mark("vendor_name", v.name), bold=True, size=20)
    dk.write(document.add_paragraph(), rng.choice(TRADES[doc.lang]), colour="666666")
    dk.write(document.add_paragraph(), f"{v.street}, {v.city_line} · {v.phone} · {v.email}", size=8.5)
    dk.write(document.add_paragraph(), f"{doc.label('vat_id')} {v.vat_id}", size=8.5)
    document.add_paragraph()
    dk.write(document.add_paragraph(), doc.label("title"), bold=True, size=16)
    _line(document, doc.label("number"), doc.mark("invoice_number", inv.number))
    _line(document, doc.label("date"), doc.mark("invoice_date", doc.d(inv.date)))
    _line(document, doc.label("due"), doc.mark("due_date", doc.d(inv.due)))
    document.add_paragraph()
    dk.write(document.add_paragraph(), doc.label("bill_to"), bold=True)
    for line in (doc.mark("customer_name", c.name), c.contact, c.street, c.city_line):
        dk.write(document.add_paragraph(), line)
    document.add_paragraph()
    titles = (doc.label("desc"), doc.label("hours"), doc.label("rate"), doc.label("amount"))
    table = document.add_table(rows=1, cols=4)
    table.style = document.styles[rng.choice(("Table Grid", "Light List Accent 1", "Light Shading"))]
    for cell, title in zip(table.rows[0].cells, titles, strict=True):
        dk.cell_set(cell, title, bold=True)
    dk.header_repeat(table.rows[0])
    for i, line in enumerate(inv.lines):
        cells = table.add_row().cells
        dk.cell_set(cells[0], doc.mark_line(i, "description", line.description))
        dk.cell_set(cells[1], doc.mark_line(i, "quantity", doc.qty(line)), right=True)
        dk.cell_set(cells[2], doc.mark_line(i, "unit_price", doc.m(line.unit_price)), right=True)
        dk.cell_set(cells[3], doc.mark_line(i, "amount", doc.m(line.amount)), right=True)
    dk.widths_set(table, (8.5, 2.2, 3.0, 3.3))
    document.add_paragraph()
    _line(document, doc.label("subtotal"), doc.mark("subtotal", doc.m(inv.subtotal)), tab_cm=17.0)
    for part in inv.tax_parts:
        _line(
            document, doc.label("tax", r=doc.rate(part.rate)), doc.mark("tax", doc.m(part.tax)), tab_cm=17.0
        )
    _line(document, doc.label("total"), doc.mark("total", doc.m(inv.total)), bold=True, tab_cm=17.0)
    document.add_paragraph()
    dk.write(
        document.add_paragraph(), TRANSFER[doc.lang].format(iban=v.iban, bank=v.bank, due=doc.d(inv.due))
    )
    dk.write(document.add_paragraph(), doc.sentence("thanks"))
    return document


TEMPLATE = Template(
    "freelancer",
    Producer.LIBREOFFICE,
    ("en", "fr", "nl", "de"),
    Shape(items=(1, 5), goods="hours"),
    render,
    vendor_is_person=True,
)
