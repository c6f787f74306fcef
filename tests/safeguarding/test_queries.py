"""Query counts stay flat as the concerns page grows (2 rows or 22)."""

import pytest
from django.urls import reverse

from tests.factories.safeguarding import ConcernFactory

ROWS = [2, 22]


@pytest.mark.parametrize("rows", ROWS)
def test_worry_list_queries_are_flat(
    rows, client_as, dsl, care_setting, django_assert_num_queries
):
    ConcernFactory.create_batch(rows, child__care_setting=care_setting)
    client = client_as(dsl)
    url = reverse("settings:safeguarding:concern_list", args=[care_setting.slug])
    # header's unread count,
    # session, user, setting with LA, membership, LA roles, worries with children and staff,
    # savepoint, session save, release
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
