"""Webhooks against real HTTP receivers on 127.0.0.1: signing, SSRF refusals, redirects, deadline.

Receivers here live on the loopback interface, which deliveries refuse by default; a test that
needs one to answer turns ``WEBHOOK_ALLOW_PRIVATE_NETWORKS`` on for itself, and every refusal
is tested with it off (the default).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from accounts import webhooks
from accounts.models import WebhookEndpoint
from accounts.webhooks import (
    SIGNATURE_HEADER,
    WebhookDeliveryError,
    sign,
    webhook_deliver,
    webhook_set,
)
from batches.models import Batch
from batchsite.errors import ApplicationError
from tests.batches.factories import BatchFactory


class Receiver:
    """A real HTTP server that records each request; answers ``status`` (a redirect with ``location``)."""

    def __init__(self, status: int = 200, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.status = status
        self.location = ""
        self.requests: list[tuple[str, dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(("POST", dict(self.headers), body))
                self._answer()

            def do_GET(self) -> None:
                receiver.requests.append(("GET", dict(self.headers), b""))
                self._answer()

            def _answer(self) -> None:
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = HTTPServer((host, port), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://{host}:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class TricklingReceiver:
    """Takes the request, answers its status line at once, then a header one byte every ``interval``
    seconds for ``seconds`` in all.

    Every read the client makes gets a byte long before any per-read timeout: only an overall
    deadline ends the exchange early. The status line is whole, so a client that took a cut
    connection for the end of the headers would see a "200".
    """

    def __init__(self, *, interval: float = 0.2, seconds: float = 12.0) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/hook"
        self.interval, self.seconds = interval, seconds
        self.requests = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._trickle, args=(connection,), daemon=True).start()

    def _trickle(self, connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)
            self.requests += 1
            until = time.monotonic() + self.seconds
            try:
                connection.sendall(b"HTTP/1.1 200 OK\r\n")
                for byte in b"X-Padding: " + b"a" * 10_000:
                    if time.monotonic() > until:
                        break
                    connection.sendall(bytes([byte]))
                    time.sleep(self.interval)
                connection.sendall(b"\r\nContent-Length: 0\r\n\r\n")
            except OSError:  # the client hung up: what the deadline should make it do
                return

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def _outcome(batch: Batch) -> str:
    """What one delivery did: "delivered", "nothing", or the name of the error it raised."""
    try:
        return "delivered" if webhook_deliver(batch_id=str(batch.pk)) else "nothing"
    except Exception as exc:
        return type(exc).__name__


def _endpoint_saved_earlier(batch: Batch, url: str) -> WebhookEndpoint:
    """An endpoint stored without today's save-time check (saved before it, or through the admin)."""
    return WebhookEndpoint.objects.create(user=batch.owner, url=url, secret="s" * 64)


