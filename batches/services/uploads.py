"""Drafts and uploads: files into a draft batch, within the user's plan."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import File
from django.db import transaction
from django.db.models import F, Max, Sum
from django.utils import timezone

from accounts.plans import plan_limits
from batches.audit import audit_record
from batches.models import AuditEvent, Batch, Document
from batches.processors import DEFAULT_PROCESSOR, processor_spec
from batches.selectors import owner_storage_used
from batches.services.processing import lock_batch
from batchsite.errors import ApplicationError
from queueing import services as queueing
from uploads.ingest.filenames import clean_text, display_name

logger = logging.getLogger(__name__)


def batch_create_draft(
    *, owner: AbstractBaseUser, name: str = "", processor: str = DEFAULT_PROCESSOR
) -> Batch:
    processor_spec(processor)  # refuses an unknown name
    return Batch.objects.create(
        owner=owner, name=clean_text(name)[:200], processor=processor, status=Batch.Status.DRAFT
    )


DRAFT_REUSE_HOURS = 24


def batch_get_or_create_draft(*, owner: AbstractBaseUser) -> Batch:
    """The user's recent draft (so a reload keeps uploaded files), or a new one."""
    since = timezone.now() - timezone.timedelta(hours=DRAFT_REUSE_HOURS)
    draft = Batch.objects.filter(owner=owner, status=Batch.Status.DRAFT, created_at__gte=since).first()
    return draft or batch_create_draft(owner=owner)


def _require_draft(batch: Batch, owner: AbstractBaseUser) -> None:
    if batch.owner_id != owner.pk:
        raise ApplicationError("Batch not found.", code="not_found")
    if batch.status != Batch.Status.DRAFT:
        raise ApplicationError(
            "This batch was already submitted; its files can no longer change.", "not_draft"
        )


@dataclass(frozen=True)
class Slot:
    """Where an archive's member goes: ``position``, the archive's own place in the upload order.

    The documents after it (``archive_id`` excepted: it is the one being expanded) move one down,
    so members keep the order in which the user dropped their archive among other files.
    """

    position: int
    archive_id: int


def document_add_upload(
    *,
    batch: Batch,
    owner: AbstractBaseUser,
    uploaded: File,
    name: str = "",
    ip: str | None = None,
    slot: Slot | None = None,
    recorded: Callable[[Document], None] | None = None,
) -> Document:
    """Store one uploaded file in a draft batch, within the plan's size, count and storage limits.

    The file goes to storage first (no lock is held over that I/O); the count and storage limits
    and the position are then decided under the owner's and the batch's locks, so uploads sent at
    once cannot pass a limit together, and a refused file is deleted from storage again.
    ``recorded`` runs in the transaction that records the document (an archive's progress).
    """
    limits = plan_limits(owner=owner)
    return document_store(
        batch=batch,
        owner=owner,
        uploaded=uploaded,
        name=name,
        ip=ip,
        max_bytes=limits["bytes_per_file"],
        limits=limits,
        slot=slot,
        recorded=recorded,
    )


def document_store(
    *,
    batch: Batch,
    owner: AbstractBaseUser,
    uploaded: File,
    name: str,
    ip: str | None,
    max_bytes: int,
    limits: dict,
    status: str = Document.Status.PENDING,
    slot: Slot | None = None,
    recorded: Callable[[Document], None] | None = None,
) -> Document:
    """``document_add_upload`` with its size limit and status chosen (an archive is held to its own)."""
    (outcome,) = documents_store(
        batch=batch,
        owner=owner,
        uploads=[(uploaded, name)],
        ip=ip,
        max_bytes=max_bytes,
        limits=limits,
        status=status,
        slot=slot,
        recorded=recorded,
    )
    if isinstance(outcome, ApplicationError):
        raise outcome
    return outcome


