"""Writes: each one audited with the child as subject; edits refuse to overwrite a newer save."""

from datetime import date

import pytest
from celery import current_app
from django.contrib.contenttypes.models import ContentType

from children import services
from children.models import Child, Consent, SettingChange, TeamMember
from common.models import AuditEvent
from keypersons.models import KeyPersonAllocation
from learning.tasks import leaving_summary_render
from tests.factories.accounts import ChildFactory, RoomFactory
from tests.factories.children import ConsentFactory, TeamMemberFactory


def room(child: Child, name: str):
    """The room of that name at the child's setting."""
    return RoomFactory(care_setting=child.care_setting, name=name)


def events_about(child: Child) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            subject_type=ContentType.objects.get_for_model(Child), subject_id=str(child.pk)
        ).order_by("pk")
    )


def test_adding_a_child_is_audited_in_the_setting(manager, care_setting):
    child = services.child_add(
        care_setting=care_setting,
        by=manager,
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=date(2022, 11, 14),
        start_date=date(2025, 9, 2),
        sen_status=Child.Sen.SEN_SUPPORT,
    )

    [event] = events_about(child)
    assert (event.verb, event.actor, event.care_setting) == ("child.added", manager, care_setting)
    assert event.changes["first_name"] == [None, "Amara"]
    assert event.changes["date_of_birth"] == [None, "2022-11-14"]
    assert event.changes["sen_status"] == [None, "SEN support"]
    assert not SettingChange.objects.exists()


def test_a_child_arriving_from_outside_the_portal_has_a_setting_change(manager, care_setting):
    child = services.child_add(
        care_setting=care_setting,
        by=manager,
        previous_setting="Sunshine Playgroup, Leeds",
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=date(2022, 11, 14),
        start_date=date(2026, 3, 9),
    )

    arrival = SettingChange.objects.get(child=child)
    assert (arrival.from_setting, arrival.from_description, arrival.to_setting) == (
        None,
        "Sunshine Playgroup, Leeds",
        care_setting,
    )
    assert arrival.moved_on == date(2026, 3, 9)
    assert [event.verb for event in events_about(child)] == ["child.added", "child.arrived"]


def test_an_update_records_old_and_new_values_and_raises_the_version(manager, key_child, home_la):
    services.child_update(
        child=key_child,
        by=manager,
        version=1,
        room=room(key_child, "Owls"),
        sen_status=Child.Sen.EHCP,
    )

    key_child.refresh_from_db()
    assert (key_child.room.name, key_child.sen_status, key_child.version) == ("Owls", "ehcp", 2)
    [event] = events_about(key_child)
    assert event.verb == "child.updated"
    assert event.changes == {"room": [None, "Owls"], "sen_status": ["No SEN", "EHC plan"]}
    assert event.care_setting == key_child.care_setting


def test_an_update_from_an_older_version_writes_nothing(manager, key_child):
    Child.objects.filter(pk=key_child.pk).update(room=room(key_child, "Butterflies"), version=2)

    with pytest.raises(services.StaleRecord):
        services.child_update(child=key_child, by=manager, version=1, room=room(key_child, "Owls"))

    key_child.refresh_from_db()
    assert (key_child.room.name, key_child.version) == ("Butterflies", 2)
    assert events_about(key_child) == []


def test_a_save_made_between_loading_and_writing_is_not_overwritten(manager, key_child):
    """The in-memory record says version 1, but the row moved on meanwhile."""
    Child.objects.filter(pk=key_child.pk).update(room=room(key_child, "Butterflies"), version=2)
    assert key_child.version == 1

    with pytest.raises(services.StaleRecord):
        services.child_update(child=key_child, by=manager, version=1, room=room(key_child, "Owls"))

    assert Child.objects.get(pk=key_child.pk).room.name == "Butterflies"


def test_an_update_that_changes_nothing_writes_nothing(manager, key_child):
    services.child_update(child=key_child, by=manager, version=1, room=key_child.room)

    key_child.refresh_from_db()
    assert key_child.version == 1
    assert events_about(key_child) == []


def test_leaving_is_audited(manager, key_child):
    services.child_leave(
        child=key_child,
        by=manager,
        version=1,
        leave_date=date(2026, 7, 17),
        leaving_destination="Reception at Oakfield Primary",
    )

    key_child.refresh_from_db()
    assert key_child.leave_date == date(2026, 7, 17)
    [event] = events_about(key_child)
    assert event.verb == "child.left"
    assert event.changes["leave_date"] == [None, "2026-07-17"]


def test_leaving_ends_the_key_person_allocation_on_the_leave_date(manager, key_child):
    leave_date = key_child.start_date.replace(year=key_child.start_date.year + 1)

    services.child_leave(
        child=key_child,
        by=manager,
        version=1,
        leave_date=leave_date,
        leaving_destination="Reception at Oakfield Primary",
    )

    allocation = KeyPersonAllocation.objects.get(child=key_child)
    assert allocation.ends_on == leave_date
    key_child.refresh_from_db()
    assert key_child.key_person_id == allocation.staff_id  # kept for the leaving summary


