"""What notes of visit register at start-up (called by ``QualityConfig.ready``).

Their status tags, which say where the notes stand (shared with the setting or not), never
how the setting is doing; and "Notes of visit" in the setting's "Overview" section, for
whoever reads the setting's support records.
"""

TAGS = {
    "visit_not_shared": ("Not yet shared", "grey"),
    "visit_shared": ("Shared", "blue"),
}


def ready() -> None:
    from accounts.navigation import NavItem, Place, register_nav_item
    from accounts.permissions import Action
    from common.status_tags import register_status_tags
    from quality.shared import SUPPORT_GROUP

    register_status_tags(TAGS)
    register_nav_item(
        Place.SETTING,
        NavItem(
            "Notes of visit",
            "settings:quality:visit_list",
            Action.VIEW_QUALITY,
            pages=("settings:quality:visit_*",),
        ),
        order=13,
        group=SUPPORT_GROUP,
        alone_as_item=True,
    )
