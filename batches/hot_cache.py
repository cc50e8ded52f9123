"""Hot batch data cached in Redis: the status endpoint, the batch page's counters and rows, analytics.

The API's batch status is not cached: it is the batch row itself, which the owner-scoped read
below needs anyway, so an entry only added two round trips to Redis (measured, see the README).

Batch data is invalidated on change, never by waiting for a TTL. An entry's key holds

- the user who asked (only after ``selectors.batch_get`` found the batch to be theirs: one
  user's entry is never another's key),
- the batch's ``status`` and ``updated_at``, from that same owner-scoped read: every change of
  the batch row (counters move with ``updated_at``; pause, cancel, retry, submit) makes a new key,
  and a deleted batch is a 404 before the cache is looked at,
- the batch's data version, replaced after the commit of every progress event
  (``batches.progress.publish``): changes of document rows alone (a claim, a step) make a new key.

Nothing is deleted: old keys are never asked for again and expire after ``HOT_CACHE_SECONDS``.
The version is read before the data is computed, so an entry is never older than its key.

Analytics figures are cached per user (or for operators' "everyone") and date range for
``ANALYTICS_CACHE_SECONDS``, not invalidated: they include documents finished since the last
rollup, read live, so every finished document changes them (a rollup does not: it moves the same
documents into the tables). Invalidating on each would empty the entry at every document while a
batch runs, exactly when the page is hot; the page says how old its figures are.

``HOT_CACHE = False`` turns all of it off: every request reads the database, no key is written.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

T = TypeVar("T")
VERSION_SECONDS = 24 * 3600  # a version outlives every entry made under it


@dataclass
class HitCounter:
    """This process's hits and misses (the benchmark's hit rate)."""

    hits: int = 0
    misses: int = 0

    @property
    def rate(self) -> float | None:
        asked = self.hits + self.misses
        return self.hits / asked if asked else None


counter = HitCounter()


def hot_cache_enabled() -> bool:
    return bool(settings.HOT_CACHE)


def _version_key(batch_id: object) -> str:
    return f"hot:batch:{batch_id}:version"


def batch_data_changed(*, batch_id: object) -> None:
    """Give the batch a new data version once the change commits (at once outside a transaction)."""
    if hot_cache_enabled():
        transaction.on_commit(partial(_new_version, str(batch_id)))


def _new_version(batch_id: str) -> None:
    try:  # a fresh token, not an increment: one round trip, and no two writers make the same one
        cache.set(_version_key(batch_id), uuid.uuid4().hex, timeout=VERSION_SECONDS)
    except Exception:  # Redis away: the entries' TTL bounds what is served; never fail the change
        logger.warning("hot cache: version of batch %s not replaced", batch_id, exc_info=True)


def _cached(key: str, compute: Callable[[], T], *, timeout: int) -> T:
    try:
        found = cache.get(key)
    except Exception:
        logger.warning("hot cache unavailable; reading the database", exc_info=True)
        return compute()
    if found is not None:
        counter.hits += 1
        return found
    counter.misses += 1
    value = compute()
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:
        logger.warning("hot cache: %s not stored", key, exc_info=True)
    return value


def batch_cached(*, batch, user, part: str, compute: Callable[[], T], page: int = 1) -> T:
    """``compute()`` for the user's own ``batch`` (checked by the caller), cached until it changes.

    ``part`` names what is cached (the snapshot, the API's status); ``page`` the rows' page.
    """
    if not hot_cache_enabled():
        return compute()
    try:
        version = cache.get(_version_key(batch.pk)) or "0"
    except Exception:
        logger.warning("hot cache unavailable; reading the database", exc_info=True)
        return compute()
    stamp = f"{batch.status}:{batch.updated_at.timestamp():.6f}"
    key = f"hot:batch:{batch.pk}:user:{user.pk}:{part}:{page}:{stamp}:{version}"
    return _cached(key, compute, timeout=settings.HOT_CACHE_SECONDS)


def analytics_cached(
    *, user, everyone: bool, since: date, until: date, compute: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """The analytics figures of a user (or of everyone, for operators), at most
    ``ANALYTICS_CACHE_SECONDS`` old; ``computed_at`` says when they were read."""

    def computed() -> dict[str, Any]:
        return {**compute(), "computed_at": time.time()}

    if not hot_cache_enabled():
        return computed()
    whose = "everyone" if everyone else f"user:{user.pk}"
    key = f"hot:analytics:{whose}:{since.isoformat()}:{until.isoformat()}"
    return _cached(key, computed, timeout=settings.ANALYTICS_CACHE_SECONDS)


def hot_cache_clear() -> int:
    """Delete every hot-cache key (tests start each without another's entries); how many."""
    client = cache._cache.get_client(write=True)  # the backend's own redis-py client
    pattern = cache.make_key("hot:*")
    keys = list(client.scan_iter(match=pattern, count=1000))
    if keys:
        client.delete(*keys)
    return len(keys)
