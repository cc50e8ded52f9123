"""Celery tasks of the analytics app: beat's rollup of the statistics."""

from __future__ import annotations

from celery import shared_task

from analytics.stats import stats_rollup as rollup


# The name it had in batches: beat's schedule, the routes and messages already queued keep working.
@shared_task(name="batches.stats_rollup", ignore_result=True)
def stats_rollup() -> dict[str, int]:
    return rollup()
