"""A document's period: two dates joined by "to", "au", "bis", "-" (a statement's, a résumé's
position's), and which side of it a dated balance falls on."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

from batches.processing.builtin import normalise as norm
from batches.processing.vocab import alternation, prose_words, range_words, range_words_to


def _range_join() -> re.Pattern[str]:
    """What stands between the two dates of a period, in every language: "to", "au", "bis", "-"."""
    _starts, ends = range_words()
    printed = range_words_to()  # as printed: "t/m" (Dutch "tot en met"), normalised "t m"
    words = sorted({*ends, *printed, "to", "until", "till", "through", "thru"}, key=len, reverse=True)
    # the word's own colon when it labels the end ("From : 01/08/2025 To: 31/08/2025")
    return re.compile(r"^\s*(?:-|\u2013|\u2014|(?:" + "|".join(map(re.escape, words)) + r")\s*:?)\s*$", re.I)


RANGE_JOIN = _range_join()
# A period's first date printed without its year, the second with it: "1 February to 28 February
# 2025", "du 1er au 31 mars 2024", "March 1 - March 31, 2024": the first takes the second's year.
YEARLESS_FIRST = re.compile(
    rf"(?P<first>\b\d{{1,2}}{norm.DAY_MARK}\s+(?:{norm.MONTH_RE})\.?|\b(?:{norm.MONTH_RE})\.?\s+\d{{1,2}}\b)"
    rf"(?P<join>\s*\S+\s*)"
    rf"(?=(?:\d{{1,2}}{norm.DAY_MARK}\s+(?:{norm.MONTH_RE})\.?,?\s+(?:de\s+)?"
    rf"|(?:{norm.MONTH_RE})\.?\s+\d{{1,2}},?\s+)(?P<year>\d{{4}})\b)",
    re.I,
)

# A period's first day printed alone, its month and year only after the second's: "du 1er au 31
# mars 2025", "1. bis 31. März 2025", "1 - 31 March 2025".
DAY_ALONE_FIRST = re.compile(
    rf"(?<![\d./-])(?P<day>\d{{1,2}}){norm.DAY_MARK}(?P<join>\s*\S+\s*)"
    rf"(?=\d{{1,2}}{norm.DAY_MARK}\s+(?:de\s+)?(?P<month>{norm.MONTH_RE})\.?,?\s+(?:de\s+)?(?P<year>\d{{4}})\b)",
    re.I,
)


def _years_lent(line: str) -> str:
    """The line with a period's yearless first date given the year of the date it runs to, and a
    first day printed alone its month and year ("du 1er au 31 mars 2025", "1. bis 31. März 2025")."""

    def lent(match: re.Match[str]) -> str:
        if not RANGE_JOIN.match(match.group("join")):
            return match.group(0)
        return f"{match.group('first')} {match.group('year')}{match.group('join')}"

    def month_lent(match: re.Match[str]) -> str:
        if not RANGE_JOIN.match(match.group("join")):
            return match.group(0)
        return f"{match.group('day')} {match.group('month')} {match.group('year')}{match.group('join')}"

    return YEARLESS_FIRST.sub(lent, DAY_ALONE_FIRST.sub(month_lent, line))


# The first date's own text, up to its year: what follows it is the join.
FIRST_DATE = re.compile(
    r"^.*?(?:\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{4}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2}\b)\.?"
)
# Two dates side by side after a period's label or a statement's title, the dash between them lost
# to a cell's edge or to OCR ("Período | 20-06-2015 | 19-07-2015", "STATEMENT  01/03/2019 31/03/2019").
CELL_GAP = re.compile(r"\s+|\s*\|\s*")
PERIOD_NOUN = re.compile(alternation(prose_words(lambda words: words.period)), re.I)
PERIOD_WORDS = re.compile(
    rf"{PERIOD_NOUN.pattern}|\b(?:{alternation(prose_words(lambda words: words.period_from))})\b", re.I
)


# What a period's line wrapped onto the next one is short: "de 2023", "2018", "Jänner 2016".
WRAPPED_END = 16


def date_range(lines, month_first: bool) -> tuple[str, str, int, str] | None:
    """The first 'DATE to DATE' on a line that speaks of a period (or the first at all); a period
    whose end wrapped onto the next line is read across the break ("vom 01.07.2018 bis" /
    "31.07.2018", "Desde 1º de mayo de 2023 hasta 31 de mayo" / "de 2023")."""
    fallback = None
    for position, (page, line) in enumerate(lines):
        printed = _with_wrapped_end(lines, position)
        line = _years_lent(printed)
        dates = norm.find_dates(line, month_first=month_first)
        for (start_pos, start), (end_pos, end) in itertools.pairwise(dates):
            gap = FIRST_DATE.sub("", line[start_pos:end_pos], count=1)  # what joins the two dates
            joined = bool(RANGE_JOIN.match(gap))
            beside = bool(CELL_GAP.fullmatch(gap)) and bool(PERIOD_NOUN.search(line, 0, start_pos))
            if start > end or not (joined or beside):
                continue  # two dates in cells side by side: a period only after its label
            if beside or PERIOD_WORDS.search(line):  # "Período | 20-06-2015 | 19-07-2015"
                return start, end, page, printed.strip()
            fallback = fallback or (start, end, page, printed.strip())
    return fallback


def _with_wrapped_end(lines, position: int) -> str:
    """A period's line and the short rest of its cell, the last one on the next line of the page
    (a column of addresses beside it, table edges "|" left out), where the line or the next one's
    label names a period ("1 oktober 2025 t/m 31 oktober" over "Periode  2025"), or the label
    stands alone between the two, level with the middle of the wrapped cell ("1 de abril de 2025 al
    30 de abril de" over "Periodo" over "2025")."""
    page, line = lines[position]
    following = lines[position + 1] if position + 1 < len(lines) else None
    labelled = following is not None and PERIOD_WORDS.fullmatch(following[1].strip(" |:")) is not None
    if labelled and position + 2 < len(lines):
        following = lines[position + 2]
    if following is None or following[0] != page:
        return line
    cells = [cell.strip(" |") for cell in re.split(r"\s{2,}", following[1])]
    if not (labelled or PERIOD_WORDS.search(line) or any(PERIOD_WORDS.match(cell) for cell in cells[:-1])):
        return line  # the period's label may stand level with its end's line ("Periode  2025")
    rest = next((cell for cell in reversed(cells) if cell), "")
    if not rest or len(rest) > WRAPPED_END or not re.search(r"\d", rest):
        return line
    return f"{line.rstrip(' |')} {rest}"


OPENING, CLOSING = "opening_balance", "closing_balance"
BALANCES = (OPENING, CLOSING)


def dated_balance(field: str, label_rest: str, period: tuple[str, str] | None, *, month_first: bool) -> str:
    """The balance a label dates names: one dated before the period opens it ("Solde créditeur au
    30 Novembre 2018" over a December statement, "Kontostand am 30.11.2018", or on its first day:
    "Solde au 01/07/2025" over July), one dated at its end or after closes it ("Solde au 31
    Décembre 2018"); any other field or date is left as it is."""
    if field not in BALANCES or period is None:
        return field
    dates = norm.find_dates(label_rest, month_first=month_first)
    if not dates:
        return field
    day = dates[0][1]
    if day < period[0] or day == period[0] < period[1]:
        return OPENING
    return CLOSING if day >= period[1] else field


# A statement's rows each end with the movement and the balance after it: where the balances
# chain (each the one before plus or minus the movement) for this many rows, they are the
# account's, and the chain's ends are its opening and closing balances.
CHAIN_ROWS = 3
CENTS = re.compile(r"[.,]\d{2}\)?$")


def balance_chain(lines: list[tuple[int, str]]) -> tuple[Balance | None, Balance] | None:
    """The opening and closing balances a statement's running-balance column gives (each with its
    page and line), where no label names them or OCR lost the figure: the longest run of rows
    whose balances chain; its first row is the opening one where it holds a balance alone ("SALDO
    ANTERIOR  3.412,58"). None where no column chains."""
    best: list[tuple[Decimal, int, str, bool]] = []
    chain: list[tuple[Decimal, int, str, bool]] = []
    for page, line in lines:
        amounts = _row_amounts(line)
        if not amounts:
            continue
        balance, movement = amounts[-1], amounts[-2] if len(amounts) >= 2 else None
        if chain and movement is None and balance == chain[-1][0]:
            continue  # the balance carried to the next page and brought on it ("Übertrag  12.138,96")
        if chain and movement is not None and _follows(chain[-1][0], movement, balance):
            chain.append((balance, page, line, False))
        else:
            chain = [(balance, page, line, movement is None)]
        if len(chain) > len(best):
            best = list(chain)
    if len(best) <= CHAIN_ROWS:
        return None
    first, last = best[0], best[-1]
    opening = (norm.money_text(first[0]), first[1], first[2].strip()) if first[3] else None
    return opening, (norm.money_text(last[0]), last[1], last[2].strip())


Balance = tuple[str, int, str]  # a balance, its page and its line


def _row_amounts(line: str) -> list[Decimal]:
    """The amounts with cents a row ends with, in order."""
    out = []
    for match in norm.AMOUNT_RE.finditer(norm.without_dates(line)):
        if CENTS.search(match.group(0)):
            value = norm.parse_amount(match.group(0))
            if value is not None:
                out.append(Decimal(value))
    return out


def _follows(before: Decimal, movement: Decimal, balance: Decimal) -> bool:
    """A signed movement added, or an unsigned one added or taken away (credit and debit columns)."""
    return any(abs(before + step - balance) <= Decimal("0.01") for step in (movement, -movement))
