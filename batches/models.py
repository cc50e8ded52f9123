"""Batch and Document: the durable objects a user works with."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models

from batches.processors import DEFAULT_PROCESSOR
from batchsite.models import TimeStampedModel


class Batch(TimeStampedModel):
    """A set of documents processed together with one processor and one configuration.

    Status machine (transitions only through ``batches.services``)::

        draft ──submit──▶ queued ──first document starts──▶ processing
        processing ──all documents terminal──▶ completed | completed_with_errors | failed
        queued/processing ◀──resume── paused ◀──pause── queued/processing
        any non-final ──cancel──▶ cancelled
        completed_with_errors/failed ──retry failed──▶ queued

    Counters (``*_count``) move with ``F()`` updates in the same transaction as the
    document transition that causes them, so they always equal the documents' states.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        QUEUED = "queued", "Queued"
        PROCESSING = "processing", "Processing"
        PAUSED = "paused", "Paused"
        COMPLETED = "completed", "Completed"
        COMPLETED_WITH_ERRORS = "completed_with_errors", "Completed with errors"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    class Strategy(models.TextChoices):
        GLOBAL = "global", "One prompt for all documents"
        PER_DOCUMENT = "per_document", "A prompt per document"
        AUTO = "auto", "Classify each document automatically"

    class Priority(models.IntegerChoices):
        """Order among the owner's own work only: the dispatcher serves owners independently,
        so a high priority never takes another owner's slots (follow-up jobs run above all)."""

        LOW = -10, "Low"
        NORMAL = 0, "Normal"
        HIGH = 10, "High"

    FINAL_STATUSES = (Status.COMPLETED, Status.COMPLETED_WITH_ERRORS, Status.FAILED, Status.CANCELLED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="batches")
    name = models.CharField(max_length=200, blank=True)
    processor = models.CharField(max_length=32, default=DEFAULT_PROCESSOR)
    prompt_strategy = models.CharField(max_length=16, choices=Strategy.choices, default=Strategy.GLOBAL)
    global_prompt = models.TextField(blank=True)
    options = models.JSONField(default=dict, blank=True)
    engine = models.CharField(max_length=32, blank=True, help_text="Empty: the site's default engine.")
    priority = models.SmallIntegerField(default=0)  # a Priority value (choices left off: no migration)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.DRAFT)

    total_documents = models.PositiveIntegerField(default=0)
    total_bytes = models.BigIntegerField(default=0)
    processing_count = models.PositiveIntegerField(default=0)
    succeeded_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    cancelled_count = models.PositiveIntegerField(default=0)
    # What the LLM engine spent on this batch, every attempt counted (it was paid for).
    llm_prompt_tokens = models.BigIntegerField(default=0)
    llm_completion_tokens = models.BigIntegerField(default=0)
    llm_cost_micro_usd = models.BigIntegerField(default=0, help_text="Millionths of a US dollar.")

    submitted_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "batches"
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="batch_owner_created_idx"),
            models.Index(fields=["owner", "status"], name="batch_owner_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name or f"Batch {str(self.id)[:8]}"

    @property
    def done_count(self) -> int:
        return self.succeeded_count + self.failed_count + self.cancelled_count

    @property
    def waiting_count(self) -> int:
        return max(self.total_documents - self.done_count - self.processing_count, 0)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total_documents) if self.total_documents else 0

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL_STATUSES

    @property
    def llm_tokens(self) -> int:
        return self.llm_prompt_tokens + self.llm_completion_tokens

    @property
    def llm_cost_usd(self) -> str:
        return f"{self.llm_cost_micro_usd / 1_000_000:.4f}"


def queue_wait_ms(queued_at: datetime | None, started_at: datetime | None) -> int | None:
    """Milliseconds a document waited in the queue before its last start (None if unknown)."""
    if queued_at is None or started_at is None:
        return None
    return max(int((started_at - queued_at).total_seconds() * 1000), 0)


def document_output_path(document: Document, index: int) -> str:
    """Where a processor's output file is stored; never built from a user's file name."""
    return f"outputs/{document.batch_id}/{document.pk}-{index}-{uuid.uuid4().hex[:8]}"


def document_upload_path(instance: Document, filename: str) -> str:
    # The stored path is ours; the user's name only ever lives in ``original_name``.
    return f"uploads/{instance.batch_id}/{uuid.uuid4().hex}"


class Document(TimeStampedModel):
    """One input file of a batch.

    Status machine::

        pending ──submit──▶ queued ──claim──▶ processing ──▶ succeeded | failed
        queued/processing ──cancel──▶ cancelled        failed ──retry──▶ queued

    A ZIP archive dropped into a draft is a document with the status ``expanding`` until a worker
    has replaced it with one document per member, or failed it (``batches.services.archives``);
    a draft is not submitted while one expands.
    """

    class Status(models.TextChoices):
        EXPANDING = "expanding", "Expanding (a ZIP archive)"
        PENDING = "pending", "Pending"
        QUEUED = "queued", "Queued"
        PROCESSING = "processing", "Processing"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    TERMINAL_STATUSES = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveIntegerField(default=0)
    original_name = models.CharField(max_length=1024)
    file = models.FileField(upload_to=document_upload_path, max_length=512)
    size = models.BigIntegerField(default=0)
    content_type = models.CharField(max_length=128, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    prompt = models.TextField(blank=True)

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    step = models.CharField(max_length=64, blank=True)
    document_type = models.CharField(max_length=32, blank=True)
    result = models.JSONField(default=dict, blank=True)
    sources = models.JSONField(default=dict, blank=True)
    meta = models.JSONField(default=dict, blank=True)
    # Files the processor wrote: [{"name", "path", "content_type", "size", "intermediate"}]
    outputs = models.JSONField(default=list, blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Entered the queue (submit, retry): its wait is started_at - queued_at.
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Its own processing time, measured around the processor (not its shared message's step).
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "position"]
        indexes = [
            models.Index(fields=["batch", "position"], name="document_batch_position_idx"),
            models.Index(fields=["batch", "status"], name="document_batch_status_idx"),
            models.Index(fields=["finished_at", "status"], name="document_finished_idx"),  # analytics ranges
            models.Index(fields=["sha256"], name="document_sha256_idx"),  # duplicates, earlier results
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def wait_ms(self) -> int | None:
        return queue_wait_ms(self.queued_at, self.started_at)


class AuditEvent(models.Model):
    """Who did what to which object, from where. Written by ``batches.audit.audit_record``."""

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        UPLOAD = "upload", "Uploaded a file"
        SUBMIT = "submit", "Submitted a batch"
        PAUSE = "pause", "Paused a batch"
        RESUME = "resume", "Resumed a batch"
        CANCEL = "cancel", "Cancelled a batch"
        RETRY = "retry", "Retried failed documents"
        DELETE = "delete", "Deleted a batch"
        EXPORT = "export", "Started an export"
        DOWNLOAD = "download", "Downloaded an export"
        EXPIRE = "expire", "Deleted expired data"

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    target_type = models.CharField(max_length=32, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["actor", "-created_at"], name="audit_actor_created_idx")]

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.target_type} {self.target_id}"
