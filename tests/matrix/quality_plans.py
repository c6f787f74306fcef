# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for a setting's action plan and support package.

Readers of the setting's support records (VIEW_QUALITY): its manager, the improvement
advisor assigned to it and the LA administrator. Staff without the right and the children
in care advisor are refused the list and the form that opens a plan (403: not secret), and
do not find any one plan (404: it is looked up through the door before the right is
weighed, so a refusal never confirms that a plan exists); an advisor not assigned, and
people of other settings and LAs, do not reach the setting (404).
The manager writes the actions (EDIT_ACTION_PLAN) and nothing of the advisor's; the advisor
and the LA administrator record contact, comment, broker support and record engagement
(SUPPORT_SETTING), and never write the setting's actions.
"""

from typing import Any

from quality.models import ActionPlan, PlanAction, SupportItem
from tests.factories.quality import ActionPlanFactory, PlanActionFactory, SupportItemFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, ago, at_setting, day_parts


def the_plan(places: Places) -> ActionPlan:
    """The manager's setting's open plan."""
    plan = ActionPlan.objects.filter(
        care_setting=places.care_setting, status=ActionPlan.Status.OPEN
    ).first()
    return plan or ActionPlanFactory(care_setting=places.care_setting, opened_on=ago(20))


def the_action(places: Places) -> PlanAction:
    plan = the_plan(places)
    return plan.actions.first() or PlanActionFactory(plan=plan, number=1)


def the_item(places: Places) -> SupportItem:
    plan = the_plan(places)
    return plan.support.first() or SupportItemFactory(plan=plan, offered_on=ago(10))


def a_plan(places: Places) -> dict[str, Any]:
    return {"setting_slug": places.care_setting.slug, "plan_id": the_plan(places).pk}


def an_action(places: Places) -> dict[str, Any]:
    action = the_action(places)
    return {
        "setting_slug": places.care_setting.slug,
        "plan_id": action.plan_id,
        "action_id": action.pk,
    }


def an_item(places: Places) -> dict[str, Any]:
    item = the_item(places)
    return {
        "setting_slug": places.care_setting.slug,
        "plan_id": item.plan_id,
        "item_id": item.pk,
    }


def an_opening(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        **day_parts("opened_on", ago(0)),
        "reason": "The setting's self-review found its planning needs support.",
    }


def a_contact(places: Places, form: HtmlForm) -> dict[str, Any]:
    return day_parts("contacted_on", ago(1))


def a_comment(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"advisor_comment": "A clear plan: keep the dates realistic."}


def a_refusal(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "engagement": "declined",
        **day_parts("engagement_recorded_on", ago(3)),
        "engagement_notes": "The manager said they will work on it alone.",
        **day_parts("ofsted_informed_on", ago(1)),
    }


def an_action_form(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "concern": "Next steps are not followed up.",
        "action": "Room leaders check next steps weekly.",
        "who": "Room leaders",
        **day_parts("due_on", ago(-30)),
        "status": "not_started",
    }


def a_changed_action(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"status": "in_progress", "evidence": "Weekly checks started."}


def an_offer(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "kind": "peer",
        "detail": "Visits to a nearby Good setting to see its planning.",
        **day_parts("offered_on", ago(0)),
        "take_up": "offered",
    }


def a_take_up(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"take_up": "taken_up", "take_up_notes": "All three visits booked."}


_L = LOGIN

# fmt: off
ROWS = {
    #                                                  anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:quality:plan_list":           (at_setting, (_L, 200, 403, 403, 403, 200, 404, 403, 200, 404, 404)),
    "settings:quality:plan_open":           (at_setting, (_L, 403, 403, 403, 403, 200, 404, 403, 200, 404, 404)),
    "settings:quality:plan_detail":         (a_plan,     (_L, 200, 404, 404, 404, 200, 404, 404, 200, 404, 404)),
    "settings:quality:plan_contact":        (a_plan,     (_L, 403, 404, 404, 404, 200, 404, 404, 200, 404, 404)),
    "settings:quality:plan_comment":        (a_plan,     (_L, 403, 404, 404, 404, 200, 404, 404, 200, 404, 404)),
    "settings:quality:plan_engagement":     (a_plan,     (_L, 403, 404, 404, 404, 200, 404, 404, 200, 404, 404)),
    "settings:quality:plan_action_add":     (a_plan,     (_L, 200, 404, 404, 404, 403, 404, 404, 403, 404, 404)),
    "settings:quality:plan_action_edit":    (an_action,  (_L, 200, 404, 404, 404, 403, 404, 404, 403, 404, 404)),
    "settings:quality:plan_action_comment": (an_action,  (_L, 403, 404, 404, 404, 200, 404, 404, 200, 404, 404)),
    "settings:quality:support_add":         (a_plan,     (_L, 403, 404, 404, 404, 200, 404, 404, 200, 404, 404)),
    "settings:quality:support_edit":        (an_item,    (_L, 403, 404, 404, 404, 200, 404, 404, 200, 404, 404)),
}

WRITES = {
    #                                                                       anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:quality:plan_open":           (at_setting, an_opening,       (_L, 403, 403, 403, 403, OK,  404, 403, OK,  404, 404)),
    "settings:quality:plan_contact":        (a_plan,     a_contact,        (_L, 403, 404, 404, 404, OK,  404, 404, OK,  404, 404)),
    "settings:quality:plan_comment":        (a_plan,     a_comment,        (_L, 403, 404, 404, 404, OK,  404, 404, OK,  404, 404)),
    "settings:quality:plan_engagement":     (a_plan,     a_refusal,        (_L, 403, 404, 404, 404, OK,  404, 404, OK,  404, 404)),
    "settings:quality:plan_action_add":     (a_plan,     an_action_form,   (_L, OK,  404, 404, 404, 403, 404, 404, 403, 404, 404)),
    "settings:quality:plan_action_edit":    (an_action,  a_changed_action, (_L, OK,  404, 404, 404, 403, 404, 404, 403, 404, 404)),
    "settings:quality:plan_action_comment": (an_action,  a_comment,        (_L, 403, 404, 404, 404, OK,  404, 404, OK,  404, 404)),
    "settings:quality:support_add":         (a_plan,     an_offer,         (_L, 403, 404, 404, 404, OK,  404, 404, OK,  404, 404)),
    "settings:quality:support_edit":        (an_item,    a_take_up,        (_L, 403, 404, 404, 404, OK,  404, 404, OK,  404, 404)),
}
# fmt: on
