"""The statutory clock's pure rules: due dates around weekends, bank holidays and terms.

No database: the LA's policy is a ``ClockPolicy`` and its terms are (first day, last day)
pairs. The dates below were counted on a calendar, not with the code under test.
"""

from datetime import date

import pytest

from pep.clock.rules import (
    ClockPolicy,
    change_of_setting_due,
    first_cycle,
    initial_due,
    next_review_due,
    on_or_before_working_day,
    pep_start_date,
)

WORKING = ClockPolicy()
SCHOOL = ClockPolicy(day_count="school")
# Autumn 2026 and spring 2027 with their half terms, then summer 2027.
TERMS_2026_27 = [
    (date(2026, 9, 2), date(2026, 10, 23)),
    (date(2026, 11, 2), date(2026, 12, 18)),
    (date(2027, 1, 5), date(2027, 2, 12)),
    (date(2027, 2, 22), date(2027, 3, 25)),
    (date(2027, 4, 12), date(2027, 7, 21)),
]
TERMS_2027_28 = [
    (date(2027, 9, 1), date(2027, 12, 17)),
    (date(2028, 1, 4), date(2028, 3, 31)),
    (date(2028, 4, 18), date(2028, 7, 21)),
]
CUT_OFFS = ("03-15", "07-10", "11-30")


# --- The initial PEP ---------------------------------------------------------------------


def test_the_initial_pep_is_due_twenty_working_days_after_entering_care_across_christmas():
    # Friday 18 December 2026: Christmas Day (Friday), Boxing Day's substitute (Monday 28)
    # and New Year's Day (Friday 1 January 2027) are not working days.
    due = initial_due(date(2026, 12, 18), emergency=False, policy=WORKING, terms=())

    assert due.on == date(2027, 1, 20)
    assert due.words == "20 working days after entering care on 18 December 2026"


def test_an_emergency_placement_gets_the_las_emergency_deadline():
    due = initial_due(date(2027, 3, 1), emergency=True, policy=WORKING, terms=())

    assert due.on == date(2027, 3, 15)
    assert due.words == "10 working days after an emergency placement on 1 March 2027"


def test_easter_friday_and_monday_are_skipped():
    # Good Friday 26 March 2027, Easter Monday 29 March.
    due = initial_due(date(2027, 3, 18), emergency=True, policy=WORKING, terms=())

    assert due.on == date(2027, 4, 5)


def test_a_placement_on_a_saturday_counts_from_the_monday_after():
    due = initial_due(date(2027, 3, 6), emergency=True, policy=WORKING, terms=())

    assert due.on == date(2027, 3, 19)


def test_the_moved_ve_day_bank_holiday_of_2020_is_skipped_and_its_old_monday_counted():
    # The early May bank holiday moved from Monday 4 May to Friday 8 May 2020.
    policy = ClockPolicy(change_of_setting_days=6)

    due = change_of_setting_due(date(2020, 4, 30), policy=policy, terms=())

    assert due.on == date(2020, 5, 11)
    assert change_of_setting_due(
        date(2020, 4, 30), policy=ClockPolicy(change_of_setting_days=2), terms=()
    ).on == date(2020, 5, 4)


def test_christmas_substitute_days_across_the_year_end_are_skipped():
    # 2021: Christmas and Boxing Day on a weekend, substitutes Monday 27 and Tuesday 28
    # December; New Year's Day on a Saturday, substitute Monday 3 January 2022.
    due = change_of_setting_due(date(2021, 12, 23), policy=WORKING, terms=())

    assert due.on == date(2022, 1, 11)
    assert due.words == "10 working days after the change of setting on 23 December 2021"


def test_school_days_skip_the_christmas_holidays():
    due = initial_due(date(2026, 12, 14), emergency=False, policy=SCHOOL, terms=TERMS_2026_27)

    # 15 to 18 December are days 1 to 4; the spring term starts on Tuesday 5 January.
    assert due.on == date(2027, 1, 26)
    assert due.words == "20 school days after entering care on 14 December 2026"
    ten = initial_due(date(2026, 12, 14), emergency=True, policy=SCHOOL, terms=TERMS_2026_27)
    assert ten.on == date(2027, 1, 12)


def test_school_days_skip_half_term():
    due = change_of_setting_due(date(2027, 2, 10), policy=SCHOOL, terms=TERMS_2026_27)

    # 11, 12 February, then half term, then 22 February onwards.
    assert due.on == date(2027, 3, 3)


