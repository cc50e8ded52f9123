"""Writes on batches and documents: the one place their status machines move."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable
from functools import partial
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from batches import progress
from batches.audit import audit_record
from batches.models import AuditEvent, Batch, Document, Plan, PlanAssignment
from batches.processing import PROCESSOR_NAMES, ProcessingError, get_processor
from batches.processing.base import INTERNAL_ERROR, TIMEOUT
from batches.selectors import batch_counters, document_row
from batchsite.errors import ApplicationError
from queueing import services as queueing
from queueing.models import Job

logger = logging.getLogger(__name__)

STORAGE_ERROR = "storage_error"

# --- Drafts and uploads ---------------------------------------------------------------


def batch_create_draft(*, owner: AbstractBaseUser, name: str = "", processor: str = "extract") -> Batch:
    return Batch.objects.create(owner=owner, name=name, processor=processor, status=Batch.Status.DRAFT)


DRAFT_REUSE_HOURS = 24


def batch_get_or_create_draft(*, owner: AbstractBaseUser) -> Batch:
    """The user's recent draft (so a reload keeps uploaded files), or a new one."""
    since = timezone.now() - timezone.timedelta(hours=DRAFT_REUSE_HOURS)
    draft = Batch.objects.filter(owner=owner, status=Batch.Status.DRAFT, created_at__gte=since).first()
    return draft or batch_create_draft(owner=owner)


def user_plan(*, owner: AbstractBaseUser) -> Plan:
    """The user's plan: the one an operator assigned, else the site's default plan."""
    assignment = PlanAssignment.objects.select_related("plan").filter(user_id=owner.pk).first()
    if assignment is not None:
        return assignment.plan
    plan = Plan.objects.filter(name=settings.DEFAULT_PLAN).first()
    if plan is None:  # no plans seeded: the settings' limits stand in
        plan = Plan(
            name="default",
            label="Default",
            files_per_batch=settings.BATCH_MAX_FILES,
            bytes_per_file=settings.BATCH_MAX_FILE_BYTES,
            batches_in_flight=10**6,
            documents_per_month=10**9,
            jobs_in_flight=settings.QUEUE_MAX_IN_FLIGHT_PER_USER,
        )
    return plan


def plan_limits(*, owner: AbstractBaseUser) -> dict[str, int]:
    """The limits that apply to a user, never above the site-wide ceilings in settings."""
    plan = user_plan(owner=owner)
    return {
        "plan": plan.label,
        "files_per_batch": min(plan.files_per_batch, settings.BATCH_MAX_FILES),
        "bytes_per_file": min(plan.bytes_per_file, settings.BATCH_MAX_FILE_BYTES),
        "batches_in_flight": plan.batches_in_flight,
        "documents_per_month": plan.documents_per_month,
        "jobs_in_flight": plan.jobs_in_flight,
    }


def _check_submit_quota(batch: Batch, owner: AbstractBaseUser, documents: int) -> None:
    limits = plan_limits(owner=owner)
    in_flight = (
        Batch.objects.filter(
            owner=owner, status__in=(Batch.Status.QUEUED, Batch.Status.PROCESSING, Batch.Status.PAUSED)
        )
        .exclude(pk=batch.pk)
        .count()
    )
    if in_flight >= limits["batches_in_flight"]:
        raise ApplicationError(
            f"Your plan runs at most {limits['batches_in_flight']} batches at once; wait for one to finish.",
            "quota_batches_in_flight",
        )
    month_start = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    used = Document.objects.filter(batch__owner=owner, batch__submitted_at__gte=month_start).count()
    if used + documents > limits["documents_per_month"]:
        raise ApplicationError(
            f"This batch has {documents} documents, but your plan has {max(limits['documents_per_month'] - used, 0)} "
            f"of {limits['documents_per_month']} left this month.",
            "quota_documents_per_month",
        )


def _require_draft(batch: Batch, owner: AbstractBaseUser) -> None:
    if batch.owner_id != owner.pk:
        raise ApplicationError("Batch not found.", code="not_found")
    if batch.status != Batch.Status.DRAFT:
        raise ApplicationError(
            "This batch was already submitted; its files can no longer change.", "not_draft"
        )


def document_add_upload(
    *, batch: Batch, owner: AbstractBaseUser, uploaded: File, name: str = "", ip: str | None = None
) -> Document:
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
    if ip is not None:  # uploads from the web (the CLI's local files are not audited one by one)
        audit_record(actor=owner, action=AuditEvent.Action.UPLOAD, target=document, ip=ip,
                     extra={"batch": str(batch.pk), "size": size, "sha256": document.sha256})  # fmt: skip
    return document


