"""Audit verbs of meetings about a looked-after child (gathered by pep/audit_verbs.py)."""

LABELS: dict[str, str] = {
    "pep.meeting_scheduled": "PEP meeting scheduled",
    "pep.meeting_rescheduled": "Meeting rescheduled",
    "pep.meeting_cancelled": "Meeting cancelled",
    "pep.meeting_confirmed": "Meeting confirmed",
    "pep.meeting_recorded": "Meeting recorded",
    "pep.meeting_added": "Meeting added",
    "pep.meetings_viewed": "Meetings read",
    "pep.meeting_ics_downloaded": "Calendar invitation downloaded",
}