def test_school_days_without_term_dates_fall_back_to_working_days_and_say_so():
    due = initial_due(date(2027, 3, 1), emergency=True, policy=SCHOOL, terms=())

    assert due.on == date(2027, 3, 15)
    assert due.words == (
        "10 working days (school terms not known that far) after an emergency placement "
        "on 1 March 2027"
    )


def test_a_child_who_reaches_pep_age_in_care_is_owed_the_initial_pep_from_that_day():
    due = initial_due(
        date(2026, 1, 5),
        emergency=True,
        policy=WORKING,
        terms=(),
        pep_start_on=date(2027, 3, 1),
    )

    # The ordinary initial days, not the emergency ones: the placement was long ago. Good
    # Friday and Easter Monday (26 and 29 March 2027) are not counted.
    assert due.on == date(2027, 3, 31)
    assert due.words == "20 working days after reaching early years PEP age on 1 March 2027"


def test_one_day_is_singular():
    due = change_of_setting_due(
        date(2027, 3, 5), policy=ClockPolicy(change_of_setting_days=1), terms=()
    )

    assert (due.on, due.words) == (
        date(2027, 3, 8),
        "1 working day after the change of setting on 5 March 2027",
    )


# --- When early years PEPs start --------------------------------------------------------


def test_at_age_pep_start_is_the_birthday():
    start = pep_start_date(date(2024, 2, 29), start_age=2, rule="at_age", terms=())

    assert start.on == date(2026, 2, 28)
    assert start.words == "the 2nd birthday on 28 February 2026"


def test_the_term_after_the_birthday_is_the_next_term_to_start():
    start = pep_start_date(date(2024, 11, 10), start_age=2, rule="term_after", terms=TERMS_2026_27)

    assert start.on == date(2027, 1, 5)
    assert start.words == (
        "the term starting 5 January 2027, after the 2nd birthday on 10 November 2026"
    )


def test_a_birthday_on_the_first_day_of_term_starts_peps_the_term_after():
    start = pep_start_date(date(2024, 1, 5), start_age=3, rule="term_after", terms=TERMS_2026_27)

    assert start.on == date(2027, 2, 22)  # after half term: the next term to start


def test_a_birthday_in_the_holidays_starts_peps_with_the_next_term():
    start = pep_start_date(date(2024, 8, 1), start_age=3, rule="term_after", terms=TERMS_2026_27)

    # No term known starts after 1 August 2027: the usual autumn start is used.
    assert start.on == date(2027, 9, 1)
    assert "no term dates known" in start.words


@pytest.mark.parametrize(
    ("birthday", "starts"),
    [
        (date(2026, 11, 10), date(2027, 1, 1)),
        (date(2027, 2, 15), date(2027, 4, 1)),
        (date(2027, 4, 1), date(2027, 9, 1)),
        (date(2027, 9, 1), date(2028, 1, 1)),
        (date(2027, 12, 31), date(2028, 1, 1)),
    ],
)
def test_without_term_dates_the_usual_term_starts_are_used(birthday, starts):
    born = birthday.replace(year=birthday.year - 2)

    start = pep_start_date(born, start_age=2, rule="term_after", terms=())

    assert start.on == starts
    assert start.words.endswith("(no term dates known)")


# --- Reviews ------------------------------------------------------------------------------


def test_a_six_monthly_review_is_due_six_months_after_the_meeting():
    due = next_review_due(date(2027, 3, 3), cycle="six_monthly", cut_offs=())

    assert due.on == date(2027, 9, 3)
    assert due.words == "6 months after the PEP meeting on 3 March 2027"


def test_a_review_landing_on_a_weekend_is_due_the_working_day_before():
    # 25 December 2027 is a Saturday.
    due = next_review_due(date(2027, 6, 25), cycle="six_monthly", cut_offs=())

    assert due.on == date(2027, 12, 24)
    assert due.words == (
        "6 months after the PEP meeting on 25 June 2027 "
        "(25 December 2027 is not a working day: the working day before)"
    )


def test_a_review_landing_on_a_christmas_substitute_day_goes_back_past_the_weekend():
    # Tuesday 28 December 2027 is a substitute bank holiday, and so is Monday 27.
    due = next_review_due(date(2027, 6, 28), cycle="six_monthly", cut_offs=())

    assert due.on == date(2027, 12, 24)


def test_six_months_from_the_end_of_august_is_the_end_of_february():
    assert next_review_due(date(2027, 8, 31), cycle="six_monthly", cut_offs=()).on == date(
        2028, 2, 29
    )


def test_a_termly_review_without_terms_is_due_at_the_next_cut_off():
    due = next_review_due(date(2027, 10, 10), cycle="termly", cut_offs=CUT_OFFS)

    assert due.on == date(2027, 11, 30)
    assert due.words == "the next termly cut-off after the PEP meeting on 10 October 2027"


