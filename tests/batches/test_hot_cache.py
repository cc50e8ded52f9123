"""The hot cache in the real Redis: served from it while nothing changes, new at once after a change,
never one user's data for another, and off with HOT_CACHE = False."""

from __future__ import annotations

import time

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tokens import api_token_create
from batches import progress
from batches.models import Batch, Document
from batches.services import processor_run
from batches.services.processing import document_claim, document_finish
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)  # versions move after commit, as in production


def _running_batch(owner, documents: int = 3) -> Batch:
    batch = BatchFactory(owner=owner, status=Batch.Status.QUEUED, total_documents=documents)
    for position in range(documents):
        DocumentFactory(
            batch=batch, position=position, original_name=f"doc{position}.txt", status=Document.Status.QUEUED
        )
    return batch


def _reads_documents(client, url: str, **headers) -> tuple[dict, bool]:
    """The JSON answer, and whether answering it read the documents table."""
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url, **headers).json()
    return answer, any("batches_document" in q["sql"] for q in queries.captured_queries)


def _row(snapshot: dict, name: str) -> dict:
    return next(row for row in snapshot["documents"] if row["name"] == name)


def test_batch_data_is_served_from_the_cache_until_it_changes_then_new_at_once(client):
    # given a running batch whose status the page polls
    user = UserFactory()
    batch = _running_batch(user)
    client.force_login(user)
    url = reverse("batches:status", args=[batch.pk])
    first, _ = _reads_documents(client, url)
    # when nothing changed, the rows come from Redis
    again, read = _reads_documents(client, url)
    assert again == first and not read
    # a worker claims a document: the next poll shows it (no TTL waited)
    document = batch.documents.get(original_name="doc0.txt")
    document_claim(document_id=document.pk)
    claimed, read = _reads_documents(client, url)
    assert (
        read and claimed["batch"]["processing"] == 1 and _row(claimed, "doc0.txt")["status"] == "processing"
    )
    # a step changes only the document's row (the batch row keeps its updated_at)
    updated_at = Batch.objects.get(pk=batch.pk).updated_at
    processor_run.STEP_SAVE_AFTER_SECONDS, saved_after = 0, processor_run.STEP_SAVE_AFTER_SECONDS
    try:
        processor_run._step_reporter(Document.objects.get(pk=document.pk))("OCR page 1 of 2")
    finally:
        processor_run.STEP_SAVE_AFTER_SECONDS = saved_after
    assert Batch.objects.get(pk=batch.pk).updated_at == updated_at
    stepped, _ = _reads_documents(client, url)
    assert _row(stepped, "doc0.txt")["step"] == "OCR page 1 of 2"
    # it finishes: the status endpoint, the batch page and the API say so at once
    key = api_token_create(user=user, name="t")[1]
    api = f"/api/v1/batches/{batch.pk}"
    assert client.get(api, HTTP_AUTHORIZATION=f"Bearer {key}").json()["counts"]["succeeded"] == 0
    document_finish(
        document=Document.objects.get(pk=document.pk), status=Document.Status.SUCCEEDED, fields={}
    )
    finished, _ = _reads_documents(client, url)
    assert finished["batch"]["succeeded"] == 1 and _row(finished, "doc0.txt")["status"] == "succeeded"
    page = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert '<strong id="count-succeeded">1</strong>' in page
    assert client.get(api, HTTP_AUTHORIZATION=f"Bearer {key}").json()["counts"]["succeeded"] == 1
    progress.flush()


def test_a_cached_batch_or_figure_is_never_served_to_another_user(client):
    # given the owner's batch and analytics in the cache
    owner, other = UserFactory(), UserFactory()
    batch = _running_batch(owner)
    done = BatchFactory(owner=owner, status=Batch.Status.COMPLETED)
    DocumentFactory(batch=done, status=Document.Status.SUCCEEDED, finished_at=timezone.now(), duration_ms=5)
    client.force_login(owner)
    status_url = reverse("batches:status", args=[batch.pk])
    assert client.get(status_url).status_code == 200
    _, read = _reads_documents(client, status_url)
    assert not read  # cached for the owner
    today = timezone.localdate().isoformat()
    analytics = reverse("analytics:analytics")
    owners = client.get(analytics, {"from": today, "to": today}).content.decode()
    assert '<strong id="total-documents">1</strong>' in owners
    owner_key = api_token_create(user=owner, name="t")[1]
    api = f"/api/v1/batches/{batch.pk}"
    assert client.get(api, HTTP_AUTHORIZATION=f"Bearer {owner_key}").status_code == 200
    # when another user asks for the same things
    client.force_login(other)
    other_key = api_token_create(user=other, name="t")[1]
    # then they get nothing of the owner's
    assert client.get(status_url).status_code == 404
    assert client.get(reverse("batches:detail", args=[batch.pk])).status_code == 404
    assert client.get(api, HTTP_AUTHORIZATION=f"Bearer {other_key}").status_code == 404
    theirs = client.get(analytics, {"from": today, "to": today}).content.decode()
    assert '<strong id="total-documents">0</strong>' in theirs
    # and the owner's entry is still the owner's
    client.force_login(owner)
    again = client.get(analytics, {"from": today, "to": today}).content.decode()
    assert '<strong id="total-documents">1</strong>' in again


def _hot_keys() -> list[bytes]:
    return list(redis.Redis.from_url(settings.REDIS_URL).scan_iter(match="*:hot:*"))


def test_the_off_switch_reads_the_database_every_time(client, settings):
    user = UserFactory()
    batch = _running_batch(user)
    client.force_login(user)
    url = reverse("batches:status", args=[batch.pk])
    # on: a name written behind the services' back (no progress event) is not seen: the entry serves
    settings.HOT_CACHE = True
    client.get(url)
    Document.objects.filter(batch=batch, original_name="doc1.txt").update(original_name="renamed.txt")
    cached, read = _reads_documents(client, url)
    assert not read and "renamed.txt" not in [row["name"] for row in cached["documents"]]
    # off: every request reads the database, and no key is written
    settings.HOT_CACHE = False
    from batches.hot_cache import hot_cache_clear

    hot_cache_clear()
    fresh, read = _reads_documents(client, url)
    assert read and "renamed.txt" in [row["name"] for row in fresh["documents"]]
    _, read = _reads_documents(client, url)
    assert read
    today = timezone.localdate().isoformat()
    client.get(reverse("analytics:analytics"), {"from": today, "to": today})
    document_claim(document_id=batch.documents.get(original_name="doc0.txt").pk)
    assert _hot_keys() == []


def test_analytics_figures_are_kept_for_their_time_then_read_again(client, settings):
    settings.ANALYTICS_CACHE_SECONDS = 1
    user = UserFactory()
    batch = BatchFactory(owner=user, status=Batch.Status.COMPLETED)
    DocumentFactory(batch=batch, status=Document.Status.SUCCEEDED, finished_at=timezone.now(), duration_ms=5)
    client.force_login(user)
    today = timezone.localdate().isoformat()
    url = reverse("analytics:analytics")
    assert (
        '<strong id="total-documents">1</strong>'
        in client.get(url, {"from": today, "to": today}).content.decode()
    )
    DocumentFactory(batch=batch, status=Document.Status.SUCCEEDED, finished_at=timezone.now(), duration_ms=5)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, {"from": today, "to": today}).content.decode()
    assert '<strong id="total-documents">1</strong>' in page and "Figures as of" in page
    assert not any("batches_document" in q["sql"] for q in queries.captured_queries)
    time.sleep(1.2)
    assert (
        '<strong id="total-documents">2</strong>'
        in client.get(url, {"from": today, "to": today}).content.decode()
    )
