"""Printed values → normalised ones: ISO dates, two-decimal money, ISO currency codes, E.164 phones."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from stdnum import numdb


def _month_words() -> list[str]:
    """Every language's month names as printed and without accents, longest first for the regex."""
    from batches.processing.vocab import languages, normalise_label

    words = {
        w
        for lang in languages()
        for month in lang.months
        for name in month
        for w in (name.lower().rstrip("."), normalise_label(name))
    }
    return sorted((w for w in words if w), key=len, reverse=True)


def month_of(word: str) -> int:
    from batches.processing.vocab import month_number

    return month_number(word.rstrip(".")) or 0


MONTH_RE = "|".join(re.escape(w) for w in _month_words())


def _weekday_words() -> list[str]:
    from batches.processing.vocab import languages, normalise_label

    words = {
        w
        for lang in languages()
        for day in lang.weekdays
        for name in day
        for w in (name.lower().rstrip("."), normalise_label(name))
        if len(w) >= 2
    }
    return sorted(words, key=len, reverse=True)


WEEKDAY = r"(?:(?:" + "|".join(re.escape(w) for w in _weekday_words()) + r")\.?,?\s+)?"
DAY_MARK = r"(?:st|nd|rd|th|er|re|e|º|°|o)?\.?"  # after a day's number: "1st", "1er", "1º", "1."
DAY = rf"(\d{{1,2}}){DAY_MARK}"
DATE_PATTERNS = [
    # year first, perhaps an ISO 8601 timestamp's date ("2024-08-15T10:32:11")
    (re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\b|(?=T\d{2}:\d{2}))"), "ymd"),
    (
        re.compile(
            rf"\b{WEEKDAY}{DAY}\s*(?:of\s+|de\s+|[-/])?({MONTH_RE})\.?\s*,?(?:\s+del?|\s*-|/)?\s*'?(\d{{4}})\b",
            re.I,
        ),
        "dmy_name",
    ),
    (re.compile(rf"\b{WEEKDAY}({MONTH_RE})\.?\s+{DAY}\s?,?\s+(\d{{4}})\b", re.I), "mdy_name"),
    (re.compile(rf"\b{DAY}[\s/-]({MONTH_RE})\.?[\s/-]'?(\d{{2}})\b(?![.,:]\d)", re.I), "dmy_name2"),
    # day, month and year with one separator twice (OCR may space it: "24- 11- 17"); a year of
    # four digits from 1800 on ("24-05-3318" is a number, no date)
    (re.compile(r"\b(\d{1,2}) ?(?P<sep>[/.-]) ?(\d{1,2}) ?(?P=sep) ?((?:1[89]|2\d)\d{2})\b"), "numeric"),
    (re.compile(r"\b(\d{1,2}) ?(?P<sep>[/.-]) ?(\d{1,2}) ?(?P=sep) ?(\d{2})\b(?![.,:]\d)"), "numeric2"),
]
CURRENCY_SYMBOLS = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "CHF": "CHF",
    "US$": "USD",
    "HK$": "HKD",
    "S$": "SGD",
    "NZ$": "NZD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "MX$": "MXN",
    "N$": "NAD",
    "J$": "JMD",
    "TT$": "TTD",
    "EC$": "XCD",
    "BZ$": "BZD",
    "FJ$": "FJD",
    "NT$": "TWD",
    "kr": "SEK",
    "zł": "PLN",
    "R$": "BRL",
    "RM": "MYR",
    "Rs": "INR",
    "Rs.": "INR",
    "Fr.": "CHF",
    "₩": "KRW",
    "₺": "TRY",
    "₱": "PHP",
    "฿": "THB",
    "DH": "MAD",
    "Dhs": "MAD",
    "RD$": "DOP",
    "$U": "UYU",
    "₡": "CRC",
    "₲": "PYG",
    "₦": "NGN",
    "₵": "GHS",
    "₫": "VND",
    "₪": "ILS",
    "₴": "UAH",
    "₽": "RUB",
    "₸": "KZT",
    "৳": "BDT",
    "Q": "GTQ",
    "R": "ZAR",
    "Bs": "VES",
    "Bs.": "VES",
    "Gs": "PYG",
    "Gs.": "PYG",
    "S/": "PEN",
    "S/.": "PEN",
    "B/.": "PAB",
    "KSh": "KES",
    "MT": "MZN",  # Mozambique's metical, after an amount with its cents ("895,00 MT"), no tonnes
    "MTn": "MZN",
    "Kz": "AOA",
    "TSh": "TZS",
    "USh": "UGX",
    "FCFA": "XOF",
    "F CFA": "XOF",
    "CFA": "XOF",
    "Kč": "CZK",
}
# A cell that is only a currency's code or sign, in brackets or not ("EUR", "S/", "(R$)").
CURRENCY_ONLY = re.compile(
    r"^\(?(?:[A-Z]{3}|" + "|".join(map(re.escape, sorted(CURRENCY_SYMBOLS, key=len, reverse=True))) + r")\)?$"
)
CURRENCY_CODES = {
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "CHF",
    "CAD",
    "AUD",
    "NZD",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "INR",
    "CNY",
    "BRL",
    "MXN",
    "ZAR",
    "SGD",
    "HKD",
    "MYR",
    "IDR",
    "THB",
    "PHP",
    "TRY",
    "RON",
    "BGN",
    "ISK",
    "KRW",
    "AED",
    "SAR",
    "ILS",
    "LKR",
    "PKR",
    "VND",
    "ARS",
    "CLP",
    "COP",
    "UYU",
    "TWD",
    "MAD",
    "MZN",
    "AOA",
    "XOF",
    "XAF",
    "TND",
    "DZD",
    "EGP",
    "KES",
    "NGN",
    "GHS",
    "QAR",
    "KWD",
    "UAH",
    # the Americas' and more of Africa's and Asia's (a code that is also a word, PEN, BOB, MOP,
    # GEL, AMD, ALL, DOP (a protected origin's mark: "Mozzarella di bufala campana DOP 250 g"), is
    # read only beside an amount: ``CODE_BESIDE_AN_AMOUNT``)
    "GTQ",
    "VES",
    "PYG",
    "CRC",
    "HNL",
    "NIO",
    "PAB",
    "JMD",
    "TTD",
    "AWG",
    "ANG",
    "SRD",
    "XCD",
    "BZD",
    "BBD",
    "CVE",
    "STN",
    "KZT",
    "RUB",
    "RSD",
    "JOD",
    "BHD",
    "OMR",
    "ETB",
    "TZS",
    "UGX",
    "RWF",
    "ZMW",
    "BWP",
    "NAD",
    "MUR",
    "BDT",
    "NPR",
    "XPF",
    "FJD",
    "MKD",
    "AZN",
    "BYN",
    "MDL",
    "LBP",
    "IQD",
    "KHR",
    "MMK",
    "MNT",
    "UZS",
}
# Codes stand alone; letter marks (RM 12.00, Rs. 450, Fr. 20.-, R$ 9) only before a number (in the
# cell before its own: "Total  RM  85.54") or as a column's unit in brackets ("Amt (RM)"); one letter
# (Guatemala's Q, South Africa's R) only before an amount with its cents ("R 1 225,80").
# Codes that are also words ("BALL PEN", "MOP", "AMD"): a currency only right before or after an
# amount with its cents ("PEN 1,250.00", "49,90 BOB"; not "PEN 2 x 1.50").
CODE_BESIDE_AN_AMOUNT = "PEN|BOB|MOP|GEL|AMD|ALL|DOP"
# A "$" before a leading zero ("$054 2403") is OCR's "S" in a code, no dollar; a "Q" between a
# count and a price ("2 Q 4.60") is OCR's "@" of "2 @ 4.60", no quetzal.
CURRENCY_RE = re.compile(
    r"(?<![A-Z])("
    + "|".join(sorted(CURRENCY_CODES))
    + r")(?![A-Z])(?!-\d)"  # not an article's code ("VES-08")
    + r"|(US\$|HK\$|NZ\$|RD\$|CA\$|AU\$|MX\$|TT\$|EC\$|BZ\$|FJ\$|NT\$|\$U|S\$|A\$|C\$|R\$|N\$|J\$"
    r"|\$(?!0\d)|[€£¥₹₩₺₱฿₡₲₦₵₫₪₴₽₸৳])"
    r"|(?<![A-Za-z])(RM|Rs\.?|Fr\.|kr|zł|DH|Dhs|Bs\.?|Gs\.?|S/\.?|B/\.|KSh|TSh|USh|Kz"
    r"|(?<!\d )Q(?=\s?\d[\d,]*\.\d{2}\b)"
    r"|R(?=\s?\d{1,3}(?:[ \u00a0,]\d{3})*[.,]\d{2}\b))"
    r"(?=\s*\d|[)}])(?!\d[A-Z\d]?\s\d[A-Z]{2}\b)"  # not a British postcode's letters ("RM4 2QX", "DH1 3LE")
    r"|(?<=\d )(DH|Dhs|FCFA|F CFA|CFA|Kč|Bs\.?|Gs\.?|(?<=[.,]\d\d )MTn?)(?![\w])"
    rf"|(?<![A-Za-z])({CODE_BESIDE_AN_AMOUNT})(?=\s?\d[\d.,' ]*[.,]\d\d\b)"
    rf"|(?<=[.,]\d\d )({CODE_BESIDE_AN_AMOUNT})(?![\w])"
)
# Digit groups of three (1,234.50 / 1.234,50 / 1 234,50 / 1'234.50) or, in India, of two after
# the first thousand (2,45,000.00); a space groups only before exactly three digits.
# Groups of three (or of two before another group: "2,45,000.00"); a two-digit group before a space
# is the cents of an amount that ends there ("23.45 164.15" is two cells, not 2,345,164.15).
AMOUNT_RE = re.compile(
    # a price to four to eight places ("72,780000", "53,50000000" of an Italian e-invoice): no group
    # is that long
    r"[-(]?\d{1,3}(?:[,.'\u2019]\d{3})*[.,]\d{4,8}(?!\d)|"
    r"[-(]?\d{1,3}(?:(?:[,.'\u2019]\d{3}|[,.'\u2019]\d{2}(?!\s)|[ \u202f\u00a0]\d{3})(?![\d]))+"
    r"(?:[.,]\d{1,2})?(?!\d)"
    r"|[-(]?\d+(?:[.,]\d{1,2})?(?!\d)"
)
# OCR of a till slip loses a decimal point or spaces it out: "RM 85 54", "RM 2. 10", "2.148, 73+" (a
# whole value of two digit groups, the last of exactly two digits, is an amount with its cents).
SPLIT_CENTS = re.compile(
    r"^(\s*[-(]?(?:\d{1,3}(?:[.,']\d{3})+(?=[.,]\s)|\d{1,6}))(?:[.,]\s+|\s)(\d{2})\s*[-+]?\s*$"
)
# OCR splits a thousands group's digits with a space: "1 10.048,12" is 110.048,12 (the digits before
# the group separator are three together, and the amount ends in a full group and its cents).
SPLIT_GROUP = re.compile(r"(?<![\d.,])(\d) (\d{2})(?=[.,'\u2019]\d{3}(?:[.,'\u2019]\d{3})*[.,]\d{2}(?!\d))")
# ... or spaces it after each mark: "3. 107, 52" is 3.107,52 (groups of three after one mark, the
# cents after the other).
SPACED_MARKS = re.compile(r"(?<![\d.,])(\d{1,3})([.,]) (\d{3})((?:\2 \d{3})*)(?!\2)([.,]) (\d{2})(?![\d.,])")

