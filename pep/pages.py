"""Where a PEP's pages are, on the side the reader came from.

A setting's staff reach a PEP under the setting (/settings/<setting_slug>/pep/...), an LA's
children in care advisor under the LA (/la/<la_slug>/pep/...): the same views and
templates, which link through ``pep_url`` and never name one side.
"""

from typing import Any

from django.urls import reverse

from accounts.permissions import Access


def side(access: Access) -> tuple[str, str]:
    """Return the URL namespace and place slug of the access's side."""
    if access.care_setting is not None:
        return "settings:pep", access.care_setting.slug
    assert access.local_authority is not None
    return "la_pep", access.local_authority.slug


def pep_url(access: Access, name: str, *args: Any) -> str:
    """Return the URL of the PEP page ``name`` (e.g. "detail") on the access's side."""
    namespace, slug = side(access)
    return reverse(f"{namespace}:{name}", args=[slug, *args])
