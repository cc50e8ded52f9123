"""Classes from the thirty-fourth session's opened sets (the last session's held-out HK and RK):
sums carried between pages, an invoice book's handwritten page, a fax's header, two parties'
labels and values side by side, a town between its street and its postcode, headings of two
wordings or with an ampersand, skills rated in dots, an order's total before tax, an account's
number beside its IBAN and names a line break cut."""

from __future__ import annotations

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.classify import classify
from batches.processing.builtin.items import header_columns
from batches.processing.layout import scanned
from batches.processing.layout.model import Word
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_extract_layouts import extract, pdf
from tests.batches.processing.test_scans import _fields_read, _line_of

FOOTER = [(40, 780, "Kettler Elektrogroßhandel GmbH · Industriestraße 14 · 31785 Hameln", 7)]


def _rows(first: int, top: float, count: int) -> list[tuple]:
    items = []
    for row in range(count):
        y = top + 16 * (row + 1)
        number = first + row
        items += [(40, y, str(number), 9), (70, y, f"Artikel Nummer {number}", 9), (330, y, "2", 9),
                  (400, y, "5,00", 9), (480, y, "10,00", 9)]  # fmt: skip
    return items


def _header(y: float) -> list[tuple]:
    return [(40, y, "Pos.", 9), (70, y, "Bezeichnung", 9), (330, y, "Menge", 9), (400, y, "Einzelpreis", 9),
            (480, y, "Gesamt €", 9)]  # fmt: skip


def test_a_sum_carried_at_each_pages_foot_and_head_goes_on_with_the_table():
    # "Übertrag auf Seite 2" on each page but the last: a line every page repeats, yet the table's
    first = [(40, 40, "Kettler Elektrogroßhandel GmbH", 12), (350, 80, "Rechnung RE-2024-04467", 10),
             *_header(200), *_rows(1, 200, 3), (330, 290, "Übertrag auf Seite 2", 9), (480, 290, "30,00", 9),
             *FOOTER]  # fmt: skip
    # the sum brought from the last page stands apart from the header and the rows
    second = [*_header(80), (330, 104, "Übertrag von Seite 1", 9), (480, 104, "30,00", 9), *_rows(4, 112, 3),
              (330, 190, "Übertrag auf Seite 3", 9), (480, 190, "60,00", 9), *FOOTER]  # fmt: skip
    third = [*_header(80), (330, 104, "Übertrag von Seite 2", 9), (480, 104, "60,00", 9), *_rows(7, 112, 2),
             (330, 170, "Summe netto", 9), (480, 170, "80,00 €", 9), *FOOTER]  # fmt: skip
    data = extract(pdf(first, second, third), "rechnung.pdf", prompt="line items", strategy="global").data
    assert [item["description"] for item in data["line_items"]] == [
        f"Artikel Nummer {n}" for n in range(1, 9)
    ]


def test_a_rule_under_a_later_pages_header_is_no_row_before_the_sum_it_brings():
    # (a guard: with the sums carried no page's furniture, a rule there would end the page's rows)
    rule = "-" * 60
    first = [(40, 40, "Distribuciones Barrenechea, S.L.U.", 12), (350, 60, "PEDIDO DE COMPRA", 10),
             *_header(200), (40, 208, rule, 9), *_rows(1, 208, 3), (330, 300, "SUMA Y SIGUE ....", 9),
             (480, 300, "30,00", 9), *FOOTER]  # fmt: skip
    second = [*_header(80), (40, 88, rule, 9), (330, 104, "SUMA ANTERIOR ...", 9), (480, 104, "30,00", 9),
              *_rows(4, 104, 2), (330, 160, "TOTAL PEDIDO EUR", 9), (480, 160, "50,00", 9),
              *FOOTER]  # fmt: skip
    data = extract(pdf(first, second), "pedido.pdf", prompt="line items", strategy="global").data
    assert len(data["line_items"]) == 5


