# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for the impact review of an EYPP plan (setting side).

The plan is an approved plan of the key child (looked after, responsible LA = the home LA)
whose period has ended. Writing its review is the setting's: the manager and the child's
key person (EDIT_EYPP). Readers of the plan without the right are refused (403); those who
do not reach the plan at all get 404. The LA reads the recorded review in the plan page's
panel, not here.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from eypp.models import ActionPlan
from tests.factories.eypp import ActionPlanFactory, PlanLineFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, at_la, at_setting


# Found or made here, not asked of a fixture: the matrices run builders in savepoints.
def the_approved_plan(places: Places) -> ActionPlan:
    """The key child's approved plan of last term, its period ended, not yet reviewed."""
    child = places.fixture("key_child")
    plan = ActionPlan.objects.filter(child=child, status=ActionPlan.Status.APPROVED).first()
    if plan is None:
        plan = ActionPlanFactory(
            child=child,
            approved=True,
            created_by=places.fixture("key_person"),
            allocation_source=ActionPlan.AllocationSource.LA,
            period_label="Last term",
            period_start=timezone.localdate() - timedelta(days=120),
            period_end=timezone.localdate() - timedelta(days=30),
        )
        PlanLineFactory(plan=plan)
    return plan


def at_plan(places: Places) -> dict[str, Any]:
    return {**at_setting(places), "plan_id": the_approved_plan(places).pk}


def at_la_plan(places: Places) -> dict[str, Any]:
    return {**at_la(places), "plan_id": the_approved_plan(places).pk}


def a_draft_review(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "summary": "Joins group talk most days and takes turns.",
        "next_steps": "Try a larger group next term.",
    }


_L = LOGIN

# fmt: off
ROWS = {
    #                                             anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:eypp:impact":  (at_plan,       (_L, 200, 200, 404, 403, 403, 404, 403, 403, 404, 404)),
}

WRITES = {
    #                                                             anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:eypp:impact":  (at_plan, a_draft_review, (_L,  OK,  OK,  404, 403, 403, 404, 403, 403, 404, 404)),
}
# fmt: on
