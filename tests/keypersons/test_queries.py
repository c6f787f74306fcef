"""Query counts stay flat as rows grow: 2 rows or 22, each page makes the same queries.

Each count is pinned from the first green run; the comments name every query. A signed-in
request starts with the session and the user; a setting page then reads the setting (with
its LA), the person's membership and their LA roles; every request ends by saving the
session inside a savepoint (savepoint, session save, release). The page header counts the
person's unread notifications.
"""

from datetime import timedelta

import factory
import pytest
from django.urls import reverse
from django.utils import timezone

from bench.budgets import PINNED
from children.models import Consent
from common.dates import add_months
from keypersons.models import KeyPersonAllocation, TrainingRecord
from learning.models import Observation
from tests.factories.accounts import (
    AdvisorAssignmentFactory,
    CareSettingFactory,
    ChildFactory,
    MembershipFactory,
    OfstedInspectionFactory,
)
from tests.factories.children import ConsentFactory, TeamMemberFactory
from tests.factories.keypersons import TrainingRecordFactory
from tests.factories.learning import AssessmentPeriodFactory
from tests.factories.learning_journey import ObservationFactory
from tests.factories.safeguarding import ConcernFactory

ROWS = [2, 22]
Kind = KeyPersonAllocation.Kind
Course = TrainingRecord.Course


def allocate(child, staff, *, kind=Kind.KEY_PERSON, designated=False):
    KeyPersonAllocation.objects.create(
        child=child, staff=staff, kind=kind, is_designated=designated, starts_on=child.start_date
    )
    if kind == Kind.KEY_PERSON:
        child.key_person = staff
        child.save(update_fields=["key_person"])


def fill_setting(care_setting, rows: int, *, key_person, buddy) -> None:
    """Give the setting children of every kind with allocations, consents, teams and staff
    with training records: expired, expiring, in date and renewed.
    """
    today = timezone.localdate()
    # Fixed ages, so that the same reminder rules find children whatever the number of rows:
    # one child of each batch is due the progress check at two, the other has missed it.
    aged = {"date_of_birth": factory.Iterator([add_months(today, -25), add_months(today, -37)])}
    ChildFactory.create_batch(rows, care_setting=care_setting, **aged)  # waiting for a key person
    for child in ChildFactory.create_batch(rows, care_setting=care_setting, room="Robins", **aged):
        allocate(child, key_person)
        allocate(child, buddy, kind=Kind.BUDDY)
        ConsentFactory(child=child, kind=Consent.Kind.PHOTOGRAPHS)
    for child in ChildFactory.create_batch(
        rows, care_setting=care_setting, looked_after=True, **aged
    ):
        allocate(child, key_person, designated=True)
        TeamMemberFactory(child=child, social_worker=True)
    for child in ChildFactory.create_batch(rows, care_setting=care_setting, **aged):
        allocate(child, buddy)
        allocate(child, key_person, kind=Kind.BUDDY)
    for member in MembershipFactory.create_batch(rows, care_setting=care_setting):
        TrainingRecordFactory(
            care_setting=care_setting,
            staff=member.user,
            completed_on=today - timedelta(days=800),
            expires_on=today - timedelta(days=70),
        )
        TrainingRecordFactory(
            care_setting=care_setting,
            staff=member.user,
            course=Course.PAEDIATRIC_FIRST_AID,
            completed_on=today - timedelta(days=1080),
            expires_on=today + timedelta(days=15),
        )
        TrainingRecordFactory(care_setting=care_setting, staff=member.user)
    for course in (Course.SAFEGUARDING, Course.DSL):
        TrainingRecordFactory(
            care_setting=care_setting,
            staff=key_person,
            course=course,
            completed_on=today - timedelta(days=700),
            expires_on=today + timedelta(days=rows),
        )
    TrainingRecordFactory(care_setting=care_setting, staff=key_person, children_in_care=True)
    OfstedInspectionFactory.create_batch(rows, care_setting=care_setting)
    AdvisorAssignmentFactory.create_batch(
        rows, care_setting=care_setting, la_role__local_authority=care_setting.local_authority
    )
    # Records every reminder rule finds, so the dashboards' pins count each rule's queries:
    # a period ending soon, and for each key child a worry for the DSL and a draft of ten days ago.
    MembershipFactory(care_setting=care_setting, dsl=True)
    AssessmentPeriodFactory(
        care_setting=care_setting,
        name="This term",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=10),
    )
    for child in care_setting.children.filter(key_person=key_person):
        ConcernFactory(child=child, raised_by=buddy)
        ObservationFactory(
            care_setting=care_setting,
            author=key_person,
            children=[child],
            status=Observation.Status.DRAFT,
            observed_on=today - timedelta(days=10),
        )