INVOICE_BOOK = """GILLOW PLUMBING & HEATING  INVOICE
14 Wharfe View, Ilkley LS29 8DB  No.  0516
Tel 01943 555 0176
Date  15/5/24
To  Mrs J. Pettifer
12 Moorview Cres, Ilkley
Qty  Description  Rate  Amount
1  Replace kitchen mixer tap  95.00  95.00
2  Radiator valves (TRV)  18.00  36.00
Terms: payment on completion  Sub Total  131.00
VAT @ 20%  26.20
Thank you!  TOTAL  157.20
"""


def test_an_invoice_book_addressed_to_a_person_by_courtesy_is_an_invoice():
    # no customer's label, no due date: "To" and a word of courtesy address it, on a page its
    # large handwriting makes as narrow as a till roll's
    assert classify(INVOICE_BOOK, roll=True)[0] == "invoice"
    assert classify(INVOICE_BOOK.replace("To  Mrs J. Pettifer", "Cashier  Jo"), roll=True)[0] == "receipt"


def test_an_invoice_books_handwritten_page_read_by_ocr():
    words = _line_of(40, (50, "GILLOW PLUMBING & HEATING"), (270, "INVOICE"))
    words += _line_of(70, (270, "No."), (300, "0516"))
    words += _line_of(90, (260, "Date"), (295, "15/5/24"))
    words += _line_of(126, (35, "to"), (60, "Mrs J. Pettifer"))  # the short label OCR read small
    words += _line_of(150, (40, "12 Moorview Cres, Ilkley"))
    words += _line_of(185, (42, "Qty"), (143, "Description"), (283, "Rate"), (340, "Amount"))
    words += _line_of(205, (43, "1"), (74, "Replace kitchen mixer tap"), (270, "95.00"), (335, "95.00"))
    # written from the left of the centred heading, nearer the quantity's than the description's
    words += _line_of(225, (43, "3"), (62, "Labour (hrs)"), (270, "45.00"), (335, "135.00"))
    words += _line_of(450, (264, "Sub Total"), (333, "230.00"))
    words += _line_of(475, (264, "VAT @ 20%"), (333, "46:00"))  # the cents' point read as a colon
    words += _line_of(500, (264, "TOTAL"), (333, "276.00"))
    data = _fields_read(words, "customer, tax, total, line items")
    assert data["customer_name"] == "J. Pettifer"
    assert data["tax"] == "46.00"
    assert [item["description"] for item in data["line_items"]] == [
        "Replace kitchen mixer tap",
        "Labour (hrs)",
    ]


def test_the_cents_point_read_as_a_colon_in_an_amount_alone():
    assert norm.parse_amount("55:10") == "55.10"
    assert norm.parse_amount("Time 12:30") is None


def test_a_rule_read_as_letters_is_no_word():
    # a fax's rule read as "TIA", 70 points wide and 3 high, unsure: dropped; a dash stays
    rule = Word("TIA", 521, 55, 590, 58, confidence=0.18)
    name = Word("PERRAUDIN", 136, 54, 200, 63, confidence=0.91)
    dash = Word("\u2014", 300, 54, 340, 60, confidence=0.45)
    lines = scanned.lines_of([name, rule, dash], page=1)
    assert [word.text for line in lines for word in line.words] == ["PERRAUDIN", "\u2014"]


