"""Classes from the thirty-fifth session's opened sets (the last session's held-out HP and RP): an
e-invoice's printout with its standard's codes after the labels and its items as blocks of labelled
lines, a total's label with its tax in it, an interim invoice, a return address with its street's
abbreviation, a hotel's folio with the payment among its rows, a payee named in the payment's
instructions, a card terminal's slip, a tax's code with its rate run into it, a count of
thousands in its unit, a note's label ending an item, a document's number under a copy's mark."""

from __future__ import annotations

from batches.processing.builtin.classify import classify
from batches.processing.builtin.labels import label_index
from batches.processing.layout.model import Word
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of

INVOICE_FIELDS = ("invoice_number", "vendor_name", "customer_name", "subtotal", "tax", "total")


def _labelled(y: float, label: str, value: str, x: float = 40) -> list[tuple]:
    return [(x, y, label, 9), (x + 190, y, value, 9)]


def _einvoice_position(y: float, number: int, name: str, count: str, price: str, amount: str) -> list[tuple]:
    return [
        (40, y, f"Position {number}", 10),
        *_labelled(y + 14, "Artikelname (BT-153):", name),
        *_labelled(y + 28, "Menge (BT-129):", count),
        *_labelled(y + 42, "Einheit (BT-130):", "Stück (H87)"),
        *_labelled(y + 56, "Preis pro Einheit netto (BT-146):", price),
        *_labelled(y + 70, "Gesamtpreis netto (BT-131):", amount),
    ]


def test_an_einvoice_printout_reads_labels_past_their_codes_and_items_as_records():
    first = [
        (40, 40, "Rechnung | XRechnung 3.0.2", 12),
        *_labelled(70, "Rechnungsnummer (BT-1):", "KV-2025-0877"),
        *_labelled(84, "Rechnungsdatum (BT-2):", "14.03.2025"),
        (40, 120, "Käufer und Verkäufer", 11),
        (40, 136, "Käufer (BG-7)", 10),
        (300, 136, "Verkäufer (BG-4)", 10),
        (40, 150, "Name (BT-44):", 9),
        (120, 150, "Landkreis Wolfach", 9),
        (300, 150, "Name (BT-27):", 9),
        (380, 150, "Quendt Netzwerktechnik e.K.", 9),
        *_labelled(200, "Gesamtsumme netto (BT-109):", "1.040,00"),
        *_labelled(214, "Summe Umsatzsteuer (BT-110):", "197,60"),
        *_labelled(228, "Gesamtsumme brutto (BT-112):", "1.237,60"),
    ]
    second = [
        (40, 40, "Rechnungspositionen (BG-25)", 11),
        *_einvoice_position(70, 1, "Switch 24 Port, verwaltet", "2", "410,00", "820,00"),
        *_einvoice_position(170, 2, "Patchkabel Cat. 6A, 2 m", "40", "5,50", "220,00"),
    ]
    data = read_pdf(first, "invoice number, customer, subtotal, tax, total, line items", second)
    assert data["invoice_number"] == "KV-2025-0877"
    assert data["customer_name"] == "Landkreis Wolfach"  # not "und Verkäufer" of the heading
    assert (data["subtotal"], data["tax"], data["total"]) == ("1040.00", "197.60", "1237.60")
    assert data["line_items"] == [
        {
            "description": "Switch 24 Port, verwaltet",
            "quantity": 2,
            "unit_price": "410.00",
            "amount": "820.00",
        },
        {"description": "Patchkabel Cat. 6A, 2 m", "quantity": 40, "unit_price": "5.50", "amount": "220.00"},
    ]


def test_a_lone_description_and_its_total_are_no_records():
    # (a guard for the records above) a project's description and the invoice's total, each
    # labelled once: no items
    page = [
        (40, 40, "Rechnung Nr. 2025-118", 12),
        *_labelled(80, "Beschreibung:", "Gartengestaltung Innenhof"),
        *_labelled(94, "Gesamtbetrag:", "2.380,00 €"),
    ]
    assert read_pdf(page, "invoice number, total, line items")["line_items"] == []


