"""Candidates for every field from every layout relation between a label and a value.

For each cell that a field's label starts, the value may sit in the same cell after the label,
in the next cell to the right, in the cell below (a box, a column of labels over values), to
the left or above (a label printed under or after its value). Each relation has a prior; the
candidate's score is the label's certainty times that prior, and the chooser weighs them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum
from functools import cache, cached_property
from typing import Any

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.checks import three_that_multiply
from batches.processing.builtin.items import CARRIED, a_totals_word, heads_an_item_table
from batches.processing.builtin.labels import COLON, CURRENCY_ALONE, STRONG, LabelHit, LabelIndex, label_index
from batches.processing.builtin.normalise import PRICED_AMOUNT
from batches.processing.builtin.periods import BALANCES, CLOSING, date_range, dated_balance
from batches.processing.builtin.terms import a_term_in_days, without_early_payments
from batches.processing.builtin.values import (
    LEGAL_FORM_AT_END,
    LEGAL_FORM_WORD,
    DateOrder,
    paid_nothing,
    parse,
    signature_captions,
    without_courtesy,
    wrapped_with,
)
from batches.processing.builtin.vocabulary import field_type
from batches.processing.layout.model import Cell, Layout, Line, Word
from batches.processing.vocab import (
    alternation,
    clause_words,
    is_document_title,
    known_word,
    levied_on_words,
    normalise_label,
    payment_method,
    payments_named,
    prefix_labels,
    prose_words,
    range_words_to,
)


class Relation(Enum):
    """Where a value sits from its label, with the prior that it is the label's value."""

    SAME_CELL = 1.0
    RIGHT = 0.95
    BELOW = 0.85
    COLUMN_SUM = 0.83  # the sum of a VAT summary's column under its heading, a row per rate
    IN_TURN = 0.8  # the same place in a run of values as the label in its run of labels
    IN_ITS_SECTION = 0.9  # after a word for "name" in the section a party's heading opens
    OVER_ITS_CAPTION = 0.84  # a value printed above its caption, on a page laid out that way
    LEFT = 0.55
    ABOVE = 0.5


# How far below its label a value may sit, in line heights.
BELOW_REACH = 4.0
# Labelled fields live in a document's head and foot; a long document's middle is skipped.
HEAD_LINES, TAIL_LINES = 400, 200


@dataclass(slots=True)
class Candidate:
    field: str
    value: Any
    printed: str
    line: Line
    score: float
    relation: Relation
    weak: bool = False  # its label is a weak one ("Ship To" for a buyer)

    @property
    def summed(self) -> bool:
        """Whether the value is a column's sum, not an amount printed."""
        return self.relation is Relation.COLUMN_SUM


@dataclass(slots=True)
class Slot:
    """Where a label sits: its line's position in the page's lines, and its cell."""

    lines: list[Line]  # the page's lines
    row: int
    column: int

    @property
    def line(self) -> Line:
        return self.lines[self.row]

    @property
    def cell(self) -> Cell:
        return self.line.cells[self.column]


def labelled_lines(layout: Layout) -> list[list[Line]]:
    """Each page's lines, the middle of a very long document left out."""
    pages = [page.lines for page in layout.pages]
    total = sum(len(lines) for lines in pages)
    if total <= HEAD_LINES + TAIL_LINES:
        return pages
    keep = {line.index for line in layout.lines[:HEAD_LINES] + layout.lines[-TAIL_LINES:]}
    return [[line for line in lines if line.index in keep] for lines in pages]


def find_candidates(
    layout: Layout, index: LabelIndex, kinds: dict[str, str], order: DateOrder
) -> list[Candidate]:
    """Every (field, value) pair the layout offers for the fields in ``kinds``."""
    found: list[Candidate] = []
    period = _Period(layout, order)
    for lines in labelled_lines(layout):
        paired = _labels_then_values(lines, index, kinds, order)
        for labels, values in paired:
            found.extend(_in_turn(labels, values, index, kinds, order))
        found.extend(_tax_table_totals(lines, index, kinds, order))
        if kinds.get("tax") == "money":
            found.extend(c for line in lines if (c := _levied_on_its_base(line)) is not None)
        in_runs = {id(line) for labels, _values in paired for line in labels}
        captions = caption_rows(lines, index, kinds, order)
        for row, line in enumerate(lines):
            if id(line) in in_runs:
                continue  # its value is the one in the same place of the run of values below
            for column, cell in enumerate(line.cells):
                sectioned = _named_in_its_section(Slot(lines, row, column), index, kinds, order)
                if sectioned is not None:
                    found.append(sectioned)
                    continue  # "Denominazione" names the party its section is for, not the seller
                found.extend(_two_labels_two_values(Slot(lines, row, column), index, kinds, order))
                hits = [] if _in_a_register(Slot(lines, row, column)) else index.hits(cell.text)
                for hit in hits:
                    hit = _dated(hit, period, order)
                    if _a_page_carry(hit, cell.text, line, layout) or _a_sum_carried(hit, cell.text):
                        continue
                    if (
                        hit.score < STRONG
                        and _a_short_word(cell)
                        and not _before_a_courtesy_title(line, column)
                    ):
                        continue  # "a  EEN  TS": a scan's edge OCR read, not the weak word "a" ("to")
                    if hit.field in kinds:
                        slot = Slot(lines, row, column)
                        found.extend(_values_for(hit, slot, index, kinds[hit.field], order, row in captions))
                found.extend(_later_clauses(cell.text, line, index, kinds, order))
                found.extend(_dated_after_its_number(Slot(lines, row, column), index, kinds, order))
                found.extend(_around_a_wrapped_label(Slot(lines, row, column), index, kinds, order))
                found.extend(_under_a_labels_head(Slot(lines, row, column), index, kinds, order))
                found.extend(_over_a_wrapped_heading(Slot(lines, row, column), index, kinds, order))
    mails = {id(c) for c in found if kinds.get(c.field) == "date" and _a_mails_date(c.line, layout)}
    return [_with_its_prefix(c) for c in found if id(c) not in mails]


def _a_mails_date(line: Line, layout: Layout) -> bool:
    """Whether the line is the date of a printed e-mail's header, a time with it, among the
    header's other lines, one with an address ("From: … <receipts@…>", "To: …", "Date: Saturday,
    March 22, 2025 at 8:14 AM"): when the mail was sent, not the date of what it carries."""
    if not (_mail_header().match(line.text) and norm.TIME_OF_DAY.search(line.text)):
        return False
    near = layout.lines[max(line.index - MAIL_HEADER_REACH, 0) : line.index + MAIL_HEADER_REACH + 1]
    headers = [other.text for other in near if _mail_header().match(other.text)]
    return len(headers) >= MAIL_HEADER_LINES and any("@" in text for text in headers)


@cache
def _mail_header() -> re.Pattern[str]:
    return re.compile(rf"\s*(?i:{alternation(prose_words(lambda words: words.mail_headers))})\s*:")


MAIL_HEADER_REACH = 3  # lines either side of the date where the header's other lines are
MAIL_HEADER_LINES = 3  # its date's line and two more ("From:", "To:")


ORDINAL_SIGNS = frozenset("ºª")


def _a_short_word(cell: Cell) -> bool:
    """One or two letters OCR read: a weak label only by chance ("a" of a scan's edge); "Nº" (its
    "º" is a letter to Python) is a label of its own, and so is a text layer's "To"."""
    text = cell.text.strip()
    read = any(word.confidence < 1.0 or word.line for word in cell.words)
    return read and len(text) <= 2 and text.isalpha() and not ORDINAL_SIGNS & set(text)


def _before_a_courtesy_title(line: Line, column: int) -> bool:
    """Whether the next cell is a person's name after its word of courtesy, or a company's
    ending in its legal form: the short word before it is an addressee's label ("to  Mrs J.
    Pettifer" in an invoice book, "To  Oakmere Lettings Ltd")."""
    following = line.cells[column + 1].text.strip() if column + 1 < len(line.cells) else ""
    return bool(following) and (
        without_courtesy(following) != following or LEGAL_FORM_AT_END.search(following) is not None
    )


def _with_its_prefix(candidate: Candidate) -> Candidate:
    """A number whose first part its line prints apart under a label of its own ("Punto de Venta:
    0004  Comp. Nro: 00012876"): both, joined by a dash ("0004-00012876")."""
    labels = prefix_labels(candidate.field)
    if not labels or not str(candidate.value).isdigit():
        return candidate
    for cell in candidate.line.cells:
        for match in LABELLED_DIGITS.finditer(cell.text):
            label = normalise_label(match.group(1))
            if any(label == known or label.endswith(f" {known}") for known in labels):
                value = f"{match.group(2)}-{candidate.value}"
                return replace(candidate, value=value, printed=f"{match.group(0)}  {candidate.printed}")
    return candidate


# A label, its colon and digits alone: "Punto de Venta: 0004", also in one cell OCR read with the
# number's own label ("Punto de Venta: 0004 Comp. Nro: 00001287").
LABELLED_DIGITS = re.compile(r"([^\W\d_][^:\d]*?)\s*:\s*(\d+)(?!\S)")


def _around_a_wrapped_label(
    slot: Slot, index: LabelIndex, kinds: dict[str, str], order: DateOrder
) -> list[Candidate]:
    """The values of a label its narrow column wrapped around them ("N.º do" / "documento", with
    "FT RD2025/47" level with the gap between): read as if the whole label stood on the value's line."""
    wrapped = _label_wrapped_around(slot)
    if wrapped is None:
        return []
    label, middle = wrapped
    found = []
    for hit in index.hits(label.text):
        if hit.field in kinds and not hit.rest:
            lines = [*slot.lines[: slot.row + 1], middle, *slot.lines[slot.row + 2 :]]
            found.extend(_values_for(hit, Slot(lines, slot.row + 1, 0), index, kinds[hit.field], order))
    return found


def _label_wrapped_around(slot: Slot) -> tuple[Cell, Line] | None:
    """A label's two halves, one over and one under a line that is empty in the label's column
    and has a value right of it: the whole label, and that line with the label put in its place."""
    if slot.column or slot.row + 2 >= len(slot.lines):
        return None
    head, middle, tail = slot.lines[slot.row : slot.row + 3]
    top, height = slot.cell, max(head.height, 1e-6)
    end = tail.cells[0]
    if (
        abs(end.x0 - top.x0) > WRAPPED_LABEL_SLACK * height
        or tail.y0 - head.y1 > WRAPPED_LABEL_REACH * height
        or middle.cells[0].x0 <= top.x1
        or len(top.text) + len(end.text) > WRAPPED_LABEL_LETTERS
        or len(tail.cells) > 1  # "Nummer  6632" under "Factuur": a label of its own, its value beside it
    ):
        return None
    word = Word(
        f"{top.text} {end.text}", top.x0, middle.y0, max(top.x1, end.x1), middle.y1, top.words[0].size
    )
    label = Cell([word])
    return label, Line([label, *middle.cells], middle.page, middle.index)


def _over_a_wrapped_heading(
    slot: Slot, index: LabelIndex, kinds: dict[str, str], order: DateOrder
) -> list[Candidate]:
    """The values of a heading in a row of headings whose column wrapped its last words onto the
    next line ("Valor total do" over "pedido", the amounts under both): read as if the whole
    heading stood on its line, the wrapped words' line left out."""
    if slot.row + 1 >= len(slot.lines) or len(slot.line.cells) < HEADINGS_IN_A_ROW:
        return []
    wrap = slot.lines[slot.row + 1]
    ends = [cell for cell in wrap.cells if _overlaps(cell, slot.cell, 0.0) >= 0.5]
    if len(ends) != 1 or not _the_headings_wrapped(slot.line, wrap):
        return []
    whole = f"{slot.cell.text} {ends[0].text}"
    own = {hit.field for hit in index.hits(slot.cell.text) if not hit.rest}
    hits = [hit for hit in index.hits(whole) if hit.field in kinds and not hit.rest and hit.field not in own]
    if not hits:
        return []
    word = Word(whole, slot.cell.x0, slot.line.y0, max(slot.cell.x1, ends[0].x1), slot.line.y1, 0.0)
    cells = [Cell([word]) if at == slot.column else cell for at, cell in enumerate(slot.line.cells)]
    lines = [
        *slot.lines[: slot.row],
        Line(cells, slot.line.page, slot.line.index),
        *slot.lines[slot.row + 2 :],
    ]
    return [
        candidate
        for hit in hits
        for candidate in _values_for(hit, Slot(lines, slot.row, slot.column), index, kinds[hit.field], order)
    ]


HEADINGS_IN_A_ROW = 3  # a row of headings over their values holds this many at least


def _under_a_labels_head(
    slot: Slot, index: LabelIndex, kinds: dict[str, str], order: DateOrder
) -> list[Candidate]:
    """The values of a label its narrow column wrapped onto the value's line ("Account" over
    "number  41127735"): read as if the whole label stood on the lower line."""
    wrapped = _label_wrapped_onto(slot, index)
    if wrapped is None:
        return []
    line, at = wrapped
    lines = [*slot.lines[: slot.row + 1], line, *slot.lines[slot.row + 2 :]]
    return [
        candidate
        for hit in index.hits(line.cells[at].text)
        if hit.field in kinds and not hit.rest
        for candidate in _values_for(hit, Slot(lines, slot.row + 1, at), index, kinds[hit.field], order)
    ]


