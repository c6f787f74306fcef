"""What the audit verbs of notes of visit say (gathered by ``quality.audit_verbs``).

A draft is the LA's own until shared: its events need RECORD_VISIT. Sharing, changes after
sharing and the setting's reflections are for every reader of the setting's support
records (VIEW_QUALITY, the default).
"""

from accounts.permissions import Action

LABELS = {
    "quality.visit_recorded": "Notes of visit written",
    "quality.visit_changed": "Notes of visit changed before sharing",
    "quality.visit_shared": "Notes of visit shared with the setting",
    "quality.visit_changed_after_sharing": "Notes of visit changed after sharing",
    "quality.visit_reflected": "Setting's reflections on a visit written",
}
RESTRICTED = {
    "quality.visit_recorded": Action.RECORD_VISIT,
    "quality.visit_changed": Action.RECORD_VISIT,
}
