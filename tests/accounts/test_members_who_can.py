"""members_who_can: the set-based answer agrees with can() for every persona and action."""

import pytest
from django.http import Http404

from accounts.models import User
from accounts.permissions import (
    Action,
    can,
    members_who_can,
    members_who_can_by_setting,
    setting_access_for,
)
from tests.factories.accounts import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(
    care_setting,
    manager,
    key_person,
    practitioner,
    dsl,
    advisor,
    cic_advisor,
    la_admin,
    other_manager,
    no_role_user,
) -> list[User]:
    senco = MembershipFactory(care_setting=care_setting, is_senco=True).user
    manager_and_dsl = MembershipFactory(care_setting=care_setting, manager=True, dsl=True).user
    left = MembershipFactory(care_setting=care_setting, manager=True, is_active=False).user
    return [
        manager,
        key_person,
        practitioner,
        dsl,
        advisor,
        cic_advisor,
        la_admin,
        other_manager,
        no_role_user,
        senco,
        manager_and_dsl,
        left,
    ]


def allowed(user: User, slug: str, action: Action) -> bool:
    try:
        access = setting_access_for(user, slug)
    except Http404:
        return False
    # LA people act on the setting without being its staff: not members.
    return access.membership is not None and can(access, action)


@pytest.mark.parametrize("action", list(Action))
def test_agrees_with_can_for_every_persona(action, care_setting, personas):
    expected = {user.pk for user in personas if allowed(user, care_setting.slug, action)}

    found = set(
        members_who_can(action, care_setting_ids=[care_setting.pk]).values_list("pk", flat=True)
    )

    assert found == expected
    by_setting = members_who_can_by_setting(action, care_setting_ids=[care_setting.pk])
    assert set(by_setting.get(care_setting.pk, [])) == expected


def test_is_one_query_for_many_settings(
    care_setting, other_setting, manager, other_manager, django_assert_num_queries
):
    with django_assert_num_queries(1):
        by_setting = members_who_can_by_setting(
            Action.ALLOCATE_KEY_PERSON, care_setting_ids=[care_setting.pk, other_setting.pk]
        )

    assert by_setting == {care_setting.pk: [manager.pk], other_setting.pk: [other_manager.pk]}
