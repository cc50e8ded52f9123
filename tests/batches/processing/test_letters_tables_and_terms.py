"""Letters, tables and terms as small businesses print them: where the parties stand in a letter
(a window envelope's addressee, a seller only in the footer, a return address), rows between the
items that look like totals, captions joined by a slash, terms counted to the month's end."""

from __future__ import annotations

from batches.processing import get_processor
from batches.processing.builtin import normalise
from tests.batches.processing.extracting import extract_text
from tests.batches.processing.test_extract_layouts import pdf


def _extract(items: list[tuple[float, float, str, float]], prompt: str = "", name: str = "doc.pdf"):
    strategy = "per_document" if prompt else "auto"
    return get_processor("extract").process(
        pdf(items), filename=name, options={"strategy": strategy, "prompt": prompt}
    )


INVOICE = (
    "invoice number, invoice date, due date, vendor name, customer name, subtotal, tax, total, line items"
)


def _items_table(
    rows: list[tuple[str, str, str, str]], top: float = 240
) -> list[tuple[float, float, str, float]]:
    items = [(60, top, "Omschrijving", 9), (322, top, "Aantal", 9), (385, top, "Stukprijs", 9)]
    items.append((506, top, "Bedrag", 9))
    for n, (description, quantity, price, amount) in enumerate(rows):
        y = top + 18 + 18 * n
        items += [(60, y, description, 9), (344, y, quantity, 9), (389, y, price, 9), (500, y, amount, 9)]
    return items


def test_a_discount_between_the_items_is_a_row_and_the_items_after_it_are_read():
    # given a discount row, worded like the totals, between priced items
    rows = [
        ("Hanglamp messing", "4", "€ 189,00", "€ 756,00"),
        ("Korting vaste klant 5%", "", "", "€ -37,80"),
        ("Boek over licht", "2", "€ 34,50", "€ 69,00"),
        ("Verzendkosten", "1", "€ 24,95", "€ 24,95"),
    ]
    items = [(57, 60, "Lichthuis B.V.", 14), (57, 200, "Factuurnummer: LH-25-0318", 9)]
    items += _items_table(rows)
    items += [(300, 340, "Totaal excl. BTW", 9), (489, 340, "€ 812,15", 9)]
    # when
    result = _extract(items, INVOICE)
    # then
    assert [(i["description"], i["amount"]) for i in result.data["line_items"]] == [
        ("Hanglamp messing", "756.00"),
        ("Korting vaste klant 5%", "-37.80"),
        ("Boek over licht", "69.00"),
        ("Verzendkosten", "24.95"),
    ]


def test_a_seller_named_only_in_the_footer_over_its_address_is_the_vendor_not_the_addressee():
    # given a spaced wordmark on top, the customer in the envelope's window with whom it is for,
    # and the seller's company only in the footer's block, over its street and town
    items = [
        (57, 50, "L I C H T H U I S", 16),
        (57, 108, "Interieurstudio Noordereiland V.O.F.", 10),
        (57, 119, "t.a.v. de heer P. van Dijk", 10),
        (57, 130, "Maaskade 113", 10),
        (57, 141, "3071 NK Rotterdam", 10),
        (63, 180, "Factuurnummer: LH-25-0318", 9),
        *_items_table([("Hanglamp messing", "4", "€ 189,00", "€ 756,00")]),
        (300, 300, "Totaal", 9),
        (489, 300, "€ 914,76", 9),
        (51, 746, "Lichthuis Verlichting B.V.", 7),
        (239, 746, "KvK 70412386", 7),
        (51, 754, "Van Vollenhovenstraat 21, 3016 BG Rotterdam", 7),
        (239, 754, "BTW NL858412905B01", 7),
    ]
    # when
    data = _extract(items, INVOICE).data
    # then
    assert (data["vendor_name"], data["customer_name"]) == (
        "Lichthuis Verlichting B.V.",
        "Interieurstudio Noordereiland V.O.F.",
    )


