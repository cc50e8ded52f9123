"""ZIP archives into a draft: stored as uploaded by the web process, expanded by a worker.

The web process never opens an archive (issue 18: "uploads are never parsed in the web
process"). ``uploads.archive_add`` streams the upload to storage as a document with the status
``expanding`` and writes an ``archive`` job in the same transaction. A worker, under its
address-space and time limits, runs ``archive_expand``: ``expand_zip`` checks the central
directory against the plan before it inflates anything, each member becomes a document at the
archive's place in the upload order (a hostile member a failed document with its reason), and
the archive's document is then deleted. An archive hostile as a whole (a bomb, too many members,
a broken structure), or one a worker could not expand (memory, time, crashes), ends as a failed
document under the archive's own name with the reason.

The expansion is resumable: the archive's ``meta["expanded"]`` counts the members recorded,
in the transaction that records each one, so a job run again after a worker died goes on where
it stopped instead of adding members twice.

Member state::

    (upload) ──▶ expanding ──worker──▶ deleted; its members are pending (or failed) documents
                     └──refused as a whole / worker limits──▶ failed (the archive's reason)
"""

from __future__ import annotations

import time
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F

from accounts.plans import plan_limits
from batches.models import Batch, Document
from batches.processing.base import FILE_TOO_LARGE, INTERNAL_ERROR, TIMEOUT, ProcessingError
from batches.services.processing import lock_batch
from batches.services.uploads import (
    ARCHIVE_KIND,
    Slot,
    document_add_rejected,
    document_store,
    documents_counted,
)
from batchsite.errors import ApplicationError
from queueing import services as queueing
from queueing.models import Job
from queueing.runs import JobFailed
from uploads.ingest.archives import ArchiveLimits, ArchiveMember, expand_zip


class ArchiveGone(Exception):
    """The archive's document was removed (or finished) while a worker was expanding it."""


def archive_expand_job(job: Job) -> None:
    """The ``archive`` job's work (a worker): expand the archive; its limits become its reasons."""
    try:
        archive_expand(archive_id=int(job.target_id))
    except SoftTimeLimitExceeded:
        # The limit did its work: the task ends now. Failing the job (not a retry) is the verdict.
        message = (
            f"Expanding the archive took longer than {settings.QUEUES['documents']['soft_time_limit']} s."
        )
        archive_fail(archive_id=int(job.target_id), code=TIMEOUT, message=message)
        raise JobFailed(message, code=TIMEOUT) from None
    except Exception:
        # The ledger records the error for operators; the user's page must not wait forever.
        archive_fail(
            archive_id=int(job.target_id),
            code=INTERNAL_ERROR,
            message="The archive could not be expanded (an internal error, reported to the operators).",
        )
        raise


def archive_expand_spent(job: Job) -> None:
    """The job ran out of attempts (its worker died each time): the archive fails with that reason."""
    archive_fail(
        archive_id=int(job.target_id),
        code=job.last_error_code or "worker_lost",
        message=job.last_error_message or "The archive could not be expanded.",
    )


def archive_withdraw(*, job: Job) -> bool:
    """An operator cancels a waiting expansion: the job is cancelled, the archive fails saying so."""
    queueing.job_cancel(job=job)
    archive_fail(
        archive_id=int(job.target_id),
        code="cancelled",
        message="An operator cancelled the expansion of this archive.",
    )
    return True


def archive_expand(*, archive_id: int) -> None:
    """Replace an archive's document with a document per member, within the plan's limits."""
    archive = (
        Document.objects.select_related("batch__owner")
        .filter(pk=archive_id, status=Document.Status.EXPANDING)
        .first()
    )
    if archive is None:
        return  # removed by its owner, or expanded already (a duplicate message)
    expanded = archive.meta.get("expanded", 0)
    plan = plan_limits(owner=archive.batch.owner)
    try:
        with archive.file.open("rb") as handle:
            for index, member in enumerate(
                expand_zip(
                    handle, archive_name=archive.original_name, limits=_limits(archive, expanded, plan)
                )
            ):
                if index >= expanded:
                    _member_add(archive, member, index, plan)
    except ProcessingError as exc:
        archive_fail(archive_id=archive.pk, code=exc.code, message=exc.message)
        return
    except MemoryError:
        archive_fail(
            archive_id=archive.pk,
            code=FILE_TOO_LARGE,
            message="Expanding the archive needed more memory than a worker may use.",
        )
        return
    except (ArchiveGone, ApplicationError) as exc:
        if isinstance(exc, ApplicationError) and exc.code not in ("not_found", "not_draft"):
            raise
        return  # the archive was removed, or its batch is no longer a draft: nothing more to add
    _archive_remove(archive)


def _limits(archive: Document, expanded: int, plan: dict) -> ArchiveLimits:
    """The plan's count and size apply to the central directory before anything is inflated, so a
    5,000-file ZIP on a 1,000-file plan is one clear refusal, not 4,000 failed documents. Members
    recorded by an earlier attempt are in the count already, and make room for themselves."""
    room = plan["files_per_batch"] - documents_counted(batch=archive.batch) + expanded
    return ArchiveLimits(max_members=max(room, 0), max_member_bytes=plan["bytes_per_file"])


