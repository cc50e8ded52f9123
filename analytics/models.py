"""Statistics of finished documents, rolled up per day so the analytics page reads a few rows.

The models moved here from ``batches`` with their tables (``db_table``): the data stayed where it was.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DailyStats(models.Model):
    """Finished documents per local day and group, rebuilt by ``analytics.stats.stats_rollup``.

    The analytics page sums these rows (a few thousand at a million documents) instead of
    scanning documents; the documents finished since the last rollup are added live.
    """

    day = models.DateField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    processor = models.CharField(max_length=32)
    document_type = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=16)
    error_code = models.CharField(max_length=64, blank=True)
    content_type = models.CharField(max_length=128, blank=True)
    engine = models.CharField(max_length=32, blank=True)
    documents = models.PositiveIntegerField(default=0)
    pages = models.BigIntegerField(default=0)
    prompt_tokens = models.BigIntegerField(default=0)
    completion_tokens = models.BigIntegerField(default=0)
    llm_cost_micro_usd = models.BigIntegerField(default=0)

    class Meta:
        db_table = "batches_dailystats"  # the table it had in batches, kept
        indexes = [
            models.Index(fields=["owner", "day"], name="dailystats_owner_day_idx"),
            models.Index(fields=["day"], name="dailystats_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.processor} {self.status}: {self.documents}"


class DurationStats(models.Model):
    """A histogram of processing times (and of waits) per day and group: in ``counts`` ({bucket: documents}),
    bucket b holds durations up to ``1.05 ** b`` ms, so a percentile read from it is within 5 %
    of the exact one. One row per group and day keeps the page's read to a few hundred rows."""

    day = models.DateField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    processor = models.CharField(max_length=32)
    document_type = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=16)
    counts = models.JSONField(default=dict)
    wait_counts = models.JSONField(default=dict, help_text="The same histogram of waits in the queue.")

    class Meta:
        db_table = "batches_durationstats"  # the table it had in batches, kept
        indexes = [
            models.Index(fields=["owner", "day"], name="durationstats_owner_day_idx"),
            models.Index(fields=["day"], name="durationstats_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.processor} {self.status}"


class BatchDayStats(models.Model):
    """Which batches had documents finish on a day (to count distinct batches over a range)."""

    day = models.DateField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    batch_id = models.UUIDField()

    class Meta:
        db_table = "batches_batchdaystats"  # the table it had in batches, kept
        indexes = [models.Index(fields=["owner", "day"], name="batchdaystats_owner_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.batch_id}"


class StatsState(models.Model):
    """The rollup's progress: documents finished before ``computed_until`` are in the tables,
    except on the days listed in ``StatsDirtyDay`` (a retry or a deletion changed them)."""

    computed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "batches_statsstate"  # the table it had in batches, kept

    def __str__(self) -> str:
        return f"statistics until {self.computed_until}"


class StatsDirtyDay(models.Model):
    day = models.DateField(unique=True)

    class Meta:
        db_table = "batches_statsdirtyday"  # the table it had in batches, kept

    def __str__(self) -> str:
        return str(self.day)
