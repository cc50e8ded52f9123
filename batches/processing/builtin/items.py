"""Line items: rows under a header that names the item columns, in any known language.

Two readers share one header test and one row builder:
- real tables (DOCX, HTML, XLSX, CSV): cells are cells;
- the layout (PDF, OCR, aligned text): each word goes to the column whose header it stands
  under, so "Headset with microphone 2 | 2 | 118,76" keeps its three columns however the
  text layer joined them. A line with words under the description only continues the item
  above it (a wrapped description).
Rows stop at the totals block ("Subtotal", "Total HT", "Zwischensumme") or a wide gap.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.checks import (
    adds_up,
    as_decimal,
    discount,
    printed_rates,
    three_that_multiply,
)
from batches.processing.builtin.labels import label_index
from batches.processing.builtin.values import CUT_SHORT
from batches.processing.builtin.vocabulary import field_type
from batches.processing.layout.geometry import wider_than_its_letters
from batches.processing.layout.model import Cell, Layout, Line, Word
from batches.processing.vocab import (
    alternation,
    clause_words,
    field_labels,
    initials_joined,
    item_column_labels,
    joining_words,
    normalise_label,
    payments_named,
    prose_words,
    total_stop_words,
)

NUMERIC_COLUMNS = ("quantity", "unit_price", "amount")
PRICED_COLUMNS = ("unit_price", "amount")  # a quantity's column may stand left of the item's
# (an amount a space groups is one word: ``amount_words``)
NUMBER = re.compile(r"[(\-]?(?:[$€£]|[A-Z]{2,3})?(?:\d{1,3}(?: \d{3})+(?:[.,]\d{1,2})?|\d[\d.,'\u2019]*)\)?")
HEADER_MATCH = 85
MISREAD_HEADING_LENGTH = 6  # letters of a heading one of which OCR may have misread
ROW_GAP = 3.5  # line heights of empty space that end a table
COLUMNS_BY_WORDS = 3  # a header no cell of which names a column: its words must name this many


@cache
def _headers() -> dict[str, tuple[str, ...]]:
    return {
        column: tuple(dict.fromkeys(label.normalised for label in labels))
        for column, labels in item_column_labels().items()
    }


def header_columns(cells: list[str]) -> dict[str, int]:
    """Item column → position of the cell that names it; a cell names at most one column, and of
    two cells naming one column the surer heads it (``_sureness``)."""
    mapping: dict[str, int] = {}
    named: dict[str, tuple[int, bool]] = {}  # column → sureness of the name that holds it
    for position, cell in enumerate(cells):
        best = (
            ("unit_price" if _a_price_per_unit(cell) else None)
            or _column_named(normalise_label(cell))
            or ("amount" if _a_currency(cell) else None)
        )
        if best and (sureness := _sureness(cell, best)) > named.get(best, (-1, False)):
            mapping[best], named[best] = position, sureness
    return mapping


# A price per unit in a currency: "€/bulto", "EUR/ud.", "$/kg".
PRICE_PER_UNIT = re.compile(r"([$€£]|[A-Z]{3})\s?/\s?[^\W\d_]{1,10}\.?")


def _a_price_per_unit(cell: str) -> bool:
    """A header cell that prices a unit in a currency; three capitals before the slash name one
    only when they are a currency's code ("EUR/ud.", not India's "HSN/SAC" code column)."""
    match = PRICE_PER_UNIT.fullmatch(cell.strip())
    return match is not None and match.group(1) in {"$", "€", "£", *norm.CURRENCY_CODES}


def _a_currency(cell: str) -> bool:
    """A header cell that is only a currency ("£", "(EUR)"): it heads the amounts, priced in it."""
    match = norm.CURRENCY_RE.fullmatch(cell.strip().strip("()"))
    return match is not None and bool(norm.currency_of(match))


def _sureness(cell: str, column: str) -> tuple[int, bool]:
    """How surely a header cell names its column, against another cell naming it: the name of
    more words ("UNIT PRICE" beside "UNIT", the unit of measure); of as many, one the vocabulary
    holds as printed ("Quantité" beside "Unité", near "Unités"); ties go to the first ("Cant."
    before "Unidad"); a cell that names it by one of its words only counts that word ("Clave
    unidad", the unit's code, beside "Cant.")."""
    label = normalise_label(cell)
    words = len(label.split()) if _column_named(label) == column else 1
    return words, label in _headers().get(column, ())


@cache
def _unit_headings() -> frozenset[str]:
    return frozenset(normalise_label(word) for word in prose_words(lambda words: words.units))


@lru_cache(maxsize=20_000)
def _column_named(label: str) -> str | None:
    """The item column a header cell's words name, if any; a unit of measure's heading names
    none, though it is near a plural the quantity goes by ("Unité", "Unités")."""
    if not label or len(label) > 40 or re.search(r"\d{2,}", label) or label in _unit_headings():
        return None
    best, score = None, 0.0
    compact = label.replace(" ", "")  # OCR ran a heading's words together: "NetAmt"
    for column, synonyms in _headers().items():
        exact = label in synonyms or any(compact == syn.replace(" ", "") for syn in synonyms)
        s = 100.0 if exact else max(fuzz.ratio(label, syn) for syn in synonyms)
        if s > score:
            best, score = column, s
    if score >= HEADER_MATCH:
        return best
    return (
        _two_wordings(label)
        or next(
            (c for c, synonyms in _headers().items() if any(_abbreviates(label, s) for s in synonyms)), None
        )
        or next(
            (c for c, synonyms in _headers().items() if any(_one_letter_misread(label, s) for s in synonyms)),
            None,
        )
    )


def _two_wordings(label: str) -> str | None:
    """The column a heading names twice, two of its wordings side by side, a joining word between
    them perhaps ("Product / Service", "Artikel & Leistung", "Produit ou prestation")."""
    words = label.split()
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), words[cut:]
        if second[0] in joining_words() and len(second) > 1:
            second = second[1:]
        for column, synonyms in _headers().items():
            if first in synonyms and " ".join(second) in synonyms:
                return column
    return None


def _one_letter_misread(label: str, synonym: str) -> bool:
    """Whether a one-word heading is a word of six letters or more with one letter OCR misread
    ("Gesami" for "Gesamt")."""
    return (
        " " not in synonym
        and len(synonym) >= MISREAD_HEADING_LENGTH
        and Levenshtein.distance(label, synonym) == 1
    )


def _abbreviates(label: str, synonym: str) -> bool:
    """Whether a header's words are a synonym's words cut short ("valor unit" for "valor
    unitário", "prix unit" for "prix unitaire"): as many words, each the start of its word."""
    words, full = label.split(), synonym.split()
    return (
        len(words) == len(full) >= 2
        and any(word != whole for word, whole in zip(words, full, strict=True))
        and all(whole.startswith(word) and len(word) >= 3 for word, whole in zip(words, full, strict=True))
    )


@cache
def _totals_words() -> tuple[str, ...]:
    """Words that open the totals block: the stop words and every strong total/tax label."""
    labels = [
        label.normalised
        for name in ("subtotal", "tax", "total")
        for label in field_labels(name)
        if label.strong
    ]
    return tuple(dict.fromkeys([*total_stop_words(), *labels]))


def a_totals_word(text: str) -> bool:
    """The whole text is a word of the totals block ("Frete", "Desconto", "Total"): no name."""
    return normalise_label(text) in _totals_words()


def is_totals_line(text: str) -> bool:
    """True for the first line of the totals block under a table."""
    return _opens_totals(normalise_label(initials_joined(text)))


@lru_cache(maxsize=20_000)
def _opens_totals(normalised: str) -> bool:
    """A total's word opens it ("Total HT 1 250,00"), or ends a short label ("Merchandise Total")."""
    if any(normalised == w or normalised.startswith(w + " ") for w in _totals_words()):
        return True
    words = normalised.split()
    return 1 < len(words) <= 3 and words[-1] in _totals_words()


def _numbers(parts: dict[str, str]) -> int:
    """How many number columns hold a number (a percentage is a rate, not a quantity or price)."""
    return sum(
        bool(re.search(r"\d", parts.get(c, ""))) and "%" not in parts.get(c, "") for c in NUMERIC_COLUMNS
    )


def _ends_table(cells: list[str], parts: dict[str, str]) -> bool:
    """A totals line ends the items, unless it is priced like an item ("Shipping  1  37.04  37.04"),
    also where the totals stand beside another table ("Steuersatz  Netto … Zwischensumme 1'106.30")."""
    totals = any(is_totals_line(cell) for cell in cells) or is_totals_line(" ".join(cells))
    return totals and (_numbers(parts) < 2 or not _priced(parts))


def _priced(parts: dict[str, str]) -> bool:
    """Whether a row's quantity times its price is its amount (less a rate it prints), where it has
    all three: a VAT summary's line ("Base 6 % : 8.153,00  TVA 6 % : 489,18  8.642,00") is not."""
    values = [
        norm.parse_amount(parts.get(c, "")) if DIGIT.search(parts.get(c, "")) else None
        for c in NUMERIC_COLUMNS
    ]
    if values[0] is None and None not in values[1:]:
        # no quantity: one, priced at its amount ("Freight  37.04  37.04"), not "CGST @ 9%  9  %"
        values[0] = "1"
    if any(value is None for value in values):
        return True
    quantity, price, amount = (float(value) for value in values)
    rates = [0, *printed_rates(" ".join(parts.values()))]
    return any(  # less a discount the row prints ("Verzendkosten  1 st.  17,10  10%  21%  15,39")
        abs(quantity * price * (100 - rate) / 100 - amount) <= max(0.01, abs(amount) * 0.01) for rate in rates
    )


ROW_CODE = re.compile(r"^(\S+)\s+(?=\S)")
CODE_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9\-./]{3,}")
DIGIT = re.compile(r"\d")


def without_row_codes(items: list[dict[str, Any]]) -> None:
    """Descriptions that all open with the row's running number (1, 2, 3 …), with a code (an
    article number: a distinct token of capitals and digits) or with a date had the position,
    code or date column joined to them: they lose it ("1 Kopierpapier A4", "NS-7109
    Copywriting", "03/03/2025 Vinyl banner")."""
    heads = [ROW_CODE.match(str(item.get("description") or "")) for item in items]
    if len(items) < 2:
        return
    # a row's number OCR lost ("Cv-ketel …" among "4 PVC-buis …"), or no running numbers at all
    numbers_only = all(head and _a_number_or_its_misreading(head.group(1)) for head in heads)
    if not numbers_only and (_numbers_lost_on_some(items, heads) or not all(heads)):
        return
    tokens = [head.group(1) for head in heads if head]
    running = _running_numbers([token.rstrip(".:)") for token in tokens])
    distinct = len(set(tokens)) == len(tokens)
    codes = distinct and all(CODE_TOKEN.fullmatch(token) and DIGIT.search(token) for token in tokens)
    dated = all(norm.parse_date(token) for token in tokens)
    if running or codes or dated:
        for item, head in zip(items, heads, strict=True):
            item["description"] = item["description"][head.end() :] if head else item["description"]


