"""The queue with real parts: workers killed with SIGKILL, Redis restarted, fairness under load."""

from __future__ import annotations

import os
import signal
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from batches import services
from batches.models import Batch, Document
from batchsite.embedded_redis import ensure_redis, stop_redis
from queueing import services as queueing
from queueing.models import Job
from tests.batches.factories import UserFactory
from tests.conftest import assert_counters_match, start_worker, stop_worker, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration, pytest.mark.slow]

FAST_RECOVERY = {"TASK_TIME_LIMIT": "20", "TASK_SOFT_TIME_LIMIT": "15", "QUEUE_LEASE_MARGIN_SECONDS": "1"}


def _submit(owner, n: int, name: str, *, lines: int = 200) -> Batch:
    draft = services.batch_create_draft(owner=owner)
    for i in range(n):
        body = f"Invoice Number: {name}-{i}\nTotal: {i}.50\n" + "Line of filler text.\n" * lines
        services.document_add_upload(
            batch=draft, owner=owner, uploaded=SimpleUploadedFile(f"{name}-{i}.txt", body.encode())
        )
    return services.batch_submit(
        batch=draft, owner=owner, name=name, strategy="global", global_prompt="fields: invoice_number, total"
    )


def _wait_final(batch: Batch, timeout: float) -> Batch:
    def final():
        queueing.jobs_recover()  # what beat does every few seconds
        return Batch.objects.filter(pk=batch.pk, status__in=Batch.FINAL_STATUSES).first()

    return wait_for(final, timeout=timeout, interval=1.0, message=f"batch {batch.name} final")


def test_worker_killed_mid_batch_loses_and_duplicates_nothing(settings):
    settings.QUEUE_LEASE_MARGIN_SECONDS = 1
    settings.QUEUE_RESEND_QUEUED_AFTER_SECONDS = 3
    settings.QUEUES = {**settings.QUEUES, "documents": {**settings.QUEUES["documents"], "time_limit": 20}}
    owner = UserFactory()
    first = start_worker("doomed", concurrency=2, extra_env=FAST_RECOVERY)
    batch = _submit(owner, 200, "kill")
    # when: the whole worker (parent and children) dies with SIGKILL mid-batch
    wait_for(lambda: Batch.objects.get(pk=batch.pk).succeeded_count >= 20, timeout=120, message="20 done")
    os.killpg(first.process.pid, signal.SIGKILL)
    first.process.wait()
    done_at_kill = Batch.objects.get(pk=batch.pk).succeeded_count
    assert done_at_kill < 200
    second = start_worker("rescuer", concurrency=2, extra_env=FAST_RECOVERY)
    try:
        batch = _wait_final(batch, timeout=240)
    finally:
        stop_worker(second)
    # then: every document terminal exactly once, counters equal to the documents' states
    assert batch.status == Batch.Status.COMPLETED
    assert batch.succeeded_count == 200
    assert_counters_match(batch)
    assert not Document.objects.filter(batch=batch).exclude(status="succeeded").exists()
    jobs = Job.objects.filter(batch=batch)
    assert jobs.filter(state=Job.State.SUCCEEDED).count() == 200
    assert sorted(set(jobs.values_list("target_id", flat=True))) == sorted(
        str(pk) for pk in batch.documents.values_list("pk", flat=True)
    )


def test_redis_restart_mid_batch_and_the_batch_completes(settings):
    # a message Redis lost with its last second of writes is resent this soon (10 min by default)
    settings.QUEUE_RESEND_QUEUED_AFTER_SECONDS = 5
    owner = UserFactory()
    worker = start_worker("restart", concurrency=2)
    try:
        batch = _submit(owner, 60, "restart")
        wait_for(lambda: Batch.objects.get(pk=batch.pk).done_count >= 5, timeout=60, message="5 done")
        # when: Redis goes away for a moment and comes back on the same port
        stop_redis(settings.VAR_DIR)
        time.sleep(2)
        assert ensure_redis(settings.VAR_DIR) == settings.REDIS_URL
        batch = _wait_final(batch, timeout=180)
    finally:
        stop_worker(worker)
    assert batch.status == Batch.Status.COMPLETED
    assert batch.succeeded_count == 60
    assert_counters_match(batch)


def test_small_batch_of_another_user_is_not_starved_by_a_huge_one():
    worker = start_worker("fair", concurrency=2)
    try:
        # longer documents: a thousand short ones are all done within the small batch's few seconds
        huge = _submit(UserFactory(), 1000, "huge", lines=3000)
        wait_for(lambda: Batch.objects.get(pk=huge.pk).done_count >= 10, timeout=60, message="huge started")
        # when
        started = time.monotonic()
        small = _submit(UserFactory(), 3, "small")
        small = wait_for(
            lambda: Batch.objects.filter(pk=small.pk, status=Batch.Status.COMPLETED).first(),
            timeout=60,
            interval=0.1,
            message="small batch done",
        )
        elapsed = time.monotonic() - started
        huge.refresh_from_db()
        # then: the small batch finished in seconds while the huge one was still running
        assert elapsed < 10, elapsed
        assert huge.status == Batch.Status.PROCESSING
        assert huge.done_count < 1000
        services.batch_cancel(batch=huge, actor=huge.owner)
        huge = _wait_final(huge, timeout=60)
        wait_for(
            lambda: Batch.objects.get(pk=huge.pk).processing_count == 0,
            timeout=30,
            message="running ones end",
        )
    finally:
        stop_worker(worker)
    assert_counters_match(small)
    assert_counters_match(huge)
