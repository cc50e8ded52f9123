"""Checks a document's values must pass together, applied after they are found.

Quantity x unit price = amount on each line item, and the line amounts add up to the subtotal
(or the total when there is no subtotal). A value that breaks a check keeps its place with a
lower confidence and a note saying which check failed; one that passes gains a little.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

TOLERANCE = Decimal("0.02")
BROKEN = 0.7  # confidence factor for a value that breaks a check
CONFIRMED = 0.05  # confidence added to a total the line items confirm


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        return None


def _flag(source: dict[str, Any], note: str) -> None:
    source["confidence"] = round(source.get("confidence", 0.5) * BROKEN, 2)
    source.setdefault("notes", []).append(note)


def check_items(items: list[dict[str, Any]], sources: list[dict[str, Any]]) -> None:
    """Quantity x unit price = amount, item by item."""
    for item, source in zip(items, sources, strict=False):
        quantity, price, amount = (_decimal(item.get(k)) for k in ("quantity", "unit_price", "amount"))
        if None not in (quantity, price, amount) and abs(quantity * price - amount) > TOLERANCE:
            _flag(source, f"quantity x unit price = {quantity * price:.2f}, not the amount {amount:.2f}")


def check_totals(data: dict[str, Any], sources: dict[str, Any], items_field: str = "line_items") -> None:
    """The line amounts add up to the subtotal, or to the total when no subtotal was asked for."""
    amounts = [_decimal(item.get("amount")) for item in data.get(items_field) or []]
    if not amounts or None in amounts:
        return
    target = "subtotal" if data.get("subtotal") is not None else "total"
    expected = _decimal(data.get(target))
    source = sources.get(target)
    if expected is None or not isinstance(source, dict):
        return
    total = sum(amounts, Decimal(0))
    if abs(total - expected) <= TOLERANCE:
        source["confidence"] = round(min(source.get("confidence", 0.5) + CONFIRMED, 0.99), 2)
    elif target == "subtotal" or _decimal(data.get("tax")) is None:
        _flag(source, f"the line amounts add up to {total:.2f}, not the {target} {expected:.2f}")
