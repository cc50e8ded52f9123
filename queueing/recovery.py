"""Recovery: work whose pool process, worker node or broker message was lost runs again in seconds.

Who notices what (docs/operations.md, "Recovery"):

- **A pool process dies** (SIGKILL, out of memory, the hard time limit): its worker node's
  heartbeat (``node_heartbeat``, every ``QUEUE_HEARTBEAT_SECONDS`` in the worker's main
  process, see ``queueing.heartbeat``) finds the process gone, records the lost attempt on
  each job it held and sends each alone (one of them may be the file that kills its worker).
  Meanwhile Celery (``acks_late`` + ``task_reject_on_worker_lost``) puts the message back at
  once, and another process runs the rest of it: a message claims only the jobs it still carries.
- **A whole node dies**: nothing renews its jobs' leases (``QUEUE_LEASE_SECONDS``). The reaper
  resends a running job whose lease lapsed *and* whose node has not been seen for a lease.
  A live node's process holds its job for as long as it runs (up to the hard time limit), so
  a long document is never run twice at once.
- **The broker loses messages** (FLUSHALL, a new empty Redis, a restart that lost the last
  writes): the reaper compares the ledger's queued messages with what the broker holds
  (``queueing.broker``) and sends the missing ones again, a message's jobs together.

The reaper (``jobs_recover``) runs in every worker's heartbeat, under a Redis key that gives
one pass per ``QUEUE_RECOVER_EVERY_SECONDS`` to the whole deployment: recovery hangs on no
single process (beat only schedules statistics and clean-up). Passes may overlap harmlessly:
every move is a conditional update.
"""

from __future__ import annotations

import functools
import logging
import secrets
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import timedelta

import redis
from django.conf import settings
from django.utils import timezone

from queueing import services
from queueing.broker import broker_messages
from queueing.models import Job
from queueing.services import WORKER_LOST, _Ready, dispatch, lease_until, worker_label, worker_node

logger = logging.getLogger(__name__)

NODES_KEY = "batchsite:nodes"  # sorted set: node name → time of its last heartbeat
REAPER_TURN_KEY = "batchsite:reaper:turn"  # set for one interval by the worker whose turn it is
REAPER_LAST_PASS_KEY = "batchsite:reaper:last-pass"
# A message is sent just after its jobs' commit: a queued job younger than this may not be in
# the broker yet, and is not called missing.
SEND_GRACE_SECONDS = 5.0


def _redis() -> redis.Redis:
    return _client(settings.REDIS_URL)


@functools.cache
def _client(url: str) -> redis.Redis:
    """One client (and connection pool) per URL: a heartbeat every 2 s opens no new connection."""
    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)


# --- A worker node's heartbeat ---------------------------------------------------------


def node_heartbeat(*, node: str, live_pids: Callable[[], Iterable[int]]) -> dict[str, int]:
    """Renew the leases of this node's live pool processes; resend what its dead ones held.

    ``live_pids`` is read after the ledger: a process that claimed a job before that read is
    either still listed or dead, so a job is never taken from a process that just started.
    """
    held = {
        label
        for label in Job.objects.filter(state=Job.State.RUNNING, worker__startswith=node)
        .values_list("worker", flat=True)
        .distinct()
        .order_by()
        if worker_node(label) == node
    }
    live = {worker_label(node, pid) for pid in live_pids()}
    renewed = 0
    if held & live:
        renewed = Job.objects.filter(state=Job.State.RUNNING, worker__in=held & live).update(
            lease_expires_at=lease_until(timezone.now())
        )
    lost = jobs_resend_lost(workers=held - live, reason="the worker process stopped")
    _redis().zadd(NODES_KEY, {node: time.time()})
    return {"renewed": renewed, "lost": lost}


def jobs_resend_lost(*, workers: Iterable[str], reason: str, lapsed_before=None) -> int:
    """Record the lost attempt of each job these dead processes held and send each alone.

    Each goes in a message of its own: one of the documents a dead process held may be the
    one that killed it. The claim counts the next attempt (and fails the job past its
    ``max_attempts`` with the reason).
    """
    workers = list(workers)
    if not workers:
        return 0
    running = Job.objects.filter(state=Job.State.RUNNING, worker__in=workers)
    now = timezone.now()
    resent = 0
    for job in list(running.only("id", "kind", "queue", "worker", "attempts")):
        where = {"worker": job.worker}
        if lapsed_before is not None:
            where["lease_expires_at__lt"] = lapsed_before
        resent += services._send_alone(
            job,
            from_states=[Job.State.RUNNING],
            where=where,
            enqueued_at=now,
            lease_expires_at=None,
            last_error_code=WORKER_LOST,
            last_error_message=f"Attempt {job.attempts} was interrupted: {reason}.",
        )
    if resent:
        logger.warning("resent %d job(s) of %s: %s", resent, ", ".join(sorted(set(workers))), reason)
    return resent


