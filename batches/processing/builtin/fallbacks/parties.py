"""The parties of a document when no label names them: the one that issued it (a scan's
best top line, the letterhead, a footer's sender, the company a brand stands for), the other
party named by its legal form, and the issuer's legal name where a label gave one of its sites
or its salesperson."""

from __future__ import annotations

import re
from dataclasses import replace

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.found import CELL_BREAK, Found, Lines, first_cell
from batches.processing.builtin.fallbacks.letterhead import (
    PHONE_DIGITS,
    looks_like_letterhead,
    with_legal_tail,
    without_logo_or_title,
    wrapped_name,
)
from batches.processing.builtin.fallbacks.names import (
    FORM_FIRST,
    LEGAL_FORM,
    NAME_PARTICLES,
    PARTICLE,
    TOWN_WORDS,
    a_branch,
    a_name,
    a_street,
    looks_like_person,
    with_its_form_joined,
)
from batches.processing.builtin.items import header_columns
from batches.processing.builtin.labels import TWO_WORDINGS, for_the_attention_of, label_index
from batches.processing.builtin.receipts import (
    ONE_LINE_ADDRESS,
    OPERATED_BY,
    PRICE,
    a_trades_sign_and_its_name,
    a_trades_sign_over_its_company,
    an_amount_alone,
    merchant,
)
from batches.processing.builtin.values import (
    CUT_SHORT,
    LEGAL_FORM_AT_END,
    LEGAL_FORM_WORD,
    SENTENCE_GOES_ON,
    SHARE_CAPITAL,
    a_streets_name,
    restated_longer,
    trades,
    with_its_form_read,
    without_courtesy,
)
from batches.processing.layout.model import Layout, Line
from batches.processing.vocab import alternation, is_document_title, normalise_label, prose_words

# Party fields whose value is the document's own letterhead when no label names it: the seller
# issues an invoice or a receipt, the buyer issues a purchase order. (A statement's letterhead is
# its bank, not the account holder; an order's supplier is its addressee.)
ISSUER_FIELDS = ("vendor_name", "merchant_name", "buyer")
OTHER_PARTY_FIELDS = ("supplier", "customer_name")
ADDRESSEE_FIELDS = ("account_holder",)
LETTERHEAD_LINES = 25  # where a letterhead's name is looked for
TABLE_HEADINGS = 3  # an item table's header names this many columns at least
ORGANISATION_WORDS = {
    "hotel",
    "company",
    "merchant",
    "store",
    "shop",
    "restaurant",
    "vendor",
    "seller",
    "supplier",
    "bank",
    "issuer",
    "business",
    "firm",
    "organisation",
    "organization",
    "employer",
}


def issuing_party(
    lines: Lines, text: str, layout: Layout | None = None, taken: frozenset[str] = frozenset()
) -> Found | None:
    """On a scan, the best-scored top line; else the letterhead's first line; a company named by its
    legal form when the top is a salutation. ``taken``: names the labels gave other parties,
    none of which is the issuer's."""
    taken = frozenset(normalise_label(name) for name in taken)
    found = _issuer(lines, text, layout, taken)
    return None if found is None or normalise_label(found.value) in taken else found


def _issuer(lines: Lines, text: str, layout: Layout | None, taken: frozenset[str]) -> Found | None:
    """The issuer's name as the page prints it (see ``issuing_party``), before the check that it
    is none of ``taken``."""
    if layout is not None and layout.ocr_pages:
        return _scanned_issuer(lines, text, layout, taken) or _first_legal_name(lines, taken)
    lines = [(page, _before_its_contacts(line)) for page, line in lines]
    addressed = False  # past the label of whom the document is for: its block, no letterhead
    top_names = [first_cell(text) for _page, text in lines[: LETTERHEAD_LINES + 2]]
    for row, (page, line) in enumerate(lines[:LETTERHEAD_LINES]):
        if len(header_columns(CELL_BREAK.split(line.strip()))) >= TABLE_HEADINGS:
            break  # the item table's header: the letterhead is above it, or in a column beside
        addressed = addressed or (row > 0 and _an_addressees_label(lines[row - 1][1]))
        # another party's name, after a title perhaps ("FACTURA  Marta Ruiz Delgado")
        another = any(
            _another_partys(first_cell(text), taken) for text in (line, without_logo_or_title(line))
        )
        if addressed or another:
            footer = _footer_sender(lines)  # the page opens with whom it is for ("Aan:" over it, or
            if footer is not None:  # the name the labels gave the customer)
                return footer
        if (
            another  # another party's name, which a label gave it: no letterhead's
            or a_trades_sign_over_its_company(top_names, row)
            or _an_addressees_label(line)
            or _under_labels_and_values(lines, row)
            or _an_address_line(line)
            or _a_town_between_street_and_postcode(lines, row)
            or _a_captions_line(line)
        ):
            continue  # "Bar Pasticceria" over "Due Torri S.n.c.": the company keeps the bar;
            # "Aan" over the addressee's block is no name; "Conditions  Net 30" under "Date
            # 2026-02-17" and "Échéance  2026-03-19": a label no vocabulary knows, and its value;
            # "Valor" alone: a box's caption, however weak a label
        if _in_a_wrapped_title(lines, row):
            continue  # "CM  ORDINE" over "D'ACQUISTO": a logo's initials, then the title its column wrapped
        if a_branch(first_cell(line)):
            above = first_cell(lines[row - 1][1]) if row else ""
            if above and not re.search(r"[\d@:]", above):  # "Banque Maisonneuve" over "Succursale …"
                return Found(above, lines[row - 1][0], lines[row - 1][1].strip(), 0.5)
            continue
        if not looks_like_letterhead(without_logo_or_title(line)) and not _its_form_wrapped_under(lines, row):
            legal = _legal_name_beside(line) if row < BESIDE_A_LOGO_LINES else _legal_name_beside_a_sum(line)
            if legal:  # "DATADAGEN 2024   Datadagen vzw": an event's logo, then its organiser;
                # "R$ 1.850,00  Oficina Mecânica … Ltda. · CNPJ …": a receipt's sum's box, then its issuer
                return Found(legal, page, line.strip(), 0.5)
            continue
        signed = a_trades_sign_and_its_name(top_names, row)
        if signed is not None:
            return Found(signed, page, line, 0.5)
        name = first_cell(without_logo_or_title(line))
        name = wrapped_name(layout, page, name) if layout else name
        footer = _footer_instead_of_a_window(lines, layout, page, name)
        if footer is not None:  # the page opens with an envelope's window: its addressee
            return footer
        if name.split()[-1].casefold() not in CUT_SHORT:  # "Bon de" / "commande": a title wrapped
            name = with_legal_tail(lines, line, name)
            below = first_cell(lines[row + 1][1]) if row + 1 < len(lines) else ""
            name = (
                _company_under_its_sign(name, below)
                or _its_legal_name(lines, name, below)
                or _sender_instead(lines, name, below, taken)
                or name
            )
            return Found(_written_out(lines, name), page, line, 0.5)
    return _first_legal_name(lines, taken)


