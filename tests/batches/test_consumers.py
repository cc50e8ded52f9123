"""The progress socket against the real ASGI app and the real Redis channel layer."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.files.base import ContentFile
from django.test import Client

from batches import progress, selectors, services
from batches.models import Batch, Document
from batchsite.asgi import application
from tests.batches.factories import BatchFactory, DocumentFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


def _session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def _communicator(batch_id, cookie: bytes | None) -> WebsocketCommunicator:
    headers = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")]
    if cookie:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(application, f"/ws/batches/{batch_id}/", headers=headers)


def _queued_batch(owner, n: int) -> Batch:
    batch = BatchFactory(
        owner=owner, status=Batch.Status.QUEUED, total_documents=n, global_prompt="fields: total"
    )
    for i in range(n):
        document = DocumentFactory(batch=batch, position=i, status=Document.Status.QUEUED)
        document.file.save("upload", ContentFile(f"Total: {i}.00\n".encode()))
    return batch


def test_owner_gets_snapshot_then_live_events():
    owner = UserFactory()
    batch = _queued_batch(owner, 3)
    cookie = _session_cookie(owner)
    ids = list(batch.documents.order_by("position").values_list("pk", flat=True))

    async def scenario() -> list[dict]:
        communicator = _communicator(batch.pk, cookie)
        connected, _ = await communicator.connect(timeout=10)
        assert connected
        snapshot = await communicator.receive_json_from(timeout=5)
        events = [snapshot]
        for document_id in ids:
            await sync_to_async(services.document_process_inline)(document_id=document_id)
        while events[-1]["batch"] is None or events[-1]["batch"]["done"] < 3:
            events.append(await communicator.receive_json_from(timeout=5))
        await communicator.disconnect()
        return events

    events = async_to_sync(scenario)()
    snapshot = events[0]
    assert snapshot["type"] == "batch.snapshot"
    assert snapshot["batch"]["total"] == 3
    assert [row["id"] for row in snapshot["documents"]] == ids
    live = events[1:]
    assert all(event["type"] == "batch.progress" for event in live)
    assert live[-1]["batch"]["status"] == "completed"
    assert live[-1]["batch"]["succeeded"] == 3
    seen = {row["id"]: row["status"] for event in live for row in event["documents"]}
    assert seen == {document_id: "succeeded" for document_id in ids}


def test_an_event_published_before_the_socket_subscribed_is_in_its_snapshot(monkeypatch):
    """A worker finished a document between the socket's first read and its subscription: the
    event reached no one, and the page showed the document queued until the next one."""
    owner = UserFactory()
    batch = _queued_batch(owner, 2)
    cookie = _session_cookie(owner)
    first = batch.documents.order_by("position").first()
    real = selectors.batch_snapshot
    reads = []

    def read_then_a_worker_runs(*, batch):
        snapshot = real(batch=batch)
        if not reads:
            reads.append(snapshot)
            services.document_process_inline(document_id=first.pk)
            progress.flush()  # its event is sent now, to no one: the socket has not subscribed yet
        return snapshot

    monkeypatch.setattr("batches.consumers.selectors.batch_snapshot", read_then_a_worker_runs)

    async def scenario() -> list[dict]:
        communicator = _communicator(batch.pk, cookie)
        connected, _ = await communicator.connect(timeout=10)
        assert connected
        messages = [await communicator.receive_json_from(timeout=5)]
        while not await communicator.receive_nothing(timeout=1):
            messages.append(await communicator.receive_json_from(timeout=5))
        await communicator.disconnect()
        return messages

    messages = async_to_sync(scenario)()
    seen = {row["id"]: row["status"] for message in messages for row in message["documents"]}
    assert seen[first.pk] == "succeeded"


def test_socket_refused_for_another_users_batch():
    batch = _queued_batch(UserFactory(), 1)
    cookie = _session_cookie(UserFactory())

    async def scenario():
        communicator = _communicator(batch.pk, cookie)
        connected, code = await communicator.connect(timeout=10)
        await communicator.disconnect()
        return connected, code

    connected, code = async_to_sync(scenario)()
    assert connected is False
    assert code == 4403


def test_socket_refused_for_anonymous():
    batch = _queued_batch(UserFactory(), 1)

    async def scenario():
        communicator = _communicator(batch.pk, None)
        connected, code = await communicator.connect(timeout=10)
        await communicator.disconnect()
        return connected, code

    assert async_to_sync(scenario)() == (False, 4403)


def test_many_sockets_all_receive_events():
    """120 sockets on one batch: the channel layer keeps up (no pool exhaustion, no timeouts)."""
    owner = UserFactory()
    batch = _queued_batch(owner, 1)
    cookie = _session_cookie(owner)
    document_id = batch.documents.get().pk

    async def scenario() -> list[dict]:
        communicators = [_communicator(batch.pk, cookie) for _ in range(120)]
        results = await asyncio.gather(*(c.connect(timeout=20) for c in communicators))
        assert all(connected for connected, _ in results)
        await asyncio.gather(*(c.receive_json_from(timeout=20) for c in communicators))  # snapshots
        await sync_to_async(services.document_process_inline)(document_id=document_id)

        async def last_event(c):
            event = await c.receive_json_from(timeout=20)
            while event["batch"] is None or event["batch"]["done"] < 1:
                event = await c.receive_json_from(timeout=20)
            return event

        events = await asyncio.gather(*(last_event(c) for c in communicators))
        await asyncio.gather(*(c.disconnect() for c in communicators))
        return events

    events = async_to_sync(scenario)()
    assert len(events) == 120
    assert {event["batch"]["status"] for event in events} == {"completed"}


def test_owner_is_notified_on_any_page_when_a_batch_finishes(celery_worker):
    """The notice is a follow-up job of the finish: the worker runs it and it reaches the socket."""
    owner = UserFactory()
    batch = _queued_batch(owner, 1)
    document_id = batch.documents.get().pk
    cookie = _session_cookie(owner)

    async def scenario() -> dict:
        communicator = WebsocketCommunicator(
            application,
            "/ws/notifications/",
            headers=[
                (b"origin", b"http://127.0.0.1:8000"),
                (b"host", b"127.0.0.1:8000"),
                (b"cookie", cookie),
            ],
        )
        connected, _ = await communicator.connect(timeout=10)
        assert connected
        await sync_to_async(services.document_process_inline)(document_id=document_id)
        event = await communicator.receive_json_from(timeout=20)
        await communicator.disconnect()
        return event

    event = async_to_sync(scenario)()
    assert event["type"] == "batch.finished"
    assert event["batch_id"] == str(batch.pk)
    assert (event["status"], event["succeeded"], event["failed"]) == ("completed", 1, 0)


def test_notifications_socket_refuses_anonymous():
    async def scenario():
        communicator = WebsocketCommunicator(
            application,
            "/ws/notifications/",
            headers=[(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")],
        )
        connected, code = await communicator.connect(timeout=10)
        await communicator.disconnect()
        return connected, code

    assert async_to_sync(scenario)() == (False, 4403)


def test_export_progress_reaches_the_batch_page_socket(settings):
    from exports import services as export_services

    settings.EXPORT_INLINE_MAX_DOCUMENTS = 100
    owner = UserFactory()
    batch = _queued_batch(owner, 1)
    Batch.objects.filter(pk=batch.pk).update(status=Batch.Status.COMPLETED)
    cookie = _session_cookie(owner)

    async def scenario() -> list[dict]:
        communicator = _communicator(batch.pk, cookie)
        await communicator.connect(timeout=10)
        await communicator.receive_json_from(timeout=5)  # snapshot
        await sync_to_async(export_services.export_start)(batch=batch, owner=owner, format="csv")
        events = []
        while not events or events[-1]["status"] != "ready":
            event = await communicator.receive_json_from(timeout=5)
            if event["type"] == "export.update":
                events.append(event)
        await communicator.disconnect()
        return events

    events = async_to_sync(scenario)()
    assert [e["status"] for e in events] == ["running", "ready"]
    assert events[-1]["download_url"].startswith("/exports/download/")
    assert events[-1]["rows"] == 1


def test_a_snapshots_rows_carry_the_time_before_their_read(monkeypatch):
    """A row read before a worker's change and stamped after that change's event would win over
    it on the page: the stamp is the time the read began."""
    import time

    batch = _queued_batch(UserFactory(), 2)
    real = selectors.document_page
    read = {}

    def slow_read(**kwargs):
        rows = real(**kwargs)
        read["done"] = time.time()
        time.sleep(0.05)  # a worker's event is stamped meanwhile
        return rows

    monkeypatch.setattr(selectors, "document_page", slow_read)
    snapshot = selectors.batch_snapshot(batch=batch)
    assert all(row["at"] < read["done"] for row in snapshot["documents"])
