"""Export tasks: thin adapters around ``exports.services``."""

from __future__ import annotations

from celery import shared_task

from exports import services


@shared_task(name="exports.run_export")
def run_export(export_id: str) -> None:
    services.export_run(export_id=export_id)
