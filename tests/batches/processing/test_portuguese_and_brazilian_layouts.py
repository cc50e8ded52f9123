"""Layouts that Portuguese and Brazilian documents print often, and others do too: a seller named
only in the footer, a label wrapped around its value, the tax authority's own receipt, a DANFE's
boxes, groups of rows with their subtotals, a name and its tax number on one line."""

from __future__ import annotations

import pytest

from tests.batches.processing.extracting import extract_text
from tests.batches.processing.test_extract_layouts import extract, pdf


def test_a_page_count_beside_the_title_is_no_invoice_number():
    text = (
        "FATURA\nOriginal · Pág. 1/1\n\n"
        "Documento        Data doc.      Data venc.\n"
        "FAC 2025/0212    19-02-2025     21-03-2025\n"
    )
    data = extract_text(text, "invoice number, invoice date, due date", name="fatura.txt").data
    assert data == {"invoice_number": "FAC 2025/0212", "invoice_date": "2025-02-19", "due_date": "2025-03-21"}


@pytest.mark.parametrize(
    "name",
    [
        "Frio Atlântico - Refrigeração Comercial, Lda.",
        "Herdade do Monte Cabido - Sociedade Agrícola, Lda.",
        "Ria Digital \u2013 Consultoria Informática, Lda.",
    ],
)
def test_a_seller_named_only_in_the_footer_under_the_customers_block(name):
    """No letterhead: the page opens with the title, a grid and the customer's block; the seller's
    name, a brand and what it does apart by a dash, opens the footer's one-line address."""
    text = (
        "FATURA\n\n"
        "Documento        Data doc.\n"
        "FAC 2025/0212    19-02-2025\n\n"
        "Cliente\n"
        "O Lagar do Funchal, Lda.\n"
        "Rua de Santa Maria, 94\n"
        "9060-291 Funchal\n"
        "Região Autónoma da Madeira\n\n"
        "Total do documento (EUR)      4.351,74\n\n"
        f"{name} · Caminho do Pilar, 15, 9020-242 Funchal · NIPC 511 774 025\n"
    )
    data = extract_text(text, "vendor name, customer name", name="fatura.txt").data
    assert data == {"vendor_name": name, "customer_name": "O Lagar do Funchal, Lda."}


def test_the_next_blocks_heading_beside_the_customers_label_is_no_name():
    """ "Local de entrega / carga" beside "Cliente": two headings sharing their first words."""
    text = (
        "Frio Atlântico, Lda.\n\nFATURA FAC 2025/0212\n\n"
        "Cliente                                   Local de entrega / carga\n"
        "O Lagar do Funchal - Restauração, Lda.    Armazém Frio Atlântico\n"
        "Rua de Santa Maria, 94                    Caminho do Pilar, 15\n"
    )
    data = extract_text(text, "customer name", name="fatura.txt").data
    assert data == {"customer_name": "O Lagar do Funchal - Restauração, Lda."}


def test_labels_wrapped_around_their_values_in_a_narrow_column():
    """ "N.º do" over the value and "documento" under it: the label's two halves, its value level
    with the gap between them."""
    items = [
        (49, 50, "Ria Digital, Lda.", 16),
        (479, 50, "FATURA", 14),
        (57, 143, "N.º do", 7),
        (125, 151, "FT RD2025/47", 9),
        (57, 157, "documento", 7),
        (57, 169, "Data de", 7),
        (125, 178, "28 de fevereiro de 2025", 9),
        (57, 185, "emissão", 7),
        (57, 200, "Data de", 7),
        (125, 207, "30 de março de 2025", 9),
        (57, 213, "vencimento", 7),
        (380, 460, "Total", 9),
        (480, 460, "1.230,00 €", 9),
    ]
    data = extract(pdf(items), "fatura.pdf").data
    assert (data["invoice_number"], data["invoice_date"], data["due_date"]) == (
        "FT RD2025/47",
        "2025-02-28",
        "2025-03-30",
    )


