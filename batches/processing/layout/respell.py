"""A scan's letters, decided by a second reading.

The first reading runs Tesseract with every installed language model at once: it reads the
most words, but the models outvote each other on diacritics ("Instalacóes", "instalagäo",
"Servigos" for "Instalações", "instalação", "Serviços"), and on a photographed till slip its
letters are often wrong ("SANYO" for "SANYU", "BAKERLES"). Once the page's language is known:

- in a language other than English, a reading with that language's model alone decides the
  accents of the words both readings agree on (``with_accents``);
- in English, a reading by the other engine (RapidOCR's PP-OCR, which reads photographed print
  better letter by letter but runs words together) decides the letters of the words it read
  more surely, where the two readings agree on the rest (``with_letters_of``).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from batches.processing.layout.model import Word
from batches.processing.vocab import FRENCH, GERMAN, ITALIAN, SPANISH, known_word

MIN_OVERLAP = 0.5  # share of the smaller box two words must share to be the same printed word
MAX_EDITS = 2  # a foreign letter's word is replaced by one at most this far from it


def with_accents(words: list[Word], reading: list[Word], *, letters: frozenset[str]) -> list[Word]:
    """``words`` with the spelling of the word ``reading`` found in the same place, where the two
    differ only by diacritics (``_more_accents``) or by a misread letter (``_misread_letter``);
    ``letters``: a-z and the language's own."""
    if not reading or not letters:
        return words
    by_row = sorted(reading, key=lambda w: w.y0)
    return [_respelled(word, by_row, letters) for word in words]


def _respelled(word: Word, reading: list[Word], letters: frozenset[str]) -> Word:
    if word.text.isascii() and not any(c.isalpha() for c in word.text):
        return word
    other = _same_place(word, reading)
    if other is None or other.text == word.text:
        return word
    if _more_accents(word, other, letters) or _misread_letter(word, other, letters):
        return replace(word, text=other.text, confidence=max(word.confidence, other.confidence))
    return word


def _more_accents(word: Word, other: Word, letters: frozenset[str]) -> bool:
    """The same letters, the language's reading with at least as many accents (it does not take
    the umlaut from "Böhm" in German), or the first with a letter the language does not write."""
    if _bare(other.text) != _bare(word.text):
        return False
    return _accented(other.text) >= _accented(word.text) or _foreign(word.text, letters)


def _accented(text: str) -> int:
    return sum(1 for c in text if c.isalpha() and not c.isascii())


def _misread_letter(word: Word, other: Word, letters: frozenset[str]) -> bool:
    """The first reading spelled a letter the language does not write ("instalagäo"), or the
    language's model reads one of its own letters where the first read a plain one ("Servigos"
    for "Serviços"), at least as surely."""
    if _foreign(other.text, letters):
        return False
    edits = Levenshtein.distance(_bare(word.text), _bare(other.text))
    if _foreign(word.text, letters):
        return edits <= MAX_EDITS
    return _accented(other.text) > 0 and edits <= 1 and other.confidence >= word.confidence


def _same_place(word: Word, reading: list[Word]) -> Word | None:
    best, best_share = None, MIN_OVERLAP
    for other in reading:
        if other.y0 >= word.y1:
            break
        if other.y1 <= word.y0:
            continue
        width = min(word.x1, other.x1) - max(word.x0, other.x0)
        height = min(word.y1, other.y1) - max(word.y0, other.y0)
        if width <= 0 or height <= 0:
            continue
        share = width * height / max(min(_area(word), _area(other)), 1e-9)
        if share > best_share:
            best, best_share = other, share
    return best


def _area(word: Word) -> float:
    return (word.x1 - word.x0) * (word.y1 - word.y0)


