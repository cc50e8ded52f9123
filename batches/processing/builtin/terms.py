"""A due date written as a payment term instead of under a label.

Two forms, in every language of the vocabulary (``[sentences] payment / deadline / days``):

- a payment sentence with its deadline: "Please pay the total of S$ 8,700.44 by 23 Aug 2017",
  "merci de régler la somme avant le 10/11/2014", "il pagamento entro il 26.01.2015";
- a term in days from the invoice's date: "Terms: Net 30", "Zahlungsziel: 14 Tage netto",
  "Vencimiento a 45 días fecha factura" (the due date is then computed, and says so), to the
  end of that month where the term says so ("Bonifico 30 gg d.f. fine mese", ``month_end``).
"""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from batches.processing import vocab
from batches.processing.builtin import normalise as norm
from batches.processing.vocab import alternation, field_labels, prose_words, term_words

# How far after a deadline word its date may start ("by 23 Aug", "avant le 10/11").
DATE_START = 3
MAX_TERM_DAYS = 365


@dataclass(frozen=True)
class Term:
    days: int
    page: int
    line: str
    month_end: bool = False  # counted to the end of the month the days end in ("30 gg fine mese")


@dataclass(frozen=True)
class _Patterns:
    payment: re.Pattern[str]
    deadline: re.Pattern[str]
    days: re.Pattern[str]
    due_label: re.Pattern[str]
    debit: re.Pattern[str]
    debit_on: re.Pattern[str]
    month_end: re.Pattern[str]
    discount: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    words = term_words()
    due = sorted({label.text.casefold() for label in field_labels("due_date")}, key=len, reverse=True)
    return _Patterns(
        payment=re.compile(rf"(?<!\w)(?:{alternation(words.payment)})", re.I),
        deadline=re.compile(rf"(?<!\w)(?:{alternation(words.deadline)})(?:\s+|$)", re.I),  # may end its line
        days=re.compile(
            rf"(?<!\w)(?:net|netto)\s*(\d{{1,3}})(?!\d)|(?<![\d,.])(\d{{1,3}})\s*(?:{alternation(words.days)})(?!\w)",
            re.I,
        ),
        due_label=re.compile(rf"(?<!\w)(?:{alternation(due)})(?!\w)", re.I),
        debit=re.compile(rf"(?<!\w)(?:{alternation(prose_words(lambda words: words.debit))})", re.I),
        debit_on=re.compile(
            rf"(?<!\w)(?:{alternation(prose_words(lambda words: words.debit_on))})(?:\s+|$)", re.I
        ),
        month_end=re.compile(rf"(?<!\w)(?:{alternation(words.month_end)})(?!\w)", re.I),
        discount=re.compile(rf"(?<!\w)(?:{alternation(prose_words(lambda words: words.discounts))})", re.I),
    )


CLAUSE_END = re.compile(r"[,;]\s")  # "14 Tage 2 % Skonto (bis 18.03.2026), 30 Tage netto …"


@cache
def _another_way() -> re.Pattern[str]:
    """A word that offers another way ("oder", "or", "ou"), as its own word."""
    alternatives = {word for lang in vocab.languages() for word in lang.clause_alternatives}
    return re.compile(rf"\s(?:{alternation(sorted(alternatives))})\s", re.IGNORECASE)


def _clause_ends(text: str) -> list[int]:
    """Where the text's clauses end: at a comma or a semicolon, and at a word offering another way
    after a whole early payment's offer, its discount and its date ("… bis 25.03.2025 mit 2 %
    Skonto oder bis 14.04.2025 netto"; not "Desconto de 2% para pagamento até o dia …")."""
    ends = [match.start() for match in CLAUSE_END.finditer(text)]
    for match in _another_way().finditer(text):
        head = text[max((end for end in ends if end < match.start()), default=0) : match.start()]
        if _patterns().discount.search(head) and norm.find_dates(head, month_first=False):
            ends.append(match.start())
    return sorted(ends)


