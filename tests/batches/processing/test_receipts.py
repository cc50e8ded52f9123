"""Till receipts as photos give them: tilted, letter-spaced, titled "tax invoice" or "cash bill"."""

from __future__ import annotations

import pytest

from batches.processing import get_processor
from batches.processing.builtin import receipts
from batches.processing.builtin.classify import classify
from batches.processing.layout import scanned
from batches.processing.layout.geometry import number_lines
from batches.processing.layout.model import Layout, Page, Source, Word


def _words(rows: list[list[tuple[str, float]]], *, slope: float = 0.0, top: float = 100.0) -> list[Word]:
    """Rows of (text, x) as a camera would see them: each row 20 units under the last, 10 high,
    with the page tilted by ``slope`` (dy/dx); each word 8 units per letter wide."""
    words = []
    for number, row in enumerate(rows):
        for text, x in row:
            y = top + 20 * number + slope * x
            words.append(Word(text, x, y, x + 8 * len(text), y + 10, confidence=0.9))
    return words


def _layout(words: list[Word]) -> Layout:
    page = Page(1, 600, 800, Source.OCR, scanned.lines_of(words, page=1))
    number_lines([page])
    return Layout("image", pages=[page])


def test_a_tilted_photo_keeps_each_amount_on_its_label_line():
    rows = [
        [("GOODS", 20), ("SOLD", 80), ("ARE", 130), ("NOT", 170), ("RETURNABLE", 210)],
        [("Sub", 20), ("Total:", 52), ("93.40", 420)],
        [("Rounding:", 20), ("0.00", 420)],
        [("Total:", 20), ("99.00", 420)],
        [("CASH:", 20), ("100.00", 420)],
        [("Change:", 20), ("1.00", 420)],
        [("THANK", 120), ("YOU", 175), ("FOR", 210), ("SHOPPING", 245), ("WITH", 320), ("US", 360)],
    ]
    # at 2.3 degrees an amount at the right edge sits most of a line lower than its label
    lines = _layout(_words(rows, slope=0.04)).lines
    assert [line.text for line in lines[1:6]] == [
        "Sub Total:  93.40",
        "Rounding:  0.00",
        "Total:  99.00",
        "CASH:  100.00",
        "Change:  1.00",
    ]


def test_a_level_page_is_grouped_as_printed():
    rows = [[("Total:", 20), ("99.00", 420)], [("CASH:", 20), ("100.00", 420)]]
    assert [line.text for line in _layout(_words(rows)).lines] == ["Total:  99.00", "CASH:  100.00"]


def test_a_letter_spaced_shop_name_is_read_whole():
    rows = [
        [("B", 160), ("&", 220), ("BEST", 280), ("RESTAURANT", 330)],
        [("(001610235-P)", 250)],
        [("GST", 200), ("NO.", 235), (":", 265), ("001800839168", 280)],
        [("TEL", 230), (":", 260), ("012-2060", 275), ("778", 345)],
    ]
    name, _line = receipts.merchant(_layout(_words(rows)))
    assert name == "B & BEST RESTAURANT"


def test_a_cash_bill_titled_tax_invoice_is_a_receipt():
    text = (
        "GARDEN BAKERIES (KL) SDN BHD\nLot 3, Jalan Pelabur 23/1\nTAX INVOICE / ADJUSTMENT NOTE\n"
        "Cash Inv No.: 7724F717\nDate: 24/07/2017\nMAKASSAR FRESH MARKET\nDescription  Qty  Amt\n"
        "WHITE BREAD  2  4.26\nTotal Payable: 27.10\nTax invoice total 27.10\nCUSTOMER'S COPY\n"
    )
    assert classify(text)[0] == "receipt"


def test_a_customer_service_line_is_no_customer():
    text = (
        "TAX INVOICE\nEsjay Fuel Enterprise\nGST REG. NO: 000153358336\n30-06-2018 09:09:49  Cashier: 465\n"
        "Invoice No: 1-642195\nTOTAL SALES  RM 50.00\nCASH  RM 50.00\nThank You For Shopping At BHPetromart\n"
        "Customer Service 1-300-22-2828\n"
    )
    assert classify(text)[0] == "receipt"
    assert classify(text.replace("Customer Service", "Service client"))[0] == "receipt"


