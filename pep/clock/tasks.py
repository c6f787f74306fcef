"""The clock's daily task: open the cycles no lifecycle hook could (run by beat)."""

from celery import shared_task

from common import dates
from pep.clock import services


@shared_task(name="pep.clock.tasks.ensure_cycles")
def ensure_cycles() -> dict[str, int]:
    """Open the missing current PEP of every looked-after child of PEP age; close stale ones."""
    return services.ensure_cycles(today=dates.today())
