"""Making exports and guarding their downloads."""

from __future__ import annotations

import logging
import tempfile
import uuid
from functools import partial
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from batches.audit import audit_record
from batches.models import AuditEvent, Batch
from batches.processors import processor_spec
from batches.review import DEFAULT_REVIEW_THRESHOLD
from batchsite.errors import ApplicationError
from exports.models import Export
from exports.selectors import batch_record, iter_document_records
from queueing import services as queueing
from queueing.models import Job
from queueing.runs import JobFailed

logger = logging.getLogger(__name__)

_TOKEN_SALT = "exports.download"
# The output-files export a follow-up job makes has an id derived from the job's: every attempt
# of the job finds the same export, so a job run again after a crash never makes a second one.
_FOLLOW_UP_EXPORT_IDS = uuid.UUID("6f1d9b0e-8a43-4c55-9d0f-3b3f1f7e2a61")


def export_start(
    *,
    batch: Batch,
    owner: AbstractBaseUser,
    format: str,
    layout: str = Export.Layout.DOCUMENT,
    items_field: str = "",
    include_failed: bool = True,
    ip: str | None = None,
    csv_bom: bool = True,
    document_ids: list[int] | None = None,
    review_threshold: float = DEFAULT_REVIEW_THRESHOLD,
    output_formats: list[str] | None = None,
) -> Export:
    """Create an export of the batch, or of the documents named; small ones are written at once,
    large ones by a task. Values under ``review_threshold`` are listed in ``needs_review``."""
    if batch.owner_id != owner.pk:
        raise ApplicationError("Batch not found.", code="not_found")
    if batch.status == Batch.Status.DRAFT:
        raise ApplicationError("Submit the batch before exporting it.", code="not_submitted")
    if format not in Export.Format.values:
        raise ApplicationError(f"Unknown export format {format!r}.", code="invalid_format")
    if layout not in Export.Layout.values:
        raise ApplicationError(f"Unknown export layout {layout!r}.", code="invalid_layout")
    if format == Export.Format.FILES and not processor_spec(batch.processor).makes_files:
        raise ApplicationError(
            "Extraction writes no output files; export JSON, CSV, XLSX or ZIP.", "invalid_format"
        )
    output_formats = _output_formats(batch, format, output_formats or [])
    items_field = items_field.replace("\x00", "")[:64]
    if layout == Export.Layout.ITEMS and not items_field:
        items_field = "line_items"
    selected = _selected_documents(batch, document_ids) if document_ids is not None else []
    export = Export.objects.create(
        owner=owner,
        batch=batch,
        format=format,
        layout=layout,
        items_field=items_field,
        include_failed=include_failed,
        csv_bom=csv_bom,
        document_ids=selected,
        review_threshold=review_threshold,
        output_formats=output_formats,
    )
    extra = {"export": str(export.pk), "format": format, "layout": layout}
    if selected:
        extra["documents"] = selected
    audit_record(actor=owner, action=AuditEvent.Action.EXPORT, target=batch, ip=ip, extra=extra)
    return _run_or_queue(export, documents=len(selected) or batch.total_documents)


def _output_formats(batch: Batch, format: str, chosen: list[str]) -> list[str]:
    """The output files' formats chosen at export, each one the batch's processor writes."""
    if not chosen:
        return []
    offered = processor_spec(batch.processor).output_formats
    if format != Export.Format.FILES or not offered:
        raise ApplicationError(
            "Output formats are chosen for the output files of an article or story batch.", "invalid_format"
        )
    unknown = [str(f)[:10] for f in chosen if f not in offered]
    if unknown:
        raise ApplicationError(
            f"Unknown output format {', '.join(unknown)}; choose from {', '.join(offered)}.", "invalid_format"
        )
    return [f for f in offered if f in chosen]


def _selected_documents(batch: Batch, document_ids: list[int]) -> list[int]:
    """The batch's documents among those named, in upload order; refused when one is not the batch's."""
    wanted = set(document_ids)
    if not wanted:
        raise ApplicationError("Choose at least one document to export.", "no_documents")
    found = list(batch.documents.filter(pk__in=wanted).order_by("position").values_list("pk", flat=True))
    missing = sorted(wanted - set(found))
    if missing:
        shown = ", ".join(str(pk) for pk in missing[:10])
        raise ApplicationError(f"Not documents of this batch: {shown}.", "unknown_documents")
    return found


def _run_or_queue(export: Export, *, documents: int) -> Export:
    """Small exports are written at once; large ones go to the exports queue as a ledger job."""
    if documents <= settings.EXPORT_INLINE_MAX_DOCUMENTS:
        export_run(export_id=export.pk)
        export.refresh_from_db()
    else:
        queueing.jobs_create(
            kind=Job.Kind.EXPORT,
            owner_id=export.owner_id,
            batch_id=export.batch_id,
            targets=[export.pk],
            queue="exports",
        )
        transaction.on_commit(queueing.dispatch)
    return export


