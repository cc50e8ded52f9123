"""Acting on documents chosen inside a batch: retry the failed ones, delete some.

(An export of chosen documents is ``exports.services.export_start(document_ids=...)``.)
Each action takes the ids a person ticked or a client sent, acts on those of the batch it
allows, and says how many it acted on and how many it left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from analytics.stats import stats_mark_dirty
from batches import progress
from batches.audit import audit_record
from batches.models import AuditEvent, Batch, Document
from batches.selectors import batch_counters
from batches.services.lifecycle import _delete_files, _require_owner, batch_retry_failed
from batches.services.processing import final_status
from batchsite.errors import ApplicationError

MAX_SELECTED = 1000


@dataclass(frozen=True)
class SelectionOutcome:
    """How many chosen documents the action acted on, and how many it left as they were."""

    done: int
    skipped: int


def document_ids_parse(values: object) -> list[int]:
    """Document ids from a form's list or a JSON array: positive integers, at most ``MAX_SELECTED``."""
    if not isinstance(values, list | tuple):
        raise ApplicationError("Send the documents as a list of ids.", "invalid_documents")
    ids: list[int] = []
    for value in values:
        text = str(value).strip()
        if not text.isdigit() or isinstance(value, bool):
            raise ApplicationError(f"Not a document id: {text[:40]!r}.", "invalid_documents")
        ids.append(int(text))
    if not ids:
        raise ApplicationError("Choose at least one document.", "no_documents")
    if len(ids) > MAX_SELECTED:
        raise ApplicationError(f"Choose at most {MAX_SELECTED} documents at once.", "too_many_documents")
    return list(dict.fromkeys(ids))


def _of_batch(batch: Batch, document_ids: list[int]) -> list[int]:
    """The ids, each checked to be a document of the batch (another's is refused, never acted on)."""
    found = set(batch.documents.filter(pk__in=document_ids).values_list("pk", flat=True))
    missing = [pk for pk in document_ids if pk not in found]
    if missing:
        shown = ", ".join(str(pk) for pk in missing[:10])
        raise ApplicationError(f"Not documents of this batch: {shown}.", "unknown_documents")
    return [pk for pk in document_ids if pk in found]


def documents_retry(
    *, batch: Batch, actor: AbstractBaseUser, document_ids: list[int], ip: str | None = None
) -> SelectionOutcome:
    """Queue the chosen documents that failed or were cancelled again (the batch's retry-failed
    rule); the others (succeeded, waiting, running) are left as they are and counted as skipped."""
    _require_owner(batch, actor)
    chosen = _of_batch(batch, document_ids)
    retryable = batch.documents.filter(
        pk__in=chosen, status__in=(Document.Status.FAILED, Document.Status.CANCELLED)
    )
    ids = list(retryable.values_list("pk", flat=True))
    if not ids:
        raise ApplicationError(
            "None of the chosen documents failed or was cancelled: only those are retried.",
            "nothing_to_retry",
        )
    retried = batch_retry_failed(batch=batch, actor=actor, document_ids=ids, ip=ip, include_cancelled=True)
    return SelectionOutcome(done=retried, skipped=len(chosen) - retried)


_COUNTER_OF = {
    Document.Status.SUCCEEDED: "succeeded_count",
    Document.Status.FAILED: "failed_count",
    Document.Status.CANCELLED: "cancelled_count",
}


def documents_delete(
    *, batch: Batch, actor: AbstractBaseUser, document_ids: list[int], ip: str | None = None
) -> SelectionOutcome:
    """Delete chosen documents of a batch that has ended, with their files and results.

    Not while the batch runs or is paused (a worker may be on them). A document of a cancelled
    batch still running (it stops at its checkpoint) is skipped. The batch's counters and total
    size move down in the same transaction, so they keep equalling its documents, and an ended
    batch's status follows them (its failed documents deleted, it is completed); a cancelled one
    stays cancelled. Deleting every document is refused: that is deleting the batch.
    """
    _require_owner(batch, actor, permission="batches.delete_batch")
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if not locked.is_final:
            raise ApplicationError(
                "Documents can be deleted once the batch has finished (or been cancelled).", "batch_running"
            )
        chosen = list(
            locked.documents.filter(pk__in=_of_batch(locked, document_ids)).only(
                "pk", "status", "size", "file", "outputs"
            )
        )
        doomed = [d for d in chosen if d.status in _COUNTER_OF]
        if not doomed:
            raise ApplicationError("None of the chosen documents can be deleted yet.", "nothing_to_delete")
        if len(doomed) == locked.total_documents:
            raise ApplicationError(
                "These are all the batch's documents: delete the batch instead.", "all_documents"
            )
        _delete_rows(locked, doomed)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            target=locked,
            ip=ip,
            extra={"documents": [d.pk for d in doomed]},
        )
    transaction.on_commit(partial(_publish_counters, batch.pk))
    return SelectionOutcome(done=len(doomed), skipped=len(chosen) - len(doomed))


def _delete_rows(batch: Batch, documents: list[Document]) -> None:
    """Delete the rows and move the counters down (the caller holds the batch's lock)."""
    ids = [d.pk for d in documents]
    storage = Document._meta.get_field("file").storage
    files = [d.file.name for d in documents if d.file]
    files += [r["path"] for d in documents for r in d.outputs or [] if r.get("path")]
    stats_mark_dirty(Document.objects.filter(pk__in=ids))  # their days' figures are redone
    counters = {name: 0 for name in _COUNTER_OF.values()}
    for document in documents:
        counters[_COUNTER_OF[document.status]] += 1
    Document.objects.filter(pk__in=ids).delete()
    Batch.objects.filter(pk=batch.pk).update(
        total_documents=F("total_documents") - len(ids),
        total_bytes=F("total_bytes") - sum(d.size for d in documents),
        updated_at=timezone.now(),
        **{name: F(name) - count for name, count in counters.items()},
    )
    Batch.objects.filter(pk=batch.pk).exclude(status=Batch.Status.CANCELLED).update(status=final_status())
    transaction.on_commit(partial(_delete_files, storage, files))


def _publish_counters(batch_id: object) -> None:
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is not None:
        progress.publish(str(batch_id), batch_counters(batch), [], urgent=True)