def _label_wrapped_onto(slot: Slot, index: LabelIndex) -> tuple[Line, int] | None:
    """The next line with a label's two halves put together in its lower half's place, and that
    place: the upper half ends its line, the lower one starts a cell under it, a value right of
    it, and neither half alone is a sure label ("Account", "number"), the whole is."""
    if slot.row + 1 >= len(slot.lines) or slot.column + 1 != len(slot.line.cells):
        return None
    head, below, height = slot.cell, slot.lines[slot.row + 1], max(slot.line.height, 1e-6)
    at = next(
        (i for i, cell in enumerate(below.cells) if abs(cell.x0 - head.x0) <= WRAPPED_LABEL_SLACK * height),
        None,
    )
    if at is None or at + 1 >= len(below.cells) or below.y0 - slot.line.y1 > WRAPPED_LABEL_REACH * height:
        return None
    tail = below.cells[at]
    joined = f"{head.text} {tail.text}"
    # the whole a sure label as printed: an exact phrase, no fuzzy search for every pair of cells
    if (
        len(joined) > WRAPPED_LABEL_LETTERS
        or max(index.phrases.get(normalise_label(joined), {}).values(), default=0) < STRONG
    ):
        return None
    if any(hit.score >= STRONG for hit in [*index.hits(head.text), *index.hits(tail.text)]):
        return None
    label = Cell([Word(joined, tail.x0, below.y0, max(head.x1, tail.x1), below.y1, tail.words[0].size)])
    return Line([*below.cells[:at], label, *below.cells[at + 1 :]], below.page, below.index), at


WRAPPED_LABEL_SLACK = 0.3  # line heights between the two halves' left edges
WRAPPED_LABEL_REACH = 2.5  # line heights from the first half's foot to the second's top
WRAPPED_LABEL_LETTERS = 40  # a label's halves together: longer is a paragraph, not a label


# A party's section: its heading ("PRESTADOR DE SERVIÇOS", "Cessionario/committente (cliente)")
# stands at most this many rows, and this many line heights, over the word for its name.
SECTION_ROWS = 6
SECTION_REACH = 8.0
# A note in brackets after a heading ("(fornitore)") or a name's whole value: no name.
IN_BRACKETS = re.compile(r"\(.*\)")


@cache
def _company_label() -> re.Pattern[str]:
    """A word for a party's name, its colon and the name ("Nome/Razão Social: Pixelmar Ltda.")."""
    words = alternation(prose_words(lambda words: words.company))
    return re.compile(rf"^(?:{words})\s*[:\uff1a]\s*(?P<name>\S.*)$", re.I)


def _named_in_its_section(
    slot: Slot, index: LabelIndex, kinds: dict[str, str], order: DateOrder
) -> Candidate | None:
    """The party a section's heading names, from the word for "name" inside the section: the
    seller's "Denominazione: Enoteca Brunelli S.r.l." under "Cedente/prestatore", the customer's
    under "Cessionario/committente" beside it."""
    match = _company_label().match(slot.cell.text)
    name = _wrapped_under_its_word(slot, match.group("name")) if match else _under_its_caption(slot, index)
    heading = _section_heading(slot, index, kinds) if name else None
    if not name or heading is None:
        return None
    value = parse(kinds[heading.field], name, order)
    if not value:
        return None
    score = heading.score * Relation.IN_ITS_SECTION.value
    return Candidate(heading.field, value, name, slot.line, score, Relation.IN_ITS_SECTION)


def _wrapped_under_its_word(slot: Slot, name: str) -> str:
    """A name after its word for name that wraps, in a block of labels and their values
    ("Denominazione: Consorzio Intercomunale Servizi Idrici Val" / "Pescara" / "Indirizzo: Viale
    Bovio 401"): with the next line's few words under the word or under the name, no figure and no
    colon among them, where the line after is a label's again; a name that ends in its legal form
    is whole."""
    if LEGAL_FORM_AT_END.search(name) or slot.row + 2 >= len(slot.lines):
        return name
    height = max(slot.line.height, 1e-6)
    first = name.split()[0] if name.split() else ""
    lefts = [slot.cell.x0, *[word.x0 for word in slot.cell.words if word.text == first][:1]]

    def at_left(line: Line) -> Cell | None:  # at the word's left edge or the name's
        return next((cell for cell in line.cells if any(abs(cell.x0 - x) <= height for x in lefts)), None)

    under, after = at_left(slot.lines[slot.row + 1]), at_left(slot.lines[slot.row + 2])
    wrapped = (
        under is not None
        and after is not None
        and len(under.text.split()) <= WRAPPED_NAME_WORDS
        and not re.search(r"[\d:@]", under.text)
        and ":" in after.text
        and slot.lines[slot.row + 1].y0 - slot.line.y1 < height
    )
    return f"{name} {under.text}" if wrapped else name


WRAPPED_NAME_WORDS = 3


def _under_its_caption(slot: Slot, index: LabelIndex) -> str | None:
    """The name under a caption that is a word for it ("NOME / RAZÃO SOCIAL" over "CONDOMÍNIO DO
    EDIFÍCIO JARDIM BOTÂNICO"), or beside it where a label stands under it ("Nome  Marta Sofia
    Pereira Couto" over "NIF  234 567 890")."""
    if normalise_label(slot.cell.text) not in _company_words():
        return None
    below = _below(slot)
    if below is not None and _a_label_and_value_under(slot, below, index):
        below = None  # "Naam  Hofstede ICT Beheer B.V." over "Adres  Koninginneweg 142": beside it
    if below is not None and not _a_label_alone(below[1].text, index):
        return below[1].text
    beside = slot.column + 1 < len(slot.line.cells)
    return slot.line.cells[slot.column + 1].text if beside and not _a_row_of_headings(slot, index) else None


@cache
def _company_words() -> frozenset[str]:
    return frozenset(normalise_label(word) for word in prose_words(lambda words: words.company))


def _section_heading(slot: Slot, index: LabelIndex, kinds: dict[str, str]) -> LabelHit | None:
    """The party label heading the section a cell is in: on the nearest row above that holds
    one, the heading over the cell's column (or the row's only cell: a heading across the page)."""
    height = max(slot.line.height, 1e-6)
    for row in range(slot.row - 1, max(slot.row - SECTION_ROWS - 1, -1), -1):
        line = slot.lines[row]
        if slot.line.y0 - line.y0 > SECTION_REACH * height:
            return None
        headings = [
            (cell, hit)
            for cell in line.cells
            for hit in index.hits(cell.text)
            if kinds.get(hit.field) == "party" and (not hit.rest or IN_BRACKETS.fullmatch(hit.rest))
        ]
        if not headings:
            continue
        cell, hit = max(headings, key=lambda heading: _overlaps(heading[0], slot.cell, height))
        return hit if len(line.cells) == 1 or _overlaps(cell, slot.cell, height) > 0 else None
    return None


# A tax table (rate | net | tax | gross) ends in its total row this many rows under its headings.
TAX_TABLE_ROWS = 8
TOTAL_ROW_CELLS = 3  # its label and two sums
TAX_TABLE_FIELDS = ("subtotal", "tax", "total")


def _tax_table_totals(
    lines: list[Line], index: LabelIndex, kinds: dict[str, str], order: DateOrder
) -> list[Candidate]:
    """The sums of a tax table's total row, each under its column's heading ("VAT rate | Net |
    VAT | Gross" … "Total | 639.51 | 92.39 | 731.90"; "MwSt-Satz | Netto | MwSt | Brutto")."""
    found: list[Candidate] = []
    for row, line in enumerate(lines):
        columns = _tax_columns(line, index)
        if "tax" not in columns or len(columns) < 2:
            continue
        rows = lines[row + 1 : row + 1 + TAX_TABLE_ROWS]
        totals = (  # two sums at least: an items table's total row may leave its net column blank
            b for b in rows if len(b.cells) >= TOTAL_ROW_CELLS and _whole_total(b.cells[0].text, index)
        )
        total_row = next(totals, None)
        if total_row is not None:
            found.extend(_under_columns(columns, total_row, kinds, order))
        elif kinds.get("tax") == "money":
            found.extend(_taxes_by_rate(line, columns["tax"], rows, order))
    return found


# A tax whose line prints its rate and the base it is levied on but no tax's word ("22% su
# 537,60  118,27", "21% over € 813,90  € 170,92"): the rate, a word for "on", the base (its
# currency's sign before it or not); the tax last.
RATE_ON_A_BASE = re.compile(r"(\d{1,2}(?:[.,]\d{1,2})?)\s?%\s+(\S+)\s+(?:[€$£]\s?)?(\d[\d.,' ]*)")
LEVIED = 0.7  # its score: no label names it, the rate times the base proves it


def _levied_on_its_base(line: Line) -> Candidate | None:
    """The tax of a line opening with a rate and its base, where the rate of the base is the
    amount the line ends in, to the cent."""
    if len(line.cells) < 2:
        return None
    match = RATE_ON_A_BASE.fullmatch(line.cells[0].text.strip())
    if match is None or normalise_label(match.group(2)) not in levied_on_words():
        return None
    base = norm.parse_amount(match.group(3))
    tax = norm.parse_amount(line.cells[-1].text)
    if base is None or tax is None:
        return None
    rate = Decimal(match.group(1).replace(",", "."))
    if abs(Decimal(base) * rate / 100 - Decimal(tax)) > norm.CENT:
        return None
    return Candidate("tax", tax, line.cells[-1].text, line, LEVIED, Relation.RIGHT)


# A rate's tax in a tax table without a total row: only the sum of the rates' taxes is the
# document's tax, which the subtotal and total must confirm (``choose``).
RATE_TAX = 0.6


def _taxes_by_rate(headings: Line, heading: Cell, rows: list[Line], order: DateOrder) -> list[Candidate]:
    """Each rate's tax under the tax column of a tax table that prints no total row ("Totale
    imposta" over "418,00" and "24,00"), the rows read until one holds none (``_beside_the_table``
    passed over)."""
    found = []
    reach = _column_reach(headings, heading)
    for row in _under_the_headings(rows):
        if _beside_the_table(row, heading):
            continue
        cells = [c for c in row.cells if _overlaps(c, heading, row.height) >= 0.5] or _amounts_within(
            row, reach
        )
        value = parse("money", cells[0].text, order) if len(cells) == 1 and not _prose(cells[0]) else None
        if value in (None, ""):
            break
        found.append(Candidate("tax", value, cells[0].text, row, RATE_TAX, Relation.BELOW))
    return found if len(found) >= 2 else []


PROSE_WORDS = 4  # a cell of this many words with letters is a sentence under the table, no amount


def _prose(cell: Cell) -> bool:
    return sum(any(c.isalpha() for c in word.text) for word in cell.words) >= PROSE_WORDS


def _tax_columns(line: Line, index: LabelIndex) -> dict[str, Cell]:
    """The headings of a row that name a subtotal, a tax and a total whole, by field: for each,
    the surest ("USt" over the rate's "Steuersatz", a weak word for the tax)."""
    columns: dict[str, tuple[float, Cell]] = {}
    if len(line.cells) < 3:
        return {}
    for cell in line.cells:
        if "%" in cell.text:
            continue  # a rate's column ("%IVA", "MwSt %")
        hits = [hit for hit in index.hits(cell.text) if _a_tax_heading(hit)]
        best = max(hits, key=lambda hit: hit.score, default=None)
        if best is not None and best.score > columns.get(best.field, (0.0, cell))[0]:
            columns[best.field] = (best.score, cell)
    return {field: cell for field, (_score, cell) in columns.items()}


def _a_tax_heading(hit: LabelHit) -> bool:
    """A whole heading of a tax table's column: a total's only when strong ("Gross", "Brutto",
    "TTC"; an "Amount" column is often the net)."""
    return hit.field in TAX_TABLE_FIELDS and not hit.rest and (hit.field != "total" or hit.score >= STRONG)


def _whole_total(text: str, index: LabelIndex) -> bool:
    return any(hit.field == "total" and not hit.rest for hit in index.hits(text))


def _under_columns(
    columns: dict[str, Cell], row: Line, kinds: dict[str, str], order: DateOrder
) -> list[Candidate]:
    found = []
    height = max(row.height, 1e-6)
    for field, heading in columns.items():
        if kinds.get(field) != "money":
            continue
        cell = max(row.cells[1:], key=lambda c: _overlaps(c, heading, height))
        value = parse("money", cell.text, order) if _overlaps(cell, heading, height) >= 0.5 else None
        if value not in (None, ""):
            found.append(Candidate(field, value, cell.text, row, Relation.RIGHT.value, Relation.BELOW))
    return found


@cache
def _clause() -> re.Pattern[str]:
    """Where a cell's next clause starts: after a semicolon or a middle dot or bar set apart
    ("… 5.599,50 € · Cuota IVA total: 579,75 €"); after a full stop that ends a sentence
    on a number ("… de 2015. Saldo inicial: …"; a word's dot may be an abbreviation's: "excl. BTW");
    after a value and a comma or a joining word, past an article ("… 3.800,15 EUR und einen
    Endsaldo von …", "… 5.987,73 EUR, der Endsaldo …")."""
    joins, articles = clause_words()
    join = "|".join(re.escape(word) for word in joins)
    spaced = "|".join(re.escape(word) for word in articles if not word.endswith("'"))
    elided = "|".join(re.escape(word) for word in articles if word.endswith("'"))
    article = rf"(?:(?:{spaced})\s+|(?:{elided}))?" if elided else rf"(?:(?:{spaced})\s+)?"
    after_value = rf"(?<=\d)(?:\s?(?:[A-Z]{{3}}|[€$£]))?(?:\s*,|\s+(?i:{join}))\s+(?i:{article})"
    return re.compile(rf"\s*;\s+|\s+[\u00b7|]\s+|(?<=\d\.)\s+(?=[A-ZÀ-Þ])|{after_value}")


@cache
def _register() -> re.Pattern[str]:
    """A company register's words, in any language."""
    return re.compile(rf"(?<!\w)(?:{alternation(prose_words(lambda words: words.registers))})(?!\w)")


