"""Layouts from the held-out set opened this session (Mainz to Lubango): pages photographed on a
table (cut out and made flat before OCR), a bank's debits with their minus after the amount, a
column of labels beside the addressee, totals whose cents OCR lost, and smaller wordings: an at
sign read as a "G", tools with model numbers among the skills, an "rn" read as an "m", Québec's
inch ("po") beside a figure, a title beside a copy's mark, a salesperson under a grid's heading."""

from __future__ import annotations

import io

import cv2
import numpy
import pypdfium2
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.classify import classify
from batches.processing.builtin.fallbacks.skills import bullets
from batches.processing.builtin.periods import date_range
from batches.processing.layout import paper, scanned
from batches.processing.vocab import payment_method
from tests.batches.processing import extracting  # noqa: F401 - registers the DejaVu font the PDFs use
from tests.batches.processing.test_extract_layouts import extract, pdf
from tests.batches.processing.test_rolls_gst_and_wrapped_ends import _printed

WIDTH, HEIGHT = A4
ITEMS = [
    ("GB330A", "Glass bottle 330 ml amber", 9, "951.00", "8,559.00"),
    ("CS26B", "Crown seal 26 mm black", 5, "143.25", "716.25"),
    ("SC24", "Shipper carton 24 x 330 ml", 821, "1.35", "1,108.35"),
    ("SW500", "Stretch wrap 500 mm x 300 m", 9, "32.60", "293.40"),
]


