"""Layouts that a held-out set of Canadian, Belgian, Dutch, Brazilian, Irish, Indian, American,
Italian, Spanish, Mexican, Portuguese and Swiss documents printed: an order's terms over its item
table, a row of signatures' captions, a net total alone, a total less a discount, four tax lines,
a protected origin's "DOP", Europass skills, a CV's certificate years, pages scanned on grey paper."""

from __future__ import annotations

from datetime import date

import numpy
from PIL import Image, ImageDraw

from batches.processing.builtin.candidates import find_candidates
from batches.processing.builtin.classify import classify
from batches.processing.builtin.engine import extract_fields
from batches.processing.builtin.fallbacks.experience import years
from batches.processing.builtin.labels import label_index
from batches.processing.builtin.readers import ReadDocument
from batches.processing.builtin.values import DateOrder
from batches.processing.builtin.vocabulary import field_type
from batches.processing.layout import ocr, scanned
from batches.processing.layout.geometry import number_lines
from batches.processing.layout.model import Layout, Page, Source, Word
from batches.processing.prompts import fields_for_prompt
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of, _scanned_layout, _words_of

ORDER_TERMS = [
    (113, 40, "Bluenose Marine Outfitters Inc.", 10),
    (381, 45, "PURCHASE ORDER", 14),
    (67, 250, "REQUISITIONER", 7),
    (184, 250, "SHIP VIA", 7),
    (294, 250, "F.O.B.", 7),
    (377, 250, "SHIPPING TERMS", 7),
    (481, 250, "PAYMENT TERMS", 7),
    (74, 267, "M. LeBlanc", 9),
    (177, 267, "Day & Ross", 9),
    (282, 267, "Destination", 9),
    (394, 267, "Prepaid", 9),
    (500, 267, "Net 30", 9),
    (48, 299, "ITEM #", 8),
    (110, 299, "DESCRIPTION", 8),
    (381, 299, "QTY", 8),
    (420, 299, "UNIT PRICE", 8),
    (534, 299, "TOTAL", 8),
]


def test_an_orders_terms_read_as_a_header_give_way_to_the_item_table_under_them():
    """ "Destination" is near "Designation" and "Net 30" names an amount: the terms' values look
    like a header, but the item table's own header under them names more columns."""
    rows = [
        ("FR-1216", 'Double-braid polyester line 1/2" x 600 ft spool', "4", "412.00", "1,648.00"),
        ("FR-3310", 'Galvanized shackle 3/8", bow type', "60", "6.85", "411.00"),
        ("FR-9900", "Custom splicing labour (hours)", "6", "72.00", "432.00"),
    ]
    items = list(ORDER_TERMS)
    for n, (code, description, qty, price, amount) in enumerate(rows):
        y = 316 + 18 * n
        items += [(48, y, code, 8), (110, y, description, 8), (392, y, qty, 8), (446, y, price, 8)]
        items += [(527, y, amount, 8)]
    data = read_pdf(items, "line items")
    assert [item["description"] for item in data["line_items"]] == [row[1] for row in rows]
    assert [item["quantity"] for item in data["line_items"]] == [4, 60, 6]


def test_a_lone_to_over_the_addressee_is_no_letterhead():
    """Belgium's "Aan" alone over the customer's block: the seller is the logo's company."""
    items = [
        (198, 61, "Factuur", 20),
        (198, 125, "Aan", 8),
        (40, 136, "SCHELDE", 14),
        (198, 136, "Dirk Janssens", 10),
        (40, 152, "KOELTECHNIEK", 14),
        (198, 152, "Kapelstraat 44", 10),
        (198, 165, "2640 Mortsel", 10),
        (23, 234, "Schelde Koeltechniek BV", 8),
        (23, 243, "Noorderlaan 211", 8),
    ]
    assert read_pdf(items, "vendor name")["vendor_name"] == "Schelde Koeltechniek BV"


