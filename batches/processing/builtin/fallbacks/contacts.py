"""Contact and payment details by their type: the first e-mail address, a phone number
(with its country code, else dialled where the document's addresses and language are), the
currency the amounts use, and the payment word or the tender that pays the total."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import NamedTuple

import phonenumbers
from babel.numbers import get_territory_currencies
from rapidfuzz import fuzz, process

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.found import CELL_BREAK, Found, Lines, first_cell, first_line
from batches.processing.builtin.labels import label_index
from batches.processing.builtin.receipts import change_given
from batches.processing.builtin.values import AMOUNT_PRINTED, US_STATES, paid_nothing
from batches.processing.vocab import (
    alternation,
    currency_code,
    currency_names,
    known_phone_regions,
    language_of,
    normalise_label,
    number_word,
    payment_method,
    payment_wordings,
    phone_regions,
    prose_words,
    usual_currency,
)

USUAL_CURRENCY = 0.3  # the confidence of a currency no amount shows


def email(lines: Lines, text: str) -> Found | None:
    """The first e-mail address; else one a narrow column wrapped after its "@" ("martina.quiroga@"
    over "example.com")."""
    hit = first_line(lines, norm.parse_email)
    if hit:
        return Found(norm.parse_email(hit[1]), hit[0], hit[1], 0.7)
    for (page, line), (_page, following) in itertools.pairwise(lines):
        local = WRAPPED_AT.search(line)
        address = norm.parse_email(local.group(0) + following.strip()) if local else None
        if address:
            return Found(address, page, f"{line.strip()} {following.strip()}", 0.6)
    return None


WRAPPED_AT = re.compile(r"[\w.+-]+@$")  # an address's local part that ends its line


def phone(lines: Lines, text: str) -> Found | None:
    """The first number printed with its country code; else, in the contact lines at the top, the
    first valid in a region the text's language dials in ("07700 900482", "(11) 98765-4321")."""
    hit = first_line(lines, lambda line: bool(_international(line)))
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


