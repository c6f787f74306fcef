"""What status and plans put on other pages at start-up (called from SafeguardingConfig.ready).

A section of the child's hub, for readers of the safeguarding log only (everyone else gets
nothing at all, not even its heading): the current status, the open concerns, the next
conference or core group meeting, and a link to the child's safeguarding page.
"""

from typing import Any


def hub_panel(access: Any, child: Any, on_setting_side: bool) -> dict[str, Any] | None:
    """Return the hub section's panel (two queries), or None away from the setting."""
    from django.urls import reverse

    from safeguarding.status.selectors import hub_summary

    if not on_setting_side or access.care_setting is None:
        return None
    summary = hub_summary(access.care_setting, child)
    return {
        **summary,
        "child": child,
        "url": reverse("settings:safeguarding:child", args=[access.care_setting.slug, child.pk]),
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
