"""Layouts from the sets opened in the twenty-seventh session (OU: Jos to Santarém, weighted to
statements, receipts and Italian; OT: Dubbo to Mossoró, harder on purpose; RI: invoices in the
manner of real ones, Gloucester to Waregem): the company that runs a shop, printed after the
words that say so, under the sign or in the footer; a joint account's holders, and a holder over
the account's line; an IBAN whose masked groups OCR lost; a title's number sign lost; skills in a
grid under a column of dates, apart by slashes, or a cloud of one and two on a line; a price
printed before its count; a discount between items priced by their amount alone; headings of
groups of items; a unit price to four places; a number in groups and its date after it; a
country's name, a county's "Co." and a marketplace's domain are no parties."""

from __future__ import annotations

from batches.processing.builtin.checks import check_items
from batches.processing.builtin.items import layout_items, without_row_codes
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of, _scanned_layout, _words_of

ITEM_FIELDS = ["description", "quantity", "unit_price", "amount"]


def _receipt(*lines: str) -> str:
    return "\n".join(lines)


def test_the_company_after_the_words_that_say_it_runs_the_shop_is_the_merchant():
    text = _receipt(
        "== Bar Pasticceria ==",
        "Gestito da: Commerciale Bellomo S.r.l.s.",
        "Contrada Piano del Gelso 4",
        "94100 Enna (EN)",
        "DOCUMENTO COMMERCIALE",
        "di vendita o prestazione",
        "Ricotta fresca  3,52",
        "TOTALE COMPLESSIVO  EUR 3,52",
        "Satispay  3,52",
    )
    assert extract_text(text, "merchant name").data["merchant_name"] == "Commerciale Bellomo S.r.l.s."


def test_a_company_under_the_sign_or_over_its_address_in_the_footer_is_the_merchant():
    under = _receipt(
        "Hilltop Pharmacy",
        "Owusu Enterprises Limited",
        "Plot 27 Ruharo Close",
        "Sugar 1kg  10,000",
        "TOTAL  UGX 10,000",
        "THANK YOU, COME AGAIN",
    )
    footer = _receipt(
        "Adebayo Hardware",
        "House No. 11, Wassa Lane",
        "1 x Bread loaf  21.40",
        "TOTAL  GHS 21.40",
        "THANK YOU, COME AGAIN",
        "Owusu Enterprises Limited",
        "House No. 10, Wassa Lane, P.O. Box 516, Tarkwa",
        "Receipt 6/3950  02/11/2024  19:15",
    )
    for text in (under, footer):
        assert extract_text(text, "merchant name").data["merchant_name"] == "Owusu Enterprises Limited"


def test_a_shop_named_markt_is_no_label_of_its_name():
    text = _receipt("MARKT AM MÜHLBACH", "Fichtenhang 92", "31785 Hameln", "Brot  3,87", "SUMME  3,87")
    assert extract_text(text, "merchant name").data["merchant_name"] == "MARKT AM MÜHLBACH"


def test_a_joint_accounts_holders_and_a_holder_over_the_accounts_line():
    joint = (
        "Banque des Hauts-Plateaux SA  RELEVÉ DE COMPTE\n"
        "Solène Bouba et Margaux Lacombe  Compte n°  •••• 4884\n"
        "Rue du Grand Marché Ouest\n"
        "BP 375 Bafoussam\n"
        "Solde précédent  106 850\n"
    )
    alone = (
        "Ortenauer Volksbank eG  KONTOAUSZUG\n"
        "Korbinian Lindqvist\n"
        "Konto: DE09 **** **** **** 2520 01\n"
        "Zeitraum: 04.11.2025 - 03.12.2025\n"
    )
    assert extract_text(joint, "account holder").data["account_holder"] == "Solène Bouba et Margaux Lacombe"
    assert extract_text(alone, "account holder").data["account_holder"] == "Korbinian Lindqvist"


def test_an_iban_whose_masked_groups_ocr_lost_ends_in_the_four_digits_beside_it():
    words = _words_of(30, "Banca Centro Sicula") + _words_of(50, "ESTRATTO CONTO")
    words += _line_of(100, (55, "IBAN:"), (140, "IT49 C711"), (215, "0403"), (373, "Via Ludovico Ciardi 17"))
    assert _fields_read(words, "account number last 4")["account_number_last4"] == "0403"


