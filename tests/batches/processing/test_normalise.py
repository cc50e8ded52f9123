"""Values as documents print them, as the engine returns them: masked account numbers, amounts."""

from __future__ import annotations

import pytest

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.values import DateOrder, parse


@pytest.mark.parametrize(
    ("printed", "last4"),
    [
        ("NL17 xxxx xxxx 5236 53", "3653"),  # an IBAN's last group is short
        ("KXXXS317", "5317"),  # OCR read a 5 as an S
        ("conta BR78 **** **** **** **** ***7 0787 1 referente", "7871"),  # a short group first
        ("xxxx-xxxx-5137", "5137"),
        ("Account ****1234  Period 01/03/2024", "1234"),
        ("XXXX SOLD", None),
        ("18/03/2019  Monthly account fee  -40.01  60,757.36", None),  # a date and amounts, no account
        ("DE12 6705 0505 0038 4417 23", "1723"),
        (
            "CH93 0076 2\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 \u2022295 7",
            "2957",
        ),  # one mark before the digits
        ("69005 Lyon", None),  # an address's postcode and town
        ("Account 4821 GBP", "4821"),  # a currency's code after the number is no town
        ("Konto 12345678", "5678"),
    ],
)
def test_a_masked_account_number_gives_its_last_four_digits(printed, last4):
    assert norm.last4(printed) == last4


@pytest.mark.parametrize(
    ("printed", "amount"),
    [
        ("23.45 164.15", "23.45"),  # two cells OCR left in one: not 2,345,164.15
        ("111.13 111.13", "111.13"),
        ("2,45,000.00", "245000.00"),  # Indian grouping keeps its groups of two
        ("2 612,72 €", "2612.72"),
        ("12,50 €", "12.50"),
        ("(Inclusive G5T) RM", None),  # a digit OCR read inside a word ("GST") is no amount
        ("Incl. GSTA6X RM 13.30", "13.30"),
        ("11:2", None),  # a time, or digits OCR split at a colon: no amount
        ("at 15:26", None),
        ("Saldo final: BRL 1 10.048,12.", "110048.12"),  # OCR split the first group's digits
        ("12 10.048,12", "12.00"),  # four digits before a group are no group
        ("(art. 91.Uno.2.10º)", None),  # a law's article and an ordinal: no amount
        ("Total 45.00.", "45.00"),
    ],
)
def test_an_amount_ends_at_its_cents(printed, amount):
    assert norm.parse_amount(printed) == amount


@pytest.mark.parametrize(
    ("printed", "phone"),
    [
        ("+44 (0)20 7946 0069", "+442079460069"),  # the trunk 0 in brackets is not dialled
        ("Tel. +33 (0)1 42 68 53 00", "+33142685300"),
        ("0041 (0) 44 668 18 00", "+41446681800"),
        ("+1 415 555 0134", "+14155550134"),
        ("Tel: 0049 30 1234567", "+49301234567"),
    ],
)
def test_a_phone_number_is_read_whole_in_e164(printed, phone):
    assert norm.parse_phone(printed) == phone


@pytest.mark.parametrize(
    ("printed", "amount"),
    [
        ("5% (76.06) £3.80", "3.80"),  # a tax line printing its base: the tax is the rate's share
        ("(10 %) (1 157,20) 115,72 EUR", "115.72"),
        ("20 % sur 1 000,00 : 200,00", "200.00"),
        ("FR 27 228904111", None),  # a VAT number, not an amount
        ("GB 743 9023 35", None),
        ("RM 1 234 567.00", "1234567.00"),  # ringgit, not a country's code
    ],
)
def test_a_tax_amount_beside_its_base_or_a_vat_number(printed, amount):
    assert parse("money", printed, DateOrder(False)) == amount


@pytest.mark.parametrize(
    ("printed", "iso"),
    [("10/Oct/2018", "2018-10-10"), ("01/oct/18", "2018-10-01"), ("15/Mar/2024 14:00", "2024-03-15")],
)
def test_a_date_with_its_month_named_between_slashes(printed, iso):
    assert norm.parse_date(printed, month_first=False) == iso


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("Invoice Date: March 2 , 2014", "2014-03-02"),  # a PDF's text puts a space before the comma
        ("TOTAL AMOUNT DUE ON March 16 , 2014", "2014-03-16"),
        ("Sept. 30, 2021", "2021-09-30"),
        ("2 March , 2014", "2014-03-02"),
    ],
)
def test_a_date_with_a_space_before_its_comma(printed, iso):
    assert norm.parse_date(printed) == iso


@pytest.mark.parametrize(
    ("printed", "amount"),
    [
        ("Solde créditeur au 04", None),  # a day whose month a narrow column cut off
        ("Facture n° 007", None),
        ("RM 12 05", "12.05"),  # OCR lost the point: cents, not a number with a leading zero
        ("0,50 €", "0.50"),
    ],
)
def test_a_whole_number_with_a_leading_zero_is_no_sum_of_money(printed, amount):
    assert parse("money", printed, DateOrder(False)) == amount


