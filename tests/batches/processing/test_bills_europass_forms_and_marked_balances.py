"""Classes from the thirty-third session's opened sets (the last session's held-out HF and RF): an
Italian utility's bill, the old Europass form's skills, a column of outlined tags, balances
marked with their side, payment receipts, a later page's header under a carried sum, a group's
delivery note, a pro forma invoice, an Indian tax invoice's subtotal, FatturaPA's individual
seller, a DANFE's receipt stub and an addressee's block beside the title."""

from __future__ import annotations

import numpy
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase.pdfmetrics import stringWidth

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.labels import label_index
from batches.processing.layout import ocr, paper
from batches.processing.layout.model import Word
from tests.batches.processing.extracting import extract_text, read_pdf
from tests.batches.processing.test_extract_layouts import extract, pdf
from tests.batches.processing.test_scans import _fields_read, _line_of

BILL = """Energia Trasimeno  Bolletta luce
Energia Trasimeno S.p.A. - Via Settevalli 320, 06129 Perugia PG - P.IVA 03318840545
Intestatario  Bolletta n.  202500118734
BAR PASTICCERIA UBALDI  Data emissione  08/04/2025
Via dei Consoli 21  Periodo  01/03/2025 - 31/03/2025
06024 Gubbio PG  Codice cliente  7781204
Totale da pagare entro il 28/04/2025 con addebito SDD
Voce  Quantità  Prezzo unitario  Importo
Quota energia fascia F1 (kWh)  820  € 0,15  € 123,00
Quota fissa vendita (mese)  1  € 18,50  € 18,50
Totale imponibile  € 141,50
IVA 22%  € 31,13
Totale bolletta  € 172,63
Il pagamento avverrà tramite addebito diretto SEPA sul conto IT40 S054 2811 1010 0000 0123 456.
"""


def test_an_italian_utilitys_bill_is_an_invoice_with_its_number_and_total():
    result = extract_text(BILL, "", name="bolletta.txt", strategy="auto")
    assert result.document_type == "invoice"
    assert result.data["invoice_number"] == "202500118734"
    assert result.data["total"] == "172.63"


def test_the_old_europass_forms_skills_are_the_text_right_of_its_captions():
    # the heading and the captions set right to one edge, the text in a column right of it
    def right(y: float, text: str, size: float) -> tuple:
        return (205 - stringWidth(text, "Helvetica", size), y, text, size)

    items = [
        right(100, "Nome", 9),
        (215, 100, "Federica Mancuso", 9),
        right(130, "CAPACITÀ E COMPETENZE PERSONALI", 9),
        right(150, "• Capacità di lettura", 9),
        (215, 150, "buono", 9),
        right(190, "CAPACITÀ E COMPETENZE TECNICHE", 9),
        right(210, "Con computer, attrezzature specifiche, ecc.", 7),
        (215, 210, "Contabilità generale; Bilancio d'esercizio; TeamSystem; Zucchetti;", 9),
        (215, 222, "Excel avanzato.", 9),
        (215, 260, "Autorizzo il trattamento dei miei dati personali ai sensi del GDPR.", 9),
    ]
    skills = read_pdf(items, "skills")["skills"]
    assert skills == [
        "Contabilità generale",
        "Bilancio d'esercizio",
        "TeamSystem",
        "Zucchetti",
        "Excel avanzato",
    ]


def test_a_column_of_outlined_tags_has_its_frames_painted_white():
    # a sidebar's skills one under the other, each in a rounded frame: read as "( SEO & SEA )"
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 34)
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    draw.text((1700, 600), "SKILLS", fill=0, font=font)
    for row, word in enumerate(["SEO & SEA", "HubSpot", "Adobe InDesign", "Kampagnenplanung"]):
        top = 690 + row * 95
        wide = draw.textlength(word, font=font)
        draw.rounded_rectangle((1700, top, 1700 + wide + 50, top + 66), radius=30, outline=40, width=4)
        draw.text((1725, top + 12), word, fill=0, font=font)
    words = [word.text for word in ocr.recognise(page, deadline_seconds=60)]
    assert words[words.index("SKILLS") + 1 :] == ["SEO", "&", "SEA", "HubSpot", "Adobe", "InDesign",
                                                   "Kampagnenplanung"]  # fmt: skip
    # a column of a table's cells, each framed and as wide as the others, keeps its frames
    cells = Image.new("L", (2480, 3508), 255)
    for row, word in enumerate(["OIL020", "BLR006", "GLV100", "SUG025"]):
        top = 690 + row * 95
        ImageDraw.Draw(cells).rectangle((1700, top, 2000, top + 66), outline=40, width=4)
        ImageDraw.Draw(cells).text((1725, top + 12), word, fill=0, font=font)
    assert ocr._without_rules(cells) is cells


STATEMENT = """Bautzener Bürgerbank eG
Kontoinhaber  Friederike Wendt
IBAN  DE44 8559 0100 0004 7123 66
Kontoauszug Nr. 2/2024
Zeitraum: 01.02.2024 bis 29.02.2024
Bu-Tag  Wert  Vorgang  Umsatz EUR
Alter Kontostand vom 31.01.2024  1.456,30 H
01.02.  01.02.  Dauerauftrag Miete  612,00 S
15.02.  15.02.  Überweisung Autohaus  {debit} S
27.02.  27.02.  Gutschrift Lohn  2.143,77 H
Neuer Kontostand vom 29.02.2024  {closing}
S = Soll (Belastung), H = Haben (Gutschrift)
"""


