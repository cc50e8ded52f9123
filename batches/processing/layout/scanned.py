"""Scanned pages into the layout model: OCR's words, scaled to points, grouped into lines.

Images (PNG, JPEG, TIFF, GIF) are read page by page; a PDF page with no text layer is
rendered and read the same way, so a mixed PDF keeps its text pages and OCRs the rest.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import time
from collections import Counter
from dataclasses import replace
from typing import Any

from PIL import Image

from batches.processing import vocab
from batches.processing.base import FILE_TOO_LARGE, ProcessingError
from batches.processing.layout import ocr, paper
from batches.processing.layout.geometry import group_lines, levelled, skew, wider_than_its_letters
from batches.processing.layout.model import Line, Page, Source, Word
from batches.processing.layout.respell import with_accents, with_language_read_back, with_letters_of

PAGE_SECONDS = 60.0  # OCR of one page; the task's own time limit is the backstop
MAX_OCR_PAGES = 100
# OCR's word boxes are tight around the glyphs: a cell gap is wider than on a PDF line.
OCR_CELL_GAP = 1.2
# Fewer legible words than this and a page is read again with its contrast stretched (the real
# receipts: three pale prints gave 0 to 3, every other page 40 or more).
FAINT_WORDS = 25
MIN_RETRY_SECONDS = 5.0
# When a page is still read faintly, or fewer than this share of its words are legible (the rest
# is noise read in a shadow or a grey box), it is read again with adaptive thresholding...
POOR_SHARE = 0.6
# ... and the adaptive reading is kept when it reads this many times the legible words: on the
# tuning scan that needs it, 123 against 15; on a real receipt photo that does not, 93 against
# 85, with fewer fields right.
ADAPTIVE_GAIN = 1.5
# An English page read at this mean confidence or more is not read by the other engine: on the
# real receipts, 0.819 with every page, 0.813 with those under 0.9 (most photos), 0.798 under 0.87;
# a clean page (0.96) spends several times its first reading's time for nothing.
SURE_READING = 0.9
SPARSE_CONFIDENCE = 0.5  # a word only the sparse reading saw is added from this confidence
PIECE_WIDTH = 0.7  # a whole word's box is at least this share of its piece's width per character
SPACE_SHARE = 0.25  # of a word's height: closer than this, two words are one run together
# A word of this few letters or digits read below this confidence is a speck, not text.
SPECK_LETTERS = 3
# A word of nothing but bars and brackets is a table's ruling line read as text ("|", "||", "[").
# Stars with a hash or a rule's signs among them are a till slip's decoration ("*#**  TOTAL"); stars
# alone mask an account's digits ("**** 9839").
RULE = re.compile(r"[|\[\]!]+|(?=[*#~=_]*[#~=_])[*#~=_]{2,}")
SPECK_CONFIDENCE = 0.5
# A word less tall than this share of the page's usual word is a dot of dirt read as a letter
# ("2" 1.2 pt high on a line of 7.4 pt text): superscripts and fine print are over half.
DOT = 0.35
# ... but a dash is as thin as a dot and wider than high, and OCR reads it surely ("Website redesign
# - UX wireframes": "-" 7 px by 4 on a line 20 px high, at 93 %).
DASHES = frozenset("-\u2013\u2014")
SURE_DASH = 0.8
MIN_SLOPE = 0.008  # half a degree: below it a tilt moves a line by less than its noise
LEVEL_SLOPE = 0.012  # seven tenths of a degree: a tilt Tesseract's own line finding may cross columns at


def image_page(image: Image.Image, *, number: int) -> Page:
    """One page image → a page of lines, in points (72 per inch; 72 dpi assumed when unknown); a
    photo of a page on a table is read as the page alone, made flat (``paper.page_on_table``)."""
    page = paper.page_on_table(image)
    if page is not None:
        page.info.update(image.info)
        image = page
    dpi = float((image.info.get("dpi") or (72, 72))[0] or 72)  # a page turned level keeps no info
    image, words = _read(image, number, photo=page is not None)  # the page turned level, if it was
    scale = 72.0 / dpi
    scaled = [
        replace(w, x0=w.x0 * scale, y0=w.y0 * scale, x1=w.x1 * scale, y1=w.y1 * scale, size=w.size * scale)
        for w in words
    ]
    return Page(number, image.width * scale, image.height * scale, Source.OCR, lines_of(scaled, page=number))


# OCR engines print typographic quotes whatever the glyph looked like (a closing double quote for
# the inch mark of '14"'), and read a speck before a word as an opening one: a word opening a
# quote it never closes.
_OPENING, _CLOSING = "\u2018\u201c\u201e", "\u2019\u201d"
_STRAIGHT = str.maketrans(dict.fromkeys("\u2018\u2019\u201a", "'") | dict.fromkeys("\u201c\u201d\u201e", '"'))


def _straight_quotes(text: str) -> str:
    if len(text) > 1 and text[0] in _OPENING and text[1].isalnum() and not any(c in _CLOSING for c in text):
        text = text[1:]
    return text.translate(_STRAIGHT)


def lines_of(words: list[Word], *, page: int) -> list[Line]:
    """OCR words → lines, levelled first when the photo is tilted: on a receipt shot at two
    degrees, "Total :" and its amount at the right edge sit half a line apart."""
    slope = skew(words)
    if abs(slope) > MIN_SLOPE:
        words = levelled(words, slope)
    usual = statistics.median([w.y1 - w.y0 for w in words]) if words else 0.0
    words = _ampersands_read_as_euros(_litres_read_as_bars(_without_doubles(words)))
    words = [
        _cleaned(w)
        for w in words
        if not RULE.fullmatch(w.text) and not _a_dot(w, usual) and not _a_rule_read_as_letters(w)
    ]
    words = _without_logos(words)
    lines = group_lines(words, page=page, cell_gap=OCR_CELL_GAP)
    return [line for line in lines if not all(_speck(word) for word in line.words)]


def _without_doubles(words: list[Word]) -> list[Word]:
    """The words less a second reading of one printed line: a ghost print or a shaken photo's
    double strike, read twice a few pixels apart ("cash, cash, debit debit"), each word's box over
    half the other's, its letters the same or a part of them ("collection. llection."), for most
    of the second reading's words (``GHOST_SHARE``)."""
    doubles: dict[int, list[Word]] = {}  # by the OCR line of the second reading
    ordered = sorted(words, key=lambda w: w.x0)
    for at, word in enumerate(ordered):
        for other in itertools.takewhile(lambda o, word=word: o.x0 < word.x1, ordered[at + 1 :]):
            if _read_twice(word, other):
                second = other if _letters(other) in _letters(word) else word
                doubles.setdefault(second.line, []).append(second)
    worded = Counter(word.line for word in words if len(_letters(word)) >= DOUBLE_LETTERS)
    dropped = {  # a ghost line repeats most of its words; a stamp's few letters over a name do not
        id(word)
        for line, seconds in doubles.items()
        if len(seconds) >= GHOST_SHARE * worded[line]
        for word in seconds
    }
    return [word for word in words if id(word) not in dropped] if dropped else words


