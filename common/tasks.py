"""Housekeeping tasks run by the beat scheduler."""

from datetime import timedelta

from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from common.submissions import submissions_forget

# A form rendered longer ago than this and sent again is saved again.
SUBMISSIONS_KEPT = timedelta(days=30)


@shared_task(name="common.tasks.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Delete sessions past their expiry, so idle sign-ins do not pile up."""
    call_command("clearsessions")


@shared_task(name="common.tasks.forget_old_submissions")
def forget_old_submissions() -> int:
    """Forget used form tokens older than 30 days, so the table does not grow for ever."""
    return submissions_forget(before=timezone.now() - SUBMISSIONS_KEPT)
