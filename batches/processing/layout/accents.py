"""A scan's accents, read again in its own language.

The first reading runs every installed language model at once: it reads more words, but the
models outvote each other on diacritics ("Instalacóes", "instalagäo" for "Instalações",
"Informatica" for "Informática"). Once the page's language is known, a reading with that
language alone decides the letters of the words both readings agree on, and of the words the
first spelled with a letter the language does not write.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from batches.processing.layout.model import Word

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
    edits = _edits(_bare(word.text), _bare(other.text))
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


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (short words: the plain table)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
