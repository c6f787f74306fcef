"""Writes of the EYPP and DAF rates: an LA administrator's own rows per financial year.

Changing a national year makes the LA's own row for it (which then wins for the LA's
children); changing the LA's row is version-checked; a year nobody has rates for yet is
added the same way. Every write is audited.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import LocalAuthority, User
from common.audit import audit_record
from common.versioning import StaleRecord, versioned_update
from eypp.models import FundingYear

# The version a form carries when the LA had no row of its own for the year.
NO_OWN_ROW = 0
FIELDS = (
    "hourly_rate",
    "rate_confirmed",
    "annual_hours",
    "weekly_hours",
    "daf_amount",
    "daf_confirmed",
    "note",
)


@transaction.atomic
def rate_save(
    *,
    local_authority: LocalAuthority,
    starts_in: int,
    by: User,
    version: int,
    hourly_rate: Decimal,
    rate_confirmed: bool,
    annual_hours: int,
    weekly_hours: int,
    daf_amount: Decimal | None,
    daf_confirmed: bool,
    note: str,
) -> FundingYear:
    """Save the LA's rates for the year; StaleRecord if its row changed since ``version``.

    ``version`` is ``NO_OWN_ROW`` when the form was rendered without an LA row: if one has
    appeared since (someone else saved), that is a conflict too.
    """
    values = {
        "hourly_rate": hourly_rate,
        "rate_confirmed": rate_confirmed,
        "annual_hours": annual_hours,
        "weekly_hours": weekly_hours,
        "daf_amount": daf_amount,
        "daf_confirmed": daf_confirmed,
        "note": note,
    }
    own = (
        FundingYear.objects.select_for_update()
        .filter(local_authority=local_authority, starts_in=starts_in)
        .first()
    )
    if own is None:
        if version != NO_OWN_ROW:
            raise StaleRecord
        try:
            with transaction.atomic():
                own = FundingYear.objects.create(
                    local_authority=local_authority,
                    starts_in=starts_in,
                    updated_by=by,
                    **values,
                )
        except IntegrityError:
            raise StaleRecord from None
        changes = {name: str(value) for name, value in values.items()}
        verb = "eypp.rates_added"
    else:
        before = {name: getattr(own, name) for name in FIELDS}
        if not versioned_update(own, version=version, fields=values):
            return own  # the same form sent twice: saved once
        own.updated_by, own.updated_at = by, timezone.now()
        FundingYear.objects.filter(pk=own.pk).update(updated_by=by, updated_at=own.updated_at)
        changes = {
            name: [str(before[name]), str(value)]
            for name, value in values.items()
            if before[name] != value
        }
        verb = "eypp.rates_changed"
    audit_record(
        actor=by,
        verb=verb,
        target=own,
        local_authority=local_authority,
        changes={"year": own.label, **changes},
        restricted_to="view_eypp",
    )
    return own
