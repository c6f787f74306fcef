"""Reads of children, scoped by an Access from accounts.permissions.

``child_get_for`` is the single door to one child: other apps fetch a child through it.
``has_consent`` answers whether a carer's consent is in force on a day.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from accounts.models import CareSetting, User
from accounts.permissions import Access, Action, child_scope, require
from children.models import Child, Consent, Room, SettingChange, TeamMember, on_roll_q
from common.dates import add_years

LIST_RELATED = ("key_person", "responsible_la", "care_setting__local_authority", "room")


def _newest_answer(kind: str, *, on: date | None = None) -> QuerySet[Consent]:
    answers = Consent.objects.filter(child=OuterRef("pk"), kind=kind)
    if on is not None:
        answers = answers.filter(given_on__lte=on)
    return answers.order_by("-given_on", "-recorded_at", "-pk")


def child_list_for(access: Access, filters: dict[str, Any], *, today: date) -> QuerySet[Child]:
    """Return the children the access may see, filtered, with what the list page shows.

    ``filters`` holds the cleaned values of ``ChildFilterForm``: ``q``, ``room``, ``age``,
    ``key_person`` (a user id, or "none"), ``looked_after``, ``sen``, ``eypp``,
    ``unallocated`` and ``include_left``. Children who have left are hidden unless asked for.
    """
    newest_photo = _newest_answer(Consent.Kind.PHOTOGRAPHS, on=today)
    children = (
        Child.objects.filter(child_scope(access))
        .select_related(*LIST_RELATED)
        .annotate(
            photo_consent_granted=Subquery(newest_photo.values("granted")[:1]),
            photo_consent_withdrawn_on=Subquery(newest_photo.values("withdrawn_on")[:1]),
        )
        .order_by("last_name", "first_name", "pk")
    )
    if not filters.get("include_left"):
        children = children.filter(on_roll_q(today))
    if q := filters.get("q"):
        for word in q.split():
            children = children.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(preferred_name__icontains=word)
            )
    if room := filters.get("room"):
        children = children.filter(room_id=room)
    if band := filters.get("age"):
        born_after, born_on_or_before = age_band_bounds(band, today)
        if born_after is not None:
            children = children.filter(date_of_birth__gt=born_after)
        if born_on_or_before is not None:
            children = children.filter(date_of_birth__lte=born_on_or_before)
    key_person = filters.get("key_person")
    if filters.get("unallocated") or key_person == "none":
        children = children.filter(key_person__isnull=True)
    elif key_person:
        children = children.filter(key_person_id=key_person)
    if looked_after := filters.get("looked_after"):
        children = children.filter(looked_after_status=looked_after)
    if sen := filters.get("sen"):
        children = (
            children.exclude(sen_status=Child.Sen.NONE)
            if sen == "any"
            else children.filter(sen_status=sen)
        )
    if filters.get("eypp"):
        children = children.exclude(eypp_basis="")
    return children


def photo_consent_in_force(child: Child, today: date) -> bool:
    """Return whether the list's annotations say photographs are allowed today."""
    withdrawn_on = child.photo_consent_withdrawn_on
    return bool(child.photo_consent_granted) and (withdrawn_on is None or withdrawn_on > today)


def age_band_bounds(band: str, today: date) -> tuple[date | None, date | None]:
    """Return (born after, born on or before) for an age band of the filters on the day."""
    two_years_ago, three_years_ago = add_years(today, -2), add_years(today, -3)
    if band == "under_2":
        return two_years_ago, None
    if band == "two":
        return three_years_ago, two_years_ago
    return None, three_years_ago


def rooms_for(access: Access) -> list[Room]:
    """Return the setting's rooms for the list's filter: those in use first, archived last."""
    assert access.care_setting is not None
    return list(
        Room.objects.filter(care_setting=access.care_setting).order_by(
            "-is_active", "order", "name", "pk"
        )
    )


def rooms_offered(care_setting: CareSetting, *, keeping: int | None = None) -> QuerySet[Room]:
    """Return the rooms a child may be put in: the active ones, and ``keeping`` (their own)."""
    offered = (Q(is_active=True) | Q(pk=keeping)) if keeping else Q(is_active=True)
    return Room.objects.filter(offered, care_setting=care_setting).order_by("order", "name", "pk")


