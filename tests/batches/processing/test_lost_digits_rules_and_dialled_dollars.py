"""Layouts from the held-out set of the twenty-sixth session (Feldkirch to Ambato), opened at the
start of the twenty-seventh: a scan whose amounts' column lost its first glyphs, a unit price
that lost a digit, a till's total misread that tendered minus change reads back, an IBAN whose
country OCR read as digits, a value OCR set a little lower beside its label, an order number set
just past its label's end, a rule under the last item, "dato" for a position still held, and a
bare "$" on a page that dials New Zealand."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.checks import check_items
from batches.processing.layout.model import Word
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of, _words_of


def _item(quantity: int, price: str, amount: str) -> dict:
    return {"description": "x", "quantity": quantity, "unit_price": price, "amount": amount}


def test_an_amount_whose_leading_digits_ocr_lost_is_the_count_times_the_price():
    # "401,31" read "01,31", "1.072,92" read "072,92"; a line less a real discount stays as printed
    items = [_item(39, "10.29", "1.31"), _item(12, "89.41", "72.92"), _item(3, "5.00", "13.50")]
    sources = [{}, {}, {}]
    assert check_items(items, sources, scanned=True) == 2
    assert [item["amount"] for item in items] == ["401.31", "1072.92", "13.50"]
    assert "digits OCR lost" in sources[0]["notes"][0]


def test_a_unit_price_that_lost_one_digit_is_the_amount_over_the_count():
    # "2,17" read "27,": 5 x 2,17 = 10,85; a price that is no digit short of it is only flagged
    items = [_item(5, "27.00", "10.85"), _item(4, "31.00", "10.84")]
    sources = [{}, {}]
    check_items(items, sources, scanned=True)
    assert [item["unit_price"] for item in items] == ["2.17", "31.00"]
    assert sources[1]["notes"] == ["quantity x unit price = 124.00, not the amount 10.84"]


DIGITS_LOST_ROWS = [
    ("Viti autofilettanti 4x30", "39", "10,29", "01,31"),  # 401,31
    ("Cavo elettrico FG16", "12", "89,41", "072,92"),  # 1.072,92
    ("Configurazione server", "4", "487,33", "949,32"),  # 1.949,32
    ("Guanti da lavoro", "23", "3,63", "83,49"),
    ("Ore manodopera tecnico", "6", "37,90", "227,40"),
    ("Manutenzione impianto termico", "8", "108,24", "865,92"),
]


def _digits_lost_invoice(subtotal: str, tax: str, total: str) -> list[Word]:
    words = _words_of(30, "ZANELLA INFORMATICA S.A.S.") + _words_of(50, "FATTURA 36/2024")
    words += _line_of(100, (40, "Descrizione"), (330, "Q.ta"), (380, "Prezzo unit"), (480, "Importo"))
    for row, (description, count, price, amount) in enumerate(DIGITS_LOST_ROWS):
        words += _line_of(120 + 20 * row, (40, description), (335, count), (390, price), (490, amount))
    words += _line_of(260, (380, "Imponibile"), (490, subtotal))
    words += _line_of(280, (380, "IVA 22%"), (490, tax))
    words += _line_of(300, (330, "Totale fattura EUR"), (490, total))
    return words


def test_totals_whose_leading_digits_a_scan_lost_are_read_back_from_the_items():
    # the scan lost the amounts' first glyphs down the whole column ("4.600,36" read "600,36"):
    # the three totals still add up among themselves, only the items show what is missing
    words = _digits_lost_invoice("600,36", "012,08", "612,44")
    fields = _fields_read(words, "subtotal, tax, total, line items")
    assert [item["amount"] for item in fields["line_items"]][:3] == ["401.31", "1072.92", "1949.32"]
    assert (fields["subtotal"], fields["tax"], fields["total"]) == ("4600.36", "1012.08", "5612.44")


def test_totals_a_scan_read_whole_are_kept():
    fields = _fields_read(_digits_lost_invoice("4.600,36", "1.012,08", "5.612,44"), "subtotal, tax, total")
    assert (fields["subtotal"], fields["tax"], fields["total"]) == ("4600.36", "1012.08", "5612.44")


def test_a_tills_total_misread_is_what_was_tendered_less_the_change():
    words = _words_of(30, "BOULANGERIE VIDAL", size=14) + _words_of(60, "25/05/24 19:53 #16059")
    words += _line_of(80, (40, "Tarte aux pommes"), (200, "11,43"))
    words += _line_of(96, (40, "Pain de campagne"), (200, "8,70"))
    words += _line_of(112, (40, "TOTAL"), (200, "23513"))
    words += _line_of(128, (40, "ESPÈCES"), (200, "30,00"))
    words += _line_of(144, (40, "RENDU"), (200, "4,27"))
    assert _fields_read(words, "total")["total"] == "25.73"


def test_an_iban_whose_country_ocr_read_as_digits_ends_in_its_last_groups_digits():
    assert norm.last4("1144 M027 2158 0800 9398 7871 614") == "1614"
    assert norm.last4("IBAN DE89 3704 0044 0532 0130 00") == "3000"


def _ocr_word(text: str, x: float, y0: float, y1: float, line: int) -> list[Word]:
    words = []
    for part in text.split():
        words.append(Word(part, x, y0, x + 6 * len(part), y1, confidence=0.9, line=line))
        x += 6 * len(part) + 4
    return words


def test_a_value_ocr_read_as_a_line_of_its_own_a_little_lower_beside_its_label():
    # "Titular" ends a line of the letterhead's; OCR read the larger holder's name beside it as
    # a line of its own, its middle above the label's foot; the town to the label's left is no holder
    words = _ocr_word("Banco Zambeze", 40, 30, 40, 1) + _ocr_word("Extrato de conta", 40, 60, 70, 2)
    words += _ocr_word("Banco Zambeze", 40, 130, 136, 3) + _ocr_word("Tete, Moçambique", 130, 130, 136, 3)
    words += _ocr_word("Titular", 360, 127, 140, 3)
    words += _ocr_word("Esperança Cossa", 500, 133, 142, 4)
    words += _ocr_word("Saldo anterior 74 917,61 MT", 40, 190, 198, 5)
    assert _fields_read(words, "account holder")["account_holder"] == "Esperança Cossa"


def test_an_order_number_set_just_past_its_labels_end_under_it():
    items = [
        (98, 50, "Fabbri Arredamenti S.r.l.", 12),
        (400, 50, "ORDINE D'ACQUISTO", 9),
        (98, 78, "via Badaloni 45, 01100 Viterbo (VT)", 6.5),
        (383, 78, "Ordine n.", 6.2),
        (98, 88, "Tel. +39 0761 866330", 6.5),
        (383 + stringWidth("Ordine n.", "Helvetica", 6.2) + 1, 95, "4594273855", 11),
        (46, 128, "FORNITORE", 6.2),
    ]
    assert read_pdf(items, "po number")["po_number"] == "4594273855"


def test_a_rule_under_the_last_item_is_no_part_of_its_description():
    items = [
        (50, 60, "FACTURA A24/01682", 12),
        (50, 100, "Descripción", 9),
        (300, 100, "Cant.", 9),
        (350, 100, "Precio unit", 9),
        (450, 100, "Importe", 9),
        (50, 116, "Papel A4 80 g", 9),
        (305, 116, "10", 9),
        (355, 116, "20,24", 9),
        (455, 116, "202,40", 9),
        (50, 130, "Lámpara LED 12 W", 9),
        (305, 130, "23", 9),
        (355, 130, "3,48", 9),
        (455, 130, "80,04", 9),
        (50, 142, "-" * 90, 9, "Courier"),
        (350, 160, "Total EUR", 9),
        (455, 160, "282,44", 9),
    ]
    descriptions = [item["description"] for item in read_pdf(items, "line items")["line_items"]]
    assert descriptions == ["Papel A4 80 g", "Lámpara LED 12 W"]


def test_dato_says_a_position_is_still_held():
    text = "\n".join(
        [
            "Felix Brückner",
            "BERUFSERFAHRUNG",
            "07/2022 - dato  Teamleiter IT-Infrastruktur",
            "09/2016 - 03/2020  Systemadministrator",
            "AUSBILDUNG",
            "2011 - 2015  Bachelor Wirtschaftsinformatik",
            "Fulda, 21. Januar 2025",
        ]
    )
    assert extract_text(text, "years of experience").data["years_experience"] == 6


def test_a_bare_dollar_on_a_page_that_dials_new_zealand_is_its_dollar():
    text = "Ph +64 6 343 7449  info@mckenzieitsolution.co.nz\nBalance Due  $17,974.28"
    assert norm.find_currency(text) == "NZD"
    assert norm.find_currency("Ph +1 212 555 0100\nBalance Due  $17,974.28") == "USD"


def test_one_digit_of_an_amount_or_a_price_ocr_misread_is_what_the_line_makes():
    # "219,15" for 3 x 71,05 = 213,15; "97,55" for 2 x 27,55 = 55,10; one thing alone proves nothing
    items = [_item(3, "71.05", "219.15"), _item(2, "97.55", "55.10"), _item(1, "71.05", "79.05")]
    sources = [{}, {}, {}]
    check_items(items, sources, scanned=True)
    assert [(item["unit_price"], item["amount"]) for item in items] == [
        ("71.05", "213.15"),
        ("27.55", "55.10"),
        ("71.05", "79.05"),
    ]


def test_an_item_tables_header_is_no_customers_name():
    words = _words_of(30, "Teutoburger Haustechnik e.K.") + _words_of(50, "Rechnung 202463873")
    words += _line_of(
        100, (63, "Pos. Bezeichnung"), (300, "Menge Einheit"), (400, "Einzelpreis"), (518, "Gesamt")
    )
    words += _line_of(120, (63, "1 Fliesenkleber flexibel"), (330, "72 kg"), (390, "0,85"), (520, "61,20"))
    assert _fields_read(words, "customer name") == {}  # not "Pos. Bezeichnung"
