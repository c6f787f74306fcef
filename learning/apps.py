from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning and progress"

    def ready(self) -> None:
        from common.audit import register_verbs
        from common.status_tags import register_status_tags
        from learning.audit_verbs import LABELS
        from learning.status_tags import TAGS

        register_verbs("Learning and progress", LABELS)
        register_status_tags(TAGS)
