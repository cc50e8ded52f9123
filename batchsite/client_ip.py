"""The address a request came from, as every app records it (audit log, rate limits, downloads)."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Behind a proxy, the proxy must set REMOTE_ADDR (e.g. uvicorn/daphne --proxy-headers).
    return request.META.get("REMOTE_ADDR") or None
