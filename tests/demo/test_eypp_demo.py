"""The demo's EYPP: grounds on each basis, plans in every state, a roll-up with figures."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.permissions import la_access_for
from children.models import Child
from common import dates
from eypp import rules
from eypp.models import ActionPlan, Basis, DafAward, Eligibility, ImpactReview, PlanLine
from eypp.review.selectors import rollup

pytestmark = pytest.mark.django_db
Status = ActionPlan.Status


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=StringIO())


def eypp_counts() -> dict[str, list]:
    return {
        "grounds": list(Eligibility.objects.order_by("pk").values_list("pk", "version")),
        "plans": list(ActionPlan.objects.order_by("pk").values_list("pk", "status", "version")),
        "lines": list(PlanLine.objects.order_by("pk").values_list("pk", "cost")),
        "reviews": list(ImpactReview.objects.order_by("pk").values_list("pk", "version")),
        "daf": list(DafAward.objects.order_by("pk").values_list("pk", "version")),
        "awards": list(Child.objects.order_by("pk").values_list("pk", "eypp_basis")),
    }


def test_children_are_eligible_on_each_basis_with_evidence_and_funded_once(seeded):
    today = dates.today()
    for basis in Basis.values:
        assert Child.objects.filter(eypp_basis=basis).exists(), basis
    economic = Eligibility.objects.filter(basis=Basis.ECONOMIC)
    assert economic.exclude(evidence__icontains="Eligibility Checking Service").count() == 0
    left_care = Eligibility.objects.filter(basis=Basis.LEFT_CARE)
    assert left_care.filter(evidence__icontains="adoption order").exists()
    assert left_care.filter(evidence__icontains="special guardianship order").exists()
    # Every looked-after child on roll has the ground that follows the record.
    in_care = Child.objects.looked_after().filter(leave_date__isnull=True)
    assert not in_care.exclude(
        eypp_grounds__basis=Basis.LOOKED_AFTER, eypp_grounds__source="child_record"
    ).exists()
    # Only children the age and entitlement rules allow are funded.
    for child in Child.objects.exclude(eypp_basis=""):
        assert not rules.age_refusal(child.date_of_birth, child.funded_entitlement, on=today)
    two = [
        child
        for child in Child.objects.filter(eypp_grounds__isnull=False).distinct()
        if child.eypp_grounds.count() == 2
    ]
    assert len(two) == 1
    assert two[0].eypp_basis == Basis.LEFT_CARE  # funded once, on one basis
    daf = DafAward.objects.get()
    assert daf.care_setting.slug == "acorn-day-nursery"
    assert "Disability Living Allowance" in daf.evidence
    assert daf.amount_confirmed


def test_there_is_a_plan_in_every_state(seeded):
    plans = ActionPlan.objects.select_related("child", "care_setting")

    assert set(plans.values_list("status", flat=True)) == set(Status.values)
    draft = plans.get(status=Status.DRAFT)
    assert draft.child.key_person.email == "keyperson@demo.test"
    submitted = plans.filter(status=Status.SUBMITTED)
    assert submitted.filter(child__looked_after_status="looked_after", allocation=None).exists()
    assert (
        submitted.filter(
            care_setting__advisor_assignments__la_role__user__email="advisor@demo.test"
        )
        .exclude(child__looked_after_status="looked_after")
        .exists()
    )
    assert plans.get(status=Status.RETURNED).returned_reason
    approved_in_care = plans.filter(
        status=Status.APPROVED, child__looked_after_status="looked_after"
    )
    assert approved_in_care.filter(allocation_source="la", allocation__gt=0).exists()
    assert PlanLine.objects.filter(plan__in=approved_in_care, pep_target__isnull=False).exists()
    for line in PlanLine.objects.filter(pep_target__isnull=False).select_related(
        "plan", "pep_target__pep"
    ):
        assert line.pep_target.pep.child_id == line.plan.child_id
    for plan in plans:
        assert plan.lines.exists()
        total = sum(line.cost for line in plan.lines.all())
        if plan.allocation is not None:
            assert total <= plan.allocation


def test_a_superseded_plan_has_its_approved_successor_with_the_reason(seeded):
    old = ActionPlan.objects.get(status=Status.SUPERSEDED)
    new = ActionPlan.objects.get(previous=old)

    assert new.status == Status.APPROVED
    assert new.number == old.number + 1
    assert new.change_reason
    assert old.checksum and new.checksum and old.checksum != new.checksum


def test_last_terms_plan_has_its_impact_review_recorded_with_evidence(seeded):
    today = dates.today()
    recorded = ImpactReview.objects.filter(completed_at__isnull=False).select_related("plan")

    assert recorded.exists()
    for review in recorded:
        plan = review.plan
        assert plan.period_end < today
        assert review.summary and review.next_steps
        assert review.outcomes.count() == plan.lines.count()
        assert review.observations.exists() and review.judgements.exists()
        for observation in review.observations.all():
            assert plan.period_start <= observation.observed_on <= plan.period_end
            assert observation.children.filter(pk=plan.child_id).exists()
        assert not review.judgements.exclude(child=plan.child_id).exists()
    # And one ended approved plan whose review is due (the reminder shows).
    assert (
        ActionPlan.objects.filter(status=Status.APPROVED, period_end__lt=today)
        .exclude(impact_review__completed_at__isnull=False)
        .exists()
    )


def test_the_las_roll_up_has_figures_for_several_settings(seeded):
    la_admin = User.objects.get(email="laadmin@demo.test")
    access = la_access_for(la_admin, "northshire")

    figures = rollup(access, year=rules.financial_year_of(dates.today()))

    counted = [
        setting
        for setting in figures.settings
        if setting.allocation > 0 and setting.planned > 0 and setting.plans > 0
    ]
    assert len(counted) >= 3
    assert figures.total.spent > 0
    assert 0 < figures.total.reviewed < figures.total.plans
    assert len([area for area in figures.total.areas if area.lines]) >= 3


def test_seeding_again_writes_no_eypp_record():
    call_command("seed_demo", stdout=StringIO())
    first = eypp_counts()

    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert eypp_counts() == first
    assert "Created: nothing." in out.getvalue()
    assert "Updated: nothing." in out.getvalue()
