"""Label wordings, layouts and formats the corpus does not use: the engine must generalise."""

from __future__ import annotations

import pytest

from batches.processing import ProcessingError, get_processor
from batches.processing.builtin import normalise
from batches.processing.prompts import fields_for_prompt
from tests.batches.processing.test_extract_layouts import pdf


def _extract(text: str, prompt: str = "", strategy: str = "global", name: str = "doc.txt") -> dict:
    return get_processor("extract").process(
        text.encode(), filename=name, options={"strategy": strategy, "prompt": prompt}
    )


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("$1,234.50", "1234.50"),
        ("1.234,50 EUR", "1234.50"),
        ("USD 1234.5", "1234.50"),
        ("1 234,50 €", "1234.50"),
        ("CHF 1'234.50", "1234.50"),
        ("€ 99", "99.00"),
        ("(45.10)", "-45.10"),
        ("RM 85 54", "85.54"),
        ("RM 2. 10", "2.10"),
        ("12 500", "12500.00"),
    ],
)
def test_money_in_many_printed_forms(printed, expected):
    assert normalise.parse_amount(printed) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("March 3, 2025", "2025-03-03"),
        ("3 Mar 2025", "2025-03-03"),
        ("2025-03-03", "2025-03-03"),
        ("Monday, 3rd of March 2025", "2025-03-03"),
        ("03.04.2025", "2025-04-03"),
        ("Sept. 30, 2024", "2024-09-30"),
        ("1.01.90", "1990-01-01"),
        ("31/12/24", "2024-12-31"),
    ],
)
def test_dates_in_many_printed_forms(printed, expected):
    assert normalise.parse_date(printed) == expected


def test_day_first_cue_decides_ambiguous_numeric_dates():
    result = _extract(
        "Invoice Number: A-1\nInvoice Date: 04/05/2025\nDue Date: 25/05/2025\n",
        "fields: invoice_date, due_date",
    )
    assert result.data == {"invoice_date": "2025-05-04", "due_date": "2025-05-25"}


def test_phones_become_e164():
    assert normalise.parse_phone("Mobile: 0044 20 7946 0018") == "+442079460018"
    assert normalise.parse_phone("+1 (415) 555-0134") == "+14155550134"


def test_unfamiliar_label_wordings_and_layouts():
    text = """Acme Widgets Ltd
Unit 4, Dockside

Bill No. ........ BX-7781
Dated ........... 2 February 2025
Payable by ...... 4 March 2025

Invoice to:
  Pine & Co
  1 Side Street

Item                      Units   Price each    Line total
Blue widget                   12       €4.50        €54.00
Red widget, large              3      €10.00        €30.00

Net total:     €84.00
VAT 20%:       €16.80
Amount payable: €100.80
"""
    result = _extract(
        text,
        "Extract the invoice number, invoice date, due date, vendor name, customer name, currency, "
        "subtotal, tax, total and line items (description, quantity, unit price, amount)",
    )
    assert result.data["invoice_number"] == "BX-7781"
    assert result.data["invoice_date"] == "2025-02-02"
    assert result.data["due_date"] == "2025-03-04"
    assert result.data["vendor_name"] == "Acme Widgets Ltd"
    assert result.data["customer_name"] == "Pine & Co"
    assert result.data["currency"] == "EUR"
    assert (result.data["subtotal"], result.data["tax"], result.data["total"]) == ("84.00", "16.80", "100.80")
    assert result.data["line_items"] == [
        {"description": "Blue widget", "quantity": 12, "unit_price": "4.50", "amount": "54.00"},
        {"description": "Red widget, large", "quantity": 3, "unit_price": "10.00", "amount": "30.00"},
    ]
    assert result.sources["total"]["snippet"] == "Amount payable: €100.80"
    assert 0 < result.sources["total"]["confidence"] <= 1


def test_markdown_resume_with_bold_labels_and_bullets():
    text = """# Priya Raman

**Email:** priya.raman@example.org
**Phone:** +44 7700 900123

## Skills
- Python
- Data modelling
- PostgreSQL

Over 9 years of experience building data platforms.
"""
    result = _extract(text, strategy="auto", name="cv.md")
    assert result.document_type == "resume"
    assert result.data["email"] == "priya.raman@example.org"
    assert result.data["phone"] == "+447700900123"
    assert result.data["skills"] == ["Python", "Data modelling", "PostgreSQL"]
    assert result.data["years_experience"] == 9


def test_html_definition_list_statement():
    html = """<html><body><h1>Lakeside Bank</h1><p>Account statement</p>
    <dl><dt>Account holder</dt><dd>Tomás Ferreira</dd><dt>Account number</dt><dd>•••• •••• 5521</dd>
    <dt>Period</dt><dd>1 January 2025 \u2013 31 January 2025</dd>
    <dt>Opening balance</dt><dd>£2,310.00</dd><dt>Closing balance</dt><dd>£1,998.45</dd></dl>
    <script>alert('x')</script></body></html>"""
    result = _extract(html, strategy="auto", name="statement.html")
    assert result.document_type == "bank_statement"
    assert result.data["account_holder"] == "Tomás Ferreira"
    assert result.data["account_number_last4"] == "5521"
    assert (result.data["statement_period_start"], result.data["statement_period_end"]) == (
        "2025-01-01",
        "2025-01-31",
    )
    assert (result.data["opening_balance"], result.data["closing_balance"]) == ("2310.00", "1998.45")


def test_prompt_phrases_map_to_canonical_fields_and_explicit_lists_are_kept():
    assert [f.name for f in fields_for_prompt("Get the PO number, the order date and the order total")] == [
        "po_number",
        "order_date",
        "total",
    ]
    specs = fields_for_prompt("fields: ticket_id, seat, line_items(description, qty)")
    assert [f.name for f in specs] == ["ticket_id", "seat", "line_items"]
    assert [c.name for c in specs[2].children] == ["description", "quantity"]


def test_type_mismatch_and_empty_are_clear_errors():
    with pytest.raises(ProcessingError) as mismatch:
        get_processor("extract").process(b"%PDF-1.4 ...", filename="letter.docx", options={})
    assert mismatch.value.code == "type_mismatch"
    with pytest.raises(ProcessingError) as empty:
        get_processor("extract").process(b"", filename="a.txt", options={})
    assert empty.value.message == "The file is empty (0 bytes)."


def test_values_written_inside_sentences():
    text = (
        "Northwind Traders Inc.\n45 Harbour Way, Seattle WA\n\nDear Customer,\n\n"
        "Please find enclosed invoice INV-2024-001 dated 5 March 2024 for consulting services.\n"
        "The total amount of $1,234.50 (including tax of $98.76) is due by April 4, 2024.\n"
    )
    result = _extract(text, strategy="auto", name="letter.txt")
    assert result.document_type == "invoice"
    assert {
        k: result.data.get(k)
        for k in ("invoice_number", "invoice_date", "due_date", "tax", "total", "currency")
    } == {
        "invoice_number": "INV-2024-001",
        "invoice_date": "2024-03-05",
        "due_date": "2024-04-04",
        "tax": "98.76",
        "total": "1234.50",
        "currency": "USD",
    }


