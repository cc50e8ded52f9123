"""Layouts that a held-out set of German, Swiss, Dutch, Belgian, Portuguese, Mozambican, American,
South African, Australian, Québec, Argentine, Brazilian and Italian documents printed: quantities
with three decimals, an early payment's discount before the due date, a page's subtotal over
"Continued on page 2", backorders, a billing program's certificate, a tax summary under the items,
sellers only in the footer, a window envelope's address on a scan."""

from __future__ import annotations

from decimal import Decimal

from batches.processing.builtin import fallbacks
from batches.processing.builtin import normalise as norm
from batches.processing.builtin.checks import check_items
from batches.processing.builtin.items import amount_words
from batches.processing.builtin.terms import payment_term
from batches.processing.layout import scanned
from batches.processing.layout.geometry import group_lines
from batches.processing.layout.model import Cell, Word
from tests.batches.processing.extracting import read_pdf
from tests.batches.processing.test_extract_layouts import extract
from tests.batches.processing.test_scans import _fields_read, _line_of, _scanned_layout, _words_of

DIN_HEADER = [
    (40, 60, "Frankenmetall Zerspanungstechnik GmbH", 12),
    (400, 60, "Rechnungs-Nr.: RE-260417", 9),
    (40, 120, "Pos", 8),
    (70, 120, "Bezeichnung", 8),
    (300, 120, "Menge", 8),
    (340, 120, "ME", 8),
    (370, 120, "Einzelpreis", 8),
    (430, 120, "USt%", 8),
    (470, 120, "Gesamt EUR", 8),
]


def _din_rows(rows: list[tuple[str, ...]]) -> list[tuple]:
    items = []
    for n, (description, quantity, unit, price, rate, amount) in enumerate(rows):
        y = 136 + 14 * n
        items += [(40, y, str(10 * (n + 1)), 8), (70, y, description, 8), (300, y, quantity, 8)]
        items += [(340, y, unit, 8), (375, y, price, 8), (435, y, rate, 8), (475, y, amount, 8)]
    return items


def test_a_quantity_of_three_decimals_beside_prices_with_a_decimal_comma_is_a_count():
    """A German system prints "1,000 Psch" for one lump sum: the row's "185,00" says the comma is
    its decimal mark, so 1,000 is one, not a thousand at 0,185."""
    rows = [
        ("Drehteil Welle, nach Zeichnung", "120,000", "Stk", "14,85", "19", "1.782,00"),
        ("Rüstkosten Serie Welle", "1,000", "Psch", "185,00", "19", "185,00"),
        ("Fachbuch Tabellenbuch Metall", "2,000", "Stk", "34,90", "7", "69,80"),
    ]
    data = read_pdf(DIN_HEADER + _din_rows(rows), "line items")
    assert [item["quantity"] for item in data["line_items"]] == [120, 1, 2]
    assert [item["unit_price"] for item in data["line_items"]] == ["14.85", "185.00", "34.90"]


def test_three_places_after_a_point_beside_prices_with_a_decimal_point_are_thousands():
    assert norm.parse_number("1,000", norm.decimal_mark(["0.50", "500.00"])) == "1000.00"
    assert norm.parse_number("1,000", norm.decimal_mark(["0,50", "1.500,00"])) == "1.000"
    assert norm.parse_number("1.000", norm.decimal_mark(["1,50", "1.500,00"])) == "1000.00"


def test_an_early_payments_discount_deadline_is_not_the_due_date():
    text = (
        "Rechnung RE-260417\nRechnungsdatum: 04.03.2026\nRechnungsbetrag EUR 7.885,88\n"
        "Zahlungsbedingungen: 14 Tage 2 % Skonto (bis 18.03.2026), 30 Tage netto (zahlbar bis "
        "03.04.2026) ohne Abzug.\n"
    )
    data = extract(text.encode(), "rechnung.txt", prompt="invoice date, due date", strategy="global").data
    assert data["due_date"] == "2026-04-03"


def test_an_early_payments_term_in_days_is_not_the_net_term():
    term = payment_term([(1, "Zahlbar innerhalb 10 Tagen mit 3 % Skonto, 30 Tage netto")])
    assert term is not None and term.days == 30
    assert payment_term([(1, "Payment terms: 30 days net")]).days == 30


