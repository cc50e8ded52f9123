"""Pieces every template uses: the column grid, party blocks, meta values, the item table, totals."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.styles import Border

from .model import Doc, Line
from .parties import ID_LABELS, Party
from .sheet import Look, Sheet

# ---- the grid: the item table decides the columns, the other blocks sit on them


@dataclass
class Grid:
    widths: list[float]
    col: dict[str, int]  # key -> first column (1-based)
    desc_span: int

    @property
    def last(self) -> int:
        return len(self.widths)

    @property
    def amount(self) -> int:
        return self.col["amount"]


def make_grid(
    doc: Doc, *, desc_width: float = 40, desc_parts: int = 2, lead: float = 0, min_width: float = 0
) -> Grid:
    """Columns: [pos] [sku] description (over ``desc_parts`` columns) qty [unit] price [disc] [rate] amount.

    ``lead`` adds an empty narrow first column, as templates with a left margin column have. A document
    drawn with a narrow description column gets one (not below ``min_width``): long descriptions wrap.
    """
    if doc.narrow_desc:
        desc_width = desc_width * 0.68
    desc_width = max(desc_width, min_width)
    widths: list[float] = []
    col: dict[str, int] = {}

    def add(key: str, width: float) -> None:
        col[key] = len(widths) + 1
        widths.append(width)

    if lead:
        add("lead", lead)
    if "pos" in doc.columns:
        add("pos", 5.5)
    if "sku" in doc.columns:
        add("sku", 13)
    col["desc"] = len(widths) + 1
    widths.extend([desc_width / desc_parts] * desc_parts)
    add("qty", 10 if doc.qty_style == "unit" else 8)
    if "unit" in doc.columns:
        add("unit", 7)
    add("price", 15 if doc.money.in_table else 12.5)
    if "discount" in doc.columns:
        add("discount", 8.5)
    if "rate" in doc.columns:
        add("rate", 8.5)
    add("amount", max(17.0, longest_date(doc) * 1.15 + 2))
    return Grid(widths=widths, col=col, desc_span=desc_parts)


def longest_date(doc: Doc) -> int:
    return max(len(doc.date_text(dt.date(2024, month, 28))) for month in range(1, 13))


def lines_needed(text: str, width: float, size: float = 10) -> int:
    """How many lines ``text`` takes in a cell ``width`` characters wide (a generous guess)."""
    per_line = max(4.0, width * 1.15 * 10 / size)
    words, lines, used = text.split(), 1, 0.0
    for word in words:
        need = len(word) + (1 if used else 0)
        if used + need > per_line and used:
            lines, used = lines + 1, len(word)
        else:
            used += need
    return lines + (1 if any(len(w) > per_line for w in words) else 0)


def put_fitted(sh: Sheet, row: int, col: int, text: str, look: Look, *, span: int = 1) -> None:
    """A text cell that wraps, its row grown to show every line."""
    sh.put(row, col, text, Look(**{**look.__dict__, "wrap": True}), span=span)
    fit_height(sh, row, text, sh.span_width(col, span), look.size * (1.1 if look.bold else 1.0))


def fit_height(sh: Sheet, row: int, text: str, width: float, size: float = 10) -> None:
    count = lines_needed(text, width, size)
    if count > 1:
        sh.height(row, math.ceil(count * size * 1.32 + 3))


# ---- parties


def party_lines(doc: Doc, party: Party, *, ids: bool, contact: bool = False) -> list[str]:
    rng = doc.rng
    lines = party.address_lines(with_country=rng.random() < 0.4)
    if contact and rng.random() < 0.5:
        lines.insert(0, party.contact)
    if ids and rng.random() < 0.8:
        lines.append(f"{ID_LABELS[doc.region.key]} {party.tax_id}")
    if ids and rng.random() < 0.6:
        lines.append(f"{doc.label('phone')} {party.phone}")
    if ids and rng.random() < 0.5:
        lines.append(party.email)
    return lines


def write_party(
    sh: Sheet,
    row: int,
    col: int,
    party: Party,
    field: str,
    *,
    span: int = 1,
    heading: str | None = None,
    heading_look: Look | None = None,
    name_look: Look | None = None,
    ids: bool = True,
    contact: bool = False,
    size: float = 10,
    width: float = 0,
    align: str | None = None,
) -> int:
    """Heading, name, address lines (and ids); returns the next free row.

    The cells wrap and the rows grow to fit ``width`` (characters; the span's width if not given).
    """
    doc = sh.doc
    width = width or sh.span_width(col, span)
    wrap = True
    if heading:
        sh.put(
            row,
            col,
            heading,
            heading_look or Look(bold=True, size=size - 1, color="606060", align=align),
            span=span,
        )
        row += 1
    look = name_look or Look(bold=True, size=size + 1)
    sh.put(row, col, party.name, Look(**{**look.__dict__, "wrap": wrap, "align": align}), span=span)
    if wrap:
        fit_height(sh, row, party.name, width, look.size * 1.1 if look.bold else look.size)
    if field:
        doc.mark(field, party.name)
    row += 1
    for text in party_lines(doc, party, ids=ids, contact=contact):
        sh.put(row, col, text, Look(size=size, wrap=wrap, align=align), span=span)
        if wrap:
            fit_height(sh, row, text, width, size)
        row += 1
    return row


def issuer_field(doc: Doc) -> str:
    return "vendor_name" if doc.kind == "invoice" else "buyer"


def addressee_field(doc: Doc) -> str:
    return "customer_name" if doc.kind == "invoice" else "supplier"


def issuer_heading(doc: Doc) -> str:
    """The issuer's block: the seller of an invoice, the buyer (to be billed) of an order."""
    return doc.label("from") if doc.kind == "invoice" else doc.label("buyer")


def addressee_heading(doc: Doc) -> str:
    return doc.label("bill_to") if doc.kind == "invoice" else doc.label("supplier")


def title(doc: Doc) -> str:
    return doc.label("invoice_title" if doc.kind == "invoice" else "po_title")


def groups(grid: Grid, count: int, first: int = 1) -> list[tuple[int, int, float]]:
    """Split the columns from ``first`` on into ``count`` runs of about equal width: (col, span, width)."""
    widths = grid.widths[first - 1 :]
    count = min(count, len(widths))
    total, bounds, edge = sum(widths), [], 0.0
    ends = []  # cumulative right edge of each column
    for w in widths:
        edge += w
        ends.append(edge)
    for k in range(1, count):
        lowest = (bounds[-1] + 1) if bounds else 0
        highest = len(widths) - 1 - (count - k)
        best = min(range(lowest, highest + 1), key=lambda i: abs(ends[i] - total * k / count))
        bounds.append(best)
    bounds.append(len(widths) - 1)
    runs, start = [], 0
    for end in bounds:
        runs.append((first + start, end - start + 1, ends[end] - (ends[start - 1] if start else 0.0)))
        start = end + 1
    return runs


# ---- meta values (number, dates, references)


@dataclass
class Meta:
    label: str
    value: str | dt.date
    field: str | None = None


def meta_items(doc: Doc, *, short: bool = False) -> list[Meta]:
    """The document's header values in order; ``short`` keeps number, date and due date only."""
    rng = doc.rng
    if doc.kind == "invoice":
        items = [
            Meta(doc.label("invoice_no"), doc.number, "invoice_number"),
            Meta(doc.label("invoice_date"), doc.date, "invoice_date"),
            Meta(doc.label("due_date"), doc.due, "due_date"),
        ]
        optional = [
            (0.7, Meta(doc.label("customer_no"), doc.customer_no)),
            (0.45, Meta(doc.label("order_ref"), doc.order_ref)),
            (0.4, Meta(doc.label("delivery_date"), doc.delivery)),
        ]
    else:
        items = [
            Meta(doc.label("po_no"), doc.number, "po_number"),
            Meta(doc.label("order_date"), doc.date, "order_date"),
        ]
        optional = [
            (0.7, Meta(doc.label("delivery_date"), doc.delivery)),
            (0.5, Meta(doc.label("quote_ref"), doc.order_ref)),
            (0.4, Meta(doc.label("customer_no"), doc.customer_no)),
        ]
    if not short:
        items += [m for p, m in optional if rng.random() < p]
    if doc.show_currency_line:
        items.append(Meta(doc.label("currency"), doc.region.currency, "currency"))
    return items


def write_meta_value(
    sh: Sheet, row: int, col: int, item: Meta, look: Look | None = None, *, span: int = 1
) -> None:
    look = look or Look()
    if isinstance(item.value, dt.date):
        text = sh.date(row, col, item.value, look, span=span)
    else:
        sh.put(row, col, item.value, look, span=span)
        text = item.value
    if item.field:
        sh.doc.mark(item.field, text)


def write_meta_pairs(
    sh: Sheet,
    row: int,
    label_col: int,
    value_col: int,
    items: list[Meta],
    *,
    label_look: Look,
    value_look: Look,
    label_span: int = 1,
    value_span: int = 1,
) -> int:
    for item in items:
        sh.put(row, label_col, item.label, label_look, span=label_span)
        write_meta_value(sh, row, value_col, item, value_look, span=value_span)
        row += 1
    return row


# ---- the item table


@dataclass
class Table:
    first: int  # first item row
    last: int  # last row of the table, spare rows included
    amount_col: int
    rate_col: int | None = None

    def amounts(self, sh: Sheet) -> str:
        return f"{sh.ref(self.first, self.amount_col)}:{sh.ref(self.last, self.amount_col)}"


@dataclass(frozen=True)
class TableLook:
    head: Look
    cell_border: Border | None = None
    zebra: str | None = None
    size: float = 10
    head_height: float = 0


def _headers(doc: Doc) -> dict[str, str]:
    return {
        "pos": doc.label("pos"),
        "sku": doc.label("sku"),
        "desc": doc.label("description"),
        "qty": doc.label("qty"),
        "unit": doc.label("unit"),
        "price": doc.label("unit_price"),
        "discount": doc.label("discount_col"),
        "rate": doc.label("rate_col"),
        "amount": doc.label("amount"),
    }


def write_header_row(sh: Sheet, row: int, grid: Grid, look: TableLook) -> None:
    right = {"qty", "price", "discount", "rate", "amount"}
    for key, text in _headers(sh.doc).items():
        if key not in grid.col:
            continue
        span = grid.desc_span if key == "desc" else 1
        align = "right" if key in right else ("center" if key in ("pos", "unit") else "left")
        head = Look(**{**look.head.__dict__, "align": align, "wrap": True})
        sh.put(row, grid.col[key], text, head, span=span)
    if look.head_height:
        sh.height(row, look.head_height)


def _qty_format(doc: Doc, line: Line) -> str:
    if doc.qty_style == "dec":
        return f"[$-{doc.region.lcid}]0.00"
    if doc.qty_style == "unit":
        return f'0" {line.unit}"'
    return "0"


def _line_formula(sh: Sheet, row: int, grid: Grid, *, blank_when_empty: bool) -> str:
    qty, price = sh.ref(row, grid.col["qty"]), sh.ref(row, grid.col["price"])
    product = f"{qty}*{price}"
    if "discount" in grid.col:
        product = f"ROUND({product}*(1-{sh.ref(row, grid.col['discount'])}),2)"
    if blank_when_empty:
        return f'=IF({qty}="","",{product})'
    return f"={product}"


def write_item_row(
    sh: Sheet, row: int, grid: Grid, line: Line, index: int, look: TableLook, fill: str | None
) -> None:
    doc = sh.doc
    base = Look(size=look.size, border=look.cell_border, fill=fill)
    cell = Look(**{**base.__dict__, "align": "right"})
    desc_width = sum(grid.widths[grid.col["desc"] - 1 : grid.col["desc"] - 1 + grid.desc_span])
    if "pos" in grid.col:
        sh.put(row, grid.col["pos"], index, Look(**{**base.__dict__, "align": "center"}))
    if "sku" in grid.col:
        sh.put(row, grid.col["sku"], line.sku, base)
    wrapped = Look(**{**base.__dict__, "wrap": True})
    sh.put(row, grid.col["desc"], line.description, wrapped, span=grid.desc_span)
    fit_height(sh, row, line.description, desc_width, look.size)
    sh.put(row, grid.col["qty"], line.qty, cell, fmt=_qty_format(doc, line))
    if "unit" in grid.col:
        sh.put(row, grid.col["unit"], line.unit, Look(**{**base.__dict__, "align": "center"}))
    in_table = doc.money.in_table
    price = sh.money(row, grid.col["price"], line.unit_price, line.unit_price, cell, token=in_table)
    if "discount" in grid.col:
        sh.percent(row, grid.col["discount"], line.discount, cell)
    if "rate" in grid.col:
        sh.percent(row, grid.col["rate"], line.rate, cell)
    formula = _line_formula(sh, row, grid, blank_when_empty=False)
    amount = sh.money(row, grid.col["amount"], formula, line.amount, cell, token=in_table)
    doc.printed.setdefault("line_items", []).append(
        {
            "description": line.description,
            "quantity": doc.qty_text(line),
            "unit_price": price,
            "amount": amount,
        }
    )


def write_spare_row(sh: Sheet, row: int, grid: Grid, look: TableLook, fill: str | None) -> None:
    """A template's unused row: borders, maybe a formula that prints 0.00 or nothing."""
    doc = sh.doc
    base = Look(size=look.size, border=look.cell_border, fill=fill)
    for key, col in grid.col.items():
        if key in ("lead",):
            continue
        span = grid.desc_span if key == "desc" else 1
        sh.put(row, col, None, base, span=span)
    formula = _line_formula(sh, row, grid, blank_when_empty=doc.spare_blank)
    sh.money(
        row,
        grid.amount,
        formula,
        Decimal(0),
        Look(**{**base.__dict__, "align": "right"}),
        token=doc.money.in_table,
    )


def write_items(sh: Sheet, row: int, grid: Grid, look: TableLook, *, with_header: bool = True) -> Table:
    if with_header:
        write_header_row(sh, row, grid, look)
        row += 1
    first = row
    for index, line in enumerate(sh.doc.lines, start=1):
        fill = look.zebra if look.zebra and index % 2 == 0 else None
        write_item_row(sh, row, grid, line, index, look, fill)
        row += 1
    for index in range(sh.doc.spare_rows):
        fill = look.zebra if look.zebra and (len(sh.doc.lines) + index + 1) % 2 == 0 else None
        write_spare_row(sh, row, grid, look, fill)
        row += 1
    return Table(first=first, last=row - 1, amount_col=grid.amount, rate_col=grid.col.get("rate"))


# ---- totals


@dataclass(frozen=True)
class TotalsLook:
    label: Look
    value: Look
    total_label: Look
    total_value: Look
    label_col: int
    label_span: int
    value_col: int


def _total_label(doc: Doc) -> str:
    if doc.kind == "purchase_order":
        return doc.label("po_total")
    if not doc.paid and doc.rng.random() < 0.35:
        return doc.label("total_due")
    return doc.label("total")


def write_totals(sh: Sheet, row: int, table: Table, look: TotalsLook) -> int:
    """Subtotal, discount, shipping, tax lines, total, paid and balance, as formulas; returns next row."""
    doc = sh.doc
    lc, vc, span = look.label_col, look.value_col, look.label_span
    goods_ref = f"SUM({table.amounts(sh)})"
    parts: list[str] = []
    if doc.discount_pct or doc.shipping:
        sh.put(row, lc, doc.label("goods_total"), look.label, span=span)
        sh.money(row, vc, f"={goods_ref}", doc.goods, look.value)
        goods_ref = sh.ref(row, vc)
        parts.append(goods_ref)
        row += 1
        if doc.discount_pct:
            pct = f"{doc.discount_pct}%"
            sh.put(row, lc, doc.label("discount_line", pct=pct), look.label, span=span)
            sh.money(row, vc, f"=-ROUND({goods_ref}*{doc.discount_pct / 100},2)", -doc.discount, look.value)
            parts.append(sh.ref(row, vc))
            row += 1
        if doc.shipping:
            sh.put(row, lc, doc.label("shipping"), look.label, span=span)
            sh.money(row, vc, doc.shipping, doc.shipping, look.value)
            parts.append(sh.ref(row, vc))
            row += 1
    base_formula = "=" + "+".join(parts) if parts else f"={goods_ref}"
    base_ref = goods_ref
    if doc.tax_lines or parts:
        sh.put(row, lc, doc.label("subtotal"), look.label, span=span)
        text = sh.money(row, vc, base_formula, doc.subtotal, look.value)
        if doc.kind == "invoice":
            doc.mark("subtotal", text)
        base_ref = sh.ref(row, vc)
        row += 1
    tax_refs = []
    rate_range = amount_range = None
    if len(doc.tax_lines) > 1:
        rate_range = f"{sh.ref(table.first, table.rate_col)}:{sh.ref(table.last, table.rate_col)}"
        amount_range = table.amounts(sh)
    for tax_line in doc.tax_lines:
        rate = f"{tax_line.rate / 100}"
        base = f"SUMIF({rate_range},{rate},{amount_range})" if rate_range else base_ref
        if doc.rate_in_label or span < 2:
            sh.put(row, lc, doc.tax_label(tax_line.rate), look.label, span=span)
        else:
            sh.put(row, lc, doc.tax_name, look.label, span=span - 1)
            sh.percent(row, lc + span - 1, tax_line.rate, Look(**{**look.label.__dict__, "align": "right"}))
        text = sh.money(row, vc, f"=ROUND({base}*{rate},2)", tax_line.tax, look.value)
        doc.mark("tax_lines", text)
        if len(doc.tax_lines) == 1 and doc.kind == "invoice":
            doc.mark("tax", text)
        tax_refs.append(sh.ref(row, vc))
        row += 1
    sh.put(row, lc, _total_label(doc), look.total_label, span=span)
    total_formula = "=" + "+".join([base_ref, *tax_refs]) if tax_refs else base_formula
    doc.mark("total", sh.money(row, vc, total_formula, doc.total, look.total_value))
    total_ref = sh.ref(row, vc)
    row += 1
    if doc.paid:
        sh.put(row, lc, doc.label("paid"), look.label, span=span)
        sh.money(row, vc, doc.paid, doc.paid, look.value)
        paid_ref = sh.ref(row, vc)
        row += 1
        sh.put(row, lc, doc.label("balance"), look.total_label, span=span)
        sh.money(row, vc, f"={total_ref}-{paid_ref}", doc.balance, look.total_value)
        row += 1
    return row


# ---- text blocks


def write_lines_block(
    sh: Sheet,
    row: int,
    col: int,
    span: int,
    heading: str | None,
    texts: list[str],
    *,
    width: float,
    size: float = 9,
    heading_look: Look | None = None,
) -> int:
    """A heading and wrapped sentences, one merged row each; returns the next free row."""
    if heading:
        sh.put(row, col, heading, heading_look or Look(bold=True, size=size + 1), span=span)
        row += 1
    for text in texts:
        sh.put(row, col, text, Look(size=size, wrap=True, valign="top"), span=span)
        fit_height(sh, row, text, width, size)
        row += 1
    return row


def bank_texts(doc: Doc) -> list[str]:
    party = doc.issuer
    return [party.iban, party.bic]


def mark_currency(doc: Doc) -> None:
    doc.mark("currency", doc.money.token)
