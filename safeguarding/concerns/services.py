"""Writes of concerns: keyword-only, atomic, audited, the DSL told at once.

Other apps hand a concern over through a hook they declare (learning's
``on_concern_noted``), which ``SafeguardingConfig.ready`` connects to
``concern_raise_from_observation``. A concern and its DSL's log are written here only;
every write is in the audit trail, seen only by readers of the safeguarding log, and no
words of a concern are copied there.
"""

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import CareSetting, User
from accounts.permissions import Action
from children.models import Child
from common import dates
from common.audit import audit_record
from common.submissions import claim_submission
from common.versioning import StaleRecord, versioned_update
from learning.models import Observation
from notifications.services import notify_now
from safeguarding.concerns import body_map
from safeguarding.concerns.reminders import CONCERN_RAISED
from safeguarding.models import BodyMapMark, Concern, ConcernAction, Outcome

REFERRED = frozenset({Outcome.CSC_REFERRAL, Outcome.POLICE, Outcome.LADO})


def _audit(
    concern: Concern, *, by: User, verb: str, changes: dict[str, Any] | None = None
) -> None:
    audit_record(
        actor=by,
        verb=verb,
        target=concern,
        subject=concern.child,
        care_setting=concern.care_setting,
        changes=changes,
        restricted_to=Action.VIEW_CONCERNS,
    )


def _marks(concern: Concern, marks: Iterable[dict[str, Any]]) -> list[BodyMapMark]:
    rows = []
    for mark in marks:
        where = body_map.centre(mark["region"], mark["side"])
        if where is None:
            raise ValidationError(
                f"{body_map.region_label(mark['region'])} is not on the {mark['side']}"
            )
        x, y = mark.get("x"), mark.get("y")
        if x is None or y is None:
            x, y = where
        rows.append(
            BodyMapMark(
                concern=concern,
                side=mark["side"],
                region=mark["region"],
                kind=mark["kind"],
                description=mark["description"],
                x=x,
                y=y,
            )
        )
    return BodyMapMark.objects.bulk_create(rows)


