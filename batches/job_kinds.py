"""The job kinds the batches app runs through the ledger (registered in ``BatchesConfig.ready``)."""

from __future__ import annotations

from batches.services.uploads import ARCHIVE_KIND
from queueing.kinds import JobKind
from queueing.models import Job


def _document_of(job: Job):
    from batches.models import Document
    from batchsite.errors import ApplicationError

    document = Document.objects.select_related("batch").filter(pk=job.target_id).first()
    if document is None:
        raise ApplicationError(f"document {job.target_id} no longer exists", code="not_found")
    return document


def _document_rerun(job: Job, actor) -> None:
    from batches.services import document_requeue

    document_requeue(document=_document_of(job), actor=actor)


def _document_withdraw(job: Job, actor) -> bool:
    from batches.services import document_cancel

    return document_cancel(document=_document_of(job), actor=actor)


DOCUMENTS = JobKind(
    Job.Kind.DOCUMENT,
    "Process a document",
    task="batches.run_documents",
    shares_message=True,
    rerun=_document_rerun,
    withdraw=_document_withdraw,
)
# Follow-ups of a finished batch (written by its finish, in the same transaction).
BATCH_NOTICE = JobKind("batch_notice", "Tell the owner the batch finished", task="batches.notify_finished")


# A ZIP archive dropped into a draft, expanded by a worker (the web process never opens it).
def _archive_withdraw(job: Job, actor) -> bool:
    from batches.services.archives import archive_withdraw

    return archive_withdraw(job=job)


ARCHIVE = JobKind(
    ARCHIVE_KIND, "Expand a ZIP archive", task="batches.expand_archive", withdraw=_archive_withdraw
)

ALL = (DOCUMENTS, BATCH_NOTICE, ARCHIVE)
