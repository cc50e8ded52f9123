"""Values that follow from their context: a due date from payment terms, a payment method without its
card number, a balance named by its date, and a date that is no amount."""

from __future__ import annotations

import pytest

from batches.processing.builtin.values import DateOrder, parse
from tests.batches.processing.extracting import extract_text


def _invoice(body: str) -> dict:
    result = extract_text(body, "invoice date, due date", name="invoice.txt")
    return {"data": result.data, "sources": result.sources, "warnings": result.meta.get("warnings", [])}


@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        ("Please pay the total of S$ 8,700.44 by 23 Aug 2017.", "2017-08-23"),
        (
            "Nous vous remercions de bien vouloir régler la somme de € 2 517,97 avant le 10/11/2014.",
            "2014-11-10",
        ),
        ("Vi preghiamo di effettuare il pagamento di Fr. 1'514.60 entro il 26.01.2015.", "2015-01-26"),
        ("Gelieve het bedrag van € 980,00 te betalen vóór 12-03-2021.", "2021-03-12"),
    ],
)
def test_the_deadline_of_a_payment_sentence_is_the_due_date(sentence, due):
    extracted = _invoice(f"Harbor Labs\nInvoice 2014-7\nInvoice date: 01/02/2014\n\n{sentence}\n")
    assert extracted["data"]["due_date"] == due
    assert extracted["sources"]["due_date"]["snippet"] == sentence


@pytest.mark.parametrize(
    ("terms", "issued", "due"),
    [
        ("Terms: Net 30", "Invoice date: 2020-03-03", "2020-04-02"),
        ("Terms: Net 0", "Invoice date: 2020-03-03", "2020-03-03"),
        ("Zahlungsbedingungen: 14 Tage netto.", "Rechnungsdatum: 05.01.2016", "2016-01-19"),
        ("Vencimiento a 45 días fecha factura.", "Fecha factura: 02/08/2014", "2014-09-16"),
    ],
)
def test_a_term_in_days_gives_a_due_date_in_the_fields_warning_not_as_a_printed_value(terms, issued, due):
    extracted = _invoice(f"Harbor Labs\nInvoice 2020-7\n{issued}\n\n{terms}\n")
    assert "due_date" not in extracted["data"]  # not printed: no value
    (warning,) = [w for w in extracted["warnings"] if w.startswith("due_date: ")]
    assert warning.startswith(f"due_date: not printed; the terms give {due}, ")
    assert repr(terms) in warning


def test_days_that_are_not_a_payment_term_give_no_due_date():
    extracted = _invoice(
        "Harbor Labs\nInvoice 7\nInvoice date: 2020-03-03\n\nDelivery within 30 days of the order.\n"
    )
    assert "due_date" not in extracted["data"]


def test_a_written_due_date_wins_over_the_terms():
    extracted = _invoice("Harbor Labs\nInvoice date: 2020-03-03\nDue date: 2020-03-20\nTerms: Net 30\n")
    assert extracted["data"]["due_date"] == "2020-03-20"


@pytest.mark.parametrize(
    ("printed", "method"),
    [
        ("Payment: VISA ****5283", "VISA"),
        ("Betaalwijze: Bancontact ****8509", "Bancontact"),
        ("Zahlungsart: Bar 20.00", "Bar"),
        ("Betaling: Pinbetaling 4778", "Pinbetaling"),
        ("Paid with: Mastercard xxxx 1234", "Mastercard"),
        ("Mode de paiement : Carte de débit", "Carte de débit"),
        ("Zahlungsart: Kreditkarte.", "Kreditkarte"),  # the sentence's full stop
        ("Pagamento:. Satispay", "Satispay"),  # a speck OCR read as a dot
        ("Payment: Chq.", "Chq."),  # an abbreviation keeps its dot
    ],
)
def test_a_payment_method_leaves_its_card_number_and_amount_behind(printed, method):
    result = extract_text(
        f"Corner Shop\n12 High Street\n{printed}\nTotal 20.00\n",
        "merchant name, total, payment method",
        name="receipt.txt",
    )
    assert result.data["payment_method"] == method


@pytest.mark.parametrize(
    ("lines", "opening", "closing"),
    [
        (  # a balance dated before the period opens it, one dated at its end closes it
            [
                "Relevé de compte \u2013 du 01 Décembre 2018 au 31 Décembre 2018",
                "",
                "Solde créditeur au 30 Novembre 2018: 847,32 EUR",
                "Solde au 31 Décembre 2018: 2 764,04 EUR",
            ],
            "847.32",
            "2764.04",
        ),
        (
            [
                "Auszugszeitraum vom 01.12.2018 bis 31.12.2018",
                "",
                "Kontostand am 30.11.2018   Fr. 5'987.73",
                "Neuer Saldo   Fr. 7'232.11",
            ],
            "5987.73",
            "7232.11",
        ),
    ],
)
def test_a_balance_label_with_a_date_names_the_balance_that_date_says(lines, opening, closing):
    text = "Banque du Grand Ouest\n" + "\n".join(lines) + "\n"
    result = extract_text(text, "opening balance, closing balance", name="statement.txt")
    assert (result.data.get("opening_balance"), result.data.get("closing_balance")) == (opening, closing)


