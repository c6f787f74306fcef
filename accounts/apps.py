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

        from accounts.navigation import NavItem, Place, register_nav_item
        from accounts.permissions import Action

        register_nav_item(
            Place.SETTING,
            NavItem("Staff", "settings:staff", Action.VIEW_STAFF, pages=("settings:staff_*",)),
            order=70,
            group="Staff",
        )
        register_nav_item(
            Place.SETTING,
            NavItem("Audit trail", "settings:audit", Action.VIEW_SETTING_AUDIT),
            order=90,
        )
        register_nav_item(
            Place.LA, NavItem("Audit trail", "la:audit", Action.ADMINISTER_LA), order=90
        )
