"""Layouts from a held-out set opened this session (Leipzig to Quito, in all seven languages):
a sidebar's skills beside the body's dashes, a standard's year in a skill, a list of skills
wrapped inside an item, a separator OCR lost, skill bars under their names, a letter-spaced name,
"#" read for a phone's plus, a licence's class taken for a name; India's CGST in a rate's column
and its rupees in words; an envelope window's block over a footer's seller, a balance carried
between pages, a VAT summary's heading wrapped onto a second line, a copy's mark, a label and a
logo's word on a scan's top, a shop's name wrapped over three OCR lines."""

from __future__ import annotations

from batches.processing.builtin import engine
from batches.processing.builtin import normalise as norm
from batches.processing.builtin.classify import classify
from batches.processing.builtin.fallbacks import skills
from batches.processing.builtin.fallbacks.contacts import currency
from batches.processing.builtin.fallbacks.names import LEGAL_FORM, looks_like_person
from batches.processing.builtin.readers import ReadDocument
from batches.processing.layout import scanned
from batches.processing.layout.model import Word
from batches.processing.prompts import fields_for_prompt
from batches.processing.vocab import is_document_title
from tests.batches.processing.extracting import read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of, _scanned_layout, _words_of


def test_a_sidebars_skills_end_where_the_bodys_text_starts_beside_them():
    # the body's line alone just above the sidebar's heading shows where the body starts
    items = [(28, 40, "Jonas Petersen", 18), (28, 60, "jonas.petersen@example.com", 9)]
    items += [(28, 300, "Geboren", 9), (28, 314, "14.02.1988 in Husum", 9)]
    items += [(221, 322, "07/2017 \u2013 03/2021", 9), (221, 335, "Entwicklungsingenieur", 9)]
    items += [(28, 348, "KENNTNISSE", 10), (221, 356, "Nordwind Rotor Systems AG, Rendsburg", 9)]
    items += [(28, 370, "▪ SolidWorks", 9), (232, 370, "\u2013 Strukturanalyse von Rotorblattanschlüssen", 9)]
    items += [(28, 383, "▪ Siemens NX", 9), (232, 383, "\u2013 Betreuung von Prüfstandsversuchen", 9)]
    items += [(28, 396, "▪ Python", 9), (28, 420, "SPRACHEN", 10)]
    items += [(28, 434, "Deutsch \u2013 Muttersprache", 9)]
    assert read_pdf(items, "skills")["skills"] == ["SolidWorks", "Siemens NX", "Python"]
    # a one-column résumé's section heading, its dates in a column of their own above, heads the page
    page = [(56, 40, "Sanne van der Heijden", 18), (56, 60, "sanne@example.com", 9)]
    page += [(92, 453, "2005 \u2013 2011", 9), (165, 453, "Havo, profiel Cultuur en Maatschappij", 9)]
    page += [(165, 466, "Christelijk Gymnasium Zeist", 9), (56, 486, "Vaardigheden", 11)]
    page += [(63, 508, "Figma", 9), (160, 508, "Adobe XD", 9), (305, 508, "Prototyping", 9)]
    page += [(56, 556, "Talen", 11), (56, 574, "Nederlands (moedertaal)", 9)]
    assert read_pdf(page, "skills")["skills"] == ["Figma", "Adobe XD", "Prototyping"]


def test_a_standard_with_its_year_is_a_skill_in_a_grid_of_chips():
    items = [(62, 40, "Camille Rochat", 18), (62, 60, "camille.rochat@example.com", 9)]
    items += [(62, 412, "Compétences", 12)]
    items += [(74, 442, "SAP MM/WM", 9), (160, 442, "Gestion des stocks", 9), (276, 442, "Excel avancé", 9)]
    items += [(74, 471, "Incoterms 2020", 9), (176, 471, "Gestion d'équipe", 9)]
    items += [(62, 514, "Langues", 12), (62, 544, "Français : langue maternelle", 9)]
    assert read_pdf(items, "skills")["skills"] == [
        "SAP MM/WM",
        "Gestion des stocks",
        "Excel avancé",
        "Incoterms 2020",
        "Gestion d'équipe",
    ]
    # where and when a résumé was signed, under its last skill, is none
    assert skills._items_under([(1, "Lean"), (1, "WMS"), (1, "Curitiba, setembro 2023")], None) == [
        "Lean",
        "WMS",
    ]


