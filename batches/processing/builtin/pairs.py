"""A document of no known type still says things: every "label: value" pair it prints.

Pairs come from a cell written ``Label: value`` and from a short label cell followed by a value
cell on its line. Keys are the labels in snake case ("Member ID" → ``member_id``); the first
pair wins when a label repeats.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from batches.processing.builtin.labels import COLON
from batches.processing.layout.model import Layout

MAX_PAIRS = 100


def _key(label: str) -> str:
    ascii_label = "".join(
        c for c in unicodedata.normalize("NFKD", label.lower()) if not unicodedata.combining(c)
    )
    return re.sub(r"[^a-z0-9]+", "_", ascii_label).strip("_")[:60]


def _is_label(text: str) -> bool:
    words = text.rstrip(":").split()
    return 0 < len(words) <= 5 and not re.search(r"\d{2,}|@", text) and bool(re.search(r"[^\W\d_]{2}", text))


def label_value_pairs(layout: Layout) -> tuple[dict[str, Any], dict[str, Any]]:
    """(data, sources) of every label/value pair, in reading order."""
    data: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    for line in layout.lines:
        for position, cell in enumerate(line.cells):
            pair = None
            colon = COLON.match(cell.text)
            if colon and colon.group("rest") and _is_label(colon.group("label")):
                pair = colon.group("label"), colon.group("rest")
            elif (
                _is_label(cell.text)
                and position + 1 < len(line.cells)
                and not _is_label(line.cells[position + 1].text)
            ):
                pair = cell.text.rstrip(":"), line.cells[position + 1].text
            key = _key(pair[0]) if pair else ""
            if key and key not in data:
                data[key] = pair[1].strip()
                sources[key] = {"page": line.page, "snippet": line.text[:300], "confidence": 0.6}
            if len(data) >= MAX_PAIRS:
                return data, sources
    return data, sources
