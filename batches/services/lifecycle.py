"""Batch lifecycle actions (pause, resume, cancel, retry, delete) and retention clean-up."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from analytics.stats import stats_mark_dirty
from batches.audit import audit_record
from batches.models import AuditEvent, Batch, Document
from batches.services.processing import batch_complete_if_done, batch_publish, lock_batch
from batches.services.submission import _create_jobs
from batchsite.errors import ApplicationError
from queueing import services as queueing
from queueing.models import Job

logger = logging.getLogger(__name__)


def _require_owner(
    batch: Batch, actor: AbstractBaseUser | None, *, permission: str = "batches.change_batch"
) -> None:
    """The owner acts on their own batch; anyone else needs the model permission (operators).

    Being staff is not enough: a staff member who may only view batches is refused, and told so.
    ``actor=None`` is the system itself (retention clean-up).
    """
    if actor is None or batch.owner_id == actor.pk or actor.has_perm(permission):
        return
    if actor.is_staff:
        raise ApplicationError("You do not have permission to change other users' batches.", "forbidden")
    raise ApplicationError("Batch not found.", code="not_found")


def batch_pause(*, batch: Batch, actor: AbstractBaseUser, ip: str | None = None) -> None:
    """No new document starts; running ones finish. The batch's jobs are held in the ledger.

    Under the batch's lock, as a worker's claim is: a claim either came first (its documents
    run, and what it then gives back is held) or sees the pause.
    """
    _require_owner(batch, actor)
    with transaction.atomic():
        lock_batch(batch.pk)
        moved = Batch.objects.filter(
            pk=batch.pk, status__in=(Batch.Status.QUEUED, Batch.Status.PROCESSING)
        ).update(status=Batch.Status.PAUSED, updated_at=timezone.now())
        if not moved:
            raise ApplicationError("Only a queued or running batch can be paused.", "not_pausable")
        queueing.jobs_hold(batch_id=batch.pk)
    audit_record(actor=actor, action=AuditEvent.Action.PAUSE, target=batch, ip=ip)
    batch_publish(batch_id=batch.pk, urgent=True)


def batch_resume(*, batch: Batch, actor: AbstractBaseUser, ip: str | None = None) -> None:
    """The batch's held jobs wait again, and the dispatcher releases them in its order."""
    _require_owner(batch, actor)
    with transaction.atomic():
        lock_batch(batch.pk)
        moved = Batch.objects.filter(pk=batch.pk, status=Batch.Status.PAUSED).update(
            status=Case(
                When(started_at__isnull=True, then=Value(Batch.Status.QUEUED)),
                default=Value(Batch.Status.PROCESSING),
            ),
            updated_at=timezone.now(),
        )
        if not moved:
            raise ApplicationError("Only a paused batch can be resumed.", "not_paused")
        queueing.jobs_release_held(batch_id=batch.pk)
        batch_complete_if_done(batch_id=batch.pk)
    audit_record(actor=actor, action=AuditEvent.Action.RESUME, target=batch, ip=ip)
    queueing.dispatch()
    batch_publish(batch_id=batch.pk, urgent=True)


def batch_cancel(*, batch: Batch, actor: AbstractBaseUser, ip: str | None = None) -> int:
    """Cancel waiting documents and finalise the batch; running ones stop at their checkpoint."""
    _require_owner(batch, actor)
    with transaction.atomic():
        lock_batch(batch.pk)
        now = timezone.now()  # after the lock: a later commit never carries an earlier time
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
    transaction.on_commit(partial(batch_publish, batch_id=batch.pk, urgent=True))
    return cancelled


