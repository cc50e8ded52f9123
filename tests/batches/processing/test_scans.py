"""What scanning does to a printed invoice: specks read as text, decimal points lost, shaded rows."""

from __future__ import annotations

import numpy
import pytest
from PIL import Image, ImageDraw, ImageFont

from batches.processing import get_processor, vocab
from batches.processing.builtin import fallbacks
from batches.processing.builtin.candidates import find_candidates
from batches.processing.builtin.checks import check_items, three_that_multiply
from batches.processing.builtin.engine import extract_fields, extract_line_items
from batches.processing.builtin.items import amount_words, layout_items
from batches.processing.builtin.labels import for_the_attention_of, label_index
from batches.processing.builtin.priced_rows import priced_rows
from batches.processing.builtin.readers import ReadDocument
from batches.processing.builtin.receipts import merchant
from batches.processing.builtin.values import DateOrder, with_its_form_read
from batches.processing.layout import ocr, respell, scanned
from batches.processing.layout.geometry import number_lines
from batches.processing.layout.model import Layout, Page, Source, Word
from batches.processing.prompts import fields_for_prompt
from tests.batches.test_extraction_steps import FONT, _scan
from tests.conftest import CORPUS, ROOT

FIXTURES = ROOT / "tests" / "fixtures"

COLUMNS = (20, 260, 330, 420)  # description, quantity, unit price, amount


def _row(y: float, cells: tuple[str, ...], confidence: float = 0.9) -> list[Word]:
    """A table row as OCR gives it: one word per cell (a description's words one by one)."""
    words, x = [], COLUMNS[0]
    for word in cells[0].split():
        words.append(Word(word, x, y, x + 8 * len(word), y + 10, confidence=confidence))
        x += 8 * len(word) + 6
    for text, left in zip(cells[1:], COLUMNS[1:], strict=True):
        words.append(Word(text, left, y, left + 8 * len(text), y + 10, confidence=confidence))
    return words


def _speck(text: str, x: float, y: float, confidence: float) -> Word:
    return Word(text, x, y, x + 6 * len(text), y + 8, confidence=confidence)


def _scanned_layout(words: list[Word]) -> Layout:
    page = Page(1, 600, 800, Source.OCR, scanned.lines_of(words, page=1))
    number_lines([page])
    return Layout("image", pages=[page])


ROWS = [
    ("Cable USB-C 2 m", "32", "176.00", "5,632.00"),
    ("Software licence (25 users)", "1", "30,379.00", "30,379.00"),
    ("Screws M6 x 40, box of 100", "36", "100.00", "3,600.00"),
]


def test_specks_between_table_rows_do_not_end_the_table():
    # a stain and a rule's end between rows, read as "©" and "gil" at 40 %, and a lone ";"
    words = _row(100, ("Description", "Qty", "Price", "Amount"))
    words += [*_row(120, ROWS[0]), _speck("©", 300, 134, 0.37)]
    words += [*_row(144, ROWS[1]), _speck("gil", 150, 158, 0.4), _speck(";", 40, 160, 0.71)]
    words += _row(170, ROWS[2])
    items, _sources = layout_items(
        _scanned_layout(words), ["description", "quantity", "unit_price", "amount"]
    )
    assert [(item["description"], item["amount"]) for item in items] == [
        ("Cable USB-C 2 m", "5632.00"),
        ("Software licence (25 users)", "30379.00"),
        ("Screws M6 x 40, box of 100", "3600.00"),
    ]


def test_a_short_word_read_with_confidence_is_kept():
    words = _row(100, ("Description", "Qty", "Price", "Amount")) + _row(120, ROWS[0])
    words += [_speck("VAT", 20, 140, 0.92)]
    lines = _scanned_layout(words).lines
    assert [line.text for line in lines][-1] == "VAT"


def _checked(quantity, unit_price, amount) -> tuple[dict, dict]:
    item = {"description": "x", "quantity": quantity, "unit_price": unit_price, "amount": amount}
    source = {"confidence": 0.85}
    check_items([item], [source])
    return item, source


def test_a_price_that_lost_its_decimal_point_is_read_back_when_the_line_then_adds_up():
    item, source = _checked(72, "862.00", "620.64")  # 8.62 read as "862"
    assert (item["unit_price"], source["confidence"]) == ("8.62", 0.85)
    assert source["notes"] == ["unit_price: decimal point restored so the line adds up"]
    item, _source = _checked(3, "17758.00", "532.74")
    assert item["unit_price"] == "177.58"
    item, _source = _checked(2, "12.50", "2500.00")  # the amount lost it
    assert item["amount"] == "25.00"


def test_a_quantity_written_with_decimals_is_read_back_whole():
    item, _source = _checked(300, "8.10", "24.30")  # "3,00" read as "300"
    assert item["quantity"] == 3


def test_a_line_that_no_lost_point_explains_is_flagged_not_changed():
    item, source = _checked(3, "5.00", "16.00")
    assert (item["unit_price"], item["amount"]) == ("5.00", "16.00")
    assert source["notes"] == ["quantity x unit price = 15.00, not the amount 16.00"]
    assert source["confidence"] < 0.85


def test_a_party_name_leaves_a_scanned_boxs_edge_behind():
    text = "INVOICE\nInvoice number: INV-9\nBill to: | Zimmermann & Kühn GmbH\nTotal: 10.00\n"
    result = get_processor("extract").process(
        text.encode(), filename="box.txt", options={"strategy": "global", "prompt": "customer name"}
    )
    assert result.data["customer_name"] == "Zimmermann & Kühn GmbH"


def test_a_tables_ruling_lines_read_as_bars_are_not_text():
    # a ruled table: OCR reads each vertical rule as a word "|" (or "[") beside the cells' words
    bars = [(14, "|"), (250, "|"), (318, "["), (410, "|"), (520, "|")]

    def ruled(y: float, cells: tuple[str, ...]) -> list[Word]:
        return _row(y, cells) + [Word(bar, x, y, x + 4, y + 10, confidence=0.6) for x, bar in bars]

    words = ruled(100, ("Item", "Qty", "Rate", "Total")) + ruled(120, ROWS[0]) + ruled(140, ROWS[2])
    lines = _scanned_layout(words).lines
    assert lines[0].text == "Item  Qty  Rate  Total"
    wanted = ["description", "quantity", "unit_price", "amount"]
    items, _sources = layout_items(_scanned_layout(words), wanted)
    assert [(item["description"], item["quantity"]) for item in items] == [
        ("Cable USB-C 2 m", 32),
        ("Screws M6 x 40, box of 100", 36),
    ]


def test_a_page_read_poorly_under_uneven_light_is_read_again_with_adaptive_thresholding():
    # the usual whole-page threshold loses the grey sidebar and the table to the shade: a handful
    # of words among noise; the adaptive reading gets the text back
    content = (FIXTURES / "scans" / "uneven-light.jpg").read_bytes()
    (page,) = scanned.image_pages(content)
    legible = [w for line in page.lines for w in line.words if w.confidence >= 0.6 and len(w.text) >= 2]
    assert len(legible) >= 80
    assert "Giulia Conti" in page.text and "Totale imponibile" in page.text