def test_a_balance_printed_with_the_debits_mark_is_below_nought():
    overdrawn = STATEMENT.format(debit="3.221,77", closing="233,70 S")
    data = extract_text(overdrawn, "", name="auszug.txt", strategy="auto").data
    assert (data["opening_balance"], data["closing_balance"]) == ("1456.30", "-233.70")
    # in credit: the credit's mark, the balance as printed
    in_credit = STATEMENT.format(debit="2.750,00", closing="238,07 H")
    assert extract_text(in_credit, "", name="auszug.txt", strategy="auto").data["closing_balance"] == "238.07"


def test_a_payment_receipts_title_and_number_and_its_sums_box_give_no_merchant():
    text = (
        "Recibo nº  VALOR\nRECIBO\n0457  R$ 1.850,00\nValor\n"
        "R$ 1.850,00  Oficina Mecânica Siqueira & Bastos Ltda. · CNPJ 23.456.789/0001-55\n"
        "Rua XV de Novembro, 1320 · Centro · 89010-003 Blumenau - SC\n"
        "Data\n12/03/2024  Recebi(emos) de  Rafael Albuquerque Nogueira\n"
        "Cliente  a importância de  Mil, oitocentos e cinquenta reais\nRafael A. Nogueira\n"
        "Forma de pagamento:  PIX\nBlumenau, 12 de março de 2024\n"
    )
    data = extract_text(text, "merchant, date, total", name="recibo.txt").data
    assert data["merchant_name"] == "Oficina Mecânica Siqueira & Bastos Ltda."


def _page(top: float, rows: list[tuple[str, str, str, str]], *head: tuple) -> list[tuple]:
    items = [(40, 40, "Bodega Cordón del Plata S.A.", 12), (400, 40, "FACTURA N° 00004-00012877", 10), *head]
    items += [(40, top, "Producto", 9), (300, top, "Cantidad", 9), (380, top, "Precio Unit.", 9),
              (480, top, "Subtotal", 9)]  # fmt: skip
    for row, (description, count, price, amount) in enumerate(rows, start=1):
        y = top + 16 * row
        items += [(40, y, description, 9), (300, y, count, 9), (380, y, price, 9), (480, y, amount, 9)]
    return items


def test_a_later_pages_header_under_the_sum_it_carries_goes_on_with_the_table():
    first = _page(200, [("Malbec Reserva 2022", "40,00", "38.500,00", "1.540.000,00"),
                        ("Torrontés 2024", "30,00", "21.400,00", "642.000,00")])  # fmt: skip
    first += [(300, 260, "Transporte:", 9), (480, 260, "$ 2.182.000,00", 9), (250, 780, "Pág. 1/2", 8)]
    second = _page(
        222,
        [("Pinot Noir 2023", "12,00", "36.900,00", "442.800,00")],
        (300, 200, "Transporte:", 9),
        (480, 200, "$ 2.182.000,00", 9),
        (380, 211, "Alíc.", 8),
    )
    second += [(300, 300, "Importe Total: $", 9), (480, 300, "2.624.800,00", 9)]
    data = extract(pdf(first, second), "factura.pdf", prompt="line items, total", strategy="global").data
    assert [item["description"] for item in data["line_items"]] == [
        "Malbec Reserva 2022",
        "Torrontés 2024",
        "Pinot Noir 2023",
    ]


def test_a_thousands_point_read_as_a_slash_is_the_groups_mark():
    assert norm.parse_amount("117/000,00") == "117000.00"
    assert norm.parse_amount("11/08/2025") != "11082025.00"


def _aligned(*cells: str) -> str:
    """A row of a text export's table, its columns at fixed places."""
    return "".join(
        cell.ljust(width) for cell, width in zip(cells, (12, 40, 8, 10, 10), strict=False)
    ).rstrip()


def test_a_delivery_notes_reference_over_its_rows_is_no_part_of_the_first_description():
    rows = [
        _aligned("Codice", "Descrizione", "Q.tà", "Prezzo", "Importo"),
        "Rif. DDT n. 2231 del 10/10/2025",
        _aligned("CEM32R", "Cemento Portland 32,5R sacco 25 kg", "120", "5,90", "708,00"),
        _aligned("MALT-BA", "Malta bastarda sacco 25 kg", "80", "4,75", "380,00"),
        "Lieferschein Nr. 4711 vom 15.10.2025",
        _aligned("GUANTI-NT", "Guanti nitrile antitaglio tg. 10", "24", "3,20", "76,80"),
    ]
    text = (
        "FERRAMENTA AGOGNA FORNITURE S.R.L.\nFattura n. 1184/25 del 17/10/2025\n"
        + "\n".join(rows)
        + "\nTotale imponibile  1.164,80\nIVA 22%  256,26\nTotale fattura  1.421,06\n"
    )
    items = extract_text(text, "line items", name="fattura.txt").data["line_items"]
    assert [item["description"] for item in items] == [
        "Cemento Portland 32,5R sacco 25 kg",
        "Malta bastarda sacco 25 kg",
        "Guanti nitrile antitaglio tg. 10",
    ]


