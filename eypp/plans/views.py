"""Pages of EYPP action plans: starting one, the plan, its lines, and its review.

The plan page is served on both sides (``setting_or_la_required``): the door decides what
the reader may do and the template is told in booleans. Writing a plan is the setting's
(``can_edit_eypp``); approving or returning it the LA's (``can_review_eypp``); recording a
looked-after child's allocation the responsible LA's virtual school (ALLOCATE_EYPP).

A plan that is submitted, approved or replaced is not edited: its edit pages answer 403
with a page that says why and links back to the plan (``_locked``).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.views.decorators.http import require_http_methods

from accounts.permissions import (
    Access,
    AccessRequest,
    Action,
    can_edit_eypp,
    can_organise_pep,
    can_review_eypp,
    setting_or_la_required,
    setting_required,
)
from children.models import Child
from common import dates
from common.form_pages import add_service_error
from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved
from common.versioning import StaleRecord, conflicted_form, differences
from eypp import rules
from eypp.models import ActionPlan, PlanLine
from eypp.pages import eypp_url
from eypp.panels import plan_panels
from eypp.plans import forms, selectors, services
from eypp.selectors import eypp_child_get_for, plan_get_for, plan_reload
from learning.pages import child_pages

Status = ActionPlan.Status
STALE_MESSAGE = (
    "Someone changed this plan after you opened it, so your change has not been saved. "
    "Check the plan as it is now, then send your change again."
)


def _back_url(access: Access, child: Child) -> str:
    """Return where "Back" goes: the LA's plans to review, else the child's EYPP page.

    Under the LA a reviewer may read a submitted plan of a child not otherwise shared with
    the LA, so the way back is the list of plans; at the setting it is the child's EYPP
    page, or the child's page where that is not mounted.
    """
    names: list[tuple[Any, ...]] = [("plans",)] if access.care_setting is None else []
    names.append(("child_eypp", child.pk))
    for name, *args in names:
        try:
            return eypp_url(access, name, *args)
        except NoReverseMatch:
            continue
    return child_pages(access, child).hub


def _plan_url(access: Access, plan: ActionPlan) -> str:
    return eypp_url(access, "plan", plan.pk)


def _rows(lines: list[PlanLine]) -> list[dict[str, Any]]:
    return [{"line": line, "idea": forms.IDEA_LABELS.get(line.idea, "")} for line in lines]


def _locked(request: AccessRequest, plan: ActionPlan, message: str = "") -> HttpResponse:
    """Answer an edit page of a plan that may not be changed now: 403, saying why."""
    if not message:
        message = str(services.PlanLocked(plan))
    return render(
        request,
        "eypp/plans/locked.html",
        {
            "plan": plan,
            "child": plan.child,
            "message": message,
            "plan_url": _plan_url(request.access, plan),
        },
        status=403,
    )


# --- Starting a plan -----------------------------------------------------------------------


@setting_required
@require_http_methods(["GET", "POST"])
def plan_start_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Choose the period of a new plan for the child; a looked-after child's PEP first."""
    access = request.access
    child = eypp_child_get_for(access, child_id, Action.EDIT_EYPP)
    periods, pep = selectors.periods_for(child, today=dates.today())
    initial = {"period": periods[0].key} if periods else {}
    form = forms.PlanStartForm(request.POST or None, periods=periods, initial=initial)
    existing_url = ""
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_start(
                child=child,
                by=request.user,
                pep=pep if form.cleaned_data.get("from_pep") or child.is_looked_after else None,
                **form.plan_fields(),
            )
        except AlreadySaved as saved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            if saved.target is not None:
                return redirect(eypp_url(access, "plan", saved.target.pk))
            return redirect(_back_url(access, child))
        except services.PlanExists as exists:
            existing_url = eypp_url(access, "plan", exists.plan.pk)
            form.add_error("period", str(exists))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The plan for {plan.period_label} has been started.")
            return redirect(_plan_url(access, plan))
    return render(
        request,
        "eypp/plans/start.html",
        {
            "child": child,
            "form": form,
            "pep": pep,
            "existing_url": existing_url,
            "back_url": _back_url(access, child),
        },
    )


