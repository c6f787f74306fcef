"""The daily digest: one e-mail per person, each notification e-mailed once, nothing lost."""

import threading
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.urls import reverse

from notifications import services, tasks
from notifications.models import Notification
from tests.factories.accounts import ChildFactory, UserFactory
from tests.factories.notifications import NotificationFactory
from tests.notifications.conftest import LONDON, NOW
from tests.notifications.failing_backend import WorkerKilled

FAILING = "tests.notifications.failing_backend.FailingBackend"
DYING = "tests.notifications.failing_backend.DyingBackend"
FAILS_AFTER_ONE = "tests.notifications.failing_backend.FailsAfterOneBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = LOCMEM
    settings.SITE_URL = "https://eyfs.example.org"


def unsent(user) -> int:
    return Notification.objects.filter(recipient=user, emailed_at__isnull=True).count()


def test_each_person_gets_one_email_listing_all_their_unsent_notifications(
    manager, key_person, care_setting
):
    overview = reverse("settings:overview", args=[care_setting.slug])
    NotificationFactory(recipient=manager, subject="Kai Smith has no key person", url=overview)
    NotificationFactory(recipient=manager, subject="Your first aid training expires soon")
    NotificationFactory(recipient=key_person, subject="Your safeguarding training expired")
    already = NotificationFactory(recipient=manager, subject="Old news", emailed_at=NOW)
    already.emailed_at = datetime(2026, 11, 20, 7, tzinfo=LONDON)
    already.save(update_fields=["emailed_at"])

    result = services.send_digests(now=NOW)

    assert (result.sent, result.notifications) == (2, 3)
    assert len(mail.outbox) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    to_manager = by_recipient[manager.email]
    assert to_manager.subject == "EYFS Portal: 2 reminders"
    assert "Kai Smith has no key person" in to_manager.body
    assert "Your first aid training expires soon" in to_manager.body
    assert "Old news" not in to_manager.body
    assert f"https://eyfs.example.org{overview}" in to_manager.body
    html = to_manager.alternatives[0][0]
    assert f'<a href="https://eyfs.example.org{overview}">Kai Smith has no key person</a>' in html
    assert "https://eyfs.example.org/notifications/" in html
    to_key_person = by_recipient[key_person.email]
    assert to_key_person.subject == "EYFS Portal reminder: Your safeguarding training expired"
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert set(
        Notification.objects.exclude(pk=already.pk).values_list("emailed_at", flat=True)
    ) == {NOW}


def test_a_second_run_sends_nothing(manager):
    NotificationFactory.create_batch(3, recipient=manager)

    services.send_digests(now=NOW)
    again = services.send_digests(now=NOW + timedelta(minutes=5))

    assert (again.sent, again.notifications) == (0, 0)
    assert len(mail.outbox) == 1


def test_a_person_gets_at_most_one_digest_a_day(manager, pinned_time):
    NotificationFactory(recipient=manager, subject="Morning reminder")
    services.send_digests(now=NOW)
    NotificationFactory(recipient=manager, subject="Afternoon reminder")

    later_today = services.send_digests(now=NOW + timedelta(hours=6))
    assert later_today.sent == 0
    assert unsent(manager) == 1

    tomorrow = datetime(2026, 11, 25, 7, tzinfo=LONDON)
    pinned_time.move_to(tomorrow)
    assert services.send_digests(now=tomorrow).sent == 1
    assert "Afternoon reminder" in mail.outbox[-1].body
    assert unsent(manager) == 0


def test_with_the_mail_server_down_nothing_is_marked_and_the_next_run_sends_once(
    settings, manager, key_person
):
    NotificationFactory.create_batch(2, recipient=manager)
    NotificationFactory(recipient=key_person)
    settings.EMAIL_BACKEND = FAILING

    with pytest.raises(OSError, match="mail server is down"):
        services.send_digests(now=NOW)

    assert Notification.objects.filter(emailed_at__isnull=True).count() == 3
    assert mail.outbox == []

    settings.EMAIL_BACKEND = LOCMEM
    later = NOW + timedelta(hours=1)
    result = services.send_digests(now=later)
    assert (result.sent, result.notifications) == (2, 3)
    assert services.send_digests(now=later + timedelta(hours=1)).sent == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [manager.email, key_person.email]
    )


