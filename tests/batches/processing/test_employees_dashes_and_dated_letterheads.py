"""Layouts from the held-out set opened this session (Regensburg to Curitiba): an order whose
buyer's label names the person who buys ("Acheteur  Mathieu Gagnon", "Comprador(a)" over "Juliana
Prado") under the buying company's letterhead, and a scanned invoice whose letterhead's line
carries the date's label ("Fiduciaria Cassarate SA  Data  09.11.2025") under a logo OCR reads as
letters, with an en dash in an item's description (OCR prints it as an em dash)."""

from __future__ import annotations

import pytest

from batches.processing.layout.model import Word
from batches.processing.layout.respell import with_signs_of_measure
from tests.batches.processing import extracting  # noqa: F401 - registers the DejaVu font the PDFs use
from tests.batches.processing.test_extract_layouts import extract, pdf
from tests.batches.processing.test_statement_blocks_and_slip_totals import _scan_of

ORDER_TOP = [
    (50, 60, "Brasserie Rivière-Noire inc.", 14, "Helvetica-Bold"),
    (50, 78, "1250, rue Ontario Est", 9),
    (50, 90, "Montréal (Québec) H2L 1R1", 9),
    (400, 60, "BON DE COMMANDE", 14, "Helvetica-Bold"),
    (400, 80, "No de commande", 9),
    (480, 80, "BC-2025-0412", 9),
    (400, 92, "Date", 9),
    (480, 92, "2025-07-14", 9),
    (50, 150, "Fournisseur", 10, "Helvetica-Bold"),
    (50, 164, "Cartonnages Lachine ltée", 10),
    (50, 176, "800, rue Notre-Dame, Lachine", 9),
    (50, 220, "Description", 9, "Helvetica-Bold"),
    (330, 220, "Qté", 9, "Helvetica-Bold"),
    (400, 220, "Prix unitaire", 9, "Helvetica-Bold"),
    (500, 220, "Total", 9, "Helvetica-Bold"),
    (50, 236, "Caisses de carton pour 24 canettes", 9),
    (330, 236, "1200", 9),
    (400, 236, "1,10 $", 9),
    (500, 236, "1 320,00 $", 9),
    (400, 262, "Total", 9, "Helvetica-Bold"),
    (500, 262, "1 320,00 $", 9),
]


@pytest.mark.parametrize(
    "buyer_rows",
    [
        # the buyer's word beside the person, in the order's block of details
        [(400, 104, "Acheteur", 9), (480, 104, "Mathieu Gagnon", 9)],
        # the buyer's word over the person, in a form's captioned box
        [(400, 104, "Acheteur", 8, "Helvetica-Bold"), (400, 116, "Mathieu Gagnon", 9)],
    ],
)
def test_a_buyers_label_that_names_a_person_gives_the_letterheads_company(buyer_rows):
    data = extract(pdf(ORDER_TOP + buyer_rows), "order.pdf").data
    # "Acheteur" is a buyer's label; the person after it buys for the company whose letterhead it is
    assert data["buyer"] == "Brasserie Rivière-Noire inc."
    assert data["supplier"] == "Cartonnages Lachine ltée"


def test_a_buyers_label_that_names_a_company_keeps_it():
    rows = [(400, 104, "Acheteur", 9), (480, 104, "Rivière-Noire Distribution inc.", 9)]
    assert extract(pdf(ORDER_TOP + rows), "order.pdf").data["buyer"] == "Rivière-Noire Distribution inc."


INVOICE = [
    (50, 50, "FC", 34, "Helvetica-Bold"),
    (400, 50, "Fattura", 18, "Helvetica-Bold"),
    (340, 80, "Fattura n.", 10),
    (440, 80, "2025-0193", 10),
    (50, 100, "Fiduciaria Cassarate SA", 12, "Helvetica-Bold"),
    (340, 100, "Data", 10),
    (440, 100, "09.11.2025", 10),
    (50, 116, "Via Nassa 21", 10),
    (340, 116, "Scadenza", 10),
    (440, 116, "09.12.2025", 10),
    (50, 130, "6900 Lugano", 10),
    (50, 144, "info@fiduciaria-cassarate.example", 10),
    (60, 200, "Ceresio Meccanica SA", 11),
    (60, 214, "Via Industria 7", 10),
    (60, 228, "6934 Bioggio", 10),
    (50, 290, "Descrizione", 10, "Helvetica-Bold"),
    (330, 290, "Quantità", 10, "Helvetica-Bold"),
    (400, 290, "Prezzo", 10, "Helvetica-Bold"),
    (490, 290, "Importo", 10, "Helvetica-Bold"),
    (50, 310, "Tenuta della contabilità \u2013 periodo gennaio-marzo", 10),
    (330, 310, "19", 10),
    (400, 310, "115.00", 10),
    (490, 310, "2'185.00", 10),
    (50, 326, "Consulenza fiscale", 10),
    (330, 326, "4", 10),
    (400, 326, "181.50", 10),
    (490, 326, "726.00", 10),
    (330, 360, "Totale netto", 10),
    (490, 360, "CHF 2'911.00", 10),
    (330, 376, "IVA 8.1%", 10),
    (490, 376, "CHF 235.79", 10),
    (330, 392, "Totale", 10, "Helvetica-Bold"),
    (490, 392, "CHF 3'146.79", 10, "Helvetica-Bold"),
]


