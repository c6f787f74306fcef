"""Writes of concerns: keyword-only, atomic, audited, the DSL told at once.

Other apps hand a concern over through a hook they declare (learning's
``on_concern_noted``), which ``SafeguardingConfig.ready`` connects to
``concern_raise_from_observation``.
"""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.permissions import Action
from children.models import Child
from common import dates
from common.audit import audit_record
from learning.models import Observation
from notifications.services import notify_now
from safeguarding.concerns.reminders import CONCERN_RAISED
from safeguarding.models import Concern


@transaction.atomic
def concern_raise(
    *, child: Child, by: User, text: str, observation: Observation | None = None
) -> Concern:
    """Pass a concern about a child's welfare to the setting's DSL.

    The DSL (or the manager, where there is no DSL) is told at once: the
    ``safeguarding.concern`` reminder is written in this transaction, the very row the sweep
    would write, and an e-mail naming no child is queued for when it commits. The concern's
    text is not copied into the audit trail, and its events are shown only to readers who
    may see concerns.
    """
    concern = Concern.objects.create(
        care_setting=child.care_setting,
        child=child,
        observation=observation,
        raised_by=by,
        text=text,
    )
    audit_record(
        actor=by,
        verb="concern.raised",
        target=concern,
        subject=child,
        care_setting=concern.care_setting,
        restricted_to=Action.VIEW_CONCERNS,
    )
    notify_now(
        kind=CONCERN_RAISED,
        today=dates.today(),
        children=Child.objects.filter(pk=child.pk),
    )
    return concern


def concern_raise_from_observation(
    *, observation: Observation, child: Child, text: str, by: User
) -> Concern:
    """Raise the concern a practitioner noted while recording an observation of the child.

    The listener of ``learning.journey.hooks.on_concern_noted``: it runs inside the
    observation's transaction, so the observation and its concerns are saved together.
    """
    return concern_raise(child=child, by=by, text=text, observation=observation)


@transaction.atomic
def concern_acknowledge(*, concern: Concern, by: User) -> Concern:
    """Record that the DSL has read the concern; acknowledging twice changes nothing."""
    now = timezone.now()
    written = Concern.objects.filter(pk=concern.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=by
    )
    if written:
        concern.acknowledged_at = now
        concern.acknowledged_by = by
        audit_record(
            actor=by,
            verb="concern.acknowledged",
            target=concern,
            subject=concern.child,
            care_setting=concern.care_setting,
            restricted_to=Action.VIEW_CONCERNS,
        )
    return concern
