"""Layouts from the harder set opened this session (Chemnitz to Cabinda): a shadow across a
photographed page, a period whose label stands between its two lines, October's "O" read as a
zero, a Spanish "C/" street and an estate's lot over a letterhead, another party's reference as
an order's number, a logo's initials between a name and its legal form, a person labelled by
initial, a name restated with more of its legal form, a Europass CV's other skills."""

from __future__ import annotations

import numpy
from PIL import Image, ImageDraw, ImageFont

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.addressees import _a_return_address
from batches.processing.builtin.fallbacks.names import a_street, initial_written_out
from batches.processing.builtin.fallbacks.skills import _misread_bullet
from batches.processing.builtin.labels import label_index
from batches.processing.builtin.values import restated_longer, wrapped_with
from batches.processing.layout import ocr
from batches.processing.layout.geometry import group_lines
from batches.processing.layout.model import Word
from tests.batches.processing import extracting  # noqa: F401 - registers the DejaVu font the PDFs use
from tests.batches.processing.test_extract_layouts import extract, pdf

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def test_a_shadow_across_a_page_is_made_white_and_its_ink_kept():
    page = Image.new("L", (1200, 800), 235)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 28)
    for y in range(60, 760, 60):
        draw.text((40, y), "Hydraulic hose assembly, 4-wire", fill=40, font=font)
        draw.text((760, y), "7  1,091.00  7,637.00", fill=40, font=font)
    pixels = numpy.asarray(page, dtype=numpy.float32)
    pixels[:, 720:] *= 0.55  # a shadow's hard edge down the page: its paper 129, its ink 22
    shadowed = Image.fromarray(pixels.astype(numpy.uint8))
    flat = numpy.asarray(ocr.flattened(shadowed, shadows=True)).astype(int)  # a photo cut from its table
    assert flat[100:115, 780:1150].mean() > 200  # the paper between the lines, in the shadow
    assert flat[60:100, 720:1150].min() < 80  # its ink still ink
    assert flat[100:115, 40:560].mean() > 200  # the lit side as before
    scanned = numpy.asarray(ocr.flattened(shadowed)).astype(int)  # a scan: a dark region stays as it is
    assert (scanned[100:115, 780:1150] == 129).all()


def test_a_dark_band_of_light_print_is_no_shadow():
    page = Image.new("L", (1200, 800), 235)
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, 1200, 200), fill=110)  # a letterhead band
    font = ImageFont.truetype(FONT, 40)
    draw.text((60, 70), "NKANA MINING SUPPLIES LTD", fill=250, font=font)
    draw.text((60, 400), "Tax invoice NMS/TI/08842", fill=30, font=font)
    flat = numpy.asarray(ocr.flattened(page, shadows=True)).astype(int)
    assert (flat[10:50, :] == 110).all() and (flat[150:190, :] == 110).all()  # the band stays dark
    assert flat[70:110, 60:700].max() > 240  # and its print light


def test_a_period_whose_label_stands_between_its_two_lines():
    items = [
        (50, 50, "Banco Extremeño de Ahorro", 12),
        (400, 50, "Extracto de cuenta", 12),
        (50, 120, "Lucía Gallardo Núñez", 9),
        (330, 120, "IBAN", 9),
        (420, 120, "ES42 2048 1234 5612 3456 7890", 9),
        (330, 134, "Titular", 9),
        (420, 134, "Lucía Gallardo Núñez", 9),
        (420, 150, "1 de abril de 2025 al 30 de abril de", 9),
        (330, 157, "Periodo", 9),  # level with the middle of the wrapped value
        (420, 164, "2025", 9),
        (50, 200, "Saldo anterior", 8),
        (400, 200, "Saldo final", 8),
        (50, 212, "1.870,44", 9),
        (400, 212, "3.406,02", 9),
    ]
    data = extract(pdf(items), "extracto.pdf").data
    assert (data["statement_period_start"], data["statement_period_end"]) == ("2025-04-01", "2025-04-30")


def test_octobers_o_read_as_a_zero():
    assert norm.find_dates("Periodo  01/0CT/2025 al 31/0CT/2025", month_first=False) == [
        (9, "2025-10-01"),
        (24, "2025-10-31"),
    ]
    assert norm.find_dates("Ref 10 0000 2025", month_first=False) == []  # a zero before digits stays one


