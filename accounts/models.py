"""Accounts: what a user may do (plans), how scripts act as them (API tokens), where their batches'
finish is announced (webhooks).

The models moved here from ``batches`` with their tables (``db_table``): the data stayed where it was.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from batchsite.models import TimeStampedModel


class Plan(TimeStampedModel):
    """What a user may do: sizes, counts and how much of the queue they may hold at once."""

    name = models.SlugField(max_length=32, unique=True)
    label = models.CharField(max_length=64)
    files_per_batch = models.PositiveIntegerField(default=100)
    bytes_per_file = models.BigIntegerField(default=20 * 1024 * 1024)
    batches_in_flight = models.PositiveIntegerField(default=3, help_text="Queued, running or paused at once.")
    documents_per_month = models.PositiveIntegerField(default=1000)
    jobs_in_flight = models.PositiveIntegerField(
        default=4,
        help_text="Broker messages queued or running at once (one large document, or up to half a second "
        "of small ones each).",
    )
    storage_bytes = models.BigIntegerField(
        default=20 * 1024**3,
        help_text="Bytes of uploaded files a user may hold at once: stored files plus the declared sizes "
        "of open resumable uploads.",
    )
    open_uploads = models.PositiveIntegerField(default=16, help_text="Resumable uploads open at once.")
    llm_engine = models.BooleanField(
        default=False,
        help_text="May run extraction and generation on the LLM engine (openai), which spends the "
        "operator's API key. Without it a batch runs on the builtin engine.",
    )
    story_files_per_batch = models.PositiveIntegerField(
        default=10, help_text="Text documents (.txt, .docx) a generate batch writes stories from."
    )
    story_bytes_per_file = models.BigIntegerField(
        default=10 * 1024 * 1024, help_text="The size of each text document a story is written from."
    )
    llm_tokens_per_month = models.BigIntegerField(
        default=1_000_000,
        help_text="LLM tokens (prompt and completion) a user may spend in a calendar month; past it, "
        "extraction keeps builtin's values and says so.",
    )

    class Meta:
        db_table = "batches_plan"  # the table it had in batches, kept
        ordering = ["files_per_batch"]

    def __str__(self) -> str:
        return self.label


class PlanAssignment(TimeStampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_assignment"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        db_table = "batches_planassignment"  # the table it had in batches, kept

    def __str__(self) -> str:
        return f"{self.user} → {self.plan}"


class ApiToken(TimeStampedModel):
    """A personal API token. Only a hash is stored; the key is shown once when created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "batches_apitoken"  # the table it had in batches, kept

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class WebhookEndpoint(TimeStampedModel):
    """Where to POST (signed with HMAC-SHA256) when one of the user's batches finishes."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook")
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=64)
    active = models.BooleanField(default=True)

    class Meta:
        db_table = "batches_webhookendpoint"  # the table it had in batches, kept

    def __str__(self) -> str:
        return self.url
