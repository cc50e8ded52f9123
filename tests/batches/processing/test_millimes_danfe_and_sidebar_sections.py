"""Layouts from a held-out set opened this session (Hannover to Cebu, in all seven languages):
Tunisia's millimes, Brazil's DANFE (a header in two lines, its number over its series, a name set
in from its label, a carrier's plate), a statement's number of a year, a product's name over the
addressee's block, an icon's "@" under a phone, a résumé's two skill sections and a sidebar's
education beside a position, a window's block beside a column of labels on a scan, a card named
under its payment, an order's total in Dutch, dates ordered by most, a total whose label a scan
lost, guaraníes without cents, a company right of a label and a logo's monogram on a scan's top."""

from __future__ import annotations

from datetime import date

from PIL import Image, ImageDraw, ImageFont

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.contacts import currency, tender_line
from batches.processing.builtin.fallbacks.experience import years
from batches.processing.builtin.receipts import merchant
from batches.processing.builtin.values import LEGAL_FORM_AT_END, month_first
from batches.processing.layout import ocr
from batches.processing.layout.respell import with_signs_of_measure
from tests.batches.processing.extracting import read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of, _scanned_layout, _words_of

SFAX = [
    (40, 40, "MOULINS EL HAMMA & FILS", 14),
    (40, 58, "Route de Tunis km 6, 3000 Sfax  ·  contact@moulins.example", 8),
    (40, 100, "FACTURE N° 2025/0412", 11),
    (40, 114, "Sfax, le 14/05/2025", 9),
    (330, 100, "Client :", 9),
    (330, 114, "Boulangerie Centrale SARL", 9),
    (40, 160, "Désignation", 9),
    (250, 160, "Qté", 9),
    (300, 160, "P.U. HT", 9),
    (380, 160, "Montant HT", 9),
    (40, 176, "Farine de blé type 55, sac 50 kg", 9),
    (250, 176, "40", 9),
    (300, 176, "38,750", 9),
    (380, 176, "1 550,000", 9),
    (40, 190, "Semoule fine, sac 25 kg", 9),
    (250, 190, "12", 9),
    (300, 190, "0,875", 9),
    (380, 190, "10,500", 9),
    (300, 230, "Total HT", 9),
    (400, 230, "1 560,500", 9),
    (300, 244, "Total TVA 7 %", 9),
    (400, 244, "109,235", 9),
    (300, 258, "Timbre fiscal", 9),
    (400, 258, "1,000", 9),
    (300, 272, "Net à payer (TND)", 9),
    (400, 272, "1 670,735", 9),
]


def test_a_document_that_prints_millimes_reads_its_amounts_with_three_decimals():
    read = read_pdf(SFAX, "subtotal, tax, total, currency and line items")
    assert (read["subtotal"], read["tax"], read["total"], read["currency"]) == (
        "1560.500",
        "109.235",
        "1670.735",
        "TND",
    )
    # the stamp duty between the tax and the total is no misread tax
    assert [(item["unit_price"], item["amount"]) for item in read["line_items"]] == [
        ("38.750", "1550.000"),
        ("0.875", "10.500"),
    ]


def test_an_amount_worked_out_keeps_the_millimes_the_document_prints():
    # the second item's amount unprinted: quantity x unit price, to the millime
    items = [item for item in SFAX if item[2] != "10,500"]
    items = [(x, y, "13", size) if text == "12" else (x, y, text, size) for x, y, text, size in items]
    read = read_pdf(items, "line items")["line_items"]
    assert (read[1]["quantity"], read[1]["unit_price"], read[1]["amount"]) == (13, "0.875", "11.375")


