"""Each class of document the first engine failed on, built here (not from the corpus).

PDFs are drawn with reportlab at exact positions, so the layout is the test's, not a
generator's: joined table cells, labels above or beside their values, columns of labels
drawn before their values, parties side by side. Text documents carry other languages,
other number formats, receipts without labels, prose, résumé sections, unknown types and
prompts that name fields no template knows. The scanned case goes through real OCR.
"""

from __future__ import annotations

import io

import pypdfium2
import pytest
from PIL import ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from batches.processing import get_processor
from batches.processing.builtin.items import is_totals_line, without_row_codes
from batches.processing.layout import geometry

PAGE_HEIGHT = A4[1]


def pdf(*pages: list[tuple]) -> bytes:
    """A PDF with a text layer: each item is (x, y from the top, text, font size), in points, and
    its font's name after them where it is not Helvetica."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    for items in pages:
        for x, y, text, size, *font in items:
            drawing.setFont(font[0] if font else "Helvetica", size)
            drawing.drawString(x, PAGE_HEIGHT - y, text)
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def extract(content: bytes, filename: str, *, prompt: str = "", strategy: str = "auto"):
    return get_processor("extract").process(
        content, filename=filename, options={"strategy": strategy, "prompt": prompt}
    )


def test_pdf_table_cells_keep_their_columns_when_the_text_layer_joins_them():
    # given a table whose description ends in a number and whose columns are one gap apart
    # and a row with an empty cell: only the columns' positions say which number is which
    rows = [
        ("Headset with microphone 2", "2", "59,38", "118,76"),
        ("Shipping", "1", "", "12,00"),
        ("SSD 1 TB", "3", "89,00", "267,00"),
    ]
    items = [
        (50, 60, "Invoice INV-2207", 14),
        (50, 120, "Description", 9),
        (300, 120, "Qty", 9),
        (340, 120, "Unit price", 9),
        (420, 120, "Amount", 9),
    ]
    for n, (description, qty, unit, amount) in enumerate(rows):
        y = 136 + 14 * n
        items += [(50, y, description, 9), (305, y, qty, 9), (345, y, unit, 9), (425, y, amount, 9)]
    items += [(340, 200, "Total", 9), (425, 200, "397,76", 9)]
    # when
    result = extract(
        pdf(items),
        "table.pdf",
        prompt="line items (description, quantity, unit price, amount)",
        strategy="global",
    )
    # then
    assert result.data["line_items"] == [
        {
            "description": "Headset with microphone 2",
            "quantity": 2,
            "unit_price": "59.38",
            "amount": "118.76",
        },
        {"description": "Shipping", "quantity": 1, "unit_price": None, "amount": "12.00"},
        {"description": "SSD 1 TB", "quantity": 3, "unit_price": "89.00", "amount": "267.00"},
    ]


def test_amounts_and_currencies_in_other_countries_formats():
    text = (
        "Kedai Maju Sdn Bhd\nReceipt no: 88123\n"
        "Subtotal: RM 1.234,50\nService tax: RM 74,07\nTotal: RM 1.308,57\n"
    )
    result = extract(text.encode(), "r.txt", prompt="subtotal, tax, total and currency", strategy="global")
    assert result.data == {"subtotal": "1234.50", "tax": "74.07", "total": "1308.57", "currency": "MYR"}
    swiss = "Rechnung Nr. 2024.118\nZwischensumme CHF 1'200.00\nMwSt. 8,1 % CHF 97.20\nTotal CHF 1'297.20\n"
    result = extract(swiss.encode(), "ch.txt", prompt="subtotal, tax, total and currency", strategy="global")
    assert result.data == {"subtotal": "1200.00", "tax": "97.20", "total": "1297.20", "currency": "CHF"}
    indian = "Invoice No: 2024/77\nTotal Amount: Rs. 2,45,000.00\n"
    result = extract(indian.encode(), "in.txt", prompt="total and currency", strategy="global")
    assert result.data == {"total": "245000.00", "currency": "INR"}


FRENCH = """Atelier Lumière SARL
12 rue des Lilas, 69003 Lyon
FACTURE
Facture n° FA-2024/00123
Date : 7 mai 2024
Date limite de paiement : 6 juin 2024
Client : Boulangerie Dupont
Montant HT : 2 612,72 €
TVA 20 % : 522,54 €
Total TTC : 3 135,26 €
"""
GERMAN = """Nordlicht Software GmbH
Rechnung
Rechnungsnr.: RE-2019-0457
Rechnungsdatum: 7. Mai 2014
Fällig am: 21. Mai 2014
Kunde: Bäckerei Schulz
Zwischensumme: 4.904,94 EUR
MwSt. 19 %: 931,94 EUR
Gesamtbetrag: 5.836,88 EUR
"""
DUTCH = """Van Dijk Installatietechniek B.V.
FACTUUR
Factuurnummer: F20240517-03
Factuurdatum: 19 april 2014
Vervaldatum: 19 mei 2014
Klant: Bakkerij de Vries
Subtotaal: € 1.000,00
BTW 21%: € 210,00
Totaal: € 1.210,00
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            FRENCH,
            {
                "invoice_number": "FA-2024/00123",
                "invoice_date": "2024-05-07",
                "due_date": "2024-06-06",
                "customer_name": "Boulangerie Dupont",
                "subtotal": "2612.72",
                "tax": "522.54",
                "total": "3135.26",
                "currency": "EUR",
                "vendor_name": "Atelier Lumière SARL",
            },
        ),
        (
            GERMAN,
            {
                "invoice_number": "RE-2019-0457",
                "invoice_date": "2014-05-07",
                "due_date": "2014-05-21",
                "customer_name": "Bäckerei Schulz",
                "subtotal": "4904.94",
                "tax": "931.94",
                "total": "5836.88",
                "currency": "EUR",
                "vendor_name": "Nordlicht Software GmbH",
            },
        ),
        (
            DUTCH,
            {
                "invoice_number": "F20240517-03",
                "invoice_date": "2014-04-19",
                "due_date": "2014-05-19",
                "customer_name": "Bakkerij de Vries",
                "subtotal": "1000.00",
                "tax": "210.00",
                "total": "1210.00",
                "currency": "EUR",
                "vendor_name": "Van Dijk Installatietechniek B.V.",
            },
        ),
    ],
    ids=["fr", "de", "nl"],
)
def test_invoices_in_other_languages_are_recognised_and_read(text, expected):
    result = extract(text.encode(), "invoice.txt")
    assert result.document_type == "invoice"
    assert {k: result.data.get(k) for k in expected} == expected


def test_labels_above_their_values_in_boxes_and_parties_side_by_side():
    items = [
        (50, 50, "Greyfield Studio Ltd", 16),
        (50, 100, "Invoice No.", 8),
        (200, 100, "Issue date", 8),
        (350, 100, "Payment due", 8),
        (50, 112, "GS-55012", 11),
        (200, 112, "02/03/2024", 11),
        (350, 112, "01/04/2024", 11),
        (50, 160, "Seller", 8),
        (220, 160, "Bill to", 8),
        (390, 160, "Ship to", 8),
        (50, 172, "Greyfield Studio Ltd", 10),
        (220, 172, "Quarry Lane Bakery", 10),
        (390, 172, "Quarry Lane Depot", 10),
        (50, 184, "4 Mill Street, Leeds", 10),
        (220, 184, "9 Quarry Lane, York", 10),
        (390, 184, "Unit 3, York", 10),
        (350, 300, "Total due", 10),
        (450, 300, "£1,440.00", 10),
    ]
    result = extract(pdf(items), "boxes.pdf")
    assert result.document_type == "invoice"
    assert result.data["invoice_number"] == "GS-55012"
    assert (result.data["invoice_date"], result.data["due_date"]) == ("2024-03-02", "2024-04-01")
    assert result.data["customer_name"] == "Quarry Lane Bakery"
    assert (result.data["total"], result.data["currency"]) == ("1440.00", "GBP")


def test_a_column_of_labels_drawn_before_its_column_of_values():
    # the text layer holds every label first, then every value: only geometry pairs them
    labels = [
        (350, 100 + 14 * n, text, 9)
        for n, text in enumerate(["Order number", "Order date", "Buyer", "Total"])
    ]
    values = [
        (450, 100 + 14 * n, text, 9)
        for n, text in enumerate(["PO-7781", "2024-02-29", "Harbour Foods", "$980.00"])
    ]
    header = [(50, 60, "PURCHASE ORDER", 16), (50, 80, "Meridian Supplies Inc.", 10)]
    result = extract(pdf(header + labels + values), "po.pdf")
    assert result.document_type == "purchase_order"
    assert {k: result.data.get(k) for k in ("po_number", "order_date", "buyer", "total")} == {
        "po_number": "PO-7781",
        "order_date": "2024-02-29",
        "buyer": "Harbour Foods",
        "total": "980.00",
    }


def test_a_receipt_without_labels():
    text = """KEDAI RUNCIT MAJU JAYA
NO 12 JALAN BESAR, 43000 KAJANG
25/12/2018 14:22        CASHIER: 03
MILO 1KG        2 x 14.90      29.80
SUGAR 2KG                       5.60
NETT TOTAL                     35.40
CASH                           50.00
CHANGE                         14.60
THANK YOU PLEASE COME AGAIN
"""
    result = extract(text.encode(), "receipt.txt")
    assert result.document_type == "receipt"
    assert {k: result.data.get(k) for k in ("merchant_name", "date", "total", "payment_method")} == {
        "merchant_name": "KEDAI RUNCIT MAJU JAYA",
        "date": "2018-12-25",
        "total": "35.40",
        "payment_method": "CASH",
    }


def test_values_written_inside_sentences():
    text = (
        "Dear customer,\nThis invoice INV-7 was issued on 5 March 2024 and is payable by 4 April 2024.\n"
        "Nordwind Consulting GmbH thanks you. The total amount due is EUR 1,250.00.\n"
    )
    result = extract(
        text.encode(),
        "letter.txt",
        prompt="invoice number, invoice date, due date, vendor name, total",
        strategy="global",
    )
    assert result.data == {
        "invoice_number": "INV-7",
        "invoice_date": "2024-03-05",
        "due_date": "2024-04-04",
        "vendor_name": "Nordwind Consulting GmbH",
        "total": "1250.00",
    }


@pytest.mark.parametrize("mark", [">", "+", "«"])
def test_skills_keep_no_bullet_that_ocr_read_as_another_sign(mark):
    text = (
        "Camille Moreau\ncamille.moreau@example.org\nCompétences\n"
        f"{mark} Emailing\n{mark} HubSpot\n{mark} Rédaction web\n{mark} C++\n"
    )
    result = extract(text.encode(), "cv.txt")
    assert result.data["skills"] == ["Emailing", "HubSpot", "Rédaction web", "C++"]


