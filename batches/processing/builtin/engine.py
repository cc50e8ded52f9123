"""The offline extraction engine: values found by label, by layout and by type.

1. Candidate (label, value) pairs come from every line: ``label: value``, ``label | value``
   (table cells), ``label    value`` (wide gaps), dot leaders, a label alone on its line with
   the value below it, a row of labels over a row of values, and a known label at the start
   of a line followed by its value (PDF text loses the gaps).
2. A field takes the candidate whose label is closest to the field's wordings (fuzzy) and
   whose value parses as the field's type; failing that, type-driven finders (e-mails, phone
   numbers, the letterhead for a vendor, a currency sign) fill in.
3. Line items come from tables whose header names at least two item columns, or from text
   lines under such a header, read right-to-left as numbers.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.candidates import HEAD_LINES, TAIL_LINES, Candidate, Relation, find_candidates
from batches.processing.builtin.checks import (
    balances_by_their_marks,
    check_date_order,
    check_items,
    check_totals,
    closing_balance_in_its_row,
    sign_read_as_a_digit,
)
from batches.processing.builtin.choose import (
    DATE_ORDER_PAIRS,
    Choice,
    choose,
    tax_lines,
    with_a_charge_between,
)
from batches.processing.builtin.fallbacks import find_by_type
from batches.processing.builtin.fallbacks.addressees import windows_addressee_instead
from batches.processing.builtin.fallbacks.contacts import dialling_regions, tender_line
from batches.processing.builtin.fallbacks.dates import DUE_DATES, PRIMARY_DATES
from batches.processing.builtin.fallbacks.found import CELL_BREAK, Found
from batches.processing.builtin.fallbacks.names import initial_written_out
from batches.processing.builtin.fallbacks.parties import issuers_legal_name
from batches.processing.builtin.item_records import record_items
from batches.processing.builtin.items import (
    build_item,
    header_columns,
    layout_items,
    table_items,
    without_notes,
    without_payments,
    without_row_codes,
)
from batches.processing.builtin.items_net import (
    spaced_total_read_back,
    subtotal_from_items,
    total_from_items,
    total_from_its_parts,
    totals_read_back,
    without_optional_items,
)
from batches.processing.builtin.labels import label_index
from batches.processing.builtin.periods import date_range
from batches.processing.builtin.priced_rows import priced_rows, rows_adding_up
from batches.processing.builtin.readers import ReadDocument
from batches.processing.builtin.receipts import (
    owed_after_a_discount_or_a_tip,
    paid_as_read,
    paid_total,
    paid_under_a_lost_total,
    rounded_total,
)
from batches.processing.builtin.terms import due_after, following_text, payment_term
from batches.processing.builtin.values import DateOrder, month_first, parse
from batches.processing.builtin.vocabulary import (
    FIELDS,
    ITEM_COLUMNS,
    ITEM_COLUMNS_NORMALISED,
    field_type,
    normalise_label,
)
from batches.processing.layout.model import Layout, Line, Source
from batches.processing.vocab import alternation, field_labels, language_of, sentence_links

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _lines(document: ReadDocument) -> list[tuple[int, str]]:
    out = []
    for page_number, page in enumerate(document.pages, start=1):
        out.extend((page_number, line.rstrip()) for line in page.split("\n"))
    return out


def _parse(kind: str, value: str, *, month_first: bool) -> Any:
    return parse(kind, value, DateOrder(month_first))


@dataclass
class Context:
    """What every field's search shares: the text lines, the date order, the layout's choices."""

    document: ReadDocument
    lines: list[tuple[int, str]]
    window: list[tuple[int, str]]
    month_first: bool
    choices: dict[str, Choice]
    tax_lines: list[Candidate]  # each line printing a tax, best first


def _kind(spec) -> str:
    return spec.type if spec.type not in ("text",) else field_type(spec.name)


def _is_items(spec) -> bool:
    return spec.name == "line_items" or (_kind(spec) in ("line_items", "list") and bool(spec.children))


def _context(document: ReadDocument, specs: list) -> Context:
    lines = _lines(document)
    text = document.text
    language = language_of(text)
    order = DateOrder(month_first(text, language=language), dialling_regions(lines, text))
    # Labelled fields live in a document's header and footer blocks: on a long document only
    # those are searched (line items still read every line).
    window = lines if len(lines) <= HEAD_LINES + TAIL_LINES else lines[:HEAD_LINES] + lines[-TAIL_LINES:]
    kinds = {spec.name: _kind(spec) for spec in specs if not _is_items(spec)}
    checking = _checking_amounts(kinds)
    found = find_candidates(document.layout, label_index(tuple(kinds | checking)), kinds | checking, order)
    if "tax" in kinds | checking and not any(c.field == "tax" for c in found):
        found += _their_difference_printed(document.layout, found)  # "1.G.V. 18%: S/ 580.32"
    candidates = [c for c in found if c.field in kinds]
    candidates += _net_as_total(document.layout, kinds, candidates, order)
    if "total" in kinds and not any(c.field == "total" for c in candidates):
        candidates += _their_sum_printed(document.layout, found)  # its label's line lost its amount
    paid = paid_total(document.layout) if "total" in kinds else None
    if "total" in kinds and paid is None:  # the total's own amount unread: what paid it
        paid = paid_under_a_lost_total(document.layout, _read_beside_their_label(candidates, "total"))
    if paid is not None:  # what was handed over minus the change: the total, whatever its label
        candidates.append(
            Candidate(
                "total", norm.money_text(paid[0]), norm.money_text(paid[0]), paid[1], 0.8, Relation.RIGHT
            )
        )
    checks = [c for c in found if c.field in checking]
    choices = choose(candidates, hints={"total": norm.money_text(paid[0])} if paid else None, checks=checks)
    _round_total(choices, document.layout)
    _total_after_a_discount_or_a_tip(choices, candidates, document.layout)
    with_a_charge_between(choices, _charges_between(choices, document.layout))
    return Context(document, lines, window, order.month_first, choices, tax_lines(candidates))


def _charges_between(choices: dict[str, Choice], layout: Layout) -> list[Decimal]:
    """The amounts printed at the end of the lines between the subtotal's and the tax's and the
    total's (a stamp duty's "Timbre fiscal  1,000")."""
    if not all(name in choices for name in ("subtotal", "tax", "total")):
        return []
    top = max(choices["subtotal"].candidate.line.index, choices["tax"].candidate.line.index)
    bottom = choices["total"].candidate.line.index
    printed = (norm.parse_amount(line.cells[-1].text) for line in layout.lines if top < line.index < bottom)
    return [Decimal(amount) for amount in printed if amount is not None]


def _checking_amounts(kinds: dict[str, str]) -> dict[str, str]:
    """The net and the tax of a total asked for without them (an order's, a receipt's): found too,
    never returned, so that a total OCR misread is read back as they add up (``choose``'s checks)."""
    if "total" not in kinds:
        return {}
    return {name: kinds["total"] for name in ("subtotal", "tax") if name not in kinds}


def _net_as_total(
    layout: Layout, kinds: dict[str, str], candidates: list[Candidate], order: DateOrder
) -> list[Candidate]:
    """A document asked for its total and no subtotal (an order) that prints its net only
    ("Totaal excl. btw  € 12.827,50") and no tax, no total but the first row's amount under a
    column headed "Totaal": the net is all it totals to."""
    if "total" not in kinds or "subtotal" in kinds or any(_a_total_beside_its_label(c) for c in candidates):
        return []
    money = {"subtotal": kinds["total"], "tax": kinds["total"]}
    found = find_candidates(layout, label_index(tuple(money)), money, order)
    nets = {c.value for c in found if c.field == "subtotal"}
    if any(c.field == "tax" and c.value not in nets for c in found):  # ("zzgl. 19 % MwSt." under
        return _their_sum_printed(layout, found)  # the net is no tax): the total is more than the net
    return [Candidate("total", c.value, c.printed, c.line, c.score, c.relation) for c in found]


def _a_total_beside_its_label(candidate: Candidate) -> bool:
    """A total's candidate printed beside its label, after it: not the amount under a column's
    heading, nor a figure before a heading ("Prijs 3  Totaal €", where OCR read "€" as "3")."""
    return candidate.field == "total" and candidate.relation in (Relation.SAME_CELL, Relation.RIGHT)


UNLABELLED_TOTAL = 0.5  # the score of an amount with no label that is the net plus its tax


def _read_beside_their_label(candidates: list[Candidate], field: str) -> set[int]:
    """The indexes of the lines a field's value was read on beside its label."""
    beside = (Relation.SAME_CELL, Relation.RIGHT)
    return {c.line.index for c in candidates if c.field == field and c.relation in beside}


def _their_sum_printed(layout: Layout, found: list[Candidate]) -> list[Candidate]:
    """An amount printed alone under the net and its tax that is their sum ("SUBTOTAL  $ 16.781.200",
    "IVA 19 %  $ 3.188.428", then "$ 19.969.628", its label lost in a dark box a scan blackened)."""
    nets = [c for c in found if c.field == "subtotal" and c.value is not None]
    taxes = [c for c in found if c.field == "tax" and c.value is not None]
    # each sum, and the index of the lower of its two lines: the total is printed under both
    sums = {
        Decimal(str(n.value)) + Decimal(str(t.value)): max(n.line.index, t.line.index)
        for n in nets
        for t in taxes
    }
    for line in layout.lines:
        printed = line.text.strip()
        value = norm.parse_amount(printed) if len(line.cells) == 1 else None
        lower = sums.get(Decimal(value)) if value is not None else None
        if lower is not None and lower < line.index:
            return [Candidate("total", value, printed, line, UNLABELLED_TOTAL, Relation.BELOW)]
    return []


def _their_difference_printed(layout: Layout, found: list[Candidate]) -> list[Candidate]:
    """An amount printed at the end of a line with a rate between the net and the total that is
    their difference: the tax, its label no more than its rate or one OCR misread ("1.G.V. 18%:
    S/ 580.32" for "I.G.V.")."""
    nets = [c for c in found if c.field == "subtotal" and c.value is not None]
    totals = [c for c in found if c.field == "total" and c.value is not None]
    for net, total in itertools.product(nets, totals):
        tax = Decimal(str(total.value)) - Decimal(str(net.value))
        for line in layout.lines:
            if not net.line.index < line.index < total.line.index or "%" not in line.text or tax <= 0:
                continue
            printed = line.cells[-1].text.strip()
            if norm.parse_amount(printed) == norm.money_text(tax) or _levied_at_its_rate(line, net, tax):
                return [Candidate("tax", norm.money_text(tax), printed, line, UNLABELLED_TAX, Relation.RIGHT)]
    return []


def _levied_at_its_rate(line: Line, net: Candidate, tax: Decimal) -> bool:
    """Whether a line's rate of the net is the tax, to the cent, where OCR read its amount as no
    figure at all ("Umsatzsteuer 19 %  TALE" between "Summe netto 38,98" and "Rechnungsbetrag 46,39")."""
    if re.search(r"\d", line.cells[-1].text) or len(line.cells) < 2:
        return False
    rates = {Decimal(rate.replace(",", ".")) for rate in norm.TAX_RATE.findall(line.text)}
    base = Decimal(str(net.value))
    return any(abs(base * rate / 100 - tax) <= norm.CENT for rate in rates)


UNLABELLED_TAX = 0.6  # the score of an amount beside a rate only that is the total less the net


def _total_after_a_discount_or_a_tip(
    choices: dict[str, Choice], candidates: list[Candidate], layout: Layout
) -> None:
    """A total with a discount taken off it under it, or a tip added, gives way to the total owed
    or paid after it."""
    choice = choices.get("total")
    if choice is None or choice.candidate.summed:
        return
    first = choice.candidate
    later = [
        c
        for c in candidates
        if c.field == "total" and not c.summed and c.line.index > first.line.index and c.value is not None
    ]
    owed = owed_after_a_discount_or_a_tip(
        Decimal(str(first.value)), first.line, [(Decimal(str(c.value)), c.line) for c in later], layout
    )
    if owed >= 0:
        choice.candidate = later[owed]


def _round_total(choices: dict[str, Choice], layout: Layout) -> None:
    """A total printed before cash rounding gives way to the rounded one printed after it, and one
    OCR read a digit too many into, to the payment that settles it."""
    choice = choices.get("total")
    if choice is None:
        return
    total = Decimal(str(choice.candidate.value))
    found = rounded_total(total, layout) or paid_as_read(total, choice.candidate.line, layout)
    if found is not None:
        amount, line = found
        choice.candidate = Candidate(
            "total",
            norm.money_text(amount),
            norm.money_text(amount),
            line,
            choice.candidate.score,
            choice.candidate.relation,
        )


def extract_fields(document: ReadDocument, specs: list) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Values and their sources for the requested fields (FieldSpec-like objects), money read with
    three decimals where the document prints millimes."""
    with norm.money_decimals(3 if norm.prints_thousandths(document.text) else 2):
        return _extract_fields(document, specs)


def _extract_fields(document: ReadDocument, specs: list) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    context = _context(document, specs)
    data: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    warnings: list[str] = []
    digits_lost = 0  # items whose amount OCR lost digits of
    for spec in specs:
        if _is_items(spec):
            columns = [c.name for c in spec.children] or list(ITEM_COLUMNS)
            read = _guarded(
                spec.name, warnings, functools.partial(extract_line_items, document, context.lines, columns)
            )
            items, item_sources = read or ([], [])
            without_row_codes(items)
            without_notes(items, item_sources)
            without_payments(items, item_sources)
            digits_lost = check_items(items, item_sources, scanned=bool(document.layout.ocr_pages))
            data[spec.name], sources[spec.name] = items, item_sources
            continue
        found = _guarded(spec.name, warnings, functools.partial(_find, spec.name, _kind(spec), context))
        if found is None:
            warnings.append(not_found(spec.name))
            continue
        data[spec.name] = found.value
        sources[spec.name] = {
            "page": found.page,
            "snippet": found.snippet[:300],
            "confidence": found.confidence,
        }
        if found.notes:
            sources[spec.name]["notes"] = found.notes
    _due_by_terms_noted(data, warnings, context)
    without_optional_items(data, sources)
    subtotal_from_items(
        data,
        sources,
        context.document.layout,
        context.tax_lines,
        wanted=any(spec.name == "subtotal" for spec in specs),
    )
    asked = {spec.name for spec in specs}
    total_from_items(data, sources, context.document.layout, alone=not asked & {"subtotal", "tax"})
    if digits_lost:
        totals_read_back(data, sources)
    if document.layout.ocr_pages:
        spaced_total_read_back(data, sources)
    filled = total_from_its_parts(data, sources, context.document.layout, wanted="total" in asked)
    if filled and not_found("total") in warnings:
        warnings.remove(not_found("total"))
    if document.layout.ocr_pages:
        sign_read_as_a_digit(data, sources, context.lines)
    check_totals(data, sources, scanned=bool(document.layout.ocr_pages))
    closing_balance_in_its_row(data, sources, context.lines)
    balances_by_their_marks(data, sources, context.lines)
    for first, second in DATE_ORDER_PAIRS:
        check_date_order(data, sources, first, second)
    _mark_ocr(sources, document.layout)
    return data, sources, warnings


# What a rule's mistake raises on a document it was not written for: it costs that field, not
# the document's others. (A time limit or a refused file is no such mistake: it goes on up.)
RULE_ERRORS = (ArithmeticError, AttributeError, LookupError, TypeError, ValueError, re.error)


def _guarded(name: str, warnings: list[str], read: Callable[[], T]) -> T | None:
    """One field's reading; where a rule breaks on this document, a warning for that field (the
    error logged with its traceback) and None, the document's other fields read as usual."""
    try:
        return read()
    except RULE_ERRORS:
        logger.exception("builtin extraction: reading %s failed", name)
        warnings.append(f"{name}: could not be read (an error in the engine, logged)")
        return None


