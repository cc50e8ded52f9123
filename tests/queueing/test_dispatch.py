from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from batches.models import Batch
from queueing import services
from queueing.models import Job
from tests.batches.factories import BatchFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(sent_messages, settings) -> list[int]:
    """Job ids handed to the broker, one job per message (shared messages: ``messages``)."""
    settings.QUEUE_MESSAGE_MAX_JOBS = 1
    return sent_messages.job_ids


@pytest.fixture
def messages(sent_messages) -> list[list[int]]:
    """Messages handed to the broker, as the job ids each carries."""
    return sent_messages.messages


def _jobs(owner, n: int, *, batch=None, priority: int = 0, batch_size: int | None = None) -> list[Job]:
    batch = batch or BatchFactory(owner=owner, status=Batch.Status.QUEUED, total_documents=n)
    services.jobs_create(
        kind=Job.Kind.DOCUMENT,
        owner_id=owner.pk,
        batch_id=batch.pk,
        targets=range(n),
        priority=priority,
        batch_size=batch_size or n,
    )
    return list(Job.objects.filter(batch=batch).order_by("id"))


def test_dispatch_caps_jobs_in_flight_per_owner(settings, sent):
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 4
    big_owner, small_owner = UserFactory(), UserFactory()
    big = _jobs(big_owner, 10)
    small = _jobs(small_owner, 2)
    # when
    released = services.dispatch()
    # then: the big batch cannot take every slot; the small one starts at once
    assert released == 6
    assert sorted(sent) == sorted([j.pk for j in big[:4]] + [j.pk for j in small])
    assert Job.objects.filter(owner=big_owner, state=Job.State.QUEUED).count() == 4
    assert Job.objects.filter(owner=big_owner, state=Job.State.WAITING).count() == 6
    # and a second dispatch releases nothing until one finishes
    assert services.dispatch() == 0


def test_dispatch_releases_the_next_job_when_one_finishes(settings, sent):
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 2
    owner = UserFactory()
    jobs = _jobs(owner, 3)
    services.dispatch()
    job = services.job_claim(job_id=jobs[0].pk, worker="w1")
    # when
    services.job_succeed(job=job)
    # then
    assert sent == [jobs[0].pk, jobs[1].pk, jobs[2].pk]
    assert Job.objects.get(pk=jobs[0].pk).state == Job.State.SUCCEEDED


def test_dispatch_orders_by_priority_then_smaller_batches(settings, sent):
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 1
    owner = UserFactory()
    large = _jobs(owner, 1, batch_size=500)
    urgent = _jobs(owner, 1, priority=5, batch_size=900)
    small = _jobs(owner, 1, batch_size=3)
    services.dispatch()
    assert sent == [urgent[0].pk]
    services.job_succeed(job=services.job_claim(job_id=urgent[0].pk))
    services.job_succeed(job=services.job_claim(job_id=small[0].pk))
    assert sent == [urgent[0].pk, small[0].pk, large[0].pk]


def test_dispatch_skips_held_jobs_and_future_retries_until_released(sent):
    owner = UserFactory()
    held = _jobs(owner, 2)
    later = _jobs(owner, 1)
    Job.objects.filter(pk=later[0].pk).update(run_after=timezone.now() + timedelta(minutes=5))
    assert services.jobs_hold(batch_id=held[0].batch_id) == 2
    assert services.dispatch() == 0
    assert services.release_next(owner_id=owner.pk) is False
    assert sent == []
    # when
    assert services.jobs_release_held(batch_id=held[0].batch_id) == 2
    # then
    assert services.dispatch() == 2
    assert sorted(sent) == sorted(j.pk for j in held)


def test_a_held_queued_job_leaves_its_message_which_then_claims_nothing(sent):
    jobs = _jobs(UserFactory(), 2)
    services.dispatch()
    message = Job.objects.get(pk=jobs[0].pk).message
    # when
    services.jobs_hold(batch_id=jobs[0].batch_id)
    # then: the broker's copy of the message, delivered now, finds nothing to run
    assert services.jobs_claim(job_ids=[j.pk for j in jobs], worker="w", message=message) == ([], [])
    assert services.job_claim(job_id=jobs[0].pk) is None
    assert set(
        Job.objects.filter(pk__in=[j.pk for j in jobs]).values_list("state", "message", "attempts")
    ) == {(Job.State.HELD, None, 0)}


