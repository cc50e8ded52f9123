"""Progress events: one typed helper that every producer sends through.

Workers never call the channel layer directly. ``publish`` coalesces events per batch and
flushes them at most every ``PROGRESS_MIN_INTERVAL_SECONDS`` (and at once when a batch
reaches a final status), over one event loop and one Redis connection pool per process:
``async_to_sync(group_send)`` per document would open a connection per call.
"""

from __future__ import annotations

import asyncio
import atexit
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


class DocumentRow(TypedDict):
    id: int
    position: int
    name: str
    status: str
    step: str
    document_type: str
    error_code: str
    error_message: str
    duration_ms: int | None


class ProgressEvent(TypedDict):
    type: Literal["batch.progress"]
    batch: BatchCounters | None  # None when only rows changed (a document started)
    documents: list[DocumentRow]


class _Publisher:
    """Per-process coalescing publisher running its own event loop in a daemon thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[str, dict[str, Any]] = {}
        self._last_flush: dict[str, float] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._wakeup = threading.Event()

    def _ensure_thread(self) -> None:
        # After a prefork the child must build its own loop and connections.
        if self._thread is not None and self._pid == os.getpid() and self._thread.is_alive():
            return
        self._pid = os.getpid()
        self._pending = {}
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
            try:
                await asyncio.get_running_loop().run_in_executor(None, self._wakeup.wait, interval)
            except RuntimeError:  # the interpreter is shutting down
                return
            self._wakeup.clear()
            for batch_id, event in self._take_due(interval):
                try:
                    await layer.group_send(batch_group(batch_id), {"type": "batch.progress", "event": event})
                except Exception:  # a lost progress event must never fail a document
                    logger.warning("progress event for batch %s not sent", batch_id, exc_info=True)

    def _take_due(self, interval: float) -> list[tuple[str, ProgressEvent]]:
        now = time.monotonic()
        due = []
        with self._lock:
            for batch_id in list(self._pending):
                entry = self._pending[batch_id]
                if entry["urgent"] or now - self._last_flush.get(batch_id, 0.0) >= interval:
                    del self._pending[batch_id]
                    self._last_flush[batch_id] = now
                    due.append(
                        (
                            batch_id,
                            ProgressEvent(
                                type="batch.progress",
                                batch=entry["batch"],
                                documents=list(entry["documents"].values()),
                            ),
                        )
                    )
        return due

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

    async def _send_user(self, user_id: object, event: BatchFinished) -> None:
        from channels.layers import get_channel_layer

        try:
            await get_channel_layer().group_send(
                user_group(user_id), {"type": "user.notification", "event": event}
            )
        except Exception:
            logger.warning("notification for user %s not sent", user_id, exc_info=True)

    def flush(self, timeout: float = 2.0) -> None:
        """Send everything pending now (used at process exit and by tests)."""
        with self._lock:
            if not self._pending or self._loop is None:
                return
            for entry in self._pending.values():
                entry["urgent"] = True
        self._wakeup.set()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._pending:
                    return
            time.sleep(0.01)


_publisher = _Publisher()
atexit.register(_publisher.flush)


def publish(
    batch_id: str, batch: BatchCounters | None, documents: list[DocumentRow], *, urgent: bool = False
) -> None:
    """Queue a progress event for a batch; ``urgent`` sends it without waiting for the interval."""
    _publisher.publish(batch_id, batch, documents, urgent=urgent)


def flush(timeout: float = 2.0) -> None:
    _publisher.flush(timeout)


def notify_batch_finished(user_id: object, event: BatchFinished) -> None:
    """Tell the owner, on whatever page they are, that a batch finished."""
    _publisher.notify(user_id, event)
