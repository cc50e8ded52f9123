"""Layouts from the held-out set of the twenty-fourth session, opened in the twenty-fifth (Erlangen to
Blumenau): a tax's code in an item table's column, a Swiss QR bill's reference under the invoice,
an order's date beside the invoice's, "Nº" read as "N?", India's two taxes under a total whose
rupee sign OCR read as a digit, a logo's name over the shop's kind, Spain's regional cooperatives,
a skills grid whose left column lost its bullets; a big stamp across the totals' labels, on an
image and on an image-only PDF's page; "afios" read for "años", a heading with a speck before it."""

from __future__ import annotations

import io

import numpy
import pypdfium2
from PIL import Image, ImageDraw, ImageFont

from batches.processing.builtin import normalise as norm
from batches.processing.builtin import values
from batches.processing.layout import ocr
from batches.processing.layout.model import Word
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of, _words_of

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def test_a_tax_code_in_an_item_rows_column_is_no_tax_line_and_its_row_stays_an_item():
    # two rows that cost the same, "GST" under a "Tax" heading between each price and amount
    items = [
        (40, 40, "Goldfields Plumbing & Gas Pty Ltd", 12),
        (400, 40, "TAX INVOICE", 12),
        (40, 70, "Invoice #", 9),
        (120, 70, "GPG-10593", 9),
        (40, 120, "Description", 8),
        (300, 120, "Qty", 8),
        (350, 120, "Unit Price", 8),
        (420, 120, "Tax", 8),
        (480, 120, "Amount", 8),
    ]
    rows = [
        ("Licensed plumber labour (per hour)", "6", "122.00", "732.00"),
        ("Copper pipe 20 mm incl. fittings", "11", "30.00", "330.00"),
        ("Gas compliance certificate", "1", "95.00", "95.00"),
        ("Call-out fee", "1", "95.00", "95.00"),
    ]
    for n, (description, quantity, price, amount) in enumerate(rows):
        y = 134 + 12 * n
        items += [(40, y, description, 9), (300, y, quantity, 9), (350, y, price, 9)]
        items += [(420, y, "GST", 9), (480, y, amount, 9)]
    items += [(350, 200, "Subtotal (ex GST)", 9), (480, 200, "$1,252.00", 9)]
    items += [(350, 212, "GST 10%", 9), (480, 212, "$125.20", 9)]
    items += [(350, 224, "Total (inc GST)", 9), (480, 224, "$1,377.20", 9)]
    fields = read_pdf(items, "subtotal, tax, total, line items")
    assert (fields["subtotal"], fields["tax"], fields["total"]) == ("1252.00", "125.20", "1377.20")
    assert [item["description"] for item in fields["line_items"]] == [row[0] for row in rows]


def test_a_qr_bills_reference_in_groups_of_digits_is_no_invoice_number():
    assert values.identifier("21 00000 00003 13947 14300 09017") is None
    assert values.identifier("RF18 5390 0754 7034") is None
    assert values.identifier("2025 0412") == "2025 0412"  # a short spaced number stays whole
    items = [
        (40, 40, "Micro-Usinage Seeland SA", 12),
        (40, 70, "Date", 9),
        (120, 70, "07.02.2025", 9),
        (40, 110, "Facture 250309", 12),
        (40, 150, "Total à payer", 9),
        (200, 150, "CHF 5'266.20", 9),
        (40, 600, "Récépissé", 8),
        (40, 612, "Référence", 8),
        (40, 624, "21 00000 00003 13947 14300 09017", 8),
        (300, 600, "Section paiement", 8),
        (300, 612, "Référence", 8),
        (300, 624, "21 00000 00003 13947 14300 09017", 8),
    ]
    assert read_pdf(items, "invoice number")["invoice_number"] == "250309"


