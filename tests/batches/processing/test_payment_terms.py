"""A due date written as a payment term: a deadline in a payment sentence, or days after the issue date."""

from __future__ import annotations

import pytest

from batches.processing import get_processor


def _invoice(body: str) -> dict:
    result = get_processor("extract").process(
        body.encode(),
        filename="invoice.txt",
        options={"strategy": "per_document", "prompt": "invoice date, due date"},
    )
    return {"data": result.data, "sources": result.sources}


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
def test_a_term_in_days_gives_the_due_date_from_the_issue_date_and_says_it_was_computed(terms, issued, due):
    extracted = _invoice(f"Harbor Labs\nInvoice 2020-7\n{issued}\n\n{terms}\n")
    assert extracted["data"]["due_date"] == due
    source = extracted["sources"]["due_date"]
    assert source["snippet"] == terms and source["notes"][0].startswith("computed: ")
    assert source["confidence"] < 0.6


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
    ],
)
def test_a_payment_method_leaves_its_card_number_and_amount_behind(printed, method):
    result = get_processor("extract").process(
        f"Corner Shop\n12 High Street\n{printed}\nTotal 20.00\n".encode(),
        filename="receipt.txt",
        options={"strategy": "per_document", "prompt": "merchant name, total, payment method"},
    )
    assert result.data["payment_method"] == method
