"""The job ledger's services: create, dispatch fairly, claim with a lease, finish, retry, reap.

Celery executes; this module decides what may run. Every state change is a conditional
``UPDATE … WHERE state = old`` so a duplicate message or a second dispatcher is a no-op.
"""

from __future__ import annotations

import contextlib
import logging
import random
from collections.abc import Iterable
from datetime import timedelta

import redis
from django.conf import settings
from django.db.models import Count, F
from django.utils import timezone
from django.utils.module_loading import import_string

from queueing.models import Job

logger = logging.getLogger(__name__)

TASK_FOR_KIND = {Job.Kind.DOCUMENT: "batches.process_document", Job.Kind.EXPORT: "exports.run_export_job"}


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
) -> int:
    """Add waiting jobs; call ``dispatch`` after the transaction commits to release them."""
    policy = queue_policy(queue)
    jobs = [
        Job(
            kind=kind,
            queue=queue,
            target_id=str(target),
            batch_id=batch_id,
            owner_id=owner_id,
            priority=priority,
            batch_size=batch_size,
            max_attempts=policy["max_attempts"],
        )
        for target in targets
    ]
    Job.objects.bulk_create(jobs, batch_size=500)
    return len(jobs)


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


def _dispatch_locked() -> int:
    now = timezone.now()
    in_flight = Job.objects.filter(state__in=Job.IN_FLIGHT).order_by()
    per_owner = dict(in_flight.values_list("owner_id").annotate(n=Count("id")))
    queue_free = {name: policy.get("concurrency", 10**9) for name, policy in settings.QUEUES.items()}
    for queue, n in in_flight.values_list("queue").annotate(n=Count("id")):
        queue_free[queue] = queue_free.get(queue, 10**9) - n
    ready = Job.objects.filter(state=Job.State.WAITING, run_after__lte=now).exclude(batch__status="paused")
    owners = list(ready.values_list("owner_id", flat=True).distinct().order_by())
    caps = owner_caps(owners)
    released: list[Job] = []
    for owner_id in owners:
        free = caps[owner_id] - per_owner.get(owner_id, 0)
        if free <= 0:
            continue
        candidates = (
            ready.filter(owner_id=owner_id)
            .order_by("-priority", "batch_size", "created_at", "id")
            .only("id", "kind", "queue")[: free * 2]
        )
        for job in candidates:
            if free <= 0:
                break
            if queue_free.get(job.queue, 10**9) <= 0:
                continue
            if Job.objects.filter(pk=job.pk, state=Job.State.WAITING).update(
                state=Job.State.QUEUED, enqueued_at=now
            ):
                released.append(job)
                free -= 1
                queue_free[job.queue] = queue_free.get(job.queue, 10**9) - 1
    for job in released:
        _send(job)
    return len(released)


def owner_caps(owner_ids: list[int]) -> dict[int, int]:
    """Jobs each owner may have in flight: their plan's figure, never above the site's ceiling.

    The plan lives with the users (``QUEUE_OWNER_CAPS`` names the function that reads it),
    so the ledger stays independent of who defines plans.
    """
    ceiling = settings.QUEUE_MAX_IN_FLIGHT_PER_USER
    reader = import_string(settings.QUEUE_OWNER_CAPS) if settings.QUEUE_OWNER_CAPS else None
    planned = reader(owner_ids) if reader and owner_ids else {}
    return {owner_id: min(planned.get(owner_id, ceiling), ceiling) for owner_id in owner_ids}


def _send(job: Job) -> None:
    from batchsite.celery import app

    try:
        app.send_task(TASK_FOR_KIND[job.kind], args=[job.pk], queue=job.queue)
    except Exception:
        # The broker is away: give the job back to the ledger, the next dispatch sends it.
        logger.warning("job %s not sent (broker unreachable); back to waiting", job.pk, exc_info=True)
        Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
            state=Job.State.WAITING, enqueued_at=None
        )


# --- Running --------------------------------------------------------------------------


