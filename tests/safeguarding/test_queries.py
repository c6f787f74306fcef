"""Query counts stay flat as the concerns pages grow (2 rows or 22)."""

import pytest
from django.urls import reverse

from tests.factories.safeguarding import ConcernFactory

ROWS = [2, 22]


@pytest.mark.parametrize("rows", ROWS)
def test_the_concern_list_queries_are_flat(
    rows, client_as, dsl, care_setting, django_assert_num_queries
):
    ConcernFactory.create_batch(rows, child__care_setting=care_setting)
    ConcernFactory.create_batch(rows, child__care_setting=care_setting, referred=True)
    client = client_as(dsl)
    url = reverse("settings:safeguarding:concern_list", args=[care_setting.slug])
    # session, user, setting with LA, membership, LA roles, the open concerns counted, this
    # page of them with children and staff, the read written to the trail, the header's
    # unread count, the children with concerns (the filter) counted and read, savepoint,
    # session save, release
    with django_assert_num_queries(14):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_my_concerns_queries_are_flat(
    rows, client_as, practitioner, care_setting, django_assert_num_queries
):
    ConcernFactory.create_batch(rows, child__care_setting=care_setting, raised_by=practitioner)
    ConcernFactory.create_batch(rows, child__care_setting=care_setting)
    client = client_as(practitioner)
    url = reverse("settings:safeguarding:my_concerns", args=[care_setting.slug])
    # session, user, setting with LA, membership, LA roles, the reader's concerns counted,
    # this page of them with children, the header's unread count, savepoint, session save,
    # release
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200
