"""Celery tasks: thin adapters around ``batches.services``."""

from __future__ import annotations

from celery import shared_task

from batches import services


@shared_task(
    name="batches.process_document",
    autoretry_for=(services.TransientProcessingError,),
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=services.MAX_TRANSIENT_ATTEMPTS,
)
def process_document(document_id: int) -> None:
    services.document_process(document_id=document_id)