def _a_number_or_its_misreading(token: str) -> bool:
    return token.rstrip(".:)").isdigit() or len(token) <= MISREAD_NUMBER_LETTERS


MISREAD_NUMBER_LETTERS = 2  # a row's number OCR misread as letters ("al" for 1)


def _numbers_lost_on_some(items: list[dict[str, Any]], heads: list[re.Match[str] | None]) -> bool:
    """Descriptions that open with the row's running number (1, 2, 3 …), all but a few whose
    number OCR lost or misread ("al Arbeidsuren …", "Cv-ketel onderhoud …" among "2 Advieswerk …",
    "4 PVC-buis …"): those that print theirs lose it; the others keep their words. True when so."""
    tokens = [head.group(1).rstrip(".:)") if head else "" for head in heads]
    starts = [int(token) - at for at, token in enumerate(tokens) if token.isdigit()]
    if not starts:
        return False
    first = max(set(starts), key=starts.count)
    numbered = {at for at, token in enumerate(tokens) if token == str(first + at)}
    misread = {at for at, token in enumerate(tokens) if token and len(token) <= MISREAD_NUMBER_LETTERS}
    misread -= numbered
    if len(numbered) < RUNNING_ROWS or len(numbered | misread) < LOST_NUMBERS_SHARE * len(items):
        return False
    for at, (item, head) in enumerate(zip(items, heads, strict=True)):
        if head is not None and at in numbered | misread:
            item["description"] = item["description"][head.end() :]
    return True


RUNNING_ROWS = 4  # rows that print their running number, at least, where some lost theirs
LOST_NUMBERS_SHARE = 0.75  # of the rows, that print theirs


def _running_numbers(tokens: list[str]) -> bool:
    """Whether tokens count 1, 2, 3 … (from any first number), one of four or more misread by OCR
    at most ("il" for "1")."""
    starts = [int(token) - at for at, token in enumerate(tokens) if token.isdigit()]
    if not starts:
        return False
    first = max(set(starts), key=starts.count)
    misses = [t for at, t in enumerate(tokens) if t != str(first + at)]
    return not misses or (len(tokens) >= MISREAD_ROW_NUMBERS and len(misses) == 1 and len(misses[0]) <= 2)


MISREAD_ROW_NUMBERS = 4  # rows numbered, of which OCR may have misread one number
NOTE_WORDS = 12  # a description this long with no price is a sentence under the items


def without_notes(items: list[dict[str, Any]], sources: list[dict[str, Any]]) -> None:
    """Rows with neither a price nor an amount, among items that have them, whose description is
    a sentence: a note under the items read as one ("Note: merce consegnata con DDT n. 468/2025.
    La garanzia … è di 24 mesi …", its 24 taken for a quantity); among items counted and priced,
    such a row with one figure alone, a figure of its sentence ("das 7h30 às 16h", "de 35 °C")."""
    priced = [item.get("amount") is not None or item.get("unit_price") is not None for item in items]
    if not any(priced):
        return
    counted = [item.get("quantity") is not None and item.get("unit_price") is not None for item in items]
    for at in reversed(range(len(items))):
        words = str(items[at].get("description") or "").split()
        # a figure inside the sentence ("… de 35 °C niet …") is no amount where the items are counted
        alone = any(counted) and sum(items[at].get(column) is not None for column in NUMERIC_COLUMNS) <= 1
        if (not priced[at] or alone) and len(words) >= NOTE_WORDS:
            del items[at]
            if at < len(sources):
                del sources[at]


def without_payments(items: list[dict[str, Any]], sources: list[dict[str, Any]]) -> None:
    """Rows that take a payment off, not charge an item: a card or a transfer and a negative
    amount, uncounted (a hotel's folio: "10/10/24  Mastercard ****3390  -792.50")."""
    for at in reversed(range(len(items))):
        item = items[at]
        figures = [str(item[c]) for c in ("unit_price", "amount") if item.get(c) is not None]
        taken_off = bool(figures) and all(f.startswith("-") for f in figures) and item.get("quantity") is None
        if taken_off and payments_named(str(item.get("description") or "")):
            del items[at]
            if at < len(sources):
                del sources[at]


# A price whose decimal comma OCR read as a slash ("137/12" for "137,12"), alone in its cell.
SLASH_FOR_MARK = re.compile(r"^(\d{1,6})/(\d{2})$")


# A quote mark after a figure ('305."' for "3,95"): OCR misread the amount, which no figures tell.
MISREAD_MARK = re.compile(r"\d[.,]?[\"\u201c\u201d]$")


def build_item(raw: dict[str, str], wanted: list[str]) -> dict[str, Any] | None:
    """Typed values for one row's cells; None when the row has no description (a currency's sign
    under it is none: "R$  14.214,39" under the totals' labels) or no number."""
    item: dict[str, Any] = {}
    raw = _count_apart(raw) if "quantity" in wanted else raw
    for column in wanted:
        value = raw.get(column, "")
        if column == "quantity":  # "1,000" beside "185,00" is one
            mark = norm.decimal_mark(raw.get(c, "") for c in ("unit_price", "amount"))
            parsed = norm.parse_number(value, mark) if value and re.search(r"\d", value) else None
            item[column] = (
                int(float(parsed))
                if parsed and float(parsed).is_integer()
                else (float(parsed) if parsed else None)
            )
        elif column in ("unit_price", "amount"):  # a date is no amount ("· 03/02/2025" in a page's head)
            value = SLASH_FOR_MARK.sub(r"\1,\2", norm.without_dates(value).strip())
            exact = column == "unit_price"  # a price per kWh keeps its four places: 649 x 0,0712 = 46,21
            read = value and re.search(r"\d", value) and not MISREAD_MARK.search(value)
            item[column] = norm.parse_amount(value, exact=exact) if read else None
        else:
            item[column] = RULE_READ.sub("", value).strip() or None
    if (
        not item.get("description")
        or _a_currency_mark(item["description"])
        or all(item.get(c) is None for c in NUMERIC_COLUMNS if c in wanted)
    ):
        return None
    return item


def _count_apart(raw: dict[str, str]) -> dict[str, str]:
    """A count and the description after it in one cell, set right against the description's
    column: under the count's heading, the description's own cell empty ("15 Arbeid monteur"), or
    under the description's, with no count of its own, where that count times the unit price is
    the amount ("5 Koffiebonen espresso 1 kg  18,72  93,60")."""
    quantity, description = raw.get("quantity", "").strip(), raw.get("description", "").strip()
    under_the_count = COUNT_THEN_WORDS.fullmatch(quantity)
    if under_the_count and not description:
        return {**raw, "quantity": under_the_count[1], "description": under_the_count[2]}
    opening = COUNT_THEN_WORDS.fullmatch(description)
    if opening and not quantity and _its_count(int(opening[1]), raw):
        return {**raw, "quantity": opening[1], "description": opening[2]}
    return raw


def _its_count(count: int, raw: dict[str, str]) -> bool:
    """Whether ``count`` times the row's unit price is its amount, or is it less the discount
    the row prints ("5 Traducción jurada  46,89  3%  227,42")."""
    price, amount = (as_decimal(norm.parse_amount(raw.get(c, ""))) for c in ("unit_price", "amount"))
    if price is None or amount is None:
        return False
    numbers = {"quantity": Decimal(count), "unit_price": price, "amount": amount}
    off = discount(numbers)
    printed = off is not None and any(re.fullmatch(rf"-?{off}\s?%", value.strip()) for value in raw.values())
    return abs(count * price - amount) <= norm.CENT or printed


COUNT_THEN_WORDS = re.compile(r"(\d{1,5})\s+([^\W\d_].*)")


def _a_currency_mark(text: str) -> bool:
    """A currency's sign or code alone ("R$", "EUR"), not three capitals no currency has ("MMS")."""
    bare = text.strip().strip("()")
    known = not bare.isalpha() or bare in norm.CURRENCY_CODES
    return bool(norm.CURRENCY_ONLY.match(text.strip())) and known


def table_items(tables: list[list[list[str]]], wanted: list[str]) -> tuple[list[dict], list[dict]]:
    """Items from the first real table whose header names a description and another column."""
    for table in tables:
        for header_index, header in enumerate(table[:10]):
            mapping = header_columns(header)
            if "description" not in mapping or len(mapping) < 2:
                continue
            items, sources = [], []
            for row in table[header_index + 1 :]:
                raw = {c: row[i] if i < len(row) else "" for c, i in mapping.items()}
                if not any(row) or _ends_table(row, raw):
                    if items:
                        break
                    continue
                item = build_item(raw, wanted)
                if item:
                    items.append(item)
                    sources.append({"page": 1, "snippet": " | ".join(row)[:300], "confidence": 0.9})
            if items:
                return items, sources
    return [], []


DIGITS = re.compile(r"\d+")
# A cell this many line heights clear of the table's outer headers stands beside the table.
SIDEBAR_GAP = 4.0
# A header cell that names no item column (a position, an article code): its words are set aside.
OTHER_COLUMN = "other"
PROSE_ACROSS = 4  # words of a line under the columns of figures that make it a sentence across them
# A table's rule OCR read as underscores before or after a cell's text ("_Nappe coton blanc").
RULE_READ = re.compile(r"^[\s_]+|[\s_]+$")
ROW_NUMBER = re.compile(r"\d{1,3}\.?")  # a row's number: "1", "12", "3."
BARE_RATE = re.compile(r"\d{1,2}")  # a tax rate printed without its sign: "22", "7"
MIN_WORD = 3  # letters of a description's own words
CODE_WORDS = {"code", "number", "id", "sku", "ref"}
AMOUNT_LIKE = re.compile(r"^[(\-]?\S*\d")  # a number, a rate, an amount with its sign