def _read_twice(word: Word, other: Word) -> bool:
    """Whether two words are one printed word read twice: each box over half the other's across
    and down, the letters of one inside the other's."""
    across = min(word.x1, other.x1) - max(word.x0, other.x0)
    down = min(word.y1, other.y1) - max(word.y0, other.y0)
    narrower = min(word.x1 - word.x0, other.x1 - other.x0)
    lower = min(word.y1 - word.y0, other.y1 - other.y0)
    first, second = _letters(word), _letters(other)
    return (
        narrower > 0
        and across >= DOUBLE_SHARE * narrower
        and down >= DOUBLE_SHARE * lower
        and len(min(first, second, key=len)) >= DOUBLE_LETTERS
        and (second in first or first in second)
    )


DOUBLE_SHARE = 0.5
GHOST_SHARE = 0.6  # of a line's words of three letters or more read twice: a ghost line
DOUBLE_LETTERS = 3  # "t" inside "at" is no second reading: a word of three letters at least


def _litres_read_as_bars(words: list[Word]) -> list[Word]:
    """A litre's "l" that OCR read as a bar right after a measure ("Expansievat 18 | sanitair",
    "latta 5 |"): a word's space after a number of a few digits, on its OCR line, no taller than
    twice it; a table's rule stands mid-way in a cell's gap, spans the row, or goes on down the
    page (``_a_rule_down``: "6 | Disco SSD", "4 | Alojamento"); one item's litre under another's
    is two litres ("Tuinaarde 40 l" twice)."""
    bars = [word for word in words if word.text == "|"]
    out = list(words)
    for at in range(1, len(words)):
        word, before = words[at], words[at - 1]
        height = max(before.y1 - before.y0, 1e-6)
        if (
            word.text == "|"
            and word.line
            and word.line == before.line
            and MEASURE.fullmatch(before.text)
            and word.x0 - before.x1 <= UNIT_GAP * height
            and word.y1 - word.y0 <= UNIT_HEIGHT * height
            and not _a_rule_down(word, bars, height)
        ):
            out[at] = replace(word, text="l")
    return out