def test_a_letterhead_company_beside_its_email_and_a_caption_of_two_wordings():
    # given an Italian invoice: the seller beside its certified e-mail, a line of share capital
    # printed a little higher, and the customer under "SPETT.LE / CESSIONARIO"
    items = [
        (470, 39, "Cap. soc. € 50.000,00 i.v.", 7),
        (40, 40, "Ricambi Industriali Sabaudi S.r.l.", 12),
        (463, 50, "PEC ricambisabaudi@pec.it", 7),
        (40, 60, "Via Nizza 218 - 10126 Torino (TO)", 8),
        (44, 105, "SPETT.LE / CESSIONARIO", 7),
        (301, 105, "DESTINAZIONE MERCE", 7),
        (44, 113, "Pasticceria Gerbino & Figli S.n.c.", 9),
        (301, 113, "Laboratorio Gerbino", 9),
        (44, 124, "Corso Francia 57", 9),
        (44, 174, "NUMERO", 7),
        (193, 174, "DATA", 7),
        (44, 182, "FT 2025/000147", 9),
        (193, 182, "14/02/2025", 9),
        (44, 196, "PAGAMENTO", 7),
        (44, 204, "Bonifico bancario 30 gg d.f. fine mese", 9),
        (337, 380, "TOTALE DOCUMENTO", 9),
        (512, 380, "€ 683,16", 9),
    ]
    # when
    result = _extract(items, INVOICE)
    data = result.data
    assert (data["vendor_name"], data["customer_name"]) == (
        "Ricambi Industriali Sabaudi S.r.l.",
        "Pasticceria Gerbino & Figli S.n.c.",
    )
    # then: the term runs 30 days from 14 February, to the end of that month; not printed, so said
    # in the due date's warning, not given as its value
    assert "due_date" not in data
    assert any(
        w.startswith("due_date: not printed; the terms give 2025-03-31,") for w in result.meta["warnings"]
    )


def test_an_addressee_under_a_return_address_written_with_commas_past_the_letterheads_contact_line():
    # given a DIN letter: the letterhead's contact line (dots), then the return address over the
    # window (commas), then the addressee without a legal form
    items = [
        (117, 63, "Feinkost & Catering Steirerhof GmbH", 14),
        (130, 86, "Sporgasse 27 · 8010 Graz · +43 316 872 44 0 · office@steirerhof-catering.at", 8),
        (76, 115, "Steirerhof GmbH, Sporgasse 27, 8010 Graz", 7),
        (77, 127, "Technische Universität Graz", 10),
        (338, 127, "Rechnungsnummer: 2025-0009", 9),
        (77, 137, "Institut für Maschinenelemente", 10),
        (338, 137, "Rechnungsdatum:", 9),
        (436, 137, "7. Jänner 2025", 9),
        (77, 148, "z. H. Frau DI Katharina Pichler", 10),
        (338, 148, "Leistungsdatum:", 9),
        (436, 148, "19. Dezember 2024", 9),
        (77, 158, "Inffeldgasse 21b", 10),
        (77, 169, "8010 Graz", 10),
        (369, 400, "Gesamtbetrag", 9),
        (476, 400, "4.480,00 €", 9),
    ]
    # when
    data = _extract(items, INVOICE).data
    # then
    assert data["customer_name"] == "Technische Universität Graz"


def test_a_second_partys_caption_of_two_wordings_beside_the_customers_is_no_name():
    # given the customer's caption with another on its right ("Delivery / Site Address": two
    # wordings sharing their last word), each over its block
    items = [
        (57, 55, "Glen Affric Joinery Ltd", 14),
        (62, 154, "Invoice Address", 9),
        (317, 154, "Delivery / Site Address", 9),
        (62, 168, "Highland Heritage Cottages LLP", 9),
        (317, 168, "The Old Manse", 9),
        (62, 180, "Kirkton Steading", 9),
        (346, 460, "Total", 9),
        (493, 460, "£7,395.00", 9),
    ]
    # when
    data = _extract(items, INVOICE).data
    # then
    assert data["customer_name"] == "Highland Heritage Cottages LLP"


def test_a_customers_account_code_is_no_name_nor_the_item_tables_header_under_it():
    # given "Client : BOUCH-33" over the items' "Qté", the customer's block further up
    items = [
        (48, 45, "Les Chais de la Bastide", 14),
        (440, 45, "Facture n° F-2025-0211", 9),
        (304, 94, "Restaurant Le Bouchon Bordelais SAS", 9),
        (304, 104, "2 rue Courbin", 9),
        (304, 115, "33000 Bordeaux", 9),
        (50, 146, "Date de facture : 12 mars 2025", 9),
        (379, 146, "Client : BOUCH-33", 9),
        (52, 169, "Réf.", 8),
        (96, 169, "Désignation", 8),
        (393, 169, "Qté", 8),
        (435, 169, "P.U. HT", 8),
        (492, 169, "Montant HT", 8),
        (52, 185, "V2300", 8),
        (96, 185, "Château Peyrabon 2018, Haut-Médoc - carton de 6", 8),
        (403, 185, "4", 8),
        (429, 185, "111,00 €", 8),
        (506, 185, "444,00 €", 8),
        (400, 230, "Total TTC", 9),
        (506, 230, "532,80 €", 9),
    ]
    # when
    data = _extract(items, INVOICE).data
    # then
    assert data["customer_name"] == "Restaurant Le Bouchon Bordelais SAS"


