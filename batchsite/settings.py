"""Batchsite settings: one module, read from the environment, with embedded defaults.

With nothing set, everything runs on one machine: SQLite and uploaded files under
``var/``, a Redis server the project starts itself, the ``builtin`` extraction engine.
Each production part is switched by one variable: ``DATABASE_URL``, ``REDIS_URL``,
``STORAGE_BACKEND=s3`` (+ ``STORAGE_S3_*``), ``ENGINE_DEFAULT`` (+ ``ENGINE_OPENAI_*``).
"""

from __future__ import annotations

import secrets
from pathlib import Path

import environ

from batchsite.embedded_redis import redis_url

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

VAR_DIR = Path(env.str("BATCHSITE_VAR_DIR", default=str(BASE_DIR / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)


def _local_secret_key() -> str:
    """A per-checkout random key for embedded use; production must set SECRET_KEY."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "formtools",
    "channels",
    "queueing",
    "accounts",
    "batches",
    "uploads",
    "analytics",
    "exports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "batchsite.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "batchsite.urls"
ASGI_APPLICATION = "batchsite.asgi.application"
WSGI_APPLICATION = "batchsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web process and several workers write at once: WAL, a busy timeout and
    # IMMEDIATE transactions keep SQLite from answering "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker, channel layer, cache ----------------------------------------------
# Embedded: the checkout's own server, started by what needs it (see batchsite.embedded_redis).
REDIS_URL = env.str("REDIS_URL", default="") or redis_url(VAR_DIR)
REDIS_IS_EMBEDDED = not env.str("REDIS_URL", default="")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "batchsite",
    }
}

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            # redis-py's default socket timeout would cut channels-redis's 5 s blocking
            # reads, and its default pool size refuses connections past 100 sockets.
            "hosts": [{"address": REDIS_URL, "socket_timeout": None, "max_connections": 2000}],
            "capacity": 1500,
            "expiry": 60,
            "prefix": "batchsite.channels",
        },
    }
}

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("TASK_TIME_LIMIT", default=300)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("WORKER_MAX_MEMORY_KB", default=512_000)
# Address space of each pool process (RLIMIT_AS, batchsite.worker_limits): an allocation past it
# fails that document instead of the machine. Virtual size: an idle pool process holds ~400 MB,
# OCR's threads and libraries more. 0 turns the limit off.
WORKER_MEMORY_LIMIT_BYTES = env.int("WORKER_MEMORY_LIMIT_BYTES", default=4 * 1024**3)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_DEFAULT_QUEUE = "documents"

# --- Storage --------------------------------------------------------------------------
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media-not-served/"  # uploads are never served directly; see downloads
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="local")
if STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("STORAGE_S3_BUCKET"),
            "endpoint_url": env.str("STORAGE_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("STORAGE_S3_REGION", default=None),
            "access_key": env.str("STORAGE_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("STORAGE_S3_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "batchsite.storage.AtomicFileSystemStorage",  # no partial file on a failed write
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": MEDIA_URL},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True

# --- Uploads and limits ---------------------------------------------------------------
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("MAX_FILES_PER_UPLOAD", default=1000)
BATCH_MAX_FILES = env.int("BATCH_MAX_FILES", default=10_000)
BATCH_MAX_FILE_BYTES = env.int("BATCH_MAX_FILE_BYTES", default=50 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "batchsite.upload_handlers.SizeLimitUploadHandler",  # first: stops an oversized file early
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A ZIP archive is checked member by member; the archive itself may be this large.
BATCH_MAX_ARCHIVE_BYTES = env.int("BATCH_MAX_ARCHIVE_BYTES", default=2 * 1024**3)
# A ZIP is expanded by a worker, never in the web process; the API's and the CLI's submit wait
# this long for it (the wizard shows it expanding and refuses to go on until it is done).
ARCHIVE_WAIT_SECONDS = env.float("ARCHIVE_WAIT_SECONDS", default=120.0)
# Request body caps, checked in the ASGI entry before a body is read (batchsite/body_limits.py):
# a visitor who is not signed in, a signed-in user on ordinary pages and endpoints, and the
# multipart upload paths (one request: the largest archive plus room for the form around it).
REQUEST_BODY_MAX_ANONYMOUS = env.int("REQUEST_BODY_MAX_ANONYMOUS", default=64 * 1024)
REQUEST_BODY_MAX = env.int("REQUEST_BODY_MAX", default=4 * 1024 * 1024)
REQUEST_UPLOAD_MAX = env.int("REQUEST_UPLOAD_MAX", default=BATCH_MAX_ARCHIVE_BYTES + 16 * 1024 * 1024)
# Users without an assigned plan get this one (plans are seeded: starter, plus, growth).
DEFAULT_PLAN = env.str("DEFAULT_PLAN", default="plus")

# --- Extraction engines ---------------------------------------------------------------
ENGINE_DEFAULT = env.str("ENGINE_DEFAULT", default="builtin")
ENGINE_OPENAI_BASE_URL = env.str("ENGINE_OPENAI_BASE_URL", default="https://api.openai.com/v1")
ENGINE_OPENAI_MODEL = env.str("ENGINE_OPENAI_MODEL", default="gpt-4o-mini")
ENGINE_OPENAI_API_KEY = env.str("ENGINE_OPENAI_API_KEY", default="")
ENGINE_OPENAI_TIMEOUT = env.float("ENGINE_OPENAI_TIMEOUT", default=60.0)
ENGINE_OPENAI_MAX_RETRIES = env.int("ENGINE_OPENAI_MAX_RETRIES", default=4)
ENGINE_OPENAI_MAX_OUTPUT_TOKENS = env.int("ENGINE_OPENAI_MAX_OUTPUT_TOKENS", default=0)  # 0: the server's own
# Generated articles and stories get a cover picture from the images endpoint when a model is named.
ENGINE_OPENAI_IMAGE_MODEL = env.str("ENGINE_OPENAI_IMAGE_MODEL", default="")
ENGINE_OPENAI_IMAGE_SIZE = env.str("ENGINE_OPENAI_IMAGE_SIZE", default="1024x1024")
# Hybrid extraction: the model is asked only for fields builtin missed or found below this confidence;
# its values not found in the document are flagged ``unsupported``, or dropped when this is on.
ENGINE_MIN_CONFIDENCE = env.float("ENGINE_MIN_CONFIDENCE", default=0.75)
ENGINE_REJECT_UNSUPPORTED = env.bool("ENGINE_REJECT_UNSUPPORTED", default=False)
# US dollars per million tokens, by model: {"model": {"prompt": 0.15, "completion": 0.60}}.
# A model missing here is counted in tokens only. ENGINE_PRICES (JSON) replaces the table.
ENGINE_PRICES = env.json(
    "ENGINE_PRICES",
    default={
        "gpt-4o-mini": {"prompt": 0.15, "completion": 0.60},
        "gpt-4o": {"prompt": 2.50, "completion": 10.00},
        "gpt-4.1-nano": {"prompt": 0.10, "completion": 0.40},
        "gpt-4.1-mini": {"prompt": 0.40, "completion": 1.60},
        "gpt-4.1": {"prompt": 2.00, "completion": 8.00},
    },
)

# --- Progress events ------------------------------------------------------------------
PROGRESS_MIN_INTERVAL_SECONDS = env.float("PROGRESS_MIN_INTERVAL_SECONDS", default=0.25)
# Events are best effort (a process may end holding one): a live page whose unfinished batch has
# been silent this long reads its status once, so a lost event never leaves it stale.
PROGRESS_RESYNC_SECONDS = env.float("PROGRESS_RESYNC_SECONDS", default=15)

# --- Hot batch data cached in Redis (batches.hot_cache) -------------------------------
# The status endpoints' and the batch page's counters and rows, and the analytics figures.
# Batch data is invalidated on change (a per-batch version); HOT_CACHE_SECONDS only bounds how
# long an unread entry stays. Analytics figures live ANALYTICS_CACHE_SECONDS (see the module).
HOT_CACHE = env.bool("HOT_CACHE", default=True)
HOT_CACHE_SECONDS = env.int("HOT_CACHE_SECONDS", default=300)
ANALYTICS_CACHE_SECONDS = env.int("ANALYTICS_CACHE_SECONDS", default=30)

# --- Auth, i18n, security -------------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "batches:list"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# The site is served over https (behind a proxy that terminates TLS): secure cookies, HSTS, and
# webhooks only to https URLs.
HTTPS = env.bool("HTTPS", default=False)
if not DEBUG and HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.channels.server": {"level": "WARNING"}},
}

# --- Exports --------------------------------------------------------------------------
EXPORT_INLINE_MAX_DOCUMENTS = env.int("EXPORT_INLINE_MAX_DOCUMENTS", default=500)
EXPORT_LINK_MAX_AGE_SECONDS = env.int("EXPORT_LINK_MAX_AGE_SECONDS", default=24 * 3600)

# --- Job ledger and queues (queueing app) ---------------------------------------------
QUEUES = {
    "documents": {
        "max_attempts": env.int("DOCUMENT_MAX_ATTEMPTS", default=3),
        "soft_time_limit": CELERY_TASK_SOFT_TIME_LIMIT,
        "time_limit": CELERY_TASK_TIME_LIMIT,
        "retry_backoff": 2,
        "retry_backoff_max": 300,
    },
    "exports": {
        "max_attempts": 2,
        "soft_time_limit": 1700,
        "time_limit": 1800,
        "retry_backoff": 5,
        "retry_backoff_max": 60,
        # big exports are long and heavy on the database: at most this many at once, site-wide
        "concurrency": env.int("EXPORT_CONCURRENCY", default=2),
    },
    # A finished batch's notice runs here. A worker that dies while it runs (a node killed) leaves
    # it to recovery, which runs it again: a notice shown twice is harmless, one never shown is not.
    "maintenance": {
        "max_attempts": 3,
        "soft_time_limit": 250,
        "time_limit": 300,
        "retry_backoff": 5,
        "retry_backoff_max": 60,
    },
    # Webhook deliveries (follow-ups of a finished batch): each has WEBHOOK_DEADLINE_SECONDS in all;
    # a receiver that is away is retried with backoff and jitter for up to about an hour. At most
    # "concurrency" deliveries run at once, so slow receivers never hold more worker processes.
    "webhooks": {
        "max_attempts": env.int("WEBHOOK_MAX_ATTEMPTS", default=10),
        "soft_time_limit": 25,
        "time_limit": 30,
        "retry_backoff": 10,
        "retry_backoff_max": 1800,
        "concurrency": env.int("WEBHOOK_CONCURRENCY", default=4),
    },
}
# A webhook delivery's whole exchange (lookup, connect, request, the answer's headers).
WEBHOOK_DEADLINE_SECONDS = env.float("WEBHOOK_DEADLINE_SECONDS", default=10.0)
# Off: webhook URLs must resolve to public addresses only. On only where a receiver on this
# machine or a private network is wanted (the tests' local receivers).
WEBHOOK_ALLOW_PRIVATE_NETWORKS = env.bool("WEBHOOK_ALLOW_PRIVATE_NETWORKS", default=False)
# Longer than any hard time limit, or a late-acked task still running is delivered twice.
_VISIBILITY_TIMEOUT = max(q["time_limit"] for q in QUEUES.values()) * 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": _VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": _VISIBILITY_TIMEOUT}
CELERY_VISIBILITY_TIMEOUT = _VISIBILITY_TIMEOUT
# The site-wide ceiling on jobs in flight per user; each user's plan sets its own figure below it.
QUEUE_MAX_IN_FLIGHT_PER_USER = env.int("QUEUE_MAX_IN_FLIGHT_PER_USER", default=16)
QUEUE_OWNER_CAPS = "batches.selectors.owner_job_caps"
# Recovery (queueing.recovery, docs/operations.md): a claimed job holds a short lease that its
# worker node renews every QUEUE_HEARTBEAT_SECONDS while the pool process holding it lives; a
# node resends its dead processes' jobs at its next heartbeat, and the reaper (run by whichever
# worker's heartbeat takes its turn, every QUEUE_RECOVER_EVERY_SECONDS) resends the jobs of nodes
# that stopped and the queued jobs whose broker message is gone.
QUEUE_LEASE_SECONDS = env.float("QUEUE_LEASE_SECONDS", default=15.0)
QUEUE_HEARTBEAT_SECONDS = env.float("QUEUE_HEARTBEAT_SECONDS", default=2.0)
QUEUE_RECOVER_EVERY_SECONDS = env.float("QUEUE_RECOVER_EVERY_SECONDS", default=10.0)
# Small documents of one batch share a broker message (at most this many; inputs up to this
# size). While other work waits, a message starts no new document after QUEUE_MESSAGE_SECONDS:
# the rest go back to the ledger, so another user's batch waits behind a few half-seconds at
# most. With nothing else waiting it goes on, up to QUEUE_MESSAGE_MAX_SECONDS.
QUEUE_MESSAGE_MAX_JOBS = env.int("QUEUE_MESSAGE_MAX_JOBS", default=250)
QUEUE_MESSAGE_SMALL_BYTES = env.int("QUEUE_MESSAGE_SMALL_BYTES", default=1024 * 1024)
QUEUE_MESSAGE_SECONDS = env.float("QUEUE_MESSAGE_SECONDS", default=0.5)
QUEUE_MESSAGE_MAX_SECONDS = env.float("QUEUE_MESSAGE_MAX_SECONDS", default=30.0)

# /healthz answers the public with its status only; its details (parts, queues, workers, the
# reaper) go to staff and to a request carrying this token (``Authorization: Bearer …``).
HEALTH_TOKEN = env.str("HEALTH_TOKEN", default="")

# The one beat schedule of the project (recovery does not depend on it: the workers run it).
CELERY_BEAT_SCHEDULE = {}
CELERY_BEAT_SCHEDULE["stats-rollup"] = {
    "task": "batches.stats_rollup",
    "schedule": env.float("STATS_ROLLUP_EVERY_SECONDS", default=60.0),
    "options": {"queue": "maintenance", "expires": 60},
}
CELERY_BEAT_SCHEDULE["expire-data"] = {
    "task": "batches.expire_data",
    "schedule": 3600.0,
    "options": {"queue": "maintenance", "expires": 3600},
}
CELERY_BEAT_SCHEDULE["expire-exports"] = {
    "task": "exports.expire_exports",
    "schedule": 3600.0,
    "options": {"queue": "maintenance", "expires": 3600},
}

# Chunks of resumable uploads are staged on the web node's disk until the file is complete.
UPLOAD_STAGING_DIR = Path(env.str("UPLOAD_STAGING_DIR", default=str(VAR_DIR / "staging")))

# --- Retention ------------------------------------------------------------------------
BATCH_RETENTION_DAYS = env.int("BATCH_RETENTION_DAYS", default=30)
DRAFT_RETENTION_HOURS = env.int("DRAFT_RETENTION_HOURS", default=48)
EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=7)

# --- Rate limits (per user, per IP), see batchsite/ratelimits.py -----------------------
RATE_LIMITS_ENABLED = env.bool("RATE_LIMITS_ENABLED", default=True)
RATE_LIMITS = {
    "upload": (
        env.str("RATE_LIMIT_UPLOAD", default="1200/minute"),
        env.str("RATE_LIMIT_UPLOAD_IP", default="2400/minute"),
    ),
    "submit": (
        env.str("RATE_LIMIT_SUBMIT", default="90/minute"),
        env.str("RATE_LIMIT_SUBMIT_IP", default="180/minute"),
    ),
    # the wizard's field preview, asked as the user types a prompt (debounced)
    "preview": (
        env.str("RATE_LIMIT_PREVIEW", default="600/minute"),
        env.str("RATE_LIMIT_PREVIEW_IP", default="1200/minute"),
    ),
    "export": (
        env.str("RATE_LIMIT_EXPORT", default="60/minute"),
        env.str("RATE_LIMIT_EXPORT_IP", default="120/minute"),
    ),
    # wrong passwords, per user name and per client address, on the site and the admin login
    "login": (
        env.str("RATE_LIMIT_LOGIN", default="10 per 15 minutes"),
        env.str("RATE_LIMIT_LOGIN_IP", default="30 per 15 minutes"),
    ),
}
