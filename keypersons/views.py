"""Key persons, caseloads and training: thin function views."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts import selectors as account_selectors
from accounts.permissions import (
    AccessRequest,
    Action,
    flags,
    require,
    setting_required,
)
from common import dates
from common.form_pages import add_service_error
from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved
from common.versioning import Difference, StaleRecord, conflicted_form, differences
from keypersons import selectors, services
from keypersons.forms import (
    AllocateForm,
    BulkAllocateForm,
    EndAllocationForm,
    KeyChildrenLimitForm,
    StaffLeavingForm,
    TrainingRecordForm,
)
from keypersons.models import KeyPersonAllocation

Kind = KeyPersonAllocation.Kind


# --- Allocation -------------------------------------------------------------------------


@setting_required
def board_view(request: AccessRequest) -> HttpResponse:
    """Every child on roll with key person and buddy, unallocated first; bulk allocation."""
    access = request.access
    require(access, Action.ALLOCATE_KEY_PERSON)
    care_setting = access.care_setting
    today = dates.today()
    limit = care_setting.key_children_limit
    staff_list = list(selectors.staff_with_caseloads(care_setting, today))
    form = BulkAllocateForm(
        request.POST or None,
        children=selectors.children_for_bulk(care_setting),
        staff=staff_list,
        staff_queryset=selectors.staff_users(care_setting),
        limit=limit,
    )
    if request.method == "POST" and form.is_valid():
        staff = form.cleaned_data["staff"]
        try:
            allocations = services.allocations_bulk(
                by=request.user,
                children=form.cleaned_data["children"],
                staff=staff,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            count = len(allocations)
            held = selectors.key_children_count(care_setting, staff, today)
            messages.success(
                request,
                f"{staff.full_name} is now the key person of {count} "
                f"more child{'ren' if count != 1 else ''}."
                + selectors.past_limit_note(held, limit),
            )
            return redirect("settings:keypersons:board", care_setting.slug)
    rows = selectors.allocation_board(care_setting, today)
    return render(
        request,
        "keypersons/board.html",
        {
            "care_setting": care_setting,
            "rows": rows,
            "unallocated": sum(1 for row in rows if row.child.key_person_id is None),
            "warnings": [row for row in rows if row.warning],
            "alert_days": care_setting.local_authority.unallocated_key_person_days,
            "form": form,
            "selected": form.selected_ids(),
            "limit_warning": selectors.limit_warning(staff_list, limit),
            **flags(access, Action.VIEW_CHILD, Action.VIEW_CASELOADS),
        },
    )


def _seen(current: dict[str, KeyPersonAllocation]) -> dict[str, int]:
    """Return the allocation form's record of the current allocations (0: none)."""
    return {f"seen_{kind}": current[kind].pk if kind in current else 0 for kind in Kind.values}