def test_pay_by_cash_is_no_due_date():
    text = (
        "TAX INVOICE\nDOMINO'S PIZZA\nGST REF NO : 001694261248\nCARRY OUT NOW   Pay By: CASH\n"
        "Order : 5633\nDate :11/04/18\nInvoice total : 12.40\nPayment : 12.50\nChange Due : 0.10\n"
        "Thank you for visiting. Please Come Again!\n"
    )
    assert classify(text)[0] == "receipt"


def test_an_invoice_with_a_pay_by_date_stays_an_invoice():
    text = (
        "INVOICE\nNorthwind Traders Ltd\nInvoice No: INV-2231\nInvoice date: 02/05/2024\n"
        "Pay by: 01/06/2024\nDescription  Amount\nConsulting  1,200.00\nTotal  1,200.00\n"
        "Thank you for your business.\n"
    )
    assert classify(text)[0] == "invoice"


def _merchant_of(rows: list[list[tuple[str, float]]]) -> str:
    return receipts.merchant(_layout(_words(rows)))[0]


def test_ocr_misreadings_in_a_shop_name_are_undone():
    rows = [
        [("MR.", 150), ("D.1.Y.", 180), ("(M)", 234), ("SON", 264), ("BHD", 294)],
        [("LOT", 150), ("1851-A,", 185), ("JALAN", 250), ("KPB", 295), ("6", 330)],
    ]
    assert _merchant_of(rows) == "MR. D.I.Y. (M) SDN BHD"
    rows = [[("99", 150), ("SPEED", 175), ("MART", 225), ("5/8", 265)], [("TEL:", 150), ("03-3342", 190)]]
    assert _merchant_of(rows) == "99 SPEED MART S/B"


def test_a_bracket_read_as_a_c_and_a_speck_after_a_shop_name_are_undone():
    rows = [
        [("POPULAR", 150), ("BOOK", 215), ("CO.", 255), ("CM)", 285), ("SDN", 320), ("BHD", 355)],
        [("NO", 150), ("8,", 175), ("JALAN", 195), ("7/118B", 245)],
    ]
    assert _merchant_of(rows) == "POPULAR BOOK CO. (M) SDN BHD"
    rows = [
        [("99", 150), ("SPEED", 175), ("MART", 225), ("S/B", 265), ("{", 300)],
        [("TEL:", 150), ("03-3342", 190)],
    ]
    assert _merchant_of(rows) == "99 SPEED MART S/B"


def test_a_logos_strokes_and_a_legal_forms_dot_read_as_a_comma_are_undone():
    """ "all TERMOIDRAULICA LOMBARDA S.r.l,": the logo read as a short word in small letters, the
    form's last dot as a comma; a line of strokes with no word ("a É e e É") is no name at all."""
    rows = [
        [
            ("all", 61),
            ("TERMOIDRAULICA", 95),
            ("LOMBARDA", 225),
            ("S.r.l,", 300),
            ("Pagina", 531),
            ("1/2", 585),
        ],
        [("Via", 113), ("Privata", 145), ("Bellezza", 205), ("7", 275)],
    ]
    assert _merchant_of(rows) == "TERMOIDRAULICA LOMBARDA S.r.l."
    rows = [
        [
            ("a", 61),
            ("É", 75),
            ("e", 95),
            ("e", 150),
            ("É", 165),
            ("Chemin", 400),
            ("de", 460),
            ("Montelly", 485),
            ("12", 560),
        ],
        [("Léman", 61), ("Ébénisterie", 115), ("Sàrl", 210)],
    ]
    assert _merchant_of(rows) == "Léman Ébénisterie Sàrl"


