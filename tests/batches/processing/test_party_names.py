"""What a party's name (a vendor, a buyer, a customer) is not: a postal line, a register number, an
amount or a sentence; and a letterhead's name before its address and numbers."""

from __future__ import annotations

import pytest

from batches.processing import get_processor
from batches.processing.builtin.values import DateOrder, parse
from tests.batches.processing.extracting import extract_text
from tests.batches.processing.test_extract_layouts import pdf


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("6600 Locarno", None),  # a postal code and town
        ("CHE-159.946.647 IVA", None),  # a register number
        ("VAT SE171177706101", None),
        ("6\u2019629.81 CHF", None),  # an amount
        ("Vimos por este meio faturar os seguintes serviços", None),  # a sentence
        ("60 rue de la République", None),  # a street: the name is in the letterhead
        ("Unit 100, Liffey Business Park", None),
        ("Kortrijksesteenweg 3", None),
        ("Fatura-Recibo", None),  # the document's title
        ("RECHNUNG", None),
        ("Bon de", None),  # a title wrapped after its small word ("Bon de" / "commande")
        ("F ACTU RA", None),  # the title, spaced out by OCR
        ("E ACTU UR", None),  # ... with its first letter misread
        ("Studio 54 Ltd", "Studio 54 Ltd"),
        ("Müller & Söhne GmbH", "Müller & Söhne GmbH"),
        ("Instalaciones Mediterráneo S. Coop.", "Instalaciones Mediterráneo S. Coop."),
        ("O MESMO", None),  # a carrier's box referring to the seller
        ("Idem", None),
        (
            "Construtora Moinhos de Vento S.A. \u2013 CNPJ 92.441.306/0001-18",
            "Construtora Moinhos de Vento S.A.",
        ),
    ],
)
def test_a_party_name_is_no_postal_line_register_number_amount_or_sentence(printed, name):
    assert parse("party", printed, DateOrder(False)) == name


def test_a_letterhead_of_name_address_and_register_number_gives_the_name():
    text = (
        "Bianchi & Romano Sagl · Via Garibaldi 172 · 6500 Bellinzona\nCHE-159.946.647 IVA\n"
        "Ordine di acquisto\nN. ordine: ORD-2016-0241\nData ordine: 29.06.2016\nTotale: CHF 1'200.00\n"
    )
    result = extract_text(text, "buyer, po number", name="ordine.txt")
    assert result.data["buyer"] == "Bianchi & Romano Sagl"


def test_a_heading_of_labels_right_of_a_party_label_is_not_its_name():
    # "Besteller  AAN  AFLEVERADRES": two headings of columns, the names are on the line below
    text = (
        "Inkooporder\nOrdernummer: IO20208738\nBesteller      AAN  AFLEVERADRES\n"
        "Jansen Groothandel N.V.      Kempenland Transport N.V.\nTotaal: € 1.200,00\n"
    )
    result = extract_text(text, "buyer, po number", name="order.txt")
    assert result.data["buyer"] == "Jansen Groothandel N.V."


@pytest.mark.parametrize("printed", ["04-ene-2023", "50001 Zaragoza", "3000 Leuven", "30 maart 2023"])
def test_a_date_or_a_postal_line_is_no_identifier(printed):
    assert parse("id", printed, DateOrder(False)) is None


@pytest.mark.parametrize("printed", ["A/2023/1736", "201678724", "FT A14/02808", "INV-2024-001"])
def test_identifiers_stay_identifiers(printed):
    assert parse("id", printed, DateOrder(False)) not in (None, "")


@pytest.mark.parametrize(
    ("letterhead", "vendor"),
    [
        ("LM  Lindenhof Medien OG  Rechnung", "Lindenhof Medien OG"),  # a logo's initials first
        ("CM Cabinet Marchetti SARL  Facture", "Cabinet Marchetti SARL"),
        ("KH  RECHNUNG\nKanzlei Hoffmann OG  Rechnungsdatum  17.06.2023", "Kanzlei Hoffmann OG"),
        ("de Vries CommV  Factuur", "de Vries CommV"),
    ],
)
def test_the_letterhead_name_is_not_the_logo_the_title_or_the_street_under_the_vendor_label(
    letterhead, vendor
):
    text = (
        f"{letterhead}\nFactuurnummer: F-2201\nDatum: 12-03-2024\n"
        "Vendor\n60 rue de la République\n33000 Bordeaux\ncontact@cabinet.example.com\n"
        "Total: 1.210,00 EUR\n"
    )
    result = extract_text(text, "vendor name, invoice number", name="invoice.txt")
    assert result.data["vendor_name"] == vendor


