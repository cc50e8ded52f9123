"""The queue with real parts: pool processes and workers killed with SIGKILL, Redis flushed or
restarted, fairness under load. Each test counts every job (not a set of them), each document's
attempts and runs, and the output files on disk."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from pathlib import Path

import psutil
import pytest
import redis
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from batches import services
from batches.models import Batch, Document
from batchsite.embedded_redis import ensure_redis, stop_redis
from batchsite.storage import PARTIAL_PREFIX
from queueing import recovery
from queueing.models import Job
from tests.batches.factories import UserFactory
from tests.conftest import assert_counters_match, start_worker, stop_worker, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration, pytest.mark.slow]

TABULAR = {
    "output_format": "json",
    "header_style": "snake",
    "keep_unmapped": True,
    "merge": False,
    "mapping": [],
}


@pytest.fixture
def runs(tmp_path) -> Path:
    """The file the instrumented workers append each document start to."""
    return tmp_path / "runs.log"


def _crash_worker(name: str, runs: Path, **env: str):
    """A real worker whose pool processes run ``crash_hooks`` (poison and slow documents)."""
    return start_worker(
        name,
        concurrency=2,
        extra_env={
            "DJANGO_SETTINGS_MODULE": "tests.queueing.crash_settings",
            "CRASH_HOOKS_LOG": str(runs),
            **env,
        },
    )


def _submit(owner, names: list[str], batch_name: str) -> Batch:
    """A ``tabular`` batch (each document writes an output file) of small CSV files."""
    draft = services.batch_create_draft(owner=owner)
    for i, name in enumerate(names):
        body = f"sku,qty\nA-{i},1\nB-{i},2\n".encode()
        services.document_add_upload(batch=draft, owner=owner, uploaded=SimpleUploadedFile(name, body))
    return services.batch_submit(
        batch=draft, owner=owner, name=batch_name, strategy="global", processor="tabular", options=TABULAR
    )


def _submit_text(owner, n: int, name: str, *, lines: int = 200) -> Batch:
    draft = services.batch_create_draft(owner=owner)
    for i in range(n):
        body = f"Invoice Number: {name}-{i}\nTotal: {i}.50\n" + "Line of filler text.\n" * lines
        services.document_add_upload(
            batch=draft, owner=owner, uploaded=SimpleUploadedFile(f"{name}-{i}.txt", body.encode())
        )
    return services.batch_submit(
        batch=draft, owner=owner, name=name, strategy="global", global_prompt="fields: invoice_number, total"
    )


def _final(batch: Batch, timeout: float) -> Batch:
    """Wait for the batch's final status; the workers' own heartbeats do all recovery."""
    return wait_for(
        lambda: Batch.objects.filter(pk=batch.pk, status__in=Batch.FINAL_STATUSES).first(),
        timeout=timeout,
        interval=0.2,
        message=f"batch {batch.name} final",
    )


def _kill_a_busy_pool_process(worker) -> int:
    """SIGKILL the pool process (not the worker) that holds running jobs; its pid."""

    def busy_child():
        children = {p.pid for p in psutil.Process(worker.process.pid).children()}
        held = Job.objects.filter(state=Job.State.RUNNING).values_list("worker", flat=True)
        pids = {int(label.rsplit(" ", 1)[1]) for label in held} & children
        return next(iter(pids), None)

    pid = wait_for(busy_child, timeout=30, interval=0.05, message="a pool process holding jobs")
    os.kill(pid, signal.SIGKILL)
    return pid


def _crash_batch_final(runs: Path, name: str, names: list[str], *, timeout: float) -> tuple[Batch, float]:
    """A batch of these files on an instrumented worker of its own: the batch once final, and
    the seconds from its submit."""
    worker = _crash_worker(name, runs)
    try:
        started = time.monotonic()
        batch = _final(_submit(UserFactory(), names, name), timeout=timeout)
        return batch, time.monotonic() - started
    finally:
        stop_worker(worker)


def _assert_each_document_ran_as_often_as_its_attempts(batch: Batch, runs: Path) -> Counter:
    """One job per document; each started at most once per attempt (a step's claimed documents
    that its dead process never reached used an attempt without starting); lost attempts recorded."""
    jobs = Job.objects.filter(batch=batch, kind=Job.Kind.DOCUMENT)
    per_document = Counter(jobs.values_list("target_id", flat=True))
    assert sorted(per_document.values()) == [1] * batch.total_documents  # counted, not a set
    started = Counter(int(line) for line in runs.read_text().split())
    for document in batch.documents.all():
        job = jobs.get(target_id=str(document.pk))
        assert document.attempts == job.attempts, document.original_name
        assert 1 <= started[document.pk] <= job.attempts, (document.original_name, started[document.pk])
        if job.attempts == 1:
            assert job.last_error_code == ""
        else:
            assert job.last_error_code == "worker_lost"
    return Counter(jobs.values_list("attempts", flat=True))


def _assert_no_orphaned_output(batch: Batch) -> None:
    recorded = {o["path"] for d in batch.documents.all() for o in d.outputs}
    folder = f"outputs/{batch.pk}"
    # a process killed while writing leaves its hidden ".partial-" file (never published under the
    # output's name: the storage is atomic); it is no output
    names = [name for name in default_storage.listdir(folder)[1] if not name.startswith(PARTIAL_PREFIX)]
    stored = {f"{folder}/{name}" for name in names}
    assert stored == recorded
    assert len(recorded) == batch.succeeded_count


def test_a_killed_pool_process_is_recovered_in_seconds_and_nothing_runs_twice(runs):
    """Issue 17: the held documents waited for their lease (371 s after the last kill)."""
    worker = _crash_worker("pool-kill", runs)
    try:
        batch = _submit(UserFactory(), [f"doc-{i}-slow0.04.csv" for i in range(300)], "pool-kill")
        wait_for(lambda: Batch.objects.get(pk=batch.pk).done_count >= 40, timeout=120, message="40 done")
        _kill_a_busy_pool_process(worker)
        wait_for(lambda: Batch.objects.get(pk=batch.pk).done_count >= 120, timeout=120, message="120 done")
        # when: a second pool process dies mid-document
        _kill_a_busy_pool_process(worker)
        last_kill = time.monotonic()
        batch = _final(batch, timeout=120)
        recovered_in = time.monotonic() - last_kill
    finally:
        stop_worker(worker)
    print(f"\nlast pool-process kill → batch final: {recovered_in:.1f} s")
    # then
    assert recovered_in <= 30
    assert (batch.status, batch.succeeded_count) == (Batch.Status.COMPLETED, 300)
    assert_counters_match(batch)
    attempts = _assert_each_document_ran_as_often_as_its_attempts(batch, runs)
    assert set(attempts) == {1, 2}  # the two kills each cost the documents they held one attempt
    _assert_no_orphaned_output(batch)


def test_a_file_that_kills_its_worker_fails_after_three_attempts_without_waiting(runs):
    names = [f"ok-{i}-slow0.02.csv" for i in range(20)]
    names.insert(7, "poison.csv")
    batch, took = _crash_batch_final(runs, "poison", names, timeout=90)
    print(f"\npoison file failed after three lost attempts: batch final {took:.1f} s after submit")
    assert took <= 45  # three losses, no lease waited out (1,080 s before)
    assert (batch.status, batch.succeeded_count, batch.failed_count) == (
        Batch.Status.COMPLETED_WITH_ERRORS,
        20,
        1,
    )
    poison = batch.documents.get(original_name="poison.csv")
    assert poison.status == Document.Status.FAILED
    assert poison.error_message.startswith("Processing was interrupted 3 times: the worker process stopped")
    assert Job.objects.get(target_id=str(poison.pk)).attempts == 3
    assert_counters_match(batch)
    attempts = _assert_each_document_ran_as_often_as_its_attempts(batch, runs)
    assert attempts[3] == 1  # only the poison file used all three; its first step's neighbours one more
    _assert_no_orphaned_output(batch)


def test_a_run_that_raises_gives_its_documents_back_at_once(runs):
    """A database error out of a message's run (a deadlock, a dropped connection): the process
    lives on, and its heartbeat renewed the held jobs' leases for ever; the batch never ended."""
    names = [f"ok-{i}.csv" for i in range(6)]
    names.insert(2, "dberror.csv")
    batch, took = _crash_batch_final(runs, "raises", names, timeout=60)
    print(f"\na run that raised: batch final {took:.1f} s after submit")
    assert took <= 20
    assert (batch.status, batch.succeeded_count) == (Batch.Status.COMPLETED, 7)
    raised = batch.documents.get(original_name="dberror.csv")
    job = Job.objects.get(target_id=str(raised.pk))
    assert (raised.attempts, job.attempts) == (2, 2)
    assert "OperationalError: deadlock detected" in job.last_error_message
    assert_counters_match(batch)
    _assert_each_document_ran_as_often_as_its_attempts(batch, runs)
    _assert_no_orphaned_output(batch)