def document_add_rejected(
    *, batch: Batch, owner: AbstractBaseUser, name: str, code: str, message: str
) -> Document:
    """Record an input refused before processing (a hostile archive, an oversized member).

    The batch keeps it as a failed document with its reason, so nothing vanishes silently.
    """
    _require_draft(batch, owner)
    document = Document.objects.create(
        batch=batch,
        original_name=name[:1024],
        position=batch.documents.count(),
        status=Document.Status.FAILED,
        error_code=code,
        error_message=message,
    )
    Batch.objects.filter(pk=batch.pk).update(total_documents=F("total_documents") + 1)
    return document


def documents_add_files(
    *, batch: Batch, owner: AbstractBaseUser, files: Iterable[File], ip: str | None = None
) -> list[Document]:
    """Add uploaded files to a draft; ZIP archives become one document per member.

    Nothing is silently dropped: a file or member refused here (too large, a hostile
    archive, a path that escapes) becomes a failed document that says why.
    """
    documents: list[Document] = []
    for uploaded in files:
        name = (uploaded.name or "unnamed").strip()
        head = uploaded.read(4)
        uploaded.seek(0)
        if head == b"PK\x03\x04" and name.lower().endswith(".zip"):
            documents.extend(_add_archive(batch, owner, name, uploaded, ip))
            continue
        try:
            documents.append(
                document_add_upload(batch=batch, owner=owner, uploaded=uploaded, name=name, ip=ip)
            )
        except ApplicationError as exc:
            if exc.code in ("not_found", "not_draft"):
                raise
            documents.append(
                document_add_rejected(batch=batch, owner=owner, name=name, code=exc.code, message=exc.message)
            )
    return documents


def _add_archive(
    batch: Batch, owner: AbstractBaseUser, name: str, uploaded: File, ip: str | None
) -> list[Document]:
    from batches.ingest.archives import expand_zip

    documents: list[Document] = []
    try:
        for member in expand_zip(uploaded, archive_name=name):
            if member.error is not None:
                documents.append(document_add_rejected(
                    batch=batch, owner=owner, name=member.name, code=member.error.code, message=member.error.message
                ))  # fmt: skip
                continue
            try:
                documents.append(document_add_upload(
                    batch=batch, owner=owner, uploaded=ContentFile(member.content, name="member"), name=member.name, ip=ip
                ))  # fmt: skip
            except ApplicationError as exc:
                documents.append(document_add_rejected(
                    batch=batch, owner=owner, name=member.name, code=exc.code, message=exc.message
                ))  # fmt: skip
    except ProcessingError as exc:
        documents.append(
            document_add_rejected(batch=batch, owner=owner, name=name, code=exc.code, message=exc.message)
        )
    return documents


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
    enqueue: bool = True,
    ip: str | None = None,
) -> Batch:
    """Freeze the draft's configuration, queue every document and enqueue them after commit.

    ``enqueue=False`` leaves the queued documents to the caller (``process_batch --inline``).
    Documents rejected at upload (``document_add_rejected``) count as failed at once.
    """
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
            missing = [
                d.original_name
                for d in documents
                if d.status == Document.Status.PENDING and not (prompts.get(d.pk) or global_prompt).strip()
            ]
            if missing:
                raise ApplicationError(f"Write a prompt for: {', '.join(missing[:5])}.", "prompt_required")
    _check_submit_quota(batch, owner, len(documents))
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
        runnable = [d.pk for d in documents if d.status == Document.Status.PENDING]
        Document.objects.filter(pk__in=runnable).update(status=Document.Status.QUEUED)
        rejected = len(documents) - len(runnable)
        if rejected:
            Batch.objects.filter(pk=batch.pk).update(failed_count=F("failed_count") + rejected)
            batch_complete_if_done(batch_id=batch.pk)
        if enqueue:
            _create_jobs(batch, runnable)
        audit_record(
            actor=owner,
            action=AuditEvent.Action.SUBMIT,
            target=batch,
            ip=ip,
            extra={"documents": len(documents)},
        )
    batch.refresh_from_db()
    return batch


def _create_jobs(batch: Batch, document_ids: list[int]) -> None:
    """One ledger job per document; released to the broker by the dispatcher after commit."""
    queueing.jobs_create(
        kind=Job.Kind.DOCUMENT,
        owner_id=batch.owner_id,
        batch_id=batch.pk,
        targets=document_ids,
        priority=batch.priority,
        batch_size=batch.total_documents or len(document_ids),
    )
    transaction.on_commit(queueing.dispatch)