def test_an_orders_date_beside_it_is_not_the_invoices():
    items = [
        (40, 40, "Enzgold Galvanotechnik GmbH", 12),
        (350, 70, "Datum", 9),
        (430, 70, "13. Mai 2025", 9),
        (350, 82, "Lieferschein-Nr.", 9),
        (430, 82, "LS 8971", 9),
        (40, 94, "Schmuckmanufaktur Lindner GmbH & Co. KG", 9),
        (350, 94, "Ihr Auftrag", 9),
        (430, 94, "vom 04.05.2025", 9),
        (40, 140, "Rechnung Nr. 25580", 12),
        (40, 170, "Endbetrag EUR", 9),
        (200, 170, "4.398,00", 9),
    ]
    assert read_pdf(items, "invoice date")["invoice_date"] == "2025-05-13"
    # the invoice's own number before it: the invoice's date
    items = [(40, 40, "Enzgold Galvanotechnik GmbH", 12), (40, 94, "Rechnung Nr. 25580", 9)]
    items += [(200, 94, "vom 04.05.2025", 9), (40, 170, "Endbetrag EUR", 9), (200, 170, "4.398,00", 9)]
    assert read_pdf(items, "invoice date")["invoice_date"] == "2025-05-04"


def test_a_number_sign_read_as_a_question_mark():
    words = _words_of(40, "Delicias del Acueducto, S.L.", size=14) + _words_of(80, "FACTURA", size=14)
    words += _line_of(110, (40, "Cliente:"), (300, "N? factura"), (380, "A-2803/25"))
    words += _line_of(122, (40, "Mesón Los Arcos de San Millán, S.L."), (300, "Fecha"), (380, "11/11/2025"))
    words += _line_of(300, (40, "TOTAL FACTURA"), (380, "802,51 €"))
    assert _fields_read(words, "invoice number")["invoice_number"] == "A-2803/25"


def test_a_total_whose_rupee_sign_ocr_read_as_a_digit_is_read_back_from_two_tax_lines():
    words = _words_of(40, "ANNAPURNA", size=20) + _words_of(70, "PURE VEG RESTAURANT", size=12)
    words += _words_of(90, "Station Road, Chhatrapati Sambhajinagar") + _words_of(104, "Ph: +91 240 555 3382")
    words += _line_of(200, (40, "Sub Total"), (300, "1,065.00"))
    words += _line_of(214, (40, "CGST @ 2.5%"), (300, "26.63"))
    words += _line_of(228, (40, "SGST @ 2.5%"), (300, "26.63"))
    words += _line_of(242, (40, "Grand Total (INR)"), (300, "71,118.26"))
    fields = _fields_read(words, "merchant name, total")
    assert fields["total"] == "1118.26"
    assert fields["merchant_name"] == "ANNAPURNA PURE VEG RESTAURANT"  # the logo's name over its kind


def test_a_word_in_smaller_print_over_the_shops_kind_is_no_logos_name():
    words = _words_of(40, "Aurangabad", size=8) + _words_of(60, "PURE VEG RESTAURANT", size=14)
    words += _words_of(90, "Ph: +91 240 555 3382") + _line_of(242, (40, "Grand Total"), (300, "118.26"))
    assert _fields_read(words, "merchant name")["merchant_name"] == "PURE VEG RESTAURANT"


def test_a_regions_cooperative_is_a_legal_form_and_its_warehouse_no_buyer():
    assert values.LEGAL_FORM_AT_END.search("Oleícola Sierra Mágina, S. Coop. And.")
    items = [
        (40, 40, "Oleícola Sierra Mágina, S. Coop. And.", 12),
        (40, 54, "Ctra. de Huelma, km 2, 23120 Cambil (Jaén)", 9),
        (40, 90, "PEDIDO", 14),
        (40, 120, "PROVEEDOR", 8),
        (300, 120, "N° pedido", 8),
        (380, 120, "PC-25/344", 8),
        (40, 132, "Envases del Guadalquivir, S.A.", 9),
        (40, 170, "LUGAR DE ENTREGA", 8),
        (40, 182, "Almacén de envasado", 9),
        (40, 194, "Ctra. de Huelma, km 2, nave 3, 23120 Cambil", 9),
        (300, 240, "Total pedido", 9),
        (400, 240, "9.178,87 €", 9),
    ]
    fields = read_pdf(items, "buyer, supplier")
    assert (fields["buyer"], fields["supplier"]) == (
        "Oleícola Sierra Mágina, S. Coop. And.",
        "Envases del Guadalquivir, S.A.",
    )


