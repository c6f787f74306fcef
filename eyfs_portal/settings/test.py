"""Test settings: speed only. PostgreSQL and Redis when they answer, else SQLite and memory.

Under CI (``CI=true``, ``1`` or ``yes``) there is no fallback: a missing PostgreSQL or Redis
raises ImproperlyConfigured (see ``eyfs_portal.settings.backends``). Elsewhere the fallback
is named, loudly, in the pytest header (``TEST_BACKEND_WARNINGS``).
"""

import os

from eyfs_portal.settings.backends import (
    POSTGRES_AT,
    REDIS_AT,
    answers,
    choose_backends,
    is_true,
    url_answers,
    where,
)
from eyfs_portal.settings.base import *  # noqa: F403
from eyfs_portal.settings.base import VAR_DIR

_database_url = os.environ.get("DATABASE_URL", "")
_redis_url = os.environ.get("REDIS_URL", "")
_backends = choose_backends(
    ci=is_true(os.environ.get("CI")),
    postgres_answers=(
        url_answers(_database_url, default_port=5432)
        if _database_url
        else answers("127.0.0.1", 5432)
    ),
    redis_answers=(
        url_answers(_redis_url, default_port=6379) if _redis_url else answers("127.0.0.1", 6379)
    ),
    postgres_at=where(_database_url, default_port=5432) if _database_url else POSTGRES_AT,
    redis_at=where(_redis_url, default_port=6379) if _redis_url else REDIS_AT,
)
TEST_BACKEND_WARNINGS = _backends.warnings

if _database_url and (_backends.postgres or _database_url.startswith("sqlite")):
    pass  # base.py already read it.
elif _backends.postgres:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "eyfs_portal",
            "USER": os.environ.get("PGUSER", "postgres"),
            "HOST": "127.0.0.1",
            "PORT": "5432",
        }
    }
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "test.sqlite3"}
    }

if not _redis_url and _backends.redis:
    REDIS_URL = "redis://127.0.0.1:6379/15"
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "eyfs-test",
        }
    }
    CELERY_BROKER_URL = REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = False
# Tests never run collectstatic: static files come from the finders, not a collected folder.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
