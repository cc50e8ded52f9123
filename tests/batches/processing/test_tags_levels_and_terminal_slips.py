"""Layouts that a tuning set of résumés, till receipts and bank statements in all seven languages
printed: skills as tags, with their levels or years of use beside them or a rating in dots under
them; phones in pairs and in the country a postcode names; a card terminal's "Akkoord"; Portugal's
"fatura simplificada"; Argentina's "C.U.I.T."; a statement's number in its balance's line, "t/m"
between a period's dates, "ler" for "1er", a card's masked groups read as letters, a page count
taken for a street."""

from __future__ import annotations

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.classify import classify
from batches.processing.builtin.fallbacks import skills
from batches.processing.builtin.fallbacks.contacts import dialling_regions, phone
from batches.processing.builtin.periods import date_range
from tests.batches.processing.extracting import read_pdf
from tests.batches.processing.test_scans import _fields_read, _line_of, _scanned_layout, _words_of


def test_skills_printed_as_tags_that_ocr_read_in_brackets_are_the_tags_words():
    words = _words_of(40, "Sanne van der Heijden", size=16) + _words_of(70, "sanne@example.com")
    words += _line_of(200, (40, "Vaardigheden"))
    words += _line_of(220, (40, "(Figma ) ( Sketch ) ( Adobe XD ) (user research )"))
    words += _line_of(240, (40, "(Toegankelijkheid (WCAG) ) (Usability testing )"))
    words += _line_of(280, (40, "Talen")) + _line_of(300, (40, "Nederlands (moedertaal)"))
    assert _fields_read(words, "skills")["skills"] == [
        "Figma",
        "Sketch",
        "Adobe XD",
        "user research",
        "Toegankelijkheid (WCAG)",
        "Usability testing",
    ]


def test_a_skills_level_or_years_of_use_beside_it_is_no_skill():
    items = [(65, 40, "Priya Raman", 16), (65, 60, "priya.raman@example.com", 9), (65, 435, "SKILLS", 10)]
    grid = (
        ("Product strategy", "Expert", "Roadmapping", "Expert"),
        ("A/B testing", "Advanced", "SQL", "Advanced"),
    )
    for n, (one, level, other, its_level) in enumerate(grid):
        y = 457 + 20 * n
        items += [(65, y, one, 9), (258, y, level, 9), (306, y, other, 9), (486, y, its_level, 9)]
    items += [(65, 497, "Figma", 9), (232, 497, "Intermediate", 9), (65, 531, "EDUCATION", 10)]
    assert read_pdf(items, "skills")["skills"] == [
        "Product strategy",
        "Roadmapping",
        "A/B testing",
        "SQL",
        "Figma",
    ]
    table = [(57, 40, "José Manuel Cervantes Ruiz", 16), (57, 504, "HABILIDADES TÉCNICAS", 10)]
    table += [(61, 522, "Herramienta", 9), (287, 522, "Nivel", 9), (415, 522, "Años de uso", 9)]
    for n, (tool, level, used) in enumerate((("APQP", "Avanzado", "10"), ("Minitab", "Intermedio", "8"))):
        table += [(61, 535 + 13 * n, tool, 9), (287, 535 + 13 * n, level, 9), (415, 535 + 13 * n, used, 9)]
    table += [(57, 600, "IDIOMAS", 10), (57, 615, "Español: nativo", 9)]
    assert read_pdf(table, "skills")["skills"] == ["APQP", "Minitab"]


def test_a_skills_rating_in_dots_read_as_letters_under_it_is_passed_over():
    lines = [(1, text) for text in ("Relations presse", "0000", "Community management", "eee0e", "WordPress")]
    assert skills._items_under(lines, None) == ["Relations presse", "Community management", "WordPress"]


def test_a_mobile_printed_in_pairs_after_its_trunk_zero_is_found_in_the_texts_country():
    lines = [
        (1, "Sanne van der Heijden"),
        (1, "Biltstraat 118-bis"),
        (1, "3572 BJ Utrecht"),
        (1, "06 55 51 82 74"),
    ]
    text = "\n".join(line for _page, line in lines) + "\nWerkervaring\nOpleiding\nVaardigheden\n"
    found = phone(lines, text)
    assert found is not None and found.value == "+31655518274"


def test_a_four_digit_postcode_dials_in_switzerland_before_germany():
    lines = [(1, "Lukas Imhof-Brunner"), (1, "T 041 555 67 89"), (1, "Baarerstrasse 41"), (1, "6300 Zug")]
    text = "\n".join(line for _page, line in lines) + "\nBerufserfahrung seit 2020 Ausbildung Kenntnisse\n"
    regions = dialling_regions(lines, text)
    assert regions.index("CH") < regions.index("DE")
    found = phone(lines, text)
    assert found is not None and found.value == "+41415556789"