INTERNATIONAL = re.compile(rf"\+\d|\b00[1-9]|{norm.PLUS_READ_AS_HASH.pattern}")  # "#31 23 …": OCR's plus
CONTACT_LINES = 20
# A national number: a trunk 0 or an area code in brackets, then groups ("06-41873920",
# "0412 345 678", "(512) 555-0139", "(11) 98765-4321", "514 555-0182"), or in pairs after the trunk 0
# as France, the Netherlands and Belgium print a mobile's ("06 55 51 82 74", "06.12.34.56.78"), or
# as Switzerland prints its numbers ("041 555 67 89").
NATIONAL_PHONE = re.compile(
    r"(?<![\w.,/-])(?:(?:\(\d{2,4}\)\s?|\d{2,5}[\s.-]?)\d{3,5}[\s.-]?\d{3,4}|0\d(?:[\s.]\d{2}){4}"
    r"|0\d{2}[\s.]\d{3}[\s.]\d{2}[\s.]\d{2})(?![\w.,/-])"
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
    countries its contact lines name, then those its language dials in, those whose postcodes
    have as many digits as the contact lines' first ("6300 Zug": Switzerland before Germany)."""
    spoken = phone_regions(language_of(text))
    digits = _postcode_digits(lines)
    if digits:
        spoken = tuple(sorted(spoken, key=lambda region: POSTCODE_DIGITS.get(region, digits) != digits))
    return tuple(dict.fromkeys((*_regions_of_countries(lines), *spoken)))


# How many digits a country's postcode opens with ("6300 Zug", "10115 Berlin", "1050-001 Lisboa").
POSTCODE_DIGITS = {
    **dict.fromkeys(("AT", "CH", "LI", "LU", "BE", "NL", "DK", "NO", "PT", "AR", "AU", "ZA", "NZ"), 4),
    **dict.fromkeys(("DE", "FR", "ES", "IT", "MX", "US", "BR", "PE", "UY", "FI"), 5),
}
LEADING_DIGITS = re.compile(r"\d+")


def _postcode_digits(lines: Lines) -> int | None:
    """How many digits the first postcode before a town in the contact lines has (both in one
    cell: a year at a cell's end is none, "02/2021  Habilidades")."""
    for _page, line in lines[:CONTACT_LINES]:
        for cell in CELL_BREAK.split(line.strip()):
            postcode = norm.TOWNS_POSTCODE.search(cell)
            if postcode:
                return len(LEADING_DIGITS.search(postcode.group(0)).group(0))
    return None


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


def _regions_of_postcodes(lines: Lines) -> tuple[str, ...]:
    """The regions whose own form of address the contact lines print: a US state's code before its
    ZIP code ("Quenton, CO 80807"), a Canadian or a British postcode ("L8L 2Y6", "EH3 6QQ")."""
    contact = "\n".join(line for _page, line in lines[:CONTACT_LINES])
    return tuple(region for region, pattern in POSTCODE_REGIONS if pattern.search(contact))


POSTCODE_REGIONS = (
    ("US", re.compile(rf"\b(?:{US_STATES})\s+\d{{5}}(?:-\d{{4}})?\b")),
    ("CA", re.compile(r"\b(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)\s+[A-Z]\d[A-Z]\s?\d[A-Z]\d\b")),
    ("GB", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b")),
)


# Tax and company identifiers only one country issues, by the label they are printed with.
TAX_ID_REGIONS = {
    "GSTIN": "IN",
    "ABN": "AU",
    "NZBN": "NZ",
    "UEN": "SG",
    "CNPJ": "BR",
    "CPF": "BR",
    "CUIT": "AR",
    "RFC": "MX",
    "NUIT": "MZ",
    "KRA PIN": "KE",
}
TAX_ID_LABEL = re.compile(rf"\b({'|'.join(TAX_ID_REGIONS)})\b\s*(?:No\.?|Nº|n\.?º)?\s*[:#]?\s*(?=[\dA-Z])")


def _regions_of_tax_ids(lines: Lines) -> tuple[str, ...]:
    """The regions of the identifiers only one country issues that the contact lines print with
    their labels ("GSTIN: 32AAJCP8412M1Z6", "CNPJ 12.345.678/0001-90"), or by their prefix (a VAT
    number: "VAT Reg No. GB 318 7724 05", "USt-IdNr. DE287106654")."""
    head = lines[:CONTACT_LINES]
    labels = (match.group(1) for _page, line in head for match in TAX_ID_LABEL.finditer(line))
    prefixes = (match.group(1) for _page, line in head for match in VAT_NUMBER.finditer(line))
    return tuple(
        dict.fromkeys([*(TAX_ID_REGIONS[label] for label in labels), *(VAT_PREFIXES[p] for p in prefixes)])
    )


# A VAT number's country prefix (EU and UK; Greece's is "EL", Switzerland's UID "CHE"), its digits after.
VAT_PREFIXES = {
    code: code
    for code in ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "HR", "HU",
                 "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK")
} | {"EL": "GR", "XI": "GB", "CHE": "CH"}  # fmt: skip
VAT_NUMBER = re.compile(rf"\b({'|'.join(VAT_PREFIXES)})[\s-]?(?:U\s?)?\d(?:[\s.]?\d){{7,11}}\b")


def _regions_of_addresses(text: str) -> tuple[str, ...]:
    """The regions of the country domains the text's e-mail and web addresses end in, in order."""
    codes = ("GB" if code == "uk" else code.upper() for code in COUNTRY_DOMAIN.findall(text.lower()))
    return tuple(code for code in dict.fromkeys(codes) if code in known_phone_regions())


def currency(lines: Lines, text: str) -> Found | None:
    """The currency the amounts show; else, on a document with amounts (a scan whose "$" or "₹"
    OCR lost), the one of the country its contact lines name or dial (a phone number's country
    code) or whose tax office alone issues an identifier they print (India's GSTIN), else the one
    its language usually counts in, with a low confidence."""
    code = norm.find_currency(text)
    if code:
        return Found(code, None, code, 0.6)
    if not (AMOUNT_PRINTED.search(text) or WHOLE_AMOUNT_GROUPED.search(text)):
        return None
    regions = (
        _regions_of_countries(lines)
        + _regions_dialled(lines)
        + _regions_of_tax_ids(lines)
        + _regions_of_postcodes(lines)
    )
    local = next((found for region in regions if (found := _currency_of_region(region))), "")
    if local:
        return Found(local, None, local, USUAL_CURRENCY)
    named = _named_in_words(lines)
    if named:
        return named
    usual = usual_currency(language_of(text))
    return Found(usual, None, usual, USUAL_CURRENCY) if usual else None


# A sum of a currency with no cents in use, its thousands grouped ("TOTAL G  187.800", Paraguay's
# guaraní with its sign misread): a document with amounts, too.
WHOLE_AMOUNT_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?![\d.,])")


