"""Reads for changing, deactivating and re-inviting people: access getters and the LA's list.

A getter answers 404 for anyone outside the access's setting or LA (made-up ids included)
and 403 for a person found there whom the access may not manage.
"""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import LaRole, Membership, User
from accounts.permissions import Access, Action, require


def staff_member_get(access: Access, user_id: int, action: Action) -> Membership:
    """Return the person's membership of the access's setting, or 404; 403 without the right."""
    assert access.care_setting is not None
    membership = get_object_or_404(
        Membership.objects.filter(care_setting=access.care_setting).select_related("user"),
        user_id=user_id,
    )
    membership.care_setting = access.care_setting
    require(access, action)
    return membership


def la_role_get(access: Access, la_role_id: int, action: Action) -> LaRole:
    """Return a role held at the access's LA, or 404; 403 without the right."""
    assert access.local_authority is not None
    la_role = get_object_or_404(
        LaRole.objects.filter(local_authority=access.local_authority).select_related("user"),
        pk=la_role_id,
    )
    la_role.local_authority = access.local_authority
    require(access, action)
    return la_role


def works_elsewhere(
    user: User, *, membership: Membership | None = None, la_role: LaRole | None = None
) -> bool:
    """Return whether the person holds an active role anywhere but the one given.

    Their name is theirs everywhere they work, so one place may not change it for all.
    """
    memberships = Membership.objects.filter(user=user, is_active=True)
    roles = LaRole.objects.filter(user=user, is_active=True)
    if membership is not None:
        memberships = memberships.exclude(pk=membership.pk)
    if la_role is not None:
        # Other roles at the same LA are the same place.
        roles = roles.exclude(local_authority_id=la_role.local_authority_id)
    return memberships.exists() or roles.exists()


def la_users(access: Access, *, search: str = "") -> QuerySet[User]:
    """Return the people with a role at the LA or a post at one of its settings, by name.

    ``search`` matches part of the name or e-mail address, in any case. Each person comes
    with ``roles_here`` (their LA roles, with ``setting_count``) and ``posts_here`` (their
    memberships of the LA's settings, with the setting): two queries for any page.
    """
    local_authority = access.local_authority
    assert local_authority is not None
    people = User.objects.filter(
        Q(pk__in=LaRole.objects.filter(local_authority=local_authority).values("user"))
        | Q(
            pk__in=Membership.objects.filter(care_setting__local_authority=local_authority).values(
                "user"
            )
        )
    )
    search = search.strip()
    if search:
        people = people.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    return people.order_by("full_name", "email", "pk").prefetch_related(
        Prefetch(
            "la_roles",
            queryset=LaRole.objects.filter(local_authority=local_authority)
            .annotate(setting_count=Count("assignments"))
            .order_by("-is_active", "role"),
            to_attr="roles_here",
        ),
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(care_setting__local_authority=local_authority)
            .select_related("care_setting")
            .order_by("-is_active", "care_setting__name"),
            to_attr="posts_here",
        ),
    )
