"""Notifications' part of the bench dataset: a year of reminders."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from bench.datasets import Build
from bench.scale import FIRST_NAMES, LAST_NAMES, SCALE


def plan_notifications(
    memberships: list[Any],
    *,
    slugs: dict[int, str],
    manager: int,
    key_person: int,
    rng: random.Random,
    now: datetime,
) -> list[Any]:
    """Return a year of reminders, mostly to managers, ``unread_percent`` of them unread.

    The manager persona has ``notifications_of_manager`` and the key person
    ``notifications_of_key_person``. Each was e-mailed in the morning digest after it was
    written, except those written since the start of yesterday's digest (07:00). Their
    de-duplication keys are the bench's own, so the sweep's reminders never collide.
    """
    from django.urls import reverse
    from django.utils import timezone

    from notifications.models import Notification

    setting_of = {m.user_id: m.care_setting_id for m in memberships}
    others = [m.user_id for m in memberships if m.user_id not in (manager, key_person)]
    weights = [4 if m.role == "manager" else 1 for m in memberships if m.user_id in others]
    recipients = [manager] * SCALE["notifications_of_manager"]
    recipients += [key_person] * SCALE["notifications_of_key_person"]
    recipients += rng.choices(others, weights=weights, k=SCALE["notifications"] - len(recipients))
    local_now = timezone.localtime(now)
    last_digest = local_now.replace(hour=7, minute=0, second=0, microsecond=0) - timedelta(days=1)
    year = int(timedelta(days=365).total_seconds())
    rows = []
    for n, recipient in enumerate(recipients):
        created = now - timedelta(seconds=rng.randrange(year))
        slug = slugs[setting_of[recipient]]
        if rng.random() < 0.4:
            kind = "key_person.unallocated"
            subject = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} has had no key person"
            url = reverse("settings:keypersons:board", args=[slug])
        else:
            kind = "training.expiring"
            subject = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}'s training expires"
            url = reverse("settings:keypersons:training", args=[slug])
        due_on = timezone.localtime(created).date()
        unread = rng.random() < SCALE["unread_percent"] / 100
        emailed = None
        if created < last_digest:
            next_morning = timezone.localtime(created).replace(hour=7, minute=0, second=0)
            emailed = next_morning + timedelta(days=1 if next_morning <= created else 0)
        rows.append(
            Notification(
                recipient_id=recipient,
                kind=kind,
                subject=subject,
                body="Seeded by the benchmark.",
                url=url,
                due_on=due_on,
                care_setting_id=setting_of[recipient],
                dedup_key=f"{kind}:bench-{n}:{due_on.isoformat()}:{recipient}",
                created_at=created,
                emailed_at=emailed,
                read_at=None
                if unread
                else min(created + timedelta(hours=rng.randint(1, 72)), now),
            )
        )
    return rows


def build_notifications(b: Build) -> None:
    """The reminders people have had over the last year."""
    from notifications.models import Notification

    memberships, users, key_person_id = b.memberships, b.users, b.key_person_id
    extra, now, batch, planned_settings = b.extra, b.now, b.batch, b.planned_settings
    slugs = {p.pk: p.slug for p in planned_settings}
    Notification.objects.bulk_create(
        plan_notifications(
            memberships,
            slugs=slugs,
            manager=users[0].pk,
            key_person=key_person_id,
            rng=extra,
            now=now,
        ),
        batch_size=batch,
    )
