"""Request body caps in the ASGI entry: a body past its path's cap is refused before it is read.

The in-process tests drive the project's real ASGI application (``batchsite.asgi``) and count
the bytes it asks for; the last one sends the issue's request to a real uvicorn over a socket.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings

from accounts.tokens import api_token_create
from batches.models import Batch
from tests.batches.factories import UserFactory
from tests.conftest import ROOT, _worker_database_url, free_port, wait_for_port

# The application closes and reopens database connections between requests, as a server does.
pytestmark = pytest.mark.django_db(transaction=True)

MIB = 1024 * 1024


class Exchange:
    """One request through the ASGI application: what it answered and how much body it read."""

    def __init__(self, status: int, body: bytes, read: int) -> None:
        self.status, self.body, self.read = status, body, read

    def json(self) -> dict:
        return json.loads(self.body)


def _pieces(total: int, piece: int = 64 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        size = min(piece, total - sent)
        sent += size
        yield b"x" * size


def request(
    method: str, path: str, *, body: int, declare: bool = True, headers: dict | None = None
) -> Exchange:
    from batchsite.asgi import application

    pieces, read, answer = _pieces(body), 0, {"status": 0, "body": b""}
    pending = next(pieces, b"")
    header_list = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if declare:
        header_list.append((b"content-length", str(body).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": header_list,
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }

    async def receive():
        nonlocal pending, read
        if pending is None:  # the body is all sent: the client waits for the answer, as a server does
            await asyncio.Future()
        piece, pending = pending, next(pieces, None)
        read += len(piece)
        return {"type": "http.request", "body": piece, "more_body": pending is not None}

    async def send(message):
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        else:
            answer["body"] += message.get("body", b"")

    async_to_sync(application)(scope, receive, send)
    return Exchange(answer["status"], answer["body"], read)


def _session_cookie(client, user) -> dict:
    client.force_login(user)
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"}


def test_an_anonymous_large_body_is_refused_before_it_is_read():
    exchange = request("POST", "/accounts/login/", body=20 * MIB)
    assert exchange.status == 413
    assert exchange.read == 0
    assert b"Sign in first" in exchange.body


def test_an_anonymous_chunked_body_is_cut_off_at_the_cap():
    exchange = request(
        "POST", "/batches/drafts/0b7d3c7e-9d7e-4c55-9a55-0b1f0c5d8e11/files/", body=20 * MIB, declare=False
    )
    assert exchange.status == 413
    assert exchange.read <= settings.REQUEST_BODY_MAX_ANONYMOUS + 64 * 1024


def test_an_anonymous_api_upload_is_refused_with_an_error_body():
    exchange = request("POST", "/api/v1/batches", body=5 * MIB, headers={"Authorization": "Bearer bs_wrong"})
    assert (exchange.status, exchange.read) == (413, 0)
    assert exchange.json()["error"]["code"] == "body_too_large"


def test_a_small_anonymous_body_reaches_django():
    exchange = request("POST", "/accounts/login/", body=1000)
    assert exchange.status == 403  # Django's CSRF check answered: the body was Django's to read
    assert exchange.read == 1000


def test_a_signed_in_user_gets_the_pages_cap_and_the_upload_paths_cap(client):
    cookie = _session_cookie(client, UserFactory())
    draft = f"/batches/drafts/{Batch.objects.create(owner=UserFactory()).pk}/files/"
    page = request("POST", "/batches/bulk/", body=settings.REQUEST_BODY_MAX + 1, headers=cookie)
    upload = request("POST", draft, body=settings.REQUEST_BODY_MAX + 1, headers=cookie)
    streamed = request(
        "POST", "/batches/bulk/", body=settings.REQUEST_BODY_MAX + MIB, declare=False, headers=cookie
    )
    assert (page.status, page.read) == (413, 0)
    assert b"larger than" in page.body
    assert upload.status == 403  # CSRF, after Django read the whole body: uploads may be this large
    assert upload.read == settings.REQUEST_BODY_MAX + 1
    assert streamed.status == 413
    assert streamed.read <= settings.REQUEST_BODY_MAX + 64 * 1024


def test_an_api_token_counts_as_signed_in(settings):
    settings.REQUEST_UPLOAD_MAX = 3 * MIB
    _token, key = api_token_create(user=UserFactory(), name="t")
    fits = request("POST", "/api/v1/batches", body=2 * MIB, headers={"Authorization": f"Bearer {key}"})
    too_big = request("POST", "/api/v1/batches", body=4 * MIB, headers={"Authorization": f"Bearer {key}"})
    assert fits.status != 413 and fits.read == 2 * MIB
    assert (too_big.status, too_big.read) == (413, 0)


def test_the_chunk_endpoint_keeps_its_own_larger_cap(client):
    from uploads.services import MAX_CHUNK

    cookie = _session_cookie(client, UserFactory())
    path = "/batches/uploads/0b7d3c7e-9d7e-4c55-9a55-0b1f0c5d8e11/"
    refused = request("PUT", path, body=MAX_CHUNK + 1, headers=cookie)
    assert (refused.status, refused.read) == (413, 0)
    # 16 MiB (the browser's chunk) passes the cap: the chunk endpoint itself answers (no CSRF token)
    passed = request("PUT", path, body=16 * MIB, headers=cookie)
    assert passed.status == 403 and passed.json()["error"]["code"] == "csrf"


@pytest.fixture
def uvicorn_server():
    from django.db import connection

    port = free_port()
    log = Path(settings.VAR_DIR) / "uvicorn-body-limits.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "REDIS_URL": settings.REDIS_URL,
        "DATABASE_URL": _worker_database_url(connection.settings_dict),
    }
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                "batchsite.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            assert wait_for_port(port), log.read_text()
            yield port
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.mark.integration
def test_a_real_server_answers_an_anonymous_200_mib_post_before_its_body(uvicorn_server):
    # the request: an anonymous 200 MiB POST; only its headers are sent
    with socket.create_connection(("127.0.0.1", uvicorn_server), timeout=10) as sock:
        started = time.monotonic()
        sock.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 209715200\r\n\r\n"
        )
        answer = sock.recv(4096)
        elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 413")
    assert elapsed < 5
