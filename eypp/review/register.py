"""What the review part registers at start-up (called by ``EyppConfig.ready``).

The service navigation: "EYPP" at a setting, in the "Children" section beside the
children list and the PEPs, for those who may read every eligible child's EYPP (a key
person reaches their own key children's plans from the children's pages); "EYPP plans"
and "EYPP roll-up" at an LA, and "EYPP rates" for the LA administrator. A child's EYPP
pages and a plan's pages belong to these sections on each side.
"""


def ready() -> None:
    from accounts.navigation import NavItem, Place, register_nav_item
    from accounts.permissions import Action

    register_nav_item(
        Place.SETTING,
        NavItem("EYPP", "settings:eypp:plans", Action.VIEW_EYPP, pages=("settings:eypp:*",)),
        order=32,
        group="Children",
    )
    register_nav_item(
        Place.LA,
        NavItem(
            "EYPP plans",
            "la_eypp:plans",
            Action.VIEW_EYPP,
            pages=("la_eypp:plan", "la_eypp:plan_*", "la_eypp:child_eypp", "la_eypp:impact"),
        ),
        order=40,
    )
    register_nav_item(
        Place.LA,
        NavItem(
            "EYPP roll-up",
            "la_eypp:rollup",
            Action.VIEW_EYPP_ROLLUP,
            pages=("la_eypp:rollup_csv",),
        ),
        order=41,
    )
    register_nav_item(
        Place.LA,
        NavItem(
            "EYPP rates",
            "la_eypp:rates",
            Action.EDIT_FUNDING_RATES,
            pages=("la_eypp:rate_change",),
        ),
        order=42,
    )
