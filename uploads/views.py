"""The resumable upload endpoints the wizard's chunked uploader (and any client) talks to.

POST   /batches/drafts/<batch>/uploads/    {"name", "size", "sha256"?} → 201 {"id", "offset", "chunk_size"}
GET    /batches/uploads/<id>/              → {"offset", "size", "ranges", "name"}   (resume after a reload)
PUT    /batches/uploads/<id>/?offset=N     raw bytes, X-Chunk-SHA256 → {"offset", "size", "ranges"};
                                           409 with offset and ranges when its bytes already arrived
POST   /batches/uploads/<id>/complete/     → 201 {"documents": [...]}
DELETE /batches/uploads/<id>/              → 204 (cancel)

"offset" is how many bytes arrived without a gap; "ranges" lists every [start, end) received.
Chunks may be sent in any order and several at once (the wizard keeps two on the wire); a chunk
that would leave more than ``chunked.MAX_RANGES`` separate ranges is refused (400, too_many_gaps).
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_http_methods, require_POST

from batches.draft_views import documents_json
from batches.models import Batch
from batchsite.client_ip import client_ip
from batchsite.errors import ApplicationError
from uploads import services as chunked

STATUS = {"not_found": 404, "offset_mismatch": 409, "not_draft": 409, "incomplete": 409}


def _error(exc: ApplicationError) -> JsonResponse:
    body = {"error": {"code": exc.code, "message": exc.message, **exc.extra}}
    return JsonResponse(body, status=STATUS.get(exc.code, 400))


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