def test_a_mexican_legal_form_of_several_words_ends_the_name_whole():
    rows = [
        [
            ("ARTESANÍAS", 100),
            ("JALISCO", 190),
            ("DEL", 255),
            ("BAJÍO,", 290),
            ("S.A.", 345),
            ("DE", 385),
            ("C.V.", 410),
        ],
        [("RFC:", 100), ("AJB150312KT4", 140)],
    ]
    assert _merchant_of(rows) == "ARTESANÍAS JALISCO DEL BAJÍO, S.A. DE C.V."


def test_a_misread_sdn_bhd_is_mended_in_any_case_and_with_its_dot():
    rows = [[("Segi", 150), ("Cash", 190), ("&", 235), ("Carry", 250), ("Sdn.Rhd", 300)], [("Tel", 150)]]
    assert _merchant_of(rows) == "Segi Cash & Carry Sdn.Bhd"
    rows = [[("KEDAI", 150), ("MAJU", 200), ("SUN", 245), ("BHD", 280)], [("LOT", 150), ("12", 185)]]
    assert _merchant_of(rows) == "KEDAI MAJU SDN BHD"


def test_a_registration_number_cut_off_after_the_name_leaves_no_bracket():
    rows = [
        [
            ("GARDENIA", 40),
            ("BAKERIES", 120),
            ("(KL", 200),
            (")", 228),
            ("SDN", 240),
            ("BHD", 272),
            ("(1", 310),
        ],
        [("Lot", 40), ("3,", 72), ("Jalan", 95), ("Pelabur", 140), ("23/1,", 205)],
    ]
    assert _merchant_of(rows) == "GARDENIA BAKERIES (KL) SDN BHD"


def test_a_logo_name_takes_its_legal_form_from_the_line_that_repeats_it():
    rows = [
        [("EIGHT", 150), ("OUNCE", 200)],
        [("COFFEE", 170)],
        [
            ("EIGHT", 40),
            ("OUNCE", 90),
            ("COFFEE", 140),
            ("CO.", 196),
            ("THE", 224),
            ("GARDENS", 256),
            ("MALL", 320),
        ],
        [("F.K06,", 40), ("First", 92), ("Floor,", 136)],
    ]
    assert _merchant_of(rows) == "EIGHT OUNCE COFFEE CO."


def test_cash_and_carry_is_a_kind_of_shop():
    rows = [
        [("SLF", 150), ("CASH", 185), ("&", 225), ("CARRY", 240)],
        [("(002107265-V)", 160)],
        [("OFF", 120), ("JLN", 150), ("BT", 180), ("3", 200), ("SUBANG,", 215)],
    ]
    assert _merchant_of(rows) == "SLF CASH & CARRY"


def _extract(text: str):
    from batches.processing import get_processor

    return get_processor("extract").process(text.encode(), filename="slip.txt", options={"strategy": "auto"})


def test_a_stray_dollar_sign_does_not_make_a_ringgit_receipt_month_first():
    text = (
        "GUARDIAN HEALTH AND BEAUTY SDN BHD\nGST ID: 001234567890\nTAX INVOICE\n"
        "ITEM $ 2   RM 12.90\nTOTAL RM 12.90\nCASH RM 20.00\nCHANGE RM 7.10\n16:14   04/03/18\n"
    )
    assert _extract(text).data["date"] == "2018-03-04"


def test_a_receipts_date_is_the_one_printed_with_its_time():
    text = (
        "MR. D.I.Y. (M) SDN BHD\nTAX INVOICE\n9020529  1.01.90  1.90\nTOTAL RM 1.90\nCASH RM 2.00\n"
        "CHANGE RM 0.10\n06-04-18 16:46 SH01 ZJ86 T1 R000115147\n"
    )
    assert _extract(text).data["date"] == "2018-04-06"


