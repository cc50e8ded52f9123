"""Layouts from the held-out set opened this session (Bayreuth to Benguela): a payment's words run
on ("Débit Interac"), mobile money by its brand, cash handed over in Portuguese, an order that
prints only its net under a table whose amount column is headed "Totaal", a rupee sign OCR read
as a digit in front of a total or a balance, a total's amount over its label, a quantity OCR
misread by one digit, and specks one over the other on a scan (which once divided by zero)."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm

from batches.processing.builtin.checks import quantity_misread
from batches.processing.builtin.choose import _digits_misread
from batches.processing.layout.geometry import skew
from batches.processing.layout.model import Word
from tests.batches.processing import extracting  # noqa: F401 - registers the DejaVu font the PDFs use
from tests.batches.processing.test_extract_layouts import extract, pdf
from tests.batches.processing.test_rolls_gst_and_wrapped_ends import _printed


def _table(
    columns: list[tuple[float, str]], rows: list[tuple[str, ...]], *, top: float, first: float
) -> list:
    """An item table's headings at ``top`` and its rows from ``first`` down, each cell at its
    heading's left edge."""
    items = [(x, top, heading, 8) for x, heading in columns]
    for n, row in enumerate(rows):
        items += [(x, first + 14 * n, cell, 8) for (x, _heading), cell in zip(columns, row, strict=True)]
    return items


def _order_head(*pairs: tuple[str, str]) -> list:
    """An order's head: the buyer and the title, the supplier under its caption, then the number
    and the date, each under its label (captions over values)."""
    (buyer, title), (caption, supplier), (number_label, number), (date_label, date) = pairs
    return [
        (50, 50, buyer, 12),
        (400, 50, title, 14),
        (50, 90, caption, 8),
        (50, 104, supplier, 9),
        (50, 140, number_label, 8),
        (200, 140, date_label, 8),
        (50, 154, number, 9),
        (200, 154, date, 9),
    ]


def _receipt(*lines: str) -> dict:
    return extract(_printed(list(lines), 76 * mm), "slip.pdf").data


def test_a_payments_words_run_on_as_printed():
    data = _receipt(
        "EPICERIE DU FLEUVE",
        "Date: 2025-10-14 17:02",
        "Cafe filtre 300 g         9,57",
        "Fromage en grains         8,46",
        "TOTAL                    18,03 $",
        "Debit Interac            18,03",
        "INTERAC ****3317",
        "APPROUVEE - MERCI",
    )
    assert data["payment_method"] == "Debit Interac"  # not "Debit" alone


def test_mobile_money_by_its_brand_and_no_payment_in_a_sentence_after_payment():
    data = _receipt(
        "KABULONGA PHARMACY",
        "Date: 19/09/2025 Time: 09:29",
        "Cough syrup 100ml           92.35",
        "Hand sanitiser 500ml        55.41",
        "TOTAL                  ZMW 147.76",
        "Airtel Money               147.76",
        "Ref: MP573985731",
        "Mobile money payment received",
    )
    assert data["payment_method"] == "Airtel Money"  # not "received", the word after "payment"


def test_cash_handed_over_in_portuguese_gives_the_total_ocr_misread():
    data = _receipt(
        "PASTELARIA SERRA DA ESTRELA",
        "Data: 25-04-2025  Hora: 15:34",
        "Pastel de nata 4x 1,38      5,52",
        "Tosta mista                 3,05",
        "Galao                       1,52",
        "Sumo natural laranja        6,12",
        "TOTAL                     10,218",  # "16,21 €" as OCR read it
        "Numerario                  20,00",
        "Troco                       3,79",
        "IVA 13%  Incidencia 14,35   1,86",
    )
    assert data["total"] == "16.21"  # 20,00 handed over less 3,79 given back