def test_the_tax_authoritys_receipt_names_its_parties_in_their_sections():
    """Portugal's Portal das Finanças "Fatura-Recibo": the issuer's and the acquirer's sections
    each hold a "Nome" beside its value; the number follows "N.º" before a middle dot; the
    withholding and the amount received after the total are no total."""
    text = (
        "Portal das Finanças                 Autoridade Tributária e Aduaneira\n\n"
        "FATURA-RECIBO\nN.º FR ATSIRE01FR/12 · ATCUD: JJ8Q2ZTR-12\n\n"
        "Emitente\n"
        "Nome                 Marta Sofia Pereira Couto\n"
        "NIF                  234 567 890\n"
        "Atividade            1332 - Designers\n\n"
        "Adquirente\n"
        "Nome                 Sadoport - Operações Portuárias, S.A.\n"
        "NIF                  507 331 204\n\n"
        "Data de emissão      2025-02-28\n\n"
        "Valor base           1.800,00 €\n"
        "IVA continente (23%) 414,00 €\n"
        "Valor total          2.214,00 €\n"
        "Retenção na fonte de IRS \u2013 25%    - 450,00 €\n"
        "Importância recebida 1.764,00 €\n"
    )
    prompt = "invoice number, invoice date, vendor name, customer name, subtotal, tax, total"
    data = extract_text(text, prompt, name="fatura-recibo.txt").data
    assert data == {
        "invoice_number": "FR ATSIRE01FR/12",
        "invoice_date": "2025-02-28",
        "vendor_name": "Marta Sofia Pereira Couto",
        "customer_name": "Sadoport - Operações Portuárias, S.A.",
        "subtotal": "1800.00",
        "tax": "414.00",
        "total": "2214.00",
    }


def test_a_date_whose_year_its_column_wrapped_after_the_label_and_month():
    text = (
        "GRÁFICA CAPIBARIBE\n\n"
        "FATURA Nº 000872                   Cliente: Faculdade Boa Viagem Ltda.\n"
        "Data de emissão: 5 de fevereiro de  CNPJ 08.552.719/0001-21\n"
        "2025\n"
        "Vencimento: 15 de fevereiro de      Contato: Marketing\n"
        "2025\n"
    )
    data = extract_text(text, "invoice date, due date", name="fatura.txt").data
    assert data == {"invoice_date": "2025-02-05", "due_date": "2025-02-15"}


def test_another_documents_number_mentioned_in_a_sentence_is_not_the_invoices():
    text = (
        "Papelaria Savassi\n\n"
        "FATURA Nº          CLIENTE\n"
        "2025/0387          Escola Infantil Pequeno Príncipe Ltda.\n\n"
        "Total a pagar      R$ 1.803,70\n\n"
        "Mercadorias entregues em 16/03/2025; NF-e nº 8.114 enviada por e-mail.\n"
    )
    assert extract_text(text, "invoice number", name="fatura.txt").data == {"invoice_number": "2025/0387"}


def test_a_danfes_boxes_name_the_recipient_and_its_series_is_no_number():
    """A Brazilian DANFE: "DESTINATÁRIO / REMETENTE" heads the recipient's boxes (its second
    wording is no name); "NOME / RAZÃO SOCIAL" captions the name under it; the carrier's "RAZÃO
    SOCIAL" says "O MESMO"; "SÉRIE 001" is the series beside the number."""
    text = (
        "CARIOCA MATERIAIS ELETRICOS LTDA                 DANFE\n"
        "RUA DA ALFÂNDEGA, 331 - CENTRO                   Nº 000.012.487\n"
        "RIO DE JANEIRO - RJ - CEP 20070-003              SÉRIE 001\n\n"
        "DESTINATÁRIO / REMETENTE\n"
        "NOME / RAZÃO SOCIAL                       CNPJ / CPF            DATA DA EMISSÃO\n"
        "CONDOMINIO DO EDIFICIO ATLANTICO SUL      29.118.404/0001-77    21/03/2025\n\n"
        "TRANSPORTADOR / VOLUMES TRANSPORTADOS\n"
        "RAZÃO SOCIAL       FRETE POR CONTA     QUANTIDADE\n"
        "O MESMO            0 - EMITENTE        9\n"
    )
    data = extract_text(text, "invoice number, vendor name, customer name", name="danfe.txt").data
    assert data == {
        "invoice_number": "000.012.487",
        "vendor_name": "CARIOCA MATERIAIS ELETRICOS LTDA",
        "customer_name": "CONDOMINIO DO EDIFICIO ATLANTICO SUL",
    }