def test_a_stamp_duty_between_the_tax_and_the_total_keeps_their_sum_whole():
    from tests.batches.processing.test_extract_layouts import extract, pdf

    sources = extract(pdf(SFAX), "doc.pdf", prompt="subtotal, tax and total", strategy="global").sources
    assert all("notes" not in sources[name] for name in ("subtotal", "tax", "total"))
    # without the stamp's line the sum is broken, and said so
    unstamped = [item for item in SFAX if item[2] not in ("Timbre fiscal", "1,000")]
    sources = extract(pdf(unstamped), "doc.pdf", prompt="subtotal, tax and total", strategy="global").sources
    assert "subtotal + tax does not equal the total" in sources["total"]["notes"]


def test_three_decimals_only_where_the_document_prints_millimes():
    assert norm.prints_thousandths("Total TND 1 234,500  Remise 0,250")
    # a family's "& Fils", two decimals, or no number that can only have three: none
    assert not norm.prints_thousandths("Ben Salah & Fils  Total 1 234,50 €")
    assert not norm.prints_thousandths("KWD  Total 1,250")
    assert norm.parse_amount("11,200") == "11200.00"
    with norm.money_decimals(3):
        assert (norm.parse_amount("11,200"), norm.parse_amount("27 296,000")) == ("11.200", "27296.000")
        assert norm.parse_amount("1,296,400") == "1296400.00"  # one mark throughout: thousands
        assert norm.shows_its_decimals("2 183,840") and not norm.shows_its_decimals("2 183,84")


DANFE = [
    (30, 30, "RECEBEMOS DE FUNDIÇÃO SERRA AZUL LTDA OS PRODUTOS CONSTANTES DA NOTA FISCAL", 6),
    (30, 44, "DATA DE RECEBIMENTO", 6),
    (480, 44, "Nº 000.004.812", 9),
    (488, 56, "SÉRIE 002", 8),
    (30, 84, "IDENTIFICAÇÃO DO EMITENTE", 6),
    (280, 84, "DANFE", 12),
    (70, 98, "FUNDIÇÃO SERRA AZUL INDÚSTRIA METALÚRGICA", 9),
    (70, 108, "LTDA", 9),
    (30, 130, "Av. das Indústrias, 880 - Londrina - PR", 7),
    (30, 170, "DESTINATÁRIO / REMETENTE", 7),
    (30, 182, "NOME / RAZÃO SOCIAL", 6),
    (300, 182, "CNPJ / CPF", 6),
    (460, 182, "DATA DA EMISSÃO", 6),
    (30, 192, "MARCENARIA PARANÁ MÓVEIS LTDA", 8),
    (300, 192, "12.345.678/0001-90", 8),
    (460, 192, "03/06/2025", 8),
    (30, 220, "V. TOTAL PRODUTOS", 6),
    (200, 220, "VALOR TOTAL IPI", 6),
    (400, 220, "V. TOTAL DA NOTA", 6),
    (30, 230, "3.900,00", 8),
    (200, 230, "195,00", 8),
    (400, 230, "4.095,00", 8),
    (30, 260, "TRANSPORTADOR / VOLUMES TRANSPORTADOS", 7),
    (30, 272, "NOME / RAZÃO SOCIAL", 6),
    (250, 272, "FRETE POR CONTA", 6),
    (340, 272, "PLACA DO VEÍC.", 6),
    (30, 282, "TRANSLONDRINA CARGAS LTDA", 8),
    (250, 282, "1-DESTINATÁRIO", 8),
    (340, 282, "BRQ4C21", 8),
    (30, 310, "CÓDIGO", 6),
    (80, 310, "DESCRIÇÃO DO PRODUTO", 6),
    (260, 310, "CST", 6),
    (300, 310, "QUANT.", 6),
    (350, 310, "VALOR", 6),
    (400, 310, "VALOR", 6),
    (450, 310, "VALOR", 6),
    (350, 318, "UNIT.", 6),
    (400, 318, "TOTAL", 6),
    (450, 318, "IPI", 6),
    (30, 332, "501", 7),
    (80, 332, "GRELHA FERRO FUNDIDO 40X40", 7),
    (260, 332, "0102", 7),
    (300, 332, "150,0000", 7),
    (350, 332, "22,00", 7),
    (400, 332, "3.300,00", 7),
    (450, 332, "165,00", 7),
    (30, 346, "502", 7),
    (80, 346, "TAMPA DE INSPEÇÃO 30X30", 7),
    (260, 346, "0102", 7),
    (300, 346, "40,0000", 7),
    (350, 346, "15,00", 7),
    (400, 346, "600,00", 7),
    (450, 346, "30,00", 7),
]