def test_a_scanned_letterheads_line_that_carries_the_dates_label_names_the_seller():
    data = extract(_scan_of(pdf(INVOICE)), "fattura.jpg").data
    # the logo OCR reads as letters gives no name; "Data" beside the company labels the date
    assert data.get("vendor_name") == "Fiduciaria Cassarate SA"
    assert data["customer_name"] == "Ceresio Meccanica SA"
    assert data["total"] == "3146.79"
    # Tesseract prints no en dash: the dash it read as an em dash is one character wide
    assert data["line_items"][0]["description"] == "Tenuta della contabilità \u2013 periodo gennaio-marzo"


def _dashed(dash_width: float) -> list[Word]:
    """ "Haulage", a dash ``dash_width`` wide and 4 high, "container": letters 10 wide, 20 high."""
    return [
        Word("Haulage", 0, 100, 70, 120, 20, 0.9, line=1),
        Word("\u2014", 80, 108, 80 + dash_width, 112, 20, 0.9, line=1),
        Word("container", 90 + dash_width, 100, 180 + dash_width, 120, 20, 0.9, line=1),
    ]


def test_an_em_dash_read_one_character_wide_is_an_en_dash_and_two_wide_stays_one():
    assert with_signs_of_measure(_dashed(11), "en")[1].text == "\u2013"
    assert with_signs_of_measure(_dashed(20), "en")[1].text == "\u2014"


FACTURE = [
    (50, 60, "Services Informatiques Outremont inc.", 12, "Helvetica-Bold"),
    (50, 74, "1450, rue Saint-Denis", 9),
    (400, 60, "FACTURE", 16, "Helvetica-Bold"),
    (400, 84, "Facture no", 9),
    (480, 84, "2025-0428", 9),
    (400, 96, "Date", 9),
    (480, 96, "2025-07-07", 9),
    (60, 160, "Facturer à", 8),
    (320, 160, "Lieu de service", 8),
    (60, 172, "Librairie du Parc inc.", 10),
    (320, 172, "Librairie du Parc inc.", 10),
    (60, 184, "5390, boulevard Saint-Laurent", 9),
    (320, 184, "Entrepôt, 180, rue Bernard Ouest", 9),
    (50, 230, "Description", 9, "Helvetica-Bold"),
    (330, 230, "Qté", 9, "Helvetica-Bold"),
    (400, 230, "Prix unitaire", 9, "Helvetica-Bold"),
    (500, 230, "Montant", 9, "Helvetica-Bold"),
    (50, 246, "Soutien technique sur site", 9),
    (330, 246, "7", 9),
    (400, 246, "92,00 $", 9),
    (500, 246, "644,00 $", 9),
    (400, 272, "Total", 9, "Helvetica-Bold"),
    (500, 272, "644,00 $", 9),
]


def test_a_customers_label_beside_the_next_blocks_heading_takes_the_name_under_it():
    data = extract(pdf(FACTURE), "facture.pdf").data
    # "Lieu de service" heads the block on the right, a name under each heading
    assert data["customer_name"] == "Librairie du Parc inc."


def test_a_customers_label_with_its_name_beside_it_keeps_that_name():
    rows = [row for row in FACTURE if row[1] not in (160, 172, 184)] + [
        (60, 160, "Facturer à", 8),
        (160, 160, "Librairie du Parc", 10),
        (160, 172, "5390, boulevard Saint-Laurent", 9),
    ]
    assert extract(pdf(rows), "facture.pdf").data["customer_name"] == "Librairie du Parc"


FREELANCER = [
    (50, 40, "C/ San Juan de los Reyes, 41, 2º B", 9),
    (50, 54, "Lucía Morales Jiménez", 14, "Helvetica-Bold"),
    (400, 54, "18010 Granada", 9),
    (50, 70, "Diseño gráfico e identidad corporativa", 9),
    (400, 70, "Tel. +34 958 20 41 77", 9),
    (50, 100, "Factura", 18, "Helvetica-Bold"),
    (50, 130, "FACTURAR A", 8),
    (220, 130, "Nº factura", 8),
    (300, 130, "2025-072", 9),
    (50, 142, "Alhambra Tours Andalucía S.L.", 9),
    (220, 142, "Fecha", 8),
    (300, 142, "7 de mayo de 2025", 9),
    (420, 142, "Transferencia bancaria", 9),
    (50, 154, "Calle Reyes Católicos, 19", 9),
    (50, 166, "18009 Granada", 9),
    (50, 210, "Concepto", 9, "Helvetica-Bold"),
    (500, 210, "Importe", 9, "Helvetica-Bold"),
    (50, 224, "Diseño de plantillas para redes sociales", 9),
    (500, 224, "480,00", 9),
    (400, 250, "Total", 9, "Helvetica-Bold"),
    (500, 250, "580,80 €", 9),
]