# --- The plan page -------------------------------------------------------------------------


def _may(access: Access, plan: ActionPlan, versions: list[ActionPlan]) -> dict[str, bool]:
    """Return what the reader may do with the plan, from the door and its status."""
    child = plan.child
    editor = can_edit_eypp(access, child=child)
    reviewer = plan.status == Status.SUBMITTED and can_review_eypp(
        access, child=child, care_setting_id=plan.care_setting_id
    )
    allocator = (
        child.is_looked_after
        and not plan.is_locked
        and can_organise_pep(access, Action.ALLOCATE_EYPP, child=child)
    )
    revised = any(version.previous_id == plan.pk for version in versions)
    return {
        "may_edit": editor and plan.is_editable,
        "may_submit": editor and plan.is_editable,
        "may_decide": reviewer,
        "may_allocate": allocator,
        "may_revise": editor and plan.status == Status.APPROVED and not revised,
    }


@setting_or_la_required
@require_http_methods(["GET"])
def plan_detail_view(request: AccessRequest, plan_id: int) -> HttpResponse:
    """Show the plan: period, allocation, lines, totals, review, versions, then the panels."""
    access = request.access
    plan = plan_get_for(access, plan_id, Action.VIEW_EYPP)
    lines = selectors.lines_of(plan)
    versions = selectors.versions_of(plan)
    for version in versions:
        if version.pk == plan.pk:  # the people and the PEP named on the page, read once
            plan.decided_by, plan.allocated_by, plan.pep = (
                version.decided_by,
                version.allocated_by,
                version.pep,
            )
    planned = selectors.planned_total(lines)
    over = rules.over_allocation(planned=planned, allocation=plan.allocation)
    may = _may(access, plan, versions)
    return render(
        request,
        "eypp/plans/plan.html",
        {
            "plan": plan,
            "child": plan.child,
            "lines": [
                {
                    "line": line,
                    "idea": forms.IDEA_LABELS.get(line.idea, ""),
                    "change_url": eypp_url(access, "line_change", plan.pk, line.pk),
                    "remove_url": eypp_url(access, "line_remove", plan.pk, line.pk),
                }
                for line in lines
            ]
            if may["may_edit"]
            else _rows(lines),
            "planned": planned,
            "over": over,
            "left": rules.pounds(plan.allocation - planned)
            if plan.allocation is not None
            else None,
            "versions": [
                {"plan": version, "url": _plan_url(access, version), "this": version.pk == plan.pk}
                for version in versions
            ],
            "panels": plan_panels(access, plan),
            "back_url": _back_url(access, plan.child),
            "line_add_url": eypp_url(access, "line_add", plan.pk) if may["may_edit"] else "",
            "submit_url": eypp_url(access, "plan_submit", plan.pk) if may["may_submit"] else "",
            "decide_url": eypp_url(access, "plan_decide", plan.pk) if may["may_decide"] else "",
            "allocation_url": eypp_url(access, "plan_allocation", plan.pk)
            if may["may_allocate"]
            else "",
            "revise_url": eypp_url(access, "plan_revise", plan.pk) if may["may_revise"] else "",
            **may,
        },
    )


# --- Lines -------------------------------------------------------------------------------------


def _line_context(access: Access, plan: ActionPlan, **extra: Any) -> dict[str, Any]:
    return {
        "plan": plan,
        "child": plan.child,
        "plan_url": _plan_url(access, plan),
        "period": f"{plan.period_start:%-d %B %Y} to {plan.period_end:%-d %B %Y}",
        **extra,
    }