def test_streets_a_letterhead_prints_over_its_name():
    assert a_street("C/ Alcalde Costa, 23, 3º 2ª")
    assert a_street("Zona Industrial das Cantarias, Lote 31")
    assert not a_street("Tamar Valley Cider Co. Pty Ltd")
    items = [
        (380, 40, "C/ Alcalde Costa, 23, 3º 2ª", 9),
        (110, 52, "Jordi Puig Solé", 14),
        (50, 68, "JPS", 20),
        (110, 70, "Ingeniero agrónomo · Asesoría técnica en fruticultura", 9),
        (420, 60, "25002 Lleida", 9),
        (50, 130, "Fruites Segrià, S.L.", 9),
        (50, 180, "FACTURA", 14),
        (50, 200, "Nº factura", 8),
        (200, 200, "Fecha factura", 8),
        (50, 212, "2025/A-0047", 9),
        (200, 212, "02/06/2025", 9),
        (350, 260, "Total factura", 9),
        (470, 260, "1.210,00 €", 9),
    ]
    assert extract(pdf(items), "factura.pdf").data["vendor_name"] == "Jordi Puig Solé"


def test_an_orders_number_beside_another_partys_reference_to_a_quote():
    index = label_index(("po_number", "order_date", "buyer", "supplier", "total"))
    assert not index.hits("O/Ref.")  # "our reference" to a quote, no misspelt "PO Ref"
    assert not index.hits("N/Ref.")
    assert [hit.field for hit in index.hits("PO Ref")] == ["po_number"]


def test_a_letterheads_legal_form_under_its_logos_initials():
    items = [
        (380, 40, "Blvd. Isidro López Zertuche 4120", 9),
        (90, 52, "Autopartes del Norte de Coahuila", 13),
        (380, 54, "Parque Industrial Saltillo, C.P. 25230", 9),
        (50, 64, "AN", 20),
        (380, 66, "Saltillo, Coah.", 9),
        (90, 76, "S.A. de C.V. · RFC ANC0807153K2", 9),
        (330, 120, "ORDEN DE COMPRA", 12),
        (330, 140, "Folio OC", 9),
        (430, 140, "OC-2025-00873", 9),
        (50, 190, "PROVEEDOR", 8),
        (300, 190, "ENTREGAR EN", 8),
        (50, 204, "Aceros y Troqueles Arteaga S.A. de C.V.", 9),
        (300, 204, "Almacén de materia prima \u2013 Andén 3", 9),
        (330, 260, "Total", 9),
        (470, 260, "$ 25,604.24", 9),
    ]
    data = extract(pdf(items), "orden.pdf").data
    assert data["buyer"] == "Autopartes del Norte de Coahuila S.A. de C.V."


def test_a_person_labelled_by_an_initial_is_written_out_as_another_line_prints_them():
    text = "Eleanor Penrose\nFlat 3, 27 Lipson Road\nAccount name  Mrs E Penrose"
    assert initial_written_out("E Penrose", text) == "Eleanor Penrose"
    assert initial_written_out("E Penrose", "E Penrose\nEdward Penrose\nEleanor Penrose") == "E Penrose"
    assert initial_written_out("J.H. Bosman", "Johan Bosman") == "J.H. Bosman"  # two initials: as printed


def test_a_name_restated_with_more_of_its_legal_form():
    restatement = "Tamar Valley Cider Co. Pty Ltd · ABN 71 608 254 119"
    assert restated_longer("Tamar Valley Cider Co.", restatement) == "Tamar Valley Cider Co. Pty Ltd"
    assert wrapped_with("Tamar Valley Cider Co.", restatement) == "Tamar Valley Cider Co. Pty Ltd"
    assert restated_longer("Tamar Valley Cider Co.", "Tamar Valley Cider Co. \u2013 Production shed") is None
    items = [
        (380, 40, "88 Brisbane Street", 9),
        (50, 52, "Tamar Valley Cider Co.", 13),
        (380, 52, "Launceston TAS 7250", 9),
        (380, 64, "+61 3 6334 2281", 9),
        (50, 76, "Tamar Valley Cider Co. Pty Ltd · ABN 71 608 254 119", 8),
        (330, 120, "PURCHASE ORDER", 12),
        (330, 140, "PO Number", 9),
        (430, 140, "PO-TVC-2025-118", 9),
        (330, 154, "Buyer contact", 9),
        (430, 154, "Hannah Rees", 9),
        (50, 190, "SUPPLIER", 8),
        (50, 204, "Northern Tasmania Packaging Pty Ltd", 9),
        (330, 260, "Total (inc GST)", 9),
        (470, 260, "$4,180.00", 9),
    ]
    data = extract(pdf(items), "po.pdf").data
    assert data["buyer"] == "Tamar Valley Cider Co. Pty Ltd"
    assert data["supplier"] == "Northern Tasmania Packaging Pty Ltd"


