"""The contract every processor and engine keeps: bytes and options in, a result out.

Nothing in ``batches.processing`` touches the ORM or settings; the Celery task around a
processor is a thin adapter (see ``batches.tasks``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol


class ProcessingError(Exception):
    """A per-document failure with a category the user and the queue understand.

    ``code`` is one of the categories below (or a processor-specific one);
    ``transient`` errors are retried by the queue, permanent ones fail the document at once.
    """

    def __init__(self, code: str, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.transient = transient

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def is_rust_panic(exc: BaseException) -> bool:
    """A Rust extension's panic (pyo3's ``PanicException`` derives from ``BaseException``, so
    ``except Exception`` misses it; catching ``BaseException`` instead would also swallow time limits)."""
    return type(exc).__name__ == "PanicException" and type(exc).__module__ == "pyo3_runtime"


def _limits() -> tuple[type[BaseException], ...]:
    from billiard.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded  # Celery's pool, no Django

    return (SoftTimeLimitExceeded, TimeLimitExceeded, MemoryError)


# A time limit or exhausted memory says nothing about the file: a reader's ``except Exception``
# that turns a library's error into ``corrupt_file`` lets these pass first (``except LIMITS: raise``).
LIMITS = _limits()

# Error categories shared by readers, processors and engines.
CORRUPT_FILE = "corrupt_file"
ENCRYPTED_FILE = "encrypted_file"
UNSUPPORTED_TYPE = "unsupported_type"
TYPE_MISMATCH = "type_mismatch"
EMPTY_DOCUMENT = "empty_document"
OCR_UNAVAILABLE = "ocr_unavailable"
READER_UNAVAILABLE = "reader_unavailable"  # a reader the worker runs (antiword) is not installed
FILE_TOO_LARGE = "file_too_large"
UNSAFE_ARCHIVE = "unsafe_archive"
ENGINE_UNAVAILABLE = "engine_unavailable"
ENGINE_RATE_LIMITED = "engine_rate_limited"
ENGINE_ERROR = "engine_error"
TIMEOUT = "timeout"
INTERNAL_ERROR = "internal_error"


@dataclass
class OutputFile:
    """A file a processor produces for a document (a converted table, a deck, a sitemap)."""

    name: str
    content: bytes
    content_type: str = "application/octet-stream"
    # Kept for the batch's finish step (rendered slides, typed rows) but not handed to the user.
    intermediate: bool = False

    def open(self) -> BinaryIO:
        """The content as a file, as a stored output opens (writers stream either alike)."""
        return io.BytesIO(self.content)


@dataclass
class ProcessorResult:
    """What a processor returns for one document.

    ``data`` holds the fields (JSON-serialisable); ``sources`` maps a field name to
    ``{"page": int | None, "snippet": str, "confidence": float}`` (for arrays such as
    line items, a list of such dicts per item under the field name).
    """

    data: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Any] = field(default_factory=dict)
    document_type: str = ""
    outputs: list[OutputFile] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # pages, engine, tokens, steps...


@dataclass
class FinishItem:
    """One succeeded document as a finish step sees it: its result and its stored outputs."""

    filename: str
    position: int
    data: dict[str, Any]
    outputs: dict[str, bytes]


class StepReporter(Protocol):
    """``options["on_step"]``: a processor names the step it starts (reading, OCR, writing).

    ``lasting`` marks a step that takes seconds (OCR, a model's answer, speech): it is saved on
    the document at once, so a page opened while it runs shows it; a quick step is only published.
    """

    def __call__(self, step: str, *, lasting: bool = False) -> None: ...


def no_steps(step: str, *, lasting: bool = False) -> None:
    """The reporter of a processor run with no one listening."""


def step_reporter(options: dict[str, Any]) -> StepReporter:
    reporter = options.get("on_step")
    return no_steps if reporter is None else reporter


class Processor(Protocol):
    """``process`` runs per document; a processor may also define
    ``finish(items: list[FinishItem], *, options) -> list[OutputFile]`` for the batch's own files.
    """

    name: str

    def process(self, content: bytes, *, filename: str, options: dict[str, Any]) -> ProcessorResult: ...
