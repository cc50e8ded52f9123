"""Receipts from the sets of the thirty-first session: the company that runs a shop named at its
foot by the sign's own word; a card's "ending" before its digits, its masked number; a company that
runs the shop in brackets under the sign; a sign OCR read in the specks over a photo; a total one
digit misread over the one payment that settles it; what was tendered less the change, the items'
prices adding up to it where OCR garbled the total's line; a tip added to the total before what
was paid; a legal form's words OCR spaced apart; a tax table's gross column over its rates' rows;
and from a résumé, a timeline's bullet OCR read as
a copyright sign."""

from __future__ import annotations

from batches.processing.builtin.candidates import find_candidates
from batches.processing.builtin.fallbacks.parties import _its_legal_name
from batches.processing.builtin.labels import label_index
from batches.processing.builtin.normalise import find_currency
from batches.processing.builtin.values import DateOrder
from tests.batches.processing.extracting import extract_text
from tests.batches.processing.test_scans import _fields_read, _line_of, _scanned_layout

FIELDS = "merchant name, date, total, payment method, currency"


def _receipt(text: str) -> dict:
    return extract_text(text, FIELDS, strategy="auto").data


def test_the_company_named_at_the_foot_by_the_signs_own_word_runs_the_shop():
    text = (
        "LIBRERIA LA CLESSIDRA\nVia Borgo 14 \u00b7 6600 Muralto\nScontrino n. 8812\nData 17.09.2025 12:08\n"
        "Atlante delle stelle  28.00\nQuaderno A5  6.90\nTotale CHF  34.90\nCarta di debito  34.90\n"
        "La Clessidra Sagl\nGrazie e buona lettura!\n"
    )
    assert _receipt(text)["merchant_name"] == "La Clessidra Sagl"


def test_another_company_at_the_foot_does_not_run_the_shop():
    text = (
        "LIBRERIA LA CLESSIDRA\nVia Borgo 14 \u00b7 6600 Muralto\nScontrino n. 8812\nData 17.09.2025 12:08\n"
        "Atlante delle stelle  28.00\nTotale CHF  28.00\nCarta di debito  28.00\n"
        "Terminale Worldline Sagl\nGrazie e buona lettura!\n"
    )
    assert _receipt(text)["merchant_name"] == "LIBRERIA LA CLESSIDRA"


def test_a_cards_ending_before_its_digits_is_no_part_of_the_payment_method():
    text = (
        "HARBOUR BOOKS\n12 Quay Road, Whitby\n14/08/2025 10:42\nNotebook  4.50\nTOTAL  GBP 4.50\n"
        "Paid by: Mastercard ending 3686\n"
    )
    assert _receipt(text)["payment_method"] == "Mastercard"


def test_a_cards_masked_number_after_its_label_is_no_payment_method():
    words = (
        _line_of(20, (40, "KOPI CORNER"))
        + _line_of(34, (40, "12 Tanjong Road, Singapore 437001"))
        + _line_of(48, (40, "14/08/2025 10:42"))
        + _line_of(70, (40, "2  Kaya Toast"), (200, "5.60"))
        + _line_of(90, (40, "TOTAL"))
        + _line_of(104, (40, "NETS"), (200, "$5.60"))
        + _line_of(118, (40, "Card: XXXX XXXX XXXX 2628"))
    )
    assert _fields_read(words, FIELDS)["payment_method"] == "NETS"


def test_the_company_in_brackets_under_the_sign_runs_the_shop():
    text = (
        "ANNAPOORNA\nPURE VEG RESTAURANT\n(A Unit of Rewa Hospitality Pvt. Ltd.)\nStation Road, Bhopal\n"
        "Date: 03/02/24\nDal Makhani  2  210.00  420.00\nGrand Total  Rs. 420.00\nPaid by: UPI\n"
    )
    assert _receipt(text)["merchant_name"] == "Rewa Hospitality Pvt. Ltd."


def test_a_sign_with_no_figure_beside_it_counts_less_than_a_code_with_its_amount():
    assert find_currency("\u00a5.t\nTotal CHF  96.60") == "CHF"
    assert find_currency("Preis \u20ac\n12,00") == "EUR"  # alone, it still names the currency


def _pharmacy(total: str, payments: list[tuple[str, str]]) -> list:
    words = (
        _line_of(20, (40, "PHARMACIE DU VIEUX PORT"))
        + _line_of(34, (40, "Quai Perdonnet 4 1800 Vevey"))
        + _line_of(48, (40, "Date"), (140, "18.02.2024 15:18"))
        + _line_of(80, (40, "Parac\u00e9tamol 500 mg"), (200, "4.90"))
        + _line_of(94, (40, "Spray nasal 100 ml"), (200, "19.00"))
        + _line_of(108, (40, "Thermom\u00e8tre digital"), (200, "19.90"))
        + _line_of(130, (40, "Total CHF"), (200, total))
    )
    for at, (method, amount) in enumerate(payments):
        words += _line_of(144 + 14 * at, (12, "3"), (40, method), (200, amount))  # a speck before it
    return words