def _named_in_words(lines: Lines) -> Found | None:
    """The currency an amount in words names ("Indian Rupees Two Lakh Sixty Nine Thousand …"): a
    currency's name on a line that also spells a number."""
    for page, line in lines:
        name = currency_names().search(line)
        if name and any(number_word(word) is not None for word in re.findall(r"[^\W\d_]+", line)):
            code = currency_code(name.group(0))
            if code:
                return Found(code, page, line.strip(), USUAL_CURRENCY)
    return None


def _regions_dialled(lines: Lines) -> tuple[str, ...]:
    """The regions of the country codes the contact lines' phone numbers are printed with."""
    numbers = (_international(line) for _page, line in lines[:CONTACT_LINES])
    regions = (phonenumbers.region_code_for_number(phonenumbers.parse(n)) for n in numbers if n)
    return tuple(dict.fromkeys(region for region in regions if region and region != "001"))


def _currency_of_region(region: str) -> str:
    """The currency a country pays in today ("AR": ARS, "CH": CHF), "" when Babel knows none."""
    try:
        return next(iter(get_territory_currencies(region, tender=True)), "")
    except (ValueError, LookupError):
        return ""


def payment(lines: Lines, text: str) -> Found | None:
    """A payment word in any language ("VISA", "espèces", "Barzahlung"), as printed: the first
    after the total, else the first after an amount (the letterhead's is a name's word: "The
    Quenton Oyster Bar"), else the first at all (an item may be named with one: "LESSIVE
    LIQUIDE", "DARK CHOC BAR" above "TOTAL", "Carte bancaire" and "VISA ****4417" under it)."""
    words = list(_payment_words(lines))
    found = [w for w in words if not paid_nothing(lines[w.index][1])]
    if not found:
        change = change_given(lines)
        return Found("Cash", change[0], change[1], 0.4) if change else _misread_tender(lines)
    total_at = next((index for index, (page, line) in enumerate(lines) if _a_total_line(line)), len(lines))
    priced_at = next((index for index, (_page, line) in enumerate(lines) if AMOUNT_PRINTED.search(line)), 0)
    chosen = next((w for w in found if w.index > total_at), None)
    chosen = chosen or next((w for w in found if w.index >= priced_at), found[0])
    page, line = lines[chosen.index]
    named = _card_named_under(lines, words, chosen.index) if chosen.method in GENERIC_CARD else None
    return named or Found(chosen.printed, page, line.strip(), 0.5)


def _misread_tender(lines: Lines) -> Found | None:
    """The wording of a tender line OCR misread ("art bancaire  65,02" under "TOTAL 65,02 EUR"):
    the line right under a total that pays it to the cent, its words a payment wording but for a
    letter or two (``MISREAD_PAYMENT``), as the vocabulary spells it."""
    for (_page, line), (page, under) in itertools.pairwise(lines):
        total = norm.parse_amount(line) if _a_total_line(line) else None
        words = first_cell(under).strip()
        if (
            total is None
            or norm.parse_amount(under) != total
            or sum(c.isalpha() for c in words) < MISREAD_LETTERS
        ):
            continue
        match = process.extractOne(
            words,
            payment_wordings(),
            scorer=fuzz.ratio,
            processor=normalise_label,
            score_cutoff=MISREAD_PAYMENT,
        )
        if match is not None:  # "Carte bancaire" where the vocabulary spells it "carte bancaire"
            return Found(match[0][:1].upper() + match[0][1:], page, under.strip(), 0.4)
    return None


