"""The reaper as a task, for an operator who wants a pass now (``celery -A batchsite call
queueing.recover_jobs``); the workers' heartbeats run it on their own (``queueing.recovery``)."""

from __future__ import annotations

from celery import shared_task

from queueing import recovery


@shared_task(name="queueing.recover_jobs", ignore_result=True)
def recover_jobs() -> dict[str, int]:
    return recovery.jobs_recover()