def test_the_unit_column_beside_the_quantitys_is_no_quantity():
    """A DANFE's products: "UN" names the unit ("RL", "PC"), "QUANT." the count, among the tax
    code columns."""
    headings = [(30, "CÓDIGO"), (91, "DESCRIÇÃO DO PRODUTO / SERVIÇO"), (239, "NCM/SH"), (273, "CST")]
    headings += [(291, "CFOP"), (315, "UN"), (333, "QUANT."), (363, "VALOR UNIT."), (404, "VALOR TOTAL")]
    items = [(28, 60, "CARIOCA MATERIAIS ELETRICOS LTDA", 12)] + [(x, 359, text, 6) for x, text in headings]
    rows = [(370, "CABO FLEXIVEL 2,5MM 750V AZUL", "RL", "12,0000", "189,90", "2.278,80")]
    rows += [(381, "DISJUNTOR BIPOLAR 32A", "PC", "24,0000", "38,40", "921,60")]
    for y, description, unit, quantity, price, amount in rows:
        items += [(28, y, "100234", 6), (59, y, description, 6), (233, y, "85444900", 6), (273, y, "000", 6)]
        items += [(291, y, "5102", 6), (313, y, unit, 6), (331, y, quantity, 6), (376, y, price, 6)]
        items += [(416, y, amount, 6)]
    result = extract(pdf(items), "danfe.pdf", prompt="line items", strategy="per_document")
    assert [item["quantity"] for item in result.data["line_items"]] == [12, 24]


def test_a_sentence_after_a_sellers_label_is_no_name():
    text = (
        "NOTA FISCAL ELETRÔNICA DE SERVIÇOS - NFS-e\n\n"
        "PRESTADOR DE SERVIÇOS\n"
        "Nome/Razão Social: Pinheiro & Lacerda Consultoria em Tecnologia Ltda.\n\n"
        "VALOR TOTAL DO SERVIÇO = R$ 8.000,00\n\n"
        "OUTRAS INFORMAÇÕES\nDocumento de serviço\n"
        "emitido por empresa não optante pelo Simples Nacional.\n"
    )
    data = extract_text(text, "vendor name", name="nfse.txt").data
    assert data == {"vendor_name": "Pinheiro & Lacerda Consultoria em Tecnologia Ltda."}


def test_a_title_that_says_what_the_invoice_is_for_is_no_letterhead():
    """ "FATURA DE LOCAÇÃO DE BENS MÓVEIS" on top, the tenant labelled, the seller in the footer
    with its tax number and a Brazilian postcode after its town."""
    text = (
        "FATURA DE LOCAÇÃO DE BENS MÓVEIS\n"
        "Contrato de locação nº 0441/2024\n\n"
        "Fatura nº      1.208          Data de emissão    03/02/2025\n"
        "Locatário      Construtora Moinhos de Vento S.A. \u2013 CNPJ 92.441.306/0001-18\n"
        "Endereço       Rua Padre Chagas, 415 \u2013 Porto Alegre/RS\n\n"
        "Total          R$ 3.860,00\n\n"
        "Guaíba Locação de Equipamentos Ltda. · CNPJ 05.338.912/0001-44 · Av. Sertório, 3320 \u2013 "
        "Navegantes \u2013 Porto Alegre/RS \u2013 CEP 91020-001\n"
    )
    data = extract_text(text, "vendor name, customer name", name="fatura.txt").data
    assert data == {
        "vendor_name": "Guaíba Locação de Equipamentos Ltda.",
        "customer_name": "Construtora Moinhos de Vento S.A.",
    }


def test_the_buyers_clerk_with_a_department_is_not_the_buyer():
    text = (
        "ORDEM DE COMPRA\n"
        "Nº 4500018273 · Data do pedido: 18/02/2025 · Comprador: Ana Paula Rezende (Suprimentos)\n\n"
        "FORNECEDOR                                  FATURAR PARA\n"
        "Embalagens Tropical Indústria e Comércio    Laticínios Boa Vista S.A.\n"
        "Ltda.                                       Rodovia MG-050, km 112\n\n"
        "VALOR TOTAL DO PEDIDO    R$ 39.078,00\n"
    )
    data = extract_text(text, "buyer, supplier", name="ordem.txt").data
    assert data["buyer"] == "Laticínios Boa Vista S.A."


