"""Grounding: each value a model returns, normalised as ``builtin`` would and found in the document.

A value is looked for line by line in the document's layout. Typed values match by meaning: a
date matches a line that holds that date however it is printed ("5 March 2024", "03/05/2024"),
an amount a line holding that amount ("1.234,50 €"), a phone the same number. Text values (names,
identifiers, descriptions) match by fuzzy partial ratio (rapidfuzz). The best line gives the
source: page, line, snippet, and a confidence of match score times the line's OCR confidence.
A value no line supports well enough is flagged ``unsupported`` (the model may have invented it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, utils

from batches.processing.builtin import normalise as norm
from batches.processing.builtin.items import build_item
from batches.processing.builtin.values import DateOrder, parse
from batches.processing.builtin.vocabulary import ITEM_COLUMNS, field_type
from batches.processing.layout.model import Layout, Line

SUPPORTED = 0.8  # a match scoring this or better supports the value
SHORT_TEXT = 3  # text this short only matches a whole word of a line


def kind_of(spec) -> str:
    """The field's value type, as the builtin engine reads it."""
    return spec.type if spec.type not in ("text",) else field_type(spec.name)


def _amounts(text: str) -> set[str]:
    cleaned = norm.CURRENCY_RE.sub(" ", text)
    found = {norm.parse_amount(m.group(0)) for m in norm.AMOUNT_RE.finditer(cleaned)}
    return {a.lstrip("-") for a in found if a}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _currencies(text: str) -> set[str]:
    return {norm.currency_of(match) for match in norm.CURRENCY_RE.finditer(text)}


def _text_score(value: str, line: str) -> float:
    wanted, seen = utils.default_process(value), utils.default_process(line)
    if not wanted or not seen:
        return 0.0
    if len(wanted) <= SHORT_TEXT:
        return 1.0 if wanted in seen.split() else 0.0
    if len(seen) < len(wanted):  # partial_ratio would look for the line inside the value
        return fuzz.ratio(wanted, seen) / 100
    return fuzz.partial_ratio(wanted, seen) / 100


def _matcher(kind: str, value: Any, order: DateOrder) -> Callable[[str], float]:
    """How well one line's text supports the value (0..1), by the value's type."""
    text = str(value)
    if kind in ("date", "date_start", "date_end"):
        return lambda line: float(
            text in {d for _, d in norm.find_dates(line, month_first=order.month_first)}
        )
    if kind == "money":
        return lambda line: float(text.lstrip("-") in _amounts(line))
    if kind == "currency":
        return lambda line: float(text in _currencies(line) or text in line.upper().split())
    if kind == "phone":
        return lambda line: float(len(_digits(text)) >= 6 and _digits(text)[-9:] in _digits(line))
    if kind in ("int", "last4"):
        return lambda line: float(
            text in re.findall(r"\d+", line) or (kind == "last4" and text in _digits(line))
        )
    if kind == "iban":
        return lambda line: float(text in line.replace(" ", "").upper())
    if kind == "percent":
        return lambda line: float(
            any(n.replace(",", ".") == text for n in re.findall(r"(\d+(?:[.,]\d+)?)\s*%", line))
        )
    if kind == "email":
        return lambda line: float(text.lower() in line.lower())
    return lambda line: _text_score(text, line)


@dataclass
class Match:
    score: float
    line: Line | None

    def source(self) -> dict[str, Any]:
        if self.line is None or self.score < SUPPORTED:
            return {"page": None, "line": None, "snippet": "", "confidence": 0.0, "unsupported": True}
        return {
            "page": self.line.page,
            "line": self.line.index + 1,
            "snippet": self.line.text.strip()[:300],
            "confidence": round(self.score * self.line.confidence, 2),
        }


def find_in_layout(kind: str, value: Any, layout: Layout, order: DateOrder) -> Match:
    """The line that best supports the value (the first of equals)."""
    score_of = _matcher(kind, value, order)
    best = Match(0.0, None)
    for line in layout.lines:
        score = score_of(line.text)
        if score > best.score:
            best = Match(score, line)
            if score >= 1.0:
                break
    return best


@dataclass
class Grounded:
    """The model's values normalised and sourced; what could not be read as its type is reported."""

    data: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _ground_items(rows: list, columns: list[str], layout: Layout, order: DateOrder) -> tuple[list, list]:
    items, sources = [], []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        item = build_item({c: "" if row.get(c) is None else str(row.get(c)) for c in columns}, columns)
        if item is None:
            continue
        match = find_in_layout("text", item["description"], layout, order)
        if match.score < SUPPORTED and item.get("amount"):
            match = find_in_layout("money", item["amount"], layout, order)
        items.append(item)
        sources.append(match.source())
    return items, sources


def _ground_list(values: list, layout: Layout, order: DateOrder) -> tuple[list[str], dict[str, Any]]:
    entries = [str(v).strip() for v in values if str(v).strip()]
    matches = [find_in_layout("text", v, layout, order) for v in entries]
    supported = [m for m in matches if m.score >= SUPPORTED]
    if not supported:
        return entries, Match(0.0, None).source()
    source = max(supported, key=lambda m: m.score).source()
    source["confidence"] = round(sum(m.source()["confidence"] for m in matches) / len(matches), 2)
    missing = [v for v, m in zip(entries, matches, strict=True) if m.score < SUPPORTED]
    if missing:
        source["unsupported_items"] = missing
    return entries, source


def ground_answer(answer: dict[str, Any], specs: list, layout: Layout, order: DateOrder) -> Grounded:
    """Normalise each answered field by its type and find it in the layout."""
    grounded = Grounded()
    for spec in specs:
        raw = answer.get(spec.name)
        if raw in (None, "", []):
            continue
        kind = kind_of(spec)
        if spec.children or spec.name == "line_items" or kind == "line_items":
            columns = [c.name for c in spec.children] or list(ITEM_COLUMNS)
            items, sources = _ground_items(raw, columns, layout, order)
            if items:
                grounded.data[spec.name], grounded.sources[spec.name] = items, sources
            continue
        if kind == "list":
            values = raw if isinstance(raw, list) else [raw]
            grounded.data[spec.name], grounded.sources[spec.name] = _ground_list(values, layout, order)
            continue
        value = parse(kind, str(raw), order)
        if value in (None, "", []):
            grounded.warnings.append(f"{spec.name}: the model's value {str(raw)[:60]!r} is not a {kind}")
            continue
        grounded.data[spec.name] = value
        grounded.sources[spec.name] = find_in_layout(kind, value, layout, order).source()
    return grounded