@pytest.mark.parametrize("label", ["Customer number", "Customer ref.", "Client ID"])
def test_a_party_label_followed_by_an_id_word_labels_the_partys_number_not_its_name(label):
    text = (
        "Mistral Software Limited\nMistral Software Limited · 129 Wharf Road · Leeds LS1 4AP\n"
        f"Bluebell Catering Limited  {label}  C134920\n105 Wharf Road  Order number  PO 09107\n"
        "Invoice INV-002096\nTotal  £1,200.00\n"
    )
    result = extract_text(text, "customer name, invoice number", name="invoice.txt")
    assert result.data["customer_name"] == "Bluebell Catering Limited"


@pytest.mark.parametrize(
    ("attention", "heading", "language"),
    [
        ("Attn: Laura Pike", "Bill to", "en"),
        ("Attention: Laura Pike", "Invoice to", "en"),
        ("z. Hd. Laura Pike", "Rechnungsadresse", "de"),
        ("À l'attention de Laura Pike", "Facturé à", "fr"),
        ("T.a.v. Laura Pike", "Factuuradres", "nl"),
        ("Alla c.a. di Laura Pike", "Cliente", "it"),
    ],
)
def test_an_attention_line_names_the_customers_contact_not_the_customer(attention, heading, language):
    words = {
        "en": ("Invoice", "Total"),
        "de": ("Rechnung", "Gesamtbetrag"),
        "fr": ("Facture", "Total TTC"),
        "nl": ("Factuur", "Totaal"),
        "it": ("Fattura", "Totale"),
    }[language]
    text = (
        f"Quayside Tools Ltd\n12 Dock Road, Leith\n{words[0]} 2024-117\n\n{heading}\n"
        f"Marlow Fittings Ltd\n{attention}\n44 Mill Lane\nGlasgow G2 5AB\n\n{words[1]}: 240.00 EUR\n"
    )
    result = extract_text(text, "customer name, vendor name, total", name="invoice.txt")
    assert result.data["customer_name"] == "Marlow Fittings Ltd"


def test_an_unlabelled_customer_is_the_person_over_the_address_in_the_window_not_an_items_row():
    text = (
        "Orsolini Arredi Sagl\nOrsolini Arredi Sagl · Via Cantonale 8 · 6900 Lugano\n"
        "Giulia Ferraresi\nVia dei Mille 14\n6500 Bellinzona\n\n"
        "Fattura n. 2025/0311\nData 3 marzo 2025\n"
        "Articolo  |  Prezzo  |  Qtà  |  Importo\n"
        "Montaggio Mobili (Ore)  |  62.00  |  3  |  186.00\n"
        "Lampada Led 40 W  |  48.50  |  2  |  97.00\n"
        "Totale  CHF 283.00\n"
    )
    result = extract_text(text, "customer name, vendor name, total", name="fattura.txt")
    assert result.data["customer_name"] == "Giulia Ferraresi"
    assert result.data["vendor_name"] == "Orsolini Arredi Sagl"
    unaddressed = extract_text(
        text.replace("Giulia Ferraresi\nVia dei Mille 14\n6500 Bellinzona\n", ""),
        "customer name",
        name="fattura.txt",
    )
    assert unaddressed.data.get("customer_name") is None  # not "Montaggio Mobili (Ore)", a row's text


@pytest.mark.parametrize(
    ("attention", "words"),
    [
        ("Inh. Maria Huber", ("Rechnung", "Endbetrag")),  # the owner of a business with no legal form
        ("z. Hd. Frau Berger", ("Rechnung", "Endbetrag")),
        ("t.a.v. Jan de Vries", ("Factuur", "Totaal")),
        ("Attn: Accounts Payable", ("Invoice", "Total")),
        ("Abt. Einkauf", ("Rechnung", "Endbetrag")),  # a department
    ],
)
def test_an_unlabelled_customer_over_an_attention_line_is_the_business_not_the_person(attention, words):
    text = (
        "Weber Großhandel\nIndustriestraße 22 · 68169 Mannheim\n\n"
        f"Gasthaus Zur Linde\n{attention}\nDorfplatz 1\n69117 Heidelberg\n\n"
        f"{words[0]} RG-88213\nArtikel  |  Betrag\nWeizenmehl 25 kg  |  75,60\n{words[1]}  161,89 EUR\n"
    )
    result = extract_text(text, "customer name, total", name="rechnung.txt")
    assert result.data["customer_name"] == "Gasthaus Zur Linde"


def test_an_unlabelled_supplier_is_the_company_a_purchase_order_is_addressed_to():
    text = (
        "Brenner Haustechnik GmbH\nBrenner Haustechnik GmbH · Hafenstraße 3 · 20457 Hamburg\n"
        "Elisabeth Nowak\nLindenallee 22\n22087 Hamburg\n\n"
        "Bestellung Nr. B-2025-118\nBestelldatum 12.05.2025\nGesamtbetrag 1.250,00 EUR\n"
    )
    result = extract_text(text, "po number, buyer, supplier, total", name="bestellung.txt")
    assert (result.data["buyer"], result.data["supplier"]) == ("Brenner Haustechnik GmbH", "Elisabeth Nowak")