def test_a_skills_grid_whose_left_column_ocr_read_without_its_bullets():
    words = _words_of(40, "Chanda Mwale", size=18) + _words_of(70, "chanda.mwale@example.com")
    words += _words_of(200, "Skills", size=13)
    words += _line_of(220, (40, "Tour planning and logistics"), (300, "* First aid (Red Cross certified)"))
    words += _line_of(234, (40, "Guest relations"), (300, "* Fleet and boat maintenance scheduling"))
    words += _line_of(248, (40, "Staff training and rostering"), (300, "* Online booking systems"))
    words += _words_of(280, "Languages", size=13) + _words_of(300, "English, Tonga, Bemba")
    assert sorted(_fields_read(words, "skills")["skills"]) == [
        "First aid (Red Cross certified)",
        "Fleet and boat maintenance scheduling",
        "Guest relations",
        "Online booking systems",
        "Staff training and rostering",
        "Tour planning and logistics",
    ]


def test_a_totals_amount_ocr_could_not_read_is_what_the_payment_under_it_paid():
    words = _words_of(40, "Chäs & Brot Veltheim", size=16) + _words_of(64, "Feldstrasse 12, 8400 Winterthur")
    words += _line_of(100, (40, "Bündnerfleisch 100g"), (300, "9.35"))
    words += _line_of(114, (40, "Bauernbrot 500g"), (300, "4.95"))
    words += _line_of(128, (40, "Zopf 500g"), (300, "5.70"))
    words += _line_of(142, (40, "Bio-Milch 11"), (300, "2.10"))
    words += _line_of(156, (40, "Total CHF"), (300, "22:30"))  # "22.10" misread
    words += _line_of(170, (40, "TWINT"), (300, "22.10"))
    assert _fields_read(words, "total")["total"] == "22.10"
    # a payment that is not the prices' sum, and no tax stated: nothing confirms it
    words[-len(_line_of(170, (40, "TWINT"), (300, "22.10"))) :] = _line_of(170, (40, "TWINT"), (300, "20.00"))
    assert _fields_read(words, "total")["total"] != "20.00"


def test_a_tax_summarys_row_gives_the_tax_past_the_base_its_rate_is_levied_on():
    items = [
        (40, 40, "Agro-Comercial Kalandula, Lda.", 12),
        (40, 70, "Factura FT KAL2025/418", 10),
        (40, 200, "Resumo de Impostos", 8),
        (300, 200, "Total Ilíquido", 8),
        (450, 200, "1.255.900,00 kz", 8),
        (40, 212, "Imposto", 8),
        (100, 212, "Incidência", 8),
        (170, 212, "Valor", 8),
        (300, 212, "Motivo Total Imposto", 8),
        (450, 212, "175.826,00 kz", 8),
        (40, 224, "IVA 14%", 8),
        (100, 224, "1.255.900,00", 8),
        (170, 224, "175.826,00", 8),
        (300, 224, "Total (AOA)", 8),
        (450, 224, "1.431.726,00 kz", 8),
    ]
    fields = read_pdf(items, "subtotal, tax, total")
    assert (fields["subtotal"], fields["tax"], fields["total"]) == ("1255900.00", "175826.00", "1431726.00")


