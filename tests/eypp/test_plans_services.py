"""The EYPP plan's way through review: every transition, refusals, checksum, versions."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from common.models import AuditEvent
from common.submissions import AlreadySaved
from common.versioning import StaleRecord
from eypp.models import ActionPlan, PlanLine
from eypp.plans import services
from eypp.plans.reminders import PLAN_RETURNED, PLAN_SUBMITTED
from learning.models import Area
from notifications.models import Notification
from tests.factories.eypp import ActionPlanFactory, PlanLineFactory

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=ZoneInfo("Europe/London"))
Status = ActionPlan.Status


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def eypp_child(eypp_child):
    """The economic child, three years old (the funded 15 hours attract EYPP)."""
    eypp_child.date_of_birth = date(2022, 11, 1)
    eypp_child.save()
    return eypp_child


def line_fields(plan, **changes):
    fields = {
        "need": "Needs words for feelings.",
        "area": Area.objects.get(code="PSED"),
        "pep_target": None,
        "action": "Story sacks about feelings to share at home.",
        "who": "Key person",
        "starts_on": plan.period_start,
        "ends_on": plan.period_end,
        "cost": Decimal("45.50"),
        "intended_impact": "Names two feelings in play.",
        "idea": "books_home",
    }
    return {**fields, **changes}


def submitted(plan, by):
    return services.plan_submit(plan=plan, by=by, version=plan.version)


# --- Starting ----------------------------------------------------------------------------


def test_a_looked_after_childs_plan_waits_for_the_las_allocation(key_child, key_person, key_pep):
    key_child.funded_entitlement = "universal_15"
    key_child.save()
    plan = services.plan_start(
        child=key_child,
        by=key_person,
        period_label="Summer term",
        period_start=date(2026, 4, 20),
        period_end=date(2026, 7, 20),
        pep=key_pep,
    )
    assert plan.allocation is None
    assert plan.allocation_source == ActionPlan.AllocationSource.LA
    assert plan.pep == key_pep
    assert AuditEvent.objects.filter(verb="eypp.plan_started").count() == 1


def test_any_other_childs_allocation_is_the_expected_eypp(eypp_child, manager):
    plan = services.plan_start(
        child=eypp_child,
        by=manager,
        period_label="Summer term",
        period_start=date(2026, 4, 20),
        period_end=date(2026, 7, 20),
    )
    assert plan.allocation_source == ActionPlan.AllocationSource.EXPECTED
    assert plan.allocation > 0


def test_a_year_without_rates_is_refused(eypp_child, manager):
    with pytest.raises(ValidationError) as refused:
        services.plan_start(
            child=eypp_child,
            by=manager,
            period_label="Summer 2027",
            period_start=date(2027, 4, 20),
            period_end=date(2027, 7, 20),
        )
    assert "No EYPP rates for 2027-28: ask your LA administrator" in str(refused.value)
    assert not ActionPlan.objects.filter(child=eypp_child).exists()


def test_a_child_without_funded_hours_is_refused(eypp_child, manager):
    eypp_child.funded_entitlement = "none"
    eypp_child.save()
    with pytest.raises(ValidationError, match="no funded entitlement"):
        services.plan_start(
            child=eypp_child,
            by=manager,
            period_label="Summer term",
            period_start=date(2026, 4, 20),
            period_end=date(2026, 7, 20),
        )


def test_one_open_plan_per_child_and_period(key_plan, key_person):
    with pytest.raises(services.PlanExists) as exists:
        services.plan_start(
            child=key_plan.child,
            by=key_person,
            period_label="Again",
            period_start=key_plan.period_start,
            period_end=key_plan.period_end,
        )
    assert exists.value.plan == key_plan


def test_a_period_overlapping_another_plan_is_refused(key_plan, key_person):
    """A child's money is planned once for any day: half a term inside a term's plan too."""
    with pytest.raises(services.PlanExists, match="which covers these dates") as exists:
        services.plan_start(
            child=key_plan.child,
            by=key_person,
            period_label="Second half",
            period_start=key_plan.period_start + (key_plan.period_end - key_plan.period_start) / 2,
            period_end=key_plan.period_end + (key_plan.period_end - key_plan.period_start),
        )
    assert exists.value.plan == key_plan
    assert ActionPlan.objects.filter(child=key_plan.child).count() == 1


def test_the_same_start_sent_twice_saves_once(eypp_child, manager):
    token = uuid.uuid4()
    kwargs = {
        "child": eypp_child,
        "by": manager,
        "period_label": "Summer term",
        "period_start": date(2026, 4, 20),
        "period_end": date(2026, 7, 20),
        "submission_token": token,
    }
    plan = services.plan_start(**kwargs)
    with pytest.raises(AlreadySaved) as again:
        services.plan_start(**kwargs)
    assert again.value.target == plan
    assert ActionPlan.objects.filter(child=eypp_child).count() == 1


# --- Lines ---------------------------------------------------------------------------------


def test_lines_raise_the_plans_version(key_plan, key_person):
    version = key_plan.version
    line = services.line_add(plan=key_plan, by=key_person, **line_fields(key_plan))
    assert key_plan.version == version + 1
    services.line_change(
        plan=key_plan,
        line=line,
        by=key_person,
        version=key_plan.version,
        **line_fields(key_plan, cost=Decimal("50.00")),
    )
    assert PlanLine.objects.get(pk=line.pk).cost == Decimal("50.00")
    services.line_remove(plan=key_plan, line=line, by=key_person, version=key_plan.version)
    key_plan.refresh_from_db()
    assert key_plan.version == version + 3
    assert not PlanLine.objects.filter(pk=line.pk).exists()


def test_a_line_changed_from_a_stale_plan_is_refused(key_plan, key_person):
    line = key_plan.lines.get()
    stale = key_plan.version
    services.line_add(plan=key_plan, by=key_person, **line_fields(key_plan))
    with pytest.raises(StaleRecord):
        services.line_change(
            plan=key_plan,
            line=line,
            by=key_person,
            version=stale,
            **line_fields(key_plan, cost=Decimal("1.00")),
        )
    assert PlanLine.objects.get(pk=line.pk).cost == Decimal("120.00")


def test_lines_outside_the_period_are_refused(key_plan, key_person):
    with pytest.raises(ValidationError) as refused:
        services.line_add(
            plan=key_plan,
            by=key_person,
            **line_fields(key_plan, ends_on=date(2027, 1, 1)),
        )
    assert "ends_on" in refused.value.error_dict


# --- The workflow ------------------------------------------------------------------------


def test_submit_needs_a_line(key_plan, key_person):
    key_plan.lines.all().delete()
    with pytest.raises(ValidationError, match="at least one need"):
        submitted(key_plan, key_person)
    key_plan.refresh_from_db()
    assert key_plan.status == Status.DRAFT


def test_submit_tells_the_responsible_las_cic_advisor(key_plan, key_person, cic_advisor, advisor):
    submitted(key_plan, key_person)
    assert key_plan.status == Status.SUBMITTED
    told = set(
        Notification.objects.filter(kind=PLAN_SUBMITTED).values_list("recipient", flat=True)
    )
    assert told == {cic_advisor.pk}


def test_an_economic_childs_plan_goes_to_the_assigned_advisor(
    eypp_child, manager, advisor, cic_advisor, outsider_advisor
):
    plan = ActionPlanFactory(child=eypp_child)
    PlanLineFactory(plan=plan)
    submitted(plan, manager)
    told = set(
        Notification.objects.filter(kind=PLAN_SUBMITTED).values_list("recipient", flat=True)
    )
    assert told == {advisor.pk}


def test_a_looked_after_plan_is_submitted_without_allocation_but_not_approved(
    key_plan, key_person, cic_advisor
):
    ActionPlan.objects.filter(pk=key_plan.pk).update(allocation=None)
    key_plan.refresh_from_db()
    submitted(key_plan, key_person)
    with pytest.raises(ValidationError, match="Record the allocation"):
        services.plan_approve(plan=key_plan, by=cic_advisor, version=key_plan.version)
    services.plan_allocate(
        plan=key_plan, by=cic_advisor, version=key_plan.version, allocation=Decimal("250")
    )
    assert key_plan.allocated_by == cic_advisor
    services.plan_approve(plan=key_plan, by=cic_advisor, version=key_plan.version)
    assert key_plan.status == Status.APPROVED


def test_return_needs_a_reason_and_tells_the_key_person_and_managers(
    key_plan, key_person, manager, cic_advisor
):
    submitted(key_plan, key_person)
    with pytest.raises(ValidationError):
        services.plan_return(plan=key_plan, by=cic_advisor, version=key_plan.version, reason=" ")
    services.plan_return(
        plan=key_plan, by=cic_advisor, version=key_plan.version, reason="Cost each visit."
    )
    key_plan.refresh_from_db()
    assert key_plan.status == Status.RETURNED
    assert key_plan.returned_reason == "Cost each visit."
    told = set(Notification.objects.filter(kind=PLAN_RETURNED).values_list("recipient", flat=True))
    assert told == {key_person.pk, manager.pk}


def test_returned_revised_resubmitted_and_approved(key_plan, key_person, cic_advisor):
    submitted(key_plan, key_person)
    services.plan_return(plan=key_plan, by=cic_advisor, version=key_plan.version, reason="More.")
    services.line_add(plan=key_plan, by=key_person, **line_fields(key_plan))
    submitted(key_plan, key_person)
    approved = services.plan_approve(
        plan=key_plan, by=cic_advisor, version=key_plan.version, comment="Good plan."
    )
    assert approved.status == Status.APPROVED
    assert approved.checksum == services.checksum_of(approved)
    assert len(approved.checksum) == 64
    assert approved.review_comment == "Good plan."


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RETURNED, Status.APPROVED])
def test_only_a_submitted_plan_is_decided(key_plan, cic_advisor, status):
    ActionPlan.objects.filter(pk=key_plan.pk).update(status=status, returned_reason="x")
    key_plan.refresh_from_db()
    with pytest.raises(ValidationError):
        services.plan_approve(plan=key_plan, by=cic_advisor, version=key_plan.version)
    with pytest.raises(ValidationError):
        services.plan_return(plan=key_plan, by=cic_advisor, version=key_plan.version, reason="x")


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED, Status.SUPERSEDED])
def test_lines_of_a_plan_not_draft_or_returned_are_refused(key_plan, key_person, status):
    ActionPlan.objects.filter(pk=key_plan.pk).update(status=status)
    key_plan.refresh_from_db()
    line = key_plan.lines.get()
    with pytest.raises(services.PlanLocked):
        services.line_add(plan=key_plan, by=key_person, **line_fields(key_plan))
    with pytest.raises(services.PlanLocked):
        services.line_remove(plan=key_plan, line=line, by=key_person, version=key_plan.version)
    assert key_plan.lines.count() == 1


def test_a_stale_decision_is_refused(key_plan, key_person, cic_advisor):
    submitted(key_plan, key_person)
    with pytest.raises(StaleRecord):
        services.plan_approve(plan=key_plan, by=cic_advisor, version=key_plan.version - 1)
    key_plan.refresh_from_db()
    assert key_plan.status == Status.SUBMITTED


def test_a_new_version_supersedes_the_approved_one_once_approved(
    key_plan, key_person, cic_advisor
):
    submitted(key_plan, key_person)
    services.plan_approve(plan=key_plan, by=cic_advisor, version=key_plan.version)
    with pytest.raises(ValidationError):
        services.plan_revise(plan=key_plan, by=key_person, version=key_plan.version, reason="")
    revision = services.plan_revise(
        plan=key_plan, by=key_person, version=key_plan.version, reason="Therapy started."
    )
    assert (revision.number, revision.previous, revision.status) == (2, key_plan, Status.DRAFT)
    assert revision.allocation == key_plan.allocation
    assert revision.lines.count() == key_plan.lines.count()
    key_plan.refresh_from_db()
    assert key_plan.status == Status.APPROVED  # in force until the new version is approved
    with pytest.raises(services.PlanExists):
        services.plan_revise(plan=key_plan, by=key_person, version=key_plan.version, reason="x")
    submitted(revision, key_person)
    services.plan_approve(plan=revision, by=cic_advisor, version=revision.version)
    key_plan.refresh_from_db()
    assert key_plan.status == Status.SUPERSEDED
    assert key_plan.checksum == services.checksum_of(key_plan)


def test_only_an_approved_plan_gets_a_new_version(key_plan, key_person):
    with pytest.raises(ValidationError):
        services.plan_revise(plan=key_plan, by=key_person, version=key_plan.version, reason="x")
    assert ActionPlan.objects.filter(child=key_plan.child).count() == 1


def test_the_allocation_is_refused_once_approved_or_out_of_bounds(
    key_plan, key_person, cic_advisor
):
    with pytest.raises(ValidationError):
        services.plan_allocate(
            plan=key_plan, by=cic_advisor, version=key_plan.version, allocation=Decimal("20000")
        )
    with pytest.raises(StaleRecord):
        services.plan_allocate(
            plan=key_plan, by=cic_advisor, version=key_plan.version - 1, allocation=Decimal("9")
        )
    submitted(key_plan, key_person)
    services.plan_approve(plan=key_plan, by=cic_advisor, version=key_plan.version)
    with pytest.raises(services.PlanLocked):
        services.plan_allocate(
            plan=key_plan, by=cic_advisor, version=key_plan.version, allocation=Decimal("1")
        )


def test_the_checksum_changes_with_the_content(key_plan):
    before = services.checksum_of(key_plan)
    PlanLine.objects.filter(plan=key_plan).update(cost=Decimal("121.00"))
    assert services.checksum_of(key_plan) != before
