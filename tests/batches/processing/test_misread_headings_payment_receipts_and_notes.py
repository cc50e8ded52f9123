"""Layouts from the held-out set of the twenty-third session, opened this session (Göttingen to
Malanje): an item table's headings OCR misread, a logo's initials over the company, a label's "à"
read as "&", a payment receipt's sum written out, a row of totals' headings wrapped, a note's
figure under the items, a price beside a unit's "n.", a tagline under a scanned name, a wrap of
small letters, a shop's two-line sign; a skill wrapped after "et", a standard's number after its
bullet, an "&" OCR read as "€", an education heading with an icon read after it."""

from __future__ import annotations

from batches.processing.builtin.values import identifier
from batches.processing.layout.model import Word
from batches.processing.layout.scanned import lines_of
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of, _words_of


def test_an_item_table_whose_headings_ocr_misread_still_gives_its_rows():
    # "Lín. Cantidad Ud. Artículo Precio Importe" read "Lin. Cantidad) vd Artic", a smudge read
    # as a "U" across a third of the row, "_Preio importe": the quantity before the item's column
    words = _words_of(40, "Conservas Punta Umbría, S.L.", size=14) + _words_of(70, "PEDIDO DE COMPRA")
    words += [
        Word(text, x0, 200, x1, 214, confidence=0.5)
        for text, x0, x1 in (("Lin.", 40, 58), ("Cantidad)", 66, 112), ("vd", 124, 140), ("Artic", 156, 182))
    ]
    words.append(Word("U", 250, 203, 360, 212, confidence=0.5))
    words += [Word("_Preio", 430, 200, 474, 214, confidence=0.5), Word("importe", 490, 200, 540, 214)]
    for y, (number, quantity, unit, text, price, amount) in zip(
        (225, 250, 275),
        (
            ("1", "21", "CJ", "Tapa abre-fácil aluminio 73 mm", "82,58", "1.734,18"),
            ("2", "2", "PL", "Envase vidrio tarro 212 ml", "729,50", "1.459,00"),
            ("3", "11", "RL", "Etiqueta adhesiva impresa 4 colores", "40,59", "446,49"),
        ),
        strict=True,
    ):
        words += _line_of(
            y, (45, number), (90, quantity), (128, unit), (160, text), (440, price), (500, amount)
        )
    items = _fields_read(words, "line items")["line_items"]
    assert [(item["description"], item["quantity"], item["amount"]) for item in items] == [
        ("Tapa abre-fácil aluminio 73 mm", 21, "1734.18"),
        ("Envase vidrio tarro 212 ml", 2, "1459.00"),
        ("Etiqueta adhesiva impresa 4 colores", 11, "446.49"),
    ]


def test_a_logos_initials_over_a_scanned_order_are_the_company_they_stand_for():
    # the initials in large letters, a speck read beside them, over the legal name in small ones
    words = _line_of(40, (40, "Conservas Punta Umbría, S.L."), (380, "PEDIDO DE COMPRA"))
    words += [
        Word("CPU", 40, 60, 130, 100, size=40, confidence=0.9),
        Word(".", 140, 90, 146, 100, confidence=0.5),
    ]
    words += _words_of(120, "CIF B21387206 (Huelva)") + _line_of(150, (380, "Nº pedido: PC-25/0532"))
    words += _words_of(200, "PROVEEDOR") + _words_of(215, "Envases Metálicos del Sur, S.A.")
    assert _fields_read(words, "buyer")["buyer"] == "Conservas Punta Umbría, S.L."


def test_a_labels_a_read_as_an_ampersand_still_labels_whom_the_invoice_is_for():
    words = _words_of(40, "Froid Catalan Climatisation SAS", size=13)
    words += _words_of(60, "Parc Tecnosud, 85 rue Félix Trombe") + _words_of(74, "66100 Perpignan")
    words += _words_of(120, "Facturé &") + _words_of(134, "Hôtel du Canigou SARL")
    words += _words_of(148, "12 quai Vauban") + _words_of(162, "66000 Perpignan")
    words += _words_of(200, "Facture n° 25/0932", size=11)
    fields = _fields_read(words, "vendor name, customer name")
    assert (fields["vendor_name"], fields["customer_name"]) == (
        "Froid Catalan Climatisation SAS",
        "Hôtel du Canigou SARL",
    )


