"""The shared pieces of the permission and write matrices.

The personas in column order, the statuses and outcomes a row may expect, ``Places`` and
the builders of URL kwargs and form data that row modules (``tests/matrix/<app>.py``) use.
This module imports no row module and no test module, so both can import it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import CareSetting, LaRole, LocalAuthority, User
from tests.factories.accounts import LaRoleFactory, MembershipFactory
from tests.forms_html import HtmlForm

# The column order of every row.
PERSONAS = (
    "anonymous",
    "manager",
    "key_person",
    "practitioner",
    "dsl",
    "advisor",
    "outsider_advisor",
    "cic_advisor",
    "la_admin",
    "other_manager",
    "other_la_admin",
)
HOME_PERSONAS = PERSONAS[1:9]

# Statuses of a GET (besides an int), and refusals of a POST.
LOGIN = "302 to sign-in"
REDIRECT = "302 elsewhere"

# Outcomes of a POST that is accepted; any other outcome must change nothing at all.
OK = "accepted: 302 to a page, the database changed"
SENT = "accepted: 302 to a page, an e-mail sent, the database unchanged"
SIGNED_OUT = "accepted: signed out, 302 to sign-in, the database changed"
ACCEPTED = frozenset({OK, SENT, SIGNED_OUT})

# The write matrix's tests, to name in ``KNOWN_FAILURES = {(url name, test): reason}``: rows
# that fail today for a reason another change is fixing, marked xfail(strict) until then.
IN_THE_MATRIX = "matrix"
AT_ANOTHER_PLACE = "another place"
IN_THEIR_OWN_PLACE = "own place"

Status = int | str
Outcome = int | str


@dataclass(frozen=True)
class Places:
    care_setting: CareSetting
    home_la: LocalAuthority
    # Builders that need more (a child, a team member) ask for fixtures through it.
    request: pytest.FixtureRequest | None = None

    def fixture(self, name: str) -> Any:
        assert self.request is not None
        return self.request.getfixturevalue(name)


KwargsBuilder = Callable[[Places], dict[str, Any]]
DataBuilder = Callable[[Places, HtmlForm], dict[str, Any]]


def client_for(request: pytest.FixtureRequest, persona: str) -> Client:
    """Return a client signed in as the persona (a fresh one for ``anonymous``)."""
    if persona == "anonymous":
        return Client()
    return request.getfixturevalue("client_as")(request.getfixturevalue(persona))


# --- URL kwargs ------------------------------------------------------------------------


def no_kwargs(places: Places) -> dict[str, str]:
    return {}


def at_setting(places: Places) -> dict[str, str]:
    return {"setting_slug": places.care_setting.slug}


def at_la(places: Places) -> dict[str, str]:
    return {"la_slug": places.home_la.slug}


def at_la_setting(places: Places) -> dict[str, str]:
    return {"la_slug": places.home_la.slug, "setting_slug": places.care_setting.slug}


def at_child(places: Places) -> dict[str, Any]:
    """The key person's looked-after key child at the manager's setting."""
    return {"setting_slug": places.care_setting.slug, "child_id": places.fixture("key_child").pk}


def at_la_child(places: Places) -> dict[str, Any]:
    return {"la_slug": places.home_la.slug, "child_id": places.fixture("key_child").pk}


def at_newcomer(places: Places) -> dict[str, Any]:
    """A member of staff at the manager's setting, invited and not signed in yet."""
    user = User.objects.filter(email="nia@example.test").first()
    if user is None:
        user = MembershipFactory(
            care_setting=places.care_setting,
            user__full_name="Nia Newstarter",
            user__email="nia@example.test",
            user__password="!unusable",
        ).user
    return {"setting_slug": places.care_setting.slug, "user_id": user.pk}


def at_colleague(places: Places) -> dict[str, Any]:
    """A children in care advisor at the home LA, invited and not signed in yet."""
    la_role = LaRole.objects.filter(user__email="ivy@example.test").first()
    if la_role is None:
        la_role = LaRoleFactory(
            local_authority=places.home_la,
            role=LaRole.Role.CIC_ADVISOR,
            user__full_name="Ivy Invited",
            user__email="ivy@example.test",
            user__password="!unusable",
        )
    return {"la_slug": places.home_la.slug, "la_role_id": la_role.pk}


# --- Form data -------------------------------------------------------------------------


def ago(days: int) -> date:
    """Return the day ``days`` before today (after it, when negative)."""
    return timezone.localdate() - timedelta(days=days)


def day_parts(name: str, day: date) -> dict[str, str]:
    """Return the day, month and year boxes of a GOV.UK date input."""
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def as_rendered(places: Any, form: Any) -> dict[str, Any]:
    """Post the form as the page renders it: a button, or what is filled in already."""
    return {}


def first_option(form: Any, name: str) -> str:
    """Return the first value a radio group, checkbox group or select of the form offers."""
    assert form.options.get(name), f"The form offers no choice for {name}: {form.options}"
    return form.options[name][0]