def batch_retry_failed(
    *,
    batch: Batch,
    actor: AbstractBaseUser,
    document_ids: list[int] | None = None,
    ip: str | None = None,
    include_cancelled: bool = False,
) -> int:
    """Queue only the failed documents again (all, or the ones named), counters moved back.

    ``include_cancelled``: the cancelled ones too (documents chosen on the batch page; one an
    operator cancelled alone). A cancelled batch's documents are not run again.
    """
    _require_owner(batch, actor)
    retryable = [Document.Status.FAILED] + ([Document.Status.CANCELLED] if include_cancelled else [])
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        now = timezone.now()  # after the lock: a later commit never carries an earlier time
        if locked.status in (Batch.Status.DRAFT, Batch.Status.CANCELLED):
            raise ApplicationError("A draft or cancelled batch cannot retry documents.", "not_retryable")
        failed = batch.documents.filter(status__in=retryable)
        if document_ids is not None:
            failed = failed.filter(pk__in=document_ids)
        ids = list(failed.values_list("pk", flat=True))
        if not ids:
            raise ApplicationError("No document of this batch has failed.", "nothing_to_retry")
        stats_mark_dirty(Document.objects.filter(pk__in=ids))  # their failures leave the statistics
        fresh = {"status": Document.Status.QUEUED, "error_code": "", "error_message": "", "step": ""}
        fresh.update(finished_at=None, queued_at=now, result={}, sources={})
        moved = {
            status: Document.objects.filter(pk__in=ids, status=status).update(**fresh) for status in retryable
        }
        Batch.objects.filter(pk=batch.pk).update(
            failed_count=F("failed_count") - moved[Document.Status.FAILED],
            cancelled_count=F("cancelled_count") - moved.get(Document.Status.CANCELLED, 0),
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
        if locked.status == Batch.Status.PAUSED:  # they wait for the resume, as their fellows do
            queueing.jobs_hold(batch_id=batch.pk)
        audit_record(
            actor=actor, action=AuditEvent.Action.RETRY, target=batch, ip=ip, extra={"documents": len(ids)}
        )
    transaction.on_commit(partial(batch_publish, batch_id=batch.pk, urgent=True))
    return len(ids)


def batch_delete(*, batch: Batch, actor: AbstractBaseUser | None, ip: str | None = None) -> None:
    """Delete a batch with its documents, jobs and exports, and their files from storage."""
    _require_owner(batch, actor, permission="batches.delete_batch")
    with transaction.atomic():
        locked = Batch.objects.select_for_update().filter(pk=batch.pk).first()
        if locked is None:
            return
        queueing.jobs_cancel_for_batch(batch_id=batch.pk)
        files = [name for name in batch.documents.exclude(file="").values_list("file", flat=True)]
        files += [name for name in batch.exports.exclude(file="").values_list("file", flat=True)]
        files += [
            r["path"] for outputs in batch.documents.values_list("outputs", flat=True) for r in outputs or []
        ]
        storage = Document._meta.get_field("file").storage
        stats_mark_dirty(batch.documents.all())
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            target=batch,
            ip=ip,
            extra={"documents": batch.total_documents, "name": str(batch)},
        )
        locked.delete()
        transaction.on_commit(partial(_delete_files, storage, files))


@contextmanager
def draft_discarded_if_refused(*, batch: Batch, owner: AbstractBaseUser) -> Iterator[Batch]:
    """Delete a draft made for one request (the API's, the CLI's) with its files if that request is refused.

    Nobody comes back to such a draft: left behind, it would hold its files against the owner's
    storage quota until the retention clean-up.
    """
    try:
        yield batch
    except ApplicationError:
        batch_delete(batch=batch, actor=owner)
        raise


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
    with transaction.atomic():
        lock_batch(document.batch_id)
        now = timezone.now()  # after the lock: a later commit never carries an earlier time
        cancelled = Document.objects.filter(
            pk=document.pk, status__in=(Document.Status.PENDING, Document.Status.QUEUED)
        ).update(status=Document.Status.CANCELLED, finished_at=now, step="")
        if cancelled:
            Batch.objects.filter(pk=document.batch_id).update(
                cancelled_count=F("cancelled_count") + 1, updated_at=now
            )
            Job.objects.filter(
                kind=Job.Kind.DOCUMENT, target_id=str(document.pk), state__in=Job.NOT_STARTED
            ).update(state=Job.State.CANCELLED, finished_at=now)
            batch_complete_if_done(batch_id=document.batch_id)
    if cancelled:
        transaction.on_commit(partial(batch_publish, batch_id=document.batch_id, urgent=True))
    return bool(cancelled)


def data_expire(*, now=None) -> dict[str, int]:
    """Delete what outlived its retention: finished batches, stale drafts and upload sessions
    (old export files are the exports app's: ``exports.services.exports_expire``)."""
    now = now or timezone.now()
    expired_batches = Batch.objects.filter(
        status__in=Batch.FINAL_STATUSES,
        created_at__lt=now - timezone.timedelta(days=settings.BATCH_RETENTION_DAYS),
    )
    stale_drafts = Batch.objects.filter(
        status=Batch.Status.DRAFT,
        updated_at__lt=now - timezone.timedelta(hours=settings.DRAFT_RETENTION_HOURS),
    )
    counts = {"batches": 0, "drafts": 0}
    for key, queryset in (("batches", expired_batches), ("drafts", stale_drafts)):
        for batch in queryset.iterator():
            batch_delete(batch=batch, actor=None)
            counts[key] += 1
    from uploads.services import upload_sessions_expire

    upload_sessions_expire(now=now)
    if any(counts.values()):
        audit_record(actor=None, action=AuditEvent.Action.EXPIRE, extra=counts)
    return counts
