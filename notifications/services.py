"""Write notifications from the reminder rules, e-mail the daily digests, mark them read.

Guarantees, and how they are kept:

* **Written once.** Each notification carries a unique ``dedup_key`` (kind, subject, due date,
  recipient) and the sweep inserts with ``ON CONFLICT DO NOTHING``: a rerun, two sweeps at
  once or a sweep that crashed half-way never write a reminder twice.
* **Never lost.** Rules return everything due up to today, not only what fell due today, so
  a sweep that did not run (Redis down, no worker) catches up on its next run.
* **E-mailed once, at least once.** Each recipient's digest is one transaction: lock their
  unsent rows (``SELECT … FOR UPDATE SKIP LOCKED``), send the e-mail, mark exactly those
  rows ``emailed_at``, commit. If the process dies or the mail server refuses before the
  commit, nothing is marked and the next run sends them. A second worker running at the same
  time skips rows another is sending. The one window left is a crash *after* the mail server
  accepted the message and *before* the commit: the digest is then sent again the next run,
  which is the right way round (a reminder repeated, never lost); SMTP offers nothing better.
* **One digest a day.** A recipient who already received a digest today (local time) is left
  until tomorrow, so a retried or rerun digest task does not e-mail people twice in a day.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import User
from notifications.models import Notification
from notifications.rules import RULES, Due, Rule

logger = logging.getLogger(__name__)

# Rows per INSERT: the sweep makes one statement per rule up to this many new rows. A
# notification has 11 columns, so 5,000 rows stay under PostgreSQL's 65,535 parameters
# (Django lowers it further on SQLite); a feature going live can owe a whole LA's
# children a reminder at once.
INSERT_BATCH_SIZE = 5000
# The digest lists this many reminders and points to the notifications page for the rest.
DIGEST_LIST_LIMIT = 50


class SweepError(Exception):
    """One or more rules failed; the others' notifications were written."""


def sweep(*, today: date, rules: dict[str, Rule] | None = None) -> dict[str, int]:
    """Run every reminder rule for the day and write the notifications it finds.

    Return the number of *new* notifications per kind. Each rule's rows are written in one
    ``bulk_create(ignore_conflicts=True)``, so the query count depends on the number of rules,
    not of children. A failing rule is logged and does not stop the others; the sweep then
    raises ``SweepError`` so the task is marked failed (the next sweep tries again).
    """
    written: dict[str, int] = {}
    failed: list[str] = []
    for kind, rule_ in (RULES if rules is None else rules).items():
        try:
            written[kind] = _write(rule_, today=today)
        except Exception:
            logger.exception("Reminder rule %s failed", kind)
            failed.append(kind)
    if failed:
        raise SweepError(f"Reminder rules failed: {', '.join(failed)}")
    return written


@transaction.atomic
def _write(rule_: Rule, *, today: date) -> int:
    return len(_write_rows(rule_, rule_.due(today)))


def _write_rows(rule_: Rule, dues: Iterable[Due]) -> list[Notification]:
    """Write the rule's reminders that are not written yet; return the new rows."""
    rows: dict[str, Notification] = {}
    for due in dues:
        key = due.dedup_key(rule_.kind)
        rows.setdefault(
            key,
            Notification(
                recipient_id=due.recipient_id,
                kind=rule_.kind,
                subject=due.subject[:200],
                body=due.body,
                url=due.url[:300],
                due_on=due.due_on,
                care_setting_id=due.care_setting_id,
                dedup_key=key,
            ),
        )
    if not rows:
        return []
    # Skip what earlier runs wrote, so an hourly sweep does not re-send old rows to the
    # database; ignore_conflicts still settles a race with a sweep running at the same time.
    existing = set(
        Notification.objects.filter(dedup_key__in=list(rows)).values_list("dedup_key", flat=True)
    )
    new = [row for key, row in rows.items() if key not in existing]
    if new:
        Notification.objects.bulk_create(new, ignore_conflicts=True, batch_size=INSERT_BATCH_SIZE)
    return new


# --- At once, for what cannot wait ------------------------------------------------------