def test_a_danfes_boxes_name_its_number_parties_and_totals():
    read = read_pdf(DANFE, "invoice number, vendor, customer, subtotal, tax and total")
    assert read["invoice_number"] == "000.004.812"  # not its series under it
    assert read["vendor_name"] == "FUNDIÇÃO SERRA AZUL INDÚSTRIA METALÚRGICA LTDA"  # set in from its label
    assert read["customer_name"] == "MARCENARIA PARANÁ MÓVEIS LTDA"  # not the carrier's plate
    assert (read["subtotal"], read["tax"], read["total"]) == ("3900.00", "195.00", "4095.00")


def test_a_header_set_in_two_lines_names_its_columns_by_both():
    items = read_pdf(DANFE, "line items")["line_items"]
    assert [(item["quantity"], item["unit_price"], item["amount"]) for item in items] == [
        (150, "22.00", "3300.00"),
        (40, "15.00", "600.00"),
    ]


def test_a_statements_number_of_a_year_is_no_opening_balance():
    items = [
        (40, 40, "Volksbank Kasseler Land eG  ·  Kontoauszug", 12),
        (40, 80, "Kontoinhaber  Mareike Sommer", 9),
        (40, 94, "IBAN  DE44 5206 0410 0004 1187 22", 9),
        (40, 108, "Zeitraum  01.08.2025 \u2013 31.08.2025", 9),
        (40, 140, "Kontostand am 31.07.2025, Auszug Nr. 7/2025", 9),
        (400, 140, "1.904,55 +", 9),
        (40, 160, "04.08.  Lastschrift Stadtwerke Kassel", 9),
        (400, 160, "88,00 -", 9),
        (40, 200, "Kontostand am 31.08.2025, Auszug Nr. 8/2025", 9),
        (400, 200, "1.816,55 +", 9),
    ]
    read = read_pdf(items, "opening balance and closing balance")
    assert (read["opening_balance"], read["closing_balance"]) == ("1904.55", "1816.55")


def test_an_accounts_product_over_its_number_is_not_the_holder_over_the_address():
    items = [
        (80, 40, "PRAIRIE STATE CREDIT UNION", 12),
        (420, 40, "Member Services +1 612-555-0190", 8),
        (340, 110, "Premier Savings", 10),
        (60, 118, "TOMASZ J NOWICKI", 9),
        (60, 130, "4410 LYNDALE AVE S", 9),
        (340, 130, "Account number: ******7719", 9),
        (60, 142, "MINNEAPOLIS MN 55419-1012", 9),
        (340, 142, "Statement period: 07/01/2025 - 07/31/2025", 9),
        (50, 200, "Beginning balance on 07/01/2025", 9),
        (300, 200, "$4,210.08", 9),
        (50, 214, "Ending balance on 07/31/2025", 9),
        (300, 214, "$4,388.41", 9),
    ]
    assert read_pdf(items, "account holder")["account_holder"] == "TOMASZ J NOWICKI"


def test_a_contact_line_with_a_phone_is_no_address_under_a_name():
    words = _words_of(40, "LAKESHORE MUTUAL", size=16) + _words_of(58, "Customer Care +1 218-555-0147")
    words += _words_of(72, "BANK OF DULUTH", size=16) + _words_of(120, "RAFAEL M ORTEGA")
    words += _words_of(132, "918 SUPERIOR ST") + _words_of(144, "DULUTH MN 55802")
    words += _words_of(200, "Beginning balance $1,200.00") + _words_of(214, "Ending balance $1,350.00")
    assert _fields_read(words, "account holder")["account_holder"] == "RAFAEL M ORTEGA"