def not_found(name: str) -> str:
    """The warning for a field no rule found: the one wording later steps look for and replace."""
    return f"{name}: not found"


def _due_by_terms_noted(data: dict[str, Any], warnings: list[str], context: Context) -> None:
    """A due date not written anywhere: the issue date and a term in days ("Net 30") give one,
    said in the field's warning for the reader to act on, not made a value the document does not
    print (values are read as printed; labelled sets leave such a due date empty)."""
    issued = next((data[name] for name in PRIMARY_DATES if isinstance(data.get(name), str)), None)
    wanted = [name for name in DUE_DATES if not_found(name) in warnings]
    term = payment_term(context.window) if wanted and issued else None
    due = due_after(issued, term) if term and issued else None
    if due is None:
        return
    for name in wanted:
        at = warnings.index(not_found(name))
        warnings[at] = (
            f"{name}: not printed; the terms give {due}, {term.days} days after {issued} "
            f"({term.line.strip()[:120]!r}, page {term.page})"
        )


def _mark_ocr(sources: dict[str, Any], layout: Layout) -> None:
    """Say which values were read by OCR (their page had no text layer)."""
    ocr_pages = {page.number for page in layout.pages if page.source is Source.OCR}
    if not ocr_pages:
        return
    for source in sources.values():
        for entry in source if isinstance(source, list) else [source]:
            page = entry.get("page")
            entry["ocr"] = page in ocr_pages or (page is None and len(layout.pages) == len(ocr_pages))