def test_quantity_before_description_and_labels_sharing_a_line():
    text = (
        "PURCHASE ORDER\nPO: 4500012345        Date: 2025-01-17\nVendor: Blue Sky Supplies\n\n"
        "Qty  Description          Unit      Total\n5    Printer paper        4.99      24.95\n"
        "2    Toner                59.00     118.00\n\nOrder total: 142.95 USD\n"
    )
    result = _extract(text, strategy="auto", name="po.txt")
    assert (result.data["po_number"], result.data["order_date"], result.data["supplier"]) == (
        "4500012345",
        "2025-01-17",
        "Blue Sky Supplies",
    )
    assert result.data["line_items"] == [
        {"description": "Printer paper", "quantity": 5, "unit_price": "4.99", "amount": "24.95"},
        {"description": "Toner", "quantity": 2, "unit_price": "59.00", "amount": "118.00"},
    ]


def test_till_receipt_without_the_word_receipt():
    text = (
        "CORNER STORE\n12 High St\n\n2 x Coffee            7.00\nTOTAL                "
        "10.50\nVISA ****1234\nDate 14/02/2025 09:12\nThank you for shopping with us!\n"
    )
    result = _extract(text, strategy="auto", name="till.txt")
    assert result.document_type == "receipt"
    assert (result.data["total"], result.data["date"], result.data["payment_method"]) == (
        "10.50",
        "2025-02-14",
        "VISA",
    )


def test_skills_one_per_line_without_bullets_end_at_the_sidebars_next_label():
    text = (
        "Contact\nE-mail\ncgalloway@example.com\nKey Skills\nWarehouse management systems\nIncoterms\n"
        "SAP MM\nLean\nPhone\n+1 (512) 555-0114\nCallum Galloway\nLogistics Coordinator\n"
        "WORK EXPERIENCE\n09/2021 - present  Logistics Manager\n"
    )
    result = _extract(text, "skills")
    assert result.data["skills"] == ["Warehouse management systems", "Incoterms", "SAP MM", "Lean"]


def test_skills_in_italian_under_capacita_stop_at_a_sentence():
    text = (
        "Silvia Rossi\nProject manager\nCapacità\nNegoziazione con fornitori\nMS Project\nControllo budget\n"
        "Project manager con 16 anni di esperienza nel settore "
        "edilizia.\nESPERIENZE\nnovembre 2009 - in corso\n"
    )
    result = _extract(text, "skills, years of experience")
    assert result.data["skills"] == ["Negoziazione con fornitori", "MS Project", "Controllo budget"]
    assert result.data["years_experience"] == 16


@pytest.mark.parametrize(
    ("sentence", "years"),
    [
        ("Chef de projet, 19 ans d'expérience professionnelle.", 19),
        ("Coördinator met 20 jaar ervaring.", 20),
        ("Pflegefachfrau mit 8 Jahren Berufserfahrung.", 8),
        ("Enfermera con 5 años de experiencia.", 5),
        # written in words, in any language
        ("Desarrollador de software con dos años de experiencia en desarrollo.", 2),
        ("Chef de projet avec dix-huit ans d'expérience.", 18),
        ("Entwicklerin mit zwölf Jahren Berufserfahrung.", 12),
        ("Project manager with seven years of experience.", 7),
        ("Infermiera con tre anni di esperienza.", 3),
    ],
)
def test_years_of_experience_stated_in_a_sentence_in_any_language(sentence, years):
    text = f"Anna Berg\n{sentence}\nExperience\n2001 - 2024  Manager, Nordwind\n"
    assert _extract(text, "years of experience").data["years_experience"] == years


@pytest.mark.parametrize(
    ("line", "years"),
    [
        ("Experiencia: 7 años", 7),
        ("Esperienza: 2 anni    +39 02 5550 2635", 2),  # a phone number in the next column
        ("Total experience: 17 years", 17),
        ("Berufserfahrung: 12 Jahre", 12),
    ],
)
def test_years_of_experience_after_the_word_for_experience_as_a_label(line, years):
    text = f"Anna Berg\n{line}\nProfile\nDesigner with a taste for print.\n2001 - 2024  Manager, Nordwind\n"
    assert _extract(text, "years of experience").data["years_experience"] == years


def test_a_position_and_an_article_code_column_stay_out_of_the_description():
    text = (
        "INVOICE\nInvoice No: INV-88\nDate: 2025-03-04\n\n"
        "Pos   Art.-Nr.    Description                Qty   Unit price     Amount\n"
        "1     ART-76111   Printer paper A4, 500       5         4.99      24.95\n"
        "2     SKU56068    Toner cartridge black       2        59.00     118.00\n\n"
        "Total                                                          142.95\n"
    )
    result = _extract(text, "invoice number, line items")
    assert [(i["description"], i["quantity"], i["amount"]) for i in result.data["line_items"]] == [
        ("Printer paper A4, 500", 5, "24.95"),
        ("Toner cartridge black", 2, "118.00"),
    ]


def test_an_orders_supplier_named_in_a_sentence_is_not_its_letterhead():
    text = (
        "Lefèvre & Fils SRL\nAvenue Louise 56\n4000 Liège\nBon de commande\n"
        "Commande BC-2017-0793 passée le 27.06.2017 auprès de Atelier Azur SRL.\n"
        "Libellé     Qté.    Total HT\nÉcran 27 pouces     7     1.993,04\nMontant total     € 2.779,44\n"
    )
    result = _extract(text, "buyer, supplier")
    assert (result.data["buyer"], result.data["supplier"]) == ("Lefèvre & Fils SRL", "Atelier Azur SRL")


def test_an_orders_parties_are_firms_not_its_buyers_clerk_nor_what_stands_beside_a_vendors_number():
    items = [
        (43, 27, "Trillium Artisan Bakeries Inc.", 12),
        (417, 27, "PURCHASE ORDER", 14),
        (48, 97, "PO NUMBER", 7), (153, 97, "PO DATE", 7), (364, 97, "TERMS", 7), (469, 97, "BUYER", 7),
        (48, 110, "4500-2291", 9), (153, 110, "2025-03-18", 9), (364, 110, "Net 45", 9),
        (469, 110, "R. Okonkwo", 9),
        (43, 149, "VENDOR", 7), (313, 149, "SHIP TO", 7),
        (43, 163, "Great Lakes Packaging Ltd.", 9), (313, 163, "Trillium Artisan Bakeries Inc.", 9),
        (43, 175, "2275 Dixie Road, Unit 6", 9), (313, 175, "Receiving Dock B", 9),
        (43, 187, "Vendor # V-00318", 9), (313, 187, "Dock hours 6:00-14:00", 9),
        (369, 230, "PO TOTAL (CAD)", 9), (518, 230, "$3,714.31", 9),
    ]  # fmt: skip
    result = get_processor("extract").process(
        pdf(items), filename="po.pdf", options={"strategy": "global", "prompt": "buyer, supplier"}
    )
    assert (result.data["buyer"], result.data["supplier"]) == (
        "Trillium Artisan Bakeries Inc.",
        "Great Lakes Packaging Ltd.",
    )