@pytest.mark.parametrize(
    ("requester", "words"),
    [
        ("Requested by: Tom Hale", ("Purchase Order", "PO Number", "Total")),
        ("Richiedente: Tom Hale", ("Ordine di acquisto", "N. ordine", "Totale")),
        ("Solicitado por: Tom Hale", ("Orden de compra", "Nº de pedido", "Total")),
        ("Inkoper: Tom Hale", ("Inkooporder", "Ordernummer", "Totaal")),
    ],
)
def test_the_person_who_requested_an_order_is_its_contact_not_the_buyer(requester, words):
    text = (
        f"Harwood Joinery Ltd\n5 Canal Street, Leeds LS1 4AB\n{words[0]}\n{words[1]}: PO-7781\n"
        f"{requester}\n\nSupplier:\nBelton Timber Ltd\n\n{words[2]}: 1,200.00 GBP\n"
    )
    result = extract_text(text, "po number, buyer, supplier, contact person, total", name="po.txt")
    assert result.data["buyer"] == "Harwood Joinery Ltd"
    assert result.data["contact_person"] == "Tom Hale"


def test_a_company_name_whose_legal_form_wraps_onto_the_next_line_keeps_it():
    text = (
        "Almeida Traduções               FATURA\n"
        "Unipessoal Lda.                 Fatura n.º FT 2025/118\n"
        "Rua do Carmo, 12                Data: 04/03/2025\n\n"
        "FORNECEDOR             CLIENTE                ENTREGAR A\n"
        "Almeida Traduções      Construcciones Ebro    Construcciones Ebro\n"
        "Unipessoal Lda.        S. de R.L. de C.V.     S. de R.L. de C.V.\n"
        "Rua do Carmo, 12       Av. Reforma 220        Calle Norte 9\n\n"
        "Total: 860,00 €\n"
    )
    result = extract_text(text, "vendor name, customer name, total", name="fatura.txt")
    assert result.data["customer_name"] == "Construcciones Ebro S. de R.L. de C.V."
    assert result.data["vendor_name"] == "Almeida Traduções Unipessoal Lda."


@pytest.mark.parametrize(
    ("head", "vendor"),
    [
        # the document's title beside the name, on the letterhead's first line
        (
            "FACTURA        Cerro Alto Logística S.A. de C.V.\nAvenida del Lago, 88",
            "Cerro Alto Logística S.A. de C.V.",
        ),
        ("INVOICE        Larkspur Facilities Corp.\n42 Harbour Road", "Larkspur Facilities Corp."),
        # a legal form after a comma; its final dot is no sentence's
        (
            "Monte Claro Engenharia Unipessoal, Lda.\nTravessa do Sol, 14",
            "Monte Claro Engenharia Unipessoal, Lda.",
        ),
        # a cooperative's form; the phone line under the street is no name
        ("Pérez y Gil S. Coop.\nPlaza Mayor, 2\nTeléfono +34 91 555 34 64", "Pérez y Gil S. Coop."),
    ],
)
def test_a_letterhead_name_beside_the_title_or_ending_in_a_long_legal_form(head, vendor):
    text = f"{head}\n28013 Madrid\n\nNº 2025/0042\nFecha: 03/03/2025\nTotal: 1.210,00 €\n"
    assert extract_text(text, "vendor name, total", name="doc.txt").data["vendor_name"] == vendor


def test_a_country_or_another_fields_near_miss_beside_the_customer_label_is_not_the_customer():
    countries = (
        "FATURA                                  Serra Azul Consultoria, Lda.\n"
        "                                        Rua Nova 12, 3000-456 Coimbra\n"
        "Cliente                                 Portugal\n"
        "Atlântico Serviços S.A.                 NIF PT 577815874\n"
        "Rua das Flores 135, 1100-321 Lisboa\n\nTotal: 1.230,00 €\n"
    )
    assert (
        extract_text(countries, "customer name", name="f.txt").data["customer_name"]
        == "Atlântico Serviços S.A."
    )
    numbers = (
        "FACTUUR\n\nAan                           Klantnummer\nVeldkamp Advies N.V.          C003759\n"
        "Kerkstraat 9, 5611 AZ Eindhoven\n\nTotaal: € 1.210,00\n"
    )
    assert (
        extract_text(numbers, "customer name", name="f.txt").data["customer_name"] == "Veldkamp Advies N.V."
    )


