"""``/healthz``: can this deployment take and finish work right now?"""

from __future__ import annotations

import time

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from queueing import selectors


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
    from batchsite.celery import app

    replies = app.control.ping(timeout=settings.HEALTH_WORKER_PING_SECONDS) or []
    names = sorted(name for reply in replies for name in reply)
    if not names:
        raise RuntimeError("no worker answered")
    return {"count": len(names), "names": names}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _check(_database), "redis": _check(_redis), "broker": _check(_broker)}
    checks["workers"] = _check(_workers) if checks["broker"]["ok"] else {"ok": False, "error": "broker down"}
    body = {"ok": all(check["ok"] for check in checks.values()), "checks": checks}
    if checks["database"]["ok"]:
        body["queues"] = selectors.queue_stats()
    return JsonResponse(body, status=200 if body["ok"] else 503)