def test_descriptions_wrapped_onto_a_second_line_keep_their_words_and_hyphenated_words_whole():
    # given descriptions whose second line starts left of the centred "Désignation", one broken
    # after a hyphen, one after a hyphen a conjunction follows
    items = [
        (55, 208, "Référence", 8),
        (222, 208, "Désignation", 8),
        (398, 208, "Qté", 8),
        (423, 208, "Prix unitaire", 8),
        (496, 208, "Montant", 8),
        (55, 234, "LEV-500", 8),
        (107, 234, "Levure fraîche, pain de 500 g (livraison sous froid", 8),
        (400, 234, "30", 8),
        (454, 234, "1,95 €", 8),
        (506, 234, "58,50 €", 8),
        (107, 244, "positif obligatoire)", 8),
        (55, 262, "SAU-375", 8),
        (107, 262, "Sauternes 1er Grand Cru Classé - demi-", 8),
        (400, 262, "12", 8),
        (449, 262, "29,90 €", 8),
        (500, 262, "358,80 €", 8),
        (107, 272, "bouteille 37,5 cl", 8),
        (55, 290, "GES-01", 8),
        (107, 290, "Reinigung von Geschirr-", 8),
        (400, 290, "1", 8),
        (449, 290, "40,00 €", 8),
        (506, 290, "40,00 €", 8),
        (107, 300, "und Gläserverleih", 8),
        (400, 330, "Total HT", 9),
        (496, 330, "457,30 €", 9),
    ]
    # when
    result = _extract(items, "line items (description, quantity, unit price, amount)")
    # then
    assert [item["description"] for item in result.data["line_items"]] == [
        "Levure fraîche, pain de 500 g (livraison sous froid positif obligatoire)",
        "Sauternes 1er Grand Cru Classé - demi-bouteille 37,5 cl",
        "Reinigung von Geschirr- und Gläserverleih",
    ]


def test_an_account_holder_beside_the_account_label_over_its_street():
    # given a Belgian statement: the bank's one-line address, then "Rekening", the IBAN and the
    # holder's block on the right
    items = [
        (52, 40, "Scheldebank", 14),
        (436, 40, "Rekeninguittreksel", 12),
        (52, 62, "Scheldebank NV · Kouter 7, 9000 Gent · BTW BE 0404.476.835 · RPR Gent", 7),
        (56, 85, "Rekening", 9),
        (120, 85, "BE71 0961 2345 6769", 9),
        (331, 85, "Bakkerij Van Damme BV", 9),
        (331, 94, "Sint-Pietersnieuwstraat 119", 9),
        (56, 101, "Periode", 9),
        (120, 101, "van 01-03-2025 tot 31-03-2025", 9),
        (331, 101, "9000 Gent", 9),
        (56, 152, "Vorig saldo op 28-02-2025", 9),
        (288, 152, "3.187,42 EUR", 9),
        (56, 193, "Nieuw saldo op 31-03-2025", 9),
        (288, 193, "2.376,47 EUR", 9),
    ]
    # when
    data = _extract(items, "account holder, opening balance, closing balance").data
    # then
    assert data["account_holder"] == "Bakkerij Van Damme BV"


def test_a_name_right_of_its_label_keeps_the_legal_form_its_column_wrapped():
    # given a payment slip: "Customer", and right of it a name whose "Ltd" went to the next line
    items = [
        (52, 46, "TAX INVOICE", 16),
        (52, 80, "Inner West Tiling & Bathrooms", 10),
        (52, 480, "PAYMENT ADVICE", 10),
        (281, 480, "Customer", 9),
        (369, 480, "Harbourside Property Management Pty", 9),
        (369, 491, "Ltd", 9),
        (281, 505, "Invoice Number", 9),
        (369, 505, "INV-3317", 9),
        (281, 516, "Amount Due", 9),
        (369, 516, "8,030.00", 9),
    ]
    # when
    data = _extract(items, INVOICE).data
    # then
    assert data["customer_name"] == "Harbourside Property Management Pty Ltd"


def test_a_partys_name_under_a_caption_that_is_a_word_for_name_in_its_section():
    # given a Brazilian bill: "TOMADOR DE SERVIÇOS" opens the customer's section, whose name is
    # under its caption "NOME / RAZÃO SOCIAL"
    items = [
        (38, 37, "ELEVAR MANUTENÇÃO DE ELEVADORES LTDA", 11),
        (38, 112, "TOMADOR DE SERVIÇOS", 8),
        (38, 124, "NOME / RAZÃO SOCIAL", 7),
        (396, 124, "CNPJ/CPF", 7),
        (38, 131, "CONDOMÍNIO DO EDIFÍCIO JARDIM BOTÂNICO", 9),
        (396, 131, "33.456.789/0001-10", 9),
        (38, 144, "ENDEREÇO", 7),
        (38, 152, "Rua Jardim Botânico, 674", 9),
        (386, 240, "VALOR TOTAL DA FATURA", 7),
        (386, 248, "R$ 13.513,50", 9),
        (38, 268, "DADOS PARA PAGAMENTO", 9),
    ]
    # when
    data = _extract(items, INVOICE).data
    # then
    assert data["customer_name"] == "CONDOMÍNIO DO EDIFÍCIO JARDIM BOTÂNICO"