def test_a_resumes_owner_is_not_a_section_heading_nor_a_skill():
    text = (
        "CONTACT DETAILS\nE-mail\ncgalloway@example.com\nKey Skills\nSAP MM\nLean "
        "Six\nPhone\n+1 (512) 555-0114\n"
        "Callum GALLOWAY\nLogistics Coordinator\nWORK EXPERIENCE\n09/2021 - present  Logistics Manager\n"
    )
    assert _extract(text, "full name").data["full_name"] == "Callum GALLOWAY"


def test_a_column_of_labels_read_before_its_column_of_values():
    html = (
        "<html><body><h1>EXTRACTO</h1><div><div><p>Titular de la cuenta</p><p>Periodo</p></div>"
        "<div><p>IGNACIO SERRANO GARCÍA</p><p>16/06/2022 - 15/07/2022</p></div></div>"
        "<div><div><p>Saldo anterior</p><p>Depósitos</p><p>Saldo actual</p></div>"
        "<div><p>$323,635.00</p><p>$93,417.00</p><p>$359,377.00</p></div></div></body></html>"
    )
    result = get_processor("extract").process(
        html.encode(),
        filename="extracto.html",
        options={"strategy": "global", "prompt": "account holder, opening balance, closing balance"},
    )
    assert (
        result.data["account_holder"],
        result.data["opening_balance"],
        result.data["closing_balance"],
    ) == (
        "IGNACIO SERRANO GARCÍA",
        "323635.00",
        "359377.00",
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Solde au début de la période : 8 628,03 € ; solde à la fin de la période : 8 940,30 €.",
            {"opening_balance": "8628.03", "closing_balance": "8940.30"},
        ),
        (
            "Il saldo iniziale era di 7.165,53 EUR e il saldo finale è di 7.402,10 EUR.",
            {"opening_balance": "7165.53", "closing_balance": "7402.10"},
        ),
        (
            "Der Anfangssaldo beträgt 5.987,73 EUR, der Endsaldo 7.232,11 EUR.",
            {"opening_balance": "5987.73", "closing_balance": "7232.11"},
        ),
        (  # labels after a sentence's full stop, on the sentence's line
            "Extrato referente ao período de 1 de janeiro de 2015 a 31 de janeiro de 2015. "
            "Saldo inicial: R$ 45.680,09. Saldo final: R$ 58.838,77.",
            {"opening_balance": "45680.09", "closing_balance": "58838.77"},
        ),
    ],
)
def test_balances_written_inside_sentences_in_other_languages(sentence, expected):
    text = f"Banque Exemple\nStatement\n\nMadame, Monsieur,\n{sentence}\n"
    result = _extract(text, prompt="opening balance, closing balance")
    assert {k: result.data.get(k) for k in expected} == expected


def test_a_short_label_inside_a_sentence_is_not_read_as_its_field():
    text = "Factuur F-12\nBedrag excl. BTW €3.207,54\n9% btw €288,68\nTotaalbedrag €3.496,22\n"
    assert _extract(text, prompt="tax, total").data.get("tax") != "3207.54"


def test_a_description_wrapped_over_three_lines_stays_with_its_row():
    text = """Purchase order PO-2014-2877

Line | Description              | Qty | Unit price |   Amount
-------------------------------------------------------------
1    | Consulting services      |   1 |     679.20 |   679.20
     | (hours) (3 March         |     |            |
     | 2014)                    |     |            |
2    | Consulting services      |   2 |     679.20 | 1,358.40
     | (hours) (4 March         |     |            |
     | 2014)                    |     |            |
3    | USB-C cable 2 m          |  38 |      91.25 | 3,467.50

Total: 5,505.10
"""
    items = _extract(text, prompt="line items (description, quantity, unit price, amount)").data["line_items"]
    assert [item["description"] for item in items] == [
        "Consulting services (hours) (3 March 2014)",
        "Consulting services (hours) (4 March 2014)",
        "USB-C cable 2 m",
    ]


def test_skills_on_one_line_apart_by_dashes_and_chevrons():
    text = (
        "Marta Reis\nCompetências\n• Gestão de marca - SEO\n• Administração de terapêutica "
        "\u203a Suporte básico de vida\n"
        "• E-mail-marketing\n\nExperiência profissional\n2015 - 2024  Gestora, Lisboa\n"
    )
    assert _extract(text, "skills").data["skills"] == [
        "Gestão de marca",
        "SEO",
        "Administração de terapêutica",
        "Suporte básico de vida",
        "E-mail-marketing",
    ]


def test_a_sidebar_resumes_owner_is_the_name_the_email_spells():
    # given a sidebar read first: contact details and skills, then the owner's name and title
    text = (
        "Contact details\namelia.whitfield@example.org\n+1 (415) 555-0170\nBoston\nCORE COMPETENCIES\n"
        "Market research\nGoogle Ads\nCopywriting\nAmelia Whitfield\nMarketing "
        "Manager\nPROFESSIONAL SUMMARY\n"
        "Digital marketer.\nWork Experience\n2014 - present\nMarketing Manager\nFairbanks "
        "Catering Inc., Boston\n"
    )
    result = _extract(text, "full name, email, skills")
    assert result.data["full_name"] == "Amelia Whitfield"
    assert result.data["skills"] == ["Market research", "Google Ads", "Copywriting"]
    # an initial and a surname spell it too
    text = "Desarrollador de software\nSergio Romero\nsromero86@example.com\nCOMPETENCIAS\nJava\nGit\n"
    assert _extract(text, "full name").data["full_name"] == "Sergio Romero"


def test_a_statement_whose_movements_name_shops_and_cards_is_not_a_receipt():
    rows = [
        ("16/06/2022", "Pago con tarjeta Supermercado Castilla", "-263.00", "323,372.00"),
        ("16/06/2022", "Recibo Aguas de la Sierra", "-1,991.00", "321,381.00"),
        ("22/06/2022", "Reintegro cajero", "-1,800.00", "319,581.00"),
        ("22/06/2022", "Compra tarjeta Bar Levante", "-1,660.00", "317,921.00"),
        ("23/06/2022", "Recibo Gas Natural", "-91.00", "317,830.00"),
        ("24/06/2022", "Reintegro cajero", "-200.00", "317,630.00"),
        ("24/06/2022", "Compra tarjeta Bar Sol", "-12.00", "317,618.00"),
        ("25/06/2022", "Recibo Telefonía", "-45.00", "317,573.00"),
        ("25/06/2022", "Pago con tarjeta Farmacia Pérez", "-1,778.00", "315,795.00"),
    ]
    text = "Banco Horizonte\nEXTRACTO\nIGNACIO SERRANO GARCÍA\n"
    text += "Fecha | Movimiento | Importe | Saldo\n" + "\n".join(" | ".join(row) for row in rows) + "\n"
    assert _extract(text, strategy="auto").document_type == "bank_statement"