def test_a_faxs_smudge_before_the_letterhead_and_the_date_under_the_number():
    words = [
        Word("12/04/2024", 20, 10, 80, 18, confidence=0.9),
        Word("12:45", 85, 10, 115, 18, confidence=0.9),
    ]
    words += [Word("ann", 20, 48, 33, 60, confidence=0.34)]  # a smudge at the paper's edge
    words += _line_of(50, (43, "HYDRAULIQUES PERRAUDIN SARL"))
    words += _line_of(68, (43, "Z.I. DES MOUILLES - 4 RUE DE LA FORGE"))
    words += _line_of(80, (43, "58000 NEVERS"))
    words += _line_of(110, (335, "GARAGE PEYROT SARL"))
    words += _line_of(124, (335, "ZA DU CHAMP FLEURI - BP 12"))
    words += _line_of(138, (335, "89300 JOIGNY"))
    words += _line_of(162, (43, "FACTURE N. 0087462"))
    words += _line_of(176, (43, "DU 11/04/24"))
    words += _line_of(300, (300, "NET A PAYER EUR"), (450, "737,46"))
    data = _fields_read(words, "invoice number, invoice date, vendor, total")
    assert (data["vendor_name"], data["invoice_date"]) == ("HYDRAULIQUES PERRAUDIN SARL", "2024-04-11")


def test_two_parties_labels_and_values_side_by_side_under_their_headings():
    items = [(34, 90, "Documentgegevens", 10), (312, 90, "Betaalinstructies", 10),
             (34, 108, "Factuurnummer", 9), (125, 108, "F2024-00229", 9),
             (34, 202, "Verkoper", 10), (312, 202, "Koper", 10),
             (34, 220, "Naam", 9), (125, 220, "Hofstede ICT Beheer B.V.", 9), (312, 220, "Naam", 9),
             (403, 220, "Stichting Kinderopvang De Zeeparel", 9),
             (34, 232, "Adres", 9), (125, 232, "Koninginneweg 142", 9), (312, 232, "Adres", 9),
             (403, 232, "Westerdijk 3", 9),
             (34, 257, "KvK-nummer", 9), (125, 257, "61440418", 9), (312, 257, "KvK-nummer", 9),
             (403, 257, "41028661", 9)]  # fmt: skip
    data = read_pdf(items, "vendor, customer")
    assert (data["vendor_name"], data["customer_name"]) == (
        "Hofstede ICT Beheer B.V.",
        "Stichting Kinderopvang De Zeeparel",
    )


def test_a_town_between_its_street_and_its_postcode_is_no_letterhead():
    # the customer's block first, the seller's in a column on the right
    items = [(43, 69, "TAX INVOICE", 14),
             (51, 121, "Quayle & Pike Architects LLP", 9), (306, 121, "Invoice Date", 9),
             (425, 121, "Hollinsby Data Services Ltd", 9),
             (51, 133, "Attn: Accounts Payable", 9), (306, 133, "15 Mar 2024", 9), (425, 133, "Kendal", 9),
             (51, 145, "3 Castlegate Mews", 9), (425, 145, "LA9 4PQ", 9),
             (51, 157, "Penrith", 9), (306, 157, "Invoice Number", 9),
             (51, 169, "CA11 7HY", 9), (306, 169, "INV-0429", 9),
             (47, 290, "Description", 9), (321, 290, "Quantity", 9), (384, 290, "Unit Price", 9),
             (496, 290, "Amount GBP", 9),
             (47, 310, "Data pipeline review", 9), (339, 310, "6.00", 9), (398, 310, "450.00", 9),
             (515, 310, "2,700.00", 9),
             (369, 430, "TOTAL GBP", 9), (516, 430, "2,700.00", 9),
             (43, 600, "PAYMENT ADVICE", 10), (43, 620, "To: Hollinsby Data Services Ltd", 9),
             (300, 620, "Customer", 9), (380, 620, "Quayle & Pike Architects LLP", 9)]  # fmt: skip
    data = read_pdf(items, "vendor, customer")
    assert data["vendor_name"] == "Hollinsby Data Services Ltd"


def test_a_heading_of_two_of_a_columns_wordings_heads_it_over_a_code_column():
    assert header_columns(["Item", "Product / Service", "Qty", "Rate", "Total"])["description"] == 1
    items = [(48, 294, "Item", 9), (116, 294, "Product / Service", 9), (379, 294, "Qty", 9),
             (477, 294, "Rate", 9), (543, 294, "Total", 9),
             (48, 312, "88914", 9), (116, 312, "Cloud backup licence, 1 TB", 9), (384, 312, "12", 9),
             (469, 312, "156.60", 9), (530, 312, "1,879.20", 9)]  # fmt: skip
    items_read = read_pdf(items, "line items")["line_items"]
    assert [item["description"] for item in items_read] == ["Cloud backup licence, 1 TB"]


