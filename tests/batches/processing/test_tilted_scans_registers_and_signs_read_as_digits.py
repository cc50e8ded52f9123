"""Layouts from the sets of the thirtieth session: a scanned IBAN whose masked groups OCR read as
a digit between stars; a "Q" that is OCR's "@" between a count and its price; a company
register's line wrapped beside the items; an Italian firm's owner under its name; a page scanned
askew, read again turned level; a box's value set larger under its label; two firms' names run
together; a scanned total whose currency sign was read as a digit; a stamp's word in brackets; a
window envelope's return address printed with no marks between its parts; a box's balance under
its label past an address's line beside it; a description broken off at a small word over its
row's figures; a fee note's number; a credit note; a stamp's capitals read apart; a receipt's
company named with its legal form first; a litre's sign read as a one; a wrapped description
opening with "report"; skills apart by slashes over two lines; a box's value only where
nothing stands under its label; a customer beside the title."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from batches.processing.builtin.checks import sign_read_as_a_digit
from batches.processing.builtin.classify import classify
from batches.processing.builtin.receipts import a_copy_mark
from batches.processing.layout import scanned
from batches.processing.layout.geometry import skew
from batches.processing.layout.model import Word
from batches.processing.layout.respell import with_litres
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of

SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
SERIF_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"


def test_a_scanned_ibans_masked_groups_read_as_a_digit_between_stars_keep_its_last_four():
    words = (
        _line_of(40, (40, "Ijzerkust Spaarbank NV"), (330, "Rekeninguittreksel"))
        + _line_of(90, (300, "Rekeninghouder"), (420, "Lotte Vandamme"))
        + _line_of(104, (300, "Rekening"), (420, "BE71 *4*"), (480, "4417"))
        + _line_of(118, (300, "Uittreksel"), (420, "5/2025"))
        + _line_of(132, (300, "Periode"), (420, "01/05/2025 \u2013 31/05/2025"))
    )
    assert _fields_read(words, "account number last4")["account_number_last4"] == "4417"


def test_a_q_between_a_count_and_its_price_is_ocrs_at_sign_not_a_quetzal():
    text = (
        "COAL TOWN HARDWARE\nTAX INVOICE\n14/08/2025  10:42\nMasking tape 24mm\n2 Q 4.60  9.20\n"
        "Fence staples 500g\n2 @ 11.40  22.80\nTOTAL NZD  83.59\nEFTPOS  83.59\n"
    )
    assert extract_text(text, "merchant name, total, currency", strategy="auto").data["currency"] == "NZD"


def test_a_register_line_wrapped_beside_the_items_gives_no_invoice_number():
    words = (
        _line_of(30, (40, "SAFOR ENVASES"), (330, "FACTURA"))
        + _line_of(60, (200, "N\u00b0 factura"), (300, "A-2025/0112"))
        + _line_of(74, (200, "Fecha"), (300, "28/04/2025"))
        + _line_of(120, (250, "Concepto"), (360, "Cant."), (400, "Precio"), (440, "Importe"))
        + _line_of(134, (250, "Cajas de cart\u00f3n"), (360, "1137"), (400, "0,83"), (440, "943,71"))
        + _line_of(160, (35, "Reg. Mercantil, Tomo 10.412,"), (250, "Naranjas Navel"), (360, "8"),
                   (400, "11,13"), (440, "81,92"))
        + _line_of(172, (35, "Folio 88, Hoja V-181220"), (250, "para muestras, caja 15 kg"))
        + _line_of(220, (300, "TOTAL FACTURA"), (440, "1.025,63"))
    )  # fmt: skip
    assert _fields_read(words, "invoice number, total")["invoice_number"] == "A-2025/0112"


def test_an_italian_firms_owner_on_the_line_under_its_name_is_part_of_it():
    items = [
        (40, 30, "FALEGNAMERIA TIBERINA", 16),
        (40, 50, "di Gori Marco & C. s.n.c.", 9),
        (40, 64, "Serramenti \u00b7 Arredamenti su misura - Via Tiberina Nord 37, 52037 Sansepolcro (AR)", 6),
        (330, 110, "Spett.le", 8),
        (330, 122, "Agriturismo Le Cerrete", 9),
        (330, 134, "di Bianchi Elena", 9),
        (330, 146, "Localit\u00e0 Gricignano 14", 9),
        (40, 190, "FATTURA N. FT 2024/0058 del 12/06/2024", 10),
        (300, 400, "Totale fattura", 9),
        (450, 400, "\u20ac 1.525,00", 9),
    ]
    found = read_pdf(items, "vendor name, customer name")
    assert (found["vendor_name"], found["customer_name"]) == (
        "FALEGNAMERIA TIBERINA di Gori Marco & C. s.n.c.",
        "Agriturismo Le Cerrete di Bianchi Elena",
    )


def _tilted_invoice_header(degrees: float) -> Image.Image:
    """A Dutch invoice's header, a name and address left and labels with their values right,
    drawn at 150 dpi and turned ``degrees`` as a scanner feeds a page askew."""
    page = Image.new("L", (1400, 900), 250)
    draw = ImageDraw.Draw(page)
    regular, bold = ImageFont.truetype(SERIF, 26), ImageFont.truetype(SERIF_BOLD, 28)
    draw.text((900, 60), "FACTUUR", font=ImageFont.truetype(SERIF_BOLD, 60), fill=60)
    for row, text in enumerate(["FACTUURADRES", "Familie Declercq-Verhaeghe", "Beukenlaan 24", "8700 Tielt"]):
        draw.text((80, 260 + row * 34), text, font=regular, fill=20)
    for row, (label, value) in enumerate(
        [("Factuurnr.", "VF25/0112"), ("Datum", "14 januari 2025"), ("Vervaldag", "13 februari 2025")]
    ):
        draw.text((700, 250 + row * 32), label, font=regular, fill=90)
        draw.text((860, 248 + row * 32), value, font=bold, fill=10)
    return page.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=250)


def test_a_page_scanned_askew_is_read_again_turned_level():
    page = _tilted_invoice_header(2.5)
    image, words = scanned._read(page, 1)
    assert abs(skew(words)) < scanned.MIN_SLOPE
    # the page is the turned image, whole, and its words lie on it
    assert image.width > page.width and max(word.x1 for word in words) <= image.width
    assert {"Factuurnr.", "januari", "februari", "Declercq-Verhaeghe"} <= {word.text for word in words}


def test_a_page_read_turned_level_is_sized_by_its_turned_image_at_the_scans_resolution():
    tilted = _tilted_invoice_header(2.5)
    tilted.info["dpi"] = (150, 150)
    page = scanned.image_page(tilted, number=1)
    # the turned image is a few per cent larger than the scan; the page is measured in points at
    # the scan's 150 dpi (a turned image carries no resolution of its own), its words lie on it
    assert tilted.width * 72 / 150 < page.width < tilted.width * 72 / 150 * 1.1
    words = [word for line in page.lines for word in line.words]
    assert max(word.x1 for word in words) <= page.width and max(word.y1 for word in words) <= page.height
    label = next(word for word in words if word.text == "Factuurnr.")
    assert 700 * 72 / 150 < label.x0 < 760 * 72 / 150  # where it is printed, in points


def test_a_boxs_number_set_larger_right_under_its_small_label_is_its_value():
    items = [
        (98, 46, "Quarry Lane Traders (Pty) Ltd", 10.9),
        (394, 44, "PURCHASE ORDER", 13.3),
        (98, 64, "145 Harbour Road, Mthatha, 8489", 6.6),
        (403, 75, "PO number", 5.9),
        (501, 85, "PO13833", 8.6),
        (49, 137, "Buyer", 6.3),
        (221, 137, "Supplier", 6.3),
        (49, 152, "Quarry Lane Traders (Pty) Ltd", 6.6),
        (221, 152, "Brightwater Catering (Pty) Ltd", 6.6),
        (400, 420, "Order total", 7),
        (500, 420, "R79,875.39", 7),
    ]
    assert read_pdf(items, "po number")["po_number"] == "PO13833"


def test_two_firms_names_a_text_layer_ran_together_give_the_first():
    items = [
        (98, 46, "Transportes Ribeirinho Lda", 10.9),
        (394, 44, "NOTA DE ENCOMENDA", 13.3),
        (403, 75, "Encomenda n.\u00ba", 5.9),
        (403, 85, "NE 2024/85322", 8.6),
        (49, 137, "Comprador", 6.3),
        (221, 137, "Fornecedor", 6.3),
        (393, 137, "Morada de entrega", 6.3),
        (49, 152, "Transportes Ribeirinho Lda", 6.6),
        (221, 152, "Construtora Vale Verde Unipessoal Lda Transportes Ribeirinho Lda", 6.6),
        (221, 163, "Avenida Brasil, 95", 6.6),
        (400, 420, "Total a pagar", 7),
        (500, 420, "2 201,66 \u20ac", 7),
    ]
    assert read_pdf(items, "supplier")["supplier"] == "Construtora Vale Verde Unipessoal Lda"


def test_a_scans_total_whose_currency_sign_was_read_as_a_digit_is_read_back_by_its_net_and_tax():
    data = {"total": "11292.00"}
    sources = {"total": {"snippet": "TOTAL  11,292.00", "confidence": 0.84}}
    lines = [(1, "TOTAL  11,292.00"), (1, "Cash  11,295.00"), (1, "5% Net 1,230.48 Tax 61.52")]
    sign_read_as_a_digit(data, sources, lines)
    assert data["total"] == "1292.00"


def test_a_total_its_own_subtotal_and_tax_make_keeps_its_first_digit():
    data = {"total": "11292.00", "subtotal": "10754.29", "tax": "537.71"}
    sources = {"total": {"snippet": "TOTAL  11,292.00", "confidence": 0.84}}
    sign_read_as_a_digit(data, sources, [(1, "Shipping 1,230.48 Handling 61.52")])
    assert data["total"] == "11292.00"


def test_a_stamps_word_read_in_brackets_over_the_letterhead_is_no_sender():
    words = (
        _line_of(40, (40, "Edilferramenta Panaro S.r.l."), (330, "FATTURA N. FT 2024/00148"))
        + _line_of(55, (40, "Materiali edili - Via Frignanese 118, 41058 Vignola (MO)"))
        + _line_of(75, (120, "(PERVENUTO"))
        + _line_of(95, (330, "Data"), (400, "31/03/2024"))
        + _line_of(400, (300, "Totale documento"), (450, "1.220,00"))
    )
    assert _fields_read(words, "vendor name")["vendor_name"] == "Edilferramenta Panaro S.r.l."


def test_a_scanned_ibans_groups_read_as_cells_of_their_own_end_in_its_last_four():
    words = (
        _line_of(40, (40, "Banco Meseta S.A."), (330, "Extracto de cuenta"))
        + _line_of(90, (300, "Titular"), (380, "Lucía Ferrer Soto"))
        + _line_of(104, (300, "Cuenta"), (380, "ES02 +..."), (450, "0000"), (490, "0000"), (530, "0000 4874"))
        + _line_of(118, (300, "Periodo"), (380, "01/06/2025 - 30/06/2025"))
    )
    assert _fields_read(words, "account number last4")["account_number_last4"] == "4874"


def test_a_return_address_with_no_marks_names_the_sender_over_the_window_envelopes_addressee():
    words = (
        _line_of(40, (50, "Brightwater Catering Ltd 179 Harbour Road Malvern IP4 2JZ"))
        + _line_of(60, (360, "Invoice No."))
        + _line_of(72, (50, "Quarry Lane Traders Ltd"), (360, "25105836"))
        + _line_of(84, (50, "26 Kingsway"), (300, "Invoice date"), (400, "03/02/2025"))
        + _line_of(96, (50, "Malvern WR14 5JU"), (300, "Due date"), (400, "04/04/2025"))
        + _line_of(140, (50, "INVOICE 25/05836"))
        + _line_of(400, (300, "Total due"), (420, "\u00a33,595.32"))
    )
    found = _fields_read(words, "vendor name, customer name")
    assert (found["vendor_name"], found["customer_name"]) == (
        "Brightwater Catering Ltd",
        "Quarry Lane Traders Ltd",
    )


def test_a_boxs_balance_under_its_label_past_an_address_line_beside_it_is_its_value():
    words = (
        _line_of(40, (67, "Co\u00f6peratieve Streekbank Zeeland"), (430, "REKENINGAFSCHRIFT"))
        + _line_of(102, (67, "Rekeninghouder"), (177, "Femke Hoekstra"))
        + _line_of(117, (177, "Dorpsstraat 105"))
        + [Word("Beginsaldo", 430, 125, 462, 133, size=7.5, confidence=0.9)]
        + [Word(text, x0, 131, x1, 138, size=6.9, confidence=0.9)
           for text, x0, x1 in (("3367", 177, 193), ("AB", 196, 206), ("Oudewater", 209, 246))]
        + _line_of(146, (67, "Rekening"), (177, "NL37 POLD 3158 3107 29"))
        + [Word("4.494,47", 538, 139, 573, 148, size=9.3, confidence=0.9)]
        + _line_of(160, (67, "Periode"), (177, "1 oktober 2025 \u2013 31 oktober 2025"))
    )  # fmt: skip
    assert _fields_read(words, "opening balance")["opening_balance"] == "4494.47"


def test_a_description_broken_off_at_a_small_word_over_its_rows_figures_opens_that_row():
    items = [
        (40, 30, "Cabinet Delorme & Associ\u00e9s SARL", 12),
        (40, 60, "Note n\u00b0 HON-2024-285", 8),
        (40, 100, "NOTE D\u2019HONORAIRES", 12),
        (330, 140, "Qt\u00e9", 7),
        (380, 140, "P.U. HT", 7),
        (460, 140, "Montant HT", 7),
        (40, 156, "Bulletins de paie (par salari\u00e9 et par mois)", 7),
        (330, 156, "38", 7),
        (380, 156, "22,43 \u20ac", 7),
        (460, 156, "852,34 \u20ac", 7),
        (
            40,
            170,
            "Assembl\u00e9e g\u00e9n\u00e9rale ordinaire : proc\u00e8s-verbal et d\u00e9p\u00f4t des",
            7,
        ),
        (40, 179, "comptes", 7),
        (330, 179, "1", 7),
        (380, 179, "386,00 \u20ac", 7),
        (460, 179, "386,00 \u20ac", 7),
        (380, 200, "Total HT", 7),
        (460, 200, "1 238,34 \u20ac", 7),
    ]
    found = read_pdf(items, "invoice number, total, line items (description, quantity, unit price, amount)")
    assert found["invoice_number"] == "HON-2024-285"
    assert [item["description"] for item in found["line_items"]] == [
        "Bulletins de paie (par salari\u00e9 et par mois)",
        "Assembl\u00e9e g\u00e9n\u00e9rale ordinaire : proc\u00e8s-verbal et d\u00e9p\u00f4t des comptes",
    ]


def test_a_credit_note_is_an_invoice_not_a_bank_statements_credit():
    text = (
        "Sporthaus Pichler GmbH  GUTSCHRIFT\nStadtplatz 14\n4840 V\u00f6cklabruck\n"
        "Kunde  Gutschrift Nr.:  GS-2024-7572\nSkischule Lungau Gruber OG  Datum:  24.05.2024\n"
        "Marktstra\u00dfe 3  Zu Rechnung:  RE-26453\nArtikel / Leistung  Anz.  E-Preis  Gesamtpreis\n"
        "Retoure: Skihelm Uvex, Gr. M  3  -81,03  -243,09\nSumme netto  -\u20ac 243,09\n"
        "Gutschriftsbetrag  -\u20ac 291,71\nSporthaus Pichler GmbH  IBAN AT69 2032 0000 0024 8816\n"
    )
    assert classify(text)[0] == "invoice"
    assert [
        classify(f"{title} 2025-7\nTotal -120,00\n")[0] for title in ("Credit note", "Nota di credito")
    ] == [
        "invoice",
        "invoice",
    ]


def test_a_stamps_capitals_read_apart_or_in_brackets_are_its_mark_and_a_name_is_not():
    marks = ["P AGADO", "(PERVENUTO", "[PAID]", "B EZAHLT"]
    names = ["P AGUIRRE", "Paga Do", "PAGADORIA"]
    assert [a_copy_mark(text) for text in marks + names] == [True] * len(marks) + [False] * len(names)


def test_a_receipts_company_named_with_its_form_first_under_a_sign_over_two_lines_is_its_merchant():
    text = (
        "AU FOURNIL\nDU QUAI\nSARL Fournil Tr\u00e9guinel\n144, rue des Huit Patriotes\n22500 Paimpol\n"
        "Ticket n\u00b0 4422\n29/10/2024 12:54:43  Caisse 1\n2  Baguette tradition  2,60\n"
        "TOTAL TTC  30,80 \u20ac\nCarte bancaire  30,80\nMerci de votre visite\n"
    )
    found = extract_text(text, "merchant name, total", strategy="auto").data
    assert found["merchant_name"] == "SARL Fournil Tr\u00e9guinel"


def _words_at(*placed: tuple[str, float]) -> list[Word]:
    return [Word(text, x, 100, x + 5 * len(text), 106, size=6, confidence=0.9) for text, x in placed]


def test_a_litres_sign_read_as_a_one_after_a_count_in_its_cell_is_read_back():
    lines = [
        _words_at(("naturtr\u00fcb", 155), ("1", 206), ("1", 216), ("25", 377), ("Stk", 394)),
        _words_at(("extra", 100), ("3", 130), ("1-B", 138), ("2", 300)),
        _words_at(("Pos.", 100), ("1", 125), ("1", 133), ("12,00", 141)),  # a count, then prices
    ]
    read = [[word.text for word in with_litres(words)] for words in lines]
    assert read == [
        ["naturtr\u00fcb", "1", "l", "25", "Stk"],
        ["extra", "3", "l-B", "2"],
        ["Pos.", "1", "1", "12,00"],
    ]


def test_a_descriptions_wrapped_line_opening_with_report_is_no_sum_carried():
    items = [
        (40, 30, "Brindlecote Marine Services Ltd", 12),
        (400, 60, "TAX INVOICE", 12),
        (44, 265, "#", 6.6),
        (70, 265, "Description", 6.6),
        (397, 265, "Qty", 6.6),
        (434, 265, "Unit price", 6.6),
        (519, 265, "Amount", 6.6),
        (44, 283, "1", 6.6),
        (70, 283, "Stainless bow shackle 8 mm", 6.6),
        (407, 283, "6", 6.6),
        (452, 283, "10.99", 6.6),
        (530, 283, "65.94", 6.6),
        (44, 301, "2", 6.6),
        (70, 301, "Standing rigging inspection", 6.6),
        (407, 301, "1", 6.6),
        (447, 301, "129.50", 6.6),
        (525, 301, "129.50", 6.6),
        (70, 310, "report with photographs", 5.8),
        (44, 330, "3", 6.6),
        (70, 330, "Outboard annual service", 6.6),
        (407, 330, "1", 6.6),
        (447, 330, "216.38", 6.6),
        (525, 330, "216.38", 6.6),
        (434, 380, "Subtotal", 6.6),
        (525, 380, "411.82", 6.6),
    ]
    found = read_pdf(items, "line items (description, quantity, unit price, amount)")
    assert [item["description"] for item in found["line_items"]] == [
        "Stainless bow shackle 8 mm",
        "Standing rigging inspection report with photographs",
        "Outboard annual service",
    ]


def test_skills_apart_by_slashes_go_on_past_a_line_that_ends_on_one():
    text = (
        "Matilde Sequeira Brand\u00e3o\nT\u00e9cnica de Turismo\nmatilde.brandao@correio.example\n"
        "EXPERI\u00caNCIA PROFISSIONAL\nsetembro 2019 \u2013 atual  T\u00e9cnica de turismo\n"
        "COMPET\u00caNCIAS\n"
        "Gest\u00e3o de reservas / Booking.com Extranet / Organiza\u00e7\u00e3o de eventos / "
        "Marketing digital /\n"
        "Atendimento ao cliente / Carta de condu\u00e7\u00e3o B\n"
        "IDIOMAS\nPortugu\u00eas (nativo), Ingl\u00eas (C1)\n"
    )
    skills = extract_text(text, "full name, skills", strategy="auto").data["skills"]
    assert skills == [
        "Gest\u00e3o de reservas",
        "Booking.com Extranet",
        "Organiza\u00e7\u00e3o de eventos",
        "Marketing digital",
        "Atendimento ao cliente",
        "Carta de condu\u00e7\u00e3o B",
    ]


def test_a_labels_value_right_under_it_beats_a_larger_amount_at_the_end_of_that_line():
    items = [
        (195, 53, "Bestellung", 18.3),
        (25, 118, "Holzbau Brunner GmbH", 7.5),
        (199, 191, "Artikelbezeichnung", 7.5),
        (356, 191, "Anzahl", 7.5),
        (421, 191, "Einzelpreis", 7.5),
        (525, 191, "Betrag", 7.5),
        (199, 211, "B\u00fcrostuhl ergonomisch", 7.5),
        (381, 211, "1", 7.5),
        (443, 211, "267.05", 7.5),
        (528, 211, "267.05", 7.5),
        (25, 218, "BESTELL-NR.", 5.8),
        (25, 229, "4500082677", 8.7),
        (199, 231, "Kabelkanal 2 m, wei\u00df", 7.5),
        (381, 231, "3", 7.5),
        (453, 231, "6.90", 7.5),
        (533, 231, "20.70", 7.5),
    ]
    assert read_pdf(items, "po number")["po_number"] == "4500082677"


def test_a_customer_beside_the_title_is_no_letterhead_and_the_footers_company_issues():
    items = [
        (40, 71, "FACTURA", 26.6),
        (380, 52, "DATOS DEL CLIENTE", 7),
        (380, 68, "Marta Ruiz Delgado", 8.2),
        (380, 82, "Calle Positos 29", 8.2),
        (40, 93, "Folio F-03787", 10.2),
        (380, 95, "C.P. 36000, Guanajuato, Gto.", 8.2),
        (40, 108, "Fecha factura: 10/10/2024", 8.6),
        (49, 168, "Cant.", 8.2),
        (90, 168, "Descripci\u00f3n", 8.2),
        (394, 168, "P. unitario", 8.2),
        (511, 168, "Importe", 8.2),
        (60, 192, "3", 8.2),
        (90, 192, "Consultor\u00eda \u2013 revisi\u00f3n de procesos", 8.2),
        (398, 192, "17,303.92", 8.2),
        (503, 192, "51,911.76", 8.2),
        (394, 260, "Total", 8.2),
        (503, 260, "51,911.76", 8.2),
        (40, 700, "Suministros Andaluces S.A. de C.V.", 8.2),
        (40, 712, "Calle Positos 114, C.P. 36000, Guanajuato, Gto. \u00b7 RFC IIS215426A00", 7),
    ]
    found = read_pdf(items, "vendor name, customer name")
    assert (found["vendor_name"], found["customer_name"]) == (
        "Suministros Andaluces S.A. de C.V.",
        "Marta Ruiz Delgado",
    )
