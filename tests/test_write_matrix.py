"""The write matrix: a valid form posted to every URL that accepts POST, as every persona.

For each URL in ``WRITES`` the test fetches the page that holds its form, as a persona
allowed to use it, reads the ``<form method="post">`` that posts there (hidden fields, such
as version checks and submission tokens, and the values already filled in) and overlays the
row's data, which makes a valid post. Then every persona posts it, each in a savepoint that
is rolled back afterwards, so that no post sees another's write:

- an accepted write (``OK``) answers 302 to a page and changes the database; a builder that
  made an invalid post (200 with an error summary) fails here, so the matrix cannot pass by
  posting forms that are always refused;
- logged out, a protected URL sends you to sign in; outside your scope (another setting,
  another LA, a record of someone else's) is 404; inside it, a missing grant is 403;
- a refused write changes nothing: every table's row count and checksum (md5 of its rows
  in order) is the same before and after, and no e-mail or task is on its way. Sessions and
  sign-in attempts are left out: they change on any request. The audit trail is in: a
  refusal is not audited.

The same post with the setting or LA slug swapped for another LA's, or one that does not
exist, answers 404 (403 where the persona is refused in their own LA before the lookup,
as for GET) and changes nothing; so does a post by the other LA's people to their own
setting or LA naming one of the home setting's records.

Which URLs accept POST. A URL needs a row (``WRITES`` in ``tests/matrix/<app>.py``) when
any of these holds:
1. its view handles POST: a class-based view with a ``post`` method, or a function view
   whose source (decorators included), or that of a function of the project's it calls
   (a shared helper), names ``POST`` (``request.POST``, a method check, ``require_POST``,
   ``require_http_methods([..., "POST"])``);
2. the permission matrix says a GET answers 405 (the view takes POST only);
3. a page of the permission matrix, as the first persona who may open it, renders a
   ``<form method="post">`` whose action is the URL.
Other views answer a POST as they answer a GET: they read and never write, and a view that
starts writing must name POST, which (1) finds. (3) also catches a form posting to a view
that delegates its POST handling elsewhere. Each row must be a URL pattern that (1) or (2)
finds, so rows do not go stale.
"""

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from inspect import getsource, isfunction, unwrap
from itertools import product
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.urls import resolve, reverse

from tests.forms_html import HtmlForm, forms_in, post_forms_to
from tests.matrix import collect
from tests.matrix.base import (
    ACCEPTED,
    AT_ANOTHER_PLACE,
    HOME_PERSONAS,
    IN_THE_MATRIX,
    IN_THEIR_OWN_PLACE,
    LOGIN,
    OK,
    PERSONAS,
    REDIRECT,
    SENT,
    SIGNED_OUT,
    DataBuilder,
    KwargsBuilder,
    Outcome,
    Places,
    client_for,
)
from tests.test_permission_matrix import MATRIX, URL_PARAMS

# Each app keeps its rows in tests/matrix/<app>.py, beside its permission-matrix rows.
GRID: dict[str, tuple[KwargsBuilder, DataBuilder, tuple[Outcome, ...]]] = collect("WRITES")
# A POST-only URL's form is on another page: url name -> (that page, its kwargs).
FORM_ON: dict[str, tuple[str, KwargsBuilder]] = collect("FORM_ON")
# (url name, test) -> why it fails today; see tests/matrix/__init__.py.
KNOWN_FAILURES: dict[tuple[str, str], str] = collect("KNOWN_FAILURES")
# URL parameters that name no record of the place, only a page of it (``{url name: {param}}``):
# the LA's rates for a financial year are each LA's own, so another LA's people write theirs.
NOT_RECORDS: dict[str, set[str]] = collect("NOT_RECORDS")

WRITES: dict[str, tuple[KwargsBuilder, DataBuilder, dict[str, Outcome]]] = {
    url_name: (builder, data, dict(zip(PERSONAS, outcomes, strict=True)))
    for url_name, (builder, data, outcomes) in GRID.items()
}


def _row(url_name: str, test: str) -> Any:
    """Return the row as a parameter of the test, expected to fail if a known failure."""
    reason = KNOWN_FAILURES.get((url_name, test))
    marks = pytest.mark.xfail(strict=True, reason=reason) if reason else ()
    return pytest.param(url_name, id=url_name, marks=marks)


# --- Which URLs accept POST ----------------------------------------------------------------


def view_of(url_name: str) -> Any:
    """Return the view of the URL pattern (its arguments filled with "1", which any fits)."""
    return resolve(reverse(url_name, kwargs=dict.fromkeys(URL_PARAMS[url_name], "1"))).func


