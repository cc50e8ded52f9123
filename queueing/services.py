"""The job ledger's services: create, dispatch fairly, claim with a lease, finish, retry, reap.

Celery executes; this module decides what may run. Every state change is a conditional
``UPDATE … WHERE state = old`` so a duplicate message or a second dispatcher is a no-op.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import math
import os
import random
import secrets
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import NamedTuple

import redis
from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string

from queueing.broker import message_task_id
from queueing.kinds import job_kind_get
from queueing.models import Job

logger = logging.getLogger(__name__)


def queue_policy(queue: str) -> dict:
    return settings.QUEUES.get(queue, settings.QUEUES["documents"])


def _redis() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL)


# --- Creating -------------------------------------------------------------------------


def jobs_create(
    *,
    kind: str,
    owner_id: int,
    targets: Iterable[object],
    batch_id: object | None = None,
    priority: int = 0,
    batch_size: int = 1,
    queue: str = "documents",
    sizes: dict[object, int] | None = None,
) -> int:
    """Add waiting jobs; call ``dispatch`` after the transaction commits to release them.

    ``sizes`` (bytes of each target's input) lets small documents share a broker message.
    """
    policy = queue_policy(queue)
    template = Job(
        kind=kind,
        queue=queue,
        batch_id=batch_id,
        owner_id=owner_id,
        priority=priority,
        batch_size=batch_size,
        max_attempts=policy["max_attempts"],
    )
    targets = list(targets)
    _insert(template, [(str(target), (sizes or {}).get(target, 0)) for target in targets])
    return len(targets)


def _insert(template: Job, targets: list[tuple[str, int]]) -> None:
    """INSERT one job per (target, size), alike otherwise, with one prepared statement.

    ``bulk_create`` renders a placeholder per value and splits rows into SQLite's 999-parameter
    batches; a submit of thousands of documents spent more time there than a worker spends on them.
    """
    if not targets:
        return
    connection = connections[router.db_for_write(Job)]
    fields = [f for f in Job._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(Job._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    row = [f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in fields]
    at = [f.name for f in fields].index("target_id"), [f.name for f in fields].index("size")
    rows = []
    for target, size in targets:
        row[at[0]], row[at[1]] = target, size
        rows.append(list(row))
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# --- Dispatching ----------------------------------------------------------------------


def dispatch() -> int:
    """Release waiting jobs to the broker, at most ``cap`` in flight per owner.

    Within an owner: higher priority first, then smaller batches, then oldest. Owners are
    served independently, so another user's small batch starts at once however large the
    backlog of the first. One dispatcher at a time (a Redis lock) keeps the caps exact.
    """
    lock = _redis().lock("batchsite:dispatch", timeout=30, blocking_timeout=10)
    try:
        if not lock.acquire():
            logger.warning("dispatch skipped: lock busy")
            return 0
    except redis.exceptions.ConnectionError:
        # Redis is away: nothing could be sent anyway; the next dispatch (beat) catches up.
        logger.warning("dispatch skipped: Redis unreachable")
        return 0
    try:
        return _dispatch_locked()
    finally:
        with contextlib.suppress(redis.exceptions.RedisError):
            lock.release()


def _in_flight_messages(field: str) -> dict:
    """Messages (not jobs) in flight per owner or per queue: a shared message is one slot."""
    in_flight = Job.objects.filter(state__in=Job.IN_FLIGHT).order_by()
    return dict(in_flight.values_list(field).annotate(n=Count(Coalesce("message", "id"), distinct=True)))


def _queue_free() -> dict[str, int]:
    free = {name: policy.get("concurrency", 10**9) for name, policy in settings.QUEUES.items()}
    for queue, n in _in_flight_messages("queue").items():
        free[queue] = free.get(queue, 10**9) - n
    return free


def _dispatch_locked() -> int:
    now = timezone.now()
    per_owner = _in_flight_messages("owner_id")
    queue_free = _queue_free()
    ready = Job.objects.filter(state=Job.State.WAITING, run_after__lte=now)
    owners = list(ready.values_list("owner_id", flat=True).distinct().order_by())
    caps = owner_caps(owners)
    released = 0
    for owner_id in owners:
        free = caps[owner_id] - per_owner.get(owner_id, 0)
        if free > 0:
            released += _release(ready.filter(owner_id=owner_id), slots=free, queue_free=queue_free, now=now)
    return released


class _Ready(NamedTuple):
    """A waiting job as the dispatcher sees it (thousands are read per dispatch: no model objects)."""

    pk: int
    kind: str
    queue: str
    batch_id: object
    size: int
    message: int | None = None  # set once the job is moved to queued


def _release(ready, *, slots: int, queue_free: dict[str, int], now) -> int:
    """Release up to ``slots`` messages of one owner's ready jobs, in the dispatch order.

    Small documents of one batch share a message, spread over the free slots so a batch
    keeps every worker busy (at most ``QUEUE_MESSAGE_MAX_JOBS`` each; see ``_message_sizes``).
    """
    most = settings.QUEUE_MESSAGE_MAX_JOBS
    candidates = [
        _Ready(*row)
        for row in ready.order_by("-priority", "batch_size", "created_at", "id").values_list(
            "id", "kind", "queue", "batch_id", "size"
        )[: slots * most]
    ]
    ends = list(itertools.accumulate(_message_sizes(len(candidates), slots=slots, most=most)))
    messages: list[list[_Ready]] = []
    limit, placed = 0, 0  # jobs the newest message may carry; jobs placed so far
    for job in candidates:
        current = messages[-1] if messages else None
        if current and _can_share(current, job, limit):
            current.append(job)  # rides on a message already counted against its queue
            placed += 1
            continue
        if queue_free.get(job.queue, 10**9) <= 0:
            continue
        if len(messages) == slots:
            break
        messages.append([job])
        # a message ends where the schedule's next one begins, whatever the ones before carried
        limit = next((end - placed for end in ends if end > placed), 1)
        placed += 1
        queue_free[job.queue] = queue_free.get(job.queue, 10**9) - 1
    with transaction.atomic():  # one commit for all, before any worker starts (and takes locks)
        moved = [jobs for jobs in (_move_to_queued(jobs, now=now) for jobs in messages) if jobs]
    for jobs in moved:
        _send(jobs)
    return len(moved)


def _message_sizes(n: int, *, slots: int, most: int) -> list[int]:
    """How many jobs each of the next ``slots`` messages may carry, in the order they are sent.

    ``_release`` reads these as a schedule over the jobs in dispatch order: a message ends where
    the next share begins, so a job that cannot share (another batch, a large file) takes its
    place in the schedule rather than shifting every later message.

    When one release holds all of the owner's ready jobs, the messages shrink from first to
    last (in proportion to slots, slots - 1, …, 1). The broker hands messages out in the
    order they were sent, so the last ones, which decide when the batch ends, are small and
    the workers finish together instead of one waiting on another's long last message. The
    number of messages stays the same. With a larger backlog, every message carries an equal
    share (at most ``most``).
    """
    if slots <= 1 or 2 * n > most * (slots + 1):  # the first (largest) share would not fit
        return [max(1, min(most, math.ceil(n / max(slots, 1))))] * max(slots, 1)
    total = slots * (slots + 1) / 2
    bounds = [round(n * (k + 1) * (2 * slots - k) / 2 / total) for k in range(slots)]
    return [max(1, upto - before) for before, upto in zip([0, *bounds], bounds, strict=False)]


def _can_share(message: list[_Ready], job: _Ready, limit: int) -> bool:
    first = message[0]
    return (
        job_kind_get(job.kind).shares_message
        and (job.kind, job.queue, job.batch_id) == (first.kind, first.queue, first.batch_id)
        and len(message) < limit
        and job.size <= settings.QUEUE_MESSAGE_SMALL_BYTES
        and first.size <= settings.QUEUE_MESSAGE_SMALL_BYTES
    )


def _move_to_queued(jobs: list[_Ready], *, now) -> list[_Ready]:
    """Move waiting jobs to queued under one message id; returns those this caller moved."""
    message = secrets.randbits(62)
    jobs = [j._replace(message=message) for j in jobs]
    moved = Job.objects.filter(pk__in_ints=[j.pk for j in jobs], state=Job.State.WAITING).update(
        state=Job.State.QUEUED, enqueued_at=now, message=message
    )
    if moved != len(jobs):  # another releaser took some: send only what this one moved
        mine = set(
            Job.objects.filter(pk__in_ints=[j.pk for j in jobs], message=message).values_list("pk", flat=True)
        )
        jobs = [j for j in jobs if j.pk in mine]
    return jobs


def owner_caps(owner_ids: list[int]) -> dict[int, int]:
    """Jobs each owner may have in flight: their plan's figure, never above the site's ceiling.

    The plan lives with the users (``QUEUE_OWNER_CAPS`` names the function that reads it),
    so the ledger stays independent of who defines plans.
    """
    ceiling = settings.QUEUE_MAX_IN_FLIGHT_PER_USER
    reader = import_string(settings.QUEUE_OWNER_CAPS) if settings.QUEUE_OWNER_CAPS else None
    planned = reader(owner_ids) if reader and owner_ids else {}
    return {owner_id: min(planned.get(owner_id, ceiling), ceiling) for owner_id in owner_ids}


def _send(jobs: Sequence[Job | _Ready]) -> None:
    """One broker message for these jobs (several only for kinds whose task takes a list).

    The message's ledger id is its task id (so the reaper can tell whether the broker still
    holds it) and, for shared messages, an argument: a message claims only the jobs it still
    carries, never one the reaper has since sent alone.
    """
    from batchsite.celery import app

    kind = job_kind_get(jobs[0].kind)
    message = jobs[0].message
    args = [[j.pk for j in jobs]] if kind.shares_message else [jobs[0].pk]
    kwargs = {"message": message} if kind.shares_message else {}
    # Celery would otherwise render every id for the message's ``argsrepr`` (logs, Flower)
    shown = f"[[{jobs[0].pk}, … {len(jobs)} jobs]]" if len(jobs) > 3 else None
    try:
        app.send_task(
            kind.task,
            args=args,
            kwargs=kwargs,
            queue=jobs[0].queue,
            argsrepr=shown,
            task_id=message_task_id(message),
        )
    except Exception:
        # The broker is away: give the jobs back to the ledger, the next dispatch sends them.
        logger.warning("jobs %s not sent (broker unreachable); back to waiting", args, exc_info=True)
        Job.objects.filter(pk__in_ints=[j.pk for j in jobs], state=Job.State.QUEUED).update(
            state=Job.State.WAITING, enqueued_at=None, message=None
        )


def _send_alone(job: Job, *, from_states: Sequence[str], where: dict | None = None, **fields) -> bool:
    """Queue one job in a message of its own (recovery, resend); False when it moved meanwhile."""
    message = secrets.randbits(62)
    if not Job.objects.filter(pk=job.pk, state__in=from_states, **(where or {})).update(
        state=Job.State.QUEUED, message=message, **fields
    ):
        return False
    job.message = message
    _send([job])
    return True


# --- Running --------------------------------------------------------------------------


_PID = " pid"


def worker_label(hostname: str | None, pid: int | None = None) -> str:
    """A job's worker as the admin shows it: the Celery node and its pool process (this one)."""
    return f"{hostname or 'worker'}{_PID} {pid or os.getpid()}"


