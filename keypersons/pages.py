"""What keypersons adds to pages of lower apps (the child's hub), registered in apps.py."""

from typing import Any

from django.urls import reverse

from accounts.panels import HubLink
from accounts.permissions import Access


def allocate_link(access: Access, child: Any, on_setting_side: bool) -> list[HubLink]:
    """Return the link to allocate the child a key person; only at the setting."""
    if not on_setting_side:
        return []
    url = reverse("settings:keypersons:allocate", args=[child.care_setting.slug, child.pk])
    return [HubLink("Allocate a key person", url, f" to {child}")]
