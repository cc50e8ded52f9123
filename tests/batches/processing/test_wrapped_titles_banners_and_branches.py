"""Layouts from the set opened this session (Dresden to Dar es Salaam): an order whose title wraps
in its column ("ORDEN DE" over "COMPRA"), a fiscal slip framed by banners of stars whose total's
label names its currency in brackets, a total whose amount OCR read a line under its currency, a
statement's row of labels beside its holder's caption, a bakery's branch under its name,
Québec's "No de facture", and a scanned order's title OCR read into its buyer's name."""

from __future__ import annotations

from reportlab.lib.units import mm

from batches.processing.builtin.classify import classify
from batches.processing.builtin.items import layout_items
from batches.processing.layout import scanned
from batches.processing.layout.geometry import number_lines, wrapped_titles
from batches.processing.layout.model import Cell, Layout, Line, Page, Source, Word
from tests.batches.processing import extracting  # noqa: F401 - registers the DejaVu font the PDFs use
from tests.batches.processing.test_extract_layouts import extract, pdf
from tests.batches.processing.test_rolls_gst_and_wrapped_ends import _printed
from tests.batches.processing.test_statement_blocks_and_slip_totals import _scan_of

ORDEN = [
    (50, 50, "Curtidos y Pieles del Bajío, S.A. de", 11, "Helvetica-Bold"),
    (420, 50, "ORDEN DE", 16, "Helvetica-Bold"),
    (50, 64, "C.V.", 11, "Helvetica-Bold"),
    (50, 78, "Blvd. Juan José Torres Landa 3214", 9),
    (420, 72, "COMPRA", 16, "Helvetica-Bold"),
    (50, 92, "C.P. 37290, León, Gto.", 9),
    (400, 100, "Orden No.", 9),
    (470, 100, "OC-25-0377", 9),
    (400, 112, "Fecha", 9),
    (470, 112, "14/08/2025", 9),
    (50, 150, "PROVEEDOR", 9, "Helvetica-Bold"),
    (50, 162, "Químicos Industriales de León, S.A. de C.V.", 9),
    (50, 220, "Descripción", 9, "Helvetica-Bold"),
    (330, 220, "Cantidad", 9, "Helvetica-Bold"),
    (400, 220, "P. Unitario", 9, "Helvetica-Bold"),
    (500, 220, "Importe", 9, "Helvetica-Bold"),
    (50, 236, "Sulfato de cromo básico 33%", 9),
    (330, 236, "40", 9),
    (400, 236, "897.00", 9),
    (500, 236, "35,880.00", 9),
    (400, 262, "Total", 9, "Helvetica-Bold"),
    (500, 262, "$35,880.00", 9),
    (50, 300, "Facturar con uso de CFDI G01 e indicar el número de esta orden en la factura.", 8),
]


def test_an_orders_title_wrapped_in_its_column_names_its_kind():
    result = extract(pdf(ORDEN), "orden.pdf")
    # "ORDEN DE" and "COMPRA" stand a letterhead's line apart; the note's "Facturar", "factura" are
    # an invoice's words
    assert result.document_type == "purchase_order"
    assert result.data["po_number"] == "OC-25-0377"


def _line(*cells: tuple[str, float], top: float) -> Line:
    return Line([Cell([Word(text, x, top, x + 8 * len(text), top + 10, 10)]) for text, x in cells], page=1)


def test_only_capitals_stacked_in_one_column_are_read_as_one_title():
    layout = Layout(
        "pdf",
        pages=[
            Page(
                1,
                600,
                800,
                Source.TEXT_LAYER,
                [
                    _line(("Harbour Foods Ltd", 50), ("ORDEN DE", 420), top=50),
                    _line(("12 Quay Street", 50), top=64),
                    _line(("Portsmouth", 50), ("COMPRA", 420), top=78),
                    _line(("Order date", 50), top=92),
                ],
            )
        ],
    )
    assert wrapped_titles(layout) == ["ORDEN DE COMPRA"]
    assert (
        classify("ORDEN DE\nCOMPRA\nFacturar a\nFactura", titles=("ORDEN DE COMPRA",))[0] == "purchase_order"
    )


