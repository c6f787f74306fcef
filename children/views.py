"""Children pages: the list, the child's hub, the record, team, consents and moves.

Thin views: the door is ``child_get_for`` (404 outside scope, 403 without the grant),
reads are selectors, writes are services. Templates get ``can_*`` flags, never roles.

The child's hub stays here, under its URL names ``settings:children:detail`` and
``la_children:detail``: it is the child's record first, and the links higher apps add to it
(learning's progress pages, keypersons' "Allocate a key person") come through the hub
slots declared in ``accounts.panels``, which those apps register with in their
``AppConfig.ready``. So this app names none of them, and no URL name moves.
"""

import copy
import csv
from datetime import date
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.panels import HubSlot, hub_sections_for
from accounts.permissions import (
    ANY_ROLE,
    AccessRequest,
    Action,
    audit_entries_for,
    audit_kinds_for,
    audit_restriction_for,
    can,
    flags,
    la_required,
    landing_page,
    require,
    setting_required,
)
from children import selectors, services
from children.forms import (
    ChildAddForm,
    ChildEditForm,
    ChildFilterForm,
    ChildLeaveForm,
    ConsentForm,
    ConsentWithdrawForm,
    MoveForm,
    RoomAddForm,
    RoomEditForm,
    TeamMemberForm,
)
from children.models import Child
from common import dates
from common.audit import audit_record, audit_trail
from common.audit_filters import audit_page
from common.csv_cells import csv_cell
from common.form_pages import create_page, edit_page
from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved
from common.versioning import Difference, StaleRecord, conflicted_form, differences

LIST_PAGE_SIZE = 50
HUB_ACTIONS = (
    Action.EDIT_CHILD,
    Action.EDIT_TEAM,
    Action.VIEW_CHILD_AUDIT,
)


def _hub_url(child: Child) -> str:
    return reverse("settings:children:detail", args=[child.care_setting.slug, child.pk])


# --- The list --------------------------------------------------------------------------


def _filtered_children(request: AccessRequest, today: date) -> tuple[Any, ChildFilterForm]:
    access = request.access
    form = ChildFilterForm(
        request.GET or None,
        rooms=selectors.rooms_for(access),
        staff=selectors.staff_for_filter(access.care_setting),
    )
    filters = form.filters() if request.GET else {}
    return selectors.child_list_for(access, filters, today=today), form


@setting_required
def child_list_view(request: AccessRequest) -> HttpResponse:
    access = request.access
    require(access, Action.VIEW_CHILDREN)
    today = dates.today()
    children, form = _filtered_children(request, today)
    page = Paginator(children, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [
        (
            child,
            child.age_label(today),
            selectors.photo_consent_in_force(child, today),
            child.leave_date is not None and child.leave_date <= today,
        )
        for child in page
    ]
    return render(
        request,
        "children/child_list.html",
        {
            "care_setting": access.care_setting,
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "filtered": bool(form.filters()) if request.GET else False,
            **flags(access, Action.ADD_CHILD, Action.EXPORT_CHILDREN, Action.MANAGE_ROOMS),
        },
    )


EXPORT_COLUMNS = (
    "First name",
    "Last name",
    "Preferred name",
    "Date of birth",
    "Age",
    "Room or group",
    "Start date",
    "Leave date",
    "Leaving destination",
    "Key person",
    "Looked after",
    "Legal status",
    "Date entered care",
    "Responsible local authority",
    "Out of county",
    "SEN",
    "EYPP basis",
    "Funded entitlement",
    "Home languages",
    "Photograph consent",
)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


@setting_required
def child_export_view(request: AccessRequest) -> HttpResponse:
    """Download the filtered list as CSV, for managers; the download is audited."""
    access = request.access
    require(access, Action.EXPORT_CHILDREN)
    today = dates.today()
    children, _form = _filtered_children(request, today)
    slug = access.care_setting.slug
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="children-{slug}-{today}.csv"'
    # A byte order mark, so that spreadsheet programs read the names as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for child in children:
        count += 1
        responsible_la = child.responsible_la
        out_of_county = child.is_out_of_county
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    child.first_name,
                    child.last_name,
                    child.preferred_name,
                    _iso(child.date_of_birth),
                    child.age_label(today),
                    child.room,
                    _iso(child.start_date),
                    _iso(child.leave_date),
                    child.leaving_destination,
                    child.key_person.full_name if child.key_person else "",
                    child.get_looked_after_status_display(),
                    child.legal_status,
                    _iso(child.entered_care_on),
                    responsible_la.name if responsible_la else "",
                    "Yes" if out_of_county else "No",
                    child.get_sen_status_display(),
                    child.get_eypp_basis_display() if child.eypp_basis else "",
                    child.get_funded_entitlement_display(),
                    child.home_languages,
                    "Yes" if selectors.photo_consent_in_force(child, today) else "No",
                )
            ]
        )
    audit_record(
        actor=request.user,
        verb="children.exported",
        care_setting=access.care_setting,
        changes={"rows": count, "filters": request.GET.urlencode()},
    )
    return response


