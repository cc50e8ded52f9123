"""A résumé's owner: the name its e-mail address spells, else the first line that reads
as a name, or a name printed large over two lines at the top."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.found import (
    CELL_BREAK,
    Found,
    Lines,
    all_headings,
    first_cell,
    first_line,
)
from batches.processing.builtin.fallbacks.names import (
    PARTICLE,
    UMLAUTS_SPELLED_OUT,
    looks_like_person,
    spells,
)
from batches.processing.builtin.fallbacks.skills import bullets
from batches.processing.builtin.receipts import a_title
from batches.processing.builtin.values import without_full_stop
from batches.processing.layout.model import Layout
from batches.processing.vocab import field_labels, normalise_label


def _cells_that(lines: Lines, predicate: Callable[[str], Any]) -> Iterator[tuple[str, int, str]]:
    """Each cell of every line that the predicate accepts, with its page and line, in reading
    order: a name beside a sidebar ("Contact        MARGAUX PERRIN") is a line's second cell."""
    for page, line in lines:
        for cell in CELL_BREAK.split(line.strip()):
            if cell and predicate(cell):
                yield cell, page, line.strip()


def person(lines: Lines, text: str) -> Found | None:
    """The line that reads as a name and is the one the e-mail address spells
    ("Amelia Whitfield" for amelia.whitfield@…, "Sergio Romero" for sromero86@…), else the first
    line (or its first cell: "Noah Fernández      Resume") that reads as a name."""
    email = norm.parse_email(text)
    if email:
        spelled = next(
            (
                (name, page, line)
                for cell, page, line in _cells_that(lines, bool)
                if looks_like_person(name := _without_post_nominals(LEADING_MARKS.sub("", cell)))
                and spells(email, name)
            ),
            None,
        )
        spelled = spelled or next(
            (
                (name, page, line.strip())
                for page, line in lines
                if (name := _spaced_name(line)) and looks_like_person(name) and spells(email, name)
            ),
            None,
        )
        if spelled:
            name, page, line = spelled
            return Found(without_full_stop(_without_name_label(name)), page, line, 0.7)
        letters = _letters_as_spelled(lines, email)
        if letters:
            return letters
    listed = bullets(lines, text)
    skills = {normalise_label(item) for item in listed.value} if listed else set()
    hit = first_line(
        lines,
        lambda line: looks_like_person(first_cell(line)) and normalise_label(first_cell(line)) not in skills,
    )
    return Found(first_cell(hit[1]), hit[0], hit[1], 0.5) if hit else None


# Letters after a name for a degree or a membership ("CEng MIStructE", "PhD", ", CPA"): a word
# with a capital inside it, or capitals after a comma; the name is the words before them.
# (not a surname's prefix: "McDonald", "DeVries", "LaFontaine", "VanDyke")
POST_NOMINALS = re.compile(
    r"(?:\s+(?!(?:Mc|Mac|D[aeiu]|L[ae]|V[ao]n)[A-Z])[A-Z][a-z]*[A-Z][A-Za-z]*\.?|,\s*[A-Z]{2,5}\.?)+$"
)


CAPITALS_AFTER_A_COMMA = re.compile(r",\s*[A-Z]{2,5}\.?$")


def _without_post_nominals(name: str) -> str:
    """The name without the letters after it; a name in capitals has its words only ("LUIS
    ALBERTO CANCHÉ PECH": every word has a capital inside it)."""
    shorter = (CAPITALS_AFTER_A_COMMA if name.isupper() else POST_NOMINALS).sub("", name)
    return shorter if len(shorter.split()) >= 2 else name


# What OCR reads of a photo's or an icon's edge before a name: signs, a lone small letter ("% à").
LEADING_MARKS = re.compile(r"^(?:(?:[^\w\s]{1,3}|[a-zà-ÿ])\s+)+(?=[A-ZÀ-Þ])")


def _spaced_name(line: str) -> str | None:
    """A name letter-spaced so wide that each of its words is a cell ("LUCÍA   QUISPE   HUAMÁN"):
    the words joined; None for any other line."""
    cells = CELL_BREAK.split(line.strip())
    if 2 <= len(cells) <= SPACED_NAME_WORDS and all(
        re.fullmatch(r"[^\W\d_]+(?:['-][^\W\d_]+)*", cell) for cell in cells
    ):
        return " ".join(cells)
    return None


SPACED_NAME_WORDS = 4