EFD = [
    "*** START OF LEGAL RECEIPT ***",
    "KARIAKOO HARDWARE & GENERAL SUPPLIES",
    "MSIMBAZI STREET, PLOT 41, KARIAKOO",
    "TIN: 117-482-336",
    "RECEIPT NO:  5509",
    "RECEIPT DATE:  14/09/2025",
    "IRON SHEET G30 3M",
    "10 x 26,500.00        265,000.00 A",
    "TOTAL EXCL OF TAX:    224,576.27",
    "TOTAL TAX:             40,423.73",
    "TOTAL INCL OF TAX (TZS):  265,000.00",
    "PAYMENT TYPE:  M-PESA",
    "*** END OF LEGAL RECEIPT ***",
]


def test_a_fiscal_slip_between_banners_whose_totals_label_names_its_currency():
    data = extract(_printed(EFD, 80 * mm), "efd.pdf").data
    assert data["merchant_name"] == "KARIAKOO HARDWARE & GENERAL SUPPLIES"
    assert data["total"] == "265000.00"


STATEMENT = [
    (50, 50, "Banque des Mille-Îles", 12, "Helvetica-Bold"),
    (400, 50, "Relevé de compte", 12, "Helvetica-Bold"),
    (50, 90, "Titulaire", 8),
    (330, 90, "Transit", 8),
    (420, 90, "81517", 9),
    (50, 102, "Geneviève Tremblay", 10),
    (330, 102, "Compte", 8),
    (420, 102, "XXXX-XX5381", 9),
    (50, 114, "1875, rue Principale, app. 4", 9),
    (330, 114, "Période", 8),
    (420, 114, "du 2025-10-01 au 2025-10-31", 9),
    (50, 160, "Date", 9, "Helvetica-Bold"),
    (120, 160, "Description", 9, "Helvetica-Bold"),
    (480, 160, "Solde", 9, "Helvetica-Bold"),
    (50, 176, "Solde d'ouverture", 9),
    (480, 176, "2 259,77 $", 9),
    (50, 190, "Solde de clôture", 9),
    (480, 190, "4 097,45 $", 9),
]


def test_a_holders_caption_beside_a_column_of_labels_takes_the_name_under_it():
    data = extract(pdf(STATEMENT), "releve.pdf").data
    # "Transit" over "Compte": labels of the figures right of them, not the holder
    assert data["account_holder"] == "Geneviève Tremblay"
    assert data["account_number_last4"] == "5381"


BAKERY = [
    "Bäckerei Rietschel",
    "Filiale Louisenstraße",
    "Louisenstraße 37 · 01099 Dresden",
    "St.-Nr. 202/155/31208",
    "Roggenmischbrot 750 g     4,40 A",
    "SUMME EUR                 4,40",
    "Bar                       5,00",
    "Rückgeld                  0,60",
    "12.09.2025 07:41",
]


def test_a_shops_branch_is_no_merchant():
    assert extract(_printed(BAKERY, 80 * mm), "bon.pdf").data["merchant_name"] == "Bäckerei Rietschel"


QUEBEC = [
    (50, 50, "Services informatiques Chomedey inc.", 11, "Helvetica-Bold"),
    (50, 64, "3535, boulevard Le Carrefour, Laval (Québec) H7T 1A7", 9),
    (50, 100, "Facture", 16, "Helvetica-Bold"),
    (300, 130, "No de facture", 9),
    (380, 130, "F-10383", 9),
    (300, 142, "Date", 9),
    (380, 142, "2025-08-05", 9),
    (50, 130, "FACTURÉ À", 9),
    (50, 142, "Clinique dentaire Sainte-Rose", 9),
    (50, 200, "Description", 9, "Helvetica-Bold"),
    (500, 200, "Montant", 9, "Helvetica-Bold"),
    (50, 214, "Soutien TI", 9),
    (500, 214, "500,00 $", 9),
    (400, 240, "Total", 9, "Helvetica-Bold"),
    (500, 240, "500,00 $", 9),
]


def test_quebecs_no_de_facture_labels_the_invoices_number():
    assert extract(pdf(QUEBEC), "facture.pdf").data["invoice_number"] == "F-10383"


