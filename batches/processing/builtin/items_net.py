"""An invoice's subtotal (or an order's total) as its items' sum, where no label names it but the
sum is printed.

India's GST invoices print the items, then "Output CGST @ 9%" and "Output SGST @ 9%", then the
total; the amount the tax is levied on appears only in the tax summary under them ("Taxable
Value 1,65,670.00"), under a heading no subtotal's label matches. The items' amounts add up to
it, and the tax lines make up the rest of the total: the subtotal is the items' sum, the tax the
sum of those lines.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from typing import Any

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.candidates import Candidate
from batches.processing.builtin.checks import as_decimal, lost_leading_digits
from batches.processing.builtin.fallbacks.found import CELL_BREAK
from batches.processing.layout.model import Layout
from batches.processing.vocab import alternation, prose_words

CENT = Decimal("0.02")
MAX_TAX_LINES = 4
CONFIDENCE = 0.75
NOTE = "the line items' sum, printed beside the tax"


def without_optional_items(data: dict[str, Any], sources: dict[str, Any]) -> None:
    """Items offered but not ordered ("Optional: Wartungsvertrag 1 Jahr  480,00"), where the
    others' amounts make the subtotal (or the total) and all of them do not: printed, not bought."""
    items = data.get("line_items") or []
    offered = [at for at, item in enumerate(items) if OPTIONAL.search(str(item.get("description") or ""))]
    amounts = [as_decimal(item.get("amount")) for item in items]
    if not offered or len(offered) == len(items) or None in amounts:
        return
    every = sum(amounts, Decimal(0))
    bought = every - sum((amounts[at] for at in offered), Decimal(0))
    sums = [s for s in (as_decimal(data.get("subtotal")), as_decimal(data.get("total"))) if s is not None]
    if any(abs(bought - s) <= CENT for s in sums) and not any(abs(every - s) <= CENT for s in sums):
        item_sources = sources.get("line_items") or []
        for at in reversed(offered):
            del items[at]
            if at < len(item_sources):
                del item_sources[at]


OPTIONAL = re.compile(
    rf"(?<!\w)(?:{alternation(prose_words(lambda words: words.optional))})(?!\w)", re.IGNORECASE
)


def subtotal_from_items(
    data: dict[str, Any], sources: dict[str, Any], layout: Layout, tax_lines: list[Candidate], *, wanted: bool
) -> None:
    """Fill a ``wanted`` subtotal the labels missed with the items' sum, or put it in place of
    one read that the tax does not make up the total with ("Taxable Value" over a tax summary's
    first row), when that sum is printed apart from the items and the tax (as read, or as the sum
    of the document's tax lines) makes up the rest of the total."""
    items, total = data.get("line_items") or [], as_decimal(data.get("total"))
    amounts = [as_decimal(item.get("amount")) for item in items]
    if not wanted or total is None or not amounts or None in amounts:
        return
    if data.get("subtotal") and _makes_up_the_total(as_decimal(data["subtotal"]), data, total, tax_lines):
        return
    net = sum(amounts, Decimal(0))
    rest = total - net
    if rest <= 0:
        return
    tax, parts = as_decimal(data.get("tax")), None
    if tax is None or abs(tax - rest) > CENT:
        parts = _lines_making(rest, tax_lines)
        if parts is None:
            return
    where = _printed_apart(net, layout, len(items))  # the costly test last: it reads every cell
    if where is None:
        return
    if parts is not None:
        data["tax"] = norm.money_text(sum((as_decimal(c.value) or 0 for c in parts), Decimal(0)))
        sources["tax"] = _source(
            parts[0].line.page, " + ".join(c.line.text for c in parts), "the tax lines' sum"
        )
    data["subtotal"] = norm.money_text(net)
    sources["subtotal"] = _source(where.page, where.text, NOTE)


def _makes_up_the_total(
    subtotal: Decimal | None, data: dict[str, Any], total: Decimal, tax_lines: list[Candidate]
) -> bool:
    """Whether a subtotal read and the tax (as read, or the sum of tax lines) make up the total;
    a subtotal that is no number is left as it is."""
    tax = as_decimal(data.get("tax"))
    if subtotal is None or (tax is not None and abs(subtotal + tax - total) <= CENT):
        return True
    return subtotal == total or _lines_making(total - subtotal, tax_lines) is not None


def total_from_items(data: dict[str, Any], sources: dict[str, Any], layout: Layout, *, alone: bool) -> None:
    """An order's total (asked for ``alone``: no subtotal, no tax) that a label gave as an item's
    own amount (its first row's, under a column headed "Gesamt"), where the items' sum is printed
    apart from them ("Bestellwert netto (zzgl." / "gesetzl. MwSt.)  4.774,82"): that sum."""
    items, total = data.get("line_items") or [], as_decimal(data.get("total"))
    amounts = [as_decimal(item.get("amount")) for item in items]
    if not alone or total is None or not amounts or None in amounts:
        return
    snippet = (sources.get("total") or {}).get("snippet")
    rows = {source.get("snippet") for source in sources.get("line_items") or []}
    net = sum(amounts, Decimal(0))
    if snippet not in rows or abs(net - total) <= CENT:
        return
    where = _printed_apart(net, layout, len(items))
    if where is not None:
        data["total"] = norm.money_text(net)
        sources["total"] = _source(where.page, where.text, "the line items' sum, printed under them")


