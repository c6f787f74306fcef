"""Meeting services: the PEP's status moves with its meeting, every change is refused on a
locked PEP, edits carry a version check, and only the responsible LA organises."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import LaRole
from accounts.permissions import Action, la_access_for, setting_access_for
from children.models import TeamMember
from common.models import AuditEvent
from common.versioning import StaleRecord
from notifications.models import Notification
from pep.meetings import services
from pep.meetings.services import InviteeSpec
from pep.models import Invitee, Meeting, Pep
from pep.selectors import pep_get_for
from tests.factories.accounts import ChildFactory, LaRoleFactory
from tests.factories.children import TeamMemberFactory
from tests.factories.pep import InviteeFactory, MeetingFactory, PepFactory
from tests.pep.meeting_helpers import NOW, at, social_worker

MEETING_DAY = date(2026, 4, 1)  # a Wednesday


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def due_pep(key_child):
    return PepFactory(child=key_child)


def schedule(pep, by, **changes):
    values = {
        "pep": pep,
        "by": by,
        "starts_at": at(MEETING_DAY, 10),
        "ends_at": at(MEETING_DAY, 11),
        "location": "The setting's meeting room",
        "video_link": "",
        "invitees": [social_worker()],
        "notes": "",
        **changes,
    }
    return services.meeting_schedule(**values)


def test_scheduling_invites_the_team_and_the_key_person_and_the_pep_is_scheduled(
    due_pep, cic_advisor, key_person, key_child, django_capture_on_commit_callbacks
):
    carer = TeamMemberFactory(child=key_child, foster_carer=True, invite_to_pep=True)
    with django_capture_on_commit_callbacks() as callbacks:
        meeting = schedule(
            due_pep,
            cic_advisor,
            invitees=[
                InviteeSpec(
                    name=carer.name,
                    role="Foster carer",
                    email=carer.email,
                    team_member_id=carer.pk,
                ),
                InviteeSpec(
                    name=key_person.full_name,
                    role="Designated key person",
                    email=key_person.email,
                    user_id=key_person.pk,
                ),
                social_worker(),
                social_worker(),  # the same person twice is invited once
            ],
        )

    due_pep.refresh_from_db()
    assert due_pep.status == Pep.Status.SCHEDULED
    assert (meeting.kind, meeting.status, meeting.sequence) == ("pep", "scheduled", 0)
    assert meeting.organiser == cic_advisor
    invitees = list(meeting.invitees.order_by("pk"))
    assert [(i.name, i.team_member_id, i.user_id) for i in invitees] == [
        (carer.name, carer.pk, None),
        (key_person.full_name, None, key_person.pk),
        ("Sam Social", None, None),
    ]
    assert len(callbacks) == 1  # the invitations go once the transaction commits
    event = AuditEvent.objects.get(verb="pep.meeting_scheduled")
    assert (event.actor, event.restricted_to) == (cic_advisor, "view_pep")


def test_a_pep_with_a_meeting_to_be_held_cannot_get_a_second_one(key_pep, cic_advisor):
    with pytest.raises(ValidationError, match="already has a meeting"):
        schedule(key_pep, cic_advisor)

    assert Meeting.objects.filter(pep=key_pep).count() == 1


def test_a_meeting_in_the_past_is_refused(due_pep, cic_advisor):
    with pytest.raises(ValidationError):
        schedule(
            due_pep,
            cic_advisor,
            starts_at=at(date(2026, 3, 13), 10),
            ends_at=at(date(2026, 3, 13), 11),
        )


def test_a_team_member_of_another_child_cannot_be_invited(due_pep, cic_advisor, care_setting):
    stranger = TeamMemberFactory(child=ChildFactory(care_setting=care_setting))
    spec = InviteeSpec(name="X", role="Parent", team_member_id=stranger.pk)

    with pytest.raises(ValidationError):
        schedule(due_pep, cic_advisor, invitees=[spec])

    assert not Meeting.objects.exists()


def test_confirming_requests_the_paperwork_due_the_las_lead_time_in_working_days_before(
    due_pep, cic_advisor, key_person, key_child
):
    meeting = schedule(due_pep, cic_advisor)

    services.meeting_confirm(meeting=meeting, by=cic_advisor, version=meeting.version)

    due_pep.refresh_from_db()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONFIRMED
    assert due_pep.status == Pep.Status.PAPERWORK_REQUESTED
    assert due_pep.paperwork_requested_on == date(2026, 3, 16)
    # Five working days before Wednesday 1 April: Wednesday 25 March.
    assert due_pep.paperwork_due_on == date(2026, 3, 25)
    note = Notification.objects.get(kind="pep.paperwork_requested")
    assert note.recipient == key_person
    assert note.due_on == date(2026, 3, 25)
    assert "Kai" in note.subject and key_child.last_name not in note.subject


def test_confirming_over_easter_counts_only_working_days(due_pep, cic_advisor, key_child):
    # Meeting on Thursday 9 April 2026: Good Friday 3 April and Easter Monday 6 April are
    # bank holidays, so five working days before is Tuesday 31 March.
    easter_week = date(2026, 4, 9)
    meeting = schedule(
        due_pep, cic_advisor, starts_at=at(easter_week, 10), ends_at=at(easter_week, 11)
    )
    services.meeting_confirm(meeting=meeting, by=cic_advisor, version=meeting.version)

    due_pep.refresh_from_db()
    assert due_pep.paperwork_due_on == date(2026, 3, 31)


def test_rescheduling_needs_a_reason_raises_the_sequence_and_moves_the_paperwork_date(
    key_pep, cic_advisor, django_capture_on_commit_callbacks
):
    meeting = Meeting.objects.get(pep=key_pep)
    with pytest.raises(ValidationError):
        services.meeting_reschedule(
            meeting=meeting,
            by=cic_advisor,
            version=meeting.version,
            starts_at=at(MEETING_DAY, 14),
            ends_at=at(MEETING_DAY, 15),
            location="Room 2",
            video_link="",
            reason="  ",
        )

    with django_capture_on_commit_callbacks() as callbacks:
        moved = services.meeting_reschedule(
            meeting=meeting,
            by=cic_advisor,
            version=meeting.version,
            starts_at=at(MEETING_DAY, 14),
            ends_at=at(MEETING_DAY, 15),
            location="Room 2",
            video_link="",
            reason="The carer is at a hospital appointment.",
        )

    assert (moved.sequence, moved.uid) == (1, meeting.uid)
    assert moved.reschedule_reason == "The carer is at a hospital appointment."
    assert len(callbacks) == 1
    key_pep.refresh_from_db()
    assert key_pep.paperwork_due_on == date(2026, 3, 25)


def test_a_reschedule_over_someone_elses_change_is_refused(key_pep, cic_advisor):
    meeting = Meeting.objects.get(pep=key_pep)
    old_version = meeting.version
    services.meeting_reschedule(
        meeting=meeting,
        by=cic_advisor,
        version=old_version,
        starts_at=at(MEETING_DAY, 14),
        ends_at=at(MEETING_DAY, 15),
        location="Room 2",
        video_link="",
        reason="Moved.",
    )

    with pytest.raises(StaleRecord):
        services.meeting_reschedule(
            meeting=meeting,
            by=cic_advisor,
            version=old_version,
            starts_at=at(MEETING_DAY, 9),
            ends_at=at(MEETING_DAY, 10),
            location="Room 3",
            video_link="",
            reason="Moved again.",
        )

    meeting.refresh_from_db()
    assert (meeting.location, meeting.sequence) == ("Room 2", 1)


def test_the_same_reschedule_sent_twice_is_saved_once(key_pep, cic_advisor):
    meeting = Meeting.objects.get(pep=key_pep)
    values = {
        "by": cic_advisor,
        "version": meeting.version,
        "starts_at": at(MEETING_DAY, 14),
        "ends_at": at(MEETING_DAY, 15),
        "location": "Room 2",
        "video_link": "",
        "reason": "Moved.",
    }
    services.meeting_reschedule(meeting=meeting, **values)
    services.meeting_reschedule(meeting=meeting, **values)

    meeting.refresh_from_db()
    assert meeting.sequence == 1


def test_cancelling_puts_a_pep_not_yet_submitted_back_to_due(key_pep, cic_advisor):
    meeting = Meeting.objects.get(pep=key_pep)

    cancelled = services.meeting_cancel(
        meeting=meeting, by=cic_advisor, version=meeting.version, reason="The child moved."
    )

    assert (cancelled.status, cancelled.sequence) == (Meeting.Status.CANCELLED, 1)
    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.DUE
    assert (key_pep.paperwork_requested_on, key_pep.paperwork_due_on) == (None, None)
    # The PEP may be scheduled again.
    assert schedule(key_pep, cic_advisor).pk != meeting.pk


def test_cancelling_keeps_submitted_paperwork_submitted(key_child, cic_advisor):
    pep = PepFactory(child=key_child, submitted=True)
    meeting = MeetingFactory(pep=pep, organiser=cic_advisor)

    services.meeting_cancel(
        meeting=meeting, by=cic_advisor, version=meeting.version, reason="Ill."
    )

    pep.refresh_from_db()
    assert pep.status == Pep.Status.SUBMITTED


def test_cancelling_needs_a_reason(key_pep, cic_advisor):
    meeting = Meeting.objects.get(pep=key_pep)
    with pytest.raises(ValidationError):
        services.meeting_cancel(
            meeting=meeting, by=cic_advisor, version=meeting.version, reason=""
        )


def _held(pep, cic_advisor):
    now = timezone.now()
    meeting = MeetingFactory(
        pep=pep,
        organiser=cic_advisor,
        status=Meeting.Status.CONFIRMED,
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(hours=2),
    )
    first = InviteeFactory(meeting=meeting)
    second = InviteeFactory(meeting=meeting)
    return meeting, first, second


def test_recording_a_submitted_pep_meeting_sends_the_pep_to_quality_assurance(
    key_child, cic_advisor
):
    pep = PepFactory(child=key_child, submitted=True)
    meeting, first, second = _held(pep, cic_advisor)

    services.meeting_record(
        meeting=meeting,
        by=cic_advisor,
        version=meeting.version,
        held_on=date(2026, 3, 16),
        attendance={first.pk: "attended", second.pk: "apologies"},
        outcome="Targets agreed.",
        next_pep_on=date(2026, 9, 16),
    )

    pep.refresh_from_db()
    meeting.refresh_from_db()
    assert pep.status == Pep.Status.AWAITING_QA
    assert pep.next_pep_on == date(2026, 9, 16)
    assert (meeting.status, meeting.held_on, meeting.outcome) == (
        Meeting.Status.HELD,
        date(2026, 3, 16),
        "Targets agreed.",
    )
    assert dict(Invitee.objects.values_list("pk", "attendance")) == {
        first.pk: "attended",
        second.pk: "apologies",
    }


def test_recording_before_the_paperwork_is_submitted_leaves_the_status(key_child, cic_advisor):
    pep = PepFactory(child=key_child, status=Pep.Status.PAPERWORK_REQUESTED)
    meeting, first, second = _held(pep, cic_advisor)

    services.meeting_record(
        meeting=meeting,
        by=cic_advisor,
        version=meeting.version,
        held_on=date(2026, 3, 16),
        attendance={first.pk: "attended", second.pk: "absent"},
        outcome="Targets agreed.",
        next_pep_on=date(2026, 9, 16),
    )

    pep.refresh_from_db()
    assert pep.status == Pep.Status.PAPERWORK_REQUESTED


def test_recording_needs_everyones_attendance_and_the_next_pep_date(key_child, cic_advisor):
    pep = PepFactory(child=key_child, submitted=True)
    meeting, first, second = _held(pep, cic_advisor)
    base = {"meeting": meeting, "by": cic_advisor, "version": meeting.version}

    with pytest.raises(ValidationError):
        services.meeting_record(
            **base,
            held_on=date(2026, 3, 16),
            attendance={first.pk: "attended"},
            outcome="x",
            next_pep_on=date(2026, 9, 1),
        )
    with pytest.raises(ValidationError):
        services.meeting_record(
            **base,
            held_on=date(2026, 3, 16),
            attendance={first.pk: "attended", second.pk: "attended"},
            outcome="x",
            next_pep_on=None,
        )

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONFIRMED


def test_a_meeting_still_to_come_cannot_be_recorded(key_pep, cic_advisor):
    meeting = Meeting.objects.get(pep=key_pep)
    invitee = meeting.invitees.get()
    with pytest.raises(ValidationError, match="once it has been held"):
        services.meeting_record(
            meeting=meeting,
            by=cic_advisor,
            version=meeting.version,
            held_on=date(2026, 3, 16),
            attendance={invitee.pk: "attended"},
            outcome="x",
            next_pep_on=date(2026, 9, 1),
        )


@pytest.mark.parametrize("status", [Pep.Status.SIGNED_OFF, Pep.Status.CLOSED])
def test_every_write_on_a_locked_pep_is_refused_and_changes_nothing(key_pep, cic_advisor, status):
    meeting = Meeting.objects.get(pep=key_pep)
    Pep.objects.filter(pk=key_pep.pk).update(status=status, closed_reason="left_care")
    invitee = meeting.invitees.get()
    writes = [
        lambda: schedule(key_pep, cic_advisor),
        lambda: services.meeting_reschedule(
            meeting=meeting,
            by=cic_advisor,
            version=meeting.version,
            starts_at=at(MEETING_DAY, 14),
            ends_at=at(MEETING_DAY, 15),
            location="Room 2",
            video_link="",
            reason="Moved.",
        ),
        lambda: services.meeting_cancel(
            meeting=meeting, by=cic_advisor, version=meeting.version, reason="No."
        ),
        lambda: services.meeting_confirm(meeting=meeting, by=cic_advisor, version=meeting.version),
        lambda: services.meeting_record(
            meeting=meeting,
            by=cic_advisor,
            version=meeting.version,
            held_on=date(2026, 3, 16),
            attendance={invitee.pk: "attended"},
            outcome="x",
            next_pep_on=date(2026, 9, 1),
        ),
    ]
    before = list(Meeting.objects.values()), list(Pep.objects.values())

    for write in writes:
        with pytest.raises(ValidationError, match=r"signed off|closed"):
            write()

    assert (list(Meeting.objects.values()), list(Pep.objects.values())) == before


def test_only_the_responsible_las_advisor_organises_a_pep(care_setting, other_la, cic_advisor):
    # Placed in the home LA's setting, the other LA responsible for the child.
    child = ChildFactory(care_setting=care_setting, looked_after=True, responsible_la=other_la)
    pep = PepFactory(child=child)
    placing = LaRoleFactory(local_authority=other_la, role=LaRole.Role.CIC_ADVISOR).user

    at_home_la = la_access_for(cic_advisor, care_setting.local_authority.slug)
    at_setting = setting_access_for(cic_advisor, care_setting.slug)
    for access in (at_home_la, at_setting):
        assert pep_get_for(access, pep.pk, Action.VIEW_PEP) == pep  # placed here: reads
        with pytest.raises(PermissionDenied):
            pep_get_for(access, pep.pk, Action.ORGANISE_PEP_MEETINGS)
    responsible = la_access_for(placing, other_la.slug)
    assert pep_get_for(responsible, pep.pk, Action.ORGANISE_PEP_MEETINGS) == pep


def test_the_setting_adds_other_meetings_without_a_pep(key_child, key_person):
    meeting = services.other_meeting_add(
        child=key_child,
        by=key_person,
        kind=Meeting.Kind.LAC_REVIEW,
        starts_at=at(MEETING_DAY, 10),
        ends_at=at(MEETING_DAY, 11),
        location="Children's Services, Room 4",
        video_link="",
        invitees=[social_worker()],
    )

    assert (meeting.pep, meeting.kind, meeting.organiser) == (None, "lac_review", key_person)
    assert AuditEvent.objects.filter(verb="pep.meeting_added").exists()


def test_other_meetings_are_only_for_looked_after_children(care_setting, manager):
    child = ChildFactory(care_setting=care_setting)
    with pytest.raises(ValidationError, match="not looked after"):
        services.other_meeting_add(
            child=child,
            by=manager,
            kind=Meeting.Kind.TRANSITION,
            starts_at=at(MEETING_DAY, 10),
            ends_at=at(MEETING_DAY, 11),
            location="School",
            video_link="",
            invitees=[social_worker()],
        )


def test_a_pep_kind_cannot_be_added_as_another_meeting(key_child, key_person):
    with pytest.raises(ValidationError):
        services.other_meeting_add(
            child=key_child,
            by=key_person,
            kind=Meeting.Kind.PEP,
            starts_at=at(MEETING_DAY, 10),
            ends_at=at(MEETING_DAY, 11),
            location="Here",
            video_link="",
            invitees=[social_worker()],
        )


def test_inactive_team_members_are_not_offered(key_child):
    from pep.meetings.selectors import team_for_invites

    active = TeamMemberFactory(child=key_child)
    TeamMemberFactory(child=key_child, is_active=False)

    assert team_for_invites(key_child) == [active]
    assert TeamMember.objects.count() == 2
