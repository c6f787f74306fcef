"""The permission matrix: for every URL and every persona, the status a GET answers.

Logged out, protected pages send you to sign in. Outside your scope (another setting, another
LA, a setting your LA has not assigned you to) is 404 so existence does not leak; inside it,
a missing grant is 403. The rules live in ``accounts/permissions.py``; this file states what
they must add up to, page by page. A URL pattern without a row fails the suite.
"""

from collections.abc import Iterator
from itertools import product
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories.accounts import CareSettingFactory
from tests.matrix import collect
from tests.matrix.base import (
    HOME_PERSONAS,
    LOGIN,
    PERSONAS,
    REDIRECT,
    KwargsBuilder,
    Places,
    Status,
    client_for,
)

# Each app keeps its rows in tests/matrix/<app>.py.
GRID: dict[str, tuple[KwargsBuilder, tuple[Status, ...]]] = collect("ROWS")

MATRIX: dict[str, tuple[KwargsBuilder, dict[str, int | str]]] = {
    url_name: (builder, dict(zip(PERSONAS, statuses, strict=True)))
    for url_name, (builder, statuses) in GRID.items()
}


def url_patterns() -> Iterator[tuple[str | None, tuple[str, ...]]]:
    """Yield ``(namespace:name, URL arguments)`` for every pattern outside the admin."""

    def walk(patterns: list[Any], namespace: str | None, params: tuple[str, ...]) -> Iterator:
        for entry in patterns:
            own = tuple(entry.pattern.regex.groupindex)
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                inner = (
                    ":".join(filter(None, [namespace, entry.namespace]))
                    if entry.namespace
                    else namespace
                )
                yield from walk(entry.url_patterns, inner, params + own)
            elif isinstance(entry, URLPattern):
                name = entry.name and ":".join(filter(None, [namespace, entry.name]))
                yield name, params + own

    yield from walk(get_resolver().url_patterns, None, ())


URL_PARAMS = {name: params for name, params in url_patterns() if name}


def test_every_url_pattern_has_a_row_in_the_matrix():
    names = [name for name, _ in url_patterns()]
    assert None not in names, "A URL pattern has no name, so the matrix cannot reach it"
    missing = sorted(set(names) - set(MATRIX))
    assert not missing, f"URL patterns with no row in the permission matrix: {missing}"


def test_every_row_of_the_matrix_is_still_a_url_pattern():
    stale = sorted(set(MATRIX) - set(URL_PARAMS))
    assert not stale, f"Rows for URL names that no longer exist: {stale}"


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [
        pytest.param(url, persona, id=f"{url}-{persona}")
        for url, persona in product(GRID, PERSONAS)
    ],
)
def test_get_answers_the_status_in_the_matrix(request, url_name, persona, care_setting, home_la):
    builder, expected = MATRIX[url_name]
    places = Places(care_setting=care_setting, home_la=home_la, request=request)
    url = reverse(url_name, kwargs=builder(places))
    client = client_for(request, persona)

    response = client.get(url)

    status = expected[persona]
    if status in (LOGIN, REDIRECT):
        assert response.status_code == 302, f"{persona} GET {url}"
        target = urlsplit(response["Location"]).path
        if status == LOGIN:
            assert target == reverse("accounts:login")
        else:
            assert target != reverse("accounts:login")
    else:
        assert response.status_code == status, f"{persona} GET {url}"


def foreign_variants() -> Iterator[Any]:
    """Yield each object URL with the setting or LA slug swapped for another LA's or none."""
    for url_name, params in URL_PARAMS.items():
        slugs = [param for param in params if param in ("setting_slug", "la_slug")]
        if not slugs:
            continue
        for swapped in product(("home", "other", "missing"), repeat=len(slugs)):
            if all(which == "home" for which in swapped):
                continue
            label = ",".join(f"{slug}={which}" for slug, which in zip(slugs, swapped, strict=True))
            for persona in HOME_PERSONAS:
                yield pytest.param(
                    url_name,
                    dict(zip(slugs, swapped, strict=True)),
                    persona,
                    id=f"{url_name}[{label}]-{persona}",
                )


@pytest.mark.parametrize(("url_name", "which", "persona"), list(foreign_variants()))
def test_another_setting_or_las_pages_are_not_found_for_home_personas(
    request, url_name, which, persona, care_setting, home_la, other_setting, other_la
):
    slugs = {
        ("setting_slug", "home"): care_setting.slug,
        ("setting_slug", "other"): other_setting.slug,
        ("setting_slug", "missing"): "no-such-setting",
        ("la_slug", "home"): home_la.slug,
        ("la_slug", "other"): other_la.slug,
        ("la_slug", "missing"): "no-such-la",
    }
    # Other arguments (a child's id) stay those of the home setting's records.
    kwargs = MATRIX[url_name][0](
        Places(care_setting=care_setting, home_la=home_la, request=request)
    )
    kwargs.update({param: slugs[param, where] for param, where in which.items()})
    url = reverse(url_name, kwargs=kwargs)

    response = client_for(request, persona).get(url)

    # In their own LA without the grant, a persona is refused before the setting is looked
    # up, so the answer is the same 403 whether the setting exists or not: nothing leaks.
    refused_at_home = which.get("la_slug") == "home" and MATRIX[url_name][1][persona] == 403
    assert response.status_code == (403 if refused_at_home else 404)


def test_sign_out_answers_post_and_ends_the_session(client_as, manager, care_setting):
    client = client_as(manager)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:login")
    after = client.get(reverse("settings:overview", args=[care_setting.slug]))
    assert urlsplit(after["Location"]).path == reverse("accounts:login")


def test_sign_out_when_signed_out_goes_to_sign_in(db, client):
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:login")


def test_django_admin_sends_a_non_staff_user_to_the_admin_sign_in(client_as, la_admin):
    response = client_as(la_admin).get(reverse("admin:index"))

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("admin:login")


SETTING_PAGES = [name for name, params in URL_PARAMS.items() if params == ("setting_slug",)]


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [
        pytest.param(url, persona, id=f"{url}-{persona}")
        for url, persona in product(
            SETTING_PAGES, ["manager", "key_person", "practitioner", "dsl", "advisor"]
        )
    ],
)
def test_a_neighbouring_setting_in_the_same_la_is_not_found_for_staff_and_its_advisor(
    request, url_name, persona, home_la
):
    neighbour = CareSettingFactory(local_authority=home_la, name="Bluebell Pre-school")

    response = client_for(request, persona).get(reverse(url_name, args=[neighbour.slug]))

    assert response.status_code == 404
