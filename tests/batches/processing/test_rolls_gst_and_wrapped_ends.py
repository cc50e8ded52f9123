"""Layouts from the held-out set opened this session (Kassel to Recife): a café's "TAX INVOICE"
printed on a till roll, an Indian GST invoice whose subtotal only its tax summary prints, a total
"(VAT inclusive)", a bold total OCR read at 7 %, a statement's account word over its period's
dates, a note under the items, a résumé's date ranges and skills wrapped onto the next line."""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from batches.processing.builtin.classify import classify
from batches.processing.layout import scanned
from batches.processing.layout.geometry import on_a_roll
from batches.processing.layout.model import Cell, Layout, Line, Page, Source, Word
from tests.batches.processing import extracting  # noqa: F401 - registers the DejaVu font the PDFs use
from tests.batches.processing.test_extract_layouts import extract, pdf

CAFE = [
    "PONGA COFFEE CO.",
    "Ponga Coffee Roasters Ltd",
    "12 Queen Street, Auckland 1010",
    "GST No. 123-456-789",
    "TAX INVOICE",
    "26/06/2025 08:41   Order #908",
    "1 Flat white            5.65",
    "2 Long black           10.30",
    "TOTAL NZD             $15.95",
    "Includes GST (15%)     $2.08",
    "EFTPOS                $15.95",
]


def _printed(lines: list[str], width: float) -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=(width, 120 * mm))
    drawing.setFont("Courier", 7)
    for n, line in enumerate(lines):
        drawing.drawString(4 * mm, 112 * mm - 10 * n, line)
    drawing.save()
    return buffer.getvalue()


def test_a_tax_invoice_printed_on_a_till_roll_is_a_receipt():
    on_a_roll = extract(_printed(CAFE, 76 * mm), "cafe.pdf")
    assert on_a_roll.document_type == "receipt"
    assert (on_a_roll.data["merchant_name"], on_a_roll.data["total"]) == ("PONGA COFFEE CO.", "15.95")
    assert on_a_roll.data["date"] == "2025-06-26"
    # the same words on a page as wide as a letter's are an invoice's, as its title says
    assert extract(_printed(CAFE, 210 * mm), "cafe.pdf").document_type == "invoice"
    assert classify("\n".join(CAFE), roll=True)[0] == "receipt"


GST = """TAX INVOICE
Deccan Softech Pvt. Ltd.                        Invoice No.   DST/25-26/0039
Pune 411005                                     Dated         10-Apr-2025
Buyer (Bill to)
Shivajinagar Engineering Works

Sl   Description of Services          Quantity        Rate         Amount
1    Annual maintenance contract             1    97,765.00      97,765.00
2    Cloud server hosting                    2     6,745.00      13,490.00

     Output CGST @ 9%                                             9,984.15
     Output SGST @ 9%                                             9,984.15
     Total                                                    1,31,223.30

                Taxable             Central Tax          State Tax
HSN/SAC         Value               Amount               Amount
998314          1,11,255.00         9,984.15             9,984.15
"""


def test_an_invoice_whose_subtotal_only_its_tax_summary_prints_sums_its_items_and_its_taxes():
    data = extract(GST.encode(), "gst.txt").data
    # no label names the subtotal ("Taxable" over "Value" heads a column of the summary); the items add
    # up to the amount printed there, and the two tax lines make up the rest of the total
    assert (data["subtotal"], data["tax"], data["total"]) == ("111255.00", "19968.30", "131223.30")


def test_an_items_sum_printed_nowhere_is_no_subtotal():
    data = extract(GST.replace("1,11,255.00", "   see above").encode(), "gst.txt").data
    assert data.get("subtotal") is None


def test_a_total_noted_vat_inclusive_is_the_total_before_the_withholding_under_it():
    text = (
        "INVOICE\nInvoice No.   LSS/INV/2025/0125\nSub-total    3,254,249.50\nVAT 7.5%    244,068.71\n"
        "Total (VAT inclusive)    3,498,318.21\nLess: WHT 5%    -162,712.48\n"
        "Net amount payable    3,335,605.73\n"
    )
    data = extract(text.encode(), "ng.txt").data
    assert (data["subtotal"], data["tax"], data["total"]) == ("3254249.50", "244068.71", "3498318.21")


def _word(text: str, x0: float, confidence: float) -> Word:
    return Word(text, x0, 640, x0 + 150, 670, 28, confidence, line=1)


def test_an_amount_the_sparse_reading_read_unsurely_is_kept_where_nothing_else_was_read():
    first = [_word("Grand", 0, 0.97), _word("Total", 160, 0.96)]
    sparse = [_word("1,114.06", 580, 0.07), _word("ll1", 780, 0.07), _word("26", 980, 0.07)]
    # an amount with its thousands and cents is no speck, however unsure; other unsure words are
    assert [w.text for w in scanned.with_sparse_words(first, sparse)] == ["Grand", "Total", "1,114.06"]


def test_an_accounts_word_over_the_periods_dates_gives_no_last_four_digits():
    text = (
        "Caisse d'économie du Vieux-Québec    Relevé de compte\n"
        "Mathieu Gagnon    Folio   HKD\n"
        "385, rue Saint-Vallier Est    Type    Compte chèques (CAD)\n"
        "Québec (Québec) G1K 3P2    Période    du 2025-10-01 au 2025-10-31\n"
        "Solde d'ouverture    Retraits    Dépôts    Solde de fermeture\n"
        "1 894,46 $    1 481,08 $    2 694,99 $    3 108,37 $\n"
    )
    data = extract(text.encode(), "releve.txt").data
    assert data.get("account_number_last4") in (None, "")
    # Québec's "Solde de fermeture" closes the period
    assert (data["opening_balance"], data["closing_balance"]) == ("1894.46", "3108.37")


def test_a_note_under_the_items_is_no_item():
    rows = [("Montaggio e installazione in sede (ore)", "15", "44,50", "667,50")]
    rows.append(("Trasporto e consegna al piano", "1", "235,50", "235,50"))
    items = [(50, 60, "FATTURA n. 12/2025", 14), (50, 120, "Descrizione", 9), (330, 120, "Quantità", 9)]
    items += [(390, 120, "Prezzo", 9), (460, 120, "Importo", 9)]
    for n, (description, qty, unit, amount) in enumerate(rows):
        y = 136 + 14 * n
        items += [(50, y, description, 9), (330, y, qty, 9), (390, y, unit, 9), (460, y, amount, 9)]
    note = (
        "Note: merce consegnata con DDT n. 468/2025. La garanzia sugli arredi è di 24 mesi dalla data "
        "di consegna; i reclami per vizi"
    )
    items += [(50, 180, note, 7), (50, 190, "apparenti vanno comunicati per iscritto entro 8 giorni.", 7)]
    items += [(330, 220, "Totale documento", 9), (460, 220, "903,00", 9)]
    found = extract(pdf(items), "fattura.pdf").data["line_items"]
    assert [item["description"] for item in found] == [row[0] for row in rows]


CV = """Inês Carvalho Marques
Engenheira Civil
Coimbra | +351 917 572 274 | ines.cmarques@example.pt
EXPERIÊNCIA PROFISSIONAL
out. 2019 -  Engenheira Civil - Diretora de Obra, Construções Mondego, S.A.
presente  Coimbra
set. 2015 - set.  Engenheira de Estruturas, Gabinete de Projetos Beira Litoral, Lda.
2019  Coimbra
FORMAÇÃO ACADÉMICA
2010 - 2015  Mestrado Integrado em Engenharia Civil - Universidade de Coimbra
COMPETÊNCIAS
AutoCAD, Revit, Robot Structural Analysis, MS Project, Quality
management, Segurança em obra
""".replace(" - ", " \u2013 ")