def worker_node(label: str) -> str:
    """The Celery node of a ``worker_label``: the part its heartbeat is recorded under."""
    return label.rsplit(_PID, 1)[0]


def lease_until(now):
    """A claimed job's lease: its node renews it while the process holding the job lives."""
    return now + timedelta(seconds=settings.QUEUE_LEASE_SECONDS)


def job_claim(*, job_id: int, worker: str = "") -> Job | None:
    """Start a queued job with a lease; None for a message that must not run.

    A message for a job that is already running is a duplicate (or Celery's redelivery after
    the pool process died): it is dropped. Only recovery moves a running job back to queued,
    once its process is known dead (``queueing.recovery``), so a job never runs twice at once.
    That is also how a file that kills its worker every time cannot loop: each resend counts
    an attempt, and past ``max_attempts`` the job is failed here (returned with state
    ``failed`` so the caller can fail its target with the reason).
    """
    job = Job.objects.filter(pk=job_id).first()
    now = timezone.now()
    if job is None or job.state != Job.State.QUEUED:
        return None
    if job.attempts >= job.max_attempts:
        failed = Job.objects.filter(pk=job.pk, state=job.state, attempts=job.attempts).update(
            **_spent(job.attempts, now)
        )
        if not failed:
            return None
        job.refresh_from_db()
        return job
    lease = lease_until(now)
    claimed = Job.objects.filter(pk=job.pk, state=job.state, attempts=job.attempts).update(
        state=Job.State.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        lease_expires_at=lease,
        worker=worker[:255],
    )
    if not claimed:
        return None
    job.state, job.started_at, job.lease_expires_at, job.worker = Job.State.RUNNING, now, lease, worker[:255]
    job.attempts += 1
    return job


