"""The safeguarding file: what the sending setting knows, for the receiving setting's DSL.

Built from the sending setting's own records (``from_setting``), whatever the child's
setting is now: the status with its tasks, every concern with its body map and the DSL's
log, the chronology, agency visits and information shared. What another agency shared
without agreeing to onward sharing keeps only its date and agency. Allegations against
staff are not about the child and are never part of it.

A fixed number of queries, whatever the number of records (see ``file_context``).
"""

from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from common.pdf import PDF_UA, render_pdf
from safeguarding.chronology.build import WITHHELD, chronology_for
from safeguarding.models import (
    AgencyVisit,
    Concern,
    ConcernAction,
    InformationShare,
    SafeguardingStatus,
    StatusTask,
    Transfer,
)

TEMPLATE = "pdf/safeguarding_file.html"
MARKING = "OFFICIAL-SENSITIVE — for the receiving DSL only"


def _name(user: Any) -> str:
    if user is None:
        return "Someone no longer on the portal"
    return user.full_name or user.email


def destination_of(transfer: Transfer) -> str:
    """Return where the file goes: the receiving setting's name, or the destination typed."""
    return transfer.to_setting.name if transfer.to_setting_id else transfer.destination


def file_context(transfer: Transfer, *, sent_by: Any, sent_at: Any) -> dict[str, Any]:
    """Return the context of the file's template.

    ``transfer`` comes with its child, from_setting and to_setting loaded. Queries: the
    statuses, their tasks (with owners), the concerns (with who raised, reviewed and closed
    them), their marks, their actions (with who took them), the visits, the information
    shared, and the chronology's own fixed number.
    """
    child = transfer.child
    here = transfer.from_setting
    statuses = list(
        SafeguardingStatus.objects.filter(care_setting=here, child=child)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch("tasks", queryset=StatusTask.objects.select_related("owner", "done_by"))
        )
    )
    concerns = list(
        Concern.objects.filter(care_setting=here, child=child)
        .select_related("raised_by", "acknowledged_by", "outcome_by")
        .prefetch_related(
            "marks",
            Prefetch("actions", queryset=ConcernAction.objects.select_related("by")),
        )
        .order_by("raised_at", "pk")
    )
    visits = list(
        AgencyVisit.objects.filter(care_setting=here, child=child)
        .select_related("supervised_by")
        .order_by("arrived_at", "pk")
    )
    shares = [
        {
            "record": share,
            "what": share.what if share.may_share_onward else WITHHELD,
            "withheld": not share.may_share_onward,
        }
        for share in InformationShare.objects.filter(care_setting=here, child=child)
        .select_related("recorded_by")
        .order_by("shared_on", "pk")
    ]
    chronology = chronology_for(care_setting=here, child=child, onward=True)
    moment = sent_at or timezone.now()
    return {
        "title": f"Safeguarding file: {child.first_name} {child.last_name}",
        "marking": MARKING,
        "transfer": transfer,
        "child": child,
        "from_name": here.name,
        "to_name": destination_of(transfer),
        "sent_by": _name(sent_by),
        "sent_on": timezone.localdate(moment),
        "fixed_moment": moment.replace(microsecond=0).isoformat(),
        "current_statuses": [status for status in statuses if status.ended_on is None],
        "past_statuses": [status for status in statuses if status.ended_on is not None],
        "concerns": concerns,
        "chronology": chronology,
        "visits": visits,
        "shares": shares,
    }


def file_render(transfer: Transfer, *, sent_by: Any, sent_at: Any) -> bytes:
    """Return the safeguarding file as a tagged (PDF/UA-1) A4 PDF."""
    context = file_context(transfer, sent_by=sent_by, sent_at=sent_at)
    return render_pdf(template=TEMPLATE, context=context, variant=PDF_UA)
