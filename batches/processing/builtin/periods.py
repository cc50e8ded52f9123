"""A document's period: two dates joined by "to", "au", "bis", "-" (a statement's, a résumé's
position's), and which side of it a dated balance falls on."""

from __future__ import annotations

import itertools
import re

from batches.processing.builtin import normalise as norm
from batches.processing.vocab import range_words


def _range_join() -> re.Pattern[str]:
    """What stands between the two dates of a period, in every language: "to", "au", "bis", "-"."""
    _starts, ends = range_words()
    words = sorted({*ends, "to", "until", "till", "through", "thru"}, key=len, reverse=True)
    return re.compile(r"^\s*(?:-|\u2013|\u2014|" + "|".join(map(re.escape, words)) + r")\s*$", re.I)


RANGE_JOIN = _range_join()
# The first date's own text, up to its year: what follows it is the join.
FIRST_DATE = re.compile(
    r"^.*?(?:\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{4}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2}\b)\.?"
)
PERIOD_WORDS = re.compile(
    r"period|from|statement|between|p[eé]riod|zeitraum|periode|periodo|per[ií]odo|du\b|vom\b|van\b", re.I
)


def date_range(lines, month_first: bool) -> tuple[str, str, int, str] | None:
    """The first 'DATE to DATE' on a line that speaks of a period (or the first at all)."""
    fallback = None
    for page, line in lines:
        dates = norm.find_dates(line, month_first=month_first)
        for (start_pos, start), (end_pos, end) in itertools.pairwise(dates):
            gap = FIRST_DATE.sub("", line[start_pos:end_pos], count=1)  # what joins the two dates
            if RANGE_JOIN.match(gap) and start <= end:
                if PERIOD_WORDS.search(line):
                    return start, end, page, line.strip()
                fallback = fallback or (start, end, page, line.strip())
    return fallback


OPENING, CLOSING = "opening_balance", "closing_balance"
BALANCES = (OPENING, CLOSING)


def dated_balance(field: str, label_rest: str, period: tuple[str, str] | None, *, month_first: bool) -> str:
    """The balance a label dates names: one dated before the period opens it ("Solde créditeur au
    30 Novembre 2018" over a December statement, "Kontostand am 30.11.2018"), one dated at its end
    or after closes it ("Solde au 31 Décembre 2018"); any other field or date is left as it is."""
    if field not in BALANCES or period is None:
        return field
    dates = norm.find_dates(label_rest, month_first=month_first)
    if not dates:
        return field
    day = dates[0][1]
    if day < period[0]:
        return OPENING
    return CLOSING if day >= period[1] else field
