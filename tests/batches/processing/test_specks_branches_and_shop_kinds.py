"""Layouts from the set written and opened this session (Heidelberg to Huambo): a speck between a
total's label and its amount, a branch under a bank's name, a shop's kind under its sign, a
buyer who is a person beside the supplier's block, item tables with codes before their
quantities, labels after "Add:" and before their currency in brackets."""

from __future__ import annotations

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.contacts import tender_line
from batches.processing.builtin.fallbacks.names import looks_like_person
from batches.processing.builtin.fallbacks.persons import person
from batches.processing.builtin.fallbacks.skills import bullets, items_of_categories
from batches.processing.builtin.labels import label_index
from tests.batches.processing import extracting  # noqa: F401 - registers the DejaVu font the PDFs use
from tests.batches.processing.test_extract_layouts import extract, pdf
from tests.batches.processing.test_statement_blocks_and_slip_totals import _scan_of
from tests.batches.processing.test_wrapped_labels_ibans_and_careers import MOVEMENTS


def _order(buyer_rows: list[tuple], total_rows: list[tuple]) -> bytes:
    head = [
        (50, 40, "Dyce Subsea Support Ltd", 13, "Helvetica-Bold"),
        (50, 56, "Unit 9, Kirkhill Industrial Estate, Dyce, Aberdeen AB21 0GQ", 8),
        (400, 40, "PURCHASE ORDER", 13, "Helvetica-Bold"),
        (400, 58, "PO No.", 9),
        (460, 58, "DSS-PO-18227", 9),
        (400, 70, "Date", 9),
        (460, 70, "24 Nov 2025", 9),
        (50, 130, "Vendor", 9, "Helvetica-Bold"),
        (50, 142, "Granite Industrial Supplies Ltd", 9),
        (50, 154, "14 Wellington Circle, Aberdeen AB12 3JG", 9),
        (50, 200, "Description", 9, "Helvetica-Bold"),
        (300, 200, "Qty", 9, "Helvetica-Bold"),
        (360, 200, "Unit price", 9, "Helvetica-Bold"),
        (450, 200, "Net", 9, "Helvetica-Bold"),
        (50, 214, "Stainless steel ball valve 2in 316", 9),
        (300, 214, "8", 9),
        (360, 214, "250.00", 9),
        (450, 214, "2,000.00", 9),
    ]
    return pdf(head + buyer_rows + total_rows)


def test_a_person_the_buyers_label_gives_beside_the_vendors_block_buys_for_the_letterhead():
    order = _order(
        [(50, 100, "Buyer", 9), (120, 100, "Fiona McLeod", 9)],
        [(360, 240, "Order total", 9), (450, 240, "£2,000.00", 9)],
    )
    assert extract(order, "po.pdf").data["buyer"] == "Dyce Subsea Support Ltd"


def test_a_speck_between_a_totals_label_and_its_amount_and_a_sentence_under_it():
    totals = [
        (330, 240, "Total de la commande", 9),
        (440, 240, "i", 9),  # a speck OCR read as a letter
        (470, 240, "2 000,00 $", 9),
        (50, 256, "Livraison : quai du Bic, entrepôt no 2 (lundi au vendredi, 7 h à 15 h). Veuillez", 8),
    ]
    assert extract(_order([], totals), "po.pdf").data["total"] == "2000.00"


def test_an_items_first_word_that_names_a_carried_sum_elsewhere():
    invoice = [
        (50, 40, "Granite City Marine Surveys Ltd", 13, "Helvetica-Bold"),
        (400, 40, "VAT INVOICE", 13),
        (400, 60, "Invoice # GCM-2204", 9),
        (50, 150, "Description", 9),
        (330, 150, "Qty", 9),
        (380, 150, "Unit price", 9),
        (470, 150, "Amount", 9),
        (50, 164, "Hire of thickness gauge", 9),
        (330, 164, "5", 9),
        (380, 164, "£110.00", 9),
        (470, 164, "£550.00", 9),
        (50, 178, "Report preparation and class liaison", 9),  # "Report": French for a carried sum
        (330, 178, "2", 9),
        (380, 178, "£440.00", 9),
        (470, 178, "£880.00", 9),
        (380, 206, "Subtotal", 9),
        (470, 206, "£1,430.00", 9),
    ]
    items = extract(pdf(invoice), "invoice.pdf").data["line_items"]
    assert [item["description"] for item in items] == [
        "Hire of thickness gauge",
        "Report preparation and class liaison",
    ]