def _in_a_register(slot: Slot) -> bool:
    """Whether a cell is a company register's ("Capital social 25 000,00 €"), or starts its line
    with the end of one wrapped from the line over it ("Processado por programa certificado" over
    "n.º 2941/AT", the billing software's certificate; "Reg. Mercantil, Tomo 10.412," over "Folio
    88, Hoja V-181220" in a column beside the items): its numbers label no field."""
    if _register().search(slot.cell.text):
        return True
    if slot.column or not slot.row:
        return False
    above = slot.lines[slot.row - 1]
    over = next((cell for cell in above.cells if cell.x0 < slot.cell.x1 and slot.cell.x0 < cell.x1), None)
    if over is None or slot.line.y0 - above.y1 >= slot.line.height:
        return False
    text = over.text.rstrip()
    return any(match.end() == len(text) or text.endswith(",") for match in _register().finditer(text))


# OCR runs two cells of a row into one ("Subtotal Rs 19,168.45 IGST Rs 3,450.31"): words after a
# value may be another label, when they are a strong one.
VALUE_THEN_WORDS = re.compile(r"(?<=\d)\s+(?=[^\W\d_]{2})")
# A clause after a comma: a date's strong label and its date ("Condiciones: crédito, vence 11/05/2025").
AFTER_A_COMMA = re.compile(r",\s+(?=[^\W\d_]{2})")
SURE_LABEL = 0.95  # a strong label's score as the leading words of a cell (0.97)


def _two_labels_two_values(
    slot: Slot, index: LabelIndex, kinds: dict[str, str], order: DateOrder
) -> list[Candidate]:
    """Two labels in one cell over two values in one ("Bestellnummer/Datum" over "4500012873 /
    05.03.2025", "Invoice No. / Date" beside "A-118 / 03.02.2025"): each label its own value."""
    parts = LABEL_PAIR.split(slot.cell.text.strip().rstrip(":"))
    if len(parts) != 2:
        return []
    hits = [next((h for h in index.hits(part) if not h.rest and h.field in kinds), None) for part in parts]
    if hits[0] is None or hits[1] is None or hits[0].field == hits[1].field:
        return []
    for relation, line, printed in _places(hits[0], slot, "text", index, captioned=False):
        values = VALUE_PAIR.split(printed.strip())
        if relation is Relation.SAME_CELL or len(values) != 2:
            continue
        out = []
        for hit, value in zip(hits, values, strict=True):
            parsed = parse(kinds[hit.field], value, order)
            if parsed not in (None, "", []):
                out.append(Candidate(hit.field, parsed, value, line, hit.score * relation.value, relation))
        return out
    return []


LABEL_PAIR = re.compile(r"\s*/\s*")
VALUE_PAIR = re.compile(r"\s+/\s+")


def _later_clauses(
    text: str, line: Line, index: LabelIndex, kinds: dict[str, str], order: DateOrder
) -> list[Candidate]:
    """A label with its value after a semicolon or a full stop in the same cell ("Solde au début de
    la période : 2 980,49 € ; solde à la fin : 7 360,25 €", "… de 2015. Saldo inicial: R$ 45.680,09.
    Saldo final: R$ 58.838,77."): each clause after the first is read on its own; so are the words
    after a value when they start with a strong label in capitals (two cells OCR read as one), a
    date's strong label after a comma ("crédito, vence 11/05/2025"), and a subject line's words
    after its colon ("Asunto: factura F20210126-10")."""
    if _register().search(text):
        return []  # "Registro Mercantil de Sevilla, Tomo 5123, Folio 88": a register's numbers
    out = []
    joined = [(clause, 0.0) for clause in _clause().split(text)[1:]]
    colon = COLON.match(text)  # a subject line: "Asunto: factura F20210126-10", "Betreff: Rechnung 118"
    joined += [(colon.group("rest"), 0.0)] if colon and not index.hits(colon.group("label")) else []
    spaced = [
        (clause, SURE_LABEL) for clause in VALUE_THEN_WORDS.split(text)[1:] if not clause[:1].islower()
    ]  # a cell's label starts with a capital: "1/4 po, longueur 20 pi" is an inch ("po"), no PO
    clauses = {clause: (least, False) for clause, least in joined + spaced}  # (least score, dates only)
    for clause in AFTER_A_COMMA.split(text)[1:]:  # after a comma: a date's strong label, whatever else
        clauses[clause] = (SURE_LABEL, True)
    for clause, (least, dates_only) in clauses.items():
        for hit in index.hits(clause):
            if dates_only and kinds.get(hit.field) not in DATE_KINDS:
                continue
            if hit.field in kinds and hit.rest and hit.score >= least:
                value = parse(kinds[hit.field], hit.rest, order)
                if value not in (None, "", []):
                    score = hit.score * (IN_A_SENTENCE if _a_sentence_goes_on(hit.rest) else 1.0)
                    score *= _as_a_party(kinds[hit.field], hit.rest, value)
                    out.append(Candidate(hit.field, value, hit.rest, line, score, Relation.SAME_CELL))
    return out


# A document's number and the field of the date printed after it in its cell ("n. 14/2025 del
# 12/05/2025", "Nr. 118 vom 03.04.2025", "n° 12 du 3 avril 2025").
DATE_OF_THE_NUMBER = {"invoice_number": "invoice_date", "po_number": "order_date"}


def _dated_after_its_number(
    slot: Slot, index: LabelIndex, kinds: dict[str, str], order: DateOrder
) -> list[Candidate]:
    """The date right after a document's number in the number's cell: the document's date, under
    a small word ("del", "vom", "du") that names a date only weakly elsewhere (an assignment "del
    10/01/2025" in the subject's prose). Not where a label of words before the cell or over it
    says whose number it is ("Vs. offerta  n. 1187 del 28/05/2025", "VS. ORDINE" over "n. 311 del
    15/09/2025": the supplier's offer's, the customer's order's); a title over it is the document's."""
    line, column = slot.line, slot.column
    clauses = VALUE_THEN_WORDS.split(line.cells[column].text)
    if len(clauses) < 2:
        clauses += _its_date_line_under(slot)  # "FACTURE N. 0087462" over "DU 11/04/24"
    if len(clauses) < 2:
        return []  # no words after a value
    numbers = {hit.field for hit in index.hits(line.cells[column].text) if hit.rest}
    dated = {DATE_OF_THE_NUMBER[field] for field in numbers if field in DATE_OF_THE_NUMBER}
    if not dated or (column and not re.search(r"\d", line.cells[column - 1].text)):
        return []
    above = _above(slot)
    if above is not None and not re.search(r"\d", above[1].text) and not is_document_title(above[1].text):
        return []
    out = []
    for clause in clauses[1:2]:
        for hit in index.hits(clause):
            if hit.field in dated and hit.field in kinds and hit.rest:
                value = parse(kinds[hit.field], hit.rest, order)
                if value not in (None, "", []):
                    score = max(hit.score, SURE_LABEL)
                    out.append(Candidate(hit.field, value, hit.rest, line, score, Relation.SAME_CELL))
    return out


def _its_date_line_under(slot: Slot) -> list[str]:
    """The cell under a number's, alone on its line and starting where it does, that opens with a
    word and holds a figure ("DU 11/04/24" under "FACTURE N. 0087462"): the clause that dates it."""
    below = _below(slot)
    if (
        below is None
        or len(below[0].cells) != 1
        or below[0].y0 - slot.line.y1 > DATE_LINE_GAP * slot.line.height
    ):
        return []
    text = below[1].text
    aligned = abs(below[1].x0 - slot.line.cells[slot.column].x0) <= slot.line.height
    return [text] if aligned and re.match(r"[^\W\d_]{2,5}\.?\s+\d", text) else []


DATE_LINE_GAP = 1.5  # line heights between a number's line and its date's, at most


# A value a sentence goes on after ("NF-e nº 8.114 enviada por e-mail."): a mention in passing,
# surer under a label of its own.
IN_A_SENTENCE = 0.85
SENTENCE_GOES_ON = 2  # words in small letters after the value


def _a_sentence_goes_on(rest: str) -> bool:
    after = re.split(r"\d[\d.,/-]*", rest, maxsplit=1)[-1]  # the words after the value's figures
    return len(re.findall(r"(?<!\S)[a-zà-ÿ][a-zà-ÿ-]*(?=[\s.,;]|$)", after)) >= SENTENCE_GOES_ON


def caption_rows(lines: list[Line], index: LabelIndex, kinds: dict[str, str], order: DateOrder) -> set[int]:
    """The rows of labels printed under their values ("7 mei 2020  2020.3162" over "Factuurdatum
    Factuurnr."), read from the top: a row of labels is a caption row when more of its typed labels
    (a date's, an amount's, a number's) read their kind in the row just above than in the row just
    below, two at least, and that row above is no other row's. A page with such a row is laid out
    that way: its lone typed label under a lone value of its kind is a caption too."""
    captions: set[int] = set()
    taken: set[int] = set()
    for row, line in enumerate(lines):
        if len(line.cells) < 2 or re.search(r"\d", line.text):
            continue
        above = _fitting(line, lines[row - 1], index, kinds, order) if row > 0 and row - 1 not in taken else 0
        below = _fitting(line, lines[row + 1], index, kinds, order) if row + 1 < len(lines) else 0
        if above >= 2 and above > below:
            captions.add(row)
            taken.add(row - 1)
        elif below:
            taken |= _rows_of_values(lines, row + 1)  # a table's rows under its headings
    if captions or _values_over_labels(lines, index, kinds, order) >= STACK_VOTES:
        captions |= {
            row
            for row in range(1, len(lines))
            if len(lines[row].cells) == len(lines[row - 1].cells) == 1
            and row - 1 not in taken | captions
            and not re.search(r"\d", lines[row].text)
            and _fitting(lines[row], lines[row - 1], index, kinds, order)
        }
    return captions


def _rows_of_values(lines: list[Line], first: int) -> set[int]:
    """The rows of a table from ``first`` on: each with figures, up to the first with none (a VAT
    summary's row a rate, "22,00  3.540,00  778,80", then "10,00  336,00  33,60")."""
    rows = {first}
    for row in range(first + 1, len(lines)):
        if len(lines[row].cells) < 2 or not re.search(r"\d", lines[row].text):
            break
        rows.add(row)
    return rows


STACK_VOTES = 2  # labels that read their kind above and not below, more than the other way round


def _values_over_labels(lines: list[Line], index: LabelIndex, kinds: dict[str, str], order: DateOrder) -> int:
    """In a stack of one-cell lines (a page flattened to text), how many more typed labels read
    their kind in the line above and not the one below than the other way round: "RE-1902766" /
    "Rechnung Nr." / "30.10.2019" / "Datum" / "9.11.2019" / "Zahlbar bis" is laid out value first."""
    votes = 0
    for row in range(1, len(lines)):
        line, above, below = lines[row], lines[row - 1], lines[row + 1] if row + 1 < len(lines) else None
        if len(line.cells) != 1 or re.search(r"\d", line.text) or is_document_title(line.text):
            continue  # a title over the number ("Rechnung" / "RE-1902766") is no label
        over = _fitting(line, above, index, kinds, order) if len(above.cells) == 1 else 0
        under = _fitting(line, below, index, kinds, order) if below and len(below.cells) == 1 else 0
        votes += (over > under) - (under > over)
    return votes


def _fitting(labels: Line, values: Line, index: LabelIndex, kinds: dict[str, str], order: DateOrder) -> int:
    """How many of the labels' cells name a typed field whose value the other row holds, in a cell
    that stands over or under them."""
    if not re.search(r"\d", values.text):
        return 0
    slack = max(labels.height, 1e-6)
    fitting = 0
    for label in labels.cells:
        fields = [
            hit.field
            for hit in index.hits(label.text)
            if not hit.rest and hit.field in kinds and kinds[hit.field] not in NAME_KINDS
        ]
        over = [cell for cell in values.cells if _overlaps(cell, label, slack) >= 0.5]
        read = (parse(kinds[field], cell.text, order) for field in fields for cell in over)
        fitting += any(value not in (None, "", []) for value in read)
    return fitting


class _Period:
    """The statement's period, from its first lines (where it is printed), looked for only when a
    dated balance label asks (most documents have none)."""

    def __init__(self, layout: Layout, order: DateOrder) -> None:
        self.layout, self.order = layout, order

    @cached_property
    def dates(self) -> tuple[str, str] | None:
        lines = [(line.page, line.text) for line in self.layout.lines[:HEAD_LINES]]
        found = date_range(lines, self.order.month_first)
        return (found[0], found[1]) if found else None


# A sum carried to the next page or brought from the last ("BALANCE CARRIED FORWARD").
PAGE_CARRY = re.compile(rf"(?<!\w)(?:{alternation(prose_words(lambda words: words.carried))})(?!\w)", re.I)


def _a_page_carry(hit: LabelHit, text: str, line: Line, layout: Layout) -> bool:
    """Whether a balance's label carries it between pages ("BALANCE CARRIED FORWARD" at the foot
    of page 1, "BALANCE BROUGHT FORWARD" atop page 2): a page's balance, not the period's, unless
    it closes the last page or opens the first (in its upper half: at its foot it goes on)."""
    if hit.field not in BALANCES or not PAGE_CARRY.search(text):
        return False
    last = max((page.number for page in layout.pages), default=line.page)
    if hit.field == CLOSING:
        return line.page < last
    return line.page > 1 or not _on_the_upper_half(line, layout)  # carried on at the first's foot


def _a_sum_carried(hit: LabelHit, text: str) -> bool:
    """Whether a sum's label carries a table's sum between pages ("Zwischensumme Seite 1
    (Übertrag)", `[tables] carried`): a page's, not the document's (nor its page's number)."""
    return hit.field in CARRIED_SUMS and CARRIED.match(text.strip()) is not None


CARRIED_SUMS = ("subtotal", "total")


