"""How each region prints money, dates and phone numbers.

A document draws one style per kind of value at creation (``Style``) and prints every value of that
kind the same way, as real documents do.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from . import vocab

NNBSP = "\u202f"  # narrow no-break space (French thousands)
NBSP = "\u00a0"

# currency: ISO code; signs: printed templates ({n} is the number); ambiguous: a sign shared by other
# currencies, so the document also shows the ISO code somewhere
REGIONS: dict[str, dict] = {
    "en-GB": dict(
        cur="GBP",
        money=[(",", ".")],
        signs=["£{n}", "£{n}", "GBP {n}"],
        tax="VAT",
        rates=[20],
        dates=["dmy/", "d Month y", "d Mon y", "dth Month y", "dd-Mon-y"],
        cc="44",
        country="United Kingdom",
    ),
    "en-US": dict(
        cur="USD",
        money=[(",", ".")],
        signs=["${n}", "${n}", "USD {n}", "$ {n}"],
        tax="Sales Tax",
        rates=[Decimal("8.875"), Decimal("7.25"), Decimal("6.5")],
        dates=["mdy/", "Month d, y", "Mon d, y", "ymd-"],
        cc="1",
        country="USA",
    ),
    "en-IE": dict(
        cur="EUR",
        money=[(",", ".")],
        signs=["€{n}", "EUR {n}"],
        tax="VAT",
        rates=[23],
        dates=["dmy/", "d Month y", "d Mon y"],
        cc="353",
        country="Ireland",
    ),
    "en-IN": dict(
        cur="INR",
        money=[("in", ".")],
        signs=["Rs. {n}", "Rs {n}", "INR {n}"],
        tax="GST",
        rates=[18, 12],
        dates=["dmy-", "dd-Mon-y", "dmy/", "d Month, y"],
        cc="91",
        country="India",
    ),
    "en-MY": dict(
        cur="MYR",
        money=[(",", ".")],
        signs=["RM {n}", "RM{n}", "MYR {n}"],
        tax="SST",
        rates=[6, 8],
        dates=["dmy/", "d Mon y", "dmy-"],
        cc="60",
        country="Malaysia",
    ),
    "en-SG": dict(
        cur="SGD",
        money=[(",", ".")],
        signs=["S${n}", "SGD {n}", "S$ {n}"],
        tax="GST",
        rates=[9, 8],
        dates=["dmy/", "d Mon y", "d Month y"],
        cc="65",
        country="Singapore",
    ),
    "en-AU": dict(
        cur="AUD",
        money=[(",", ".")],
        signs=["${n}", "A${n}", "AUD {n}"],
        tax="GST",
        rates=[10],
        dates=["dmy/", "d Month y", "d Mon y"],
        cc="61",
        country="Australia",
        ambiguous=True,
    ),
    "en-SE": dict(
        cur="SEK",
        money=[(" ", ","), (NBSP, ","), (",", ".")],
        signs=["{n} kr", "SEK {n}", "{n} SEK"],
        tax="VAT",
        rates=[25, 12],
        dates=["ymd-", "d Month y"],
        cc="46",
        country="Sweden",
        ambiguous=True,
    ),
    "fr-FR": dict(
        cur="EUR",
        money=[(NNBSP, ","), (NBSP, ","), (" ", ","), (".", ",")],
        signs=["{n} €", "{n} €", "{n} EUR", "€ {n}"],
        tax="TVA",
        rates=[20, 10, Decimal("5.5")],
        dates=["dmy/", "d month y", "dd Month y", "d mon y"],
        cc="33",
        country="France",
    ),
    "fr-BE": dict(
        cur="EUR",
        money=[(".", ","), (" ", ","), (NNBSP, ",")],
        signs=["{n} €", "€ {n}", "{n} EUR"],
        tax="TVA",
        rates=[21, 6],
        dates=["dmy/", "d month y", "dmy."],
        cc="32",
        country="Belgique",
    ),
    "fr-CH": dict(
        cur="CHF",
        money=[("'", "."), ("\u2019", "."), (" ", ".")],
        signs=["CHF {n}", "{n} CHF", "Fr. {n}"],
        tax="TVA",
        rates=[Decimal("8.1"), Decimal("2.6")],
        dates=["dmy.", "d month y", "dmy/"],
        cc="41",
        country="Suisse",
    ),
    "de-DE": dict(
        cur="EUR",
        money=[(".", ",")],
        signs=["{n} €", "{n} €", "{n} EUR", "EUR {n}", "€ {n}"],
        tax="MwSt.",
        rates=[19, 7],
        dates=["dmy.", "d. Month y", "d.m.y", "ymd-"],
        cc="49",
        country="Deutschland",
    ),
    "de-AT": dict(
        cur="EUR",
        money=[(".", ","), (" ", ",")],
        signs=["€ {n}", "EUR {n}", "{n} €"],
        tax="USt.",
        rates=[20, 10],
        dates=["dmy.", "d. Month y"],
        cc="43",
        country="Österreich",
    ),
    "de-CH": dict(
        cur="CHF",
        money=[("'", "."), ("\u2019", ".")],
        signs=["CHF {n}", "Fr. {n}", "{n} CHF"],
        tax="MWST",
        rates=[Decimal("8.1"), Decimal("2.6")],
        dates=["dmy.", "d. Month y"],
        cc="41",
        country="Schweiz",
    ),
    "nl-NL": dict(
        cur="EUR",
        money=[(".", ",")],
        signs=["€ {n}", "€ {n}", "EUR {n}", "€{n}", "{n} EUR"],
        tax="BTW",
        rates=[21, 9],
        dates=["dmy-", "d month y", "d-m-y", "d mon y"],
        cc="31",
        country="Nederland",
    ),
    "nl-BE": dict(
        cur="EUR",
        money=[(".", ","), (" ", ",")],
        signs=["€ {n}", "{n} EUR", "{n} €"],
        tax="BTW",
        rates=[21, 6],
        dates=["dmy/", "d month y", "dmy."],
        cc="32",
        country="België",
    ),
    "es-ES": dict(
        cur="EUR",
        money=[(".", ","), ("es", ",")],
        signs=["{n} €", "{n} €", "{n} EUR"],
        tax="IVA",
        rates=[21, 10],
        dates=["dmy/", "d de month de y", "dmy-", "dd-mon-y"],
        cc="34",
        country="España",
    ),
    "es-MX": dict(
        cur="MXN",
        money=[(",", ".")],
        signs=["${n} MXN", "$ {n}", "MXN {n}", "${n}"],
        tax="IVA",
        rates=[16],
        dates=["dmy/", "d de month de y", "dd/Mon/y"],
        cc="52",
        country="México",
        ambiguous=True,
    ),
    "it-IT": dict(
        cur="EUR",
        money=[(".", ",")],
        signs=["€ {n}", "€ {n}", "{n} €", "EUR {n}", "{n} EUR"],
        tax="IVA",
        rates=[22, 10],
        dates=["dmy/", "d month y", "dmy.", "dmy-"],
        cc="39",
        country="Italia",
    ),
    "it-CH": dict(
        cur="CHF",
        money=[("'", ".")],
        signs=["CHF {n}", "{n} CHF", "Fr. {n}"],
        tax="IVA",
        rates=[Decimal("8.1")],
        dates=["dmy.", "d month y"],
        cc="41",
        country="Svizzera",
    ),
    "pt-PT": dict(
        cur="EUR",
        money=[(" ", ","), (".", ","), (NBSP, ",")],
        signs=["{n} €", "{n} €", "{n} EUR", "€ {n}"],
        tax="IVA",
        rates=[23, 13, 6],
        dates=["dmy/", "ymd-", "d de month de y", "dmy-"],
        cc="351",
        country="Portugal",
    ),
    "pt-BR": dict(
        cur="BRL",
        money=[(".", ",")],
        signs=["R$ {n}", "R$ {n}", "BRL {n}", "R${n}"],
        tax="ISS",
        rates=[5, 2],
        dates=["dmy/", "d de month de y"],
        cc="55",
        country="Brasil",
    ),
}

CENT = Decimal("0.01")
# rough price level of each currency against the euro, so goods cost what they would there
PRICE_SCALE = {
    "EUR": "1",
    "USD": "1.1",
    "GBP": "0.85",
    "CHF": "1",
    "INR": "80",
    "MYR": "4.5",
    "SGD": "1.4",
    "AUD": "1.6",
    "SEK": "11",
    "MXN": "19",
    "BRL": "5.5",
}


def scaled_price(cents: int, currency: str) -> Decimal:
    p = Decimal(cents) / 100 * Decimal(PRICE_SCALE[currency])
    if currency in ("INR", "MXN", "SEK") and p > 100:
        return p.quantize(Decimal("1"), rounding=ROUND_HALF_UP).quantize(CENT)
    return p.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def q(x) -> Decimal:
    return Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)


def money_truth(x: Decimal) -> str:
    return str(q(x))


def group_int(n: int, sep: str) -> str:
    s = str(n)
    if sep == "in":  # Indian lakh/crore grouping: 12,34,567
        if len(s) <= 3:
            return s
        head, tail = s[:-3], s[-3:]
        parts = []
        while len(head) > 2:
            parts.insert(0, head[-2:])
            head = head[:-2]
        if head:
            parts.insert(0, head)
        return ",".join([*parts, tail])
    if sep == "es":  # Spanish: no separator in four-digit numbers
        if n < 10000:
            return s
        sep = "."
    groups = []
    while len(s) > 3:
        groups.insert(0, s[-3:])
        s = s[:-3]
    groups.insert(0, s)
    return sep.join(groups)


def fmt_number(x: Decimal, group: str, dec: str, decimals: int = 2) -> str:
    x = q(x)
    neg = x < 0
    x = abs(x)
    whole = int(x)
    frac = f"{x - whole:.2f}"[2:]
    s = group_int(whole, group) + (dec + frac if decimals else "")
    return ("-" if neg else "") + s


def fmt_date(d: dt.date, style: str, lang: str, variant: str = "") -> str:  # noqa: C901
    months = vocab.MONTHS[lang]
    if variant == "de-AT":
        months = ["Jänner", *months[1:]]
    abbr = vocab.MONTHS_ABBR[lang]
    y, m, day = d.year, d.month, d.day
    if style == "dmy/":
        return f"{day:02d}/{m:02d}/{y}"
    if style == "mdy/":
        return f"{m:02d}/{day:02d}/{y}"
    if style == "dmy.":
        return f"{day:02d}.{m:02d}.{y}"
    if style == "dmy-":
        return f"{day:02d}-{m:02d}-{y}"
    if style == "ymd-":
        return f"{y}-{m:02d}-{day:02d}"
    if style == "d.m.y":
        return f"{day}.{m}.{y}"
    if style == "d-m-y":
        return f"{day}-{m}-{y}"
    if style == "dmy2.":
        return f"{day:02d}.{m:02d}.{y % 100:02d}"
    if style == "dmy2/":
        return f"{day:02d}/{m:02d}/{y % 100:02d}"
    if style == "mdy2/":
        return f"{m:02d}/{day:02d}/{y % 100:02d}"
    if style == "d Month y":
        return f"{day} {months[m - 1]} {y}"
    if style == "d month y":
        first = "1er" if (lang == "fr" and day == 1) else str(day)
        return f"{first} {months[m - 1].lower()} {y}"
    if style == "dd Month y":
        return f"{day:02d} {months[m - 1].capitalize()} {y}"
    if style == "d mon y":
        return f"{day} {abbr[m - 1].lower()} {y}"
    if style == "d Mon y":
        return f"{day} {abbr[m - 1]} {y}"
    if style == "dth Month y":
        suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        return f"{day}{suffix} {months[m - 1]} {y}"
    if style == "dd-Mon-y":
        return f"{day:02d}-{abbr[m - 1].rstrip('.')}-{y}"
    if style == "dd-mon-y":
        return f"{day:02d}-{abbr[m - 1].rstrip('.').lower()}-{y}"
    if style == "dd/Mon/y":
        return f"{day:02d}/{abbr[m - 1].capitalize()}/{y}"
    if style == "Month d, y":
        return f"{months[m - 1]} {day}, {y}"
    if style == "Mon d, y":
        return f"{abbr[m - 1]} {day}, {y}"
    if style == "d. Month y":
        return f"{day}. {months[m - 1]} {y}"
    if style == "d de month de y":
        first = "1º" if (lang == "es" and day == 1 and variant == "es-MX") else str(day)
        return f"{first} de {months[m - 1].lower()} de {y}"
    if style == "d Month, y":
        return f"{day} {months[m - 1]}, {y}"
    raise ValueError(style)


def fmt_month_year(y: int, m: int, style: str, lang: str) -> str:
    months = vocab.MONTHS[lang]
    abbr = vocab.MONTHS_ABBR[lang]
    if style == "mm/yyyy":
        return f"{m:02d}/{y}"
    if style == "m.yyyy":
        return f"{m:02d}.{y}"
    if style == "Mon yyyy":
        a = abbr[m - 1]
        return f"{a.capitalize() if lang != 'de' else a} {y}"
    if style == "Month yyyy":
        name = months[m - 1]
        return f"{name.capitalize() if lang in ('en', 'de') else name} {y}"
    if style == "yyyy-mm":
        return f"{y}-{m:02d}"
    raise ValueError(style)


@dataclass
class Style:
    """One document's way of printing values."""

    variant: str
    rng: random.Random
    region: dict = field(init=False)
    lang: str = field(init=False)
    group: str = field(init=False)
    dec: str = field(init=False)
    sign: str = field(init=False)
    date_style: str = field(init=False)

    def __post_init__(self):
        self.region = REGIONS[self.variant]
        self.lang = self.variant.split("-")[0]
        self.group, self.dec = self.rng.choice(self.region["money"])
        self.sign = self.rng.choice(self.region["signs"])
        self.date_style = self.rng.choice(self.region["dates"])

    @property
    def currency(self) -> str:
        return self.region["cur"]

    @property
    def ambiguous(self) -> bool:
        return bool(self.region.get("ambiguous"))

    def num(self, x: Decimal) -> str:
        """A number as a table cell prints it: separators, no currency."""
        return fmt_number(x, self.group, self.dec)

    def money(self, x: Decimal, sign: str | None = None) -> str:
        s = self.num(x)
        tmpl = sign or self.sign
        if s.startswith("-"):
            return "-" + tmpl.format(n=s[1:])
        return tmpl.format(n=s)

    def code_money(self, x: Decimal) -> str:
        """Money with the ISO code (used where a sign alone would be ambiguous)."""
        if "{n} " in self.sign and not self.sign.endswith("}"):
            return f"{self.num(x)} {self.currency}"
        return f"{self.currency} {self.num(x)}"

    def date(self, d: dt.date, style: str | None = None) -> str:
        return fmt_date(d, style or self.date_style, self.lang, self.variant)

    def qty(self, n: int, style: str) -> str:
        if style == "dec":
            return fmt_number(Decimal(n), self.group if self.group not in ("in", "es") else ",", self.dec)
        return str(n)

    def rate(self, r) -> str:
        r = Decimal(r)
        s = f"{r.normalize():f}"
        return s.replace(".", ",") if self.dec == "," else s


