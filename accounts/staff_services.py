"""Writes for changing, deactivating and re-inviting people: keyword-only, atomic, audited.

A change names the version of the membership or LA role its editor started from; if
someone else saved in between, ``common.versioning.StaleRecord`` is raised and nothing is
written, and the same form sent twice is saved once. Deactivating someone already
deactivated writes nothing, and one render of the form to send an invitation again sends
it once however often it is posted (``common.submissions``). A
setting always keeps an active manager and an LA an active administrator: the rows of
the place are locked while that is checked, so two changes cannot each leave the other
as the last one and then both go. Nobody deactivates themselves here. A deactivated
member of staff loses access at once (the permission door reads only active roles); the
apps above are told through ``accounts.lifecycle.on_staff_left``.
"""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Model

from accounts import lifecycle
from accounts.models import (
    AdvisorAssignment,
    CareSetting,
    LaRole,
    LocalAuthority,
    Membership,
    User,
)
from accounts.permissions import la_keeps_an_admin, setting_keeps_a_manager
from accounts.staff_selectors import works_elsewhere
from accounts.tasks import send_invitation
from common.audit import audit_record, changed_fields
from common.submissions import claim_submission
from common.versioning import StaleRecord, versioned_update

STAFF_CONFLICT = (
    "Someone else changed this member of staff while you were editing. Your changes have "
    "not been saved: check what is saved now and make them again."
)
LA_ROLE_CONFLICT = (
    "Someone else changed this person's role while you were editing. Your changes have not "
    "been saved: check what is saved now and make them again."
)
NOT_YOURSELF = (
    "You cannot deactivate yourself. Ask another {who} to do it, so that someone can still "
    "manage the {place}."
)


def _readable(instance: Model, values: dict[str, Any]) -> dict[str, Any]:
    """Return the values as the audit trail shows them: labels for codes."""
    shown = {}
    for name, value in values.items():
        field = instance._meta.get_field(name)
        shown[name] = str(dict(field.flatchoices).get(value, value)) if field.choices else value
    return shown


def _rename(*, user: User, full_name: str, elsewhere: bool) -> dict[str, list[str]]:
    """Change the person's name unless it is unchanged; refuse if they work elsewhere."""
    if full_name == user.full_name:
        return {}
    if elsewhere:
        raise ValidationError(
            {"full_name": f"{user.full_name} also works elsewhere: their name is not changed here"}
        )
    before = user.full_name
    User.objects.filter(pk=user.pk).update(full_name=full_name)
    user.full_name = full_name
    return {"full_name": [before, full_name]}


def _as_saved(record: Membership | LaRole) -> Any:
    """Return the record's row as saved now, with its person: read after the place's lock."""
    return type(record)._default_manager.select_related("user").get(pk=record.pk)


def _keep(record: Membership | LaRole, saved: Membership | LaRole, names: Any) -> None:
    """Put what is saved now on the caller's instance, the person's name included."""
    for name in (*names, "is_active", "version"):
        setattr(record, name, getattr(saved, name))
    record.user.full_name = saved.user.full_name


def _lock_setting(care_setting: CareSetting) -> None:
    CareSetting.objects.select_for_update(no_key=True).filter(pk=care_setting.pk).first()


def _lock_la(local_authority: LocalAuthority) -> None:
    LocalAuthority.objects.select_for_update(no_key=True).filter(pk=local_authority.pk).first()


def _only_manager(membership: Membership) -> ValidationError:
    return ValidationError(
        f"{membership.user.full_name} is the only manager at {membership.care_setting.name}: "
        "make someone else a manager first",
        code="last_manager",
    )


def _only_admin(la_role: LaRole) -> ValidationError:
    return ValidationError(
        f"{la_role.user.full_name} is the only LA administrator at "
        f"{la_role.local_authority.name}: make someone else an LA administrator first",
        code="last_admin",
    )


# --- Staff of a setting --------------------------------------------------------------------