def test_a_totals_label_with_its_tax_in_it_or_the_tax_it_sums():
    index = label_index(INVOICE_FIELDS)

    def best(text: str) -> tuple:
        hit = index.hits(text)[0]
        return hit.field, hit.score, hit.rest

    assert best("Gesamtsumme brutto: 6.120,45") == ("total", 0.97, "6.120,45")
    assert best("Endbetrag brutto 412,00 EUR") == ("total", 0.97, "412,00 EUR")  # the qualifier no value
    assert best("Rechnungsbetrag (brutto)") == ("total", 0.97, "")
    assert best("Endbetrag inkl. MwSt.:")[0] == "total"  # not the tax it includes
    assert best("Summe Umsatzsteuer: 977,20") == ("tax", 0.97, "977,20")
    assert best("Total des taxes : 12,00") == ("tax", 0.97, "12,00")
    # brutto is no misspelt netto: not the subtotal
    assert "subtotal" not in {hit.field for hit in index.hits("Rechnungsbetrag brutto:")}
    assert index.hits("Käufer und Verkäufer") == [] and index.hits("Buyer and Seller") == []
    assert index.hits("Kunde und Partner GmbH")[0].field == "customer_name"  # a name with "und"


def test_a_term_in_days_is_no_amount_though_net_labels_one():
    # a fax whose totals OCR lost: "NET 30" is no total, nor a subtotal
    text = """KESTREL HYDRAULIC SERVICE INC.
INVOICE NO: 25-0416
DATE: 03/11/2025
TERMS:  NET 30
DESCRIPTION  QTY  UNIT PRICE  EXTENSION
Reseal boom cylinder  1  480.00  480.00
"""
    data = extract_text(text, "subtotal, total", name="invoice.txt").data
    assert "30.00" not in (data.get("subtotal"), data.get("total"))


def test_an_interim_invoices_sums():
    text = """Zimmerei Hallgarten GmbH
3. Abschlagsrechnung Nr. AR-25-0042
Pos.  Leistung  Menge  Betrag
1  Abschlag gem. Zahlungsplan: Dachstuhl gerichtet  1 psch  14.200,00
Abschlag netto  14.200,00 €
Umsatzsteuer 19 %  2.698,00 €
Abschlagsbetrag brutto  16.898,00 €
"""
    data = extract_text(text, "subtotal, tax, total, line items", name="rechnung.txt").data
    assert (data["subtotal"], data["tax"], data["total"]) == ("14200.00", "2698.00", "16898.00")


def test_the_addressee_under_a_return_address_with_its_streets_abbreviation():
    words = _line_of(40, (40, "Dachbau Oberlinger"), (300, "Tel. 08233 555 12-0"))
    words += _line_of(80, (40, "Dachbau Oberlinger GmbH & Co. KG Ulmer Str. 17 - 86368 Gersthofen"))
    words += _line_of(100, (300, "Datum"), (380, "02.05.2025"))
    words += _line_of(116, (40, "Pfaffinger Wohnbau GbR"), (300, "Rechnungs-Nr."), (380, "AR-25-0198"))
    words += _line_of(132, (40, "Herrn Lukas Pfaffinger"), (300, "Kunden-Nr."), (380, "3318"))
    words += _line_of(148, (40, "Bahnhofstraße 9"))
    words += _line_of(164, (40, "86368 Gersthofen"))
    words += _line_of(600, (40, "Dachbau Oberlinger GmbH & Co. KG"), (240, "Kreissparkasse Augsburg eG"))
    assert _fields_read(words, "customer")["customer_name"] == "Pfaffinger Wohnbau GbR"


def _handwritten(y: float, left: float, text: str) -> list[Word]:
    """A line written by hand into a carbon invoice book: twice the printed letters' height."""
    words, x = [], left
    for word in text.split():
        words.append(Word(word, x, y, x + 12 * len(word), y + 22, confidence=0.8))
        x += 12 * len(word) + 8
    return words