def test_a_label_with_its_colon_beside_a_row_of_capitals_gives_its_value_on_its_right():
    # given a Chilean invoice: "SEÑOR(ES):" and the customer in capitals, more labels and values
    # under them, and the date of issue written "11 de Marzo del 2025"
    items = [
        (40, 40, "EMBALAJES CORDILLERA SpA", 12),
        (40, 112, "Fecha Emisión: 11 de Marzo del 2025", 9),
        (44, 127, "SEÑOR(ES):", 8),
        (132, 127, "COMERCIAL FRUTÍCOLA LOS ANDES LIMITADA", 8),
        (405, 127, "R.U.T.:", 8),
        (494, 127, "77.812.455-3", 8),
        (44, 139, "GIRO:", 8),
        (132, 139, "Exportación de frutas frescas", 8),
        (44, 163, "CONDICIÓN VENTA:", 8),
        (132, 163, "Crédito 30 días", 8),
        (405, 163, "VENCIMIENTO:", 8),
        (494, 163, "10/04/2025", 8),
        (365, 302, "TOTAL", 9),
        (521, 302, "$ 2.482.340", 9),
    ]
    # when
    data = _extract(items, INVOICE).data
    # then
    assert (data["customer_name"], data["invoice_date"]) == (
        "COMERCIAL FRUTÍCOLA LOS ANDES LIMITADA",
        "2025-03-11",
    )


def test_dates_with_del_before_the_year():
    assert normalise.parse_date("11 de Marzo del 2025") == "2025-03-11"


def test_a_till_rolls_name_in_large_letters_centred_over_two_lines_is_one_name():
    # given a café's receipt: its name in a large font over two centred lines, then its owner
    # and address in the body's size
    items = [
        (57, 25, "BAR PASTICCERIA", 12),
        (75, 38, "DOLCE VITA", 12),
        (49, 46, "di Rossi Marco & C. s.a.s.", 7),
        (55, 55, "Piazza Carlo Alberto 15", 7),
        (77, 64, "10123 TORINO", 7),
        (58, 97, "DOCUMENTO COMMERCIALE", 8),
        (20, 120, "CAPPUCCINO", 7),
        (150, 120, "1,60", 7),
        (20, 140, "TOTALE COMPLESSIVO", 8),
        (150, 140, "1,60", 8),
    ]
    # when
    data = _extract(items, name="scontrino.pdf").data
    # then
    assert data["merchant_name"] == "BAR PASTICCERIA DOLCE VITA"


def _table(header: list[tuple[float, str]], rows: list[list[tuple[float, str]]], top: float = 240):
    items = [(x, top, text, 9) for x, text in header]
    for n, row in enumerate(rows):
        items += [(x, top + 18 + 18 * n, text, 9) for x, text in row]
    return items


def test_a_sole_traders_table_of_work_priced_under_a_currency_sign_alone():
    # given "Description of work | £": no quantity, no price, the amount column headed by its currency
    header = [(60, "Description of work"), (500, "£")]
    rows = [
        [(60, "Skim coat kitchen and hallway"), (480, "760.00")],
        [(60, "Skip hire (1 week)"), (480, "210.00")],
    ]
    items = [
        (57, 60, "Sam Okafor Plastering", 14),
        (57, 200, "Invoice number: 0417", 9),
        *_table(header, rows),
    ]
    items += [(340, 300, "Total due", 9), (476, 300, "£970.00", 9)]
    # when
    result = _extract(items, INVOICE)
    # then
    assert [(i["description"], i["amount"]) for i in result.data["line_items"]] == [
        ("Skim coat kitchen and hallway", "760.00"),
        ("Skip hire (1 week)", "210.00"),
    ]


