"""Layouts from the harder set opened this session (Osnabrück to Matola): a stamp across the totals'
labels and a coloured rule touching a balance's line, a price to six places, a firm's name whose
last word its column wrapped, a post office box beside the order's number, a bank's NIB beside the
account's own number, a debit's minus a space after its amount; a period's end wrapped after "al",
a label's colon read before its value, a till's currency beside its total, a sign's last words and
its street under it, "PAGO CON: TARJETA DE DÉBITO", a CFDI's heading beside the receptor, a total
read with a digit more."""

from __future__ import annotations

import numpy
from PIL import Image, ImageDraw, ImageFont

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.letterhead import wrapped_name
from batches.processing.layout import ocr
from batches.processing.layout.model import Word
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of, _scanned_layout, _words_of

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
PAPER = (226, 216, 192)  # a beige sheet
STAMP = (105, 122, 140)  # a blue-grey stamp's ink on it


def _page() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    page = Image.new("RGB", (1200, 600), PAPER)
    return page, ImageDraw.Draw(page)


def test_a_stamp_across_black_labels_is_lifted_to_the_paper_and_the_labels_stay_black():
    page, draw = _page()
    text = ImageFont.truetype(FONT, 30)
    draw.text((100, 200), "Sub Total", fill=(30, 30, 30), font=text)
    draw.text((100, 260), "TOTAL DUE", fill=(30, 30, 30), font=text)
    draw.text((180, 215), "PAID", fill=STAMP, font=ImageFont.truetype(BOLD, 48))  # across both labels
    draw.rectangle((160, 200, 470, 330), outline=STAMP, width=6)
    grey = numpy.asarray(ocr._normalised(page)).astype(int)
    plain = numpy.asarray(page.convert("L")).astype(int)
    mark = Image.new("L", page.size, 0)  # where the stamp's letters are
    ImageDraw.Draw(mark).text((180, 215), "PAID", fill=255, font=ImageFont.truetype(BOLD, 48))
    inked = numpy.asarray(mark) > 128
    assert plain[inked].mean() < 130  # grey makes the stamp as dark as print
    assert grey[inked].mean() > 170  # lifted, nearer the paper (216) than the print
    words = Image.new("L", page.size, 0)
    ImageDraw.Draw(words).text((100, 260), "TOTAL DUE", fill=255, font=text)
    black = (numpy.asarray(words) > 128) & ~inked
    assert grey[black].mean() < 60  # the labels under it stay black


def test_a_stamp_on_a_palette_or_a_cmyk_scan_is_lifted_too():
    page, draw = _page()
    draw.text((100, 260), "TOTAL DUE", fill=(30, 30, 30), font=ImageFont.truetype(FONT, 30))
    draw.text((180, 245), "PAID", fill=STAMP, font=ImageFont.truetype(BOLD, 48))
    mark = Image.new("L", page.size, 0)
    ImageDraw.Draw(mark).text((180, 245), "PAID", fill=255, font=ImageFont.truetype(BOLD, 48))
    inked = numpy.asarray(mark) > 128
    for scan in (page.quantize(32), page.convert("CMYK")):
        assert numpy.asarray(scan.convert("L"))[inked].mean() < 140  # grey makes it print
        assert numpy.asarray(ocr._normalised(scan))[inked].mean() > 170, scan.mode


def test_coloured_print_that_touches_no_black_text_stays_as_grey_makes_it():
    page, draw = _page()
    draw.text((100, 60), "RECHNUNG", fill=(190, 30, 30), font=ImageFont.truetype(BOLD, 60))  # a red title
    draw.text((100, 200), "Rechnungsnummer 2025-0142", fill=(30, 30, 30), font=ImageFont.truetype(FONT, 30))
    assert (numpy.asarray(ocr._normalised(page)) == numpy.asarray(page.convert("L"))).all()


def test_a_coloured_rule_touching_a_balances_line_is_lifted():
    page, draw = _page()
    font = ImageFont.truetype(BOLD, 30)
    draw.text((100, 200), "alter Kontostand vom 30.06.2025", fill=(25, 25, 25), font=font)
    top = draw.textbbox((100, 200), "alter Kontostand vom 30.06.2025", font=font)[1]
    draw.line((90, top + 1, 1100, top + 1), fill=(200, 35, 40), width=3)  # touching its letters' tops
    rule = (slice(top, top + 3), slice(700, 1100))  # beyond the words
    assert numpy.asarray(page.convert("L"))[rule].mean() < 120  # grey makes it dark
    assert numpy.asarray(ocr._normalised(page))[rule].mean() > 170  # lifted, nearer the paper


def test_a_price_to_six_places_is_rounded_to_its_cents():
    assert [norm.parse_amount(text) for text in ("72,780000", "189,810000", "1.234,500000", "7.6900")] == [
        "72.78",
        "189.81",
        "1234.50",
        "7.69",
    ]


