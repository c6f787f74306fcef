"""How safeguarding pages tag where a record stands (registered by the concerns part)."""

TAGS = {
    "concern_waiting": ("Waiting for review", "yellow"),
    "concern_overdue": ("Overdue for review", "red"),
    "concern_under_review": ("Under review", "blue"),
    "concern_closed": ("Closed", "grey"),
    # A task agreed under a plan, or a file to transfer, past its due date.
    "safeguarding_overdue": ("Overdue", "red"),
}
