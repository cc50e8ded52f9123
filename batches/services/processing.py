"""A document's states while it is processed, with its batch's counters: claim, finish, give back, retry.

Each rule takes one document or many (a shared message claims and records its documents a step
at a time) and runs in the caller's transaction with the batch row locked first (``lock_batch``),
so the counters always equal the documents' states. Every write is conditional on the state it
leaves: a rule applied twice (a redelivered message) changes nothing the second time.
``document_claim`` and ``document_finish`` are the same rules for one document in a transaction
of their own. Who applies them and when: ``batches.services.document_run``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from batches import progress
from batches.models import Batch, Document
from batches.selectors import batch_counters, document_row
from batches.services.followups import batch_followups_create
from batchsite.bulk_sql import rows_update

# The batch counter each terminal status moves.
_COUNTER = {
    Document.Status.SUCCEEDED: "succeeded_count",
    Document.Status.FAILED: "failed_count",
    Document.Status.CANCELLED: "cancelled_count",
}
RUNNABLE = (Batch.Status.QUEUED, Batch.Status.PROCESSING)  # a batch whose documents may start


def lock_batch(batch_id: object) -> str | None:
    """Lock the batch row first in every transaction that also changes its documents; its status.

    Batch actions (cancel, retry) lock the batch and then its documents; a worker that locked a
    document and then waited for the batch would deadlock with them on PostgreSQL. One order,
    batch before documents, everywhere. (SQLite's IMMEDIATE transactions serialise anyway.)
    """
    return Batch.objects.select_for_update().filter(pk=batch_id).values_list("status", flat=True).first()


def batch_publish(*, batch_id: object, documents: Sequence[Document] = (), urgent: bool = False) -> None:
    """Send the batch's counters and these documents' rows to its open pages."""
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is not None:
        rows = [document_row(document) for document in documents]
        progress.publish(str(batch_id), batch_counters(batch), rows, urgent=urgent or batch.is_final)


# --- The rules, for one document or many (the caller holds the batch's lock) -----------------


def documents_claim(*, batch_id: object, documents: Sequence[Document], started: bool, now) -> list[Document]:
    """Start queued documents and count one more attempt on those already processing.

    One already ``processing`` lost its earlier attempt's worker (the ledger resends a job only
    then); the counters already count it. Returns the documents now processing, in the given
    order; terminal ones are left alone. ``started``: the batch is processing already (else it
    starts now). ``documents`` were read under the lock, so their statuses are current.
    """
    fresh = [d.pk for d in documents if d.status == Document.Status.QUEUED]
    resumed = [d.pk for d in documents if d.status == Document.Status.PROCESSING]
    if fresh:
        Document.objects.filter(pk__in_ints=fresh, status=Document.Status.QUEUED).update(
            status=Document.Status.PROCESSING, started_at=now, attempts=F("attempts") + 1, step="processing"
        )
        begins = (
            {}
            if started
            else {
                "status": Case(
                    When(status=Batch.Status.QUEUED, then=Value(Batch.Status.PROCESSING)), default=F("status")
                ),
                "started_at": Coalesce(F("started_at"), Value(now)),
            }
        )
        Batch.objects.filter(pk=batch_id).update(
            processing_count=F("processing_count") + len(fresh), updated_at=now, **begins
        )
    if resumed:
        Document.objects.filter(pk__in_ints=resumed, status=Document.Status.PROCESSING).update(
            attempts=F("attempts") + 1
        )
    claimed = []
    for document in documents:
        if document.status == Document.Status.QUEUED:
            document.status, document.started_at, document.step = (
                Document.Status.PROCESSING,
                now,
                "processing",
            )
        elif document.status != Document.Status.PROCESSING:
            continue
        document.attempts += 1
        claimed.append(document)
    return claimed


class Result(NamedTuple):
    """A processed document's terminal state, as ``documents_finish`` records it."""

    document: Document
    status: str
    fields: dict[str, Any]
    duration_ms: int | None = None  # its own processing time; None: the time since its claim


def documents_finish(*, batch_id: object, results: Sequence[Result], now) -> dict[int, str | None]:
    """Record processed documents' terminal states in bulk; counters and the batch's status follow.

    Returns the documents it did not record, no longer processing (finished or cancelled
    meanwhile), with the status they have (None once gone): their jobs end as they did.
    """
    if not results:
        return {}
    running = set(
        Document.objects.filter(
            pk__in_ints=[r.document.pk for r in results], status=Document.Status.PROCESSING
        ).values_list("pk", flat=True)
    )
    rows, counts, elsewhere = [], Counter(), {}
    for document, status, fields, duration_ms in results:
        if document.pk not in running:
            elsewhere[document.pk] = (
                Document.objects.filter(pk=document.pk).values_list("status", flat=True).first()
            )
            continue
        if duration_ms is None and document.started_at:
            duration_ms = int((now - document.started_at).total_seconds() * 1000)
        values = {"status": status, "finished_at": now, "duration_ms": duration_ms, "step": "", **fields}
        rows.append((document.pk, values))
        for name, value in values.items():
            setattr(document, name, value)
        counts[_COUNTER[status]] += 1
    rows_update(Document, rows, where={"status": Document.Status.PROCESSING})
    if rows:
        Batch.objects.filter(pk=batch_id).update(
            processing_count=F("processing_count") - len(rows),
            **{name: F(name) + n for name, n in counts.items()},
            updated_at=now,
        )
        batch_complete_if_done(batch_id=batch_id)
    return elsewhere


