"""Layouts that a held-out set of Austrian, Belgian, Brazilian, Uruguayan, Italian, Dutch, French
and Spanish documents printed: a small label on a large value's baseline, a letterhead in a
fixed-pitch font, parties named by their building or by their box's heading, a shop's sign over
its company, a résumé's body heading beside its sidebar's, a discount in the line's own cells."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from batches.processing.builtin.checks import check_items
from batches.processing.builtin.fallbacks.skills import bullets
from batches.processing.builtin.labels import label_index
from batches.processing.builtin.values import with_its_form_read
from tests.batches.processing.extracting import extract_text
from tests.batches.processing.test_extract_layouts import extract, pdf
from tests.batches.processing.test_scans import _fields_read, _line_of, _words_of

for _name, _file in (
    ("DejaVuSansMono", "DejaVuSansMono.ttf"),
    ("DejaVuSansMono-Bold", "DejaVuSansMono-Bold.ttf"),
):
    pdfmetrics.registerFont(TTFont(_name, f"/usr/share/fonts/truetype/dejavu/{_file}"))


def _read(items: list[tuple[float, float, str, float, str]], prompt: str, name: str = "doc.pdf") -> dict:
    return extract(pdf(items), name, prompt=prompt, strategy="global").data


def test_a_small_label_on_a_large_numbers_baseline_labels_it():
    """Brazil's "FATURA" box: a small "Nº" left of the number in large bold, both on one baseline,
    the customer's name level with the number's top (it must not take the number's line)."""
    items = [
        (57, 140, "TOMADOR DOS SERVIÇOS", 7, "Helvetica-Bold"),
        (441, 143, "FATURA", 13, "Helvetica-Bold"),
        (57, 154, "Cooperativa Agroindustrial Campos Gerais", 9, "Helvetica-Bold"),
        (403, 159, "Nº", 7, "Helvetica"),
        (493, 159, "004.215", 10, "Helvetica-Bold"),
        (57, 166, "CNPJ 55.987.654/0001-10", 8, "Helvetica"),
    ]
    data = _read(items, "invoice number, customer name")
    assert data == {"invoice_number": "004.215", "customer_name": "Cooperativa Agroindustrial Campos Gerais"}


def test_a_letterhead_in_a_fixed_pitch_font_beside_a_smaller_tax_number_is_one_name():
    """A fixed-pitch font's word space is a whole character: a cell gap to a proportional font's measure."""
    items = [
        (62, 50, "DISTRIBUIDORA RAMBLA SUR S.A.", 11, "DejaVuSansMono-Bold"),
        (418, 50, "RUT 215550120018", 8, "DejaVuSansMono-Bold"),
        (62, 64, "Av. Gral. Rivera 3344", 8, "DejaVuSansMono"),
        (430, 64, "e-Factura", 12, "DejaVuSansMono-Bold"),
        (312, 300, "TOTAL A PAGAR", 9, "DejaVuSansMono-Bold"),
        (481, 300, "$ 22.577,32", 9, "DejaVuSansMono-Bold"),
    ]
    assert _read(items, "vendor name, total") == {
        "vendor_name": "DISTRIBUIDORA RAMBLA SUR S.A.",
        "total": "22577.32",
    }


def test_a_condominium_named_by_its_address_is_the_customer_not_its_administrator():
    text = (
        "Studio Tecnico Ing. Marco Bellandi\n"
        "Corso Vittorio Emanuele II, 62 · 10123 Torino\n\n"
        "FATTURA N. 27/2025                    Spett.le\n"
        "                                      Condominio Via Nizza 214\n"
        "Torino, 30 aprile 2025                c/o Amministrazioni Ferraris S.r.l.\n"
        "                                      Via Nizza 214\n"
        "                                      10126 Torino (TO)\n"
    )
    data = extract_text(text, "customer name", name="fattura.txt").data
    assert data == {"customer_name": "Condominio Via Nizza 214"}


def test_italys_intestatario_box_names_the_customer():
    items = [
        (51, 114, "FATTURA N.", 7, "Helvetica-Bold"),
        (326, 114, "Intestatario", 7, "Helvetica-Bold"),
        (51, 126, "FPR 145/25", 10, "Helvetica"),
        (326, 126, "Liceo Artistico Statale Porta Romana", 10, "Helvetica-Bold"),
        (326, 140, "Piazzale di Porta Romana 9", 9, "Helvetica"),
    ]
    assert _read(items, "customer name") == {"customer_name": "Liceo Artistico Statale Porta Romana"}


def test_a_purchase_orders_title_over_its_number_and_a_buyers_name_with_os_in_it():
    items = [
        (51, 61, "Construtora Baía de Todos os Santos Ltda.", 12, "Helvetica-Bold"),
        (427, 61, "PEDIDO DE COMPRA", 12, "Helvetica-Bold"),
        (51, 78, "Av. Tancredo Neves, 1632 - Salvador/BA - CEP 41820-020", 8, "Helvetica"),
        (432, 84, "PC 2025/1174", 10, "Helvetica"),
        (51, 125, "FORNECEDOR", 7, "Helvetica-Bold"),
        (51, 137, "Casa do Cimento Recôncavo Ltda.", 9, "Helvetica"),
        (283, 315, "VALOR TOTAL DO PEDIDO", 9, "Helvetica-Bold"),
        (477, 315, "R$ 31.449,00", 9, "Helvetica-Bold"),
    ]
    data = _read(items, "po number, buyer, supplier", name="pedido.pdf")
    assert data == {
        "po_number": "PC 2025/1174",
        "buyer": "Construtora Baía de Todos os Santos Ltda.",
        "supplier": "Casa do Cimento Recôncavo Ltda.",
    }


def test_an_address_block_with_the_accounts_labels_between_its_lines_names_the_holder():
    """The window's block on the left, the account's labels and values on the right: the text's
    lines alternate between the two columns, the holder's street is two lines down."""
    items = [
        (108, 60, "Noorderbank", 14, "Helvetica-Bold"),
        (108, 75, "Rekeningafschrift", 10, "Helvetica"),
        (334, 131, "Rekeningnummer", 8, "Helvetica"),
        (420, 131, "NL55 NOBK 0555 9712 34", 8, "Helvetica"),
        (56, 145, "J.H. de Boer-Veenstra", 10, "Helvetica"),
        (334, 143, "Soort rekening", 8, "Helvetica"),
        (420, 143, "Betaalrekening", 8, "Helvetica"),
        (334, 155, "Periode", 8, "Helvetica"),
        (420, 155, "01-09-2025 t/m 30-09-2025", 8, "Helvetica"),
        (57, 162, "Zonnelaan 41", 10, "Helvetica"),
        (334, 167, "Afschriftnummer", 8, "Helvetica"),
        (420, 167, "9 / 2025", 8, "Helvetica"),
        (57, 174, "9742 BE Groningen", 10, "Helvetica"),
        (334, 179, "Datum aanmaak", 8, "Helvetica"),
        (420, 179, "01-10-2025", 8, "Helvetica"),
    ]
    assert _read(items, "account holder", name="afschrift.pdf") == {"account_holder": "J.H. de Boer-Veenstra"}


def test_a_till_slips_sign_of_the_shops_kind_over_its_own_name_is_both():
    items = [
        (62, 18, "PASTICCERIA", 6, "Helvetica"),
        (40, 27, "DOLCE VUCCIRIA", 8, "Helvetica-Bold"),
        (37, 40, "di Lo Presti Giuseppe & C. s.a.s.", 5, "Helvetica"),
        (42, 49, "Via Maqueda 318 - Palermo", 5, "Helvetica"),
        (9, 200, "TOTALE COMPLESSIVO", 6, "Helvetica-Bold"),
        (133, 200, "22,50", 6, "Helvetica-Bold"),
    ]
    assert _read(items, "merchant name", name="scontrino.pdf") == {
        "merchant_name": "PASTICCERIA DOLCE VUCCIRIA"
    }


def test_a_scanned_till_slips_company_under_its_sign_is_the_merchant_as_real_receipts_are_labelled():
    # the shop's sign, then the company that keeps it with its legal form: receipts' merchant is
    # the company as printed (the convention of the real receipts the engine is measured on)
    words = _words_of(10, "AU FOURNIL DE L'ERDRE", size=12) + _words_of(25, "SARL Maison Guérin", size=10)
    words += _words_of(40, "42 quai de Versailles") + _words_of(55, "44000 NANTES")
    words += _words_of(120, "TOTAL  11,30 €")
    assert _fields_read(words, "merchant name") == {"merchant_name": "SARL Maison Guérin"}


def test_a_scans_buyer_named_by_a_site_is_the_letterhead_not_the_supplier_under_its_label():
    """On a scan the letterhead is the best-scored top line: not the supplier's name, which a
    label gave, though its line scores higher; its legal form on the line under it is its own."""
    words = _words_of(20, "Atelier Rhône Menuiserie", size=14)
    words += _words_of(40, "SAS au capital de 30 000 € - 7 rue de Gerland 69007 Lyon")
    words += _words_of(80, "BON DE COMMANDE", size=14) + _words_of(100, "N° BC-2025-0041 du 27.01.2025")
    words += [
        *_line_of(140, (40, "Fournisseur"), (400, "Adresse de livraison")),
        *_line_of(155, (40, "Bois & Panneaux du Beaujolais SARL"), (400, "Atelier Rhône Menuiserie")),
        *_line_of(170, (40, "Zone artisanale des Grillons"), (400, "Quai de déchargement B")),
    ]
    assert _fields_read(words, "buyer, supplier") == {
        "buyer": "Atelier Rhône Menuiserie SAS",
        "supplier": "Bois & Panneaux du Beaujolais SARL",
    }


def test_the_bodys_education_heading_is_not_closed_by_the_sidebars_heading_beside_it():
    """A two-column résumé: "FORMACIÓN" in the body, "IDIOMAS" in the sidebar a line lower; the
    degree's years under the body's heading are no position."""
    items = [
        (28, 100, "Lucía Fernández Ortega", 16, "Helvetica-Bold"),
        (221, 173, "EXPERIENCIA PROFESIONAL", 10, "Helvetica-Bold"),
        (221, 199, "Responsable de control de gestión", 9, "Helvetica-Bold"),
        (455, 199, "02/2022 - 02/2025", 9, "Helvetica"),
        (221, 261, "Controller financiera", 9, "Helvetica-Bold"),
        (464, 261, "05/2019 - 02/2022", 9, "Helvetica"),
        (221, 370, "FORMACIÓN", 10, "Helvetica-Bold"),
        (28, 390, "IDIOMAS", 10, "Helvetica-Bold"),
        (221, 396, "Grado en Administración y Dirección de Empresas", 9, "Helvetica"),
        (480, 396, "2012 - 2016", 9, "Helvetica"),
        (28, 408, "Español — nativo", 9, "Helvetica"),
        (221, 408, "Universidad de Málaga", 9, "Helvetica"),
    ]
    assert _read(items, "years of experience", name="cv.pdf") == {"years_experience": 5}


def test_skills_after_their_categorys_colon_with_no_space_leave_the_category_out():
    text = (
        "Tiago Manuel Loureiro Pinto\n\nCompetências\n"
        "Competências técnicas:AutoCAD, Revit, Primavera P6, Gestão de obra, Orçamentação\n"
        "Línguas:  Português (nativo), Inglês (B2)\n"
    )
    data = extract_text(text, "skills", name="cv.txt").data
    assert data == {"skills": ["AutoCAD", "Revit", "Primavera P6", "Gestão de obra", "Orçamentação"]}


def test_a_list_whose_last_bullet_ocr_read_as_another_letter_keeps_that_item_apart():
    lines = [
        (1, "COMPETENCIAS"),
        (1, "m SQL"),
        (1, "m Power BI"),
        (1, "m Contabilidad analítica"),
        (1, "a Inglés C1"),
    ]
    found = bullets(lines, "\n".join(text for _page, text in lines))
    assert found is not None and found.value == ["SQL", "Power BI", "Contabilidad analítica", "Inglés C1"]


def test_a_number_sign_ocr_read_as_n2_after_the_title_is_the_whole_label():
    hits = label_index(("invoice_number",)).hits("FACTURA N2")
    assert [(hit.field, hit.score, hit.rest) for hit in hits] == [("invoice_number", 1.0, "")]


def test_a_quantity_ocr_lost_is_the_amount_over_the_price_less_the_discount_its_line_prints():
    """26 x 39,12 less 5 % is 408,80: the quantity OCR read "LL" is 11."""
    items = [
        {"description": "Colori acrilici", "quantity": None, "unit_price": "39.12", "amount": "408.80"},
        {"description": "Gomma pane", "quantity": 9, "unit_price": "26.75", "amount": "240.75"},
    ]
    sources = [
        {"snippet": "04  Colori acrilici 75 ml assortiti  LL  pz  39,12  5%  22  408,80", "confidence": 0.85},
        {"snippet": "06  Gomma pane  9  pz  26,75  22  240,75", "confidence": 0.85},
    ]
    check_items(items, sources)
    assert items[0]["quantity"] == 11
    assert "less 5 %" in sources[0]["notes"][0]


def test_a_comma_ocr_ran_into_a_legal_form_is_a_comma_and_a_space():
    assert with_its_form_read("Hoteles Malagueta,S.L.") == "Hoteles Malagueta, S.L."
    assert with_its_form_read("Bauer,Schmid") == "Bauer,Schmid"  # no legal form: as printed


def test_a_card_payment_names_the_card_on_the_line_under_it():
    text = (
        "PASTICCERIA DOLCE VUCCIRIA\nVia Maqueda 318 - Palermo\n"
        "2 x CAFFE'                10%   2,40\n"
        "TOTALE COMPLESSIVO              22,50\n"
        "Pagamento contante               0,00\n"
        "Pagamento elettronico           22,50\n"
        "BANCOMAT\n"
        "IMPORTO PAGATO                  22,50\n"
    )
    assert extract_text(text, "payment method", name="scontrino.txt").data == {"payment_method": "BANCOMAT"}


def test_a_position_heading_ocr_ran_into_the_descriptions_heads_a_column_of_its_own():
    """India's "S.No" before "Description of Goods" in one cell: the row numbers under it, read
    "1" or "Bes", are no part of the description."""
    words = [
        *_line_of(100, (20, "S.No Description of Goods"), (300, "Qty"), (360, "Rate"), (440, "Amount")),
        *_line_of(
            120,
            (26, "1"),
            (60, "Linen blend shirting (metre)"),
            (300, "334"),
            (360, "213.09"),
            (440, "71,172.06"),
        ),
        *_line_of(
            140,
            (20, "Bes"),
            (60, "Denim 10 oz indigo (metre)"),
            (300, "416"),
            (360, "202.68"),
            (440, "84,314.88"),
        ),
    ]
    items = _fields_read(words, "line items (description, quantity, unit price, amount)")["line_items"]
    assert [item["description"] for item in items] == [
        "Linen blend shirting (metre)",
        "Denim 10 oz indigo (metre)",
    ]


def test_an_opening_bracket_ocr_read_as_a_euro_sign_opens_the_totals_note_on_its_tax():
    """ "TOTAL €GST INCL)": the total with the tax included, not the tax."""
    hits = label_index(("total", "tax")).hits("TOTAL €GST INCL)")
    assert [(hit.field, hit.rest) for hit in hits] == [("total", "")]
