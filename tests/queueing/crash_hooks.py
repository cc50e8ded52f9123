"""Instruments a real worker's pool processes for the crash tests (loaded by ``crash_settings``).

A document whose name contains ``poison`` kills the pool process that runs it (SIGKILL, as a
reader that crashes the interpreter would); ``slow<seconds>`` makes it take that long;
``dberror`` raises a database error out of the run on its first attempt (as a dropped
connection or a deadlock would). Every start of a document is appended to the file
``CRASH_HOOKS_LOG`` names, so a test can count how many times each document ran.
"""

from __future__ import annotations

import os
import re
import signal
import time

from celery import signals
from django.db import OperationalError


@signals.worker_process_init.connect
def _instrument(**kwargs) -> None:
    from batches.services import document_run

    real = document_run.document_process

    def instrumented(*, document):
        with open(os.environ["CRASH_HOOKS_LOG"], "a") as log:
            log.write(f"{document.pk}\n")
        if "dberror" in document.original_name and document.attempts == 1:
            raise OperationalError("deadlock detected (crash_hooks)")
        if "poison" in document.original_name:
            os.kill(os.getpid(), signal.SIGKILL)
        slow = re.search(r"slow([\d.]+)", document.original_name)
        if slow:
            time.sleep(float(slow.group(1).rstrip(".")))
        return real(document=document)

    document_run.document_process = instrumented
