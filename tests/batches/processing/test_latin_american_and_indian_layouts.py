"""Layouts that Latin American, Swiss, Indian and South African documents print often, and others do
too: a currency in a cell of its own between a label and its amount, a title boxed over the
number, the Mexican CFDI's sections, a copy's mark beside the title, headings OCR ran together, a
tax rate with no sign in a column of its own, an IBAN as the only account number."""

from __future__ import annotations

from tests.batches.processing.extracting import extract_text
from tests.batches.processing.test_extract_layouts import extract, pdf

ITEMS = "line items (description, quantity, unit price, amount)"


def _read(items: list[tuple[float, float, str, float]], name: str, prompt: str) -> dict:
    """What the engine reads of a PDF of ``items`` asked ``prompt`` for every document."""
    return extract(pdf(items), name, prompt=prompt, strategy="global").data


def _totals(rows: list[tuple[str, str]], top: float = 400) -> list[tuple[float, float, str, float]]:
    """A totals block: each label at x 400, a currency sign of its own at 480, the amount at 510."""
    items = []
    for n, (label, amount) in enumerate(rows):
        y = top + 14 * n
        items += [(400, y, label, 9), (480, y, "S/", 9), (510, y, amount, 9)]
    return items


def test_a_currency_sign_in_a_cell_of_its_own_between_the_label_and_the_amount():
    """Peru's "Importe Total  S/  32,223.72": "S/" is the sol's sign, not the value; "Op. Gravada"
    is the taxable base."""
    items = [
        (50, 40, "Inversiones Pacífico Sur S.A.C.", 12),
        (50, 80, "Señor(es): Minera Cordillera Blanca S.A.", 9),
        *_totals([("Op. Gravada", "27,308.24"), ("IGV 18%", "4,915.48"), ("Importe Total", "32,223.72")]),
    ]
    data = _read(items, "factura.pdf", "subtotal, tax, total, currency")
    assert data == {"subtotal": "27308.24", "tax": "4915.48", "total": "32223.72", "currency": "PEN"}


def test_the_number_boxed_under_an_electronic_invoices_title():
    """Peru's RUC box: the tax number, "FACTURA ELECTRÓNICA", then the series and number under it."""
    items = [
        (50, 40, "Inversiones Pacífico Sur S.A.C.", 12),
        (420, 40, "R.U.C. 20601234567", 10),
        (415, 58, "FACTURA ELECTRÓNICA", 10),
        (429, 76, "F001-00004512", 10),
        (50, 130, "Fecha de Emisión", 9),
        (156, 130, ": 30/09/2025", 9),
    ]
    data = _read(items, "factura.pdf", "invoice number, invoice date")
    assert data == {"invoice_number": "F001-00004512", "invoice_date": "2025-09-30"}


def test_a_series_of_four_letters_before_the_number():
    """Colombia's DIAN prefixes run to four letters: "N° FEMD 10388"."""
    text = "Textiles del Valle S.A.S.\nFACTURA ELECTRÓNICA DE VENTA\nN° FEMD 10388\n"
    data = extract_text(text, "invoice number", name="factura.txt").data
    assert data == {"invoice_number": "FEMD 10388"}


def test_a_purchase_orders_number_after_a_bare_number_sign():
    """ "Nº PC-25-00731" under "PEDIDO DE COMPRA": the order's own number."""
    text = (
        "Naval Bizkaia Componentes, S.A.          PEDIDO DE COMPRA\n"
        "Polígono Udondo, Pab. 7, 48940 Leioa     Nº PC-25-00731\n"
        "                                         Bilbao, 2 de octubre de 2025\n"
    )
    data = extract_text(text, "po number", name="pedido.txt").data
    assert data == {"po_number": "PC-25-00731"}