@transaction.atomic
def staff_update(
    *,
    by: User,
    membership: Membership,
    version: int,
    full_name: str,
    role: str,
    job_title: str = "",
    is_dsl: bool = False,
    is_senco: bool = False,
) -> dict[str, list[Any]]:
    """Change a member of staff's name, role, job title and hats; return what changed.

    Raises StaleRecord if someone else saved since ``version`` and what is saved now differs
    from what was typed, and ValidationError (keyed by form field) for someone deactivated
    meanwhile, the setting's only manager made a practitioner, or a new name for someone who
    also works elsewhere. Nothing to change (the same form sent again included): nothing
    written, nothing audited.
    """
    _lock_setting(membership.care_setting)
    saved: Membership = _as_saved(membership)
    if not saved.is_active:
        raise ValidationError(f"{saved.user.full_name} has been deactivated.")
    fields = {"role": role, "job_title": job_title, "is_dsl": is_dsl, "is_senco": is_senco}
    before = {name: getattr(saved, name) for name in fields}
    changes = changed_fields(_readable(saved, before), _readable(saved, fields))
    renaming = full_name != saved.user.full_name
    if not changes and not renaming:
        _keep(membership, saved, fields)
        return {}
    if saved.version != version:
        raise StaleRecord
    if not setting_keeps_a_manager(membership=saved, role=role, is_active=True):
        raise ValidationError({"role": _only_manager(membership)})
    renamed = _rename(
        user=saved.user,
        full_name=full_name,
        elsewhere=renaming and works_elsewhere(saved.user, membership=saved),
    )
    versioned_update(saved, version=version, fields=fields)
    _keep(membership, saved, fields)
    changes = {**renamed, **changes}
    audit_record(
        actor=by,
        verb="staff.updated",
        target=membership,
        care_setting=membership.care_setting,
        changes=changes,
    )
    return changes


@transaction.atomic
def staff_deactivate(*, by: User, membership: Membership, reason: str) -> bool:
    """Take away the person's access to the setting at once, and end their allocations.

    Return False, writing nothing, when they already were deactivated (the same form sent
    twice, or someone else first). Refused (ValidationError) for oneself and for the
    setting's only manager. Apps above act on ``on_staff_left`` in this transaction: the
    key-person app ends every allocation the person holds, as the staff-leaving page does.
    """
    if membership.user_id == by.pk:
        raise ValidationError(NOT_YOURSELF.format(who="manager", place="setting"))
    _lock_setting(membership.care_setting)
    saved: Membership = _as_saved(membership)
    if not saved.is_active:
        _keep(membership, saved, ())
        return False
    if not setting_keeps_a_manager(membership=saved, role=saved.role, is_active=False):
        raise _only_manager(membership)
    Membership.objects.filter(pk=saved.pk).update(is_active=False, version=F("version") + 1)
    membership.is_active = False
    membership.version = saved.version + 1
    audit_record(
        actor=by,
        verb="staff.deactivated",
        target=membership,
        care_setting=membership.care_setting,
        changes={"is_active": [True, False], "reason": reason},
    )
    lifecycle.on_staff_left.fire(membership=membership, by=by, reason=reason)
    return True


def _never_signed_in(user: User) -> None:
    if user.last_login is not None:
        raise ValidationError(
            f"{user.full_name} has already signed in: if they have forgotten their password, "
            "they can ask for a new one from the sign-in page."
        )


@transaction.atomic
def staff_invitation_resend(
    *, by: User, membership: Membership, submission_token: uuid.UUID | None = None
) -> None:
    """E-mail the invitation again, with a new link to choose a password, once committed.

    Only for an active member of staff who has not signed in yet. The same render of the
    form sent again raises ``AlreadySaved`` and sends nothing more.
    """
    claim_submission(token=submission_token, by=by)
    if not membership.is_active:
        raise ValidationError(f"{membership.user.full_name} has been deactivated.")
    _never_signed_in(membership.user)
    audit_record(
        actor=by,
        verb="staff.invitation_resent",
        target=membership,
        care_setting=membership.care_setting,
        changes={"email": membership.user.email},
    )
    _send_again(
        by=by, user=membership.user, place=membership.care_setting.name, role=membership.role_label
    )


def _send_again(*, by: User, user: User, place: str, role: str) -> None:
    user_id, by_id = user.pk, by.pk
    transaction.on_commit(
        lambda: send_invitation.delay(
            user_id=user_id,
            invited_by_id=by_id,
            place=place,
            role=role,
            is_new=True,
            set_password=True,
        )
    )


# --- People at the LA ------------------------------------------------------------------------