def test_an_order_that_prints_only_its_net_total_totals_that():
    items = [
        (51, 60, "INKOOPORDER", 16),
        (51, 90, "Ordernummer", 9),
        (160, 90, "IO-45012", 9),
        (360, 477, "Totaal excl. btw", 9),
        (478, 477, "€ 12.827,50", 9),
        (51, 528, "Betaling 60 dagen na factuurdatum.", 8),
    ]
    assert read_pdf(items, "po number, total") == {"po_number": "IO-45012", "total": "12827.50"}


def test_a_total_less_the_discount_printed_under_it_is_what_is_owed():
    text = (
        "EMPÓRIO SAVASSI COMÉRCIO DE ALIMENTOS LTDA\n"
        "Qtde. total de itens        7\n"
        "Valor total R$         232,54\n"
        "Desconto R$              8,00\n"
        "Valor a Pagar R$       224,54\n"
    )
    assert extract_text(text, "total", name="nfce.txt").data == {"total": "224.54"}


def test_a_row_of_signatures_captions_gives_none_of_them_as_a_value():
    """ "Faturar para  Frete" are two labels over their values; the order's foot prints the
    buyer's clerk under "Comprador" beside the approver's caption."""
    items = [
        (38, 97, "Data de emissão", 7),
        (123, 97, "Comprador", 7),
        (38, 108, "12/01/2026", 9),
        (123, 108, "Renata Albuquerque", 9),
        (38, 245, "Faturar para", 7),
        (378, 245, "Frete", 7),
        (38, 255, "Construtora Paulistana Horizonte S.A. - CNPJ 08.442.917/0001-55", 9),
        (378, 255, "CIF - por conta do fornecedor", 9),
        (99, 577, "Comprador", 8),
        (233, 577, "Aprovação - Gerente de Suprimentos", 8),
        (435, 577, "De acordo - Fornecedor", 8),
        (83, 589, "Renata Albuquerque", 9),
        (261, 589, "Marcos T. Figueiredo", 9),
    ]
    assert read_pdf(items, "buyer")["buyer"] == "Construtora Paulistana Horizonte S.A."


def test_three_party_headings_in_a_row_are_captions_not_values():
    items = [
        (45, 189, "Bill To", 9),
        (215, 189, "Service Location", 9),
        (386, 189, "Remit To", 9),
        (45, 209, "Harbourview Clinic DAC", 9),
        (215, 209, "Harbourview Clinic", 9),
        (386, 209, "Shandon Facility Services Ltd", 9),
        (45, 220, "Accounts Payable", 9),
        (215, 220, "Floors 1-3, Penrose Wharf", 9),
    ]
    assert read_pdf(items, "customer name")["customer_name"] == "Harbourview Clinic DAC"


def test_indias_central_and_state_tax_at_two_rates_sum_to_the_tax():
    """No subtotal label: the tax summary's "Total" row prints the taxable value."""
    items = [
        (509, 461, "2,86,660.00", 8),
        (197, 475, "CGST @ 9%", 8),
        (516, 475, "24,206.40", 8),
        (197, 486, "SGST @ 9%", 8),
        (516, 486, "24,206.40", 8),
        (197, 497, "CGST @ 6%", 8),
        (521, 497, "1,062.00", 8),
        (197, 509, "SGST @ 6%", 8),
        (521, 509, "1,062.00", 8),
        (222, 528, "Total", 9),
        (486, 528, "₹ 3,37,196.80", 9, "DejaVuSans"),
        (36, 701, "Total", 8),
        (159, 701, "2,86,660.00", 8),
        (291, 701, "25,268.40", 8),
        (415, 701, "25,268.40", 8),
        (523, 701, "50,536.80", 8),
    ]
    data = read_pdf(items, "subtotal, tax, total")
    assert data == {"subtotal": "286660.00", "tax": "50536.80", "total": "337196.80"}


