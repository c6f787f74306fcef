"""Where EYPP pages are, on the side the reader came from (the eligibility part's links).

The plans' own ``eypp.pages.eypp_url`` is used when it is there; until then the same rule
is applied here, and a page another part has not yet served links nowhere ("").
"""

from typing import Any

from django.urls import NoReverseMatch, reverse

from accounts.permissions import Access


def side(access: Access) -> tuple[str, str]:
    """Return the URL namespace and place slug of the access's side."""
    if access.care_setting is not None:
        return "settings:eypp", access.care_setting.slug
    assert access.local_authority is not None
    return "la_eypp", access.local_authority.slug


def eypp_link(access: Access, name: str, *args: Any) -> str:
    """Return the URL of the EYPP page ``name`` on the access's side, or "" if none."""
    namespace, slug = side(access)
    try:
        return reverse(f"{namespace}:{name}", args=[slug, *args])
    except NoReverseMatch:
        return ""


def child_hub_url(access: Access, child_id: int) -> str:
    """Return the child's hub on the access's side."""
    if access.care_setting is not None:
        return reverse("settings:children:detail", args=[access.care_setting.slug, child_id])
    assert access.local_authority is not None
    return reverse("la_children:detail", args=[access.local_authority.slug, child_id])
