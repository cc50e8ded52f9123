"""Layouts from the held-out set of the twenty-seventh session (Bundaberg to Uberaba), opened at
the start of the twenty-eighth: a résumé's "Telefon" beside the other column's dates, a position
held "heute" on a résumé that prints no date, ISO's year and month ("2018-12 - 2023-02"), a
bolivar's "Bs" in Bolivia, an item over its count on a till slip, a statement's balances set
right in boxes under their labels, and a total whose label OCR misread."""

from __future__ import annotations

from datetime import date

from batches.processing.builtin import normalise as norm
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of, _words_of


def test_a_span_of_months_beside_a_phones_label_is_no_number():
    assert norm.parse_phone("10/2022 \u2013 02/2024", regions=("DE", "AT")) is None
    assert norm.parse_phone("2019 - 2023", regions=("DE",)) is None
    assert norm.parse_phone("0751 845517", regions=("DE",)) == "+49751845517"


def test_a_resumes_phone_is_under_its_label_when_the_other_columns_dates_stand_beside_it():
    items = [
        (220, 60, "Jonas Fankhauser", 18),
        (220, 90, "BERUFSERFAHRUNG", 11),
        (40, 110, "KONTAKT", 11),
        (220, 110, "03/2024 \u2013 heute", 9),
        (220, 124, "Sachbearbeiter Einkauf", 10),
        (40, 138, "Telefon", 9),
        (220, 138, "10/2022 \u2013 02/2024", 9),
        (40, 152, "+49 751 845 517", 9),
        (220, 152, "Projektleiterin", 10),
    ]
    assert read_pdf(items, "phone")["phone"] == "+49751845517"


def _months_to_now(year: int, month: int) -> int:
    today = date.today()
    return 12 * today.year + today.month - (12 * year + month) + 1


def test_a_position_held_to_present_on_a_resume_that_prints_no_date_runs_to_this_month():
    text = (
        "Jonas Fankhauser\nBerufserfahrung\n03/2024 \u2013 heute  Sachbearbeiter Einkauf\n"
        "10/2017 \u2013 02/2024  Industriemechaniker\nAusbildung\n09/2014 \u2013 09/2017  Berufsschule\n"
    )
    expected = _months_to_now(2017, 10) // 12
    assert extract_text(text, "years of experience").data["years_experience"] == expected


def test_iso_years_and_months_date_a_position():
    text = (
        "Thibault Agossou\nEXPÉRIENCE PROFESSIONNELLE\n2018-12 \u2013 2023-02  Développeur\n"
        "2015-06 \u2013 2018-08  Chef de rayon\nFORMATION\n2011 \u2013 2014  BTS Comptabilité\n"
    )
    # 39 months and 51 months: seven whole years
    assert extract_text(text, "years of experience").data["years_experience"] == 7


def test_a_bolivars_sign_in_bolivia_is_the_boliviano():
    assert norm.find_currency("Potosí\n+591 7973 8042\nTOTAL  Bs 144,75\nEfectivo  150,00") == "BOB"
    assert norm.find_currency("Caracas\nTOTAL  Bs 144,75") == "VES"


def test_an_item_over_its_count_on_a_till_slip_is_no_merchant():
    words = _words_of(20, "BT", size=16) + _words_of(40, "Bodega Tallán", size=13)
    for row, text in enumerate(
        ["Av. del Cerro Rico N° 93", "Potosí", "+591 7973 8042", "NIT 3933695436", "Fecha: 08/03/2024 14:13"]
    ):
        words += _words_of(60 + 14 * row, text)
    words += _words_of(140, "Ticket n2 6758/256") + _words_of(154, "Café con leche")
    words += _line_of(168, (20, "2 x 11,50"), (160, "23,00")) + _line_of(
        182, (20, "TOTAL"), (160, "Bs 23,00")
    )
    assert _fields_read(words, "merchant name")["merchant_name"] == "Bodega Tallán"


def test_balances_set_right_in_boxes_under_their_labels_are_read():
    items = [
        (50, 60, "Caixa Agrícola do Baixo Alentejo", 12),
        (420, 60, "EXTRATO BANCÁRIO", 12),
        (50, 90, "Titular  Carolina Carrilho", 9),
        (53, 230, "Saldo inicial", 6),
        (179, 230, "Total de créditos", 6),
        (306, 230, "Total de débitos", 6),
        (432, 230, "Saldo final", 6),
        (125, 247, "4 045,29 €", 8),
        (246, 247, "13 769,14 €", 8),
        (384, 247, "493,43 €", 8),
        (499, 247, "17 321,00 €", 8),
        (48, 290, "Data", 6),
        (164, 290, "Descritivo", 6),
        (381, 290, "Débito", 6),
        (449, 290, "Crédito", 6),
        (530, 290, "Saldo", 6),
        (48, 307, "05/08/2024", 6),
        (164, 307, "Juros credores", 6),
        (452, 307, "229,82", 6),
        (522, 307, "4 275,11", 6),
    ]
    fields = read_pdf(items, "opening balance, closing balance")
    assert (fields["opening_balance"], fields["closing_balance"]) == ("4045.29", "17321.00")


def test_a_total_whose_label_ocr_misread_is_the_subtotal_and_tax_printed_after_them():
    words = _line_of(40, (40, "Invoice No.:"), (130, "010763"))
    words += _line_of(80, (40, "Description"), (300, "Qty"), (360, "Unit price"), (460, "Amount"))
    words += _line_of(
        100, (40, "Site survey and measurement"), (305, "1"), (360, "388,900"), (460, "388,900")
    )
    words += _line_of(140, (340, "Subtotal"), (440, "TSh 388,900"))
    words += _line_of(160, (340, "VAT 18%"), (440, "TSh 70,002"))
    words += _line_of(180, (340, "Totai"), (440, "TSh 458,902"))
    fields = _fields_read(words, "subtotal, tax, total")
    assert (fields["subtotal"], fields["tax"], fields["total"]) == ("388900.00", "70002.00", "458902.00")
    misread_apart = _line_of(40, (40, "Invoice No.:"), (130, "010763"))
    misread_apart += _line_of(140, (340, "Subtotal"), (440, "TSh 388,900"))
    misread_apart += _line_of(160, (340, "VAT 18%"), (440, "TSh 70,002"))
    misread_apart += _line_of(180, (340, "Totai"), (440, "TSh 458,900"))
    assert _fields_read(misread_apart, "subtotal, tax, total").get("total") is None


def test_the_third_item_of_a_row_of_two_bulleted_ones_that_lost_its_bullet_is_a_skill():
    words = _words_of(20, "Wouter Tiemens", size=16) + _words_of(60, "VAARDIGHEDEN", size=11)
    words += _line_of(80, (64, "\u2013 Projectmanagement"), (222, "\u2013 VCA-certificaat"), (390, "SQL"))
    words += _line_of(94, (64, "\u2013 Planning"), (222, "\u2013 Scrum"))
    words += _words_of(120, "TALEN", size=11) + _words_of(140, "Nederlands (moedertaal), Engels (vloeiend)")
    assert _fields_read(words, "skills")["skills"] == [
        "Projectmanagement",
        "VCA-certificaat",
        "SQL",
        "Planning",
        "Scrum",
    ]