def export_run_job(*, job_id: int, worker: str = "") -> None:
    """The body of the export task: claim the ledger job, write the export, record both."""
    job = queueing.job_claim(job_id=job_id, worker=worker)
    if job is None:
        return
    if job.state == Job.State.FAILED:
        Export.objects.filter(pk=job.target_id).exclude(status=Export.Status.READY).update(
            status=Export.Status.FAILED, error_message=job.last_error_message
        )
        return
    # A redelivered job finds its export half-written: start it over.
    Export.objects.filter(pk=job.target_id, status=Export.Status.RUNNING).update(status=Export.Status.PENDING)
    export_run(export_id=job.target_id)
    export = Export.objects.filter(pk=job.target_id).first()
    if export is not None and export.status == Export.Status.READY:
        queueing.job_succeed(job=job)
    else:
        queueing.job_fail(job=job, code="export_failed", message=export.error_message if export else "gone")


def wants_batch_files(batch: Batch) -> bool:
    """A finished batch whose processor makes files (one deck, a merged table) gets them at once."""
    return processor_spec(batch.processor).makes_files and batch.succeeded_count > 0


def batch_files_export_run(job: Job) -> None:
    """The output-files follow-up's work: the batch's files export, one per job whatever the attempts."""
    batch = Batch.objects.select_related("owner").filter(pk=job.target_id).first()
    if batch is None:
        return  # deleted meanwhile: nothing to export
    with transaction.atomic():
        export, created = Export.objects.get_or_create(
            pk=uuid.uuid5(_FOLLOW_UP_EXPORT_IDS, str(job.pk)),
            defaults={"owner": batch.owner, "batch": batch, "format": Export.Format.FILES},
        )
        if created:
            audit_record(
                actor=batch.owner,
                action=AuditEvent.Action.EXPORT,
                target=batch,
                extra={"export": str(export.pk), "format": export.format, "after": "finish"},
            )
    # An attempt that died while writing left the export running: start it over.
    Export.objects.filter(pk=export.pk, status=Export.Status.RUNNING).update(status=Export.Status.PENDING)
    export_run(export_id=export.pk)
    export.refresh_from_db()
    if export.status != Export.Status.READY:
        raise JobFailed(export.error_message or "The export failed.", "export_failed")


def export_start_combined(
    *,
    batches: list[Batch],
    owner: AbstractBaseUser,
    format: str,
    layout: str = Export.Layout.DOCUMENT,
    include_failed: bool = True,
    ip: str | None = None,
) -> Export:
    """One file holding several batches (a leading "batch" column); written by the exports queue."""
    batches = [b for b in batches if b.owner_id == owner.pk and b.status != Batch.Status.DRAFT]
    if len(batches) < 2:
        raise ApplicationError("Choose at least two of your submitted batches to export together.", "too_few")
    if format not in Export.Format.values:
        raise ApplicationError(f"Unknown export format {format!r}.", code="invalid_format")
    export = Export.objects.create(
        owner=owner,
        batch=batches[0],
        format=format,
        layout=layout,
        items_field="line_items" if layout == Export.Layout.ITEMS else "",
        include_failed=include_failed,
    )
    export.extra_batches.set(batches[1:])
    audit_record(
        actor=owner,
        action=AuditEvent.Action.EXPORT,
        target=batches[0],
        ip=ip,
        extra={"export": str(export.pk), "format": format, "batches": [str(b.pk) for b in batches]},
    )
    return _run_or_queue(export, documents=sum(b.total_documents for b in batches))


def _field_order(batch: Batch) -> list[str] | None:
    return processor_spec(batch.processor).export_field_order(batch=batch)


def _announce(export_id: object) -> None:
    from django.urls import reverse

    from batches.progress import ExportUpdate, publish_export_update

    export = Export.objects.filter(pk=export_id).first()
    if export is None:
        return
    ready = export.status == Export.Status.READY
    publish_export_update(
        export.batch_id,
        ExportUpdate(
            type="export.update",
            id=str(export.pk),
            status=export.status,
            status_label=export.get_status_display(),
            format=export.get_format_display(),
            rows=export.rows,
            size=export.size,
            download_url=reverse("exports:download", args=[export_download_token(export=export)])
            if ready
            else "",
        ),
    )


def export_run(*, export_id: object) -> None:
    """Write the export file (streaming from the database), mark it ready or failed, tell the page."""
    if not Export.objects.filter(pk=export_id, status=Export.Status.PENDING).update(
        status=Export.Status.RUNNING
    ):
        return
    _announce(export_id)
    try:
        _export_run(export_id)
    finally:
        _announce(export_id)


def _export_run(export_id: object) -> None:
    export = Export.objects.select_related("batch").get(pk=export_id)
    batch = export.batch
    try:
        with tempfile.TemporaryFile() as handle:
            rows = _write(export, batch, handle)
            size = handle.tell()
            handle.seek(0)
            export.file.save(export.filename, File(handle), save=False)
    except Exception as exc:
        logger.exception("export %s failed", export_id)
        Export.objects.filter(pk=export_id).update(status=Export.Status.FAILED, error_message=str(exc)[:500])
        return
    Export.objects.filter(pk=export_id).update(
        status=Export.Status.READY, file=export.file.name, rows=rows, size=size
    )


