"""The settings of the multi-node rehearsal's processes: the production settings, as a node reads them.

Each process gets its parts from the environment alone (``DATABASE_URL``, ``REDIS_URL``,
``STORAGE_BACKEND=s3``, ``BATCHSITE_VAR_DIR``), unlike ``tests.settings``, which pins local storage.
Only the password hasher (the test process writes the user) and the crash hooks (counting and
slowing documents) differ.
"""

from __future__ import annotations

from batchsite.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_IMPORTS = ("tests.queueing.crash_hooks",)
