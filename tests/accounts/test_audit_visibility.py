"""Audit trails show each reader only what the permission door lets that reader see.

Events about a worry passed to the DSL are shown only to readers with the safeguarding
right, and are not counted for anyone else. Events about a child outside the reader's
child scope keep who, what and when, but lose the child's name, every label containing
it, the changes and any link to the child.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import LaRole
from children import services as children_services
from common.audit import audit_record
from keypersons import services as keyperson_services
from safeguarding.concerns import services as concern_services
from tests.factories.accounts import (
    CareSettingFactory,
    ChildFactory,
    LaRoleFactory,
    MembershipFactory,
)

HIDDEN = "A child outside your access"
WORRY_WORDS = ("Dsl referral", "Concern C-", "Safeguarding concern")


@pytest.fixture
def birch(home_la):
    """A second setting of the home LA, where one of Acorn's children moves."""
    return CareSettingFactory(name="Birch Nursery", slug="birch-nursery", local_authority=home_la)


@pytest.fixture
def birch_manager(birch):
    return MembershipFactory(
        user__full_name="Bea Birch",
        user__email="birch@demo.test",
        care_setting=birch,
        manager=True,
    ).user


@pytest.fixture
def trail(manager, key_person, dsl, care_setting, birch, birch_manager):
    """Acorn's children and what happened to them, recorded by the services that do it.

    Zephyrine is an ordinary child of Acorn with a worry raised and acknowledged; Ottilie is
    looked after by the home LA; Marigold was added at Acorn, then moved to Birch.
    """
    zephyrine = ChildFactory(
        care_setting=care_setting, first_name="Zephyrine", last_name="Quillfeather"
    )
    ottilie = ChildFactory(
        care_setting=care_setting, first_name="Ottilie", last_name="Brightwater", looked_after=True
    )
    marigold = ChildFactory(
        care_setting=care_setting, first_name="Marigold", last_name="Featherstone"
    )
    for child in (zephyrine, ottilie, marigold):
        audit_record(
            actor=manager,
            verb="child.added",
            target=child,
            subject=child,
            care_setting=care_setting,
            changes={"first_name": [None, child.first_name], "last_name": [None, child.last_name]},
        )
    keyperson_services.key_person_allocate(
        child=zephyrine, staff=key_person, by=manager, starts_on=zephyrine.start_date
    )
    referral = concern_services.concern_raise(
        child=zephyrine, by=key_person, text="Bruise on the arm"
    )
    concern_services.concern_acknowledge(concern=referral, by=dsl)
    children_services.child_move(
        child=marigold,
        by=manager,
        version=marigold.version,
        to_setting=birch,
        moved_on=timezone.localdate() - timedelta(days=1),
        reason="Family moved house",
    )
    audit_record(
        actor=manager, verb="setting.updated", target=care_setting, care_setting=care_setting
    )
    return {"zephyrine": zephyrine, "ottilie": ottilie, "marigold": marigold}


def names(child):
    return (child.first_name, child.last_name)


def hub_paths(child):
    return (f"/children/{child.pk}/",)


def assert_child_hidden(html, child):
    for text in names(child) + hub_paths(child):
        assert text not in html, f"{text!r} is on the page"


def assert_no_worries(html):
    for text in WORRY_WORDS:
        assert text not in html, f"{text!r} is on the page"


def redacted_entries_keep_nothing_of_the_child(response, *children):
    entries = [entry for entry in response.context["entries"] if entry.redacted]
    assert entries
    for entry in entries:
        assert entry.record_label == HIDDEN
        assert entry.changes == {}
    shown = repr([vars(entry) for entry in entries])
    for child in children:
        for text in names(child):
            assert text not in shown


# --- The manager ----------------------------------------------------------------------


def test_the_manager_sees_concerns_and_their_own_children_on_the_setting_trail(
    client_as, manager, care_setting, trail
):
    response = client_as(manager).get(reverse("settings:audit", args=[care_setting.slug]))

    html = response.content.decode()
    assert "Safeguarding concern passed to the DSL" in html
    assert "Safeguarding concern review started by the DSL" in html
    assert "about Zephyrine Quillfeather" in html and "Concern C-" in html
    assert "Key person for Zephyrine Quillfeather" in html
    assert "Ottilie Brightwater" in html
    # 3 children added, an allocation, a worry raised and acknowledged, a move out, the setting
    assert response.context["page"].paginator.count == 8