def test_price_per_piece_and_units_headers_and_a_discount_column_keep_the_printed_quantity():
    # given German "Preis/St. EUR" and a "Rabatt" column: 250 x 11,40 less 10 % = 2.565,00
    header = [
        (60, "Bezeichnung"),
        (330, "Menge"),
        (380, "Preis/St. EUR"),
        (450, "Rabatt"),
        (500, "Betrag EUR"),
    ]
    rows = [
        [(60, "Notizbuch A5 Leinen"), (340, "250"), (390, "11,40"), (455, "10%"), (505, "2.565,00")],
        [(60, "Versand DHL Paket"), (345, "1"), (390, "24,50"), (455, "-"), (510, "24,50")],
    ]
    items = [(57, 60, "Papeterie Lindenau GmbH", 14), (57, 200, "Rechnungsnummer: 2025/00314", 9)]
    items += _table(header, rows)
    # when
    result = _extract(items, INVOICE)
    # then
    assert [(i["quantity"], i["unit_price"], i["amount"]) for i in result.data["line_items"]] == [
        (250, "11.40", "2565.00"),
        (1, "24.50", "24.50"),
    ]
    notes = result.sources["line_items"][0].get("notes", [])
    assert "amount: quantity x unit price less 10 %" in notes


def test_spanish_units_abbreviated_head_the_quantity():
    from batches.processing.builtin.items import header_columns

    assert header_columns(["Concepto", "Unid.", "Precio", "Importe"]) == {
        "description": 0,
        "quantity": 1,
        "unit_price": 2,
        "amount": 3,
    }


def test_the_amount_a_rate_is_levied_on_is_no_tax_and_a_tax_is_never_its_own_base():
    # given the tax lines "zzgl. 20 % USt. von € 3.985,00 | € 797,00", and the net sum's label that
    # OCR garbled, so that only the sum's arithmetic says which amount is the tax
    items = [(57, 60, "Zirbenwerk Tirol GmbH", 14), (57, 200, "Rechnungs-Nr.: RE-25-0012", 9)]
    items += [(300, 300, "A netto >", 9), (480, 300, "4.652,20", 9)]
    items += [(300, 318, "zzgl. 20 % USt. von € 3.985,00", 9), (480, 318, "€ 797,00", 9)]
    items += [(300, 336, "zzgl. 10 % USt. von € 667,20", 9), (480, 336, "€ 66,72", 9)]
    items += [(300, 354, "Summe USt.", 9), (480, 354, "€ 863,72", 9)]
    items += [(300, 372, "Rechnungsbetrag", 9), (480, 372, "€ 5.515,92", 9)]
    # when
    result = _extract(items, INVOICE)
    # then
    assert (result.data["tax"], result.data["total"]) == ("863.72", "5515.92")


def test_a_subtotal_and_tax_read_the_wrong_way_round_are_set_right_by_the_size_of_the_tax():
    from batches.processing.builtin.candidates import Candidate, Relation
    from batches.processing.builtin.choose import choose
    from batches.processing.layout.model import Cell, Line, Word

    line = Line(cells=[Cell(words=[Word("x", 0, 0, 1, 1)])], page=1)

    def candidate(name: str, value: str, score: float) -> Candidate:
        return Candidate(name, value, value, line, score, Relation.RIGHT)

    # both ways round the sum holds; the swapped pair scores a little higher on its labels
    chosen = choose(
        [
            candidate("subtotal", "863.72", 0.7),
            candidate("tax", "4652.20", 0.7),
            candidate("subtotal", "4652.20", 0.6),
            candidate("tax", "863.72", 0.6),
            candidate("total", "5515.92", 0.95),
        ]
    )
    assert (chosen["subtotal"].candidate.value, chosen["tax"].candidate.value) == ("4652.20", "863.72")


def test_labels_in_two_languages_the_first_unknown_name_their_field_but_a_partys_caption_does_not():
    from batches.processing.builtin.labels import label_index

    index = label_index(("invoice_number", "due_date", "subtotal", "total", "vendor_name", "customer_name"))
    fields = {text: [hit.field for hit in index.hits(text)][:1] for text in (
        "Faktura zk. / Nº Factura", "Muga-eguna / Vencimiento", "Oinarria / Base imponible",
        "Guztira / Total factura", "NOME / RAZÃO SOCIAL", "Dupont / Martin SARL",
    )}  # fmt: skip
    assert fields == {
        "Faktura zk. / Nº Factura": ["invoice_number"],
        "Muga-eguna / Vencimiento": ["due_date"],
        "Oinarria / Base imponible": ["subtotal"],
        "Guztira / Total factura": ["total"],
        "NOME / RAZÃO SOCIAL": [],
        "Dupont / Martin SARL": [],
    }