def test_a_statement_whose_movements_carry_one_amount_each_is_not_a_receipt():
    """Movements printed with their booking and value dates and one amount, no running balance."""
    rows = [
        ("03/02/2024", "03/02/2024", "Compra tarjeta Cafetería Roble", "-8,40"),
        ("03/02/2024", "04/02/2024", "Reintegro cajero", "-120,00"),
        ("05/02/2024", "05/02/2024", "Pago con tarjeta Farmacia Luz", "-23,15"),
        ("06/02/2024", "07/02/2024", "Compra tarjeta Panadería Sol", "-4,90"),
        ("08/02/2024", "08/02/2024", "Reintegro cajero", "-60,00"),
        ("09/02/2024", "09/02/2024", "Compra tarjeta Bar Puerto", "-11,30"),
        ("12/02/2024", "12/02/2024", "Pago con tarjeta Librería Norte", "-18,75"),
        ("14/02/2024", "15/02/2024", "Reintegro cajero", "-40,00"),
    ]
    text = (
        "Banco del Valle\nLucía Herrera Gil\nExtracto\nFecha        F. valor     Descripción      Importe\n"
    )
    text += "\n".join("    ".join(row) for row in rows) + "\n"
    assert _extract(text, strategy="auto").document_type == "bank_statement"


def test_a_statements_holder_is_the_name_over_its_address_when_no_label_names_it():
    text = (
        "Banque Cantonale de l'Orée\n34 rue Victor Hugo\n75011 Paris\n\nTHÉO MOREAU\n58 chemin des Vignes\n"
        "31000 Toulouse\n\nRELEVÉ DE COMPTE\nIBAN FR70 **** **** **** **** ***6 814\nBIC AGRIFRPP\n"
        "Solde initial : 8 628,03 €\n"
    )
    result = _extract(text, "account holder, opening balance")
    assert (result.data["account_holder"], result.data["opening_balance"]) == ("THÉO MOREAU", "8628.03")
    # a bank's line of codes over an amount is nobody's name
    text = "Banca Etrusca\nBIC UBGNCHXX\nSaldo precedente 565.82 CHF\n"
    assert _extract(text, "account holder").data.get("account_holder") is None


def test_a_position_held_to_present_ends_in_the_year_the_resume_was_written():
    # written in May 2024: "04/2010 - present" is fourteen years, whatever year it is read in
    text = (
        "Daniel Brooks\ndaniel.brooks@example.com\n\nExperience\nLogistics Manager, Harbor Freight\n"
        "09/2021 - present\nShipping Coordinator, Delta Lines\n04/2010 - 08/2021\n\nEducation\n"
        "2007 - 2010 Diploma in Logistics\n\nAustin, May 2024\n"
    )
    assert _extract(text, "years of experience", strategy="per_document").data["years_experience"] == 14


def test_a_masked_account_number_inside_a_sentence_gives_its_last_digits():
    text = (
        "Nordlicht Bank AG\nKONTOAUSZUG\nSehr geehrte Kundin, sehr geehrter Kunde, für Ihr Konto "
        "DE83xxxxxxxxxxxxxx0086 weisen wir für den Zeitraum 2021-12-16 bis 2022-01-15 einen Saldo aus.\n"
        "Alter Kontostand  3.508,44\nNeuer Kontostand  3.499,60\n"
    )
    assert _extract(text, "account number last4", name="auszug.txt").data["account_number_last4"] == "0086"


def test_two_balances_in_one_sentence_apart_at_a_semicolon():
    text = (
        "Crédit Mutuel de la Vallée\nExtrait de compte\n"
        "Relevé de votre compte pour la période du 1 juil. 2022 au 30 sept. 2022.\n"
        "Solde au début de la période : 2 980,49 € ; solde à la fin : 7 360,25 €.\n"
    )
    data = _extract(text, "opening balance, closing balance", name="releve.txt").data
    assert (data["opening_balance"], data["closing_balance"]) == ("2980.49", "7360.25")


def test_a_payment_deadline_whose_date_wraps_onto_the_next_line():
    text = (
        "Éditions du Quai SA\nBruxelles, 03/06/2023\nFacture n° VF-2310-908\nNet à payer 441,65 EUR\n"
        "Nous vous remercions de bien vouloir régler la somme de 441,65 EUR au plus tard le\n"
        "17/06/2023.\n"
    )
    assert _extract(text, "invoice number, due date", name="facture.txt").data["due_date"] == "2023-06-17"


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # a column of addresses beside the period's cell
        (
            "Avenida Sol 4, Col. Roma  Periodo  Del 1 de marzo de 2024 al 31 de marzo",
            "C.P. 06700  de 2024",
            ("2024-03-01", "2024-03-31"),
        ),
        ("Kontoauszug für den Zeitraum vom 01.04.2024 bis", "30.04.2024", ("2024-04-01", "2024-04-30")),
        (
            "| Periode           van 3 juni 2024 tot 2  |",
            "|                   juli 2024             |",
            ("2024-06-03", "2024-07-02"),
        ),
    ],
)
def test_a_statement_period_whose_end_wraps_onto_the_next_line(first, second, expected):
    text = f"Banco Norte\nTitular: Marta Ruiz\n{first}\n{second}\nSaldo inicial: 100,00 €\n"
    result = _extract(text, "statement period start, statement period end")
    assert (result.data["statement_period_start"], result.data["statement_period_end"]) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("1 February to 28 February 2025", ("2025-02-01", "2025-02-28")),
        ("Période du 1er mars au 31 mars 2024", ("2024-03-01", "2024-03-31")),
        ("Statement period: March 1 - March 31, 2024", ("2024-03-01", "2024-03-31")),
        ("Zeitraum 1. Mai bis 31. Mai 2024", ("2024-05-01", "2024-05-31")),
    ],
)
def test_a_period_whose_first_date_takes_the_year_of_the_second(printed, expected):
    text = f"Harbourside Bank\nYour Classic Current Account\n{printed}\nAccount name  MR OLIVER WHITFIELD\n"
    result = _extract(text, "statement period start, statement period end")
    assert (result.data["statement_period_start"], result.data["statement_period_end"]) == expected


def test_labels_led_to_their_values_by_a_long_row_of_dots():
    leader = "." * 150
    text = (
        "Spaarbank Noord\nRekeninghouder: Joost Visser\nAfschrift nr. 12\n"
        f"Vorig saldo {leader} € 13.343,15\nNieuw saldo {'…' * 40} € 12.514,58\n"
    )
    result = _extract(text, "opening balance, closing balance")
    assert (result.data["opening_balance"], result.data["closing_balance"]) == ("13343.15", "12514.58")


@pytest.mark.parametrize(
    ("label", "rate"),
    [("TVA", "20%"), ("IVA", "21 %"), ("Sales tax", "(6.5%)"), ("MwSt.", "19,0 %")],
)
def test_a_tax_rate_in_a_cell_of_its_own_between_the_label_and_the_amount(label, rate):
    text = (
        "Facture FA-2025-3001\n"
        f"{'Montant HT':<30}4 287,50 €\n{label:<20}{rate:<10}857,50 €\n{'Net à payer':<30}5 145,00 €\n"
    )
    result = _extract(text, "subtotal, tax, total")
    assert (result.data["subtotal"], result.data["tax"], result.data["total"]) == (
        "4287.50",
        "857.50",
        "5145.00",
    )


