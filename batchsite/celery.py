"""The Celery app: configured from Django settings (``CELERY_*``), tasks found in the apps."""

from __future__ import annotations

import os

from celery import Celery, signals
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


@signals.worker_init.connect
def _load_urlconf(**kwargs) -> None:
    """Load the URLconf in the worker's parent, so no child pays its import in the middle of a batch.

    Finishing a batch builds links (``reverse``); the first call imports every view and the API.
    Prefork children inherit what the parent loaded.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the import is the point)