def job_claim(*, job_id: int, worker: str = "") -> Job | None:
    """Start a queued job with a lease; None for a message that must not run.

    A message for a job that is already running under a valid lease is a duplicate (or an
    early redelivery after its worker died): it is dropped, and the reaper resends the job
    once the lease expires. That is how a file that kills its worker every time cannot
    loop: each resend counts an attempt, and past ``max_attempts`` the job is failed here
    (returned with state ``failed`` so the caller can fail its target with the reason).
    """
    job = Job.objects.filter(pk=job_id).first()
    now = timezone.now()
    if job is None or job.state not in Job.IN_FLIGHT:
        return None
    if job.state == Job.State.RUNNING and (job.lease_expires_at is None or job.lease_expires_at > now):
        return None
    if job.attempts >= job.max_attempts:
        failed = Job.objects.filter(pk=job.pk, state=job.state, attempts=job.attempts).update(
            state=Job.State.FAILED,
            finished_at=now,
            lease_expires_at=None,
            last_error_code="worker_lost",
            last_error_message=(
                f"Processing was interrupted {job.attempts} times (the worker stopped or the time limit "
                "was reached); the file was not processed."
            ),
        )
        if not failed:
            return None
        job.refresh_from_db()
        return job
    lease = now + timedelta(
        seconds=queue_policy(job.queue)["time_limit"] + settings.QUEUE_LEASE_MARGIN_SECONDS
    )
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
    """Hand the slot a finished job frees to the owner's next waiting job.

    One finished, one released: the owner's in-flight count stays at the cap without
    counting or locking. The full ``dispatch`` (on submit, resume and beat) fills any gap.
    """
    now = timezone.now()
    queues_full = [
        name
        for name, policy in settings.QUEUES.items()
        if "concurrency" in policy
        and Job.objects.filter(queue=name, state__in=Job.IN_FLIGHT).count() >= policy["concurrency"]
    ]
    for job in (
        Job.objects.filter(state=Job.State.WAITING, owner_id=owner_id, run_after__lte=now)
        .exclude(queue__in=queues_full)
        .exclude(batch__status="paused")
        .order_by("-priority", "batch_size", "created_at", "id")
        .only("id", "kind", "queue")[:3]
    ):
        if Job.objects.filter(pk=job.pk, state=Job.State.WAITING).update(
            state=Job.State.QUEUED, enqueued_at=now
        ):
            _send(job)
            return True
    return False


def job_retry_later(*, job: Job, code: str, message: str) -> bool:
    """Put a job back to wait with exponential backoff and jitter; False when out of attempts."""
    if job.attempts >= job.max_attempts:
        return False
    policy = queue_policy(job.queue)
    delay = min(policy["retry_backoff"] * 2 ** (job.attempts - 1), policy["retry_backoff_max"])
    delay = random.uniform(delay / 2, delay)  # jitter: retries of one outage spread out
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        state=Job.State.WAITING,
        run_after=timezone.now() + timedelta(seconds=delay),
        lease_expires_at=None,
        last_error_code=code,
        last_error_message=message,
    )
    release_next(owner_id=job.owner_id)
    return True


def job_park(*, job: Job) -> None:
    """Give a claimed job back without counting the attempt (its batch is paused)."""
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        state=Job.State.WAITING, attempts=F("attempts") - 1, lease_expires_at=None
    )


def job_cancel(*, job: Job) -> None:
    cancelled = Job.objects.filter(pk=job.pk, state__in=(Job.State.WAITING, *Job.IN_FLIGHT)).update(
        state=Job.State.CANCELLED, finished_at=timezone.now(), lease_expires_at=None
    )
    if cancelled and job.state in Job.IN_FLIGHT:
        release_next(owner_id=job.owner_id)


def jobs_cancel_for_batch(*, batch_id: object) -> int:
    """Cancel a batch's jobs that have not started; running ones stop at their checkpoint."""
    return Job.objects.filter(batch_id=batch_id, state__in=(Job.State.WAITING, Job.State.QUEUED)).update(
        state=Job.State.CANCELLED, finished_at=timezone.now()
    )


# --- Recovery -------------------------------------------------------------------------


def jobs_recover() -> dict[str, int]:
    """Resend jobs whose worker vanished (lease expired) or whose message was lost.

    A running job past its lease goes back to ``queued`` and its message is sent again;
    the claim then counts the attempt (and fails the job past ``max_attempts``). A job
    queued for longer than ``QUEUE_RESEND_QUEUED_AFTER_SECONDS`` is sent again too: if
    the first message still exists, the second claim finds the job running and does
    nothing.
    """
    now = timezone.now()
    expired = list(
        Job.objects.filter(state=Job.State.RUNNING, lease_expires_at__lt=now).only("id", "kind", "queue")
    )
    requeued = [
        job
        for job in expired
        if Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, lease_expires_at__lt=now).update(
            state=Job.State.QUEUED, enqueued_at=now, lease_expires_at=None
        )
    ]
    stale_before = now - timedelta(seconds=settings.QUEUE_RESEND_QUEUED_AFTER_SECONDS)
    stale = list(
        Job.objects.filter(state=Job.State.QUEUED, enqueued_at__lt=stale_before).only("id", "kind", "queue")
    )
    for job in stale:
        Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(enqueued_at=now)
    for job in (*requeued, *stale):
        _send(job)
    released = dispatch()
    return {"lease_expired": len(requeued), "resent": len(stale), "released": released}


def job_resend(*, job: Job) -> bool:
    """Send a waiting, queued or stuck running job's message again (operator action)."""
    now = timezone.now()
    moved = Job.objects.filter(pk=job.pk, state__in=(Job.State.WAITING, *Job.IN_FLIGHT)).update(
        state=Job.State.QUEUED, enqueued_at=now, lease_expires_at=None, run_after=now
    )
    if moved:
        _send(job)
    return bool(moved)
