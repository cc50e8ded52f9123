"""A pool process recycled right after its task (past its memory ceiling) still sends the progress
it held: its flusher is a daemon thread that dies with it, so it sends on its way out."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.core.files.base import ContentFile
from django.test import Client

from batches import services
from batches.models import Batch
from batchsite.asgi import application
from tests.batches.factories import UserFactory
from tests.conftest import start_worker, stop_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _counters_seen_by_a_page(batch_id, cookie: bytes, *, until_done: int) -> list[int]:
    """The batch's ``done`` counts a page open on it is told, until it has heard each of 1 to
    ``until_done`` or nothing more comes for 20 s."""
    heard: list[int] = []

    async def watch() -> None:
        communicator = WebsocketCommunicator(
            application,
            f"/ws/batches/{batch_id}/",
            headers=[(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1"), (b"cookie", cookie)],
        )
        await communicator.connect(timeout=10)
        await communicator.receive_json_from(timeout=10)  # the snapshot
        try:
            while not set(range(1, until_done + 1)) <= set(heard):
                event = await communicator.receive_json_from(timeout=20)
                if event.get("batch"):
                    heard.append(event["batch"]["done"])
        except TimeoutError:
            return  # the communicator stopped the consumer
        await communicator.disconnect()

    async_to_sync(watch)()
    return heard


def test_a_batch_whose_documents_end_in_recycled_pool_processes_is_seen_finished():
    user = UserFactory(username="recycled")
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    draft = services.batch_create_draft(owner=user)
    for i in range(2):
        body = f"Invoice Number: R-{i}\nTotal: {i}.00\n".encode()
        services.document_add_upload(batch=draft, owner=user, uploaded=ContentFile(body), name=f"{i}.txt")
    # every pool process is past a 1 KB ceiling after its first task, so it is replaced at once;
    # a long interval keeps ordinary (not final) progress in the process until it flushes
    worker = start_worker(
        "recycling",
        concurrency=1,
        extra_env={"WORKER_MAX_MEMORY_KB": "1", "PROGRESS_MIN_INTERVAL_SECONDS": "5"},
    )
    try:
        batch = services.batch_submit(
            batch=draft, owner=user, name="recycled", strategy="global", global_prompt="fields: total"
        )
        heard = _counters_seen_by_a_page(batch.pk, cookie, until_done=2)
    finally:
        stop_worker(worker)
    batch.refresh_from_db()
    assert batch.status == Batch.Status.COMPLETED
    assert worker.output().count("address space limited") >= 2, "no pool process was recycled"
    assert sorted(set(heard)) == [1, 2], f"the page heard done counts {heard}"