def _on_the_upper_half(line: Line, layout: Layout) -> bool:
    page = next((page for page in layout.pages if page.number == line.page), None)
    return page is None or not line.words or line.words[0].y0 < page.height / 2


def _dated(hit: LabelHit, period: _Period, order: DateOrder) -> LabelHit:
    """A balance label with a date in it names the balance that date says (see ``dated_balance``)."""
    if hit.field not in BALANCES or not re.search(r"\d", hit.rest):
        return hit
    field = dated_balance(hit.field, hit.rest, period.dates, month_first=order.month_first)
    return hit if field == hit.field else LabelHit(field, hit.score, hit.rest)


def _whole_label(line: Line, index: LabelIndex) -> bool:
    return len(line.cells) == 1 and index.a_whole_label(line.text)


def _labels_then_values(
    lines: list[Line], index: LabelIndex, kinds: dict[str, str], order: DateOrder
) -> list[tuple[list[Line], list[Line]]]:
    """Runs of label lines followed by as many value lines, one per line ("Saldo anterior",
    "Depósitos", "Saldo actual" then "$323,635.00", "$93,417.00", "$359,377.00"): how a column of
    labels beside a column of values reads once a page is flattened. A run opens and closes with
    a known label; short lines without digits between them are labels of other things, and so
    may be the one or two just before it ("Afschrift nr." over "Rekeninghouder"). Each known
    label's value in turn must read as its field's kind: a title ("RECHNUNG") over a party's label
    is not a run ("Nordlicht Druckerei AG" is no invoice number)."""
    runs, row, done = [], 0, 0
    while row < len(lines):
        if not _whole_label(lines[row], index):
            row += 1
            continue
        last, scan = row, row + 1
        while scan < len(lines) and (_whole_label(lines[scan], index) or _label_like(lines[scan])):
            last = scan if _whole_label(lines[scan], index) else last
            scan += 1
        # the run may end in labels of other things ("Código cliente" after "Vence")
        other = last
        while other + 1 < scan and _another_label(lines[other + 1], index):
            other += 1
        ends = dict.fromkeys((last, other))
        run = next((r for end in ends if (r := _run_from(lines, row, end, done, index, kinds, order))), None)
        if run is None:
            row = last + 1
            continue
        runs.append(run)
        row = done = next(i for i in range(row, len(lines)) if lines[i] is run[1][-1]) + 1
    return runs


def _another_label(line: Line, index: LabelIndex) -> bool:
    """A whole label of something else: a near miss ("Código cliente") or another field's."""
    return _a_label_alone(line.text, index)


def _run_from(
    lines: list[Line],
    row: int,
    last: int,
    done: int,
    index: LabelIndex,
    kinds: dict[str, str],
    order: DateOrder,
) -> tuple[list[Line], list[Line]] | None:
    """The labels ending at ``last`` (from ``row``, or a line or two above it) and as many values
    after them, when they make a run; else None."""
    for first in _run_starts(lines, row, done):
        labels = lines[first : last + 1]
        values = lines[last + 1 : last + 1 + len(labels)]
        if _is_run(labels, values, index, kinds, order):
            return labels, values
    return None


def _run_starts(lines: list[Line], row: int, done: int) -> list[int]:
    """Where a run that opens with the known label at ``row`` may start: there, or one or two
    label-like lines above it (not inside the last run)."""
    starts = [row]
    while len(starts) < 3 and starts[-1] - 1 >= done and _label_like(lines[starts[-1] - 1]):
        starts.append(starts[-1] - 1)
    return starts


def _is_run(
    labels: list[Line], values: list[Line], index: LabelIndex, kinds: dict[str, str], order: DateOrder
) -> bool:
    return (
        sum(_whole_label(line, index) for line in labels) >= 2
        and not _a_title_among(labels)
        and len(values) == len(labels)
        and all(_lone_value(v, index) for v in values)
        and _values_fit(labels, values, index, kinds, order)
    )


TITLE_SIZE = 1.3  # a title stands this many times as tall as the labels under it, at least


def _a_title_among(labels: list[Line]) -> bool:
    """Whether a run's labels hold the document's title, printed larger than the rest ("INVOICE"
    over "Bill to"): a heading, no label of a value in turn."""
    least = min(line.height for line in labels)
    return any(line.height >= TITLE_SIZE * least and is_document_title(line.text) for line in labels)


def _values_fit(
    labels: list[Line], values: list[Line], index: LabelIndex, kinds: dict[str, str], order: DateOrder
) -> bool:
    """Each value in turn reads as its label's kind, but one in four (a masked IBAN, an odd date)."""
    misfits = asked = 0
    for label, value in zip(labels, values, strict=True):
        fields = [hit.field for hit in index.hits(label.text) if hit.field in kinds and not hit.rest]
        if fields:
            asked += 1
            misfits += all(parse(kinds[field], value.text, order) in (None, "", []) for field in fields)
    return misfits * 4 <= asked


def _lone_value(line: Line, index: LabelIndex) -> bool:
    """A line that is one value alone: one cell, no label in it."""
    return len(line.cells) == 1 and not index.hits(line.text)


def _label_like(line: Line) -> bool:
    return len(line.cells) == 1 and not re.search(r"\d", line.text) and len(line.text.split()) <= 4


def _in_turn(
    labels: list[Line], values: list[Line], index: LabelIndex, kinds: dict[str, str], order: DateOrder
) -> list[Candidate]:
    out = []
    for label, line in zip(labels, values, strict=True):
        for hit in index.hits(label.text):
            if hit.field in kinds and not hit.rest:
                value = parse(kinds[hit.field], line.text, order)
                if value not in (None, "", []):
                    out.append(
                        Candidate(
                            hit.field,
                            value,
                            line.text,
                            line,
                            hit.score * Relation.IN_TURN.value,
                            Relation.IN_TURN,
                        )
                    )
    return out


def _values_for(
    hit: LabelHit, slot: Slot, index: LabelIndex, kind: str, order: DateOrder, captioned: bool = False
) -> list[Candidate]:
    """The values around a label; ``captioned``: the label is a caption under its value. A date's
    label followed by a word is the head of a longer label ("Date de livraison", not "Da pagare entro
    il"): it names nothing around it."""
    if _names_nothing_around(hit, slot, kind) or _under_another_heading(hit, slot, index):
        return []
    out: list[Candidate] = []
    for relation, line, printed in _places(hit, slot, kind, index, captioned):
        if relation in OVER_OR_UNDER and any(c.relation is Relation.SAME_CELL for c in out):
            continue  # "Nº 000.012.345" over "SÉRIE 001": the label's own cell holds its value
        if relation is Relation.RIGHT and (
            _under_its_own_heading(slot)
            or (kind in NAME_KINDS and _under_the_next_blocks_label(slot, index))
            or (
                kind == "party"
                and (
                    _beside_a_blocks_heading(slot, index)
                    or _a_label_over_a_label(slot, index)
                    or _a_row_of_party_captions(slot, index)
                )
            )
        ):
            continue  # "Rechnung  ATU12345678" under a sidebar's "UNSERE UID": that heading's value
        if _a_heading_there(kind, relation, line, printed):
            continue
        if (
            relation is not Relation.SAME_CELL
            and not (kind == "payment" and payment_method(printed))  # "Betaald met:  Contant"
            and (
                index.names_a_label(printed)
                or index.near_miss(printed)
                # an account's kind before its number ("Caja de Ahorros en $ Nº 4021-0583216", "Caja"
                # a till's near miss): only the account's own near misses lead another's ("BLZ …")
                or index.led_by_a_near_miss(printed, hit.field if kind == "last4" else None)
                or (kind in NAME_KINDS and (_only_labels(printed, index) or a_totals_word(printed)))
            )
        ):
            continue  # a label beside a label: a row of headings ("AAN  Afleveradres", "Faturar para
            # Frete"), not a value; another field's pair ("UID ATU89013307" beside "Rechnungsnummer")
        value = parse(kind, printed, order)
        if value in (None, "", []):
            continue
        if (
            kind == "party"
            and relation is not Relation.SAME_CELL
            and (_ends_in_a_party_label(printed, hit, index) or _a_page_word(printed))
        ):
            continue  # "O Fornecedor  Recebi / O Cliente": two parties' signature captions; "CLIENTE
            # HOJA": the next heading of a row, a page's
        if _inside_prose(kind, relation, printed):
            continue
        if _another_pair(hit, kind, relation, printed, index):
            continue
        score = hit.score * relation.value * _unsure_amount(relation, kind, slot, printed)
        score *= _as_a_party(kind, printed, value)
        if kind == "last4" and hit.score < STRONG and norm.MASKED.search(printed):
            score *= MASKED_SURER  # "Compte : … ***-***-4471" beside "Folio : 48211", both weak labels
        elif kind == "last4" and hit.score < STRONG and ACCOUNTS_DIGITS.fullmatch(printed.strip()):
            score *= ACCOUNT_SURER  # "Account  97795743" over its IBAN, whose end may be a check's digits
        out.append(Candidate(hit.field, value, printed, line, score, relation, weak=hit.score < STRONG))
    return out


def _names_nothing_around(hit: LabelHit, slot: Slot, kind: str) -> bool:
    """Whether a label names no value around it: a party's number, an item's words, a longer
    label's head, a VAT number's label, a payment of nothing, a heading and its note."""
    if kind in NAME_KINDS and (
        normalise_label(hit.rest).partition(" ")[0] in ID_WORDS or PARTY_ID.fullmatch(hit.rest)
    ):
        return True  # "Customer number  C134920", "Client ref.", "ESERCENTE 0004471198": the party's
        # number, not its name
    if kind in ("party", "person") and _priced_cells(slot) >= 2:
        return True  # "Vendor scoring and reference calls  4  175.00  700.00": an item's words
    if kind in DATE_KINDS and re.search(r"[^\W\d_]{4}", hit.rest) and not re.search(r"\d", hit.rest):
        return True  # "Date de livraison": a longer label than the date's
    if kind in DATE_KINDS and _another_papers_date(hit, slot):
        return True  # "Ihr Auftrag  vom 04.05.2025": the order's date
    if hit.field == "due_date" and hit.score < STRONG and _names_a_payment(hit.rest):
        return True  # "Règlement : Carte bancaire VISA le 11/04/2024": paid that day, nothing due
    if kind == "money" and VAT_ID.match(hit.rest):
        return True  # "BTW BE 0403.551.209": a VAT number's label, no amount around it
    if kind == "money" and LAWS_ARTICLE.match(hit.rest):
        return True  # "BTW verlegd (art. 138 Richtlijn 2006/112/EG)": the law's article, no amount
    if kind == "money" and _an_items_tax_code(slot):
        return True  # "Call-out fee  1  95.00  GST  95.00": the row's tax code, not a tax line
    if kind == "payment" and paid_nothing(slot.line.text):
        return True  # "Pagamento contante  0,00": not how it was paid
    if kind == "party" and _a_signatures_caption_at_the_foot(slot):
        return True  # Italy's "Firma" (a signature) under the totals, not Germany's "Firma" (a firm)
    # "Cessionario/committente (cliente)": a heading and its note, its name further down
    return kind in NAME_KINDS and IN_BRACKETS.fullmatch(hit.rest) is not None


def _names_a_payment(text: str) -> bool:
    """Whether a text names a payment made on the spot, in a word or a few ("Carte bancaire",
    "VISA", "espèces"), not one to come ("virement", "prélèvement", "chèque")."""
    return bool(payments_named(text) - LATER_PAYMENTS)


LATER_PAYMENTS = frozenset(
    {"Bank transfer", "Direct debit", "Cheque", "Invoice", "Boleto", "Cash on delivery"}
)


def _a_signatures_caption_at_the_foot(slot: Slot) -> bool:
    """Whether the label is a word some language captions a signature with, in the lower third of
    its page's lines ("Firma  WOMAN": a scrawl OCR read, under an Italian invoice's totals), or
    opens with one ("Voor akkoord (leverancier)"), or the cell after it is one ("Comprador  Aprovação
    / Diretoria"): a row of signatures' captions."""
    if slot.row < len(slot.lines) * PAGE_FOOT:
        return False
    after = slot.line.cells[slot.column + 1].text if slot.column + 1 < len(slot.line.cells) else ""
    return any(_opens_with_a_caption(text) for text in (slot.cell.text, *re.split(r"\s+/\s+", after)) if text)


def _opens_with_a_caption(text: str) -> bool:
    """Whether a text is a signature's caption, or opens with one of two words or more (not Italy's
    "Firma" opening Germany's "Firma des Kunden")."""
    words = normalise_label(text.rstrip(":")).split()
    return " ".join(words) in signature_captions() or any(
        " ".join(words[:count]) in signature_captions() for count in range(2, len(words))
    )


PAGE_FOOT = 2 / 3  # where a page's last third of lines begins


def _another_papers_date(hit: LabelHit, slot: Slot) -> bool:
    """Whether a weak date's label in small letters and its date in one cell go on from words of
    their own line that name another paper ("Ihr Auftrag  vom 04.05.2025", "Lieferschein  vom …"):
    not the document's title, nor a number (the document's own: "Rechnung Nr. 25580  vom …"). A
    label that opens with a capital starts a label of its own ("Kunde  Datum 12.03.2025")."""
    if hit.score >= STRONG or not hit.rest or slot.column == 0 or not slot.cell.text[:1].islower():
        return False
    before = slot.line.cells[slot.column - 1].text
    return (
        re.search(r"\d", before) is None
        and re.search(r"[^\W\d_]{3}", before) is not None
        and (not is_document_title(before))
    )