# --------------------------------------------------------------------------------- phones
def phone(variant: str, rng: random.Random) -> tuple[str, str]:  # noqa: C901
    """(printed, E.164) for a fictitious number in the region; printed forms always carry the country code."""
    cc = REGIONS[variant]["cc"]
    x = rng.randint(0, 99)
    y = rng.randint(10, 99)
    if variant == "en-US":
        area = rng.choice(["415", "212", "512", "303", "617"])
        nat = f"{area}55501{x:02d}"
        shown = rng.choice(
            [f"+1 ({area}) 555-01{x:02d}", f"+1 {area}-555-01{x:02d}", f"+1 {area} 555 01{x:02d}"]
        )
    elif variant == "en-GB":
        kind = rng.choice(["london", "leeds", "mobile"])
        if kind == "london":
            nat = f"2079460{x:03d}"
            shown = rng.choice([f"+44 20 7946 0{x:03d}", f"+44 (0)20 7946 0{x:03d}"])
        elif kind == "leeds":
            nat = f"1134960{x:03d}"
            shown = rng.choice([f"+44 113 496 0{x:03d}", f"+44 (0)113 496 0{x:03d}"])
        else:
            nat = f"7700900{x:03d}"
            shown = rng.choice([f"+44 7700 900{x:03d}", f"+44 (0)7700 900{x:03d}"])
    elif variant == "en-AU":
        nat = f"25550{y:02d}{x:02d}"
        shown = rng.choice([f"+61 2 5550 {y:02d}{x:02d}", f"+61 (0)2 5550 {y:02d}{x:02d}"])
    elif cc == "33":
        if rng.random() < 0.5:
            nat = f"19900{y:02d}{x:02d}"
            shown = rng.choice(
                [
                    f"+33 1 99 00 {y:02d} {x:02d}",
                    f"+33 (0)1 99 00 {y:02d} {x:02d}",
                    f"+33 199 00 {y:02d} {x:02d}",
                ]
            )
        else:
            nat = f"63998{y:02d}{x:02d}"
            shown = rng.choice([f"+33 6 39 98 {y:02d} {x:02d}", f"+33 (0)6 39 98 {y:02d} {x:02d}"])
    elif cc == "49":
        area = rng.choice(["30", "89", "221", "40"])
        nat = f"{area}5550{y:02d}{x:02d}"
        shown = rng.choice(
            [
                f"+49 {area} 5550 {y:02d}{x:02d}",
                f"+49 (0){area} 5550{y:02d}{x:02d}",
                f"0049 {area} 5550 {y:02d}{x:02d}",
                f"+49 {area} 5550{y:02d}-{x:02d}",
            ]
        )
    elif cc == "43":
        nat = f"15550{y:02d}{x:02d}"
        shown = rng.choice([f"+43 1 5550 {y:02d}{x:02d}", f"+43 (0)1 5550{y:02d}{x:02d}"])
    elif cc == "41":
        area = rng.choice(["44", "22", "91", "31"])
        nat = f"{area}555{y:02d}{x:02d}"
        shown = rng.choice(
            [
                f"+41 {area} 555 {y:02d} {x:02d}",
                f"+41 (0){area} 555 {y:02d} {x:02d}",
                f"0041 {area} 555 {y:02d} {x:02d}",
            ]
        )
    elif cc == "31":
        if rng.random() < 0.6:
            nat = f"20555{y:02d}{x:02d}"
            shown = rng.choice(
                [
                    f"+31 20 555 {y:02d}{x:02d}",
                    f"+31 (0)20 555 {y:02d}{x:02d}",
                    f"+31 (0)20-555{y:02d}{x:02d}",
                ]
            )
        else:
            nat = f"65550{y:02d}{x:02d}"
            shown = rng.choice(
                [f"+31 6 5550 {y:02d}{x:02d}", f"+31 (0)6 5550{y:02d}{x:02d}", f"+31 6-5550{y:02d}{x:02d}"]
            )
    elif cc == "32":
        nat = f"2555{y:02d}{x:02d}"
        shown = rng.choice([f"+32 2 555 {y:02d} {x:02d}", f"+32 (0)2 555 {y:02d} {x:02d}"])
    elif cc == "34":
        if rng.random() < 0.5:
            nat = f"91555{y:02d}{x:02d}"
            shown = rng.choice([f"+34 91 555 {y:02d} {x:02d}", f"+34 915 55{y:02d} {x:02d}"])
        else:
            nat = f"655501{x:03d}"
            shown = f"+34 {nat[:3]} {nat[3:6]} {nat[6:]}"
    elif cc == "52":
        nat = f"555550{y:02d}{x:02d}"
        shown = rng.choice([f"+52 55 5550 {y:02d}{x:02d}", f"+52 (55) 5550-{y:02d}{x:02d}"])
    elif cc == "39":  # Italian landlines keep their leading 0 after +39
        if rng.random() < 0.6:
            nat = f"025550{y:02d}{x:02d}"
            shown = rng.choice(
                [f"+39 02 5550 {y:02d}{x:02d}", f"+39 02 5550{y:02d}{x:02d}", f"0039 02 5550 {y:02d}{x:02d}"]
            )
        else:
            nat = f"347555{y:02d}{x:02d}"
            shown = f"+39 347 555 {y:02d}{x:02d}"
    elif cc == "351":
        if rng.random() < 0.5:
            nat = f"21555{y:02d}{x:02d}"
            shown = rng.choice([f"+351 21 555 {y:02d}{x:02d}", f"+351 215 55{y:02d} {x:02d}"])
        else:
            nat = f"91255{y:02d}{x:02d}"
            shown = f"+351 {nat[:3]} {nat[3:6]} {nat[6:]}"
    elif cc == "55":
        nat = f"1195550{y:02d}{x:02d}"
        shown = rng.choice([f"+55 11 95550-{y:02d}{x:02d}", f"+55 (11) 95550-{y:02d}{x:02d}"])
    elif cc == "353":
        nat = f"15550{y:02d}{x:02d}"
        shown = f"+353 1 5550 {y:02d}{x:02d}"
    elif cc == "91":
        nat = f"98555{y:02d}{x:03d}"
        shown = rng.choice([f"+91 {nat[:5]} {nat[5:]}", f"+91-{nat}"])
    elif cc == "60":
        nat = f"35550{y:02d}{x:02d}"
        shown = rng.choice([f"+60 3-5550 {y:02d}{x:02d}", f"+603 5550 {y:02d}{x:02d}"])
    elif cc == "65":
        nat = f"6555{y:02d}{x:02d}"
        shown = f"+65 {nat[:4]} {nat[4:]}"
    elif cc == "46":
        nat = f"85550{y:02d}{x:02d}"
        shown = rng.choice([f"+46 8 5550 {y:02d} {x:02d}", f"+46 (0)8 5550 {y:02d}{x:02d}"])
    else:
        raise ValueError(variant)
    return shown, f"+{cc}{nat}"


