"""Layouts from the set OV of the twenty-eighth session (Olpe to Lichinga, weighted to résumés,
German documents and phone photos of till slips): the body's next heading beside a sidebar's
skill ends the education above it, a sidebar's skills spaced wider than its heading's gap to the
first, a résumé dated "March 14, 2026", a position's own months that date no writing, a German
legal form wrapped onto the next line, a card's tender line OCR misread, a scan's line settled by
the sum it makes, and a Spanish "ñ" OCR read as "fi"."""

from __future__ import annotations

from datetime import date

from batches.processing.layout.respell import with_enye
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of, _words_of


def _sidebar_resume() -> list[tuple]:
    return [
        (216, 55, "Wouter de Clercq", 16),
        (28, 143, "CONTACT", 7),
        (216, 149, "OPLEIDING", 8),
        (28, 160, "wouter.declercq@example.org", 8),
        (216, 165, "Bachelor Logistiek", 7),
        (529, 166, "2010 \u2013 2013", 6),
        (216, 178, "Hogeschool Hageland", 8),
        (27, 222, "VAARDIGHEDEN", 7),
        (27, 238, "SAP EWM", 6),
        (215, 237, "WERKERVARING", 8),
        (215, 253, "Logistiek planner", 9),
        (507, 254, "Mei 2018 \u2014 Heden", 6),
        (27, 260, "Heftruckcertificaat", 7),
        (215, 266, "Demer Transport BV", 6),
        (27, 282, "Planning", 6),
        (215, 286, "Magazijnverantwoordelijke", 9),
        (470, 288, "December 2013 \u2014 April 2018", 6),
        (26, 305, "Voorraadbeheer", 6),
        (215, 300, "Hageland Bouwmaterialen NV", 8),
        (26, 326, "Excel", 6),
        (26, 356, "TALEN", 6),
        (26, 372, "Nederlands (moedertaal)", 6),
    ]


def test_the_bodys_next_heading_beside_a_sidebars_skill_ends_the_education_above_it():
    # December 2013 to this month (the résumé prints no date of its own): "Heden" is not the
    # December 2019 a position's end would give, nor is the work education's
    today = date.today()
    expected = (12 * today.year + today.month - (12 * 2013 + 12) + 1) // 12
    assert read_pdf(_sidebar_resume(), "years of experience")["years_experience"] == expected


def test_a_sidebars_skills_spaced_wider_than_their_headings_gap_are_one_column():
    # OCR boxes a small sidebar's lines tight (7 pixels), its items 22 apart, the first 16 under
    # the heading: the second item is no farther than the heading's own margin allows
    cells = [
        (216, 55, "Wouter de Clercq", 16),
        (216, 149, "OPLEIDING", 7.7),
        (216, 165, "Bachelor Logistiek", 7.4),
    ]
    cells += [
        (28, 196, "3290 Diest", 6.0),
        (215, 197, "ASO Economie", 7.0),
        (215, 209, "Sint-Jan Berchmanscollege", 7.0),
    ]
    cells += [(27, 222, "VAARDIGHEDEN", 6.7), (27, 238, "SAP EWM", 5.8), (215, 237, "WERKERVARING", 7.7)]
    cells += [(215, 253, "Logistiek planner", 9.1), (507, 254, "Mei 2018 \u2014 Heden", 5.3)]
    cells += [(27, 260, "Heftruckcertificaat", 7.2), (215, 266, "Demer Transport BV", 6.2)]
    cells += [(27, 282, "Planning", 6.0), (215, 286, "Magazijnverantwoordelijke", 9.0)]
    cells += [(26, 305, "Voorraadbeheer", 6.2), (215, 300, "Hageland Bouwmaterialen NV", 7.9)]
    cells += [(26, 326, "Excel", 6.0), (26, 356, "TALEN", 6.2), (26, 372, "Nederlands (moedertaal)", 5.8)]
    words = [
        word for x, y, text, size in cells for word in _words_of(y, text, size, x=x)
    ]  # OCR's tight boxes
    assert _fields_read(words, "skills")["skills"] == [
        "SAP EWM",
        "Heftruckcertificaat",
        "Planning",
        "Voorraadbeheer",
        "Excel",
    ]


def test_a_resume_dated_month_day_year_ends_a_position_held_to_present_there():
    text = (
        "Josiah Brackenbury\nWork experience\n03/2022 \u2013 present  Data Analyst\n"
        "01/2018 \u2013 11/2019  Junior Analyst\nEducation\n2016 \u2013 2018  MSc Data Science\n"
        "Bozeman, March 14, 2026\n"
    )
    # 49 months from March 2022 to March 2026, both counted (not to this month), and 23: six years
    assert extract_text(text, "years of experience").data["years_experience"] == 6


