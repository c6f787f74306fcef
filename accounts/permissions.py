"""Decide who may do what, where. No other module reads roles.

A person reaches a care setting or a local authority wearing one or more *hats*:
a setting membership (manager or practitioner, with DSL and SENCo flags) or an
LA role (LA admin, improvement advisor, children in care advisor). Views ask this
module for an ``Access`` to the setting or LA named in the URL; outside a
person's scope the answer is 404, so the existence of the place does not leak.
Inside it, a missing grant is 403, except for secret actions, which are 404 too.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum, auto
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from accounts.models import (
    AdvisorAssignment,
    CareSetting,
    LaRole,
    LocalAuthority,
    Membership,
    User,
)
from common.audit import AuditEntry, audit_entries, verb_choices
from common.models import AuditEvent


class Hat(StrEnum):
    MANAGER = "manager"
    PRACTITIONER = "practitioner"
    DSL = "dsl"
    SENCO = "senco"
    LA_ADMIN = "la_admin"
    IMPROVEMENT_ADVISOR = "improvement_advisor"
    CIC_ADVISOR = "cic_advisor"


class Action(StrEnum):
    # A care setting
    VIEW_SETTING = auto()
    VIEW_MY_KEY_CHILDREN = auto()
    VIEW_STAFF = auto()
    INVITE_STAFF = auto()
    MANAGE_STAFF = auto()  # change, deactivate and re-invite a member of staff
    VIEW_SETTING_AUDIT = auto()
    # Children of a setting
    VIEW_CHILDREN = auto()  # the list of the setting's children
    VIEW_CHILD = auto()
    ADD_CHILD = auto()
    EDIT_CHILD = auto()  # the record itself, leaving and moving setting
    EXPORT_CHILDREN = auto()
    EDIT_TEAM = auto()  # team around the child and consents
    VIEW_CHILD_AUDIT = auto()
    MANAGE_ROOMS = auto()  # the setting's list of rooms or groups
    # Learning and progress
    VIEW_PROGRESS = auto()  # tracker, learning journey, progress check of a child
    ADD_OBSERVATION = auto()
    EDIT_TRACKER = auto()  # judgements and the early assessment
    EDIT_PROGRESS_CHECK = auto()
    VIEW_GROUP_PROGRESS = auto()
    CONFIGURE_TRACKER = auto()  # the setting's scale and periods
    MANAGE_OBSERVATIONS = auto()  # every observation of the setting, drafts included
    # Safeguarding
    RAISE_CONCERN = auto()  # any member of staff: raise a concern, see their own receipts
    VIEW_CONCERNS = auto()  # the safeguarding log: concerns, chronology, status, agencies
    TRIAGE_CONCERNS = auto()  # the DSL's own: concerns are passed to them first
    EDIT_SAFEGUARDING = auto()  # review concerns, status and tasks, visits, sharing, transfer
    MANAGE_ALLEGATIONS = auto()  # allegations against staff (never about oneself)
    VIEW_SAFEGUARDING_READS = auto()  # who read which child's safeguarding records
    # Personal Education Plans of looked-after children
    VIEW_PEP = auto()  # a child's PEPs, their meetings and packs; a setting's list of PEPs
    EDIT_PEP = auto()  # the paperwork, targets and submission; out-of-county records
    ORGANISE_PEP_MEETINGS = auto()  # schedule, invite, reschedule, cancel, record the meeting
    QA_PEP = auto()  # the QA checklist, rating and feedback
    SIGN_OFF_PEP = auto()  # return with a reason, sign off, open a correction
    VIEW_PEP_BOARD = auto()  # the LA's PEP board and compliance across its settings
    # Early Years Pupil Premium and the Disability Access Fund
    VIEW_EYPP = auto()  # a child's eligibility, funding and action plans
    EDIT_EYPP = auto()  # write, revise and submit action plans; record the impact review
    EDIT_EYPP_ELIGIBILITY = auto()  # record EYPP grounds and DAF awards with their evidence
    REVIEW_EYPP = auto()  # approve or return submitted plans (``can_review_eypp``)
    ALLOCATE_EYPP = auto()  # the virtual school's allocation for a looked-after child
    VIEW_EYPP_ROLLUP = auto()  # plans submitted across the LA's settings, spend and impact
    EDIT_FUNDING_RATES = auto()  # EYPP and DAF rates per financial year
    # Key persons and staff training
    ALLOCATE_KEY_PERSON = auto()
    CONFIGURE_KEY_PERSONS = auto()  # the setting's limit of key children per key person
    VIEW_CASELOADS = auto()
    VIEW_TRAINING = auto()
    EDIT_TRAINING = auto()
    # A local authority
    ADMINISTER_LA = auto()
    MANAGE_LA_USERS = auto()  # find, change, deactivate and re-invite people at the LA
    VIEW_ADVISOR_HOME = auto()
    # Support for settings: Ofsted, notes of visit, action plans, the LA's strategy
    VIEW_QUALITY = auto()  # a setting's inspections, shared notes of visit and action plan
    RECORD_VISIT = auto()  # write and share notes of visit (Positive Practice Tool)
    REFLECT_ON_VISIT = auto()  # the setting manager's reflections on a shared note of visit
    EDIT_ACTION_PLAN = auto()  # the setting writes and updates its action plan
    SUPPORT_SETTING = auto()  # record inspections, contact, comment, broker support, close
    VIEW_PORTFOLIO = auto()  # the settings portfolio across the settings one supports
    VIEW_STRATEGY = auto()  # the LA's early years strategy action plan
    EDIT_STRATEGY = auto()  # its chapters and commitments (leads update their own)
    VIEW_COHORT_REPORT = auto()  # the children in care cohort report


SETTING_MEMBER = frozenset(
    {
        Action.VIEW_MY_KEY_CHILDREN,
        Action.VIEW_CHILDREN,
        Action.VIEW_CHILD,
        Action.VIEW_PROGRESS,
        Action.ADD_OBSERVATION,
        Action.RAISE_CONCERN,
    }
)
# The safeguarding log: the DSL keeps it, the manager reads and edits it (DESIGN.md).
SAFEGUARDING_LOG = frozenset(
    {
        Action.VIEW_CONCERNS,
        Action.EDIT_SAFEGUARDING,
        Action.MANAGE_ALLEGATIONS,
        Action.VIEW_SAFEGUARDING_READS,
    }
)
MANAGER_ONLY = frozenset(
    {
        Action.VIEW_SETTING,
        Action.VIEW_STAFF,
        Action.INVITE_STAFF,
        Action.MANAGE_STAFF,
        Action.VIEW_SETTING_AUDIT,
        Action.ADD_CHILD,
        Action.EDIT_CHILD,
        Action.EXPORT_CHILDREN,
        Action.EDIT_TEAM,
        Action.VIEW_CHILD_AUDIT,
        Action.MANAGE_ROOMS,
        Action.ALLOCATE_KEY_PERSON,
        Action.CONFIGURE_KEY_PERSONS,
        Action.VIEW_CASELOADS,
        Action.VIEW_TRAINING,
        Action.EDIT_TRAINING,
        Action.EDIT_TRACKER,
        Action.EDIT_PROGRESS_CHECK,
        Action.VIEW_GROUP_PROGRESS,
        Action.CONFIGURE_TRACKER,
        Action.MANAGE_OBSERVATIONS,
        Action.VIEW_PEP,
        Action.EDIT_PEP,
        Action.VIEW_EYPP,
        Action.EDIT_EYPP,
        Action.EDIT_EYPP_ELIGIBILITY,
        Action.VIEW_QUALITY,
        Action.REFLECT_ON_VISIT,
        Action.EDIT_ACTION_PLAN,
    }
)
LA_ADVISOR = frozenset(
    {
        Action.VIEW_SETTING,
        Action.VIEW_ADVISOR_HOME,
        Action.VIEW_CHILD,
        Action.VIEW_PROGRESS,
        Action.VIEW_PEP,
        Action.QA_PEP,
        Action.VIEW_EYPP,
        Action.REVIEW_EYPP,
        Action.VIEW_EYPP_ROLLUP,
        Action.VIEW_STRATEGY,
    }
)
# An improvement advisor's own: the settings they support (the CiC advisor follows children).
IMPROVEMENT_ADVISOR_ONLY = frozenset(
    {
        Action.VIEW_QUALITY,
        Action.RECORD_VISIT,
        Action.SUPPORT_SETTING,
        Action.VIEW_PORTFOLIO,
    }
)
# The virtual school's own: only for the children its LA is responsible for
# (``can_organise_pep``), wherever they are placed.
CIC_ADVISOR_ONLY = frozenset(
    {
        Action.ORGANISE_PEP_MEETINGS,
        Action.SIGN_OFF_PEP,
        Action.VIEW_PEP_BOARD,
        Action.ALLOCATE_EYPP,
        Action.VIEW_COHORT_REPORT,
    }
)
GRANTS: dict[Hat, frozenset[Action]] = {
    Hat.MANAGER: SETTING_MEMBER | MANAGER_ONLY | SAFEGUARDING_LOG,
    Hat.PRACTITIONER: SETTING_MEMBER,
    Hat.DSL: SAFEGUARDING_LOG
    | frozenset({Action.TRIAGE_CONCERNS, Action.VIEW_PEP, Action.VIEW_EYPP}),
    Hat.SENCO: frozenset(),
    Hat.LA_ADMIN: frozenset(
        {
            Action.VIEW_SETTING,
            Action.VIEW_STAFF,
            Action.INVITE_STAFF,
            Action.MANAGE_STAFF,
            Action.VIEW_SETTING_AUDIT,
            Action.VIEW_TRAINING,
            Action.ADMINISTER_LA,
            Action.MANAGE_LA_USERS,
            Action.VIEW_EYPP,
            Action.VIEW_EYPP_ROLLUP,
            Action.EDIT_FUNDING_RATES,
            Action.VIEW_QUALITY,
            Action.RECORD_VISIT,
            Action.SUPPORT_SETTING,
            Action.VIEW_PORTFOLIO,
            Action.VIEW_STRATEGY,
            Action.EDIT_STRATEGY,
            Action.VIEW_COHORT_REPORT,
        }
    ),
    Hat.IMPROVEMENT_ADVISOR: LA_ADVISOR | IMPROVEMENT_ADVISOR_ONLY,
    Hat.CIC_ADVISOR: LA_ADVISOR | CIC_ADVISOR_ONLY,
}
# The hats of an LA role (the others come with a setting membership).
LA_HATS = (Hat.LA_ADMIN, Hat.IMPROVEMENT_ADVISOR, Hat.CIC_ADVISOR)
# What a key person may also do, for their own key children only.
KEY_PERSON_GRANTS = frozenset(
    {
        Action.EDIT_TEAM,
        Action.EDIT_TRACKER,
        Action.EDIT_PROGRESS_CHECK,
        Action.VIEW_PEP,
        Action.EDIT_PEP,
        Action.VIEW_EYPP,
        Action.EDIT_EYPP,
    }
)
# Actions on a PEP that only the LA responsible for the child takes (``can_organise_pep``).
RESPONSIBLE_LA_ONLY = frozenset(
    {Action.ORGANISE_PEP_MEETINGS, Action.SIGN_OFF_PEP, Action.ALLOCATE_EYPP}
)
# Refusing these must not reveal that the records exist.
SECRET: frozenset[Action] = SAFEGUARDING_LOG | frozenset({Action.TRIAGE_CONCERNS})


@dataclass(frozen=True)
class Access:
    """What one user may do at one care setting or local authority."""

    user: User
    hats: frozenset[Hat]
    care_setting: CareSetting | None = None
    local_authority: LocalAuthority | None = None
    membership: Membership | None = field(default=None, compare=False)

    @property
    def actions(self) -> frozenset[Action]:
        granted: frozenset[Action] = frozenset()
        for hat in self.hats:
            granted |= GRANTS[hat]
        return granted


def can(access: Access, action: Action, *, child: Any = None) -> bool:
    """Return whether the access allows the action, on the child if one is given."""
    granted = action in access.actions
    as_key_person = (
        child is not None and access.membership is not None and action in KEY_PERSON_GRANTS
    )
    # Without the grant the answer is no wherever the child is: ask nothing more (at LA
    # level the scope of one child is a query).
    if not (granted or as_key_person):
        return False
    if child is not None and not child_in_scope(access, child):
        return False
    return granted or child.key_person_id == access.user.pk


def memberships_that_can(action: Action, care_setting_ids: Iterable[int]) -> QuerySet:
    """The active memberships, at these settings, whose hats grant the action (no child)."""
    who = Q(pk__in=[])
    roles = [hat.value for hat in (Hat.MANAGER, Hat.PRACTITIONER) if action in GRANTS[hat]]
    if roles:
        who |= Q(role__in=roles)
    if action in GRANTS[Hat.DSL]:
        who |= Q(is_dsl=True)
    if action in GRANTS[Hat.SENCO]:
        who |= Q(is_senco=True)
    return Membership.objects.filter(
        who, care_setting_id__in=set(care_setting_ids), is_active=True, user__is_active=True
    )


def members_who_can(action: Action, *, care_setting_ids: Iterable[int]) -> QuerySet[User]:
    """Return the staff of these settings whose hats let them do the action, in one query.

    The same answer as ``can(access, action)`` for each member's access to their setting
    (GRANTS decide), for active people with an active membership; LA people are not members.
    """
    return User.objects.filter(
        pk__in=memberships_that_can(action, care_setting_ids).values("user_id")
    )


def members_who_can_by_setting(
    action: Action, *, care_setting_ids: Iterable[int]
) -> dict[int, list[int]]:
    """Return ``{setting_id: [user_id, ...]}`` of ``members_who_can``, in one query."""
    people: dict[int, list[int]] = {}
    rows = memberships_that_can(action, care_setting_ids).values_list("care_setting_id", "user_id")
    for setting_id, user_id in rows:
        people.setdefault(setting_id, []).append(user_id)
    return people


def la_people_who_can(
    action: Action, *, local_authority_ids: Iterable[int]
) -> dict[int, list[int]]:
    """Return ``{la_id: [user_id, ...]}`` of the LA people who may do the action there.

    One query: active LA roles, of active people, whose hat grants the action (GRANTS
    decide, as ``can(access, action)`` without a child does for their access to the LA).
    A person with two such roles at one LA is named once. The responsible-LA rule of a
    child's PEP (``can_organise_pep``) is the caller's to apply: pass the child's LA.
    """
    roles = [hat.value for hat in LA_HATS if action in GRANTS[hat]]
    people: dict[int, list[int]] = {}
    if not roles:
        return people
    rows = (
        LaRole.objects.filter(
            role__in=roles,
            local_authority_id__in=set(local_authority_ids),
            is_active=True,
            user__is_active=True,
        )
        .values_list("local_authority_id", "user_id")
        .distinct()
        .order_by("local_authority_id", "user_id")
    )
    for la_id, user_id in rows:
        people.setdefault(la_id, []).append(user_id)
    return people


def require(access: Access, action: Action, *, child: Any = None) -> None:
    """Raise 404 outside scope or for secret actions, else 403, unless the action is allowed."""
    if can(access, action, child=child):
        return
    if (child is not None and not child_in_scope(access, child)) or action in SECRET:
        raise Http404
    raise PermissionDenied


def access_la_id(access: Access) -> int:
    """Return the id of the LA the access is at: its own, or its setting's."""
    if access.local_authority is not None:
        return access.local_authority.pk
    assert access.care_setting is not None
    return access.care_setting.local_authority_id


