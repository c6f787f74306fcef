"""Reads of safeguarding file transfers, through the door's ``transfer_q``: 404 otherwise.

A transfer is the sending setting's from the moment it is opened, and the receiving
setting's once it is sent; before that, nothing at the receiving setting says it exists.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from accounts.permissions import Access, Action, require, transfer_q
from safeguarding.models import Transfer


def transfers_in_scope(access: Access) -> QuerySet[Transfer]:
    return Transfer.objects.filter(transfer_q(access))


def transfer_get_for(
    access: Access, transfer_id: int, action: Action = Action.VIEW_CONCERNS
) -> Transfer:
    """Return one transfer the access may read and do ``action`` on, else 404."""
    require(access, action)
    transfer = (
        transfers_in_scope(access)
        .select_related("child", "from_setting", "to_setting", "sent_by", "acknowledged_by")
        .filter(pk=transfer_id)
        .first()
    )
    if transfer is None:
        raise Http404
    return transfer


def outgoing_get_for(access: Access, transfer_id: int, action: Action) -> Transfer:
    """Return one of the setting's own transfers (the sending side), else 404."""
    transfer = transfer_get_for(access, transfer_id, action)
    if transfer.from_setting_id != access.care_setting.pk:
        raise Http404
    return transfer


def incoming_get_for(access: Access, transfer_id: int, action: Action) -> Transfer:
    """Return a transfer sent to the setting (the receiving side), else 404."""
    transfer = transfer_get_for(access, transfer_id, action)
    if transfer.to_setting_id != access.care_setting.pk:
        raise Http404
    return transfer


def transfer_lists(access: Access, *, today: Any) -> dict[str, list[Transfer]]:
    """Return the setting's transfers in the list page's groups, in one query.

    To send (unsent, soonest due first, overdue marked), sent and waiting for receipt,
    received here and waiting for this setting's receipt, and the history.
    """
    require(access, Action.VIEW_CONCERNS)
    here = access.care_setting.pk
    groups: dict[str, list[Transfer]] = {
        "to_send": [],
        "awaiting_receipt": [],
        "incoming": [],
        "history": [],
    }
    transfers = (
        transfers_in_scope(access)
        .select_related("child", "from_setting", "to_setting", "sent_by", "acknowledged_by")
        .defer("pdf")
        .order_by("due_on", "pk")
    )
    for transfer in transfers:
        transfer.overdue = transfer.sent_at is None and transfer.due_on < today
        outgoing = transfer.from_setting_id == here
        if outgoing and transfer.sent_at is None:
            groups["to_send"].append(transfer)
        elif transfer.acknowledged_at is None and transfer.on_portal:
            groups["awaiting_receipt" if outgoing else "incoming"].append(transfer)
        else:
            groups["history"].append(transfer)
    groups["history"].sort(key=lambda transfer: transfer.sent_at, reverse=True)
    return groups
