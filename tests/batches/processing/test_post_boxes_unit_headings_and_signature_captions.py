"""Layouts from the opened sets of the twenty-sixth session (Wetzlar to Tlemcen, Memmingen to
Athlone): a post office box on a till receipt, a unit of measure's heading beside a quantity's OCR
misread, a balance dated on the period's first day, a tax summary whose rows a scan's reading order
interleaved with the totals beside it, Dutch name particles, a logo read as a short word, a unit
price OCR lost, a count times a price under each description, an item's wrap that both pages
print, a street over a letterhead's name, a signature's caption, a label's word in a phrase, a
ticked box, a till's number, a sidebar the item table's header took in, a bulleted skill over the
next heading."""

from __future__ import annotations

import time

from batches.processing.builtin.checks import check_items
from batches.processing.builtin.items import layout_items
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_scans import _cells_at, _fields_read, _line_of, _scanned_layout, _words_of

ITEM_FIELDS = ["description", "quantity", "unit_price", "amount"]


def test_a_post_office_box_is_no_purchase_orders_word():
    text = "\n".join(
        [
            "Mt. Elgon Pharmacy",
            "Plot 106, Republic Street",
            "P.O. Box 450, Mbale",
            "Ph +256 45 559 6037",
            "TIN 1003410027",
            "Served by: Brenda  09:36",
            "Receipt No: 19020  20-Nov-2024",
            "Vitamin C 100mg x30  6,000",
            "ORS sachets x5  2,500",
            "TOTAL UGX  8,500",
            "MTN MoMo  8,500",
        ]
    )
    assert extract_text(text, "", strategy="auto").document_type == "receipt"


UNIT_HEADINGS = [(40, "N°"), (70, "Désignation"), (318, "Qe"), (340, "Unité"), (406, "P.U. HT"), (455, "TVA")]
DISJONCTEUR = [(40, "2"), (70, "Disjoncteur différentiel 40 A"), (320, "22"), (342, "u"), (400, "6670,00")]
TISSU = [(40, "3"), (70, "Tissu coton popeline"), (320, "20"), (342, "m"), (400, "770,00")]


def test_a_unit_of_measures_heading_is_no_quantitys_and_three_numbers_that_multiply_find_the_amount():
    # "Qté" read "Qe" and "Montant HT" read "Men": only "Unité" (the unit of measure) was left
    # to take for the quantity
    header = _cells_at(100, [*UNIT_HEADINGS, (500, "Men")])
    rows = _cells_at(120, [*DISJONCTEUR, (455, "19%"), (500, "146 740,00")])
    rows += _cells_at(140, [*TISSU, (455, "19%"), (500, "15 400,00")])
    items, _sources = layout_items(_scanned_layout(header + rows), ITEM_FIELDS)
    assert [(i["quantity"], i["unit_price"], i["amount"]) for i in items] == [
        (22, "6670.00", "146740.00"),
        (20, "770.00", "15400.00"),
    ]


def test_a_balance_dated_on_the_periods_first_day_opens_it():
    text = "\n".join(
        [
            "Grands Lacs Bank S.A.  Relevé de compte",
            "Titulaire  Kivu Logistique SARL",
            "Période du 01/07/2025 au 31/07/2025",
            "Solde au 01/07/2025  USD 4 160,46",
            "04/07/2025  Commission transfert SWIFT  34,17",
            "13/07/2025  Virement reçu  4 509,41",
            "Nouveau solde au 31/07/2025  USD 8 635,70",
        ]
    )
    data = extract_text(text, "opening balance, closing balance").data
    assert (data["opening_balance"], data["closing_balance"]) == ("4160.46", "8635.70")


def test_a_tax_summarys_rows_go_on_past_a_line_of_the_totals_beside_them():
    # the scan read the totals' "zzgl. 7 % USt." between the 19 % and the 7 % rows, and the 19 %
    # row's gross with a space in it
    words = _line_of(600, (64, "Steuerübersicht"), (408, "Zwischensumme netto"), (542, "EUR 1.989,92"))
    words += _line_of(614, (66, "Steuersatz"), (162, "Netto"), (224, "Steuer"), (289, "Brutto"))
    words += _line_of(614, (435, "zzgl. 19"), (481, "USt."), (550, "EUR 299,98"))
    words += _line_of(628, (68, "19%"), (154, "1.578,86"), (225, "299,98"), (285, "1 .878,84"))
    words += _line_of(642, (440, "zzgl. 7 %.JSt,"), (555, "EUR 28,77"))
    words += _line_of(656, (67, "7%"), (159, "411,06"), (229, "28,77"), (290, "439,83"))
    words += _line_of(670, (411, "Rechnungsbetrag"), (531, "EUR 2.318,67"))
    fields = _fields_read(_words_of(40, "Aa-Textil Tenbrink GmbH") + words, "subtotal, tax, total")
    assert (fields["subtotal"], fields["tax"], fields["total"]) == ("1989.92", "328.75", "2318.67")


