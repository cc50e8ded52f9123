from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from batches import services
from batches.models import Batch, Document
from batchsite.errors import ApplicationError
from queueing.models import Job
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_document_add_upload_stores_file_hash_and_counts():
    # given
    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner)
    # when
    document = services.document_add_upload(batch=draft, owner=owner, uploaded=_upload("a.txt", b"hello"))
    # then
    draft.refresh_from_db()
    assert document.original_name == "a.txt"
    assert document.size == 5
    assert document.sha256 == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    assert document.content_type == "text/plain"
    assert "a.txt" not in document.file.name  # the stored name is ours, never the user's
    assert document.file.read() == b"hello"
    assert (draft.total_documents, draft.total_bytes) == (1, 5)


def test_document_add_upload_refuses_too_large_file_and_keeps_nothing(settings):
    settings.BATCH_MAX_FILE_BYTES = 4
    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner)
    with pytest.raises(ApplicationError) as excinfo:
        services.document_add_upload(batch=draft, owner=owner, uploaded=_upload("big.txt", b"12345"))
    assert excinfo.value.code == "file_too_large"
    assert "big.txt" in excinfo.value.message
    assert Document.objects.count() == 0


def test_document_add_upload_refuses_another_users_draft():
    draft = services.batch_create_draft(owner=UserFactory())
    with pytest.raises(ApplicationError):
        services.document_add_upload(batch=draft, owner=UserFactory(), uploaded=_upload("a.txt", b"x"))
    assert Document.objects.count() == 0


def test_batch_get_or_create_draft_reuses_the_recent_draft():
    owner = UserFactory()
    first = services.batch_get_or_create_draft(owner=owner)
    assert services.batch_get_or_create_draft(owner=owner).pk == first.pk
    assert services.batch_get_or_create_draft(owner=UserFactory()).pk != first.pk


def test_batch_submit_queues_documents_and_dispatches_after_commit(
    django_capture_on_commit_callbacks, sent_messages
):
    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner)
    for name in ("a.txt", "b.txt"):
        services.document_add_upload(batch=draft, owner=owner, uploaded=_upload(name, b"Total: 1"))
    sent = sent_messages.job_ids
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch = services.batch_submit(
            batch=draft, owner=owner, name="March", strategy="global", global_prompt="fields: total"
        )
    # then: nothing reaches the broker before the commit
    assert sent == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert batch.status == Batch.Status.QUEUED
    assert batch.name == "March"
    assert batch.total_documents == 2
    assert set(batch.documents.values_list("status", flat=True)) == {Document.Status.QUEUED}
    jobs = Job.objects.filter(batch=batch).order_by("target_id")
    assert [int(job.target_id) for job in jobs] == list(
        batch.documents.order_by("pk").values_list("pk", flat=True)
    )
    assert {job.state for job in jobs} == {Job.State.QUEUED}
    assert sorted(sent) == sorted(job.pk for job in jobs)


def test_batch_submit_requires_a_prompt_for_global_strategy():
    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner)
    services.document_add_upload(batch=draft, owner=owner, uploaded=_upload("a.txt", b"x"))
    with pytest.raises(ApplicationError) as excinfo:
        services.batch_submit(batch=draft, owner=owner, name="", strategy="global", global_prompt="  ")
    assert excinfo.value.code == "prompt_required"
    draft.refresh_from_db()
    assert draft.status == Batch.Status.DRAFT


def test_batch_submit_per_document_prompts_are_stored():
    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner)
    a = services.document_add_upload(batch=draft, owner=owner, uploaded=_upload("a.txt", b"x"))
    b = services.document_add_upload(batch=draft, owner=owner, uploaded=_upload("b.txt", b"y"))
    services.batch_submit(
        batch=draft,
        owner=owner,
        name="",
        strategy="per_document",
        prompts={a.pk: "fields: one", b.pk: "fields: two"},
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.prompt, b.prompt) == ("fields: one", "fields: two")