# --- Processing (in the worker) -------------------------------------------------------


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
    document = document_claim(document_id=document.pk, document=document)
    if document is None:  # cancelled, already finished, or its batch is gone
        queueing.job_cancel(job=job)
        return
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


def document_process(*, document: Document) -> _Outcome:
    """Run the batch's processor on one claimed document; never raises for bad input."""
    started = time.monotonic()
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
        result = get_processor(document.batch.processor).process(
            content, filename=document.original_name, options=_processor_options(document)
        )
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


# --- Lifecycle actions ----------------------------------------------------------------


def _require_owner(batch: Batch, actor: AbstractBaseUser | None) -> None:
    if actor is None:  # the system itself (retention clean-up)
        return
    if batch.owner_id != actor.pk and not actor.is_staff:
        raise ApplicationError("Batch not found.", code="not_found")


def batch_pause(*, batch: Batch, actor: AbstractBaseUser, ip: str | None = None) -> None:
    """No new document starts; running ones finish. Waiting jobs stay in the ledger."""
    _require_owner(batch, actor)
    now = timezone.now()
    moved = Batch.objects.filter(
        pk=batch.pk, status__in=(Batch.Status.QUEUED, Batch.Status.PROCESSING)
    ).update(status=Batch.Status.PAUSED, updated_at=now)
    if not moved:
        raise ApplicationError("Only a queued or running batch can be paused.", "not_pausable")
    audit_record(actor=actor, action=AuditEvent.Action.PAUSE, target=batch, ip=ip)
    _publish(batch.pk, None, urgent=True)


def batch_resume(*, batch: Batch, actor: AbstractBaseUser, ip: str | None = None) -> None:
    _require_owner(batch, actor)
    now = timezone.now()
    moved = Batch.objects.filter(pk=batch.pk, status=Batch.Status.PAUSED).update(
        status=Case(
            When(started_at__isnull=True, then=Value(Batch.Status.QUEUED)),
            default=Value(Batch.Status.PROCESSING),
        ),
        updated_at=now,
    )
    if not moved:
        raise ApplicationError("Only a paused batch can be resumed.", "not_paused")
    batch_complete_if_done(batch_id=batch.pk)
    audit_record(actor=actor, action=AuditEvent.Action.RESUME, target=batch, ip=ip)
    queueing.dispatch()
    _publish(batch.pk, None, urgent=True)


def batch_cancel(*, batch: Batch, actor: AbstractBaseUser, ip: str | None = None) -> int:
    """Cancel waiting documents and finalise the batch; running ones stop at their checkpoint."""
    _require_owner(batch, actor)
    now = timezone.now()
    with transaction.atomic():
        moved = Batch.objects.filter(
            pk=batch.pk, status__in=(Batch.Status.QUEUED, Batch.Status.PROCESSING, Batch.Status.PAUSED)
        ).update(status=Batch.Status.CANCELLED, finished_at=now, updated_at=now)
        if not moved:
            raise ApplicationError(
                "Only a queued, running or paused batch can be cancelled.", "not_cancellable"
            )
        cancelled = Document.objects.filter(
            batch=batch, status__in=(Document.Status.PENDING, Document.Status.QUEUED)
        ).update(status=Document.Status.CANCELLED, finished_at=now, step="")
        Batch.objects.filter(pk=batch.pk).update(cancelled_count=F("cancelled_count") + cancelled)
        queueing.jobs_cancel_for_batch(batch_id=batch.pk)
        audit_record(
            actor=actor, action=AuditEvent.Action.CANCEL, target=batch, ip=ip, extra={"cancelled": cancelled}
        )
    transaction.on_commit(partial(_publish, batch.pk, None, urgent=True))
    return cancelled


