"""Resumable chunked uploads through the views: offsets, resume, checksums, limits, ownership."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse

from batches import services
from tests.batches.factories import UserFactory
from uploads.models import UploadSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client, settings, tmp_path):
    settings.UPLOAD_STAGING_DIR = tmp_path / "staging"
    user = UserFactory()
    client.force_login(user)
    return services.batch_create_draft(owner=user)


def _start(client, draft, name: str, content: bytes, **extra):
    response = client.post(
        reverse("uploads:upload_start", args=[draft.pk]),
        {"name": name, "size": len(content), **extra},
        content_type="application/json",
    )
    return response


def _put(client, session_id, offset: int, chunk: bytes, checksum: str | None = None):
    headers = {"HTTP_X_CHUNK_SHA256": checksum} if checksum is not None else {}
    return client.put(
        f"{reverse('uploads:upload_session', args=[session_id])}?offset={offset}",
        chunk,
        content_type="application/octet-stream",
        **headers,
    )


def test_a_file_in_chunks_with_a_resume_becomes_one_checked_document(client, draft, settings):
    # given
    content = b"Invoice Number: INV-77\nTotal: 12.50\n" * 30_000
    started = _start(client, draft, "big invoice.txt", content, sha256=hashlib.sha256(content).hexdigest())
    assert started.status_code == 201
    session = started.json()["id"]
    first, rest = content[:400_000], content[400_000:]
    assert _put(client, session, 0, first, hashlib.sha256(first).hexdigest()).json()["offset"] == 400_000
    # when: the page reloads and asks where it was, and a stale chunk is refused with the offset
    assert client.get(reverse("uploads:upload_session", args=[session])).json()["offset"] == 400_000
    stale = _put(client, session, 0, first)
    assert stale.status_code == 409 and stale.json()["error"]["offset"] == 400_000
    assert _put(client, session, 400_000, rest).json()["offset"] == len(content)
    done = client.post(reverse("uploads:upload_complete", args=[session]))
    # then
    assert done.status_code == 201
    (document,) = done.json()["documents"]
    assert (document["name"], document["size"], document["sha256"]) == (
        "big invoice.txt",
        len(content),
        hashlib.sha256(content).hexdigest(),
    )
    assert not UploadSession.objects.exists()
    assert list(settings.UPLOAD_STAGING_DIR.iterdir()) == []  # moved into storage, not left behind
    with draft.documents.get().file.open("rb") as stored:
        assert stored.read() == content


def test_chunks_out_of_order_are_recorded_as_ranges_and_the_file_is_whole(client, draft):
    # given: three chunks, the last one first (a client with two on the wire)
    content = bytes(range(256)) * 1200
    first, middle, last = content[:100_000], content[100_000:200_000], content[200_000:]
    session = _start(client, draft, "o.bin", content, sha256=hashlib.sha256(content).hexdigest()).json()["id"]
    # when
    after_last = _put(client, session, 200_000, last, hashlib.sha256(last).hexdigest()).json()
    after_first = _put(client, session, 0, first).json()
    early = client.post(reverse("uploads:upload_complete", args=[session]))
    state = client.get(reverse("uploads:upload_session", args=[session])).json()
    after_middle = _put(client, session, 100_000, middle).json()
    done = client.post(reverse("uploads:upload_complete", args=[session]))
    # then: the offset counts only bytes without a gap; the ranges say what else arrived
    assert (after_last["offset"], after_last["ranges"]) == (0, [[200_000, len(content)]])
    assert (after_first["offset"], after_first["ranges"]) == (
        100_000,
        [[0, 100_000], [200_000, len(content)]],
    )
    assert early.status_code == 409 and early.json()["error"]["code"] == "incomplete"
    assert state["ranges"] == after_first["ranges"]
    assert (after_middle["offset"], after_middle["ranges"]) == (len(content), [[0, len(content)]])
    assert done.status_code == 201
    assert done.json()["documents"][0]["sha256"] == hashlib.sha256(content).hexdigest()


def test_a_chunk_over_bytes_already_received_is_refused_with_the_ranges(client, draft):
    content = b"0123456789" * 10
    session = _start(client, draft, "r.bin", content).json()["id"]
    _put(client, session, 40, content[40:60])
    # a chunk of another size that would rewrite received bytes (a resume with other boundaries)
    overlapping = _put(client, session, 30, content[30:50])
    assert overlapping.status_code == 409
    assert overlapping.json()["error"] | {"message": ""} == {
        "code": "offset_mismatch",
        "message": "",
        "offset": 0,
        "ranges": [[40, 60]],
    }
    # the gaps around it are still taken, whatever their size
    assert _put(client, session, 0, content[:40]).json()["offset"] == 60
    assert _put(client, session, 60, content[60:]).json()["ranges"] == [[0, 100]]
    done = client.post(reverse("uploads:upload_complete", args=[session]))
    assert done.json()["documents"][0]["sha256"] == hashlib.sha256(content).hexdigest()


def test_a_client_scattering_tiny_chunks_is_stopped_and_can_still_finish_in_order(client, draft, monkeypatch):
    from uploads import services as chunked

    monkeypatch.setattr(chunked, "MAX_RANGES", 8)
    content = bytes(range(10)) * 10
    session = _start(client, draft, "s.bin", content).json()["id"]
    # every other byte from the end: each one a separate range, up to the cap
    for offset in range(99, 99 - 2 * 8, -2):
        assert _put(client, session, offset, content[offset : offset + 1]).status_code == 200
    refused = _put(client, session, 1, content[1:2])
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "too_many_gaps" and refused.json()["error"]["offset"] == 0
    ranges = UploadSession.objects.get().ranges
    assert len(ranges) == 8
    # the bytes in order, gap by gap, are still taken: each one closes a gap
    gaps = zip([0, *(end for _, end in ranges)], [start for start, _ in ranges] + [100], strict=True)
    for start, end in gaps:
        if end > start:
            assert _put(client, session, start, content[start:end]).status_code == 200
    done = client.post(reverse("uploads:upload_complete", args=[session]))
    assert done.json()["documents"][0]["sha256"] == hashlib.sha256(content).hexdigest()


def test_a_damaged_chunk_after_a_gap_leaves_the_recorded_ranges_and_their_bytes(client, draft, settings):
    content = bytes(range(200)) * 5
    session = _start(client, draft, "d.bin", content).json()["id"]
    assert _put(client, session, 500, content[500:]).status_code == 200
    # a damaged chunk before it is not recorded, and its bytes are overwritten when it comes again
    refused = _put(client, session, 0, b"\xff" * 500, checksum=hashlib.sha256(content[:500]).hexdigest())
    assert refused.status_code == 400 and refused.json()["error"]["offset"] == 0
    assert client.get(reverse("uploads:upload_session", args=[session])).json()["ranges"] == [[500, 1000]]
    assert (
        _put(client, session, 0, content[:500], hashlib.sha256(content[:500]).hexdigest()).status_code == 200
    )
    done = client.post(reverse("uploads:upload_complete", args=[session]))
    assert done.json()["documents"][0]["sha256"] == hashlib.sha256(content).hexdigest()


def test_a_damaged_chunk_is_refused_and_the_offset_stays(client, draft):
    session = _start(client, draft, "a.txt", b"x" * 100).json()["id"]
    refused = _put(client, session, 0, b"x" * 50, checksum="0" * 64)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "chunk_damaged"
    assert client.get(reverse("uploads:upload_session", args=[session])).json()["offset"] == 0


def test_a_whole_file_checksum_mismatch_adds_nothing(client, draft):
    session = _start(client, draft, "a.txt", b"y" * 10, sha256="a" * 64).json()["id"]
    _put(client, session, 0, b"y" * 10)
    done = client.post(reverse("uploads:upload_complete", args=[session]))
    assert done.status_code == 400 and done.json()["error"]["code"] == "checksum_mismatch"
    assert draft.documents.count() == 0


def test_incomplete_oversized_and_past_the_end_are_refused(client, draft, settings):
    session = _start(client, draft, "a.txt", b"z" * 10).json()["id"]
    assert client.post(reverse("uploads:upload_complete", args=[session])).status_code == 409
    assert _put(client, session, 0, b"z" * 11).json()["error"]["code"] == "invalid_chunk"
    assert _put(client, session, -1, b"z").json()["error"]["code"] == "invalid_chunk"
    assert _put(client, session, 9, b"zz").json()["error"]["code"] == "invalid_chunk"
    settings.BATCH_MAX_FILE_BYTES = 1000
    too_big = _start(client, draft, "huge.pdf", b"0" * 1001)
    assert too_big.status_code == 400 and too_big.json()["error"]["code"] == "file_too_large"


def test_a_zip_in_chunks_is_stored_whole_for_a_worker_to_expand(client, draft, monkeypatch):
    # the worker's side: tests/batches/test_archive_uploads.py
    from batches.job_kinds import ARCHIVE
    from queueing.models import Job

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "Total: 1")
        archive.writestr("b.txt", "Total: 2")
    content = buffer.getvalue()
    session = _start(client, draft, "pack.zip", content).json()["id"]
    _put(client, session, 0, content)
    monkeypatch.setattr(zipfile, "ZipFile", None)  # the completing request must not open it
    done = client.post(reverse("uploads:upload_complete", args=[session]))
    assert done.status_code == 201
    (document,) = done.json()["documents"]
    assert (document["name"], document["expanding"], document["size"]) == ("pack.zip", True, len(content))
    assert Job.objects.filter(kind=ARCHIVE.name, target_id=str(document["id"])).exists()


def test_another_user_cannot_see_or_feed_an_upload(client, draft):
    session = _start(client, draft, "a.txt", b"q" * 10).json()["id"]
    client.force_login(UserFactory())
    assert client.get(reverse("uploads:upload_session", args=[session])).status_code == 404
    assert _put(client, session, 0, b"q" * 10).status_code == 404
    assert client.post(reverse("uploads:upload_complete", args=[session])).status_code == 404
    assert _start(client, draft, "b.txt", b"1").status_code == 404
    client.logout()
    assert client.get(reverse("uploads:upload_session", args=[session])).status_code == 302


def test_cancel_removes_the_staged_file(client, draft, settings):
    session = _start(client, draft, "a.txt", b"q" * 10).json()["id"]
    _put(client, session, 0, b"q" * 5)
    assert client.delete(reverse("uploads:upload_session", args=[session])).status_code == 204
    assert not UploadSession.objects.exists() and list(settings.UPLOAD_STAGING_DIR.iterdir()) == []


def test_a_multipart_file_past_the_site_ceiling_is_stopped_with_a_clear_error(client, draft, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.BATCH_MAX_FILE_BYTES = settings.BATCH_MAX_ARCHIVE_BYTES = 100_000
    response = client.post(
        reverse("batches:draft_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("big.txt", b"a" * 300_000)},
    )
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "file_too_large",
        "message": "The file is larger than 100,000 bytes; refused.",
    }
    assert draft.documents.count() == 0


def _asgi_puts(*requests: tuple[str, bytes, list[tuple[bytes, bytes]]]) -> list[tuple[int, dict]]:
    """PUTs through the project's ASGI application at the same time, as a server would deliver
    them: in pieces, the requests' pieces interleaved."""
    import asyncio
    import itertools

    from asgiref.sync import async_to_sync
    from asgiref.testing import ApplicationCommunicator

    from batchsite.asgi import application

    def scope(path: str, body: bytes, headers: list[tuple[bytes, bytes]]) -> dict:
        route, _, query = path.partition("?")
        return {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "PUT",
            "scheme": "http",
            "path": route,
            "raw_path": route.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "client": ("127.0.0.1", 5000),
            "server": ("testserver", 80),
            "headers": [(b"host", b"testserver"), (b"content-length", str(len(body)).encode()), *headers],
        }

    async def run():
        communicators = [ApplicationCommunicator(application, scope(*request)) for request in requests]
        pieces = [
            [body[i : i + 300_000] for i in range(0, len(body), 300_000)] or [b""] for _, body, _ in requests
        ]
        for row in itertools.zip_longest(*pieces):
            for communicator, own, piece in zip(communicators, pieces, row, strict=True):
                if piece is not None:
                    more = piece is not own[-1]
                    await communicator.send_input({"type": "http.request", "body": piece, "more_body": more})
            await asyncio.sleep(0.01)  # let the writers take their pieces

        async def answer(communicator):
            start = await communicator.receive_output(10)
            return start["status"], json.loads((await communicator.receive_output(10))["body"])

        return await asyncio.gather(*(answer(c) for c in communicators))

    return async_to_sync(run)()