def test_the_day_of_a_date_is_no_amount():
    assert parse("money", "au 18 Janvier 2016", DateOrder(False)) is None
    assert parse("money", "am 30.11.2018", DateOrder(False)) is None
    assert parse("money", "18 Jan 2016  € 12,00", DateOrder(False)) == "12.00"


def test_a_masked_iban_keeps_its_stars_and_the_digits_its_column_wrapped():
    # the stars are no markdown emphasis; the last digits wrapped under the number's column
    text = (
        "Banca Popolare Etrusca\n\n"
        "Lorenzo Romano                           Foglio   3/2019\n"
        "50123 Firenze (FI)                       IBAN     IT33 **** **** **** **** *961\n"
        "                                                  451\n\n"
        "ESTRATTO CONTO\nSaldo iniziale ........ 3.994,57\nSaldo finale ........ 4.120,00\n"
    )
    result = extract_text(text, "account holder, account number last 4 digits", name="estratto.txt")
    assert result.data["account_number_last4"] == "1451"


@pytest.mark.parametrize(
    ("printed", "total"),
    [
        ("Grand Total  $3,282.", "3282.86"),  # OCR lost the cents
        ("Grand Total  $328286", "3282.86"),  # OCR lost the decimal point
        ("Grand Total  4.282.865", "3282.86"),  # "3,282.86 €": a digit misread, the sign read as one
        ("Grand Total  3282865", "3282.86"),  # the points lost, the sign read as a digit
    ],
)
def test_a_total_ocr_misread_is_subtotal_plus_tax_with_a_note(printed, total):
    text = (
        "Harbor Labs Inc.\nINVOICE\nInvoice number: INV-2024-0042\n"
        f"Amount before tax  $3,082.50\nSales Tax @ 6.5%  $200.36\n{printed}\n"
    )
    result = extract_text(text, "invoice number, subtotal, tax, total", name="invoice.txt")
    assert result.data["total"] == total
    assert result.sources["total"]["notes"] and result.sources["total"]["confidence"] < 0.9


def test_a_period_in_two_cells_beside_its_label_dates_the_balance_before_it_as_the_opening():
    text = (
        "Caja Rural del Levante\nDISTRIBUCIONES GUADIANA S.L.  |  Extracto nº  |  2015-019\n"
        "Calle Mayor, 140  |  Período  |  20-06-2015  |  19-07-2015\n\nEXTRACTO\n"
        "Saldo a 19-06-2015  |  2409,57 €\n"
        "Fecha  |  Concepto  |  Cargo  |  Abono  |  Saldo\n"
        "21/06  |  Reintegro cajero  |  80,00  |    |  2329,57\n"
        "Saldo a 19-07-2015  |  2329,57 €\n"
    )
    fields = "statement period start, statement period end, opening balance, closing balance"
    result = extract_text(text, fields, name="extracto.txt")
    assert result.data["statement_period_start"] == "2015-06-20"
    assert result.data["statement_period_end"] == "2015-07-19"
    assert result.data["opening_balance"] == "2409.57"


@pytest.mark.parametrize(
    ("title", "start", "end"),
    [
        ("STATEMENT  01/03/2019 31/03/2019", "2019-03-01", "2019-03-31"),  # the dash lost to OCR
        ("Statement of Account  1 Mar 2022  31 Mar 2022", "2022-03-01", "2022-03-31"),
        ("Estado de cuenta  08/10/2017 04/11/2017", "2017-10-08", "2017-11-04"),
    ],
)
def test_a_statements_period_beside_its_title_whose_dash_ocr_lost(title, start, end):
    text = f"Harbourside Bank\n{title}\nName: Siti Tan\nStarting balance  45,559.49\n"
    fields = "statement period start, statement period end"
    result = extract_text(text, fields, name="statement.txt")
    assert (result.data["statement_period_start"], result.data["statement_period_end"]) == (start, end)


