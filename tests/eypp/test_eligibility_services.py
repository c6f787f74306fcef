"""Recording EYPP grounds and DAF awards, the award they make, and grounds that follow the
child's looked-after record (time pinned: 10 February 2026)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from children import services as child_services
from children.models import Child
from common.models import AuditEvent
from eypp.eligibility import selectors, services
from eypp.models import Basis, DafAward, Eligibility
from tests.eypp.helpers import PINNED, give_terms
from tests.factories.accounts import ChildFactory
from tests.factories.eypp import DafAwardFactory, EligibilityFactory, FundingYearFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned():
    with time_machine.travel(PINNED, tick=False):
        yield


@pytest.fixture
def child(care_setting):
    """Three and a half, on universal 15 hours; reception from September 2026."""
    return ChildFactory(
        care_setting=care_setting,
        date_of_birth=date(2022, 6, 1),
        start_date=date(2025, 9, 1),
        funded_entitlement="universal_15",
        first_name="Esme",
    )


def record(child, by, **overrides):
    values = {
        "basis": Basis.ECONOMIC,
        "evidence": "Parent declaration and the LA's eligibility check",
        "evidence_seen_by": by,
        "evidence_seen_on": date(2026, 1, 20),
        "eligible_from": date(2026, 1, 20),
        "eligible_to": None,
        "hours_per_week": Decimal("15"),
    }
    return services.ground_add(child=child, by=by, **(values | overrides))


def test_a_ground_is_recorded_audited_and_makes_the_award(child, manager):
    ground = record(child, manager)

    child.refresh_from_db()
    assert child.eypp_basis == "economic"
    assert ground.source == Eligibility.Source.RECORDED
    event = AuditEvent.objects.get(verb="eypp.ground_added")
    assert event.restricted_to == "view_eypp"
    assert event.subject_id == str(child.pk)


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"eligible_to": date(2026, 1, 1)}, "eligible_to", "same as or after"),
        ({"evidence_seen_on": date(2026, 2, 11)}, "evidence_seen_on", "today or in the past"),
        ({"basis": Basis.LOOKED_AFTER}, "basis", "follows the child's record"),
        ({"eligible_from": date(2026, 9, 1)}, "eligible_from", "reception"),
    ],
)
def test_a_ground_the_rules_refuse_is_explained_on_its_field(
    child, manager, overrides, field, words
):
    with pytest.raises(ValidationError) as refused:
        record(child, manager, **overrides)

    assert words in refused.value.message_dict[field][0]
    assert not Eligibility.objects.exists()


def test_a_ground_needs_a_funded_entitlement(child, manager):
    Child.objects.filter(pk=child.pk).update(funded_entitlement="none")
    child.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        record(child, manager)

    assert "funded entitlement" in refused.value.message_dict["basis"][0]


def test_two_year_olds_were_not_funded_before_april_2024(care_setting, manager):
    two = ChildFactory(
        care_setting=care_setting, date_of_birth=date(2022, 1, 1), funded_entitlement="two_15"
    )

    with pytest.raises(ValidationError) as refused:
        record(two, manager, eligible_from=date(2024, 3, 1), evidence_seen_on=date(2024, 3, 1))

    assert "before April 2024" in refused.value.message_dict["eligible_from"][0]


def test_an_open_ground_of_the_same_basis_cannot_be_recorded_twice(child, manager):
    record(child, manager)

    with pytest.raises(ValidationError) as refused:
        record(child, manager, eligible_from=date(2026, 2, 1))

    assert "already has an open ground" in refused.value.message_dict["basis"][0]
    assert Eligibility.objects.count() == 1


def test_ending_the_only_ground_ends_the_award(child, manager):
    ground = record(child, manager)

    services.ground_end(
        ground=ground,
        by=manager,
        version=ground.version,
        eligible_to=date(2026, 2, 1),
        reason="The family no longer receives the benefit",
    )

    child.refresh_from_db()
    assert child.eypp_basis == ""
    assert AuditEvent.objects.filter(verb="eypp.ground_ended").exists()


def test_a_change_over_someone_elses_is_refused(child, manager):
    from common.versioning import StaleRecord

    ground = record(child, manager)
    Eligibility.objects.filter(pk=ground.pk).update(version=ground.version + 1)

    with pytest.raises(StaleRecord):
        services.ground_change(
            ground=ground,
            by=manager,
            version=ground.version,
            basis=Basis.ECONOMIC,
            evidence="Changed",
            evidence_seen_by=manager,
            evidence_seen_on=date(2026, 1, 20),
            eligible_from=date(2026, 1, 20),
            eligible_to=None,
            hours_per_week=Decimal("12"),
        )


def test_several_grounds_make_one_award(child, manager):
    record(child, manager)
    record(child, manager, basis=Basis.LEFT_CARE, evidence="Adoption order seen")

    child.refresh_from_db()
    assert child.eypp_basis == "left_care"


def test_the_daily_refresh_ends_the_award_once_the_child_is_in_reception(child, manager):
    record(child, manager)

    assert services.awards_refresh(today=date(2026, 9, 1)) == 1
    child.refresh_from_db()
    assert child.eypp_basis == ""
    assert services.awards_refresh(today=date(2026, 9, 1)) == 0


# --- Following the child's record -----------------------------------------------------


def looked_after(child, by):
    return child_services.child_update(
        child=child,
        by=by,
        version=child.version,
        looked_after_status="looked_after",
        legal_status="C2",
        entered_care_on=date(2026, 1, 12),
        responsible_la=child.care_setting.local_authority,
    )


def test_entering_care_opens_a_looked_after_ground_from_the_day(child, manager):
    looked_after(child, manager)

    ground = Eligibility.objects.get(child=child)
    assert (ground.basis, ground.source) == (Basis.LOOKED_AFTER, "child_record")
    assert ground.eligible_from == date(2026, 1, 12) and ground.eligible_to is None
    child.refresh_from_db()
    assert child.eypp_basis == "looked_after"


def test_leaving_care_ends_the_ground_and_asks_nothing_of_the_evidence(child, manager):
    looked_after(child, manager)
    child.refresh_from_db()

    child_services.child_update(
        child=child,
        by=manager,
        version=child.version,
        looked_after_status="previously",
        legal_status="",
        entered_care_on=None,
        responsible_la=None,
    )

    ground = Eligibility.objects.get(child=child)
    assert ground.eligible_to == date(2026, 2, 10)
    assert ground.ended_reason == services.LEFT_CARE_REASON
    assert not Eligibility.objects.filter(basis=Basis.LEFT_CARE).exists()  # not invented
    services.awards_refresh(today=date(2026, 2, 11))
    child.refresh_from_db()
    assert child.eypp_basis == ""


def test_a_child_joining_already_looked_after_gets_one_ground(care_setting, manager, home_la):
    joined = child_services.child_add(
        care_setting=care_setting,
        by=manager,
        first_name="Kit",
        last_name="Lane",
        date_of_birth=date(2022, 5, 1),
        start_date=date(2026, 2, 2),
        funded_entitlement="universal_15",
        looked_after_status="looked_after",
        legal_status="C1",
        entered_care_on=date(2025, 12, 1),
        responsible_la=home_la,
    )

    assert Eligibility.objects.filter(child=joined, basis=Basis.LOOKED_AFTER).count() == 1


def test_the_listeners_are_registered():
    from children import lifecycle

    assert services.looked_after_opened in lifecycle.on_entered_care.listeners
    assert services.looked_after_opened in lifecycle.on_joined.listeners
    assert services.looked_after_closed in lifecycle.on_left_care.listeners


# --- Expected funding -----------------------------------------------------------------


def test_expected_funding_counts_the_terms_after_the_ground_with_the_las_terms(child, home_la):
    give_terms(home_la)
    EligibilityFactory(child=child, eligible_from=date(2025, 10, 1), hours_per_week=Decimal(30))

    expected = selectors.expected_for_period(
        child, period_start=date(2025, 4, 1), period_end=date(2026, 3, 31)
    )

    assert expected.terms_known
    funded = [term for term in expected.terms if not term.why_not]
    assert [term.starts_on for term in funded] == [date(2026, 1, 5)]
    # Spring 2026: 5 Jan to 27 Mar, 60 working days; 15 of the 30 hours count.
    assert funded[0].hours == Decimal(180)
    assert expected.amount == Decimal("180.00")


def test_expected_funding_caps_the_year_at_570_hours(child, home_la):
    give_terms(home_la)
    FundingYearFactory(local_authority=home_la, starts_in=2026, hourly_rate=Decimal("1.92"))
    EligibilityFactory(child=child, eligible_from=date(2025, 10, 1))
    Child.objects.filter(pk=child.pk).update(date_of_birth=date(2022, 10, 1))
    child.refresh_from_db()

    expected = selectors.expected_for_period(
        child, period_start=date(2026, 4, 1), period_end=date(2027, 3, 31)
    )

    assert expected.hours == Decimal(570)
    assert expected.terms[-1].capped
    assert expected.amount == Decimal("1094.40")


def test_a_year_without_rates_is_named(child, home_la):
    Child.objects.filter(pk=child.pk).update(date_of_birth=date(2024, 1, 1))
    child.refresh_from_db()
    EligibilityFactory(child=child, eligible_from=date(2025, 10, 1))

    expected = selectors.expected_for_period(
        child, period_start=date(2027, 4, 1), period_end=date(2027, 7, 31)
    )

    assert expected.missing_years == ["2027-28"]
    assert not expected.terms_known
    assert expected.amount == Decimal("0.00")


# --- The Disability Access Fund -------------------------------------------------------


def daf(child, by, care_setting, **overrides):
    values = {
        "starts_in": 2025,
        "evidence": "DLA award letter",
        "evidence_seen_by": by,
        "evidence_seen_on": date(2026, 1, 5),
    }
    return services.daf_add(child=child, care_setting=care_setting, by=by, **(values | overrides))


def test_daf_takes_the_years_amount_and_says_whether_confirmed(child, manager, care_setting):
    award = daf(child, manager, care_setting)

    assert award.amount == Decimal("938.00")
    assert award.amount_confirmed is False
    assert AuditEvent.objects.filter(verb="eypp.daf_added").exists()


def test_daf_is_once_a_year_per_child(child, manager, care_setting):
    daf(child, manager, care_setting)

    with pytest.raises(ValidationError) as refused:
        daf(child, manager, care_setting)

    assert "once a year" in refused.value.message_dict["starts_in"][0]
    assert DafAward.objects.count() == 1


def test_daf_for_a_year_without_an_amount_is_refused(child, manager, care_setting):
    FundingYearFactory(
        local_authority=child.care_setting.local_authority, starts_in=2024, daf_amount=None
    )

    for year in (2024, 2022):
        with pytest.raises(ValidationError) as refused:
            daf(child, manager, care_setting, starts_in=year)
        assert "no Disability Access Fund amount" in refused.value.message_dict["starts_in"][0]


def test_daf_is_not_for_reception_or_without_funded_hours(child, manager, care_setting):
    with pytest.raises(ValidationError) as refused:
        daf(child, manager, care_setting, starts_in=2027)
    assert "reception" in refused.value.message_dict["starts_in"][0]

    Child.objects.filter(pk=child.pk).update(funded_entitlement="none")
    child.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        daf(child, manager, care_setting)
    assert "funded hours" in refused.value.message_dict["starts_in"][0]


def test_a_daf_change_to_a_year_already_awarded_is_refused(child, manager, care_setting):
    DafAwardFactory(child=child, starts_in=2024, amount=Decimal("910.00"))
    award = daf(child, manager, care_setting)

    with pytest.raises(ValidationError):
        services.daf_change(
            award=award,
            by=manager,
            version=award.version,
            starts_in=2024,
            evidence="DLA letter",
            evidence_seen_by=manager,
            evidence_seen_on=date(2026, 1, 5),
        )


def test_the_daily_task_refreshes_the_awards(child, manager):
    from eypp.eligibility import tasks

    record(child, manager)
    Child.objects.filter(pk=child.pk).update(eypp_basis="")

    assert tasks.awards_refresh() == 1
    child.refresh_from_db()
    assert child.eypp_basis == "economic"