def test_a_taxs_label_after_add():
    hits = label_index(("tax",)).hits("Add: CGST @ 9%")
    assert hits and hits[0].field == "tax"


def test_a_name_in_capitals_keeps_its_last_word():
    lines = [
        (1, "LUIS ALBERTO CANCHÉ PECH"),
        (1, "Mérida, Yucatán - +52 999 145 2387 luis.canche@example.com.mx"),
    ]
    found = person(lines, "\n".join(line for _page, line in lines))
    assert found is not None and found.value == "LUIS ALBERTO CANCHÉ PECH"  # "PECH" is no "CEng"


def test_a_caisse_populaires_folio_is_the_account():
    statement = [
        (50, 50, "Caisse populaire de la Neigette", 13, "Helvetica-Bold"),
        (400, 50, "Relevé de compte", 11),
        (50, 80, "Période du 1er mars 2025 au 31 mars 2025", 9),
        (50, 100, "Gabriel Ouellet", 10),
        (330, 100, "No de transit", 9),
        (420, 100, "81535", 9),
        (50, 112, "77, rue de l'Évêché Est", 9),
        (330, 112, "No de folio", 9),
        (420, 112, "0412778", 9),
    ]
    assert extract(pdf(statement + MOVEMENTS), "releve.pdf").data["account_number_last4"] == "2778"


def test_a_units_code_beside_the_quantitys_column():
    heads = ["Clave prod./serv.", "Cant.", "Clave unidad", "Descripción", "Valor unitario", "Importe"]
    row = ["53101800", "9", "H87 Pieza", "Huipil bordado a mano", "$1,530.00", "$13,770.00"]
    xs = [50, 110, 150, 230, 420, 490]
    invoice = [
        (50, 40, "Artesanías del Mayab S.A. de C.V.", 13),
        (400, 40, "FACTURA", 13),
        (400, 60, "Folio: A-1200", 9),
        *[(x, 150, text, 7) for x, text in zip(xs, heads, strict=True)],
        *[(x, 164, text, 7) for x, text in zip(xs, row, strict=True)],
        (420, 200, "Subtotal", 9),
        (490, 200, "$13,770.00", 9),
    ]
    item = extract(pdf(invoice), "factura.pdf").data["line_items"][0]
    assert (item["quantity"], item["unit_price"]) == (9, "1530.00")  # "Clave unidad" heads no count


def test_a_branch_under_the_banks_name_is_no_holder():
    statement = [
        (50, 40, "Via Borgo 14, 6612 Ascona", 8),
        (50, 52, "Banca Regionale del Verbano SA", 13, "Helvetica-Bold"),
        (50, 68, "Succursale di Ascona", 9),
        (50, 84, "Estratto conto", 12),
        (50, 100, "Periodo 01.07.2025 - 30.09.2025", 9),
        (50, 120, "Giulia Bernasconi", 10),
        (300, 120, "Conto privato", 9),
        (400, 120, "CH46 0876 4001 2345 8123 7", 9),
        (50, 132, "Via Collinetta 9", 9),
        (50, 144, "6612 Ascona", 9),
    ]
    assert extract(pdf(statement + MOVEMENTS), "estratto.pdf").data["account_holder"] == "Giulia Bernasconi"


def test_a_numero_sign_read_as_a_registered_sign():
    hits = label_index(("invoice_number",)).hits("N® factura: F25-1015")
    assert [(hit.field, hit.rest) for hit in hits] == [("invoice_number", "F25-1015")]