def test_a_sign_over_the_firms_last_words_and_its_legal_form_is_one_name():
    words = _line_of(50, (40, "FERRAMENTA AGOGNA"), (325, "Spett.le"))
    words += _line_of(68, (45, "FORNITURE S.R.L."), (325, "IMPRESA EDILE F.LLI ROGNONI S.N.C."))
    words += _line_of(
        84, (44, "Via Giulio Pastore 12 - 28100 Novara (NO)"), (325, "Viale Ludovico il Moro 15")
    )
    words += _line_of(100, (45, "Tel. +39 0321 555 0142"), (325, "27100 Pavia (PV)"))
    words += _line_of(140, (40, "FATTURA"), (120, "1184/25"), (200, "17/10/2025"))
    words += _line_of(180, (40, "Totale fattura"), (300, "6.152,45"))
    # the sign in a larger font, the end of its name under it
    words = [w if w.y0 != 50 else type(w)(w.text, w.x0, 45, w.x1, 60, confidence=0.9) for w in words]
    assert _fields_read(words, "vendor, total")["vendor_name"] == "FERRAMENTA AGOGNA FORNITURE S.R.L."


PRO_FORMA = """PRO FORMA INVOICE
This is not a tax invoice
Speed River Kayak Works Ltd.
Pro forma no.  PF-2025-044
88 Woodlawn Rd W, Unit 6
Guelph, ON N1H 1G8  Date  2025-04-07
Qty  Description  Unit Price  Amount
6  RK-140 Recreational kayak 14 ft  $1,149.00  $6,894.00
Subtotal  $6,894.00
HST 13% (ON)  $896.22
TOTAL (CAD)  $7,790.22
"""


def test_a_pro_forma_invoices_number_and_its_seller_under_a_disclaimer():
    result = extract_text(PRO_FORMA, "", name="proforma.txt", strategy="auto")
    assert result.document_type == "invoice"
    assert result.data["invoice_number"] == "PF-2025-044"
    assert result.data["vendor_name"] == "Speed River Kayak Works Ltd."


def _gst_invoice() -> list[tuple]:
    """A Tally-style Indian tax invoice: the items' sum under them with no label, four tax lines,
    then the tax summary by HSN code, its "Taxable" / "Value" heading over its first row."""
    rows = [
        (286, (43, "Sl"), (64, "Description of Goods"), (263, "HSN/SAC"), (354, "Quantity"),
         (427, "Rate"), (525, "Amount")),
        (311, (44, "1"), (64, "Rotavator blade set"), (271, "8432"), (364, "12 Set"), (411, "3,450.00"),
         (517, "41,400.00")),
        (329, (44, "2"), (64, "Gear oil 80W90 (5 L can)"), (271, "2710"), (362, "10 Nos"),
         (411, "1,240.00"), (517, "12,400.00")),
        (346, (510, "53,800.00")),
        (364, (64, "CGST @ 6%"), (518, "2,484.00")),
        (381, (64, "SGST @ 6%"), (518, "2,484.00")),
        (399, (64, "CGST @ 9%"), (518, "1,116.00")),
        (416, (64, "SGST @ 9%"), (518, "1,116.00")),
        (434, (95, "Total"), (487, "Rs. 61,000.00")),
        (470, (39, "HSN/SAC"), (170, "Taxable"), (207, "Central Tax"), (275, "Central Tax"),
         (333, "State Tax"), (401, "State Tax"), (537, "Total")),
        (478, (178, "Value"), (233, "Rate"), (289, "Amount"), (352, "Rate"), (408, "Amount"),
         (511, "Tax Amount")),
        (494, (39, "2710"), (161, "12,400.00"), (239, "9%"), (285, "1,116.00"), (358, "9%"),
         (404, "1,116.00"), (523, "2,232.00")),
        (509, (39, "8432"), (161, "41,400.00"), (239, "6%"), (285, "2,484.00"), (358, "6%"),
         (404, "2,484.00"), (523, "4,968.00")),
        (525, (39, "Total"), (154, "53,800.00"), (282, "3,600.00"), (401, "3,600.00"), (514, "7,200.00")),
    ]  # fmt: skip
    head = [(40, 60, "Tax Invoice", 12), (40, 80, "Sandhu Agro Implements Pvt. Ltd.", 9),
            (330, 80, "Invoice No.", 7), (330, 92, "SAI/24-25/0613", 9), (430, 80, "Dated", 7),
            (430, 92, "7-Feb-25", 9)]  # fmt: skip
    return head + [(x, y, text, 7) for y, *cells in rows for x, text in cells]


def test_a_subtotal_read_from_a_tax_summarys_first_row_gives_way_to_the_items_sum():
    data = read_pdf(_gst_invoice(), "line items, subtotal, tax, total")
    assert (data["subtotal"], data["tax"], data["total"]) == ("53800.00", "7200.00", "61000.00")