@dataclass(slots=True)
class _Columns:
    """The header's cells: a row's cell goes to the header it stands under (or is nearest to)."""

    spans: list[tuple[str, float, float]]  # (column, x0, x1), left to right
    slack: float

    def widened(self, body: list[Line]) -> _Columns:
        """The description's column from where its rows start, when its header stands centred
        over it (a short "Écran 24 po IPS" starts left of "Description"): the leftmost start of
        the item rows' first cells that reach under the header from its left."""
        if not self.spans or self.spans[0][0] != "description":
            return self
        name, left, right = self.spans[0]
        starts = [
            cell.x0
            for line in body
            if _numbers_row(line)  # an item's row, not a paragraph under the table
            for cell in line.cells[:1]
            if cell.x0 < left - self.slack < cell.x1 and not _run_on_under_the_next(line, 0)
        ]
        if not starts:
            return self
        return _Columns([(name, min(starts), right), *self.spans[1:]], self.slack)

    def across_the_figures(self, line: Line) -> bool:
        """Whether a line's words run on under the columns of figures right of the description's:
        a sentence across the table ("Toelichting: de bestaande ketel (bouwjaar 2009) is …"), no
        item and no description's wrap (a unit or a currency beside a figure is no word of one)."""
        described = [span[1] for span in self.spans if span[0] == "description"]
        figures = [
            span[1]
            for span in self.spans
            if span[0] in NUMERIC_COLUMNS and span[1] > min(described, default=0)
        ]
        if not figures:
            return False
        beyond = [
            word
            for word in line.words
            if word.x1 > min(figures)
            and sum(c.isalpha() for c in word.text) >= 2
            and not norm.CURRENCY_ONLY.match(word.text)
        ]
        return len(beyond) >= PROSE_ACROSS

    def _distance(self, x0: float, x1: float, span: tuple[str, float, float]) -> float:
        _name, left, right = span
        return max(left - self.slack - x1, x0 - right - self.slack, 0.0)

    def _under(self, x0: float, x1: float) -> list[str]:
        return [span[0] for span in self.spans if self._distance(x0, x1, span) == 0.0]

    def assign(self, line: Line) -> dict[str, list[str]]:
        """Column → the words of this line that stand under it; a sidebar's text beside the table
        (``beside``) is left out."""
        parts: dict[str, list[str]] = {}
        for position, cell in enumerate(line.cells):
            if self.beside(cell, line) or self._run_on_from_the_left(line, position):
                continue
            if self._a_row_number(cell):
                parts.setdefault(OTHER_COLUMN, []).extend(w.text for w in cell.words)
                continue
            under = self._under(cell.x0, cell.x1)
            if len(under) == 1:
                parts.setdefault(under[0], []).extend(w.text for w in cell.words)
                continue
            if len(under) == 2 and under[0] in (OTHER_COLUMN, "quantity") and under[1] == "description":
                if self._described_beside(line, position):  # "Unidad de servicio" under "Unidad"
                    parts.setdefault(under[0], []).extend(w.text for w in cell.words)
                    continue
                # "1 Texterstellung … (10 Stück)" under "Pos Leistung"; "2,000 Printed mailer boxes …,
                # 2 colour print," under "Quantity Details", run together by OCR
                for column, words in self._numbered(cell, under[0]):
                    parts.setdefault(column, []).extend(words)
                continue
            for column, words in self._split(cell):
                parts.setdefault(column, []).extend(words)
        return self._in_order(line, parts)

    def sidebar_gap(self, line: Line) -> float:
        """How far beside the headers a sidebar's cell stands, at least: ``SIDEBAR_GAP`` heights."""
        return SIDEBAR_GAP * max(line.height, 1e-6)

    def beside(self, cell: Cell, line: Line) -> bool:
        """Whether a cell stands far left or right of every header: a sidebar's text beside the
        table ("Data consegna  27.04.2016", "Btw NL860154227B01"), no part of its rows."""
        gap = self.sidebar_gap(line)
        return cell.x1 < self.spans[0][1] - gap or cell.x0 > self.spans[-1][2] + gap

    def _run_on_from_the_left(self, line: Line, position: int) -> bool:
        """Whether a cell that starts left of the description's column runs on under the next
        cell, printed over it: a sidebar's long line ("jean@maison.example" under "Fauteuil")."""
        left = next((x0 for name, x0, _x1 in self.spans if name == "description"), self.spans[0][1])
        return line.cells[position].x0 < left - self.sidebar_gap(line) and _run_on_under_the_next(
            line, position
        )

    def _described_beside(self, line: Line, position: int) -> bool:
        """Whether the next cell stands under the description's heading with words of its own: a
        cell reaching under it from the left is the column's it starts under, however long ("Unidad
        de servicio" under "Unidad", then "Soporte técnico remoto" under "Descripción")."""
        after = line.cells[position + 1 : position + 2]
        return any(
            "description" in self._under(cell.x0, cell.x1) and sum(c.isalpha() for c in cell.text) >= MIN_WORD
            for cell in after
        )

    def _a_row_number(self, cell: Cell) -> bool:
        """A row's number left of the description's heading, whose own heading OCR lost ("#" over
        "1", "2", …) where the header names the quantity elsewhere: no part of the description."""
        name, left, _right = self.spans[0]
        return (
            name == "description"
            and cell.x1 < left - self.slack
            and ROW_NUMBER.fullmatch(cell.text) is not None
            and any(span[0] == "quantity" for span in self.spans)
        )

    def _under_another(self, word: Word) -> bool:
        """Whether a number stands under another column's heading only, its middle within its edges."""
        middle = (word.x0 + word.x1) / 2
        return self._under(word.x0, word.x1) == [OTHER_COLUMN] and any(
            name == OTHER_COLUMN and x0 <= middle <= x1 for name, x0, x1 in self.spans
        )

    def _a_bare_rate(self, word: Word) -> bool:
        """A rate printed without its sign under a column of no number's ("22" under "IVA"): a
        whole number of one or two digits, as "10 %" is a rate."""
        return BARE_RATE.fullmatch(word.text) is not None and self._under(word.x0, word.x1) == [OTHER_COLUMN]

    def _numbered(self, cell: Cell, first: str) -> list[tuple[str, list[str]]]:
        """A cell under a position's or the quantity's heading (``first``) and the description's:
        its leading words with digits are the first column's, the rest the description's,
        whatever it holds; so is a short word that ends left of the description's heading, a row's
        number OCR misread ("a" or "No" for "1" under "#")."""
        left = next((span[1] for span in self.spans if span[0] == "description"), cell.x0)
        words = [w.text for w in cell.words]
        codes = next(
            (
                i
                for i, word in enumerate(cell.words)
                if not DIGIT.search(word.text)
                and not (len(word.text) <= MISREAD_NUMBER and word.x1 < left - self.slack)
            ),
            len(words),
        )
        return [
            (column, part)
            for column, part in ((first, words[:codes]), ("description", words[codes:]))
            if part
        ]

    def _split(self, cell: Cell) -> list[tuple[str, list[str]]]:
        """A cell across two headers (the text layer joined two cells), word by word to the nearest
        header; a word that goes on a description's words stays with them, however far right it
        reaches ("… logiciel de comptabilité" under "Qté"), until a number breaks the run."""
        out: list[tuple[str, list[str]]] = []
        for word, after in itertools.zip_longest(cell.words, cell.words[1:]):
            placed = after if after and SIGNED_CURRENCY.fullmatch(word.text) else word  # "-R  1 865.90"
            nearest = min(self.spans, key=lambda span: self._distance(placed.x0, placed.x1, span))[0]
            in_text = out and out[-1][0] == "description" and not AMOUNT_LIKE.search(out[-1][1][-1])
            if in_text and not AMOUNT_LIKE.search(word.text):
                nearest = "description"
            if out and out[-1][0] == nearest:
                out[-1][1].append(word.text)
            else:
                out.append((nearest, [word.text]))
        # a description's wrap that starts left of its header's column ("positif obligatoire)")
        leading = len(out) > 1 and out[1][0] == "description" and out[0][0] not in NUMERIC_COLUMNS
        if leading and not any(DIGIT.search(text) for text in out[0][1]):
            out[:2] = [("description", out[0][1] + out[1][1])]
        elif leading and (worded := _words_after_the_codes(out[0][1])):
            # a position run into its description by OCR ("00010 Luftpolsterfolie 1000 mm …" under
            # "Pos | Material Bezeichnung"): the words after its codes begin the description
            column, words = out[0]
            out[:2] = [(column, words[:-worded]), ("description", words[-worded:] + out[1][1])]
        # a quantity headed before the description ("Qté Description"): its words after the number
        # begin the description ("45 Sirop d'érable …"), all of them where no number leads them
        # ("Labour (hrs)" written from the left of a centred heading)
        elif len(out) > 1 and out[1][0] == "description" and out[0][0] in NUMERIC_COLUMNS:
            column, words = out[0]
            count = next((i for i, text in enumerate(words) if not AMOUNT_LIKE.search(text)), len(words))
            if count < len(words):
                led = [(column, words[:count])] if count else []
                out[:2] = [*led, ("description", words[count:] + out[1][1])]
        return out

    def _numbers_after(self, cell: Cell, text_end: float) -> list[Word]:
        """The numbers of a cell right of the text columns: all of a cell that starts there; of a
        cell that starts in the text, its last words nearer a number column than the text, where
        the text layer joined a description to its numbers ("Headset with microphone 22 118,76"),
        not a number that ends a description ("Empresa 2", "lote n.º 4")."""
        if cell.x0 > text_end:
            if MONTH_AND_YEAR.fullmatch(cell.text.strip()):
                return []  # "juni 2024" under a period's heading: no count
            return [w for w in amount_words(cell) if NUMBER.fullmatch(w.text)]
        tail: list[Word] = []
        for word in reversed(amount_words(cell)):
            nearest = min(self.spans, key=lambda span: self._distance(word.x0, word.x1, span))
            if word.x0 <= text_end or not NUMBER.fullmatch(word.text) or nearest[0] not in NUMERIC_COLUMNS:
                break
            tail.insert(0, word)
        return tail

    def _in_order(self, line: Line, parts: dict[str, list[str]]) -> dict[str, list[str]]:
        """As many numbers right of the text as the header has number columns: their order says
        which is which, whatever their alignment under the headers (centred, OCR-shifted)."""
        text_end = max(
            (x1 for name, _x0, x1 in self.spans if name not in (*NUMERIC_COLUMNS, OTHER_COLUMN)), default=None
        )
        if text_end is None:
            return parts
        # only the number columns right of the text: a quantity headed left of the description
        # ("Linha  Quantidade  Descrição  Preço  Total") keeps the number under it
        numeric = [name for name, x0, _x1 in self.spans if name in NUMERIC_COLUMNS and x0 >= text_end]
        after = [word for cell in line.cells for word in self._numbers_after(cell, text_end)]
        rates = {id(word) for word, sign in itertools.pairwise(line.words) if sign.text == "%"}
        unrated = [word.text for word in after if id(word) not in rates]  # "10 %" is a rate's column
        numbers = [word.text for word in after if id(word) not in rates and not self._a_bare_rate(word)]
        count_lost = "quantity" in numeric and not parts.get("quantity") and parts.get("unit_price")
        if (
            count_lost
            and parts.get("amount")
            and any(self._under_another(w) for w in after if w.text in numbers)
        ):
            return parts  # "0,00" under "Desc.%", the row's count lost: each number under its heading
        multiplying = _three_that_multiply(line, numeric, numbers, parts) or _three_that_multiply(
            line, numeric, unrated, parts
        )  # "22" under "IVA" is a rate, unless it multiplies: "3" under a quantity's misread "até."
        if multiplying is not None:
            return multiplying
        if len(numbers) != len(numeric) or all(
            parts.get(c) == [n] for c, n in zip(numeric, numbers, strict=True)
        ):
            return _without_rates(parts, numeric, {word.text for word in after if id(word) in rates})
        ordered = {name: words for name, words in parts.items() if name not in numeric}
        ordered.update((column, [number]) for column, number in zip(numeric, numbers, strict=True))
        return ordered