WORKER_LOST = "worker_lost"


def _spent(attempts: int, now) -> dict:
    """What a job out of attempts records: its worker died on every one (see ``job_claim``)."""
    return {
        "state": Job.State.FAILED,
        "finished_at": now,
        "lease_expires_at": None,
        "last_error_code": WORKER_LOST,
        "last_error_message": (
            f"Processing was interrupted {attempts} times: the worker process stopped each time "
            "(the file may crash the reader, or exceed the time or memory limit); it was not processed."
        ),
    }


class ClaimedJob(NamedTuple):
    """A job a shared message claimed: what its worker needs, without a model object per job."""

    pk: int
    target_id: str
    queue: str
    owner_id: int
    attempts: int  # this attempt's number
    max_attempts: int


class SpentJob(NamedTuple):
    """A job a message found out of attempts and failed: its target fails with the same reason."""

    pk: int
    target_id: str
    code: str
    message: str


def jobs_claim(
    *, job_ids: Sequence[int], worker: str = "", message: int | None = None
) -> tuple[list[ClaimedJob], list[SpentJob]]:
    """Claim a message's queued jobs at once, inside the caller's transaction.

    Returns the claimed jobs in the message's order, and the jobs already out of attempts,
    failed here as ``job_claim`` fails them (their worker died on every attempt). Jobs in any
    other state are done, cancelled, held or another worker's: they are skipped, and so are
    jobs recovery has since put in another ``message`` (a job its worker may have died on
    runs alone).
    """
    now = timezone.now()
    carried = {"message": message} if message is not None else {}
    rows = Job.objects.select_for_update().filter(pk__in_ints=job_ids, state=Job.State.QUEUED, **carried)
    rows = rows.order_by()
    found = {
        row[0]: row
        for row in rows.values_list("id", "target_id", "queue", "owner_id", "attempts", "max_attempts")
    }
    ordered = [found[pk] for pk in job_ids if pk in found]
    spent = _fail_spent([row for row in ordered if row[4] >= row[5]], now)
    jobs = [
        ClaimedJob(pk, target, queue, owner, attempts + 1, most)
        for pk, target, queue, owner, attempts, most in ordered
        if attempts < most
    ]
    if not jobs:
        return [], spent
    lease = lease_until(now)
    Job.objects.filter(pk__in_ints=[j.pk for j in jobs], state=Job.State.QUEUED).update(
        state=Job.State.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        lease_expires_at=lease,
        worker=worker[:255],
    )
    return jobs, spent


