"""Writes to a child's record, team, consents and setting: keyword-only, atomic, audited.

Every event has the child as its subject and the child's setting as its place, so the
manager reads the child's trail on one page. An edit of the record, a team member or one
of the setting's rooms names the version the editor started from; if someone else saved
in between, ``StaleRecord`` is raised and nothing is written (``common.versioning``).
Adding a child, a team member, a consent or a room claims the form's submission token
(``common.submissions``): the same form sent twice saves once.
"""

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max

from accounts.models import CareSetting, User
from children import lifecycle
from children.models import Child, Consent, Room, SettingChange, TeamMember, on_roll_q
from common.audit import audit_record, changed_fields
from common.submissions import claim_submission
from common.versioning import StaleRecord as StaleRecord  # raised here; callers catch it
from common.versioning import versioned_update


class RoomNotEmpty(Exception):
    """A room with children on roll in it cannot be archived."""

    def __init__(self, on_roll: int) -> None:
        super().__init__(on_roll)
        self.on_roll = on_roll


def _readable(field: models.Field, value: Any) -> Any:
    """Return a value as the audit trail shows it: labels for codes, names for records."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return value


def _snapshot(instance: models.Model, values: dict[str, Any]) -> dict[str, Any]:
    meta = instance._meta
    return {name: _readable(meta.get_field(name), value) for name, value in values.items()}


def _current(instance: models.Model, names: Any) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in names}


def _audit(
    *, by: User, verb: str, child: Child, target: models.Model | None = None, **kwargs: Any
) -> None:
    audit_record(
        actor=by,
        verb=verb,
        target=target if target is not None else child,
        subject=child,
        care_setting=kwargs.pop("care_setting", child.care_setting),
        **kwargs,
    )


def _versioned_update(
    *, record: Child | TeamMember | Room, version: int, fields: dict[str, Any]
) -> dict[str, Any]:
    """Write the fields if the record is still at ``version``; return what changed.

    Raises StaleRecord if someone else saved since; a save that finds the record already
    as typed (the same form sent twice) writes nothing and returns no change.
    """
    changes = changed_fields(
        _snapshot(record, _current(record, fields)), _snapshot(record, fields)
    )
    if record.version == version and not changes:
        return {}
    if not versioned_update(record, version=version, fields=fields):
        return {}
    return changes


@transaction.atomic
def child_add(
    *,
    care_setting: CareSetting,
    by: User,
    previous_setting: str = "",
    carer: dict[str, Any] | None = None,
    submission_token: uuid.UUID | None = None,
    **fields: Any,
) -> Child:
    """Add a child to the setting; ``previous_setting`` records an arrival from outside.

    ``carer`` holds the first parent or carer (the fields of a team member): they join the
    team around the child in the same transaction, so they can give the consents at once.
    Raises ``AlreadySaved`` (with the child) when the same form was saved before.
    """
    claim = claim_submission(token=submission_token, by=by)
    child = Child.objects.create(care_setting=care_setting, **fields)
    claim.saved(child)
    _audit(
        by=by,
        verb="child.added",
        child=child,
        changes=changed_fields({}, _snapshot(child, fields)),
    )
    if carer:
        team_member_save(child=child, by=by, **carer)
    if previous_setting:
        arrival = SettingChange.objects.create(
            child=child,
            from_description=previous_setting,
            to_setting=care_setting,
            moved_on=child.start_date,
            reason="Joined from a setting that is not on the portal",
            recorded_by=by,
        )
        _audit(
            by=by,
            verb="child.arrived",
            child=child,
            target=arrival,
            changes={"from": previous_setting, "moved_on": child.start_date.isoformat()},
        )
    lifecycle.on_joined.fire(child=child, by=by)
    if child.looked_after_status == Child.LookedAfter.LOOKED_AFTER:
        lifecycle.on_entered_care.fire(child=child, by=by)
    return child


@transaction.atomic
def child_update(*, child: Child, by: User, version: int, **fields: Any) -> Child:
    """Change the child's record, unless someone else changed it since ``version``."""
    was_looked_after = child.looked_after_status == Child.LookedAfter.LOOKED_AFTER
    changes = _versioned_update(record=child, version=version, fields=fields)
    if changes:
        _audit(by=by, verb="child.updated", child=child, changes=changes)
        is_looked_after = child.looked_after_status == Child.LookedAfter.LOOKED_AFTER
        if is_looked_after and not was_looked_after:
            lifecycle.on_entered_care.fire(child=child, by=by)
        elif was_looked_after and not is_looked_after:
            lifecycle.on_left_care.fire(child=child, by=by)
    return child