@pytest.fixture
def filled(request, care_setting, manager, key_person, practitioner):
    fill_setting(care_setting, request.param, key_person=key_person, buddy=practitioner)
    return care_setting


def setting_url(name, care_setting, *args):
    return reverse(name, args=[care_setting.slug, *args])


@pytest.mark.parametrize("filled", ROWS, indirect=True)
def test_board_queries_are_flat(filled, client_as, manager, django_assert_num_queries):
    client = client_as(manager)
    url = setting_url("settings:keypersons:board", filled)
    # session, user, setting with LA, membership, LA roles, children on roll with key
    # persons and their status, their current allocations with staff, staff for the
    # select with their caseloads, unread notifications,
    # savepoint, session save, release
    with django_assert_num_queries(PINNED["settings:keypersons:board"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("filled", ROWS, indirect=True)
def test_allocation_page_queries_are_flat(
    filled, client_as, manager, key_person, django_assert_num_queries
):
    child = filled.children.filter(key_person=key_person).first()
    for _ in range(3):  # a longer history
        KeyPersonAllocation.objects.filter(child=child, kind=Kind.KEY_PERSON).update(
            ends_on=child.start_date
        )
        allocate(child, key_person)
    client = client_as(manager)
    url = setting_url("settings:keypersons:allocate", filled, child.pk)
    # session, user, setting with LA, membership, LA roles, child with status, history
    # with staff, staff trained for children in care, staff for the select with their
    # caseloads, unread notifications, savepoint, session save, release
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("filled", ROWS, indirect=True)
def test_caseloads_queries_are_flat(filled, client_as, manager, django_assert_num_queries):
    client = client_as(manager)
    url = setting_url("settings:keypersons:caseloads", filled)
    # session, user, setting with LA, membership, LA roles, counts per person, staff
    # with users, unread notifications,
    # savepoint, session save, release
    with django_assert_num_queries(PINNED["settings:keypersons:caseloads"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("filled", ROWS, indirect=True)
def test_caseload_queries_are_flat(
    filled, client_as, manager, key_person, django_assert_num_queries
):
    client = client_as(manager)
    url = setting_url("settings:keypersons:caseload", filled, key_person.pk)
    # session, user, setting with LA, membership, LA roles, their membership, their
    # children with status, current allocations with staff,
    # the reminder rules about those children (one each: consents, social worker, no key
    # person, designated key person, progress check due, overdue, worries, drafts, early
    # assessment, periods open for judging, their children, the children judged, a PEP
    # meeting soon, PEP paperwork requested, due and overdue, a PEP returned, an EYPP plan
    # not written: funded children, grounds, terms; an EYPP impact review due), the
    # setting's managers and DSLs (read once for every rule),
    # unread notifications, savepoint, session save, release
    with django_assert_num_queries(35):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("filled", ROWS, indirect=True)
def test_training_matrix_queries_are_flat(filled, client_as, manager, django_assert_num_queries):
    client = client_as(manager)
    url = setting_url("settings:keypersons:training", filled)
    # session, user, setting with LA, membership, LA roles, staff with users, newest
    # records, unread notifications,
    # savepoint, session save, release
    with django_assert_num_queries(PINNED["settings:keypersons:training"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("filled", ROWS, indirect=True)
def test_setting_overview_queries_are_flat(filled, client_as, manager, django_assert_num_queries):
    client = client_as(manager)
    url = setting_url("settings:overview", filled)
    # session, user, setting with LA, membership, LA roles, children figures, staff
    # names, advisor names, unallocated count,
    # the reminder rules about those children (one each: consents, social worker, no key
    # person, designated key person, progress check due, overdue, worries, drafts, early
    # assessment, periods open for judging, their children, the children judged, a PEP
    # meeting soon, PEP paperwork requested, due and overdue, a PEP returned), the
    # setting's managers and DSLs (read once for every rule),
    # unallocated and looked-after children with status, training due with staff, the
    # children with something to do, inspections, unread notifications,
    # savepoint, session save, release
    with django_assert_num_queries(PINNED["settings:overview"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("filled", ROWS, indirect=True)
def test_my_key_children_queries_are_flat(
    filled, client_as, key_person, django_assert_num_queries
):
    client = client_as(key_person)
    url = setting_url("settings:my_key_children", filled)
    # session, user, setting with LA, membership, LA roles, key and buddy children with
    # status, current allocations with staff,
    # the reminder rules about those children (one each: consents, social worker, no key
    # person, designated key person, progress check due, overdue, worries, drafts, early
    # assessment, periods open for judging, their children, the children judged, a PEP
    # meeting soon, PEP paperwork requested, due and overdue, a PEP returned), the
    # setting's managers and DSLs (read once for every rule),
    # own training due, DSL names, the key children's current PEPs (pep's landing panel),
    # unread notifications, savepoint, session save, release
    with django_assert_num_queries(PINNED["settings:my_key_children"]):
        assert client.get(url).status_code == 200


def fill_la_children(local_authority, rows: int, *, advisor_role=None) -> None:
    """Give the LA settings with looked-after children, half of them with a key person."""
    for _ in range(rows):
        care_setting = CareSettingFactory(local_authority=local_authority)
        staff = MembershipFactory(care_setting=care_setting).user
        allocate(
            ChildFactory(care_setting=care_setting, looked_after=True), staff, designated=True
        )
        ChildFactory(care_setting=care_setting, looked_after=True)
        allocate(ChildFactory(care_setting=care_setting, shared=True), staff)
        if advisor_role is not None:
            AdvisorAssignmentFactory(la_role=advisor_role, care_setting=care_setting)


@pytest.mark.parametrize("rows", ROWS)
def test_advisor_children_with_key_persons_queries_are_flat(
    rows, client_as, advisor, home_la, django_assert_num_queries
):
    fill_la_children(home_la, rows, advisor_role=advisor.la_roles.get())
    client = client_as(advisor)
    url = reverse("la:my_settings", args=[home_la.slug])
    # session, user, LA, LA roles, assigned settings with figures and latest inspection,
    # their advisors with users, children followed with settings, LAs, key persons and
    # designation, unread notifications,
    # savepoint, session save, release
    with django_assert_num_queries(PINNED["la:my_settings"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", ROWS)
def test_cic_advisor_children_with_key_persons_queries_are_flat(
    rows, client_as, cic_advisor, home_la, other_setting, django_assert_num_queries
):
    fill_la_children(home_la, rows)
    staff = MembershipFactory(care_setting=other_setting).user
    for child in ChildFactory.create_batch(
        rows, care_setting=other_setting, looked_after=True, responsible_la=home_la
    ):
        allocate(child, staff, designated=True)
    client = client_as(cic_advisor)
    url = reverse("la:my_settings", args=[home_la.slug])
    # session, user, LA, LA roles, settings with figures and latest inspection, their
    # advisors with users, children followed with settings, LAs, key persons and
    # designation, unread notifications,
    # savepoint, session save, release
    with django_assert_num_queries(PINNED["la:my_settings"]):
        assert client.get(url).status_code == 200