def test_an_order_that_prints_only_its_net_under_a_column_headed_total():
    rows = [
        ("PP35785", "Offsetpapier 90 g/m2, 70 x 100 cm", "1", "42,69", "42,69"),
        ("PP10576", "Drukplaten CTP thermisch, doos van 50", "2", "250,00", "500,00"),
        ("PP97628", "Silk mc 150 g/m2, SRA3, doos", "23", "48,94", "1.125,62"),
    ]
    items = _order_head(
        ("Kempische Drukkerij Van Gorp NV", "BESTELBON"),
        ("LEVERANCIER", "Papierhandel Brepols & Peeters BV"),
        ("Bestelbon nr.", "BB/25/963"),
        ("Datum", "30/07/2025"),
    )
    columns = [
        (50, "Art.nr."),
        (110, "Omschrijving"),
        (340, "Aantal"),
        (390, "Eenheidsprij"),
        (480, "Totaal"),
    ]
    items += _table(columns, rows, top=190, first=214)
    items.append((433, 199, "s", 8))  # the heading's last letter wrapped under it
    items += [(340, 270, "Totaal excl. btw", 9), (480, 270, "1.668,31", 9)]
    data = extract(pdf(items), "bestelbon.pdf").data
    assert data["total"] == "1668.31"  # not 42,69, the first row's amount under "Totaal"


def test_a_currency_sign_read_as_a_digit_before_a_total_is_read_back_by_its_net_and_tax():
    assert _digits_misread("180,976.05", "80976.05")  # "₹80,976.05"
    assert not _digits_misread("18.05", "8.05")  # too few digits to tell from another amount
    rows = [
        ("DSF-163", "Fabrication labour (man-day)", "4", "959.01", "3,836.04"),
        ("DSF-986", "SS 304 conveyor table, 3 m", "1", "42,497.73", "42,497.73"),
        ("DSF-796", "MS storage rack, 4 shelves", "2", "11,145.00", "22,290.00"),
    ]
    items = _order_head(
        ("Vidarbha Agro Processors LLP", "PURCHASE ORDER"),
        ("Supplier", "Deccan Steel Fabricators"),
        ("PO Number", "VAP/PO/25-26/569"),
        ("Order date", "17-09-2025"),
    )
    columns = [(50, "Item code"), (110, "Description"), (330, "Qty"), (380, "Unit price"), (470, "Amount")]
    items += _table(columns, rows, top=190, first=206)
    items += [(330, 270, "Sub-total", 9), (470, 270, "68,623.77", 9)]
    items += [(330, 284, "IGST 18%", 9), (470, 284, "12,352.28", 9)]
    items += [(330, 298, "Total (incl. GST)", 9), (470, 298, "180,976.05", 9)]
    result = extract(pdf(items), "po.pdf")
    assert result.data["total"] == "80976.05"  # the net and its tax make it; an order asks for neither
    assert "subtotal" not in result.data


def test_a_quantity_misread_by_one_digit_is_the_amount_over_the_unit_price():
    def numbers(quantity: str, price: str, amount: str) -> dict:
        return {"quantity": Decimal(quantity), "unit_price": Decimal(price), "amount": Decimal(amount)}

    assert quantity_misread(numbers("25", "11937.40", "179061.00"), set())  # 15 read as 25
    assert not quantity_misread(numbers("2", "5.00", "5.00"), set())  # two for one: 50 % off, no misread
    assert not quantity_misread(numbers("20", "10.00", "100.00"), {50})  # a printed discount explains it
    rows = [
        ("Corvina fresca (kg)", "59", "3275,58", "193 259,22"),
        ("Camarão médio congelado, caixa de 2 kg", "25", "11 937,40", "179 061,00"),  # 15 boxes
        ("Lulas limpas (kg)", "21", "4 801,26", "100 826,46"),
    ]
    items = [(50, 50, "Pescas do Atlântico Sul, Lda.", 12), (420, 50, "FACTURA", 14)]
    items += [(50, 80, "Factura n.º FT 2025/311", 9), (50, 94, "Data: 12/05/2025", 9)]
    # the unit price's column has no heading: OCR lost it
    items += [(50, 130, "Artigo", 8), (330, 130, "Quant", 8), (490, 130, "Valor", 8)]
    for n, (description, quantity, price, amount) in enumerate(rows):
        y = 146 + 14 * n
        items += [(50, y, description, 8), (335, y, quantity, 8), (400, y, price, 8), (490, y, amount, 8)]
    items += [(380, 200, "Total a pagar", 9), (490, 200, "473 146,68", 9)]
    lines = extract(pdf(items), "factura.pdf").data["line_items"]
    assert (lines[1]["quantity"], lines[1]["unit_price"]) == (15, "11937.40")
    assert (lines[0]["quantity"], lines[0]["unit_price"]) == (59, "3275.58")


