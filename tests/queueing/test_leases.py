"""Leases, heartbeats and the reaper without worker processes: the rules one by one.

(The same scenarios with real processes killed: ``test_recovery.py``.)
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta

import pytest
import redis
from django.conf import settings as django_settings
from django.utils import timezone

from batches.models import Batch
from batchsite.celery import app
from queueing import recovery, services
from queueing.broker import broker_messages
from queueing.heartbeat import live_pids
from queueing.models import Job
from tests.batches.factories import BatchFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(sent_messages) -> list[list[int]]:
    """Messages handed to the broker, as the job ids each carries."""
    return sent_messages.messages


@pytest.fixture
def broker():
    """The test Redis as the broker, emptied before and after (no message outlives the test)."""
    client = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    client.flushdb()
    yield client
    client.flushdb()


def _running(n: int, *, worker: str, sent) -> list[Job]:
    owner = UserFactory()
    batch = BatchFactory(owner=owner, status=Batch.Status.PROCESSING, total_documents=n)
    services.jobs_create(kind=Job.Kind.DOCUMENT, owner_id=owner.pk, batch_id=batch.pk, targets=range(n))
    services.dispatch()
    for job in Job.objects.filter(batch=batch):
        assert services.job_claim(job_id=job.pk, worker=worker)
    sent.clear()
    return list(Job.objects.filter(batch=batch).order_by("pk"))


def test_a_dead_pool_process_jobs_go_alone_at_the_next_heartbeat_with_the_attempt_recorded(sent, broker):
    live, dead = services.worker_label("node-a", 101), services.worker_label("node-a", 102)
    kept = _running(2, worker=live, sent=sent)
    lost = _running(3, worker=dead, sent=sent)
    other_node = _running(1, worker=services.worker_label("node-b", 102), sent=sent)
    Job.objects.update(lease_expires_at=timezone.now() + timedelta(seconds=1))
    # when: node-a's heartbeat finds process 102 gone
    result = recovery.node_heartbeat(node="node-a", live_pids=lambda: [101])
    # then: each job it held is queued again in a message of its own; the live one's leases renewed
    assert result == {"renewed": 2, "lost": 3}
    assert sorted(sent) == [[job.pk] for job in lost]
    for job in Job.objects.filter(pk__in=[j.pk for j in lost]):
        assert (job.state, job.attempts, job.last_error_code) == (Job.State.QUEUED, 1, "worker_lost")
        assert job.last_error_message == "Attempt 1 was interrupted: the worker process stopped."
    for job in Job.objects.filter(pk__in=[j.pk for j in kept]):
        assert job.state == Job.State.RUNNING
        assert job.lease_expires_at > timezone.now() + timedelta(
            seconds=django_settings.QUEUE_LEASE_SECONDS - 2
        )
    assert Job.objects.get(pk=other_node[0].pk).state == Job.State.RUNNING  # another node's process 102
    assert "node-a" in recovery.nodes_seen()


def test_a_running_job_is_never_claimed_again(sent):
    job = _running(1, worker=services.worker_label("node-a", 101), sent=sent)[0]
    Job.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=60))
    # a redelivered message, even long after the lease: the job stays with its process
    assert services.job_claim(job_id=job.pk, worker="another") is None
    assert Job.objects.get(pk=job.pk).worker == services.worker_label("node-a", 101)


def test_the_reaper_leaves_a_lapsed_lease_to_a_node_still_beating(sent, broker):
    job = _running(1, worker=services.worker_label("node-a", 101), sent=sent)[0]
    Job.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    broker.zadd(recovery.NODES_KEY, {"node-a": time.time()})  # its database renewals failed; Redis works
    assert recovery.jobs_recover()["lease_expired"] == 0
    assert Job.objects.get(pk=job.pk).state == Job.State.RUNNING
    # when: the node falls silent for a lease
    broker.zadd(recovery.NODES_KEY, {"node-a": time.time() - django_settings.QUEUE_LEASE_SECONDS - 1})
    assert recovery.jobs_recover()["lease_expired"] == 1
    job.refresh_from_db()
    assert (job.state, job.last_error_code) == (Job.State.QUEUED, "worker_lost")
    assert sent == [[job.pk]]


def test_a_file_that_kills_its_worker_fails_on_the_third_loss_without_waiting(sent, broker):
    node = "node-a"
    job = _running(1, worker=services.worker_label(node, 1), sent=sent)[0]
    for attempt in range(2, 4):
        # its process dies; the next heartbeat resends it and the next process claims it
        recovery.node_heartbeat(node=node, live_pids=lambda: [])
        claimed = services.job_claim(job_id=job.pk, worker=services.worker_label(node, attempt))
        assert claimed.attempts == attempt
    recovery.node_heartbeat(node=node, live_pids=lambda: [])
    final = services.job_claim(job_id=job.pk, worker=services.worker_label(node, 9))
    assert final.state == Job.State.FAILED
    assert final.last_error_code == "worker_lost"
    assert final.last_error_message.startswith(
        "Processing was interrupted 3 times: the worker process stopped"
    )


def test_queued_jobs_the_broker_lost_are_sent_again_together_and_only_once(broker, settings):
    owner = UserFactory()
    batch = BatchFactory(owner=owner, status=Batch.Status.QUEUED, total_documents=10)
    services.jobs_create(kind=Job.Kind.DOCUMENT, owner_id=owner.pk, batch_id=batch.pk, targets=range(10))
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 1
    services.dispatch()  # through the real broker: one message carries the ten
    first = set(Job.objects.filter(batch=batch).values_list("message", flat=True))
    assert len(first) == 1
    assert set(broker_messages(["documents"])) == first
    Job.objects.filter(batch=batch).update(enqueued_at=timezone.now() - timedelta(seconds=30))
    assert recovery.messages_resend_missing() == 0  # the broker holds it
    # when: the broker loses everything
    broker.flushdb()
    resent = recovery.messages_resend_missing()
    # then: the ten go again in one new message, which the broker now holds
    assert resent == 10
    second = set(Job.objects.filter(batch=batch).values_list("message", flat=True))
    assert len(second) == 1 and second != first
    assert set(broker_messages(["documents"])) == second
    assert recovery.messages_resend_missing() == 0
    # and the old message, were it delivered after all, claims nothing
    jobs, spent = services.jobs_claim(
        job_ids=list(Job.objects.filter(batch=batch).values_list("pk", flat=True)),
        worker="w",
        message=first.pop(),
    )
    assert (jobs, spent) == ([], [])


def test_one_reaper_pass_per_interval_for_the_whole_deployment(broker, settings):
    settings.QUEUE_RECOVER_EVERY_SECONDS = 1
    assert recovery.reaper_last_pass_age() is None
    assert recovery.reaper_pass_if_due() is not None
    assert recovery.reaper_pass_if_due() is None  # another worker's heartbeat, same interval
    assert recovery.reaper_last_pass_age() < 1
    time.sleep(1.1)
    assert recovery.reaper_pass_if_due() is not None


def test_a_dead_process_not_yet_reaped_counts_as_dead():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    time.sleep(0.5)  # it exited; nobody waited for it: a zombie

    class Pool:
        class _pool:
            _pool = [child]

    try:
        assert live_pids(Pool) == []
    finally:
        child.wait()


def test_a_message_carries_its_ledger_id_as_task_id(broker):
    owner = UserFactory()
    batch = BatchFactory(owner=owner, status=Batch.Status.QUEUED, total_documents=1)
    services.jobs_create(kind=Job.Kind.DOCUMENT, owner_id=owner.pk, batch_id=batch.pk, targets=[1])
    services.dispatch()
    job = Job.objects.get(batch=batch)
    assert broker_messages(["documents"]) == {job.message: None}
    assert app.conf.task_reject_on_worker_lost and app.conf.task_acks_late