# --- The record ------------------------------------------------------------------------


@setting_required
def child_add_view(request: AccessRequest) -> HttpResponse:
    access = request.access
    require(access, Action.ADD_CHILD)
    care_setting = access.care_setting
    form = ChildAddForm(request.POST or None, care_setting=care_setting, today=dates.today())
    if request.method == "POST" and form.is_valid():
        try:
            child = services.child_add(
                care_setting=care_setting,
                by=request.user,
                carer=form.carer_fields(),
                **form.child_fields(),
            )
        except AlreadySaved as repeat:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            if isinstance(repeat.target, Child):
                return redirect("settings:children:detail", care_setting.slug, repeat.target.pk)
            return redirect("settings:children:list", care_setting.slug)
        messages.success(request, f"{child} has been added.")
        return redirect("settings:children:detail", care_setting.slug, child.pk)
    return render(
        request,
        "children/child_form.html",
        {
            "form": form,
            "care_setting": care_setting,
            "heading": "Add a child",
            "back_url": reverse("settings:children:list", args=[care_setting.slug]),
        },
    )


def _hub_context(access: Any, child: Child, *, on_setting_side: bool) -> dict[str, Any]:
    today = dates.today()
    team = list(selectors.team_for(child))
    back_url = ""
    if on_setting_side and can(access, Action.VIEW_CHILDREN):
        back_url = reverse("settings:children:list", args=[child.care_setting.slug])
    elif not on_setting_side:
        # The advisor's home, "My settings": a page the workspace registered.
        back_url = reverse(landing_page("la", ANY_ROLE), args=[access.local_authority.slug])
    return {
        "back_url": back_url,
        "child": child,
        "care_setting": child.care_setting,
        "age": child.age_label(today),
        "has_left": child.leave_date is not None and child.leave_date <= today,
        "out_of_county": child.is_out_of_county,
        "consents": selectors.consents_at_a_glance(child, today=today),
        "team": team,
        "emergency_contacts": selectors.emergency_contacts(team),
        "setting_changes": selectors.setting_changes_for(child),
        "on_setting_side": on_setting_side,
        # What higher apps put on the hub (learning's links, keypersons' "Allocate"), each
        # only for a viewer with its right: registered in accounts.panels, never named here.
        "hub_sections": hub_sections_for(access, child, on_setting_side=on_setting_side),
        "key_person_links": hub_sections_for(
            access, child, on_setting_side=on_setting_side, slot=HubSlot.KEY_PERSON
        ),
        # The LA side is read-only: its write flags are off without asking.
        **(
            flags(access, *HUB_ACTIONS, child=child)
            if on_setting_side
            else {f"can_{action.value}": False for action in HUB_ACTIONS}
        ),
    }


@setting_required
def child_detail_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """The child's hub: who they are, their care, consents, team and moves."""
    access = request.access
    child = selectors.child_get_for(access, child_id, Action.VIEW_CHILD)
    return render(
        request, "children/child_detail.html", _hub_context(access, child, on_setting_side=True)
    )


@la_required
def la_child_detail_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """The same hub, read-only, for an LA advisor who follows the child."""
    access = request.access
    child = selectors.child_get_for(access, child_id, Action.VIEW_CHILD)
    return render(
        request,
        "children/child_detail.html",
        {
            **_hub_context(access, child, on_setting_side=False),
            "local_authority": access.local_authority,
        },
    )