def test_a_number_under_another_papers_heading_in_a_row_of_headings_is_not_the_invoices():
    words = _words_of(40, "Distribuzione Alimentare Logudoro S.r.l.", size=14)
    words += _line_of(
        100, (40, "Documento"), (160, "Numero"), (240, "Data"), (320, "Rif. DDT"), (480, "Agente")
    )
    words += _line_of(
        112, (40, "Fattura differita"), (160, "1402/25"), (240, "02/05/2025"), (320, "n. 2136 del 27/04/2025")
    )
    words += _line_of(300, (40, "Totale documento"), (300, "534,34"))
    assert _fields_read(words, "invoice number")["invoice_number"] == "1402/25"


def _stamped_page(stroke: int, ink: tuple[int, int, int]) -> tuple[Image.Image, numpy.ndarray, numpy.ndarray]:
    """A beige page 300 dpi wide with grey print and a stamp across it, its letters' strokes
    widened by ``stroke`` pixels, laid over the print as ink is; where its letters are and where
    the print is."""
    page = Image.new("RGB", (2480, 1200), (232, 228, 218))
    font = ImageFont.truetype(FONT, 40)
    ImageDraw.Draw(page).text((700, 470), "Subtotal   ISS 5%", fill=(70, 70, 70), font=font)
    print_mask = Image.new("L", page.size, 0)
    ImageDraw.Draw(print_mask).text((700, 470), "Subtotal   ISS 5%", fill=255, font=font)
    stamp = Image.new("L", page.size, 0)
    stamp_draw = ImageDraw.Draw(stamp)
    stamp_draw.text((520, 420), "RECEBIDO", fill=255, font=ImageFont.truetype(BOLD, 130), stroke_width=stroke)
    stamp_draw.rectangle((490, 400, 1360, 600), outline=255, width=10)
    page = Image.composite(Image.blend(page, Image.new("RGB", page.size, ink), 0.6), page, stamp)
    return page, numpy.asarray(stamp) > 128, numpy.asarray(print_mask) > 128


def test_a_big_stamps_thick_letters_are_lifted_to_the_paper_and_the_print_under_them_stays():
    page, stamp, printed = _stamped_page(stroke=2, ink=(150, 70, 170))  # some strokes past width / 100
    grey = numpy.asarray(ocr._normalised(page)).astype(int)
    assert numpy.asarray(page.convert("L"))[stamp & ~printed].mean() < 170  # grey keeps the stamp
    assert grey[stamp & ~printed].mean() > 215  # the paper's shade (about 228)
    assert grey[printed & ~stamp].mean() < 120  # the print beside it stays
    assert grey[printed & stamp].mean() < 170  # and the print under it, darker than the paper


def test_a_stamp_on_an_image_only_pdfs_page_is_lifted_too():
    page, stamp, printed = _stamped_page(stroke=4, ink=(200, 40, 40))
    buffer = io.BytesIO()
    page.save(buffer, format="PDF", resolution=200)
    rendered = ocr.render_page(pypdfium2.PdfDocument(buffer.getvalue())[0], dpi=200)
    grey = numpy.asarray(rendered.resize(page.size)).astype(int)
    assert grey[stamp & ~printed].mean() > 200
    assert grey[printed & ~stamp].mean() < 120


def test_years_stated_with_the_word_ocr_misread_and_a_heading_with_a_speck_before_it():
    text = (
        "Lucía Navarro Picazo\nlucia.navarro@example.es\nPerfil\n"
        "Administrativa contable con 9 afios de experiencia en pymes.\n"
    )
    assert extract_text(text, "years of experience", name="cv.txt").data["years_experience"] == 9
    text = (
        "Lucía Navarro Picazo\nlucia.navarro@example.es\nExperiencia profesional\n"
        "Administrativa contable  12/2021 - 12/2025\nAuxiliar administrativa  12/2016 - 12/2020\n"
        "o Formación\nTécnico Superior en Administración y Finanzas  2013 - 2016\n"
    )
    assert extract_text(text, "years of experience", name="cv.txt").data["years_experience"] == 8


