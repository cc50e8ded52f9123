"""A finished batch's follow-ups (webhook, notice, output files) as ledger jobs: an outbox.

The finish writes them in the transaction that gives the batch its final status, so they
commit together or not at all. ``dispatch`` sends them after the commit; when the process dies
first, the next recovery pass does. Nothing else runs from ``on_commit``. Other apps add their
follow-ups with ``followup_register`` (exports: the output files): this module imports none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from batches import progress
from batches.models import Batch
from queueing import services as queueing
from queueing.kinds import JobKind
from queueing.models import Job

# Within an owner's turn, a finished batch's follow-ups go before any batch's documents.
FOLLOW_UP_PRIORITY = 1000


@dataclass(frozen=True)
class FollowUp:
    """A job written when a batch finishes, if ``wanted(batch)`` says so; its target is the batch."""

    kind: JobKind
    queue: str
    wanted: Callable[[Batch], bool]


_FOLLOW_UPS: dict[str, FollowUp] = {}


def followup_register(follow_up: FollowUp) -> None:
    _FOLLOW_UPS.setdefault(follow_up.kind.name, follow_up)


def batch_followups_create(*, batch_id: object) -> int:
    """Write the finished batch's follow-up jobs in the caller's transaction; how many."""
    batch = Batch.objects.filter(pk=batch_id).first()
    wanted = [follow_up for follow_up in _FOLLOW_UPS.values() if batch and follow_up.wanted(batch)]
    for follow_up in wanted:
        queueing.jobs_create(
            kind=follow_up.kind.name,
            owner_id=batch.owner_id,
            targets=[batch.pk],
            batch_id=batch.pk,
            priority=FOLLOW_UP_PRIORITY,
            queue=follow_up.queue,
        )
    if wanted:
        transaction.on_commit(queueing.dispatch)
    return len(wanted)


def wants_notice(batch: Batch) -> bool:
    return True  # every finish is announced to its owner's open pages


def batch_notice_run(job: Job) -> None:
    """The notice job's work: tell the owner's open pages that the batch finished."""
    batch = Batch.objects.filter(pk=job.target_id).first()
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