def rooms_with_counts(care_setting: CareSetting, *, today: date) -> QuerySet[Room]:
    """Return every room of the setting, active first, with its number of children on roll."""
    on_roll = on_roll_q(today, prefix="children__")
    return (
        Room.objects.filter(care_setting=care_setting)
        .annotate(on_roll=Count("children", filter=on_roll))
        .order_by("-is_active", "order", "name", "pk")
    )


def room_named(care_setting: CareSetting, name: str, *, excluding: Room | None) -> Room | None:
    """Return the setting's room with that name in any case, other than ``excluding``."""
    rooms = Room.objects.filter(care_setting=care_setting, name__iexact=name)
    if excluding is not None:
        rooms = rooms.exclude(pk=excluding.pk)
    return rooms.first()


def room_get_for(access: Access, room_id: int) -> Room:
    """Return a room of the access's setting for its manager: 404 elsewhere, 403 without."""
    assert access.care_setting is not None
    try:
        room = Room.objects.get(pk=room_id, care_setting=access.care_setting)
    except Room.DoesNotExist:
        raise Http404 from None
    require(access, Action.MANAGE_ROOMS)
    return room


def children_on_roll_in(room: Room, *, today: date) -> int:
    return room.children.filter(on_roll_q(today)).count()


def staff_for_filter(care_setting: CareSetting) -> list[User]:
    """Return the setting's active staff, for the key person filter."""
    return list(
        User.objects.filter(
            memberships__care_setting=care_setting, memberships__is_active=True
        ).order_by("full_name", "pk")
    )


def child_get_for(access: Access, child_id: int, action: Action) -> Child:
    """Return the child if the access may do the action to them.

    Outside the access's scope (another setting, an advisor's unshared case) the answer
    is 404, so the child's existence does not leak; inside it, a missing grant is 403.
    """
    child = child_in_scope_get(access, child_id)
    require(access, action, child=child)
    return child


def child_in_scope_get(access: Access, child_id: int) -> Child:
    """Return the child if they are in the access's scope, else 404; no grant is weighed.

    Only for getters that look up a record of the child before they weigh the grant, so
    that a made-up id of that record is 404 too: they must call ``require`` themselves.
    """
    try:
        return (
            Child.objects.filter(child_scope(access))
            .select_related(
                "care_setting__local_authority", "responsible_la", "key_person", "room"
            )
            .get(pk=child_id)
        )
    except Child.DoesNotExist:
        raise Http404 from None


# --- The hub ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentRow:
    """One kind of consent as the hub shows it: the answer in force, if any."""

    kind: str
    label: str
    answer: Consent | None
    in_force: bool

    @property
    def status(self) -> str:
        if self.answer is None:
            return "not_recorded"
        if not self.answer.granted:
            return "refused"
        return "given" if self.in_force else "withdrawn"


def consents_at_a_glance(child: Child, *, today: date) -> list[ConsentRow]:
    """Return one row per kind of consent, with the newest answer given by today."""
    newest: dict[str, Consent] = {}
    answers = (
        child.consents.filter(given_on__lte=today)
        .select_related("given_by")
        .order_by("kind", "-given_on", "-recorded_at", "-pk")
    )
    for answer in answers:
        newest.setdefault(answer.kind, answer)
    return [
        ConsentRow(
            kind=kind.value,
            label=kind.label,
            answer=newest.get(kind.value),
            in_force=kind.value in newest and newest[kind.value].in_force(today),
        )
        for kind in Consent.Kind
    ]


def has_consent(child: Child, kind: str, on: date) -> bool:
    """Return whether consent of the kind is in force for the child on the day.

    The newest answer given by that day decides: given and not withdrawn by then is yes;
    refused, withdrawn or never asked is no. Other apps ask this before acting (no
    photographs of a child without photograph consent).
    """
    answer = (
        Consent.objects.filter(child=child, kind=kind, given_on__lte=on)
        .order_by("-given_on", "-recorded_at", "-pk")
        .first()
    )
    return answer is not None and answer.in_force(on)


