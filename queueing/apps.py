from __future__ import annotations

from django.apps import AppConfig


class QueueingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "queueing"

    def ready(self) -> None:
        from queueing import lookups

        lookups.register()
