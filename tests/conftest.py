"""Personas named like the demo logins, and a client signed in as any of them.

The manager, key person, practitioner and DSL work at ``care_setting`` in ``home_la``; the
improvement ``advisor`` is assigned to it, the ``outsider_advisor`` (same LA) is not. The
``other_manager`` and ``other_la_admin`` belong to ``other_setting`` in ``other_la``.
"""

import os
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import CareSetting, LaRole, LocalAuthority, User
from children.models import Child
from keypersons.models import KeyPersonAllocation
from tests.factories.accounts import (
    AdvisorAssignmentFactory,
    CareSettingFactory,
    ChildFactory,
    LaRoleFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    UserFactory,
)

if TYPE_CHECKING:
    from tests.matrix.base import Places

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Colleagues run the suite at the same time on the same server: each run gets its own
# test database, dropped at the end as usual.
RUN_SUFFIX = f"run{os.getpid()}"


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Say which database, cache and broker this run talks to, and loudly any fallback."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    engine = {"postgresql": "PostgreSQL", "sqlite3": "SQLite"}.get(engine, engine)
    name = database.get("NAME")
    if database.get("HOST"):
        where = f"{name} @ {database['HOST']}:{database.get('PORT') or 'default port'}"
    else:
        where = str(name)
    cache = settings.CACHES["default"]
    cache_backend = cache["BACKEND"].rsplit(".", 1)[-1]
    warnings = [
        line
        for warning in getattr(settings, "TEST_BACKEND_WARNINGS", ())
        for line in ("!" * 88, f"WARNING: {warning}.", "!" * 88)
    ]
    return [
        *warnings,
        f"database: {engine} {where} (tests use test_{name}_{RUN_SUFFIX})"
        if database.get("HOST")
        else f"database: {engine} {where}",
        f"cache: {cache_backend} {cache.get('LOCATION', '')}".rstrip(),
        f"celery broker: {settings.CELERY_BROKER_URL}"
        f" (always eager: {settings.CELERY_TASK_ALWAYS_EAGER})",
    ]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Give this run a test database of its own, so parallel runs do not drop each other's."""
    from django.conf import settings

    for db_settings in settings.DATABASES.values():
        if db_settings["ENGINE"].endswith("sqlite3"):
            continue
        test_name = db_settings.get("TEST", {}).get("NAME") or f"test_{db_settings['NAME']}"
        db_settings.setdefault("TEST", {})["NAME"] = f"{test_name}_{RUN_SUFFIX}"


# --- Places --------------------------------------------------------------------------


@pytest.fixture
def home_la(db) -> LocalAuthority:
    return LocalAuthorityFactory(name="Northshire County Council", slug="northshire")


@pytest.fixture
def other_la(db) -> LocalAuthority:
    return LocalAuthorityFactory(name="Westvale Borough Council", slug="westvale")


@pytest.fixture
def care_setting(home_la) -> CareSetting:
    """The manager's setting."""
    return CareSettingFactory(
        name="Acorn Day Nursery", slug="acorn-day-nursery", local_authority=home_la
    )


@pytest.fixture
def other_setting(other_la) -> CareSetting:
    return CareSettingFactory(
        name="Riverside Pre-school",
        slug="riverside-pre-school",
        kind=CareSetting.Kind.PRESCHOOL,
        local_authority=other_la,
    )


# --- Personas: each returns the User ------------------------------------------------


@pytest.fixture
def manager(care_setting) -> User:
    return MembershipFactory(
        user__full_name="Mary Manager",
        user__email="manager@demo.test",
        care_setting=care_setting,
        manager=True,
    ).user


@pytest.fixture
def key_person(care_setting) -> User:
    return MembershipFactory(
        user__full_name="Kim Keyperson",
        user__email="keyperson@demo.test",
        care_setting=care_setting,
        job_title="Key person",
    ).user


@pytest.fixture
def practitioner(care_setting) -> User:
    return MembershipFactory(
        user__full_name="Priya Practitioner",
        user__email="practitioner@demo.test",
        care_setting=care_setting,
    ).user


@pytest.fixture
def dsl(care_setting) -> User:
    return MembershipFactory(
        user__full_name="Dana Safeguarding",
        user__email="dsl@demo.test",
        care_setting=care_setting,
        dsl=True,
    ).user


@pytest.fixture
def advisor(care_setting) -> User:
    """An improvement advisor assigned to the manager's setting."""
    return AdvisorAssignmentFactory(
        la_role__user__full_name="Adam Advisor",
        la_role__user__email="advisor@demo.test",
        la_role__local_authority=care_setting.local_authority,
        care_setting=care_setting,
    ).la_role.user


@pytest.fixture
def outsider_advisor(home_la) -> User:
    """An improvement advisor of the same LA, not assigned to the manager's setting."""
    return LaRoleFactory(
        user__full_name="Olive Outsider",
        user__email="outsider@demo.test",
        local_authority=home_la,
        role=LaRole.Role.IMPROVEMENT_ADVISOR,
    ).user


@pytest.fixture
def cic_advisor(home_la) -> User:
    return LaRoleFactory(
        user__full_name="Chris Virtual-School",
        user__email="cicadvisor@demo.test",
        local_authority=home_la,
        role=LaRole.Role.CIC_ADVISOR,
    ).user