def test_a_list_of_skills_wrapped_inside_an_item_at_a_joining_word_keeps_the_item_whole():
    lines = [
        (1, "Jaarrekening en consolidatie · IFRS · Power BI · Exact Online · Budgettering"),
        (1, "en forecasting · Procesverbetering"),
        (1, "TALEN"),
    ]
    assert skills._items_under(lines, None) == [
        "Jaarrekening en consolidatie",
        "IFRS",
        "Power BI",
        "Exact Online",
        "Budgettering en forecasting",
        "Procesverbetering",
    ]


def test_a_separator_ocr_lost_between_two_cells_of_a_separated_line_parts_two_skills():
    lines = [(1, "Jaarrekening en consolidatie - IFRS - Power BI  SAP FI/CO - Exact Online"), (1, "TALEN")]
    assert skills._items_under(lines, None) == [
        "Jaarrekening en consolidatie",
        "IFRS",
        "Power BI",
        "SAP FI/CO",
        "Exact Online",
    ]
    # a category's name before the first item stays out of it
    assert skills._items_under([(1, "IT  Java, Kotlin, Spring Boot"), (1, "Sprachen")], None) == [
        "Java",
        "Kotlin",
        "Spring Boot",
    ]


def test_ocr_reads_a_phones_plus_as_a_hash_before_a_grouped_number_only():
    assert norm.parse_phone("Kruisweg 212, 2011 LH Haarlem :  #31 23/555 0147") == "+31235550147"
    words = _words_of(40, "Sanne de Groot", size=18) + _words_of(70, "#31 23 555 0147  sanne@example.com")
    words += _words_of(100, "WERKERVARING") + _words_of(120, "Financieel controller  jan. 2021 - heden")
    assert _fields_read(words, "phone")["phone"] == "+31235550147"
    assert norm.parse_phone("Suite #200, Main St") is None  # a suite's number is no country code


def test_a_letter_spaced_name_ocr_read_in_runs_of_letters_is_the_one_the_email_spells():
    # "CAMILLE ROCHAT" spaced wide: OCR read runs of a letter or two, and lost the "I"
    words = _words_of(30, "+41 21 555 01 38") + _line_of(
        50, (40, "CA M L L E R O C HAT"), (400, "camille.rochat@example.com")
    )
    words += _words_of(70, "Avenue de Morges 58") + _words_of(90, "Permis C  née en 1987")
    words += _words_of(120, "Expérience professionnelle") + _words_of(140, "avril 2020 - aujourd'hui")
    assert _fields_read(words, "full name")["full_name"] == "Camille Rochat"


def test_a_licences_class_is_no_persons_name():
    assert not looks_like_person("Permis C")
    assert looks_like_person("Camille Rochat") and looks_like_person("J. Smith")


def test_indias_central_tax_in_a_rates_column_is_its_amount_and_no_item():
    items = [(40, 40, "Kaveri Precision Tools Pvt. Ltd.", 11), (360, 40, "Invoice No.  KPT/24-25/0873", 9)]
    header = (("Sl", 40), ("Description of Goods", 60), ("Quantity", 260), ("Rate", 320), ("per", 380))
    items += [(x, 120, text, 8) for text, x in header] + [(480, 120, "Amount", 8)]
    rows = (("1", "Carbide End Mill 10mm", "24 Nos", "1,450.00", "Nos", "34,800.00"),)
    rows += (("2", "HSS Drill Bit Set", "10 Set", "2,380.00", "Set", "23,800.00"),)
    for n, (sl, what, qty, rate, per, amount) in enumerate(rows):
        y = 135 + 13 * n
        items += [(40, y, sl, 8), (60, y, what, 8), (260, y, qty, 8), (320, y, rate, 8), (380, y, per, 8)]
        items += [(480, y, amount, 8)]
    items += [(480, 170, "58,600.00", 8)]
    for n, label in enumerate(("CGST @ 9%", "SGST @ 9%")):
        items += [(60, 183 + 13 * n, label, 8), (320, 183 + 13 * n, "9", 8), (380, 183 + 13 * n, "%", 8)]
        items += [(480, 183 + 13 * n, "5,274.00", 8)]
    items += [(60, 215, "Total", 8), (260, 215, "34 Nos", 8), (470, 215, "₹ 69,148.00", 8)]
    summary = (("HSN/SAC", 40), ("Taxable Value", 150), ("CGST Amount", 260), ("SGST Amount", 370))
    items += [(x, 260, text, 8) for text, x in summary] + [(480, 260, "Total Tax Amount", 8)]
    items += [(40, 275, "Total", 8), (150, 275, "58,600.00", 8), (260, 275, "5,274.00", 8)]
    items += [(370, 275, "5,274.00", 8), (480, 275, "10,548.00", 8)]
    data = read_pdf(items, "invoice number, subtotal, tax, total, line items")
    assert (data["subtotal"], data["tax"], data["total"]) == ("58600.00", "10548.00", "69148.00")
    assert [item["description"] for item in data["line_items"]] == [
        "Carbide End Mill 10mm",
        "HSS Drill Bit Set",
    ]


