"""Key-person allocations and training records: the services and the database's own rules."""

import threading
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from accounts.permissions import Action, can, setting_access_for
from children.models import Child
from common.models import AuditEvent
from keypersons import services
from keypersons.models import KeyPersonAllocation, TrainingRecord
from tests.factories.accounts import (
    CareSettingFactory,
    ChildFactory,
    LocalAuthorityFactory,
    MembershipFactory,
)

Kind = KeyPersonAllocation.Kind
Course = TrainingRecord.Course
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def child(care_setting):
    return ChildFactory(care_setting=care_setting, first_name="Amara", start_date=date(2026, 1, 5))


def current(child, kind=Kind.KEY_PERSON):
    return KeyPersonAllocation.objects.filter(child=child, kind=kind, ends_on__isnull=True)


# --- The database's rule -----------------------------------------------------------------


def test_the_database_refuses_a_second_current_key_person_for_a_child(
    child, key_person, practitioner
):
    KeyPersonAllocation.objects.create(child=child, staff=key_person, starts_on=child.start_date)

    with pytest.raises(IntegrityError), transaction.atomic():
        KeyPersonAllocation.objects.create(
            child=child, staff=practitioner, starts_on=child.start_date
        )


def test_the_database_allows_one_current_key_person_and_one_current_buddy(
    child, key_person, practitioner
):
    KeyPersonAllocation.objects.create(child=child, staff=key_person, starts_on=child.start_date)
    KeyPersonAllocation.objects.create(
        child=child, staff=practitioner, kind=Kind.BUDDY, starts_on=child.start_date
    )

    assert KeyPersonAllocation.objects.filter(child=child, ends_on__isnull=True).count() == 2


def test_the_database_keeps_any_number_of_ended_allocations(child, key_person, practitioner):
    for staff in (key_person, practitioner, key_person):
        KeyPersonAllocation.objects.create(
            child=child, staff=staff, starts_on=child.start_date, ends_on=child.start_date
        )
    KeyPersonAllocation.objects.create(child=child, staff=practitioner, starts_on=child.start_date)

    assert current(child).get().staff == practitioner


# --- key_person_allocate ---------------------------------------------------------------------


@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=LONDON), tick=False)
def test_allocating_makes_the_staff_member_the_childs_key_person(manager, child, key_person):
    allocation = services.key_person_allocate(
        by=manager, child=child, staff=key_person, reason="Settling in"
    )

    assert (allocation.staff, allocation.kind, allocation.starts_on, allocation.ends_on) == (
        key_person,
        Kind.KEY_PERSON,
        date(2026, 3, 2),
        None,
    )
    assert allocation.allocated_by == manager
    assert Child.objects.get(pk=child.pk).key_person == key_person
    assert child.key_person == key_person


@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=LONDON), tick=False)
def test_reallocating_ends_the_previous_key_person_on_the_new_start_day(
    manager, child, key_person, practitioner
):
    first = services.key_person_allocate(
        by=manager, child=child, staff=key_person, starts_on=date(2026, 1, 12)
    )

    second = services.key_person_allocate(
        by=manager, child=child, staff=practitioner, reason="Hours changed"
    )

    first.refresh_from_db()
    assert first.ends_on == date(2026, 3, 2) == second.starts_on
    assert current(child).get() == second
    assert Child.objects.get(pk=child.pk).key_person == practitioner


def test_reallocating_on_the_day_of_the_first_allocation_keeps_both_in_the_history(
    manager, child, key_person, practitioner
):
    services.key_person_allocate(by=manager, child=child, staff=key_person)
    services.key_person_allocate(by=manager, child=child, staff=practitioner, reason="Mistake")

    history = KeyPersonAllocation.objects.filter(child=child).order_by("pk")
    assert [(a.staff, a.ends_on is None) for a in history] == [
        (key_person, False),
        (practitioner, True),
    ]


def test_allocating_a_buddy_leaves_the_key_person_in_place(
    manager, child, key_person, practitioner
):
    services.key_person_allocate(by=manager, child=child, staff=key_person)

    buddy = services.key_person_allocate(
        by=manager, child=child, staff=practitioner, kind=Kind.BUDDY
    )

    assert buddy.kind == Kind.BUDDY
    assert Child.objects.get(pk=child.pk).key_person == key_person
    assert current(child).get().staff == key_person


