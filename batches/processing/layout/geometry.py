"""Words with boxes → lines → cells, and item tables found by column alignment.

Every test here is relative to the words' own height, so the same code serves PDF points,
OCR pixels and the character grid of text formats.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from statistics import median

from batches.processing.layout.model import Cell, Layout, Line, Page, Source, Word
from batches.processing.vocab import is_document_title

# A gap wider than this many line heights separates two cells on one line ("Total      12.00").
CELL_GAP = 0.9
# Two words this many heights apart or less may be neighbours on one text line.
NEIGHBOUR_GAP = 2.5
MIN_SKEW_PAIRS = 8
# A fixed-pitch line: at least this many words of 3+ characters, each within this share of the
# line's median width per character; a gap of up to this many characters is a word space.
MIN_PITCH_WORDS = 2
PITCH_SPREAD = 0.08
MONOSPACE_SPACE = 1.5
# A text layer's word that starts more than this many heights before the last one ends is printed
# over it: a sidebar's line run on under a table's cell ("jean@maison.example" under
# "Fauteuil"), a date run into the next column's ("… de 2025" over "22 de outubro"), two cells (a
# word printed twice for a bold face stays one; OCR's boxes of a swash "&" overlap its neighbours').
OVERPRINT = 0.5


def wider_than_its_letters(width: float, height: float, letters: int) -> bool:
    """Whether a box is far wider than its letters could be at its height: a rule or a smudge OCR
    read as letters ("TIA" 70 points wide and 3 high; a "U" across a third of a header), no text."""
    return width > STRETCHED * max(height, 1e-6) * max(letters, 1)


STRETCHED = 4.0  # width for each letter, in heights: a letter-spaced title's is about 2


def group_lines(
    words: Iterable[Word], *, page: int, cell_gap: float = CELL_GAP, overprint: bool = False
) -> list[Line]:
    """Words in any order → lines top to bottom, each split into cells at wide gaps (and, with
    ``overprint``, where a text layer's word is printed over the one before it).

    Words the OCR engine read as one text line move together: on a tilted scan, the words of a
    two-line table cell sit within half a line of each other and would otherwise mix.
    """
    rows: list[list[tuple[float, float, list[Word]]]] = []  # each row's units, its first sets its band
    units = _units(words)
    read = any(together[0].line for _top, _bottom, together in units)  # by OCR: no text layer's
    for unit in sorted(units, key=lambda u: (u[0] + u[1], u[2][0].x0)):
        # a unit joins a recent row when each one's middle lies within the other's extent (give or
        # take ``MIDDLE_SLACK`` of it: OCR's box of an amount may hang lower), so a large title
        # beside two small lines does not glue them together
        joined = next((row for row in rows[:-4:-1] if _aligned_in(unit, row)), None)
        if joined is None:
            rows.append([unit])
        else:
            joined.append(unit)
    _to_nearest_rows(rows)
    lines = []
    for row in rows:
        row_words = sorted((word for _top, _bottom, unit in row for word in unit), key=lambda w: w.x0)
        if row_words:
            lines.append(
                Line(cells=split_cells(row_words, cell_gap=cell_gap, overprint=overprint), page=page)
            )
    lines.sort(key=_line_middle if read else _line_top)
    return lines


def _line_top(line: Line) -> float:
    return line.y0


def _line_middle(line: Line) -> float:
    """An OCR line's height on the page: its words' middle, most of them (a speck OCR read as a
    word reaching up into the row above moves no row ahead of it)."""
    return median((word.y0 + word.y1) / 2 for word in line.words)


Unit = tuple[float, float, list[Word]]


def _aligned_in(unit: Unit, row: list[Unit]) -> bool:
    """A unit aligns with its row's first, or (an OCR line's) with the row's unit nearest it across
    the page: on a scan tilted a little, "Artigo  Descrição" at the left is level with "Qtd." next
    to it, not with "Valor" at the right edge, read higher."""
    if _aligned(unit, row[0]):
        return True
    if not unit[2][0].line:
        return False  # a text layer's word: its baseline is exact, no tilt to allow for
    nearest = min(row, key=lambda other: _gap_across(unit, other))
    return nearest is not row[0] and _aligned(unit, nearest)


def _gap_across(unit: Unit, other: Unit) -> float:
    left, right = min(w.x0 for w in unit[2]), max(w.x1 for w in unit[2])
    other_left, other_right = min(w.x0 for w in other[2]), max(w.x1 for w in other[2])
    return max(other_left - right, left - other_right, 0.0)


def _aligned(unit: Unit, other: Unit) -> bool:
    """Each unit's middle lies within the other's extent."""
    top, bottom, _words = unit
    other_top, other_bottom, _other_words = other
    return _within((top + bottom) / 2, other_top, other_bottom) and _within(
        (other_top + other_bottom) / 2, top, bottom
    )


def _to_nearest_rows(rows: list[list[Unit]]) -> None:
    """A text layer's word that joined a row moves to a later row its middle is nearer to, where
    it aligns with that row's first unit: a large "004.215" between a name's line and its small
    label "Nº", printed on the label's baseline, is the label's row, not the name's. (OCR's boxes
    are too rough for this: a header's "Descripción" read a little higher than its "Cant.".)"""
    for index, row in enumerate(rows):
        founder = _middle(row[0])  # later rows' first units lie lower: only a unit below it may move
        for unit in [
            u for u in row[1:] if _middle(u) > founder and u[2][0].confidence == 1.0 and not u[2][0].line
        ]:
            middle = _middle(unit)
            nearer = [
                other
                for other in rows[index + 1 : index + 4]
                if _aligned(unit, other[0])
                and abs(_middle(other[0]) - middle) < abs(_middle(row[0]) - middle)
            ]
            if nearer:
                row.remove(unit)
                min(nearer, key=lambda other: abs(_middle(other[0]) - middle)).append(unit)