def _a_captions_line(line: str) -> bool:
    """Whether a line opens with a label alone in its cell, however weak ("Valor": a box's caption),
    that is no document's title ("Factuur  waalkant": the title beside the logo)."""
    first = first_cell(line)
    return label_index(()).a_whole_label(first) and not is_document_title(first)


def _another_partys(name: str, taken: frozenset[str]) -> bool:
    """Whether a name is one the labels gave another party (normalised in ``taken``), or opens
    one whose legal form wrapped onto the next line ("Goldfields Hydraulic Supplies" / "Pty Ltd")."""
    name = normalise_label(name)
    return name in taken or (len(name.split()) >= 2 and any(other.startswith(f"{name} ") for other in taken))


def _before_its_contacts(line: str) -> str:
    """A line whose first cell runs on past a company's legal form into its phone or e-mail ("…
    Scheepsonderhoud B.V. T +31 223 61 47 90", a tight text layer's one cell): the name ends there."""
    first = first_cell(line)
    named = LEGAL_FORM.match(first)
    rest = first[named.end() :] if named else ""
    if CONTACT_AFTER.match(rest) and ("@" in rest or sum(c.isdigit() for c in rest) >= PHONE_DIGITS):
        return line.replace(first, first[: named.end()].rstrip(), 1)
    return line


# A phone's or an e-mail's start right after a name: "T +31 …", "Tel. 0345 …", "+49 …", "info@…"
# (not an address after a dash: "… SRL - Rue du Pont 14, 4000 Liège - Tél. …", a footer's line).
CONTACT_AFTER = re.compile(r"\s+(?:[^\W\d_]{1,4}\.?:?\s*)?[+(\d]|\s+[\w.+-]+@")


def _its_form_wrapped_under(lines: Lines, row: int) -> bool:
    """Whether a line's first cell is a company's name whose legal form wrapped onto the line under
    it ("Maison Rochereau" / "SARL" beside a column of labels and their dates)."""
    line = lines[row][1]
    name = first_cell(without_logo_or_title(line))
    whole = with_legal_tail(lines, line, name)
    return whole != name and LEGAL_FORM.fullmatch(whole) is not None and looks_like_letterhead(whole)


def _an_address_line(line: str) -> bool:
    """A street over the company's name ("Calle 4 Poniente 911, Centro Histórico"), or an
    address's last line, its postcode alone or its country ("Deutschland  72070 Tübingen"): no
    letterhead's name."""
    street = a_street(first_cell(line)) and not LEGAL_FORM.search(line)
    postcode = POSTCODE_ALONE.fullmatch(first_cell(line).strip()) is not None  # "CA11 7HY"
    return street or postcode or normalise_label(first_cell(line)) in norm.country_names()


def _a_town_between_street_and_postcode(lines: Lines, row: int) -> bool:
    """Whether a line is an address's town: a few words under its street and over its postcode
    ("3 Castlegate Mews" / "Penrith" / "CA11 7HY")."""
    if row == 0 or row + 1 >= len(lines):
        return False
    town, below = first_cell(lines[row][1]), first_cell(lines[row + 1][1])
    return (
        a_street(first_cell(lines[row - 1][1]))
        and 0 < len(town.split()) <= TOWN_WORDS
        and not re.search(r"\d", town)
        and not LEGAL_FORM.search(town)
        and POSTCODE_ALONE.fullmatch(below.strip()) is not None
    )


# A postcode alone on its line: digits, or letters and digits in one or two groups ("CA11 7HY").
POSTCODE_ALONE = re.compile(r"(?=[A-Z]{0,2}\d)[A-Z\d]{2,5}(?:[ -][A-Z\d]{2,4})?")


def _in_a_wrapped_title(lines: Lines, row: int) -> bool:
    """Whether a line's name (after a logo's initials) is half of a title its column wrapped, with
    the line under or over it ("ORDINE" / "D'ACQUISTO")."""
    here = first_cell(without_logo_or_title(lines[row][1]))
    below = first_cell(lines[row + 1][1]) if row + 1 < len(lines) else ""
    above = first_cell(without_logo_or_title(lines[row - 1][1])) if row else ""
    return bool(here) and any(
        other and is_document_title(f"{first} {second}")
        for other, (first, second) in ((below, (here, below)), (above, (above, here)))
    )


def _first_legal_name(lines: Lines, taken: frozenset[str]) -> Found | None:
    """The first company named by its legal form, none of ``taken`` (the customer's): where no top
    line reads as the issuer's name ("Fiduciaria Cassarate SA" under a logo OCR read as "FC")."""
    for page, line in lines:
        for cell in CELL_BREAK.split(line.strip()):  # a name is in one cell
            match = LEGAL_FORM.search(cell)
            if match and not _another_partys(match.group(0), taken):
                return Found(match.group(0).strip(), page, line.strip(), 0.45)
    return None


def _scanned_issuer(lines: Lines, text: str, layout: Layout, taken: frozenset[str]) -> Found | None:
    """On a scan, the best-scored top line (its company's legal name where the page prints one);
    the footer's sender where that line opens whom the page is for."""
    scored = merchant(layout, taken=taken)
    if scored is None:
        return None
    if _whom_it_is_for(layout, scored[1]):
        footer = _footer_sender(lines)  # the page opens with whom it is for ("Aan:" over it, or
        if footer is not None:  # a window envelope's address under the logo)
            return footer
        other = merchant(layout, taken=taken | {normalise_label(scored[0])})
        if (
            other is not None
            and _a_letterhead_over(other, scored[1], lines)
            and not _whom_it_is_for(layout, other[1])
            and normalise_label(scored[0]) not in normalise_label(other[0])
        ):
            scored = other  # the letterhead's company over the window's ("Bündner Bürowelt AG"), not
            # a speck OCR read over a shop's name and address, nor the shop's sign run into the
            # company under it ("Bäckerei Hofmeister" over "Hofmeister Backwaren GmbH")
    # "COASTLINE  Coastline Car & Truck Rental Ltd.": the logo's word beside its company;
    # "RAMBLA SUR": its footer's company; "Kianda" / "Equipamentos e" / "Serviços, Lda.": wrapped
    name = _legal_name_beside(scored[1].text) or _its_legal_name(lines, scored[0])
    name = name or wrapped_name(layout, scored[1].page, scored[0])
    name = _sender_instead(lines, name, _line_under(layout, scored[1]), taken) or name
    name = _with_the_logo_over(layout, scored[1], name, text)
    return Found(name, scored[1].page, scored[1].text, round(0.35 + 0.4 * scored[1].confidence, 2))


