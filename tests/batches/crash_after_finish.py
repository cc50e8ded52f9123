"""The Celery app for a worker whose pool process dies right after a batch's finish commits.

``celery -A tests.batches.crash_after_finish worker`` runs the project's app; each pool process
wraps ``batch_complete_if_done`` so that, once the transaction that gave a batch its final
status commits, the process kills itself with SIGKILL before any other after-commit callback
runs (the finish's own ones come after this one). It does so once: the file named by
``CRASH_AFTER_FINISH_MARKER`` records the kill, and a process that finds it lives on.
"""

from __future__ import annotations

import os
import signal
from functools import partial
from pathlib import Path

from celery import signals

from batchsite.celery import app  # noqa: F401 (the app ``-A`` loads)


@signals.worker_process_init.connect
def _die_after_the_first_finish(**kwargs) -> None:
    from django.db import transaction

    from batches.services import processing

    complete = processing.batch_complete_if_done

    def complete_then_die(*, batch_id: object) -> bool:
        transaction.on_commit(partial(_die_if_final, batch_id))  # before the finish's own callbacks
        return complete(batch_id=batch_id)

    processing.batch_complete_if_done = complete_then_die


def _die_if_final(batch_id: object) -> None:
    from batches.models import Batch

    marker = Path(os.environ["CRASH_AFTER_FINISH_MARKER"])
    if marker.exists() or not Batch.objects.filter(pk=batch_id, status__in=Batch.FINAL_STATUSES).exists():
        return
    marker.write_text(f"{os.getpid()} {batch_id}\n")
    os.kill(os.getpid(), signal.SIGKILL)