def _without_rates(parts: dict[str, list[str]], numeric: list[str], rates: set[str]) -> dict[str, list[str]]:
    """The row's words, less a rate and its sign that a column of figures took beside its own
    figure ("4,21  5,5 %" under "Montant HT" where the rate's heading "TVA" named no column)."""
    out = dict(parts)
    for column in numeric:
        words = out.get(column, [])
        kept = [text for text in words if text != "%" and text not in rates]
        if len(words) > 1 and len(kept) == 1:
            out[column] = kept
    return out


# A month's name and its year alone in a cell ("juni 2024", "March 2024"): a period, no figures.
MONTH_AND_YEAR = re.compile(rf"(?:{norm.MONTH_RE})\.?\s+(?:19|20)\d{{2}}", re.IGNORECASE)


def _words_after_the_codes(words: list[str]) -> int:
    """How many words with letters and no digit end a run that opens with codes ("00010
    Luftpolsterfolie"), 0 where the run holds no such words after a code."""
    codes = next((i for i, text in enumerate(words) if not DIGIT.search(text)), len(words))
    rest = words[codes:]
    if codes == 0 or not rest or any(DIGIT.search(text) for text in rest):
        return 0
    return len(rest) if all(re.search(r"[^\W\d_]{2}", text) for text in rest) else 0


def _run_on_under_the_next(line: Line, position: int) -> bool:
    """Whether the line's cell at ``position`` runs on under the next one, printed over it: a
    sidebar's long line ("jean@maison.example") that overflows into the table's first column."""
    return position + 1 < len(line.cells) and line.cells[position + 1].x0 < line.cells[position].x1


def _three_that_multiply(
    line: Line, numeric: list[str], numbers: list[str], parts: dict[str, list[str]]
) -> dict[str, list[str]] | None:
    """A row with more numbers than its header names number columns, whose numbers under the
    headers do not multiply: the three that do (``checks.three_that_multiply``) and none of the
    others. A VAT rate's or a code's column the header's cell swallowed ("Prezzo unitario UM
    Sconto %IVA"); a quantity's, a price's or an amount's header no vocabulary knows ("Colli",
    "Bultos", OCR's "Men" for "Montant"), where the header names a price or the amount. In
    the headers' order where they name all three; else quantity, price, amount, and only where
    they multiply exactly (a net amount, a VAT rate and the VAT are no item's numbers)."""
    if (
        len(numbers) <= len(numeric)
        or len(numbers) < len(NUMERIC_COLUMNS)
        or not set(PRICED_COLUMNS) & set(numeric)
    ):
        return None
    if _adds_up_as_placed(parts):
        return None
    named = set(numeric) == set(NUMERIC_COLUMNS)
    # a count in its unit under the quantity's header ("1 Kiste") is the quantity
    found = three_that_multiply(
        numbers, rates=line.text, exact=not named, quantity=_counted(parts.get("quantity", []))
    )
    if found is None:
        return None
    if not named and _price_printed_first(line, parts, numbers[found[0]], numbers[found[1]]):
        found = (found[1], found[0], found[2])  # "88.10  20 pcs  1,762.00": the price printed first
    columns = numeric if named else NUMERIC_COLUMNS
    ordered = {name: words for name, words in parts.items() if name not in NUMERIC_COLUMNS}
    ordered.update((column, [numbers[at]]) for column, at in zip(columns, found, strict=True))
    return ordered


def _price_printed_first(line: Line, parts: dict[str, list[str]], first: str, second: str) -> bool:
    """Whether of two numbers that multiply to the amount the first is the price: the second is
    a count in its unit, a cell of its own ("88.10  20 pcs"), or the first, in cents, stands under
    the price's heading and the second is a whole count ("-37.10  1" under "UNIT PRICE", the
    count's heading lost)."""
    counted = any(
        (count := norm.COUNT_IN_ITS_UNIT.fullmatch(cell.text.strip())) and count.group(1) == second
        for cell in line.cells[1:]
    )
    under_the_price = (parts.get("unit_price") or [""])[0] == first  # the first number under its heading
    priced = under_the_price and norm.shows_its_decimals(first) and second.isdigit()
    return counted or priced


def _counted(words: list[str]) -> str | None:
    """The count a quantity's cell prints before its unit ("1 Kiste", "500 kg"), as an amount."""
    count = norm.COUNT_IN_ITS_UNIT.fullmatch(" ".join(words))
    return f"{int(count.group(1))}.00" if count else None


def _adds_up_as_placed(parts: dict[str, list[str]]) -> bool:
    """One number under each number column (a unit's word beside it aside: "UN  38,50"), and
    quantity times price is the amount (or is it less a discount, or with a decimal point OCR
    lost)."""
    placed = [[word for word in parts.get(column, []) if DIGIT.search(word)] for column in NUMERIC_COLUMNS]
    if any(len(words) != 1 for words in placed):
        return False
    values = [norm.parse_amount(words[0]) for words in placed]
    return None in values or adds_up(dict(zip(NUMERIC_COLUMNS, map(Decimal, values), strict=True)))


GROUPED = re.compile(r"-?\d{1,3}(?: \d{3})*")  # the digits before a space that groups thousands
SIGNED_CURRENCY = re.compile(r"[-\u2212](?:[^\W\d_]{1,3}|[$€£])")  # "-R", "-€": a negative amount's start
A_GROUP = re.compile(r"\d{3}(?:[.,]\d{1,2})?")  # the next group, the cents after the last


def amount_words(cell: Cell) -> list[Word]:
    """The cell's words, with an amount whose thousands a space groups as one word ("2 145,00"):
    two words of one cell, where two cells would be a quantity of 2 and a price of 145,00; an
    amount whose cents OCR spaced off its point ("142, 50") as the amount; a minus before the
    currency's sign as the amount's ("-R 1 865.90" is -1 865.90); a count its unit ran into
    ("3ST") as the count."""
    words: list[Word] = []
    for word in cell.words:
        if words and SIGNED_CURRENCY.fullmatch(words[-1].text) and word.text[:1].isdigit():
            words[-1] = replace(words[-1], text=f"-{word.text}", x1=word.x1)  # "-R  1 865.90"
        elif words and GROUPED.fullmatch(words[-1].text) and A_GROUP.fullmatch(word.text):
            words[-1] = replace(words[-1], text=f"{words[-1].text} {word.text}", x1=word.x1)
        elif words and CUT_AT_THE_POINT.fullmatch(words[-1].text) and CENTS.fullmatch(word.text):
            words[-1] = replace(words[-1], text=words[-1].text + word.text, x1=word.x1)
        elif counted := COUNT_AND_UNIT.fullmatch(word.text):
            words.append(replace(word, text=counted.group(1)))  # "3ST": a count, its unit run into it
        else:
            words.append(word)
    return words


# A count and a piece's unit run together ("3ST", "20Stk.", "5pcs"); not a measure ("70gsm", "5kg")
COUNT_AND_UNIT = re.compile(r"(\d{1,5})(?i:st|stk|stck|pcs?|pz|pzs|uds?|un|ea)\.?")


CUT_AT_THE_POINT = re.compile(r"\d[\d.,]*[.,]")  # "142," of "142, 50"
CENTS = re.compile(r"\d{2}")


@cache
def _one_word_headers() -> dict[str, str]:
    return {label: column for column, labels in _headers().items() for label in labels if " " not in label}


def _columns_named_by_words(line: Line) -> int:
    """How many item columns the line's words name alone: a header whose cells OCR ran together
    ("articolo Descrizione  UM Quantità Prezzo unitario Sconto  Importo") names three or more;
    an address beside another ("Unit 4, Ballycurreen …  Goods Inwards") fewer. A long word OCR
    misread may still name its column ("_Preio" beside "Cantidad)" and "importe")."""
    return len({_column_word(word.text) or _misread_column(word) for word in line.words} - {None})


def _misread_column(word: Word) -> str | None:
    label = normalise_label(word.text)
    return _column_named(label) if word.confidence < 1.0 and len(label) >= MISREAD_HEADING else None


@lru_cache(maxsize=20_000)
def _column_word(text: str) -> str | None:
    return _one_word_headers().get(normalise_label(text))


def _names_a_field(text: str) -> bool:
    """The whole text is a strong label of a document field (not an item column)."""
    return label_index(()).names_a_label(text)


def _a_dates_heading(text: str) -> bool:
    """Whether a header's cell is a date's label, whole ("Date", "Datum", "Fecha"): a column of
    the rows' dates (a hotel's folio, a timesheet), no part of their descriptions."""
    return any(not hit.rest and field_type(hit.field) == "date" for hit in label_index(()).hits(text))


def _header_spans(line: Line) -> list[tuple[str, float, float]]:
    """(column, x0, x1) for each column the line's cells name. Several cells naming the
    description ("Item  Artigo  Designação  Qtd."): the last one is it, the others head a
    position or a code; but the last that is a description's heading whole ("Description" before
    "Service period")."""
    cells = [cell for cell in line.cells if not _stretched(cell)]
    spans = [_merged_spans(_cell_spans(cell)) for cell in cells]
    named_cells = [i for i, own in enumerate(spans) if own]
    for i, own in enumerate(spans):
        between = named_cells and named_cells[0] < i < named_cells[-1]  # "%IVA" between columns
        if not own and (between or _a_dates_heading(cells[i].text)):  # a folio's "Date" before the item's
            spans[i] = [(OTHER_COLUMN, cells[i].x0, cells[i].x1)]  # a column, no sidebar
    described = [i for i, own in enumerate(spans) if any(span[0] == "description" for span in own)]
    whole = [i for i in described if _a_whole_description_heading(normalise_label(cells[i].text))]
    kept = whole[-1] if whole else described[-1] if described else None  # "Description  Service period"
    for i in described:
        if i != kept:  # a position's or a code's heading; "Item" of "Item subtotal" beside its amount's
            spans[i] = [(OTHER_COLUMN, *span[1:]) if span[0] == "description" else span for span in spans[i]]
    # a column several cells name is the surest name's (``_sureness``); the others head columns
    # of their own, read as none
    named = [
        (span, _sureness(cell.text, span[0])) for own, cell in zip(spans, cells, strict=True) for span in own
    ]
    heads: dict[str, int] = {}  # column → position in ``named`` of the name that heads it
    for position, (span, sureness) in enumerate(named):
        column = span[0]
        if column != OTHER_COLUMN and (column not in heads or sureness > named[heads[column]][1]):
            heads[column] = position
    return [
        span if span[0] == OTHER_COLUMN or heads[span[0]] == position else (OTHER_COLUMN, span[1], span[2])
        for position, (span, _count) in enumerate(named)
    ]


