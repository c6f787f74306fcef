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

        from accounts.navigation import NavItem, Place, register_nav_item
        from accounts.permissions import Action

        # Key persons' pages are in the "Staff" section, after accounts' list of staff.
        for order, item in enumerate(
            (
                NavItem(
                    "Key persons",
                    "settings:keypersons:board",
                    Action.ALLOCATE_KEY_PERSON,
                    pages=("settings:keypersons:allocate", "settings:keypersons:end"),
                ),
                NavItem(
                    "Caseloads",
                    "settings:keypersons:caseloads",
                    Action.VIEW_CASELOADS,
                    pages=(
                        "settings:keypersons:caseload",
                        "settings:keypersons:caseload_limit",
                        "settings:keypersons:staff_leaving",
                    ),
                ),
                NavItem(
                    "Training",
                    "settings:keypersons:training",
                    Action.VIEW_TRAINING,
                    pages=("settings:keypersons:training_*",),
                ),
            ),
            start=71,
        ):
            register_nav_item(Place.SETTING, item, order=order, group="Staff")

        from accounts.panels import HubSection, HubSlot, register_hub_section
        from keypersons.pages import allocate_link

        # On a child's hub at the setting, beside "Not allocated".
        register_hub_section(
            HubSection(
                key="keypersons.allocate",
                heading="Key person",
                action=Action.ALLOCATE_KEY_PERSON,
                order=10,
                links=allocate_link,
                slot=HubSlot.KEY_PERSON,
            )
        )
