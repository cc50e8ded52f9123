"""Layouts from the set HX of the twenty-eighth session, opened in the twenty-ninth: a sender's
sidebar beside the item table, its e-mail printed on under the table's first column and its
phone on the header's line; a letterhead's name whose legal form wrapped under it beside a
column of labels; an order's number after the order's Portuguese title; a scan's count misread
where the amount is the unit price; a dotted legal form whose last dot OCR read as a comma.
From RJ and OV: a tax line that prints only its rate and base ("22% su 537,60"); six tax lines
(three rates of IVA, each with its recargo de equivalencia) that make the total; a German
page's "ü" OCR read as "ii"; a roman two read "Il"; a litre's "l" read as a bar on two items,
one under the other."""

from __future__ import annotations

from batches.processing.builtin.checks import check_items
from batches.processing.layout import scanned
from batches.processing.layout.geometry import split_cells
from batches.processing.layout.model import Word
from batches.processing.layout.respell import with_language_read_back, with_umlaut
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of, _words_of

ITEM_FIELDS = ["description", "quantity", "unit_price", "amount"]
SIDEBAR = [
    (20, 102, "Spreewald", 8.6),
    (20, 116, "Elektrotechnik GmbH", 8.6),
    (20, 139, "Aarwangenstrasse 128", 6),
    (20, 150, "8610 Zollikon", 6),
    (20, 183, "+41 44 948 45 67", 6),
    (20, 196, "swantje.hartung@spreewald-elektrotechnik.example", 7.6),  # to x 196
    (20, 215, "USt-IdNr.", 6),
    (20, 226, "CHE-213050906", 6),
    (20, 244, "IBAN", 6),
    (20, 255, "CH21 6623 2042 4112", 6),
    (20, 277, "BIC SRGLCHMM", 6),
]
TABLE = [
    (180, 40, "RECHNUNG", 20),
    (180, 93, "Rechnungsnummer", 7),
    (290, 93, "202509-8524", 7),
    (180, 183, "Bezeichnung", 6.6),
    (378, 183, "Menge", 6.6),
    (420, 183, "Einzelpreis", 6.6),
    (524, 183, "Gesamt", 6.6),
    (180, 197, "Flyer DIN A5, 4/4-farbig", 7),
    (400, 197, "2", 7),
    (438, 197, "204.89", 7),
    (528, 197, "409.78", 7),
    (180, 223, "Wartungspauschale Heizungsanlage", 7),
    (400, 223, "1", 7),
    (438, 223, "275.00", 7),
    (528, 223, "275.00", 7),
    (180, 239, "Kopierpapier A4, 500 Blatt", 7),
    (400, 239, "2", 7),
    (448, 239, "7.40", 7),
    (533, 239, "14.80", 7),
    (418, 290, "Nettobetrag", 7),
    (528, 290, "699.58", 7),
]


def test_a_sidebars_email_printed_on_under_the_item_table_is_no_part_of_the_first_item():
    found = read_pdf(SIDEBAR + TABLE, "line items")["line_items"]
    assert [[item[field] for field in ITEM_FIELDS] for item in found] == [
        ["Flyer DIN A5, 4/4-farbig", 2, "204.89", "409.78"],
        ["Wartungspauschale Heizungsanlage", 1, "275.00", "275.00"],
        ["Kopierpapier A4, 500 Blatt", 2, "7.40", "14.80"],
    ]


def test_a_letterheads_name_whose_legal_form_wrapped_under_it_beside_dated_labels_is_the_vendor():
    items = [
        (24, 60, "MR", 16),
        (180, 60, "FACTURE", 23),
        (180, 100, "N° de facture", 7.5),
        (290, 100, "FA2026-03706", 7.5),
        (518, 100, "Facturé à", 6.7),
        (20, 112, "Maison Rocheblanc", 9.2),
        (180, 114, "Date de facture", 7.5),
        (290, 114, "13/03/2026", 7.5),
        (410, 114, "Établissements Brevet SAS", 9.2),
        (20, 126, "SARL", 9.2),
        (180, 128, "Date d'échéance", 7.5),
        (290, 128, "12/04/2026", 7.5),
        (480, 128, "78, quai Mayaud", 7.5),
        (20, 146, "139, avenue du Général Leclerc", 6.2),
        (482, 140, "80100 Abbeville", 7.5),
        (20, 157, "49400 Montreuil-Bellay", 6.2),
        (20, 284, "BIC HTEGFR2X", 6.2),
        (407, 400, "Total TTC", 9.2),
        (473, 400, "6 299,63 EUR", 9.2),
    ]
    assert read_pdf(items, "vendor name, customer name")["vendor_name"] == "Maison Rocheblanc SARL"


