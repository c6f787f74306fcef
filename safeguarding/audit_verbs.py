"""What the safeguarding app's audit verbs say to people (registered in its AppConfig).

Each part declares its own ``LABELS`` and ``RESTRICTED`` (the right a reader needs); a
verb a part leaves out of ``RESTRICTED`` is for readers of the safeguarding log.
"""

from accounts.permissions import Action
from safeguarding.parts import part_modules
from safeguarding.selectors import READ_VERB

LABELS: dict[str, str] = {READ_VERB: "Safeguarding record read"}
RESTRICTED: dict[str, str] = {}
for _module in part_modules("audit_verbs"):
    LABELS.update(_module.LABELS)
    RESTRICTED.update(getattr(_module, "RESTRICTED", {}))
for _verb in LABELS:
    RESTRICTED.setdefault(_verb, Action.VIEW_CONCERNS)
