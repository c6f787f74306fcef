"""Pages of a child's EYPP: the award, grounds, expected funding, DAF and plans.

The child's EYPP page is served on both sides (the door decides who reads it). Grounds and
DAF awards are recorded at the setting, by whoever may record eligibility (the manager).
"""

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.permissions import (
    AccessRequest,
    Action,
    can,
    can_edit_eypp,
    require,
    setting_or_la_required,
    setting_required,
)
from children.models import Child
from common import dates
from common.form_pages import create_page, edit_page
from common.versioning import Difference, differences
from eypp import rules
from eypp.eligibility import selectors, services
from eypp.eligibility.forms import DafForm, GroundEndForm, GroundForm
from eypp.models import Basis, DafAward, Eligibility
from eypp.pages import eypp_url
from eypp.selectors import eypp_child_get_for, eypp_child_in_scope
from learning.pages import child_pages

NOT_PAID = "EYPP is not paid {refusal}."


def _page_url(access: Any, child: Child) -> str:
    return eypp_url(access, "child_eypp", child.pk)


def _grounds_rows(access: Any, child: Child, terms: list, *, can_record: bool) -> list[dict]:
    rows = []
    for ground in selectors.grounds_for_page(child):
        is_open = ground.eligible_to is None
        follows = ground.source == Eligibility.Source.CHILD_RECORD
        rows.append(
            {
                "ground": ground,
                "funding_from": rules.funding_starts(ground.eligible_from, terms=terms),
                "follows_record": follows,
                "change_url": eypp_url(access, "ground_change", child.pk, ground.pk)
                if can_record
                else "",
                "end_url": eypp_url(access, "ground_end", child.pk, ground.pk)
                if can_record and is_open and not follows
                else "",
            }
        )
    return rows


