"""Running the extract processor on a text in a test: the one call the extraction tests share."""

from __future__ import annotations

from batches.processing import get_processor
from batches.processing.base import ProcessorResult


def extract_text(
    text: str, prompt: str, *, name: str = "doc.txt", strategy: str = "per_document"
) -> ProcessorResult:
    """The builtin engine's result for ``text`` stored as ``name``, asked ``prompt``."""
    return get_processor("extract").process(
        text.encode(), filename=name, options={"strategy": strategy, "prompt": prompt}
    )