def test_a_mexican_cfdis_parties_and_its_due_date_in_a_clause():
    """The title with its version in brackets over the seller's name in capitals ("S.A. DE C.V."),
    the customer's "Nombre:" under the "RECEPTOR" heading, the due date after a comma."""
    items = [
        (431, 43, "FACTURA (CFDI 4.0)", 11),
        (113, 46, "ARTESANÍAS JALISCO DEL BAJÍO, S.A. DE C.V.", 11),
        (431, 54, "Serie: GDL", 8),
        (475, 54, "Folio: 5521", 8),
        (113, 59, "RFC: AJB150312KT4", 8),
        (431, 59, "Fecha: 2025-04-11T12:38:05", 8),
        (113, 71, "Av. Vallarta 3040, Col. Vallarta Poniente, C.P. 44110, Guadalajara, Jal.", 8),
        (34, 130, "RECEPTOR", 9),
        (34, 144, "Nombre: Decoraciones Monterrey Norte, S. de R.L. de C.V.", 8),
        (340, 144, "Forma de pago: 99 Por definir", 8),
        (34, 153, "RFC: DMN180927QP1", 8),
        (340, 153, "Moneda: MXN Peso Mexicano", 8),
        (340, 171, "Condiciones: crédito, vence 11/05/2025", 8),
        (444, 312, "Total", 9),
        (516, 312, "$55,215.74", 9),
    ]
    prompt = "vendor name, customer name, invoice date, due date"
    data = _read(items, "cfdi.pdf", prompt)
    assert data == {
        "vendor_name": "ARTESANÍAS JALISCO DEL BAJÍO, S.A. DE C.V.",
        "customer_name": "Decoraciones Monterrey Norte, S. de R.L. de C.V.",
        "invoice_date": "2025-04-11",
        "due_date": "2025-05-11",
    }


def test_a_copys_mark_beside_the_title_is_no_seller():
    """India's "TAX INVOICE  ORIGINAL FOR RECIPIENT" over the letterhead."""
    items = [
        (254, 39, "TAX INVOICE", 12),
        (478, 39, "ORIGINAL FOR RECIPIENT", 8),
        (88, 67, "Shree Vinayak Textiles Pvt. Ltd.", 12),
        (88, 85, "Plot 14, Sachin GIDC, Surat, Gujarat 394230", 8),
    ]
    data = _read(items, "invoice.pdf", "vendor name")
    assert data == {"vendor_name": "Shree Vinayak Textiles Pvt. Ltd."}


def test_an_email_address_a_narrow_column_wrapped_after_its_at_sign():
    items = [
        (23, 40, "MARTINA BELÉN QUIROGA", 16),
        (23, 185, "+54 9 351 555-0172", 8),
        (213, 185, "EXPERIENCIA LABORAL", 10),
        (23, 196, "martina.belen.quiroga@", 8),
        (23, 205, "example.com", 8),
        (213, 205, "Analista de Datos Senior", 9),
    ]
    data = _read(items, "cv.pdf", "email")
    assert data == {"email": "martina.belen.quiroga@example.com"}


def test_an_accounts_iban_in_full_gives_its_last_four_digits():
    """A statement that masks no number: "Compte privé  CH56 0483 5012 3456 7800 9"."""
    text = (
        "Banque Cantonale Lémanique\n\nRelevé de compte\n"
        "Compte privé    CH56 0483 5012 3456 7800 9    CHF\n"
        "Titulaire       Jean-Marc Favre\n"
    )
    data = extract_text(text, "account number last4", name="releve.txt").data
    assert data == {"account_number_last4": "8009"}
    unlabelled = text.replace("Compte privé", "")
    data = extract_text(unlabelled, "account number last4", name="releve.txt").data
    assert data == {"account_number_last4": "8009"}


def test_the_rand_sign_before_an_amount():
    text = "KAROO FRESH MARKET\n\nTOTAL          R 1 225,80\nCARD           R 1 225,80\n"
    data = extract_text(text, "total, currency", name="slip.txt").data
    assert data == {"total": "1225.80", "currency": "ZAR"}


