"""Classes from the thirty-sixth session's opened sets OA and OB: a form's row of values under its
headings, a call-off under a framework contract, a term of payment "upon receipt", a printed
e-mail's header, a fax's header, a debit card's scheme under the word for a card payment, a
shop's name holding a payment's word, an order that prints its net only, an overdrawn balance
marked "DR", a fax of a letter that spans its page, a letter's title under its address block, a
shop's owner at the foot, a sign on two lines, a logo's name over its legal form."""

from __future__ import annotations

from batches.processing.builtin.classify import classify
from batches.processing.layout import scanned
from batches.processing.layout.geometry import number_lines, on_a_roll
from batches.processing.layout.model import Layout, Page, Source
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of


def test_a_forms_row_of_values_is_no_item_header_though_a_word_reads_like_one():
    # "Destination" reads like "Description", "Net 30" like a net amount's heading: the row holds
    # a date, so it is the values under the form's headings; the items' header is further down
    page = [
        (40, 40, "COUNTY OF REDFIELD SPRINGS", 14),
        (400, 40, "PURCHASE ORDER", 12),
        (40, 80, "P.O. DATE", 8), (130, 80, "REQUISITION NO.", 8), (250, 80, "BUYER", 8),
        (330, 80, "FOB", 8), (420, 80, "TERMS", 8),
        (40, 92, "02/18/2025", 9), (130, 92, "R25-01771", 9), (250, 92, "D. Whitcombe", 9),
        (330, 92, "Destination", 9), (420, 92, "Net 30", 9),
        (40, 140, "QTY", 8), (80, 140, "DESCRIPTION", 8), (330, 140, "UNIT PRICE", 8),
        (450, 140, "EXTENDED", 8),
        (40, 156, "75", 9), (80, 156, "Rotor sprinkler head", 9), (330, 156, "17.21", 9),
        (450, 156, "1,290.75", 9),
        (40, 170, "2", 9), (80, 170, "Irrigation controller", 9), (330, 170, "505.88", 9),
        (450, 170, "1,011.76", 9),
        (330, 200, "TOTAL", 9), (450, 200, "$2,302.51", 9),
    ]  # fmt: skip
    items = read_pdf(page, "line items")["line_items"]
    assert [(i["description"], i["quantity"], i["amount"]) for i in items] == [
        ("Rotor sprinkler head", 75, "1290.75"),
        ("Irrigation controller", 2, "1011.76"),
    ]


def test_a_ship_to_site_named_after_the_letterhead_is_the_letterheads_order():
    # the county's own yard, a weak buyer's label over it, shares the county's name: the county buys
    page = [
        (40, 40, "COUNTY OF REDFIELD SPRINGS", 14),
        (40, 56, "Finance Department - Purchasing Division", 9),
        (400, 40, "PURCHASE ORDER", 12),
        (400, 56, "P25-004175", 10),
        (40, 120, "VENDOR", 8), (300, 120, "SHIP TO", 8),
        (40, 132, "Pinecrest Hollow Turf & Irrigation, Inc.", 9),
        (300, 132, "Redfield Springs Parks Maintenance Yard", 9),
        (40, 144, "7715 Old Mill Spur", 9), (300, 144, "1450 Quarry Hill Road", 9),
        (330, 200, "TOTAL", 9), (450, 200, "$2,302.51", 9),
    ]  # fmt: skip
    data = read_pdf(page, "buyer, supplier, total")
    assert data["buyer"] == "COUNTY OF REDFIELD SPRINGS"
    assert data["supplier"] == "Pinecrest Hollow Turf & Irrigation, Inc."


def test_payment_due_upon_receipt_is_an_invoices_term_not_a_receipts_word():
    text = (
        "Millbrook Falls Plumbing & Heating LLC\n880 Ferncastle Road, Millbrook Falls, VT 05671\n"
        "SERVICE INVOICE    No. 2025-0233\nDate: January 22, 2025\n\n"
        "QTY  DESCRIPTION                     UNIT PRICE   AMOUNT\n"
        "3    Labor - licensed plumber (hours)    117.63   352.89\n"
        "SUBTOTAL  352.89\nPayment due upon receipt.\nWe accept cash, check and all major cards.\n"
        "TOTAL  $352.89\nThank you for choosing Millbrook Falls Plumbing & Heating!\n"
    )
    assert classify(text)[0] == "invoice"