def test_words_the_ocr_read_as_one_line_stay_one_line_on_a_tilted_scan():
    # a wrapped description on a scan turned a degree: "(heures)" sits lower than its neighbours
    # (brackets reach below the baseline), the next printed line is a small gap below
    def word(text: str, x: float, top: float, bottom: float, line: int) -> Word:
        return Word(text, x, top, x + 7 * len(text), bottom, confidence=0.9, line=line)

    first = [
        word("Main", 20, 100, 110, 1),
        word("d'œuvre", 52, 100, 110, 1),
        word("électricien", 104, 98, 108, 1),
        word("(heures)", 184, 104, 116, 1),
        word("(13", 244, 99, 111, 1),
    ]
    second = [word("mars", 20, 113, 123, 2), word("2024)", 52, 112, 124, 2)]
    amount = [word("492,40", 420, 101, 111, 3)]  # the amount column: a line of its own to the OCR
    lines = _scanned_layout(first + second + amount).lines
    assert [line.text for line in lines] == ["Main d'œuvre électricien (heures) (13  492,40", "mars 2024)"]


def test_tesseract_words_carry_the_line_they_were_read_in():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t10\t10\t30\t12\t91\tTotal",
        "5\t1\t1\t1\t1\t2\t50\t11\t30\t12\t90\tdue",
        "5\t1\t1\t1\t2\t1\t10\t30\t30\t12\t92\tThanks",
        "5\t1\t2\t1\t1\t1\t300\t12\t40\t12\t93\t12.00",
    ]
    words = list(ocr._tesseract_words("\n".join([header, *rows]), 1.0))
    total, due, thanks, amount = (w.line for w in words)
    assert total == due and len({total, thanks, amount}) == 3 and 0 not in {total, thanks, amount}


def test_a_portuguese_scan_keeps_its_accents():
    # read with seven language models at once, "Instalação" comes out "Instalacáo" or "instalagäo"
    content = (FIXTURES / "scans" / "portuguese-order.jpg").read_bytes()
    (page,) = scanned.image_pages(content)
    assert "Transporte e instalação" in page.text
    assert "Ação de formação (1 dia)" in page.text
    assert "Instalação e configuração de" in page.text


def test_accents_come_from_the_languages_own_reading_only_where_the_letters_agree():
    def at(text: str, x: float, confidence: float = 0.8) -> Word:
        return Word(text, x, 10, x + 60, 22, confidence=confidence)

    first = [
        at("Instalacóes", 0),
        at("instalagäo", 100),
        at("Servigos", 200),
        at("1.020,82", 300),
        at("Lda.", 400),
    ]
    own = [
        at("Instalações", 0),
        at("instalação", 100),
        at("Serviços", 200, 0.9),
        at("1.020,32", 300),
        at("Ltd", 400),
    ]
    fixed = respell.with_accents(first, own, letters=vocab.letters("pt"))
    assert [w.text for w in fixed] == ["Instalações", "instalação", "Serviços", "1.020,82", "Lda."]
    # elsewhere on the page, or a German reading's letters, change nothing
    elsewhere = [at("Instalações", 600)]
    assert respell.with_accents(first, elsewhere, letters=vocab.letters("pt")) == first
    german = vocab.letters("de")
    assert respell.with_accents([at("Böhm", 0)], [at("Bohm", 0)], letters=german)[0].text == "Böhm"


def test_a_dot_of_dirt_read_as_a_digit_does_not_join_a_line():
    # Tesseract read a dot 1.2 pt high as "2" and put it in the wrapped description's line: the
    # line became an item of quantity 2
    words = _row(100, ("Office chair model 3", "5", "276.97", "1,384.85"))
    words += [
        Word(w, 20 + 40 * i, 114, 20 + 40 * i + 30, 124, confidence=0.9, line=7)
        for i, w in enumerate(("with", "armrests"))
    ]
    words.append(Word("2", 324, 114, 325, 115.2, confidence=0.6, line=7))
    lines = _scanned_layout(words).lines
    assert lines[1].text == "with armrests"


def test_a_quantity_ocr_lost_or_took_from_the_description_is_the_amount_over_the_price():
    # the quantity cell read "2h" beside "(20 mars 2024)": the year became the quantity
    items = [
        {
            "description": "Main d'œuvre (20 mars 2024)",
            "quantity": 2024,
            "unit_price": "61.55",
            "amount": "123.10",
        },
        {
            "description": "Main d'œuvre (22 mars 2024)",
            "quantity": None,
            "unit_price": "61.55",
            "amount": "307.75",
        },
        {"description": "Frais de déplacement", "quantity": 1, "unit_price": "40.11", "amount": "40.11"},
    ]
    sources = [{} for _ in items]
    check_items(items, sources)
    assert [item["quantity"] for item in items] == [2, 5, 1]
    assert "amount over the unit price" in sources[0]["notes"][0]
    # a table with no quantity column gets none
    alone = [{"description": "Coffee", "quantity": None, "unit_price": "2.50", "amount": "5.00"}]
    check_items(alone, [{}])
    assert alone[0]["quantity"] is None


def test_the_other_engine_decides_the_letters_of_an_english_till_slip():
    # Tesseract alone reads "SANYO STATIONERY SHOP"; RapidOCR reads "SANYUSTATIONERYSHOP"
    content = (CORPUS / "real-receipts" / "documents" / "shop_471.jpg").read_bytes()
    (page,) = scanned.image_pages(content)
    assert page.lines[0].text == "SANYU STATIONERY SHOP"


def test_letters_come_from_the_other_engine_only_of_the_same_kind_and_never_for_known_words():
    def at(text: str, x: float, width: float, confidence: float) -> Word:
        return Word(text, x, 10, x + width, 22, confidence=confidence)

    first = [at("SANYO", 0, 50, 0.7), at("STATIONERY", 60, 100, 0.9), at("SHOP", 170, 40, 0.9)]
    first += [at("Balance", 300, 60, 0.6), at("forward", 370, 60, 0.6), at("$3,333.73", 440, 80, 0.6)]
    other = [at("SANYUSTATIONERYSHOP", 0, 210, 0.95), at("Balancetorwards3,333.73", 300, 220, 0.95)]
    fixed = respell.with_letters_of(first, other)
    assert [w.text for w in fixed] == ["SANYU", "STATIONERY", "SHOP", "Balance", "forward", "$3,333.73"]
    # read less surely than the first reading: nothing changes
    assert respell.with_letters_of(first, [at("SANYUSTATIONERYSHOP", 0, 210, 0.5)]) == first
    # "I" or "l": neither engine can tell
    assert (
        respell.with_letters_of([at("SI-719807", 0, 90, 0.6)], [at("Sl-719807", 0, 90, 0.95)])[0].text
        == "SI-719807"
    )


def test_a_clean_english_page_is_not_read_by_the_other_engine(monkeypatch):
    # a printed page read surely (mean confidence 0.96) would spend several times its first
    # reading's time in RapidOCR for nothing
    asked = []
    monkeypatch.setattr(ocr, "recognise_other_engine", lambda image, **kw: asked.append(1) or [])
    (page,) = scanned.image_pages(_scan(filler_lines=5))
    assert "Invoice Number" in page.text
    assert asked == []


