"""Resumable chunked uploads through the views: offsets, resume, checksums, limits, ownership."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse

from batches import services
from batches.models import UploadSession
from tests.batches.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client, settings, tmp_path):
    settings.UPLOAD_STAGING_DIR = tmp_path / "staging"
    user = UserFactory()
    client.force_login(user)
    return services.batch_create_draft(owner=user)


def _start(client, draft, name: str, content: bytes, **extra):
    response = client.post(reverse("batches:upload_start", args=[draft.pk]),
                           {"name": name, "size": len(content), **extra}, content_type="application/json")  # fmt: skip
    return response


def _put(client, session_id, offset: int, chunk: bytes, checksum: str | None = None):
    headers = {"HTTP_X_CHUNK_SHA256": checksum} if checksum is not None else {}
    return client.put(f"{reverse('batches:upload_session', args=[session_id])}?offset={offset}", chunk,
                      content_type="application/octet-stream", **headers)  # fmt: skip


def test_a_file_in_chunks_with_a_resume_becomes_one_checked_document(client, draft, settings):
    # given
    content = b"Invoice Number: INV-77\nTotal: 12.50\n" * 30_000
    started = _start(client, draft, "big invoice.txt", content, sha256=hashlib.sha256(content).hexdigest())
    assert started.status_code == 201
    session = started.json()["id"]
    first, rest = content[:400_000], content[400_000:]
    assert _put(client, session, 0, first, hashlib.sha256(first).hexdigest()).json()["offset"] == 400_000
    # when: the page reloads and asks where it was, and a stale chunk is refused with the offset
    assert client.get(reverse("batches:upload_session", args=[session])).json()["offset"] == 400_000
    stale = _put(client, session, 0, first)
    assert stale.status_code == 409 and stale.json()["error"]["offset"] == 400_000
    assert _put(client, session, 400_000, rest).json()["offset"] == len(content)
    done = client.post(reverse("batches:upload_complete", args=[session]))
    # then
    assert done.status_code == 201
    (document,) = done.json()["documents"]
    assert (document["name"], document["size"], document["sha256"]) == (
        "big invoice.txt", len(content), hashlib.sha256(content).hexdigest())  # fmt: skip
    assert not UploadSession.objects.exists()
    assert list(settings.UPLOAD_STAGING_DIR.iterdir()) == []


def test_a_damaged_chunk_is_refused_and_the_offset_stays(client, draft):
    session = _start(client, draft, "a.txt", b"x" * 100).json()["id"]
    refused = _put(client, session, 0, b"x" * 50, checksum="0" * 64)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "chunk_damaged"
    assert client.get(reverse("batches:upload_session", args=[session])).json()["offset"] == 0


def test_a_whole_file_checksum_mismatch_adds_nothing(client, draft):
    session = _start(client, draft, "a.txt", b"y" * 10, sha256="a" * 64).json()["id"]
    _put(client, session, 0, b"y" * 10)
    done = client.post(reverse("batches:upload_complete", args=[session]))
    assert done.status_code == 400 and done.json()["error"]["code"] == "checksum_mismatch"
    assert draft.documents.count() == 0


def test_incomplete_oversized_and_past_the_end_are_refused(client, draft, settings):
    session = _start(client, draft, "a.txt", b"z" * 10).json()["id"]
    assert client.post(reverse("batches:upload_complete", args=[session])).status_code == 409
    assert _put(client, session, 0, b"z" * 11).json()["error"]["code"] == "invalid_chunk"
    settings.BATCH_MAX_FILE_BYTES = 1000
    too_big = _start(client, draft, "huge.pdf", b"0" * 1001)
    assert too_big.status_code == 400 and too_big.json()["error"]["code"] == "file_too_large"


def test_a_zip_in_chunks_becomes_a_document_per_member(client, draft):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "Total: 1")
        archive.writestr("b.txt", "Total: 2")
    content = buffer.getvalue()
    session = _start(client, draft, "pack.zip", content).json()["id"]
    _put(client, session, 0, content)
    done = client.post(reverse("batches:upload_complete", args=[session]))
    assert [d["name"] for d in done.json()["documents"]] == ["pack.zip/a.txt", "pack.zip/b.txt"]


def test_another_user_cannot_see_or_feed_an_upload(client, draft):
    session = _start(client, draft, "a.txt", b"q" * 10).json()["id"]
    client.force_login(UserFactory())
    assert client.get(reverse("batches:upload_session", args=[session])).status_code == 404
    assert _put(client, session, 0, b"q" * 10).status_code == 404
    assert client.post(reverse("batches:upload_complete", args=[session])).status_code == 404
    assert _start(client, draft, "b.txt", b"1").status_code == 404
    client.logout()
    assert client.get(reverse("batches:upload_session", args=[session])).status_code == 302


def test_cancel_removes_the_staged_file(client, draft, settings):
    session = _start(client, draft, "a.txt", b"q" * 10).json()["id"]
    _put(client, session, 0, b"q" * 5)
    assert client.delete(reverse("batches:upload_session", args=[session])).status_code == 204
    assert not UploadSession.objects.exists() and list(settings.UPLOAD_STAGING_DIR.iterdir()) == []


def test_a_multipart_file_past_the_site_ceiling_is_stopped_with_a_clear_error(client, draft, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.BATCH_MAX_FILE_BYTES = settings.BATCH_MAX_ARCHIVE_BYTES = 100_000
    response = client.post(reverse("batches:draft_upload", args=[draft.pk]),
                           {"file": SimpleUploadedFile("big.txt", b"a" * 300_000)})  # fmt: skip
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "file_too_large",
        "message": "The file is larger than 100,000 bytes; refused.",
    }
    assert draft.documents.count() == 0


def _asgi_put(path: str, body: bytes, headers: list[tuple[bytes, bytes]]):
    """One PUT through the project's ASGI application, as a server would deliver it (in pieces)."""
    from asgiref.sync import async_to_sync
    from asgiref.testing import ApplicationCommunicator

    from batchsite.asgi import application

    route, _, query = path.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "PUT", "scheme": "http",
             "path": route, "raw_path": route.encode(), "query_string": query.encode(), "root_path": "",
             "headers": [(b"host", b"testserver"), (b"content-length", str(len(body)).encode()), *headers],
             "client": ("127.0.0.1", 5000), "server": ("testserver", 80)}  # fmt: skip

    async def run():
        communicator = ApplicationCommunicator(application, scope)
        pieces = [body[i : i + 300_000] for i in range(0, len(body), 300_000)] or [b""]
        for index, piece in enumerate(pieces):
            await communicator.send_input(
                {"type": "http.request", "body": piece, "more_body": index < len(pieces) - 1}
            )
        start = await communicator.receive_output(10)
        answer = await communicator.receive_output(10)
        return start["status"], json.loads(answer["body"])

    return async_to_sync(run)()


