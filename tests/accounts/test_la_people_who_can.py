"""``la_people_who_can`` gives, in one query, the same answer as ``can()`` for LA people."""

import pytest
from django.http import Http404

from accounts.models import LaRole
from accounts.permissions import Action, can, la_access_for, la_people_who_can
from tests.factories.accounts import LaRoleFactory


@pytest.fixture
def people(advisor, outsider_advisor, cic_advisor, la_admin, other_la_admin, other_la):
    """Every LA persona, an inactive CiC advisor, and a CiC advisor of the other LA."""
    inactive = LaRoleFactory(
        local_authority=cic_advisor.la_roles.get().local_authority,
        role=LaRole.Role.CIC_ADVISOR,
        is_active=False,
    ).user
    theirs = LaRoleFactory(local_authority=other_la, role=LaRole.Role.CIC_ADVISOR).user
    return [advisor, outsider_advisor, cic_advisor, la_admin, other_la_admin, inactive, theirs]


@pytest.mark.parametrize("action", list(Action))
def test_it_agrees_with_can_for_every_action(action, people, home_la, other_la):
    found = la_people_who_can(action, local_authority_ids=[home_la.pk, other_la.pk])

    for la in (home_la, other_la):
        expected = []
        for user in people:
            try:
                access = la_access_for(user, la.slug)
            except Http404:  # not at this LA: may not do anything there
                continue
            if can(access, action):
                expected.append(user.pk)
        assert sorted(found.get(la.pk, [])) == sorted(expected), (action, la.slug)


def test_children_in_care_advisors_sign_off_peps_and_are_named_once(
    people, cic_advisor, home_la, django_assert_num_queries
):
    LaRoleFactory(user=cic_advisor, local_authority=home_la, role=LaRole.Role.IMPROVEMENT_ADVISOR)

    with django_assert_num_queries(1):
        found = la_people_who_can(Action.SIGN_OFF_PEP, local_authority_ids={home_la.pk})

    assert found == {home_la.pk: [cic_advisor.pk]}


def test_no_la_or_no_la_hat_granting_the_action_asks_nothing(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        assert la_people_who_can(Action.QA_PEP, local_authority_ids=[]) == {}
    with django_assert_num_queries(0):
        assert la_people_who_can(Action.ADD_CHILD, local_authority_ids=[1]) == {}
