"""Pages of a setting's action plan and support package.

Thin views: a page about one plan first fetches it (and its action or part of the support)
through ``quality.selectors``, then asks the door for the right it needs: a plan outside
the reader's scope, or any plan for staff who may not read them, is not found (404), so a
refusal (403) never confirms that an id exists. The list and the form that opens a plan
ask for the right first (403 without it: they name no record). The setting's manager
writes the actions (EDIT_ACTION_PLAN); the advisor and the LA administrator record
contact, comment, broker support and record engagement (SUPPORT_SETTING). A closed plan
is read only: its edit pages answer 403 and say why.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.permissions import Access, AccessRequest, Action, can, require, setting_required
from common import dates
from common.form_pages import add_service_error, edit_page
from common.submissions import ALREADY_SAVED_MESSAGE, AlreadySaved
from common.versioning import differences
from quality.inspections import outcome
from quality.models import ActionPlan, PlanAction, SupportItem
from quality.plans import forms, selectors, services
from quality.portfolio.selectors import outcome_words
from quality.selectors import plan_action_get_for, plan_get_for, support_item_get_for
from quality.shared import setting_url

STALE_MESSAGE = (
    "Someone changed this after you opened it, so your change has not been saved. Check "
    "what it says now, then send your change again."
)


def _plan_url(access: Access, plan: ActionPlan) -> str:
    return setting_url(access, "plan_detail", plan.pk)


def _closed(request: AccessRequest, plan: ActionPlan) -> HttpResponse:
    """Answer an edit page of a closed plan: 403, saying why, with the way back."""
    return render(
        request,
        "quality/plans/closed.html",
        {
            "plan": plan,
            "care_setting": request.access.care_setting,
            "message": str(services.PlanClosed(plan).messages[0]),
            "plan_url": _plan_url(request.access, plan),
        },
        status=403,
    )


def _form_page(
    request: AccessRequest, plan: ActionPlan, *, heading: str, intro: str = ""
) -> dict[str, Any]:
    return {
        "care_setting": request.access.care_setting,
        "plan": plan,
        "heading": heading,
        "intro": intro,
        "back_url": _plan_url(request.access, plan),
    }


# --- The list and the plan ---------------------------------------------------------------


@setting_required
@require_http_methods(["GET"])
def plan_list_view(request: AccessRequest) -> HttpResponse:
    """The setting's action plans: the open one first, then the closed ones."""
    access = request.access
    require(access, Action.VIEW_QUALITY)
    today = dates.today()
    plans = list(selectors.plans_of_setting(access))
    rows = [
        {
            "plan": plan,
            "url": _plan_url(access, plan),
            "outcome": outcome_words(plan.inspection) if plan.inspection else "",
            "contact_overdue": plan.status == ActionPlan.Status.OPEN
            and plan.contacted_on is None
            and plan.contact_due_by < today,
        }
        for plan in plans
    ]
    has_open = any(plan.status == ActionPlan.Status.OPEN for plan in plans)
    return render(
        request,
        "quality/plans/plan_list.html",
        {
            "care_setting": access.care_setting,
            "rows": rows,
            "open_url": setting_url(access, "plan_open")
            if can(access, Action.SUPPORT_SETTING) and not has_open
            else "",
            "overview_url": setting_url(access, "overview"),
        },
    )


@setting_required
@require_http_methods(["GET", "POST"])
def plan_open_view(request: AccessRequest) -> HttpResponse:
    """Open a plan agreed with the setting without an inspection below Good."""
    access = request.access
    require(access, Action.SUPPORT_SETTING)
    existing = selectors.open_plan_of(access)
    form = forms.PlanOpenForm(request.POST or None, initial={"opened_on": dates.today()})
    if existing is None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_open(
                care_setting=access.care_setting,
                by=request.user,
                opened_on=data["opened_on"],
                reason=data["reason"],
                submission_token=data.get("submission_token"),
            )
        except AlreadySaved as saved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            if saved.target is not None:
                return redirect(setting_url(access, "plan_detail", saved.target.pk))
            return redirect(setting_url(access, "plan_list"))
        except ValidationError as error:
            add_service_error(form, error)
            existing = selectors.open_plan_of(access)
        else:
            messages.success(request, "The action plan has been opened.")
            return redirect(_plan_url(access, plan))
    elif existing is not None and request.method == "POST":
        if form.is_repeat():
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(_plan_url(access, existing))
        form.is_valid()
        form.add_error(None, services.ONE_OPEN_PLAN)
    return render(
        request,
        "quality/plans/plan_open.html",
        {
            "care_setting": access.care_setting,
            "form": form,
            "existing": existing,
            "existing_url": _plan_url(access, existing) if existing else "",
            "back_url": setting_url(access, "plan_list"),
        },
    )


