"""Query counts stay flat as the visit log, the sharing, the allegations and the reads grow
(2 rows or 22)."""

import pytest
from django.urls import reverse

from accounts.permissions import setting_access_for
from safeguarding.selectors import record_read
from tests.factories.accounts import ChildFactory, MembershipFactory
from tests.factories.safeguarding import (
    AgencyVisitFactory,
    AllegationFactory,
    InformationShareFactory,
)

ROWS = [2, 22]


def url(name, care_setting):
    return reverse(f"settings:safeguarding:{name}", args=[care_setting.slug])


@pytest.mark.parametrize("rows", ROWS)
def test_the_visit_list_queries_are_flat(
    rows, client_as, dsl, care_setting, django_assert_num_queries
):
    for _ in range(rows):
        child = ChildFactory(care_setting=care_setting)
        supervisor = MembershipFactory(care_setting=care_setting).user
        AgencyVisitFactory(child=child, supervised_by=supervisor)
        AgencyVisitFactory(child=child, supervised_by=supervisor, left_at=None)
    client = client_as(dsl)
    # session, user, setting with LA, membership, LA roles,
    # the setting's children (filter), count of the log, the log's page with children and
    # supervisors, the read written, the visitors on the premises,
    # header's unread count, savepoint, session save, release
    with django_assert_num_queries(14):
        assert client.get(url("visit_list", care_setting)).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_the_allegation_list_queries_are_flat(
    rows, client_as, dsl, care_setting, django_assert_num_queries
):
    for _ in range(rows):
        AllegationFactory(care_setting=care_setting)
    client = client_as(dsl)
    # session, user, setting with LA, membership, LA roles,
    # count of allegations, the page of allegations with their members of staff,
    # header's unread count, savepoint, session save, release
    with django_assert_num_queries(11):
        assert client.get(url("allegation_list", care_setting)).status_code == 200


def _reads(rows, dsl, care_setting):
    access = setting_access_for(dsl, care_setting.slug)
    for _ in range(rows):
        child = ChildFactory(care_setting=care_setting)
        reader = MembershipFactory(care_setting=care_setting, dsl=True).user
        record_read(setting_access_for(reader, care_setting.slug), page="Chronology", child=child)
        record_read(access, page="Information sharing", child=child)


@pytest.mark.parametrize("rows", ROWS)
def test_the_reads_page_queries_are_flat(
    rows, client_as, dsl, care_setting, django_assert_num_queries
):
    _reads(rows, dsl, care_setting)
    client = client_as(dsl)
    # session, user, setting with LA, membership, LA roles,
    # this read written, the children read (filter: their ids, then their names), the
    # people who read (filter), count of reads, the page of reads with readers, the
    # page's children's names,
    # header's unread count, savepoint, session save, release
    with django_assert_num_queries(16):
        assert client.get(url("reads", care_setting)).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_the_reads_csv_queries_are_flat(
    rows, client_as, dsl, care_setting, django_assert_num_queries
):
    _reads(rows, dsl, care_setting)
    client = client_as(dsl)
    # session, user, setting with LA, membership, LA roles,
    # this read written, the children read (filter: their ids, then their names), the
    # people who read (filter), the reads with readers, their children's names,
    # savepoint, session save, release
    with django_assert_num_queries(14):
        response = client.get(url("reads_csv", care_setting))
    assert response.content.decode("utf-8-sig").count("\n") == 2 * rows + 2


@pytest.mark.parametrize("rows", ROWS)
def test_the_information_sharing_list_queries_are_flat(
    rows, client_as, dsl, care_setting, key_child, django_assert_num_queries
):
    for _ in range(rows):
        recorder = MembershipFactory(care_setting=care_setting, dsl=True).user
        InformationShareFactory(child=key_child, recorded_by=recorder)
        InformationShareFactory(child=key_child, recorded_by=recorder, received=True)
    client = client_as(dsl)
    page = reverse("settings:safeguarding:share_list", args=[care_setting.slug, key_child.pk])
    client.get(page)  # the audit trail's content types are cached from the first read
    # session, user, setting with LA, membership, LA roles, the child,
    # the child's sharing with who recorded it, the read written,
    # header's unread count, savepoint, session save, release
    with django_assert_num_queries(12):
        assert client.get(page).status_code == 200
