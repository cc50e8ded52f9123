"""Whom a document is addressed to when no label names it: the name over its address,
the name under a window envelope's return address, or the person a sentence names at its end."""

from __future__ import annotations

import re
from functools import cache

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.found import CELL_BREAK, Found, Lines, first_cell
from batches.processing.builtin.fallbacks.names import (
    ACADEMIC_TITLES,
    LEGAL_FORM,
    SALUTATION,
    a_buildings_name,
    a_name,
    a_street,
    looks_like_person,
)
from batches.processing.builtin.fallbacks.parties import (
    ADDRESS_MARK,
    OTHER_PARTY_FIELDS,
    PAYEE,
    WRAPPED_SENTENCE_WORDS,
    courtesy_person,
    in_its_column_under,
    issuing_party,
)
from batches.processing.builtin.items import header_columns
from batches.processing.builtin.labels import for_the_attention_of, label_index
from batches.processing.builtin.receipts import a_copy_mark, a_title
from batches.processing.builtin.values import (
    AMOUNT_PRINTED,
    a_streets_name,
    without_courtesy,
    without_full_stop,
    wrapped_with,
)
from batches.processing.layout.model import Cell, Layout, Line
from batches.processing.vocab import alternation, courtesy_titles, known_word, normalise_label, prose_words

ADDRESSEE_LINES = 30  # an addressee's block is near the top
ITEM_HEADINGS = 2  # an item header's columns beside a name ("Pos. Bezeichnung  Einzelpreis  Gesamt"): none
# A street's house number or a postcode: "Calle Hidalgo 57", "58 chemin des Vignes", "2511 BT".
ADDRESS_NUMBER = re.compile(r"\b\d{1,5}[A-Za-z]?\b")


def addressee(lines: Lines, text: str, layout: Layout | None = None) -> Found | None:
    """Whom a statement is addressed to, when no label names it: the first name (a person's, or
    a company's with its legal form) that is not the issuer and stands over its address (the line
    right below has a house number or a postcode, and no amount)."""
    issuer = issuing_party(lines, text, layout)
    issuer_name = normalise_label(str(issuer.value)) if issuer else ""
    over_its_account = None  # a holder over the account's line, where no name stands over an address
    for index, (page, printed) in enumerate(lines[:ADDRESSEE_LINES]):
        line = without_a_title_before(printed)  # "FACTURE  SCI Les Tilleuls": the title beside the block
        name = first_cell(line)
        below = first_cell(lines[index + 1][1]) if index + 1 < len(lines) else ""
        named = looks_like_person(without_courtesy(name)) or bool(LEGAL_FORM.fullmatch(name.strip()))
        named = named or _two_persons(name)  # "De heer R. van Dongen": a person, after its courtesy
        person_under = courtesy_person(below) or _a_titled_person(below)  # "Dr Claire Le Bihan"
        named = named or (name == line.strip() and person_under and _a_company_line(name))
        named = named or (_a_named_department(first_cell(below)) and _a_company_line(name))
        named = named and not _a_named_department(name)  # "Accounts Department" under its company
        if (
            not named
            or label_index(()).names_a_label(name)
            or for_the_attention_of(name)
            or a_title(name)
            or a_copy_mark(name)
            or len(header_columns(CELL_BREAK.split(line.strip()))) >= ITEM_HEADINGS
        ):
            continue  # "BIC UBGNCHXX" is a label's line; "Inh. Maria Huber" a person at the addressee;
            # "Current Account Statement" the title; "P AGADO" a stamp's
        if index and page == lines[index - 1][0] and a_street(lines[index - 1][1]):
            continue  # "Av. Rio Branco, 104" / "Rio de Janeiro RJ": a town under its street
        if normalise_label(name) == issuer_name or normalise_label(name) in issuer_name:
            continue
        under_lines = [below for _, below in lines[index + 1 : index + 3]]
        for under in (under_lines, in_its_column_under(layout, page, name)):
            if under and _between_name_and_address(first_cell(under[0]), whole=name == line.strip()):
                under = under[1:]  # the addressee, the person to attend (or a department), the address
            if _over_an_address(line, under[0] if under else ""):
                return Found(without_courtesy(name), page, line.strip(), 0.45)
            if over_its_account is None and _over_its_account(line, under):
                over_its_account = Found(without_courtesy(name), page, line.strip(), 0.4)
    return (
        over_its_account
        or _company_beside_labels(lines[:ADDRESSEE_LINES], issuer_name)
        or _block_on_the_right(layout, issuer_name)
    )


