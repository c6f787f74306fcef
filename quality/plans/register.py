"""What action plans register at start-up (called from QualityConfig.ready).

Their status tags (states, never grades) and "Action plans" in the setting's "Overview"
section, for whoever reads the setting's support records.
"""


def ready() -> None:
    from accounts.navigation import NavItem, Place, register_nav_item
    from accounts.permissions import Action
    from common.status_tags import register_status_tags
    from quality.plans.status_tags import TAGS
    from quality.shared import SUPPORT_GROUP

    register_status_tags(TAGS)
    register_nav_item(
        Place.SETTING,
        NavItem(
            "Action plans",
            "settings:quality:plan_list",
            Action.VIEW_QUALITY,
            pages=("settings:quality:plan_*", "settings:quality:support_*"),
        ),
        order=12,
        group=SUPPORT_GROUP,
        alone_as_item=True,
    )