def _a_whole_description_heading(label: str) -> bool:
    """A description's heading as the vocabulary has it, or two of its wordings ("Product / Service")."""
    return label in _headers()["description"] or _two_wordings(label) == "description"


def _stretched(cell: Cell) -> bool:
    """A cell far wider than its letters could be: a rule or a smudge OCR read as a letter ("U"
    across a third of the header), no column's name."""
    return wider_than_its_letters(cell.x1 - cell.x0, max(w.height for w in cell.words), len(cell.text))


def _cell_spans(cell: Cell) -> list[tuple[str, float, float]]:
    """The columns a header cell names; a cell naming none as a whole is read word by word ("Qty
    Unit Price" where OCR saw no gap), longest label first."""
    whole = header_columns([cell.text])
    if not whole and CODE_WORDS & set(normalise_label(cell.text).split()) and not _names_a_field(cell.text):
        return _named_after_the_code(cell) or _a_position_then(cell) or [(OTHER_COLUMN, cell.x0, cell.x1)]
        # "Item code", "Art. No.": a code, not the item; "S.No. Description": a position's, then the item's
    if whole:
        column = next(iter(whole))
        by_words = _word_spans(cell) if normalise_label(cell.text) not in _headers()[column] else []
        if len({span[0] for span in by_words} - {OTHER_COLUMN}) > 1 or _led_by_a_position(by_words, column):
            return by_words  # OCR joined two headings: "Qté Description", "S.No Description of Goods"
        return [(column, cell.x0, cell.x1)]
    if not any(_column_named(normalise_label(w.text)) for w in cell.words) and len(cell.text) <= 16:
        if _names_a_field(cell.text):
            return []  # "Rechnung Nr." in a sidebar beside the header: another field's label
        return [(OTHER_COLUMN, cell.x0, cell.x1)]  # "Pos.", "Art.-Nr.", "SKU": kept out of the others
    return _word_spans(cell)


def _named_after_the_code(cell: Cell) -> list[tuple[str, float, float]]:
    """A code's headings and a column's name OCR ran into one cell ("ClaveProdServ No. Ident.
    Cantidad"): the code's words a column of their own, then the column the words after them
    name; [] where no column's name follows the code's words."""
    coded = [w.x1 for w in cell.words if normalise_label(w.text) in CODE_WORDS]
    spans = _word_spans(cell)
    after = [span for span in spans if span[0] != OTHER_COLUMN and span[1] > max(coded, default=cell.x1)]
    return [(OTHER_COLUMN, cell.x0, after[0][1] - 1), *after] if after else []


def _a_position_then(cell: Cell) -> list[tuple[str, float, float]]:
    """A position's heading and a column's name OCR ran into one cell ("S.No. Description"), read
    word by word; [] where the cell is not that."""
    spans = _word_spans(cell)
    return spans if len(spans) == 2 and _led_by_a_position(spans, spans[1][0]) else []


def _led_by_a_position(spans: list[tuple[str, float, float]], column: str) -> bool:
    """Whether a header cell's words are a short heading of no column ("S.No", "Pos.") and then
    the column's name: the two headings of a position and of the column, run together."""
    return [span[0] for span in spans] == [OTHER_COLUMN, column] and spans[0][2] < spans[1][1]


def _word_spans(cell: Cell) -> list[tuple[str, float, float]]:
    """A header cell's columns read word by word, longest label first; words before the first
    column's name head a column of their own ("Pos. Désignation": a position's, then the item's)."""
    spans, words, start = [], cell.words, 0
    while start < len(words):
        for end in range(min(len(words), start + 4), start, -1):
            label = normalise_label(" ".join(w.text for w in words[start:end]))
            column = next((c for c, synonyms in _headers().items() if label in synonyms), None)
            if column is None and end == start + 1 and len(label) >= MISREAD_HEADING:
                column = _column_named(label)  # OCR's "Gesamte" for "Gesamt €" beside "ust"
            if column:
                spans.append((column, words[start].x0, words[end - 1].x1))
                start = end
                break
        else:
            start += 1
    leading = [w for w in words if spans and w.x1 < spans[0][1]]
    if leading:
        spans.insert(0, (OTHER_COLUMN, leading[0].x0, leading[-1].x1))
    if spans:  # words after the last name: its own ("Descrição do material"), or, apart, headings
        # of their own ("Cantidad  Ud.  Artíc" with the item's heading misread)
        column, x0, x1 = spans[-1]
        own, *apart = _apart([w for w in words if w.x0 >= x0])
        spans[-1] = (column, x0, max(x1, own[-1].x1))
        spans.extend((OTHER_COLUMN, group[0].x0, group[-1].x1) for group in apart if group[0].x0 > x1)
    return spans


def _apart(words: list[Word]) -> list[list[Word]]:
    """Words in groups a gap wider than a space parts: headings OCR read as one cell."""
    groups: list[list[Word]] = []
    for word in words:
        if groups and word.x0 - groups[-1][-1].x1 <= HEADING_GAP * max(word.height, 1e-6):
            groups[-1].append(word)
        else:
            groups.append([word])
    return groups


MISREAD_NUMBER = 3  # a row's number OCR misread as letters is this short ("a", "No", "lu")
MISREAD_HEADING = 5  # a heading's word this long OCR misread may still name its column
HEADING_GAP = 0.6  # two headings in one cell stand this many of their height apart at least