def _a_letterhead_over(other: tuple[str, Line], line: Line, lines: Lines) -> bool:
    """Whether another top line names a company over ``line``: by its legal form, or by a name the
    page prints with its legal form elsewhere ("ARMOR FROID SERVICES" over the window's address,
    "Armor Froid Services SARL" on the sender's line over it), or again to open a line (the
    sender's line over the window: "Jonas Weber Grafikdesign - Seestraße 21 …")."""
    named = LEGAL_FORM_WORD.search(other[0]) is not None or _its_legal_name(lines, other[0]) is not None
    restated = (
        not re.search(r"\d", other[0]) and sum(text.strip().startswith(other[0]) for _p, text in lines) > 1
    )
    return other[1].index < line.index and (named or restated)


def _whom_it_is_for(layout: Layout, line: Line) -> bool:
    """Whether a scan's top line opens the block of whom the page is for: under an addressee's
    label, or a window envelope's address block."""
    return (
        _under_an_addressees_label(layout, line)
        or _a_window_address(layout, line)
        or _a_window_addressee(layout, line.page, line.cells[0].text)
    )


def _footer_instead_of_a_window(lines: Lines, layout: Layout | None, page: int, name: str) -> Found | None:
    """The footer's sender, where the letterhead's name opens an envelope window's block instead."""
    if layout is None or not _a_window_addressee(layout, page, name):
        return None
    footer = _footer_sender(lines)
    return (
        footer if footer is not None and normalise_label(str(footer.value)) != normalise_label(name) else None
    )


LABELS_OVER = 2  # lines of a label and its value over a line that make it one too


def _under_labels_and_values(lines: Lines, row: int) -> bool:
    """Whether a line of two cells stands under lines of a label and its value, as many as
    ``LABELS_OVER``: it is one more of them."""
    cells = CELL_BREAK.split(lines[row][1].strip())
    if row < LABELS_OVER or len(cells) != 2 or LEGAL_FORM.fullmatch(cells[0]):
        return False  # "Taktwerk Cloud GmbH  Rechnung an" under them: a company, no label's value
    over = [CELL_BREAK.split(text.strip()) for _page, text in lines[row - LABELS_OVER : row]]
    return all(len(cells) == 2 and label_index(()).names_a_label(cells[0]) for cells in over)


ADDRESS_LINES = 3  # a name's address: its street, its postcode and town, a department between


WINDOW_LINES = (
    5  # an envelope window's block: its name, a person, a street, a town, and labels' lines between
)


def _a_window_addressee(layout: Layout, page: int, name: str) -> bool:
    """Whether a name on top opens an envelope window's block, not a letterhead: in its column
    under it a person with a word of courtesy ("Mme Hélène Dufau") or one to attend it ("z. Hd.
    Frau Berger"), then a postcode and its town."""
    under = in_its_column_under(layout, page, name, WINDOW_LINES)
    return any(courtesy_person(cell) or for_the_attention_of(cell) for cell in under[:1]) and any(
        norm.TOWNS_POSTCODE.match(cell) for cell in under
    )


def in_its_column_under(layout: Layout | None, page: int, name: str, reach: int = ADDRESS_LINES) -> list[str]:
    """The texts that start where the first cell of ``name`` starts, in the ``ADDRESS_LINES``
    lines under it: an address block's street and town where a column of labels beside it puts
    its lines between them ("J.H. de Boer-Veenstra  Soort rekening …", "Periode …", "Zonnelaan
    41"), or the title beside it ("FACTURE  SCI Les Tilleuls")."""
    if layout is None or not 0 < page <= len(layout.pages):
        return []
    lines = layout.pages[page - 1].lines
    row, cell = next(
        ((i, c) for i, line in enumerate(lines) for c in line.cells if c.text == name), (None, None)
    )
    if row is None or cell is None:
        return []
    height = max(lines[row].height, 1e-6)
    return [
        other.text
        for below in lines[row + 1 : row + 1 + reach]
        for other in below.cells
        if abs(other.x0 - cell.x0) <= height
    ]


def courtesy_person(cell: str) -> bool:
    return looks_like_person(cell) and without_courtesy(cell) != cell.strip()


def _a_window_address(layout: Layout, line: Line) -> bool:
    """Whether a line under the page's first lines opens an address block, its postcode and
    town within ``ADDRESS_LINES`` lines under it ("Jenever & Co BV" / "Dienst boekhouding" /
    "Kapelstraat 7" / "3500 Hasselt" under the seller's logo): the addressee in an envelope's
    window, not the letterhead, when a footer names another company at its address."""
    page = [other for other in layout.lines if other.page == line.page]
    at = next((i for i, other in enumerate(page) if other is line), 0)
    under = [other.cells[0].text for other in page[at + 1 : at + 1 + ADDRESS_LINES]]
    under += in_its_column_under(layout, line.page, line.cells[0].text, 2 * ADDRESS_LINES)  # beside labels
    return at > 0 and any(norm.TOWNS_POSTCODE.match(text) for text in under)


def _under_an_addressees_label(layout: Layout, line: Line) -> bool:
    """Whether a line is, or stands right under, the label of whom a document is for."""
    above = layout.lines[line.index - 1].text if line.index > 0 else ""
    return _an_addressees_label(line.text) or _an_addressees_label(above)


def _an_addressees_label(line: str) -> bool:
    """Whether a line opens with the label of whom a document is for ("Bill to", a weak word with
    its colon: "Aan:"), or two such labels of one block ("Delivered to / Invoice address")."""
    cell = first_cell(line).strip()
    alone = cell == line.strip()  # "AAN" or "Aan" over the block, a heading of its own
    return any(
        hit.field in OTHER_PARTY_FIELDS
        and not hit.rest
        and (hit.score >= 0.95 or cell.endswith(":") or alone)
        for part in cell.split(TWO_WORDINGS)
        for hit in label_index(OTHER_PARTY_FIELDS).hits(part)
    )


FOOTER_LINES = 4  # the last lines of a document, where a footer prints its sender's address


