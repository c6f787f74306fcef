"""The EYPP rules: money, financial years, age and entitlement, the term after, the award,
the first-15-hours rule and the 570-hour cap (pure functions, no database)."""

from datetime import date
from decimal import Decimal

import pytest

from eypp import rules

TERMS = [
    (date(2025, 9, 3), date(2025, 12, 19)),
    (date(2026, 1, 5), date(2026, 3, 27)),
    (date(2026, 4, 13), date(2026, 7, 22)),
]


# --- Money and years -------------------------------------------------------------------


def test_pounds_rounds_once_half_up_to_the_penny():
    assert rules.pounds(Decimal("1.92") * 570) == Decimal("1094.40")
    assert rules.pounds(Decimal("0.005")) == Decimal("0.01")
    assert rules.pounds(Decimal("0.68") * Decimal("190.5")) == Decimal("129.54")


def test_money_is_shown_in_pounds_and_pence_with_thousands():
    assert rules.money(Decimal("1094.4")) == "£1,094.40"
    assert rules.money(None) == "£0.00"


@pytest.mark.parametrize(
    ("day", "starts_in", "label"),
    [
        (date(2026, 3, 31), 2025, "2025-26"),
        (date(2026, 4, 1), 2026, "2026-27"),
        (date(2099, 12, 31), 2099, "2099-00"),
    ],
)
def test_financial_years_run_april_to_march_and_are_named_by_their_start(day, starts_in, label):
    assert rules.financial_year_of(day) == starts_in
    assert rules.financial_year_label(starts_in) == label
    assert rules.financial_year_bounds(starts_in) == (
        date(starts_in, 4, 1),
        date(starts_in + 1, 3, 31),
    )


# --- Who is eligible -------------------------------------------------------------------


def test_a_child_without_a_funded_entitlement_is_refused():
    refusal = rules.age_refusal(date(2022, 1, 10), "none", on=date(2025, 6, 1))
    assert "without a funded entitlement" in refusal


def test_three_and_four_year_olds_are_eligible_until_reception():
    born = date(2021, 10, 10)  # four in October 2025, reception from September 2026
    assert rules.age_refusal(born, "universal_15", on=date(2025, 6, 1)) == ""
    assert rules.age_refusal(born, "working_30", on=date(2026, 8, 31)) == ""
    assert "reception" in rules.age_refusal(born, "universal_15", on=date(2026, 9, 1))


def test_a_child_born_on_1_september_starts_reception_on_their_fourth_birthday():
    assert rules.reception_starts(date(2021, 9, 1)) == date(2025, 9, 1)
    assert rules.reception_starts(date(2021, 8, 31)) == date(2025, 9, 1)


def test_two_year_olds_on_15_hours_are_eligible_from_april_2024():
    born = date(2022, 1, 15)
    assert "before April 2024" in rules.age_refusal(born, "two_15", on=date(2024, 3, 31))
    assert rules.age_refusal(born, "two_15", on=date(2024, 4, 1)) == ""
    assert rules.age_refusal(born, "working_15", on=date(2024, 4, 1)) == ""


def test_babies_from_nine_months_on_working_parent_hours_from_september_2024():
    born = date(2023, 11, 1)  # nine months on 1 August 2024
    assert "before September 2024" in rules.age_refusal(born, "working_15", on=date(2024, 8, 31))
    assert rules.age_refusal(born, "working_15", on=date(2024, 9, 1)) == ""
    assert rules.age_refusal(born, "working_30", on=date(2024, 9, 1)) == ""
    assert rules.age_refusal(date(2024, 6, 1), "working_15", on=date(2024, 9, 1)) != ""


def test_funding_starts_the_term_after_with_the_las_terms():
    assert rules.funding_starts(date(2025, 10, 1), terms=TERMS) == date(2026, 1, 5)
    # Eligible on the first day of a term: still the next term.
    assert rules.funding_starts(date(2026, 1, 5), terms=TERMS) == date(2026, 4, 13)


def test_funding_starts_the_usual_term_after_without_the_las_terms():
    assert rules.funding_starts(date(2025, 10, 1), terms=[]) == date(2026, 1, 1)
    assert rules.funding_starts(date(2026, 2, 1), terms=[]) == date(2026, 4, 1)
    assert rules.funding_starts(date(2026, 5, 1), terms=[]) == date(2026, 9, 1)
    # Past the last LA term known, the usual term starts take over.
    assert rules.funding_starts(date(2026, 8, 1), terms=TERMS) == date(2026, 9, 1)


def test_one_award_whatever_the_number_of_grounds_looked_after_first():
    grounds = [
        rules.Ground("economic", date(2025, 1, 1)),
        rules.Ground("left_care", date(2025, 2, 1)),
        rules.Ground("looked_after", date(2025, 3, 1), date(2025, 6, 30)),
    ]
    assert rules.award_basis(grounds, on=date(2025, 4, 1)) == "looked_after"
    assert rules.award_basis(grounds, on=date(2025, 7, 1)) == "left_care"
    assert rules.award_basis(grounds[:1], on=date(2025, 7, 1)) == "economic"
    assert rules.award_basis(grounds, on=date(2024, 12, 31)) == ""


# --- What a term is worth --------------------------------------------------------------


def test_only_the_first_15_hours_a_week_count_for_a_30_hour_child():
    thirty = rules.expected_for_term(
        hours_per_week=Decimal(30), working_days=60, hourly_rate=Decimal("1.00")
    )
    fifteen = rules.expected_for_term(
        hours_per_week=Decimal(15), working_days=60, hourly_rate=Decimal("1.00")
    )
    assert thirty == fifteen
    assert thirty.hours == Decimal(180)
    assert thirty.amount == Decimal("180.00")


def test_fewer_hours_a_week_count_as_claimed():
    term = rules.expected_for_term(
        hours_per_week=Decimal("10"), working_days=55, hourly_rate=Decimal("0.68")
    )
    assert term.hours == Decimal(110)
    assert term.amount == Decimal("74.80")


def test_the_year_pays_for_at_most_570_hours():
    first = rules.expected_for_term(
        hours_per_week=Decimal(15), working_days=80, hourly_rate=Decimal("1.92")
    )
    second = rules.expected_for_term(
        hours_per_week=Decimal(15),
        working_days=80,
        hourly_rate=Decimal("1.92"),
        hours_already_counted=first.hours,
    )
    third = rules.expected_for_term(
        hours_per_week=Decimal(15),
        working_days=80,
        hourly_rate=Decimal("1.92"),
        hours_already_counted=first.hours + second.hours,
    )
    assert (first.hours, second.hours) == (Decimal(240), Decimal(240))
    assert not first.capped and not second.capped
    assert third.capped and third.hours == Decimal(90)
    total = rules.pounds(first.amount + second.amount + third.amount)
    assert total == Decimal("1094.40")  # 1.92 x 570


def test_over_allocation_is_zero_within_it():
    assert rules.over_allocation(planned=Decimal("250"), allocation=Decimal("300")) == Decimal(0)
    assert rules.over_allocation(planned=Decimal("350.5"), allocation=Decimal("300")) == Decimal(
        "50.50"
    )
    assert rules.over_allocation(planned=Decimal("1"), allocation=None) == Decimal(0)