def test_a_currency_named_in_an_amount_in_words_is_the_documents_when_no_sign_was_read():
    lines = [(1, "Total  79 Nos  + 2,69,984.00"), (1, "Indian Rupees Two Lakh Sixty Nine Thousand Only")]
    found = currency(lines, "\n".join(text for _page, text in lines))
    assert found is not None and found.value == "INR"
    plain = [(1, "Total  1,234.00"), (1, "Rupees accepted at the counter")]  # no number in words
    found = currency(plain, "\n".join(text for _page, text in plain))
    assert found is None or found.value != "INR"


def test_an_envelope_windows_block_on_top_is_the_customer_and_the_footer_names_the_seller():
    items = [(60, 40, "FACTURE", 16), (330, 70, "Cabinet Dufau & Associés SELARL", 10)]
    items += [(60, 84, "N° de facture  F-2025-0412", 9), (330, 84, "Mme Hélène Dufau", 10)]
    items += [(330, 98, "27 cours de l'Intendance", 10), (60, 104, "Date de facture  07/04/2025", 9)]
    items += [(330, 112, "33000 Bordeaux", 10)]
    items += [
        (60, 160, "Désignation", 9),
        (300, 160, "Qté", 9),
        (350, 160, "P.U. HT", 9),
        (450, 160, "Montant HT", 9),
    ]
    items += [(60, 174, "Cocktail déjeunatoire", 9), (300, 174, "85", 9), (350, 174, "24,50", 9)]
    items += [(450, 174, "2 082,50", 9), (350, 200, "Total TTC", 9), (450, 200, "2 290,75 €", 9)]
    footer = "Atelier Garonne Traiteur SAS au capital de 20 000 € \u2013 14 quai des Chartrons,"
    footer += " 33000 Bordeaux \u2013 05 55 55 01 62"
    items += [(60, 760, footer, 7), (60, 772, "SIRET 812 345 678 00021 \u2013 RCS Bordeaux 812 345 678", 7)]
    data = read_pdf(items, "vendor name, customer name")
    assert data["vendor_name"] == "Atelier Garonne Traiteur SAS"
    assert data["customer_name"] == "Cabinet Dufau & Associés SELARL"


def _statement_page(rows: list[tuple[str, str, str]], *, top: list[tuple]) -> list[tuple]:
    items = list(top)
    items += [
        (40, 200, "Date", 8),
        (110, 200, "Details", 8),
        (330, 200, "Debits", 8),
        (470, 200, "Balance", 8),
    ]
    for n, (day, what, balance) in enumerate(rows):
        items += [(40, 214 + 13 * n, day, 8), (110, 214 + 13 * n, what, 8), (470, 214 + 13 * n, balance, 8)]
    return items


def test_a_balance_carried_to_the_next_page_is_no_closing_balance():
    head = [
        (40, 40, "Shandon Bank  Statement of Account", 12),
        (40, 60, "Account name  Harbour Lights Café Limited", 9),
    ]
    first = _statement_page(
        [("01 Mar 2025", "BALANCE FORWARD", "12,640.55"), ("03 Mar 2025", "DD ESB NETWORKS", "12,228.21")],
        top=head,
    )
    first += [(110, 260, "BALANCE CARRIED FORWARD", 8), (470, 260, "12,228.21", 8)]
    second = _statement_page(
        [("26 Mar 2025", "POS IKEA DUBLIN", "11,898.65"), ("31 Mar 2025", "ACCOUNT FEES", "11,852.58")],
        top=[(40, 40, "Shandon Bank  Statement of Account", 12), (110, 190, "BALANCE BROUGHT FORWARD", 8)],
    )
    second += [(470, 190, "12,228.21", 8), (300, 300, "Opening balance", 9), (420, 300, "€12,640.55", 9)]
    second += [(300, 314, "Closing balance", 9), (420, 314, "€11,852.58", 9)]
    data = read_pdf(first, "opening balance, closing balance", second)
    assert (data["opening_balance"], data["closing_balance"]) == ("12640.55", "11852.58")


