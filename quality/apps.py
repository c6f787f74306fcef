from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig

# The quality app's parts, each a sub-package with the usual files (models stay in
# quality/models.py, one migration history). A part that registers anything at start-up
# (menu items, panels, status tags) does it in its ``register.py: ready()``.
PARTS = ("portfolio", "visits", "plans", "strategy", "cohort")


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = "Support for settings"

    def ready(self) -> None:
        from common.audit import register_verbs
        from quality.audit_verbs import LABELS, RESTRICTED

        register_verbs("Support for settings", LABELS, restricted_to=RESTRICTED)
        for part in PARTS:
            if find_spec(f"quality.{part}.register") is not None:
                import_module(f"quality.{part}.register").ready()
