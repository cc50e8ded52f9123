"""Starting exports and serving them through signed, owner-bound, expiring links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from batches import selectors as batch_selectors
from batches.review import review_threshold_parse
from batches.services.selection import document_ids_parse
from batchsite.client_ip import client_ip
from batchsite.errors import ApplicationError
from batchsite.ratelimits import rate_limited
from exports import services
from exports.models import Export

CONTENT_TYPES = {
    Export.Format.JSON: "application/json",
    Export.Format.CSV: "text/csv; charset=utf-8",
    Export.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Export.Format.ZIP: "application/zip",
    Export.Format.FILES: "application/zip",
}


@login_required
@require_POST
@rate_limited("export")
def export_create(request: HttpRequest, batch_id) -> HttpResponse:
    batch = batch_selectors.batch_get(user=request.user, batch_id=batch_id)
    if batch is None:
        raise Http404("No such batch.")
    try:
        chosen = request.POST.getlist("document")  # the batch page's ticked rows: export those alone
        export = services.export_start(
            batch=batch,
            owner=request.user,
            format=request.POST.get("format", "csv"),
            layout=request.POST.get("layout", Export.Layout.DOCUMENT),
            items_field=request.POST.get("items_field", "").strip(),
            include_failed=request.POST.get("include_failed", "0") == "1",
            csv_bom=request.POST.get("csv_bom", "0") == "1",
            ip=client_ip(request),
            document_ids=document_ids_parse(chosen) if chosen else None,
            review_threshold=review_threshold_parse(request.POST.get("review_threshold", "")),
            output_formats=request.POST.getlist("output_formats"),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("batches:detail", batch_id=batch.pk)
    if export.status == Export.Status.READY:
        return redirect("exports:download", token=services.export_download_token(export=export))
    if export.status == Export.Status.FAILED:
        messages.error(request, f"The export failed: {export.error_message}")
    else:
        messages.info(request, "The export is being prepared; it appears in the export history when ready.")
    return redirect("batches:detail", batch_id=batch.pk)


@login_required
def export_download(request: HttpRequest, token: str) -> HttpResponse:
    try:
        export = services.export_resolve_download(token=token, user=request.user, ip=client_ip(request))
    except ApplicationError as exc:
        status = {"expired": 410, "gone": 410, "not_ready": 409}.get(exc.code, 403)
        return render(request, "exports/link_error.html", {"message": exc.message}, status=status)
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type=CONTENT_TYPES[export.format],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