def test_dutch_name_particles_keep_a_persons_name():
    text = "\n".join(
        [
            "Joost ter Horst",
            "Logistiek coördinator",
            "WERKERVARING",
            "okt. 2021 - heden  Logistiek coördinator",
            "Aa-Textil Tenbrink GmbH · Bocholt (DE)",
            "E-mail  j.terhorst@example.org",
        ]
    )
    assert extract_text(text, "full name", strategy="per_document").data["full_name"] == "Joost ter Horst"


def test_a_logo_read_as_a_short_word_is_no_shops_name_and_its_kind_under_the_name_is_part_of_it():
    words = _words_of(30, "all", size=26) + _words_of(70, "The Murrumbidgee", size=16)
    words += _words_of(92, "Grocer", size=12) + _words_of(112, "116 Fitzmaurice Street")
    words += _words_of(128, "Wagga Wagga NSW 2650") + _words_of(150, "TAX INVOICE")
    words += _words_of(170, "Milk full cream 2L  3.10") + _words_of(190, "TOTAL  $3.10")
    assert _fields_read(words, "merchant name")["merchant_name"] == "The Murrumbidgee Grocer"


def test_a_unit_price_ocr_lost_is_the_amount_over_the_count_but_one_thing_priced_alone_printed_none():
    items = [
        {"description": "Kabelkanal 60 x 110 mm", "quantity": 14, "unit_price": None, "amount": "150.50"},
        {"description": "Palettenregal-Traverse", "quantity": 22, "unit_price": "48.45", "amount": "1065.90"},
        {"description": "Versand", "quantity": 1, "unit_price": None, "amount": "12.00"},
    ]
    check_items(items, [{}, {}, {}])
    assert [item["unit_price"] for item in items] == ["10.75", "48.45", None]


def test_a_count_times_a_price_under_each_description_is_its_quantity_and_unit_price():
    items = [(40, 40, "BON DE COMMANDE  N° de commande: PO-2025-3844", 10)]
    items += [(40, 100, "Désignation", 9), (420, 100, "Montant HT (EUR)", 9)]
    rows = [
        ("Installation et paramétrage du logiciel de caisse", "1 forfait x 346,50", "346,50"),
        ("Abonnement annuel logiciel de gestion", "8 u. x 526,00", "4 208,00"),
    ]
    for n, (description, counted, amount) in enumerate(rows):
        y = 114 + 26 * n
        items += [(40, y, description, 9), (440, y, amount, 9), (40, y + 11, counted, 7)]
    items += [(300, 180, "Total HT", 9), (440, 180, "4 554,50", 9)]
    fields = read_pdf(items, "line items (description, quantity, unit price, amount)")
    assert [(i["description"], i["quantity"], i["unit_price"]) for i in fields["line_items"]] == [
        ("Installation et paramétrage du logiciel de caisse", 1, "346.50"),
        ("Abonnement annuel logiciel de gestion", 8, "526.00"),
    ]


def test_an_items_wrap_both_pages_print_is_no_page_furniture():
    def page(first: int) -> list[tuple]:
        out = [(40, 40, "Facture FA-2026-0412", 12), (40, 100, "Désignation", 9)]
        out += [(320, 100, "Qté", 9), (380, 100, "P.U. HT", 9), (460, 100, "Montant HT", 9)]
        out += [(40, 114, f"{first}  Installation et paramétrage du logiciel de caisse sur deux", 9)]
        out += [(320, 114, "1", 9), (380, 114, "306,00", 9), (460, 114, "306,00", 9)]
        out += [(52, 125, "postes", 9), (40, 140, f"{first + 1}  Frais de déplacement", 9)]
        out += [(320, 140, "1", 9), (380, 140, "40,00", 9), (460, 140, "40,00", 9)]
        return [*out, (40, 800, f"Page {first}", 8)]

    fields = read_pdf(page(1), "line items (description, quantity, unit price, amount)", page(3))
    descriptions = [item["description"] for item in fields["line_items"]]
    assert descriptions.count("Installation et paramétrage du logiciel de caisse sur deux postes") == 2


