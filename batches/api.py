"""The JSON API for batches: token-authenticated adapters over the same services as the pages."""

from __future__ import annotations

import json
from typing import Any, Literal

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from batches import selectors, services
from batches.models import Batch, Document
from batches.processors import DEFAULT_PROCESSOR, processor_spec
from batches.review import DEFAULT_REVIEW_THRESHOLD, fields_needing_review
from batches.services.archives import archives_wait
from batches.services.outputs import batch_single_file, document_output_file, single_file_name
from batches.services.regenerate import document_regenerate
from batches.services.selection import MAX_SELECTED, documents_delete, documents_retry
from batchsite.api_errors import COMMON_ERRORS, ErrorBody, ErrorOut
from batchsite.client_ip import client_ip
from batchsite.errors import ApplicationError
from batchsite.ratelimits import enforce
from exports.selectors import document_record, document_result

router = Router(tags=["batches"])


class Counts(Schema):
    total: int
    waiting: int
    processing: int
    succeeded: int
    failed: int
    cancelled: int


class BatchOut(Schema):
    id: str
    name: str
    processor: str
    prompt_strategy: str
    engine: str
    priority: Literal["low", "normal", "high"]
    status: str
    counts: Counts
    percent: int
    eta_seconds: float | None
    created_at: str
    finished_at: str | None


class BatchPage(Schema):
    items: list[BatchOut]
    page: int
    pages: int
    count: int


class DocumentOut(Schema):
    id: int
    filename: str
    status: str
    document_type: str
    data: dict[str, Any]
    sources: dict[str, Any]
    error: ErrorBody | None
    duration_ms: int | None  # its own processing time
    wait_ms: int | None  # its wait in the queue before it started


class DocumentPage(Schema):
    items: list[DocumentOut]
    page: int
    pages: int
    count: int


class Retried(Schema):
    retried: int


class Selection(Schema):
    documents: list[int] = Field(..., min_length=1, max_length=MAX_SELECTED)


class DocumentsRetried(Schema):
    retried: int  # the chosen documents that had failed, queued again
    skipped: int  # the others, left as they were


class DocumentsDeleted(Schema):
    deleted: int
    skipped: int  # still running (a cancelled batch's document stops at its checkpoint)


class OutputFileOut(Schema):
    name: str
    content_type: str
    size: int | None
    download_url: str


class DocumentResultOut(DocumentOut):
    meta: dict[str, Any]
    outputs: list[OutputFileOut]
    needs_review: list[str]  # the values whose confidence is under ``threshold``


def batch_out(batch: Batch) -> dict:
    counters = selectors.batch_counters(batch)
    return {
        "id": str(batch.pk),
        "name": str(batch),
        "processor": batch.processor,
        "prompt_strategy": batch.prompt_strategy,
        "engine": batch.engine,  # frozen at submit
        "priority": services.priority_name(batch.priority),
        "status": batch.status,
        "counts": {
            k: counters[k] for k in ("total", "waiting", "processing", "succeeded", "failed", "cancelled")
        },
        "percent": counters["percent"],
        "eta_seconds": selectors.batch_eta_seconds(batch=batch),
        "created_at": batch.created_at.isoformat(),
        "finished_at": batch.finished_at.isoformat() if batch.finished_at else None,
    }


def _owned(request: HttpRequest, batch_id: str) -> Batch:
    batch = selectors.batch_get(user=request.auth, batch_id=batch_id)
    if batch is None:
        raise ApplicationError("No such batch.", code="not_found")
    return batch


class BatchIn(Schema):
    """A batch with no upload, as a JSON body: ``topics`` are its rows (``generate``)."""

    name: str = ""
    processor: str = DEFAULT_PROCESSOR
    strategy: Literal["global", "per_document", "auto"] = "auto"
    prompt: str = ""
    engine: str = ""
    priority: str = ""
    options: dict[str, Any] = {}
    topics: list[dict[str, Any]] = Field(..., min_length=1)