@setting_required
@require_http_methods(["GET"])
def plan_detail_view(request: AccessRequest, plan_id: int) -> HttpResponse:
    """The plan: its inspection, contact, actions, support package, engagement, visits."""
    access = request.access
    plan = plan_get_for(access, plan_id)
    require(access, Action.VIEW_QUALITY)
    today = dates.today()
    is_open = plan.status == ActionPlan.Status.OPEN
    supports = can(access, Action.SUPPORT_SETTING)
    writes = can(access, Action.EDIT_ACTION_PLAN) and is_open
    advises = supports and is_open
    actions = selectors.action_rows(plan, today=today)
    for row in actions:
        pk = row["action"].pk
        row["edit_url"] = setting_url(access, "plan_action_edit", plan.pk, pk) if writes else ""
        row["comment_url"] = (
            setting_url(access, "plan_action_comment", plan.pk, pk) if advises else ""
        )
    support = [
        {
            "item": item,
            "edit_url": setting_url(access, "support_edit", plan.pk, item.pk) if advises else "",
        }
        for item in plan.support.all()
    ]
    visits = [
        {"visit": visit, "url": setting_url(access, "visit_detail", visit.pk)}
        for visit in selectors.plan_visits(access, plan)
    ]
    maintenance_due = (
        not is_open
        and plan.maintenance_contact_due is not None
        and plan.maintenance_contact_on is None
    )
    return render(
        request,
        "quality/plans/plan_detail.html",
        {
            "care_setting": access.care_setting,
            "plan": plan,
            "is_open": is_open,
            "opening": outcome(plan.inspection) if plan.inspection else None,
            "closing": outcome_words(plan.closing_inspection) if plan.closing_inspection else "",
            "contact_overdue": is_open
            and plan.contacted_on is None
            and plan.contact_due_by < today,
            "maintenance_overdue": maintenance_due and plan.maintenance_contact_due < today,
            "actions": actions,
            "overdue_count": sum(1 for row in actions if row["overdue"]),
            "done_count": sum(
                1 for row in actions if row["action"].status == PlanAction.Status.DONE
            ),
            "support": support,
            "visits": visits,
            "list_url": setting_url(access, "plan_list"),
            "action_add_url": setting_url(access, "plan_action_add", plan.pk) if writes else "",
            "contact_url": setting_url(access, "plan_contact", plan.pk)
            if supports and (is_open or plan.maintenance_contact_due is not None)
            else "",
            "comment_url": setting_url(access, "plan_comment", plan.pk) if advises else "",
            "support_add_url": setting_url(access, "support_add", plan.pk) if advises else "",
            "engagement_url": setting_url(access, "plan_engagement", plan.pk) if advises else "",
            "visit_add_url": setting_url(access, "visit_add")
            if can(access, Action.RECORD_VISIT)
            else "",
        },
    )


# --- The advisor's side --------------------------------------------------------------------


def _plan_for(request: AccessRequest, plan_id: int, action: Action) -> ActionPlan:
    """Return the plan for a page that needs ``action``: 404 for a plan the reader may not
    read, then 403 without ``action``."""
    plan = plan_get_for(request.access, plan_id)
    require(request.access, action)
    return plan


def _saved(request: AccessRequest, plan: ActionPlan, message: str) -> Any:
    def done(_saved: Any) -> HttpResponse:
        messages.success(request, message)
        return redirect(_plan_url(request.access, plan))

    return done


@setting_required
@require_http_methods(["GET", "POST"])
def plan_contact_view(request: AccessRequest, plan_id: int) -> HttpResponse:
    """Record the day the setting was contacted (on a closed plan, the maintenance contact)."""
    access = request.access
    plan = _plan_for(request, plan_id, Action.SUPPORT_SETTING)
    is_open = plan.status == ActionPlan.Status.OPEN
    if not is_open and plan.maintenance_contact_due is None:
        return _closed(request, plan)
    field = "contacted_on" if is_open else "maintenance_contact_on"
    heading = (
        "Record the contact with the setting" if is_open else "Record the maintenance contact"
    )
    if is_open:
        intro = f"Contact the setting by {plan.contact_due_by:%-d %B %Y}."
    else:
        intro = (
            "The plan closed after a Good inspection: a maintenance contact is due by "
            f"{plan.maintenance_contact_due:%-d %B %Y}."
        )
    return edit_page(
        request,
        form_class=forms.ContactForm,
        form_kwargs=lambda record: {
            "initial": {
                "version": record.version,
                "contacted_on": getattr(record, field) or dates.today(),
            },
            "button": "Save the date",
        },
        record=plan,
        save=lambda by, version, contacted_on, **_: services.plan_contact(
            plan=plan, by=by, version=version, contacted_on=contacted_on
        ),
        reload=lambda: plan_get_for(access, plan.pk),
        done=_saved(request, plan, "The date of contact has been recorded."),
        template="quality/plans/form.html",
        context=_form_page(request, plan, heading=heading, intro=intro),
        conflict_of=lambda form, saved, typed: differences(
            saved, {field: typed.get("contacted_on")}
        ),
        message=STALE_MESSAGE,
    )