def _footer_sender(lines: Lines) -> Found | None:
    """The name a footer's one-line address opens ("Lichtkamer Fotografie · Zuiderdiep 88 · 9711 HL
    Groningen · 050 555 0192"): words with no digit, then two parts or more, a town among them;
    or a company over its street and town, the first cells of a footer's lines ("Studio Zeewind
    V.O.F." over "Laan van Meerdervoort 120" over "2517 AS Den Haag")."""
    footer = lines[-FOOTER_LINES:]
    for row, (page, line) in enumerate(footer):
        below = " ".join(first_cell(other) for _page, other in footer[row + 1 : row + 3])
        company = _address_line_company(line.strip()) or (below and _company_over_its_address(line, below))
        if company:
            return Found(company, page, line.strip(), 0.45)
        name, *rest = ADDRESS_MARK.split(line.strip())
        words = name.split()
        if (
            len(rest) >= 2
            and 1 <= len(words) <= 6
            and not re.search(r"[\d@:]", name)
            and all(word[:1].isupper() or PARTICLE.fullmatch(word) for word in words)
            and norm.TOWNS_POSTCODE.search(" ".join(rest[:3]))
        ):
            return Found(name, page, line.strip(), 0.45)
    return None


RECEIPT_FOOTER_LINES = 6  # a till roll's last lines: thanks, the company's block, the slip's number
UNDER_THE_SIGN = 2  # lines under a shop's sign that may name the company running it
# "di Rossi Marco & C. s.a.s." under "BAR PASTICCERIA DOLCE VITA": whose the shop is, its sign the name
OWNED_BY = re.compile(r"(?:di|de|da)\s")


def _the_owners(text: str) -> bool:
    """Whether a company line names the shop's owner, not the shop: after "di" ("di Ferrando Luca
    & C.") or an owner's label ("Inh. Markus Hollerbach e.K.")."""
    return bool(OWNED_BY.match(text)) or for_the_attention_of(text)


def shop_operator(lines: Lines, found: Found | None) -> Found | None:
    """The company that runs a shop, where the receipt prints it apart from the sign ``found``
    gave: right under it ("Hilltop Pharmacy" over "Owusu Enterprises Limited"), after the words
    that say so ("Betreiber: Drescher Handelsgesellschaft AG"), or over its address in the footer
    ("Owusu Enterprises Limited" over "House No. 10, Wassa Lane"). A receipt's merchant is the
    company as printed; None where ``found`` is one already."""
    if found is None or LEGAL_FORM_WORD.search(found.value) or LEGAL_FORM_AT_END.search(found.value):
        return None
    return (
        _company_under_the_sign(lines, found)
        or _operator_named(lines)
        or _company_named_as_the_sign(lines, found)
        or _company_at_the_foot(lines)
    )


def _company_under_the_sign(lines: Lines, sign: Found) -> Found | None:
    at = next((row for row, (_page, text) in enumerate(lines) if text.strip() == sign.snippet.strip()), None)
    for page, line in lines[at + 1 : at + 1 + UNDER_THE_SIGN] if at is not None else []:
        company = OPERATED_BY.sub("", first_cell(line).strip("()[] "))  # "(A Unit of … Pvt. Ltd.)"
        named = LEGAL_FORM.fullmatch(company) or FORM_FIRST.fullmatch(company)
        if named and not _the_owners(company) and not _the_owners(line.strip()):
            return Found(company, page, line.strip(), 0.55)
    return None


def _company_named_as_the_sign(lines: Lines, sign: Found) -> Found | None:
    """A company anywhere on the receipt named by a word of the sign's own, not its trade's ("Il
    Segnalibro Sagl" at the foot of "LIBRERIA IL SEGNALIBRO", "Havelblick Gastronomie GmbH" of
    "Restaurant HAVELBLICK")."""
    own = _own_words(sign.value)
    for page, line in lines if own else []:
        for cell in CELL_BREAK.split(with_its_form_joined(line.strip())):
            company = LEGAL_FORM.fullmatch(cell.strip())
            if company and not _the_owners(cell.strip()) and own & _own_words(company.group(1)):
                return Found(cell.strip(), page, line.strip(), 0.5)
    return None


def _own_words(name: str) -> set[str]:
    """A name's words of four letters or more, less the words of shops' kinds ("restaurant")."""
    return {word for word in trades().sub(" ", normalise_label(name)).split() if len(word) >= OWN_LETTERS}


OWN_LETTERS = 4


def _operator_named(lines: Lines) -> Found | None:
    for page, line in lines:
        cell = first_cell(line)
        operated = OPERATED_BY.match(cell)
        company = cell[operated.end() :].strip() if operated else ""
        if company and LEGAL_FORM.fullmatch(company):
            return Found(company, page, line.strip(), 0.55)
    return None