def test_a_shops_name_wrapped_at_its_ampersand_goes_on():
    items = [
        (36, 45, "LONE STAR HARDWARE", 11),
        (62, 56, "&", 11),
        (76, 56, "SUPPLY", 11),
        (55, 66, "4417 Burnet Rd", 8),
        (51, 74, "Austin, TX 78756", 8),
        (7, 300, "TOTAL", 9),
        (140, 300, "$44.19", 9),
    ]
    assert read_pdf(items, "merchant name")["merchant_name"] == "LONE STAR HARDWARE & SUPPLY"


def test_a_protected_origins_dop_is_no_currency_and_a_discount_column_prices_its_row():
    """Italy's "Mozzarella … DOP 250 g" is no Dominican peso; "4  21,50  5,00  81,70" is 4 x 21,50
    less the 5 % printed in the discount's column (not 21,50 x 5,00 less 24 %)."""
    items = [
        (42, 248, "Codice", 7),
        (84, 248, "Descrizione", 7),
        (362, 248, "Q.tà", 7),
        (399, 248, "Prezzo", 7),
        (441, 248, "Sc.%", 7),
        (489, 248, "Importo", 7),
        (42, 267, "FA025", 8),
        (84, 267, "Farina tipo 00 per pizza W 300, sacco 25 kg", 8),
        (376, 267, "4", 8),
        (406, 267, "21,50", 8),
        (445, 267, "5,00", 8),
        (497, 267, "81,70", 8),
        (42, 291, "MZ250", 8),
        (84, 291, "Mozzarella di bufala campana DOP 250 g", 8),
        (370, 291, "80", 8),
        (411, 291, "2,60", 8),
        (497, 291, "208,00", 8),
        (42, 315, "PR500", 8),
        (84, 315, "Provolone del Monaco DOP 2,5 kg", 8),
        (376, 315, "6", 8),
        (406, 315, "21,90", 8),
        (497, 315, "131,40", 8),
        (357, 360, "TOTALE DOCUMENTO €", 9),
        (506, 360, "421,10", 9),
    ]
    data = read_pdf(items, "currency, line items")
    assert data["currency"] == "EUR"
    farina = data["line_items"][0]
    assert (farina["quantity"], farina["unit_price"], farina["amount"]) == (4, "21.50", "81.70")


def test_a_partys_details_heading_and_mexicos_serie_y_folio_label_their_values():
    items = [
        (108, 49, "IÑAKI ETXEBERRIA", 14, "DejaVuSans"),
        (58, 124, "DATOS DEL EMISOR", 8, "DejaVuSans"),
        (310, 124, "DATOS DEL CLIENTE", 8),
        (58, 141, "Iñaki Etxeberria Arana", 9, "DejaVuSans"),
        (310, 141, "Construcciones Deusto Berri, S.L.", 9),
        (391, 160, "Serie y Folio:", 8),
        (532, 160, "A-1287", 8),
        (34, 180, "Folio fiscal (UUID): 6F2B9C1E-4D7A-4E21-9B53-0C8A2F71D3E5", 8),
    ]
    data = read_pdf(items, "invoice number, vendor name")
    assert data == {"invoice_number": "A-1287", "vendor_name": "Iñaki Etxeberria Arana"}


def test_a_value_left_of_a_label_ending_in_a_colon_is_not_its_value():
    """A scan read "Folio:" and only "A-" of the number after it: the tax regime's "601" on its
    left is no value of it (its colon points right)."""
    read = [  # the scan's words as OCR boxed them, on its two text lines
        ("TALLERES", 309, 151, 444, 172), ("FACTURA", 1248, 154, 1378, 174),
        ("Régimen", 311, 203, 400, 224), ("fiscal:", 408, 203, 465, 221), ("601", 474, 205, 511, 222),
        ("-", 520, 215, 526, 217), ("General", 533, 205, 611, 222), ("de", 619, 206, 643, 222),
        ("Ley", 652, 207, 685, 227), ("Personas", 694, 208, 783, 223), ("Morales", 792, 207, 869, 223),
        ("Folio:", 1168, 209, 1218, 223),
        ("A-", 1469, 213, 1485, 226),
    ]  # fmt: skip
    words = [Word(text, *box, confidence=0.9, line=1 if box[1] < 190 else 2) for text, *box in read]
    kinds = {"invoice_number": field_type("invoice_number")}
    found = find_candidates(_scanned_layout(words), label_index(tuple(kinds)), kinds, DateOrder(False))
    assert "601" not in [candidate.value for candidate in found]