def test_a_numbers_label_whose_sign_ocr_lost():
    words = _words_of(30, "ORDINE D'ACQUISTO") + _line_of(60, (46, "Ordine n"), (309, "Data ordine"))
    words += _line_of(74, (45, "618/25"), (309, "26 novembre 2025"))
    assert _fields_read(words, "po number")["po_number"] == "618/25"
    text = "ETS BOURGEOIS ET CIE SA\nNO FACTURE  DATE  BL NO\nFA993938  24.12.19  73877\n"
    assert extract_text(text, "invoice number").data["invoice_number"] == "FA993938"


def test_skills_in_a_grid_under_a_column_of_dates_apart_by_slashes_and_in_a_cloud():
    grid = [
        (57, 100, "Formation", 9),
        (57, 124, "2007-2011", 7.5),
        (204, 124, "Licence pro Maintenance", 7.5),
        (204, 136, "IUT de Saintes", 7.5),
        (57, 156, "Compétences", 9),
        (60, 180, "Automates Schneider", 7.5),
        (221, 180, "Habilitation électrique", 7.5),
        (60, 196, "Hydraulique", 7.5),
        (221, 196, "Anglais technique", 7.5),
        (57, 230, "Langues", 9),
        (57, 250, "Français (langue maternelle)", 7.5),
    ]
    skills = read_pdf(grid, "skills")["skills"]
    assert skills == ["Automates Schneider", "Habilitation électrique", "Hydraulique", "Anglais technique"]
    slashed = "Competenze\nAutoCAD / Rilievo topografico / Revit\nLingue\nItaliano (madrelingua)\n"
    assert extract_text(slashed, "skills").data["skills"] == ["AutoCAD", "Rilievo topografico", "Revit"]
    cloud = "Compétences\nGestion de projet\nRelation client | Logistique\nPython\nLangues\nFrançais\n"
    assert extract_text(cloud, "skills").data["skills"] == [
        "Gestion de projet",
        "Relation client",
        "Logistique",
        "Python",
    ]


def test_a_firms_words_and_its_legal_form_wrapped_under_its_name():
    blocks = [
        (116, 50, "Ankole Highlands Supplies Ltd", 12),
        (448, 50, "INVOICE", 16),
        (51, 126, "BILL TO", 6),
        (224, 126, "SHIP TO", 6),
        (51, 138, "Great Rayfield Logistics", 7.3),
        (224, 138, "Great Rayfield Logistics", 7.3),
        (51, 148, "Company Ltd", 7.3),
        (224, 148, "Company Ltd", 7.3),
        (51, 159, "House No. 59, Goldfields Close", 7.3),
        (224, 159, "Warehouse 1", 7.3),
    ]
    assert read_pdf(blocks, "customer name")["customer_name"] == "Great Rayfield Logistics Company Ltd"


def test_a_discount_between_items_priced_by_their_amount_alone_is_one_of_them():
    items = [
        (50, 100, "Descripción", 9),
        (450, 100, "Importe (PEN)", 9),
        (50, 116, "Pintura látex blanco 4 L", 9),
        (460, 116, "570.40", 9),
        (50, 128, "8 und x 71.30", 8),
        (50, 142, "Descuento 5% cliente frecuente", 9),
        (460, 142, "-6.23", 9),
        (50, 154, "1 x -6.23", 8),
        (50, 168, "Guantes de nitrilo talla M (caja)", 9),
        (460, 168, "102.30", 9),
        (50, 180, "3 cja x 34.10", 8),
        (350, 200, "Subtotal", 9),
        (460, 200, "666.47", 9),
    ]
    found = read_pdf(items, "line items")["line_items"]
    assert [item["amount"] for item in found] == ["570.40", "-6.23", "102.30"]


def test_a_price_printed_before_its_count_whose_heading_ocr_lost():
    header = _line_of(100, (55, "#"), (77, "DESCRIPTION"), (362, "UNIT PRICE"), (517, "AMOUNT"))
    rows = _line_of(
        120, (55, "1"), (77, "LED flood light 50 W"), (382, "88.10"), (438, "20 pcs"), (515, "1,762.00")
    )
    rows += _line_of(
        140, (55, "2"), (77, "Discount 5% loyalty customer"), (382, "-37.10"), (452, "1"), (515, "-37.10")
    )
    found, _sources = layout_items(_scanned_layout(header + rows), ITEM_FIELDS)
    assert [(i["quantity"], i["unit_price"]) for i in found] == [(20, "88.10"), (1, "-37.10")]