def _words(*specs: tuple[str, float, float, float, float, float, int]) -> list[Word]:
    return [Word(text, x0, y0, x1, y1, confidence=c, line=line) for text, x0, y0, x1, y1, c, line in specs]


def test_the_sparse_reading_mends_a_line_a_large_title_beside_it_cut_short():
    # what Tesseract read beside a 24 pt "INVOICE" (a probe scan): the block's first line cut to
    # "h Wright Design L", its second line lost in two noise words on the title's line
    first = _words(
        ("h", 1517, 160, 1532, 186, 0.93, 922),
        ("Wright", 1547, 160, 1643, 187, 0.97, 922),
        ("Design", 1668, 161, 1737, 187, 0.93, 922),
        ("L", 1793, 162, 1812, 188, 0.93, 922),
        ("INVOICE", 164, 149, 498, 219, 0.97, 926),
        ("o", 1411, 196, 1532, 231, 0.32, 926),
        ("pp", 1544, 198, 1655, 232, 0.27, 926),
    )
    sparse = _words(
        ("Hannah", 1411, 160, 1535, 186, 0.96, 1),
        ("Wright", 1547, 160, 1655, 194, 0.96, 1),
        ("Design", 1668, 161, 1780, 195, 0.97, 1),
        ("Ltd", 1793, 162, 1844, 188, 0.96, 1),
        ("INVOICE", 164, 149, 498, 219, 0.96, 5),
        ("12", 1412, 208, 1442, 230, 0.97, 6),
        ("Canal", 1454, 207, 1532, 231, 0.96, 6),
        ("Street", 1544, 208, 1626, 232, 0.96, 6),
    )
    lines = [
        " ".join(line.text.split())
        for line in scanned.lines_of(scanned.with_sparse_words(first, sparse), page=1)
    ]
    assert any(line.endswith("Hannah Wright Design Ltd") for line in lines)
    assert "12 Canal Street" in lines
    assert not any(word in line.split() for line in lines for word in ("h", "L", "o", "pp"))


def test_the_sparse_reading_runs_no_words_together_and_keeps_the_first_readings_own():
    first = _words(
        ("SSD", 100, 100, 140, 120, 0.95, 1),
        ("1", 150, 100, 158, 120, 0.9, 1),
        ("TB", 166, 100, 190, 120, 0.9, 1),
        ("3", 300, 100, 308, 120, 0.9, 1),
        ("m", 313, 100, 327, 120, 0.9, 1),
        ("Größe", 400, 100, 460, 120, 0.9, 1),
    )
    sparse = _words(
        ("1TB", 150, 100, 190, 120, 0.9, 7),  # two pieces of the first reading: one word each
        ("3m", 304, 100, 327, 120, 0.9, 7),  # "3" right beside it: a space lost, not a piece
        ("Grosse", 400, 100, 462, 120, 0.95, 7),  # another reading of a word read whole
        ("2m", 313, 100, 327, 120, 0.95, 7),  # boxed as narrow as its "m": no room for the "2"
    )
    merged = scanned.with_sparse_words(first, sparse)
    assert [word.text for word in merged] == [word.text for word in first]


def _words_of(
    y: float, text: str, size: float = 10, confidence: float = 0.92, *, x: float = 40.0
) -> list[Word]:
    words = []
    for word in text.split():
        words.append(Word(word, x, y, x + 0.6 * size * len(word), y + size, size=size, confidence=confidence))
        x += 0.6 * size * len(word) + 0.5 * size
    return words


def test_a_scanned_letterheads_brand_is_the_company_its_footer_names():
    # the scan's best top line is the brand; the legal name is printed at the foot
    words = _words_of(40, "RAMBLA SUR", size=22) + _words_of(80, "Av. 18 de Julio 1234, Montevideo")
    words += _words_of(140, "e-Factura Serie A Nº A-004512") + _words_of(170, "TOTAL  $ 12.450,00")
    words += _words_of(700, "Distribuidora Rambla Sur S.R.L. · RUT 21 456789 0012")
    layout = _scanned_layout(words)
    lines = [(line.page, line.text) for line in layout.lines]
    found = fallbacks.find_by_type(
        "vendor_name", "party", lines, layout.text, month_first=False, layout=layout
    )
    assert found is not None and found.value == "Distribuidora Rambla Sur S.R.L."


def test_a_legal_form_a_scan_read_with_zeros_is_read_with_its_letters():
    text = "FAKTURA VAT\nInvoice no.: FV/2024/118\nSeller: Wawel Code Works Sp. z 0.0.\nTotal: 100.00 PLN\n"
    result = get_processor("extract").process(
        text.encode(), filename="scan.txt", options={"strategy": "global", "prompt": "vendor name"}
    )
    assert result.data["vendor_name"] == "Wawel Code Works Sp. z o.o."


def test_a_number_in_a_name_stays_as_printed():
    assert with_its_form_read("Studio 20 C0.") == "Studio 20 Co."
    assert with_its_form_read("Rambla 2000") == "Rambla 2000"
    assert with_its_form_read("Studio 0 SA") == "Studio 0 SA"


def test_light_text_on_a_dark_letterhead_band_is_read_on_its_own_inverted():
    content = (FIXTURES / "scans" / "dark-letterhead.jpg").read_bytes()
    (page,) = scanned.image_pages(content)
    assert "Coastline Car & Truck Rental Ltd." in page.text
    assert "3380 Grant McConachie Way, Richmond, BC V7B 0A4" in page.text


def _page_with(draw_on) -> Image.Image:
    image = Image.new("L", (1240, 1754), 240)
    draw_on(ImageDraw.Draw(image))
    return image


def test_a_dark_box_is_a_sidebar_or_a_band_not_bold_words_a_logo_or_a_barcode():
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 90)

    def sidebar(draw):
        draw.rectangle((0, 0, 400, 1753), fill=50)
        draw.text((40, 300), "+49 30 5557 1934", fill=230)

    def not_boxes(draw):
        draw.text((450, 100), "FACTURA", font=font, fill=0)  # a bold title
        draw.rectangle((100, 400, 300, 470), fill=30)  # a logo's box
        for x in range(100, 700, 9):  # a barcode
            draw.rectangle((x, 600, x + 4, 760), fill=0)

    def sidebar_with_holes(draw):  # a résumé's: the initials' circle, a light square, its text
        sidebar(draw)
        draw.ellipse((40, 40, 360, 360), fill=200)
        draw.rectangle((60, 1480, 340, 1700), fill=190)
        small = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 30)
        for n, skill in enumerate(["JavaScript", "TypeScript", "React", "Node.js", "PostgreSQL", "Docker"]):
            draw.text((40, 420 + 70 * n), skill, font=small, fill=230)

    for page in (sidebar, sidebar_with_holes):
        ((left, top, right, bottom),) = ocr.dark_boxes(_page_with(page))
        assert (left, top, bottom) == (0, 0, 1754) and abs(right - 401) <= 2
    assert ocr.dark_boxes(_page_with(not_boxes)) == []


def test_a_dark_boxs_light_text_becomes_ink_on_white_paper():
    def band(draw):
        draw.rectangle((0, 0, 1239, 300), fill=60)
        draw.rectangle((200, 100, 600, 130), fill=220)  # a light stroke on the band

    part = numpy.asarray(ocr.light_on_dark(_page_with(band), (0, 0, 1240, 301)))
    assert part[150, 100] == 255 and part[115, 400] == 0  # the band white, the stroke black
    assert part[:, :2].min() == 255  # the box's edge is no bracket


