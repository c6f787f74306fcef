"""Where an EYPP page is, on the side the reader came from.

A setting's staff reach a plan under the setting (/settings/<setting_slug>/eypp/...), an
LA's reviewers under the LA (/la/<la_slug>/eypp/...): the same views and templates, which
link through ``eypp_url`` and never name one side.
"""

from typing import Any

from django.urls import reverse

from accounts.permissions import Access


def side(access: Access) -> tuple[str, str]:
    """Return the URL namespace and place slug of the access's side."""
    if access.care_setting is not None:
        return "settings:eypp", access.care_setting.slug
    assert access.local_authority is not None
    return "la_eypp", access.local_authority.slug


def eypp_url(access: Access, name: str, *args: Any) -> str:
    """Return the URL of the EYPP page ``name`` (e.g. "plan") on the access's side."""
    namespace, slug = side(access)
    return reverse(f"{namespace}:{name}", args=[slug, *args])
