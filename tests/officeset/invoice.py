"""The invoice behind a document (parties, lines, sums) and one document's way of printing it."""

from __future__ import annotations

import datetime as dt
import random
import string
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from tests.officeset import fmt
from tests.officeset.locales import (
    BANKS,
    CITIES,
    COMPANY_CORES,
    FIRST,
    GOODS,
    GOODS_REDUCED,
    LABELS,
    LAST,
    LEGAL_FORMS,
    SENTENCES,
    STREETS,
    TELECOM,
    UNITS,
    Region,
)


@dataclass(frozen=True)
class Party:
    name: str
    street: str
    city_line: str
    city: str
    country: str
    vat_id: str
    email: str
    phone: str
    iban: str
    bic: str
    bank: str
    register: str
    director: str
    contact: str


@dataclass(frozen=True)
class Line:
    description: str
    quantity: int
    unit_kind: str
    unit_price: Decimal
    amount: Decimal
    rate: Decimal
    sku: str


@dataclass(frozen=True)
class TaxPart:
    rate: Decimal
    base: Decimal
    tax: Decimal


@dataclass(frozen=True)
class Shape:
    """What a template needs from the invoice: how many lines, of what, with which extras."""

    items: tuple[int, int] = (2, 6)
    goods: str = "catalog"  # catalog | hours | telecom
    multi_rate: bool = False
    gross_prices: bool = False
    discount: float = 0.0
    shipping: float = 0.0
    b2c: float = 0.0


@dataclass
class Invoice:
    region: Region
    number: str
    date: dt.date
    due: dt.date
    terms_days: int
    order_no: str
    order_date: dt.date
    delivery_date: dt.date
    customer_no: str
    vendor: Party
    customer: Party
    customer_is_person: bool
    lines: list[Line]
    goods_total: Decimal
    discount: Decimal
    discount_code: str
    shipping: Decimal
    gross_prices: bool
    tax_parts: list[TaxPart]
    subtotal: Decimal
    tax: Decimal
    total: Decimal

    @property
    def lang(self) -> str:
        return self.region.lang

    @property
    def country(self) -> str:
        return self.region.code[-2:]


MAILBOXES = {
    "en": ("accounts", "billing", "info", "hello"),
    "fr": ("factures", "contact", "compta"),
    "nl": ("administratie", "info", "facturen"),
    "de": ("rechnung", "buchhaltung", "info"),
}


def _person(rng: random.Random, lang: str) -> str:
    return f"{rng.choice(FIRST[lang])} {rng.choice(LAST[lang])}"


def _register(country: str, rng: random.Random, city: str) -> str:
    d = fmt.digits
    forms = {
        "GB": lambda: f"Registered in England and Wales No. {d(rng, 8)}",
        "IE": lambda: f"Registered in Ireland No. {d(rng, 6)}",
        "US": lambda: "",
        "FR": lambda: f"SIRET {d(rng, 3)} {d(rng, 3)} {d(rng, 3)} {d(rng, 5)}",
        "BE": lambda: f"RPM {city}",
        "NL": lambda: f"KvK {d(rng, 8)}",
        "DE": lambda: f"Amtsgericht {city} HRB {d(rng, 5)}",
        "AT": lambda: f"FN {d(rng, 6)}{rng.choice('abdghikmpstvwxyz')}, Handelsgericht {city}",
        "CH": lambda: f"CHE-{d(rng, 3)}.{d(rng, 3)}.{d(rng, 3)}",
    }
    return forms[country]()


def party_make(rng: random.Random, region: Region, *, name: str = "") -> Party:
    """A company (or the given name) somewhere in the region, with its ids and bank."""
    country = region.code[-2:]
    lang = region.lang
    if not name:
        name = f"{rng.choice(COMPANY_CORES[lang])} {rng.choice(LEGAL_FORMS[region.code])}"
    city, postcode = rng.choice(CITIES[region.code])
    street = rng.choice(STREETS[region.code]).format(n=rng.randint(2, 188))
    city_line = f"{city} {postcode}" if country in ("GB", "IE") else f"{postcode} {city}"
    if country == "US":
        city_line = f"{city} {postcode}"
    plain = unicodedata.normalize("NFKD", name.lower().split(" ")[0])
    slug = "".join(c for c in plain if c.isalpha() and c.isascii()) or "office"
    return Party(
        name=name,
        street=street,
        city_line=city_line,
        city=city,
        country=region.country,
        vat_id=fmt.vat_id(country, rng),
        email=f"{rng.choice(MAILBOXES[lang])}@{slug}.example.com",
        phone=fmt.phone(country, rng),
        iban=fmt.iban(country, rng) if country != "US" else f"Routing 0210000{fmt.digits(rng, 2)}",
        bic="".join(rng.choice(string.ascii_uppercase) for _ in range(4)) + country + "2X",
        bank=rng.choice(BANKS[country]),
        register=_register(country, rng, city),
        director=_person(rng, lang),
        contact=_person(rng, lang),
    )


