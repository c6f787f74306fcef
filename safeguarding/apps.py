from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Safeguarding"

    def ready(self) -> None:
        from accounts.navigation import NavItem, Place, register_nav_item
        from accounts.panels import Panel, register_landing_panel
        from accounts.permissions import Action
        from common.audit import register_verbs
        from learning.journey import hooks as journey_hooks
        from safeguarding import services
        from safeguarding.audit_verbs import LABELS, RESTRICTED
        from safeguarding.selectors import concerns_waiting

        # The safeguarding log is in the service navigation of those who may see it. Its
        # label keeps the everyday word the setting's staff use.
        register_nav_item(
            Place.SETTING,
            NavItem(
                "Worries",
                "settings:safeguarding:concern_list",
                Action.VIEW_CONCERNS,
                pages=("settings:safeguarding:*",),
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
        register_verbs("Safeguarding", LABELS, restricted_to=RESTRICTED)
        journey_hooks.on_concern_noted.register(services.concern_raise_from_observation)