def test_date_ranges_whose_ends_wrapped_onto_the_next_line_count():
    data = extract(CV.encode(), "cv.txt").data
    # from 2015-09, the first start, to now (the year alone: "presente" names no month)
    assert data["years_experience"] == date.today().year - 2015
    # "Quality" / "management": a list of capitalised items goes on in small letters on the next line
    assert "Quality management" in data["skills"]
    assert "management" not in data["skills"]


def test_a_statements_opening_balance_labelled_after_its_rows_date_in_one_cell():
    text = (
        "Sahyadri Co-operative Bank Ltd.    Statement of Account\n"
        "ADITYA KULKARNI    A/c No.    XXXXXXXXXX8862\n"
        "Period    01-07-2025 to 31-07-2025\n"
        "Opening Balance    Total Debits    Total Credits    Closing Balance\n"
        "172,671.92    759,562.92    %1,07,820.68    %1,20,929.68\n"
        "Txn Date    Description    Debit    Credit    Balance\n"
        "01-07-2025 OPENING BALANCE    72,671.92\n"
        "02-07-2025    IMPS/RECEIVED/S KULKARNI        5,128.04    77,799.96\n"
        "31-07-2025    CLOSING BALANCE    1,20,929.68\n"
    )
    # the summary's amounts lost their rupee sign to OCR ("172,671.92"); the row names the amount
    # right of its label, in the cell of its date
    assert extract(text.encode(), "statement.txt").data["opening_balance"] == "72671.92"


def _scanned(width_in_heights: float) -> Layout:
    """An OCR page of ten lines of two words 20 px high, the lines ``width_in_heights`` wide."""
    lines = []
    for n in range(10):
        left = Word("Flat", 100, 40 * n, 160, 40 * n + 20, 20, 0.9, line=n)
        end = 100 + width_in_heights * 20
        right = Word("5.65", end - 60, 40 * n, end, 40 * n + 20, 20, 0.9, line=n)
        lines.append(Line([Cell([left]), Cell([right])], page=1, index=n))
    return Layout("image", pages=[Page(1, 3000, 4000, Source.OCR, lines)])


def test_a_photographed_slip_is_on_a_roll_by_its_lines_width_in_letters_not_its_pixels():
    # a slip photographed on a table: the photo is wide, its lines are 28 words' heights across
    assert on_a_roll(_scanned(28))
    # a page of A4 scanned: its lines are 70 heights across
    assert not on_a_roll(_scanned(70))


def test_a_skill_wrapped_alone_onto_the_next_line_ends_the_item_the_long_line_cut_short():
    plain = (
        "Jana Hoffmeister\njana.hoffmeister@example.de   +49 151 0248 3293\n\nSKILLS\n"
        "SAP S/4HANA Finance, SAP FI/CO, ABAP-Grundkenntnisse, SQL, Power BI, Microsoft\n"
        "Excel (VBA)\n\nLANGUAGES\nGerman, English\n"
    )
    table = (
        "Jana Hoffmeister\njana.hoffmeister@example.de   +49 151 0248 3293\n\nKenntnisse\n"
        "IT-Kenntnisse   SAP S/4HANA Finance, SAP FI/CO, ABAP-Grundkenntnisse, SQL, Microsoft\n"
        "                Excel (VBA)\n"
        "Methoden        Projektmanagement (PRINCE2), Prozessmodellierung BPMN\n"
        "Sprachen        Deutsch, Englisch\n"
    )
    for text in (plain, table):
        skills = extract(text.encode(), "cv.txt").data["skills"]
        assert "Microsoft Excel (VBA)" in skills, skills
        assert "Microsoft" not in skills and "Excel (VBA)" not in skills