def _order_rows(first: int, rows: list[tuple[str, str, str, str]], top: float) -> list[tuple]:
    items = []
    for n, (description, quantity, price, amount) in enumerate(rows):
        y = top + 14 * n
        items += [(40, y, f"JS-{first + n}", 8), (100, y, description, 8), (330, y, quantity, 8)]
        items += [(400, y, price, 8), (480, y, amount, 8)]
    return items


ORDER_HEADER = [(40, 0, "Item No.", 8), (100, 0, "Description", 8), (330, 0, "Qty", 8)]
ORDER_HEADER += [(400, 0, "Unit Price", 8), (480, 0, "Extended", 8)]


def _header_at(y: float) -> list[tuple]:
    return [(x, y, text, size) for x, _y, text, size in ORDER_HEADER]


def test_a_pages_subtotal_over_continued_on_page_2_carries_the_table_to_the_next_page():
    first = [("Trash liners 40-45 gal", "5", "38.90", "194.50"), ("Glass cleaner 32 oz", "2", "3.85", "7.70")]
    second = [
        ("Floor pads 20 in., red", "10", "23.60", "236.00"),
        ("Freight - UPS Ground", "1", "64.80", "64.80"),
    ]
    page_1 = [(40, 40, "Great Lakes Janitorial Supply, Inc.", 12), (400, 40, "INVOICE 104882", 12)]
    page_1 += _header_at(200) + _order_rows(1010, first, 216)
    page_1 += [(330, 260, "Page subtotal", 8), (480, 260, "$202.20", 8), (40, 280, "Continued on page 2", 8)]
    page_2 = [(40, 40, "Great Lakes Janitorial Supply, Inc.", 12), (400, 40, "INVOICE 104882", 12)]
    page_2 += [(330, 80, "Subtotal forwarded from page 1", 8), (480, 80, "$202.20", 8)]
    page_2 += _header_at(100) + _order_rows(7010, second, 116)
    page_2 += [(330, 160, "Subtotal", 8), (480, 160, "$503.00", 8)]
    data = read_pdf(page_1, "line items", page_2)
    assert [item["description"] for item in data["line_items"]] == [row[0] for row in first + second]


def test_a_pages_subtotal_on_a_scan_of_two_stacked_pages_carries_the_table_below():
    rows = [("Trash liners", "5", "38.90", "194.50"), ("Glass cleaner", "2", "3.85", "7.70")]
    more = [("Floor pads red", "10", "23.60", "236.00"), ("Freight UPS", "1", "64.80", "64.80")]
    header = ((40, "Item No."), (100, "Description"), (330, "Qty"), (400, "Unit Price"), (480, "Extended"))
    words = _line_of(40, (40, "Great Lakes Janitorial Supply, Inc.")) + _line_of(100, *header)
    for n, (description, quantity, price, amount) in enumerate(rows):
        cells = ((40, f"JS-{n}"), (100, description), (330, quantity), (400, price), (480, amount))
        words += _line_of(120 + 20 * n, *cells)
    words += _line_of(170, (330, "Page subtotal"), (480, "$202.20"))
    words += _line_of(190, (40, "Continued on page 2"))
    words += _line_of(520, (40, "Great Lakes Janitorial Supply, Inc."))
    words += _line_of(560, (330, "Subtotal forwarded from page 1"), (480, "$202.20")) + _line_of(580, *header)
    for n, (description, quantity, price, amount) in enumerate(more):
        cells = ((40, f"JS-{7 + n}"), (100, description), (330, quantity), (400, price), (480, amount))
        words += _line_of(600 + 20 * n, *cells)
    words += _line_of(650, (330, "Subtotal"), (480, "$503.00"))
    items = _fields_read(words, "line items")["line_items"]
    assert [item["description"] for item in items] == [row[0] for row in rows + more]


def test_a_quantity_ordered_beside_the_quantity_shipped_gives_way_to_the_one_the_amount_prices():
    """ "Qty Ord. 10, Qty Ship 6, B/O 4" at 112.00 is 672.00: six were shipped, no 40 % discount."""
    items = [
        {
            "description": "Floor finish, 5 gal pail",
            "quantity": 10,
            "unit_price": "112.00",
            "amount": "672.00",
        }
    ]
    sources = [{"snippet": "JS-7001  Floor finish, 5 gal pail  10  6  4  EA  112.00  672.00"}]
    check_items(items, sources)
    assert items[0]["quantity"] == 6
    # a discount the row does not explain by a count it prints stays a discount
    items = [
        {
            "description": "Floor finish, 5 gal pail",
            "quantity": 10,
            "unit_price": "112.00",
            "amount": "672.00",
        }
    ]
    check_items(items, [{"snippet": "JS-7001  Floor finish, 5 gal pail  10  EA  112.00  672.00"}])
    assert items[0]["quantity"] == 10