def test_an_account_holders_name_wrapped_before_its_small_word():
    text = (
        "Cooperativa Crédito Serrano                 Extrato de conta corrente\n\n"
        "TITULAR                        AGÊNCIA / CONTA                  PERÍODO\n"
        "FERRAZ & MENEZES COMERCIO      Agência 2754 | Conta 6190438     01/02/2025 a 28/02/2025\n"
        "DE ALIMENTOS LTDA              Cooperativa 0731\n"
        "CNPJ 22.418.309/0001-57\n"
    )
    data = extract_text(text, "account holder", name="extrato.txt").data
    assert data == {"account_holder": "FERRAZ & MENEZES COMERCIO DE ALIMENTOS LTDA"}


def test_an_account_number_in_dotted_groups_under_its_label():
    text = (
        "Caixa de Crédito do Mondego, C.R.L.\n\nEXTRATO INTEGRADO\n\n"
        "Titular                       Conta D.O. n.º    Período\n"
        "Rui Miguel Tavares Fonseca    0412.887.193      01/01/2025 a 31/01/2025\n\n"
        "Saldo inicial    2.345,67\nSaldo final      3.120,40\n"
    )
    data = extract_text(text, "account number last 4 digits", name="extrato.txt").data
    assert data == {"account_number_last4": "7193"}


def test_positions_beside_a_sidebars_headings_count_towards_the_years():
    text = (
        "Inês Carvalho Moura\nController Financeira\n\n"
        "                  EXPERIÊNCIA PROFISSIONAL\n"
        "CONTACTOS         09/2019 \u2013 presente\n"
        "ines@sapo.pt      Controller Financeira · Vidreira do Lis, S.A.\n"
        "COMPETÊNCIAS      02/2016 \u2013 08/2019\n"
        "SNC e IFRS        Técnica de Contabilidade Sénior\n"
        "SAP FI/CO         03/2013 \u2013 01/2016\n"
        "Excel avançado (Power      Técnica de Contabilidade\n"
        "Query)\n"
        "Gestão de tesouraria\n\n"
        "CV atualizado em março de 2025.\n"
    )
    data = extract_text(text, "years of experience", name="cv.txt").data
    assert data == {"years_experience": 12}


def test_a_skill_whose_bracket_its_line_broke_goes_on_on_the_next():
    text = (
        "Inês Carvalho Moura\n\nCOMPETÊNCIAS\n"
        "Contabilidade financeira\nSAP FI/CO\nExcel avançado (Power\nQuery)\nGestão de tesouraria\n\n"
        "LÍNGUAS\nPortuguês \u2013 nativo\n"
    )
    skills = extract_text(text, "skills", name="cv.txt").data["skills"]
    assert skills == [
        "Contabilidade financeira",
        "SAP FI/CO",
        "Excel avançado (Power Query)",
        "Gestão de tesouraria",
    ]


def test_groups_of_rows_with_their_headings_and_subtotals_are_one_table():
    """A workshop's invoice: "MÃO DE OBRA" heads the labour's rows and "Total mão de obra" sums
    them; the parts follow under their own heading."""
    rows = [
        (292, "MO-01", "Mão de obra - mecânica geral", "6", "38,00", "228,00"),
        (319, "MO-04", "Mão de obra - diagnóstico eletrónico", "1", "35,00", "35,00"),
        (369, "7701477028", "Kit de embraiagem Valeo 834042", "1", "412,50", "412,50"),
        (384, "75W80-1L", "Óleo de caixa 75W-80 (1 L)", "3", "14,20", "42,60"),
    ]
    items = [
        (43, 60, "Auto Reparadora Minhota, Lda.", 14),
        (43, 258, "Ref.", 8),
        (105, 258, "Descrição", 8),
        (404, 258, "Qtd.", 8),
        (435, 258, "Preço unit.", 8),
        (534, 258, "Total", 8),
        (105, 278, "MÃO DE OBRA", 8),
        (442, 334, "Total mão de obra", 8),
        (528, 334, "263,00", 8),
        (105, 354, "PEÇAS E MATERIAIS", 8),
        (466, 400, "Total peças", 8),
        (522, 400, "455,10", 8),
        (383, 430, "Total a pagar", 9),
        (501, 430, "718,10 €", 9),
    ]
    for y, code, description, quantity, price, amount in rows:
        items += [(43, y, code, 8), (105, y, description, 8), (415, y, quantity, 8)]
        items += [(455, y, price, 8), (527, y, amount, 8)]
    result = extract(pdf(items), "fatura.pdf", prompt="line items", strategy="per_document")
    found = [(item["description"], item["amount"]) for item in result.data["line_items"]]
    assert found == [(description, amount.replace(",", ".")) for _y, _c, description, _q, _p, amount in rows]