def test_a_heading_beside_the_supplier_label_is_no_supplier_and_an_italian_invoice_to_names_the_buyer():
    dutch = (
        "Scheldezicht Advies CommV                Inkooporder\n\n"
        "Leverancier                  Leveren aan\n"
        "De Zwaluw Facilitair BV      Scheldezicht Advies CommV\n"
        "Molenweg 125                 Kerkstraat 74\n\nTotaal: € 1.000,00\n"
    )
    assert extract_text(dutch, "supplier", name="po.txt").data["supplier"] == "De Zwaluw Facilitair BV"
    italian = "Ordine\nIntestare fattura a:   Valtellina Servizi S.r.l.\nFornitore:   Aurora S.n.c.\n"
    assert extract_text(italian, "buyer", name="po.txt").data["buyer"] == "Valtellina Servizi S.r.l."


CUSTOMERS = [
    pytest.param(
        "De Luca Servizi S.n.c.                       FATTURA\nVia Roma, 153\n"
        "N. fattura 2018/8499/E\n\n"
        "Cessionario/Committente                    LUOGO DI CONSEGNA\n"
        "-----------------------                    -----------------\n"
        "Bianchi Consulenze S.p.A.                  Magazzino Verdi S.r.l.\n"
        "Via Roma, 44                               Via Verdi, 75\n\nTotale  EUR 1.220,00\n",
        "Bianchi Consulenze S.p.A.",
        id="under an underlined label",
    ),
    pytest.param(
        "Installatietechniek Visser B.V.\nKerkstraat 12\n1011 AB Amsterdam\nFACTUUR\n"
        "Factuurnummer: 2021-0042\n\nvan den Berg Advies CommV\nMeir 7\n2000 Antwerpen\n\n"
        "Totaal  EUR 1.210,00\n",
        "van den Berg Advies CommV",
        id="a name opening with two small words keeps them",
    ),
    pytest.param(
        "Gomes & Martins Lda.                      Fatura\nRua Direita, 75\n"
        "4000-322 Porto                            Documento  2017/6984\n\n"
        "Cliente                                   LOCAL DE DESCARGA\n"
        "Costa & Ferreira Unipessoal Lda.          Costa & Ferreira Unipessoal Lda.\n"
        "Avenida da Liberdade, 15                  Rua Augusta, 94\n\nTotal  1.491,90 EUR\n",
        "Costa & Ferreira Unipessoal Lda.",
        id="the unloading place beside the label is a heading",
    ),
]


@pytest.mark.parametrize(("text", "customer"), CUSTOMERS)
def test_the_customer_a_plain_text_invoice_names(text, customer):
    result = extract_text(text, "vendor name, customer name, total", name="invoice.txt")
    assert result.data["customer_name"] == customer


def test_a_company_named_by_its_legal_form_ends_at_the_gap_before_the_next_column():
    text = (
        "BON DE COMMANDE\nMenuiserie Lambert SAS                   Ets Chevalier SASU\n"
        "12 rue des Lilas                         4 avenue Foch\nTotal  1 200,00 EUR\n"
    )
    result = extract_text(text, "supplier, buyer, total", name="bon.txt")
    assert "   " not in (result.data.get("supplier") or "") + (result.data.get("buyer") or "")


@pytest.mark.parametrize("label", ["Bill to Address:", "Billing Address", "Invoice Address"])
def test_a_customer_label_ending_in_the_word_address_is_the_whole_label(label):
    text = (
        "Skyward Cloud Services, Inc.\n410 Terry Avenue North, Seattle, WA 98109\n"
        "Invoice Number: 57295038\n\n"
        f"{label}\nReyes Analytics LLC\n77 Mission Street, San Francisco, CA 94105\n\nTotal: $112.41\n"
    )
    result = extract_text(text, "customer name, total", name="invoice.txt")
    assert result.data["customer_name"] == "Reyes Analytics LLC"  # not "Address"


@pytest.mark.parametrize(
    ("addressee", "name"),
    [
        ("Mme Claire Dubois", "Claire Dubois"),
        ("Mevrouw A. Visser", "A. Visser"),
        ("HERRN PETER SCHULZ", "PETER SCHULZ"),
        ("Sig.ra Giulia Neri", "Giulia Neri"),
        ("Miss Sixty SpA", "Miss Sixty SpA"),  # a company's name keeps its first word
    ],
)
def test_a_customers_name_is_read_without_the_word_of_courtesy_before_it(addressee, name):
    labelled = extract_text(
        f"Quayside Tools Ltd\nInvoice 2024-117\nBill to: {addressee}\nTotal: 240.00 EUR\n", "customer name"
    )
    assert labelled.data["customer_name"] == name
    windowed = extract_text(
        f"Quayside Tools Ltd\n12 Dock Road, Leith\n\n{addressee}\n14 avenue Jean Jaurès\n69007 Lyon\n\n"
        "Invoice 2024-117\nTotal: 240.00 EUR\n",
        "customer name",
    )
    assert windowed.data["customer_name"] == name


