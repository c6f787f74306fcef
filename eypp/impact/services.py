"""Writes of an approved plan's impact review: saved as a draft, then recorded once.

A review is written by the setting (EDIT_EYPP) on an approved plan, from the day it is
approved (a plan may be reviewed early when its work is done). Saving keeps a draft;
"Record the review" completes it (``completed_at``/``completed_by``): a recorded review is
final and read-only, shown on the plan page and in its PDF, and feeds the next plan and
PEP. Every save carries the version the form was rendered at (StaleRecord when someone
saved in between); the plan's row is locked while writing, so two first saves of the same
review never make two.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.audit import audit_record
from common.versioning import StaleRecord, versioned_update
from eypp.models import ActionPlan, ImpactReview, LineOutcome, PlanLine


class ReviewRecorded(Exception):
    """The review was recorded already: it is final."""


def plan_la(plan: ActionPlan) -> Any:
    """Return the LA an event of the plan belongs to: the responsible LA of a child in care."""
    return plan.child.responsible_la or plan.care_setting.local_authority


def holds_all(
    review: ImpactReview,
    outcomes: dict[int, tuple[str, Decimal, str]],
    observation_ids: list[int],
    judgement_ids: list[int],
) -> bool:
    """Return whether the saved review's outcomes and evidence are exactly these."""
    saved = {
        line_id: (outcome, spent, notes)
        for line_id, outcome, spent, notes in LineOutcome.objects.filter(
            review=review
        ).values_list("line_id", "outcome", "spent", "notes")
    }
    return (
        saved == outcomes
        and sorted(review.observations.values_list("pk", flat=True)) == sorted(observation_ids)
        and sorted(review.judgements.values_list("pk", flat=True)) == sorted(judgement_ids)
    )


@transaction.atomic
def review_save(
    *,
    plan: ActionPlan,
    by: Any,
    version: int,
    outcomes: dict[int, tuple[str, Decimal, str]],
    summary: str,
    next_steps: str,
    observation_ids: list[int],
    judgement_ids: list[int],
    complete: bool = False,
) -> ImpactReview:
    """Save the plan's impact review (a draft), or record it when ``complete``.

    ``version`` is the review's version the form was rendered at (0 when there was none
    yet). ``outcomes`` maps a line of the plan to its (outcome, spent, notes); lines not
    named have no outcome yet. The observation and judgement ids were chosen from the
    evidence of the plan's period (the form offers no others). Raises ValidationError for
    a plan that is not approved, ReviewRecorded once recorded, StaleRecord on a conflict.
    """
    locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != ActionPlan.Status.APPROVED:
        raise ValidationError("Only an approved plan's impact can be reviewed.")
    line_ids = set(PlanLine.objects.filter(plan=locked).values_list("pk", flat=True))
    if complete and set(outcomes) != line_ids:
        raise ValidationError("Give every need its outcome and what was spent.")
    review = ImpactReview.objects.filter(plan=locked).first()
    now = timezone.now()
    fields: dict[str, Any] = {"summary": summary, "next_steps": next_steps}
    if complete:
        fields.update(completed_at=now, completed_by=by)
    if review is None:
        if version != 0:
            raise StaleRecord
        review = ImpactReview.objects.create(plan=locked, updated_at=now, **fields)
    else:
        if review.completed_at is not None:
            raise ReviewRecorded
        if not versioned_update(review, version=version, fields=fields):
            # Saved by someone else in between: the same form sent twice changes nothing;
            # anything else is a conflict.
            if holds_all(review, outcomes, observation_ids, judgement_ids):
                return review
            raise StaleRecord
        ImpactReview.objects.filter(pk=review.pk).update(updated_at=now)
    LineOutcome.objects.filter(review=review).exclude(line_id__in=list(outcomes)).delete()
    for line_id, (outcome, spent, notes) in outcomes.items():
        if line_id not in line_ids:
            raise ValidationError("Give outcomes only for the needs of this plan.")
        LineOutcome.objects.update_or_create(
            line_id=line_id,
            defaults={"review": review, "outcome": outcome, "spent": spent, "notes": notes},
        )
    review.observations.set(observation_ids)
    review.judgements.set(judgement_ids)
    audit_record(
        actor=by,
        verb="eypp.impact_recorded" if complete else "eypp.impact_saved",
        target=locked,
        subject=plan.child,
        care_setting=plan.care_setting,
        local_authority=plan_la(plan),
        changes={
            "lines": len(outcomes),
            "spent": str(sum((spent for _, spent, _ in outcomes.values()), Decimal(0))),
            "observations": len(observation_ids),
            "judgements": len(judgement_ids),
        },
        restricted_to="view_eypp",
    )
    return review