def test_a_scanned_letterheads_company_beside_its_logos_word_is_the_issuer():
    # the logo's word and the company's name read as two cells of the top line
    words = _words_of(40, "COASTLINE", size=22) + [
        Word(word, 300 + 60 * i, 44, 350 + 60 * i, 56, size=12, confidence=0.93)
        for i, word in enumerate(["Coastline", "Car", "&", "Truck", "Rental", "Ltd."])
    ]
    words += _words_of(140, "Invoice No.: CCR-778214") + _words_of(170, "Total CAD 836.25")
    layout = _scanned_layout(words)
    lines = [(line.page, line.text) for line in layout.lines]
    found = fallbacks.find_by_type(
        "vendor_name", "party", lines, layout.text, month_first=False, layout=layout
    )
    assert found is not None and found.value == "Coastline Car & Truck Rental Ltd."


def test_a_tables_header_row_on_a_grey_band_is_read_on_its_own_stretched():
    content = (FIXTURES / "scans" / "grey-header.jpg").read_bytes()
    (page,) = scanned.image_pages(content)
    assert "Descrição  Quant.  Preço unitário  Total" in page.text


def test_a_grey_band_is_a_wide_row_darker_than_the_paper_not_a_light_stripe_or_a_dark_box():
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 26)

    def bands(draw):
        draw.rectangle((100, 300, 1140, 340), fill=150)  # a header row's grey band
        draw.text((120, 306), "Description", font=font, fill=20)
        draw.rectangle((100, 360, 1140, 390), fill=225)  # a zebra stripe, barely darker
        draw.rectangle((100, 500, 400, 540), fill=150)  # a narrow grey label
        draw.rectangle((0, 800, 1239, 1400), fill=150)  # a grey panel, no row

    ((left, top, right, bottom),) = ocr.grey_bands(_page_with(bands))
    assert abs(left - 100) <= 2 and abs(top - 300) <= 2 and abs(right - 1141) <= 2 and abs(bottom - 341) <= 2
    part = numpy.asarray(ocr.dark_on_grey(_page_with(bands), (100, 300, 1141, 341)))
    assert part[5, 500] == 255 and part[:, 20:200].min() < 60  # the grey white, the text's ink dark


def _cells_at(y: float, cells: list[tuple[float, str]]) -> list[Word]:
    """One OCR word per cell, each at its x."""
    return [Word(text, x, y, x + 6 * len(text), y + 10, confidence=0.8) for x, text in cells]


def test_a_header_whose_descriptions_name_ocr_garbled_still_heads_the_description():
    header = _cells_at(100, [(40, "Pos"), (90, "Leetng"), (330, "Meme"), (400, "Satz"), (480, "Betrag")])
    rows = _cells_at(
        120,
        [(42, "1"), (90, "Weiterentwicklung Mieterportal"), (335, "64"), (400, "118,00"), (480, "7.552,00")],
    )
    rows += _cells_at(
        140,
        [(42, "2"), (90, "Projektleitung und Abstimmung"), (335, "12"), (400, "135,00"), (480, "1.620,00")],
    )
    items, _sources = layout_items(
        _scanned_layout(header + rows), ["description", "quantity", "unit_price", "amount"]
    )
    assert [(i["description"], i["unit_price"], i["amount"]) for i in items] == [
        ("Weiterentwicklung Mieterportal", "118.00", "7552.00"),
        ("Projektleitung und Abstimmung", "135.00", "1620.00"),
    ]


def test_a_units_column_after_the_quantity_is_no_description_where_the_descriptions_header_went_unread():
    header = _cells_at(100, [(320, "Quantité"), (380, "Unité"), (430, "PU HT"), (500, "Montant HT")])
    rows = _cells_at(120, [(60, "Câble HDMI 2 m"), (330, "4"), (385, "pce"), (430, "9,07"), (500, "36,28")])
    rows += _cells_at(
        140, [(60, "Écran 24 pouces"), (330, "2"), (385, "pce"), (430, "129,00"), (500, "258,00")]
    )
    items, _sources = layout_items(
        _scanned_layout(header + rows), ["description", "quantity", "unit_price", "amount"]
    )
    assert all(item["description"] != "pce" for item in items)


def _cells(y: float, *cells: tuple[float, str]) -> list[Word]:
    """A line as OCR gives it: each cell's words at its x, 8 pixels a letter."""
    words = []
    for x, text in cells:
        for word in text.split():
            words.append(Word(word, x, y, x + 8 * len(word), y + 10, confidence=0.92))
            x += 8 * len(word) + 6
    return words


def test_a_scanned_letter_whose_seller_signs_only_in_its_footer_is_the_footers_company():
    # the addressee's block on top, whom it is for under its name; the seller in the footer, its
    # one-line address's dashes lost by OCR to gaps
    words = _cells(60, (62, "FACTURE"))
    words += _cells(133, (320, "Les Gîtes de l'Ourthe SRL")) + _cells(
        147, (320, "À l'attention de Mme Lambert")
    )
    words += _cells(161, (320, "Rue de la Gare 9")) + _cells(175, (320, "4190 Ferrières"))
    words += _cells(256, (62, "Facture n° :"), (200, "2025-0147"))
    words += _cells(
        774, (40, "Menuiserie Delvaux SRL"), (260, "Rue du Pont 14, 4000 Liège"), (480, "Tél. 04 555 01 83")
    )
    layout = _scanned_layout(words)
    lines = [(line.page, line.text) for line in layout.lines]
    text = "\n".join(line for _page, line in lines)
    found = fallbacks.find_by_type("vendor_name", "party", lines, text, month_first=False, layout=layout)
    assert found is not None and found.value == "Menuiserie Delvaux SRL"


@pytest.mark.parametrize(
    ("cell", "for_someone"),
    [
        ("À l'attention de Mme Isabelle Lambert", True),
        ("FAO Ms Morag Lindsay", True),
        ("AT Ï AS FROID INDUSTRIEL", False),
    ],
)
def test_whom_a_party_is_for_is_no_party_but_two_letters_of_a_name_are_no_such_label(cell, for_someone):
    assert for_the_attention_of(cell) is for_someone


def test_an_amount_whose_box_ocr_drew_lower_stays_on_its_labels_line():
    words = [
        Word("Sous-total", 304, 458.18, 344, 465.38, confidence=0.9, line=114),
        Word("4.450,00", 525.6, 459.19, 560.6, 471.67, confidence=0.85, line=149),
    ]
    assert [line.text for line in scanned.lines_of(words, page=1)] == ["Sous-total  4.450,00"]


def test_a_till_slips_stars_and_a_speck_between_total_and_its_amount_are_passed_over():
    words = [
        Word("*#**", 19, 260, 40, 267, confidence=0.62),
        Word("TOTAL", 46, 260, 73, 267, confidence=0.97, line=100),
        Word(".", 114, 259, 124, 264, confidence=0.44),
        Word("$71.19", 191, 259, 223, 268, confidence=0.93, line=100),
    ]
    layout = _scanned_layout(words)
    found = find_candidates(layout, label_index(("total",)), {"total": "money"}, DateOrder(False))
    assert [c.value for c in found if c.field == "total"] == ["71.19"]


