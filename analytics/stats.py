"""Daily statistics for the analytics page: a rollup (run by beat) and the reads that use it.

The rollup recomputes whole local days from the documents: every day touched since its last
run, and every day a retry or a deletion marked dirty. Recomputing a day is idempotent, so a
rollup that runs twice, or dies half-way, leaves correct figures behind.
"""

from __future__ import annotations

import contextlib
import math
from bisect import bisect_left
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, IntegerField, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from analytics.models import BatchDayStats, DailyStats, DurationStats, StatsDirtyDay, StatsState
from batches.models import Batch, Document, queue_wait_ms

DONE = (Document.Status.SUCCEEDED, Document.Status.FAILED)
BASE = 1.05
# Documents may commit a moment after their finished_at; the rollup stays this far behind.
GRACE = timedelta(seconds=60)


def bucket_value(bucket: int) -> int:
    """The largest duration a bucket holds (what a percentile read from it reports)."""
    return 1 if bucket == 0 else math.floor(BASE**bucket + 1e-9)


BOUNDS = [bucket_value(b) for b in range(460)]  # up to about 2.6e9 ms (a month)


def bucket_of(duration_ms: int) -> int:
    """The first bucket whose largest duration is at least this one (a binary search, no log)."""
    return min(bisect_left(BOUNDS, duration_ms), len(BOUNDS) - 1)


def timings_add(
    durations: dict[int, int], waits: dict[int, int], duration: int | None, wait: int | None
) -> None:
    """Count one document's own processing time and its queue wait in their histograms."""
    if duration is not None:
        durations[bucket_of(duration)] += 1
    if wait is not None:
        waits[bucket_of(wait)] += 1


def _as_json(histogram: dict[int, int]) -> dict[str, int]:
    return {str(b): n for b, n in sorted(histogram.items())}


def percentile_of(histogram: dict[int, int], q: float) -> int | None:
    """Nearest-rank percentile of a histogram {bucket: count}."""
    total = sum(histogram.values())
    if not total:
        return None
    rank, seen = max(math.ceil(q / 100 * total), 1), 0
    for bucket in sorted(histogram):
        seen += histogram[bucket]
        if seen >= rank:
            return bucket_value(bucket)
    return None


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _day_documents(day: date, until: datetime) -> QuerySet[Document]:
    start, end = day_bounds(day)
    return Document.objects.filter(
        status__in=DONE, finished_at__gte=start, finished_at__lt=min(end, until)
    ).exclude(batch__status=Batch.Status.DRAFT)


def rollup_day(day: date, *, until: datetime) -> int:
    """Rebuild one day's rows from its documents (finished before ``until``); returns the documents."""
    documents = _day_documents(day, until)
    groups = (
        documents.annotate(engine=KT("meta__engine"))
        .values(
            "batch__owner_id",
            "batch__processor",
            "document_type",
            "status",
            "error_code",
            "content_type",
            "engine",
        )
        .annotate(
            n=Count("id"),
            pages=Coalesce(Sum(Cast(KT("meta__pages"), IntegerField())), 0),
            prompt=Coalesce(Sum(Cast(KT("meta__tokens__prompt"), IntegerField())), 0),
            completion=Coalesce(Sum(Cast(KT("meta__tokens__completion"), IntegerField())), 0),
            cost=Coalesce(Sum(Cast(KT("meta__cost_micro_usd"), IntegerField())), 0),
        )
    )
    daily = [
        DailyStats(
            day=day,
            owner_id=g["batch__owner_id"],
            processor=g["batch__processor"],
            document_type=g["document_type"] or "",
            status=g["status"],
            error_code=g["error_code"] or "",
            content_type=(g["content_type"] or "")[:128],
            engine=(g["engine"] or "")[:32],
            documents=g["n"],
            pages=g["pages"],
            prompt_tokens=g["prompt"],
            completion_tokens=g["completion"],
            llm_cost_micro_usd=g["cost"],
        )
        for g in groups
    ]
    histograms: dict[tuple, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    waits: dict[tuple, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    rows = documents.values_list(
        "batch__owner_id",
        "batch__processor",
        "document_type",
        "status",
        "duration_ms",
        "queued_at",
        "started_at",
    )
    for owner, processor, document_type, status, duration, queued, started in rows.iterator(chunk_size=5000):
        key = (owner, processor, document_type or "", status)
        timings_add(histograms[key], waits[key], duration, queue_wait_ms(queued, started))
    durations = [
        DurationStats(
            day=day,
            owner_id=k[0],
            processor=k[1],
            document_type=k[2],
            status=k[3],
            counts=_as_json(histograms[k]),
            wait_counts=_as_json(waits[k]),
        )
        for k in histograms.keys() | waits.keys()
    ]
    batches = [
        BatchDayStats(day=day, owner_id=owner, batch_id=batch)
        for owner, batch in documents.values_list("batch__owner_id", "batch_id").order_by().distinct()
    ]
    with transaction.atomic():
        for model in (DailyStats, DurationStats, BatchDayStats):
            model.objects.filter(day=day).delete()
        DailyStats.objects.bulk_create(daily, batch_size=2000)
        DurationStats.objects.bulk_create(durations, batch_size=2000)
        BatchDayStats.objects.bulk_create(batches, batch_size=2000)
    return sum(d.documents for d in daily)


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def stats_rollup(*, now: datetime | None = None) -> dict[str, int]:
    """Bring the daily tables up to ``now - GRACE``; returns the days and documents recomputed.

    One rollup at a time (a Redis lock): a first catch-up over a large history outlasts beat's
    interval, and two rollups rebuilding the same day at once could both insert its rows.
    """
    import redis
    from django.conf import settings

    lock = redis.Redis.from_url(settings.REDIS_URL).lock(
        "batchsite:stats-rollup", timeout=3600, blocking_timeout=0
    )
    if not lock.acquire(blocking=False):
        return {"days": 0, "documents": 0, "skipped": 1}
    try:
        return _rollup(now=now)
    finally:
        with contextlib.suppress(redis.exceptions.LockError):  # expired meanwhile: nothing to release
            lock.release()


def _rollup(*, now: datetime | None) -> dict[str, int]:
    until = (now or timezone.now()) - GRACE
    state, _ = StatsState.objects.get_or_create(pk=1)
    previous = state.computed_until
    if previous is None:
        first = (
            Document.objects.filter(status__in=DONE, finished_at__isnull=False)
            .order_by("finished_at")
            .first()
        )
        previous = first.finished_at if first else until
    if previous > until:
        return {"days": 0, "documents": 0}
    days = {
        _local_day(previous) + timedelta(days=n)
        for n in range((_local_day(until) - _local_day(previous)).days + 1)
    }
    dirty = set(StatsDirtyDay.objects.values_list("day", flat=True))
    documents = 0
    for day in sorted(days | dirty):
        documents += rollup_day(day, until=until)
    StatsDirtyDay.objects.filter(day__in=dirty).delete()
    StatsState.objects.filter(pk=1).update(computed_until=until)
    return {"days": len(days | dirty), "documents": documents}


def stats_mark_dirty(documents: QuerySet[Document]) -> None:
    """Days whose figures a retry or a deletion is about to change; the next rollup redoes them."""
    moments = documents.filter(status__in=DONE, finished_at__isnull=False).values_list(
        "finished_at", flat=True
    )
    days = {_local_day(m) for m in moments.iterator(chunk_size=5000)}
    StatsDirtyDay.objects.bulk_create([StatsDirtyDay(day=d) for d in days], ignore_conflicts=True)


def rolled_until() -> datetime | None:
    """Documents finished before this are in the tables (except on dirty days)."""
    state = StatsState.objects.filter(pk=1).first()
    return state.computed_until if state else None


def dirty_days() -> set[date]:
    return set(StatsDirtyDay.objects.values_list("day", flat=True))
