"""Layouts from the sets of the thirty-first session: a page read turned level keeps the scan's
resolution; a large amount whose first group's space OCR lost ("1830 000,00" beside
"1 830 000,00"); a credit note's return whose minus OCR lost on its amount; an Italian balance's
due date ("Scadenza saldo"); a hotel folio's column of dates before the items; a company that says
it trades as its letterhead's brand; a tax line that prints its rate and base but no tax's name; a
scanned table whose counts OCR lost, all of them; the letterhead's street and number beside the
title; a phone number after a tax's number; German "lt." and a French roman two OCR read as "It."
and "Il"; a tax whose name OCR misread, the total less the net beside its rate; a Chilean
invoice's "N° Folio" beside a delivery note's number; an IBAN whose last group is five digits
long; running numbers before the descriptions, one of them lost and one misread."""

from __future__ import annotations

from batches.processing import vocab
from batches.processing.builtin.items import without_row_codes
from batches.processing.builtin.normalise import last4, parse_amount
from batches.processing.layout.respell import with_language_read_back
from tests.batches.processing.extracting import read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of


def test_a_large_amount_whose_first_groups_space_ocr_lost_is_one_amount():
    assert parse_amount("1830 000,00") == "1830000.00"
    assert parse_amount("1115 000,00") == "1115000.00"
    assert parse_amount("16 245 000,00") == "16245000.00"  # spaced as printed, as before
    # a count and a price apart, or a year before a price, in cells of their own stay apart
    assert parse_amount("12 34") == "12.34"


def _angolan_invoice(row: str) -> list:
    return (
        _line_of(30, (40, "KWANZA ENERGIA E EQUIPAMENTOS, LDA."))
        + _line_of(60, (40, "FATURA"))
        + _line_of(90, (300, "Fatura N."), (400, "FT 2024/4450"))
        + _line_of(104, (300, "Data"), (400, "09/09/2024"))
        + _line_of(140, (40, "Descri\u00e7\u00e3o"), (300, "Qtd"), (340, "Pre\u00e7o Unit."), (440, "Valor"))
        + _line_of(154, (40, "Gerador diesel 60 kVA"), (300, "1"), (340, "16 245 000,00"),
                   (440, "16 245 000,00"))
        + _line_of(168, (40, "Quadro de transfer\u00eancia"), (300, "1"), (340, row), (440, "1 830 000,00"))
        + _line_of(200, (300, "TOTAL A PAGAR"), (440, "18 075 000,00"))
    )  # fmt: skip


def test_an_items_price_whose_first_groups_space_ocr_lost_is_its_amount():
    items = _fields_read(_angolan_invoice("1830 000,00"), "line items")["line_items"]
    assert [(item["unit_price"], item["amount"]) for item in items] == [
        ("16245000.00", "16245000.00"),
        ("1830000.00", "1830000.00"),
    ]


def _credit_note(returned: str) -> list:
    return (
        _line_of(30, (40, "Sporthaus Pichler GmbH"), (400, "GUTSCHRIFT"))
        + _line_of(60, (300, "Gutschrift Nr.:"), (420, "GS-2024-7572"))
        + _line_of(74, (300, "Datum:"), (420, "24.05.2024"))
        + _line_of(120, (40, "Artikel / Leistung"), (330, "Anz."), (380, "E-Preis"), (460, "Gesamtpreis"))
        + _line_of(134, (40, "Retoure: Skihelm Uvex, Gr. M"), (330, "3"), (380, "-81,03"), (460, "-243,09"))
        + _line_of(148, (40, "Retoure: Skibrille photochrom"), (330, "2"), (380, "-59,60"), (460, returned))
        + _line_of(180, (300, "Summe netto"), (460, "-\u20ac 362,29"))
        + _line_of(194, (300, "USt. 20 %"), (460, "-\u20ac 72,46"))
        + _line_of(208, (300, "Gutschriftsbetrag"), (460, "-\u20ac 434,75"))
    )  # fmt: skip


def test_a_returns_amount_whose_minus_ocr_lost_is_negative_as_its_price():
    items = _fields_read(_credit_note("119,20"), "line items")["line_items"]
    assert [(item["unit_price"], item["amount"]) for item in items] == [
        ("-81.03", "-243.09"),
        ("-59.60", "-119.20"),
    ]


def test_an_italian_balances_due_date_is_the_due_date():
    words = (
        _line_of(30, (40, "Ceramiche Adriatiche S.r.l."), (400, "FATTURA"))
        + _line_of(60, (40, "Intestatario"), (300, "Fattura n."), (400, "1891/2024"))
        + _line_of(74, (40, "Giuseppe Lamacchia"), (300, "Data"), (400, "31.03.2024"))
        + _line_of(88, (40, "Via Statuti Marittimi 12"), (300, "Scadenza saldo"), (400, "30.04.2024"))
        + _line_of(200, (300, "Totale fattura"), (440, "4.124,80 \u20ac"))
    )
    assert _fields_read(words, "invoice date, due date")["due_date"] == "2024-04-30"