def _merged_spans(spans: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """A cell's spans of one column as one: "Product / Service" heads one description; headings
    of no column stay apart, each a column of its own."""
    out: list[tuple[str, float, float]] = []
    for column, x0, x1 in spans:
        if out and out[-1][0] == column != OTHER_COLUMN:
            out[-1] = (column, out[-1][1], x1)
        else:
            out.append((column, x0, x1))
    return out


def _columns(line: Line) -> _Columns | None:
    """The header line's columns, when it names a description and at least one other; a line
    with a date in a cell of its own is a row of values under a form's headings, not a header
    ("02/18/2025 | R25-01771 | … | Destination | Net 30", a word like "Description")."""
    if any(_a_date(cell) for cell in line.cells):
        return None
    spans = _with_description_guessed(sorted(_header_spans(line), key=lambda span: span[1]))
    named = [span for span in spans if span[0] != OTHER_COLUMN]
    if "description" not in {span[0] for span in named} or len(named) < 2:
        return None
    return _Columns(spans, slack=0.5 * max(line.height, 1e-6))


def _a_date(cell: Cell) -> bool:
    text = cell.text
    return any(ch.isdigit() for ch in text) and not norm.without_dates(text).strip(" .,")


def heads_an_item_table(line: Line) -> bool:
    """Whether the line is an item table's header, naming a description and a column of numbers
    ("Código | Producto / Servicio | Cantidad | … | Subtotal")."""
    return len(line.cells) >= 3 and _columns(line) is not None


def _with_description_guessed(spans: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """A header naming two number columns but no description (OCR read "Leistung" as "Leetng"): of
    the cells of no name left of every number column, the one with the most room before the next
    heads it, the widest column (not a unit's cell after the quantity's, where the description's
    own header was not read at all)."""
    if any(span[0] == "description" for span in spans) or sum(s[0] in NUMERIC_COLUMNS for s in spans) < 2:
        return spans
    priced = [span[1] for span in spans if span[0] in PRICED_COLUMNS]
    numbers = min(priced or [span[1] for span in spans if span[0] in NUMERIC_COLUMNS])
    unnamed = [
        i
        for i, span in enumerate(spans)
        if span[0] == OTHER_COLUMN and span[2] <= numbers and not (i and spans[i - 1][0] == "quantity")
    ]
    if not unnamed:
        return spans
    guessed = max(unnamed, key=lambda i: spans[i + 1][1] - spans[i][1])  # a number column follows
    return [("description", *span[1:]) if i == guessed else span for i, span in enumerate(spans)]


@dataclass(slots=True)
class _Row:
    parts: dict[str, list[str]] = field(default_factory=dict)
    line: Line | None = None
    noted: bool = False  # its description ended in a note's label, whose date the next line holds


# A note's label ending an item's description ("… 8x7x40 Liefertermin: Tag" over "01.10.2025"):
# a word and its colon, at most two words after it, and no figure but a date's.
NOTES_LABEL = re.compile(r"^[^\W\d_]{4,}:$")
NOTE_WORDS_AFTER = 2


def _without_a_notes_label(row: _Row) -> _Row:
    """The row with its description cut before a note's label that ends it (its date, if not in
    the row, on the line under it)."""
    words = row.parts.get("description", [])
    cut = next((at for at in range(2, len(words)) if NOTES_LABEL.match(words[at])), None)
    rest = " ".join(words[cut + 1 :]) if cut is not None else ""
    if cut is None or len(norm.without_dates(rest).split()) > NOTE_WORDS_AFTER:
        return row
    row.parts["description"] = words[:cut]
    row.noted = not norm.find_dates(rest, month_first=False)
    return row


def _the_notes_date(rows: list[_Row], line: Line) -> bool:
    """Whether a line is the date of the note the last row's description ended in."""
    if not rows or not rows[-1].noted or not norm.find_dates(line.text, month_first=False):
        return False
    rows[-1].noted = False
    return len(norm.without_dates(line.text).split()) <= NOTE_WORDS_AFTER


def layout_items(layout: Layout, wanted: list[str]) -> tuple[list[dict], list[dict]]:
    """Items read by column position under the first header line of the layout."""
    furniture = _page_furniture(layout)
    lines = [line for line in layout.lines if _furniture_key(line) not in furniture]
    for position, line in enumerate(lines):
        if len(line.cells) < 2 or not (
            header_columns([cell.text for cell in line.cells])
            or _columns_named_by_words(line) >= COLUMNS_BY_WORDS
        ):
            continue  # cheap test first: some cell must name a column, or its words three columns
        columns = _columns(_with_wrapped_names(lines, position))
        if columns is not None:
            items, sources = _rows_under(_row_bands(lines[position + 1 :]), line, columns, wanted)
            if items:
                return items, sources
    return [], []


def _with_wrapped_names(lines: list[Line], position: int) -> Line:
    """The header line with the names of narrow columns that wrap above and below it, beside its
    own cells ("Quantida" / "de" either side of "Item  Descrição  Preço unitário  Valor"): the
    pieces in one column, joined as one word or as words, where that names an item column."""
    header = lines[position]
    reach = 1.5 * max(header.height, 1e-6)
    pieces = [
        cell
        for line in lines[max(position - 1, 0) : position + 2]
        if line is not header
        and line.page == header.page
        and abs(line.y0 - header.y0) <= reach
        and not re.search(r"\d", line.text)
        for cell in line.cells
        if not any(_one_column(cell, own) for own in header.cells)
    ]
    named = [cell for group in _stacked(pieces) if (cell := _column_name_cell(group, header)) is not None]
    own = [part for cell in _names_in_two_lines(lines, position, reach) for part in _two_names_apart(cell)]
    if not named and own == header.cells:
        return header
    return Line(sorted([*own, *named], key=lambda cell: cell.x0), page=header.page, index=header.index)


def _two_names_apart(cell: Cell) -> list[Cell]:
    """A header cell whose words name two columns, one after the other, that OCR or a tight text
    layer ran into one ("Quantity Details", "VALOR UNIT. VALOR TOTAL"): the two; else the cell (a
    description's word before a figure's names one heading: "Item subtotal")."""
    if len(cell.words) < 2 or _column_named(normalise_label(cell.text)):
        return [cell]
    for cut in range(1, len(cell.words)):
        first, second = Cell(cell.words[:cut]), Cell(cell.words[cut:])
        named = _column_named(normalise_label(first.text)), _column_named(normalise_label(second.text))
        if (
            named[0]
            and named[1]
            and named[0] != named[1]
            and not (named[0] == "description" and named[1] in NUMERIC_COLUMNS)
        ):
            return [first, second]
    return [cell]


def _names_in_two_lines(lines: list[Line], position: int, reach: float) -> list[Cell]:
    """The header's cells, each with the word under it in its column where the two name another
    item column than its own word ("VALOR" over "UNIT.", a DANFE's header set in two lines)."""
    header = lines[position]
    under = lines[position + 1] if position + 1 < len(lines) else None
    if (
        under is None
        or under.page != header.page
        or under.y0 - header.y0 > reach
        or re.search(r"\d", under.text)
    ):
        return header.cells
    cells = []
    for cell in header.cells:
        pieces = [piece for piece in under.cells if _one_column(piece, cell)]
        joined = f"{cell.text} {pieces[0].text}" if len(pieces) == 1 else ""
        named = _column_named(normalise_label(joined)) if joined else None
        if named is None or named == _column_named(normalise_label(cell.text)):
            cells.append(cell)
            continue
        x0, x1 = min(cell.x0, pieces[0].x0), max(cell.x1, pieces[0].x1)
        cells.append(Cell([Word(joined, x0, header.y0, x1, header.y1, header.words[0].size)]))
    return cells


def _stacked(cells: list[Cell]) -> list[list[Cell]]:
    """Cells grouped by the column they share (their spans overlap), top to bottom."""
    groups: list[list[Cell]] = []
    for cell in sorted(cells, key=lambda cell: cell.words[0].y0):
        group = next((g for g in groups if any(_one_column(cell, other) for other in g)), None)
        if group is None:
            groups.append([cell])
        else:
            group.append(cell)
    return groups


def _one_column(cell: Cell, other: Cell) -> bool:
    """Whether two cells share some of their width: they stand in one column."""
    return cell.x0 < other.x1 and other.x0 < cell.x1


def _column_name_cell(group: list[Cell], header: Line) -> Cell | None:
    """One header cell of a column's name in pieces, where joined they name an item column."""
    texts = [cell.text for cell in group]
    for name in ("".join(texts), " ".join(texts)):  # "Quantida"+"de", "Unit"+"price"
        if _column_named(normalise_label(name)):
            x0, x1 = min(c.x0 for c in group), max(c.x1 for c in group)
            return Cell([Word(name, x0, header.y0, x1, header.y1, header.words[0].size)])
    return None


def _furniture_key(line: Line) -> str:
    return DIGITS.sub("#", line.text)


def _page_furniture(layout: Layout) -> set[str]:
    """Lines every page repeats below or above its table (the seller's footer, "Page 1 of 2"):
    left out, so that a table goes on from one page to the next past them. A line that comes
    back within one page ("(01.01.2020)" under each of a day's rows) is the table's own, as is
    one that wraps a row's description right under it ("postes" under an item billed on both
    pages), and a sum carried between pages ("Übertrag auf Seite 2  1.298,43" on each page but
    the last): it tells where the table goes on."""
    if len(layout.pages) < 2:
        return set()
    pages: dict[str, list[int]] = {}
    wraps: set[str] = set()
    for above, line in itertools.pairwise([None, *layout.lines]):
        if not _numbers_row(line) and not _a_tables_own(line):
            pages.setdefault(_furniture_key(line), []).append(line.page)
            if above is not None and _numbers_row(above) and _close_under(line, above):
                wraps.add(_furniture_key(line))
    return {
        key
        for key, seen in pages.items()
        if len(set(seen)) >= 2 and len(seen) == len(set(seen)) and key not in wraps
    }


def _a_tables_own(line: Line) -> bool:
    """Whether a line is the table's header or a sum it carries between pages."""
    return bool(header_columns([cell.text for cell in line.cells])) or any(
        CARRIED.match(cell.text) for cell in line.cells
    )


def _numbers_row(line: Line) -> bool:
    """A line of several cells that holds numbers: a table's row, never furniture (nor is a
    table's header, which a continued table repeats)."""
    return len(line.cells) >= 3 and sum(bool(re.search(r"\d", cell.text)) for cell in line.cells) >= 2


# Lines nearer each other than this share of their height are one row whose cells are centred
# vertically: a spreadsheet prints a wrapped description's lines above and below its numbers.
ROW_BAND = 0.8


def _row_bands(lines: list[Line]) -> list[Line]:
    """The lines, those of one row merged (a wrapped description centred around its numbers:
    "Toner preto para impressora laser, 2.500" / "1  D401-53  6  79,99  479,94" / "páginas")."""
    out: list[Line] = []
    for line in lines:
        last = out[-1] if out else None
        if (
            last is not None
            and last.page == line.page
            and line.y0 - last.y0 < ROW_BAND * min(last.height, line.height)
            and len(last.cells) + len(line.cells) > 2
            and not _numbers_clash(last, line)  # two rows a scan read close together
        ):
            out[-1] = _merged(last, line)
        else:
            out.append(line)
    return out


def _numbers_clash(top: Line, bottom: Line) -> bool:
    """Whether both lines hold a number in the same column: two rows, not one row's lines."""
    numbers = [cell for cell in top.cells if AMOUNT_LIKE.match(cell.text)]
    return any(
        _one_column(cell, other) for cell in bottom.cells if AMOUNT_LIKE.match(cell.text) for other in numbers
    )


def _merged(top: Line, bottom: Line) -> Line:
    """One line of two: a cell of the bottom one under a cell of the top one goes on its words."""
    cells = list(top.cells)
    for cell in bottom.cells:
        above = next((i for i, other in enumerate(cells) if _one_column(cell, other)), None)
        if above is None:
            cells.append(cell)
        else:
            cells[above] = Cell([*cells[above].words, *cell.words])
    return Line(sorted(cells, key=lambda cell: cell.x0), page=top.page, index=top.index)


def _repeats_header(line: Line, header: Line) -> bool:
    """Whether a line is the table's header printed again, perhaps read otherwise (its cells
    joined: "Codice Descrizione")."""
    if line.text == header.text or "description" in header_columns([c.text for c in line.cells]):
        return True
    return not DIGIT.search(line.text) and heads_an_item_table(line)


def _columns_on_later_pages(
    lines: list[Line], header: Line, columns: _Columns, body: list[Line]
) -> dict[int, _Columns]:
    """The columns of the header a later page prints again where it stands elsewhere than the
    first page's (the table full width under the first page's sidebar): that page's rows are read
    under its own header."""
    found: dict[int, _Columns] = {}
    slack = max(header.height, 1e-6)
    for head in sorted(_continued_page_heads(lines, header)):
        again = lines[head]
        if again.page in found or not _repeats_header(again, header):
            continue
        own = _columns(again)
        if own is not None and _moved(own, columns, slack):
            found[again.page] = own.widened([line for line in body if line.page == again.page])
    return found


def _moved(own: _Columns, first: _Columns, slack: float) -> bool:
    """Whether the same column starts elsewhere under two headers, by more than a line's height."""
    starts = {name: x0 for name, x0, _x1 in first.spans}
    return any(name in starts and abs(x0 - starts[name]) > slack for name, x0, _x1 in own.spans)


def _continued_page_heads(lines: list[Line], header: Line) -> set[int]:
    """The lines a continued table's next page prints above its header again (the letterhead,
    "Invoice DWC-014 · continued", a tax number): no rows, and no total there ends the table.
    Such a head is no deeper than the first page's, which also holds the parties, give or take
    ``DEEPER_HEAD`` lines (the sum carried over the header, its cells wrapped: "Transporte  $
    7.930.200,00" over "Alíc. | Subtotal"): a header lower on a later page is another table's,
    under this one's last rows and totals."""
    heads: set[int] = set()
    on_page: list[int] = []
    deepest = header.y0 + DEEPER_HEAD * max(header.height, 1e-6)
    for position, line in enumerate(lines):
        if on_page and lines[on_page[-1]].page != line.page:
            on_page = []
        on_page.append(position)
        if line.page != header.page and line.y0 <= deepest and _repeats_header(line, header):
            heads.update(on_page)
    return heads


DEEPER_HEAD = 3  # line heights a later page's header may stand under the first page's


# A table's sum carried to or from another page ("Übertrag von Seite 1  11.876,60", `[tables]`).
CARRIED = re.compile(rf"^(?:{alternation(prose_words(lambda words: words.carried))})\b", re.IGNORECASE)


def _body_lines(lines: list[Line], header: Line) -> Iterator[Line]:
    """The lines of the table under ``header``, up to the wide gap that ends it, across pages:
    a page's footer below its rows (or below the sum it carries: "Continued on page 2"), the
    next page's head over the header again, the header again and a sum carried between pages
    are left out."""
    heads = _continued_page_heads(lines, header)
    continued_pages = {lines[head].page for head in heads}
    previous, foot, resumes, yielded = header, 0, -1, 0
    row: Line | None = None  # the last line yielded
    for position, line in enumerate(lines):
        if line.page == foot or position < resumes:
            continue
        if position in heads:  # its gaps (the letterhead over the header) end nothing
            previous = line
            continue
        if line.page != previous.page:
            previous = line  # a table continues on the next page (its header may repeat)
        elif line.y0 - previous.y1 > ROW_GAP * max(line.height, 1e-6):
            if any(page > line.page for page in continued_pages):
                foot = line.page  # the rest of this page is its footer
                continue
            resumes = _header_again_below(lines, position, header)
            if resumes < 0:
                return
            previous = lines[resumes]
            continue
        if previous is header and not re.search(r"\d", line.text) and line.y0 - header.y1 < header.height:
            continue  # the header's cells wrap ("Bedrag excl." over "BTW")
        if line.page == header.page and position != resumes and _heads_a_wider_table(line, header):
            return  # "ITEM # | DESCRIPTION | QTY | …" under a row of terms read as a header
        previous = line
        carried = _carried(lines, position, header, continued_pages)
        if carried is not None:
            if yielded == line.page:  # a sum carried under the page's rows: the rest is its footer
                foot, resumes = (
                    (line.page, resumes) if carried == NEXT_PAGE else (foot, max(carried, resumes))
                )
            continue
        if _totals_headings(line):
            return
        if not _repeats_header(line, header) or _wraps_a_row(line, row):
            # a page's rows begin at its first figures (a rule of dashes under the header is none)
            yielded, row = (line.page if DIGIT.search(line.text) else yielded), line
            yield line


def _wraps_a_row(line: Line, row: Line | None) -> bool:
    """Whether a line stands tight under a row, its wrapped words: a header's words there
    ("servicio" under "Unidad de", a description's end beside it) repeat no header."""
    return row is not None and row.page == line.page and line.y0 - row.y1 < WRAP_GAP * line.height


WRAP_GAP = 0.5  # line heights between a row and its wrapped line, at most


def _named_columns(line: Line) -> int:
    columns = _columns(line)
    return 0 if columns is None else sum(span[0] != OTHER_COLUMN for span in columns.spans)


def _heads_a_wider_table(line: Line, header: Line) -> bool:
    """Whether a line under the header heads a table of more named columns than the header's own:
    the table under it is that one ("M. LeBlanc  Day & Ross  Destination  Net 30", the values of
    an order's terms, names a description and an amount only)."""
    return (
        line.text != header.text
        and len(line.cells) >= 3
        and not DIGIT.search(line.text)
        and _named_columns(line) > _named_columns(header)
    )


# Lines between a page's last row and its header printed again on the same page (pages of a
# scan stacked into one image): the page's footer, the next page's head, a sum carried.
STACKED_HEAD = 8


def _header_again_below(lines: list[Line], position: int, header: Line) -> int:
    """Where the table's header is printed again within ``STACKED_HEAD`` lines under a gap at
    ``position`` on the same page (a scan of two pages stacked into one image: the first page's
    footer, "Fattura FPR 145/25 — segue", "Riporto  9.369,02", the header, the next rows), or -1."""
    page = lines[position].page
    for later in range(position, min(position + STACKED_HEAD + 1, len(lines))):
        if lines[later].page != page:
            return -1
        if _repeats_header(lines[later], header):
            return later
    return -1


NEXT_PAGE = -2  # a sum carried to the next page


def _carried(lines: list[Line], position: int, header: Line, continued_pages: set[int]) -> int | None:
    """Where the table goes on after a sum carried between pages (None for any other line): on
    the next page (``NEXT_PAGE``), or at its header printed again below on the same page (a
    scan of pages stacked into one image), or -1 where it is not known. A carried sum is named
    so ("Übertrag  4.347,62"), or is a subtotal printed under a page's rows where the table goes
    on ("Zwischensumme (Übertrag)  4.347,62", "Page subtotal  $4,487.40"; one amount, where an
    item priced like one, "Shipping & handling  1  29.71  29.71", has more)."""
    line = lines[position]
    amounts = sum(bool(DIGIT.search(cell.text)) for cell in line.cells)
    # a row priced like an item is one, whatever its first word ("Report preparation  2  £440.00  £880.00")
    # its word may follow a notice in a cell of its own ("Fortsetzung auf Seite 2 ...  Übertrag: 2.785,37")
    said = any(CARRIED.match(cell.text) for cell in line.cells)
    # with a figure: "report with photographs" under a row is its description's end, no sum carried
    named = said and amounts > 0 and amounts - bool(DIGIT.search(line.cells[0].text)) < 3
    if not named and not (amounts <= 1 and is_totals_line(line.cells[0].text)):
        return None
    if any(page > line.page for page in continued_pages):
        return NEXT_PAGE
    again = _header_again_below(lines, position + 1, header) if position + 1 < len(lines) else -1
    if again >= 0 and _named_columns(lines[again]) >= _named_columns(header):
        return again  # the same table's header, not another's with fewer columns
    return -1 if named else None


@cache
def _tax_words() -> frozenset[str]:
    """The one-word names of a tax, all languages ("iva", "vat", "mwst")."""
    return frozenset(
        label.normalised for label in field_labels("tax") if label.strong and " " not in label.normalised
    )


def _states_the_tax_of(line: Line, parts: dict[str, list[str]], row: _Row) -> bool:
    """A line under an item giving the tax on it, the item's amount as its base ("Traslados: IVA
    Base 12,000.00 Tasa 0.160000 Importe 1,920.00", under each item of a Mexican CFDI); not an item
    of its own that costs what the last did, its tax's code in a column ("Call-out fee  1  95.00
    GST  95.00")."""
    base = norm.parse_amount(" ".join(row.parts.get("amount", [])))
    if base is None or not _tax_words() & set(normalise_label(line.text).split()):
        return False
    if _adds_up_as_placed(parts) and not _tax_words() & set(
        normalise_label(" ".join(parts.get("description", []))).split()
    ):
        return False
    return any(norm.parse_amount(number) == base for number in NUMBER.findall(line.text))


def _under_a_description(line: Line, above: Line, description: list[str]) -> bool:
    """A line of words alone that starts where the row's description starts on the line just
    above: its wrap, wherever its header stands ("positif obligatoire)" under "Levure …
    (livraison sous froid", the header "Désignation" centred further right)."""
    if len(line.cells) != 1 or line.y0 - above.y1 >= WRAP_GAP * line.height:
        return False
    start = line.cells[0].x0
    return any(
        abs(cell.x0 - start) <= 0.3 * line.height and cell.words[0].text in description
        for cell in above.cells
    )


# "Liefertermin: ", "Delivery date: ", after an item's codes ("Material 26435311 - Liefertermin: ")
DATED_NOTE = re.compile(
    r"(?:[^\W\d_]+\.?:?\s+[\w\-/.]*\d[\w\-/.]*\s+(?:[-\u2013]\s+)?)*[^\W\d_][^:\d]{1,30}:\s"
)


def _a_dated_note(text: str) -> bool:
    """A line under an item that is a label, its colon and a date, or a period alone ("Mar 5, 2024
    - Apr 4, 2024" under a subscription): the item's note."""
    if not norm.find_dates(text, month_first=False):
        return False
    return (
        bool(DATED_NOTE.match(text.strip())) or PERIOD_JOINERS.fullmatch(norm.without_dates(text)) is not None
    )


# What is left of a period alone on its line without its dates: a dash or a word between them.
PERIOD_JOINERS = re.compile(r"\s*(?:[-\u2013\u2014]|to|bis|au|al|a|t/m|tot|até)?\s*", re.IGNORECASE)


def _wrapped(words: list[str], more: list[str]) -> list[str]:
    """A description and its next line: a word hyphenated at the line's end is one word again
    ("demi-" / "bouteille"), but not a hyphen a conjunction follows ("Geschirr- und …")."""
    hyphenated = words and more and re.search(r"[^\W\d_]{2}-$", words[-1]) and more[0][:1].islower()
    if hyphenated and more[0].casefold() not in clause_words()[0]:
        return [*words[:-1], words[-1] + more[0], *more[1:]]
    return words + more


def _a_tax_tables_row(line: Line) -> bool:
    """A line of two cells of the totals' words or more ("Taux | Base HT | Montant TVA | TVA 5,5 %
    | 2,02 €", a tax summary beside the totals): no item."""
    return sum(is_totals_line(cell.text) for cell in line.cells) >= TAX_TABLE_CELLS


TAX_TABLE_CELLS = 2


def _totals_headings(line: Line) -> bool:
    """A row of the totals' names alone, their amounts on the line under them ("Total dos produtos
    Frete  Desconto  Total do pedido"): the items' end, whatever that line holds."""
    texts = [cell.text for cell in line.cells]
    return len(texts) >= 2 and all(is_totals_line(text) or a_totals_word(text) for text in texts)


def _priced_next(rest: list[Line], columns: _Columns) -> bool:
    """Whether the table's next line is an item priced in full (quantity times price is the amount): then a
    line of the totals' words before it is one of its rows ("Korting vaste klant 5%  € -89,13"
    between the items), not the end. Under a header of only descriptions and amounts, an item with
    an amount is one."""
    headed = {span[0] for span in columns.spans} & set(NUMERIC_COLUMNS)
    for line in rest:
        parts = columns.assign(line)
        if parts and set(parts) - {OTHER_COLUMN} != {"description"}:  # past a group's heading ("PEÇAS")
            cells = {c: " ".join(w) for c, w in parts.items()}
            if headed == {"amount"}:  # a table of descriptions and amounts: an item's words and its amount
                return (
                    bool(cells.get("description"))
                    and bool(DIGIT.search(cells.get("amount", "")))
                    and not _a_tax_tables_row(line)
                )
            return _numbers(cells) == len(NUMERIC_COLUMNS) and _priced(cells)
    return False


@dataclass(slots=True)
class _RowCells:
    own: list[str]  # the line's cells' texts, a sidebar's beside the table left out
    cells: dict[str, str]  # column -> its text
    parts: dict[str, list[str]]  # column -> its words


def _the_items_end(row: _RowCells, rest: list[Line], columns: _Columns, running: bool) -> bool:
    """Whether the items end at this line: a line of the totals' words with no priced item after
    it; or the items' sum (a totals line or the rows added up) with charges on it under it ("Spese
    generali 15%  360,00" under "Totale compensi  2.400,00")."""
    totals = _ends_table(row.own, row.cells)
    if totals and not _priced_next(rest, columns):
        return True
    return (totals or running) and _charged_next(rest, columns, row.parts)


def _charged_next(rest: list[Line], columns: _Columns, parts: dict[str, list[str]]) -> bool:
    """Whether the next line with a figure charges a rate it prints on this line's one figure:
    the items' sum ("Totale compensi  2.400,00"), then what is added to it ("Spese generali 15%
    360,00", "Cassa Nazionale Avvocati 4%", "IVA 22%"), not a group's subtotal over more items."""
    base = _one_figure(parts)
    for line in rest if base is not None else []:
        cells = {c: " ".join(w) for c, w in columns.assign(line).items()}
        amount = norm.parse_amount(cells.get("amount", "")) if DIGIT.search(cells.get("amount", "")) else None
        if amount is not None:
            return any(
                abs(base * rate / 100 - Decimal(amount)) <= norm.CENT
                for rate in printed_rates(line.text)
                if rate
            )
    return False


def _one_figure(parts: dict[str, list[str]]) -> Decimal | None:
    """A line's one figure outside its description, None where it has none or more."""
    figures = [word for column, words in parts.items() if column != "description" for word in words]
    amount = norm.parse_amount(figures[0]) if len(figures) == 1 else None
    return None if amount is None else Decimal(amount)


GROUP_ROWS = 2  # a sum of one row is as likely an item of the same amount


def _close_under(line: Line, tail: Line) -> bool:
    """Whether a line stands close enough under the last to wrap its description: less than most
    of the taller one's height apart (a wrap of small letters alone, "arms", is shorter than the
    gap over it)."""
    return line.y0 - tail.y1 < WRAP_GAP * max(line.height, tail.height)


WRAP_GAP = 0.8


def _only_words_besides(parts: dict[str, list[str]]) -> bool:
    """A line of a description's words, and beside it at most words with no figure under other
    columns: a code's end, a unit's name wrapped under its own ("Pieza" under "Clave unidad"); a
    date or a sum with its cents under a column no field names opens a row of its own ("17/10/2024
    Payment - Visa  636.40" under a folio's "Date" and "Credits")."""
    return (
        "description" in parts
        and not any(
            DIGIT.search(word)
            for column, words in parts.items()
            if column not in (OTHER_COLUMN, "description")
            for word in words
        )
        and not any(
            WHOLE_DATE.fullmatch(word) or SUM_WITH_CENTS.fullmatch(word)
            for word in parts.get(OTHER_COLUMN, [])
        )
    )


WHOLE_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})")
SUM_WITH_CENTS = re.compile(r"-?\d{1,3}(?:[.,' ]?\d{3})*[.,]\d{2}")


