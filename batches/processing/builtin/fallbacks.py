"""Values found by their type alone, for fields no label led to.

Each finder reads the document's text lines, ``(page, line)`` pairs, and returns a ``Found``
with a modest confidence: the letterhead for the party that issued a document, a company name
by its legal form, the first e-mail or phone number, the currency the amounts use, a payment
word in any language, the years of experience stated or spanned by dated positions, the
bullets under a skills heading, and a document's first date for its main date.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import Any

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.labels import LEADER, for_the_attention_of, label_index
from batches.processing.builtin.periods import BALANCES, OPENING, balance_chain
from batches.processing.builtin.receipts import a_title, change_given, merchant
from batches.processing.builtin.terms import deadline_date
from batches.processing.builtin.values import (
    AMOUNT_PRINTED,
    CUT_SHORT,
    LEGAL_FORM_AT_END,
    LEGAL_FORM_WORD,
    LEGAL_FORMS,
    NOT_A_NAME,
    STREET,
    paid_nothing,
    without_courtesy,
    without_full_stop,
    wrapped_with,
)
from batches.processing.layout.model import Cell, Layout, Line, Source
from batches.processing.vocab import (
    SECTION_KINDS,
    SPACED_TITLE_LETTERS,
    alternation,
    clause_words,
    courtesy_titles,
    field_labels,
    known_phone_regions,
    language_of,
    month_number,
    normalise_label,
    number_word,
    payment_method,
    phone_regions,
    prose_words,
    range_words_to,
    section_headings,
    usual_currency,
)

Lines = list[tuple[int, str]]


@dataclass
class Found:
    value: Any
    page: int | None
    snippet: str
    confidence: float
    notes: list[str] = field(default_factory=list)


# Party fields whose value is the document's own letterhead when no label names it: the seller
# issues an invoice or a receipt, the buyer issues a purchase order. (A statement's letterhead is
# its bank, not the account holder; an order's supplier is its addressee.)
ISSUER_FIELDS = ("vendor_name", "merchant_name", "buyer")
OTHER_PARTY_FIELDS = ("supplier", "customer_name")
ADDRESSEE_FIELDS = ("account_holder",)
ADDRESSEE_LINES = 30  # an addressee's block is near the top
# A street's house number or a postcode: "Calle Hidalgo 57", "58 chemin des Vignes", "2511 BT".
USUAL_CURRENCY = 0.3  # the confidence of a currency no amount shows
LETTERHEAD_LINES = 25  # where a letterhead's name is looked for
TITLE_WORDS_AFTER = 4  # a title OCR spaced out after a name on its line: up to four pieces
ADDRESS_NUMBER = re.compile(r"\b\d{1,5}[A-Za-z]?\b")
# A street and its house number: a word, then a number of one to four digits, or a number of up to
# three before it ("12 Dock Road"; "2000 Antwerpen" is a postcode and its town, an address's end).
STREET_LINE = re.compile(
    r"^(?:\d{1,3}[a-z]?,?\s+[^\W\d_]{3,}|[^\W\d_]{2,}(?:-[^\W\d_]+)*\.?(?:\s+[^\W\d_][\w'.-]*){0,4},?\s+\d{1,4}[a-z]?\b)"
)
STREET_LENGTH = 40
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
# Fields that are a document's main date: its first date stands in when nothing labels one.
PRIMARY_DATES = ("date", "invoice_date", "order_date")
# A letter's dateline: its town, a comma, the date ("München, den 12.03.2024", "Gent, 3 mei 2024").
DATELINE = re.compile(
    r"^[A-Z\u00c0-\u00de][^\W\d_]+(?:[ -][^\W\d_]+){0,2},\s+"
    rf"(?:(?:{alternation(prose_words(lambda words: words.dateline))})\s+)?\d"
)
DUE_DATES = ("due_date", "payment_due_date")
TIME_OF_DAY = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])")
TITLE_WORDS = {
    "invoice",
    "receipt",
    "statement",
    "purchase",
    "order",
    "resume",
    "résumé",
    "curriculum",
    "vitae",
    "bank",
    "tax",
    "bill",
    "to",
    "page",
    "date",
    "account",
    "dear",
    "hello",
    "hi",
} | {mark.casefold() for mark in prose_words(lambda words: words.copies)}  # "Original", "Duplicado"
# A letterhead name whose font is this many times the page's usual size may wrap over lines.
HEADING_SIZE = 1.2
MAX_NAME_LINES = 3
# Small words inside a name: "de Vries CommV", "Éditions du Quai EURL", "van den Berg Advies".
NAME_PARTICLES = alternation(prose_words(lambda words: words.particles))
NAME_WORD = r"(?:[A-Z0-9\u00c0-\u00de][\w&'.\-]*|[a-z]{1,3}['\u2019][A-Z\u00c0-\u00de][\w&'.\-]*|&)"  # "d'Or"
# A company named by its legal form: capitalised words, small words inside them (or first on the
# line: "de Vries CommV"; elided before the last: "Les Gîtes de l'Ourthe SRL"), then the form.
# An elided small word before a word in small letters inside a name ("Studio d'ingegneria Ferretti SA").
ELIDED_WORD = r"[a-z]{1,2}['\u2019][a-z\u00e0-\u00ff]+"
LEGAL_FORM = re.compile(
    rf"((?:^(?:{NAME_PARTICLES})\s+(?:(?:{NAME_PARTICLES})\s+)?)?"
    rf"(?:{NAME_WORD}\s+(?:(?:{NAME_WORD}|{NAME_PARTICLES}|{ELIDED_WORD})\s+){{0,4}})?"
    rf"(?:[a-z]{{1,3}}['\u2019])?[A-Z\u00c0-\u00de][\w&'.\-]*),?\s+({LEGAL_FORMS})(?:\s\(haftungsbeschränkt\))?(?![\w])"
)
# A letter's greeting or closing ("Sehr geehrter Herr Becker,", "Kind regards"): no one's name.
SALUTATION = re.compile(
    rf"^(?:{alternation(prose_words(lambda words: (*words.greetings, *words.closings)))})\b", re.I
)
PHONE_DIGITS = 6  # a name holds fewer digits than a phone number
MONOGRAM = re.compile(r"[^\W\d_]{1,3}")
BULLET_MARKS = " •·-*▪◦‣\u203a»→✓■●○◆➢\u2013\u2014"
YEARS = re.compile(r"\b(?:19|20)\d{2}\b")
BULLET = re.compile("^[" + re.escape(BULLET_MARKS.strip()) + "]")
# A bullet as OCR reads it: another sign, then a space ("> Emailing", "+ Excel", "« SEO").
OCR_BULLET = re.compile(r"^[>+«]\s+")
ONGOING = alternation(prose_words(lambda words: words.ongoing))
YEARS_WORD = alternation(prose_words(lambda words: words.years))
EXPERIENCE_WORD = alternation(prose_words(lambda words: words.experience))
CAREER_WORD = alternation(prose_words(lambda words: words.career))
OF_WORD = alternation(prose_words(lambda words: words.of))
PRESENT = re.compile(rf"\b(?:{ONGOING})\b", re.I)
# "12 years of experience", "19 ans d'expérience", "8 Jahre Berufserfahrung", "17 años de trayectoria"
YEARS_STATED = re.compile(
    rf"\b(\d{{1,2}}|\w+(?:-\w+)?)\+?\s+(?:{YEARS_WORD})(?:'|\u2019)?\s+"
    rf"(?:\w+\s+){{0,3}}?(?:(?:{OF_WORD})\s*)?\w*(?:{EXPERIENCE_WORD}|{CAREER_WORD})",
    re.I,
)
# A career of so many years: "una trayectoria de 17 años", "une carrière de 15 ans", "a career of 12 years".
YEARS_OF_A_CAREER = re.compile(
    rf"\b(?:{CAREER_WORD})\s+(?:{OF_WORD})?\s*(\d{{1,2}}|\w+)\+?\s+(?:{YEARS_WORD})\b", re.I
)
# A count of years after a word for "with" in a profile: "with twelve years in manufacturing",
# "avec plus de 10 ans dans", "mit über elf Jahren".
YEARS_WITH = re.compile(
    rf"\b(?:{alternation(prose_words(lambda words: words.with_years))})\s+"
    rf"(\d{{1,2}}|\w+(?:-\w+)?)\+?\s+(?:{YEARS_WORD})\b",
    re.I,
)
# The word for experience as a label, then the years: "Experiencia: 7 años", "Berufserfahrung: 12 Jahre".
YEARS_LABELLED = re.compile(rf"\w*(?:{EXPERIENCE_WORD})\s*:\s*(\d{{1,2}})\+?\s*(?:{YEARS_WORD})\b", re.I)
# Its dash may be lost between two cells of a scan ("04/2019  heute"); a month by name may stand
# before its year with a slash ("jan/2018 - jun/2023").
# "março de 2021" and "March of 2021" name a month as "März 2021" does
MONTH_THEN_YEAR = r"(?:\.?\s+(?:de\s+|of\s+)?|/)"
YEAR_RANGE = re.compile(
    rf"\b(?:(?P<m1>[^\W\d_]{{3,9}}){MONTH_THEN_YEAR}|(?P<n1>\d{{1,2}})[/.])?(?P<y1>(?:19|20)\d{{2}})"
    rf"(?:\s*[-\u2013\u2014]\s*|\s+(?:{alternation(range_words_to())})\s+|\s{{2,}})"
    rf"(?:(?:(?P<m2>[^\W\d_]{{3,9}}){MONTH_THEN_YEAR}|(?P<n2>\d{{1,2}})[/.])?(?P<y2>(?:19|20)\d{{2}})|(?=\w))",
    re.I,
)


def _first(lines: Lines, predicate: Callable[[str], Any]) -> tuple[int, str] | None:
    for page, line in lines:
        if line.strip() and predicate(line.strip()):
            return page, line.strip()
    return None


CELL_BREAK = re.compile(r"\s{2,}|\s[|·•]\s|\t")  # wide spaces, a tab or a " | " between two cells


def first_cell(line: str) -> str:
    """A letterhead's name is its line's first cell: "Harbor Labs PLC      INVOICE", "Bianchi &
    Romano Sagl · Via Garibaldi 172 · 6500 Bellinzona"."""
    return CELL_BREAK.split(line.strip(), maxsplit=1)[0]


def _cells_that(lines: Lines, predicate: Callable[[str], Any]) -> Iterator[tuple[str, int, str]]:
    """Each cell of every line that the predicate accepts, with its page and line, in reading
    order: a name beside a sidebar ("Contact        MARGAUX PERRIN") is a line's second cell."""
    for page, line in lines:
        for cell in CELL_BREAK.split(line.strip()):
            if cell and predicate(cell):
                yield cell, page, line.strip()


def looks_like_letterhead(line: str) -> bool:
    """The first line of a letterhead: a name, whatever characters it holds, not a title or a label."""
    words = {w.lower().strip(".,:") for w in first_cell(line).split()}  # "To,  P.O. No." is no name
    if (
        not re.search(r"[^\W\d_]{2}", line)
        or len(line) > 80
        or words <= TITLE_WORDS
        or SALUTATION.match(line)
    ):
        return False
    name = first_cell(line)
    if "@" in line and ("@" in name or not LEGAL_FORM.fullmatch(name)):
        return False  # a contact line; a company beside its e-mail address is a letterhead still
    if LEADER.search(name) or BRACKETED.fullmatch(name) or TRADES.fullmatch(line.strip()):
        return False  # "Btw-nummer klant ........": a label and its leader dots; a note in
        # brackets ("(ORIGINAL FOR RECIPIENT)", "[COPY]"); a tagline of trades
        # ("Möbel · Innenausbau · Zirbenholz")
    if NOT_A_NAME.search(name) or STREET.search(name) or sum(c.isdigit() for c in name) >= PHONE_DIGITS:
        return False  # a register or tax number ("CHE-159.946.647 IVA"), a postal code and town, a
        # street, a phone number ("Teléfono +34 91 555 34 64")
    if (
        _is_monogram(name)
        or a_title(name)
        or label_index(()).names_a_label(name)
        or label_index(()).near_miss(name)
    ):
        return False  # a logo's initials ("LM" over "Lindenhof Medien OG"), "RECHNUNG", "Destinataire"
    # a company by its legal form, whatever stands beside it ("…OG  Rechnungsdatum  17.06.2023"),
    # its final dot no sentence's ("Boa Vista Engenharia Unipessoal, Lda.")
    if LEGAL_FORM.fullmatch(name):
        return True
    if len(name.split()) > 7 or (re.search(r"[.!?]$", line) and len(line.split()) > 4):
        return False  # a sentence, not a name
    return not re.match(r"^[\w\s.#/]{1,30}:\s", line) and not re.search(r"\s{2,}\S+\s{2,}", line)


BRACKETED = re.compile(r"\(.*\)|\[.*\]")
TRADES = re.compile(r"[^\W\d_]+(?:\s[·•|]\s[^\W\d_]+){2,}")  # one word each, three or more


def _is_monogram(text: str) -> bool:
    return bool(MONOGRAM.fullmatch(text)) and text.isupper()


def without_logo_or_title(line: str) -> str:
    """A line less the logo's initials or the document's title printed before the name: "LM
    Lindenhof Medien OG", "CM Cabinet Marchetti SARL" (the initials of the words after them),
    "INVOICE      Oakridge Facilities Corp."."""
    line = line.strip()
    first = first_cell(line)
    if a_title(first) and first != line:
        return line[len(first) :].lstrip(" |·•\t")
    if _is_monogram(first) and first != line:
        return line[len(first) :].lstrip(" |·•\t")
    head, _space, rest = line.partition(" ")
    initials = "".join(word[0] for word in rest.split()[: len(head)])
    if rest and _is_monogram(head) and head.casefold() == initials.casefold():
        return rest
    return _without_title_after(line)


def _without_title_after(line: str) -> str:
    """A name less the title printed after it on its line, as OCR spaced it out
    ("Installatietechniek de Vries CommV E ACTU UR")."""
    words = line.split()
    for count in range(min(TITLE_WORDS_AFTER, len(words) - 1), 1, -1):  # two pieces at least
        tail = words[-count:]
        if sum(c.isalpha() for c in "".join(tail)) >= SPACED_TITLE_LETTERS and a_title(" ".join(tail)):
            return re.sub(r"\s+".join(map(re.escape, tail)) + r"\s*$", "", line).rstrip()
    return line


