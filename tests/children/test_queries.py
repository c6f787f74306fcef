"""Query counts stay flat as rows grow: 2 rows or 22, each page makes the same queries.

A signed-in request starts with the session and the user; a setting page then loads the
setting with its LA, the membership and the LA roles (``setting_access_for``), and ends by
saving the session inside a savepoint. Counts are pinned from the first green run.
"""

import pytest
from django.urls import reverse

from bench.budgets import PINNED
from children import services
from children.models import Consent
from safeguarding.concerns.services import concern_acknowledge, concern_raise
from tests.factories.accounts import (
    ChildFactory,
    LaRoleFactory,
    LocalAuthorityFactory,
    RoomFactory,
)
from tests.factories.children import (
    ConsentFactory,
    SettingChangeFactory,
    TeamMemberFactory,
)

ROWS = [2, 22]


def fill_setting(care_setting, key_person, rows: int) -> None:
    """Children of every kind: allocated, in care, out of county, with consents."""
    elsewhere = LocalAuthorityFactory()
    for n in range(rows):
        child = ChildFactory(care_setting=care_setting, room=f"Room {n % 3}")
        ConsentFactory(child=child)
        allocated = ChildFactory(care_setting=care_setting, key_person=key_person)
        ConsentFactory(child=allocated, granted=False)
        ChildFactory(care_setting=care_setting, looked_after=True, responsible_la=elsewhere)


def fill_hub(child, rows: int) -> None:
    """A crowded team, a long consent history and several moves."""
    for _ in range(rows):
        member = TeamMemberFactory(child=child)
        for kind in Consent.Kind:
            ConsentFactory(child=child, given_by=member, kind=kind)
        SettingChangeFactory(child=child)


@pytest.mark.parametrize("rows", ROWS)
def test_child_list_queries_are_flat(
    rows, client_as, manager, key_person, care_setting, django_assert_num_queries
):
    fill_setting(care_setting, key_person, rows)
    client = client_as(manager)
    url = reverse("settings:children:list", args=[care_setting.slug])
    # session, user, setting with LA, membership, LA roles, rooms, staff for the filter,
    # count, page of children with key person, LAs and photo consent, unread notifications,
    # savepoint, session save, release
    with django_assert_num_queries(PINNED["settings:children:list"]):
        response = client.get(url, {"looked_after": "looked_after", "include_left": "on"})
        assert response.status_code == 200
    assert f"{rows} children match the filters." in response.content.decode()


@pytest.mark.parametrize("rows", ROWS)
def test_child_export_queries_are_flat(
    rows, client_as, manager, key_person, care_setting, django_assert_num_queries
):
    fill_setting(care_setting, key_person, rows)
    client = client_as(manager)
    url = reverse("settings:children:export", args=[care_setting.slug])
    # session, user, setting with LA, membership, LA roles, rooms, staff for the filter,
    # children with key person, LAs and photo consent, audit event,
    # savepoint, session save, release
    with django_assert_num_queries(PINNED["settings:children:export"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_child_hub_queries_are_flat(
    rows, client_as, manager, key_child, care_setting, django_assert_num_queries
):
    fill_hub(key_child, rows)
    client = client_as(manager)
    url = reverse("settings:children:detail", args=[care_setting.slug, key_child.pk])
    # session, user, setting with LA, membership, LA roles, child with setting, LAs and key
    # person, consents with who gave them, the child's PEPs (pep's hub section), the open
    # safeguarding status and the count of open concerns (safeguarding's hub section, for
    # the manager), unread notifications, team, setting changes with settings and recorder,
    # savepoint, session save, release
    with django_assert_num_queries(PINNED["settings:children:detail"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_la_side_hub_queries_are_flat(
    rows, client_as, cic_advisor, key_child, home_la, django_assert_num_queries
):
    fill_hub(key_child, rows)
    LaRoleFactory.create_batch(rows, local_authority=home_la)
    client = client_as(cic_advisor)
    url = reverse("la_children:detail", args=[home_la.slug, key_child.pk])
    # session, user, LA, LA roles, child with setting, LAs and key person, child in scope,
    # consents with who gave them, the child's PEPs (pep's hub section), unread
    # notifications, team, setting changes, savepoint, session save, release
    with django_assert_num_queries(PINNED["la_children:detail"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_child_audit_queries_are_flat(
    rows, client_as, manager, key_child, care_setting, django_assert_num_queries
):
    fill_hub(key_child, rows)
    client = client_as(manager)
    url = reverse("settings:children:audit", args=[care_setting.slug, key_child.pk])
    for n in range(rows):
        services.child_update(
            child=key_child,
            by=manager,
            version=key_child.version,
            room=RoomFactory(care_setting=care_setting, name=f"Room {n}"),
        )
        referral = concern_raise(child=key_child, by=manager, text=f"Worry {n}")
        concern_acknowledge(concern=referral, by=manager)
    # session, user, setting with LA, membership, LA roles, child, the filter's people who
    # did something in the child's trail, count, page of events with actors, target and
    # subject types, the page's children within the manager's scope, unread
    # notifications, savepoint, session save, release
    with django_assert_num_queries(14):
        response = client.get(url)
        assert response.status_code == 200
    assert response.context["page"].paginator.count == 3 * rows


@pytest.mark.parametrize("rows", ROWS)
def test_rooms_page_queries_are_flat(
    rows, client_as, manager, care_setting, django_assert_num_queries
):
    for n in range(rows):
        room = RoomFactory(care_setting=care_setting, name=f"Room {n}", is_active=n % 5 != 0)
        ChildFactory.create_batch(2, care_setting=care_setting, room=room)
    client = client_as(manager)
    url = reverse("settings:children:rooms", args=[care_setting.slug])
    # session, user, setting with LA, membership, LA roles, rooms with their children on
    # roll, unread notifications, savepoint, session save, release
    with django_assert_num_queries(10):
        response = client.get(url)
        assert response.status_code == 200
    assert len(response.context["rooms"]) + len(response.context["archived"]) == rows