def test_an_icons_at_sign_under_a_phones_line_is_no_part_of_the_address():
    text = "Giulia Sanna\n☎ +39 349 555 0182\n@ giulia.sanna@example.com\nCompetenze"
    assert norm.parse_email(text) == "giulia.sanna@example.com"
    assert norm.parse_email("k.weiss @posteo.de") == "k.weiss@posteo.de"  # spaced on its line: mended


def test_a_resumes_skills_are_those_of_all_its_skill_sections():
    items = [
        (57, 50, "Curriculum Vitae", 14),
        (71, 84, "INFORMAZIONI PERSONALI", 8),
        (193, 84, "Chiara Useli", 12),
        (193, 110, "chiara.useli@example.com", 9),
        (60, 160, "ESPERIENZA PROFESSIONALE", 9),
        (114, 180, "03/2019 \u2013 oggi", 9),
        (193, 180, "Controller", 9),
        (74, 300, "Competenze professionali", 8),
        (193, 300, "▪ Controllo di gestione", 9),
        (193, 313, "▪ Budget e forecast", 9),
        (98, 340, "Competenze digitali", 8),
        (193, 340, "SAP CO", 9, "DejaVuSans"),
        (240, 340, "·", 9, "DejaVuSans"),
        (250, 340, "Power BI", 9, "DejaVuSans"),
        (112, 370, "Patente di guida", 8),
        (193, 370, "B", 9),
    ]
    read = read_pdf(items, "full name and skills")
    assert read["full_name"] == "Chiara Useli"
    assert read["skills"] == ["Controllo di gestione", "Budget e forecast", "SAP CO", "Power BI"]


def test_a_sidebars_education_beside_the_body_ends_no_position_of_the_body():
    words = [*_line_of(100, (50, "WORK EXPERIENCE"))]
    words += [*_line_of(120, (50, "Team Leader"), (280, "Jun 2019 \u2013 Present"))]
    words += [*_line_of(140, (50, "Ran daily huddles."), (400, "EDUCATION"))]
    words += [*_line_of(160, (50, "Agent"), (400, "2010 \u2013 2014"))]
    words += [*_line_of(180, (50, "Harbour Contact Centre"), (280, "Sep 2015 \u2013 May 2019"))]
    words += [*_line_of(200, (400, "CERTIFICATIONS"))]
    layout = _scanned_layout(words)
    lines = [(line.page, line.text) for line in layout.lines]
    found = years(lines, "\n".join(text for _page, text in lines), layout)
    # counted from the body's first position, not the sidebar's studies beside it
    assert found is not None and found.value == date.today().year - 2015
    # the body's heading on the right of a left sidebar's rating closes its own studies off
    words = [*_line_of(100, (30, "Compétences"), (220, "Expériences professionnelles"))]
    words += _line_of(
        120, (30, "Relations presse"), (220, "Chargée de communication"), (480, "depuis mars 2019")
    )
    words += _line_of(
        140, (30, "Rédaction web"), (220, "Attachée de presse"), (460, "sept. 2015 - févr. 2019")
    )
    words += _line_of(160, (30, "0000"), (220, "Formation"))
    words += _line_of(180, (30, "Langues"), (220, "Master Information-Communication"), (500, "2010 - 2012"))
    layout = _scanned_layout(words)
    lines = [(line.page, line.text) for line in layout.lines]
    found = years(lines, "\n".join(text for _page, text in lines), layout)
    assert found is not None and found.value == date.today().year - 2015


