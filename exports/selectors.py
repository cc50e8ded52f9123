"""Reads for exports: documents in the JSON export shape, export history."""

from __future__ import annotations

from collections.abc import Iterator

from batches.models import Batch, Document
from exports.models import Export


def document_record(document: Document) -> dict:
    """One document in the shape of the JSON export (and the CLI's output)."""
    failed = document.status == Document.Status.FAILED
    return {
        "filename": document.original_name,
        "status": document.status,
        "document_type": document.document_type,
        "data": document.result or {},
        "sources": document.sources or {},
        "error": {"code": document.error_code, "message": document.error_message} if failed else None,
        "duration_ms": document.duration_ms,
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


def iter_document_records(*, batch: Batch) -> Iterator[dict]:
    documents = batch.documents.order_by("position").only(
        "original_name", "status", "document_type", "result", "sources",
        "error_code", "error_message", "duration_ms", "position",
    )  # fmt: skip
    for document in documents.iterator(chunk_size=500):
        yield document_record(document)


def export_get(*, export_id: object) -> Export | None:
    try:
        return Export.objects.select_related("batch").get(pk=export_id)
    except (Export.DoesNotExist, ValueError):
        return None