def _member_add(archive: Document, member: ArchiveMember, index: int, plan: dict) -> None:
    batch, owner = archive.batch, archive.batch.owner
    slot = Slot(position=archive.position + index, archive_id=archive.pk)
    recorded = partial(_progress_record, archive.pk, index + 1)
    if member.error is not None:
        document_add_rejected(
            batch=batch,
            owner=owner,
            name=member.name,
            code=member.error.code,
            message=member.error.message,
            slot=slot,
            recorded=recorded,
        )
        return
    # The archive's own stored bytes make room for its members: it is deleted once they exist.
    limits = {**plan, "storage_bytes": plan["storage_bytes"] + archive.size}
    try:
        document_store(
            batch=batch,
            owner=owner,
            uploaded=ContentFile(member.content, name="member"),
            name=member.name,
            ip=None,
            max_bytes=plan["bytes_per_file"],
            limits=limits,
            slot=slot,
            recorded=recorded,
        )
    except ApplicationError as exc:
        if exc.code in ("not_found", "not_draft"):
            raise
        document_add_rejected(
            batch=batch,
            owner=owner,
            name=member.name,
            code=exc.code,
            message=exc.message,
            slot=slot,
            recorded=recorded,
        )


def _progress_record(archive_id: int, expanded: int, member: Document) -> None:
    """Count a recorded member on the archive, in the member's transaction; refuse if it is gone."""
    if not Document.objects.filter(pk=archive_id, status=Document.Status.EXPANDING).update(
        meta={"expanded": expanded}
    ):
        raise ArchiveGone(archive_id)


def _archive_remove(archive: Document) -> None:
    """The members exist: the archive's document and its stored file go."""
    with transaction.atomic():
        lock_batch(archive.batch_id)
        deleted, _ = Document.objects.filter(pk=archive.pk, status=Document.Status.EXPANDING).delete()
        if deleted:
            Batch.objects.filter(pk=archive.batch_id).update(
                total_documents=F("total_documents") - 1, total_bytes=F("total_bytes") - archive.size
            )
    if deleted:
        transaction.on_commit(partial(archive.file.storage.delete, archive.file.name))


def archive_fail(*, archive_id: int, code: str, message: str) -> None:
    """The archive as a whole is refused: its document becomes a failed one, after its members."""
    archive = Document.objects.filter(pk=archive_id, status=Document.Status.EXPANDING).first()
    if archive is None:
        return
    with transaction.atomic():
        lock_batch(archive.batch_id)
        failed = Document.objects.filter(pk=archive.pk, status=Document.Status.EXPANDING).update(
            status=Document.Status.FAILED,
            error_code=code,
            error_message=message,
            file="",
            size=0,
            position=archive.position + archive.meta.get("expanded", 0),
            meta={},
        )
        if failed:
            Batch.objects.filter(pk=archive.batch_id).update(total_bytes=F("total_bytes") - archive.size)
    if failed:
        transaction.on_commit(partial(archive.file.storage.delete, archive.file.name))


def archives_expanding(*, batch: Batch) -> list[str]:
    """The names of a draft's archives still being expanded."""
    return list(
        batch.documents.filter(status=Document.Status.EXPANDING)
        .order_by("position")
        .values_list("original_name", flat=True)
    )


def archives_refuse_expanding(*, batch: Batch) -> None:
    """A draft is submitted only once its archives are expanded (its documents are then known)."""
    names = archives_expanding(batch=batch)
    if names:
        raise ApplicationError(
            f"{', '.join(names)}: still being expanded; its files appear in a moment.",
            "archive_expanding",
            extra={"archives": names},
        )


def archives_wait(*, batch: Batch, timeout: float | None = None, interval: float = 0.2) -> None:
    """Wait until a worker has expanded every archive of the draft (the API's and the CLI's submit).

    Past ``timeout`` (``ARCHIVE_WAIT_SECONDS``) the wait ends with the ``archive_expanding`` refusal.
    """
    timeout = settings.ARCHIVE_WAIT_SECONDS if timeout is None else timeout
    deadline = time.monotonic() + timeout
    while names := archives_expanding(batch=batch):
        if time.monotonic() >= deadline:
            raise ApplicationError(
                f"{', '.join(names)}: not expanded within {timeout:g} s (the workers are busy); nothing was "
                "submitted. Send the request again later.",
                "archive_expanding",
                extra={"archives": names},
            )
        time.sleep(interval)


def archives_expand_here(*, batch: Batch) -> None:
    """Expand a draft's archives in this process (``process_batch --inline``, which runs no worker).

    The command line's own files, in its own process: not the web process. Their ledger jobs are
    withdrawn first, so no worker expands them as well.
    """
    ids = list(batch.documents.filter(status=Document.Status.EXPANDING).values_list("pk", flat=True))
    for job in Job.objects.filter(kind=ARCHIVE_KIND, target_id__in=[str(pk) for pk in ids]):
        queueing.job_cancel(job=job)
    for archive_id in ids:
        archive_expand(archive_id=archive_id)