def test_a_german_legal_form_wrapped_onto_the_next_line_completes_the_name():
    items = [
        (50, 40, "Sauerländer Haustechnik Kemper GmbH", 14),
        (50, 90, "ABSENDER", 8),
        (300, 90, "RECHNUNGSEMPFÄNGER", 8),
        (50, 104, "Sauerländer Haustechnik", 9),
        (300, 104, "Biggesee Ferienpark", 9),
        (50, 116, "Kemper GmbH", 9),
        (300, 116, "Betriebs-GmbH", 9),
        (50, 128, "Rosenstraße 24", 9),
        (300, 128, "Lindenweg 139", 9),
        (50, 170, "Rechnungsnummer: RE 25/0417", 9),
    ]
    assert read_pdf(items, "customer name")["customer_name"] == "Biggesee Ferienpark Betriebs-GmbH"
    order = [
        (50, 40, "BESTELLUNG", 14),
        (50, 90, "Besteller", 8),
        (300, 90, "Lieferant", 8),
        (50, 104, "Elbaue Bio-Kiste UG", 9),
        (300, 104, "Nordsächsische Verpackungen", 9),
        (50, 116, "(haftungsbeschränkt)", 9),
        (300, 116, "GmbH", 9),
        (50, 128, "Hohe Straße 38", 9),
        (300, 128, "Ziegeleiweg 61", 9),
    ]
    fields = read_pdf(order, "buyer, supplier")
    assert (fields["buyer"], fields["supplier"]) == (
        "Elbaue Bio-Kiste UG (haftungsbeschränkt)",
        "Nordsächsische Verpackungen GmbH",
    )


def _till_slip(tender: str) -> list:
    words = _words_of(20, "BOULANGERIE DES CAUSSES", size=14) + _words_of(50, "07/10/2025 13:57 #1187")
    words += _line_of(70, (20, "Bleu des Causses"), (200, "24,39"))
    words += _line_of(86, (20, "Croissant"), (200, "4,53"))
    words += _line_of(102, (20, "TOTAL 28,92 EUR"))
    words += _line_of(118, (20, tender), (200, "28,92"))
    return words + _words_of(140, "Merci de votre visite")


def test_a_tender_line_ocr_misread_under_the_total_it_pays_is_the_wording_it_nearly_spells():
    assert _fields_read(_till_slip("art bancaire"), "payment method")["payment_method"] == "Carte bancaire"
    assert _fields_read(_till_slip("Article offert"), "payment method").get("payment_method") is None


def _scanned_invoice(rows: list[tuple[str, str, str, str]], subtotal: str) -> list:
    words = _line_of(40, (40, "Fattura n. 118/2025"))
    words += _line_of(80, (40, "Descrizione"), (300, "Q.ta"), (360, "Prezzo"), (460, "Importo"))
    for at, (description, count, price, amount) in enumerate(rows):
        words += _line_of(100 + 16 * at, (40, description), (305, count), (360, price), (460, amount))
    return words + _line_of(100 + 16 * len(rows) + 20, (340, "Imponibile"), (460, subtotal))


def test_a_scans_line_that_does_not_add_up_is_settled_by_the_sum_the_document_prints():
    rows = [
        ("Manutenzione impianto", "2", "473,98", "947,96"),
        ("Ore di progettazione", "8", "13,98", "588,64"),
    ]
    items = _fields_read(_scanned_invoice(rows, "1.536,60"), "subtotal, line items")["line_items"]
    assert [item["unit_price"] for item in items] == ["473.98", "73.58"]  # the amounts make the sum
    rows = [("Voorrijkosten", "1", "57,17", "57,17"), ("Webhosting pakket Plus", "3", "125,84", "311,52")]
    items = _fields_read(_scanned_invoice(rows, "434,69"), "subtotal, line items")["line_items"]
    assert [item["amount"] for item in items] == ["57.17", "377.52"]  # the products make it
    items = _fields_read(_scanned_invoice(rows, "368,69"), "subtotal, line items")["line_items"]
    assert [item["amount"] for item in items] == ["57.17", "311.52"]  # as read: the sum says so


def test_a_spanish_pages_enye_ocr_read_as_fi_between_vowels_is_read_back():
    words = _words_of(10, " ".join(TEXTS))
    assert [word.text for word in with_enye(words, "es")] == [
        "Diseño",
        "español",
        "DOÑA",
        "oficina",
        "desafiar",
        "atrofia",
        "confianza",
    ]
    assert [word.text for word in with_enye(words, "it")] == TEXTS  # Italian writes no ñ


TEXTS = ["Disefio", "espafiol", "DOFIA", "oficina", "desafiar", "atrofia", "confianza"]