@setting_required
def child_edit_view(request: AccessRequest, child_id: int) -> HttpResponse:
    access = request.access
    child = selectors.child_get_for(access, child_id, Action.EDIT_CHILD)
    today = dates.today()

    def done(_changed: Any) -> HttpResponse:
        messages.success(request, f"{child}'s record has been updated.")
        return redirect(_hub_url(child))

    return edit_page(
        request,
        form_class=ChildEditForm,
        # The form writes what it cleans onto its instance: give it a copy, so the service
        # compares the record as loaded with what was typed.
        form_kwargs=lambda record: {
            "instance": copy.copy(record),
            "initial": {"version": record.version},
            "care_setting": child.care_setting,
            "today": today,
        },
        record=child,
        save=partial(services.child_update, child=child),
        reload=lambda: selectors.child_get_for(access, child_id, Action.EDIT_CHILD),
        done=done,
        template="children/child_form.html",
        context={
            "care_setting": child.care_setting,
            "child": child,
            "heading": f"Change {child}'s record",
            "back_url": _hub_url(child),
        },
    )


@setting_required
def child_leave_view(request: AccessRequest, child_id: int) -> HttpResponse:
    access = request.access
    child = selectors.child_get_for(access, child_id, Action.EDIT_CHILD)
    today = dates.today()

    def done(_left: Any) -> HttpResponse:
        messages.success(request, f"{child} leaves on {child.leave_date:%-d %B %Y}: recorded.")
        return redirect(_hub_url(child))

    return edit_page(
        request,
        form_class=ChildLeaveForm,
        form_kwargs=lambda record: {
            "initial": {
                "version": record.version,
                "leave_date": record.leave_date,
                "leaving_destination": record.leaving_destination,
            },
            "child": record,
            "today": today,
        },
        record=child,
        save=partial(services.child_leave, child=child),
        reload=lambda: selectors.child_get_for(access, child_id, Action.EDIT_CHILD),
        done=done,
        conflict_of=_no_differences,
        template="children/child_leave.html",
        context={"child": child, "care_setting": child.care_setting, "back_url": _hub_url(child)},
    )


def _no_differences(form: Any, saved: Any, typed: dict[str, Any]) -> list[Difference]:
    """A form that says someone else saved, without listing what they changed."""
    return []


@setting_required
def child_move_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Move the child's record to another setting on the portal (change of setting)."""
    access = request.access
    child = selectors.child_get_for(access, child_id, Action.EDIT_CHILD)
    today = dates.today()
    from_setting = child.care_setting

    def move(*, new_setting: Any, **fields: Any) -> Any:
        return services.child_move(child=child, to_setting=new_setting, **fields)

    def done(setting_change: Any) -> HttpResponse:
        messages.success(
            request,
            f"{child}'s record has moved to {setting_change.to_setting.name}, "
            f"with its history. {from_setting.name} can no longer see it.",
        )
        return redirect("settings:children:list", from_setting.slug)

    return edit_page(
        request,
        form_class=MoveForm,
        form_kwargs=lambda record: {
            "initial": {"version": record.version},
            "child": record,
            "today": today,
        },
        record=child,
        save=move,
        reload=lambda: selectors.child_get_for(access, child_id, Action.EDIT_CHILD),
        done=done,
        conflict_of=_no_differences,
        template="children/child_move.html",
        context={
            "child": child,
            "care_setting": child.care_setting,
            "has_left": child.leave_date is not None and child.leave_date <= today,
            "back_url": _hub_url(child),
        },
    )


@setting_required
def child_audit_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """The child's trail: every change to their record, team, consents and settings."""
    access = request.access
    child = selectors.child_get_for(access, child_id, Action.VIEW_CHILD_AUDIT)
    # The trail moves with the child: events recorded at a previous setting are part of it.
    context = audit_page(
        request,
        events=audit_trail(scope=audit_restriction_for(access), subject=child),
        entries_for=partial(audit_entries_for, access),
        children=None,
        kinds=audit_kinds_for(access),
    )
    return render(
        request,
        "children/child_audit.html",
        {
            **context,
            "child": child,
            "care_setting": child.care_setting,
            "events": [(entry, _change_lines(entry.changes)) for entry in context["entries"]],
            "caption": f"Audit events for {child}, newest first",
            "back_url": _hub_url(child),
        },
    )


