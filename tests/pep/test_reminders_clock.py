"""The clock's reminders: each fires on the right working day, once, to the right people.

Time is pinned per test. The CiC advisor of the responsible LA and the setting's manager
are told; the key person, the practitioner and other LAs' people are not.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import LaRole, LocalAuthority
from notifications import services
from notifications.models import Notification
from notifications.rules import RULES
from pep.clock.reminders import INITIAL_NOT_SCHEDULED, REVIEW_DUE, REVIEW_OVERDUE
from pep.models import Pep
from tests.factories.accounts import ChildFactory, LaRoleFactory
from tests.factories.pep import PepFactory

LONDON = ZoneInfo("Europe/London")
# Monday 16 March 2026; the LA reminds 10 working days ahead by default.
DUE = date(2026, 3, 16)


def sweep(kind: str, on: date) -> int:
    with time_machine.travel(datetime(on.year, on.month, on.day, 9, 0, tzinfo=LONDON), tick=False):
        return services.sweep(today=on, rules={kind: RULES[kind]})[kind]


@pytest.fixture
def review(key_child, manager, key_person, cic_advisor, other_la_admin, other_la):
    # An advisor of another LA, who must not be told.
    LaRoleFactory(local_authority=other_la, role=LaRole.Role.CIC_ADVISOR)
    return PepFactory(
        child=key_child,
        kind=Pep.Kind.REVIEW,
        status=Pep.Status.SCHEDULED,
        opened_on=date(2025, 9, 16),
        due_on=DUE,
    )


def told(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_review_due_fires_ten_working_days_ahead_once(review, manager, cic_advisor):
    # 2 March 2026 is 10 working days before Monday 16 March; Friday 27 February is 11.
    assert sweep(REVIEW_DUE, date(2026, 2, 27)) == 0
    assert sweep(REVIEW_DUE, date(2026, 3, 2)) == 2
    assert sweep(REVIEW_DUE, date(2026, 3, 2)) == 0
    assert sweep(REVIEW_DUE, date(2026, 3, 9)) == 0

    assert told(REVIEW_DUE) == {manager.pk, cic_advisor.pk}
    note = Notification.objects.get(kind=REVIEW_DUE, recipient=cic_advisor)
    assert note.subject == "Kai's PEP review is due by 16 March 2026"
    assert note.body == (
        "The PEP review for Kai at Acorn Day Nursery is due by 16 March 2026: "
        "10 working days left."
    )
    assert note.due_on == DUE
    # The advisor is sent to the LA side, the manager to the setting's.
    assert note.url.startswith("/la/northshire/")
    assert Notification.objects.get(kind=REVIEW_DUE, recipient=manager).url.startswith(
        "/settings/acorn-day-nursery/"
    )


def test_review_due_follows_the_las_reminder_days(review, home_la):
    LocalAuthority.objects.filter(pk=home_la.pk).update(pep_reminder_days=3)

    assert sweep(REVIEW_DUE, date(2026, 3, 10)) == 0
    # Three working days before Monday 16 March is Wednesday 11 March.
    assert sweep(REVIEW_DUE, date(2026, 3, 11)) == 2


def test_review_due_counts_working_days_across_easter(key_child, manager, cic_advisor):
    # Due Wednesday 15 April 2026: Good Friday 3 April and Easter Monday 6 April do not count,
    # so 10 working days ahead is Monday 30 March.
    PepFactory(child=key_child, kind=Pep.Kind.REVIEW, due_on=date(2026, 4, 15))

    assert sweep(REVIEW_DUE, date(2026, 3, 27)) == 0
    assert sweep(REVIEW_DUE, date(2026, 3, 30)) == 2


def test_a_signed_or_closed_pep_is_not_reminded(review, signed_pep):
    Pep.objects.filter(pk=review.pk).update(
        status=Pep.Status.CLOSED, closed_reason=Pep.ClosedReason.LEFT_CARE, is_current=False
    )
    Pep.objects.filter(pk=signed_pep.pk).update(due_on=DUE)

    assert sweep(REVIEW_DUE, date(2026, 3, 2)) == 0
    assert sweep(REVIEW_OVERDUE, date(2026, 3, 20)) == 0


def test_overdue_fires_on_the_first_working_day_after_the_due_date_once(
    key_child, manager, cic_advisor
):
    # Due Friday 13 March 2026: overdue from Monday 16 March, not over the weekend.
    PepFactory(child=key_child, kind=Pep.Kind.REVIEW, due_on=date(2026, 3, 13))

    assert sweep(REVIEW_OVERDUE, date(2026, 3, 13)) == 0
    assert sweep(REVIEW_OVERDUE, date(2026, 3, 14)) == 0
    assert sweep(REVIEW_OVERDUE, date(2026, 3, 15)) == 0
    assert sweep(REVIEW_OVERDUE, date(2026, 3, 16)) == 2
    assert sweep(REVIEW_OVERDUE, date(2026, 3, 17)) == 0

    note = Notification.objects.get(kind=REVIEW_OVERDUE, recipient=manager)
    assert note.subject == "Kai's PEP is overdue"
    assert "was due by 13 March 2026" in note.body
    assert told(REVIEW_OVERDUE) == {manager.pk, cic_advisor.pk}


def test_overdue_waits_for_the_bank_holiday_after_christmas(key_child, manager, cic_advisor):
    # Due Thursday 24 December 2026: Christmas Day and the Boxing Day substitute (Monday
    # 28) are not working days, so it is overdue from Tuesday 29 December.
    PepFactory(child=key_child, kind=Pep.Kind.INITIAL, due_on=date(2026, 12, 24))

    assert sweep(REVIEW_OVERDUE, date(2026, 12, 28)) == 0
    assert sweep(REVIEW_OVERDUE, date(2026, 12, 29)) == 2


def test_initial_not_scheduled_fires_near_the_deadline_while_no_meeting_is_set(
    key_child, manager, cic_advisor, key_person
):
    # An initial PEP due Wednesday 1 April 2026; 10 working days before is Wednesday 18 March.
    pep = PepFactory(child=key_child, kind=Pep.Kind.INITIAL, due_on=date(2026, 4, 1))

    assert sweep(INITIAL_NOT_SCHEDULED, date(2026, 3, 17)) == 0
    assert sweep(INITIAL_NOT_SCHEDULED, date(2026, 3, 18)) == 2
    assert sweep(INITIAL_NOT_SCHEDULED, date(2026, 3, 19)) == 0

    note = Notification.objects.get(kind=INITIAL_NOT_SCHEDULED, recipient=cic_advisor)
    assert note.subject == "Schedule Kai's PEP meeting"
    assert note.body == (
        "The initial PEP for Kai at Acorn Day Nursery is due by 1 April 2026 and no meeting "
        "is scheduled yet."
    )
    assert key_person.pk not in told(INITIAL_NOT_SCHEDULED)
    # Once a meeting is scheduled nothing more is written for it.
    Pep.objects.filter(pk=pep.pk).update(status=Pep.Status.SCHEDULED)
    Notification.objects.all().delete()
    assert sweep(INITIAL_NOT_SCHEDULED, date(2026, 3, 20)) == 0


def test_a_review_is_not_an_initial_pep_not_scheduled(review):
    assert sweep(INITIAL_NOT_SCHEDULED, date(2026, 3, 10)) == 0


def test_out_of_county_the_responsible_las_advisor_is_told(
    care_setting, other_la, manager, cic_advisor
):
    theirs = LaRoleFactory(local_authority=other_la, role=LaRole.Role.CIC_ADVISOR).user
    child = ChildFactory(care_setting=care_setting, looked_after=True, responsible_la=other_la)
    PepFactory(child=child, kind=Pep.Kind.CHANGE_OF_SETTING, due_on=date(2026, 3, 20))

    assert sweep(INITIAL_NOT_SCHEDULED, date(2026, 3, 16)) == 2

    assert told(INITIAL_NOT_SCHEDULED) == {manager.pk, theirs.pk}
    note = Notification.objects.get(recipient=theirs)
    assert note.url.startswith("/la/westvale/")
    assert "PEP after the change of setting" in note.body


@pytest.mark.parametrize("kind", [REVIEW_DUE, REVIEW_OVERDUE, INITIAL_NOT_SCHEDULED])
@pytest.mark.parametrize("rows", [2, 12])
def test_each_rule_makes_the_same_queries_whatever_the_number_of_peps(
    kind, rows, care_setting, manager, cic_advisor, django_assert_num_queries
):
    for kind_, due_on in (
        (Pep.Kind.REVIEW, date(2026, 3, 20)),  # due soon
        (Pep.Kind.REVIEW, date(2026, 3, 10)),  # overdue
        (Pep.Kind.INITIAL, date(2026, 3, 20)),  # not scheduled
    ):
        for _ in range(rows):
            child = ChildFactory(care_setting=care_setting, looked_after=True)
            PepFactory(child=child, kind=kind_, due_on=due_on)

    # The PEPs with child, setting and LA; the LA people; the managers.
    with (
        time_machine.travel(datetime(2026, 3, 16, 9, 0, tzinfo=LONDON), tick=False),
        django_assert_num_queries(3),
    ):
        found = list(RULES[kind].due(date(2026, 3, 16)))

    assert len(found) == 2 * rows