def test_running_row_numbers_with_a_colon_or_misread_leave_the_descriptions():
    items = [{"description": f"{n} Item number {n}", "amount": "1.00"} for n in range(2, 6)]
    items.insert(0, {"description": "1: Arbeidsuren installateur", "amount": "1.00"})
    without_row_codes(items)
    assert [item["description"] for item in items][:2] == ["Arbeidsuren installateur", "Item number 2"]


def test_a_heading_ocr_misread_by_one_letter_still_names_its_column():
    header = _line_of(
        100, (60, "Pos."), (85, "Bezeichnung"), (329, "Menge"), (387, "Einzelpreis."), (540, "Gesami")
    )
    row = _line_of(120, (60, "4"), (85, "Entsorgung Bauschutt"), (335, "R"), (395, "0,90"), (545, "6,30"))
    found, _sources = layout_items(_scanned_layout(header + row), ITEM_FIELDS)
    assert (found[0]["unit_price"], found[0]["amount"]) == ("0.90", "6.30")


def test_a_country_a_county_and_a_marketplace_are_no_parties():
    seller = (
        "Rechnung\nRechnungsnummer  TW-201408-5243\nRechnungsdatum  28. August 2014\n"
        "Fälligkeitsdatum  11. September 2014\nTaktwerk Cloud GmbH  Rechnung an\n"
        "Wilhelmstraße 12  Schreinerei Vogler GmbH\n72072 Tübingen  Neckarhalde 31\n"
        "Deutschland  72070 Tübingen\n"
    )
    assert extract_text(seller, "vendor name").data["vendor_name"] == "Taktwerk Cloud GmbH"
    county = "Your bill\nSkylark House, Mell Road, Drogheda, Co. Louth\nTotal  €83.75\n"
    assert extract_text(county, "customer name").data == {}  # not "Drogheda, Co."
    sold = (
        "Rechnung\nkaufhafen.de\nRechnungsadresse  Verkauft von\nTanja Heuser  Haushaltswaren Strobel e.K.\n"
    )
    assert extract_text(sold, "vendor name").data["vendor_name"] == "Haushaltswaren Strobel e.K."


def test_headings_of_groups_of_items_are_no_part_of_their_first_item():
    # a telecom bill's groups: a wider gap over each heading than between the rows
    items = [
        (43, 131, "Description", 7),
        (300, 131, "Qty", 7),
        (350, 131, "Rate", 7),
        (450, 131, "Amount", 7),
        *_row7(145, "Sim Only 30GB", "1", "29.17", "29.17"),
        (43, 166, "Add-ons", 7),
        *_row7(181, "International minutes bundle", "1", "5.00", "5.00"),
        *_row7(194, "Roaming Pass EU", "1", "4.16", "4.16"),
        (43, 215, "Usage outside your plan", 7),
        *_row7(230, "MMS", "28", "0.60", "16.80"),
        (350, 252, "Total excl. VAT", 7),
        (455, 252, "55.13", 7),
    ]
    found = read_pdf(items, "line items")["line_items"]
    assert [item["description"] for item in found] == [
        "Sim Only 30GB",
        "International minutes bundle",
        "Roaming Pass EU",
        "MMS",
    ]


def _row7(y: float, description: str, count: str, price: str, amount: str) -> list[tuple]:
    return [(43, y, description, 7), (305, y, count, 7), (355, y, price, 7), (455, y, amount, 7)]


def test_a_description_heading_whole_before_a_service_period_and_an_items_subtotal():
    items = [
        (43, 100, "Description", 7),
        (247, 100, "Service period", 7),
        (378, 100, "Qty", 7),
        (426, 100, "Unit price", 7),
        (509, 100, "Item subtotal", 7),
        (43, 116, "Domain renewal botchergate-print.co.uk", 7),
        (247, 116, "11 Aug 2015 - 10 Aug 2016", 7),
        (388, 116, "1", 7),
        (442, 116, "€12.99", 7),
        (524, 116, "€12.99", 7),
    ]
    found = read_pdf(items, "line items")["line_items"]
    assert (found[0]["description"], found[0]["amount"]) == (
        "Domain renewal botchergate-print.co.uk",
        "12.99",
    )


def test_a_unit_price_to_four_places_keeps_them_and_its_count():
    items = [
        {
            "description": "Energieverbruik dag (kWh)",
            "quantity": 649,
            "unit_price": "0.0712",
            "amount": "46.21",
        }
    ]
    check_items(items, [{}])
    assert (items[0]["quantity"], items[0]["unit_price"]) == (649, "0.0712")
    table = [
        (50, 100, "Omschrijving", 8),
        (300, 100, "Hoeveelheid", 8),
        (370, 100, "Eenheidsprijs", 8),
        (450, 100, "Bedrag", 8),
        (50, 116, "Energieverbruik dag (kWh)", 8),
        (310, 116, "649", 8),
        (375, 116, "0,0712", 8),
        (455, 116, "46,21", 8),
        (350, 140, "Totaal excl. btw", 8),
        (455, 140, "46,21", 8),
    ]
    assert read_pdf(table, "line items")["line_items"][0]["quantity"] == 649