def test_a_europass_cvs_other_skills_are_skills():
    items = [
        (50, 50, "curriculum vitae", 12),
        (200, 90, "Sanne van der Heijden", 12),
        (120, 110, "E-mail", 9),
        (200, 110, "sanne.vdheijden@example.com", 9),
        (120, 124, "Telefoon", 9),
        (200, 124, "+31 6 4187 2290", 9),
        (60, 170, "WERKERVARING", 10),
        (90, 190, "12/2023 \u2013 heden", 9),
        (200, 190, "Teamleider klantenservice", 9),
        (40, 250, "PERSOONLIJKE VAARDIGHEDEN", 10),
        (110, 270, "Moedertaal", 9),
        (200, 270, "Nederlands", 9),
        (80, 290, "Digitale vaardigheden", 9),
        (200, 290, "ITIL 4, TOPdesk, Active Directory", 9),
        (80, 310, "Andere vaardigheden", 9),
        (200, 310, "Coaching, Roosterplanning", 9),
        (110, 330, "Rijbewijs", 9),
        (200, 330, "B", 9),
    ]
    skills = extract(pdf(items), "cv.pdf").data["skills"]
    assert {"Coaching", "Roosterplanning", "TOPdesk"} <= set(skills)


def test_an_amount_ocr_spaced_after_each_mark():
    assert norm.parse_amount("3. 107, 52") == "3107.52"
    assert norm.parse_amount("12. 345. 678, 90") == "12345678.90"
    assert norm.parse_amount("2. 10") == "2.10"  # a till's spaced cents, as before


def test_a_label_over_the_next_row_of_its_block_takes_the_value_beside_it():
    items = [
        (50, 50, "Gelderse Spaarbank", 14),
        (400, 50, "Rekeningafschrift", 12),
        (50, 110, "J.H. Bosman", 9),
        (300, 110, "Rekening", 9),
        (380, 110, "NL91 GELD 0417 1644 01", 9),
        (50, 124, "Loolaan 140", 9),
        (300, 124, "Naam", 9),
        (380, 124, "J.H. Bosman", 9),
        (50, 138, "7315 AG Apeldoorn", 9),
        (300, 138, "Soort", 9),  # no vocabulary's label: the next row of the block all the same
        (380, 138, "Betaalrekening", 9),
        (300, 152, "Periode", 9),
        (380, 152, "01-08-2025 t/m 31-08-2025", 9),
        (50, 190, "Beginsaldo", 8),
        (400, 190, "Eindsaldo", 8),
        (50, 202, "3.107,52", 9),
        (400, 202, "4.125,89", 9),
    ]
    assert extract(pdf(items), "afschrift.pdf").data["account_holder"] == "J.H. Bosman"


def test_an_account_numbers_mask_read_as_capitals_and_a_branch_named_before_its_word():
    items = [
        (50, 50, "Copperbelt Commercial Bank Plc", 14),
        (400, 50, "ACCOUNT STATEMENT", 12),
        (50, 66, "Kitwe Branch", 9),
        (200, 66, "Obote Avenue - Kitwe, Zambia", 9),
        (50, 110, "Chanda Mwale", 9),
        (300, 110, "Account No.", 9),
        (380, 110, "SREP", 9),  # "****" as OCR read it
        (420, 110, "0193", 9),
        (50, 124, "House 14, Parklands", 9),
        (300, 124, "Currency", 9),
        (380, 124, "ZMW", 9),
        (300, 138, "Statement period", 9),
        (380, 138, "01/06/2025 to 30/06/2025", 9),
        (50, 190, "Opening balance", 8),
        (400, 190, "Closing balance", 8),
        (50, 202, "9,210.75", 9),
        (400, 202, "23,874.53", 9),
        (50, 240, "03/06/2025  Wallet top-up 096*****681  500.00  8,710.75", 8),
    ]
    data = extract(pdf(items), "statement.pdf").data
    assert data["account_number_last4"] == "0193"
    assert data["account_holder"] == "Chanda Mwale"  # not "Kitwe Branch", the bank's branch