def test_a_number_in_a_sentence_ending_in_a_colon_is_still_read():
    text = (
        "Moretti Forniture Sagl\nOrdine di acquisto\n"
        "Con la presente ordiniamo quanto segue (ordine n. ORD-2022-4271 del 19 giugno 2022):\n"
        "Totale ordine    CHF 618.12\n"
    )
    assert _extract(text, "po number, total").data["po_number"] == "ORD-2022-4271"


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("Junto enviamos a fatura n.º FR 2023/6848 de 22 de fevereiro de 2023.", "FR 2023/6848"),
        ("Segue em anexo a fatura n.º FT 2021A/1911 de 3 de março de 2022.", "FT 2021A/1911"),
        ("Please find attached invoice no. 2023/6848 of 22 February 2023.", "2023/6848"),
        ("Veuillez trouver ci-joint notre facture n° FT 2024-118 du 3 mars 2024.", "FT 2024-118"),
        ("Anbei erhalten Sie unsere Rechnung Nr. RE 2023-0815 vom 12. Januar 2023.", "RE 2023-0815"),
        ("In allegato la fattura n. FT 12/2023 del 3 marzo 2023.", "FT 12/2023"),
    ],
)
def test_an_invoice_number_in_a_sentence_keeps_its_series_letters(sentence, number):
    text = f"Gomes Lda.\nRua do Comércio 12\n{sentence}\nTotal 100,00 EUR\n"
    assert _extract(text, "invoice number, total").data["invoice_number"] == number


@pytest.mark.parametrize("gap", ["   ", " "])  # two cells, or one as OCR runs them together
def test_an_indian_invoices_integrated_gst_is_its_tax_not_a_rows_tax_column(gap):
    text = (
        "Tax Invoice\nSold By: Vardhman Retail Pvt. Ltd.\nInvoice No. : FAAACZ1500123456\n"
        "Product  |  Qty  |  Gross Amount  |  Tax  |  Total\n"
        "Headset with microphone  |  2  |  18,744.72  |  3,374.04  |  22,118.76\n"
        "USB charging cable  |  1  |  423.73  |  76.27  |  500.00\n"
        f"Grand Total  Rs 22,618.76\nSubtotal Rs 19,168.45{gap}IGST Rs 3,450.31\n"
    )
    result = _extract(text, "invoice number, subtotal, tax and total")
    assert result.data["tax"] == "3450.31"
    assert result.data["total"] == "22618.76"


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ("Fatura FT 2024/318", "FT 2024/318"),  # the document's title, its series, its number
        ("Rechnung RE 2023-0815", "RE 2023-0815"),
        ("Factura FV 118", "FV 118"),
        ("Factuur F202266193", "F202266193"),
    ],
)
def test_the_title_before_a_number_with_its_series_apart_labels_the_invoice_number(title, number):
    text = f"Gomes Lda.\nRua do Comércio 12\n{title}\nData 2024-05-06\nTotal 535,62 EUR\n"
    assert _extract(text, "invoice number, total").data["invoice_number"] == number


@pytest.mark.parametrize(
    ("sentence", "closing"),
    [
        ("weisen wir Anfangssaldo von 3.800,15 EUR und einen Endsaldo von 3.858,24 EUR aus.", "3858.24"),
        ("Der Anfangssaldo beträgt 3.800,15 EUR, der Endsaldo 3.858,24 EUR.", "3858.24"),
    ],
)
def test_a_closing_balance_in_a_sentences_second_clause_beats_a_running_balance_columns_first_row(
    sentence, closing
):
    text = (
        f"Nordlicht Bank AG\nKONTOAUSZUG\nSehr geehrte Kundin, sehr geehrter Kunde,\n{sentence}\n\n"
        "Datum  |  Vorgang  |  Umsatz  |  Kontostand\n"
        "16.12.  |  Erstattung Sonnenhof-Markt  |  151,00  |  3.951,15\n"
        "17.12.  |  girocard Getränke Wagner  |  92,91-  |  3.858,24\n"
    )
    result = _extract(text, prompt="opening balance, closing balance")
    assert result.data["closing_balance"] == closing
    assert result.data["opening_balance"] == "3800.15"


@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        ("Payable à 30 jours, échéance le 13.04.2023. Merci de votre confiance.", "2023-04-13"),
        ("Pago a 30 días, vencimiento el 13/04/2023.", "2023-04-13"),
        ("Pagamento a 30 giorni, scadenza il 13/04/2023.", "2023-04-13"),
    ],
)
def test_a_due_date_after_its_label_and_an_article_inside_a_sentence(sentence, due):
    text = f"Atelier Roux\nFacture 2023-118\nTotal CHF 1'295.63\n{sentence.replace('30', 'trente')}\n"
    assert _extract(text, "due date").data["due_date"] == due


def test_years_of_experience_from_positions_whose_dash_a_scan_lost_between_cells():
    text = (
        "Katharina Weiß\nk.weiss@posteo.de\nBerufserfahrung\n"
        "04/2019  heute  Senior Data Engineer, Lufthansa Systems\n"
        "10/2013  08/2015  Werkstudentin BI, BASF\nHeidelberg, 3. März 2024\n"
    )  # April 2019 to March 2024, when it was written (5 years), and 23 months from October 2013
    assert _extract(text, "years of experience").data["years_experience"] == 6


@pytest.mark.parametrize(
    ("lines", "phone"),
    [
        (
            "Thomas Lefèvre\nChef de projet\nTéléphone : 06 12 34 56 78\nExpérience professionnelle\n",
            "+33612345678",
        ),
        ("Katharina Weiß\nLebenslauf\nTelefon: 06221 478302\nBerufserfahrung\n", "+496221478302"),
        ("Jane Doe\nResume\nPhone: (415) 555-0134\nExperience\n", "+14155550134"),
    ],
)
def test_a_phone_number_without_its_country_code_is_dialled_where_the_document_is_written(lines, phone):
    assert _extract(lines, "phone").data["phone"] == phone


@pytest.mark.parametrize(
    ("subject", "number"),
    [
        ("Asunto: factura F20210126-10", "F20210126-10"),
        ("Betreff: Rechnung RE-2023-118", "RE-2023-118"),
        ("Subject: Invoice INV-00042", "INV-00042"),
    ],
)
def test_an_invoice_number_on_a_subject_line(subject, number):
    text = f"Hermanos Pérez S.L.\nCalle Mayor, 155\n{subject}\nEstimados señores:\nTotal 637,40 €\n"
    assert _extract(text, "invoice number, total").data["invoice_number"] == number


def test_another_fields_label_and_value_beside_a_label_is_not_its_value():
    text = (
        "Lindenhof IT-Systeme e.U.\nHauptstraße 150\n5020 Salzburg\n\n"
        "Rechnungsnummer    UID ATU89013307\nR20239097\n\nGesamtbetrag 1.200,00 EUR\n"
    )
    assert _extract(text, "invoice number, total").data["invoice_number"] == "R20239097"


def test_a_column_of_labels_ending_in_labels_of_other_things_before_its_values():
    html = (
        "<html><body><p>Instalaciones Molina S.L.U.</p><p>FACTURA</p><p>Facturar a</p>"
        "<p>Hermanos Molina S.A.</p><p>Avenida de la Constitución, 138</p><p>50001 Zaragoza</p>"
        "<div><p>Nº de factura</p><p>Fecha de factura</p><p>Vence</p><p>Código cliente</p></div>"
        "<div><p>A/2022/2598</p><p>08-dic-2022</p><p>22-dic-2022</p><p>816139</p></div>"
        "<p>Total 7.771,75 €</p></body></html>"
    )
    result = get_processor("extract").process(
        html.encode(),
        filename="factura.html",
        options={"strategy": "global", "prompt": "invoice number, due date"},
    )
    assert (result.data["invoice_number"], result.data["due_date"]) == ("A/2022/2598", "2022-12-22")


