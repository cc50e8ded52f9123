"""Processing in the worker: claim, run the processor, record the outcome once; progress events."""

from __future__ import annotations

import logging
import time
from functools import partial
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from batches import progress
from batches.models import Batch, Document, WebhookEndpoint
from batches.processing import ProcessingError, get_processor
from batches.processing.base import INTERNAL_ERROR, TIMEOUT
from batches.selectors import batch_counters, document_row
from queueing import services as queueing
from queueing.models import Job

logger = logging.getLogger(__name__)

STORAGE_ERROR = "storage_error"


def lock_batch(batch_id: object) -> None:
    """Lock the batch row first in every transaction that also changes its documents.

    Batch actions (cancel, retry) lock the batch and then its documents; a worker that locked a
    document and then waited for the batch would deadlock with them on PostgreSQL. One order,
    batch before documents, everywhere. (SQLite's IMMEDIATE transactions serialise anyway.)
    """
    Batch.objects.select_for_update().filter(pk=batch_id).values_list("pk", flat=True).first()


def _publish(batch_id: object, document: Document | None, *, urgent: bool = False) -> None:
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None:
        return
    rows = [document_row(document)] if document is not None else []
    progress.publish(str(batch_id), batch_counters(batch), rows, urgent=urgent or batch.is_final)


def document_claim(*, document_id: int, document: Document | None = None) -> Document | None:
    """Move a queued document to processing; None when it is not to run (gone, paused, done).

    A document already ``processing`` is handed back as it is: its earlier attempt's
    worker died, and the counters already count it.
    """
    if document is None:
        document = Document.objects.select_related("batch").filter(pk=document_id).first()
    if document is None or document.batch.status not in (Batch.Status.QUEUED, Batch.Status.PROCESSING):
        return None
    now = timezone.now()
    with transaction.atomic():
        lock_batch(document.batch_id)
        claimed = Document.objects.filter(pk=document.pk, status=Document.Status.QUEUED).update(
            status=Document.Status.PROCESSING, started_at=now, attempts=F("attempts") + 1, step="processing"
        )
        if claimed:
            Batch.objects.filter(pk=document.batch_id).update(
                processing_count=F("processing_count") + 1,
                status=Case(
                    When(status=Batch.Status.QUEUED, then=Value(Batch.Status.PROCESSING)), default=F("status")
                ),
                started_at=Coalesce(F("started_at"), Value(now)),
                updated_at=now,
            )
        elif document.status != Document.Status.PROCESSING:
            return None  # already finished or cancelled: a redelivered message is a no-op
    if claimed:
        document.status, document.started_at, document.step = Document.Status.PROCESSING, now, "processing"
        document.attempts += 1
    progress.publish(str(document.batch_id), None, [document_row(document)])
    return document


def document_finish(
    *,
    document: Document,
    status: str,
    fields: dict[str, Any],
) -> bool:
    """Record a document's terminal state once; counters and batch status move with it."""
    now = timezone.now()
    counter = {
        Document.Status.SUCCEEDED: "succeeded_count",
        Document.Status.FAILED: "failed_count",
        Document.Status.CANCELLED: "cancelled_count",
    }[status]
    duration_ms = int((now - document.started_at).total_seconds() * 1000) if document.started_at else None
    with transaction.atomic():
        lock_batch(document.batch_id)
        finished = Document.objects.filter(pk=document.pk, status=Document.Status.PROCESSING).update(
            status=status, finished_at=now, duration_ms=duration_ms, step="", **fields
        )
        if finished:
            Batch.objects.filter(pk=document.batch_id).update(
                processing_count=F("processing_count") - 1, **{counter: F(counter) + 1}, updated_at=now
            )
            batch_complete_if_done(batch_id=document.batch_id)
    if finished:
        document.status, document.finished_at, document.duration_ms, document.step = (
            status,
            now,
            duration_ms,
            "",
        )
        for name, value in fields.items():
            setattr(document, name, value)
        _publish(document.batch_id, document)
    return bool(finished)


