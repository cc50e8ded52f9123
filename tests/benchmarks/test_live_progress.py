"""Live progress figures: status endpoint and batch page on a 10,000-document batch; messages per
second and finish-to-socket latency during a 1,000-document run.

Run: .venv/bin/python -m pytest tests/benchmarks/test_live_progress.py -s -o addopts=""
"""

from __future__ import annotations

import asyncio
import statistics
import time

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from batches import services
from batches.models import Batch, Document
from batchsite.asgi import application
from tests.batches.factories import BatchFactory, UserFactory
from tests.conftest import start_worker, stop_worker


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


@pytest.mark.django_db(transaction=True)
def test_status_endpoint_and_page_on_a_10000_document_batch():
    user = UserFactory()
    batch = BatchFactory(
        owner=user, status=Batch.Status.PROCESSING, total_documents=10_000, succeeded_count=4_000
    )
    Document.objects.bulk_create(
        [
            Document(
                batch=batch,
                position=i,
                original_name=f"doc-{i}.pdf",
                status="succeeded" if i < 4000 else "queued",
            )
            for i in range(10_000)
        ],
        batch_size=2000,
    )
    client = Client()
    client.force_login(user)
    for name, url in (
        ("status.json", reverse("batches:status", args=[batch.pk])),
        ("batch page", reverse("batches:detail", args=[batch.pk])),
    ):
        timings = []
        for _ in range(200):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            timings.append((time.perf_counter() - started) * 1000)
        print(
            f"\n{name}: p50 {_p(timings, 50):.1f} ms, p95 {_p(timings, 95):.1f} ms, "
            f"{len(queries)} queries (10,000 documents)"
        )


@pytest.mark.django_db(transaction=True)
def test_messages_per_second_and_latency_during_a_1000_document_run():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    draft = services.batch_create_draft(owner=user)
    for i in range(1000):
        services.document_add_upload(
            batch=draft,
            owner=user,
            uploaded=ContentFile(f"Invoice Number: L-{i}\nTotal: {i}.00\n".encode(), name="u"),
            name=f"{i}.txt",
        )
    worker = start_worker("live", concurrency=2, extra_env={"PROGRESS_MIN_INTERVAL_SECONDS": "0.25"})
    seen: dict[int, float] = {}
    arrivals: list[float] = []

    async def watch(batch_id) -> None:
        communicator = WebsocketCommunicator(
            application,
            f"/ws/batches/{batch_id}/",
            headers=[(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1"), (b"cookie", cookie)],
        )
        await communicator.connect(timeout=10)
        await communicator.receive_json_from(timeout=10)
        while True:
            event = await communicator.receive_json_from(timeout=60)
            now = time.time()
            arrivals.append(now)
            for row in event["documents"]:
                if row["status"] == "succeeded":
                    seen.setdefault(row["id"], now)
            if event["batch"] and event["batch"]["done"] == 1000:
                break
        await communicator.disconnect()

    try:
        batch = services.batch_submit(
            batch=draft, owner=user, name="live", strategy="global", global_prompt="fields: total"
        )

        async def bounded() -> None:
            await asyncio.wait_for(watch(batch.pk), 600)

        async_to_sync(bounded)()
    finally:
        stop_worker(worker)
    finished = dict(Document.objects.filter(batch=batch).values_list("pk", "finished_at"))
    latencies = [(seen[pk] - finished[pk].timestamp()) * 1000 for pk in seen]
    duration = arrivals[-1] - arrivals[0]
    print(
        f"\n1,000-document run: {len(arrivals)} socket messages in {duration:.1f} s "
        f"= {len(arrivals) / duration:.1f} msg/s; "
        f"finish→socket latency p50 {_p(latencies, 50):.0f} ms, p95 {_p(latencies, 95):.0f} ms "
        f"({len(seen)} documents seen finishing)"
    )
