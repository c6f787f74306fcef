"""What the audit verbs of concerns say to people (registered in the app's AppConfig)."""

from accounts.permissions import Action

LABELS = {
    "concern.raised": "Safeguarding concern passed to the DSL",
    "concern.acknowledged": "Safeguarding concern review started by the DSL",
    "concern.action_added": "Entry added to the DSL's log of a concern",
    "concern.outcome_recorded": "Outcome of a safeguarding concern recorded",
    "concern.outcome_changed": "Outcome of a safeguarding concern changed",
    "concern.categorised": "Category of a safeguarding concern set",
    "concern.related_changed": "Related safeguarding concerns linked or unlinked",
    "concern.review_hours_changed": "Time for reviewing a safeguarding concern changed",
}

# Events about concerns are for those who may read concerns.
RESTRICTED = dict.fromkeys(LABELS, Action.VIEW_CONCERNS)