def test_a_folios_column_of_dates_is_no_part_of_the_items_descriptions():
    words = (
        _line_of(30, (40, "HARBOURLIGHT INN"), (380, "TAX INVOICE"))
        + _line_of(60, (300, "Folio No."), (420, "77104"))
        + _line_of(74, (300, "Invoice date"), (420, "09/03/2025"))
        + _line_of(120, (54, "Date"), (110, "Description"), (330, "Qty"), (380, "Rate"), (450, "Charges"))
        # OCR ran the first row's date into its description (one cell from the dates' column on),
        # and read the next one's slash as a space (no date any more)
        + _line_of(134, (54, "06/03/25 Room - Harbour View Queen"), (330, "1"), (380, "210.00"),
                   (450, "210.00"))
        + _line_of(148, (54, "06 03/25"), (110, "Restaurant dinner (chk 2210)"), (330, "1"), (380, "64.50"),
                   (450, "64.50"))
        + _line_of(180, (300, "Total charges"), (450, "$274.50"))
    )  # fmt: skip
    items = _fields_read(words, "line items")["line_items"]
    assert [item["description"] for item in items] == [
        "Room - Harbour View Queen",
        "Restaurant dinner (chk 2210)",
    ]


def test_a_company_that_trades_as_its_letterheads_brand_is_the_vendor():
    items = [
        (40, 40, "HARBOURLIGHT INN", 16),
        (40, 60, "18 Quay Street, Picton 7220, New Zealand", 8),
        (400, 40, "TAX INVOICE", 14),
        (330, 100, "Invoice No.", 9),
        (430, 100, "HL-5521", 9),
        (40, 100, "Bill to", 9),
        (40, 112, "Marlborough Survey Partners Ltd", 9),
        (330, 300, "Total due", 9),
        (450, 300, "$274.50", 9),
        (40, 760, "Tasman Sound Hospitality Limited trading as Harbourlight Inn. GST No. 118-442-907", 7),
    ]
    assert read_pdf(items, "vendor name")["vendor_name"] == "Tasman Sound Hospitality Limited"


def _dutch_service_invoice(counts: list[str]) -> list:
    rows = [
        ("Periodiek onderhoud koelcel", "245,00", "245,00"),
        ("Lektest koelinstallatie (uur)", "78,50", "157,00"),
        ("Koudemiddel R452A bijvullen (kg)", "62,00", "186,00"),
    ]
    words = (
        _line_of(30, (40, "Twentse Koeltechniek B.V."), (400, "Factuur"))
        + _line_of(60, (40, "FACTUURNUMMER"), (200, "FACTUURDATUM"))
        + _line_of(74, (40, "F2025-0311"), (200, "3 juni 2025"))
        + _line_of(120, (40, "Omschrijving"), (300, "Aantal"), (380, "Prijs"), (460, "Bedrag"))
    )
    for at, ((description, price, amount), count) in enumerate(zip(rows, counts, strict=True)):
        cells = [(40, description), (380, price), (460, amount)]
        words += _line_of(134 + 14 * at, *([cells[0], (305, count), *cells[1:]] if count else cells))
    return (
        words
        + _line_of(190, (300, "Subtotaal"), (460, "\u20ac 588,00"))
        + _line_of(204, (300, "21% over \u20ac 588,00"), (460, "\u20ac 123,48"))
        + _line_of(218, (300, "Totaal"), (460, "\u20ac 711,48"))
    )


def test_a_tax_line_with_its_rate_and_base_but_no_name_gives_the_tax():
    found = _fields_read(_dutch_service_invoice(["1", "2", "3"]), "subtotal, tax, total")
    assert (found["subtotal"], found.get("tax"), found["total"]) == ("588.00", "123.48", "711.48")


def test_a_scanned_tables_counts_ocr_lost_all_of_them_are_what_its_amounts_show():
    items = _fields_read(_dutch_service_invoice(["", "", ""]), "line items")["line_items"]
    assert [item["quantity"] for item in items] == [1, 2, 3]


def test_the_letterheads_street_and_number_beside_the_title_is_no_invoice_number():
    words = (
        _line_of(30, (40, "Studio Fotografico Bellin di Marta Bellin"))
        + _line_of(46, (40, "Fattura"), (300, "Viale Cadore 27"))
        + _line_of(60, (300, "31029 Vittorio Veneto (TV)"))
        + _line_of(100, (40, "Cliente"), (300, "Numero"))
        + _line_of(114, (40, "Hotel Pineta S.r.l."), (300, "FT 52/2025"))
        + _line_of(128, (40, "Via del Mare 4"), (300, "Data"))
        + _line_of(142, (40, "17021 Alassio (SV)"), (300, "12 maggio 2025"))
        + _line_of(220, (300, "Totale"), (440, "\u20ac 1.250,00"))
    )
    assert _fields_read(words, "invoice number")["invoice_number"] == "FT 52/2025"


