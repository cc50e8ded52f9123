"""Hybrid extraction: ``builtin`` first, the model only where ``builtin`` is missing or unsure.

The model is asked for the fields ``builtin`` left empty or found below ``min_confidence``, and
for fields no template knows (a prompt's own wording such as "the ship's name"). Its values are
grounded in the document (``grounding``): a supported value replaces ``builtin``'s when it is at
least as sure; an unsupported one never replaces a value ``builtin`` read from the text, fills an
empty field only flagged ``unsupported``, and is dropped when ``reject_unsupported`` is set.
Its tokens are counted whether or not a value was kept (the service prices them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from batches.processing.builtin.values import DateOrder, month_first
from batches.processing.builtin.vocabulary import FIELDS
from batches.processing.grounding import ground_answer, kind_of
from batches.processing.openai_engine import ask_for_fields
from batches.processing.vocab import language_of

DEFAULT_MIN_CONFIDENCE = 0.75


@dataclass(frozen=True)
class Policy:
    """When the model is asked, and what is kept of its answer (from the engine's settings)."""

    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    reject_unsupported: bool = False
    tokens_left: int | None = None  # the owner's plan budget this month; None: no limit

    @classmethod
    def from_config(cls, config: dict) -> Policy:
        left = config.get("tokens_left")
        return cls(
            min_confidence=float(config.get("min_confidence", DEFAULT_MIN_CONFIDENCE)),
            reject_unsupported=bool(config.get("reject_unsupported")),
            tokens_left=None if left is None else int(left),
        )


@dataclass
class Extraction:
    data: dict[str, Any]
    sources: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


def _is_items(spec) -> bool:
    return bool(spec.children) or spec.name == "line_items" or kind_of(spec) == "line_items"


def _confidence(source: Any) -> float:
    if isinstance(source, dict):
        return float(source.get("confidence") or 0.0)
    return 1.0 if source else 0.0  # line items builtin found: kept


def fields_for_model(specs: list, extraction: Extraction, policy: Policy) -> list:
    """The fields worth the model's tokens: unknown to every template, missing, or unsure."""
    wanted = []
    for spec in specs:
        unknown = spec.name not in FIELDS and not _is_items(spec)
        missing = spec.name not in extraction.data
        unsure = _confidence(extraction.sources.get(spec.name)) < policy.min_confidence
        if unknown or missing or unsure:
            wanted.append(spec)
    return wanted


def _take(name: str, value: Any, source: Any, extraction: Extraction, policy: Policy) -> None:
    """Keep the model's grounded value where the rules allow."""
    unsupported = isinstance(source, dict) and source.get("unsupported")
    if unsupported and policy.reject_unsupported:
        extraction.warnings.append(
            f"{name}: the model's value was not found in the document and was rejected"
        )
        return
    if unsupported and name in extraction.data:
        return  # builtin read its value from the text; the model's is not there
    if name in extraction.data and _confidence(source) < _confidence(extraction.sources.get(name)):
        return
    for entry in source if isinstance(source, list) else [source]:
        entry["by"] = "model"
    extraction.data[name], extraction.sources[name] = value, source


def hybrid_extract(document, specs: list, builtin: Extraction, config: dict) -> Extraction:
    """Ask the model for what ``builtin`` lacks; ``builtin``'s values stand where it was sure."""
    policy = Policy.from_config(config)
    wanted = fields_for_model(specs, builtin, policy)
    builtin.meta = {
        "model": config.get("model") or "",
        "model_fields": [s.name for s in wanted],
        "tokens": {"prompt": 0, "completion": 0},
    }
    if not wanted:
        return builtin
    if policy.tokens_left is not None and policy.tokens_left <= 0:
        builtin.warnings.append("the plan's monthly token budget is used up: builtin values only")
        return builtin
    answer = ask_for_fields(document.text, wanted, config)
    text = document.text
    order = DateOrder(month_first(text, language=language_of(text)))
    grounded = ground_answer(answer.data, wanted, document.layout, order)
    for name, value in grounded.data.items():
        _take(name, value, grounded.sources[name], builtin, policy)
    filled = {f"{name}: not found" for name in builtin.data}
    builtin.warnings = [w for w in builtin.warnings if w not in filled]
    builtin.warnings.extend(answer.warnings + grounded.warnings)
    builtin.meta["tokens"] = answer.tokens
    return builtin
