"""The test settings, plus ``crash_hooks`` imported by the worker (``DJANGO_SETTINGS_MODULE``)."""

from __future__ import annotations

from tests.settings import *  # noqa: F403

CELERY_IMPORTS = ("tests.queueing.crash_hooks",)
