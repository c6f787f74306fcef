"""Settings for every environment, driven only by environment variables.

With nothing set the portal runs on embedded defaults: SQLite, a Celery broker
on the file system and e-mail written to files, so ``make run`` needs no server.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("EYFS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


# An embedded key keeps ``make run`` free of set-up; production.py refuses it.
INSECURE_DEFAULT_SECRET_KEY = "insecure-local-only-8c1f0e7a5b0d4e5c9f3a2b1d6e7f8a9b0c1d2e3f"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
# The key safeguarding files are encrypted with at rest (``safeguarding.transfer.crypto``
# derives the cipher's key from it). Without it, a key derived from SECRET_KEY is used.
EYFS_FILE_KEY = os.environ.get("EYFS_FILE_KEY", "") or f"file-key:{SECRET_KEY}"
SITE_URL = os.environ.get("EYFS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "csp",
    "common",
    "accounts",
    "children",
    "keypersons",
    "learning",
    "notifications",
    "pep",
    "eypp",
    "safeguarding",
    "quality",
    "workspace",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files keep their caching; outside the rest, so every
    # page, export, file and error page leaves with "private, no-store" unless its view chose.
    "common.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "common.middleware.RequestAddressMiddleware",
    # Last, so a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "eyfs_portal.urls"
WSGI_APPLICATION = "eyfs_portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "workspace.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
            # Status tags look the same on every page: {% status_tag "looked_after" %}.
            "builtins": ["common.templatetags.status_tags"],
        },
    },
]

# SQLite serves several processes (web workers, Celery) only with these: WAL lets readers go
# on beside the one writer; a transaction takes the write lock as it begins (IMMEDIATE), so
# two that read then write queue up instead of one failing at once with "database is
# locked"; and a writer waits up to 20 seconds for the lock.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database_from_url(url: str) -> dict:
    """Return Django's settings for the database at ``url``, SQLite set up for concurrency."""
    database = dict(
        dj_database_url.parse(
            url,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {**SQLITE_OPTIONS, **database.get("OPTIONS", {})}
    return database


DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "eyfs",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env_int("EYFS_PASSWORD_RESET_SECONDS", 60 * 60 * 24 * 3)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after this much inactivity: every request pushes the expiry on.
SESSION_IDLE_MINUTES = env_int("EYFS_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Failed-login throttling: lock the account from that address after a few failures, and the
# address itself after more failures across any accounts (password spraying). Each limit
# forgets failures after a cool-off without another; accounts.throttling applies both.
AXES_HANDLER = "accounts.throttling.SignInThrottleHandler"
AXES_FAILURE_LIMIT = env_int("EYFS_LOGIN_FAILURE_LIMIT", 5)
EYFS_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("EYFS_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("EYFS_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form posts the email as "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Sign-ins are already in the audit trail; axes keeps only the failures it counts.
AXES_DISABLE_ACCESS_LOG = True
# Reverse proxies in front of the portal. The audit trail and the throttle read the client's
# address the same way, from the right of X-Forwarded-For (common.middleware.client_address).
EYFS_PROXY_COUNT = env_int("EYFS_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "common.middleware.client_address"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("EYFS_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("EYFS_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.9.0"

# No inline script or style anywhere: the GOV.UK start-up scripts carry a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "EYFS Portal <no-reply@eyfs-portal.test>"
)

# Celery: Redis when REDIS_URL is set, otherwise a broker kept in folders under var/.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "notifications-sweep": {
        "task": "notifications.tasks.sweep",
        "schedule": timedelta(minutes=env_int("EYFS_SWEEP_MINUTES", 60)),
    },
    "notifications-digest": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(hour=env_int("EYFS_DIGEST_HOUR", 7), minute=0),
    },
    "clear-expired-sessions": {
        "task": "common.tasks.clear_expired_sessions",
        "schedule": timedelta(hours=6),
    },
    "forget-old-submissions": {
        "task": "common.tasks.forget_old_submissions",
        "schedule": timedelta(hours=24),
    },
    # Before the morning's reminders: the PEP cycles of children who reached PEP age.
    "pep-ensure-cycles": {
        "task": "pep.clock.tasks.ensure_cycles",
        "schedule": crontab(hour=env_int("EYFS_PEP_CLOCK_HOUR", 5), minute=30),
    },
    # Before the morning's reminders: EYPP awards that ages or ended grounds changed.
    "eypp-awards-refresh": {
        "task": "eypp.eligibility.tasks.awards_refresh",
        "schedule": crontab(hour=env_int("EYFS_PEP_CLOCK_HOUR", 5), minute=40),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # An ordinary 403 or 404 is one line in the terminal; a 500 keeps its traceback.
        "plain": {"()": "common.log.ClientErrorsOnOneLine"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("EYFS_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint narrates every step at INFO.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
