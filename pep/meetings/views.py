"""Pages of meetings about a looked-after child, served on both sides.

A setting's staff reach them under /settings/<setting_slug>/pep/, an LA's advisors under
/la/<la_slug>/pep/: the same views, the door decides. Scheduling, moving, cancelling,
confirming and recording a PEP meeting is the responsible LA's children in care advisor's;
the child's other meetings are also the setting's (the manager, the key person).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.permissions import (
    AccessRequest,
    Action,
    can_organise_pep,
    setting_or_la_required,
)
from children.models import Child
from children.selectors import child_get_for, child_in_scope_get
from common import dates
from common.form_pages import add_service_error
from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved
from common.versioning import StaleRecord, conflicted_form, differing
from pep.meetings import emails, ics, selectors, services
from pep.meetings.forms import CancelForm, ConfirmForm, MeetingForm, RecordForm, RescheduleForm
from pep.meetings.pages import child_hub_url, meeting_row, pep_page_url
from pep.models import Meeting, Pep
from pep.pages import pep_url
from pep.selectors import pep_get_for

MEETING_CONFLICT = (
    "Someone else changed this meeting while you were looking at it. Nothing has been "
    "saved: check the meeting as it is now, then send the form again if you still mean it."
)


def _words(meeting: Meeting) -> str:
    """Return the kind of meeting inside a sentence: "PEP meeting", "looked-after review"."""
    return ics.KIND_WORDS[Meeting.Kind(meeting.kind)]


def _meetings_url(request: AccessRequest, child_id: int) -> str:
    return pep_url(request.access, "child_meetings", child_id)


def _after(request: AccessRequest, meeting: Meeting) -> str:
    """Return where to go after a change: the PEP page, or the child's meetings."""
    if meeting.pep_id:
        page = pep_page_url(request.access, meeting.pep_id)
        if page:
            return page
    return _meetings_url(request, meeting.child_id)


def _blocked(meeting: Meeting) -> str:
    """Return why the meeting cannot be changed any more, or ""."""
    pep = meeting.pep if meeting.pep_id else None
    if pep is not None and pep.is_locked:
        return services.LOCKED[Pep.Status(pep.status)]
    if meeting.status not in selectors.LIVE:
        return services.NOT_LIVE[Meeting.Status(meeting.status)]
    return ""


def _render_blocked(request: AccessRequest, meeting: Meeting, reason: str) -> HttpResponse:
    return render(
        request,
        "pep/meetings/meeting_blocked.html",
        {
            "meeting": meeting,
            "child": meeting.child,
            "reason": reason,
            "back_url": _meetings_url(request, meeting.child_id),
        },
    )


def _refused(form: Any, blocked: str) -> bool:
    """Put why the meeting cannot be changed on a posted form (what was typed stays)."""
    if not blocked or not form.is_bound:
        return False
    form.is_valid()
    form.add_error(None, blocked)
    return True


def _page_context(request: AccessRequest, meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "child": meeting.child,
        "kind_words": _words(meeting),
        "when": emails.when_of(meeting),
        "where": ics.where_of(meeting),
        "back_url": _after(request, meeting),
    }


# --- Scheduling a PEP meeting, adding another meeting ------------------------------------


@setting_or_la_required
def meeting_schedule_view(request: AccessRequest, pep_id: int) -> HttpResponse:
    """Schedule the PEP's meeting and invite the team around the child."""
    pep = pep_get_for(request.access, pep_id, Action.ORGANISE_PEP_MEETINGS)
    child = pep.child
    today = dates.today()
    form = MeetingForm(
        request.POST or None,
        child=child,
        team=selectors.team_for_invites(child),
        today=today,
        other=False,
        button="Schedule the meeting and send the invitations",
    )
    back = pep_page_url(request.access, pep.pk) or _meetings_url(request, child.pk)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(pep=pep, by=request.user, **form.service_values())
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(back)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"The PEP meeting for {child.known_as} is scheduled for "
                f"{emails.when_of(meeting)}. The invitations are on their way.",
            )
            return redirect(back)
    return render(
        request,
        "pep/meetings/meeting_form.html",
        {
            "form": form,
            "child": child,
            "pep": pep,
            "heading": f"Schedule {child.known_as}'s PEP meeting",
            "existing": None if pep.is_locked else selectors.live_meeting(pep),
            "locked": services.LOCKED.get(Pep.Status(pep.status), ""),
            "back_url": back,
        },
    )


