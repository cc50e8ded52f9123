"""Pause, resume, cancel, retry and delete keep counters equal to the documents' states."""

from __future__ import annotations

import contextlib
import random

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from batches import services
from batches.models import AuditEvent, Batch, Document
from batches.services import document_run
from batches.services.processor_run import Outcome
from batchsite.errors import ApplicationError
from exports.models import Export
from queueing import services as queueing
from queueing.models import Job
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory
from tests.conftest import assert_counters_match
from tests.exports.factories import ExportFactory

pytestmark = pytest.mark.django_db


def _submitted(n: int, *, bad: set[int] = frozenset(), owner=None) -> Batch:
    owner = owner or UserFactory()
    draft = services.batch_create_draft(owner=owner)
    for i in range(n):
        body = b"%PDF-1.4 broken" if i in bad else f"Invoice Number: X-{i}\nTotal: {i}.00\n".encode()
        services.document_add_upload(
            batch=draft, owner=owner, uploaded=ContentFile(body, name="u"), name=f"d{i}.txt"
        )
    return services.batch_submit(
        batch=draft, owner=owner, name="b", strategy="global", global_prompt="fields: total"
    )


def _assert_counters_match(batch: Batch) -> None:
    assert_counters_match(batch)
    states = list(batch.documents.values_list("status", flat=True))
    if all(s in Document.TERMINAL_STATUSES for s in states) and batch.status not in (
        Batch.Status.PAUSED,
        Batch.Status.CANCELLED,
    ):
        assert batch.is_final


def _run_next(batch: Batch) -> None:
    document = batch.documents.filter(status=Document.Status.QUEUED).order_by("position").first()
    if document is not None and Batch.objects.get(pk=batch.pk).status != Batch.Status.PAUSED:
        services.document_process_inline(document_id=document.pk)


@pytest.mark.parametrize("seed", range(25))
def test_random_action_sequences_keep_counters_consistent(seed, settings, sent_messages):
    rng = random.Random(seed)
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = rng.choice([1, 3])
    settings.QUEUE_MESSAGE_MAX_SECONDS = rng.choice([0, 10])  # a message may give its rest back at once
    sent = sent_messages.document_messages
    batch = _submitted(8, bad={rng.randrange(8), rng.randrange(8)})
    owner = batch.owner

    def deliver_a_message():  # the ledger's way: shared messages, as a worker runs them
        queueing.dispatch()
        if sent:
            services.document_run_jobs(job_ids=sent.pop(rng.randrange(len(sent))), worker="w")

    actions = {
        "message": deliver_a_message,
        "run": lambda: _run_next(batch),
        "pause": lambda: services.batch_pause(batch=batch, actor=owner),
        "resume": lambda: services.batch_resume(batch=batch, actor=owner),
        "cancel": lambda: services.batch_cancel(batch=batch, actor=owner),
        "retry": lambda: services.batch_retry_failed(batch=batch, actor=owner),
    }
    weights = {"message": 4, "run": 4, "pause": 1, "resume": 2, "cancel": 0.3, "retry": 1}
    for _ in range(40):
        name = rng.choices(list(weights), weights=list(weights.values()))[0]
        # an action that does not apply in this state is refused, and changes nothing
        with contextlib.suppress(ApplicationError):
            actions[name]()
        _assert_counters_match(batch)


def test_pause_holds_new_documents_and_resume_releases_them():
    batch = _submitted(3)
    owner = batch.owner
    services.batch_pause(batch=batch, actor=owner)
    _run_next(batch)
    batch.refresh_from_db()
    assert batch.status == Batch.Status.PAUSED
    assert batch.done_count == 0
    services.batch_resume(batch=batch, actor=owner)
    batch.refresh_from_db()
    assert batch.status == Batch.Status.QUEUED
    for _ in range(3):
        _run_next(batch)
    batch.refresh_from_db()
    assert batch.status == Batch.Status.COMPLETED
    assert list(
        AuditEvent.objects.filter(target_id=str(batch.pk)).values_list("action", flat=True).order_by("id")
    ) == [
        "submit",
        "pause",
        "resume",
    ]


def test_lifecycle_actions_are_refused_for_another_user():
    batch = _submitted(1)
    stranger = UserFactory()
    for action in (services.batch_pause, services.batch_cancel, services.batch_delete):
        with pytest.raises(ApplicationError):
            action(batch=batch, actor=stranger)
    assert Batch.objects.get(pk=batch.pk).status == Batch.Status.QUEUED


