"""The JSON API for exports: start one, poll it, download it (token-authenticated)."""

from __future__ import annotations

from typing import Literal

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from batches import selectors as batch_selectors
from batches.review import DEFAULT_REVIEW_THRESHOLD
from batches.services.selection import MAX_SELECTED
from batchsite.api_errors import COMMON_ERRORS, ErrorOut
from batchsite.client_ip import client_ip
from batchsite.errors import ApplicationError
from batchsite.ratelimits import enforce
from exports import services
from exports.models import Export
from exports.views import CONTENT_TYPES

router = Router(tags=["exports"])


class ExportIn(Schema):
    format: Literal["json", "csv", "xlsx", "zip", "files"] = "csv"
    layout: Literal["document", "items"] = "document"
    items_field: str = ""
    include_failed: bool = True
    csv_bom: bool = True
    # Only these documents of the batch (ids from its document list); omitted: all of them.
    documents: list[int] | None = Field(default=None, min_length=1, max_length=MAX_SELECTED)
    # Values whose confidence is under this are listed in the export's ``needs_review``.
    review_threshold: float = Field(default=DEFAULT_REVIEW_THRESHOLD, ge=0, le=1)
    # For ``files`` of an article or story batch: the formats to write them in (docx, md, txt);
    # omitted: the formats chosen when the batch was submitted.
    output_formats: list[Literal["docx", "md", "txt"]] = Field(default_factory=list, max_length=3)


class ExportOut(Schema):
    id: str
    batch_id: str
    format: str
    layout: str
    status: str
    rows: int
    size: int
    download_url: str | None
    error_message: str
    documents: list[int] | None  # the documents exported, when they were chosen
    review_threshold: float


def export_out(request: HttpRequest, export: Export) -> dict:
    ready = export.status == Export.Status.READY
    return {
        "id": str(export.pk),
        "batch_id": str(export.batch_id),
        "format": export.format,
        "layout": export.layout,
        "status": export.status,
        "rows": export.rows,
        "size": export.size,
        "download_url": request.build_absolute_uri(reverse("api:download_export", args=[export.pk]))
        if ready
        else None,
        "error_message": export.error_message,
        "documents": export.document_ids or None,
        "review_threshold": export.review_threshold,
    }


def _owned_export(request: HttpRequest, export_id: str) -> Export:
    export = Export.objects.filter(pk=export_id, owner=request.auth).first() if _is_uuid(export_id) else None
    if export is None:
        raise ApplicationError("No such export.", code="not_found")
    return export


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@router.post(
    "/batches/{batch_id}/exports",
    response={201: ExportOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut, **COMMON_ERRORS},
)
def start_export(request: HttpRequest, batch_id: str, payload: ExportIn):
    """Start an export of the batch (or of the ``documents`` named); small ones are ready at once,
    large ones are written by a worker. ``needs_review`` lists values under ``review_threshold``."""
    enforce(request, "export")
    batch = batch_selectors.batch_get(user=request.auth, batch_id=batch_id)
    if batch is None:
        raise ApplicationError("No such batch.", code="not_found")
    export = services.export_start(
        batch=batch,
        owner=request.auth,
        format=payload.format,
        layout=payload.layout,
        items_field=payload.items_field,
        include_failed=payload.include_failed,
        ip=client_ip(request),
        csv_bom=payload.csv_bom,
        document_ids=payload.documents,
        review_threshold=payload.review_threshold,
        output_formats=list(payload.output_formats),
    )
    return Status(201, export_out(request, export))


@router.get("/exports/{export_id}", response={200: ExportOut, 404: ErrorOut, **COMMON_ERRORS})
def get_export(request: HttpRequest, export_id: str):
    return export_out(request, _owned_export(request, export_id))


@router.get(
    "/exports/{export_id}/download",
    response={200: None, 404: ErrorOut, 409: ErrorOut, **COMMON_ERRORS},
    url_name="download_export",
)
def download_export(request: HttpRequest, export_id: str):
    export = _owned_export(request, export_id)
    token = services.export_download_token(export=export)
    export = services.export_resolve_download(token=token, user=request.auth, ip=client_ip(request))
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type=CONTENT_TYPES[export.format],
    )
