"""Receipts from the thirty-second session's set RM: the card slip under the till's lines names
the card that paid where the till names only a card ("Betaald PIN", "Contactless", "CB SANS
CONTACT", "PAGAMENTO ELETTRONICO"); a card's masked number with its last digits is no payment
method, nor is the next label under it where a till aligns its values on the right."""

from __future__ import annotations

import pytest

from batches.processing.builtin.fallbacks.contacts import tender_line
from tests.batches.processing.extracting import extract_text
from tests.batches.processing.test_scans import _fields_read, _line_of

SLIP = "\n".join(
    [
        "Datum: 14-03-2025  Tijd: 16:42",
        "Terminal: 7Q41208",
        "Merchant: 0091-4471",
        "Periode: 5071  Transactie: 00218855",
        "{card}",
        "Kaart  XXXXXXXXXXXXXXX8399",
        "Autorisatiecode: 5K81TE",
        "Totaal  77,86 EUR",
    ]
)


def _receipt(till: str, slip: str) -> str:
    return (
        "BAKKERIJ DE ZWAAN\nKerkstraat 14, Zaltbommel\nBon 4471  14-03-2025 16:41\n"
        f"Volkoren brood  3,45\nKrentenbollen 6 st  4,41\nTOTAAL  77,86\n{till}\n"
        "------------------------------\n" + slip + "\nBedankt en tot ziens!\n"
    )


@pytest.mark.parametrize("till", ["Betaald PIN  \u20ac 77,86", "Pinbetaling  77,86", "Contactless  77,86"])
def test_the_card_the_slip_names_under_a_payment_that_names_none(till):
    text = _receipt(till, SLIP.format(card="Maestro"))
    assert extract_text(text, "payment method", name="bon.txt").data["payment_method"] == "Maestro"


def test_a_till_that_names_its_card_keeps_it_and_a_slip_that_names_none_leaves_the_tills():
    assert (
        extract_text(
            _receipt("VISA  77,86", SLIP.format(card="Maestro")), "payment method", name="bon.txt"
        ).data["payment_method"]
        == "VISA"
    )
    assert (
        extract_text(
            _receipt("Betaald PIN  77,86", SLIP.format(card="Akkoord")), "payment method", name="bon.txt"
        ).data["payment_method"]
        == "PIN"
    )


def test_a_logos_speck_ocr_read_beside_the_slips_card_leaves_it_the_card():
    lines = [(1, "TOTALE COMPLESSIVO  35,74"), (1, "PAGAMENTO ELETTRONICO  35,74")]
    lines += [(1, "IMPORTO PAGATO  35,74"), (1, "RICEVUTA DI PAGAMENTO"), (1, "I  BANCOMAT")]
    found = tender_line(lines)
    assert found is not None and found.value == "BANCOMAT"


def test_a_cards_masked_number_with_its_last_digits_and_the_label_under_it_are_no_method():
    words = (
        _line_of(20, (40, "EMBER & OAK GRILL"))
        + _line_of(40, (40, "03/21/2025 19:42"))
        + _line_of(70, (40, "Total"), (300, "145.28"))
        + _line_of(100, (120, "MASTERCARD SALE"))
        + _line_of(120, (40, "Card"), (212, "XXXXXXXXXXXX5083"))
        + _line_of(140, (40, "Entry"), (284, "Chip"))
        + _line_of(160, (40, "Auth"), (272, "8B1Q5N"))
    )
    assert _fields_read(words, "merchant name, total, payment method")["payment_method"] == "MASTERCARD"


def test_a_surcharge_added_to_the_total_gives_the_total_to_pay():
    text = (
        "RESTAURANTE SABOR CAIPIRA\nDocumento Auxiliar da Nota Fiscal de Consumidor Eletr\u00f4nica\n"
        "001 FEIJOADA COMPLETA P/2  1 UN x 108,63  108,63\n002 PUDIM DE LEITE  2 UN x 17,47  34,94\n"
        "Valor total R$  143,57\nAcr\u00e9scimos (taxa de servi\u00e7o 10%) R$  14,36\n"
        "Valor a Pagar R$  157,93\n"
        "FORMA PAGAMENTO  VALOR PAGO R$\nCart\u00e3o de Cr\u00e9dito  157,93\n"
    )
    assert extract_text(text, "total", name="nfce.txt").data["total"] == "157.93"