def test_a_total_one_digit_misread_over_the_one_payment_is_what_was_paid():
    assert _fields_read(_pharmacy("83.80", [("TWINT", "43.80")]), FIELDS)["total"] == "43.80"
    # the payment's own amount misread (the items add up to the total): the total stands
    assert _fields_read(_pharmacy("43.80", [("TWINT", "83.80")]), FIELDS)["total"] == "43.80"
    # paid in two ways, the total stands
    two = _pharmacy("83.80", [("TWINT", "43.80"), ("Esp\u00e8ces", "40.00")])
    assert _fields_read(two, FIELDS)["total"] == "83.80"


def test_tendered_less_change_is_the_total_where_the_items_add_up_to_it():
    words = (
        _line_of(20, (40, "DROGARIA BOA VIDA"))
        + _line_of(34, (40, "Av. Rui Barbosa, 1020 - Maca\u00e9"))
        + _line_of(48, (40, "Emiss\u00e3o: 10/11/2024 20:56:45"))
        + _line_of(80, (40, "PROTETOR SOLAR FPS50 120ML"))
        + _line_of(94, (40, "1,000 UN"), (120, "54,90"), (200, "54,90"))
        + _line_of(108, (40, "VITAMINA C 1G EFERV 10CP"))
        + _line_of(122, (40, "2,000 UN"), (120, "16,90"), (200, "33,80"))
        + _line_of(136, (40, "CURATIVO ADESIVO 35UN"))
        + _line_of(150, (40, "1,000 UN"), (120, "11,60"), (200, "11,60"))
        + _line_of(170, (40, "VA OX OTA."), (120, "25"), (200, "00,30"))  # "VALOR TOTAL R$ 100,30" garbled
        + _line_of(184, (40, "Dinheiro"), (200, "110,00"))
        + _line_of(198, (40, "Troco R$"), (200, "9,70"))
    )
    assert _fields_read(words, FIELDS)["total"] == "100.30"


def test_a_total_and_a_tip_give_way_to_the_total_paid_after_them():
    text = (
        "MARISQUERIA EL FARO\nAv. del Mar 210, Manzanillo\n15/03/2025 14:22\nCeviche de pescado  2  370.00\n"
        "Agua de jamaica 1L  3  180.00\nTOTAL  $550.00\nPropina sugerida (no incluida)\n"
        "10% $55.00  15% $82.50\n"
        "FORMA DE PAGO:  VISA\nConsumo  $550.00\nPropina  $55.00\nTOTAL PAGADO  $605.00\n"
    )
    assert _receipt(text)["total"] == "605.00"
    # a later total that no tip between explains stays the total's restatement, not another sum
    assert _receipt(text.replace("Propina  $55.00", "Mesa 4"))["total"] == "550.00"


def test_a_legal_forms_words_ocr_spaced_apart_are_one_name():
    lines = [
        (1, "HAINH OLZ"),  # the sign's big letters OCR read apart
        (1, "FRISCHEMARKT"),
        (1, "Almsstra\u00dfe 12  31134 Hildesheim"),
        (1, "SUMME EUR  4,66"),
        (1, "Hainholz Frischemarkt GmbH &  Co.  KG"),  # OCR spaced the form's words like cells
    ]
    assert _its_legal_name(lines, "HAINH OLZ") == "Hainholz Frischemarkt GmbH & Co. KG"


def test_a_timelines_bullet_ocr_read_as_a_copyright_sign_after_a_span_counts_the_job():
    text = (
        "Amani Wekesa Otieno\nAgronomist\namani.otieno@example.org \u2013 +254 722 555 091\nEXPERIENCE\n"
        "02/2021 - to date  \u00a9  Seed Systems Specialist\nNandi Seed Growers Co-operative\n"
        "09/2017 - 01/2021  O  Field Agronomist\nElgon Agri-Inputs Ltd\n"
        "03/2014 - 08/2017  \u00a9  Extension Officer\nCounty Department of Agriculture\n"
        "EDUCATION\n2012 - 2014  MSc Agronomy\nUpdated: June 2025\n\u00a9 Europass 2002-2025\n"
    )
    data = extract_text(text, "full name, years of experience", strategy="auto").data
    assert data["years_experience"] == 11  # 4 y 4 m, 3 y 4 m and 3 y 5 m; the footer's years count none


def test_the_gross_column_of_a_tax_table_over_each_rates_row_gives_no_total():
    words = (
        _line_of(20, (40, "HOLLYBANK FOODS"))
        + _line_of(34, (40, "14 Market Street, Ludlow"))
        + _line_of(70, (40, "SEMI SKIMMED MILK"), (260, "2.10"))
        + _line_of(106, (40, "17 BALANCE DUE"), (260, "\u00a329,29"))  # a speck read into its label
        + _line_of(120, (40, "VISA DEBIT"), (260, "\u00a329.29"))
        + _line_of(142, (40, "VAT"), (90, "RATE"), (150, "VAT"), (200, "NET"), (260, "GROSS"))
        + _line_of(156, (40, "Z"), (90, "0.00%"), (150, "0.00"), (200, "24.21"), (260, "24.21"))
        + _line_of(170, (40, "A"), (90, "20.00%"), (150, "0.85"), (200, "4.23"), (260, "5.08"))
    )
    kinds = {"total": "money"}
    found = find_candidates(_scanned_layout(words), label_index(("total",)), kinds, DateOrder(False, ("GB",)))
    assert "24.21" not in {c.value for c in found if c.field == "total"}  # the zero rate's row: no total
    assert "29.29" in {c.value for c in found if c.field == "total"}
