"""Celery tasks: thin adapters around ``batches.services``.

Retries are not declared on the decorator: a transient failure goes back to the job
ledger (``queueing``) with backoff, so it stays durable, visible and fair between users.
"""

from __future__ import annotations

import math

from celery import shared_task
from django.conf import settings

from batches import services
from batches.services.archives import archive_expand_job, archive_expand_spent
from batches.services.followups import batch_notice_run
from queueing.runs import job_run
from queueing.services import worker_label

# A message starts no document after QUEUE_MESSAGE_MAX_SECONDS, so each document still gets the
# whole per-document limit.
_MESSAGE_GRACE = math.ceil(settings.QUEUE_MESSAGE_MAX_SECONDS) + 1
_DOCUMENT_LIMITS = {
    "soft_time_limit": settings.QUEUES["documents"]["soft_time_limit"] + _MESSAGE_GRACE,
    "time_limit": settings.QUEUES["documents"]["time_limit"] + _MESSAGE_GRACE,
}


@shared_task(bind=True, name="batches.run_documents", **_DOCUMENT_LIMITS)
def run_documents(self, job_ids: list[int], message: int | None = None) -> None:
    """A broker message carrying one document's job or several (the ledger's messages)."""
    services.document_run_jobs(job_ids=job_ids, worker=worker_label(self.request.hostname), message=message)


# The names messages queued by earlier releases carry (a list of jobs; one job): they run the
# same way. Drop them once no deployment can hold such a message (its queues drained since).
@shared_task(bind=True, name="batches.process_documents", **_DOCUMENT_LIMITS)
def run_documents_queued_as_process_documents(self, job_ids: list[int], message: int | None = None) -> None:
    services.document_run_jobs(job_ids=job_ids, worker=worker_label(self.request.hostname), message=message)


@shared_task(bind=True, name="batches.process_document", **_DOCUMENT_LIMITS)
def run_documents_queued_as_process_document(self, job_id: int) -> None:
    services.document_run_jobs(job_ids=[job_id], worker=worker_label(self.request.hostname))


@shared_task(name="batches.expire_data", ignore_result=True)
def expire_data() -> dict[str, int]:
    return services.data_expire()


@shared_task(bind=True, name="batches.notify_finished", ignore_result=True)
def notify_finished(self, job_id: int) -> None:
    job_run(job_id=job_id, worker=worker_label(self.request.hostname), work=batch_notice_run)


@shared_task(
    bind=True,
    name="batches.expand_archive",
    soft_time_limit=settings.QUEUES["documents"]["soft_time_limit"],
    time_limit=settings.QUEUES["documents"]["time_limit"],
    ignore_result=True,
)
def expand_archive(self, job_id: int) -> None:
    """A ZIP archive of a draft, expanded under the worker's memory and time limits."""
    job_run(
        job_id=job_id,
        worker=worker_label(self.request.hostname),
        work=archive_expand_job,
        spent=archive_expand_spent,
    )