# ... or reads its group's point as a slash: "117/000,00" is 117.000,00 (a full group and the cents
# after it; a date's slashes have no cents after their last part).
SLASHED_GROUP = re.compile(r"(?<![\d/])(\d{1,3})/(?=\d{3}[.,]\d{2}(?![\d.,]))")

# ... or reads the cents' point as a colon, where the amount stands alone in its cell ("55:10" of a
# scanned invoice book's VAT; a time is printed beside its date or its label, not alone as money).
COLON_CENTS = re.compile(r"^(\s*[-(]?\d{1,6}):(\d{2})\s*$")

# ... or loses the space after a group's head: a cell "1830 000,00" beside "1 830 000,00" (no
# group is four digits long, and no amount is printed "000,00": it is one amount, not two).
LOST_HEAD_SPACE = re.compile(r"^(\s*-?\d{4,6}) (\d{3}(?: \d{3})*[.,]\d{2})\s*$")


def _unspaced(match: re.Match[str]) -> str:
    head, mark, group, more, cents_mark, cents = match.groups()
    return f"{head}{mark}{group}{more.replace(' ', '')}{cents_mark}{cents}"


NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50})


def _valid(y: int, m: int, d: int) -> date | None:
    if not 1900 <= y <= 2100:
        return None  # "2618-03-30" is an OCR misreading, not a date
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _parts(match: re.Match[str]) -> list[str]:
    """A date pattern's day, month and year, without the separator it matched twice."""
    separator = match.re.groupindex.get("sep")
    return [part for index, part in enumerate(match.groups(), start=1) if index != separator]


