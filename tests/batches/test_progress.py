"""The progress aggregator against the real Redis: several processes write into one hash per batch."""

from __future__ import annotations

import uuid

import redis
from django.conf import settings

from batches.progress import _Publisher


def _entry(updated_at: float, status: str, *, urgent: bool) -> dict:
    return {"batch": {"updated_at": updated_at, "status": status}, "documents": {}, "urgent": urgent}


def test_older_counters_from_another_process_never_replace_newer_ones_before_the_drain():
    """A worker's final counters, then a web process's older ones (read before the worker finished)."""
    batch_id = str(uuid.uuid4())
    worker, web = _Publisher(), _Publisher()
    # the worker's slot is taken (someone drained a moment ago): its counters wait in the hash
    redis.Redis.from_url(settings.REDIS_URL).set(f"batchsite:progress:slot:{batch_id}", 1, px=5000)
    assert worker._exchange({batch_id: _entry(20.0, "completed", urgent=False)}, 5.0) == []
    # when: the web process's older counters arrive, urgent (a retry), and it drains
    due = web._exchange({batch_id: _entry(10.0, "processing", urgent=True)}, 5.0)
    # then: the event carries the newer counters
    assert [(b, event["batch"]) for b, event in due] == [
        (batch_id, {"updated_at": 20.0, "status": "completed"})
    ]


def test_newer_counters_replace_older_ones():
    batch_id = str(uuid.uuid4())
    first, second = _Publisher(), _Publisher()
    redis.Redis.from_url(settings.REDIS_URL).set(f"batchsite:progress:slot:{batch_id}", 1, px=5000)
    first._exchange({batch_id: _entry(10.0, "processing", urgent=False)}, 5.0)
    due = second._exchange({batch_id: _entry(20.0, "completed", urgent=True)}, 5.0)
    assert due[0][1]["batch"] == {"updated_at": 20.0, "status": "completed"}


def _rows(*rows: dict) -> dict:
    return {"batch": None, "documents": {row["id"]: row for row in rows}, "urgent": False}


def test_an_older_row_from_a_slower_process_never_replaces_a_newer_one():
    """One process read a document's claim and was slowed down; another read its failure and
    wrote first. The page must get the failure, not the claim."""
    batch_id = str(uuid.uuid4())
    slow, fast = _Publisher(), _Publisher()
    redis.Redis.from_url(settings.REDIS_URL).set(f"batchsite:progress:slot:{batch_id}", 1, px=5000)
    fast._exchange({batch_id: _rows({"id": 7, "position": 0, "status": "failed", "at": 20.0})}, 5.0)
    slow._exchange({batch_id: _rows({"id": 7, "position": 0, "status": "processing", "at": 10.0})}, 5.0)
    redis.Redis.from_url(settings.REDIS_URL).delete(f"batchsite:progress:slot:{batch_id}")
    due = fast._exchange({batch_id: _rows({"id": 8, "position": 1, "status": "queued", "at": 5.0})}, 5.0)
    assert [(b, sorted((r["id"], r["status"]) for r in event["documents"])) for b, event in due] == [
        (batch_id, [(7, "failed"), (8, "queued")])
    ]


def test_rows_published_in_one_process_keep_the_newest():
    batch_id = str(uuid.uuid4())
    publisher = _Publisher()
    publisher._ensure_thread = lambda: None  # held, not sent: only what publish keeps is read
    publisher.publish(batch_id, None, [{"id": 1, "status": "failed", "at": 2.0}])
    publisher.publish(batch_id, None, [{"id": 1, "status": "processing", "at": 1.0}])
    assert publisher._pending[batch_id]["documents"][1]["status"] == "failed"


def test_a_process_ending_with_redis_away_does_not_wait_for_rows_it_cannot_drain(settings):
    """A pool process ending while Redis is away sends what it holds directly and does not wait
    out its flush's time for the rows its earlier ticks left in Redis: nobody can drain them."""
    import time

    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens there
    publisher = _Publisher()
    publisher._interested[str(uuid.uuid4())] = time.monotonic()  # a row left in Redis before
    publisher.publish(str(uuid.uuid4()), None, [{"id": 1, "position": 0, "at": 1.0}])
    started = time.monotonic()
    publisher.flush(timeout=5.0)
    assert time.monotonic() - started < 3.0
    assert not publisher._unsent()
