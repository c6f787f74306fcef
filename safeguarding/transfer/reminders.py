"""Reminder rules for safeguarding files sent on (registered with notifications.rules).

No reminder names the child or says anything of the file: the pages behind the link do,
to those who may read them. Who is told is the setting's DSLs, or its managers where it
has no DSL.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models.functions import TruncDate

from common.dates import add_working_days
from notifications.rules import (
    Due,
    dsls_by_setting,
    first_url,
    in_children,
    long_date,
    managers_by_setting,
    rule,
)
from safeguarding.models import Transfer

TRANSFER_TO_SEND = "safeguarding.transfer_to_send"
TRANSFER_DUE = "safeguarding.transfer_due"
TRANSFER_RECEIVED = "safeguarding.transfer_received"
TRANSFER_UNACKNOWLEDGED = "safeguarding.transfer_unacknowledged"
# Working days after sending by which the receiving DSL acknowledges receipt.
RECEIPT_WORKING_DAYS = 5


def _dsls_or_managers(setting_ids: set[int]) -> dict[int, list[int]]:
    """Return each setting's DSLs, or its managers where it has none (two queries at most)."""
    dsls = dsls_by_setting(setting_ids)
    people = {setting_id: list(dsls.get(setting_id, [])) for setting_id in setting_ids}
    without = {setting_id for setting_id, ids in people.items() if not ids}
    if without:
        managers = managers_by_setting(without)
        for setting_id in without:
            people[setting_id] = list(managers.get(setting_id, []))
    return people


def _send_url(transfer: dict[str, Any]) -> str:
    return first_url(
        (
            "settings:safeguarding:transfer_send",
            {"setting_slug": transfer["from_setting__slug"], "transfer_id": transfer["pk"]},
        )
    )


def _detail_url(slug: str, transfer_id: int) -> str:
    return first_url(
        (
            "settings:safeguarding:transfer_detail",
            {"setting_slug": slug, "transfer_id": transfer_id},
        )
    )


