"""The reminder sweep and its first two rules, with time pinned (see conftest.py)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from accounts.models import Membership
from bench.budgets import SWEEP_PINNED_PER_RULE
from keypersons import reminders as keyperson_reminders
from keypersons.models import KeyPersonAllocation, TrainingRecord
from notifications import services
from notifications.models import Notification
from notifications.rules import RULES, Due, Rule, first_url, register
from tests.factories.accounts import (
    CareSettingFactory,
    ChildFactory,
    LocalAuthorityFactory,
    MembershipFactory,
)
from tests.factories.notifications import TrainingRecordFactory

TODAY = date(2026, 11, 24)
KEY_PERSON = "key_person.unallocated"
TRAINING = "training.expiring"


def only(kind: str) -> dict[str, Rule]:
    return {kind: RULES[kind]}


def unallocated_child(care_setting, *, started_days_ago: int, **extra):
    return ChildFactory(
        care_setting=care_setting,
        start_date=TODAY - timedelta(days=started_days_ago),
        date_of_birth=date(2024, 3, 1),
        **extra,
    )


def subjects_by_recipient() -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for recipient_id, subject in Notification.objects.order_by("pk").values_list(
        "recipient_id", "subject"
    ):
        found.setdefault(recipient_id, []).append(subject)
    return found


# --- The machinery ----------------------------------------------------------------------


def test_the_first_two_rules_are_registered():
    assert {KEY_PERSON, TRAINING} <= set(RULES)


def test_a_kind_cannot_be_registered_twice_by_different_rules():
    with pytest.raises(ValueError, match="already registered"):
        register(Rule(kind=KEY_PERSON, due=lambda today: []))


def test_the_dedup_key_is_kind_subject_due_date_and_recipient():
    due = Due(recipient_id=7, subject_key="child-3", subject="x", due_on=TODAY)

    assert due.dedup_key(KEY_PERSON) == "key_person.unallocated:child-3:2026-11-24:7"


def test_first_url_skips_pages_that_do_not_exist_yet(care_setting):
    url = first_url(
        ("nowhere:at_all", {"setting_slug": care_setting.slug}),
        ("settings:overview", {"setting_slug": care_setting.slug}),
    )

    assert url == reverse("settings:overview", args=[care_setting.slug])
    assert first_url(("nowhere:at_all", {})) == ""


def test_a_rule_with_the_same_reminder_twice_writes_it_once(manager, care_setting):
    due = Due(recipient_id=manager.pk, subject_key="thing-1", subject="Twice", due_on=TODAY)

    written = services.sweep(
        today=TODAY, rules={"test.twice": Rule(kind="test.twice", due=lambda today: [due, due])}
    )

    assert written == {"test.twice": 1}
    assert Notification.objects.get().dedup_key == "test.twice:thing-1:2026-11-24:" + str(
        manager.pk
    )


def test_a_failing_rule_does_not_stop_the_others_and_fails_the_sweep(manager, care_setting):
    unallocated_child(care_setting, started_days_ago=30)

    def broken(today):
        raise RuntimeError("a bug in a later rule")

    with pytest.raises(services.SweepError, match=r"test\.broken"):
        services.sweep(
            today=TODAY,
            rules={"test.broken": Rule(kind="test.broken", due=broken), **only(KEY_PERSON)},
        )

    assert Notification.objects.filter(kind=KEY_PERSON, recipient=manager).count() == 1


# --- A child without a key person -------------------------------------------------------


def test_a_child_without_a_key_person_past_the_las_days_is_told_to_every_active_manager(
    manager, key_person, practitioner, care_setting, other_manager
):
    second_manager = MembershipFactory(care_setting=care_setting, manager=True).user
    former_manager = MembershipFactory(care_setting=care_setting, manager=True, is_active=False)
    child = unallocated_child(
        care_setting, started_days_ago=12, first_name="Kai", last_name="Smith"
    )

    written = services.sweep(today=TODAY, rules=only(KEY_PERSON))

    assert written == {KEY_PERSON: 2}
    notes = Notification.objects.filter(kind=KEY_PERSON)
    assert {note.recipient_id for note in notes} == {manager.pk, second_manager.pk}
    assert former_manager.user_id not in {note.recipient_id for note in notes}
    note = notes.get(recipient=manager)
    assert note.subject == "Kai Smith has had no key person for 12 days"
    assert note.due_on == TODAY - timedelta(days=2)  # started 12 days ago, LA allows 10
    assert note.care_setting_id == care_setting.pk
    assert note.dedup_key == f"{KEY_PERSON}:child-{child.pk}:{note.due_on}:{manager.pk}"
    assert "Acorn Day Nursery" in note.body
    assert note.url.startswith(f"/settings/{care_setting.slug}/")
    assert note.emailed_at is None
    assert note.read_at is None


def test_the_preferred_name_is_used_in_the_reminder(manager, care_setting):
    unallocated_child(
        care_setting, started_days_ago=11, first_name="Alexander", preferred_name="Sasha"
    )

    services.sweep(today=TODAY, rules=only(KEY_PERSON))

    assert Notification.objects.get().subject.startswith("Sasha ")


def test_a_child_reminds_once_however_often_the_sweep_runs(manager, care_setting):
    unallocated_child(care_setting, started_days_ago=15)

    first = services.sweep(today=TODAY, rules=only(KEY_PERSON))
    second = services.sweep(today=TODAY, rules=only(KEY_PERSON))
    tomorrow = services.sweep(today=TODAY + timedelta(days=1), rules=only(KEY_PERSON))

    assert first == {KEY_PERSON: 1}
    assert second == {KEY_PERSON: 0}
    assert tomorrow == {KEY_PERSON: 0}
    assert Notification.objects.count() == 1


def test_running_the_whole_sweep_twice_writes_nothing_new(
    manager, key_person, care_setting, pinned_time
):
    unallocated_child(care_setting, started_days_ago=20)
    TrainingRecordFactory(staff=key_person, care_setting=care_setting, expires_in=10)

    first = services.sweep(today=TODAY)
    keys = set(Notification.objects.values_list("dedup_key", flat=True))
    second = services.sweep(today=TODAY)

    assert first[KEY_PERSON] == 1
    assert first[TRAINING] == 2
    assert all(count == 0 for count in second.values())
    assert set(Notification.objects.values_list("dedup_key", flat=True)) == keys


@pytest.mark.parametrize(
    ("started_days_ago", "told"), [(9, False), (10, True), (11, True)], ids=["9", "10", "11"]
)
def test_the_reminder_falls_due_on_the_las_day(manager, care_setting, started_days_ago, told):
    unallocated_child(care_setting, started_days_ago=started_days_ago)

    services.sweep(today=TODAY, rules=only(KEY_PERSON))

    assert Notification.objects.exists() is told


def test_each_la_uses_its_own_number_of_days(db):
    quick_la = LocalAuthorityFactory(unallocated_key_person_days=5)
    patient_la = LocalAuthorityFactory(unallocated_key_person_days=20)
    quick = CareSettingFactory(local_authority=quick_la)
    patient = CareSettingFactory(local_authority=patient_la)
    quick_manager = MembershipFactory(care_setting=quick, manager=True).user
    patient_manager = MembershipFactory(care_setting=patient, manager=True).user
    unallocated_child(quick, started_days_ago=7)
    unallocated_child(patient, started_days_ago=7)
    unallocated_child(patient, started_days_ago=21, first_name="Lena")

    services.sweep(today=TODAY, rules=only(KEY_PERSON))

    assert list(
        Notification.objects.filter(recipient=quick_manager).values_list("due_on", flat=True)
    ) == [TODAY - timedelta(days=2)]
    patient_notes = Notification.objects.filter(recipient=patient_manager)
    assert [note.subject.split()[0] for note in patient_notes] == ["Lena"]
    assert patient_notes.get().due_on == TODAY - timedelta(days=1)


def test_children_with_a_key_person_who_left_or_are_yet_to_start_are_not_reminded_about(
    manager, key_person, care_setting
):
    unallocated_child(care_setting, started_days_ago=30, key_person=key_person)
    unallocated_child(care_setting, started_days_ago=30, leave_date=TODAY - timedelta(days=1))
    unallocated_child(care_setting, started_days_ago=30, leave_date=TODAY)
    ChildFactory(care_setting=care_setting, start_date=TODAY + timedelta(days=3))
    leaving_later = unallocated_child(
        care_setting, started_days_ago=30, leave_date=TODAY + timedelta(days=30)
    )

    services.sweep(today=TODAY, rules=only(KEY_PERSON))

    assert [note.dedup_key.split(":")[1] for note in Notification.objects.all()] == [
        f"child-{leaving_later.pk}"
    ]


def test_a_child_at_a_closed_setting_is_not_reminded_about(manager, care_setting):
    unallocated_child(care_setting, started_days_ago=30)
    care_setting.is_active = False
    care_setting.save(update_fields=["is_active"])

    assert services.sweep(today=TODAY, rules=only(KEY_PERSON)) == {KEY_PERSON: 0}


def test_the_clock_restarts_when_the_childs_key_person_leaves(manager, key_person, care_setting):
    child = unallocated_child(care_setting, started_days_ago=200)
    KeyPersonAllocation.objects.create(
        child=child,
        staff=key_person,
        starts_on=child.start_date,
        ends_on=TODAY - timedelta(days=4),
    )

    services.sweep(today=TODAY, rules=only(KEY_PERSON))
    assert not Notification.objects.exists()  # 4 days without, the LA allows 10

    services.sweep(today=TODAY + timedelta(days=6), rules=only(KEY_PERSON))

    note = Notification.objects.get()
    assert note.due_on == TODAY + timedelta(days=6)
    assert note.subject.endswith("has had no key person for 10 days")


# --- Staff training ---------------------------------------------------------------------


def test_training_expiring_within_30_days_tells_the_member_of_staff_and_the_managers(
    manager, key_person, practitioner, care_setting
):
    record = TrainingRecordFactory(
        staff=key_person, care_setting=care_setting, expires_on=date(2026, 12, 24)
    )

    written = services.sweep(today=TODAY, rules=only(TRAINING))

    assert written == {TRAINING: 2}
    assert subjects_by_recipient() == {
        key_person.pk: ["Your paediatric first aid training expires on 24 December 2026"],
        manager.pk: ["Kim Keyperson's paediatric first aid training expires on 24 December 2026"],
    }
    note = Notification.objects.get(recipient=key_person)
    assert note.due_on == record.expires_on
    assert note.dedup_key == f"{TRAINING}:training-{record.pk}-expiring:2026-12-24:{key_person.pk}"


def test_training_expiring_in_31_days_is_not_reminded_about_yet(key_person, care_setting):
    TrainingRecordFactory(staff=key_person, care_setting=care_setting, expires_in=31)

    assert services.sweep(today=TODAY, rules=only(TRAINING)) == {TRAINING: 0}


def test_expired_training_is_told_once_more_when_it_has_expired(manager, key_person, care_setting):
    TrainingRecordFactory(staff=key_person, care_setting=care_setting, expires_in=20)

    services.sweep(today=TODAY, rules=only(TRAINING))
    services.sweep(today=TODAY + timedelta(days=10), rules=only(TRAINING))
    services.sweep(today=TODAY + timedelta(days=20), rules=only(TRAINING))
    services.sweep(today=TODAY + timedelta(days=40), rules=only(TRAINING))

    assert subjects_by_recipient()[key_person.pk] == [
        "Your paediatric first aid training expires on 14 December 2026",
        "Your paediatric first aid training expired on 14 December 2026",
    ]
    assert Notification.objects.count() == 4


def test_training_found_already_expired_is_told_once_as_expired(key_person, care_setting):
    TrainingRecordFactory(staff=key_person, care_setting=care_setting, expires_in=-100)

    services.sweep(today=TODAY, rules=only(TRAINING))

    assert subjects_by_recipient() == {
        key_person.pk: ["Your paediatric first aid training expired on 16 August 2026"]
    }


def test_only_the_newest_record_of_a_course_counts(manager, key_person, care_setting):
    TrainingRecordFactory(
        staff=key_person,
        care_setting=care_setting,
        completed_on=date(2023, 12, 1),
        expires_on=date(2026, 12, 1),
    )
    TrainingRecordFactory(
        staff=key_person,
        care_setting=care_setting,
        completed_on=date(2026, 11, 1),
        expires_on=date(2029, 11, 1),
    )
    expiring_other_course = TrainingRecordFactory(
        staff=key_person,
        care_setting=care_setting,
        course=TrainingRecord.Course.SAFEGUARDING,
        expires_in=5,
    )

    services.sweep(today=TODAY, rules=only(TRAINING))

    assert {note.dedup_key.split(":")[1] for note in Notification.objects.all()} == {
        f"training-{expiring_other_course.pk}-expiring"
    }
    assert Notification.objects.get(recipient=key_person).subject == (
        "Your safeguarding and child protection training expires on 29 November 2026"
    )


def test_a_managers_own_training_is_told_to_them_once(manager, care_setting):
    TrainingRecordFactory(staff=manager, care_setting=care_setting, expires_in=3)

    services.sweep(today=TODAY, rules=only(TRAINING))

    assert subjects_by_recipient() == {
        manager.pk: ["Your paediatric first aid training expires on 27 November 2026"]
    }


def test_training_of_staff_who_left_or_never_expires_is_not_reminded_about(
    manager, key_person, care_setting
):
    Membership.objects.filter(user=key_person).update(is_active=False)
    TrainingRecordFactory(staff=key_person, care_setting=care_setting, expires_in=3)
    TrainingRecordFactory(staff=manager, care_setting=care_setting, expires_on=None)

    assert services.sweep(today=TODAY, rules=only(TRAINING)) == {TRAINING: 0}


# --- Query counts -----------------------------------------------------------------------


def fill(care_setting, rows: int) -> None:
    """Children due a key-person reminder and staff with training running out, and others."""
    for _ in range(rows):
        staff = MembershipFactory(care_setting=care_setting).user
        TrainingRecordFactory(staff=staff, care_setting=care_setting, expires_in=5)
        TrainingRecordFactory(
            staff=staff,
            care_setting=care_setting,
            course=TrainingRecord.Course.SAFEGUARDING,
            expires_in=-5,
        )
    ChildFactory.create_batch(
        rows, care_setting=care_setting, start_date=TODAY - timedelta(days=40)
    )
    ChildFactory.create_batch(rows, care_setting=care_setting, start_date=TODAY)


@pytest.mark.usefixtures("core_rules_only")
@pytest.mark.parametrize("rows", [2, 22])
def test_the_sweeps_query_count_does_not_grow_with_children_or_staff(
    rows, manager, care_setting, django_assert_num_queries
):
    fill(care_setting, rows)
    # A second setting in another LA, so rules span LAs as in production.
    elsewhere = CareSettingFactory()
    MembershipFactory(care_setting=elsewhere, manager=True)
    fill(elsewhere, rows)

    # Per rule: savepoint, due rows, their managers, keys already written, insert, release.
    with CaptureQueriesContext(connection) as first:
        written = services.sweep(today=TODAY)

    inserts = [query for query in first if query["sql"].startswith("INSERT")]
    assert len(first.captured_queries) - len(inserts) == 10
    # One INSERT per rule; SQLite (the embedded fallback) splits at 999 parameters.
    assert len(inserts) == 2 or connection.vendor == "sqlite"
    assert written == {KEY_PERSON: 2 * rows, TRAINING: 2 * 4 * rows}
    # The second time everything is written already: no insert at all.
    with django_assert_num_queries(2 * SWEEP_PINNED_PER_RULE):
        again = services.sweep(today=TODAY)
    assert all(count == 0 for count in again.values())


def test_a_rule_linking_to_a_page_not_built_yet_still_writes(manager, care_setting, monkeypatch):
    monkeypatch.setattr(keyperson_reminders, "KEY_PERSON_PAGES", ("nowhere:allocate",))
    unallocated_child(care_setting, started_days_ago=30)

    services.sweep(today=TODAY, rules=only(KEY_PERSON))

    assert Notification.objects.get().url == reverse("settings:overview", args=[care_setting.slug])
    with pytest.raises(NoReverseMatch):
        reverse("nowhere:allocate")
