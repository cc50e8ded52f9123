"""Classes from the thirty-second session's sets: the items' sum with the charges a fee note adds
to it under it (general expenses, a pension levy, VAT, each a rate it prints of the sum above)."""

from __future__ import annotations

from batches.processing.builtin.checks import check_totals
from batches.processing.layout.model import Word
from tests.batches.processing.extracting import extract_text
from tests.batches.processing.test_extract_layouts import extract, pdf
from tests.batches.processing.test_scans import _fields_read, _line_of

INVOICE = "invoice number, invoice date, vendor name, customer name, subtotal, tax, total, line items"

FEE_NOTE = """STUDIO LEGALE
Avv. Marta Ferraresi
Corso Garibaldi 18, 37121 Verona

Spett.le
Officine Brenta S.r.l.
Via dell'Industria 4, 35010 Vigonza

FATTURA N. 27/2025                         Data: 14/03/2025

Descrizione                                          Importo
Assistenza stragiudiziale contratto di fornitura   1.800,00
Redazione parere                                      600,00
{sum_line}
Spese generali 15%                                    360,00
Cassa Nazionale Avvocati 4%                           110,40
Imponibile IVA                                      2.870,40
IVA 22%                                               631,49
Totale fattura                                      3.501,89
Ritenuta d'acconto 20% su 2.760,00                   -552,00
Netto a pagare                                      2.949,89

Pagamento: bonifico a 30 giorni, IBAN IT60 X054 2811 1010 0000 0123 456
"""


def _items(text: str) -> list[str]:
    return [item["description"] for item in extract_text(text, INVOICE).data["line_items"]]


def test_the_charges_a_fee_note_adds_to_its_items_sum_are_no_items():
    items = _items(FEE_NOTE.format(sum_line="Totale compensi                                     2.400,00"))
    assert items == ["Assistenza stragiudiziale contratto di fornitura", "Redazione parere"]


def test_a_sum_with_no_label_of_the_totals_is_ended_by_the_charges_on_it_too():
    items = _items(FEE_NOTE.format(sum_line="Onorari                                             2.400,00"))
    assert items == ["Assistenza stragiudiziale contratto di fornitura", "Redazione parere"]


def test_a_groups_subtotal_goes_on_and_the_sum_of_all_ends_at_the_tax_on_it():
    text = """Oficina Tavares Lda
Fatura FT 2025/118   Data 03/02/2025
Cliente: Rui Magalhães

Descrição                                   Valor
MÃO DE OBRA
Diagnóstico eletrónico                      45,00
Substituição de pastilhas                   60,00
Total mão de obra                          105,00
PEÇAS
Pastilhas de travão                          38,50
Óleo 5W30 (5 l)                              42,00
Total peças                                  80,50
Total s/ IVA                                185,50
IVA 23%                                      42,67
Total                                       228,17
"""
    assert _items(text) == [
        "Diagnóstico eletrónico",
        "Substituição de pastilhas",
        "Pastilhas de travão",
        "Óleo 5W30 (5 l)",
    ]


MARKETPLACE = """shopkart.in
Tax Invoice/Bill of Supply/Cash Memo

Sold By :                                   Billing Address :
Vardhman Retail Private Limited             Rohan Mehta
Unit 4, Bhiwandi Logistics Park             22 Lake View Road
GST Registration No: 27AAXCV1234F1Z5

Order Number: 408-5532190-7781234           Invoice Number : BOM5-778812
Order Date: 12.03.2025                      Invoice Date : 12.03.2025

Sl.No  Description            Unit Price  Qty  Net Amount  Tax Rate  Tax Type  Tax Amount  Total Amount
1      Steel Water Bottle 1L  423.73      2    847.46      18%       IGST      152.54      1,000.00
2      Cotton Bath Towel Set  338.98      1    338.98      18%       IGST      61.02       400.00
TOTAL:                                                                          213.56      1,400.00
Amount in Words: One Thousand Four Hundred only
"""


def test_an_items_tables_total_row_gives_each_sum_under_its_heading_its_net_left_blank():
    data = extract_text(MARKETPLACE, INVOICE).data
    assert (data["tax"], data["total"]) == ("213.56", "1400.00")