def test_claim_takes_a_queued_job_once_with_a_lease(sent):
    job = _jobs(UserFactory(), 1)[0]
    services.dispatch()
    claimed = services.job_claim(job_id=job.pk, worker="w1")
    assert claimed.state == Job.State.RUNNING
    assert claimed.attempts == 1
    assert claimed.worker == "w1"
    assert claimed.lease_expires_at > timezone.now()
    # a duplicate message while the lease holds is dropped
    assert services.job_claim(job_id=job.pk, worker="w2") is None
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_claim_ignores_waiting_finished_and_missing_jobs(sent):
    job = _jobs(UserFactory(), 1)[0]
    assert services.job_claim(job_id=job.pk) is None  # still waiting: a stale message
    assert services.job_claim(job_id=987654) is None
    services.dispatch()
    services.job_succeed(job=services.job_claim(job_id=job.pk))
    assert services.job_claim(job_id=job.pk) is None


def test_retry_later_backs_off_then_gives_up(sent):
    job = _jobs(UserFactory(), 1)[0]
    services.dispatch()
    for attempt in range(1, 4):
        claimed = services.job_claim(job_id=job.pk)
        assert claimed.attempts == attempt
        retried = services.job_retry_later(job=claimed, code="engine_rate_limited", message="429")
        if attempt < 3:
            assert retried is True
            waiting = Job.objects.get(pk=job.pk)
            assert waiting.state == Job.State.WAITING
            assert waiting.run_after > timezone.now()
            assert waiting.last_error_code == "engine_rate_limited"
            Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
            services.dispatch()
        else:
            assert retried is False  # out of attempts: the caller fails it for good


def test_dispatch_respects_a_queue_concurrency_limit(settings, sent):
    settings.QUEUES = {**settings.QUEUES, "exports": {**settings.QUEUES["exports"], "concurrency": 1}}
    owner = UserFactory()
    batch = BatchFactory(owner=owner, status=Batch.Status.COMPLETED)
    services.jobs_create(
        kind=Job.Kind.EXPORT, owner_id=owner.pk, batch_id=batch.pk, targets=["e1", "e2"], queue="exports"
    )
    services.jobs_create(kind=Job.Kind.DOCUMENT, owner_id=owner.pk, batch_id=batch.pk, targets=[1])
    assert services.dispatch() == 2  # one export (the queue's limit) and the document
    assert Job.objects.filter(queue="exports", state=Job.State.QUEUED).count() == 1
    first = Job.objects.get(queue="exports", state=Job.State.QUEUED)
    services.job_succeed(job=services.job_claim(job_id=first.pk))
    assert Job.objects.filter(queue="exports", state=Job.State.QUEUED).count() == 1
    assert Job.objects.filter(queue="exports", state=Job.State.SUCCEEDED).count() == 1


def test_a_job_the_broker_refused_goes_back_to_waiting(monkeypatch):
    from batchsite.celery import app

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(app, "send_task", broker_down)
    job = _jobs(UserFactory(), 1)[0]
    services.dispatch()
    job.refresh_from_db()
    assert (job.state, job.enqueued_at, job.message) == (Job.State.WAITING, None, None)


def test_a_shared_message_carries_every_job_but_logs_a_short_summary(settings, monkeypatch):
    """Celery logs a message's ``argsrepr``; 250 ids would make every "received" line a page long."""
    from batchsite.celery import app

    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 1
    published = []
    monkeypatch.setattr(
        app.amqp, "send_task_message", lambda producer, name, message, **options: published.append(message)
    )
    jobs = _jobs(UserFactory(), 40)
    # when
    services.dispatch()
    # then
    (message,) = published
    assert message.body[0] == [[j.pk for j in jobs]]
    assert message.headers["argsrepr"] == f"[[{jobs[0].pk}, … 40 jobs]]"