def batch_retry_failed(
    *, batch: Batch, actor: AbstractBaseUser, document_ids: list[int] | None = None, ip: str | None = None
) -> int:
    """Queue only the failed documents again (all, or the ones named), counters moved back."""
    _require_owner(batch, actor)
    now = timezone.now()
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.status in (Batch.Status.DRAFT, Batch.Status.CANCELLED):
            raise ApplicationError("A draft or cancelled batch cannot retry documents.", "not_retryable")
        failed = batch.documents.filter(status=Document.Status.FAILED)
        if document_ids is not None:
            failed = failed.filter(pk__in=document_ids)
        ids = list(failed.values_list("pk", flat=True))
        if not ids:
            raise ApplicationError("No document of this batch has failed.", "nothing_to_retry")
        moved = Document.objects.filter(pk__in=ids, status=Document.Status.FAILED).update(
            status=Document.Status.QUEUED, error_code="", error_message="", step="", finished_at=None,
            result={}, sources={},
        )  # fmt: skip
        Batch.objects.filter(pk=batch.pk).update(
            failed_count=F("failed_count") - moved,
            status=Case(
                When(status=Batch.Status.PAUSED, then=Value(Batch.Status.PAUSED)),
                When(started_at__isnull=False, then=Value(Batch.Status.PROCESSING)),
                default=Value(Batch.Status.QUEUED),
            ),
            finished_at=None,
            updated_at=now,
        )
        locked.refresh_from_db()
        _create_jobs(locked, ids)
        audit_record(
            actor=actor, action=AuditEvent.Action.RETRY, target=batch, ip=ip, extra={"documents": len(ids)}
        )
    transaction.on_commit(partial(_publish, batch.pk, None, urgent=True))
    return len(ids)


def batch_delete(*, batch: Batch, actor: AbstractBaseUser | None, ip: str | None = None) -> None:
    """Delete a batch with its documents, jobs and exports, and their files from storage."""
    _require_owner(batch, actor)
    with transaction.atomic():
        locked = Batch.objects.select_for_update().filter(pk=batch.pk).first()
        if locked is None:
            return
        queueing.jobs_cancel_for_batch(batch_id=batch.pk)
        files = [name for name in batch.documents.exclude(file="").values_list("file", flat=True)]
        files += [name for name in batch.exports.exclude(file="").values_list("file", flat=True)]
        storage = Document._meta.get_field("file").storage
        audit_record(
            actor=actor, action=AuditEvent.Action.DELETE, target=batch, ip=ip,
            extra={"documents": batch.total_documents, "name": str(batch)},
        )  # fmt: skip
        locked.delete()
        transaction.on_commit(partial(_delete_files, storage, files))


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("could not delete %s from storage", name)


def document_requeue(*, document: Document, actor: AbstractBaseUser) -> None:
    """Operator action: run one failed document again."""
    batch_retry_failed(batch=document.batch, actor=actor, document_ids=[document.pk])


def document_cancel(*, document: Document, actor: AbstractBaseUser) -> bool:
    """Cancel one document that has not started; its job is cancelled with it."""
    _require_owner(document.batch, actor)
    now = timezone.now()
    with transaction.atomic():
        cancelled = Document.objects.filter(
            pk=document.pk, status__in=(Document.Status.PENDING, Document.Status.QUEUED)
        ).update(status=Document.Status.CANCELLED, finished_at=now, step="")
        if cancelled:
            Batch.objects.filter(pk=document.batch_id).update(
                cancelled_count=F("cancelled_count") + 1, updated_at=now
            )
            Job.objects.filter(kind=Job.Kind.DOCUMENT, target_id=str(document.pk), state__in=(
                Job.State.WAITING, Job.State.QUEUED)).update(state=Job.State.CANCELLED, finished_at=now)  # fmt: skip
            batch_complete_if_done(batch_id=document.batch_id)
    if cancelled:
        transaction.on_commit(partial(_publish, document.batch_id, None, urgent=True))
    return bool(cancelled)


def data_expire(*, now=None) -> dict[str, int]:
    """Delete what outlived its retention: finished batches, stale drafts, old export files."""
    from exports.models import Export

    now = now or timezone.now()
    expired_batches = Batch.objects.filter(
        status__in=Batch.FINAL_STATUSES,
        created_at__lt=now - timezone.timedelta(days=settings.BATCH_RETENTION_DAYS),
    )
    stale_drafts = Batch.objects.filter(
        status=Batch.Status.DRAFT,
        updated_at__lt=now - timezone.timedelta(hours=settings.DRAFT_RETENTION_HOURS),
    )
    counts = {"batches": 0, "drafts": 0, "exports": 0}
    for key, queryset in (("batches", expired_batches), ("drafts", stale_drafts)):
        for batch in queryset.iterator():
            batch_delete(batch=batch, actor=None)
            counts[key] += 1
    old_exports = Export.objects.filter(
        created_at__lt=now - timezone.timedelta(days=settings.EXPORT_RETENTION_DAYS)
    ).exclude(file="")
    for export in old_exports.iterator():
        name = export.file.name
        Export.objects.filter(pk=export.pk).delete()
        transaction.on_commit(partial(_delete_files, export.file.storage, [name]))
        counts["exports"] += 1
    if any(counts.values()):
        audit_record(actor=None, action=AuditEvent.Action.EXPIRE, extra=counts)
    return counts
