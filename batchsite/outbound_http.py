"""POST to a URL a user chose, without letting it reach inside the network or hold a worker.

- The host is resolved once and every address it resolves to must be public (``address_refusal``):
  no loopback, private, shared, link-local, ULA, multicast, reserved or unspecified address, also
  when one hides inside an IPv6 address (IPv4-mapped, 6to4, Teredo, NAT64).
- The connection goes to the address that was checked (no second lookup that DNS rebinding could
  answer differently); the Host header and, for https, SNI and the certificate check keep the name.
- Redirects are not followed: a 3xx is an answer like any other non-2xx.
- One deadline covers the whole exchange (lookup, connect, send, the answer's status and headers):
  a watchdog shuts the socket down when it passes, so a receiver that trickles bytes cannot
  extend it with reads that each come in time.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Lookups run here so that a slow DNS server counts against the deadline too.
_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="outbound-dns")


class OutboundRefused(Exception):
    """The URL may not be called: its scheme, its form or one of its addresses is refused."""


class OutboundFailed(Exception):
    """The call was made but did not succeed: unreachable, too slow, or a broken answer."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # ASCII (IDNA), without brackets
    port: int
    path: str  # path and query

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def target_parse(url: str, *, require_https: bool) -> Target:
    """The parts of an http(s) URL that the call uses; ``OutboundRefused`` with the reason."""
    allowed = ("https",) if require_https else ("https", "http")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (ValueError, UnicodeError) as exc:
        raise OutboundRefused(f"The URL is not valid: {exc}.") from None
    if parts.scheme not in allowed:
        raise OutboundRefused(f"The URL must start with {' or '.join(f'{s}://' for s in allowed)}.")
    if not host:
        raise OutboundRefused("The URL has no host name.")
    if parts.username or parts.password:
        raise OutboundRefused("The URL must not contain a user name or password.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path)


def address_refusal(address: IPAddress) -> str | None:
    """Why a call to this address is refused (e.g. "loopback"), or None when it is public."""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return address_refusal(embedded)
    for reason in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(address, f"is_{reason}"):
            return reason.replace("_", "-")
    if not address.is_global:  # shared address space (100.64/10) and the like
        return "not public"
    return None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if address.version == 4:
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def addresses_resolve(target: Target, *, allow_private: bool, timeout: float) -> list[IPAddress]:
    """Every address the host resolves to, each checked; ``OutboundRefused`` names the first refused."""
    lookup = _resolver.submit(socket.getaddrinfo, target.host, target.port, type=socket.SOCK_STREAM)
    try:
        answers = lookup.result(timeout=max(timeout, 0.001))
    except FutureTimeout:
        raise OutboundFailed(f"Looking up {target.host} took longer than {timeout:.0f} s.") from None
    except OSError as exc:  # may pass (a DNS server away): a failure, not a refusal
        raise OutboundFailed(f"The host {target.host} could not be found ({exc}).") from None
    addresses = list(dict.fromkeys(ipaddress.ip_address(a[4][0].split("%")[0]) for a in answers))
    for address in addresses:
        refusal = None if allow_private else address_refusal(address)
        if refusal:
            raise OutboundRefused(
                f"The host {target.host} resolves to {address}, a {refusal} address: "
                "calls to internal networks are not allowed."
            )
    return addresses


def post(
    url: str,
    *,
    body: bytes,
    headers: dict[str, str],
    deadline_seconds: float,
    require_https: bool,
    allow_private: bool,
) -> int:
    """POST ``body`` to ``url`` within ``deadline_seconds`` in all; the answer's status code."""
    deadline = time.monotonic() + deadline_seconds
    target = target_parse(url, require_https=require_https)
    addresses = addresses_resolve(target, allow_private=allow_private, timeout=deadline_seconds)
    failure: OSError | None = None
    for address in addresses:  # the checked addresses, in the resolver's order, until one connects
        try:
            raw = _connect(address, target.port, deadline=deadline)
        except OSError as exc:
            failure = exc
            continue
        return _exchange(raw, target, body=body, headers=headers, deadline=deadline)
    if time.monotonic() >= deadline:
        raise OutboundFailed(f"No connection within the {deadline_seconds:g} s deadline.")
    raise OutboundFailed(f"Could not connect to {target.host}: {failure}.")


def _connect(address: IPAddress, port: int, *, deadline: float) -> socket.socket:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("deadline passed")
    return socket.create_connection((str(address), port), timeout=remaining)


def _exchange(raw: socket.socket, target: Target, *, body: bytes, headers: dict, deadline: float) -> int:
    """Send the request on the connected socket and read the answer's status, by the deadline."""
    watchdog = _Watchdog(raw, seconds=deadline - time.monotonic())
    try:
        connection = http.client.HTTPConnection(target.host, target.port)
        connection.sock = _tls(raw, target.host, watchdog) if target.scheme == "https" else raw
        connection.request("POST", target.path, body=body, headers={**headers, "Host": target.host_header})
        status = connection.getresponse().status  # the status line and headers; the body is not read
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if watchdog.fired.is_set():
            raise OutboundFailed("The receiver did not answer within the deadline.") from None
        raise OutboundFailed(str(exc) or type(exc).__name__) from None
    finally:
        watchdog.cancel()
        watchdog.sock.close()
    if watchdog.fired.is_set():  # cut mid-headers: http.client takes the end of input for their end
        raise OutboundFailed("The receiver did not answer within the deadline.")
    return status


def _tls(raw: socket.socket, host: str, watchdog: _Watchdog) -> ssl.SSLSocket:
    """TLS on the checked address, with the URL's name for SNI and the certificate check."""
    tls = ssl.create_default_context().wrap_socket(raw, server_hostname=host, do_handshake_on_connect=False)
    watchdog.sock = tls  # wrapping detached ``raw``: the watchdog cuts the new socket
    tls.do_handshake()
    return tls


class _Watchdog:
    """Shuts the socket down when the deadline passes, wherever the exchange blocks.

    Each read has its own timeout too, but a receiver that sends a byte at a time keeps every
    read in time; only a clock outside the reads ends that. ``shutdown`` (not ``close``) makes
    a blocked read return at once in the worker's thread.
    """

    def __init__(self, sock: socket.socket, *, seconds: float) -> None:
        self.fired = threading.Event()
        self.sock = sock
        self._timer = threading.Timer(max(seconds, 0.0), self._cut)
        self._timer.daemon = True
        self._timer.start()

    def _cut(self) -> None:
        self.fired.set()
        with contextlib.suppress(OSError):
            # the plain socket's shutdown: an SSL socket's own would also drop its state meanwhile
            socket.socket.shutdown(self.sock, socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()