@router.post(
    "/batches",
    response={201: BatchOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut, 429: ErrorOut, **COMMON_ERRORS},
    summary="Create and submit a batch",
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": BatchIn.model_json_schema()}}}},
)
def create_batch(
    request: HttpRequest,
    files: File[list[UploadedFile]] = None,
    name: Form[str] = "",
    processor: Form[str] = DEFAULT_PROCESSOR,
    strategy: Form[Literal["global", "per_document", "auto"]] = "auto",
    prompt: Form[str] = "",
    prompts: Form[str] = "",
    engine: Form[str] = "",
    priority: Form[str] = "",
    options: Form[str] = "",
):
    """Upload files (documents or ZIP archives) and submit them as one batch; or, for ``generate``,
    send a JSON body (``application/json``, ``BatchIn``) whose ``topics`` are the rows to write, with
    no file at all.

    ``prompts`` is an optional JSON object mapping file names to prompts (``per_document``);
    ``options`` a JSON object of the processor's options (``{"output_format": "csv"}`` for tabular).
    ``engine`` is ``builtin`` or ``openai`` (empty: the site's default where the plan allows it); one
    the site or the plan does not allow is refused (403 ``engine_not_allowed``, 409
    ``engine_not_configured``). ``priority`` (``low``, ``normal``, ``high``) orders the batch among the
    caller's own batches only.
    Files refused on upload are reported as failed documents of the batch, never dropped.
    """
    enforce(request, "submit")
    if request.content_type == "application/json":
        return Status(201, batch_out(_create_from_topics(request)))
    if not files:
        raise ApplicationError("Send files, or a JSON body with topics.", "no_documents")
    user = request.auth
    run_priority = services.priority_parse(priority)
    services.engine_for(owner=user, requested=engine)  # refused before any file is stored
    by_name = _json_object(prompts, "prompts must be a JSON object of file name → prompt.", "invalid_prompts")
    if not all(isinstance(v, str) for v in by_name.values()):
        raise ApplicationError("prompts must be a JSON object of file name → prompt.", "invalid_prompts")
    processor_options = _json_object(options, "options must be a JSON object.", "invalid_options")
    draft = services.batch_create_draft(owner=user, processor=processor)
    with services.draft_discarded_if_refused(batch=draft, owner=user):
        services.documents_add_files(batch=draft, owner=user, files=files, ip=client_ip(request))
        # A worker expands the ZIP archives (never this process); their members are then known by name.
        archives_wait(batch=draft)
        named = draft.documents.values_list("pk", "original_name")
        per_document = {pk: by_name[name] for pk, name in named if name in by_name}
        batch = services.batch_submit(
            batch=draft,
            owner=user,
            name=name,
            processor=processor,
            strategy=strategy,
            global_prompt=prompt,
            prompts=per_document,
            engine=engine,
            priority=run_priority,
            options=processor_options,
            ip=client_ip(request),
        )
    return Status(201, batch_out(batch))


def _json_object(text: str, message: str, code: str) -> dict:
    try:
        value = json.loads(text) if text else {}
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict):
        raise ApplicationError(message, code)
    return value


def _create_from_topics(request: HttpRequest) -> Batch:
    """A batch of typed topic rows: the same submit as the wizard's grid, no upload."""
    try:
        payload = BatchIn.model_validate_json(request.body)
    except ValueError as exc:
        raise ApplicationError(f"The JSON body is not a batch: {_first_error(exc)}", "invalid_body") from None
    user = request.auth
    spec = processor_spec(payload.processor)
    if not spec.typed_topics:
        raise ApplicationError(
            f"The {payload.processor} processor needs files; topics are for generate.", "invalid_processor"
        )
    run_priority = services.priority_parse(payload.priority)
    draft = services.batch_create_draft(owner=user, processor=payload.processor)
    with services.draft_discarded_if_refused(batch=draft, owner=user):
        return services.batch_submit(
            batch=draft,
            owner=user,
            name=payload.name,
            processor=payload.processor,
            strategy=payload.strategy,
            global_prompt=payload.prompt,
            engine=payload.engine,
            priority=run_priority,
            options={**payload.options, "topics": payload.topics},
            ip=client_ip(request),
        )


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", lambda: [])()
    if not errors:
        return "it is not valid JSON."
    where = ".".join(str(part) for part in errors[0].get("loc", ()))
    return f"{where}: {errors[0].get('msg', 'invalid')}" if where else errors[0].get("msg", "invalid")