@pytest.mark.parametrize("customer", ["Éditions du Pont Neuf", "Anouk de Groot", "Cave de la Vallée"])
def test_an_unlabelled_customer_whose_name_has_small_words_inside(customer):
    text = (
        "Julie Marchand - Traduction\n5 impasse des Lilas, 31000 Toulouse\n\n"
        f"{customer}\n22 rue Dauphine\n75006 Paris\n\nFACTURE N° 2024-007\nNet à payer 1 110,00 €\n"
    )
    assert extract_text(text, "customer name", name="facture.txt").data["customer_name"] == customer


def test_a_town_with_small_words_under_the_banks_street_is_not_the_account_holder():
    text = (
        "Caixa de Crédito do Douro\nAv. Rio Branco, 104 Centro\nRio de Janeiro RJ\nCEP 20040-020\n"
        "LUCAS PINTO\nAv. Paulista, 12 Centro\nCuritiba PR\nCEP 80010-000\nExtrato combinado\n"
        "Saldo inicial: BRL 95.194,11\n"
    )
    assert extract_text(text, "account holder", name="extrato.txt").data["account_holder"] == "LUCAS PINTO"


def test_a_scanned_letterheads_name_leaves_the_title_ocr_spaced_out_beside_it_behind():
    text = (
        "Installatietechniek de Vries CommV E ACTU UR\nStationsweg 9, 6711 PM Ede\n\n"
        "Factuurnummer: 2023-118\nFactuurdatum: 3 mei 2023\nTotaal € 1.210,00\n"
    )
    result = extract_text(text, "vendor name, invoice number", name="factuur.txt")
    assert result.data["vendor_name"] == "Installatietechniek de Vries CommV"


def test_an_account_holder_over_an_address_beside_the_statements_period_and_iban():
    text = (
        "Sparkasse Rhein Neckar Nord\n\n"
        "Herrn                          Kontoauszug 3/2023\n"
        "Markus Brandt                  IBAN DE12 6705 0505 0038 4417 23\n"
        "Kaiserring 20                  Zeitraum 01.03.2023 - 31.03.2023\n"
        "68161 Mannheim\n\n"
        "Alter Kontostand vom 28.02.2023   2.314,55\nNeuer Kontostand vom 31.03.2023   5.283,64\n"
    )
    result = extract_text(text, "account holder", name="kontoauszug.txt")
    assert result.data["account_holder"] == "Markus Brandt"  # the period's dates are no amounts


def test_an_unlabelled_customer_under_the_letterheads_address_line_is_no_town():
    text = (
        "Groenbeheer Van Leeuwen\nPolderweg 14 2871 RA Schoonhoven\nGemeente Krimpenerwaard\nPostbus 5\n"
        "2820 AA Stolwijk\nFactuurnummer: VL-2023-088\nFactuurbedrag € 6.122,60\n"
    )
    result = extract_text(text, "customer name", name="factuur.txt")
    assert result.data["customer_name"] == "Gemeente Krimpenerwaard"


def test_a_title_wrapped_after_its_small_word_is_no_letterhead():
    text = (
        "Bon de                                   \nAtlas Menuiserie SA\n96 rue du Moulin\n69003 Lyon\n"
        "Téléphone +33 6 39 98 30 95      commande\nN° de commande : BC2020/8726\nTotal : 100,00 €\n"
    )
    assert extract_text(text, "buyer, po number", name="bon.txt").data["buyer"] == "Atlas Menuiserie SA"


def test_a_company_named_in_a_sentence_keeps_the_words_after_its_legal_form():
    text = (
        "Norddeutsche Logistik GmbH\nBestellung\n"
        "Hiermit bestellen wir bei Elektrotechnik Becker UG (haftungsbeschränkt) unter der Bestellnummer "
        "2014/5190 vom 3. März 2014:\nGesamtbetrag 1.200,00 EUR\n"
    )
    result = extract_text(text, "supplier, po number", name="bestellung.txt")
    assert result.data["supplier"] == "Elektrotechnik Becker UG (haftungsbeschränkt)"


def test_a_company_whose_name_a_sentence_wrapped_before_its_legal_form_keeps_its_first_words():
    text = (
        "Gomes Papelaria S.A.\nRua das Flores, 49\n4700-307 Braga\nFATURA\n"
        "Junto enviamos a fatura n.º FR 2023/6848 de 22 de fevereiro de 2023 emitida a Gomes Instalações\n"
        "Unipessoal Lda.\nTotal 1 936,96 €\n"
    )
    result = extract_text(text, "customer name, invoice number", name="fatura.txt")
    assert result.data["customer_name"] == "Gomes Instalações Unipessoal Lda."


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("Owen Delaney.", "Owen Delaney"),  # a line's full stop
        ("RODRIGUES & COSTA LDA.", "RODRIGUES & COSTA LDA."),  # a legal form's dot, in capitals
        ("Prescott & Ashby AB.", "Prescott & Ashby AB"),  # a form written without a dot: a full stop
        ("Servizi Dolomiti S.a.s.", "Servizi Dolomiti S.a.s."),  # a form of dotted letters
        ("Anna M.", "Anna M."),  # an initial's
    ],
)
def test_a_name_leaves_a_full_stop_behind_but_not_its_legal_forms_or_initials(printed, name):
    assert parse("person", printed, DateOrder(False)) == name


