"""Under CI the test settings refuse to fall back; elsewhere the fallback is said loudly."""

import os
import subprocess
import sys
from itertools import product

import pytest
from django.core.exceptions import ImproperlyConfigured

from eyfs_portal.settings.backends import choose_backends, is_true, where
from eyfs_portal.settings.base import BASE_DIR


@pytest.mark.parametrize(
    ("postgres_answers", "redis_answers"), list(product([True, False], repeat=2))
)
def test_without_ci_the_settings_use_what_answers_and_name_each_fallback(
    postgres_answers, redis_answers
):
    backends = choose_backends(
        ci=False, postgres_answers=postgres_answers, redis_answers=redis_answers
    )

    assert (backends.postgres, backends.redis) == (postgres_answers, redis_answers)
    said = " ".join(backends.warnings)
    assert ("tests run on SQLite" in said) == (not postgres_answers)
    assert ("locks and constraints that need PostgreSQL are not proved" in said) == (
        not postgres_answers
    )
    assert ("Redis is not answering on 127.0.0.1:6379" in said) == (not redis_answers)
    assert len(backends.warnings) == (not postgres_answers) + (not redis_answers)


def test_under_ci_with_both_servers_answering_there_is_nothing_to_say():
    backends = choose_backends(ci=True, postgres_answers=True, redis_answers=True)

    assert (backends.postgres, backends.redis, backends.warnings) == (True, True, ())


@pytest.mark.parametrize(
    ("postgres_answers", "redis_answers", "named", "not_named"),
    [
        (False, True, ["PostgreSQL is not answering on 127.0.0.1:5432"], ["Redis is not"]),
        (True, False, ["Redis is not answering on 127.0.0.1:6379"], ["PostgreSQL is not"]),
        (
            False,
            False,
            [
                "PostgreSQL is not answering on 127.0.0.1:5432",
                "Redis is not answering on 127.0.0.1:6379",
            ],
            [],
        ),
    ],
)
def test_under_ci_a_missing_server_is_a_configuration_error_naming_it(
    postgres_answers, redis_answers, named, not_named
):
    with pytest.raises(ImproperlyConfigured) as refused:
        choose_backends(ci=True, postgres_answers=postgres_answers, redis_answers=redis_answers)

    message = str(refused.value)
    assert message.startswith("CI is set, so the tests will not fall back")
    for text in named:
        assert text in message
    for text in not_named:
        assert text not in message


@pytest.mark.parametrize(
    ("value", "meaning"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        (" on ", True),
        ("", False),
        (None, False),
        ("0", False),
        ("false", False),
        ("no", False),
    ],
)
def test_ci_counts_as_set_for_true_values_only(value, meaning):
    assert is_true(value) is meaning


def test_a_url_is_named_by_host_and_port_without_its_password():
    assert where("postgres://eyfs:secret@db.example:6543/eyfs", default_port=5432) == (
        "db.example:6543"
    )
    assert where("redis://:secret@cache.example/0", default_port=6379) == "cache.example:6379"
    assert "SQLite" not in where("sqlite:///var/db.sqlite3", default_port=5432)
    assert "sqlite" in where("sqlite:///var/db.sqlite3", default_port=5432)


def test_ci_with_an_unreachable_database_fails_at_start_up_saying_why():
    env = {
        **{key: value for key, value in os.environ.items() if key != "REDIS_URL"},
        "CI": "true",
        "DJANGO_SETTINGS_MODULE": "eyfs_portal.settings.test",
        # Port 1 on the loopback refuses at once: nothing listens there.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/eyfs_portal",
    }

    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "PostgreSQL is not answering on 127.0.0.1:1" in done.stderr