PT_HEADER = [
    (40, 40, "Distribuidora Tejo Gourmet, Lda.", 12),
    (420, 40, "FATURA", 14),
    (40, 56, "Rua do Açúcar, 54 \u2013 1950-010 Lisboa", 8),
    (420, 60, "FT TG2026/318", 10),
    (40, 130, "Artigo", 8),
    (90, 130, "Descrição", 8),
    (330, 130, "Qtd.", 8),
    (380, 130, "Preço Unit.", 8),
    (470, 130, "Valor", 8),
    (40, 146, "AZ-005", 8),
    (90, 146, "Azeite virgem extra 5 L", 8),
    (335, 146, "6", 8),
    (385, 146, "38,50", 8),
    (475, 146, "231,00", 8),
    (40, 160, "TR-001", 8),
    (90, 160, "Transporte e entrega Faro", 8),
    (335, 160, "1", 8),
    (385, 160, "35,00", 8),
    (475, 160, "35,00", 8),
]


def test_a_billing_programs_certificate_wrapped_under_its_words_is_no_invoice_number():
    items = [
        *PT_HEADER,
        (40, 700, "Xb7k-Processado por programa certificado", 7),
        (40, 709, "n.º 2941/AT", 7),
    ]
    assert read_pdf(items, "invoice number")["invoice_number"] != "2941/AT"


def test_a_tax_summarys_heading_under_the_items_is_no_item():
    items = [
        *PT_HEADER,
        (40, 190, "Quadro resumo do IVA", 8),
        (380, 190, "Valor bruto", 8),
        (470, 190, "266,00 €", 8),
        (300, 204, "Taxa", 8),
        (380, 204, "Incidência", 8),
        (470, 204, "Descontos comerciais", 8),
    ]
    descriptions = [item["description"] for item in read_pdf(items, "line items")["line_items"]]
    assert descriptions == ["Azeite virgem extra 5 L", "Transporte e entrega Faro"]


def test_a_country_alone_on_a_scans_top_lines_is_no_seller():
    words = _words_of(40, "TAX INVOICE", size=20)
    words += _words_of(80, "Sandy Bay Dental Group Pty Ltd") + _words_of(100, "301 Sandy Bay Road")
    words += _words_of(120, "SANDY BAY TAS 7005") + _words_of(140, "AUSTRALIA", size=12)
    words += _words_of(200, "Invoice Number INV-00724")
    layout = _scanned_layout(words)
    lines = [(line.page, line.text) for line in layout.lines]
    taken = frozenset({"Sandy Bay Dental Group Pty Ltd"})
    found = fallbacks.find_by_type(
        "vendor_name", "party", lines, layout.text, month_first=False, layout=layout, taken=taken
    )
    assert found is None or found.value != "AUSTRALIA"


QUEBEC = [
    (428, 47, "FACTURE", 16),
    (415, 88, "N° de facture", 8),
    (518, 88, "2026-0331", 8),
    (452, 101, "Date", 8),
    (515, 101, "2026-02-17", 8),
    (431, 113, "Échéance", 8),
    (515, 113, "2026-03-19", 8),
    (427, 127, "Conditions", 8),
    (537, 127, "Net 30", 8),
    (45, 153, "FACTURÉ À", 8),
    (45, 168, "Clinique vétérinaire des Laurentides inc.", 8),
    (45, 180, "455, boulevard Monseigneur-Dubois", 8),
    (45, 193, "Saint-Jérôme (Québec) J7Y 3L8", 8),
    (370, 384, "Sous-total", 8),
    (510, 384, "10 109,00 $", 8),
    (370, 432, "TOTAL", 8),
    (498, 432, "11 622,82 $", 8),
    (
        128,
        741,
        "Les Ateliers Boréal inc. · 1280, rue Saint-Vallier Est, Québec (Québec) G1K 3R3 · 418 555-0176",
        7,
    ),
]


def test_a_seller_only_in_the_footer_is_not_a_label_no_vocabulary_knows_nor_the_customer():
    """Québec writes "inc." in small letters; "Conditions  Net 30" under three labels and their
    values is one more of them, not a letterhead."""
    data = read_pdf(QUEBEC, "vendor name, customer name")
    assert data["vendor_name"] == "Les Ateliers Boréal inc."
    assert data["customer_name"] == "Clinique vétérinaire des Laurentides inc."


def test_a_letterheads_name_with_a_small_word_inside_is_a_name_not_a_sentence():
    items = [
        (94, 45, "Recife Digital Soluções em TI Ltda.", 12),
        (94, 60, "Rua da Aurora, 325 \u2013 Boa Vista \u2013 Recife/PE \u2013 CEP 50050-000", 8),
        (388, 90, "FATURA Nº 2026/0193", 10),
        (48, 150, "CLIENTE", 8),
        (48, 163, "Clínica Boa Viagem Serviços Médicos Ltda.", 8),
    ]
    assert read_pdf(items, "vendor name")["vendor_name"] == "Recife Digital Soluções em TI Ltda."


def test_a_logos_signs_read_before_a_scanned_name_are_no_part_of_it():
    words = _words_of(40, "» Recife Digital Soluções em TI Ltda.", size=14)
    words += _words_of(70, "Rua da Aurora, 325 Recife") + _words_of(120, "FATURA Nº 2026/0193")
    assert _fields_read(words, "vendor name")["vendor_name"] == "Recife Digital Soluções em TI Ltda."


def test_south_africas_pty_ltd_names_the_company_its_brand_stands_for():
    items = [
        (100, 46, "PROTEA COLD CHAIN", 14),
        (426, 46, "TAX INVOICE", 14),
        (100, 65, "Protea Cold Chain Logistics (Pty) Ltd", 8),
        (100, 77, "Unit 5, Airport Industria, Cape Town, 7490", 8),
        (421, 90, "Invoice No.", 8),
        (504, 90, "PCL-10457", 8),
    ]
    assert read_pdf(items, "vendor name")["vendor_name"] == "Protea Cold Chain Logistics (Pty) Ltd"


def test_a_minus_before_the_currencys_sign_makes_an_items_amount_negative():
    assert norm.parse_amount("-R 1 865.90") == "-1865.90"
    assert norm.parse_amount("Total - R 500.00") == "500.00"  # a dash apart is no sign
    words = [Word("-R", 0, 0, 10, 10), Word("1", 14, 0, 20, 10), Word("865.90", 24, 0, 50, 10)]
    assert [word.text for word in amount_words(Cell(words))] == ["-1 865.90"]
    items = [(42, 267, "Code", 8), (98, 267, "Description", 8), (336, 267, "Qty", 8)]
    items += [(385, 267, "Unit Price", 8), (454, 267, "VAT", 8), (490, 267, "Excl. Amount", 8)]
    items += [(42, 286, "CS-PAL", 8), (98, 286, "Cold storage per pallet", 8), (342, 286, "64", 8)]
    items += [(394, 286, "R 145.00", 8), (454, 286, "15%", 8), (506, 286, "R 9 280.00", 8)]
    items += [(42, 306, "DISC", 8), (98, 306, "Less: loyalty discount 5%", 8), (347, 306, "1", 8)]
    items += [(383, 306, "-R 464.00", 8), (454, 306, "15%", 8), (503, 306, "-R 464.00", 8)]
    line_items = read_pdf(items, "line items")["line_items"]
    assert [(item["unit_price"], item["amount"]) for item in line_items] == [
        ("145.00", "9280.00"),
        ("-464.00", "-464.00"),
    ]


def test_a_tax_whose_point_ocr_read_as_a_digit_is_the_total_less_the_subtotal():
    words = _words_of(40, "Protea Cold Chain Logistics (Pty) Ltd", size=14)
    words += _line_of(300, (40, "Total Excl. VAT"), (300, "R 35 452.10"))
    words += _line_of(330, (40, "VAT @ 15%"), (300, "R 5 317282"))
    words += _line_of(360, (40, "Total Incl. VAT"), (300, "R 40 769.92"))
    assert _fields_read(words, "subtotal, tax, total")["tax"] == "5317.82"