def test_a_long_document_keeps_its_lease_and_runs_once(runs, settings):
    # leases far shorter than the document: only the heartbeat's renewals keep it with its process
    fast = {"QUEUE_LEASE_SECONDS": "2", "QUEUE_HEARTBEAT_SECONDS": "0.5", "QUEUE_RECOVER_EVERY_SECONDS": "1"}
    settings.QUEUE_LEASE_SECONDS = 2
    worker = _crash_worker("long", runs, **fast)
    try:
        batch = _submit(UserFactory(), ["long-slow7.csv", "short.csv"], "long")
        # the test process reaps too, every half second, as eagerly as it can
        batch = wait_for(
            lambda: (
                recovery.jobs_recover()
                and Batch.objects.filter(pk=batch.pk, status__in=Batch.FINAL_STATUSES).first()
            ),
            timeout=60,
            interval=0.5,
            message="long batch final",
        )
    finally:
        stop_worker(worker)
    assert (batch.status, batch.succeeded_count) == (Batch.Status.COMPLETED, 2)
    attempts = _assert_each_document_ran_as_often_as_its_attempts(batch, runs)
    assert attempts == Counter({1: 2})


def test_a_whole_worker_killed_mid_batch_is_recovered_by_another(runs, settings):
    settings.QUEUE_LEASE_SECONDS = 5
    short = {"QUEUE_LEASE_SECONDS": "5"}
    first = _crash_worker("doomed", runs, **short)
    batch = _submit(UserFactory(), [f"w-{i}-slow0.03.csv" for i in range(200)], "kill")
    # when: the whole worker (parent and children) dies with SIGKILL mid-batch
    wait_for(lambda: Batch.objects.get(pk=batch.pk).done_count >= 30, timeout=120, message="30 done")
    os.killpg(first.process.pid, signal.SIGKILL)
    first.process.wait()
    killed = time.monotonic()
    assert Batch.objects.get(pk=batch.pk).done_count < 200
    second = _crash_worker("rescuer", runs, **short)
    try:
        batch = _final(batch, timeout=120)
        recovered_in = time.monotonic() - killed
    finally:
        stop_worker(second)
    print(f"\nwhole worker killed → batch final on another worker: {recovered_in:.1f} s")
    # then: every document terminal exactly once, counters equal to the documents' states
    assert recovered_in <= 45
    assert (batch.status, batch.succeeded_count) == (Batch.Status.COMPLETED, 200)
    assert_counters_match(batch)
    _assert_each_document_ran_as_often_as_its_attempts(batch, runs)
    _assert_no_orphaned_output(batch)