CFDI = """COMERCIALIZADORA DEL BAJIO SA DE CV
FACTURA                                   Folio: A-2291
Fecha de emisi\u00f3n: 2025-04-08
Receptor: Talleres Ruiz Mendoza SA de CV

Clave Prod/Serv  Cantidad  Clave Unidad  Unidad    Descripci\u00f3n                 Valor Unitario  Importe
31161500         10        H87           Pieza     Tornillo hexagonal 3/8              12.50     125.00
81112101          2        E48           Unidad de servicio  Soporte t\u00e9cnico remoto  850.00    1,700.00

                                                    Subtotal     $1,825.00
                                                    IVA 16%        $292.00
                                                    Total        $2,117.00
"""


def test_a_unit_reaching_under_the_description_from_its_own_column_is_no_part_of_it():
    items = extract_text(CFDI, INVOICE).data["line_items"]
    assert [item["description"] for item in items] == [
        "Tornillo hexagonal 3/8",
        "Soporte t\u00e9cnico remoto",
    ]


def _sidebar_invoice() -> bytes:
    """A two-page invoice: a sidebar of the seller, the customer and the meta left of the table
    on the first page; the table full width on the second, its header printed again."""
    head = [(212, "#"), (224, "Description"), (429, "Qty"), (458, "Unit price"), (518, "Amount")]
    first = [(30, 40, "INVOICE", 16), (34, 70, "Keelbridge Systems Ltd", 9)]
    first += [(x, 140, text, 8) for x, text in head] + [(34, 140, "Ireland", 8)]
    rows = [(f"Item number {n}", n % 3 + 1, 10 * n) for n in range(1, 11)]
    sidebar = {6: "BILL TO", 7: "Slaney Freight Logistics Ltd", 10: "INVOICE NO."}
    for n, (text, qty, price) in enumerate(rows, start=1):
        y = 140 + 16 * n
        first += [(212, y, str(n), 8), (224, y, text, 8), (440, y, str(qty), 8)]
        first += [(474, y, f"{price:.2f}", 8), (525, y, f"{qty * price:.2f}", 8)]
        if n in sidebar:
            first.append((34, y, sidebar[n], 8))
    first.append((34, 140 + 16 * 11, "KBS-25-0272", 8))
    second = [(34, 40, "Keelbridge Systems Ltd", 9)]
    second += [(63, 95, "#", 8), (75, 95, "Description", 8), (381, 95, "Qty", 8)]
    second += [(435, 95, "Unit price", 8), (518, 95, "Amount", 8)]
    for n in range(11, 15):
        y = 95 + 15 * (n - 10)
        second += [(59, y, str(n), 8), (75, y, f"Service line {n}", 8), (392, y, "1", 8)]
        second += [(456, y, "50.00", 8), (525, y, "50.00", 8)]
    total = sum(qty * price for _t, qty, price in rows) + 200
    second += [(400, 190, "Subtotal", 8), (500, 190, f"{total:.2f}", 8)]
    return pdf(first, second)


def test_a_later_pages_rows_are_read_under_its_own_header_and_a_sidebars_label_beside_a_row():
    data = extract(_sidebar_invoice(), "doc.pdf", prompt=INVOICE, strategy="per_document").data
    assert [item["description"] for item in data["line_items"][-4:]] == [
        f"Service line {n}" for n in range(11, 15)
    ]
    assert len(data["line_items"]) == 14
    assert data["invoice_number"] == "KBS-25-0272"


UTILITY = """Rivea Energie
Facture n\u00b0 10 2274 7575 5 du 13 f\u00e9vrier 2025
R\u00e9f\u00e9rence client : 94476554127

D\u00e9signation                                                  Montant HT
Abonnement Heures Pleines / Heures Creuses 9 kVA                   31,30 \u20ac
Consommation Heures Pleines (du 01/12 au 31/01)                   160,11 \u20ac
R\u00e9capitulatif TVA                            Total HT          191,41 \u20ac
Taux    Base HT     Montant TVA                TVA 5,5 %           1,72 \u20ac
5,5 %   31,30 \u20ac     1,72 \u20ac                     TVA 20 %           32,02 \u20ac
20 %    160,11 \u20ac    32,02 \u20ac                    Total TTC         225,15 \u20ac
"""


def test_a_tax_summary_beside_the_totals_under_the_items_holds_no_item():
    assert _items(UTILITY) == [
        "Abonnement Heures Pleines / Heures Creuses 9 kVA",
        "Consommation Heures Pleines (du 01/12 au 31/01)",
    ]


def _placed(y: float, *words: tuple[str, float, float]) -> list:
    return [Word(text, x0, y, x1, y + 10, confidence=0.9) for text, x0, x1 in words]


