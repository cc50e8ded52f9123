"""A finished batch's follow-ups (webhook, notice, output files) are ledger jobs written with its status."""

from __future__ import annotations

import json
import time
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import WebhookEndpoint
from accounts.tasks import deliver_webhook
from accounts.webhooks import DELIVERY_HEADER, webhook_set
from batches import services
from batches.models import Batch
from batches.services.followups import FOLLOW_UP_PRIORITY
from batches.services.processing import batch_complete_if_done
from exports.models import Export
from exports.tasks import export_batch_files
from queueing import services as queueing
from queueing.models import Job
from tests.accounts.test_webhooks import Receiver
from tests.batches.factories import BatchFactory, UserFactory
from tests.conftest import start_worker, stop_worker, wait_for

FOLLOW_UP_TASKS = {"batches.deliver_webhook", "batches.notify_finished", "exports.export_batch_files"}


@pytest.fixture
def published(monkeypatch):
    """The broker messages sent, as (task name, first argument), instead of sending them."""
    from batchsite.celery import app

    sent: list[tuple[str, object]] = []
    monkeypatch.setattr(
        app.amqp,
        "send_task_message",
        lambda producer, name, message, **options: sent.append((name, message.body[0][0])),
    )
    return sent


def _all_done(owner, *, processor: str = "extract") -> Batch:
    """A batch whose documents are all terminal but whose status is not final yet."""
    return BatchFactory(
        owner=owner,
        processor=processor,
        status=Batch.Status.PROCESSING,
        total_documents=2,
        succeeded_count=1,
        failed_count=1,
    )


def _hooked_user():
    user = UserFactory()
    WebhookEndpoint.objects.create(user=user, url="https://93.184.215.14/hook", secret="s" * 64)
    return user


def _follow_ups(batch: Batch) -> dict[str, tuple]:
    jobs = Job.objects.filter(batch=batch).exclude(kind=Job.Kind.DOCUMENT)
    return {j.kind: (j.queue, j.state, j.target_id, j.owner_id, j.priority) for j in jobs}


@pytest.mark.django_db
def test_the_finish_writes_its_follow_ups_as_jobs_with_the_final_status():
    owner = _hooked_user()
    converting, extracting = _all_done(owner, processor="tabular"), _all_done(UserFactory())
    # when
    with transaction.atomic():
        assert batch_complete_if_done(batch_id=converting.pk) is True
        assert batch_complete_if_done(batch_id=extracting.pk) is True
    # then: waiting jobs, sent by dispatch after the commit (or by the next recovery pass)
    waiting = (Job.State.WAITING, str(converting.pk), owner.pk, FOLLOW_UP_PRIORITY)
    assert _follow_ups(converting) == {
        "webhook": ("webhooks", *waiting),
        "batch_notice": ("maintenance", *waiting),
        "batch_files": ("exports", *waiting),
    }
    # no webhook configured, no output files to make: only the notice
    assert set(_follow_ups(extracting)) == {"batch_notice"}
    converting.refresh_from_db()
    assert converting.status == Batch.Status.COMPLETED_WITH_ERRORS


@pytest.mark.django_db
def test_a_finish_that_rolls_back_leaves_no_follow_up():
    batch = _all_done(_hooked_user(), processor="tabular")
    with pytest.raises(RuntimeError), transaction.atomic():
        batch_complete_if_done(batch_id=batch.pk)
        raise RuntimeError("the worker's transaction fails after the finish")
    batch.refresh_from_db()
    assert batch.status == Batch.Status.PROCESSING
    assert _follow_ups(batch) == {}


