"""Grouping words into lines and cells: the geometry every reader shares."""

from __future__ import annotations

import io

import pypdfium2
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from batches.processing.layout.geometry import group_lines
from batches.processing.layout.model import Word
from batches.processing.layout.pdf import page_words


def test_words_at_the_same_place_are_grouped_without_comparing_words():
    # OCR may return two boxes at one spot (a stamp over print): sorting must not compare Words
    words = [Word("TOTAL", 10, 10, 40, 20), Word("T0TAL", 10, 10, 40, 20), Word("9.90", 80, 10, 100, 20)]
    lines = group_lines(words, page=1)
    assert [[cell.text for cell in line.cells] for line in lines] == [["TOTAL T0TAL", "9.90"]]


def test_a_large_title_beside_two_small_lines_keeps_them_apart():
    words = [
        Word("Harbor", 45, 49.5, 88, 65.0),
        Word("INVOICE", 400, 45, 500, 75),
        Word("202", 45, 65.7, 60, 76.3),
        Word("Street", 63, 65.7, 90, 76.3),
    ]
    lines = group_lines(words, page=1)
    assert [line.text for line in lines] == ["Harbor  INVOICE", "202 Street"]


def _typed(text: str, x: float, *, pitch: float = 5.4, y: float = 10.0) -> Word:
    """A word in a fixed-pitch font: every character ``pitch`` wide, glyphs 6.5 high."""
    return Word(text, x, y, x + pitch * len(text), y + 6.5, size=9.0)


def test_a_fixed_pitch_receipt_line_keeps_one_space_inside_a_cell_and_cuts_at_two():
    # a till receipt's line: "Paid by Cash" then the amount far right; one space is 5.4 wide,
    # wider than the cell gap of a proportional line (0.6 of the 6.5 glyph height)
    words = [_typed("Paid", 14), _typed("by", 41), _typed("Cash", 57.2), _typed("25.00", 204)]
    (line,) = group_lines(words, page=1, cell_gap=0.6)
    assert [cell.text for cell in line.cells] == ["Paid by Cash", "25.00"]
    # two spaces between words of a fixed-pitch line still cut a cell
    words = [_typed("Contanti", 14), _typed("Bancomat", 14 + 5.4 * 10)]
    (line,) = group_lines(words, page=1, cell_gap=0.6)
    assert [cell.text for cell in line.cells] == ["Contanti", "Bancomat"]


def test_a_proportional_line_cuts_at_the_same_gap_as_before():
    # words of different widths per character: the height rule alone decides
    words = [
        Word("Illinois", 10, 10, 40, 16.5),
        Word("WWW", 45.5, 10, 75, 16.5),
        Word("Total", 80, 10, 100, 16.5),
    ]
    (line,) = group_lines(words, page=1, cell_gap=0.6)
    assert [cell.text for cell in line.cells] == ["Illinois", "WWW", "Total"]


def test_a_soft_hyphen_where_a_line_broke_reads_as_a_hyphen():
    # office suites print a word broken at a line end with a soft hyphen; pdfium reports U+FFFE
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    pdfmetrics.registerFont(TTFont("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    drawing.setFont("DejaVuSans", 10)
    drawing.drawString(50, 700, "MH\u00ad")
    drawing.drawString(50, 688, "1638")
    drawing.save()
    page = pypdfium2.PdfDocument(buffer.getvalue())[0]  # kept: its handle lives as long as it does
    words, _width, _height = page_words(page.raw)
    assert [word.text for word in words] == ["MH-", "1638"]