@pytest.mark.parametrize(
    ("printed", "email"),
    [
        ("E-Mail  k.weiss @posteo.de", "k.weiss@posteo.de"),  # OCR spaced the at sign out
        ("thomas.lefevre @ gmail.com", "thomas.lefevre@gmail.com"),
        ("AVOCADO 3 @ 1.25", None),  # a price per piece
    ],
)
def test_an_email_address_whose_at_sign_ocr_spaced_out(printed, email):
    assert norm.parse_email(printed) == email


@pytest.mark.parametrize(
    ("printed", "email"),
    [
        ("lukas. brandtner@example.org", "lukas.brandtner@example.org"),  # a line of its own
        ("E-Mail: lucia. fernandez@example.es", "lucia.fernandez@example.es"),
        ("+49 30 5557  lukas. brandtner@example.org", "lukas.brandtner@example.org"),  # a cell
        ("Write to us by e-mail. sales@acme.example", "sales@acme.example"),  # a sentence's end
        ("= laura martinez.sanchis@example.com", "laura.martinez.sanchis@example.com"),  # a dot as a space
        ("E-mail: anna smith@example.com", "anna.smith@example.com"),
        ("Contact sales@acme.example", "sales@acme.example"),  # a capital: a word, not a name's part
        ("06-41873920.bram.vdlinden@example.nl", "bram.vdlinden@example.nl"),  # a phone run into it
        ("jan.2019@example.com", "jan.2019@example.com"),
        ("2024sales@example.com", "2024sales@example.com"),
        ("E-Mail katharina.vogt@posteo de", "katharina.vogt@posteo.de"),  # the domain's dot as a space
        ("info@acme.example de lunes a viernes", "info@acme.example"),  # a word after a whole address
        ("follow @acme on Mastodon", None),  # a guard: a handle, no address to mend
    ],
)
def test_an_email_address_whose_dot_ocr_spaced_out(printed, email):
    assert norm.parse_email(printed) == email


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "FuelSave 95  RM  85 54\nTotal  RM  85.54\nVisa  RM  85.54\n",
            "MYR",
        ),  # the mark a cell before its sum
        ("£8318  1  80.91\nTax Code  %  Amt (RM)  Tax (RM)\nSR  6  76.33  4.58\n", "MYR"),  # a column's unit
        ("Trattoria Sora Lella\n00184 Roma (RM)\nTOTALE EURO  EUR 6,21\n", "EUR"),  # a province, not ringgit
        ("Total ex GST  $33,966.60\nGST (10%)  $3,388.16\nTOTAL inc GST (AUD)  $37,354.76\n", "AUD"),  # "$"
        ("Subtotal  $120.00\nTotal  $132.00\n", "USD"),
        ("Amount (HK$)\nTOTAL HK$  24,441.00\n", "HKD"),  # a dollar's own sign
        ("Montant H.T. (DH)\nMontant T.T.C.  62 160,00 DH\n", "MAD"),  # dirhams after the sum
        ("Moeda: MZN\nTotal geral  239.424,00 MT\n", "MZN"),
        ("CUIT: 30-71234567-9\nImporte Neto Gravado: $  4.220.200,00\n", "ARS"),  # pesos by their "$"
        ("NIT 900.123.456-7  Resolución DIAN 18764\nSubtotal  $ 14.910.000\n", "COP"),
        ("RNC 1-01-12345-6  NCF B0100000457\nTotal  $ 1,180.00\n", "DOP"),  # ITBIS's country
        ("GST 5%  PST 7%\nTotal  $45.20\nVancouver, British Columbia\n", "CAD"),
        ("Moneda: UYU\nIVA 22%  $ 220,00\nTotal  $ 1.220,00\n", "UYU"),  # a peso's code, then "$"
        ("TOTAL  Q 1,245.50\nIVA incluido\n", "GTQ"),  # a quetzal's letter before its sum
        ("Quarter Q1 2025\nTotal  $ 12.00\n", "USD"),  # not a quetzal
        ("Total a pagar  Bs. 1.234,56\n", "VES"),
        ("Saldo final  Bs 1.234,56\nLa Paz, Bolivia\n", "BOB"),
        ("Total  Gs. 1.250.000\n", "PYG"),
        ("Importe total  S/ 1,180.00\n", "PEN"),
        ("Net à payer  1 368 800 FCFA\n", "XOF"),
        ("TOTAL  RD$ 12,500.00\n", "DOP"),
        ("Total  ₡1.167.898,00\n", "CRC"),
        ("BALL PEN  2 x 1.50\nTOTAL  RM 3.00\n", "MYR"),  # a pen, not Peru's sol
        ("Balance Due\nCA$3,612.95\n", "CAD"),  # Canada's dollar, not Australia's "A$"
        ("Total  AU$ 1,100.00\n", "AUD"),
        ("Total  MX$ 2,320.00\n", "MXN"),
    ],
)
def test_the_currency_of_a_text_by_its_marks_a_columns_unit_and_not_a_province(text, code):
    assert norm.find_currency(text) == code


def test_an_iso_timestamps_date():
    assert norm.find_dates("Fecha de emisión: 2024-08-15T10:32:11", month_first=False) == [(18, "2024-08-15")]
