"""What eligibility registers at start-up (called by ``EyppConfig.ready``).

- The child's lifecycle: a looked-after ground opens when the record says looked after
  (entering care, or joining already looked after) and ends when it no longer does.
- The child's hub: the "Early Years Pupil Premium" section, with the award and a link to
  the child's EYPP page, for readers who may see EYPP records.
- The status tag of an unconfirmed amount.
"""

from typing import Any

from accounts.permissions import Access
from eypp.pages import eypp_url

TAGS = {"eypp_unconfirmed": ("Not yet confirmed", "yellow")}


def hub_panel(access: Access, child: Any, on_setting_side: bool) -> dict[str, Any]:
    """Return the hub's EYPP section: the award the child record keeps (no query)."""
    return {
        "award": child.get_eypp_basis_display() if child.eypp_basis else "",
        "url": eypp_url(access, "child_eypp", child.pk),
    }


def ready() -> None:
    from accounts.panels import HubSection, register_hub_section
    from accounts.permissions import Action
    from children import lifecycle
    from common.status_tags import register_status_tags
    from eypp.eligibility import services

    lifecycle.on_entered_care.register(services.looked_after_opened)
    lifecycle.on_joined.register(services.looked_after_opened)
    lifecycle.on_left_care.register(services.looked_after_closed)
    register_status_tags(TAGS)
    register_hub_section(
        HubSection(
            key="eypp.hub",
            heading="Early Years Pupil Premium",
            action=Action.VIEW_EYPP,
            order=25,
            template="eypp/eligibility/_hub_panel.html",
            panel=hub_panel,
        )
    )