# "and" between two holders' names: "Martina Pagano & Federica Rinaldi", "Solène Bouba et Margaux Lacombe".
AND = re.compile(r"\s+(?:&|and|et|und|en|e|y|i)\s+")


def without_a_title_before(line: str) -> str:
    """A line less the document's title in its first cell, where other cells follow."""
    first = first_cell(line)
    return line.strip()[len(first) :].lstrip(" |") if a_title(first) and first != line.strip() else line


def _two_persons(name: str) -> bool:
    """Two persons' names joined by "and" (a joint account's holders)."""
    parts = AND.split(name.strip())
    return len(parts) == 2 and all(len(part.split()) >= 2 and looks_like_person(part) for part in parts)


def _a_block_name(name: str) -> bool:
    """A name that may open an address field with no label over it: two words or more from a
    capital, no mark of a label or a heading ("Obra: …", "CESSIONARIO/COMMITTENTE (CLIENTE)"), no
    word of any label, nobody's care ("c/o …")."""
    return (
        a_name(name, "")
        and len(name.split()) >= 2
        and name[:1].isupper()
        and not re.search(r"[:/()]", name)
        and not any(label_index(()).hits(name))
        and not for_the_attention_of(name)
    )


def _starts_under(above: Line, line: Line, cell: Cell) -> bool:
    """Whether ``above`` holds a cell starting where ``cell`` (of ``line``) starts, close over it."""
    height = max(line.height, 1e-6)
    return line.y0 - above.y1 < 2 * height and any(abs(c.x0 - cell.x0) <= height for c in above.cells)


RIGHT_SIDE = 0.45  # a window envelope's address field starts past this share of the page's width
BLOCK_LINES = 3  # the lines under a name where its street or postcode stands


def _block_on_the_right(layout: Layout | None, issuer: str) -> Found | None:
    """A window envelope's address field on the right of the page's top half, beside the
    letterhead's own lines, with no label: a name that ends its line, over lines that start where
    it starts, a house number or a postcode among them ("Association des Amis du Musée Alsacien"
    over "Service comptabilité", "23-25, quai Saint-Nicolas", "67000 Strasbourg")."""
    page = layout.pages[0] if layout is not None and layout.pages else None
    if page is None:
        return None
    lines = [line for line in page.lines if line.y0 < page.height / 2]
    for row, line in enumerate(lines):
        cell, height = line.cells[-1], max(line.height, 1e-6)
        name = without_courtesy(cell.text)
        if cell.x0 < RIGHT_SIDE * page.width or not _a_block_name(name) or normalise_label(name) in issuer:
            continue
        if row and _starts_under(lines[row - 1], line, cell):
            continue  # "Tallaght" under "Unit 7, Broomhill Business Park": a block's later line
        under = [
            c.text
            for below in lines[row + 1 : row + 1 + BLOCK_LINES]
            for c in below.cells
            if abs(c.x0 - cell.x0) <= height
        ]
        if any(ADDRESS_NUMBER.search(text) for text in under) and not any(
            AMOUNT_PRINTED.search(t) for t in under
        ):
            return Found(name, line.page, line.text, 0.4)
    return None


def _company_beside_labels(lines: Lines, issuer: str) -> Found | None:
    """A company in a line's last cell over its street, right of a label and its value that
    begin the line ("Rekening  BE71 0961 2345 6769  Bakkerij Van Damme BV" over
    "Sint-Pietersnieuwstraat 119"): the address block beside the account's."""
    for index, (page, line) in enumerate(lines[:-1]):
        cells = CELL_BREAK.split(line.strip())
        after = CELL_BREAK.split(lines[index + 1][1].strip())[-1]
        if len(cells) < 3 or not (LEGAL_FORM.fullmatch(cells[-1]) and a_street(after)):
            continue
        if normalise_label(cells[-1]) != issuer and label_index(()).a_whole_label(cells[0]):
            return Found(cells[-1], page, line.strip(), 0.4)
    return None


