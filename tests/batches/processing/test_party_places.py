"""Where a party's name stands when no label sits right before it: inside the section its heading
opens ("Cessionario/committente" … "Denominazione: …"), under a window envelope's return address,
over a department's line, beside an event's logo; and what is no name there (a heading's note in
brackets, a label with its leader dots). Documents built here, not from a corpus."""

from __future__ import annotations

import pytest

from batches.processing import get_processor
from batches.processing.builtin.fallbacks.names import LEGAL_FORM
from tests.batches.processing.extracting import extract_text
from tests.batches.processing.test_extract_layouts import pdf


def _extract_pdf(items: list[tuple[float, float, str, float]], prompt: str):
    return get_processor("extract").process(
        pdf(items), filename="doc.pdf", options={"strategy": "global", "prompt": prompt}
    )


def test_two_parties_side_by_side_are_named_inside_their_sections():
    # an Italian electronic invoice's courtesy copy: "Denominazione" under each party's heading
    items = [
        (40, 40, "Copia di cortesia - documento non valido ai fini fiscali", 8),
        (45, 60, "Cedente/prestatore (fornitore)", 9),
        (300, 60, "Cessionario/committente (cliente)", 9),
        (45, 75, "Identificativo fiscale ai fini IVA: IT05123460481", 8),
        (300, 75, "Identificativo fiscale ai fini IVA: IT06987650482", 8),
        (45, 87, "Codice fiscale: 05123460481", 8),
        (300, 87, "Denominazione: Trattoria Da Nello S.n.c.", 8),
        (45, 99, "Denominazione: Enoteca Brunelli S.r.l.", 8),
        (300, 99, "Indirizzo: Piazza Matteotti 12", 8),
        (45, 160, "Numero documento: 112/2024", 9),
        (45, 175, "Data documento: 07-03-2024", 9),
        (45, 200, "Totale documento: 1.624,48 EUR", 9),
    ]
    result = _extract_pdf(items, "vendor name, customer name")
    assert result.data == {
        "vendor_name": "Enoteca Brunelli S.r.l.",
        "customer_name": "Trattoria Da Nello S.n.c.",
    }


def test_stacked_sections_name_the_provider_and_the_taker_of_a_service():
    # a Brazilian service invoice (NFS-e): a heading across the page, then "Nome/Razão Social"
    items = [
        (42, 40, "NOTA FISCAL DE SERVIÇOS ELETRÔNICA - NFS-e", 10),
        (244, 100, "PRESTADOR DE SERVIÇOS", 9),
        (40, 116, "CPF/CNPJ: 12.345.678/0001-90", 8),
        (40, 128, "Nome/Razão Social: Pixelmar Comunicação Digital Ltda.", 8),
        (40, 140, "Endereço: Rua Barão de Jaguara, 1481 - Centro", 8),
        (249, 178, "TOMADOR DE SERVIÇOS", 9),
        (40, 194, "CPF/CNPJ: 98.765.432/0001-10", 8),
        (40, 206, "Nome/Razão Social: Cervejaria Serra Azul Ltda.", 8),
        (40, 218, "Endereço: Rodovia Dom Pedro I, km 131", 8),
        (186, 300, "VALOR TOTAL DO SERVIÇO = R$ 8.400,00", 10),
    ]
    result = _extract_pdf(items, "vendor name, customer name")
    assert result.data == {
        "vendor_name": "Pixelmar Comunicação Digital Ltda.",
        "customer_name": "Cervejaria Serra Azul Ltda.",
    }


def _window_envelope(addressee: list[str]) -> list[tuple[float, float, str, float]]:
    """A German letterhead, the sender's return address over the address field, the invoice's
    numbers in a column on the right."""
    items = [
        (40, 40, "VetDiagnostik Mainfranken", 16),
        (40, 60, "Labor für Veterinärmedizin", 9),
        (360, 98, "Rechnungs-Nr.  VD-2403-1187", 9),
        (40, 107, "VetDiagnostik Mainfranken GmbH · Friedrich-Bergius-Ring 15 · 97076 Würzburg", 6),
        (360, 110, "Kunden-Nr.  40172", 9),
    ]
    items += [(40, 124 + 12 * at, line, 9) for at, line in enumerate(addressee)]
    return [*items, (40, 230, "Rechnung", 14), (300, 300, "Gesamtbetrag  1.234,50 €", 9)]


def test_the_addressee_under_a_return_address_is_the_customer():
    addressee = [
        "Tierarztpraxis Dr. med. vet. Sabine Kohlhaas",
        "Kleintiere und Heimtiere",
        "Sanderstraße 41",
    ]
    result = _extract_pdf(_window_envelope([*addressee, "97070 Würzburg"]), "vendor name, customer name")
    assert result.data == {
        "vendor_name": "VetDiagnostik Mainfranken GmbH",
        "customer_name": "Tierarztpraxis Dr. med. vet. Sabine Kohlhaas",
    }


