"""What the portfolio part registers at start-up (called by ``QualityConfig.ready``).

- The service navigation: "Ofsted and support" first in the setting's "Overview" section,
  for those who read its support records (its manager, its improvement advisors, the LA
  administrator), with the inspection and support pages; "Settings portfolio" at an LA for
  the improvement advisors and the LA administrator.
- The status tags of a setting's support level.
"""

TAGS = {
    "support_targeted": ("Targeted support", "orange"),
    "support_universal": ("Universal support", "blue"),
    # The expected date of the next inspection has passed and none is recorded since.
    "inspection_past_expected": ("Past this date", "grey"),
}


def ready() -> None:
    from accounts.navigation import NavItem, Place, register_nav_item
    from accounts.permissions import Action
    from common.status_tags import register_status_tags
    from quality.shared import SUPPORT_GROUP

    register_nav_item(
        Place.SETTING,
        NavItem(
            "Ofsted and support",
            "settings:quality:overview",
            Action.VIEW_QUALITY,
            pages=(
                "settings:quality:overview",
                "settings:quality:inspection_*",
                "settings:quality:setting_support_edit",
            ),
        ),
        order=11,
        group=SUPPORT_GROUP,
        alone_as_item=True,
    )
    register_nav_item(
        Place.LA,
        NavItem(
            "Settings portfolio",
            "la_quality:portfolio",
            Action.VIEW_PORTFOLIO,
            pages=("la_quality:portfolio_csv",),
        ),
        order=25,
    )
    register_status_tags(TAGS)
