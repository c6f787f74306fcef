"""Writes for settings, staff and LA roles: keyword-only, atomic, audited.

Two people may send the same invitation or add the same setting at the same moment: the
unique indexes (e-mail, role, Ofsted URN, address) settle it, and the second is refused
with the message a form check would have given a moment later, never a database error.
"""

import uuid
from collections.abc import Iterator

from axes.utils import reset as axes_reset
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from accounts.models import (
    AdvisorAssignment,
    CareSetting,
    LaRole,
    LocalAuthority,
    Membership,
    User,
)
from accounts.tasks import send_invitation
from common.audit import audit_record, changed_fields
from common.submissions import claim_submission
from common.versioning import holds, versioned_update

ALREADY_STAFF = "This person is already a member of staff at this setting"
ALREADY_HOLDS_ROLE = "This person already has that role at this local authority"
URN_TAKEN = "A setting with this Ofsted URN is already on the portal"


def _free_slugs(name: str) -> Iterator[str]:
    """Yield the addresses a setting of this name may have that nobody has taken yet."""
    base = slugify(name)[:70] or "setting"
    n = 1
    while True:
        slug = base if n == 1 else f"{base}-{n}"
        if not CareSetting.objects.filter(slug=slug).exists():
            yield slug
        n += 1


@transaction.atomic
def care_setting_create(
    *,
    by: User,
    local_authority: LocalAuthority,
    submission_token: uuid.UUID | None = None,
    **fields: object,
) -> CareSetting:
    """Add a care setting to the local authority, at an address (slug) of its own.

    Raises ValidationError on ``ofsted_urn`` when the URN is already on the portal, also
    when another setting with it was added at the same moment.
    """
    claim = claim_submission(token=submission_token, by=by)
    for slug in _free_slugs(str(fields["name"])):
        try:
            # A savepoint: a setting added at the same moment may take the URN or address.
            with transaction.atomic():
                care_setting = CareSetting.objects.create(
                    local_authority=local_authority, slug=slug, **fields
                )
            break
        except IntegrityError:
            if CareSetting.objects.filter(ofsted_urn=fields["ofsted_urn"]).exists():
                raise ValidationError({"ofsted_urn": URN_TAKEN}) from None
            if not CareSetting.objects.filter(slug=slug).exists():
                raise
    claim.saved(care_setting)
    audit_record(
        actor=by,
        verb="setting.created",
        target=care_setting,
        care_setting=care_setting,
        local_authority=local_authority,
        changes={name: str(value) for name, value in fields.items()},
    )
    return care_setting


def _user_for_invitation(*, email: str, full_name: str) -> tuple[User, bool]:
    """Return the account with this e-mail, creating it if new (and whether it is new)."""
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    try:
        # A savepoint: the same person may be invited elsewhere at the same moment.
        with transaction.atomic():
            return User.objects.create_user(email=email, full_name=full_name), True
    except IntegrityError:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise
        return user, False


@transaction.atomic
def staff_invite(
    *,
    by: User,
    care_setting: CareSetting,
    full_name: str,
    email: str,
    role: str,
    job_title: str = "",
    is_dsl: bool = False,
    is_senco: bool = False,
    submission_token: uuid.UUID | None = None,
) -> Membership:
    """Give a person a role at the setting, creating their account if new, and e-mail them.

    Someone who left the setting and comes back has their membership made active again.
    Raises ValidationError on ``email`` when they already are a member of staff here, also
    when another invitation of theirs was saved at the same moment.
    """
    claim = claim_submission(token=submission_token, by=by)
    user, is_new = _user_for_invitation(email=email, full_name=full_name)
    values = {
        "role": role,
        "job_title": job_title,
        "is_dsl": is_dsl,
        "is_senco": is_senco,
        "is_active": True,
    }
    membership = (
        Membership.objects.select_for_update().filter(user=user, care_setting=care_setting).first()
    )
    if membership is None:
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    user=user, care_setting=care_setting, **values
                )
        except IntegrityError:
            raise ValidationError({"email": ALREADY_STAFF}) from None
    elif membership.is_active:
        raise ValidationError({"email": ALREADY_STAFF})
    else:
        for name, value in values.items():
            setattr(membership, name, value)
        membership.save(update_fields=list(values))
    claim.saved(membership)
    audit_record(
        actor=by,
        verb="staff.invited",
        target=membership,
        care_setting=care_setting,
        changes={"email": email, "role": role, "is_dsl": is_dsl, "is_senco": is_senco},
    )
    place, role_label = care_setting.name, membership.role_label
    transaction.on_commit(
        lambda: send_invitation.delay(
            user_id=user.pk, invited_by_id=by.pk, place=place, role=role_label, is_new=is_new
        )
    )
    return membership


