"""A résumé's skills: the items under a skills heading, read down the lines or down its
column beside a sidebar, across a table's row, a grid or a category's items; split at
separators (OCR's lost ones put back), less the categories and the marks OCR read for bullets."""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.found import (
    CELL_BREAK,
    YEARS,
    Found,
    Lines,
    first_cell,
    letter_spacing_closed,
)
from batches.processing.builtin.fallbacks.names import LEGAL_FORM, looks_like_person, spells
from batches.processing.builtin.labels import label_index
from batches.processing.builtin.values import BULLET, BULLET_MARKS, page_count
from batches.processing.layout.model import Cell, Layout, Line, Source
from batches.processing.vocab import (
    clause_words,
    headings_other_than,
    month_number,
    normalise_label,
    prose_words,
    section_headings,
)

# A bullet as OCR reads it: another sign, perhaps with a speck after it, then a space ("> Emailing",
# "+ Excel", "« SEO", "+. Pneumatica").
OCR_BULLET = re.compile(r"^[>+«][.,]?\s+")


def _skills_heading(text: str) -> bool:
    """Whether a text heads the skills, perhaps after what OCR read of its bar ("I COMPETÊNCIAS")."""
    skills = set(section_headings("skills")) | {"skills"}
    heading = normalise_label(letter_spacing_closed(text.strip().rstrip(":")))
    return heading in skills or normalise_label(_without_a_rule_read(text).rstrip(":")) in skills


def _without_a_rule_read(cell: str) -> str:
    """A heading in capitals less the short pieces OCR read of the rule, bar or icon before it
    ("SS LÍNGUAS", "I COMPETÊNCIAS")."""
    words = cell.split()
    if not cell.isupper() or len(words) < 2:
        return cell
    while len(words) > 1 and len(re.sub(r"\W", "", words[0])) <= 2:
        words = words[1:]
    return " ".join(words)


def items_of_categories(items: list[str]) -> list[str]:
    """Items grouped under categories, each category on its line over its items ("Linguagens" /
    "TypeScript, Java, Kotlin"): the items, split at their commas, without the categories; a
    sentence's full stop after the last item dropped ("Modelagem dimensional."); a level printed
    beside an item ("SQL  Advanced") is none; an abbreviation in brackets alone on its line ends
    the item over it ("Control estadístico de procesos" / "(SPC)"); a caption's first line cut at its
    hyphen ("Fachliche/EDV-" over "Kenntnisse", beside the list) is none."""
    items = _brackets_rejoined(
        [item for item in items if not a_level(item) and not CUT_AT_A_HYPHEN.search(item)]
    )
    grouped = [
        at for at in range(1, len(items)) if OUTER_COMMA.search(items[at]) and _a_category(items[at - 1])
    ]
    out = list(items)
    if len(grouped) >= CATEGORIES_AT_LEAST:  # once may be chance: "Google Analytics", "Acme S.L., Zaragoza"
        out = []
        for at, item in enumerate(items):
            if at + 1 not in grouped:
                out.extend(OUTER_COMMA.split(item) if at in grouped else [item])
    if out and re.search(r"[^\W\d_]{2}\.$", out[-1]) and out[-1].count(".") == 1:
        out[-1] = out[-1][:-1]
    return out


