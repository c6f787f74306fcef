"""What the safeguarding app's audit verbs say to people (registered in its AppConfig)."""

from accounts.permissions import Action

LABELS = {
    "concern.raised": "Worry passed to the DSL",
    "concern.acknowledged": "Worry acknowledged by the DSL",
}

# Events about concerns are for those who may read concerns.
RESTRICTED = {
    "concern.raised": Action.VIEW_CONCERNS,
    "concern.acknowledged": Action.VIEW_CONCERNS,
}