@router.get("/batches", response={200: BatchPage, **COMMON_ERRORS}, summary="List batches")
def list_batches(request: HttpRequest, status: str = "", processor: str = "", q: str = "", page: int = 1):
    batches = selectors.batch_list(user=request.auth, status=status, processor=processor, query=q)
    paginator = Paginator(batches, 50)
    current = paginator.get_page(page)
    return {
        "items": [batch_out(b) for b in current.object_list],
        "page": current.number,
        "pages": paginator.num_pages,
        "count": paginator.count,
    }


@router.get(
    "/batches/{batch_id}",
    response={200: BatchOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Batch status, counts and ETA",
)
def get_batch(request: HttpRequest, batch_id: str):
    # Not from the hot cache: the status is the batch row, which the owner-scoped read (and the
    # cache's key) needs anyway; two round trips to Redis made it slower (tests/benchmarks/test_hot_cache.py).
    return batch_out(_owned(request, batch_id))


@router.get(
    "/batches/{batch_id}/documents",
    response={200: DocumentPage, 404: ErrorOut, **COMMON_ERRORS},
    summary="Document results",
)
def list_documents(request: HttpRequest, batch_id: str, page: int = 1, status: str = ""):
    batch = _owned(request, batch_id)
    documents = batch.documents.order_by("position")
    if status:
        documents = documents.filter(status=status.replace("\x00", ""))
    paginator = Paginator(documents, 100)
    current = paginator.get_page(page)
    items = [{"id": d.pk, **document_record(d), "wait_ms": d.wait_ms} for d in current.object_list]
    return {"items": items, "page": current.number, "pages": paginator.num_pages, "count": paginator.count}


@router.post(
    "/batches/{batch_id}/retry-failed", response={200: Retried, 400: ErrorOut, 404: ErrorOut, **COMMON_ERRORS}
)
def retry_failed(request: HttpRequest, batch_id: str):
    count = services.batch_retry_failed(
        batch=_owned(request, batch_id), actor=request.auth, ip=client_ip(request)
    )
    return {"retried": count}


@router.post(
    "/batches/{batch_id}/documents/retry",
    response={200: DocumentsRetried, 400: ErrorOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Retry chosen documents",
)
def retry_documents(request: HttpRequest, batch_id: str, payload: Selection):
    """Queue the chosen documents that failed again; the others are left as they are (``skipped``)."""
    outcome = documents_retry(
        batch=_owned(request, batch_id),
        actor=request.auth,
        document_ids=payload.documents,
        ip=client_ip(request),
    )
    return {"retried": outcome.done, "skipped": outcome.skipped}


@router.post(
    "/batches/{batch_id}/documents/delete",
    response={200: DocumentsDeleted, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, **COMMON_ERRORS},
    summary="Delete chosen documents",
)
def delete_documents(request: HttpRequest, batch_id: str, payload: Selection):
    """Delete chosen documents of a finished (or cancelled) batch with their files; 409
    ``batch_running`` while it runs or is paused. The batch's counts go down with them."""
    outcome = documents_delete(
        batch=_owned(request, batch_id),
        actor=request.auth,
        document_ids=payload.documents,
        ip=client_ip(request),
    )
    return {"deleted": outcome.done, "skipped": outcome.skipped}


def _owned_document(request: HttpRequest, batch_id: str, document_id: int) -> Document:
    document = _owned(request, batch_id).documents.filter(pk=document_id).first()
    if document is None:
        raise ApplicationError("No such document.", code="not_found")
    return document


@router.get(
    "/batches/{batch_id}/documents/{document_id}",
    response={200: DocumentResultOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="One document's result",
)
def get_document(
    request: HttpRequest,
    batch_id: str,
    document_id: int,
    threshold: float = Query(DEFAULT_REVIEW_THRESHOLD, ge=0, le=1),
):
    """A document's data, sources, meta and output files (each with its download URL)."""
    document = _owned_document(request, batch_id, document_id)
    result = document_result(document)
    for index, output in enumerate(result["outputs"]):
        path = reverse("api:document_file", args=[batch_id, document_id, index])
        output["download_url"] = request.build_absolute_uri(path)
    return {**result, "needs_review": fields_needing_review(document.sources, threshold)}


class Regenerated(Schema):
    id: int
    status: str  # queued: a worker writes it again


@router.post(
    "/batches/{batch_id}/documents/{document_id}/regenerate",
    response={200: Regenerated, 400: ErrorOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Write one item of a generation batch again",
)
def regenerate_document(request: HttpRequest, batch_id: str, document_id: int):
    """A new attempt of this document only (a finished one of a ``generate`` batch): its output
    is written again by a worker; the batch runs until it ends, and ends again with its counts
    and its output-files export made afresh."""
    document = document_regenerate(
        batch=_owned(request, batch_id), actor=request.auth, document_id=document_id, ip=client_ip(request)
    )
    return {"id": document.pk, "status": document.status}


def _file_response(output, filename: str) -> FileResponse:
    response = FileResponse(
        output.open(), as_attachment=True, filename=filename, content_type=output.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get(
    "/batches/{batch_id}/documents/{document_id}/files/{index}",
    response={200: None, 404: ErrorOut, **COMMON_ERRORS},
    url_name="document_file",
    summary="One of a document's output files",
)
def get_document_file(request: HttpRequest, batch_id: str, document_id: int, index: int):
    output = document_output_file(document=_owned_document(request, batch_id, document_id), index=index)
    if output is None:
        raise ApplicationError("No such file.", code="not_found")
    return _file_response(output, output.name)


@router.get(
    "/batches/{batch_id}/single-file",
    response={200: None, 404: ErrorOut, **COMMON_ERRORS},
    summary="The one file a batch made (one deck as .pptx)",
)
def get_single_file(request: HttpRequest, batch_id: str):
    """The file itself, not inside a ZIP: a finished svg_pptx batch's deck. 404 for a batch that
    has not finished, made no such file or several (``deck: per_file``: export the output files)."""
    batch = _owned(request, batch_id)
    output = batch_single_file(batch=batch) if batch.is_final else None
    if output is None:
        raise ApplicationError("This batch made no single file to download.", code="not_found")
    return _file_response(output, single_file_name(batch, output.name))


def _act(request: HttpRequest, batch_id: str, service) -> dict:
    """Run one lifecycle service on the caller's batch and answer its new state."""
    batch = _owned(request, batch_id)
    service(batch=batch, actor=request.auth, ip=client_ip(request))
    batch.refresh_from_db()
    return batch_out(batch)


@router.post(
    "/batches/{batch_id}/cancel", response={200: BatchOut, 400: ErrorOut, 404: ErrorOut, **COMMON_ERRORS}
)
def cancel(request: HttpRequest, batch_id: str):
    return _act(request, batch_id, services.batch_cancel)


@router.post(
    "/batches/{batch_id}/pause", response={200: BatchOut, 400: ErrorOut, 404: ErrorOut, **COMMON_ERRORS}
)
def pause(request: HttpRequest, batch_id: str):
    return _act(request, batch_id, services.batch_pause)


@router.post(
    "/batches/{batch_id}/resume", response={200: BatchOut, 400: ErrorOut, 404: ErrorOut, **COMMON_ERRORS}
)
def resume(request: HttpRequest, batch_id: str):
    return _act(request, batch_id, services.batch_resume)


@router.delete("/batches/{batch_id}", response={204: None, 404: ErrorOut, **COMMON_ERRORS})
def delete(request: HttpRequest, batch_id: str):
    services.batch_delete(batch=_owned(request, batch_id), actor=request.auth, ip=client_ip(request))
    return Status(204, None)
