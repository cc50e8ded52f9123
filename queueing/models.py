"""The durable job ledger beside Celery: what must run, for whom, and what became of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from batchsite.models import TimeStampedModel
from queueing.kinds import job_kind_choices


class Job(TimeStampedModel):
    """One unit of work (a document to process, an export to write).

    State machine (transitions only through ``queueing.services``)::

        waiting ──dispatch──▶ queued ──claim──▶ running ──▶ succeeded | failed
        waiting, queued ──hold──▶ held ──release──▶ waiting
        running ──give back (attempt not counted), retry later (backoff)──▶ waiting, or held
        running ──process lost (recovery)──▶ queued, in a message of its own
        waiting, held, queued ──cancel──▶ cancelled

    ``waiting`` jobs live only here; ``queued`` ones also have a message in the broker.
    ``held`` jobs wait too but are not released: the app that owns their work holds them
    (``jobs_hold``: a paused batch) and releases them (``jobs_release_held``); a running job
    it gives back or retries meanwhile is held as well. The ledger never asks why: it reads
    only its own columns. A held job's broker message, if any, claims nothing.
    One message may carry several small documents of one batch (``message``): the worker
    claims them a few at a time and records them in bulk. A per-owner cap on the messages
    in flight keeps one huge batch from starving others.
    """

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting"
        HELD = "held", "On hold"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    class Kind(models.TextChoices):
        """The first two kinds' names; every kind (these too) is registered by its app (``kinds``)."""

        DOCUMENT = "document", "Process a document"
        EXPORT = "export", "Write an export"

    IN_FLIGHT = (State.QUEUED, State.RUNNING)
    NOT_STARTED = (State.WAITING, State.HELD, State.QUEUED)  # what a cancel still stops
    FINAL = (State.SUCCEEDED, State.FAILED, State.CANCELLED)

    kind = models.CharField(max_length=16, choices=job_kind_choices, default=Kind.DOCUMENT)
    queue = models.CharField(max_length=32, default="documents")
    target_id = models.CharField(max_length=64)
    batch = models.ForeignKey(
        "batches.Batch", on_delete=models.CASCADE, related_name="jobs", null=True, blank=True
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    priority = models.SmallIntegerField(default=0, help_text="Higher runs first.")
    batch_size = models.PositiveIntegerField(default=1, help_text="Smaller batches first within an owner.")
    size = models.PositiveBigIntegerField(
        default=0, help_text="Bytes of input; small documents share a message."
    )
    message = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="The broker message that carries the job (shared by the jobs it carries).",
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    run_after = models.DateTimeField(default=timezone.now)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=255, blank=True)
    last_error_code = models.CharField(max_length=64, blank=True)
    last_error_message = models.TextField(blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "owner", "run_after"], name="job_dispatch_idx"),
            models.Index(fields=["state", "lease_expires_at"], name="job_lease_idx"),
            models.Index(fields=["state", "queue", "enqueued_at"], name="job_queue_age_idx"),
            models.Index(fields=["kind", "target_id"], name="job_target_idx"),
            models.Index(fields=["batch", "state"], name="job_batch_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_id} ({self.state})"
