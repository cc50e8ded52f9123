"""Money, dates, rates and identifiers written the way each region writes them."""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tests.officeset.locales import MONTHS, MONTHS_AT, Region

CENT = Decimal("0.01")
NBSP = "\u00a0"
NNBSP = "\u202f"


def round_money(value: Decimal) -> Decimal:
    """Round half up to cents, as invoicing software does."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Money:
    """One document's way of printing amounts: separators and where the currency goes."""

    group: str
    decimal: str
    pattern: str  # "{n}" is the number, "{s}" the sign

    def num(self, value: Decimal) -> str:
        """The number alone, as in a table cell: ``1.234,56``."""
        sign = "-" if value < 0 else ""
        whole, frac = f"{abs(value):.2f}".split(".")
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        return f"{sign}{self.group.join(groups)}{self.decimal}{frac}"

    def full(self, value: Decimal) -> str:
        """The amount with its currency: ``1.234,56 €``, ``£1,234.56``, ``CHF 1'234.50``."""
        text = self.pattern.replace("{n}", self.num(abs(value)))
        return f"-{text}" if value < 0 else text

    def rate(self, rate: Decimal, *, spaced: bool) -> str:
        """A VAT rate: ``20 %``, ``5,5 %``, ``21%``, ``8.875%``."""
        text = format(rate.normalize(), "f").replace(".", self.decimal)
        return f"{text}{NBSP if spaced else ''}%"


def money_style(region: Region, rng: random.Random) -> Money:
    """Pick one of the region's usual ways to print amounts."""
    style = rng.choice(region.money_styles)
    sym, code = region.symbol, region.currency
    if region.lang == "en":
        group, dec = ",", "."
    elif region.code == "de-CH":
        group, dec = "'", "."
    elif region.lang == "fr" and region.code != "fr-BE":
        group, dec = rng.choice((" ", NBSP, NNBSP, NNBSP, "")), ","
    else:
        group, dec = rng.choice((".", ".", ".", "")), ","
    patterns = {
        "sym": f"{sym}{{n}}",
        "code_before": f"{code} {{n}}",
        "sym_code_after": f"{sym}{{n}} {code}",
        "after_sym": f"{{n}}{rng.choice((' ', NBSP))}{sym}",
        "after_code": f"{{n}} {code}",
        "before_sym": f"{sym} {{n}}",
        "before_code": f"{code} {{n}}",
        "tight_sym": f"{sym}{{n}}",
        "swiss_before": f"{code} {{n}}",
        "swiss_after": f"{{n}} {code}",
    }
    return Money(group, dec, patterns[style])


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def date_text(day: dt.date, style: str, region: Region) -> str:
    """Write a date in one of the region's styles (see ``Region.date_styles``)."""
    months = MONTHS_AT if region.code == "de-AT" else MONTHS[region.lang]
    month = months[day.month - 1]
    d, m, y = day.day, day.month, day.year
    if style == "d_month_y":
        first = "1er" if region.lang == "fr" and d == 1 else str(d)
        return f"{first} {month} {y}"
    if style == "dth_month_y":
        return f"{_ordinal(d)} {month} {y}"
    if style == "d_mon_y":
        return f"{d} {month[:3]} {y}"
    if style == "month_d_y":
        return f"{month} {d}, {y}"
    if style == "mon_d_y":
        return f"{month[:3]} {d}, {y}"
    if style == "dd/mm/yyyy":
        return f"{d:02d}/{m:02d}/{y}"
    if style == "mm/dd/yyyy":
        return f"{m:02d}/{d:02d}/{y}"
    if style == "dd-mm-yyyy":
        return f"{d:02d}-{m:02d}-{y}"
    if style == "d-m-yyyy":
        return f"{d}-{m}-{y}"
    if style == "dd.mm.yyyy":
        return f"{d:02d}.{m:02d}.{y}"
    if style == "d.m.yyyy":
        return f"{d}.{m}.{y}"
    if style == "d._month_y":
        return f"{d}. {month} {y}"
    return day.isoformat()


def _iban_check(country: str, bban: str) -> str:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


IBAN_SHAPES = {
    "GB": "AAAA" + "9" * 14,
    "IE": "AAAA" + "9" * 14,
    "FR": "9" * 23,
    "BE": "9" * 12,
    "NL": "AAAA" + "9" * 10,
    "DE": "9" * 18,
    "AT": "9" * 16,
    "CH": "9" * 17,
}


def iban(country: str, rng: random.Random) -> str:
    """A well-formed IBAN (valid check digits) in groups of four."""
    shape = IBAN_SHAPES[country]
    bban = "".join(
        rng.choice(string.ascii_uppercase) if c == "A" else rng.choice(string.digits) for c in shape
    )
    raw = country + _iban_check(country, bban) + bban
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def vat_id(country: str, rng: random.Random) -> str:
    """A VAT registration number in the country's printed form."""
    forms = {
        "GB": lambda: f"GB {digits(rng, 3)} {digits(rng, 4)} {digits(rng, 2)}",
        "IE": lambda: f"IE{digits(rng, 7)}{rng.choice('ABCDWT')}",
        "US": lambda: f"EIN {digits(rng, 2)}-{digits(rng, 7)}",
        "FR": lambda: f"FR {digits(rng, 2)} {digits(rng, 9)}",
        "BE": lambda: f"BE 0{digits(rng, 3)}.{digits(rng, 3)}.{digits(rng, 3)}",
        "NL": lambda: f"NL{digits(rng, 9)}B0{rng.randint(1, 3)}",
        "DE": lambda: f"DE{digits(rng, 9)}",
        "AT": lambda: f"ATU{digits(rng, 8)}",
        "CH": lambda: f"CHE-{digits(rng, 3)}.{digits(rng, 3)}.{digits(rng, 3)} MWST",
    }
    return forms[country]()


def phone(country: str, rng: random.Random) -> str:
    """A phone number in a range kept free for fiction or made up, with the country code."""
    forms = {
        "GB": lambda: f"+44 20 7946 0{digits(rng, 3)}",
        "IE": lambda: f"+353 1 555 0{digits(rng, 3)}",
        "US": lambda: f"+1 (503) 555-01{digits(rng, 2)}",
        "FR": lambda: f"+33 1 99 00 {digits(rng, 2)} {digits(rng, 2)}",
        "BE": lambda: f"+32 2 555 {digits(rng, 2)} {digits(rng, 2)}",
        "NL": lambda: f"+31 20 555 {digits(rng, 4)}",
        "DE": lambda: f"+49 (0)30 555 {digits(rng, 4)}",
        "AT": lambda: f"+43 1 555 {digits(rng, 4)}",
        "CH": lambda: f"+41 44 555 {digits(rng, 2)} {digits(rng, 2)}",
    }
    return forms[country]()