def _company_at_the_foot(lines: Lines) -> Found | None:
    """A company over its address or tax number, under the items and the total at the foot; not
    its owner's ("Inh. Rolf Kornmesser e.K." over "St.-Nr. …": the shop is the sign's)."""
    priced = [row for row, (_page, text) in enumerate(lines) if PRICE.search(text)]  # to the cent
    start = max(len(lines) // 2, len(lines) - RECEIPT_FOOTER_LINES, priced[-1] + 1 if priced else 0)
    footer = lines[start:]
    for row, (page, line) in enumerate(footer[:-1]):
        name, below = first_cell(line), first_cell(footer[row + 1][1])
        if LEGAL_FORM.fullmatch(name) and _an_address(below) and not _the_owners(name):
            return Found(name, page, line.strip(), 0.45)
    return None


def _an_address(text: str) -> bool:
    """A street, a town's postcode, a post box or a tax number, with a number: what a company's
    block goes on with."""
    return bool(re.search(r"\d", text)) and bool(
        norm.TOWNS_POSTCODE.search(text)
        or a_street(text.split(",")[0])
        or a_streets_name(text.split(",")[0])
        or POST_BOX.search(text)
        or TAX_NUMBER.match(text)
    )


# A tax number's name (`[names] tax_ids`) or a post box's word before its number (`[receipts] post_boxes`).
TAX_NUMBER = re.compile(rf"(?:{alternation(prose_words(lambda words: words.tax_ids))})(?!\w)", re.I)
POST_BOX = re.compile(rf"(?<!\w)(?:{alternation(prose_words(lambda words: words.post_boxes))})\s*\d", re.I)


def _line_under(layout: Layout, line: Line) -> str:
    """The first cell of the line after ``line`` in the layout ("" at its end)."""
    after = next((n + 1 for n, other in enumerate(layout.lines) if other is line), len(layout.lines))
    return layout.lines[after].cells[0].text if after < len(layout.lines) else ""


def _with_the_logo_over(layout: Layout, line: Line, name: str, text: str) -> str:
    """A company's name with the logo's word printed over it, where the document prints the two
    as one name elsewhere ("ISARTAL" over "Präzisionswerkzeuge GmbH", "Isartal
    Präzisionswerkzeuge GmbH" heading page 2), as printed there."""
    over = layout.lines[line.index - 1] if line.index > 0 else None
    if (
        over is None
        or over.page != line.page
        or len(over.cells) != 1
        or not over.text.replace(" ", "").isalpha()
        or name.casefold().startswith(over.text.casefold())  # "MLIMA FRESH" over "Mlima Fresh … Ltd"
    ):
        return name
    whole = re.search(re.escape(f"{over.text} {name}"), text, re.IGNORECASE)
    return whole.group(0) if whole else name


BESIDE_A_LOGO_LINES = 2  # a letterhead's company beside a logo's words: on the page's first lines


def _legal_name_beside(line: str) -> str | None:
    """A company named by its legal form in a later cell of a line whose first cell is no name
    nor a company of its own."""
    first, *later = CELL_BREAK.split(line.strip())
    if LEGAL_FORM.search(first):
        return None
    return next((cell for cell in later if LEGAL_FORM.fullmatch(cell)), None)


def _legal_name_beside_a_sum(line: str) -> str | None:
    """A company named by its legal form, perhaps its address after it on its line, in the cell
    after one that holds an amount alone (a payment receipt's box of its sum beside the issuer)."""
    first, *later = CELL_BREAK.split(line.strip())
    if not later or not an_amount_alone(first):
        return None
    name = ONE_LINE_ADDRESS.split(later[0], maxsplit=1)[0].strip()
    return name if LEGAL_FORM.fullmatch(name) else None


BRAND_TO_LEGAL_WORDS = 3  # a legal name holds the brand's words and at most this many more


def _sender_instead(
    lines: Lines, top: str, below: str = "", taken: frozenset[str] = frozenset()
) -> str | None:
    """The company whose one-line address the page prints ("Brillance Services S.à r.l. · 12, rue
    de l'Industrie · L-8399 Windhof", "Menuiserie Delvaux SRL - Rue du Pont 14, 4000 Liège"), when
    the name on top has no legal form or is followed by whom it is for ("À l'attention de Mme
    Lambert"): that name is then the addressee in a window envelope's place, the sender signing
    at the foot, or in the block beside the addressee's. Not one of ``taken`` (a freelancer's
    name over the customer's "Alhambra Tours Andalucía S.L.", which a label gave the customer)."""
    addressed = for_the_attention_of(below)
    if LEGAL_FORM.search(top) and not addressed:
        return None
    if addressed:  # "Greystones RFC CLG  Invoice Date  Ardmore Audio Visual Limited"
        beside = next(
            (_legal_name_beside(line) for _page, line in lines if line.strip().startswith(top)), None
        )
        if beside:
            return beside
    for row, (_page, line) in enumerate(lines):
        sender = _address_line_company(line.strip())
        if not sender and addressed and row + 1 < len(lines):
            sender = _company_over_its_address(line, lines[row + 1][1])
        if (
            sender
            and not _the_owners(sender)  # "BÄCKEREI HOLLERBACH" / "Inh. Markus Hollerbach e.K."
            and normalise_label(top) not in normalise_label(sender)
            and normalise_label(sender) not in taken
        ):
            return sender
    return None


def _company_over_its_address(line: str, next_line: str) -> str | None:
    """A company named with its legal form over its street and town, each a block's first cell
    (a footer's "Havenlicht Verlichting B.V." over "Van Vollenhovenstraat 21, 3016 BG Rotterdam")."""
    name, address = first_cell(line), first_cell(next_line)
    if LEGAL_FORM.fullmatch(name) and norm.TOWNS_POSTCODE.search(address):
        return name
    return None


def _address_line_company(text: str) -> str | None:
    """The company a one-line address opens, in a header or a footer ("Menuiserie Delvaux SRL -
    Rue du Pont 14, 4000 Liège - Tél. …", "… · Industrieweg 14 · 8441 PK Heerenveen"): a name
    with its legal form, then two parts or more apart by dots, bars, dashes or gaps, a town's
    postcode among them; a comma may part the name from its street ("Taff Valley Fuels Ltd, Unit 3
    Ocean Park, Cardiff CF24 5HJ - Company No. …"), or its share capital ("… SAS au capital de
    20 000 € - 14 quai des Chartrons, 33000 Bordeaux")."""
    match = LEGAL_FORM.match(text)
    rest = text[match.end() :] if match else ""
    if (
        match
        and (ADDRESS_MARK.match(rest) or rest.startswith(", ") or SHARE_CAPITAL.match(rest))
        and len(ADDRESS_MARK.findall(rest)) >= 2
        and norm.TOWNS_POSTCODE.search(rest)
    ):
        return match.group(0).strip()
    return None


def _company_under_its_sign(sign: str, below: str) -> str | None:
    """The company that keeps a shop, printed with its legal form right under its sign and sharing
    one of its words ("Supérette El Bahia" over "SARL El Bahia Distribution"): the issuer, as
    printed (how real receipts are labelled)."""
    if LEGAL_FORM_WORD.search(sign) or LEGAL_FORM_AT_END.search(sign):
        return None  # a company of its own ("PONGA COFFEE CO." over "Ponga Coffee Roasters Ltd")
    if not LEGAL_FORM_WORD.search(below) or re.search(r"[\d@:]", below) or _the_owners(below):
        return None
    shared = {w for w in normalise_label(sign).split() if len(w) >= 4} & set(normalise_label(below).split())
    return below if shared else None


def _its_legal_name(lines: Lines, brand: str, below: str = "") -> str | None:
    """The company a letterhead's brand stands for, printed with its legal form elsewhere (a
    footer's "Ferrybridge Telecom Ltd, 3 Wharf Road" under the logo "ferrybridge", "Deportes
    Altamira S.L." under "ALTAMIRA"): the name the brand's words are all part of; or the name
    whose words the brand and the line under it hold ("Kaffeerösterei" / "Donaublick" for
    "Donaublick e.U."). Of the names a sentence cut short at its line's start ("Meet- en
    Regeltechniek B.V., onder vermelding …") and the footer's whole one, the whole one."""
    if LEGAL_FORM.search(brand):  # a name with its form, restated with more of it in the footer
        restated = (restated_longer(brand, cell) for _page, line in lines for cell in CELL_BREAK.split(line))
        return next((name for name in restated if name), None)
    speck = next(
        (t for t in brand.split()[:1] if len(t.strip(".")) <= 2 and not LEGAL_FORM_AT_END.fullmatch(t)), ""
    )
    words = set(
        normalise_label(brand[len(speck) :] if speck and brand[len(speck) :].strip() else brand).split()
    )
    # a logo's speck before the brand ("En. Estaleiro …"), not its legal form ("PONGA COFFEE CO.")
    second_line = a_name(below, "") and not LEGAL_FORM.search(below)  # not a company of its own
    block = words | (set(normalise_label(below).split()) if second_line else set())
    names = []
    for _page, line in lines:
        for cell in CELL_BREAK.split(with_its_form_joined(line.strip())):
            for match in LEGAL_FORM.finditer(cell) if not _the_owners(cell) else ():
                legal = set(normalise_label(match.group(1)).split())
                within = words and words <= legal and len(legal - words) <= BRAND_TO_LEGAL_WORDS
                within = within or _run_together(brand, match.group(1)) or _initials_of(brand, match.group(1))
                within = within or _split_over_two_lines(brand, below, match.group(1))
                within = within or _past_a_mark_beside(brand, words, legal)
                if within or (legal and legal <= block and legal - words) or _trading_as(cell, match, words):
                    names.append(_without_a_sentences_stop(match.group(0).strip(), cell[match.end() :]))
    return _the_whole_one(names)


def _without_a_sentences_stop(name: str, after: str) -> str:
    """A name whose form's point may be its sentence's full stop, a sentence going on after it
    ("Corrib Broadband & Mobile Ltd. Registered in Ireland …"), without it: that point is no sure
    part of the name (where the name ends its cell, "… Telecomunicações Ltda.", it is)."""
    return name[:-1] if name.endswith(".") and SENTENCE_GOES_ON.match(after) else name


def _past_a_mark_beside(brand: str, words: set[str], legal: set[str]) -> bool:
    """Whether the brand's words but one short mark beside them are the company's ("MENUISERIE
    LEFÈVRE & FILS  RGE", a certification's initials, for "Menuiserie Lefèvre & Fils SARL"), the
    mark no legal form of its own ("PONGA COFFEE CO." is a company, not "Ponga Coffee Roasters Ltd")."""
    outside = words - legal
    mark = next(iter(outside)) if len(outside) == 1 else ""
    printed = next((token for token in brand.split() if normalise_label(token) == mark), mark)
    return (
        0 < len(mark) <= MARK_LETTERS and not LEGAL_FORM_AT_END.fullmatch(printed) and len(words & legal) >= 2
    )


MARK_LETTERS = 3


# "Kekeno Point Hospitality Limited trading as Kekeno Point Lodge": the company, then its brand.
TRADING_AS = re.compile(r"\s*,?\s*(?:trading as|t/a)\s+(?P<brand>[^.,;|]+)", re.IGNORECASE)


def _trading_as(cell: str, company: re.Match[str], brand: set[str]) -> bool:
    """Whether the company's name says it trades as the brand (whose words are ``brand``)."""
    trading = TRADING_AS.match(cell, company.end())
    return trading is not None and bool(brand) and brand <= set(normalise_label(trading["brand"]).split())


def _the_whole_one(names: list[str]) -> str | None:
    """Of the names found, the one the others are each the end of (the footer's "Hoekstra Meet- en
    Regeltechniek B.V." over a sentence's "Meet- en Regeltechniek B.V."), or each a part of (the
    footer's "Ziegler & Rauch Werkzeughandel GmbH" over the return address's "Ziegler & Rauch
    GmbH"); else the first. Of names of the same words, the one printed with its legal form's
    point ("… Telecomunicações Ltda." where OCR lost it from the letterhead's "Ltda")."""
    whole = [name for name in names if all(name.endswith(other) for other in names)]
    whole = whole or [name for name in names if all(_words_of(other) <= _words_of(name) for other in names)]
    return max(whole, key=len) if whole else (names or [None])[0]


def _words_of(name: str) -> set[str]:
    return set(normalise_label(name).split())


def _written_out(lines: Lines, brand: str) -> str:
    """A logo's name in small letters ("irene cobo") as the top lines print it in full, with
    capitals and at most ``BRAND_TO_NAME_WORDS`` more words ("Irene Cobo Sainz" under "DE")."""
    if brand != brand.lower():
        return brand
    for _page, line in lines[:LETTERHEAD_LINES]:
        for cell in CELL_BREAK.split(line.strip()):
            words = cell.split()
            if (
                cell.casefold().startswith(f"{brand.casefold()} ")
                and cell != cell.lower()
                and len(words) - len(brand.split()) <= BRAND_TO_NAME_WORDS
                and a_name(cell, "")
            ):
                return cell
    return brand


BRAND_TO_NAME_WORDS = 2


def _run_together(brand: str, name: str) -> bool:
    """A brand that writes a name's first words as one ("ANDESTECH" for "ANDES TECH SOLUCIONES"),
    or its first word that OCR read spaced out ("MAC HAVA" for "Machava Serviços …")."""
    joined = normalise_label(brand).replace(" ", "")
    words = normalise_label(name).split()
    first = 1 if len(normalise_label(brand).split()) > 1 else 2
    return len(joined) >= RUN_TOGETHER_LETTERS and any(
        "".join(words[:count]) == joined for count in range(first, len(words) + 1)
    )


RUN_TOGETHER_LETTERS = 5


def _split_over_two_lines(brand: str, below: str, name: str) -> bool:
    """A logo's one word set over two lines ("wadden" over "stroom"): the name's first word."""
    joined = normalise_label(f"{brand}{below}").replace(" ", "")
    return (
        bool(below) and len(joined) >= RUN_TOGETHER_LETTERS and normalise_label(name).split()[:1] == [joined]
    )


def _initials_of(brand: str, name: str) -> bool:
    """A logo's initials, a speck OCR read beside them or not ("CPU ." for "Conservas Punta Umbría,
    S.L."): the first letters of the name's words, its small words ("de", "y") left out or not."""
    letters = "".join(ch for ch in brand if ch.isalpha())
    if not (INITIALS_LETTERS[0] <= len(letters) <= INITIALS_LETTERS[1]) or not letters.isupper():
        return False
    words = [w for w in re.split(r"[\s&\-]+", name) if w[:1].isalpha()]
    capitals = "".join(w[0] for w in words if w[0].isupper())
    return letters in ("".join(w[0] for w in words).upper(), capitals)


INITIALS_LETTERS = (2, 5)


def other_party(
    lines: Lines, text: str, layout: Layout | None = None, taken: frozenset[str] = frozenset()
) -> Found | None:
    """The party a document is addressed to, when no label names it: the first company (a name
    with its legal form) that is not the issuer ("... passée auprès de Atelier Azur SRL.") nor a
    party the labels named (``taken``)."""
    issuer = issuing_party(lines, text, layout)
    issuer_name = normalise_label(str(issuer.value)) if issuer else ""
    others = {normalise_label(name) for name in taken}
    for index, (page, line) in enumerate(lines):
        if BANK_DETAILS.search(line):
            continue  # "IBAN … (LGT Bank AG, Vaduz)": the bank that keeps the account
        for column, cell in enumerate(CELL_BREAK.split(line.strip())):  # a name is in one cell
            for match in LEGAL_FORM.finditer(cell):
                name = match.group(0).strip()
                if match.start() == 0 and cell == line.strip() and index:
                    name = f"{_sentence_end_name(lines[index - 1][1])} {name}".strip()
                elif match.start() == 0 and column == 0 and index:
                    name = f"{_cut_short_above(lines[index - 1][1])} {name}".strip()
                particle = PARTICLE_AFTER_TO.search(cell, 0, match.start())
                name = f"{particle.group(1)} {name}" if particle else name
                own = normalise_label(name) == issuer_name or normalise_label(name) in issuer_name
                if (
                    not own
                    and not NUMBER_RUN.search(name)  # "… unter 04841 555 60-0. Schlichtungsstelle … e.V."
                    and not _the_issuers_company(name, issuer_name)
                    and normalise_label(name) not in others
                ):
                    return Found(name, page, line.strip(), 0.4)
    return None


NUMBER_RUN = re.compile(r"\d{4,}|\d+\s\d+")  # a phone's or an account's digits: no name's


def _the_issuers_company(name: str, issuer_name: str) -> bool:
    """Whether a company is named by the issuer's first own word, its brand ("Avonbridge Hotels
    Ltd" at the foot of "THE AVONBRIDGE HOTEL"'s folio): the issuer's company, no customer."""
    own = _own_words(issuer_name)
    brand = next((word for word in issuer_name.split() if word in own), None)
    return brand is not None and brand in normalise_label(name).split()


# A line of bank details: an IBAN, a BIC or SWIFT code, a bank account's words (`[names] bank_account`).
BANK_DETAILS = re.compile(
    r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,}|\b(?:IBAN|BIC|SWIFT)\b"
    rf"|\b(?:{alternation(prose_words(lambda words: words.bank_account))})\b",
    re.I,
)
# A name's small words after a word for "to" or "at" ("… aan van Dijk Facilitair BV", "… bei von
# Berg GmbH"): there they begin the name (elsewhere "de" may be "of": "auprès de Atelier Azur SRL").
PARTICLE_AFTER_TO = re.compile(
    rf"\b(?:{alternation(prose_words(lambda words: (*words.addressed, *words.at)))})\s+"
    rf"((?:{NAME_PARTICLES})(?:\s+(?:{NAME_PARTICLES}))?)\s+$",
    re.I,
)
# A sentence's last words when they begin a name its next line ends ("… emitida a Gomes Instalações"
# / "Unipessoal Lda."): capitalised words after a small one, at the end of a long line.
SENTENCE_END_NAME = re.compile(r"(?<=\s)[a-zà-ÿ]{1,3}\s+((?:[A-ZÀ-Þ][\w&'.-]*\s+){0,2}[A-ZÀ-Þ][\w&'.-]*)\s*$")
WRAPPED_SENTENCE_WORDS = 6


