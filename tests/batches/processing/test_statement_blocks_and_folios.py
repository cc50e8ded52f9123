"""Statements and folios from the thirty-second session's set RM: a holder's name beside its label
over the account's masked number, and the address block beside them."""

from __future__ import annotations

from batches.processing.builtin.terms import without_early_payments
from tests.batches.processing.extracting import extract_text  # its module registers DejaVuSans (the bullets)
from tests.batches.processing.test_extract_layouts import extract, pdf


def test_a_holders_name_beside_its_label_over_the_accounts_masked_number_is_the_holder():
    items = [
        (42, 60, "Banque de la Dr\u00f4me et du Vivarais", 11),
        (400, 60, "RELEV\u00c9 DE COMPTE", 12),
        (42, 80, "Relev\u00e9 n\u00b0 2 \u2013 du 01/02/2025 au 28/02/2025", 8),
        (42, 120, "Titulaire", 6.7),
        (133, 120, "\u00c9tienne Vasseur", 8),
        (334, 120, "\u00c9tienne Vasseur", 10),
        (42, 131, "Compte de d\u00e9p\u00f4t n\u00b0", 6.7),
        (133, 131, "\u2022\u2022\u2022\u2022\u2022\u2022\u20221057", 8, "DejaVuSans"),
        (334, 132, "5 rue P\u00eacherie", 8),
        (42, 142, "Domiciliation", 6.7),
        (133, 142, "BDV Valence Victor-Hugo", 8),
        (334, 143, "26000 Valence", 8),
        (42, 153, "Conseiller", 6.7),
        (133, 153, "Mme H\u00e9l\u00e8ne Garnier", 8),
        (42, 164, "T\u00e9l\u00e9phone", 6.7),
        (133, 164, "04 75 55 28 10", 8),
        (42, 180, "Date", 8),
        (100, 180, "Libell\u00e9 de l'op\u00e9ration", 8),
        (400, 180, "D\u00e9bit (\u20ac)", 8),
        (480, 180, "Cr\u00e9dit (\u20ac)", 8),
        (42, 195, "SOLDE CR\u00c9DITEUR AU 31/01/2025", 8),
        (480, 195, "2 528,86", 8),
        (42, 210, "05/02", 8),
        (100, 210, "CB SUPERMARCHE LE FORUM", 8),
        (400, 210, "57,53", 8),
        (42, 225, "NOUVEAU SOLDE CR\u00c9DITEUR AU 28/02/2025", 8),
        (480, 225, "2 471,33", 8),
    ]
    data = extract(pdf(items), "releve.pdf").data
    assert (data["account_holder"], data["account_number_last4"]) == ("\u00c9tienne Vasseur", "1057")


FOLIO = """THE ALDERMOOR HOTEL
41 Fisherton Street, Salisbury SP2 7SU  \u00b7  +44 1722 555 014
INVOICE
Daniel Okafor              Invoice No.     INV0044586
27 Cranmere Avenue         Folio No.       139470
Wrexham                    Arrival         14/10/2024
LL12 7TS                   Departure       16/10/2024

Date         Description                        Qty   Rate     Charges \u00a3   Credits \u00a3
14/10/2024   Accommodation \u2013 Superior Double     1   160.00     160.00
14/10/2024   Car park                             2    12.00      24.00
15/10/2024   Accommodation \u2013 Superior Double     1   160.00     160.00
16/10/2024   Payment \u2013 Visa XXXXXXXXXXXX9860                                344.00
Total charges      344.00
Balance due          0.00

Aldermoor Hotels Ltd \u00b7 Registered in England No. 20522676 \u00b7 VAT No. GB 785202334
"""


def test_a_folios_payment_row_is_no_wrap_and_the_hotels_company_at_its_foot_no_customer():
    data = extract_text(FOLIO, "customer name, line items", name="folio.txt").data
    assert data["customer_name"] == "Daniel Okafor"
    assert [item["description"] for item in data["line_items"]] == [
        "Accommodation \u2013 Superior Double",
        "Car park",
        "Accommodation \u2013 Superior Double",
    ]


HOTEL = """H\u00f4tel des Remparts
Facture n\u00b0 H2505-448                      Saumur, le 22 mai 2025
Prestation                      Qt\u00e9   P.U. TTC   Montant TTC
Nuit\u00e9e chambre double            2     135,00      270,00
Taxe de s\u00e9jour                   2       1,65        3,30
Total HT                                       245,45 \u20ac
Total TVA                                       24,55 \u20ac
Taxe de s\u00e9jour (non soumise \u00e0 TVA)               3,30 \u20ac
Total TTC                                      273,30 \u20ac
"""


def test_a_tourist_tax_is_no_vat_but_a_charge_between_the_vat_and_the_total():
    data = extract_text(HOTEL, "subtotal, tax, total", name="facture.txt").data
    assert (data["subtotal"], data["tax"], data["total"]) == ("245.45", "24.55", "273.30")


def test_the_net_date_offered_as_another_way_than_an_early_payments_is_due():
    text = (
        "Ziegler & Rauch GmbH\nRechnung Nr. 2025-0311   Datum 15.03.2025\nZwischensumme netto  2.698,55\n"
        "Zahlungsbedingungen: zahlbar bis 25.03.2025 mit 2 % Skonto (3.147,04 EUR) oder bis 14.04.2025 "
        "netto ohne Abzug.\n"
    )
    assert extract_text(text, "invoice date, due date", name="rechnung.txt").data["due_date"] == "2025-04-14"


def test_a_logos_word_set_over_two_lines_is_the_company_its_footer_names():
    text = (
        "                                        wadden\n                                        stroom\n\n"
        "Waddenstroom \u00b7 Postbus 1190 \u00b7 8001 BD Zwolle      Factuurnummer  WS75-08257385\n"
        "Mark de Ruiter                                Factuurdatum   1 maart 2025\n"
        "Beekstraat 41, 6001 GE Weert\n\nLevering elektriciteit  1  84,20  84,20\nTotaal  84,20\n\n"
        "Waddenstroom Energie B.V. \u00b7 KvK 53857398 \u00b7 btw NL172835253B01\n"
    )
    assert (
        extract_text(text, "vendor name", name="factuur.txt").data["vendor_name"]
        == "Waddenstroom Energie B.V."
    )


def test_a_brands_company_is_its_fullest_name_the_return_address_shortens_it():
    text = (
        "ZIEGLER & RAUCH\n\nZiegler & Rauch GmbH \u00b7 Industriestra\u00dfe 44 \u00b7 94315 Straubing\n"
        "Schreinerei Anton Weidinger e.K.          Rechnung Nr. 2025-0311\nHauptstra\u00dfe 3, 94327 Bogen"
        "          Datum 15.03.2025\n\nBohrer-Set  1  84,20  84,20\nSumme  84,20\n\n"
        "Ziegler & Rauch Werkzeughandel GmbH   Gesch\u00e4ftsf\u00fchrer: Martin Ziegler\n"
    )
    data = extract_text(text, "vendor name", name="rechnung.txt").data
    assert data["vendor_name"] == "Ziegler & Rauch Werkzeughandel GmbH"


def test_a_word_for_another_way_splits_no_early_payments_offer_before_its_figure():
    text = "Desconto de 2% para pagamento at\u00e9 o dia 10/03/2025, pagamento at\u00e9 30/03/2025"
    assert without_early_payments(text) == "pagamento at\u00e9 30/03/2025"
    text = "2 % Skonto bis 25.03.2025 oder bis 14.04.2025 netto"
    assert without_early_payments(text) == "oder bis 14.04.2025 netto"