def _write(export: Export, batch: Batch, handle) -> int:
    return export_write(
        batch=batch,
        extra_batches=list(export.extra_batches.order_by("created_at")),
        csv_bom=export.csv_bom,
        format=export.format,
        layout=export.layout,
        items_field=export.items_field,
        include_failed=export.include_failed,
        handle=handle,
        document_ids=export.document_ids or None,
        review_threshold=export.review_threshold,
        output_formats=export.output_formats or None,
    )


def _records(batches: list[Batch], *, document_ids: list[int] | None, review_threshold: float | None):
    combined = len(batches) > 1
    for batch in batches:
        for record in iter_document_records(
            batch=batch, document_ids=document_ids, review_threshold=review_threshold
        ):
            if combined:
                record = {"batch": str(batch), **record}
            yield record


def _batch_header(batch: Batch, document_ids: list[int] | None) -> dict:
    """The JSON and ZIP exports' batch record; an export of chosen documents names them."""
    header = batch_record(batch)
    if document_ids:
        header["selected_documents"] = list(document_ids)
    return header


def export_write(
    *,
    batch: Batch,
    format: str,
    handle: BinaryIO,
    layout: str = Export.Layout.DOCUMENT,
    items_field: str = "",
    include_failed: bool = True,
    extra_batches: list[Batch] | None = None,
    csv_bom: bool = True,
    document_ids: list[int] | None = None,
    review_threshold: float | None = DEFAULT_REVIEW_THRESHOLD,
    output_formats: list[str] | None = None,
) -> int:
    """Stream a batch's (or several batches', or the named documents') results into ``handle``;
    returns the rows written."""
    from exports import writers

    batches = [batch, *(extra_batches or [])]

    def records():
        return _records(batches, document_ids=document_ids, review_threshold=review_threshold)

    if format == Export.Format.FILES:
        from batches.services.outputs import batch_output_files

        files = batch_output_files(batch=batch, document_ids=document_ids, formats=output_formats)
        if not files:
            raise ApplicationError(
                "This batch's processor writes no output files; export JSON, CSV or XLSX.", "no_output_files"
            )
        return writers.write_files_zip(files, handle)
    if format == Export.Format.JSON:
        return writers.write_json(_batch_header(batch, document_ids), records(), handle)
    if layout == Export.Layout.ITEMS and not items_field:
        items_field = "line_items"
    plan = writers.plan_columns(records(), field_order=_field_order(batch), items_field=items_field or None)
    if format == Export.Format.ZIP:
        return writers.write_zip(_batch_header(batch, document_ids), records(), handle, plan=plan)
    if format == Export.Format.CSV:
        return writers.write_csv(
            records(),
            handle,
            plan=plan,
            layout=layout,
            items_field=items_field or None,
            include_failed=include_failed,
            bom=csv_bom,
        )
    return writers.write_xlsx(
        records(),
        handle,
        plan=plan,
        layout=layout,
        items_field=items_field or None,
        include_failed=include_failed,
    )


def export_download_token(*, export: Export) -> str:
    """A signed token naming the export and its owner; checked with an expiry on download."""
    return signing.dumps({"e": str(export.pk), "u": export.owner_id}, salt=_TOKEN_SALT, compress=True)


def export_resolve_download(*, token: str, user: AbstractBaseUser, ip: str | None = None) -> Export:
    """The export a download link names, if it is this user's, still valid and ready."""
    try:
        payload = signing.loads(token, salt=_TOKEN_SALT, max_age=settings.EXPORT_LINK_MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise ApplicationError(
            "This download link has expired. Create a new one from the batch page.", "expired"
        ) from exc
    except signing.BadSignature as exc:
        raise ApplicationError("This download link is not valid.", "forbidden") from exc
    if payload.get("u") != user.pk:
        raise ApplicationError("This download link belongs to another account.", "forbidden")
    export = Export.objects.filter(pk=payload.get("e"), owner=user).first()
    if export is None:
        raise ApplicationError("This export no longer exists.", "gone")
    if export.status != Export.Status.READY:
        raise ApplicationError("This export is not ready yet.", "not_ready")
    audit_record(actor=user, action=AuditEvent.Action.DOWNLOAD, target=export, ip=ip)
    return export


def exports_expire(*, now=None) -> int:
    """Delete the exports older than ``EXPORT_RETENTION_DAYS`` and their files; how many."""
    now = now or timezone.now()
    old = Export.objects.filter(
        created_at__lt=now - timezone.timedelta(days=settings.EXPORT_RETENTION_DAYS)
    ).exclude(file="")
    count = 0
    for export in old.iterator():
        storage, name = export.file.storage, export.file.name
        Export.objects.filter(pk=export.pk).delete()
        transaction.on_commit(partial(storage.delete, name))
        count += 1
    if count:
        audit_record(actor=None, action=AuditEvent.Action.EXPIRE, extra={"exports": count})
    return count