def test_a_payment_receipts_sum_written_out_with_its_figures_in_brackets():
    # a workshop ("Oficina") named with its legal form is no bank's branch
    items = [
        (40, 40, "Oficina Mecânica Palanca Negra, Lda.", 12),
        (420, 40, "RECIBO", 14),
        (40, 56, "Rua Comandante Dangereux n.º 12 · Malanje", 8),
        (40, 100, "Recebemos de:", 9),
        (150, 100, "Sr. Domingos Kiala Manuel", 9),
        (40, 116, "A quantia de:", 9),
        (150, 116, "duzentos e quarenta e sete mil kwanzas (247.000,00 Kz)", 9),
        (40, 132, "Referente a:", 9),
        (150, 132, "Pagamento da factura FT OPN2025/333 - revisão geral da viatura", 9),
        (40, 148, "Forma de pagamento:", 9),
        (150, 148, "Multicaixa (TPA)", 9),
        (40, 180, "Malanje, 9 de julho de 2025", 9),
    ]
    fields = read_pdf(items, "merchant name, total")
    assert (fields["merchant_name"], fields["total"]) == ("Oficina Mecânica Palanca Negra, Lda.", "247000.00")


def test_a_row_of_totals_headings_whose_last_wraps_onto_a_line_of_its_own():
    items = [
        (40, 40, "Metalúrgica Rio Sorocaba Ltda.", 12),
        (400, 40, "PEDIDO DE COMPRA", 12),
        (40, 100, "Item", 8),
        (80, 100, "Descrição do material", 8),
        (330, 100, "Qtde", 8),
        (380, 100, "Vl. Unit.", 8),
        (450, 100, "Vl. Total", 8),
        (40, 114, "001", 8),
        (80, 114, "Rolamento rígido de esferas 6205-2RS", 8),
        (335, 114, "68", 8),
        (380, 114, "22,62", 8),
        (450, 114, "1.538,16", 8),
        (40, 160, "Valor dos produtos", 8),
        (200, 160, "Valor do IPI", 8),
        (330, 160, "Frete", 8),
        (450, 160, "Valor total do", 8),
        (450, 170, "pedido", 8),
        (40, 184, "R$ 1.538,16", 8),
        (200, 184, "R$ 76,91", 8),
        (330, 184, "R$ 0,00", 8),
        (450, 184, "R$ 1.615,07", 8),
    ]
    fields = read_pdf(items, "tax, total")
    assert (fields["tax"], fields["total"]) == ("76.91", "1615.07")


def test_a_notes_figure_under_counted_items_makes_no_item():
    note = (
        "Toelichting: de bestaande ketel (bouwjaar 2009) is gedemonteerd en afgevoerd. De nieuwe"
        " ketel is geplaatst",
        "op de zolder. In de babygroep zijn radiatorkranen geplaatst. De vloerverwarming in de"
        " speelzaal is voorzien",
        "van een nieuwe verdeler met mengregeling, zodat de aanvoertemperatuur in de speelzaal de"
        "              35 °C",
        "niet overschrijdt. De bediening is uitgelegd aan de locatiemanager.",
    )
    items = [
        (40, 40, "Eemland Installatietechniek B.V.", 12),
        (40, 100, "Omschrijving", 8),
        (330, 100, "Aantal", 8),
        (390, 100, "Prijs per stuk", 8),
        (480, 100, "Bedrag", 8),
        (40, 114, "Monteursuren regulier tarief", 8),
        (340, 114, "17", 8),
        (390, 114, "€ 68,50", 8),
        (480, 114, "€ 1.164,50", 8),
        (40, 128, "Voorrijkosten", 8),
        (340, 128, "3", 8),
        (390, 128, "€ 45,00", 8),
        (480, 128, "€ 135,00", 8),
        *((40, 146 + 10 * n, text, 8) for n, text in enumerate(note)),
    ]
    line_items = read_pdf(items, "line items")["line_items"]
    assert [item["description"] for item in line_items] == ["Monteursuren regulier tarief", "Voorrijkosten"]


def test_a_price_with_its_cents_is_no_identifier():
    assert identifier("20,38") is None and identifier("1.651,46") is None and identifier("1,651.46") is None
    assert identifier("30/2025") == "30/2025" and identifier("2025.01") == "2025.01"


def test_a_tagline_of_trades_under_a_scanned_company_is_not_its_name():
    words = _line_of(40, (40, "Copperbelt"), (120, "Office"), (170, "Supplies"), (240, "Limited"))
    words = [Word(w.text, w.x0, w.y0, w.x0 + 1.6 * (w.x1 - w.x0), w.y0 + 16, confidence=0.92) for w in words]
    words[1:] = [
        Word(w.text, w.x0 + 40 * n, w.y0, w.x1 + 40 * n, w.y1, confidence=0.92)
        for n, w in enumerate(words[1:], 1)
    ]
    words += _words_of(62, "Stationery - Office furniture - Printing consumables", size=8)
    words += _line_of(100, (40, "Plot 2314, Buteko Avenue"), (380, "Invoice No:"), (460, "INV/25/0611"))
    assert _fields_read(words, "vendor name")["vendor_name"] == "Copperbelt Office Supplies Limited"