def without_early_payments(text: str) -> str:
    """The text without its clauses that offer a discount for paying early: "Zahlungsbedingungen:
    14 Tage 2 % Skonto (bis 18.03.2026), 30 Tage netto (zahlbar bis 03.04.2026)" is due on the
    second date."""
    bounds = [0, *_clause_ends(text), len(text)]
    clauses = [text[a:b].lstrip(",; ") for a, b in itertools.pairwise(bounds)]
    kept = [clause for clause in clauses if not _patterns().discount.search(clause)]
    return ", ".join(kept) if len(kept) < len(clauses) else text


def _an_early_payments(line: str, start: int) -> bool:
    """Whether the clause of a line around ``start`` (between commas or semicolons, or a word
    offering another way) offers a discount for paying early ("14 Tage 2 % Skonto (bis
    18.03.2026)", "10 jours escompte 2 %"): its deadline or term in days is the discount's, not the
    due date's."""
    ends = _clause_ends(line)
    opening = max((end for end in ends if end < start), default=0)
    closing = min((end for end in ends if end >= start), default=len(line))
    return _patterns().discount.search(line, opening, closing) is not None


SENTENCE_WINDOW = 48
WRAP_ROOM = 24  # a sentence with less than this left on its line goes on on the next one


def following_text(lines: list[tuple[int, str]], position: int, start: int) -> str:
    """What follows a wording in its sentence, from ``start`` in the line at ``position``, on the
    next line of the page too when the line ends soon ("… payable by" / "4 April 2024", "… au plus
    tard le" / "17/06/2023")."""
    page, line = lines[position]
    rest = line[start:]
    if len(rest.strip()) < WRAP_ROOM and position + 1 < len(lines) and lines[position + 1][0] == page:
        rest = f"{rest.rstrip()} {lines[position + 1][1].strip()}"
    return rest[:SENTENCE_WINDOW]


def deadline_date(lines: list[tuple[int, str]], *, month_first: bool) -> tuple[str, int, str] | None:
    """(ISO date, page, line) of the first payment sentence's deadline (not an early payment's
    discount's), or of the day a direct debit takes the amount ("We'll collect £149.23 … on or
    after 28 March 2024"), or None."""
    patterns = _patterns()
    kinds = ((patterns.payment, patterns.deadline), (patterns.debit, patterns.debit_on))
    for position, (page, line) in enumerate(lines):
        for sentence, before_date in kinds:
            if not sentence.search(line):
                continue
            for match in before_date.finditer(line):
                if _an_early_payments(line, match.start()):
                    continue
                dates = norm.find_dates(following_text(lines, position, match.end()), month_first=month_first)
                if dates and dates[0][0] <= DATE_START:
                    return dates[0][1], page, line.strip()
    return None


def a_term_in_days(text: str) -> bool:
    """A cell that is only a term in days ("NET 15", "30 Tage"): no amount, though "Net" labels one."""
    return _patterns().days.fullmatch(text.strip(" .")) is not None


def payment_term(lines: list[tuple[int, str]]) -> Term | None:
    """The first term in days on a line that speaks of paying or of the due date, not an early
    payment's ("14 Tage 2 % Skonto, 30 Tage netto" is 30 days)."""
    patterns = _patterns()
    for page, line in lines:
        if not (patterns.payment.search(line) or patterns.due_label.search(line)):
            continue
        match = next(
            (m for m in patterns.days.finditer(line) if not _an_early_payments(line, m.start())), None
        )
        if match:
            days = int(match.group(1) or match.group(2))
            if days <= MAX_TERM_DAYS:
                return Term(days, page, line.strip(), bool(patterns.month_end.search(line, match.end())))
    return None


def due_after(issued: str, term: Term) -> str | None:
    """The date ``term.days`` after an ISO date, or None when the date does not read."""
    try:
        due = date.fromisoformat(issued) + timedelta(days=term.days)
    except ValueError:
        return None
    if term.month_end:
        due = due.replace(day=calendar.monthrange(due.year, due.month)[1])
    return due.isoformat()