def documents_store(
    *,
    batch: Batch,
    owner: AbstractBaseUser,
    uploads: Sequence[tuple[File, str]],
    ip: str | None,
    max_bytes: int,
    limits: dict,
    status: str = Document.Status.PENDING,
    slot: Slot | None = None,
    recorded: Callable[[Document], None] | None = None,
) -> list[Document | ApplicationError]:
    """Store files in a draft: each becomes a document, or the reason it was refused, in order.

    The files go to storage first (no lock is held over that I/O); the count and storage limits
    and the positions are then decided under the owner's and the batch's locks, once for all of
    them (a drop of thousands of small files comes a few dozen to a request), so uploads sent at
    once cannot pass a limit together; a refused file is deleted from storage again.
    ``recorded`` runs in the transaction that records the documents (an archive's progress).
    """
    _require_draft(batch, owner)
    outcomes = [
        _document_staged(batch, uploaded, name=name, max_bytes=max_bytes, status=status)
        for uploaded, name in uploads
    ]
    staged = [outcome for outcome in outcomes if isinstance(outcome, Document)]
    try:
        with transaction.atomic():
            lock_owner(owner)
            _lock_draft(batch)
            kept = _documents_placed(batch, owner, outcomes, limits=limits, slot=slot)
            Document.objects.bulk_create(kept)
            Batch.objects.filter(pk=batch.pk).update(
                total_documents=F("total_documents") + len(kept),
                total_bytes=F("total_bytes") + sum(document.size for document in kept),
            )
            for document in kept if recorded is not None else ():
                recorded(document)
    except Exception:
        for document in staged:  # refused (or failed): nothing stays stored
            document.file.storage.delete(document.file.name)
        raise
    for document in staged:
        if document.pk is None:  # refused under the locks
            document.file.storage.delete(document.file.name)
    if ip is not None:  # uploads from the web (the CLI's local files are not audited one by one)
        _audit_uploads(owner=owner, batch=batch, documents=[d for d in staged if d.pk is not None], ip=ip)
    return outcomes


def _document_staged(
    batch: Batch, uploaded: File, *, name: str, max_bytes: int, status: str
) -> Document | ApplicationError:
    """The file in storage as an unsaved document (its hash and type read), or why it is too large."""
    original_name = display_name(name or uploaded.name or "unnamed")[:1024]
    size = uploaded.size or 0
    if size > max_bytes:
        return ApplicationError(
            f"{original_name}: the file is {size:,} bytes; the limit is {max_bytes:,}.", code="file_too_large"
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
        status=status,
    )
    document.file.save("upload", uploaded, save=False)
    return document


def _documents_placed(
    batch: Batch,
    owner: AbstractBaseUser,
    outcomes: list[Document | ApplicationError],
    *,
    limits: dict,
    slot: Slot | None,
) -> list[Document]:
    """Under the locks: the staged documents that fit the plan, with their positions; a refusal
    takes the place of each one that does not in ``outcomes``."""
    counted = documents_counted(batch=batch)
    used = owner_storage_used(owner=owner)
    kept: list[Document] = []
    for index, document in enumerate(outcomes):
        if isinstance(document, ApplicationError):
            continue
        refusal = _count_refusal(document.original_name, counted=counted, limits=limits) or _quota_refusal(
            document.original_name, used=used, adding=document.size, limits=limits
        )
        if refusal is not None:
            outcomes[index] = refusal
            continue
        document.position = kept[-1].position + 1 if kept else _take_position(batch, slot)
        counted += document.status != Document.Status.EXPANDING  # an archive counts as its members
        used += document.size
        kept.append(document)
    return kept


def _audit_uploads(*, owner: AbstractBaseUser, batch: Batch, documents: list[Document], ip: str) -> None:
    with transaction.atomic():  # one commit for the request's files
        for document in documents:
            audit_record(
                actor=owner,
                action=AuditEvent.Action.UPLOAD,
                target=document,
                ip=ip,
                extra={"batch": str(batch.pk), "size": document.size, "sha256": document.sha256},
            )


def document_add_rejected(
    *,
    batch: Batch,
    owner: AbstractBaseUser,
    name: str,
    code: str,
    message: str,
    slot: Slot | None = None,
    recorded: Callable[[Document], None] | None = None,
) -> Document:
    """Record an input refused before processing (a hostile archive, an oversized member).

    The batch keeps it as a failed document with its reason, so nothing vanishes silently.
    """
    _require_draft(batch, owner)
    with transaction.atomic():
        _lock_draft(batch)
        document = Document.objects.create(
            batch=batch,
            original_name=display_name(name)[:1024],
            position=_take_position(batch, slot),
            status=Document.Status.FAILED,
            error_code=code,
            error_message=message,
        )
        Batch.objects.filter(pk=batch.pk).update(total_documents=F("total_documents") + 1)
        if recorded is not None:
            recorded(document)
    return document


