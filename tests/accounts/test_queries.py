"""Query counts stay flat as rows grow: 2 rows or 22, each page makes the same queries.

Each count is pinned from the first green run; the comments name every query. A signed-in
request always starts with the session and the user, and ends by saving the session
(``SESSION_SAVE_EVERY_REQUEST``); the savepoint pair around that save counts too.
"""

import pytest
from django.urls import reverse

from accounts.models import LaRole
from bench.budgets import PINNED
from common.audit import audit_record
from safeguarding.concerns.services import concern_raise
from tests.factories.accounts import (
    AdvisorAssignmentFactory,
    CareSettingFactory,
    ChildFactory,
    LaRoleFactory,
    MembershipFactory,
    OfstedInspectionFactory,
)

ROWS = [2, 22]


def fill_trail(care_setting, *, by, rows: int) -> None:
    """Events about children of every kind, and worries about them passed to the DSL."""
    for looked_after in (False, True):
        for child in ChildFactory.create_batch(
            rows, care_setting=care_setting, looked_after=looked_after
        ):
            audit_record(
                actor=by,
                verb="child.added",
                target=child,
                subject=child,
                care_setting=care_setting,
            )
            concern_raise(child=child, by=by, text="A worry")


def fill_setting(care_setting, rows: int) -> None:
    """Give the setting children of every kind, staff, inspections and advisors."""
    ChildFactory.create_batch(rows, care_setting=care_setting)
    ChildFactory.create_batch(rows, care_setting=care_setting, looked_after=True)
    ChildFactory.create_batch(rows, care_setting=care_setting, shared=True, sen_status="ehcp")
    MembershipFactory.create_batch(rows, care_setting=care_setting)
    MembershipFactory.create_batch(rows, care_setting=care_setting, dsl=True)
    OfstedInspectionFactory.create_batch(rows, care_setting=care_setting)
    AdvisorAssignmentFactory.create_batch(
        rows, care_setting=care_setting, la_role__local_authority=care_setting.local_authority
    )


def fill_la(local_authority, rows: int, *, advisor_role: LaRole | None = None) -> None:
    """Give the LA settings (each full of children), colleagues and staff."""
    for _ in range(rows):
        care_setting = CareSettingFactory(local_authority=local_authority)
        ChildFactory(care_setting=care_setting)
        ChildFactory(care_setting=care_setting, looked_after=True)
        ChildFactory(care_setting=care_setting, shared=True)
        MembershipFactory(care_setting=care_setting)
        OfstedInspectionFactory(care_setting=care_setting)
        OfstedInspectionFactory(care_setting=care_setting, report_card=True)
        if advisor_role is not None:
            AdvisorAssignmentFactory(la_role=advisor_role, care_setting=care_setting)
    LaRoleFactory.create_batch(rows, local_authority=local_authority)


