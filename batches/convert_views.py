"""Single-file mode's screen: drop one file, pick a conversion, watch it run, download the result."""

from __future__ import annotations

import io
from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from batches import selectors
from batches.conversions import CONVERSIONS, conversion_get, conversion_options
from batches.hot_cache import batch_cached
from batches.models import Batch
from batches.processing import OutputFile
from batches.services.outputs import Deliverable, batch_output_files
from batches.services.single_file import single_file_submit
from batchsite.client_ip import client_ip
from batchsite.errors import ApplicationError
from batchsite.ratelimits import rate_limited


@login_required
def convert_page(request: HttpRequest) -> HttpResponse:
    return render(request, "batches/convert.html", {"conversions": CONVERSIONS})


@login_required
@require_POST
@rate_limited("submit")
def convert_submit(request: HttpRequest) -> JsonResponse:
    """The dropped file and the chosen conversion: a one-document batch, answered with where to watch it."""
    uploaded = request.FILES.get("file")
    if getattr(request, "upload_too_large", None):
        message = f"The file is larger than {request.upload_too_large:,} bytes; refused."
        return _error("file_too_large", message)
    if uploaded is None:
        return _error("no_file", "Drop a file or choose one first.")
    try:
        conversion = conversion_get(request.POST.get("conversion", ""))
        batch = single_file_submit(
            owner=request.user,
            uploaded=uploaded,
            processor=conversion.processor,
            options=conversion_options(conversion),
            ip=client_ip(request),
        )
    except ApplicationError as exc:
        return _error(exc.code, exc.message)
    return JsonResponse(
        {
            "batch": str(batch.pk),
            "state_url": reverse("convert:state", args=[batch.pk]),
            "batch_url": reverse("batches:detail", args=[batch.pk]),
        },
        status=201,
    )


def _error(code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=400)


def _owned(request: HttpRequest, batch_id) -> Batch:
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    if batch is None or batch.status == Batch.Status.DRAFT:
        raise Http404("No such conversion.")
    return batch


def _results(batch: Batch) -> list[Deliverable]:
    """The converted files, without the batch's report (which ``batch_output_files`` puts last)."""
    return batch_output_files(batch=batch)[:-1] if batch.succeeded_count else []


@login_required
def convert_state(request: HttpRequest, batch_id) -> JsonResponse:
    """The conversion's status and its document's row (step, error); its files once it is done."""
    batch = _owned(request, batch_id)
    snapshot = batch_cached(
        batch=batch,
        user=request.user,
        part="snapshot",
        compute=partial(selectors.batch_snapshot, batch=batch),
    )
    files = _results(batch) if batch.is_final else []
    return JsonResponse(
        {
            "status": batch.status,
            "status_label": batch.get_status_display(),
            "final": batch.is_final,
            "document": snapshot["documents"][0] if snapshot["documents"] else None,
            "files": [
                {"name": f.name, "url": reverse("convert:file", args=[batch.pk, index])}
                for index, f in enumerate(files)
            ],
        }
    )


@login_required
def convert_file(request: HttpRequest, batch_id, index: int) -> FileResponse:
    """One converted file, as itself (not inside a ZIP)."""
    batch = _owned(request, batch_id)
    files = _results(batch) if batch.is_final else []
    if index >= len(files):
        raise Http404("No such file.")
    chosen = files[index]
    handle = io.BytesIO(chosen.content) if isinstance(chosen, OutputFile) else chosen.open()
    return FileResponse(handle, as_attachment=True, filename=chosen.name, content_type=chosen.content_type)