def test_a_call_off_under_a_framework_contract_is_an_order_with_its_number_and_value():
    text = (
        "Stadtwerke Ottersweil\nWasser · Wärme · Strom\n\n"
        "Nesselbrunn Armaturen GmbH & Co. KG                Abruf-Nr.   AB-2025-0326\n"
        "Industriestraße 9                                  Datum       07.03.2025\n"
        "79771 Nesselbrunn                                  Rahmenvertrag  RV-2023-012\n\n"
        "Abruf AB-2025-0326 aus Rahmenvertrag RV-2023-012\n\n"
        "Pos.  Bezeichnung                         Menge  Preis CHF   Betrag CHF\n"
        "1     Absperrschieber DN 100 PN 16          9     330.03     2'970.27\n"
        "2     Hydrant Überflur DN 100                1   2'423.01     2'423.01\n"
        "                       Abrufwert total exkl. MWST   CHF 5'393.28\n"
    )
    assert classify(text)[0] == "purchase_order"
    data = extract_text(text, "po number, order date, total").data
    assert (data["po_number"], data["order_date"], data["total"]) == ("AB-2025-0326", "2025-03-07", "5393.28")


def test_a_debit_cards_scheme_under_the_word_for_a_card_payment_names_how_it_was_paid():
    text = (
        "Konditorei-Café Rabe\nMarktstr. 4\n34479 Mörtelsbach\n\nKartenzahlung\ngirocard\n"
        "Datum: 05.02.2025\nUhrzeit: 14:22:07 Uhr\nBeleg-Nr. 4635\nBetrag EUR   20,46\n"
        "Zahlung erfolgt\nKundenbeleg\n"
    )
    data = extract_text(text, "merchant name, date, total, payment method", name="slip.txt").data
    assert data["payment_method"] == "girocard"


def test_a_printed_mails_date_is_not_the_receipts_and_a_dash_before_the_cards_digits_is_no_method():
    text = (
        "3/22/25, 8:16 AM    Mail - Your receipt from Norrington Bike Works #1893-2207\n"
        "From: Norrington Bike Works <receipts@norrington-bikes.example.com>\n"
        "To: jules.pemberton@example.org\n"
        "Date: Saturday, March 22, 2025 at 8:14 AM\n\n"
        "Receipt from Norrington Bike Works\nReceipt #1893-2207\n\n"
        "AMOUNT PAID    DATE PAID         PAYMENT METHOD\n"
        "$144.51        March 21, 2025    Visa \u2013 0427\n\n"
        "Tubeless tire 700x32c x 2    $96.00\nAmount paid    $144.51\n"
    )
    data = extract_text(text, "date, total, payment method", name="mail.txt").data
    assert (data["date"], data["payment_method"]) == ("2025-03-21", "Visa")


def test_a_payment_word_in_the_shops_name_is_not_how_it_was_paid_and_a_zip_code_says_dollars():
    text = (
        "The Quenton Oyster Bar\n2210 Larkmoor Ave\nQuenton, CO 80807\n\n"
        "03/08/2025 8:14 PM\n1 Clam chowder      9.50\n1 Fish & chips     21.00\n"
        "Amount   30.50\nVISA   XXXXXXXXXXXX3318\nTip   5.00\nTOTAL   35.50\n"
    )
    data = extract_text(text, "merchant name, total, payment method, currency", name="bill.txt").data
    assert (data["payment_method"], data["currency"]) == ("VISA", "USD")


def test_a_buyers_employee_and_department_are_not_the_buyer():
    text = (
        "MASCHINENBAU RABENFURT GMBH                    BESTELLUNG\n"
        "Gießereiweg 3-5                                Bestell-Nr.   B-250318-01\n"
        "D-34477 Rabenfurt                              Bestelldatum  12.03.2025\n"
        "                                               Besteller     H. Brückner / Einkauf\n\n"
        "Lieferant\nPfahlhausener Stahlhandel GmbH\nAm Walzwerk 21\nD-34613 Pfahlhausen\n\n"
        "Gesamtbetrag EUR   5.266,58\n"
    )
    data = extract_text(text, "buyer, supplier, po number, total").data
    assert data["buyer"] == "MASCHINENBAU RABENFURT GMBH"


def test_an_order_that_prints_its_net_and_says_tax_is_added_totals_to_the_net():
    text = (
        "OSTERMEYER & PAHL RECHTSANWÄLTE\nLindenallee 14\n06847 Quellenstedt\n\n"
        "Büromöbel Quellenstedt GmbH\nGewerbering 22\n06847 Quellenstedt\n\n"
        "Quellenstedt, 4. März 2025\n\nBestellung \u2013 Ihr Angebot Nr. 2025-118 vom 20. Februar 2025\n"
        "Unsere Bestellnummer: 2025/0039\n\n"
        "Menge     Artikel                               Einzelpreis     Gesamt\n"
        "1 Stück   Konferenztisch Eiche, 280 x 110 cm    2.240,13 €      2.240,13 €\n"
        "10 Stück  Konferenzstuhl, Leder schwarz           275,55 €      2.755,50 €\n"
        "                              Gesamtbetrag netto:   4.995,63 €\n"
        "                              zzgl. 19 % MwSt.\n"
    )
    data = extract_text(text, "po number, total").data
    assert (data["po_number"], data["total"]) == ("2025/0039", "4995.63")


def test_a_balance_marked_dr_on_a_statement_that_marks_only_debits_is_overdrawn():
    text = (
        "Pellingford Bank    Business Current Account statement\n"
        "MOORVALE CYCLE HIRE LTD    Account name    Moorvale Cycle Hire Ltd\n"
        "                           Account number  31847729\n"
        "                           Statement period  1 February 2025 to 28 February 2025\n\n"
        "Opening balance    Money in     Money out    Closing balance\n"
        "£312.40 DR         £6,299.21    £4,019.65    £1,967.16\n"
    )
    data = extract_text(text, "opening balance, closing balance").data
    assert (data["opening_balance"], data["closing_balance"]) == ("-312.40", "1967.16")


def test_a_faxs_header_timestamp_is_when_it_was_sent_not_the_invoices_date():
    text = (
        "21/02/2025 09:12   FROM:  01632 960 227   NESSINGTON CATERING   P.001/001\n"
        "Nessington Catering Supplies Ltd\nDepot 3, Nessfield Trading Estate\n\nSALES INVOICE\n"
        "Invoice to:    The Quarrendale Arms\nInvoice   39621\nDat ATE   07/02/2025\n\n"
        "AMOUNT DUE £   246.09\n"
    )
    assert extract_text(text, "invoice number, invoice date, total").data["invoice_date"] == "2025-02-07"


def test_each_pages_fax_header_is_when_it_was_sent_not_the_invoices_date():
    # a fax of two pages repeats its header, with the next minute, over the second
    text = (
        "21/02/2025 09:12   FROM:  01632 960 227   NESSINGTON CATERING   P.001/002\n"
        "Nessington Catering Supplies Ltd\n\nSALES INVOICE\nInvoice   39621\nDat ATE   07/02/2025\n\n"
        "21/02/2025 09:13   FROM:  01632 960 227   NESSINGTON CATERING   P.002/002\n"
        "AMOUNT DUE £   246.09\n"
    )
    assert extract_text(text, "invoice number, invoice date, total").data["invoice_date"] == "2025-02-07"


def test_an_order_prints_its_net_only_under_a_header_whose_price_ocr_misread_as_a_figure():
    # "Prijs €" read "Prijs 3" before "Totaal €": no total beside its label; the net is the total
    page = [
        (40, 40, "GROOTHANDEL MEERDIJK B.V.", 12), (400, 40, "INKOOPORDER", 12),
        (40, 80, "Ordernummer", 9), (140, 80, "IO-25-00867", 9),
        (40, 120, "Omschrijving", 8), (260, 120, "Aantal", 8), (330, 120, "Prijs 3", 8),
        (430, 120, "Totaal €", 8),
        (40, 134, "Golfkarton doos 400x300x300 mm", 9), (260, 134, "1112", 9), (330, 134, "0,67", 9),
        (430, 134, "745,04", 9),
        (40, 148, "Stretchfolie 23 mu, rol 300 m", 9), (260, 148, "40", 9), (330, 148, "9,09", 9),
        (430, 148, "363,60", 9),
        (300, 180, "Totaal excl. BTW", 9), (430, 180, "€ 1.108,64", 9),
    ]  # fmt: skip
    assert read_pdf(page, "po number, total, line items")["total"] == "1108.64"


def test_a_fax_of_a_letter_with_tall_noisy_words_is_no_till_roll():
    # Tesseract's boxes on a dithered fax are tall (14 points a word); the page's size is known
    # and the text spans most of its width: a letter, not a slip
    words = [
        word
        for row in range(10)
        for word in _line_of(
            40 + 30 * row, (40, f"Zeile {row} Honorarnote"), (300, "Vermessung"), (480, "850,00")
        )
    ]
    for word in words:
        word.y1 = word.y0 + 14
    page = Page(1, 595, 842, Source.OCR, scanned.lines_of(words, page=1))
    number_lines([page])
    assert on_a_roll(Layout("image", pages=[page]))  # a photo's size is a guess: its words decide
    assert not on_a_roll(Layout("pdf", pages=[page]))


def test_a_letters_title_under_its_address_block_heads_it_over_the_orders_it_cites():
    text = (
        "ESCHENWEILER\nELEKTROGROSSHANDEL\n"
        "Eschenweiler Elektrogroßhandel KG · Gewerbering 31 · 72661 Eschenweiler    Lieferanschrift:\n"
        "Baustelle Neubau Kita Drossenau\nElektro Sonnleitner e.K.    Hinter den Gärten 4\n"
        "Inh. Florian Sonnleitner    72690 Drossenau\nRosenstraße 9\n72690 Drossenau\n\nRechnung\n\n"
        "Beleg-Nr.   Belegdatum   Kunden-Nr.   Lieferschein   Ihre Bestellung   Seite\n"
        "91789243    05.05.2025   42508        7567375        Kita/Verteiler    1\n"
        "Warenwert netto    5 211,45\nUmsatzsteuer 19 %    990,18\nEndbetrag EUR    6 201,63\n"
        "Es gelten unsere Verkaufs- und Lieferbedingungen.\n"
    )
    assert classify(text)[0] == "invoice"


def test_a_shops_owner_at_the_foot_is_not_the_shop():
    words = [
        *_line_of(40, (200, "Bäckerei & Cafe")),
        *_line_of(70, (230, "Kornblume")),
        *_line_of(100, (130, "Marktplatz 9, 31860 Aschenhagen")),
        *_line_of(140, (50, "1x Käsebrötchen"), (400, "2,90")),
        *_line_of(160, (50, "2x Latte Macchiato"), (400, "7,20")),
        *_line_of(190, (50, "Gesamt €"), (400, "10,10")),
        *_line_of(210, (50, "EC-Karte €"), (400, "10,10")),
        *_line_of(240, (50, "03.08.25"), (150, "14:45")),
        *_line_of(270, (220, "Inh. Rolf Kornmesser e.K.")),
        *_line_of(290, (260, "St.-Nr. 23/144/71820")),
    ]
    assert _fields_read(words, "merchant name, total")["merchant_name"] == "Bäckerei & Cafe Kornblume"


def test_a_signs_name_over_its_shops_kind_is_the_sign_both_lines():
    words = [
        *_line_of(40, (250, "Marlowe's")),
        *_line_of(60, (270, "GARDEN CENTRE")),
        *_line_of(90, (200, "Fernleigh Road, Farrowby FW2 5TT")),
        *_line_of(130, (50, "Lavender 2L pot"), (400, "15.00")),
        *_line_of(160, (50, "TOTAL"), (400, "15.00")),
    ]
    assert _fields_read(words, "merchant name, total")["merchant_name"] == "Marlowe's GARDEN CENTRE"


def test_a_logos_name_over_its_legal_form_a_page_number_between_is_restated_whole():
    words = [
        *_line_of(40, (90, "Glanzwerk")),
        *_line_of(50, (496, "Seite 1/2")),
        *_line_of(62, (90, "Gebäudedienste GmbH")),
        *_line_of(126, (51, "Glanzwerk Gebäudedienste GmbH - Postfach 1120 · 31200 Elmsfurt")),
        *_line_of(138, (52, "Steuerkanzlei Wendehorst"), (344, "Rechnungs-Nr."), (420, "GW-202502-174")),
        *_line_of(152, (52, "Parkallee 40"), (344, "Datum"), (420, "24.03.2025")),
        *_line_of(164, (52, "31204 Elmsfurt")),
        *_line_of(240, (300, "Gesamtbetrag"), (420, "1.190,00 €")),
    ]
    assert (
        _fields_read(words, "vendor name, invoice number, total")["vendor_name"]
        == "Glanzwerk Gebäudedienste GmbH"
    )