def can_organise_pep(access: Access, action: Action, *, child: Any) -> bool:
    """Return whether the access may take a responsible-LA action on the child's PEP.

    Only the children in care advisors of the LA responsible for the child organise its
    meetings and sign its PEPs off, wherever the child is placed: an LA where the child is
    only placed reads the PEP.
    """
    if action not in RESPONSIBLE_LA_ONLY or not can(access, action, child=child):
        return False
    return child.responsible_la_id == access_la_id(access)


def require_pep_organiser(access: Access, action: Action, *, child: Any) -> None:
    """Raise 404 outside scope, else 403, unless ``can_organise_pep`` allows the action."""
    if can_organise_pep(access, action, child=child):
        return
    if not child_in_scope(access, child):
        raise Http404
    raise PermissionDenied


def las_on_platform(local_authority_ids: Iterable[int]) -> set[int]:
    """Return which of these LAs are on the platform, in one query.

    An LA is on the platform when at least one active person of an active LA role there may
    organise PEP meetings (its children in care advisors): its advisor then arranges the
    PEPs of the children it is responsible for through the portal. For any other LA the
    setting records the meeting's outcome and uploads that LA's PEP document instead.
    """
    return set(
        la_people_who_can(Action.ORGANISE_PEP_MEETINGS, local_authority_ids=local_authority_ids)
    )