MISREAD_PAYMENT = 88  # per cent alike: "art bancaire" for "Carte bancaire" (92)
MISREAD_LETTERS = 6  # fewer letters are too few to tell a misread wording from another word


CASH = "Cash"  # the payment method cash is read as: what it hands over may be more than the total


def paid_in_full(lines: Lines) -> Found | None:
    """Where no label gives the total: the one amount on the line of a payment that is not cash
    ("PIX  91,80" under "FORMA DE PAGAMENTO  VALOR PAGO", the total's own line lost to OCR), which
    pays the total to the cent."""
    for index, printed, method in _payment_words(lines):
        page, line = lines[index]
        rest = line.replace(printed, " ")
        if method == CASH or paid_nothing(line) or len(norm.PRICED_AMOUNT.findall(rest)) != 1:
            continue
        value = norm.parse_amount(norm.PRICED_AMOUNT.search(rest).group(0))
        if value is not None:
            return Found(value, page, line.strip(), 0.4)
    return None


def tender_line(lines: Lines) -> Found | None:
    """The payment word on the line that pays the total, after it ("TOTAL  $71.19" / "VISA
    71.19"): surer than a card's type printed under it ("CARD TYPE: CREDIT"); the till's total,
    where the card terminal's slip under it names its own ("TOTAL AUD  $39.00" after "EFTPOS  $39.00")."""
    totals = [
        (index, norm.parse_amount(line)) for index, (_page, line) in enumerate(lines) if _a_total_line(line)
    ]
    words = list(_payment_words(lines))
    for at, total in reversed(totals):  # the last total first; a card slip's under the till's may repeat it
        for index, printed, method in words:
            page, line = lines[index]
            if total is not None and index > at and norm.parse_amount(line.replace(printed, " ")) == total:
                named = _card_named_under(lines, words, index) if method in GENERIC_CARD else None
                return named or Found(printed, page, line.strip(), 0.8)
    return None


JOINING = frozenset({"de", "di", "da", "du", "of"})  # "Tarjeta de débito", "Carta di credito"
ANY_CARD = "Card"  # a payment word that names no card ("Pagamento elettronico", "Karte")


def _card_named_under(lines: Lines, words: list[PaymentWords], index: int) -> Found | None:
    """The card a line under a card payment names, alone or after a word for "with", on the card
    slip under the till's lines ("Pagamento elettronico  22,50" over "BANCOMAT", or over "Importo
    pagato 37,72" and "- - - PAGAMENTO CON BANCOMAT - - -"; "Betaald PIN" over the slip's
    "Maestro"; "CB SANS CONTACT" over "VISA"): which card paid. (A card's number line, "VISA
    ****1017", is the slip's record of the card, not how the till names the payment.) A card
    terminal's slip may name it over the line of how the card was read ("Maestro" over "Totaal
    EUR 49,95" and "Leesmethode: contactloos"): where none names it under, that one."""
    under = [w for w in words if index < w.index <= index + SLIP_REACH]
    over = [w for w in reversed(words) if index - SLIP_REACH <= w.index < index]
    for at, printed, method in (*under, *over):
        page, line = lines[at]
        if _the_payments_words(line, printed) and method not in GENERIC_CARD:
            return Found(printed, page, line.strip(), 0.8)
    return None