@pytest.mark.parametrize(
    ("sentence", "customer"),
    [
        ("Rechnung F-2017-7342 vom 13.07.2017 für Lukas Böhm.", "Lukas Böhm"),
        (
            "Vi trasmettiamo la fattura n. F-2014-5572 del 2 novembre 2014 intestata a Matteo Gallo.",
            "Matteo Gallo",
        ),
        (
            "Vi trasmettiamo la fattura n. 635/PA del 27 novembre 2024 intestata a Moretti Servizi\nSagl.",
            "Moretti Servizi Sagl",
        ),
    ],
)
def test_the_customer_a_sentence_names_at_its_end(sentence, customer):
    text = (
        f"Haustechnik Koch GmbH\nIndustriestrasse 134\n6003 Luzern\nRECHNUNG\n{sentence}\nTotal 349.26 EUR\n"
    )
    assert extract_text(text, "customer name", name="rechnung.txt").data["customer_name"] == customer


@pytest.mark.parametrize("label", ["Nombre", "Name", "Nom"])
def test_a_resumes_owner_leaves_the_label_a_flattened_table_put_before_the_name(label):
    text = (
        f"Currículum Vitae\n{label} Javier Vázquez Ruiz\nDomicilio Valencia\n"
        "E-mail javier.vazquezruiz@example.com\nPERFIL PROFESIONAL\n"
    )
    assert extract_text(text, "full name, email", name="cv.txt").data["full_name"] == "Javier Vázquez Ruiz"


@pytest.mark.parametrize(
    ("sentence", "supplier"),
    [
        ("Inkooporder 4500796671 van 5-1-2021 aan van Dijk Facilitair BV.", "van Dijk Facilitair BV"),
        ("Commande n° 118 passée auprès de Atelier Azur SRL.", "Atelier Azur SRL"),  # "de" is "of" here
    ],
)
def test_a_companys_small_words_after_a_word_for_to_begin_its_name(sentence, supplier):
    text = f"Transport Dekker N.V.\nHavenweg 3, 3011 Rotterdam\n{sentence}\nTotaal € 1.200,00\n"
    assert extract_text(text, "supplier, po number", name="order.txt").data["supplier"] == supplier


def test_a_suppliers_name_its_column_broke_after_the_ampersand_goes_on_under_it():
    text = (
        "Van Dijk Installatietechniek B.V.            Nijverheidsweg 31, 3534 AM Utrecht\n\n"
        "Inkooporder\n\n"
        "Leverancier                          Afleveradres                     Ordernummer  IO-2026-0318\n"
        "Technische Groothandel Brouwer &     Project De Wetering, blok C      Orderdatum   12-03-2026\n"
        "Zn. B.V.                             Bouwkeet t.a.v. H. Bakker\n"
        "Industrieweg 112                     Weteringlaan 2\n"
        "3044 AS Rotterdam                    3554 KD Utrecht\n"
    )
    assert extract_text(text, "supplier", name="inkooporder.txt").data == {
        "supplier": "Technische Groothandel Brouwer & Zn. B.V."
    }


def test_an_unlabelled_supplier_whose_column_broke_after_the_ampersand_goes_on_over_it():
    """A scan lost the blocks' labels: the supplier is the company under the letterhead, its
    name cut after "&" and its legal form on the next line, both its block's first cell."""
    text = (
        "Van Dijk Installatietechniek B.V.            Nijverheidsweg 31, 3534 AM Utrecht\n\n"
        "Inkooporder\n\n"
        "Technische Groothandel Brouwer &     Project De Wetering, blok C      Ordernummer  IO-2026-0318\n"
        "Zn. B.V.                             Bouwkeet t.a.v. H. Bakker        Orderdatum   12-03-2026\n"
        "Industrieweg 112                     Weteringlaan 2\n"
        "3044 AS Rotterdam                    3554 KD Utrecht\n"
    )
    assert extract_text(text, "supplier", name="inkooporder.txt").data == {
        "supplier": "Technische Groothandel Brouwer & Zn. B.V."
    }