def _fail_spent(rows: list[tuple], now) -> list[SpentJob]:
    spent = []
    for pk, target, _queue, _owner, attempts, _most in rows:
        fields = _spent(attempts, now)
        if Job.objects.filter(pk=pk, state=Job.State.QUEUED, attempts=attempts).update(**fields):
            spent.append(SpentJob(pk, target, fields["last_error_code"], fields["last_error_message"]))
    return spent


def jobs_waiting_besides(*, batch_id: object) -> bool:
    """Whether another batch's work waits: ready in the ledger or queued in the broker."""
    return (
        Job.objects.filter(state__in=(Job.State.WAITING, Job.State.QUEUED), run_after__lte=timezone.now())
        .exclude(batch_id=batch_id)
        .exists()
    )


def jobs_finish(*, jobs: Sequence[Job | ClaimedJob], state: str, code: str = "", message: str = "") -> int:
    """Finish running jobs of a shared message at once; the slot frees when the message ends."""
    errors = {"last_error_code": code, "last_error_message": message} if state == Job.State.FAILED else {}
    return Job.objects.filter(pk__in_ints=[j.pk for j in jobs], state=Job.State.RUNNING).update(
        state=state, finished_at=timezone.now(), lease_expires_at=None, **errors
    )


def jobs_give_back(*, job_ids: Sequence[int], hold: bool = False) -> int:
    """Return a message's unstarted jobs to the ledger (its time budget is spent, or its work is on hold).

    Queued ones simply wait again; claimed ones that never started get their attempt back.
    The dispatcher then releases them in its order, so other owners' work comes first if due.
    ``hold``: they come back held, as ``jobs_hold`` left their fellows (the owner paused them).
    """
    if not job_ids:
        return 0
    state = Job.State.HELD if hold else Job.State.WAITING
    back = {"state": state, "enqueued_at": None, "message": None, "lease_expires_at": None}
    moved = Job.objects.filter(pk__in_ints=job_ids, state=Job.State.QUEUED).update(**back)
    return moved + Job.objects.filter(pk__in_ints=job_ids, state=Job.State.RUNNING).update(
        attempts=F("attempts") - 1, **back
    )