# Field names that do not read as words on their own.
CHANGE_LABELS = {
    "sen_status": "SEN",
    "eypp_basis": "EYPP basis",
    "looked_after_status": "Care status",
    "responsible_la": "Responsible local authority",
    "entered_care_on": "Date entered care",
    "shared_with_la": "Case shared with the LA",
    "gp_name": "GP's name",
    "gp_practice": "GP practice",
    "gp_phone": "GP practice phone",
    "is_emergency_contact": "Emergency contact",
    "emergency_order": "Order to call in an emergency",
}


def _change_lines(changes: dict[str, Any]) -> list[str]:
    """Return an event's changes as lines: "Room: Ladybirds → Owls", "SEN: No SEN → EHC plan"."""
    lines = []
    for name, value in changes.items():
        label = CHANGE_LABELS.get(name) or name.replace("_", " ").capitalize()
        if isinstance(value, list) and len(value) == 2:
            old, new = ("—" if part in (None, "") else part for part in value)
            lines.append(f"{label}: {old} → {new}")
        else:
            lines.append(f"{label}: {value}")
    return lines


# --- Rooms ---------------------------------------------------------------------------------

ROOM_CONFLICT_MESSAGE = (
    "Someone else changed this room while you were editing it. Your changes have not been "
    "saved: check the room and make them again."
)


def _rooms_url(care_setting: Any) -> str:
    return reverse("settings:children:rooms", args=[care_setting.slug])


@setting_required
def room_list_view(request: AccessRequest) -> HttpResponse:
    """The setting's rooms and groups, with how many children on roll are in each."""
    access = request.access
    require(access, Action.MANAGE_ROOMS)
    care_setting = access.care_setting
    rooms = list(selectors.rooms_with_counts(care_setting, today=dates.today()))
    return render(
        request,
        "children/room_list.html",
        {
            "care_setting": care_setting,
            "rooms": [room for room in rooms if room.is_active],
            "archived": [room for room in rooms if not room.is_active],
            "back_url": reverse("settings:children:list", args=[care_setting.slug]),
        },
    )


@setting_required
def room_add_view(request: AccessRequest) -> HttpResponse:
    access = request.access
    require(access, Action.MANAGE_ROOMS)
    care_setting = access.care_setting
    form = RoomAddForm(request.POST or None, care_setting=care_setting)
    if request.method == "POST" and form.is_valid():
        try:
            room = services.room_add(
                care_setting=care_setting, by=request.user, **form.cleaned_data
            )
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(_rooms_url(care_setting))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{room.name} has been added to the rooms.")
            return redirect(_rooms_url(care_setting))
    return render(
        request,
        "children/room_form.html",
        {
            "form": form,
            "care_setting": care_setting,
            "heading": "Add a room",
            "back_url": _rooms_url(care_setting),
        },
    )