def test_a_fatturapa_copys_individual_seller_is_the_name_after_cognome_nome():
    text = (
        "Copia di cortesia - documento privo di valenza fiscale ai sensi dell'art. 21 DPR 633/72.\n"
        "Cedente/prestatore (fornitore)  Cessionario/committente (cliente)\n"
        "Partita IVA: IT04418820281  Partita IVA: IT02871560368\n"
        "Cognome nome: MARANGON FEDERICA  Denominazione: OFFICINE MECCANICHE GANDOLFI S.R.L.\n"
        "Indirizzo: Via Gattamelata 58/B  Indirizzo: Via dell'Industria 41\n"
        "Tipologia documento  Numero documento  Data documento\n"
        "TD01 fattura  27/2025  2025-04-30\nVersione FPR12\n"
        "Descrizione  Quantità  Prezzo unitario  Prezzo totale\n"
        "Consulenza sicurezza sul lavoro  12,00  75,00  900,00\n"
        "Totale documento  1.098,00\n"
    )
    data = extract_text(text, "vendor, customer", name="fattura.txt").data
    assert (data["vendor_name"], data["customer_name"]) == (
        "MARANGON FEDERICA",
        "OFFICINE MECCANICHE GANDOLFI S.R.L.",
    )


def test_a_danfes_receipt_stub_gives_no_letterhead():
    text = (
        "RECEBEMOS DE MALHARIA VALE DO ITAPOCU LTDA OS PRODUTOS E/OU SERVIÇOS CONSTANTES DA NOTA FISCAL\n"
        "DATA DE RECEBIMENTO  IDENTIFICAÇÃO E ASSINATURA DO RECEBEDOR  Nº 000.012.384\n"
        "DANFE\nMALHARIA VALE DO ITAPOCU LTDA\nDOCUMENTO AUXILIAR\n"
        "RUA DOS TECELÕES, 1480 - DISTRITO INDUSTRIAL\nJOINVILLE - SC - CEP 89219-510\n"
        "DESTINATÁRIO / REMETENTE\nNOME / RAZÃO SOCIAL  CNPJ / CPF  DATA DA EMISSÃO\n"
        "CONFECÇÕES MARÉ ALTA LTDA  33.871.402/0001-60  14/03/2025\n"
        "VALOR TOTAL DA NOTA  9.358,50\n"
        "INFORMAÇÕES COMPLEMENTARES: PEDIDO DO CLIENTE: 4471. VENDEDOR: ANDRÉIA K.\n"
    )
    data = extract_text(text, "vendor, customer", name="danfe.txt").data
    assert data["vendor_name"] == "MALHARIA VALE DO ITAPOCU LTDA"


def test_an_addressees_company_beside_the_title_over_its_contact_person():
    items = [
        (40, 60, "Menuiserie Vergnaud & Fils", 14),
        (40, 78, "14 rue des Tanneurs, 87000 Limoges", 9),
        (40, 130, "FACTURE", 16),
        (330, 130, "SCI Les Tilleuls", 10),
        (330, 144, "M. Olivier Bernardeau", 10),
        (40, 160, "N° de facture :", 9),
        (130, 160, "F2025-0142", 9),
        (330, 160, "6 allée des Charmes", 10),
        (40, 174, "Date :", 9),
        (130, 174, "18/03/2025", 9),
        (330, 174, "24000 Périgueux", 10),
        (40, 230, "Total TTC", 9),
        (400, 230, "8 984,91 €", 9),
    ]
    assert read_pdf(items, "customer")["customer_name"] == "SCI Les Tilleuls"


def test_a_row_of_signatures_captions_at_the_foot_names_no_party():
    text = (
        "INKOOPORDER  IO-24-0561\nKuipers & Zn. Houthandel B.V.  Ordernummer  IO-24-0561\n"
        "Havenweg 31  Orderdatum  23-01-2024\n4101 BR Culemborg\n"
        "LEVERANCIER  AFLEVERADRES\nMulder Bevestigingstechniek B.V.  Kuipers & Zn. Houthandel B.V.\n"
        "Hoogeind 2  Magazijn B\n4812 XA Breda  Havenweg 31\n"
        "Artikelnr.  Omschrijving  Aantal  Prijs  Totaal\n"
        "513202  Spaanplaatschroef 5x70 verzinkt  12  10,89  130,68\n"
        "Subtotaal  € 130,68\nBTW 21%  € 27,44\nTotaal  € 158,12\n"
        "Op deze order zijn onze inkoopvoorwaarden van toepassing.\n"
        "Voor akkoord (leverancier)  Namens Kuipers & Zn. Houthandel B.V.\n"
    )
    assert (
        extract_text(text, "supplier", name="order.txt").data["supplier"]
        == "Mulder Bevestigingstechniek B.V."
    )
    text = (
        "Nogueira Comércio de Ferragens Ltda.  PEDIDO DE COMPRA\nAv. das Amoreiras, 3900  Nº PEDIDO  003482\n"
        "FORNECEDOR\nBastos & Moraes Plásticos Ltda.\nRua Sinimbu, 1720\n"
        "Item  Descrição  Qtd.  Vlr. Unit.  Vlr. Total\n01  Fita adesiva 48 mm  206  5,57  1.147,42\n"
        "VALOR TOTAL DO PEDIDO  R$ 1.147,42\nObservações\nFavor mencionar o número deste pedido na NF-e.\n"
        "Comprador  Aprovação / Diretoria\n"
    )
    assert (
        extract_text(text, "buyer", name="pedido.txt").data["buyer"] == "Nogueira Comércio de Ferragens Ltda."
    )


