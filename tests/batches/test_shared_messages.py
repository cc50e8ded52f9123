"""Small documents of one batch share a broker message: recorded in bulk, exactly once, recoverable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from batches import services
from batches.models import Batch, Document
from batches.processing import ProcessingError
from batches.services import document_run, processor_run
from queueing import recovery
from queueing import services as queueing
from queueing.models import Job
from tests.batches.factories import UserFactory
from tests.conftest import assert_counters_match

pytestmark = pytest.mark.django_db


@pytest.fixture
def messages(sent_messages, settings) -> list[list[int]]:
    """Messages the ledger hands to the broker; the tests deliver them by hand.

    One slot per owner, so a batch travels in one message.
    """
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 1
    document_run._PACE.clear()
    return sent_messages.document_messages


def _around_processing(monkeypatch, *, before=None, after=None):
    """Run ``before(n)`` / ``after(n)`` around the n-th document processed (from 1); returns a
    function that puts the real ``document_process`` back."""
    real = document_run.document_process
    count = [0]

    def hooked(*, document):
        count[0] += 1
        if before:
            before(count[0])
        outcome = real(document=document)
        if after:
            after(count[0])
        return outcome

    monkeypatch.setattr(document_run, "document_process", hooked)
    return lambda: monkeypatch.setattr(document_run, "document_process", real)


def _submitted(n: int, *, owner=None) -> Batch:
    owner = owner or UserFactory()
    draft = services.batch_create_draft(owner=owner)
    for i in range(n):
        body = f"Invoice Number: INV-{i}\nTotal: {i}.50\n".encode()
        services.document_add_upload(
            batch=draft, owner=owner, uploaded=ContentFile(body, name="u"), name=f"{i}.txt"
        )
    batch = services.batch_submit(
        batch=draft, owner=owner, name="b", strategy="global", global_prompt="fields: total"
    )
    queueing.dispatch()  # what the commit hook does
    return batch


class Crash(BaseException):
    """Stands for the worker process dying in the middle of a document."""


def test_small_documents_share_a_message_and_are_recorded_in_bulk(messages):
    batch = _submitted(60)
    assert [len(m) for m in messages] == [60]
    document_run._PACE[batch.pk] = 0.001  # a worker that has run this batch before knows its pace
    # when
    with CaptureQueriesContext(connection) as queries:
        services.document_run_jobs(job_ids=messages[0], worker="w1")
    # then: every document done once, in far fewer queries than documents (bulk claims and writes)
    assert len(queries) < 40
    documents = list(batch.documents.all())
    assert {d.status for d in documents} == {Document.Status.SUCCEEDED}
    assert all(d.result["total"] and d.duration_ms is not None and d.attempts == 1 for d in documents)
    jobs = Job.objects.filter(batch=batch, kind=Job.Kind.DOCUMENT)
    assert set(jobs.values_list("state", flat=True)) == {Job.State.SUCCEEDED}
    batch.refresh_from_db()
    assert (batch.status, batch.succeeded_count) == (Batch.Status.COMPLETED, 60)
    assert_counters_match(batch)


def test_a_redelivered_message_writes_nothing_twice(messages):
    batch = _submitted(10)
    message = messages[0]
    services.document_run_jobs(job_ids=message, worker="w1")
    before = list(Document.objects.filter(batch=batch).values_list("pk", "status", "finished_at", "attempts"))
    # when: the broker delivers the same message again
    services.document_run_jobs(job_ids=message, worker="w2")
    # then
    after = list(Document.objects.filter(batch=batch).values_list("pk", "status", "finished_at", "attempts"))
    assert after == before
    assert_counters_match(batch)


def test_a_worker_killed_mid_message_loses_and_duplicates_nothing(messages, monkeypatch, settings):
    settings.QUEUE_MESSAGE_MAX_JOBS = 40
    batch = _submitted(40)
    assert [len(m) for m in messages] == [40]
    message = messages.pop()

    def dies_on_the_seventh(n: int) -> None:
        if n == 7:
            raise Crash

    restore = _around_processing(monkeypatch, before=dies_on_the_seventh)
    with pytest.raises(Crash):
        services.document_run_jobs(job_ids=message, worker="doomed")
    restore()
    held = list(Job.objects.filter(batch=batch, state=Job.State.RUNNING).values_list("pk", flat=True))
    assert held  # the step the worker was in
    assert_counters_match(batch)
    # when: the broker redelivers the message to another worker, then the reaper finds the lapsed leases
    services.document_run_jobs(job_ids=message, worker="rescuer")
    assert set(Job.objects.filter(pk__in=held).values_list("state", flat=True)) == {Job.State.RUNNING}
    Job.objects.filter(pk__in=held).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    recovery.jobs_recover()
    assert sorted(pk for m in messages for pk in m) == sorted(held)
    assert all(len(m) == 1 for m in messages)  # each held document alone: it may be the one that kills
    for m in messages:
        services.document_run_jobs(job_ids=m, worker="rescuer")
    # then: every document terminal exactly once
    batch.refresh_from_db()
    assert (batch.status, batch.succeeded_count) == (Batch.Status.COMPLETED, 40)
    assert_counters_match(batch)
    jobs = Job.objects.filter(batch=batch, kind=Job.Kind.DOCUMENT)
    assert jobs.filter(state=Job.State.SUCCEEDED).count() == 40
    assert max(jobs.values_list("attempts", flat=True)) == 2


def test_a_worker_dying_right_after_its_claim_leaves_job_and_document_unclaimed(messages, monkeypatch):
    """The job's claim and its document's commit together: a worker that dies between them used
    to leave the job an attempt ahead of its document."""
    batch = _submitted(1)
    message = messages.pop()

    def then_die(claim):
        def claim_then_die(*args, **kwargs):
            claim(*args, **kwargs)
            raise Crash

        return claim_then_die

    for name in ("job_claim", "jobs_claim"):  # (the single path used job_claim)
        monkeypatch.setattr(queueing, name, then_die(getattr(queueing, name)))
    # when
    with pytest.raises(Crash):
        services.document_run_jobs(job_ids=message, worker="doomed")
    # then
    job, document = Job.objects.get(pk=message[0]), batch.documents.get()
    assert (job.state, job.attempts, job.worker) == (Job.State.QUEUED, 0, "")
    assert (document.status, document.attempts) == (Document.Status.QUEUED, 0)


def test_pause_mid_message_holds_the_rest_and_resume_runs_it(messages, monkeypatch, settings):
    settings.QUEUE_MESSAGE_MAX_JOBS = 30
    batch = _submitted(30)
    message = messages.pop()
    restore = _around_processing(
        monkeypatch, after=lambda n: n == 1 and services.batch_pause(batch=batch, actor=batch.owner)
    )
    services.document_run_jobs(job_ids=message, worker="w1")
    batch.refresh_from_db()
    assert_counters_match(batch)
    assert batch.succeeded_count == 1  # the one step that had started; no new document after the pause
    assert Job.objects.filter(batch=batch, state=Job.State.HELD).count() == 29
    assert Job.objects.filter(batch=batch, state=Job.State.HELD).exclude(attempts=0).count() == 0
    queueing.dispatch()
    assert messages == []  # nothing released for a paused batch
    # when
    restore()
    services.batch_resume(batch=batch, actor=batch.owner)
    for m in list(messages):
        services.document_run_jobs(job_ids=m, worker="w1")
    batch.refresh_from_db()
    assert (batch.status, batch.succeeded_count) == (Batch.Status.COMPLETED, 30)
    assert_counters_match(batch)


def test_cancel_mid_message_stops_it_and_counters_hold(messages, monkeypatch, settings):
    settings.QUEUE_MESSAGE_MAX_JOBS = 20
    batch = _submitted(20)
    message = messages.pop()

    def cancel_during_the_first(n: int) -> None:
        if n == 1:
            services.batch_cancel(batch=batch, actor=batch.owner)

    _around_processing(monkeypatch, before=cancel_during_the_first)
    services.document_run_jobs(job_ids=message, worker="w1")
    batch.refresh_from_db()
    assert batch.status == Batch.Status.CANCELLED
    assert (batch.succeeded_count, batch.cancelled_count, batch.processing_count) == (1, 19, 0)
    assert_counters_match(batch)
    assert not Job.objects.filter(batch=batch, state__in=Job.IN_FLIGHT).exists()


def test_a_message_yields_after_its_time_budget_when_other_work_waits(messages, settings):
    settings.QUEUE_MESSAGE_SECONDS = 0
    batch = _submitted(10)
    message = messages.pop()
    other = _submitted(2)  # another user's work, queued behind this message
    assert messages
    # when: the budget is spent at once, and others wait: only the first document runs
    services.document_run_jobs(job_ids=message, worker="w1")
    # then: the rest wait in the ledger with no attempt spent, and the freed slot sent them again
    batch.refresh_from_db()
    assert batch.succeeded_count == 1
    assert_counters_match(batch)
    rest = Job.objects.filter(batch=batch, kind=Job.Kind.DOCUMENT).exclude(state=Job.State.SUCCEEDED)
    assert rest.count() == 9
    assert set(rest.values_list("attempts", flat=True)) == {0}
    resent = [
        pk
        for m in messages
        for pk in m
        if pk not in set(Job.objects.filter(batch=other).values_list("pk", flat=True))
    ]
    assert sorted(resent) == sorted(rest.values_list("pk", flat=True))
    assert set(batch.documents.exclude(status="succeeded").values_list("status", flat=True)) == {"queued"}


def test_a_message_goes_on_while_nothing_else_waits_up_to_its_ceiling(messages, settings):
    settings.QUEUE_MESSAGE_SECONDS = 0
    batch = _submitted(10)
    services.document_run_jobs(job_ids=messages.pop(), worker="w1")
    batch.refresh_from_db()
    assert (batch.status, batch.succeeded_count) == (Batch.Status.COMPLETED, 10)
    # and past QUEUE_MESSAGE_MAX_SECONDS it gives the rest back even then
    settings.QUEUE_MESSAGE_MAX_SECONDS = 0
    second = _submitted(10)
    services.document_run_jobs(job_ids=messages.pop(0), worker="w1")
    second.refresh_from_db()
    assert second.succeeded_count == 1
    assert_counters_match(second)
    assert (
        Job.objects.filter(batch=second, state=Job.State.WAITING).count() + sum(len(m) for m in messages) >= 9
    )


def test_a_transient_failure_in_a_shared_message_retries_only_that_document(messages, monkeypatch, settings):
    settings.QUEUE_MESSAGE_MAX_JOBS = 5
    batch = _submitted(5)
    message = messages.pop()
    real_process = processor_run.get_processor("extract").process
    flaky = Document.objects.get(pk=Job.objects.get(pk=message[2]).target_id)

    def rate_limited(self, content, *, filename, options):
        if filename == flaky.original_name:
            raise ProcessingError("engine_rate_limited", "The engine asked us to slow down.", transient=True)
        return real_process(content, filename=filename, options=options)

    monkeypatch.setattr(type(processor_run.get_processor("extract")), "process", rate_limited)
    services.document_run_jobs(job_ids=message, worker="w1")
    batch.refresh_from_db()
    assert batch.succeeded_count == 4
    assert_counters_match(batch)
    flaky.refresh_from_db()
    assert (flaky.status, flaky.error_code) == (Document.Status.QUEUED, "engine_rate_limited")
    job = Job.objects.get(pk=message[2])
    assert (job.state, job.attempts) == (Job.State.WAITING, 1)
    assert job.run_after > timezone.now()


def test_a_shared_job_out_of_attempts_fails_with_the_reason(messages, settings):
    settings.QUEUE_MESSAGE_MAX_JOBS = 3
    batch = _submitted(3)
    message = messages.pop()
    Job.objects.filter(pk=message[1]).update(attempts=3)
    services.document_run_jobs(job_ids=message, worker="w1")
    batch.refresh_from_db()
    assert (batch.succeeded_count, batch.failed_count) == (2, 1)
    assert_counters_match(batch)
    failed = Document.objects.get(pk=Job.objects.get(pk=message[1]).target_id)
    assert failed.error_code == "worker_lost"
    assert "3 times" in failed.error_message


def test_two_jobs_for_one_document_in_a_message_process_it_once(messages, settings):
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 1
    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner)
    for i in range(3):
        services.document_add_upload(
            batch=draft, owner=owner, uploaded=ContentFile(b"Total: 1.00", name="u"), name=f"{i}.txt"
        )
    batch = services.batch_submit(
        batch=draft, owner=owner, name="b", strategy="global", global_prompt="fields: total"
    )
    first = batch.documents.order_by("position").first()
    # an operator's requeue (or a retry) can leave a second live job for one document
    queueing.jobs_create(
        kind=Job.Kind.DOCUMENT, owner_id=owner.pk, batch_id=batch.pk, targets=[first.pk], batch_size=3
    )
    queueing.dispatch()
    assert [len(m) for m in messages] == [4]
    document_run._PACE[batch.pk] = 0.001  # all four claimed in one step
    services.document_run_jobs(job_ids=messages.pop(), worker="w1")
    batch.refresh_from_db()
    assert (batch.status, batch.succeeded_count) == (Batch.Status.COMPLETED, 3)
    assert_counters_match(batch)
    first.refresh_from_db()
    assert first.attempts == 1
    states = sorted(Job.objects.filter(target_id=str(first.pk)).values_list("state", flat=True))
    assert states == [Job.State.CANCELLED, Job.State.SUCCEEDED]


def test_bulk_recording_stores_what_the_single_path_stores(messages):
    bodies = [
        "Rechnung Nr. RE-2025-001 — Käufer: „Müller & Söhne“\nTotal: 1.234,50 €\n",
        'Invoice Number: "INV-7"\nDate: 2025-03-04\nTotal: $12.50\n\\path\\with\\backslashes',
    ]
    shared, single = UserFactory(), UserFactory()
    batches = {}
    for owner in (shared, single):
        draft = services.batch_create_draft(owner=owner)
        for i, body in enumerate(bodies):
            services.document_add_upload(
                batch=draft, owner=owner, uploaded=ContentFile(body.encode(), name="u"), name=f"{i}.txt"
            )
        batches[owner] = services.batch_submit(
            batch=draft,
            owner=owner,
            name="b",
            strategy="global",
            global_prompt="fields: invoice_number, total, date",
        )
    queueing.dispatch()
    for message in messages:
        if Job.objects.get(pk=message[0]).owner_id == shared.pk:
            services.document_run_jobs(job_ids=message, worker="w1")
    for document in batches[single].documents.all():
        services.document_process_inline(document_id=document.pk)

    def stored(batch):
        fields = ("status", "result", "sources", "document_type", "error_code", "outputs", "step")
        return [
            (*d[:-1], sorted(d[-1]))
            for d in batch.documents.order_by("position").values_list(*fields, "meta")
        ]

    assert stored(batches[shared]) == stored(batches[single])
    assert stored(batches[shared])[0][1]  # something was extracted