@pytest.mark.parametrize(
    ("label", "header"),
    [
        ("Bestellwert", "Menge  |  Bezeichnung  |  Gesamt"),
        ("Total commande", "Qté  |  Désignation  |  Total"),
        ("Orderwaarde", "Aantal  |  Omschrijving  |  Totaal"),
        ("Total pedido", "Cantidad  |  Descripción  |  Total"),
    ],
)
def test_an_orders_total_is_its_order_value_not_the_first_line_under_the_amount_column(label, header):
    text = (
        f"Objektservice Weiß AG\nBestellnummer: PO-4711\n{header}\n"
        "71  |  Patchkabel Cat 6, 3 m  |  660,30 €\n10  |  Monitor 27 Zoll 4K  |  3.589,50 €\n"
        f"{label}  |  4.249,80 €\n"
    )
    assert _extract(text, "po number, total").data["total"] == "4249.80"


@pytest.mark.parametrize(
    ("net", "gross"),
    [
        ("Bestellwert netto", "Bestellsumme brutto"),
        ("Orderwaarde netto", "Totaal incl. BTW"),  # a guard: read right before this session too
    ],
)
def test_an_orders_total_is_its_gross_not_the_net_value_its_lines_add_up_to(net, gross):
    text = (
        "Holzbau Pichler GmbH\nBestellnummer: PO-4711\nMenge  |  Bezeichnung  |  Gesamt\n"
        "71  |  Patchkabel Cat 6, 3 m  |  660,30 €\n10  |  Monitor 27 Zoll 4K  |  3.589,50 €\n"
        f"{net}  |  4.249,80 €\n+ 20 % USt.  |  849,96 €\n{gross}  |  5.099,76 €\n"
    )
    assert _extract(text, "po number, total").data["total"] == "5099.76"


def test_a_stack_of_values_each_over_its_caption_reads_each_label_with_the_value_above():
    html = (
        "<html><body><p>Bürobedarf Wagner OHG</p><p>Rosenweg 17</p><p>80331 München</p><p>Rechnung</p>"
        "<p>RE-1902766</p><p>Rechnung Nr.</p><p>30.10.2019</p><p>Datum</p><p>9.11.2019</p><p>Zahlbar bis</p>"
        "<p>981322</p><p>Kundennummer</p><p>€ 14.791,17</p><p>Zu zahlender Betrag</p></body></html>"
    )
    result = get_processor("extract").process(
        html.encode(),
        filename="rechnung.html",
        options={"strategy": "global", "prompt": "invoice number, invoice date, due date"},
    )
    assert (result.data["invoice_number"], result.data["invoice_date"], result.data["due_date"]) == (
        "RE-1902766",
        "2019-10-30",
        "2019-11-09",
    )


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("NE-2024-1643  |  N.º de encomenda", "NE-2024-1643"),  # the number left of its label
        ("Bestelbonnummer IO20208738", "IO20208738"),
        ("ORDINE D'ACQUISTO ORD-2015-9822", "ORD-2015-9822"),  # the title before the number
    ],
)
def test_an_orders_number_in_portuguese_dutch_and_italian_wordings(line, number):
    text = f"Sousa & Marques S.A.\nRua da Consolação, 128\n{line}\nTotal 1.200,00\n"
    assert _extract(text, "po number").data["po_number"] == number


@pytest.mark.parametrize(
    ("number_label", "total_label"),
    [
        ("Rechnungskorrektur Nr.", "Gutschriftsbetrag"),
        ("Credit Note No.", "Total Credit"),
        ("Avoir n°", "Total avoir"),
        ("Creditnota nr.", "Te crediteren"),
    ],
)
def test_a_credit_notes_number_and_total(number_label, total_label):
    text = (
        f"Technikhaus Bauer GmbH\n{number_label} RK-2023-017\nDatum 05.06.2023\n"
        "Rücknahme Monitor 27 Zoll  -420,00 €\nNettobetrag  -420,00 €\nMwSt. 19 %  -79,80 €\n"
        f"{total_label}  -499,80 €\n"
    )
    result = _extract(text, "invoice number, total")
    assert (result.data["invoice_number"], result.data["total"]) == ("RK-2023-017", "-499.80")


@pytest.mark.parametrize(
    ("lines", "years"),
    [
        ("Contable con una trayectoria de 17 años en contabilidad.\nAgo 2003-presente  Auxiliar\n", 17),
        (
            "05.2016 - laufend  Bauleiter\n01.2010 - 04.2016  Ingenieur\nKöln, Februar 2021\n",
            11,
        ),
        (
            "04/2017-o momento  Engenheira\n08/2012-06/2015  Técnica\nAtualizado em 2024-07-31\n",
            10,  # 88 months to July 2024 and 35 more: the three years between them are no experience
        ),
        (
            "10/2013 - huidig  Manager\n06/2002 - 07/2009  Assistent\nBijgewerkt op juli 2019\n",
            13,  # 70 months to July 2019 and 86 before the gap
        ),
        (
            "Déc. 2017 - présent  Infirmière\nMars 2011 - Févr. 2017  Aide\nMis à jour le avril 2019\n",
            7,  # 17 months to April 2019 and 72 before the gap
        ),
        ("Déc. 2012 - Janv. 2024  Assistant logistique\n", 11),  # by its months: 11 years and 2 months
        ("Analista de Dados Pleno  jan/2018 - jun/2023\nAnalista de BI Júnior  mar/2014 - dez/2017\n", 9),
        ("December 2017 to April 2019  Senior\nMarch 2017 to November\n2017  Engineer\n", 2),  # an end unread
    ],
)
def test_years_of_experience_from_a_career_sentence_or_a_position_held_to_this_day(lines, years):
    assert (
        _extract(f"Paula Ramos\npaula.ramos@example.org\n{lines}", "years of experience").data[
            "years_experience"
        ]
        == years
    )


@pytest.mark.parametrize(
    "closing",
    [
        "Kind regards",
        "Yours sincerely,",
        "Mit freundlichen Grüßen",
        "Cordialement",
        "Met vriendelijke groet",
        "Atentamente",
        "Cordiali saluti",
        "Atenciosamente",
    ],
)
def test_a_letters_closing_is_no_ones_name(closing):
    """A letter without a letterhead: its closing is no vendor; the name signed under it is."""
    text = (
        "Dear Mr Becker,\nplease find attached our invoice.\nInvoice number: R-2024-11\n"
        f"Total: 100.00 EUR\n{closing}\nKlaus Wendt\n"
    )
    assert _extract(text, "vendor name, invoice number, total").data["vendor_name"] == "Klaus Wendt"