def test_a_total_before_tax_is_not_the_total():
    from batches.processing.builtin.engine import extract_fields
    from batches.processing.builtin.readers import ReadDocument
    from batches.processing.prompts import fields_for_prompt

    rows = [
        [("PRINT", 150), ("EXPERT", 200), ("SDN", 260), ("BHD", 295)],
        [("Date:", 40), ("12/01/2018", 90)],
        [("Total", 40), ("Sales", 88), ("(Excluding", 136), ("GST)", 220), (":", 256), ("94.34", 420)],
        [("Total", 40), ("GST", 88), (":", 120), ("5.66", 420)],
        [("Total", 40), ("Sales", 88), ("(Inclusive", 136), ("of", 220), ("GST)", 240), ("100.00", 420)],
    ]
    layout = _layout(_words(rows))
    document = ReadDocument("image", pages=[page.text for page in layout.pages], layout=layout)
    data, _sources, _warnings = extract_fields(document, fields_for_prompt("merchant name, date, total"))
    assert data["total"] == "100.00"


def test_a_total_printed_under_two_wordings_beats_a_tax_summary_total():
    text = (
        "KEDAI MAJU ENTERPRISE\nTAX INVOICE\nDate: 09/03/2018 19:54\nRice   2   31.00\n"
        "Total Sales Incl GST      31.00\nTotal After Adj Incl GST      31.00\n"
        "GST Summary    Amount    Tax\nTotal      29.24      1.76\n"
    )
    assert _extract(text).data["total"] == "31.00"


def test_a_scanned_name_ends_with_its_legal_form_not_the_title_beside_it():
    rows = [
        [("Harbour", 40), ("Logistics", 110), ("Pty", 190), ("Ltd", 220), ("TAX", 250), ("INVOICE", 280)],
        [("12", 40), ("Quay", 62), ("Street,", 100), ("Sydney", 164)],
    ]
    assert _merchant_of(rows) == "Harbour Logistics Pty Ltd"


def test_an_item_priced_on_its_line_is_not_the_shop():
    rows = [
        [("Farmacia", 20), ("Ramos", 100)],
        [("Calle", 20), ("Hidalgo", 70), ("77", 140)],
        [("Café", 20), ("con", 60), ("leche", 95), ("38.38", 300)],
        [("TOTAL", 20), ("38.38", 300)],
    ]
    name, _line = receipts.merchant(_layout(_words(rows)))
    assert name == "Farmacia Ramos"


def test_a_total_read_as_nothing_gives_way_to_the_total_with_tax():
    from batches.processing import get_processor

    text = (
        "RESTORAN WAN SHENG\nTax Invoice\nDate: 12-03-2018 10:13:04\nCham (B)  2 x 2.20  4.40\n"
        "Total (Inclusive of GST):  7.00\nTOTAL:  00\nCASH  10.00\n"
    )
    result = get_processor("extract").process(text.encode(), filename="r.txt", options={"strategy": "auto"})
    assert result.data["total"] == "7.00"


def test_a_documents_title_beside_its_letterhead_is_not_the_sellers_name():
    # in capitals and first, "FATURA" outscored the name; printed on the name's line, it joined it
    apart = [[("FATURA", 368)], [("Rodrigues", 60), ("&", 140), ("Martins", 160), ("Ltda.", 230)]]
    assert _merchant_of(apart) == "Rodrigues & Martins Ltda."
    beside = [[("Aurora", 54), ("Logistica", 110), ("Sag!", 190), ("FATTURA", 400)], [("Viale", 54)]]
    assert _merchant_of(beside) == "Aurora Logistica Sagl"


def test_the_letterhead_is_not_the_party_a_label_already_named():
    rows = [
        [("Eichenwald", 59), ("Software", 150), ("OG", 230)],
        [("Rechnungsadresse", 63)],
        [("ZIMMERMANN", 62), ("&", 150), ("KÜHN", 170), ("GMBH", 220)],
    ]
    assert _merchant_of(rows) == "ZIMMERMANN & KÜHN GMBH"  # capitals and a legal form win alone
    layout = _layout(_words(rows))
    assert receipts.merchant(layout, taken=frozenset({"zimmermann kuhn gmbh"}))[0] == "Eichenwald Software OG"