# A sender's address on one line over a window envelope's address ("Weinhandlung Grünberger GmbH ·
# Neubaugasse 36 · 1070 Wien"): three parts or more parted by dots or bars, a postcode among them.
RETURN_ADDRESS = re.compile(r"^[^·•|]+(?:\s[·•|]\s[^·•|]+){2,}$")


def _a_return_address(text: str) -> bool:
    """A sender's one-line address: parts apart by dots or bars, or by commas after a company's
    name with its legal form ("Steirerhof GmbH, Sporgasse 27, 8010 Graz"), or its street and town
    after one mark (a scan that lost the others: "… GmbH & Co. KG - Fürther Str. 212 90429
    Nürnberg") or none, its house's number first ("Brightwater Catering Ltd 179 Harbour Road
    Malvern IP4 2JZ")."""
    company = LEGAL_FORM.match(text)
    rest = text[company.end() :] if company is not None else ""
    by_commas = rest.count(", ") >= 1 and rest.startswith(",")
    by_a_mark = bool(ADDRESS_MARK.match(rest) or STREETS_NUMBER.match(rest)) and bool(
        norm.TOWNS_POSTCODE.search(rest)
    )
    # "Malerbetrieb Hüsing Am Sande 30 - 21335 Lüneburg": a name, its street's number, a dash, the town
    by_a_dash = HOUSE_NUMBER_THEN_A_DASH.search(text) is not None and bool(norm.TOWNS_POSTCODE.search(text))
    return bool(RETURN_ADDRESS.match(text)) or by_commas or by_a_mark or by_a_dash


HOUSE_NUMBER_THEN_A_DASH = re.compile(r"[^\W\d_]{2,}\.?\s+\d{1,4}[a-z]?\s+[-\u2013]\s+(?=\d{4,5}\s)")
STREETS_NUMBER = re.compile(r"\s+\d{1,4}[A-Za-z]?\s+[A-ZÀ-Þ][a-zà-ÿ]")  # "… Ltd 179 Harbour Road …"


RETURN_GAP = 6.0  # the sender line's heights between it and the addressee's name (a zone for notes between)


def under_return_address(layout: Layout | None) -> Found | None:
    """The addressee named under the sender's one-line return address in the top half of the
    first page (a window envelope's address field: "Gasthaus Zum Goldenen Hirschen", under it
    "z. H. Herrn Florian Pichler", then the street), a word of courtesy on its own line passed."""
    window = _window_envelope(layout)
    return window[1] if window is not None else None


def windows_addressee_instead(name: str, labelled: str, layout: Layout | None, *, weak: bool) -> str | None:
    """The addressee in a window envelope's field, where a weak label gave the other party a place
    ("Lieferanschrift:" over "Baustelle Neubau Kita Drossenau"; "Elektro Sonnleitner e.K." in the
    window under the return address): the party the document is for."""
    if not weak or name not in OTHER_PARTY_FIELDS:
        return None
    window = _window_envelope(layout)
    return None if window is None or window[1].value == labelled else str(window[1].value)


def return_address_sender(layout: Layout | None) -> Found | None:
    """The company a window envelope's return address names first, by its legal form ("Brightwater
    Catering Ltd 179 Harbour Road Malvern IP4 2JZ" over the addressee): the sender."""
    window = _window_envelope(layout)
    company = LEGAL_FORM.match(window[0].text) if window is not None else None
    if window is None or company is None:
        return None
    return Found(company.group(0).strip(), window[1].page, window[0].text, 0.6)


