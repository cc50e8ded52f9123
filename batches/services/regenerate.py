"""Writing one item of a generation batch again: a new attempt of that document only."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from analytics.stats import stats_mark_dirty
from batches.audit import audit_record
from batches.models import AuditEvent, Batch, Document
from batches.processors import processor_spec
from batches.services.lifecycle import _require_owner
from batches.services.outputs import outputs_delete
from batches.services.processing import batch_publish
from batches.services.submission import _create_jobs
from batchsite.errors import ApplicationError
from queueing import services as queueing

_COUNTER_OF = {Document.Status.SUCCEEDED: "succeeded_count", Document.Status.FAILED: "failed_count"}


def document_regenerate(
    *, batch: Batch, actor: AbstractBaseUser, document_id: int, ip: str | None = None
) -> Document:
    """Queue one ended document of a generation batch again, through the ledger and a worker.

    Its result and files are dropped (the new attempt writes them), the batch's counter for the
    state it ended in moves back and the batch runs again; when the attempt ends the batch ends
    again, with its follow-ups (the output files export) made afresh. Only a processor whose spec
    ``regenerates``; not in a draft or cancelled batch; not a document still waiting or running.
    """
    _require_owner(batch, actor)
    if not processor_spec(batch.processor).regenerates:
        raise ApplicationError("Only an article or story batch writes one item again.", "not_regenerable")
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        now = timezone.now()  # after the lock: a later commit never carries an earlier time
        if locked.status in (Batch.Status.DRAFT, Batch.Status.CANCELLED):
            raise ApplicationError("A draft or cancelled batch writes nothing again.", "not_regenerable")
        document = locked.documents.select_for_update().filter(pk=document_id).first()
        if document is None:
            raise ApplicationError("No such document in this batch.", "not_found")
        if document.status not in _COUNTER_OF:
            raise ApplicationError(
                f"{document.original_name} is {document.get_status_display().lower()}: "
                "only a finished item is written again.",
                "not_finished",
            )
        _requeue(locked, document, now)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.RETRY,
            target=locked,
            ip=ip,
            extra={"regenerate": document.pk},
        )
    transaction.on_commit(partial(batch_publish, batch_id=batch.pk, urgent=True))
    document.refresh_from_db()
    return document


def _requeue(batch: Batch, document: Document, now) -> None:
    """The document queued, its counter moved back, the batch running again, a ledger job."""
    counter = _COUNTER_OF[document.status]
    stats_mark_dirty(Document.objects.filter(pk=document.pk))  # its outcome leaves the statistics
    outputs_delete(document.outputs)
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.QUEUED,
        error_code="",
        error_message="",
        step="",
        finished_at=None,
        queued_at=now,
        result={},
        sources={},
        outputs=[],
    )
    Batch.objects.filter(pk=batch.pk).update(
        **{counter: F(counter) - 1},
        status=Case(
            When(status=Batch.Status.PAUSED, then=Value(Batch.Status.PAUSED)),
            When(started_at__isnull=False, then=Value(Batch.Status.PROCESSING)),
            default=Value(Batch.Status.QUEUED),
        ),
        finished_at=None,
        updated_at=now,
    )
    batch.refresh_from_db()
    _create_jobs(batch, [document.pk])
    if batch.status == Batch.Status.PAUSED:  # it waits for the resume, as its fellows do
        queueing.jobs_hold(batch_id=batch.pk)