def test_an_items_codes_and_dated_note_under_it_and_its_position_run_into_its_description():
    words = _placed(20, ("BESTELLUNG", 78, 130), ("4500018822", 134, 180))
    words += _placed(60, ("Pos", 78, 93), ("Material", 109, 140), ("Bezeichnung", 148, 200))
    words += _placed(60, ("Bestellmenge", 338, 392), ("ME", 399, 411), ("Preis/ME", 442, 477))
    words += _placed(60, ("Nettowert", 495, 534), ("EUR", 536, 554))
    words += _placed(
        76, ("00010", 78, 101), ("Luftpolsterfolie", 109, 163), ("1000", 167, 185), ("mm", 187, 201)
    )
    words += _placed(76, ("17", 384, 392), ("RL", 399, 409), ("23,80", 456, 477), ("404,60", 528, 554))
    words += _placed(87, ("Material", 109, 140), ("26435311", 144, 180), ("Liefertermin:", 184, 230))
    words += _placed(87, ("07.03.2025", 234, 270))
    words += _placed(102, ("00020", 78, 101), ("Klebeband", 109, 149), ("PP", 152, 162), ("50", 165, 174))
    words += _placed(102, ("mm", 177, 190), ("188", 379, 392), ("RE", 399, 409), ("1,32", 462, 477))
    words += _placed(102, ("248,16", 528, 554))
    words += _placed(113, ("Material", 109, 140), ("83772799", 144, 180), ("-", 184, 188))
    words += _placed(113, ("Liefertermin:", 192, 238), ("14.03.2025", 242, 278))
    items = _fields_read(words, "line items")["line_items"]
    assert [item["description"] for item in items] == ["Luftpolsterfolie 1000 mm", "Klebeband PP 50 mm"]


ROWS_UNHEADED = """Comptoir Plus
FACTURE N\u00b0 AVL-2024-11835
Oreiller ferme 60 x 60 cm             40,50   20%   81,00 \u20ac
Prot\u00e8ge-matelas 160 x 200 cm       1   30,00   20%   30,00 \u20ac
Taie d'oreiller (lot de 2)         2   18,00   20%   36,00 \u20ac
Total HT   147,00 \u20ac
TVA 20 %    29,40 \u20ac
Total TTC  176,40 \u20ac
"""


def test_a_rows_count_ocr_lost_between_its_price_and_the_amount_it_makes():
    items = extract_text(ROWS_UNHEADED, INVOICE).data["line_items"]
    assert [(item["quantity"], item["unit_price"], item["amount"]) for item in items] == [
        (2, "40.50", "81.00"),
        (1, "30.00", "30.00"),
        (2, "18.00", "36.00"),
    ]


def test_a_subtotal_whose_first_digits_ocr_lost_and_a_tax_its_cents_are_read_back_on_a_scan():
    def read(subtotal: str) -> dict:
        items = [{"amount": "81.00"}, {"amount": "30.00"}, {"amount": "36.00"}, {"amount": "6.40"}]
        data = {"subtotal": subtotal, "tax": "30.00", "total": "184.08", "line_items": items}
        sources = {"subtotal": {"confidence": 0.6}, "tax": {"confidence": 0.6}, "total": {"confidence": 0.8}}
        check_totals(data, sources, scanned=True)
        return data

    data = read("3.40")
    assert (data["subtotal"], data["tax"]) == ("153.40", "30.68")
    assert read("53.70")["subtotal"] == "53.70"  # no end of the items' sum: another amount


def test_a_taxs_heading_with_its_rate_over_its_amount_set_right_in_a_row_of_boxes():
    words = _line_of(20, (35, "Fattura n. 512/2025"))
    words += _line_of(
        60,
        (35, "Totale merce"),
        (123, "Sconto 5%"),
        (211, "Spese trasporto"),
        (318, "Imponibile"),
        (400, "IVA 22%"),
        (500, "TOTALE DOCUMENTO \u20ac"),
    )
    words += _line_of(
        80,
        (83, "1.071,20"),
        (180, "-53,56"),
        (271, "25,00"),
        (346, "1.042,64"),
        (452, "229,38"),
        (545, "1.272,02"),
    )
    data = _fields_read(words, "subtotal, tax, total")
    assert (data["subtotal"], data["tax"], data["total"]) == ("1042.64", "229.38", "1272.02")
