"""Reads of notes of visit, through the door (``accounts.permissions.visit_q``).

The setting's manager reads only the notes shared with the setting; the improvement advisors
assigned to it and the LA administrator read the drafts too. Anything else is 404.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from accounts.models import CareSetting
from accounts.permissions import Access, Action, visit_q
from common.models import AuditEvent
from quality.models import ActionPlan, Visit

PAGE_SIZE = 20
# The events of a note of visit its readers at the setting see on its page, oldest first.
TRAIL_VERBS = (
    "quality.visit_shared",
    "quality.visit_changed_after_sharing",
    "quality.visit_reflected",
)


def visits_for(access: Access) -> QuerySet[Visit]:
    """Return the notes of visit the access reads at its setting, newest visit first."""
    return (
        Visit.objects.filter(visit_q(access))
        .select_related("advisor")
        .order_by("-visited_on", "-pk")
    )


def open_plan(care_setting: CareSetting) -> ActionPlan | None:
    """Return the setting's open action plan, if it has one (one query)."""
    return ActionPlan.objects.filter(
        care_setting=care_setting, status=ActionPlan.Status.OPEN
    ).first()


def visit_trail(access: Access, visit: Visit) -> list[AuditEvent]:
    """Return what happened to the notes once shared: shared, changed, reflected on.

    Events whose right the reader does not hold are left out (one query).
    """
    if visit.shared_at is None:
        return []
    return list(
        AuditEvent.objects.filter(
            verb__in=TRAIL_VERBS,
            target_type=ContentType.objects.get_for_model(Visit),
            target_id=str(visit.pk),
            care_setting_id=visit.care_setting_id,
            restricted_to__in=[Action.VIEW_QUALITY.value, ""],
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