def documents_give_back(*, batch_id: object, documents: Sequence[Document], now) -> int:
    """Claimed documents that did not start: queued again, their attempt given back."""
    if not documents:
        return 0
    moved = Document.objects.filter(
        pk__in_ints=[d.pk for d in documents], status=Document.Status.PROCESSING
    ).update(status=Document.Status.QUEUED, step="", started_at=None, attempts=F("attempts") - 1)
    if moved:
        Batch.objects.filter(pk=batch_id).update(
            processing_count=F("processing_count") - moved, updated_at=now
        )
    for document in documents:
        document.status, document.step, document.started_at = Document.Status.QUEUED, "", None
        document.attempts -= 1
    return moved


def documents_retry_later(*, batch_id: object, retries: Sequence[tuple[Document, str, str]], now) -> int:
    """Documents whose failure may pass (``code``, ``message``): queued again, the error shown meanwhile."""
    moved = 0
    for document, code, message in retries:
        fields = {
            "status": Document.Status.QUEUED,
            "step": "waiting to retry",
            "error_code": code,
            "error_message": message,
            "queued_at": now,
        }
        if Document.objects.filter(pk=document.pk, status=Document.Status.PROCESSING).update(**fields):
            moved += 1
            for name, value in fields.items():
                setattr(document, name, value)
    if moved:
        Batch.objects.filter(pk=batch_id).update(
            processing_count=F("processing_count") - moved, updated_at=now
        )
    return moved


def final_status() -> Case:
    """The status an ended batch has, from its counters: failed when nothing succeeded and
    something failed, completed with errors when something failed, else completed."""
    return Case(
        When(succeeded_count=0, failed_count__gt=0, then=Value(Batch.Status.FAILED)),
        When(failed_count__gt=0, then=Value(Batch.Status.COMPLETED_WITH_ERRORS)),
        default=Value(Batch.Status.COMPLETED),
    )


def batch_complete_if_done(*, batch_id: object) -> bool:
    """Give a batch its final status once every document is terminal; True when it just did.

    A plain read of the counters first: most calls (one per document or step) find documents
    still to go, and the conditional ``UPDATE`` with its ``CASE`` costs a few milliseconds to
    build. The ``UPDATE`` alone decides.
    """
    counts = (
        Batch.objects.filter(pk=batch_id)
        .values_list("total_documents", "succeeded_count", "failed_count", "cancelled_count")
        .first()
    )
    if counts is None or counts[0] != sum(counts[1:]):
        return False
    with transaction.atomic():  # the final status and its follow-ups commit together (an outbox)
        completed = Batch.objects.filter(
            pk=batch_id,
            status__in=(Batch.Status.QUEUED, Batch.Status.PROCESSING),
            total_documents=F("succeeded_count") + F("failed_count") + F("cancelled_count"),
        ).update(status=final_status(), finished_at=timezone.now())
        if completed:
            batch_followups_create(batch_id=batch_id)
    return bool(completed)


# --- The same rules for one document, in a transaction of their own --------------------------


def document_claim(*, document_id: int) -> Document | None:
    """Start one queued document; None when it is not to run (gone, its batch paused, done)."""
    document = Document.objects.select_related("batch").filter(pk=document_id).first()
    if document is None:
        return None
    with transaction.atomic():
        status = lock_batch(document.batch_id)
        document.status = Document.objects.filter(pk=document.pk).values_list("status", flat=True).first()
        if status not in RUNNABLE:
            return None
        now = timezone.now()  # after the lock: a later commit never carries an earlier time
        claimed = documents_claim(
            batch_id=document.batch_id,
            documents=[document],
            started=status == Batch.Status.PROCESSING,
            now=now,
        )
    if not claimed:
        return None  # already finished or cancelled: a redelivered message is a no-op
    batch_publish(batch_id=document.batch_id, documents=[document])
    return document


def document_finish(
    *, document: Document, status: str, fields: dict[str, Any], duration_ms: int | None = None
) -> bool:
    """Record one document's terminal state once; counters and batch status move with it.

    ``duration_ms`` is the document's own processing time as measured around its processor;
    without one (a cancel, an abandoned attempt) it is the time since the claim.
    """
    with transaction.atomic():
        lock_batch(document.batch_id)
        now = timezone.now()  # after the lock: a later commit never carries an earlier time
        elsewhere = documents_finish(
            batch_id=document.batch_id, results=[Result(document, status, fields, duration_ms)], now=now
        )
    finished = document.pk not in elsewhere
    if finished:
        batch_publish(batch_id=document.batch_id, documents=[document])
    return finished
