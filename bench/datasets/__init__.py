"""One local authority's data (DOMAIN.md §10), built in bulk, one builder per app.

``build_dataset`` runs the apps' builders in order, as ``manage.py seed_demo`` runs the
demo's steps: accounts (places, inspections, people), children (rooms, the roll), key
persons (allocations, chosen before the children are saved so ``Child.key_person`` is
written with them), the audit trail, then the team around the child, training and
notifications. Random choices come from two generators, ``Build.rng`` and the newer data's
``Build.extra``, drawn in a fixed order, so the same scale always gives the same data.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bench.database import fingerprint
from bench.scale import (
    FIRST_NAMES,
    HOME_LA_SLUG,
    LARGE_SETTING_SLUG,
    LAST_NAMES,
    PERSONA_EMAILS,
    PlannedSetting,
)


@dataclass
class Build:
    """What the builders share: the generators, the day, and what earlier builders made."""

    rng: random.Random
    today: date
    now: datetime
    batch: int = 2000
    # Newer data draws from its own generator, so the older data stays as it was.
    extra: random.Random = field(default_factory=lambda: random.Random(11))
    home: list[PlannedSetting] = field(default_factory=list)
    planned_settings: list[PlannedSetting] = field(default_factory=list)
    by_setting: dict[int, PlannedSetting] = field(default_factory=dict)
    las: dict[str, Any] = field(default_factory=dict)
    room_ids: dict[int, list[int]] = field(default_factory=dict)
    users: list[Any] = field(default_factory=list)
    memberships: list[Any] = field(default_factory=list)
    children: list[Any] = field(default_factory=list)
    picked_home: list[Any] = field(default_factory=list)
    hub_child: Any = None
    allocations: list[Any] = field(default_factory=list)
    designated: set[tuple[int, int]] = field(default_factory=set)

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max((end - start).days, 0)))

    @property
    def key_person_id(self) -> int:
        return next(u.pk for u in self.users if u.email == PERSONA_EMAILS["key_person"])


def build_dataset() -> dict[str, Any]:
    """Create one LA's data in bulk and return the marker to store."""
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.datasets import accounts, children, keypersons, notifications
    from common.models import AuditEvent
    from notifications.models import Notification

    started = time.perf_counter()
    build = Build(rng=random.Random(7), today=timezone.localdate(), now=timezone.now())
    accounts.plan_settings(build)
    with transaction.atomic():
        accounts.build_places(build)
        children.build_rooms(build)
        accounts.build_inspections(build)
        accounts.build_people(build)
        children.plan_roll(build)
        keypersons.plan_key_persons(build)
        children.save_roll(build)
        keypersons.save_allocations(build)
        accounts.build_audit_trail(build)
        children.build_team_consents_and_moves(build)
        keypersons.build_training(build)
        notifications.build_notifications(build)

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "fingerprint": fingerprint(),
        "built_at": datetime.now().astimezone().isoformat(),
        "build_seconds": round(time.perf_counter() - started, 1),
        "last_audit_event": AuditEvent.objects.order_by("-pk").values_list("pk", flat=True)[0],
        "last_notification": Notification.objects.order_by("-pk").values_list("pk", flat=True)[0],
        "hub_child": build.hub_child.pk,
    }


def dataset_sizes() -> dict[str, int]:
    """Return what the dataset holds, counted from the database."""
    from django.db.models import Q

    from accounts.models import (
        AdvisorAssignment,
        CareSetting,
        LocalAuthority,
        Membership,
        OfstedInspection,
        User,
    )
    from children.models import Child, Consent, SettingChange, TeamMember
    from common.models import AuditEvent
    from keypersons.models import KeyPersonAllocation, TrainingRecord
    from notifications.models import Notification

    home_la = LocalAuthority.objects.get(slug=HOME_LA_SLUG)
    on_roll = Child.objects.on_roll()
    allocations = KeyPersonAllocation.objects
    current = allocations.filter(ends_on__isnull=True)
    key_person = User.objects.get(email=PERSONA_EMAILS["key_person"])
    manager = User.objects.get(email=PERSONA_EMAILS["manager"])
    return {
        "local authorities": LocalAuthority.objects.count(),
        "care settings in the home LA": CareSetting.objects.filter(
            local_authority=home_la
        ).count(),
        "care settings in the other LA": CareSetting.objects.exclude(
            local_authority=home_la
        ).count(),
        "Ofsted inspections": OfstedInspection.objects.count(),
        "users": User.objects.count(),
        "staff memberships": Membership.objects.count(),
        "children on roll in the home LA": on_roll.filter(
            care_setting__local_authority=home_la
        ).count(),
        "children on roll in the other LA": on_roll.exclude(
            care_setting__local_authority=home_la
        ).count(),
        "children who have left": Child.objects.exclude(pk__in=on_roll.values("pk")).count(),
        "looked-after children the CiC advisor follows": on_roll.looked_after()
        .filter(Q(responsible_la=home_la) | Q(care_setting__local_authority=home_la))
        .count(),
        "settings assigned to the improvement advisor": AdvisorAssignment.objects.count(),
        "children in the largest setting": on_roll.filter(
            care_setting__slug=LARGE_SETTING_SLUG
        ).count(),
        "audit events": AuditEvent.objects.count(),
        "audit events of the largest setting": AuditEvent.objects.filter(
            care_setting__slug=LARGE_SETTING_SLUG
        ).count(),
        "children on roll with a key person": on_roll.filter(key_person__isnull=False).count(),
        "current key-person allocations": current.filter(kind="key_person").count(),
        "current buddy allocations": current.filter(kind="buddy").count(),
        "ended allocations (history)": allocations.filter(ends_on__isnull=False).count(),
        "designated key persons of looked-after children": current.filter(
            is_designated=True
        ).count(),
        "key children of the key person": on_roll.filter(key_person=key_person).count(),
        "team members": TeamMember.objects.count(),
        "consents": Consent.objects.count(),
        "setting changes": SettingChange.objects.count(),
        "training records": TrainingRecord.objects.count(),
        "notifications": Notification.objects.count(),
        "unread notifications": Notification.objects.filter(read_at__isnull=True).count(),
        "notifications of the manager": Notification.objects.filter(recipient=manager).count(),
        "notifications not yet e-mailed": Notification.objects.filter(
            emailed_at__isnull=True
        ).count(),
    }