def children_with_consent(kind: str, on: date) -> Q:
    """Return a filter on children whose consent of the kind is in force on the day."""
    newest = (
        Consent.objects.filter(child=OuterRef(OuterRef("pk")), kind=kind, given_on__lte=on)
        .order_by("-given_on", "-recorded_at", "-pk")
        .values("pk")[:1]
    )
    in_force = Consent.objects.filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on),
        pk=Subquery(newest),
        granted=True,
    )
    return Q(Exists(in_force))


def team_for(child: Child) -> QuerySet[TeamMember]:
    """Return the team around the child, people still involved first."""
    return child.team.order_by("-is_active", "role", "name")


def emergency_contacts(team: list[TeamMember]) -> list[TeamMember]:
    """Return the emergency contacts of a loaded team, in the order to call them."""
    contacts = [member for member in team if member.is_active and member.is_emergency_contact]
    return sorted(
        contacts,
        key=lambda member: (
            member.emergency_order is None,
            member.emergency_order or 0,
            member.name,
            member.pk,
        ),
    )


def team_member_get(child: Child, member_id: int) -> TeamMember:
    try:
        return child.team.get(pk=member_id)
    except TeamMember.DoesNotExist:
        raise Http404 from None


def team_member_get_for(
    access: Access, child_id: int, member_id: int, action: Action
) -> tuple[Child, TeamMember]:
    """Return the child and one of their team if the access may do the action: 404, then 403."""
    child = child_in_scope_get(access, child_id)
    member = team_member_get(child, member_id)
    require(access, action, child=child)
    return child, member


def consent_givers(child: Child) -> QuerySet[TeamMember]:
    """Return who may answer for the child: carers and people with parental responsibility,
    and for a looked-after child the social worker, who holds the LA's delegated authority."""
    may_answer = Q(role__in=TeamMember.CARER_ROLES) | Q(has_parental_responsibility=True)
    if child.is_looked_after:
        may_answer |= Q(role=TeamMember.Role.SOCIAL_WORKER)
    return child.team.filter(may_answer, is_active=True).order_by("name", "pk")


def consent_in_force_get(child: Child, consent_id: int) -> Consent:
    """Return a given, not yet withdrawn consent of the child, or 404."""
    try:
        return child.consents.select_related("given_by").get(
            pk=consent_id, granted=True, withdrawn_on__isnull=True
        )
    except Consent.DoesNotExist:
        raise Http404 from None


def consent_in_force_get_for(
    access: Access, child_id: int, consent_id: int, action: Action
) -> tuple[Child, Consent]:
    """Return the child and a consent in force if the access may do the action: 404, then 403."""
    child = child_in_scope_get(access, child_id)
    consent = consent_in_force_get(child, consent_id)
    require(access, action, child=child)
    return child, consent


def setting_changes_for(child: Child) -> QuerySet[SettingChange]:
    return child.setting_changes.select_related("from_setting", "to_setting", "recorded_by")


def settings_matching(text: str, *, excluding: CareSetting) -> list[CareSetting]:
    """Return active settings of any LA whose Ofsted URN is ``text``, else whose name has it.

    At most six, so a caller can tell "several" from "a few".
    """
    candidates = (
        CareSetting.objects.filter(is_active=True)
        .exclude(pk=excluding.pk)
        .select_related("local_authority")
    )
    urn = text.upper().replace(" ", "")
    by_urn = list(candidates.filter(ofsted_urn__iexact=urn)[:1])
    return by_urn or list(candidates.filter(name__icontains=text).order_by("name", "pk")[:6])


def audit_children(access: Access) -> list[tuple[int, str]]:
    """Return ``(id, name)`` of the children the access may see, for the trail's filter.

    Registered with ``accounts.selectors.register_audit_children`` (children.apps).
    """
    rows = (
        Child.objects.filter(child_scope(access))
        .order_by("last_name", "first_name", "pk")
        .values_list("pk", "first_name", "preferred_name", "last_name")
    )
    return [(pk, f"{preferred or first} {last}") for pk, first, preferred, last in rows]