def handles_post(view: Any) -> bool:
    """Return whether the view has code for POST (rule 1 of the module docstring)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    return any("POST" in getsource(function) for function in project_functions(unwrap(view)))


def project_functions(function: Any) -> Iterator[Any]:
    """Yield the function and, in turn, each function of the project's own that it names.

    A view that hands the request to a shared helper (``invite_view(request, side=...)``,
    or ``helpers.invite_view(...)``) handles POST if the helper does: its source is read too.
    """
    seen: set[Any] = set()
    todo = [function]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        yield current
        names = code_names(current.__code__)
        scopes = [current.__globals__] + [
            vars(found)
            for name in names
            if isinstance(found := current.__globals__.get(name), ModuleType)
            and is_project(found.__name__)
        ]
        for scope, name in product(scopes, names):
            found = scope.get(name)
            if isfunction(found) and is_project(found.__module__):
                todo.append(found)


def code_names(code: CodeType) -> set[str]:
    """Return the global and attribute names the code uses, nested functions included."""
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            names |= code_names(constant)
    return names


PROJECT_PACKAGES = frozenset(
    config.name.partition(".")[0]
    for config in apps.get_app_configs()
    if Path(config.path).is_relative_to(settings.BASE_DIR) and ".venv" not in config.path
)


def is_project(module_name: str) -> bool:
    return module_name.partition(".")[0] in PROJECT_PACKAGES


def post_only(url_name: str) -> bool:
    """Return whether the permission matrix says a GET answers 405 (rule 2)."""
    return 405 in MATRIX[url_name][1].values()


URLS_ACCEPTING_POST = {
    name for name in URL_PARAMS if handles_post(view_of(name)) or post_only(name)
}


def test_every_url_that_accepts_post_has_a_row_in_the_write_matrix():
    missing = sorted(URLS_ACCEPTING_POST - set(WRITES))
    assert not missing, f"URLs accepting POST with no row in the write matrix: {missing}"


def test_every_row_of_the_write_matrix_is_a_url_that_accepts_post():
    stale = sorted(set(WRITES) - URLS_ACCEPTING_POST)
    assert not stale, f"Write-matrix rows for URLs that do not take POST: {stale}"


def test_every_row_has_a_persona_whose_write_is_accepted():
    without = sorted(
        name
        for name, (_k, _d, outcomes) in WRITES.items()
        if not set(outcomes.values()) & ACCEPTED
    )
    assert not without, f"Rows where no persona may write, so no valid form is known: {without}"


# --- The database, before and after -----------------------------------------------------

# Rows that change on any request, refused or not.
UNWATCHED_APPS = frozenset({"sessions", "axes"})


def watched_tables() -> list[str]:
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in UNWATCHED_APPS
    }
    return sorted(tables)


_SNAPSHOT_SQL: list[str] = []


def snapshot() -> dict[str, tuple[int, str]]:
    """Return every watched table's row count and checksum of its rows."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if not _SNAPSHOT_SQL:
                _SNAPSHOT_SQL.append(
                    " UNION ALL ".join(
                        f"SELECT '{table}', count(*), "
                        f"md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) "
                        f"FROM {quote(table)} t"
                        for table in watched_tables()
                    )
                )
            cursor.execute(_SNAPSHOT_SQL[0])
            return {table: (count, checksum) for table, count, checksum in cursor.fetchall()}
        sums = {}
        for table in watched_tables():
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            sums[table] = (len(rows), hashlib.md5("\n".join(rows).encode()).hexdigest())
        return sums


