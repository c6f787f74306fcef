"""What allegations put on other pages at start-up (called from SafeguardingConfig.ready).

The "Allegations" item is shown to everyone who may manage allegations (every manager and
DSL), whether or not any allegation exists or is about them: it reveals nothing.
"""


def ready() -> None:
    from accounts.navigation import NavItem, Place, register_nav_item
    from accounts.permissions import Action

    register_nav_item(
        Place.SETTING,
        NavItem(
            "Allegations",
            "settings:safeguarding:allegation_list",
            Action.MANAGE_ALLEGATIONS,
            pages=("settings:safeguarding:allegation_*",),
        ),
        order=61,
    )