def test_a_certificates_year_does_not_date_the_cv_and_a_month_by_its_dash_does():
    """ "Green Belt (2021)" is when a certificate was won, not when the CV was written: a
    position held "atualmente" counts to today. "Updated 13-Nov-2018" dates it."""
    held = [
        (1, "Engenheira de Produto Sénior  set. 2020 \u2013 atualmente"),
        (1, "Engenheira de Projeto  fev. 2017 \u2013 ago. 2020"),
        (1, "Engenheira Estagiária  mar. 2016 \u2013 jan. 2017"),
        (1, "CERTIFICAÇÕES"),
        (1, "Lean Six Sigma Green Belt (2021)"),
    ]
    found = years(held, "\n".join(line for _page, line in held))
    assert found is not None and found.value == date.today().year - 2016  # from March 2016 to today
    dated = [
        (1, "05/2014\u2013present  Finance Manager"),
        (1, "12/2009\u201312/2011  Accounts Assistant"),
        (1, "Updated 13-Nov-2018"),
    ]
    found = years(dated, "\n".join(line for _page, line in dated))
    # May 2014 to November 2018 and December 2009 to December 2011, both ends' months counted: 80 months
    assert found is not None and found.value == 6


def test_a_sidebars_heading_beside_the_bodys_education_does_not_close_it():
    lines = [
        (1, "Expérience professionnelle  Coordonnées"),
        (1, "mars 2021 \u2013 aujourd'hui  ☎ +41 79 555 23 41"),
        (1, "avr. 2016 \u2013 août 2017"),
        (1, "Formation  Organisation d'événements"),
        (1, "2013 \u2013 2015"),
        (1, "Master en sciences de la communication et des médias  Langues"),
        (1, "2010 \u2013 2013  Anglais \u2013 C1"),
        (1, "Bachelor en lettres  Allemand \u2013 B2"),
    ]
    found = years(lines, "\n".join(line for _page, line in lines))
    today = date.today()
    since_march_2021 = 12 * today.year + today.month - (12 * 2021 + 3) + 1
    assert found is not None and found.value == (since_march_2021 + 17) // 12  # not from the degree of 2010


def test_a_europass_cvs_professional_skills_are_its_skills_not_its_languages():
    items = [
        (53, 434, "ISTRUZIONE E FORMAZIONE", 10),
        (193, 453, "Diploma di tecnico dei servizi per l'enogastronomia", 9),
        (64, 522, "COMPETENZE PERSONALI", 10),
        (119, 541, "Lingua madre", 8),
        (193, 541, "italiano", 9),
        (128, 557, "Altre lingue", 8),
        (193, 557, "inglese B2 · spagnolo A2", 9),
        (69, 579, "Competenze professionali", 8),
        (193, 579, "▸ Cucina mediterranea e tradizionale campana", 9, "DejaVuSans"),
        (193, 594, "▸ Pizza napoletana al forno a legna", 9, "DejaVuSans"),
        (193, 609, "▸ HACCP", 9, "DejaVuSans"),
        (193, 624, "▸ Food cost", 9, "DejaVuSans"),
        (108, 648, "Patente di guida", 8),
        (193, 648, "B", 9),
    ]
    assert read_pdf(items, "skills")["skills"] == [
        "Cucina mediterranea e tradizionale campana",
        "Pizza napoletana al forno a legna",
        "HACCP",
        "Food cost",
    ]


