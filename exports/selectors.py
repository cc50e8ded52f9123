"""Reads for exports: documents in the JSON export shape, export history."""

from __future__ import annotations

from collections.abc import Iterator

from batches.models import Batch, Document
from batches.review import fields_needing_review
from exports.models import Export


def document_record(document: Document, *, review_threshold: float | None = None) -> dict:
    """One document in the shape of the JSON export (and the CLI's output).

    With a threshold, a document whose values have sources also lists those under it
    (``needs_review``: field names, ``line_items[2]`` for an item).
    """
    failed = document.status == Document.Status.FAILED
    record = {
        "filename": document.original_name,
        "status": document.status,
        "document_type": document.document_type,
        "data": document.result or {},
        "sources": document.sources or {},
        "error": {"code": document.error_code, "message": document.error_message} if failed else None,
        "duration_ms": document.duration_ms,
    }
    if review_threshold is not None and document.sources:
        record["needs_review"] = fields_needing_review(document.sources, review_threshold)
    return record


def document_result(document: Document) -> dict:
    """One document's whole result for its own download: the export's record, its meta and files."""
    return {
        "id": document.pk,
        **document_record(document),
        "wait_ms": document.wait_ms,
        "meta": document.meta or {},
        "outputs": [
            {"name": r["name"], "content_type": r.get("content_type", ""), "size": r.get("size")}
            for r in document.outputs or []
            if not r.get("intermediate")
        ],
    }


def batch_record(batch: Batch) -> dict:
    return {
        "id": str(batch.id),
        "name": batch.name,
        "processor": batch.processor,
        "prompt_strategy": batch.prompt_strategy,
        "status": batch.status,
        "total_documents": batch.total_documents,
        "succeeded": batch.succeeded_count,
        "failed": batch.failed_count,
        "cancelled": batch.cancelled_count,
        "created_at": batch.created_at.isoformat(),
        "finished_at": batch.finished_at.isoformat() if batch.finished_at else None,
    }


def iter_document_records(
    *, batch: Batch, document_ids: list[int] | None = None, review_threshold: float | None = None
) -> Iterator[dict]:
    """The batch's documents (or the ones named) as export records, in upload order."""
    documents = batch.documents.order_by("position").only(
        "original_name",
        "status",
        "document_type",
        "result",
        "sources",
        "error_code",
        "error_message",
        "duration_ms",
        "position",
    )
    if document_ids:
        documents = documents.filter(pk__in=document_ids)
    for document in documents.iterator(chunk_size=500):
        yield document_record(document, review_threshold=review_threshold)


def export_get(*, export_id: object) -> Export | None:
    try:
        return Export.objects.select_related("batch").get(pk=export_id)
    except (Export.DoesNotExist, ValueError):
        return None
