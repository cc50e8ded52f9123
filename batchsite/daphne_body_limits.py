"""The request body caps of ``batchsite.body_limits`` applied in Daphne's Twisted layer.

Twisted reads a whole request body (into a temporary file past 100 KB) before Daphne hands the
request to the ASGI application, so the application's caps alone cannot spare that reading.
Twisted calls ``gotLength`` once the headers are parsed, before any body byte, and
``handleContentChunk`` for each piece of the body; here a declared ``Content-Length`` over the
cap is answered 413 at once and a body without one (chunked) is cut off once it passes the cap.

Whether the caller is signed in is decided from the headers alone (a session cookie or a bearer
token present: ``credentials_presented``), since the reactor thread must not wait for the
database. A forged cookie therefore buys at most the signed-in cap of its path here; the ASGI
layer (``RequestBodyLimits``) then checks the credentials for real before the application runs.
"""

from __future__ import annotations

import io
from urllib.parse import unquote

from daphne.http_protocol import HTTPFactory, WebRequest

from batchsite.body_limits import body_cap, credentials_presented, refusal

# After the 413 the connection is half-closed and no more is read; it is dropped this much later,
# so that the answer reaches a client still sending instead of being lost to a TCP reset.
LINGER_SECONDS = 2.0


def _request_path(target: bytes) -> str:
    """The decoded path of a request target, as Daphne puts it in the ASGI scope."""
    return unquote(target.split(b"?", 1)[0].decode("ascii", "replace"))


class BodyCappedWebRequest(WebRequest):
    """Daphne's request, refusing a body past its path's cap before the body is read."""

    _body_refused = False
    _body_limit: int | None = None
    _body_received = 0

    def gotLength(self, length: int | None) -> None:
        self._body_path = _request_path(getattr(self.channel, "_path", b"/"))
        self._body_headers = [
            (name.lower(), value)
            for name, values in self.requestHeaders.getAllRawHeaders()
            for value in values
        ]
        self._body_signed_in = credentials_presented(self._body_headers)
        self._body_limit = body_cap(self._body_path).for_caller(signed_in=self._body_signed_in)
        if length is not None and length > self._body_limit:
            self.content = io.BytesIO()  # nothing is written to it: no temporary file for 200 MiB
            self._refuse_body()
            return
        super().gotLength(length)

    def handleContentChunk(self, data: bytes) -> None:
        if self._body_refused:
            return
        self._body_received += len(data)
        if self._body_limit is not None and self._body_received > self._body_limit:
            self._refuse_body()
            return
        super().handleContentChunk(data)

    def requestReceived(self, command: bytes, path: bytes, version: bytes) -> None:
        if self._body_refused:  # the rest of a refused body arrived with its headers: already answered
            return
        super().requestReceived(command, path, version)

    def _refuse_body(self) -> None:
        """Answer 413 on the raw connection (the request never reaches Daphne's application)."""
        self._body_refused = True
        kind, body = refusal(
            self._body_path, self._body_headers, limit=self._body_limit, signed_in=self._body_signed_in
        )
        transport = self.channel.transport
        transport.write(
            b"HTTP/1.1 413 Request Entity Too Large\r\nContent-Type: "
            + kind
            + b"\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\nConnection: close\r\n\r\n"
            + body
        )
        transport.pauseProducing()  # read no more of the body
        close_writing = getattr(transport, "loseWriteConnection", None)
        if close_writing is None:
            self.channel.loseConnection()
            return
        close_writing()  # the answer, then a FIN
        # Daphne's asyncio reactor, imported here: at import time this would install another one
        from twisted.internet import reactor

        reactor.callLater(LINGER_SECONDS, transport.abortConnection)


class BodyCappedHTTPFactory(HTTPFactory):
    """Daphne's HTTP factory, building connections whose requests are ``BodyCappedWebRequest``."""

    def buildProtocol(self, addr):
        protocol = super().buildProtocol(addr)
        protocol.requestFactory = BodyCappedWebRequest
        return protocol


def daphne_body_limits_install() -> None:
    """Make Daphne's server build its HTTP connections with the capped requests."""
    import daphne.server

    daphne.server.HTTPFactory = BodyCappedHTTPFactory
