"""Writes on batches and documents: the one place their status machines move."""

from __future__ import annotations

import hashlib
import logging
import time
from functools import partial
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import File
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from batches import progress
from batches.models import Batch, Document
from batches.processing import PROCESSOR_NAMES, ProcessingError, get_processor
from batches.processing.base import INTERNAL_ERROR, TIMEOUT
from batches.selectors import batch_counters, document_row
from batchsite.errors import ApplicationError

logger = logging.getLogger(__name__)

MAX_TRANSIENT_ATTEMPTS = 3


class TransientProcessingError(Exception):
    """Raised to the task so Celery retries the document with backoff."""


# --- Drafts and uploads ---------------------------------------------------------------


def batch_create_draft(*, owner: AbstractBaseUser, name: str = "", processor: str = "extract") -> Batch:
    return Batch.objects.create(owner=owner, name=name, processor=processor, status=Batch.Status.DRAFT)


DRAFT_REUSE_HOURS = 24


def batch_get_or_create_draft(*, owner: AbstractBaseUser) -> Batch:
    """The user's recent draft (so a reload keeps uploaded files), or a new one."""
    since = timezone.now() - timezone.timedelta(hours=DRAFT_REUSE_HOURS)
    draft = Batch.objects.filter(owner=owner, status=Batch.Status.DRAFT, created_at__gte=since).first()
    return draft or batch_create_draft(owner=owner)


def plan_limits(*, owner: AbstractBaseUser) -> dict[str, int]:
    """The limits that apply to a user's uploads."""
    return {"files_per_batch": settings.BATCH_MAX_FILES, "bytes_per_file": settings.BATCH_MAX_FILE_BYTES}


def _require_draft(batch: Batch, owner: AbstractBaseUser) -> None:
    if batch.owner_id != owner.pk:
        raise ApplicationError("Batch not found.", code="not_found")
    if batch.status != Batch.Status.DRAFT:
        raise ApplicationError("This batch was already submitted; its files can no longer change.", "not_draft")


def document_add_upload(*, batch: Batch, owner: AbstractBaseUser, uploaded: File, name: str = "") -> Document:
    """Store one uploaded file in a draft batch, after checking size and count limits."""
    _require_draft(batch, owner)
    original_name = (name or uploaded.name or "unnamed").strip()[:1024]
    size = uploaded.size or 0
    limits = plan_limits(owner=owner)
    if size > limits["bytes_per_file"]:
        raise ApplicationError(
            f"{original_name}: the file is {size:,} bytes; the limit is {limits['bytes_per_file']:,}.",
            code="file_too_large",
        )
    if batch.documents.count() >= limits["files_per_batch"]:
        raise ApplicationError(
            f"{original_name}: a batch holds at most {limits['files_per_batch']} files.", "too_many_files"
        )
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    document = Document(
        batch=batch,
        original_name=original_name,
        size=size,
        sha256=digest.hexdigest(),
        content_type=sniff_content_type(head),
        position=batch.documents.count(),
    )
    document.file.save("upload", uploaded, save=False)
    document.save()
    Batch.objects.filter(pk=batch.pk).update(
        total_documents=F("total_documents") + 1, total_bytes=F("total_bytes") + size
    )
    return document


def document_remove(*, document: Document, owner: AbstractBaseUser) -> None:
    batch = document.batch
    _require_draft(batch, owner)
    with transaction.atomic():
        deleted, _ = Document.objects.filter(pk=document.pk).delete()
        if deleted:
            Batch.objects.filter(pk=batch.pk).update(
                total_documents=F("total_documents") - 1, total_bytes=F("total_bytes") - document.size
            )
    transaction.on_commit(partial(document.file.storage.delete, document.file.name))


