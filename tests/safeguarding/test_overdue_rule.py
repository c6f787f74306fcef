"""The ``safeguarding.concern_overdue`` rule: a concern not reviewed in the setting's time.

Past the setting's ``concern_review_hours`` the DSL is reminded (the managers where there
is no DSL); past twice that time the managers are reminded too, under their own subject.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import CareSetting
from notifications import services
from notifications.models import Notification
from notifications.rules import RULES
from tests.factories.accounts import CareSettingFactory, ChildFactory, MembershipFactory
from tests.factories.safeguarding import ConcernFactory

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()
KIND = "safeguarding.concern_overdue"


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


def sweep(today: date = TODAY) -> int:
    return services.sweep(today=today, rules={KIND: RULES[KIND]})[KIND]


def raised(child, hours: float, **kwargs):
    return ConcernFactory(child=child, raised_at=NOW - timedelta(hours=hours), **kwargs)


def test_a_concern_within_the_hours_reminds_nobody(dsl, manager, key_child):
    raised(key_child, hours=23)

    assert sweep() == 0


def test_past_the_hours_the_dsl_is_reminded_once_and_not_the_manager(dsl, manager, key_child):
    concern = raised(key_child, hours=25)

    assert sweep() == 1
    assert sweep() == 0
    note = Notification.objects.get(kind=KIND)
    assert note.recipient == dsl
    assert note.dedup_key.startswith(f"{KIND}:concern-overdue-{concern.pk}:")
    assert note.due_on == timezone.localdate(concern.raised_at + timedelta(hours=24))
    assert str(key_child) not in note.subject + note.body
    assert concern.text not in note.subject + note.body


def test_past_twice_the_hours_the_managers_are_reminded_too(dsl, manager, key_child):
    concern = raised(key_child, hours=49)

    assert sweep() == 2
    by_recipient = {note.recipient: note for note in Notification.objects.filter(kind=KIND)}
    assert set(by_recipient) == {dsl, manager}
    assert f"concern-overdue-manager-{concern.pk}" in by_recipient[manager].dedup_key
    assert "still not been reviewed" in by_recipient[manager].subject


def test_the_settings_own_hours_count(dsl, manager, key_child):
    CareSetting.objects.filter(pk=key_child.care_setting_id).update(concern_review_hours=4)
    raised(key_child, hours=5)
    raised(key_child, hours=9)

    assert sweep() == 3  # both to the DSL, the older also to the manager


def test_where_there_is_no_dsl_the_manager_is_reminded_at_the_first_step(manager, key_child):
    raised(key_child, hours=25)

    assert sweep() == 1
    assert Notification.objects.get(kind=KIND).recipient == manager


def test_a_reviewed_or_closed_concern_or_an_inactive_setting_reminds_nobody(
    dsl, manager, key_child
):
    raised(key_child, hours=100, reviewed=True)
    raised(key_child, hours=100, referred=True)
    closed_setting = CareSettingFactory(is_active=False)
    MembershipFactory(care_setting=closed_setting, dsl=True)
    raised(ChildFactory(care_setting=closed_setting), hours=100)

    assert sweep() == 0


def test_a_sweep_for_a_past_day_weighs_the_hours_at_the_end_of_that_day(dsl, key_child):
    raised(key_child, hours=20)  # raised at 13:30 yesterday: due at 13:30 today

    assert sweep(TODAY - timedelta(days=1)) == 0
    assert sweep(TODAY) == 0
    with time_machine.travel(NOW + timedelta(hours=5), tick=False):
        assert sweep(TODAY) == 1


def test_the_rule_is_set_based(dsl, manager, care_setting):
    for _ in range(6):
        raised(ChildFactory(care_setting=care_setting), hours=60)
    other = CareSettingFactory()
    MembershipFactory(care_setting=other, manager=True)
    raised(ChildFactory(care_setting=other), hours=60)

    with CaptureQueriesContext(connection) as queries:
        found = list(RULES[KIND].due(TODAY))

    # the concerns with their settings' hours, the DSLs, the managers
    assert len(queries) == 3
    assert len(found) == 6 * 2 + 2  # the other setting has no DSL: its manager twice
