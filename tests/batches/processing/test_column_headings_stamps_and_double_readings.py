"""Layouts from the sets OW and RK of the twenty-ninth session (senders in sidebars and header
bands, invoices in the manner of real ones): a letterhead's column headings over its contact and
bank details; a company's name run into its phone by a tight text layer, or into its tax number
by OCR; a note of the currency beside the title; the letterhead of an order whose supplier a
label names; a stamp's word over the letterhead; a ghost print read twice; a vehicle's
registration number; a bill titled "Your bill"; an invoice's number in a letter's subject line;
a Dutch deadline with a separated verb; a utility's "Notanummer"; a statement's period whose
first day stands alone ("du 1er au 31 mars 2025") and its balances dated by a day and a month."""

from __future__ import annotations

from batches.processing.builtin.periods import date_range
from batches.processing.layout import scanned
from batches.processing.layout.model import Word
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of


def test_a_letterheads_column_headings_over_its_contacts_and_bank_are_no_sender():
    items = [
        (312, 32, "KONTAKT", 4.8),
        (437, 32, "FIRMENDATEN", 4.8),
        (102, 42, "Mürztaler Edelstahlbau GmbH", 10.6),
        (312, 42, "T +43 3862 22 4 81", 5.5),
        (437, 42, "UID ATU68421735", 5.5),
        (312, 52, "office@muerztaler-edelstahl.example", 5.5),
        (102, 58, "Hafendorfer Weg 12, 8605 Bruck an der Mur, Österreich", 6.3),
        (312, 67, "BANK", 4.8),
        (312, 75, "Steirische Bergland Bank AG", 5.5),
        (45, 175, "RECHNUNG", 13.3),
        (51, 210, "Rechnung Nr.", 5.2),
        (51, 222, "AR-2025/00412", 7),
        (45, 250, "RECHNUNGSEMPFÄNGER", 5.3),
        (45, 259, "Alpenrose Kältetechnik e.U.", 7.5),
        (317, 520, "Summe netto", 6.4),
        (512, 520, "3.595,25", 6.6),
    ]
    assert read_pdf(items, "vendor name, customer name")["vendor_name"] == "Mürztaler Edelstahlbau GmbH"


def test_an_orders_letterhead_run_into_its_phone_is_the_buyer_not_the_supplier_a_label_names():
    items = [
        (30, 30, "CONTACT", 4.8),
        (300, 30, "REGISTRATIE", 4.8),
        (30, 42, "Marsdiep Scheepsonderhoud B.V.", 10),
        (188, 42, "T +31 223 61 47 90", 6),  # one cell with the name in a tight text layer
        (300, 42, "KvK 58231907", 6),
        (30, 54, "inkoop@marsdiep-onderhoud.example", 6),
        (30, 64, "Havenplein 6", 6),
        (30, 74, "1781 AB Den Helder", 6),
        (30, 110, "INKOOPORDER", 14),
        (30, 140, "Ordernummer", 6),
        (30, 150, "IO/2025/0219", 7),
        (30, 180, "LEVERANCIER", 6),
        (300, 180, "AFLEVERADRES", 6),
        (30, 192, "Noordkop Techniek V.O.F.", 8),
        (300, 192, "Werf Marsdiep \u2013 Loods 4", 8),
        (30, 204, "Industrieweg 21", 7),
        (300, 204, "Havenplein 6", 7),
        (350, 400, "Totaal order incl. btw", 7),
        (480, 400, "€ 2.195,91", 7),
    ]
    found = read_pdf(items, "po number, buyer, supplier")
    assert (found["buyer"], found["supplier"]) == (
        "Marsdiep Scheepsonderhoud B.V.",
        "Noordkop Techniek V.O.F.",
    )


