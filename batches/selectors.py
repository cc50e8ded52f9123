"""Reads of batches and documents; every read is scoped to its owner."""

from __future__ import annotations

import time
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from batches.models import Batch, Document
from batches.progress import BatchCounters, DocumentRow
from batches.review import DEFAULT_REVIEW_THRESHOLD, source_needs_review
from uploads.models import UploadSession

DOCUMENT_PAGE_SIZE = 100


BATCH_SORTS = {
    "newest": ("-created_at",),
    "oldest": ("created_at",),
    "name": ("name", "-created_at"),
    "status": ("status", "-created_at"),
    "size": ("-total_documents", "-created_at"),
}


def batch_list(
    *,
    user: AbstractBaseUser,
    status: str = "",
    processor: str = "",
    query: str = "",
    created_from: date | None = None,
    created_to: date | None = None,
    sort: str = "newest",
) -> QuerySet[Batch]:
    """The user's submitted batches, filtered and sorted as the list page asks."""
    batches = Batch.objects.filter(owner=user).exclude(status=Batch.Status.DRAFT)
    if status in Batch.Status.values:
        batches = batches.filter(status=status)
    if processor:
        batches = batches.filter(processor=processor.replace("\x00", ""))
    if created_from:
        batches = batches.filter(created_at__date__gte=created_from)
    if created_to:
        batches = batches.filter(created_at__date__lte=created_to)
    query = query.replace("\x00", "")
    if query:
        matching_files = Document.objects.filter(batch__owner=user, original_name__icontains=query).values(
            "batch_id"
        )
        batches = batches.filter(Q(name__icontains=query) | Q(pk__in=matching_files))
    return batches.order_by(*BATCH_SORTS.get(sort, BATCH_SORTS["newest"]))


def batch_get(*, user: AbstractBaseUser, batch_id: object) -> Batch | None:
    """The user's batch, or None (also for another user's batch: no existence leak)."""
    try:
        return Batch.objects.get(pk=batch_id, owner=user)
    except (Batch.DoesNotExist, ValueError, TypeError):
        return None
    except Exception as exc:  # malformed UUIDs raise ValidationError
        from django.core.exceptions import ValidationError

        if isinstance(exc, ValidationError):
            return None
        raise


def _ts(value) -> float | None:
    return value.timestamp() if value else None


def batch_counters(batch: Batch) -> BatchCounters:
    return BatchCounters(
        id=str(batch.id),
        status=batch.status,
        status_label=batch.get_status_display(),
        total=batch.total_documents,
        waiting=batch.waiting_count,
        processing=batch.processing_count,
        succeeded=batch.succeeded_count,
        failed=batch.failed_count,
        cancelled=batch.cancelled_count,
        done=batch.done_count,
        percent=batch.percent,
        updated_at=batch.updated_at.timestamp(),
        started_at=_ts(batch.started_at),
        finished_at=_ts(batch.finished_at),
        llm_tokens=batch.llm_tokens,
        llm_cost_usd=batch.llm_cost_usd,
    )


def document_row(document: Document, *, read_at: float | None = None) -> DocumentRow:
    """A document's row for the live page; ``read_at``: when its state was read (before the
    query: a row read before a worker's change but stamped after that change's event would hide it)."""
    return DocumentRow(
        id=document.pk,
        position=document.position,
        name=document.original_name,
        status=document.status,
        step=document.step,
        document_type=document.document_type,
        error_code=document.error_code,
        error_message=document.error_message,
        duration_ms=document.duration_ms,
        wait_ms=document.wait_ms,
        at=time.time() if read_at is None else read_at,
    )


_ROW_FIELDS = (
    "id",
    "position",
    "original_name",
    "status",
    "step",
    "document_type",
    "error_code",
    "error_message",
    "duration_ms",
    "queued_at",
    "started_at",
)


