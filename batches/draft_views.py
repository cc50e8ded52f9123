"""A draft's files as the wizard shows them: the JSON of each file, the list the wizard polls
while a ZIP is being expanded, and what the upload step gives its script.

GET    /batches/drafts/<batch>/files.json  → {"documents": [...], "expanding": n}  (the wizard polls
                                           it while a ZIP is being expanded by a worker)

The resumable upload endpoints that add files to a draft are in ``uploads.views``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.plans import plan_limits
from batches import selectors
from batches.models import Batch, Document


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
        return JsonResponse({"error": {"code": "not_found", "message": "No such batch."}}, status=404)
    documents = list(batch.documents.order_by("position", "pk"))
    expanding = sum(d.status == Document.Status.EXPANDING for d in documents)
    return JsonResponse(
        {"documents": documents_json(documents, batch=batch, owner=request.user), "expanding": expanding}
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