def test_a_british_postcodes_letters_are_no_ringgit():
    text = (
        "Kestle Barn Trading Ltd\nUnit 7, Kestle Barn Yard\nRothmere RM4 2QX\n\nINVOICE  KB-2291\n"
        "Invoice to: The Rothmere Arms, 2 High Street, Rothmere RM1 6DN\n\nInvoice total   £3,381.73\n"
    )
    assert extract_text(text, "invoice number, currency, total").data["currency"] == "GBP"


def test_an_orders_buyer_is_the_letterhead_not_who_ordered_nor_the_dock_it_goes_to():
    page = [
        (40, 40, "Elmstead Grove Public Library", 14),
        (40, 56, "Acquisitions Department", 9),
        (400, 40, "PURCHASE ORDER", 12),
        (40, 100, "PO Number:", 9), (140, 100, "EGL-2025-0412", 9),
        (40, 114, "Ordered by:", 9), (140, 114, "Mrs K. Whitlock", 9),
        (300, 100, "Vendor", 9), (300, 114, "Bramblecote Book Supply Ltd", 9),
        (300, 150, "Deliver to", 9), (300, 164, "Technical Services \u2013 Loading Dock", 9),
        (330, 220, "TOTAL", 9), (450, 220, "$1,302.51", 9),
    ]  # fmt: skip
    assert read_pdf(page, "buyer, supplier, total")["buyer"] == "Elmstead Grove Public Library"


def test_a_remit_to_company_ends_at_its_legal_form_and_a_contacts_line_is_no_party():
    text = (
        "CEDAR HOLLOW    INVOICE\nCedar Hollow, OR 97999\nInvoice No.  CH-10482\n\n"
        "Invoice total   $1,204.00\n\n"
        "Remit to: Cedar Hollow Restaurant Supply, Inc., P.O. Box 4471, Cedar Hollow, OR 97999\n"
        "Questions? ar@cedarhollowsupply.example.com\n"
    )
    data = extract_text(text, "vendor name, invoice number, total").data
    assert data["vendor_name"] == "Cedar Hollow Restaurant Supply, Inc."


def test_a_payee_named_in_a_sentence_that_goes_on_ends_at_its_legal_form():
    text = (
        "FAIRHAVEN RIDGE\nLawn care and landscaping\nFairhaven Ridge, NC 27999\n\nINVOICE  FR-1182\n"
        "Bill to: Mr. Tobias Quill\n\nTotal due   $480.00\n"
        "Thank you for your business! Please make checks payable to Fairhaven Ridge Lawn & Landscape LLC "
        "or pay online with card.\n"
    )
    data = extract_text(text, "vendor name, invoice number, total").data
    assert data["vendor_name"] == "Fairhaven Ridge Lawn & Landscape LLC"


def test_professional_companies_legal_forms_end_their_names():
    from batches.processing.builtin.fallbacks.names import LEGAL_FORM

    for name in ("Quenton Valley Dental Group, PLLC", "Estudio Robledal Arquitectura, S.L.P."):
        assert LEGAL_FORM.fullmatch(name)


def test_a_logos_name_over_its_address_then_its_own_company_line_is_no_windows_addressee():
    words = [
        *_line_of(160, (172, "Hotel Miravalle del Río")),
        *_line_of(220, (173, "Paseo de la Ribera 4 - 44100 Miravalle del Río (Teruel)")),
        *_line_of(250, (173, "Hotel Miravalle del Río, S.L."), (420, "CIF B-44128807")),
        *_line_of(338, (173, "PROVEEDOR")),
        *_line_of(363, (173, "Distribuciones Hosteleras Navarrejo, S.L."), (520, "PEDIDO DE COMPRA")),
        *_line_of(404, (171, "Avda. de la Estación 31"), (520, "Nº de pedido: PC-2025-0407")),
        *_line_of(438, (171, "44001 Navarrejo"), (520, "Fecha de pedido: 28/01/2025")),
        *_line_of(1010, (420, "Total pedido (IVA no incluido):"), (600, "1.237,64 €")),
    ]
    data = _fields_read(words, "buyer, supplier, po number, total")
    assert (data["buyer"], data["supplier"]) == (
        "Hotel Miravalle del Río, S.L.",
        "Distribuciones Hosteleras Navarrejo, S.L.",
    )


