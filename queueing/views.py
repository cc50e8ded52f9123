"""``/healthz``: can this deployment take and finish work right now?

The public answer is the status alone (200 or 503): a load balancer needs nothing more.
Staff, and a request carrying ``HEALTH_TOKEN`` (``Authorization: Bearer …``), also get the
checks, the queues, the worker nodes and the age of the last reaper pass. Nothing here talks
to a worker: nodes are known from the heartbeats they record in Redis.
"""

from __future__ import annotations

import hmac
import time

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from queueing import recovery, selectors


def _check(probe) -> dict:
    started = time.monotonic()
    try:
        detail = probe()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1), **(detail or {})}


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis() -> None:
    redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2).ping()


def _broker() -> None:
    redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2, socket_connect_timeout=2).ping()


def _workers() -> dict:
    """Worker nodes whose heartbeat is younger than a lease (what recovery counts as alive)."""
    live = {name: age for name, age in recovery.nodes_seen().items() if age <= settings.QUEUE_LEASE_SECONDS}
    if not live:
        raise RuntimeError("no worker node sent a heartbeat")
    return {"count": len(live), "seconds_since_heartbeat": live}


def _reaper() -> dict:
    """The last recovery pass: stale after three intervals (no worker is taking its turn)."""
    age = recovery.reaper_last_pass_age()
    if age is None or age > 3 * settings.QUEUE_RECOVER_EVERY_SECONDS:
        raise RuntimeError("no recent reaper pass")
    return {"seconds_since_last_pass": age}


def _may_see_details(request: HttpRequest) -> bool:
    if request.user.is_authenticated and request.user.is_staff:
        return True
    token = settings.HEALTH_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _check(_database), "redis": _check(_redis), "broker": _check(_broker)}
    redis_down = {"ok": False, "error": "redis down"}
    checks["workers"] = _check(_workers) if checks["redis"]["ok"] else redis_down
    checks["reaper"] = _check(_reaper) if checks["redis"]["ok"] else redis_down
    ok = all(check["ok"] for check in checks.values())
    status = 200 if ok else 503
    if not _may_see_details(request):
        return JsonResponse({"status": "ok" if ok else "unavailable"}, status=status)
    body = {"status": "ok" if ok else "unavailable", "ok": ok, "checks": checks}
    if checks["database"]["ok"]:
        body["queues"] = selectors.queue_stats()
    return JsonResponse(body, status=status)
