"""Request body caps per path, applied in the ASGI entry before the application reads a byte.

Django reads (and spools) a whole request body before any view, CSRF or login check runs, so
without a cap in front of it an anonymous client could make the server read gigabytes only to
be refused with a 403. Here each request gets the cap of its path:

- anyone not signed in: ``REQUEST_BODY_MAX_ANONYMOUS`` (a login form is a few hundred bytes);
- a signed-in user (session, or an API token): ``REQUEST_BODY_MAX`` on ordinary pages and
  endpoints, ``REQUEST_UPLOAD_MAX`` on the multipart upload paths, and the chunk endpoint's own
  ``MAX_CHUNK`` on a resumable upload's chunk ``PUT``.

A declared ``Content-Length`` over the cap is answered 413 at once, before the body is read;
a body without one (chunked) is counted as it streams and cut off with a 413 when it passes the
cap. Whether the client is signed in is looked up only when a body is larger than the anonymous
cap, so the common small request costs nothing.

The server must stream bodies to the application for this to save its reading: uvicorn does;
Daphne's Twisted layer reads a whole body before the application is called, so the project's
Daphne (``batchsite.daphne_server``) applies the same caps in Twisted, as the headers arrive,
deciding "signed in" by the credentials the headers carry (``credentials_presented``); this
layer then checks them for real (docs/security.md).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections
from django.http.cookie import parse_cookie

from accounts.tokens import api_token_user
from uploads.services import MAX_CHUNK

UUID = r"[0-9a-f-]{36}"


@dataclass(frozen=True)
class BodyCap:
    """The largest body a path accepts, from a signed-in client; anonymous ones get less."""

    signed_in: int
    anonymous: int

    def for_caller(self, *, signed_in: bool) -> int:
        return self.signed_in if signed_in else self.anonymous


def body_cap(path: str) -> BodyCap:
    """The cap of one path (the first rule that matches, else the default)."""
    anonymous = settings.REQUEST_BODY_MAX_ANONYMOUS
    if re.fullmatch(rf"/batches/uploads/{UUID}/", path):  # a resumable upload's chunk PUT
        return BodyCap(MAX_CHUNK, anonymous)
    uploads = (r"/batches/new/", rf"/batches/drafts/{UUID}/files/", r"/api/v1/batches", r"/convert/submit/")
    if any(re.fullmatch(pattern, path) for pattern in uploads):
        return BodyCap(settings.REQUEST_UPLOAD_MAX, anonymous)
    return BodyCap(settings.REQUEST_BODY_MAX, anonymous)


def credentials_presented(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    """Whether the headers carry a session cookie or a bearer token (valid or not: not checked here).

    Without either a client is anonymous for certain; with one it may be signed in, which only
    the database can tell (``_signed_in``).
    """
    session_cookie = settings.SESSION_COOKIE_NAME
    for name, value in headers:
        name = name.lower()
        if name == b"authorization" and value.startswith(b"Bearer "):
            return True
        if name == b"cookie" and session_cookie in parse_cookie(value.decode("latin-1")):
            return True
    return False


def refusal(
    path: str, headers: Iterable[tuple[bytes, bytes]], *, limit: int, signed_in: bool
) -> tuple[bytes, bytes]:
    """The 413's content type and body: JSON for the API and XHR callers, plain text otherwise."""
    message = (
        f"The request body is larger than {limit:,} bytes, the most this address accepts."
        if signed_in
        else f"Sign in first: a request body from a visitor who is not signed in may hold {limit:,} bytes."
    )
    if _wants_json(path, headers):
        return b"application/json", json.dumps(
            {"error": {"code": "body_too_large", "message": message}}
        ).encode()
    return b"text/plain; charset=utf-8", message.encode()


def _no_next(request):  # the middlewares below only look at the request; nothing comes after
    return None


def _signed_in(scope: dict) -> bool:
    """Whether the request carries a valid session of an active user or a valid API token."""
    close_old_connections()  # as Django's request signals do: never reuse a broken connection
    try:
        request = ASGIRequest(scope, io.BytesIO(b""))
        authorization = request.headers.get("Authorization", "")
        if authorization.startswith("Bearer "):
            return api_token_user(key=authorization.removeprefix("Bearer ").strip(), touch=False) is not None
        SessionMiddleware(_no_next).process_request(request)
        AuthenticationMiddleware(_no_next).process_request(request)
        return request.user.is_authenticated
    finally:
        close_old_connections()


def _declared_length(scope: dict) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _wants_json(path: str, headers: Iterable[tuple[bytes, bytes]]) -> bool:
    headers = {name.lower(): value for name, value in headers}
    return (
        path.startswith(("/api/", "/batches/uploads/"))  # JSON endpoints
        or b"json" in headers.get(b"accept", b"")
        or headers.get(b"x-requested-with") == b"XMLHttpRequest"
    )


async def _refuse(scope: dict, send, limit: int, signed_in: bool) -> None:
    kind, body = refusal(scope["path"], scope.get("headers", []), limit=limit, signed_in=signed_in)
    headers = [
        (b"content-type", kind),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class _Guard:
    """The state of one request: the cap that applies, the bytes seen, whether it was refused."""

    def __init__(self, scope: dict, cap: BodyCap) -> None:
        self.scope, self.cap = scope, cap
        self.signed_in: bool | None = None  # looked up once, only when a body needs it
        self.received = 0
        self.refused = False

    async def limit(self) -> int:
        """The cap for this client (looking up whether it is signed in the first time it matters)."""
        if self.signed_in is None and not credentials_presented(self.scope.get("headers", [])):
            self.signed_in = False  # anonymous for certain: no need to ask the database
        if self.signed_in is None:
            self.signed_in = await sync_to_async(_signed_in, thread_sensitive=True)(self.scope)
        return self.cap.for_caller(signed_in=self.signed_in)

    async def over(self, length: int) -> int | None:
        """The cap, when ``length`` bytes are more than it; None when they fit."""
        if length <= self.cap.anonymous:
            return None
        limit = await self.limit()
        return limit if length > limit else None


class RequestBodyLimits:
    """ASGI middleware: refuses a body past its path's cap with 413 before the application reads it."""

    def __init__(self, application) -> None:
        self.application = application

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.application(scope, receive, send)
            return
        guard = _Guard(scope, body_cap(scope["path"]))
        declared = _declared_length(scope)
        if declared is not None:
            limit = await guard.over(declared)
            if limit is not None:
                await _refuse(scope, send, limit, bool(guard.signed_in))
                return

        async def counted_receive():
            message = await receive()
            if message["type"] == "http.request" and not guard.refused:
                guard.received += len(message.get("body", b""))
                limit = await guard.over(guard.received)
                if limit is not None:  # a chunked body past its cap: the application sees a disconnect
                    guard.refused = True
                    await _refuse(scope, send, limit, bool(guard.signed_in))
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            if not guard.refused:  # once refused, the 413 is the answer
                await send(message)

        await self.application(scope, counted_receive, guarded_send)