def test_when_the_server_fails_mid_run_the_digests_already_sent_stay_sent(
    settings, manager, key_person
):
    NotificationFactory(recipient=manager)
    NotificationFactory(recipient=key_person)
    settings.EMAIL_BACKEND = FAILS_AFTER_ONE

    with pytest.raises(OSError, match="went away"):
        services.send_digests(now=NOW)

    assert len(mail.outbox) == 1
    first = mail.outbox[0].to[0]
    second = key_person if first == manager.email else manager
    assert Notification.objects.filter(emailed_at__isnull=True).get().recipient == second

    settings.EMAIL_BACKEND = LOCMEM
    assert services.send_digests(now=NOW + timedelta(minutes=10)).sent == 1
    assert [message.to[0] for message in mail.outbox] == [first, second.email]


@pytest.mark.usefixtures("core_rules_only")
def test_a_digest_interrupted_after_the_sweep_wrote_but_before_sending_is_sent_once_next_run(
    settings, manager, care_setting
):
    ChildFactory(
        care_setting=care_setting,
        date_of_birth=date(2024, 1, 5),
        start_date=date(2026, 10, 1),
        first_name="Kai",
        last_name="Smith",
    )
    services.sweep(today=date(2026, 11, 24))
    assert unsent(manager) == 1
    settings.EMAIL_BACKEND = DYING

    # The worker is killed while handing the e-mail to the server.
    with pytest.raises(WorkerKilled):
        services.send_digests(now=NOW)

    assert unsent(manager) == 1
    settings.EMAIL_BACKEND = LOCMEM
    assert services.send_digests(now=NOW + timedelta(hours=1)).sent == 1
    assert services.send_digests(now=NOW + timedelta(hours=2)).sent == 0
    assert len(mail.outbox) == 1
    assert "Kai Smith has had no key person for 54 days" in mail.outbox[0].body
    assert unsent(manager) == 0


def test_inactive_people_are_not_emailed(db):
    gone = UserFactory(is_active=False)
    NotificationFactory(recipient=gone)

    assert services.send_digests(now=NOW).sent == 0
    assert mail.outbox == []


def test_a_long_digest_lists_the_first_fifty_and_says_how_many_more(manager):
    NotificationFactory.create_batch(53, recipient=manager)

    result = services.send_digests(now=NOW)

    assert (result.sent, result.notifications) == (1, 53)
    assert mail.outbox[0].subject == "EYFS Portal: 53 reminders"
    assert "… and 3 more." in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks: it locks the database"
)
def test_two_workers_at_once_never_email_the_same_notifications(db, settings):
    """A second worker skips the rows another worker is still sending, then nothing is left."""
    settings.EMAIL_BACKEND = LOCMEM
    busy, free = UserFactory(), UserFactory()
    NotificationFactory.create_batch(2, recipient=busy)
    NotificationFactory(recipient=free)
    locked, release = threading.Event(), threading.Event()

    def other_worker() -> None:
        # Holds the busy person's rows as the first worker would while it sends.
        try:
            with transaction.atomic():
                list(
                    Notification.objects.filter(recipient=busy)
                    .select_for_update()
                    .values_list("pk", flat=True)
                )
                locked.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(timeout=10)
        result = services.send_digests(now=NOW)
    finally:
        release.set()
        thread.join()

    assert result.skipped == [busy.pk]
    assert [message.to for message in mail.outbox] == [[free.email]]
    assert unsent(busy) == 2
    assert services.send_digests(now=NOW).sent == 1
    assert services.send_digests(now=NOW).sent == 0
    assert [message.to for message in mail.outbox] == [[free.email], [busy.email]]


# --- The tasks --------------------------------------------------------------------------


def test_the_beat_schedule_names_tasks_that_exist(settings):
    from eyfs_portal.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        if entry["task"].startswith("notifications."):
            assert entry["task"] in app.tasks


@pytest.mark.usefixtures("core_rules_only")
def test_the_tasks_sweep_then_send(manager, care_setting):
    ChildFactory(
        care_setting=care_setting, date_of_birth=date(2024, 1, 5), start_date=date(2026, 10, 1)
    )

    assert tasks.sweep() == {"key_person.unallocated": 1, "training.expiring": 0}
    assert tasks.send_digests() == {"sent": 1, "notifications": 1}
    assert tasks.sweep() == {"key_person.unallocated": 0, "training.expiring": 0}
    assert tasks.send_digests() == {"sent": 0, "notifications": 0}


def test_the_digest_task_retries_when_the_mail_server_is_down(settings, manager):
    settings.EMAIL_BACKEND = FAILING
    NotificationFactory(recipient=manager)

    assert OSError in tasks.send_digests.autoretry_for
    result = tasks.send_digests.apply()

    # Eager retries run at once; after the last one the error is the result.
    assert isinstance(result.result, OSError)
    assert unsent(manager) == 1