def _bare(text: str) -> str:
    """Without diacritics, case folded: 'Instalações' → 'instalacoes'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _foreign(text: str, letters: frozenset[str]) -> bool:
    return any(c.isalpha() and c.lower() not in letters for c in text)


# A second engine's word corrects the first reading's words under it when it has as many
# characters and differs in at most this share of them (at least one).
LETTER_SHARE = 0.2
UNDER = 0.6  # share of a first-reading word's box the second engine's word must cover


def with_letters_of(words: list[Word], reading: list[Word]) -> list[Word]:
    """``words`` with the letters of ``reading`` (another engine's words, in the same pixels)
    where a word of it covers first-reading words whose letters, run together, have its length
    and differ in a few places, and it was read more surely than each word it changes. Words
    with letters beyond a-z keep theirs (the other engine's alphabet may lack them)."""
    words = list(words)
    for other in reading:
        under = sorted(
            (i for i, word in enumerate(words) if _covered(word, other)), key=lambda i: words[i].x0
        )
        joined = "".join(words[i].text for i in under)
        if not under or len(joined) != len(other.text) or joined == other.text:
            continue
        changed = sum(a != b for a, b in zip(joined, other.text, strict=True))
        if changed > max(1, int(LETTER_SHARE * len(joined))):
            continue
        position = 0
        for i in under:
            word = words[i]
            text = _same_kinds(word.text, other.text[position : position + len(word.text)])
            position += len(word.text)
            if text != word.text and other.confidence > word.confidence and _open_to_change(word.text):
                words[i] = replace(word, text=text, confidence=other.confidence)
    return words


# Letters no engine tells apart in a sans-serif face: neither reading decides between them.
LOOKALIKE = {"I", "l"}


def _same_kinds(first: str, second: str) -> str:
    """``second``'s characters where they are of the same kind as ``first``'s (a letter for a
    letter, a digit for a digit) and can be told apart: "$3,333.73" never becomes "s3,333.73",
    nor "SI-719807" "Sl-719807"."""
    return "".join(
        b if ((a.isalpha() and b.isalpha()) or (a.isdigit() and b.isdigit())) and {a, b} != LOOKALIKE else a
        for a, b in zip(first, second, strict=True)
    )


def _open_to_change(text: str) -> bool:
    """A word with letters beyond a-z keeps them (the other engine's alphabet may lack them), and
    a word the vocabularies know ("forward", "Total") was read right."""
    return text.isascii() and not known_word(text)


def _covered(word: Word, other: Word) -> bool:
    width = min(word.x1, other.x1) - max(word.x0, other.x0)
    height = min(word.y1, other.y1) - max(word.y0, other.y0)
    return width > 0 and height > 0 and width * height >= UNDER * _area(word)


# OCR's readings of a diameter's sign before a measure ("Forstnerbohrer © 35 mm", "Welle @ 25 x
# 180 mm"): an at sign or a copyright's there is none of theirs.
DIAMETER_READ_AS = frozenset({"@", "©", "®"})
MEASURE = re.compile(r"(?:\d+(?:[.,/]\d+)*)?(?:mm|cm|m|x|\u00d7)$", re.I)  # "mm", "x", "35mm"
# Languages that write "à" for "each at" before a count ("Karton à 100", "Pack à 5", "à € 5,00"),
# and OCR's readings of it there.
GRAVE_A_LANGUAGES = frozenset({"de", "fr", "nl"})
GRAVE_A_READ_AS = frozenset({"a", "&"})


def with_signs_of_measure(words: list[Word], language: str) -> list[Word]:
    """``words`` with a diameter's sign where OCR read one as "@" or "©" before a number and its
    measure; in a language that writes it so, "à" where it read "a" or "&" between a word and
    a count; and a dash as long as an en dash where it read a hyphen between two words."""
    out = list(words)
    for i, word in enumerate(words[:-1]):
        if word.text in READ_FOR_AN_EN_DASH and _as_long_as_an_en_dash(words, i):
            out[i] = replace(word, text="\u2013")  # "Office cleaning \u2013 daily service"
            continue
        after = words[i + 1 : i + 3]
        if not _on_one_line(word, after[0]) or not after[0].text[:1].isdigit():
            continue
        if word.text in DIAMETER_READ_AS and any(MEASURE.match(other.text) for other in after):
            out[i] = replace(word, text="Ø")
        elif (
            language in GRAVE_A_LANGUAGES
            and word.text in GRAVE_A_READ_AS
            and i
            and _a_word(words[i - 1], word)
        ):
            out[i] = replace(word, text="à")
    return out


def with_language_read_back(words: list[Word], language: str) -> list[Word]:
    """``words`` with the signs and letters OCR misreads in ``language`` read back: a litre's sign
    (``with_litres``), measures' signs (``with_signs_of_measure``), Spanish "ñ" (``with_enye``),
    German "ü" (``with_umlaut``), a roman two (``with_roman_two``), German "lt." (``with_laut``)."""
    words = with_enye(with_signs_of_measure(with_litres(words), language), language)
    return with_laut(with_roman_two(with_umlaut(words, language), language), language)


def with_litres(words: list[Word]) -> list[Word]:
    """ "l" where OCR read a litre's sign as "1" after a count in the same cell, at its end
    ("Tinta plástica branca mate 15 1", "Azeite virgem extra 3 1-B", "Apfelsaft naturtrüb 1 1
    Zeitraum"): no count is printed as a number and a lone one after it."""
    out = list(words)
    for at in range(1, len(words)):
        word, before = words[at], words[at - 1]
        litre = LITRE_READ_AS_ONE.fullmatch(word.text)
        if litre is None or not COUNT.fullmatch(before.text) or not _close_after(before, word):
            continue
        after = words[at + 1] if at + 1 < len(words) else None
        if after is None or not _close_after(word, after) or not after.text[:1].isdigit():
            out[at] = replace(word, text="l" + (litre.group(1) or ""))
    return out


LITRE_READ_AS_ONE = re.compile(r"1([-,;)]\S*)?")
COUNT = re.compile(r"\d+(?:[.,]\d+)?")


def _close_after(word: Word, following: Word) -> bool:
    """Whether the next word follows on the same line, a space after it (no cell's gap)."""
    height = max(word.y1 - word.y0, following.y1 - following.y0)
    return _on_one_line(word, following) and following.x0 - word.x1 < SPACE_AT_MOST * height


SPACE_AT_MOST = 1.5  # of a word's height: a wider gap parts two cells


def with_enye(words: list[Word], language: str) -> list[Word]:
    """On a Spanish page, "ñ" where OCR read "fi" between two vowels ("Disefio", "espafiol",
    "Dofia" for "Diseño", "español", "Doña"); a word that writes "fi" there is kept ("desafiar",
    "atrofia", ``FI_BETWEEN_VOWELS``)."""
    if language != SPANISH:
        return words
    out = list(words)
    for at, word in enumerate(words):
        if ENYE_READ_AS_FI.search(word.text) and not any(
            stem in word.text.casefold() for stem in FI_BETWEEN_VOWELS
        ):
            out[at] = replace(
                word, text=ENYE_READ_AS_FI.sub(lambda m: "Ñ" if m.group(0) == "FI" else "ñ", word.text)
            )
    return out


ENYE_READ_AS_FI = re.compile(r"(?<=[aeiouáéóú])fi(?=[aeiouáéóú])|(?<=[AEIOUÁÉÓÚ])FI(?=[AEIOUÁÉÓÚ])")
FI_BETWEEN_VOWELS = ("desafi", "afianz", "atrofi", "sofia", "fiador")


def with_umlaut(words: list[Word], language: str) -> list[Word]:
    """On a German page, "ü" where OCR read "ii" after a letter and before one ("fiir",
    "Kontofiihrungsgebiihr", "naturtriib" for "für", "Kontoführungsgebühr", "naturtrüb"): no
    German word writes "ii" there."""
    if language != GERMAN:
        return words
    return [
        replace(word, text=UMLAUT_READ_AS_II.sub("ü", word.text))
        if UMLAUT_READ_AS_II.search(word.text)
        else word
        for word in words
    ]


def with_roman_two(words: list[Word], language: str) -> list[Word]:
    """ "II" where OCR read "Il" (a roman two: "Installatietechniek II", "cozinha II"), on a page
    in a language with no word "Il"; in Italian and French, which write it to open a sentence, only
    where it ends its cell after another word ("Charnière invisible 35 mm Il  4  5,53")."""
    out = list(words)
    for at, word in enumerate(words):
        if word.text != "Il":
            continue
        after = words[at + 1] if at + 1 < len(words) else None
        ends = after is None or not _close_after(word, after)
        last = at > 0 and _close_after(words[at - 1], word) and ends
        if language not in IL_A_WORD or last:
            out[at] = replace(word, text="II")
    return out


def with_laut(words: list[Word], language: str) -> list[Word]:
    """On a German page, "lt." where OCR read "It." ("It. Auftrag Nr. 9133", "It. Vereinbarung"):
    German has no word "It", and "lt." (laut, as per) opens many an item's reference."""
    if language != GERMAN:
        return words
    return [replace(word, text="lt.") if word.text == "It." else word for word in words]


IL_A_WORD = frozenset({ITALIAN, FRENCH})
UMLAUT_READ_AS_II = re.compile(r"(?<=[^\W\d_])ii(?=[^\W\d_])")


def _on_one_line(word: Word, other: Word) -> bool:
    return min(word.y1, other.y1) - max(word.y0, other.y0) > 0.5 * min(word.y1 - word.y0, other.y1 - other.y0)


def _a_word(before: Word, word: Word) -> bool:
    """Whether the word before ends in a letter (perhaps a short form's dot), on the same line:
    "Karton" or "Tabl." before "a 100"."""
    return _on_one_line(before, word) and before.text.rstrip(".")[-1:].isalpha()


# A dash between two words at least this share of its words' width a character is an en dash,
# which OCR reads as a hyphen ("Office cleaning - daily service") or as an em dash ("Tenuta della
# contabilità [em dash] periodo"): a hyphen is about half a character wide, an en dash one, an em
# dash two (Tesseract prints no en dash at all). A dash is thin: a box taller than this share of
# the words' height is something else read as one.
READ_FOR_AN_EN_DASH = frozenset({"-", "\u2014"})
EN_DASH_WIDTH = 0.66
EM_DASH_WIDTH = 1.6
DASH_HEIGHT = 0.35
NEIGHBOURS = 4  # words either side whose letters measure the line's


def _as_long_as_an_en_dash(words: list[Word], at: int) -> bool:
    dash = words[at]
    around = words[max(at - NEIGHBOURS, 0) : at] + words[at + 1 : at + 1 + NEIGHBOURS]
    letters = [w for w in around if w.text.isalnum() and _on_one_line(w, dash)]
    if not letters or not 0 < at < len(words) - 1:
        return False
    width = statistics.median((w.x1 - w.x0) / len(w.text) for w in letters)
    height = statistics.median(w.y1 - w.y0 for w in letters)
    long = dash.x1 - dash.x0
    return EN_DASH_WIDTH * width <= long < EM_DASH_WIDTH * width and dash.y1 - dash.y0 <= DASH_HEIGHT * height
