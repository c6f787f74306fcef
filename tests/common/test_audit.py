"""The audit trail records who did what to which record, from where; and the health check."""

import json

import pytest
from axes.models import AccessAttempt
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse

from accounts.models import CareSetting
from children.models import Child
from common.audit import (
    audit_entries,
    audit_record,
    audit_trail,
    changed_fields,
    registered_subjects,
)
from common.middleware import client_address
from common.models import AuditEvent
from tests.factories.accounts import DEMO_PASSWORD, ChildFactory


def test_audit_record_stores_actor_verb_target_scope_and_address(manager, care_setting):
    event = audit_record(
        actor=manager,
        verb="setting.updated",
        target=care_setting,
        care_setting=care_setting,
        local_authority=care_setting.local_authority,
        changes={"phone": ["", "01603 000000"]},
        ip_address="203.0.113.7",
    )

    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.actor, event.actor_label, event.verb) == (
        manager,
        manager.email,
        "setting.updated",
    )
    assert event.target == care_setting
    assert event.target_type == ContentType.objects.get_for_model(CareSetting)
    assert (event.target_id, event.target_label) == (str(care_setting.pk), care_setting.name)
    assert (event.care_setting, event.local_authority) == (
        care_setting,
        care_setting.local_authority,
    )
    assert event.ip_address == "203.0.113.7"
    assert event.changes == {"phone": ["", "01603 000000"]}
    assert event.verb_label == "Setting updated"


def test_audit_record_without_a_person_names_the_system(db):
    event = audit_record(actor=None, verb="reminders.swept")

    assert (event.actor, event.actor_label, event.ip_address) == (None, "system", None)


def test_an_event_keeps_the_actors_email_after_the_account_is_deleted(manager, care_setting):
    event = audit_record(actor=manager, verb="setting.viewed", care_setting=care_setting)

    manager.delete()

    event.refresh_from_db()
    assert (event.actor, event.actor_label) == (None, "manager@demo.test")


def test_audit_trail_filters_by_scope_and_subject_newest_first(
    manager, care_setting, other_setting
):
    first = audit_record(actor=manager, verb="a.first", subject=manager, care_setting=care_setting)
    audit_record(actor=manager, verb="a.other_subject", subject=care_setting)
    last = audit_record(actor=manager, verb="a.last", subject=manager, care_setting=care_setting)
    audit_record(actor=manager, verb="a.elsewhere", subject=manager, care_setting=other_setting)

    events = audit_trail(scope=Q(care_setting=care_setting), subject=manager)

    assert list(events) == [last, first]


def test_changed_fields_lists_only_the_values_that_differ():
    before = {"name": "Acorn", "town": "Norwich", "phone": ""}

    assert changed_fields(before, {"name": "Acorn", "town": "Cromer", "email": "a@b.test"}) == {
        "town": ["Norwich", "Cromer"],
        "email": [None, "a@b.test"],
    }


def test_signing_in_is_audited_with_the_address(client, manager):
    client.post(reverse("accounts:login"), {"username": manager.email, "password": DEMO_PASSWORD})

    event = AuditEvent.objects.get(verb="user.signed_in")
    assert (event.actor, event.target, event.ip_address) == (manager, manager, "127.0.0.1")


def test_a_failed_sign_in_is_audited_without_the_password(client, manager):
    client.post(
        reverse("accounts:login"),
        {"username": manager.email, "password": "Guess-Number-1"},
        REMOTE_ADDR="198.51.100.23",
    )

    event = AuditEvent.objects.get(verb="user.sign_in_failed")
    assert event.actor is None
    assert event.changes == {"email": manager.email}
    assert event.ip_address == "198.51.100.23"
    stored = json.dumps(
        {field.name: str(getattr(event, field.attname)) for field in AuditEvent._meta.fields}
    )
    assert "Guess-Number-1" not in stored
    assert DEMO_PASSWORD not in stored


def test_signing_out_is_audited(client_as, manager):
    client_as(manager).post(reverse("accounts:logout"))

    assert AuditEvent.objects.filter(verb="user.signed_out", actor=manager).count() == 1


def test_health_answers_ok_when_the_database_answers(client, db):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


# --- What a reader sees ------------------------------------------------------------------


