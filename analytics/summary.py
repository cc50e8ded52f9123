"""Figures for the analytics page: volumes, success, timings, failures, engines.

The figures come from the daily statistics tables (``analytics.stats``, rebuilt by beat) plus
the documents finished since the last rollup (or on days a retry or deletion made dirty),
read live. Both are brought to the same shape, groups of documents and histograms of each
document's own processing time (``duration_ms``, measured around its processor, never its shared
message's step) and of its wait in the queue (``queued_at`` to ``started_at``), and summed here,
so the page costs the same at a thousand documents or a million.
Percentiles come from histograms with 5 % buckets: a reported p50 or p95 is at most 5 % above
the exact nearest-rank value.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from analytics.models import BatchDayStats, DailyStats, DurationStats
from analytics.stats import day_bounds, dirty_days, percentile_of, rolled_until, timings_add
from batches.models import Batch, Document, queue_wait_ms

DONE = (Document.Status.SUCCEEDED, Document.Status.FAILED)
GROUP = ("processor", "document_type", "status", "error_code", "content_type", "engine")


@dataclass
class Figures:
    """Everything the page needs, in a shape both sources can add to."""

    # documents, pages, prompt tokens, completion tokens, LLM cost in millionths of a dollar
    groups: dict[tuple, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0, 0]))
    per_day: dict[date, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    # (processor, document type, status) -> histogram of own processing times, and of queue waits
    histograms: dict[tuple, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    waits: dict[tuple, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    batches: set = field(default_factory=set)

    def add_group(
        self, key: tuple, documents: int, pages: int, prompt: int, completion: int, cost: int
    ) -> None:
        row = self.groups[key]
        row[0] += documents
        row[1] += pages
        row[2] += prompt
        row[3] += completion
        row[4] += cost


def _add_rolled(figures: Figures, *, user, since: date, until: date, everyone: bool, skip: set[date]) -> None:
    def rows(model) -> QuerySet:
        queryset = model.objects.filter(day__gte=since, day__lte=until).exclude(day__in=skip)
        return queryset if everyone else queryset.filter(owner=user)

    for row in (
        rows(DailyStats)
        .values(*GROUP)
        .annotate(
            n=Sum("documents"),
            p=Sum("pages"),
            pt=Sum("prompt_tokens"),
            ct=Sum("completion_tokens"),
            cost=Sum("llm_cost_micro_usd"),
        )
    ):
        figures.add_group(tuple(row[k] for k in GROUP), row["n"], row["p"], row["pt"], row["ct"], row["cost"])
    for row in (
        rows(DailyStats)
        .values("day")
        .annotate(n=Sum("documents"), failed=Sum("documents", filter=Q(status=Document.Status.FAILED)))
    ):
        figures.per_day[row["day"]][0] += row["n"]
        figures.per_day[row["day"]][1] += row["failed"] or 0
    for processor, document_type, status, counts, wait_counts in rows(DurationStats).values_list(
        "processor", "document_type", "status", "counts", "wait_counts"
    ):
        for histograms, stored in ((figures.histograms, counts), (figures.waits, wait_counts)):
            histogram = histograms[(processor, document_type, status)]
            for bucket, n in stored.items():
                histogram[int(bucket)] += n
    figures.batches.update(rows(BatchDayStats).values_list("batch_id", flat=True).distinct())


def _add_live(figures: Figures, documents: QuerySet[Document]) -> None:
    grouped = (
        documents.annotate(engine=KT("meta__engine"), processor=F("batch__processor"))
        .values(*GROUP)
        .annotate(
            n=Count("id"),
            p=Coalesce(Sum(Cast(KT("meta__pages"), IntegerField())), 0),
            pt=Coalesce(Sum(Cast(KT("meta__tokens__prompt"), IntegerField())), 0),
            ct=Coalesce(Sum(Cast(KT("meta__tokens__completion"), IntegerField())), 0),
            cost=Coalesce(Sum(Cast(KT("meta__cost_micro_usd"), IntegerField())), 0),
        )
    )
    for row in grouped:
        key = tuple((row[k] or "") for k in GROUP)
        figures.add_group(key, row["n"], row["p"], row["pt"], row["ct"], row["cost"])
    rows = documents.values_list(
        "finished_at",
        "status",
        "batch__processor",
        "document_type",
        "duration_ms",
        "batch_id",
        "queued_at",
        "started_at",
    )
    for finished_at, status, processor, document_type, duration, batch_id, queued, started in rows.iterator(
        chunk_size=5000
    ):
        day = timezone.localtime(finished_at).date()
        figures.per_day[day][0] += 1
        figures.per_day[day][1] += status == Document.Status.FAILED
        key = (processor, document_type or "", status)
        timings_add(figures.histograms[key], figures.waits[key], duration, queue_wait_ms(queued, started))
        figures.batches.add(batch_id)


def _live_documents(
    *, user, since: date, until: date, everyone: bool, after: datetime | None, days: set[date]
) -> QuerySet[Document]:
    """Documents the tables do not hold: finished since the rollup, or on a dirty day.

    The time windows are selected on their own first (the ``finished_at`` index answers that),
    so a database planner never walks a big batch's documents to find a few recent ones.
    """
    start, end = day_bounds(since)[0], day_bounds(until)[1]
    windows = [(start, end)] if after is None else [(max(start, after), end)]
    windows += [day_bounds(day) for day in days]
    in_windows = Q()
    for low, high in windows:
        low, high = max(low, start), min(high, end)
        if low < high:
            in_windows |= Q(finished_at__gte=low, finished_at__lt=high)
    if not in_windows:
        return Document.objects.none()
    candidates = Document.objects.filter(in_windows, status__in=DONE).values("pk")
    documents = Document.objects.filter(pk__in=candidates).exclude(batch__status=Batch.Status.DRAFT)
    return documents if everyone else documents.filter(batch__owner=user)


def _timings(figures: Figures, index: int, statuses: tuple[str, ...]) -> list[dict]:
    counts: dict[str, int] = defaultdict(int)
    for key, row in figures.groups.items():
        if key[2] in statuses:
            counts[key[index] or "unknown"] += row[0]
    merged = _merge(figures.histograms, index, statuses)
    waits = _merge(figures.waits, index, statuses)
    return [
        {
            "name": name,
            "documents": counts[name],
            "p50_ms": percentile_of(merged[name], 50),
            "p95_ms": percentile_of(merged[name], 95),
            "wait_p50_ms": percentile_of(waits[name], 50),
            "wait_p95_ms": percentile_of(waits[name], 95),
        }
        for name in sorted(counts)
    ]


def _merge(histograms: dict[tuple, dict[int, int]], index: int, statuses: tuple[str, ...]) -> dict[str, dict]:
    """Histograms keyed (processor, document type, status) summed by processor (0) or type (1)."""
    merged: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (processor, document_type, status), histogram in histograms.items():
        if status in statuses:
            name = (processor, document_type)[index] or "unknown"
            for bucket, n in histogram.items():
                merged[name][bucket] += n
    return merged


def analytics_summary(*, user: AbstractBaseUser, since: date, until: date, everyone: bool = False) -> dict:
    figures = Figures()
    after = rolled_until()
    skip = {d for d in dirty_days() if since <= d <= until} if after is not None else set()
    if after is not None:
        _add_rolled(figures, user=user, since=since, until=until, everyone=everyone, skip=skip)
    _add_live(
        figures,
        _live_documents(user=user, since=since, until=until, everyone=everyone, after=after, days=skip),
    )
    succeeded = sum(r[0] for k, r in figures.groups.items() if k[2] == Document.Status.SUCCEEDED)
    failed = sum(r[0] for k, r in figures.groups.items() if k[2] == Document.Status.FAILED)
    totals = {
        "documents": succeeded + failed,
        "succeeded": succeeded,
        "failed": failed,
        "batches": len(figures.batches),
        "pages": sum(r[1] for r in figures.groups.values()),
        "prompt_tokens": sum(r[2] for r in figures.groups.values()),
        "completion_tokens": sum(r[3] for r in figures.groups.values()),
        "llm_cost_usd": f"{sum(r[4] for r in figures.groups.values()) / 1_000_000:.4f}",
        "success_rate": round(succeeded / (succeeded + failed), 4) if succeeded + failed else None,
    }
    per_code: dict[str, int] = defaultdict(int)
    per_type: dict[str, int] = defaultdict(int)
    per_engine: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (_, _, status, code, content_type, engine), row in figures.groups.items():
        if status == Document.Status.FAILED:
            per_code[code] += row[0]
            per_type[content_type] += row[0]
        else:
            per_engine[engine or None][0] += row[0]
            per_engine[engine or None][1] += row[2] + row[3]
            per_engine[engine or None][2] += row[4]
    return {
        "since": since,
        "until": until,
        "totals": totals,
        "per_day": [
            {"day": day, "documents": n, "failed": f} for day, (n, f) in sorted(figures.per_day.items())
        ],
        "by_processor": _timings(figures, 0, DONE),
        "by_document_type": _timings(figures, 1, (Document.Status.SUCCEEDED,)),
        "failures": [
            {"error_code": c, "documents": n}
            for c, n in sorted(per_code.items(), key=lambda i: (-i[1], i[0]))
        ],
        "failing_types": [
            {"content_type": t, "documents": n}
            for t, n in sorted(per_type.items(), key=lambda i: (-i[1], i[0]))[:10]
        ],
        "engines": [
            {"engine": e, "documents": n, "tokens": t, "llm_cost_usd": f"{c / 1_000_000:.4f}"}
            for e, (n, t, c) in sorted(per_engine.items(), key=lambda i: i[0] or "")
        ],
    }