def wrapped_name(layout: Layout, page: int, name: str) -> str:
    """A letterhead name in a large font that wraps onto the next lines ("Müller / Medientechnik /
    GmbH"): each line below it that starts at its left edge (or is centred under it, on a till
    roll's "BAR PASTICCERIA" / "DOLCE VITA"), in its font size, with no digit,
    colon or @ (an address or a label), continues it. Body-sized names are left as they are:
    there the line below is the street."""
    lines = [line for line in layout.lines if line.page == page]
    sizes = sorted(w.size for line in lines for w in line.words if w.size)
    head = next((line.cells[0] for line in lines if line.cells[0].text == name), None)
    if head is None or not sizes or head.words[0].size < HEADING_SIZE * sizes[len(sizes) // 2]:
        return name
    size, parts, bottom = head.words[0].size, [name], max(w.y1 for w in head.words)
    for line in lines:
        cell = line.cells[0]
        if cell.words[0].y0 <= bottom - 0.5 * size:
            continue  # above or beside the name
        if (
            min(abs(cell.x0 - head.x0), abs(cell.x0 + cell.x1 - head.x0 - head.x1) / 2) > 0.2 * size
            or abs(cell.words[0].size - size) > 0.05 * size
            or cell.words[0].y0 - bottom > size
            or re.search(r"[\d@:]", cell.text)
            or len(parts) == MAX_NAME_LINES
        ):
            break
        parts.append(cell.text)
        bottom = max(w.y1 for w in cell.words)
    return " ".join(parts)


def _with_legal_tail(lines: Lines, line: str, name: str) -> str:
    """A letterhead's name and its legal form on the line under it ("Lopes Consultoria" /
    "Unipessoal Lda.")."""
    row = next((row for row, (_page, text) in enumerate(lines) if text.strip() == line), len(lines))
    below = first_cell(lines[row + 1][1]) if row + 1 < len(lines) else ""
    return wrapped_with(name, below)


def looks_like_person(line: str) -> bool:
    if re.search(r"\d|@|:|\||\s{2,}", line.strip()) or len(line) > 60 or BULLET.match(line.strip()):
        return False
    if normalise_label(line) in _all_headings() or a_title(line):
        return False  # "Key Skills", "CORE COMPETENCIES": a résumé's section, not its owner; "F ACTU RA"
    if re.search(r"\b(qty|quantity|description|amount|price)\b", line, re.I):
        return False
    words = line.split()
    names = [w for w in words if not re.fullmatch(NAME_PARTICLES, w)]  # "Ana Paula de Souza Lima"
    if not 2 <= len(names) <= 4 or len(words) > 6 or ({w.lower().strip(".,") for w in words} & TITLE_WORDS):
        return False
    if not all(re.search(r"\w", w) for w in words):
        return False  # "Belo Horizonte - MG": a town and its state, not a person
    inner = [w for w in words[1:-1] if not re.fullmatch(NAME_PARTICLES, w)]  # "Éditions du Pont Neuf"
    named = [words[0], *inner, words[-1]]
    return all(w[0].isupper() for w in named if w[0].isalpha()) and bool(re.search(r"[^\W\d_]{2}", line))


def _email(lines: Lines, text: str) -> Found | None:
    hit = _first(lines, norm.parse_email)
    return Found(norm.parse_email(hit[1]), hit[0], hit[1], 0.7) if hit else None


def _phone(lines: Lines, text: str) -> Found | None:
    """The first number printed with its country code; else, in the contact lines at the top, the
    first valid in a region the text's language dials in ("07700 900482", "(11) 98765-4321")."""
    hit = _first(lines, lambda line: bool(_international(line)))
    if hit:
        return Found(_international(hit[1]), hit[0], hit[1], 0.6)
    domains, regions = _regions_of_addresses(text), dialling_regions(lines, text)
    for page, line in lines[:CONTACT_LINES]:
        national = NATIONAL_PHONE.search(norm.without_dates(line))
        found = _national_number(national.group(0), domains, regions) if national else None
        if found:
            return Found(found, page, line.strip(), 0.5)
    return None


def _international(line: str) -> str | None:
    """The number printed with its country code, read from there on (a postcode before it,
    "4050-174 Porto · +351 912 418 305", is no number)."""
    code = INTERNATIONAL.search(line)
    return norm.parse_phone(line[code.start() :]) if code else None


INTERNATIONAL = re.compile(r"\+\d|\b00[1-9]")
CONTACT_LINES = 20
# A national number: a trunk 0 or an area code in brackets, then groups ("06-41873920",
# "0412 345 678", "(512) 555-0139", "(11) 98765-4321", "514 555-0182").
NATIONAL_PHONE = re.compile(
    r"(?<![\w.,/-])(?:\(\d{2,4}\)\s?|\d{2,5}[\s.-]?)\d{3,5}[\s.-]?\d{3,4}(?![\w.,/-])"
)
# A country's own domain in an e-mail or web address ("example.co.uk", "example.com.br").
COUNTRY_DOMAIN = re.compile(r"[\w-]\.([a-z]{2})\b(?![.@\w])")


def _national_number(printed: str, domains: tuple[str, ...], regions: tuple[str, ...]) -> str | None:
    """A number without its country code: dialled where the text's own addresses are (a possible
    number there: "07700 900482" beside "example.co.uk"), else in the first of ``regions``
    (``dialling_regions``) where it is a valid one."""
    for region in domains:
        found = norm.parse_phone(printed, regions=(region,))
        if found:
            return found
    return norm.valid_phone(printed, regions=regions)


def dialling_regions(lines: Lines, text: str) -> tuple[str, ...]:
    """Where the document's numbers without a country code are dialled, likeliest first: the
    countries its contact lines name, then those its language dials in."""
    return tuple(dict.fromkeys((*_regions_of_countries(lines), *phone_regions(language_of(text)))))


def _regions_of_countries(lines: Lines) -> tuple[str, ...]:
    """The regions of the countries that end an address in the contact lines, in order: the last
    part of a cell after its commas ("Randburg, Johannesburg, South Africa", "Gent, België")."""
    regions = norm.country_regions()
    ends = (
        normalise_label(cell.rsplit(",", 1)[-1])
        for _page, line in lines[:CONTACT_LINES]
        for cell in CELL_BREAK.split(line.strip())
    )
    return tuple(dict.fromkeys(regions[end] for end in ends if end in regions))


def _regions_of_addresses(text: str) -> tuple[str, ...]:
    """The regions of the country domains the text's e-mail and web addresses end in, in order."""
    codes = ("GB" if code == "uk" else code.upper() for code in COUNTRY_DOMAIN.findall(text.lower()))
    return tuple(code for code in dict.fromkeys(codes) if code in known_phone_regions())


def _currency(lines: Lines, text: str) -> Found | None:
    """The currency the amounts show; else the one the document's language usually counts in
    (a scan whose "€" OCR lost), with a low confidence."""
    code = norm.find_currency(text)
    if code:
        return Found(code, None, code, 0.6)
    usual = usual_currency(language_of(text)) if AMOUNT_PRINTED.search(text) else ""
    return Found(usual, None, usual, USUAL_CURRENCY) if usual else None


def _issuer(
    lines: Lines, text: str, layout: Layout | None = None, taken: frozenset[str] = frozenset()
) -> Found | None:
    """On a scan, the best-scored top line; else the letterhead's first line; a company named by its
    legal form when the top is a salutation. ``taken``: names the labels gave other parties,
    which a scan's top line is not (on a text layer, skipping one would give the street below)."""
    taken = frozenset(normalise_label(name) for name in taken)
    if layout is not None and layout.ocr_pages:
        scored = merchant(layout, taken=taken)
        if scored is not None and _under_an_addressees_label(layout, scored[1]):
            footer = _footer_sender(lines)  # the page opens with whom it is for ("Aan:" over it)
            if footer is not None:
                return footer
        if scored is not None:
            # "COASTLINE  Coastline Car & Truck Rental Ltd.": the logo's word beside its company;
            # "RAMBLA SUR": its footer's company
            name = _legal_name_beside(scored[1].text) or _its_legal_name(lines, scored[0]) or scored[0]
            name = _sender_instead(lines, name, _line_under(layout, scored[1])) or name
            return Found(name, scored[1].page, scored[1].text, round(0.35 + 0.4 * scored[1].confidence, 2))
        return None
    for row, (page, line) in enumerate(lines[:LETTERHEAD_LINES]):
        if row and _an_addressees_label(lines[row - 1][1]):
            footer = _footer_sender(lines)  # the page opens with whom it is for ("Aan:" over it)
            if footer is not None:
                return footer
        if not looks_like_letterhead(without_logo_or_title(line)):
            legal = _legal_name_beside(line) if row < BESIDE_A_LOGO_LINES else None
            if legal:  # "DATADAGEN 2024   Datadagen vzw": an event's logo, then its organiser
                return Found(legal, page, line.strip(), 0.5)
            continue
        name = first_cell(without_logo_or_title(line))
        name = wrapped_name(layout, page, name) if layout else name
        if name.split()[-1].casefold() not in CUT_SHORT:  # "Bon de" / "commande": a title wrapped
            name = _with_legal_tail(lines, line, name)
            below = first_cell(lines[row + 1][1]) if row + 1 < len(lines) else ""
            name = _its_legal_name(lines, name, below) or _sender_instead(lines, name, below) or name
            return Found(name, page, line, 0.5)
    for page, line in lines:
        match = LEGAL_FORM.search(line)
        if match:
            return Found(match.group(0).strip(), page, line.strip(), 0.45)
    return None


def _under_an_addressees_label(layout: Layout, line: Line) -> bool:
    """Whether a line is, or stands right under, the label of whom a document is for."""
    above = layout.lines[line.index - 1].text if line.index > 0 else ""
    return _an_addressees_label(line.text) or _an_addressees_label(above)


def _an_addressees_label(line: str) -> bool:
    """Whether a line opens with the label of whom a document is for ("Bill to", a weak word with
    its colon: "Aan:")."""
    cell = first_cell(line).strip()
    return any(
        hit.field in OTHER_PARTY_FIELDS and not hit.rest and (hit.score >= 0.95 or cell.endswith(":"))
        for hit in label_index(OTHER_PARTY_FIELDS).hits(cell)
    )


FOOTER_LINES = 4  # the last lines of a document, where a footer prints its sender's address


def _footer_sender(lines: Lines) -> Found | None:
    """The name a footer's one-line address opens ("Lichtkamer Fotografie · Zuiderdiep 88 · 9711 HL
    Groningen · 050 555 0192"): words with no digit, then two parts or more, a town among them."""
    for page, line in lines[-FOOTER_LINES:]:
        name, *rest = ADDRESS_MARK.split(line.strip())
        words = name.split()
        if (
            len(rest) >= 2
            and 1 <= len(words) <= 6
            and not re.search(r"[\d@:]", name)
            and all(word[:1].isupper() or _PARTICLE.fullmatch(word) for word in words)
            and norm.TOWNS_POSTCODE.search(" ".join(rest[:3]))
        ):
            return Found(name, page, line.strip(), 0.45)
    return None


def _line_under(layout: Layout, line: Line) -> str:
    """The first cell of the line after ``line`` in the layout ("" at its end)."""
    after = next((n + 1 for n, other in enumerate(layout.lines) if other is line), len(layout.lines))
    return layout.lines[after].cells[0].text if after < len(layout.lines) else ""


BESIDE_A_LOGO_LINES = 2  # a letterhead's company beside a logo's words: on the page's first lines


def _legal_name_beside(line: str) -> str | None:
    """A company named by its legal form in a later cell of a line whose first cell is no name
    nor a company of its own."""
    first, *later = CELL_BREAK.split(line.strip())
    if LEGAL_FORM.search(first):
        return None
    return next((cell for cell in later if LEGAL_FORM.fullmatch(cell)), None)


BRAND_TO_LEGAL_WORDS = 3  # a legal name holds the brand's words and at most this many more


def _sender_instead(lines: Lines, top: str, below: str = "") -> str | None:
    """The company whose one-line address the page prints ("Brillance Services S.à r.l. · 12, rue
    de l'Industrie · L-8399 Windhof", "Menuiserie Delvaux SRL - Rue du Pont 14, 4000 Liège"), when
    the name on top has no legal form or is followed by whom it is for ("À l'attention de Mme
    Lambert"): that name is then the addressee in a window envelope's place, the sender signing
    at the foot, or in the block beside the addressee's."""
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
        if sender and normalise_label(top) not in normalise_label(sender):
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
    postcode among them."""
    match = LEGAL_FORM.match(text)
    rest = text[match.end() :] if match else ""
    if (
        match
        and ADDRESS_MARK.match(rest)
        and len(ADDRESS_MARK.findall(rest)) >= 2
        and norm.TOWNS_POSTCODE.search(rest)
    ):
        return match.group(0).strip()
    return None


def _its_legal_name(lines: Lines, brand: str, below: str = "") -> str | None:
    """The company a letterhead's brand stands for, printed with its legal form elsewhere (a
    footer's "Ferrybridge Telecom Ltd, 3 Wharf Road" under the logo "ferrybridge", "Deportes
    Altamira S.L." under "ALTAMIRA"): the name the brand's words are all part of; or the name
    whose words the brand and the line under it hold ("Kaffeerösterei" / "Donaublick" for
    "Donaublick e.U.")."""
    if LEGAL_FORM.search(brand):
        return None
    words = set(normalise_label(brand).split())
    second_line = _a_name(below, "") and not LEGAL_FORM.search(below)  # not a company of its own
    block = words | (set(normalise_label(below).split()) if second_line else set())
    for _page, line in lines:
        for cell in CELL_BREAK.split(line.strip()):
            for match in LEGAL_FORM.finditer(cell):
                legal = set(normalise_label(match.group(1)).split())
                within = words and words <= legal and len(legal - words) <= BRAND_TO_LEGAL_WORDS
                within = within or _run_together(brand, match.group(1))
                if within or (legal and legal <= block and legal - words):
                    return match.group(0).strip()
    return None


def _run_together(brand: str, name: str) -> bool:
    """A brand that writes a name's first words as one ("ANDESTECH" for "ANDES TECH SOLUCIONES")."""
    joined = normalise_label(brand).replace(" ", "")
    words = normalise_label(name).split()
    return len(joined) >= RUN_TOGETHER_LETTERS and any(
        "".join(words[:count]) == joined for count in range(2, len(words) + 1)
    )


RUN_TOGETHER_LETTERS = 5


def _other_party(
    lines: Lines, text: str, layout: Layout | None = None, taken: frozenset[str] = frozenset()
) -> Found | None:
    """The party a document is addressed to, when no label names it: the first company (a name
    with its legal form) that is not the issuer ("... passée auprès de Atelier Azur SRL.") nor a
    party the labels named (``taken``)."""
    issuer = _issuer(lines, text, layout)
    issuer_name = normalise_label(str(issuer.value)) if issuer else ""
    others = {normalise_label(name) for name in taken}
    for index, (page, line) in enumerate(lines):
        if BANK_DETAILS.search(line):
            continue  # "IBAN … (LGT Bank AG, Vaduz)": the bank that keeps the account
        for cell in CELL_BREAK.split(line.strip()):  # a name is in one cell, not across a gap
            for match in LEGAL_FORM.finditer(cell):
                name = match.group(0).strip()
                if match.start() == 0 and cell == line.strip() and index:
                    name = f"{_sentence_end_name(lines[index - 1][1])} {name}".strip()
                particle = PARTICLE_AFTER_TO.search(cell, 0, match.start())
                name = f"{particle.group(1)} {name}" if particle else name
                own = normalise_label(name) == issuer_name or normalise_label(name) in issuer_name
                if not own and normalise_label(name) not in others:
                    return Found(name, page, line.strip(), 0.4)
    return None


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


def _sentence_end_name(line: str) -> str:
    """The start of a name a sentence wrapped onto the next line, or ""."""
    match = SENTENCE_END_NAME.search(line.strip())
    return match.group(1) if match and len(line.split()) >= WRAPPED_SENTENCE_WORDS else ""


def _addressee(lines: Lines, text: str, layout: Layout | None = None) -> Found | None:
    """Whom a statement is addressed to, when no label names it: the first name (a person's, or
    a company's with its legal form) that is not the issuer and stands over its address (the line
    right below has a house number or a postcode, and no amount)."""
    issuer = _issuer(lines, text, layout)
    issuer_name = normalise_label(str(issuer.value)) if issuer else ""
    for index, (page, line) in enumerate(lines[:ADDRESSEE_LINES]):
        name = first_cell(line)
        below = first_cell(lines[index + 1][1]) if index + 1 < len(lines) else ""
        named = looks_like_person(name) or bool(LEGAL_FORM.fullmatch(name.strip()))
        named = named or (name == line.strip() and _courtesy_person(below) and _a_company_line(name))
        if not named or label_index(()).names_a_label(name) or for_the_attention_of(name):
            continue  # "BIC UBGNCHXX" is a label's line; "Inh. Maria Huber" a person at the addressee
        if index and page == lines[index - 1][0] and _a_street(lines[index - 1][1]):
            continue  # "Av. Rio Branco, 104" / "Rio de Janeiro RJ": a town under its street
        if normalise_label(name) == issuer_name or normalise_label(name) in issuer_name:
            continue
        under = [below for _, below in lines[index + 1 : index + 3]]
        if under and _between_name_and_address(first_cell(under[0]), whole=name == line.strip()):
            under = under[1:]  # the addressee, the person to attend (or a department), the address
        if _over_an_address(line, under[0] if under else ""):
            return Found(without_courtesy(name), page, line.strip(), 0.45)
    return _company_beside_labels(lines[:ADDRESSEE_LINES], issuer_name)


def _company_beside_labels(lines: Lines, issuer: str) -> Found | None:
    """A company in a line's last cell over its street, right of a label and its value that
    begin the line ("Rekening  BE71 0961 2345 6769  Bakkerij Van Damme BV" over
    "Sint-Pietersnieuwstraat 119"): the address block beside the account's."""
    for index, (page, line) in enumerate(lines[:-1]):
        cells = CELL_BREAK.split(line.strip())
        after = CELL_BREAK.split(lines[index + 1][1].strip())[-1]
        if len(cells) < 3 or not (LEGAL_FORM.fullmatch(cells[-1]) and _a_street(after)):
            continue
        if normalise_label(cells[-1]) != issuer and any(
            not hit.rest for hit in label_index(()).hits(cells[0])
        ):
            return Found(cells[-1], page, line.strip(), 0.4)
    return None


# A sender's address on one line over a window envelope's address ("Weinhandlung Grünberger GmbH ·
# Neubaugasse 36 · 1070 Wien"): three parts or more parted by dots or bars, a postcode among them.
RETURN_ADDRESS = re.compile(r"^[^·•|]+(?:\s[·•|]\s[^·•|]+){2,}$")


def _a_return_address(text: str) -> bool:
    """A sender's one-line address: parts apart by dots or bars, or by commas after a company's
    name with its legal form ("Steirerhof GmbH, Sporgasse 27, 8010 Graz"), or its street and town
    after one mark (a scan that lost the others: "… GmbH & Co. KG - Fürther Str. 212 90429
    Nürnberg")."""
    company = LEGAL_FORM.match(text)
    rest = text[company.end() :] if company is not None else ""
    by_commas = rest.count(", ") >= 1 and rest.startswith(",")
    by_a_mark = bool(ADDRESS_MARK.match(rest)) and bool(norm.TOWNS_POSTCODE.search(rest))
    return bool(RETURN_ADDRESS.match(text)) or by_commas or by_a_mark


# Between the parts of a one-line address: a dot, a bar or a dash, a space each side, or a
# cell's gap (where OCR lost the mark).
ADDRESS_MARK = re.compile(r"\s[·•|\u2013\u2014-]\s|\s{2,}")
RETURN_GAP = 6.0  # the sender line's heights between it and the addressee's name (a zone for notes between)


def _under_return_address(layout: Layout | None) -> Found | None:
    """The addressee named under the sender's one-line return address in the top half of the
    first page (a window envelope's address field: "Gasthaus Zum Goldenen Hirschen", under it
    "z. H. Herrn Florian Pichler", then the street), a word of courtesy on its own line passed."""
    page = layout.pages[0] if layout is not None and layout.pages else None
    if page is None:
        return None
    lines = [line for line in page.lines if line.y0 < page.height / 2]
    for row, line in enumerate(lines):
        for sender in line.cells:  # the window's field may stand right of the document's labels
            if _a_return_address(sender.text) and norm.POSTCODE.search(sender.text):
                found = _addressee_under(lines, row, sender)
                if found is not None:  # else a letterhead's contact line, above the return address
                    return found
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
            if any(not hit.rest for hit in label_index(()).hits(name)):
                return None  # "Rekening  BE71 …": a label's row, no address field
            return Found(name, below.page, below.text, 0.5) if _a_name(name, sender.text) else None
        bottom = below.y1
    return None


def _a_name(text: str, sender: str) -> bool:
    """Words that may name an addressee: letters, no number, not the sender's own name (a
    letterhead's address line over its name)."""
    own = normalise_label(first_cell(sender)) == normalise_label(text)
    return (
        bool(re.search(r"[^\W\d_]{2}", text))
        and not re.search(r"\d|@", text)
        and len(text.split()) <= 8
        and not own
    )


@cache
def _courtesy_words() -> frozenset[str]:
    """Words of courtesy, and the others that stand alone over a name in an address field ("Firma")."""
    words = (*courtesy_titles(), *prose_words(lambda words: words.over_address))
    return frozenset(word.casefold().rstrip(".") for word in words)


def _between_name_and_address(cell: str, *, whole: bool) -> bool:
    """A line under an addressee's name and over its street: the person to attend ("z. Hd. Frau
    Berger"; "Madame Nathalie Kieffer" under a name alone on its line, not under a letterhead's
    address line) or a department ("Service fabrication")."""
    return for_the_attention_of(cell) or (whole and _courtesy_person(cell)) or _a_department(cell)


def _courtesy_person(cell: str) -> bool:
    return looks_like_person(cell) and without_courtesy(cell) != cell.strip()


def _a_company_line(cell: str) -> bool:
    """A line that may be a company's name over its contact person: words, no number, no label."""
    return _a_name(cell, "") and not label_index(()).names_a_label(cell) and not SALUTATION.match(cell)


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


def _a_street(line: str) -> bool:
    """A line that is a street and its house number alone ("Av. Rio Branco, 104 Centro",
    "12 Dock Road"), not a sender's whole address on one line ("Via Cantonale 8 · 6900 Lugano")."""
    text = line.strip()
    if len(text) > STREET_LENGTH or re.search(r"[·|•]|\s{2,}|\b\d{4,5}\b", text):
        return False  # a whole address on one line ("Polderweg 14 2871 RA Schoonhoven") has its postcode
    return bool(STREET_LINE.search(text))


# A sentence's last words naming whom it is for: "Rechnung F-2017-7342 vom 13.07.2017 für Lukas Böhm.",
# "... la fattura n. F-2014-5572 del 2 novembre 2014 intestata a Matteo Gallo."
ADDRESSED_TO = re.compile(
    rf"\b(?:{alternation(prose_words(lambda words: words.addressed))})\s+"
    r"((?:[A-ZÀ-Þ][\w'\u2019-]+\s+){1,3}[A-ZÀ-Þ][\w'\u2019-]+)\s*\.?$"
)


def _person_addressed(lines: Lines) -> Found | None:
    """The person (or company, its legal form wrapped onto the next line: "Moretti Servizi" /
    "Sagl.") a document's sentence is for, at its end, when nothing else names its customer."""
    for index, (page, line) in enumerate(lines[:ADDRESSEE_LINES]):
        match = ADDRESSED_TO.search(line.strip())
        if match and len(line.split()) >= WRAPPED_SENTENCE_WORDS and looks_like_person(match.group(1)):
            below = without_full_stop(first_cell(lines[index + 1][1])) if index + 1 < len(lines) else ""
            return Found(wrapped_with(without_courtesy(match.group(1)), below), page, line.strip(), 0.4)
    return None


def _over_an_address(line: str, below: str) -> bool:
    """Whether a name's line stands over an address: the line under it starts with a house number
    or a postcode, and neither line holds an amount (an items table's row and the row under it)."""
    return bool(ADDRESS_NUMBER.search(first_cell(below))) and not AMOUNT_PRINTED.search(
        norm.without_dates(f"{line}\n{below}")  # a period beside the address is no amount
    )


def _person(lines: Lines, text: str) -> Found | None:
    """The line that reads as a name and is the one the e-mail address spells
    ("Amelia Whitfield" for amelia.whitfield@…, "Sergio Romero" for sromero86@…), else the first
    line (or its first cell: "Noah Fernández      Resume") that reads as a name."""
    email = norm.parse_email(text)
    if email:
        spelled = next(
            (
                (name, page, line)
                for cell, page, line in _cells_that(lines, bool)
                if looks_like_person(name := _without_post_nominals(LEADING_MARKS.sub("", cell)))
                and spells(email, name)
            ),
            None,
        )
        spelled = spelled or next(
            (
                (name, page, line.strip())
                for page, line in lines
                if (name := _spaced_name(line)) and looks_like_person(name) and spells(email, name)
            ),
            None,
        )
        if spelled:
            name, page, line = spelled
            return Found(without_full_stop(_without_name_label(name)), page, line, 0.7)
    listed = _bullets(lines, text)
    skills = {normalise_label(item) for item in listed.value} if listed else set()
    hit = _first(
        lines,
        lambda line: looks_like_person(first_cell(line)) and normalise_label(first_cell(line)) not in skills,
    )
    return Found(first_cell(hit[1]), hit[0], hit[1], 0.5) if hit else None


# Letters after a name for a degree or a membership ("CEng MIStructE", "PhD", ", CPA"): a word
# with a capital inside it, or capitals after a comma; the name is the words before them.
# (not a surname's prefix: "McDonald", "DeVries", "LaFontaine", "VanDyke")
POST_NOMINALS = re.compile(
    r"(?:\s+(?!(?:Mc|Mac|D[aeiu]|L[ae]|V[ao]n)[A-Z])[A-Z][a-z]*[A-Z][A-Za-z]*\.?|,\s*[A-Z]{2,5}\.?)+$"
)


def _without_post_nominals(name: str) -> str:
    shorter = POST_NOMINALS.sub("", name)
    return shorter if len(shorter.split()) >= 2 else name


# What OCR reads of a photo's or an icon's edge before a name: signs, a lone small letter ("% à").
LEADING_MARKS = re.compile(r"^(?:(?:[^\w\s]{1,3}|[a-zà-ÿ])\s+)+(?=[A-ZÀ-Þ])")


def _spaced_name(line: str) -> str | None:
    """A name letter-spaced so wide that each of its words is a cell ("LUCÍA   QUISPE   HUAMÁN"):
    the words joined; None for any other line."""
    cells = CELL_BREAK.split(line.strip())
    if 2 <= len(cells) <= SPACED_NAME_WORDS and all(
        re.fullmatch(r"[^\W\d_]+(?:['-][^\W\d_]+)*", cell) for cell in cells
    ):
        return " ".join(cells)
    return None


SPACED_NAME_WORDS = 4
NAME_TOP_LINES = 6  # a résumé's name in large letters is among its first lines
NAME_SIZE = 1.3  # that many times the page's usual font size
SURNAME_SIZE = 0.8  # the surname under it at least this part of its size


def _name_over_two_lines(layout: Layout, text: str) -> Found | None:
    """A résumé's name printed large over two lines at the top, first name over surname
    ("Andrés" / "Villaseñor Ruiz", "Camille" / "FOURNIER-LAGARDE"), the lines in one column
    beside whatever a sidebar prints between them; the e-mail address, if any, spells it."""
    page = layout.pages[0] if layout.pages else None
    sizes = sorted(w.size for line in page.lines for w in line.words if w.size) if page else []
    if not sizes:
        return None
    usual, email = sizes[len(sizes) // 2], norm.parse_email(text)
    for row, line in enumerate(page.lines[:NAME_TOP_LINES]):
        first = line.cells[0]
        size = first.words[0].size
        if size < NAME_SIZE * usual or not _a_name_part(first.text):
            continue
        below = next(
            (other.cells[0] for other in page.lines[row + 1 :] if abs(other.cells[0].x0 - first.x0) < size),
            None,
        )
        if " " in first.text.strip() and not (below and email and _in_address(email, below.text)):
            continue  # a whole name on its line ("Sébastien Leclerc"), unless the address holds the
            # surname under it ("María Florencia" / "GUTIÉRREZ" of mflorencia.gutierrez@)
        if below is None or below.words[0].y0 - first.words[0].y1 > 2 * size or not _a_name_part(below.text):
            return None
        name = f"{first.text} {below.text}"
        spelled = email is not None and spells(email, name)
        if below.words[0].size < SURNAME_SIZE * size and not spelled:
            return None  # a job title under a first name is smaller ("Anouk" / "Verpleegkundige"); a
            # surname OCR boxed smaller is the one the e-mail address spells ("Giulia" / "Marchetti")
        if looks_like_person(name) and (email is None or spelled):
            return Found(name, line.page, name, 0.6)
        return None
    return None


def _in_address(email: str, surname: str) -> bool:
    """Whether a word of four letters or more of a surname is in an e-mail's local part ("Soto
    Valenzuela" of rodrigo.soto.v@)."""
    local = normalise_label(email.split("@", 1)[0].translate(UMLAUTS_SPELLED_OUT)).replace(" ", "")
    words = [w for w in normalise_label(surname.translate(UMLAUTS_SPELLED_OUT)).split() if len(w) >= 4]
    return any(word in local for word in words)


_PARTICLE = re.compile(rf"(?:{NAME_PARTICLES})", re.I)


def _a_name_part(text: str) -> bool:
    """One to three capitalised words and a name's particles ("van den Berg"), no digit, no
    heading, no document's title ("Lebenslauf" over "Jonas Weber"): a first name or a surname."""
    words = text.split()
    if not words or re.search(r"[\d@:,]", text) or normalise_label(text) in _all_headings() or a_title(text):
        return False
    names = [word for word in words if not _PARTICLE.fullmatch(word)]
    return 0 < len(names) <= 3 and all(word[:1].isupper() for word in names)


def _without_name_label(cell: str) -> str:
    """A name without the label a flattened table left before it ("Nombre Javier Vázquez Ruiz"),
    even a weak one, when what follows reads as a name."""
    words = cell.split()
    for count in range(min(3, len(words) - 2), 0, -1):
        if normalise_label(" ".join(words[:count])) in _name_labels() and looks_like_person(
            " ".join(words[count:])
        ):
            return " ".join(words[count:])
    return cell


@cache
def _name_labels() -> frozenset[str]:
    return frozenset(label.normalised for label in field_labels("full_name"))


UMLAUTS_SPELLED_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def spells(email: str, name: str) -> bool:
    """Whether an e-mail address's local part is made of the name: two of its words, its initial
    and its last word, or its first word and the other words' initials ("fleur.jb" for Fleur
    Jansen-Bakker)."""
    local = normalise_label(email.split("@", 1)[0]).replace(" ", "")
    words = [w for w in normalise_label(name).split() if len(w) >= 2]
    if len(words) < 2:
        return False
    # an umlaut written out in an address ("kuehnemann" for Kühnemann, "strauss" for Strauß)
    spelled_out = [w for w in normalise_label(name.translate(UMLAUTS_SPELLED_OUT)).split() if len(w) >= 2]
    if len(spelled_out) == len(words):
        words = [plain if plain in local else out for plain, out in zip(words, spelled_out, strict=True)]
    found = sum(word in local for word in words)
    initials = words[0] + "".join(word[0] for word in words[1:])
    return found >= 2 or (words[-1] in local and local.startswith(words[0][0])) or local == initials


def _payment(lines: Lines, text: str) -> Found | None:
    """A payment word in any language ("VISA", "espèces", "Barzahlung"), as printed: the first
    after the total, else the first at all (an item may be named with one: "LESSIVE LIQUIDE",
    "DARK CHOC BAR" above "TOTAL", "Carte bancaire" and "VISA ****4417" under it)."""
    found = [(i, printed) for i, printed in _payment_words(lines) if not paid_nothing(lines[i][1])]
    if not found:
        change = change_given(lines)
        return Found("Cash", change[0], change[1], 0.4) if change else None
    total_at = next((index for index, (page, line) in enumerate(lines) if _a_total_line(line)), len(lines))
    index, printed = next(((i, p) for i, p in found if i > total_at), found[0])
    page, line = lines[index]
    return Found(printed, page, line.strip(), 0.5)


def tender_line(lines: Lines) -> Found | None:
    """The payment word on the line that pays the total, after it ("TOTAL  $71.19" / "VISA
    71.19"): surer than a card's type printed under it ("CARD TYPE: CREDIT")."""
    totals = [
        (index, norm.parse_amount(line)) for index, (_page, line) in enumerate(lines) if _a_total_line(line)
    ]
    if not totals or totals[-1][1] is None:
        return None
    at, total = totals[-1]
    for index, printed in _payment_words(lines):
        page, line = lines[index]
        if index > at and norm.parse_amount(line.replace(printed, " ")) == total:
            return Found(printed, page, line.strip(), 0.8)
    return None


def _payment_words(lines: Lines) -> Iterator[tuple[int, str]]:
    """(line index, words as printed) of each line's first payment word, longest wording first."""
    for index, (_page, line) in enumerate(lines):
        tokens = line.split()
        hit = next(
            (
                printed
                for size in (3, 2, 1)
                for start in range(len(tokens) - size + 1)
                if payment_method(printed := " ".join(tokens[start : start + size]).strip(" .,:;*()&"))
            ),
            None,
        )
        if hit:
            yield index, hit


def _a_total_line(line: str) -> bool:
    """A line whose first cell is a total's label ("TOTAL TTC  23,47", "SUMME EUR 12,85")."""
    return any(
        hit.field == "total" and hit.score >= 0.95 for hit in label_index(("total",)).hits(first_cell(line))
    )


def _years(lines: Lines, text: str) -> Found | None:
    """Years of experience as stated, or spanned by the dated positions outside education."""
    stated_forms = (YEARS_STATED, YEARS_LABELLED, YEARS_OF_A_CAREER, YEARS_WITH)
    for stated in (form.search(text) for form in stated_forms):
        if stated is None:
            continue
        value = norm.parse_int(stated.group(1)) if stated.group(1).isdigit() else number_word(stated.group(1))
        if value is not None:
            return Found(value, None, stated.group(0), 0.6)
    # a copyright's years ("© Unión Europea, 2002-2025" under a Europass CV) are no position
    working = [(page, line) for page, line in _outside_section(lines, "education") if "©" not in line]
    positions = [
        (_month_of(match, "y1", "m1", "n1"), _month_of(match, "y2", "m2", "n2"), line)
        for _page, line in working
        for match in YEAR_RANGE.finditer(line)
    ]
    since = [
        (_month_of(match, "y1", "m1", "n1"), line)
        for _page, line in working
        for match in SINCE_A_DATE.finditer(line)
    ]
    held = [start[0] for start, end, line in positions if end is None and PRESENT.search(line)]
    now = _written_when(text, held + [start[0] for start, _line in since])
    spans = [
        (start, end if end is not None else now, line)
        for start, end, line in positions
        if end is not None or PRESENT.search(line)
    ] + [(start, now, line) for start, line in since]
    positions += [(start, now, line) for start, line in since]
    spans = [(start, end, line) for start, end, line in spans if end[0] >= start[0]]
    if not spans:
        return None
    first = min((s for s, _e, _l in positions), key=_in_months)  # also where an end is unread
    last = max((e for _s, e, _l in spans), key=_in_months)
    return Found(_whole_years(first, last), None, spans[0][2].strip(), 0.45)


# The start of a position still held, after a word for "since": "seit 03/2020", "since May 2019".
SINCE_A_DATE = re.compile(
    rf"\b(?:{alternation(prose_words(lambda words: words.since))})\s+"
    r"(?:(?P<m1>[^\W\d_]{3,9})\.?\s+|(?P<n1>\d{1,2})[/.])?(?P<y1>(?:19|20)\d{2})\b",
    re.I,
)


def _month_of(match: re.Match[str], year: str, name: str, number: str) -> tuple[int, int | None] | None:
    """(year, month or None) of one end of a dated position ("Déc. 2012", "04/2019", "2015")."""
    if not match.group(year):
        return None
    month = month_number(match.group(name)) if match.group(name) else None
    if month is None and match.group(number) and 1 <= int(match.group(number)) <= 12:
        month = int(match.group(number))
    return int(match.group(year)), month


def _in_months(when: tuple[int, int | None]) -> int:
    return 12 * when[0] + (when[1] or 0)


def _whole_years(first: tuple[int, int | None], last: tuple[int, int | None]) -> int:
    """Whole years from one (year, month) to another, both months counted: by the months when
    both ends name one ("Déc. 2012 - Janv. 2024" is 11, "01/2010 - 12/2025" 16), else by the years."""
    if first[1] is None or last[1] is None:
        return last[0] - first[0]
    return (_in_months(last) - _in_months(first) + 1) // 12  # both months worked in


def _written_when(text: str, open_starts: list[int]) -> tuple[int, int | None]:
    """(year, month or None) a document was written, for a position held "to present": the latest
    year it names ("Austin, May 2024", "Mis à jour : 2024-01-22"), never one after this year, and
    the latest month it names in that year; this year when it names none but the start of a
    position held to present."""
    this_year = date.today().year
    latest = max((int(year) for year in YEARS.findall(text) if int(year) <= this_year), default=this_year)
    if latest <= max(open_starts, default=0):
        return this_year, None
    return latest, max(_months_named(text, latest), default=None)


# A month and its year: "March 2024", "março de 2024", "2024-01-22", "22.01.2024", "22/01/2024".
MONTH_AND_YEAR = re.compile(
    r"\b(?P<name>[^\W\d_]{3,10})\.?\s+(?:de\s+|of\s+)?(?P<y1>(?:19|20)\d{2})\b"
    r"|\b(?P<y2>(?:19|20)\d{2})-(?P<m2>\d{2})-\d{2}\b"
    r"|\b\d{1,2}[./](?P<m3>\d{1,2})[./](?P<y3>(?:19|20)\d{2})\b"
)


def _months_named(text: str, year: int) -> Iterator[int]:
    """The months the text names in a year, by name or in a full date (day first)."""
    for match in MONTH_AND_YEAR.finditer(text):
        if match.group("name"):
            month, printed = month_number(match.group("name")), match.group("y1")
        elif match.group("y2"):
            month, printed = int(match.group("m2")), match.group("y2")
        else:
            month, printed = int(match.group("m3")), match.group("y3")
        if month is not None and 1 <= month <= 12 and int(printed) == year:
            yield month


def _outside_section(lines: Lines, kind: str) -> Lines:
    """The lines outside the sections of a kind. A section opened by a heading in the body beside a
    sidebar's item ("Git  FORMACIÓN") is not closed by the sidebar's next heading ("IDIOMAS  Grado
    en Matemáticas  2009 - 2013"), only by one in the body or across the page."""
    headings = set(section_headings(kind))
    others = {h for k in SECTION_KINDS if k not in (kind, "education") for h in section_headings(k)}
    kept, inside, beside = [], False, False
    for page, line in lines:
        whole, first, last = _heading_names(line)
        if (whole | first | last) & headings:
            inside = True
            beside = not ((whole | first) & headings)  # opened by the body's heading only
        elif ((whole | last) if beside else (whole | first | last)) & others:
            inside = False
        elif not inside:
            kept.append((page, line))
    return kept


def _heading_names(line: str) -> tuple[set[str], set[str], set[str]]:
    """What a line names if it is a section's heading: the line alone, its first cell beside a
    sidebar's ("Formazione  Excel"), its last beside a sidebar's item ("Git  FORMACIÓN"); each
    also the first of two headings joined by a sign ("EDUCATION & CERTIFICATIONS")."""
    cells = CELL_BREAK.split(line.strip())
    out = []
    for text in (line, cells[0], cells[-1] if len(cells) > 1 else ""):
        text = letter_spacing_closed(text.strip().rstrip(":"))
        names = {normalise_label(text), normalise_label(JOINED_HEADINGS.split(text, maxsplit=1)[0])}
        out.append(names - {""})
    return out[0], out[1], out[2]


JOINED_HEADINGS = re.compile(r"\s+[&/+]\s+")


def _skills_heading(text: str) -> bool:
    heading = normalise_label(letter_spacing_closed(text.strip().rstrip(":")))
    return heading in set(section_headings("skills")) | {"skills"}


LETTER_SPACED = re.compile(r"[^\W\d_]{1,4}(?: [^\W\d_]{1,4}){3,}")


def letter_spacing_closed(text: str) -> str:
    """A heading printed letter-spaced, read as one word ("K E N N T N ISSE", "SP R A C H E N": the
    text layer breaks it where the spacing looks like a word's gap); other text as it is."""
    pieces = text.split()
    if LETTER_SPACED.fullmatch(text) and sum(len(piece) == 1 for piece in pieces) * 2 >= len(pieces):
        return "".join(pieces)
    return text


def _items_of_categories(items: list[str]) -> list[str]:
    """Items grouped under categories, each category on its line over its items ("Linguagens" /
    "TypeScript, Java, Kotlin"): the items, split at their commas, without the categories; a
    sentence's full stop after the last item dropped ("Modelagem dimensional.")."""
    grouped = [
        at for at in range(1, len(items)) if OUTER_COMMA.search(items[at]) and _a_category(items[at - 1])
    ]
    out = list(items)
    if len(grouped) >= CATEGORIES_AT_LEAST:  # once may be chance: "Google Analytics", "Acme S.L., Zaragoza"
        out = []
        for at, item in enumerate(items):
            if at + 1 not in grouped:
                out.extend(OUTER_COMMA.split(item) if at in grouped else [item])
    if out and re.search(r"[^\W\d_]{2}\.$", out[-1]) and out[-1].count(".") == 1:
        out[-1] = out[-1][:-1]
    return out


OUTER_COMMA = re.compile(r",\s+(?![^()]*\))")  # not inside brackets: "Excel (pivot tables, VLOOKUP)"
CATEGORIES_AT_LEAST = 2


def _a_category(item: str) -> bool:
    return "," not in item and len(re.findall(r"[^\W\d_]+", item)) <= CATEGORY_WORDS


def _bullets(lines: Lines, text: str) -> Found | None:
    """The items under a skills heading: bullets, short lines one under the other, or one line
    split at commas; the list ends at a blank line, a sentence or the next heading."""
    for index, (page, line) in enumerate(lines):
        if not _skills_heading(line):
            continue
        items = _items_under(lines[index + 1 : index + 40], norm.parse_email(text))
        if items:
            return Found(items, page, line, 0.6)
    return None


def _bullets_in_a_column(layout: Layout | None, text: str) -> Found | None:
    """The items under a skills heading that shares its lines with another column (a sidebar
    beside the body, "Riverside LLP, Leeds | Skills"): the cells under it that start where it
    starts, read down its column."""
    lines = _separators_restored(layout) if layout is not None and layout.kind in GEOMETRY else []
    for row, line in enumerate(lines):
        for at, cell in enumerate(line.cells):
            if not _skills_heading(cell.text):
                continue
            # a table's row ("IT-Kenntnisse  Windows Server  Active Directory"), else a column
            email = norm.parse_email(text)
            items = _items_under(_beside(lines, row, at), email)
            if len(items) < 2:
                items = _items_under(_column_under(lines, row, cell, printed=layout.kind != "text"), email)
            if len(items) >= 2:
                return Found(items, line.page, cell.text, 0.6)
    return None


# OCR drops a thin separator between two skills ("Python · Django" read "Python Django"), but
# not its room: a gap this many times the page's usual word space is one.
LOST_SEPARATOR = 2.0


def _separators_restored(layout: Layout) -> list[Line]:
    """The layout's lines, a separator put back in each gap OCR left where it dropped one."""
    out: list[Line] = []
    for page in layout.pages:
        gaps = [
            b.x0 - a.x1 for line in page.lines for c in line.cells for a, b in itertools.pairwise(c.words)
        ]
        space = statistics.median(gaps) if page.source is Source.OCR and gaps else None
        if space is None or space <= 0:
            out.extend(page.lines)
            continue
        out.extend(
            replace(line, cells=[_separated(cell, LOST_SEPARATOR * space) for cell in line.cells])
            for line in page.lines
        )
    return out


def _separated(cell: Cell, wide: float) -> Cell:
    """The cell with a separator in each wide gap, but the one after its bullet ("e   Python")."""
    words = cell.words[:1]
    for a, b in itertools.pairwise(cell.words):
        if b.x0 - a.x1 >= wide and not (a is cell.words[0] and LONE_MARK.fullmatch(a.text)):
            words.append(replace(a, text="·", x0=a.x1 + 1, x1=a.x1 + 2))
        words.append(b)
    return Cell(words) if len(words) > len(cell.words) else cell


def _beside(lines: list[Line], row: int, at: int) -> Lines:
    """A heading's items right of it on its line and on the lines that go on under them, where
    it heads a row of a table ("Competencias digitales  SEO técnico · Google Ads ·" / "WordPress ·
    Email marketing", "IT-Kenntnisse  Windows Server  Active Directory")."""
    beside = [cell for cell in lines[row].cells[at + 1 :] if not cell.read_poorly]  # not a rule's reading
    pieces = [piece.strip() for cell in beside for piece in ITEM_SEPARATOR.split(cell.text) if piece.strip()]
    if not beside or not all(_short_item(piece) for piece in pieces):
        return []  # a sentence beside a heading ("Skills  I build dashboards, models and …")
    if any(YEARS.search(cell.text) or LEGAL_FORM.search(cell.text) for cell in beside):
        return []  # the body's line beside a sidebar's heading: a position, its firm and years
    height = max(lines[row].height, 1e-6)
    if _body_goes_on(lines, row, at, beside[0], height):
        return []
    found: Lines = [(lines[row].page, " | ".join(cell.text for cell in beside))]
    for line in lines[row + 1 : row + 1 + BESIDE_LINES]:  # its wrap: lines that start under it
        if line.page != lines[row].page or abs(line.cells[0].x0 - beside[0].x0) > 2 * height:
            break
        found.append((line.page, line.text))
    return found


BESIDE_LINES = 3  # a table row's items go on under it for a few lines at most


def _body_goes_on(lines: list[Line], row: int, at: int, beside: Cell, height: float) -> bool:
    """Whether the text beside a heading is the body's paragraph beside a sidebar's heading
    ("HABILIDADES  • Migración del front-end a React y TypeScript; mentor de 4"), not a table's
    row of items: on the lines just above, its column goes on alone (no cell left of it) while
    the sidebar's own text stands where the heading starts."""
    heading = lines[row].cells[at]
    above = [
        line
        for line in lines[max(0, row - 3) : row]
        if line.page == lines[row].page and lines[row].y0 - line.y1 <= 3 * height
    ]

    def starts_at(line: Line, x: float) -> bool:
        return any(abs(cell.x0 - x) <= 2 * height for cell in line.cells)

    column = next((line for line in reversed(above) if starts_at(line, beside.x0)), None)
    if column is None or any(cell.x1 < beside.x0 - 2 * height for cell in column.cells):
        return False
    return any(starts_at(line, heading.x0) for line in above)


# Layouts whose cells stand where they are printed (structure formats place every cell at 0).
GEOMETRY = frozenset({"pdf", "image", "text"})
# Down a column, a cell this many line heights under the last one is past the column's block;
# under the heading, a few more: a chip's padding, or the body's lines beside it first.
COLUMN_BREAK = 3.0
FIRST_ITEM_MARGIN = 2


def _column_under(lines: list[Line], row: int, heading: Cell, *, printed: bool = True) -> Lines:
    """The texts of the cells under ``heading`` that start where it starts, down to where the
    column breaks off (another page, or a gap of ``COLUMN_BREAK`` lines); lines with nothing in the
    column are skipped. A heading with the body's text beside it heads a sidebar: no cell from
    about where that text starts (its bullets hang left of it) is the sidebar's; on a printed page
    (not plain text's columns of labels), also one beside the heading's sidebar just above it."""
    height = max(lines[row].height, 1e-6)
    beside = _body_beside(lines, row, heading) if printed else math.inf
    body = min((c.x0 for c in lines[row].cells if c.x0 > heading.x1 and not c.read_poorly), default=beside)
    body -= 2 * height
    out: Lines = []
    last, bulleted = lines[row].y0, False
    listed_at: float | None = None  # where the last category's items start, for their wrap
    categories = False
    for at, line in enumerate(lines[row + 1 : row + 60], start=row + 1):
        if (
            line.page != lines[row].page
            or line.y0 - last > (COLUMN_BREAK + FIRST_ITEM_MARGIN * (not out)) * height
        ):
            break
        column = next((n for n, c in enumerate(line.cells) if abs(c.x0 - heading.x0) <= 2 * height), None)
        if column is None:
            if listed_at is not None and abs(line.cells[0].x0 - listed_at) <= 2 * height:
                wrapped = [piece for cell in line.cells for piece in _pieces(cell.text)]
                out.extend((line.page, piece) for piece in wrapped)  # the category's items wrapped
                last = line.y0
            continue
        if line.cells[column].read_poorly:
            last = line.y0
            continue  # OCR's reading of a chip's border or an icon ("SE SN Kan zum mus" at 28 %)
        # a table of categories is one from its first row: a row beside a sidebar's skill is the body's
        listed = _category_items(line.cells[column:], one=categories) if not out or categories else []
        after = lines[at + 1] if at + 1 < len(lines) else None
        listed = listed or (_category_over_a_list(line, after, column) if not out else [])
        categories = categories or (not out and bool(listed))
        listed_at = line.cells[column + 1].x0 if listed else None
        cells = _grid_cells([c for c in line.cells[column:] if c.x0 < body and not c.read_poorly], bulleted)
        out.extend((line.page, text) for text in listed or [cell.text for cell in cells])
        bulleted = bulleted or (not listed and any(_bulleted(cell.text) for cell in cells))
        last = line.y0
    return out


SIDEBAR_ABOVE = 5  # line heights over a heading in which its sidebar shows the body beside it
BODY_GOES_ON = 1.0  # line heights from the body's last line to a sidebar heading level with it


def _body_beside(lines: list[Line], row: int, heading: Cell) -> float:
    """Where the body's text starts beside a sidebar's heading that stands alone on its line
    ("K E N N T N I S S E"): on the lines just above, the first cell right of the sidebar's own
    (one that starts where the heading starts), where the body's text goes on right up to the
    heading's line (no section's heading across the page); infinity where none is."""
    height = max(lines[row].height, 1e-6)
    above = lines[row - 1] if row else None
    if above is None or above.page != lines[row].page or lines[row].y0 - above.y1 > BODY_GOES_ON * height:
        return math.inf
    if not any(cell.x0 > heading.x1 for cell in above.cells):
        return math.inf
    starts = [
        cell.x0
        for line in lines[max(0, row - 3) : row]
        if line.page == lines[row].page and lines[row].y0 - line.y1 <= SIDEBAR_ABOVE * height
        if any(abs(c.x0 - heading.x0) <= 2 * height for c in line.cells)
        for cell in line.cells
        if cell.x0 > heading.x0 + 2 * height
    ]
    return min(starts, default=math.inf)


def _pieces(text: str) -> list[str]:
    return [piece.strip() for piece in ITEM_SEPARATOR.split(text) if piece.strip(BULLET_MARKS + " ")]


def _category_items(cells: list[Cell], *, one: bool = False) -> list[str]:
    """A table's row of a category and its items ("Software  Exact Online, WinBooks, Excel",
    "EDV-Kenntnisse  BMD NTCS, SAP FI"): the items, not the category; none for another section's
    row ("Sprachen  Deutsch, Englisch") or a row of single skills ("SAP FI/CO  IFRS  Power BI").
    ``one``: the rows above were categories, so a row may hold one item ("Management  Encadrement")."""
    if len(cells) != 2 or not _a_category(cells[0].text):
        return []
    if normalise_label(cells[0].text.rstrip(":")) in _other_headings():
        return []
    if YEARS.search(cells[1].text) or LEGAL_FORM.search(cells[1].text):
        return []  # the body's line beside a sidebar's skill: a firm, its town and years
    pieces = _pieces(cells[1].text)
    return pieces if len(pieces) >= 2 - one and all(_short_item(piece) for piece in pieces) else []


def _category_over_a_list(line: Line, after: Line | None, column: int) -> list[str]:
    """The first item of a category whose items go on one a line under it ("Fachkenntnisse  SPS-
    Programmierung" over "EPLAN Electric P8", "Profinet"); none where the next line (``after``) is
    no item under it."""
    cells = line.cells[column:]
    if len(cells) != 2 or not _a_category(cells[0].text) or _another_heading(cells[0].text):
        return []
    height = max(line.height, 1e-6)
    if after is None or after.page != line.page or after.y0 - line.y1 > COLUMN_BREAK * height:
        return []
    if abs(after.cells[0].x0 - cells[1].x0) > 2 * height or not _short_item(after.cells[0].text):
        return []
    return [cells[1].text] if _short_item(cells[1].text) else []


def _grid_cells(cells: list[Cell], bulleted: bool) -> list[Cell]:
    """A column's cell and the cells of a grid of skills beside it: each a short item and none a
    heading, all with bullets ("• Scrum | • PostgreSQL") or none ("SEO | Marktforschung"). A cell
    without a bullet beside a list that had them is another column's."""
    cells = _bullets_joined(cells)
    first, rest = cells[0], cells[1:]

    def marked(cell: Cell) -> bool:  # OCR reads one bullet two ways ("* Agile  |  + MS Project"),
        return _bulleted(cell.text) or bool(MISREAD_BULLET.match(cell.text))  # or as a letter ("e Excel")

    if _bulleted(first.text) or (bulleted and marked(first)):
        return [first] + [c for c in rest if marked(c) and _grid_item(c.text)]
    if not bulleted and rest and all(_grid_item(c.text) for c in cells):
        return cells
    return [first]


def _bulleted(text: str) -> bool:
    """A bullet, or a sign OCR read for one ("+ Excel")."""
    return bool(BULLET.match(text.strip()) or OCR_BULLET.match(text.strip()))


def _bullets_joined(cells: list[Cell]) -> list[Cell]:
    """The cells with each bullet printed as a cell of its own joined to its item ("▪ | TypeScript")."""
    out: list[Cell] = []
    for cell in cells:
        if out and _lone_bullet(out[-1]):
            out[-1] = Cell([*out[-1].words, *cell.words])
        else:
            out.append(cell)
    return out


def _lone_bullet(cell: Cell) -> bool:
    """A cell of one mark before an item: a bullet, or what OCR read for one ("+", "e", ">")."""
    return bool(LONE_MARK.fullmatch(cell.text.strip()))


LONE_MARK = re.compile(r"[^\w\s]|[a-z]")


def _grid_item(text: str) -> bool:
    return _short_item(text) and normalise_label(text.rstrip(":")) not in _other_headings()


# Between two skills on one line: a comma, a semicolon, a middle dot, a bar, a chevron, or a dash
# with a space each side ("Gestão de marca - SEO", "Lean \u2013 SAP"; "e-mail-marketing" stays whole),
# never inside brackets ("Contract administration (JCT, NEC4)" is one skill).
ITEM_SEPARATOR = re.compile(r"(?:[,;•·|\u203a»▪]|\s[-\u2013\u2014]\s)(?![^(]*\))")


def _items_under(lines: Lines, email: str | None) -> list[str]:
    """The skills after their heading; a sidebar's list ends at the owner's name (the one the
    e-mail address spells) when the name is printed under it."""
    items: list[str] = []
    bulleted = False  # the last item had a bullet: a line in lower case after it is its wrap
    split = False  # the items so far were lines split at commas: only another such line goes on
    as_bullet = _misread_bullet(lines)
    for _page, following in lines:
        stripped = as_bullet(OCR_BULLET.sub("• ", following.strip()))
        wraps = items and (bulleted or _open_ended(items[-1]))  # "Modelos de previsión de" / "demanda"
        if wraps and stripped[:1].islower() and _short_item(stripped):
            items[-1] = f"{items[-1]} {stripped}"  # "Historia clínica" wrapped before "electrónica"
            continue
        if not stripped:
            if items:
                break
            continue
        if email and looks_like_person(stripped) and spells(email, stripped):
            break
        if _another_heading(first_cell(stripped)) or (items and stripped.endswith(":")):
            break  # the next section, perhaps its heading in a cell before its items ("Sprachen  Deutsch")
        pieces = _without_category(
            [i.strip(BULLET_MARKS) for i in ITEM_SEPARATOR.split(stripped) if i.strip(BULLET_MARKS)]
        )
        bulleted = bool(BULLET.match(stripped))
        if split and not (len(pieces) > 1 and all(_short_item(piece) for piece in pieces)):
            break  # lines of items split at commas end at a line that is none
        if bulleted or ((not items or split) and len(pieces) > 1):
            items.extend(pieces)
            split = not bulleted
        elif _short_item(stripped):
            items.append(stripped)
        else:
            break
    return _without_misread_bullets(items)


def _open_ended(item: str) -> bool:
    """Whether an item ends on a joining word or an article ("Modelos de previsión de"): its line
    wrapped, the next goes on with it."""
    words = item.split()
    joins, articles = clause_words()
    return len(words) >= 2 and words[-1].casefold() in {*joins, *articles}


def _another_heading(cell: str) -> bool:
    """Whether a cell heads another section ("Sprachen"), perhaps in capitals after what OCR read
    of its rule or icon ("SS LÍNGUAS")."""
    heading = normalise_label(cell.rstrip(":"))
    if heading in _other_headings():
        return True
    words = cell.split()
    if not cell.isupper() or len(words) < 2:
        return False
    while len(words) > 1 and len(re.sub(r"\W", "", words[0])) <= 2:
        words = words[1:]
    return normalise_label(" ".join(words).rstrip(":")) in _other_headings()


def _misread_bullet(lines: Lines) -> Callable[[str], str]:
    """What turns the letter OCR read for a list's bullets into a bullet: the one lower-case letter
    that opens two or more of its lines before a capital ("e Excel avançado", "e IFRS/SNC"), so
    that no such line reads as the wrap of the item above it."""
    letters = Counter(
        match.group(1) for _page, line in lines if (match := LETTER_BEFORE_ITEM.match(line.strip()))
    )
    common = letters.most_common(1)
    if not common or common[0][1] < 2:
        return lambda line: line
    mark = re.compile(rf"^{common[0][0]}\s+(?=\S)")  # then before any item: "e dbt"
    return lambda line: mark.sub("• ", line)


LETTER_BEFORE_ITEM = re.compile(r"^([a-z])\s+[A-ZÀ-Þ]")
# A bullet OCR read as a letter or a sign before a skill ("m Budgeting & forecasting", "= IFRS 16").
MISREAD_BULLET = re.compile(r"^([a-z]|[^\w\s(\[\"'])\s+(?=\S)")


def _without_misread_bullets(items: list[str]) -> list[str]:
    """The items without the mark OCR read for their bullets: a lone sign before an item, or one
    lower-case letter that starts most of the items alike, or two or more before a name written
    with a capital ("a TypeScript", "a javaScript"; a real skill starts with a capital or is one
    letter only where the whole list is lower case)."""
    marks = [MISREAD_BULLET.match(item) for item in items]
    letters = Counter(mark.group(1) for mark in marks if mark and mark.group(1).isalpha())
    common = letters.most_common(1)[0] if letters else None
    before_names = common is not None and all(
        any(c.isupper() for c in item[mark.end() :])
        for item, mark in zip(items, marks, strict=True)
        if mark and mark.group(1) == common[0]
    )
    bullet = common[0] if common and common[1] >= (2 if before_names else max(2, len(items) // 2)) else None
    return [
        item[mark.end() :] if mark and (not mark.group(1).isalpha() or mark.group(1) == bullet) else item
        for item, mark in zip(items, marks, strict=True)
    ]


CATEGORY_WORDS = 2  # "IT  Java, Kotlin", "Office tools  Excel, Word": a category's name is this short


def _without_category(pieces: list[str]) -> list[str]:
    """A line of items less the category named before them, in a cell ("IT  Java, Kotlin, …",
    "EDV / Fachlich  EPLAN Electric P8, …") or with a colon ("Cloud & Tools: AWS, Terraform")."""
    if len(pieces) < 2:
        return pieces
    cells = CELL_BREAK.split(pieces[0], maxsplit=1)
    if len(cells) < 2:
        cells = CATEGORY_COLON.split(pieces[0], maxsplit=1)
    if len(cells) == 2 and len(re.findall(r"[^\W\d_]+", cells[0])) <= CATEGORY_WORDS and cells[1].strip():
        return [cells[1].strip(), *pieces[1:]]
    return pieces


CATEGORY_COLON = re.compile(r"(?<=[^\W\d_]):\s+")


# A tool with its version or a standard with its number ("Sage 1000", "ISO 13849", "Excel 2019"):
# one run of digits after a name, not a date, a phone or a postcode before its town.
VERSIONED = re.compile(r"[^\W\d_][^\d]*\s\d{4,5}")


QUALIFIER = re.compile(r"\([^()]*\)")  # a skill's qualifier: "SPS (Siemens TIA Portal, S7-1500)"


def _short_item(line: str) -> bool:
    """A skill on a line of its own: a few words, no sentence, no date range, no contact detail
    or label (a sidebar's "E-mail", "Phone" under the skills)."""
    return (
        len(line) <= 48
        and len(line.split()) <= 6
        and not line.endswith((".", ":"))
        and not YEARS.search(line)
        and "@" not in line
        and (sum(c.isdigit() for c in QUALIFIER.sub("", line)) < 4 or VERSIONED.fullmatch(line) is not None)
        and not label_index(()).names_a_label(line)
    )


@cache
def _all_headings() -> frozenset[str]:
    return frozenset(h for kind in SECTION_KINDS for h in section_headings(kind))


@cache
def _other_headings() -> frozenset[str]:
    return frozenset(h for kind in SECTION_KINDS if kind != "skills" for h in section_headings(kind))


def _first_date(lines: Lines, text: str, month_first: bool) -> Found | None:
    """The first date printed with a time of day (a till's or a system's timestamp), else a letter's
    dateline ("Leeds, 15 May 2023", "Paris, le 3 juin 2023"), else the first date."""
    first = dateline = None
    for page, line in lines:
        dates = norm.find_dates(line, month_first=month_first)
        if dates and TIME_OF_DAY.search(line):
            return Found(dates[0][1], page, line.strip(), 0.5)
        if dates and first is None:
            first = Found(dates[0][1], page, line.strip(), 0.45)
        if dates and dateline is None and DATELINE.match(line.strip()):
            dateline = Found(dates[0][1], page, line.strip(), 0.5)
    return dateline or first


def _masked_account(lines: Lines, text: str) -> Found | None:
    """A masked account number wherever it is printed, a sentence included ("für Ihr Konto
    DE83xxxxxxxxxxxxxx0086 weisen wir …", "votre compte BE41 xxxx xxxx 9575 pour la")."""
    for page, line in lines:
        masked = norm.MASKED.search(line)
        if masked and sum(c.isdigit() for c in masked.group(1)) >= 2:
            digits = norm.last4(line[masked.start() :])
            if digits:
                return Found(digits, page, line.strip(), 0.5)
    return None


FINDERS: dict[str, Callable[[Lines, str], Found | None]] = {
    "last4": _masked_account,
    "email": _email,
    "phone": _phone,
    "currency": _currency,
    "person": _person,
}


def issuers_legal_name(
    name: str,
    labelled: str,
    snippet: str,
    lines: Lines,
    text: str,
    layout: Layout | None,
    *,
    weak: bool = False,
) -> str | None:
    """The letterhead's company, where a label gave the issuer's field one of its sites or
    departments ("Deliver to: Harrowgate Joinery Ltd - Workshop", "Lieferanschrift: Kessler Werk
    II - Wareneingang Tor 3" under "Schreinerei Kessler GmbH & Co. KG", "SHIP TO: Pinecrest Brewing
    Company - Production" under "Pinecrest Brewing Company") or its salesperson (``snippet``: the
    label's line): a name with no legal form that shares a word of its own with the company's, a
    person after a salesperson's word, or a place a ``weak`` label gave ("Afleveradres:
    Bouwplaats De Greiden")."""
    labelled = labelled.strip()
    if name not in ISSUER_FIELDS or LEGAL_FORM_AT_END.search(labelled):
        return None
    issuer = _issuer(lines, text, layout)
    if issuer is None or issuer.value == labelled:
        return None
    company = LEGAL_FORM.fullmatch(issuer.value)
    if company is None:  # a name without its legal form, and after it the site's
        site = labelled.startswith(issuer.value) and SITE_OF.match(labelled[len(issuer.value) :])
        return issuer.value if site else None
    own = {word for word in normalise_label(company.group(1)).split() if len(word) >= 4}
    same = own & set(normalise_label(labelled).split())
    a_place = weak and not LEGAL_FORM_WORD.search(labelled)
    return issuer.value if same or a_place or _salesperson(labelled, snippet) else None


# What follows a company's name in one of its sites' ("Pinecrest Brewing Company - Production").
SITE_OF = re.compile(r"\s*[-\u2013\u2014,/]\s*\w")


# A seller's word that may name its employee (`[names] salesperson`): "Vendedor", "Verkoper".
SALESPERSON_WORD = alternation(prose_words(lambda words: words.salesperson))


def _salesperson(labelled: str, line: str) -> bool:
    """Whether a person follows a seller's word that may name its employee ("Vendedor:  Rafael
    Tavárez", "Verkoper: R. Sewdien")."""
    return looks_like_person(labelled) and bool(
        re.search(rf"(?<!\w)(?:{SALESPERSON_WORD})\s*:?\s*{re.escape(labelled)}", line, re.I)
    )


def _chained_balance(name: str, lines: Lines) -> Found | None:
    """A balance no label gave, from the statement's running-balance column: its last balance
    closes the period; a balance printed alone over the first movement opens it."""
    chain = balance_chain(lines)
    balance = (chain[0] if name == OPENING else chain[1]) if chain else None
    if balance is None:
        return None
    value, page, line = balance
    return Found(value, page, line, 0.5, ["read from the running balance of the statement's lines"])


def find_by_type(
    name: str,
    kind: str,
    lines: Lines,
    text: str,
    *,
    month_first: bool,
    layout: Layout | None = None,
    taken: frozenset[str] = frozenset(),
) -> Found | None:
    """The field's value from its type and role alone, or None. ``taken``: the other parties'
    names already found."""
    if name in OTHER_PARTY_FIELDS:
        return (
            _under_return_address(layout)
            or _other_party(lines, text, layout, taken)
            or _addressee(lines, text, layout)
            or _person_addressed(lines)
        )
    if name in ADDRESSEE_FIELDS:
        return _under_return_address(layout) or _addressee(lines, text, layout)
    organisation = kind in ("party", "text") and bool(set(name.split("_")) & ORGANISATION_WORDS)
    if (kind == "party" and name in ISSUER_FIELDS) or organisation:
        return _issuer(lines, text, layout, taken)
    if name == "payment_method":
        return _payment(lines, text)
    if name in BALANCES:
        return _chained_balance(name, lines)
    if kind == "int" and "year" in name:
        return _years(lines, text)
    if kind == "date" and name in PRIMARY_DATES:
        return _first_date(lines, text, month_first)
    if kind == "date" and name in DUE_DATES:
        deadline = deadline_date(lines, month_first=month_first)
        return Found(deadline[0], deadline[1], deadline[2], 0.6) if deadline else None
    if kind == "person" and layout is not None:
        return _name_over_two_lines(layout, text) or _person(lines, text)
    if kind == "list":
        listed = _bullets_in_a_column(layout, text) or _bullets(lines, text)
        return replace(listed, value=_items_of_categories(listed.value)) if listed else None
    finder = FINDERS.get(kind)
    return finder(lines, text) if finder else None
