"""What the audit verbs of allegations against staff say (registered by the AppConfig).

Every event about an allegation names ``ALLEGATION_TRAIL`` as the right its reader needs:
no reader holds it, so the events are in no general trail, count or export, and the
allegation's own page shows them to those who may see it (never the person it is about).
"""

from accounts.permissions import ALLEGATION_TRAIL

LABELS = {
    "allegation.recorded": "Allegation against a member of staff recorded",
    "allegation.changed": "Allegation against a member of staff updated",
    "allegation.read": "Allegation against a member of staff read",
}

RESTRICTED = dict.fromkeys(LABELS, ALLEGATION_TRAIL)