def test_an_orders_number_after_its_portuguese_title_is_the_po_number():
    text = (
        "Construtora Vidal S.A.\nRua do Carmo, 16, 2710-873 Queluz\n\n"
        "Assunto: Nota de encomenda NE 2025/20411\n"
        "Vimos por este meio encomendar os seguintes artigos:\n\n"
        "Descrição  Qtd.  Preço unit.  Valor\nCabo de rede Cat6  8  10,10  80,80\n"
        "Total da encomenda  80,80 €\n"
    )
    assert extract_text(text, "po number, total").data["po_number"] == "NE 2025/20411"


def test_a_scans_count_is_the_amount_over_the_unit_price_where_the_row_prints_no_discount():
    items = [{"description": "Licencia anual de software", "quantity": 2, "unit_price": "988000.00",
              "amount": "988000.00"}]  # fmt: skip
    sources = [{"snippet": "M1292  Licencia anual de software  2  988.000  988.000"}]
    check_items(items, sources, scanned=True)
    assert items[0]["quantity"] == 1


def test_a_scans_row_that_prints_its_discounts_rate_without_its_sign_keeps_its_count():
    items = [{"description": "Telo PVC occhiellato 4x6 m", "quantity": 40, "unit_price": "17.20",
              "amount": "653.60"}]  # fmt: skip
    sources = [{"snippet": "TEL-PVC  Telo PVC occhiellato 4x6 m  PZ  40  17,20  5,00  653,60  22"}]
    check_items(items, sources, scanned=True)
    assert items[0]["quantity"] == 40  # 5 % off 688,00, not 38 of 17,20


def test_a_text_layers_row_that_prints_half_its_gross_keeps_its_count_as_a_discount():
    items = [{"description": "Licencia anual de software", "quantity": 2, "unit_price": "988000.00",
              "amount": "988000.00"}]  # fmt: skip
    sources = [{"snippet": "M1292  Licencia anual de software  2  988.000  988.000"}]
    check_items(items, sources)
    assert items[0]["quantity"] == 2


def test_a_dotted_legal_forms_last_dot_ocr_read_as_a_comma_is_its_dot():
    words = (
        _line_of(40, (40, "ORDEN DE COMPRA"))
        + _line_of(70, (40, "N.° de orden"), (160, "OC-2025-55206"))
        + _line_of(100, (40, "Comprador"), (220, "Proveedor"))
        + _line_of(115, (40, "Hermanos Quiroga Ltda."), (220, "Minera Tinto S.A.S,"))
        + _line_of(130, (40, "Carrera 9 # 4-18"), (220, "Calle 8 # 10-21"))
        + _line_of(200, (40, "Total de la orden"), (220, "3.601.000 COP"))
    )
    assert _fields_read(words, "buyer, supplier")["supplier"] == "Minera Tinto S.A.S."


ITALIAN_TOTALS = (
    "Ferramenta Bellini S.p.A.\nFATTURA N. 59/25\nData 05/04/2025\n\n"
    "Descrizione  Q.tà  Prezzo  Importo\nTubo multistrato  4  134,40  537,60\n"
    "Olio extravergine  5  9,12  45,60\n\nTotale imponibile  583,20 €\n{taxes}\n"
    "Totale documento  703,29 €\n"
)


def test_a_tax_line_that_prints_its_rate_and_base_but_no_taxs_word_is_a_tax_line():
    taxes = "22% su 537,60  118,27\nIVA 4% su 45,60  1,82 €"
    assert extract_text(ITALIAN_TOTALS.format(taxes=taxes), "subtotal, tax, total").data["tax"] == "120.09"


