from django.apps import AppConfig


class PepConfig(AppConfig):
    name = "pep"
    verbose_name = "Personal Education Plans"

    def ready(self) -> None:
        from common.audit import register_verbs
        from pep.audit_verbs import LABELS, RESTRICTED

        register_verbs("Personal Education Plans", LABELS, restricted_to=RESTRICTED)
