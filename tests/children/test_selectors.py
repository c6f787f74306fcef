"""Reads: the list's filters, the door to one child, and consents in force."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.permissions import Action, la_access_for, setting_access_for
from children.models import Child, Consent, Room
from children.selectors import (
    child_get_for,
    child_list_for,
    children_with_consent,
    consents_at_a_glance,
    has_consent,
)
from tests.children.helpers import TODAY
from tests.factories.accounts import ChildFactory, LocalAuthorityFactory, MembershipFactory
from tests.factories.children import ConsentFactory, TeamMemberFactory


def names(children) -> list[str]:
    return [child.first_name for child in children]


@pytest.fixture
def roll(care_setting, key_person):
    """Five children at the manager's setting, each different in one way, and a leaver."""
    ChildFactory(
        care_setting=care_setting,
        first_name="Ada",
        last_name="Bell",
        room="Owls",
        date_of_birth=date(2022, 5, 1),
        key_person=key_person,
    )
    ChildFactory(
        care_setting=care_setting,
        first_name="Ben",
        last_name="Cole",
        room="Ladybirds",
        date_of_birth=date(2024, 6, 1),
        sen_status=Child.Sen.EHCP,
    )
    ChildFactory(
        care_setting=care_setting,
        first_name="Cara",
        last_name="Dunn",
        preferred_name="Caz",
        room="Ladybirds",
        date_of_birth=date(2023, 6, 1),
        looked_after=True,
    )
    ChildFactory(
        care_setting=care_setting,
        first_name="Dev",
        last_name="Evans",
        date_of_birth=date(2023, 1, 1),
        previously_looked_after=True,
        funded_entitlement=Child.Entitlement.TWO_YEAR_OLD,
        sen_status=Child.Sen.SEN_SUPPORT,
    )
    ChildFactory(
        care_setting=care_setting,
        first_name="Eve",
        last_name="Fox",
        date_of_birth=date(2021, 12, 1),
        start_date=date(2023, 1, 1),
        leave_date=date(2026, 3, 16),
        leaving_destination="Reception",
    )


@pytest.fixture
def manager_access(manager, care_setting):
    return setting_access_for(manager, care_setting.slug)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Ada", "Ben", "Cara", "Dev"]),
        ({"include_left": True}, ["Ada", "Ben", "Cara", "Dev", "Eve"]),
        ({"q": "caz"}, ["Cara"]),
        ({"q": "ben cole"}, ["Ben"]),
        ({"q": "DUNN"}, ["Cara"]),
        ({"room": "Ladybirds"}, ["Ben", "Cara"]),
        ({"key_person": "none"}, ["Ben", "Cara", "Dev"]),
        ({"unallocated": True}, ["Ben", "Cara", "Dev"]),
        ({"looked_after": "looked_after"}, ["Cara"]),
        ({"looked_after": "previously"}, ["Dev"]),
        ({"sen": "any"}, ["Ben", "Dev"]),
        ({"sen": "ehcp"}, ["Ben"]),
        ({"eypp": True}, ["Cara", "Dev"]),
        ({"age": "under_2"}, ["Ben"]),
        ({"age": "two"}, ["Cara"]),
        ({"age": "three_plus"}, ["Ada", "Dev"]),
        ({"room": "Ladybirds", "eypp": True}, ["Cara"]),
    ],
)
def test_the_list_filters(roll, manager_access, filters, expected):
    if "room" in filters:
        # The filter names a room of the setting's list by its id.
        filters = {**filters, "room": str(Room.objects.get(name=filters["room"]).pk)}
    assert names(child_list_for(manager_access, filters, today=TODAY)) == expected


def test_the_list_filters_by_key_person(roll, manager_access, key_person):
    filtered = child_list_for(manager_access, {"key_person": str(key_person.pk)}, today=TODAY)

    assert names(filtered) == ["Ada"]


def test_the_list_holds_only_the_settings_children(roll, manager_access, other_child):
    assert "Otto" not in names(child_list_for(manager_access, {}, today=TODAY))


def test_the_list_knows_who_may_be_photographed(care_setting, manager_access):
    allowed = ChildFactory(care_setting=care_setting, first_name="Allowed")
    ConsentFactory(child=allowed, given_on=date(2026, 1, 5))
    withdrawn = ChildFactory(care_setting=care_setting, first_name="Withdrawn")
    ConsentFactory(child=withdrawn, withdrawn_on=date(2026, 3, 1))
    ChildFactory(care_setting=care_setting, first_name="Unasked")

    rows = {
        child.first_name: (child.photo_consent_granted, child.photo_consent_withdrawn_on)
        for child in child_list_for(manager_access, {}, today=TODAY)
    }

    assert rows["Allowed"] == (True, None)
    assert rows["Withdrawn"] == (True, date(2026, 3, 1))
    assert rows["Unasked"] == (None, None)


# --- The door -----------------------------------------------------------------------------


def test_the_door_opens_for_staff_of_the_childs_setting(manager, practitioner, key_child):
    for user in (manager, practitioner):
        access = setting_access_for(user, key_child.care_setting.slug)
        assert child_get_for(access, key_child.pk, Action.VIEW_CHILD) == key_child


def test_a_child_of_another_setting_is_not_found(manager, care_setting, other_child):
    access = setting_access_for(manager, care_setting.slug)

    with pytest.raises(Http404):
        child_get_for(access, other_child.pk, Action.VIEW_CHILD)


def test_an_unknown_child_is_not_found(manager, care_setting):
    access = setting_access_for(manager, care_setting.slug)

    with pytest.raises(Http404):
        child_get_for(access, 999_999, Action.VIEW_CHILD)