def test_the_buddy_cannot_be_the_key_person(manager, child, key_person):
    services.key_person_allocate(by=manager, child=child, staff=key_person)

    with pytest.raises(ValidationError) as refused:
        services.key_person_allocate(by=manager, child=child, staff=key_person, kind=Kind.BUDDY)

    assert "must be different people" in refused.value.message_dict["staff"][0]
    assert not current(child, Kind.BUDDY).exists()


def test_the_key_person_cannot_be_the_buddy(manager, child, key_person):
    services.key_person_allocate(by=manager, child=child, staff=key_person, kind=Kind.BUDDY)

    with pytest.raises(ValidationError, match="must be different people"):
        services.key_person_allocate(by=manager, child=child, staff=key_person)

    assert Child.objects.get(pk=child.pk).key_person is None


def test_staff_from_another_setting_cannot_be_allocated(manager, child, other_manager):
    with pytest.raises(ValidationError) as refused:
        services.key_person_allocate(by=manager, child=child, staff=other_manager)

    assert refused.value.message_dict["staff"] == [
        "Oscar Othermanager is not a member of staff at this setting"
    ]
    assert not KeyPersonAllocation.objects.exists()
    assert Child.objects.get(pk=child.pk).key_person is None


def test_staff_who_have_left_cannot_be_allocated(manager, child, care_setting):
    leaver = MembershipFactory(care_setting=care_setting, is_active=False).user

    with pytest.raises(ValidationError, match="not a member of staff"):
        services.key_person_allocate(by=manager, child=child, staff=leaver)


def test_allocating_the_current_key_person_again_changes_nothing(manager, child, key_person):
    services.key_person_allocate(by=manager, child=child, staff=key_person)

    with pytest.raises(ValidationError, match="already Amara's key person"):
        services.key_person_allocate(by=manager, child=child, staff=key_person)

    assert KeyPersonAllocation.objects.count() == 1


def test_making_the_key_person_designated_starts_a_new_allocation(
    manager, key_person, care_setting
):
    child = ChildFactory(care_setting=care_setting, looked_after=True)
    services.key_person_allocate(by=manager, child=child, staff=key_person)

    services.key_person_allocate(
        by=manager, child=child, staff=key_person, is_designated=True, reason="Entered care"
    )

    assert current(child).get().is_designated
    assert KeyPersonAllocation.objects.filter(child=child).count() == 2


def test_only_the_key_person_can_be_designated(manager, child, key_person):
    with pytest.raises(ValidationError) as refused:
        services.key_person_allocate(
            by=manager, child=child, staff=key_person, kind=Kind.BUDDY, is_designated=True
        )

    assert "is_designated" in refused.value.message_dict


@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=LONDON), tick=False)
def test_a_new_allocation_cannot_start_before_the_current_one(
    manager, child, key_person, practitioner
):
    services.key_person_allocate(
        by=manager, child=child, staff=key_person, starts_on=date(2026, 2, 2)
    )

    with pytest.raises(ValidationError) as refused:
        services.key_person_allocate(
            by=manager, child=child, staff=practitioner, starts_on=date(2026, 1, 30)
        )

    assert refused.value.message_dict["starts_on"] == [
        "The current key person started on 2 February 2026: the new one cannot start before that"
    ]
    assert current(child).get().staff == key_person


@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=LONDON), tick=False)
def test_an_allocation_cannot_start_in_the_future(manager, child, key_person):
    with pytest.raises(ValidationError, match="today or in the past"):
        services.key_person_allocate(
            by=manager, child=child, staff=key_person, starts_on=date(2026, 3, 3)
        )


@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=LONDON), tick=False)
def test_a_child_who_has_left_cannot_be_allocated(manager, child, key_person):
    Child.objects.filter(pk=child.pk).update(leave_date=date(2026, 2, 27))

    with pytest.raises(ValidationError, match="left on 27 February 2026"):
        services.key_person_allocate(by=manager, child=child, staff=key_person)


def test_every_allocation_change_is_audited_with_the_child_as_subject(
    manager, child, key_person, practitioner, care_setting
):
    services.key_person_allocate(by=manager, child=child, staff=key_person, reason="Settling in")
    services.key_person_allocate(by=manager, child=child, staff=practitioner, reason="Hours")
    services.key_person_allocate(by=manager, child=child, staff=key_person, kind=Kind.BUDDY)
    services.key_person_end(
        by=manager, child=child, kind=Kind.BUDDY, reason="Cover no longer needed"
    )

    events = list(AuditEvent.objects.order_by("pk"))
    assert [event.verb for event in events] == [
        "key_person.allocated",
        "key_person.reallocated",
        "buddy.allocated",
        "buddy.ended",
    ]
    assert {(e.subject_type.model, e.subject_id) for e in events} == {("child", str(child.pk))}
    assert {e.care_setting for e in events} == {care_setting}
    assert {e.actor for e in events} == {manager}
    assert events[1].changes["staff"] == [key_person.email, practitioner.email]
    assert events[1].changes["reason"] == "Hours"
    assert events[3].changes["reason"] == "Cover no longer needed"


def test_allocation_gives_the_key_person_their_rights_over_the_child(
    manager, child, key_person, practitioner, care_setting
):
    key_person_access = setting_access_for(key_person, care_setting.slug)
    assert not can(key_person_access, Action.EDIT_TEAM, child=Child.objects.get(pk=child.pk))

    services.key_person_allocate(by=manager, child=child, staff=key_person)

    assert can(key_person_access, Action.EDIT_TEAM, child=Child.objects.get(pk=child.pk))

    services.key_person_allocate(by=manager, child=child, staff=practitioner, reason="Moved room")

    reloaded = Child.objects.get(pk=child.pk)
    assert not can(key_person_access, Action.EDIT_TEAM, child=reloaded)
    practitioner_access = setting_access_for(practitioner, care_setting.slug)
    assert can(practitioner_access, Action.EDIT_TEAM, child=reloaded)


def test_a_buddy_gets_no_rights_over_the_child(manager, child, key_person, care_setting):
    services.key_person_allocate(by=manager, child=child, staff=key_person, kind=Kind.BUDDY)

    access = setting_access_for(key_person, care_setting.slug)
    assert not can(access, Action.EDIT_TEAM, child=Child.objects.get(pk=child.pk))


# --- allocations_bulk ------------------------------------------------------------------------


def test_bulk_allocation_gives_a_new_intake_one_key_person(manager, care_setting, key_person):
    intake = ChildFactory.create_batch(3, care_setting=care_setting)

    allocations = services.allocations_bulk(
        by=manager, children=intake, staff=key_person, reason="New intake"
    )

    assert len(allocations) == 3
    assert set(Child.objects.filter(key_person=key_person)) == set(intake)
    assert {a.reason for a in allocations} == {"New intake"}
    assert AuditEvent.objects.filter(verb="key_person.allocated").count() == 3


def test_bulk_allocation_leaves_children_who_already_have_that_key_person(
    manager, care_setting, key_person
):
    settled = ChildFactory(care_setting=care_setting)
    services.key_person_allocate(by=manager, child=settled, staff=key_person)
    new = ChildFactory(care_setting=care_setting)

    allocations = services.allocations_bulk(
        by=manager,
        children=[Child.objects.get(pk=settled.pk), new],
        staff=key_person,
        reason="Intake",
    )

    assert [a.child_id for a in allocations] == [new.pk]
    assert KeyPersonAllocation.objects.filter(child=settled).count() == 1


def test_bulk_allocation_is_all_or_nothing(manager, care_setting, key_person, practitioner):
    fine = ChildFactory(care_setting=care_setting, first_name="Fine", last_name="Child")
    buddied = ChildFactory(care_setting=care_setting, first_name="Ben", last_name="Buddied")
    services.key_person_allocate(by=manager, child=buddied, staff=key_person, kind=Kind.BUDDY)

    with pytest.raises(ValidationError) as refused:
        services.allocations_bulk(
            by=manager, children=[fine, buddied], staff=key_person, reason="Intake"
        )

    assert len(refused.value.messages) == 1
    assert refused.value.messages[0].startswith("Ben Buddied: Kim Keyperson is already")
    assert not Child.objects.filter(key_person__isnull=False).exists()
    assert not KeyPersonAllocation.objects.filter(kind=Kind.KEY_PERSON).exists()


# --- Ending allocations ---------------------------------------------------------------------


@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=LONDON), tick=False)
def test_ending_the_key_person_leaves_the_child_without_one(manager, child, key_person):
    services.key_person_allocate(
        by=manager, child=child, staff=key_person, starts_on=date(2026, 1, 5)
    )

    ended = services.key_person_end(by=manager, child=child, reason="Left the setting")

    assert ended.ends_on == date(2026, 3, 2)
    assert not current(child).exists()
    assert Child.objects.get(pk=child.pk).key_person is None
    assert child.key_person is None