def test_a_move_takes_the_record_to_the_new_setting_and_ends_allocations(
    manager, key_child, key_person, care_setting, other_setting
):
    mother = TeamMemberFactory(child=key_child)
    ConsentFactory(child=key_child, given_by=mother)

    change = services.child_move(
        child=key_child,
        by=manager,
        version=1,
        to_setting=other_setting,
        moved_on=date(2026, 3, 16),
        reason="Foster placement moved",
    )

    key_child.refresh_from_db()
    assert key_child.care_setting == other_setting
    assert key_child.key_person is None
    assert key_child.start_date == date(2026, 3, 16)
    assert key_child.version == 2
    # The history comes along.
    assert key_child.team.get() == mother
    assert key_child.consents.count() == 1
    assert (change.from_setting, change.to_setting, change.moved_on, change.recorded_by) == (
        care_setting,
        other_setting,
        date(2026, 3, 16),
        manager,
    )
    allocation = KeyPersonAllocation.objects.get(child=key_child)
    assert allocation.ends_on == date(2026, 3, 16)
    # The record's own events (the PEP clock writes the new PEP cycle's beside them).
    out, in_ = [event for event in events_about(key_child) if event.verb.startswith("child.")]
    assert (out.verb, out.care_setting) == ("child.moved_out", care_setting)
    assert (in_.verb, in_.care_setting) == ("child.moved_in", other_setting)
    assert out.changes["care_setting"] == [care_setting.name, other_setting.name]
    assert out.changes["key_person"] == [key_person.full_name, None]
    assert out.changes["reason"] == "Foster placement moved"


def test_a_move_ends_an_allocation_starting_after_it_on_its_first_day(
    manager, key_child, key_person, other_setting
):
    KeyPersonAllocation.objects.filter(child=key_child).update(starts_on=date(2026, 3, 20))

    services.child_move(
        child=key_child,
        by=manager,
        version=1,
        to_setting=other_setting,
        moved_on=date(2026, 3, 16),
    )

    assert KeyPersonAllocation.objects.get(child=key_child).ends_on == date(2026, 3, 20)


def test_a_move_from_an_older_version_moves_nothing(
    manager, key_child, care_setting, other_setting
):
    Child.objects.filter(pk=key_child.pk).update(version=2)

    with pytest.raises(services.StaleRecord):
        services.child_move(
            child=key_child,
            by=manager,
            version=1,
            to_setting=other_setting,
            moved_on=date(2026, 3, 16),
        )

    assert Child.objects.get(pk=key_child.pk).care_setting == care_setting
    assert not SettingChange.objects.exists()
    assert KeyPersonAllocation.objects.get(child=key_child).ends_on is None


def test_team_members_are_added_and_changed_with_an_audit_trail(key_person, key_child):
    member = services.team_member_save(
        child=key_child,
        by=key_person,
        role=TeamMember.Role.FOSTER_CARER,
        name="Jo Bell",
        email="jo@example.test",
        invite_to_pep=True,
    )
    services.team_member_save(
        child=key_child,
        by=key_person,
        member=member,
        version=1,
        phone="07700 900123",
        name="Jo Bell",
    )

    member.refresh_from_db()
    assert member.phone == "07700 900123"
    added, changed = events_about(key_child)
    assert (added.verb, added.target_id) == ("child.team_member_added", str(member.pk))
    assert added.changes["role"] == [None, "Foster carer"]
    assert changed.verb == "child.team_member_changed"
    assert changed.changes == {"phone": ["", "07700 900123"]}


def test_a_team_member_of_another_child_cannot_be_changed(key_person, key_child, other_child):
    stranger = TeamMemberFactory(child=other_child)

    with pytest.raises(ValueError):
        services.team_member_save(
            child=key_child, by=key_person, member=stranger, version=1, name="X"
        )


def test_consents_are_recorded_and_withdrawn_with_an_audit_trail(key_person, key_child):
    mother = TeamMemberFactory(child=key_child, name="Ada Lee")

    consent = services.consent_record(
        child=key_child,
        by=key_person,
        kind=Consent.Kind.OUTINGS,
        granted=True,
        given_by=mother,
        given_on=date(2026, 3, 2),
    )
    services.consent_withdraw(
        child=key_child, consent=consent, by=key_person, withdrawn_on=date(2026, 3, 16)
    )
    # Withdrawing twice changes nothing.
    services.consent_withdraw(
        child=key_child, consent=consent, by=key_person, withdrawn_on=date(2026, 3, 20)
    )

    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2026, 3, 16)
    given, withdrawn = events_about(key_child)
    assert given.verb == "child.consent_given"
    assert given.changes == {"kind": "Outings", "given_by": "Ada Lee", "given_on": "2026-03-02"}
    assert withdrawn.verb == "child.consent_withdrawn"
    assert withdrawn.changes["withdrawn_on"] == [None, "2026-03-16"]


def test_a_refusal_is_audited_as_a_refusal(key_person, key_child):
    mother = TeamMemberFactory(child=key_child)

    services.consent_record(
        child=key_child,
        by=key_person,
        kind=Consent.Kind.PHOTOGRAPHS,
        granted=False,
        given_by=mother,
        given_on=date(2026, 3, 2),
    )

    assert [event.verb for event in events_about(key_child)] == ["child.consent_refused"]


def test_consent_must_come_from_this_childs_team(key_person, key_child, other_child):
    stranger = TeamMemberFactory(child=other_child)

    with pytest.raises(ValueError):
        services.consent_record(
            child=key_child,
            by=key_person,
            kind=Consent.Kind.OUTINGS,
            granted=True,
            given_by=stranger,
            given_on=date(2026, 3, 2),
        )


def test_events_of_one_child_are_not_in_anothers_trail(manager, care_setting, key_child):
    other = ChildFactory(care_setting=care_setting)

    services.child_update(child=other, by=manager, version=1, room=room(other, "Owls"))

    assert events_about(key_child) == []


def test_leaving_queues_the_leaving_summary_once_the_leave_is_saved(
    manager, key_child, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.child_leave(
            child=key_child,
            by=manager,
            version=1,
            leave_date=key_child.start_date.replace(year=key_child.start_date.year + 1),
            leaving_destination="Reception at Oakfield Primary",
        )

    assert len(callbacks) == 1
    # The name must be one the worker knows once it has loaded the apps' tasks.
    current_app.loader.import_default_modules()
    assert leaving_summary_render.name in current_app.tasks