def full_year(two_digits: int) -> int:
    """A two-digit year in the century that puts it at most 20 years ahead of today ("90" is 1990)."""
    year = 2000 + two_digits
    return year if year <= date.today().year + 20 else year - 100


# French "1er" (the first) whose 1 OCR read as a letter, before a month: "du ler février 2026",
# "ter juillet 2025".
FIRST_READ_AS_LER = re.compile(rf"(?<!\w)[lIt]er(?=\s+(?:{MONTH_RE})\b)", re.I)
# October's "O" OCR read as a zero ("01/0CT/2025", "04/0KT"): a month's name after a date's separator.
ZERO_FOR_O = re.compile(r"(?<=[/.\- ])0(?=(?i:[CKTU]T[A-Z]*\b))")


# A time of day ("09:12", "8:14", "14:22:07"): a timestamp's, beside its date.
TIME_OF_DAY = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])")


def find_dates(text: str, *, month_first: bool = True) -> list[tuple[int, str]]:
    """(position, ISO date) for every date in the text, in order."""
    text = FIRST_READ_AS_LER.sub("1er", text)  # the same length: positions hold
    text = ZERO_FOR_O.sub("O", text)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(a <= match.start() < b for a, b in taken):
                continue
            g = _parts(match)
            value = None
            if kind == "ymd":
                value = _valid(int(g[0]), int(g[1]), int(g[2]))
            elif kind == "dmy_name":
                value = _valid(int(g[2]), month_of(g[1]), int(g[0]))
            elif kind == "dmy_name2":
                value = _valid(full_year(int(g[2])), month_of(g[1]), int(g[0]))
            elif kind == "mdy_name":
                value = _valid(int(g[2]), month_of(g[0]), int(g[1]))
            else:
                year = int(g[2]) if kind == "numeric" else full_year(int(g[2]))
                a, b = int(g[0]), int(g[1])
                first_is_month = (month_first and a <= 12) or b > 12
                if match.group(0).count(".") == 2 and b <= 12:
                    first_is_month = False  # 03.04.2025 is day-first wherever dots are used
                value = _valid(year, a, b) if first_is_month else _valid(year, b, a)
            if value:
                found.append((match.start(), value.isoformat()))
                taken.append((match.start(), match.end()))
    return sorted(found)


def without_dates(text: str) -> str:
    """The text with its dates blanked out (but those of a two-digit year, "12.03.24", which may be
    an amount), so that their day is no amount ("Solde au 18 Janvier 2016" holds no 18.00,
    "Kontostand am 30.11.2018" no 30.11)."""
    for pattern, kind in DATE_PATTERNS:
        if kind != "numeric2":
            text = pattern.sub(lambda match: " " * len(match.group(0)), text)
    return text


def parse_date(text: str, *, month_first: bool = True) -> str | None:
    dates = find_dates(text, month_first=month_first)
    return dates[0][1] if dates else None


ORDINAL_SIGNS = frozenset("ºª°")  # "2.10º", "1ª": an ordinal, no amount


def _inside_a_word(text: str, match: re.Match) -> bool:
    """Digits with letters on both sides are part of a word OCR misread ("G5T" for "GST"); digits
    beside a colon and more digits are a time ("15:26") or a number OCR split, no amount; digits
    with a dot and a word run into them number a law's article ("art. 91.Uno.2"), and so do
    digits after a section's sign ("Gemäß § 19 UStG")."""
    start, end = match.span()
    before, after = text[max(start - 2, 0) : start], text[end : end + 2]
    return (
        (start > 0 and end < len(text) and text[start - 1].isalpha() and text[end].isalpha())
        or "§" in before
        or bool(re.fullmatch(r"\.[^\W\d_]", after))
        or (after[:1] in ORDINAL_SIGNS)
        or bool(re.fullmatch(r":\d", after))
        or bool(re.fullmatch(r"\d:", before))
    )


# A minus before the currency's sign ("-R 1 865.90", "-€ 5,00", "-CHF 12.00"): a negative amount.
MINUS_BEFORE_ITS_SIGN = re.compile(r"\s*[-\u2212]\s?(?:[^\W\d_]{1,3}\$?|[$€£¥₹])\s?\d")

# A minus right after an amount with its cents ("Alter Kontostand  412,30-", "MIETE  780,00-"), or
# a space apart at the end ("EUR 247,91 -"), as Austrian and German banks and SAP print a debit: a
# negative amount; not a range ("10,00-12,00", "10,00 - 12,00").
MINUS_AFTER = re.compile(r"[-\u2212](?!\w)|\s[-\u2212]\s*$")
CENTS_END = re.compile(r"[.,]\d{2}$")