def test_the_tender_that_pays_the_tills_total_before_the_card_slips():
    lines = [
        (1, "TOTAL  $39.00"),
        (1, "EFTPOS  $39.00"),
        (1, "CHANGE  $0.00"),
        (1, "CARD  6579"),
        (1, "DEBIT ACCOUNT  CONTACTLESS"),
        (1, "TOTAL AUD  $39.00"),
    ]
    found = tender_line(lines)
    assert found is not None and found.value == "EFTPOS"


def test_totals_worded_as_an_orders_worth_or_before_their_currency_in_brackets():
    hits = label_index(("total",)).hits("Gesamtwert der Bestellung")
    assert hits and hits[0].field == "total"
    hits = label_index(("total",)).hits("TOTAL A PAGAR (Kz)")
    assert [(hit.field, hit.score, hit.rest) for hit in hits] == [("total", 1.0, "")]  # surer than "Total Il"
    assert norm.find_currency("TOTAL A PAGAR  Kz 20.390,00") == "AOA"


def test_the_shops_kind_under_its_sign_is_no_part_of_its_name():
    ticket = [
        (40, 40, "AU FOURNIL DE SAINT-HILAIRE", 14, "Helvetica-Bold"),
        (40, 58, "Boulangerie - Pâtisserie", 14),  # as large as the sign, right under it
        (40, 76, "27 rue Carnot", 8),
        (40, 86, "86000 POITIERS", 8),
        (40, 100, "18/09/25 10:44  Caisse 01  Ticket 9406", 8),
        (40, 114, "3 BAGUETTE TRADITION", 8),
        (200, 114, "3,90", 8),
        (40, 128, "TOTAL TTC", 8),
        (200, 128, "3,90 €", 8),
        (40, 140, "CARTE BANCAIRE", 8),
        (200, 140, "3,90 €", 8),
        (40, 156, "MERCI DE VOTRE VISITE", 8),
    ]
    assert extract(pdf(ticket), "ticket.pdf").data["merchant_name"] == "AU FOURNIL DE SAINT-HILAIRE"


def test_a_title_its_column_wrapped_beside_a_logos_initials_issues_nothing():
    order = [
        (50, 40, "CM", 18, "Helvetica-Bold"),
        (400, 40, "ORDINE", 16, "Helvetica-Bold"),
        (400, 58, "D'ACQUISTO", 16, "Helvetica-Bold"),
        (50, 80, "Ceresio Meccanica SA", 11),
        (50, 92, "Via Industria 7", 9),
        (330, 92, "Ordine n.", 9),
        (420, 92, "OA-25-219", 9),
        (50, 104, "6934 Bioggio", 9),
        (330, 104, "Data ordine", 9),
        (420, 104, "01.06.2025", 9),
        (50, 130, "Fornitore", 9, "Helvetica-Bold"),
        (50, 142, "Ticino Utensili Sagl", 9),
        (50, 154, "Via Cantonale 18, 6900 Lugano", 9),
        (50, 200, "Descrizione", 9, "Helvetica-Bold"),
        (300, 200, "Quantità", 9, "Helvetica-Bold"),
        (360, 200, "Prezzo CHF", 9, "Helvetica-Bold"),
        (450, 200, "Totale CHF", 9, "Helvetica-Bold"),
        (50, 214, "Fresa in metallo duro 12 mm", 9),
        (300, 214, "10", 9),
        (360, 214, "48.00", 9),
        (450, 214, "480.00", 9),
        (360, 240, "Totale ordine", 9),
        (450, 240, "480.00", 9),
    ]
    assert extract(pdf(order), "ordine.pdf").data["buyer"] == "Ceresio Meccanica SA"  # not "ORDINE"


def test_a_town_and_its_country_is_no_ones_name():
    assert not looks_like_person("Aveiro, Portugal")
    assert looks_like_person("Tiago Almeida")


def test_a_skills_bracket_its_line_wrapped_with_a_number():
    lines = [
        (1, "Key skills"),
        (1, "• Primavera P6"),
        (1, "• Contract administration (AS"),
        (1, "4000)"),
        (1, "• Cost control"),
    ]
    found = bullets(lines, "\n".join(line for _page, line in lines))
    assert found is not None
    assert found.value == ["Primavera P6", "Contract administration (AS 4000)", "Cost control"]