@rule(
    TRANSFER_TO_SEND,
    description="A child with safeguarding records left: their file is to be sent on",
    links=("settings:safeguarding:transfer_send",),
    alert=(
        "A child with safeguarding records has left {setting}: sign in to send their "
        "safeguarding file."
    ),
)
def transfer_to_send(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the sending setting's DSLs of each file to send, from the day it opens.

    ``services.transfer_open`` writes it at once (``notify_now``). Three queries at most.
    """
    transfers = list(
        Transfer.objects.filter(
            sent_at__isnull=True,
            from_setting__is_active=True,
            **in_children(children, "child"),
        )
        .annotate(opened_on=TruncDate("created_at"))
        .filter(opened_on__lte=today)
        .values("pk", "due_on", "from_setting_id", "from_setting__slug")
        .order_by("pk")
    )
    people = _dsls_or_managers({transfer["from_setting_id"] for transfer in transfers})
    for transfer in transfers:
        for user_id in people.get(transfer["from_setting_id"], []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"transfer-{transfer['pk']}-open",
                subject="A safeguarding file is to be sent",
                due_on=transfer["due_on"],
                url=_send_url(transfer),
                care_setting_id=transfer["from_setting_id"],
                body=(
                    f"A child with safeguarding records has left. Their safeguarding file is "
                    f"to be sent by {long_date(transfer['due_on'])}. Sign in to send it."
                ),
            )


@rule(
    TRANSFER_DUE,
    description="A leaving child's safeguarding file has not been sent by its due date",
    links=("settings:safeguarding:transfer_send",),
)
def transfer_due(today: date, *, children: Any = None) -> Iterable[Due]:
    """Remind the sending setting's DSLs of each file not sent by its due date.

    Three queries at most: the transfers, the DSLs, the managers of settings without one.
    """
    transfers = list(
        Transfer.objects.filter(
            sent_at__isnull=True,
            due_on__lt=today,
            from_setting__is_active=True,
            **in_children(children, "child"),
        )
        .values("pk", "due_on", "from_setting_id", "from_setting__slug")
        .order_by("pk")
    )
    people = _dsls_or_managers({transfer["from_setting_id"] for transfer in transfers})
    for transfer in transfers:
        url = _send_url(transfer)
        for user_id in people.get(transfer["from_setting_id"], []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"transfer-{transfer['pk']}",
                subject="A safeguarding file is waiting to be sent",
                due_on=transfer["due_on"],
                url=url,
                care_setting_id=transfer["from_setting_id"],
                body=(
                    f"A child's safeguarding file was due to be sent on "
                    f"{long_date(transfer['due_on'])}. Sign in to send it."
                ),
            )


def _sent_unacknowledged(children: Any) -> list[dict[str, Any]]:
    return list(
        Transfer.objects.filter(
            sent_at__isnull=False,
            acknowledged_at__isnull=True,
            to_setting__isnull=False,
            **in_children(children, "child"),
        )
        .annotate(sent_on=TruncDate("sent_at"))
        .values(
            "pk",
            "sent_on",
            "from_setting_id",
            "from_setting__slug",
            "from_setting__is_active",
            "to_setting_id",
            "to_setting__slug",
            "to_setting__is_active",
        )
        .order_by("pk")
    )


@rule(
    TRANSFER_RECEIVED,
    description="A safeguarding file was sent to the setting and waits for its receipt",
    links=("settings:safeguarding:transfer_detail",),
    alert="A safeguarding file has been sent to {setting}. Sign in to read it and acknowledge it.",
)
def transfer_received(today: date, *, children: Any = None) -> Iterable[Due]:
    """Tell the receiving setting's DSLs of each file sent to it and not acknowledged.

    ``services.transfer_send`` writes it at once (``notify_now``). Three queries at most.
    """
    transfers = [
        row
        for row in _sent_unacknowledged(children)
        if row["to_setting__is_active"] and row["sent_on"] <= today
    ]
    people = _dsls_or_managers({transfer["to_setting_id"] for transfer in transfers})
    for transfer in transfers:
        setting_id = transfer["to_setting_id"]
        for user_id in people.get(setting_id, []):
            yield Due(
                recipient_id=user_id,
                subject_key=f"transfer-{transfer['pk']}",
                subject="A safeguarding file has been sent to you",
                due_on=transfer["sent_on"],
                url=_detail_url(transfer["to_setting__slug"], transfer["pk"]),
                care_setting_id=setting_id,
                body=(
                    f"A child's safeguarding file was sent to your setting on "
                    f"{long_date(transfer['sent_on'])}. Sign in to read it and acknowledge "
                    "receipt."
                ),
            )


@rule(
    TRANSFER_UNACKNOWLEDGED,
    description="A safeguarding file sent five working days ago is not acknowledged",
    links=("settings:safeguarding:transfer_detail",),
)
def transfer_unacknowledged(today: date, *, children: Any = None) -> Iterable[Due]:
    """Remind both settings' DSLs of a file not acknowledged 5 working days after sending.

    The receiving DSL is asked to acknowledge it, the sending DSL to follow it up; each has
    their own reminder (their own subject key). Four queries at most.
    """
    transfers = []
    for row in _sent_unacknowledged(children):
        due_on = add_working_days(row["sent_on"], RECEIPT_WORKING_DAYS)
        if due_on <= today:
            transfers.append({**row, "due_on": due_on})
    setting_ids = {row["from_setting_id"] for row in transfers} | {
        row["to_setting_id"] for row in transfers
    }
    people = _dsls_or_managers(setting_ids)
    for transfer in transfers:
        due_on = transfer["due_on"]
        sides = (
            ("receiver", "to_setting", "Sign in to read it and acknowledge receipt."),
            ("sender", "from_setting", "Sign in to see it and follow it up."),
        )
        for side, field, ask in sides:
            if not transfer[f"{field}__is_active"]:
                continue
            setting_id = transfer[f"{field}_id"]
            for user_id in people.get(setting_id, []):
                yield Due(
                    recipient_id=user_id,
                    subject_key=f"transfer-{transfer['pk']}-{side}",
                    subject="A safeguarding file's receipt is overdue",
                    due_on=due_on,
                    url=_detail_url(transfer[f"{field}__slug"], transfer["pk"]),
                    care_setting_id=setting_id,
                    body=(
                        f"A child's safeguarding file sent on {long_date(transfer['sent_on'])} "
                        f"was not acknowledged by {long_date(due_on)}. {ask}"
                    ),
                )