def test_delete_removes_documents_jobs_exports_and_stored_files(django_capture_on_commit_callbacks):
    batch = _submitted(2)
    names = list(batch.documents.values_list("file", flat=True))
    export = ExportFactory(batch=batch, status="ready", file=ContentFile(b"a,b\n", name="x.csv"))
    assert all(default_storage.exists(name) for name in [*names, export.file.name])
    with django_capture_on_commit_callbacks(execute=True):
        services.batch_delete(batch=batch, actor=batch.owner, ip="10.0.0.1")
    assert not Batch.objects.filter(pk=batch.pk).exists()
    assert not Document.objects.filter(batch_id=batch.pk).exists()
    assert not Job.objects.filter(batch_id=batch.pk).exists()
    assert not Export.objects.filter(pk=export.pk).exists()
    assert not any(default_storage.exists(name) for name in [*names, export.file.name])
    event = AuditEvent.objects.get(action="delete")
    assert (event.actor, event.ip_address, event.target_id) == (batch.owner, "10.0.0.1", str(batch.pk))


def test_data_expire_deletes_only_what_outlived_retention(settings, django_capture_on_commit_callbacks):
    settings.BATCH_RETENTION_DAYS = 30
    old = BatchFactory(status=Batch.Status.COMPLETED)
    Batch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=31))
    recent = BatchFactory(status=Batch.Status.COMPLETED)
    running = BatchFactory(status=Batch.Status.PROCESSING)
    Batch.objects.filter(pk=running.pk).update(created_at=timezone.now() - timezone.timedelta(days=90))
    document = DocumentFactory(batch=old)
    stored = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.data_expire()
    assert counts["batches"] == 1
    assert set(Batch.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert not default_storage.exists(stored)


def test_action_view_pauses_and_refuses_foreign_batches(client):
    batch = _submitted(2)
    client.force_login(UserFactory())
    assert client.post(reverse("batches:action", args=[batch.pk, "pause"])).status_code == 404
    client.force_login(batch.owner)
    response = client.post(reverse("batches:action", args=[batch.pk, "pause"]))
    assert response.status_code == 302
    assert Batch.objects.get(pk=batch.pk).status == Batch.Status.PAUSED
    assert client.post(reverse("batches:action", args=[batch.pk, "explode"])).status_code == 404
    assert client.get(reverse("batches:action", args=[batch.pk, "resume"])).status_code == 405


def test_staff_without_the_batch_permission_cannot_act_on_another_users_batch():
    # given: staff who may only view batches (is_staff alone used to be enough)
    from django.contrib.auth.models import Permission

    batch = _submitted(1)
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_batch"))
    # when / then: every lifecycle action refuses, saying why, and nothing changes
    for action in (
        services.batch_pause,
        services.batch_cancel,
        services.batch_retry_failed,
        services.batch_delete,
    ):
        with pytest.raises(ApplicationError) as refused:
            action(batch=batch, actor=viewer)
        assert refused.value.code == "forbidden"
    assert Batch.objects.get(pk=batch.pk).status == Batch.Status.QUEUED
    assert not AuditEvent.objects.filter(actor=viewer).exists()


def test_staff_with_change_permission_may_pause_but_delete_needs_delete_permission():
    from django.contrib.auth.models import Permission

    batch = _submitted(1)
    operator = UserFactory(is_staff=True)
    operator.user_permissions.set(Permission.objects.filter(codename="change_batch"))
    services.batch_pause(batch=batch, actor=operator)
    assert Batch.objects.get(pk=batch.pk).status == Batch.Status.PAUSED
    with pytest.raises(ApplicationError):
        services.batch_delete(batch=batch, actor=operator)
    assert Batch.objects.filter(pk=batch.pk).exists()


@pytest.fixture
def messages(sent_messages, settings) -> list[list[int]]:
    """Document messages the ledger hands to the broker; the tests deliver them by hand."""
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 2
    return sent_messages.document_messages


def _job_states(batch: Batch) -> set[tuple[str, int, str]]:
    return set(
        Job.objects.filter(batch=batch, kind=Job.Kind.DOCUMENT).values_list("state", "attempts", "worker")
    )


def test_a_paused_batch_has_no_job_released_or_claimed_until_resumed(messages):
    batch = _submitted(6)
    queueing.dispatch()
    in_broker, sent_before = list(messages), sum(len(m) for m in messages)
    messages.clear()
    services.batch_pause(batch=batch, actor=batch.owner)
    # when: the messages sent before the pause arrive, and the dispatcher runs
    for message in in_broker:
        services.document_run_jobs(job_ids=message, worker="w")
    queueing.dispatch()
    # then: no job was released or claimed; all are held, no attempt spent
    assert sent_before == 6
    assert messages == []
    assert _job_states(batch) == {(Job.State.HELD, 0, "")}
    assert batch.documents.filter(status=Document.Status.QUEUED, attempts=0).count() == 6
    # when
    services.batch_resume(batch=batch, actor=batch.owner)
    # then: every job is released at once (in the owner's two slots) and runs to the end
    assert sorted(pk for m in messages for pk in m) == sorted(
        Job.objects.filter(batch=batch).values_list("pk", flat=True)
    )
    for message in list(messages):
        services.document_run_jobs(job_ids=message, worker="w")
    batch.refresh_from_db()
    assert (batch.status, batch.succeeded_count) == (Batch.Status.COMPLETED, 6)
    _assert_counters_match(batch)


def test_jobs_claimed_when_the_pause_lands_are_given_back_held(messages, monkeypatch, settings):
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 1
    settings.QUEUE_MESSAGE_SECONDS = settings.QUEUE_MESSAGE_MAX_SECONDS = 0  # one document, then give back
    batch = _submitted(5)
    queueing.dispatch()
    message = messages.pop()
    document_run._PACE[batch.pk] = 0.001  # all five claimed in the message's first step
    real = document_run.document_process

    def pause_after_the_first(*, document):
        outcome = real(document=document)
        if not Batch.objects.filter(pk=batch.pk, status=Batch.Status.PAUSED).exists():
            services.batch_pause(batch=batch, actor=batch.owner)
        return outcome

    monkeypatch.setattr(document_run, "document_process", pause_after_the_first)
    # when
    services.document_run_jobs(job_ids=message, worker="w")
    # then: the four claimed but not started are held with their attempt given back, not waiting
    batch.refresh_from_db()
    _assert_counters_match(batch)
    assert batch.succeeded_count == 1
    assert _job_states(batch) == {(Job.State.SUCCEEDED, 1, "w"), (Job.State.HELD, 0, "w")}
    assert batch.documents.filter(status=Document.Status.QUEUED, attempts=0).count() == 4
    queueing.dispatch()
    assert messages == []
    # and the resume runs them
    monkeypatch.setattr(document_run, "document_process", real)
    services.batch_resume(batch=batch, actor=batch.owner)
    assert sum(len(m) for m in messages) == 4
    while messages:  # (each message runs one document and gives the rest back)
        services.document_run_jobs(job_ids=messages.pop(0), worker="w")
    batch.refresh_from_db()
    assert (batch.status, batch.succeeded_count) == (Batch.Status.COMPLETED, 5)


def test_documents_retried_while_the_batch_is_paused_are_held(messages, settings):
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 1
    settings.QUEUE_MESSAGE_MAX_JOBS = 1
    batch = _submitted(3, bad={0})
    queueing.dispatch()
    services.document_run_jobs(job_ids=messages.pop(), worker="w")  # the bad one fails
    assert Batch.objects.get(pk=batch.pk).failed_count == 1
    services.batch_pause(batch=batch, actor=batch.owner)
    sent_before = len(messages)  # the next document's, sent when the first ended
    # when
    services.batch_retry_failed(batch=batch, actor=batch.owner)
    queueing.dispatch()
    # then: its new job waits with the others for the resume
    assert len(messages) == sent_before
    live = Job.objects.filter(batch=batch).exclude(state__in=Job.FINAL)
    assert sorted(live.values_list("state", flat=True)) == [Job.State.HELD] * 3


def test_a_transient_failure_during_a_pause_retries_held(messages, monkeypatch, settings):
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 1
    batch = _submitted(1)
    queueing.dispatch()

    def rate_limited_then_paused(*, document):
        services.batch_pause(batch=batch, actor=batch.owner)
        return Outcome(
            Document.Status.FAILED, code="engine_rate_limited", message="Slow down.", transient=True
        )

    monkeypatch.setattr(document_run, "document_process", rate_limited_then_paused)
    # when
    services.document_run_jobs(job_ids=messages.pop(), worker="w")
    # then: the retry waits for the resume, its backoff kept
    job = Job.objects.get(batch=batch)
    assert (job.state, job.attempts, job.last_error_code) == (Job.State.HELD, 1, "engine_rate_limited")
    assert job.run_after > timezone.now()
    document = batch.documents.get()
    assert (document.status, document.step) == (Document.Status.QUEUED, "waiting to retry")
    _assert_counters_match(Batch.objects.get(pk=batch.pk))
    services.batch_resume(batch=batch, actor=batch.owner)
    assert Job.objects.get(pk=job.pk).state == Job.State.WAITING