def _cleaning_row(y: float, number: int, day: str) -> list[tuple]:
    return [
        (60, y, str(number), 9),
        (80, y, f"Unterhaltsreinigung Büro, {day}", 9),
        (380, y, "3 Std.", 9),
        (440, y, "31,50", 9),
        (500, y, "94,50", 9),
    ]


def test_a_pages_subtotal_carried_to_the_next_ends_no_table():
    header = [(60, 100, "Nr.", 8), (80, 100, "Leistung", 8), (380, 100, "Menge", 8), (440, 100, "Preis", 8),
              (500, 100, "Netto €", 8)]  # fmt: skip
    first = [
        (40, 40, "Glanzwerk Gebäudedienste GmbH", 12),
        (40, 60, "Rechnung GW-202502-174", 10),
        *header,
        *_cleaning_row(120, 1, "03.02.2025"),
        *_cleaning_row(136, 2, "04.02.2025"),
        (60, 160, "Zwischensumme Seite 1 (Übertrag)", 9), (500, 160, "189,00", 9),
    ]  # fmt: skip
    second = [
        (60, 60, "Übertrag aus Seite 1", 9), (500, 60, "189,00", 9),
        *header,
        *_cleaning_row(120, 3, "05.02.2025"),
        (300, 160, "Nettosumme", 9), (500, 160, "283,50", 9),
        (300, 176, "MwSt. 19 %", 9), (500, 176, "53,87", 9),
        (300, 192, "Zu zahlender Betrag", 9), (500, 192, "337,37 EUR", 9),
    ]  # fmt: skip
    data = read_pdf(first, "subtotal, total, line items", second)
    assert [item["description"][-10:] for item in data["line_items"]] == [
        "03.02.2025",
        "04.02.2025",
        "05.02.2025",
    ]
    assert (data["subtotal"], data["total"]) == ("283.50", "337.37")


def test_the_windows_addressee_is_the_customer_not_the_site_a_delivery_label_gives():
    page = [
        (40, 40, "ESCHENWEILER ELEKTROGROSSHANDEL", 14),
        (51, 108, "Eschenweiler Elektrogroßhandel KG · Gewerbering 31 · 72661 Eschenweiler", 6),
        (312, 108, "Lieferanschrift:", 9),
        (312, 120, "Baustelle Neubau Kita Drossenau", 9),
        (51, 126, "Elektro Sonnleitner e.K.", 10),
        (312, 132, "Hinter den Gärten 4", 9),
        (51, 140, "Rosenstraße 9", 10),
        (51, 154, "72690 Drossenau", 10),
        (51, 222, "Rechnung", 14),
        (340, 300, "Endbetrag EUR", 9), (460, 300, "6 201,63", 9),
    ]  # fmt: skip
    assert read_pdf(page, "customer name, total")["customer_name"] == "Elektro Sonnleitner e.K."


def test_the_date_of_the_offer_an_order_cites_is_not_the_orders():
    page = [
        (60, 41, "Stadt Eichenbrück", 14),
        (60, 63, "Amt 65 - Gebäudewirtschaft", 9),
        (60, 137, "Objekteinrichtung Hesselbarth GmbH", 10),
        (343, 137, "Telefon", 9), (420, 137, "0221 4710 652", 9),
        (60, 162, "30233 Amselbrunn", 10), (343, 162, "Datum", 9), (420, 162, "07.04.2025", 9),
        (60, 226, "Bestellschein / Auftrag Nr. 65-2025-0334", 12),
        (60, 278, "Ihr Angebot", 9), (300, 278, "Lieferantennummer", 9),
        (60, 290, "vom 22.03.2025", 9), (300, 290, "71481", 9),
        (334, 489, "Summe netto", 9), (460, 489, "6.831,50 €", 9),
    ]  # fmt: skip
    assert read_pdf(page, "po number, order date")["order_date"] == "2025-04-07"