@pytest.mark.django_db
def test_delivery_is_signed_and_verifiable(receiver, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    batch = BatchFactory(status=Batch.Status.COMPLETED, total_documents=2, succeeded_count=2)
    endpoint = webhook_set(user=batch.owner, url=receiver.url)
    assert webhook_deliver(batch_id=str(batch.pk), delivery_id="job-7") is True
    method, headers, body = receiver.requests[0]
    payload = json.loads(body)
    assert method == "POST"
    assert payload["event"] == "batch.finished"
    assert payload["batch"]["id"] == str(batch.pk)
    assert payload["batch"]["succeeded"] == 2
    assert headers[SIGNATURE_HEADER] == sign(endpoint.secret, headers["X-Batchsite-Timestamp"], body)
    assert headers[SIGNATURE_HEADER] != sign("another secret", headers["X-Batchsite-Timestamp"], body)
    assert headers[webhooks.DELIVERY_HEADER] == "job-7"
    assert headers["Host"] == f"127.0.0.1:{receiver.port}"


@pytest.mark.django_db
def test_a_failing_receiver_raises_for_retry_and_no_endpoint_sends_nothing(receiver, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    receiver.status = 503
    batch = BatchFactory(status=Batch.Status.COMPLETED)
    assert webhook_deliver(batch_id=str(batch.pk)) is False  # no endpoint configured
    webhook_set(user=batch.owner, url=receiver.url)
    with pytest.raises(WebhookDeliveryError, match="answered 503"):
        webhook_deliver(batch_id=str(batch.pk))
    with pytest.raises(ApplicationError):
        webhook_set(user=batch.owner, url="ftp://example.org/x")


INTERNAL_URLS = [
    "http://127.0.0.1:6379/",
    "http://localhost:8000/hook",  # a name that resolves to loopback
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/hook",
    "http://10.1.2.3/hook",
    "http://172.16.0.1/hook",
    "http://192.168.1.1/hook",
    "http://100.64.0.1/hook",
    "http://[fd00::1]/hook",
    "http://[fe80::1]/hook",
    "http://224.0.0.1/hook",
    "http://0.0.0.0:6379/",
    "http://[::]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://2130706433/hook",  # 127.0.0.1 written as one number
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", INTERNAL_URLS)
def test_saving_a_webhook_to_an_internal_address_is_refused_with_the_reason(url):
    batch = BatchFactory()
    with pytest.raises(ApplicationError) as refused:
        webhook_set(user=batch.owner, url=url)
    assert refused.value.code == "invalid_url"
    assert "internal networks are not allowed" in refused.value.message
    assert not WebhookEndpoint.objects.filter(user=batch.owner).exists()


@pytest.mark.django_db
def test_saving_a_webhook_to_a_public_address_is_accepted():
    batch = BatchFactory()
    endpoint = webhook_set(user=batch.owner, url="https://93.184.215.14/hook")  # no lookup for a literal
    assert (endpoint.url, endpoint.active) == ("https://93.184.215.14/hook", True)


@pytest.mark.django_db
def test_delivery_refuses_an_internal_address_saved_before_the_check(receiver):
    # given: an endpoint on the loopback interface stored without the save-time check
    batch = BatchFactory(status=Batch.Status.COMPLETED)
    _endpoint_saved_earlier(batch, receiver.url)
    # when / then: the send-time check refuses it and nothing reaches the receiver
    assert _outcome(batch) == "WebhookRefused"
    assert receiver.requests == []


@pytest.mark.django_db
def test_https_only_when_the_site_runs_on_https(receiver, settings):
    settings.HTTPS = True
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    batch = BatchFactory(status=Batch.Status.COMPLETED)
    with pytest.raises(ApplicationError, match=r"must start with https://\."):
        webhook_set(user=batch.owner, url="http://93.184.215.14/hook")
    _endpoint_saved_earlier(batch, receiver.url)
    assert _outcome(batch) == "WebhookRefused"
    assert receiver.requests == []


@pytest.mark.django_db
def test_a_redirect_is_not_followed(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    inside, redirecting = Receiver(), Receiver(302)
    redirecting.location = inside.url
    try:
        batch = BatchFactory(status=Batch.Status.COMPLETED)
        webhook_set(user=batch.owner, url=redirecting.url)
        assert _outcome(batch) == "WebhookDeliveryError"
        assert [method for method, _, _ in redirecting.requests] == ["POST"]
        assert inside.requests == []
    finally:
        inside.close()
        redirecting.close()


@pytest.mark.django_db
def test_the_connection_goes_to_the_address_that_was_checked(settings, monkeypatch):
    """One lookup; the connection uses its answer (a second lookup could be rebound) and the name."""
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    checked = Receiver(host="127.0.0.1")
    rebound = Receiver(host="127.0.0.2", port=checked.port)
    lookups = []
    real_getaddrinfo = socket.getaddrinfo

    def dns_that_rebinds(host, port, *args, **kwargs):
        if host != "hooks.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        address = "127.0.0.1" if len(lookups) == 1 else "127.0.0.2"
        return real_getaddrinfo(address, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", dns_that_rebinds)
    try:
        batch = BatchFactory(status=Batch.Status.COMPLETED)
        _endpoint_saved_earlier(batch, f"http://hooks.example:{checked.port}/hook")
        assert _outcome(batch) == "delivered"
        assert lookups == ["hooks.example"]
        assert len(checked.requests) == 1 and rebound.requests == []
        assert checked.requests[0][1]["Host"] == f"hooks.example:{checked.port}"
    finally:
        checked.close()
        rebound.close()


@pytest.mark.django_db
def test_a_trickling_receiver_cannot_hold_the_delivery_past_its_deadline(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOK_DEADLINE_SECONDS = 2.0
    trickler = TricklingReceiver(interval=0.2, seconds=12.0)
    try:
        batch = BatchFactory(status=Batch.Status.COMPLETED)
        webhook_set(user=batch.owner, url=trickler.url)
        started = time.monotonic()
        outcome = _outcome(batch)
        elapsed = time.monotonic() - started
    finally:
        trickler.close()
    assert trickler.requests == 1
    assert outcome == "WebhookDeliveryError"
    assert elapsed < 3.5, f"the delivery took {elapsed:.1f} s against a 2 s deadline"


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch):
    """An https receiver on 127.0.0.1 whose certificate names only ``hooks.example``, trusted here.

    Yields the receiver and the server names (SNI) its clients sent.
    """
    import ssl
    import subprocess

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            key,
            "-out",
            cert,
            "-subj",
            "/CN=hooks.example",
            "-addext",
            "subjectAltName=DNS:hooks.example",
        ],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client's default context trusts it
    server_names: list[str] = []
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)
    receiver = Receiver()
    receiver.server.socket = context.wrap_socket(receiver.server.socket, server_side=True)
    yield receiver, server_names
    receiver.close()


def _resolve_hooks_example_to_loopback(monkeypatch) -> None:
    real_getaddrinfo = socket.getaddrinfo

    def fake_dns(host, port, *args, **kwargs):
        return real_getaddrinfo("127.0.0.1" if host == "hooks.example" else host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake_dns)


@pytest.mark.django_db
def test_https_to_the_checked_address_keeps_the_name_for_sni_and_the_certificate(
    tls_receiver, settings, monkeypatch
):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    receiver, server_names = tls_receiver
    _resolve_hooks_example_to_loopback(monkeypatch)
    batch = BatchFactory(status=Batch.Status.COMPLETED)
    # the certificate names hooks.example: connecting to the address alone fails its check
    _endpoint_saved_earlier(batch, f"https://127.0.0.1:{receiver.port}/hook")
    assert _outcome(batch) == "WebhookDeliveryError"
    assert receiver.requests == []
    # the same address under the name: SNI and the certificate check use the name
    webhook_set(user=batch.owner, url=f"https://hooks.example:{receiver.port}/hook")
    assert _outcome(batch) == "delivered"
    assert server_names[-1] == "hooks.example"
    assert receiver.requests[0][1]["Host"] == f"hooks.example:{receiver.port}"
