"""Writes for settings, staff and LA roles: keyword-only, atomic, audited."""

from axes.utils import reset as axes_reset
from django.db import transaction
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


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "setting"
    slug, n = base, 2
    while CareSetting.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def care_setting_create(
    *, by: User, local_authority: LocalAuthority, **fields: object
) -> CareSetting:
    """Add a care setting to the local authority."""
    care_setting = CareSetting.objects.create(
        local_authority=local_authority, slug=_unique_slug(str(fields["name"])), **fields
    )
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
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    return User.objects.create_user(email=email, full_name=full_name), True


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
) -> Membership:
    """Give a person a role at the setting, creating their account if new, and e-mail them.

    Someone who left the setting and comes back has their membership made active again.
    """
    user, is_new = _user_for_invitation(email=email, full_name=full_name)
    membership, _created = Membership.objects.update_or_create(
        user=user,
        care_setting=care_setting,
        defaults={
            "role": role,
            "job_title": job_title,
            "is_dsl": is_dsl,
            "is_senco": is_senco,
            "is_active": True,
        },
    )
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
    *, by: User, local_authority: LocalAuthority, full_name: str, email: str, role: str
) -> LaRole:
    """Give a person a role at the local authority, creating their account if new."""
    user, is_new = _user_for_invitation(email=email, full_name=full_name)
    la_role = LaRole.objects.create(user=user, local_authority=local_authority, role=role)
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
def la_policy_update(*, by: User, local_authority: LocalAuthority, **fields: object) -> None:
    """Change the LA's PEP and reminder policy, keeping the old values in the audit trail."""
    # Read the stored values: a bound ModelForm has already changed the instance in memory.
    before = (
        LocalAuthority.objects.select_for_update()
        .filter(pk=local_authority.pk)
        .values(*fields)
        .get()
    )
    for name, value in fields.items():
        setattr(local_authority, name, value)
    local_authority.save(update_fields=list(fields))
    changes = changed_fields(before, fields)
    if changes:
        audit_record(
            actor=by,
            verb="la.policy_changed",
            target=local_authority,
            local_authority=local_authority,
            changes=changes,
        )
