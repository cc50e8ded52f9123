"""Celery tasks of the accounts app: the webhook delivery, a job of the ledger."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from accounts.webhooks import webhook_deliver_job
from queueing.runs import job_run
from queueing.services import worker_label


# The name it had in batches: messages already queued and the routes (webhooks queue) keep working.
@shared_task(
    bind=True,
    name="batches.deliver_webhook",
    soft_time_limit=settings.QUEUES["webhooks"]["soft_time_limit"],
    time_limit=settings.QUEUES["webhooks"]["time_limit"],
    ignore_result=True,
)
def deliver_webhook(self, job_id: int) -> None:
    job_run(job_id=job_id, worker=worker_label(self.request.hostname), work=webhook_deliver_job)