def test_an_event_naming_a_record_outside_the_readers_scope_keeps_only_who_what_and_when(
    manager, care_setting
):
    child = ChildFactory(care_setting=care_setting, first_name="Zephyrine")
    audit_record(
        actor=manager,
        verb="child.added",
        target=child,
        subject=child,
        care_setting=care_setting,
        changes={"first_name": [None, "Zephyrine"]},
        ip_address="203.0.113.7",
    )
    events = audit_trail(scope=Q(care_setting=care_setting))

    (hidden,) = audit_entries(events, scopes={"child": Q(pk__in=[])})
    (shown,) = audit_entries(events, scopes={"child": Q(care_setting=care_setting)})

    assert (hidden.actor_name, hidden.verb_label, hidden.ip_address) == (
        "Mary Manager",
        "Child added",
        "203.0.113.7",
    )
    assert (hidden.record_label, hidden.changes, hidden.redacted) == (
        "A child outside your access",
        {},
        True,
    )
    assert (shown.record_label, shown.changes, shown.redacted) == (
        str(child),
        {"first_name": [None, "Zephyrine"]},
        False,
    )


def test_a_kind_of_record_the_reader_has_no_scope_for_is_never_named(manager, care_setting):
    child = ChildFactory(care_setting=care_setting)
    audit_record(actor=manager, verb="child.added", target=child, care_setting=care_setting)

    (entry,) = audit_entries(audit_trail(scope=Q()), scopes={})

    assert entry.redacted and str(child) not in entry.record_label


def test_events_about_records_of_no_registered_kind_are_shown_as_written(manager, care_setting):
    audit_record(actor=manager, verb="setting.updated", target=care_setting, subject=manager)

    (entry,) = audit_entries(audit_trail(scope=Q()), scopes={})

    assert (entry.record_label, entry.redacted) == ("Acorn Day Nursery", False)


def test_an_empty_scope_needs_no_query(manager, care_setting, django_assert_num_queries):
    for child in ChildFactory.create_batch(3, care_setting=care_setting):
        audit_record(actor=manager, verb="child.added", subject=child, care_setting=care_setting)
    events = list(audit_trail(scope=Q()))

    with django_assert_num_queries(0):
        entries = audit_entries(events, scopes={"child": Q(pk__in=[])})

    assert all(entry.redacted for entry in entries)


def test_the_child_is_the_one_registered_kind_of_record():
    assert {
        model: (kind.kind, kind.hidden_label) for model, kind in registered_subjects().items()
    } == {Child: ("child", "A child outside your access")}


# --- The client's address ------------------------------------------------------------------


def test_a_forged_forwarded_for_header_does_not_reach_the_audit_trail(client, manager):
    client.post(
        reverse("accounts:login"),
        {"username": manager.email, "password": "Guess-Number-1"},
        REMOTE_ADDR="198.51.100.23",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )

    event = AuditEvent.objects.get(verb="user.sign_in_failed")
    assert event.ip_address == "198.51.100.23"
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == "198.51.100.23"


def test_behind_one_proxy_the_address_the_proxy_saw_is_stored_and_throttled(
    client, manager, settings
):
    settings.EYFS_PROXY_COUNT = 1

    client.post(
        reverse("accounts:login"),
        {"username": manager.email, "password": "Guess-Number-1"},
        REMOTE_ADDR="10.0.0.2",
        # The client wrote the first address; the proxy appended the one it saw.
        HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.23",
    )

    event = AuditEvent.objects.get(verb="user.sign_in_failed")
    assert event.ip_address == "198.51.100.23"
    assert AccessAttempt.objects.get().ip_address == "198.51.100.23"


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.23", "", "198.51.100.23"),
        (0, "198.51.100.23", "203.0.113.99", "198.51.100.23"),
        (1, "10.0.0.2", "198.51.100.23", "198.51.100.23"),
        (1, "10.0.0.2", "203.0.113.99, 198.51.100.23", "198.51.100.23"),
        (2, "10.0.0.3", "203.0.113.99, 198.51.100.23, 10.0.0.2", "198.51.100.23"),
        (2, "10.0.0.3", "198.51.100.23", "10.0.0.3"),  # fewer hops than proxies: the peer
        (1, "10.0.0.2", "", "10.0.0.2"),  # reached directly, around the proxy
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_counts_proxies_from_the_right(
    rf, settings, proxies, remote, forwarded, expected
):
    settings.EYFS_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected
