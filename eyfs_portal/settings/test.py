"""Test settings: speed only. PostgreSQL when it answers on 127.0.0.1:5432, else SQLite."""

import os
import socket

from eyfs_portal.settings.base import *  # noqa: F403
from eyfs_portal.settings.base import VAR_DIR


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


if os.environ.get("DATABASE_URL"):
    pass  # base.py already read it.
elif _answers("127.0.0.1", 5432):
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

if not os.environ.get("REDIS_URL") and _answers("127.0.0.1", 6379):
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
