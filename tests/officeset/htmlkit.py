"""Pieces shared by the HTML templates (printed by Chromium)."""

from __future__ import annotations

import html
from dataclasses import dataclass

from tests.officeset.invoice import Doc, Party

FONTS = (
    "'Liberation Sans', Arial, sans-serif",
    "'DejaVu Sans', Verdana, sans-serif",
    "'Liberation Serif', 'Times New Roman', serif",
    "'Liberation Sans Narrow', 'Arial Narrow', sans-serif",
    "'DejaVu Serif', Georgia, serif",
    "'DejaVu Sans Condensed', sans-serif",
)
COLOURS = ("#635bff", "#1f6f8b", "#c0392b", "#2e7d32", "#8e44ad", "#d35400", "#263238", "#00897b")


@dataclass(frozen=True)
class HtmlPage:
    """A page for Chromium; ``footer`` is a header/footer template with page numbers, if any."""

    html: str
    footer: str = ""
    margin_mm: tuple[int, int, int, int] = (14, 14, 16, 14)  # top, right, bottom, left


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def page(doc: Doc, css: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{doc.lang}"><head><meta charset="utf-8"><style>'
        "*{box-sizing:border-box} body{margin:0;color:#222} table{border-collapse:collapse}"
        f"{css}</style></head><body>{body}</body></html>"
    )


def logo(name: str, colour: str, size: int = 44) -> str:
    """The coloured square with initials that stands in for a logo."""
    initials = "".join(w[0] for w in name.replace("&", " ").split() if w[0].isalpha())[:2].upper()
    return (
        f'<div style="width:{size}px;height:{size}px;background:{colour};color:#fff;border-radius:6px;'
        f"font-weight:bold;font-size:{size // 2.6:.0f}px;display:flex;align-items:center;"
        'justify-content:center">'
        f"{esc(initials)}</div>"
    )


def address(party: Party, *, name: str, extra: tuple[str, ...] = ()) -> str:
    """Name (already marked if it is a truth value) and postal address lines."""
    rows = [f"<strong>{esc(name)}</strong>", esc(party.street), esc(party.city_line)]
    rows += [esc(x) for x in extra if x]
    return "<br>".join(rows)


def kv_rows(pairs: list[tuple[str, str]], *, label_css: str = "", value_css: str = "") -> str:
    return "".join(
        f'<tr><td style="{label_css}">{esc(k)}</td><td style="{value_css}">{esc(v)}</td></tr>'
        for k, v in pairs
    )


COLUMNS = ("pos", "sku", "desc", "qty", "unit", "unit_price", "vat", "amount")


def _cell(doc: Doc, index: int, column: str, *, unit_column: bool, money_in_cells: bool) -> str:
    line = doc.inv.lines[index]
    with_unit = False if unit_column else None
    money = doc.m if money_in_cells else doc.n
    texts = {
        "pos": lambda: str(index + 1),
        "sku": lambda: line.sku,
        "desc": lambda: doc.mark_line(index, "description", line.description),
        "qty": lambda: doc.mark_line(index, "quantity", doc.qty(line, with_unit=with_unit)),
        "unit": lambda: doc.unit(line),
        "unit_price": lambda: doc.mark_line(index, "unit_price", money(line.unit_price)),
        "vat": lambda: doc.rate(line.rate),
        "amount": lambda: doc.mark_line(index, "amount", money(line.amount)),
    }
    return esc(texts[column]())


def column_title(doc: Doc, column: str) -> str:
    keys = {
        "pos": "pos",
        "sku": "sku",
        "desc": "desc",
        "qty": "qty",
        "unit": "unit",
        "unit_price": "unit_price",
        "vat": "vat_col",
        "amount": "amount",
    }
    if column == "unit":
        return {"en": "Unit", "fr": "Unité", "nl": "Eenheid", "de": "Einheit"}[doc.lang]
    return doc.label(keys[column])


def items_table(
    doc: Doc,
    columns: tuple[str, ...],
    *,
    css_class: str = "items",
    titles: dict | None = None,
    money_in_cells: bool = False,
) -> str:
    """The line-item table: a repeated <thead> and one row per line, numbers right-aligned."""
    titles = titles or {}
    numeric = {"qty", "unit_price", "amount", "vat", "pos"}
    head = "".join(
        f'<th class="{"num" if c in numeric else c}">{esc(titles.get(c) or column_title(doc, c))}</th>'
        for c in columns
    )
    body = []
    for i in range(len(doc.inv.lines)):
        cells = "".join(
            f'<td class="{"num" if c in numeric else c}">'
            f"{_cell(doc, i, c, unit_column='unit' in columns, money_in_cells=money_in_cells)}</td>"
            for c in columns
        )
        body.append(f"<tr>{cells}</tr>")
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def tax_rows(doc: Doc, *, with_base: bool = False) -> list[tuple[str, str]]:
    """One row per VAT rate; each printed tax amount is marked (the truth tax is their sum)."""
    rows = []
    for part in doc.inv.tax_parts:
        label = doc.label("tax", r=doc.rate(part.rate))
        if with_base:
            label = f"{label} ({doc.n(part.base)})" if doc.lang != "de" else f"{label} auf {doc.n(part.base)}"
        rows.append((label, doc.mark("tax", doc.m(part.tax))))
    return rows


def page_footer(doc: Doc, *, left: str = "", size: int = 8) -> str:
    """A Chromium footer template: optional text left, 'Page x of y' right."""
    pattern = esc(doc.label("page", p="\x00", n="\x01"))
    numbers = pattern.replace("\x00", '<span class="pageNumber"></span>').replace(
        "\x01", '<span class="totalPages"></span>'
    )
    return (
        f'<div style="font-size:{size}px;width:100%;margin:0 14mm;display:flex;justify-content:space-between;'
        'font-family:Liberation Sans,sans-serif;color:#666">'
        f"<span>{esc(left)}</span><span>{numbers}</span></div>"
    )
