"""What agency working's audit verbs say (registered by the app's AppConfig).

Visits and information sharing are part of the safeguarding log: their events are for
readers of the log (VIEW_CONCERNS).
"""

from accounts.permissions import Action

LABELS = {
    "visit.recorded": "Agency visit recorded",
    "visit.changed": "Agency visit changed",
    "visit.signed_out": "Agency visitor signed out",
    "share.recorded": "Information sharing recorded",
    "share.changed": "Information sharing changed",
}

RESTRICTED = dict.fromkeys(LABELS, Action.VIEW_CONCERNS)