def test_batch_submit_twice_is_refused():
    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner)
    services.document_add_upload(batch=draft, owner=owner, uploaded=_upload("a.txt", b"x"))
    services.batch_submit(batch=draft, owner=owner, name="", strategy="auto")
    with pytest.raises(ApplicationError):
        services.batch_submit(batch=draft, owner=owner, name="", strategy="auto")


def _queued_batch(n: int, content: bytes = b"Invoice Number: INV-7\nTotal: 12.50\n") -> Batch:
    batch = BatchFactory(
        status=Batch.Status.QUEUED, total_documents=n, global_prompt="fields: invoice_number, total"
    )
    for i in range(n):
        DocumentFactory(batch=batch, position=i, status=Document.Status.QUEUED)
    if content:
        for document in batch.documents.all():
            document.file.save("upload", ContentFile(content))
    return batch


def test_document_process_records_result_and_moves_counters():
    batch = _queued_batch(2)
    first, second = batch.documents.order_by("position")
    # when
    services.document_process_inline(document_id=first.pk)
    # then
    batch.refresh_from_db()
    first.refresh_from_db()
    assert first.status == Document.Status.SUCCEEDED
    assert first.result["invoice_number"] == "INV-7"
    assert first.attempts == 1
    assert first.duration_ms is not None
    assert (batch.status, batch.processing_count, batch.succeeded_count) == (Batch.Status.PROCESSING, 0, 1)
    services.document_process_inline(document_id=second.pk)
    batch.refresh_from_db()
    assert batch.status == Batch.Status.COMPLETED
    assert batch.finished_at is not None


def test_a_finish_that_waited_for_the_lock_carries_the_later_time(monkeypatch):
    """The browser drops counters older than the newest it has (``updated_at``): a finish that
    waits for the batch lock while another commits must not stamp the earlier time."""
    from batches.services import processing

    batch = _queued_batch(2)
    first, second = (services.document_claim(document_id=d.pk) for d in batch.documents.order_by("position"))
    published = []
    monkeypatch.setattr(
        processing.progress, "publish", lambda batch_id, counters, rows, **kw: published.append(counters)
    )
    real_lock = processing.lock_batch
    waited = []

    def lock_held_by_another_worker(batch_id):
        if not waited:  # the first finish waits while the second worker's finish commits
            waited.append(True)
            processing.document_finish(document=second, status=Document.Status.SUCCEEDED, fields={})
        return real_lock(batch_id)

    monkeypatch.setattr(processing, "lock_batch", lock_held_by_another_worker)
    processing.document_finish(document=first, status=Document.Status.SUCCEEDED, fields={})
    # then: the events in the order they were sent only move forward in time, and the last one counts both
    stamps = [counters["updated_at"] for counters in published]
    assert stamps == sorted(stamps)
    assert published[-1]["done"] == 2


def test_document_process_twice_writes_once():
    batch = _queued_batch(1)
    document = batch.documents.get()
    services.document_process_inline(document_id=document.pk)
    services.document_process_inline(document_id=document.pk)  # a redelivered message
    batch.refresh_from_db()
    document.refresh_from_db()
    assert document.attempts == 1
    assert batch.succeeded_count == 1
    assert batch.processing_count == 0


def test_document_process_failure_is_recorded_per_document():
    batch = _queued_batch(2)
    bad, good = batch.documents.order_by("position")
    bad.file.save("upload", ContentFile(b""))
    services.document_process_inline(document_id=bad.pk)
    services.document_process_inline(document_id=good.pk)
    bad.refresh_from_db()
    good.refresh_from_db()
    batch.refresh_from_db()
    assert bad.status == Document.Status.FAILED
    assert bad.error_code == "empty_document"
    assert bad.error_message
    assert good.status == Document.Status.SUCCEEDED
    assert (batch.status, batch.failed_count, batch.succeeded_count) == (
        Batch.Status.COMPLETED_WITH_ERRORS,
        1,
        1,
    )


def test_all_failed_batch_is_failed():
    batch = _queued_batch(1, content=b"")
    document = batch.documents.get()
    document.file.save("upload", ContentFile(b""))
    services.document_process_inline(document_id=document.pk)
    batch.refresh_from_db()
    assert batch.status == Batch.Status.FAILED


