from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning and progress"

    def ready(self) -> None:
        from accounts.panels import Panel, register_landing_panel
        from accounts.permissions import Action
        from learning.journey_selectors import worries_waiting

        # The DSL lands on "My key children": the worries waiting for them are shown there.
        register_landing_panel(
            Panel(
                key="learning.worries_waiting",
                action=Action.VIEW_DSL_REFERRALS,
                template="learning/_worries_panel.html",
                build=worries_waiting,
            )
        )