def test_a_skills_heading_with_an_ampersand_for_its_and():
    text = (
        "Sanne Bakker\nsbakker@mail.example.com\nPersoonlijk profiel\nDesigner met 14 jaar ervaring.\n"
        "Kennis & vaardigheden\nFigma\nPrototyping\nUser research\nWerkervaring\nSenior UX Designer\n"
    )
    skills = extract_text(text, "skills", name="cv.txt").data["skills"]
    assert skills == ["Figma", "Prototyping", "User research"]


def test_a_skills_rating_in_dots_read_with_a_figure_among_them_is_no_skill():
    text = (
        "Martina Pellegrini\nmpellegrini@mail.example.com\nCOMPETENZE TECNICHE\nGD&T\n0090\n"
        "Gestione fornitori\n00000\nSolidWorks\neee\nLINGUE\nItaliano\n"
    )
    skills = extract_text(text, "skills", name="cv.txt").data["skills"]
    assert skills == ["GD&T", "Gestione fornitori", "SolidWorks"]


def test_a_weak_labels_word_as_the_value_of_a_row_above_heads_nothing():
    # "Pagado" (paid) is the status's value, not a payment label over "Visa •••• 1105"
    items = [(57, 120, "Fecha del pedido", 9), (170, 120, "8 de julio de 2025", 9),
             (326, 120, "Dirección de facturación", 9),
             (57, 132, "Estado", 9), (170, 132, "Pagado", 9), (326, 132, "Marta Serrano", 9),
             (57, 144, "Método de pago", 9), (170, 144, "Visa •••• 1105", 9),
             (326, 144, "Calle San Antón, 70, 2º B", 9),
             (340, 378, "Total pagado", 9), (492, 378, "40,14 €", 9)]  # fmt: skip
    assert read_pdf(items, "payment method")["payment_method"] == "Visa"


def test_a_row_of_headings_over_values_past_another_blocks_line_names_no_party():
    # the customer's number's heading beside the page's, the values two lines down
    words = _line_of(48, (40, "SUMINISTROS INDUSTRIALES MATARÓ, S.A."))
    words += _line_of(100, (327, "FACTURA N°"), (398, "FECHA"), (446, "CLIENTE"), (510, "HOJA"))
    words += _line_of(114, (48, "Montajes Eléctricos Ribó, S.L."))
    words += _line_of(127, (49, "Pol. Ind. Bufalvent, C/ Zinc 9"), (326, "24/FV/01402"), (391, "23/05/2024"),
                      (450, "00872"))  # fmt: skip
    words += _line_of(140, (48, "08243 Manresa"))
    words += _line_of(400, (300, "TOTAL FACTURA"), (450, "1.250,00"))
    # the heading's value is lost; the addressee's block names the customer
    assert _fields_read(words, "customer")["customer_name"] == "Montajes Eléctricos Ribó, S.L."


DIRECT_DEBIT = """Glasnet Noord B.V.  Factuurnummer  240510-36632
Factuurdatum  13 mei 2024
De heer R. van Dongen
Kerkweg 12
7941 AB Meppel
Totaal te betalen  € 69,55
We schrijven dit bedrag op of rond 27-05-2024 af van je rekening NL** INGB **** **44 17.
"""


def test_a_direct_debits_day_in_dutch_and_an_addressee_after_his_word_of_courtesy():
    data = extract_text(DIRECT_DEBIT, "due date, customer", name="factuur.txt").data
    assert (data["due_date"], data["customer_name"]) == ("2024-05-27", "R. van Dongen")