def _letters_as_spelled(lines: Lines, email: str) -> Found | None:
    """A name letter-spaced so that OCR read its letters in runs that are no words ("CA M L L E R
    O C HAT"), whose letters are nearly those of the e-mail address's words ("camille.rochat"):
    the address's words, as a name, where OCR lost or misread a letter or two."""
    parts = [part for part in re.split(r"[._-]", email.split("@", 1)[0]) if part.isalpha()]
    if not 2 <= len(parts) <= SPACED_NAME_WORDS:
        return None
    spelled = "".join(parts).casefold()
    for page, line in lines[:NAME_TOP_LINES]:
        runs = first_cell(line).split()
        letters = normalise_label("".join(runs)).replace(" ", "")
        if len(runs) >= LETTER_RUNS and sum(map(len, runs)) <= 2 * len(runs) and _nearly(letters, spelled):
            return Found(" ".join(part.capitalize() for part in parts), page, line.strip(), 0.5)
    return None


LETTER_RUNS = 5  # a letter-spaced name reads as this many runs of a letter or two at least


def _nearly(read: str, spelled: str) -> bool:
    return difflib.SequenceMatcher(None, read, spelled).ratio() >= SPELLED_NEARLY


SPELLED_NEARLY = 0.85
NAME_TOP_LINES = 6  # a résumé's name in large letters is among its first lines
NAME_SIZE = 1.3  # that many times the page's usual font size
SURNAME_SIZE = 0.8  # the surname under it at least this part of its size


def name_over_two_lines(layout: Layout, text: str) -> Found | None:
    """A résumé's name printed large over two lines at the top, first name over surname
    ("Andrés" / "Villaseñor Ruiz", "Camille" / "FOURNIER-LAGARDE"), the lines in one column
    beside whatever a sidebar prints between them; the e-mail address, if any, spells it."""
    page = layout.pages[0] if layout.pages else None
    sizes = sorted(w.size for line in page.lines for w in line.words if w.size) if page else []
    if not sizes:
        return None
    usual, email = sizes[len(sizes) // 2], norm.parse_email(text)
    for row, line in enumerate(page.lines[:NAME_TOP_LINES]):
        first = line.cells[0]
        size = first.words[0].size
        if size < NAME_SIZE * usual or not _a_name_part(first.text):
            continue
        below = next(  # a monogram may stand left of the surname ("IB  BERTHELOT")
            (
                cell
                for other in page.lines[row + 1 :]
                for cell in other.cells
                if abs(cell.x0 - first.x0) < size
            ),
            None,
        )
        if " " in first.text.strip() and not (below and email and _in_address(email, below.text)):
            continue  # a whole name on its line ("Sébastien Leclerc"), unless the address holds the
            # surname under it ("María Florencia" / "GUTIÉRREZ" of mflorencia.gutierrez@)
        if below is None or below.words[0].y0 - first.words[0].y1 > 2 * size or not _a_name_part(below.text):
            return None
        name = f"{first.text} {below.text}"
        spelled = email is not None and spells(email, name)
        if below.words[0].size < SURNAME_SIZE * size and not spelled:
            return None  # a job title under a first name is smaller ("Anouk" / "Verpleegkundige"); a
            # surname OCR boxed smaller is the one the e-mail address spells ("Giulia" / "Marchetti")
        if looks_like_person(name) and (email is None or spelled):
            return Found(name, line.page, name, 0.6)
        return None
    return None


def _in_address(email: str, surname: str) -> bool:
    """Whether a word of four letters or more of a surname is in an e-mail's local part ("Soto
    Valenzuela" of rodrigo.soto.v@)."""
    local = normalise_label(email.split("@", 1)[0].translate(UMLAUTS_SPELLED_OUT)).replace(" ", "")
    words = [w for w in normalise_label(surname.translate(UMLAUTS_SPELLED_OUT)).split() if len(w) >= 4]
    return any(word in local for word in words)


def _a_name_part(text: str) -> bool:
    """One to three capitalised words and a name's particles ("van den Berg"), no digit, no
    heading, no document's title ("Lebenslauf" over "Jonas Weber"): a first name or a surname."""
    words = text.split()
    if not words or re.search(r"[\d@:,]", text) or normalise_label(text) in all_headings() or a_title(text):
        return False
    names = [word for word in words if not PARTICLE.fullmatch(word)]
    return 0 < len(names) <= 3 and all(word[:1].isupper() for word in names)


def _without_name_label(cell: str) -> str:
    """A name without the label a flattened table left before it ("Nombre Javier Vázquez Ruiz"),
    even a weak one, when what follows reads as a name."""
    words = cell.split()
    for count in range(min(3, len(words) - 2), 0, -1):
        if normalise_label(" ".join(words[:count])) in _name_labels() and looks_like_person(
            " ".join(words[count:])
        ):
            return " ".join(words[count:])
    return cell


@cache
def _name_labels() -> frozenset[str]:
    return frozenset(label.normalised for label in field_labels("full_name"))
