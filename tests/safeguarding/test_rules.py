"""The ``safeguarding.concern`` rule: every concern not yet reviewed reaches the DSL, once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services
from notifications.models import Notification
from notifications.rules import RULES
from tests.factories.accounts import CareSettingFactory, ChildFactory, MembershipFactory
from tests.factories.safeguarding import ConcernFactory

TODAY = date(2026, 11, 24)
KIND = "safeguarding.concern"


@pytest.fixture(autouse=True)
def pinned_time():
    """Stop the clock on the Tuesday morning the reminder tests share."""
    with time_machine.travel(
        datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        yield


def sweep() -> int:
    return services.sweep(today=TODAY, rules={KIND: RULES[KIND]})[KIND]


def test_each_dsl_is_told_once_and_not_the_manager(dsl, manager, key_child):
    second_dsl = MembershipFactory(care_setting=key_child.care_setting, dsl=True).user
    referral = ConcernFactory(child=key_child)

    assert sweep() == 2
    assert sweep() == 0

    notes = Notification.objects.filter(kind=KIND)
    assert {note.recipient for note in notes} == {dsl, second_dsl}
    note = notes.first()
    assert note.url == reverse(
        "settings:safeguarding:concern_detail", args=[key_child.care_setting.slug, referral.pk]
    )
    # Notifications reach e-mail digests: they name neither the child nor the concern.
    assert str(key_child) not in note.subject + note.body
    assert referral.text not in note.subject + note.body
    assert note.dedup_key.startswith(f"{KIND}:concern-{referral.pk}:")


def test_the_manager_is_told_where_there_is_no_dsl(manager, key_child):
    ConcernFactory(child=key_child)

    assert sweep() == 1
    assert Notification.objects.get(kind=KIND).recipient == manager


def test_an_acknowledged_worry_is_not_reminded(dsl, key_child):
    ConcernFactory(child=key_child, acknowledged_at="2026-11-23T10:00:00Z")

    assert sweep() == 0


def test_a_dsl_who_left_is_not_told(manager, key_child):
    MembershipFactory(care_setting=key_child.care_setting, dsl=True, is_active=False)
    ConcernFactory(child=key_child)

    sweep()

    assert Notification.objects.get(kind=KIND).recipient == manager


def test_the_rule_makes_three_queries_whatever_the_number_of_worries(db):
    for _ in range(2):
        setting = CareSettingFactory()
        MembershipFactory(care_setting=setting, dsl=True)
        MembershipFactory(care_setting=setting, manager=True)
        ConcernFactory.create_batch(3, child=ChildFactory(care_setting=setting))
    other = CareSettingFactory()
    MembershipFactory(care_setting=other, manager=True)
    ConcernFactory.create_batch(5, child__care_setting=other)

    with CaptureQueriesContext(connection) as small:
        due_small = list(RULES[KIND].due(TODAY))
    ConcernFactory.create_batch(20, child__care_setting=other)
    with CaptureQueriesContext(connection) as large:
        due_large = list(RULES[KIND].due(TODAY))

    # worries with children and settings, the DSLs, the managers of settings without one
    assert len(small) == len(large) == 3
    assert len(due_small) == 11 and len(due_large) == 31
