"""Reminder rules of the strategy action plan (gathered by quality/reminders.py at start-up).

- ``quality.commitment_past_timescale``: a commitment whose date has passed and that is
  neither complete nor deferred. Its named leads (those with an active role at the LA) are
  told; a commitment with none is for the LA administrators. Dated the commitment's
  timescale, so a new date makes a new reminder once that one passes too.

Three queries, whatever the number of commitments: the commitments, their leads, the
LA administrators.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Exists, OuterRef

from accounts.models import LaRole
from accounts.permissions import Action, la_people_who_can
from notifications.rules import Due, first_url, long_date, rule
from quality.models import StrategyCommitment

PAST_TIMESCALE = "quality.commitment_past_timescale"
Status = StrategyCommitment.Status
FINISHED = (Status.COMPLETE, Status.DEFERRED)


def _leads(commitment_ids: list[int]) -> dict[int, list[int]]:
    """Return ``{commitment_id: [user_id, ...]}`` of leads active at its LA (one query)."""
    through = StrategyCommitment.leads.through
    rows = (
        through.objects.filter(strategycommitment_id__in=commitment_ids, user__is_active=True)
        .filter(
            Exists(
                LaRole.objects.filter(
                    user=OuterRef("user_id"),
                    local_authority=OuterRef("strategycommitment__local_authority_id"),
                    is_active=True,
                )
            )
        )
        .values_list("strategycommitment_id", "user_id")
        .order_by("strategycommitment_id", "user_id")
    )
    leads: dict[int, list[int]] = defaultdict(list)
    for commitment_id, user_id in rows:
        leads[commitment_id].append(user_id)
    return leads


@rule(
    PAST_TIMESCALE,
    description="A strategy commitment is past its timescale and not complete",
    links=("la_quality:commitment_detail",),
)
def commitment_past_timescale(today: date) -> Iterable[Due]:
    """Tell each commitment's leads (else the LA administrators) once its date has passed."""
    rows = list(
        StrategyCommitment.objects.filter(timescale__lt=today)
        .exclude(status__in=FINISHED)
        .values("pk", "reference", "timescale", "local_authority_id", "local_authority__slug")
        .order_by("timescale", "pk")
    )
    if not rows:
        return
    leads = _leads([row["pk"] for row in rows])
    admins = la_people_who_can(
        Action.EDIT_STRATEGY, local_authority_ids={row["local_authority_id"] for row in rows}
    )
    for row in rows:
        url = first_url(
            (
                "la_quality:commitment_detail",
                {"la_slug": row["local_authority__slug"], "commitment_id": row["pk"]},
            )
        )
        people = leads.get(row["pk"]) or admins.get(row["local_authority_id"], [])
        for user_id in people:
            yield Due(
                recipient_id=user_id,
                subject_key=f"strategy-commitment-{row['pk']}",
                subject=f"Strategy commitment {row['reference']} is past its timescale",
                due_on=row["timescale"],
                url=url,
                body=(
                    f"Commitment {row['reference']} of the early years strategy action plan "
                    f"was to be done by {long_date(row['timescale'])}. Sign in to add a "
                    "progress update, or change its timescale or status."
                ),
            )