def test_a_name_caption_over_its_name_when_a_scan_misread_the_heading_beside_it():
    """OCR read the box's border into the next heading ("[cNP3/cPF"): the name is still the one
    under the caption, not the heading beside it."""
    text = (
        "CARIOCA MATERIAIS ELETRICOS LTDA                 DANFE\n\n"
        "DESTINATÁRIO / REMETENTE\n"
        "NOME / RAZÃO SOCIAL                       [cNP3/cPF             [DATA DA EMISSÃO\n"
        "CONDOMINIO DO EDIFICIO ATLANTICO SUL      29.118.404/0001-77    21/03/2025\n"
    )
    data = extract_text(text, "customer name", name="danfe.txt").data
    assert data == {"customer_name": "CONDOMINIO DO EDIFICIO ATLANTICO SUL"}


def test_a_sum_carried_atop_the_next_page_is_no_item():
    """Page 2 opens with "Transporte" and the sum of page 1's rows under the tax column: no item,
    no part of the last one."""
    header = [(48, 64, "Cód.", 7), (84, 64, "Designação", 7), (387, 64, "Qtd.", 7)]
    header += [(432, 64, "Preço unit.", 7), (487, 64, "IVA", 7), (526, 64, "Total", 7)]
    rows = [
        ("VT-110", "Herdade Cabido Reserva Tinto 2020, 75 cl", "60", "12,80", "768,00"),
        ("VT-111", "Herdade Cabido Reserva Branco 2022, 75 cl", "30", "11,50", "345,00"),
    ]
    first = [(48, 30, "Herdade do Monte Cabido, Lda.", 14), *header]
    for n, (code, description, quantity, price, amount) in enumerate(rows):
        y = 80 + 14 * n
        first += [(48, y, code, 7), (84, y, description, 7), (394, y, quantity, 7), (455, y, price, 7)]
        first += [(489, y, "13%", 7), (518, y, amount, 7)]
    second = [*header, (84, 78, "Transporte", 7), (507, 78, "1.113,00", 7)]
    second += [(48, 93, "VT-190", 7), (84, 93, "Vinagre de vinho tinto, 25 cl", 7), (394, 93, "12", 7)]
    second += [(460, 93, "4,80", 7), (489, 93, "6%", 7), (523, 93, "57,60", 7)]
    second += [(339, 140, "Total do documento", 8), (509, 140, "1.170,60", 8)]
    result = extract(pdf(first, second), "fatura.pdf", prompt="line items", strategy="per_document")
    found = [(item["description"], item["amount"]) for item in result.data["line_items"]]
    assert found == [
        ("Herdade Cabido Reserva Tinto 2020, 75 cl", "768.00"),
        ("Herdade Cabido Reserva Branco 2022, 75 cl", "345.00"),
        ("Vinagre de vinho tinto, 25 cl", "57.60"),
    ]


def test_a_subtotal_that_sums_the_rows_still_ends_the_table():
    """A guard (the old engine reads it right too): the subtotal sums the rows, as a group's
    subtotal does, but ends the table since no item follows it; the payment note under the totals
    and a date stamped under it are no item."""
    text = (
        "Hollis & Park Studio Inc.\nINVOICE HP-2025-031\n\n"
        "Description                         Qty     Rate        Amount\n"
        "Brand identity workshop             1       $4,500.00   $4,500.00\n"
        "Courier - proofs to client office   1       $45.00      $45.00\n\n"
        "                                    Subtotal            $4,545.00\n"
        "                                    Sales tax 8.875%    $21.30\n"
        "                                    Amount due (USD)    $4,566.30\n\n"
        "Payment\nACH: Hudson Valley Bank - Routing 021000021\nPlease reference the invoice number.\n"
        "                                                12 Mar 2025\n"
    )
    items = extract_text(text, "line items", name="invoice.txt").data["line_items"]
    assert [item["description"] for item in items] == [
        "Brand identity workshop",
        "Courier - proofs to client office",
    ]


def test_the_ordinal_sign_a_scan_read_as_a_two_still_labels_the_number():
    text = "GRÁFICA CAPIBARIBE\n\nFATURA N2 000872        Cliente: Faculdade Boa Viagem Ltda.\n"
    assert extract_text(text, "invoice number", name="fatura.txt").data == {"invoice_number": "000872"}
