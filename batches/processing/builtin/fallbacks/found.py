"""What every finder shares: the ``Found`` it returns, the ``(page, line)`` pairs it reads,
and the small readers of a line's cells, its bullets, a year and a section's heading."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from batches.processing.vocab import SECTION_KINDS, section_headings

Lines = list[tuple[int, str]]


@dataclass
class Found:
    value: Any
    page: int | None
    snippet: str
    confidence: float
    notes: list[str] = field(default_factory=list)


YEARS = re.compile(r"\b(?:19|20)\d{2}\b")


def first_line(lines: Lines, predicate: Callable[[str], Any]) -> tuple[int, str] | None:
    for page, line in lines:
        if line.strip() and predicate(line.strip()):
            return page, line.strip()
    return None


CELL_BREAK = re.compile(r"\s{2,}|\s[|·•]\s|\t")  # wide spaces, a tab or a " | " between two cells


def first_cell(line: str) -> str:
    """A letterhead's name is its line's first cell: "Harbor Labs PLC      INVOICE", "Bianchi &
    Romano Sagl · Via Garibaldi 172 · 6500 Bellinzona"."""
    return CELL_BREAK.split(line.strip(), maxsplit=1)[0]


LETTER_SPACED = re.compile(r"[^\W\d_]{1,4}(?: [^\W\d_]{1,4}){3,}")


def letter_spacing_closed(text: str) -> str:
    """A heading printed letter-spaced, read as one word ("K E N N T N ISSE", "SP R A C H E N": the
    text layer breaks it where the spacing looks like a word's gap); other text as it is."""
    pieces = text.split()
    if LETTER_SPACED.fullmatch(text) and sum(len(piece) == 1 for piece in pieces) * 2 >= len(pieces):
        return "".join(pieces)
    return text


@cache
def all_headings() -> frozenset[str]:
    return frozenset(h for kind in SECTION_KINDS for h in section_headings(kind))
