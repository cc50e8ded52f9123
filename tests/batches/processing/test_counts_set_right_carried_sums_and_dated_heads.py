"""Layouts from the set RJ of the twenty-eighth session (invoices in the manner of real ones,
Sassuolo to Clonmel): a count set right against the description's column, in the count's cell
or in the description's; a sum carried to the next page after a notice that says so; a page's
head with its date under the last item; a Spanish cooperative's "S.Coop."; a stamp's word OCR
barely read between a total's label and its amount."""

from __future__ import annotations

from batches.processing.builtin.items import build_item
from batches.processing.layout.model import Word
from tests.batches.processing.extracting import read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of

ITEM_FIELDS = ["description", "quantity", "unit_price", "amount"]


def _rows(found: list[dict]) -> list[list]:
    return [[item[field] for field in ITEM_FIELDS] for item in found]


def test_a_count_set_right_against_the_description_is_the_items_count():
    items = [
        (50, 40, "Schildersbedrijf de Boer B.V.", 12),
        (55, 222, "Aantal", 6),
        (198, 222, "Omschrijving", 6),
        (382, 222, "Prijs", 6),
        (499, 222, "Bedrag", 6),
        (78, 239, "12 Advieswerkzaamheden", 6),
        (398, 239, "84,09", 6),
        (508, 239, "1.009,08", 6),
        (79, 255, "15 Arbeid monteur", 6),
        (398, 255, "47,46", 6),
        (519, 255, "711,90", 6),
        (83, 274, "5 Koffiebonen espresso 1 kg, biologisch", 6),
        (399, 274, "18,72", 6),
        (524, 274, "93,60", 6),
        (83, 290, "2 Koperen knelfitting 15 mm, recht model", 6),
        (404, 290, "4,08", 6),
        (530, 290, "8,16", 6),
        (308, 330, "Subtotaal excl. BTW", 6),
        (492, 330, "1.822,74", 6),
    ]
    assert _rows(read_pdf(items, "line items")["line_items"]) == [
        ["Advieswerkzaamheden", 12, "84.09", "1009.08"],
        ["Arbeid monteur", 15, "47.46", "711.90"],
        ["Koffiebonen espresso 1 kg, biologisch", 5, "18.72", "93.60"],
        ["Koperen knelfitting 15 mm, recht model", 2, "4.08", "8.16"],
    ]


def _two_pages(notice: str) -> list[list[tuple]]:
    first = [
        (50, 40, "Metallbau Bauer KG", 12),
        (50, 100, "Pos.", 7),
        (90, 100, "Bezeichnung", 7),
        (330, 100, "Menge", 7),
        (400, 100, "Einzelpreis", 7),
        (500, 100, "Gesamt", 7),
        (50, 116, "1", 7),
        (90, 116, "Topfscharnier 35 mm", 7),
        (335, 116, "25", 7),
        (410, 116, "3,08", 7),
        (505, 116, "77,00", 7),
        (50, 132, "2", 7),
        (90, 132, "Mineralwasser still", 7),
        (335, 132, "6", 7),
        (410, 132, "8,22", 7),
        (505, 132, "49,32", 7),
        (50, 150, notice, 7),
        (400, 150, "Übertrag: 126,32", 7),
        (50, 700, "Seite 1 von 2", 7),
    ]
    second = [
        (50, 40, "Metallbau Bauer KG  Rechnungsnummer 202409856 \u00b7 14.02.2024", 9),
        (400, 60, "Übertrag: 126,32", 7),
        (50, 80, "Pos.", 7),
        (90, 80, "Bezeichnung", 7),
        (330, 80, "Menge", 7),
        (400, 80, "Einzelpreis", 7),
        (500, 80, "Gesamt", 7),
        (50, 96, "3", 7),
        (90, 96, "Kaffee ganze Bohne, 1 kg", 7),
        (335, 96, "4", 7),
        (410, 96, "20,61", 7),
        (505, 96, "82,44", 7),
        (400, 130, "Nettobetrag 208,76", 7),
    ]
    return [first, second]


def test_a_sum_carried_after_a_notice_of_the_next_page_is_no_item():
    first, second = _two_pages("Fortsetzung auf Seite 2 \u2026")
    found = read_pdf(first, "line items", second)["line_items"]
    assert [item["description"] for item in found] == [
        "Topfscharnier 35 mm",
        "Mineralwasser still",
        "Kaffee ganze Bohne, 1 kg",
    ]


def test_a_pages_head_with_its_date_under_the_last_item_is_no_item():
    # the next page's head read into the columns of an item table that goes on there
    head = {
        "description": "Distribuciones Olot S.L.U.",
        "unit_price": "Factura",
        "other": "n.º A-4961",
        "amount": "\u00b7 03/02/2025",
    }
    assert build_item(head, ITEM_FIELDS) is None
    item = build_item({**head, "amount": "3,00"}, ITEM_FIELDS)
    assert item is not None and item["amount"] == "3.00"