# Currencies of a thousand minor units (Tunisia's and Libya's millimes, the Gulf's fils, Oman's
# baisa): a document in one prints its amounts with three decimals ("27 296,000", "0,640").
THOUSANDTHS_CURRENCY = re.compile(
    r"\b(?:TND|LYD|KWD|BHD|OMR|JOD|IQD|DT|KD|BD)\b|\b(?i:dinars?|millimes?|baisas?)\b"
)
# A number that can only have three decimals: a nought before them ("0,640"), or thousands grouped
# by another mark ("27 296,000", "1.751,400", "2,276.000").
THREE_DECIMALS_ONLY = re.compile(
    r"(?<![\d.,'])(?:0|\d{1,3}(?:([ \u00a0\u202f.,'])\d{3})+)([.,])\d{3}(?![\d.,])"
)
TWO_DECIMALS = re.compile(r"(?<![\d.,])\d+(?:[ .,'\u00a0\u202f]\d{3})*[.,]\d{2}(?![\d.,])")
# How many decimals the document being read prints its money with (``money_decimals``).
_MONEY_DECIMALS: ContextVar[int] = ContextVar("money_decimals", default=2)


def prints_thousandths(text: str) -> bool:
    """Whether a document prints its money with three decimals: it names a currency of a thousand
    minor units, shows a number that can only be read so, and prints fewer amounts with cents."""
    if not THOUSANDTHS_CURRENCY.search(text):
        return False
    three = [m for m in THREE_DECIMALS_ONLY.finditer(text) if m.group(1) != m.group(2)]
    return bool(three) and len(TWO_DECIMALS.findall(text)) < len(three)


@contextmanager
def money_decimals(places: int) -> Iterator[None]:
    """Amounts parsed inside read ``places`` decimals after a last mark of their own (3: "11,200"
    is 11.2, "27 296,000" 27296, where a document prints millimes)."""
    token = _MONEY_DECIMALS.set(places)
    try:
        yield
    finally:
        _MONEY_DECIMALS.reset(token)


def money_text(value: Any) -> str:
    """An amount worked out (a sum, a product) as the document's amounts are written: "2183.84",
    or "2183.845" where it prints millimes (``money_decimals``)."""
    return f"{value:.{_MONEY_DECIMALS.get()}f}"


def shows_its_decimals(printed: str) -> bool:
    """Whether a printed amount shows all the decimals the document prints ("183,84"; "183,840"
    where it prints millimes)."""
    return re.search(rf"\d[.,]\d{{{_MONEY_DECIMALS.get()}}}(?!\d)", printed) is not None


def _thousandths(raw: str) -> str | None:
    """A number read with three decimals ("27296,000" → "27296.000"), where its last mark is one
    no earlier group used and the document prints them (``money_decimals``)."""
    if _MONEY_DECIMALS.get() != 3 or not re.search(r"[.,]\d{3}$", raw) or raw[-4] in raw[:-4]:
        return None
    return f"{int(re.sub(r'[.,]', '', raw[:-4]) or 0)}.{raw[-3:]}"


LONG_DECIMALS = re.compile(r"[.,](\d{4,8})$")  # a price's places past the cents, rounded to them
CENT = Decimal("0.01")
# A tax's rate as printed with its sign ("IVA 14%", "GST @6%", "19,5 %"): the number in group 1.
TAX_RATE = re.compile(r"(\d{1,2}(?:[.,]\d{1,2})?)\s?%")


def _restated_in_figures(before: str) -> bool:
    """Whether a bracketed amount follows the sum written out in words ("duzentos e quarenta e sete
    mil kwanzas (247.000,00 Kz)"): the same sum in figures, not a negative one."""
    return len(re.findall(r"[^\W\d_]{2,}", before)) >= WRITTEN_OUT_WORDS


WRITTEN_OUT_WORDS = 4  # a sum written out takes this many words at least ("two hundred euros")


def parse_amount(text: str, *, exact: bool = False) -> str | None:
    """'$1,234.50', '1.234,50 EUR', 'USD 1234.5', "1'234.50" → '1234.50'; places past the cents
    rounded to them, or kept where ``exact`` (a unit price "0,0712" per kWh)."""
    cleaned = SLASHED_GROUP.sub(r"\1", SPACED_MARKS.sub(_unspaced, CURRENCY_RE.sub(" ", text)))
    cleaned = SPLIT_GROUP.sub(r"\1\2", SPLIT_CENTS.sub(r"\1.\2", COLON_CENTS.sub(r"\1.\2", cleaned)))
    cleaned = LOST_HEAD_SPACE.sub(lambda m: m.group(1) + m.group(2).replace(" ", ""), cleaned)
    match = next((m for m in AMOUNT_RE.finditer(cleaned) if not _inside_a_word(cleaned, m)), None)
    if not match:
        return None
    raw = match.group(0)
    negative = (
        raw.startswith("-")
        or (raw.startswith("(") and not _restated_in_figures(cleaned[: match.start()]))
        or MINUS_BEFORE_ITS_SIGN.match(text) is not None
        or (MINUS_AFTER.match(cleaned, match.end()) is not None and CENTS_END.search(raw) is not None)
    )
    raw = raw.lstrip("-(")
    raw = re.sub(r"[ '\u2019\u202f\u00a0]", "", raw)
    if thousandths := _thousandths(raw):
        value = thousandths
    elif places := LONG_DECIMALS.search(raw):
        whole = re.sub(r"[.,]", "", raw[: places.start()])
        value = Decimal(f"{int(whole or 0)}.{places.group(1)}")
        value = str(_without_zeros_past_cents(value) if exact else value.quantize(CENT, ROUND_HALF_UP))
    elif re.search(r"[.,]\d{1,2}$", raw):
        whole, decimals = raw[: -3 if raw[-3] in ".," else -2], raw[-2:] if raw[-3] in ".," else raw[-1:]
        whole = re.sub(r"[.,]", "", whole)
        value = f"{int(whole or 0)}.{decimals.ljust(2, '0')}"
    else:
        value = f"{int(re.sub(r'[.,]', '', raw))}.00"
    return ("-" if negative else "") + value