def _window_envelope(layout: Layout | None) -> tuple[Cell, Found] | None:
    """A window envelope's return address and the addressee named under it, or None."""
    page = layout.pages[0] if layout is not None and layout.pages else None
    if page is None:
        return None
    lines = [line for line in page.lines if line.y0 < page.height / 2]
    for row, line in enumerate(lines):
        for at, sender in enumerate(line.cells):  # the window's field may stand right of the labels
            with_town = " ".join(cell.text for cell in line.cells[at : at + 2])  # a scan may part them
            if any(
                _a_return_address(text) and (norm.POSTCODE.search(text) or norm.TOWNS_POSTCODE.search(text))
                for text in (sender.text, with_town)
            ):
                found = _addressee_under(lines, row, sender)
                if found is not None:  # else a letterhead's contact line, above the return address
                    return sender, found
    return None


def _addressee_under(lines: list[Line], row: int, sender: Cell) -> Found | None:
    """The name in the address field under the return address ``sender`` at ``row``; None where
    the field holds no name (a label's row, a number)."""
    bottom, height = lines[row].y1, max(lines[row].height, 1e-6)
    for below in lines[row + 1 :]:
        if below.y0 - bottom > RETURN_GAP * height:
            return None
        cell = next((c for c in below.cells if abs(c.x0 - sender.x0) <= 2 * height), None)
        if cell is None:
            continue  # a label beside the address field ("Kunden-Nr.  40172")
        name = without_courtesy(cell.text)
        if name.casefold().rstrip(".") not in _courtesy_words():
            if label_index(()).a_whole_label(name):
                return None  # "Rekening  BE71 …": a label's row, no address field
            return Found(name, below.page, below.text, 0.5) if a_name(name, sender.text) else None
        bottom = below.y1
    return None


@cache
def _courtesy_words() -> frozenset[str]:
    """Words of courtesy, and the others that stand alone over a name in an address field ("Firma")."""
    words = (*courtesy_titles(), *prose_words(lambda words: words.over_address))
    return frozenset(word.casefold().rstrip(".") for word in words)


def _between_name_and_address(cell: str, *, whole: bool) -> bool:
    """A line under an addressee's name and over its street: the person to attend ("z. Hd. Frau
    Berger"; "Madame Nathalie Kieffer" under a name alone on its line, not under a letterhead's
    address line), a department ("Service fabrication") or a partnership's partners ("di Buonamici
    Franco & C." under "Pasticceria Buonamici S.n.c.")."""
    return (
        for_the_attention_of(cell)
        or (whole and (courtesy_person(cell) or _a_titled_person(cell)))
        or _a_department(cell)
        or _a_named_department(cell)
        or PARTNERS.fullmatch(cell.strip()) is not None
        or a_buildings_name(cell)
    )


# An Italian partnership's partners under its name: "di Buonamici Franco & C.", "di Rossi & C. s.a.s."
PARTNERS = re.compile(r"di\s+[^\W\d_].*&\s*C\.?(?:\s+s\.?[an]\.?[cs]\.?)?", re.I)


def _a_company_line(cell: str) -> bool:
    """A line that may be a company's name over its contact person: words, no number, no label."""
    return a_name(cell, "") and not label_index(()).names_a_label(cell) and not SALUTATION.match(cell)


DEPARTMENT_WORDS = 3


def _a_department(cell: str) -> bool:
    """A short line of words between an addressee and its street ("Service fabrication",
    "Buchhaltung"): no number, no label, no one's name."""
    words = cell.split()
    return (
        0 < len(words) <= DEPARTMENT_WORDS
        and not re.search(r"\d|@", cell)
        and not label_index(()).names_a_label(cell)
        and not looks_like_person(cell)
        and without_courtesy(cell) == cell.strip()
    )


# A person's professional title before the name ("Dr Claire Le Bihan", "Prof. Anna Weber").
TITLED = re.compile(rf"^(?i:{ACADEMIC_TITLES})\.?(?:ssa)?\s+(?=[A-ZÀ-Þ])")


def _a_titled_person(cell: str) -> bool:
    titled = TITLED.match(cell.strip())
    return titled is not None and looks_like_person(cell.strip()[titled.end() :])


@cache
def _department_words() -> frozenset[str]:
    return frozenset(normalise_label(word) for word in prose_words(lambda words: words.departments))


