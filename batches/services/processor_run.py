"""Running a batch's processor on one claimed document: its bytes and options in, an ``Outcome`` out.

Never raises for bad input: a processor's error, a time or memory limit, a storage hiccup (worth
another try) each become an outcome with a plain message. What the outcome changes on the
document and its batch is ``processing``'s; who calls this and when is ``document_run``'s.
"""

from __future__ import annotations

import logging
import posixpath
import time
from dataclasses import dataclass, field
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.storage import default_storage

from batches import progress
from batches.models import Document, document_output_path
from batches.processing import ProcessingError, get_processor
from batches.processing.base import FILE_TOO_LARGE, INTERNAL_ERROR, TIMEOUT, StepReporter
from batches.selectors import document_row
from batches.services.llm_usage import batch_add_llm_usage, llm_engine_config, llm_usage_priced

logger = logging.getLogger(__name__)

STORAGE_ERROR = "storage_error"


@dataclass
class Outcome:
    """What processing one document came to: a terminal status with the fields to store, or a
    failure that may pass on another attempt (``transient``)."""

    status: str
    fields: dict[str, Any] = field(default_factory=dict)
    code: str = ""
    message: str = ""
    transient: bool = False
    processing_ms: int | None = None  # this document's own time (set by document_process)

    def stored_fields(self) -> dict[str, Any]:
        """The document's fields this outcome sets (a cancel leaves them as they were)."""
        if self.status == Document.Status.SUCCEEDED:
            return self.fields
        if self.status == Document.Status.CANCELLED:
            return {}
        return {"error_code": self.code, "error_message": self.message, "result": {}, "sources": {}}


# A document's step is saved once it has run this long, or at once when the step says it lasts
# (OCR, a model's answer); before, it is only published (in memory, coalesced): a document of a
# few milliseconds costs no UPDATE per step.
STEP_SAVE_AFTER_SECONDS = 0.25


def _step_reporter(document: Document) -> StepReporter:
    """A callback for processors with visible steps (reading, OCR, extracting; story, audio)."""
    started = time.monotonic()

    def report(step: str, *, lasting: bool = False) -> None:
        step = str(step)[:64]
        saved = lasting or time.monotonic() - started >= STEP_SAVE_AFTER_SECONDS
        if saved and not Document.objects.filter(pk=document.pk, status=Document.Status.PROCESSING).update(
            step=step
        ):
            return  # finished or cancelled meanwhile
        document.step = step
        progress.publish(str(document.batch_id), None, [document_row(document)])

    return report


def document_process(*, document: Document) -> Outcome:
    """Run the batch's processor on one claimed document; never raises for bad input.

    The outcome carries the document's own processing time, failed or not: in a shared message
    the step's claim and record times are the same for all its documents.
    """
    started = time.monotonic()
    outcome = _document_run_processor(document, started)
    outcome.processing_ms = int((time.monotonic() - started) * 1000)
    return outcome


def _document_run_processor(document: Document, started: float) -> Outcome:
    from batches.services.outputs import document_store_outputs, outputs_delete

    try:
        with document.file.open("rb") as handle:
            content = handle.read()
        options = {**_processor_options(document), "on_step": _step_reporter(document)}
        result = get_processor(document.batch.processor).process(
            content, filename=document.original_name, options=options
        )
        outputs_delete(document.outputs)  # an earlier attempt's files
        if document.attempts > 1:  # an attempt whose process died may have stored files it never recorded
            _delete_unrecorded_outputs(document)
        outputs = document_store_outputs(document=document, outputs=result.outputs) if result.outputs else []
    except ProcessingError as exc:
        return Outcome(Document.Status.FAILED, code=exc.code, message=exc.message, transient=exc.transient)
    except SoftTimeLimitExceeded:
        return Outcome(
            Document.Status.FAILED,
            code=TIMEOUT,
            message="Processing took longer than the time limit and was stopped.",
        )
    except MemoryError:  # past the worker's address-space ceiling (WORKER_MEMORY_LIMIT_BYTES)
        return Outcome(
            Document.Status.FAILED,
            code=FILE_TOO_LARGE,
            message="Processing this file needs more memory than a worker may use; it was stopped.",
        )
    except OSError as exc:  # storage hiccup: worth another try
        logger.warning("document %s: storage error %s", document.pk, exc)
        return Outcome(
            Document.Status.FAILED,
            code=STORAGE_ERROR,
            message="The stored file could not be read.",
            transient=True,
        )
    except Exception:
        logger.exception("document %s failed unexpectedly", document.pk)
        return Outcome(
            Document.Status.FAILED,
            code=INTERNAL_ERROR,
            message="An unexpected error stopped processing of this file.",
        )
    meta = llm_usage_priced(meta={**result.meta, "processing_ms": int((time.monotonic() - started) * 1000)})
    batch_add_llm_usage(batch_id=document.batch_id, meta=meta)
    return Outcome(
        Document.Status.SUCCEEDED,
        fields={
            "result": result.data,
            "sources": result.sources,
            "document_type": result.document_type,
            "meta": meta,
            "outputs": outputs,
            "error_code": "",
            "error_message": "",
        },
    )


def _delete_unrecorded_outputs(document: Document) -> None:
    """Delete the document's stored outputs that no record names (a dead attempt's files)."""
    folder = posixpath.dirname(document_output_path(document, 0))
    recorded = {record.get("path") for record in document.outputs or []}
    try:
        names = default_storage.listdir(folder)[1]
    except FileNotFoundError:
        return
    for name in names:
        if name.startswith(f"{document.pk}-") and f"{folder}/{name}" not in recorded:
            default_storage.delete(f"{folder}/{name}")


def _processor_options(document: Document) -> dict[str, Any]:
    batch = document.batch
    engine = batch.engine or settings.ENGINE_DEFAULT
    return {
        **batch.options,
        "strategy": batch.prompt_strategy,
        "prompt": document.prompt or batch.global_prompt or (batch.options or {}).get("prompt", ""),
        "engine": engine,
        "engine_config": llm_engine_config(owner=batch.owner) if engine == "openai" else {},
        "attempt": document.attempts,  # a regenerated item is a later attempt: builtin varies it
    }
