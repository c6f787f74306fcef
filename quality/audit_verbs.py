"""What the quality app's audit verbs say to people (registered in its AppConfig).

Each part declares its own ``LABELS`` and may declare ``RESTRICTED`` (the right a reader
needs); a verb a part leaves out of ``RESTRICTED`` is for readers of the setting's support
records (VIEW_QUALITY).
"""

from accounts.permissions import Action
from quality.parts import part_modules

LABELS: dict[str, str] = {
    "quality.plan_opened": "Action plan opened",
    "quality.plan_closed": "Action plan closed",
}
RESTRICTED: dict[str, str] = {}
for _module in part_modules("audit_verbs"):
    LABELS.update(_module.LABELS)
    RESTRICTED.update(getattr(_module, "RESTRICTED", {}))
for _verb in LABELS:
    RESTRICTED.setdefault(_verb, Action.VIEW_QUALITY)