def test_a_vat_summary_over_the_documents_totals_row_read_column_by_column():
    # a courtesy print of an Italian e-invoice: a rate column, a summary by rate, then the totals
    # row whose amounts start under their headings' last letters
    items = [
        (34, 60, "Numero documento", 7), (160, 60, "Data documento", 7),
        (34, 72, "112/FE", 9), (160, 72, "17-02-2025", 9),
        (34, 320, "esigibilità iva", 7), (206, 320, "%IVA", 7), (344, 320, "Totale imponibile", 7),
        (428, 320, "Totale imposta", 7),
        (206, 332, "22,00", 9), (389, 332, "3.540,00", 9), (469, 332, "778,80", 9),
        (206, 345, "10,00", 9), (396, 345, "336,00", 9), (474, 345, "33,60", 9),
        (34, 371, "Importo bollo", 7), (115, 371, "Sconto/Maggiorazione", 7),
        (272, 371, "Totale imponibile", 7),
        (373, 371, "Totale imposta", 7), (461, 371, "Totale documento", 7),
        (334, 383, "3.876,00", 9), (429, 383, "812,40", 9), (524, 383, "4.688,40", 9),
    ]  # fmt: skip
    data = _extract(items, "subtotal, tax, total").data
    assert (data["subtotal"], data["tax"], data["total"]) == ("3876.00", "812.40", "4688.40")


def test_totals_after_a_middle_dot_and_under_a_bracketed_wording_and_no_amount_from_a_legal_note():
    items = [
        (46, 60, "FRA. Nº", 7), (149, 60, "FECHA FRA.", 7),
        (46, 70, "2025-087", 9), (149, 70, "27-02-2025", 9),
        (60, 387, "BASE IMP.", 7), (141, 387, "IVA", 7), (206, 387, "CUOTA", 7), (272, 387, "BASE IMP.", 7),
        (353, 387, "IVA", 7), (417, 387, "CUOTA", 7), (484, 387, "TOTAL FACTURA", 7),
        (74, 401, "5.419,50", 9), (158, 401, "10 %", 9), (222, 401, "541,95", 9), (293, 401, "180,00", 9),
        (370, 401, "21 %", 9), (438, 401, "37,80", 9), (504, 401, "6.179,25 €", 9),
        (267, 425, "Suma de importes (base imponible total): 5.599,50 € · Cuota IVA total: 579,75 €", 8),
        (40, 454, "IVA reducido del 10 % aplicado a obras de renovación y reparación de viviendas "
                  "(art. 91.Uno.2.10º Ley 37/1992), según declaración firmada por el cliente.", 7),
    ]  # fmt: skip
    data = _extract(items, "invoice number, subtotal, tax, total").data
    assert (data["invoice_number"], data["subtotal"], data["tax"], data["total"]) == (
        "2025-087",
        "5599.50",
        "579.75",
        "6179.25",
    )


def test_two_labels_in_one_cell_over_two_values_and_a_net_order_value_as_the_orders_total():
    items = [
        (57, 46, "Maschinenbau Oberland AG", 12),
        (57, 120, "Hydraulik Becker GmbH", 9), (340, 120, "Bestellung", 12),
        (340, 141, "Bestellnummer/Datum", 7),
        (340, 154, "4500012873 / 05.03.2025", 9),
        (340, 167, "Ihre Lieferantennummer bei uns", 7),
        (340, 178, "700345", 9),
        (57, 338, "Pos.", 7), (170, 338, "Bezeichnung", 7), (400, 338, "Menge", 7),
        (440, 338, "Preis/Einheit", 7),
        (502, 338, "Nettowert", 7),
        (57, 357, "00010", 9), (170, 357, "Hydraulikzylinder doppeltwirkend, Kolben-Ø 63", 9),
        (421, 357, "4", 9),
        (462, 357, "612,00", 9), (505, 357, "2.448,00", 9),
        (170, 369, "mm, Hub 400 mm", 9),
        (170, 381, "Liefertermin: Tag 21.03.2025", 9),  # the item's note, not its words
        (57, 399, "00020", 9), (170, 399, "Wegeventil 4/3 NG6, 24 V DC", 9), (421, 399, "6", 9),
        (462, 399, "178,50", 9), (505, 399, "1.071,00", 9),
        (170, 412, "Liefertermin: Tag 21.03.2025", 9),
        (283, 450, "Gesamtnettowert ohne Mwst EUR", 9), (502, 450, "3.519,00", 9),
    ]  # fmt: skip
    data = _extract(items, "po number, order date, total, line items").data
    assert (data["po_number"], data["order_date"], data["total"]) == ("4500012873", "2025-03-05", "3519.00")
    assert [item["description"] for item in data["line_items"]] == [
        "Hydraulikzylinder doppeltwirkend, Kolben-Ø 63 mm, Hub 400 mm",
        "Wegeventil 4/3 NG6, 24 V DC",
    ]


