from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "workspace"
    verbose_name = "Workspace: the pages that combine apps"

    def ready(self) -> None:
        from accounts.models import LaRole, Membership
        from accounts.navigation import NavItem, Place, register_nav_item
        from accounts.permissions import ANY_ROLE, Action, register_landing_page

        # Where each person starts: the pages below are the workspace's.
        register_landing_page("setting", Membership.Role.MANAGER, "settings:overview")
        register_landing_page("setting", ANY_ROLE, "settings:my_key_children")
        register_landing_page("la", LaRole.Role.LA_ADMIN, "la:overview")
        register_landing_page("la", ANY_ROLE, "la:my_settings")

        # The setting's "Overview" section: other apps may add pages about the setting as a
        # whole to it (its Ofsted history and support); alone, it is the overview itself.
        register_nav_item(
            Place.SETTING,
            NavItem("Overview", "settings:overview", Action.VIEW_SETTING),
            order=10,
            group="Overview",
            alone_as_item=True,
        )
        register_nav_item(
            Place.SETTING,
            NavItem("My key children", "settings:my_key_children", Action.VIEW_MY_KEY_CHILDREN),
            order=20,
        )
        register_nav_item(
            Place.LA,
            NavItem(
                "Settings and users",
                "la:overview",
                Action.ADMINISTER_LA,
                pages=(
                    "la:setting_add",
                    "la:advisor_assign",
                    "la:invite",
                    "la:policy",
                    "la:term*",
                    "la:users",
                    "la:user_*",
                ),
            ),
            order=10,
        )
        # A child the advisor follows is reached from "My settings".
        register_nav_item(
            Place.LA,
            NavItem(
                "My settings", "la:my_settings", Action.VIEW_ADVISOR_HOME, pages=("la_children:*",)
            ),
            order=20,
        )