def test_a_suppliers_code_before_its_name_is_no_part_of_it():
    text = (
        "CATTANEO MECCANICA S.R.L.\nVia Orzinuovi 77 - 25125 BRESCIA (BS)\n"
        "ORDINE A FORNITORE N. 2024/0456  DEL 17/06/2024\nFornitore: F0082 RUGGERI IMPIANTI S.P.A.\n"
        "Via Borgo Palazzo 140 - 24125 BERGAMO (BG)\nTOTALE ORDINE EURO  5.556,06\n"
    )
    data = extract_text(text, "po number, supplier", name="ordine.txt").data
    assert (data["po_number"], data["supplier"]) == ("2024/0456", "RUGGERI IMPIANTI S.P.A.")


def test_reverse_charged_vat_printed_as_nought_is_a_tax_of_nought():
    text = (
        "Factuur\nStudio Waalkant B.V.\nFactuurnummer  2025-0087\nOmschrijving  Aantal  Prijs  Totaal\n"
        "Ontwerp etiketlijn  1  € 2.400,00  € 2.400,00\nSubtotaal  € 2.400,00\nBtw verlegd (0%)  € 0,00\n"
        "Totaal  € 2.400,00\n"
    )
    assert extract_text(text, "subtotal, tax, total", name="factuur.txt").data["tax"] == "0.00"


def test_a_scans_subtotal_whose_cents_mark_was_lost_is_read_back_from_its_digits():
    words = _line_of(60, (40, "FACTURE"), (400, "N° 0427"))
    words += _line_of(120, (40, "Qté"), (100, "Désignation"), (380, "P.U."), (460, "Montant"))
    words += _line_of(140, (40, "1"), (100, "Chauffe-eau 200 L"), (380, "489,00"), (460, "489,00"))
    words += _line_of(160, (40, "3"), (100, "Main d'œuvre (h)"), (380, "69,17"), (460, "207,50"))
    words += _line_of(200, (300, "Total H.T."), (460, "696 5 0"))
    words += _line_of(215, (300, "TVA 10%"), (460, "69,65"))
    words += _line_of(230, (300, "Total T.T.C."), (460, "766,15"))
    assert _fields_read(words, "subtotal, tax, total")["subtotal"] == "696.50"


def _photo_lit_from_the_side() -> Image.Image:
    """A page photographed in perspective on a grey table, a lamp left of it lighting the table
    there brighter than the page's far corner, which lies in a shade."""
    high, wide = 2000, 1600
    page = Image.new("L", (wide, high), 0)
    ImageDraw.Draw(page).polygon([(300, 250), (1300, 270), (1400, 1900), (200, 1930)], fill=255)
    ys, xs = numpy.mgrid[0:high, 0:wide]
    table = 120 + 125 * numpy.exp(-((xs / 650.0) ** 2 + ((ys - 900) / 700.0) ** 2))
    paper = 245 * (1 - 0.3 * numpy.clip((xs / wide) * (1 - ys / high) * 2.2, 0, 1))
    pixels = numpy.where(numpy.asarray(page) > 0, paper, table)
    return Image.fromarray(numpy.clip(pixels, 0, 255).astype(numpy.uint8))


def test_a_page_photographed_under_a_lamp_is_found_by_its_edges():
    flat = paper.page_on_table(_photo_lit_from_the_side())
    assert flat is not None and flat.size[0] < 1500 and 1600 < flat.size[1] < 1800


def test_a_web_banks_holder_with_the_balance_beside_over_the_iban():
    words = _line_of(30, (20, "Polderbank"), (200, "Overzicht"), (300, "Betalen"), (500, "S. Verhoeven v"))
    words += _line_of(80, (40, "Betaalrekening"), (400, "Huidig saldo (7 juni 2024)"))
    words += _line_of(96, (40, "S. Verhoeven"), (400, "€ 3.419,01"))
    words += _line_of(112, (40, "NL63 PLDB 0417 2938 51"))
    words += _line_of(140, (40, "Periode: 1 mei 2024 t/m 31 mei 2024"))
    words += _line_of(170, (40, "Beginsaldo 1 mei 2024"), (300, "Eindsaldo 31 mei 2024"))
    words += _line_of(186, (40, "€ 1.644,09"), (300, "€ 3.476,36"))
    words += _line_of(220, (40, "Dinsdag 28 mei"))
    words += _line_of(236, (40, "Spaarrekening"), (400, "- € 400,00"))
    assert _fields_read(words, "account holder")["account_holder"] == "S. Verhoeven"


def test_a_speck_read_beside_a_letter_is_no_label():
    # a QR-bill's margin: "_a" read beside the code, over "Priae" under it (no "A": the addressee's word)
    index = label_index(("customer_name", "supplier"))
    assert index.hits("_a") == [] and index.hits("a~") == []
    assert [hit.field for hit in index.hits("A")]  # the letter alone stays a weak label


