"""Layouts from the held-out set opened this session (Regensburg to Curitiba): a statement whose
IBAN's cell has the next row's value under it, one whose holder's address has the summary's
balances beside it, one whose top line is its page's count, and a till slip whose last line says
how much tax its total includes, under a sign over a market stall's address."""

from __future__ import annotations

import pypdfium2
from reportlab.lib.units import mm

from batches.processing.builtin import normalise as norm
from tests.batches.processing import extracting  # noqa: F401 - registers the DejaVu font the PDFs use
from tests.batches.processing.test_dark_bands_and_stacked_pages import _scanned
from tests.batches.processing.test_extract_layouts import extract, pdf
from tests.batches.processing.test_rolls_gst_and_wrapped_ends import _printed

MOVEMENTS = [
    (50, 300, "Datum", 9, "Helvetica-Bold"),
    (120, 300, "Omschrijving", 9, "Helvetica-Bold"),
    (420, 300, "Af", 9, "Helvetica-Bold"),
    (500, 300, "Bij", 9, "Helvetica-Bold"),
    (50, 316, "Beginsaldo per 1 februari 2025", 9),
    (500, 316, "€ 1.705,50", 9),
    (50, 330, "03-02", 9),
    (120, 330, "Zorgverzekering", 9),
    (420, 330, "150,00", 9),
    (50, 344, "Eindsaldo per 28 februari 2025", 9),
    (500, 344, "€ 1.555,50", 9),
]


def test_a_whole_iban_takes_nothing_from_the_row_under_it():
    statement = [
        (50, 50, "Rekeningafschrift", 16, "Helvetica-Bold"),
        (330, 80, "IBAN", 9),
        (390, 80, "NL39 VECH 0472 9796 25", 9),
        (330, 92, "Afschrift nr.", 9),
        (390, 92, "2", 9),  # under the IBAN's cell, as if it went on there
        (50, 104, "Vechtdal Bank N.V.", 9),
        (330, 104, "Periode", 9),
        (390, 104, "1 februari 2025 t/m 28 februari 2025", 9),
        (50, 150, "Rekeninghouder", 8),
        (50, 162, "Sanne de Vries", 10),
        (50, 174, "Assendorperstraat 102", 9),
    ]
    assert extract(pdf(statement + MOVEMENTS), "afschrift.pdf").data["account_number_last4"] == "9625"
    assert norm.a_whole_iban("NL39 VECH 0472 9796 25")
    assert not norm.a_whole_iban("NL39 VECH 0472 9796 2")  # its check digits say a character is missing


def test_a_holders_name_with_the_summarys_balances_beside_its_address():
    statement = [
        (50, 50, "Relevé de compte", 16, "Helvetica-Bold"),
        (330, 80, "Compte chèques", 9),
        (420, 80, "Folio ••••1185", 9),
        (330, 92, "Période", 9),
        (420, 92, "du 1er juillet 2025 au 31 juillet 2025", 9),
        (50, 104, "Banque Maisonneuve", 10),
        (50, 116, "1001, avenue du Mont-Royal Est, Montréal (Québec) H2J 1X9", 8),
        (60, 170, "Élodie Tremblay", 10),
        (330, 170, "Solde précédent", 9),
        (480, 170, "3 014,50 $", 9),
        (60, 182, "3875, rue Saint-Hubert, app. 2", 9),
        (330, 182, "Retraits", 9),
        (480, 182, "2 558,31 $", 9),
        (60, 194, "Montréal (Québec) H2L 4A6", 9),
        (330, 194, "Nouveau solde", 9),
        (480, 194, "456,19 $", 9),
    ]
    data = extract(pdf(statement + MOVEMENTS), "releve.pdf").data
    # no label names the holder: the name over an address, the summary's labelled balances beside it
    assert data["account_holder"] == "Élodie Tremblay"


def _scan_of(content: bytes, dpi: int = 200) -> bytes:
    return _scanned(pypdfium2.PdfDocument(content)[0].render(scale=dpi / 72, grayscale=True).to_pil())