def batch_complete_if_done(*, batch_id: object) -> bool:
    """Give a batch its final status once every document is terminal; True when it just did."""
    completed = Batch.objects.filter(
        pk=batch_id,
        status__in=(Batch.Status.QUEUED, Batch.Status.PROCESSING),
        total_documents=F("succeeded_count") + F("failed_count") + F("cancelled_count"),
    ).update(
        status=Case(
            When(succeeded_count=0, failed_count__gt=0, then=Value(Batch.Status.FAILED)),
            When(failed_count__gt=0, then=Value(Batch.Status.COMPLETED_WITH_ERRORS)),
            default=Value(Batch.Status.COMPLETED),
        ),
        finished_at=timezone.now(),
    )
    if completed:
        transaction.on_commit(partial(_notify_finished, batch_id))
    return bool(completed)


def _notify_finished(batch_id: object) -> None:
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None:
        return
    _export_output_files(batch)
    if WebhookEndpoint.objects.filter(user_id=batch.owner_id, active=True).exists():
        from batches.tasks import send_webhook

        send_webhook.apply_async(args=[str(batch.pk)], queue="maintenance")
    progress.notify_batch_finished(
        batch.owner_id,
        progress.BatchFinished(
            type="batch.finished",
            batch_id=str(batch.pk),
            name=str(batch),
            status=batch.status,
            status_label=batch.get_status_display(),
            succeeded=batch.succeeded_count,
            failed=batch.failed_count,
            url=reverse("batches:detail", args=[batch.pk]),
        ),
    )


def _export_output_files(batch: Batch) -> None:
    """A converting batch's files (with its finish step: one deck, a merged table) are made at once."""
    from batches.processing import FILE_PROCESSORS
    from exports.models import Export
    from exports.services import export_start

    if batch.processor not in FILE_PROCESSORS or not batch.succeeded_count:
        return
    try:
        export_start(batch=batch, owner=batch.owner, format=Export.Format.FILES)
    except Exception:  # the batch is done either way; the user can start the export again
        logger.exception("batch %s: output files could not be exported", batch.pk)


def _processor_options(document: Document) -> dict[str, Any]:
    batch = document.batch
    return {
        **batch.options,
        "strategy": batch.prompt_strategy,
        "prompt": document.prompt or batch.global_prompt or (batch.options or {}).get("prompt", ""),
        "engine": batch.engine or settings.ENGINE_DEFAULT,
        "engine_config": {
            "base_url": settings.ENGINE_OPENAI_BASE_URL,
            "model": settings.ENGINE_OPENAI_MODEL,
            "api_key": settings.ENGINE_OPENAI_API_KEY,
            "timeout": settings.ENGINE_OPENAI_TIMEOUT,
        },
    }


def document_run_job(*, job_id: int, worker: str = "") -> None:
    """The body of the document task: claim the job, process the document, record both."""
    job = queueing.job_claim(job_id=job_id, worker=worker)
    if job is None:
        return
    document = Document.objects.select_related("batch").filter(pk=int(job.target_id)).first()
    if document is None:
        queueing.job_cancel(job=job)
        return
    if job.state == Job.State.FAILED:  # out of attempts: its worker kept dying
        _fail_abandoned(document, job)
        return
    if document.batch.status == Batch.Status.PAUSED:
        queueing.job_park(job=job)
        return
    claimed = document_claim(document_id=document.pk, document=document)
    if claimed is None:
        _settle_unclaimable(job, document.pk)
        return
    document = claimed
    outcome = document_process(document=document)
    if outcome.transient and queueing.job_retry_later(job=job, code=outcome.code, message=outcome.message):
        _requeue_for_retry(document, outcome)
        return
    if outcome.transient:
        outcome = _Outcome(Document.Status.FAILED, code=outcome.code, message=outcome.message)
    _record(document, outcome)
    if outcome.status == Document.Status.FAILED:
        queueing.job_fail(job=job, code=outcome.code, message=outcome.message)
    else:
        queueing.job_succeed(job=job)


def _settle_unclaimable(job: Job, document_id: int) -> None:
    """The document is not to run: mirror its state on the job.

    A worker killed between finishing a document and finishing its job leaves the job running;
    when the job comes back, its document is already done, and the job ends as the document did.
    """
    status = Document.objects.filter(pk=document_id).values_list("status", flat=True).first()
    if status == Document.Status.SUCCEEDED:
        queueing.job_succeed(job=job)
    elif status == Document.Status.FAILED:
        queueing.job_fail(job=job, code="document_failed", message="The document had already failed.")
    else:  # cancelled, or its batch is gone or paused
        queueing.job_cancel(job=job)