def test_a_flushed_broker_is_recovered_within_a_minute_also_for_waiting_batches(runs, settings):
    """Issue 17: jobs whose messages sat in the broker waited QUEUE_RESEND_QUEUED_AFTER_SECONDS (600 s)."""
    owner = UserFactory()
    worker = _crash_worker("flush", runs)
    try:
        first = _submit(owner, [f"a-{i}-slow0.05.csv" for i in range(150)], "running")
        behind = _submit(owner, [f"b-{i}-slow0.02.csv" for i in range(60)], "behind")
        wait_for(lambda: Batch.objects.get(pk=first.pk).done_count >= 20, timeout=120, message="20 done")
        # the batch behind has messages in the broker: at once, or when the owner's in-flight
        # ceiling lets its first jobs through (on a loaded machine the running batch held every slot)
        wait_for(
            lambda: Job.objects.filter(batch=behind, state=Job.State.QUEUED).exists(),
            timeout=60,
            interval=0.05,
            message="a job of the batch behind queued",
        )
        # when: the broker loses every message (and every other key)
        redis.Redis.from_url(django_settings.CELERY_BROKER_URL).flushall()
        flushed = time.monotonic()
        first, behind = _final(first, timeout=120), _final(behind, timeout=120)
        recovered_in = time.monotonic() - flushed
    finally:
        stop_worker(worker)
    print(f"\nFLUSHALL → both batches final: {recovered_in:.1f} s")
    assert recovered_in <= 60
    for batch, n in ((first, 150), (behind, 60)):
        assert (batch.status, batch.succeeded_count) == (Batch.Status.COMPLETED, n)
        assert_counters_match(batch)
        assert set(_assert_each_document_ran_as_often_as_its_attempts(batch, runs)) == {1}
        _assert_no_orphaned_output(batch)


def test_redis_restart_mid_batch_and_the_batch_completes(settings):
    owner = UserFactory()
    worker = start_worker("restart", concurrency=2)
    try:
        batch = _submit_text(owner, 60, "restart")
        wait_for(lambda: Batch.objects.get(pk=batch.pk).done_count >= 5, timeout=60, message="5 done")
        # when: Redis goes away for a moment and comes back on the same port
        stop_redis(settings.VAR_DIR)
        time.sleep(2)
        assert ensure_redis(settings.VAR_DIR) == settings.REDIS_URL
        batch = _final(batch, timeout=120)
    finally:
        stop_worker(worker)
    assert batch.status == Batch.Status.COMPLETED
    assert batch.succeeded_count == 60
    assert_counters_match(batch)
    assert (
        sorted(
            Counter(
                Job.objects.filter(batch=batch, kind=Job.Kind.DOCUMENT).values_list("target_id", flat=True)
            ).values()
        )
        == [1] * 60
    )


def test_small_batch_of_another_user_is_not_starved_by_a_huge_one():
    worker = start_worker("fair", concurrency=2)
    try:
        # longer documents: a thousand short ones are all done within the small batch's few seconds
        huge = _submit_text(UserFactory(), 1000, "huge", lines=3000)
        wait_for(lambda: Batch.objects.get(pk=huge.pk).done_count >= 10, timeout=60, message="huge started")
        # when
        started = time.monotonic()
        small = _submit_text(UserFactory(), 3, "small")
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
        huge = _final(huge, timeout=60)
        wait_for(
            lambda: Batch.objects.get(pk=huge.pk).processing_count == 0,
            timeout=30,
            message="running ones end",
        )
    finally:
        stop_worker(worker)
    assert_counters_match(small)
    assert_counters_match(huge)