def test_a_practitioner_may_read_but_not_edit(practitioner, key_child):
    access = setting_access_for(practitioner, key_child.care_setting.slug)

    with pytest.raises(PermissionDenied):
        child_get_for(access, key_child.pk, Action.EDIT_CHILD)
    with pytest.raises(PermissionDenied):
        child_get_for(access, key_child.pk, Action.EDIT_TEAM)


def test_a_key_person_keeps_the_team_of_their_own_key_child_only(key_person, key_child):
    access = setting_access_for(key_person, key_child.care_setting.slug)
    another = ChildFactory(care_setting=key_child.care_setting)

    assert child_get_for(access, key_child.pk, Action.EDIT_TEAM) == key_child
    with pytest.raises(PermissionDenied):
        child_get_for(access, another.pk, Action.EDIT_TEAM)
    with pytest.raises(PermissionDenied):
        child_get_for(access, key_child.pk, Action.EDIT_CHILD)


def test_an_advisor_sees_looked_after_and_shared_children_only(advisor, care_setting):
    looked_after = ChildFactory(care_setting=care_setting, looked_after=True)
    shared = ChildFactory(care_setting=care_setting, shared=True)
    private = ChildFactory(care_setting=care_setting)
    access = setting_access_for(advisor, care_setting.slug)

    assert child_get_for(access, looked_after.pk, Action.VIEW_CHILD) == looked_after
    assert child_get_for(access, shared.pk, Action.VIEW_CHILD) == shared
    with pytest.raises(Http404):
        child_get_for(access, private.pk, Action.VIEW_CHILD)
    with pytest.raises(PermissionDenied):
        child_get_for(access, looked_after.pk, Action.EDIT_CHILD)


def test_a_cic_advisor_follows_children_their_la_placed_out_of_county(cic_advisor, home_la):
    elsewhere = LocalAuthorityFactory()
    placed_away = ChildFactory(
        care_setting__local_authority=elsewhere, looked_after=True, responsible_la=home_la
    )
    not_ours = ChildFactory(care_setting__local_authority=elsewhere, looked_after=True)
    access = la_access_for(cic_advisor, home_la.slug)

    assert child_get_for(access, placed_away.pk, Action.VIEW_CHILD) == placed_away
    with pytest.raises(Http404):
        child_get_for(access, not_ours.pk, Action.VIEW_CHILD)


def test_a_former_member_of_staff_no_longer_opens_the_door(care_setting, key_child):
    leaver = MembershipFactory(care_setting=care_setting, is_active=False).user

    with pytest.raises(Http404):
        setting_access_for(leaver, care_setting.slug)


# --- Consents in force ---------------------------------------------------------------------


def test_no_answer_means_no_consent(key_child):
    assert has_consent(key_child, Consent.Kind.PHOTOGRAPHS, TODAY) is False


def test_consent_holds_from_the_day_given_until_the_day_withdrawn(key_child):
    ConsentFactory(child=key_child, given_on=date(2026, 1, 10), withdrawn_on=date(2026, 3, 1))

    assert has_consent(key_child, Consent.Kind.PHOTOGRAPHS, date(2026, 1, 9)) is False
    assert has_consent(key_child, Consent.Kind.PHOTOGRAPHS, date(2026, 1, 10)) is True
    assert has_consent(key_child, Consent.Kind.PHOTOGRAPHS, date(2026, 2, 28)) is True
    assert has_consent(key_child, Consent.Kind.PHOTOGRAPHS, date(2026, 3, 1)) is False


def test_the_newest_answer_decides(key_child):
    mother = TeamMemberFactory(child=key_child)
    ConsentFactory(child=key_child, given_by=mother, given_on=date(2025, 9, 1))
    ConsentFactory(child=key_child, given_by=mother, given_on=date(2026, 2, 1), granted=False)

    assert has_consent(key_child, Consent.Kind.PHOTOGRAPHS, date(2026, 1, 31)) is True
    assert has_consent(key_child, Consent.Kind.PHOTOGRAPHS, TODAY) is False
    assert has_consent(key_child, Consent.Kind.OUTINGS, TODAY) is False


def test_children_with_consent_filters_a_group_in_one_query(
    care_setting, key_child, django_assert_num_queries
):
    ConsentFactory(child=key_child)
    refused = ChildFactory(care_setting=care_setting)
    ConsentFactory(child=refused, granted=False)
    ChildFactory(care_setting=care_setting)

    with django_assert_num_queries(1):
        allowed = list(
            Child.objects.filter(children_with_consent(Consent.Kind.PHOTOGRAPHS, TODAY))
        )

    assert allowed == [key_child]


def test_consents_at_a_glance_show_each_kind(key_child):
    mother = TeamMemberFactory(child=key_child)
    ConsentFactory(child=key_child, given_by=mother, kind=Consent.Kind.PHOTOGRAPHS)
    ConsentFactory(child=key_child, given_by=mother, kind=Consent.Kind.OUTINGS, granted=False)
    ConsentFactory(
        child=key_child,
        given_by=mother,
        kind=Consent.Kind.MEDICATION,
        withdrawn_on=date(2026, 3, 10),
    )

    rows = {row.kind: row.status for row in consents_at_a_glance(key_child, today=TODAY)}

    assert rows == {
        "medication": "withdrawn",
        "emergency_treatment": "not_recorded",
        "outings": "refused",
        "photographs": "given",
        "share_learning_journey": "not_recorded",
        "health_visitor": "not_recorded",
    }
