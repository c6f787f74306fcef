"""Beat-scheduled reminder tasks: thin, idempotent, retried when the mail server is down.

Both take no arguments and work from the database's state, so a missed run (Redis or the
worker down) loses nothing: the next one catches up.
"""

import logging

from celery import shared_task
from django.utils import timezone

from common import dates
from notifications import services

logger = logging.getLogger(__name__)


@shared_task(
    name="notifications.tasks.sweep",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def sweep() -> dict[str, int]:
    """Run the reminder rules for today and write the notifications they find."""
    written = services.sweep(today=dates.today())
    logger.info("Reminder sweep wrote %s", written)
    return written


@shared_task(
    name="notifications.tasks.send_digests",
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=30 * 60,
    max_retries=8,
)
def send_digests() -> dict[str, int]:
    """E-mail each person one digest of their unsent notifications."""
    result = services.send_digests(now=timezone.now())
    logger.info(
        "Digests: %s e-mails, %s notifications, %s recipients held by another worker",
        result.sent,
        result.notifications,
        len(result.skipped),
    )
    return {"sent": result.sent, "notifications": result.notifications}


@shared_task(
    name="notifications.tasks.send_alerts",
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=10 * 60,
    max_retries=8,
)
def send_alerts(notification_ids: list[int]) -> int:
    """E-mail the recipients of these notifications their immediate alert, once each."""
    sent = services.send_alerts(notification_ids=notification_ids, now=timezone.now())
    logger.info("Alerts: %s e-mails for %s notifications", sent, len(notification_ids))
    return sent
