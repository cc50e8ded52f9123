"""Which kind of document this is, from every language's keywords, titles weighing most.

Each kind's keyword phrases (``vocab.class_keywords``) are counted in the normalised text, at
most three times each; a phrase in the first lines (the title block) counts double. The kind
with the highest score wins when it scores enough; otherwise the document is ``other``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import cache

from batches.processing.vocab import (
    SECTION_KINDS,
    alternation,
    class_keywords,
    courtesy_titles,
    field_exclusions,
    field_labels,
    is_document_title,
    normalise_label,
    section_headings,
)

OTHER = "other"
MIN_SCORE = 2.5
TITLE_LINES = 6
LATE_TITLE_LINES = 20  # where a title alone on its line still heads the document
TITLE_WORDS = 4  # a title alone on its line is this short ("Rechnung", "Facture d'acompte")
MAX_COUNT = 3
WEAK_INVOICE = 4.0  # an invoice score below this is one stray word ("INVOICE NO")
SLIP_LINES = 80
CV_SECTION_WEIGHT = 1.5  # a line that is a CV's heading ("Bildungsweg"), for each kind of section
# "Contact" heads invoices too; "References", "Projects" may head any document's part
CV_SECTIONS = tuple(kind for kind in SECTION_KINDS if kind not in ("contact", "more"))


@cache
def _patterns() -> dict[str, tuple[re.Pattern[str], dict[str, float]]]:
    out = {}
    for kind, words in class_keywords().items():
        weights = dict(words)
        out[kind] = (re.compile(rf"(?<!\w)(?:{alternation(weights)})(?!\w)"), weights)
    return out


def _score(text: str, title: str) -> dict[str, float]:
    found = {kind: list(pattern.finditer(text)) for kind, (pattern, _weights) in _patterns().items()}
    spans = sorted((match.start(), match.end(), kind) for kind, matches in found.items() for match in matches)
    scores = {}
    long_words = _long_words(title)
    for kind, (pattern, weights) in _patterns().items():
        counts = Counter(match.group(0) for match in found[kind] if not _inside_another(match, kind, spans))
        in_title = set(pattern.findall(title))
        scores[kind] = sum(
            weights[phrase] * (min(n, MAX_COUNT) + (1 if phrase in in_title else 0))
            for phrase, n in counts.items()
        ) + _compound_titles(kind, long_words, weights)
    return scores


def _compound_titles(kind: str, long_words: frozenset[str], weights: dict[str, float]) -> float:
    """A title that is a compound ending in a kind's strong word ("Materialbestellung",
    "Schlussrechnung", "Eindfactuur"): that word, in the title, once each."""
    heads, lengths = _compound_heads()[kind]
    found = {
        word[-length:]
        for word in long_words
        for length in lengths
        if len(word) - length >= 3 and word[-length:] in heads
    }
    return sum(2 * weights[head] for head in found)


def _long_words(title: str) -> frozenset[str]:
    """The title's words long enough to be a compound of a strong word."""
    return frozenset(word for word in re.findall(r"[^\W\d_]+", title) if len(word) >= COMPOUND_HEAD + 3)


@cache
def _compound_heads() -> dict[str, tuple[frozenset[str], tuple[int, ...]]]:
    """Each kind's strong words a compound title may end in, and their lengths."""
    out = {}
    for kind, (_pattern, weights) in _patterns().items():
        heads = frozenset(w for w in weights if weights[w] >= COMPOUND_WEIGHT and len(w) >= COMPOUND_HEAD)
        out[kind] = (heads, tuple(sorted({len(head) for head in heads})))
    return out


COMPOUND_HEAD = 7  # letters of a strong word a compound title may end in ("rechnung", "factuur")
COMPOUND_WEIGHT = 3.0


def _inside_another(match: re.Match[str], kind: str, spans: list[tuple[int, int, str]]) -> bool:
    """Whether a kind's phrase is part of a longer phrase of another kind: "fatura" in "fatura
    simplificada" (a till's receipt in Portugal) is no invoice's word."""
    start, end = match.span()
    first = bisect.bisect_left(spans, (start - LONGEST_PHRASE,))
    last = bisect.bisect_right(spans, (start, float("inf")))
    return any(
        other != kind and s <= start and end <= e and e - s > end - start for s, e, other in spans[first:last]
    )


LONGEST_PHRASE = 80  # characters: a class's phrase is shorter


def _strong_phrases(field: str) -> str:
    phrases = {
        label.normalised for label in field_labels(field) if label.strong and len(label.normalised) > 4
    }
    return alternation(phrases)


SERVICE_WORDS = "service|care|support|hotline|helpline|line|centre|center"


@cache
def _addressee_pattern() -> re.Pattern[str]:
    """A due date (its label with a date after it), a customer (a label that is no copy
    marker and no service line) or an addressee (a weak customer label before a word of courtesy:
    "To  Mrs J. Pettifer"): what an invoice has and a till receipt has not ("Pay by: CASH",
    "CUSTOMER'S COPY", "Customer Service 1-300-22-2828", "Service client")."""
    due = rf"(?<!\w)(?:{_strong_phrases('due_date')})(?!\w)\W{{0,3}}(?:[a-z]{{3,9}}\W{{1,3}})?\d"
    customer = (
        rf"(?<!\w)(?<!service )(?<!atencion al )(?:{_strong_phrases('customer_name')})(?!\w)"
        rf"(?!\s+(?:s\s+)?(?:copy|{SERVICE_WORDS})\b)"
    )
    weak = alternation({label.normalised for label in field_labels("customer_name") if not label.strong})
    courtesy = alternation({normalise_label(title) for title in courtesy_titles()} - {""})
    addressed = rf"(?<!\w)(?:{weak}) (?:{courtesy})(?!\w)"  # "To  Mrs J. Pettifer", "An Herrn"
    return re.compile(f"{due}|{customer}|{addressed}")


