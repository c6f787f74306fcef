"""The worker's side of meetings: the calendar invitations, one e-mail per invitee."""

from celery import shared_task
from django.utils import timezone

from pep.meetings import emails


@shared_task(
    name="pep.meetings.tasks.send_meeting_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=30 * 60,
    max_retries=8,
)
def send_meeting_email(*, invitee_id: int, sequence: int) -> bool:
    """E-mail one invitee the meeting's invitation, change or cancellation (at ``sequence``)."""
    return emails.send_meeting_email(invitee_id=invitee_id, sequence=sequence, now=timezone.now())