@setting_required
@require_http_methods(["GET", "POST"])
def plan_comment_view(request: AccessRequest, plan_id: int) -> HttpResponse:
    """The advisor's overall comments on the plan."""
    access = request.access
    plan = _plan_for(request, plan_id, Action.SUPPORT_SETTING)
    if plan.status != ActionPlan.Status.OPEN:
        return _closed(request, plan)
    return edit_page(
        request,
        form_class=forms.PlanCommentForm,
        form_kwargs=lambda record: {
            "initial": {"version": record.version, "advisor_comment": record.advisor_comment}
        },
        record=plan,
        save=lambda by, version, **fields: services.plan_comment(
            plan=plan, by=by, version=version, **fields
        ),
        reload=lambda: plan_get_for(access, plan.pk),
        done=_saved(request, plan, "Your comments have been saved."),
        template="quality/plans/form.html",
        context=_form_page(request, plan, heading="Comment on the action plan"),
        message=STALE_MESSAGE,
    )


@setting_required
@require_http_methods(["GET", "POST"])
def plan_engagement_view(request: AccessRequest, plan_id: int) -> HttpResponse:
    """Record whether the setting engages with support, and when Ofsted was told if not."""
    access = request.access
    plan = _plan_for(request, plan_id, Action.SUPPORT_SETTING)
    if plan.status != ActionPlan.Status.OPEN:
        return _closed(request, plan)
    return edit_page(
        request,
        form_class=forms.EngagementForm,
        form_kwargs=lambda record: {
            "initial": {
                "version": record.version,
                "engagement": record.engagement,
                "engagement_recorded_on": record.engagement_recorded_on,
                "engagement_notes": record.engagement_notes,
                "ofsted_informed_on": record.ofsted_informed_on,
            }
        },
        record=plan,
        save=lambda by, version, **fields: services.plan_engagement(
            plan=plan, by=by, version=version, **fields
        ),
        reload=lambda: plan_get_for(access, plan.pk),
        done=_saved(request, plan, "The setting's engagement has been recorded."),
        template="quality/plans/form.html",
        context=_form_page(
            request,
            plan,
            heading="Record the setting's engagement with support",
            intro="If the setting declines support or does not engage, inform Ofsted and "
            "record the date here.",
        ),
        message=STALE_MESSAGE,
    )


# --- Actions ---------------------------------------------------------------------------------


def _action_initial(action: PlanAction) -> dict[str, Any]:
    return {
        "version": action.version,
        "concern": action.concern,
        "action": action.action,
        "who": action.who,
        "due_on": action.due_on,
        "evidence": action.evidence,
        "status": action.status,
    }


@setting_required
@require_http_methods(["GET", "POST"])
def action_add_view(request: AccessRequest, plan_id: int) -> HttpResponse:
    """The setting adds an action to its open plan; it is numbered after the last."""
    plan = _plan_for(request, plan_id, Action.EDIT_ACTION_PLAN)
    form = forms.ActionAddForm(
        request.POST or None,
        initial={"status": PlanAction.Status.NOT_STARTED},
        button="Add the action",
    )
    return _add_page(
        request,
        plan,
        form=form,
        add=services.plan_action_add,
        done=lambda action: f"Action {action.number} has been added.",
        heading="Add an action",
    )


def _add_page(
    request: AccessRequest,
    plan: ActionPlan,
    *,
    form: forms.ActionAddForm | forms.SupportAddForm,
    add: Callable[..., Any],
    done: Callable[[Any], str],
    heading: str,
) -> HttpResponse:
    """Add something to an open plan with ``add(plan=, by=, **cleaned_data)``, once however
    often the form is sent; a closed plan answers 403 and says why."""
    back = _plan_url(request.access, plan)
    if plan.status != ActionPlan.Status.OPEN:
        if request.method == "POST" and form.is_repeat():
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(back)
        return _closed(request, plan)
    if request.method == "POST" and form.is_valid():
        try:
            added = add(plan=plan, by=request.user, **form.cleaned_data)
        except AlreadySaved:
            messages.info(request, ALREADY_SAVED_MESSAGE)
            return redirect(back)
        except services.PlanClosed:
            return _closed(request, plan)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done(added))
            return redirect(back)
    return render(
        request,
        "quality/plans/form.html",
        {"form": form, **_form_page(request, plan, heading=heading)},
    )