def test_a_month_and_its_year_under_a_periods_heading_is_no_count():
    items = [(60, 126, "Omschrijving", 9), (258, 126, "Periode", 9), (382, 126, "Aantal", 9),
             (446, 126, "Prijs", 9), (504, 126, "Bedrag", 9),
             (60, 148, "Internet 1 Gbit/s", 9), (258, 148, "01-06-2024 t/m 30-06-2024", 9),
             (444, 148, "52,50", 9), (512, 148, "52,50", 9),
             (60, 166, "Korting welkomstactie", 9), (258, 166, "juni 2024", 9), (441, 166, "-10,00", 9),
             (510, 166, "-10,00", 9),
             (311, 200, "Totaal incl. btw", 9), (507, 200, "€ 42,50", 9)]  # fmt: skip
    rows = read_pdf(items, "line items")["line_items"]
    assert [(row["description"], row["amount"]) for row in rows] == [
        ("Internet 1 Gbit/s", "52.50"),
        ("Korting welkomstactie", "-10.00"),
    ]
    assert rows[1]["quantity"] is None  # the row prints no count: none, not "2024"


def test_an_orders_value_before_tax_is_its_total_where_nothing_adds_the_tax():
    text = (
        "Büroservice Ahlers GmbH\nBestellung Nr. B-2024-0331\nPos  Artikel  Menge  Preis  Gesamt\n"
        "10  Kopierpapier A4  24  4,78  114,72\n20  Toner schwarz  2  55,00  110,00\n"
        "Bestellwert netto:  224,72 €\nBitte geben Sie unsere Bestellnummer an.\n"
    )
    assert extract_text(text, "order total", name="bestellung.txt").data["total"] == "224.72"


def test_a_grid_of_headings_with_a_number_sign_read_as_a_figure():
    words = _line_of(44, (99, "Suministros Pastor S.A."), (492, "PEDIDO"))
    words += _line_of(99, (20, "N2 pedido"), (100, "Fecha pedido"), (190, "Cód. proveedor"),
                      (300, "Comprador"), (395, "Centro de coste"), (490, "Entrega prevista"))  # fmt: skip
    words += _line_of(113, (20, "PC-2025/33671"), (100, "03/01/2025"), (190, "74021"),
                      (300, "Sergio Benítez"), (395, "5933"), (490, "12/01/2025"))  # fmt: skip
    words += _line_of(374, (367, "TOTAL (IVA no incluido)"), (501, "3.379,78 €"))
    # the value under "Comprador", not the next heading beside it ("Centro de coste")
    assert _fields_read(words, "buyer")["buyer"] == "Sergio Benítez"


def test_an_accounts_number_beside_its_weak_label_over_the_iban():
    text = (
        "Cinderwick Bank plc  Current Account Statement\nRHYS DUNMORE  Name  Rhys Dunmore\n"
        "50 Station Road  Sort code  15-37-27\nBridport  Account  97795743\n"
        "IBAN  GB18 BARC 3165 2928 9173 89\nOpening balance  £2,746.22\nNew balance  £1,320.49\n"
    )
    data = extract_text(text, "account number last 4", name="statement.txt").data
    assert data["account_number_last4"] == "5743"


def test_a_total_ocr_garbled_gives_way_to_the_net_and_its_tax():
    words = _line_of(40, (68, "Servicios Industriales Serrano S.A. de C.V."))
    words += _line_of(424, (365, "Total base imponible"), (518, "$30,045.96"))
    words += _line_of(438, (365, "IVA (16 %)"), (523, "$4,807.35"))
    words += _line_of(452, (365, "Total fas 545551"))
    assert _fields_read(words, "subtotal, tax, total")["total"] == "34853.31"