def test_a_scanned_statement_whose_top_line_is_its_pages_count():
    statement = [
        (520, 30, "Pagina 1/1", 9),
        (50, 56, "Estratto conto", 16, "Helvetica-Bold"),
        (50, 80, "Conto privato  CHF", 10),
        (50, 96, "IBAN  CH82 0483 5269 5688 3408 4", 10),
        (50, 112, "Banca del Ceresio SA", 10),
        (330, 112, "Periodo  01.01.2025 - 31.03.2025", 10),
        (50, 126, "Piazza della Riforma 8, 6900 Lugano", 10),
        (60, 180, "Luca Bernasconi", 11),
        (60, 194, "Via Cattedrale 14", 10),
        (60, 208, "6900 Lugano", 10),
        (50, 260, "Data", 10, "Helvetica-Bold"),
        (120, 260, "Testo", 10, "Helvetica-Bold"),
        (470, 260, "Saldo", 10, "Helvetica-Bold"),
        (50, 276, "Saldo iniziale", 10),
        (470, 276, "11'754.00", 10),
        (50, 292, "Saldo finale", 10),
        (470, 292, "9'904.00", 10),
    ]
    data = extract(_scan_of(pdf(statement)), "estratto.jpg").data
    # "Pagina 1/1" names no issuer, so the bank is the issuer and the addressee its holder
    assert data["account_holder"] == "Luca Bernasconi"


DELI = [
    "GOUGER STREET DELI",
    "Stall 18, Adelaide Central Market",
    "Gouger St, Adelaide SA 5000",
    "ABN 20 015 423 896",
    "TAX INVOICE",
    "23/07/2025 10:15  Rept 23115",
    "Kalamata olives 250g    $6.50",
    "Sourdough loaf          $8.50",
    "TOTAL AUD              $15.00",
    "EFTPOS                 $15.00",
    "Total includes GST $0.77",
]


def test_a_slips_total_over_the_tax_it_includes_under_a_sign_over_a_stalls_address():
    data = extract(_scan_of(_printed(DELI, 76 * mm), dpi=300), "deli.jpg").data
    # "Total includes GST $0.77" is the tax; "Stall 18, Adelaide Central Market" an address's start
    assert (data["merchant_name"], data["total"]) == ("GOUGER STREET DELI", "15.00")


def _slip_total(total: str, paid: str) -> str:
    from batches.processing.builtin.engine import extract_fields
    from batches.processing.builtin.readers import ReadDocument
    from batches.processing.prompts import fields_for_prompt
    from tests.batches.processing.test_receipts import _layout, _words

    rows = [
        [("Bakkerij", 40), ("Demerhof", 120)],
        [("Ticket", 40), ("7464", 100), ("19/04/2025", 200)],
        [("Grijs", 40), ("brood", 90), ("3,40", 300)],
        [("Pistolets", 40), ("7,55", 300)],
        [("Totaal", 40), (total, 300)],
        [("Bancontact", 40), (paid, 300)],
    ]
    layout = _layout(_words(rows))
    document = ReadDocument("image", pages=[page.text for page in layout.pages], layout=layout)
    data, _sources, _warnings = extract_fields(document, fields_for_prompt("merchant name, date, total"))
    return data["total"]


def test_a_scanned_total_read_with_a_digit_too_many_is_what_its_payment_pays():
    assert _slip_total("106,95", "10,95") == "10.95"  # a speck read as "6" in "10,95"
    assert _slip_total("10,95", "10,95") == "10.95"
    assert _slip_total("10,95", "20,00") == "10.95"  # cash handed over: more than the total


def test_a_french_first_of_the_month_whose_1_ocr_read_as_a_t():
    # "1er juillet 2025" under "Date" on a scanned Walloon invoice, read "ter juillet 2025"
    assert norm.find_dates("2025/0727  ter juillet 2025  31/07/2025", month_first=False)[0][1] == "2025-07-01"
    assert norm.find_dates("Peter juillet 2025", month_first=False) == []  # no day: no date
