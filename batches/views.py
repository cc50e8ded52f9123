"""Batch pages and small JSON endpoints: parse input, call one service or selector, answer."""

from __future__ import annotations

import json
from datetime import date
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from batches import selectors, services
from batches.draft_views import documents_json
from batches.hot_cache import batch_cached
from batches.models import Batch, Document
from batches.processors import processor_names, processor_spec
from batches.review import review_threshold_parse
from batches.services.regenerate import document_regenerate
from batchsite.client_ip import client_ip
from batchsite.errors import ApplicationError
from batchsite.ratelimits import rate_limited
from exports.services import export_download_token, export_start, export_start_combined
from uploads.ingest.filenames import relative_name


def _owned_batch(request: HttpRequest, batch_id) -> Batch:
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    if batch is None:
        raise Http404("No such batch.")
    return batch


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    filters = {
        "status": request.GET.get("status", ""),
        "processor": request.GET.get("processor", ""),
        "query": request.GET.get("q", "").strip()[:200],
        "created_from": _date(request.GET.get("from", "")),
        "created_to": _date(request.GET.get("to", "")),
        "sort": request.GET.get("sort", "newest"),
    }
    batches = selectors.batch_list(user=request.user, **filters)
    page = Paginator(batches, 25).get_page(request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "batches/batch_list.html",
        {
            "page": page,
            "statuses": [c for c in Batch.Status.choices if c[0] != Batch.Status.DRAFT],
            "processors": processor_names(),
            "sorts": list(selectors.BATCH_SORTS),
            "filters": filters,
            "querystring": query_without_page.urlencode(),
        },
    )


def _export_csv(*, batch: Batch, actor, ip: str | None) -> None:
    export_start(batch=batch, owner=actor, format="csv", include_failed=True, ip=ip)