def test_a_summarys_balances_in_whole_pesos_set_right_of_their_headings():
    words = _words_of(40, "Banco del Sur Austral", size=16) + _words_of(70, "Cartola de cuenta corriente")
    # each balance set right of its heading, clear of it
    words += _line_of(
        220, (40, "Saldo anterior"), (220, "Total cargos"), (400, "Total abonos"), (580, "Saldo final")
    )
    words += _line_of(236, (125, "$ 598.416"), (305, "$ 761.040"), (485, "$ 1.304.950"), (665, "$ 1.142.326"))
    words += _line_of(
        280, (71, "Fecha"), (123, "Descripción"), (402, "Cargos"), (462, "Abonos"), (527, "Saldo")
    )
    words += _line_of(296, (71, "SALDO ANTERIOR"), (527, "598.416"))
    fields = _fields_read(words, "opening balance, closing balance")
    assert (fields["opening_balance"], fields["closing_balance"]) == ("598416.00", "1142326.00")


def test_a_postcode_after_a_street_is_no_phone_number_of_a_country_that_dials_five_digits():
    assert norm.parse_phone("Lindauer Straße 52, 87439", regions=("DE", "LU")) is None
    assert norm.valid_phone("Lindauer Straße 52, 87439", regions=("LU",)) is None
    assert norm.parse_phone("+352 87 43 91", regions=("DE", "LU")) == "+352874391"  # with its code
    words = _words_of(40, "Florian Haslach", size=18) + _words_of(70, "KONTAKT", size=12)
    words += _words_of(90, "Lindauer Straße 52, 87439") + _words_of(104, "Kempten")
    words += _words_of(118, "+49 151 2376 4410") + _words_of(132, "florian.haslach@example.de")
    assert _fields_read(words, "phone")["phone"] == "+4915123764410"


def test_an_accounts_number_beside_its_branchs_under_a_label_of_both():
    items = [
        (40, 40, "Banco Cooperativo Sul-Rio-Grandense", 12),
        (40, 80, "Extrato de conta corrente", 11),
        (40, 110, "Rafael Bittencourt Soares", 9),
        (250, 110, "Agência / Conta", 9),
        (350, 110, "0412 / 18.345-7", 9),
    ]
    assert read_pdf(items, "account number last 4")["account_number_last4"] == "3457"


def test_ecuadors_buyer_label_and_the_francs_cfa_of_west_and_central_africa():
    items = [
        (40, 40, "Distribuidora Manglar del Guayas S.A.", 12),
        (40, 70, "FACTURA No. 001-002-000006574", 10),
        (40, 100, "Razón Social / Nombres y Apellidos:", 9),
        (250, 100, "Colegio Particular Bilingüe Los Samanes", 9),
        (40, 112, "Identificación (RUC/CI):", 9),
        (250, 112, "0991234567001", 9),
        (40, 200, "VALOR TOTAL", 9),
        (250, 200, "1,240.96", 9),
    ]
    assert read_pdf(items, "customer name")["customer_name"] == "Colegio Particular Bilingüe Los Samanes"
    assert norm.find_currency("Montant TTC  622 480 F CFA") == "XOF"
    assert norm.parse_amount("622 480 F CFA") == "622480.00"
    assert norm.find_currency("Wouri Logistique SARL  Douala, Cameroun\nNet à payer  857 408 FCFA") == "XAF"


def test_uruguays_series_and_number_label_and_a_logo_read_as_a_word_a_bracket_closes():
    words = _words_of(40, "Talleres Hidráulicos Salto Grande S.R.L.", size=14) + _words_of(80, "FACTURA")
    words += _line_of(110, (40, "Cliente"), (300, "e-Factura Serie-Nro."), (450, "A 14040"))
    words += _line_of(300, (40, "TOTAL"), (450, "$ 33.160,00"))
    assert _fields_read(words, "invoice number")["invoice_number"] == "A 14040"
    words = _words_of(40, "ice) Caju Bijagós Exportações, Lda.", size=16)
    words += _words_of(70, "Avenida Amílcar Cabral, 118") + _words_of(100, "NOTA DE ENCOMENDA", size=14)
    words += _line_of(130, (40, "Fornecedor"), (300, "Encomenda n.º:"), (420, "058/2025"))
    words += _line_of(142, (40, "Sacos & Embalagens da Guiné, Lda."), (300, "Data:"), (420, "05/04/2025"))
    assert _fields_read(words, "buyer")["buyer"] == "Caju Bijagós Exportações, Lda."


