"""How PEP pages tag a PEP's state and clock (registered in PepConfig.ready)."""

TAGS = {
    "pep_overdue": ("Overdue", "red"),
    "pep_due_soon": ("Due soon", "orange"),
    "pep_due": ("Not yet scheduled", "grey"),
    "pep_scheduled": ("Meeting scheduled", "blue"),
    "pep_paperwork_requested": ("Paperwork requested", "light-blue"),
    "pep_submitted": ("Paperwork submitted", "turquoise"),
    "pep_awaiting_qa": ("Awaiting quality assurance", "yellow"),
    "pep_returned": ("Returned", "pink"),
    "pep_signed_off": ("Signed off", "green"),
    "pep_closed": ("Closed", "grey"),
    "rag_red": ("Red", "red"),
    "rag_amber": ("Amber", "orange"),
    "rag_green": ("Green", "green"),
}
