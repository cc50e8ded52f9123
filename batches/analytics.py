"""Figures for the analytics page: volumes, success, timings, failures, engines — by aggregate queries.

Percentiles are exact: the durations of each group are read ordered from the database (one
indexed column) and picked by rank, so the page agrees with any independent computation.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from batches.models import Batch, Document

DONE = (Document.Status.SUCCEEDED, Document.Status.FAILED)


def percentile(sorted_values: list[int], q: float) -> int | None:
    """Nearest-rank percentile (q in 0..100) of values sorted ascending."""
    if not sorted_values:
        return None
    rank = max(math.ceil(q / 100 * len(sorted_values)), 1)
    return sorted_values[rank - 1]


def _documents(*, user: AbstractBaseUser, since: date, until: date, everyone: bool) -> QuerySet[Document]:
    # A datetime range (not __date), so the finished_at index serves it.
    start = timezone.make_aware(datetime.combine(since, time.min))
    end = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
    documents = Document.objects.filter(status__in=DONE, finished_at__gte=start, finished_at__lt=end).exclude(
        batch__status=Batch.Status.DRAFT
    )
    return documents if everyone else documents.filter(batch__owner=user)


def _timings(documents: QuerySet[Document], key: str) -> list[dict]:
    rows = []
    groups = documents.values(key).annotate(n=Count("id")).order_by(key)
    for group in groups:
        durations = list(
            documents.filter(**{key: group[key]}, duration_ms__isnull=False)
            .order_by("duration_ms")
            .values_list("duration_ms", flat=True)
        )
        rows.append({"name": group[key] or "unknown", "documents": group["n"],
                     "p50_ms": percentile(durations, 50), "p95_ms": percentile(durations, 95)})  # fmt: skip
    return rows


def analytics_summary(*, user: AbstractBaseUser, since: date, until: date, everyone: bool = False) -> dict:
    documents = _documents(user=user, since=since, until=until, everyone=everyone)
    totals = documents.aggregate(
        documents=Count("id"),
        succeeded=Count("id", filter=Q(status=Document.Status.SUCCEEDED)),
        failed=Count("id", filter=Q(status=Document.Status.FAILED)),
        batches=Count("batch", distinct=True),
        pages=Coalesce(Sum(Cast(KT("meta__pages"), IntegerField())), 0),
        prompt_tokens=Coalesce(Sum(Cast(KT("meta__tokens__prompt"), IntegerField())), 0),
        completion_tokens=Coalesce(Sum(Cast(KT("meta__tokens__completion"), IntegerField())), 0),
    )
    done = totals["succeeded"] + totals["failed"]
    totals["success_rate"] = round(totals["succeeded"] / done, 4) if done else None
    per_day = list(
        documents.annotate(day=TruncDate("finished_at"))
        .values("day")
        .annotate(documents=Count("id"), failed=Count("id", filter=Q(status=Document.Status.FAILED)))
        .order_by("day")
    )
    failures = list(
        documents.filter(status=Document.Status.FAILED)
        .values("error_code").annotate(documents=Count("id")).order_by("-documents", "error_code")
    )  # fmt: skip
    failing_types = list(
        documents.filter(status=Document.Status.FAILED)
        .values("content_type").annotate(documents=Count("id")).order_by("-documents", "content_type")[:10]
    )  # fmt: skip
    engines = list(
        documents.filter(status=Document.Status.SUCCEEDED)
        .annotate(engine=KT("meta__engine"))
        .values("engine")
        .annotate(documents=Count("id"),
                  tokens=Coalesce(Sum(Cast(KT("meta__tokens__prompt"), IntegerField())), 0)
                  + Coalesce(Sum(Cast(KT("meta__tokens__completion"), IntegerField())), 0))
        .order_by("engine")
    )  # fmt: skip
    return {
        "since": since,
        "until": until,
        "totals": totals,
        "per_day": per_day,
        "by_processor": _timings(documents, "batch__processor"),
        "by_document_type": _timings(documents.filter(status=Document.Status.SUCCEEDED), "document_type"),
        "failures": failures,
        "failing_types": failing_types,
        "engines": engines,
    }