@transaction.atomic
def la_role_update(
    *, by: User, la_role: LaRole, version: int, full_name: str, role: str
) -> dict[str, list[Any]]:
    """Change the person's name and their role at the LA; return what changed.

    Raises StaleRecord if someone else saved since ``version`` and what is saved now differs
    from what was typed, and ValidationError (keyed by form field) for a role deactivated
    meanwhile, the LA's only administrator given another role, a role the person already
    holds here, or a new name for someone who also works elsewhere. An improvement advisor
    given another role no longer supports any setting. Nothing to change: nothing written.
    """
    _lock_la(la_role.local_authority)
    saved: LaRole = _as_saved(la_role)
    if not saved.is_active:
        raise ValidationError(f"{saved.user.full_name}'s role has been deactivated.")
    fields = {"role": role}
    changes = changed_fields(
        _readable(saved, {"role": saved.role}), _readable(saved, {"role": role})
    )
    renaming = full_name != saved.user.full_name
    if not changes and not renaming:
        _keep(la_role, saved, fields)
        return {}
    if saved.version != version:
        raise StaleRecord
    if not la_keeps_an_admin(la_role=saved, role=role, is_active=True):
        raise ValidationError({"role": _only_admin(la_role)})
    taken = f"{saved.user.full_name} already has that role at this local authority"
    if (
        role != saved.role
        and LaRole.objects.filter(
            user_id=saved.user_id, local_authority_id=saved.local_authority_id, role=role
        ).exists()
    ):
        raise ValidationError({"role": taken})
    renamed = _rename(
        user=saved.user,
        full_name=full_name,
        elsewhere=renaming and works_elsewhere(saved.user, la_role=saved),
    )
    was_advisor = saved.role == LaRole.Role.IMPROVEMENT_ADVISOR
    try:
        with transaction.atomic():
            versioned_update(saved, version=version, fields=fields)
    except IntegrityError:
        raise ValidationError({"role": taken}) from None
    _keep(la_role, saved, fields)
    changes = {**renamed, **changes}
    if was_advisor and role != LaRole.Role.IMPROVEMENT_ADVISOR:
        assignments = AdvisorAssignment.objects.filter(la_role=la_role)
        supported = sorted(assignments.values_list("care_setting__name", flat=True))
        if supported:
            assignments.delete()
            changes["settings_supported"] = [supported, []]
    audit_record(
        actor=by,
        verb="la_role.updated",
        target=la_role,
        local_authority=la_role.local_authority,
        changes=changes,
    )
    return changes


@transaction.atomic
def la_role_deactivate(*, by: User, la_role: LaRole, reason: str) -> bool:
    """Take the role away at once; False, writing nothing, if it already was taken away.

    Refused (ValidationError) for oneself and for the LA's only administrator.
    """
    if la_role.user_id == by.pk:
        raise ValidationError(NOT_YOURSELF.format(who="LA administrator", place="local authority"))
    _lock_la(la_role.local_authority)
    saved: LaRole = _as_saved(la_role)
    if not saved.is_active:
        _keep(la_role, saved, ())
        return False
    if not la_keeps_an_admin(la_role=saved, role=saved.role, is_active=False):
        raise _only_admin(la_role)
    LaRole.objects.filter(pk=saved.pk).update(is_active=False, version=F("version") + 1)
    la_role.is_active = False
    la_role.version = saved.version + 1
    audit_record(
        actor=by,
        verb="la_role.deactivated",
        target=la_role,
        local_authority=la_role.local_authority,
        changes={"is_active": [True, False], "reason": reason},
    )
    return True


@transaction.atomic
def la_invitation_resend(
    *, by: User, la_role: LaRole, submission_token: uuid.UUID | None = None
) -> None:
    """E-mail the invitation again, with a new link to choose a password, once committed.

    The same render of the form sent again raises ``AlreadySaved`` and sends nothing more.
    """
    claim_submission(token=submission_token, by=by)
    if not la_role.is_active:
        raise ValidationError(f"{la_role.user.full_name}'s role has been deactivated.")
    _never_signed_in(la_role.user)
    audit_record(
        actor=by,
        verb="la_role.invitation_resent",
        target=la_role,
        local_authority=la_role.local_authority,
        changes={"email": la_role.user.email},
    )
    _send_again(
        by=by,
        user=la_role.user,
        place=la_role.local_authority.name,
        role=la_role.get_role_display(),
    )