def test_a_date_label_with_its_capital_beside_the_customers_name_is_the_invoices():
    items = [
        (40, 40, "Enzgold Galvanotechnik GmbH", 12),
        (40, 70, "Lieferschein LS 8971 vom 02.05.2025", 9),  # the first date printed
        (40, 94, "Schmuckmanufaktur Lindner GmbH", 9),
        (350, 94, "Datum: 13.05.2025", 9),
        (40, 140, "Rechnung Nr. 25580", 12),
        (40, 170, "Endbetrag EUR", 9),
        (200, 170, "4.398,00", 9),
    ]
    assert read_pdf(items, "invoice date")["invoice_date"] == "2025-05-13"


def test_a_fertilisers_grade_is_no_date_that_orders_the_documents_dates():
    text = (
        "Gaza Agro-Serviços, Lda\nFACTURA\nFactura nº  FT 2025/318\nData de emissão  12/05/2025\n"
        "Data de vencimento  11/06/2025\nFertilizante NPK 12-24-12, saco 50 kg  30  2.950,00  88.500,00\n"
        "Total a pagar (MT)  254.504,00\n"
    )
    data = extract_text(text, "invoice date, due date", name="factura.txt").data
    assert (data["invoice_date"], data["due_date"]) == ("2025-05-12", "2025-06-11")


def test_a_trades_sign_over_the_shops_name_gives_way_to_the_company_printed_under_them():
    # the shop's kind in small capitals over its name set large and letter-spaced, as OCR boxed
    # them, then the company that keeps the bar: the merchant, as real receipts are labelled
    words = [Word("BAR", 100, 44, 120, 51, size=7, confidence=0.93)]
    words += [Word("PASTICCERIA", 124, 43, 190, 51.4, size=8.4, confidence=0.91)]
    words += [Word("RIDOLA", 107, 55.8, 184, 70.2, size=14.4, confidence=0.92)]
    words += _words_of(90, "Ridola Caffè S.n.c. di Lorusso Vito & C.", size=8)
    words += _words_of(102, "Via Domenico Ridola, 31 - 75100 Matera (MT)", size=8)
    words += _line_of(240, (40, "TOTALE COMPLESSIVO"), (200, "9,40"))
    assert _fields_read(words, "merchant name")["merchant_name"] == "Ridola Caffè S.n.c. di Lorusso Vito & C."


def test_a_site_named_by_the_buyers_initials_and_an_account_after_its_kind():
    items = [
        (40, 40, "Carrières et Travaux Mosans SA", 12),
        (40, 54, "Rue de Dave 120, 5100 Namur", 9),
        (40, 90, "BON DE COMMANDE", 14),
        (40, 120, "Fournisseur", 8),
        (300, 120, "Adresse de livraison", 8),
        (40, 132, "Aciers Hennuyers SPRL", 9),
        (300, 132, "CTM SA - Chantier « Quai de Meuse »", 9),
        (300, 240, "Total TVAC", 9),
        (400, 240, "4.912,30 €", 9),
    ]
    assert read_pdf(items, "buyer")["buyer"] == "Carrières et Travaux Mosans SA"
    items = [
        (40, 40, "Banco del Alto Valle", 12),
        (300, 40, "RESUMEN DE CUENTA", 12),
        (40, 80, "SOSA, MARTIN EZEQUIEL", 9),
        (200, 80, "Cuenta:", 9),
        (260, 80, "Caja de Ahorros en $ Nº 4021-0583216", 9),
    ]
    assert read_pdf(items, "account number last 4")["account_number_last4"] == "3216"
