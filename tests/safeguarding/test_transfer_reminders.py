"""Reminders of safeguarding files: not sent by the due date, receipt overdue; no child named."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import services
from notifications.models import Notification
from notifications.rules import RULES
from safeguarding.transfer.reminders import (
    TRANSFER_DUE,
    TRANSFER_RECEIVED,
    TRANSFER_TO_SEND,
    TRANSFER_UNACKNOWLEDGED,
)
from tests.factories.accounts import ChildFactory, MembershipFactory
from tests.factories.safeguarding import TransferFactory
from tests.safeguarding.transfer_helpers import NOW

TODAY = NOW.date()  # Tuesday 24 November 2026


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


def sweep(kind: str) -> list[Notification]:
    services.sweep(today=TODAY, rules={kind: RULES[kind]})
    return list(Notification.objects.filter(kind=kind).order_by("pk"))


def sent_to(other_setting, care_setting, days_ago: int, **extra):
    return TransferFactory(
        child=ChildFactory(care_setting=other_setting),
        from_setting=care_setting,
        to_setting=other_setting,
        destination="",
        sent=True,
        sent_at=timezone.now() - timedelta(days=days_ago),
        **extra,
    )


def test_a_file_not_sent_by_its_due_date_reminds_the_sending_dsl(dsl, manager, key_child):
    TransferFactory(child=key_child, due_on=TODAY - timedelta(days=1))
    TransferFactory(child=ChildFactory(care_setting=key_child.care_setting), due_on=TODAY)

    notes = sweep(TRANSFER_DUE)

    assert [note.recipient for note in notes] == [dsl]
    assert key_child.first_name not in f"{notes[0].subject} {notes[0].body}"


def test_a_file_to_send_is_announced_from_the_day_it_opens_until_it_is_sent(
    dsl, key_child, care_setting
):
    waiting = TransferFactory(child=key_child, due_on=TODAY + timedelta(days=7))
    TransferFactory(child=ChildFactory(care_setting=care_setting), sent=True)
    TransferFactory(
        child=ChildFactory(care_setting=care_setting), created_at=NOW + timedelta(days=1)
    )

    notes = sweep(TRANSFER_TO_SEND)

    assert [(note.recipient, note.due_on) for note in notes] == [(dsl, waiting.due_on)]
    assert notes[0].url.endswith(f"/safeguarding/transfers/{waiting.pk}/send/")


def test_without_a_dsl_the_managers_are_reminded(manager, key_child):
    TransferFactory(child=key_child, due_on=TODAY - timedelta(days=1))

    assert [note.recipient for note in sweep(TRANSFER_DUE)] == [manager]


def test_a_receipt_overdue_reminds_both_settings_dsls_separately(
    dsl, care_setting, other_setting, other_manager
):
    other_dsl = MembershipFactory(care_setting=other_setting, dsl=True).user
    # Sent Monday 16 November: 5 working days on is Monday 23 November, passed.
    late = sent_to(other_setting, care_setting, days_ago=8)
    # Sent Wednesday 18 November: due Wednesday 25 November, not yet.
    sent_to(other_setting, care_setting, days_ago=6)
    sent_to(other_setting, care_setting, days_ago=9, acknowledged_at=timezone.now())

    notes = sweep(TRANSFER_UNACKNOWLEDGED)

    assert {(note.recipient, note.url) for note in notes} == {
        (dsl, f"/settings/{care_setting.slug}/safeguarding/transfers/{late.pk}/"),
        (other_dsl, f"/settings/{other_setting.slug}/safeguarding/transfers/{late.pk}/"),
    }
    assert len({note.dedup_key for note in notes}) == 2
    assert all(note.due_on == date(2026, 11, 23) for note in notes)
    assert all(late.child.first_name not in f"{n.subject} {n.body}" for n in notes)


def test_a_file_sent_off_the_portal_waits_for_no_receipt(dsl, care_setting, key_child):
    TransferFactory(child=key_child, sent=True, sent_at=timezone.now() - timedelta(days=20))

    assert sweep(TRANSFER_UNACKNOWLEDGED) == []
    assert sweep(TRANSFER_RECEIVED) == []


@pytest.mark.parametrize(
    "kind", [TRANSFER_TO_SEND, TRANSFER_DUE, TRANSFER_RECEIVED, TRANSFER_UNACKNOWLEDGED]
)
def test_each_rule_makes_the_same_queries_whatever_the_number_of_files(
    kind, dsl, care_setting, other_setting, other_manager
):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            list(RULES[kind].due(TODAY))
        return len(captured)

    TransferFactory(child=ChildFactory(care_setting=care_setting), due_on=TODAY - timedelta(1))
    sent_to(other_setting, care_setting, days_ago=8)
    few = count()
    for _ in range(3):
        TransferFactory(
            child=ChildFactory(care_setting=care_setting), due_on=TODAY - timedelta(days=1)
        )
        sent_to(other_setting, care_setting, days_ago=8)
    # The transfers, the DSLs, the managers of settings without a DSL.
    assert count() == few <= 3