def lock_owner(owner: AbstractBaseUser) -> None:
    """Lock the owner's user row: the storage quota is counted over all of a user's batches.

    Lock order (see ``lock_batch``): owner, then batch, then documents.
    """
    get_user_model().objects.select_for_update().filter(pk=owner.pk).values_list("pk").first()


def _lock_draft(batch: Batch) -> None:
    """Lock the batch row (call inside a transaction) and check it is still a draft."""
    if lock_batch(batch.pk) != Batch.Status.DRAFT:
        raise ApplicationError(
            "This batch was already submitted; its files can no longer change.", "not_draft"
        )


def _count_refusal(name: str, *, counted: int, limits: dict) -> ApplicationError | None:
    """The plan's per-batch file count, for one more file."""
    if counted >= limits["files_per_batch"]:
        return ApplicationError(
            f"{name}: a batch holds at most {limits['files_per_batch']} files.", "too_many_files"
        )
    return None


def _quota_refusal(name: str, *, used: int, adding: int, limits: dict) -> ApplicationError | None:
    """The plan's storage quota (stored files plus open uploads), for ``adding`` more bytes."""
    if used + adding > limits["storage_bytes"]:
        return ApplicationError(
            f"{name}: your files would take {used + adding:,} bytes; your plan stores at most "
            f"{limits['storage_bytes']:,}. Delete finished batches or drafts to make room.",
            "quota_storage",
        )
    return None


def storage_check(*, owner: AbstractBaseUser, adding: int, limits: dict, name: str) -> None:
    """Refuse ``adding`` bytes past the plan's storage quota (stored files plus open uploads)."""
    refusal = _quota_refusal(name, used=owner_storage_used(owner=owner), adding=adding, limits=limits)
    if refusal is not None:
        raise refusal


def _next_position(batch: Batch) -> int:
    """The next upload position: one past the last, under the batch row's lock.

    Not ``count()``: once a file is removed, the count is a position still in use.
    """
    last = batch.documents.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _take_position(batch: Batch, slot: Slot | None) -> int:
    """The next position, or an archive member's slot with room made after it (under the batch's lock)."""
    if slot is None:
        return _next_position(batch)
    later = batch.documents.filter(position__gte=slot.position).exclude(pk=slot.archive_id)
    if later.filter(position=slot.position).exists():  # the first member takes the archive's own place
        later.update(position=F("position") + 1)
    return slot.position


def documents_counted(*, batch: Batch) -> int:
    """Files counted against the plan's per-batch limit: an archive waiting to expand counts as
    its members, once they exist, not as a file of its own."""
    return batch.documents.exclude(status=Document.Status.EXPANDING).count()


def documents_add_files(
    *,
    batch: Batch,
    owner: AbstractBaseUser,
    files: Iterable[File],
    ip: str | None = None,
    names: Sequence[str] = (),
    keep_refused: bool = True,
) -> list[Document]:
    """Add uploaded files to a draft; a ZIP archive is stored as it came, to be expanded by a worker.

    The archive's document has the status ``expanding`` until a worker has replaced it with one
    document per member (``batches.services.archives``): this process never opens it. Nothing is
    silently dropped: a file refused here (too large, past a limit) becomes a failed document that
    says why; with ``keep_refused=False`` (the wizard, which shows the reason at once) an unsaved
    one, so it takes no place in the draft. ``names``, when given, name the files in order (a
    folder drop's relative paths, which ``UploadedFile.name`` would cut to their last part).
    """
    named = [
        (uploaded, (names[i] if i < len(names) else uploaded.name or "unnamed").strip())
        for i, uploaded in enumerate(files)
    ]
    limits = plan_limits(owner=owner)
    outcomes: list[Document | ApplicationError] = []
    for run in _runs(named, together=not keep_refused):
        uploaded, name = run[0]
        if is_archive(uploaded, name=name):
            outcomes.append(_archive_outcome(batch=batch, owner=owner, uploaded=uploaded, name=name, ip=ip))
        else:
            outcomes += documents_store(
                batch=batch,
                owner=owner,
                uploads=run,
                ip=ip,
                max_bytes=limits["bytes_per_file"],
                limits=limits,
            )
    documents: list[Document] = []
    for (_uploaded, name), outcome in zip(named, outcomes, strict=True):
        if isinstance(outcome, Document):
            documents.append(outcome)
            continue
        if outcome.code in ("not_found", "not_draft"):
            raise outcome
        refusal = {"name": name, "code": outcome.code, "message": outcome.message}
        documents.append(
            document_add_rejected(batch=batch, owner=owner, **refusal)
            if keep_refused
            else _refused(**refusal)
        )
    return documents