def test_a_scans_logo_word_over_its_company_and_a_monogram_over_a_tagline():
    """ "ISARTAL" over "Präzisionswerkzeuge GmbH", printed whole on page 2's head; a freelancer's
    "Marco Bellandi" over "MB  Consulenza informatica …" (the logo's initials and a tagline)."""
    words = _words_of(40, "ISARTAL", size=20) + _words_of(70, "Präzisionswerkzeuge GmbH", size=12)
    words += _words_of(140, "Rechnung RE-2025-04187") + _words_of(200, "Rechnungsbetrag 2.634,27 €")
    words += _words_of(700, "Isartal Präzisionswerkzeuge GmbH Rechnung RE-2025-04187 vom 14.10.2025")
    assert _fields_read(words, "vendor name")["vendor_name"] == "Isartal Präzisionswerkzeuge GmbH"
    words = _words_of(40, "Marco Bellandi", size=14)
    words += _line_of(62, (40, "MB"), (80, "Consulenza informatica e sviluppo software"))
    words += _words_of(100, "Via Lodovico Settala 41 - 20124 Milano (MI)")
    words += _words_of(200, "FATTURA 23/2026") + _words_of(240, "Totale documento 5.990,20")
    assert _fields_read(words, "vendor name")["vendor_name"] == "Marco Bellandi"


def test_cash_paid_with_its_words_before_it_gives_the_total_with_the_change():
    text = (
        "Trattoria Laguna\n"
        "SUBTOTALE  26,35\n"
        "Pagato con Contanti  30,00\n"
        "RESTO  3,65\n"
        "di cui IVA 10%  -  2,40\n"
    )
    assert extract_text(text, "total", name="scontrino.txt").data == {"total": "26.35"}


def test_a_page_scanned_on_grey_paper_is_made_white_where_its_paper_is_darkest():
    """A scan on grey paper darker on one side (paper 105 there, 185 on the other): the dark side's
    paper is made white as the light side's is, its ink kept."""
    width, height = 600, 400
    shade = numpy.tile(numpy.linspace(105, 185, width, dtype=numpy.float32), (height, 1))
    image = Image.fromarray(shade.astype(numpy.uint8))
    draw = ImageDraw.Draw(image)
    for y in range(40, 360, 40):
        draw.text((20, y), "Titulaire Julien Schaeffer 2 315,40", fill=20)
    flat = numpy.asarray(ocr.flattened(image))
    assert flat[10:30, 10:60].mean() > 200  # the dark side's paper
    assert flat[10:30, 540:590].mean() > 200  # the light side's
    assert flat[40:60, 20:200].min() < 80  # its ink stays ink


def test_a_scans_tax_lines_with_their_base_and_a_decimal_point_read_as_a_colon():
    """ "€5,153:20" is €5,153.20; "VAT E 13.5% on €4,222.00" (its "@" read "E") and "VAT  23% on
    €931.20" print the base before their tax: the tax is the two taxes' sum."""
    words = [
        *_line_of(100, (600, "Subtotal (net)"), (900, "€5,153:20")),
        *_line_of(130, (600, "VAT E 13.5% on €4,222.00"), (900, "€569.97")),
        *_line_of(160, (600, "VAT"), (660, "23% on €931.20"), (900, "€214.18")),
        *_line_of(190, (600, "TOTAL DUE (EUR)"), (900, "€5,937.35")),
    ]
    assert _fields_read(words, "subtotal, tax, total") == {
        "subtotal": "5153.20",
        "tax": "784.15",
        "total": "5937.35",
    }


def test_a_chilean_tax_office_with_its_dots_and_a_rut_name_the_peso():
    text = "FERRETERÍA LOS AROMOS SpA\nR.U.T.: 76.543.210-K\nS.I.I. - VIÑA DEL MAR\nTOTAL  $29.200\n"
    assert extract_text(text, "currency, total", name="boleta.txt").data["currency"] == "CLP"


def test_an_ibans_masked_group_ocr_read_as_letters_still_ends_in_its_last_four():
    words = [
        *_line_of(100, (40, "Rekeninghouder"), (200, "Sofie Vermeulen")),
        *_line_of(120, (40, "Zichtrekening"), (200, "BE71 0961 see 6769")),
        *_line_of(140, (40, "Periode"), (200, "van 01/03/2026 tot en met 31/03/2026")),
    ]
    assert _fields_read(words, "account number last4")["account_number_last4"] == "6769"


