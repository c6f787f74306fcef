"""Query counts stay flat as the journey grows (2 rows or 22)."""

import pytest
from django.urls import reverse

from tests.factories.accounts import ChildFactory
from tests.factories.learning_journey import (
    ObservationFactory,
    ObservationPhotoFactory,
    framework_areas,
)

ROWS = [2, 22]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def fill_journey(child, author, rows):
    areas = list(framework_areas().values())
    for n in range(rows):
        friend = ChildFactory(care_setting=child.care_setting)
        observation = ObservationFactory(
            care_setting=child.care_setting,
            author=author,
            children=[child, friend],
            areas=areas[n % 7 : n % 7 + 2],
            status="draft" if n % 3 == 0 else "published",
            visible_to_carers=n % 2 == 0,
        )
        ObservationPhotoFactory(observation=observation)


@pytest.mark.parametrize("rows", ROWS)
def test_journey_queries_are_flat(
    rows, client_as, key_person, key_child, django_assert_num_queries
):
    fill_journey(key_child, key_person, rows)
    client = client_as(key_person)
    url = reverse("settings:learning:journey", args=[key_child.care_setting.slug, key_child.pk])
    # header's unread count,
    # session, user, setting with LA, membership, LA roles, child with relations, areas,
    # count of observations, page of observations with authors, their children, areas,
    # photos, savepoint, session save, release
    with django_assert_num_queries(16):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_journey_filtered_by_area_queries_are_flat(
    rows, client_as, manager, key_person, key_child, django_assert_num_queries
):
    fill_journey(key_child, key_person, rows)
    client = client_as(manager)
    url = reverse("settings:learning:journey", args=[key_child.care_setting.slug, key_child.pk])
    # the same queries as unfiltered: the filter is a join in the page and count queries
    with django_assert_num_queries(16):
        assert client.get(url + "?area=CL").status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_observation_form_queries_are_flat(
    rows, client_as, key_person, care_setting, django_assert_num_queries
):
    framework_areas()
    ChildFactory.create_batch(rows, care_setting=care_setting, room="Butterflies")
    ChildFactory.create_batch(rows, care_setting=care_setting, key_person=key_person)
    client = client_as(key_person)
    url = reverse("settings:learning:observation_add", args=[care_setting.slug])
    # header's unread count,
    # session, user, setting with LA, membership, LA roles, children, areas,
    # savepoint, session save, release
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200
