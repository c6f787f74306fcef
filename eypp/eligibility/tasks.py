"""Eligibility's daily task: keep every child's EYPP award in step with the day (beat)."""

from celery import shared_task

from common import dates
from eypp.eligibility import services


@shared_task(name="eypp.eligibility.tasks.awards_refresh")
def awards_refresh() -> int:
    """Recompute the award of every child with a ground or an award; return how many moved."""
    return services.awards_refresh(today=dates.today())