def _a_running_sum(parts: dict[str, list[str]], rows: list[_Row], group_start: int) -> bool:
    """A line with one figure, in whatever column, the sum of two rows or more: of all rows so far
    or of those since the last group began; a sum carried atop a page ("Transporte  6.110,20") or a
    group's subtotal ("Total mão de obra  263,00" under the labour's two rows), no item."""
    amount = _one_figure(parts)
    return amount is not None and any(
        _sum_of(rows[start:]) == amount for start in {0, group_start} if len(rows) - start >= GROUP_ROWS
    )


def _sum_of(rows: list[_Row]) -> Decimal | None:
    """The rows' amounts added up; None when one of them reads as no amount."""
    total = Decimal(0)
    for row in rows:
        amount = norm.parse_amount(" ".join(row.parts.get("amount", [])))
        if amount is None:
            return None
        total += Decimal(amount)
    return total


def _a_groups_heading(pending: list[str], own: list[str]) -> bool:
    """Words alone on the lines over a row that has its own description: in capitals over one in
    small letters ("MÃO DE OBRA" over "Mão de obra - diagnóstico"), or a few words over one that
    opens with a capital, neither ending in a word or a sign that goes on ("Add-ons" over
    "International minutes bundle", "Lohn" over "Helfer, Arbeitszeit"): the heading of a group
    of rows, no part of it."""
    heading, description = " ".join(pending), " ".join(own)
    if not own or not pending:
        return False
    if heading.isupper() and not description.isupper():
        return True
    return (
        len(pending) <= GROUP_HEADING_WORDS
        and description[:1].isupper()
        and not GOES_ON.search(heading)
        and pending[-1].casefold() not in CUT_SHORT
    )