def test_a_vat_summarys_rates_are_summed_under_a_heading_row_wrapped_onto_a_second_line():
    items = [(36, 40, "Distribuzione Alimentare Vesuviana S.p.A.", 10), (36, 60, "Fattura FT/2025/08841", 9)]
    heading = (("esigibilità iva", 36), ("%IVA", 233), ("Spese", 298), ("Arr.", 340))
    items += [(x, 126, text, 7) for text, x in heading]
    items += [
        (379, 126, "Totale imponibile", 7),
        (502, 126, "Totale imposta", 7),
        (281, 134, "accessorie", 7),
    ]
    for n, (rate, base, tax) in enumerate((("4,00", "837,18", "33,49"), ("22,00", "600,10", "132,02"))):
        y = 147 + 13 * n
        items += [
            (36, y, "I (esigibilità immediata)", 7),
            (236, y, rate, 7),
            (419, y, base, 7),
            (538, y, tax, 7),
        ]
    items += [(490, 199, "Totale documento", 7), (520, 212, "1.602,79", 7)]
    data = read_pdf(items, "subtotal, tax, total")
    assert (data["subtotal"], data["tax"], data["total"]) == ("1437.28", "165.51", "1602.79")


def test_a_dollar_sign_before_a_leading_zero_is_ocrs_s_in_a_code():
    assert norm.find_currency("MPOS bonifico  irao $054 2403 4000 0000 0123 987") is None
    assert norm.find_currency("Total $0.50") == "USD"


def test_german_small_words_inside_a_companys_name_are_part_of_it():
    match = LEGAL_FORM.search("Buchhandlung & Papeterie am Spalenberg AG")
    assert match is not None and match.group(0) == "Buchhandlung & Papeterie am Spalenberg AG"


def test_doit_labels_the_customer_of_a_french_invoice():
    items = [(40, 40, "Teranga Fournitures Industrielles SARL", 12), (40, 70, "Facture N°  : FA-25-0917", 9)]
    items += [(330, 70, "DOIT :", 9), (330, 84, "Boulangerie Moderne de Thiès SUARL", 9)]
    items += [(330, 98, "Quartier Escale, Avenue Lamine Guèye", 9)]
    items += [(40, 700, "TERANGA F.I.", 9), (40, 714, "La Direction", 9)]
    assert read_pdf(items, "customer name")["customer_name"] == "Boulangerie Moderne de Thiès SUARL"


def test_a_chilean_boleta_electronica_is_a_receipts_title():
    text = "BOLETA ELECTRÓNICA\nN° 458213\nMINIMARKET CERRO ALEGRE SPA\nTOTAL $ 12.450\nEfectivo"
    assert classify(text)[0] == "receipt"
    assert is_document_title("BOLETA ELECTRÓNICA") and is_document_title("Factura electrónica")


def test_a_scans_copy_mark_and_labels_are_no_seller_whose_name_wraps_over_three_lines():
    words = _line_of(167, (505, "FACTURA")) + _line_of(194, (1317, "Original"))
    words += _line_of(239, (502, "N.º FT KES2025/871"))
    words += _line_of(300, (503, "Data de emissão"), (786, "08-10-2025"))
    words += _words_of(361, "Kianda", size=21) + _line_of(
        383, (503, "Data de vencimento"), (786, "07-11-2025")
    )
    words += _words_of(394, "Equipamentos e", size=21) + _line_of(416, (503, "Moeda"), (786, "AOA (Kz)"))
    words += _words_of(427, "Serviços, Lda.", size=21)
    words += _words_of(482, "Rua Direita do Talatona, Edifício") + _words_of(506, "Luanda \u2013 Angola")
    words += _line_of(600, (40, "Total"), (786, "1.250.000,00 Kz"))
    assert _fields_read(words, "vendor name")["vendor_name"] == "Kianda Equipamentos e Serviços, Lda."


def test_a_scanned_logos_words_over_the_whole_name_are_not_said_twice():
    words = _words_of(40, "MLIMA FRESH", size=30) + _words_of(100, "Mlima Fresh Supermarket Ltd", size=18)
    words += _words_of(140, "Westlands Square, Ring Road") + _words_of(170, "P.O. Box 55501-00100 Nairobi")
    words += _words_of(260, "TOTAL  KES 1,250.00")
    assert _fields_read(words, "merchant name")["merchant_name"] == "Mlima Fresh Supermarket Ltd"