@setting_or_la_required
def other_meeting_add_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Add a looked-after review, advisor visit or transition meeting to the calendar."""
    child = child_in_scope_get(request.access, child_id)
    selectors.require_other_meetings_recorder(request.access, child)
    form = MeetingForm(
        request.POST or None,
        child=child,
        team=selectors.team_for_invites(child),
        today=dates.today(),
        other=True,
        button="Add the meeting",
    )
    back = _meetings_url(request, child.pk)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.other_meeting_add(
                child=child, by=request.user, **form.service_values()
            )
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(back)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            sent = (
                " The invitations are on their way." if meeting.starts_at > timezone.now() else ""
            )
            messages.success(
                request,
                f"The {_words(meeting)} on {emails.when_of(meeting)} is in "
                f"{child.known_as}'s meetings.{sent}",
            )
            return redirect(back)
    return render(
        request,
        "pep/meetings/meeting_form.html",
        {
            "form": form,
            "child": child,
            "heading": f"Add a meeting about {child.known_as}",
            "back_url": back,
        },
    )


# --- Changing a meeting ----------------------------------------------------------------


def _when_and_where(meeting: Meeting) -> dict[str, Any]:
    starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return {
        "date": starts.date(),
        "starts": f"{starts:%H:%M}",
        "ends": f"{ends:%H:%M}",
        "location": meeting.location,
        "video_link": meeting.video_link,
    }


@setting_or_la_required
def meeting_reschedule_view(request: AccessRequest, meeting_id: int) -> HttpResponse:
    """Move the meeting, with a reason; the invitees get the changed invitation."""
    meeting = selectors.meeting_get_for(request.access, meeting_id, change=True)
    blocked = _blocked(meeting)
    if blocked and request.method != "POST":
        return _render_blocked(request, meeting, blocked)
    options = {"today": dates.today(), "future": meeting.pep_id is not None}
    initial = {**_when_and_where(meeting), "version": meeting.version}
    form = RescheduleForm(request.POST or None, initial=initial, **options)
    conflict: list[tuple[str, str, str]] = []
    if request.method == "POST" and not _refused(form, blocked) and form.is_valid():
        values = form.service_values()
        try:
            meeting = services.meeting_reschedule(meeting=meeting, by=request.user, **values)
        except StaleRecord:
            saved = selectors.meeting_get_for(request.access, meeting_id, change=True)
            conflict = differing(
                [
                    ("When", emails.when_of(saved), _typed_when(values)),
                    ("Place", saved.location, values["location"]),
                    ("Video link", saved.video_link, values["video_link"]),
                    ("Status", saved.get_status_display(), meeting.get_status_display()),
                ]
            )
            form = conflicted_form(
                RescheduleForm,
                request.POST,
                version=saved.version,
                message=MEETING_CONFLICT,
                initial={**_when_and_where(saved), "version": saved.version},
                **options,
            )
            meeting = saved
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"The meeting is moved to {emails.when_of(meeting)}. Everyone invited is "
                "being sent the change.",
            )
            return redirect(_after(request, meeting))
    return render(
        request,
        "pep/meetings/meeting_reschedule.html",
        {"form": form, "conflict": conflict, **_page_context(request, meeting)},
    )


def _typed_when(values: dict[str, Any]) -> str:
    starts = timezone.localtime(values["starts_at"])
    ends = timezone.localtime(values["ends_at"])
    return f"{starts:%A %-d %B %Y}, {starts:%H:%M} to {ends:%H:%M}"


@setting_or_la_required
def meeting_cancel_view(request: AccessRequest, meeting_id: int) -> HttpResponse:
    """Cancel the meeting, with a reason; the invitees get the cancellation."""
    meeting = selectors.meeting_get_for(request.access, meeting_id, change=True)
    blocked = _blocked(meeting)
    if blocked and request.method != "POST":
        return _render_blocked(request, meeting, blocked)
    form = CancelForm(request.POST or None, initial={"version": meeting.version})
    if request.method == "POST" and not _refused(form, blocked) and form.is_valid():
        try:
            meeting = services.meeting_cancel(
                meeting=meeting, by=request.user, **form.cleaned_data
            )
        except StaleRecord:
            saved = selectors.meeting_get_for(request.access, meeting_id, change=True)
            form = conflicted_form(
                CancelForm, request.POST, version=saved.version, message=MEETING_CONFLICT
            )
            meeting = saved
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"The {_words(meeting)} on {emails.when_of(meeting)} is cancelled. Everyone "
                "invited is being told.",
            )
            return redirect(_after(request, meeting))
    return render(
        request,
        "pep/meetings/meeting_cancel.html",
        {"form": form, **_page_context(request, meeting)},
    )


@setting_or_la_required
def meeting_confirm_view(request: AccessRequest, meeting_id: int) -> HttpResponse:
    """Confirm the meeting; for a PEP, the paperwork request goes to the key person."""
    meeting = selectors.meeting_get_for(request.access, meeting_id, change=True)
    blocked = _blocked(meeting) or (
        "This meeting is confirmed already." if meeting.status == Meeting.Status.CONFIRMED else ""
    )
    if blocked and request.method != "POST":
        return _render_blocked(request, meeting, blocked)
    today = dates.today()
    pep = meeting.pep if meeting.pep_id else None
    requests_paperwork = pep is not None and pep.status in (
        Pep.Status.DUE,
        Pep.Status.SCHEDULED,
    )
    due_on = (
        services.paperwork_due_on(
            meeting_day=timezone.localdate(meeting.starts_at),
            lead_days=pep.responsible_la.paperwork_lead_days,
            today=today,
        )
        if requests_paperwork and pep is not None
        else None
    )
    button = (
        "Confirm the meeting and request the paperwork"
        if requests_paperwork
        else "Confirm the meeting"
    )
    form = ConfirmForm(request.POST or None, initial={"version": meeting.version}, button=button)
    if request.method == "POST" and not _refused(form, blocked) and form.is_valid():
        try:
            meeting = services.meeting_confirm(
                meeting=meeting, by=request.user, **form.cleaned_data
            )
        except StaleRecord:
            saved = selectors.meeting_get_for(request.access, meeting_id, change=True)
            form = conflicted_form(
                ConfirmForm,
                request.POST,
                version=saved.version,
                message=MEETING_CONFLICT,
                button=button,
            )
            meeting = saved
        except ValidationError as error:
            add_service_error(form, error)
        else:
            told = (
                f" The key person has been asked for the paperwork by {due_on:%-d %B %Y}."
                if due_on
                else ""
            )
            messages.success(
                request, f"The meeting on {emails.when_of(meeting)} is confirmed.{told}"
            )
            return redirect(_after(request, meeting))
    return render(
        request,
        "pep/meetings/meeting_confirm.html",
        {
            "form": form,
            "requests_paperwork": requests_paperwork,
            "paperwork_due_on": due_on,
            **_page_context(request, meeting),
        },
    )


@setting_or_la_required
def meeting_record_view(request: AccessRequest, meeting_id: int) -> HttpResponse:
    """After the meeting: who attended, what was agreed and, for a PEP, the next date."""
    meeting = selectors.meeting_get_for(request.access, meeting_id, change=True)
    blocked = _blocked(meeting)
    today = dates.today()
    day = timezone.localdate(meeting.starts_at)
    if not blocked and day > today:
        blocked = f"This meeting is on {day:%-d %B %Y}: record it once it has been held."
    if blocked and request.method != "POST":
        return _render_blocked(request, meeting, blocked)
    invitees = list(meeting.invitees.order_by("pk"))
    options = {"invitees": invitees, "today": today, "is_pep": meeting.pep_id is not None}
    initial: dict[str, Any] = {"version": meeting.version, "held_on": day}
    form = RecordForm(request.POST or None, initial=initial, **options)
    if request.method == "POST" and not _refused(form, blocked) and form.is_valid():
        try:
            meeting = services.meeting_record(
                meeting=meeting, by=request.user, **form.service_values()
            )
        except StaleRecord:
            saved = selectors.meeting_get_for(request.access, meeting_id, change=True)
            form = conflicted_form(
                RecordForm,
                request.POST,
                version=saved.version,
                message=MEETING_CONFLICT,
                initial={"version": saved.version, "held_on": day},
                **options,
            )
            meeting = saved
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"The {_words(meeting)} held on {meeting.held_on:%-d %B %Y} is recorded.",
            )
            return redirect(_after(request, meeting))
    return render(
        request,
        "pep/meetings/meeting_record.html",
        {"form": form, **_page_context(request, meeting)},
    )


# --- Reading -------------------------------------------------------------------------------


@setting_or_la_required
def meeting_ics_view(request: AccessRequest, meeting_id: int) -> HttpResponse:
    """Download the meeting's calendar invitation (the same UID and SEQUENCE as e-mailed)."""
    meeting = selectors.meeting_get_for(request.access, meeting_id, change=False)
    invitees = list(meeting.invitees.order_by("pk"))
    content = ics.meeting_ics(meeting, invitees=invitees, stamp=timezone.now())
    selectors.audit_ics_download(request.access, meeting)
    response = HttpResponse(
        content, content_type=f"text/calendar; charset=utf-8; method={ics.method_of(meeting)}"
    )
    response["Content-Disposition"] = f'attachment; filename="{ics.ics_filename(meeting)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@setting_or_la_required