def test_an_orders_total_that_a_column_heading_gave_as_its_first_row_is_the_items_sum_printed_under():
    rows = [
        ("Bilderdruckpapier matt 135 g/m2", "1 Pal", "731,90", "731,90"),
        ("Offsetkarton GC2 300 g/m2", "1 Pal", "1.087,00", "1.087,00"),
        ("Dispersionslack glänzend, 20 kg", "4 Geb", "161,82", "647,28"),
    ]
    items = [
        (50, 50, "Fuggerstadt Druck GmbH", 14),
        (50, 100, "Bestellung Nr. 4500192692", 11),
        (50, 116, "Datum: 14.10.2025", 9),
        (50, 150, "Artikelbezeichnung", 8),
        (300, 150, "Menge", 8),
        (380, 150, "Preis/Einh.", 8),
        (470, 150, "Gesamt", 8),
        (470, 159, "netto", 8),
    ]
    for n, (description, quantity, price, amount) in enumerate(rows):
        y = 176 + 14 * n
        items += [(50, y, description, 8), (300, y, quantity, 8), (380, y, price, 8), (470, y, amount, 8)]
    items += [
        (300, 240, "Bestellwert netto (zzgl.", 9),
        (300, 252, "gesetzl. MwSt.)", 9),
        (470, 252, "2.466,18", 9),
    ]
    data = extract(pdf(items), "bestellung.pdf").data
    assert data["total"] == "2466.18"  # not 731,90 under "Gesamt netto"


def _ocr_line(y: float, *cells: tuple[float, str], tilt: float = 0.0, line: int = 1) -> list[Word]:
    """One OCR line's words, each cell's from its own left edge, the line falling ``tilt`` points
    a point across (a tilted photo)."""
    words = []
    for left, text in cells:
        x = left
        for word in text.split():
            top = y + tilt * x
            words.append(Word(word, x, top, x + 6 * len(word), top + 10, confidence=0.9, line=line))
            x += 6 * len(word) + 4
    return words


def test_ocr_lines_go_down_the_page_by_most_of_their_words_not_a_speck_reaching_up():
    first = _ocr_line(100, (50, "1 SP06178"), (150, "Ring Spinning Spindle"), (400, "9 1,535.00 13,815.00"))
    second = _ocr_line(114, (150, "V-Belt B-68 (matched set of 4)"), (400, "6 1,140.76 6,844.56"), line=2)
    speck = Word("lupa", 50, 95, 74, 127, confidence=0.3, line=2)  # both rows' numbers run together
    lines = group_lines([*first, *second, speck], page=1)
    assert "Ring" in lines[0].text and "V-Belt" in lines[1].text


def test_a_lone_letter_for_a_bullet_among_bullets_read_as_signs():
    lines = [(1, "COMPETENZE"), (1, "e Adobe InDesign"), (1, "Photoshop"), (1, "+ Packaging design")]
    assert _misread_bullet(lines)("e Adobe InDesign") == "• Adobe InDesign"
    assert (
        _misread_bullet(lines[:3])("e Adobe InDesign") == "e Adobe InDesign"
    )  # no sign: one letter is too few


def test_a_return_address_parted_by_a_colon_or_its_town_in_the_next_cell():
    assert _a_return_address("Armor Froid Services SARL : 8 rue Jean Monnet - 29200 Brest")
    items = [
        (50, 40, "ARMOR FROID SERVICES", 14),
        (400, 40, "29200 Brest", 8),
        (50, 90, "Armor Froid Services SARL : 8 rue Jean Monnet - 29200 Brest", 6),
        (50, 104, "Poissonnerie Kerbrat SARL", 9),
        (50, 116, "M. Loïc Kerbrat", 9),
        (50, 128, "Port de commerce, quai Malbert", 9),
        (50, 140, "29200 Brest", 9),
        (50, 200, "FACTURE N° AFS-25-0614", 12),
        (350, 260, "NET À PAYER TTC", 9),
        (470, 260, "3 009,97 €", 9),
    ]
    data = extract(pdf(items), "facture.pdf").data
    assert (data["vendor_name"], data["customer_name"]) == (
        "Armor Froid Services SARL",
        "Poissonnerie Kerbrat SARL",
    )


def test_a_rows_number_ocr_read_as_letters_is_no_part_of_its_description():
    items = [(50, 50, "Nkana Mining Supplies Ltd", 14), (50, 80, "Tax Invoice No NMS/TI/08842", 9)]
    items += [(50, 120, "#", 8), (66, 120, "Description", 8), (330, 120, "Qty", 8), (400, 120, "Amount", 8)]
    rows = [
        ("a", "Reflective vest, class 2", "36", "4,028.40"),
        ("No", "Gumboots steel toe", "8", "2,536.00"),
    ]
    for n, (number, description, quantity, amount) in enumerate(rows):
        y = 136 + 14 * n
        items += [(50, y, f"{number} {description}", 8), (335, y, quantity, 8), (400, y, amount, 8)]
    items += [(330, 190, "Total", 9), (400, 190, "6,564.40", 9)]
    lines = extract(pdf(items), "invoice.pdf").data["line_items"]
    assert [line["description"] for line in lines] == ["Reflective vest, class 2", "Gumboots steel toe"]