def _cut_short_above(line: str) -> str:
    """The line's first cell when a line break cut it after a small word ("Technische Groothandel
    Brouwer &" over "Zn. B.V."): the start of the name under it; else ""."""
    first = CELL_BREAK.split(line.strip())[0]
    words = first.split()
    return first if len(words) > 1 and words[-1].casefold() in CUT_SHORT else ""


def _sentence_end_name(line: str) -> str:
    """The start of a name a sentence wrapped onto the next line, or ""."""
    match = SENTENCE_END_NAME.search(line.strip())
    return match.group(1) if match and len(line.split()) >= WRAPPED_SENTENCE_WORDS else ""


# Between the parts of a one-line address: a dot, a bar or a dash, a space each side, or a
# cell's gap (where OCR lost the mark).
ADDRESS_MARK = re.compile(r"\s[·•|:\u2013\u2014-]\s|\s{2,}")  # a scan's middle dot may read as a colon


def issuers_legal_name(
    name: str,
    labelled: str,
    snippet: str,
    lines: Lines,
    text: str,
    layout: Layout | None,
    *,
    weak: bool = False,
    taken: frozenset[str] = frozenset(),
) -> str | None:
    """The letterhead's company, where a label gave the issuer's field one of its sites or
    departments ("Deliver to: Harrowgate Joinery Ltd - Workshop", "Lieferanschrift: Kessler Werk
    II - Wareneingang Tor 3" under "Schreinerei Kessler GmbH & Co. KG", "SHIP TO: Pinecrest Brewing
    Company - Production" under "Pinecrest Brewing Company") or its employee (``snippet``: the
    value's line): a name with no legal form that shares a word of its own with the company's, a
    person after a salesperson's or a buyer's word ("Acheteur  Mathieu Gagnon"), or a place a
    ``weak`` label gave ("Afleveradres:
    Bouwplaats De Greiden"). ``taken``: the names labels gave the other parties, no letterhead's."""
    labelled = labelled.strip()
    if name not in ISSUER_FIELDS or LEGAL_FORM_AT_END.search(labelled):
        return None
    issuer = issuing_party(lines, text, layout, taken)
    if issuer is None or issuer.value == labelled:
        return None
    issuer = replace(issuer, value=with_its_form_read(issuer.value))  # "… du Bic Itée": "ltée"
    company = LEGAL_FORM.fullmatch(issuer.value)
    if company is None:  # a name without its legal form, and after it the site's; a place a weak
        # label gave, named after it ("Redfield Springs Parks Maintenance Yard" under "COUNTY OF
        # REDFIELD SPRINGS") or by a part of a site ("Technical Services - Loading Dock"); its employee
        site = labelled.startswith(issuer.value) and SITE_OF.match(labelled[len(issuer.value) :])
        named_after = weak and (_words_shared(issuer.value, labelled) or A_SITES_PART.search(labelled))
        return issuer.value if site or named_after or _an_employee(labelled, snippet, lines) else None
    same = _words_shared(company.group(1), labelled)
    same = same or _initials_of(next(iter(labelled.split()), ""), company.group(1))  # "CTM SA - …"
    a_place = weak and not LEGAL_FORM_WORD.search(labelled)
    for_it = same or a_place or _an_employee(labelled, snippet, lines)
    return issuer.value if for_it or _a_person_beside_another_party(labelled, taken) else None