@pytest.mark.parametrize(
    ("brand", "footer", "vendor"),
    [
        ("ferrybridge", "Ferrybridge Telecom Ltd, 3 Wharf Road, Hull HU1 2BN.", "Ferrybridge Telecom Ltd"),
        (
            "ALTAMIRA",
            "Deportes Altamira S.L. · CIF B12345678 · Calle Mayor 4, Burgos",
            "Deportes Altamira S.L.",
        ),
        (
            "Hollerbusch",
            "Gartenwelt Hollerbusch GmbH  Amtsgericht Bremen HRB 12345",
            "Gartenwelt Hollerbusch GmbH",
        ),
        (
            "Le Chaudron d'Or",
            "Le Chaudron d'Or Traiteur Sàrl · Rue du Marché 4",
            "Le Chaudron d'Or Traiteur Sàrl",
        ),
        (
            "ANDINA",
            "Andina Logística Integral S.A.S. · NIT 901.234.567-8",
            "Andina Logística Integral S.A.S.",
        ),
    ],
)
def test_a_letterheads_brand_is_the_company_its_footer_names_with_its_legal_form(brand, footer, vendor):
    text = (
        f"{brand}\n\nInvoice number: 2024-118\nInvoice date: 14 March 2024\n\nBill to:\nMaple Dental Care\n"
        f"12 Tolpuddle Lane\n\nConsulting  1  500.00  500.00\nTotal  500.00\n\n{footer}\n"
    )
    assert _extract(text, "vendor name, customer name").data == {
        "vendor_name": vendor,
        "customer_name": "Maple Dental Care",
    }


def test_a_telecom_bill_is_an_invoice():
    text = (
        "ferrybridge\nAccount number  4471 902 318\nBill number  FB-2403-118845\nBill date  14 March 2024\n"
        "Billing period  1 Mar - 31 Mar 2024\nYour bill at a glance\nPayment received 28 February 2024 - "
        "thank you  -£151.08\nTotal to pay  £149.23\nTotal charges before VAT  £124.36\nVAT at 20%  £24.87\n"
    )
    result = _extract(text, strategy="auto")
    assert (result.document_type, result.data.get("subtotal")) == ("invoice", "124.36")


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        (
            "Polderbank\nRekeningafschrift\nRekening  NL47 PLDB 0612 7789 04\n"
            "Tenaamstelling  J.W. Brinkman\nPeriode  1 juni 2024 t/m 30 juni 2024\n"
            "Beginsaldo  1.845,20\nEindsaldo per 30-06-2024  5.401,83\n",
            "EUR",
        ),
        (
            "PURCHASE ORDER\nPO Number: PO-2024-0412\nPO Date: 12-03-2024\n"
            "Supplier: Deccan Castings Pvt. Ltd.\nItem  Qty  Rate (Rs.)  Amount (Rs.)\n"
            "Cast housing  40  1,250.00  50,000.00\nGrand Total  Rs. 59,000.00\n",
            "INR",
        ),
    ],
)
def test_a_statements_and_an_orders_currency_without_a_prompt(text, currency):
    assert _extract(text, strategy="auto").data.get("currency") == currency


def test_skills_on_lines_split_at_separators_not_inside_brackets():
    text = (
        "Oliver Reyes\noliver.reyes@example.org\nCOMPETENCIAS\n"
        "Cuidados críticos · Ventilación mecánica · Contract administration (JCT, NEC4)\n"
        "Hemofiltración · Triaje Manchester · Historia clínica electrónica\n"
        "Idiomas  Español (nativo), Inglés (B2)\n"
    )
    assert _extract(text, "skills").data["skills"] == [
        "Cuidados críticos",
        "Ventilación mecánica",
        "Contract administration (JCT, NEC4)",
        "Hemofiltración",
        "Triaje Manchester",
        "Historia clínica electrónica",
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "Note d'honoraires n° H-2024-0215 du 12 février 2024",
        "Honorarnote Nr. H-2024-0215 vom 12. Februar 2024",
        "Parcella n. H-2024-0215 del 12 febbraio 2024",
    ],
)
def test_a_fee_notes_number(heading):
    text = f"Cabinet Vasseur Avocats\n{heading}\nHonoraires  1 200,00\nTotal  1 440,00\n"
    assert _extract(text, "invoice number, invoice date").data == {
        "invoice_number": "H-2024-0215",
        "invoice_date": "2024-02-12",
    }


@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        (
            "We'll collect £149.23 by Direct Debit from your account ending 0917 on or after 28 March 2024.",
            "2024-03-28",
        ),
        ("Den Nachzahlungsbetrag von 186,44 € buchen wir am 05.02.2024 von Ihrem Konto ab.", "2024-02-05"),
        (
            "Het totaalbedrag van € 272,25 wordt op of rond 8 maart 2024 automatisch afgeschreven.",
            "2024-03-08",
        ),
        ("Le montant de 35,70 € sera prélevé le 16/03/2024 sur votre compte.", "2024-03-16"),
    ],
)
def test_the_day_a_direct_debit_takes_the_amount_is_the_due_date(sentence, due):
    text = f"Rechnungsnummer: R-77\nDate: 01.03.2024\nTotal: 35,70\n\n{sentence}\n"
    assert _extract(text, "due date").data["due_date"] == due


def test_a_label_beside_a_partys_label_is_no_name():
    text = (
        "Conservas Marineras del Cantábrico S.A.\nPEDIDO DE COMPRA\nNº DE PEDIDO  PC-24/1188\n"
        "Proveedor:  Entregar en:\nEnvases Metálicos Ibarra S.L.  Almacén 2 - Conservas Marineras\n"
        "Barrio Ugarte 22, 48970 Basauri  Ctra. de Cicero km 1,2, 39740 Santoña\n"
    )
    assert _extract(text, "supplier").data["supplier"] == "Envases Metálicos Ibarra S.L."


def test_an_indian_orders_buyer_is_its_letterhead_in_capitals_with_its_legal_form():
    text = (
        "KAVERI PRECISION COMPONENTS PVT. LTD.\nGat No. 118, Chakan MIDC Phase II, Pune - 410501\n"
        "PURCHASE ORDER\nTo,  P.O. No.  : KPC/PO/24-25/0417\n"
        "Shree Ganesh Industrial Supplies  P.O. Date  : 08-07-2024\n"
    )
    assert _extract(text, "buyer").data["buyer"] == "KAVERI PRECISION COMPONENTS PVT. LTD."


def test_a_titles_number_before_a_date_link_and_a_vat_numbers_label_above_it():
    text = (
        "Verhoef Procesadvies\nBrouwerij Den Hoorn NV\nBTW BE 0403.551.209\n"
        "Factuur 2024-031 d.d. 29 februari 2024\nOmschrijving  Aantal  Tarief  Bedrag\n"
        "Procesanalyse (uren)  32  € 95,00  € 3.040,00\nTotaal  € 3.040,00\n"
    )
    data = _extract(text, "invoice number, invoice date, tax").data
    assert (data.get("invoice_number"), data.get("invoice_date"), data.get("tax")) == (
        "2024-031",
        "2024-02-29",
        None,
    )


def test_a_longer_label_than_the_vocabularys_labels_nothing():
    """A Mexican invoice's number is its "Folio"; the "Folio fiscal (UUID)" is the tax office's."""
    text = (
        "Agencia Colibrí Digital, S.A. de C.V.\nFactura\n"
        "Folio fiscal (UUID): 6F2A9C1E-4B7D-4E21-9A3C-7D55B0E81F42\n"
        "RFC: ACD180412KJ7  Folio:  A-1587\nFecha de emisión:  2024-08-15T10:32:11\nTotal  $35,380.00\n"
    )
    data = _extract(text, "invoice number, invoice date").data
    assert (data["invoice_number"], data["invoice_date"]) == ("A-1587", "2024-08-15")


