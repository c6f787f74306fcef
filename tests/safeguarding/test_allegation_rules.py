"""Reminders about allegations against staff: Ofsted not told of serious harm (from the day
it was made, and again as the 14th day approaches), the LADO not told after one working
day. The readers are told; the member of staff concerned never is. Time pinned.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services
from notifications.models import Notification
from notifications.rules import RULES
from safeguarding.allegations.reminders import ALLEGATION_LADO, ALLEGATION_OFSTED
from tests.factories.accounts import CareSettingFactory, MembershipFactory
from tests.factories.safeguarding import AllegationFactory

TODAY = date(2026, 11, 24)  # a Tuesday


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(
        datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        yield


def sweep(kind: str, today: date = TODAY) -> int:
    return services.sweep(today=today, rules={kind: RULES[kind]})[kind]


def about(user, care_setting, **extra):
    return AllegationFactory(care_setting=care_setting, staff_member=user, **extra)


# --- Ofsted -------------------------------------------------------------------------------


def test_ofsted_not_told_reminds_the_readers_from_the_day_it_was_made(
    manager, dsl, practitioner, care_setting
):
    allegation = about(practitioner, care_setting, received_on=TODAY)

    assert sweep(ALLEGATION_OFSTED) == 2
    assert sweep(ALLEGATION_OFSTED) == 0

    notes = Notification.objects.filter(kind=ALLEGATION_OFSTED)
    assert {note.recipient for note in notes} == {manager, dsl}
    note = notes.first()
    assert note.due_on == TODAY
    assert note.url == reverse(
        "settings:safeguarding:allegation_detail", args=[care_setting.slug, allegation.pk]
    )
    # No name, no words of the allegation: notifications reach e-mail digests.
    assert practitioner.full_name not in note.subject + note.body
    assert allegation.summary not in note.subject + note.body
    assert "8 December 2026" in note.body


def test_ofsted_is_reminded_again_as_the_fourteenth_day_approaches(
    manager, dsl, practitioner, care_setting
):
    about(practitioner, care_setting, received_on=TODAY - timedelta(days=9))

    sweep(ALLEGATION_OFSTED)
    assert Notification.objects.filter(kind=ALLEGATION_OFSTED).count() == 2  # day 0 only
    sweep(ALLEGATION_OFSTED, today=TODAY + timedelta(days=1))

    deadline = TODAY + timedelta(days=5)
    notes = Notification.objects.filter(kind=ALLEGATION_OFSTED, due_on=deadline)
    assert {note.recipient for note in notes} == {manager, dsl}
    assert len({note.dedup_key for note in Notification.objects.all()}) == 4
    assert "by 29 November 2026" in notes.first().subject


def test_ofsted_told_or_no_serious_harm_stops_the_reminders(
    manager, dsl, practitioner, care_setting
):
    about(practitioner, care_setting, received_on=TODAY, ofsted_notified_on=TODAY)
    about(practitioner, care_setting, received_on=TODAY, serious_harm=False)

    assert sweep(ALLEGATION_OFSTED) == 0


@pytest.mark.parametrize("flag", ["dsl", "manager"])
def test_the_accused_is_never_told_even_as_a_dsl_or_manager(manager, dsl, care_setting, flag):
    accused = MembershipFactory(care_setting=care_setting, **{flag: True}).user
    about(accused, care_setting, received_on=TODAY - timedelta(days=12))

    sweep(ALLEGATION_OFSTED)
    sweep(ALLEGATION_LADO)

    assert Notification.objects.exists()
    assert not Notification.objects.filter(recipient=accused).exists()


def test_the_ofsted_rule_reads_two_queries_whatever_the_number(
    manager, dsl, practitioner, care_setting
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            list(RULES[ALLEGATION_OFSTED].due(TODAY))
        return len(captured)

    about(practitioner, care_setting, received_on=TODAY)
    one = queries()
    for _ in range(4):
        elsewhere = CareSettingFactory()
        about(MembershipFactory(care_setting=elsewhere).user, elsewhere, received_on=TODAY)
        MembershipFactory(care_setting=elsewhere, manager=True)

    assert queries() == one == 2


# --- LADO --------------------------------------------------------------------------------


def test_the_lado_reminder_waits_one_working_day(manager, dsl, practitioner, care_setting):
    friday = date(2026, 11, 20)
    about(practitioner, care_setting, received_on=friday)

    assert sweep(ALLEGATION_LADO, today=friday) == 0
    assert sweep(ALLEGATION_LADO, today=date(2026, 11, 23)) == 2  # Monday: a working day on

    note = Notification.objects.filter(kind=ALLEGATION_LADO).first()
    assert note.due_on == date(2026, 11, 23)
    assert "23 November 2026" in note.body and "LADO" in note.subject


def test_the_lado_referred_stops_the_reminder(manager, dsl, practitioner, care_setting):
    about(
        practitioner, care_setting, received_on=TODAY - timedelta(days=5), lado_referred_on=TODAY
    )

    assert sweep(ALLEGATION_LADO) == 0


def test_a_closed_setting_is_not_reminded(manager, dsl, practitioner, care_setting):
    about(practitioner, care_setting, received_on=TODAY - timedelta(days=5))
    type(care_setting).objects.filter(pk=care_setting.pk).update(is_active=False)

    assert sweep(ALLEGATION_LADO) == 0
    assert sweep(ALLEGATION_OFSTED) == 0