@transaction.atomic
def child_leave(
    *, child: Child, by: User, version: int, leave_date: date, leaving_destination: str
) -> Child:
    """Record the day the child leaves the setting and where they go.

    Fires ``lifecycle.on_left``: the key person and buddy allocations end on the leave date
    (keypersons) and the leaving summary is queued once the leave is saved (learning). The
    record keeps the name of the last key person for the leaving summary.
    """
    changes = _versioned_update(
        record=child,
        version=version,
        fields={"leave_date": leave_date, "leaving_destination": leaving_destination},
    )
    if changes:
        _audit(by=by, verb="child.left", child=child, changes=changes)
    lifecycle.on_left.fire(child=child, by=by, left_on=leave_date, recorded=bool(changes))
    return child


@transaction.atomic
def child_move(
    *,
    child: Child,
    by: User,
    version: int,
    to_setting: CareSetting,
    moved_on: date,
    reason: str = "",
) -> SettingChange:
    """Move the child's record, with its history, to another setting on the portal.

    The old setting loses access at once. Its staff are no longer the child's key persons:
    their allocations end on the day of the move and the new setting allocates its own. The
    start date becomes the first day at the new setting, and the case is no longer shared
    with an advisor until the new setting shares it.
    """
    from_setting = child.care_setting
    changes = _versioned_update(
        record=child,
        version=version,
        fields={
            "care_setting": to_setting,
            # Rooms are the old setting's: the new setting puts the child in one of its own.
            "room": None,
            "key_person": None,
            "start_date": moved_on,
            "shared_with_la": False,
        },
    )
    if not changes:
        # The same move sent twice: the record is there already, with its setting change.
        made = child.setting_changes.filter(to_setting=to_setting, moved_on=moved_on).first()
        if made is not None:
            return made
    setting_change = SettingChange.objects.create(
        child=child,
        from_setting=from_setting,
        to_setting=to_setting,
        moved_on=moved_on,
        reason=reason,
        recorded_by=by,
    )
    for verb, place in (("child.moved_out", from_setting), ("child.moved_in", to_setting)):
        _audit(
            by=by,
            verb=verb,
            child=child,
            target=setting_change,
            care_setting=place,
            changes={**changes, "reason": reason} if reason else changes,
        )
    # The old setting's key persons stop being the child's (keypersons listens).
    lifecycle.on_moved.fire(
        child=child, by=by, from_setting=from_setting, to_setting=to_setting, moved_on=moved_on
    )
    return setting_change


# --- Rooms --------------------------------------------------------------------------------


@transaction.atomic
def room_add(
    *,
    care_setting: CareSetting,
    by: User,
    name: str,
    min_age_months: int | None = None,
    max_age_months: int | None = None,
    submission_token: uuid.UUID | None = None,
) -> Room:
    """Add a room to the setting's list, after the rooms already there.

    Raises ``AlreadySaved`` (with the room) when the same form was saved before, and
    ValidationError on ``name`` when a room of that name was added at the same moment.
    """
    claim = claim_submission(token=submission_token, by=by)
    last = Room.objects.filter(care_setting=care_setting).aggregate(last=Max("order"))["last"]
    try:
        # A savepoint: another room of the same name may be added at the same moment.
        with transaction.atomic():
            room = Room.objects.create(
                care_setting=care_setting,
                name=name,
                min_age_months=min_age_months,
                max_age_months=max_age_months,
                order=(last or 0) + 1,
            )
    except IntegrityError:
        taken = _name_taken(care_setting, name, excluding=None)
        if taken is None:
            raise
        raise taken from None
    claim.saved(room)
    fields = {"name": name, "min_age_months": min_age_months, "max_age_months": max_age_months}
    audit_record(
        actor=by,
        verb="room.added",
        target=room,
        care_setting=care_setting,
        changes=changed_fields({}, _snapshot(room, fields)),
    )
    return room


def _name_taken(
    care_setting: CareSetting, name: str, *, excluding: int | None
) -> ValidationError | None:
    """Return the error for a room name another room holds, or None if none does."""
    taken = (
        Room.objects.filter(care_setting=care_setting, name__iexact=name)
        .exclude(pk=excluding)
        .first()
    )
    if taken is None:
        return None
    return ValidationError({"name": f"There is already a room called {taken.name}"})


