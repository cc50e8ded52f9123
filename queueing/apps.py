from __future__ import annotations

from django.apps import AppConfig


class QueueingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "queueing"

    def ready(self) -> None:
        from celery import signals

        from queueing import heartbeat, lookups

        lookups.register()
        # A pool process whose worker was killed stops too, instead of running on unwatched.
        signals.worker_process_init.connect(heartbeat.on_pool_process_start, weak=False)
        # A task that raised gives its jobs back, or its living process would hold them forever.
        signals.task_failure.connect(heartbeat.on_task_failure, weak=False)
