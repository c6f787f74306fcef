from typing import Any

from django.apps import AppConfig
from django.urls import reverse


def child_page_for(reader: Any, child_id: str) -> str:
    """Return the child's page on the reader's side: their setting's hub, else their LA's."""
    if reader.care_setting is not None:
        return reverse("settings:children:detail", args=[reader.care_setting.slug, child_id])
    return reverse("la_children:detail", args=[reader.local_authority.slug, child_id])


class ChildrenConfig(AppConfig):
    name = "children"
    verbose_name = "Children"

    def ready(self) -> None:
        from accounts.permissions import AuditSubject
        from accounts.selectors import register_audit_children
        from children import selectors
        from children.audit_verbs import LABELS
        from children.models import Child
        from children.status_tags import TAGS
        from common.audit import register_subject, register_verbs
        from common.status_tags import register_status_tags

        register_verbs("Children", LABELS)
        register_status_tags(TAGS)

        # Events about a child name them: a reader outside the child's scope sees this
        # instead, and a reader who may open the child's record gets a link to it.
        register_subject(
            Child,
            kind=AuditSubject.CHILD,
            hidden_label="A child outside your access",
            url=child_page_for,
        )
        register_audit_children(selectors.audit_children)

        from children.chronology import child_record_items, register_chronology_source

        register_chronology_source("record", "The child's record", child_record_items)

        from accounts.navigation import NavItem, Place, register_nav_item
        from accounts.permissions import Action

        # A child's own pages are in "Children"; other apps add theirs to this section, or
        # join its group with pages of their own (the setting's PEPs), shown as its
        # sub-navigation, so the manager's menu keeps to one row.
        register_nav_item(
            Place.SETTING,
            NavItem(
                "Children",
                "settings:children:list",
                Action.VIEW_CHILDREN,
                pages=("settings:children:*",),
            ),
            order=30,
            group="Children",
        )
