"""A worry passed to the DSL reaches them at once: in the app in the same transaction, by an
e-mail naming no child once it commits, and on their landing page until acknowledged.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications import services, tasks
from notifications.models import Notification
from notifications.rules import RULES
from safeguarding.concerns import services as concern_services
from safeguarding.models import Concern
from tests.factories.accounts import MembershipFactory
from tests.factories.learning_journey import framework_areas
from tests.factories.safeguarding import ConcernFactory

KIND = "safeguarding.concern"
WORRY = "Flinched when I raised my hand to wave"
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def raise_worry(child, by):
    return concern_services.concern_raise(child=child, by=by, text=WORRY)


def test_the_dsl_is_told_in_the_app_in_the_same_transaction(dsl, manager, key_child, key_person):
    with transaction.atomic():
        referral = raise_worry(key_child, key_person)
        note = Notification.objects.get(kind=KIND)

    assert note.recipient == dsl
    assert note.dedup_key.startswith(f"{KIND}:concern-{referral.pk}:")
    assert note.url == reverse(
        "settings:safeguarding:concern_detail", args=[key_child.care_setting.slug, referral.pk]
    )
    # The sweep writes the very same row: nothing new, however often it runs.
    assert services.sweep(today=NOW.date(), rules={KIND: RULES[KIND]}) == {KIND: 0}


def test_a_worry_rolled_back_leaves_no_notification(dsl, key_child, key_person):
    with pytest.raises(RuntimeError), transaction.atomic():
        raise_worry(key_child, key_person)
        raise RuntimeError("the observation could not be saved")

    assert not Notification.objects.exists()


def test_the_e_mail_is_queued_on_commit_and_names_no_child_and_no_worry(
    eager, dsl, key_child, key_person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        raise_worry(key_child, key_person)

    assert len(callbacks) == 1
    assert mail.outbox == []
    callbacks[0]()
    [email] = mail.outbox
    assert email.to == [dsl.email]
    html = email.alternatives[0][0]
    for text in (email.subject, email.body, html):
        assert key_child.first_name not in text
        assert key_child.last_name not in text
        assert "Flinched" not in text
    assert "A concern about a child's welfare has been passed to you at Acorn Day Nursery" in (
        email.body
    )
    assert "Sign in" in email.body
    link = re.search(r"https?://\S+", email.body).group(0)
    concern = Concern.objects.get()
    assert link.endswith(
        reverse(
            "settings:safeguarding:concern_detail", args=[key_child.care_setting.slug, concern.pk]
        )
    )
    assert Notification.objects.get(kind=KIND).alerted_at == timezone.now()


def test_the_alert_is_sent_once_however_often_the_task_runs(
    eager, dsl, key_child, key_person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        raise_worry(key_child, key_person)
    ids = list(Notification.objects.values_list("pk", flat=True))

    assert services.send_alerts(notification_ids=ids, now=timezone.now()) == 0
    assert len(mail.outbox) == 1


def test_with_the_broker_down_the_worry_is_kept_and_the_digest_will_carry_it(
    dsl, key_child, key_person, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_alerts, "delay", broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        referral = raise_worry(key_child, key_person)

    assert referral.pk is not None
    note = Notification.objects.get(kind=KIND)
    assert (note.recipient, note.alerted_at, note.emailed_at) == (dsl, None, None)


def test_without_a_dsl_the_managers_are_alerted(
    eager, manager, key_child, key_person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        raise_worry(key_child, key_person)

    assert Notification.objects.get(kind=KIND).recipient == manager
    assert [email.to for email in mail.outbox] == [[manager.email]]


def test_every_dsl_of_the_setting_is_alerted(
    eager, dsl, key_child, key_person, django_capture_on_commit_callbacks
):
    second = MembershipFactory(care_setting=key_child.care_setting, dsl=True).user

    with django_capture_on_commit_callbacks(execute=True):
        raise_worry(key_child, key_person)

    assert sorted(email.to[0] for email in mail.outbox) == sorted([dsl.email, second.email])


def test_a_worry_written_with_an_observation_reaches_the_dsl_before_the_next_sweep(
    eager, client_as, dsl, key_person, key_child, django_capture_on_commit_callbacks
):
    areas = framework_areas()
    data = {
        "children": [str(key_child.pk)],
        "observed_on_0": str(NOW.day),
        "observed_on_1": str(NOW.month),
        "observed_on_2": str(NOW.year),
        "text": "Poured water between jugs and said 'more, more!'",
        "areas": [str(areas["CL"].pk)],
        "status": "published",
        "concern": WORRY,
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(key_person).post(
            reverse("settings:learning:observation_add", args=[key_child.care_setting.slug]),
            data,
            follow=True,
        )

    assert "The designated safeguarding lead has been told about your concern" in (
        response.content.decode()
    )
    assert Notification.objects.get(kind=KIND).recipient == dsl
    assert [email.to for email in mail.outbox] == [[dsl.email]]


# --- The DSL's landing page -----------------------------------------------------------------


def my_key_children(care_setting) -> str:
    return reverse("settings:my_key_children", args=[care_setting.slug])


def test_the_dsl_lands_on_the_worries_waiting_for_them(client_as, dsl, key_child, care_setting):
    ConcernFactory.create_batch(2, child=key_child)
    ConcernFactory(child=key_child, acknowledged_at=timezone.now())

    page = client_as(dsl).get(my_key_children(care_setting)).content.decode()

    assert "Safeguarding concerns waiting for review" in page
    assert "2 concerns about a child's welfare are waiting for you" in page
    assert reverse("settings:safeguarding:concern_list", args=[care_setting.slug]) in page
    assert key_child.last_name not in page


def test_the_dsl_is_told_when_no_worry_is_waiting(client_as, dsl, care_setting):
    page = client_as(dsl).get(my_key_children(care_setting)).content.decode()

    assert "No concerns are waiting for review." in page


def test_staff_without_the_right_see_no_concerns_panel(
    client_as, practitioner, key_person, key_child, care_setting
):
    ConcernFactory(child=key_child)

    for person in (practitioner, key_person):
        page = client_as(person).get(my_key_children(care_setting)).content.decode()
        assert "Safeguarding concerns waiting for review" not in page
        list_url = reverse("settings:safeguarding:concern_list", args=[care_setting.slug])
        assert f'href="{list_url}"' not in page


@pytest.mark.parametrize("rows", [2, 22])
def test_the_dsls_landing_page_queries_are_flat(
    rows, client_as, dsl, key_child, care_setting, django_assert_num_queries
):
    ConcernFactory.create_batch(rows, child=key_child)
    client = client_as(dsl)
    # session, user, setting with LA, membership, LA roles, key and buddy children (none),
    # own training due, DSL names, the key children's PEPs (none), the worries waiting,
    # unread notifications, savepoint, session save, release
    with django_assert_num_queries(14):
        assert client.get(my_key_children(care_setting)).status_code == 200


def test_the_morning_digest_names_no_child_and_no_one_who_raised_a_worry(
    dsl, key_child, key_person
):
    raise_worry(key_child, key_person)

    services.send_digests(now=timezone.now())

    [email] = mail.outbox
    note = Notification.objects.get(kind=KIND)
    for text in (email.subject, email.body, email.alternatives[0][0], note.subject, note.body):
        assert key_child.first_name not in text
        assert key_child.last_name not in text
        assert key_person.full_name not in text
    assert "A concern about a child's welfare has been passed to you" in email.body