def test_a_debits_minus_a_space_after_its_amount():
    assert norm.parse_amount("EUR 247,91 -") == "-247.91"
    assert norm.parse_amount("10,00 - 12,00") == "10.00"  # a range


def test_a_firms_last_word_its_narrow_column_wrapped_and_a_post_office_box_beside_the_number():
    items = [
        (40, 40, "Lydiard Street Hospitality Group Pty Ltd", 12),
        (40, 80, "PURCHASE ORDER", 14),
        (40, 110, "PO Number", 9),
        (150, 110, "PO-10488", 9),
        (40, 160, "VENDOR", 9),
        (230, 160, "SHIP TO", 9),
        (420, 160, "BILL TO", 9),
        (40, 172, "Goldfields Linen & Catering", 9),
        (230, 172, "The Provincial Hotel - Kitchen", 9),
        (420, 172, "Lydiard Street Hospitality Group", 9),
        (40, 184, "Supplies", 9),
        (230, 184, "Loading bay, rear of", 9),
        (420, 184, "Pty Ltd", 9),
        (40, 196, "155 Mitchell Street", 9),
        (230, 196, "121 Lydiard St North", 9),
        (420, 196, "PO Box 1184", 9),
    ]
    fields = read_pdf(items, "purchase order number, supplier")
    assert (fields["po_number"], fields["supplier"]) == ("PO-10488", "Goldfields Linen & Catering Supplies")


def test_an_accounts_own_number_before_the_nib_that_ends_in_check_digits():
    items = [
        (40, 40, "Banco Mercantil da Costa, S.A.", 12),
        (400, 40, "EXTRACTO DE CONTA", 12),
        (40, 90, "Titular", 8),
        (200, 90, "Conta n.º", 8),
        (320, 90, "Moeda", 8),
        (40, 102, "Oficina Auto Sikhumbuzo, Lda", 9),
        (200, 102, "0048 2231 0019", 9),
        (320, 102, "MZN", 9),
        (40, 118, "NIB: 0045 0000 0048 2231 0019 56", 9),
    ]
    assert read_pdf(items, "account number last 4")["account_number_last4"] == "0019"


def test_a_coloured_band_with_white_print_framed_in_black_stays_a_band():
    # a title's crimson band inside a black box: a fill, not a stamp; lifted, its white print is lost
    page, draw = _page()
    draw.rectangle((100, 100, 600, 150), fill=(150, 30, 60))
    draw.text((130, 108), "PEDIDO DE COMPRA", fill=(255, 255, 255), font=ImageFont.truetype(BOLD, 30))
    draw.rectangle((98, 98, 602, 260), outline=(20, 20, 20), width=3)
    draw.text((130, 170), "Nº pedido: PC-25/0532", fill=(20, 20, 20), font=ImageFont.truetype(FONT, 28))
    assert (numpy.asarray(ocr._normalised(page)) == numpy.asarray(page.convert("L"))).all()


def test_a_periods_end_its_narrow_column_wrapped_after_its_word_for_to():
    items = [
        (40, 40, "Banco Mediterráneo de Andalucía", 12),
        (380, 40, "EXTRACTO DE MOVIMIENTOS", 11),
        (40, 90, "Titular", 8),
        (250, 90, "IBAN", 8),
        (450, 90, "Periodo", 8),
        (40, 102, "Invernaderos Hermanos Góngora, S.L.", 9),
        (250, 102, "ES91 2100 0418 4502 0005 1332", 9),
        (450, 102, "Del 01/09/2025 al", 9),
        (450, 113, "30/09/2025", 9),
        (40, 140, "SALDO ANTERIOR", 9),
        (450, 140, "27.640,12", 9),
    ]
    fields = read_pdf(items, "statement period start, statement period end")
    assert (fields["statement_period_start"], fields["statement_period_end"]) == ("2025-09-01", "2025-09-30")


def test_a_labels_colon_ocr_put_before_the_name_beside_it():
    words = _words_of(40, "ARAVALI URBAN CO-OPERATIVE BANK LTD.", size=14) + _words_of(
        80, "STATEMENT OF ACCOUNT"
    )
    words += _line_of(
        110, (40, "Customer Name"), (160, ":Devendra Singh Rathore"), (380, "A/c No."), (440, ": XXXX4521")
    )
    words += _line_of(
        126, (40, "Address"), (160, ": 22, Shastri Circle, Udaipur"), (380, "Currency"), (440, ": INR")
    )
    assert _fields_read(words, "account holder")["account_holder"] == "Devendra Singh Rathore"


def test_a_till_rolls_currency_beside_its_total_outweighs_a_code_alone():
    # the till's "CX1" read as "CHF" beside the time; the metical's "MT" after the total
    assert norm.find_currency("06-10-2025 07:31  CHF\nTOTAL  895,00 MT\nNumerário  1.000,00") == "MZN"
    assert norm.find_currency("25 MT steel plate") is None  # tonnes, no amount with cents before