def test_an_orders_issuer_is_never_the_supplier_a_label_named():
    items = [
        (26, 70, "LTV", 12),
        (193, 70, "BESTELLUNG", 14.9),
        (387, 91, "LIEFERANT", 5.3),
        (193, 97, "Bestell-Nr.", 6.1),
        (249, 97, "BE-2025/0093", 6.7),
        (387, 103, "Oberlausitzer Maschinenservice e.K.", 7.5),
        (17, 108, "LTV", 8.6),
        (193, 109, "Bestelldatum", 6.1),
        (249, 109, "05.08.2025", 6.7),
        (387, 115, "Inh. Frank Hänsch", 6.7),
        (17, 126, "Lausitzer Textilveredelung GmbH", 7.2),
        (387, 126, "Hochwaldstraße 5", 6.7),
        (17, 139, "Weberstraße 17", 5.9),
        (387, 137, "02763 Zittau", 6.7),
        (17, 149, "02763 Zittau", 5.9),
        (17, 159, "Deutschland", 5.9),
        (400, 400, "Gesamtbetrag", 7),
        (500, 400, "3.201,12 €", 7),
    ]
    found = read_pdf(items, "buyer, supplier")
    assert (found["buyer"], found["supplier"]) == (
        "Lausitzer Textilveredelung GmbH",
        "Oberlausitzer Maschinenservice e.K.",
    )


def test_a_note_of_the_currency_beside_the_title_is_no_letterhead():
    text = (
        "PURCHASE ORDER  All amounts in AUD\nSUPPLIER\nGoldfields Hydraulic Supplies\nPty Ltd\n"
        "PO number  PO-KAL/2025-0412\n\nDescription  Qty  Unit price  Line total\n"
        "Hydraulic hose  19  53.88  1,023.72\nTotal  AUD 1,023.72\n"
    )
    assert extract_text(text, "buyer, supplier", strategy="auto").data.get("buyer") != "All amounts in AUD"


def test_a_scanned_letterheads_name_run_into_its_tax_number_and_a_banks_heading_beside_it():
    words = (
        _line_of(35, (305, "GSTIN"), (430, "CONTACT"))
        + _line_of(
            48, (95, "Godavari Coastal Instruments Pvt. Ltd. 37AAFCG4821K1Z3"), (430, "+91 884 236 7710")
        )
        + _line_of(62, (96, "Plot 41, APIIC Industrial Estate"))
        + _line_of(78, (306, "BANK"))
        + _line_of(90, (306, "Coastal Andhra Co-operative Bank"))
        + _line_of(170, (40, "TAX INVOICE"))
        + _line_of(200, (40, "Invoice No."), (160, "GCI/25-26/0412"))
        + _line_of(400, (300, "Total"), (420, "1,18,000.00"))
    )
    assert (
        _fields_read(words, "vendor name, invoice number")["vendor_name"]
        == "Godavari Coastal Instruments Pvt. Ltd."
    )


def test_a_received_stamps_word_over_the_letterhead_is_no_sender():
    words = (
        _line_of(40, (40, "Edilferramenta Secchia S.r.l."), (330, "FATTURA N. FT 2024/00148"))
        + _line_of(55, (40, "Materiali edili - Via Vignolese 118, 41058 Vignola (MO)"))
        + _line_of(75, (200, "PERVENUTO"))
        + _line_of(95, (330, "Data"), (400, "31/03/2024"))
        + _line_of(400, (300, "Totale documento"), (450, "1.220,00"))
    )
    assert _fields_read(words, "vendor name")["vendor_name"] == "Edilferramenta Secchia S.r.l."


def test_a_ghost_prints_second_reading_of_each_word_is_dropped():
    def word(text: str, x0: float, x1: float, top: float, line: int) -> Word:
        return Word(text, x0, top, x1, top + 6, size=6, confidence=0.9, line=line)

    first = [("We", 148, 151), ("accept", 154, 175), ("cash,", 180, 192), ("debit", 206, 216)]
    ghost = [("cash,", 181, 198), ("debit", 210, 218), ("at", 150, 153)]
    words = [word(text, x0, x1, 100, 1) for text, x0, x1 in first]
    words += [word(text, x0, x1, 100.5, 2) for text, x0, x1 in ghost]
    lines = scanned.lines_of(words, page=1)
    assert " ".join(line.text for line in lines).split() == ["We", "at", "accept", "cash,", "debit"]