# A number of three places after its one mark ("120,000", "1.000") groups thousands, unless the
# row's amounts print their cents after that same mark ("14,85"): then it has three decimals.
THREE_PLACES = re.compile(r"(?<![\d.,])(\d{1,3})([.,])(\d{3})(?![\d.,])")
CENTS_MARK = re.compile(r"\d([.,])\d{2}(?![\d.,])")
A_DIGIT = re.compile(r"\d")


def _without_zeros_past_cents(value: Decimal) -> Decimal:
    """A price to more than four places without the noughts past its cents ("53,50000000" is
    53.50); one to four keeps its places as printed ("0,0210")."""
    if -value.as_tuple().exponent <= MANY_PLACES:
        return value
    trimmed = value.normalize()
    return trimmed if -trimmed.as_tuple().exponent > 2 else value.quantize(CENT)


MANY_PLACES = 4


def decimal_mark(texts: Iterable[str]) -> str | None:
    """The mark a row's amounts print their cents after ("14,85", "1.782,00" → ","), if any."""
    return next((match.group(1) for text in texts for match in CENTS_MARK.finditer(text)), None)


def parse_number(text: str, mark: str | None) -> str | None:
    """``parse_amount``, where a number of three places after ``mark`` (the row's decimal mark)
    has three decimals: "120,000" beside "14,85" is 120, beside "14.85" a hundred and twenty thousand."""
    three = THREE_PLACES.search(text) if mark else None
    if three and three.group(2) == mark and not A_DIGIT.search(text, 0, three.start()):
        return f"{int(three.group(1))}.{three.group(3)}"
    return parse_amount(text)


# A letter mark in brackets counts less than one beside an amount: it may be a province ("Roma (RM)").
BRACKETED_MARK = 0.6
# The currencies a bare "$" may mean: a code printed for one of them says which ("TOTAL (AUD) $37,354.76").
DOLLARS = frozenset(
    {"USD", "AUD", "CAD", "NZD", "SGD", "HKD", "MXN", "TWD", "ARS", "CLP", "COP", "UYU", "DOP", "JMD", "TTD"}
    | {"BBD", "BZD", "XCD", "FJD", "NAD"}
)


# A bare "$" is the country's own dollar or peso where the page names its tax office, tax number
# or tax ("CUIT", "DIAN", "RFC", "ITBIS", "HST"): these countries write theirs with the dollar's sign.
DOLLAR_COUNTRIES = (
    (
        "ARS",
        re.compile(r"\b(?:C\.?U\.?I\.?T|AFIP|ARCA)\b|\b(?i:Ing(?:resos|\.) Brutos|Responsable Inscripto)\b"),
    ),  # its tax number (also "C.U.I.T."), its tax office, its provinces' gross income tax
    ("COP", re.compile(r"\bDIAN\b")),
    ("MXN", re.compile(r"\b(?:RFC|CFDI)\b")),
    (
        "CLP",
        re.compile(r"\bS\.?I\.?I\b|\b\d{1,2}\.\d{3}\.\d{3}-[\dkK]\b"),
    ),  # its tax office; a RUT "76.543.210-K"
    ("UYU", re.compile(r"\b(?:DGI|e-Factura)\b|\bRUT\b.*\bUruguay\b", re.S)),
    ("DOP", re.compile(r"\b(?:ITBIS|NCF|RNC)\b")),
    (
        "CAD",
        re.compile(
            r"\b(?:HST|PST|QST|TVQ|GST/HST)\b|\b(?:Canada|Ontario|Québec|Quebec|Alberta|British Columbia)\b"
        ),
    ),
    ("NZD", re.compile(r"\bNew Zealand\b|\bIRD\b")),
    ("AUD", re.compile(r"\bABN\b|\bAustralia\b")),
    ("SGD", re.compile(r"\bUEN\b|\bSingapore\b")),
)
# "Bs" is Bolivia's boliviano where the page names Bolivia, else Venezuela's bolívar.
# "FCFA" is West Africa's franc (XOF) unless the text names a country of Central Africa's (XAF), or
# dials one.
CENTRAL_AFRICA = re.compile(
    r"\b(?:Cameroun|Cameroon|Gabon|Tchad|Chad|Centrafrique|Centrafricaine|Guinée équatoriale|"
    r"Brazzaville|Douala|Yaoundé|Libreville|N'Djamena|Bangui|Malabo)\b|\+(?:237|241|235|236|240|242)\b"
)
BOLIVIA = re.compile(
    r"\b(?:Bolivia|La Paz|Cochabamba|Santa Cruz de la Sierra|El Alto|Oruro|Potos[ií]|Tarija)\b"
    r"|\+591\b"
)


def currency_of(match: re.Match[str]) -> str:
    """The ISO code a ``CURRENCY_RE`` match names: a code, a sign or a letter mark ("" if none)."""
    if match.group(5) or match.group(6):
        return match.group(5) or match.group(6)
    sign = match.group(2) or match.group(3) or match.group(4)
    return match.group(1) or CURRENCY_SYMBOLS.get(sign, "")