def test_a_captions_first_line_cut_at_its_hyphen_is_no_skill():
    items = [
        (71, 88, "Kenntnisse und Fähigkeiten", 12),
        (71, 115, "Fachliche/EDV-", 9),
        (204, 115, "•", 9),
        (215, 115, "SAP MM/SD", 9),
        (71, 128, "Kenntnisse", 9),
        (204, 128, "•", 9),
        (215, 128, "MS Office (Excel, Word, Outlook)", 9),
        (204, 145, "•", 9),
        (215, 145, "Verhandlungsführung", 9),
        (71, 205, "Sprachen", 9),
        (204, 205, "Deutsch: Muttersprache", 9),
    ]
    assert read_pdf(items, "skills")["skills"] == [
        "SAP MM/SD",
        "MS Office (Excel, Word, Outlook)",
        "Verhandlungsführung",
    ]


def test_an_italian_bills_total_to_pay_by_a_date_gives_the_due_date():
    text = (
        "Valdagno Energia S.p.A.  Bolletta luce\nFattura n. 402417118392 del 08/03/2024\n"
        "Periodo: 01/01/2024 - 29/02/2024 (bimestrale)\nTOTALE DA PAGARE\n€ 107,17\nentro il 28/03/2024\n"
        "Modalità di pagamento: addebito diretto SEPA\nTotale imponibile  97,43\nIVA 10%  9,74\n"
        "TOTALE BOLLETTA  107,17\n"
    )
    assert extract_text(text, "", name="bolletta.txt", strategy="auto").data["due_date"] == "2024-03-28"


def test_a_skills_tables_levels_and_its_header_are_no_skills():
    words = _line_of(40, (60, "Julien Marchand"))
    words += _line_of(60, (60, "Comptable confirmé"))
    words += _line_of(438, (68, "COMPÉTENCES"))
    words += _line_of(468, (169, "Compétence"), (390, "Niveau"))
    words += _line_of(489, (170, "Sage 100"), (391, "Expert"))
    words += _line_of(512, (170, "Cegid"), (390, "Avancé"))
    words += _line_of(535, (170, "Fiscalité des entreprises"), (391, "Avancé"))
    words += _line_of(557, (171, "Paie"), (392, "Intermédiaire"))
    words += _line_of(590, (70, "LANGUES"))
    words += _line_of(610, (172, "Français : natif"))
    skills = _fields_read(words, "skills")["skills"]
    assert skills == ["Sage 100", "Cegid", "Fiscalité des entreprises", "Paie"]


def test_a_cards_mask_read_as_currency_signs_names_no_currency():
    text = (
        "FARMACIA SAN ROCCO\nCorso Garibaldi 112\nDOCUMENTO COMMERCIALE\nDESCRIZIONE  IVA  Prezzo(€)\n"
        "CEROTTI TNT ASSORTITI  22%  3,95\nTOTALE COMPLESSIVO  3,95\nPagamento elettronico  3,95\n"
        "MASTERCARD ****4*#¥#¥#*7731\nImporto pagato  3,95\n"
    )
    assert extract_text(text, "currency", name="scontrino.txt").data["currency"] == "EUR"


def _till_line(y: float, x: float, text: str, size: float) -> list[Word]:
    """A till roll's line as OCR reads it, its words ``size`` high, centred on ``x``."""
    width = sum(0.8 * size * len(word) + size for word in text.split()) - size
    words, left = [], x - width / 2
    for word in text.split():
        words.append(Word(word, left, y, left + 0.8 * size * len(word), y + size, size=size, confidence=0.9))
        left += 0.8 * size * len(word) + size
    return words


def test_the_person_under_a_shops_sign_with_her_title_is_no_part_of_its_name():
    lines = [
        (27, 110, "FARMACIA SAN ROCCO", 7.3),
        (40, 110, "dott.ssa Baldini Elena", 6.1),
        (53, 110, "Corso Garibaldi 112", 5.7),
        (65, 110, "62029 Tolentino (MC)", 5.7),
        (77, 110, "P.IVA 01928440431", 5.7),
        (95, 110, "DOCUMENTO COMMERCIALE", 5.7),
        (120, 110, "TOTALE COMPLESSIVO 27,05", 5.7),
        (132, 110, "Pagamento elettronico 27,05", 5.7),
    ]
    words = [word for y, x, text, size in lines for word in _till_line(y, x, text, size)]
    assert _fields_read(words, "merchant, total")["merchant_name"] == "FARMACIA SAN ROCCO"


def test_a_bills_charges_over_the_line_of_their_sum_are_its_items():
    items = [
        (40, 60, "Valdagno Energia S.p.A.", 12),
        (40, 80, "Fattura n. 402417118392 del 08/03/2024", 9),
        (40, 200, "SINTESI DEGLI IMPORTI FATTURATI", 9),
        (40, 214, "Spesa per la materia energia", 9),
        (480, 214, "58,73", 9),
        (40, 228, "Spesa per oneri di sistema", 9),
        (480, 228, "9,48", 9),
        (40, 242, "Imposte (accise)", 9),
        (480, 242, "8,16", 9),
        (40, 256, "Totale imponibile", 9),
        (480, 256, "76,37", 9),
        (40, 270, "IVA 10%", 9),
        (480, 270, "7,64", 9),
        (40, 284, "TOTALE BOLLETTA", 9),
        (480, 284, "84,01", 9),
    ]
    found = read_pdf(items, "line items")["line_items"]
    assert [(item["description"], item["amount"]) for item in found] == [
        ("Spesa per la materia energia", "58.73"),
        ("Spesa per oneri di sistema", "9.48"),
        ("Imposte (accise)", "8.16"),
    ]