def la_is_on_platform(local_authority_id: int) -> bool:
    """Return whether the LA arranges its PEPs through the portal (``las_on_platform``)."""
    return local_authority_id in las_on_platform([local_authority_id])


def eypp_plan_settings(access: Access) -> QuerySet[CareSetting]:
    """Return the settings whose submitted EYPP plans the access reads, whoever the child.

    A plan submitted to the LA is the LA's to review and count, including the plans of
    children whose cases are not otherwise shared with it: the LA administrator reads those
    of every setting of the LA, an improvement advisor those of their assigned settings.
    Drafts never leave the setting. Everyone else reads only the plans of children in their
    scope (``child_scope``): setting staff, and the children in care advisor, for the
    looked-after children the virtual school funds.
    """
    if Action.VIEW_EYPP_ROLLUP not in access.actions:
        return CareSetting.objects.none()
    if access.care_setting is not None:
        # At a setting page an LA person's hats come only from a setting they reach.
        if access.hats & {Hat.LA_ADMIN, Hat.IMPROVEMENT_ADVISOR}:
            return CareSetting.objects.filter(pk=access.care_setting.pk)
        return CareSetting.objects.none()
    assert access.local_authority is not None
    here = CareSetting.objects.filter(local_authority=access.local_authority)
    if Hat.LA_ADMIN in access.hats:
        return here
    if Hat.IMPROVEMENT_ADVISOR in access.hats:
        return here.filter(
            advisor_assignments__la_role__user=access.user,
            advisor_assignments__la_role__local_authority=access.local_authority,
            advisor_assignments__la_role__role=LaRole.Role.IMPROVEMENT_ADVISOR,
            advisor_assignments__la_role__is_active=True,
        )
    return here.none()