def _middle(unit: Unit) -> float:
    return (unit[0] + unit[1]) / 2


MIDDLE_SLACK = 0.1


def _within(middle: float, top: float, bottom: float) -> bool:
    slack = MIDDLE_SLACK * (bottom - top)
    return top - slack <= middle <= bottom + slack


def _units(words: Iterable[Word]) -> list[tuple[float, float, list[Word]]]:
    """Words that move together, with their vertical extent: an OCR line's words (the median
    top and bottom, so a bracket or a descender does not stretch it), else each word alone."""
    read_together: dict[int, list[Word]] = {}
    units = []
    for word in words:
        if not word.text:
            continue
        if word.line:
            read_together.setdefault(word.line, []).append(word)
        else:
            units.append((word.y0, word.y1, [word]))
    for together in read_together.values():
        together.sort(key=lambda w: w.x0)
        units.append((median(w.y0 for w in together), median(w.y1 for w in together), together))
    return units


def skew(words: Iterable[Word]) -> float:
    """A photographed page's tilt as dy/dx: the median slope from each word to its nearest
    neighbour on the right that shares its text line (0.0 when too few pairs say)."""
    ordered = sorted((w for w in words if w.y1 > w.y0), key=lambda w: w.x0)
    slopes = []
    for position, word in enumerate(ordered):
        height = word.y1 - word.y0
        middle = (word.y0 + word.y1) / 2
        for other in ordered[position + 1 :]:
            if other.x0 - word.x1 > NEIGHBOUR_GAP * height:
                break
            other_height = other.y1 - other.y0
            if other.x0 < word.x1 - 0.2 * height or not 0.7 < other_height / height < 1.4:
                continue
            rise = (other.y0 + other.y1) / 2 - middle
            run = (other.x0 + other.x1 - word.x0 - word.x1) / 2
            if abs(rise) < 0.6 * height and run > 0:  # two marks one over the other say no slope
                slopes.append(rise / run)
                break
    if len(slopes) < MIN_SKEW_PAIRS:
        return 0.0
    slopes.sort()
    return slopes[len(slopes) // 2]


def levelled(words: list[Word], slope: float) -> list[Word]:
    """The words with the page's tilt taken out, so that a printed line is level again."""
    return [
        Word(w.text, w.x0, w.y0 - slope * w.x0, w.x1, w.y1 - slope * w.x0, w.size, w.confidence, w.line)
        for w in words
    ]


def split_cells(words: list[Word], *, cell_gap: float = CELL_GAP, overprint: bool = False) -> list[Cell]:
    """One line's words (left to right) → cells, cut where the gap exceeds ``cell_gap`` heights.

    On a line in a fixed-pitch font (a till receipt), a space is a whole character wide, as wide
    as the cell gap of a proportional font: there a gap of one character is a space, two cut.
    With ``overprint`` (a text layer's words), a word printed over the one before it
    (``OVERPRINT``) starts a cell too.
    """
    cells: list[Cell] = []
    current: list[Word] = []
    pitches: dict[float, float | None] = {}  # by a word's height: most lines have no wide gap
    for word in words:
        if current:
            previous = current[-1]
            height = max(previous.y1 - previous.y0, word.y1 - word.y0, 1e-6)
            gap = word.x0 - previous.x1
            if overprint and gap < -OVERPRINT * height and word.text != previous.text:
                cells.append(Cell(current))
                current = []
            elif gap > cell_gap * height:
                size = previous.y1 - previous.y0
                if size not in pitches:
                    pitches[size] = fixed_pitch(_of_its_size(words, previous)) or fixed_pitch(words)
                pitch = pitches[size]
                if not (pitch and gap <= MONOSPACE_SPACE * pitch):
                    cells.append(Cell(current))
                    current = []
        current.append(word)
    if current:
        cells.append(Cell(current))
    return cells


def _of_its_size(words: list[Word], word: Word) -> list[Word]:
    """The line's words printed as high as ``word`` (within ``PITCH_SPREAD``): a letterhead's
    name in a fixed-pitch font beside a tax number in a smaller one is measured apart."""
    height = word.y1 - word.y0
    return [other for other in words if abs((other.y1 - other.y0) - height) <= PITCH_SPREAD * height]


def fixed_pitch(words: list[Word]) -> float | None:
    """The character width of a line printed in a fixed-pitch font, or None: every word of
    three characters or more is as wide per character as the others (within ``PITCH_SPREAD``)."""
    widths = sorted((w.x1 - w.x0) / len(w.text) for w in words if len(w.text) >= 3)
    if len(widths) < MIN_PITCH_WORDS or not any(c.isalpha() for w in words for c in w.text):
        return None
    middle = widths[len(widths) // 2]
    return (
        middle
        if widths[0] >= middle * (1 - PITCH_SPREAD) and widths[-1] <= middle * (1 + PITCH_SPREAD)
        else None
    )


def number_lines(pages: list[Page]) -> None:
    """Give every line its position in reading order across pages."""
    index = 0
    for page in pages:
        for line in page.lines:
            line.page = page.number
            line.index = index
            index += 1


def grid_page(blocks: list[list[list[str]]], *, number: int, source: Source = Source.STRUCTURE) -> Page:
    """Blocks of rows laid out on a character grid, one block under the other.

    A block is a paragraph (one row of one cell) or a table (rows of cells). Within a table the
    cells of a column start at the same x, so its columns line up as they would on paper and
    a value sits right of or below its label; each table has its own column widths.
    """
    lines: list[Line] = []
    y, width = 0, 1
    for rows in blocks:
        starts = _column_starts(rows)
        for row in rows:
            cells = [
                Cell(words)
                for column, text in enumerate(row)
                if (words := _grid_words(text, x=starts[column], y=y))
            ]
            if cells:
                lines.append(Line(cells=cells, page=number))
                width = max(width, int(cells[-1].x1))
            y += 1
    return Page(number=number, width=float(width), height=float(max(y, 1)), source=source, lines=lines)


def _column_starts(rows: list[list[str]]) -> dict[int, int]:
    widths: dict[int, int] = {}
    for row in rows:
        for column, text in enumerate(row):
            widths[column] = max(widths.get(column, 0), len(text))
    starts, x = {}, 0
    for column in sorted(widths):
        starts[column] = x
        x += widths[column] + 4
    return starts


TABLE_EDGE = re.compile(r"^\s*\|(?=\s)|(?<=\s)\|\s*$")  # "| a | b |": the table's outer edges


def text_page(text: str, *, number: int) -> Page:
    """Plain text: one line per text line, words at their character columns.

    Cells split where two or more spaces, a tab or a `` | `` separate words (aligned columns).
    """
    lines = []
    for y, raw in enumerate(text.split("\n")):
        row = TABLE_EDGE.sub(" ", raw.expandtabs(8).replace(" | ", "    "))  # a bare "|" is content
        words = _grid_words(row, x=0, y=y)
        if words:
            lines.append(Line(cells=split_cells(words, cell_gap=1.5), page=number))
    width = max((line.x1 for line in lines), default=1.0)
    return Page(
        number=number, width=width, height=float(len(text.split("\n"))), source=Source.STRUCTURE, lines=lines
    )


def _grid_words(text: str, *, x: int, y: int) -> list[Word]:
    words = []
    position = 0
    for token in text.split(" "):
        if token:
            start = x + position
            words.append(Word(token, float(start), float(y), float(start + len(token)), float(y + 1), 1.0))
        position += len(token) + 1
    return words


# A plain-text page set in two columns (a résumé's sidebar beside its body) has one gutter that
# no line crosses, its right column starts at the gutter, and lines of that column stand alone
# (one in five lines at least), where a table's values each stand beside their label.
GUTTER_MIN_LINES = 12
GUTTER_OWN_LINES = 0.2
GUTTER_ALIGNED = 5
GUTTER_COLUMNS = range(12, 90)  # a sidebar is 12 characters wide at least, a page 90 at most


def columns_in_turn(text: str) -> str:
    """Plain text in two columns read one column after the other, as its reader reads it; any
    other text as it is. A table of labels and values is one column: its lines pair across."""
    rows = text.split("\n")
    gutter = _gutter(rows)
    if gutter is None:
        return text
    left = [row[:gutter].rstrip() for row in rows]
    right = [row[gutter:].rstrip() for row in rows]
    return "\n".join([*left, "", *right])


def _gutter(rows: list[str]) -> int | None:
    filled = [row.rstrip() for row in rows if row.strip()]
    if len(filled) < GUTTER_MIN_LINES or any("\t" in row for row in filled):
        return None
    widest = max(len(row) for row in filled)
    for gutter in range(GUTTER_COLUMNS.start, min(widest, GUTTER_COLUMNS.stop)):
        if not all(_clear_at(row, gutter) for row in filled):
            continue
        starts = sum(len(row) > gutter and row[gutter] != " " for row in filled)
        left = sum(bool(row[:gutter].strip()) for row in filled)
        right_only = len(filled) - left
        if (
            starts >= GUTTER_ALIGNED
            and left >= GUTTER_ALIGNED
            and right_only >= GUTTER_OWN_LINES * len(filled)
        ):
            return gutter
    return None


def _clear_at(row: str, gutter: int) -> bool:
    """Whether a line leaves the two characters before the gutter blank (or ends before them)."""
    return not row[max(gutter - 2, 0) : gutter].strip()


ROLL_WIDTH = 90 / 25.4 * 72  # points: a till roll is 57 to 80 mm wide
# A till roll's lines are at most this many times its words' height wide (a photographed or
# scanned slip: 18 to 37 on the real receipts and the tuning slips; a page of A4 or Letter 65 to 81).
ROLL_TEXT_SPAN = 45.0
SPAN_SHARE = 0.1  # the lines' starts and ends that stick out furthest (a stamp, the table's edge)
ROLL_LINES = 8  # a slip's lines of two words or more: its shop, date, items, total, payment


def on_a_roll(layout: Layout) -> bool:
    """Whether every page is a till roll: a PDF page at most ``ROLL_WIDTH`` wide, or a scan of
    ``ROLL_LINES`` lines or more that span at most ``ROLL_TEXT_SPAN`` times their words' height
    (its width in points is a guess where the image states no resolution, and a photo holds the
    table around the slip). A PDF's scanned page states its size: there the text's span is measured
    in points too (a fax of a letter, its noisy words tall, spans a page; a slip on a scanner's bed
    does not)."""
    sized = layout.kind == "pdf"
    return bool(layout.pages) and all(_roll_wide(page, sized=sized) for page in layout.pages)


def _roll_wide(page: Page, *, sized: bool) -> bool:
    if page.source is Source.TEXT_LAYER:
        return page.width <= ROLL_WIDTH
    lines = [line for line in page.lines if len(line.words) >= 2]
    if page.source is not Source.OCR or len(lines) < ROLL_LINES:
        return False  # a few short lines on a page (a sparse letter) say nothing of its width
    height = median(word.y1 - word.y0 for line in lines for word in line.words)
    starts = sorted(min(word.x0 for word in line.words) for line in lines)
    ends = sorted(max(word.x1 for word in line.words) for line in lines)
    cut = int(len(lines) * SPAN_SHARE)
    span = ends[len(ends) - 1 - cut] - starts[cut]
    return span <= ROLL_TEXT_SPAN * height and not (sized and span > ROLL_WIDTH)


TITLE_LINES = 12  # the first lines of a page, where its title stands
TITLE_REACH = 2  # lines under a title's first part its second may stand (a letterhead's between)


def wrapped_titles(layout: Layout) -> list[str]:
    """Titles in capitals wrapped over two lines of their column, read whole ("ORDEN DE" over
    "COMPRA", a letterhead's line between them): apart, their words name no kind of document;
    whole, a title the vocabularies know."""
    lines = [line for line in layout.lines[: TITLE_LINES * 2] if line.page == 1][:TITLE_LINES]
    titles = []
    for at, line in enumerate(lines):
        for cell in (cell for cell in line.cells if _in_capitals(cell.text)):
            under = (
                other
                for later in lines[at + 1 : at + 1 + TITLE_REACH]
                for other in later.cells
                if abs(other.x0 - cell.x0) <= max(line.height, 1e-6) and _in_capitals(other.text)
            )
            second = next(under, None)
            whole = f"{cell.text} {second.text}" if second is not None else ""
            if whole and is_document_title(whole) and not is_document_title(cell.text):
                titles.append(whole)
    return titles


def _in_capitals(text: str) -> bool:
    return text.isupper() and not any(char.isdigit() for char in text)