@setting_required
@require_http_methods(["GET", "POST"])
def action_edit_view(request: AccessRequest, plan_id: int, action_id: int) -> HttpResponse:
    """The setting changes an action of its open plan, or where it is up to."""
    access = request.access
    plan = plan_get_for(access, plan_id)
    action = plan_action_get_for(access, plan, action_id)
    require(access, Action.EDIT_ACTION_PLAN)
    if plan.status != ActionPlan.Status.OPEN:
        return _closed(request, plan)

    def save(*, by: Any, version: int, submission_token: Any = None, **fields: Any) -> Any:
        return services.plan_action_edit(plan_action=action, by=by, version=version, **fields)

    return edit_page(
        request,
        form_class=forms.ActionForm,
        form_kwargs=lambda record: {"initial": _action_initial(record)},
        record=action,
        save=save,
        reload=lambda: plan_action_get_for(access, plan, action.pk),
        done=_saved(request, plan, f"Action {action.number} has been saved."),
        template="quality/plans/form.html",
        context={
            **_form_page(request, plan, heading=f"Change action {action.number}"),
            "action": action,
        },
        message=STALE_MESSAGE,
    )


@setting_required
@require_http_methods(["GET", "POST"])
def action_comment_view(request: AccessRequest, plan_id: int, action_id: int) -> HttpResponse:
    """The advisor's comment on one action of the plan."""
    access = request.access
    plan = plan_get_for(access, plan_id)
    action = plan_action_get_for(access, plan, action_id)
    require(access, Action.SUPPORT_SETTING)
    if plan.status != ActionPlan.Status.OPEN:
        return _closed(request, plan)
    return edit_page(
        request,
        form_class=forms.ActionCommentForm,
        form_kwargs=lambda record: {
            "initial": {"version": record.version, "advisor_comment": record.advisor_comment}
        },
        record=action,
        save=lambda by, version, **fields: services.plan_action_comment(
            plan_action=action, by=by, version=version, **fields
        ),
        reload=lambda: plan_action_get_for(access, plan, action.pk),
        done=_saved(request, plan, f"Your comment on action {action.number} has been saved."),
        template="quality/plans/form.html",
        context={
            **_form_page(request, plan, heading=f"Comment on action {action.number}"),
            "action": action,
        },
        message=STALE_MESSAGE,
    )


# --- The support package ---------------------------------------------------------------------


@setting_required
@require_http_methods(["GET", "POST"])
def support_add_view(request: AccessRequest, plan_id: int) -> HttpResponse:
    """The advisor brokers a part of the setting's support package."""
    plan = _plan_for(request, plan_id, Action.SUPPORT_SETTING)
    form = forms.SupportAddForm(
        request.POST or None,
        initial={"offered_on": dates.today(), "take_up": SupportItem.TakeUp.OFFERED},
        button="Add the support",
    )
    return _add_page(
        request,
        plan,
        form=form,
        add=services.support_add,
        done=lambda item: f"{item.get_kind_display()} has been added to the support.",
        heading="Broker support for the setting",
    )


@setting_required
@require_http_methods(["GET", "POST"])
def support_edit_view(request: AccessRequest, plan_id: int, item_id: int) -> HttpResponse:
    """Change a part of the support package, or record what the setting took up."""
    access = request.access
    plan = plan_get_for(access, plan_id)
    item = support_item_get_for(access, plan, item_id)
    require(access, Action.SUPPORT_SETTING)
    if plan.status != ActionPlan.Status.OPEN:
        return _closed(request, plan)

    def save(*, by: Any, version: int, submission_token: Any = None, **fields: Any) -> Any:
        return services.support_edit(item=item, by=by, version=version, **fields)

    return edit_page(
        request,
        form_class=forms.SupportForm,
        form_kwargs=lambda record: {
            "initial": {
                "version": record.version,
                "kind": record.kind,
                "detail": record.detail,
                "offered_on": record.offered_on,
                "take_up": record.take_up,
                "take_up_notes": record.take_up_notes,
            }
        },
        record=item,
        save=save,
        reload=lambda: support_item_get_for(access, plan, item.pk),
        done=_saved(request, plan, "The support has been saved."),
        template="quality/plans/form.html",
        context=_form_page(request, plan, heading=f"Change the support: {item}"),
        message=STALE_MESSAGE,
    )
