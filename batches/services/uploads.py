"""Drafts and uploads: files into a draft batch, within the user's plan."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F, Max, Sum
from django.utils import timezone

from batches.audit import audit_record
from batches.ingest.filenames import clean_text, display_name
from batches.models import AuditEvent, Batch, Document
from batches.processing import ProcessingError
from batches.processors import DEFAULT_PROCESSOR, processor_spec
from batches.selectors import owner_storage_used
from batches.services.plans import plan_limits, user_plan  # noqa: F401 (re-exported)
from batches.services.processing import lock_batch
from batchsite.errors import ApplicationError

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


def document_add_upload(
    *, batch: Batch, owner: AbstractBaseUser, uploaded: File, name: str = "", ip: str | None = None
) -> Document:
    """Store one uploaded file in a draft batch, within the plan's size, count and storage limits.

    The file goes to storage first (no lock is held over that I/O); the count and storage limits
    and the position are then decided under the owner's and the batch's locks, so uploads sent at
    once cannot pass a limit together, and a refused file is deleted from storage again.
    """
    _require_draft(batch, owner)
    original_name = display_name(name or uploaded.name or "unnamed")[:1024]
    size = uploaded.size or 0
    limits = plan_limits(owner=owner)
    if size > limits["bytes_per_file"]:
        raise ApplicationError(
            f"{original_name}: the file is {size:,} bytes; the limit is {limits['bytes_per_file']:,}.",
            code="file_too_large",
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
    )
    document.file.save("upload", uploaded, save=False)
    try:
        with transaction.atomic():
            lock_owner(owner)
            _lock_draft(batch)
            _check_room(batch, owner, name=original_name, size=size, limits=limits)
            document.position = _next_position(batch)
            document.save()
            Batch.objects.filter(pk=batch.pk).update(
                total_documents=F("total_documents") + 1, total_bytes=F("total_bytes") + size
            )
    except Exception:
        document.file.storage.delete(document.file.name)  # refused (or failed): nothing stays stored
        raise
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
    with transaction.atomic():
        _lock_draft(batch)
        document = Document.objects.create(
            batch=batch,
            original_name=display_name(name)[:1024],
            position=_next_position(batch),
            status=Document.Status.FAILED,
            error_code=code,
            error_message=message,
        )
        Batch.objects.filter(pk=batch.pk).update(total_documents=F("total_documents") + 1)
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


def _check_room(batch: Batch, owner: AbstractBaseUser, *, name: str, size: int, limits: dict) -> None:
    """The plan's per-batch file count and per-user storage, checked under the locks."""
    if batch.documents.count() >= limits["files_per_batch"]:
        raise ApplicationError(
            f"{name}: a batch holds at most {limits['files_per_batch']} files.", "too_many_files"
        )
    storage_check(owner=owner, adding=size, limits=limits, name=name)


def storage_check(*, owner: AbstractBaseUser, adding: int, limits: dict, name: str) -> None:
    """Refuse ``adding`` bytes past the plan's storage quota (stored files plus open uploads)."""
    used = owner_storage_used(owner=owner)
    if used + adding > limits["storage_bytes"]:
        raise ApplicationError(
            f"{name}: your files would take {used + adding:,} bytes; your plan stores at most "
            f"{limits['storage_bytes']:,}. Delete finished batches or drafts to make room.",
            "quota_storage",
        )


def _next_position(batch: Batch) -> int:
    """The next upload position: one past the last, under the batch row's lock.

    Not ``count()``: once a file is removed, the count is a position still in use.
    """
    last = batch.documents.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


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
    from batches.ingest.archives import ArchiveLimits, expand_zip

    plan = plan_limits(owner=owner)
    # The plan's limits apply before anything is inflated: a 5,000-file ZIP on a 1,000-file
    # plan is one clear refusal, not 4,000 failed documents.
    limits = ArchiveLimits(
        max_members=max(plan["files_per_batch"] - batch.documents.count(), 0),
        max_member_bytes=plan["bytes_per_file"],
    )
    documents: list[Document] = []
    try:
        for member in expand_zip(uploaded, archive_name=name, limits=limits):
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