def test_a_label_with_its_usual_wording_in_brackets_names_the_party_under_it():
    """India's "Buyer (Bill to)" under "Consignee (Ship to)": the bracketed words are the label
    in the usual wording; the heading of the next column beside it is no name."""
    text = (
        "Shree Ganesh Polymers Pvt. Ltd.          Invoice No.            Dated\n"
        "Plot No. 214, GIDC Estate                SGP/2026-27/0614       12-Aug-2026\n\n"
        "Consignee (Ship to)                      Buyer's Order No.      Dated\n"
        "Kaveri Logistics Pvt. Ltd. - Unit 2      KPI/PO/2026/3381       02-Aug-2026\n"
        "Survey No. 77/2, Sanand\n\n"
        "Buyer (Bill to)                          Terms of Delivery\n"
        "Kaveri Packaging Industries Pvt. Ltd.    Door delivery, freight as per quotation\n"
        "14, Shantivan Industrial Park, Vatva\n"
    )
    assert extract_text(text, "customer name", name="invoice.txt").data == {
        "customer_name": "Kaveri Packaging Industries Pvt. Ltd."
    }


def test_a_window_envelopes_address_field_on_the_right_beside_the_letterhead_is_the_customer():
    """No label over it: the addressee's name ends a line of the sender's address, and its
    department, street and town stand under it, where it starts."""
    items = [
        (50, 48, "Imprimerie Kléber", 16),
        (340, 48, "Strasbourg, le 7 octobre 2026", 9),
        (50, 74, "Offset · Numérique · Façonnage", 8),
        (50, 84, "12, rue des Orphelins · 67000 Strasbourg", 8),
        (340, 84, "Association des Amis du Musée Alsacien", 9),
        (50, 95, "03 88 35 61 04 · contact@imprimerie-kleber.fr", 8),
        (340, 102, "Service comptabilité", 9),
        (340, 115, "23-25, quai Saint-Nicolas", 9),
        (340, 128, "67000 Strasbourg", 9),
        (50, 180, "FACTURE N°", 8),
        (160, 180, "DATE", 8),
        (50, 198, "FA-26-1094", 9),
        (160, 198, "07/10/2026", 9),
        (380, 460, "Total TTC", 9),
        (480, 460, "1 234,00 €", 9),
    ]
    result = get_processor("extract").process(
        pdf(items), filename="facture.pdf", options={"strategy": "auto", "prompt": ""}
    )
    assert result.data["customer_name"] == "Association des Amis du Musée Alsacien"


@pytest.mark.parametrize(
    ("scanned", "read"),
    [
        ("Ferramenta Industriale Brambilla S.r.i.", "Ferramenta Industriale Brambilla S.r.l."),
        ("Fromagerie du Vieux-Moulin Itée", "Fromagerie du Vieux-Moulin ltée"),
        ("Studio Bianchi", "Studio Bianchi"),  # no legal form to read: as printed
    ],
)
def test_a_legal_form_a_scan_read_with_an_i_for_an_l_is_read_as_the_form(scanned, read):
    assert parse("party", scanned, DateOrder(False)) == read


def test_a_letterheads_name_wrapped_before_a_mexican_forms_second_half_is_read_once():
    """ "Soluciones Logísticas del Valle, S.A." over "de C.V." in the letterhead's large type: the
    wrapped half joins the name once, not a second time as the line under it."""
    items = [
        (40, 40, "Soluciones Logísticas del Valle, S.A.", 14),
        (40, 58, "de C.V.", 14),
        (40, 76, "RFC: SLV150824QW3", 8),
        (40, 86, "Lugar de expedición (C.P.): 03100", 8),
        (330, 24, "FACTURA", 12),
        (330, 40, "Serie y folio:", 8),
        (420, 40, "A-10482", 8),
        (330, 52, "Fecha de emisión:", 8),
        (420, 52, "14/05/2025", 8),
        (40, 160, "Receptor", 8),
        (40, 172, "Comercializadora Norte Verde, S.A.P.I. de C.V.", 9),
        (380, 440, "Subtotal", 9),
        (480, 440, "$ 10,732.76", 9),
        (380, 450, "IVA 16%", 9),
        (480, 450, "$ 1,717.24", 9),
        (380, 460, "Total", 9),
        (480, 460, "$ 12,450.00", 9),
    ]
    result = get_processor("extract").process(
        pdf(items), filename="factura.pdf", options={"strategy": "auto", "prompt": ""}
    )
    assert result.data["vendor_name"] == "Soluciones Logísticas del Valle, S.A. de C.V."


@pytest.mark.parametrize("form", ["SELARL", "SELAS", "SCP"])
def test_a_french_professional_firms_legal_form_names_the_unlabelled_customer(form):
    text = (
        "Traiteur Les Lices SARL\n12 place des Lices, 35000 Rennes\n\n"
        "FACTURE N° 2026-311            Date : 03/03/2026\n\n"
        f"Buffet du 28 février servi au Cabinet Le Goff & Associés {form}, 4 rue de Nemours, Rennes.\n\n"
        "Total TTC  1 240,00 €\n"
    )
    data = extract_text(text, "vendor name, customer name", name="facture.txt").data
    assert data["customer_name"] == f"Cabinet Le Goff & Associés {form}"