def _a_named_department(cell: str) -> bool:
    """Whether a line names a department by its word, first or last ("Accounts Department",
    "Service comptabilité", "Buchhaltung"), with no figure: no addressee's name, and the line a
    company's name stands over."""
    words = normalise_label(cell).split()
    known = _department_words()
    return bool(words) and not re.search(r"\d", cell) and (words[0] in known or words[-1] in known)


# A sentence's last words naming whom it is for: "Rechnung F-2017-7342 vom 13.07.2017 für Lukas Böhm.",
# "... la fattura n. F-2014-5572 del 2 novembre 2014 intestata a Matteo Gallo."
ADDRESSED_TO = re.compile(
    rf"\b(?:{alternation(prose_words(lambda words: words.addressed))})\s+"
    r"((?:[A-ZÀ-Þ][\w'\u2019-]+\s+){1,3}[A-ZÀ-Þ][\w'\u2019-]+)\s*\.?$"
)


def person_addressed(lines: Lines) -> Found | None:
    """The person (or company, its legal form wrapped onto the next line: "Moretti Servizi" /
    "Sagl.") a document's sentence is for, at its end, when nothing else names its customer."""
    for index, (page, line) in enumerate(lines[:ADDRESSEE_LINES]):
        match = ADDRESSED_TO.search(line.strip())
        if (
            match
            and len(line.split()) >= WRAPPED_SENTENCE_WORDS
            and looks_like_person(match.group(1))
            and not all(map(known_word, match.group(1).split()))  # "Besten Dank für Ihren Auftrag."
            and not PAYEE.search(line)  # "Konto / Zahlbar an  Schreinerei Wyss AG": the issuer
        ):
            below = without_full_stop(first_cell(lines[index + 1][1])) if index + 1 < len(lines) else ""
            return Found(wrapped_with(without_courtesy(match.group(1)), below), page, line.strip(), 0.4)
    return None


def _over_an_address(line: str, below: str) -> bool:
    """Whether a name's line stands over an address: the line under it starts with a house number
    or a postcode or is a street's name, not after a label's colon ("Account number: ******4821")
    nor in a phone's contact line ("Customer Service +1 419-555-0148"), and neither line holds an
    amount (an items table's row and the row under it)."""
    under = first_cell(below)
    return (
        bool(ADDRESS_NUMBER.search(under) or a_streets_name(under))  # "Rue du Grand Marché Ouest"
        and not LABEL_AND_COLON.match(under)
        and not INTERNATIONAL_NUMBER.search(under)
        and not AMOUNT_PRINTED.search(
            norm.without_dates(f"{_before_a_label(line)}\n{_before_a_label(below)}")
        )
    )  # a period beside the address is no amount, nor a summary's labelled balances


ACCOUNT = "account_number_last4"


def _over_its_account(line: str, under: list[str]) -> bool:
    """Whether a name alone on its line, or with the balance beside it, stands over the account's
    line ("Korbinian Lindqvist" over "Konto: DE09 **** **** **** 2520 01", "S. Verhoeven  € 3.419,01"
    over "NL63 PLDB 0417 2938 51" in a bank's web page): a statement's holder with no address printed."""
    _name, *beside = CELL_BREAK.split(line.strip())
    if not under or any(norm.parse_amount(cell) is None for cell in beside):
        return False
    account = first_cell(under[0])
    an_iban = norm.IBAN_SHAPE.fullmatch(account.replace(" ", "")) is not None
    return an_iban or any(hit.field == ACCOUNT for hit in label_index((ACCOUNT,)).hits(under[0]))


def _before_a_label(line: str) -> str:
    """A line's cells before the first later one that is a whole label: "Élodie Tremblay" of
    "Élodie Tremblay  Solde précédent  3 014,50 $", a summary's box beside the address."""
    cells = CELL_BREAK.split(line.strip())
    index = label_index(())
    cut = next((at for at in range(1, len(cells)) if index.a_whole_label(cells[at])), len(cells))
    return "  ".join(cells[:cut])


LABEL_AND_COLON = re.compile(r"[^\W\d_][^:\d]{0,40}:\s")
INTERNATIONAL_NUMBER = re.compile(r"\+\s?\d")
