"""Processors: plain Python, no ORM. ``get_processor(name)`` is the one entry point."""

from __future__ import annotations

from batches.processing.base import ProcessingError, Processor, ProcessorResult

PROCESSOR_NAMES = ("extract",)


def get_processor(name: str) -> Processor:
    if name == "extract":
        from batches.processing.extract import ExtractProcessor

        return ExtractProcessor()
    raise ProcessingError("unsupported_processor", f"Unknown processor {name!r}.")


__all__ = ["PROCESSOR_NAMES", "ProcessingError", "Processor", "ProcessorResult", "get_processor"]