def test_a_scanned_italian_company_by_its_srl_beats_a_row_of_labels_naming_a_bank():
    """ "S.r.l." ends in its dot: it marks a company as "Banca d'appoggio" marks a bank."""
    words = _line_of(40, (130, "VESUVIO ALIMENTARI S.r.l."), (460, "FATTURA N. 487/A"))
    words += _words_of(60, "Ingrosso alimentare per la ristorazione")
    words += _line_of(
        200, (60, "Cod. cliente"), (160, "Pagamento"), (260, "Agente"), (470, "Banca d'appoggio")
    )
    words += _words_of(400, "TOTALE DOCUMENTO € 2.401,79")
    assert _fields_read(words, "vendor name")["vendor_name"] == "VESUVIO ALIMENTARI S.r.l."


def test_a_scans_row_of_party_headings_well_over_their_names_is_a_row_of_captions():
    words = [
        *_line_of(100, (40, "Bill To"), (300, "Service Location"), (560, "Remit To")),
        *_line_of(
            128, (40, "Harbourview Clinic DAC"), (300, "Harbourview Clinic"), (560, "Shandon Facility Ltd")
        ),
        *_line_of(142, (40, "Accounts Payable"), (300, "Floors 1-3, Penrose Wharf"), (560, "BIC SHFSIE2D")),
    ]
    assert _fields_read(words, "customer name")["customer_name"] == "Harbourview Clinic DAC"


def test_a_rule_ocr_read_into_a_words_edge_is_dropped_a_pair_of_brackets_kept():
    words = _line_of(100, (40, "[POS Terminal"), (300, "Rate|"), (400, "18,450.00|"), (500, "3,250.00]"))
    words += _line_of(130, (40, "[COPY]"), (300, "|Nos"), (400, "42.00}"), (500, "4,150.00)"))
    words += _line_of(160, (40, "(hours)"), (300, "(12.50)"))
    lines = _scanned_layout(words).lines
    assert [line.text for line in lines] == [
        "POS Terminal  Rate  18,450.00  3,250.00",
        "[COPY]  Nos  42.00  4,150.00",
        "(hours)  (12.50)",
    ]


def test_an_e_mail_address_names_no_kind_of_document():
    """ "bestellung@…" (an order's mailbox) in the letterhead of a "Rechnung" is no order."""
    text = (
        "Rheinknie Laborbedarf AG\nKlybeckstrasse 188\n4057 Basel\n"
        "bestellung@rheinknie-lab.example.com\n"
        "Rechnung Nr. 2026-1187\nIhre Referenz:  Bestellung per Webshop\n"
        "Total exkl. MWST  970.50\nMWST 8,1 %  46.99\nTotal CHF  1017.50\n"
    )
    assert classify(text)[0] == "invoice"


def test_a_logo_ocr_read_as_letters_before_the_name_is_no_part_of_it():
    words = [
        Word("In", 259, 144, 402, 287, confidence=0.86, line=1),  # the logo, three times as tall
        Word("Rheinknie", 442, 175, 739, 219, confidence=0.91, line=1),
        Word("Laborbedarf", 765, 177, 1136, 221, confidence=0.91, line=1),
        Word("AG", 1154, 181, 1236, 222, confidence=0.96, line=1),
    ]
    assert [line.text for line in _scanned_layout(words).lines] == ["Rheinknie Laborbedarf AG"]


def test_a_headings_word_ocr_misread_still_names_its_column():
    """ "USt  Gesamt €" read as one cell "ust Gesamte": the amounts stand under "Gesamte"."""
    words = [
        *_line_of(100, (40, "Pos."), (80, "Bezeichnung"), (400, "Menge"), (480, "Einzelpreis €"),
                  (600, "ust Gesamte")),
        *_line_of(120, (40, "1"), (80, "Forstnerbohrer 35 mm, Hartmetall"), (400, "6 Stk."),
                  (480, "21,40"), (600, "19%"), (660, "128,40")),
        *_line_of(140, (40, "2"), (80, "Holzbohrer-Set 4-12 mm"), (400, "3 Satz"), (480, "17,85"),
                  (600, "19%"), (660, "53,55")),
    ]  # fmt: skip
    items = _fields_read(words, "line items")["line_items"]
    assert [item["amount"] for item in items] == ["128.40", "53.55"]