def test_a_vehicles_registration_number_is_no_invoice_number():
    text = (
        "Ardfield Motor Works Ltd\nINVOICE  No. INV 18734  -  Date 22/02/2024\n"
        "CUSTOMER  VEHICLE\nSiobhan Keohane  Reg. No.  191-C-20418\n\n"
        "Description  Qty  Unit  Amount\nOil filter  1  14.25  14.25\nTOTAL DUE  €14.25\n"
    )
    assert extract_text(text, "invoice number").data["invoice_number"] == "INV 18734"


def test_a_bill_titled_your_bill_names_no_sender_by_its_title():
    items = [
        (467, 40, "Sua fatura", 12.5),
        (96, 52, "Itamarati", 18.3),
        (453, 60, "Referência: maio/2024", 7.5),
        (329, 128, "Nº da fatura", 6.9),
        (473, 128, "2024.05.18733", 7.1),
        (51, 135, "Pousada Vale das Hortênsias Ltda", 8.3),
        (329, 215, "Total a pagar", 7.8),
        (483, 215, "R$ 389,90", 13),
        (51, 760, "Itamarati Telecom Ltda. - CNPJ 12.418.775/0001-63 - Av. Koeler, 1.020, Petrópolis/RJ", 6),
    ]
    assert read_pdf(items, "vendor name")["vendor_name"] == "Itamarati Telecom Ltda."


LETTER = (
    "Studio Lien Vervaecke\nKortrijkstraat 88, 8870 Kachtem\n\nBrouwerij De Mandelvallei BV\n\n"
    "Kachtem, 16 oktober 2024\n{subject}\nBeste Pieter,\n\n"
    "Omschrijving  Aantal  Prijs  Bedrag\nOntwerp etiket  1  € 1.150,00  € 1.150,00\n"
    "Subtotaal  € 1.150,00\nBtw 21%  € 241,50\nTotaal  € 1.391,50\n"
    "Gelieve het bedrag van € 1.391,50 vóór 15 november 2024 over te schrijven op rekening "
    "BE33 0016 8841 7201.\n"
)


def test_an_invoices_number_in_a_subject_line_set_apart_by_a_dash_is_read():
    text = LETTER.format(subject="Betreft: factuur LV-2024-031 \u2013 etiket 'Mandel Amber'")
    assert extract_text(text, "invoice number").data["invoice_number"] == "LV-2024-031"


def test_a_deadline_in_a_dutch_sentence_with_a_separated_verb_is_the_due_date():
    text = LETTER.format(subject="Factuurnummer  LV-2024-031")
    assert extract_text(text, "due date").data["due_date"] == "2024-11-15"


def test_a_dutch_utility_bills_notanummer_is_its_invoice_number():
    text = (
        "WeerribbenStroom B.V.\nNotanummer  JN-2025-0048172\nDatum  10 januari 2025\n"
        "Jaarnota 2024\nOmschrijving  Hoeveelheid  Tarief  Bedrag\nLevering stroom  3358  0,25  839,50\n"
        "Totaal te betalen  € 1.015,80\n"
    )
    assert extract_text(text, "invoice number").data["invoice_number"] == "JN-2025-0048172"


def test_a_period_whose_first_day_stands_alone_takes_the_months_and_years_of_its_end():
    for printed in ("du 1er au 31 mars 2025", "1. bis 31. März 2025", "from 1 to 31 March 2025"):
        assert date_range([(1, f"Période  {printed}")], month_first=False)[:2] == ("2025-03-01", "2025-03-31")


def test_a_balances_label_dated_by_a_day_and_month_gives_the_amount_after_it_not_the_day():
    text = (
        "Banque Littorale du Golfe\nRelevé de compte\nTitulaire  Aurélie Cyr-Lebreux\n"
        "Période  du 1er au 31 mars 2025\nDate  Description  Retraits  Dépôts  Solde\n"
        "Solde d'ouverture au 1er mars  3 218,44\n01 mars  Dépôt de paie  1 451,19  4 669,63\n"
        "02 mars  Paiement direct  43,63  4 626,00\nSolde de clôture au 31 mars  4 626,00\n"
    )
    data = extract_text(text, "", strategy="auto").data
    assert (data["opening_balance"], data["closing_balance"]) == ("3218.44", "4626.00")
    assert (data["statement_period_start"], data["statement_period_end"]) == ("2025-03-01", "2025-03-31")


