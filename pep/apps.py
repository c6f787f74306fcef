from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig

# The PEP app's parts, each a sub-package with the usual files (models stay in pep/models.py,
# one migration history). A part that registers anything at start-up (lifecycle listeners,
# menu items, hub sections, PEP page panels) does it in its ``register.py: ready()``.
PARTS = ("clock", "meetings", "paperwork", "qa", "pack", "board")


class PepConfig(AppConfig):
    name = "pep"
    verbose_name = "Personal Education Plans"

    def ready(self) -> None:
        from common.audit import register_verbs
        from common.status_tags import register_status_tags
        from pep.audit_verbs import LABELS, RESTRICTED
        from pep.status_tags import TAGS

        register_verbs("Personal Education Plans", LABELS, restricted_to=RESTRICTED)
        register_status_tags(TAGS)
        for part in PARTS:
            if find_spec(f"pep.{part}.register") is not None:
                import_module(f"pep.{part}.register").ready()
