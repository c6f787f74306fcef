from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning and progress"

    def ready(self) -> None:
        from common.audit import register_verbs
        from common.status_tags import register_status_tags
        from learning.audit_verbs import LABELS
        from learning.status_tags import TAGS

        register_verbs("Learning and progress", LABELS)
        register_status_tags(TAGS)

        from children import lifecycle
        from learning import tasks

        # A child who leaves gets a leaving summary, rendered by a worker.
        lifecycle.on_left.register(tasks.child_left)
        self._register_pages()

    def _register_pages(self) -> None:
        """The menu's "Observe" and "Progress", and the child's learning pages on the hub."""
        from accounts.navigation import NavItem, Place, add_section_pages, register_nav_item
        from accounts.panels import HubSection, register_hub_section
        from accounts.permissions import Action
        from learning.pages import hub_links

        register_nav_item(
            Place.SETTING,
            NavItem(
                "Observe",
                "settings:learning:observation_add",
                Action.ADD_OBSERVATION,
                pages=("settings:learning:observation_*",),
            ),
            order=40,
        )
        register_nav_item(
            Place.SETTING,
            NavItem(
                "Progress",
                "settings:learning:group",
                Action.VIEW_GROUP_PROGRESS,
                pages=("settings:learning:periods",),
            ),
            order=50,
        )
        # A child's learning pages are in the "Children" section, with the child's hub.
        add_section_pages(
            Place.SETTING,
            "settings:children:list",
            (
                "settings:learning:tracker",
                "settings:learning:tracker_*",
                "settings:learning:assessment",
                "settings:learning:assessment_*",
                "settings:learning:journey",
                "settings:learning:photo",
                "settings:learning:check",
                "settings:learning:check_*",
                "settings:learning:leaving_pdf",
            ),
        )
        register_hub_section(
            HubSection(
                key="learning.progress",
                heading="Learning and progress",
                action=Action.VIEW_PROGRESS,
                order=10,
                links=hub_links,
            )
        )