def _a_rule_down(bar: Word, bars: list[Word], height: float) -> bool:
    """Whether a bar is a piece of a table's rule down the page: bars stand where it does on
    ``RULE_ROWS`` other lines, or on one other where it is taller than a letter (``LETTER_HIGH``
    of its line's height); a litre's "l" is as high as the figure before it."""
    aligned = sum(other.line != bar.line and abs(other.x0 - bar.x0) <= height for other in bars)
    return aligned >= RULE_ROWS or (aligned >= 1 and bar.y1 - bar.y0 > LETTER_HIGH * height)


def _ampersands_read_as_euros(words: list[Word]) -> list[Word]:
    """An "&" OCR read as "€" between two words of its line ("Werving € selectie"): a euro sign
    stands by a figure, never between two words."""
    out = list(words)
    for at in range(1, len(words) - 1):
        before, word, after = words[at - 1 : at + 2]
        if (
            word.text == "\u20ac"
            and word.line
            and before.line == word.line == after.line
            and before.text[-1:].isalpha()
            and after.text[:1].isalpha()
        ):
            out[at] = replace(word, text="&")
    return out


MEASURE = re.compile(r"\d{1,4}(?:[.,]\d)?")  # "18", "150", "1,5": not an amount with its cents
UNIT_GAP = 0.8  # line heights at most between a measure and its unit
UNIT_HEIGHT = 2.0
RULE_ROWS = 2  # a rule read as bars down a table: on this many other lines at least
LETTER_HIGH = 1.3


LOGO_HEIGHT = 2.5  # a word this many times as tall as the rest of its OCR line is a drawing
LOGO_LETTERS = 3


def _without_logos(words: list[Word]) -> list[Word]:
    """The words less a logo OCR read as up to three letters before a name ("In" boxed three times
    as tall as "Rheinknie Laborbedarf AG" beside it)."""
    heights: dict[int, list[float]] = {}
    for word in words:
        if word.line:
            heights.setdefault(word.line, []).append(word.y1 - word.y0)
    return [
        word
        for word in words
        if not (
            word.line
            and len(word.text) <= LOGO_LETTERS
            and len(heights[word.line]) > 1
            and word.y1 - word.y0 >= LOGO_HEIGHT * statistics.median(heights[word.line])
        )
    ]


def _a_dot(word: Word, usual: float) -> bool:
    """A dot of dirt read as a letter: far less tall than the page's usual word (not a dash)."""
    return word.y1 - word.y0 < DOT * usual and not _a_dash(word)


def _a_dash(word: Word) -> bool:
    """A dash OCR read surely: as thin as a dot, but wider than high."""
    return word.text in DASHES and word.x1 - word.x0 >= word.y1 - word.y0 and word.confidence >= SURE_DASH


def _cleaned(word: Word) -> Word:
    """Straight quotes; a rule read into the word's edge dropped, an amount's decimal point read
    as a colon and an area's "²" read as "?" mended; a speck is placed by its box alone, not by
    the line OCR read it in (a stain read as "2" beside a wrapped description would make that line
    an item); a sure dash stays in its line (its box is too thin to place it)."""
    speck = _speck(word) and not _a_dash(word)
    text = _squared(_point_for_colon(_without_a_rules_edge(_straight_quotes(word.text))))
    return replace(word, text=text, line=0 if speck else word.line)


BRACKET_PAIRS = {"[": "]", "{": "}", "(": ")"}


