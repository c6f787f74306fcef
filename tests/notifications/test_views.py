"""The notification list, opening one, marking all read, and the unread count in the header."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from bench.budgets import PINNED
from notifications.context_processors import unread
from notifications.models import Notification
from tests.factories.accounts import ChildFactory
from tests.factories.notifications import NotificationFactory

PROCESSOR = "notifications.context_processors.unread"


@pytest.fixture
def with_unread_processor(settings):
    """The header's count, as the lead registers it in TEMPLATES."""
    templates = [dict(settings.TEMPLATES[0])]
    options = dict(templates[0]["OPTIONS"])
    if PROCESSOR not in options["context_processors"]:
        options["context_processors"] = [*options["context_processors"], PROCESSOR]
    templates[0]["OPTIONS"] = options
    settings.TEMPLATES = templates


def test_the_list_shows_only_my_notifications_newest_first_with_unread_tagged(
    client_as, manager, key_person
):
    older = NotificationFactory(
        recipient=manager,
        subject="Older and read",
        created_at=timezone.now() - timedelta(days=2),
        read_at=timezone.now(),
    )
    newer = NotificationFactory(recipient=manager, subject="Newer and unread")
    NotificationFactory(recipient=key_person, subject="Someone else's")

    response = client_as(manager).get(reverse("notifications:list"))

    assert response.status_code == 200
    assert list(response.context["page"]) == [newer, older]
    html = response.content.decode()
    assert "Someone else&#x27;s" not in html
    assert "<strong>Newer and unread</strong>" in html
    assert 'govuk-tag--blue">Unread' in html
    assert 'govuk-tag--grey">Read' in html
    assert "Mark all as read" in html
    assert 'Notifications (1<span class="govuk-visually-hidden"> unread</span>)' in html


def test_an_empty_list_says_so(client_as, manager):
    response = client_as(manager).get(reverse("notifications:list"))

    assert "You have no notifications." in response.content.decode()
    assert "Mark all as read" not in response.content.decode()


def test_the_list_is_paginated(client_as, manager):
    NotificationFactory.create_batch(30, recipient=manager)
    client = client_as(manager)

    first = client.get(reverse("notifications:list"))
    second = client.get(reverse("notifications:list"), {"page": 2})

    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5
    assert "Page 2 of 2" in second.content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(
    client_as, manager, care_setting
):
    url = reverse("settings:overview", args=[care_setting.slug])
    notification = NotificationFactory(recipient=manager, url=url)

    response = client_as(manager).post(reverse("notifications:read", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == url
    notification.refresh_from_db()
    assert notification.read_at == timezone.now()


def test_opening_it_again_keeps_the_first_time_it_was_read(client_as, manager, pinned_time):
    notification = NotificationFactory(recipient=manager)
    client = client_as(manager)
    client.post(reverse("notifications:read", args=[notification.pk]))
    first_read = timezone.now()

    pinned_time.shift(timedelta(hours=3))
    client.post(reverse("notifications:read", args=[notification.pk]))

    notification.refresh_from_db()
    assert notification.read_at == first_read


@pytest.mark.parametrize(
    "url",
    ["", "https://evil.example/phish", "//evil.example/phish", "/\\evil.example", "javascript:x"],
)
def test_a_notification_without_a_local_page_goes_back_to_the_list(client_as, manager, url):
    notification = NotificationFactory(recipient=manager, url=url)

    response = client_as(manager).post(reverse("notifications:read", args=[notification.pk]))

    assert response["Location"] == reverse("notifications:list")


def test_someone_elses_notification_is_not_found_and_stays_unread(client_as, manager, key_person):
    theirs = NotificationFactory(recipient=key_person)

    response = client_as(manager).post(reverse("notifications:read", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_signed_out_posts_go_to_sign_in(client, manager):
    notification = NotificationFactory(recipient=manager)

    for url in (
        reverse("notifications:read", args=[notification.pk]),
        reverse("notifications:read_all"),
    ):
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_as_read_marks_only_mine(client_as, manager, key_person):
    NotificationFactory.create_batch(3, recipient=manager)
    NotificationFactory(recipient=key_person)

    response = client_as(manager).post(reverse("notifications:read_all"), follow=True)

    assert response.redirect_chain == [(reverse("notifications:list"), 302)]
    assert "3 notifications marked as read" in response.content.decode()
    assert not Notification.objects.filter(recipient=manager, read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=key_person).read_at is None


# --- The header -------------------------------------------------------------------------


def test_every_page_shows_the_unread_count_in_the_header(
    with_unread_processor, client_as, manager
):
    NotificationFactory.create_batch(3, recipient=manager)
    NotificationFactory(recipient=manager, read_at=timezone.now())

    html = client_as(manager).get(reverse("accounts:password_change")).content.decode()

    link = reverse("notifications:list")
    assert (
        f'<a class="govuk-header__link" href="{link}">Notifications'
        f' (3<span class="govuk-visually-hidden"> unread</span>)</a>'
    ) in html


def test_with_nothing_unread_the_header_link_has_no_count(
    with_unread_processor, client_as, manager
):
    html = client_as(manager).get(reverse("accounts:password_change")).content.decode()

    assert f'href="{reverse("notifications:list")}">Notifications</a>' in html


def test_the_header_link_is_marked_current_on_the_list(client_as, manager):
    html = client_as(manager).get(reverse("notifications:list")).content.decode()

    assert f'href="{reverse("notifications:list")}" aria-current="page">Notifications' in html


def test_the_unread_count_makes_no_query_when_signed_out(db, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread(request)["notifications_unread"] == 0


def test_the_unread_count_is_one_query_and_only_when_shown(manager, django_assert_num_queries):
    NotificationFactory.create_batch(2, recipient=manager)
    request = RequestFactory().get("/")
    request.user = manager

    with django_assert_num_queries(0):
        count = unread(request)["notifications_unread"]
    with django_assert_num_queries(1):
        assert count == 2
        assert f"{count}" == "2"
        assert bool(count)


@pytest.mark.parametrize("rows", [2, 22])
def test_the_list_queries_are_flat(
    rows, with_unread_processor, client_as, manager, django_assert_num_queries
):
    NotificationFactory.create_batch(rows, recipient=manager)
    NotificationFactory.create_batch(rows, recipient=manager, read_at=timezone.now())
    client = client_as(manager)
    # session, user, page count, page rows, unread count (the header shares it),
    # savepoint, session save, release
    with django_assert_num_queries(PINNED["notifications:list"]):
        assert client.get(reverse("notifications:list")).status_code == 200


# --- The operators' command -------------------------------------------------------------


@pytest.mark.usefixtures("core_rules_only")
def test_send_reminders_runs_the_sweep_and_the_digests_once(settings, manager, care_setting):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ChildFactory(care_setting=care_setting, start_date=timezone.localdate() - timedelta(days=30))
    out = StringIO()

    call_command("send_reminders", stdout=out)
    call_command("send_reminders", stdout=out)

    assert len(mail.outbox) == 1
    output = out.getvalue()
    assert "key_person.unallocated: 1 new notification\n" in output
    assert "1 digest sent, covering 1 notification" in output
    assert "key_person.unallocated: 0 new notifications" in output
    assert "0 digests sent" in output


@pytest.mark.usefixtures("core_rules_only")
def test_send_reminders_without_email_only_sweeps(manager, care_setting):
    ChildFactory(care_setting=care_setting, start_date=timezone.localdate() - timedelta(days=30))

    call_command("send_reminders", "--no-email", stdout=StringIO())

    assert Notification.objects.filter(recipient=manager, emailed_at__isnull=True).count() == 1
    assert mail.outbox == []