def test_ending_an_allocation_that_does_not_exist_is_refused(manager, child):
    with pytest.raises(ValidationError, match="Amara has no buddy key person to end"):
        services.key_person_end(by=manager, child=child, kind=Kind.BUDDY, reason="No")


@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=LONDON), tick=False)
def test_an_allocation_cannot_end_before_it_started(manager, child, key_person):
    services.key_person_allocate(
        by=manager, child=child, staff=key_person, starts_on=date(2026, 2, 2)
    )

    with pytest.raises(ValidationError) as refused:
        services.key_person_end(by=manager, child=child, reason="x", ends_on=date(2026, 2, 1))

    assert "ends_on" in refused.value.message_dict


def test_a_leaver_loses_every_allocation_at_the_setting_and_only_there(
    manager, care_setting, key_person, practitioner, other_setting
):
    mine = ChildFactory.create_batch(2, care_setting=care_setting)
    buddied = ChildFactory(care_setting=care_setting)
    for child in mine:
        services.key_person_allocate(by=manager, child=child, staff=key_person)
    services.key_person_allocate(by=manager, child=buddied, staff=practitioner)
    services.key_person_allocate(by=manager, child=buddied, staff=key_person, kind=Kind.BUDDY)
    # The same person also works at another setting, where nothing changes.
    elsewhere = ChildFactory(care_setting=other_setting)
    MembershipFactory(user=key_person, care_setting=other_setting)
    services.key_person_allocate(by=manager, child=elsewhere, staff=key_person)

    ended = services.allocations_end_for_staff(
        by=manager, care_setting=care_setting, staff=key_person, reason="Left"
    )

    assert len(ended) == 3
    assert not Child.objects.filter(care_setting=care_setting, key_person=key_person).exists()
    assert Child.objects.get(pk=buddied.pk).key_person == practitioner
    assert Child.objects.get(pk=elsewhere.pk).key_person == key_person


# --- Two managers at once (PostgreSQL: real row locks and a real unique index) -------------

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
)


def _in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except Exception as error:
            results[key] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_managers_allocating_at_once_are_served_one_after_the_other(
    manager, care_setting, key_person, practitioner
):
    child = ChildFactory(care_setting=care_setting)
    results: dict[str, object] = {}
    holding = threading.Event()
    release = threading.Event()

    def first():
        with transaction.atomic():
            allocation = services.key_person_allocate(by=manager, child=child, staff=key_person)
            holding.set()
            release.wait(5)  # keep the child's row locked while the second manager saves
            return allocation

    first_thread = _in_thread(first, results, "first")
    holding.wait(5)
    second_thread = _in_thread(
        lambda: services.key_person_allocate(
            by=manager, child=child, staff=practitioner, reason="Changed my mind"
        ),
        results,
        "second",
    )
    time.sleep(0.3)  # the second is now waiting for the lock on the child
    release.set()
    first_thread.join(10)
    second_thread.join(10)

    assert isinstance(results["first"], KeyPersonAllocation)
    assert isinstance(results["second"], KeyPersonAllocation)
    assert current(child).get().staff == practitioner
    assert Child.objects.get(pk=child.pk).key_person == practitioner
    assert KeyPersonAllocation.objects.filter(child=child).count() == 2


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_an_allocation_the_constraint_refuses_is_explained_not_raised(
    manager, care_setting, key_person, practitioner
):
    # A writer that skips the row lock (a script, the shell) inserts a current key person
    # while the service is saving: the unique index refuses the service's row.
    child = ChildFactory(care_setting=care_setting, first_name="Kai")
    results: dict[str, object] = {}
    inserted = threading.Event()
    release = threading.Event()

    def rogue():
        with transaction.atomic():
            KeyPersonAllocation.objects.create(
                child=child, staff=practitioner, starts_on=child.start_date
            )
            inserted.set()
            release.wait(5)

    rogue_thread = _in_thread(rogue, results, "rogue")
    inserted.wait(5)
    service_thread = _in_thread(
        lambda: services.key_person_allocate(by=manager, child=child, staff=key_person),
        results,
        "service",
    )
    time.sleep(0.3)  # the service waits on the unique index for the rogue's row
    release.set()
    rogue_thread.join(10)
    service_thread.join(10)

    error = results["service"]
    assert isinstance(error, ValidationError), error
    assert error.messages == [
        "Someone else changed Kai's key persons at the same time. "
        "Check the allocations below and try again."
    ]
    assert current(child).get().staff == practitioner
    assert not AuditEvent.objects.filter(verb__startswith="key_person.").exists()


