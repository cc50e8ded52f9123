"""The analytics page on 1,000,000 documents.

Run: .venv/bin/python -m pytest tests/benchmarks/test_analytics_speed.py -s -o addopts=""
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analytics.stats import stats_rollup
from batches.models import Batch, Document
from tests.batches.factories import BatchFactory, UserFactory

DOCUMENTS = int(os.environ.get("ANALYTICS_DOCUMENTS", "1000000"))


@pytest.mark.timeout(3600)
@pytest.mark.django_db(transaction=True)
def test_analytics_page_on_a_million_documents():
    rng = random.Random(1)
    user = UserFactory()
    batches = [
        BatchFactory(owner=user, processor=p, status=Batch.Status.COMPLETED) for p in ("extract", "tabular")
    ]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    started = time.perf_counter()
    chunk = []
    for i in range(DOCUMENTS):
        failed = rng.random() < 0.05
        chunk.append(
            Document(
                batch=batches[i % 2],
                position=i,
                original_name=f"{i}.pdf",
                status="failed" if failed else "succeeded",
                document_type="" if failed else ("invoice", "receipt", "resume")[i % 3],
                error_code="corrupt_file" if failed else "",
                duration_ms=rng.randint(5, 5000),
                finished_at=start + timedelta(minutes=i % 129_600),
                meta={"pages": 1 + i % 3},
            )
        )
        if len(chunk) == 20_000:
            Document.objects.bulk_create(chunk)
            chunk = []
    seeded = time.perf_counter() - started
    started = time.perf_counter()
    rolled = stats_rollup()
    rollup_seconds = time.perf_counter() - started
    assert rolled["documents"] == DOCUMENTS
    # what beat does every minute once caught up: the current day again
    started = time.perf_counter()
    stats_rollup()
    incremental = time.perf_counter() - started
    client = Client()
    client.force_login(user)
    timings = []
    for _ in range(5):
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(
                    reverse("analytics:analytics"), {"from": "2025-01-01", "to": "2025-03-31"}
                ).status_code
                == 200
            )
        timings.append((time.perf_counter() - began) * 1000)
    if os.environ.get("ANALYTICS_PROFILE"):
        from analytics.models import BatchDayStats, DailyStats, DurationStats

        for label, queryset in (
            (
                "daily",
                DailyStats.objects.filter(owner=user, day__gte="2025-01-01", day__lte="2025-03-31")
                .values("processor", "status")
                .annotate(n=Sum("documents")),
            ),
            (
                "durations",
                DurationStats.objects.filter(
                    owner=user, day__gte="2025-01-01", day__lte="2025-03-31"
                ).values_list("counts"),
            ),
            (
                "batches",
                BatchDayStats.objects.filter(owner=user, day__gte="2025-01-01", day__lte="2025-03-31")
                .values_list("batch_id")
                .distinct(),
            ),
        ):
            began = time.perf_counter()
            count = len(list(queryset))
            print(
                f"  {label}: {count} rows in {(time.perf_counter() - began) * 1000:.0f} ms; "
                f"{queryset.explain()}"
            )
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        client.get(reverse("analytics:analytics"), {"from": "2025-01-01", "to": "2025-03-31"})
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
    for query in slowest:
        print(f"  {float(query['time']) * 1000:.0f} ms  {query['sql'][:300]}")
    print(
        f"\nanalytics on {DOCUMENTS:,} documents (seeded in {seeded:.0f} s; "
        f"first rollup {rollup_seconds:.1f} s over {rolled['days']} days, "
        f"a caught-up rollup {incremental:.2f} s): median {statistics.median(timings):.0f} ms, "
        f"max {max(timings):.0f} ms, {len(queries)} queries"
    )