TANZANIA = [
    (50, 50, "Msasani Logistics Ltd", 14, "Helvetica-Bold"),
    (400, 50, "TAX INVOICE", 14, "Helvetica-Bold"),
    (400, 74, "Invoice No.", 9),
    (470, 74, "MSL-2025-0412", 9),
    (50, 140, "Description", 9, "Helvetica-Bold"),
    (480, 140, "Amount", 9, "Helvetica-Bold"),
    (50, 156, "Clearing and forwarding", 9),
    (480, 156, "1,918,500.00", 9),
    (330, 190, "Subtotal", 9),
    (450, 190, "TZS 1,918,500.00", 9),
    (330, 204, "VAT 18%", 9),
    (450, 204, "TZS 345,330.00", 9),
    (330, 220, "TOTAL (TZS)", 10, "Helvetica-Bold"),
    (519, 220, "TZS", 10, "Helvetica-Bold"),
    (482, 233, "2,263,830.00", 10, "Helvetica-Bold"),
]


def test_a_totals_amount_on_the_line_under_its_currency():
    data = extract(pdf(TANZANIA), "invoice.pdf").data
    assert (data["subtotal"], data["tax"], data["total"]) == ("1918500.00", "345330.00", "2263830.00")


CLINIQUE = [
    (50, 50, "Clinique Vétérinaire des Arceaux BON DE COMMANDE", 13, "Helvetica-Bold"),
    (50, 66, "Médecine et chirurgie des animaux de compagnie", 9),
    (50, 80, "17 boulevard des Arceaux, 34000 Montpellier", 9),
    (330, 120, "FOURNISSEUR", 9, "Helvetica-Bold"),
    (330, 134, "Vétodistrib Sud SAS", 10),
    (330, 148, "ZAC de la Lauze, 85 rue de la Jasse", 9),
    (50, 200, "Désignation", 10, "Helvetica-Bold"),
    (330, 200, "Qté", 10, "Helvetica-Bold"),
    (400, 200, "P.U. HT", 10, "Helvetica-Bold"),
    (490, 200, "Total HT", 10, "Helvetica-Bold"),
    (50, 216, "Gants d'examen nitrile, boîte de 100", 10),
    (330, 216, "20", 10),
    (400, 216, "7,90", 10),
    (490, 216, "158,00", 10),
    (400, 250, "Total TTC", 10, "Helvetica-Bold"),
    (490, 250, "189,60 €", 10, "Helvetica-Bold"),
]


def test_a_scanned_orders_title_read_into_its_buyers_name():
    data = extract(_scan_of(pdf(CLINIQUE)), "commande.png").data
    assert data["buyer"] == "Clinique Vétérinaire des Arceaux"


def _ocr_row(top: float, *cells: tuple[str, float, float], line: int) -> list[Word]:
    """One OCR line of cells, each (text, left, right), its words spread over the cell."""
    words = []
    for text, left, right in cells:
        parts = text.split()
        width = (right - left) / len(parts)
        words += [
            Word(part, left + n * width, top, left + (n + 1) * width - 3, top + 8, 8, 0.95, line=line)
            for n, part in enumerate(parts)
        ]
    return words


def test_a_position_and_the_descriptions_heading_ocr_ran_into_one_cell_with_a_dot():
    words = _ocr_row(
        100,
        ("S.No.", 48, 72),
        ("Description", 75, 139),
        ("HSN", 298, 317),
        ("Qty", 358, 374),
        ("Rate", 410, 447),
        ("Amount", 486, 541),
        line=1,
    )
    words += _ocr_row(
        116,
        ("1", 64, 68),
        ("Tea chest, 3-ply plywood", 86, 283),
        ("4415", 298, 318),
        ("126", 360, 374),
        ("243.50", 420, 448),
        ("30,681.00", 497, 539),
        line=2,
    )
    words += _ocr_row(
        130,
        ("2", 64, 68),
        ("Laminated tea pouch", 87, 258),
        ("3923", 299, 319),
        ("6940", 354, 375),
        ("3.40", 431, 448),
        ("23,596.00", 498, 541),
        line=3,
    )
    page = Page(1, 600, 800, Source.OCR, scanned.lines_of(words, page=1))
    number_lines([page])
    items, _sources = layout_items(Layout("image", pages=[page]), ["description", "quantity", "amount"])
    # "S.No." heads the rows' numbers, "Description" their items: no number in a description
    assert [item["description"] for item in items] == ["Tea chest, 3-ply plywood", "Laminated tea pouch"]