def _export_together(request: HttpRequest, ids: list[str]) -> HttpResponse:
    batches = [b for b in (selectors.batch_get(user=request.user, batch_id=i) for i in ids[:500]) if b]
    try:
        export = export_start_combined(
            batches=batches,
            owner=request.user,
            format=request.POST.get("format", "csv"),
            layout=request.POST.get("layout", "document"),
            ip=client_ip(request),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("batches:list")
    if export.status == "ready":
        return redirect("exports:download", token=export_download_token(export=export))
    messages.info(
        request,
        f"The export of {len(batches)} batches is being written; "
        f"it appears in the history of “{batches[0]}”.",
    )
    return redirect("batches:list")


BULK_ACTIONS = {
    "export": _export_csv,
    "retry-failed": services.batch_retry_failed,
    "cancel": services.batch_cancel,
    "delete": services.batch_delete,
}


@login_required
@require_POST
def batch_bulk_action(request: HttpRequest) -> HttpResponse:
    """Apply one action to the selected batches; each is checked and reported on its own."""
    action = request.POST.get("action", "")
    ids = request.POST.getlist("batch")
    if action == "export-together":
        return _export_together(request, ids)
    service = BULK_ACTIONS.get(action)
    if service is None or not ids:
        messages.error(request, "Choose batches and an action.")
        return redirect("batches:list")
    done, refused = 0, []
    for batch_id in ids[:500]:
        batch = selectors.batch_get(user=request.user, batch_id=batch_id)
        if batch is None:
            continue
        try:
            service(batch=batch, actor=request.user, ip=client_ip(request))
            done += 1
        except ApplicationError as exc:
            refused.append(f"{batch}: {exc.message}")
    if done and action == "export":
        messages.success(
            request,
            f"A CSV export was made for {done} batch(es): download it from each batch's export history.",
        )
    elif done:
        messages.success(request, f"{action.replace('-', ' ').capitalize()}: {done} batch(es).")
    for line in refused[:10]:
        messages.warning(request, line)
    next_query = request.POST.get("next_query", "")
    return redirect(f"{reverse('batches:list')}?{next_query}" if next_query else reverse("batches:list"))


def _status_filter(request: HttpRequest) -> str:
    """The documents table's filter by status ("" for all)."""
    status = request.GET.get("status", "")
    return status if status in Document.Status.values else ""


@login_required
def batch_detail(request: HttpRequest, batch_id) -> HttpResponse:
    batch = _owned_batch(request, batch_id)
    page = max(int(request.GET.get("page", "1") or 1), 1) if request.GET.get("page", "1").isdigit() else 1
    status = _status_filter(request)
    snapshot = _snapshot(request, batch, page, status)
    spec = processor_spec(batch.processor)
    threshold = review_threshold_parse(request.GET.get("threshold", ""))
    return render(
        request,
        "batches/batch_detail.html",
        {
            "batch": batch,
            "processor_spec": spec,
            "snapshot": snapshot,
            "snapshot_json": json.dumps(snapshot),
            "resync_ms": int(settings.PROGRESS_RESYNC_SECONDS * 1000),
            "status_filter": status,
            "status_filters": [("", "All"), *((s, s.capitalize()) for s in Document.TERMINAL_STATUSES)],
            "review_threshold": threshold,
            "page_query": urlencode({k: v for k, v in (("status", status), ("threshold", threshold)) if v}),
            "offers_single_file": bool(spec.single_file_suffix),
            # the output formats chosen at submit, checked in the export form (another may be chosen)
            "batch_formats": str((batch.options or {}).get("formats", "")).split(","),
            "exports": [
                (export, export_download_token(export=export) if export.status == "ready" else "")
                for export in batch.exports.select_related("owner").order_by("-created_at")[:20]
            ],
        },
    )


@login_required
def batch_status(request: HttpRequest, batch_id) -> JsonResponse:
    """The polling fallback of the live page: the same snapshot the socket sends."""
    batch = _owned_batch(request, batch_id)
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    return JsonResponse(_snapshot(request, batch, page, _status_filter(request)))


def _snapshot(request: HttpRequest, batch: Batch, page: int, status: str = "") -> dict:
    """The batch's counters and a page of rows (of one status, or all), from the hot cache while
    nothing changed."""
    return batch_cached(
        batch=batch,
        user=request.user,
        part=f"snapshot:{status or 'all'}",
        page=page,
        compute=partial(selectors.batch_snapshot, batch=batch, page=page, status=status),
    )


@login_required
def document_detail(request: HttpRequest, batch_id, document_id: int) -> HttpResponse:
    """The extracted fields of one document, each value beside the text it came from; values under
    the page's confidence threshold marked for review; its result and files to download."""
    batch = _owned_batch(request, batch_id)
    document = get_object_or_404(Document, pk=document_id, batch=batch)
    threshold = review_threshold_parse(request.GET.get("threshold", ""))
    fields = selectors.document_fields(document=document, review_threshold=threshold)
    return render(
        request,
        "batches/document_fields.html",
        {
            "document": document,
            "fields": fields,
            "review_threshold": threshold,
            "to_review": sum(1 for f in fields if f["needs_review"]),
            "outputs": [r for r in document.outputs or [] if not r.get("intermediate")],
        },
    )


@login_required
@require_POST
@rate_limited("upload")
def draft_upload(request: HttpRequest, batch_id) -> JsonResponse:
    """Files dropped on the wizard, one or several small ones per request (fewer round trips for a
    drop of thousands): stored in the draft at once, validated, answered as JSON.

    ``path`` fields, one per ``file`` in order, carry a folder drop's relative names. The answer
    lists each file's documents or the reason it was refused (``files``), in order; a refused file
    is not kept in the draft. Nothing stored: 400 with the first reason as ``error``.
    """
    batch = _owned_batch_or_draft(request, batch_id)
    files = request.FILES.getlist("file")  # parsing the body marks one past the site's ceiling
    if getattr(request, "upload_too_large", None):
        limit = request.upload_too_large
        message = f"The file is larger than {limit:,} bytes; refused."
        return JsonResponse({"error": {"code": "file_too_large", "message": message}}, status=400)
    if not files:
        return JsonResponse({"error": {"code": "no_file", "message": "No file was sent."}}, status=400)
    paths = request.POST.getlist("path")
    names = [relative_name(paths[i]) if i < len(paths) and paths[i] else f.name for i, f in enumerate(files)]
    try:
        documents = services.documents_add_files(
            batch=batch,
            owner=request.user,
            files=files,
            names=names,
            ip=client_ip(request) or "",
            keep_refused=False,
        )
    except ApplicationError as exc:
        return JsonResponse({"error": {"code": exc.code, "message": exc.message}}, status=400)
    stored = [d for d in documents if d.status != Document.Status.FAILED]
    shown = iter(documents_json(stored, batch=batch, owner=request.user))
    results = [
        {"error": {"code": d.error_code, "message": d.error_message}}
        if d.status == Document.Status.FAILED
        else {"documents": [next(shown)]}
        for d in documents
    ]
    body = {"documents": [doc for result in results for doc in result.get("documents", [])], "files": results}
    if not stored:
        return JsonResponse({**body, "error": results[0]["error"]}, status=400)
    return JsonResponse(body, status=201)


@login_required
@require_POST
def draft_remove(request: HttpRequest, batch_id, document_id: int) -> JsonResponse:
    batch = _owned_batch_or_draft(request, batch_id)
    document = get_object_or_404(Document, pk=document_id, batch=batch)
    try:
        services.document_remove(document=document, owner=request.user)
    except ApplicationError as exc:
        return JsonResponse({"error": {"code": exc.code, "message": exc.message}}, status=400)
    return JsonResponse({"removed": document_id})


def _owned_batch_or_draft(request: HttpRequest, batch_id) -> Batch:
    batch = Batch.objects.filter(pk=batch_id, owner=request.user).first()
    if batch is None:
        raise Http404("No such batch.")
    return batch


@login_required
@require_POST
def document_retry(request: HttpRequest, batch_id, document_id: int) -> HttpResponse:
    """Retry one failed document (the row's retry button)."""
    batch = _owned_batch(request, batch_id)
    try:
        services.batch_retry_failed(
            batch=batch, actor=request.user, document_ids=[document_id], ip=client_ip(request)
        )
    except ApplicationError as exc:
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"error": {"code": exc.code, "message": exc.message}}, status=400)
        messages.error(request, exc.message)
        return redirect("batches:detail", batch_id=batch.pk)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"retried": document_id})
    return redirect("batches:detail", batch_id=batch.pk)


