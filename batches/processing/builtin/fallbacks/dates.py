"""Dates by their role: the fields that are a document's main date or its due date, and
the first date printed for the main one (a timestamp, a letter's dateline, else the first)."""

from __future__ import annotations

import re

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.fallbacks.found import CELL_BREAK, Found, Lines
from batches.processing.builtin.labels import label_index
from batches.processing.vocab import alternation, prose_words

# Fields that are a document's main date: its first date stands in when nothing labels one.
PRIMARY_DATES = ("date", "invoice_date", "order_date")
# A letter's dateline: its town, a comma, the date ("München, den 12.03.2024", "Gent, 3 mei 2024").
DATELINE = re.compile(
    r"^[A-Z\u00c0-\u00de][^\W\d_]+(?:[ -][^\W\d_]+){0,2},\s+"
    rf"(?:(?:{alternation(prose_words(lambda words: words.dateline))})\s+)?\d"
)
DUE_DATES = ("due_date", "payment_due_date")
# A fax's header: its page of pages ("P.001/001"), when it was sent.
TRANSMITTED = re.compile(r"\bP[.,]?\s?\d{3}/\d{3}\b")


def first_date(lines: Lines, text: str, month_first: bool) -> Found | None:
    """The date printed after the document's number in its cell ("Facture n° 60 184 168 486 du
    13/07/2017", "Rechnungsnummer 3256805355 Datum 07.01.2014"), else the first date printed with
    a time of day (a till's or a system's timestamp), else a letter's dateline ("Leeds, 15 May
    2023", "Paris, le 3 juin 2023"), else the first date; a fax's header's last ("21/02/2025 09:12
    FROM: … P.001/001": when it was sent)."""
    numbered = _dated_with_its_number(lines, month_first)
    if numbered is not None:
        return numbered
    first = dateline = sent = None
    for page, line in lines:
        dates = norm.find_dates(line, month_first=month_first)
        if dates and TRANSMITTED.search(line):  # each page's fax header, the first kept
            sent = sent or Found(dates[0][1], page, line.strip(), 0.4)
            continue
        if dates and norm.TIME_OF_DAY.search(line):
            return Found(dates[0][1], page, line.strip(), 0.5)
        if dates and first is None:
            first = Found(dates[0][1], page, line.strip(), 0.45)
        if dates and dateline is None and DATELINE.match(line.strip()):
            dateline = Found(dates[0][1], page, line.strip(), 0.5)
    return dateline or first or sent


NUMBERS = ("invoice_number", "po_number")  # a document's own number, the date it was issued beside it


def _dated_with_its_number(lines: Lines, month_first: bool) -> Found | None:
    index = label_index(NUMBERS)
    for page, line in lines:
        cell = CELL_BREAK.split(line.strip())[0]
        hit = next((hit for hit in index.hits(cell) if hit.field in NUMBERS and hit.rest), None)
        dates = norm.find_dates(hit.rest, month_first=month_first) if hit else []
        if dates and dates[0][0] > 0:  # the number first, then its date
            return Found(dates[0][1], page, line.strip(), 0.5)
    return None
