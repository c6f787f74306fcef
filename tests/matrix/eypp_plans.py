# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for EYPP action plans, both sides.

The key child's plan (as ``key_plan``: looked after, responsible LA = the home LA, a draft
with one line and £300 from the LA) is written by the setting's manager and the child's
key person (EDIT_EYPP); the DSL and the LA's advisors read it; the practitioner has no EYPP
grant, so the plan is not in their scope (404). It is approved or returned, and its
allocation recorded, by the responsible LA's children in care advisor only: the
improvement advisor reads a looked-after child's plan but is refused (403).

An economic child's submitted plan (the case not shared with the LA) is what the LA side's
plan page and decision show: the improvement advisor assigned to the setting reviews it,
the LA administrator reads it (VIEW_EYPP_ROLLUP; on the setting side too, once submitted) but
may not decide or change it (403), and the children
in care advisor does not reach it (404). Another setting or LA is 404 throughout.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from children.models import Child
from eypp.models import ActionPlan, Basis
from tests.factories.accounts import ChildFactory
from tests.factories.eypp import ActionPlanFactory, EligibilityFactory, PlanLineFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, at_la, at_setting, day_parts

Status = ActionPlan.Status


# The plans are found or made here, as the ``key_plan`` and ``eypp_child`` fixtures make
# them: the matrices run builders in savepoints they roll back.
def the_key_plan(places: Places) -> ActionPlan:
    """The key child's first plan: a draft for this term with one line, £300 from the LA."""
    child = places.fixture("key_child")
    plan = ActionPlan.objects.filter(child=child, number=1).first()
    if plan is None:
        Child.objects.filter(pk=child.pk).update(funded_entitlement="universal_15")
        EligibilityFactory(
            child=child,
            basis=Basis.LOOKED_AFTER,
            eligible_from=child.entered_care_on,
            evidence="",
            evidence_seen_by=None,
            evidence_seen_on=None,
            source="child_record",
        )
        plan = ActionPlanFactory(
            child=child,
            pep=places.fixture("key_pep"),
            created_by=places.fixture("key_person"),
            allocation_source=ActionPlan.AllocationSource.LA,
        )
        PlanLineFactory(plan=plan)
    return plan


def the_economic_plan(places: Places) -> ActionPlan:
    """An economic child's plan at the manager's setting, submitted to the LA."""
    plan = ActionPlan.objects.filter(
        child__first_name="Esme", care_setting=places.care_setting
    ).first()
    if plan is None:
        child = ChildFactory(
            care_setting=places.care_setting, funded_entitlement="universal_15", first_name="Esme"
        )
        EligibilityFactory(child=child)
        plan = ActionPlanFactory(child=child, submitted=True)
        PlanLineFactory(plan=plan)
    return plan


def _as(plan: ActionPlan, status: str) -> ActionPlan:
    extra: dict[str, Any] = {"submitted_at": timezone.now()} if status != Status.DRAFT else {}
    if status == Status.APPROVED:
        extra.update(decided_at=timezone.now(), checksum="0" * 64)
    ActionPlan.objects.filter(pk=plan.pk).update(status=status, **extra)
    return plan


def key_plan(places: Places) -> dict[str, Any]:
    return {**at_setting(places), "plan_id": the_key_plan(places).pk}


def la_key_plan(places: Places) -> dict[str, Any]:
    return {**at_la(places), "plan_id": the_key_plan(places).pk}


def key_line(places: Places) -> dict[str, Any]:
    plan = the_key_plan(places)
    return {**at_setting(places), "plan_id": plan.pk, "line_id": plan.lines.first().pk}


def key_submitted(places: Places) -> dict[str, Any]:
    _as(the_key_plan(places), Status.SUBMITTED)
    return key_plan(places)


def la_key_submitted(places: Places) -> dict[str, Any]:
    _as(the_key_plan(places), Status.SUBMITTED)
    return la_key_plan(places)


def key_approved(places: Places) -> dict[str, Any]:
    _as(the_key_plan(places), Status.APPROVED)
    return key_plan(places)


def la_economic(places: Places) -> dict[str, Any]:
    return {**at_la(places), "plan_id": the_economic_plan(places).pk}


