"""Decide which database and cache the test settings use, and refuse fallbacks under CI.

On a laptop without PostgreSQL or Redis the suite may still run, on SQLite and a local
cache, with a loud warning; under CI (``CI`` set to a true value) it must prove what it
claims (row locks, constraints only PostgreSQL enforces, a shared cache and a real broker),
so a missing server is a configuration error, not a quieter run.
"""

import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = frozenset({"1", "true", "yes", "on"})
POSTGRES_AT = "127.0.0.1:5432"
REDIS_AT = "127.0.0.1:6379"


@dataclass(frozen=True)
class Backends:
    """What the test settings use: PostgreSQL or SQLite, Redis or a local cache."""

    postgres: bool
    redis: bool
    warnings: tuple[str, ...] = ()


def is_true(value: str | None) -> bool:
    """Return whether an environment value such as ``CI`` means yes."""
    return (value or "").strip().lower() in TRUE_VALUES


def choose_backends(
    *,
    ci: bool,
    postgres_answers: bool,
    redis_answers: bool,
    postgres_at: str = POSTGRES_AT,
    redis_at: str = REDIS_AT,
) -> Backends:
    """Return the backends to use; raise ImproperlyConfigured under CI if a server is missing.

    Without CI, a missing server means a fallback, named in ``warnings`` for the pytest
    header: SQLite for PostgreSQL, a local memory cache and a folder broker for Redis.
    """
    if ci and not (postgres_answers and redis_answers):
        missing = []
        if not postgres_answers:
            missing.append(f"PostgreSQL is not answering on {postgres_at}")
        if not redis_answers:
            missing.append(f"Redis is not answering on {redis_at}")
        raise ImproperlyConfigured(
            f"CI is set, so the tests will not fall back: {'; '.join(missing)}. CI must prove "
            "the PostgreSQL and Redis behaviour it claims (locks, constraints, the cache and "
            "the broker): start them, or point DATABASE_URL and REDIS_URL at them."
        )
    warnings = []
    if not postgres_answers:
        warnings.append(
            f"PostgreSQL is not answering on {postgres_at}: tests run on SQLite; "
            "locks and constraints that need PostgreSQL are not proved"
        )
    if not redis_answers:
        warnings.append(
            f"Redis is not answering on {redis_at}: the shared cache and the Redis broker "
            "are not proved (without REDIS_URL, tests use a local memory cache and a folder "
            "broker)"
        )
    return Backends(postgres=postgres_answers, redis=redis_answers, warnings=tuple(warnings))


def answers(host: str, port: int) -> bool:
    """Return whether something accepts a TCP connection there, within half a second."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def url_answers(url: str, *, default_port: int) -> bool:
    """Return whether the server a postgres:// or redis:// URL names answers; never SQLite."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite") or not parts.hostname:
        return False
    return answers(parts.hostname, parts.port or default_port)


def where(url: str, *, default_port: int) -> str:
    """Return where a URL points, for a message, without its user or password."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite") or not parts.hostname:
        return f"the URL given (it names {parts.scheme or 'no'}: as its scheme)"
    return f"{parts.hostname}:{parts.port or default_port}"
