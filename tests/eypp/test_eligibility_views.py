"""The child's EYPP page, recording grounds and the DAF, and the hub's EYPP section
(time pinned: 10 February 2026)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from children.models import Child
from eypp.models import Basis, DafAward, Eligibility
from tests.eypp.helpers import PINNED, give_terms
from tests.factories.accounts import ChildFactory
from tests.factories.eypp import (
    ActionPlanFactory,
    DafAwardFactory,
    EligibilityFactory,
    PlanLineFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned():
    with time_machine.travel(PINNED, tick=False):
        yield


@pytest.fixture
def child(care_setting):
    return ChildFactory(
        care_setting=care_setting,
        date_of_birth=date(2022, 6, 1),
        start_date=date(2025, 9, 1),
        funded_entitlement="working_30",
        first_name="Esme",
    )


def page(setting_or_la, child, name="child_eypp", *args):
    namespace = "settings:eypp" if hasattr(setting_or_la, "local_authority") else "la_eypp"
    return reverse(f"{namespace}:{name}", args=[setting_or_la.slug, child.pk, *args])


def parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_the_page_shows_the_award_grounds_and_the_expected_funding(
    client_as, manager, child, care_setting, home_la
):
    give_terms(home_la)
    EligibilityFactory(
        child=child,
        eligible_from=date(2025, 10, 1),
        hours_per_week=Decimal(30),
        evidence_seen_by=manager,
        evidence_seen_on=date(2025, 10, 1),
    )
    DafAwardFactory(child=child, starts_in=2025, amount=Decimal("938.00"), amount_confirmed=False)

    html = client_as(manager).get(page(care_setting, child)).content.decode()

    assert "Family receives a qualifying benefit" in html
    assert "Mary Manager" in html and "1 October 2025" in html
    assert "5 January 2026" in html  # funding starts the term after
    assert "£180.00" in html  # spring term: 60 days x 15 hours x £1.00
    assert "The age and entitlement rules allow EYPP today" in html
    assert "£938.00" in html and "Not yet confirmed" in html
    assert "Record a ground" in html


def test_a_looked_after_childs_allocation_is_the_virtual_schools(
    client_as, cic_advisor, key_child, home_la
):
    EligibilityFactory(child=key_child, basis=Basis.LOOKED_AFTER, source="child_record")

    html = client_as(cic_advisor).get(page(home_la, key_child)).content.decode()

    assert "the virtual school of Northshire County Council decides the allocation" in html
    assert "Record a ground" not in html  # read only under the LA


def test_the_page_says_when_there_are_no_la_terms_and_no_entitlement(
    client_as, manager, child, care_setting
):
    EligibilityFactory(child=child, eligible_from=date(2025, 10, 1))
    Child.objects.filter(pk=child.pk).update(funded_entitlement="none")

    html = client_as(manager).get(page(care_setting, child)).content.decode()

    assert "term dates for this year are not known" in html
    assert "without a funded entitlement" in html
    assert reverse("settings:children:edit", args=[care_setting.slug, child.pk]) in html


def test_the_page_lists_the_childs_plans_with_totals(client_as, manager, child, care_setting):
    plan = ActionPlanFactory(child=child, period_label="Spring term 2026")
    PlanLineFactory(plan=plan, cost=Decimal("120.00"))
    PlanLineFactory(plan=plan, cost=Decimal("80.50"))

    html = client_as(manager).get(page(care_setting, child)).content.decode()

    assert "Spring term 2026" in html and "£200.50" in html and "Draft" in html


@pytest.mark.parametrize("rows", [2, 12])
def test_the_page_makes_the_same_queries_whatever_the_rows(
    rows, client_as, manager, child, care_setting, home_la, django_assert_num_queries
):
    give_terms(home_la)
    for number in range(rows):
        EligibilityFactory(
            child=child, eligible_from=date(2025, 4, 1 + number), eligible_to=date(2025, 5, 1)
        )
        DafAwardFactory(child=child, starts_in=2000 + number)
        plan = ActionPlanFactory(
            child=child,
            period_start=date(2020 + number, 1, 1),
            period_end=date(2020 + number, 3, 1),
        )
        PlanLineFactory(plan=plan)
    client = client_as(manager)
    # session, user, setting, membership, LA roles; the child; the LA's terms; the grounds
    # with who saw the evidence; the rates; the expected funding's grounds, terms and rates;
    # the plans with their totals; the DAF awards; the unread notifications; the session
    # saved (savepoint, update, release).
    PAGE_QUERIES = 18
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(page(care_setting, child)).status_code == 200


# --- Recording ------------------------------------------------------------------------


def ground_post(manager, **overrides):
    return {
        "basis": "economic",
        "evidence": "Parent declaration",
        "evidence_seen_by": str(manager.pk),
        **parts("evidence_seen_on", date(2026, 2, 2)),
        **parts("eligible_from", date(2026, 2, 2)),
        "hours_per_week": "30",
    } | overrides


def test_the_manager_records_a_ground(client_as, manager, child, care_setting):
    client = client_as(manager)
    form = client.get(page(care_setting, child, "ground_add")).content.decode()
    assert 'value="30' in form  # 30 hours a week for a 30-hour child
    assert 'value="looked_after"' not in form

    response = client.post(page(care_setting, child, "ground_add"), ground_post(manager))

    assert response.status_code == 302
    ground = Eligibility.objects.get(child=child)
    assert ground.evidence_seen_by == manager
    child.refresh_from_db()
    assert child.eypp_basis == "economic"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hours_per_week": "lots"}, "as a number"),
        ({**parts("eligible_to", date(2026, 1, 1))}, "same as or after"),
        ({**parts("evidence_seen_on", date(2026, 3, 1))}, "today or in the past"),
        ({"basis": "looked_after"}, "Select one of the grounds shown"),
    ],
)
def test_refused_grounds_are_explained_and_keep_what_was_typed(
    client_as, manager, child, care_setting, overrides, message
):
    response = client_as(manager).post(
        page(care_setting, child, "ground_add"),
        ground_post(manager, evidence="Typed by the manager") | overrides,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert "Typed by the manager" in html
    assert not Eligibility.objects.exists()


def test_the_hours_are_a_text_box_that_keeps_what_was_typed(
    client_as, manager, child, care_setting
):
    """Not type="number": a browser would not send "lots" at all, so it would be lost."""
    form = client_as(manager).get(page(care_setting, child, "ground_add")).content.decode()
    assert 'type="number"' not in form and 'inputmode="decimal"' in form

    response = client_as(manager).post(
        page(care_setting, child, "ground_add"), ground_post(manager, hours_per_week="lots")
    )

    assert 'value="lots"' in response.content.decode()


def test_a_second_open_ground_of_a_basis_is_an_error_not_a_500(
    client_as, manager, child, care_setting
):
    EligibilityFactory(child=child)

    response = client_as(manager).post(
        page(care_setting, child, "ground_add"), ground_post(manager)
    )

    assert response.status_code == 200
    assert "already has an open ground" in response.content.decode()


def test_a_ground_change_over_someone_elses_keeps_what_was_typed(
    client_as, manager, child, care_setting
):
    ground = EligibilityFactory(child=child)
    Eligibility.objects.filter(pk=ground.pk).update(version=5, evidence="Changed meanwhile")

    response = client_as(manager).post(
        page(care_setting, child, "ground_change", ground.pk),
        ground_post(manager, evidence="My evidence", version="1"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record" in html and "My evidence" in html
    assert "Changed meanwhile" in html


def test_a_looked_after_ground_asks_only_for_evidence_and_hours(
    client_as, manager, key_child, care_setting
):
    ground = EligibilityFactory(child=key_child, basis=Basis.LOOKED_AFTER, source="child_record")
    client = client_as(manager)

    html = client.get(page(care_setting, key_child, "ground_change", ground.pk)).content.decode()
    assert 'name="basis"' not in html and "follows" in html

    response = client.post(
        page(care_setting, key_child, "ground_change", ground.pk),
        {
            "version": "1",
            "evidence": "Care order seen",
            "hours_per_week": "15",
            **parts("evidence_seen_on", date(2026, 2, 1)),
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    ground.refresh_from_db()
    assert ground.evidence == "Care order seen" and ground.basis == Basis.LOOKED_AFTER


def test_a_ground_is_ended_with_a_reason(client_as, manager, child, care_setting):
    ground = EligibilityFactory(child=child)

    response = client_as(manager).post(
        page(care_setting, child, "ground_end", ground.pk),
        {
            "version": "1",
            **parts("eligible_to", date(2026, 2, 9)),
            "reason": "No longer on the benefit",
        },
    )

    assert response.status_code == 302
    ground.refresh_from_db()
    assert ground.eligible_to == date(2026, 2, 9) and ground.ended_reason


def daf_post(manager, **overrides):
    return {
        "starts_in": "2025",
        "family_chose": "on",
        "evidence": "DLA award letter",
        "evidence_seen_by": str(manager.pk),
        **parts("evidence_seen_on", date(2026, 2, 2)),
    } | overrides


def test_the_daf_is_recorded_once_a_year_and_a_second_is_an_error(
    client_as, manager, child, care_setting
):
    client = client_as(manager)
    url = page(care_setting, child, "daf_add")

    assert client.post(url, daf_post(manager)).status_code == 302
    again = client.post(url, daf_post(manager))

    assert again.status_code == 200
    assert "once a year" in again.content.decode()
    award = DafAward.objects.get()
    assert (award.amount, award.amount_confirmed, award.care_setting) == (
        Decimal("938.00"),
        False,
        care_setting,
    )


def test_the_daf_needs_the_familys_choice_confirmed(client_as, manager, child, care_setting):
    response = client_as(manager).post(
        page(care_setting, child, "daf_add"), daf_post(manager, family_chose="")
    )

    assert "Confirm that the family chose this setting" in response.content.decode()
    assert not DafAward.objects.exists()


def test_the_same_daf_form_sent_twice_is_saved_once(client_as, manager, child, care_setting):
    client = client_as(manager)
    url = page(care_setting, child, "daf_add")
    token = "0b8c6c9e-7d6b-4a8e-9f5c-2f0e0f3c1a11"

    client.post(url, daf_post(manager, submission_token=token))
    again = client.post(url, daf_post(manager, submission_token=token))

    assert again.status_code == 302
    assert DafAward.objects.count() == 1


# --- The child's hub ------------------------------------------------------------------


def test_the_hub_shows_the_award_and_links_to_the_eypp_page(
    client_as, manager, key_person, practitioner, child, care_setting
):
    Child.objects.filter(pk=child.pk).update(eypp_basis="economic")
    hub = reverse("settings:children:detail", args=[care_setting.slug, child.pk])

    html = client_as(manager).get(hub).content.decode()

    assert "Early Years Pupil Premium" in html
    assert "Funded on: Family receives a qualifying benefit" in html
    assert page(care_setting, child) in html
    assert page(care_setting, child) not in client_as(practitioner).get(hub).content.decode()