def test_a_rate_and_base_whose_product_is_not_the_amount_after_them_is_no_tax_line():
    taxes = "22% su 537,60  120,00\nIVA 4% su 45,60  1,82 €"  # 22 % of 537,60 is 118,27
    assert extract_text(ITALIAN_TOTALS.format(taxes=taxes), "subtotal, tax, total").data["tax"] == "1.82"


def test_three_rates_of_iva_each_with_its_surcharge_make_the_tax():
    text = (
        "Suministros Ordóñez S.L.\nFactura A-2025/118\nFecha 09/11/2025\n\n"
        "Base imponible  516,19 €\n"
        "IVA 21% s/ 110,42  23,19 €\nIVA 10% s/ 188,62  18,86 €\nIVA 4% s/ 217,15  8,69 €\n"
        "Recargo equiv. 5,2%  5,74 €\nRecargo equiv. 1,4%  2,64 €\nRecargo equiv. 0,5%  1,09 €\n"
        "TOTAL FACTURA  576,40 €\n"
    )
    assert extract_text(text, "subtotal, tax, total").data["tax"] == "60.21"


def test_a_german_pages_u_umlaut_ocr_read_as_two_is_read_back():
    texts = ["fiir", "Kontofiihrungsgebiihr", "naturtriib", "Hawaii", "iii", "Vakuum"]
    words = _words_of(10, " ".join(texts))
    assert [word.text for word in with_umlaut(words, "de")] == [
        "für",
        "Kontoführungsgebühr",
        "naturtrüb",
        "Hawaii",
        "iii",
        "Vakuum",
    ]
    assert [word.text for word in with_umlaut(words, "it")] == texts


def test_a_roman_two_ocr_read_as_il_is_read_back_where_the_language_has_no_word_il():
    texts = ["Installatietechniek", "Il", "Ill"]
    words = _words_of(10, " ".join(texts))
    assert [word.text for word in with_language_read_back(words, "nl")] == [
        "Installatietechniek",
        "II",
        "Ill",
    ]
    assert [word.text for word in with_language_read_back(words, "it")] == texts  # "Il" is a word


def test_two_items_litres_one_under_the_other_are_litres_not_a_tables_rule():
    def word(text: str, x0: float, x1: float, line: int, top: float) -> Word:
        return Word(text, x0, top, x1, top + 7, size=7, confidence=0.93, line=line)

    words = []
    for row, (left, top) in enumerate(((150, 560), (155, 720))):  # a page tilted by two degrees
        words += [
            word("Tuinaarde", left - 60, left - 5, row + 1, top),
            word("40", left, left + 8, row + 1, top),
        ]
        words += [
            word("|", left + 11, left + 12, row + 1, top),
            word("4,80", left + 200, left + 215, row + 1, top),
        ]
    lines = scanned.lines_of(words, page=1)
    assert [line.text for line in lines] == ["Tuinaarde 40 l  4,80", "Tuinaarde 40 l  4,80"]


def test_a_text_layers_date_run_on_over_the_next_columns_date_is_a_cell_of_its_own():
    boxes = [("7", 151, 158), ("de", 161, 174), ("setembro", 178, 228), ("de", 232, 245), ("2025", 248, 275)]
    boxes += [("22", 253, 266), ("de", 270, 283), ("outubro", 286, 329), ("de", 332, 345), ("2025", 349, 375)]
    boxes += [("77168", 355, 388)]
    words = [Word(text, x0, 105, x1, 112.5, size=7.5) for text, x0, x1 in boxes]
    cells = [cell.text for cell in split_cells(words, overprint=True)]
    assert cells == ["7 de setembro de 2025", "22 de outubro de 2025", "77168"]
    bold = [Word("TOTAL", 100, 105, 130, 112.5, size=7.5), Word("TOTAL", 100.4, 105, 130.4, 112.5, size=7.5)]
    assert [cell.text for cell in split_cells(bold, overprint=True)] == ["TOTAL TOTAL"]  # printed twice: bold
