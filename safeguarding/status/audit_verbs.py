"""What the audit verbs of status and plans say to people (readers of the safeguarding log)."""

LABELS = {
    "safeguarding.status_started": "Safeguarding status started",
    "safeguarding.status_changed": "Safeguarding status changed",
    "safeguarding.status_ended": "Safeguarding status ended",
    "safeguarding.task_added": "Safeguarding task agreed",
    "safeguarding.task_changed": "Safeguarding task changed",
    "safeguarding.task_done": "Safeguarding task done",
}