def test_a_short_label_before_a_company_on_a_scan_names_the_customer():
    # "To" printed small, the customer's company written large beside it: the page's largest
    # words, yet not the issuer's name
    words = _line_of(20, (40, "INVOICE"), (300, "No")) + _line_of(36, (300, "0612"))
    words += _line_of(56, (40, "M. T. BLACKWOOD"))
    words += _line_of(74, (40, "ELECTRICAL CONTRACTORS"))
    words += _line_of(92, (40, "8 Mill Lane, Tenbury Wells WR15 8AB"), (300, "Date"), (340, "4/3/25"))
    words += _line_of(140, (35, "To")) + _handwritten(134, 120, "Fernhill Property Management Ltd")
    words += _handwritten(162, 120, "2 Teme Street, Tenbury Wells")
    data = _fields_read(words, "vendor, customer")
    assert data["customer_name"] == "Fernhill Property Management Ltd"
    assert data["vendor_name"] == "M. T. BLACKWOOD"


def test_a_total_after_its_count_of_thousands_in_their_unit():
    text = """Tax Invoice
Invoice No.  KPI/25-26/0091
Sl  Description of Goods  Quantity  Rate  Amount
1  Corrugated Box 3 Ply  2,400 Nos  12.50  30,000.00
Total  2,400 Nos  ₹ 35,400.00
"""
    assert extract_text(text, "total", name="invoice.txt").data["total"] == "35400.00"


def test_a_taxs_code_with_its_rate_run_in_sums_the_tax_and_the_total_is_before_payments():
    text = """Vindhya Cloud Services Pvt. Ltd.
TAX INVOICE
# INV-000412
# Item & Description  Qty  Rate  Amount
1  Annual support contract  1.00  60,000.00  60,000.00
Sub Total  60,000.00
CGST9 (9%)  5,400.00
SGST9 (9%)  5,400.00
Total  ₹70,800.00
Payment Made  (-) 20,000.00
Balance Due  ₹50,800.00
"""
    data = extract_text(text, "subtotal, tax, total", name="invoice.txt").data
    assert (data["subtotal"], data["tax"], data["total"]) == ("60000.00", "10800.00", "70800.00")


def test_the_vendors_name_as_its_payment_instructions_spell_it():
    text = """bluecrest
MOBILE
Account number  5512 0093 41
Bill date  Mar 3, 2025
Monthly charges  Qty  Amount
Unlimited Data plan  1  $55.00
Total amount due  $55.00
Please detach this portion. Make checks payable to Blue Crest Mobile. Thank you.
"""
    assert extract_text(text, "vendor", name="bill.txt").data["vendor_name"] == "Blue Crest Mobile"


def test_a_logos_two_lines_as_its_footer_restates_them():
    text = """WILLOWBANK
LODGE
12 Quay Street, Lyttelton 8082
TAX INVOICE  Invoice No.  40977
Date  Description  Qty  Unit  Amount
02/03/25  Garden Room  1  210.00  210.00
03/03/25  Breakfast  2  24.00  48.00
03/03/25  Visa ****2231  -258.00
Total incl. GST  NZD 258.00
Willowbank Lodge - 12 Quay Street, Lyttelton 8082 - stay@willowbank.example
"""
    data = extract_text(text, "vendor, total, line items", name="folio.txt").data
    assert data["vendor_name"] == "Willowbank Lodge"
    # the card's payment among the folio's rows is no item
    assert [item["description"] for item in data["line_items"]] == ["Garden Room", "Breakfast"]


def test_a_card_terminals_slip_names_the_card_over_how_it_was_read():
    text = """Kopie klant
Rijwielhandel Het Spaakwiel
Molenweg 3
6431 AB Hoensbroek
Terminal  CT55012
Maestro
Kaart:  XXXXXXXXXXXXXXX3381
BETALING
Datum  04-02-2025 11:20
Totaal  EUR 64,50
Leesmethode: contactloos
AKKOORD
"""
    data = extract_text(text, "merchant, total, payment method", name="bon.txt").data
    assert data["payment_method"] == "Maestro"
    assert data["merchant_name"] == "Rijwielhandel Het Spaakwiel"  # the copy's mark is none of it