def _invoice_number(rng: random.Random, year: int) -> str:
    d = fmt.digits
    forms = (
        lambda: f"INV-{rng.randint(1, 2999):06d}",
        lambda: f"{year}-{rng.randint(1, 999):04d}",
        lambda: f"RE-{year}-{rng.randint(100, 9999)}",
        lambda: f"F{year}{rng.randint(1, 99999):05d}",
        lambda: f"FA{year % 100}/{rng.randint(1, 9999):04d}",
        lambda: f"{''.join(rng.choice('0123456789ABCDEF') for _ in range(8))}-{rng.randint(1, 40):04d}",
        lambda: f"{year}.{rng.randint(1, 999):04d}",
        lambda: f"{rng.randint(1, 9)}{d(rng, 7)}",
        lambda: f"VF-{year % 100}{rng.randint(1, 12):02d}-{d(rng, 3)}",
    )
    return rng.choice(forms)()


def _customer_number(rng: random.Random) -> str:
    d = fmt.digits
    return rng.choice(
        (lambda: f"KD-{d(rng, 5)}", lambda: f"C{d(rng, 6)}", lambda: d(rng, 5), lambda: f"10{d(rng, 4)}")
    )()


def _order_number(rng: random.Random) -> str:
    d = fmt.digits
    return rng.choice(
        (
            lambda: f"#{rng.randint(1001, 9999)}",
            lambda: f"WO-{d(rng, 6)}",
            lambda: f"{d(rng, 3)}-{d(rng, 7)}-{d(rng, 7)}",
            lambda: f"PO {d(rng, 5)}",
        )
    )()


VARIANTS = {
    "en": ("batch {n}", "colour graphite", "pack of {n}", "ref. {n}", "2nd location"),
    "fr": ("lot {n}", "coloris anthracite", "par {n}", "réf. {n}", "site n° 2"),
    "nl": ("partij {n}", "kleur antraciet", "per {n}", "ref. {n}", "vestiging 2"),
    "de": ("Charge {n}", "Farbe anthrazit", "VE {n}", "Ref. {n}", "Standort 2"),
}


def _price(rng: random.Random, low: int, high: int) -> Decimal:
    cents = rng.randint(low * 100, high * 100)
    if rng.random() < 0.4:
        cents = cents // 100 * 100  # round prices are common
    return Decimal(cents) / 100


def _lines(rng: random.Random, region: Region, shape: Shape) -> list[Line]:
    count = rng.randint(*shape.items)
    lang = region.lang
    standard = region.rates[0]
    reduced = region.rates[1] if len(region.rates) > 1 else standard
    if shape.goods == "telecom":
        pool = [(t, "month", 5, 60) for t in TELECOM[lang]]
    elif shape.goods == "hours":
        pool = [(g, "h", 45, 120) for g, kind, _, _ in GOODS[lang] if kind in ("h", "day", "flat")]
    else:
        pool = list(GOODS[lang])
    picks = rng.sample(pool, min(count, len(pool)))
    while len(picks) < count:  # long invoices repeat goods in another variant
        g = rng.choice(pool)
        variant = rng.choice(VARIANTS[lang]).format(n=rng.randint(2, 60))
        picks.append((f"{g[0]}, {variant}", *g[1:]))
    lines = []
    for i, (desc, kind, low, high) in enumerate(picks):
        qty = 1 if shape.goods == "telecom" else rng.choice((1, 1, 2, 3, 4, 5, 6, 8, 10, 12, 24))
        if shape.goods == "hours" or kind == "h":
            qty = rng.randint(2, 48)
        rate = standard
        if shape.multi_rate and (i % 3 == 1 or i == len(picks) - 1):
            desc, kind, low, high, rate = rng.choice(GOODS_REDUCED[lang]), "pc", 8, 60, reduced
        unit = _price(rng, low, high)
        sku = f"{rng.choice(string.ascii_uppercase)}{rng.choice(string.ascii_uppercase)}-{fmt.digits(rng, 4)}"
        lines.append(Line(desc, qty, kind, unit, fmt.round_money(unit * qty), rate, sku))
    if shape.multi_rate and all(line.rate == standard for line in lines):
        raise AssertionError("a multi-rate invoice needs a reduced line")
    return lines


