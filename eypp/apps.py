from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig

# The EYPP app's parts, each a sub-package with the usual files (models stay in
# eypp/models.py, one migration history). A part that registers anything at start-up
# (lifecycle listeners, menu items, hub sections, the PEP's EYPP provider) does it in its
# ``register.py: ready()``.
PARTS = ("eligibility", "funding", "plans", "impact", "document", "review")


class EyppConfig(AppConfig):
    name = "eypp"
    verbose_name = "Early Years Pupil Premium"

    def ready(self) -> None:
        from common.audit import register_verbs
        from common.status_tags import register_status_tags
        from eypp.audit_verbs import LABELS, RESTRICTED
        from eypp.status_tags import TAGS

        register_verbs("Early Years Pupil Premium", LABELS, restricted_to=RESTRICTED)
        register_status_tags(TAGS)
        for part in PARTS:
            if find_spec(f"eypp.{part}.register") is not None:
                import_module(f"eypp.{part}.register").ready()
