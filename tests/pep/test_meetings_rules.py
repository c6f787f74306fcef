"""Looked-after review due dates: the first within 20 working days of entering care, the
second within 3 months of the first, then at most 6 months apart."""

from datetime import date

from pep.meetings.rules import lac_reviews


def test_before_any_review_the_first_is_due_20_working_days_after_entering_care():
    # Entered care on Monday 15 December 2025: Christmas Day, Boxing Day and New Year's Day
    # are not working days, so the 20th working day is Thursday 15 January 2026.
    (first,) = lac_reviews(entered_care_on=date(2025, 12, 15), held_on=[])

    assert (first.number, first.due_on, first.held_on) == (1, date(2026, 1, 15), None)
    assert first.is_overdue(date(2026, 1, 16)) and not first.is_overdue(date(2026, 1, 15))


def test_the_second_is_due_3_months_after_the_first_then_6_months_apart():
    reviews = lac_reviews(
        entered_care_on=date(2026, 1, 5),
        held_on=[date(2026, 5, 20), date(2026, 1, 30), date(2025, 6, 1)],  # the last: before care
    )

    assert [(r.ordinal, r.due_on, r.held_on) for r in reviews] == [
        ("1st", date(2026, 2, 2), date(2026, 1, 30)),
        ("2nd", date(2026, 4, 30), date(2026, 5, 20)),
        ("3rd", date(2026, 11, 20), None),
    ]
    assert reviews[1].was_late and not reviews[0].was_late


def test_a_review_on_the_31st_is_followed_by_the_end_of_a_shorter_month():
    reviews = lac_reviews(
        entered_care_on=date(2025, 10, 1), held_on=[date(2025, 10, 20), date(2025, 11, 30)]
    )

    assert reviews[-1].due_on == date(2026, 5, 30)
    assert lac_reviews(entered_care_on=date(2025, 10, 1), held_on=[date(2025, 11, 30)])[
        -1
    ].due_on == date(2026, 2, 28)
