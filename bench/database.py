from __future__ import annotations

import hashlib
import json
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

from bench.scale import SCALE

BASE_DIR = Path(__file__).resolve().parent.parent


DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/eyfs_bench"


MARKER_TABLE = "bench_dataset"


# Bump when the builder changes what it creates, so old datasets are rebuilt.
BUILDER_VERSION = 4


MAX_DATASET_AGE = timedelta(days=30)


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)


def database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not name:
        raise SystemExit(f"BENCH_DATABASE_URL names no database: {url}")
    return name


def fingerprint() -> str:
    """Return a hash of the scale, this builder and every migration file."""
    digest = hashlib.sha256(json.dumps([BUILDER_VERSION, SCALE], sort_keys=True).encode())
    for path in sorted(BASE_DIR.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def stored_marker(url: str) -> dict[str, Any] | None:
    """Return the marker row of a built dataset, or None if there is none."""
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            exists = conn.execute("SELECT to_regclass(%s)", [MARKER_TABLE]).fetchone()
            if not exists or exists[0] is None:
                return None
            row = conn.execute(
                sql.SQL("SELECT value FROM {} WHERE key = 'dataset'").format(
                    sql.Identifier(MARKER_TABLE)
                )
            ).fetchone()
    except psycopg.OperationalError:
        return None
    return json.loads(row[0]) if row else None


def prepare_database(url: str, *, rebuild: bool) -> dict[str, Any] | None:
    """Create the database if missing (dropping it first if stale); return a reusable marker."""
    name = database_name(url)
    marker = None if rebuild else stored_marker(url)
    reusable = (
        marker is not None
        and marker.get("fingerprint") == fingerprint()
        and datetime.fromisoformat(marker["built_at"])
        > datetime.now().astimezone() - MAX_DATASET_AGE
    )
    with psycopg.connect(url, dbname="postgres", autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reusable:
            print(f"Dropping the stale benchmark database {name}")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            print(f"Creating the benchmark database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return marker if reusable else None


def setup_django(url: str) -> None:
    """Start Django on the benchmark database with the production defaults of base.py."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "eyfs_portal.settings.base"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.pop("DJANGO_DEBUG", None)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def clear_leftovers(marker: dict[str, Any]) -> None:
    """Undo what measurements wrote: sign-in and export events, sessions, axes logs, the
    sweep's notifications and the digest's marks (every seeded e-mail predates the build)."""
    from django.apps import apps
    from django.contrib.sessions.models import Session

    from common.models import AuditEvent
    from notifications.models import Notification

    AuditEvent.objects.filter(pk__gt=marker["last_audit_event"]).delete()
    Session.objects.all().delete()
    for model in apps.get_app_config("axes").get_models():
        model.objects.all().delete()
    Notification.objects.filter(pk__gt=marker["last_notification"]).delete()
    Notification.objects.filter(emailed_at__gte=datetime.fromisoformat(marker["built_at"])).update(
        emailed_at=None
    )


def store_marker(marker: dict[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (key text PRIMARY KEY, value text)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (key, value) VALUES ('dataset', %s)"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(marker)],
        )
