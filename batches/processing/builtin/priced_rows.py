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
from batches.processing.builtin.checks import three_that_multiply
from batches.processing.builtin.items import amount_words, breaks_off, build_item, is_totals_line
from batches.processing.builtin.labels import label_index
from batches.processing.layout.model import Layout, Line
from batches.processing.layout.scanned import DASHES

# A number as a row prints it, its currency beside it or not ("1.850,00", "$140.00", "EUR 12,00").
# An amount a space groups is one word (``items.amount_words``: "2 145,00").
NUMBER = re.compile(
    r"\(?-?(?:[$€£]|[A-Z]{3}\s?)?(?:\d{1,3}(?: \d{3})+(?:[.,]\d{1,2})?|\d[\d.,'\u2019]*)\)?"
    r"(?:\s?(?:[$€£]|[A-Z]{3}))?"
)
CURRENCY = re.compile(r"[$€£]|[A-Z]{3}")
RATE = re.compile(r"-?\d[\d.,]*\s?%")
UNIT = re.compile(r"[A-Za-z]{1,4}\.?")  # "Stk.", "PZ", "psch", "h"
# An article code: digits with capitals, a dash or a slash ("10-4480", "FT65-25", "A12"); a row's
# position is a number of one or two digits.
ARTICLE = re.compile(r"(?=[^a-z\s]*\d)(?=[^a-z\s]*[A-Z\-/])[A-Z0-9][A-Z0-9\-/.]*")
POSITION = re.compile(r"\d{1,2}\.?")
MAX_NUMBERS = 6  # a row's numbers: quantity, price, amount, and a VAT code or two after them
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
    left: float = 0.0  # where the description's words start (after a position or code)

    def __post_init__(self) -> None:
        self.bottom = self.bottom or self.line.y1

    def raw(self) -> dict[str, str]:
        words = self.description + self.wraps
        raw = {"description": " ".join(words), "unit_price": self.unit_price, "amount": self.amount}
        return raw | ({"quantity": self.quantity} if self.quantity else {})


def priced_rows(layout: Layout, wanted: list[str]) -> tuple[list[dict], list[dict]]:
    """The first run of self-pricing rows in the layout, as items with their sources."""
    run: list[_Priced] = []
    opening: list[str] = []  # the first line of the next row's description, over its figures
    lines = layout.lines
    for at, line in enumerate(lines):
        row = _priced(line)
        if row is not None:
            row.description, opening = opening + row.description, []
        if row is not None and (not run or _goes_on(run[-1], line)):
            run.append(row)
        elif row is not None:
            if _counts(run):
                break
            run = [row]
        elif run and _wraps(run[-1], line):
            words = [word.text for word in line.words]
            if _opens_the_next(words, lines[at + 1 : at + 2]):
                opening = words
                continue
            run[-1].wraps.extend(words)
            run[-1].bottom = line.y1
        elif _over_its_rows_end(line, lines[at + 1 : at + 2]):  # "Progettazione … tecnica" over "ex L. …"
            opening = [word.text for word in line.words]
    if not _counts(run):
        return [], []
    items, sources = [], []
    for row in run:
        item = build_item(row.raw(), wanted)
        if item:
            items.append(item)
            sources.append({"page": row.line.page, "snippet": row.line.text[:300], "confidence": 0.75})
    return items, sources


def _opens_the_next(words: list[str], following: list[Line]) -> bool:
    """Whether a line of words under a row opens the next row's description: it breaks off, and
    the next line is a row whose words go on in small letters ("… procès-verbal et dépôt des"
    over "comptes  1  386,00 €  386,00 €")."""
    if not following or not breaks_off(words):
        return False
    row = _priced(following[0])
    return row is not None and bool(row.description) and row.description[0][:1].islower()


def _over_its_rows_end(line: Line, following: list[Line]) -> bool:
    """Whether a line of words alone stands just over a priced row whose description goes on from
    it in small letters: the row's description starts there."""
    row = _priced(following[0]) if following else None
    return row is not None and bool(row.description) and _goes_on_from(line, following[0], row.description[0])


def _goes_on_from(above: Line | None, line: Line, text: str) -> bool:
    """Whether ``text``, on ``line``, goes on in small letters from ``above``: a line of words alone
    just over it on its page, no total's ("Onorari per attività stragiudiziale: … diffida" over "ad
    adempiere, …  € 850,00")."""
    return (
        above is not None
        and above.page == line.page
        and line.y0 - above.y1 < line.height
        and len(above.cells) == 1
        and text[:1].islower()
        and not is_totals_line(above.text)
    )


def _counts(run: list[_Priced]) -> bool:
    return len(run) >= MIN_ROWS and any(row.multiplies for row in run)


def _priced(line: Line) -> _Priced | None:
    """The line as a row: the three of its last numbers that multiply (``checks.three_that_multiply``:
    a VAT code or rate may follow them or stand before the amount, a unit may stand beside the
    quantity: "4 Stk.  € 245,00  20 %  € 980,00"), else its last two numbers where they are the
    same amount; the words before them describe it."""
    grouped = [word for cell in line.cells for word in amount_words(cell)]
    words = [word.text for word in grouped]
    trail = _trailing_numbers(words)
    numbers = [number for _start, number in trail]
    values = [norm.parse_amount(number) for number in numbers]
    found = three_that_multiply(numbers, lambda three: _multiplies(*three.values()), line.text)
    if found is not None:
        start, multiplies = trail[found[0]][0], True
        quantity, price, amount = (numbers[at] for at in found)
    elif len(trail) >= 2 and values[-1] and values[-2] == values[-1]:
        start, multiplies = trail[-2][0], False
        quantity, price, amount = None, trail[-2][1], trail[-1][1]
    elif len(trail) >= 2 and (count := _count_lost(values[-2], values[-1])):
        start, multiplies = trail[-2][0], False  # "Oreiller ferme 60 x 60 cm  40,50  20%  81,00 €"
        quantity, price, amount = str(count), trail[-2][1], trail[-1][1]
    else:
        return None
    described = _without_a_unit(words[:start], line)
    description = _without_codes(described)
    first = len(described) - len(description)
    if len(description) > 1 and POSITION.fullmatch(description[0]):
        first += 1  # a wrapped line starts under the words, not under the position
    left = grouped[first].x0 if description else line.x0
    text = " ".join(description)
    if sum(c.isalpha() for c in text) < MIN_LETTERS or is_totals_line(text):
        return None
    return _Priced(line, description, quantity, price, amount, multiplies=multiplies, left=left)