@pytest.mark.parametrize(
    ("tender", "card", "method"),
    [
        ("VISA  71.19", "CARD TYPE: CREDIT    ENTRY: CHIP", "VISA"),
        ("INTERAC  $71.19", "CARD: ************7720", "INTERAC"),
    ],
)
def test_the_tender_line_paying_the_total_names_the_payment_not_the_cards_type(tender, card, method):
    text = (
        f"FRESH MART #112\n04/12/25 14:02\nBANANAS  1.29\nSUBTOTAL  69.59\nTAX  1.60\n"
        f"**** TOTAL  $71.19\n{tender}\nCARD # ************3318\n{card}\n"
    )
    assert extract_text(text, "payment method", name="receipt.txt").data["payment_method"] == method


def test_a_statements_summary_reads_the_sum_after_its_count_and_no_customer_service():
    text = (
        "Prairie Trust Bank                 March 1, 2025 through March 31, 2025\n"
        "                                   Account Number: ******6604\n\n"
        "JONATHAN R. MILLBROOK              CUSTOMER SERVICE INFORMATION\n"
        "4471 LINWORTH RIDGE DR             Web site: prairietrust.example.com\n\n"
        "CHECKING SUMMARY\n"
        "Beginning Balance                         $4,312.88\n"
        "Deposits and Additions        5            6,119.14\n"
        "Ending Balance                39          $3,343.36\n"
    )
    data = extract_text(text, "account holder, opening balance, closing balance", name="statement.txt").data
    assert data == {
        "account_holder": "JONATHAN R. MILLBROOK",
        "opening_balance": "4312.88",
        "closing_balance": "3343.36",
    }


def test_a_total_row_that_sums_the_quantity_in_its_unit_gives_the_amount_after_it():
    """An Indian GST invoice's total row: the quantity in kilograms, then the sum in rupees with
    lakh grouping; CGST and SGST together are the tax."""
    text = (
        "Tax Invoice\n"
        "Shree Ganesh Polymers Pvt. Ltd.          Invoice No.  SGP/2026-27/0614\n\n"
        "Sl  Description of Goods        Quantity    Rate     Amount\n"
        "1   HDPE Granules               500 kg      118.40   59,200.00\n"
        "2   LLDPE Film Grade            750 kg      112.75   84,562.50\n"
        "    Taxable Value                                    1,43,762.50\n"
        "    CGST @ 9%                                        12,938.63\n"
        "    SGST @ 9%                                        12,938.63\n"
        "Total                           1250 kg          ₹ 1,69,639.76\n"
    )
    data = extract_text(text, "subtotal, tax, total", name="invoice.txt").data
    assert data == {"subtotal": "143762.50", "tax": "25877.26", "total": "169639.76"}


@pytest.mark.parametrize(
    ("printed", "tax"),
    [
        ("Total des taxes  917,445.", "917.44"),  # "917,44 $": OCR read the dollar sign as a 5
        ("Total des taxes  91744", "917.44"),  # OCR lost the decimal point
    ],
)
def test_a_tax_ocr_misread_is_the_total_less_the_subtotal_with_a_note(printed, tax):
    text = (
        "Boréal inc.\nFACTURE\nNo de facture : BOR-26-0419\n"
        # OCR lost the second tax's label: only the first tax and the taxes' sum are labelled
        f"Sous-total  6 126,47 $\nTPS (5 %)  306,32 $\nva (9,975 %)  611,12 $\n{printed}\n"
        "Total à payer (CAD)  7 043,91 $\n"
    )
    result = extract_text(text, "subtotal, tax, total", name="facture.txt")
    assert result.data == {"subtotal": "6126.47", "tax": tax, "total": "7043.91"}
    assert result.sources["tax"]["notes"] and result.sources["tax"]["confidence"] < 0.9


@pytest.mark.parametrize(
    ("label", "language"),
    [
        ("Total des taxes", "fr"),
        ("Total do IVA", "pt"),
        ("Gesamt USt", "de"),
        # guards: the old engine reads these two right by the sum's check alone
        ("Total de impuestos", "es"),
        ("Totaal BTW", "nl"),
    ],
)
def test_a_totals_word_before_the_taxs_label_labels_the_tax_not_the_total(label, language):
    """The sum of the taxes stands under the subtotal, its label led by a total's word; the
    document's total, under a label of its own, is the last line."""
    text = (
        f"Harbor Labs ({language})\nINVOICE 2026-118\n"
        f"Subtotal  1.000,00\n{label}  230,00\nAmount due  1.230,00\n"
    )
    data = extract_text(text, "subtotal, tax, total", name="invoice.txt").data
    assert data == {"subtotal": "1000.00", "tax": "230.00", "total": "1230.00"}


