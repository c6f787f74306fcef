"""Query counts stay flat as a child's safeguarding record grows (one copy of everything, or 4)."""

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.factories.safeguarding import StatusTaskFactory
from tests.safeguarding.chronology_world import NOW, everything_about

COPIES = [1, 4]


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


def grown(child, care_setting, dsl, copies):
    for copy in range(copies):
        everything_about(child, care_setting=care_setting, dsl=dsl, ended=copy < copies - 1)
    open_status = child.__class__.objects.get(pk=child.pk)
    from safeguarding.models import SafeguardingStatus

    status = SafeguardingStatus.objects.get(child=open_status, ended_on__isnull=True)
    StatusTaskFactory.create_batch(copies, status=status, owner=dsl)
    # The trail names the child by its content type, cached once read: read it now.
    ContentType.objects.get_for_model(child)


@pytest.mark.parametrize("copies", COPIES)
def test_the_childs_safeguarding_page_queries_are_flat(
    copies, client_as, dsl, key_child, care_setting, django_assert_num_queries
):
    grown(key_child, care_setting, dsl, copies)
    client = client_as(dsl)
    url = reverse("settings:safeguarding:child", args=[care_setting.slug, key_child.pk])
    # header's unread count,
    # session, user, setting with LA, membership, LA roles, the child,
    # the open status, its tasks with owners,
    # the chronology: concerns, the DSL's actions, statuses, visits, shares, events by hand,
    # transfers, the child's setting changes, PEP meetings held;
    # the read written to the trail, the child's concerns,
    # savepoint, session save, release
    with django_assert_num_queries(23):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("copies", COPIES)
def test_the_chronology_page_queries_are_flat(
    copies, client_as, dsl, key_child, care_setting, django_assert_num_queries
):
    grown(key_child, care_setting, dsl, copies)
    client = client_as(dsl)
    url = reverse("settings:safeguarding:chronology", args=[care_setting.slug, key_child.pk])
    # header's unread count,
    # session, user, setting with LA, membership, LA roles, the child,
    # the chronology: concerns, the DSL's actions, statuses, visits, shares, events by hand,
    # transfers, the child's setting changes, PEP meetings held;
    # the read written to the trail,
    # savepoint, session save, release
    with django_assert_num_queries(20):
        assert client.get(url).status_code == 200