def key_child_start(places: Places) -> dict[str, Any]:
    child = places.fixture("key_child")
    Child.objects.filter(pk=child.pk).update(funded_entitlement="universal_15")
    return {**at_setting(places), "child_id": child.pk}


def own_period(places: Places, form: HtmlForm) -> dict[str, Any]:
    starts = timezone.localdate() + timedelta(days=400)
    return {
        "period": "own",
        "own_label": "A later term",
        **day_parts("own_start", starts),
        **day_parts("own_end", starts + timedelta(days=60)),
    }


def a_line(places: Places, form: HtmlForm) -> dict[str, Any]:
    plan = the_key_plan(places)
    return {
        "need": "Has not been to a library; few books at home.",
        "area": str(plan.lines.first().area_id),
        "action": "Library visits with the key person, and books to take home.",
        "who": "Key person",
        **day_parts("starts_on", plan.period_start),
        **day_parts("ends_on", plan.period_end),
        "cost": "60.00",
        "intended_impact": "Chooses a book and talks about it.",
        "idea": "visits",
    }


def a_changed_line(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"cost": "99.50"}


def approve(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"decision": "approve", "comment": "Well costed."}


def an_allocation(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"allocation": str(Decimal("275.00"))}


def a_reason(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"reason": "Speech and language therapy has started; the talk sessions change."}


def as_rendered(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {}


_L = LOGIN

# fmt: off
ROWS = {
    #                                                      anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:eypp:plan_start":      (key_child_start,  (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:plan":            (key_plan,         (_L, 200, 200, 404, 200, 200, 404, 200, 404, 404, 404)),
    "la_eypp:plan":                  (la_economic,      (_L, 404, 404, 404, 404, 200, 404, 404, 200, 404, 404)),
    "settings:eypp:line_add":        (key_plan,         (_L, 200, 200, 404, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:line_change":     (key_line,         (_L, 200, 200, 404, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:line_remove":     (key_line,         (_L, 200, 200, 404, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:plan_submit":     (key_plan,         (_L, 200, 200, 404, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:plan_decide":     (key_submitted,    (_L, 403, 403, 404, 403, 403, 404, 200, 403, 404, 404)),
    "la_eypp:plan_decide":           (la_economic,      (_L, 404, 404, 404, 404, 200, 404, 404, 403, 404, 404)),
    "settings:eypp:plan_allocation": (key_plan,         (_L, 403, 403, 404, 403, 403, 404, 200, 404, 404, 404)),
    "la_eypp:plan_allocation":       (la_key_plan,      (_L, 404, 404, 404, 404, 403, 404, 200, 404, 404, 404)),
    "settings:eypp:plan_revise":     (key_approved,     (_L, 200, 200, 404, 403, 403, 404, 403, 403, 404, 404)),
}

WRITES = {
    #                                                                       anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:eypp:plan_start":      (key_child_start,  own_period,     (_L, OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:line_add":        (key_plan,         a_line,         (_L, OK,  OK,  404, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:line_change":     (key_line,         a_changed_line, (_L, OK,  OK,  404, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:line_remove":     (key_line,         as_rendered,    (_L, OK,  OK,  404, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:plan_submit":     (key_plan,         as_rendered,    (_L, OK,  OK,  404, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:plan_decide":     (key_submitted,    approve,        (_L, 403, 403, 404, 403, 403, 404, OK,  403, 404, 404)),
    "la_eypp:plan_decide":           (la_economic,      approve,        (_L, 404, 404, 404, 404, OK,  404, 404, 403, 404, 404)),
    "settings:eypp:plan_allocation": (key_plan,         an_allocation,  (_L, 403, 403, 404, 403, 403, 404, OK,  404, 404, 404)),
    "la_eypp:plan_allocation":       (la_key_plan,      an_allocation,  (_L, 404, 404, 404, 404, 403, 404, OK,  404, 404, 404)),
    "settings:eypp:plan_revise":     (key_approved,     a_reason,       (_L, OK,  OK,  404, 403, 403, 404, 403, 403, 404, 404)),
}
# fmt: on