def test_a_number_in_groups_and_the_date_after_it():
    text = (
        "ÉNERGIES DU BERRY\nHélène ROUX  Référence client  12608251\n"
        "36000 Châteauroux  Période  04/05/2017 - 03/07/2017\n"
        "Facture n° 60 184 168 486 du 13/07/2017  à payer avant le 27/07/2017\n"
    )
    data = extract_text(text, "invoice number, invoice date").data
    assert (data["invoice_number"], data["invoice_date"]) == ("60 184 168 486", "2017-07-13")


def test_a_title_and_a_label_of_its_own_under_it_are_no_label_wrapped_around_a_value():
    # "Factuur" large, the customer's block right of it, "Nummer  6632" under it
    blocks = [
        (40, 138, "Factuur", 15),
        (323, 139, "VME Residentie Molenhof", 7.9),
        (323, 152, "Veldweg 301", 7.9),
        (40, 165, "Nummer", 7.1),
        (102, 165, "6632", 7.1),
        (323, 164, "8790 Waregem", 7.9),
        (40, 177, "Datum", 7.1),
        (102, 177, "18 november 2023", 7.1),
    ]
    assert read_pdf(blocks, "invoice number")["invoice_number"] == "6632"


def test_a_senders_name_over_the_window_on_a_scan_is_the_issuer_though_it_has_no_legal_form():
    words = [
        *_words_of(30, "Jonas Weber Grafikdesign", size=14),
        *_words_of(52, "Seestraße 21"),
        *_words_of(66, "78464 Konstanz"),
        *_words_of(100, "Jonas Weber Grafikdesign - Seestraße 21 78464 Konstanz", size=6),
        *_words_of(114, "Cafe Rheintor GmbH"),
        *_words_of(128, "Hafenstraße 8"),
        *_words_of(142, "78462 Konstanz"),
        *_words_of(180, "Rechnung Nr. RE-14/79"),
        *_words_of(200, "Gesamtbetrag 1.137,00 €"),
    ]
    fields = _fields_read(words, "vendor name, customer name")
    assert (fields["vendor_name"], fields["customer_name"]) == (
        "Jonas Weber Grafikdesign",
        "Cafe Rheintor GmbH",
    )


def test_a_chilean_debit_network_is_a_payment_method():
    text = "BOTICA SANTA ROSA\nTOTAL  CLP 46.690\nRedcompra  46.690\nGRACIAS POR SU COMPRA\n"
    assert extract_text(text, "payment method").data["payment_method"] == "Redcompra"


def test_a_resumes_range_whose_dash_ocr_lost_a_phones_speck_and_a_ratings_two_dots():
    text = (
        "Milagros Cárcamo\nJEFE DE PROYECTOS\n+56 9 9640 = 6383\nExperiencia laboral\n"
        "Ene. 2017 Abr. 2022  Coordinador de calidad\nOct. 2013 - Oct. 2016  Ingeniera de planta\n"
        "Habilidades\nSAP FI\nee\nPower BI\nFormación académica\nTécnico en Contabilidad\n"
    )
    data = extract_text(text, "phone, years of experience, skills").data
    assert data["phone"] == "+56996406383"
    assert data["years_experience"] == 8
    assert data["skills"] == ["SAP FI", "Power BI"]


def test_a_bolivian_qr_payment_is_a_payment_method():
    text = "PANADERÍA LA CANDELARIA\nSalteña  30,00\nTOTAL  128,50\nQR Simple  128,50\nAPROBADO\n"
    assert extract_text(text, "payment method").data["payment_method"] == "QR Simple"


def test_a_customer_under_a_short_label_over_a_buildings_line():
    text = (
        "Harraby Consulting Ltd  Invoice HC2018-673\nLowther Street, Carlisle CA1 1LG\n"
        "To  Invoice no.  HC2018-673\nEden Valley Housing Association  Date  2018-04-20\n"
        "Rickergate House  Payment due  2018-05-04\nCarlisle CA3 8QG  Engagement  P-532\n"
    )
    assert extract_text(text, "customer name").data["customer_name"] == "Eden Valley Housing Association"