def test_a_sole_traders_name_only_in_the_footers_one_line_address_under_an_addressee_label():
    # the page opens with whom it is for ("Aan:"); the seller, with no legal form, only in the footer
    items = [
        (57, 62, "Factuur", 16),
        (57, 142, "Aan:", 9), (363, 142, "Factuurnummer", 9), (465, 142, "2025-014", 9),
        (57, 156, "Bouwbedrijf Van der Veen & Zn. B.V.", 9), (363, 156, "Factuurdatum", 9),
        (465, 156, "12 februari 2025", 9),
        (57, 169, "t.a.v. mevrouw I. Smit", 9),
        (57, 179, "Industrieweg 14", 9),
        (57, 195, "9723 JK Groningen", 9),
        *_items_table([("Bedrijfsreportage jubileumfeest", "1", "€ 1.150,00", "€ 1.150,00")], top=257),
        (299, 330, "Totaal te betalen", 9), (472, 330, "€ 1.391,50", 9),
        (104, 791, "Lichtkamer Fotografie · Zuiderdiep 88 · 9711 HL Groningen · 050 555 0192", 7),
        (159, 803, "KvK 71234567 · btw-id NL001234567B01", 7),
    ]  # fmt: skip
    data = _extract(items, INVOICE).data
    assert (data["vendor_name"], data["customer_name"]) == (
        "Lichtkamer Fotografie",
        "Bouwbedrijf Van der Veen & Zn. B.V.",
    )


def test_a_tagline_of_trades_beside_the_company_and_the_window_right_of_the_documents_labels():
    items = [
        (399, 43, "Möbel · Innenausbau · Zirbenholz", 8),
        (51, 44, "Tischlerei Fink GmbH", 16),
        (407, 56, "Hatlerstraße 54, 6850 Dornbirn", 8),
        (57, 142, "Rechnung Nr.", 9), (135, 142, "2025-0311", 9),
        (334, 142, "Aare Druck & Medien GmbH, Freiburgstrasse 251, 3018 Bern", 6),
        (57, 155, "Rechnungsdatum", 9), (135, 155, "18.03.2025", 9), (334, 155, "Turnverein Bümpliz", 9),
        (57, 167, "Kunden-Nr.", 9), (135, 167, "40217", 9), (334, 167, "z. H. Frau Regula Moser", 9),
        (57, 179, "Auftrag", 9), (135, 179, "A-25-0077", 9), (334, 179, "Postfach 112", 9),
        (334, 191, "3018 Bern", 9),
        (257, 300, "Rechnungsbetrag CHF", 9), (514, 300, "9'658.73", 9),
        (57, 330, "Zahlbar innert 30 Tagen netto. Wir danken für Ihren Auftrag.", 9),
    ]  # fmt: skip
    data = _extract(items, "vendor name, customer name").data
    assert (data["vendor_name"], data["customer_name"]) == ("Tischlerei Fink GmbH", "Turnverein Bümpliz")


def test_a_brand_that_runs_a_legal_names_words_together_stands_for_it_not_its_salesperson():
    items = [
        (303, 54, "R.U.C.: 1792345678001", 9),
        (62, 75, "ANDESTECH", 20), (303, 75, "FACTURA", 14),
        (303, 96, "No. 001-002-000004518", 9),
        (62, 102, "soluciones informáticas para empresas", 8),
        (43, 169, "ANDES TECH SOLUCIONES CIA. LTDA.", 9),
        (43, 184, "Nombre Comercial: ANDESTECH", 8),
        (40, 306, "Razón Social / Nombres y Apellidos: CONSTRUCTORA PICHINCHA NORTE S.A.", 8),
        (43, 543, "Vendedor", 8), (113, 543, "J. CEVALLOS", 8), (367, 543, "SUBTOTAL EXENTO DE IVA", 8),
        (546, 543, "0.00", 8),
        (367, 557, "SUBTOTAL SIN IMPUESTOS", 8), (536, 557, "3218.70", 8),
        (367, 600, "IVA 15%", 8), (539, 600, "478.31", 8),
        (367, 642, "VALOR TOTAL", 8), (536, 642, "3697.01", 8),
    ]  # fmt: skip
    data = _extract(items, "vendor name, subtotal, tax, total").data
    assert (data["vendor_name"], data["subtotal"], data["total"]) == (
        "ANDES TECH SOLUCIONES CIA. LTDA.",
        "3218.70",
        "3697.01",
    )


