"""Reads for the accounts pages, scoped by an Access from accounts.permissions."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from accounts.models import (
    AdvisorAssignment,
    CareSetting,
    LaRole,
    LocalAuthority,
    Membership,
    OfstedInspection,
)
from accounts.permissions import (
    LOOKED_AFTER,
    PREVIOUSLY_LOOKED_AFTER,
    Access,
    settings_visible_to,
)
from common import dates


def _on_roll(prefix: str = "") -> Q:
    today = dates.today()
    return Q(**{f"{prefix}leave_date__isnull": True}) | Q(**{f"{prefix}leave_date__gt": today})


@dataclass(frozen=True)
class SettingSummary:
    children_on_roll: int
    looked_after: int
    previously_looked_after: int
    sen: int
    staff: int
    dsl_names: list[str]
    advisor_names: list[str]


def setting_summary(care_setting: CareSetting) -> SettingSummary:
    """Return the figures on a setting's overview in a fixed number of queries."""
    on_roll = care_setting.children.filter(_on_roll())
    counts = on_roll.aggregate(
        total=Count("pk"),
        looked_after=Count("pk", filter=Q(looked_after_status=LOOKED_AFTER)),
        previously=Count("pk", filter=Q(looked_after_status=PREVIOUSLY_LOOKED_AFTER)),
        sen=Count("pk", filter=~Q(sen_status="none")),
    )
    staff = list(
        Membership.objects.filter(care_setting=care_setting, is_active=True).values_list(
            "user__full_name", "is_dsl"
        )
    )
    advisors = list(
        AdvisorAssignment.objects.filter(care_setting=care_setting, la_role__is_active=True)
        .order_by("la_role__user__full_name")
        .values_list("la_role__user__full_name", flat=True)
    )
    return SettingSummary(
        children_on_roll=counts["total"],
        looked_after=counts["looked_after"],
        previously_looked_after=counts["previously"],
        sen=counts["sen"],
        staff=len(staff),
        dsl_names=sorted(name for name, is_dsl in staff if is_dsl),
        advisor_names=advisors,
    )


def inspections_for(care_setting: CareSetting) -> QuerySet[OfstedInspection]:
    return OfstedInspection.objects.filter(care_setting=care_setting)


def staff_for(care_setting: CareSetting) -> QuerySet[Membership]:
    """Return the setting's staff, active first, with their user."""
    return (
        Membership.objects.filter(care_setting=care_setting)
        .select_related("user")
        .order_by("-is_active", "user__full_name")
    )


def la_settings(access: Access) -> QuerySet[CareSetting]:
    """Return the LA's settings the access may open, with counts and the latest inspection."""
    latest = OfstedInspection.objects.filter(care_setting=OuterRef("pk")).order_by("-inspected_on")
    return (
        settings_visible_to(access)
        .annotate(
            children_on_roll=Count("children", filter=_on_roll("children__"), distinct=True),
            looked_after=Count(
                "children",
                filter=_on_roll("children__") & Q(children__looked_after_status=LOOKED_AFTER),
                distinct=True,
            ),
            latest_inspected_on=Subquery(latest.values("inspected_on")[:1]),
            latest_scheme=Subquery(latest.values("scheme")[:1]),
            latest_grade=Subquery(latest.values("overall_grade")[:1]),
            latest_safeguarding_met=Subquery(latest.values("safeguarding_met")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "advisor_assignments",
                queryset=AdvisorAssignment.objects.select_related("la_role__user").filter(
                    la_role__is_active=True
                ),
            )
        )
        .order_by("name")
    )


def settings_with_grades(access: Access) -> list[tuple[CareSetting, str]]:
    """Return the LA's settings the access sees, each with its latest inspection grade."""
    return [
        (
            care_setting,
            grade_label(
                care_setting.latest_scheme,
                care_setting.latest_grade,
                care_setting.latest_safeguarding_met,
            ),
        )
        for care_setting in la_settings(access)
    ]


def grade_label(scheme: str | None, grade: str | None, safeguarding_met: bool | None) -> str:
    """Return the latest Ofsted outcome as shown in tables."""
    if not scheme:
        return "Not yet inspected"
    if scheme == OfstedInspection.Scheme.GRADED:
        return OfstedInspection.Grade(grade).label if grade else "Graded"
    if safeguarding_met is None:
        return "Report card"
    return f"Report card, safeguarding {'met' if safeguarding_met else 'not met'}"


def improvement_advisors(access: Access) -> QuerySet[LaRole]:
    assert access.local_authority is not None
    return (
        LaRole.objects.filter(
            local_authority=access.local_authority,
            role=LaRole.Role.IMPROVEMENT_ADVISOR,
            is_active=True,
        )
        .select_related("user")
        .order_by("user__full_name")
    )


def la_setting_get(access: Access, slug: str) -> CareSetting:
    """Return one of the LA's settings that the access may open, or 404."""
    try:
        return settings_visible_to(access).get(slug=slug)
    except CareSetting.DoesNotExist:
        raise Http404 from None


def local_authority_as_saved(local_authority: LocalAuthority) -> LocalAuthority:
    """Return the local authority as saved now (after someone else changed its policy)."""
    return LocalAuthority.objects.get(pk=local_authority.pk)


# The children app provides the audit trail's list of children (children.apps): accounts
# sits below it and does not name its model.
_audit_children: list[Callable[[Access], list[tuple[int, str]]]] = []


def register_audit_children(provider: Callable[[Access], list[tuple[int, str]]]) -> None:
    """Set the function listing ``(id, name)`` of the children an access may see."""
    _audit_children[:] = [provider]


def audit_children(access: Access) -> list[tuple[int, str]]:
    """Return ``(id, name)`` of the children the access may see, for the trail's filter."""
    return _audit_children[0](access) if _audit_children else []


def care_setting_as_saved(care_setting: CareSetting) -> CareSetting:
    """Return the setting as saved now (after someone else changed its key-person limit)."""
    return CareSetting.objects.get(pk=care_setting.pk)