def _under_another_heading(hit: LabelHit, slot: Slot, index: LabelIndex) -> bool:
    """Whether a weak label and its value in one cell stand under a row of headings (three or more,
    words alone) that names the label's field over another cell, the one over them naming
    something else ("Rif. DDT" over "n. 2136 del 27/04/2025", beside "Numero" over the invoice's
    own number)."""
    if hit.score >= STRONG or not hit.rest or slot.row == 0:
        return False
    above = slot.lines[slot.row - 1]
    if len(above.cells) < MIN_HEADINGS or any(re.search(r"\d", cell.text) for cell in above.cells):
        return False

    def names_the_field(cell: Cell) -> bool:
        return any(other.field == hit.field and not other.rest for other in index.hits(cell.text))

    over = [cell for cell in above.cells if cell.x0 < slot.cell.x1 and slot.cell.x0 < cell.x1]
    return len(over) == 1 and not names_the_field(over[0]) and any(map(names_the_field, above.cells))


MIN_HEADINGS = 3


def _an_items_tax_code(slot: Slot) -> bool:
    """Whether a label stands in an item's row between its price and its amount, a description
    first and a quantity times the price making the amount ("Gas compliance certificate  1  95.00
    GST  95.00"): a tax column's code, which no tax line's amount follows."""
    before, after = slot.line.cells[: slot.column], slot.line.cells[slot.column + 1 :]
    if len(before) < 3 or len(after) != 1 or not DESCRIPTION.search(before[0].text):
        return False
    numbers = [cell.text for cell in (*before[1:], *after)]
    if not all(NUMBER_CELL.fullmatch(text) for text in numbers):
        return False
    return (
        three_that_multiply([norm.CURRENCY_RE.sub("", text).strip() for text in numbers], exact=True)
        is not None
    )


DESCRIPTION = re.compile(r"[^\W\d_]{3,}")
NUMBER_CELL = re.compile(r"\(?-?(?:[$€£]\s?)?\d[\d.,'\s]*\)?")


def _unsure_amount(relation: Relation, kind: str, slot: Slot, printed: str) -> float:
    """How much less an amount counts: one whose cents OCR lost counts little; in a table's total
    row (net | tax) which one is meant is unsure; after words and a colon in the label's cell
    ("Total 0% supplies: 12.60"), a longer label the vocabulary does not know may claim it."""
    if kind != "money":
        return 1.0
    if CENTS_LOST.search(printed):
        return WITHOUT_ITS_CENTS
    if relation is Relation.RIGHT and _priced_cells(slot) > 1:
        return ROW_OF_AMOUNTS
    if relation is Relation.SAME_CELL and INNER_LABEL.search(printed):
        return CLAIMED_BY_A_LONGER_LABEL
    return 1.0


# The first word of a label's rest, past an "@" (or what OCR read for it: "VAT E 13.5% on …").
LEADING_WORD = re.compile(r"(?:\S\s+)?([^\W\d_]{2,}|[^\W\d_]/)")  # "s/" is Spanish's "sobre"


def _the_base_of_a_rate(cell: str, rest: str) -> bool:
    """Whether the amount after a label is the one a tax's rate is levied on, a word for "on"
    between them ("zzgl. 20 % USt. von € 3.985,00", "Umsatzsteuer 19 % auf 3.772,00 €"): the
    base, not the tax (which stands in the next cell)."""
    word = LEADING_WORD.match(rest.strip())
    if word is None or normalise_label(word.group(1)) not in levied_on_words():
        return False
    return "%" in cell[: cell.rfind(word.group(1))]


def _places(
    hit: LabelHit, slot: Slot, kind: str, index: LabelIndex, captioned: bool
) -> list[tuple[Relation, Line, str]]:
    """Where a label's value may be printed: the rest of its cell, the cell on its right, under it
    (or over it, when it is a caption), and before an unmistakable label."""
    places: list[tuple[Relation, Line, str]] = []
    if hit.rest and not (
        (kind == "money" and _the_base_of_a_rate(slot.line.cells[slot.column].text, hit.rest))
        or (kind == "money" and a_term_in_days(slot.cell.text))  # "TERMS:  NET 15"
        or (kind == "list" and len(slot.line.cells) == 1 and _a_heading(slot.cell.text))
    ):  # a section's heading in capitals holds none of its items ("COMPETENZE PERSONALI")
        places.append((Relation.SAME_CELL, slot.line, _rest_of_the_cell(hit, slot, kind)))
    right = None if _a_row_of_headings(slot, index) or _an_items_row_beside(slot, kind) else _right_of(slot)
    if right is not None:
        places.append((Relation.RIGHT, slot.line, _right_value(slot, kind, right, hit.field)))
    elif (lower := _right_a_little_lower(slot)) is not None:
        places.append((Relation.RIGHT, *lower))
    if kind == "money" and RATE_HEADING.fullmatch(slot.cell.text):
        return places  # a rate's heading ("%IVA" over "22,00", "IVA %"): what is around it is no amount
    below = None if captioned or (kind == "money" and _over_items(slot)) else _below(slot)
    if below is not None and hit.field == "total" and _over_a_rates_rows(slot, below[0], index):
        below = None  # "GROSS" over each rate's row ("Z 0.00% … 24.21", "A 20.00% … 5.08"): no total
    # under a caption is the next caption's value; under an item table's header, its first row
    if (
        below is not None
        and right is not None
        and kind in NAME_KINDS
        and _a_label_and_value_under(slot, below, index)
    ):
        below = None  # "Naam  J.H. Bosman" over "Soort  Betaalrekening": the next label, and its value
    if below is not None:
        printed = below[1].text
        if kind == "party":
            printed = _name_wrapped(slot.lines, *below)
        elif kind in DATE_KINDS:
            printed = _year_wrapped(slot.lines, *below)
        places.append((Relation.BELOW, below[0], printed))
        summed = _column_sum(slot) if hit.field in SUMMED_BY_RATE else None
        if summed is not None:
            places.append((Relation.COLUMN_SUM, below[0], summed))
    over = _above(slot) if captioned else None
    if over is not None:
        places.append((Relation.OVER_ITS_CAPTION, over[0], over[1].text))
    if not hit.rest and hit.score >= STRONG and not captioned and not slot.cell.text.rstrip().endswith(":"):
        # a value before an unmistakable label, but for one whose colon points right ("Serie y Folio:")
        left = slot.line.cells[slot.column - 1] if slot.column > 0 else None
        if left is not None:
            places.append((Relation.LEFT, slot.line, left.text))
        above = _above(slot)
        if above is not None:
            places.append((Relation.ABOVE, above[0], above[1].text))
    return places


def _rest_of_the_cell(hit: LabelHit, slot: Slot, kind: str) -> str:
    """What follows the label in its cell; for a date, with the year its column wrapped onto the
    next line ("Vencimento: 15 de fevereiro de" over "2025"), and not an early payment's deadline."""
    if kind == "money":
        return NUMBERED.sub("", hit.rest)  # "Kontostand am 28.02.2026, Auszug Nr. 2  2.148,73+"
    if kind not in DATE_KINDS:
        return hit.rest
    return without_early_payments(
        hit.rest + _year_wrapped(slot.lines, slot.line, slot.cell)[len(slot.cell.text) :]
    )


# A thing's number after its word for number ("Auszug Nr. 2", "Statement No. 14", of a year:
# "Auszug Nr. 3/2025"): no amount.
NUMBERED = re.compile(
    r"(?<!\w)(?:Nr|No|N[°º]|Num|Nummer|N[uú]m[eé]ro)\.?\s*\d+(?:/(?:19|20)\d\d)?(?![\d.,])", re.I
)


# A column's heading that is a rate's ("%IVA", "IVA %", "Tax (%)"): a word of a few letters and a
# percent sign, nothing else; the figures under and beside it are rates.
RATE_HEADING = re.compile(r"\s*(?:\(?%\)?\s*[^\W\d_]{1,6}\.?|[^\W\d_]{1,6}\.?\s*\(?%\)?)\s*")


def _over_items(slot: Slot) -> bool:
    """Whether the label's line heads an item table whose first row follows: a row with words
    ("FIB300  Abono Fibra 300 Mb  1,00  …" under "… | Subtotal"), not a tax summary's rates."""
    following = slot.lines[slot.row + 1] if slot.row + 1 < len(slot.lines) else None
    if following is not None and _the_headings_wrapped(slot.line, following):
        following = slot.lines[slot.row + 2] if slot.row + 2 < len(slot.lines) else None
    return (
        following is not None
        and any(sum(c.isalpha() for c in cell.text) >= 4 for cell in following.cells)
        and heads_an_item_table(slot.line)
    )


def _the_headings_wrapped(headings: Line, line: Line) -> bool:
    """Whether a line is the end of headings wrapped under them: words and no figure, close under
    the headings, each of its cells under one of theirs ("Valor total do" over "pedido")."""
    height = max(headings.height, 1e-6)
    return (
        not re.search(r"\d", line.text)
        and line.y0 - headings.y1 < height
        and all(
            any(_overlaps(cell, heading, 0.0) >= 0.5 for heading in headings.cells) for cell in line.cells
        )
    )


def _over_a_rates_rows(slot: Slot, under: Line, index: LabelIndex) -> bool:
    """Whether the label heads a tax table's column (its line names a tax's column too) and the
    line under it is the first of two rates' rows, each with a figure under the label: a rate's
    sum, not the document's (a table's total row is read by ``_tax_table_totals``)."""
    if "tax" not in _tax_columns(slot.line, index) or "%" not in under.text:
        return False
    at = next((row for row, line in enumerate(slot.lines) if line is under), -1)
    after = slot.lines[at + 1] if 0 <= at < len(slot.lines) - 1 else None
    height = max(slot.line.height, 1e-6)
    return (
        after is not None
        and "%" in after.text
        and any(
            _overlaps(cell, slot.cell, height) >= 0.5 and re.search(r"\d", cell.text) for cell in after.cells
        )
    )


def _a_row_of_headings(slot: Slot, index: LabelIndex) -> bool:
    """A label in capitals beside another heading in capitals, each with its value under it
    ("BILL TO  SUBSCRIPTION PERIOD" over "Tidewater Orthodontics PLLC  Jan 8, 2025 - …"): the cell
    on the label's right is the next column's heading, not its value ("SOLD TO  ACME CORP" over
    nothing under "SOLD TO" keeps its value)."""
    if slot.column + 1 >= len(slot.line.cells) or slot.row + 1 >= len(slot.lines):
        return False
    label, beside = slot.cell, slot.line.cells[slot.column + 1]
    if label.text.rstrip().endswith(":"):
        return False  # "SEÑOR(ES):  COMERCIAL FRUTÍCOLA …": a colon gives the label its value beside it
    if not (
        all(_a_heading(cell.text) for cell in (label, beside))
        or _a_grids_headings(slot)
        or _signatures_captions(slot, index)
    ):
        return False
    height = max(slot.line.height, 1e-6)
    # the nearest line with a cell under the label (another block's lines may come between: the
    # addressee's name beside a row of headings, "Montajes Eléctricos Ribó, S.L." under "HOJA")
    under = next(
        (
            line
            for line in slot.lines[slot.row + 1 : slot.row + 1 + HEADINGS_ROWS]
            if any(_overlaps(cell, label, height) >= 0.5 for cell in line.cells)
        ),
        None,
    )
    if under is None or under.y0 - slot.line.y1 > HEADINGS_GAP * height:  # from its foot: capitals
        return False  # OCR boxes tight
    return all(
        any(_overlaps(cell, heading, height) >= 0.5 for cell in under.cells) for heading in (label, beside)
    )


GRID_COLUMNS = 4  # a grid's row of headings: this many cells or more, none with a figure


def _a_grids_headings(slot: Slot) -> bool:
    """The label's line is a grid's row of headings ("Facture  Date  Échéance  Client  Page"):
    as many cells, none with a digit or a colon, and the line under it holds as many, with
    figures ("LU-F-25-00093  27.01.2025  26.02.2025  KIR-004  1/1"); no heading twice ("Naam
    Hofstede ICT Beheer B.V.  Naam  Stichting …": two parties' labels and values side by side)."""
    cells, under = slot.line.cells, slot.lines[slot.row + 1].cells
    return (
        len(cells) >= GRID_COLUMNS
        and len(under) == len(cells)
        and len({normalise_label(cell.text) for cell in cells}) == len(cells)
        # a figure in one heading at most, alone: OCR's "N2" for "Nº" ("N2 pedido  Fecha pedido …")
        and not any(re.search(r"\d{2}|:", cell.text) for cell in cells)
        and sum(bool(re.search(r"\d", cell.text)) for cell in cells) <= 1
        and sum(bool(re.search(r"\d", cell.text)) for cell in under) >= len(cells) // 2
    )


HEADINGS_GAP = 2.0  # line heights at most between a row of headings and their values under it
HEADINGS_ROWS = 3  # lines down to a row of headings' values
CAPTIONS = 3  # a row of signatures' captions: this many cells or more, none with a figure


def _signatures_captions(slot: Slot, index: LabelIndex) -> bool:
    """The label's line is a row of captions over the names that sign under them ("Comprador
    Aprovação - Gerente de Suprimentos  De acordo - Fornecedor" over "Renata Albuquerque  Marcos
    T. Figueiredo"): no cell of either line holds a figure or a colon, and the label heads no
    column of labels."""
    cells, under = slot.line.cells, slot.lines[slot.row + 1].cells
    return (
        len(cells) >= CAPTIONS
        and not any(re.search(r"[\d:]", cell.text) for cell in (*cells, *under))
        and not _heads_a_column_of_labels(slot, index)
    )


LABELS_COLUMN = 3  # lines under a label where the next label of its column may stand


def _heads_a_column_of_labels(slot: Slot, index: LabelIndex) -> bool:
    """Whether more labels stand under a label at its left edge ("Kontoinhaber  Thomas Gruber" over
    "Kontoart  Gehaltskonto", "IBAN  AT70 …"): a column of labels and their values, no captions."""
    height = max(slot.line.height, 1e-6)
    return any(
        abs(cell.x0 - slot.cell.x0) <= height and _a_label_alone(cell.text, index)
        for line in slot.lines[slot.row + 1 : slot.row + 1 + LABELS_COLUMN]
        for cell in line.cells
    )