def test_a_descriptions_wrap_beside_a_units_name_under_its_own_column_goes_on():
    """Mexico's CFDI: "Pieza" (the unit's name) under "Clave unidad", "mm" the description's end."""
    items = [
        (36, 230, "Clave", 7),
        (91, 230, "Cant. Clave", 7),
        (178, 230, "Descripción", 7),
        (382, 230, "Valor unitario", 7),
        (472, 230, "Importe", 7),
        (36, 239, "ProdServ", 7),
        (115, 239, "unidad", 7),
        (36, 252, "31171504", 8),
        (97, 252, "150 H87", 8),
        (178, 252, "Buje de bronce SAE 660 maquinado Ø 45 x 60", 8, "DejaVuSans"),
        (408, 252, "$86.40", 8),
        (459, 252, "$12,960.00", 8),
        (115, 261, "Pieza", 8),
        (178, 261, "mm", 8),
        (36, 283, "31161700", 8),
        (102, 283, "80 H87", 8),
        (178, 283, "Flecha de acero 4140 templada", 8),
        (403, 283, "$312.50", 8),
        (459, 283, "$25,000.00", 8),
    ]
    data = read_pdf(items, "line items")
    assert [item["description"] for item in data["line_items"]] == [
        "Buje de bronce SAE 660 maquinado Ø 45 x 60 mm",
        "Flecha de acero 4140 templada",
    ]


def test_a_stacked_pages_header_naming_a_column_the_first_lost_goes_on_the_same_table():
    """Two pages scanned into one image: the first page's header read without its "Qté"; the
    second page's full header, over a gap, goes on the table (it names more columns, but it is
    the same table's header printed again, not another table under it)."""
    header = [(40, "N°"), (100, "Désignation"), (600, "P.U. HT"), (760, "TVA"), (900, "Montant HT")]
    words = [*_line_of(100, *header)]
    words += _line_of(130, (40, "21"), (100, "Maître d'hôtel (heures)"), (500, "8"), (600, "42,00"),
                      (760, "20%"), (900, "336,00"))  # fmt: skip
    words += _line_of(160, (40, "22"), (100, "Serveurs (heures)"), (500, "32"), (600, "32,00"),
                      (760, "20%"), (900, "1024,00"))  # fmt: skip
    words += _line_of(190, (700, "À reporter"), (900, "1360,00 €"))
    words += _line_of(300, (40, "Page 1/2")) + _line_of(400, (700, "Report"), (900, "1360,00 €"))
    words += _line_of(430, *header[:2], (500, "Qté"), *header[2:])
    words += _line_of(460, (40, "23"), (100, "Cuisinier sur place (heures)"), (500, "10"), (600, "38,00"),
                      (760, "20%"), (900, "380,00"))  # fmt: skip
    words += _line_of(520, (700, "Total HT"), (900, "1740,00"))
    items = _fields_read(words, "line items")["line_items"]
    assert [item["amount"] for item in items] == ["336.00", "1024.00", "380.00"]


