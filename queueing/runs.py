"""Running one job of a simple kind: claim it, do its work, record the outcome in the ledger.

A task of such a kind is only its work: ``job_run(job_id=..., worker=..., work=...)``. The
work raises ``JobRetry`` for a failure that may pass (the ledger runs the job again later, with
backoff and jitter, until its attempts are spent) and ``JobFailed`` for one that will not.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery.exceptions import SoftTimeLimitExceeded

from queueing.models import Job
from queueing.services import job_claim, job_fail, job_retry_later, job_succeed

logger = logging.getLogger(__name__)


class JobRetry(Exception):
    """The work failed for a reason that may pass (a receiver away): run the job again later."""

    def __init__(self, message: str, code: str = "retry") -> None:
        super().__init__(message)
        self.message, self.code = message, code


class JobFailed(Exception):
    """The work cannot succeed (a refused address, a gone target): fail the job now."""

    def __init__(self, message: str, code: str = "failed") -> None:
        super().__init__(message)
        self.message, self.code = message, code


def job_run(
    *, job_id: int, worker: str, work: Callable[[Job], None], spent: Callable[[Job], None] | None = None
) -> str | None:
    """Claim the job and run ``work`` on it; the job's state afterwards, None when it did not run.

    ``spent`` is told of a job failed at its claim because its worker died on every attempt, so
    the owning app can fail its target with the reason (``job.last_error_message``).
    """
    job = job_claim(job_id=job_id, worker=worker)
    if job is None:  # a duplicate message
        return None
    if job.state == Job.State.FAILED:  # out of attempts
        if spent is not None:
            spent(job)
        return job.state
    try:
        work(job)
    except JobRetry as exc:
        return _retry_or_fail(job, exc.code, exc.message)
    except JobFailed as exc:
        job_fail(job=job, code=exc.code, message=exc.message)
        return Job.State.FAILED
    except SoftTimeLimitExceeded:
        _retry_or_fail(job, "time_limit", "The job ran past its time limit.")
        raise
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job_fail(job=job, code="internal_error", message=f"{type(exc).__name__}: {exc}"[:500])
        return Job.State.FAILED
    job_succeed(job=job)
    return Job.State.SUCCEEDED


def _retry_or_fail(job: Job, code: str, message: str) -> str:
    if job_retry_later(job=job, code=code, message=message):
        return Job.State.WAITING
    job_fail(job=job, code=code, message=message)
    return Job.State.FAILED
