"""Progress events: one typed helper that every producer sends through.

Workers never call the channel layer directly. ``publish`` coalesces events per batch and
flushes them at most every ``PROGRESS_MIN_INTERVAL_SECONDS`` (and at once when a batch
reaches a final status), over one event loop and one Redis connection pool per process:
``async_to_sync(group_send)`` per document would open a connection per call.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import logging
import os
import threading
import time
from typing import Any, Literal, TypedDict

from django.conf import settings

logger = logging.getLogger(__name__)


def batch_group(batch_id: object) -> str:
    """The channel-layer group of a batch's progress (ids only, never raw input)."""
    return f"batch.{batch_id}"


def user_group(user_id: object) -> str:
    """The channel-layer group of one user's notifications (shown on every page)."""
    return f"user.{int(user_id)}"


class BatchFinished(TypedDict):
    type: Literal["batch.finished"]
    batch_id: str
    name: str
    status: str
    status_label: str
    succeeded: int
    failed: int
    url: str


class BatchCounters(TypedDict):
    id: str
    status: str
    status_label: str
    total: int
    waiting: int
    processing: int
    succeeded: int
    failed: int
    cancelled: int
    done: int
    percent: int
    updated_at: float
    started_at: float | None
    finished_at: float | None
    llm_tokens: int  # prompt and completion tokens the LLM engine spent on the batch
    llm_cost_usd: str  # their cost, "0.0123"


class DocumentRow(TypedDict):
    id: int
    position: int
    name: str
    status: str
    step: str
    document_type: str
    error_code: str
    error_message: str
    duration_ms: int | None  # its own processing time
    wait_ms: int | None  # its wait in the queue before it started
    at: float  # when its state was read (time.time(); hosts' clocks NTP-synced): older never replaces newer


class ProgressEvent(TypedDict):
    type: Literal["batch.progress"]
    batch: BatchCounters | None  # None when only rows changed (a document started)
    documents: list[DocumentRow]


# Counters go into a batch's hash only when they are at least as new as the ones there: every
# process writes into the same hash, and a worker's final counters must not be replaced by a
# web process's older ones (read before the worker finished) before somebody drains them.
_NEWER_COUNTERS = """
local seen = redis.call('HGET', KEYS[1], '_batch_at')
if not seen or tonumber(seen) <= tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], '_batch', ARGV[2], '_batch_at', ARGV[1])
end
"""

# Rows likewise, each by its own time (kept in the field "@<row id>" beside the row): two
# processes' events about one document (a claim read by one, slowed down, and its failure by
# another) reach the hash in either order.
_NEWER_ROWS = """
for i = 1, #ARGV, 3 do
  local seen = redis.call('HGET', KEYS[1], '@' .. ARGV[i])
  if not seen or tonumber(seen) <= tonumber(ARGV[i + 1]) then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2], '@' .. ARGV[i], ARGV[i + 1])
  end
end
"""