@pytest.mark.parametrize(
    ("tax_line", "expected"),
    [
        # the tax's amount lost: the number is still no tax
        ("TPS (5 %) — 812345678 RT0001", {"subtotal": "1000.00", "total": "1050.00"}),
        # a guard (the old engine reads it right too): the amount at the line's end is the tax
        (
            "TPS (5 %) — 812345678 RT0001  50,00 $",
            {"subtotal": "1000.00", "tax": "50.00", "total": "1050.00"},
        ),
    ],
)
def test_a_business_number_before_its_program_code_is_no_amount(tax_line, expected):
    """Canada's "812345678 RT0001" beside a tax's label is the seller's registration, not a tax of
    eight hundred million."""
    text = f"Boréal inc.\nFACTURE 2026-0419\nSous-total  1 000,00 $\n{tax_line}\nTotal  1 050,00 $\n"
    assert extract_text(text, "subtotal, tax, total", name="facture.txt").data == expected


def test_a_swiss_enterprise_number_beside_the_vat_label_is_no_tax():
    """ "IVA CHE-105.284.771 IVA" in a letterhead is the firm's VAT number, not a tax of minus a
    hundred million; the net is the total of the services under the tax's base."""
    text = (
        "Studio Tecnico Bernasconi SA\nVia Canova 7 · 6900 Lugano\nIVA CHE-105.284.771 IVA\n\n"
        "Fattura 2026-0087\n"
        "Pos.  Descrizione                         Quantità   Prezzo CHF   Importo CHF\n"
        "1     Rilievo dello stato attuale (ore)   12         135.00       1'620.00\n"
        "2     Spese di stampa piani A1            14         12.50        175.00\n"
        "Totale prestazioni                                               1'795.00\n"
        "IVA 8,1% su CHF 1'795.00                                         145.40\n"
        "Totale fattura                                         CHF       1'940.40\n"
    )
    data = extract_text(text, "subtotal, tax, total", name="fattura.txt").data
    assert data == {"subtotal": "1795.00", "tax": "145.40", "total": "1940.40"}


def test_a_statements_number_of_the_year_beside_its_opening_balance_is_no_amount():
    """ "Auszug 8/2026" is the eighth statement of 2026; the balance is the amount after it."""
    text = (
        "Sparkasse Fichtelgrund\nKontoauszug   Auszug 9/2026   Blatt 1/2\n"
        "Kontoinhaber: Markus Albrecht   Zeitraum: 01.09.2026 bis 30.09.2026\n"
        "Buchung  Wert    Vorgang / Buchungsinformation            Betrag EUR\n"
        "Kontostand am 31.08.2026, Auszug 8/2026                   3.214,56 +\n"
        "01.09.   01.09.  Dauerauftrag                               845,00 -\n"
        "Kontostand am 30.09.2026, Auszug 9/2026                   2.369,56 +\n"
    )
    data = extract_text(text, "opening balance, closing balance", name="auszug.txt").data
    assert data == {"opening_balance": "3214.56", "closing_balance": "2369.56"}


def test_a_portuguese_account_number_labelled_with_its_ordinal_mark():
    text = (
        "Banco Atlântico Português          EXTRATO DE CONTA À ORDEM\n"
        "N.º de conta  ***8821   NIF  2*****537\n"
        "IBAN  PT50 0079 **** **** **** 8821 3   Moeda  EUR\n"
    )
    assert extract_text(text, "account number last4", name="extrato.txt").data == {
        "account_number_last4": "8821"
    }


@pytest.mark.parametrize(
    ("rows", "opening", "closing"),
    [
        # a signed movement and the balance after it; the opening printed alone over them
        (
            ["SALDO ANTERIOR  3.412,58", "01/02/2025  RECIBO COMUNIDAD  -65,00  3.347,58",
             "03/02/2025  NÓMINA FEBRERO  2.186,40  5.533,98",
             "04/02/2025  TARJETA MERCADO  -42,15  5.491,83",
             "28/02/2025  ABONO INTERESES  0,12  5.491,95"],
            "3412.58",
            "5491.95",
        ),
        # debit and credit columns, unsigned, and no balance alone on top: no opening
        (
            ["02 Feb  Card payment  12.40    1,187.60", "03 Feb  Salary    2,400.00  3,587.60",
             "05 Feb  Rent  950.00    2,637.60", "09 Feb  Transfer in    20.00  2,657.60"],
            None,
            "2657.60",
        ),
    ],
)  # fmt: skip
def test_balances_no_label_gives_come_from_the_running_balance_of_the_lines(rows, opening, closing):
    text = "Extracto de cuenta\nTitular  MARÍA JOSÉ IBÁÑEZ RUIZ\nSaldo final  (circled, unreadable)\n"
    text += "Fecha  Concepto  Importe  Saldo\n" + "\n".join(rows) + "\n"
    data = extract_text(text, "opening balance, closing balance").data
    assert (data.get("opening_balance"), data.get("closing_balance")) == (opening, closing)
