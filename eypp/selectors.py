"""Reads shared by the EYPP parts: the access getters every EYPP page goes through.

A child's EYPP page is reached through the child: outside the reader's child scope it is
404, inside it a missing grant is 403. A plan is reached through ``eypp_plan_q``: the
child's scope, or, once submitted to the LA, the settings whose plans the LA reviews
(``eypp_plan_settings``), so an LA reviewer reads a submitted plan of a child whose case is
not otherwise shared with it. Writing a plan is the setting's (``can_edit_eypp``);
approving or returning it the LA's (``can_review_eypp``); recording a looked-after child's
allocation the responsible LA's virtual school (``can_organise_pep`` with ALLOCATE_EYPP).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.permissions import (
    Access,
    Action,
    can_edit_eypp,
    can_organise_pep,
    can_review_eypp,
    child_scope,
    eypp_plan_q,
    require,
)
from children.models import Child
from eypp.models import ActionPlan


def children_in_scope(access: Access) -> QuerySet[Child]:
    """Return the children the access may see at all (no grant weighed)."""
    return Child.objects.filter(child_scope(access))


def eypp_child_in_scope(access: Access, child_id: int) -> Child:
    """Return the child if the access may see them at all, else 404 (no grant weighed yet).

    For pages of one of the child's records: the record is looked up (404 when there is no
    such record of the child) before the grant is asked (``require``).
    """
    try:
        return (
            children_in_scope(access)
            .select_related("care_setting__local_authority", "responsible_la", "key_person")
            .get(pk=child_id)
        )
    except Child.DoesNotExist:
        raise Http404 from None


def eypp_child_get_for(access: Access, child_id: int, action: Action) -> Child:
    """Return the child for an EYPP page if the access may do the action: 404 / 403."""
    child = eypp_child_in_scope(access, child_id)
    require(access, action, child=child)
    return child


def plans_in_scope(access: Access) -> QuerySet[ActionPlan]:
    """Return the plans the access may read (``eypp_plan_q``), with child and setting."""
    return ActionPlan.objects.filter(
        eypp_plan_q(access, children=children_in_scope(access))
    ).select_related(
        "child__care_setting__local_authority",
        "child__responsible_la",
        "child__key_person",
        "care_setting__local_authority",
    )


def plan_get_for(access: Access, plan_id: int, action: Action = Action.VIEW_EYPP) -> ActionPlan:
    """Return the plan if the access may do the action on it: 404 outside scope, else 403.

    VIEW_EYPP: anyone who reads it. EDIT_EYPP: the setting's manager, or the child's key
    person. REVIEW_EYPP: ``can_review_eypp``. ALLOCATE_EYPP: the children in care advisor of
    the LA responsible for a looked-after child.
    """
    try:
        plan = plans_in_scope(access).get(pk=plan_id)
    except ActionPlan.DoesNotExist:
        raise Http404 from None
    allowed = {
        Action.VIEW_EYPP: lambda: True,
        Action.EDIT_EYPP: lambda: can_edit_eypp(access, child=plan.child),
        Action.REVIEW_EYPP: lambda: can_review_eypp(
            access, child=plan.child, care_setting_id=plan.care_setting_id
        ),
        Action.ALLOCATE_EYPP: lambda: can_organise_pep(
            access, Action.ALLOCATE_EYPP, child=plan.child
        ),
    }[action]
    if not allowed():
        raise PermissionDenied
    return plan


def plan_reload(access: Access, plan: ActionPlan) -> ActionPlan:
    """Return the plan as saved now, through the door (after a conflict)."""
    return plans_in_scope(access).get(pk=plan.pk)
