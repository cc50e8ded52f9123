"""PDF text layers → words with boxes, from pypdfium2's character boxes.

``get_text_range`` alone joins table cells with one space ("Headset 2 2 118,76"); the boxes
keep the gaps, so columns survive. Only the first and last character of each word are asked
for their box (one ctypes call each); a word whose span is wider than its characters can fill
is split at its real gaps, character by character.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable
from typing import Any

from pypdfium2 import raw

from batches.processing.layout.model import Word

WORD = re.compile(r"\S+")
# Characters are at most this many line heights wide on average; a wider word hides a gap.
MAX_CHAR_WIDTH = 0.9
# Inside a word, a jump wider than this many heights is a gap pdfium did not mark with a space.
INNER_GAP = 0.6
# Letters printed letter-spaced ("F A C T U U R N U M M E R") stand this close or closer, in
# heights of their box; a word's space is wider (about a quarter of a font size, a fifth of a box).
LETTER_GAP = 0.18
WIDE_LETTER_GAP = 0.35  # between single capitals: spacing so wide each letter is a piece
SPACED_PIECE = 4  # pdfium breaks a letter-spaced word into pieces of at most this many letters
SPACED_RUN = 3  # and a letter-spaced word is this many pieces at least


def page_words(page: Any) -> tuple[list[Word], float, float]:
    """The words of one page (pdfium's bare page handle, ``FPDF_LoadPage``'s) with boxes (origin
    top-left) and the page's width and height."""
    width, height = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
    # the bare text page: ctypes calls without the helper's finalizer and property lookups
    handle = raw.FPDFText_LoadPage(page)
    if not handle:
        return [], width, height
    try:
        text = _text(handle).replace("\ufffe", "-")  # pdfium's mark for a line-broken hyphen ("MH-1638")
        words = []
        box = raw.FS_RECTF()
        for match in WORD.finditer(text):
            words.extend(_word(handle, box, match.group(0), match.start(), height))
    finally:
        raw.FPDFText_ClosePage(handle)
    return _letter_spacing_closed(words), width, height


def _letter_spacing_closed(words: list[Word]) -> list[Word]:
    """A word printed letter-spaced as one word: pdfium marks a space wherever the spacing looks
    like a word's gap ("FACT U U R N U M M ER", "VERVAL DAT U M", "K E N N T N ISSE")."""
    out: list[Word] = []
    run: list[Word] = []
    piece = False  # whether the run's last word is a few letters, as a spaced word's pieces are
    for word in words:
        was_piece, piece = piece, len(word.text) <= SPACED_PIECE and word.text.isalpha()
        if was_piece and piece and _spaced_on(run[-1], word, WIDE_LETTER_GAP):
            run.append(word)
            continue
        out.extend(_closed(run) if len(run) >= SPACED_RUN else run)  # most words stand alone
        run = [word]
    out.extend(_closed(run) if len(run) >= SPACED_RUN else run)
    return out


def _closed(run: list[Word]) -> list[Word]:
    """Pieces of a few letters a little apart: one word where most are single capitals (spacing
    so wide each letter stands alone); else each stretch whose pieces stand closer than any word's
    space, three or more with a single letter among them, as one word."""
    singles = sum(len(piece.text) == 1 for piece in run)
    if len(run) >= SPACED_RUN and singles * 2 > len(run) and all(piece.text.isupper() for piece in run):
        return [_joined(run)]
    out: list[Word] = []
    for stretch in _runs(run, lambda before, piece: _spaced_on(before, piece, LETTER_GAP)):
        spaced = len(stretch) >= SPACED_RUN and any(len(piece.text) == 1 for piece in stretch)
        out.extend([_joined(stretch)] if spaced else stretch)
    return out


def _runs(words: list[Word], goes_on: Callable[[Word, Word], bool]) -> list[list[Word]]:
    """The words in runs, each word after the one before it where ``goes_on`` says so."""
    runs: list[list[Word]] = []
    for word in words:
        if runs and goes_on(runs[-1][-1], word):
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _a_spaced_piece(word: Word) -> bool:
    return len(word.text) <= SPACED_PIECE and word.text.isalpha()


def _spaced_on(before: Word, word: Word, widest: float) -> bool:
    """Whether ``word`` may be the next piece of a letter-spaced word ``before`` ends: a few letters
    on its line, at most ``widest`` heights after it."""
    height = max(before.height, 1e-6)
    return (
        _a_spaced_piece(before)
        and _a_spaced_piece(word)
        and abs(word.y0 - before.y0) < 0.3 * height
        and abs(word.height - before.height) < 0.1 * height
        and 0 <= word.x0 - before.x1 < widest * height
    )


def _joined(run: list[Word]) -> Word:
    first, last = run[0], run[-1]
    bottom = max(piece.y1 for piece in run)
    return Word("".join(piece.text for piece in run), first.x0, first.y0, last.x1, bottom, first.size)


def _text(handle) -> str:
    """The page's characters, one per char index (the boxes are asked for by index)."""
    count = raw.FPDFText_CountChars(handle)
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (2 * count + 2))()  # room to spare: pdfium may write past count
    written = raw.FPDFText_GetText(handle, 0, count, buffer)
    text = bytes(memoryview(buffer)[: max(written - 1, 0)]).decode("utf-16-le", errors="ignore")
    if len(text) != count:  # a text range that does not map 1:1 to char indices
        text = "".join(chr(raw.FPDFText_GetUnicode(handle, i) or 32) for i in range(count))
    return text


def _char_box(textpage, box, index: int, page_height: float) -> tuple[float, float, float, float]:
    raw.FPDFText_GetLooseCharBox(textpage, index, box)
    return box.left, page_height - box.top, box.right, page_height - box.bottom


def _word(textpage, box, text: str, start: int, page_height: float) -> list[Word]:
    get_box = raw.FPDFText_GetLooseCharBox
    get_box(textpage, start, box)
    left, top, bottom = box.left, page_height - box.top, page_height - box.bottom
    if len(text) > 1:
        get_box(textpage, start + len(text) - 1, box)
    right, last_top, last_bottom = box.right, page_height - box.top, page_height - box.bottom
    line_height = max(bottom - top, 1e-6)
    span = right - left
    if (
        abs(last_top - top) < 0.5 * line_height
        and 0 <= span <= MAX_CHAR_WIDTH * line_height * len(text) + line_height
    ):
        # a loose box is about 1.2 font sizes tall: its height stands for the size
        return [Word(text, left, top, right, max(bottom, last_bottom), line_height / 1.2)]
    return _split_word(textpage, box, text, start, page_height, line_height / 1.2)


def _split_word(textpage, box, text: str, start: int, page_height: float, size: float) -> list[Word]:
    """Char by char: a new word wherever the next character jumps right or to another line."""
    pieces: list[Word] = []
    chars: list[str] = []
    left = top = right = bottom = 0.0
    for offset, char in enumerate(text):
        x0, y0, x1, y1 = _char_box(textpage, box, start + offset, page_height)
        height = max(y1 - y0, bottom - top, 1e-6)
        if chars and (x0 - right > INNER_GAP * height or x0 < left or abs(y0 - top) > 0.5 * height):
            pieces.append(Word("".join(chars), left, top, right, bottom, size))
            chars = []
        if not chars:
            left, top, bottom = x0, y0, y1
        chars.append(char)
        right, bottom = x1, max(bottom, y1)
    if chars:
        pieces.append(Word("".join(chars), left, top, right, bottom, size))
    return pieces
