"""The hot cache on and off at 10,000 documents: p50/p95 latency of the status endpoint, the batch page
(a page of rows deep in the batch), the API's batch status (not cached: the figure shows why) and the
analytics page, polled while a
worker's updates (claim, then finish, through the real services) land every few requests; the hit rate.

Run: .venv/bin/python -m pytest tests/benchmarks/test_hot_cache.py -s -o addopts=""
(HOT_CACHE_ROUNDS, default 150: rounds of the four requests per setting; an update every
HOT_CACHE_UPDATE_EVERY rounds, default 5.)
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.tokens import api_token_create
from batches import hot_cache, progress
from batches.models import Batch, Document
from batches.services.processing import document_claim, document_finish
from tests.batches.factories import BatchFactory, UserFactory

DOCUMENTS = 10_000
ROUNDS = int(os.environ.get("HOT_CACHE_ROUNDS", "150"))
UPDATE_EVERY = int(os.environ.get("HOT_CACHE_UPDATE_EVERY", "5"))


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1]


def _seed() -> tuple[Batch, object]:
    user = UserFactory()
    batch = BatchFactory(
        owner=user,
        status=Batch.Status.PROCESSING,
        total_documents=DOCUMENTS,
        succeeded_count=4_000,
        started_at=timezone.now(),
    )
    finished = timezone.now() - timedelta(minutes=5)
    Document.objects.bulk_create(
        [
            Document(
                batch=batch,
                position=i,
                original_name=f"doc-{i}.pdf",
                status="succeeded" if i < 4000 else "queued",
                document_type="invoice" if i < 4000 else "",
                finished_at=finished if i < 4000 else None,
                duration_ms=5 + i % 300 if i < 4000 else None,
                queued_at=finished,
            )
            for i in range(DOCUMENTS)
        ],
        batch_size=2000,
    )
    return batch, user


def _requests(batch: Batch, user) -> dict[str, tuple[str, dict, dict]]:
    token = api_token_create(user=user, name="bench")[1]
    today = timezone.localdate().isoformat()
    return {
        "status.json": (reverse("batches:status", args=[batch.pk]), {}, {}),
        "batch page (page 50)": (reverse("batches:detail", args=[batch.pk]), {"page": 50}, {}),
        "API batch status": (f"/api/v1/batches/{batch.pk}", {}, {"HTTP_AUTHORIZATION": f"Bearer {token}"}),
        "analytics": (reverse("analytics:analytics"), {"from": today, "to": today}, {}),
    }


@pytest.mark.timeout(1800)
@pytest.mark.django_db(transaction=True)
def test_hot_cache_on_and_off_at_10000_documents():
    batch, user = _seed()
    queued = list(batch.documents.filter(status="queued").order_by("-position").values_list("pk", flat=True))
    client = Client()
    client.force_login(user)
    requests = _requests(batch, user)
    timings = {enabled: {name: [] for name in requests} for enabled in (False, True)}
    hot_cache.hot_cache_clear()
    hot_cache.counter.hits = hot_cache.counter.misses = 0
    # Off and on take turns within each round, so both meet the same load on a shared machine.
    for round_ in range(ROUNDS):
        if round_ % UPDATE_EVERY == UPDATE_EVERY - 1:  # a worker moves a document on
            document = document_claim(document_id=queued.pop())
            document_finish(document=document, status=Document.Status.SUCCEEDED, fields={}, duration_ms=7)
        for name, (url, query, headers) in requests.items():
            for enabled in (False, True):
                with override_settings(HOT_CACHE=enabled):
                    started = time.perf_counter()
                    assert client.get(url, query, **headers).status_code == 200
                    timings[enabled][name].append((time.perf_counter() - started) * 1000)
    hits, misses = hot_cache.counter.hits, hot_cache.counter.misses
    progress.flush()
    off, on = timings[False], timings[True]
    print(
        f"\nhot cache at {DOCUMENTS:,} documents: {ROUNDS} rounds, off and on in turn, an update every "
        f"{UPDATE_EVERY} rounds ({ROUNDS // UPDATE_EVERY} claims + finishes)"
    )
    print(f"{'request':<24}{'off p50':>10}{'off p95':>10}{'on p50':>10}{'on p95':>10}")
    for name in off:
        print(
            f"{name:<24}{_p(off[name], 50):>8.1f}ms{_p(off[name], 95):>8.1f}ms"
            f"{_p(on[name], 50):>8.1f}ms{_p(on[name], 95):>8.1f}ms"
        )
    print(f"hit rate (cache on): {hits / (hits + misses):.1%} ({hits} hits, {misses} misses)")
    assert hits + misses == ROUNDS * 3  # the API's status is read from its batch row, never cached