def _statement_pages(opening: str, carried_on: str, carried: str) -> tuple[list, list]:
    first = [
        (40, 60, "Banca di Credito Carsico", 12),
        (40, 90, "Estratto conto", 10),
        (40, 110, "Periodo", 8),
        (120, 110, "01/01/2025 - 31/03/2025", 8),
        (40, 140, "Data", 8),
        (120, 140, "Descrizione operazione", 8),
        (400, 140, "Importo", 8),
        (480, 140, "Saldo", 8),
        (40, 160, opening, 8),
        (480, 160, "12.876,15", 8),
    ]
    for row in range(30):
        first += [
            (40, 180 + 20 * row, f"{row % 28 + 1:02d}/01/2025", 8),
            (120, 180 + 20 * row, "Pagamento POS", 8),
        ]
        first += [
            (400, 180 + 20 * row, "-1,00", 8),
            (480, 180 + 20 * row, f"{12875.15 - row:.2f}".replace(".", ","), 8),
        ]
    first += [(40, 800, carried_on, 8), (480, 800, "12.846,15", 8)]
    second = [(40, 60, carried, 8), (480, 60, "12.846,15", 8), (40, 80, "31/03/2025", 8)]
    second += [(120, 80, "Bonifico", 8), (400, 80, "+100,00", 8), (480, 80, "12.946,15", 8)]
    second += [(40, 100, "Saldo finale al 31/03/2025", 8), (480, 100, "12.946,15", 8)]
    return first, second


def test_a_balance_carried_to_the_next_page_at_the_first_pages_foot_is_no_opening_balance():
    for opening, carried_on, carried in (
        ("Saldo iniziale", "Saldo a riportare", "Saldo riportato"),
        ("Anfangssaldo", "Saldovortrag", "Saldovortrag"),
    ):
        first, second = _statement_pages(opening, carried_on, carried)
        found = read_pdf(first, "opening balance, closing balance", second)
        assert (found["opening_balance"], found["closing_balance"]) == ("12876.15", "12946.15")


def test_a_sidebar_beside_the_item_table_neither_ends_it_nor_names_the_sender():
    # the sender in a right-hand column: its name beside the labels, its VAT number beside an item
    items = [
        (34, 68, "FACTUUR", 14.9),
        (34, 91, "FACTUURADRES", 5.3),
        (226, 97, "Factuurnummer", 6.1),
        (279, 97, "2025-FF/0388", 6.7),
        (34, 102, "Tweewielercentrum De Singel V.O.F.", 7.5),
        (226, 110, "Factuurdatum", 6.1),
        (279, 110, "21-02-2025", 6.7),
        (442, 110, "FRYSKE FIETSFRAMES", 8.6),
        (34, 125, "Singel 88", 6.7),
        (226, 122, "Vervaldatum", 6.1),
        (279, 122, "23-03-2025", 6.7),
        (442, 125, "Fryske Fietsframes B.V.", 7.2),
        (226, 147, "Uw referentie", 6.1),
        (279, 147, "inkoop wk 8", 6.7),
        (442, 147, "9203 CD Drachten", 5.9),
        (38, 187, "Omschrijving", 5.8),
        (210, 187, "Aantal", 5.8),
        (266, 187, "Prijs", 5.8),
        (290, 187, "Korting", 5.8),
        (326, 187, "Btw", 5.8),
        (377, 187, "Bedrag", 5.8),
        (442, 187, "T +31 512 58 44 19", 5.7),
        (38, 205, "Bagagedrager achter", 6.3),
        (210, 205, "4 st.", 6.3),
        (260, 205, "26,97", 6.3),
        (295, 205, "15%", 6.3),
        (326, 205, "21%", 6.3),
        (377, 205, "91,70", 6.3),
        (442, 205, "KvK 71983245", 5.7),
        (38, 215, "draagvermogen 25 kg", 5.6),
        (442, 215, "Btw NL860154227B01", 5.7),
        (38, 230, "Kettingolie keramisch", 6.3),
        (210, 230, "3 st.", 6.3),
        (260, 230, "10,06", 6.3),
        (326, 230, "21%", 6.3),
        (377, 230, "30,18", 6.3),
        (38, 245, "Verzendkosten", 6.3),
        (210, 245, "1 st.", 6.3),
        (260, 245, "17,10", 6.3),
        (295, 245, "10%", 6.3),
        (326, 245, "21%", 6.3),
        (377, 245, "15,39", 6.3),
        (226, 280, "Subtotaal excl. btw", 6.3),
        (377, 280, "137,27", 6.3),
    ]
    found = read_pdf(items, "vendor name, customer name, line items")
    assert (found["vendor_name"], found["customer_name"]) == (
        "Fryske Fietsframes B.V.",
        "Tweewielercentrum De Singel V.O.F.",
    )
    assert [(item["description"], item["amount"]) for item in found["line_items"]] == [
        ("Bagagedrager achter draagvermogen 25 kg", "91.70"),
        ("Kettingolie keramisch", "30.18"),
        ("Verzendkosten", "15.39"),
    ]