def test_a_resume_in_french_with_skills_under_a_heading_and_years_from_dates():
    text = """Camille Moreau
camille.moreau@example.org | +33 6 12 34 56 78
Expérience professionnelle
2012 {dash} 2016  Analyste, Banque Solaris
2016 {dash} 2022  Responsable data, Atelier Nord
Formation
2008 {dash} 2012  Université de Lyon
Compétences
• Python
• SQL
• Power BI
""".format(dash="\u2013")  # an en dash, as word processors print ranges
    result = extract(text.encode(), "cv.txt")
    assert result.document_type == "resume"
    assert result.data["skills"] == ["Python", "SQL", "Power BI"]
    assert result.data["years_experience"] == 10
    assert (result.data["email"], result.data["phone"]) == ("camille.moreau@example.org", "+33612345678")


def test_a_document_of_no_known_type_gives_its_label_value_pairs():
    text = "Membership card\nMember: Jonas Weber\nClub: Tennis Club Rot-Weiss\nValid until: 31.12.2025\n"
    result = extract(text.encode(), "card.txt")
    assert result.document_type == "other"
    assert result.data == {
        "member": "Jonas Weber",
        "club": "Tennis Club Rot-Weiss",
        "valid_until": "31.12.2025",
    }


def test_fields_a_prompt_names_beyond_the_templates():
    text = """Hotel Miramar Lisboa
Booking reference: HX-48213
Guest: Ana Ribeiro
VAT number: PT 509 876 543
IBAN: PT50 0002 0123 1234 5678 9015 4
Check-in: 12/05/2024   Check-out: 15/05/2024
"""
    prompt = "the booking reference, the VAT number, the IBAN, the hotel name and the check-in date"
    result = extract(text.encode(), "booking.txt", prompt=prompt, strategy="global")
    assert result.data == {
        "booking_reference": "HX-48213",
        "vat_number": "PT 509 876 543",
        "iban": "PT50000201231234567890154",
        "hotel_name": "Hotel Miramar Lisboa",
        "check_in_date": "2024-05-12",
    }


@pytest.mark.slow
def test_a_scanned_invoice_is_read_by_ocr():
    # given a text PDF rendered to a slightly rotated, blurred greyscale photo
    items = [
        (50, 60, "Blue Harbour Trading Ltd", 16),
        (50, 110, "INVOICE", 20),
        (50, 150, "Invoice number: BH-40917", 12),
        (50, 170, "Invoice date: 14 March 2024", 12),
        (50, 230, "Total due: £2,315.40", 12),
    ]
    page = pypdfium2.PdfDocument(pdf(items))[0]
    image = page.render(scale=200 / 72, grayscale=True).to_pil().rotate(1.2, expand=True, fillcolor=235)
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(200, 200))
    # when
    result = extract(buffer.getvalue(), "scan.png")
    # then
    assert result.document_type == "invoice"
    assert (result.data["invoice_number"], result.data["invoice_date"]) == ("BH-40917", "2024-03-14")
    assert (result.data["total"], result.data["currency"]) == ("2315.40", "GBP")
    assert result.meta["ocr_pages"] == 1
    assert result.sources["total"]["ocr"] is True and 0 < result.sources["total"]["confidence"] < 1