def test_a_tablecloths_squares_read_as_one_letter_are_no_name():
    words = _line_of(20, (40, "HHeEHEHEeESsSs&s"), (400, "EHH"))
    words += _line_of(36, (40, "EEE"))
    words += _line_of(52, (40, "Maital Valley TF&& Care Lid"))  # the name in a dark band, read poorly
    words += _line_of(66, (40, "17 Ve"), (200, "Street Nelson 7010 - +64 3 555 0148"))
    words += _line_of(100, (40, "TAX INVOICE"), (400, "Invoice #"))
    words += _line_of(300, (300, "Total NZD"), (420, "$2,283.90"))
    assert _fields_read(words, "vendor, total").get("vendor_name") != "EEE"


def test_a_scans_total_that_lost_its_first_digit_is_the_net_and_the_total_tax():
    words = _line_of(40, (40, "Smit & Meijer Installatietechniek B.V."))
    words += _line_of(80, (300, "Factuurnummer:"), (420, "2024-0197"))
    words += _line_of(120, (40, "Omschrijving"), (300, "Aantal"), (360, "Prijs"), (460, "Totaal"))
    words += _line_of(136, (40, "Onderhoud ovens"), (300, "1"), (360, "904,00"), (460, "904,00"))
    words += _line_of(150, (40, "Isolatie leidingwerk"), (300, "1"), (360, "320,00"), (460, "320,00"))
    words += _line_of(
        180, (40, "BTW % Grondslag"), (200, "BTW"), (300, "Totaal excl. BTW"), (460, "€ 1.224,00")
    )
    words += _line_of(194, (300, "BTW 21%"), (460, "189,84"))
    words += _line_of(208, (40, "21%"), (120, "904,00"), (200, "189,84"))
    words += _line_of(222, (300, "BTW 9%"), (460, "€ 28,80"))
    words += _line_of(
        236, (40, "9%"), (120, "320,00"), (200, "28,80"), (300, "Totaal BTW"), (460, "€ 218,64")
    )
    words += _line_of(250, (300, "Totaal"), (360, "incl. BTW"), (460, "'442,64"))
    found = _fields_read(words, "subtotal, tax, total")
    assert (found["subtotal"], found["tax"], found["total"]) == ("1224.00", "218.64", "1442.64")


def test_years_of_experience_before_their_label_not_a_digit_inside_a_word_after_it():
    text = (
        "Lena Ostwald\nPROJEKTMANAGERIN MARKETING\nKURZPROFIL\n"
        "13 Jahre Erfahrung im B2B-Marketing, davon 6 Jahre mit Budget- und Personalverantwortung.\n"
        "KOMPETENZEN\nHubSpot\nBERUFSERFAHRUNG\nProjektmanagerin Marketing  09/2018 - heute\n"
    )
    assert extract_text(text, "", name="cv.txt", strategy="auto").data["years_experience"] == 13


def test_a_list_beside_its_heading_one_item_a_line_goes_on_past_a_rows_wrap():
    items = [
        (60, 100, "Nome", 9),
        (224, 100, "Francesca Morandi", 9),
        (74, 182, "Capacità e competenze tecniche", 9),
    ]
    skills = ["AutoCAD", "Revit (BIM)", "ArchiCAD", "Termo e certificazione energetica", "PriMus (computi)",
              "Direzione lavori"]  # fmt: skip
    items += [(224, 182 + 12 * row, skill, 9) for row, skill in enumerate(skills)]
    items += [(120, 272, "Ulteriori informazioni", 9), (213, 272, "Patente B, automunita", 9)]
    assert read_pdf(items, "skills")["skills"] == skills


def test_a_rows_description_that_starts_on_the_line_over_its_figures():
    words = _line_of(40, (40, "Ing. Paolo Ricci"))
    words += _line_of(80, (40, "Oggetto: Competenze professionali"))
    words += _line_of(100, (40, "Progettazione impianto termico e relazione tecnica"))
    words += _line_of(112, (40, "ex L. 10/91"), (300, "1 x 1.800,00"), (420, "1.800,00 €"))
    words += _line_of(126, (40, "Sopralluoghi in cantiere"), (300, "4 x 120,00"), (420, "480,00 €"))
    words += _line_of(140, (40, "Totale onorari"), (420, "2.280,00 €"))
    items = _fields_read(words, "line items")["line_items"]
    assert items[0]["description"] == "Progettazione impianto termico e relazione tecnica ex L. 10/91"