# Till receipts as OCR reads them, each with the total it must give.
MISREAD_TOTALS = [
    pytest.param(  # OCR reads "GST" as "G5T": the 5 inside the word is no amount beside the label
        "KEDAI MAJU ENTERPRISE\nDate: 09/03/2018\nRice   2   82.80\n"
        "Total Sales (Inclusive G5T) RM      82,80\nCASH      100.00\n",
        "82.80",
        id="a digit inside a misread word is no amount",
    ),
    pytest.param(  # the summary's "Total" is the better label, but its row holds net and tax side by side
        "KEDAI MAJU ENTERPRISE\nDate: 09/03/2018 19:54\nRice   2   31.00\n"
        "Total Sales Inc] GST      31.00\nCASH      50.00\n"
        "GST Summary    Amount    Tax\nTotal      29.24      1.76\n",
        "31.00",
        id="a tax summary's total row gives way to the total paid",
    ),
    pytest.param(  # "0%" read as "04": the digits belong to the label "Total 0% supplies:"
        "GARDENIA BAKERIES SDN BHD\nDate: 08/09/2017\nTotal 6% supplies:      7.63\n"
        "Total 04 supplies:      15.57\nTotal Payable:      23.20\n",
        "23.20",
        id="words ending in a colon are a longer label, no value",
    ),
    pytest.param(
        "GARDENIA BAKERIES SDN BHD\nDate: 24/07/2017\nTotal 0% supplies: 12.60\n"
        "Total 6% supplies (Inc. GST):      14.50\nTotal Payable:      27.10\n",
        "27.10",
        id="an amount a longer label claims gives way to the total payable",
    ),
    pytest.param(  # OCR lost the amount beside TOTAL; net + tax in the summary confirm what was paid
        "KEDAI ROTI MAJU\n12/05/2018 15:16\n1  PANDAN CAKE  55.00\n2  HOTDOG BUN  20.70\n"
        "TOTAL\nCASH      100.00\nCHANGE      24.30\n"
        "GST Summary    Amount    Tax\nT:6% GST      71.42      4,28\n",
        "75.70",
        id="cash less change confirmed by the tax summary",
    ),
    pytest.param(  # "TOTAL 30.30" misread; the card's number OCR ran into the cash handed over
        "SEN LEE HENG STORE\n05/04/2018 11:20\n2  TISSUE BOX  30.30\n"
        "Total (Inclusive of GST):  30.30\nTOTAL  38.38\nCASH  (4/9 //8 50.00\nCHANGE :  19.70\n",
        "30.30",
        id="cash handed over after what OCR made of a card's number",
    ),
    pytest.param(  # the cash paid, then the cash handed over: the change is given on the latter
        "MR. DAKGALBI SOLARIS\n05/01/2018 20:14\nFried Rice 3 Pax  71.00(S)\nTOTAL  7l.0O\n"
        "Cash  71.00\nCash Received  101,00\nChange  30.00\n",
        "71.00",
        id="the last cash handed over before the change",
    ),
    pytest.param(  # OCR lost the total's amount; the tax included in it confirms what was paid
        "SANYU STATIONERY SHOP\n20/03/2018 13:02\n1  EXERCISE BOOK  6.40\n1  PEN  4.20\n"
        "Total Incl. GST@6%      RM IC. en\nCASH      RM 20.00\nCHANGE      RM 9.40\n"
        "GST @6% included in total      RM 0.60\n",
        "10.60",
        id="cash less change confirmed by the tax included in it",
    ),
    pytest.param(
        "WARAKUYA SDN BHD\nDate: 07/05/2018\n1  BUTA SHOGA YAKI SET  19.90\nTotal RM      RM2440\n"
        "CASH      30.40\nChange RM:      6.00\n",
        "24.40",
        id="cash less change confirmed by the total without its point",
    ),
]


@pytest.mark.parametrize(("text", "total"), MISREAD_TOTALS)
def test_the_total_of_a_receipt_ocr_misread(text, total):
    assert _extract(text).data["total"] == total


