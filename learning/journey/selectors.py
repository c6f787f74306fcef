"""Reads for observations, the learning journey and photos.

Every read is scoped by an ``Access``: children through ``child_scope``, a photo through
the children of its observation. Drafts are seen only by their author and by those who
manage everyone's observations (``accounts.permissions.can_see_observation``).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.permissions import (
    Access,
    Action,
    can,
    can_change_observation,
    can_see_observation,
    child_scope,
    require,
)
from children.models import Child, Consent, on_roll_q
from children.selectors import children_with_consent
from learning.models import Area, Observation, ObservationPhoto

CHILD_COLUMNS = ("pk", "first_name", "last_name", "preferred_name", "care_setting_id")


@dataclass(frozen=True)
class ChildGroup:
    """Children offered together in the observation form: key children, or one room."""

    label: str
    children: list[Child]


def observable_children(access: Access, *, today: date) -> QuerySet[Child]:
    """Return the children on roll the access may write observations about."""
    return (
        Child.objects.filter(child_scope(access))
        .filter(on_roll_q(today))
        .select_related("room")
        .only(*CHILD_COLUMNS, "room__name", "room__order", "key_person_id", "date_of_birth")
        .order_by("room__order", "room__name", "last_name", "first_name", "pk")
    )


def child_groups(children: list[Child], *, user: User) -> list[ChildGroup]:
    """Return the user's key children first, then everyone else grouped by room."""
    groups = [ChildGroup("Your key children", [c for c in children if c.key_person_id == user.pk])]
    by_room: dict[str, list[Child]] = {}
    for child in children:
        if child.key_person_id != user.pk:
            label = child.room.name if child.room else "No room recorded"
            by_room.setdefault(label, []).append(child)
    groups += [ChildGroup(room, members) for room, members in by_room.items()]
    return [group for group in groups if group.children]


def children_without_photo_consent(children: list[Child], *, on: date) -> list[Child]:
    """Return those of the children with no photograph consent in force on the day."""
    if not children:
        return []
    allowed = set(
        Child.objects.filter(
            children_with_consent(Consent.Kind.PHOTOGRAPHS, on), pk__in=[c.pk for c in children]
        ).values_list("pk", flat=True)
    )
    return [child for child in children if child.pk not in allowed]


def areas() -> list[Area]:
    return list(Area.objects.order_by("order"))


def _visible(access: Access) -> Q:
    """Return the filter on observations the access may read: drafts only if theirs."""
    if can(access, Action.MANAGE_OBSERVATIONS):
        return Q()
    published = Q(status=Observation.Status.PUBLISHED)
    if can_change_observation(access, author_id=access.user.pk):
        return published | Q(author=access.user)
    return published


def journey_for(access: Access, child: Child, *, area_code: str = "") -> QuerySet[Observation]:
    """Return the child's learning journey, newest first, with what the timeline shows.

    Five queries whatever its length: the observations (paged by the caller, so a count
    too), then their children, areas and photos.
    """
    observations = (
        Observation.objects.filter(children=child)
        .filter(_visible(access))
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "children", queryset=Child.objects.only(*CHILD_COLUMNS).order_by("first_name")
            ),
            Prefetch("areas", queryset=Area.objects.order_by("order")),
            Prefetch("photos", queryset=ObservationPhoto.objects.order_by("pk")),
        )
        .order_by("-observed_on", "-created_at", "-pk")
    )
    if area_code:
        observations = observations.filter(areas__code=area_code)
    return observations


def observation_get_for(access: Access, observation_id: int) -> Observation:
    """Return an observation the access may change: its author's or, for a manager, any.

    404 unless one of its children is in scope; someone else's draft is 404 too, whatever
    the reader's rights (it does not exist for them). Then 403 without the right to add
    observations, or for another person's published observation.
    """
    try:
        observation = (
            Observation.objects.filter(care_setting=access.care_setting)
            .select_related("author")
            .prefetch_related(
                Prefetch("children", queryset=Child.objects.filter(child_scope(access))),
                "areas",
                "photos",
            )
            .get(pk=observation_id)
        )
    except Observation.DoesNotExist:
        raise Http404 from None
    children = list(observation.children.all())
    if not children:
        raise Http404
    may_change = can_change_observation(access, author_id=observation.author_id)
    if observation.status == Observation.Status.DRAFT and not may_change:
        raise Http404
    require(access, Action.ADD_OBSERVATION, child=children[0])
    if may_change:
        return observation
    raise PermissionDenied


def photo_get_for(access: Access, photo_id: int) -> ObservationPhoto:
    """Return the photo if the access may see the progress of a child on its observation.

    Anything else is 404: another setting's photo, a child outside the access's scope, or
    a draft that is not theirs.
    """
    try:
        photo = ObservationPhoto.objects.select_related("observation").get(pk=photo_id)
    except ObservationPhoto.DoesNotExist:
        raise Http404 from None
    observation = photo.observation
    child = (
        Child.objects.filter(child_scope(access), observations=observation).order_by("pk").first()
    )
    if child is None or not can(access, Action.VIEW_PROGRESS, child=child):
        raise Http404
    if not can_see_observation(
        access,
        author_id=observation.author_id,
        published=observation.status == Observation.Status.PUBLISHED,
    ):
        raise Http404
    return photo