def test_a_window_envelopes_address_under_a_scanned_logo_is_the_customer_not_the_seller():
    words = _words_of(64, "drukwerk", size=14) + _words_of(85, "& signalisatie")
    for y, text in (
        (150, "Jenever & Co BV"),
        (162, "Dienst boekhouding"),
        (175, "Kapelstraat 7"),
        (188, "3500 Hasselt"),
    ):
        words += [
            Word(w.text, w.x0 + 280, w.y0, w.x1 + 280, w.y1, confidence=0.92) for w in _words_of(y, text)
        ]
    words += _words_of(221, "FACTUUR", size=16) + _words_of(260, "Factuurnummer 26/0214")
    words += _words_of(
        700, "Van den Broucke Drukwerk BV - Sint-Pieterskaai 62, 8000 Brugge - RPR Gent", size=7
    )
    assert _fields_read(words, "vendor name")["vendor_name"] == "Van den Broucke Drukwerk BV"


def test_a_point_of_sales_number_in_one_cell_with_the_invoices_is_its_prefix():
    words = _words_of(40, "Agroinsumos Mediterránea S.R.L.", size=14)
    words += _line_of(80, (400, "FACTURA")) + _line_of(120, (380, "Punto de Venta: 0004 Comp. Nro: 00001287"))
    words += _line_of(140, (380, "Fecha de Emisión: 18/02/2026"))
    assert _fields_read(words, "invoice number")["invoice_number"] == "0004-00001287"


def test_a_numero_sign_read_as_n_point_2_still_labels_the_number():
    words = _words_of(40, "Construções Limpopo, Lda.", size=14)
    words += _line_of(108, (60, "Exmos. Senhores"), (387, "NOTA DE ENCOMENDA"))
    words += _line_of(123, (60, "Ferragens Índico, S.A."), (480, "N.2 NE-0087/2026"))
    assert _fields_read(words, "purchase order number")["po_number"] == "NE-0087/2026"


def test_a_rules_bang_or_comma_after_a_scanned_amount_is_dropped():
    for printed, meant in (("820,00!", "820,00"), ("85,00,", "85,00"), ("Achtung!", "Achtung!")):
        assert scanned._without_a_rules_edge(printed) == meant


def test_a_one_word_heading_of_the_next_block_is_not_the_customer_beside_its_label():
    items = [
        (457, 52, "Studio Duinlicht B.V.", 10),
        (56, 123, "Factuur", 20),
        (56, 234, "Factuur aan", 8),
        (330, 234, "Project", 8),
        (56, 248, "Bakkerij Van Welie B.V.", 8),
        (330, 248, "Nieuwe huisstijl en webshop", 8),
        (56, 261, "t.a.v. mevrouw S. van Welie", 8),
        (330, 261, "Offerte OF-2025-061", 8),
        (56, 274, "Lange Hezelstraat 19", 8),
        (56, 287, "6511 CA Nijmegen", 8),
    ]
    assert read_pdf(items, "customer name")["customer_name"] == "Bakkerij Van Welie B.V."


def test_three_that_multiply_read_a_quantity_of_three_decimals_with_the_rows_mark():
    from batches.processing.builtin.checks import three_that_multiply

    assert three_that_multiply(["120,000", "14,85", "19", "1.782,00"]) == (0, 1, 3)
    assert Decimal(norm.parse_number("120,000", ",")) == 120


def test_a_tilted_scans_header_read_as_three_ocr_lines_is_one_line():
    """The scan sits a little higher at its right edge: "Valor" reads above "Artigo  Descrição",
    which is still level with "Qtd." beside it."""
    words = [
        Word("Artigo", 45, 285.1, 80, 295.2, line=1),
        Word("Descrição", 90, 284.4, 150, 294.7, line=1),
        Word("Lote", 255, 284.9, 275, 290.6, line=1),
        Word("Qtd.", 311, 283.9, 330, 291.4, line=2),
        Word("Preço", 357, 283.9, 380, 289.9, line=2),
        Word("IVA%", 451, 282.7, 473, 289.0, line=3),
        Word("Valor", 533, 282.0, 555, 288.2, line=4),
    ]
    lines = group_lines(words, page=1, cell_gap=scanned.OCR_CELL_GAP)
    assert [[word.text for word in line.words] for line in lines] == [[word.text for word in words]]
    # two small lines beside a large title stay two lines
    title = [Word("FACTURA", 300, 100, 420, 130, line=5)]
    small = [Word("Serie", 440, 102, 470, 112, line=6), Word("Folio", 440, 116, 470, 126, line=7)]
    assert len(group_lines(title + small, page=1)) == 2