def notify_now(*, kind: str, today: date, children: Any) -> list[int]:
    """Write now what the rule of this kind finds for these children, and alert by e-mail.

    Run inside the caller's transaction: the rows are the very ones the sweep would write
    (same rule, same de-duplication keys), so the next sweep adds nothing and a second call
    writes nothing. If the rule declares an ``alert``, each new notification's recipient is
    e-mailed that sentence once the transaction commits, and nothing else about the child.
    Return the ids of the new notifications.
    """
    rule_ = RULES[kind]
    with transaction.atomic():
        new = _write_rows(rule_, rule_.due(today, children=children))
        # bulk_create with ignore_conflicts sets no primary keys: read them by their keys.
        ids = list(
            Notification.objects.filter(dedup_key__in=[row.dedup_key for row in new]).values_list(
                "pk", flat=True
            )
        )
    if ids and rule_.alert:
        transaction.on_commit(lambda: _queue_alerts(ids))
    return ids


def _queue_alerts(notification_ids: list[int]) -> None:
    """Queue the alert e-mails; with the broker down, log it: the digest still sends them."""
    from notifications.tasks import send_alerts  # the tasks module imports this one

    try:
        send_alerts.delay(notification_ids)
    except (OSError, OperationalError):
        logger.exception("Could not queue the alerts for notifications %s", notification_ids)


def send_alerts(*, notification_ids: list[int], now: datetime, connection: Any = None) -> int:
    """E-mail each notification's recipient its rule's alert, once; return how many were sent.

    Each row is locked and marked ``alerted_at`` in the transaction that sends it, so a
    retried task or a second worker sends no alert twice. The e-mail holds the rule's
    sentence, the setting's name and a link to sign in: never the child's name, the
    subject or the body.
    """
    sent = 0
    connection = connection or mail.get_connection()
    with connection:
        for notification_id in notification_ids:
            with transaction.atomic():
                notification = (
                    Notification.objects.filter(
                        pk=notification_id, alerted_at__isnull=True, recipient__is_active=True
                    )
                    .exclude(recipient__email="")
                    .select_for_update(skip_locked=True, of=("self",))
                    .select_related("recipient", "care_setting")
                    .first()
                )
                rule_ = RULES.get(notification.kind) if notification else None
                if notification is None or rule_ is None or not rule_.alert:
                    continue
                alert_message(
                    notification=notification, sentence=rule_.alert, connection=connection
                ).send()
                Notification.objects.filter(pk=notification.pk).update(alerted_at=now)
                sent += 1
    return sent


def alert_message(
    *, notification: Notification, sentence: str, connection: Any = None
) -> EmailMultiAlternatives:
    """Return the alert e-mail: the rule's sentence about the setting and a link to sign in."""
    setting = notification.care_setting.name if notification.care_setting else "EYFS Portal"
    site = settings.SITE_URL
    path = notification.url if notification.url.startswith("/") else ""
    context = {
        "recipient": notification.recipient,
        "sentence": sentence.format(setting=setting),
        "link": f"{site}{path or reverse('notifications:list')}",
    }
    message = EmailMultiAlternatives(
        subject=render_to_string("emails/alert_subject.txt", context).strip(),
        body=render_to_string("emails/alert_body.txt", context),
        to=[notification.recipient.email],
        connection=connection,
    )
    message.attach_alternative(render_to_string("emails/alert_body.html", context), "text/html")
    return message


# --- The daily digest ------------------------------------------------------------------


@dataclass
class DigestResult:
    sent: int = 0  # e-mails
    notifications: int = 0  # rows marked emailed
    skipped: list[int] = field(default_factory=list)  # recipients another worker holds


