"""What concerns put on other pages at start-up (called from SafeguardingConfig.ready)."""


def ready() -> None:
    from accounts.navigation import NavItem, Place, register_nav_item
    from accounts.panels import Panel, register_landing_panel
    from accounts.permissions import Action
    from learning.journey import hooks as journey_hooks
    from safeguarding.concerns import services
    from safeguarding.concerns.selectors import concerns_waiting

    # The safeguarding log is in the service navigation of those who may see it.
    register_nav_item(
        Place.SETTING,
        NavItem(
            "Worries",
            "settings:safeguarding:concern_list",
            Action.VIEW_CONCERNS,
            # Every safeguarding page but the allegations against staff, their own item's.
            pages=("settings:safeguarding:[!a]*", "settings:safeguarding:a[!l]*"),
        ),
        order=60,
    )
    # The DSL lands on "My key children": the concerns waiting for them are shown there.
    register_landing_panel(
        Panel(
            key="safeguarding.concerns_waiting",
            action=Action.VIEW_CONCERNS,
            template="safeguarding/_concerns_panel.html",
            build=concerns_waiting,
        )
    )
    journey_hooks.on_concern_noted.register(services.concern_raise_from_observation)