def test_another_partys_name_with_a_label_beside_it_is_no_seller():
    words = _cells(40, (46, "Hotel Steirerhof Betriebs GmbH"), (443, "KUNDENNUMMER"))
    words += _cells(60, (46, "Rosen Apotheke GmbH"))
    taken = frozenset({vocab.normalise_label("Hotel Steirerhof Betriebs GmbH")})
    assert merchant(_scanned_layout(words), taken=taken)[0] == "Rosen Apotheke GmbH"


def test_canadas_tax_numbers_after_their_taxes_names_are_no_tax():
    words = _cells(596, (51, "Numéros de taxes"))
    words += _cells(607, (51, "TPS : 812345678 RT0001"), (300, "TVQ : 1234567890 TQ0G01"))  # OCR's G for 0
    layout = _scanned_layout(words)
    assert find_candidates(layout, label_index(("tax",)), {"tax": "money"}, DateOrder(False)) == []


def test_skills_down_a_scanned_column_leave_out_what_ocr_read_of_chips_borders():
    def cell(x: float, y: float, text: str, confidence: float) -> list[Word]:
        words, left = [], x
        for word in text.split():
            words.append(Word(word, left, y, left + 8 * len(word), y + 10, confidence=confidence))
            left += 8 * len(word) + 6
        return words

    words = cell(400, 160, "VAARDIGHEDEN", 0.93) + cell(400, 179, "Transportplanning", 0.92)
    words += cell(400, 192, "SE SN Kan zum mus", 0.28) + cell(400, 205, "SAP TM", 0.93)
    words += cell(400, 218, "RER GA eu m", 0.35) + cell(400, 232, "Routeoptimalisatie", 0.92)
    words += cell(400, 246, "Excel", 0.97) + cell(470, 246, "Lele", 0.11)
    layout = _scanned_layout(words)
    lines = [(line.page, line.text) for line in layout.lines]
    text = "\n".join(line for _page, line in lines)
    found = fallbacks.find_by_type("skills", "list", lines, text, month_first=False, layout=layout)
    assert found is not None
    assert found.value == ["Transportplanning", "SAP TM", "Routeoptimalisatie", "Excel"]


def test_a_dash_ocr_read_surely_stays_in_its_line_however_thin_its_box():
    # "Copywriting - homepage": the dash's box is 3 px square on a tilted line 25 px high
    words = [
        Word("Copywriting", 167, 740, 289, 765, confidence=0.93, line=98),
        Word("-", 301, 752, 304, 755, confidence=0.93, line=98),
        Word("homepage", 311, 743, 422, 768, confidence=0.97, line=98),
        Word("pages", 430, 747, 490, 772, confidence=0.96, line=98),
        Word(".", 600, 700, 603, 703, confidence=0.93),  # a dot of dirt is still no text
    ]
    assert [line.text for line in scanned.lines_of(words, page=1)] == ["Copywriting - homepage pages"]


ITEM_FIELDS = ["description", "quantity", "unit_price", "amount"]


def _unheaded_table(*rows: tuple[str, ...]) -> Layout:
    """OCR's reading of an item table whose pale header it lost: only the rows, a wrapped
    description's second line (a row of one cell) close under its row."""
    words, y = [], 100.0
    for row in rows:
        y += 12 if len(row) == 1 else 24
        words += _row(y, row) if len(row) == 4 else _row(y, (row[0], "", "", ""))
    return _scanned_layout([word for word in words if word.text])


def test_rows_that_price_themselves_are_items_when_no_header_was_read():
    layout = _unheaded_table(
        ("Diseño del catálogo (48", "", "1.850,00", "1.850,00"),  # its quantity "1" not read
        ("páginas)",),
        ("Sesión fotográfica, de", "2", "420,00", "840,00"),
        ("60 imágenes",),
        ("Piezas para redes", "12", "35,00", "420,00"),
        ("Base imponible", "", "", "3.110,00"),
    )
    assert layout_items(layout, ITEM_FIELDS) == ([], [])  # no header: no columns to read by
    items, sources = priced_rows(layout, ITEM_FIELDS)
    assert items == [
        {"description": "Diseño del catálogo (48 páginas)", "quantity": None,
         "unit_price": "1850.00", "amount": "1850.00"},
        {"description": "Sesión fotográfica, de 60 imágenes", "quantity": 2,
         "unit_price": "420.00", "amount": "840.00"},
        {"description": "Piezas para redes", "quantity": 12,
         "unit_price": "35.00", "amount": "420.00"},
    ]  # fmt: skip
    assert [source["page"] for source in sources] == [1, 1, 1]
    document = ReadDocument("image", layout=layout)  # the engine reads them last, when all else fails
    assert extract_line_items(document, [(1, line.text) for line in layout.lines], ITEM_FIELDS)[0] == items


@pytest.mark.parametrize(
    "rows",
    [
        # amounts printed twice, but nothing multiplies: a summary, not items
        [("Net amount", "", "310,00", "310,00"), ("Amount due", "", "310,00", "310,00")],
        # one row alone that multiplies
        [("Consulting in March", "4", "50,00", "200,00")],
        # a VAT summary: the rate times the base is not the tax
        [("IVA 21 %", "3", "3.110,00", "653,10"), ("IVA 10 %", "2", "100,00", "10,00")],
    ],
)
def test_lines_that_do_not_price_themselves_are_no_headerless_items(rows):
    assert priced_rows(_unheaded_table(*rows), ITEM_FIELDS) == ([], [])


def _shaded_page(lines: list[str], *, darkest: int, ink: int) -> Image.Image:
    """A page photographed with the light falling off across it: white paper at the left, grey
    (``darkest``) at the right."""
    width, height = 1700, 150 * len(lines) + 100
    shade = numpy.tile(numpy.linspace(250, darkest, width), (height, 1)).astype(numpy.uint8)
    page = Image.fromarray(shade)
    draw, font = ImageDraw.Draw(page), ImageFont.truetype(FONT, 34)
    for number, text in enumerate(lines):
        draw.text((60, 80 + 150 * number), text, font=font, fill=ink)
    return page


def test_a_page_whose_light_falls_off_is_read_with_its_paper_made_white():
    # the whole page's threshold takes the shaded right side for ink: "1.8" of "1.850,00"
    lines = [
        "Invoice number INV-4711 issued 12 March 2025",
        "Consulting services for the spring catalogue 1.850,00",
        "Total amount due EUR 2.690,00",
    ]
    page = _shaded_page(lines, darkest=100, ink=70)
    words = [word.text for word in scanned._read(page, 1)[1]]
    assert " ".join(words) == " ".join(lines)


def test_flattening_makes_grey_paper_white_and_keeps_ink_and_dark_boxes():
    pixels = numpy.full((400, 800), 245, numpy.uint8)
    pixels[100:300, 100:400] = 222  # a light grey box
    pixels[190:200, 150:350] = 60  # a stroke of ink in it
    pixels[:, 600:] = 50  # a dark sidebar
    pixels[190:200, 650:750] = 230  # its light text
    flat = numpy.asarray(ocr.flattened(Image.fromarray(pixels))).astype(int)
    assert flat[120:180, 120:380].min() >= 245  # the box is paper now
    assert flat[192:198, 160:340].max() <= 80  # the ink is still ink
    assert (flat[:, 620:] == pixels[:, 620:]).all()  # the sidebar is as it was