def test_a_termly_review_wraps_into_the_next_year():
    due = next_review_due(date(2027, 12, 5), cycle="termly", cut_offs=CUT_OFFS)

    assert due.on == date(2028, 3, 15)


def test_a_meeting_on_the_cut_off_day_is_due_at_the_following_one():
    assert next_review_due(date(2027, 11, 30), cycle="termly", cut_offs=CUT_OFFS).on == date(
        2028, 3, 15
    )


def test_a_termly_review_after_a_meeting_in_term_is_due_at_the_next_terms_cut_off():
    # One PEP a term: a meeting early in the autumn term does not make the next PEP due at
    # the same term's cut-off.
    due = next_review_due(
        date(2027, 10, 10), cycle="termly", cut_offs=CUT_OFFS, terms=TERMS_2027_28
    )

    assert due.on == date(2028, 3, 15)
    assert due.words == (
        "the next termly cut-off after the term of the PEP meeting on 10 October 2027 "
        "(ends 17 December 2027)"
    )


def test_a_termly_review_after_a_meeting_in_the_holidays_is_due_at_the_next_cut_off():
    due = next_review_due(
        date(2027, 8, 10), cycle="termly", cut_offs=CUT_OFFS, terms=TERMS_2027_28
    )

    assert due.on == date(2027, 11, 30)


def test_a_cut_off_on_a_weekend_is_due_the_working_day_before():
    # 10 July 2027 is a Saturday.
    due = next_review_due(date(2027, 6, 1), cycle="termly", cut_offs=CUT_OFFS)

    assert due.on == date(2027, 7, 9)
    assert "10 July 2027 is not a working day" in due.words


def test_a_cut_off_of_29_february_is_the_28th_in_other_years():
    due = next_review_due(date(2027, 1, 10), cycle="termly", cut_offs=("02-29",))

    assert due.on == date(2027, 2, 26)  # Sunday 28 February: the Friday before


def test_a_termly_la_without_cut_offs_falls_back_to_six_months_and_says_so():
    due = next_review_due(date(2027, 3, 3), cycle="termly", cut_offs=())

    assert due.on == date(2027, 9, 3)
    assert "no termly cut-off dates set" in due.words


def test_working_days_are_left_alone():
    assert on_or_before_working_day(date(2027, 3, 3)) == date(2027, 3, 3)


# --- The first cycle -----------------------------------------------------------------------


def _first(**overrides):
    values = {
        "date_of_birth": date(2024, 5, 1),
        "entered_care_on": date(2027, 3, 1),
        "start_date": date(2026, 9, 2),
        "emergency": False,
        "today": date(2027, 3, 3),
        "policy": WORKING,
        "terms": (),
    } | overrides
    return first_cycle(**values)


def test_a_child_entering_care_at_pep_age_is_owed_an_initial_pep():
    owed = _first()

    assert (owed.kind, owed.opened_on, owed.due.on) == (
        "initial",
        date(2027, 3, 1),
        date(2027, 3, 31),
    )


def test_a_child_below_pep_age_is_owed_nothing_yet():
    assert _first(date_of_birth=date(2025, 5, 1)) is None
    assert _first(policy=ClockPolicy(start_age=3)) is None


def test_a_child_reaching_pep_age_in_care_is_owed_an_initial_pep_from_that_day():
    owed = _first(date_of_birth=date(2025, 3, 2), entered_care_on=date(2026, 1, 5))

    assert (owed.kind, owed.opened_on, owed.due.on) == (
        "initial",
        date(2027, 3, 2),
        date(2027, 4, 1),
    )


def test_a_child_joining_in_care_long_after_the_initial_deadline_is_owed_a_change_of_setting_pep():
    owed = _first(entered_care_on=date(2026, 1, 5), start_date=date(2027, 3, 1))

    assert (owed.kind, owed.opened_on, owed.due.on) == (
        "change_of_setting",
        date(2027, 3, 1),
        date(2027, 3, 15),
    )
    assert owed.due.words == "10 working days after joining the setting on 1 March 2027"


def test_a_child_joining_just_after_entering_care_is_owed_the_initial_pep():
    owed = _first(entered_care_on=date(2027, 2, 25), start_date=date(2027, 3, 1))

    assert (owed.kind, owed.due.on) == ("initial", date(2027, 3, 25))


def test_without_a_date_entered_care_the_clock_starts_today():
    owed = _first(entered_care_on=None)

    assert (owed.opened_on, owed.due.on) == (date(2027, 3, 3), date(2027, 4, 2))
