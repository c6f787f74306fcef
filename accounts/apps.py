from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts, settings and local authorities"

    def ready(self) -> None:
        from accounts import signals  # noqa: F401  (records sign-in events)
        from accounts.audit_verbs import LABELS
        from accounts.status_tags import TAGS
        from common.audit import register_verbs
        from common.status_tags import register_status_tags

        register_verbs("Accounts and places", LABELS)
        register_status_tags(TAGS)
