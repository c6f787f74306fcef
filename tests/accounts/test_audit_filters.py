"""The audit trails filter by child, person, kind and date, and link to what they are about.

Filters are GET parameters validated by a form: junk or out-of-range values answer a GOV.UK
error message, never a server error, and ids are plain ASCII digits within range. The
choices offered, and the links given, are only what the door lets the reader open.
"""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import LaRole
from children import services as children_services
from common.audit import audit_record
from safeguarding.concerns import services as concern_services
from tests.factories.accounts import ChildFactory, LaRoleFactory, RoomFactory

HUGE = "9" * 100_000
JUNK_IDS = [
    "²",
    "١٢",
    " 7",
    "7 ",
    "1_0",
    "+7",
    "-1",
    "0",
    "07",
    "99999999999",
    "abc",
    "\x00",
    HUGE,
]


def added(child, *, by, on=None):
    """Record that the child was added, on the given day (today if none)."""
    at = (
        timezone.make_aware(datetime.combine(on, datetime.min.time().replace(hour=10)))
        if on
        else None
    )
    with time_machine.travel(at or timezone.now(), tick=False):
        return audit_record(
            actor=by,
            verb="child.added",
            target=child,
            subject=child,
            care_setting=child.care_setting,
        )


@pytest.fixture
def two_children(care_setting, manager, key_person):
    """Ava (added by the manager) and Ben (added by the key person, then changed)."""
    ava = ChildFactory(care_setting=care_setting, first_name="Ava", last_name="Stone")
    ben = ChildFactory(care_setting=care_setting, first_name="Ben", last_name="Hart")
    added(ava, by=manager)
    added(ben, by=key_person)
    owls = RoomFactory(care_setting=care_setting, name="Owls")
    children_services.child_update(child=ben, by=manager, version=ben.version, room=owls)
    return ava, ben


def trail(client, care_setting, **params):
    return client.get(reverse("settings:audit", args=[care_setting.slug]), params)


def test_the_manager_filters_the_setting_trail_by_child(
    client_as, manager, care_setting, two_children
):
    _, ben = two_children

    response = trail(client_as(manager), care_setting, child=str(ben.pk))

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    assert {entry.record_label for entry in response.context["entries"]} == {str(ben)}
    assert "2 events match the filters" in response.content.decode()


def test_the_manager_filters_by_person_and_kind(
    client_as, manager, key_person, care_setting, two_children
):
    client = client_as(manager)

    by_key_person = trail(client, care_setting, person=str(key_person.pk))
    changes = trail(client, care_setting, kind="child.updated")

    assert [e.actor_name for e in by_key_person.context["entries"]] == ["Kim Keyperson"]
    assert [e.verb_label for e in changes.context["entries"]] == ["Record changed"]


def test_the_manager_filters_by_dates(client_as, manager, care_setting):
    child = ChildFactory(care_setting=care_setting)
    for day in (3, 10, 17):
        added(child, by=manager, on=datetime(2026, 3, day).date())
    client = client_as(manager)

    response = trail(
        client,
        care_setting,
        date_from_0="4",
        date_from_1="3",
        date_from_2="2026",
        date_to_0="17",
        date_to_1="3",
        date_to_2="2026",
    )

    days = [
        entry.at.astimezone(timezone.get_current_timezone()).day
        for entry in response.context["entries"]
    ]
    assert days == [17, 10]


def test_the_filters_are_kept_in_the_page_links(client_as, manager, care_setting):
    child = ChildFactory(care_setting=care_setting)
    for _ in range(51):
        added(child, by=manager)

    html = trail(client_as(manager), care_setting, kind="child.added").content.decode()

    assert "?kind=child.added&amp;page=2" in html


@pytest.mark.parametrize("value", JUNK_IDS)
@pytest.mark.parametrize("name", ["child", "person"])
def test_junk_ids_answer_an_error_message_not_a_server_error(
    client_as, manager, care_setting, two_children, name, value
):
    response = trail(client_as(manager), care_setting, **{name: value})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert f"Choose a {name} from the list" in html
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("1", "1", "99999999999"), "The from date must be a real date"),
        (("1", "1", "²⁰²⁶"), "The from date must be a real date"),
        (("31", "2", "2026"), "The from date must be a real date"),
        (("1", "1", "1066"), "The from date must be between 2000 and 2100"),
        (("1", "", "2026"), "The from date must include a day, month and year"),
        (("1", "1", HUGE), "The from date must be a real date"),
        (("<b>", "1", "2026"), "The from date must be a real date"),
    ],
)
def test_impossible_dates_answer_an_error_message(
    client_as, manager, care_setting, parts, message
):
    day, month, year = parts

    response = trail(
        client_as(manager), care_setting, date_from_0=day, date_from_1=month, date_from_2=year
    )

    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_to_date_before_the_from_date_is_explained(client_as, manager, care_setting):
    response = trail(
        client_as(manager),
        care_setting,
        date_from_0="2",
        date_from_1="3",
        date_from_2="2026",
        date_to_0="1",
        date_to_1="3",
        date_to_2="2026",
    )

    assert "The to date must be the same as or after the from date" in response.content.decode()