def _find(name: str, kind: str, context: Context) -> Found | None:
    """One field: structures first (bullet lists, date ranges), then labels, then its type alone."""
    text, window, month_first = context.document.text, context.window, context.month_first
    if kind == "list":
        layout = context.document.layout
        bullets = find_by_type(name, kind, window, text, month_first=month_first, layout=layout)
        if bullets is not None and len(bullets.value) >= 2:
            return Found(bullets.value, bullets.page, bullets.snippet, 0.8)
    if kind in ("date_start", "date_end"):
        ranged = date_range(window, month_first)
        if ranged:
            start, end, page, line = ranged
            return Found(start if kind == "date_start" else end, page, line, 0.85)
    if kind == "payment":
        tender = tender_line(window)
        if tender is not None:
            return tender
    choice = context.choices.get(name)
    if choice is not None:
        cand = choice.candidate
        layout = context.document.layout
        value = (
            issuers_legal_name(
                name,
                str(cand.value),
                cand.line.text,
                window,
                text,
                layout,
                weak=cand.weak,
                taken=_other_parties(name, context),
            )
            or windows_addressee_instead(name, str(cand.value), layout, weak=cand.weak)
            or cand.value
        )
        if kind in ("party", "person"):
            value = initial_written_out(str(value), text)
        return Found(value, cand.line.page, cand.line.text, choice.confidence, choice.notes)
    return _inline(name, kind, window, month_first) or find_by_type(
        name,
        kind,
        window,
        text,
        month_first=month_first,
        layout=context.document.layout,
        taken=_other_parties(name, context),
    )


