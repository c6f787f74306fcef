"""The learning journey's old addresses of worries send on to the concerns pages.

Only after the same check as the new pages: anyone who may not see concerns still gets 404,
so a redirect never reveals that a concern exists.
"""

import pytest
from django.urls import reverse

from tests.factories.accounts import ChildFactory
from tests.factories.safeguarding import ConcernFactory


@pytest.fixture
def concern(key_child):
    return ConcernFactory(child=key_child)


def old_list(slug):
    return f"/settings/{slug}/learning/worries/"


def old_acknowledge(slug, pk):
    return f"/settings/{slug}/learning/worries/{pk}/acknowledge/"


def test_the_old_addresses_are_the_ones_the_learning_app_had(care_setting, concern):
    slug = care_setting.slug
    assert reverse("settings:safeguarding:worry_list", args=[slug]) == old_list(slug)
    assert reverse(
        "settings:safeguarding:worry_acknowledge", args=[slug, concern.pk]
    ) == old_acknowledge(slug, concern.pk)


@pytest.mark.parametrize("persona", ["dsl", "manager"])
def test_the_old_list_sends_those_who_may_read_concerns_to_the_new_page(
    request, client_as, care_setting, persona
):
    response = client_as(request.getfixturevalue(persona)).get(old_list(care_setting.slug))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "settings:safeguarding:concern_list", args=[care_setting.slug]
    )


@pytest.mark.parametrize("persona", ["key_person", "practitioner", "other_manager"])
def test_the_old_list_answers_404_to_anyone_else(request, client_as, care_setting, persona):
    response = client_as(request.getfixturevalue(persona)).get(old_list(care_setting.slug))

    assert response.status_code == 404


def test_posting_to_the_old_acknowledge_address_sends_the_dsl_to_the_list_and_changes_nothing(
    client_as, dsl, care_setting, concern
):
    response = client_as(dsl).post(old_acknowledge(care_setting.slug, concern.pk))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "settings:safeguarding:concern_list", args=[care_setting.slug]
    )
    concern.refresh_from_db()
    assert concern.acknowledged_at is None


def test_the_old_acknowledge_address_answers_404_without_the_right_or_for_another_setting(
    client_as, practitioner, dsl, care_setting, other_setting, concern
):
    elsewhere = ConcernFactory(child=ChildFactory(care_setting=other_setting))

    refused = client_as(practitioner).post(old_acknowledge(care_setting.slug, concern.pk))
    foreign = client_as(dsl).post(old_acknowledge(care_setting.slug, elsewhere.pk))
    missing = client_as(dsl).post(old_acknowledge(care_setting.slug, concern.pk + 1000))

    assert (refused.status_code, foreign.status_code, missing.status_code) == (404, 404, 404)
