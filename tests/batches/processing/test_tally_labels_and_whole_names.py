"""Layouts from the held-out set opened this session (Kassel to Concepción): a Tally-like invoice's
"Output CGST" and "Output SGST" and its row of labels over the letterhead, a seller's whole name in
the footer where a sentence cut it short, a logo's name in small letters, a date after the
document's number in its cell, a row of the totals' names under the items, and a page of white
paper read once, not twice."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from batches.processing.layout import ocr, scanned
from tests.batches.processing import extracting  # noqa: F401 - registers the DejaVu font the PDFs use
from tests.batches.processing.test_extract_layouts import extract, pdf

TALLY = [
    (40, 30, "TAX INVOICE  (ORIGINAL FOR RECIPIENT)", 11),
    (300, 50, "Invoice No.", 8),
    (420, 50, "Dated", 8),
    (40, 62, "Sahyadri Precision Tools Pvt. Ltd.", 10),
    (300, 62, "SPT/25-26/0147", 9),
    (420, 62, "18-Apr-2025", 9),
    (40, 76, "Plot No. J-184, MIDC Bhosari", 8),
    (40, 88, "Pune 411026, Maharashtra", 8),
    (40, 120, "Buyer (Bill to)", 8),
    (40, 132, "Deccan Auto Components LLP", 9),
    (40, 170, "Description of Goods", 8),
    (300, 170, "Quantity", 8),
    (380, 170, "Rate", 8),
    (460, 170, "Amount", 8),
    (40, 184, "Solid carbide end mill 4F", 8),
    (300, 184, "40", 8),
    (380, 184, "1,450.00", 8),
    (460, 184, "58,000.00", 8),
    (40, 198, "Turning insert CNMG 120408", 8),
    (300, 198, "60", 8),
    (380, 198, "3,150.00", 8),
    (460, 198, "1,89,000.00", 8),
    (300, 230, "Taxable Value", 8),
    (460, 230, "2,47,000.00", 8),
    (300, 244, "Output CGST @ 9%", 8),
    (460, 244, "22,230.00", 8),
    (300, 258, "Output SGST @ 9%", 8),
    (460, 258, "22,230.00", 8),
    (300, 272, "Total", 8),
    (460, 272, "2,91,460.00", 8),
]


def test_tallys_output_cgst_and_sgst_are_the_tax_and_its_labels_row_no_seller():
    data = extract(pdf(TALLY), "tally.pdf").data
    # "Output CGST" and "Output SGST", Tally's ledgers, are taxes: their sum is the invoice's tax
    assert (data["subtotal"], data["tax"], data["total"]) == ("247000.00", "44460.00", "291460.00")
    # "Invoice No." is a label, not a title before a name: "Dated" beside it is no seller
    assert data["vendor_name"] == "Sahyadri Precision Tools Pvt. Ltd."


def _footer_named(sentence_first: bool) -> list[tuple]:
    head = [
        (80, 44, "meet- en", 12),
        (40, 50, "HMR", 14),
        (80, 56, "regeltechniek", 12),
        (420, 56, "Factuur", 16),
        (40, 110, "Twente Aqua Zwembaden B.V.", 9),
        (40, 122, "Postbus 1287", 9),
        (40, 134, "7500 BG ENSCHEDE", 9),
        (40, 170, "Factuurnummer", 8),
        (160, 170, "Factuurdatum", 8),
        (40, 182, "25100417", 9),
        (160, 182, "14-02-2025", 9),
        (40, 220, "Omschrijving", 8),
        (300, 220, "Aantal", 8),
        (360, 220, "Prijs", 8),
        (460, 220, "Bedrag", 8),
        (40, 234, "pH-/redoxmeter met dubbele elektrode", 8),
        (300, 234, "2", 8),
        (360, 234, "485,00", 8),
        (460, 234, "970,00", 8),
        (360, 270, "Totaal excl. btw", 8),
        (460, 270, "970,00", 8),
        (360, 284, "Btw 21%", 8),
        (460, 284, "203,70", 8),
        (360, 298, "Te betalen", 8),
        (460, 298, "1.173,70", 8),
    ]
    sentence = [
        (40, 700, "te maken op rekeningnummer NL50 INGB 0006 7342 18 ten name van Hoekstra", 8),
        (40, 712, "Meet- en Regeltechniek B.V., onder vermelding van het factuurnummer.", 8),
    ]
    footer = [(40, 790, "Hoekstra Meet- en Regeltechniek B.V.  |  Schieweg 15-K, 2627 AN Delft", 7)]
    return head + (sentence + footer if sentence_first else footer + sentence)


def test_a_brands_whole_legal_name_beats_the_one_a_sentence_cut_short():
    # "ten name van Hoekstra" / "Meet- en Regeltechniek B.V., …": the line starts mid-name; the
    # footer prints it whole, wherever it stands
    for sentence_first in (True, False):
        data = extract(pdf(_footer_named(sentence_first)), "factuur.pdf").data
        assert data["vendor_name"] == "Hoekstra Meet- en Regeltechniek B.V."


def test_a_logos_name_in_small_letters_is_the_name_printed_in_full_under_its_label():
    items = [
        (40, 40, "irene cobo", 16),
        (420, 40, "FACTURA", 14),
        (40, 60, "ARQUITECTURA", 8),
        (420, 60, "Nº F-2025-031", 9),
        (40, 90, "DE", 7),
        (220, 90, "PARA", 7),
        (420, 90, "FECHA DE EMISIÓN", 7),
        (40, 102, "Irene Cobo Sainz", 9),
        (220, 102, "Conservas Marinas del Cantábrico, S.L.", 9),
        (420, 102, "3 de abril de 2025", 9),
        (40, 114, "NIF 72145839Z", 8),
        (220, 114, "CIF B39584712", 8),
        (40, 160, "Concepto", 8),
        (460, 160, "Importe", 8),
        (40, 174, "Proyecto básico de reforma de nave", 8),
        (460, 174, "2.000,00", 8),
        (360, 210, "Base imponible", 8),
        (460, 210, "2.000,00", 8),
        (360, 224, "IVA 21 %", 8),
        (460, 224, "420,00", 8),
        (360, 238, "Total", 8),
        (460, 238, "2.420,00", 8),
    ]
    assert extract(pdf(items), "factura.pdf").data["vendor_name"] == "Irene Cobo Sainz"


UDINE = [
    (40, 40, "Studio Tecnico Ing. Marco Zanier", 12),
    (420, 40, "FATTURA", 14),
    (40, 58, "Via Cividale 128 · 33100 Udine (UD)", 8),
    (300, 70, "n. 14/2025 del 12/05/2025", 9),
    (40, 110, "Oggetto", 8),
    (300, 110, "CLIENTE", 8),
    (40, 122, "Prestazioni professionali relative all'ampliamento del", 8),
    (300, 122, "Friulana Serramenti S.r.l.", 9),
    (40, 134, "capannone B \u2013 incarico", 8),
    (300, 134, "Via Nazionale 44", 8),
    (40, 146, "del 10/01/2025.", 8),
    (300, 146, "33010 Tavagnacco (UD)", 8),
    (40, 190, "Descrizione", 8),
    (460, 190, "Importo", 8),
    (40, 204, "Progettazione esecutiva impianto termico", 8),
    (460, 204, "2.400,00", 8),
    (360, 240, "Imponibile", 8),
    (460, 240, "2.400,00", 8),
    (360, 254, "IVA 22%", 8),
    (460, 254, "528,00", 8),
    (360, 268, "Totale documento", 8),
    (460, 268, "2.928,00", 8),
]


def test_the_date_after_the_documents_number_in_its_cell_is_its_date():
    # "n. 14/2025 del 12/05/2025", not the assignment's "del 10/01/2025." in the subject's prose
    data = extract(pdf(UDINE), "fattura.pdf").data
    assert (data["invoice_number"], data["invoice_date"]) == ("14/2025", "2025-05-12")


def test_a_row_of_the_totals_names_ends_the_items_over_their_amounts():
    items = [
        (40, 40, "CERRADO ALIMENTOS LTDA.", 12),
        (400, 40, "PEDIDO DE COMPRA", 12),
        (400, 56, "Nº 000812", 9),
        (40, 90, "Código", 8),
        (120, 90, "Descrição do produto", 8),
        (330, 90, "Qtde", 8),
        (400, 90, "Vlr. unit.", 8),
        (480, 90, "Vlr. total", 8),
        (40, 104, "EMB-0101", 8),
        (120, 104, "Caixa de papelão ondulado", 8),
        (330, 104, "2.000", 8),
        (400, 104, "3,85", 8),
        (480, 104, "7.700,00", 8),
        (40, 118, "EMB-0700", 8),
        (120, 118, "Cantoneira de papelão", 8),
        (330, 118, "600", 8),
        (400, 118, "1,95", 8),
        (480, 118, "1.170,00", 8),
        (40, 140, "Total dos produtos", 8),
        (160, 140, "Frete", 8),
        (280, 140, "Desconto", 8),
        (400, 140, "Total do pedido", 8),
        (40, 154, "R$ 8.870,00", 8),
        (160, 154, "R$ 380,00", 8),
        (280, 154, "R$ 0,00", 8),
        (400, 154, "R$ 9.250,00", 8),
    ]
    data = extract(pdf(items), "pedido.pdf", prompt="line items", strategy="global").data
    assert [item["description"] for item in data["line_items"]] == [
        "Caixa de papelão ondulado",
        "Cantoneira de papelão",
    ]


FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def test_a_page_of_white_paper_is_not_read_again_with_its_paper_made_white(monkeypatch):
    page = Image.new("L", (1400, 600), 255)
    draw, font = ImageDraw.Draw(page), ImageFont.truetype(FONT, 40)
    draw.text((60, 80), "Invoice Number: INV-7", font=font, fill=0)
    draw.text((60, 200), "Total: 12.50", font=font, fill=0)
    regions = []
    real = ocr.recognise_region
    monkeypatch.setattr(
        ocr, "recognise_region", lambda image, **kwargs: regions.append(image.size) or real(image, **kwargs)
    )
    _image, words = scanned._read(page, 1)
    assert "INV-7" in " ".join(word.text for word in words)
    assert regions == []  # made white it would be the same page: one reading is enough
    # a page of grey paper is still read again, made white
    grey = page.point(lambda value: 190 if value > 128 else value)
    scanned._read(grey, 1)
    assert regions == [grey.size]


def test_the_date_after_another_documents_number_is_not_the_orders():
    items = [
        (40, 40, "OROBICA MECCANICA S.p.A.", 12),
        (40, 90, "ORDINE DI ACQUISTO", 12),
        (40, 106, "N. OA-2025/0219", 9),
        (130, 106, "del", 9),
        (160, 106, "04/06/2025", 9),
        (40, 120, "Vs. offerta", 9),
        (130, 120, "n. 1187 del 28/05/2025", 9),
        (320, 90, "Spett.le", 9),
        (320, 104, "Utensileria Lombarda S.a.s.", 9),
        (40, 160, "Descrizione", 8),
        (330, 160, "Q.tà", 8),
        (400, 160, "Prezzo", 8),
        (480, 160, "Importo", 8),
        (40, 174, "Punta elicoidale HSS-Co", 8),
        (330, 174, "100", 8),
        (400, 174, "4,80", 8),
        (480, 174, "480,00", 8),
        (400, 200, "Totale ordine", 8),
        (480, 200, "480,00", 8),
    ]
    data = extract(pdf(items), "ordine.pdf").data
    # "n. 1187 del 28/05/2025" numbers the supplier's offer, as the words before it say
    assert (data["po_number"], data["order_date"]) == ("OA-2025/0219", "2025-06-04")


PONTA_DELGADA = [
    (40, 40, "Açortécnica \u2013 Equipamentos Hoteleiros, Lda.", 12),
    (40, 56, "Rua do Melo, 41 · 9500-091 Ponta Delgada", 8),
    (40, 90, "Fatura-Recibo", 12),
    (300, 90, "Exmo.(s) Senhor(es)", 8),
    (300, 102, "Hotel Baía dos Golfinhos, S.A.", 9),
    (40, 112, "FR 2025A1/148", 10),
    (300, 114, "Rua da Ribeira Chã, 12", 8),
    (40, 150, "Data", 8),
    (40, 162, "18-06-2025", 9),
    (40, 200, "Descrição", 8),
    (460, 200, "Total", 8),
    (40, 214, "Cesto para copos 500 x 500 mm", 8),
    (460, 214, "148,00", 8),
    (360, 250, "Total Ilíquido", 8),
    (460, 250, "148,00", 8),
    (360, 264, "IVA 16%", 8),
    (460, 264, "23,68", 8),
    (360, 278, "Total", 8),
    (460, 278, "171,68", 8),
]


def test_a_number_under_the_title_with_no_label_is_the_documents():
    # Portugal's certified programs print "FR 2025A1/148" under "Fatura-Recibo", unlabelled; a
    # window's line may stand between them
    assert extract(pdf(PONTA_DELGADA), "fatura.pdf").data["invoice_number"] == "FR 2025A1/148"
    # a date or a page's count under a title is no number
    dated = [
        (x, y, "18-06-2025" if text == "FR 2025A1/148" else text, size) for x, y, text, size in PONTA_DELGADA
    ]
    assert extract(pdf(dated), "fatura.pdf").data.get("invoice_number") in (None, "")


def test_a_scans_letterhead_read_with_a_logos_specks_before_it_is_the_seller():
    from tests.batches.processing.test_scans import _fields_read, _words_of

    speck = _words_of(40, '=="', size=14, confidence=0.2)
    name = _words_of(40, "Açortécnica \u2013 Equipamentos Hoteleiros, Lda.", size=14)
    for word in name:
        word.x0, word.x1 = word.x0 + 40, word.x1 + 40
    words = speck + name + _words_of(70, "Rua do Melo, 41  9500-091 Ponta Delgada", size=9)
    words += _words_of(85, "NIF 512847398  Capital social 25 000,00", size=9)
    words += _words_of(100, "Tel. +351 296 555 018  geral@acortecnica.example.com", size=9)
    words += _words_of(130, "Fatura-Recibo", size=10)
    window = _words_of(130, "Exmo.(s) Senhor(es)", size=10) + _words_of(150, "Hotel Baía dos Golfinhos, S.A.")
    for word in window:
        word.x0, word.x1 = word.x0 + 300, word.x1 + 300
    words += window
    words += _words_of(220, "Total  171,68", size=10)
    # the specks' 20 % is the logo's, not the name's: the name is read surely, less its specks
    read = _fields_read(words, "vendor name, customer name")
    assert (read["vendor_name"], read["customer_name"]) == (
        "Açortécnica \u2013 Equipamentos Hoteleiros, Lda.",
        "Hotel Baía dos Golfinhos, S.A.",
    )


def test_the_date_after_a_number_under_another_documents_label_is_not_the_invoices():
    items = [
        (100, 40, "Cartoleria Artigiana Oltrarno", 12),
        (40, 100, "FATTURA N.", 8),
        (160, 100, "PAGAMENTO", 8),
        (40, 110, "FPR 145/25", 9),
        (160, 110, "Bonifico 30 gg d.f.f.m.", 9),
        (40, 128, "DATA", 8),
        (160, 128, "VS. ORDINE", 8),
        (40, 138, "29/09/2025", 9),
        (160, 138, "n. 311 del 15/09/2025", 9),
        (40, 180, "Descrizione", 8),
        (460, 180, "Importo", 8),
        (40, 194, "Blocco da disegno A3", 8),
        (460, 194, "120,00", 8),
        (360, 230, "Totale documento", 8),
        (460, 230, "146,40", 8),
    ]
    # "VS. ORDINE" over "n. 311 del 15/09/2025": the customer's order's date, not the invoice's
    assert extract(pdf(items), "fattura.pdf").data["invoice_date"] == "2025-09-29"


def test_a_grid_of_skills_under_a_heading_barred_on_a_scan_is_read_whole():
    from tests.batches.processing.test_scans import _fields_read, _line_of

    words = [
        *_line_of(40, (40, "LUANA FARIAS DE MEDEIROS")),
        *_line_of(60, (40, "Analista de Dados")),
        *_line_of(90, (40, "EXPERIÊNCIA PROFISSIONAL")),
        *_line_of(110, (40, "Analista de Dados Pleno"), (400, "mar/2020 \u2013 atual")),
        *_line_of(150, (40, "I COMPETÊNCIAS")),  # the heading's bar read as an "I"
        *_line_of(170, (52, "* Python"), (200, "* SQL"), (348, "* Power BI"), (506, "Tableau")),
        *_line_of(186, (52, "* Modelagem estatística"), (200, "+ Apache Airflow"), (348, "* Excel avançado")),
        *_line_of(189, (496, "+ Git")),  # the row's last item a little lower: a line of its own
        *_line_of(210, (40, "I IDIOMAS")),
        *_line_of(226, (52, "Português \u2013 nativo"), (200, "Inglês \u2013 avançado")),
    ]
    assert _fields_read(words, "skills")["skills"] == [
        "Python",
        "SQL",
        "Power BI",
        "Tableau",
        "Modelagem estatística",
        "Apache Airflow",
        "Excel avançado",
        "Git",
    ]


def test_a_rows_wrapped_line_that_holds_a_headers_word_is_its_wrap_not_the_header_again():
    items = [
        (40, 40, "Bajío Soluciones Industriales, S.A. de C.V.", 10),
        (420, 40, "FACTURA  A-1587", 10),
        (37, 100, "Cantidad", 7),
        (100, 100, "Unidad", 7),
        (160, 100, "Descripción", 7),
        (400, 100, "Valor unitario", 7),
        (480, 100, "Importe", 7),
        (37, 114, "1.00", 7),
        (100, 114, "Unidad de", 7),
        (160, 114, "Servicio de mantenimiento preventivo a", 7),
        (410, 114, "8,500.00", 7),
        (480, 114, "8,500.00", 7),
        (100, 122, "servicio", 7),  # the unit's words wrapped, "Servicio" a description's heading
        (160, 122, "compresor de tornillo 50 HP", 7),
        (37, 136, "2.00", 7),
        (100, 136, "Día", 7),
        (160, 136, "Renta de polipasto eléctrico", 7),
        (410, 136, "1,150.00", 7),
        (480, 136, "2,300.00", 7),
        (420, 170, "Total", 8),
        (480, 170, "10,800.00", 8),
    ]
    data = extract(pdf(items), "factura.pdf", prompt="line items", strategy="global").data
    assert [item["description"] for item in data["line_items"]] == [
        "Servicio de mantenimiento preventivo a compresor de tornillo 50 HP",
        "Renta de polipasto eléctrico",
    ]


def test_flemish_facturatieadres_names_the_customer():
    from batches.processing.builtin.labels import label_index

    hits = label_index(("customer_name", "vendor_name")).hits("Facturatieadres")
    assert [(hit.field, hit.rest) for hit in hits] == [("customer_name", "")]


def _fatturapa(customer: list[tuple[float, str]]) -> list[tuple]:
    right = [(x, 77 + 11 * row, text, 8) for row, (x, text) in enumerate(customer)]
    return [
        (47, 30, "FATTURA ELETTRONICA", 10),
        (47, 51, "Cedente/prestatore (fornitore)", 8),
        (305, 51, "Cessionario/committente (cliente)", 8),
        (47, 66, "Codice fiscale: 01873420689", 8),
        (47, 77, "Denominazione: Adriatica Forniture Ufficio S.r.l.", 8),
        (47, 88, "Indirizzo: Via Tiburtina Valeria 312", 8),
        *right,
        (47, 150, "Descrizione", 8),
        (460, 150, "Prezzo totale", 8),
        (47, 164, "Carta A4 80 g/m2 risma da 500 fogli", 8),
        (460, 164, "790,00", 8),
        (360, 200, "Totale documento", 8),
        (460, 200, "963,80", 8),
    ]


def test_a_name_wrapped_in_a_block_of_labels_is_read_whole():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    label = "Denominazione: "
    under_the_name = 305 + stringWidth(label, "Helvetica", 8)  # where the name starts
    block = [
        (305, f"{label}Consorzio Intercomunale Servizi Idrici Val"),
        (under_the_name, "Pescara"),
        (305, "Indirizzo: Viale Bovio 401"),
        (305, "Comune: Pescara"),
    ]
    data = extract(pdf(_fatturapa(block)), "fattura.pdf").data
    assert data["customer_name"] == "Consorzio Intercomunale Servizi Idrici Val Pescara"
    # a town under a name that ends in its legal form is the address's
    whole = [
        (305, f"{label}Consorzio Idrico Val Pescara S.c.a.r.l."),
        (under_the_name, "Pescara"),
        (305, "Indirizzo: Viale Bovio 401"),
    ]
    assert extract(pdf(_fatturapa(whole)), "fattura.pdf").data["customer_name"] == (
        "Consorzio Idrico Val Pescara S.c.a.r.l."
    )


def test_a_name_ocr_cut_short_is_ended_as_its_email_address_spells_it():
    from batches.processing.builtin.fallbacks.names import completed_from

    assert completed_from("niamh.gallagher@example.com", "Niamh Gallag") == "Niamh Gallagher"
    # whole names, other people's addresses and long endings stay as read
    assert completed_from("niamh.gallagher@example.com", "Niamh Gallagher") == "Niamh Gallagher"
    assert completed_from("info@gallagher.example.com", "Niamh Gallag") == "Niamh Gallag"
    assert completed_from("niamh.gallaghermckenna@example.com", "Niamh Gallag") == "Niamh Gallag"
    from tests.batches.processing.test_scans import _fields_read, _words_of

    words = _words_of(40, "Niamh Gallag", size=22) + _words_of(80, "Senior Quality Engineer")
    words += _words_of(100, "niamh.gallagher@example.com") + _words_of(140, "EXPERIENCE")
    words += _words_of(160, "Quality Engineer  June 2017 \u2013 Aug 2021")
    assert _fields_read(words, "full name, email")["full_name"] == "Niamh Gallagher"


def test_a_bullet_printed_as_a_cell_of_its_own_is_no_skill():
    items = [
        (57, 40, "Mareike Schönfeld", 16),
        (57, 70, "mareike.schoenfeld@example.com", 9),
        (57, 100, "BERUFSERFAHRUNG", 10),
        (57, 116, "03/2019 \u2013 heute", 9),
        (176, 116, "Leitende Disponentin Frischelogistik", 9),
        (57, 150, "KENNTNISSE", 10),
        (176, 170, "\u25a0", 9, "DejaVuSans"),
        (193, 170, "SAP TM", 9),
        (346, 170, "\u25a0", 9, "DejaVuSans"),
        (363, 170, "Transporeon", 9),
        (176, 184, "\u25a0", 9, "DejaVuSans"),
        (193, 184, "Microsoft Excel", 9),
        (346, 184, "\u25a0", 9, "DejaVuSans"),
        (363, 184, "HACCP", 9),
        (176, 198, "\u25a0 Gefahrgutrecht (ADR)", 9, "DejaVuSans"),
        (346, 198, "\u25a0 Teamführung", 9, "DejaVuSans"),
        (57, 230, "SPRACHEN", 10),
        (176, 246, "Deutsch (Muttersprache)", 9),
    ]
    skills = extract(pdf(items), "lebenslauf.pdf").data["skills"]
    assert skills == [
        "SAP TM",
        "Transporeon",
        "Microsoft Excel",
        "HACCP",
        "Gefahrgutrecht (ADR)",
        "Teamführung",
    ]