def test_a_signs_last_words_its_street_and_town_under_a_till_rolls_name():
    # the sign's second line smaller than its first: no line of one font
    words = _words_of(40, "PADARIA ESTRELA", size=18) + _words_of(63, "DA MATOLA", size=12)
    words += _words_of(87, "Estrela da Matola Padaria e", size=8) + _words_of(99, "Pastelaria, Lda", size=8)
    words += _words_of(111, "Rua do Jardim 12, Matola C", size=8) + _words_of(123, "NUIT 401877345", size=8)
    words += _line_of(240, (40, "TOTAL"), (200, "895,00 MT"))
    assert _fields_read(words, "merchant name")["merchant_name"] == "PADARIA ESTRELA DA MATOLA"
    # the street in the sign's font, and no number in it
    words = _words_of(40, "MENENGAI FRESH MART", size=18) + _words_of(63, "Kenyatta Avenue, Nakuru", size=15)
    words += _words_of(86, "Tel: +254 51 221 0487", size=13) + _words_of(108, "PIN: PQ51487220K", size=13)
    words += _words_of(130, "TAX INVOICE", size=13) + _line_of(240, (40, "TOTAL"), (200, "1,250.00"))
    assert _fields_read(words, "merchant name")["merchant_name"] == "MENENGAI FRESH MART"


def test_a_payments_label_and_its_word_for_with_before_the_card_that_paid():
    text = "CARNICERIA LA NORTENA\nTicket 00412\nTOTAL  $1,077.00\nPAGO CON: TARJETA DE DÉBITO  $1,077.00\n"
    assert (
        extract_text(text, "payment method", name="ticket.txt").data["payment_method"] == "TARJETA DE DÉBITO"
    )


def test_a_cfdis_heading_beside_the_receptor_is_not_its_name():
    items = [
        (40, 40, "Refacciones Industriales del Valle de Toluca, S.A. de C.V.", 11),
        (40, 90, "Receptor", 8),
        (300, 90, "Uso CFDI", 8),
        (420, 90, "Moneda", 8),
        (40, 102, "Autopartes Lerma, S.A. de C.V. - RFC: ALE120518QW3", 9),
        (330, 102, "G03 Gastos en general", 9),
        (420, 102, "MXN", 9),
    ]
    assert read_pdf(items, "customer name")["customer_name"] == "Autopartes Lerma, S.A. de C.V."


def test_a_total_with_a_digit_more_gives_way_to_the_amount_more_lines_print():
    words = _words_of(40, "Landbäckerei Kemper", size=14) + _words_of(
        60, "Johannisstraße 92, 49074 Osnabrück"
    )
    words += _line_of(100, (40, "Bienenstich Stück"), (200, "5,20 B"))
    words += _line_of(116, (40, "Summe EUR"), (200, "318,75"))  # "€" before it read as a "3"
    words += _line_of(132, (40, "Geg. girocard"), (200, "18,75"))
    words += _line_of(148, (40, "MwSt"), (90, "Netto"), (140, "Steuer"), (200, "Brutto"))
    words += _line_of(164, (40, "A 19%"), (90, "2,86"), (140, "0,54"), (200, "3,40"))
    words += _line_of(180, (40, "B 7%"), (90, "14,35"), (140, "1,00"), (200, "15,35"))
    words += _line_of(300, (40, "BETRAG EUR"), (200, "18,75"))  # the card slip's
    assert _fields_read(words, "total")["total"] == "18.75"


def test_a_logos_word_ocr_read_spaced_out_is_the_company_its_legal_name_begins_with():
    words = _words_of(30, "Machava Serviços de Climatização, Lda", size=8)
    words += _line_of(60, (40, "MAC"), (100, "HAVA"))
    words = [
        *words[:-2],
        *(Word(w.text, w.x0, w.y0, w.x1 + 30, w.y0 + 16, confidence=0.85) for w in words[-2:]),
    ]
    words += _words_of(90, "Matola - Moçambique", size=12) + _words_of(110, "NUIT: 400512874", size=7)
    words += _words_of(140, "FACTURA", size=13) + _words_of(170, "N.º FT 2025/0933")
    assert _fields_read(words, "vendor name")["vendor_name"] == "Machava Serviços de Climatização, Lda"


def test_a_scanned_name_that_ends_in_its_legal_form_takes_no_speck_under_it():
    # a logo's stroke read as "nhe*" under the name, as tall as it
    words = _words_of(40, "NKANA MINING SUPPLIES LTD", size=16) + _words_of(
        58, "nhe*", size=16, confidence=0.5
    )
    words += _words_of(100, "TAX INVOICE", size=12) + _line_of(
        130, (300, "Tax Invoice No"), (420, "NMS/TI/08842")
    )
    words += _words_of(160, "Grinding media balls 80 mm (per tonne)", size=8)
    assert wrapped_name(_scanned_layout(words), 1, "NKANA MINING SUPPLIES LTD") == "NKANA MINING SUPPLIES LTD"
