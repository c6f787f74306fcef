from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts, settings and local authorities"

    def ready(self) -> None:
        from accounts import signals  # noqa: F401  (records sign-in events)
        from accounts.audit_verbs import LABELS
        from common.audit import register_verbs

        register_verbs("Accounts and places", LABELS)