def test_a_tax_tables_tax_column_is_its_surest_heading_not_the_rate():
    """ "Steuersatz" (the rate) is a weak word for the tax; the "USt" column holds the tax."""
    text = (
        "Summe netto  € 1.604,60\n\nSteuersatz  Netto  USt  Brutto\n"
        "10 %  € 1.137,60  € 113,76  € 1.251,36\n20 %  € 467,00  € 93,40  € 560,40\n"
        "Gesamt  € 1.604,60  € 207,16  € 1.811,76\n\nZu zahlen  € 1.811,76\n"
    )
    assert _extract(text, "subtotal, tax, total").data == {
        "subtotal": "1604.60",
        "tax": "207.16",
        "total": "1811.76",
    }


def test_of_two_totals_the_one_the_tax_makes_the_other_is_the_subtotal():
    text = "Totale onorari  13'236.00\nIVA 8.1%  1'072.12\nTotale fattura CHF  14'308.12\n"
    assert _extract(text, "subtotal, tax, total").data == {
        "subtotal": "13236.00",
        "tax": "1072.12",
        "total": "14308.12",
    }


def test_an_orders_total_before_tax_is_its_total_when_nothing_adds_the_tax():
    text = (
        "ORDINE D'ACQUISTO N. OA/2025/0088 del 10/03/2025\nDescrizione  Q.tà  Prezzo €  Importo €\n"
        "Scatola americana 600x400x400  1200  1,38  1.656,00\nReggia PP 12 mm (bobina)  40  27,80  1.112,00\n"
        "Totale ordine (IVA esclusa)  € 2.768,00\nIVA 22% da applicare in fattura.\n"
    )
    assert _extract(text, "po number, total").data == {"po_number": "OA/2025/0088", "total": "2768.00"}


def test_an_argentine_invoices_net_taxed_amount_and_due_date():
    text = (
        "FACTURA  N° 00004-00001287\nFecha de Emisión: 14/03/2025\n"
        "Período Facturado Desde: 01/03/2025  Hasta: 14/03/2025  Fecha de Vto. para el pago: 13/04/2025\n"
        "Importe Neto Gravado: $  4.220.200,00\nIVA 27%: $  0,00\nIVA 21%: $  886.242,00\n"
        "Importe Total: $  5.106.442,00\n"
    )
    assert _extract(text, "due date, subtotal, tax, total").data == {
        "due_date": "2025-04-13",
        "subtotal": "4220200.00",
        "tax": "886242.00",
        "total": "5106442.00",
    }


def test_a_total_excluding_the_tax_is_the_subtotal_beside_a_total_including_it():
    text = (
        "Total Excluding SST  RM 13,340.00\nService Tax @ 8%  RM 1,067.20\n"
        "Total Including SST  RM 14,407.20\n"
    )
    assert _extract(text, "subtotal, tax, total").data == {
        "subtotal": "13340.00",
        "tax": "1067.20",
        "total": "14407.20",
    }


def test_a_company_registers_numbers_label_nothing():
    """ "Folio" is a Mexican invoice's number, and also a page of Spain's company register."""
    text = (
        "Laboratorio Clínico Albarrán, S.L.\nFACTURA Nº  FECHA\nA-2024/0456  07/03/2024\n"
        "TOTAL FACTURA  745,00 €\n"
        "Inscrita en el Registro Mercantil de Sevilla, Tomo 5123, Folio 88, Hoja SE-81234.\n"
    )
    assert _extract(text, "invoice number").data == {"invoice_number": "A-2024/0456"}


@pytest.mark.parametrize(
    ("headings", "row", "expected"),
    [
        ("VAT rate  Net  VAT  Gross", "Total  639.51  92.39  731.90", ("639.51", "92.39", "731.90")),
        ("MwSt-Satz  Netto  MwSt  Brutto", "Summe  639,51  92,39  731,90", ("639.51", "92.39", "731.90")),
    ],
)
def test_a_tax_tables_total_row_gives_the_net_the_tax_and_the_gross(headings, row, expected):
    """A hotel folio's charges include their tax; its tax table's total row says how much."""
    text = (
        "Oyster Quay Hotel\nFolio 88213\nAccommodation - Superior King  1  189.00  189.00\n"
        "Dinner - Quay Restaurant  1  68.50  68.50\nPayment - Visa ****4417  542.90\n"
        "Balance due  EUR 0.00\n\n"
        f"VAT analysis\n{headings}\n13.5%  575.77  77.73  653.50\n23%  63.74  14.66  78.40\n{row}\n"
    )
    data = _extract(text, "subtotal, tax, total").data
    assert (data.get("subtotal"), data.get("tax"), data.get("total")) == expected


def test_belgian_totals_without_and_with_tax():
    text = (
        "Toitures Lemaire SRL\nFacture n° 2023-0412\n"
        "Base 6 % : 8.153,00  TVA 6 % : 489,18  Total HTVA  8.642,00 €\n"
        "Base 21 % : 489,00  TVA 21 % : 102,69  Total TVA  591,87 €\nTotal TVAC  9.233,87 €\n"
        "Acompte facturé le 25/08/2023  -3.000,00 €\nSolde à payer  6.233,87 €\n"
    )
    data = _extract(text, "subtotal, tax, total").data
    assert (data.get("subtotal"), data.get("tax"), data.get("total")) == ("8642.00", "591.87", "9233.87")


def test_skills_in_a_cell_after_their_category_end_at_the_next_sections_heading():
    from batches.processing.builtin.fallbacks.skills import _items_under

    lines = [
        (1, "IT  Java, Kotlin, Spring Boot, PostgreSQL"),
        (1, "Sprachen  Deutsch (Muttersprache), Englisch (verhandlungssicher)"),
        (1, "Interessen  Bergsteigen, Open-Source-Projekte"),
    ]
    skills = _items_under(lines, "jonas@example.org")
    assert skills == ["Java", "Kotlin", "Spring Boot", "PostgreSQL"]  # "IT" names their category


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the Dominican Republic: a fiscal receipt number, ITBIS for the tax, "Valor neto"
        (
            "NCF: B0100000457\nValor neto  876,930.00\nITBIS 18%  157,847.40\nTOTAL RD$  1,034,777.40",
            {"invoice_number": "B0100000457", "subtotal": "876930.00", "tax": "157847.40"},
        ),
        # Guatemala: the FEL document's number, the taxable amount
        (
            "Número de DTE: 2847561930\nMonto gravable  Q 9,687.49\nIVA  Q 1,162.51\nGran total  Q 10,850.00",
            {"invoice_number": "2847561930", "subtotal": "9687.49", "tax": "1162.51"},
        ),
    ],
)
def test_latin_american_fiscal_wordings(lines, expected):
    text = f"Ferretería Quisqueya, S.R.L.\nFACTURA DE CRÉDITO FISCAL\n{lines}\n"
    assert _extract(text, "invoice number, subtotal, tax", name="factura.txt").data == expected