def test_retry_failed_requeues_only_failed_documents():
    batch = _queued_batch(2)
    bad, good = batch.documents.order_by("position")
    bad.file.save("upload", ContentFile(b""))
    services.document_process_inline(document_id=bad.pk)
    services.document_process_inline(document_id=good.pk)
    batch.refresh_from_db()
    # when
    count = services.batch_retry_failed(batch=batch, actor=batch.owner)
    # then
    batch.refresh_from_db()
    bad.refresh_from_db()
    good.refresh_from_db()
    assert count == 1
    documents_jobs = Job.objects.filter(batch=batch, kind=Job.Kind.DOCUMENT)
    assert [int(t) for t in documents_jobs.values_list("target_id", flat=True)] == [bad.pk]
    assert (bad.status, bad.error_code) == (Document.Status.QUEUED, "")
    assert good.status == Document.Status.SUCCEEDED
    assert (batch.status, batch.failed_count, batch.succeeded_count) == (Batch.Status.PROCESSING, 0, 1)


def test_cancel_cancels_waiting_documents_and_is_final():
    batch = _queued_batch(3)
    first = batch.documents.order_by("position").first()
    services.document_process_inline(document_id=first.pk)
    batch.refresh_from_db()
    cancelled = services.batch_cancel(batch=batch, actor=batch.owner)
    batch.refresh_from_db()
    assert cancelled == 2
    assert (batch.status, batch.cancelled_count, batch.succeeded_count) == (Batch.Status.CANCELLED, 2, 1)
    # a message still in the broker for a cancelled document does nothing
    last = batch.documents.order_by("position").last()
    services.document_process_inline(document_id=last.pk)
    last.refresh_from_db()
    assert last.status == Document.Status.CANCELLED


def test_cancel_refuses_a_finished_batch():
    batch = BatchFactory(status=Batch.Status.COMPLETED)
    with pytest.raises(ApplicationError):
        services.batch_cancel(batch=batch, actor=batch.owner)


@pytest.mark.usefixtures("sent_messages")  # the messages stay out of the broker
def test_a_job_whose_document_finished_before_its_worker_died_ends_succeeded():
    from django.utils import timezone

    from queueing import services as queueing

    batch = _queued_batch(1)
    document = batch.documents.get()
    queueing.jobs_create(
        kind=Job.Kind.DOCUMENT, owner_id=batch.owner_id, batch_id=batch.pk, targets=[document.pk]
    )
    queueing.dispatch()
    job = Job.objects.get()
    # the worker processed the document, then died before recording its job
    claimed = queueing.job_claim(job_id=job.pk)
    services.document_process_inline(document_id=document.pk)
    Job.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - timezone.timedelta(seconds=1))
    from queueing.recovery import jobs_recover

    jobs_recover()
    # when the job comes back it finds its document done
    services.document_run_jobs(job_ids=[job.pk])
    job.refresh_from_db()
    assert claimed.attempts == 1
    assert job.state == Job.State.SUCCEEDED
    batch.refresh_from_db()
    assert batch.succeeded_count == 1


@pytest.mark.django_db(transaction=True)
def test_files_uploaded_at_the_same_time_get_distinct_positions(monkeypatch):
    """The wizard sends several files at once; each keeps its own place in the upload order."""
    import threading
    import time

    from django.db import connection
    from django.db.models.fields.files import FieldFile

    owner = UserFactory()
    draft = services.batch_create_draft(owner=owner)
    save = FieldFile.save

    def slow_save(self, *args, **kwargs):  # both uploads are storing their file at once
        time.sleep(0.3)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(FieldFile, "save", slow_save)
    errors = []

    def upload(i: int) -> None:
        try:
            services.document_add_upload(
                batch=draft, owner=owner, uploaded=ContentFile(b"Total: 1\n", name="u"), name=f"{i}.txt"
            )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert errors == []
    assert sorted(draft.documents.values_list("position", flat=True)) == [0, 1, 2]