def test_the_manager_does_not_see_the_name_of_a_child_who_moved_away(
    client_as, manager, care_setting, trail
):
    marigold = trail["marigold"]

    response = client_as(manager).get(reverse("settings:audit", args=[care_setting.slug]))

    html = response.content.decode()
    assert "Moved to another setting" in html and HIDDEN in html
    assert_child_hidden(html, marigold)
    redacted_entries_keep_nothing_of_the_child(response, marigold)


def test_the_manager_sees_concerns_on_the_childs_trail(client_as, manager, care_setting, trail):
    zephyrine = trail["zephyrine"]
    url = reverse("settings:children:audit", args=[care_setting.slug, zephyrine.pk])

    response = client_as(manager).get(url)

    html = response.content.decode()
    assert "Safeguarding concern passed to the DSL" in html
    assert "Concern C-" in html and "about Zephyrine Quillfeather" in html
    assert HIDDEN not in html
    assert response.context["page"].paginator.count == 4


def test_the_new_settings_manager_sees_the_whole_trail_of_the_child_who_moved_in(
    client_as, birch_manager, birch, trail
):
    marigold = trail["marigold"]
    url = reverse("settings:children:audit", args=[birch.slug, marigold.pk])

    response = client_as(birch_manager).get(url)

    html = response.content.decode()
    assert (
        "Child added" in html
        and "Moved here from another setting" in html
        and "Moved to another setting" in html
    )
    assert "Marigold Featherstone moved from Acorn Day Nursery to Birch Nursery" in html
    assert "First name: — → Marigold" in html
    assert HIDDEN not in html


# --- The LA administrator -------------------------------------------------------------


def test_the_la_admin_sees_no_worry_on_the_la_trail_and_it_is_not_counted(
    client_as, la_admin, home_la, trail
):
    response = client_as(la_admin).get(reverse("la:audit", args=[home_la.slug]))

    html = response.content.decode()
    assert_no_worries(html)
    assert "Dana Safeguarding" not in html and "dsl@demo.test" not in html
    # Acorn's 8 events less the 2 about the worry, and Birch's move in
    assert response.context["page"].paginator.count == 7


def test_the_la_admin_sees_activity_but_no_childs_name_on_the_la_trail(
    client_as, la_admin, home_la, trail
):
    response = client_as(la_admin).get(reverse("la:audit", args=[home_la.slug]))

    html = response.content.decode()
    assert (
        "Child added" in html
        and "Key person allocated" in html
        and "Moved here from another setting" in html
    )
    assert "Mary Manager" in html and HIDDEN in html
    assert "Setting updated" in html and "Acorn Day Nursery" in html
    for child in trail.values():
        assert_child_hidden(html, child)
    redacted_entries_keep_nothing_of_the_child(response, *trail.values())


def test_the_la_admin_sees_no_worry_and_no_childs_name_on_a_settings_trail(
    client_as, la_admin, care_setting, trail
):
    response = client_as(la_admin).get(reverse("settings:audit", args=[care_setting.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert_no_worries(html)
    assert "Child added" in html and HIDDEN in html
    for child in trail.values():
        assert_child_hidden(html, child)
    assert response.context["page"].paginator.count == 6
    redacted_entries_keep_nothing_of_the_child(response, *trail.values())


def test_an_la_admin_who_is_also_a_cic_advisor_sees_the_children_in_care_by_name_only(
    client_as, la_admin, home_la, trail
):
    LaRoleFactory(user=la_admin, local_authority=home_la, role=LaRole.Role.CIC_ADVISOR)

    response = client_as(la_admin).get(reverse("la:audit", args=[home_la.slug]))

    html = response.content.decode()
    assert "Ottilie Brightwater" in html
    assert_child_hidden(html, trail["zephyrine"])
    assert_child_hidden(html, trail["marigold"])
    assert_no_worries(html)
    assert response.context["page"].paginator.count == 7


# --- Everyone else -------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["key_person", "practitioner", "dsl", "advisor", "cic_advisor", "outsider_advisor"]
)
def test_no_other_persona_reads_a_trail(request, client_as, persona, care_setting, home_la, trail):
    client = client_as(request.getfixturevalue(persona))
    zephyrine = trail["zephyrine"]
    urls = [
        reverse("settings:audit", args=[care_setting.slug]),
        reverse("settings:children:audit", args=[care_setting.slug, zephyrine.pk]),
        reverse("la:audit", args=[home_la.slug]),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert_child_hidden(response.content.decode(), zephyrine)
        assert_no_worries(response.content.decode())
