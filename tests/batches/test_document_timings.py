"""Each document's own processing time and its wait in the queue, on the page, the API and analytics.

Documents that share a broker message are claimed and recorded a step at a time; their times
must still be their own, not the step's.
"""

from __future__ import annotations

import csv
import io
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from analytics.stats import stats_rollup
from analytics.summary import analytics_summary
from batches import services
from batches.models import Batch, Document
from batches.processing import ProcessingError
from batches.selectors import document_row
from batches.services import document_run, processor_run
from queueing import services as queueing
from tests.batches.factories import UserFactory

pytestmark = pytest.mark.django_db

# Seconds each document spends in its processor (the last one fails after its time).
SLOW = {"0.txt": 0.0, "1.txt": 0.05, "2.txt": 0.1, "3.txt": 0.3, "4.txt": 0.2}
QUEUE_WAIT = 0.25


@pytest.fixture
def slow_processor(monkeypatch):
    """The real processor, after a pause that depends on the file (stands for a bigger file)."""
    real = processor_run.get_processor

    class Slow:
        def __init__(self, inner) -> None:
            self.inner = inner

        def process(self, content, *, filename, options):
            time.sleep(SLOW[filename])
            if filename == "4.txt":
                raise ProcessingError("corrupt_file", "This file could not be read.")
            return self.inner.process(content, filename=filename, options=options)

    # the first document in a process pays for imports: warm up so that only the pauses differ
    real("extract").process(b"Total: 1.00\n", filename="warm.txt", options={"prompt": "total"})
    monkeypatch.setattr(processor_run, "get_processor", lambda name: Slow(real(name)))


@pytest.fixture
def shared_batch(sent_messages, settings, slow_processor) -> Batch:
    """Five documents in one broker message, run in one step after waiting in the queue."""
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 1
    sent = sent_messages.document_messages
    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner)
    for name in SLOW:
        services.document_add_upload(
            batch=draft, owner=owner, uploaded=ContentFile(b"Invoice Number: INV-1\nTotal: 9.50\n"), name=name
        )
    batch = services.batch_submit(
        batch=draft, owner=owner, name="b", strategy="global", global_prompt="total"
    )
    queueing.dispatch()
    assert [len(m) for m in sent] == [5]
    document_run._PACE[batch.pk] = 0.001  # the whole message in one step
    time.sleep(QUEUE_WAIT)
    services.document_run_jobs(job_ids=sent[0], worker="w1")
    document_run._PACE.pop(batch.pk, None)
    return batch


def _own_time(slept: float, duration_ms: int, *, bucket: float = 1.0) -> bool:
    """The document's measured time: its pause plus the processor's few milliseconds (a
    percentile comes from a 5 % histogram bucket: ``bucket=1.05``)."""
    return slept * 1000 <= duration_ms <= (slept * 1000 + 120) * bucket + 1


def test_documents_of_one_message_each_report_their_own_time_and_wait(shared_batch):
    documents = {d.original_name: d for d in shared_batch.documents.all()}
    assert documents["4.txt"].status == Document.Status.FAILED
    for name, slept in SLOW.items():
        assert _own_time(slept, documents[name].duration_ms), (name, documents[name].duration_ms)
        # the wait ends at the step's claim: after the queue wait, before any processing
        assert QUEUE_WAIT * 1000 <= documents[name].wait_ms <= QUEUE_WAIT * 1000 + 500
        row = document_row(documents[name])
        assert (row["duration_ms"], row["wait_ms"]) == (documents[name].duration_ms, documents[name].wait_ms)
    assert len({d.duration_ms for d in documents.values()}) == len(SLOW)
    assert documents["0.txt"].meta["processing_ms"] <= documents["0.txt"].duration_ms


@pytest.mark.parametrize("rolled", [False, True], ids=["live", "rolled-up"])
def test_analytics_percentiles_are_per_document_times(shared_batch, rolled):
    if rolled:
        stats_rollup(now=timezone.now() + timedelta(minutes=5))
    today = timezone.localdate()
    summary = analytics_summary(user=shared_batch.owner, since=today, until=today)
    (row,) = summary["by_processor"]
    # nearest rank of five: p50 is the third (2.txt, 0.1 s), p95 the fifth (3.txt, 0.3 s); 5 % buckets
    assert _own_time(0.1, row["p50_ms"], bucket=1.05), row
    assert _own_time(0.3, row["p95_ms"], bucket=1.05), row
    assert QUEUE_WAIT * 1000 <= row["wait_p50_ms"] <= (QUEUE_WAIT * 1000 + 500) * 1.05
    (by_type,) = summary["by_document_type"]  # succeeded only: 0.txt to 3.txt
    assert _own_time(0.05, by_type["p50_ms"], bucket=1.05), by_type


def test_the_page_the_csv_and_the_api_show_both_times(shared_batch, client):
    client.force_login(shared_batch.owner)
    today = timezone.localdate().isoformat()
    page = client.get(reverse("analytics:analytics"), {"from": today, "to": today}).content.decode()
    assert "Queue wait p50" in page and "Processing p95" in page
    report = client.get(reverse("analytics:analytics"), {"from": today, "to": today, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(report.content.decode())))
    (extract,) = [r for r in rows if r["section"] == "by_processor"]
    assert int(extract["wait_p50_ms"]) >= QUEUE_WAIT * 1000
    detail = client.get(reverse("batches:detail", args=[shared_batch.pk])).content.decode()
    slow = shared_batch.documents.get(original_name="3.txt")
    assert f'<td class="doc-duration">{slow.duration_ms} ms</td>' in detail
    assert f'<td class="doc-wait">{slow.wait_ms} ms</td>' in detail