def sniff_content_type(head: bytes) -> str:
    """A first guess from the leading bytes; the reader decides for real."""
    signatures = (
        (b"%PDF", "application/pdf"),
        (b"PK\x03\x04", "application/zip"),
        (b"\x89PNG", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
    )
    for magic, content_type in signatures:
        if head.startswith(magic):
            return content_type
    if not head:
        return "application/x-empty"
    return "application/octet-stream" if b"\x00" in head[:1024] else "text/plain"


# --- Submission -----------------------------------------------------------------------


def batch_submit(
    *,
    batch: Batch,
    owner: AbstractBaseUser,
    name: str,
    strategy: str,
    processor: str = "extract",
    global_prompt: str = "",
    prompts: dict[int, str] | None = None,
    options: dict[str, Any] | None = None,
    engine: str = "",
) -> Batch:
    """Freeze the draft's configuration, queue every document and enqueue them after commit."""
    _require_draft(batch, owner)
    prompts = prompts or {}
    if processor not in PROCESSOR_NAMES:
        raise ApplicationError(f"Unknown processor {processor!r}.", "invalid_processor")
    if strategy not in Batch.Strategy.values:
        raise ApplicationError(f"Unknown prompt strategy {strategy!r}.", "invalid_strategy")
    documents = list(batch.documents.order_by("position"))
    if not documents:
        raise ApplicationError("Add at least one file before submitting.", "no_documents")
    if processor == "extract":
        if strategy == Batch.Strategy.GLOBAL and not global_prompt.strip():
            raise ApplicationError("Write a prompt (or pick a template) for the batch.", "prompt_required")
        if strategy == Batch.Strategy.PER_DOCUMENT:
            missing = [d.original_name for d in documents if not (prompts.get(d.pk) or global_prompt).strip()]
            if missing:
                raise ApplicationError(f"Write a prompt for: {', '.join(missing[:5])}.", "prompt_required")
    now = timezone.now()
    with transaction.atomic():
        updated = Batch.objects.filter(pk=batch.pk, status=Batch.Status.DRAFT).update(
            name=name.strip()[:200] or batch.name,
            processor=processor,
            prompt_strategy=strategy,
            global_prompt=global_prompt,
            options=options or {},
            engine=engine,
            status=Batch.Status.QUEUED,
            submitted_at=now,
            total_documents=len(documents),
            total_bytes=sum(d.size for d in documents),
            updated_at=now,
        )
        if not updated:
            raise ApplicationError("This batch was already submitted.", "not_draft")
        for document in documents:
            if strategy == Batch.Strategy.PER_DOCUMENT and prompts.get(document.pk):
                Document.objects.filter(pk=document.pk).update(prompt=prompts[document.pk])
        batch.documents.update(status=Document.Status.QUEUED)
        document_ids = [d.pk for d in documents]
        transaction.on_commit(partial(_enqueue_documents, document_ids))
    batch.refresh_from_db()
    return batch


def _enqueue_documents(document_ids: list[int]) -> None:
    from batches.tasks import process_document

    for document_id in document_ids:
        process_document.delay(document_id)


# --- Processing (in the worker) -------------------------------------------------------


def _publish(batch_id: object, document: Document | None, *, urgent: bool = False) -> None:
    batch = Batch.objects.get(pk=batch_id)
    rows = [document_row(document)] if document is not None else []
    progress.publish(batch_counters(batch), rows, urgent=urgent or batch.is_final)


def document_claim(*, document_id: int) -> Document | None:
    """Move a queued document to processing; None when it is not to run (gone, paused, done)."""
    document = Document.objects.select_related("batch").filter(pk=document_id).first()
    if document is None or document.batch.status not in (Batch.Status.QUEUED, Batch.Status.PROCESSING):
        return None
    now = timezone.now()
    with transaction.atomic():
        claimed = Document.objects.filter(pk=document_id, status=Document.Status.QUEUED).update(
            status=Document.Status.PROCESSING, started_at=now, attempts=F("attempts") + 1, step="reading"
        )
        if claimed:
            Batch.objects.filter(pk=document.batch_id).update(
                processing_count=F("processing_count") + 1, updated_at=now
            )
            Batch.objects.filter(pk=document.batch_id, status=Batch.Status.QUEUED).update(
                status=Batch.Status.PROCESSING, started_at=now
            )
        elif document.status != Document.Status.PROCESSING:
            return None  # already finished or cancelled: a redelivered message is a no-op
    document.refresh_from_db()
    _publish(document.batch_id, document)
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
        finished = Document.objects.filter(pk=document.pk, status=Document.Status.PROCESSING).update(
            status=status, finished_at=now, duration_ms=duration_ms, step="", **fields
        )
        if finished:
            Batch.objects.filter(pk=document.batch_id).update(
                processing_count=F("processing_count") - 1, **{counter: F(counter) + 1}, updated_at=now
            )
            batch_complete_if_done(batch_id=document.batch_id)
    if finished:
        document.refresh_from_db()
        _publish(document.batch_id, document)
    return bool(finished)


def batch_complete_if_done(*, batch_id: object) -> None:
    """Give a batch its final status once every document is terminal."""
    Batch.objects.filter(
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


def _processor_options(document: Document) -> dict[str, Any]:
    batch = document.batch
    return {
        **batch.options,
        "strategy": batch.prompt_strategy,
        "prompt": document.prompt or batch.global_prompt,
        "engine": batch.engine or settings.ENGINE_DEFAULT,
        "engine_config": {
            "base_url": settings.ENGINE_OPENAI_BASE_URL,
            "model": settings.ENGINE_OPENAI_MODEL,
            "api_key": settings.ENGINE_OPENAI_API_KEY,
            "timeout": settings.ENGINE_OPENAI_TIMEOUT,
        },
    }


def document_process(*, document_id: int) -> None:
    """Run the batch's processor on one document and record the outcome."""
    document = document_claim(document_id=document_id)
    if document is None:
        return
    started = time.monotonic()
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
        Document.objects.filter(pk=document.pk).update(step="processing")
        result = get_processor(document.batch.processor).process(
            content, filename=document.original_name, options=_processor_options(document)
        )
    except ProcessingError as exc:
        if exc.transient and document.attempts < MAX_TRANSIENT_ATTEMPTS:
            _requeue_for_retry(document)
            raise TransientProcessingError(str(exc)) from exc
        _fail(document, exc.code, exc.message)
    except SoftTimeLimitExceeded:
        _fail(document, TIMEOUT, "Processing took longer than the time limit and was stopped.")
    except Exception:
        logger.exception("document %s failed unexpectedly", document.pk)
        _fail(document, INTERNAL_ERROR, "An unexpected error stopped processing of this file.")
    else:
        meta = {**result.meta, "processing_ms": int((time.monotonic() - started) * 1000)}
        document_finish(
            document=document,
            status=Document.Status.SUCCEEDED,
            fields={
                "result": result.data,
                "sources": result.sources,
                "document_type": result.document_type,
                "meta": meta,
                "error_code": "",
                "error_message": "",
            },
        )


def _fail(document: Document, code: str, message: str) -> None:
    document_finish(
        document=document,
        status=Document.Status.FAILED,
        fields={"error_code": code, "error_message": message, "result": {}, "sources": {}},
    )


def _requeue_for_retry(document: Document) -> None:
    now = timezone.now()
    with transaction.atomic():
        moved = Document.objects.filter(pk=document.pk, status=Document.Status.PROCESSING).update(
            status=Document.Status.QUEUED, step="waiting to retry"
        )
        if moved:
            Batch.objects.filter(pk=document.batch_id).update(
                processing_count=F("processing_count") - 1, updated_at=now
            )


# --- Lifecycle actions ----------------------------------------------------------------


def batch_cancel(*, batch: Batch, actor: AbstractBaseUser) -> int:
    """Cancel waiting documents and finalise the batch; running ones finish on their own."""
    if batch.owner_id != actor.pk and not actor.is_staff:
        raise ApplicationError("Batch not found.", code="not_found")
    now = timezone.now()
    with transaction.atomic():
        moved = Batch.objects.filter(
            pk=batch.pk, status__in=(Batch.Status.QUEUED, Batch.Status.PROCESSING, Batch.Status.PAUSED)
        ).update(status=Batch.Status.CANCELLED, finished_at=now, updated_at=now)
        if not moved:
            raise ApplicationError("Only a queued, running or paused batch can be cancelled.", "not_cancellable")
        cancelled = Document.objects.filter(
            batch=batch, status__in=(Document.Status.PENDING, Document.Status.QUEUED)
        ).update(status=Document.Status.CANCELLED, finished_at=now, step="")
        Batch.objects.filter(pk=batch.pk).update(cancelled_count=F("cancelled_count") + cancelled)
    transaction.on_commit(partial(_publish, batch.pk, None, urgent=True))
    return cancelled


def batch_retry_failed(*, batch: Batch, actor: AbstractBaseUser) -> int:
    """Queue only the failed documents again, with fresh errors and the counters moved back."""
    if batch.owner_id != actor.pk and not actor.is_staff:
        raise ApplicationError("Batch not found.", code="not_found")
    now = timezone.now()
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in (Batch.Status.COMPLETED_WITH_ERRORS, Batch.Status.FAILED, Batch.Status.PROCESSING):
            raise ApplicationError("Only a batch with failed documents can retry them.", "not_retryable")
        ids = list(batch.documents.filter(status=Document.Status.FAILED).values_list("pk", flat=True))
        if not ids:
            raise ApplicationError("No document of this batch has failed.", "nothing_to_retry")
        Document.objects.filter(pk__in=ids, status=Document.Status.FAILED).update(
            status=Document.Status.QUEUED, error_code="", error_message="", step="", finished_at=None
        )
        Batch.objects.filter(pk=batch.pk).update(
            failed_count=F("failed_count") - len(ids),
            status=Case(
                When(status=Batch.Status.PROCESSING, then=Value(Batch.Status.PROCESSING)),
                default=Value(Batch.Status.QUEUED),
            ),
            finished_at=None,
            updated_at=now,
        )
        transaction.on_commit(partial(_enqueue_documents, ids))
    transaction.on_commit(partial(_publish, batch.pk, None, urgent=True))
    return len(ids)
