"""Maintenance tasks run by Celery beat (schedule in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from queueing import services


@shared_task(name="queueing.recover_jobs", ignore_result=True)
def recover_jobs() -> dict[str, int]:
    return services.jobs_recover()
