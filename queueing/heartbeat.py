"""The worker node's heartbeat: a thread in each Celery worker's main process.

Every ``QUEUE_HEARTBEAT_SECONDS`` it renews the leases of the jobs its live pool processes
hold, resends the jobs of any that died (``recovery.node_heartbeat``), records the node as
seen (``/healthz``), and takes the reaper's turn when it is due. It lives in the main process,
which runs no task code, so a long document cannot starve it; pool processes are killed with
their parent (``die_with_parent``), so a job is never held by a process nobody watches.

Registered as a worker bootstep in ``batchsite.celery``; ``on_pool_process_start`` in
``QueueingConfig.ready``.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import threading

import psutil
from celery import bootsteps
from django.conf import settings

logger = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1


class NodeHeartbeat(bootsteps.StartStopStep):
    """Starts the heartbeat thread once the pool exists.

    The thread is never stopped by the worker: during a warm shutdown the pool still finishes
    its documents, and their leases must go on being renewed until the process exits.
    """

    requires = ("celery.worker.components:Pool",)

    def start(self, worker) -> None:
        thread = threading.Thread(
            target=_beat_forever, args=(worker,), name="batchsite-heartbeat", daemon=True
        )
        thread.start()


def _beat_forever(worker) -> None:
    from django.db import close_old_connections, connection

    while True:
        try:
            close_old_connections()
            beat_once(node=worker.hostname, pool=worker.pool)
        except Exception:
            logger.warning(
                "heartbeat failed; next one in %ss", settings.QUEUE_HEARTBEAT_SECONDS, exc_info=True
            )
            with contextlib.suppress(Exception):
                connection.close()
        threading.Event().wait(settings.QUEUE_HEARTBEAT_SECONDS)


def beat_once(*, node: str, pool) -> None:
    from queueing import recovery

    recovery.node_heartbeat(node=node, live_pids=lambda: live_pids(pool))
    recovery.reaper_pass_if_due()


def live_pids(pool) -> list[int]:
    """The pool's processes that are alive (a dead one stays listed until the pool reaps it)."""
    processes = getattr(getattr(pool, "_pool", None), "_pool", None)
    if processes is None:  # solo or thread pool: tasks run in this process
        return [os.getpid()]
    return [process.pid for process in list(processes) if process.pid and _alive(process.pid)]


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def on_pool_process_start(**kwargs) -> None:
    """``worker_process_init``: connected in ``QueueingConfig.ready``."""
    die_with_parent()


def on_task_failure(sender=None, exception=None, **kwargs) -> None:
    """``task_failure``: a task that raised holds no job any more; the ledger runs them again.

    The process lives on, so its heartbeat would renew those jobs' leases forever: a database
    error in the middle of a message (a dropped connection, a deadlock) would leave its
    documents processing for good. Each goes back as a lost attempt, counted (a document that
    raises every time fails after its attempts).
    """
    from django.db import close_old_connections

    from queueing import recovery
    from queueing.services import worker_label

    hostname = getattr(getattr(sender, "request", None), "hostname", None)
    try:
        close_old_connections()  # one the error broke is replaced
        recovery.jobs_resend_lost(
            workers=[worker_label(hostname)],
            reason=f"its run stopped on an error ({type(exception).__name__}: {exception})"[:300],
        )
    except Exception:
        logger.exception("could not give back the jobs of a task that failed")


def die_with_parent() -> None:
    """In a pool process: be killed when the worker's main process dies (Linux).

    Without it a pool process whose parent was killed finishes its document unwatched, past any
    time limit (the parent enforces those), while recovery runs the job elsewhere.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