def test_a_descriptions_wrap_of_small_letters_stays_with_its_row():
    # "arms" has no tall letter: its box is shorter than the gap over it
    words = _line_of(100, (40, "Description"), (330, "Qty"), (390, "Unit Price"), (480, "Amount"))
    words += _line_of(120, (40, "Office chair, high back, adjustable"))
    words += _line_of(120, (340, "6"), (390, "3,056.31"), (480, "18,337.86"))
    words.append(Word("arms", 40, 134.2, 64, 139.2, confidence=0.92))
    words += _line_of(
        150, (40, "Lever arch files A4 (pack of 10)"), (340, "5"), (390, "275.92"), (480, "1,379.60")
    )
    items = _fields_read(words, "line items")["line_items"]
    assert [item["description"] for item in items] == [
        "Office chair, high back, adjustable arms",
        "Lever arch files A4 (pack of 10)",
    ]


def test_a_shops_kind_and_its_name_on_two_lines_of_a_scanned_till_roll():
    words = _words_of(40, "ABARROTES Y CREMERIA", size=12) + _words_of(56, "LA HUASTECA", size=14)
    words += _words_of(76, "MARIA GUADALUPE GARCIA HERNANDEZ", size=9) + _words_of(
        90, "RFC: GAHG780412JK5", size=9
    )
    words += _words_of(104, "AV. HIDALGO 2314, COL. AGUILA", size=9)
    words += _line_of(140, (40, "TOTAL"), (200, "$ 245.50"))
    assert _fields_read(words, "merchant name")["merchant_name"] == "ABARROTES Y CREMERIA LA HUASTECA"


def test_a_skill_that_ends_on_and_goes_on_whatever_case_its_next_line_opens_with():
    text = (
        "Camille Roussel\ncamille.roussel@example.fr\nCOMPÉTENCES\n• Gestion d'entrepôt\n"
        "• Transport international et\nIncoterms\n• Lean management\n• SAP MM\n"
    )
    skills = extract_text(text, "skills", name="cv.txt").data["skills"]
    assert skills == [
        "Gestion d'entrepôt",
        "Transport international et Incoterms",
        "Lean management",
        "SAP MM",
    ]


def test_a_standards_number_after_its_bullet_is_a_skill():
    items = [
        (57, 40, "Lucía Ortega Blanco", 16),
        (57, 60, "lucia.ortega@example.es", 9),
        (57, 442, "Competencias técnicas", 11),
        (57, 459, "\u25a0 Control avanzado de procesos", 9, "DejaVuSans"),
        (298, 459, "\u25a0 Análisis HAZOP", 9, "DejaVuSans"),
        (57, 472, "\u25a0 Gestión de paradas", 9, "DejaVuSans"),
        (298, 472, "\u25a0 ISO 14001", 9, "DejaVuSans"),
        (57, 501, "Idiomas", 11),
        (57, 514, "Español (nativo)", 9),
    ]
    skills = read_pdf(items, "skills")["skills"]
    assert "ISO 14001" in skills and len(skills) == 4


def test_an_ampersand_ocr_read_as_a_euro_sign_between_two_words():
    words = [
        Word(text, 40 + 60 * n, 100, 90 + 60 * n, 110, confidence=0.9, line=3)
        for n, text in enumerate(("Werving", "\u20ac", "selectie"))
    ]
    words += [
        Word(text, 40 + 60 * n, 130, 90 + 60 * n, 140, confidence=0.9, line=4)
        for n, text in enumerate(("Totaal", "\u20ac", "1.250,00"))
    ]
    lines = lines_of(words, page=1)
    assert [line.text for line in lines] == ["Werving & selectie", "Totaal \u20ac 1.250,00"]


def test_an_education_heading_with_an_icon_read_after_it_still_closes_the_work_history():
    text = (
        "Sanne de Vries\nsanne@example.nl\nWerkervaring\nHR-adviseur  dec. 2019 - nov. 2024\n"
        "Medewerker P&O  nov. 2014 - nov. 2019\nOpleiding eo\n"
        "2010 - 2014  Bachelor Human Resource Management, Hogeschool Utrecht\n"
    )
    assert extract_text(text, "years of experience", name="cv.txt").data["years_experience"] == 10
