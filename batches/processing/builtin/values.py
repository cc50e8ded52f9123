"""A printed value → the field's normalised value, by the field's type (None when it does not fit)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from batches.processing.builtin import normalise as norm
from batches.processing.vocab import (
    alternation,
    common_word,
    courtesy_titles,
    is_document_title,
    normalise_label,
    payment_method,
    prose_words,
    sentence_links,
)

IBAN = re.compile(r"\b([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?)\b")
PERCENT = re.compile(r"(-?\d+(?:[.,]\d+)?)\s*%")
ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_/.]*\d[A-Za-z0-9\-_/.]*")
# An identifier is no amount: an IBAN, letters glued to a long number (a VAT id "ATU89013307",
# "BE0455747262"), a number whose first group starts with 0 ("BE 0455.747.262"), a country's code
# before eight digits or more ("FR 27 228904111", "GB 743 9023 35"), a Swiss enterprise number
# ("CHE-105.284.771", not minus a hundred million).
IDENTIFIER = re.compile(
    r"\b[A-Z]{2,3}\d{6,}[A-Z0-9]*|\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,}|(?<![\d.,'])0\d{2,}[.\s]\d{3}(?:[.\s]\d{3})"
    r"|\b(?!RM\b|RS\b)[A-Z]{2}(?:\s?\d){8,12}\b|\bCHE[-\s]?\d{3}[.\s]?\d{3}[.\s]?\d{3}\b"
    # a long run of digits before its program's letters and number: Canada's "812345678 RT0001"
    r"|\b\d{7,}\s?[A-Z]{2}\d{3,}\b"
)
LIST_SPLIT = re.compile(r"[,;•·|]|\s-\s")
BULLET_MARKS = " •·-*▪◦‣\u203a»→✓■●○◆➢▸►▹▶\u2013\u2014"  # a list's bullets, and the space after one
BULLET = re.compile("^[" + re.escape(BULLET_MARKS.strip()) + "]")


@dataclass(frozen=True, slots=True)
class DateOrder:
    """How the document writes numeric dates: 03/04/2025 is March 4 when ``month_first``; and
    where its phone numbers without a country code may be dialled, likeliest first (``regions``:
    ("FR", "BE", …) for a French one)."""

    month_first: bool
    regions: tuple[str, ...] = ("US",)


# Signs of a document from the United States, where 03/04/2025 is March 4: dollars, a US phone
# number, a state code before a ZIP code. Everywhere else a numeric date starts with the day.
US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|"
    "OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
US_SIGNS = re.compile(
    rf"\$|\bUSD\b|\(\d{{3}}\)\s?\d{{3}}-\d{{4}}|\+1[\s-]\d{{3}}|\b(?:{US_STATES})\s+\d{{5}}(?:-\d{{4}})?\b"
)
# Signs of a country that writes the day first (its currency, its tax, its company forms): they
# outweigh a stray "$" (OCR reads an S as one).
DAY_FIRST_SIGNS = re.compile(
    r"[£€₹]|\b(?:GBP|EUR|INR|MYR|SGD|AUD|NZD|ZAR|RM|GST|VAT|ABN|Sdn\.?\s?Bhd|Pte\.?\s?Ltd|Pty\.?\s?Ltd)\b",
    re.I,
)


def month_first(text: str, *, language: str) -> bool:
    """Numeric dates' order: the document's own unambiguous dates decide, by their most; else
    month first only in an English document with signs of the United States and none of a
    day-first country. (A tax number OCR split into such a shape, "RNC 1-31-4882 2-5", is no
    date: its year is none.)"""
    dates = NUMERIC_DATE.findall(text)
    # a date with its year in full; only where none is printed, one of two digits ("NPK 12-24-12" is
    # a fertiliser's grade)
    dates = [(a, b) for a, b, year in dates if len(year) == 4] or [(a, b) for a, b, _year in dates]
    days_first = sum(int(a) > 12 for a, _b in dates)
    months_first = sum(int(b) > 12 and int(a) <= 12 for a, b in dates)
    if days_first or months_first:
        return months_first > days_first
    return language == "en" and bool(US_SIGNS.search(text)) and not DAY_FIRST_SIGNS.search(text)


NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2}|\d{2})\b")


# A whole number printed with a leading zero ("Solde au 04", "n° 007") is a day or a code: no sum.
LEADING_ZERO = re.compile(r"(?<![\d.,'\u2019])(?<!\d )0\d+(?![\d.,'\u2019])")


# A number of a year ("Auszug 8/2026", "Rechnung 09/2026"): a statement's or a document's, no sum.
NUMBER_OF_A_YEAR = re.compile(r"(?<![\d.,/])\d{1,4}\s?/\s?(?:19|20)\d{2}(?![\d/])")

# A phone number with its country's code ("BTW NL852317604B01 - +31 316 555 290"): no sum, unlike a
# credit's sign before an amount ("+1.234,56", "+1 234 567,89").
PHONE_ABROAD = re.compile(r"\+\d{1,3}(?:[\s.-]\(?\d{1,4}\)?){2,}(?![.,]?\d)")


def _money(value: str) -> str | None:
    rate = PERCENT.search(value)
    value = re.sub(r"\(?[-+]?\d+(?:[.,]\d+)?\s*%\)?", " ", value)  # "Tax (19%): 955,20" is not -19
    value = NUMBER_OF_A_YEAR.sub(" ", norm.without_dates(PHONE_ABROAD.sub(" ", value)))
    value = LEADING_ZERO.sub(" ", IDENTIFIER.sub(" ", value))
    value = DAY_OF_A_MONTH.sub(" ", value)  # "Solde d'ouverture au 1er mars  3 218,44": no amount of 1
    if not re.search(r"\d", value):
        return None
    return (_share_of_base(value, rate.group(1)) if rate else None) or _with_cents(value)


# A day and its month with no year, which no date parser takes for a date: "1er mars", "31 mars",
# "1. März", "3rd March".
DAY_OF_A_MONTH = re.compile(rf"(?<![\d.,])\d{{1,2}}{norm.DAY_MARK}\s+(?:{norm.MONTH_RE})\b", re.I)


def _with_cents(value: str) -> str | None:
    """The cell's amount: its first; but its last, with cents, where the first is a whole number
    of ``STAMP_DIGITS`` digits or more ("e 20103209 375,77 €": a stamp OCR read before the amount)."""
    first = norm.parse_amount(value)
    if first is None or not first.endswith(".00"):
        return first
    amounts = list(norm.AMOUNT_RE.finditer(value))
    last = amounts[-1].group(0) if len(amounts) > 1 else ""
    digits = sum(c.isdigit() for c in amounts[0].group(0)) if amounts else 0
    if re.search(r"[.,]\d{2}$", last) and digits >= STAMP_DIGITS:
        return norm.parse_amount(last) or first
    return first


STAMP_DIGITS = 7  # a whole number this long before an amount with cents is no amount of its own


def _share_of_base(value: str, rate: str) -> str | None:
    """Of a base and the tax at its rate printed together ("VAT 5% (76.06) £3.80", "TVA 20 % sur
    1 000,00 : 200,00"), the tax: the amount that is the rate's share of another."""
    amounts = [norm.parse_amount(m.group(0)) for m in norm.AMOUNT_RE.finditer(value)]
    numbers = [Decimal(a.lstrip("-")) for a in amounts if a]
    share = Decimal(rate.replace(",", ".")) / 100
    for base in numbers:
        for tax in numbers:
            if tax < base and abs(base * share - tax) <= Decimal("0.02"):
                return norm.money_text(tax)
    return None


# A phone number or a code: digit groups three or more, or a "+" before them ("+39 02 5550 2635").
NOT_A_COUNT = re.compile(r"\+\s?\d|(?:\d+\D+){2,}\d")


def _int(value: str) -> int | None:
    if NOT_A_COUNT.search(value) or (re.search(r"\d", value) and not COUNT_FIRST.match(value)):
        return None  # a count in figures opens the text; one in words ("ten") stands anywhere
    number = norm.parse_int(value)
    return number if number is not None and number <= 70 else None  # "2002 - present" is not a count


# A count opens the text, a word or two before it at most ("12", "über 12 Jahre", "más de 15 años"),
# never a digit inside a word ("im B2B-Marketing, davon 6 Jahre": what a label's cell goes on with).
COUNT_FIRST = re.compile(r"\W*(?:[^\W\d_]+\.?\s+){0,2}\d+(?!\w)")


def _list(value: str) -> list[str] | None:
    items = [i.strip(BULLET_MARKS + "\t") for i in LIST_SPLIT.split(value)]
    return [i for i in items if i] or None


SHORT_ID = re.compile(r"^(?=.*\d)[A-Z]{0,4}[\s-]?[\dA-Z][\dA-Z\s./-]{2,28}$")


# A postal code and its town ("50001 Zaragoza", "3000 Leuven"): an address's line, no identifier.
POSTAL_LINE = re.compile(r"\d{4,5}\s+[^\W\d_][^\d]*")


# A payment's reference in groups of digits ("21 00000 00003 13947 14300 09017", a Swiss QR bill's;
# "RF18 5390 0754 7034"): the bank's to match a payment, no document's number.
PAYMENT_REFERENCE = re.compile(r"(?:RF\d{2}|\d{2,5})(?: \d{4,5}){3,}(?!\S)")


# An amount with its cents after a comma, or after a point where commas group the thousands
# ("20,38", "1.651,46", "1,651.46"): a price beside a unit's "n.", no number.
AN_AMOUNT_FIRST = re.compile(r"\d{1,3}(?:(?:\.\d{3})*,\d{2}|(?:,\d{3})+\.\d{2})(?![\d.,/\-])")


TRAILING_DASH = re.compile(r"\s+[-\u2013\u2014]+$")  # a dash apart after a number: punctuation, no part


def identifier(value: str) -> str | None:
    """An identifier: a short spaced one whole ("PT 509 876 543"), else its first token; a date
    ("04-ene-2023"), a postal code and town or an amount with its cents is none."""
    printed = TRAILING_DASH.sub("", page_count().sub(" ", value).strip().rstrip("."))  # "25-0412 -"
    value = _without_its_date(printed)
    undated = norm.without_dates(value)
    if POSTAL_LINE.fullmatch(value) or not undated.strip() or AN_AMOUNT_FIRST.match(value):
        return None
    if PAYMENT_REFERENCE.match(value) or _a_street_and_number(value):
        return None  # "Fattura  Viale Lacchin 31": the letterhead's street beside the title
    spaced = SHORT_ID.match(value) and sum(c.isdigit() for c in value) >= 0.5 * len(value.replace(" ", ""))
    if spaced and (value == printed or DIGIT_GROUPS.fullmatch(value)):
        return value  # cut before a date: "N. OA/2024/0193" a label and a number, "60 184 168 486" one
    # a token wholly inside a date is its day ("Granada, 12 de mayo de 2026"), no identifier
    token = next((t for t in ID_TOKEN.finditer(value) if undated[t.start() : t.end()].strip()), None)
    if token is None:
        return None
    # a series before a number, or before a series and number of its own ("FR ATSIRE01FR/12")
    numbered = token.group(0)[0].isdigit() or "/" in token.group(0)
    series = ID_SERIES.search(value, 0, token.start()) if numbered else None
    start = series.start() if series and series.group(1) not in NOT_A_SERIES else token.start()
    return value[start : token.end()].rstrip(".")


def a_streets_name(name: str) -> bool:
    """Whether a name is a street's, its word first or last (`[names] streets`: "Rue de la Plaine",
    "Lipson Road")."""
    words = name.split()
    return bool(words) and bool({normalise_label(words[0]), normalise_label(words[-1])} & _street_words())


@cache
def _street_words() -> frozenset[str]:
    return frozenset(normalise_label(word) for word in prose_words(lambda words: words.streets))


# A street's name and its house number ("Viale Lacchin 31", "179 Harbour Road"): no identifier.
HOUSE_NUMBER = re.compile(r"\d{1,4}[a-z]?,?")


def _a_street_and_number(value: str) -> bool:
    words = value.split()
    numbered = len(words) >= 2 and (HOUSE_NUMBER.fullmatch(words[-1]) or HOUSE_NUMBER.fullmatch(words[0]))
    return bool(numbered) and a_streets_name(" ".join(w for w in words if not HOUSE_NUMBER.fullmatch(w)))


@cache
def page_count() -> re.Pattern[str]:
    """A page's count after its word ("Pág. 1/1", "Seite 1 von 3", "Page 2 of 2"): no identifier."""
    words = alternation(prose_words(lambda words: words.pages))
    return re.compile(rf"(?<!\w)(?:{words})\s*\d{{1,3}}\s*(?:/|[^\W\d_]{{2,3}})\s*\d{{1,3}}(?!\d)", re.I)


def _without_its_date(value: str) -> str:
    """An identifier less the date a word links to it: "58 DEL 22/11/2023", "2024-031 d.d. 01.03.2024"."""
    tokens = value.split()
    for at in range(1, len(tokens) - 1):
        if tokens[at].casefold() in sentence_links():
            dates = norm.find_dates(" ".join(tokens[at + 1 :]), month_first=False)
            if dates and dates[0][0] == 0:
                return " ".join(tokens[:at])
    return value


DIGIT_GROUPS = re.compile(r"\d{1,4}(?: \d{2,4}){2,}")  # a number printed in groups: "60 184 168 486"
# A series of letters before a number, printed apart ("FR 2023/6848", "FT 2021A/1911"), unless it
# is a label's abbreviation or a tax id's name ("Nr 123", "VAT 123").
ID_SERIES = re.compile(r"(?:^|(?<=\s))([A-Z]{2,3})\s$")
NOT_A_SERIES = frozenset(
    {"NO", "NR", "NUM", "REF", "ID", "PO", "TVA", "VAT", "BTW", "IVA", "UST", "NIF", "CIF"}
)


def _name(value: str) -> str | None:
    if not re.search(r"[^\W\d_]{2}", value):
        return None  # a name has letters: "****1023" is not an account holder
    value = value.strip(" :,;|[]_")  # "| Zimmermann & Kühn GmbH": a scanned box's edge, "_" its rule
    two = TWO_FIRMS.fullmatch(value)
    return (two.group(1) if two else value) or None


def _two_firms() -> re.Pattern[str]:
    """Two companies' names a text layer ran together, each with its legal form ("Construtora Vale
    Verde Unipessoal Lda Transportes Ribeirinho Lda": a supplier's cell and the delivery
    address's): the first's."""
    form = rf"(?:{LEGAL_FORMS})(?!\w)"
    return re.compile(rf"(.+?\s{form})\s+[A-ZÀ-Ý][\w'\u2019.-]*(?:\s+[\w'\u2019.&-]+)*?\s{form}")


# The legal forms that end a company's name, in the languages the vocabularies cover and beyond.
LEGAL_FORMS = (
    r"S\.A\. [dD][eE] C\.V\.|S\. [dD][eE] R\.L\.(?: [dD][eE] C\.V\.)?|"
    r"S\.\s?Coop\.(?: [A-Z][a-z]{1,3}\.)?|"  # Spain's cooperatives, a region's after ("S. Coop. And.")
    r"Soc\. [Cc]oop\.(?: a r\.l\.)?|Soc\. [Aa]gr\. [Cc]oop\.|"  # Italy's cooperatives
    r"S\.c\.a\.r\.l\.|S\.c\.r\.l\.|Scarl|"
    r"\((?:Pty|PTY|Pvt|PVT)\) (?:Ltd|LTD)\.?|"  # South Africa's "(Pty) Ltd"
    r"GmbH & Co\.? KG(?:aA)?|PartG mbB|PartGmbB|PartG|"  # Germany's partnerships of professionals
    r"GmbH|AG|KG|Ltd\.?|Limited|PLLC|P\.L\.L\.C\.|LLC|LLP|L\.L\.P\.|Inc\.?|PLC|Corp\.?|SARL|SAS|"
    r"S\.L\.P\.|SLP|S\.L\.L\.|"  # Spain's professional and labour companies
    r"S\.A\.S\.|S\.A\.S?|SASU|SRL|EURL|SNC|S\.n\.c\.|Sagl|e\.U\.|KGaA|UG|SLU|S\.L\.U\.|SA|BV|B\.V\.|NV|"
    r"N\.V\.|SpA|S\.p\.A\.|Srls|SRLS|S\.r\.l\.s\.|Srl|S\.r\.l\.|S\.L\.|SL|Lda\.?|Ltda\.?|Oy|AB|ApS|A/S|"
    r"Sdn\.? Bhd\.?|"
    r"Pte\.? Ltd\.?|Pty\.? Ltd\.?|PTY\.? LTD\.?|Pvt\.? Ltd\.?|PVT\.? LTD\.?|"
    r"Private Limited|PRIVATE LIMITED|LTD\.?|LIMITED|INC\.?|GMBH|"
    r"L\.L\.C\.|Co\.(?!\s+[A-Z][a-z])|"  # not a county's "Co. Louth"
    r"OG|e\.K\.|eG|SE|V\.O\.F\.|VOF|CommV|C\.V\.|BVBA|SPRL|SCRL|Sàrl|S\.à r\.l\.|DAC|"
    r"SELARL|SELAS|SCP|VZW|vzw|ASBL|asbl|e\.V\.|S\.[Ss]\.|s\.s\.|s\.a\.s\.|S\.a\.s\.|s\.n\.c\.|s\.r\.l\.|s\.p\.a\.|"
    r"gGmbH|Ltée|LTÉE|ltée|inc\.|S\.A\.R\.L\.|EIRL|S\.A\.M\.|S\.R\.L\.|Sp\. z o\.o\.|Anstalt|"
    r"C[IÍ]A\.? LTDA\.?|C[ií]a\.? Ltda\.?|LTDA\.?|E\.I\.R\.L\.|S\.A\.C\.|SAC|S\.A\.A\."  # the Andes' forms
)

# What a narrow column wraps of a company's name onto the next line: its legal form, or the end of
# a long one ("Transportes Mediterráneo" / "S.L.", "Molina y Sánchez S. de R.L." / "de C.V.",
# "Lopes Consultoria" / "Unipessoal Lda.", "Becker UG" / "(haftungsbeschränkt)").
LEGAL_TAIL = re.compile(rf"(?:(?:{LEGAL_FORMS}|Unipessoal|\(haftungsbeschränkt\)|de|&),?(?:\s+|$))+")
LEGAL_FORM_WORD = re.compile(rf"(?<!\w)(?:{LEGAL_FORMS}|\(haftungsbeschränkt\))(?!\w)")
LEGAL_FORM_AT_END = re.compile(rf"(?<!\w)(?:{LEGAL_FORMS})$", re.I)
# A legal form, then a separator and what another cell held, a number among it: "… Management LLC
# - Customer ID MGPM01" where OCR read the middle dot between two cells as a dash; or a comma and
# the address ("Cedar Hollow Restaurant Supply, Inc., P.O. Box 4471, …").
AFTER_THE_LEGAL_FORM = re.compile(rf"^(.*?(?<!\w)(?:{LEGAL_FORMS}))(?:\s+[-·|\u2013\u2014]|,)\s+(?=.*\d).+$")
FORM_WITH_ITS_DOT = re.compile(rf"(?<!\w)(?:{LEGAL_FORMS})(?<=\.)$", re.I)


# A legal form's share capital after it ("S.A.M. au capital de 150 000 €", "S.r.l. con capitale
# sociale i.v. …", `[names] capital`): no part of the name.
SHARE_CAPITAL = re.compile(rf"\s+(?:{alternation(prose_words(lambda words: words.capital))})\b.*$", re.I)


MIDDLE_DOT_BREAK = re.compile(r"\s[\u00b7|\u2022]\s")  # between a footer's details on one line


SENTENCE_GOES_ON = re.compile(r"\s+[A-ZÀ-Þ][a-zà-ÿ]")  # after a point: a new sentence's first word


def restated_longer(name: str, text: str) -> str | None:
    """The name as a text restates it with more of its legal form ("Tamar Valley Cider Co." in
    "Tamar Valley Cider Co. Pty Ltd · ABN 71 608 254 119"), or None."""
    restated = MIDDLE_DOT_BREAK.split(text.strip(), 1)[0]
    if restated.startswith(f"{name} ") and LEGAL_TAIL.fullmatch(restated[len(name) :].strip()):
        return restated
    pointed = restated.startswith(f"{name}.") and LEGAL_FORM_AT_END.search(restated[: len(name) + 1])
    if pointed and not SENTENCE_GOES_ON.match(restated[len(name) + 1 :]):
        return restated[: len(name) + 1]  # "… Ltda." where OCR lost the form's point ("… Ltda"), not
        # a sentence's stop ("… Mobile Ltd. Registered in Ireland")
    return None


def wrapped_with(name: str, tail: str) -> str:
    """A company's name and the text under it, when that is the end the name wrapped onto: its
    legal form, or the rest of a long one, or whatever follows a small word the line broke after
    ("Brouwer &" / "Zn. B.V."); a name that already ends in its form ("B.V.") is whole
    but for a Mexican form's second half ("S. de R.L." / "de C.V.")."""
    tail, words = SHARE_CAPITAL.sub("", tail.strip()), name.split()
    restated = restated_longer(name, tail)
    if restated:
        return restated
    if tail and (name.endswith(tail) or trades().fullmatch(normalise_label(tail))):
        return name  # joined already; the shop's kind under its sign ("Boulangerie - Pâtisserie")
    if (
        words
        and words[-1].casefold() in CUT_SHORT
        and tail
        and not (STREET.search(tail) or NOT_A_NAME.search(tail))
    ):
        return f"{name} {tail}"  # "Technische Groothandel Brouwer &" / "Zn. B.V.": cut at its small word
    if (
        _goes_on_at_a_small_word(name, tail)
        or (OWNERS_TAIL.fullmatch(tail) and not LEGAL_FORM_AT_END.search(name))
        or (AND_THE_REST.fullmatch(tail) and not LEGAL_FORM_AT_END.search(name))
        or _a_firms_last_words(name, tail)
    ):
        return f"{name} {tail}"  # "FERRAZ & MENEZES COMERCIO" / "DE ALIMENTOS LTDA"; "LONE STAR
        # HARDWARE" / "& SUPPLY"
    is_tail = (LEGAL_TAIL.fullmatch(tail) and LEGAL_FORM_WORD.search(tail)) or FORM_IN_A_COMPOUND.fullmatch(
        tail
    )
    whole = bool(words) and LEGAL_FORM_WORD.fullmatch(words[-1])
    form_goes_on = tail.startswith(("de ", HAFTUNGSBESCHRAENKT))  # "de C.V.", "UG" / "(haftungsbeschränkt)"
    return f"{name} {tail}" if is_tail and (not whole or form_goes_on) else name


TWO_FIRMS = _two_firms()
HAFTUNGSBESCHRAENKT = "(haftungsbeschränkt)"  # the second half of Germany's "UG"
# An Italian firm's owner after its name, on the line under it: "di" and a person's name, perhaps
# then "& C." and the partnership's form ("FALEGNAMERIA TIBERINA" / "di Gori Marco & C. s.n.c.",
# "Agriturismo Le Cerrete" / "di Bianchi Elena"): one name, the firm's as registered.
OWNERS_TAIL = re.compile(
    rf"di(?: (?:[A-ZÀ-Ý][\w'\u2019-]+|[A-Z]\.)){{1,4}}(?: (?:&|e) C\.)?(?: (?:{LEGAL_FORMS}))?"
)
# A legal form ending a compound word: "Biggesee Ferienpark" / "Betriebs-GmbH", "Verwaltungs-GmbH".
FORM_IN_A_COMPOUND = re.compile(rf"[^\W\d_]{{3,}}-(?:{LEGAL_FORMS})")


@cache
def trades() -> re.Pattern[str]:
    """Words of shops' kinds in every language, one or more in a row ("bar pasticceria"), "and"
    between two or not ("abarrotes y cremeria")."""
    return re.compile(
        rf"(?:(?:{alternation(normalise_label(t) for t in prose_words(lambda w: w.trades))})"
        r"(?:\s(?:y|e|et|und|en|and))?\s?)+"
    )


def _a_firms_last_words(name: str, tail: str) -> bool:
    """Whether the line under a name with no legal form holds only the words that end a firm's
    name (`[names] firm_words`: "Goldfields Linen & Catering" / "Supplies"), perhaps then its
    legal form ("Great Rayfield Logistics" / "Company Ltd")."""
    words = normalise_label(LEGAL_FORM_AT_END.sub("", tail.strip())).split()
    return (
        0 < len(words) <= FIRM_WORDS
        and tail[:1].isupper()
        and not LEGAL_FORM_WORD.search(name)
        and all(word in _firm_words() for word in words)
    )


FIRM_WORDS = 2


@cache
def _firm_words() -> frozenset[str]:
    return frozenset(normalise_label(word) for word in prose_words(lambda words: words.firm_words))


AND_THE_REST = re.compile(r"&\s*[^\W\d_][^\d@:]{0,40}")  # a name's end wrapped at its "&"


def _goes_on_at_a_small_word(name: str, tail: str) -> bool:
    """Whether the line under a name in capitals goes on with it from a small word to a legal form,
    in capitals too ("… COMERCIO" / "DE ALIMENTOS LTDA"), or to a few words of its sign ("PADARIA
    ESTRELA" / "DA MATOLA"); not a name of its own that opens with a particle ("Van Dijk
    Installatietechniek B.V."); an owner's under a firm's name is ``OWNERS_TAIL``'s."""
    first = tail.split()[0] if tail.split() else ""
    in_capitals = first.isupper() and name.isupper() and tail.isupper()
    # or a sign's last words, short and with no figure ("PADARIA ESTRELA" / "DA MATOLA")
    signs_end = len(tail.split()) <= SIGN_WORDS and not re.search(r"\d", tail)
    return (
        first.casefold() in CUT_SHORT and in_capitals and (bool(LEGAL_FORM_AT_END.search(tail)) or signs_end)
    )


SIGN_WORDS = 3  # a sign's second line holds this many words at most ("DA MATOLA", "DOLCE VUCCIRIA")


# What a party's name is not: a postal code and town ("6600 Locarno"), a tax or register number
# ("CHE-159.946.647 IVA", "VAT SE171177706101"), an amount ("6\u2019629.81 CHF").
NOT_A_NAME = re.compile(r"\d{4}|\d[\d.,\u2019'\-]{4,}\d")
# A street, not a name: a house number before or after the street's words ("60 rue de la
# République", "Kortrijksesteenweg 3", "Calle Mayor 5 bis"), a unit or suite ("Unit 100, Liffey
# Business Park"). What a label like "Vendor" has under it when the name is in the letterhead.
STREET = re.compile(
    r"^(?:unit|suite|flat|apt\.?)\s+\d|^\d{1,4}[a-z]?,?\s+[^\W\d_]|^[^\W\d_][\w'.-]*(?:\s[\w'.-]+){0,3},?\s\d{1,4}[a-z]?(?:\s?bis)?$",
    re.I,
)
SENTENCE_WORDS = 7
SENTENCE_STOP = re.compile(r"(?<=[^\W\d_]{3})\.$")  # a full stop after a word, not an initial's
# The small words a name never ends with: one that does was cut short by a line break.
CUT_SHORT = frozenset({"de", "du", "des", "di", "da", "do", "del", "dos", "das", "van", "von", "of", "y", "e",
                       "et", "und", "&", "-", "\u2013"})  # fmt: skip


def _party(value: str) -> str | None:
    """A company's or a person's name has a word of three letters at least ("a ee" and "ti" are
    what OCR reads in a logo or a stain), no long number, and is no sentence ("Vimos por este
    meio faturar os seguintes serviços")."""
    value = AFTER_THE_LEGAL_FORM.sub(r"\1", _tax_id_after().sub("", without_courtesy(value)))
    code = CODE_BEFORE_A_NAME.match(value)
    if code and (LEGAL_FORM_WORD.search(value[code.end() :]) or LEGAL_FORM_AT_END.search(value)):
        value = value[code.end() :]  # "F0082 RUGGERI IMPIANTI S.P.A.": its number in the other's books first
    if (
        not re.search(r"[^\W\d_]{3}", value)
        or NOT_A_NAME.search(value)
        or SPECK_WORD.fullmatch(value.strip())
        or norm.EMAIL_RE.search(value)
    ):
        return None  # "iies": a rule of dashes OCR read as a short word in small letters; "Questions?
        # ar@…": a contact's line
    if STREET.search(value) and not _named_by_its_address().match(value):
        return None  # an address's street; "Condominio Via Nizza 214" is a body the street names
    if is_document_title(value):
        return None  # "Fatura-Recibo", "RECHNUNG": the document's title
    if normalise_label(value) in norm.country_names():
        return None  # "Portugal": an address's last line beside the party's label
    if normalise_label(value) in _same_as_another():
        return None  # "O MESMO" under a carrier's name: the party named elsewhere
    if (
        PHRASE_GOES_ON.match(value)
        and value.split()[0].casefold() not in _particles()
        and not _capital_i_read(value)
    ):
        return None  # "Supplier delivery, DAP" under "Delivery": a label's word in a phrase, no name
    if normalise_label(value) in signature_captions():
        return None  # "Proveedor - Firma autorizada": where the supplier signs, not its name
    if normalise_label(value) in _tax_id_names():
        return None  # "Supplier TRN : 100345678900003": the party's tax number's label
    if ACCOUNT_CODE.fullmatch(value.strip()):
        return None  # "Client : BOUCH-33": the customer's number in the seller's books
    words = value.split()
    if len(words) >= SENTENCE_WORDS and sum(w[:1].islower() for w in words) > len(words) / 2:
        return None
    if len(words) > 1 and words[-1].casefold() in CUT_SHORT:
        return None  # a title wrapped after its small word ("Bon de" / "commande", "NOTA DE")
    return _name(
        with_its_bracket_closed(without_full_stop(with_its_form_read(with_its_dot_for_a_comma(value))))
    )


def with_its_dot_for_a_comma(name: str) -> str:
    """A name whose legal form of dotted letters ends in a comma OCR read for its last dot
    ("Minera Loa S.A.S,"): the dot."""
    form = LEGAL_FORM_AT_END.search(name[:-1]) if name.endswith(",") else None
    return f"{name[:-1]}." if form and "." in form.group(0) else name


def with_its_bracket_closed(name: str) -> str:
    """A name that ends in a bracket's word OCR lost the closing bracket of ("Metallbau Seidel UG
    (haftungsbeschränkt"): closed."""
    return f"{name})" if UNCLOSED_AT_THE_END.search(name) else name


UNCLOSED_AT_THE_END = re.compile(r"\([^\W\d_]{2,}$")
SPECK_WORD = re.compile(r"[a-z]{1,4}")  # one short word in small letters: no one's name
# One word of capitals and two digits or more, apart by a dash or not: a customer's account code.
ACCOUNT_CODE = re.compile(r"[A-Z]+[-/.]?\d{2,}[A-Z\d]*|\d{2,}[-/.]?[A-Z]+\d*")
CODE_BEFORE_A_NAME = re.compile(rf"\s*(?:{ACCOUNT_CODE.pattern})\s+(?=[^\W\d_])")

# A word of a legal form's letters and dots with a zero a scan read for the letter o ("0.0.", "C0.").
ZERO_FOR_O = re.compile(r"(?=\S*0)[^\W\d_]*(?:[0.][^\W\d_]*)+")


def with_its_form_read(name: str) -> str:
    """A name whose last words are a legal form but for a zero read for the letter o ("Wawel Code
    Works Sp. z 0.0." → "… Sp. z o.o."), or an i for the letter l ("S.r.i." → "S.r.l.", "Itée" →
    "ltée"); a number stays as printed ("Rambla 2000", "Studio 0 SA"); a comma OCR ran into the
    form is a comma and a space ("Malagueta,S.L.")."""
    name = COMMA_INTO_FORM.sub(", ", name)
    if LEGAL_FORM_AT_END.search(name):
        return name
    words = name.split(" ")
    for misread, letter, shape in MISREAD_IN_FORMS:
        read = [w.replace(misread, letter) if shape.fullmatch(w) else w for w in words[-3:]]
        if read != words[-3:] and LEGAL_FORM_AT_END.search(" ".join(words[:-3] + read)):
            return " ".join(words[:-3] + read)
    return name


COMMA_INTO_FORM = re.compile(rf"(?<=[^\W\d_]),(?=(?:{LEGAL_FORMS})$)")
# A short word of a legal form's letters where a scan read an i for an l ("S.r.i.", "Itée").
I_FOR_L = re.compile(r"(?=\S*[iI])[^\W\d_.]{1,4}(?:\.[^\W\d_]{0,3})*\.?")
MISREAD_IN_FORMS = (("0", "o", ZERO_FOR_O), ("0", "O", ZERO_FOR_O), ("i", "l", I_FOR_L), ("I", "l", I_FOR_L))


@cache
def _tax_id_after() -> re.Pattern[str]:
    """A party's tax number after its name, apart by a dash, a dot or a comma ("Construtora
    Moinhos de Vento S.A. - CNPJ 92.441.306/0001-18"): no part of the name."""
    names = alternation(prose_words(lambda words: words.tax_ids))
    return re.compile(rf"\s*(?:[,·|\u2013\u2014]|\s-)\s*(?:{names})\b\W*\d.*$")


def _capital_i_read(value: str) -> bool:
    """Whether a name opens on a capital I that OCR read small ("installatiebedrijf Kuipers"):
    its other words are capitalised."""
    words = value.split()
    return len(words) >= 2 and words[0][:1] in "il" and all(word[:1].isupper() for word in words[1:])


# A value that opens on a word of four small letters or more: the phrase its label's word began.
PHRASE_GOES_ON = re.compile(r"[^\W\d_A-ZÀ-Þ]{4,}\b")


@cache
def _particles() -> frozenset[str]:
    return frozenset(word.casefold() for word in prose_words(lambda words: words.particles))


@cache
def signature_captions() -> frozenset[str]:
    return frozenset(normalise_label(words) for words in prose_words(lambda words: words.signatures))


@cache
def column_headings() -> frozenset[str]:
    """A letterhead's column headings over contact or bank details ("KONTAKT", "BANK")."""
    return frozenset(normalise_label(words) for words in prose_words(lambda words: words.column_headings))


@cache
def _same_as_another() -> frozenset[str]:
    return frozenset(normalise_label(words) for words in prose_words(lambda words: words.same))


@cache
def _named_by_its_address() -> re.Pattern[str]:
    """A body named by its building's address ("Condominio Via Nizza 214", "VvE Zonnelaan 12")."""
    return re.compile(rf"(?:{alternation(prose_words(lambda words: words.by_address))})\s", re.IGNORECASE)


@cache
def _tax_id_names() -> frozenset[str]:
    return frozenset(normalise_label(name) for name in prose_words(lambda words: words.tax_ids))


def without_full_stop(name: str) -> str:
    """A name without the full stop a sentence or a line put after it ("Owen Delaney.",
    "Prescott & Ashby AB."); a legal form written with its dot keeps it ("Pereira & Filhos Lda.")."""
    if not name.endswith(".") or FORM_WITH_ITS_DOT.search(name):
        return name
    form = LEGAL_FORM_AT_END.search(name[:-1])
    if form:  # "AB." is a full stop, "S.a.s." a form of dotted letters
        return name if "." in form.group(0) else name[:-1]
    return SENTENCE_STOP.sub("", name)


def without_courtesy(name: str) -> str:
    """A person's name without the word of courtesy before it ("Mme Claire Dubois" → "Claire
    Dubois", "HERRN PETER SCHULZ" → "PETER SCHULZ"); a company's name stays whole ("Miss Sixty SpA")."""
    name = name.strip()
    return name if LEGAL_FORM_WORD.search(name) else _courtesy().sub("", name)


@cache
def _courtesy() -> re.Pattern[str]:
    """A word of courtesy before a name; one of a single letter ("M.") only before two words or
    more: before one it is more likely an initial ("M. Schmidt")."""
    titles = courtesy_titles()
    letters = [t for t in titles if len(t) == 2 and t.endswith(".")]
    words = [t for t in titles if t not in letters]
    capital = "[A-Z\u00c0-\u00d6\u00d8-\u00de]"
    return re.compile(
        rf"^(?:(?i:{alternation(words)})\s+(?={capital})|(?:{alternation(letters)})\s+(?={capital}\S*\s+{capital}))"
    )


# What follows a payment method on its line: a masked card number, the card's last digits, the
# amount paid and its currency, a table's edge, a dash before the last digits ("VISA ****5283",
# "Pinbetaling 4778", "Bar 20.00", "Efectivo 90,00 €", "card |", "Mastercard ending 3686", "Visa - 0427").
PAYMENT_TAIL = re.compile(
    r"(?:\s+(?:(?:ending(?: in)?|terminant par|que termina en)\s+)?(?:[*xX•#.]{2,}\s*)*[\d.,']*\d[\d.,']*"
    r"(?:\s?(?:[€$£]|[A-Z]{3}(?![\w])))?|\s*[|:;,\u2013\u2014]|\s+-)+\s*$",
    re.IGNORECASE,
)


# A bracket or a comma after a payment method's words, and what it adds ("(contactless)").
AFTER_THE_METHOD = re.compile(r"\s*\(|,\s")


# A ticked box before a payment method's word, read as a sign or one capital ("☑ Cash", "A Cash").
TICK = re.compile(r"(?:[^\w\s]|[A-Z])\s+(?=\S)")


# A card's number masked, perhaps with its last digits ("XXXXXXXXXXXX5083", "**** 4417"): no method.
MASKED_NUMBER = re.compile(r"[*xX\u2022#]{2,}[*xX\u2022#\d\s-]*|[*xX\u2022#]+")


# A full stop after a word, not an abbreviation's dot ("Kreditkarte." but "Chq.").
FULL_STOP = re.compile(r"(?<=[^\W\d_]{5})\.$")


def _payment(value: str) -> str | None:
    """A payment method as printed, without the card number or amount after it, or the
    punctuation around it ("Kreditkarte.", ". Satispay"); a longer text is one only when it names
    a payment word ("Thank you for shopping with us!" under "Card" is none), and never a sum."""
    method = FULL_STOP.sub("", PAYMENT_TAIL.sub("", value)).lstrip(" .,:;·")
    ticked = TICK.match(method)
    if ticked and payment_method(method[ticked.end() :].split()[0].strip(".,:;")):
        method = method[ticked.end() :]  # "A Cash  Cheque  Card": the box ticked before it, read as a letter
    named = AFTER_THE_METHOD.split(method, 1)[0]
    if named != method and payment_method(named):
        method = named  # "Mastercard (contactless), card ending 1122": how it was held, after it
    if method[:1].isdigit() or MASKED_NUMBER.fullmatch(method):
        return None  # an amount paid, not how ("Payment : 50.00" / "Change Due"); a card's masked number
    if normalise_label(method) in _approvals():
        return None  # "Betaling  Akkoord": the terminal's word that it went through
    words = method.split()
    if all(common_word(word) for word in words):
        return None  # "Mobile money payment received": the words after "payment" name no way of paying
    if len(words) > PAYMENT_WORDS and not any(payment_method(word.strip(".,:;!")) for word in words):
        return None
    return _name(method)


@cache
def _approvals() -> frozenset[str]:
    return frozenset(normalise_label(word) for word in prose_words(lambda words: words.approved))


PAYMENT_WORDS = 3  # a payment method printed without a known payment word is this short at most


# A sum with its cents printed ("565.82"): a date's or an address's numbers have none.
AMOUNT_PRINTED = re.compile(r"\d[.,]\d{2}\b")


def paid_nothing(line: str) -> bool:
    """A payment's line of nothing: "Pagamento contante  0,00" (the rest was paid by card)."""
    amount = norm.parse_amount(line) if AMOUNT_PRINTED.search(line) else None
    return amount is not None and Decimal(amount) == 0


def _iban(value: str) -> str | None:
    match = IBAN.search(value.upper())
    return match.group(1).replace(" ", "") if match else None


def _percent(value: str) -> str | None:
    match = PERCENT.search(value)
    return match.group(1).replace(",", ".") if match else None


def _date_end(value: str, order: DateOrder) -> str | None:
    dates = norm.find_dates(value, month_first=order.month_first)
    return dates[-1][1] if dates else None


PARSERS = {
    "money": _money,
    "currency": lambda v: norm.find_currency(v.upper() if len(v) <= 4 else v),
    "email": norm.parse_email,
    "int": _int,
    "last4": norm.last4,
    "list": _list,
    "id": identifier,
    "party": _party,
    "person": _party,
    "text": _name,
    "payment": _payment,
    "iban": _iban,
    "percent": _percent,
}


def parse(kind: str, value: str, order: DateOrder) -> Any:
    """The normalised value, or None when the text does not hold one of this type."""
    value = value.strip()
    if not value:
        return None
    if kind in ("date", "date_start"):
        return norm.parse_date(value, month_first=order.month_first)
    if kind == "date_end":
        return _date_end(value, order)
    if kind == "phone":
        return norm.parse_phone(value, regions=order.regions)
    parser = PARSERS.get(kind)
    return parser(value) if parser else value
