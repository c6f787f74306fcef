from django.apps import AppConfig


class KeypersonsConfig(AppConfig):
    name = "keypersons"
    verbose_name = "Key persons and staff training"

    def ready(self) -> None:
        from common.audit import register_verbs
        from common.status_tags import register_status_tags
        from keypersons.audit_verbs import LABELS
        from keypersons.status_tags import TAGS

        register_verbs("Key persons and training", LABELS)
        register_status_tags(TAGS)

        from accounts import lifecycle
        from children import lifecycle as child_lifecycle
        from keypersons import services

        lifecycle.on_staff_left.register(services.staff_left)
        child_lifecycle.on_left.register(services.child_left)
        child_lifecycle.on_moved.register(services.child_moved)
