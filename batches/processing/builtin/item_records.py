"""Line items printed as records: each item a block of labelled lines, not a table's row.

An e-invoice's printout (XRechnung, Peppol and ZUGFeRD visualisations) gives each item a block of
its own: "Position 1", then "Artikelname (BT-153): Wartung …", "Menge (BT-129): 3", "Preis pro
Einheit netto (BT-146): 1.250,00", "Gesamtpreis netto (BT-131): 3.750,00". Each line's label
names an item column as a table's heading would (``items.header_columns``), and a description's
label opens the next record. Only a run of two records or more counts, each with a description
and a price or an amount, and all naming the same columns: a lone "Description:" over a project
and its "Total:" are no items.
"""

from __future__ import annotations

import re
from typing import Any

from batches.processing.builtin.items import build_item, header_columns
from batches.processing.layout.model import Layout, Line

LABELLED = re.compile(r"^(?P<label>[^:\d][^:]{0,60}?)\s*:\s*(?P<value>\S.*)$")
MIN_RECORDS = 2
PRICED = ("unit_price", "amount")


def record_items(layout: Layout, wanted: list[str]) -> tuple[list[dict], list[dict]]:
    """The items of a document that prints each one as a block of labelled lines."""
    records = _records(layout.lines)
    columns = {frozenset(record) for _lines, record in records}
    if len(records) < MIN_RECORDS or len(columns) > 1 or not columns.pop() & set(PRICED):
        return [], []
    items, sources = [], []
    for lines, record in records:
        item = build_item(record, wanted)
        if item is None:
            return [], []
        items.append(item)
        sources.append(_source(lines))
    return items, sources


def _records(lines: list[Line]) -> list[tuple[list[Line], dict[str, str]]]:
    """Each description's label and the item columns labelled after it, before the next one."""
    records: list[tuple[list[Line], dict[str, str]]] = []
    for line in lines:
        labelled = LABELLED.match(line.text)
        if not labelled:
            continue
        column = next(iter(header_columns([labelled.group("label")])), None)
        value = labelled.group("value").strip()
        if column == "description":
            records.append(([line], {"description": value}))
        elif column and records and column not in records[-1][1]:
            records[-1][0].append(line)
            records[-1][1][column] = value
    return records


def _source(lines: list[Line]) -> dict[str, Any]:
    return {
        "page": lines[0].page,
        "snippet": " · ".join(line.text for line in lines)[:300],
        "confidence": 0.8,
    }