@pytest.fixture
def la_admin(home_la) -> User:
    return LaRoleFactory(
        user__full_name="Alex Administrator",
        user__email="laadmin@demo.test",
        local_authority=home_la,
        role=LaRole.Role.LA_ADMIN,
    ).user


@pytest.fixture
def other_manager(other_setting) -> User:
    return MembershipFactory(
        user__full_name="Oscar Othermanager",
        user__email="othermanager@demo.test",
        care_setting=other_setting,
        manager=True,
    ).user


@pytest.fixture
def other_la_admin(other_la) -> User:
    return LaRoleFactory(
        user__full_name="Wendy Westvale",
        user__email="otherlaadmin@demo.test",
        local_authority=other_la,
        role=LaRole.Role.LA_ADMIN,
    ).user


@pytest.fixture
def no_role_user(db) -> User:
    """Someone with an account but no role anywhere yet."""
    return UserFactory(full_name="Nora Nobody", email="nobody@demo.test")


# --- Clients -------------------------------------------------------------------------


@pytest.fixture
def client_as(db) -> Callable[[User], Client]:
    """Return a function giving a test client signed in as the user."""

    def sign_in(user: User) -> Client:
        client = Client()
        # django-axes is the first backend and needs a request: name the model backend.
        client.force_login(user, backend=MODEL_BACKEND)
        return client

    return sign_in


# --- Children ------------------------------------------------------------------------


@pytest.fixture
def key_child(care_setting, key_person) -> Child:
    """A looked-after child at the manager's setting whose key person is ``key_person``."""
    child = ChildFactory(
        care_setting=care_setting, looked_after=True, key_person=key_person, first_name="Kai"
    )
    KeyPersonAllocation.objects.create(
        child=child, staff=key_person, starts_on=child.start_date, is_designated=True
    )
    return child


@pytest.fixture
def other_child(other_setting) -> Child:
    """A child at another LA's setting."""
    return ChildFactory(care_setting=other_setting, first_name="Otto")


# --- PEPs ------------------------------------------------------------------------------


@pytest.fixture
def key_pep(key_child, cic_advisor, key_person):
    """The key child's current PEP: meeting confirmed in two weeks, paperwork requested."""
    from pep.models import Meeting, Pep
    from tests.factories.pep import InviteeFactory, MeetingFactory, PepFactory

    pep = PepFactory(
        child=key_child,
        status=Pep.Status.PAPERWORK_REQUESTED,
        paperwork_requested_on=timezone.localdate(),
        paperwork_due_on=timezone.localdate() + timedelta(days=7),
    )
    meeting = MeetingFactory(
        pep=pep,
        organiser=cic_advisor,
        status=Meeting.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    InviteeFactory(meeting=meeting, user=key_person, name=key_person.full_name, role="Key person")
    return pep


@pytest.fixture
def signed_pep(key_child, cic_advisor):
    """A PEP of the key child signed off last term, with one target (not current)."""
    from tests.factories.pep import PepFactory, PepTargetFactory

    pep = PepFactory(
        child=key_child,
        signed=True,
        signed_off_by=cic_advisor,
        opened_on=timezone.localdate() - timedelta(days=200),
        due_on=timezone.localdate() - timedelta(days=170),
    )
    PepTargetFactory(pep=pep)
    return pep


# --- EYPP ------------------------------------------------------------------------------


@pytest.fixture
def key_plan(key_child, key_person, key_pep):
    """The key child's draft EYPP plan for this term, in the key PEP, with one line.

    The key child is given universal 15 hours (EYPP needs a funded entitlement) and a
    looked-after ground that follows the child record; the plan's allocation (£300) is the
    responsible LA's.
    """
    from eypp.models import ActionPlan, Basis
    from tests.factories.eypp import ActionPlanFactory, EligibilityFactory, PlanLineFactory

    Child.objects.filter(pk=key_child.pk).update(funded_entitlement="universal_15")
    key_child.refresh_from_db()
    EligibilityFactory(
        child=key_child,
        basis=Basis.LOOKED_AFTER,
        eligible_from=key_child.entered_care_on,
        evidence="",
        evidence_seen_by=None,
        evidence_seen_on=None,
        source="child_record",
    )
    plan = ActionPlanFactory(
        child=key_child,
        pep=key_pep,
        created_by=key_person,
        allocation_source=ActionPlan.AllocationSource.LA,
    )
    PlanLineFactory(plan=plan)
    return plan


@pytest.fixture
def eypp_child(care_setting):
    """A child at the manager's setting eligible on economic grounds (case not shared)."""
    from tests.factories.eypp import EligibilityFactory

    child = ChildFactory(
        care_setting=care_setting, funded_entitlement="universal_15", first_name="Esme"
    )
    EligibilityFactory(child=child)
    return child


# --- The matrices' places -------------------------------------------------------------


@pytest.fixture
def places(
    request,
    care_setting,
    home_la,
    other_setting,
    other_la,
    manager,
    key_person,
    practitioner,
    dsl,
    advisor,
    outsider_advisor,
    cic_advisor,
    la_admin,
    other_manager,
    other_la_admin,
    key_child,
    key_pep,
    signed_pep,
) -> "Places":
    """The places, with every persona, the key child and their PEPs made before any savepoint.

    A fixture first made inside a rolled-back savepoint would vanish while pytest kept it.
    """
    from tests.matrix.base import Places

    return Places(care_setting=care_setting, home_la=home_la, request=request)