def _table(header: list[tuple[float, str]], rows: list[list[tuple[float, str]]]) -> list:
    items = [(x, 200, text, 9) for x, text in header]
    for n, row in enumerate(rows):
        items += [(x, 216 + 14 * n, text, 9) for x, text in row]
    return items


def test_a_quantitys_heading_ocr_ran_into_the_descriptions():
    """ "Qté Description" read as one heading, over rows whose quantity comes first, apart or joined
    to the description ("45 Sirop d'érable ambré 540 ml")."""
    header = [(60, "Qté Description"), (372, "Prix unitaire"), (489, "Montant")]
    rows = [
        [(67, "30"), (86, "Sucre d'érable granulé 500 g"), (401, "15,98 $"), (491, "479,40 $")],
        [(67, "45 Sirop d'érable ambré 540 ml"), (401, "10,06 $"), (491, "452,70 $")],
    ]
    items = [(50, 40, "Érablière du Rang Saint-Joseph inc.", 12), *_table(header, rows)]
    data = _read(items, "facture.pdf", ITEMS)
    assert data["line_items"] == [
        {
            "description": "Sucre d'érable granulé 500 g",
            "quantity": 30,
            "unit_price": "15.98",
            "amount": "479.40",
        },
        {
            "description": "Sirop d'érable ambré 540 ml",
            "quantity": 45,
            "unit_price": "10.06",
            "amount": "452.70",
        },
    ]


def test_row_numbers_whose_heading_ocr_lost():
    """ "#" over the row numbers was not read: "1", "2", "3." left of the description's heading are no
    part of it, where the header names the quantity elsewhere."""
    header = [(69, "Item & description"), (349, "Qty"), (402, "Unit price"), (485, "Amount (S$)")]
    rows = [
        [
            (40, "1"),
            (69, "Cloud hosting plan - Business (monthly)"),
            (361, "2"),
            (421, "159.87"),
            (517, "319.74"),
        ],
        [(40, "2"), (69, "Data migration service"), (361, "1"), (421, "457.18"), (517, "457.18")],
        [(40, "3."), (69, "On-site support visit"), (361, "1"), (421, "104.06"), (517, "104.06")],
    ]
    items = [(50, 40, "Lion City Digital Pte. Ltd.", 12), *_table(header, rows)]
    data = _read(items, "invoice.pdf", ITEMS)
    assert [item["description"] for item in data["line_items"]] == [
        "Cloud hosting plan - Business (monthly)",
        "Data migration service",
        "On-site support visit",
    ]


def test_a_positions_number_joined_to_its_description_keeps_the_whole_description():
    """ "1 Texterstellung … (10 Stück)" under "Pos Leistung": the number is the position's, the
    rest the description's, its figures in brackets too (a guard: this read right before)."""
    header = [(74, "Pos Leistung"), (317, "Menge Einheit"), (398, "Einzelpreis netto"), (482, "Gesamtpreis")]
    rows = [
        [
            (84, "1 Texterstellung Produktbeschreibungen (10 Stück)"),
            (337, "12 psch."),
            (445, "453,00"),
            (503, "5.436,00"),
        ],
        [(84, "2 Tonerkartusche HP 26A, 3.100 Seiten"), (342, "3 Stk."), (450, "50,92"), (510, "152,76")],
    ]
    items = [(50, 40, "Kanzlei Hoffmann GmbH", 12), *_table(header, rows)]
    data = _read(items, "rechnung.pdf", ITEMS)
    assert [item["description"] for item in data["line_items"]] == [
        "Texterstellung Produktbeschreibungen (10 Stück)",
        "Tonerkartusche HP 26A, 3.100 Seiten",
    ]


