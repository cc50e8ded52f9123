"""Limits each Celery pool process takes when it starts: an address-space ceiling and a pixel budget.

Why: a worker runs parsers and decoders on hostile files. The readers' own checks stop the
attacks we know (far-apart cells, pixel bombs, archive bombs); these bound the ones we do not:
past ``WORKER_MEMORY_LIMIT_BYTES`` of address space an allocation fails (``MemoryError``, which
fails that document with ``file_too_large``) instead of taking the machine's memory, and every
image Pillow opens is held to the pixel budget. Connected to ``worker_process_init`` in
``batchsite.celery``; the prefork pool's children run it before their first task.
"""

from __future__ import annotations

import logging
import resource

from django.conf import settings

from batches.processing.images import pixel_budget_apply

logger = logging.getLogger(__name__)


def worker_limits_apply(**_signal_kwargs) -> None:
    """Cap this process's address space (when set) and apply the pixel budget."""
    memory_limit_apply(settings.WORKER_MEMORY_LIMIT_BYTES)
    pixel_budget_apply()


def memory_limit_apply(limit_bytes: int) -> None:
    """``RLIMIT_AS`` for this process, never above a ceiling the operator set already; 0 leaves it."""
    if limit_bytes <= 0:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit_bytes = min(limit_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, hard))
    logger.info("worker process address space limited to %.1f GiB", limit_bytes / 1024**3)