def _a_row_of_party_captions(slot: Slot, index: LabelIndex) -> bool:
    """The label's line is a row of signatures' captions that ends in another party's ("Comprador
    Gerência  Fornecedor" at the foot of an order, nothing signed under it): no cell holds a
    figure or a colon, the last names another party, whole."""
    cells = slot.line.cells
    own = {hit.field for hit in index.hits(slot.cell.text)}
    return (
        len(cells) >= CAPTIONS
        and slot.column + 1 < len(cells) - 1
        and not any(re.search(r"[\d:]", cell.text) for cell in cells)
        and _another_partys_label(cells[-1].text, own, index)
    )


STACKED_GAP = 2.0  # line heights from a sidebar's heading down to its value


def _under_its_own_heading(slot: Slot) -> bool:
    """Whether the cell right of a label stands right under a heading of its own, alone on its line
    (a sidebar's "UNSERE UID" over "ATU12345678", level with the body's "Rechnung"): it is that
    heading's value."""
    over = _over_the_right_cell(slot)
    if over is None:
        return False
    line, cell = over
    alone = cell.text if len(line.cells) == 1 else ""  # "Name  ANNA RICHTER": a value
    return _a_heading(alone) or bool(LABEL_END.search(alone))


def _under_the_next_blocks_label(slot: Slot, index: LabelIndex) -> bool:
    """Whether the name right of a party's label starts under another label ("Lieferadresse" over
    "Alpenhotel Wildmoos", beside "Rechnungsadresse"): it is that block's name. (An amount under
    its column's heading is the row's: this is for names only.)"""
    over = _over_the_right_cell(slot)
    if over is None:
        return False
    right, height = slot.line.cells[slot.column + 1], max(slot.line.height, 1e-6)
    line, cell = over
    if _a_rows_value(line, cell, slot, index):
        return False  # "Estado  Pagado" over "Método de pago  Visa •••• 1105": a row of one block
    return abs(cell.x0 - right.x0) <= height and _a_label_alone(cell.text, index)


def _a_rows_value(line: Line, cell: Cell, slot: Slot, index: LabelIndex) -> bool:
    """Whether a cell over the label's value, a weak label's word, is the value of the row above
    in a column of labels and values: a cell of its line starts where the label does."""
    height = max(slot.line.height, 1e-6)
    weak = all(hit.score < STRONG for hit in index.hits(cell.text))
    return weak and any(abs(other.x0 - slot.cell.x0) <= height and other.x1 < cell.x0 for other in line.cells)


def _beside_a_blocks_heading(slot: Slot, index: LabelIndex) -> bool:
    """Whether a party's label and the words on its right head two blocks side by side, a name
    under each ("Facturer à  Lieu de service" over "Librairie du Mile End inc.  Librairie du Mile
    End inc."): those words are the next block's heading, which no vocabulary knows, not the
    label's value. (A name beside its label has nothing under the label, or another label, or a
    column of labels goes on under it.)"""
    if slot.column + 1 >= len(slot.line.cells) or slot.row + 1 >= len(slot.lines):
        return False
    label, beside = slot.cell, slot.line.cells[slot.column + 1]
    if (
        label.text.rstrip().endswith(":")
        or beside.text.lstrip().startswith(":")  # the label's colon, printed by its value (":Mr. …")
        or LEGAL_FORM_WORD.search(beside.text)
        or re.search(r"\d", beside.text)
    ):
        return False
    under, height = slot.lines[slot.row + 1], max(slot.line.height, 1e-6)
    if under.y0 - slot.line.y1 > HEADINGS_GAP * height:
        return False
    names = [
        next((cell for cell in under.cells if abs(cell.x0 - top.x0) <= height), None)
        for top in (label, beside)
    ]
    return all(
        name is not None
        and not _a_label_alone(name.text, index)
        and not any(ch.isdigit() for ch in name.text)
        for name in names
    ) and not _heads_a_column_of_labels(slot, index)  # a number under it ("•••••••1057") is no name


def _a_label_over_a_label(slot: Slot, index: LabelIndex) -> bool:
    """Whether the word right of a party's label is one of a column of labels, a figure right of
    it and a label under it ("Titulaire  Transit  81517" over "Geneviève Tremblay  Compte
    XXXX-XX5381"): the label of that figure, no one's name."""
    at = slot.column + 1
    if at + 1 >= len(slot.line.cells) or not re.search(r"\d", slot.line.cells[at + 1].text):
        return False
    beside, following = slot.line.cells[at], _next_line_close(slot.lines, slot.line)
    height = max(slot.line.height, 1e-6)
    under = next((c for c in following.cells if abs(c.x0 - beside.x0) <= height), None) if following else None
    return under is not None and _a_label_alone(under.text, index)


def _over_the_right_cell(slot: Slot) -> tuple[Line, Cell] | None:
    """The nearest cell over the label's right neighbour, right of the label, on one of the two
    lines above within a stacked heading's reach; and its line."""
    if slot.column + 1 >= len(slot.line.cells):
        return None
    right, height = slot.line.cells[slot.column + 1], max(slot.line.height, 1e-6)
    for row in range(slot.row - 1, max(slot.row - 3, -1), -1):
        line = slot.lines[row]
        if slot.line.y0 - line.y0 > STACKED_GAP * height:
            return None
        beside = [cell for cell in line.cells if cell.x0 > slot.cell.x1]
        over = next((cell for cell in beside if _overlaps(cell, right, height) >= 0.5), None)
        if over is not None:
            return line, over
    return None


def _a_label_alone(text: str, index: LabelIndex) -> bool:
    """A whole label, a field's or a near miss's ("Código cliente", "NIF")."""
    return index.near_miss(text) or index.a_whole_label(text)


def _a_heading(text: str) -> bool:
    return text.isupper() and not any(c.isdigit() for c in text)


# A person named by the initial of a first name ("R. Okonkwo", "J.-P. Martin") stands for a
# party's clerk rather than the party: it counts this much, so that a firm's name beats it.
INITIAL_AND_SURNAME = re.compile(
    r"(?:[A-ZÀ-Þ]\.(?:-?[A-ZÀ-Þ]\.)?\s?)(?:[a-zà-ÿ]{1,3}\s){0,2}"  # a surname's small words: "A. de Wit"
    r"[A-ZÀ-Þ][a-zà-ÿ'\-]+(?:\s[A-ZÀ-Þ][a-zà-ÿ'\-]+)?"
)
# A person and the department they work in, in brackets ("Ana Paula Rezende (Suprimentos)"): the
# party's clerk, as the initial of a first name marks one.
PERSON_AND_ROLE = re.compile(r"(?:[A-ZÀ-Þ][a-zà-ÿ'\-]+\s){1,3}[A-ZÀ-Þ][a-zà-ÿ'\-]+\s*\([^()\d]+\)")

CONTACT_AS_PARTY = 0.6
COURTESY_AS_PARTY = 0.9  # a person by a word of courtesy: less than a company by its legal form
COMPANY_AS_PARTY = 1.1
# A party's number printed in its label's cell: digits, perhaps grouped ("ESERCENTE 0004471198").
PARTY_ID = re.compile(r"(?:[A-Z]{1,3}[\s./-]?)?[\d\s./-]*\d{4}[\d\s./-]*")  # "0004471198", "V-00318"
# A VAT number after a tax word: the country's letters, then at least eight digits; or a
# business number and its program's letters and reference.
# A law's article after a label, perhaps in brackets ("(art. 138 Richtlijn …)", "Artikel 44", "§ 13b UStG").
LAWS_ARTICLE = re.compile(r"[(\[]?\s*(?:art(?:ikel|icle|ículo|icolo|igo)?\.?|§)\s*\d", re.I)
VAT_ID = re.compile(
    r"(?!(?:EUR|USD|GBP|CHF|CAD|AUD)\b)[A-Z]{2}\s?(?:[\dA-Z][\d.\s]*){8,}$"
    r"|[:\s]*\d{9,10}\s?[A-Z]{2}\s?[\dA-Z]{4}\b"  # Canada's GST/HST and QST numbers: "812345678 RT0001"
)
LABEL_END = re.compile(r"[^\W\d_]{2,}\s*:\s*$")
PRICED = re.compile(r"\d[.,]\d{2}(?!\d)")
# A label's amount on its right counts less when more amounts follow it in the row.
ROW_OF_AMOUNTS = 0.95
INNER_LABEL = re.compile(r"^[^:]*[^\W\d_]{3,}\s*:\s*\S")
CLAIMED_BY_A_LONGER_LABEL = 0.9
# An amount that ends at its decimal mark ("GRAND TOTAL Rs.  2,588."): OCR lost its cents, and the
# same sum printed whole elsewhere ("Amount (INR): 2,588.26") is the better reading.
CENTS_LOST = re.compile(r"\d[.,]\s*$")
WITHOUT_ITS_CENTS = 0.7


@cache
def _page_words() -> frozenset[str]:
    return frozenset(normalise_label(word) for word in prose_words(lambda words: words.pages))


def _a_page_word(printed: str) -> bool:
    """Whether a cell is a page's word alone ("HOJA", "Página"), no one's name."""
    return normalise_label(printed) in _page_words()


def _as_a_party(kind: str, printed: str, value: Any) -> float:
    """How much a party's value counts: less when it names the party's clerk or is one word,
    more when it is a company by its legal form (the "Faturar para" block's, over the buyer's
    clerk signing)."""
    if kind != "party":
        return 1.0
    if INITIAL_AND_SURNAME.fullmatch(printed.strip()) or PERSON_AND_ROLE.fullmatch(printed.strip()):
        return CONTACT_AS_PARTY
    if not isinstance(value, str):
        return 1.0
    if without_courtesy(printed) != printed.strip() and not LEGAL_FORM_WORD.search(printed):
        # "Client : M. VERNHES Thierry", a hotel's guest, under "Facturé à" the company billed
        return COURTESY_AS_PARTY
    if LEGAL_FORM_AT_END.search(value):
        return COMPANY_AS_PARTY
    if A_CODE.fullmatch(value.strip()):
        return CODE_AS_PARTY
    return ONE_WORD_AS_PARTY if LONE_WORD.fullmatch(value.strip()) else 1.0


# A party's name of one word and no legal form ("Project" beside "Factuur aan", a heading of the
# next block) counts less than a name of more words or with its legal form.
ONE_WORD_AS_PARTY = 0.9
LONE_WORD = re.compile(r"[^\W\d_]+")
# One word of capitals and two digits or more ("FQX7E21", a vehicle's plate under a carrier's
# heading) is a code, seldom a party's name.
A_CODE = re.compile(r"(?=(?:\D*\d){2})[A-Z\d][A-Z\d-]*[A-Z][A-Z\d-]*")
CODE_AS_PARTY = 0.5


def _an_items_row_beside(slot: Slot, kind: str) -> bool:
    """Whether a sidebar's label stands beside an item's row, its running number, then its words,
    then its prices ("INVOICE NO. | 10 | Managed switch 24-port PoE+ | 1 | 680.00 | 680.00"): the
    row's number is no document's; the label's value is under it."""
    beside = slot.line.cells[slot.column + 1 : slot.column + 3]
    numbered = ROW_NUMBERED.fullmatch(beside[0].text.strip()) if beside else None
    words = (numbered["words"] or "") if numbered else ""
    return (
        kind == "id"
        and numbered is not None
        and (DESCRIPTION.search(words) is not None or any(DESCRIPTION.search(c.text) for c in beside[1:]))
        and _priced_cells(slot) >= 2
    )


# A row's running number ("10"), no document's number, its description in its cell or the next.
ROW_NUMBERED = re.compile(r"\d{1,3}\.?(?:\s+(?P<words>\S.*))?")


def _priced_cells(slot: Slot) -> int:
    return sum(bool(PRICED.search(cell.text)) for cell in slot.line.cells[slot.column + 1 :])


NAME_KINDS = ("party", "person", "text", "payment")
DATE_KINDS = ("date", "date_start", "date_end")
ID_WORDS = frozenset({"number", "id", "code", "ref", "reference"})  # a party's number, not its name


def _a_heading_there(kind: str, relation: Relation, line: Line, printed: str) -> bool:
    """Whether the value's place holds a heading, not the value: words ending in a colon (a longer
    label, "Total 0% supplies:", or another beside a party's, "Proveedor:  Entregar en:"), or for a
    name an item table's header ("Client : BOUCH-33" over "Qté")."""
    if kind in ("money", *NAME_KINDS) and LABEL_END.search(printed):
        return True
    return kind in NAME_KINDS and relation is not Relation.SAME_CELL and heads_an_item_table(line)


def _only_labels(printed: str, index: LabelIndex) -> bool:
    """True when the text is nothing but labels, even weak ones ("AAN  AFLEVERADRES", "Ship To"):
    a heading over a party, never its name. Two headings sharing their last word ("Delivery / Site
    Address") or their first ones ("Local de entrega / carga") are one where either is ("Delivery
    Address", "Local de entrega")."""
    first, slash, second = (part.strip() for part in printed.partition(" / "))
    if slash and " " in second and " " not in first:
        shared = f"{first} {second.split()[-1]}"
        return _only_labels(shared, index) or _only_labels(second, index)
    if slash and " " in first and " " not in second:
        shared = f"{first.rsplit(' ', 1)[0]} {second}"
        return _only_labels(first, index) or _only_labels(shared, index)
    words, start = printed.split(), 0
    while start < len(words):
        end = next(
            (
                end
                for end in range(min(len(words), start + 4), start, -1)
                if index.a_whole_label(" ".join(words[start:end]))
            ),
            None,
        )
        if end is None:
            return False
        start = end
    return bool(words)