def send_digests(*, now: datetime, connection: Any = None) -> DigestResult:
    """E-mail each person one digest of their unsent notifications and mark those sent.

    Recipients are handled one at a time, each in its own transaction (see the module
    docstring). An ``OSError`` from the mail server stops the run and is raised, after the
    digests already sent have been committed, so the task can retry the rest later.
    """
    start_of_day = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    result = DigestResult()
    recipients = _recipients_due(start_of_day)
    if not recipients:
        return result
    connection = connection or mail.get_connection()
    # One connection for the whole run; opening it fails fast when the server is down.
    with connection:
        for recipient_id in recipients:
            count = _send_one(
                recipient_id=recipient_id,
                now=now,
                start_of_day=start_of_day,
                connection=connection,
            )
            if count is None:
                result.skipped.append(recipient_id)
            elif count:
                result.sent += 1
                result.notifications += count
    return result


def _recipients_due(start_of_day: datetime) -> list[int]:
    """Return the active users with unsent notifications and no digest yet today."""
    emailed_today = Notification.objects.filter(
        recipient=OuterRef("recipient"), emailed_at__gte=start_of_day
    )
    return list(
        Notification.objects.filter(emailed_at__isnull=True, recipient__is_active=True)
        .exclude(recipient__email="")
        .filter(~Exists(emailed_today))
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def _send_one(
    *, recipient_id: int, now: datetime, start_of_day: datetime, connection: Any
) -> int | None:
    """Send one recipient's digest; return the rows marked, or None when another worker has
    them. The e-mail goes out inside the transaction: if it fails, nothing is marked."""
    with transaction.atomic():
        # Plain rows, not model instances: a digest may list dozens for each of a thousand
        # people, and only these fields reach the e-mail. Whether a digest went out today is
        # asked in the same statement that takes the lock, as each row's ``sent_today``: a
        # worker that committed a digest before it wins.
        emailed_today = Notification.objects.filter(
            recipient_id=recipient_id, emailed_at__gte=start_of_day
        )
        notifications = list(
            Notification.objects.filter(recipient_id=recipient_id, emailed_at__isnull=True)
            .select_for_update(skip_locked=True, of=("self",))
            .annotate(sent_today=Exists(emailed_today))
            .order_by("due_on", "created_at", "pk")
            .values(*DIGEST_FIELDS, "sent_today")
        )
        if not notifications:
            return None
        if notifications[0]["sent_today"]:
            return 0
        digest_message(rows=notifications, connection=connection).send()
        return Notification.objects.filter(pk__in=[row["pk"] for row in notifications]).update(
            emailed_at=now
        )


# What a digest reads of each notification (``Notification.objects.values``): all of
# one recipient's, so the recipient's address and name come with each row.
DIGEST_FIELDS = (
    "pk",
    "subject",
    "body",
    "due_on",
    "url",
    "recipient__email",
    "recipient__full_name",
)


def digest_message(
    *, rows: list[dict[str, Any]], connection: Any = None
) -> EmailMultiAlternatives:
    """Return the digest e-mail of one recipient's notifications (``DIGEST_FIELDS`` rows)."""
    site = settings.SITE_URL
    context = {
        "recipient_name": rows[0]["recipient__full_name"],
        "items": [
            {
                "subject": row["subject"],
                "body": row["body"],
                # Written once here rather than by a template filter in each of two bodies.
                "due": f"{row['due_on'].day} {row['due_on']:%B %Y}" if row["due_on"] else "",
                "link": f"{site}{row['url']}" if row["url"].startswith("/") else "",
            }
            for row in rows[:DIGEST_LIST_LIMIT]
        ],
        "count": len(rows),
        "more": max(len(rows) - DIGEST_LIST_LIMIT, 0),
        "list_link": f"{site}{reverse('notifications:list')}",
    }
    message = EmailMultiAlternatives(
        subject=render_to_string("emails/digest_subject.txt", context).strip(),
        body=render_to_string("emails/digest_body.txt", context),
        to=[rows[0]["recipient__email"]],
        connection=connection,
    )
    message.attach_alternative(render_to_string("emails/digest_body.html", context), "text/html")
    return message


# --- Reading them in the app -----------------------------------------------------------


def notification_mark_read(*, notification: Notification, now: datetime) -> None:
    """Mark the notification read, keeping the first time it was read."""
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now


def notifications_mark_all_read(*, recipient: User, now: datetime) -> int:
    """Mark every unread notification of the recipient read; return how many."""
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=now
    )