def _receipt_not_invoice(scores: dict[str, float], text: str, *, roll: bool) -> bool:
    """A "tax invoice" from a till: printed on a roll, or receipt words or little invoice
    evidence, and no customer or due date anywhere."""
    receiptish = (
        roll or scores.get("receipt", 0) >= 0.4 * scores["invoice"] or scores["invoice"] < WEAK_INVOICE
    )
    return receiptish and not _addressee_pattern().search(text)


@cache
def _priced_total() -> re.Pattern[str]:
    phrases = {
        label.normalised for label in field_labels("total") if label.strong and len(label.normalised) >= 5
    }
    return re.compile(rf"(?<!\w)(?:{alternation(phrases)})(?!\w)[^\n\d]{{0,24}}\d")


def _looks_like_a_slip(text: str) -> bool:
    """No keyword at all, but a short document with a priced total: a till slip."""
    return text.count("\n") <= SLIP_LINES and bool(_priced_total().search(text))


@cache
def _cv_headings() -> dict[str, str]:
    return {heading: kind for kind in CV_SECTIONS for heading in section_headings(kind)}


def _cv_sections(text: str) -> float:
    """Evidence of a CV from its layout: lines that are nothing but a CV's section heading, in any
    language, counted once a kind, when two kinds or more are there."""
    headings = _cv_headings()
    kinds = {headings.get(normalise_label(line.strip().rstrip(":"))) for line in text.split("\n")} - {None}
    return CV_SECTION_WEIGHT * len(kinds) if len(kinds) >= 2 else 0.0


# An account's movement: a dated row with two amounts (the movement and the balance), or a row
# that starts with its booking date and ends with its amount ("05/12/2022  05/12/2022  Compra
# tarjeta Bar Atlántico  -78,06").
DAY = r"\b\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\b"
AMOUNT_END = r"\s-?[\d.,\u2019']*\d[.,]\d{2}\s*$"
LEDGER_ROW = re.compile(rf"{DAY}.*\d[.,]\d{{2}}\b.*\d[.,]\d{{2}}\b|^\s*{DAY}.*{AMOUNT_END}")


def _without_ledger_rows(text: str) -> str:
    """The text less an account's movements ("16/06 Pago con tarjeta Bar Levante -1,660.00
    319,796.00"), whose shop words do not make a receipt."""
    return "\n".join(line for line in text.split("\n") if not LEDGER_ROW.search(line))


# A title printed letter-spaced: single letters a space apart, words two spaces or more apart
# ("B O N  D E  C O M M A N D E").
LETTER_SPACED = re.compile(r"[^\W\d_](?: [^\W\d_])+(?: {2,}[^\W\d_](?: [^\W\d_])*)*")
WORD_GAP = re.compile(r" {2,}")


def _spacing_closed(text: str) -> str:
    """Each letter-spaced line read as its words ("BON DE COMMANDE"); other lines as they are."""
    return "\n".join(
        " ".join(word.replace(" ", "") for word in WORD_GAP.split(line.strip()))
        if LETTER_SPACED.fullmatch(line.strip())
        else line
        for line in text.split("\n")
    )


@cache
def _order_near_misses() -> re.Pattern[str]:
    """An order number's near misses (`po_number`'s `exclude`) in normalised text: a post office
    box ("P.O. Box 450") is an address, and its "P.O." no purchase order's word; "N/Réf" is none."""
    return re.compile(rf"(?<!\w)(?:{alternation(field_exclusions('po_number'))})(?!\w)")


# An e-mail or web address: its words ("bestellung@…", "www.factura-…") name no kind of document.
ADDRESS = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+", re.IGNORECASE)


def classify(text: str, *, roll: bool = False, titles: tuple[str, ...] = ()) -> tuple[str, float]:
    """(kind, share of the evidence) — ``("other", 0.0)`` when no kind has enough. ``roll``: the
    document is printed on a till roll; ``titles``: its title's lines read whole where its column
    wrapped them ("ORDEN DE" over "COMPRA"), which head the text."""
    head = _spacing_closed(text[:20000] + "\n" + text[-5000:] if len(text) > 25000 else text)
    head = "\n".join((*titles, head))
    head = ADDRESS.sub(" ", head)
    lines = [line for line in head.split("\n") if line.strip()]
    # a letter's title stands under the address block ("Rechnung" alone, the ninth line)
    late = [
        line
        for line in lines[TITLE_LINES:LATE_TITLE_LINES]
        if len(line.split()) <= TITLE_WORDS and is_document_title(line.strip())
    ]
    title = "\n".join([*lines[:TITLE_LINES], *late[:1]])
    normalised = _order_near_misses().sub(" ", normalise_label(head))
    scores = _score(normalised, normalise_label(title))
    scores["receipt"] = _score(normalise_label(_without_ledger_rows(head)), normalise_label(title))["receipt"]
    scores["resume"] += _cv_sections(head)
    kind = max(scores, key=scores.__getitem__)
    if kind == "invoice" and _receipt_not_invoice(scores, normalised, roll=roll):
        kind = "receipt"
    total = sum(scores.values())
    if scores[kind] < MIN_SCORE:
        return ("receipt", 0.3) if _looks_like_a_slip(head.lower()) else (OTHER, 0.0)
    return kind, round(scores[kind] / total, 2) if total else 0.0
