"""Export: a file made from a batch's results, downloadable through signed links."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from batches.review import DEFAULT_REVIEW_THRESHOLD
from batchsite.models import TimeStampedModel


class Export(TimeStampedModel):
    """pending ──▶ running ──▶ ready | failed (made by ``exports.services``)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    class Format(models.TextChoices):
        JSON = "json", "JSON"
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"
        ZIP = "zip", "ZIP (a JSON per document + summary)"
        FILES = "files", "Output files (ZIP: decks, tables, sitemaps, articles)"

    class Layout(models.TextChoices):
        DOCUMENT = "document", "One row per document"
        ITEMS = "items", "One row per line item"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports")
    batch = models.ForeignKey("batches.Batch", on_delete=models.CASCADE, related_name="exports")
    # A combined export (several batches in one file) lists the others here.
    extra_batches = models.ManyToManyField("batches.Batch", blank=True, related_name="combined_exports")
    format = models.CharField(max_length=8, choices=Format.choices)
    layout = models.CharField(max_length=12, choices=Layout.choices, default=Layout.DOCUMENT)
    items_field = models.CharField(max_length=64, blank=True)
    include_failed = models.BooleanField(default=True)
    csv_bom = models.BooleanField(
        default=True, help_text="Start CSV files with a UTF-8 BOM (Excel needs it)."
    )
    # An export of documents chosen on the batch page holds their ids; empty: the whole batch.
    document_ids = models.JSONField(default=list, blank=True)
    # Values whose confidence is under this are listed in the export's ``needs_review``.
    review_threshold = models.FloatField(default=DEFAULT_REVIEW_THRESHOLD)
    # The output files' formats chosen at export (a generation batch's docx, md, txt); empty:
    # the files as the batch made them.
    output_formats = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="exports/", max_length=512, blank=True)
    rows = models.PositiveIntegerField(default=0)
    size = models.BigIntegerField(default=0)
    error_message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["batch", "-created_at"], name="export_batch_created_idx")]

    def __str__(self) -> str:
        return f"{self.get_format_display()} export of {self.batch}"

    @property
    def filename(self) -> str:
        label = "several-batches" if self.pk and self.extra_batches.exists() else str(self.batch)
        stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in label)[:60] or "batch"
        suffix = ("-selected" if self.document_ids else "") + (
            "-items" if self.layout == self.Layout.ITEMS else ""
        )
        extension = "zip" if self.format == self.Format.FILES else self.format
        return f"{stem}{suffix}.{extension}"