def document_page(
    *, batch: Batch, page: int = 1, page_size: int = DOCUMENT_PAGE_SIZE, status: str = ""
) -> list[Document]:
    """One page of a batch's documents (of one status, or all) in upload order (an indexed range,
    not a count)."""
    start = (max(page, 1) - 1) * page_size
    documents = batch.documents.only(*_ROW_FIELDS, "batch_id")
    if status:
        documents = documents.filter(status=status)
    return list(documents.order_by("position")[start : start + page_size])


def batch_snapshot(
    *, batch: Batch, page: int = 1, page_size: int = DOCUMENT_PAGE_SIZE, status: str = ""
) -> dict:
    """What the batch page and the socket start from: counters and a page of rows."""
    read_at = time.time()
    rows = document_page(batch=batch, page=page, page_size=page_size, status=status)
    return {
        "type": "batch.snapshot",
        "batch": batch_counters(batch),
        "documents": [document_row(d, read_at=read_at) for d in rows],
        "page": page,
        "page_size": page_size,
    }


def document_fields(*, document: Document, review_threshold: float = DEFAULT_REVIEW_THRESHOLD) -> list[dict]:
    """The document's fields in order, each with its value and the snippet it came from; a value
    whose confidence is under ``review_threshold`` is marked ``needs_review`` (an item: its row)."""
    rows = []
    sources = document.sources or {}
    for name, value in (document.result or {}).items():
        source = sources.get(name)
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            columns: list[str] = []
            for item in value:
                columns.extend(key for key in item if key not in columns)
            item_sources = source if isinstance(source, list) else []
            items = [
                {
                    "cells": [item.get(column, "") for column in columns],
                    "source": item_sources[index] if index < len(item_sources) else None,
                }
                for index, item in enumerate(value)
            ]
            for item in items:
                item["needs_review"] = source_needs_review(item["source"], review_threshold)
            rows.append(
                {
                    "name": name,
                    "is_table": True,
                    "columns": columns,
                    "items": items,
                    "needs_review": any(item["needs_review"] for item in items),
                }
            )
        else:
            shown = "; ".join(str(v) for v in value) if isinstance(value, list) else value
            rows.append(
                {
                    "name": name,
                    "is_table": False,
                    "value": shown,
                    "source": source,
                    "needs_review": source_needs_review(source, review_threshold),
                }
            )
    return rows


def owner_storage_used(*, owner: AbstractBaseUser) -> int:
    """Bytes a user holds: the uploaded files of their batches plus the declared sizes of open uploads.

    An open upload counts at its declared size from the start, so many sessions that each
    promise a large file cannot reserve more disk than the plan allows.
    """
    stored = (
        Document.objects.filter(batch__owner=owner).exclude(file="").aggregate(total=Sum("size"))["total"]
    )
    staged = UploadSession.objects.filter(owner=owner).aggregate(total=Sum("size"))["total"]
    return (stored or 0) + (staged or 0)


def owner_job_caps(owner_ids: list[int]) -> dict[int, int]:
    """Jobs in flight each owner's plan allows (read by the queue's dispatcher)."""
    from django.conf import settings

    from accounts.models import Plan, PlanAssignment

    assigned = dict(
        PlanAssignment.objects.filter(user_id__in=owner_ids).values_list("user_id", "plan__jobs_in_flight")
    )
    default = Plan.objects.filter(name=settings.DEFAULT_PLAN).values_list("jobs_in_flight", flat=True).first()
    return {
        owner_id: assigned.get(owner_id, default) for owner_id in owner_ids if owner_id in assigned or default
    }


def batch_eta_seconds(*, batch: Batch) -> float | None:
    """Seconds until the batch is done at its average pace so far; None when unknown or done."""
    from django.utils import timezone

    if batch.is_final or batch.status == Batch.Status.PAUSED or not batch.started_at or batch.done_count == 0:
        return None
    elapsed = max((timezone.now() - batch.started_at).total_seconds(), 0.001)
    return round((batch.total_documents - batch.done_count) / (batch.done_count / elapsed), 1)


