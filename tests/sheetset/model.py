"""One document's content and choices, drawn from its own random generator, and its truth.

Everything here is decided before a cell is written, so the same seed gives the same truth whatever
LibreOffice does. The templates only lay the content out; they record where each truth value was printed
through ``Doc.mark``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from . import parties, vocab
from .regions import MoneyStyle, Region, date_text, money_text, number_text, percent_text

CENT = Decimal("0.01")
FONTS = (
    "Liberation Sans",
    "Arial",
    "Calibri",
    "DejaVu Sans",
    "Liberation Serif",
    "Verdana",
    "Liberation Sans Narrow",
)
ACCENTS = (  # (strong colour, light fill)
    ("1F4E79", "DDEBF7"),
    ("375623", "E2EFDA"),
    ("5B2C6F", "EDE7F6"),
    ("C55A11", "FCE4D6"),
    ("404040", "EDEDED"),
    ("00695C", "E0F2F1"),
)


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def is_tie(exact: Decimal) -> bool:
    """A value exactly half-way between two cents: spreadsheet and Decimal rounding may disagree."""
    return (exact * 100) % 1 == Decimal("0.5")


@dataclass
class Line:
    description: str
    qty: int
    unit_price: Decimal
    unit: str
    discount: Decimal = Decimal(0)  # percent
    rate: Decimal = Decimal(0)  # tax percent of the line
    sku: str = ""

    @property
    def exact(self) -> Decimal:
        return self.qty * self.unit_price * (1 - self.discount / 100)

    @property
    def amount(self) -> Decimal:
        return cents(self.exact)


@dataclass
class TaxLine:
    rate: Decimal
    base: Decimal

    @property
    def tax(self) -> Decimal:
        return cents(self.base * self.rate / 100)


@dataclass
class Doc:
    name: str
    kind: str  # "invoice" | "purchase_order"
    region: Region
    template: str
    format: str  # "pdf" | "scan-png" | "scan-jpeg" | "scan-pdf"
    rng: random.Random
    number: str = ""
    date: dt.date = dt.date(2024, 1, 1)
    due: dt.date | None = None
    delivery: dt.date | None = None
    customer_no: str = ""
    order_ref: str = ""
    issuer: parties.Party | None = None
    addressee: parties.Party | None = None
    ship_to: parties.Party | None = None
    lines: list[Line] = field(default_factory=list)
    spare_rows: int = 0
    spare_blank: bool = False
    narrow_desc: bool = False
    columns: set[str] = field(default_factory=set)  # of "pos", "sku", "unit", "discount", "rate"
    qty_style: str = "int"  # "int" | "dec" | "unit"
    money: MoneyStyle | None = None
    date_code: str = "DD/MM/YYYY"
    discount_pct: Decimal = Decimal(0)
    shipping: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    taxed: bool = True
    tax_lines: list[TaxLine] = field(default_factory=list)
    tax_name: str = ""
    rate_in_label: bool = True
    rate_space: bool = False
    show_currency_line: bool = False
    font: str = "Liberation Sans"
    accent: tuple[str, str] = ACCENTS[0]
    sentences: list[str] = field(default_factory=list)
    printed: dict = field(default_factory=dict)
    _labels: dict[str, str] = field(default_factory=dict)

    # ---- words

    @property
    def language(self) -> str:
        return self.region.language

    def label(self, concept: str, **values: str) -> str:
        """The document's one wording for ``concept`` (chosen once, then kept)."""
        if concept not in self._labels:
            choices = (
                vocab.REGION_LABELS.get(self.region.key, {}).get(concept)
                or vocab.LABELS[concept][self.language]
            )
            self._labels[concept] = self.rng.choice(choices)
        return self._labels[concept].format(tax=self.tax_name, **values)

    def rate_text(self, rate: Decimal) -> str:
        text = percent_text(rate, self.region)
        return text[:-1] + " %" if self.rate_space else text

    def tax_label(self, rate: Decimal) -> str:
        if self.rate_in_label:
            return self.label("tax_line", rate=self.rate_text(rate))
        return self.tax_name

    # ---- amounts

    @property
    def goods(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def discount(self) -> Decimal:
        return cents(self.goods * self.discount_pct / 100)

    @property
    def subtotal(self) -> Decimal:
        return self.goods - self.discount + self.shipping

    @property
    def tax(self) -> Decimal:
        return sum((t.tax for t in self.tax_lines), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax

    @property
    def balance(self) -> Decimal:
        return self.total - self.paid

    @property
    def has_ties(self) -> bool:
        exact = [line.exact for line in self.lines]
        exact += [t.base * t.rate / 100 for t in self.tax_lines]
        exact.append(self.goods * self.discount_pct / 100)
        return any(is_tie(v) for v in exact)

    # ---- printed forms

    def money_text(self, value: Decimal, *, token: bool = True) -> str:
        return money_text(value, self.region, self.money, with_token=token)

    def date_text(self, value: dt.date, code: str | None = None) -> str:
        return date_text(value, self.region, code or self.date_code)

    def qty_text(self, line: Line) -> str:
        if self.qty_style == "dec":
            return number_text(Decimal(line.qty), self.region, grouping=False)
        if self.qty_style == "unit":
            return f"{line.qty} {line.unit}"
        return str(line.qty)

    def mark(self, field_name: str, text: str) -> None:
        """Record that ``field_name``'s truth value was printed as ``text``."""
        self.printed.setdefault(field_name, []).append(text)

    # ---- truth

    def truth_fields(self) -> dict:
        items = [
            {
                "description": line.description,
                "quantity": line.qty,
                "unit_price": f"{line.unit_price:.2f}",
                "amount": f"{line.amount:.2f}",
            }
            for line in self.lines
        ]
        if self.kind == "purchase_order":
            return {
                "po_number": self.number,
                "order_date": self.date.isoformat(),
                "buyer": self.issuer.name,
                "supplier": self.addressee.name,
                "total": f"{self.total:.2f}",
                "line_items": items,
            }
        return {
            "invoice_number": self.number,
            "invoice_date": self.date.isoformat(),
            "due_date": self.due.isoformat(),
            "vendor_name": self.issuer.name,
            "customer_name": self.addressee.name,
            "currency": self.region.currency,
            "subtotal": f"{self.subtotal:.2f}",
            "tax": f"{self.tax:.2f}",
            "total": f"{self.total:.2f}",
            "line_items": items,
        }
