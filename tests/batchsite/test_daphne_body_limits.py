"""The body caps in Daphne's Twisted layer, against a real Daphne started as ``make run`` starts it.

Twisted reads a whole body before the ASGI application is called; these requests show that the
project's Daphne answers before it has read what the caps refuse.
"""

from __future__ import annotations

import hashlib
import socket
import time

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.urls import reverse

from batches import services
from tests.batches.factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

MIB = 1024 * 1024


def _connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def _read_answer(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    answer = b""
    while piece := sock.recv(65536):
        answer += piece
    return answer


def test_an_anonymous_post_declaring_200_mib_is_answered_413_before_its_body(daphne_server):
    with _connect(daphne_server.port) as sock:
        started = time.monotonic()
        sock.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 209715200\r\n\r\n"
        )
        sock.settimeout(1.0)  # only the headers were sent: the answer must not wait for a body
        answer = _read_answer(sock)
        elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert (
        b"Sign in first: a request body from a visitor who is not signed in may hold 65,536 bytes." in answer
    )
    assert elapsed < 1.0


def test_an_anonymous_chunked_body_is_cut_off_at_the_cap(daphne_server):
    piece = b"x" * 16384
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    sent = 0
    with _connect(daphne_server.port) as sock:
        sock.sendall(
            b"POST /api/v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        try:
            while sent < 8 * MIB:  # far past the 64 KiB cap; the server stops reading long before
                sock.sendall(chunk)
                sent += len(piece)
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            pass  # refused: the server reads no more
        sock.settimeout(5)
        answer = _read_answer(sock)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b'"code": "body_too_large"' in answer
    assert sent < 8 * MIB  # the server stopped reading: the sender's buffers filled up


def _signed_in_headers(client) -> bytes:
    csrf = _get_new_csrf_string()
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (
        f"Cookie: {settings.SESSION_COOKIE_NAME}={session}; csrftoken={csrf}\r\n"
        f"X-CSRFToken: {csrf}\r\nReferer: http://127.0.0.1/\r\n"
    ).encode()


def test_a_signed_in_chunk_upload_of_the_browsers_size_still_goes_up(client, daphne_server):
    # given a signed-in user's upload session for a 16 MiB file (the browser's chunk size)
    user = UserFactory()
    client.force_login(user)
    draft = services.batch_create_draft(owner=user)
    content = hashlib.sha256(b"chunk").digest() * (16 * MIB // 32)
    started = client.post(
        reverse("uploads:upload_start", args=[draft.pk]),
        {"name": "big.bin", "size": len(content)},
        content_type="application/json",
    )
    session = started.json()["id"]
    # when its one chunk is PUT through Daphne
    with _connect(daphne_server.port) as sock:
        sock.sendall(
            f"PUT /batches/uploads/{session}/?offset=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode()
            + _signed_in_headers(client)
            + f"Content-Type: application/octet-stream\r\nContent-Length: {len(content)}\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        sock.sendall(content)
        sock.settimeout(30)
        answer = _read_answer(sock)
    # then it is accepted whole
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:500]
    assert f'"offset": {len(content)}'.encode() in answer


def test_a_forged_session_cookie_is_still_refused_by_the_application(daphne_server):
    # the Twisted layer lets a body with a session cookie up to the signed-in cap; the ASGI
    # layer then looks the session up and refuses it as anonymous
    body = b"x" * (settings.REQUEST_BODY_MAX_ANONYMOUS + 1)
    with _connect(daphne_server.port) as sock:
        sock.sendall(
            b"POST /batches/bulk/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + f"Cookie: {settings.SESSION_COOKIE_NAME}=forged\r\n".encode()
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        sock.settimeout(10)
        answer = _read_answer(sock)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"Sign in first" in answer