def _without_a_rules_edge(text: str) -> str:
    """A word less the table rule OCR read into its edge: "Rate|", "18,450.00|", "[POS",
    "3,250.00]", "42.00}" with no bracket to pair them; an amount's unpaired ")" too ("4,150.00)"),
    and a "!" or "," after an amount ("5 820,00!", "85,00,")."""
    if len(text) < 2:
        return text
    if _an_unpaired_end(text):
        text = text[:-1]
    if text[:1] == "|" or (text[:1] in "[{" and BRACKET_PAIRS[text[0]] not in text):
        text = text[1:]
    return text


def _an_unpaired_end(text: str) -> bool:
    last = text[-1]
    opening = next((open_ for open_, close in BRACKET_PAIRS.items() if close == last), None)
    unpaired = opening is not None and opening not in text
    after_an_amount = AN_AMOUNT.fullmatch(text[:-1]) is not None
    return (
        last == "|" or (unpaired and (last != ")" or after_an_amount)) or (last in "!," and after_an_amount)
    )


AN_AMOUNT = re.compile(r"\d[\d.,]*[.,]\d{2}")


# A unit of area whose "²" OCR read as "?" or "7": "mm?,", "g/m?", "(m7)" ("²" and "³" look alike to
# it; an area is the likelier).
SQUARED = re.compile(r"(\(?[\d.,]*(?:g/)?(?:mm|cm|km|m))(\?|7\??)(\)?[,.;:]?)")


def _squared(text: str) -> str:
    match = SQUARED.fullmatch(text)
    if match is None:
        return text
    bracketed = match.group(1).startswith("(") and match.group(3).startswith(")")
    if match.group(2) != "?" and not bracketed:
        return text  # "m7" outside brackets may be a code
    return f"{match.group(1)}²{match.group(3)}"


# An amount grouped in thousands whose decimal point OCR read as a colon: "€5,153:20", "1.234:50".
COLON_FOR_POINT = re.compile(r"(\D{0,3}\d{1,3}(?P<group>[,.])\d{3}(?:(?P=group)\d{3})*):(\d{2})")


def _point_for_colon(text: str) -> str:
    match = COLON_FOR_POINT.fullmatch(text)
    if match is None:
        return text
    point = "." if match.group("group") == "," else ","
    return f"{match.group(1)}{point}{match.group(3)}"


def _a_rule_read_as_letters(word: Word) -> bool:
    """Whether a word is a printed rule OCR read as letters, unsure of them: far wider for its
    letters than any type is for its height ("TIA" 70 points wide and 3 high, over a fax's name)."""
    lettered = any(c.isalpha() for c in word.text)  # a dash is as wide as it likes
    wide = wider_than_its_letters(word.x1 - word.x0, word.y1 - word.y0, len(word.text))
    return lettered and word.confidence < RULE_CONFIDENCE and wide


RULE_CONFIDENCE = 0.5


def _speck(word: Word) -> bool:
    """A mark OCR read as text: a rule's end, a stain, a logo's corner ("©", ";", "gil" at 40 %).
    A line of nothing else would cut a table's rows apart."""
    letters = sum(c.isalnum() for c in word.text)
    return letters == 0 or (letters <= SPECK_LETTERS and word.confidence < SPECK_CONFIDENCE)


