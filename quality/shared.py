"""What the quality app's parts share: their pages' addresses, people's names, the menu.

The setting's pages are ``settings:quality:<name>`` under the setting's slug; the LA's are
``la_quality:<name>`` under the LA's slug.
"""

from typing import Any

from django.urls import reverse

from accounts.models import User
from accounts.permissions import Access

# The setting's section of the service navigation that holds its support pages: the
# overview, the action plans and the notes of visit.
SUPPORT_GROUP = "Support"


def setting_url(access: Access, name: str, *ids: Any) -> str:
    """Return the address of a support page of the access's setting."""
    assert access.care_setting is not None
    return reverse(f"settings:quality:{name}", args=[access.care_setting.slug, *ids])


def la_url(access: Access, name: str, **kwargs: Any) -> str:
    """Return the address of a support page of the access's LA."""
    assert access.local_authority is not None
    return reverse(f"la_quality:{name}", kwargs={"la_slug": access.local_authority.slug, **kwargs})


def person_name(user: User | None) -> str:
    """Return how a person is named on the pages: their full name, else their e-mail."""
    return (user.full_name or user.email) if user is not None else ""