# --- The wizard's look at a draft's files (conversion processors) ------------------------------

PREVIEW_FILES = 25


def _draft_files(batch: Batch):
    for document in batch.documents.filter(status=Document.Status.PENDING).order_by("position")[
        :PREVIEW_FILES
    ]:
        try:
            with document.file.open("rb") as handle:
                yield document, handle.read()
        except OSError:
            continue


def draft_table_previews(*, batch: Batch, options: dict | None = None) -> list[dict]:
    """Per file: its columns, first rows as converted, and conflicts with the mapping.

    The files are parsed in a child process with a memory ceiling and a deadline, never in the
    web process: a hostile workbook fails its own preview with a clear error and nothing else.
    """
    from batches.processing import ProcessingError
    from batches.processing.convert.tabular import preview
    from batches.processing.sandbox import LimitedProcess

    previews = []
    with LimitedProcess() as sandbox:
        for document, content in _draft_files(batch):
            try:
                found = sandbox.call(preview, content, filename=document.original_name, options=options or {})
                previews.append({"document": document, **found})
            except (ProcessingError, ValueError) as exc:
                previews.append({"document": document, "error": getattr(exc, "message", str(exc))})
    return previews


def draft_table_columns(*, batch: Batch) -> list[str]:
    """Every column across the draft's tables (cleaned header text), in first-seen order."""
    from batches.processing.convert.tables import clean_header

    columns: dict[str, None] = {}
    for item in draft_table_previews(batch=batch):
        for raw in item.get("raw_headers", []):
            if clean_header(raw):
                columns.setdefault(clean_header(raw), None)
    return list(columns)


def draft_topic_rows(*, batch: Batch) -> list[dict]:
    """The topic rows of the draft's spreadsheets, for the wizard's grid (parsed as the previews are)."""
    from batches.processing import ProcessingError
    from batches.processing.convert.generate import topic_rows
    from batches.processing.sandbox import LimitedProcess

    rows: list[dict] = []
    with LimitedProcess() as sandbox:
        for document, content in _draft_files(batch):
            try:
                rows.extend(sandbox.call(topic_rows, content, filename=document.original_name) or [])
            except ProcessingError:
                continue
    return rows


# A file the owner had processed this recently (and that succeeded) is offered again at upload.
EARLIER_RESULT_DAYS = 30


def documents_duplicated(*, batch: Batch, sha256s: set[str]) -> dict[str, Document]:
    """The first document (in upload order) of each content among ``sha256s`` that the batch holds
    more than once: a later copy is a duplicate of it."""
    first: dict[str, Document] = {}
    copies: set[str] = set()
    twins = batch.documents.filter(sha256__in=sha256s - {""}).order_by("position", "pk")
    # (batch_id too: the related manager reads it, and a deferred read of a row a worker has just
    # deleted, an expanded archive, raises DoesNotExist)
    for document in twins.only("pk", "batch_id", "original_name", "sha256", "position"):
        if document.sha256 in first:
            copies.add(document.sha256)
        else:
            first[document.sha256] = document
    return {sha256: first[sha256] for sha256 in copies}


def documents_earlier_results(
    *, owner: AbstractBaseUser, sha256s: set[str], days: int = EARLIER_RESULT_DAYS
) -> dict[str, Document]:
    """The owner's latest succeeded document of each content, finished in the last ``days`` days."""
    since = timezone.now() - timedelta(days=days)
    done = (
        Document.objects.filter(batch__owner=owner, sha256__in=sha256s - {""}, finished_at__gte=since)
        .filter(status=Document.Status.SUCCEEDED)
        .select_related("batch")
        .order_by("sha256", "-finished_at")
    )
    latest: dict[str, Document] = {}
    for document in done:
        latest.setdefault(document.sha256, document)
    return latest
