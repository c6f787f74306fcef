"""What the paperwork part declares at start-up (called by PepConfig.ready)."""

from common.status_tags import register_status_tags

# How a section of the paperwork stands, in the PEP page's task list ("Completed" is
# plain text there, as the GOV.UK task list shows it).
SECTION_TAGS = {
    "pep_section_not_started": ("Not started", "blue"),
    "pep_section_incomplete": ("Incomplete", "light-blue"),
}


def ready() -> None:
    register_status_tags(SECTION_TAGS)