def test_a_balance_with_its_sign_read_as_a_digit_gives_way_to_the_same_printed_without():
    rows = [
        ("01/02/2025", "Opening balance", "", "5,30,653.42"),
        ("03/02/2025", "POS THIRUMALAI STORES", "2,102.90", "5,28,550.52"),
        ("05/02/2025", "NEFT CR SALARY VAIGAI ENGG", "1,88,564.33", "7,17,114.85"),
        ("28/02/2025", "Closing balance", "", "7,17,114.85"),
    ]
    items = [
        (50, 50, "Pandyan Cooperative Bank Ltd.", 12),
        (50, 80, "Lakshmi Narayanan", 9),
        (300, 80, "Account number  XXXXXXXX4166", 9),
        (50, 100, "Statement period  from 01/02/2025 to 28/02/2025", 9),
        # "₹5,30,653.42" and "₹7,17,114.85" as OCR read them
        (50, 120, "Opening balance", 9),
        (150, 120, "15,30,653.42", 9),
        (300, 120, "Closing balance", 9),
        (400, 120, "17,17,114.85", 9),
    ]
    items += [
        (50, 150, "Date", 8),
        (120, 150, "Details", 8),
        (380, 150, "Amount", 8),
        (470, 150, "Balance", 8),
    ]
    for n, (day, details, amount, balance) in enumerate(rows):
        y = 166 + 14 * n
        items += [(50, y, day, 8), (120, y, details, 8), (380, y, amount, 8), (470, y, balance, 8)]
    data = extract(pdf(items), "statement.pdf").data
    assert (data["opening_balance"], data["closing_balance"]) == ("530653.42", "717114.85")


def test_a_total_whose_amount_stands_alone_over_its_label_is_the_net_plus_its_tax():
    items = [
        (50, 50, "Frigorífico do Lobito, Lda.", 12),
        (50, 80, "Fatura n.º FT 2024/9830", 9),
        (50, 94, "Data da fatura: 15/11/2024", 9),
        (50, 130, "Descrição", 8),
        (300, 130, "Quant.", 8),
        (360, 130, "Preço unitário", 8),
        (470, 130, "Total", 8),
        (50, 146, "Gelo em escamas (saco de 25 kg)", 8),
        (300, 146, "56", 8),
        (360, 146, "3.500,00", 8),
        (470, 146, "196.000,00", 8),
        (50, 160, "Carapau congelado, caixa de 20 kg", 8),
        (300, 160, "20", 8),
        (360, 160, "23.100,00", 8),
        (470, 160, "462.000,00", 8),
        (300, 190, "Valor líquido", 9),
        (470, 190, "658.000,00", 9),
        (300, 204, "IVA à taxa de 14%", 9),
        (470, 204, "92.120,00", 9),
        (470, 218, "750.120,00", 9),  # the total's amount, its label's line below it
        (300, 228, "Total (com IVA)  AOA", 9),
    ]
    assert extract(pdf(items), "fatura.pdf").data["total"] == "750120.00"


def test_marks_one_over_the_other_say_no_slope_and_never_divide_by_zero():
    # a scan's specks read as words no wider than a point, one a little under the other
    marks = [Word(".", 100.0, 50.0 + 3 * n, 100.0, 60.0 + 3 * n) for n in range(2)]
    line = [Word(f"w{n}", 20.0 + 40 * n, 200.0 + n, 50.0 + 40 * n, 210.0 + n) for n in range(12)]
    assert skew(marks * 3) == 0.0
    assert 0.02 < skew(line + marks) < 0.03  # the line's slope, one point in forty