def test_a_word_of_courtesy_alone_over_the_addressee_is_passed():
    addressee = ["Firma", "Gasthof Zum Goldenen Hirschen am Hauptplatz", "Hauptplatz 9", "3500 Krems"]
    result = _extract_pdf(_window_envelope(addressee), "customer name")
    assert result.data == {"customer_name": "Gasthof Zum Goldenen Hirschen am Hauptplatz"}


def test_a_letterheads_address_line_over_its_own_name_names_no_customer():
    # a header's one-line address, then the letterhead itself: the customer is further down
    text = (
        "Haustechnik Koch GmbH · Industriestrasse 134 · 6003 Luzern\nHaustechnik Koch GmbH\n"
        "Industriestrasse 134\n6003 Luzern\nRECHNUNG\nRechnung F-2017-7342 vom 13.07.2017 für Lukas Böhm.\n"
        "Total CHF 1'200.00\n"
    )
    assert extract_text(text, "vendor name, customer name").data == {
        "vendor_name": "Haustechnik Koch GmbH",
        "customer_name": "Lukas Böhm",
    }


def test_a_department_between_the_addressee_and_its_street_is_passed():
    text = (
        "Imprimerie Vautrin & Fils SARL\n14 quai de la Fosse, 44000 Nantes\n\nNantes, le 15 avril 2024\n\n"
        "Éditions du Héron Cendré\nService fabrication\n3 rue des Carmes\n35000 Rennes\n\nFACTURE\n"
        "N° de facture : F24-00917\nTotal TTC : 3 157,65 €\n"
    )
    assert extract_text(text, "vendor name, customer name").data == {
        "vendor_name": "Imprimerie Vautrin & Fils SARL",
        "customer_name": "Éditions du Héron Cendré",
    }


def test_a_person_between_a_letterheads_address_and_a_street_is_the_addressee_not_a_department():
    text = (
        "Oyster Quay Hotel\nThe Docks · Galway · H91 X2E4\n\nMs Niamh Corcoran\n7 Ballyhooly Road\n"
        "Cork T23 K8P2\n\nGUEST FOLIO\nInvoice No.: 118204\nTotal EUR 412.50\n"
    )
    assert extract_text(text, "customer name").data == {"customer_name": "Niamh Corcoran"}


def test_a_company_beside_an_events_logo_is_the_vendor_and_a_label_with_leader_dots_is_not():
    text = (
        "DATADAGEN 2024      Datadagen vzw\n14 - 15 maart 2024 · ICC Gent\n\nFactuur\n"
        "Factuurnummer ..................  DD24-003318\nBtw-nummer klant .............  BE 0687.123.954\n"
        "Totaal incl. btw  EUR 1.772,65\n"
    )
    assert extract_text(text, "vendor name, invoice number").data == {
        "vendor_name": "Datadagen vzw",
        "invoice_number": "DD24-003318",
    }


@pytest.mark.parametrize(
    ("title", "prompt", "expected"),
    [
        ("FATTURA N. 58 DEL 22/11/2023", "invoice number, invoice date", ("58", "2023-11-22")),
        (
            "ORDINE DI ACQUISTO N. OA/2024/0193 del 21/06/2024",
            "po number, order date",
            ("OA/2024/0193", "2024-06-21"),
        ),
    ],
)
def test_a_number_is_cut_before_the_date_a_word_links_to_it(title, prompt, expected):
    text = f"TERMOIDRAULICA FERRETTI\n\n{title}\nTotale  € 2.773,10\n"
    assert tuple(extract_text(text, prompt).data.values()) == expected


def test_a_deadline_in_a_dutch_sentence_with_a_split_verb_is_the_due_date():
    text = (
        "studio vlinderwerk\nFactuur 2024-0077\nAmsterdam, 3 april 2024\nTotaal incl. BTW  € 7.557,66\n"
        "Wij verzoeken u vriendelijk het totaalbedrag van € 7.557,66 vóór 3 mei 2024 over te maken op "
        "NL91 ABNA 0417 1643 00.\n"
    )
    assert extract_text(text, "due date").data == {"due_date": "2024-05-03"}


