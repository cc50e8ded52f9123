"""Webhooks against a real HTTP receiver on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from batches import services
from batches.models import Batch
from batches.services.webhooks import (
    SIGNATURE_HEADER,
    WebhookDeliveryError,
    sign,
    webhook_deliver,
    webhook_set,
)
from batchsite.errors import ApplicationError
from tests.batches.factories import BatchFactory, UserFactory
from tests.conftest import wait_for


class Receiver:
    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.requests: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.mark.django_db
def test_delivery_is_signed_and_verifiable(receiver):
    batch = BatchFactory(status=Batch.Status.COMPLETED, total_documents=2, succeeded_count=2)
    endpoint = webhook_set(user=batch.owner, url=receiver.url)
    assert webhook_deliver(batch_id=str(batch.pk)) is True
    headers, body = receiver.requests[0]
    payload = json.loads(body)
    assert payload["event"] == "batch.finished"
    assert payload["batch"]["id"] == str(batch.pk)
    assert payload["batch"]["succeeded"] == 2
    assert headers[SIGNATURE_HEADER] == sign(endpoint.secret, headers["X-Batchsite-Timestamp"], body)
    assert headers[SIGNATURE_HEADER] != sign("another secret", headers["X-Batchsite-Timestamp"], body)


@pytest.mark.django_db
def test_a_failing_receiver_raises_for_retry_and_no_endpoint_sends_nothing(receiver):
    receiver.status = 503
    batch = BatchFactory(status=Batch.Status.COMPLETED)
    assert webhook_deliver(batch_id=str(batch.pk)) is False  # no endpoint configured
    webhook_set(user=batch.owner, url=receiver.url)
    with pytest.raises(WebhookDeliveryError):
        webhook_deliver(batch_id=str(batch.pk))
    with pytest.raises(ApplicationError):
        webhook_set(user=batch.owner, url="ftp://example.org/x")


@pytest.mark.django_db(transaction=True)
@pytest.mark.integration
def test_finished_batch_fires_the_webhook_from_the_worker(receiver, celery_worker):
    user = UserFactory()
    webhook_set(user=user, url=receiver.url)
    draft = services.batch_create_draft(owner=user)
    services.document_add_upload(
        batch=draft, owner=user, uploaded=SimpleUploadedFile("a.txt", b"Total: 1.00")
    )
    batch = services.batch_submit(
        batch=draft, owner=user, name="hooked", strategy="global", global_prompt="fields: total"
    )
    wait_for(lambda: receiver.requests, timeout=60, message="webhook received")
    payload = json.loads(receiver.requests[0][1])
    assert payload["batch"]["id"] == str(batch.pk)
    assert payload["batch"]["status"] == "completed"