def child_meetings_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """The child's calendar: PEP and other meetings, and when looked-after reviews are due."""
    access = request.access
    child: Child = child_get_for(access, child_id, Action.VIEW_PEP)
    today, now = dates.today(), timezone.now()
    meetings = selectors.child_meetings(child)
    may_organise = can_organise_pep(access, Action.ORGANISE_PEP_MEETINGS, child=child)
    may_record_other = selectors.can_record_other_meetings(access, child)
    rows = [
        meeting_row(
            access,
            meeting,
            may_change=may_organise if meeting.pep_id else may_record_other,
            today=today,
            now=now,
        )
        for meeting in meetings
    ]
    upcoming = sorted(
        (row for row in rows if row.is_live and row.meeting.ends_at >= now),
        key=lambda row: row.meeting.starts_at,
    )
    earlier = [row for row in rows if row not in upcoming]
    selectors.audit_meetings_read(access, child)
    return render(
        request,
        "pep/meetings/child_meetings.html",
        {
            "child": child,
            "upcoming": upcoming,
            "earlier": earlier,
            "reviews": selectors.lac_review_dates(child, meetings, today=today),
            "today": today,
            "can_add": may_record_other and child.is_looked_after,
            "add_url": pep_url(access, "other_meeting_add", child.pk),
            "hub_url": child_hub_url(access, child.pk),
        },
    )
