from django.apps import AppConfig


class KeypersonsConfig(AppConfig):
    name = "keypersons"
    verbose_name = "Key persons and staff training"