def test_a_letterhead_name_wrapped_beside_its_address_column_is_read_whole():
    # given a large name over two lines ("Officina Lumen" / "Studio S.r.l."), the address and a
    # long contact line beside its first line (which make that line no letterhead), and the
    # address's second line printed a little higher than the name's second
    items = [
        (50, 40, "Officina Lumen", 18),
        (220, 40, "Corso Vercelli 21 -  P.IVA 04561230987  fatture@officinalumen-studio.example", 8),
        (220, 56, "20145 Milano", 8),
        (50, 60, "Studio S.r.l.", 18),
        (50, 110, "Fattura n. 2025/118", 12),
        (50, 130, "Data: 03/06/2025", 9),
        (50, 160, "Spett.le", 9),
        (50, 172, "Ottica Brera di Fumagalli Luca", 9),
        (50, 300, "Totale documento  1.220,00", 9),
    ]
    # when
    data = _extract(items, INVOICE).data
    # then
    assert data["vendor_name"] == "Officina Lumen Studio S.r.l."


def test_a_grids_row_of_headings_gives_its_values_under_it_not_the_next_heading():
    # given a grid "Facture  Date  Échéance  Client  Page" over its values, the client a code
    items = [
        (50, 40, "Papeterie Ardennaise S.à r.l.", 14),
        (50, 100, "FACTURE", 16),
        (50, 130, "Facture", 9),
        (150, 130, "Date", 9),
        (250, 130, "Échéance", 9),
        (350, 130, "Client", 9),
        (450, 130, "Page", 9),
        (50, 145, "LU-F-25-00412", 9),
        (150, 145, "03.03.2025", 9),
        (250, 145, "02.04.2025", 9),
        (350, 145, "CLI-118", 9),
        (450, 145, "1/1", 9),
        (50, 175, "DESTINATAIRE", 9),
        (50, 187, "Cabinet Weber & Associés S.A.", 9),
        (50, 300, "Total TTC  584,00 €", 9),
    ]
    # when
    data = _extract(items, INVOICE).data
    # then
    assert data["customer_name"] == "Cabinet Weber & Associés S.A."
    assert data["invoice_number"] == "LU-F-25-00412"


def test_an_address_whose_words_name_two_columns_heads_no_item_table():
    # given a delivery block whose address line holds "Unit" and "Goods" (two words that name
    # item columns) and a postcode with digits under it, over the real item table
    items = [
        (50, 40, "Shannon Precision Engineering Ltd", 14),
        (400, 40, "PURCHASE ORDER", 14),
        (50, 120, "ORDERED FROM", 9),
        (300, 120, "DELIVER TO", 9),
        (50, 134, "Munster Tooling Supplies Limited", 9),
        (300, 134, "Shannon Precision Engineering Ltd", 9),
        (50, 145, "Unit 4, Ballycurreen Industrial Estate", 9),
        (300, 145, "Goods Inwards", 9),
        (50, 156, "Kinsale Road, Cork T12 P2W8", 9),
        (300, 156, "Smithstown Industrial Estate, Shannon", 9),
        (50, 174, "No. Item / Description", 9),
        (330, 174, "Qty", 9),
        (380, 174, "UOM", 9),
        (430, 174, "Unit Price", 9),
        (500, 174, "Total", 9),
        (50, 190, "1 Carbide end mill 10mm 4-flute", 9),
        (335, 190, "20", 9),
        (380, 190, "PCS", 9),
        (440, 190, "38.60", 9),
        (500, 190, "772.00", 9),
        (50, 205, "2 Coolant concentrate, 208L drum", 9),
        (337, 205, "1", 9),
        (380, 205, "DRUM", 9),
        (430, 205, "1,240.00", 9),
        (500, 205, "1,240.00", 9),
        (400, 240, "Subtotal  €2,012.00", 9),
    ]
    # when
    data = _extract(items, "po number, supplier, total, line items").data
    # then
    assert [(item["quantity"], item["amount"]) for item in data["line_items"]] == [
        (20, "772.00"),
        (1, "1240.00"),
    ]


def test_a_day_of_a_date_under_the_title_is_no_invoice_number():
    """ "Factura" beside the client's name, the place and date under it: the 12 of "Granada, 12 de
    mayo de 2026" is a day, the number is under "NÚMERO" in the grid further down."""
    text = (
        "Lucía Fernández Morales\nTraductora jurada · Calle Elvira, 42 · 18010 Granada\n\n"
        "Alhambra Tours y Eventos S.L.                    Factura\n"
        "CIF B18934456                                    Granada, 12 de mayo de 2026\n"
        "Cuesta de Gomérez, 11\n\n"
        "NÚMERO        FECHA DE EMISIÓN        FECHA DE VENCIMIENTO\n"
        "2026-024      12 de mayo de 2026      11 de junio de 2026\n"
    )
    data = extract_text(text, "invoice number, invoice date, due date", name="factura.txt").data
    assert data == {"invoice_number": "2026-024", "invoice_date": "2026-05-12", "due_date": "2026-06-11"}