SENTENCE_PART = 3  # words in small letters only, this many or more: a sentence's, no one's name


OVER_OR_UNDER = frozenset({Relation.BELOW, Relation.ABOVE, Relation.OVER_ITS_CAPTION})
PROSE_WORDS = 8  # after a label, this many words make a sentence, not the label's value


def _inside_prose(kind: str, relation: Relation, printed: str) -> bool:
    """Whether a label's word opens or sits in a sentence, not a value: "fornecedor até ao
    pagamento integral." for a party; "IVA reducido del 10 % aplicado a obras … (Ley 37/1992)" in
    the label's own cell or under it for an amount (a note, whose numbers are no amount)."""
    if kind == "party":
        return _a_sentences_words(printed)
    return (
        kind == "money"
        and relation is not Relation.RIGHT
        and len(re.findall(r"[^\W\d_]{2,}", printed)) >= PROSE_WORDS
    )


def _a_sentences_words(printed: str) -> bool:
    """Words in small letters only, or mostly, from the first ("empresa não optante pelo Simples
    Nacional"): a sentence's; a name's small words stand inside it ("Brouwer en Zonen")."""
    words = printed.split()
    small = [word for word in words if not re.match(r"[A-Z\u00c0-\u00de\d]", word)]
    if len(words) < SENTENCE_PART:
        return False
    return len(small) == len(words) or (words[0] in small and len(small) * 2 > len(words))


def _ends_in_a_party_label(printed: str, hit: LabelHit, index: LabelIndex) -> bool:
    """Whether a text ends in another party's label, surely named ("Recebi / O Cliente")."""
    words = printed.split()
    return any(
        _another_partys_label(" ".join(words[-count:]), {hit.field}, index)
        for count in range(1, min(3, len(words) - 1) + 1)
    )


def _another_partys_label(text: str, own: set[str], index: LabelIndex) -> bool:
    """Whether a text is, whole, a sure label of a party other than ``own`` ("O Cliente")."""
    return any(
        other.field not in own
        and field_type(other.field) == "party"
        and not other.rest
        and other.score >= STRONG
        for other in index.hits(text)
    )


def _another_pair(hit: LabelHit, kind: str, relation: Relation, printed: str, index: LabelIndex) -> bool:
    """Whether the value's place holds a pair of its own: "Delivery Date: 08/14/2024" right of
    "BUYER" (for a name, any pair), "TVA 10 % sur 1 824,50 €" under "TVA 20 % sur 966,60 €" (a
    label of the same field over or under it)."""
    if kind in NAME_KINDS and relation is not Relation.SAME_CELL and _is_pair(printed, index):
        return True
    return relation in OVER_OR_UNDER and any(other.field == hit.field for other in index.hits(printed))


def _is_pair(printed: str, index: LabelIndex) -> bool:
    """True when the text is itself a label with its value, known or not ("Ref: 12", "Delivery Date: ...")."""
    if index.hits(printed):
        return True
    colon = COLON.match(printed)
    return bool(
        colon
        and colon.group("rest")
        and len(colon.group("label").split()) <= 4
        and not re.search(r"\d", colon.group("label"))
    )


RATE_ONLY = re.compile(r"^\(?\d{1,2}(?:[.,]\d{1,3})?\s?%\)?$")


# A count in a summary's column before the sum ("Ending Balance  39  $3,343.36": 39 instances).
COUNT_ONLY = re.compile(r"\d{1,4}")
GROUPED_THOUSANDS = re.compile(r"(?<=\d)[,.'](?=\d{3}(?!\d))")  # "4,800 Nos": a count of 4800
SUM_PRINTED = re.compile(r"\d[.,]\d{2}$")


def _past_a_count(slot: Slot) -> str | None:
    """The sum after a count on a label's right ("Deposits and Additions  5  6,119.14", a total
    quantity in its unit "Total  1370 kg  ₹ 2,07,187.36"), or after a stamp's or a mark's letters
    OCR read between them ("zzgl. 20 % USt.  Ss  € 1.998,80", "MwSt. 19%  eD  aries  384,68 EUR"),
    or after the rate and base of a tax ("VAT  23% on €931.20  €214.18"), for an amount."""
    cells = slot.line.cells[slot.column + 1 :]
    first = cells[0].text.strip() if cells else ""
    stamped = next((at for at, cell in enumerate(cells) if not _a_stamps_mark(cell)), len(cells))
    before = (
        COUNT_ONLY.fullmatch(first)
        or (
            norm.COUNT_IN_ITS_UNIT.fullmatch(GROUPED_THOUSANDS.sub("", first))
            and not norm.CURRENCY_RE.search(first)
        )
        or _a_rate_on_its_base(first)
    )
    at = stamped if stamped else 1 if before else None
    if (
        at is not None
        and at < len(cells)
        and SUM_PRINTED.search(norm.CURRENCY_RE.sub("", cells[at].text).strip())
    ):
        return cells[at].text  # "2.050,70 EUR": the sum, its currency's code after it
    return None


def _past_its_base(slot: Slot) -> str | None:
    """The tax after the amount its label's rate is levied on, in a tax summary's row ("IVA 14%
    1.255.900,00  175.826,00"): the first amount at the rate makes the second, to the cent."""
    rate = norm.TAX_RATE.search(slot.cell.text)
    cells = slot.line.cells[slot.column + 1 : slot.column + 3]
    amounts = [norm.parse_amount(cell.text) for cell in cells]
    if rate is None or len(amounts) < 2 or None in amounts:
        return None
    base, tax = (Decimal(amount) for amount in amounts)
    levied = base * Decimal(rate.group(1).replace(",", ".")) / 100
    return cells[1].text if tax > 0 and abs(levied - tax) <= norm.CENT else None


STAMP_LETTERS = re.compile(r"[^\W\d_]{1,3}")  # "Ss", "ee": no word of a label's, no amount


def _a_stamps_mark(cell: Cell) -> bool:
    """A few letters, or a word OCR barely read, letters only: a stamp's strokes over a row ("Raten"
    at 16 % between "Totale imponibile" and "2.050,70 EUR" under a "PAGATO" stamp)."""
    text = cell.text.strip()
    if STAMP_LETTERS.fullmatch(text):
        return True
    barely = len(cell.words) == 1 and cell.words[0].confidence <= STAMP_READING
    return barely and text.isalpha() and len(text) <= STAMP_WORD_LETTERS


STAMP_READING = 0.5  # confidence at most, of a stamp's word (Tesseract's unscored words among them)
STAMP_WORD_LETTERS = 6
RATE_ON = re.compile(r"\d{1,2}(?:[.,]\d{1,2})?\s?%\s+([^\W\d_]+)\b")  # "23% on €931.20"


def _a_rate_on_its_base(cell: str) -> bool:
    """A cell of a tax's rate and the amount it is levied on ("23% on €931.20"): the tax is next."""
    rate = RATE_ON.match(cell)
    return rate is not None and normalise_label(rate.group(1)) in levied_on_words()


LONE_SMALL_LETTER = re.compile(r"[a-z]")
MASKED_SURER = 1.05  # an account's number masked is surer than another number a weak label gives
# An account's number, digits alone, beside its weak label ("Account  97795743"): surer than the
# IBAN printed with it, which ends in a check's digits in some countries (France's RIB key).
ACCOUNTS_DIGITS = re.compile(r"\d{6,12}")
ACCOUNT_SURER = 1.5


def _right_a_little_lower(slot: Slot) -> tuple[Line, str] | None:
    """A scan's next line, when all of it stands right of a label that ends its own line and it
    reaches up beside the label: OCR read the value as a line of its own, a little lower
    ("Titular" beside a larger "Esperança Cossa" set lower): its middle is above the label's foot;
    or a box's value under its label (``_a_boxs_value_under``). The line and the value's text."""
    if slot.column != len(slot.line.cells) - 1 or slot.row + 1 >= len(slot.lines):
        return None
    line = slot.lines[slot.row + 1]
    label_bottom = max(word.y1 for word in slot.cell.words)
    read = all(word.line for word in slot.cell.words + line.words)  # OCR's words, boxes only rough
    beside = line.page == slot.line.page and line.cells[0].x0 > slot.cell.x1
    if read and beside and (line.y0 + line.y1) / 2 < label_bottom:
        return line, line.cells[0].text
    return _a_boxs_value_under(slot, label_bottom)


def _a_boxs_value_under(slot: Slot, label_bottom: float) -> tuple[Line, str] | None:
    """A box's value set larger right of its small label alone on its line, at the end of one of
    the next lines right under it ("PO number" over a larger "PO13833" at the box's right edge;
    "Beginsaldo" over "… NL37 POLD 3158 3107 29  4.494,47", an address's line between)."""
    if len(slot.line.cells) != 1:
        return None
    size = max(word.size for word in slot.cell.words)
    for line in slot.lines[slot.row + 1 : slot.row + 1 + BOX_LINES]:
        if line.page != slot.line.page or line.y0 - label_bottom > size:
            return None
        if any(cell.x0 < slot.cell.x1 and slot.cell.x0 < cell.x1 for cell in line.cells):
            return None  # a value right under the label ("BESTELL-NR." over "4500082677"): its own
        last = line.cells[-1]
        if last.x0 > slot.cell.x1 and min(word.size for word in last.words) >= BOX_VALUE_LARGER * size:
            return line, last.text
    return None


BOX_VALUE_LARGER = 1.2  # a box's value set this many times its label's size at least
BOX_LINES = 2  # the lines under a box's label its value may end (an address's beside it first)


def _right_of(slot: Slot) -> str | None:
    """The next cell's text; a cell that is only a currency mark joins the one after it, a cell
    that is only a rate between a tax label and its amount ("TVA | 20% | €857,50") or a speck
    OCR read ("TOTAL | . | $71.19") is passed."""
    cells = [
        cell
        for cell in slot.line.cells[slot.column + 1 :]
        if any(c.isalnum() for c in cell.text)
        or norm.CURRENCY_ONLY.match(cell.text)
        or cell.text.strip() == "%"
    ]
    if len(cells) > 2 and cells[1].text.strip() == "%":
        cells = [Cell([*cells[0].words, *cells[1].words]), *cells[2:]]  # "9 | % | 20,592.00": a rate's column
    cells = [cell for cell in cells if cell.text.strip() != "%"]
    if len(cells) > 1 and (
        RATE_ONLY.match(cells[0].text) or LONE_SMALL_LETTER.fullmatch(cells[0].text.strip())
    ):
        cells = cells[1:]  # "Total de la commande | i | 16 993,31 $": a speck read as a letter
    if not cells:
        return None
    if norm.CURRENCY_ONLY.match(cells[0].text) and len(cells) > 1:
        return f"{cells[0].text} {cells[1].text}"
    return cells[0].text


def _overlaps(cell: Cell, label: Cell, slack: float) -> float:
    """How much of the narrower of two cells lies in the other's horizontal span (0..1)."""
    overlap = min(cell.x1, label.x1 + slack) - max(cell.x0, label.x0 - slack)
    width = max(min(cell.x1 - cell.x0, label.x1 - label.x0), 1e-6)
    return max(0.0, overlap) / width


PAST_ITS_END = 0.5  # line heights past a label's end a value below it may start


def _nearest_overlapping(slot: Slot, rows: range) -> tuple[Line, Cell] | None:
    label = slot.cell
    height = max(slot.line.height, 1e-6)
    for row in rows:
        line = slot.lines[row]
        if abs(line.y0 - slot.line.y0) > BELOW_REACH * height:
            return None
        best = max(line.cells, key=lambda c: _overlaps(c, label, height))
        # a long name set in from its label, or one starting right where its label ends
        # ("Ordine n." over a larger "4594273855" set just past it)
        starts_under = label.x0 - height <= best.x0 <= label.x1 + height * PAST_ITS_END
        if (_overlaps(best, label, height) >= 0.5 or starts_under) and not norm.RULE.fullmatch(best.text):
            return line, best  # a rule under a heading ("-----------") is passed over
        aligned = _right_aligned_under(slot, row)
        if aligned is not None:
            return line, aligned
    return None


def _right_aligned_under(slot: Slot, row: int) -> Cell | None:
    """In a row of three or more headings over one row of values, an amount set right in its
    heading's column, clear of the heading's own span: between the heading's end and the next
    heading's start ("Totale documento" over "2.942,00" at the column's right edge). Not under
    a rate's heading ("%IVA"; a tax's with its rate is one: "IVA 22%"), nor in a table of several
    rows (a VAT summary by rate)."""
    if len(slot.line.cells) < 3 or RATE_HEADING.fullmatch(slot.cell.text):
        return None
    reach = _column_reach(slot.line, slot.cell)
    inside = _amounts_within(slot.lines[row], reach)
    if len(inside) != 1 or (row + 1 < len(slot.lines) and _amounts_within(slot.lines[row + 1], reach)):
        return None
    return inside[0]


SUMMED_BY_RATE = ("subtotal", "tax")  # what a VAT summary prints a row of for each rate
SUMMARY_ROWS = 6  # rates a VAT summary may list


def _column_sum(slot: Slot) -> str | None:
    """The sum of the amounts under a heading of a row of headings, one a row for two rows or more
    ("Totale imponibile" over "45,00" and "1.417,40": a VAT summary with a row per rate)."""
    if len(slot.line.cells) < 3:
        return None
    reach, height = _column_reach(slot.line, slot.cell), max(slot.line.height, 1e-6)
    under = slot.lines[slot.row + 1 : slot.row + 2 + SUMMARY_ROWS]
    rows = _under_the_headings(under)
    amounts, bottom = [], (under[0] if rows is not under else slot.line).y1
    for line in [row for row in rows if not _beside_the_table(row, slot.cell)][:SUMMARY_ROWS]:
        under = [c for c in line.cells if _overlaps(c, slot.cell, height) >= 0.5] or _amounts_within(
            line, reach
        )
        value = norm.parse_amount(under[0].text) if len(under) == 1 and _an_amount(under[0]) else None
        if value is None or line.y0 - bottom > 2 * height:
            break
        amounts.append(Decimal(value))
        bottom = line.y1
    return norm.money_text(sum(amounts)) if len(amounts) >= 2 else None