def _asgi_put(path: str, body: bytes, headers: list[tuple[bytes, bytes]]) -> tuple[int, dict]:
    (answer,) = _asgi_puts((path, body, headers))
    return answer


def _signed_in(client) -> list[tuple[bytes, bytes]]:
    """The headers a browser signed in as the client's user sends: session and CSRF cookies, token,
    referer."""
    from django.middleware.csrf import _get_new_csrf_string

    csrf = _get_new_csrf_string()
    cookies = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}".encode()
    return [(b"cookie", cookies), (b"x-csrftoken", csrf.encode()), (b"referer", b"http://testserver/")]


@pytest.mark.django_db(transaction=True)
def test_the_streaming_endpoint_checks_session_csrf_and_offset_like_the_view(client, draft, settings):
    content = bytes(range(256)) * 4000  # about 1 MB, sent in pieces
    session = _start(client, draft, "stream.bin", content).json()["id"]
    path = f"/batches/uploads/{session}/?offset=0"
    signed_in = _signed_in(client)
    # refused: no session (a body this large is refused before it is read), then no CSRF token
    status, body = _asgi_put(path, content, [])
    assert (status, body["error"]["code"]) == (413, "body_too_large")
    assert _asgi_put(path, content[:1000], [])[0] == 403
    status, body = _asgi_put(path, content, signed_in[:1])
    assert (status, body["error"]["code"]) == (403, "csrf")
    # accepted with both, and the checksum of the chunk verified
    checksum = hashlib.sha256(content).hexdigest().encode()
    assert _asgi_put(path, content, [*signed_in, (b"x-chunk-sha256", checksum)]) == (
        200,
        {"offset": len(content), "size": len(content), "ranges": [[0, len(content)]]},
    )
    # a second PUT at the old offset is out of step
    status, body = _asgi_put(path, content, signed_in)
    assert (status, body["error"]["offset"]) == (409, len(content))
    # another user's session cannot feed it
    client.force_login(UserFactory())
    assert _asgi_put(path, content, _signed_in(client))[0] == 404
    staged = settings.UPLOAD_STAGING_DIR / f"{UploadSession.objects.get().pk.hex}.part"
    assert staged.stat().st_size == len(content)