@pytest.mark.parametrize("rows", ROWS)
def test_setting_overview_queries_are_flat(
    rows, client_as, manager, care_setting, django_assert_num_queries
):
    fill_setting(care_setting, rows)
    client = client_as(manager)
    url = reverse("settings:overview", args=[care_setting.slug])
    # header's unread count,
    # session, user, setting with LA, membership, LA roles, children figures,
    # staff names, advisor names, unallocated count, the reminder rules about the
    # children in scope (one each: consents, social worker, no key person, designated key
    # person, progress check due, overdue, worries, drafts, early assessment, periods open
    # for judging: none here), the setting's managers (read once for every rule),
    # unallocated and looked-after children, training due, the children with something to
    # do, inspections, savepoint, session save, release; and one each for the PEP rules:
    # meeting soon, paperwork requested, due and overdue, and a PEP returned; the EYPP
    # rules: an action plan not written (the funded children without a plan, their
    # grounds, the LAs' terms) and an impact review due
    with django_assert_num_queries(37):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_staff_list_queries_are_flat(
    rows, client_as, manager, care_setting, django_assert_num_queries
):
    MembershipFactory.create_batch(rows, care_setting=care_setting)
    MembershipFactory.create_batch(rows, care_setting=care_setting, is_active=False)
    client = client_as(manager)
    url = reverse("settings:staff", args=[care_setting.slug])
    # header's unread count,
    # session, user, setting with LA, membership, LA roles, staff with users,
    # savepoint, session save, release
    with django_assert_num_queries(PINNED["settings:staff"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_setting_audit_trail_queries_are_flat(
    rows, client_as, manager, care_setting, django_assert_num_queries
):
    for n in range(rows):
        audit_record(
            actor=manager, verb=f"test.event_{n}", target=care_setting, care_setting=care_setting
        )
    fill_trail(care_setting, by=manager, rows=rows)
    client = client_as(manager)
    url = reverse("settings:audit", args=[care_setting.slug])
    # header's unread count,
    # session, user, setting with LA, membership, LA roles, the filter's choices (the
    # children in the manager's scope, the people who did something here), count of
    # events, page of events with actors, target and subject types, the page's children
    # within the manager's scope, savepoint, session save, release
    with django_assert_num_queries(PINNED["settings:audit"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_la_overview_queries_are_flat(
    rows, client_as, la_admin, home_la, django_assert_num_queries
):
    advisor_role = LaRoleFactory(local_authority=home_la)
    fill_la(home_la, rows, advisor_role=advisor_role)
    client = client_as(la_admin)
    url = reverse("la:overview", args=[home_la.slug])
    # header's unread count,
    # session, user, LA, LA roles, settings with figures and latest inspection,
    # their advisors with users, savepoint, session save, release (the people are on the
    # users page, a page at a time)
    with django_assert_num_queries(PINNED["la:overview"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_improvement_advisor_home_queries_are_flat(
    rows, client_as, advisor, home_la, django_assert_num_queries
):
    fill_la(home_la, rows, advisor_role=advisor.la_roles.get())
    fill_la(home_la, rows)  # settings the advisor does not support: not shown
    client = client_as(advisor)
    url = reverse("la:my_settings", args=[home_la.slug])
    # header's unread count,
    # session, user, LA, LA roles, assigned settings with figures and latest inspection,
    # their advisors with users, children followed with settings and LAs,
    # savepoint, session save, release
    with django_assert_num_queries(PINNED["la:my_settings"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_cic_advisor_home_queries_are_flat(
    rows, client_as, cic_advisor, home_la, other_setting, django_assert_num_queries
):
    fill_la(home_la, rows)
    # Children this LA looks after, placed out of county.
    ChildFactory.create_batch(
        rows, care_setting=other_setting, looked_after=True, responsible_la=home_la
    )
    client = client_as(cic_advisor)
    url = reverse("la:my_settings", args=[home_la.slug])
    # header's unread count,
    # session, user, LA, LA roles, settings with figures and latest inspection,
    # their advisors with users, children followed with settings and LAs,
    # savepoint, session save, release
    with django_assert_num_queries(PINNED["la:my_settings"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_la_audit_trail_queries_are_flat(
    rows, client_as, la_admin, manager, home_la, care_setting, django_assert_num_queries
):
    for n in range(rows):
        audit_record(actor=la_admin, verb=f"test.la_{n}", target=home_la, local_authority=home_la)
        audit_record(actor=la_admin, verb=f"test.setting_{n}", care_setting=care_setting)
    fill_trail(care_setting, by=manager, rows=rows)
    client = client_as(la_admin)
    url = reverse("la:audit", args=[home_la.slug])
    # header's unread count,
    # session, user, LA, LA roles, the filter's people who did something in the LA, count
    # of events, page of events with actors, target and subject types (no child is within
    # an LA admin's scope: neither the filter nor the page asks), savepoint, session save,
    # release
    with django_assert_num_queries(PINNED["la:audit"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_la_audit_trail_queries_are_flat_for_a_reader_who_sees_some_children(
    rows, client_as, la_admin, manager, home_la, care_setting, django_assert_num_queries
):
    LaRoleFactory(user=la_admin, local_authority=home_la, role=LaRole.Role.CIC_ADVISOR)
    fill_trail(care_setting, by=manager, rows=rows)
    client = client_as(la_admin)
    url = reverse("la:audit", args=[home_la.slug])
    # header's unread count,
    # session, user, LA, LA roles, the filter's choices (children in the reader's scope,
    # people who did something in the LA), count of events, page of events with actors,
    # target and subject types, the page's children within the reader's scope, savepoint,
    # session save, release
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_la_users_list_queries_are_flat(
    rows, client_as, la_admin, home_la, django_assert_num_queries
):
    fill_la(home_la, rows, advisor_role=LaRoleFactory(local_authority=home_la))
    for la_role in LaRoleFactory.create_batch(rows, local_authority=home_la):
        # Someone with two roles at the LA and a post at one of its settings.
        LaRoleFactory(user=la_role.user, local_authority=home_la, role=LaRole.Role.LA_ADMIN)
        MembershipFactory(user=la_role.user, care_setting__local_authority=home_la)
    client = client_as(la_admin)
    url = reverse("la:users", args=[home_la.slug])
    # header's unread count,
    # session, user, LA, LA roles, count of people found, the page of people, their roles
    # at the LA with settings supported, their posts at its settings with the setting,
    # savepoint, session save, release
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(12):
        assert client.get(url, {"q": "a", "page": "2"}).status_code == 200