def _line_of(y: float, *cells: tuple[float, str]) -> list[Word]:
    """One line's words, each cell's words from its own left edge."""
    words = []
    for left, text in cells:
        x = left
        for word in text.split():
            words.append(Word(word, x, y, x + 6 * len(word), y + 10, confidence=0.9))
            x += 6 * len(word) + 4
    return words


def test_rows_price_themselves_past_units_rates_codes_and_a_lost_decimal_point():
    words = [
        # a position and an article code before the words, a unit after the quantity, a VAT rate
        *_line_of(100, (20, "2"), (40, "10-4480 Nachtkästchen Zirbe"), (300, "4 Stk."),
                  (380, "€ 245,00 20 %"), (500, "€ 980,00")),
        # a unit in a column of its own, a VAT code after the amount, which lost its decimal comma
        *_line_of(124, (40, "Borsa a mano in pelle,"), (260, "PZ"), (300, "12"), (380, "138,00"),
                  (500, "165600"), (560, "22")),
        *_line_of(136, (40, "colore cuoio")),  # its description's next line, under its words
        # a discount's column: 250 x 11,40 less 10 %
        *_line_of(160, (20, "3"), (40, "Notizbuch A5 Leinen"), (300, "250"), (380, "11,40"), (440, "10%"),
                  (470, "19%"), (500, "2.565,00")),
    ]  # fmt: skip
    layout = _scanned_layout(words)
    items, _sources = priced_rows(layout, ITEM_FIELDS)
    assert [
        (item["description"], item["quantity"], item["unit_price"], item["amount"]) for item in items
    ] == [
        ("Nachtkästchen Zirbe", 4, "245.00", "980.00"),
        ("Borsa a mano in pelle, colore cuoio", 12, "138.00", "165600.00"),  # check_items reads it back
        ("3 Notizbuch A5 Leinen", 250, "11.40", "2565.00"),  # a running number goes with the others
    ]
    check_items(items, _sources)
    assert items[1]["amount"] == "1656.00"


def _skills_read(words: list[Word]) -> list[str]:
    layout = _scanned_layout(words)
    lines = [(line.page, line.text) for line in layout.lines]
    found = fallbacks.find_by_type("skills", "list", lines, layout.text, month_first=False, layout=layout)
    return found.value


def test_skills_whose_thin_separators_ocr_dropped_are_split_where_their_room_is_left():
    words = [
        *_line_of(20, (20, "Julien Moreau")),
        *_line_of(40, (20, "Lead développeur back-end avec douze ans d'expérience en Python")),
        *_line_of(60, (20, "COMPÉTENCES")),
        # "Python · Django · PostgreSQL": the dots lost, their room (three spaces) left
        *_line_of(80, (20, "Techniques"), (100, "Python"), (148, "Django"), (196, "PostgreSQL")),
        *_line_of(94, (100, "Docker / Kubernetes"), (226, "CI/CD (GitLab) - Architecture")),
        *_line_of(108, (20, "Management"), (100, "Encadrement d'équipe")),
        *_line_of(130, (20, "LANGUES")),
        *_line_of(144, (20, "Français : langue maternelle")),
    ]
    assert _skills_read(words) == [
        "Python",
        "Django",
        "PostgreSQL",
        "Docker / Kubernetes",
        "CI/CD (GitLab)",
        "Architecture",
        "Encadrement d'équipe",
    ]


def test_skills_whose_bullets_ocr_read_as_a_letter_or_a_lone_sign_in_two_columns():
    words = [
        *_line_of(20, (20, "Mariana Costa Ribeiro")),
        *_line_of(40, (20, "Controller financeira com experiência em empresas industriais")),
        # the heading's rule read as noise beside it, and beside the next heading
        *_line_of(60, (20, "COMPETÊNCIAS")),
        *[_speck(text, x, 60, 0.3) for text, x in (("NSE", 120), ("cea", 150), ("ES", 200), ("ery", 260))],
        *_line_of(80, (20, "+ Contabilidade analítica"), (200, "e Excel avançado (VBA)")),
        *_line_of(94, (20, "e IFRS/SNC"), (200, "e Auditoria interna")),
        *_line_of(108, (20, "e"), (32, "Primavera ERP"), (200, "e gestão de tesouraria")),
        *_line_of(130, (20, "SS LÍNGUAS")),
        *_line_of(144, (20, "Português (nativo) - Inglês (C1)")),
    ]
    assert _skills_read(words) == [
        "Contabilidade analítica",
        "Excel avançado (VBA)",
        "IFRS/SNC",
        "Auditoria interna",
        "Primavera ERP",
        "gestão de tesouraria",
    ]


def _fields_read(words: list[Word], prompt: str) -> dict:
    """What the engine reads of a scanned page of ``words`` for ``prompt``'s fields."""
    layout = _scanned_layout(words)
    document = ReadDocument("image", pages=[layout.text], layout=layout)
    return extract_fields(document, fields_for_prompt(prompt))[0]


def test_a_longer_label_ocr_misspelt_is_read_whole_not_as_the_short_label_it_opens_with():
    # "Total Ilíquido" read "Total llíquido": the subtotal, not a second total
    hits = label_index(("subtotal", "total")).hits("Total llíquido")
    assert "subtotal" in {hit.field for hit in hits}


def test_headings_in_capitals_boxed_tight_over_their_values_are_no_value_of_each_other():
    words = [
        *_line_of(40, (38, "Menuiserie Mosane SRL"), (445, "FACTURE")),
        # capitals read with tight boxes: a line height of 6.5 over the names 7 under them
        Word("CLIENT", 47, 193.6, 75, 200.1, confidence=0.9),
        Word("ADRESSE", 316, 193.6, 350, 200.1, confidence=0.9),
        Word("DES", 353, 193.6, 368, 200.1, confidence=0.9),
        Word("TRAVAUX", 371, 193.6, 413, 200.1, confidence=0.9),
        *_line_of(207.2, (47, "M. et Mme Delvaux-Lambert"), (317, "Habitation privée")),
        *_line_of(221, (47, "Rue du Lombard 22"), (317, "Rue du Lombard 22")),
    ]
    assert _fields_read(words, "customer name")["customer_name"] == "M. et Mme Delvaux-Lambert"


def test_a_paid_stamp_read_around_the_totals_leaves_their_amounts_and_no_base_is_a_tax():
    words = [
        *_line_of(40, (46, "Traiteur Les Lices SARL")),
        *_line_of(416, (290, "Total HT"), (504, "2 791,10 €")),
        # the stamp's ink read between a tax label and its amount, and before an amount
        *_line_of(427, (290, "TVA 20 % sur 966,60 €"), (419, "ee"), (513, "193,32 €")),
        *_line_of(440, (290, "TVA 10 % sur 1 824,50 €"), (436, "PAY Es"), (513, "182,45 €")),
        *_line_of(451, (290, "Total TVA"), (429, "e 20103209 375,77 €")),
        *_line_of(479, (293, "Net à payer TTC"), (490, "3 166,87 €")),
    ]
    data = _fields_read(words, "subtotal, tax, total")
    assert (data["subtotal"], data["tax"], data["total"]) == ("2791.10", "375.77", "3166.87")
    words = [
        *_line_of(40, (46, "Tischlerei Fink GmbH")),
        *_line_of(520, (290, "zzgl. 20 % USt."), (405, "Ss"), (486, "€ 1.998,80")),
    ]
    assert _fields_read(words, "tax")["tax"] == "1998.80"


