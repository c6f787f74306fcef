from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning and progress"

    def ready(self) -> None:
        from accounts.panels import Panel, register_landing_panel
        from accounts.permissions import Action
        from learning.journey.selectors import worries_waiting

        # The DSL lands on "My key children": the worries waiting for them are shown there.
        register_landing_panel(
            Panel(
                key="learning.worries_waiting",
                action=Action.VIEW_DSL_REFERRALS,
                template="learning/_worries_panel.html",
                build=worries_waiting,
            )
        )

        from common.audit import register_verbs
        from common.status_tags import register_status_tags
        from learning.audit_verbs import LABELS, RESTRICTED
        from learning.status_tags import TAGS

        register_verbs("Learning and progress", LABELS, restricted_to=RESTRICTED)
        register_status_tags(TAGS)

        from children import lifecycle
        from learning import tasks

        # A child who leaves gets a leaving summary, rendered by a worker.
        lifecycle.on_left.register(tasks.child_left)