def _words_shared(name: str, other: str) -> set[str]:
    """The words of four letters or more that a name shares with another."""
    own = {word for word in normalise_label(name).split() if len(word) >= 4}
    return own & set(normalise_label(other).split())


def _a_person_beside_another_party(labelled: str, taken: frozenset[str]) -> bool:
    """Whether the issuer's label gave a person while labels name another party (an order's "Buyer
    Fiona McLeod" over its "Vendor" block): the person acts for the letterhead's company."""
    return bool(taken) and looks_like_person(labelled) and not LEGAL_FORM_WORD.search(labelled)


# A part of a site after a dash ("Technical Services - Loading Dock", "Fromagerie - Quai de réception").
A_SITES_PART = re.compile(r"[^\W\d_]\s+[-\u2013\u2014]\s+[^\W\d_]")
# What follows a company's name in one of its sites' ("Pinecrest Brewing Company - Production").
SITE_OF = re.compile(r"\s*[-\u2013\u2014,/]\s*\w")


# A party's word that may name its employee (`[names] salesperson` and `purchaser`): "Vendedor",
# "Verkoper"; "Acheteur", "Besteller".
EMPLOYEE_WORD = alternation(prose_words(lambda words: (*words.salesperson, *words.purchaser)))
# One that does only as a column's heading over a person (`[names] purchaser_heading`): "Buyer".
EMPLOYEE_HEADING = alternation(
    prose_words(lambda words: (*words.salesperson, *words.purchaser, *words.purchaser_heading))
)


