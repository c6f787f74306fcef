"""What status and plans put on other pages at start-up (called from SafeguardingConfig.ready).

The "Safeguarding" section of the child's hub, for readers of the safeguarding log only
(everyone else gets the concerns part's section, with the one link every member of staff
has: raise a concern): the current status, the open concerns, the next conference or
core group meeting, and the links to the child's safeguarding pages.
"""

from typing import Any


def hub_panel(access: Any, child: Any, on_setting_side: bool) -> dict[str, Any] | None:
    """Return the hub section's panel (two queries), or None away from the setting."""
    from django.urls import reverse

    from accounts.panels import HubLink
    from safeguarding.status.selectors import hub_summary

    if not on_setting_side or access.care_setting is None:
        return None
    from safeguarding.agency.links import hub_links as agency_links
    from safeguarding.concerns.register import hub_links as raise_links

    summary = hub_summary(access.care_setting, child)
    slug = access.care_setting.slug
    return {
        **summary,
        "child": child,
        "url": reverse("settings:safeguarding:child", args=[slug, child.pk]),
        "links": [
            HubLink(
                "Chronology",
                reverse("settings:safeguarding:chronology", args=[slug, child.pk]),
                f" of {child.known_as}",
            ),
            *agency_links(access, child, on_setting_side),
            *raise_links(access, child, on_setting_side),
        ],
    }


def ready() -> None:
    from accounts.panels import HubSection, register_hub_section
    from accounts.permissions import Action

    register_hub_section(
        HubSection(
            key="safeguarding.status",
            heading="Safeguarding",
            action=Action.VIEW_CONCERNS,
            order=70,
            template="safeguarding/status/_hub_panel.html",
            panel=hub_panel,
        )
    )