def _read(image: Image.Image, number: int, *, photo: bool = False) -> tuple[Image.Image, list[Word]]:
    """The page as read (turned level, its paper made white, where that reads better) and its words
    (``photo``: of a page cut out of its table, a shadow may lie across it); a
    page read faintly (a pale thermal print, a grey photo) is read again
    with its contrast stretched, and a page read poorly (mostly noise) with adaptive thresholding,
    within the same time budget, and the better reading is kept.
    Then a sparse reading adds what the first skipped (a boxed column of amounts), if time is left."""
    started = time.monotonic()
    words = ocr.recognise(image, deadline_seconds=PAGE_SECONDS, page=number)
    remaining = PAGE_SECONDS - (time.monotonic() - started)
    if remaining >= MIN_RETRY_SECONDS:
        image, words = _levelled_if_better(image, words, remaining)
    remaining = PAGE_SECONDS - (time.monotonic() - started)
    if remaining >= MIN_RETRY_SECONDS:
        image, words = _flattened_if_better(image, words, remaining, shadows=photo)
    remaining = PAGE_SECONDS - (time.monotonic() - started)
    if _legible(words) < FAINT_WORDS and remaining >= MIN_RETRY_SECONDS:
        stretched = ocr.recognise(ocr.stretched(image), deadline_seconds=remaining, page=number)
        words = stretched if _legible(stretched) > _legible(words) else words
    remaining = PAGE_SECONDS - (time.monotonic() - started)
    legible, adaptive = _legible(words), False
    if (legible < FAINT_WORDS or legible < POOR_SHARE * len(words)) and remaining >= MIN_RETRY_SECONDS:
        reading = ocr.recognise_adaptive(image, deadline_seconds=remaining)
        if _legible(reading) >= ADAPTIVE_GAIN * legible:
            words, adaptive = reading, True
    remaining = PAGE_SECONDS - (time.monotonic() - started)
    if remaining >= MIN_RETRY_SECONDS:
        words = _respelled(image, words, remaining, adaptive)
    remaining = PAGE_SECONDS - (time.monotonic() - started)
    if remaining >= MIN_RETRY_SECONDS:
        words = _with_boxes_read(image, words, remaining)
    remaining = PAGE_SECONDS - (time.monotonic() - started)
    if remaining < MIN_RETRY_SECONDS:
        return image, words
    sparse = ocr.recognise_sparse(image, deadline_seconds=remaining, adaptive=adaptive)
    return image, with_sparse_words(words, sparse)


def _levelled_if_better(
    image: Image.Image, words: list[Word], remaining: float
) -> tuple[Image.Image, list[Word]]:
    """A page scanned askew (``LEVEL_SLOPE`` or more, by its words' slope) read again turned
    level, and that reading and its image unless it reads less, surely: Tesseract finds a tilted
    page's lines across its columns, and at two degrees a label's line meets its neighbour's value
    ("Factuurnr.  VF25/0112" read "ae bps ome" beside "Familie Declercq-Verhaeghe"), for as many
    letters read surely over the whole page (a faint page turned reads less: its first reading
    stands)."""
    slope = skew(words)
    if abs(slope) < LEVEL_SLOPE:
        return image, words
    # turned whole (``expand``): unlike ``_Turn``'s, no corner is cut off; the page takes its size
    level = image.rotate(
        math.degrees(math.atan(slope)), resample=Image.Resampling.BICUBIC, expand=True, fillcolor="white"
    )
    reading = ocr.recognise_region(level, deadline_seconds=remaining)
    return (level, reading) if _surely_read(reading) >= _surely_read(words) else (image, words)


def _flattened_if_better(
    image: Image.Image, words: list[Word], remaining: float, *, shadows: bool = False
) -> tuple[Image.Image, list[Word]]:
    """The page read again with its paper made white (``ocr.flattened``: grey boxes, shadows,
    uneven light), and that reading and its image where it reads more, surely; not read again where
    making its paper white changed next to nothing."""
    flat = ocr.flattened(image, shadows=shadows)
    if ocr.alike(flat, image):
        return image, words  # white paper already (a page made on a computer): the same reading
    reading = ocr.recognise_region(flat, deadline_seconds=remaining)
    return (flat, reading) if _surely_read(reading) > _surely_read(words) else (image, words)


def _respelled(
    image: Image.Image, words: list[Word], remaining: float, adaptive: bool, language: str | None = None
) -> list[Word]:
    """The page's letters decided by a second reading (``respell``): in its own language's model
    for a page in another language than English, by the other OCR engine for an English one the
    first reading was unsure of. ``language``: the page's, when ``words`` are only a part of it."""
    language = language or _language(words)
    if language == vocab.ENGLISH:
        if not words or statistics.mean(word.confidence for word in words) >= SURE_READING:
            return with_language_read_back(words, language)  # a clean page: the other engine would
            # cost several times the first reading
        words = with_letters_of(words, ocr.recognise_other_engine(image, deadline_seconds=remaining))
        return with_language_read_back(words, language)
    reading = ocr.recognise_language(image, language=language, deadline_seconds=remaining, adaptive=adaptive)
    accented = with_accents(words, reading, letters=vocab.letters(language))
    return with_language_read_back(accented, language)


