"""Which extracted values need a person's review: those whose source's confidence is under a threshold.

One rule for the batch page's document detail and for the exports (``needs_review``): a value
needs review when its source gives a confidence below the threshold. A value without a source
(a conversion's data) or without a confidence is not judged.
"""

from __future__ import annotations

from typing import Any

DEFAULT_REVIEW_THRESHOLD = 0.6


def review_threshold_parse(value: object, *, default: float = DEFAULT_REVIEW_THRESHOLD) -> float:
    """A threshold from a query string or a form: a number from 0 to 1, else the default."""
    try:
        threshold = float(str(value).strip())
    except (TypeError, ValueError):
        return default
    if threshold != threshold or not 0.0 <= threshold <= 1.0:  # NaN or out of range
        return default
    return round(threshold, 2)


def source_needs_review(source: Any, threshold: float) -> bool:
    """True when the source's confidence is known and under the threshold."""
    if not isinstance(source, dict):
        return False
    confidence = source.get("confidence")
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        return False
    return confidence < threshold


def fields_needing_review(sources: dict | None, threshold: float) -> list[str]:
    """The names of the values under the threshold, in the sources' order.

    A list of sources (one per line item) names each item that needs review: ``line_items[2]``
    (counted from 1, as a person reads the table).
    """
    names: list[str] = []
    for name, source in (sources or {}).items():
        if isinstance(source, list):
            names.extend(
                f"{name}[{index}]"
                for index, item in enumerate(source, start=1)
                if source_needs_review(item, threshold)
            )
        elif source_needs_review(source, threshold):
            names.append(name)
    return names