def _other_parties(name: str, context: Context) -> frozenset[str]:
    """The names labels gave the document's other parties: a letterhead is none of them."""
    return frozenset(
        str(choice.candidate.value)
        for field, choice in context.choices.items()
        if field != name and field_type(field) == "party"
    )


# How a value written right after its label in a sentence begins, by type.
INLINE_START = {
    "money": re.compile(r"[(\-]?(?:[$€£¥₹]|[A-Z]{3}\b|RM\b|Rs\.?)?\s?\d"),
    "date": re.compile(rf"(?:\d|(?:{norm.MONTH_RE})\b)", re.I),
    # a count right after its label ("Experience: 12 years"), not the next number of the sentence
    # ("Treize ans d'expérience en logistique, dont six comme responsable")
    "int": re.compile(r"[\s:#]*\d"),
}


def _inline(name: str, kind: str, lines, month_first: bool) -> Found | None:
    """A value written inside a sentence: "invoice INV-7 dated 5 March 2024 … due by April 4"."""
    if kind in ("party", "person", "list", "line_items") or name not in FIELDS:
        return None
    phrases = _sentence_phrases(name)
    for position, (page, line) in enumerate(lines):
        lowered = line.lower()
        for phrase in phrases:
            if phrase not in lowered:
                continue  # the cheap test first: most lines name none of a field's phrases
            if kind == "money" and len(header_columns(CELL_BREAK.split(line.strip()))) >= ITEM_HEADINGS:
                break  # "DESCRICAO  QTD UN  VL UN  VL TOTAL": a table's headings, its first row under them
            for match in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered):
                if kind == "date" and _qualified(line, match.start(), phrase):
                    continue
                window = _value_after(lines, position, match.end(), kind)
                window = _sentence_link().sub("", window)
                starts = INLINE_START.get(kind)
                if starts is not None and not starts.match(window):
                    continue  # "Total Qty 2": the words after the label are not its value
                value = _parse(kind, window, month_first=month_first)
                if value not in (None, "", []) and (kind != "id" or re.match(r"[#\s]*[A-Za-z0-9]", window)):
                    if kind == "id" and (value.lower() in phrases or not _right_after(value, window)):
                        continue  # "Folio:  A-" over "Av. Lázaro Cárdenas 3150": a street's number
                    if kind == "last4" and not _right_after(value, window):
                        continue  # "Compte chèques (CAD)" over the period's "2025-10-01": no number
                    return Found(value, page, line.strip(), 0.6)
    return None