class _Publisher:
    """Coalesces progress events across every worker process of a deployment.

    Each process keeps what changed since its last tick; every tick it moves that into a
    Redis hash per batch (rows by id, plus the newest counters). Whichever process then
    claims the batch's slot for this interval (``SET NX PX``) drains the hash and sends one
    event holding everything that changed, so a browser gets at most one message per
    interval however many workers run, and a row waits at most about one interval.
    Runs its own event loop in a daemon thread: one connection pool per process.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[str, dict[str, Any]] = {}
        self._interested: dict[str, float] = {}  # batches this process pushed rows for
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._wakeup = threading.Event()
        self._redis = None
        self._sending = False  # the flusher holds events it took and has not sent yet
        self._draining = False  # the process is ending: everything goes out now, unthrottled

    def _ensure_thread(self) -> None:
        # After a prefork the child must build its own loop and connections.
        if self._thread is not None and self._pid == os.getpid() and self._thread.is_alive():
            return
        self._pid = os.getpid()
        self._pending, self._interested, self._redis = {}, {}, None
        self._sending = self._draining = False
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="progress-publisher", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        assert self._loop is not None
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._flusher())

    async def _flusher(self) -> None:
        from channels.layers import get_channel_layer

        layer = get_channel_layer()
        interval = settings.PROGRESS_MIN_INTERVAL_SECONDS
        while True:
            wait = interval / 5 if self._interested else interval
            try:
                await asyncio.get_running_loop().run_in_executor(None, self._wakeup.wait, wait)
            except RuntimeError:  # the interpreter is shutting down
                return
            self._wakeup.clear()
            try:
                for batch_id, event in self._take_due(interval):
                    try:
                        await layer.group_send(
                            batch_group(batch_id), {"type": "batch.progress", "event": event}
                        )
                    except Exception:  # a lost progress event must never fail a document
                        logger.warning("progress event for batch %s not sent", batch_id, exc_info=True)
            finally:
                self._sending = False

    def _client(self):
        if self._redis is None:
            import redis

            self._redis = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
            self._newer_counters = self._redis.register_script(_NEWER_COUNTERS)
            self._newer_rows = self._redis.register_script(_NEWER_ROWS)
        return self._redis

    def _take_due(self, interval: float) -> list[tuple[str, ProgressEvent]]:
        with self._lock:
            pending, self._pending = self._pending, {}
            self._sending = True
        try:
            return self._exchange(pending, interval)
        except Exception:  # Redis away: send what this process has, unthrottled
            logger.warning("progress aggregation unavailable; sending directly", exc_info=True)
            if self._draining:
                self._interested.clear()  # what it left in Redis cannot be drained: no wait for it
            return [(b, self._event(e["batch"], list(e["documents"].values()))) for b, e in pending.items()]

    def _exchange(
        self, pending: dict[str, dict[str, Any]], interval: float
    ) -> list[tuple[str, ProgressEvent]]:
        client = self._client()
        now = time.monotonic()
        if pending:
            pipe = client.pipeline(transaction=False)
            for batch_id, entry in pending.items():
                key = f"batchsite:progress:rows:{batch_id}"
                rows = [
                    (row_id, row.get("at", 0), json.dumps(row)) for row_id, row in entry["documents"].items()
                ]
                if rows:
                    self._newer_rows(keys=[key], args=[part for row in rows for part in row], client=pipe)
                if entry["batch"] is not None:  # never over newer counters another process left
                    counters = entry["batch"]
                    self._newer_counters(
                        keys=[key], args=[counters["updated_at"], json.dumps(counters)], client=pipe
                    )
                pipe.expire(key, 120)
                self._interested[batch_id] = now
            pipe.execute()
        due = []
        for batch_id in list(self._interested):
            urgent = self._draining or pending.get(batch_id, {}).get("urgent", False)
            slot = f"batchsite:progress:slot:{batch_id}"
            won = client.set(slot, 1, nx=True, px=max(int(interval * 1000), 1))
            if urgent and not won:
                client.set(slot, 1, px=max(int(interval * 1000), 1))
            if not (won or urgent):
                if now - self._interested[batch_id] > 4 * interval:
                    del self._interested[batch_id]  # someone else surely drained it by now
                continue
            key = f"batchsite:progress:rows:{batch_id}"
            pipe = client.pipeline(transaction=True)
            pipe.hgetall(key)
            pipe.delete(key)
            fields, _ = pipe.execute()
            del self._interested[batch_id]
            if not fields:
                continue
            fields.pop(b"_batch_at", None)
            batch = json.loads(fields.pop(b"_batch")) if b"_batch" in fields else None
            rows = [json.loads(v) for k, v in fields.items() if not k.startswith(b"@")]
            due.append((batch_id, self._event(batch, rows)))
        return due

    @staticmethod
    def _event(batch: BatchCounters | None, rows: list[DocumentRow]) -> ProgressEvent:
        return ProgressEvent(
            type="batch.progress", batch=batch, documents=sorted(rows, key=lambda r: r["position"])
        )

    def publish(
        self,
        batch_id: str,
        batch: BatchCounters | None,
        documents: list[DocumentRow],
        *,
        urgent: bool = False,
    ) -> None:
        with self._lock:
            self._ensure_thread()
            entry = self._pending.setdefault(batch_id, {"batch": None, "documents": {}, "urgent": False})
            if batch is not None and (
                entry["batch"] is None or batch["updated_at"] >= entry["batch"]["updated_at"]
            ):
                entry["batch"] = batch
            for row in documents:
                held = entry["documents"].get(row["id"])
                if held is None or held.get("at", 0) <= row.get("at", 0):
                    entry["documents"][row["id"]] = row
            entry["urgent"] = entry["urgent"] or urgent
        if urgent:
            self._wakeup.set()

    def notify(self, user_id: object, event: BatchFinished) -> None:
        with self._lock:
            self._ensure_thread()
            loop = self._loop
        assert loop is not None
        asyncio.run_coroutine_threadsafe(self._send_user(user_id, event), loop)

    def send_now(self, group: str, event: dict) -> None:
        """Send one event at once (rare events that must not wait: an export's state)."""
        with self._lock:
            self._ensure_thread()
            loop = self._loop
        assert loop is not None
        asyncio.run_coroutine_threadsafe(self._send_group(group, event), loop)

    async def _send_group(self, group: str, event: dict) -> None:
        from channels.layers import get_channel_layer

        try:
            await get_channel_layer().group_send(group, {"type": "batch.progress", "event": event})
        except Exception:
            logger.warning("event for %s not sent", group, exc_info=True)

    async def _send_user(self, user_id: object, event: BatchFinished) -> None:
        from channels.layers import get_channel_layer

        try:
            await get_channel_layer().group_send(
                user_group(user_id), {"type": "user.notification", "event": event}
            )
        except Exception:
            logger.warning("notification for user %s not sent", user_id, exc_info=True)

    def flush(self, timeout: float = 2.0) -> None:
        """Send everything this process holds now, and wait until it is sent: at process exit
        (a pool process recycled right after a batch's last document must not take the batch's
        final counters with it) and in tests. Rows it left in Redis for a drain go out too."""
        with self._lock:
            if self._loop is None or self._pid != os.getpid() or not self._unsent():
                return
            self._draining = True
        self._wakeup.set()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._unsent():
                    break
            self._wakeup.set()
            time.sleep(0.01)
        self._draining = False

    def _unsent(self) -> bool:
        return bool(self._pending or self._interested or self._sending)


_publisher = _Publisher()
atexit.register(_publisher.flush)


def publish(
    batch_id: str, batch: BatchCounters | None, documents: list[DocumentRow], *, urgent: bool = False
) -> None:
    """Queue a progress event for a batch; ``urgent`` sends it without waiting for the interval.

    Whatever changed also gives the batch a new data version for the hot cache (after commit).
    """
    from batches.hot_cache import batch_data_changed

    batch_data_changed(batch_id=batch_id)
    _publisher.publish(batch_id, batch, documents, urgent=urgent)


def flush(timeout: float = 2.0) -> None:
    _publisher.flush(timeout)


def on_pool_process_exit(**kwargs) -> None:
    """``worker_process_shutdown``: a pool process that ends (recycled past its memory ceiling
    right after a batch's last document, or at shutdown) first sends the progress it holds.
    Its flusher is a daemon thread that dies with it, and ``atexit`` never runs in a pool process."""
    flush(timeout=5.0)


def notify_batch_finished(user_id: object, event: BatchFinished) -> None:
    """Tell the owner, on whatever page they are, that a batch finished."""
    _publisher.notify(user_id, event)


class ExportUpdate(TypedDict):
    type: Literal["export.update"]
    id: str
    status: str
    status_label: str
    format: str
    rows: int
    size: int
    download_url: str


def publish_export_update(batch_id: object, event: ExportUpdate) -> None:
    """Tell the batch page an export moved (running, ready, failed)."""
    _publisher.send_now(batch_group(batch_id), dict(event))