# --- Training -------------------------------------------------------------------------------

TODAY = datetime(2026, 3, 2, 9, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("course", "expires_on"),
    [
        (Course.SAFEGUARDING, date(2028, 1, 15)),
        (Course.DSL, date(2028, 1, 15)),
        (Course.PAEDIATRIC_FIRST_AID, date(2029, 1, 15)),
        (Course.CHILDREN_IN_CARE, None),
        (Course.ATTACHMENT_TRAUMA, None),
        (Course.POSITIVE_BEHAVIOUR, None),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_training_expiry_is_worked_out_from_the_course(
    manager, care_setting, key_person, course, expires_on
):
    record = services.training_record_add(
        by=manager,
        care_setting=care_setting,
        staff=key_person,
        course=course,
        completed_on=date(2026, 1, 15),
    )

    assert record.expires_on == expires_on


@time_machine.travel(TODAY, tick=False)
def test_safeguarding_training_lasts_as_long_as_the_la_says(manager, key_person):
    la = LocalAuthorityFactory(safeguarding_training_years=3)
    care_setting = CareSettingFactory(local_authority=la)
    MembershipFactory(user=key_person, care_setting=care_setting)

    record = services.training_record_add(
        by=manager,
        care_setting=care_setting,
        staff=key_person,
        course=Course.SAFEGUARDING,
        completed_on=date(2025, 6, 1),
    )

    assert record.expires_on == date(2028, 6, 1)


@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=LONDON), tick=False)
def test_training_completed_on_29_february_expires_on_28_february(
    manager, care_setting, key_person
):
    record = services.training_record_add(
        by=manager,
        care_setting=care_setting,
        staff=key_person,
        course=Course.DSL,
        completed_on=date(2024, 2, 29),
    )

    assert record.expires_on == date(2026, 2, 28)


@time_machine.travel(TODAY, tick=False)
def test_an_expiry_typed_in_overrides_the_usual_one(manager, care_setting, key_person):
    record = services.training_record_add(
        by=manager,
        care_setting=care_setting,
        staff=key_person,
        course=Course.ATTACHMENT_TRAUMA,
        completed_on=date(2026, 1, 15),
        expires_on=date(2029, 1, 15),
        provider="Trauma Informed Schools",
    )

    assert (record.expires_on, record.provider, record.recorded_by) == (
        date(2029, 1, 15),
        "Trauma Informed Schools",
        manager,
    )


@time_machine.travel(TODAY, tick=False)
def test_training_cannot_be_completed_in_the_future_or_expire_before_completion(
    manager, care_setting, key_person
):
    common = {"by": manager, "care_setting": care_setting, "staff": key_person}
    with pytest.raises(ValidationError) as future:
        services.training_record_add(**common, course=Course.DSL, completed_on=date(2026, 3, 3))
    with pytest.raises(ValidationError) as backwards:
        services.training_record_add(
            **common,
            course=Course.DSL,
            completed_on=date(2026, 1, 15),
            expires_on=date(2026, 1, 15),
        )

    assert "completed_on" in future.value.message_dict
    assert "expires_on" in backwards.value.message_dict
    assert not TrainingRecord.objects.exists()


def test_training_is_recorded_only_for_the_settings_own_staff(
    manager, care_setting, other_manager
):
    with pytest.raises(ValidationError, match="not a member of staff"):
        services.training_record_add(
            by=manager,
            care_setting=care_setting,
            staff=other_manager,
            course=Course.DSL,
            completed_on=date(2025, 1, 15),
        )


def test_recording_training_is_audited(manager, care_setting, key_person):
    record = services.training_record_add(
        by=manager,
        care_setting=care_setting,
        staff=key_person,
        course=Course.CHILDREN_IN_CARE,
        completed_on=date(2025, 1, 15),
    )

    event = AuditEvent.objects.get(verb="training.recorded")
    assert (event.actor, event.target, event.care_setting) == (manager, record, care_setting)
    assert (event.subject_type.model, event.subject_id) == ("user", str(key_person.pk))
    assert event.changes["course"] == "children_in_care"
    assert event.changes["expires_on"] is None
