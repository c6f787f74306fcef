"""The one calendar: today, months and ages, bank holidays, working days and school days."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from common import dates
from common.dates import (
    EXTRA_BANK_HOLIDAYS,
    add_months,
    add_school_days,
    add_working_days,
    age_in_months,
    bank_holidays,
    is_school_day,
    is_working_day,
    months_between,
    next_term_start,
    school_days_between,
    school_year_start,
    working_days_between,
)

# --- Today ------------------------------------------------------------------------------


def test_today_is_the_date_in_london_not_on_the_servers_clock():
    # 23:30 UTC on 30 June is already 1 July in London (British Summer Time).
    with time_machine.travel(datetime(2026, 6, 30, 23, 30, tzinfo=UTC), tick=False):
        assert dates.today() == date(2026, 7, 1)


def test_today_in_winter_is_the_utc_date():
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), tick=False):
        assert dates.today() == date(2026, 12, 31)


# --- Months and ages --------------------------------------------------------------------


def test_adding_a_month_to_31_january_gives_the_last_day_of_february_in_a_leap_year():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_adding_a_month_to_31_january_gives_28_february_in_an_ordinary_year():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


def test_twelve_months_after_29_february_is_28_february():
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_forty_eight_months_after_29_february_is_29_february_again():
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)


def test_adding_months_crosses_the_year_end_both_ways():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 1, 15), -2) == date(2026, 11, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 5, 31), -36) == date(2023, 5, 31)


def test_whole_months_are_complete_on_the_same_day_of_the_month():
    assert months_between(date(2026, 1, 15), date(2026, 2, 14)) == 0
    assert months_between(date(2026, 1, 15), date(2026, 2, 15)) == 1
    assert months_between(date(2025, 11, 20), date(2026, 1, 20)) == 2


def test_months_back_in_time_are_negative_and_rounded_down():
    assert months_between(date(2026, 3, 15), date(2026, 1, 10)) == -3
    assert months_between(date(2026, 3, 15), date(2026, 1, 15)) == -2


def test_a_child_born_on_29_february_turns_a_year_old_on_1_march_in_an_ordinary_year():
    born = date(2024, 2, 29)
    assert age_in_months(born, date(2025, 2, 28)) == 11
    assert age_in_months(born, date(2025, 3, 1)) == 12
    assert age_in_months(born, date(2028, 2, 29)) == 48


def test_a_child_born_on_31_march_is_a_month_older_on_1_may():
    born = date(2026, 3, 31)
    assert age_in_months(born, date(2026, 4, 30)) == 0
    assert age_in_months(born, date(2026, 5, 1)) == 1


def test_the_school_year_starts_on_1_september():
    assert school_year_start(date(2026, 8, 31)) == date(2025, 9, 1)
    assert school_year_start(date(2026, 9, 1)) == date(2026, 9, 1)
    assert school_year_start(date(2027, 1, 4)) == date(2026, 9, 1)


# --- Bank holidays ----------------------------------------------------------------------


def test_the_may_bank_holiday_moved_to_ve_day_in_2020():
    assert date(2020, 5, 8) in bank_holidays(2020)
    assert date(2020, 5, 4) not in bank_holidays(2020)
    assert is_working_day(date(2020, 5, 4))
    assert not is_working_day(date(2020, 5, 8))


def test_2022_had_the_jubilee_and_the_queens_funeral():
    holidays_2022 = bank_holidays(2022)
    assert {date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19)} <= holidays_2022
    assert date(2022, 5, 30) not in holidays_2022  # the spring bank holiday moved to 2 June


def test_the_coronation_was_a_bank_holiday_in_2023():
    assert date(2023, 5, 8) in bank_holidays(2023)


def test_christmas_on_a_weekend_gives_substitute_days():
    # 2021: Christmas Day Saturday, Boxing Day Sunday: Monday 27 and Tuesday 28 off.
    assert {date(2021, 12, 27), date(2021, 12, 28)} <= bank_holidays(2021)
    # 2022: Christmas Day Sunday: Monday 26 (Boxing Day) and Tuesday 27 off.
    assert {date(2022, 12, 26), date(2022, 12, 27)} <= bank_holidays(2022)
    # 2022 New Year's Day was a Saturday: Monday 3 January 2022 off.
    assert date(2022, 1, 3) in bank_holidays(2022)


def test_bank_holidays_are_weekdays_only():
    for year in range(2020, 2031):
        assert all(day.weekday() < 5 for day in bank_holidays(year))


def test_easter_gives_good_friday_and_easter_monday():
    assert {date(2024, 3, 29), date(2024, 4, 1)} <= bank_holidays(2024)
    assert {date(2025, 4, 18), date(2025, 4, 21)} <= bank_holidays(2025)
    assert {date(2026, 4, 3), date(2026, 4, 6)} <= bank_holidays(2026)


def test_an_extra_announced_day_counts_even_if_the_package_lacks_it(monkeypatch):
    monkeypatch.setitem(EXTRA_BANK_HOLIDAYS, date(2031, 6, 11), "A one-off bank holiday")
    bank_holidays.cache_clear()
    try:
        assert date(2031, 6, 11) in bank_holidays(2031)
        assert not is_working_day(date(2031, 6, 11))
    finally:
        bank_holidays.cache_clear()


# --- Working days -----------------------------------------------------------------------


def test_weekends_are_not_working_days():
    assert is_working_day(date(2026, 11, 27))  # Friday
    assert not is_working_day(date(2026, 11, 28))
    assert not is_working_day(date(2026, 11, 29))


def test_zero_working_days_after_a_day_is_the_day_itself_even_a_sunday():
    assert add_working_days(date(2026, 11, 29), 0) == date(2026, 11, 29)


def test_one_working_day_after_a_friday_is_the_monday():
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)


def test_working_days_skip_christmas_and_new_year_across_the_year_end():
    # Wednesday 23 December 2026: 24th; 25th, 26th (Sat), 28th (Boxing Day substitute)
    # off; 29th, 30th, 31st; 1 January 2027 off; Monday 4 January.
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 24)
    assert add_working_days(date(2026, 12, 23), 2) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 23), 5) == date(2027, 1, 4)


def test_working_days_skip_good_friday_and_easter_monday():
    # Thursday 2 April 2026; Good Friday 3, Easter Monday 6 April.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)


def test_working_days_skip_the_moved_ve_day_bank_holiday_in_2020():
    # Thursday 7 May 2020; Friday 8 May was the bank holiday, Monday 4 May was not.
    assert add_working_days(date(2020, 5, 7), 1) == date(2020, 5, 11)
    assert add_working_days(date(2020, 5, 1), 1) == date(2020, 5, 4)


def test_a_twenty_working_day_deadline_over_christmas_2021():
    # Entered care Monday 13 December 2021 (day 0). Off: 27-28 Dec, 3 Jan 2022 (substitutes).
    deadline = add_working_days(date(2021, 12, 13), 20)
    assert deadline == date(2022, 1, 13)
    assert working_days_between(date(2021, 12, 13), deadline) == 20


def test_working_days_back_in_time_skip_the_same_days():
    assert add_working_days(date(2027, 1, 4), -5) == date(2026, 12, 23)
    assert add_working_days(date(2026, 11, 30), -1) == date(2026, 11, 27)


def test_working_days_between_counts_the_end_day_but_not_the_start_day():
    monday, friday = date(2026, 11, 23), date(2026, 11, 27)
    assert working_days_between(monday, friday) == 4
    assert working_days_between(monday, monday) == 0
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 30)) == 1


def test_working_days_between_is_the_same_count_negative_the_other_way_round():
    pairs = [
        (date(2026, 11, 23), date(2026, 11, 27)),
        (date(2026, 12, 23), date(2027, 1, 4)),
        (date(2026, 11, 28), date(2026, 12, 6)),  # Saturday to Sunday
        (date(2024, 2, 28), date(2024, 3, 4)),  # through 29 February
    ]
    for a, b in pairs:
        assert working_days_between(b, a) == -working_days_between(a, b)


def test_working_days_between_and_add_working_days_agree_over_years():
    start = date(2019, 12, 20)
    for n in (1, 7, 20, 60, 250, 800):
        end = add_working_days(start, n)
        assert working_days_between(start, end) == n


def test_working_days_between_over_a_whole_year_leaves_out_weekends_and_bank_holidays():
    # 2024: 262 weekdays (leap year starting Monday), 8 bank holidays.
    assert working_days_between(date(2023, 12, 31), date(2024, 12, 31)) == 254


# --- School days ------------------------------------------------------------------------

# Autumn 2026 with a half term (26-30 October), then spring 2027.
TERMS = [
    (date(2026, 9, 2), date(2026, 10, 23)),
    (date(2026, 11, 2), date(2026, 12, 18)),
    (date(2027, 1, 5), date(2027, 2, 12)),
]


def test_a_school_day_is_a_working_day_inside_a_term():
    assert is_school_day(date(2026, 10, 23), terms=TERMS)
    assert not is_school_day(date(2026, 10, 26), terms=TERMS)  # half term
    assert not is_school_day(date(2026, 10, 24), terms=TERMS)  # Saturday
    assert not is_school_day(date(2026, 9, 1), terms=TERMS)  # before the term


def test_school_days_skip_half_term():
    # Thursday 22 October: Friday 23rd is day 1, Monday 2 November day 2.
    assert add_school_days(date(2026, 10, 22), 1, terms=TERMS) == date(2026, 10, 23)
    assert add_school_days(date(2026, 10, 22), 2, terms=TERMS) == date(2026, 11, 2)
    assert add_school_days(date(2026, 11, 2), -2, terms=TERMS) == date(2026, 10, 22)


def test_school_days_skip_the_christmas_holidays():
    assert add_school_days(date(2026, 12, 18), 1, terms=TERMS) == date(2027, 1, 5)
    assert add_school_days(date(2026, 12, 25), 0, terms=TERMS) == date(2026, 12, 25)


def test_school_days_counted_from_a_holiday_start_at_the_next_term():
    assert add_school_days(date(2026, 10, 28), 1, terms=TERMS) == date(2026, 11, 2)


def test_school_days_between_skips_half_term_and_agrees_with_adding():
    start = date(2026, 10, 19)
    end = add_school_days(start, 10, terms=TERMS)
    assert end == date(2026, 11, 9)
    assert school_days_between(start, end, terms=TERMS) == 10
    assert school_days_between(end, start, terms=TERMS) == -10
    assert school_days_between(date(2026, 10, 23), date(2026, 11, 1), terms=TERMS) == 0


def test_school_days_past_the_last_term_known_cannot_be_worked_out():
    with pytest.raises(ValueError, match="term dates"):
        add_school_days(date(2027, 2, 1), 30, terms=TERMS)
    with pytest.raises(ValueError, match="term dates"):
        add_school_days(date(2026, 9, 10), 1, terms=[])


def test_the_term_after_a_birthday_is_the_next_one_to_start():
    assert next_term_start(date(2026, 10, 1), terms=TERMS) == date(2026, 11, 2)
    assert next_term_start(date(2026, 12, 25), terms=TERMS) == date(2027, 1, 5)
    # A birthday on the first day of a term waits for the next one.
    assert next_term_start(date(2026, 11, 2), terms=TERMS) == date(2027, 1, 5)


def test_no_term_after_the_last_known_one():
    assert next_term_start(date(2027, 1, 5), terms=TERMS) is None


def test_the_order_of_terms_does_not_matter():
    shuffled = list(reversed(TERMS))
    assert next_term_start(date(2026, 10, 1), terms=shuffled) == date(2026, 11, 2)
    assert school_days_between(date(2026, 10, 19), date(2026, 11, 9), terms=shuffled) == 10