def test_a_codes_headings_ocr_ran_into_the_quantitys_keep_the_quantity_column():
    words = _line_of(40, (40, "Distribuidora Jalisco Norte S.A. de C.V.")) + _line_of(
        60, (40, "Factura A-1187")
    )
    words += _line_of(
        120,
        (40, "ClaveProdServ No. Ident. Cantidad"),
        (260, "Clave"),
        (320, "Descripción"),
        (560, "Valor unitario"),
        (660, "Importe"),
    )
    rows = (("24121500", "2500", "Caja de cartón corrugado doble pared", "14.20", "35,500.00"),)
    rows += (("24141500", "60", "Película estirable 18 in", "389.00", "23,340.00"),)
    for n, (code, qty, what, price, amount) in enumerate(rows):
        y = 140 + 20 * n
        words += _line_of(y, (40, code), (90, "ETB-10" + str(n)), (200, qty), (260, "H87"), (320, what))
        words += _line_of(y, (560, price), (660, amount))
    words += _line_of(200, (560, "Subtotal"), (660, "$58,840.00"))
    items = _fields_read(words, "line items")["line_items"]
    assert [(item["quantity"], item["unit_price"], item["amount"]) for item in items] == [
        (2500, "14.20", "35500.00"),
        (60, "389.00", "23340.00"),
    ]


def test_a_rule_that_breaks_on_one_field_costs_that_field_only(monkeypatch, caplog):
    # given a finder with a bug that only this document's total meets
    real = engine._find

    def broken(name, kind, context):
        if name == "total":
            raise IndexError("list index out of range")
        return real(name, kind, context)

    monkeypatch.setattr(engine, "_find", broken)
    words = _words_of(40, "Harbour Logistics Pty Ltd", size=16) + _line_of(
        80, (40, "Invoice No."), (200, "INV-2291")
    )
    words += _line_of(300, (40, "Total"), (200, "$1,250.00"))
    layout = _scanned_layout(words)
    document = ReadDocument("image", pages=[layout.text], layout=layout)
    # when
    data, _sources, warnings = engine.extract_fields(document, fields_for_prompt("invoice number, total"))
    # then the other fields are read, and the broken one says so (its error logged)
    assert data["invoice_number"] == "INV-2291" and "total" not in data
    assert any(w.startswith("total: could not be read") for w in warnings)
    assert "IndexError" in caplog.text


def test_a_separator_put_back_in_a_tags_gap_or_between_two_tags_is_none_of_theirs():
    lines = [
        (1, "(Figma ) ( Sketch ) (Design systems ) (HTML/CSS \u00b7 )"),
        (1, "(Toegankelijkheid (WCAG) ) \u00b7 (Usability testing )"),
    ]
    assert skills._items_under(lines, None) == [
        "Figma",
        "Sketch",
        "Design systems",
        "HTML/CSS",
        "Toegankelijkheid (WCAG)",
        "Usability testing",
    ]


def test_a_litres_l_ocr_read_as_a_bar_after_a_measure_is_the_unit_and_a_tables_rule_is_none():
    def word(text: str, x0: float, x1: float, line: int, top: float = 100, bottom: float = 119) -> Word:
        return Word(text, x0, top, x1, bottom, size=10, confidence=0.93, line=line)

    words = [word("Expansievat", 400, 540, 1), word("18", 548, 558, 1), word("|", 560, 570, 1, 95, 124)]
    words += [word("sanitair", 582, 650, 1), word("2", 900, 910, 1)]
    words += [word("Huile", 400, 460, 2, 150, 169), word("5", 468, 478, 2, 150, 169)]
    words += [word("|", 600, 603, 2, 140, 200), word("9,80", 700, 740, 2, 150, 169)]  # a rule mid-gap
    # and a rule down the page tight after each row's quantity ("6 | Disco SSD", "4 | Alojamento")
    for n, (quantity, item) in enumerate((("6", "Disco"), ("4", "Alojamento"))):
        top = 250 + 40 * n
        words += [
            word(quantity, 190, 197, 3 + n, top, top + 15),
            word("|", 203, 208, 3 + n, top - 8, top + 22),
        ]
        words += [word(item, 214, 300, 3 + n, top, top + 15)]
    lines = scanned.lines_of(words, page=1)
    assert [line.text for line in lines] == [
        "Expansievat 18 l sanitair  2",
        "Huile 5  9,80",
        "6 Disco",
        "4 Alojamento",
    ]