def _value_after(lines, position: int, start: int, kind: str) -> str:
    """What follows a label in its sentence; a payment's words only on the label's own line when it
    holds any ("Forma de pago:  Efectivo" over "Entregado  90,00 €", the cash handed over)."""
    own = lines[position][1][start:]
    return own if kind == "payment" and own.strip(" :\t") else following_text(lines, position, start)


ITEM_HEADINGS = 2  # item columns a line names at least to be a table's headings, no sentence
ID_WORDS_AFTER = 3  # an identifier a sentence names stands within this many words of its label


def _right_after(value: str, window: str) -> bool:
    return str(value).split()[0] in " ".join(window.split()[:ID_WORDS_AFTER])


TITLED_WORD = re.compile(r"\b[A-Z\u00c0-\u00de][a-z\u00df-\u00ff]+\s+$")


def _qualified(line: str, start: int, phrase: str) -> bool:
    """A date's short one-word wording after a capitalised word is another label's tail ("Delivery
    date", "Order Date"), not the field named inside a sentence ("invoice … dated 5 March")."""
    return " " not in phrase and len(phrase) < MIN_SENTENCE_LABEL and bool(TITLED_WORD.search(line[:start]))


@functools.cache
def _sentence_link() -> re.Pattern[str]:
    """What stands between a label and its value in a sentence: a colon, or a linking word of
    any language ("is", "s'élève à", "beträgt", "era di")."""
    return re.compile(rf"^\s*(?:[:=\-]|(?:{alternation(sentence_links())})(?!\w))?\s*", re.I)


