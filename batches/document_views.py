"""The batch page's document actions and downloads: the chosen documents' retry and delete, one
document's result as JSON and its output files, and the one file a batch made (a deck as .pptx).

Thin adapters over ``batches.services.selection``, ``batches.services.outputs`` and the
selectors; every read is of the signed-in user's own batch (another user's is a 404).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from batches import selectors
from batches.models import Batch, Document
from batches.services.outputs import Deliverable, batch_single_file, document_output_file, single_file_name
from batches.services.selection import (
    SelectionOutcome,
    document_ids_parse,
    documents_delete,
    documents_retry,
)
from batchsite.client_ip import client_ip
from batchsite.errors import ApplicationError
from exports.selectors import document_result


def _owned_batch(request: HttpRequest, batch_id) -> Batch:
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    if batch is None:
        raise Http404("No such batch.")
    return batch


def _back(request: HttpRequest, batch: Batch) -> HttpResponse:
    """Back to the batch page, on the page of rows and with the threshold it was on."""
    query = request.POST.get("next_query", "")
    url = reverse("batches:detail", args=[batch.pk])
    return redirect(f"{url}?{query}" if query and not query.startswith(("/", "?")) else url)


def _say(request: HttpRequest, outcome: SelectionOutcome, *, verb: str, skipped_why: str) -> None:
    text = f"{verb} {outcome.done} document{'s' if outcome.done != 1 else ''}."
    if outcome.skipped:
        text += (
            f" {outcome.skipped} left as {'they were' if outcome.skipped != 1 else 'it was'}: {skipped_why}."
        )
    messages.success(request, text)


SELECTION_ACTIONS = {
    "retry": (documents_retry, "Retried", "only failed or cancelled documents are retried"),
    "delete": (documents_delete, "Deleted", "a document still running is not deleted"),
}


@login_required
@require_POST
def documents_action(request: HttpRequest, batch_id) -> HttpResponse:
    """Retry or delete the documents ticked on the batch page."""
    batch = _owned_batch(request, batch_id)
    action = SELECTION_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404("No such action.")
    service, verb, skipped_why = action
    try:
        ids = document_ids_parse(request.POST.getlist("document"))
        outcome = service(batch=batch, actor=request.user, document_ids=ids, ip=client_ip(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _back(request, batch)
    _say(request, outcome, verb=verb, skipped_why=skipped_why)
    return _back(request, batch)


def _attachment(output: Deliverable, filename: str) -> FileResponse:
    response = FileResponse(
        output.open(), as_attachment=True, filename=filename, content_type=output.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def document_result_download(request: HttpRequest, batch_id, document_id: int) -> HttpResponse:
    """One document's result alone: its data, sources, meta and the names of its files, as JSON."""
    batch = _owned_batch(request, batch_id)
    document = get_object_or_404(Document, pk=document_id, batch=batch)
    body = json.dumps(document_result(document), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stem = document.original_name.replace("\\", "/").split("/")[-1]
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem)[:100] or "document"
    response["Content-Disposition"] = f'attachment; filename="{safe}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def document_output_download(request: HttpRequest, batch_id, document_id: int, index: int) -> HttpResponse:
    """One of a document's output files (a converted table, its deck, its article)."""
    batch = _owned_batch(request, batch_id)
    document = get_object_or_404(Document, pk=document_id, batch=batch)
    output = document_output_file(document=document, index=index)
    if output is None:
        raise Http404("No such file.")
    return _attachment(output, output.name)


@login_required
@require_GET
def batch_single_file_download(request: HttpRequest, batch_id) -> HttpResponse:
    """The one file a finished batch made (one deck as .pptx), straight, not inside a ZIP."""
    batch = _owned_batch(request, batch_id)
    output = batch_single_file(batch=batch) if batch.is_final else None
    if output is None:
        raise Http404("This batch made no single file to download; export its output files as a ZIP.")
    return _attachment(output, single_file_name(batch, output.name))