def _runs(named: list[tuple[File, str]], *, together: bool) -> list[list[tuple[File, str]]]:
    """The files to store at once: each archive alone; the others in runs between archives when
    ``together`` (a refused file then keeps no place of its own), else one by one (a refused file
    is recorded at its place in the upload order)."""
    runs: list[list[tuple[File, str]]] = []
    joinable = False  # the last run takes more files
    for uploaded, name in named:
        archive = is_archive(uploaded, name=name)
        if joinable and together and not archive:
            runs[-1].append((uploaded, name))
        else:
            runs.append([(uploaded, name)])
        joinable = not archive
    return runs


def _archive_outcome(
    *, batch: Batch, owner: AbstractBaseUser, uploaded: File, name: str, ip: str | None
) -> Document | ApplicationError:
    try:
        return archive_add(batch=batch, owner=owner, uploaded=uploaded, name=name, ip=ip)
    except ApplicationError as exc:
        return exc


def _refused(*, name: str, code: str, message: str) -> Document:
    """A refused file as an unsaved failed document: the reason, shown, never stored."""
    return Document(
        original_name=display_name(name)[:1024],
        status=Document.Status.FAILED,
        error_code=code,
        error_message=message,
    )


# A ZIP archive is expanded by a worker (``batches.services.archives``), never in the web process.
ARCHIVE_KIND = "archive"  # its ledger job's kind (registered in ``batches.job_kinds``)
ZIP_MAGIC = b"PK\x03\x04"
# Within the owner's turn an expansion goes before documents: the user is waiting on the page.
ARCHIVE_PRIORITY = 1000


def is_archive(uploaded: File, *, name: str) -> bool:
    """A ZIP to expand: its name says so and its first bytes agree (nothing more is read)."""
    head = uploaded.read(4)
    uploaded.seek(0)
    return head == ZIP_MAGIC and name.lower().endswith(".zip")


def archive_add(
    *, batch: Batch, owner: AbstractBaseUser, uploaded: File, name: str, ip: str | None = None
) -> Document:
    """Store an uploaded ZIP as it came and write the job that expands it; it is never opened here.

    The archive is held to ``BATCH_MAX_ARCHIVE_BYTES`` and the storage quota now; its members to
    the plan's file size and count when a worker expands it.
    """

    def job_written(archive: Document) -> None:
        queueing.jobs_create(
            kind=ARCHIVE_KIND,
            owner_id=owner.pk,
            targets=[archive.pk],
            batch_id=batch.pk,
            priority=ARCHIVE_PRIORITY,
            sizes={archive.pk: archive.size},
        )
        transaction.on_commit(queueing.dispatch)

    return document_store(
        batch=batch,
        owner=owner,
        uploaded=uploaded,
        name=name,
        ip=ip,
        max_bytes=settings.BATCH_MAX_ARCHIVE_BYTES,
        limits=plan_limits(owner=owner),
        status=Document.Status.EXPANDING,
        recorded=job_written,
    )


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


def batch_recount_draft(*, batch: Batch) -> None:
    """Recompute a draft's totals from its documents (after removing refused ones)."""
    documents = Document.objects.filter(batch=batch)
    Batch.objects.filter(pk=batch.pk, status=Batch.Status.DRAFT).update(
        total_documents=documents.count(), total_bytes=documents.aggregate(total=Sum("size"))["total"] or 0
    )


def documents_reorder(*, batch: Batch, owner: AbstractBaseUser, ids: list[int]) -> None:
    """Put a draft's documents in the given order (slides of a deck); ids not listed keep theirs after."""
    _require_draft(batch, owner)
    known = list(batch.documents.order_by("position").values_list("pk", flat=True))
    order = [pk for pk in ids if pk in set(known)] + [pk for pk in known if pk not in set(ids)]
    with transaction.atomic():
        for position, pk in enumerate(order):
            Document.objects.filter(pk=pk, batch=batch).update(position=position)