@setting_or_la_required
def child_eypp_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Show the child's award, grounds, expected EYPP this year, DAF and plans.

    A fixed number of queries whatever the number of grounds, awards and plans.
    """
    access = request.access
    child = eypp_child_get_for(access, child_id, Action.VIEW_EYPP)
    today = dates.today()
    la = child.care_setting.local_authority
    terms = la.term_dates()
    can_record = access.care_setting is not None and can(
        access, Action.EDIT_EYPP_ELIGIBILITY, child=child
    )
    grounds = _grounds_rows(access, child, terms, can_record=can_record)
    as_rules = [
        rules.Ground(row["ground"].basis, row["ground"].eligible_from, row["ground"].eligible_to)
        for row in grounds
    ]
    award = rules.award_basis(as_rules, on=today)
    refusal = rules.age_refusal(child.date_of_birth, child.funded_entitlement, on=today)
    funded_since = min(
        (
            row["funding_from"]
            for row, ground in zip(grounds, as_rules, strict=True)
            if ground.basis == award and ground.applies_on(today)
        ),
        default=None,
    )
    year = rules.financial_year_of(today)
    year_start, year_end = rules.financial_year_bounds(year)
    looked_after = award == Basis.LOOKED_AFTER or child.is_looked_after
    expected = (
        None
        if looked_after or not grounds
        else selectors.expected_for_period(child, period_start=year_start, period_end=year_end)
    )
    rates = selectors.funding_by_year(la.pk).get(year)
    may_edit_plans = can_edit_eypp(access, child=child)
    plans = [
        {
            "plan": plan,
            "tag": f"eypp_{plan.status}",
            "url": eypp_url(access, "plan", plan.pk),
            "total": rules.money(plan.total),
        }
        for plan in selectors.plans_of(access, child)
    ]
    has_open_left_care = any(
        row["ground"].basis == Basis.LEFT_CARE and row["ground"].eligible_to is None
        for row in grounds
    )
    return render(
        request,
        "eypp/eligibility/child_eypp.html",
        {
            "child": child,
            "hub_url": child_pages(access, child).hub,
            "award": award,
            "award_label": Basis(award).label if award else "",
            "refusal": NOT_PAID.format(refusal=refusal) if refusal else "",
            "funded_since": funded_since,
            "funding_started": funded_since is not None and funded_since <= today,
            "grounds": grounds,
            "looked_after": looked_after,
            "responsible_la": child.responsible_la,
            "expected": expected,
            "expected_capped": expected is not None and any(t.capped for t in expected.terms),
            "expected_rows": [(term, rules.money(term.amount)) for term in expected.terms]
            if expected is not None
            else [],
            "expected_total": rules.money(expected.amount) if expected is not None else "",
            "year_label": rules.financial_year_label(year),
            "rates": rates,
            "daf_awards": [
                {
                    "award": daf,
                    "amount": rules.money(daf.amount),
                    "change_url": eypp_url(access, "daf_change", child.pk, daf.pk)
                    if can_record
                    else "",
                }
                for daf in selectors.daf_awards_of(child)
            ],
            "plans": plans,
            "plan_start_url": eypp_url(access, "plan_start", child.pk) if may_edit_plans else "",
            "can_record": can_record,
            "ground_add_url": eypp_url(access, "ground_add", child.pk) if can_record else "",
            "daf_add_url": eypp_url(access, "daf_add", child.pk) if can_record else "",
            "left_care_prompt": can_record
            and child.looked_after_status == Child.LookedAfter.PREVIOUSLY
            and not has_open_left_care,
            "no_entitlement": child.funded_entitlement in ("", rules.NOT_FUNDED),
            "child_edit_url": _child_edit_url(request, child),
        },
    )


def _child_edit_url(request: AccessRequest, child: Child) -> str:
    access = request.access
    if access.care_setting is None or not can(access, Action.EDIT_CHILD, child=child):
        return ""
    return reverse("settings:children:edit", args=[access.care_setting.slug, child.pk])


def _recording_child(request: AccessRequest, child_id: int) -> Child:
    return eypp_child_get_for(request.access, child_id, Action.EDIT_EYPP_ELIGIBILITY)


def _recorded(request: AccessRequest, child_id: int, get: Any, record_id: int) -> tuple:
    """Return the child and their record: 404 for a record the child has not, then 403."""
    child = eypp_child_in_scope(request.access, child_id)
    record = get(child, record_id)
    require(request.access, Action.EDIT_EYPP_ELIGIBILITY, child=child)
    return child, record


def _form_context(request: AccessRequest, child: Child, **extra: Any) -> dict[str, Any]:
    return {
        "child": child,
        "back_url": _page_url(request.access, child),
        "no_entitlement": child.funded_entitlement in ("", rules.NOT_FUNDED),
        "child_edit_url": _child_edit_url(request, child),
        **extra,
    }


def _model_differences(form: Form, saved: Any, typed: dict[str, Any]) -> list[Difference]:
    names = {field.name for field in saved._meta.get_fields()}
    labels = {name: field.label for name, field in form.fields.items()}
    kept = {name: value for name, value in typed.items() if name in names}
    return differences(saved, kept, labels=labels)


@setting_required
def ground_add_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Record a ground with the evidence seen (not looked after: that follows the record)."""
    child = _recording_child(request, child_id)
    staff = selectors.staff_of(child.care_setting_id)
    form = GroundForm(
        request.POST or None,
        staff=staff,
        initial={"hours_per_week": services.default_hours(child)},
    )
    return create_page(
        request,
        form=form,
        create=lambda by, version=None, **fields: services.ground_add(
            child=child, by=by, **fields
        ),
        done=lambda ground: f"The ground has been recorded: {ground.get_basis_display().lower()}.",
        back=_page_url(request.access, child),
        template="eypp/eligibility/ground_form.html",
        context=_form_context(request, child, heading="Record a ground for EYPP"),
    )


@setting_required
def ground_change_view(request: AccessRequest, child_id: int, ground_id: int) -> HttpResponse:
    """Change a ground's evidence, dates or hours (the basis and dates of a looked-after
    ground follow the child's record)."""
    child, ground = _recorded(request, child_id, selectors.ground_get, ground_id)
    fixed = ground.source == Eligibility.Source.CHILD_RECORD
    staff = selectors.staff_of(child.care_setting_id)
    back = _page_url(request.access, child)

    def save(*, by: Any, version: int, submission_token: Any = None, **fields: Any) -> Any:
        for name in ("basis", "eligible_from", "eligible_to"):
            fields.setdefault(name, getattr(ground, name))
        return services.ground_change(ground=ground, by=by, version=version, **fields)

    def done(saved: Eligibility) -> HttpResponse:
        messages.success(request, "The ground has been changed.")
        return redirect(back)

    return edit_page(
        request,
        form_class=GroundForm,
        form_kwargs=lambda record: {
            "staff": staff,
            "fixed": fixed,
            "initial": {
                "version": record.version,
                "basis": record.basis,
                "evidence": record.evidence,
                "evidence_seen_by": record.evidence_seen_by_id,
                "evidence_seen_on": record.evidence_seen_on,
                "eligible_from": record.eligible_from,
                "eligible_to": record.eligible_to,
                "hours_per_week": record.hours_per_week,
            },
        },
        record=ground,
        save=save,
        reload=lambda: selectors.ground_get(child, ground.pk),
        done=done,
        template="eypp/eligibility/ground_form.html",
        context=_form_context(
            request, child, heading="Change a ground for EYPP", ground=ground, fixed=fixed
        ),
        conflict_of=_model_differences,
    )