@setting_required
@require_http_methods(["GET", "POST"])
def line_add_view(request: AccessRequest, plan_id: int) -> HttpResponse:
    """Add an identified need, costed, to a draft or returned plan."""
    access = request.access
    plan = plan_get_for(access, plan_id, Action.EDIT_EYPP)
    form_kwargs = {
        "targets": selectors.pep_targets_for(plan),
        "period": (plan.period_start, plan.period_end),
        "button": "Add the need",
    }
    if not plan.is_editable:
        if request.method == "POST" and forms.LineAddForm(request.POST, **form_kwargs).is_repeat():
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(_plan_url(access, plan))
        return _locked(request, plan)
    form = forms.LineAddForm(
        request.POST or None, initial={"version": plan.version}, **form_kwargs
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.line_add(
                plan=plan,
                by=request.user,
                submission_token=form.cleaned_data.get("submission_token"),
                **form.line_fields(),
            )
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(_plan_url(access, plan))
        except services.PlanLocked as locked:
            return _locked(request, locked.plan, str(locked))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The need has been added to the plan.")
            return redirect(_plan_url(access, plan))
    return render(
        request, "eypp/plans/line.html", _line_context(access, plan, form=form, adding=True)
    )


def _plan_with_line(access: Access, plan_id: int) -> ActionPlan:
    """Return the plan whose line a page names: a line that is not the plan's is 404 first."""
    return plan_get_for(access, plan_id, Action.VIEW_EYPP)


def _require_editor(access: Access, plan: ActionPlan) -> None:
    """Refuse (403) a reader of the plan who may not write it."""
    if not can_edit_eypp(access, child=plan.child):
        raise PermissionDenied


def _line_initial(plan: ActionPlan, line: PlanLine) -> dict[str, Any]:
    return {
        "version": plan.version,
        "need": line.need,
        "area": line.area_id,
        "pep_target": line.pep_target_id,
        "action": line.action,
        "who": line.who,
        "starts_on": line.starts_on,
        "ends_on": line.ends_on,
        "cost": f"{line.cost:.2f}",
        "intended_impact": line.intended_impact,
        "idea": line.idea,
    }


@setting_required
@require_http_methods(["GET", "POST"])
def line_change_view(request: AccessRequest, plan_id: int, line_id: int) -> HttpResponse:
    """Change a need of a draft or returned plan; a change made in between is explained."""
    access = request.access
    plan = _plan_with_line(access, plan_id)
    line = get_object_or_404(
        PlanLine.objects.select_related("area", "pep_target"), pk=line_id, plan=plan
    )
    _require_editor(access, plan)
    if not plan.is_editable:
        return _locked(request, plan)
    form_kwargs = {
        "targets": selectors.pep_targets_for(plan),
        "period": (plan.period_start, plan.period_end),
        "button": "Save the need",
    }
    form = forms.LineForm(request.POST or None, initial=_line_initial(plan, line), **form_kwargs)
    conflict: list = []
    if request.method == "POST" and form.is_valid():
        fields = form.line_fields()
        version = form.cleaned_data.get("version")
        try:
            services.line_change(
                plan=plan,
                line=line,
                by=request.user,
                version=-1 if version is None else version,
                **fields,
            )
        except services.PlanLocked as locked:
            return _locked(request, locked.plan, str(locked))
        except StaleRecord:
            saved_plan = plan_reload(access, plan)
            saved = PlanLine.objects.filter(pk=line.pk, plan=plan).first()
            if saved is None:
                messages.info(
                    request, "Someone removed this need from the plan while you were changing it."
                )
                return redirect(_plan_url(access, saved_plan))
            conflict = differences(
                saved, fields, labels={n: f.label for n, f in form.fields.items()}
            )
            form = conflicted_form(
                forms.LineForm,
                request.POST,
                version=saved_plan.version,
                message=STALE_MESSAGE,
                initial=_line_initial(saved_plan, saved),
                **form_kwargs,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The need has been changed.")
            return redirect(_plan_url(access, plan))
    return render(
        request,
        "eypp/plans/line.html",
        _line_context(access, plan, form=form, line=line, conflict=conflict, adding=False),
    )


@setting_required
@require_http_methods(["GET", "POST"])
def line_remove_view(request: AccessRequest, plan_id: int, line_id: int) -> HttpResponse:
    """Ask, then remove a need from a draft or returned plan."""
    access = request.access
    plan = _plan_with_line(access, plan_id)
    line = PlanLine.objects.filter(pk=line_id, plan=plan).select_related("area").first()
    if line is None:
        raise Http404
    _require_editor(access, plan)
    if not plan.is_editable:
        return _locked(request, plan)
    form = forms.ConfirmForm(
        request.POST or None,
        initial={"version": plan.version},
        button="Remove the need",
        warning=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.line_remove(
                plan=plan, line=line, by=request.user, version=form.cleaned_data["version"]
            )
        except services.PlanLocked as locked:
            return _locked(request, locked.plan, str(locked))
        except StaleRecord:
            form = conflicted_form(
                forms.ConfirmForm,
                request.POST,
                version=plan_reload(access, plan).version,
                message=STALE_MESSAGE,
                button="Remove the need",
                warning=True,
            )
        else:
            messages.success(request, "The need has been removed from the plan.")
            return redirect(_plan_url(access, plan))
    return render(
        request, "eypp/plans/line_remove.html", _line_context(access, plan, form=form, line=line)
    )


# --- The workflow ------------------------------------------------------------------------------


@setting_required
@require_http_methods(["GET", "POST"])
def plan_submit_view(request: AccessRequest, plan_id: int) -> HttpResponse:
    """Check the plan's totals, then submit it to the LA."""
    access = request.access
    plan = plan_get_for(access, plan_id, Action.EDIT_EYPP)
    if plan.status == Status.SUBMITTED and request.method == "POST":
        messages.info(request, "The plan has been submitted to the local authority.")
        return redirect(_plan_url(access, plan))
    if not plan.is_editable:
        return _locked(request, plan)
    lines = selectors.lines_of(plan)
    planned = selectors.planned_total(lines)
    form = forms.ConfirmForm(
        request.POST or None, initial={"version": plan.version}, button="Submit the plan"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_submit(plan=plan, by=request.user, version=form.cleaned_data["version"])
        except services.PlanLocked as locked:
            return _locked(request, locked.plan, str(locked))
        except StaleRecord:
            plan = plan_reload(access, plan)
            lines = selectors.lines_of(plan)
            planned = selectors.planned_total(lines)
            form = conflicted_form(
                forms.ConfirmForm,
                request.POST,
                version=plan.version,
                message=STALE_MESSAGE,
                button="Submit the plan",
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, "The plan has been submitted. The local authority has been told."
            )
            return redirect(_plan_url(access, plan))
    return render(
        request,
        "eypp/plans/submit.html",
        {
            "plan": plan,
            "child": plan.child,
            "form": form,
            "rows": _rows(lines),
            "planned": planned,
            "over": rules.over_allocation(planned=planned, allocation=plan.allocation),
            "plan_url": _plan_url(access, plan),
        },
    )


def _review_context(access: Access, plan: ActionPlan, **extra: Any) -> dict[str, Any]:
    lines = selectors.lines_of(plan)
    planned = selectors.planned_total(lines)
    return {
        "plan": plan,
        "child": plan.child,
        "rows": _rows(lines),
        "planned": planned,
        "over": rules.over_allocation(planned=planned, allocation=plan.allocation),
        "plan_url": _plan_url(access, plan),
        **extra,
    }


@setting_or_la_required
@require_http_methods(["GET", "POST"])
def plan_decide_view(request: AccessRequest, plan_id: int) -> HttpResponse:
    """Approve the submitted plan or return it with the reason."""
    access = request.access
    plan = plan_get_for(access, plan_id, Action.REVIEW_EYPP)
    if plan.status != Status.SUBMITTED:
        if request.method == "POST" and plan.status in (Status.APPROVED, Status.RETURNED):
            messages.info(request, f"The plan is {plan.get_status_display().lower()}.")
            return redirect(_plan_url(access, plan))
        return _locked(
            request,
            plan,
            "Only a plan submitted to the local authority can be approved or returned.",
        )
    form = forms.DecisionForm(request.POST or None, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == forms.APPROVE:
                services.plan_approve(
                    plan=plan, by=request.user, version=data["version"], comment=data["comment"]
                )
                done = "The plan has been approved and locked."
            else:
                services.plan_return(
                    plan=plan,
                    by=request.user,
                    version=data["version"],
                    reason=data["reason"],
                    comment=data["comment"],
                )
                done = (
                    "The plan has been returned. The key person and the manager have been "
                    "told why."
                )
        except StaleRecord:
            plan = plan_reload(access, plan)
            form = conflicted_form(
                forms.DecisionForm, request.POST, version=plan.version, message=STALE_MESSAGE
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect(_plan_url(access, plan))
    return render(request, "eypp/plans/decide.html", _review_context(access, plan, form=form))


@setting_or_la_required
@require_http_methods(["GET", "POST"])
def plan_allocation_view(request: AccessRequest, plan_id: int) -> HttpResponse:
    """Record the virtual school's allocation for a looked-after child's plan."""
    access = request.access
    plan = plan_get_for(access, plan_id, Action.ALLOCATE_EYPP)
    if plan.is_locked:
        return _locked(request, plan)
    initial = {"version": plan.version}
    if plan.allocation is not None:
        initial["allocation"] = f"{plan.allocation:.2f}"
    form = forms.AllocationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_allocate(
                plan=plan,
                by=request.user,
                version=form.cleaned_data["version"],
                allocation=form.cleaned_data["allocation"],
            )
        except services.PlanLocked as locked:
            return _locked(request, locked.plan, str(locked))
        except StaleRecord:
            plan = plan_reload(access, plan)
            form = conflicted_form(
                forms.AllocationForm, request.POST, version=plan.version, message=STALE_MESSAGE
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, f"The allocation of {rules.money(plan.allocation)} has been recorded."
            )
            return redirect(_plan_url(access, plan))
    return render(request, "eypp/plans/allocation.html", _review_context(access, plan, form=form))


@setting_required
@require_http_methods(["GET", "POST"])
def plan_revise_view(request: AccessRequest, plan_id: int) -> HttpResponse:
    """Start a new version of an approved plan, with the reason."""
    access = request.access
    plan = plan_get_for(access, plan_id, Action.EDIT_EYPP)
    if (
        request.method == "POST"
        and plan.status != Status.APPROVED
        and forms.ReviseForm(request.POST).is_repeat()
    ):
        messages.info(request, ALREADY_SAVED_MESSAGE)
        return redirect(_plan_url(access, plan))
    if plan.status != Status.APPROVED:
        return _locked(
            request,
            plan,
            "Only an approved plan is given a new version: this one "
            + (
                "can still be changed."
                if plan.is_editable or plan.status == Status.SUBMITTED
                else "has been replaced by a later version."
            ),
        )
    form = forms.ReviseForm(request.POST or None, initial={"version": plan.version})
    existing_url = ""
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.plan_revise(
                plan=plan,
                by=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                submission_token=form.cleaned_data.get("submission_token"),
            )
        except AlreadySaved as saved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            target = saved.target.pk if saved.target is not None else plan.pk
            return redirect(eypp_url(access, "plan", target))
        except services.PlanExists as exists:
            existing_url = _plan_url(access, exists.plan)
            form.add_error(
                None,
                "A new version of this plan has already been started (version "
                f"{exists.plan.number}): change that one.",
            )
        except StaleRecord:
            form = conflicted_form(
                forms.ReviseForm,
                request.POST,
                version=plan_reload(access, plan).version,
                message=STALE_MESSAGE,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"Version {revision.number} of the plan has been started. Version {plan.number} "
                "stays in force until the new version is approved.",
            )
            return redirect(_plan_url(access, revision))
    return render(
        request,
        "eypp/plans/revise.html",
        {
            "plan": plan,
            "child": plan.child,
            "form": form,
            "existing_url": existing_url,
            "plan_url": _plan_url(access, plan),
        },
    )