def test_a_scans_window_block_beside_a_column_of_labels_is_no_seller():
    words = [*_line_of(60, (90, "Alpenbüro Handel AG"), (500, "7302 Landquart"))]
    words += _line_of(
        150, (60, "Architekturbüro Brunold & Partner GmbH"), (340, "Rechnung Nr"), (420, "25-0419")
    )
    words += _line_of(160, (340, "Datum"), (420, "12.05.2025"))
    words += _line_of(170, (60, "Herr Marco Brunold"))
    words += _line_of(180, (340, "Kunden-Nr"), (420, "K-2231"))
    words += _line_of(190, (60, "Hauptstrasse 12"))
    words += _line_of(200, (340, "Zahlbar bis"), (420, "11.06.2025"))
    words += _line_of(210, (60, "7000 Chur"))
    words += _line_of(300, (60, "Total CHF"), (420, "1'080.50"))
    read = _fields_read(words, "vendor and customer")
    assert (read["vendor_name"], read["customer_name"]) == (
        "Alpenbüro Handel AG",
        "Architekturbüro Brunold & Partner GmbH",
    )


def test_the_card_a_slip_names_a_few_lines_under_its_electronic_payment():
    lines = [(1, "TOTALE COMPLESSIVO  24,10"), (1, "Pagamento elettronico  24,10")]
    lines += [(1, "Importo pagato  24,10"), (1, "- - - PAGAMENTO CON BANCOMAT - - -"), (1, "GRAZIE")]
    found = tender_line(lines)
    assert found is not None and found.value == "BANCOMAT"
    # a card's number line under the payment is the slip's record of the card; contactless, a way
    lines = [(1, "TOTAL  R 1 225,80"), (1, "CARD  R 1 225,80"), (1, "VISA ****1017"), (1, "APPROVED")]
    found = tender_line(lines)
    assert found is not None and found.value == "CARD"
    lines = [(1, "TOTAL TTC  29,50"), (1, "CARTE BANCAIRE  29,50"), (1, "Paiement sans contact")]
    found = tender_line(lines)
    assert found is not None and found.value == "CARTE BANCAIRE"


def test_an_orders_total_in_dutch_compounds():
    items = [
        (57, 40, "INKOOPORDER  IO-25-0771", 12),
        (57, 100, "Leverancier", 9),
        (57, 114, "Zorgtech Levering B.V.", 9),
        (345, 200, "Ordertotaal excl. btw", 9),
        (496, 200, "€ 1.240,00", 9),
    ]
    assert read_pdf(items, "purchase order number and total")["total"] == "1240.00"


def test_numeric_dates_are_ordered_by_most_of_them_and_a_tax_number_is_none():
    # "RNC 1-31-4882 2-5": a tax number OCR split, its "year" no year
    assert month_first("RNC 1-31-4882 2-5  Del 01/05/2025 al 31/05/2025", language="es") is False
    assert month_first("04/18/2025  04/25/2025  13/05/2025", language="en") is True


def test_a_total_whose_label_a_scan_lost_is_the_net_plus_its_tax_printed_under_them():
    words = _words_of(40, "ORDEN DE COMPRA No. OC-2025-0331", size=12)
    words += _line_of(300, (300, "SUBTOTAL"), (460, "$ 8.400.000"))
    words += _line_of(314, (300, "IVA 19 %"), (460, "$ 1.596.000"))
    words += _line_of(330, (460, "$ 9.996.000"))
    assert _fields_read(words, "purchase order number and total")["total"] == "9996000.00"


def test_a_currency_of_no_cents_is_the_countrys_where_its_sign_was_misread():
    lines = [(1, "SUPERMERCADO SAN LORENZO S.A."), (1, "Tel: +595 21 555 610"), (1, "TOTAL G  187.800")]
    found = currency(lines, "\n".join(text for _page, text in lines))
    assert found is not None and found.value == "PYG"


