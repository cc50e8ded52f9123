"""Grouping words into lines and cells: the geometry every reader shares."""

from __future__ import annotations

from batches.processing.layout.geometry import group_lines
from batches.processing.layout.model import Word


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
