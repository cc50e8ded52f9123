"""Processors: plain Python, no ORM. ``get_processor(name)`` is the one entry point."""

from __future__ import annotations

from importlib import import_module

from batches.processing.base import FinishItem, OutputFile, ProcessingError, Processor, ProcessorResult

# name → (module, class); imported on first use so a worker loads only what it runs. What the
# site offers around each (label, form, exports) is its spec in ``batches.processor_specs``.
PROCESSORS = {
    "extract": ("batches.processing.extract", "ExtractProcessor"),
    "tabular": ("batches.processing.convert.tabular", "TabularProcessor"),
    "sitemap": ("batches.processing.convert.sitemap", "SitemapProcessor"),
    "svg_pptx": ("batches.processing.convert.svg_pptx", "SvgPptxProcessor"),
    "generate": ("batches.processing.convert.generate", "GenerateProcessor"),
}


def get_processor(name: str) -> Processor:
    if name not in PROCESSORS:
        raise ProcessingError("unsupported_processor", f"Unknown processor {name!r}.")
    module, cls = PROCESSORS[name]
    return getattr(import_module(module), cls)()


__all__ = [
    "PROCESSORS",
    "FinishItem",
    "OutputFile",
    "ProcessingError",
    "Processor",
    "ProcessorResult",
    "get_processor",
]