@transaction.atomic
def room_update(*, room: Room, by: User, version: int, today: date, **fields: Any) -> Room:
    """Rename, re-order or archive a room, unless someone else changed it since ``version``.

    StaleRecord if someone else saved the room since; the same form sent twice changes it
    once. Children stay in their room through a rename. A room with children on roll is not
    archived (``RoomNotEmpty``): they are moved to another room first. ValidationError on
    ``name`` when another room took the name at the same moment.
    """
    if room.is_active and fields.get("is_active") is False:
        on_roll = room.children.filter(on_roll_q(today)).count()
        if on_roll:
            raise RoomNotEmpty(on_roll)
    try:
        # A savepoint: another room may take the new name at the same moment.
        with transaction.atomic():
            changes = _versioned_update(record=room, version=version, fields=fields)
    except IntegrityError:
        taken = _name_taken(room.care_setting, fields.get("name", ""), excluding=room.pk)
        if taken is None:
            raise
        raise taken from None
    if not changes:
        return room
    archived = changes.get("is_active") == [True, False]
    audit_record(
        actor=by,
        verb="room.archived" if archived else "room.changed",
        target=room,
        care_setting=room.care_setting,
        changes=changes,
    )
    return room


# --- Team around the child ---------------------------------------------------------------


@transaction.atomic
def team_member_save(
    *,
    child: Child,
    by: User,
    member: TeamMember | None = None,
    version: int | None = None,
    submission_token: uuid.UUID | None = None,
    **fields: Any,
) -> TeamMember:
    """Add someone to the team around the child, or change their details.

    A change names the ``version`` of the member it was made from: StaleRecord if someone
    else changed them since. An addition raises ``AlreadySaved`` when the same form was
    saved before.
    """
    if member is None:
        claim = claim_submission(token=submission_token, by=by)
        member = TeamMember.objects.create(child=child, **fields)
        claim.saved(member)
        _audit(
            by=by,
            verb="child.team_member_added",
            child=child,
            target=member,
            changes=changed_fields({}, _snapshot(member, fields)),
        )
        return member
    if member.child_id != child.pk:
        raise ValueError("The team member belongs to another child")
    if version is None:
        raise ValueError("A change of a team member names the version it was made from")
    changes = _versioned_update(record=member, version=version, fields=fields)
    if not changes:
        return member
    _audit(
        by=by,
        verb="child.team_member_changed",
        child=child,
        target=member,
        changes=changes,
    )
    return member


# --- Consents ----------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    child: Child,
    by: User,
    kind: str,
    granted: bool,
    given_by: TeamMember,
    given_on: date,
    notes: str = "",
    submission_token: uuid.UUID | None = None,
) -> Consent:
    """Record a carer's answer; the newest answer of each kind is the one in force.

    Raises ``AlreadySaved`` when the same form was saved before: an answer is recorded once.
    """
    if given_by.child_id != child.pk:
        raise ValueError("Consent must be answered by someone in this child's team")
    claim = claim_submission(token=submission_token, by=by)
    consent = Consent.objects.create(
        child=child, kind=kind, granted=granted, given_by=given_by, given_on=given_on, notes=notes
    )
    claim.saved(consent)
    _audit(
        by=by,
        verb="child.consent_given" if granted else "child.consent_refused",
        child=child,
        target=consent,
        changes={
            "kind": consent.get_kind_display(),
            "given_by": given_by.name,
            "given_on": given_on.isoformat(),
            **({"notes": notes} if notes else {}),
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(*, child: Child, consent: Consent, by: User, withdrawn_on: date) -> Consent:
    """Record that a given consent was withdrawn on the day; once only."""
    if consent.child_id != child.pk:
        raise ValueError("The consent belongs to another child")
    written = Consent.objects.filter(
        pk=consent.pk, granted=True, withdrawn_on__isnull=True
    ).update(withdrawn_on=withdrawn_on)
    if not written:
        return consent
    consent.withdrawn_on = withdrawn_on
    _audit(
        by=by,
        verb="child.consent_withdrawn",
        child=child,
        target=consent,
        changes={
            "kind": consent.get_kind_display(),
            "withdrawn_on": [None, withdrawn_on.isoformat()],
        },
    )
    return consent
