"""The chunk PUT as a streaming ASGI endpoint: the body goes to the staged file as it arrives.

Django's ASGI handler first spools a whole request body to a temporary file and only then
calls the view; for 16 MiB chunks that doubles the disk traffic and halves throughput. This
endpoint answers ``PUT /batches/uploads/<id>/?offset=N`` itself, with Django's own session,
authentication and CSRF checks run on the request's headers, and the same ``ChunkWriter`` as
the view. Every other request goes to Django unchanged.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections
from django.middleware.csrf import CsrfViewMiddleware

from batchsite.errors import ApplicationError
from uploads.services import PIECE, ChunkWriter, upload_session_get, upload_session_state
from uploads.views import STATUS

# Pieces handed to the writer thread: large enough that the thread hop is noise.
STREAM_PIECE = PIECE
PATH = re.compile(r"^/batches/uploads/(?P<id>[0-9a-f-]{36})/$")


def _with_request_connections(func):
    """``func`` run as Django runs a view's database work: old connections closed before and after.

    Django does this on ``request_started`` and ``request_finished``, which this endpoint never
    sends: without it, a database connection that dropped (a PostgreSQL restart, a failover)
    stayed broken in the thread that served the chunk, failing every later chunk there, and
    connections past ``CONN_MAX_AGE`` were never closed.
    """

    def run(*args, **kwargs):
        close_old_connections()
        try:
            return func(*args, **kwargs)
        finally:
            close_old_connections()

    return run


def _refuse(request):  # the middlewares' "next" is never reached: they only check
    return None


def _authorise(scope: dict) -> tuple[object, ChunkWriter | None, dict | None]:
    """Run Django's session, authentication and CSRF checks; open the chunk's writer."""
    request = ASGIRequest(scope, io.BytesIO(b""))
    SessionMiddleware(_refuse).process_request(request)
    AuthenticationMiddleware(_refuse).process_request(request)
    if not request.user.is_authenticated:
        return request, None, {"status": 403, "code": "forbidden", "message": "Sign in first."}
    rejected = CsrfViewMiddleware(_refuse).process_view(request, None, (), {})
    if rejected is not None:
        return (
            request,
            None,
            {"status": 403, "code": "csrf", "message": "CSRF check failed; reload the page."},
        )
    query = parse_qs(scope.get("query_string", b"").decode())
    try:
        offset = int(query.get("offset", ["-1"])[0])
        length = int(request.headers.get("Content-Length") or 0)
        session = upload_session_get(session_id=PATH.match(scope["path"]).group("id"), owner=request.user)
        writer = ChunkWriter(
            session=session,
            offset=offset,
            length=length,
            chunk_sha256=request.headers.get("X-Chunk-SHA256", ""),
        )
    except ValueError:
        return request, None, {"status": 400, "code": "invalid", "message": "offset must be a number."}
    except ApplicationError as exc:
        return (
            request,
            None,
            {"status": STATUS.get(exc.code, 400), "code": exc.code, "message": exc.message, **exc.extra},
        )
    return request, writer, None


async def _answer(send, status: int, body: dict) -> None:
    data = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": data})


class StreamingChunkUploads:
    """Wraps the Django ASGI application; only the chunk PUT is taken over."""

    def __init__(self, application) -> None:
        self.application = application

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "PUT" or not PATH.match(scope["path"]):
            await self.application(scope, receive, send)
            return
        _, writer, error = await sync_to_async(_with_request_connections(_authorise), thread_sensitive=True)(
            scope
        )
        if error is not None:
            status = error.pop("status")
            await _answer(send, status, {"error": error})
            return

        # Receiving goes on while the previous piece is written and hashed in a thread.
        def write_pieces(pieces: list[bytes]) -> None:
            for piece in pieces:
                writer.write(piece)

        write = sync_to_async(write_pieces, thread_sensitive=False)
        pending: asyncio.Task | None = None
        pieces: list[bytes] = []  # handed over once per STREAM_PIECE, so the thread hop is noise
        buffered = 0
        try:
            more = True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    if pending is not None:
                        await asyncio.gather(pending, return_exceptions=True)
                    await sync_to_async(writer.abort)()
                    return
                body = message.get("body", b"")
                pieces.append(body)
                buffered += len(body)
                more = message.get("more_body", False)
                if buffered >= STREAM_PIECE or not more:
                    if pending is not None:
                        await pending
                    pending = asyncio.ensure_future(write(pieces))
                    pieces, buffered = [], 0
            if pending is not None:
                await pending
            await sync_to_async(_with_request_connections(writer.finish), thread_sensitive=True)()
        except ApplicationError as exc:
            await _answer(
                send,
                STATUS.get(exc.code, 400),
                {"error": {"code": exc.code, "message": exc.message, **exc.extra}},
            )
            return
        except Exception:  # a disk full, a storage error: the chunk stays unrecorded, the server logs it
            await sync_to_async(writer.abort)()
            raise
        await _answer(send, 200, upload_session_state(writer.session))