@pytest.mark.parametrize(
    "label", ["Total (IVA incl.)", "Totale (IVA inclusa)", "Gesamt (inkl. MwSt.)", "Total (VAT incl.)"]
)
def test_a_total_whose_bracket_says_the_tax_is_included_is_the_total_not_the_tax(label):
    text = f"FERRETERÍA ALBORADA\n10-03-2023  19:37\nTortilla de patatas      5,37\n{label}      EUR 5,37\n"
    result = _extract(text)
    assert result.data["total"] == "5.37"


@pytest.mark.parametrize(
    ("item", "paid"),
    [
        ("LESSIVE LIQUIDE 2L  9,95", "Carte bancaire"),  # "liquide" is cash, here a detergent
        ("DARK CHOC BAR  4,99", "Carte bancaire"),  # "Bar" is cash in German
        ("DARK CHOC BAR  4,99", "Bankomat"),  # Austria's debit card
    ],
)
def test_a_receipts_payment_method_is_the_one_under_its_total_not_an_items_word(item, paid):
    text = (
        "Carrefour City\n12 rue Oberkampf\n75011 Paris\n\nLAIT DEMI-ECREME 1L  1,15\n"
        f"{item}\nTOTAL TTC  11,10 EUR\n\n{paid}  11,10\n05/11/2022 19:32  Caisse 03\n"
    )
    result = get_processor("extract").process(
        text.encode(), filename="ticket.txt", options={"strategy": "auto", "prompt": ""}
    )
    assert result.data["payment_method"] == paid


@pytest.mark.parametrize(
    "name",
    ["Elektro Fischer GmbH & Co. KG", "Elbufer Software UG (haftungsbeschränkt)", "Grünwerk Gartenbau OG"],
)
def test_a_scanned_letterheads_name_keeps_its_whole_legal_form(name):
    assert receipts._up_to_legal_form(name) == name
    assert receipts._up_to_legal_form(f"{name} RECHNUNG") == name


@pytest.mark.parametrize(
    ("lines", "currency"),
    [
        ("Bäckerei Krümel\nRoggenbrot 750g  4,20\nSUMME  12,85\nGegeben Bar  20,00\n", "EUR"),  # "€" lost
        ("Blue Bottle Grocery\nSOURDOUGH LOAF  5.99\nTOTAL  27.91\nVISA  27.91\n", None),  # English: unsure
        ("Bäckerei Krümel\nRoggenbrot 750g  4,20\nSUMME  CHF 12.85\n", "CHF"),  # a printed code wins
    ],
)
def test_a_receipts_currency_when_no_amount_shows_one_is_its_languages_usual(lines, currency):
    result = get_processor("extract").process(
        lines.encode(), filename="bon.txt", options={"strategy": "auto", "prompt": ""}
    )
    assert result.data.get("currency") == currency


def test_a_sentence_under_a_weak_payment_label_is_no_payment_method():
    text = (
        "Nordic Deli AB\nSUB TOTAL    402,00 kr\nVAT 12%       43,07 kr\nTOTAL       402,00 SEK\n\nCard\n\n"
        "Thank you for shopping with us!\n"
    )
    result = get_processor("extract").process(
        text.encode(), filename="kvitto.txt", options={"strategy": "auto", "prompt": ""}
    )
    assert result.data["payment_method"] == "Card"


def _spaced(words: str, x: float) -> list[tuple[str, float]]:
    """Words as one cell from x: each 6 units a letter, one space apart."""
    out = []
    for word in words.split():
        out.append((word, x))
        x += 6 * len(word) + 6
    return out


@pytest.mark.parametrize(
    "bank", ["Cassa di Risparmio del Lario", "Harbourside Bank", "Caja Rural del Levante"]
)
def test_a_scanned_statements_issuer_is_the_bank_not_the_holder_in_capitals_under_it(bank):
    rows = [  # the bank's name small, its address far beside it; the holder's window lines larger
        (_spaced(bank, 20) + _spaced("Via Garibaldi, 170", 400), 6.5),
        (_spaced("MARTINA CONTI", 20) + _spaced("Foglio 5/2019", 400), 9.0),
        (_spaced("Piazza della Libertà, 45", 20) + _spaced("Periodo", 400), 9.0),
        (_spaced("10121 Torino (TO)", 20), 9.0),
    ]
    words = [
        Word(text, x, 100 + 20 * row, x + 6 * len(text), 100 + 20 * row + height, confidence=0.92)
        for row, (cells, height) in enumerate(rows)
        for text, x in cells
    ]
    name, _line = receipts.merchant(_layout(words))
    assert name == bank


