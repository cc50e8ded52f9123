"""From candidates to one value per field: the most certain, then the most consistent set.

Each field's candidates are ranked by score (label certainty times relation prior), earlier lines
first on ties. Fields that must agree are then chosen together: the money fields whose sum
must hold (subtotal + tax = total, opening/closing balances need no sum), and dates in order
(issued ≤ due, period start ≤ end). A set that breaks a check keeps its values with a lower
confidence and a note saying which check failed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.candidates import Candidate

TOP = 4  # alternatives per field weighed in a consistency check
MOST_TAX_LINES = 6  # a sum of this many tax lines at most (three rates, each with its surcharge)
TAX_LINES = 8  # tax lines weighed for a sum (each rate's line, beside their breakdown's cells)
MIN_SCORE = 0.4  # below this a label-led candidate is weaker than the type-driven finders
SUM_BONUS = 0.35
REPEAT_BONUS = 0.05  # per further line printing the same value for the same field
MAX_REPEATS = 2
NOT_WORDS = re.compile(r"[\W\d_]+")
ORDER_PENALTY = 0.3
AMOUNTS_DUE = ("total", "amount_due")
NOTHING_DUE = 0.5
# Pairs of date fields where the first must not be after the second.
DATE_ORDER_PAIRS = (
    ("invoice_date", "due_date"),
    ("statement_period_start", "statement_period_end"),
    ("order_date", "due_date"),
)


@dataclass(slots=True)
class Choice:
    candidate: Candidate
    confidence: float
    notes: list[str] = field(default_factory=list)


def _ranked(candidates: list[Candidate]) -> dict[str, list[Candidate]]:
    """Each field's distinct values, best first; a value found under several wordings (a receipt's
    total under "Total Sales" and again under "Total After Adj") counts a little more."""
    for cand in candidates:
        if cand.field in AMOUNTS_DUE and _amount(cand) == 0:
            cand.score *= NOTHING_DUE  # "TOTAL: 00" is a misread amount or a zero line, seldom the total
    strong = [c for c in candidates if c.score >= MIN_SCORE]
    wordings: dict[tuple[str, str], set[str]] = {}
    for cand in strong:  # the same wording twice is one line reprinted (a tax summary), not two
        wordings.setdefault((cand.field, repr(cand.value)), set()).add(
            NOT_WORDS.sub(" ", cand.line.text).strip()
        )
    by_field: dict[str, list[Candidate]] = {}
    for cand in sorted(strong, key=lambda c: (-c.score, c.line.index)):
        alternatives = by_field.setdefault(cand.field, [])
        if all(other.value != cand.value for other in alternatives):
            alternatives.append(cand)
    for name, alternatives in by_field.items():
        for cand in alternatives:
            cand.score += REPEAT_BONUS * min(len(wordings[(name, repr(cand.value))]) - 1, MAX_REPEATS)
        alternatives.sort(key=lambda c: (-c.score, c.line.index))
        _sign_read_as_digit_last(alternatives, lambda cand: len(wordings[(cand.field, repr(cand.value))]))
    return by_field


def _sign_read_as_digit_last(
    alternatives: list[Candidate], lines_printing: Callable[[Candidate], int]
) -> None:
    """An amount that is another as good with one digit more in front gives way to it: a currency's
    sign OCR read as a digit ("Closing balance  17,17,114.85" over the table's "Closing balance
    7,17,114.85", both "₹7,17,114.85"); a weaker one too where more lines print it ("Summe EUR
    318,75" against "Geg. girocard  18,75" and the card slip's "BETRAG EUR  18,75")."""
    best = alternatives[0] if alternatives else None
    if best is None or not MONEY_VALUE.fullmatch(str(best.value)):
        return
    for other in alternatives[1:]:
        reprinted = lines_printing(other) > lines_printing(best)
        if (
            other.score >= best.score - (REPRINTED_GAP if reprinted else NEAR_SCORE)
            and MONEY_VALUE.fullmatch(str(other.value))
            and len(str(other.value)) > SIGN_BEFORE_MIN_DIGITS
            and str(best.value)[1:] == str(other.value)
        ):
            alternatives.remove(other)
            alternatives.insert(0, other)
            return


MONEY_VALUE = re.compile(r"\d+\.\d{2}")
NEAR_SCORE = 0.05  # a score this close to the best's is as good
REPRINTED_GAP = 0.35  # or this close, for an amount more lines print than the best


def tax_lines(candidates: list[Candidate]) -> list[Candidate]:
    """Each line printing a tax, best first. One amount under two wordings is two lines ("CGST @ 9%"
    and "SGST @ 9%": India's central and state tax are always equal); one wording reprinted (a tax
    summary under the totals) is one; a column's sum is no line of its own."""
    seen: set[tuple[str, str]] = set()
    lines = []
    for cand in sorted(candidates, key=lambda c: (-c.score, c.line.index)):
        key = (repr(cand.value), NOT_WORDS.sub(" ", cand.line.text).strip())
        if cand.field == "tax" and cand.score >= MIN_SCORE and key not in seen and not cand.summed:
            seen.add(key)
            lines.append(cand)
    return lines[:TAX_LINES]


def _amount(cand: Candidate | None) -> Decimal | None:
    if cand is None:
        return None
    try:
        return Decimal(str(cand.value))
    except (InvalidOperation, ValueError):
        return None


def _sum_holds(subtotal: Candidate | None, tax: Candidate | None, total: Candidate | None) -> bool | None:
    """True/False when the three are known and add up (or not); None when one is missing."""
    s, t, g = _amount(subtotal), _amount(tax), _amount(total)
    if s is None or t is None or g is None:
        return None
    return abs(s + t - g) <= Decimal("0.02")


def _tax_over_its_base(subtotal: Candidate | None, tax: Candidate | None) -> bool:
    """A tax as large as the amount it is levied on: no rate is 100 %, so the two are swapped
    ("Summe netto 4.652,20", "Summe USt. 863,72", read the wrong way round)."""
    base, levied = _amount(subtotal), _amount(tax)
    return base is not None and levied is not None and 0 < base <= levied


# Cents with a third digit at the end: a currency sign after the amount that OCR read as a digit.
SIGN_AS_DIGIT = re.compile(r"\d[.,]\d{3}\.?$")


def _misread(money: dict[str, Candidate], ranked: dict[str, list[Candidate]]) -> dict[str, Candidate]:
    """The total or the tax as the other two make it, when OCR misread the printed one (the one
    chosen or another of its field's best, over the chosen subtotal or another of the best): the
    same digits without the decimal point ("837157" for 8371.57), the whole units with the cents
    lost ("$3,282." for 3,282.86), or a currency sign after or before it read as one digit more
    ("917,44 $" as "917,445.", "₹80,976.05" as "180,976.05"), or its first digit lost ("'442,64"
    for 1.442,64); the tax may be another of its best ("Totaal BTW" over one rate's line). The
    amounts to put in the chosen ones' place, or {} when none is misread."""
    if (
        _amount(money.get("tax")) is None
        or _amount(money.get("total")) is None
        or money.get("subtotal") is None
    ):
        return {}
    total = _amount(money["total"])
    for subtotal, taxed in itertools.product(
        [money["subtotal"], *ranked.get("subtotal", [])[:TOP]], [money["tax"], *ranked.get("tax", [])[:TOP]]
    ):
        base, tax = _amount(subtotal), _amount(taxed)
        if base is None or tax is None:
            continue
        for name, expected in (("total", base + tax), ("tax", total - base)):
            for printed in [money[name], *ranked[name][:TOP]]:
                if expected > 0 and _digits_misread(printed.printed, norm.money_text(expected)):
                    value = norm.money_text(expected)
                    read = Candidate(
                        name, value, printed.printed, printed.line, printed.score, printed.relation
                    )
                    return {"subtotal": subtotal, "tax": taxed, name: read}
    return {}


def _digits_misread(printed: str, expected: str) -> bool:
    """Whether OCR's reading of an amount is ``expected`` misread: its digits without the point
    (or with the point read as a digit), its units with the cents lost, or a currency sign after
    it read as one digit more; where the printed amount shows no cents, also with one digit
    misread ("4.774.343" for "1.774,34 €")."""
    digits, whole = re.sub(r"\D", "", printed), expected.replace(".", "")
    cents_lost = not norm.shows_its_decimals(printed)
    readings = [digits] + ([digits[:-1]] if cents_lost or SIGN_AS_DIGIT.search(printed) else [])
    if len(digits) > SIGN_BEFORE_MIN_DIGITS:
        readings.append(
            digits[1:]
        )  # a currency's sign before it read as a digit: "180,976.05" for "₹80,976.05"
    if cents_lost and len(digits) > MISREAD_MIN_DIGITS:
        readings.append(digits[:-3] + digits[-2:])  # the point read as a digit: "5 317282"
    meant = [whole] + ([expected.split(".")[0]] if cents_lost else [])
    same = any(reading == value for reading in readings for value in meant)
    # its first digit lost under a speck ("'442,64" for 1.442,64)
    same = same or (
        len(digits) >= MISREAD_MIN_DIGITS - 1 and len(whole) == len(digits) + 1 and whole.endswith(digits)
    )
    near = cents_lost and any(_one_digit_apart(reading, whole) for reading in readings)
    garbled = cents_lost and GARBLED.search(printed) is not None  # "Total fas 545551" for "$34,853.31"
    return bool(digits) and (same or near or garbled)


def _one_digit_apart(reading: str, whole: str) -> bool:
    return (
        len(reading) == len(whole) >= MISREAD_MIN_DIGITS
        and sum(a != b for a, b in zip(reading, whole, strict=True)) == 1
    )


MISREAD_MIN_DIGITS = 5  # one digit of fewer is too likely another amount
# Letters in small type run into an amount's digits, no cents shown ("fas 545551"): OCR read the
# sign and the figures as something else.
GARBLED = re.compile(r"(?<![^\W\d_])[a-z]{2,4}\s?\d{4,}$")
SIGN_BEFORE_MIN_DIGITS = 4  # an amount with a digit more in front: "1" for "₹" before "16.21" no shorter


def _best_money_set(
    ranked: dict[str, list[Candidate]], tax_lines: list[Candidate]
) -> tuple[dict[str, Candidate], bool | None]:
    options = [ranked.get(name, [])[:TOP] or [None] for name in ("subtotal", "tax", "total")]
    best, best_score, best_holds = None, float("-inf"), None
    for subtotal, tax, total in itertools.product(*options):
        picked = [c for c in (subtotal, tax, total) if c is not None]
        if subtotal and total and subtotal.line is total.line and subtotal.printed == total.printed:
            continue  # one printed amount is not both the subtotal and the total
        holds = _sum_holds(subtotal, tax, total)
        score = sum(c.score for c in picked) + (SUM_BONUS if holds else 0.0)
        if _tax_over_its_base(subtotal, tax):
            score -= SUM_BONUS  # the two swapped: their sum holds either way round
        if score > best_score:
            best, best_score, best_holds = (subtotal, tax, total), score, holds
    summed = _tax_lines_summed(options[0], tax_lines, options[2])
    if summed is not None and sum(c.score for c in summed) + SUM_BONUS > best_score:
        best, best_holds = summed, True
    chosen = {c.field: c for c in best or () if c is not None}
    if "subtotal" not in chosen and "tax" in chosen and best_holds is None:
        pair = _subtotal_among_totals(ranked.get("total", [])[:TOP], chosen["tax"])
        if pair is not None:
            (chosen["subtotal"], chosen["total"]), best_holds = pair, True
    if "subtotal" not in chosen and best_holds is None:
        nets = [_as_subtotal(c) for c in ranked.get("total", [])[:TOP]]
        summed = _tax_lines_summed(nets, tax_lines, options[2])
        if summed is not None:  # a tax summary's "Total  2,86,660.00  …", four tax lines over the total
            chosen, best_holds = {c.field: c for c in summed}, True
    return chosen, best_holds


def _one_amount_one_field(chosen: dict[str, Candidate]) -> None:
    """One printed amount is not both the subtotal and the total ("Summe  570,00 €" with no tax,
    the weak subtotal "Summe" reads as): it is the surer one's."""
    subtotal, total = chosen.get("subtotal"), chosen.get("total")
    if subtotal and total and subtotal.line is total.line and subtotal.printed == total.printed:
        del chosen["subtotal" if total.score >= subtotal.score else "total"]


def _as_subtotal(net: Candidate) -> Candidate:
    return Candidate("subtotal", net.value, net.printed, net.line, net.score, net.relation)


def _subtotal_among_totals(totals: list[Candidate], tax: Candidate) -> tuple[Candidate, Candidate] | None:
    """Two amounts labelled as totals, the first plus the tax making the second ("Totale onorari
    13'236.00", "IVA 8.1% 1'072.12", "Totale fattura 14'308.12"): the first is the subtotal."""
    for net, gross in itertools.permutations(totals, 2):
        if net.line is not gross.line and _sum_holds(net, tax, gross):
            return _as_subtotal(net), gross
    return None


def _tax_lines_summed(
    subtotals: list[Candidate | None], taxes: list[Candidate | None], totals: list[Candidate | None]
) -> tuple[Candidate, Candidate, Candidate] | None:
    """Two to four tax lines, one a rate ("zzgl. 7 % MwSt.", "zzgl. 19 % MwSt."; India's central
    and state tax at two rates), whose sum makes
    subtotal + tax = total: the tax is their sum (the best such set by score, None if none)."""
    lines = [c for c in taxes if c is not None and (_amount(c) or 0) > 0]
    best, best_score = None, float("-inf")
    for subtotal, total in itertools.product(subtotals, totals):
        if subtotal is None or total is None or subtotal.line is total.line:
            continue
        for size in range(2, MOST_TAX_LINES + 1):
            for parts in itertools.combinations(lines, size):
                if len({id(c.line) for c in parts}) < size:
                    continue
                tax = _summed(parts)
                score = subtotal.score + tax.score + total.score
                if _sum_holds(subtotal, tax, total) and score > best_score:
                    best, best_score = (subtotal, tax, total), score
    return best


def _summed(parts: tuple[Candidate, ...]) -> Candidate:
    first = parts[0]
    value = norm.money_text(sum(_amount(c) or 0 for c in parts))
    printed = " + ".join(c.printed for c in parts)
    return Candidate(first.field, value, printed, first.line, min(c.score for c in parts), first.relation)


def choose(
    candidates: list[Candidate], *, hints: dict[str, str] | None = None, checks: list[Candidate] = ()
) -> dict[str, Choice]:
    """One value per field; ``hints`` name a value the document confirms by other means (the total
    a receipt's tendered minus change gives), preferred among a field's candidates; ``checks``
    are the net's and the tax's candidates where they are not asked for, which only read back a
    total OCR misread."""
    ranked = _ranked(candidates)
    for name, value in (hints or {}).items():
        confirmed = [c for c in ranked.get(name, []) if c.value == value]
        if confirmed:
            ranked[name] = confirmed + [c for c in ranked[name] if c.value != value]
            ranked[name][0].score = max(ranked[name][0].score, 1.0)
    chosen = {name: alternatives[0] for name, alternatives in ranked.items()}
    notes: dict[str, list[str]] = {}
    if len({"subtotal", "tax", "total"} & ranked.keys()) >= 2 and "total" not in (hints or {}):
        money, holds = _best_money_set(ranked, tax_lines(candidates))
        repaired = _misread(money, ranked) if holds is False else {}
        for name, cand in repaired.items():
            money[name], holds = cand, True
            if name != "subtotal" and norm.parse_amount(cand.printed) != cand.value:
                notes[name] = [f"printed as {cand.printed!r}, read as the other amounts make it"]
        chosen.update(money)
        _one_amount_one_field(chosen)
        if holds is False:
            for name in money:
                notes.setdefault(name, []).append(SUM_BROKEN)
    elif "total" in chosen and "total" not in (hints or {}):
        _total_read_back(chosen, _ranked(list(checks)), tax_lines(list(checks)), notes)
    _order_dates(ranked, chosen, notes)
    return {
        name: Choice(cand, confidence(cand, notes.get(name)), notes.get(name, []))
        for name, cand in chosen.items()
    }


def _total_read_back(
    chosen: dict[str, Candidate],
    checking: dict[str, list[Candidate]],
    taxes: list[Candidate],
    notes: dict[str, list[str]],
) -> None:
    """The total as the net and the tax (not asked for) make it, where OCR misread it (``_misread``);
    the tax one line's or the sum of its lines (India's "CGST @ 2.5%  26.63", "SGST @ 2.5%  26.63")."""
    if "subtotal" not in checking or "tax" not in checking:
        return
    for tax in [checking["tax"][0]] + ([_summed(tuple(taxes))] if len(taxes) > 1 else []):
        money = {"subtotal": checking["subtotal"][0], "tax": tax, "total": chosen["total"]}
        if _sum_holds(*money.values()) is not False:
            return
        repaired = _misread(money, {**checking, "total": []})  # the chosen total misread, no other total
        if "total" in repaired:
            chosen["total"] = repaired["total"]
            notes["total"] = [
                f"printed as {repaired['total'].printed!r}, read as the net and its tax make it"
            ]
            return


def _order_dates(
    ranked: dict[str, list[Candidate]], chosen: dict[str, Candidate], notes: dict[str, list[str]]
) -> None:
    for first, second in DATE_ORDER_PAIRS:
        if first not in chosen or second not in chosen or chosen[first].value <= chosen[second].value:
            continue
        # the best pair in order, if one is close enough in score to the best pair out of order
        pairs = [(a, b) for a in ranked[first][:TOP] for b in ranked[second][:TOP] if a.value <= b.value]
        if pairs:
            a, b = max(pairs, key=lambda pair: pair[0].score + pair[1].score)
            if a.score + b.score + ORDER_PENALTY >= chosen[first].score + chosen[second].score:
                chosen[first], chosen[second] = a, b
                continue
        for name in (first, second):
            notes.setdefault(name, []).append(
                f"{first.replace('_', ' ')} is after {second.replace('_', ' ')}"
            )


SUM_BROKEN = "subtotal + tax does not equal the total"


def with_a_charge_between(choices: dict[str, Choice], charges: list[Decimal]) -> None:
    """Where the total is the subtotal plus the tax plus a charge printed between them (a stamp
    duty, "Timbre fiscal  1,000", "Bollo  2,00"), the sum holds: its note and lower confidence go."""
    money = [choices[name] for name in ("subtotal", "tax", "total") if name in choices]
    if len(money) < 3 or SUM_BROKEN not in money[2].notes:
        return
    subtotal, tax, total = (_amount(choice.candidate) for choice in money)
    if subtotal is None or tax is None or total is None or total - subtotal - tax not in charges:
        return
    for choice in money:
        if SUM_BROKEN in choice.notes:
            choice.notes.remove(SUM_BROKEN)
            choice.confidence = confidence(choice.candidate, choice.notes)


def confidence(cand: Candidate, notes: list[str] | None) -> float:
    """The candidate's score as a probability of being right; lower when a check failed."""
    value = 0.35 + 0.62 * min(cand.score, 1.0) * cand.line.confidence
    if notes:
        value *= 0.7
    return round(min(value, 0.99), 2)
