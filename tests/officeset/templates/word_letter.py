"""A business letter written in Word: letterhead in the page header, 'City, date' line, subject with the
number, the due date only in the payment sentence; converted by LibreOffice."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from tests.officeset import docxkit as dk
from tests.officeset.invoice import Doc, Shape
from tests.officeset.templates.base import Producer, Template

PAY_BY = {
    "en": "Please pay the total of {total} by {due} at the latest.",
    "fr": "Nous vous remercions de bien vouloir régler la somme de {total} au plus tard le {due}.",
    "nl": "Wij verzoeken u het totaalbedrag van {total} uiterlijk {due} te voldoen.",
    "de": "Bitte begleichen Sie den Gesamtbetrag von {total} spätestens bis zum {due}.",
}
SUBJECT = {"en": "Invoice {n}", "fr": "Facture n° {n}", "nl": "Factuur {n}", "de": "Rechnung Nr. {n}"}


def _letterhead(document, doc: Doc, colour: str) -> None:
    v = doc.inv.vendor
    header = document.sections[0].header
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dk.write(paragraph, doc.mark("vendor_name", v.name), bold=True, size=16, colour=colour)
    line = header.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dk.write(line, f"{v.street} · {v.city_line} · {v.phone} · {v.email}", size=8)


def _address_and_info(document, doc: Doc) -> None:
    inv = doc.inv
    v, c = inv.vendor, inv.customer
    table = document.add_table(rows=1, cols=2)
    dk.borders_none(table)
    left, right = table.rows[0].cells
    dk.cell_set(left, f"{v.name} · {v.street} · {v.city_line}", size=7)
    for line in (
        doc.mark("customer_name", c.name),
        c.contact if doc.rng.random() < 0.5 else "",
        c.street,
        c.city_line,
    ):
        if line:
            dk.write(left.add_paragraph(), line)
    info = [
        (doc.label("customer_no"), inv.customer_no),
        (doc.label("order_no"), inv.order_no),
        (doc.label("delivery_date"), doc.d(inv.delivery_date)),
        (doc.label("vat_id"), v.vat_id),
    ]
    inner = right.add_table(rows=0, cols=2)
    for label, value in info:
        a, b = inner.add_row().cells
        dk.cell_set(a, label, size=8.5)
        dk.cell_set(b, value, size=8.5)
    dk.widths_set(table, (9.5, 7.5))


def _totals(document, doc: Doc) -> None:
    inv = doc.inv
    rows = [(doc.label("subtotal"), doc.mark("subtotal", doc.m(inv.subtotal)))]
    rows += [(doc.label("tax", r=doc.rate(p.rate)), doc.mark("tax", doc.m(p.tax))) for p in inv.tax_parts]
    rows.append((doc.label("total"), doc.mark("total", doc.m(inv.total))))
    for i, (label, value) in enumerate(rows):
        paragraph = document.add_paragraph()
        dk.right_tab(paragraph, 12.5)
        dk.right_tab(paragraph, 17.0)
        dk.write(paragraph, f"\t{label}\t{value}", bold=i == len(rows) - 1)


def render(doc: Doc):
    inv, rng = doc.inv, doc.rng
    v = inv.vendor
    colour = rng.choice(("1F4E79", "833C0B", "385623", "404040"))
    document = dk.document_new(doc, font=rng.choice(dk.FONTS), size=rng.choice((10, 10.5, 11)))
    _letterhead(document, doc, colour)
    _address_and_info(document, doc)
    document.add_paragraph()
    place = document.add_paragraph()
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    city = v.city.split(",")[0]
    dk.write(place, f"{city}, {doc.mark('invoice_date', doc.d(inv.date))}")
    subject = document.add_paragraph()
    dk.write(subject, SUBJECT[doc.lang].format(n=doc.mark("invoice_number", inv.number)), bold=True, size=12)
    dk.write(document.add_paragraph(), doc.sentence("salutation"))
    dk.write(document.add_paragraph(), doc.sentence("intro"))
    columns = rng.choice(
        (("pos", "desc", "qty", "unit", "unit_price", "amount"), ("desc", "qty", "unit_price", "amount"))
    )
    dk.items_add(document, doc, columns, style=rng.choice(dk.TABLE_STYLES))
    document.add_paragraph()
    _totals(document, doc)
    document.add_paragraph()
    pay = PAY_BY[doc.lang].format(total=doc.m(inv.total), due=doc.mark("due_date", doc.d(inv.due)))
    dk.write(document.add_paragraph(), pay)
    dk.write(document.add_paragraph(), doc.sentence("closing"))
    document.add_paragraph()
    dk.write(document.add_paragraph(), v.contact)
    legal = " · ".join(
        x for x in (f"{doc.label('bank')}: {v.bank}", f"IBAN {v.iban}", f"BIC {v.bic}", v.register) if x
    )
    dk.footer_set(document, doc, legal)
    return document


TEMPLATE = Template(
    "word_letter",
    Producer.LIBREOFFICE,
    ("en", "fr", "nl", "de"),
    Shape(items=(1, 8)),
    render,
    regions=("en-GB", "en-IE", "fr-FR", "fr-BE", "nl-NL", "nl-BE", "de-DE", "de-AT", "de-CH"),
)