def total_from_its_parts(
    data: dict[str, Any], sources: dict[str, Any], layout: Layout, *, wanted: bool
) -> bool:
    """Fill a ``wanted`` total no label gave (OCR's "Totai" for "Total") with the subtotal and tax
    read, where their sum is printed on a line of its own after both; True when filled."""
    subtotal, tax = as_decimal(data.get("subtotal")), as_decimal(data.get("tax"))
    if not wanted or data.get("total") or subtotal is None or tax is None or subtotal <= 0 or tax <= 0:
        return False
    wanted_text = norm.money_text(subtotal + tax)
    parts = {(sources[name] or {}).get("snippet") for name in ("subtotal", "tax")}
    where = next(
        (
            line
            for line in reversed(layout.lines)
            if line.text not in parts
            and any(norm.parse_amount(cell.text) == wanted_text for cell in line.cells)
        ),
        None,
    )
    if where is None:
        return False
    data["total"] = wanted_text
    sources["total"] = _source(where.page, where.text, "the subtotal and tax's sum, printed after them")
    return True


def _source(page: int, snippet: str, note: str) -> dict[str, Any]:
    return {"page": page, "snippet": snippet[:300], "confidence": CONFIDENCE, "notes": [note]}


def _printed_apart(net: Decimal, layout: Layout, items: int):
    """The line printing ``net`` (in any form) that is not an item's own (a single item's amount
    is its sum too, so then it must be printed twice), or None."""
    wanted = norm.money_text(net)
    lines = [
        line for line in layout.lines if any(norm.parse_amount(cell.text) == wanted for cell in line.cells)
    ]
    needed = 2 if items == 1 else 1
    return lines[-1] if len(lines) >= needed else None


def _lines_making(rest: Decimal, tax_lines: list[Candidate]) -> tuple[Candidate, ...] | None:
    """Two or more of the tax lines (each its own line) whose amounts add up to ``rest``."""
    lines = [c for c in tax_lines if (as_decimal(c.value) or 0) > 0]
    for size in range(2, MAX_TAX_LINES + 1):
        for parts in itertools.combinations(lines, size):
            if (
                len({id(c.line) for c in parts}) == size
                and abs(sum((as_decimal(c.value) or 0 for c in parts), Decimal(0)) - rest) <= CENT
            ):
                return parts
    return None


def totals_read_back(data: dict[str, Any], sources: dict[str, Any]) -> None:
    """A scan's subtotal, tax and total whose leading digits OCR lost ("600, 36", "012,08",
    "612,44" for 4.600,36, 1.012,08 and 5.612,44: they still add up among themselves), read back
    from what makes each: the items' sum, the subtotal at the tax's printed rate, their sum. Called
    where the items show that the scan loses a column's first glyphs."""
    amounts = [as_decimal(item.get("amount")) for item in data.get("line_items") or []]
    if not amounts or None in amounts or as_decimal(data.get("subtotal")) is None:
        return
    _read_back("subtotal", sum(amounts, Decimal(0)), data, sources)
    subtotal, tax = as_decimal(data.get("subtotal")), as_decimal(data.get("tax"))
    rates = norm.TAX_RATE.findall((sources.get("tax") or {}).get("snippet", ""))
    if tax is not None and len(rates) == 1:
        rate = Decimal(rates[0].replace(",", "."))
        _read_back("tax", (subtotal * rate / 100).quantize(Decimal("0.01")), data, sources)
        tax = as_decimal(data.get("tax"))
    if tax is not None:
        _read_back("total", subtotal + tax, data, sources)


def spaced_total_read_back(data: dict[str, Any], sources: dict[str, Any]) -> None:
    """On a scan, a subtotal, tax or total that the other two do not make up, where the digits OCR
    read on its line are those of what they make ("Total H.T.  696 5 0": its cents' mark lost
    and the digits spaced apart, read 696.00 for 696,50): that."""
    values = {name: as_decimal(data.get(name)) for name in ("subtotal", "tax", "total")}
    subtotal, tax, total = values.values()
    if None in values.values() or abs(subtotal + tax - total) <= CENT:
        return
    meant = {"subtotal": total - tax, "tax": total - subtotal, "total": subtotal + tax}
    for name, value in meant.items():
        last = CELL_BREAK.split((sources.get(name) or {}).get("snippet", "").strip())[-1]
        if value > 0 and re.sub(r"\D", "", last) == re.sub(r"\D", "", norm.money_text(value)).lstrip("0"):
            data[name] = norm.money_text(value)
            note = f"{name}: read back from its digits, as the others make it"
            sources[name].setdefault("notes", []).append(note)
            return


def _read_back(name: str, meant: Decimal, data: dict[str, Any], sources: dict[str, Any]) -> None:
    read = as_decimal(data.get(name))
    if read is None or not lost_leading_digits(read, meant):
        return
    data[name] = norm.money_text(meant)
    source = sources.setdefault(name, {})
    note = f"{name}: leading digits OCR lost read back ({norm.money_text(read)})"
    source.setdefault("notes", []).append(note)
