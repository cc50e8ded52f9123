"""From a prompt to the fields it asks for (first version; the extraction issue refines it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class FieldSpec:
    name: str
    type: str = "text"
    children: list[FieldSpec] = field(default_factory=list)


def _snake(text: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")
    return re.sub(r"^(the|a|an)_", "", name)


def fields_for_prompt(prompt: str) -> list[FieldSpec]:
    """``fields: a, b, items(x, y)`` or "Extract the a, b and c" → field specs in order."""
    text = (prompt or "").strip()
    match = re.search(r"fields\s*:\s*(.+)", text, re.IGNORECASE | re.DOTALL)
    body = match.group(1) if match else re.sub(r"(?is)^.*?\bextract\b(\s+the)?", "", text, count=1)
    specs: list[FieldSpec] = []
    for part in re.split(r",(?![^()]*\))|\band\b(?![^()]*\))|;|\n", body):
        part = part.strip().rstrip(".")
        nested = re.match(r"(.+?)\((.+)\)", part)
        if nested:
            children = [FieldSpec(_snake(c)) for c in re.split(r",|\band\b", nested.group(2)) if _snake(c)]
            spec = FieldSpec(_snake(nested.group(1)), "list", children)
        else:
            spec = FieldSpec(_snake(part))
        if spec.name and spec.name not in {s.name for s in specs}:
            specs.append(spec)
    return specs