def test_a_payment_method_without_how_the_card_was_held():
    text = """RECEIPT
Receipt no.: R-4471
Total fees  £96.00
Payment method: Visa (contactless), card ending 5512
"""
    assert extract_text(text, "payment method", name="receipt.txt").data["payment_method"] == "Visa"


def test_a_notes_label_ending_an_items_description_is_no_part_of_it():
    header = [(40, 200, "Pos.", 8), (80, 200, "Bezeichnung", 8), (330, 200, "Menge", 8),
              (390, 200, "Preis/Einh.", 8), (470, 200, "Nettowert", 8)]  # fmt: skip
    rows = [
        (40, 216, "00010", 8), (80, 216, "Zahnriemen HTD 5M-15 Liefertermin: Tag", 8), (330, 216, "12", 8),
        (390, 216, "4,20", 8), (470, 216, "50,40", 8), (80, 228, "14.04.2025", 8),
        (40, 244, "00020", 8), (80, 244, "Kettenrad 08B z22 Liefertermin: Tag 22.04.2025", 8),
        (330, 244, "3", 8), (390, 244, "17,90", 8), (470, 244, "53,70", 8),
    ]  # fmt: skip
    page = [(40, 40, "Bestellung 4500081122", 12), (40, 60, "Kroll Antriebstechnik GmbH", 10), *header, *rows]
    items = read_pdf(page, "line items")["line_items"]
    assert [item["description"] for item in items] == ["Zahnriemen HTD 5M-15", "Kettenrad 08B z22"]


def test_a_documents_number_under_its_title_past_a_copys_mark():
    words = _line_of(40, (40, "ALVES & ROCHA"), (400, "Fatura"))
    words += _line_of(56, (40, "Alves & Rocha Ferragens, Lda."), (400, "Original"))
    words += _line_of(72, (40, "Rua da Sé, 12"))
    words += _line_of(88, (400, "FT 2025B/0318"))
    words += _line_of(104, (40, "4700-124 Braga"))
    assert _fields_read(words, "invoice number")["invoice_number"] == "FT 2025B/0318"


def test_an_ibans_last_digits_past_its_mask_in_the_next_cell():
    words = _line_of(40, (40, "Umsätze Girokonto"))
    words += _line_of(60, (40, "Kontoinhaber: Jens Ahlers"))
    words += _line_of(76, (40, "IBAN: DE44 2905 ++++"), (200, "++++ ++38 21"))
    assert _fields_read(words, "account number")["account_number_last4"] == "3821"


def test_a_procurement_systems_organisation_is_the_buyer():
    text = """Purchase Order PO-55120871  APPROVED
Organisation: Hollins Academy Trust
PO number  Supplier
PO-55120871  Kestle Educational Supplies Ltd
Deliver to
Hollins Primary School, Church Lane, Hollins
"""
    assert extract_text(text, "buyer", name="po.txt").data["buyer"] == "Hollins Academy Trust"


def test_the_currency_of_the_country_a_vat_number_names():
    text = """Hadleigh Fixings Ltd  INVOICE
Unit 4, Brook Road
Invoice No.  51877
VAT Reg No. GB 402 1187 36
Quantity  Details  Unit Price  Net Amount
2.00  Wood screws 4.0 x 40mm  6.45  12.90
Total Net Amount  12.90
"""
    assert extract_text(text, "currency", name="invoice.txt").data["currency"] == "GBP"


def test_a_number_with_a_dates_shape_but_no_years_is_the_invoices_number():
    text = """Hotel Zum Ratskeller
Rechnung Nr.  25-04-4471
Datum  16.04.2025
Gesamtbetrag  412,00 €
"""
    data = extract_text(text, "invoice number, invoice date", name="rechnung.txt").data
    assert (data["invoice_number"], data["invoice_date"]) == ("25-04-4471", "2025-04-16")


