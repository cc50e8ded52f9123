"""Export tasks: thin adapters around ``exports.services``."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from exports import services
from queueing.runs import job_run
from queueing.services import worker_label


@shared_task(
    bind=True,
    name="exports.run_export_job",
    soft_time_limit=settings.QUEUES["exports"]["soft_time_limit"],
    time_limit=settings.QUEUES["exports"]["time_limit"],
)
def run_export_job(self, job_id: int) -> None:
    services.export_run_job(job_id=job_id, worker=worker_label(self.request.hostname))


@shared_task(
    bind=True,
    name="exports.export_batch_files",
    soft_time_limit=settings.QUEUES["exports"]["soft_time_limit"],
    time_limit=settings.QUEUES["exports"]["time_limit"],
)
def export_batch_files(self, job_id: int) -> None:
    job_run(job_id=job_id, worker=worker_label(self.request.hostname), work=services.batch_files_export_run)


@shared_task(name="exports.expire_exports", ignore_result=True)
def expire_exports() -> int:
    return services.exports_expire()