def _sums(rng: random.Random, region: Region, shape: Shape, lines: list[Line]) -> dict:
    goods = sum((line.amount for line in lines), Decimal("0"))
    discount = shipping = Decimal("0")
    code = ""
    if rng.random() < shape.discount:
        discount = rng.choice((fmt.round_money(goods * Decimal("0.1")), Decimal("5.00"), Decimal("15.00")))
        code = rng.choice(("WELCOME10", "SPRING24", "VIP15", "NEWS5"))
    if rng.random() < shape.shipping:
        shipping = Decimal(rng.choice(("4.95", "5.90", "6.99", "12.50")))
    after = goods - discount + shipping
    if shape.gross_prices:
        rate = region.rates[0]
        tax = fmt.round_money(after * rate / (100 + rate))
        parts = [TaxPart(rate, after - tax, tax)]
        return dict(
            goods_total=goods,
            discount=discount,
            discount_code=code,
            shipping=shipping,
            tax_parts=parts,
            subtotal=after - tax,
            tax=tax,
            total=after,
        )
    rates = sorted({line.rate for line in lines})
    parts = []
    for rate in rates:
        base = sum((line.amount for line in lines if line.rate == rate), Decimal("0"))
        if len(rates) == 1:
            base = after
        parts.append(TaxPart(rate, base, fmt.round_money(base * rate / 100)))
    tax = sum((p.tax for p in parts), Decimal("0"))
    return dict(
        goods_total=goods,
        discount=discount,
        discount_code=code,
        shipping=shipping,
        tax_parts=parts,
        subtotal=after,
        tax=tax,
        total=after + tax,
    )


def invoice_make(*, rng: random.Random, region: Region, shape: Shape, vendor_name: str = "") -> Invoice:
    """Draw one consistent invoice: qty x price = amount, subtotal + tax = total, rounded half up."""
    date = dt.date(2022, 1, 3) + dt.timedelta(days=rng.randint(0, 1400))
    terms = rng.choice((7, 10, 14, 14, 30, 30, 45) if region.lang != "de" else (8, 10, 14, 14, 30))
    b2c = rng.random() < shape.b2c
    customer = party_make(rng, region, name=_person(rng, region.lang) if b2c else "")
    vendor = party_make(rng, region, name=vendor_name)
    while vendor.name == customer.name:
        vendor = party_make(rng, region, name=vendor_name)
    lines = _lines(rng, region, shape)
    order_date = date - dt.timedelta(days=rng.randint(3, 20))
    return Invoice(
        region=region,
        number=_invoice_number(rng, date.year),
        date=date,
        due=date + dt.timedelta(days=terms),
        terms_days=terms,
        order_no=_order_number(rng),
        order_date=order_date,
        delivery_date=order_date + dt.timedelta(days=rng.randint(1, (date - order_date).days)),
        customer_no=_customer_number(rng),
        vendor=vendor,
        customer=customer,
        customer_is_person=b2c,
        lines=lines,
        gross_prices=shape.gross_prices,
        **_sums(rng, region, shape, lines),
    )


def person_make(rng: random.Random, lang: str) -> str:
    return _person(rng, lang)


@dataclass
class Doc:
    """One document's choices (wordings, number and date styles) and what it printed where."""

    inv: Invoice
    rng: random.Random
    money: fmt.Money
    date_style: str
    qty_style: str
    marks: dict = field(default_factory=dict)
    _labels: dict = field(default_factory=dict)

    @classmethod
    def make(cls, inv: Invoice, rng: random.Random) -> Doc:
        region = inv.region
        qty_styles = ("int", "int", "int_unit", "dec")
        return cls(
            inv, rng, fmt.money_style(region, rng), rng.choice(region.date_styles), rng.choice(qty_styles)
        )

    @property
    def lang(self) -> str:
        return self.inv.lang

    def label(self, key: str, **values: str) -> str:
        """This document's wording for ``key`` (picked once, kept for the whole document)."""
        if key not in self._labels:
            self._labels[key] = self.rng.choice(LABELS[key][self.lang])
        return self._labels[key].format(**values) if values else self._labels[key]

    def sentence(self, key: str, **values: str) -> str:
        if key not in self._labels:
            self._labels[key] = self.rng.choice(SENTENCES[key][self.lang])
        return self._labels[key].format(**values)

    def d(self, day: dt.date) -> str:
        return fmt.date_text(day, self.date_style, self.inv.region)

    def m(self, value: Decimal) -> str:
        return self.money.full(value)

    def n(self, value: Decimal) -> str:
        return self.money.num(value)

    def rate(self, rate: Decimal) -> str:
        return self.money.rate(rate, spaced=self.lang in ("fr", "de"))

    def unit(self, line: Line) -> str:
        key = f"unit:{line.unit_kind}"
        if key not in self._labels:
            self._labels[key] = self.rng.choice(UNITS[line.unit_kind][self.lang])
        return self._labels[key]

    def qty(self, line: Line, *, with_unit: bool | None = None) -> str:
        """The printed quantity: ``3``, ``3,00``, ``3 Stk.``, ``2 h``."""
        number = str(line.quantity)
        if self.qty_style == "dec":
            number = self.money.num(Decimal(line.quantity))
        if with_unit is None:
            with_unit = self.qty_style == "int_unit"
        return f"{number} {self.unit(line)}" if with_unit else number

    def mark(self, name: str, text: str) -> str:
        """Record where a truth value was printed (verify.py looks for it); return the text."""
        self.marks.setdefault(name, []).append(text)
        return text

    def mark_line(self, index: int, name: str, text: str) -> str:
        return self.mark(f"line{index}.{name}", text)