@setting_required
def ground_end_view(request: AccessRequest, child_id: int, ground_id: int) -> HttpResponse:
    """End a ground recorded by the setting, with the last day and the reason."""
    child, ground = _recorded(request, child_id, selectors.ground_get, ground_id)
    back = _page_url(request.access, child)

    def done(saved: Eligibility) -> HttpResponse:
        messages.success(request, "The ground has been ended.")
        return redirect(back)

    return edit_page(
        request,
        form_class=GroundEndForm,
        form_kwargs=lambda record: {
            "initial": {"version": record.version, "eligible_to": record.eligible_to}
        },
        record=ground,
        save=partial(services.ground_end, ground=ground),
        reload=lambda: selectors.ground_get(child, ground.pk),
        done=done,
        template="eypp/eligibility/ground_end.html",
        context=_form_context(request, child, ground=ground),
        conflict_of=lambda form, saved, typed: differences(
            saved, {"eligible_to": typed.get("eligible_to")}
        ),
    )


def _daf_years() -> list[int]:
    this_year = rules.financial_year_of(dates.today())
    return [this_year - 1, this_year, this_year + 1]


@setting_required
def daf_add_view(request: AccessRequest, child_id: int) -> HttpResponse:
    """Record the Disability Access Fund for a year at this setting, chosen by the family."""
    child = _recording_child(request, child_id)
    access = request.access
    form = DafForm(
        request.POST or None,
        staff=selectors.staff_of(child.care_setting_id),
        years=_daf_years(),
        initial={"starts_in": rules.financial_year_of(dates.today())},
    )
    return create_page(
        request,
        form=form,
        create=lambda by, version=None, **fields: services.daf_add(
            child=child, care_setting=access.care_setting, by=by, **fields
        ),
        done=lambda award: (
            f"The Disability Access Fund for {rules.financial_year_label(award.starts_in)} "
            f"has been recorded: {rules.money(award.amount)}"
            + ("" if award.amount_confirmed else " (amount not yet confirmed)")
            + "."
        ),
        back=_page_url(access, child),
        template="eypp/eligibility/daf_form.html",
        context=_form_context(request, child, heading="Record the Disability Access Fund"),
    )


@setting_required
def daf_change_view(request: AccessRequest, child_id: int, daf_id: int) -> HttpResponse:
    """Change a DAF award recorded at this setting."""
    child, award = _recorded(request, child_id, selectors.daf_get, daf_id)
    if award.care_setting_id != request.access.care_setting.pk:
        raise PermissionDenied  # recorded by the setting the family chose, which changes it
    back = _page_url(request.access, child)
    years = sorted({*_daf_years(), award.starts_in})

    def done(saved: DafAward) -> HttpResponse:
        messages.success(request, "The Disability Access Fund has been changed.")
        return redirect(back)

    return edit_page(
        request,
        form_class=DafForm,
        form_kwargs=lambda record: {
            "staff": selectors.staff_of(child.care_setting_id),
            "years": years,
            "initial": {
                "version": record.version,
                "starts_in": record.starts_in,
                "family_chose": True,
                "evidence": record.evidence,
                "evidence_seen_by": record.evidence_seen_by_id,
                "evidence_seen_on": record.evidence_seen_on,
            },
        },
        record=award,
        save=lambda *, submission_token=None, **fields: services.daf_change(award=award, **fields),
        reload=lambda: selectors.daf_get(child, award.pk),
        done=done,
        template="eypp/eligibility/daf_form.html",
        context=_form_context(
            request, child, heading="Change the Disability Access Fund", award=award
        ),
        conflict_of=_model_differences,
    )
