from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "children"
    verbose_name = "Children"

    def ready(self) -> None:
        from accounts.permissions import AuditSubject
        from children.audit_verbs import LABELS
        from children.models import Child
        from common.audit import register_subject, register_verbs

        register_verbs("Children", LABELS)

        # Events about a child name them: a reader outside the child's scope sees this instead.
        register_subject(
            Child, kind=AuditSubject.CHILD, hidden_label="A child outside your access"
        )