def nodes_seen() -> dict[str, float]:
    """Each worker node's seconds since its last heartbeat (nodes silent for an hour are dropped)."""
    client = _redis()
    now = time.time()
    client.zremrangebyscore(NODES_KEY, 0, now - 3600)
    return {
        (name.decode() if isinstance(name, bytes) else name): round(now - seen, 1)
        for name, seen in client.zrange(NODES_KEY, 0, -1, withscores=True)
    }


# --- The reaper ------------------------------------------------------------------------


def reaper_pass_if_due() -> dict[str, int] | None:
    """Run a reaper pass if no worker has run one this interval (one pass for the deployment)."""
    turn = int(settings.QUEUE_RECOVER_EVERY_SECONDS * 1000)
    if not _redis().set(REAPER_TURN_KEY, "1", nx=True, px=turn):
        return None
    return jobs_recover()


def reaper_last_pass_age() -> float | None:
    """Seconds since the last reaper pass ended anywhere; None when none is recorded."""
    last = _redis().get(REAPER_LAST_PASS_KEY)
    return round(time.time() - float(last), 1) if last else None


def jobs_recover() -> dict[str, int]:
    """One reaper pass: resend the jobs of nodes that stopped and the messages the broker lost."""
    seen = nodes_seen()
    lapsed = timezone.now()
    silent = {
        label
        for label in Job.objects.filter(state=Job.State.RUNNING, lease_expires_at__lt=lapsed)
        .values_list("worker", flat=True)
        .distinct()
        .order_by()
        if seen.get(worker_node(label), float("inf")) > settings.QUEUE_LEASE_SECONDS
    }
    requeued = jobs_resend_lost(workers=silent, reason="its worker stopped answering", lapsed_before=lapsed)
    resent = messages_resend_missing()
    released = dispatch()
    _redis().set(REAPER_LAST_PASS_KEY, time.time())
    return {"lease_expired": requeued, "resent": resent, "released": released}


def messages_resend_missing() -> int:
    """Send again the queued jobs whose broker message is gone, a message's jobs together.

    Missing: the broker holds no such message, or a worker took it more than a lease ago and
    none of its jobs runs (its node died before starting it). A message that turns out to
    exist after all is harmless: its jobs now belong to the new message, so it claims none.
    """
    before = timezone.now() - timedelta(seconds=SEND_GRACE_SECONDS)
    fields = ("id", "kind", "queue", "batch_id", "size", "message")
    queued = [
        _Ready(*row)
        for row in Job.objects.filter(state=Job.State.QUEUED, enqueued_at__lt=before)
        .order_by("message", "id")
        .values_list(*fields)
    ]
    if not queued:
        return 0
    held = broker_messages({job.queue for job in queued})
    if held is None:
        return 0  # the broker cannot be read: nothing could be sent either
    by_message: dict[int | None, list[_Ready]] = defaultdict(list)
    for job in queued:
        by_message[job.message].append(job)
    taken_long_ago = [
        message
        for message, at in held.items()
        if message in by_message and at is not None and time.time() - at > settings.QUEUE_LEASE_SECONDS
    ]
    running = set(
        Job.objects.filter(state=Job.State.RUNNING, message__in=taken_long_ago).values_list(
            "message", flat=True
        )
    )
    missing = [m for m in by_message if m not in held or (m in taken_long_ago and m not in running)]
    return sum(_resend_message(by_message[message], old=message) for message in missing)


def _resend_message(jobs: list[_Ready], *, old: int | None) -> int:
    """Move a lost message's queued jobs to a new message and send it; the jobs sent."""
    message = secrets.randbits(62)
    moved = Job.objects.filter(pk__in_ints=[j.pk for j in jobs], state=Job.State.QUEUED, message=old).update(
        message=message, enqueued_at=timezone.now()
    )
    if not moved:
        return 0
    mine = set(
        Job.objects.filter(pk__in_ints=[j.pk for j in jobs], message=message).values_list("pk", flat=True)
    )
    jobs = [j._replace(message=message) for j in jobs if j.pk in mine]
    services._send(jobs)  # (through the module: tests record what is sent)
    return len(jobs)