def test_a_tax_rate_without_its_sign_in_a_column_of_its_own():
    """ "22" under "IVA" is the rate, not the unit price, when a line's quantity was not read: the
    price and the amount keep their columns and the quantity is what they make."""
    header = [
        (62, "Cod. art."),
        (124, "Descrizione"),
        (357, "Q.tà"),
        (409, "Prezzo"),
        (453, "IVA"),
        (528, "Importo"),
    ]
    rows = [
        [
            (61, "TL93046"),
            (124, "Sigillante anaerobico 50 ml"),
            (366, "tE"),
            (416, "11,65"),
            (455, "22"),
            (536, "128,15"),
        ],
        [
            (60, "TL15840"),
            (124, "Termostato ambiente digitale"),
            (366, "11"),
            (415, "70,87"),
            (454, "22"),
            (535, "779,57"),
        ],
    ]
    items = [(50, 40, "Termoidraulica Lombarda S.r.l.", 12), *_table(header, rows)]
    data = _read(items, "fattura.pdf", ITEMS)
    assert data["line_items"] == [
        {
            "description": "Sigillante anaerobico 50 ml",
            "quantity": 11,
            "unit_price": "11.65",
            "amount": "128.15",
        },
        {
            "description": "Termostato ambiente digitale",
            "quantity": 11,
            "unit_price": "70.87",
            "amount": "779.57",
        },
    ]


def test_a_rule_read_as_underscores_is_no_part_of_a_description():
    text = (
        "Description                        Qty    Unit price    Amount\n"
        "_Nappe coton blanc 180x180          12        18,50     222,00\n"
        "Chafing dish GN 1/1_                 2       310,00     620,00\n"
    )
    data = extract_text(text, ITEMS, name="bon.txt").data
    assert [item["description"] for item in data["line_items"]] == [
        "Nappe coton blanc 180x180",
        "Chafing dish GN 1/1",
    ]


def test_a_grid_of_skill_chips_under_its_heading():
    """Québec's "Compétences" over two rows of three chips, each row one line of cells set in from
    the heading."""
    items = [
        (51, 48, "Geneviève Tremblay-Roy", 16),
        (51, 387, "Compétences", 12),
        (97, 418, "AutoCAD Civil 3D", 9),
        (270, 418, "Gestion de projets", 9),
        (440, 418, "Estimation des coûts", 9),
        (111, 443, "MS Project", 9),
        (266, 443, "Hydraulique urbaine", 9),
        (433, 443, "Surveillance de chantier", 9),
    ]
    data = _read(items, "cv.pdf", "skills")
    assert data == {
        "skills": [
            "AutoCAD Civil 3D",
            "Gestion de projets",
            "Estimation des coûts",
            "MS Project",
            "Hydraulique urbaine",
            "Surveillance de chantier",
        ]
    }


def test_an_indian_firms_messrs_is_no_part_of_its_name():
    text = "PURCHASE ORDER\nPO No.: PO/2025/118\n\nSupplier: M/s. Kolhapur Castings & Forgings\nPune 411019\n"
    data = extract_text(text, "supplier", name="po.txt").data
    assert data == {"supplier": "Kolhapur Castings & Forgings"}


def test_a_due_dates_year_misread_by_one_digit_is_read_back():
    """ "Scadenza: 09/10/2020" on an invoice of 09/09/2025: OCR read a 5 as a 0; the due date is
    the issue's year, with a note. One that no year mends keeps its value with a lower confidence."""
    text = (
        "Ferretti Tessuti S.r.l.\n\nFattura n. 88/2025\nData fattura      09/09/2025\n\n"
        "Pagamento         Bonifico 30 gg\nScadenza          09/10/2020\n"
    )
    result = extract_text(text, "invoice date, due date", name="fattura.txt")
    assert result.data == {"invoice_date": "2025-09-09", "due_date": "2025-10-09"}
    assert any("2020" in note for note in result.sources["due_date"]["notes"])
    far = extract_text(text.replace("09/10/2020", "09/10/2019"), "invoice date, due date", name="fattura.txt")
    assert far.data == {"invoice_date": "2025-09-09", "due_date": "2019-10-09"}
    assert far.sources["due_date"]["confidence"] < result.sources["due_date"]["confidence"]