def _count_lost(price: str | None, amount: str | None) -> int | None:
    """The count OCR lost between a price and the amount it makes: the amount a whole number of
    times the price, twice at least (once is ``_priced``'s price and the same amount)."""
    if not price or not amount or Decimal(price) <= 0:
        return None
    count = Decimal(amount) / Decimal(price)
    return int(count) if count == count.to_integral_value() and 2 <= count <= MAX_COUNT else None


MAX_COUNT = 999


def _trailing_numbers(words: list[str]) -> list[tuple[int, str]]:
    """The numbers that end the words, each with the position of its first word; rates ("10 %",
    "19%": a VAT or discount column), dashes (an empty cell) and a unit after a number ("Stk.")
    are passed over."""
    trail: list[tuple[int, str]] = []
    end = len(words)
    while end and len(trail) < MAX_NUMBERS:
        number = _joined_number(words[:end])
        word = words[end - 1]
        if RATE.fullmatch(word) or (word == "%" and end >= 2 and NUMBER.fullmatch(words[end - 2])):
            end -= 1 if word != "%" else 2
        elif number is not None:
            trail.insert(0, (end - number[1], number[0]))
            end -= number[1]
        elif word in DASHES or (UNIT.fullmatch(word) and end >= 2 and NUMBER.fullmatch(words[end - 2])):
            end -= 1
        else:
            break
    return trail


def _without_codes(words: list[str]) -> list[str]:
    """The description less the article code OCR read into it, and the position before the code
    ("2 10-4480 Nachtkästchen …"); a description may start with a number ("180 x 200 cm")."""
    start = 1 if len(words) > 2 and POSITION.fullmatch(words[0]) and ARTICLE.fullmatch(words[1]) else 0
    while start < len(words) - 1 and ARTICLE.fullmatch(words[start]):
        start += 1
    return words[start:]


def _without_a_unit(words: list[str], line: Line) -> list[str]:
    """The description less a unit printed in a column of its own before the quantity ("PZ")."""
    if words and UNIT.fullmatch(words[-1]) and any(cell.text == words[-1] for cell in line.cells):
        return words[:-1]
    return words


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
        and abs(line.x0 - row.left) <= row.line.height
        and _joined_number([word.text for word in line.words]) is None
    )


def rows_adding_up(layout: Layout, wanted: list[str]) -> tuple[list[dict], list[dict]]:
    """Lines of a description and one amount each, in a run of ``SUMMED_ROWS`` or more right over a
    total's line that prints their sum ("Spesa per la materia energia  58,73", …, "Imposte (accise)
    8,16", "Totale imponibile  97,43": a bill's summary of its charges): items of a description
    and an amount, where no table with columns was read. A line a total's word opens goes on with
    the run where it prints no such sum (a duty charged among the others)."""
    run: list[tuple[Line, str, str]] = []
    for at, line in enumerate(layout.lines):
        if len(run) >= SUMMED_ROWS and _prints_the_sum(line, run):
            return _charges_as_items(run, wanted)
        charge = _a_charge(line)
        if charge is None:
            run = []
        elif run or not is_totals_line(charge[0]):
            text, amount = charge
            above = layout.lines[at - 1] if at else None
            run.append(
                (line, f"{above.text.strip()} {text}" if _goes_on_from(above, line, text) else text, amount)
            )
    return [], []


def _charges_as_items(run: list[tuple[Line, str, str]], wanted: list[str]) -> tuple[list[dict], list[dict]]:
    items, sources = [], []
    for row, text, amount in run:
        item = build_item({"description": text, "amount": amount}, wanted)
        if item:
            items.append(item)
            sources.append({"page": row.page, "snippet": row.text[:300], "confidence": 0.7})
    return items, sources


SUMMED_ROWS = 2


def _a_charge(line: Line) -> tuple[str, str] | None:
    """A line of two cells, words and an amount with its cents, no label alone ("IVA 22%"): a
    charge's description and amount, or a total's."""
    if len(line.cells) != 2:
        return None
    text, amount = line.cells[0].text.strip(), line.cells[1].text.strip()
    if (
        not re.search(r"[^\W\d_]{3}", text)
        or not norm.CENTS_END.search(norm.CURRENCY_RE.sub("", amount).strip())
        or label_index(()).a_whole_label(text)
    ):
        return None
    value = norm.parse_amount(amount)
    return (text, amount) if value is not None and Decimal(value) > 0 else None


def _prints_the_sum(line: Line, run: list[tuple[Line, str, str]]) -> bool:
    """Whether a total's line of two cells prints the sum of the run's amounts."""
    if len(line.cells) != 2 or not is_totals_line(line.cells[0].text):
        return False
    total = sum((Decimal(norm.parse_amount(amount) or 0) for _line, _t, amount in run), Decimal(0))
    return norm.parse_amount(line.cells[1].text) == norm.money_text(total)