GROUP_HEADING_WORDS = 5
# Another document's name, its number and its date ("Rif. DDT n. 2231 del 10/10/2025",
# "Lieferschein Nr. 4711 vom 12.03.2025", "Pakbon 4471 d.d. 12-03-2025"): date in group 1.
DATED_REFERENCE = re.compile(
    r"(?:[^\W\d_]+\.?\s+){1,4}(?:n[.°º]?\s*|nr\.?\s*|no\.?\s*|#\s*)?[\w/-]*\d[\w/-]*,?\s+"
    r"(?:[^\W\d_]{1,4}\.?){1,2}\s+(\S+(?:\s\S+){0,2})",
    re.I,
)


def _a_dated_reference(text: str) -> bool:
    """Whether a line names another document by its number and date, and nothing else."""
    match = DATED_REFERENCE.fullmatch(text.strip())
    if match is None or norm.parse_date(match.group(1)) is None:
        return False
    return bool(NUMBER_SIGN.search(text)) or re.search(r"\d{3}", text[: match.start(1)]) is not None


NUMBER_SIGN = re.compile(r"\b(?:n[.°º]|nr\.?|no\.)(?=\s|\d)|#", re.I)


def _no_wrap_of_the_row(words: list[str], description: list[str]) -> bool:
    """Whether words alone under a row are a section's heading in capitals under a description in
    small letters ("RIEPILOGHI IVA E TOTALI" under "Manodopera meccanica"), or a speck's letters in
    small ones under a description in capitals: no wrap of it."""
    text, above = " ".join(words), " ".join(description)
    if above.isupper() and text.islower() and len(text) <= SPECK_LETTERS:
        return True  # "es" under "GIUNTO ELASTICO GE 24": a speck OCR read under a row in capitals
    lettered = all(re.fullmatch(r"[^\W\d_]+", word) for word in words)  # no code's digits ("PRO PLUS 2021")
    return len(words) >= HEADING_WORDS and lettered and text.isupper() and not above.isupper()


SPECK_LETTERS = 2


HEADING_WORDS = 3


def _opens_the_next_row(words: list[str], following: list[Line], columns: _Columns) -> bool:
    """Whether a line of words alone under a row is the first line of the next row's description:
    it breaks off at a small word or a sign that goes on, and the next line is priced and goes on
    in small letters ("Assemblée générale ordinaire : procès-verbal et dépôt des" over "comptes  1
    386,00 €  386,00 €")."""
    if not following or not breaks_off(words):
        return False
    cells = {c: " ".join(w) for c, w in columns.assign(following[0]).items()}
    return bool(_numbers(cells)) and cells.get("description", "")[:1].islower()


def breaks_off(words: list[str]) -> bool:
    """Whether a line of words breaks off at a small word or a sign that goes on ("… dépôt des")."""
    return bool(words) and (words[-1].casefold() in CUT_SHORT or GOES_ON.search(words[-1]) is not None)


GOES_ON = re.compile(r"[,;:&/+-]$")  # a line that ends on a sign goes on under it


# A count in its unit times a price, under an item's description ("8 u. x 526,00"; the times sign
# or a star for the x).
COUNT_TIMES_PRICE = re.compile(r"(\d{1,5})(?:\s?[^\W\d_]{1,10}\.?)?\s?[x\u00d7*]\s?(\S.*)", re.IGNORECASE)


def _count_and_price_put_in_the_last(line: Line, rows: list[_Row], tail: Line | None) -> bool:
    """Puts the quantity and unit price a line under the last item prints ("1 forfait x 346,50"
    under a table of descriptions and amounts) in that item's row, where the row has neither and
    their product is its amount; whether it did (the line is then read)."""
    match = COUNT_TIMES_PRICE.fullmatch(line.text.strip())
    if match is None or not rows or tail is None:
        return False
    row = rows[-1]
    if row.parts.get("quantity") or row.parts.get("unit_price"):
        return False
    price = norm.parse_amount(match.group(2))
    amount = norm.parse_amount(" ".join(row.parts.get("amount", [])))
    if price is None or amount is None or Decimal(price) * int(match.group(1)) != Decimal(amount):
        return False
    row.parts.update(quantity=[match.group(1)], unit_price=[match.group(2)])
    return True


def _rows_under(lines: list[Line], header: Line, columns: _Columns, wanted: list[str]) -> tuple[list, list]:
    rows: list[_Row] = []
    pending: list[str] = []  # a description printed above its numbers
    misses, group_start = 0, 0  # group_start: the first row after a group's subtotal
    tail: Line | None = None  # the last line of the last row (a wrapped description's too)
    body = list(_body_lines(lines, header))
    on_its_page = _columns_on_later_pages(lines, header, columns, body)
    first_page = columns.widened(body)
    for position, line in enumerate(body):
        columns = on_its_page.get(line.page, first_page)
        parts = columns.assign(line)
        if (
            tail is not None
            and rows
            and _under_a_description(line, tail, rows[-1].parts.get("description", []))
            and not columns.across_the_figures(line)
        ):
            parts = {"description": [word.text for word in line.cells[0].words]}
        if (
            not parts
            or set(parts) == {OTHER_COLUMN}
            or norm.RULE.fullmatch(line.text)  # "-------" under the last item: no words of it
            or _count_and_price_put_in_the_last(line, rows, tail)
        ):
            continue  # only a sidebar's text beside the table ("Zahlungsziel", "19.01.2016"), also
            # where the header's line took in the sidebar's ("BIC …" over "P.IVA", "IT48783174888");
            # or the last item's count and price under it, now in its row ("8 u. x 526,00")
        if rows and _states_the_tax_of(line, parts, rows[-1]):
            tail = None  # the item's description does not wrap past it
            continue
        cells = {c: " ".join(w) for c, w in parts.items()}
        own = [c.text for c in line.cells if not columns.beside(c, line)]
        running = _a_running_sum(parts, rows, group_start)
        if _the_items_end(_RowCells(own, cells, parts), body[position + 1 :], columns, running):
            break
        if running:
            group_start, pending, tail = len(rows), [], None
            continue  # a group's subtotal ("Total mão de obra  263,00"), a sum carried ("Transporte")
        if (rows and columns.across_the_figures(line)) or _a_dated_reference(line.text):
            tail = None
            continue  # a note's sentence across the table, its figures no item's ("bouwjaar 2009"); the
            # delivery note the rows under it came by ("Rif. DDT n. 2231 del 10/10/2025")
        if _numbers(cells):
            own = parts.get("description", [])
            parts["description"] = own if _a_groups_heading(pending, own) else pending + own
            rows.append(_without_a_notes_label(_Row(parts, line)))
            pending, misses, tail = [], 0, line
        elif _only_words_besides(parts):  # a code's or a unit's wrapped end beside it ("Pieza") is no item
            if rows and (_a_dated_note(line.text) or _the_notes_date(rows, line)):
                tail = None  # "Liefertermin: Tag 21.03.2025" under an item: its note, not its words
            elif (
                rows
                and tail is not None
                and _close_under(line, tail)
                and not pending
                and not _opens_the_next_row(parts["description"], body[position + 1 : position + 2], columns)
                and not _no_wrap_of_the_row(parts["description"], rows[-1].parts.get("description", []))
            ):
                rows[-1].parts["description"] = _wrapped(rows[-1].parts["description"], parts["description"])
                tail = line  # it may wrap again
            else:
                pending += parts["description"]
                tail = None
        else:
            misses += 1
            if misses >= 2:
                break
    items, sources = [], []
    for row in rows:
        item = build_item({c: " ".join(words) for c, words in row.parts.items()}, wanted)
        if item and row.line is not None:
            items.append(item)
            sources.append({"page": row.line.page, "snippet": row.line.text[:300], "confidence": 0.85})
    return items, sources