@pytest.mark.parametrize(
    ("tail", "paid"),
    [
        ("CASH :  100.00\nCHANGE :  19.10\n", "CASH"),  # the word alone, not "CASH " with the colon's space
        ("Payment :  50.00\nChange Due :  19.10\n", "Cash"),  # change is given for cash only
        ("Doc No.  CS00011904\nTotal Sales  80.90\n", None),  # "DOC" is a transfer in capitals only
        ("Doc No.  CS00011904\nPayment  TED\n", "TED"),
    ],
)
def test_a_receipts_payment_method_is_a_payment_word_never_a_sum_or_a_label(tail, paid):
    text = f"YONGFATT ENTERPRISE\nDate 25/12/2018\nSTAPLER  22.40\nTotal  80.90\n{tail}"
    result = get_processor("extract").process(
        text.encode(), filename="receipt.txt", options={"strategy": "auto", "prompt": ""}
    )
    assert result.data.get("payment_method") == paid


def test_a_card_slips_merchant_number_and_a_cash_payment_of_nothing_say_nothing():
    text = (
        "BAR PASTICCERIA GIANDUJA\ndi Rosso Elena & C. s.a.s.\nVia Po 23/B - 10123 Torino\n"
        "CAPPUCCINO  10%  3,20\nTOTALE COMPLESSIVO  10,30\nPagamento contante  0,00\n"
        "Pagamento elettronico  10,30\n21-10-2024 08:47\n"
        "ESERCENTE 0004471198\nACQUISTO\nMASTERCARD  ****5521\n"
    )
    result = get_processor("extract").process(
        text.encode(), filename="scontrino.txt", options={"strategy": "auto", "prompt": ""}
    )
    # the firm's name as registered: its sign and its owners under it (the corpus's convention)
    assert result.data["merchant_name"] == "BAR PASTICCERIA GIANDUJA di Rosso Elena & C. s.a.s."
    assert result.data["payment_method"] != "contante"


def test_an_argentine_tique_factura_from_a_cafe_is_a_receipt():
    text = (
        "BAR EL ZORZAL\nEl Zorzal de Palermo S.R.L.\nCUIT 30-70123456-9\nIVA RESPONSABLE INSCRIPTO\n"
        "TIQUE FACTURA B  Cod. 082\nP.V. Nro.: 0003  Nro. T.: 00012345\nFecha 02/10/25  Hora 09:41\n"
        "Mesa 3  Mozo: Julián\nA CONSUMIDOR FINAL\nCant Descripción  Importe\n1  Café doble  3.800,00\n"
        "2  Tostadas con manteca  5.200,00\nTOTAL  $ 9.000,00\nPago: Tarjeta de débito  $ 9.000,00\n"
        "IVA Contenido: $ 1.561,98\nPropina no incluida"
    )
    assert classify(text)[0] == "receipt"


def test_a_letter_spaced_title_names_the_documents_kind():
    text = (
        "Commune de Dinant, Service des Travaux\nRue Grande 112, 5500 Dinant\n"
        "B O N  D E  C O M M A N D E\nNuméro : 2025/TR/0112\nDate : 14 mai 2025\n"
        "Adressé à :  Menuiserie Lambert SPRL\nDescription  Quantité  Prix unitaire  Total\n"
        "Planches de chêne 2 m  20  18,00  360,00\nTotal HTVA  360,00 €\nTVA 21 %  75,60 €\n"
        "Total TVAC  435,60 €\n"
        "La facture doit mentionner le numéro du présent bon."
    )
    assert classify(text)[0] == "purchase_order"
