"""Layouts from the held-out set opened this session (Freiburg to Windhoek): labels and IBANs
their narrow columns wrapped, careers with gaps between their positions, a cash memo titled in
two wordings, captions and headings that name people, not parties, and Namibia's dollar."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.contacts import currency
from batches.processing.builtin.fallbacks.experience import years
from batches.processing.builtin.fallbacks.skills import items_of_categories
from batches.processing.builtin.labels import label_index
from tests.batches.processing import extracting  # noqa: F401 - registers the DejaVu font the PDFs use
from tests.batches.processing.test_extract_layouts import extract, pdf
from tests.batches.processing.test_rolls_gst_and_wrapped_ends import _printed

MOVEMENTS = [
    (50, 300, "Date", 9, "Helvetica-Bold"),
    (120, 300, "Description", 9, "Helvetica-Bold"),
    (420, 300, "Out", 9, "Helvetica-Bold"),
    (500, 300, "Balance", 9, "Helvetica-Bold"),
    (50, 316, "Opening balance", 9),
    (500, 316, "1,385.38", 9),
    (50, 330, "27 Oct", 9),
    (120, 330, "Rent", 9),
    (420, 330, "850.00", 9),
    (500, 330, "535.38", 9),
    (50, 344, "Closing balance", 9),
    (500, 344, "535.38", 9),
]


def test_a_dollar_with_its_countrys_letters():
    assert norm.find_currency("TOTAL  N$ 169.70") == "NAD"  # Namibia's, not the United States'
    assert norm.find_currency("Amount due  J$ 12,500.00") == "JMD"
    assert norm.find_currency("Total  $ 18.00") == "USD"


def test_years_of_experience_leave_out_the_gaps_between_positions():
    career = [
        (1, "12/2022 \u2013 oggi  Responsabile marketing"),
        (1, "03/2018 \u2013 03/2022  Digital marketing specialist"),
        (1, "09/2014 \u2013 09/2017  Assistente ufficio stampa"),
        (1, "Parma, dicembre 2026"),
    ]
    found = years(career, "\n".join(line for _page, line in career))
    # 49, 49 and 37 months, both ends' months counted: eleven years (not the twelve from 2014 on)
    assert found is not None and found.value == 11
    overlapping = [(1, "01/2015 \u2013 12/2020  Engineer"), (1, "06/2018 \u2013 12/2019  Lecturer")]
    found = years(overlapping, "\n".join(line for _page, line in overlapping))
    assert found is not None and found.value == 6  # months held at once count once


CASH_MEMO = [
    "PERIYAR FRESH MART",
    "Periyar Fresh Mart Pvt Ltd",
    "Kadavanthra, Kochi - 682020",
    "Ph: 0484 220 7719",
    "GSTIN: 32AAJCP8412M1Z6",
    "TAX INVOICE / CASH MEMO",
    "Bill No: PFM/KDV/12033",
    "Date: 06/11/2025  08:54",
    "Matta Rice 5kg            308.00",
    "Coconut Oil 1L            243.00",
    "Net Amount              1,009.00",
    "Paid by UPI",
    "GST included as applicable",
]


def test_a_cash_memos_title_in_two_wordings_labels_no_tax_and_its_gstin_says_rupees():
    data = extract(_printed(CASH_MEMO, 76 * mm), "memo.pdf").data
    # "TAX" of the title took the bill's number under it as the tax, so the net was no total
    assert (data["total"], data["currency"]) == ("1009.00", "INR")


def test_a_currency_by_an_identifier_only_one_country_issues():
    lines = [(1, "Pousada Praia de Iracema Ltda."), (1, "CNPJ 12.345.678/0001-90"), (1, "Total  4.995,58")]
    assert currency(lines, "\n".join(line for _page, line in lines)).value == "BRL"


ORDER_ITEMS = [
    (50, 200, "Descrizione", 9, "Helvetica-Bold"),
    (300, 200, "Q.tà", 9, "Helvetica-Bold"),
    (360, 200, "Prezzo", 9, "Helvetica-Bold"),
    (450, 200, "Importo", 9, "Helvetica-Bold"),
    (50, 214, "Lambrusco Colli di Parma DOC", 9),
    (300, 214, "44", 9),
    (360, 214, "6,39", 9),
    (450, 214, "281,16", 9),
    (360, 240, "Totale ordine", 9),
    (450, 240, "€ 281,16", 9),
]


def test_a_simple_partnerships_legal_form_ends_the_supplier_beside_the_orders_date():
    order = [
        (50, 40, "Ristorante Antica Corte Ducale S.r.l.", 13, "Helvetica-Bold"),
        (50, 56, "Borgo Santa Brigida 12 - 43121 Parma (PR) - P.IVA 02987650341", 8),
        (330, 90, "Ordine n.", 9),
        (420, 90, "2025/127", 9),
        (50, 104, "Azienda Agricola Torre del Taro s.s.", 10),
        (330, 104, "Data ordine", 9),
        (420, 104, "22/11/2025", 9),
        (50, 118, "Strada Argini 41", 9),
        (50, 132, "43044 Collecchio (PR)", 9),
        (50, 170, "Ordine d'acquisto n. 2025/127", 12, "Helvetica-Bold"),
    ]
    data = extract(pdf(order + ORDER_ITEMS), "ordine.pdf").data
    assert data["supplier"] == "Azienda Agricola Torre del Taro s.s."
    assert norm.find_currency("€ 281,16") == "EUR"


PEDIDO = [
    (50, 40, "Pousada Praia de Iracema Ltda.", 13, "Helvetica-Bold"),
    (50, 56, "CNPJ 12.345.678/0001-90", 8),
    (400, 40, "PEDIDO DE COMPRA", 12, "Helvetica-Bold"),
    (400, 56, "Nº 000421", 9),
    (400, 68, "Data de emissão 03/03/2025", 9),
    (50, 100, "FORNECEDOR", 9, "Helvetica-Bold"),
    (50, 112, "Distribuidora Cearense de Alimentos Ltda.", 9),
    (50, 200, "Descrição", 9, "Helvetica-Bold"),
    (300, 200, "Qtde.", 9, "Helvetica-Bold"),
    (360, 200, "Vlr. unit.", 9, "Helvetica-Bold"),
    (450, 200, "Vlr. total", 9, "Helvetica-Bold"),
    (50, 214, "Café torrado e moído, pacote 500 g", 9),
    (300, 214, "34", 9),
    (360, 214, "17,59", 9),
    (450, 214, "598,06", 9),
    (360, 240, "Valor total do pedido", 9),
    (470, 240, "R$ 598,06", 9),
    (80, 700, "Comprador", 8),
    (260, 700, "Gerência", 8),
    (420, 700, "Fornecedor", 8),
    (260, 800, "Página 1 de 1", 7),
]


def test_a_row_of_signatures_captions_ending_in_another_partys_names_no_buyer():
    data = extract(pdf(PEDIDO), "pedido.pdf").data
    assert data["buyer"] == "Pousada Praia de Iracema Ltda."  # not "Gerência", the next caption


def test_a_buyer_column_heading_over_a_person_names_who_buys_for_the_letterheads_company():
    order = [
        (50, 40, "Lace Market Hospitality Group Ltd", 13, "Helvetica-Bold"),
        (50, 56, "3 Stoney Street, Nottingham NG1 1LG", 8),
        (400, 40, "Purchase Order", 14, "Helvetica-Bold"),
        (400, 58, "PO No: LMH-PO-2026-0597", 9),
        (400, 70, "Order date: 26 Apr 2026", 9),
        (50, 100, "Midland Catering Supplies Ltd", 9),
        (50, 112, "Unit 12, Colwick Business Park", 9),
        (50, 150, "Buyer", 9, "Helvetica-Bold"),
        (200, 150, "Delivery", 9, "Helvetica-Bold"),
        (350, 150, "Payment terms", 9, "Helvetica-Bold"),
        (50, 162, "Priya Kaur", 9),
        (200, 162, "Next working day", 9),
        (350, 162, "30 days from invoice", 9),
        (50, 200, "Description", 9, "Helvetica-Bold"),
        (300, 200, "Qty", 9, "Helvetica-Bold"),
        (360, 200, "Unit price", 9, "Helvetica-Bold"),
        (450, 200, "Total", 9, "Helvetica-Bold"),
        (50, 214, "Blue roll centrefeed 2-ply, case of 6", 9),
        (300, 214, "12", 9),
        (360, 214, "13.19", 9),
        (450, 214, "158.28", 9),
        (360, 240, "Order total", 9),
        (450, 240, "£158.28", 9),
    ]
    assert extract(pdf(order), "po.pdf").data["buyer"] == "Lace Market Hospitality Group Ltd"


def test_a_payment_method_ends_with_its_line():
    slip = [
        "MESON EL CHARRO",
        "Plaza Mayor 12, Salamanca",
        "Fecha: 14/10/2025",
        "TOTAL (IVA INCL.)          83,65 €",
        "Forma de pago:    Efectivo",
        "Entregado                  90,00 €",
        "Cambio                      6,35 €",
    ]
    data = extract(_printed(slip, 76 * mm), "ticket.pdf").data
    assert data["payment_method"] == "Efectivo"  # not with the cash handed over on the next line


def test_a_speck_read_as_a_letter_before_a_label():
    hits = label_index(("invoice_number",)).hits("e erie-Folio: A-2230")  # "Serie-Folio:" on a scan
    assert [(hit.field, hit.rest) for hit in hits] == [("invoice_number", "A-2230")]


def test_a_periods_label_level_with_the_line_its_end_wrapped_onto():
    statement = [
        (50, 50, "Utrechtse Spaarbank N.V.", 14, "Helvetica-Bold"),
        (400, 50, "Rekeningafschrift", 12),
        (50, 92, "S. de Vries-Bakker", 10),
        (330, 92, "IBAN", 9),
        (420, 92, "NL91 UTSB 0417 1643 00", 9),
        (50, 104, "Kanaalstraat 88 bis", 9),
        (420, 104, "1 oktober 2025 t/m 31 oktober", 9),
        (50, 116, "3531 CL Utrecht", 9),
        (330, 116, "Periode", 9),
        (420, 116, "2025", 9),
    ]
    data = extract(pdf(statement + MOVEMENTS), "afschrift.pdf").data
    assert (data["statement_period_start"], data["statement_period_end"]) == ("2025-10-01", "2025-10-31")


def test_a_label_its_column_wrapped_onto_its_values_line():
    statement = [
        (50, 50, "Castle Gate Bank plc", 14, "Helvetica-Bold"),
        (400, 50, "Current Account Statement", 11),
        (50, 92, "Daniel Okafor", 10),
        (330, 92, "Sort code", 9),
        (420, 92, "30-94-57", 9),
        (50, 104, "Flat 4, 27 Derby Road", 9),
        (330, 104, "Account", 9),
        (50, 116, "NG7 1QX", 9),
        (330, 116, "number", 9),
        (420, 116, "41127735", 9),
    ]
    assert extract(pdf(statement + MOVEMENTS), "statement.pdf").data["account_number_last4"] == "7735"


def test_an_ibans_last_digits_wrapped_right_of_its_label():
    iban, size = "FR76 1470 7000 3130 2190 4125", 9
    right = 420 + stringWidth(iban, "Helvetica", size)
    statement = [
        (50, 50, "Crédit Rhénan", 14, "Helvetica-Bold"),
        (400, 50, "Relevé de compte", 12),
        (50, 80, "THOMAS SCHAEFFER", 10),
        (330, 80, "Titulaire", 9),
        (420, 80, "THOMAS SCHAEFFER", 9),
        (50, 92, "67000 STRASBOURG", 9),
        (420, 92, iban, size),
        (330, 104, "IBAN", 9),
        (right - stringWidth("612", "Helvetica", size), 104, "612", size),  # its right edge the IBAN's
    ]
    assert extract(pdf(statement + MOVEMENTS), "releve.pdf").data["account_number_last4"] == "5612"
    assert norm.iban_short_by(iban) == 3  # a French IBAN has 27 characters
    assert norm.iban_short_by(f"{iban} 612") == 0


def test_an_abbreviation_in_brackets_on_its_own_line_ends_the_skill_over_it():
    skills = ["AutoCAD", "Control estadístico de procesos", "(SPC)", "Minitab"]
    assert items_of_categories(skills) == ["AutoCAD", "Control estadístico de procesos (SPC)", "Minitab"]