class _Outcome:
    def __init__(self, status: str, *, fields: dict | None = None, code: str = "", message: str = "",
                 transient: bool = False) -> None:  # fmt: skip
        self.status, self.fields, self.code, self.message, self.transient = (
            status,
            fields or {},
            code,
            message,
            transient,
        )


def _step_reporter(document: Document):
    """A callback for processors with several visible steps (story, audio, image prompts)."""

    def report(step: str) -> None:
        step = str(step)[:64]
        if Document.objects.filter(pk=document.pk, status=Document.Status.PROCESSING).update(step=step):
            document.step = step
            progress.publish(str(document.batch_id), None, [document_row(document)])

    return report


def document_process(*, document: Document) -> _Outcome:
    """Run the batch's processor on one claimed document; never raises for bad input."""
    from batches.services.outputs import document_store_outputs, outputs_delete

    started = time.monotonic()
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
        options = {**_processor_options(document), "on_step": _step_reporter(document)}
        result = get_processor(document.batch.processor).process(
            content, filename=document.original_name, options=options
        )
        outputs_delete(document.outputs)  # an earlier attempt's files
        outputs = document_store_outputs(document=document, outputs=result.outputs) if result.outputs else []
    except ProcessingError as exc:
        return _Outcome(Document.Status.FAILED, code=exc.code, message=exc.message, transient=exc.transient)
    except SoftTimeLimitExceeded:
        return _Outcome(
            Document.Status.FAILED,
            code=TIMEOUT,
            message="Processing took longer than the time limit and was stopped.",
        )
    except OSError as exc:  # storage hiccup: worth another try
        logger.warning("document %s: storage error %s", document.pk, exc)
        return _Outcome(
            Document.Status.FAILED,
            code=STORAGE_ERROR,
            message="The stored file could not be read.",
            transient=True,
        )
    except Exception:
        logger.exception("document %s failed unexpectedly", document.pk)
        return _Outcome(
            Document.Status.FAILED,
            code=INTERNAL_ERROR,
            message="An unexpected error stopped processing of this file.",
        )
    meta = {**result.meta, "processing_ms": int((time.monotonic() - started) * 1000)}
    return _Outcome(
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


def document_process_inline(*, document_id: int) -> None:
    """Process one queued document in this process, without the broker (``process_batch --inline``)."""
    document = document_claim(document_id=document_id)
    if document is None:
        return
    for attempt in range(queueing.queue_policy("documents")["max_attempts"]):
        outcome = document_process(document=document)
        if not outcome.transient:
            break
        time.sleep(min(2**attempt, 30))
    _record(document, outcome)


def _record(document: Document, outcome: _Outcome) -> None:
    if outcome.status == Document.Status.SUCCEEDED:
        fields = outcome.fields
    else:
        fields = {"error_code": outcome.code, "error_message": outcome.message, "result": {}, "sources": {}}
    document_finish(document=document, status=outcome.status, fields=fields)


def _fail_abandoned(document: Document, job: Job) -> None:
    document.refresh_from_db()
    if document.status != Document.Status.PROCESSING:
        claimed = document_claim(document_id=document.pk)
        if claimed is None:
            return
        document = claimed
    _record(
        document, _Outcome(Document.Status.FAILED, code=job.last_error_code, message=job.last_error_message)
    )


def _requeue_for_retry(document: Document, outcome: _Outcome) -> None:
    now = timezone.now()
    with transaction.atomic():
        lock_batch(document.batch_id)
        moved = Document.objects.filter(pk=document.pk, status=Document.Status.PROCESSING).update(
            status=Document.Status.QUEUED, step="waiting to retry", error_code=outcome.code,
            error_message=outcome.message,
        )  # fmt: skip
        if moved:
            Batch.objects.filter(pk=document.batch_id).update(
                processing_count=F("processing_count") - 1, updated_at=now
            )
    document.refresh_from_db()
    _publish(document.batch_id, document)