# Else the country the page dials or whose web domain it names: "Ph +64 6 343 7449" and
# "info@…co.nz" over a "$" price in New Zealand's dollars.
DOLLAR_DIALS = (
    ("NZD", re.compile(r"\+64[\s(-]*\d|\.(?:co|org|net|govt|ac)\.nz\b|\bNZBN\b")),
    ("AUD", re.compile(r"\+61[\s(-]*\d|\.(?:com|net|org|gov|edu)\.au\b")),
    ("SGD", re.compile(r"\+65[\s(-]*\d|\.com\.sg\b")),
    ("MXN", re.compile(r"\+52[\s(-]*\d|\.com\.mx\b")),
    ("ARS", re.compile(r"\+54[\s(-]*\d|\.com\.ar\b")),
    ("CLP", re.compile(r"\+56[\s(-]*\d|\.cl\b")),
    ("COP", re.compile(r"\+57[\s(-]*\d|\.com\.co\b")),
    ("UYU", re.compile(r"\+598[\s(-]*\d|\.com\.uy\b")),
    ("HKD", re.compile(r"\+852[\s(-]*\d|\.com\.hk\b")),
)


def _dollar_country(text: str) -> str | None:
    named = next((code for code, clue in DOLLAR_COUNTRIES if clue.search(text)), None)
    return named or next((code for code, clue in DOLLAR_DIALS if clue.search(text)), None)


# A mark right after an amount ("895,00 MT") counts more than a code alone on its line (OCR's "CHF"
# for a till's "CX1"); a sign before one may be OCR's reading of another mark ("£8318").
AFTER_A_FIGURE = re.compile(r"\d\s?$")
AFTER_A_FIGURE_WEIGHT = 1.25
# A sign with no figure beside it ("¥.t" in the specks over a photographed receipt) counts less
# than a code or a sign with its amount.
NEAR_A_FIGURE = re.compile(r"^\s?[-(]?\d")
LONE_SIGN_WEIGHT = 0.5


def find_currency(text: str) -> str | None:
    """The currency most of the text's codes and signs name; a bare "$" counts for the dollar
    whose code the text prints (else USD)."""
    counts: dict[str, float] = {}
    bare_dollars = 0
    for match in CURRENCY_RE.finditer(text):
        if _in_a_masked_number(text, match):
            continue  # "****4*#¥#¥#*7731": a card's mask OCR read as signs
        if match.group(2) == "$":
            bare_dollars += 1
            continue
        code = currency_of(match)
        if code:
            weight = BRACKETED_MARK if match.group(3) and text[match.end() : match.end() + 1] in ")}" else 1.0
            after = AFTER_A_FIGURE.search(text[max(0, match.start() - 2) : match.start()])
            before = NEAR_A_FIGURE.search(text[match.end() : match.end() + 3])
            if len(match.group(0).strip()) == 1 and not (after or before):
                weight *= LONE_SIGN_WEIGHT
            counts[code] = counts.get(code, 0) + weight * (AFTER_A_FIGURE_WEIGHT if after else 1.0)
    if bare_dollars:
        named = [code for code in counts if code in DOLLARS]
        dollar = max(named, key=counts.get) if named else _dollar_country(text) or "USD"
        counts[dollar] = counts.get(dollar, 0) + bare_dollars
    if "VES" in counts and BOLIVIA.search(text):
        counts["BOB"] = counts.get("BOB", 0) + counts.pop("VES")
    if "XOF" in counts and CENTRAL_AFRICA.search(text):  # the franc CFA of Central Africa
        counts["XAF"] = counts.get("XAF", 0) + counts.pop("XOF")
    return max(counts, key=counts.get) if counts else None


def _in_a_masked_number(text: str, match: re.Match[str]) -> bool:
    """Whether a sign stands among a masked number's marks ("****4*#¥#¥#*7731"): a mark on each side."""
    before, after = text[max(0, match.start() - 1) : match.start()], text[match.end() : match.end() + 1]
    return bool(before) and bool(after) and before in MASK_MARKS and after in MASK_MARKS


MASK_MARKS = "*#xX•"


# 00 dials out where a number begins, not in a group of one ("+44 20 7946 0069" ends in 0069).
INTERNATIONAL_00 = re.compile(r"(?<![\w+.-])(?<!\d )00(?=[1-9]\d)")
TRUNK_ZERO = re.compile(r"(\+\d{1,3})\s*\(0\)\s*")
# OCR's "#" for the plus before a country code: a grouped number follows ("#31 23 555 0147"), not
# a suite's or an invoice's number ("Suite #200, Main St", "#12345678901").
PLUS_READ_AS_HASH = re.compile(r"(?<![\w#])#(?=[1-9]\d{0,2}[\s.-]\d(?:[\s./-]?\d){7,}(?!\d))")


def parse_phone(text: str, *, regions: tuple[str, ...] = ("US",)) -> str | None:
    """The first phone number, in E.164; a leading 00 is the international prefix, like +, and a
    trunk 0 in brackets after it ("+44 (0)20 …") is not dialled; one without a country code is
    dialled in the first of ``regions`` where it is a valid number ("07700 900482" in Britain for
    an English text, "222 555 0134" in Mexico for a Spanish one), else as possible in the first."""
    import phonenumbers

    text = _dialable(text)
    matches = phonenumbers.PhoneNumberMatcher(text, regions[0], leniency=phonenumbers.Leniency.POSSIBLE)
    possible = next((match for match in matches if _dialled_whole(match.raw_string)), None)
    if len(regions) == 1 or (possible is not None and possible.raw_string.lstrip().startswith("+")):
        return _e164(possible)
    return _valid_in(text, regions) or _e164(possible)  # "222 555 0134" is no number in Spain


def valid_phone(text: str, *, regions: tuple[str, ...]) -> str | None:
    """The first number in the text that is a valid one in one of ``regions`` (first first), in E.164."""
    return _valid_in(_dialable(text), regions)


def _dialable(text: str) -> str:
    text = CELL_THEN_A_WORD.sub("\n", text)  # "+316 12 345678  6 Utrecht": an icon's "6" is no digit of it
    text = PLUS_READ_AS_HASH.sub("+", text, count=1)
    text = SPECK_IN_A_NUMBER.sub(" ", text)
    return TRUNK_ZERO.sub(r"\1 ", INTERNATIONAL_00.sub("+", text, count=1))