def test_a_phone_number_after_the_letterheads_tax_number_is_no_tax():
    words = (
        _line_of(30, (40, "Betuwse Aandrijvingen B.V."), (400, "FACTUUR"))
        + _line_of(44, (40, "BTW NL852317604B01 - +31 344 555 218"))
        + _line_of(80, (300, "Factuurnummer"), (420, "BA-21544"))
        + _line_of(200, (300, "Subtotaal"), (440, "\u20ac 2.532,86"))
        + _line_of(214, (300, "BTW verlegd (art. 138 Richtlijn 2006/112/EG)"))  # no tax's amount
        + _line_of(228, (300, "Totaal"), (440, "\u20ac 2.532,86"))
    )
    found = _fields_read(words, "subtotal, tax, total")
    assert (found["subtotal"], found.get("tax"), found["total"]) == ("2532.86", None, "2532.86")


def _read_back(cells: list[str], language: str) -> list[str]:
    words = []
    for left, text in zip((40, 300, 360), cells, strict=False):
        words += _line_of(100, (left, text))
    return [word.text for word in with_language_read_back(words, language)]


def test_german_laut_ocr_read_as_it_is_read_back():
    read = _read_back(["Preisnachlass It. Vereinbarung"], vocab.GERMAN)
    assert read == ["Preisnachlass", "lt.", "Vereinbarung"]
    assert _read_back(["It. was delivered"], vocab.ENGLISH)[0] == "It."


def test_a_french_roman_two_ocr_read_as_il_at_its_cells_end_is_read_back():
    read = _read_back(["Charni\u00e8re invisible 35 mm Il", "4", "5,53"], vocab.FRENCH)
    assert read[:5] == ["Charni\u00e8re", "invisible", "35", "mm", "II"]
    # the pronoun opening a sentence stays
    assert _read_back(["Il reste \u00e0 payer", "120,00"], vocab.FRENCH)[0] == "Il"


def test_a_tax_whose_name_ocr_misread_is_the_total_less_the_net_beside_its_rate():
    words = (
        _line_of(30, (40, "Servicios Andinos S.A.C."), (400, "FACTURA ELECTR\u00d3NICA"))
        + _line_of(60, (300, "N\u00b0"), (400, "F001-00482"))
        + _line_of(200, (300, "Op. Gravada:"), (440, "S/ 3,224.00"))
        + _line_of(214, (300, "1.G.V. 18%:"), (440, "S/ 580.32"))  # "I.G.V." misread
        + _line_of(228, (300, "Importe Total:"), (440, "S/ 3,804.32"))
    )
    found = _fields_read(words, "subtotal, tax, total")
    assert (found["subtotal"], found.get("tax"), found["total"]) == ("3224.00", "580.32", "3804.32")


def test_a_chilean_invoices_folio_is_its_number_not_the_delivery_notes():
    words = (
        _line_of(30, (40, "Arriendos Colchagua SpA"), (360, "FACTURA ELECTR\u00d3NICA"))
        + _line_of(60, (40, "Se\u00f1or(es)"), (300, "N\u00b0 Folio:"), (400, "41377"))
        + _line_of(74, (40, "Vi\u00f1a Los Robles Ltda."), (300, "Fecha emisi\u00f3n:"), (400, "21-10-2024"))
        + _line_of(88, (40, "Av. Errazuriz 1290"), (300, "Gu\u00eda de despacho:"), (400, "N\u00b0 5120"))
        + _line_of(200, (300, "TOTAL"), (440, "$ 3.512.642"))
    )
    assert _fields_read(words, "invoice number")["invoice_number"] == "41377"


def test_an_ibans_last_four_are_its_own_however_its_groups_are_printed():
    # an Angolan IBAN of 21 digits printed with a last group of five (check digits right)
    assert last4("IBAN  AO52 0047 0000 0412 3371 01835") == "1835"
    assert last4("IBAN NL83 RABO 0318 2455 70") == "5570"


def test_running_numbers_before_the_descriptions_go_though_ocr_lost_one_and_misread_another():
    descriptions = [
        "al Arbeidsuren installateur",  # "1" misread
        "2 Advieswerk en tekenwerk",
        "Cv-ketel onderhoud",  # its "3" lost
        "4 PVC-buis 110 mm, lengte 4 m",
        "5 Koperen knelkoppeling 15 mm",
        "6 Zand gewassen",
    ]
    items = [{"description": description} for description in descriptions]
    without_row_codes(items)
    assert [item["description"] for item in items] == [
        "Arbeidsuren installateur",
        "Advieswerk en tekenwerk",
        "Cv-ketel onderhoud",
        "PVC-buis 110 mm, lengte 4 m",
        "Koperen knelkoppeling 15 mm",
        "Zand gewassen",
    ]
    # counts before the descriptions are no running numbers: they stay
    counted = [{"description": d} for d in ["2 Kisten Wasser", "Brot", "4 Flaschen Saft", "1 Karton Milch"]]
    without_row_codes(counted)
    assert counted[0]["description"] == "2 Kisten Wasser"