def test_a_spanish_cooperatives_legal_form_printed_without_its_space_keeps_its_point():
    items = [
        (50, 40, "Talleres Moya S.A.", 12),
        (50, 90, "Cliente", 8),
        (50, 104, "Distribuciones Alcoy S.Coop.", 9),
        (50, 116, "Calle San Antonio, 10", 9),
        (300, 90, "Factura n.º A-4961", 9),
    ]
    assert read_pdf(items, "customer name")["customer_name"] == "Distribuciones Alcoy S.Coop."


def test_a_count_opening_the_description_is_the_items_where_its_printed_discount_explains_the_amount():
    row = {"description": "5 Traducción jurada", "unit_price": "46,89", "other": "3%", "amount": "227,42"}
    assert build_item(row, ITEM_FIELDS) == {
        "description": "Traducción jurada",
        "quantity": 5,
        "unit_price": "46.89",
        "amount": "227.42",
    }
    unprinted = build_item({**row, "other": ""}, ITEM_FIELDS)  # no discount printed: the words stay
    assert unprinted is not None and (unprinted["description"], unprinted["quantity"]) == (
        "5 Traducción jurada",
        None,
    )


def test_a_stamps_word_ocr_barely_read_between_a_totals_label_and_its_amount_is_passed():
    words = _line_of(40, (40, "Fattura n. 860/A"))
    words += _line_of(100, (250, "Totale imponibile"), (490, "2.050,70 EUR"))
    words += [Word("Raten", 420, 99, 440, 110, confidence=0.16)]
    words += _line_of(116, (250, "IVA 22%"), (497, "451,15 EUR"))
    words += [
        Word("eD", 330, 115, 342, 126, confidence=0.5),
        Word("aries", 380, 115, 410, 126, confidence=0.5),
    ]
    words += _line_of(132, (250, "Totale documento"), (486, "2.501,85 EUR"))
    words += [Word("oleae", 366, 131, 384, 142, confidence=0.2)]
    fields = _fields_read(words, "subtotal, tax, total")
    assert (fields["subtotal"], fields["tax"], fields["total"]) == ("2050.70", "451.15", "2501.85")


def test_a_signatures_caption_at_the_foot_is_no_partys_label():
    words = _line_of(30, (40, "Bellotti Arredamenti S.p.A."), (420, "FATTURA"))
    words += _line_of(46, (40, "Via Giuseppe Mazzini, 108"), (420, "N° FPR 59/25"))
    words += _line_of(62, (40, "32032 Feltre (BL)"))
    words += _line_of(78, (40, "P.IVA 69748411076"), (300, "Data 05/04/2025"))
    words += _line_of(100, (40, "Spett.le Idraulica Moretti S.n.c."))
    words += _line_of(130, (40, "Descrizione"), (450, "Importo"))
    words += _line_of(146, (40, "Tubo multistrato 20x2 mm"), (450, "262,04"))
    words += _line_of(180, (300, "Totale documento"), (450, "319,69 €"))
    for at in range(4):
        words += _line_of(220 + 16 * at, (40, "Documento privo di valenza fiscale ai sensi di legge"))
    words += _line_of(300, (40, "Firma"), (120, "WOMAN"))
    words += _line_of(316, (40, "Credito Cooperativo IBAN IT62 L826 7846 1843 4248 2403 279"))
    assert _fields_read(words, "vendor name")["vendor_name"] == "Bellotti Arredamenti S.p.A."


def test_a_scans_subtotal_that_lost_its_decimal_point_is_the_items_sum():
    words = _line_of(40, (40, "Factuurnummer 27806"))
    words += _line_of(80, (40, "Omschrijving"), (460, "Bedrag"))
    words += _line_of(100, (40, "Houten pallet 120x80"), (460, "68,20"))
    words += _line_of(116, (40, "Koffiebonen espresso 1 kg"), (460, "43,92"))
    words += _line_of(150, (300, "Subtotaal excl. BTW"), (460, "<11212"))
    words += _line_of(166, (300, "BTW 21%"), (460, "€ 18,27"))
    words += _line_of(182, (300, "Totaal incl. BTW"), (460, "€ 130,39"))
    assert _fields_read(words, "subtotal, line items")["subtotal"] == "112.12"


def test_a_name_whose_closing_bracket_ocr_lost_has_it_closed():
    words = _line_of(30, (40, "Metallbau Weber KG"), (400, "RECHNUNG"))
    words += _line_of(60, (40, "Kunde:"), (120, "Metallbau Seidel UG (haftungsbeschränkt"))
    words += _line_of(76, (120, "Schillerstraße 27"))
    assert _fields_read(words, "customer name")["customer_name"] == "Metallbau Seidel UG (haftungsbeschränkt)"