def test_a_number_no_phone_in_the_languages_first_country_is_tried_in_the_next():
    assert norm.parse_phone("222 555 0134", regions=("ES", "MX", "AR")) == "+522225550134"


def test_a_card_terminals_approval_under_its_payment_label_is_not_how_it_was_paid():
    items = [(20, 20, "Apotheek Sonsbeek", 12), (20, 40, "Datum 12/02/2026", 8), (20, 60, "Pleisters", 8)]
    items += [(150, 60, "2,79", 8), (20, 80, "TOTAAL", 9), (150, 80, "32,01", 9), (20, 95, "PIN", 9)]
    items += [
        (150, 95, "32,01", 9),
        (20, 140, "BETAALAUTOMAAT", 8),
        (20, 155, "Kaart", 8),
        (100, 155, "Maestro", 8),
    ]
    items += [
        (20, 170, "Totaal", 8),
        (100, 170, "32,01 EUR", 8),
        (20, 185, "Betaling", 8),
        (20, 198, "Akkoord", 8),
    ]
    assert read_pdf(items, "payment method")["payment_method"] == "PIN"


def test_a_simplified_invoice_is_portugals_till_receipt():
    text = (
        "OR\nO ROSSIO\nRestaurante O Rossio, Lda.\nPraça da República, 48 - 3500-045 Viseu\n"
        "NIF 515 550 123 · Tel. 232 555 014\nFATURA SIMPLIFICADA\nFS A2026/1284\n"
        "Original Data: 2026-01-23 13:47\n"
        "Mesa 7 · Empregado: Tiago\nNIF adquirente: Consumidor final\nQtd Descrição IVA Valor\n"
        "2 Prato do dia - Vitela assada 13% 19,00\n1 Vinho tinto Dão 0,75 L 23% 12,50\nTOTAL 38,50 €\n"
        "Taxa Incidência IVA Total\nIVA 13% 23,01 2,99 26,00\nIVA 23% 10,16 2,34 12,50\n"
        "Pagamento: Multibanco 38,50 €\nTroco 0,00 €\nATCUD: JJ4K7P2M-1284\n"
        "Gd7k-Processado por programa certificado n.º 9999/AT\n"
        "Os bens/serviços foram colocados à disposição\n"
        "do adquirente na data do documento.\nIVA incluído. Obrigado pela visita!\n"
    )
    assert classify(text)[0] == "receipt"


def test_argentinas_tax_number_with_its_dots_makes_a_bare_dollar_the_peso():
    assert (
        norm.find_currency("SUPERMERCADO LA RIBERA S.A.\nC.U.I.T. Nro.: 30-55501234-7\nTOTAL $52.288,76")
        == "ARS"
    )
    assert norm.find_currency("Jambon cuit 4,50 $\nTotal $ 9,00") != "ARS"


def test_a_statements_number_in_its_balances_line_is_no_balance():
    items = [(40, 40, "Donaubank Regensburg eG", 12), (40, 60, "Kontoauszug 3/2026", 9)]
    items += [(300, 80, "Zeitraum", 8), (380, 80, "01.03.2026 - 31.03.2026", 8)]
    items += [(40, 120, "Kontostand am 28.02.2026, Auszug Nr. 2", 8), (480, 120, "2.148,73+", 8)]
    items += [(40, 135, "02.03.  Lastschrift", 8), (480, 135, "118,00-", 8)]
    assert read_pdf(items, "opening balance")["opening_balance"] == "2148.73"


def test_a_periods_dates_joined_by_dutch_tm_and_a_first_whose_one_ocr_read_as_l():
    assert date_range([(1, "Periode  1 februari t/m 28 februari 2026")], month_first=False)[:2] == (
        "2026-02-01",
        "2026-02-28",
    )
    line = "Compte de dépôt n° 2 - du ler février 2026 au 28 février 2026"
    assert date_range([(1, line)], month_first=False)[:2] == ("2026-02-01", "2026-02-28")


def test_a_cards_masked_groups_read_as_letters_and_split_into_cells_still_end_in_its_last_four():
    assert norm.last4("4988 eee  ee++ 3306") == "3306"
    assert norm.last4("NL37 MSBK 0563 2210 48") == "1048"  # a bank's code in capitals is no mask
    words = _words_of(40, "Harbourside Bank", size=16) + _words_of(80, "AROHA T WILLIAMS")
    words += _line_of(100, (40, "Ponsonby"), (328, "Card number"), (452, "4988 eee"), (500, "ee++ 3306"))
    assert _fields_read(words, "account number last4")["account_number_last4"] == "3306"