def _the_payments_words(line: str, printed: str) -> bool:
    """Whether a line holds only a payment's words: the card's, perhaps after the label of a
    payment and a word for "with" ("- - - PAGAMENTO CON BANCOMAT - - -")."""
    rest = PAID_WITH.sub(" ", SEPARATORS.sub(" ", line.replace(printed, " "))).strip()
    # one sign or letter beside it is a logo's speck OCR read ("I  BANCOMAT")
    return len(rest) <= 1 or label_index(("payment_method",)).a_whole_label(rest)


SEPARATORS = re.compile(r"[-*=\u2013]+")
PAID_WITH = re.compile(
    rf"\s(?i:{alternation(prose_words(lambda words: words.paid_with))})\s*$"
)  # "PAGAMENTO CON"


CONTACTLESS = "Contactless"  # how a card was held to the till ("Paiement sans contact"), not which card
GENERIC_CARD = (ANY_CARD, CONTACTLESS)  # a card payment that names no card


SLIP_REACH = 12  # lines under a card payment where the slip names the card


class PaymentWords(NamedTuple):
    index: int  # the line's
    printed: str  # the words as printed
    method: str  # the way of paying they name: the run's own, else its surest word's


def _payment_words(lines: Lines) -> Iterator[PaymentWords]:
    """Each line's first payment word, longest wording first, with the payment words right after
    it ("D\u00e9bit Interac", "Kartenzahlung girocard"), not how the card was held ("VISA DEBIT" of
    "VISA DEBIT CONTACTLESS")."""
    for index, (_page, line) in enumerate(lines):
        tokens = line.split()
        span = next(
            (
                (start, start + size)
                for size in (3, 2, 1)
                for start in range(len(tokens) - size + 1)
                if _payments_words(tokens[start : start + size])
            ),
            None,
        )
        if span is None:
            continue
        start, end = span
        start = _past_its_label(tokens, start, end)
        methods = [_payments_words(tokens[start:end])]
        while (more := _payment_words_at(tokens, end)) is not None:
            methods.append(_payments_words(tokens[end:more]))
            end = more
        printed = _payment_printed(tokens[start:end])
        surest = next((m for m in methods if m not in (ANY_CARD, CONTACTLESS)), methods[0])
        yield PaymentWords(index, printed, payment_method(printed) or surest)


def _past_its_label(tokens: list[str], start: int, end: int) -> int:
    """Where the payment's own words start after the label and the word for "with" that the
    wording found opens with ("PAGO CON: TARJETA" → "TARJETA")."""
    for at in range(start + 1, end):
        head = " ".join(tokens[start:at]).strip(" :")
        if PAID_WITH.search(f" {head}") and _payments_words(tokens[at:end]) is not None:
            return at
    return start


def _payment_words_at(tokens: list[str], start: int) -> int | None:
    """The end of the payment words starting at ``start`` (no card's holding), or None; a small
    word may join them ("TARJETA DE DÉBITO")."""
    if (
        start + 1 < len(tokens)
        and tokens[start].casefold() in JOINING
        and _payment_words_at(tokens, start + 1)
    ):
        return _payment_words_at(tokens, start + 1)
    for size in (2, 1):
        method = _payments_words(tokens[start : start + size]) if start + size <= len(tokens) else None
        if method is not None and method != CONTACTLESS:
            return start + size
    return None


def _payments_words(tokens: list[str]) -> str | None:
    """The way of paying the tokens name, where both ends hold a letter (not "Bancontact  €")."""
    if not tokens or not _worded(tokens[0], tokens[-1]):
        return None
    return payment_method(_payment_printed(tokens))


def _payment_printed(tokens: list[str]) -> str:
    return " ".join(tokens).strip(" .,:;*()&-\u2013")


def _worded(*tokens: str) -> bool:
    """Whether each token holds a letter: a currency's sign or an amount ends no payment's words."""
    return all(re.search(r"[^\W\d_]", token) for token in tokens)


def _a_total_line(line: str) -> bool:
    """A line whose first cell is a total's label ("TOTAL TTC  23,47", "SUMME EUR 12,85")."""
    return any(
        hit.field == "total" and hit.score >= 0.95 for hit in label_index(("total",)).hits(first_cell(line))
    )