MIN_SENTENCE_LABEL = 8  # letters of a one-word label read inside a sentence


@functools.cache
def _sentence_phrases(name: str) -> list[str]:
    """A field's wordings that may stand inside a sentence, longest first: its name, its English
    words and every language's strong labels ("solde au début de la période : 8 628,03 €")."""
    strong = (
        label.text.casefold() for label in field_labels(name) if label.strong and _sentence_worthy(label.text)
    )
    phrases = {p for p in (name.replace("_", " "), *FIELDS[name][1], *strong) if len(p) >= 3}
    return sorted(phrases, key=len, reverse=True)


def _sentence_worthy(label: str) -> bool:
    """Long enough to mean the field inside prose: "BTW" in "Bedrag excl. BTW" or "Période" in
    "la période du 01/08 au 31/08" name something else there."""
    return " " in label.strip() or len(label) >= MIN_SENTENCE_LABEL


NUMBER_TOKEN = re.compile(r"(?<![\w.,])[-(]?[$€£]?\d[\d.,'\u2019]*\)?(?:\s?[A-Z]{3})?(?![\w])")


# A cheap first look: a header line names at least one of these (checked before normalising).
HEADER_HINT = re.compile(
    r"(?i)qty|quantit|descr|item|price|amount|total|rate|product|unit|hours|cost|service|article"
)
STOP_WORDS = re.compile(r"^(sub\s*total|total|tax|vat|net|grand|balance|amount due|shipping total)\b", re.I)


