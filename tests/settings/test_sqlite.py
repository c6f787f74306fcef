"""The embedded SQLite database serves several processes: writers wait, they do not fail.

The suite runs on PostgreSQL; these tests make their own SQLite file in a temporary folder
and talk to it from two processes started with the portal's base settings, as two gunicorn
workers of ``make run`` would.
"""

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from eyfs_portal.settings.base import BASE_DIR, database_from_url

SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def test_a_sqlite_database_url_gets_wal_a_busy_timeout_and_immediate_transactions(tmp_path):
    database = database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}")

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "db.sqlite3")
    assert database["OPTIONS"] == SQLITE_OPTIONS


def test_a_postgresql_database_url_gets_no_sqlite_options():
    database = database_from_url("postgres://eyfs:secret@postgres:5432/eyfs")

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert not set(database.get("OPTIONS", {})) & set(SQLITE_OPTIONS)


def settings_of(env: dict[str, str]) -> str:
    """Return what the base settings say about the default database, in a fresh process."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['OPTIONS'])",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def base_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "eyfs_portal.settings.base",
        "EYFS_VAR_DIR": str(tmp_path),
        **extra,
    }


def test_with_no_database_url_make_run_gets_sqlite_with_those_options(tmp_path):
    said = settings_of(base_env(tmp_path))

    assert said.startswith(f"django.db.backends.sqlite3 {tmp_path / 'db.sqlite3'} ")
    assert repr(SQLITE_OPTIONS) in said


# Each process opens a write transaction that reads first, as the portal's services do
# (look the row up, then change it). The first holds its transaction open for a moment
# after reading; the second starts while it is open. With deferred transactions one of
# them fails at once with "database is locked"; with these settings the second waits.
WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path

    import django

    django.setup()
    from django.db import connection, transaction

    role, folder = sys.argv[1], Path(sys.argv[2])
    if role == "second":
        while not (folder / "first-has-read").exists():
            time.sleep(0.01)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM visit")
            seen = cursor.fetchone()[0]
            if role == "first":
                (folder / "first-has-read").touch()
                time.sleep(1.5)
            cursor.execute("INSERT INTO visit (who, seen) VALUES (%s, %s)", [role, seen])
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        print(role, "saved", cursor.fetchone()[0])
    """
)


def test_two_processes_writing_at_once_both_save_one_after_the_other(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = base_env(tmp_path, DATABASE_URL=f"sqlite:///{database}")

    with sqlite3.connect(database) as setup:
        setup.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, who TEXT, seen INTEGER)")
    setup.close()

    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, role, str(tmp_path)],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role in ("first", "second")
    ]
    outcomes = [writer.communicate(timeout=90) for writer in writers]

    for writer, (_out, err) in zip(writers, outcomes, strict=True):
        assert writer.returncode == 0, err[-2000:]
    assert [out.strip() for out, _ in outcomes] == ["first saved wal", "second saved wal"]
    with sqlite3.connect(database) as check:
        rows = check.execute("SELECT who, seen FROM visit ORDER BY id").fetchall()
    check.close()
    # The second waited for the first to commit, so it saw the first's row.
    assert rows == [("first", 0), ("second", 1)]