@pytest.mark.django_db
def test_follow_ups_go_before_other_documents_but_stay_under_the_owners_cap(settings, published):
    settings.QUEUE_MAX_IN_FLIGHT_PER_USER = 1
    owner = _hooked_user()
    busy = BatchFactory(owner=owner, status=Batch.Status.QUEUED, total_documents=3)
    queueing.jobs_create(kind=Job.Kind.DOCUMENT, owner_id=owner.pk, batch_id=busy.pk, targets=[1, 2, 3])
    finished = _all_done(owner)
    batch_complete_if_done(batch_id=finished.pk)
    # when
    queueing.dispatch()
    # then: one message (the cap), a follow-up rather than the other batch's documents
    assert len(published) == 1
    task, job_id = published[0]
    assert task in FOLLOW_UP_TASKS
    assert Job.objects.get(pk=job_id).batch_id == finished.pk
    assert Job.objects.filter(owner=owner, state=Job.State.WAITING).count() == 4
    # a second dispatch adds nothing while that message is in flight
    queueing.dispatch()
    assert len(published) == 1


def _queued_webhook_job(batch: Batch) -> Job:
    batch_complete_if_done(batch_id=batch.pk)
    job = Job.objects.get(batch=batch, kind="webhook")
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, enqueued_at=timezone.now())
    return job


@pytest.mark.django_db
def test_a_failed_delivery_is_retried_by_the_ledger_with_backoff(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    receiver = Receiver(503)
    try:
        user = UserFactory()
        webhook_set(user=user, url=receiver.url)
        job = _queued_webhook_job(_all_done(user))
        # when: the receiver answers 503
        before = timezone.now()
        deliver_webhook(job.pk)
        # then: back to waiting, its next run 5 to 10 s away (10 s backoff, with jitter)
        job.refresh_from_db()
        assert (job.state, job.attempts, job.last_error_code) == (Job.State.WAITING, 1, "webhook_failed")
        assert before + timedelta(seconds=5) <= job.run_after <= timezone.now() + timedelta(seconds=10)
        # when: it runs again and the receiver takes it
        receiver.status = 200
        Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, run_after=timezone.now())
        deliver_webhook(job.pk)
        job.refresh_from_db()
        assert (job.state, job.attempts) == (Job.State.SUCCEEDED, 2)
        # both attempts carry the same delivery id, so a receiver can drop a repeat
        assert [headers[DELIVERY_HEADER] for _, headers, _ in receiver.requests] == [f"job-{job.pk}"] * 2
    finally:
        receiver.close()


@pytest.mark.django_db
def test_a_refused_address_fails_the_delivery_at_once_with_the_reason():
    receiver = Receiver()
    try:
        user = UserFactory()
        WebhookEndpoint.objects.create(user=user, url=receiver.url, secret="s" * 64)  # saved before the check
        job = _queued_webhook_job(_all_done(user))
        deliver_webhook(job.pk)
        job.refresh_from_db()
        assert (job.state, job.attempts, job.last_error_code) == (Job.State.FAILED, 1, "webhook_refused")
        assert "a loopback address" in job.last_error_message
        assert receiver.requests == []
    finally:
        receiver.close()


def _submit_tabular(owner, name: str, *, enqueue: bool = True) -> Batch:
    draft = services.batch_create_draft(owner=owner)
    for i in range(2):
        csv = f"sku,qty\nA-{i},1\nB-{i},2\n".encode()
        services.document_add_upload(batch=draft, owner=owner, uploaded=SimpleUploadedFile(f"t{i}.csv", csv))
    return services.batch_submit(
        batch=draft,
        owner=owner,
        name=name,
        strategy="global",
        processor="tabular",
        options={
            "output_format": "csv",
            "header_style": "snake",
            "keep_unmapped": True,
            "merge": False,
            "mapping": [],
        },
        enqueue=enqueue,
    )