def _order() -> bytes:
    """A purchase order whose labels, table headings and totals' labels are printed light grey."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)

    def text(x: float, y: float, words: str, size: float = 9, grey: float = 0.0, right: bool = False) -> None:
        drawing.setFillGray(grey)
        drawing.setFont("Helvetica", size)
        (drawing.drawRightString if right else drawing.drawString)(x, HEIGHT - y, words)

    text(50, 70, "Huon Valley Cider Co. Pty Ltd", 16, 0.3)
    text(50, 130, "Purchase Order", 22)
    for x, label, value in ((50, "PO number", "HVC-PO-2291"), (200, "Date", "21/10/2025")):
        text(x, 170, label, 7, 0.6)
        text(x, 184, value, 10)
    text(50, 215, "Supplier", 7, 0.6)
    text(50, 229, "Tasman Packaging Supplies Pty Ltd", 10)
    for x, heading in ((50, "Item"), (110, "Description"), (330, "Qty"), (420, "Unit price")):
        text(x, 280, heading, 7, 0.6)
    text(540, 280, "Amount", 7, 0.6, right=True)
    drawing.setStrokeGray(0.6)
    for n, (code, description, quantity, price, amount) in enumerate(ITEMS):
        y = 300 + 22 * n
        text(50, y, code)
        text(110, y, description)
        text(345, y, str(quantity), right=True)
        text(460, y, price, right=True)
        text(540, y, amount, right=True)
        drawing.line(50, HEIGHT - y - 8, 540, HEIGHT - y - 8)
    text(440, 400, "Subtotal ex GST", 7, 0.6, right=True)
    text(540, 400, "$10,677.00", right=True)
    text(440, 416, "GST", 7, 0.6, right=True)
    text(540, 416, "$1,067.70", right=True)
    text(440, 436, "Total inc GST (AUD)", 10, right=True)
    text(540, 436, "$11,744.70", 10, right=True)
    drawing.save()
    return buffer.getvalue()


def _photographed(content: bytes, *, band: bool = False, shadow: bool = False) -> bytes:
    """The page printed on cream paper and photographed on a dark table: turned two degrees, in
    perspective, light falling off towards one corner, a JPEG. ``band``: a dark letterhead band
    across the page's top edge, its name printed light; ``shadow``: a shadow over the page's left
    edge, as dark as the table."""
    page = pypdfium2.PdfDocument(content)[0].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    if band:
        draw = ImageDraw.Draw(page)
        draw.rectangle((0, 0, page.width, 200), fill=60)
        bold = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 56)
        draw.text((80, 70), "Nyabugogo Stationery", fill=250, font=bold)
    paper_tone = numpy.asarray(page, dtype=numpy.float32) * (228 / 255)
    if shadow:
        paper_tone[:, : paper_tone.shape[1] // 3] *= 0.35
    high, wide = paper_tone.shape
    table = (wide + 300, high + 300)
    corners = numpy.float32([[0, 0], [wide, 0], [wide, high], [0, high]])
    placed = numpy.float32([[170, 120], [wide + 120, 160], [wide + 150, high + 170], [130, high + 150]])
    turn = cv2.getPerspectiveTransform(corners, placed)
    photo = cv2.warpPerspective(paper_tone, turn, table, flags=cv2.INTER_LINEAR, borderValue=38)
    ys, xs = numpy.mgrid[0 : table[1], 0 : table[0]]
    light = 1.0 - 0.25 * (xs / table[0]) * (ys / table[1])  # darker towards the bottom right
    image = Image.fromarray(numpy.clip(photo * light, 0, 255).astype(numpy.uint8))
    out = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(0.6)).convert("RGB").save(out, "JPEG", quality=75, dpi=(150, 150))
    return out.getvalue()


def test_a_page_photographed_on_a_table_is_cut_out_and_its_light_grey_print_read():
    photo = _photographed(_order())
    result = extract(photo, "order.jpg")
    assert result.document_type == "purchase_order"
    items = result.data["line_items"]
    assert [(item["quantity"], item["unit_price"], item["amount"]) for item in items] == [
        (9, "951.00", "8559.00"),
        (5, "143.25", "716.25"),
        (821, "1.35", "1108.35"),
        (9, "32.60", "293.40"),
    ]
    # the page alone is read: A4 at 150 dpi is 1240 by 1754 pixels
    (page,) = scanned.image_pages(photo)
    assert abs(page.width - WIDTH) <= 0.03 * WIDTH and abs(page.height - HEIGHT) <= 0.03 * HEIGHT


def test_only_a_page_on_a_darker_table_is_cut_out():
    scan = Image.open(io.BytesIO(_photographed(_order()))).convert("L")
    assert paper.page_on_table(scan) is not None
    white_desk = Image.fromarray(255 - numpy.asarray(scan) // 6)  # the same page on a white desk
    assert paper.page_on_table(white_desk) is None
    plain = pypdfium2.PdfDocument(_order())[0].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    assert paper.page_on_table(plain) is None  # a page made on a computer: no table around it
    # a dark letterhead band at the page's top edge is the page's, not the table's: cut there, the
    # sender's name would be lost with it; the page is cut out to the photo's edge on that side
    banded = _photographed(_order(), band=True)
    cut = paper.page_on_table(Image.open(io.BytesIO(banded)).convert("L"))
    assert cut is not None and cut.height >= 1754  # the page's height, the table above the band too
    (page,) = scanned.image_pages(banded)
    assert page.text.splitlines()[0] == "Nyabugogo Stationery"
    # a shadow over the page's edge is the page's too, its text dark on dark grey: the photo is
    # read uncut, its dark table lowering the threshold for the shadowed column as well
    shadowed = Image.open(io.BytesIO(_photographed(_order(), shadow=True))).convert("L")
    assert paper.page_on_table(shadowed) is None


def test_a_debit_printed_with_its_minus_after_the_amount_is_negative():
    assert norm.parse_amount("412,30-") == "-412.30"
    assert norm.parse_amount("2.614,55+") == "2614.55"
    assert norm.parse_amount("10,00-12,00") == "10.00"  # a range, no minus
    assert norm.parse_amount("Pos. 12-") == "12.00"  # no cents: a number, not a debit


STATEMENT = [
    (50, 60, "Bankhaus Drautal AG", 14),
    (400, 60, "KONTOAUSZUG", 12),
    (50, 110, "Herrn", 9),
    (300, 110, "Kontoinhaber", 8),
    (400, 110, "Thomas Gruber", 8),
    (50, 122, "Thomas Gruber", 9),
    (300, 122, "Kontoart", 8),
    (400, 122, "Gehaltskonto", 8),
    (50, 134, "Ringmauergasse 7/3", 9),
    (300, 134, "IBAN", 8),
    (400, 134, "AT70 3915 0000 0451 8872", 8),
    (50, 146, "9500 Villach", 9),
    (300, 146, "Zeitraum", 8),
    (400, 146, "01.04.2025 bis 30.04.2025", 8),
    (50, 190, "Buchung", 8),
    (100, 190, "Buchungstext", 8),
    (480, 190, "Betrag EUR", 8),
    (50, 204, "Alter Kontostand per 31.03.2025", 8),
    (480, 204, "412,30-", 8),
    (50, 218, "01.04.", 8),
    (100, 218, "MIETE APRIL 2025", 8),
    (480, 218, "780,00-", 8),
    (50, 232, "03.04.", 8),
    (100, 232, "GEHALT 04/2025", 8),
    (480, 232, "2.614,55+", 8),
    (50, 246, "Neuer Kontostand per 30.04.2025", 8),
    (480, 246, "1.422,25+", 8),
]


def test_a_holders_label_heads_a_column_of_labels_beside_the_addressee():
    data = extract(pdf(STATEMENT), "auszug.pdf").data
    # "Herrn  Kontoinhaber  Thomas Gruber" over "Thomas Gruber  Kontoart  Gehaltskonto" read as a
    # row of signatures' captions, and as two blocks' headings: "Kontoart" was the holder
    assert data["account_holder"] == "Thomas Gruber"
    assert (data["opening_balance"], data["closing_balance"]) == ("-412.30", "1422.25")


def test_a_total_whose_cents_ocr_lost_gives_way_to_the_same_sum_printed_whole():
    lines = [
        (50, 60, "SRI CHAMUNDESHWARI SWEETS", 12),
        (50, 80, "Bill No: 4471", 9),
        (300, 80, "Date: 05/09/2025", 9),
        (50, 110, "Filter Coffee 250g", 9),
        (400, 110, "465.60", 9),
        (50, 130, "Sub Total", 9),
        (400, 130, "2,465.60", 9),
        (50, 150, "GRAND TOTAL Rs.", 9),
        (400, 150, "2,588.", 9),
        (50, 170, "Paid by: UPI", 9),
        (50, 184, "Amount (INR): 2,588.26", 9),
    ]
    assert extract(pdf(lines), "bill.pdf", prompt="total").data["total"] == "2588.26"


def test_smaller_wordings():
    # an at sign OCR read as a capital G before a space, where no address reads whole
    assert (
        norm.parse_email("+52 442 187 6630 | luis.ibarraG example.com | Querétaro")
        == "luis.ibarra@example.com"
    )
    assert norm.parse_email("ING example.com") is None
    # a period's end labelled with its own colon
    period = date_range([(1, "From : 01/08/2025 To: 31/08/2025")], month_first=False)
    assert period is not None and period[:2] == ("2025-08-01", "2025-08-31")
    assert payment_method("MOBILE MONEY") == "Mobile Money"
    # tools with their models' numbers are skills, not a phone's digits
    skills = [
        (1, "HABILIDADES TÉCNICAS"),
        (1, "PLC Siemens S7-1500  Allen-Bradley Studio 5000  Robótica FANUC  SolidWorks"),
        (1, "IDIOMAS"),
    ]
    found = bullets(skills, "\n".join(line for _page, line in skills))
    assert found is not None
    assert found.value == ["PLC Siemens S7-1500", "Allen-Bradley Studio 5000", "Robótica FANUC", "SolidWorks"]


def test_an_order_whose_supplier_label_ocr_misread_and_whose_items_measure_in_inches():
    lines = [
        (50, 60, "Usinage Chicoutimi inc.", 14),
        (50, 100, "Foumisseur", 8),  # OCR's "m" for the "rn" of "Fournisseur"
        (50, 112, "Acier Nordique Itée", 10),  # and its "I" for the "l" of "ltée"
        (300, 100, "BON DE COMMANDE", 14),
        (300, 130, "No de commande :", 9),
        (400, 130, "BC-25-0417", 9),
        (300, 144, "Date :", 9),
        (400, 144, "2025-09-12", 9),
        (50, 190, "Description", 8),
        (330, 190, "Qté", 8),
        (380, 190, "Prix", 8),
        (470, 190, "Montant", 8),
        (50, 204, "Tube carré HSS 4 x 4 x 1/4 po, longueur 20 pi", 8),
        (330, 204, "14", 8),
        (380, 204, "187,35", 8),
        (470, 204, "2 622,90", 8),
        (380, 230, "Total", 8),
        (470, 230, "2 622,90", 8),
    ]
    data = extract(pdf(lines), "bc.pdf").data
    # "1/4 po, longueur 20": an inch ("po") in small letters after a figure is no order's number
    assert data["po_number"] == "BC-25-0417"
    assert data["supplier"] == "Acier Nordique ltée"


def test_a_title_beside_a_copys_mark_and_a_salesperson_under_a_grids_heading_are_no_seller():
    lines = [
        (250, 50, "FACTURA", 14),
        (480, 50, "Original", 8),
        (50, 80, "Comercial Huíla \u2013 Materiais de Construção, Lda.", 12),
        (330, 80, "Factura n.º", 7),
        (330, 92, "FT CH2025/318", 10),
        (50, 96, "Rua Deolinda Rodrigues, n.º 58", 8),
        (50, 108, "Lubango, Huíla \u2013 Angola", 8),
        (330, 120, "Cond. pagamento", 7),
        (450, 120, "Vendedor", 7),
        (330, 132, "30 dias", 10),
        (450, 132, "Adelino Kalunga", 10),
        (50, 160, "Cliente", 8),
        (50, 172, "Construtora Tundavala, Lda.", 10),
        (50, 220, "Descrição", 8),
        (380, 220, "Qtd.", 8),
        (470, 220, "Total", 8),
        (50, 234, "Cimento Portland CEM II 42,5R, saco 50 kg", 8),
        (380, 234, "159", 8),
        (470, 234, "1.120.950,00", 8),
        (380, 260, "Total a Pagar (Kz)", 8),
        (470, 260, "1.120.950,00", 8),
    ]
    page = pypdfium2.PdfDocument(pdf(lines))[0].render(scale=200 / 72, grayscale=True).to_pil()
    scan = io.BytesIO()
    page.convert("L").save(scan, "PNG", dpi=(200, 200))
    data = extract(scan.getvalue(), "ft.png", prompt="vendor name").data
    # a scan's issuer is its best top line: the title and its copy's mark were; then the label
    # "Vendedor" gave its salesperson, under the grid's heading
    vendor = data["vendor_name"]  # OCR reads its accents as it may ("Huîla", "Construgào")
    assert vendor.startswith("Comercial Hu") and vendor.endswith("Lda."), vendor


def test_an_ibans_last_groups_wrapped_under_it_complete_it():
    lines = [
        (50, 60, "Crédit Lorrain", 14),
        (400, 60, "RELEVÉ DE COMPTE", 12),
        (50, 100, "JULIEN PERRIN", 9),
        (300, 100, "IBAN", 8),
        (360, 100, "FR76 1470 7000 1231 4471", 8),
        (360, 112, "8820 463", 8),  # France's IBAN has 27 characters: its last seven wrapped
        (50, 112, "27 rue de la Ravinelle", 9),
        (300, 130, "Période", 8),
        (360, 130, "du 01/06/2024 au 30/06/2024", 8),
    ]
    assert extract(pdf(lines), "releve.pdf", prompt="account number").data["account_number_last4"] == "0463"


def test_the_addressee_of_a_statement_beside_a_sort_code_and_over_its_partners():
    # "Sort code 95-12-34" over the name read as a street, the name under it as its town
    sorted_code = [
        (50, 60, "Ulster Mutual Bank", 14),
        (400, 60, "Current Account Statement", 10),
        (50, 90, "Sort code 95-12-34", 8),
        (50, 104, "Siobhan McCann", 9),
        (300, 104, "Sort code", 8),
        (400, 104, "95-12-34", 8),
        (50, 116, "14 Eglantine Avenue", 9),
        (50, 128, "Belfast BT9 6DX", 9),
    ]
    holder = extract(pdf(sorted_code), "statement.pdf", prompt="account holder").data["account_holder"]
    assert holder == "Siobhan McCann"
    partners = [
        (50, 60, "Cassa Rurale delle Mura", 14),
        (400, 60, "ESTRATTO CONTO", 12),
        (50, 104, "Pasticceria Buonamici S.n.c.", 9),
        (50, 116, "di Buonamici Franco & C.", 9),
        (50, 128, "Via Fillungo 58", 9),
        (50, 140, "55100 Lucca", 9),
    ]
    holder = extract(pdf(partners), "estratto.pdf", prompt="account holder").data["account_holder"]
    assert holder == "Pasticceria Buonamici S.n.c."


def test_an_order_line_whose_count_ran_into_its_unit_or_was_lost():
    lines = [
        (50, 60, "Senne Landtechnik GmbH & Co. KG", 12),
        (400, 60, "BESTELLUNG", 14),
        (50, 120, "Pos", 8),
        (80, 120, "Material / Bezeichnung", 8),
        (330, 120, "Menge", 8),
        (400, 120, "Preis", 8),
        (480, 120, "Wert", 8),
        (50, 134, "1", 8),
        (80, 134, "Pendelrollenlager 22212 E", 8),
        (330, 134, "3ST", 8),  # OCR ran the unit into the count
        (400, 134, "139,00", 8),
        (480, 134, "417,00", 8),
        (50, 148, "2", 8),
        (80, 148, "Getriebemotor 1,5 kW", 8),
        (330, 148, "IST:", 8),  # "1 ST" as OCR read it
        (400, 148, "740,16", 8),
        (480, 148, "740,16", 8),
        (400, 180, "Gesamtwert", 8),
        (480, 180, "1.157,16", 8),
    ]
    items = extract(pdf(lines), "bestellung.pdf", prompt="line items").data["line_items"]
    assert [(item["quantity"], item["unit_price"], item["amount"]) for item in items] == [
        (3, "139.00", "417.00"),
        (1, "740.16", "740.16"),
    ]


def test_an_invoices_number_sign_read_as_a_small_e_and_a_bill_paid_by_a_payment_mode():
    lines = [
        (50, 60, "Zambézia Agro-Comercial, Lda.", 12),
        (400, 60, "FACTURA", 14),
        (50, 120, "Factura ne", 8),
        (200, 120, "Data", 8),
        (50, 132, "2025/704", 10),
        (200, 132, "12/09/2025", 10),
    ]
    assert extract(pdf(lines), "ft.pdf", prompt="invoice number").data["invoice_number"] == "2025/704"
    bill = (
        "Shree Krishna Sweets & Farsan\nNear Mandvi Gate, Raopura\nVadodara - 390001\n"
        "GSTIN: 24ABQPP4471R1ZS\nBill Dt: 07/12/2025  07:59\nBill No: 18273  Counter: 2\n"
        "Kaju Katli 500g  567.00\nNET AMOUNT  947.22\nPayment Mode:  UPI\nGST 5% (incl.)  45.11\n"
        "Thank You! Visit Again\n"
    )
    assert classify(bill, roll=True)[0] == "receipt"


def test_an_e_invoice_formats_mark_beside_the_title_and_a_local_purchase_orders_title_are_no_names():
    cfdi = [
        (50, 50, "FACTURA", 14),
        (200, 50, "CFDI 4.0 · Tipo de comprobante: I - Ingreso", 8),
        (50, 70, "Servicios Industriales del Bajío, S.A. de C.V.", 10),
        (330, 70, "Serie y folio", 7),
        (450, 70, "Fecha y hora de emisión", 7),
        (330, 82, "A-2291", 9),
        (450, 82, "2025-05-21T10:42:17", 9),
        (50, 120, "Receptor", 8),
        (50, 132, "Hotelera del Centro, S.A. de C.V.", 9),
    ]
    data = extract(pdf(cfdi), "cfdi.pdf", prompt="vendor name").data
    assert data["vendor_name"] == "Servicios Industriales del Bajío, S.A. de C.V."
    lpo = [
        (50, 50, "LOCAL PURCHASE ORDER", 14),
        (50, 70, "Akagera View Hotel Ltd", 10),
        (330, 70, "LPO No.", 7),
        (330, 82, "AVH-LPO-00731", 9),
        (50, 82, "KN 5 Rd, Remera", 8),
        (50, 120, "Supplier", 8),
        (300, 120, "Deliver to", 8),
        (50, 132, "Rwanda Fresh Produce Co. Ltd", 9),
        (300, 132, "Akagera View Hotel Ltd \u2013 Main Kitchen", 9),
    ]
    data = extract(pdf(lpo), "lpo.pdf", prompt="buyer, supplier").data
    assert (data["buyer"], data["supplier"]) == ("Akagera View Hotel Ltd", "Rwanda Fresh Produce Co. Ltd")
    assert payment_method("Multicaixa") == "Multicaixa"  # Angola's card network


def test_change_printed_with_its_minus_after_it_still_gives_the_total_paid():
    slip = [
        "WARAKUYA PERMAS CITY SDN BHD",
        "Date: 07/05/2018 13:42",
        "1 BUTA SHOGA YAKI SET      19.90",
        "1 ICED GREEN TEA            1.00",
        "Serv Charge 10%             2.09",
        "GST @ 6%                    1.38",
        "Total Amount :          RM2440",  # OCR lost the total's point
        "CASH                       30.40",
        "Change RM:                  6.00-",
    ]
    assert norm.parse_amount(slip[-1]) == "-6.00"  # the change reads negative, as printed
    data = extract(_printed(slip, 76 * mm), "slip.pdf").data
    assert data["total"] == "24.40"  # 30.40 tendered less 6.00 given back


def test_a_payment_word_that_is_also_a_label_is_the_payment_beside_its_label():
    slip = [
        "BOEKHANDEL DE SLEUTEL",
        "Datum: 06-06-2026  09:51",
        "Notitieboek A5            10,05",
        "Leesbril                  11,55",
        "TE BETALEN            EUR 21,60",
        "Betaald met:          Contant",  # "Contant" labels a cash amount elsewhere
        "Ontvangen                 25,00",
        "Wisselgeld                 3,40",
    ]
    assert extract(_printed(slip, 76 * mm), "bon.pdf").data["payment_method"] == "Contant"


def test_a_documents_title_opens_no_run_of_labels_over_a_customers_block():
    lines = [
        (50, 50, "Highland Glen Joinery Ltd", 14),
        (50, 90, "INVOICE", 14),
        (50, 110, "Bill to", 8),
        (50, 122, "Loch Ness Cruises Ltd", 9),
        (50, 134, "12 Harbour Road", 9),
        (50, 146, "Inverness IV1 1QN", 9),
        (50, 170, "Invoice no.", 8),
        (50, 182, "HGJ-62583", 9),
    ]
    assert extract(pdf(lines), "invoice.pdf", prompt="customer name").data["customer_name"] == (
        "Loch Ness Cruises Ltd"
    )


def test_a_bulleted_skills_list_goes_on_over_the_page_turn():
    first = [
        (50, 50, "Joseph Mwakalinga", 16),
        (50, 700, "KEY SKILLS", 10),
        (57, 720, "\u2022 Fleet management", 9),
        (57, 732, "\u2022 Warehouse operations", 9),
        (500, 800, "Page 1 of 2", 7),
    ]
    second = [(57, 54, "\u2022 SAP MM", 9), (57, 66, "\u2022 Procurement", 9), (500, 800, "Page 2 of 2", 7)]
    data = extract(pdf(first, second), "cv.pdf", prompt="skills").data
    assert data["skills"] == ["Fleet management", "Warehouse operations", "SAP MM", "Procurement"]


def test_your_reference_on_an_order_is_the_suppliers_not_the_orders_number():
    lines = [
        (50, 50, "Brouwerij De Lakenhal BV", 14),
        (50, 90, "Bestelling", 14),
        (50, 120, "Bestelbonnummer", 8),
        (200, 120, "Datum", 8),
        (50, 132, "BB253455", 9),
        (200, 132, "4 mei 2025", 9),
        (50, 150, "Uw referentie: Opdracht 7302", 8),
    ]
    assert extract(pdf(lines), "bestelling.pdf", prompt="po number").data["po_number"] == "BB253455"