def test_a_freelancers_invoice_is_not_issued_by_the_customer_a_label_names():
    data = extract(pdf(FREELANCER), "factura.pdf").data
    # the only company with a legal form is the customer's, which "FACTURAR A" names; its line's
    # cells (a date's year before "Transferencia") read like a one-line address
    assert data["customer_name"] == "Alhambra Tours Andalucía S.L."
    assert data.get("vendor_name") == "Lucía Morales Jiménez"


CURRICULUM = [
    (50, 50, "Giulia Ferrante", 18, "Helvetica-Bold"),
    (50, 74, "giulia.ferrante@example.it", 9),
    (50, 86, "+39 347 218 5530", 9),
    (50, 120, "Esperienza professionale", 12, "Helvetica-Bold"),
    (50, 140, "Da maggio 2018 a", 9),
    (180, 140, "Export Manager", 10, "Helvetica-Bold"),
    (50, 152, "giugno 2025", 9),
    (180, 152, "Cantina Valpolicella Ronchi S.r.l., San Pietro in Cariano", 9),
    (180, 164, "- Sviluppo dei mercati DACH e Benelux", 9),
    (50, 184, "Da aprile 2014 ad", 9),
    (180, 184, "Responsabile vendite Italia", 10, "Helvetica-Bold"),
    (50, 196, "aprile 2018", 9),
    (180, 196, "Vetreria Scaligera S.p.A., Verona", 9),
    (50, 230, "Istruzione e formazione", 12, "Helvetica-Bold"),
    (50, 250, "2009 - 2013", 9),
    (180, 250, "Laurea magistrale in Economia", 9),
]


def test_italian_date_ranges_whose_end_wrapped_after_their_word_for_to():
    data = extract(pdf(CURRICULUM), "cv.pdf").data
    # "Da aprile 2014 ad" over "aprile 2018", "Da maggio 2018 a" over "giugno 2025": April 2014 to
    # June 2025
    assert data["years_experience"] == 11


def test_skills_end_at_the_languages_heading_wrapped_over_two_lines():
    rows = [
        *CURRICULUM,
        (50, 280, "Competenze", 10, "Helvetica-Bold"),
        (180, 294, "• Negoziazione commerciale", 9),
        (180, 306, "• SAP Business One", 9),
        (180, 318, "• CRM Salesforce", 9),
        (50, 340, "Competenze", 10, "Helvetica-Bold"),
        (50, 352, "linguistiche", 10, "Helvetica-Bold"),
        (50, 368, "Madrelingua", 9),
        (180, 368, "Italiano", 9),
        (50, 380, "Inglese", 9),
        (180, 380, "C1", 9),
    ]
    skills = extract(pdf(rows), "cv.pdf").data["skills"]
    assert skills == ["Negoziazione commerciale", "SAP Business One", "CRM Salesforce"]


def test_an_austrian_addressees_person_for_the_attention_of_after_z_h():
    rows = [
        (50, 40, "Murtal Drucktechnik GmbH", 12, "Helvetica-Bold"),
        (400, 40, "Annenstraße 27, 8020 Graz", 9),
        (50, 90, "RECHNUNG", 16, "Helvetica-Bold"),
        (50, 120, "Verein Grazer Altstadtlauf", 10),
        (330, 120, "Rechnung Nr.", 9),
        (420, 120, "2025-0082", 9),
        (50, 132, "z. H. Herrn Florian Gruber", 10),
        (330, 132, "Datum", 9),
        (420, 132, "29. Jänner 2025", 9),
        (50, 144, "Sackstraße 16", 10),
        (50, 156, "8010 Graz", 10),
        (50, 200, "Leistung", 9, "Helvetica-Bold"),
        (480, 200, "Betrag", 9, "Helvetica-Bold"),
        (50, 214, "Plakate A2", 9),
        (480, 214, "586,08", 9),
        (400, 240, "Gesamtbetrag", 9, "Helvetica-Bold"),
        (480, 240, "703,30 €", 9),
    ]
    # "z. H." (zu Handen) names the person at the customer, under the customer's name
    assert extract(pdf(rows), "rechnung.pdf").data.get("customer_name") == "Verein Grazer Altstadtlauf"
