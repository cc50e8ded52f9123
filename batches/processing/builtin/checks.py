"""Checks a document's values must pass together, applied after they are found.

Quantity x unit price = amount on each line item (or less a whole percentage: a discount), the
line amounts add up to the subtotal (or the total when there is no subtotal), and a later date is
not before an earlier one (a due date's year OCR misread by one digit is read back). A value that
breaks a check keeps its place with a lower confidence and a note saying which check failed; one
that passes gains a little.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.periods import BALANCES, CLOSING, balance_chain
from batches.processing.vocab import alternation, prose_words

TOLERANCE = Decimal("0.02")
MAX_DISCOUNT = 50  # per cent off a line; more is a misread, not a discount
BROKEN = 0.7  # confidence factor for a value that breaks a check
CONFIRMED = 0.05  # confidence added to a total the line items confirm


def as_decimal(value: Any) -> Decimal | None:
    """A value as a Decimal; None when it is blank or no number."""
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        return None


def _flag(source: dict[str, Any], note: str) -> None:
    source["confidence"] = round(source.get("confidence", 0.5) * BROKEN, 2)
    source.setdefault("notes", []).append(note)


ITEM_NUMBERS = ("quantity", "unit_price", "amount")
REPAIR_ORDER = ("unit_price", "amount", "quantity")
# OCR loses a thin decimal point or comma ("8.62" read "862", "3,00" read "300"): a whole number
# that is this many times too large, and alone breaks quantity x unit price = amount, is read back.
LOST_POINT_SCALES = (Decimal(100), Decimal(10), Decimal(1000))


def check_items(items: list[dict[str, Any]], sources: list[dict[str, Any]], *, scanned: bool = False) -> int:
    """Quantity x unit price = amount, item by item; a number that lost its decimal point is
    read back when that alone makes the line add up, a quantity OCR lost or misread (a year
    from the description) is the amount over the unit price when that is whole, and an amount
    OCR could not read ("BIZ." for "57,12") is quantity x unit price; a unit price OCR lost, where
    the table prints them, is the amount over the quantity when that comes to the cent; on a
    ``scanned`` page, digits OCR lost or misread are read back (``digits_restored``). Returns how
    many items had them read back (a scan that loses a column's first glyphs)."""
    digits_lost = 0
    counted = any(item.get("quantity") is not None for item in items) or _counts_unread(items)
    priced = any(item.get("unit_price") is not None for item in items)
    for item, source in zip(items, sources, strict=False):
        numbers = {k: as_decimal(item.get(k)) for k in ITEM_NUMBERS}
        if scanned and _the_prices_mark_lost(item, source, numbers):
            continue
        if counted and _quantity_derived(item, source, numbers, scanned=scanned):
            continue
        if _amount_unread(item, source, numbers) or (priced and _price_unread(item, source, numbers)):
            continue
        if None in numbers.values() or _adds_up(numbers):
            continue
        off = discount(numbers)
        if off is not None:
            source.setdefault("notes", []).append(f"amount: quantity x unit price less {off} %")
            continue
        repaired, how = _product_on_its_row(numbers, source), "the product printed on its row"
        if repaired is None:
            repaired, how = point_restored(numbers), "decimal point restored"
        if repaired is None and scanned:  # OCR's misreadings: a text layer's digits are as printed
            repaired, how = minus_restored(numbers), "a minus OCR lost read back"
        if repaired is None and scanned:
            repaired, how = digits_restored(numbers), "digits OCR lost read back"
            digits_lost += repaired is not None
        if repaired is None:
            quantity, price, amount = numbers.values()
            _flag(source, f"quantity x unit price = {quantity * price:.2f}, not the amount {amount:.2f}")
            continue
        name, value = repaired
        item[name] = (
            int(value) if name == "quantity" and value == value.to_integral() else norm.money_text(value)
        )
        source.setdefault("notes", []).append(f"{name}: {how} so the line adds up")
    return digits_lost


def _product_on_its_row(
    numbers: dict[str, Decimal | None], source: dict[str, Any]
) -> tuple[str, Decimal] | None:
    """The amount where the row prints quantity x unit price in a cell of its own and another
    number was taken for the amount (a VAT column's "122" OCR misread right of "47,40."): that."""
    quantity, price, amount = numbers.values()
    if quantity is None or price is None or amount is None or quantity <= 1:
        return None
    product = (quantity * price).quantize(norm.CENT)
    cells = SNIPPET_CELLS.split(source.get("snippet", ""))
    printed = {as_decimal(norm.parse_amount(cell)) for cell in cells if re.search(r"\d[.,]\d{2}\b", cell)}
    return ("amount", product) if product in printed and product != amount else None


def _counts_unread(items: list[dict[str, Any]]) -> bool:
    """Whether a table's counts were all lost (a scan's faint column under "Aantal") where its
    amounts show them: each of ``COUNTED_ROWS`` rows or more is its unit price a whole number of
    times, some once and some more (one row twice its price may be a table with no counts)."""
    times = []
    for item in items:
        price, amount = as_decimal(item.get("unit_price")), as_decimal(item.get("amount"))
        if price is None or amount is None or price <= 0:
            return False
        times.append(amount / price)
    whole = all(t == t.to_integral() for t in times)
    return len(times) >= COUNTED_ROWS and whole and min(times) == 1 and max(times) > 1


COUNTED_ROWS = 3


def _amount_unread(item: dict[str, Any], source: dict[str, Any], numbers: dict[str, Decimal | None]) -> bool:
    """An item with a quantity and a unit price but no amount: the amount is their product; where
    the "quantity" is the price to the cent, the two are the price and the amount of one."""
    quantity, price, amount = numbers.values()
    if amount is not None or quantity is None or price is None or "amount" not in item:
        return False
    if quantity == price and quantity != quantity.to_integral() and "quantity" in item:
        # "740,16  740,16" under the price's and the amount's headings, the count's cell unread
        # ("IST:" for "1 ST"): a count with cents is the price, the same sum beside it the amount
        item["quantity"], item["amount"] = 1, norm.money_text(price)
        source.setdefault("notes", []).append("quantity: 1 (unit price and amount printed alike)")
        return True
    item["amount"] = norm.money_text(quantity * price)
    source.setdefault("notes", []).append("amount: quantity x unit price (none read)")
    return True


def _price_unread(item: dict[str, Any], source: dict[str, Any], numbers: dict[str, Decimal | None]) -> bool:
    """An item with a count and an amount but no unit price ("Kabelkanal …  14  8.1%  150.50"):
    the price is the amount over the count, where that comes to the cent; one of a thing priced
    alone ("Shipping  1  12.00") printed no price."""
    quantity, price, amount = numbers.values()
    if price is not None or quantity is None or quantity <= 1 or amount is None or "unit_price" not in item:
        return False
    each = (amount / quantity).quantize(Decimal("0.01"))
    if each * quantity != amount:
        return False
    item["unit_price"] = norm.money_text(each)
    source.setdefault("notes", []).append("unit_price: amount / quantity (none read)")
    return True


def _the_prices_mark_lost(
    item: dict[str, Any], source: dict[str, Any], numbers: dict[str, Decimal | None]
) -> bool:
    """An uncounted line whose price prints the amount's digits without its decimal mark (OCR's
    '"248€' beside "2,48€", its count unread): one at the amount."""
    quantity, price, amount = numbers.values()
    if quantity is not None or price is None or amount is None or amount <= 0 or price != amount * 100:
        return False  # the mark between units and cents lost: a hundred times the amount, no more
    item["unit_price"], item["quantity"] = item["amount"], 1
    source.setdefault("notes", []).append("unit_price: its decimal mark OCR lost, one at the amount")
    return True


def _quantity_derived(
    item: dict[str, Any], source: dict[str, Any], numbers: dict[str, Decimal | None], *, scanned: bool
) -> bool:
    """A line with a unit price and an amount whose quantity is missing, or breaks the line
    without a lost decimal point to blame: amount / unit price when that is a whole number, or
    amount / (unit price less a discount the line prints, "5%"), when that is. On a ``scanned``
    page a discount the line does not print is a count OCR misread ("2" for 1 of 988.000 at
    988.000), not 50 % off."""
    quantity, price, amount = numbers.values()
    if price is None or amount is None or price == 0:
        return False  # a discount's line prints both negative ("Remise 5 %  -251,67  -251,67")
    snippet = source.get("snippet", "")
    if (
        quantity is not None
        and not quantity_misread(numbers, printed_rates(snippet))
        and (
            _adds_up(numbers)
            or point_restored(numbers) is not None
            or (
                discount(numbers) is not None
                and not _shipped_printed(numbers, snippet)
                and (not scanned or _prints_the_rate(discount(numbers), snippet))
            )
        )
    ):
        return False
    printed = sorted(printed_rates(snippet))
    for off in [0, *(rate for rate in printed if 0 < rate <= MAX_DISCOUNT)]:
        net = price * (100 - off) / 100
        derived = (amount / net).quantize(Decimal(1))
        if derived >= 1 and abs(derived * net - amount) <= TOLERANCE:
            item["quantity"] = int(derived)
            less = f" less {off} %" if off else ""
            source.setdefault("notes", []).append(
                f"quantity: the amount over the unit price{less} (none printed fits)"
            )
            return True
    return False


def _prints_the_rate(rate: int | None, snippet: str) -> bool:
    """Whether a row prints a discount's rate, with its sign or under a column of its own
    ("Telo PVC  PZ  40  17,20  5,00  653,60": 5 % off)."""
    printed = rf"(?<![\d.,]){rate}(?:[.,]0+)?\s?%?(?![\d.,])"
    return rate is not None and re.search(printed, snippet) is not None


def _shipped_printed(numbers: dict[str, Decimal | None], snippet: str) -> bool:
    """Whether the row prints, besides its quantity, the whole number its amount is the unit
    price times: the quantity shipped of one ordered ("10  6  4  EA  112.00  672.00" under "Qty
    Ord.  Qty Ship  B/O"), not a discount of 40 %."""
    quantity, price, amount = numbers.values()
    shipped = amount / price
    return (
        shipped == shipped.to_integral()
        and shipped != quantity
        and re.search(rf"(?<![\d.,]){int(shipped)}(?![\d.,])", snippet) is not None
    )


def discount(numbers: dict[str, Decimal | None]) -> int | None:
    """The whole percentage a line's amount is less than quantity x unit price by, to the cent
    (a discount's column: 250 x 11,40 = 2.850,00 less 10 % is 2.565,00), if any."""
    quantity, price, amount = numbers.values()
    gross = quantity * price
    if not gross or not 0 < amount < gross:
        return None
    off = (100 * (1 - amount / gross)).quantize(Decimal(1))
    matches = abs(gross * (100 - off) / 100 - amount) <= TOLERANCE
    return int(off) if matches and 0 < off <= MAX_DISCOUNT else None


PRICE_TO_AMOUNT_GAP = 2  # numbers that may stand between a price and its amount: a VAT rate, a code
SPACED_PRODUCT = 1  # the rank of a product apart: the worst that multiplies exactly
RATE_PRINTED = re.compile(r"(\d{1,2})(?:[.,]0+)?\s?%")


def printed_rates(text: str) -> set[int]:
    """The whole percentages a line prints ("5%", "10,00 %"): a discount's or a tax's rate."""
    return {int(rate) for rate in RATE_PRINTED.findall(text)}


def three_that_multiply(
    numbers: list[str],
    multiplies: Callable[[dict[str, Decimal]], bool] | None = None,
    rates: str = "",
    *,
    exact: bool = False,
    quantity: str | None = None,
) -> tuple[int, int, int] | None:
    """Where a row's quantity, price and amount stand among its numbers, in printed order.

    Best first: three side by side whose product is the amount; a quantity and a price side by
    side with their amount up to two numbers after them (a VAT rate or code printed between:
    "40,00  54,00  22,00  2.160,00"; or the discount's rate that makes it: "4  21,50  5,00
    81,70"); three side by side that add up less a discount or with a
    decimal point OCR lost; apart, less a discount the row prints among ``rates`` (its text).
    The rightmost of the best. ``multiplies``: how near the product must come (to the cent by
    default); ``exact``: only a product, no discount and no lost decimal point; ``quantity``: the
    quantity the row is known to print (a count in its unit), the only one a three may start with."""
    printed = printed_rates(rates)
    mark = norm.decimal_mark(numbers)  # "120,000  14,85  1.782,00": a quantity of 120
    values = [as_decimal(norm.parse_number(number, mark)) for number in numbers]
    found = _best_three(values, multiplies or _adds_up, printed, as_decimal(quantity))
    return found[1] if found and (found[0] <= SPACED_PRODUCT or not exact) else None


def _best_three(
    values: list[Decimal | None],
    multiplies: Callable[[dict[str, Decimal]], bool],
    rates: set[int],
    quantity: Decimal | None,
) -> tuple[int, tuple[int, int, int]] | None:
    """(rank, positions) of the best three, ranked as ``three_that_multiply`` says."""
    found: list[tuple[int, tuple[int, int, int]]] = []
    for start in range(len(values) - 3, -1, -1):
        three = _three(values, start, start + 2)
        if three and multiplies(three):
            found.append((0, (start, start + 1, start + 2)))
        elif three and quantity_misread(three, rates):
            found.append((SPACED_PRODUCT, (start, start + 1, start + 2)))
        elif three and (discount(three) is not None or point_restored(three) is not None):
            found.append((2, (start, start + 1, start + 2)))
    for end in range(len(values) - 1, 2, -1):
        for start in range(end - 3, max(end - 3 - PRICE_TO_AMOUNT_GAP, -1), -1):
            three = _three(values, start, end)
            if three and (multiplies(three) or _its_discount_between(three, values[start + 2 : end])):
                found.append((1, (start, start + 1, end)))
            elif three and discount(three) in rates:
                found.append((3, (start, start + 1, end)))
    if quantity is not None:
        found = [(rank, place) for rank, place in found if values[place[0]] == quantity]
    return min(found, key=lambda rank_and_place: rank_and_place[0]) if found else None


MISREAD_COUNT_DIGITS = 2  # "2" for "1" of a two-for-one offer is a discount of 50 %, not OCR


def quantity_misread(numbers: dict[str, Decimal | None], rates: set[int]) -> bool:
    """Whether a line's quantity is OCR's misreading of one digit of the whole number its amount
    is the unit price times ("25" for "15" before "11 937,40" and "179 061,00"), where the line
    prints no discount that would explain it."""
    quantity, price, amount = numbers.values()
    if quantity is None or not price or amount is None or quantity != quantity.to_integral():
        return False
    derived = amount / price
    return (
        derived == derived.to_integral()
        and derived != quantity
        and len(str(int(derived))) == len(str(int(quantity))) >= MISREAD_COUNT_DIGITS
        and _one_digit_apart(int(derived), int(quantity))
        and discount(numbers) not in rates
    )


def _its_discount_between(three: dict[str, Decimal], between: list[Decimal | None]) -> bool:
    """Whether the amount is quantity x price less the percentage printed between the price and
    the amount, in a discount's column ("4  21,50  5,00  81,70")."""
    off = discount(three)
    return off is not None and off in between


def _three(values: list[Decimal | None], start: int, end: int) -> dict[str, Decimal] | None:
    """A quantity and a price side by side from ``start``, the amount at ``end``; None where one
    is missing, or the amount is zero (a zero product adds up to anything zero)."""
    chosen = (values[start], values[start + 1], values[end])
    if None in chosen or not chosen[2]:
        return None
    return dict(zip(ITEM_NUMBERS, chosen, strict=True))  # type: ignore[arg-type]


def adds_up(numbers: dict[str, Decimal]) -> bool:
    """Quantity x unit price is the amount, to the cent, or is it less a discount, or would be
    had OCR not lost a decimal point."""
    return _adds_up(numbers) or discount(numbers) is not None or point_restored(numbers) is not None


def _adds_up(numbers: dict[str, Decimal | None]) -> bool:
    quantity, price, amount = numbers.values()
    return abs(quantity * price - amount) <= TOLERANCE


def point_restored(numbers: dict[str, Decimal | None]) -> tuple[str, Decimal] | None:
    """The one whole number that, divided by 10, 100 or 1000, makes the line add up.

    Prices first: 72 x 862 = 620.64 is mended by 8.62 or by a quantity of 0.72, and a quantity
    is mended only to a whole number ("3,00" read "300")."""
    for name in REPAIR_ORDER:
        value = numbers[name]
        if value is None or value != value.to_integral():
            continue
        for scale in LOST_POINT_SCALES:
            mended = value / scale
            if _adds_up({**numbers, name: mended}) and (name != "quantity" or mended == mended.to_integral()):
                return name, mended
    return None


def minus_restored(numbers: dict[str, Decimal | None]) -> tuple[str, Decimal] | None:
    """The amount or the unit price made negative where the line adds up but for its sign
    ("2  -59,60  119,20" of a credit note's returns): OCR loses a faint minus, it does not print
    one."""
    quantity, price, amount = numbers.values()
    if quantity is None or price is None or amount is None or quantity <= 0 or quantity * price != -amount:
        return None
    return ("amount", -amount) if amount > 0 else ("unit_price", -price)


def digits_restored(numbers: dict[str, Decimal | None]) -> tuple[str, Decimal] | None:
    """The amount or the unit price as the line's other two make it, where OCR lost a digit of
    the printed one: the amount's leading digits ("01,31" for 401,31, "072,92" for 1.072,92), or
    one digit of a price, or one more, that the amount over the count gives to the cent ("27," or
    "31527" for 2,17 or 31,27); one digit of either misread, where the count is more than one."""
    quantity, price, amount = numbers.values()
    if quantity is None or price is None or amount is None or quantity <= 0:
        return None
    product = quantity * price
    if lost_leading_digits(amount, product) or (quantity > 1 and _one_digit_misread(amount, product)):
        return "amount", product  # "219,15" for 3 x 71,05 = 213,15
    each = (amount / quantity).quantize(Decimal("0.01"))
    if (
        quantity > 1
        and each * quantity == amount
        and (_one_digit_dropped(price, each) or _one_digit_misread(price, each))
    ):
        return "unit_price", each  # "97,55" for 27,55
    return None


def lost_leading_digits(read: Decimal, meant: Decimal) -> bool:
    """Whether ``read`` is ``meant`` without its leading digit (and a thousands separator), as OCR
    reads a right-aligned column's figures that its first glyphs run into: 1.949,32 as 949,32."""
    lost = meant - read
    if read <= 0 or lost <= 0:
        return False
    place = Decimal(10) ** (len(str(int(lost))) - 1)
    return lost % place == 0 and place > read


def _one_digit_misread(read: Decimal, meant: Decimal) -> bool:
    """Whether ``read`` is ``meant`` with one digit of four or more misread ("219,15" for 213,15)."""
    shown, whole = (norm.money_text(v).replace(".", "") for v in (read, meant))
    differ = sum(a != b for a, b in zip(shown, whole, strict=False))
    return len(shown) == len(whole) >= MISREAD_DIGITS and differ == 1


MISREAD_DIGITS = 4  # an amount's digits, cents included, of which OCR may have misread one


def _one_digit_dropped(read: Decimal, meant: Decimal) -> bool:
    """Whether ``read``'s digits are ``meant``'s with one left out ("27," read for 2,17) or one
    more (a decimal comma read as a digit: "31527" for 31,27)."""
    shown, whole = (norm.money_text(v).replace(".", "").rstrip("0") for v in (read, meant))
    shorter, longer = sorted((shown, whole), key=len)
    if len(longer) - len(shorter) != 1 or not shorter:
        return False
    rest = iter(longer)
    return all(digit in rest for digit in shorter)


def closing_balance_in_its_row(
    data: dict[str, Any], sources: dict[str, Any], lines: list[tuple[int, str]]
) -> None:
    """A closing balance read from a row of several amounts, its label's ("Neuer Kontostand
    11.860,40  21.413,29  19.405,88": the debits', the credits' and the balance's sums), that is
    not the last balance the statement's running-balance column reaches, where that one is among
    the row's amounts: that one."""
    closing, source = data.get(CLOSING), sources.get(CLOSING)
    chain = balance_chain(lines) if closing is not None and isinstance(source, dict) else None
    if chain is None or chain[1][0] == closing:
        return
    printed = {
        norm.parse_amount(match.group(0)) for match in norm.AMOUNT_RE.finditer(source.get("snippet", ""))
    }
    if chain[1][0] in printed:
        data[CLOSING] = chain[1][0]
        source.setdefault("notes", []).append(f"{CLOSING}: the running balance's last, in its row")


# A row's snippet is its line's text, the cells apart by two spaces (``Line.text``); the checks run
# before the fallbacks, whose ``CELL_BREAK`` they cannot import.
SNIPPET_CELLS = re.compile(r"\s{2,}")


def balances_by_their_marks(
    data: dict[str, Any], sources: dict[str, Any], lines: list[tuple[int, str]]
) -> None:
    """A balance printed with a debit's mark after it ("Neuer Kontostand  233,70 S"), on a statement
    that marks its amounts with both sides' marks ("612,00 S", "2.143,77 H"), or with a debit's
    mark of two letters or more, which marks only what is overdrawn ("£312.40 DR"): below nought."""
    text = "\n".join(line for _page, line in lines)
    both = DEBIT_MARKED.search(text) and CREDIT_MARKED.search(text)
    if not (both or WORDED_DEBIT_MARKED.search(text)):
        return
    for field in BALANCES:
        value, source = as_decimal(data.get(field)), sources.get(field)
        if value is None or value <= 0 or not isinstance(source, dict):
            continue
        snippet = source.get("snippet", "")
        if any(norm.parse_amount(m.group(1)) == f"{value:.2f}" for m in DEBIT_MARKED.finditer(snippet)):
            data[field] = norm.money_text(-value)
            source.setdefault("notes", []).append(f"{field}: a debit's mark after it, below nought")


def _marked(marks: tuple[str, ...]) -> re.Pattern[str]:
    """An amount with its cents and one of ``marks`` after it, at its cell's end (group 1: the amount)."""
    amount = r"(?<![\d.,])(\d{1,3}(?:[.,' ]\d{3})*[.,]\d{2}|\d+[.,]\d{2})"
    return re.compile(rf"{amount}\s?(?:{alternation(marks)})(?=\s{{2,}}|\s*\||\s*$)", re.M)


# Every language's marks of an amount taken from the account and of one paid in (`[statements]`).
DEBIT_MARKED = _marked(prose_words(lambda words: words.debit_marks))
CREDIT_MARKED = _marked(prose_words(lambda words: words.credit_marks))
# A debit's mark of two letters or more ("DR", "Soll"): one letter alone may be anything's.
WORDED_DEBIT_MARKED = _marked(
    tuple(mark for mark in prose_words(lambda words: words.debit_marks) if len(mark) >= 2)
)


def check_totals(
    data: dict[str, Any], sources: dict[str, Any], items_field: str = "line_items", *, scanned: bool = False
) -> None:
    """The line amounts add up to the subtotal, or to the total when no subtotal was asked for; on
    a ``scanned`` page, the lines that do not add up are first settled by that sum
    (``_settled_by_the_sum``), and a sum that lost its decimal point is read back."""
    amounts = [as_decimal(item.get("amount")) for item in data.get(items_field) or []]
    if not amounts or None in amounts:
        return
    target = "subtotal" if data.get("subtotal") is not None else "total"
    expected = as_decimal(data.get(target))
    source = sources.get(target)
    if expected is None or not isinstance(source, dict):
        return
    items, item_sources = data.get(items_field) or [], sources.get(items_field) or []
    if scanned and (
        _settled_by_the_sum(items, item_sources, expected)
        or _points_restored_by_the_sum(items, item_sources, expected)
    ):
        amounts = [as_decimal(item.get("amount")) for item in data[items_field]]
    total = sum(amounts, Decimal(0))
    if scanned and total and expected in (total * scale for scale in LOST_POINT_SCALES):
        data[target], expected = norm.money_text(total), total  # "<11212" for "€ 112,12": its point lost
        source.setdefault("notes", []).append(f"{target}: decimal point restored, as the items' sum shows")
    if scanned and target == "subtotal" and _front_digits_lost(expected, total, data.get("total")):
        expected = _subtotal_read_back(data, sources, total)
    if abs(total - expected) <= TOLERANCE:
        source["confidence"] = round(min(source.get("confidence", 0.5) + CONFIRMED, 0.99), 2)
    elif target == "subtotal" or as_decimal(data.get("tax")) is None:
        _flag(source, f"the line amounts add up to {total:.2f}, not the {target} {expected:.2f}")


def _front_digits_lost(printed: Decimal, total: Decimal, grand: Any) -> bool:
    """Whether a subtotal OCR read is the items' sum with its first digits lost ("3,40" for
    "153,40"), under a total that is more than that sum."""
    digits, whole = f"{printed:.2f}".replace(".", ""), f"{total:.2f}".replace(".", "")
    grand_total = as_decimal(grand)
    return (
        0 < printed < total
        and len(digits) >= LOST_FRONT_MIN
        and whole.endswith(digits)
        and grand_total is not None
        and grand_total >= total
    )


LOST_FRONT_MIN = 3  # digits left of the sum: fewer are too likely another amount


def _subtotal_read_back(data: dict[str, Any], sources: dict[str, Any], total: Decimal) -> Decimal:
    """The subtotal as the items add up, where OCR lost its first digits; a tax whose cents OCR
    lost is then the total less it ("30, ae" for "30,68")."""
    grand, tax = as_decimal(data["total"]), as_decimal(data.get("tax"))
    data["subtotal"] = norm.money_text(total)
    sources["subtotal"].setdefault("notes", []).append(
        "subtotal: its first digits OCR lost, read from the items' sum"
    )
    levied = grand - total  # the total is known and more: ``_front_digits_lost``
    if tax is not None and isinstance(sources.get("tax"), dict) and tax != levied and int(tax) == int(levied):
        data["tax"] = norm.money_text(levied)
        sources["tax"].setdefault("notes", []).append(
            "tax: its cents OCR lost, read as the total less the subtotal"
        )
    return total


def sign_read_as_a_digit(data: dict[str, Any], sources: dict[str, Any], lines: list[tuple[int, str]]) -> None:
    """A scan's total whose currency sign OCR read as a leading digit ("11,292.00" for
    "\u20b91,292.00", "133577.41" for "$33,577.41"): read back without it where the document's own
    figures make that amount and not the one read: the items' sum, the subtotal and the tax, or a
    line's two amounts (a tax summary's net and tax)."""
    total, source = as_decimal(data.get("total")), sources.get("total")
    if total is None or total <= 0 or not isinstance(source, dict):
        return
    shown = norm.money_text(total)
    if len(shown.split(".")[0]) < 2:
        return
    meant = Decimal(shown[1:])
    made = _sums_printed(data, lines)
    if meant in made and total not in made:
        data["total"] = norm.money_text(meant)
        source.setdefault("notes", []).append("total: a currency sign read as its first digit, left out")


def _sums_printed(data: dict[str, Any], lines: list[tuple[int, str]]) -> set[Decimal]:
    """The sums a document's own figures make: its items' amounts, its subtotal and tax, and each
    line's two amounts to the cent."""
    sums: set[Decimal] = set()
    amounts = [as_decimal(item.get("amount")) for item in data.get("line_items") or []]
    if amounts and None not in amounts:
        sums.add(sum(amounts, Decimal(0)))
    subtotal, tax = as_decimal(data.get("subtotal")), as_decimal(data.get("tax"))
    if subtotal is not None and tax is not None:
        sums.add(subtotal + tax)
    for _page, text in lines:
        pair = [norm.parse_amount(m.group(0)) for m in norm.GROUPED_CENTS.finditer(text)]
        if len(pair) == 2 and None not in pair:
            sums.add(sum(map(Decimal, pair), Decimal(0)))
    return sums


def _settled_by_the_sum(
    items: list[dict[str, Any]], sources: list[dict[str, Any]], expected: Decimal
) -> bool:
    """A scan's lines whose quantity x unit price is still not their amount (no lost point, no
    single digit explained them: ``check_items``), settled by the sum the document prints: where
    the amounts as read make it, the unit price is misread (the amount over the count, to the cent:
    "13,98" for 73,58 of 8 x 588,64); where the products do, the amounts are ("311,52" for 3 x
    125,84 = 377,52). True when settled."""
    numbers, read = _numbers_and_their_sum(items)
    broken = {
        at: (row["quantity"], row["unit_price"], row["amount"])
        for at, row in enumerate(numbers)
        if None not in row.values() and row["quantity"] and not adds_up(row)
    }
    if not broken or len(sources) < len(items):
        return False
    if abs(read - expected) <= TOLERANCE:
        prices = {at: amount / quantity for at, (quantity, _price, amount) in broken.items()}
        if any(price != price.quantize(norm.CENT) for price in prices.values()):
            return False
        for at, price in prices.items():
            _settled(items[at], sources[at], "unit_price", price)
        return True
    products = {at: quantity * price for at, (quantity, price, _amount) in broken.items()}
    if (
        abs(read - sum(amount for _q, _p, amount in broken.values()) + sum(products.values()) - expected)
        > TOLERANCE
    ):
        return False
    for at, product in products.items():
        _settled(items[at], sources[at], "amount", product)
    return True


def _points_restored_by_the_sum(
    items: list[dict[str, Any]], sources: list[dict[str, Any]], expected: Decimal
) -> bool:
    """A scan's row whose unit price and amount both lost their cents' point ("4  3180  12720" for
    31,80 and 127,20), its product still right: both a hundredth, where that makes the items add
    up to the sum the document prints. True when restored."""
    numbers, read = _numbers_and_their_sum(items)
    if abs(read - expected) <= TOLERANCE or len(sources) < len(items):
        return False
    for at, row in enumerate(numbers):
        price, amount = row["unit_price"], row["amount"]
        if price is None or amount is None or price != price.to_integral() or amount != amount.to_integral():
            continue
        if row["quantity"] and adds_up(row) and abs(read - amount + amount / 100 - expected) <= TOLERANCE:
            _settled(items[at], sources[at], "unit_price", price / 100)
            _settled(items[at], sources[at], "amount", amount / 100)
            return True
    return False


def _numbers_and_their_sum(items: list[dict[str, Any]]) -> tuple[list[dict[str, Decimal | None]], Decimal]:
    """Each row's quantity, unit price and amount as decimals, and the sum of the amounts read."""
    numbers = [{k: as_decimal(item.get(k)) for k in ITEM_NUMBERS} for item in items]
    return numbers, sum((row["amount"] or Decimal(0) for row in numbers), Decimal(0))


def _settled(item: dict[str, Any], source: dict[str, Any], name: str, value: Decimal) -> None:
    item[name] = norm.money_text(value)
    notes = [note for note in source.get("notes", []) if "not the amount" not in note]
    source["notes"] = [*notes, f"{name}: read back, as the items' sum shows"]


# A later date this many days after the earlier at most, when its year is read back.
LONGEST_TERM = 366


def check_date_order(data: dict[str, Any], sources: dict[str, Any], first: str, second: str) -> None:
    """The second date is not before the first (a due date before the date of issue); one whose
    year OCR misread by one digit ("2020-10-09" on an invoice of 2025-09-09) is read back with the
    first's year or the next."""
    earlier, later = _date(data.get(first)), _date(data.get(second))
    source = sources.get(second)
    if earlier is None or later is None or later >= earlier or not isinstance(source, dict):
        return
    for year in (earlier.year, earlier.year + 1):
        mended = _with_year(later, year)
        if (
            mended is not None
            and 0 <= (mended - earlier).days <= LONGEST_TERM
            and _one_digit_apart(later.year, year)
        ):
            data[second] = mended.isoformat()
            source.setdefault("notes", []).append(f"year read as {year}: {later.year} is before the {first}")
            return
    _flag(source, f"before the {first} {earlier.isoformat()}")


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _with_year(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def _one_digit_apart(a: int, b: int) -> bool:
    return sum(x != y for x, y in zip(str(a), str(b), strict=True)) == 1