def test_each_queue_has_its_own_exchange_and_routing_key():
    """A message for one queue must never be copied into the others."""
    from batchsite.celery import app

    queues = {q.name: (q.exchange.name, q.routing_key) for q in app.conf.task_queues}
    assert queues == {
        "documents": ("documents", "documents"),
        "exports": ("exports", "exports"),
        "maintenance": ("maintenance", "maintenance"),
        "webhooks": ("webhooks", "webhooks"),
    }


def test_small_documents_of_one_batch_share_messages_spread_over_the_free_slots(settings, messages):
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 4
    owner, other = UserFactory(), UserFactory()
    jobs = _jobs(owner, 10)
    big = BatchFactory(owner=owner, status=Batch.Status.QUEUED)
    large = services.jobs_create(
        kind=Job.Kind.DOCUMENT,
        owner_id=owner.pk,
        batch_id=big.pk,
        targets=["L"],
        batch_size=50,
        sizes={"L": settings.QUEUE_MESSAGE_SMALL_BYTES + 1},
    )
    theirs = _jobs(other, 2)
    # when
    released = services.dispatch()
    # then: the owner's four slots carry all eleven jobs, the ten small ones in shrinking
    # messages (the last ones sent are the small ones) and the large document alone; the
    # other owner's two jobs take two of theirs (spread, so two workers can run them)
    assert large == 1
    assert released == 6
    mine = [m for m in messages if m[0] in {j.pk for j in jobs}]
    assert [len(m) for m in mine] == [4, 4, 2]
    assert [pk for m in mine for pk in m] == [j.pk for j in jobs]
    assert [Job.objects.get(batch=big).pk] in messages
    assert [[j.pk] for j in theirs] == [m for m in messages if m[0] in {j.pk for j in theirs}]
    assert services.dispatch() == 0  # the owner is at the cap: four messages in flight


def test_one_release_that_holds_a_whole_batch_sends_shrinking_messages(settings, messages):
    """The broker hands messages out in order: the last ones decide when the batch ends."""
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 4
    jobs = _jobs(UserFactory(), 100)
    # when
    services.dispatch()
    # then
    assert [len(m) for m in messages] == [40, 30, 20, 10]
    assert [pk for m in messages for pk in m] == [j.pk for j in jobs]


def test_a_backlog_larger_than_one_release_goes_in_equal_full_messages(settings, messages):
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 4
    settings.QUEUE_MESSAGE_MAX_JOBS = 10
    owner = UserFactory()
    _jobs(owner, 100)
    # when
    services.dispatch()
    # then: shrinking would leave jobs behind that the free slots could carry
    assert [len(m) for m in messages] == [10, 10, 10, 10]
    assert Job.objects.filter(owner=owner, state=Job.State.WAITING).count() == 60


def test_documents_of_different_batches_or_kinds_never_share_a_message(settings, messages):
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 5
    owner = UserFactory()
    first = _jobs(owner, 4)
    _jobs(owner, 4)  # a second batch of the same owner
    batch = BatchFactory(owner=owner, status=Batch.Status.COMPLETED)
    services.jobs_create(
        kind=Job.Kind.EXPORT, owner_id=owner.pk, batch_id=batch.pk, targets=["e1", "e2"], queue="exports"
    )
    services.dispatch()
    sent = {pk: (kind, batch_id) for pk, kind, batch_id in Job.objects.values_list("pk", "kind", "batch_id")}
    assert len(messages) == 5
    assert all(len({sent[pk] for pk in m}) == 1 for m in messages)  # one kind and batch per message
    assert any(len(m) > 1 for m in messages)  # small documents of one batch do share
    exports = Job.objects.filter(kind=Job.Kind.EXPORT)
    assert all([j.pk] in messages for j in exports)
    assert {pk for m in messages for pk in m} >= {j.pk for j in first}


def test_a_queue_concurrency_limit_counts_messages_so_small_documents_still_share_one(settings, messages):
    settings.QUEUES = {**settings.QUEUES, "documents": {**settings.QUEUES["documents"], "concurrency": 1}}
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 1
    jobs = _jobs(UserFactory(), 6)
    # when
    services.dispatch()
    # then: the one message the queue allows carries all six, not one
    assert messages == [[j.pk for j in jobs]]