def _with_boxes_read(image: Image.Image, words: list[Word], remaining: float) -> list[Word]:
    """The page's words with the text of each dark box and grey band read again on its own, its
    pixels made ink on paper (``ocr.light_on_dark``, ``ocr.dark_on_grey``) and respelled as the
    page is; each line it reads replaces the page's words there where it reads them better
    (``_read_better``): a sidebar's "+49 30 5557 1934" the page's reading cut to "+49 30", a header
    row on grey the page's reading saw only "Descricao" of. Where it reads nothing, the page's
    words stay (a skill list between bars)."""
    deadline, language = time.monotonic() + remaining, _language(words)
    turn = _Turn(image, skew(words))
    boxes = ocr.dark_boxes(image)
    bands = [band for band in ocr.dark_bands(turn.level) if not _within(turn.back(band), boxes)]
    parts = [(box, ocr.light_on_dark(image, box, grey_headings=True), False) for box in boxes]
    parts += [(band, ocr.light_on_dark(turn.level, band), True) for band in bands]
    parts += [
        (band, ocr.dark_on_grey(image, band), False)
        for band in ocr.grey_bands(image)
        if not _within(band, [*boxes, *map(turn.back, bands)])
    ]
    for (left, top, right, bottom), part, levelled_part in parts:
        reading = ocr.recognise_region(part, deadline_seconds=deadline - time.monotonic())
        reading = _respelled(part, reading, deadline - time.monotonic(), adaptive=False, language=language)
        if reading and levelled_part:
            # the page's reading of a dark band is the dark read as letters ("en ee]" beside a heading)
            words = [
                word for word in words if not _centred_in(turn.to_level(word), (left, top, right, bottom))
            ]
        by_line: dict[int, list[Word]] = {}
        for w in reading:
            placed = replace(w, x0=w.x0 + left, y0=w.y0 + top, x1=w.x1 + left, y1=w.y1 + top)
            by_line.setdefault(w.line, []).append(turn.from_level(placed) if levelled_part else placed)
        for line in by_line.values():
            there = [word for word in words if any(_overlap(word, other) for other in line)]
            if _read_better(line, there):
                words = [word for word in words if not any(word is other for other in there)] + line
    return words


class _Turn:
    """A tilted page turned level (``level``), and words and boxes moved between the two: a dark
    band tilted by a degree and a half is no band in the page's pixels (its box is half paper)."""

    def __init__(self, image: Image.Image, slope: float) -> None:
        self.angle = math.atan(slope) if abs(slope) > MIN_SLOPE else 0.0
        self.centre = (image.width / 2, image.height / 2)
        self.level = (
            image.rotate(math.degrees(self.angle), resample=Image.Resampling.BICUBIC, fillcolor=255)
            if self.angle
            else image
        )

    def _moved(self, x: float, y: float, angle: float) -> tuple[float, float]:
        cx, cy = self.centre
        cos, sin = math.cos(angle), math.sin(angle)
        return cx + (x - cx) * cos + (y - cy) * sin, cy - (x - cx) * sin + (y - cy) * cos

    def _word_moved(self, word: Word, angle: float) -> Word:
        if not angle:
            return word
        x, y = self._moved((word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2, angle)
        half_wide, half_high = (word.x1 - word.x0) / 2, (word.y1 - word.y0) / 2
        return replace(word, x0=x - half_wide, x1=x + half_wide, y0=y - half_high, y1=y + half_high)

    def to_level(self, word: Word) -> Word:
        return self._word_moved(word, self.angle)

    def from_level(self, word: Word) -> Word:
        return self._word_moved(word, -self.angle)

    def back(self, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        """A box of the level page on the tilted one: the box around its turned corners."""
        left, top, right, bottom = box
        corners = [self._moved(x, y, -self.angle) for x in (left, right) for y in (top, bottom)]
        xs, ys = [x for x, _y in corners], [y for _x, y in corners]
        return int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))


def _centred_in(word: Word, box: tuple[int, int, int, int]) -> bool:
    left, top, right, bottom = box
    return left <= (word.x0 + word.x1) / 2 <= right and top <= (word.y0 + word.y1) / 2 <= bottom


def _within(band: tuple[int, int, int, int], boxes: list[tuple[int, int, int, int]]) -> bool:
    left, top, right, bottom = band
    return any(x0 <= left and y0 <= top and right <= x1 and bottom <= y1 for x0, y0, x1, y1 in boxes)


def _read_better(line: list[Word], there: list[Word]) -> bool:
    """Whether a line's words read more letters and digits, each counted at its confidence."""
    return _surely_read(line) > _surely_read(there)


