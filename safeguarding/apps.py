from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig

# The safeguarding app's parts, each a sub-package with the usual files (models stay in
# safeguarding/models.py, one migration history). A part that registers anything at
# start-up (menu items, hub sections, landing panels, lifecycle listeners) does it in its
# ``register.py: ready()``.
PARTS = ("concerns", "chronology", "status", "agency", "allegations", "transfer", "reads")


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Safeguarding"

    def ready(self) -> None:
        from common.audit import register_verbs
        from safeguarding import navigation
        from safeguarding.audit_verbs import LABELS, RESTRICTED

        register_verbs("Safeguarding", LABELS, restricted_to=RESTRICTED)
        navigation.register()
        for part in PARTS:
            if find_spec(f"safeguarding.{part}.register") is not None:
                import_module(f"safeguarding.{part}.register").ready()
