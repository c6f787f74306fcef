"""What the cohort part registers at start-up (called by ``QualityConfig.ready``).

The service navigation: "Children in care cohort" at an LA, for the children in care
advisors and the LA administrator (VIEW_COHORT_REPORT); its CSV belongs to the same item.
"""


def ready() -> None:
    from accounts.navigation import NavItem, Place, register_nav_item
    from accounts.permissions import Action

    register_nav_item(
        Place.LA,
        NavItem(
            "Children in care cohort",
            "la_quality:cohort",
            Action.VIEW_COHORT_REPORT,
            pages=("la_quality:cohort_csv",),
        ),
        order=35,
    )
