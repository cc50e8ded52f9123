"""Settings for the test suite: the project's settings on a private var directory.

The suite gets its own embedded Redis and SQLite file under ``var/test`` (or the
``DATABASE_URL`` that CI points at a throwaway PostgreSQL cluster), so it never touches
the data of a running ``make run``.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("BATCHSITE_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test"))

from batchsite.settings import *  # noqa: F403
from batchsite.settings import DATABASES, VAR_DIR

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that worker processes see the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_db.sqlite3")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PROGRESS_MIN_INTERVAL_SECONDS = float(os.environ.get("PROGRESS_MIN_INTERVAL_SECONDS", "0.05"))
STORAGES = {
    "default": {
        "BACKEND": "batchsite.storage.AtomicFileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "media"), "base_url": "/media-not-served/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