def test_the_number_sign_ocr_misread_before_its_label_or_a_series():
    """ "Ne factura" over the number, "N2 PC-25-00731": OCR's readings of "Nº"."""
    text = "Talleres Gráficos Turia, S.L.\n\nNe factura        Fecha\nFV-2025/0187      14/03/2025\n"
    data = extract_text(text, "invoice number, invoice date", name="factura.txt").data
    assert data == {"invoice_number": "FV-2025/0187", "invoice_date": "2025-03-14"}
    text = (
        "Naval Bizkaia Componentes, S.A.          PEDIDO DE COMPRA\n"
        "Leioa (Bizkaia)                          N2 PC-25-00731\n"
    )
    data = extract_text(text, "po number", name="pedido.txt").data
    assert data == {"po_number": "PC-25-00731"}


def test_a_sign_of_only_the_shops_kind_gives_way_to_the_company_under_it():
    """ "Bar Pasticceria" over "Due Torri S.n.c.": the sign says what the shop is, the company
    names it. Under a sign with a name of its own ("Pasticceria Dolce Vita") too: a receipt's
    merchant is the company that runs the shop, as printed (the convention since the
    twenty-seventh session, as on scans since the twenty-sixth)."""
    slip = (
        "{sign}\nDue Torri S.n.c.\ndi Gualandi M. & C.\nVia Rizzoli 14/B\n40125 Bologna\n"
        "P.IVA 03456780371\n\nDOCUMENTO COMMERCIALE\n07/02/2025 08:17\n"
        "ESPRESSO        2,58\nTOTALE         26,73\nBANCOMAT       26,73\n"
    )
    data = extract_text(slip.format(sign="Bar Pasticceria"), "merchant name", name="scontrino.txt").data
    assert data == {"merchant_name": "Due Torri S.n.c."}
    data = extract_text(
        slip.format(sign="Pasticceria Dolce Vita"), "merchant name", name="scontrino.txt"
    ).data
    assert data == {"merchant_name": "Due Torri S.n.c."}


def test_argentinas_point_of_sale_before_the_invoices_number():
    """ "Punto de Venta: 0004  Comp. Nro: 00012876": the number is both, "0004-00012876"."""
    text = (
        "Agropecuaria Sierras Chicas S.A.        A        FACTURA\n"
        "                                                 Punto de Venta: 0004    Comp. Nro: 00012876\n"
        "                                                 Fecha de Emisión: 07/05/2025\n"
    )
    data = extract_text(text, "invoice number, invoice date", name="factura.txt").data
    assert data == {"invoice_number": "0004-00012876", "invoice_date": "2025-05-07"}


def test_the_currency_of_the_country_a_document_dials_when_no_amount_shows_one():
    """A scan whose "$" OCR lost: the phone's country code (+54) says the pesos are Argentina's;
    an address's country names it as well ("India"). A sign printed still wins."""
    text = (
        "Agropecuaria Sierras Chicas S.A.\nBv. San Juan 1150, X5000 Córdoba\nTel. +54 351 555-0148\n\n"
        "FACTURA 0004-00012876\n\nImporte Total:      2.210.522,91\n"
    )
    assert extract_text(text, "total, currency", name="factura.txt").data == {
        "total": "2210522.91",
        "currency": "ARS",
    }
    indian = (
        "Shree Vinayak Textiles Pvt. Ltd.\nSurat, Gujarat, India\n\nTAX INVOICE\n\nTotal      7,39,368.28\n"
    )
    assert extract_text(indian, "total, currency", name="invoice.txt").data["currency"] == "INR"
    printed = text.replace("2.210.522,91", "US$ 2.210.522,91")
    assert extract_text(printed, "total, currency", name="factura.txt").data["currency"] == "USD"
