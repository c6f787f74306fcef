"""The reminder of a strategy commitment past its timescale: to its leads, else the admins."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import LaRole
from notifications import services
from notifications.models import Notification
from notifications.rules import RULES
from quality.models import StrategyCommitment
from quality.strategy.reminders import PAST_TIMESCALE
from tests.factories.quality import StrategyChapterFactory, StrategyCommitmentFactory

Status = StrategyCommitment.Status


def today():
    return timezone.localdate()


def due(day=None):
    return list(RULES[PAST_TIMESCALE].due(day or today()))


def past(home_la, *, days=5, status=Status.IN_PROGRESS, leads=(), reference=None):
    chapter = StrategyChapterFactory(local_authority=home_la)
    extra = {"reference": reference} if reference else {}
    commitment = StrategyCommitmentFactory(
        chapter=chapter, timescale=today() - timedelta(days=days), status=status, **extra
    )
    commitment.leads.set(leads)
    return commitment


def test_the_named_leads_are_reminded_on_the_commitments_page(home_la, cic_advisor, la_admin):
    commitment = past(home_la, leads=[cic_advisor], reference="2.4 (iv)")

    rows = due()

    assert [row.recipient_id for row in rows] == [cic_advisor.pk]
    row = rows[0]
    assert row.due_on == commitment.timescale
    assert row.url == f"/la/{home_la.slug}/quality/strategy/commitments/{commitment.pk}/"
    assert "2.4 (iv)" in row.subject
    assert f"{commitment.timescale:%-d %B %Y}" in row.body


def test_without_leads_the_la_admins_are_reminded(home_la, la_admin, cic_advisor, other_la_admin):
    past(home_la)

    assert [row.recipient_id for row in due()] == [la_admin.pk]


def test_a_lead_whose_role_ended_leaves_it_to_the_admins(home_la, la_admin, cic_advisor):
    past(home_la, leads=[cic_advisor])
    LaRole.objects.filter(user=cic_advisor).update(is_active=False)

    assert [row.recipient_id for row in due()] == [la_admin.pk]


@pytest.mark.parametrize("status", [Status.COMPLETE, Status.DEFERRED])
def test_complete_or_deferred_commitments_are_not_reminded(home_la, la_admin, status):
    past(home_la, status=status)

    assert due() == []


def test_nothing_before_the_date_has_passed(home_la, la_admin):
    past(home_la, days=0)

    assert due() == []


def test_a_new_timescale_makes_a_new_reminder_once_it_passes_too(home_la, la_admin):
    commitment = past(home_la, days=20)
    services.sweep(today=today())
    services.sweep(today=today())
    assert Notification.objects.filter(kind=PAST_TIMESCALE).count() == 1

    StrategyCommitment.objects.filter(pk=commitment.pk).update(
        timescale=today() - timedelta(days=1)
    )
    services.sweep(today=today())

    assert Notification.objects.filter(kind=PAST_TIMESCALE).count() == 2


@pytest.mark.parametrize("copies", [1, 6])
def test_the_rule_makes_the_same_queries_whatever_the_commitments(
    copies, home_la, la_admin, cic_advisor, django_assert_num_queries
):
    for number in range(copies):
        past(home_la, leads=[cic_advisor] if number % 2 else [])
    # the commitments, their leads, the LA administrators
    with django_assert_num_queries(3):
        rows = due()
    assert len(rows) == copies