def test_a_price_that_lost_its_decimal_mark_on_a_scan_is_the_amount():
    words = _line_of(40, (40, "Rechnung"), (300, "Nr."), (330, "RE-88120"))
    words += _line_of(80, (40, "Leistung"), (300, "Anzahl"), (360, "Preis netto"), (440, "Betrag netto"))
    words += _line_of(100, (40, "Grundpreis Tarif Mobil M"), (300, "1"), (360, "12,50 €"), (440, "12,50 €"))
    words += _line_of(120, (40, "Zweitkarte (Monatspreis)"), (300, "ak"), (360, '"395€'), (440, "3,95€"))
    words += _line_of(140, (40, "Summe netto"), (440, "16,45 €"))
    items = _fields_read(words, "line items")["line_items"]
    assert items[1] == {
        "description": "Zweitkarte (Monatspreis)",
        "quantity": 1,
        "unit_price": "3.95",
        "amount": "3.95",
    }
    # a count lost, not a mark: ten at 1,50 are 15,00, not one at 15,00
    words = [word for word in words if word.text not in {'"395€', "3,95€", "16,45"}]
    words += _line_of(120, (360, "1,50 €"), (440, "15,00 €")) + _line_of(140, (440, "27,50"))
    items = _fields_read(words, "line items")["line_items"]
    assert (items[1]["quantity"], items[1]["unit_price"]) == (10, "1.50")


def test_a_certifications_mark_beside_the_logo_is_no_part_of_the_company():
    words = _line_of(40, (40, "CHARPENTE ROUSSEL & FILS"), (300, "RGE"))
    words += _line_of(60, (40, "14 rue des Tanneurs, 68200 Mulhouse"))
    words += _line_of(90, (40, "Facture n°"), (120, "2025-044"))
    words += _line_of(
        700, (40, "Charpente Roussel & Fils SARL au capital de 10 000 € - SIRET 512 887 331 00014")
    )
    assert _fields_read(words, "vendor")["vendor_name"] == "Charpente Roussel & Fils SARL"


def test_no_customer_from_a_sentences_thanks_a_payees_name_or_a_phone_numbers_digits():
    text = """Schreinerei Imhof AG
Möbel · Innenausbau
Rechnung Nr.  2025-0077
Total netto  CHF 1'200.00
Rechnungsbetrag  CHF 1'297.20
Zahlbar innert 30 Tagen. Besten Dank für Ihren Auftrag.
Konto / Zahlbar an  Schreinerei Imhof AG
Bei Fragen erreichen Sie uns unter 041 555 28 40. Ombudsstelle Handwerk e.V., Bern.
"""
    customer = extract_text(text, "vendor, customer", name="rechnung.txt").data.get("customer_name")
    assert customer not in {"Ihren Auftrag", "Schreinerei Imhof AG"} and "555" not in str(customer)


def _priced_rows(rows: list[tuple[str, str, str, str]], net: str) -> list[tuple]:
    header = [(40, 200, "Pos.", 9), (70, 200, "Bezeichnung", 9), (330, 200, "Menge", 9),
              (390, 200, "Einzelpreis", 9), (470, 200, "Gesamt", 9)]  # fmt: skip
    items = []
    for n, (description, count, price, amount) in enumerate(rows):
        y = 216 + 14 * n
        items += [(40, y, str(n + 1), 9), (70, y, description, 9), (330, y, count, 9), (390, y, price, 9),
                  (470, y, amount, 9)]  # fmt: skip
    return [(40, 40, "Elektro Falkner GmbH", 12), (40, 80, "Rechnung Nr. 2025-311", 10), *header, *items,
            (330, 290, "Summe netto", 9), (470, 290, net, 9)]  # fmt: skip


def test_an_item_offered_not_bought_is_no_item_where_the_sum_leaves_it_out():
    rows = [
        ("Unterverteilung 3-reihig montiert", "1", "640,00", "640,00"),
        ("Installationskabel NYM-J 3x1,5", "100", "1,20", "120,00"),
        ("Optional: Überspannungsschutz Typ 2", "1", "210,00", "210,00"),
    ]
    items = read_pdf(_priced_rows(rows, "760,00"), "subtotal, line items")["line_items"]
    assert [item["amount"] for item in items] == ["640.00", "120.00"]
    # the same row in the sum was bought: an item
    items = read_pdf(_priced_rows(rows, "970,00"), "subtotal, line items")["line_items"]
    assert [item["amount"] for item in items] == ["640.00", "120.00", "210.00"]