def test_a_units_word_beside_a_price_does_not_hide_that_the_row_multiplies_as_placed():
    """ "6  UN  38,50  6  231,00" under "Qtd.  Preço Unit.  IVA%  Valor": six at 38,50 (the second
    6 the VAT rate), not 38,5 at six."""
    words = _line_of(100, (40, "Artigo"), (90, "Descrição"), (310, "Qtd."), (370, "Preço Unit."))
    words += _line_of(100, (451, "IVA%"), (533, "Valor"))
    words += _line_of(120, (40, "AZ-005"), (90, "Azeite virgem extra 5 L"), (325, "6"), (355, "UN"))
    words += _line_of(120, (384, "38,50"), (469, "6"), (529, "231,00"))
    words += _line_of(140, (40, "TR-001"), (90, "Transporte e entrega"), (325, "1"), (355, "SV"))
    words += _line_of(140, (384, "35,00"), (469, "23"), (529, "35,00"))
    items = _fields_read(words, "line items")["line_items"]
    assert [(item["quantity"], item["unit_price"]) for item in items] == [(6, "38.50"), (1, "35.00")]


def test_a_logo_read_as_three_small_letters_before_a_scanned_name_is_dropped():
    logo = Word("eno", 128, 188, 180, 289, confidence=0.65, line=1)
    name = [
        Word(text, 200 + 60 * n, 240, 250 + 60 * n, 270, confidence=0.97, line=1)
        for n, text in enumerate(("Cerámicas", "y", "Menaje", "del", "Turia,", "S.L."))
    ]
    words = [logo, *name, *_words_of(320, "FACTURA"), *_words_of(340, "Nº factura: 2026/0418")]
    assert _fields_read(words, "vendor name")["vendor_name"] == "Cerámicas y Menaje del Turia, S.L."


def test_a_partys_name_ends_at_its_legal_form_before_a_number_another_cell_held():
    """OCR read the middle dot between "… LLC" and "Customer ID MGPM01" as a dash."""
    words = _words_of(40, "Great Lakes Janitorial Supply, Inc.", size=14)
    words += _words_of(120, "Bill to: Maple Grove Property Management LLC - Customer ID MGPM01")
    assert _fields_read(words, "customer name")["customer_name"] == "Maple Grove Property Management LLC"


def test_an_amount_ocr_could_not_read_is_the_quantity_times_the_unit_price():
    items = [
        {"description": "Asciugamani spugna 500 g/m²", "quantity": 6, "unit_price": "9.52", "amount": None}
    ]
    sources = [{"snippet": "Asciugamani spugna 500 g/m²  6  9,52  22%  BIZ."}]
    check_items(items, sources)
    assert items[0]["amount"] == "57.12"
    assert "none read" in sources[0]["notes"][0]


def test_a_discounts_line_priced_negative_counts_one():
    items = [
        {
            "description": "Remise commerciale 5 %",
            "quantity": None,
            "unit_price": "-251.67",
            "amount": "-251.67",
        }
    ]
    items.append(
        {"description": "Support technique", "quantity": 5, "unit_price": "238.45", "amount": "1192.25"}
    )
    check_items(items, [{"snippet": "Remise commerciale 5 %  -251,67  -251,67"}, {"snippet": ""}])
    assert items[0]["quantity"] == 1


def test_a_skill_whose_bullet_ocr_lost_in_a_grids_second_column_is_still_a_skill():
    words = _words_of(40, "Camille ROUSSEL", size=16) + _words_of(70, "camille.roussel@example.com")
    words += _line_of(100, (40, "EXPÉRIENCE PROFESSIONNELLE"))
    words += _line_of(120, (40, "Ingénieure systèmes embarqués"), (400, "janvier 2021 - aujourd'hui"))
    words += _line_of(200, (40, "COMPÉTENCES TECHNIQUES"))
    grid = (
        ("» C", "» C++"),
        ("» Ada", "DO-178C"),
        ("» RTOS (VxWorks, FreeRTOS)", "Python"),
        ("» MATLAB", "Git"),
    )
    for n, (left, right) in enumerate(grid):
        right_at = 300 if right.startswith("»") else 310  # the item after its bullet, or where it would be
        words += _line_of(220 + 16 * n, (40, left), (right_at, right))
    words += _line_of(300, (40, "LANGUES")) + _line_of(320, (40, "Français (langue maternelle)"))
    skills = _fields_read(words, "skills")["skills"]
    assert skills == ["C", "C++", "Ada", "DO-178C", "RTOS (VxWorks, FreeRTOS)", "Python", "MATLAB", "Git"]