# --------------------------------------------------------------------------------- bank ids
IBAN_LEN = {
    "GB": 22,
    "IE": 22,
    "FR": 27,
    "BE": 16,
    "CH": 21,
    "DE": 22,
    "AT": 20,
    "NL": 18,
    "ES": 24,
    "IT": 27,
    "PT": 25,
    "SE": 24,
    "MX": 0,
    "BR": 29,
    "IN": 0,
    "MY": 0,
    "SG": 0,
    "AU": 0,
    "US": 0,
}


def iban(country: str, rng: random.Random) -> str:
    """A syntactically valid IBAN (check digits computed) with made-up bank and account numbers."""
    n = IBAN_LEN[country]
    body_len = n - 4
    if country == "NL":
        bban = rng.choice(["ABNA", "RABO", "INGB", "TRIO"]) + "".join(
            rng.choice("0123456789") for _ in range(10)
        )
    elif country == "GB":
        bban = rng.choice(["NWBK", "MIDL", "BARC"]) + "".join(rng.choice("0123456789") for _ in range(14))
    elif country == "IE":
        bban = rng.choice(["AIBK", "BOFI"]) + "".join(rng.choice("0123456789") for _ in range(14))
    elif country == "IT":
        bban = rng.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ") + "".join(
            rng.choice("0123456789") for _ in range(body_len - 1)
        )
    else:
        bban = "".join(rng.choice("0123456789") for _ in range(body_len))
    if bban[-1] == "0":  # keep the last digits informative
        bban = bban[:-1] + str(rng.randint(1, 9))
    rearranged = bban + country + "00"
    digits = "".join(str(int(c, 36)) for c in rearranged)
    check = 98 - int(digits) % 97
    return f"{country}{check:02d}{bban}"


def group4(s: str) -> str:
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def country_of(variant: str) -> str:
    return {
        "en-GB": "GB",
        "en-US": "US",
        "en-IE": "IE",
        "en-IN": "IN",
        "en-MY": "MY",
        "en-SG": "SG",
        "en-AU": "AU",
        "en-SE": "SE",
    }.get(variant) or variant.split("-")[1]
