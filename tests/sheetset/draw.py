"""Draw one document's content from its random generator: parties, numbers, dates, lines, totals."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from . import parties, vocab, words
from .model import ACCENTS, FONTS, Doc, Line, TaxLine
from .regions import MoneyStyle, Region


@dataclass(frozen=True)
class Shape:
    """What a template asks of the content it lays out."""

    lines: tuple[int, int]  # fewest and most item rows
    spare: bool  # the table has a template's fixed size: unused rows stay
    line_vat: bool  # a VAT-rate column, maybe two rates
    line_discount: bool  # a discount column
    notes: bool  # a notes/terms block with other dates and numbers


INVOICE_NUMBERS = {
    "en": ["SI-{n:05d}", "{y}-{n:04d}", "INV{yy}{n:04d}", "#{n:05d}", "A{n:06d}"],
    "fr": ["FA{y}-{n:04d}", "F{yy}{m:02d}{n:03d}", "{y}/{n:04d}", "FAC-{n:05d}"],
    "nl": ["F{y}.{n:04d}", "{y}{n:04d}", "FN-{n:05d}", "{yy}-{n:03d}"],
    "de": ["RE{yy}-{n:04d}", "R-{y}-{n:05d}", "{y}{m:02d}-{n:03d}", "RG {n:05d}"],
    "es": ["FAC-{y}-{n:04d}", "A/{n:05d}", "{y}/{n:04d}", "F{yy}-{n:04d}"],
    "it": ["{n}/{y}", "FT {y}/{n:04d}", "{n:04d}/PA", "{y}-FV-{n:03d}"],
    "pt": ["FT {y}/{n}", "FT A/{n:04d}", "{y}/{n:05d}", "FAT-{n:05d}"],
}
PO_NUMBERS = {
    "en": ["PO-{n:05d}", "4500{n:06d}", "P{yy}{n:05d}", "PUR-{y}-{n:03d}"],
    "fr": ["BC-{y}-{n:04d}", "CMD{yy}{n:04d}", "4500{n:06d}"],
    "nl": ["IO-{y}-{n:04d}", "BST{n:05d}", "4500{n:06d}"],
    "de": ["BE-{y}-{n:04d}", "B{yy}{n:05d}", "4500{n:06d}"],
    "es": ["PC-{y}/{n:04d}", "OC-{n:05d}", "4500{n:06d}"],
    "it": ["ODA {n}/{yy}", "OA-{y}-{n:04d}", "4500{n:06d}"],
    "pt": ["NE {y}/{n:04d}", "PC-{n:05d}", "4500{n:06d}"],
}
US_SALES_TAX = [Decimal(r) for r in ("6", "6.25", "6.5", "7.25", "8.25", "8.875")]
CUSTOMER_NUMBERS = ["K-{n:05d}", "C{n:06d}", "{n:05d}", "CL-{n:04d}", "D{n:05d}"]
REF_NUMBERS = ["PO {n:06d}", "4500{n:06d}", "BEST-{n:04d}", "REF/{n:05d}", "{n:07d}"]


def _money_style(rng: random.Random, region: Region) -> MoneyStyle:
    token = region.currency if rng.random() < 0.3 else region.symbol
    before = region.symbol_first if rng.random() < 0.8 else not region.symbol_first
    if token == region.currency and token != region.symbol:
        before = rng.random() < 0.5
    space = token != region.symbol or token in ("CHF", "R$") or not before or rng.random() < 0.4
    return MoneyStyle(
        token=token, before=before, space=space, grouping=rng.random() < 0.75, in_table=rng.random() < 0.35
    )


def _number(rng: random.Random, patterns: list[str], date: dt.date) -> str:
    return rng.choice(patterns).format(n=rng.randint(17, 9400), y=date.year, yy=date.year % 100, m=date.month)


def _price(rng: random.Random, low: int, high: int) -> Decimal:
    whole = rng.randint(low, high)
    cents = rng.choice([0, 0, 50, 90, 95, 99, rng.randint(1, 99)])
    return Decimal(whole) + Decimal(cents) / 100


def _catalogue(rng: random.Random, language: str, count: int) -> list[tuple[str, bool, int, int]]:
    goods = list(words.GOODS[language])
    rng.shuffle(goods)
    if count <= len(goods) - 2:
        return goods[:count]
    seen: set[str] = set()
    parts = []
    while len(parts) < count:
        text = rng.choice(words.PARTS[language]).format(
            a=rng.choice([4, 5, 6, 8, 10, 12, 16]),
            b=rng.choice([20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300]),
        )
        if text not in seen:
            seen.add(text)
            parts.append((text, False, 1, 40))
    return parts


def _lines(rng: random.Random, doc: Doc, shape: Shape) -> list[Line]:
    count = rng.randint(*shape.lines)
    piece, hour = words.UNITS[doc.language]
    rates = [rng.choice(US_SALES_TAX) if doc.region.key == "en-US" else doc.region.vat]
    if shape.line_vat and doc.region.reduced is not None and rng.random() < 0.7:
        rates.append(doc.region.reduced)
    discounts = shape.line_discount and rng.random() < 0.6
    lines = []
    for description, hours, low, high in _catalogue(rng, doc.language, count):
        qty = rng.randint(1, 40) if hours else rng.choice([1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 12, 20, 24, 50])
        discount = Decimal(rng.choice([0, 0, 5, 10, 15, 20])) if discounts else Decimal(0)
        lines.append(
            Line(
                description=description,
                qty=qty,
                unit_price=_price(rng, low, high),
                unit=hour if hours else piece,
                discount=discount,
                rate=rng.choice(rates),
                sku=f"{rng.choice('ABCDEHKMPRT')}{rng.randint(100, 999)}-{rng.randint(10, 99)}",
            )
        )
    return lines


def _tax_lines(doc: Doc) -> list[TaxLine]:
    if not doc.taxed:
        return []
    rates = sorted({line.rate for line in doc.lines}, reverse=True)
    if len(rates) == 1:
        return [TaxLine(rates[0], doc.subtotal)]
    return [TaxLine(r, sum((ln.amount for ln in doc.lines if ln.rate == r), Decimal(0))) for r in rates]


def _dates(rng: random.Random, doc: Doc) -> None:
    doc.date = dt.date(2023, 1, 2) + dt.timedelta(days=rng.randint(0, 1030))
    if doc.kind == "invoice":
        doc.due = doc.date + dt.timedelta(days=rng.choice([7, 10, 14, 15, 21, 30, 30, 45, 60]))
        doc.delivery = doc.date - dt.timedelta(days=rng.randint(1, 12))
    else:
        doc.delivery = doc.date + dt.timedelta(days=rng.randint(7, 35))


def _sentences(rng: random.Random, doc: Doc) -> list[str]:
    texts = list(words.SENTENCES[doc.kind][doc.language])
    rng.shuffle(texts)
    numeric = doc.region.date_formats[0]
    other = doc.date - dt.timedelta(days=rng.randint(2, 9))
    if doc.kind == "purchase_order":
        other = doc.date + dt.timedelta(days=rng.randint(2, 6))
    values = {
        "days": str((doc.due - doc.date).days if doc.due else rng.choice([30, 45, 60])),
        "number": doc.number,
        "other_date": doc.date_text(other, numeric),
        "other_date2": doc.date_text(doc.date - dt.timedelta(days=rng.randint(12, 40)), numeric),
        "late_date": doc.date_text((doc.due or doc.date) + dt.timedelta(days=rng.randint(5, 20)), numeric),
        "note_no": f"{rng.choice(['LS', 'DN', 'BL', 'PB', 'ALB', 'DDT', 'GR'])}-{rng.randint(10000, 99999)}",
        "proforma": f"{rng.choice(['PF', 'Q', 'ANG', 'OF', 'DEV'])}-{rng.randint(1000, 9999)}",
        "phone": doc.issuer.phone,
        "email": doc.issuer.email,
    }
    return [t.format(**values) for t in texts[: rng.randint(2, 4)]]


def _extras(rng: random.Random, doc: Doc, shape: Shape) -> None:
    single_rate = len({line.rate for line in doc.lines}) == 1
    if single_rate and rng.random() < 0.3:
        doc.discount_pct = Decimal(rng.choice([2, 3, 5, 10]))
    if single_rate and rng.random() < 0.3:
        doc.shipping = Decimal(rng.choice(["4.90", "7.50", "9.95", "12.00", "15.00", "24.50"]))
    doc.tax_lines = _tax_lines(doc)
    if doc.kind == "invoice" and (shape.notes or rng.random() < 0.2):
        doc.paid = Decimal(max(10, int(doc.total * Decimal(rng.choice(["0.2", "0.3", "0.5"]))) // 10 * 10))


def draw_doc(*, name: str, kind: str, region: Region, template: str, shape: Shape, fmt: str, key: str) -> Doc:
    """The whole content of one document; ``key`` seeds its own generator."""
    rng = random.Random(key)
    doc = Doc(name=name, kind=kind, region=region, template=template, format=fmt, rng=rng)
    language = region.language
    doc.tax_name = rng.choice(vocab.TAX_NAMES[region.key])
    doc.money = _money_style(rng, region)
    doc.date_code = rng.choice(region.date_formats)
    doc.font = rng.choice(FONTS)
    doc.accent = rng.choice(ACCENTS)
    doc.rate_in_label = rng.random() < 0.7
    doc.rate_space = language in ("fr", "de") and rng.random() < 0.6
    doc.issuer = parties.make_party(rng, region.key, language, region.country)
    doc.addressee = parties.make_party(rng, region.key, language, region.country, avoid=doc.issuer.name)
    if rng.random() < 0.5:
        doc.ship_to = parties.make_party(rng, region.key, language, region.country)
        doc.ship_to.name = doc.addressee.name if kind == "invoice" else doc.issuer.name
    _dates(rng, doc)
    numbers = INVOICE_NUMBERS if kind == "invoice" else PO_NUMBERS
    doc.number = _number(rng, numbers[language], doc.date)
    doc.customer_no = _number(rng, CUSTOMER_NUMBERS, doc.date)
    doc.order_ref = _number(rng, REF_NUMBERS, doc.date)
    doc.qty_style = rng.choice(["int", "int", "dec", "unit"])
    doc.narrow_desc = rng.random() < 0.45
    doc.taxed = kind == "invoice" or shape.line_vat or rng.random() < 0.5
    for _attempt in range(50):
        doc.lines = _lines(rng, doc, shape)
        doc.discount_pct, doc.shipping, doc.paid = Decimal(0), Decimal(0), Decimal(0)
        _extras(rng, doc, shape)
        if not doc.has_ties:
            break
    else:  # pragma: no cover - 50 draws in a row with a half-cent are not expected
        raise RuntimeError(f"{name}: no draw without half-cent ties")
    columns = {c for c in ("pos", "sku", "unit") if rng.random() < 0.35}
    if doc.qty_style == "unit":
        columns.discard("unit")
    if shape.line_vat:
        columns.add("rate")
    if any(line.discount for line in doc.lines):
        columns.add("discount")
    doc.columns = columns
    if shape.spare and rng.random() < 0.6:
        doc.spare_rows = rng.randint(2, 6)
        doc.spare_blank = rng.random() < 0.5
    sign_alone = region.sign_is_shared and doc.money.token == region.symbol
    doc.show_currency_line = sign_alone or rng.random() < 0.15
    doc.sentences = _sentences(rng, doc) if shape.notes or rng.random() < 0.3 else []
    return doc
