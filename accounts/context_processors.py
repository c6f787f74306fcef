"""Give every page the service navigation for the signed-in user's roles."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from accounts.permissions import Action, can


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Return ``nav_items`` as (label, url, current) and ``access_label``, the place in the URL."""
    access = getattr(request, "access", None)
    if access is None:
        return {"nav_items": [], "access_label": ""}
    path = request.path
    items: list[tuple[str, str]] = []
    if access.care_setting is not None:
        slug = access.care_setting.slug
        if can(access, Action.VIEW_SETTING):
            items.append(("Overview", reverse("settings:overview", args=[slug])))
        if can(access, Action.VIEW_MY_KEY_CHILDREN):
            items.append(("My key children", reverse("settings:my_key_children", args=[slug])))
        if can(access, Action.VIEW_CHILDREN):
            items.append(("Children", reverse("settings:children:list", args=[slug])))
        if can(access, Action.ADD_OBSERVATION):
            items.append(("Observe", reverse("settings:learning:observation_add", args=[slug])))
        if can(access, Action.VIEW_GROUP_PROGRESS):
            items.append(("Progress", reverse("settings:learning:group", args=[slug])))
        if can(access, Action.VIEW_DSL_REFERRALS):
            items.append(("Worries", reverse("settings:learning:worry_list", args=[slug])))
        if can(access, Action.ALLOCATE_KEY_PERSON):
            items.append(("Key persons", reverse("settings:keypersons:board", args=[slug])))
        if can(access, Action.VIEW_STAFF):
            items.append(("Staff", reverse("settings:staff", args=[slug])))
        if can(access, Action.VIEW_TRAINING):
            items.append(("Training", reverse("settings:keypersons:training", args=[slug])))
        if can(access, Action.VIEW_SETTING_AUDIT):
            items.append(("Audit trail", reverse("settings:audit", args=[slug])))
    elif access.local_authority is not None:
        slug = access.local_authority.slug
        if can(access, Action.ADMINISTER_LA):
            items.append(("Settings and users", reverse("la:overview", args=[slug])))
        if can(access, Action.VIEW_ADVISOR_HOME):
            items.append(("My settings", reverse("la:my_settings", args=[slug])))
        if can(access, Action.ADMINISTER_LA):
            items.append(("Audit trail", reverse("la:audit", args=[slug])))
    # The longest matching prefix is the current item, so "Overview" is not current everywhere.
    current = max((url for _, url in items if path.startswith(url)), key=len, default=None)
    place = access.care_setting or access.local_authority
    return {
        "nav_items": [(label, url, url == current) for label, url in items],
        "access_label": place.name,
    }