def test_a_name_under_the_next_blocks_label_is_that_blocks_not_the_one_beside_it():
    """The delivery address's label stands a line higher than the billing address's: the name
    level with "Rechnungsadresse" starts under "Lieferadresse" and is the delivery's; the billing
    name is under its own label."""
    items = [
        (68, 46, "Zirbenwerk Tirol", 16),
        (68, 117, "Zirbenwerk Tirol GmbH · Anichstraße 14 · 6020 Innsbruck", 6),
        (265, 117, "Lieferadresse", 7),
        (392, 117, "Rechnungs-Nr.:", 8),
        (474, 117, "RE-25-0012", 8),
        (68, 128, "Rechnungsadresse", 7),
        (265, 128, "Alpenhotel Wildmoos", 9),
        (265, 140, "Anlieferung Rampe Nord", 9),
        (392, 140, "Rechnungsdatum:", 8),
        (474, 140, "15.01.2025", 8),
        (68, 142, "Alpenhotel Wildmoos Betriebs GmbH", 9),
        (68, 153, "Wildmoos 7", 9),
        (265, 153, "Wildmoos 7", 9),
        (68, 164, "6100 Seefeld in Tirol", 9),
        (265, 164, "6100 Seefeld in Tirol", 9),
        (68, 240, "Rechnung", 14),
        (380, 460, "Gesamtbetrag", 9),
        (480, 460, "€ 4.272,00", 9),
    ]
    result = get_processor("extract").process(
        pdf(items), filename="rechnung.pdf", options={"strategy": "auto", "prompt": ""}
    )
    assert result.data["customer_name"] == "Alpenhotel Wildmoos Betriebs GmbH"


def test_the_billing_addresss_label_beats_the_delivery_addresss_beside_it():
    text = (
        "Rheinland Gastro-Großhandel GmbH & Co. KG\nHeerdter Lohweg 212 · 40549 Düsseldorf\n\n"
        "RECHNUNGSANSCHRIFT                 LIEFERANSCHRIFT\n"
        "Brauhaus Am Schlossturm GmbH       Brauhaus Am Schlossturm\n"
        "Buchhaltung                        Anlieferung Hof, Rampe 2\n"
        "Burgplatz 9                        Mühlenstraße 1\n"
        "40213 Düsseldorf                   40213 Düsseldorf\n\n"
        "Rechnung Nr. 71 0023 118\n"
    )
    data = extract_text(text, "customer name", name="rechnung.txt").data
    assert data == {"customer_name": "Brauhaus Am Schlossturm GmbH"}


def test_a_seller_in_the_footer_when_the_page_opens_with_a_title_and_two_labels_of_one_block():
    """ "VAT INVOICE" is a title of its kind; "Delivered to / Invoice address" two labels of the
    customer's block; the seller opens the footer's address, a comma after its name."""
    text = (
        "VAT INVOICE\n\n"
        "Delivered to / Invoice address     Invoice number     Invoice date\n"
        "Mr G. Pritchard                    TVF-77154          28/01/2025\n"
        "Ty Gwyn, Heol y Pentre             Customer no.       Due date\n"
        "Pentyrch                           C-20481            11/02/2025\n"
        "Cardiff CF15 9QE\n\n"
        "Amount due   £710.45\n\n"
        "Taff Valley Fuels Ltd, Unit 3 Ocean Park, Cardiff CF24 5HJ - Company No. 05517290 - "
        "VAT Reg. No. GB 881 4420 17\n"
    )
    assert extract_text(text, "vendor name", name="invoice.txt").data == {
        "vendor_name": "Taff Valley Fuels Ltd"
    }


def test_a_statements_title_of_its_kind_is_not_its_holder():
    """ "Current Account Statement" over the window's address block is the title, not whom the
    statement is for."""
    items = [
        (45, 24, "Severn & Avon Building Society", 14),
        (375, 24, "Broad Quay House, Bristol BS1 4DJ", 8),
        (462, 41, "Current Account Statement", 10),
        (45, 87, "Ms Eleri Davies", 9),
        (327, 87, "Account No.", 8),
        (516, 87, "41772093", 8),
        (45, 100, "Flat 2, 18 Cotham Hill", 9),
        (327, 100, "Sort Code", 8),
        (519, 100, "60-83-71", 8),
        (45, 111, "Bristol", 9),
        (327, 111, "Period", 8),
        (461, 111, "01/01/2025 to 31/01/2025", 8),
        (45, 122, "BS6 6LF", 9),
        (49, 160, "Balance brought forward", 8),
        (200, 160, "£874.21", 8),
        (49, 172, "Balance carried forward", 8),
        (200, 172, "£1,704.73", 8),
    ]
    result = get_processor("extract").process(
        pdf(items), filename="statement.pdf", options={"strategy": "auto", "prompt": ""}
    )
    assert result.data["account_holder"].endswith("Eleri Davies")