def test_a_street_over_the_letterheads_name_is_no_vendor():
    text = "\n".join(
        [
            "Quartier Poumpoumré",
            "BP 37 Garoua",
            "Bawa & Frères SARL  Tél. +237 2 22 27 99 76",
            "Société Bénoué de Distribution SA  N° de facture:  FT 2026/756",
            "Quartier Yelwa  Date de facture:  5 mars 2026",
            "Total HT  8 366 500",
        ]
    )
    assert extract_text(text, "vendor name").data["vendor_name"] == "Bawa & Frères SARL"


def test_a_signature_caption_and_a_labels_word_in_a_phrase_name_no_supplier():
    text = "\n".join(
        [
            "Distribuidora Villca S.R.L.  ORDEN DE COMPRA",
            "PROVEEDOR  DIRECCIÓN DE ENTREGA",
            "Vinos y Singanis Chapaco S.R.L.  Distribuidora Villca S.R.L.",
            "Total  BOB 22.496,34",
            "Autorizado por: Fernanda Paucar  Proveedor - Firma autorizada",
        ]
    )
    assert extract_text(text, "supplier").data["supplier"] == "Vinos y Singanis Chapaco S.R.L."
    text = "\n".join(
        [
            "Marufu Engineering (Pvt) Ltd  PURCHASE ORDER",
            "SUPPLIER  SHIP TO",
            "Eastern Highlands Hydraulics (Pvt) Ltd  Marufu Engineering (Pvt) Ltd",
            "Requested by  Payment Terms  Delivery  Currency",
            "Tatenda Moyo  45 days from invoice  Supplier delivery, DAP  USD",
        ]
    )
    assert extract_text(text, "supplier").data["supplier"] == "Eastern Highlands Hydraulics (Pvt) Ltd"


def test_a_ticked_box_before_a_payment_method_and_a_tills_number_are_no_part_of_a_receipt():
    text = "\n".join(
        [
            "Chimanga Hardware Supplies Limited",
            "CASH SALE RECEIPT",
            "Date:  30/01/2025",
            "TOTAL K  4,354.33",
            "Payment:  A Cash  Cheque  Mobile Money  Card",
        ]
    )
    assert extract_text(text, "payment method").data["payment_method"] == "Cash"
    words = _words_of(30, "Caixa 5", size=14) + _words_of(60, "65 Irishtown") + _words_of(80, "Athlone")
    words += _words_of(100, "Erva-mate 1 kg  8,50") + _words_of(120, "TOTAL  EUR 8,50")
    assert _fields_read(words, "merchant name").get("merchant_name") != "Caixa 5"


def test_a_sidebar_the_item_headers_line_took_in_does_not_end_the_table():
    header = _cells_at(100, [(45, "BIC"), (70, "KVCCITMMXXX"), (225, "Descrizione"), (400, "Qtà")])
    header += _cells_at(100, [(460, "Prezzo"), (500, "unit."), (545, "Importo")])
    rows = _cells_at(
        120, [(225, "Sedia da ufficio ergonomica"), (404, "10"), (460, "164,72"), (545, "1.647,20")]
    )
    rows += _cells_at(134, [(45, "P.IVA")])
    rows += _cells_at(148, [(45, "IT48783174888")])
    rows += _cells_at(162, [(45, "REA"), (225, "Pannelli in multistrato"), (404, "24"), (460, "48,08")])
    rows += _cells_at(162, [(545, "1.153,92")])
    items, _sources = layout_items(_scanned_layout(header + rows), ITEM_FIELDS)
    assert [(i["quantity"], i["amount"]) for i in items] == [(10, "1647.20"), (24, "1153.92")]


def test_a_bulleted_skill_over_the_next_heading_and_a_bullet_read_with_a_speck_are_skills():
    text = "\n".join(
        [
            "Mariana José Ferreira",
            "E-mail  mferreira@mail.example.org",
            "COMPETÊNCIAS",
            "•  SolidWorks",
            "+. Pneumática",
            "•  Análise de falhas",
            "IDIOMAS",
            "Espanhol (B2)",
        ]
    )
    skills = extract_text(text, "skills", strategy="per_document").data["skills"]
    assert skills == ["SolidWorks", "Pneumática", "Análise de falhas"]


def test_an_amount_whose_decimal_comma_ocr_read_as_a_slash_is_read_whole():
    header = _cells_at(100, [(40, "Omschrijving"), (320, "Aantal"), (380, "Prijs"), (440, "Bedrag")])
    rows = _cells_at(
        120, [(40, "Koffiebonen biologisch, zak 1 kg"), (325, "8"), (380, "17,14"), (440, "137/12")]
    )
    items, _sources = layout_items(_scanned_layout(header + rows), ITEM_FIELDS)
    assert [(i["quantity"], i["unit_price"], i["amount"]) for i in items] == [(8, "17.14", "137.12")]