@transaction.atomic
def concern_raise(
    *,
    child: Child,
    by: User,
    text: str,
    observation: Observation | None = None,
    occurred_at: datetime | None = None,
    location: str = "",
    others_present: str = "",
    category: str = "",
    child_words: str = "",
    immediate_actions: str = "",
    marks: Iterable[dict[str, Any]] = (),
    submission_token: uuid.UUID | None = None,
) -> Concern:
    """Pass a concern about a child's welfare to the setting's DSL.

    The DSL (or the manager, where there is no DSL) is told at once: the
    ``safeguarding.concern`` reminder is written in this transaction, the very row the sweep
    would write, and an e-mail naming no child is queued for when it commits. The concern's
    text is not copied into the audit trail, and its events are shown only to readers who
    may see concerns. The same form sent twice saves once (``AlreadySaved``).
    """
    claim = claim_submission(token=submission_token, by=by)
    concern = Concern.objects.create(
        care_setting=child.care_setting,
        child=child,
        observation=observation,
        raised_by=by,
        text=text,
        occurred_at=occurred_at,
        location=location,
        others_present=others_present,
        category=category,
        child_words=child_words,
        immediate_actions=immediate_actions,
    )
    written = _marks(concern, marks)
    claim.saved(concern)
    _audit(
        concern,
        by=by,
        verb="concern.raised",
        changes={"marks": len(written)} if written else None,
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
    observation's transaction, so the observation and its concerns are saved together. The
    category is left for the DSL to decide; it happened on the day it was observed.
    """
    return concern_raise(child=child, by=by, text=text, observation=observation)


@transaction.atomic
def concern_acknowledge(*, concern: Concern, by: User) -> Concern:
    """Record that the DSL has started the review; acknowledging twice changes nothing."""
    now = timezone.now()
    written = Concern.objects.filter(pk=concern.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=by
    )
    if written:
        concern.acknowledged_at = now
        concern.acknowledged_by = by
        _audit(concern, by=by, verb="concern.acknowledged")
    return concern


@transaction.atomic
def concern_action_add(
    *,
    concern: Concern,
    by: User,
    kind: str,
    taken_on: date,
    text: str,
    submission_token: uuid.UUID | None = None,
) -> ConcernAction:
    """Add a decision, action, contact or note to the DSL's log; it starts the review."""
    claim = claim_submission(token=submission_token, by=by)
    action = ConcernAction.objects.create(
        concern=concern, kind=kind, taken_on=taken_on, text=text, by=by
    )
    claim.saved(action)
    concern_acknowledge(concern=concern, by=by)
    _audit(concern, by=by, verb="concern.action_added", changes={"kind": kind})
    return action


@transaction.atomic
def concern_outcome_record(
    *,
    concern: Concern,
    by: User,
    version: int,
    outcome: str,
    outcome_reference: str,
    outcome_notes: str,
) -> Concern:
    """Record (or change) the outcome, which closes the concern; versioned and audited.

    A referral to children's social care, the police or the LADO needs its reference;
    another outcome keeps none. Recording it starts the review if it had not started.
    """
    reference = outcome_reference.strip() if outcome in REFERRED else ""
    if outcome in REFERRED and not reference:
        raise ValidationError(
            {"outcome_reference": "Enter the reference of the referral"}, code="required"
        )
    changing = bool(concern.outcome)
    before = concern.outcome
    fields = {
        "outcome": outcome,
        "outcome_reference": reference,
        "outcome_notes": outcome_notes,
    }
    if concern.version != version:
        saved = Concern.objects.filter(pk=concern.pk).first()
        if saved is None or not _holds(saved, fields):
            raise StaleRecord
        return saved  # the same form sent twice
    if _holds(concern, fields):
        return concern  # nothing changed
    written = versioned_update(
        concern,
        version=version,
        fields={**fields, "outcome_at": timezone.now(), "outcome_by": by},
    )
    if written:
        concern_acknowledge(concern=concern, by=by)
        _audit(
            concern,
            by=by,
            verb="concern.outcome_changed" if changing else "concern.outcome_recorded",
            changes={"outcome": [before, outcome]} if changing else {"outcome": outcome},
        )
    return concern


def _holds(concern: Concern, fields: dict[str, Any]) -> bool:
    return all(getattr(concern, name) == value for name, value in fields.items())


@transaction.atomic
def concern_category_set(*, concern: Concern, by: User, version: int, category: str) -> Concern:
    """Set or correct the concern's category (versioned, audited)."""
    before = concern.category
    if versioned_update(concern, version=version, fields={"category": category}):
        _audit(
            concern,
            by=by,
            verb="concern.categorised",
            changes={"category": [before, category]},
        )
    return concern


@transaction.atomic
def concern_related_set(
    *, concern: Concern, by: User, version: int, related: Iterable[Concern]
) -> Concern:
    """Link the concern to these others of its setting (and unlink the rest); versioned.

    Links go both ways; a concern of another setting is refused. The same choice sent
    twice changes nothing.
    """
    chosen = {other.pk: other for other in related}
    if concern.pk in chosen or any(
        other.care_setting_id != concern.care_setting_id for other in chosen.values()
    ):
        raise ValidationError({"related": "Choose only the setting's other concerns"})
    locked = Concern.objects.select_for_update().get(pk=concern.pk)
    now = set(locked.related.values_list("pk", flat=True))
    if now == set(chosen):
        concern.version = locked.version
        return concern
    if locked.version != version:
        raise StaleRecord
    added, removed = set(chosen) - now, now - set(chosen)
    locked.related.add(*added)
    locked.related.remove(*removed)
    versioned_update(concern, version=version, fields={})
    _audit(
        concern,
        by=by,
        verb="concern.related_changed",
        changes={
            "linked": [chosen[pk].reference for pk in sorted(added)],
            "unlinked": [f"C-{pk:05d}" for pk in sorted(removed)],
        },
    )
    return concern


@transaction.atomic
def review_hours_set(
    *, care_setting: CareSetting, by: User, version: int, concern_review_hours: int
) -> CareSetting:
    """Change the hours the DSL has to review a concern at the setting (versioned)."""
    before = care_setting.concern_review_hours
    if versioned_update(
        care_setting, version=version, fields={"concern_review_hours": concern_review_hours}
    ):
        audit_record(
            actor=by,
            verb="concern.review_hours_changed",
            target=care_setting,
            care_setting=care_setting,
            changes={"concern_review_hours": [before, concern_review_hours]},
            restricted_to=Action.VIEW_CONCERNS,
        )
    return care_setting