def test_an_amount_set_right_under_its_heading_with_its_cents_spaced_out():
    words = _line_of(40, (40, "Ingrosso Alimentari Teramo S.r.l."))
    words += _line_of(80, (40, "FATTURA N. 118"))
    words += _line_of(636, (52, "T"), (102, "IVA ALIQ."), (140, "IMPONIBILE"), (186, "IMPOSTA"), (363, "1"))
    words += _line_of(650, (102, "10%"), (140, "74,00"), (186, "7,40"))
    words += _line_of(700, (57, "MERCE"), (165, "IMPONIBILE"), (270, "IMPOSTA"), (375, "TOTALE FATTURA"))
    words += _line_of(722, (126, "521,96"), (231, "521,96"), (333, "51, 42"), (457, "573,38"))
    found = _fields_read(words, "subtotal, tax, total")
    assert (found["subtotal"], found["tax"], found["total"]) == ("521.96", "51.42", "573.38")


def test_a_dark_sidebars_level_bars_read_as_letters_are_no_skills():
    words = _line_of(58, (216, "Tobias Kessler"))
    words += _line_of(88, (217, "Full-Stack Entwickler"))
    words += _line_of(290, (30, "IT-KENNTNISSE"), (220, "Softwareentwickler"))
    bars = ["ESS Er E ES ES", "E ES ES EM", "Ea ES ES EM", "U EE 0 ee ee"]
    for row, (skill, bar) in enumerate(zip(["Kotlin", "Java", "TypeScript", "React"], bars, strict=True)):
        words += _line_of(316 + 24 * row, (30, skill))
        words += _line_of(328 + 24 * row, (30, bar))
    words += _line_of(430, (33, "SPRACHEN"))
    words += _line_of(450, (33, "Deutsch"))
    assert _fields_read(words, "skills")["skills"] == ["Kotlin", "Java", "TypeScript", "React"]


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("GARDENIA BAKERIES (KL) SDN BILD", "GARDENIA BAKERIES (KL) SDN BHD"),
        ("MR. D.I.Y, (M) SDN BHD", "MR. D.I.Y. (M) SDN BHD"),
    ],
)
def test_a_malaysian_companys_legal_form_and_initials_as_ocr_misread_them(read, meant):
    words = _line_of(20, (40, read))
    words += _line_of(36, (40, "NO. 7, JALAN USAHAWAN 1"))
    words += _line_of(52, (40, "TAX INVOICE"))
    words += _line_of(120, (40, "TOTAL"), (200, "RM 12.50"))
    words += _line_of(136, (40, "CASH"), (200, "RM 20.00"))
    assert _fields_read(words, "merchant, total")["merchant_name"] == meant


def test_a_sections_heading_in_capitals_under_the_last_row_is_no_wrap_of_it():
    words = _line_of(40, (40, "Autofficina Vitale di Vitale Riccardo"))
    words += _line_of(100, (40, "Descrizione"), (300, "Quantità"), (360, "Prezzo"), (460, "Prezzo totale"))
    words += _line_of(116, (40, "Filtro olio"), (300, "1,00"), (360, "18,40"), (460, "18,40"))
    words += _line_of(130, (40, "Manodopera meccanica"), (300, "3,00"), (360, "42,00"), (460, "126,00"))
    words += _line_of(142, (40, "RIEPILOGHI IVA E TOTALI"))
    words += _line_of(170, (300, "Totale documento"), (460, "175,16"))
    items = _fields_read(words, "line items")["line_items"]
    assert items[-1]["description"] == "Manodopera meccanica"


def test_a_specks_letters_under_a_row_in_capitals_are_no_wrap_of_it():
    words = _line_of(40, (40, "CATTANEO MECCANICA S.R.L."))
    words += _line_of(100, (40, "DESCRIZIONE"), (300, "Q.TA'"), (360, "PREZZO"), (460, "IMPORTO"))
    words += _line_of(
        116, (40, "MOTORIDUTTORE COASSIALE 0,75 KW"), (300, "3"), (360, "454,00"), (460, "1.362,00")
    )
    words += _line_of(130, (40, "GIUNTO ELASTICO GE 24"), (300, "5"), (360, "32,69"), (460, "163,45"))
    words += _line_of(141, (44, "es"))
    words += _line_of(170, (300, "TOTALE IMPONIBILE"), (460, "1.525,45"))
    items = _fields_read(words, "line items")["line_items"]
    assert items[-1]["description"] == "GIUNTO ELASTICO GE 24"


def test_an_amount_misread_from_another_column_is_the_product_its_row_prints():
    words = _line_of(40, (40, "FERRAMENTA AGOGNA FORNITURE S.R.L."))
    words += _line_of(
        100, (40, "Descrizione"), (260, "Q.tà"), (320, "Prezzo"), (400, "Importo"), (470, "IVA")
    )
    words += _line_of(
        116, (40, "Viti truciolari 6x60"), (260, "10"), (320, "6,50"), (400, "65,00"), (470, "22")
    )
    words += _line_of(
        130, (40, "Tasselli nylon 10"), (260, "6"), (320, "7,90"), (390, '"47,40.'), (465, "122")
    )
    words += _line_of(160, (320, "Totale imponibile"), (400, "112,40"))
    items = _fields_read(words, "line items")["line_items"]
    assert items[-1]["amount"] == "47.40"