@pytest.mark.django_db(transaction=True)
def test_two_chunks_streamed_at_once_land_in_place(client, draft):
    # given
    content = hashlib.sha256(b"seed").digest() * 60_000  # about 2 MB, no two pieces alike
    half = len(content) // 2
    session = _start(client, draft, "two.bin", content).json()["id"]
    headers = _signed_in(client)
    path = f"/batches/uploads/{session}/?offset="

    def checked(data: bytes) -> list[tuple[bytes, bytes]]:
        return [*headers, (b"x-chunk-sha256", hashlib.sha256(data).hexdigest().encode())]

    # when: the second half and the first half arrive interleaved, each through its own writer
    answers = _asgi_puts(
        (path + str(half), content[half:], checked(content[half:])),
        (path + "0", content[:half], checked(content[:half])),
    )
    # then
    assert [status for status, _ in answers] == [200, 200]
    assert UploadSession.objects.get().ranges == [[0, len(content)]]
    done = client.post(reverse("uploads:upload_complete", args=[session]))
    assert done.json()["documents"][0]["sha256"] == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize("direct", [True, False], ids=["o_direct", "page_cache_only"])
def test_the_staged_file_puts_every_byte_in_place_around_block_and_buffer_edges(
    tmp_path, monkeypatch, direct
):
    from uploads.services import _StagedFile

    if not direct:  # a system without O_DIRECT (or a file system refusing it) writes through the cache
        monkeypatch.delattr("os.O_DIRECT")
    path = tmp_path / "staged.part"
    path.write_bytes(b"\0" * (12 * 1024 * 1024))
    data = hashlib.sha256(b"x").digest() * 300_000  # 9.6 MB: more than two buffers
    offset = 4095  # one byte short of a block boundary
    staged = _StagedFile(path, offset)
    assert (staged.direct is not None) == direct
    for start in range(0, len(data), 65_521):  # odd pieces, across block and buffer edges
        staged.write(data[start : start + 65_521])
    staged.close(flush=True)
    # a chunk abandoned midway writes nothing it still held in its buffer
    abandoned = _StagedFile(path, 11 * 1024 * 1024)
    abandoned.write(b"\xff" * 1000)
    abandoned.close(flush=False)
    content = path.read_bytes()
    assert content[offset : offset + len(data)] == data
    assert content[:offset] == b"\0" * offset and content[offset + len(data) :].strip(b"\0") == b""


@pytest.mark.django_db(transaction=True)
def test_the_streaming_endpoint_recovers_from_a_database_connection_dropped_underneath(client, draft):
    from django.db import connection

    content = b"chunk of a file " * 4096
    session = _start(client, draft, "dropped.bin", content).json()["id"]
    headers = _signed_in(client)
    half = len(content) // 2
    path = f"/batches/uploads/{session}/?offset="
    # given: the connection the endpoint's thread holds dies (a database restart, a failover)
    connection.ensure_connection()
    connection.connection.close()
    # when: the next chunks arrive
    first = _asgi_put(f"{path}0", content[:half], headers)
    second = _asgi_put(f"{path}{half}", content[half:], headers)
    # then: each request starts on a working connection, as a Django view's would (request_started)
    assert first == (200, {"offset": half, "size": len(content), "ranges": [[0, half]]})
    assert second == (200, {"offset": len(content), "size": len(content), "ranges": [[0, len(content)]]})