def test_an_unknown_kind_is_explained(client_as, manager, care_setting):
    response = trail(client_as(manager), care_setting, kind="child.deleted")

    assert "Choose what happened from the list" in response.content.decode()


def test_a_child_outside_the_readers_scope_cannot_be_chosen(
    client_as, manager, care_setting, other_child, two_children
):
    added(other_child, by=manager)

    response = trail(client_as(manager), care_setting, child=str(other_child.pk))

    html = response.content.decode()
    assert "Choose a child from the list" in html
    assert other_child.first_name not in html


def test_the_la_admin_cannot_filter_by_child_nor_by_worries(
    client_as, la_admin, manager, home_la, care_setting, two_children
):
    ava, _ = two_children
    concern_services.concern_raise(child=ava, by=manager, text="A worry")
    client = client_as(la_admin)
    url = reverse("la:audit", args=[home_la.slug])

    page = client.get(url).content.decode()
    by_child = client.get(url, {"child": str(ava.pk)}).content.decode()
    by_worry = client.get(url, {"kind": "concern.raised"}).content.decode()

    assert 'name="child"' not in page and "Worry" not in page and "Ava" not in page
    assert "This trail cannot be filtered by child" in by_child
    assert "Choose what happened from the list" in by_worry


def test_the_child_trail_filters_by_person_and_kind(
    client_as, manager, care_setting, two_children
):
    _, ben = two_children
    url = reverse("settings:children:audit", args=[care_setting.slug, ben.pk])

    response = client_as(manager).get(url, {"kind": "child.updated", "person": str(manager.pk)})

    assert [e.verb_label for e in response.context["entries"]] == ["Record changed"]
    assert 'name="child"' not in response.content.decode()


# --- Links to what an entry is about -----------------------------------------------------


def test_the_managers_trail_links_each_child_to_their_record(
    client_as, manager, care_setting, two_children
):
    ava, ben = two_children

    html = trail(client_as(manager), care_setting).content.decode()

    for child in (ava, ben):
        hub = reverse("settings:children:detail", args=[care_setting.slug, child.pk])
        assert f'<a class="govuk-link" href="{hub}">{child}</a>' in html


def test_no_link_to_a_child_the_reader_may_not_open(
    client_as, la_admin, manager, home_la, care_setting, two_children
):
    html = client_as(la_admin).get(reverse("la:audit", args=[home_la.slug])).content.decode()

    assert "/children/" not in html
    assert html.count("A child outside your access") == 3


def test_an_la_reader_who_follows_a_child_is_linked_to_the_la_side(
    client_as, la_admin, manager, home_la, care_setting, key_child, two_children
):
    LaRoleFactory(user=la_admin, local_authority=home_la, role=LaRole.Role.CIC_ADVISOR)
    added(key_child, by=manager)

    html = client_as(la_admin).get(reverse("la:audit", args=[home_la.slug])).content.decode()

    hub = reverse("la_children:detail", args=[home_la.slug, key_child.pk])
    assert f'href="{hub}"' in html
    # Ava and Ben are not looked after: outside the CiC advisor's scope, neither named nor
    # linked.
    response = client_as(la_admin).get(reverse("la:audit", args=[home_la.slug]))
    assert [entry.url for entry in response.context["entries"] if entry.url] == [hub]
    for name in ("Ava", "Ben"):
        assert name not in html


def test_a_child_who_moved_away_is_not_linked(client_as, manager, care_setting, home_la):
    from tests.factories.accounts import CareSettingFactory

    child = ChildFactory(care_setting=care_setting, first_name="Mia")
    added(child, by=manager)
    elsewhere = CareSettingFactory(local_authority=home_la)
    children_services.child_move(
        child=child,
        by=manager,
        version=child.version,
        to_setting=elsewhere,
        moved_on=timezone.localdate(),
        reason="",
    )

    html = trail(client_as(manager), care_setting).content.decode()

    assert f"/children/{child.pk}/" not in html and "Mia" not in html


# --- Query counts ----------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 22])
def test_a_filtered_trail_makes_the_same_queries_however_long(
    rows, client_as, manager, key_person, care_setting, django_assert_num_queries
):
    for _ in range(rows):
        for by in (manager, key_person):
            added(ChildFactory(care_setting=care_setting), by=by)
    client = client_as(manager)
    params = {
        "person": str(key_person.pk),
        "kind": "child.added",
        "date_from_0": "1",
        "date_from_1": "1",
        "date_from_2": "2026",
    }
    # the same as unfiltered: session, user, setting with LA, membership, LA roles, the
    # filter's children and people, count, page of events, the page's children in scope,
    # unread notifications, savepoint, session save, release
    with django_assert_num_queries(14):
        response = trail(client, care_setting, **params)
    assert response.context["page"].paginator.count == rows
