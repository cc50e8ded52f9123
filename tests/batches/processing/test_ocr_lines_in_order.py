"""A scan's lines in reading order: a column of specks OCR read into one row's text line, down
over the rows above and below it, moves that row nowhere, even where some other word on the page
came with no text line of the OCR engine's own (set RM's Dutch wholesale invoice)."""

from __future__ import annotations

from batches.processing.layout.geometry import group_lines
from batches.processing.layout.model import Word


def _word(text: str, x0: float, y0: float, line: int, height: float = 7) -> Word:
    return Word(text, x0, y0, x0 + 6 * len(text), y0 + height, confidence=0.9, line=line)


def test_a_rows_specks_down_a_column_move_it_nowhere_beside_a_word_of_no_text_line():
    words = [_word("Frituurvet", 115, 297, 1), _word("130,50", 529, 298, 1)]
    words += [_word("Friet", 115, 312, 2), _word("105,60", 529, 312, 2)]
    words += [_word("Mayonaise", 115, 357, 3), _word("46,80", 534, 357, 3)]
    words += [_word(speck, 353, y, 3) for speck, y in (("U", 298), ("DOWD", 313), ("NN", 342), ("ODO", 415))]
    words += [_word("Koffiebonen", 115, 371, 4), _word("91,40", 534, 371, 4)]
    words.append(_word("Totaal", 115, 430, 0))  # a word OCR gave no text line of its own
    lines = group_lines(words, page=1)
    assert [line.cells[0].text for line in lines] == [
        "Frituurvet",
        "Friet",
        "Mayonaise",
        "Koffiebonen",
        "Totaal",
    ]