def test_a_names_capital_i_read_small_and_a_name_wrapped_after_a_dash_and_a_comma():
    words = _line_of(130, (215, "Factuurnummer"), (317, "INV-2024-1906"), (441, "Factuuradres"))
    words += _line_of(140, (215, "Factuurdatum"), (317, "18-01-2024"), (441, "installatiebedrijf Kuipers"))
    words += _line_of(154, (441, "Langestraat 37"))
    words += _line_of(400, (300, "Totaal"), (450, "€ 487,15"))
    assert _fields_read(words, "customer")["customer_name"] == "installatiebedrijf Kuipers"
    words = _line_of(171, (65, "FORNECEDOR"), (222, "FATURAR A"))
    words += _line_of(184, (66, "Nogueira Materiais de"), (222, "Carvalho & Tavares -"))
    words += _line_of(194, (65, "Construção, S.A."), (222, "Equipamentos de Escritório,"))
    words += _line_of(204, (66, "Rua do Comércio, 144 r/c"), (222, "Lda."))
    words += _line_of(217, (66, "7100-513 Estremoz"), (223, "Rua de Santo António, 7"))
    words += _line_of(438, (341, "Total sem IVA"), (499, "3 832,97"))
    assert _fields_read(words, "customer")["customer_name"] == (
        "Carvalho & Tavares - Equipamentos de Escritório, Lda."
    )


def test_a_name_over_two_lines_its_surname_beside_a_monogram():
    items = [(221, 61, "Inès", 24), (83, 90, "IB", 14), (221, 90, "BERTHELOT", 24),
             (221, 124, "Cheffe de projet marketing digital", 11),
             (28, 210, "iberthelot@mail.example.com", 9),
             (221, 186, "14 ans d'expérience en marketing digital.", 9)]  # fmt: skip
    assert read_pdf(items, "name")["full_name"] == "Inès BERTHELOT"


def test_skills_beside_a_caption_set_right_and_an_item_cut_after_a_joining_word():
    def right(y: float, text: str) -> tuple:
        return (180 - 5 * len(text), y, text, 9)

    items = [(193, 74, "Paula Serrano", 12),
             (193, 125, "Correo electrónico: paula.serrano@mail.example.com", 9),
             right(518, "Lengua materna"), (193, 518, "Español", 9),
             right(530, "Otros idiomas"), (193, 530, "Inglés (B2), Portugués (A2)", 9),
             right(544, "Aptitudes"),
             (193, 544, "Excel avanzado, Tesorería, SAGE 200, Power BI, Gestión de equipos, Impuesto de", 9),
             (193, 556, "Sociedades, Cierre contable, Contabilidad general", 9),
             right(572, "Permiso de conducir"), (193, 572, "B", 9)]  # fmt: skip
    assert read_pdf(items, "skills")["skills"] == [
        "Excel avanzado", "Tesorería", "SAGE 200", "Power BI", "Gestión de equipos", "Impuesto de Sociedades",
        "Cierre contable", "Contabilidad general",
    ]  # fmt: skip


def test_an_italian_e_invoices_price_to_eight_places_and_an_article_code_like_a_currencys():
    assert norm.parse_amount("53,50000000") == "53.50"
    assert norm.parse_amount("53,50000000", exact=True) == "53.50"
    assert norm.parse_amount("0,07120000", exact=True) == "0.0712"
    assert norm.find_currency("VES-08  Vaso di espansione 8 l  53,50\nTotale documento  € 570,35") == "EUR"


def test_a_weak_titles_word_before_a_number_sign_names_the_number():
    text = (
        "Tipografia Arti Grafiche Oristanesi s.n.c.\nVia Lamarmora 212 - 09170 Oristano\n"
        "FATTURA DIFFERITA N. 0322/24\nData: 31/05/2024\nTotale documento  2.114,87\n"
    )
    assert extract_text(text, "invoice number", name="fattura.txt").data["invoice_number"] == "0322/24"