def test_a_rate_run_into_its_label_and_a_lone_letter_at_the_scans_edge_are_read_as_printed():
    words = [
        *_line_of(24, (47, "a"), (280, "EEN"), (559, "TS")),  # a shadow's edge read as letters
        *_line_of(65, (74, "ANDESTECH"), (316, "FACTURA")),
        *_line_of(295, (44, "Razón Social: CONSTRUCTORA PICHINCHA NORTE S.A.")),
        *_line_of(543, (359, "SUBTOTAL SIN IMPUESTOS"), (531, "3218.70")),
        *_line_of(590, (357, "IVA15%"), (533, "478.31")),  # "IVA 15%" read without its space
        *_line_of(628, (356, "VALOR TOTAL"), (531, "3697.01")),
    ]
    data = _fields_read(words, "customer name, subtotal, tax, total")
    assert (data["customer_name"], data["tax"]) == ("CONSTRUCTORA PICHINCHA NORTE S.A.", "478.31")


def test_a_return_address_that_lost_its_marks_but_one_and_a_brand_over_a_kgs_legal_name():
    words = [
        *_line_of(38, (432, "FRANKENWERK")),
        *_line_of(54, (406, "Elektrotechnik"), (463, "Gebäudeautomation")),
        # "· Fürther Str. 212 · 90429 Nürnberg" read with one mark of three
        *_line_of(
            130, (68, "Frankenwerk Elektrotechnik GmbH & Co. KG - Fürther Str. 212 90429 Nürnberg")
        ),
        *_line_of(145, (352, "Kundennummer"), (442, "10482")),
        *_line_of(155, (69, "Gebr. Hufnagel Immobilienverwaltung OHG"), (353, "Rechnungsnr"),
                      (442, "RE-2025-00731")),
        *_line_of(166, (69, "Herrn Thomas Hufnagel"), (353, "Rechnungsdatum"), (441, "04.03.2025")),
        *_line_of(183, (68, "Äußere Sulzbacher Str. 118")),
        *_line_of(197, (69, "90491 Nürnberg")),
    ]  # fmt: skip
    data = _fields_read(words, "vendor name, customer name")
    assert (data["vendor_name"], data["customer_name"]) == (
        "Frankenwerk Elektrotechnik GmbH & Co. KG",
        "Gebr. Hufnagel Immobilienverwaltung OHG",
    )


def test_skills_in_two_columns_whose_bullets_ocr_read_two_ways_and_a_phone_beside_a_pin():
    words = [
        *_line_of(34, (57, "Sanne van der Meulen")),
        # the pin icon before the town read as a "6" after the phone number
        *_line_of(105, (55, "E sanne.vdmeulen@mail.example"), (216, "E +316 12 345678"), (325, "6 Utrecht")),
        *_line_of(523, (50, "Vaardigheden")),
        *_line_of(544, (51, "+ Projectmanagement (PRINCE2)"), (297, "+ Risicomanagement (RISMAN)")),
        *_line_of(555, (51, "* Agile / Scrum"), (297, "+ MS Project")),
        *_line_of(571, (51, "* Stakeholdermanagement"), (297, "+ Budgetbeheer")),
        *_line_of(615, (48, "Talen")),
        *_line_of(635, (49, "Nederlands (moedertaal)")),
    ]
    data = _fields_read(words, "phone, skills")
    assert data["phone"] == "+31612345678"
    assert data["skills"] == [
        "Projectmanagement (PRINCE2)",
        "Risicomanagement (RISMAN)",
        "Agile / Scrum",
        "MS Project",
        "Stakeholdermanagement",
        "Budgetbeheer",
    ]


def test_a_header_cell_that_swallowed_a_vat_column_leaves_the_three_numbers_that_multiply():
    """OCR read "Quantità Prezzo unitario UM %IVA" as one header cell: the rate's column has no
    header of its own, and its "22,00" is no amount beside the real one."""
    header = _cells(100, (40, "Descrizione"), (300, "Quantità Prezzo unitario UM %IVA"), (520, "Importo"))
    rows = _cells(120, (40, "Tovaglie di lino 180x240"), (300, "12,00"), (360, "31,50 PZ"), (470, "22,00"))
    rows += _cells(120, (525, "378,00"))
    rows += _cells(140, (40, "Consegna al piano"), (300, "1,00"), (360, "45,00 NR"), (470, "22,00"))
    rows += _cells(140, (535, "45,00"))
    items, _sources = layout_items(_scanned_layout(header + rows), ITEM_FIELDS)
    assert [(i["quantity"], i["unit_price"], i["amount"]) for i in items] == [
        (12, "31.50", "378.00"),
        (1, "45.00", "45.00"),
    ]


def test_rows_with_a_vat_code_between_price_and_amount_price_themselves_less_a_printed_discount():
    """No header read; a VAT code ("10", "21") stands between each price and its amount, and the
    first row takes off the 5 % it prints."""
    words = _cells(120, (40, "Pintura de fachada, dos manos"), (310, "300"), (360, "8,40"), (400, "5%"))
    words += _cells(120, (450, "10"), (510, "2.394,00"))
    words += _cells(
        144, (40, "Reparación de grietas"), (310, "36"), (360, "22,00"), (450, "10"), (515, "792,00")
    )
    words += _cells(
        168, (40, "Retirada de escombros"), (310, "1"), (360, "180,00"), (450, "21"), (515, "180,00")
    )
    items, _sources = priced_rows(_scanned_layout(words), ITEM_FIELDS)
    assert [(i["description"], i["quantity"], i["unit_price"], i["amount"]) for i in items] == [
        ("Pintura de fachada, dos manos", 300, "8.40", "2394.00"),
        ("Reparación de grietas", 36, "22.00", "792.00"),
        ("Retirada de escombros", 1, "180.00", "180.00"),
    ]


@pytest.mark.parametrize(
    ("numbers", "three"),
    [
        (["40,00", "54,00", "22,00", "2.160,00"], (0, 1, 3)),  # a rate between: apart
        (["1", "180,00", "21", "180,00"], (0, 1, 3)),  # a VAT code between
        (["2", "50,00", "100,00", "19"], (0, 1, 2)),  # side by side, a code after
        (["1", "2 145,00", "6", "2 145,00"], (0, 1, 3)),  # amounts a space groups
        (["3", "20,00", "21", "50,00"], None),  # 60,00 less 16 %, which the row does not print
    ],
)
def test_a_rows_quantity_price_and_amount_are_the_numbers_that_multiply(numbers, three):
    assert three_that_multiply(numbers) == three


