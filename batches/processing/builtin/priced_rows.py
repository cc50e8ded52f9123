"""Line items whose table header was not read: rows that price themselves.

OCR loses a pale header (light grey small capitals, letter-spaced: "UNIDADES  PRECIO  IMPORTE")
and with it every column ``items.layout_items`` would read by position. The rows still say what
they are by their arithmetic: a description, then a quantity, a price and their product
("Sesión fotográfica … de  2  420,00 €  840,00 €"), or a price and the same amount (a quantity
of one that was not read). A line of text close under a row's description wraps it.

Only a run of two such rows or more counts, and at least one of them must multiply: one line
whose last two amounts agree is as likely a total printed twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.items import build_item, is_totals_line
from batches.processing.layout.model import Layout, Line

# A number as a row prints it, its currency beside it or not ("1.850,00", "$140.00", "EUR 12,00").
NUMBER = re.compile(r"\(?-?(?:[$€£]|[A-Z]{3}\s?)?\d[\d.,'\u2019]*\)?(?:\s?(?:[$€£]|[A-Z]{3}))?")
CURRENCY = re.compile(r"[$€£]|[A-Z]{3}")
RATE = re.compile(r"\d[\d.,]*\s?%")
MIN_ROWS = 2
MIN_LETTERS = 3  # a description has words, not a code
WRAP_GAP = 0.8  # of a line's height: a description's next line is closer than this
ROW_GAP = 3.5  # of a line's height: a wider gap between rows ends the run


@dataclass(slots=True)
class _Priced:
    line: Line
    description: list[str]
    quantity: str | None
    unit_price: str
    amount: str
    multiplies: bool  # quantity times price is the amount
    wraps: list[str] = field(default_factory=list)
    bottom: float = 0.0  # of the row's last line (its description's wrapped lines too)

    def __post_init__(self) -> None:
        self.bottom = self.bottom or self.line.y1

    def raw(self) -> dict[str, str]:
        words = self.description + self.wraps
        raw = {"description": " ".join(words), "unit_price": self.unit_price, "amount": self.amount}
        return raw | ({"quantity": self.quantity} if self.quantity else {})


def priced_rows(layout: Layout, wanted: list[str]) -> tuple[list[dict], list[dict]]:
    """The first run of self-pricing rows in the layout, as items with their sources."""
    run: list[_Priced] = []
    for line in layout.lines:
        row = _priced(line)
        if row is not None and (not run or _goes_on(run[-1], line)):
            run.append(row)
        elif row is not None:
            if _counts(run):
                break
            run = [row]
        elif run and _wraps(run[-1], line):
            run[-1].wraps.extend(word.text for word in line.words)
            run[-1].bottom = line.y1
    if not _counts(run):
        return [], []
    items, sources = [], []
    for row in run:
        item = build_item(row.raw(), wanted)
        if item:
            items.append(item)
            sources.append({"page": row.line.page, "snippet": row.line.text[:300], "confidence": 0.75})
    return items, sources


def _counts(run: list[_Priced]) -> bool:
    return len(run) >= MIN_ROWS and any(row.multiplies for row in run)


def _priced(line: Line) -> _Priced | None:
    """The line as a row: its text up to its last numbers, which price it."""
    words = [word.text for word in line.words if not RATE.fullmatch(word.text)]
    numbers: list[str] = []
    while words and len(numbers) < 3:
        last = _joined_number(words)
        if last is None:
            break
        numbers.insert(0, last[0])
        words = words[: -last[1]]
    description = words
    if sum(c.isalpha() for c in " ".join(description)) < MIN_LETTERS or is_totals_line(" ".join(description)):
        return None
    values = [norm.parse_amount(number) for number in numbers]
    if len(numbers) == 3 and all(values) and _multiplies(*(Decimal(v) for v in values if v)):
        return _Priced(line, description, numbers[0], numbers[1], numbers[2], multiplies=True)
    if len(numbers) >= 2 and values[-1] and values[-2] == values[-1]:
        if len(numbers) == 3:
            description = [*description, numbers[0]]  # a number of the description's ("(48")
        return _Priced(line, description, None, numbers[-2], numbers[-1], multiplies=False)
    return None


def _joined_number(words: list[str]) -> tuple[str, int] | None:
    """The number that ends the words, its currency read as a word of its own or not ("1.850,00 €"),
    with how many words it takes."""
    if len(words) >= 2 and _currency_beside(words[-2], words[-1]):
        return f"{words[-2]} {words[-1]}", 2
    return (words[-1], 1) if NUMBER.fullmatch(words[-1]) else None


def _currency_beside(first: str, second: str) -> bool:
    return bool(
        (NUMBER.fullmatch(first) and CURRENCY.fullmatch(second))
        or (CURRENCY.fullmatch(first) and NUMBER.fullmatch(second))
    )


def _multiplies(quantity: Decimal, price: Decimal, amount: Decimal) -> bool:
    return amount != 0 and abs(quantity * price - amount) <= max(Decimal("0.01"), abs(amount) / 200)


def _goes_on(row: _Priced, line: Line) -> bool:
    """Whether the line is the run's next row: on the same page, not far below the last."""
    return line.page == row.line.page and line.y0 - row.bottom <= ROW_GAP * row.line.height


def _wraps(row: _Priced, line: Line) -> bool:
    """Whether the line (words, no amount at its end) is the row's description going on below it."""
    return (
        line.page == row.line.page
        and line.y0 - row.bottom < WRAP_GAP * row.line.height
        and abs(line.x0 - row.line.x0) <= row.line.height
        and _joined_number([word.text for word in line.words]) is None
    )