def test_an_education_heading_between_a_sidebars_item_and_specks_closes_the_work_history():
    # a scanned two-column CV: the sidebar's skill left of the body's heading, an icon's specks
    # right of it
    text = "\n".join(
        [
            "Sabine Becker",
            "BERUFSERFAHRUNG",
            "12/2019 - 11/2024  Sachbearbeiterin Einkauf",
            "07/2017 - 07/2019  Kaufmännische Angestellte",
            "e DATEV  AUSBILDUNG  ge a Tek  ES",
            "2014 - 2017  Ausbildung zur Industriekauffrau (IHK)",
            "2011 - 2014  Fachoberschulreife",
        ]
    )
    assert extract_text(text, "years of experience").data["years_experience"] == 7


def test_a_legal_form_wrapped_under_a_name_past_a_sidebars_line_between_them():
    # two party blocks side by side, their names' legal forms wrapped, and the sidebar's
    # "Rechnungsdatum" line read between the name and its "GmbH"
    words = _words_of(20, "Aa-Textil Tenbrink GmbH", size=14)
    words += _line_of(
        100, (40, "Rechnungsadresse"), (300, "Lieferadresse"), (470, "Rechnungsnr."), (550, "RE-2025-01693")
    )
    words += _line_of(
        114, (40, "Münsterland Kunststoffe Terhorst"), (300, "Münsterland Kunststoffe Terhorst")
    )
    words += _line_of(121, (470, "Rechnungsdatum"), (560, "6. September 2025"))
    words += _line_of(128, (40, "GmbH"), (300, "GmbH"))
    words += _line_of(140, (40, "Mühlenweg 115"), (300, "Ringstraße 72"))
    words += _line_of(300, (470, "Rechnungsbetrag"), (560, "EUR 2.318,67"))
    fields = _fields_read(words, "customer name")
    assert fields["customer_name"] == "Münsterland Kunststoffe Terhorst GmbH"


def test_the_company_under_a_receipts_sign_is_the_merchant_on_a_text_layer_and_on_a_scan():
    text = "\n".join(
        [
            "Supérette El Bahia",
            "SARL El Bahia Distribution",
            "117, Route de Sidi Amar",
            "23000 Annaba",
            "Ticket n° 51678  11/01/2025 14:15",
            "TOTAL DA  1 010,00",
            "Espèces  2 000,00",
        ]
    )
    assert extract_text(text, "merchant name").data["merchant_name"] == "SARL El Bahia Distribution"
    words = _words_of(20, "Bäckerei Hofmeister", size=16) + _words_of(44, "Hofmeister Backwaren GmbH")
    words += _words_of(60, "Gewerbestraße 116") + _words_of(76, "35578 Wetzlar")
    words += _words_of(100, "Brötchen  0,90") + _words_of(120, "SUMME EUR  0,90")
    assert _fields_read(words, "merchant name")["merchant_name"] == "Hofmeister Backwaren GmbH"


def test_a_long_run_of_letters_after_a_heading_is_read_at_once():
    # the specks after a heading are short groups of letters apart: a long word is none, and
    # telling so takes no time (a pattern that split it every way took minutes)
    started = time.perf_counter()
    text = "\n".join(
        ["Sabine Becker", "BERUFSERFAHRUNG", "2019 - 2024  Einkauf", f"SAP  {'x' * 60}  {'y' * 60}"]
    )
    assert extract_text(text, "years of experience").data["years_experience"] == 5
    assert time.perf_counter() - started < 5


def test_a_long_row_of_mask_signs_is_refused_at_once():
    # a statement ruled with a row of asterisks: no masked account number, and no minutes spent
    # trying every way to split the row into the mask's groups
    started = time.perf_counter()
    text = "\n".join(
        [
            "Kontoauszug",
            "Kontoinhaber  Hofmeister Backwaren GmbH",
            "*" * 60,
            "Für Ihr Konto DE83 xxxx xxxx xxxx 4471 weisen wir folgende Umsätze aus:",
            "Alter Kontostand  1.204,10",
            "Neuer Kontostand  1.380,55",
        ]
    )
    data = extract_text(text, "account holder, account number last 4").data
    assert data["account_number_last4"] == "4471"
    assert time.perf_counter() - started < 5