def test_an_amount_a_space_groups_is_one_word_of_its_cell_but_two_cells_are_two_numbers():
    line = _scanned_layout(
        _cells(100, (40, "Porte"), (300, "1"), (340, "2 145,00 €"), (470, "180,00"), (540, "142, 50"))
    ).lines[0]
    assert [[word.text for word in amount_words(cell)] for cell in line.cells] == [
        ["Porte"],
        ["1"],
        ["2 145,00", "€"],
        ["180,00"],
        ["142,50"],  # cents OCR spaced off the point
    ]


def test_a_vat_rates_column_before_the_quantity_gives_none_of_the_rows_numbers():
    """A text layer's row "… 10 %  6  42,00 €  252,00 €" under "TVA  Qté  Prix unit.  Montant": the
    rate is no number of the item, and an amount a space groups is one number."""
    header = _cells(
        100, (40, "Désignation"), (320, "TVA"), (360, "Qté"), (400, "Prix unit. HT"), (490, "Montant HT")
    )
    rows = _cells(120, (40, "Plateau de fromages affinés"), (318, "10 %"), (368, "6"), (410, "42,00 €"))
    rows += _cells(120, (500, "252,00 €"))
    rows += _cells(140, (40, "Cocktail déjeunatoire"), (318, "10 %"), (364, "85"), (410, "18,50 €"))
    rows += _cells(140, (490, "1 572,50 €"))
    items, _sources = layout_items(_scanned_layout(header + rows), ITEM_FIELDS)
    assert [(i["quantity"], i["unit_price"], i["amount"]) for i in items] == [
        (6, "42.00", "252.00"),
        (85, "18.50", "1572.50"),
    ]


def test_a_price_per_unit_header_and_a_quantity_header_no_vocabulary_knows():
    """ "€/Gebinde" is a unit price; "Gebinde" (packs) is no word the vocabulary holds, but its
    numbers times the price are the amounts: it is the quantity."""
    header = _cells(100, (40, "Artikel"), (330, "Gebinde"), (400, "€/Gebinde"), (500, "Betrag"))
    rows = _cells(120, (40, "Äpfel Elstar Kiste 12 kg"), (340, "14"), (405, "21,40"), (500, "299,60"))
    rows += _cells(140, (40, "Birnen Abate Kiste 10 kg"), (345, "6"), (405, "24,10"), (500, "144,60"))
    items, _sources = layout_items(_scanned_layout(header + rows), ITEM_FIELDS)
    assert [(i["quantity"], i["unit_price"], i["amount"]) for i in items] == [
        (14, "21.40", "299.60"),
        (6, "24.10", "144.60"),
    ]


def test_a_code_column_named_with_a_slash_is_no_price_per_unit():
    """An Indian GST invoice's "HSN/SAC" (a goods code column) is three capitals and a slash, like
    "EUR/ud.", but no currency: the quantity and the rate stay under their own headers."""
    header = _cells(
        100, (40, "Sl"), (100, "Description of Goods"), (290, "HSN/SAC"), (370, "Quantity"), (460, "Rate")
    )
    header += _cells(100, (520, "per"), (570, "Amount"))
    rows = []
    for y, (description, code, quantity, rate, amount) in enumerate(
        [
            ("HDPE Granules Natural", "39012000", "500 kg", "118.40", "59,200.00"),
            ("LLDPE Film Granules", "39014010", "750 kg", "112.75", "84,562.50"),
        ]
    ):
        rows += _cells(120 + 20 * y, (42, str(y + 1)), (100, description), (290, code), (375, quantity))
        rows += _cells(120 + 20 * y, (455, rate), (522, "kg"), (565, amount))
    items, _sources = layout_items(_scanned_layout(header + rows), ITEM_FIELDS)
    assert [(i["quantity"], i["unit_price"], i["amount"]) for i in items] == [
        (500, "118.40", "59200.00"),
        (750, "112.75", "84562.50"),
    ]


def test_a_count_in_its_unit_under_the_quantity_header_is_the_quantity_of_the_three():
    """A wholesaler's "Menge VE | Preis/VE St. | Betrag": a count of packs in its unit ("1 Kiste"),
    the price a pack, the pieces a pack, the amount. 22,80 x 1 = 22,80 multiplies side by side too,
    but the quantity is the count the quantity's header stands over."""
    header = _cells(100, (40, "Pos"), (80, "Artikelbezeichnung"), (380, "Menge VE"), (480, "Preis/VE St."))
    header += _cells(100, (640, "Betrag EUR"))
    rows = []
    for y, (description, count, price, pieces, amount) in enumerate(
        [
            ("Pommes frites TK 4 x 2,5 kg", "6 Kart.", "21,90", "1", "131,40"),
            ("Äpfel Boskoop, Kiste 12 kg", "1 Kiste", "22,80", "1", "22,80"),
            ("Kölsch-Stangen 0,2 l", "2 Kart.", "16,20", "12", "32,40"),
        ]
    ):
        rows += _cells(120 + 20 * y, (42, str(y + 1)), (80, description), (385, count), (485, price))
        rows += _cells(120 + 20 * y, (570, pieces), (645, amount))
    items, _sources = layout_items(_scanned_layout(header + rows), ITEM_FIELDS)
    assert [(i["quantity"], i["unit_price"], i["amount"]) for i in items] == [
        (6, "21.90", "131.40"),
        (1, "22.80", "22.80"),
        (2, "16.20", "32.40"),
    ]


def test_a_net_amount_a_vat_rate_and_the_vat_are_no_quantity_price_and_amount():
    """Guard: only the amount's column is named, and 6 850,00 x 20 is 1 370,00 with two decimal
    points lost: an exact product is asked for where the header names not all three."""
    header = _cells(100, (40, "Details"), (330, "Net Amount"), (420, "VAT %"), (500, "VAT"))
    rows = _cells(
        120, (40, "Oak staircase supply and fit"), (330, "6,850.00"), (425, "20.00"), (500, "1,370.00")
    )
    rows += _cells(140, (40, "Sash window repair"), (345, "385.00"), (425, "20.00"), (510, "77.00"))
    items, _sources = layout_items(_scanned_layout(header + rows), ITEM_FIELDS)
    assert [(i["quantity"], i["unit_price"]) for i in items] == [(None, None), (None, None)]


def test_a_header_whose_cells_ocr_ran_together_still_heads_the_table_and_spaced_cents_join():
    """No cell of the header is one column's name as a whole ("articolo Descrizione", "UM
    Quantità Prezzo unitario", "Importo C.IVA"), and OCR spaced a price's cents off ("142, 50")."""
    header = _cells(
        100, (40, "articolo Descrizione"), (280, "UM Quantità Prezzo unitario"), (470, "Importo C.IVA")
    )
    rows = _cells(
        120, (40, "Albero di trasmissione"), (285, "pz"), (335, "8"), (400, "142, 50"), (480, "1.140,00")
    )
    rows += _cells(
        140, (40, "Flangia DN80 zincata"), (285, "pz"), (335, "16"), (400, "23,80"), (485, "380,80")
    )
    items, _sources = layout_items(_scanned_layout(header + rows), ITEM_FIELDS)
    assert [(i["description"], i["quantity"], i["unit_price"], i["amount"]) for i in items] == [
        ("Albero di trasmissione", 8, "142.50", "1140.00"),
        ("Flangia DN80 zincata", 16, "23.80", "380.80"),
    ]
