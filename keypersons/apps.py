from django.apps import AppConfig


class KeypersonsConfig(AppConfig):
    name = "keypersons"
    verbose_name = "Key persons and staff training"

    def ready(self) -> None:
        from accounts import lifecycle
        from keypersons import services

        lifecycle.on_staff_left.register(services.staff_left)