def test_a_scans_top_line_a_label_opens_gives_the_company_in_its_last_cell():
    words = [*_line_of(40, (300, "Invoice Date"), (445, "Kauri Coast Joinery Ltd"))]
    words += _line_of(52, (48, "Harbourside Wines Ltd"), (300, "2 Jun 2025"), (445, "12 Quay Street"))
    words += _line_of(64, (48, "Attention: Accounts"), (445, "DUNEDIN 9016"))
    layout = _scanned_layout(words)
    found = merchant(layout, taken=frozenset({"harbourside wines ltd"}))
    assert found is not None and found[0] == "Kauri Coast Joinery Ltd"


def test_a_logos_monogram_beside_the_name_on_a_scans_top_is_no_part_of_it():
    words = [*_line_of(40, (70, "SG"), (120, "Studio Tecnico Sartori & Galli"), (400, "FATTURA"))]
    words += _line_of(60, (70, "Via Roma 4, 24121 Bergamo (BG)"))
    found = merchant(_scanned_layout(words))
    assert found is not None and found[0] == "Studio Tecnico Sartori & Galli"


def test_an_italian_cooperatives_legal_form():
    assert LEGAL_FORM_AT_END.search("Cantina Sociale di Soave Soc. Coop.")
    assert LEGAL_FORM_AT_END.search("Caseificio Valtellina S.c.a.r.l.")


def test_ocrs_readings_of_a_diameters_sign_and_of_a_grave_a_before_a_count():
    def read(text: str, language: str) -> str:
        return " ".join(word.text for word in with_signs_of_measure(_words_of(100, text), language))

    assert read("Drehteil Welle @ 25 x 180 mm", "de") == "Drehteil Welle Ø 25 x 180 mm"
    assert read("Forstnerbohrer © 35 mm", "de") == "Forstnerbohrer Ø 35 mm"
    assert (
        read("Karton a 100", "de") == "Karton à 100"
        and read("Packung & 25 Stk.", "de") == "Packung à 25 Stk."
    )
    assert read("Tabl. a 100", "de") == "Tabl. à 100"
    # an "@" before a price ("2 @ 5.00"); Spanish "a 30 días"; a word OCR did not end
    assert read("2 @ 5.00 each", "en") == "2 @ 5.00 each"
    assert read("Pago a 30 días", "es") == "Pago a 30 días"


def test_a_dark_sidebars_grey_heading_is_read_with_its_white_items():
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 34)
    small = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 30)
    image = Image.new("L", (1240, 1754), 240)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 420, 1753), fill=62)
    draw.text((40, 300), "COMPETÊNCIAS", font=font, fill=108)  # mid grey on the dark: a heading
    for n, skill in enumerate(["Python", "Power BI", "Looker Studio"]):
        draw.text((40, 370 + 60 * n), skill, font=small, fill=240)
    part = ocr.light_on_dark(image, (0, 0, 421, 1754), grey_headings=True)
    read = " ".join(word.text for word in ocr.recognise_region(part, deadline_seconds=60))
    assert "COMPET" in read and "Looker Studio" in read


def test_a_quantity_and_its_description_ocr_ran_together_under_headings_it_ran_together():
    words = _words_of(40, "INVOICE 10552", size=14)
    words += _line_of(300, (73, "Quantity Details"), (392, "Unit Price"), (483, "NetAmt"))
    words += _line_of(316, (87, "2,000 Printed mailer boxes 250 mm, 2 colour print,"), (400, "0.62"))
    words += _line_of(316, (483, "1,240.00"))
    words += _line_of(332, (89, "5,000 Coffee bag labels, on a 76mm core"), (400, "0.09"), (491, "450.00"))
    words += _line_of(360, (387, "Invoice Total"), (536, "1,690.00"))
    items = _fields_read(words, "line items")["line_items"]
    assert [(item["quantity"], item["unit_price"], item["amount"]) for item in items] == [
        (2000, "0.62", "1240.00"),
        (5000, "0.09", "450.00"),
    ]
    assert items[0]["description"] == "Printed mailer boxes 250 mm, 2 colour print,"