def test_a_stamps_few_letters_over_a_name_are_no_second_reading_of_it():
    def word(text: str, x0: float, x1: float, top: float, bottom: float, line: int) -> Word:
        return Word(text, x0, top, x1, bottom, size=bottom - top, confidence=0.93, line=line)

    words = [word("Studio", 367, 400, 126.7, 139.0, 1), word("Pellegrini", 404, 455, 126.7, 139.0, 1)]
    words += [word("tudi", 372, 392, 126.8, 132.8, 2), word("iniSinfci", 396, 440, 126.8, 132.8, 2)]
    kept = {word.text for line in scanned.lines_of(words, page=1) for word in line.words}
    assert kept == {"Studio", "Pellegrini", "tudi", "iniSinfci"}  # one word of two alike: no ghost line


def test_a_german_partnership_of_professionals_keeps_its_legal_form_wrapped_under_it():
    text = (
        "Kienzle & Maier Ingenieure\nPartG mbB\nBeratende Ingenieure\n\nRechnung Nr. 2024-118\n\n"
        "Gesamtbetrag  4.284,00 €\n"
    )
    assert extract_text(text, "vendor name").data["vendor_name"] == "Kienzle & Maier Ingenieure PartG mbB"


def test_a_closing_balance_in_a_row_of_sums_is_the_running_balances_last_across_a_page_carry():
    # the closing label's row prints the debits' and credits' sums before the balance; page 1's
    # running balance is carried to page 2 ("Übertrag")
    first = [
        (40, 60, "Salzachtaler Sparkasse", 12),
        (40, 90, "Kontoauszug", 10),
        (40, 140, "Buchung", 8),
        (120, 140, "Buchungstext", 8),
        (330, 140, "Belastung", 8),
        (400, 140, "Gutschrift", 8),
        (480, 140, "Saldo", 8),
        (40, 160, "Alter Kontostand", 8),
        (480, 160, "9.852,99", 8),
    ]
    balance = 9852.99
    for row in range(6):
        balance += 100.0
        first += [(40, 180 + 20 * row, f"0{row + 1}.07.2025", 8), (120, 180 + 20 * row, "Gutschrift", 8)]
        first += [
            (400, 180 + 20 * row, "100,00", 8),
            (480, 180 + 20 * row, f"{balance:,.2f}".replace(",", "X").replace(".", ",").replace("X", "."), 8),
        ]
    first += [(40, 800, "Übertrag", 8), (480, 800, "10.452,99", 8)]
    second = [(40, 60, "Übertrag von Blatt 1", 8), (480, 60, "10.452,99", 8)]
    second += [
        (40, 80, "31.07.2025", 8),
        (120, 80, "Lastschrift", 8),
        (330, 80, "52,99", 8),
        (480, 80, "10.400,00", 8),
    ]
    second += [
        (40, 100, "Neuer Kontostand", 8),
        (330, 100, "52,99", 8),
        (400, 100, "600,00", 8),
        (480, 100, "10.400,00", 8),
    ]
    found = read_pdf(first, "opening balance, closing balance", second)
    assert (found["opening_balance"], found["closing_balance"]) == ("9852.99", "10400.00")