def test_a_return_address_parted_by_a_dash_over_an_addressee_under_his_word_of_courtesy():
    words = _line_of(52, (58, "Malerbetrieb Hüsing"), (508, "Am Sande 30"))
    words += _line_of(78, (59, "Meisterbetrieb Maler- und Lackiererarbeiten Fassaden Bodenbeläge"))
    words += _line_of(138, (59, "Malerbetrieb Hüsing Am Sande 30 - 21335 Lüneburg"))
    words += _line_of(155, (59, "Herrn"), (458, "Lüneburg, 10.05.2024"))
    words += _line_of(170, (59, "Dirk Ostermann"))
    words += _line_of(185, (58, "Am Kalkberg 9"))
    words += _line_of(200, (59, "21339 Lüneburg"))
    words += _line_of(251, (59, "RECHNUNG Nr. 2024-073"))
    words += _line_of(600, (300, "Rechnungsbetrag"), (480, "1.849,57 €"))
    assert _fields_read(words, "customer")["customer_name"] == "Dirk Ostermann"


def test_a_practice_over_its_doctor_and_a_company_over_its_accounts_department():
    text = (
        "Distrilab Bureautique SAS\nZA des Touches - 7 rue Ampère\n53000 Laval\n"
        "Cabinet Médical des Ormeaux\nDr Claire Le Bihan\n22 boulevard Cosmao-Dumanoir\n56100 Lorient\n"
        "FACTURE FA2405-00379\nTotal TTC  1.040,35 €\n"
    )
    assert (
        extract_text(text, "customer", name="facture.txt").data["customer_name"]
        == "Cabinet Médical des Ormeaux"
    )
    text = (
        "Corrib Broadband & Mobile Ltd\nUnit 3, Parkmore Business Park West\nGalway H91 X2C4\n"
        "Nore Valley Physiotherapy Clinic\nAccounts Department\n14 Patrick Street\nKilkenny R95 K7P2\n"
        "Bill number  0045217733\nTotal due  €175.79\n"
    )
    assert extract_text(text, "customer", name="bill.txt").data["customer_name"] == (
        "Nore Valley Physiotherapy Clinic"
    )


FOLIO = """HÔTEL LE CLOS DES TILLEULS
18 rue des Capucins - 14600 Honfleur
Facturé à :  FACTURE N° 24-01570
Ateliers Vernhes SAS
12 avenue Jean Jaurès  Date : 11/04/2024
12100 Millau
Client : M. VERNHES Thierry  Chambre : 12
Total TTC  617,90 €
Règlement : {paid} le 11/04/2024
"""


def test_a_hotels_guest_by_courtesy_gives_way_to_the_company_billed_and_a_card_paid_that_day():
    data = extract_text(FOLIO.format(paid="Carte bancaire VISA"), "customer, due date", name="folio.txt").data
    assert (data["customer_name"], data.get("due_date")) == ("Ateliers Vernhes SAS", None)
    # a transfer to come: its day is due
    data = extract_text(FOLIO.format(paid="virement à effectuer"), "due date", name="folio.txt").data
    assert data["due_date"] == "2024-04-11"


def test_a_tax_ocr_read_as_letters_is_its_rate_of_the_net_where_that_is_the_difference():
    words = _line_of(40, (57, "Vielfunk Kommunikation GmbH"))
    words += _line_of(564, (312, "Summe netto"), (504, "38,98 €"))
    words += _line_of(581, (312, "Umsatzsteuer 19 %"), (510, "TALE"))
    words += _line_of(595, (312, "Rechnungsbetrag"), (501, "46,39 €"))
    assert _fields_read(words, "subtotal, tax, total")["tax"] == "7.41"


def test_a_row_that_lost_its_count_keeps_each_number_under_its_heading():
    words = _line_of(231, (20, "Artigo"), (70, "Descrição"), (230, "Quant."), (280, "Un."),
                     (320, "Pr. Unit."), (390, "Desc.%"), (450, "IVA"), (520, "Valor"))  # fmt: skip
    words += _line_of(251, (20, "ALF01"), (70, "Alface frisada"), (235, "12"), (282, "UN"), (330, "0,75"),
                      (395, "0,00"), (455, "6"), (520, "9,00"))  # fmt: skip
    # the count lost: "28,30  0,00  13  28,30", its discount under "Desc.%" and its rate under "IVA"
    words += _line_of(270, (20, "CNS33"), (70, "Conserva de atum"), (282, "CX"), (330, "28,30"),
                      (395, "0,00"), (455, "13"), (520, "28,30"))  # fmt: skip
    words += _line_of(390, (354, "Total Mercadoria"), (520, "37,30"))
    rows = _fields_read(words, "line items")["line_items"]
    assert (rows[1]["unit_price"], rows[1]["amount"]) == ("28.30", "28.30")