def test_a_page_count_over_a_name_is_no_street_it_stands_under():
    words = _words_of(20, "Platinum Visa statement") + _words_of(40, "Harbourside Bank", size=16)
    words += _words_of(70, "Page 1 of 2") + _words_of(90, "AROHA T WILLIAMS")
    words += _line_of(100, (328, "Account summary")) + _words_of(110, "12 Renall Street")
    words += _line_of(125, (40, "Ponsonby"), (328, "Card number  4988 3306"))
    words += _line_of(140, (40, "Auckland 1011"), (328, "Statement period  16 Jan 2026 - 15 Feb 2026"))
    words += _line_of(160, (328, "Opening balance  $1,284.50"))
    assert _fields_read(words, "account holder")["account_holder"] == "AROHA T WILLIAMS"


def test_an_amount_whose_cents_ocr_spaced_off_its_point():
    assert norm.parse_amount("2.148, 73+") == "2148.73"
    assert norm.parse_amount("1,234, 56") == "1234.56"


def test_skills_split_at_commas_go_on_past_a_line_that_ends_in_one():
    lines = [(1, "Contabilidade geral, IRC e IVA, SAF-T, Primavera ERP, PHC CS, Excel avançado,")]
    lines += [(1, "Reconciliações bancárias."), (1, "LÍNGUAS"), (1, "Português - língua materna")]
    assert skills._items_under(lines, None)[-1] == "Reconciliações bancárias."


def test_a_second_kind_of_skills_heading_a_bulleted_list_goes_on_with_the_first():
    items = [(40, 40, "Chiara Bertolini", 16), (40, 60, "chiara@example.com", 9)]
    items += [(40, 100, "COMPETENZE PROFESSIONALI", 8), (220, 100, "▪ Lean manufacturing", 9, "DejaVuSans")]
    items += [(220, 113, "▪ SAP PP/MM", 9, "DejaVuSans"), (40, 126, "COMPETENZE DIGITALI", 8)]
    items += [(220, 126, "▪ Microsoft Excel", 9, "DejaVuSans"), (220, 139, "▪ Power BI", 9, "DejaVuSans")]
    items += [(40, 152, "PATENTE DI GUIDA", 8), (220, 152, "B", 9)]
    assert read_pdf(items, "skills")["skills"] == [
        "Lean manufacturing",
        "SAP PP/MM",
        "Microsoft Excel",
        "Power BI",
    ]


def test_a_rule_of_dashes_read_as_a_short_word_in_small_letters_is_no_merchant():
    words = _words_of(40, "APOTHEEK SONSBEEK", size=12) + _words_of(60, "Zijpendaalseweg 14")
    words += _words_of(75, "6814 CJ Arnhem") + _words_of(120, "TOTAAL 32,01") + _words_of(135, "PIN 32,01")
    words += _line_of(300, (40, "iies")) + _line_of(310, (68, "BET AALAUTOMAAT"))
    words += _line_of(320, (30, "Merchant"), (154, "555012"))
    assert _fields_read(words, "merchant name")["merchant_name"] != "iies"


def test_a_skill_whose_bullet_was_lost_stays_in_its_column_short_of_the_body_beside(monkeypatch):
    """A sidebar's "KEY SKILLS" over "» Copywriting": "Google Ads" starts where the bullets' items
    start, past the bullets, and the body's text was found to begin not far right of the heading
    (a scan's lines level across both columns): the column's own cell is the list's still."""
    monkeypatch.setattr(skills, "_body_beside", lambda lines, row, heading: heading.x0 + 22)
    words = _line_of(40, (56, "KEY SKILLS"))
    words += _line_of(60, (57, "» Copywriting"), (228, "Kestrel Pty. Ltd., Perth"))
    words += _line_of(75, (57, "» HubSpot"))
    words += _line_of(90, (65, "Google Ads"), (228, "Marketing Assistant"))
    words += _line_of(105, (57, "» Email marketing"), (229, "Trained 10 new starters,"))
    layout_lines = _scanned_layout(words).lines
    heading = layout_lines[0].cells[0]
    listed = skills._items_under(skills._column_under(layout_lines, 0, heading), None)
    assert listed == ["Copywriting", "HubSpot", "Google Ads", "Email marketing"]
