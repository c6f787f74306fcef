from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "children"
    verbose_name = "Children"

    def ready(self) -> None:
        from accounts.permissions import AuditSubject
        from children.audit_verbs import LABELS
        from children.models import Child
        from children.status_tags import TAGS
        from common.audit import register_subject, register_verbs
        from common.status_tags import register_status_tags

        register_verbs("Children", LABELS)
        register_status_tags(TAGS)

        # Events about a child name them: a reader outside the child's scope sees this instead.
        register_subject(
            Child, kind=AuditSubject.CHILD, hidden_label="A child outside your access"
        )
