"""Per-user and per-IP rate limits on uploads, submits, exports and failed sign-ins, kept in Redis.

Built on the ``limits`` library (moving windows in Redis, shared by every web process).
Over a limit, a view answers 429 with ``Retry-After`` in seconds.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from functools import lru_cache, wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter


@lru_cache(maxsize=1)
def _limiter() -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(storage_from_string(settings.REDIS_URL, key_prefix="batchsite-rl"))


def retry_after(request: HttpRequest, scope: str) -> int | None:
    """Count this request against the scope's limits; seconds to wait when one is exceeded."""
    per_user, per_ip = settings.RATE_LIMITS[scope]
    keys = [(parse(per_ip), "ip", request.META.get("REMOTE_ADDR", "unknown"))]
    if request.user.is_authenticated:
        keys.append((parse(per_user), "user", str(request.user.pk)))
    limiter = _limiter()
    for item, kind, identity in keys:
        if not limiter.hit(item, scope, kind, identity):
            reset, _remaining = limiter.get_window_stats(item, scope, kind, identity)
            return max(1, math.ceil(reset - time.time()))
    return None


def _login_keys(ip: str, username: str) -> list[tuple]:
    per_name, per_ip = settings.RATE_LIMITS["login"]
    # hashed: a user name is free text, and the key should not carry it into Redis in clear
    name = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    return [(parse(per_ip), "login", "ip", ip), (parse(per_name), "login", "name", name)]


def login_wait(*, ip: str, username: str) -> int | None:
    """Seconds until this address or this user name may try a password again; None when it may now."""
    if not settings.RATE_LIMITS_ENABLED:
        return None
    limiter = _limiter()
    waits = [
        math.ceil(limiter.get_window_stats(item, *identity).reset_time - time.time())
        for item, *identity in _login_keys(ip, username)
        if not limiter.test(item, *identity)
    ]
    return max(1, *waits) if waits else None


def login_failed(*, ip: str, username: str) -> None:
    """Count one wrong password against the address and the user name."""
    if settings.RATE_LIMITS_ENABLED:
        limiter = _limiter()
        for item, *identity in _login_keys(ip, username):
            limiter.hit(item, *identity)


class RateLimited(Exception):
    def __init__(self, wait: int) -> None:
        super().__init__(f"Too many requests: try again in {wait} seconds.")
        self.wait = wait


def enforce(request: HttpRequest, scope: str) -> None:
    """Raise ``RateLimited`` when this request goes over the scope's limits (API endpoints)."""
    if settings.RATE_LIMITS_ENABLED:
        wait = retry_after(request, scope)
        if wait is not None:
            raise RateLimited(wait)


def rate_limited(scope: str) -> Callable:
    """Decorate a view: over the limit it answers 429 (JSON for API/XHR callers) and does nothing."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in ("GET", "HEAD", "OPTIONS") or not settings.RATE_LIMITS_ENABLED:
                return view(request, *args, **kwargs)
            wait = retry_after(request, scope)
            if wait is None:
                return view(request, *args, **kwargs)
            message = f"Too many requests: try again in {wait} seconds."
            wants_json = (
                "application/json" in request.headers.get("Accept", "")
                or request.headers.get("X-Requested-With") == "XMLHttpRequest"
                or request.path.startswith("/api/")
            )
            if wants_json:
                response = JsonResponse(
                    {"error": {"code": "rate_limited", "message": message, "retry_after": wait}}, status=429
                )
            else:
                response = render(request, "rate_limited.html", {"message": message}, status=429)
            response["Retry-After"] = str(wait)
            return response

        return wrapper

    return decorator
