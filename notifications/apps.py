from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications and reminders"

    def ready(self) -> None:
        # Each app keeps its reminder rules in <app>/reminders.py; importing registers them.
        autodiscover_modules("reminders")

        from notifications import checks  # noqa: F401  (registers the start-up check)