def _docx_with_label_column(labels: list[str], values: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Pollux Design Studio")
    document.add_paragraph("INVOICE")
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    left.text, right.text = labels[0], values[0]
    for label, value in zip(labels[1:], values[1:], strict=True):
        left.add_paragraph(label)
        right.add_paragraph(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


LABELS = ["Invoice number", "Invoice date", "Due date", "Customer", "Amount due"]
VALUES = ["ZX-1001", "12 March 2024", "11 April 2024", "Castor Trading", "€ 480,00"]
EXPECTED = {
    "invoice_number": "ZX-1001",
    "invoice_date": "2024-03-12",
    "due_date": "2024-04-11",
    "customer_name": "Castor Trading",
    "total": "480.00",
}


def test_a_cell_of_labels_beside_a_cell_of_values_in_docx_and_html():
    result = extract(_docx_with_label_column(LABELS, VALUES), "column.docx")
    assert {k: result.data.get(k) for k in EXPECTED} == EXPECTED
    html = (
        "<html><body><h1>Pollux Design Studio</h1><p>INVOICE</p><table><tr><td>"
        + "<br>".join(LABELS)
        + "</td><td>"
        + "<br>".join(VALUES)
        + "</td></tr></table></body></html>"
    )
    result = extract(html.encode(), "column.html")
    assert {k: result.data.get(k) for k in EXPECTED} == EXPECTED


def test_values_that_break_a_check_get_a_lower_confidence_and_a_note():
    text = """Invoice INV-1
Description   Qty   Unit price   Amount
Widget          2        10.00    20.00
Gadget          3         5.00    16.00
Subtotal: 36.00
Tax: 3.60
Total: 49.60
"""
    result = extract(text.encode(), "checks.txt")
    widget, gadget = result.sources["line_items"]
    assert "notes" not in widget
    assert gadget["notes"] == ["quantity x unit price = 15.00, not the amount 16.00"]
    assert gadget["confidence"] < widget["confidence"]
    assert result.sources["total"]["notes"] == ["subtotal + tax does not equal the total"]
    assert "notes" not in result.sources["invoice_number"]


def test_a_sidebar_beside_the_items_table_stays_out_of_the_descriptions():
    # given an invoice whose left sidebar (dates, references, bank details) runs down beside
    # the items table, its lines level with the table's rows
    sidebar = ["Invoice No", "180362725", "Date", "01.05.2016", "Delivery date", "27.04.2016", "Due"]
    items = [
        (50, 60, "Giordano & Gallo Sagl", 14),
        (220, 120, "Description", 9),
        (400, 120, "Qty", 9),
        (500, 120, "Amount", 9),
    ]
    items += [(57, 136 + 16 * n, text, 9) for n, text in enumerate(sidebar)]
    rows = [
        ("Training course (1 day)", "4.00", "2,270.56"),
        ("SSD 1 TB", "5.00", "607.40"),
        ("Web hosting plan", "4.00", "102.20"),
    ]
    for n, (description, qty, amount) in enumerate(rows):
        y = 136 + 32 * n
        items += [(220, y, description, 9), (400, y, qty, 9), (500, y, amount, 9)]
    items += [(350, 250, "Total", 9), (500, 250, "2,980.16", 9)]
    # when
    result = extract(
        pdf(items), "sidebar.pdf", prompt="line items (description, quantity, amount)", strategy="global"
    )
    # then
    assert [(i["description"], i["quantity"], i["amount"]) for i in result.data["line_items"]] == [
        ("Training course (1 day)", 4, "2270.56"),
        ("SSD 1 TB", 5, "607.40"),
        ("Web hosting plan", 4, "102.20"),
    ]


def test_a_party_name_is_not_two_letters_a_scan_read_in_a_logo():
    text = "INVOICE\nInvoice number: INV-77\nBill to: ee\nTotal: 10.00\n"
    result = extract(
        text.encode(), "logo.txt", prompt="invoice number, customer name, total", strategy="global"
    )
    assert result.data["invoice_number"] == "INV-77"
    assert "ee" not in result.data.values()


def test_a_table_goes_on_past_each_pages_footer_to_the_next_page():
    # given items over two pages, each page ending with the seller's footer and its number, and
    # the second page repeating the header
    def page(number: int, rows: list[tuple[str, str, str]]) -> list[tuple[float, float, str, float]]:
        items = [(50, 100, "Description", 9), (300, 100, "Qty", 9), (420, 100, "Amount", 9)]
        items += [
            (x, 118 + 16 * n, text, 9)
            for n, row in enumerate(rows)
            for x, text in zip((50, 305, 425), row, strict=True)
        ]
        items += [
            (180, 770, "Catering Janssens V.O.F. · Lindelaan 149 · 3011 AB Rotterdam", 8),
            (490, 812, f"Page {number} of 2", 8),
        ]
        return items

    first = [(f"{day} Dec 2024 Consulting hours", "2", "178.04") for day in range(1, 11)]
    second = [(f"{day} Jan 2025 Consulting hours", "1", "89.02") for day in range(1, 4)]
    last = [*page(2, second), (340, 200, "Total", 9), (425, 200, "2,047.46", 9)]
    # when
    result = extract(
        pdf([(50, 60, "Order 1207", 14), *page(1, first)], last),
        "pages.pdf",
        prompt="line items (description, quantity, amount)",
        strategy="global",
    )
    # then
    items = result.data["line_items"]
    assert [i["description"] for i in items] == [row[0] for row in first + second]
    assert all(i["amount"] in ("178.04", "89.02") for i in items)


def test_a_letterhead_name_in_a_large_font_wrapped_over_three_lines_is_one_name():
    # "Müller / Medientechnik / GmbH" in 10 pt over an address in 6.5 pt, the title beside it
    header = [
        (52, 54, "Müller", 10),
        (214, 56, "Rechnung", 17),
        (52, 72, "Medientechnik", 10),
        (52, 87, "GmbH", 10),
        (52, 100, "Seestrasse 113", 6.5),
        (52, 110, "9000 St. Gallen", 6.5),
    ]
    body = [
        (57, 160, "Rechnung Nr. 201678724", 8),
        (57, 175, "Datum 05.01.2016", 8),
        (346, 200, "Total CHF 5'914.90", 8),
    ]
    result = extract(pdf(header + body), "rechnung.pdf")
    assert result.data["vendor_name"] == "Müller Medientechnik GmbH"
    # a name in the body's size keeps its own line: the next line is its street, not its name
    small = [(x, y, text, 8) for x, y, text, _size in header if text != "Rechnung"]
    assert extract(pdf(small + body), "rechnung.pdf").data["vendor_name"] == "Müller"


def test_a_till_receipt_in_a_fixed_pitch_font_keeps_its_names_whole():
    lines = [
        "   Redmond's Bakery",
        "   31 High Street",
        "Sourdough loaf      5.16",
        "Croissant           3.33",
    ]
    lines += ["TOTAL               8.49", "Paid by Cash        8.49", "26/02/17 14:11"]
    # a TrueType font's glyph boxes are tight (6.5 high at 9 pt), narrower than its 5.4-wide space
    pdfmetrics.registerFont(TTFont("DejaVuSansMono", "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"))
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=(230, 300))
    drawing.setFont("DejaVuSansMono", 9)
    for row, text in enumerate(lines):
        drawing.drawString(14, 280 - 12 * row, text)
    drawing.save()
    result = extract(buffer.getvalue(), "receipt.pdf")
    assert (result.data["merchant_name"], result.data["payment_method"]) == ("Redmond's Bakery", "Cash")


def test_a_title_over_a_party_label_does_not_pair_labels_and_values_in_turn():
    # "RECHNUNG" is also a weak invoice-number label; with "Rechnungsadresse" under it, the two
    # lines below are not their values in turn: the party's name is right below its label
    text = (
        "Gartenbau Hoffmann AG\nDorfstrasse 77\n4051 Basel\nRechnungs-Nr.: RE 2025-8615\n"
        "Datum: 08.07.2025\nRECHNUNG\nRechnungsadresse\nNordlicht Druckerei AG\nIndustriestrasse 105\n"
        "3011 Bern\nGesamtbetrag CHF 3'911.00\n"
    )
    assert extract(text.encode(), "rechnung.txt").data["customer_name"] == "Nordlicht Druckerei AG"


def test_a_run_of_labels_opened_by_a_label_of_no_field_takes_it_in():
    # "Afschrift nr." names no field asked for; the run of values below starts with its value
    text = (
        "Kempense Spaarkas\nIndustrieweg 28\n3000 Leuven\nAfschrift\n"
        "Afschrift nr.\nRekeninghouder\nIBAN\nBIC\n"
        "Afschriftperiode\n12/2017\nSEM DE GROOT\nBE63xxxxxxxx4229\nKWDQBEXX\n"
        "1 december 2017 t/m 31 december 2017\nBeginsaldo € 14 701,87\nNieuw saldo € 13 751,22\n"
    )
    result = extract(text.encode(), "afschrift.txt")
    assert (result.data["account_holder"], result.data["account_number_last4"]) == ("SEM DE GROOT", "4229")


def test_a_quantity_headed_left_of_the_description_keeps_the_number_under_it():
    # "Linha  Quantidade  Descrição  Preço  Total": a number at the end of the description
    # ("Empresa 2") is no quantity; a wrapped description's number ("350 g mat") is no amount
    header = [(50, 250, "Linha", 8), (100, 250, "Quantidade", 8), (193, 250, "Descrição", 8)]
    header += [(437, 250, "Preço", 8), (520, 250, "Total", 8)]
    rows = [
        (61, 268, "1", 8),
        (134, 268, "11", 8),
        (193, 268, "Alojamento web plano Empresa 2", 8),
        (419, 268, "R$ 102,74", 8),
        (492, 268, "R$ 1.130,14", 8),
        (61, 286, "2", 8),
        (139, 286, "6", 8),
        (193, 286, "Impressão de 500 cartões", 8),
        (419, 286, "R$ 49,78", 8),
        (500, 286, "R$ 298,68", 8),
        (193, 298, "de visita 350 g mate", 8),
    ]
    totals = [(323, 330, "Valor total", 8), (471, 330, "R$ 1.428,82", 8)]
    result = extract(pdf(header + rows + totals), "fatura.pdf", prompt="line items", strategy="per_document")
    items = [(i["description"], i["quantity"], i["amount"]) for i in result.data["line_items"]]
    assert items == [
        ("Alojamento web plano Empresa 2", 11, "1130.14"),
        ("Impressão de 500 cartões de visita 350 g mate", 6, "298.68"),
    ]


def test_a_sidebar_between_the_rows_of_an_item_table_neither_ends_it_nor_splits_a_description():
    # the sidebar's labels and dates (x 57) sit beside the header and between the rows and a
    # wrapped description's lines
    header = [
        (218, 170, "Artikel", 8),
        (338, 170, "Menge", 8),
        (401, 170, "Preis/Einh.", 8),
        (477, 170, "Gesamt", 8),
    ]
    header += [(57, 170, "Rechnung Nr.", 8), (57, 180, "201678724", 8)]
    rows = [
        (218, 189, "USB-C-Kabel 2 m", 8),
        (366, 189, "2", 8),
        (429, 189, "15.46", 8),
        (514, 189, "30.92", 8),
        (57, 206, "Ausstellungsdatum", 8),
        (218, 206, "Notebook 14 Zoll", 8),
        (366, 206, "3", 8),
        (415, 206, "1'573.97", 8),
        (500, 206, "4'721.91", 8),
        (57, 216, "05.01.2016", 8),
        (218, 216, "Serie n. 4", 8),
        (57, 242, "Zahlungsziel", 8),
        (57, 252, "19.01.2016", 8),
        (218, 265, "Tastatur-Maus-Set", 8),
        (360, 265, "11", 8),
        (429, 265, "27.90", 8),
        (508, 265, "306.90", 8),
    ]
    totals = [(346, 298, "Zwischensumme", 8), (486, 298, "Fr. 5'059.73", 8)]
    result = extract(
        pdf(header + rows + totals), "rechnung.pdf", prompt="line items", strategy="per_document"
    )
    items = [(i["description"], i["quantity"], i["amount"]) for i in result.data["line_items"]]
    assert items == [
        ("USB-C-Kabel 2 m", 2, "30.92"),
        ("Notebook 14 Zoll Serie n. 4", 3, "4721.91"),
        ("Tastatur-Maus-Set", 11, "306.90"),
    ]


def test_a_wrapped_line_that_comes_back_under_many_rows_is_the_tables_own_not_page_furniture():
    # each day's row wraps onto its date; the footer repeats once on each page and stays out
    header = [(50, 100, "Descrizione articolo", 8), (253, 100, "Quantità", 8), (519, 100, "Totale", 8)]

    def rows(first_day: int) -> list[tuple[float, float, str, float]]:
        out = []
        for n in range(4):
            y = 120 + 30 * n
            out += [(50, y, "Manodopera elettricista (ore)", 8), (271, y, "6,00", 8), (518, y, "321,00", 8)]
            out.append((50, y + 11, f"({first_day + n:02d}.01.2020)", 8))
        return out

    footer = [(200, 800, "Russo Impianti S.r.l. · P.IVA 77441540196", 7)]
    first = header + rows(1) + footer
    second = header + rows(5) + footer + [(346, 300, "Totale documento", 8), (511, 300, "2.568,00", 8)]
    result = extract(pdf(first, second), "fattura.pdf", prompt="line items", strategy="per_document")
    descriptions = [item["description"] for item in result.data["line_items"]]
    assert descriptions == [f"Manodopera elettricista (ore) ({day:02d}.01.2020)" for day in range(1, 9)]


GERMAN_CV = """Sophie Winter
Projektleiterin
sophie.winter@example.com · +49 40 5550 1234 · Stuttgart
Kurzprofil
Projektleiterin mit Schwerpunkt Anlagenbau.
BERUFLICHE STATIONEN
08/2019 - 05/2020 Senior-Projektleiterin
Koch & Lange GmbH, Hamburg
BILDUNGSWEG
2013 - 2017 Dipl.-Ing. Bauingenieurwesen
FÄHIGKEITEN
• Bauleitung
• AutoCAD
"""


def test_a_cv_is_known_by_its_section_headings_when_it_names_no_cv_word():
    result = extract(GERMAN_CV.encode(), "cv.txt")
    assert result.document_type == "resume"
    assert result.data["full_name"] == "Sophie Winter"
    assert result.data["skills"] == ["Bauleitung", "AutoCAD"]


BELGIAN_FOOTER = """Brouwer Facilitair CommV
FACTUUR
Factuurnummer: 2023.4058
Factuurdatum: 17/06/2023
Aan: Smit ICT BV
Omschrijving  Aantal  Prijs  Bedrag
Adviesuren  10  100,00  1.000,00
Totaal exclusief btw  1.000,00 €
21% btw  210,00 €
Te betalen  1.210,00 €
Btw BE 0455.747.262 · RPR Brugge
IBAN BE43851148321609 · BIC QOWPBECJ
"""


def test_a_tax_line_led_by_its_rate_is_the_tax_and_a_vat_number_is_no_amount():
    result = extract(BELGIAN_FOOTER.encode(), "factuur.txt")
    assert result.data["tax"] == "210.00"
    assert (result.data["subtotal"], result.data["total"]) == ("1000.00", "1210.00")


def test_values_over_their_captions_take_the_caption_above_them_not_the_row_below():
    items = [
        (50, 50, "Waterland Drukkerij V.O.F.", 14),
        (360, 50, "Factuur", 14),
        (50, 110, "7 mei 2020", 11),
        (180, 110, "2020.3162", 11),
        (300, 110, "14 mei 2020", 11),
        (50, 126, "Factuurdatum", 8),
        (180, 126, "Factuurnr.", 8),
        (300, 126, "Vervaldatum", 8),
        (50, 148, "Mail 22 apr 2020", 11),  # another pair in the same style, under the first
        (50, 164, "Uw referentie", 8),
        (50, 200, "Aan: Hofstad V.O.F.", 10),
        (300, 300, "Totaalbedrag", 10),
        (420, 300, "1.045,74 EUR", 10),
    ]
    result = extract(pdf(items), "factuur.pdf")
    assert result.data["invoice_number"] == "2020.3162"
    assert (result.data["invoice_date"], result.data["due_date"]) == ("2020-05-07", "2020-05-14")


def _row(y: float, *cells: tuple[float, str]) -> list[tuple[float, float, str, float]]:
    return [(x, y, text, 9) for x, text in cells]


def test_an_items_table_goes_on_under_a_wrapped_header_and_ends_where_totals_stand_beside_another_table():
    header = _row(280, (50, "Omschrijving"), (300, "Aantal"), (360, "Stukprijs"), (430, "Bedrag excl."))
    header += _row(291, (440, "BTW"))  # the header's last cell wraps onto a line of its own
    rows = _row(306, (50, "Jaarlicentie boekhoudpakket"), (300, "3"), (360, "231,98"), (440, "695,94"))
    rows += _row(320, (50, "Monitor 27 inch"), (300, "1"), (360, "334,00"), (440, "334,00"))
    breakdown = _row(350, (50, "Tarief"), (110, "Netto"), (160, "BTW"), (200, "Bruto"))
    breakdown += [(300, 350, "Subtotaal", 9), (440, 350, "1.029,94", 9)]
    breakdown += _row(362, (50, "21 %"), (110, "1.029,94"), (160, "216,29"), (200, "1.246,23"))
    breakdown += [(300, 362, "BTW 21%", 9), (440, 362, "216,29", 9)]
    bank = _row(380, (50, "IBAN : NL93 INGB 7507 8159 92"), (300, "Te betalen"), (440, "1.246,23"))
    top = [
        (50, 50, "De Groene Vlinder B.V.", 14),
        (50, 80, "FACTUUR", 14),
        (50, 100, "Factuurnummer: RE-8151", 9),
    ]
    result = extract(pdf(top + header + rows + breakdown + bank), "factuur.pdf")
    assert [(i["description"], i["quantity"], i["amount"]) for i in result.data["line_items"]] == [
        ("Jaarlicentie boekhoudpakket", 3, "695.94"),
        ("Monitor 27 inch", 1, "334.00"),
    ]
    assert (result.data["subtotal"], result.data["tax"], result.data["total"]) == (
        "1029.94",
        "216.29",
        "1246.23",
    )


@pytest.mark.parametrize(
    "tax_line",
    ["zzgl. 19 % USt.  190,00 EUR", "19% MwSt.  190,00 EUR", "darin enthaltene 19 % MwSt.  190,00 EUR"],
)
def test_a_tax_rate_inside_the_tax_label_is_no_part_of_its_wording(tax_line):
    text = (
        "Lindenhof Medien GmbH\nRechnung\nRechnungsnummer: RE-2024-17\nRechnungsdatum: 12.03.2024\n"
        f"Nettobetrag  1.000,00 EUR\n{tax_line}\nGesamtbetrag  1.190,00 EUR\n"
    )
    assert extract(text.encode(), "rechnung.txt").data["tax"] == "190.00"


def test_the_tax_of_two_rates_is_the_sum_of_their_lines():
    text = (
        "Schäfer Druck AG\nRechnung\nRechnungsnummer: RE-2022-2413\nDatum: 31.03.2022\n"
        "Steuersatz  Netto  MwSt.  Brutto\n7 %  500,00  35,00  535,00\n19 %  500,00  95,00  595,00\n"
        "Zwischensumme  1.000,00 EUR\nzzgl. 7 % MwSt.  35,00 EUR\nzzgl. 19 % MwSt.  95,00 EUR\n"
        "Gesamtbetrag  1.130,00 EUR\n"
    )
    data = extract(text.encode(), "rechnung.txt").data
    assert (data["subtotal"], data["tax"], data["total"]) == ("1000.00", "130.00", "1130.00")


@pytest.mark.parametrize(
    ("other_date", "dateline"),
    [
        ("Delivery date  13 May 2023", "Leeds, 15 May 2023"),
        ("Date de livraison  13/05/2023", "Bruxelles, le 15/05/2023"),
        ("Leistungsdatum  13.05.2023", "München, den 15.05.2023"),
    ],
)
def test_a_letters_dateline_dates_the_invoice_not_the_delivery_date_above_it(other_date, dateline):
    text = (
        "Mistral Software Limited\n129 Wharf Road, Leeds\n\nBluebell Catering Limited\n"
        f"Order number  PO 09107\n{other_date}\n\n{dateline}\n\nInvoice INV-002096\n"
        "Dear customer,\nPlease find below our charges.\nTotal  £1,200.00\n"
    )
    assert extract(text.encode(), "letter.txt").data["invoice_date"] == "2023-05-15"


@pytest.mark.parametrize(
    ("descriptions", "kept"),
    [
        (["1 Kopierpapier A4", "2 Projektleitung"], ["Kopierpapier A4", "Projektleitung"]),  # positions
        (["NS-7109 Copywriting", "LK-7642 Website care"], ["Copywriting", "Website care"]),  # codes
        (["500 business cards", "250 flyers"], ["500 business cards", "250 flyers"]),  # counts stay
        (["SSD 1 TB", "Monitor 27 inch"], ["SSD 1 TB", "Monitor 27 inch"]),
        # an activity's date, the same on two rows
        (
            ["03/03/2025 Vinyl banner 3 x 8 ft", "03/03/2025 Yard sign", "2025-03-05 Installation"],
            ["Vinyl banner 3 x 8 ft", "Yard sign", "Installation"],
        ),
    ],
)
def test_a_position_code_or_date_column_joined_to_every_description_is_taken_off(descriptions, kept):
    items = [{"description": text, "quantity": 1} for text in descriptions]
    without_row_codes(items)
    assert [item["description"] for item in items] == kept


def test_a_code_column_and_a_description_reaching_under_the_quantity_header_stay_apart():
    header = _row(220, (42, "Item code"), (102, "Item"), (330, "Qty"), (380, "Unit price"), (470, "Net"))
    rows = _row(240, (42, "NS-7109"), (102, "Copywriting: product descriptions (10 items), extended"))
    rows += _row(240, (337, "12"), (380, "552.00"), (470, "6,624.00"))
    rows += _row(260, (42, "LK-7642"), (102, "Website maintenance retainer"), (337, "2"))
    rows += _row(260, (380, "256.63"), (470, "513.26"))
    top = [(50, 50, "Fenwick & Hale Limited", 14), (50, 80, "INVOICE", 14), (300, 300, "Total  £7,137.26", 9)]
    result = extract(pdf(top + header + rows), "invoice.pdf")
    assert [(i["description"], i["quantity"]) for i in result.data["line_items"]] == [
        ("Copywriting: product descriptions (10 items), extended", 12),
        ("Website maintenance retainer", 2),
    ]


def test_a_table_goes_on_under_its_header_repeated_on_the_next_page_with_a_sum_column():
    cells = ((42, "Pos"), (107, "Artikel / Leistung"), (372, "Menge"), (451, "Einzelpreis"), (518, "Summe"))
    first = [(50, 50, "Alpenblick Consulting GmbH", 14), (50, 80, "RECHNUNG", 14), *_row(200, *cells)]
    first += _row(
        220, (48, "1"), (107, "Bürodrehstuhl ergonomisch"), (400, "6"), (474, "218,00"), (516, "1.308,00")
    )
    first += [(40, 800, "Alpenblick Consulting GmbH · Seite 1 von 2", 7)]
    second = _row(60, *cells)
    second += _row(80, (48, "2"), (107, "Konzeptworkshop"), (400, "2"), (474, "631,55"), (516, "1.263,10"))
    second += [
        (400, 120, "Gesamtbetrag  2.571,10 EUR", 9),
        (40, 800, "Alpenblick Consulting GmbH · Seite 2 von 2", 7),
    ]
    items = extract(pdf(first, second), "rechnung.pdf").data["line_items"]
    assert [(i["description"], i["amount"]) for i in items] == [
        ("Bürodrehstuhl ergonomisch", "1308.00"),
        ("Konzeptworkshop", "1263.10"),
    ]


def test_an_invoice_citing_the_customers_purchase_order_is_an_invoice():
    text = (
        "Northgate Facilities DAC\n126 Dock Road, Dublin 2\nKestrel Analytics DAC\n"
        "Purchase order 284-8467366-8423052\nDublin 2, 24 August 2025\nInvoice VF-2502-908\n"
        "Please find below our charges.\nTotal excl. VAT €1,491.02\nTax (23%) €342.93\n"
        "Total incl. VAT €1,833.95\nPlease pay the total by 3 September 2025.\n"
    )
    assert extract(text.encode(), "letter.txt").document_type == "invoice"


@pytest.mark.parametrize(
    ("subject", "number"),
    [
        ("Factuur F202266193", "F202266193"),
        ("Rechnung FA23/7251", "FA23/7251"),
        ("Invoice INV-002096", "INV-002096"),
    ],
)
def test_the_subject_line_of_an_invoice_letter_gives_its_number(subject, number):
    text = (
        "Bakkerij Van Houten B.V.\nDorpsstraat 11, 8011 CW Zwolle\n\nVeenstra Drukwerk B.V.\n"
        f"Klantnr. 81926\n\nZwolle, 24-10-2022\n{subject}\n\nBeste klant,\nTotaal  1.210,00 EUR\n"
    )
    assert (
        extract(text.encode(), "factuur.txt", prompt="invoice number", strategy="global").data[
            "invoice_number"
        ]
        == number
    )


def test_a_date_inside_a_sentence_that_wraps_onto_the_next_line():
    text = (
        "Dear customer,\nThis invoice INV-7 was issued on 5 March 2024 and is payable by\n"
        "4 April 2024 to our account.\nThe total amount due is EUR 1,250.00.\n"
    )
    result = extract(text.encode(), "letter.txt", prompt="invoice number, due date", strategy="global")
    assert result.data["due_date"] == "2024-04-04"


# A CV saved as plain text from a two-column template: the sidebar (contact, skills) beside the
# body, line by line. The owner's name stands beside the sidebar's first heading, and the skills
# heading shares its line with a date range of the body.
SIDEBAR_CV = """Kontaktdaten                    FELIX BRANDT
------------                    ============
felix.brandt@example.net        Elektroingenieur
+49 40 5550 1723
Hamburg                         Profil
                                ------
Fachkenntnisse                  Elektroingenieur mit Schwerpunkt Automatisierung.
--------------
- SPS-Programmierung            Berufserfahrung
- EPLAN                         ---------------
- Schaltschrankbau              03/2016 - heute
- Inbetriebnahme
                                Projektleiter
Sprachen                        Nordlicht Anlagenbau GmbH, Hamburg
--------
Deutsch, Englisch               - Leitung von 14 Inbetriebnahmen im Jahr.

                                09/2010 - 02/2016
                                Elektroingenieur
                                Hansewerk Technik AG, Bremen
"""


def test_a_plain_text_cv_in_two_columns_reads_its_sidebar_and_its_body_apart():
    result = extract(SIDEBAR_CV.encode(), "lebenslauf.txt")
    assert result.document_type == "resume"
    assert result.data["full_name"] == "FELIX BRANDT"
    assert result.data["skills"] == ["SPS-Programmierung", "EPLAN", "Schaltschrankbau", "Inbetriebnahme"]
    assert result.data["email"] == "felix.brandt@example.net"


def test_a_plain_text_table_of_labels_and_values_stays_one_column():
    rows = [
        f"{label:<24}{value}"
        for label, value in [
            ("Invoice number", "INV-4471"),
            ("Invoice date", "2024-03-05"),
            ("Due date", "2024-04-04"),
            ("Customer", "Harbour Freight Ltd"),
            ("Vendor", "Kestrel Supplies Ltd"),
            ("Currency", "GBP"),
            ("Subtotal", "100.00"),
            ("VAT", "20.00"),
            ("Total", "120.00"),
            ("Reference", "PO-8812"),
            ("Account", "Kestrel-77"),
            ("Terms", "30 days"),
        ]
    ]
    text = "\n".join([*rows[:6], "", "                        (the customer's own order)", *rows[6:]])
    result = extract(text.encode(), "invoice.txt")
    assert (result.data["invoice_number"], result.data["total"]) == ("INV-4471", "120.00")
    assert geometry.columns_in_turn(text) == text


@pytest.mark.parametrize(
    ("above", "below"), [("Quantida", "de"), ("Hoeveel", "heid"), ("Quantity", "Ordered")]
)
def test_a_narrow_columns_name_wrapped_above_and_below_the_header_line_still_heads_it(above, below):
    # a spreadsheet's header row, its text centred: the narrow quantity column's name breaks over
    # two lines, one above and one below the other names
    items = [
        (50, 60, "Fatura FT 2025/77", 14),
        (250, 112, above, 9),
        (50, 120, "Item", 9),
        (80, 120, "Descrição", 9),
        (300, 120, "Preço unitário", 9),
        (440, 120, "Valor", 9),
        (255, 128, below, 9),
    ]
    rows = [
        ("Painel LED 200 W, branco neutro", "2", "30,50", "61,00"),
        ("Tubo de cobre 6 mm, 25 cm", "8", "14,60", "116,80"),
    ]
    for n, (description, qty, unit, amount) in enumerate(rows):
        y = 140 + 12 * n
        items += [
            (56, y, str(n + 1), 9),
            (80, y, description, 9),
            (262, y, qty, 9),
            (310, y, unit, 9),
            (440, y, amount, 9),
        ]
    result = extract(
        pdf(items), "fatura.pdf", prompt="line items (description, quantity, unit price, amount)"
    )
    assert [(i["quantity"], i["unit_price"]) for i in result.data["line_items"]] == [
        (2, "30.50"),
        (8, "14.60"),
    ]


def test_a_spreadsheets_items_table_with_centred_cells_and_several_item_like_headers():
    # a spreadsheet printed to PDF: "Item" (the row's number) and "Artigo" (its code) before the
    # description, an abbreviated "Valor unit.", and a description that wraps in its cell while the
    # numbers stay centred between its two lines
    items = [
        (50, 60, "Nota de encomenda NE 2024/5596", 14),
        (48, 120, "Item", 9),
        (75, 120, "Artigo", 9),
        (150, 120, "Designação", 9),
        (362, 120, "Qtd.", 9),
        (405, 120, "Valor unit.", 9),
        (528, 120, "Total", 9),
        (150, 135, "Toner preto para impressora laser, 2.500", 9),
        (56, 140, "1", 9),
        (75, 140, "D401-53", 9),
        (377, 140, "6", 9),
        (430, 140, "79,99", 9),
        (522, 140, "479,94", 9),
        (150, 145, "páginas", 9),
        (56, 160, "2", 9),
        (75, 160, "K666-72", 9),
        (150, 160, "Serviços de consultoria", 9),
        (371, 160, "14", 9),
        (425, 160, "106,06", 9),
        (514, 160, "1 484,84", 9),
    ]
    result = extract(
        pdf(items), "encomenda.pdf", prompt="line items (description, quantity, unit price, amount)"
    )
    assert result.data["line_items"] == [
        {
            "description": "Toner preto para impressora laser, 2.500 páginas",
            "quantity": 6,
            "unit_price": "79.99",
            "amount": "479.94",
        },
        {
            "description": "Serviços de consultoria",
            "quantity": 14,
            "unit_price": "106.06",
            "amount": "1484.84",
        },
    ]


def test_a_header_cell_naming_the_description_twice_heads_one_column():
    text = (
        "Invoice INV-5521\n\n"
        "Ref.         Product / Service                Units    Unit Price    Amount\n"
        "ART-99464    Web hosting plan Business 2      10       10.26         102.60\n"
        'A19072       Laptop 14" 16 GB RAM             2        1,322.85      2,645.70\n'
        "\nTotal  2,748.30\n"
    )
    result = extract(
        text.encode(), "invoice.txt", prompt="line items (description, quantity, unit price, amount)"
    )
    assert [item["description"] for item in result.data["line_items"]] == [
        "Web hosting plan Business 2",
        'Laptop 14" 16 GB RAM',
    ]


@pytest.mark.parametrize("kind", ["pdf", "txt"])
def test_a_unit_of_measure_column_beside_the_unit_price_heads_no_price(kind):
    header, rows = (
        ("QTY", "UNIT", "ARTICLES", "UNIT PRICE", "AMOUNT"),
        [
            ("60", "ream", "Bond paper A4 70gsm", "265.00", "15,900.00"),
            ("6", "box", "Ballpen black 0.7 (50s)", "415.00", "2,490.00"),
        ],
    )
    columns = (40, 80, 130, 380, 470)
    if kind == "pdf":
        items = [
            (x, 200 + 15 * row, text, 9)
            for row, cells in enumerate([header, *rows])
            for x, text in zip(columns, cells, strict=True)
        ]
        content = pdf([(40, 60, "SALES INVOICE No. 004521", 12), *items, (380, 260, "TOTAL  18,390.00", 9)])
    else:
        content = "\n".join(
            ["SALES INVOICE No. 004521", ""]
            + ["    ".join(cells) for cells in [header, *rows]]
            + ["", "TOTAL  18,390.00"]
        ).encode()
    result = extract(
        content, f"invoice.{kind}", prompt="line items (description, quantity, unit price, amount)"
    )
    assert [(i["quantity"], i["unit_price"], i["amount"]) for i in result.data["line_items"]] == [
        (60, "265.00", "15900.00"),
        (6, "415.00", "2490.00"),
    ]


def test_a_spreadsheets_small_labels_pair_with_values_in_the_tall_row_below():
    # printed fit to the page's width: a 4.5 pt font in rows 20 pt high
    items = [
        (31, 50, "Factura", 8),
        (349, 50, "Nº de factura", 4.5),
        (534, 50, "F23-5915", 4.5),
        (31, 134, "Emisor", 4.5),
        (226, 134, "Cliente", 4.5),
        (389, 134, "Dirección de entrega", 4.5),
        (31, 154, "Costa Norte Consultores S.L.", 4.5),
        (226, 154, "Sierra Azul Digital S.A.", 4.5),
        (389, 154, "Sierra Azul Digital S.A.", 4.5),
        (31, 175, "Avenida del Puerto, 171", 4.5),
        (400, 300, "Total 1.210,00 €", 4.5),
    ]
    result = extract(pdf(items), "factura.pdf", prompt="vendor name, customer name, total", strategy="global")
    assert (result.data["vendor_name"], result.data["customer_name"]) == (
        "Costa Norte Consultores S.L.",
        "Sierra Azul Digital S.A.",
    )


def test_two_rows_read_close_together_stay_two_rows():
    # a tight table (a scan read its rows nearer than their height): each row has its numbers
    items = [(50, 60, "Factura F-2023-118", 14), (50, 120, "Concepto", 9), (300, 120, "Cant.", 9)]
    items += [(340, 120, "Precio unitario", 9), (440, 120, "Total", 9)]
    for n, (description, qty, unit, amount) in enumerate(
        [("Silla de oficina", "2", "158,00", "316,00"), ("Archivadores de palanca", "3", "21,90", "65,70")]
    ):
        y = 136 + 6.5 * n
        items += [(50, y, description, 9), (305, y, qty, 9), (345, y, unit, 9), (440, y, amount, 9)]
    result = extract(
        pdf(items), "factura.pdf", prompt="line items (description, quantity, unit price, amount)"
    )
    assert [item["description"] for item in result.data["line_items"]] == [
        "Silla de oficina",
        "Archivadores de palanca",
    ]


def test_skills_in_a_sidebar_read_down_their_column_with_wrapped_bullets_joined():
    # the sidebar's bullets share their lines with the body's; one wraps in the narrow column
    items = _row(60, (50, "HUGO RUIZ")) + _row(75, (50, "hugo.ruiz@example.org"))
    items += _row(110, (50, "Aptitudes"), (220, "SOBRE MÍ"))
    items += _row(125, (50, "\u203a Soporte vital básico"), (220, "Enfermero especializado en cuidados."))
    items += _row(140, (50, "\u203a Historia clínica"), (220, "Trayectoria"))
    items += _row(152, (59, "electrónica"), (220, "Ago 2015 \u2013 Actualidad"))
    items += _row(167, (50, "\u203a Triaje"), (220, "Enfermero especialista"))
    items += _row(182, (220, "Hospital Virgen del Rocío, Sevilla"))
    items += _row(197, (50, "\u203a Control de infecciones"), (220, "- Coordinación de 9 personas."))
    result = extract(pdf(items), "cv.pdf", prompt="full name, email, skills", strategy="per_document")
    assert result.data["skills"] == [
        "Soporte vital básico",
        "Historia clínica electrónica",
        "Triaje",
        "Control de infecciones",
    ]


SKILL_GRIDS = [
    pytest.param(
        [
            *_row(110, (50, "Kennis en vaardigheden")),
            *_row(125, (60, "E-mailmarketing"), (200, "Marktonderzoek"), (340, "Google Analytics")),
            *_row(140, (60, "Google Ads"), (200, "Contentstrategie")),
            *_row(165, (50, "Werkervaring")),
            *_row(180, (50, "Marketingmanager Tulpenveld CommV"), (400, "12/2020-heden")),
        ],
        ["E-mailmarketing", "Marktonderzoek", "Google Analytics", "Google Ads", "Contentstrategie"],
        id="without bullets",
    ),
    pytest.param(
        [
            *_row(110, (50, "Skills")),
            *_row(125, (50, "• Scrum"), (200, "• PostgreSQL")),
            *_row(138, (50, "• CI/CD"), (200, "• Linux")),
            *_row(160, (50, "Softwareentwicklerin mit 12 Jahren Berufserfahrung im Bereich Software.")),
        ],
        ["Scrum", "PostgreSQL", "CI/CD", "Linux"],
        id="with bullets",
    ),
]


@pytest.mark.parametrize(("grid", "skills"), SKILL_GRIDS)
def test_skills_printed_as_a_grid_are_each_an_item_row_by_row(grid, skills):
    items = _row(60, (50, "Anja Böhm")) + _row(75, (50, "anja.bohm@example.com")) + grid
    result = extract(pdf(items), "cv.pdf", prompt="full name, email, skills", strategy="per_document")
    assert result.data["skills"] == skills


def test_a_bullet_alone_on_its_line_starts_no_wrap():
    # a bullet with nothing after it: the lower-case line under it is an item, not a wrap of one
    text = "Anna Berg\nanna.berg@example.org\nSkills\n\u2022\npython\nsql\n"
    result = extract(text.encode(), "cv.txt", prompt="full name, email, skills", strategy="per_document")
    assert result.data["skills"] == ["python", "sql"]


@pytest.mark.parametrize(
    ("skills", "next_heading"), [("Competenze", "Esperienze"), ("Aptitudes", "Trayectoria")]
)
def test_a_skills_list_ends_at_the_experience_heading_in_its_shortest_wording(skills, next_heading):
    text = f"Marta Bianchi\nmarta.bianchi@example.org\n{skills}\nExcel\nSAP MM\n{next_heading}\n"
    text += "2019 \u2013 2022  Buyer\n"
    result = extract(text.encode(), "cv.txt", prompt="full name, email, skills", strategy="per_document")
    assert result.data["skills"] == ["Excel", "SAP MM"]


@pytest.mark.parametrize(
    ("under_the_label", "customer"),
    [
        ("Tidewater Orthodontics PLLC", "Tidewater Orthodontics PLLC"),  # headings, values under each
        ("", "SUBSCRIPTION SERVICES LLC"),  # nothing under the label: the name is beside it
    ],
)
def test_a_party_labels_neighbour_in_a_row_of_headings_is_the_next_columns_heading(under_the_label, customer):
    beside = "SUBSCRIPTION PERIOD" if under_the_label else "SUBSCRIPTION SERVICES LLC"
    items = [
        (40, 40, "Quillmark Analytics, Inc.", 14),
        (40, 100, "BILL TO", 9),
        (300, 100, beside, 9),
        (300, 112, "Jan 8, 2025 - Jan 7, 2026" if under_the_label else "41 Water Street", 9),
        (40, 200, "Total", 9),
        (300, 200, "$5,080.80", 9),
    ]
    if under_the_label:
        items.append((40, 112, under_the_label, 9))
    result = extract(pdf(items), "bill.pdf", prompt="customer name", strategy="global")
    assert result.data["customer_name"] == customer


def _continued_order(
    second_head: list[tuple[float, float, str, float]], carried: str = "Carried forward"
) -> bytes:
    """An order whose table goes on to a second page under ``second_head`` and its header again;
    page 1 ends with a sum ``carried`` over, a note that the table goes on and a footer of bank details."""
    cells = ((50, "Qty"), (90, "Description"), (380, "Unit Price"), (480, "Amount"))
    first = [(50, 50, "Harbourline Traders Ltd", 14), (50, 80, "PURCHASE ORDER", 14), *_row(200, *cells)]
    for n in range(8):
        first += _row(
            216 + 15 * n, (52, "4"), (90, f"Galvanised bracket type {n + 1}"), (390, "12.50"), (486, "50.00")
        )
    first += _row(345, (90, carried), (486, "400.00"))
    first += _row(362, (420, "Continued on page 2"))
    first += _row(
        770, (50, "Harbourline Traders Ltd"), (220, "Sort code 20-45-77"), (380, "Account 41768230")
    )
    second = [*second_head, *_row(130, *cells)]
    second += _row(146, (90, "Brought forward"), (486, "400.00"))
    second += _row(162, (52, "2"), (90, "Stainless hinge, 100 mm"), (390, "30.00"), (486, "60.00"))
    second += _row(177, (52, "1"), (90, "Delivery to site"), (390, "35.00"), (486, "35.00"))
    second += _row(205, (50, "Comments or Special Instructions"), (330, "MERCHANDISE TOTAL"), (486, "495.00"))
    return pdf(first, second)


@pytest.mark.parametrize(
    "second_head",
    [
        # the letterhead again, with a tax number whose label is a tax word, and the order's title
        [
            (50, 50, "Harbourline Traders Ltd", 14),
            *_row(68, (50, "VAT Reg. No. GB 284 1170 52"), (300, "Tel. 0117 496 0251")),
            (50, 100, "Purchase order PO-5512 (continued)", 10),
        ],
        [(50, 100, "PO-5512 · Harbourline Traders Ltd · page 2", 10)],
        # a head far above the header: its gap ends nothing
        [(50, 30, "Harbourline Traders Ltd · Purchase order PO-5512", 10)],
    ],
)
@pytest.mark.parametrize("carried", ["Carried forward", "Subtotal (carried forward)", "Zwischensumme"])
def test_a_table_continued_on_the_next_page_skips_that_pages_head_the_footer_and_the_sums_carried(
    second_head, carried
):
    items = extract(_continued_order(second_head, carried), "order.pdf").data["line_items"]
    assert [i["description"] for i in items] == [
        *(f"Galvanised bracket type {n + 1}" for n in range(8)),
        "Stainless hinge, 100 mm",
        "Delivery to site",
    ]
    assert [i["amount"] for i in items[-2:]] == ["60.00", "35.00"]


def _invoice_table(header: list[tuple[float, str]], rows: list[list[tuple[float, str]]], below: list) -> list:
    """An invoice's letterhead, an items table (``header`` over ``rows``) and the lines ``below``."""
    top = [(50, 50, "Atelier Vandenbroucke BV", 14), (50, 80, "FACTUUR / FACTURE", 14)]
    top += [(50, 100, "Factuurnummer: 2025-0117", 9)]
    lines = [*top, *_row(200, *header)]
    for n, cells in enumerate(rows):
        lines += _row(216 + 15 * n, *cells)
    return lines + below


@pytest.mark.parametrize(
    ("header", "extra"),
    [
        # a quantity headed by its abbreviation ("Hoev.", hoeveelheid), a price per unit of measure
        ([(50, "Nr."), (90, "Omschrijving"), (310, "Hoev."), (350, "Eenheidsprijs"), (480, "Totaal")], []),
        ([(50, "Pos."), (90, "Bezeichnung"), (310, "Menge"), (350, "Preis/ME"), (480, "Betrag")], []),
        # Swiss German: a price is the rate ("Ansatz") of each unit
        ([(50, "Pos."), (90, "Beschreibung"), (310, "Anz."), (350, "Ansatz CHF"), (480, "Total CHF")], []),
        # the unit of measure's header ("Unité", near the quantity's "Unités") before the quantity's,
        # and a rate column: four numbers for three number columns
        (
            [
                (90, "Description"),
                (265, "Unité"),
                (310, "Quantité"),
                (350, "Prix unit."),
                (430, "TVA"),
                (480, "Total"),
            ],
            [(268, "m²"), (432, "6 %")],
        ),
        # a tax rate's header between the columns ("%IVA", the label of a field) is a column of its own
        (
            [
                (90, "Descrizione"),
                (305, "Quantità"),
                (350, "Prezzo unitario"),
                (430, "%IVA"),
                (480, "Prezzo totale"),
            ],
            [(434, "22,00")],
        ),
    ],
)
def test_item_columns_under_abbreviated_unit_and_rate_headers(header, extra):
    def cells(description: str, quantity: str, price: str, amount: str) -> list[tuple[float, str]]:
        return [(50, "1"), (90, description), (318, quantity), (372, price), (500, amount), *extra]

    rows = [cells("Dakgoot zink 333 mm", "24", "38,50", "924,00"), cells("Montage", "6", "55,00", "330,00")]
    lines = _invoice_table(header, rows, _row(300, (380, "Totaal"), (486, "1.254,00")))
    items = extract(pdf(lines), "factuur.pdf", strategy="per_document", prompt="line items").data[
        "line_items"
    ]
    assert [(i["quantity"], i["unit_price"], i["amount"]) for i in items] == [
        (24, "38.50", "924.00"),
        (6, "55.00", "330.00"),
    ]


def test_a_swiss_totals_block_whose_tax_line_names_its_base():
    header = [(50, "Anz."), (90, "Beschreibung"), (350, "Preis"), (480, "Betrag")]
    rows = [
        [(50, "1"), (90, "Corporate Design Überarbeitung"), (360, "2'400.00"), (486, "2'400.00")],
        [(50, "32"), (90, "Jahresbericht, Layout (Seiten)"), (370, "85.00"), (486, "2'720.00")],
    ]
    totals = _row(260, (330, "Zwischentotal"), (486, "5'120.00"))
    totals += _row(276, (330, "MWST 8.1 % auf CHF 5'120.00"), (492, "414.72"))
    totals += _row(292, (330, "Rechnungstotal"), (470, "CHF 5'534.72"))
    data = extract(pdf(_invoice_table(header, rows, totals)), "rechnung.pdf").data
    assert (data["subtotal"], data["tax"], data["total"]) == ("5120.00", "414.72", "5534.72")


@pytest.mark.parametrize(
    "totals",
    [
        # a VAT summary whose lines hold three numbers, not priced like an item
        [
            *_row(
                260,
                (50, "Base 21 % : 1.254,00"),
                (200, "TVA 21 % : 263,34"),
                (380, "Total HTVA"),
                (486, "1.254,00"),
            ),
            *_row(276, (380, "Total TVAC"), (486, "1.517,34")),
        ],
    ],
)
def test_the_items_end_at_a_vat_summary_whose_lines_hold_three_numbers(totals):
    header = [(44, "Désignation"), (296, "Qté"), (350, "P.U. H.T. (DH)"), (458, "Montant H.T. (DH)")]
    rows = [
        [(44, "Compresseur semi-hermétique 4FES-5Y"), (305, "2"), (370, "18 450,00"), (500, "36 900,00")],
        [(44, "Déplacement Casablanca - Agadir"), (305, "1"), (376, "2 500,00"), (506, "2 500,00")],
    ]
    items = extract(pdf(_invoice_table(header, rows, totals)), "facture.pdf").data["line_items"]
    assert [i["description"] for i in items] == [
        "Compresseur semi-hermétique 4FES-5Y",
        "Déplacement Casablanca - Agadir",
    ]


@pytest.mark.parametrize("label", ["Montant H.T.", "T.V.A. 20 %", "Montant T.T.C.", "Merchandise Total"])
def test_a_totals_label_written_with_the_points_of_its_initials_or_ending_in_total_opens_the_totals(label):
    assert is_totals_line(label)
    assert not is_totals_line("Compresseur semi-hermétique 4FES-5Y")


def test_a_party_label_starting_an_items_description_names_no_party():
    header = [(50, "SERVICE / ITEM"), (330, "HOURS"), (400, "RATE"), (480, "AMOUNT")]
    rows = [
        [(50, "Vendor scoring and reference calls"), (340, "4"), (400, "175.00"), (486, "700.00")],
        [(50, "Draft recommendations deck"), (340, "6"), (400, "175.00"), (480, "1,050.00")],
        [(50, "Supplier onboarding workshop"), (340, "2"), (400, "175.00"), (486, "350.00")],
        [(50, "Executive readout"), (340, "2"), (400, "175.00"), (486, "350.00")],
    ]
    lines = [(330, 40, "Dana Whitfield Consulting LLC", 11), (330, 54, "2217 NE Alberta St, Portland", 9)]
    lines += [(50, 119, "INVOICE", 16), *_row(140, (50, "Invoice #"), (130, "DWC-2025-014"))]
    lines += _row(200, *header)
    for n, cells in enumerate(rows):
        lines += _row(216 + 15 * n, *cells)
    lines += _row(300, (380, "Total"), (480, "2,450.00"))
    data = extract(
        pdf(lines), "invoice.pdf", strategy="per_document", prompt="vendor name, supplier, total"
    ).data
    assert data["vendor_name"] == "Dana Whitfield Consulting LLC"
    assert data.get("supplier") in (None, "Dana Whitfield Consulting LLC")


def test_another_table_lower_on_the_next_page_neither_swallows_the_totals_nor_adds_its_rows():
    cells = ((50, "Description"), (330, "Qty"), (400, "Unit Price"), (480, "Amount"))
    first = [(50, 50, "Harbourline Traders Ltd", 14), (50, 80, "INVOICE", 14), *_row(200, *cells)]
    for n in range(6):
        first += _row(
            216 + 15 * n, (50, f"Galvanised bracket type {n + 1}"), (340, "4"), (400, "12.50"), (486, "50.00")
        )
    second = _row(60, (50, "Stainless hinge, 100 mm"), (340, "2"), (400, "30.00"), (486, "60.00"))
    second += _row(90, (380, "Total"), (486, "360.00"))
    # a delivery schedule under the totals, its header naming a description too
    second += [
        (50, 300, "Delivery schedule", 11),
        *_row(320, (50, "Description"), (330, "Qty"), (400, "Week")),
    ]
    second += _row(336, (50, "Galvanised brackets, first half"), (340, "12"), (400, "18"))
    second += _row(351, (50, "Galvanised brackets, second half"), (340, "12"), (400, "20"))
    items = extract(pdf(first, second), "invoice.pdf").data["line_items"]
    assert [i["description"] for i in items] == [
        *(f"Galvanised bracket type {n + 1}" for n in range(6)),
        "Stainless hinge, 100 mm",
    ]


def test_an_italian_e_invoice_copy_gives_its_totals_from_headings_over_amounts_set_right():
    # the courtesy copy of a fattura elettronica: headings in a row, each amount right-aligned at
    # its column's edge (clear of its heading), a VAT summary by rate without a total row
    lines = [
        (34, 40, "Cedente/prestatore (fornitore)", 9),
        (34, 52, "Denominazione: Tipografia Ghirardi S.r.l.", 9),
    ]
    lines += _row(90, (33, "Tipologia documento"), (160, "Numero documento"), (260, "Data documento"))
    lines += _row(104, (33, "TD01 fattura"), (160, "118/FE"), (260, "28-02-2025"))
    lines += _row(
        130, (33, "Descrizione"), (300, "Quantità"), (360, "Prezzo unitario"), (480, "Prezzo totale")
    )
    lines += _row(
        146, (33, "Etichette adesive 100x70 mm"), (300, "5.000,00"), (360, "0,38"), (520, "1.900,00")
    )
    lines += _row(160, (33, "Libro illustrato"), (300, "50,00"), (360, "12,00"), (526, "600,00"))
    lines += [(30, 190, "RIEPILOGHI IVA E TOTALI", 10)]
    lines += _row(
        206, (33, "Esigibilità"), (203, "%IVA"), (373, "Totale imponibile"), (473, "Totale imposta")
    )
    lines += _row(222, (33, "I (immediata)"), (228, "22,00"), (438, "1.900,00"), (539, "418,00"))
    lines += _row(235, (33, "I (immediata)"), (232, "4,00"), (444, "600,00"), (543, "24,00"))
    lines += _row(
        262,
        (33, "Importo bollo"),
        (293, "Arr."),
        (333, "Totale imponibile e imposta"),
        (453, "Totale documento"),
    )
    lines += _row(277, (386, "2.500,00 + 442,00"), (531, "2.942,00"))
    lines += _row(314, (33, "Modalità pagamento"), (153, "Dettagli"), (363, "Scadenze"), (443, "Importo"))
    lines += _row(
        330, (33, "MP05 bonifico"), (153, "IBAN IT40 S054 2811 1010 0000 0123 456"), (363, "31-03-2025")
    )
    data = extract(pdf(lines), "fattura.pdf").data
    assert (data["subtotal"], data["tax"], data["total"]) == ("2500.00", "442.00", "2942.00")
    assert data["due_date"] == "2025-03-31"


def test_an_indian_gst_invoice_sums_its_tax_from_the_hsn_summary_and_keeps_its_tax_lines_out_of_the_items():
    lines = _row(31, (259, "Tax Invoice"), (330, "(ORIGINAL FOR RECIPIENT)"))
    lines += _row(52, (34, "Kaveri Steel Enterprises Pvt. Ltd."), (303, "Invoice No."), (420, "Dated"))
    lines += _row(62, (34, "No. 42, Peenya Industrial Area"), (303, "KSE/24-25/0871"), (420, "14-Mar-2025"))
    lines += _row(75, (34, "GSTIN/UIN: 29AABCK4821F1Z6"))
    lines += _row(132, (34, "Buyer (Bill to)"), (303, "Buyer's Order No."))
    lines += _row(142, (34, "Shree Ganesh Fabricators"), (303, "SGF/PO/118"))
    lines += _row(152, (34, "Plot 17, KIADB Industrial Area, Dobbaspet"))
    header = ((40, "Sl"), (60, "Description of Goods"), (230, "HSN/SAC"), (280, "Quantity"), (340, "Rate"))
    lines += _row(214, *header, (400, "per"), (480, "Amount"))
    lines += _row(
        240, (40, "1"), (60, "MS Angle 50x50x6 mm"), (230, "7216"), (280, "120 Nos"), (340, "1,085.00")
    )
    lines += _row(240, (400, "Nos"), (480, "1,30,200.00"))
    lines += _row(257, (40, "2"), (60, "MS Flat 65x10 mm"), (230, "7211"), (280, "80 Nos"), (345, "642.50"))
    lines += _row(257, (400, "Nos"), (485, "51,400.00"))
    lines += _row(278, (480, "1,81,600.00"))
    lines += _row(294, (116, "CGST @ 9%"), (485, "16,344.00"))
    lines += _row(307, (116, "SGST @ 9%"), (485, "16,344.00"))
    lines += _row(340, (246, "Total"), (475, "₹ 2,14,288.00"))
    summary = ((65, "HSN/SAC"), (157, "Taxable Value"), (287, "CGST Amount"), (403, "SGST Amount"))
    lines += _row(380, *summary, (484, "Total Tax Amount"))
    lines += _row(
        395, (34, "7216"), (184, "1,30,200.00"), (305, "11,718.00"), (420, "11,718.00"), (525, "23,436.00")
    )
    lines += _row(
        406, (34, "7211"), (190, "51,400.00"), (310, "4,626.00"), (425, "4,626.00"), (530, "9,252.00")
    )
    lines += _row(
        420, (34, "Total"), (184, "1,81,600.00"), (305, "16,344.00"), (420, "16,344.00"), (525, "32,688.00")
    )
    data = extract(pdf(lines), "invoice.pdf").data
    assert (data["vendor_name"], data["customer_name"]) == (
        "Kaveri Steel Enterprises Pvt. Ltd.",
        "Shree Ganesh Fabricators",
    )
    assert (data["subtotal"], data["tax"], data["total"]) == ("181600.00", "32688.00", "214288.00")
    assert [i["description"] for i in data["line_items"]] == ["MS Angle 50x50x6 mm", "MS Flat 65x10 mm"]


def test_a_letter_whose_seller_signs_only_in_its_footer_names_the_addressee_on_top_as_the_customer():
    # no letterhead: the addressee's block on top (a company with whom it is for), the seller in
    # the footer's one-line address, its parts apart by dashes
    lines = [(62, 59, "FACTURE", 16)]
    lines += [
        (320, 131, "Les Gîtes de l'Ourthe SRL", 10),
        (320, 145, "À l'attention de Mme Isabelle Lambert", 10),
    ]
    lines += [(320, 159, "Rue de la Gare 9", 10), (320, 173, "4190 Ferrières", 10)]
    lines += _row(253, (62, "Facture n° :"), (200, "2025-0147"))
    lines += _row(267, (62, "Date :"), (200, "3 février 2025"))
    lines += _row(329, (62, "Description"), (300, "Quantité"), (380, "Prix unitaire"), (480, "Total HTVA"))
    lines += _row(
        353, (62, "Porte d'entrée chêne massif"), (310, "1"), (380, "2.150,00 €"), (480, "2.150,00 €")
    )
    lines += _row(400, (380, "Total TVAC"), (480, "2.601,50 €"))
    lines += [
        (
            96,
            774,
            "Menuiserie Delvaux SRL \u2013 Rue du Pont 14, 4000 Liège \u2013 Tél. +32 4 555 01 83",
            8,
        )
    ]
    data = extract(pdf(lines), "facture.pdf").data
    assert (data["vendor_name"], data["customer_name"]) == (
        "Menuiserie Delvaux SRL",
        "Les Gîtes de l'Ourthe SRL",
    )


def test_the_sellers_block_beside_the_addressees_names_the_seller():
    # the addressee's block first on the left, whom it is for under its name; the seller's on the right
    lines = [(48, 56, "TAX INVOICE", 16)]
    lines += _row(
        94,
        (48, "Greystones Rugby Football Club CLG"),
        (300, "Invoice Date"),
        (420, "Ardmore Audio Visual Limited"),
    )
    lines += _row(
        105, (48, "Attention: Club Secretary"), (300, "18 Mar 2025"), (420, "Unit 7, Broomhill Business Park")
    )
    lines += _row(116, (48, "Mill Road"), (420, "Tallaght"))
    lines += _row(121, (300, "Invoice Number"))
    lines += _row(127, (48, "Greystones"), (420, "Dublin 24 D24 KX63"))
    lines += _row(132, (300, "INV-0372"))
    lines += _row(138, (48, "Co. Wicklow A63 X2Y4"), (420, "Tel +353 1 555 0176"))
    lines += _row(260, (330, "TOTAL EUR"), (480, "1,230.00"))
    data = extract(pdf(lines), "invoice.pdf").data
    assert data["vendor_name"] == "Ardmore Audio Visual Limited"
    assert data.get("customer_name") in (None, "Greystones Rugby Football Club CLG")


def test_an_argentine_factura_b_names_its_buyer_and_the_vat_its_prices_hold_and_no_subtotal():
    lines = [(61, 49, "CONECTAR PATAGONIA", 14), *_row(49, (283, "B"), (330, "FACTURA"))]
    lines += _row(108, (34, "Razón Social: Conectar Patagonia S.R.L."), (308, "Fecha de Emisión: 14/03/2025"))
    lines += _row(
        124, (34, "Domicilio Comercial: Av. Argentina 1250 - Neuquén"), (308, "CUIT: 30-71234567-8")
    )
    lines += _row(210, (34, "DNI: 28456789"), (140, "Apellido y Nombre / Razón Social: Gómez, María Laura"))
    lines += _row(224, (34, "Condición frente al IVA: Consumidor Final"))
    header = ((38, "Código"), (90, "Producto / Servicio"), (280, "Cantidad"), (350, "Precio Unit."))
    lines += _row(268, *header, (480, "Subtotal"))
    lines += _row(
        286, (32, "FIB300"), (90, "Abono Fibra 300 Mb - marzo 2025"), (285, "1,00"), (350, "28900,00")
    )
    lines += _row(286, (480, "28900,00"))
    lines += _row(302, (32, "RTR-W6"), (90, "Alquiler de router Wi-Fi 6"), (285, "1,00"), (355, "3500,00"))
    lines += _row(302, (485, "3500,00"))
    lines += _row(592, (40, "IVA Contenido: $ 5643,55"), (330, "Importe Total: $"), (480, "32400,00"))
    data = extract(pdf(lines), "factura.pdf").data
    assert data["customer_name"] == "Gómez, María Laura"
    assert (data.get("subtotal"), data["tax"], data["total"]) == (None, "5643.55", "32400.00")


def test_a_priced_row_with_a_totals_word_before_the_page_break_is_an_item():
    cells = ((50, "Product"), (330, "Quantity"), (400, "Unit Price"), (480, "Line Total"))
    first = [(50, 50, "Harbourline Traders Ltd", 14), (50, 80, "INVOICE", 14), *_row(200, *cells)]
    first += _row(216, (50, "Training session"), (340, "5"), (400, "1676.09"), (486, "8380.45"))
    first += _row(232, (50, "Shipping & handling"), (340, "1"), (400, "29.71"), (486, "29.71"))
    second = [
        *_row(49, *cells),
        *_row(66, (50, "Security audit"), (340, "1"), (400, "8489.22"), (486, "8489.22")),
    ]
    second += _row(157, (398, "Net Amount"), (480, "GBP 16899.38"))
    items = extract(pdf(first, second), "invoice.pdf").data["line_items"]
    assert [i["description"] for i in items] == ["Training session", "Shipping & handling", "Security audit"]


@pytest.mark.parametrize("in_columns", [False, True], ids=["one-line", "in-the-columns"])
def test_the_tax_printed_under_each_item_is_neither_an_item_nor_its_description(in_columns):
    # given a Mexican CFDI: under each item, the tax on it with the item's amount as its base,
    # written as one line or with its numbers under the table's columns
    rows = [
        ("84111506", "1", "Servicios de contabilidad mensual", "12,000.00", "12,000.00", "1,920.00"),
        ("43211503", "2", "Computadora portátil", "15,500.00", "31,000.00", "4,960.00"),
        ("81112501", "3", "Licencia de software anual", "2,400.00", "7,200.00", "1,152.00"),
    ]
    items = [
        (40, 60, "Servicios Contables del Bajío S.C.", 14),
        (380, 60, "FACTURA", 14),
        (380, 80, "Folio: A-1042", 9),
        (40, 170, "Clave", 8),
        (90, 170, "Cant.", 8),
        (170, 170, "Descripción", 8),
        (400, 170, "Valor unitario", 8),
        (500, 170, "Importe", 8),
    ]
    for n, (code, quantity, description, price, amount, tax) in enumerate(rows):
        y = 188 + 30 * n
        items += [(40, y, code, 8), (95, y, quantity, 8), (170, y, description, 8), (405, y, price, 8)]
        items.append((500, y, amount, 8))
        if in_columns:
            items += [
                (170, y + 11, "Traslados IVA 002 Base", 7),
                (405, y + 11, amount, 7),
                (500, y + 11, tax, 7),
            ]
        else:
            items.append((170, y + 11, f"Traslados: IVA 002 Base {amount} Tasa 0.160000 Importe {tax}", 7))
    items += [(400, 300, "Subtotal", 9), (500, 300, "50,200.00", 9), (400, 314, "Total", 9)]
    items.append((500, 314, "58,232.00", 9))
    # when
    result = extract(pdf(items), "cfdi.pdf")
    # then
    assert [(i["description"], i["amount"]) for i in result.data["line_items"]] == [
        (row[2], row[4].replace(",", "")) for row in rows
    ]


def spaced_pdf(items: list[tuple[float, float, str, float, float]]) -> bytes:
    """A one-page PDF whose items are (x, y from the top, text, font size, letter spacing); a
    letter-spaced item is drawn a glyph at a time, as a browser prints CSS letter-spacing."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    for x, y, text, size, spacing in items:
        drawing.setFont("Helvetica", size)
        for glyph in text if spacing else [text]:
            drawing.drawString(x, PAGE_HEIGHT - y, glyph)
            x += pdfmetrics.stringWidth(glyph, "Helvetica", size) + spacing
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def test_a_minimal_dutch_invoice_with_letter_spaced_labels_and_its_seller_only_in_the_footer():
    """Small capitals printed letter-spaced ("F A C T U U R N U M M E R"), which the text layer
    breaks into pieces; "AAN" over the addressee; dates whose year its narrow column wraps; the
    seller named only in the footer's first column, over its street and town."""
    items = [
        (50, 70, "Factuur", 22, 0),
        (50, 150, "AAN", 7, 1.3),
        (50, 162, "Hofstad Makelaardij B.V.", 9, 0),
        (50, 175, "Frederik Hendriklaan 88", 9, 0),
        (50, 188, "2582 BW Den Haag", 9, 0),
        (50, 250, "FACTUURNUMMER", 7, 1.3),
        (170, 250, "FACTUURDATUM", 7, 1.3),
        (280, 250, "VERVALDATUM", 7, 1.3),
        (50, 262, "ZW-2026-117", 9, 0),
        (170, 262, "3 november", 9, 0),
        (170, 273, "2026", 9, 0),
        (280, 262, "17 november", 9, 0),
        (280, 273, "2026", 9, 0),
        (50, 312, "OMSCHRIJVING", 7, 1.3),
        (480, 312, "BEDRAG", 7, 1.3),
        (50, 340, "Ontwerp nieuwe huisstijl", 9, 0),
        (480, 340, "€ 2.750,00", 9, 0),
        (50, 360, "Drukwerkbegeleiding brochures", 9, 0),
        (480, 360, "€ 325,00", 9, 0),
        (380, 400, "Subtotaal", 9, 0),
        (480, 400, "€ 3.075,00", 9, 0),
        (380, 415, "Btw 21%", 9, 0),
        (480, 415, "€ 645,75", 9, 0),
        (380, 430, "Totaal te betalen", 9, 0),
        (480, 430, "€ 3.720,75", 9, 0),
        (50, 770, "Studio Zeewind V.O.F.", 7, 0),
        (220, 770, "KvK 74410322", 7, 0),
        (50, 781, "Laan van Meerdervoort 120", 7, 0),
        (220, 781, "hallo@studiozeewind.nl", 7, 0),
        (50, 792, "2517 AS Den Haag", 7, 0),
    ]
    result = extract(spaced_pdf(items), "factuur.pdf")
    assert result.document_type == "invoice"
    fields = {key: result.data[key] for key in ("invoice_number", "invoice_date", "due_date")}
    assert fields == {"invoice_number": "ZW-2026-117", "invoice_date": "2026-11-03", "due_date": "2026-11-17"}
    assert (result.data["vendor_name"], result.data["customer_name"]) == (
        "Studio Zeewind V.O.F.",
        "Hofstad Makelaardij B.V.",
    )
    assert [item["amount"] for item in result.data["line_items"]] == ["2750.00", "325.00"]


def test_a_short_description_left_of_a_header_centred_over_its_column_is_the_items():
    """ "Description" centred over a wide column: a long description reaches under it, a short one
    ("Écran 24 po IPS") and a wrapped end stand wholly left of it, and are the item's still."""
    items = [
        (50, 60, "Les Services Informatiques Boréal inc.", 12),
        (190, 120, "Description", 8),
        (380, 120, "Qté", 8),
        (420, 120, "Prix unitaire", 8),
        (510, 120, "Montant", 8),
    ]
    rows = [
        ("Poste de travail Dell OptiPlex 7020, i5, 16 Go, SSD 512 Go", "3", "1 189,00 $", "3 567,00 $"),
        ("Écran 24 po IPS", "3", "219,99 $", "659,97 $"),
        ("Installation et migration des profils utilisateurs", "3", "145,00 $", "435,00 $"),
    ]
    for n, (description, qty, price, amount) in enumerate(rows):
        y = 140 + 20 * n
        items += [(50, y, description, 8), (385, y, qty, 8), (425, y, price, 8), (510, y, amount, 8)]
    items += [(50, 190, "(forfait par poste)", 8)]
    items += [(380, 220, "Sous-total", 8), (510, 220, "4 661,97 $", 8)]
    result = extract(
        pdf(items), "facture.pdf", prompt="line items (description, quantity, amount)", strategy="global"
    )
    assert [(i["description"], i["quantity"], i["amount"]) for i in result.data["line_items"]] == [
        ("Poste de travail Dell OptiPlex 7020, i5, 16 Go, SSD 512 Go", 3, "3567.00"),
        ("Écran 24 po IPS", 3, "659.97"),
        ("Installation et migration des profils utilisateurs (forfait par poste)", 3, "435.00"),
    ]


def test_a_grid_of_totals_with_amounts_set_right_under_their_headings_and_a_currency_sign():
    """ "Base imponible | % IVA | Cuota IVA | TOTAL FACTURA" over one row of values, each set right
    in its column with its euro sign ("1.872,92 €"), starting under the heading's last letters."""
    items = [
        (50, 60, "Talleres Mecánicos Ebro S.L.", 12),
        (400, 60, "FACTURA", 14),
        (81, 468, "Base imponible", 8),
        (224, 468, "% IVA", 8),
        (344, 468, "Cuota IVA", 8),
        (458, 468, "TOTAL FACTURA", 8),
        (123, 485, "1.872,92 €", 9),
        (269, 485, "21,00", 9),
        (384, 485, "393,31 €", 9),
        (494, 485, "2.266,23 €", 9),
        (50, 517, "Transferencia a: Ibercaja Banco · IBAN ES65 2085 2052 0303 3045 6712", 8),
    ]
    result = extract(pdf(items), "factura.pdf", prompt="subtotal, tax, total", strategy="global")
    assert result.data == {"subtotal": "1872.92", "tax": "393.31", "total": "2266.23"}


def test_a_vat_summary_with_a_row_per_rate_sums_its_columns_to_the_subtotal_and_the_tax():
    """An Italian e-invoice's "RIEPILOGHI IVA E TOTALI": a row for 22 % and a row for 4 %, each
    with its base and its tax; the invoice's subtotal and tax are the columns' sums."""
    items = [
        (38, 40, "Caseificio Vesuviano S.n.c.", 12),
        (400, 40, "FATTURA", 14),
        (249, 357, "RIEPILOGHI IVA E TOTALI", 9),
        (38, 372, "%IVA", 7),
        (76, 372, "Spese accessorie", 7),
        (202, 372, "Totale imponibile", 7),
        (297, 372, "Totale imposta", 7),
        (400, 372, "Esigibilità", 7),
        (51, 387, "22,00", 8),
        (272, 387, "45,00", 8),
        (359, 387, "9,90", 8),
        (400, 387, "Immediata", 8),
        (55, 401, "4,00", 8),
        (261, 401, "1.417,40", 8),
        (355, 401, "56,70", 8),
        (400, 401, "Immediata", 8),
        (38, 424, "Importo bollo", 7),
        (162, 424, "Sconto/Maggiorazione", 7),
        (359, 424, "Arr.", 7),
        (404, 424, "Totale documento", 7),
        (529, 438, "1.529,00", 8),
    ]
    result = extract(pdf(items), "fattura.pdf", prompt="subtotal, tax, total", strategy="global")
    assert result.data == {"subtotal": "1462.40", "tax": "66.60", "total": "1529.00"}