def test_the_count_of_instalments_is_no_tax():
    text = (
        "MOLINOS MANTARO S.A.C.\nFACTURA ELECTRÓNICA F001-00012345\nOp. Gravada  S/  13,506.00\n"
        "1.G.V. 18%  S/  2,431.08\nImporte Total  S/  15,937.08\n"  # OCR read its I as a one
        "Monto neto pendiente de pago: S/ 15,937.08  Total de cuotas: 1\n"
    )
    assert extract_text(text, "subtotal, tax, total", name="factura.txt").data["tax"] == "2431.08"


def test_a_rows_price_and_amount_that_lost_their_points_are_read_back_by_the_sum():
    words = _line_of(266, (48, "Code"), (112, "Description"), (353, "Qty"), (390, "Unit price"), (499, "Net"))
    words += _line_of(
        287, (45, "OIL020"), (112, "Rapeseed oil 20 L drum"), (363, "4"), (404, "3180"), (461, "12720")
    )
    words += _line_of(
        305, (45, "BLU006"), (112, "Blue roll, pack of 6"), (360, "10"), (404, "12.45"), (461, "124.50")
    )
    words += _line_of(534, (395, "Total net"), (529, "251.70"))
    rows = _fields_read(words, "line items, subtotal")["line_items"]
    assert (rows[0]["unit_price"], rows[0]["amount"]) == ("31.80", "127.20")


def test_a_subscriptions_period_alone_under_its_row_is_no_part_of_its_description():
    items = [(47, 339, "Description", 9), (346, 339, "Qty", 9), (414, 339, "Unit price", 9),
             (519, 339, "Amount", 9),
             (47, 360, "Insight Platform - Professional plan (per seat)", 9), (348, 360, "22", 9),
             (420, 360, "€65.00", 9), (505, 360, "€1,430.00", 9),
             (47, 371, "Mar 5, 2024 - Apr 4, 2024", 8),
             (47, 383, "Onboarding & implementation (days)", 9), (354, 383, "2", 9), (414, 383, "€830.00", 9),
             (505, 383, "€1,660.00", 9),
             (312, 446, "Subtotal", 9), (510, 446, "€3,090.00", 9)]  # fmt: skip
    rows = read_pdf(items, "line items")["line_items"]
    assert [row["description"] for row in rows] == [
        "Insight Platform - Professional plan (per seat)",
        "Onboarding & implementation (days)",
    ]


def test_a_german_position_held_until_now_and_an_italian_total_of_services_before_its_tax():
    text = (
        "Lena Hartmann\nlena.hartmann@mail.example.de\nBerufserfahrung\n"
        "09/2024 - jetzt  Senior SAP-Beraterin\n08/2019 - 08/2024  SAP-Beraterin\n"
        "Ausbildung\n2015 - 2019  M.Sc. Wirtschaftsinformatik\n"
        "Dachau, 2. August 2025\n"
    )
    assert extract_text(text, "years of experience", name="cv.txt").data["years_experience"] == 6
    text = (
        "Studio Grafico Ferri\nFattura n.  FPR 9/24\nTotale prestazioni  € 1.010,80\nIVA  € 0,00\n"
        "Totale da pagare  € 1.010,80\nOperazione in regime forfettario.\n"
    )
    assert extract_text(text, "subtotal, tax, total", name="fattura.txt").data["subtotal"] == "1010.80"