def _brackets_rejoined(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if out and WRAPPED_BRACKETS.fullmatch(item) and "(" not in out[-1]:
            out[-1] = f"{out[-1]} {item}"
        else:
            out.append(item)
    return out


CUT_AT_A_HYPHEN = re.compile(r"[^\W\d_]{2}-$")  # "Fachliche/EDV-": a word its line cut, to go on under it
WRAPPED_BRACKETS = re.compile(r"\([^()]{1,12}\)")  # "(SPC)", "(8D)": an item's abbreviation
OUTER_COMMA = re.compile(r",\s+(?![^()]*\))")  # not inside brackets: "Excel (pivot tables, VLOOKUP)"
CATEGORIES_AT_LEAST = 2


def _a_category(item: str) -> bool:
    """Whether an item may name a category of those after it: a few words, no comma, no capital
    inside a word (a product's name: "ArchiCAD  Rhino 3D - AutoCAD" is three items)."""
    words = len(re.findall(r"[^\W\d_]+", item))
    return "," not in item and words <= CATEGORY_WORDS and not PRODUCTS_CAPITAL.search(item)


PRODUCTS_CAPITAL = re.compile(r"[a-z][A-Z]")  # "ArchiCAD", "InDesign"


def bullets(lines: Lines, text: str) -> Found | None:
    """The items under the skills headings: bullets, short lines one under the other, or one line
    split at commas; each list ends at a blank line, a sentence or the next heading."""
    found = [
        Found(items, page, line, 0.6)
        for index, (page, line) in enumerate(lines)
        if _skills_heading(line)
        and not _heading_wrapped(line, lines[index + 1 : index + 2])  # "Competenze" / "linguistiche"
        and (items := _items_under(lines[index + 1 : index + 40], norm.parse_email(text)))
    ]
    return _all_listed(found)


def _all_listed(found: list[Found]) -> Found | None:
    """The first list, with the items of the lists under later skills headings after its own
    ("Competenze professionali", then "Competenze digitali"), each once."""
    if not found:
        return None
    items: dict[str, str] = {}
    for listed in found:
        for item in listed.value:
            items.setdefault(" ".join(item.split()).casefold(), item)  # "C" and "C++" are two
    return replace(found[0], value=list(items.values()))


def bullets_in_a_column(layout: Layout | None, text: str) -> Found | None:
    """The items under a skills heading that shares its lines with another column (a sidebar
    beside the body, "Riverside LLP, Leeds | Skills"): the cells under it that start where it
    starts, read down its column."""
    lines = _separators_restored(layout) if layout is not None and layout.kind in GEOMETRY else []
    found = []
    for row, line in enumerate(lines):
        for at, cell in enumerate(line.cells):
            if not _skills_heading(cell.text):
                continue
            # a table's row ("IT-Kenntnisse  Windows Server  Active Directory"), else a column
            email = norm.parse_email(text)
            items = _items_under(_beside(lines, row, at), email)
            if len(items) < 2:
                items = _items_under(_column_under(lines, row, cell, printed=layout.kind != "text"), email)
            if len(items) < 2:
                items = _items_under(_right_of_captions(lines, row, cell), email)
            if len(items) >= 2:
                found.append(Found(items, line.page, cell.text, 0.6))
    return _all_listed(found)


# OCR drops a thin separator between two skills ("Python · Django" read "Python Django"), but
# not its room: a gap this many times the page's usual word space is one.
LOST_SEPARATOR = 2.0
RESTORED = "\u00b7"  # the separator put back there, a middle dot (one of ``ITEM_SEPARATOR``'s)


def _separators_restored(layout: Layout) -> list[Line]:
    """The layout's lines, a separator put back in each gap OCR left where it dropped one."""
    out: list[Line] = []
    for page in layout.pages:
        gaps = [
            b.x0 - a.x1 for line in page.lines for c in line.cells for a, b in itertools.pairwise(c.words)
        ]
        space = statistics.median(gaps) if page.source is Source.OCR and gaps else None
        if space is None or space <= 0:
            out.extend(page.lines)
            continue
        out.extend(
            replace(line, cells=[_separated(cell, LOST_SEPARATOR * space) for cell in line.cells])
            for line in page.lines
        )
    return out


def _separated(cell: Cell, wide: float) -> Cell:
    """The cell with a separator in each wide gap, but the one after its bullet ("e   Python")."""
    words = cell.words[:1]
    for a, b in itertools.pairwise(cell.words):
        if b.x0 - a.x1 >= wide and not (a is cell.words[0] and LONE_MARK.fullmatch(a.text)):
            words.append(replace(a, text=RESTORED, x0=a.x1 + 1, x1=a.x1 + 2))
        words.append(b)
    return Cell(words) if len(words) > len(cell.words) else cell


def _beside(lines: list[Line], row: int, at: int) -> Lines:
    """A heading's items right of it on its line and on the lines that go on under them, where
    it heads a row of a table ("Competencias digitales  SEO técnico · Google Ads ·" / "WordPress ·
    Email marketing", "IT-Kenntnisse  Windows Server  Active Directory")."""
    beside = [cell for cell in lines[row].cells[at + 1 :] if not cell.read_poorly]  # not a rule's reading
    pieces = [piece.strip() for cell in beside for piece in ITEM_SEPARATOR.split(cell.text) if piece.strip()]
    if not beside or not all(_short_item(piece) for piece in pieces):
        return []  # a sentence beside a heading ("Skills  I build dashboards, models and …")
    if any(YEARS.search(cell.text) or LEGAL_FORM.search(cell.text) for cell in beside):
        return []  # the body's line beside a sidebar's heading: a position, its firm and years
    height = max(lines[row].height, 1e-6)
    # a bullet hangs left of its text: the body's column is where the text starts
    text = beside[1] if len(beside) > 1 and _lone_bullet(beside[0]) else beside[0]
    if _body_goes_on(lines, row, at, text, height):
        return []
    found: Lines = [(lines[row].page, " | ".join(cell.text for cell in beside))]
    bulleted = bool(BULLET.match(beside[0].text))  # a list, one item a line ("▸ HACCP")
    listed = _one_item_a_line(lines, row, beside[0])  # "AutoCAD" / "Revit (BIM)" / … beside its heading
    for line in lines[row + 1 : row + 1 + (LIST_LINES if bulleted or listed else BESIDE_LINES)]:  # under it
        cells = line.cells
        if bulleted and len(cells) > 1 and _skills_heading(cells[0].text):
            cells = cells[1:]  # "COMPETENZE DIGITALI  ▪ Microsoft Excel": more skills, of another kind
        if line.page != lines[row].page or abs(cells[0].x0 - beside[0].x0) > 2 * height:
            break
        text = "  ".join(cell.text for cell in cells)
        if bulleted and not BULLET.match(text):
            break
        found.append((line.page, text))
    return found


def _one_item_a_line(lines: list[Line], row: int, first: Cell) -> bool:
    """Whether the lines under a heading's first item go on with one short item each where it starts,
    nothing in the heading's column, for more lines than a table's row wraps onto (the old Europass
    form's "Capacità e competenze tecniche  AutoCAD" over "Revit (BIM)", "ArchiCAD", …)."""
    height = max(lines[row].height, 1e-6)
    under = lines[row + 1 : row + 2 + BESIDE_LINES]
    return len(under) > BESIDE_LINES and all(
        line.page == lines[row].page
        and len(line.cells) == 1
        and abs(line.cells[0].x0 - first.x0) <= height
        and _short_item(line.cells[0].text)
        for line in under
    )


BESIDE_LINES = 3  # a table row's items go on under it for a few lines at most
LIST_LINES = 30  # a bulleted list beside its heading, one item a line


def _body_goes_on(lines: list[Line], row: int, at: int, beside: Cell, height: float) -> bool:
    """Whether the text beside a heading is the body's paragraph beside a sidebar's heading
    ("HABILIDADES  • Migración del front-end a React y TypeScript; mentor de 4"), not a table's
    row of items: on the lines just above, its column goes on alone (no cell left of it) while
    the sidebar's own text stands where the heading starts."""
    heading = lines[row].cells[at]
    above = [
        line
        for line in lines[max(0, row - 3) : row]
        if line.page == lines[row].page and lines[row].y0 - line.y1 <= 3 * height
    ]

    def starts_at(line: Line, x: float) -> bool:
        return any(abs(cell.x0 - x) <= 2 * height for cell in line.cells)

    column = next((line for line in reversed(above) if starts_at(line, beside.x0)), None)
    if column is None or any(cell.x1 < beside.x0 and not _lone_bullet(cell) for cell in column.cells):
        return False  # a caption left of it, however near ("Otros idiomas  Inglés (B2)" over "Aptitudes")
    return any(starts_at(line, heading.x0) for line in above)


# Layouts whose cells stand where they are printed (structure formats place every cell at 0).
GEOMETRY = frozenset({"pdf", "image", "text"})
# Down a column, a cell this many line heights under the last one is past the column's block;
# under the heading, a few more: a chip's padding, or the body's lines beside it first.
COLUMN_BREAK = 3.0
FIRST_ITEM_MARGIN = 2


def _right_of_captions(lines: list[Line], row: int, heading: Cell) -> Lines:
    """The text right of a form's column of captions under a heading alone on its line, where
    heading and captions are set right to one edge (the old Europass form: "CAPACITÀ E COMPETENZE
    TECNICHE" over "Con computer, attrezzature specifiche, ecc.  Contabilità generale; …"): the
    cells past that edge, down to the next caption after them or a gap of ``COLUMN_BREAK`` lines."""
    height = max(lines[row].height, 1e-6)
    if len(lines[row].cells) > 1:
        return []
    out: Lines = []
    last = lines[row].y0
    for line in lines[row + 1 : row + 1 + LIST_LINES]:
        reach = (COLUMN_BREAK + FIRST_ITEM_MARGIN * (not out)) * height
        if line.page != lines[row].page or line.y0 - last > reach:
            break
        captions = [cell for cell in line.cells if abs(cell.x1 - heading.x1) <= height]
        right = [cell for cell in line.cells if cell.x0 > heading.x1]
        if (captions and out) or not right or (not out and not captions):
            break  # the next caption, or no caption's line under the heading: no such form
        out.append((line.page, "  ".join(cell.text for cell in right)))
        last = line.y0
    return out


def _column_under(lines: list[Line], row: int, heading: Cell, *, printed: bool = True) -> Lines:
    """The texts of the cells under ``heading`` that start where it starts, down to where the
    column breaks off (another page, unless a bulleted list goes on at its top, or a gap of
    ``COLUMN_BREAK`` lines); lines with nothing in the
    column are skipped. A heading with the body's text beside it heads a sidebar: no cell from
    about where that text starts (its bullets hang left of it) is the sidebar's; on a printed page
    (not plain text's columns of labels), also one beside the heading's sidebar just above it."""
    height = max(lines[row].height, 1e-6)
    beside = _body_beside(lines, row, heading) if printed else math.inf
    body = min((c.x0 for c in lines[row].cells if c.x0 > heading.x1 and not c.read_poorly), default=beside)
    body -= 2 * height
    out: Lines = []
    last, bulleted, step = lines[row].y0, False, 0.0
    listed_at: float | None = None  # where the last category's items start, for their wrap
    listed_text = ""  # the last line of those items
    item_starts: list[float] = []  # where a grid's bulleted items beside the column start
    categories = False
    page = lines[row].page
    for at, line in enumerate(lines[row + 1 : row + 60], start=row + 1):
        if page_count().fullmatch(line.text.strip()):
            continue  # "Page 1 of 2" at the page's foot
        if line.page != page and bulleted and _a_bullet_at(line, heading.x0, height):
            page, last = line.page, line.y0 - step  # a bulleted list goes on over the page's turn
        if line.page != page or line.y0 - last > _column_reach(out, step, height):
            break
        column = next((n for n, c in enumerate(line.cells) if abs(c.x0 - heading.x0) <= 2 * height), None)
        if column is None:
            if _grid_items_alone(line, item_starts, height):  # "+ Git" a little lower than its row
                out.extend((line.page, cell.text) for cell in line.cells)
                last = line.y0
            elif listed_at is not None and abs(line.cells[0].x0 - listed_at) <= 2 * height:
                wrapped = [piece for cell in line.cells for piece in _pieces(cell.text)]
                if out and wrapped and _cut_short(listed_text):  # "…, SQL, Microsoft" / "Excel (VBA)"
                    out[-1] = (out[-1][0], f"{out[-1][1]} {wrapped.pop(0)}")
                out.extend((line.page, piece) for piece in wrapped)  # the category's items wrapped
                last, listed_text = line.y0, line.text
            continue
        if line.cells[column].read_poorly or _heads_levels(line):
            last = line.y0
            continue  # OCR's reading of a chip's border or an icon ("SE SN Kan zum mus" at 28 %); a
            # table's header over its skills, levels and years ("Herramienta  Nivel  Años de uso")
        # the column's own cell, where the heading starts, and those beside it short of the body
        beside = [line.cells[column]] + [
            c for c in line.cells[column + 1 :] if c.x0 < body and not c.read_poorly
        ]
        # a table of categories is one from its first row: a row beside a sidebar's skill is the body's
        listed = _category_items(beside, one=categories) if not out or categories else []
        after = lines[at + 1] if at + 1 < len(lines) else None
        beside_it = not out and len(beside) > 1  # a category's first item, short of the body
        listed = listed or (_category_over_a_list(line, after, column) if beside_it else [])
        categories = categories or (not out and bool(listed))
        listed_at = line.cells[column + 1].x0 if listed else None
        listed_text = line.cells[column + 1].text if listed else ""
        cells = _grid_cells(beside, bulleted, _BulletLost(item_starts + _next_in_the_row(beside), height))
        item_starts += [_item_start(cell) for cell in cells[1:]]
        texts = listed or [cell.text for cell in cells]
        if not listed and len(cells) > 1 and any(len(_pieces(cell.text)) > 1 for cell in cells):
            texts = [f" {RESTORED} ".join(texts)]  # a line of items apart by separators, in cells: one line
        out.extend((line.page, text) for text in texts)
        bulleted = bulleted or (not listed and any(_bulleted(cell.text) for cell in cells))
        last, step = line.y0, max(step, line.y0 - last)
    return out


def _a_bullet_at(line: Line, x: float, height: float) -> bool:
    """Whether a line holds a bulleted item where a column starts."""
    return any(abs(cell.x0 - x) <= 2 * height and _bulleted(cell.text) for cell in line.cells)


# A column's items spaced wide (a sidebar's skills a line apart, OCR's boxes tight around their
# letters) go on while each gap is at most this many times the widest one before, up to
# ``WIDEST_STEP`` line heights.
STEP_SLACK = 1.5
WIDEST_STEP = 5.0


def _column_reach(out: Lines, step: float, height: float) -> float:
    """How far under the last item of a column the next may start: ``COLUMN_BREAK`` line heights
    (a few more under the heading and its first item: the heading's gap to it shows nothing of
    how the items are spaced), or as far as the items so far are spaced, give or take."""
    usual = (COLUMN_BREAK + FIRST_ITEM_MARGIN * (len(out) < 2)) * height
    return max(usual, min(STEP_SLACK * step, WIDEST_STEP * height)) if out else usual


SIDEBAR_ABOVE = 5  # line heights over a heading in which its sidebar shows the body beside it
BODY_GOES_ON = 1.0  # line heights from the body's last line to a sidebar heading level with it


def _dates_only(text: str) -> bool:
    """A cell of a year or a span of them, with months at most ("2007-2011", "janv. 2021 - juin 2025")."""
    words = re.findall(r"[^\W\d_]{3,}", text)
    return bool(YEARS.search(text)) and all(month_number(word) for word in words)


def _body_beside(lines: list[Line], row: int, heading: Cell) -> float:
    """Where the body's text starts beside a sidebar's heading that stands alone on its line
    ("K E N N T N I S S E"): on the lines just above, the first cell right of the sidebar's own
    (one that starts where the heading starts), where the body's text goes on right up to the
    heading's line (no section's heading across the page); infinity where none is."""
    height = max(lines[row].height, 1e-6)
    above = lines[row - 1] if row else None
    if above is None or above.page != lines[row].page or lines[row].y0 - above.y1 > BODY_GOES_ON * height:
        return math.inf
    if not any(cell.x0 > heading.x1 for cell in above.cells):
        return math.inf
    sidebar = [
        line
        for line in lines[max(0, row - 3) : row]
        if line.page == lines[row].page and lines[row].y0 - line.y1 <= SIDEBAR_ABOVE * height
        if any(abs(c.x0 - heading.x0) <= 2 * height for c in line.cells)
    ]
    own = [cell.text for line in sidebar for cell in line.cells if abs(cell.x0 - heading.x0) <= 2 * height]
    if any(map(_dates_only, own)) and all(_dates_only(text) or _another_heading(text) for text in own):
        return math.inf  # "2007-2011  Licence pro Maintenance" over it: a column of dates, no sidebar
    starts = [cell.x0 for line in sidebar for cell in line.cells if cell.x0 > heading.x0 + 2 * height]
    if sidebar and above.cells[0].x0 > heading.x1:  # the body's line alone just above the heading,
        starts.append(above.cells[0].x0)  # the sidebar's own over it ("Entwicklungsingenieur")
    return min(starts, default=math.inf)


def _pieces(text: str) -> list[str]:
    tags = _tags(text)
    if tags:
        return tags
    return [piece.strip() for piece in ITEM_SEPARATOR.split(text) if piece.strip(BULLET_MARKS + " ")]


# Skills printed as tags in rounded boxes, whose ends OCR reads as brackets: "(Figma ) ( Sketch )
# (Toegankelijkheid (WCAG) )", two tags or more, a tag's own brackets inside it kept.
TAG = r"\(\s*((?:[^()]|\([^()]*\))+?)\s*\)"
TAGS = re.compile(rf"\s*(?:{TAG}\s*){{2,}}")


def _tags(text: str) -> list[str]:
    """A line of tags' items, or [] when it is none; a separator put back in a tag's gap or between
    two tags ("(HTML/CSS · )", ") · (") is none of theirs."""
    text = SEPARATOR_BETWEEN_TAGS.sub(") (", text)
    if not TAGS.fullmatch(text):
        return []
    return [tag.strip().rstrip(f" {RESTORED}") for tag in re.findall(TAG, text)]


SEPARATOR_BETWEEN_TAGS = re.compile(rf"\)\s*{RESTORED}\s*\(")


def _category_items(cells: list[Cell], *, one: bool = False) -> list[str]:
    """A table's row of a category and its items ("Software  Exact Online, WinBooks, Excel",
    "EDV-Kenntnisse  BMD NTCS, SAP FI"): the items, not the category; none for another section's
    row ("Sprachen  Deutsch, Englisch") or a row of single skills ("SAP FI/CO  IFRS  Power BI").
    ``one``: the rows above were categories, so a row may hold one item ("Management  Encadrement")."""
    if len(cells) != 2 or not _a_category(cells[0].text):
        return []
    if normalise_label(cells[0].text.rstrip(":")) in _other_headings():
        return []
    if YEARS.search(cells[1].text) or LEGAL_FORM.search(cells[1].text):
        return []  # the body's line beside a sidebar's skill: a firm, its town and years
    pieces = _pieces(cells[1].text)
    return pieces if len(pieces) >= 2 - one and all(_short_item(piece) for piece in pieces) else []


def _category_over_a_list(line: Line, after: Line | None, column: int) -> list[str]:
    """The first item of a category whose items go on one a line under it ("Fachkenntnisse  SPS-
    Programmierung" over "EPLAN Electric P8", "Profinet"); none where the next line (``after``) is
    no item under it."""
    cells = line.cells[column:]
    if len(cells) != 2 or not _a_category(cells[0].text) or _another_heading(cells[0].text):
        return []
    height = max(line.height, 1e-6)
    if after is None or after.page != line.page or after.y0 - line.y1 > COLUMN_BREAK * height:
        return []
    if abs(after.cells[0].x0 - cells[1].x0) > 2 * height or not _short_item(after.cells[0].text):
        return []
    return [cells[1].text] if _short_item(cells[1].text) else []


GRID_ROW = 2  # bulleted items evenly spaced on a row: a grid, whose next column may have lost its bullet


def _next_in_the_row(cells: list[Cell]) -> list[float]:
    """Where the next item of a row of evenly spaced bulleted items would start ("* Python  * SQL
    * Power BI  Tableau": "Tableau" lost its bullet, "- Projectmanagement  - VCA-certificaat  SQL"); none
    for a row of fewer."""
    starts = [_item_start(cell) for cell in cells if _bulleted(cell.text)]
    if len(starts) < GRID_ROW:
        return []
    steps = [b - a for a, b in itertools.pairwise(starts)]
    return [starts[-1] + statistics.median(steps)]


def _grid_items_alone(line: Line, starts: list[float], height: float) -> bool:
    """Whether a line with nothing in the list's column holds only bulleted items where the grid's
    items start: a row's last item a tilted scan put on a line of its own."""
    lost = _BulletLost(starts, height)
    return bool(starts) and all(
        _bulleted(cell.text) and lost(Cell(cell.words[1:] or cell.words)) for cell in line.cells
    )


@dataclass(frozen=True)
class _BulletLost:
    """Where a grid's bulleted items start beside a list's column: a cell there without its
    bullet is an item whose bullet OCR lost ("» C++" over "DO-178C")."""

    starts: list[float]
    height: float

    def __call__(self, cell: Cell) -> bool:
        return any(abs(cell.x0 - start) <= self.height for start in self.starts)


def _item_start(cell: Cell) -> float:
    """Where a bulleted cell's item starts: after its bullet."""
    return cell.words[1].x0 if len(cell.words) > 1 and _lone_bullet(Cell(cell.words[:1])) else cell.x0


def _grid_cells(cells: list[Cell], bulleted: bool, bullet_lost: _BulletLost | None = None) -> list[Cell]:
    """A column's cell and the cells of a grid of skills beside it: each a short item and none a
    heading, all with bullets ("• Scrum | • PostgreSQL") or none ("SEO | Marktforschung"), a
    level or years of use beside each left out ("SQL  Advanced"). A cell without a bullet beside
    a list that had them is another column's, unless it starts where the grid's bulleted items
    did (``bullet_lost``); the column's own cell may have lost its bullet where all beside it kept
    theirs."""
    cells = _bullets_joined(cells)
    first, rest = cells[0], [cell for cell in cells[1:] if not _a_measure(cell.text)]

    def marked(cell: Cell) -> bool:  # OCR reads one bullet two ways ("* Agile  |  + MS Project"),
        lost = bullet_lost is not None and bullet_lost(cell)  # or as a letter ("e Excel"), or loses it
        return _bulleted(cell.text) or bool(MISREAD_BULLET.match(cell.text)) or lost

    if _bulleted(first.text) or (bulleted and marked(first)):
        return [first] + [c for c in rest if marked(c) and _grid_item(c.text)]
    if rest and _grid_item(first.text) and all(_bulleted(c.text) and _grid_item(c.text) for c in rest):
        return [first, *rest]  # "Guest relations  |  * Fleet and boat …": the column's bullet lost
    if not bulleted and rest and all(_grid_items(c.text) for c in [first, *rest]):
        return [first, *rest]
    return [first]


def _bulleted(text: str) -> bool:
    """A bullet, or a sign OCR read for one ("+ Excel")."""
    return bool(BULLET.match(text.strip()) or OCR_BULLET.match(text.strip()))


def _bullets_joined(cells: list[Cell]) -> list[Cell]:
    """The cells with each bullet printed as a cell of its own joined to its item ("▪ | TypeScript")."""
    out: list[Cell] = []
    for cell in cells:
        if out and _lone_bullet(out[-1]):
            out[-1] = Cell([*out[-1].words, *cell.words])
        else:
            out.append(cell)
    return out


def _lone_bullet(cell: Cell) -> bool:
    """A cell of one mark before an item: a bullet, or what OCR read for one ("+", "e", ">")."""
    return bool(LONE_MARK.fullmatch(cell.text.strip()))


LONE_MARK = re.compile(r"[^\w\s]|[a-z]")


def _grid_item(text: str) -> bool:
    return (
        _short_item(text)
        and normalise_label(text.rstrip(":")) not in _other_headings()
        and not _a_measure(text)
    )


def _grid_items(text: str) -> bool:
    """Whether a grid's cell is items: one, or several apart by separators ("Power BI · SAP FI/CO")."""
    return all(_grid_item(piece) for piece in _pieces(text))


def _a_measure(text: str) -> bool:
    """How well or how long a skill beside it was used: a level ("Expert"), years ("10"), or a
    rating in dots OCR read as letters ("0000", "eee0e")."""
    return (
        a_level(text)
        or COUNT.fullmatch(text.strip()) is not None
        or RATING.fullmatch(text.strip()) is not None
    )


# "eee", one dot read as another figure perhaps ("0090"), or two dots read "ee"; or a bar of
# blocks read as short runs of its blocks' letters ("ESS Er E ES ES", "EEE 08 08 ees": a dark
# sidebar's level bar under each skill)
RATING = re.compile(
    r"(?=.{3})[0oOeé•●○◦.·*]*[689c]?[0oOeé•●○◦.·*]*|[0oeé•●○◦]{2}"
    r"|(?:[EeSsMmRrUua08]{1,3}\s+){2,}[EeSsMmRrUua08]{1,3}"
)


COUNT = re.compile(r"\d{1,2}(?:[.,]\d)?\+?")  # a skill's years of use beside it ("10", "2,5")


@cache
def _levels() -> tuple[frozenset[str], frozenset[str]]:
    levels = frozenset(normalise_label(word) for word in prose_words(lambda words: words.levels))
    headings = frozenset(normalise_label(word) for word in prose_words(lambda words: words.level_headings))
    return levels, headings


def a_level(text: str) -> bool:
    """How well a skill is mastered ("Expert", "Avanzado"), printed beside it: no skill."""
    return normalise_label(text) in _levels()[0]


def _without_its_level(text: str) -> str:
    """A line of a skill and its level in the next cell ("Sage 100  Expert"): the skill alone; a
    skills table's header over them ("Compétence  Niveau"): nothing."""
    cells = CELL_BREAK.split(text.strip())
    if len(cells) > 1 and normalise_label(cells[-1]) in _levels()[1]:
        return ""
    return "  ".join(cells[:-1]) if len(cells) > 1 and a_level(cells[-1]) else text


def _heads_levels(line: Line) -> bool:
    """A skills table's header, a column of levels among its cells ("Herramienta  Nivel  Años de uso")."""
    return len(line.cells) > 1 and any(normalise_label(cell.text) in _levels()[1] for cell in line.cells)


# Between two skills on one line: a comma, a semicolon, a middle dot, a bar, a chevron, or a dash
# with a space each side ("Gestão de marca - SEO", "Lean \u2013 SAP"; "e-mail-marketing" stays whole),
# never inside brackets ("Contract administration (JCT, NEC4)" is one skill).
ITEM_SEPARATOR = re.compile(r"(?:[,;•·|\u203a»▪]|\s[-\u2013\u2014]\s)(?![^(]*\))")
# Three items or more apart by slashes ("AutoCAD / Revit / Primus"), or two on a wrapped line ("catastali /
# Revit"); two alone are one item ("Docker / Kubernetes").
SLASHED = re.compile(r"\s/(?:\s|$)")  # a slash between items, or at the end of a line that goes on
SLASHED_ITEMS = 3


BRACKET_END = (
    24  # characters at most of an item's bracket its line wrapped ("Contract administration (AS" / "4000)")
)


def _items_under(lines: Lines, email: str | None) -> list[str]:
    """The skills after their heading; a sidebar's list ends at the owner's name (the one the
    e-mail address spells) when the name is printed under it."""
    items: list[str] = []
    bulleted = False  # the last item had a bullet: a line in lower case after it is its wrap
    split = False  # the items so far were lines split at commas: only another such line goes on
    items_line = ""  # the last line of items split at commas (one ending in a comma goes on)
    as_bullet = _misread_bullet(lines)
    for at, (_page, following) in enumerate(lines):
        stripped = as_bullet(OCR_BULLET.sub("• ", _without_its_level(following).strip()))
        wraps = items and (bulleted or _open_ended(items[-1]))  # "Modelos de previsión de" / "demanda"
        bracket_open = items and items[-1].count("(") > items[-1].count(")")  # "Excel (Power" / "Query)"
        closes = bracket_open and ")" in stripped and len(stripped) <= BRACKET_END  # "(AS" / "4000)"
        # an item that ends on "et" goes on, whatever case its next line opens with ("Incoterms")
        cut = items and _open_ended(items[-1]) and not BULLET.match(stripped)
        if closes or ((bracket_open or (wraps and stripped[:1].islower()) or cut) and _short_item(stripped)):
            items[-1] = f"{items[-1]} {stripped}"  # "Historia clínica" wrapped before "electrónica"
            continue
        if not stripped:
            if items:
                break
            continue
        if RATING.fullmatch(stripped):
            continue  # a skill's rating in dots under it, as OCR read them ("0000", "eee0e")
        if page_count().fullmatch(stripped):
            continue  # "Page 1 of 2": the list goes on over the page's foot
        if email and looks_like_person(stripped) and spells(email, stripped):
            break
        if (
            _another_heading(first_cell(stripped))
            or _another_heading(stripped)
            or (items and stripped.endswith(":"))
            or _heading_wrapped(stripped, lines[at + 1 : at + 2])
        ):
            break  # the next section, perhaps its heading in a cell before its items ("Sprachen  Deutsch"),
            # or wrapped over two lines ("Competenze" over "linguistiche")
        slashed_on = split and SLASHED.search(items_line[-2:]) is not None  # "… / Marketing digital /"
        pieces = _slashed(stripped) if slashed_on else _without_category(_pieces_of(stripped))
        if (
            split and pieces and _wrapped_at_a_join(items_line, stripped)
        ):  # "… · Budgettering" / "en forecasting · …"
            items[-1] = f"{items[-1]} {pieces[0]}"
            items.extend(pieces[1:])
            items_line = stripped.rstrip()
            continue
        if split and len(pieces) == 1 and _wraps_the_last(items_line, stripped):
            items[-1] = f"{items[-1]} {pieces[0]}"  # "…, SQL, Microsoft" / "Excel (VBA)"
            items_line = stripped
            continue
        bulleted = bool(BULLET.match(stripped))
        # a line that ends on a separator goes on: "…, Excel avançado," / "Reconciliações bancárias.";
        # or the next opens on one: "… · Heftruckcertificaat" / "· Excel"
        goes_on = split and bool(
            ITEM_SEPARATOR.search(items_line[-2:]) or ITEM_SEPARATOR.match(stripped) or slashed_on
        )
        if split and not goes_on and not (len(pieces) > 1 and all(_short_item(piece) for piece in pieces)):
            break  # lines of items split at commas end at a line that is none
        if bulleted or ((not items or split) and len(pieces) > 1) or goes_on:
            items.extend(pieces)
            split = not bulleted
            items_line = stripped.rstrip()
        elif not bulleted and len(pieces) > 1 and "," not in stripped and all(map(_short_item, pieces)):
            items.extend(pieces)  # a cloud's line of two tags after lines of one ("Python | SQL"), not a
            # category's list under its name ("Linguagens" over "TypeScript, Java, Kotlin")
        elif _short_item(stripped):
            items.append(stripped)
        else:
            break
    return _without_misread_bullets(items)


def _slashed(line: str) -> list[str]:
    """A line's items apart by slashes, however few: the wrap of a line of them that ended on one."""
    return [part.strip() for part in SLASHED.split(line) if part.strip()]


def _pieces_of(line: str) -> list[str]:
    """A line's items: apart by a separator, or a grid's cells apart by wide gaps ("AutoCAD Civil
    3D  Gestion de projets  Estimation des coûts"), each a short item; or tags ("(Figma ) ( Sketch )")."""
    tags = _tags(line)
    if tags:
        return tags
    pieces = [i.strip(BULLET_MARKS) for i in ITEM_SEPARATOR.split(line) if i.strip(BULLET_MARKS)]
    cells = [cell.strip() for cell in CELL_BREAK.split(line) if cell.strip()]
    if len(pieces) == 1 and len(cells) > 1 and all(_grid_item(cell) for cell in cells):
        return cells
    slashed = _slashed(line)
    if len(pieces) == 1 and (len(slashed) >= SLASHED_ITEMS or (len(slashed) > 1 and line[:1].islower())):
        return slashed  # "AutoCAD / Rilievo topografico / Revit", and its wrap: "catastali / Revit"
    # a separator OCR lost between two cells of a separated line ("Power BI  SAP FI/CO"), past the
    # first piece, which a category may open ("IT  Java, Kotlin")
    return pieces[:1] + [part for piece in pieces[1:] for part in _cells_apart(piece)]


def _cells_apart(piece: str) -> list[str]:
    """A piece's cells, where each is a short item; else the piece whole."""
    cells = [cell.strip() for cell in CELL_BREAK.split(piece) if cell.strip()]
    return cells if all(_grid_item(cell) for cell in cells) else [piece]


def _wrapped_at_a_join(last: str, line: str) -> bool:
    """Whether a line of items split at separators goes on with the last line's last item: that
    line ended on no separator, and this one starts with a joining word or an article in small
    letters (a paragraph's list wrapped inside "Budgettering en forecasting"), or with a word in
    small letters where the list's items start with capitals ("… Resource consents, Project" /
    "management, Contract administration")."""
    words = line.split()
    if not words or ITEM_SEPARATOR.search(last[-2:]):
        return False
    if _open_ended(ITEM_SEPARATOR.split(last)[-1]):
        return True  # "…, Impuesto de" / "Sociedades, Cierre contable": cut after a joining word
    if not words[0][:1].islower():
        return False
    joins, articles = clause_words()
    first = words[0].rstrip(",;")
    capitalised = any(piece.strip()[:1].isupper() for piece in ITEM_SEPARATOR.split(last))
    return words[0] in {*joins, *articles} or (first.isalpha() and first.islower() and capitalised)


WRAPPED_LIST = 60  # characters: a list's line this long that ends on no separator wrapped


def _wraps_the_last(items_line: str, line: str) -> bool:
    """Whether a line of one short item, under a long line of items split at separators that
    ends on none, is that line's last item wrapped ("…, ABAP-Grundkenntnisse, SQL, Microsoft" /
    "Excel (VBA)"), not an item of its own (which its line's separator would have announced)."""
    return (
        _cut_short(items_line)
        and _short_item(line)
        and not BULLET.match(line)
        and not (line.isupper() and not items_line.isupper())  # "SELECTED PROJECTS": a heading
    )


def _cut_short(items_line: str) -> bool:
    """Whether a line of items split at separators ends on none where a wrap cut it, at length."""
    return len(items_line) >= WRAPPED_LIST and not ITEM_SEPARATOR.search(items_line[-2:])


def _open_ended(item: str) -> bool:
    """Whether an item ends on a joining word or an article ("Modelos de previsión de"): its line
    wrapped, the next goes on with it."""
    words = item.split()
    joins, articles = clause_words()
    return len(words) >= 2 and words[-1].casefold() in {*joins, *articles}


def _another_heading(cell: str) -> bool:
    """Whether a cell heads another section ("Sprachen"), perhaps in capitals after what OCR read
    of its rule or icon ("SS LÍNGUAS")."""
    heading = normalise_label(cell.rstrip(":"))
    return (
        heading in _other_headings()
        or normalise_label(_without_a_rule_read(cell).rstrip(":")) in _other_headings()
    )


def _heading_wrapped(line: str, after: Lines) -> bool:
    """Whether a line's first cell and the next line's are another section's heading wrapped; a
    bulleted line is an item ("•  Análise de falhas" over "IDIOMAS": its bullet is no heading's word)."""
    if not after or BULLET.match(line):
        return False
    return _another_heading(f"{first_cell(line)} {first_cell(after[0][1].strip())}")


def _misread_bullet(lines: Lines) -> Callable[[str], str]:
    """What turns the letter OCR read for a list's bullets into a bullet: the one lower-case letter
    that opens two or more of its lines before a capital ("e Excel avançado", "e IFRS/SNC"), so
    that no such line reads as the wrap of the item above it (one will do where other bullets
    were read as signs: "e Adobe InDesign" over "+ Packaging design"); then also another lone
    letter before a capital (the last bullet read "a": "m Excel avanzado", "a Inglés C1")."""
    letters = Counter(
        match.group(1) for _page, line in lines if (match := LETTER_BEFORE_ITEM.match(line.strip()))
    )
    common = letters.most_common(1)
    signs = any(OCR_BULLET.match(line.strip()) for _page, line in lines)  # "+ Packaging design"
    if not common or common[0][1] < (1 if signs else 2):
        return lambda line: line
    # the common letter before any item ("e dbt"), another before a capital
    mark = re.compile(rf"^(?:{common[0][0]}\s+(?=\S)|[a-z]\s+(?=[A-ZÀ-Þ]))")
    return lambda line: mark.sub("• ", line)


LETTER_BEFORE_ITEM = re.compile(r"^([a-z])\s+[A-ZÀ-Þ]")
# A bullet OCR read as a letter or a sign before a skill ("m Budgeting & forecasting", "= IFRS 16").
MISREAD_BULLET = re.compile(r"^([a-z]|[^\w\s(\[\"'])\s+(?=\S)")


def _without_misread_bullets(items: list[str]) -> list[str]:
    """The items without the mark OCR read for their bullets: a lone sign before an item, or one
    lower-case letter that starts most of the items alike, or two or more before a name written
    with a capital ("a TypeScript", "a javaScript"; a real skill starts with a capital or is one
    letter only where the whole list is lower case)."""
    marks = [MISREAD_BULLET.match(item) for item in items]
    letters = Counter(mark.group(1) for mark in marks if mark and mark.group(1).isalpha())
    common = letters.most_common(1)[0] if letters else None
    before_names = common is not None and all(
        any(c.isupper() for c in item[mark.end() :])
        for item, mark in zip(items, marks, strict=True)
        if mark and mark.group(1) == common[0]
    )
    bullet = common[0] if common and common[1] >= (2 if before_names else max(2, len(items) // 2)) else None
    items = [
        item[mark.end() :] if mark and (not mark.group(1).isalpha() or mark.group(1) == bullet) else item
        for item, mark in zip(items, marks, strict=True)
    ]
    return [item for item in items if any(c.isalnum() for c in item)]  # a bullet alone ("■") is none


CATEGORY_WORDS = 2  # "IT  Java, Kotlin", "Office tools  Excel, Word": a category's name is this short


def _without_category(pieces: list[str]) -> list[str]:
    """A line of items less the category named before them, in a cell ("IT  Java, Kotlin, …",
    "EDV / Fachlich  EPLAN Electric P8, …") or with a colon ("Cloud & Tools: AWS, Terraform"); a
    first cell that names no category is an item ("ArchiCAD  Rhino 3D - AutoCAD")."""
    if len(pieces) < 2:
        return pieces
    cells = CELL_BREAK.split(pieces[0], maxsplit=1)
    in_a_cell = len(cells) == 2
    if not in_a_cell:
        cells = CATEGORY_COLON.split(pieces[0], maxsplit=1)
    if len(cells) == 2 and cells[1].strip():
        first = [] if _a_category(cells[0]) else [cells[0].strip()] if in_a_cell else None
        if first is not None:
            return [*first, cells[1].strip(), *pieces[1:]]
    return pieces


# its colon before a space, or before a capital where the space was left out ("técnicas:AutoCAD")
CATEGORY_COLON = re.compile(r"(?<=[^\W\d_]):(?:\s+|(?=[^\W\d_a-zà-ÿ]))")


# A tool with its version or a standard with its number ("Sage 1000", "ISO 13849", "Excel 2019"):
# one run of digits after a name, not a date, a phone or a postcode before its town.
VERSIONED = re.compile(r"[^\W\d_][^\d]*\s\d{4,5}")


def _versioned(line: str) -> bool:
    """A tool with its version or a standard with its number (``VERSIONED``), not a place and a
    month before a year ("Curitiba, setembro 2023": where and when the résumé was signed)."""
    words = re.findall(r"[^\W\d_]+", line)
    return (
        VERSIONED.fullmatch(line) is not None
        and "," not in line
        and not any(month_number(word) for word in words)
    )


QUALIFIER = re.compile(r"\([^()]*\)")  # a skill's qualifier: "SPS (Siemens TIA Portal, S7-1500)"
# A model's name of letters and digits ("S7-1500", "ISO/IEC", "B2"): its digits are no phone's.
MODEL = re.compile(r"(?<![\w-])(?=[\w-]*[^\W\d_])(?=[\w-]*\d)[\w-]+")


def _short_item(line: str) -> bool:
    """A skill on a line of its own: a few words, no sentence, no date range, no contact detail
    or label (a sidebar's "E-mail", "Phone" under the skills)."""
    return (
        len(line) <= 48
        and len(line.split()) <= 6
        and not line.endswith((".", ":"))
        and (not YEARS.search(line) or _versioned(line))  # "Incoterms 2020", not "Curitiba, setembro 2023"
        and "@" not in line
        and (
            sum(c.isdigit() for c in MODEL.sub("", QUALIFIER.sub("", line))) < 4
            or VERSIONED.fullmatch(BULLET.sub("", line).strip()) is not None  # "■ ISO 14001"
        )
        and not label_index(()).names_a_label(line)
    )


@cache
def _other_headings() -> frozenset[str]:
    return headings_other_than("skills")