def _text_header(line: str) -> tuple[list[str], list[str]] | None:
    """A text line naming three item columns or more: (the columns before the description, the
    number columns after it), in the order the header names them ("Qty  Description  Unit  Total")."""
    if not HEADER_HINT.search(line) or re.search(r"\d{2,}", line):
        return None
    lowered = " " + normalise_label(line) + " "
    hits = [c for c, synonyms in ITEM_COLUMNS_NORMALISED.items() if any(s in lowered for s in synonyms)]
    if len(hits) < 3:
        return None
    positions = {}
    for column, synonyms in ITEM_COLUMNS_NORMALISED.items():
        spots = [spot for spot in (lowered.find(" " + s + " ") for s in synonyms) if spot >= 0]
        if spots:
            positions[column] = min(spots)
    ranked = sorted(positions, key=positions.get)
    cut = ranked.index("description") if "description" in ranked else 0
    return ranked[:cut], [c for c in ranked[cut:] if c != "description"]


def extract_line_items(document: ReadDocument, lines, wanted: list[str]) -> tuple[list[dict], list[dict]]:
    """Real tables first, then columns by position in the layout, then numbers read off text lines
    under a header, then items printed as blocks of labelled lines, then rows that price
    themselves where no header was read, then rows of a description and an amount over the line
    of their sum."""
    for reader in (
        lambda: table_items(document.tables, wanted),
        lambda: layout_items(document.layout, wanted),
        lambda: _text_line_items(lines, wanted),
        lambda: record_items(document.layout, wanted),
        lambda: priced_rows(document.layout, wanted),
        lambda: rows_adding_up(document.layout, wanted),
    ):
        items, sources = reader()
        if items:
            return items, sources
    return [], []


def _text_line_items(lines, wanted: list[str]) -> tuple[list[dict], list[dict]]:
    """Numbers read off text lines under a header that names the columns."""
    items, sources = [], []
    order: list[str] = []
    leading: list[str] = []
    pending = ""
    for page, raw_line in lines:
        line = raw_line.strip()
        header = _text_header(line)
        if header is not None:
            leading, order = header
            continue
        if not order or not line:
            continue
        if STOP_WORDS.match(line):
            order = [] if items else order
            continue
        spans = list(NUMBER_TOKEN.finditer(line))
        head = []
        if leading:
            if len(spans) < len(leading) + len(order) or spans[0].start() > 2:
                continue
            head, spans = spans[: len(leading)], spans[len(leading) :]
        if len(spans) < len(order):
            # a description that wrapped: its numbers follow on the next line
            pending = line if re.search(r"[A-Za-z]", line) else ""
            continue
        tail_spans = spans[-len(order) :]
        tail = [m.group(0) for m in tail_spans]
        description = line[head[-1].end() if head else 0 : tail_spans[0].start()].strip(" |-\t")
        if not re.search(r"[A-Za-z]", description) and pending:
            description = pending
        pending = ""
        if not description or not re.search(r"[A-Za-z]", description):
            continue
        raw = dict(zip(order, tail, strict=True)) | dict(
            zip(leading, [m.group(0) for m in head], strict=False)
        )
        raw["description"] = re.sub(r"\s{2,}|\s\|\s", " ", description).strip()
        item = build_item(raw, wanted)
        if item:
            items.append(item)
            sources.append({"page": page, "snippet": line[:300], "confidence": 0.8})
    return items, sources