# A speck OCR read as a sign between a number's groups ("+56 9 9640 = 6383").
SPECK_IN_A_NUMBER = re.compile(r"(?<=\d) [=~] (?=\d)")
# A cell's gap, then digits that open a word's cell (a house number, a pin icon OCR read as a digit).
CELL_THEN_A_WORD = re.compile(r"\s{2,}(?=\d{1,4}\s+[^\W\d_]{2})")


def _valid_in(text: str, regions: tuple[str, ...]) -> str | None:
    import phonenumbers

    for region in regions:
        matches = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
        valid = next((match for match in matches if _dialled_whole(match.raw_string)), None)
        if valid is not None:
            return _e164(valid)
    return None


def _dialled_whole(printed: str) -> bool:
    """A number with its country code, or one of enough digits without it: fewer are a postcode
    or a house's number ("Lindauer Straße 52, 87439": Luxembourg's valid "87439", a German "52"),
    and a span of months or years is none ("10/2022 - 02/2024" beside a résumé's "Telefon")."""
    if printed.lstrip().startswith("+"):
        return True
    return len(re.sub(r"\D", "", printed)) >= NATIONAL_DIGITS and not DATE_SPAN.fullmatch(printed)


NATIONAL_DIGITS = 6
_MONTH_YEAR = r"(?:[01]?\d[./])?(?:19|20)\d{2}"
DATE_SPAN = re.compile(rf"\s*{_MONTH_YEAR}(?:\s*[-\u2013\u2014]\s*{_MONTH_YEAR})?\s*")


def _e164(match: Any) -> str | None:
    import phonenumbers

    return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164) if match else None


@cache
def country_names() -> frozenset[str]:
    """Every country's name in the vocabularies' languages, normalised as labels are ("Portugal",
    "Brasil", "Duitsland", "Royaume-Uni"): the last line of an address, never a party's name."""
    return frozenset(country_regions())


@cache
def country_regions() -> dict[str, str]:
    """Each country's normalised name in the vocabularies' languages → its region
    ("zuid afrika" → "ZA", "belgique" → "BE"). The names come from phonenumbers' region data,
    which ships with it."""
    from phonenumbers.geodata.locale import LOCALE_DATA

    from batches.processing.vocab import languages, normalise_label

    codes = {language.code for language in languages()}
    regions: dict[str, str] = {}
    for region, by_language in LOCALE_DATA.items():
        for code in codes:
            name = by_language.get(code, "")
            while name.startswith("*"):  # "*aa": the same name as that language's
                name = by_language.get(name[1:], "")
            if name:
                regions.setdefault(normalise_label(name), region)
    return regions


def parse_int(text: str) -> int | None:
    match = re.search(r"\d+", text)
    if match:
        return int(match.group(0))
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
    return None


# A line or cell that only rules the page: "-----", "=====", "___".
RULE = re.compile(r"[-=_*~.\u2500\u2014\u2013\s]+")


# A masked account number's visible digits: its groups of up to four go on after single spaces or
# hyphens ("NL17 xxxx xxxx 5236 53" ends in 3653); OCR may read a digit as a letter ("KXXXS317").
# "•••• •295 7", "**** **** 1234": the masks' groups apart (one way only to split a long row of
# marks, "*" x 40 over a receipt's total, which a pattern that split it every way took minutes to refuse)
MASKED = re.compile(r"[*Xx•#]{2,}(?:[\s-]+[*Xx•#]{2,})*[\s-]*[*Xx•#]?([\dSOB]{1,}(?:[ -]\d{1,4})*)\b")
DIGIT_READ_AS_LETTER = str.maketrans("SOB", "508")
# An IBAN's or a card's masked groups that OCR read as letters or signs ("BE71 0961 see 6769" for
# "BE71 0961 •••• 6769", "4988 eee  ee++ 3306" for "4988 •••• •••• 3306").
MASK_READ_AS_LETTERS = re.compile(
    r"\b(?:[A-Z]{2}\d{2}|\d{4})(?: \d{4})*(?:\s+(?![A-Z]+\b)[^\d\s]{2,4}){1,3}(?:\s+\d{4})*\s+(\d{4})\b"
)  # not a Dutch IBAN's bank code in capitals ("NL37 MSBK 0563 2210 48"); its last group after the
# mask ("ES02 +... 0000 0000 4874")


# An IBAN printed in groups of four, whatever OCR made of its country ("1144 M027 2158 0800 9398
# 7871 614" for "IT44 M027 …"): it ends in its last group's digits, not its first's.
IBAN_GROUPS = re.compile(r"\b[A-Z0-9]{4}(?: [A-Z0-9]{4}){3,}(?: [A-Z0-9]{1,3})?\b")
IBAN_GROUPS_DIGITS = 12
WHOLE_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")


def last4(text: str) -> str | None:
    """The last four digits of a (usually masked) account number: '****1234', 'ending in 1234'."""
    masked = MASKED.search(text)
    if masked and sum(c.isdigit() for c in masked.group(1)) >= 2:
        digits = re.sub(r"\D", "", masked.group(1).translate(DIGIT_READ_AS_LETTER))
        return digits[-4:]
    ending = re.search(r"ending\s+(?:in\s+)?(\d{4})\b", text) or MASK_READ_AS_LETTERS.search(text)
    if ending:
        return ending.group(1)
    if MASK_GOES_ON.search(text):
        return None  # "IBAN: DE90 2835 ++++": its last digits after the mask, in the next cell
    whole = WHOLE_IBAN.search(text)
    if whole and a_whole_iban(whole.group(0)):  # its check digits right, however it is grouped
        return re.sub(r"\D", "", whole.group(0))[-4:]  # "AO52 0047 0000 0412 3371 01835"
    grouped = IBAN_GROUPS.search(text)
    if grouped and sum(c.isdigit() for c in grouped.group(0)) >= IBAN_GROUPS_DIGITS:
        return re.sub(r"\D", "", grouped.group(0))[-4:]
    plain = PRICED_AMOUNT.sub("  ", without_dates(text))  # nor a date or an amount ("fee  -40.01  60,757.36")
    # one number, its groups apart by dashes, dots or a space ("0412.887.193"), not across a cell's gap
    run = re.search(r"\d(?:[\d.-]| (?=\d)){2,}\d", plain)
    if run and TOWNS_POSTCODE.match(plain, run.start()):
        return None  # "69005 Lyon": an address's postcode
    digits = re.sub(r"\D", "", run.group(0)) if run else ""
    return digits[-4:] if len(digits) >= 4 else None


