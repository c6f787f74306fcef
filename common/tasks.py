"""Housekeeping tasks run by the beat scheduler."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="common.tasks.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Delete sessions past their expiry, so idle sign-ins do not pile up."""
    call_command("clearsessions")