@setting_required
def room_edit_view(request: AccessRequest, room_id: int) -> HttpResponse:
    access = request.access
    room = selectors.room_get_for(access, room_id)
    care_setting = access.care_setting
    initial = {
        "version": room.version,
        "name": room.name,
        "min_age_months": room.min_age_months,
        "max_age_months": room.max_age_months,
        "order": room.order or 1,
        "archived": not room.is_active,
    }
    form = RoomEditForm(
        request.POST or None, initial=initial, care_setting=care_setting, room=room
    )
    conflict: list[Difference] = []
    if request.method == "POST" and form.is_valid():
        fields = form.room_fields()
        try:
            services.room_update(
                room=room,
                by=request.user,
                version=form.cleaned_data["version"],
                today=dates.today(),
                **fields,
            )
        except StaleRecord:
            saved = selectors.room_get_for(access, room_id)
            conflict = differences(saved, fields, labels=_room_questions(form))
            form = conflicted_form(
                RoomEditForm,
                request.POST,
                version=saved.version,
                message=ROOM_CONFLICT_MESSAGE,
                care_setting=care_setting,
                room=saved,
            )
        except services.RoomNotEmpty as full:
            children = f"{full.on_roll} child{'ren' if full.on_roll != 1 else ''}"
            verb = "are" if full.on_roll != 1 else "is"
            form.add_error(
                "archived",
                f"{children} on roll {verb} in {room.name}: move them to another room before "
                "archiving it",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = "saved" if room.is_active else "archived"
            messages.success(request, f"{room.name} has been {done}.")
            return redirect(_rooms_url(care_setting))
    return render(
        request,
        "children/room_form.html",
        {
            "form": form,
            "care_setting": care_setting,
            "heading": f"Change {room.name}",
            "back_url": _rooms_url(care_setting),
            "conflict": conflict,
        },
    )


def _room_questions(form: RoomEditForm) -> dict[str, str]:
    """Return the question each of the room's fields is asked as, for the conflict table."""
    names = ("name", "min_age_months", "max_age_months", "order")
    questions = {name: str(form.fields[name].label).removesuffix(" (optional)") for name in names}
    return questions | {"is_active": "In use"}


# --- Team around the child ----------------------------------------------------------------


@setting_required
def team_add_view(request: AccessRequest, child_id: int) -> HttpResponse:
    access = request.access
    child = selectors.child_get_for(access, child_id, Action.EDIT_TEAM)
    return create_page(
        request,
        form=TeamMemberForm(request.POST or None),
        create=partial(services.team_member_save, child=child),
        done=lambda member: f"{member.name} has been added to {child}'s team.",
        back=_hub_url(child) + "#team",
        template="children/team_form.html",
        context={
            "child": child,
            "care_setting": child.care_setting,
            "heading": "Add someone to the team around the child",
            "back_url": _hub_url(child) + "#team",
        },
    )


@setting_required
def team_edit_view(request: AccessRequest, child_id: int, member_id: int) -> HttpResponse:
    access = request.access
    child, member = selectors.team_member_get_for(access, child_id, member_id, Action.EDIT_TEAM)

    def done(_saved: Any) -> HttpResponse:
        messages.success(request, f"{member.name}'s details have been updated.")
        return redirect(_hub_url(child) + "#team")

    return edit_page(
        request,
        form_class=TeamMemberForm,
        # A copy: the form writes onto its instance, and the service compares with the original.
        form_kwargs=lambda record: {"instance": copy.copy(record)},
        record=member,
        save=partial(services.team_member_save, child=child, member=member),
        reload=lambda: selectors.team_member_get(child, member_id),
        done=done,
        template="children/team_form.html",
        context={
            "child": child,
            "care_setting": child.care_setting,
            "heading": f"Change {member.name}'s details",
            "back_url": _hub_url(child) + "#team",
        },
    )


# --- Consents ------------------------------------------------------------------------------


@setting_required
def consent_record_view(request: AccessRequest, child_id: int) -> HttpResponse:
    access = request.access
    child = selectors.child_get_for(access, child_id, Action.EDIT_TEAM)
    givers = selectors.consent_givers(child)
    initial = {"kind": request.GET.get("kind")} if request.method == "GET" else None
    form = ConsentForm(
        request.POST or None,
        initial=initial,
        child=child,
        givers=givers,
        today=dates.today(),
    )
    return create_page(
        request,
        form=form,
        create=partial(services.consent_record, child=child),
        done=lambda consent: (
            f"{consent.get_kind_display()}: consent "
            f"{'given' if consent.granted else 'refused'}, recorded for {child}."
        ),
        back=_hub_url(child) + "#consents",
        template="children/consent_form.html",
        context={
            "child": child,
            "care_setting": child.care_setting,
            "has_givers": givers.exists(),
            "back_url": _hub_url(child) + "#consents",
        },
    )


@setting_required
def consent_withdraw_view(request: AccessRequest, child_id: int, consent_id: int) -> HttpResponse:
    access = request.access
    child, consent = selectors.consent_in_force_get_for(
        access, child_id, consent_id, Action.EDIT_TEAM
    )
    return create_page(
        request,
        form=ConsentWithdrawForm(request.POST or None, consent=consent, today=dates.today()),
        create=partial(services.consent_withdraw, child=child, consent=consent),
        done=lambda _withdrawn: (
            f"{consent.get_kind_display()}: consent withdrawn, recorded for {child}."
        ),
        back=_hub_url(child) + "#consents",
        template="children/consent_withdraw.html",
        context={
            "child": child,
            "consent": consent,
            "care_setting": child.care_setting,
            "back_url": _hub_url(child) + "#consents",
        },
    )