MASK_GOES_ON = re.compile(r"\d\s?[*+xX\u2022#]{3,}\s*$")
IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")


def a_whole_iban(text: str) -> bool:
    """Whether the text is an IBAN, every character printed and its check digits right (ISO 13616:
    moved to the end and read as a number, 1 modulo 97): nothing of it wrapped onto the next line."""
    compact = text.replace(" ", "").upper()
    if not IBAN_SHAPE.fullmatch(compact):
        return False
    return int("".join(str(int(char, 36)) for char in compact[4:] + compact[:4])) % 97 == 1


def iban_short_by(text: str) -> int:
    """How many characters an IBAN's start lacks of its country's length (python-stdnum's register
    of each country's account format: France's has 27), 0 when none or not an IBAN's start."""
    compact = text.replace(" ", "").upper()
    if not IBAN_SHAPE.fullmatch(compact):
        return 0
    country = numdb.get("iban").info(compact[:2])[0][1]
    formats = re.findall(r"(\d+)!", country.get("bban", ""))
    return max(0, 4 + sum(map(int, formats)) - len(compact)) if formats else 0


# A count in its unit ("1370 kg", "1 Kiste", "12 pcs."): a quantity, not an amount.
COUNT_IN_ITS_UNIT = re.compile(r"(\d{1,5})\s?[^\W\d_]{1,10}\.?")
PRICED_AMOUNT = re.compile(r"[-(]?\d[\d.,'\u2019]*[.,]\d{2}(?![\d.,])")
# The same, its thousands grouped by any mark, a space too ("1 230,48"), and no rate ("5,50%").
GROUPED_CENTS = re.compile(r"(?<![\d.,])\d{1,3}(?:[,.' ]\d{3})*[.,]\d{2}(?![\d%])")
# Portugal's "9020-242" and Brazil's "80010-000" carry three digits more after a dash.
POSTCODE = re.compile(r"(?<![\w-])(?:[A-Z]{1,2}-)?\d{4,5}(?:-\d{3})?(?![\w-])")
# A postcode before its town ("4000 Liège", "8441 PK Heerenveen", "75008 PARIS"; a currency's
# code after a number is no town), or as the United Kingdom, Canada and the United States write theirs.
TOWNS_POSTCODE = re.compile(
    rf"{POSTCODE.pattern}(?=\s+(?:[A-Z]{{2}}\s+)?[A-ZÀ-Þ](?:[a-zà-ÿ]|[A-ZÀ-Þ]{{3}}))"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b"  # the United Kingdom's "EH3 6QQ"
    r"|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"  # Canada's "L8L 2Y6"
    r"|\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b"  # a US state's and its ZIP code, "OR 97214"
    r"|\bCEP:?\s?\d{5}-?"  # Brazil's, named after the town ("Porto Alegre/RS - CEP 91020-001")
)


EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# OCR spaces an at sign out of its address ("k.weiss @posteo.de", "thomas.lefevre @ gmail.com"),
# on one line and before a domain (an icon's "@" before a whole address, under a phone's line, is
# none: "4567" / "@ federica.marras@example.com").
SPACED_AT = re.compile(
    r"(?<=[\w.])[^\S\n]+@[^\S\n]*(?=[\w-]+\.[a-z][\w.-]*(?![\w.-]*@))|(?<=[\w.])@[^\S\n]+(?=[\w-]+\.[a-z])",
    re.I,
)


# ... and a dot's space into it, or the dot itself as a space ("lukas. brandtner@example.org",
# "laura martinez.sanchis@example.com"): a lower-case word opening a line, a cell or a label's value
# (or after an icon read as a mark: "= laura …"), not a sentence's last word ("by e-mail. sales@…").
SPACED_DOT = re.compile(
    r"(?:^|(?<=\s\s)|(?<=:\s)|(?<=^[^\w\s]\s))([a-z0-9][\w+-]*)\.?\s(?=[\w.+-]+@[\w-]+\.)", re.M
)


# ... and its domain's dot as a space ("katharina.vogt@posteo de"): a domain with no dot at all is
# no address, so a country's or a common top-level domain after it is its end.
DOMAIN_DOT_SPACED = re.compile(r"(@[\w-]+)\s(com|org|net|info|eu|io|[a-z]{2})\b(?![.@-])")


# ... or its at sign read as a capital G or a copyright sign before a space ("luis.ibarraG
# example.com"): a lower-case local part, a domain after it; only where no address reads whole.
AT_READ_AS_A_SIGN = re.compile(
    r"(?<![\w.+-])([a-z0-9][a-z0-9._+-]*)(?:G\s|[©®]\s?)(?=[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b)"
)


def parse_email(text: str) -> str | None:
    """The first e-mail address, without a phone number OCR ran into it ("06-41873920.bram@…")."""
    spaced = SPACED_DOT.sub(r"\1.", SPACED_AT.sub("@", text))
    match = (
        EMAIL_RE.search(spaced)
        or EMAIL_RE.search(DOMAIN_DOT_SPACED.sub(r"\1.\2", spaced))
        or EMAIL_RE.search(AT_READ_AS_A_SIGN.sub(r"\1@", spaced))
    )
    return PHONE_RUN_INTO.sub("", match.group(0)) if match else None


# A phone number and a separator OCR read as the start of an address's local part.
PHONE_RUN_INTO = re.compile(r"^\+?\d[\d-]{5,}[.\-_](?=[^\W\d])")
