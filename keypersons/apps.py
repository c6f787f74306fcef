from django.apps import AppConfig


class KeypersonsConfig(AppConfig):
    name = "keypersons"
    verbose_name = "Key persons and staff training"

    def ready(self) -> None:
        from common.audit import register_verbs
        from keypersons.audit_verbs import LABELS

        register_verbs("Key persons and training", LABELS)