def _surely_read(words: list[Word]) -> float:
    return sum(word.confidence * sum(c.isalnum() for c in word.text) for word in words)


def _language(words: list[Word]) -> str:
    return vocab.language_of(" ".join(word.text for word in words), default=vocab.ENGLISH)


# An amount with its thousands grouped and its cents, perhaps after a sign OCR could not read
# ("1,114.06" of a bold "\u20b91,114.06" under "Grand Total", read at 7 %): noise is not shaped so.
AMOUNT_SHAPED = re.compile(r"\D?\d{1,3}(?:[,.' ]\d{3})+[.,]\d{2}")


def with_sparse_words(words: list[Word], sparse: list[Word]) -> list[Word]:
    """The first reading with the sparse reading's legible words (or amounts, ``AMOUNT_SHAPED``,
    however unsure) where it has none, or where all
    it has there is noise (a word read under ``SPARSE_CONFIDENCE``) or pieces of the same word
    ("h" of "Hannah", "L" of "Ltd": a large title beside a block cut the block's line short).
    A piece's word takes the piece's line; elsewhere the first reading's words are kept as they are."""
    dropped: set[int] = set()
    added: list[Word] = []
    for word in sparse:
        unsure = word.confidence < SPARSE_CONFIDENCE and not AMOUNT_SHAPED.fullmatch(word.text)
        if unsure or not any(c.isalnum() for c in word.text):
            continue
        under = [other for other in words if _overlap(word, other)]
        if not under:
            added.append(word)
            continue
        weak = [other for other in under if other.confidence < SPARSE_CONFIDENCE]
        pieces = [
            other for other in under if other.confidence >= SPARSE_CONFIDENCE and _piece_of(other, word)
        ]
        if len(weak) + len(pieces) < len(under) or len(pieces) > 1 or _beside(word, words, under):
            continue  # the first reading's own words; two pieces one word ("1", "TB" of "1TB")
        if weak or _letters(pieces[0]) != _letters(word):
            added.append(replace(word, line=pieces[0].line) if pieces else word)
            dropped.update(id(other) for other in under)
    return [word for word in words if id(word) not in dropped] + added


def _beside(word: Word, words: list[Word], under: list[Word]) -> bool:
    """Whether a first reading's word not under a sparse word stands right beside it, closer than
    a space: the sparse word may be two words run together ("3m" beside "3")."""
    gap = SPACE_SHARE * (word.y1 - word.y0)
    return any(
        other.y0 < word.y1 and word.y0 < other.y1 and other.x0 < word.x1 + gap and word.x0 - gap < other.x1
        for other in words
        if not any(other is taken for taken in under)
    )


def _piece_of(piece: Word, word: Word) -> bool:
    """Whether a word is a piece of another read whole, inside its box, which is as much wider
    as it has more letters ("h" of "Hannah"; not "m" of a "2m" boxed as narrow as the "m")."""
    letters, whole = _letters(piece), _letters(word)
    if not letters or letters not in whole or not (word.x0 - 2 <= piece.x0 and piece.x1 <= word.x1 + 2):
        return False
    return word.x1 - word.x0 >= PIECE_WIDTH * (piece.x1 - piece.x0) * len(word.text) / len(piece.text)


def _letters(word: Word) -> str:
    return "".join(c for c in word.text.casefold() if c.isalnum())


def _overlap(a: Word, b: Word) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def _legible(words: list[Word]) -> int:
    """Words read with some certainty, of two letters or digits at least."""
    return sum(1 for w in words if w.confidence >= 0.6 and sum(c.isalnum() for c in w.text) >= 2)


def image_pages(content: bytes) -> list[Page]:
    images = ocr.load_image(content)
    _check_count(len(images))
    return [image_page(image, number=n) for n, image in enumerate(images, start=1)]


def pdf_page(page: Any, *, number: int) -> Page:
    """A PDF page without a text layer, rendered and read."""
    return image_page(ocr.render_page(page), number=number)


def _check_count(count: int) -> None:
    if count > MAX_OCR_PAGES:
        raise ProcessingError(
            FILE_TOO_LARGE, f"The document has {count} scanned pages; at most {MAX_OCR_PAGES} are read."
        )