@setting_required
def allocate_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Allocate or change one child's key person or buddy; the child's full history."""
    access = request.access
    care_setting = access.care_setting
    today = dates.today()
    child = selectors.child_for_allocation(access, child_id, today)
    history = list(selectors.allocation_history(child))
    current = {a.kind: a for a in history if a.ends_on is None}
    limit = care_setting.key_children_limit
    staff_list = list(selectors.staff_with_caseloads(care_setting, today))
    kwargs = {
        "staff": staff_list,
        "staff_queryset": selectors.staff_users(care_setting),
        "limit": limit,
        "trained_ids": selectors.cic_trained_ids(care_setting, today),
        "looked_after": child.is_looked_after,
    }
    form = AllocateForm(
        request.POST or None, initial=_seen(current), current_kinds=set(current), **kwargs
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            allocation = services.key_person_allocate(
                by=request.user,
                child=child,
                staff=data["staff"],
                kind=data["kind"],
                reason=data["reason"],
                starts_on=data["starts_on"],
                is_designated=data["is_designated"],
                seen=services.Seen(allocation_id=data[f"seen_{data['kind']}"] or None),
                submission_token=data["submission_token"],
            )
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect("settings:keypersons:allocate", care_setting.slug, child.pk)
        except ValidationError as error:
            if getattr(error, "code", None) == "changed":
                # Show what is current now, and base the form on it: saving again is a choice.
                history = list(selectors.allocation_history(child))
                current = {a.kind: a for a in history if a.ends_on is None}
                retyped = request.POST.copy()
                for name, value in _seen(current).items():
                    retyped[name] = str(value)
                form = AllocateForm(retyped, current_kinds=set(current), **kwargs)
                form.is_valid()
            add_service_error(form, error)
        else:
            note = ""
            if allocation.kind == Kind.KEY_PERSON:
                held = selectors.key_children_count(care_setting, allocation.staff, today)
                note = selectors.past_limit_note(held, limit)
            role = "key person" if allocation.kind == Kind.KEY_PERSON else "buddy key person"
            messages.success(
                request, f"{allocation.staff.full_name} is now {child.known_as}'s {role}.{note}"
            )
            return redirect("settings:keypersons:allocate", care_setting.slug, child.pk)
    return render(
        request,
        "keypersons/allocate.html",
        {
            "care_setting": care_setting,
            "child": child,
            "age": child.age_label(today),
            "history": history,
            "current": current,
            "warning": selectors.designated_message(child),
            "limit_warning": selectors.limit_warning(staff_list, limit),
            "form": form,
            **flags(access, Action.VIEW_CHILD, child=child),
        },
    )


@setting_required
def end_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """End a child's key person or buddy without choosing someone else yet."""
    access = request.access
    care_setting = access.care_setting
    today = dates.today()
    child = selectors.child_for_allocation(access, child_id, today)
    current = {
        allocation.kind: allocation
        for allocation in selectors.allocation_history(child).filter(ends_on__isnull=True)
    }
    form = EndAllocationForm(
        request.POST or None,
        current_kinds=set(current),
        initial={f"{kind}_allocation": allocation.pk for kind, allocation in current.items()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            allocation = services.key_person_end(
                by=request.user,
                child=child,
                kind=data["kind"],
                reason=data["reason"],
                ends_on=data["ends_on"],
                allocation_id=form.seen_allocation_id(),
            )
        except services.AllocationChanged as changed:
            # What was typed stays; the page now shows today's allocation, as the message says.
            posted = request.POST.copy()
            posted[f"{data['kind']}_allocation"] = str(changed.current_id or "")
            form = EndAllocationForm(posted, current_kinds=set(current))
            form.is_valid()
            form.add_error(None, changed)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"{allocation.staff.full_name} is no longer {child.known_as}'s "
                f"{'key person' if allocation.kind == Kind.KEY_PERSON else 'buddy key person'}.",
            )
            return redirect("settings:keypersons:allocate", care_setting.slug, child.pk)
    return render(
        request,
        "keypersons/allocation_end.html",
        {"care_setting": care_setting, "child": child, "current": current, "form": form},
    )


# --- Caseloads ------------------------------------------------------------------------


@setting_required
def caseloads_view(request: AccessRequest) -> HttpResponse:
    """Every member of staff with how many key children and buddy children they hold."""
    access = request.access
    require(access, Action.VIEW_CASELOADS)
    care_setting = access.care_setting
    return render(
        request,
        "keypersons/caseloads.html",
        {
            "care_setting": care_setting,
            "caseloads": selectors.caseloads(care_setting, dates.today()),
            "limit": care_setting.key_children_limit,
            "limit_label": selectors.key_children_label(care_setting.key_children_limit),
            **flags(access, Action.ALLOCATE_KEY_PERSON, Action.CONFIGURE_KEY_PERSONS),
        },
    )


@setting_required
def caseload_limit_view(request: AccessRequest) -> HttpResponse:
    """Let the manager set the most key children one key person should hold."""
    access = request.access
    require(access, Action.CONFIGURE_KEY_PERSONS)
    care_setting = access.care_setting
    form = KeyChildrenLimitForm(
        request.POST or None,
        initial={"limit": care_setting.key_children_limit, "version": care_setting.version},
    )
    conflict: list[Difference] = []
    if request.method == "POST" and form.is_valid():
        limit = form.cleaned_data["limit"]
        try:
            changed = services.key_children_limit_set(
                by=request.user,
                care_setting=care_setting,
                limit=limit,
                version=form.cleaned_data["version"],
            )
        except StaleRecord:
            saved = account_selectors.care_setting_as_saved(care_setting)
            conflict = differences(
                saved,
                {"key_children_limit": limit},
                labels={"key_children_limit": form["limit"].label},
            )
            form = conflicted_form(
                KeyChildrenLimitForm,
                request.POST,
                version=saved.version,
                message=services.LIMIT_CONFLICT,
            )
        else:
            label = selectors.key_children_label(limit)
            if changed:
                messages.success(request, f"The limit is now {label} for each key person.")
            else:
                messages.info(request, f"The limit is unchanged: {label} for each key person.")
            return redirect("settings:keypersons:caseloads", care_setting.slug)
    return render(
        request,
        "keypersons/caseload_limit.html",
        {"care_setting": care_setting, "form": form, "conflict": conflict},
    )


@setting_required
def caseload_view(request: AccessRequest, user_id: int) -> HttpResponse:
    """One person's key children; managers see anyone's, a practitioner only their own."""
    access = request.access
    membership = selectors.caseload_member_get_for(access, user_id)
    care_setting = access.care_setting
    today = dates.today()
    rows = selectors.caseload_rows(care_setting, membership.user, today)
    return render(
        request,
        "keypersons/caseload.html",
        {
            "care_setting": care_setting,
            "membership": membership,
            "is_own": user_id == request.user.pk,
            "key_rows": [row for row in rows if not row.is_buddy],
            "buddy_rows": [row for row in rows if row.is_buddy],
            **flags(
                access,
                Action.VIEW_CHILD,
                Action.VIEW_CASELOADS,
                Action.ALLOCATE_KEY_PERSON,
                Action.EDIT_TRAINING,
            ),
        },
    )


@setting_required
def staff_leaving_view(request: AccessRequest, user_id: int) -> HttpResponse:
    """End every key-person and buddy allocation a member of staff holds (they are leaving)."""
    access = request.access
    membership = selectors.member_get_for(
        access, user_id, Action.ALLOCATE_KEY_PERSON, active_only=False
    )
    care_setting = access.care_setting
    form = StaffLeavingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ended = services.allocations_end_for_staff(
                by=request.user,
                care_setting=care_setting,
                staff=membership.user,
                reason=form.cleaned_data["reason"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            count = len(ended)
            messages.success(
                request,
                f"Ended {count} allocation{'s' if count != 1 else ''} of "
                f"{membership.user.full_name}. Children without a key person are listed first.",
            )
            return redirect("settings:keypersons:board", care_setting.slug)
    rows = selectors.caseload_rows(care_setting, membership.user, dates.today(), with_todos=False)
    return render(
        request,
        "keypersons/staff_leaving.html",
        {"care_setting": care_setting, "membership": membership, "rows": rows, "form": form},
    )


# --- Training ---------------------------------------------------------------------------


@setting_required
def training_view(request: AccessRequest) -> HttpResponse:
    """Every member of staff against every course, with expiry and a coloured status."""
    access = request.access
    require(access, Action.VIEW_TRAINING)
    care_setting = access.care_setting
    return render(
        request,
        "keypersons/training.html",
        {
            "care_setting": care_setting,
            "rows": selectors.training_matrix(care_setting, dates.today()),
            "courses": selectors.Course.choices,
            **flags(access, Action.EDIT_TRAINING, Action.VIEW_STAFF),
        },
    )


@setting_required
def training_add_view(request: AccessRequest, user_id: int) -> HttpResponse:
    """Record a course a member of staff completed."""
    access = request.access
    membership = selectors.member_get_for(access, user_id, Action.EDIT_TRAINING, active_only=True)
    care_setting = access.care_setting
    form = TrainingRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.training_record_add(
                by=request.user,
                care_setting=care_setting,
                staff=membership.user,
                **form.cleaned_data,
            )
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect("settings:keypersons:training", care_setting.slug)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            expiry = (
                f", expiring on {record.expires_on:%-d %B %Y}"
                if record.expires_on
                else ", with no fixed expiry"
            )
            messages.success(
                request,
                f"{record.get_course_display()} recorded for {membership.user.full_name}{expiry}.",
            )
            return redirect("settings:keypersons:training", care_setting.slug)
    return render(
        request,
        "keypersons/training_add.html",
        {
            "care_setting": care_setting,
            "membership": membership,
            "records": selectors.training_records_of(care_setting, membership.user),
            "form": form,
        },
    )
