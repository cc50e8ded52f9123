"""The layout model's data: words with boxes, grouped into lines, cells and tables on pages.

Coordinates: origin at the page's top-left, ``y`` grows downwards, one unit per point for PDFs
(pixels scaled to points for OCR, one unit per character column and per line for text formats
laid out on a grid). Geometry tests are relative to the words' height, never absolute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Source(StrEnum):
    """Where a page's words came from: the sources of extracted values say so."""

    TEXT_LAYER = "text"  # a PDF's own text
    OCR = "ocr"  # recognised from pixels
    STRUCTURE = "structure"  # DOCX/HTML/XLSX/CSV/TXT laid out on a character grid


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float = 0.0  # font size (PDF) or glyph height; 0 when unknown
    confidence: float = 1.0  # OCR's confidence, 0..1; 1.0 for text layers and structure
    line: int = 0  # the OCR engine's own text line this word was read in (0: none said)

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def center_y(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class Cell:
    """Words that belong together on a line: separated from their neighbours by a wide gap."""

    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def read_poorly(self) -> bool:
        """OCR's reading of a stamp, a rule or an icon, not text ("SE SN Kan zum mus" at 28 %)."""
        return sum(w.confidence for w in self.words) / len(self.words) < NOISE_CONFIDENCE


# A cell OCR read at under this confidence on average is noise, not text.
NOISE_CONFIDENCE = 0.5


@dataclass(slots=True)
class Line:
    cells: list[Cell]
    page: int  # 1-based
    index: int = 0  # position in the document's reading order (all pages)

    @property
    def words(self) -> list[Word]:
        return [w for c in self.cells for w in c.words]

    @property
    def text(self) -> str:
        return "  ".join(c.text for c in self.cells)

    @property
    def x0(self) -> float:
        return self.cells[0].x0

    @property
    def x1(self) -> float:
        return self.cells[-1].x1

    @property
    def y0(self) -> float:
        return min(w.y0 for c in self.cells for w in c.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for c in self.cells for w in c.words)

    @property
    def height(self) -> float:
        return max((w.y1 - w.y0) for c in self.cells for w in c.words)

    @property
    def confidence(self) -> float:
        return min(w.confidence for c in self.cells for w in c.words)


@dataclass(slots=True)
class Table:
    """A grid of cell texts: from a real table (DOCX/HTML/XLSX/CSV) or found by column alignment."""

    rows: list[list[str]]
    page: int
    lines: list[Line] = field(default_factory=list)  # the lines it was found in (geometry tables)


@dataclass(slots=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    source: Source
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(slots=True)
class Layout:
    kind: str  # the reader: pdf, docx, html, xlsx, csv, text, json, image
    pages: list[Page] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]

    @property
    def text(self) -> str:
        return "\n".join(page.text for page in self.pages)

    @property
    def ocr_pages(self) -> int:
        return sum(page.source is Source.OCR for page in self.pages)