def test_a_small_business_without_vat_prints_one_sum_the_total_and_no_law_number():
    text = """Fotostudio Lene Brecht
Rechnung Nr. 2025-021
Leistung  Menge  Einzelpreis  Betrag
Porträtshooting  1  320,00  320,00
Summe  320,00 €
Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.
"""
    data = extract_text(text, "subtotal, tax, total", name="rechnung.txt").data
    # "Summe" names a subtotal weakly, a total strongly: one printed amount is one field's; and
    # the law's section under it is no amount
    assert (data.get("subtotal"), data.get("tax"), data["total"]) == (None, None, "320.00")


def test_a_compound_title_ending_in_a_kinds_word_names_the_kind():
    text = """Materialbestellung
Beleg-Nr.:  MB-4471
Date: 12/05/2025
Vendor: Castlebrook Office Supply Ltd
Ship To: Meridian Health Trust, Stores, Unit 4
Item  Description  Qty  Unit Price  Total
1  A4 copier paper 80gsm (box)  10  21.50  215.00
Total  567.00
"""
    assert classify(text)[0] == "purchase_order"


def test_the_issuers_name_with_its_legal_forms_point_where_ocr_lost_it_on_the_letterhead():
    words = _line_of(20, (40, "serraria"), (100, "verde"))  # the logo's words
    words += _line_of(40, (40, "Serraria Vale Verde Ltda"), (300, "Emissão"), (360, "01/06/2025"))
    words += _line_of(60, (40, "Rua das Acácias, 120 - Lajeado/RS"))
    words += _line_of(600, (40, "Beneficiário"), (140, "Serraria Vale Verde Ltda."))
    assert _fields_read(words, "vendor")["vendor_name"] == "Serraria Vale Verde Ltda."
    # a point a sentence goes on after may be its full stop: no sure part of the name
    words = _line_of(40, (40, "Corrib Fibre & Mobile Ltd"), (300, "Bill date"), (360, "01 Oct 2024"))
    words += _line_of(60, (40, "Unit 3, Parkmore Business Park West"))
    words += _line_of(600, (40, "Corrib Fibre & Mobile Ltd. Registered in Ireland No. 612284."))
    assert _fields_read(words, "vendor")["vendor_name"] == "Corrib Fibre & Mobile Ltd"


def test_a_shops_owner_under_its_sign_is_no_merchant():
    text = """        BÄCKEREI HOLLERBACH
     Inh. Markus Hollerbach e.K.
      Marktplatz 3, 97070 Würzburg
Laugenbrezel            2 x 0,95   1,90 A
Kaffee Crema to go                 2,60 B
SUMME EUR                          4,50
Gegeben girocard                   4,50
Datum: 14.05.2025  Zeit: 07:42  Bon-Nr. 3381
"""
    assert extract_text(text, "", name="bon.txt").data["merchant_name"] == "BÄCKEREI HOLLERBACH"
    words = _line_of(40, (60, "NORDLICHT MARKT"))
    words += _line_of(60, (60, "Inh."), (100, "Jens Quandt e.K."))
    words += _line_of(80, (60, "Rogahner Straße 40"))
    words += _line_of(100, (60, "19061 Schwerin"))
    words += _line_of(140, (40, "SUMME EUR"), (200, "12,40"))
    words += _line_of(160, (40, "Bar"), (200, "20,00"))
    words += _line_of(180, (40, "Rückgeld"), (200, "7,60"))
    assert _fields_read(words, "merchant, total")["merchant_name"] == "NORDLICHT MARKT"


def test_a_dash_apart_after_a_documents_number_is_no_part_of_it():
    text = """Officina Meccanica Riva
FATTURA N. 25-0388 -
Data 12/03/2025
Totale  € 244,00
"""
    assert extract_text(text, "invoice number", name="fattura.txt").data["invoice_number"] == "25-0388"