def _an_employee(labelled: str, line: str, lines: Lines) -> bool:
    """Whether a person follows a party's word that may name its employee, on its line or at the
    start of the line over it: a seller's ("Vendedor:  Rafael Tavárez", "Verkoper: R. Sewdien")
    or a buyer's ("Acheteur  Mathieu Gagnon"; "Comprador(a)  Frete" over "Juliana Prado  CIF", "Buyer
    Delivery" over "Priya Kaur  Next working day"), their department perhaps after them
    ("Besteller: H. Brückner / Einkauf")."""
    if not looks_like_person(DEPARTMENT_AFTER.sub("", labelled)):
        return False
    if re.search(rf"(?<!\w)(?:{EMPLOYEE_WORD})\s*:?\s*(?:{COURTESY}\s+)?{re.escape(labelled)}", line, re.I):
        return True
    above = next((lines[row - 1][1] for row in range(1, len(lines)) if lines[row][1] == line), "")
    if line.lstrip().startswith(labelled) and re.match(rf"\s*(?:{EMPLOYEE_HEADING})(?!\w)", above, re.I):
        return True
    cells, over = CELL_BREAK.split(line.strip()), CELL_BREAK.split(above.strip())
    at = cells.index(labelled) if labelled in cells else None  # "Cond. pagamento  Vendedor" over
    return (  # "30 dias  Adelino Kalunga": a grid's heading over the person in its cell
        at is not None
        and len(over) == len(cells)
        and re.fullmatch(rf"(?:{EMPLOYEE_HEADING})\s*:?", over[at], re.I) is not None
    )


# A word of courtesy the value was read without ("Ordered by:  Mrs K. Whitlock").
COURTESY = r"[^\W\d_]{1,5}\.?"
# A department after a person's name ("H. Brückner / Einkauf").
DEPARTMENT_AFTER = re.compile(
    rf"\s*[/,\u2013-]\s*(?i:{alternation(prose_words(lambda words: words.departments))})\s*$"
)


# The payee a payment's instructions name ("Make checks payable to Prairie Link Wireless.", "t.n.v.
# Bakkerij Van Damme"): up to the sentence's end (a point before a space and a capital, or the
# line's end), a comma or a wide gap between cells.
PAYEE = re.compile(
    rf"(?<!\w)(?:{alternation(prose_words(lambda words: words.payee))})\s+"
    r"(?P<name>[^\W\d_][^,;|]*?)\s*(?:\.(?=\s+[A-ZÀ-Þ])|[,;|]|\s{2,}|\.?$)",
    re.I,
)


def restated_in_full(found: Found | None, lines: Lines) -> Found | None:
    """The issuer's name in full where the page restates it: a logo's two lines as its footer
    joins them, or as its payment instructions spell it ("Prairie Link Wireless" for a logo's
    "prairielink", "M. Hargreaves Plumbing Ltd" for a letterhead's "M. HARGREAVES")."""
    if found is None:
        return None
    found = _restated_with_the_line_under(found, lines)
    short = _letters(str(found.value))
    for page, line in lines:
        for match in PAYEE.finditer(line):
            name = _up_to_its_form(match.group("name").strip())
            if len(short) >= PAYEE_LETTERS and short in _letters(name) and len(_letters(name)) > len(short):
                return Found(name, page, line.strip(), found.confidence)
    return found


PAYEE_LETTERS = 4


def _up_to_its_form(name: str) -> str:
    """A name up to its legal form, where the sentence goes on ("… Landscape LLC or pay online with")."""
    words = name.split()
    whole = (" ".join(words[:size]) for size in range(len(words), 0, -1))
    return next((part for part in whole if LEGAL_FORM.fullmatch(part)), name)


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalpha())


def _restated_with_the_line_under(found: Found, lines: Lines) -> Found:
    """A logo's name on two lines ("HARBOURVIEW" over "SUITES", "Glanzwerk" over "Gebäudedienste
    GmbH", a page's number perhaps between) that another line restates as one to open it
    ("Harbourview Suites - 12 Wharf Road …", the footer): the name, as restated."""
    at = next((i for i, (_page, line) in enumerate(lines) if line.strip() == found.snippet), None)
    if at is None or str(found.value) != found.snippet.strip():
        return found
    under = [f"{found.value} {first_cell(lines[at + 1][1])}"] if at + 1 < len(lines) else []
    over = [f"{first_cell(line)} {found.value}" for _page, line in lines[max(at - LOGO_REACH, 0) : at]]
    for whole in (*under, *over):
        for page, line in lines[at + 1 :]:
            if (
                line.casefold().startswith(whole.casefold())
                and not line[len(whole) : len(whole) + 1].isalnum()
            ):
                return Found(line[: len(whole)], page, line.strip(), found.confidence)
    return found


LOGO_REACH = 2  # lines over a name where its logo's first line stands (a page's number between)