def changed_tables(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(table for table in before if before[table] != after.get(table))


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run the block in a savepoint that is rolled back, so its writes vanish."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def test_the_snapshot_sees_a_changed_row_and_a_rolled_back_one_goes(manager):
    before = snapshot()
    with rolled_back():
        type(manager).objects.filter(pk=manager.pk).update(full_name="Mary Changed")
        during = snapshot()
    after = snapshot()

    assert changed_tables(before, during) == [type(manager)._meta.db_table]
    assert changed_tables(before, after) == []


# --- Posting --------------------------------------------------------------------------------


def form_for(client: Client, url_name: str, url: str, places: Places) -> HtmlForm:
    """Return the form that posts to the URL, on its page or the one ``FORM_ON`` names.

    Of several, the one the row's data fills most.
    """
    data = WRITES[url_name][1]
    page_url = page_url_for(url_name, url, places)
    target = urlsplit(url).path
    response = client.get(page_url, follow=True)
    assert response.status_code == 200, f"GET {page_url} for its form: {response.status_code}"
    candidates = post_forms_to(response.content, target, page_url=response.request["PATH_INFO"])
    assert candidates, f"No form on {page_url} posts to {target}"
    return max(candidates, key=lambda form: len(set(data(places, form)) & form.names))


def valid_post(
    url_name: str, places: Places, clients: dict[str, Client]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Return the URL's kwargs and a valid post, read by the first persona allowed to write."""
    builder, data, expected = WRITES[url_name]
    kwargs = builder(places)
    url = reverse(url_name, kwargs=kwargs)
    form = form_for(clients[allowed_persona(expected)], url_name, url, places)
    return kwargs, form.data(data(places, form))


def page_url_for(url_name: str, url: str, places: Places) -> str:
    if url_name not in FORM_ON:
        return url
    page_name, page_kwargs = FORM_ON[url_name]
    return reverse(page_name, kwargs=page_kwargs(places))


_SUMMARY = re.compile(r'govuk-error-summary__list">(.*?)</ul>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def error_summary(response: Any) -> str:
    """Return the error summary of the page, as text, or ""."""
    found = _SUMMARY.search(response.content.decode(errors="replace"))
    if not found:
        return ""
    return " / ".join(
        unescape(" ".join(_TAGS.sub(" ", item).split()))
        for item in found.group(1).split("</li>")
        if _TAGS.sub("", item).strip()
    )


def problem_with(
    expected: Outcome, response: Any, *, changed: list[str], mailed: int, queued: int
) -> str:
    """Return what is wrong with the answer to a post, or "" when it is as expected."""
    status = response.status_code
    target = urlsplit(response["Location"]).path if status in (301, 302) else ""
    to_login = target == reverse("accounts:login")
    got = f"{status}{' to ' + target if target else ''}"
    if status == 200 and b"govuk-error-summary" in response.content:
        got += f" with errors: {error_summary(response) or 'an error summary'}"
    if expected == OK:
        if status != 302 or to_login:
            return f"expected the write accepted (302 to a page), got {got}"
        if not changed:
            return "expected the write accepted, but the database did not change"
        return ""
    if expected == SIGNED_OUT:
        if status != 302 or not to_login or response.wsgi_request.user.is_authenticated:
            return f"expected to be signed out and sent to sign in, got {got}"
        return "" if changed else "signed out, but the sign-out is not in the audit trail"
    if expected == SENT:
        if status != 302 or to_login:
            return f"expected an e-mail sent and a 302 to a page, got {got}"
        if not mailed:
            return "expected an e-mail sent, none was"
    elif expected == LOGIN:
        if status != 302 or not to_login:
            return f"expected a 302 to sign in, got {got}"
    elif expected == REDIRECT:
        if status != 302 or to_login:
            return f"expected a 302 elsewhere than sign in, got {got}"
    elif status != expected:
        return f"expected {expected}, got {got}"
    answered = "answered, sending e-mail only," if expected == SENT else f"refused ({status})"
    if changed:
        return f"{answered} but changed {', '.join(changed)}"
    if expected != SENT and mailed:
        return f"{answered} but sent {mailed} e-mail(s)"
    if queued:
        return f"{answered} but queued {queued} task(s) for after the commit"
    return ""


def post_and_judge(client: Client, url: str, data: dict[str, Any], expected: Outcome) -> str:
    """Post inside the caller's savepoint; return what is wrong, or ""."""
    mails, callbacks = len(mail.outbox), len(connection.run_on_commit)
    before = snapshot()
    response = client.post(url, data)
    after = snapshot()
    return problem_with(
        expected,
        response,
        changed=changed_tables(before, after),
        mailed=len(mail.outbox) - mails,
        queued=len(connection.run_on_commit) - callbacks,
    )


def allowed_persona(outcomes: dict[str, Outcome]) -> str:
    return next(persona for persona in PERSONAS if outcomes[persona] in ACCEPTED)


@pytest.mark.parametrize("url_name", [_row(url_name, IN_THE_MATRIX) for url_name in WRITES])
def test_a_valid_post_answers_the_outcome_in_the_write_matrix(request, url_name, places):
    clients = {persona: client_for(request, persona) for persona in PERSONAS}
    kwargs, post = valid_post(url_name, places, clients)
    url = reverse(url_name, kwargs=kwargs)
    _builder, data, expected = WRITES[url_name]

    problems = []
    for persona in PERSONAS:
        with rolled_back():
            own_post = post
            if expected[persona] in ACCEPTED:
                # Their own form: a submission token may belong to the session that read it.
                form = form_for(clients[persona], url_name, url, places)
                own_post = form.data(data(places, form))
            problem = post_and_judge(clients[persona], url, own_post, expected[persona])
        if problem:
            problems.append(f"{persona}: {problem}")

    assert not problems, f"POST {url}\n" + "\n".join(problems)


# --- Other settings and LAs -------------------------------------------------------------

PLACE_SLUGS = ("setting_slug", "la_slug")


def foreign_variants(url_name: str) -> list[dict[str, str]]:
    """Return each way to swap the URL's slugs for another LA's or a made-up one."""
    slugs = [param for param in URL_PARAMS[url_name] if param in PLACE_SLUGS]
    return [
        dict(zip(slugs, swapped, strict=True))
        for swapped in product(("home", "other", "missing"), repeat=len(slugs))
        if not all(which == "home" for which in swapped)
    ]


def swapped_url(
    url_name: str, kwargs: dict[str, Any], which: dict[str, str], places: Places
) -> str:
    slugs = {
        ("setting_slug", "home"): places.care_setting.slug,
        ("setting_slug", "other"): places.fixture("other_setting").slug,
        ("setting_slug", "missing"): "no-such-setting",
        ("la_slug", "home"): places.home_la.slug,
        ("la_slug", "other"): places.fixture("other_la").slug,
        ("la_slug", "missing"): "no-such-la",
    }
    return reverse(
        url_name,
        kwargs={**kwargs, **{param: slugs[param, where] for param, where in which.items()}},
    )


@pytest.mark.parametrize(
    "url_name",
    [_row(url_name, AT_ANOTHER_PLACE) for url_name in WRITES if foreign_variants(url_name)],
)
def test_a_post_to_another_setting_or_la_is_not_found_and_changes_nothing(
    request, url_name, places
):
    clients = {persona: client_for(request, persona) for persona in PERSONAS}
    kwargs, post = valid_post(url_name, places, clients)
    expected = WRITES[url_name][2]

    problems = []
    for which, persona in product(foreign_variants(url_name), HOME_PERSONAS):
        url = swapped_url(url_name, kwargs, which, places)
        # In their own LA without the grant, a persona is refused before the setting is
        # looked up: the same 403 whether it exists or not, so nothing leaks (as for GET).
        refused_at_home = which.get("la_slug") == "home" and expected[persona] == 403
        with rolled_back():
            problem = post_and_judge(clients[persona], url, post, 403 if refused_at_home else 404)
        if problem:
            problems.append(f"{persona} POST {url}: {problem}")

    assert not problems, "\n".join(problems)


def own_place_variant(url_name: str) -> dict[str, str]:
    """Return the swap that puts the other LA's people in their own place, or {}.

    Only for URLs that name a record besides the place: a URL naming nothing else is
    their own page, where they may write.
    """
    params = [name for name in URL_PARAMS[url_name] if name not in NOT_RECORDS.get(url_name, ())]
    place = (
        "la_slug" if "la_slug" in params else "setting_slug" if "setting_slug" in params else ""
    )
    if not place or set(params) == {place}:
        return {}
    return {place: "other"}


@pytest.mark.parametrize(
    "url_name",
    [_row(url_name, IN_THEIR_OWN_PLACE) for url_name in WRITES if own_place_variant(url_name)],
)
def test_a_post_in_your_own_place_naming_anothers_record_is_not_found_and_changes_nothing(
    request, url_name, places
):
    clients = {persona: client_for(request, persona) for persona in PERSONAS}
    kwargs, post = valid_post(url_name, places, clients)
    url = swapped_url(url_name, kwargs, own_place_variant(url_name), places)

    problems = []
    for persona in ("other_manager", "other_la_admin"):
        with rolled_back():
            problem = post_and_judge(clients[persona], url, post, 404)
        if problem:
            problems.append(f"{persona}: {problem}")

    assert not problems, f"POST {url}\n" + "\n".join(problems)


# --- Forms on the pages of the permission matrix ----------------------------------------


def first_reader(statuses: dict[str, Any]) -> str | None:
    return next((persona for persona in PERSONAS if statuses[persona] == 200), None)


def test_every_form_on_the_pages_of_the_matrix_posts_to_a_url_in_the_write_matrix(request, places):
    targets: dict[str, str] = {}
    for url_name, (builder, statuses) in MATRIX.items():
        persona = first_reader(statuses)
        if persona is None:
            continue
        with rolled_back():
            url = reverse(url_name, kwargs=builder(places))
            if url.endswith((".pdf", ".csv")):
                continue
            response = client_for(request, persona).get(url)
            assert response.status_code == 200, f"{persona} GET {url}"
            if "html" not in response.get("Content-Type", ""):
                continue
            for form in forms_in(response.content):
                if form.method == "post":
                    path = form.action_path(page_url=url)
                    targets.setdefault(resolve(path).view_name, url)

    missing = {name: page for name, page in targets.items() if name not in WRITES}
    assert not missing, f"Forms post to URLs with no row in the write matrix: {missing}"
