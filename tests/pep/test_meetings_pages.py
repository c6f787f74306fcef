"""Meeting pages on both sides: schedule, reschedule, cancel, confirm, record, the child's
calendar of meetings with looked-after review dates, the .ics download, the PEP panel and
the child hub's link. Bad input keeps what was typed; a version conflict is explained."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from common.models import AuditEvent
from pep.meetings.register import pep_panel
from pep.models import Meeting, Pep
from tests.factories.children import TeamMemberFactory
from tests.factories.pep import InviteeFactory, MeetingFactory, PepFactory
from tests.forms_html import forms_in
from tests.matrix.base import day_parts
from tests.pep.meeting_helpers import NOW, at

DAY = date(2026, 4, 1)


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


def url(side, name, *args):
    return reverse(f"settings:pep:{name}", args=[side.slug, *args])


def la_url(la, name, *args):
    return reverse(f"la_pep:{name}", args=[la.slug, *args])


def form_data(response, action_contains, **overrides):
    (form,) = [
        form
        for form in forms_in(response.content.decode())
        if form.method == "post" and action_contains in (form.action or "")
    ] or [forms_in(response.content.decode())[-1]]
    return form.data(overrides)


def the_form(response):
    return next(
        form
        for form in forms_in(response.content.decode())
        if form.method == "post" and form.action != reverse("accounts:logout")
    )


def test_the_schedule_page_ticks_the_team_marked_for_peps_and_the_key_person(
    client_as, cic_advisor, key_child, home_la
):
    pep = PepFactory(child=key_child)
    social = TeamMemberFactory(child=key_child, social_worker=True)
    parent = TeamMemberFactory(child=key_child)

    response = client_as(cic_advisor).get(la_url(home_la, "meeting_schedule", pep.pk))

    assert response.status_code == 200
    form = the_form(response)
    assert form.fields["team_members"] == [str(social.pk)]
    assert str(parent.pk) in form.options["team_members"]
    assert form.fields["invite_key_person"] == ["on"]


def test_scheduling_from_the_la_side_redirects_and_saves(
    client_as, cic_advisor, key_child, home_la
):
    pep = PepFactory(child=key_child)
    client = client_as(cic_advisor)
    page = client.get(la_url(home_la, "meeting_schedule", pep.pk))

    response = client.post(
        la_url(home_la, "meeting_schedule", pep.pk),
        the_form(page).data(
            {**day_parts("date", DAY), "starts": "10:00", "ends": "11:00", "location": "Room 1"}
        ),
    )

    assert response.status_code == 302
    meeting = Meeting.objects.get(pep=pep)
    assert meeting.starts_at == at(DAY, 10)
    assert [invitee.user for invitee in meeting.invitees.all()] == [key_child.key_person]
    pep.refresh_from_db()
    assert pep.status == Pep.Status.SCHEDULED


def test_bad_input_keeps_what_was_typed_and_explains(
    client_as, cic_advisor, key_child, care_setting
):
    pep = PepFactory(child=key_child)
    client = client_as(cic_advisor)
    page = client.get(url(care_setting, "meeting_schedule", pep.pk))

    response = client.post(
        url(care_setting, "meeting_schedule", pep.pk),
        the_form(page).data(
            {
                **day_parts("date", DAY),
                "starts": "11:00",
                "ends": "10:00",
                "location": "The carer's home",
                "extra_name_1": "Ira Reviewing",
                "extra_email_1": "not an address",
            }
        ),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "The end time must be after the start time" in html
    assert "Enter the role of the person to invite" in html
    form = the_form(response)
    assert form.value_of("location") == "The carer's home"
    assert form.value_of("extra_name_1") == "Ira Reviewing"
    assert form.value_of("extra_email_1") == "not an address"
    assert not Meeting.objects.exists()


def test_a_time_that_is_not_hours_and_minutes_is_explained(
    client_as, cic_advisor, key_child, care_setting
):
    pep = PepFactory(child=key_child)
    client = client_as(cic_advisor)
    page = client.get(url(care_setting, "meeting_schedule", pep.pk))

    response = client.post(
        url(care_setting, "meeting_schedule", pep.pk),
        the_form(page).data({**day_parts("date", DAY), "starts": "25:00", "ends": "half ten"}),
    )

    html = response.content.decode()
    assert "Enter the start time as hours and minutes on the 24-hour clock" in html
    assert the_form(response).value_of("ends") == "half ten"


def test_a_reschedule_over_someone_elses_change_is_explained_and_keeps_what_was_typed(
    client_as, cic_advisor, key_pep, care_setting
):
    meeting = Meeting.objects.get(pep=key_pep)
    client = client_as(cic_advisor)
    page = client.get(url(care_setting, "meeting_reschedule", meeting.pk))
    Meeting.objects.filter(pk=meeting.pk).update(location="Moved by someone else", version=9)

    response = client.post(
        url(care_setting, "meeting_reschedule", meeting.pk),
        the_form(page).data(
            {**day_parts("date", DAY), "starts": "14:00", "ends": "15:00", "reason": "Holiday."}
        ),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this meeting" in html
    assert "Moved by someone else" in html  # what it says now, beside what was typed
    form = the_form(response)
    assert (form.value_of("reason"), form.value_of("starts")) == ("Holiday.", "14:00")
    assert form.value_of("version") == "9"
    meeting.refresh_from_db()
    assert (meeting.sequence, meeting.location) == (0, "Moved by someone else")


def test_cancelling_needs_a_reason_and_keeps_the_page(client_as, cic_advisor, key_pep, home_la):
    meeting = Meeting.objects.get(pep=key_pep)
    client = client_as(cic_advisor)
    page = client.get(la_url(home_la, "meeting_cancel", meeting.pk))

    response = client.post(la_url(home_la, "meeting_cancel", meeting.pk), the_form(page).data({}))

    assert response.status_code == 200
    assert "Enter why the meeting is cancelled" in response.content.decode()
    response = client.post(
        la_url(home_la, "meeting_cancel", meeting.pk),
        the_form(page).data({"reason": "The child has moved."}),
    )
    assert response.status_code == 302
    key_pep.refresh_from_db()
    assert key_pep.status == Pep.Status.DUE


def test_confirming_shows_when_the_paperwork_will_be_due(
    client_as, cic_advisor, key_child, care_setting
):
    pep = PepFactory(child=key_child, status=Pep.Status.SCHEDULED)
    meeting = MeetingFactory(
        pep=pep, organiser=cic_advisor, starts_at=at(DAY, 10), ends_at=at(DAY, 11)
    )
    client = client_as(cic_advisor)

    page = client.get(url(care_setting, "meeting_confirm", meeting.pk))

    assert "The paperwork is due by <strong>25 March 2026</strong>" in page.content.decode()
    response = client.post(url(care_setting, "meeting_confirm", meeting.pk), the_form(page).data())
    assert response.status_code == 302
    pep.refresh_from_db()
    assert pep.status == Pep.Status.PAPERWORK_REQUESTED


def test_recording_the_meeting(client_as, cic_advisor, key_child, home_la):
    pep = PepFactory(child=key_child, submitted=True)
    now = timezone.now()
    meeting = MeetingFactory(
        pep=pep,
        organiser=cic_advisor,
        starts_at=now - timedelta(hours=2),
        ends_at=now - timedelta(hours=1),
    )
    first, second = InviteeFactory(meeting=meeting), InviteeFactory(meeting=meeting)
    client = client_as(cic_advisor)
    page = client.get(la_url(home_la, "meeting_record", meeting.pk))

    response = client.post(
        la_url(home_la, "meeting_record", meeting.pk),
        the_form(page).data(
            {
                f"attendance_{first.pk}": "attended",
                f"attendance_{second.pk}": "apologies",
                "outcome": "Targets agreed.",
                **day_parts("next_pep_on", date(2026, 9, 14)),
            }
        ),
    )

    assert response.status_code == 302
    pep.refresh_from_db()
    assert (pep.status, pep.next_pep_on) == (Pep.Status.AWAITING_QA, date(2026, 9, 14))


def test_a_signed_pep_meeting_page_says_it_cannot_be_changed_and_a_post_changes_nothing(
    client_as, cic_advisor, key_pep, care_setting
):
    meeting = Meeting.objects.get(pep=key_pep)
    Pep.objects.filter(pk=key_pep.pk).update(status=Pep.Status.SIGNED_OFF)
    client = client_as(cic_advisor)

    for name in ("meeting_reschedule", "meeting_cancel", "meeting_confirm", "meeting_record"):
        page = client.get(url(care_setting, name, meeting.pk))
        assert "This PEP is signed off" in page.content.decode(), name
        response = client.post(
            url(care_setting, name, meeting.pk), {"version": meeting.version, "reason": "x"}
        )
        assert response.status_code == 200 and "cannot be changed" in response.content.decode()
    schedule = client.get(url(care_setting, "meeting_schedule", key_pep.pk))
    assert "This PEP is signed off" in schedule.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).version == meeting.version


def test_the_key_person_changes_other_meetings_but_not_the_pep_meeting(
    client_as, key_person, key_pep, key_child, care_setting
):
    review = MeetingFactory(
        pep=None, child=key_child, kind=Meeting.Kind.LAC_REVIEW, organiser=key_person
    )
    pep_meeting = Meeting.objects.get(pep=key_pep)
    client = client_as(key_person)

    assert client.get(url(care_setting, "meeting_reschedule", review.pk)).status_code == 200
    assert client.get(url(care_setting, "meeting_cancel", review.pk)).status_code == 200
    assert client.get(url(care_setting, "meeting_reschedule", pep_meeting.pk)).status_code == 403


def test_adding_another_meeting_as_the_key_person(client_as, key_person, key_child, care_setting):
    client = client_as(key_person)
    page = client.get(url(care_setting, "other_meeting_add", key_child.pk))

    response = client.post(
        url(care_setting, "other_meeting_add", key_child.pk),
        the_form(page).data(
            {
                "kind": "transition",
                **day_parts("date", DAY),
                "starts": "09:30",
                "ends": "10:30",
                "location": "Oak Primary School",
                "extra_name_1": "Ms Reception",
                "extra_role_1": "Reception teacher",
            }
        ),
    )

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.pep, meeting.organiser) == ("transition", None, key_person)


def test_the_child_meetings_page_shows_meetings_and_lac_review_due_dates(
    client_as, key_person, key_child, care_setting
):
    key_child.entered_care_on = date(2026, 1, 5)
    key_child.save(update_fields=["entered_care_on"])
    MeetingFactory(
        pep=None,
        child=key_child,
        kind=Meeting.Kind.LAC_REVIEW,
        status=Meeting.Status.HELD,
        held_on=date(2026, 1, 30),
        starts_at=at(date(2026, 1, 30), 10),
        ends_at=at(date(2026, 1, 30), 11),
    )

    response = client_as(key_person).get(url(care_setting, "child_meetings", key_child.pk))

    html = response.content.decode()
    assert response.status_code == 200
    # First due 20 working days after 5 January (2 February), held 30 January; the second
    # within 3 months of the first: by 30 April.
    assert "1st review" in html and "Due by 2 February 2026" in html
    assert "Held on 30 January 2026" in html
    assert "2nd review" in html and "Due by 30 April 2026" in html
    assert "Add a meeting" in html
    assert AuditEvent.objects.filter(verb="pep.meetings_viewed", actor=key_person).exists()


def make_meetings(child, organiser, count):
    for number in range(count):
        meeting = MeetingFactory(
            pep=None,
            child=child,
            kind=Meeting.Kind.ADVISOR_VISIT,
            organiser=organiser,
            starts_at=at(DAY + timedelta(days=number), 10),
            ends_at=at(DAY + timedelta(days=number), 11),
        )
        InviteeFactory(meeting=meeting)
        InviteeFactory(meeting=meeting)


@pytest.mark.parametrize("rows", [2, 12])
def test_the_child_meetings_page_query_count_does_not_grow(
    rows, client_as, manager, key_child, care_setting, django_assert_num_queries
):
    make_meetings(key_child, manager, rows)
    client = client_as(manager)
    page = url(care_setting, "child_meetings", key_child.pk)
    client.get(page)  # warm the session

    # session, user, setting, membership, LA roles at the setting, the child, the
    # meetings with their PEPs and organisers, their invitees, the audit event (its
    # content types are cached after the first request), the unread notifications count,
    # and the session saved again (savepoint, update, release)
    with django_assert_num_queries(13):
        response = client.get(page)

    assert response.status_code == 200


def test_the_ics_download_is_the_invitation_and_is_audited(
    client_as, key_person, key_pep, care_setting
):
    meeting = Meeting.objects.get(pep=key_pep)

    response = client_as(key_person).get(url(care_setting, "meeting_ics", meeting.pk))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"METHOD:REQUEST" in response.content
    assert f"UID:{meeting.uid}@eyfs-portal".encode() in response.content
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(verb="pep.meeting_ics_downloaded").exists()


def test_the_pep_panel_offers_the_organiser_the_actions_and_others_only_the_meeting(
    key_pep, cic_advisor, manager, care_setting, home_la
):
    from accounts.permissions import la_access_for, setting_access_for

    organiser = pep_panel(la_access_for(cic_advisor, home_la.slug), key_pep)
    reader = pep_panel(setting_access_for(manager, care_setting.slug), key_pep)

    assert organiser["can_organise_pep"] is True
    (row,) = organiser["rows"]
    assert [link.label for link in row.actions] == ["Reschedule", "Cancel"]
    assert [invitee.name for invitee in row.invitees] == ["Kim Keyperson"]
    assert organiser["schedule_url"] == ""  # it already has a meeting
    assert reader["can_organise_pep"] is False
    assert reader["rows"][0].actions == []
    assert reader["rows"][0].ics_url


def test_the_child_hub_links_to_the_meetings_of_a_looked_after_child(
    client_as, manager, key_child, care_setting
):
    response = client_as(manager).get(
        reverse("settings:children:detail", args=[care_setting.slug, key_child.pk])
    )

    assert url(care_setting, "child_meetings", key_child.pk) in response.content.decode()