def _beside_the_table(line: Line, heading: Cell) -> bool:
    """Whether a line under a tax table's heading starts right of its column: the block's beside
    the table, which a scan's reading order put between its rows ("zzgl. 7 % USt.  EUR 28,77"
    between the 19 % and the 7 % rows), no row of it."""
    return bool(line.cells) and line.cells[0].x0 > heading.x1


def _under_the_headings(lines: list[Line]) -> list[Line]:
    """The rows under a row of headings, past the line their words wrapped onto ("Spese" over
    "accessorie"): a first line with no figure."""
    return lines[1:] if lines and not re.search(r"\d", lines[0].text) else lines


def _an_amount(cell: Cell) -> bool:
    """A cell that is an amount, with its currency's mark or not ("1.872,92 €", "CHF 8'712.86",
    "4 045,29 €"), or in whole units grouped by thousands with its mark (a peso's or a franc
    CFA's: "$ 1.142.326")."""
    bare = norm.CURRENCY_RE.sub("", cell.text).strip()
    whole = bare != cell.text.strip() and WHOLE_UNITS.fullmatch(bare) is not None
    spaced = norm.TWO_DECIMALS.fullmatch(bare.removeprefix("-"))  # France's, Portugal's "4 045,29"
    cents_apart = CENTS_SPACED_OUT.fullmatch(bare)  # OCR's space after the mark: "51, 42"
    return bool(PRICED_AMOUNT.fullmatch(bare) or spaced or cents_apart) or whole


CENTS_SPACED_OUT = re.compile(r"\d{1,3}(?:[.,']\d{3})*[.,] \d{2}")


WHOLE_UNITS = re.compile(r"\d{1,3}(?:[.,'\u2019\u202f ]\d{3})+")


def _column_reach(headings: Line, heading: Cell) -> tuple[float, float]:
    """From a heading's middle to the next heading's start: where an amount set right sits (it
    may start under the heading's last letters: "Totale imposta" over "812,40")."""
    following = [cell.x0 for cell in headings.cells if cell.x0 > heading.x1]
    return (heading.x0 + heading.x1) / 2, min(following, default=math.inf)


def _amounts_within(line: Line, reach: tuple[float, float]) -> list[Cell]:
    """The line's cells within ``reach`` that are an amount, with its currency's mark or not."""
    return [cell for cell in line.cells if reach[0] < cell.x0 and cell.x1 < reach[1] and _an_amount(cell)]


def _name_wrapped(lines: list[Line], line: Line, cell: Cell) -> str:
    """A name's cell, with the legal form that its narrow column wrapped onto the next line; over
    two lines where the first wrap ends on a dash or a comma ("Carvalho & Tavares -" /
    "Equipamentos de Escritório," / "Lda.")."""
    name = cell.text
    for _wrap in range(NAME_WRAPS):
        under = _wrapped_under(lines, line, cell)
        longer = wrapped_with(name, under.text) if under is not None else name
        if under is None or longer == name or not NAME_CUT_AT.search(name):
            return longer
        name, line, cell = longer, next(other for other in lines if under in other.cells), under
    return name


NAME_WRAPS = 3  # lines a party's name wraps onto, at most
NAME_CUT_AT = re.compile(r"\s[-\u2013&]$|,$")  # a name cut after a dash or a comma goes on


def _right_value(slot: Slot, kind: str, right: str, field: str) -> str:
    """The value right of a label, with what its narrow column wrapped onto the lines under it:
    an account number's last digits, a name's legal form; an amount past the count printed
    before it, a tax past the base its rate is levied on."""
    cell = slot.line.cells[slot.column + 1]
    if kind == "money":
        past = _past_its_base(slot) if field == "tax" else None
        return past or _past_a_count(slot) or _amount_under_its_currency(slot.lines, slot.line, cell) or right
    if kind == "last4":
        return _the_named_part(slot, cell, field) or (
            _iban_ended_beside(slot, cell)
            or _digits_wrapped(slot.lines, slot.line, _with_the_mask_beyond(slot.line, cell))
        )
    if kind == "party" and right == cell.text:
        return _name_wrapped(slot.lines, slot.line, cell)
    return right


def _the_named_part(slot: Slot, cell: Cell, field: str) -> str | None:
    """Of a value in parts apart by slashes under a label in as many parts ("Agência / Conta" beside
    "0412 / 18.345-7"), the part in the place of the one that names the field."""
    names, parts = PARTS.split(slot.cell.text.strip()), PARTS.split(cell.text.strip())
    if len(names) < 2 or len(names) != len(parts):
        return None
    index = label_index(())
    named = [at for at, name in enumerate(names) if any(h.field == field for h in index.hits(name))]
    return parts[named[0]] if len(named) == 1 else None


PARTS = re.compile(r"\s+/\s+")


MASK_READ = re.compile(r"(?![A-Z]+$)[^\d\s]{2,4}|[*•#]\S{0,6}[*•#]")  # a masked group OCR read as
# letters or signs ("eee", "ee++"), not a label in capitals ("NIF"); or masks about a sign it read as a
# digit ("*4*" for "**** ****")


def _with_the_mask_beyond(line: Line, cell: Cell) -> Cell:
    """An account number's cell and the next ones OCR split it into at a masked group it read as
    letters ("4988 eee  |  ee++ 3306") or lost ("IT49 C711  |  0403"), or between its groups
    ("ES02 +...  |  0000  |  0000  |  0000 4874"): one cell, while a cell ends or starts with such
    a group."""
    at = line.cells.index(cell)
    joined = cell
    for following in line.cells[at + 1 :]:
        ends_masked = MASK_READ.fullmatch(joined.text.split()[-1]) is not None
        capitals = _mask_read_as_capitals(joined.text, following.text)
        lost = IBAN_START.fullmatch(joined.text.strip()) and LAST_FOUR.fullmatch(following.text.strip())
        groups = LAST_FOUR.fullmatch(joined.text.split()[-1]) and GROUPS_OF_FOUR.fullmatch(
            following.text.strip()
        )
        if not (ends_masked or capitals or lost or groups or MASK_READ.fullmatch(following.text.split()[0])):
            break
        joined = Cell([*joined.words, *following.words])
    return joined


def _mask_read_as_capitals(cell: str, following: str) -> bool:
    """A cell of a few capitals no vocabulary knows before a cell of the last four digits ("SREP"
    then "0193" for "****0193"): the mask OCR read as letters, no label ("NIF")."""
    return (
        MASK_AS_CAPITALS.fullmatch(cell.strip()) is not None
        and LAST_FOUR.fullmatch(following.strip()) is not None
        and not known_word(cell)
    )


MASK_AS_CAPITALS = re.compile(r"[A-Z]{3,8}")
LAST_FOUR = re.compile(r"\d{4}")
GROUPS_OF_FOUR = re.compile(r"\d{4}(?: \d{1,4})*")  # an IBAN's next groups, OCR's gaps between them
IBAN_START = re.compile(r"[A-Z]{2}\d{2}(?: [A-Z0-9]{4}){0,2}")  # an IBAN's first groups, its masked ones lost


def _digits_wrapped(lines: list[Line], line: Line, cell: Cell) -> str:
    """An account number's cell, with the digits its column wrapped onto the next line
    ("IT33 **** **** **** **** *961" over "451"; an IBAN's groups it lacks of its country's length)."""
    under = _wrapped_under(lines, line, cell)
    if under is None or not cell.text[-1:].isdigit():
        return cell.text
    if re.fullmatch(r"\d[\d ]{0,11}", under.text) and norm.iban_short_by(cell.text) == len(
        under.text.replace(" ", "")
    ):
        return f"{cell.text} {under.text}"  # "FR76 1470 7000 1231 4471" over "8820 463": its end
    if not re.fullmatch(r"\d{1,4}", under.text):
        return cell.text
    if norm.a_whole_iban(cell.text):
        return cell.text  # "NL39 VECH 0472 9796 25" over "Afschrift nr.  2": the next row's value
    return f"{cell.text}{under.text}"


def _iban_ended_beside(slot: Slot, cell: Cell) -> str | None:
    """An IBAN whose last digits its column wrapped right of its label, under the rest, aligned
    with it on either side ("FR76 1470 7000 3130 2190 4125" over "IBAN  612"): the whole, where
    they are just what the rest lacks of its country's length."""
    digits = cell.text.strip()
    if slot.row == 0 or not re.fullmatch(r"\d{1,4}", digits):
        return None
    above = slot.lines[slot.row - 1]
    height = max(slot.line.height, above.height, 1e-6)
    start = next((c for c in above.cells if min(abs(c.x0 - cell.x0), abs(c.x1 - cell.x1)) <= height), None)
    if start is None or slot.line.y0 - above.y0 > 2 * height or norm.iban_short_by(start.text) != len(digits):
        return None
    return f"{start.text} {digits}"


def _year_wrapped(lines: list[Line], line: Line, cell: Cell) -> str:
    """A date's cell, with the year its narrow column wrapped onto the next line ("3 november"
    over "2026"), or the period's end date after its word for "to" ("Del 01/09/2025 al" over
    "30/09/2025")."""
    under = _wrapped_under(lines, line, cell)
    if under is None:
        return cell.text
    if YEAR_ONLY.fullmatch(under.text) and not re.search(r"\d{4}", cell.text):
        return f"{cell.text} {under.text}"
    if _range_cut(cell.text) and norm.find_dates(under.text, month_first=False):
        return f"{cell.text} {under.text}"
    return cell.text


@cache
def _range_cut_pattern() -> re.Pattern[str]:
    return re.compile(rf"\d\s*(?:[-\u2013\u2014]|\s(?:{alternation(range_words_to())}))$", re.I)


def _range_cut(text: str) -> bool:
    """Whether a cell ends on a date and the word or dash that leads to a period's end."""
    return _range_cut_pattern().search(text.strip()) is not None


YEAR_ONLY = re.compile(r"(?:19|20)\d{2}")


def _amount_under_its_currency(lines: list[Line], line: Line, cell: Cell) -> str | None:
    """A currency alone right of its label and its amount on the next line, ending where it ends
    ("TOTAL (TZS)  TZS" over "2,263,830.00", a bold amount OCR read a line lower): the two."""
    following = _next_line_close(lines, line)
    if following is None or not CURRENCY_ALONE.fullmatch(cell.text.strip()):
        return None
    under = next((c for c in following.cells if abs(c.x1 - cell.x1) <= max(line.height, 1e-6)), None)
    if under is None or norm.parse_amount(under.text) is None:
        return None
    return f"{cell.text} {under.text}"


def _wrapped_under(lines: list[Line], line: Line, cell: Cell) -> Cell | None:
    """The cell that starts under ``cell`` on the next line, when that line follows closely; past
    a line with nothing in the cell's column, which a scan's reading order put between them (a
    sidebar's "Rechnungsdatum  6. September 2025" between a name and its wrapped "GmbH")."""
    height = max(line.height, 1e-6)
    row = next((row for row, other in enumerate(lines) if other is line), len(lines))
    for following in lines[row + 1 : row + 3]:
        if following.y0 - line.y0 > 2 * height:
            return None
        under = next((c for c in following.cells if abs(c.x0 - cell.x0) <= height), None)
        if under is not None or any(c.x0 < cell.x1 and c.x1 > cell.x0 for c in following.cells):
            return under
    return None


def _next_line_close(lines: list[Line], line: Line) -> Line | None:
    """The line after ``line``, where it starts within two of its heights."""
    row = next((row for row, other in enumerate(lines) if other is line), len(lines))
    following = lines[row + 1] if row + 1 < len(lines) else None
    if following is None or following.y0 - line.y0 > 2 * max(line.height, 1e-6):
        return None
    return following


LABEL_WORDS = 2  # a label no vocabulary knows in a block of labels and values is this short ("Soort")


def _a_label_and_value_under(slot: Slot, below: tuple[Line, Cell], index: LabelIndex) -> bool:
    """Whether the cell under a label starts where the label does and its line goes on with a cell
    where the label's value starts or ends, no label beside it and no strong one under that: the next row
    of a block of labels and values (not a party's block beside another block of labels:
    "Lieferant" over the supplier, "Bestelldatum" right of it; "Supplier  Deliver to")."""
    line, cell = below
    height = max(slot.line.height, 1e-6)
    if slot.column + 1 >= len(slot.line.cells) or abs(cell.x0 - slot.cell.x0) > height:
        return False
    if len(cell.text.split()) > LABEL_WORDS or LEGAL_FORM_WORD.search(cell.text):
        return False  # a company's name under the label ("Alpenhotel Wildmoos Betriebs GmbH"), no label
    value = slot.line.cells[slot.column + 1]
    under = next(  # its value under the value, both starting or both ending in one place (a till's)
        (
            c
            for c in line.cells
            if c is not cell and min(abs(c.x0 - value.x0), abs(c.x1 - value.x1)) <= height
        ),
        None,
    )
    return under is not None and not _a_label_alone(value.text, index) and not index.names_a_label(under.text)


def _below(slot: Slot) -> tuple[Line, Cell] | None:
    return _nearest_overlapping(slot, range(slot.row + 1, min(slot.row + 4, len(slot.lines))))


def _above(slot: Slot) -> tuple[Line, Cell] | None:
    return _nearest_overlapping(slot, range(slot.row - 1, max(slot.row - 3, -1), -1))