def job_succeed(*, job: Job) -> None:
    _finish(job, Job.State.SUCCEEDED)


def job_fail(*, job: Job, code: str, message: str) -> None:
    _finish(job, Job.State.FAILED, last_error_code=code, last_error_message=message)


def _finish(job: Job, state: str, **fields) -> None:
    finished = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        state=state, finished_at=timezone.now(), lease_expires_at=None, **fields
    )
    if finished:
        release_next(owner_id=job.owner_id)


def release_next(*, owner_id: int) -> bool:
    """Hand the slot a finished message frees to the owner's next waiting jobs.

    One finished, one released: the owner's messages in flight stay at the cap without
    locking. The full ``dispatch`` (on submit, resume and beat) fills any gap.
    """
    now = timezone.now()
    ready = Job.objects.filter(state=Job.State.WAITING, owner_id=owner_id, run_after__lte=now)
    return bool(_release(ready, slots=1, queue_free=_queue_free(), now=now))


def job_retry_later(
    *, job: Job | ClaimedJob, code: str, message: str, release: bool = True, hold: bool = False
) -> bool:
    """Put a job back to wait with exponential backoff and jitter; False when out of attempts.

    ``release=False`` when the job shares a message that goes on (its slot is not free yet).
    ``hold``: it waits held (its work is on hold), and its backoff still applies once released.
    """
    if job.attempts >= job.max_attempts:
        return False
    policy = queue_policy(job.queue)
    delay = min(policy["retry_backoff"] * 2 ** (job.attempts - 1), policy["retry_backoff_max"])
    delay = random.uniform(delay / 2, delay)  # jitter: retries of one outage spread out
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        state=Job.State.HELD if hold else Job.State.WAITING,
        run_after=timezone.now() + timedelta(seconds=delay),
        lease_expires_at=None,
        last_error_code=code,
        last_error_message=message,
    )
    if release:
        release_next(owner_id=job.owner_id)
    return True


def jobs_hold(*, batch_id: object) -> int:
    """Hold the jobs of this cascade key (a batch) that have not started: the dispatcher skips them.

    Queued ones lose their message (a message claims only jobs still queued under it, so the
    broker's copy, if not yet taken, claims nothing); running ones finish or are given back held.
    """
    return Job.objects.filter(batch_id=batch_id, state__in=(Job.State.WAITING, Job.State.QUEUED)).update(
        state=Job.State.HELD, enqueued_at=None, message=None
    )


def jobs_release_held(*, batch_id: object) -> int:
    """Let this cascade key's held jobs wait again; the caller dispatches after its commit."""
    return Job.objects.filter(batch_id=batch_id, state=Job.State.HELD).update(state=Job.State.WAITING)


def job_cancel(*, job: Job) -> None:
    cancelled = Job.objects.filter(pk=job.pk, state__in=(*Job.NOT_STARTED, Job.State.RUNNING)).update(
        state=Job.State.CANCELLED, finished_at=timezone.now(), lease_expires_at=None
    )
    if cancelled and job.state in Job.IN_FLIGHT:
        release_next(owner_id=job.owner_id)


def jobs_cancel_for_batch(*, batch_id: object) -> int:
    """Cancel a batch's jobs that have not started; running ones stop at their checkpoint."""
    return Job.objects.filter(batch_id=batch_id, state__in=Job.NOT_STARTED).update(
        state=Job.State.CANCELLED, finished_at=timezone.now()
    )


# --- Recovery (the rest lives in ``queueing.recovery``) ---------------------------------


def job_resend(*, job: Job) -> bool:
    """Send a waiting, queued or stuck running job's message again (operator action)."""
    now = timezone.now()
    return _send_alone(
        job,
        from_states=[Job.State.WAITING, *Job.IN_FLIGHT],
        enqueued_at=now,
        lease_expires_at=None,
        run_after=now,
    )