@login_required
@require_POST
def document_regenerate_view(request: HttpRequest, batch_id, document_id: int) -> HttpResponse:
    """Write one item of a generation batch again (the row's Regenerate button)."""
    batch = _owned_batch(request, batch_id)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    try:
        document = document_regenerate(
            batch=batch, actor=request.user, document_id=document_id, ip=client_ip(request)
        )
    except ApplicationError as exc:
        if wants_json:
            return JsonResponse({"error": {"code": exc.code, "message": exc.message}}, status=400)
        messages.error(request, exc.message)
        return redirect("batches:detail", batch_id=batch.pk)
    if wants_json:
        return JsonResponse({"id": document.pk, "status": document.status})
    messages.success(request, f"{document.original_name} is being written again.")
    return redirect("batches:detail", batch_id=batch.pk)


BATCH_ACTIONS = {
    "pause": (services.batch_pause, "The batch is paused: running documents finish, no new one starts."),
    "resume": (services.batch_resume, "The batch is running again."),
    "cancel": (services.batch_cancel, "The batch was cancelled."),
    "retry-failed": (services.batch_retry_failed, "The failed documents are queued again."),
    "delete": (services.batch_delete, "The batch and its files were deleted."),
}


@login_required
@require_POST
def batch_action(request: HttpRequest, batch_id, action: str) -> HttpResponse:
    """Pause, resume, cancel, retry failed or delete: one service call each."""
    if action not in BATCH_ACTIONS:
        raise Http404("No such action.")
    batch = _owned_batch(request, batch_id)
    service, success = BATCH_ACTIONS[action]
    try:
        service(batch=batch, actor=request.user, ip=client_ip(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("batches:detail", batch_id=batch.pk)
    messages.success(request, success)
    if action == "delete":
        return redirect("batches:list")
    next_url = request.POST.get("next", "")
    if next_url.startswith("?"):
        return redirect(reverse("batches:list") + next_url)
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect(reverse("batches:detail", args=[batch.pk]))