@transaction.atomic
def la_staff_invite(
    *,
    by: User,
    local_authority: LocalAuthority,
    full_name: str,
    email: str,
    role: str,
    submission_token: uuid.UUID | None = None,
) -> LaRole:
    """Give a person a role at the local authority, creating their account if new.

    Raises ValidationError on ``email`` when they already hold the role there, also when
    another invitation of theirs to it was saved at the same moment.
    """
    claim = claim_submission(token=submission_token, by=by)
    user, is_new = _user_for_invitation(email=email, full_name=full_name)
    try:
        with transaction.atomic():
            la_role = LaRole.objects.create(user=user, local_authority=local_authority, role=role)
    except IntegrityError:
        raise ValidationError({"email": ALREADY_HOLDS_ROLE}) from None
    claim.saved(la_role)
    audit_record(
        actor=by,
        verb="la_role.invited",
        target=la_role,
        local_authority=local_authority,
        changes={"email": email, "role": role},
    )
    place, role_label = local_authority.name, la_role.get_role_display()
    transaction.on_commit(
        lambda: send_invitation.delay(
            user_id=user.pk, invited_by_id=by.pk, place=place, role=role_label, is_new=is_new
        )
    )
    return la_role


@transaction.atomic
def advisor_assign(*, by: User, care_setting: CareSetting, la_role: LaRole) -> AdvisorAssignment:
    """Make the improvement advisor one who supports the setting (idempotent)."""
    if la_role.local_authority_id != care_setting.local_authority_id:
        raise ValueError("An advisor supports only settings of their own local authority")
    assignment, created = AdvisorAssignment.objects.get_or_create(
        la_role=la_role, care_setting=care_setting
    )
    if created:
        audit_record(
            actor=by,
            verb="advisor.assigned",
            target=assignment,
            care_setting=care_setting,
            local_authority=care_setting.local_authority,
            changes={"advisor": la_role.user.email},
        )
    return assignment


def password_chosen(*, user: User, verb: str) -> None:
    """Record a new password and lift any sign-in lockout on the account."""
    axes_reset(username=user.email)
    audit_record(actor=user, verb=verb, target=user)


@transaction.atomic
def la_policy_update(
    *, by: User, local_authority: LocalAuthority, version: int, **fields: object
) -> None:
    """Change the LA's PEP and reminder policy, keeping the old values in the audit trail.

    Raises ``StaleRecord`` (and writes nothing) if someone else saved the policy since
    ``version``, the version the editor's form was rendered at.
    """
    # Read the stored values, locked: a bound ModelForm may have changed the instance.
    current = LocalAuthority.objects.select_for_update().get(pk=local_authority.pk)
    before = {name: getattr(current, name) for name in fields}
    if current.version == version and holds(current, fields):
        return
    if not versioned_update(current, version=version, fields=fields):
        return
    for name in (*fields, "version"):
        setattr(local_authority, name, getattr(current, name))
    changes = changed_fields(before, fields)
    if changes:
        audit_record(
            actor=by,
            verb="la.policy_changed",
            target=local_authority,
            local_authority=local_authority,
            changes=changes,
        )