@pytest.mark.django_db(transaction=True)
def test_the_streaming_endpoint_checks_session_csrf_and_offset_like_the_view(client, settings, tmp_path):
    from django.middleware.csrf import _get_new_csrf_string

    settings.UPLOAD_STAGING_DIR = tmp_path / "staging"
    user = UserFactory()
    client.force_login(user)
    draft = services.batch_create_draft(owner=user)
    content = bytes(range(256)) * 4000  # about 1 MB, sent in pieces
    session = _start(client, draft, "stream.bin", content).json()["id"]
    path = f"/batches/uploads/{session}/?offset=0"
    csrf = _get_new_csrf_string()
    cookies = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}".encode()
    signed_in = [(b"cookie", cookies), (b"x-csrftoken", csrf.encode()), (b"referer", b"http://testserver/")]
    # refused: no session, then no CSRF token
    assert _asgi_put(path, content, [])[0] == 403
    status, body = _asgi_put(path, content, [(b"cookie", cookies)])
    assert (status, body["error"]["code"]) == (403, "csrf")
    # accepted with both, and the checksum of the chunk verified
    checksum = hashlib.sha256(content).hexdigest().encode()
    assert _asgi_put(path, content, [*signed_in, (b"x-chunk-sha256", checksum)]) == (
        200,
        {"offset": len(content), "size": len(content)},
    )
    # a second PUT at the old offset is out of step
    status, body = _asgi_put(path, content, signed_in)
    assert (status, body["error"]["offset"]) == (409, len(content))
    # another user's session cannot feed it
    client.force_login(UserFactory())
    other = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}".encode()
    status, _ = _asgi_put(
        path,
        content,
        [(b"cookie", other), (b"x-csrftoken", csrf.encode()), (b"referer", b"http://testserver/")],
    )
    assert status == 404
    assert (tmp_path / "staging" / f"{UploadSession.objects.get().pk.hex}.part").stat().st_size == len(
        content
    )