def test_a_window_envelopes_addressee_on_top_and_the_sender_at_the_foot():
    # the addressee's block heads the page; the seller signs in the footer's one-line address
    text = (
        "Cabinet Fiduciaire Weber & Associés\nMadame Nathalie Kieffer\n2, rue Jean Monnet\n"
        "L-2180 Luxembourg\n\n"
        "Facture\nNuméro  2024/0233\nDate  29.02.2024\nTotal TTC  2.410,79 EUR\n\n"
        "Brillance Services S.à r.l. · 12, rue de l'Industrie · L-8399 Windhof · Tél. +352 26 10 44 1\n"
    )
    assert extract_text(text, "vendor name, customer name").data == {
        "vendor_name": "Brillance Services S.à r.l.",
        "customer_name": "Cabinet Fiduciaire Weber & Associés",
    }


def test_two_parties_signature_captions_name_no_party():
    # "O Fornecedor  Recebi / O Cliente" under the signature lines: captions, not a supplier's name
    text = (
        "FORNECEDOR                   CLIENTE\nSoluções Índico, Lda.        Hotel Costa do Sol, S.A.\n"
        "Av. Julius Nyerere, 1420     Av. Marginal, 10140\n\nTotal geral  239.424,00 MT\n\n"
        "____________________         ____________________\nO Fornecedor                 Recebi / O Cliente\n"
    )
    assert extract_text(text, "vendor name, customer name").data == {
        "vendor_name": "Soluções Índico, Lda.",
        "customer_name": "Hotel Costa do Sol, S.A.",
    }


def test_a_brand_over_two_lines_is_the_company_its_footer_names():
    text = (
        "Kaffeerösterei      RECHNUNG\nDonaublick\nHandwerklich geröstet in Wien\n\n"
        "Hotel Steirerhof Betriebs GmbH\nAnnenstraße 30\n8020 Graz\n\nZu zahlen  € 1.811,76\n\n"
        "Donaublick e.U.\nKarmelitergasse 9, 1020 Wien\n"
    )
    assert extract_text(text, "vendor name").data == {"vendor_name": "Donaublick e.U."}


def test_a_legal_name_holds_an_elided_small_word():
    text = (
        "STUDIO D'INGEGNERIA FERRETTI\nVia Nassa 18 · 6900 Lugano\n\nFattura F-2025-031\n"
        "Totale fattura CHF  14'308.12\n\n"
        "Studio d'ingegneria Ferretti SA · IDI CHE-123.456.789 IVA\n"
    )
    assert extract_text(text, "vendor name").data == {"vendor_name": "Studio d'ingegneria Ferretti SA"}


def test_a_sidebars_heading_keeps_the_value_under_it():
    # the body's title "Rechnung" level with a sidebar's value: that value is "UNSERE UID"'s
    items = [
        (40, 61, "Kaffeerösterei Donaublick", 14),
        (437, 61, "RECHNUNG", 8),
        (437, 75, "R-2025-0007", 9),
        (437, 225, "UNSERE UID", 8),
        (40, 233, "Rechnung", 14),
        (437, 233, "ATU12345678", 9),
        (239, 420, "Zu zahlen  € 1.811,76", 9),
    ]
    result = _extract_pdf(items, "invoice number")
    assert result.data == {"invoice_number": "R-2025-0007"}


def test_a_legal_form_under_the_name_without_its_share_capital():
    text = (
        "RIVIERA YACHTING SERVICES\nS.A.M. au capital de 150 000 €\n\nMonaco, le 18 mars 2024\n\n"
        "Facture n° RYS-2024-0311\nTotal TTC  12 480,00 €\n"
    )
    assert extract_text(text, "vendor name").data == {"vendor_name": "RIVIERA YACHTING SERVICES S.A.M."}


def test_a_copys_mark_over_the_letterhead_is_no_vendor():
    text = (
        "Original\nFunchal Sea Tours\nRua da Praia 12, 9000-055 Funchal\n\nFatura FT 2024/118\n"
        "Total 1 230,00 €\n"
    )
    assert extract_text(text, "vendor name").data == {"vendor_name": "Funchal Sea Tours"}


@pytest.mark.parametrize(
    "bank_line",
    [
        "Bank account:  mBank S.A.  PL61 1140 2004 0000 3902 7781 2044",
        "Zahlbar auf LI21 0880 0000 0239 3221 3 (LGT Bank AG, Vaduz).",
    ],
)
def test_the_bank_keeping_the_account_is_no_customer(bank_line):
    text = (
        f"Alpenrhein Dentaltechnik AG\nInvoice 2024-118\nTotal  CHF 1'230.00\n{bank_line}\n"
        "Ordered by Marxer Dental Anstalt\n"
    )
    assert extract_text(text, "customer name").data == {"customer_name": "Marxer Dental Anstalt"}