def eypp_plan_q(access: Access, *, children: QuerySet) -> Q:
    """Return the filter on EYPP plans the access may read: ``eypp_plan_in_scope`` for many.

    ``children`` is the caller's ``Child.objects.filter(child_scope(access))`` (this module
    names no model above accounts). A plan is read through its child's scope, or once it has
    been submitted, from a setting in ``eypp_plan_settings``.
    """
    if Action.VIEW_EYPP in access.actions:
        return Q(child__in=children) | Q(
            care_setting__in=eypp_plan_settings(access), submitted_at__isnull=False
        )
    if access.membership is not None and Action.VIEW_EYPP in KEY_PERSON_GRANTS:
        return Q(child__in=children, child__key_person=access.user)
    return Q(pk__in=[])


def eypp_plan_in_scope(
    access: Access, *, child: Any, care_setting_id: int, submitted: bool
) -> bool:
    """Return whether the access may read a plan of the child: ``eypp_plan_q`` for one row."""
    if not can(access, Action.VIEW_EYPP) and not (
        access.membership is not None and can(access, Action.VIEW_EYPP, child=child)
    ):
        return False
    if child_in_scope(access, child):
        return True
    return submitted and eypp_plan_settings(access).filter(pk=care_setting_id).exists()


def can_review_eypp(access: Access, *, child: Any, care_setting_id: int) -> bool:
    """Return whether the access may approve or return a submitted EYPP plan of the child.

    A looked-after child's EYPP is held by the virtual school of the LA responsible for
    the child: its children in care advisors review the plan, wherever the child is placed.
    Any other child's plan is reviewed by the improvement advisor of the setting.
    """
    if Action.REVIEW_EYPP not in access.actions:
        return False
    if child.looked_after_status == LOOKED_AFTER:
        return (
            Hat.CIC_ADVISOR in access.hats
            and child.responsible_la_id == access_la_id(access)
            and child_in_scope(access, child)
        )
    return (
        Hat.IMPROVEMENT_ADVISOR in access.hats
        and eypp_plan_settings(access).filter(pk=care_setting_id).exists()
    )


def can_edit_eypp(access: Access, *, child: Any) -> bool:
    """Return whether the access may write the child's EYPP plans: at the setting only."""
    return access.care_setting is not None and can(access, Action.EDIT_EYPP, child=child)


# --- Who reviews an EYPP plan (eypp.plans tells them a plan was submitted) -------------