def test_a_line_of_skills_ending_in_its_separator_goes_on_and_a_products_name_is_no_category():
    lines = [
        (1, "Key Skills"),
        (1, "AutoCAD Civil 3D · Primavera P6 · Quantity surveying · Site supervision · Microsoft Project ·"),
        (1, "Health and safety management"),
        (1, "Languages"),
    ]
    found = bullets(lines, "\n".join(line for _page, line in lines))
    assert found is not None and found.value[-1] == "Health and safety management"
    assert items_of_categories(["ArchiCAD", "Rhino 3D, AutoCAD"]) == ["ArchiCAD", "Rhino 3D, AutoCAD"]
    lines = [(1, "Competenze"), (1, "ArchiCAD  Rhino 3D - AutoCAD - Adobe InDesign"), (1, "Lingue")]
    found = bullets(lines, "\n".join(line for _page, line in lines))
    assert found is not None and found.value == ["ArchiCAD", "Rhino 3D", "AutoCAD", "Adobe InDesign"]


def test_an_accounts_masked_number_beats_a_folio():
    statement = [
        (50, 40, "Caisse d'économie solidaire du Fleuve", 13, "Helvetica-Bold"),
        (50, 60, "RELEVÉ DE COMPTE", 12),
        (50, 80, "Gabriel Bélanger", 10),
        (50, 92, "Folio : 48211", 9),
        (50, 104, "18, rue Jean-Rioux", 9),
        (300, 104, "Compte : Épargne avec opérations ***-***-4471", 9),
        (50, 116, "Trois-Pistoles QC  G0L 4K0", 9),
        (300, 116, "Période : du 2025-05-01 au 2025-05-31", 9),
    ]
    assert extract(pdf(statement + MOVEMENTS), "releve.pdf").data["account_number_last4"] == "4471"


def test_a_slip_whose_total_ocr_lost_is_what_a_payment_not_in_cash_pays():
    slip = [
        (40, 40, "Mercadinho Batista Campos", 12, "Helvetica-Bold"),
        (40, 56, "Tv. Padre Eutíquio, 1204 - Belém - PA", 7),
        (40, 72, "DESCRICAO", 7),
        (120, 72, "QTD UN", 7),
        (160, 72, "VL UN", 7),
        (200, 72, "VL TOTAL", 7),
        (40, 84, "001 ACAI MEDIO 1KG", 7),
        (120, 96, "1 UN x 32,00", 7),
        (200, 96, "32,00", 7),
        (40, 120, "FORMA DE PAGAMENTO", 7),
        (160, 120, "VALOR PAGO", 7),
        (40, 132, "PIX", 7),
        (200, 132, "32,00", 7),
        (40, 150, "NFC-e n° 000041822 Série 001  15/10/2025 18:22:41", 7),
    ]
    data = extract(pdf(slip), "nfce.pdf", prompt="merchant name, date, total, payment method").data
    assert data["total"] == "32.00"  # not "1.00" from the row under the items' "VL TOTAL"


def test_a_streets_name_is_no_ones():
    assert not looks_like_person("Rue de la Plaine")
    assert not looks_like_person("Via Cantonale")


def test_a_merchant_over_its_shopping_centres_unit():
    slip = [
        (40, 40, "Chichiri Fresh Foods", 11, "Helvetica-Bold"),
        (40, 52, "Chichiri Shopping Centre, Shop 14", 9),
        (40, 64, "Masauko Chipembere Hwy, Blantyre", 8),
        (40, 76, "FISCAL RECEIPT", 8),
        (40, 88, "Date: 28/08/2025  Time: 17:55", 8),
        (40, 100, "SUGAR 2KG", 8),
        (200, 100, "4,200.00", 8),
        (40, 112, "TOTAL MK", 8),
        (200, 112, "4,200.00", 8),
        (40, 124, "CASH TENDERED", 8),
        (200, 124, "5,000.00", 8),
    ]
    scan = _scan_of(pdf(slip), dpi=300)
    assert extract(scan, "receipt.jpg").data["merchant_name"] == "Chichiri Fresh Foods"