def test_a_sellers_label_word_inside_a_sentence_names_no_seller():
    text = (
        "KWANZA MATERIAIS\nKwanza Materiais de Construção, Lda.\nFactura FT 2024/77\nTotal  1.250.000,00 Kz\n"
        "A mercadoria permanece propriedade do\nfornecedor até ao pagamento integral.\n"
    )
    assert extract_text(text, "vendor name").data == {"vendor_name": "Kwanza Materiais de Construção, Lda."}


@pytest.mark.parametrize(
    "name",
    [
        "Les Amis du Patrimoine de Namur ASBL",
        "Studio d'ingegneria Ferretti SA",
        "Wawel Code Works Sp. z o.o.",
        "Antica Bottega degli Orafi S.r.l.",  # Italian small words: degli, della, dei, delle
        "Forno della Valle S.n.c.",
    ],
)
def test_a_company_named_by_its_legal_form_keeps_all_its_words(name):
    assert LEGAL_FORM.search(f"Facture adressée à {name}, Namur").group(0) == name


def test_an_issuers_site_a_label_names_is_the_letterheads_company():
    text = (
        "Harrowgate Joinery Ltd\nUnit 7, Claro Road Industrial Estate, Harrogate HG1 4AF\n\n"
        "PURCHASE ORDER\nOrder No.  HJ/PO/3391\nOrder Date  14 March 2025\n\n"
        "Supplier                         Deliver to\n"
        "Pennine Timber Merchants Ltd     Harrowgate Joinery Ltd - Workshop\n"
        "Stonebridge Wharf                Unit 7, Claro Road Industrial Estate\n\n"
        "Order total  £2,894.91\n"
    )
    result = extract_text(text, "buyer, supplier", name="po.txt", strategy="global")
    assert result.data["buyer"] == "Harrowgate Joinery Ltd"
    assert result.data["supplier"] == "Pennine Timber Merchants Ltd"


@pytest.mark.parametrize(
    ("letterhead", "delivery", "buyer"),
    [
        # a site a weak label (the delivery address) names, under a company's letterhead
        (
            "Installatiebedrijf Hoekstra B.V. · Industrieweg 14 · 8441 PK Heerenveen",
            "Bouwplaats De Greiden",
            "Installatiebedrijf Hoekstra B.V.",
        ),
        ("Constructora Andes Sur SpA", "Obra, calle Los Pinos 455, Temuco", "Constructora Andes Sur SpA"),
        # a letterhead's name without a legal form, the site's after it
        ("Pinecrest Brewing Company", "Pinecrest Brewing Company - Production", "Pinecrest Brewing Company"),
    ],
)
def test_a_buyers_site_under_a_delivery_label_is_the_letterheads_company(letterhead, delivery, buyer):
    text = (
        f"{letterhead}\n3317 Brewery Row, Bend, OR 97702\n\nPURCHASE ORDER\nOrder No.  IO-24-0958\n\n"
        f"Leverancier                            Afleveradres\n"
        f"Technische Groothandel Veenstra B.V.   {delivery}\n"
        "Zuiderzeeweg 9                         Kavel 7-18, Greidenlaan\n\n"
        "Totaal  € 5.782,23\n"
    )
    result = extract_text(text, "buyer, supplier", name="po.txt", strategy="global")
    assert (result.data["buyer"], result.data["supplier"]) == (buyer, "Technische Groothandel Veenstra B.V.")


def test_a_tax_numbers_name_after_a_party_label_is_no_name():
    text = (
        "Al Noor Technical Services L.L.C.\nOffice 1402, Al Moosa Tower 2, Dubai, U.A.E.\n\n"
        "TAX INVOICE\nBill To                              Tax Invoice No.  : ANT/TI/25/0387\n"
        "Jumeirah Crest Hospitality L.L.C.    Tax Invoice Date : 15-Apr-2025\n"
        "P.O. Box 502214, Dubai              Supplier TRN     : 100345678900003\n\n"
        "Total (AED)  27,615.00\n"
    )
    result = extract_text(text, "vendor name", name="invoice.txt", strategy="global")
    assert result.data["vendor_name"] == "Al Noor Technical Services L.L.C."


@pytest.mark.parametrize(("label", "person"), [("Vendedor:", "Rafael Tavárez"), ("Verkoper:", "R. Sewdien")])
def test_a_salesperson_a_seller_label_names_is_no_seller(label, person):
    text = (
        "Ferretería Industrial Quisqueya, S.R.L.\nRNC: 1-31-45678-2\nAv. Estrella Sadhalá No. 214\n\n"
        f"FACTURA DE CRÉDITO FISCAL\nFecha factura: 10/06/2025\n{label}  {person}\n\n"
        "Total  1,034,777.40\n"
    )
    result = extract_text(text, "vendor name", name="factura.txt", strategy="global")
    assert result.data["vendor_name"] == "Ferretería Industrial Quisqueya, S.R.L."
