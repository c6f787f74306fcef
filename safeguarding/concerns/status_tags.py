"""How pages tag where a concern stands (registered in the part's ``register.ready``)."""

TAGS = {
    "concern_waiting": ("Waiting for review", "yellow"),
    "concern_overdue": ("Overdue for review", "red"),
    "concern_under_review": ("Under review", "blue"),
    "concern_closed": ("Closed", "grey"),
}
