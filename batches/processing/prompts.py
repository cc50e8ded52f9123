"""From a prompt to the fields it asks for, in order, with types.

Accepts an explicit list (``fields: invoice_number, total, line_items(description, quantity)``)
or natural wording ("Extract the invoice number, invoice date, total and the line items
(description, quantity, unit price, amount)"). Phrases map to canonical field names when one
fits ("the purchase order number" → ``po_number``), otherwise to their snake case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from batches.processing.builtin.vocabulary import ITEM_COLUMNS, canonical_field, field_type

CLASSIFY_HINT = re.compile(r"\b(identify|classify|detect)\b.{0,40}\b(document )?type\b", re.I)


@dataclass
class FieldSpec:
    name: str
    type: str = "text"
    children: list[FieldSpec] = field(default_factory=list)


def _snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def _item_column(phrase: str) -> str:
    norm = _snake(phrase).replace("_", " ")
    for name, synonyms in ITEM_COLUMNS.items():
        if norm == name.replace("_", " ") or norm in synonyms:
            return name
    return _snake(phrase)


def _split(body: str) -> list[str]:
    parts = [p.strip(" .:\n\t") for p in re.split(r",(?![^()]*\))|;|\n|\band\b(?![^()]*\))", body)]
    parts = [
        re.sub(r"^(the|a|an|its|their|list of|all)\s+", "", p, flags=re.I) for p in parts if p.strip(" .")
    ]
    # "the opening and closing balances", "period start and end dates": share the tail
    for i in range(len(parts) - 1):
        here, after = parts[i].split(), parts[i + 1].split()
        if len(here) == 1 and len(after) > 1 and not _names_something(here[0]):
            shared = " ".join([here[0], *after[1:]])
            if _names_something(shared):
                parts[i] = shared
        elif (
            len(after) >= 1
            and after[0].lower() in ("end", "closing", "last")
            and here[-1].lower() in ("start", "opening", "first", "begin")
        ):
            parts[i + 1] = " ".join([*here[:-1], after[0]])
    return [p for p in parts if p]


def _names_something(phrase: str) -> bool:
    """True when a phrase is a known field or line-item column on its own."""
    from batches.processing.builtin.vocabulary import FIELDS

    return canonical_field(phrase) in FIELDS or _item_column(phrase) in ITEM_COLUMNS


def fields_for_prompt(prompt: str) -> list[FieldSpec]:
    """The fields a prompt asks for, in its order (empty for a classify-everything prompt)."""
    text = (prompt or "").strip()
    if not text or CLASSIFY_HINT.search(text):
        return []
    match = re.search(r"fields\s*:\s*(.+)", text, re.IGNORECASE | re.DOTALL)
    body = (
        match.group(1)
        if match
        else re.sub(r"(?is)^.*?\b(extract|find|get|capture|pull)\b(\s+the)?", "", text, count=1)
    )
    body = re.split(r"(?i)\.\s+(return|format|use|dates|money|give)\b", body)[0]
    specs: list[FieldSpec] = []
    for part in _split(body):
        nested = re.match(r"(.+?)\s*\((.+)\)", part)
        if nested:
            name = canonical_field(nested.group(1))
            children = [
                FieldSpec(_item_column(c), field_type(_item_column(c))) for c in _split(nested.group(2))
            ]
            spec = FieldSpec(name, "line_items" if name == "line_items" else "list", children)
        else:
            name = canonical_field(part)
            spec = FieldSpec(name, field_type(name))
        if spec.name and spec.name not in {s.name for s in specs}:
            specs.append(spec)
    return specs


def wants_classification(prompt: str) -> bool:
    return bool(CLASSIFY_HINT.search(prompt or ""))


def field_is_known(name: str) -> bool:
    """True when the built-in vocabulary knows a field (or line-item column) by this name."""
    from batches.processing.builtin.vocabulary import FIELDS

    return name in FIELDS or name in ITEM_COLUMNS or name == "line_items"


def prompt_is_explicit(prompt: str) -> bool:
    """True for a ``fields: a, b`` prompt: every name in it was chosen on purpose."""
    return bool(re.search(r"fields\s*:", prompt or "", re.IGNORECASE))


def prompt_names_a_field(prompt: str) -> bool:
    """True when a prompt yields a field anyone can expect to be read: one the vocabulary knows,
    or any field of an explicit list. "Please help me with these" yields a field named after the
    sentence, which no document has."""
    specs = fields_for_prompt(prompt)
    return bool(specs) and (prompt_is_explicit(prompt) or any(field_is_known(s.name) for s in specs))
