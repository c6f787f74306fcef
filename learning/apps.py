from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning and progress"

    def ready(self) -> None:
        from common.audit import register_verbs
        from learning.audit_verbs import LABELS, RESTRICTED

        register_verbs("Learning and progress", LABELS, restricted_to=RESTRICTED)
