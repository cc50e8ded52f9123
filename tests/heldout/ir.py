"""A small page description shared by the PDF, DOCX, HTML and text writers.

A layout builds a ``Doc`` of blocks in reading order; each writer draws the blocks its own way (the PDF
writer places them on the page, the DOCX writer uses Word tables for side-by-side parts, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Text:
    """Lines printed as they are (addresses, headers); ``wrap`` lets long lines wrap."""

    lines: list[str]
    size: float = 9.5
    bold: bool = False
    align: str = "left"  # left | center | right
    gray: bool = False
    first_bold: bool = False  # first line bold and larger (a company name over its address)
    space_after: float = 6
    pre: bool = False  # fixed-width lines kept as they are (thermal receipts)


@dataclass
class Para:
    text: str
    size: float = 9.5
    align: str = "left"
    space_after: float = 8
    italic: bool = False


@dataclass
class Heading:
    text: str
    size: float = 12
    rule: bool = False  # a line under it
    caps: bool = False
    space_after: float = 4


@dataclass
class KV:
    """Label/value pairs.

    styles: colon (label column, "Label:" then value), plain (no colon), inline ("Label: value" as one
    string), dots (label, dot leaders, value at the right), boxes (each pair in a box, label above value),
    below (value with its label under it), right (value first, label to its right), columns (a column
    of all labels beside a column of all values), totals (right-hand block, amounts right-aligned).
    """

    pairs: list[tuple[str, str]]
    style: str = "colon"
    size: float = 9.5
    per_row: int = 4
    bold_values: bool = False
    bold_last: bool = False
    label_bold: bool = False
    frac: float = 0.45  # width of a totals block
    space_after: float = 8


@dataclass
class Row:
    """Columns side by side (parties, sidebar + main, footer columns)."""

    cols: list[list]
    widths: list[float] | None = None
    shade: list[bool] | None = None
    border: bool = False
    gap: float = 14
    space_after: float = 10


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    aligns: list[str]
    widths: list[float]
    style: str = "lines"  # lines | grid | zebra | plain
    size: float = 8.8
    space_after: float = 8
    bold_rows: list[int] = field(default_factory=list)


@dataclass
class Bullets:
    items: list[str]
    size: float = 9.5
    bullet: str = "•"
    columns: int = 1
    space_after: float = 8


@dataclass
class Rule:
    space_after: float = 6


@dataclass
class Space:
    h: float = 10


@dataclass
class Box:
    blocks: list
    shade: bool = False
    border: bool = True
    space_after: float = 10


@dataclass
class PageBreak:
    pass


@dataclass
class Doc:
    blocks: list
    page: str = "a4"  # a4 | letter | receipt
    font: str = "helvetica"
    base: float = 9.5
    footer: list[str] = field(default_factory=list)
    page_label: str = ""  # "Page {i} of {n}"
    title: str = ""
    margin: float = 46
    receipt_width_mm: float = 80
    chars: int = 42  # a receipt's line width in characters (text output)
    accent: tuple[float, float, float] = (0.92, 0.92, 0.92)  # fill of shaded parts
    header_lines: list[str] = field(default_factory=list)  # DOCX page header (vendor letterhead)
