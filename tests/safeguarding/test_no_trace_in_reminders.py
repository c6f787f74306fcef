"""Reminders about safeguarding records reach only readers of the log, and name nothing.

The key child gets a whole safeguarding log (``test_no_trace``), with concerns waiting past
the setting's time, a task owned by the key person (who may not read the log), conferences
coming up, a file waiting to be sent and allegations against the key person and against a
DSL. After the sweep and the daily digest, the practitioner and the key person have no
notification, e-mail or notification-list row about any of it, and the accused DSL none
about the allegation against them; the DSL and the manager, who are reminded, read no
child's name and no words of a record in a reminder, the notification list or an e-mail.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from notifications import services
from notifications.models import Notification
from safeguarding.models import Allegation, SafeguardingStatus, Transfer
from tests.factories.accounts import MembershipFactory
from tests.factories.safeguarding import (
    AllegationFactory,
    ConcernFactory,
    StatusTaskFactory,
)
from tests.safeguarding.test_no_trace import MARKER, give_the_key_child_a_safeguarding_log

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def accused_dsl(care_setting):
    return MembershipFactory(care_setting=care_setting, dsl=True).user


@pytest.fixture
def swept(key_child, key_person, practitioner, dsl, manager, accused_dsl):
    give_the_key_child_a_safeguarding_log(
        key_child=key_child, key_person=key_person, dsl=dsl, manager=manager
    )
    ConcernFactory(
        child=key_child,
        raised_by=practitioner,
        raised_at=NOW - timedelta(days=3),
        text=f"{MARKER} waiting",
    )
    plan = SafeguardingStatus.objects.get(child=key_child)
    SafeguardingStatus.objects.filter(pk=plan.pk).update(
        next_core_group_on=NOW.date() + timedelta(days=2)
    )
    StatusTaskFactory(
        status=plan,
        owner=practitioner,
        due_on=NOW.date() - timedelta(days=1),
        text=f"{MARKER} overdue task",
    )
    StatusTaskFactory(status=plan, owner=key_person, due_on=NOW.date())
    Transfer.objects.filter(child=key_child).update(due_on=NOW.date() - timedelta(days=1))
    AllegationFactory(
        care_setting=key_child.care_setting,
        staff_member=accused_dsl,
        received_on=NOW.date() - timedelta(days=12),
        summary=f"{MARKER} allegation against a DSL",
    )
    services.sweep(today=NOW.date())
    services.send_digests(now=NOW)
    return key_child


def test_the_readers_of_the_log_are_reminded(swept, dsl, manager):
    kinds = set(Notification.objects.filter(recipient=dsl).values_list("kind", flat=True))

    assert {
        "safeguarding.concern",
        "safeguarding.concern_overdue",
        "safeguarding.task_due",
        "safeguarding.meeting_due",
        "safeguarding.allegation_ofsted",
        "safeguarding.allegation_lado",
    } <= kinds
    assert Notification.objects.filter(recipient=manager, kind__startswith="safeguarding.")
    assert {message.to[0] for message in mail.outbox} >= {dsl.email, manager.email}


@pytest.mark.parametrize("persona", ["practitioner", "key_person"])
def test_staff_who_may_not_read_the_log_get_no_reminder_email_or_list_row_about_it(
    request, swept, client_as, persona
):
    user = request.getfixturevalue(persona)

    page = client_as(user).get(reverse("notifications:list")).content.decode().lower()
    emails = "".join(m.subject + m.body for m in mail.outbox if user.email in m.to).lower()

    assert not Notification.objects.filter(recipient=user, kind__startswith="safeguarding.")
    for word in ("safeguarding", "concern", "allegation", "ofsted", "lado", "core group"):
        assert word not in page + emails, word


def test_a_dsl_an_allegation_is_about_is_reminded_of_others_never_of_theirs(
    swept, client_as, accused_dsl, dsl
):
    theirs = Allegation.objects.get(staff_member=accused_dsl)
    made = f"{theirs.received_on:%-d %B %Y}"

    page = client_as(accused_dsl).get(reverse("notifications:list")).content.decode()
    emails = "".join(m.subject + m.body for m in mail.outbox if accused_dsl.email in m.to)

    about_theirs = Notification.objects.filter(dedup_key__contains=f"allegation-{theirs.pk}-")
    assert about_theirs.filter(recipient=dsl)
    assert not about_theirs.filter(recipient=accused_dsl)
    # They read the log, so the allegation against the key person reaches them.
    assert Notification.objects.filter(recipient=accused_dsl, kind__contains="allegation")
    assert made not in page and made not in emails


@pytest.mark.parametrize("persona", ["dsl", "manager"])
def test_reminders_name_no_child_and_quote_no_record(request, swept, client_as, persona):
    user = request.getfixturevalue(persona)
    child_names = {swept.first_name.lower(), swept.last_name.lower()}
    page = client_as(user).get(reverse("notifications:list")).content.decode()
    sent = [
        f"{message.subject}\n{message.body}\n"
        + "".join(str(content) for content, _ in getattr(message, "alternatives", []))
        for message in mail.outbox
        if user.email in message.to
    ]
    reminders = [
        f"{subject}\n{body}"
        for subject, body in Notification.objects.filter(
            recipient=user, kind__startswith="safeguarding."
        ).values_list("subject", "body")
    ]

    assert sent and reminders
    for text in [page, *sent, *reminders]:
        assert MARKER.lower() not in text.lower()
    # Other reminders about the child (a progress check) name them; these never do.
    for text in reminders:
        assert not [name for name in child_names if name in text.lower()], text