@pytest.mark.django_db
def test_the_output_files_follow_up_makes_one_export_however_often_it_runs():
    owner = UserFactory()
    batch = _submit_tabular(owner, "files once", enqueue=False)
    for document in batch.documents.all():
        services.document_process_inline(document_id=document.pk)
    job = Job.objects.get(batch=batch, kind="batch_files")
    # when: the job runs, then runs again (its worker died after the export, before the ledger knew)
    for _ in range(2):
        Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED)
        export_batch_files(job.pk)
    # then
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.SUCCEEDED, 2)
    (export,) = Export.objects.filter(batch=batch)
    assert (export.format, export.status, export.owner_id) == (
        Export.Format.FILES,
        Export.Status.READY,
        owner.pk,
    )
    with export.file.open("rb") as handle:
        assert sorted(zipfile.ZipFile(handle).namelist()) == ["report.csv", "t0.csv", "t1.csv"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.integration
@pytest.mark.slow
def test_follow_ups_happen_once_when_the_worker_dies_between_the_finish_and_the_sends(settings, tmp_path):
    """The pool process that finishes the batch is killed (SIGKILL) right after its commit.

    Before the outbox, the webhook, the output files and the notice lived in that process's
    after-commit callbacks and were lost with it. Now they are jobs in the ledger; the next
    recovery pass sends them, and each happens exactly once.
    """
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    receiver = Receiver()
    marker = tmp_path / "killed"
    worker = start_worker(
        "crash-after-finish",
        app="tests.batches.crash_after_finish",
        extra_env={"WEBHOOK_ALLOW_PRIVATE_NETWORKS": "1", "CRASH_AFTER_FINISH_MARKER": str(marker)},
    )
    try:
        owner = UserFactory()
        webhook_set(user=owner, url=receiver.url)
        batch = _submit_tabular(owner, "crash after finish")
        wait_for(marker.exists, timeout=60, message="the finishing pool process killed itself")
        batch.refresh_from_db()
        assert batch.status == Batch.Status.COMPLETED
        assert str(batch.pk) in marker.read_text()

        # when: dispatch runs again, as every recovery pass (and any finished job) runs it
        def delivered():
            queueing.dispatch()
            return receiver.requests

        wait_for(delivered, timeout=30, interval=0.5, message="the webhook delivered after the crash")
        wait_for(
            lambda: (
                Job.objects.filter(
                    batch=batch,
                    kind__in=["webhook", "batch_notice", "batch_files"],
                    state=Job.State.SUCCEEDED,
                ).count()
                == 3
            ),
            timeout=30,
            message="every follow-up done",
        )
        for _ in range(6):  # more passes find nothing more to send
            queueing.dispatch()
            time.sleep(0.5)
    finally:
        stop_worker(worker)
        receiver.close()
    # then: one delivery of the batch's event, one output-files export, each follow-up run once
    assert len(receiver.requests) == 1
    assert json.loads(receiver.requests[0][2])["batch"]["id"] == str(batch.pk)
    follow_ups = Job.objects.filter(batch=batch).exclude(kind=Job.Kind.DOCUMENT)
    assert sorted(follow_ups.values_list("kind", "state", "attempts")) == [
        ("batch_files", Job.State.SUCCEEDED, 1),
        ("batch_notice", Job.State.SUCCEEDED, 1),
        ("webhook", Job.State.SUCCEEDED, 1),
    ]
    exports = Export.objects.filter(batch=batch)
    assert list(exports.values_list("format", "status")) == [(Export.Format.FILES, Export.Status.READY)]


@pytest.mark.django_db
def test_a_follow_up_whose_worker_died_runs_again_instead_of_failing():
    # given a finished batch's follow-ups, and the notice's first run interrupted: its worker
    # was killed, and recovery put the job back in the queue (its one attempt counted)
    batch = _all_done(_hooked_user(), processor="tabular")
    with transaction.atomic():
        batch_complete_if_done(batch_id=batch.pk)
    for job in Job.objects.filter(target_id=str(batch.pk)):
        Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, attempts=1)
        # when another worker takes it
        claimed = queueing.job_claim(job_id=job.pk, worker="worker@node-b")
        # then it runs again
        assert claimed is not None and claimed.state == Job.State.RUNNING, job.kind
