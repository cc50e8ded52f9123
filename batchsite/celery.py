"""The Celery app: configured from Django settings (``CELERY_*``), tasks found in the apps."""

from __future__ import annotations

import os
import sys

from celery import Celery, signals
from celery.beat import Service
from kombu import Exchange, Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "batchsite.settings")

app = Celery("batchsite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = tuple(
    Queue(name, Exchange(name, type="direct"), routing_key=name)
    for name in ("documents", "exports", "maintenance", "webhooks")
)
app.conf.task_routes = {
    "batches.expire_data": {"queue": "maintenance"},
    "batches.deliver_webhook": {"queue": "webhooks"},
    "batches.notify_finished": {"queue": "maintenance"},
    "batches.*": {"queue": "documents"},
    "exports.*": {"queue": "exports"},
    "queueing.*": {"queue": "maintenance"},
}
app.autodiscover_tasks()
# Each worker's main process renews its jobs' leases, resends what its dead pool processes held
# and takes its turn at the reaper (queueing.heartbeat, queueing.recovery). Named, not imported:
# the queue's modules import this app.
app.steps["worker"].add("queueing.heartbeat:NodeHeartbeat")


@signals.worker_process_init.connect
def _limit_worker_process(**kwargs) -> None:
    """Each pool process takes its address-space ceiling and the pixel budget before any task."""
    from batchsite.worker_limits import worker_limits_apply

    worker_limits_apply()


@signals.worker_init.connect
@signals.beat_init.connect
def _start_embedded_redis(sender=None, **kwargs) -> None:
    """A worker or beat run on its own, on embedded defaults, starts the Redis it needs."""
    from django.conf import settings

    from batchsite.embedded_redis import service_redis_ensure

    if settings.REDIS_IS_EMBEDDED:
        name = "Celery beat" if isinstance(sender, Service) else "The Celery worker"
        service_redis_ensure(settings.VAR_DIR, service=name, log=lambda line: print(line, file=sys.stderr))


@signals.worker_init.connect
def _load_urlconf(**kwargs) -> None:
    """Load the URLconf in the worker's parent, so no child pays its import in the middle of a batch.

    Finishing a batch builds links (``reverse``); the first call imports every view and the API.
    Prefork children inherit what the parent loaded.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the import is the point)
