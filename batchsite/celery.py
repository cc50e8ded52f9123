"""The Celery app: configured from Django settings (``CELERY_*``), tasks found in the apps."""

from __future__ import annotations

import os

from celery import Celery
from kombu import Exchange, Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "batchsite.settings")

app = Celery("batchsite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = tuple(
    Queue(name, Exchange(name, type="direct"), routing_key=name)
    for name in ("documents", "exports", "maintenance")
)
app.conf.task_routes = {
    "batches.expire_data": {"queue": "maintenance"},
    "batches.send_webhook": {"queue": "maintenance"},
    "batches.*": {"queue": "documents"},
    "exports.*": {"queue": "exports"},
    "queueing.*": {"queue": "maintenance"},
}
app.autodiscover_tasks()