def eypp_reviewers(
    *, responsible_la_ids: Iterable[int], care_setting_ids: Iterable[int]
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Return who reviews EYPP plans: ``can_review_eypp`` for many, in two queries.

    The first dict is ``{la_id: [user_id, ...]}``: the children in care advisors of each LA
    (a looked-after child's plan goes to those of the LA responsible for the child); the
    second ``{setting_id: [user_id, ...]}``: the improvement advisors assigned to each
    setting by its own LA (any other child's plan). Active people with active roles only.
    """
    by_la: dict[int, list[int]] = {}
    by_setting: dict[int, list[int]] = {}
    la_ids, setting_ids = set(responsible_la_ids), set(care_setting_ids)
    if la_ids and Action.REVIEW_EYPP in GRANTS[Hat.CIC_ADVISOR]:
        rows = (
            LaRole.objects.filter(
                role=LaRole.Role.CIC_ADVISOR,
                local_authority_id__in=la_ids,
                is_active=True,
                user__is_active=True,
            )
            .values_list("local_authority_id", "user_id")
            .distinct()
            .order_by("local_authority_id", "user_id")
        )
        for la_id, user_id in rows:
            by_la.setdefault(la_id, []).append(user_id)
    if setting_ids and Action.REVIEW_EYPP in GRANTS[Hat.IMPROVEMENT_ADVISOR]:
        rows = (
            AdvisorAssignment.objects.filter(
                care_setting_id__in=setting_ids,
                la_role__role=LaRole.Role.IMPROVEMENT_ADVISOR,
                la_role__is_active=True,
                la_role__user__is_active=True,
                la_role__local_authority_id=F("care_setting__local_authority_id"),
            )
            .values_list("care_setting_id", "la_role__user_id")
            .distinct()
            .order_by("care_setting_id", "la_role__user_id")
        )
        for setting_id, user_id in rows:
            by_setting.setdefault(setting_id, []).append(user_id)
    return by_la, by_setting


def can_view_caseload(access: Access, *, staff_id: int) -> bool:
    """Return whether the access may see this member of staff's caseload: their own, or all."""
    return staff_id == access.user.pk or can(access, Action.VIEW_CASELOADS)


def can_change_observation(access: Access, *, author_id: int | None) -> bool:
    """Return whether the access may change an observation: its author, or a manager.

    Only at the setting: from an LA's side (an advisor reading a child's journey) no one
    changes, or sees the drafts of, an observation.
    """
    if access.care_setting is None:
        return False
    return author_id == access.user.pk or can(access, Action.MANAGE_OBSERVATIONS)


def can_see_observation(access: Access, *, author_id: int | None, published: bool) -> bool:
    """Return whether the access may read an observation: drafts only by who may change it."""
    return published or can_change_observation(access, author_id=author_id)


def setting_keeps_a_manager(*, membership: Membership, role: str, is_active: bool) -> bool:
    """Return False when making the membership so takes away the setting's last manager.

    A setting without one would have nobody to allocate key persons or manage its staff.
    Call it with the setting's row locked, so two changes cannot each leave the other.
    """
    stays = is_active and role == Membership.Role.MANAGER
    was = membership.is_active and membership.role == Membership.Role.MANAGER
    if stays or not was:
        return True
    return (
        Membership.objects.filter(
            care_setting_id=membership.care_setting_id,
            role=Membership.Role.MANAGER,
            is_active=True,
        )
        .exclude(pk=membership.pk)
        .exists()
    )


def la_keeps_an_admin(*, la_role: LaRole, role: str, is_active: bool) -> bool:
    """Return False when making the role so takes away the LA's last administrator."""
    stays = is_active and role == LaRole.Role.LA_ADMIN
    was = la_role.is_active and la_role.role == LaRole.Role.LA_ADMIN
    if stays or not was:
        return True
    return (
        LaRole.objects.filter(
            local_authority_id=la_role.local_authority_id,
            role=LaRole.Role.LA_ADMIN,
            is_active=True,
        )
        .exclude(pk=la_role.pk)
        .exists()
    )


def child_in_scope(access: Access, child: Any) -> bool:
    """Return whether the child is one the access may see: child_scope() for one loaded row."""
    looked_after = child.looked_after_status == LOOKED_AFTER
    if access.care_setting is not None:
        if child.care_setting_id != access.care_setting.pk:
            return False
        if access.hats & {Hat.MANAGER, Hat.PRACTITIONER}:
            return True
        if Hat.IMPROVEMENT_ADVISOR in access.hats and (looked_after or child.shared_with_la):
            return True
        return Hat.CIC_ADVISOR in access.hats and looked_after
    # At LA level the rule needs the advisor's assignments: ask the database.
    model = type(child)
    return model.objects.filter(child_scope(access), pk=child.pk).exists()


def flags(access: Access, *actions: Action, child: Any = None) -> dict[str, bool]:
    """Return ``can_<action>`` booleans for templates, which make no decisions."""
    return {f"can_{action.value}": can(access, action, child=child) for action in actions}


# --- Scope: which settings and LAs a user reaches at all -------------------------


def setting_access_for(user: User, slug: str) -> Access:
    """Return the user's access to the care setting, or 404 outside their scope."""
    if not user.is_authenticated:
        raise Http404
    try:
        care_setting = CareSetting.objects.select_related("local_authority").get(
            slug=slug, is_active=True
        )
    except CareSetting.DoesNotExist:
        raise Http404 from None
    hats: set[Hat] = set()
    membership = Membership.objects.filter(
        user=user, care_setting=care_setting, is_active=True
    ).first()
    if membership is not None:
        hats.add(Hat(membership.role))
        if membership.is_dsl:
            hats.add(Hat.DSL)
        if membership.is_senco:
            hats.add(Hat.SENCO)
    for role, assigned in (
        LaRole.objects.filter(
            user=user, local_authority_id=care_setting.local_authority_id, is_active=True
        )
        .annotate(
            assigned=Exists(
                AdvisorAssignment.objects.filter(la_role=OuterRef("pk"), care_setting=care_setting)
            )
        )
        .values_list("role", "assigned")
    ):
        # An improvement advisor reaches only the settings they are assigned to.
        if role != LaRole.Role.IMPROVEMENT_ADVISOR or assigned:
            hats.add(Hat(role))
    if not hats:
        raise Http404
    if membership is not None:
        membership.care_setting = care_setting
        membership.user = user
    return Access(
        user=user, hats=frozenset(hats), care_setting=care_setting, membership=membership
    )


def la_access_for(user: User, slug: str) -> Access:
    """Return the user's access to the local authority, or 404 outside their scope."""
    if not user.is_authenticated:
        raise Http404
    try:
        local_authority = LocalAuthority.objects.get(slug=slug)
    except LocalAuthority.DoesNotExist:
        raise Http404 from None
    hats = frozenset(
        Hat(role)
        for role in LaRole.objects.filter(
            user=user, local_authority=local_authority, is_active=True
        ).values_list("role", flat=True)
    )
    if not hats:
        raise Http404
    return Access(user=user, hats=hats, local_authority=local_authority)


def settings_visible_to(access: Access) -> QuerySet[CareSetting]:
    """Return the care settings of the access's LA that its holder may open."""
    assert access.local_authority is not None
    settings = CareSetting.objects.filter(local_authority=access.local_authority, is_active=True)
    if access.hats & {Hat.LA_ADMIN, Hat.CIC_ADVISOR}:
        return settings
    if Hat.IMPROVEMENT_ADVISOR in access.hats:
        return settings.filter(
            advisor_assignments__la_role__user=access.user,
            advisor_assignments__la_role__local_authority=access.local_authority,
            advisor_assignments__la_role__role=LaRole.Role.IMPROVEMENT_ADVISOR,
        )
    return settings.none()


# --- Support for settings: inspections, notes of visit, action plans, strategy --------------
# A setting's support records belong to that setting: its manager reads them at the setting,
# the LA administrator and the improvement advisors assigned to it at the setting or from
# the LA's portfolio. Notes of visit reach the setting only once the advisor shares them.


def quality_settings(access: Access) -> QuerySet[CareSetting]:
    """Return the settings whose support records the access may read (none without the right)."""
    if access.care_setting is not None:
        if Action.VIEW_QUALITY not in access.actions:
            return CareSetting.objects.none()
        return CareSetting.objects.filter(pk=access.care_setting.pk)
    if Action.VIEW_PORTFOLIO not in access.actions:
        return CareSetting.objects.none()
    return settings_visible_to(access)


def quality_record_q(access: Access, *, prefix: str = "") -> Q:
    """Return the filter on a setting's support records (plans, visits) the access reads."""
    if access.care_setting is not None:
        if Action.VIEW_QUALITY not in access.actions:
            return Q(pk__in=[])
        return Q(**{f"{prefix}care_setting": access.care_setting})
    return Q(**{f"{prefix}care_setting__in": quality_settings(access)})


def visit_q(access: Access) -> Q:
    """Return the filter on notes of visit: the setting reads only those shared with it."""
    q = quality_record_q(access)
    if Action.RECORD_VISIT not in access.actions:
        q &= Q(shared_at__isnull=False)
    return q


def strategy_q(access: Access, *, prefix: str = "") -> Q:
    """Return the filter on the LA's strategy plan records: LA staff of that LA only."""
    if access.local_authority is None or Action.VIEW_STRATEGY not in access.actions:
        return Q(pk__in=[])
    return Q(**{f"{prefix}local_authority": access.local_authority})


def can_edit_commitment(access: Access, commitment: Any) -> bool:
    """Return whether the access may change a strategy commitment: the LA admin or a lead.

    ``commitment.lead_ids`` (prefetched by the selector) names the leads; a lead may change
    and update their own commitments only.
    """
    if Action.EDIT_STRATEGY in access.actions:
        return True
    return Action.VIEW_STRATEGY in access.actions and access.user.pk in commitment.lead_ids


# --- Safeguarding records ----------------------------------------------------------------
# A safeguarding record belongs to the setting that keeps it, not to the child's setting of
# the day: when a child moves on, the sending setting keeps its log and the receiving DSL
# gets the file by transfer. Allegations against staff are never shown to the person
# they are about, whatever hats that person wears.

# Audit events about allegations name this instead of a right: no reader's actions hold it,
# so they are in no general trail, count or export (the allegation's own page shows them).
ALLEGATION_TRAIL = "allegation_trail"


def safeguarding_record_q(access: Access, *, prefix: str = "") -> Q:
    """Return the filter on safeguarding records the access may read (the setting's own)."""
    if access.care_setting is None or Action.VIEW_CONCERNS not in access.actions:
        return Q(pk__in=[])
    return Q(**{f"{prefix}care_setting": access.care_setting})


def safeguarding_record_in_scope(access: Access, record: Any) -> bool:
    """Return whether the access may read this loaded record (``safeguarding_record_q``)."""
    return (
        access.care_setting is not None
        and Action.VIEW_CONCERNS in access.actions
        and record.care_setting_id == access.care_setting.pk
    )


def transfer_q(access: Access) -> Q:
    """Return the filter on safeguarding file transfers the access may read.

    A transfer is the sending setting's record from the moment it is opened, and the
    receiving setting's too once it is sent (before that, nothing there says it exists).
    """
    if access.care_setting is None or Action.VIEW_CONCERNS not in access.actions:
        return Q(pk__in=[])
    return Q(from_setting=access.care_setting) | Q(
        to_setting=access.care_setting, sent_at__isnull=False
    )


def transfer_in_scope(access: Access, transfer: Any) -> bool:
    """Return whether the access may read this loaded transfer (``transfer_q``)."""
    if access.care_setting is None or Action.VIEW_CONCERNS not in access.actions:
        return False
    here = access.care_setting.pk
    return transfer.from_setting_id == here or (
        transfer.to_setting_id == here and transfer.sent_at is not None
    )


def allegation_q(access: Access) -> Q:
    """Return the filter on allegations the access may see: the setting's, never about oneself."""
    if access.care_setting is None or Action.MANAGE_ALLEGATIONS not in access.actions:
        return Q(pk__in=[])
    return Q(care_setting=access.care_setting) & ~Q(staff_member=access.user)


def allegation_in_scope(access: Access, allegation: Any) -> bool:
    """Return whether the access may see this loaded allegation (``allegation_q``)."""
    return (
        access.care_setting is not None
        and Action.MANAGE_ALLEGATIONS in access.actions
        and allegation.care_setting_id == access.care_setting.pk
        and allegation.staff_member_id != access.user.pk
    )


def allegation_readers(
    *, care_setting_ids: Iterable[int], exclude_user_ids: Iterable[int] = ()
) -> dict[int, list[int]]:
    """Return ``{setting_id: [user_id, ...]}`` who may see allegations there, in one query.

    The caller passes the staff member each allegation is about in ``exclude_user_ids``
    when asking for one allegation's readers (a reminder must never reach them).
    """
    people: dict[int, list[int]] = {}
    rows = (
        memberships_that_can(Action.MANAGE_ALLEGATIONS, care_setting_ids)
        .exclude(user_id__in=list(exclude_user_ids))
        .values_list("care_setting_id", "user_id")
        .distinct()
        .order_by("care_setting_id", "user_id")
    )
    for setting_id, user_id in rows:
        people.setdefault(setting_id, []).append(user_id)
    return people


def audit_restriction_for(access: Access) -> Q:
    """Return the filter on audit events whose needed right the access holds.

    The service writing an event about a restricted record names the action its reader
    needs (``restricted_to``: a concern passed to the DSL needs VIEW_CONCERNS). A reader
    without it does not get the event at all, so it is in no page and no count either.
    """
    return Q(restricted_to="") | Q(restricted_to__in=sorted(access.actions))


def audit_scope_for(access: Access) -> Q:
    """Return the filter on the events of the access's place that its holder may read."""
    if access.care_setting is not None:
        place = Q(care_setting=access.care_setting)
    else:
        assert access.local_authority is not None
        place = Q(local_authority=access.local_authority) | Q(
            care_setting__local_authority=access.local_authority
        )
    return place & audit_restriction_for(access)


# Values of Child.looked_after_status; accounts sits below the children app.
LOOKED_AFTER = "looked_after"
PREVIOUSLY_LOOKED_AFTER = "previously"


def child_scope(access: Access) -> Q:
    """Return the filter on children that the access may see at all (the DESIGN.md table).

    Setting staff see every child of their setting. An improvement advisor sees the
    looked-after children and the cases shared with the LA in their assigned settings.
    A children in care advisor sees the looked-after children their LA is responsible
    for, wherever placed, and those placed in their LA's settings. Anyone else: none.
    """
    nothing = Q(pk__in=[])
    shared_or_cic = Q(looked_after_status=LOOKED_AFTER) | Q(shared_with_la=True)
    if access.care_setting is not None:
        here = Q(care_setting=access.care_setting)
        if access.hats & {Hat.MANAGER, Hat.PRACTITIONER}:
            return here
        scope = nothing
        if Hat.IMPROVEMENT_ADVISOR in access.hats:
            scope |= here & shared_or_cic
        if Hat.CIC_ADVISOR in access.hats:
            scope |= here & Q(looked_after_status=LOOKED_AFTER)
        return scope
    assert access.local_authority is not None
    la = access.local_authority
    scope = nothing
    if Hat.IMPROVEMENT_ADVISOR in access.hats:
        assigned = AdvisorAssignment.objects.filter(
            la_role__user=access.user,
            la_role__local_authority=la,
            la_role__role=LaRole.Role.IMPROVEMENT_ADVISOR,
            la_role__is_active=True,
        ).values("care_setting")
        scope |= Q(care_setting__in=assigned) & shared_or_cic
    if Hat.CIC_ADVISOR in access.hats:
        scope |= Q(looked_after_status=LOOKED_AFTER) & (
            Q(responsible_la=la) | Q(care_setting__local_authority=la)
        )
    return scope


def cohort_scope(access: Access) -> Q:
    """Return the filter on the children the LA's children in care cohort report counts.

    The cohort is the looked-after children the access's LA is responsible for, wherever
    they are placed, and only for a reader with VIEW_COHORT_REPORT at an LA. A children in
    care advisor counts those in their child scope (``child_scope``: all of them). The LA
    administrator opens no child's record, but reads the cohort's figures in aggregate, as
    it reads the EYPP roll-up: the report names no child.
    """
    if Action.VIEW_COHORT_REPORT not in access.actions or access.local_authority is None:
        return Q(pk__in=[])
    cohort = Q(looked_after_status=LOOKED_AFTER, responsible_la=access.local_authority)
    if Hat.LA_ADMIN in access.hats:
        return cohort
    return cohort & child_scope(access)


class AuditSubject(StrEnum):
    """Kinds of record an audit event may name; apps register their models under these."""

    CHILD = "child"


# The rows of each kind a reader may see named in an audit event.
AUDIT_SUBJECT_SCOPES: dict[AuditSubject, Callable[[Access], Q]] = {
    AuditSubject.CHILD: child_scope,
}
# What a reader needs, besides the row being in scope, to open a record an event names.
AUDIT_SUBJECT_OPENED_WITH: dict[AuditSubject, Action] = {
    AuditSubject.CHILD: Action.VIEW_CHILD,
}


def audit_entries_for(access: Access, events: Iterable[AuditEvent]) -> list[AuditEntry]:
    """Return the events as the access may see them: a child outside its scope is not named.

    Such an event keeps who did what, when and from where, so an LA sees activity, but loses
    the child's name, every label containing it and the changes. An event about a child the
    access may open links to the child's page. One query per kind of record named on the
    page.
    """
    scopes = {kind.value: scope(access) for kind, scope in AUDIT_SUBJECT_SCOPES.items()}
    openable = {
        kind.value for kind, action in AUDIT_SUBJECT_OPENED_WITH.items() if can(access, action)
    }
    return audit_entries(events, scopes=scopes, reader=access, openable=openable)


def audit_kinds_for(access: Access) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the kinds of event (verbs) the access may see, grouped, for the trail's filter."""
    return verb_choices(rights={action.value for action in access.actions})


# --- Where a user starts ----------------------------------------------------------


@dataclass(frozen=True)
class Workplace:
    """A place the user works, with the page they start from there."""

    label: str
    role_label: str
    url_name: str
    slug: str


# Each role's landing page, by (place kind, role), "*" for any other role of that kind of
# place: registered by the app that owns the pages (the workspace), so this module names none.
LANDING_PAGES: dict[tuple[str, str], str] = {}
ANY_ROLE = "*"


def register_landing_page(place: str, role: str, url_name: str) -> None:
    """Make url_name the page a person with the role at a "setting" or "la" starts from."""
    LANDING_PAGES[(place, role)] = url_name


def landing_page(place: str, role: str) -> str:
    """Return the view name of the role's landing page at that kind of place."""
    return LANDING_PAGES.get((place, role)) or LANDING_PAGES[(place, ANY_ROLE)]


def workplaces_for(user: User) -> list[Workplace]:
    """Return every setting and LA where the user holds an active role, with its home page."""
    places: list[Workplace] = []
    for membership in Membership.objects.filter(
        user=user, is_active=True, care_setting__is_active=True
    ).select_related("care_setting"):
        places.append(
            Workplace(
                label=membership.care_setting.name,
                role_label=membership.role_label,
                url_name=landing_page("setting", membership.role),
                slug=membership.care_setting.slug,
            )
        )
    la_roles = LaRole.objects.filter(user=user, is_active=True).select_related("local_authority")
    for la_role in la_roles:
        places.append(
            Workplace(
                label=la_role.local_authority.name,
                role_label=la_role.get_role_display(),
                url_name=landing_page("la", la_role.role),
                slug=la_role.local_authority.slug,
            )
        )
    return places


# --- View decorators --------------------------------------------------------------


class AccessRequest(HttpRequest):
    access: Access
    user: User


ViewFunc = Callable[..., HttpResponse]


def setting_required(view: ViewFunc) -> ViewFunc:
    """Turn the ``<setting_slug>`` URL argument into ``request.access``, or 404."""

    @login_required
    @wraps(view)
    def wrapper(
        request: AccessRequest, setting_slug: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        request.access = setting_access_for(request.user, setting_slug)
        return view(request, *args, **kwargs)

    return wrapper


def setting_or_la_required(view: ViewFunc) -> ViewFunc:
    """Turn ``<setting_slug>`` or ``<la_slug>``, whichever the URL has, into ``request.access``.

    For pages served on both sides: a setting's staff reach them under the setting, an LA
    advisor under the LA. The view then asks the same door either way.
    """

    @login_required
    @wraps(view)
    def wrapper(
        request: AccessRequest,
        *args: Any,
        setting_slug: str | None = None,
        la_slug: str | None = None,
        **kwargs: Any,
    ) -> HttpResponse:
        if setting_slug is not None:
            request.access = setting_access_for(request.user, setting_slug)
        elif la_slug is not None:
            request.access = la_access_for(request.user, la_slug)
        else:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def la_required(view: ViewFunc) -> ViewFunc:
    """Turn the ``<la_slug>`` URL argument into ``request.access``, or 404."""

    @login_required
    @wraps(view)
    def wrapper(request: AccessRequest, la_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        request.access = la_access_for(request.user, la_slug)
        return view(request, *args, **kwargs)

    return wrapper