def test_a_second_pages_header_read_with_two_headings_joined_continues_the_table():
    """Page 2 of an image-only PDF prints the header again, OCR joining "Codice Descrizione" and
    "Importo IVA" and misreading "U.M.": the rows under it go on the table."""
    header = [(55, "Codice Descrizione"), (339, "U.M."), (376, "Q.tà"), (414, "Prezzo"), (504, "Importo")]
    first = [*_line_of(243, *header)]
    first += _line_of(267, (56, "PA001"), (99, "Spaghetti di Gragnano IGP 500 g"), (344, "PZ"), (385, "60"),
                      (426, "1,95"), (512, "117,00"))  # fmt: skip
    first += _line_of(315, (420, "A riportare"), (500, "117,00"))
    first += _line_of(
        690, (44, "Condizioni generali di vendita: la merce viaggia a rischio del committente.")
    )
    second = [*_line_of(47, (133, "VESUVIO ALIMENTARI S.r.l."), (462, "FATTURA N. 487/A"))]
    second += _line_of(126, (453, "Riporto"), (502, "117,00"))
    second += _line_of(143, (55, "Codice Descrizione"), (337, "ULM."), (379, "Q.tà"), (416, "Prezzo"),
                       (459, "Sc.%"), (507, "Importo IVA"))  # fmt: skip
    second += _line_of(167, (59, "LI070"), (101, "Limoncello di Sorrento IGP 70 cl"), (346, "PZ"),
                       (388, "12"), (423, "11,50"), (515, "138,00"))  # fmt: skip
    second += _line_of(300, (370, "TOTALE DOCUMENTO €"), (519, "255,00"))
    pages = [
        Page(n, 600, 800, Source.OCR, scanned.lines_of(words, page=n))
        for n, words in ((1, first), (2, second))
    ]
    number_lines(pages)
    layout = Layout("image", pages=pages)
    document = ReadDocument("image", pages=[page.text for page in layout.pages], layout=layout)
    items = extract_fields(document, fields_for_prompt("line items"))[0]["line_items"]
    assert [item["amount"] for item in items] == ["117.00", "138.00"]


def test_a_banks_name_before_its_address_on_one_line_is_the_issuer_not_the_account_holder():
    """ "Cassa di Risparmio del Lario - Via Garibaldi, 170 - 20121 Milano (MI)" heads the page: the
    bank, so the name under it is whom the statement is for."""
    words = [
        *_line_of(48, (51, "Cassa di Risparmio del Lario - Via Garibaldi, 170 - 20121 Milano (MI)")),
        *_line_of(63, (51, "MARTINA CONTI"), (310, "Foglio"), (350, "5/2019")),
        *_line_of(76, (51, "Piazza della Libertà, 45"), (310, "Periodo"), (350, "01.05.2019 - 31.05.2019")),
        *_line_of(89, (51, "10121 Torino (TO)")),
        *_line_of(118, (51, "Estratto conto corrente")),
        *_line_of(158, (56, "Data"), (130, "Causale"), (440, "Importo"), (526, "Saldo")),
        *_line_of(179, (54, "01.05.2019"), (130, "Saldo precedente"), (510, "13.263,10")),
    ]
    assert _fields_read(words, "account holder")["account_holder"] == "MARTINA CONTI"


def test_a_unit_of_areas_square_ocr_read_as_a_question_mark_or_a_seven_is_a_square():
    words = _line_of(100, (40, "Reihenklemme 4 mm?, grau"), (300, "550 g/m?"), (400, "Finition (m7)"))
    words += _line_of(130, (40, "Carreaux 60x60 (m7?)"), (300, "Kabel m7"), (400, "Pourquoi?"))
    lines = _scanned_layout(words).lines
    assert [line.text for line in lines] == [
        "Reihenklemme 4 mm², grau  550 g/m²  Finition (m²)",
        "Carreaux 60x60 (m²)  Kabel m7  Pourquoi?",
    ]


def test_a_number_a_label_lost_is_not_taken_from_the_address_under_it():
    """OCR read only "A-" of "A-1287" after "Serie y Folio:": the street's number on the next
    line is no identifier of the label's."""
    text = (
        "TALLERES TAPATÍOS DE MAQUINADO, S.A. DE C.V.            FACTURA\n"
        "Régimen fiscal: 601 - General de Ley Personas Morales     Serie y Folio:   A-\n"
        "Av. Lázaro Cárdenas 3150, Guadalajara, Jal.              Tipo de comprobante: I - Ingreso\n"
        "Total  $ 74,820.00\n"
    )
    assert extract_text(text, "invoice number", name="cfdi.txt").data.get("invoice_number") != "3150"