SIDEBAR_CV = [
    (20, 40, "Katharina Wendt", 16),
    (20, 60, "k.wendt@example.com", 8),
    (202, 180, "Berufserfahrung", 11),
    (20, 200, "18055 Rostock", 8),
    (202, 200, "12/2019 - heute", 8),
    (312, 200, "Projektleiterin Umbau & Refit", 8),
    (312, 212, "Hanse Yachtbau Kröger & Sohn OHG, Rostock", 8),
    (20, 224, "KENNTNISSE", 9),
    (315, 224, "\u2022", 8),
    (324, 224, "Gesamtverantwortung für Refit-Projekte bis 4,5 Mio. EUR", 8),
    (20, 236, "AutoCAD", 8),
    (324, 236, "Auftragsvolumen", 8),
    (315, 248, "\u2022", 8),
    (324, 248, "Führung von 12 Mitarbeitenden und Koordination von", 8),
    (20, 256, "Siemens NX", 8),
    (20, 270, "SAP PS", 8),
    (315, 270, "\u2022", 8),
    (324, 270, "Einführung von SAP PS zur Projektkostenverfolgung", 8),
    (20, 284, "MS Project", 8),
    (20, 302, "SPRACHEN", 9),
    (20, 314, "Deutsch - Muttersprache", 8),
]


def test_a_sidebars_skills_beside_the_bodys_bullets_are_the_sidebars():
    skills = extract(pdf(SIDEBAR_CV), "cv.pdf").data["skills"]
    # the body's bullet hangs left of its text, whose column goes on above: no table's row of
    # items, and "AutoCAD" beside the body's "Auftragsvolumen" is no category of it
    assert skills == ["AutoCAD", "Siemens NX", "SAP PS", "MS Project"]


def test_a_mexican_orders_folio_and_its_issuer_under_its_street():
    items = [
        (40, 40, "Calle 4 Poniente 911, Centro Histórico", 8),
        (40, 54, "Talavera Artesanal Poblana, S.A. de C.V.", 12),
        (330, 54, "72000 Puebla, Pue.", 8),
        (40, 68, "RFC TAP090315QX2", 8),
        (330, 90, "Folio", 8),
        (420, 90, "OC-2025-0202", 8),
        (40, 104, "ORDEN DE COMPRA", 14),
        (330, 104, "Fecha de emisión", 8),
        (420, 104, "03/06/2025", 8),
        (40, 130, "PROVEEDOR", 8),
        (40, 142, "Arcillas y Esmaltes del Centro, S.A. de C.V.", 9),
        (40, 180, "Descripción", 8),
        (300, 180, "Cantidad", 8),
        (360, 180, "Precio unitario", 8),
        (460, 180, "Importe", 8),
        (40, 194, "Esmalte estañífero blanco base, cubeta 19 L", 8),
        (300, 194, "4", 8),
        (360, 194, "1,486.50", 8),
        (460, 194, "5,946.00", 8),
        (360, 220, "Total", 8),
        (460, 220, "$5,946.00", 8),
    ]
    data = extract(pdf(items), "oc.pdf").data
    # Mexico's "Folio" numbers any document, an order too
    assert data["po_number"] == "OC-2025-0202"
    # the letterhead opens with the street over the company's name: the street is no buyer
    assert data["buyer"] == "Talavera Artesanal Poblana, S.A. de C.V."


def test_a_dutch_invoices_work_address_beside_its_billing_address_is_no_customer():
    text = (
        "Boschstraat 71, 6211 AX Maastricht\n"
        "Maasoever Installatietechniek B.V.    +31 43 321 45 67\n\n"
        "Factuur\n"
        "Factuuradres                               Werkadres\n"
        "Vereniging van Eigenaars Wyck Residence    Complex Wyck Residence\n"
        "Wycker Brugstraat 40                       Rechtstraat 12-18\n"
        "6221 ED Maastricht                         6221 EH Maastricht\n\n"
        "Factuurnummer  2025-1125\nFactuurdatum  18 november 2025\nTotaal  € 1.296,22\n"
    )
    assert (
        extract(text.encode(), "factuur.txt").data["customer_name"]
        == "Vereniging van Eigenaars Wyck Residence"
    )
