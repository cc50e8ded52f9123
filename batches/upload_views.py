"""The resumable upload endpoints the wizard's chunked uploader (and any client) talks to.

POST   /batches/drafts/<batch>/uploads/    {"name", "size", "sha256"?} → 201 {"id", "offset", "chunk_size"}
GET    /batches/uploads/<id>/              → {"offset", "size", "ranges", "name"}   (resume after a reload)
PUT    /batches/uploads/<id>/?offset=N     raw bytes, X-Chunk-SHA256 → {"offset", "size", "ranges"};
                                           409 with offset and ranges when its bytes already arrived
POST   /batches/uploads/<id>/complete/     → 201 {"documents": [...]}
GET    /batches/drafts/<batch>/files.json  → {"documents": [...], "expanding": n}  (the wizard polls
                                           it while a ZIP is being expanded by a worker)
DELETE /batches/uploads/<id>/              → 204 (cancel)

"offset" is how many bytes arrived without a gap; "ranges" lists every [start, end) received.
Chunks may be sent in any order and several at once (the wizard keeps two on the wire); a chunk
that would leave more than ``chunked.MAX_RANGES`` separate ranges is refused (400, too_many_gaps).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.plans import plan_limits
from batches import selectors
from batches.models import Batch, Document
from batches.services import chunked
from batchsite.client_ip import client_ip
from batchsite.errors import ApplicationError

STATUS = {"not_found": 404, "offset_mismatch": 409, "not_draft": 409, "incomplete": 409}


def _error(exc: ApplicationError) -> JsonResponse:
    body = {"error": {"code": exc.code, "message": exc.message, **exc.extra}}
    return JsonResponse(body, status=STATUS.get(exc.code, 400))


def document_json(
    document: Document, *, twin: Document | None = None, earlier: Document | None = None
) -> dict:
    """A draft's file as the wizard shows it; ``expanding``: a ZIP a worker is turning into files.

    ``duplicate_of``: the file of the same content earlier in the batch; ``earlier``: the owner's
    recent result of the same content (see ``documents_json``); ``pages`` where known (after
    processing, or from that earlier result).
    """
    pages = document.meta.get("pages") or (earlier.meta.get("pages") if earlier else None)
    return {
        "id": document.pk,
        "name": document.original_name,
        "size": document.size,
        "content_type": document.content_type,
        "sha256": document.sha256,
        "pages": pages,
        "expanding": document.status == Document.Status.EXPANDING,
        "error": document.error_message if document.status == Document.Status.FAILED else "",
        "duplicate_of": _twin_json(twin) if twin and twin.pk != document.pk else None,
        "earlier": _earlier_json(earlier) if earlier and earlier.batch_id != document.batch_id else None,
    }


def _twin_json(document: Document) -> dict:
    return {"id": document.pk, "name": document.original_name}


def _earlier_json(document: Document) -> dict:
    return {
        "url": reverse("batches:document", args=[document.batch_id, document.pk]),
        "name": document.original_name,
        "batch": document.batch.name or "Untitled batch",
        "finished_at": document.finished_at.isoformat(),
    }


def documents_json(documents: list[Document], *, batch: Batch, owner) -> list[dict]:
    """Draft files as the wizard lists them, with their duplicates and earlier results (two reads)."""
    sha256s = {document.sha256 for document in documents}
    twins = selectors.documents_duplicated(batch=batch, sha256s=sha256s)
    earlier = selectors.documents_earlier_results(owner=owner, sha256s=sha256s)
    return [document_json(d, twin=twins.get(d.sha256), earlier=earlier.get(d.sha256)) for d in documents]


@login_required
@require_http_methods(["GET"])
def draft_files(request: HttpRequest, batch_id) -> JsonResponse:
    """A draft's files in upload order, and how many archives are still being expanded."""
    batch = Batch.objects.filter(pk=batch_id, owner=request.user).first()
    if batch is None:
        return _error(ApplicationError("No such batch.", "not_found"))
    documents = list(batch.documents.order_by("position", "pk"))
    expanding = sum(d.status == Document.Status.EXPANDING for d in documents)
    return JsonResponse(
        {"documents": documents_json(documents, batch=batch, owner=request.user), "expanding": expanding}
    )


@login_required
@require_POST
def upload_start(request: HttpRequest, batch_id) -> JsonResponse:
    batch = Batch.objects.filter(pk=batch_id, owner=request.user).first()
    try:
        if batch is None:
            raise ApplicationError("No such batch.", "not_found")
        body = json.loads(request.body or b"{}")
        session = chunked.upload_session_start(
            batch=batch,
            owner=request.user,
            name=str(body.get("name", "")),
            size=int(body.get("size", -1)),
            sha256=str(body.get("sha256") or ""),
        )
    except (ValueError, TypeError):
        return JsonResponse(
            {"error": {"code": "invalid", "message": "Send JSON with name and size."}}, status=400
        )
    except ApplicationError as exc:
        return _error(exc)
    return JsonResponse({"id": str(session.pk), "offset": 0, "chunk_size": chunked.CHUNK_SIZE}, status=201)


@login_required
@require_http_methods(["GET", "PUT", "DELETE"])
def upload_session(request: HttpRequest, session_id) -> JsonResponse:
    try:
        session = chunked.upload_session_get(session_id=session_id, owner=request.user)
        if request.method == "GET":
            return JsonResponse({**chunked.upload_session_state(session), "name": session.name})
        if request.method == "DELETE":
            chunked.upload_session_abort(session=session)
            return JsonResponse({}, status=204)
        length = int(request.headers.get("Content-Length") or 0)
        chunked.upload_chunk_append(
            session=session,
            offset=int(request.GET.get("offset", -1)),
            stream=request,
            length=length,
            chunk_sha256=request.headers.get("X-Chunk-SHA256", ""),
        )
    except ValueError:
        return JsonResponse({"error": {"code": "invalid", "message": "offset must be a number."}}, status=400)
    except ApplicationError as exc:
        return _error(exc)
    return JsonResponse(chunked.upload_session_state(session))


@login_required
@require_POST
def upload_complete(request: HttpRequest, session_id) -> JsonResponse:
    try:
        session = chunked.upload_session_get(session_id=session_id, owner=request.user)
        documents = chunked.upload_session_complete(
            session=session, owner=request.user, ip=client_ip(request)
        )
    except ApplicationError as exc:
        return _error(exc)
    return JsonResponse(
        {"documents": documents_json(documents, batch=session.batch, owner=request.user)}, status=201
    )


def upload_step_context(*, draft: Batch, owner, documents: list[Document]) -> dict:
    """What the wizard's upload step gives its script: the plan's limits (checked in the browser
    before a file is sent; the server checks them again) and the draft's files as listed."""
    limits = plan_limits(owner=owner)
    return {
        "upload_limits": {
            "max_files": limits["files_per_batch"],
            "max_file_bytes": limits["bytes_per_file"],
            "max_archive_bytes": settings.BATCH_MAX_ARCHIVE_BYTES,
            "storage_left": max(limits["storage_bytes"] - selectors.owner_storage_used(owner=owner), 0),
        },
        "upload_documents": documents_json(documents, batch=draft, owner=owner),
    }
