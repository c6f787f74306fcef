"""The statutory clock: how due dates are worked out, and how they read on a page.

Pure functions of dates and the LA's policy (``common.dates`` counts the days); the
services that open and close cycles are in ``pep.clock.services``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from common import dates


@dataclass(frozen=True)
class ClockReading:
    """How a due date stands on a day: ``working_days`` left (negative when overdue)."""

    due_on: date
    working_days: int

    @property
    def is_overdue(self) -> bool:
        return self.working_days < 0

    @property
    def is_due_today(self) -> bool:
        return self.working_days == 0

    @property
    def words(self) -> str:
        """Return "12 working days left", "due today" or "3 working days overdue"."""
        if self.working_days == 0:
            return "due today"
        count = abs(self.working_days)
        noun = "working day" if count == 1 else "working days"
        return f"{count} {noun} overdue" if self.is_overdue else f"{count} {noun} left"


def read_clock(due_on: date, *, on: date | None = None) -> ClockReading:
    """Return the reading of a due date on a day (today in England by default).

    A due date on a non-working day that has not passed reads as the working days up to it
    (it is reached at the end of the last working day before); once passed it is overdue
    by the working days since.
    """
    on = on or dates.today()
    if due_on >= on:
        return ClockReading(due_on=due_on, working_days=dates.working_days_between(on, due_on))
    return ClockReading(
        due_on=due_on, working_days=-max(1, dates.working_days_between(due_on, on))
    )


# --- Due dates: pure rules of the statutory clock -------------------------------------------
#
# No queries: the LA's policy comes in as a ``ClockPolicy`` (``ClockPolicy.of(la)`` reads the
# fields of a loaded LocalAuthority) and its school terms as (starts_on, ends_on) pairs
# (``LocalAuthority.term_dates()``). Every function returns the date and the words that say
# how it was worked out, which the PEP keeps as ``clock_rule``.

# Terms assumed, when the LA has entered none, for "the term after the birthday": the usual
# starts of the autumn, spring and summer terms.
USUAL_TERM_STARTS = ((9, 1), (1, 1), (4, 1))


@dataclass(frozen=True)
class ClockPolicy:
    """The parts of an LA's policy the clock reads (``LocalAuthority`` field values)."""

    review_cycle: str = "six_monthly"
    termly_cut_offs: tuple[str, ...] = ()
    day_count: str = "working"
    initial_days: int = 20
    emergency_days: int = 10
    change_of_setting_days: int = 10
    start_age: int = 2
    start_rule: str = "at_age"
    reminder_days: int = 10

    @classmethod
    def of(cls, la: Any) -> "ClockPolicy":
        """Return the policy of a loaded LocalAuthority (reads its fields, makes no query)."""
        return cls(
            review_cycle=la.pep_review_cycle,
            termly_cut_offs=tuple(la.termly_cut_off_dates or ()),
            day_count=la.pep_day_count,
            initial_days=la.initial_pep_days,
            emergency_days=la.emergency_pep_days,
            change_of_setting_days=la.change_of_setting_pep_days,
            start_age=la.ey_pep_start_age,
            start_rule=la.ey_pep_start_rule,
            reminder_days=la.pep_reminder_days,
        )

    @property
    def needs_terms(self) -> bool:
        """Return whether any rule of this policy reads the LA's school terms."""
        return (
            self.day_count == "school"
            or self.start_rule == "term_after"
            or self.review_cycle == "termly"
        )


@dataclass(frozen=True)
class ClockDate:
    """A date the clock worked out, and how, in words (``Pep.clock_rule``)."""

    on: date
    words: str


@dataclass(frozen=True)
class FirstCycle:
    """The first PEP cycle a looked-after child is owed: its kind, clock start and due date."""

    kind: str  # a Pep.Kind value: "initial" or "change_of_setting"
    opened_on: date
    due: ClockDate


def long_date(day: date) -> str:
    """Return the date as GOV.UK writes it: 3 March 2027."""
    return f"{day.day} {day:%B %Y}"


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def _days(n: int, unit: str) -> str:
    return f"{n} {unit}" if n != 1 else f"1 {unit[:-1]}"


def on_or_before_working_day(day: date) -> date:
    """Return the day, or the last working day before it when it is not one.

    A due date must be a day someone can meet it on: six months after a meeting, or a
    cut-off, that lands on a weekend or bank holiday is due on the working day before.
    """
    while not dates.is_working_day(day):
        day -= timedelta(days=1)
    return day


def _moved_words(day: date, moved: date) -> str:
    if moved == day:
        return ""
    return f" ({long_date(day)} is not a working day: the working day before)"


def pep_start_date(
    date_of_birth: date, *, start_age: int, rule: str, terms: Sequence[dates.Term]
) -> ClockDate:
    """Return the day early years PEPs start for a child born on ``date_of_birth``.

    ``at_age``: the birthday at ``start_age``. ``term_after``: the first day of the first
    term that starts after that birthday, from the LA's terms; when none is known that far,
    the usual term start (1 September, 1 January or 1 April) after the birthday, and the
    words say so.
    """
    birthday = dates.add_years(date_of_birth, start_age)
    which = f"{_ordinal(start_age)} birthday"
    if rule != "term_after":
        return ClockDate(birthday, f"the {which} on {long_date(birthday)}")
    starts = dates.next_term_start(birthday, terms=terms)
    if starts is not None:
        return ClockDate(
            starts,
            f"the term starting {long_date(starts)}, after the {which} on {long_date(birthday)}",
        )
    starts = min(
        date(birthday.year + year, month, day)
        for year in (0, 1)
        for month, day in USUAL_TERM_STARTS
        if date(birthday.year + year, month, day) > birthday
    )
    return ClockDate(
        starts,
        f"the usual term start of {long_date(starts)}, after the {which} on "
        f"{long_date(birthday)} (no term dates known)",
    )


def _count(
    start: date, n: int, *, policy: ClockPolicy, terms: Sequence[dates.Term]
) -> tuple[date, str]:
    """Return the ``n``-th working or school day after ``start`` and the unit in words.

    School days need the LA's terms; when they run out (or none were entered) the count
    falls back to working days and the words say so, rather than leave a PEP without a date.
    """
    if policy.day_count == "school":
        try:
            return dates.add_school_days(start, n, terms=terms), _days(n, "school days")
        except ValueError:
            return (
                dates.add_working_days(start, n),
                _days(n, "working days") + " (school terms not known that far)",
            )
    return dates.add_working_days(start, n), _days(n, "working days")


def initial_due(
    entered_on: date,
    *,
    emergency: bool,
    policy: ClockPolicy,
    terms: Sequence[dates.Term],
    pep_start_on: date | None = None,
) -> ClockDate:
    """Return the initial PEP's due date: the LA's days after entering care.

    After an emergency placement the LA's emergency days. A child who entered care before
    early years PEP age (``pep_start_on`` later than ``entered_on``) is owed the initial PEP
    within the LA's ordinary initial days of reaching that age.
    """
    if pep_start_on is not None and pep_start_on > entered_on:
        start, n = pep_start_on, policy.initial_days
        event = f"reaching early years PEP age on {long_date(start)}"
    elif emergency:
        start, n = entered_on, policy.emergency_days
        event = f"an emergency placement on {long_date(start)}"
    else:
        start, n = entered_on, policy.initial_days
        event = f"entering care on {long_date(start)}"
    due, unit = _count(start, n, policy=policy, terms=terms)
    return ClockDate(due, f"{unit} after {event}")


def change_of_setting_due(
    moved_on: date, *, policy: ClockPolicy, terms: Sequence[dates.Term], joined: bool = False
) -> ClockDate:
    """Return a new PEP's due date after a change of setting: the LA's days after the move.

    ``joined``: the child joined the setting already looked after (from a setting not on
    the portal); the words say "joining the setting".
    """
    due, unit = _count(moved_on, policy.change_of_setting_days, policy=policy, terms=terms)
    event = "joining the setting" if joined else "the change of setting"
    return ClockDate(due, f"{unit} after {event} on {long_date(moved_on)}")


def _cut_off(year: int, month_day: str) -> date:
    month, day = (int(part) for part in month_day.split("-"))
    for last in (day, 30, 29, 28):
        try:
            return date(year, month, min(day, last))
        except ValueError:
            continue
    raise ValueError(month_day)  # pragma: no cover


def next_review_due(
    meeting_on: date,
    *,
    cycle: str,
    cut_offs: Sequence[str],
    terms: Sequence[dates.Term] = (),
) -> ClockDate:
    """Return the next PEP review's due date after a PEP meeting held on ``meeting_on``.

    Six-monthly: six calendar months after the meeting. Termly: the next of the LA's
    cut-off dates ("MM-DD", every year) after the meeting; when the LA's terms are known
    and the meeting was in term time, the next cut-off after the end of *that* term, so a
    meeting early in a term does not make the next PEP due at the same term's cut-off (one
    PEP a term). A termly LA without cut-off dates falls back to six months. A due date on
    a weekend or bank holiday is the working day before (``on_or_before_working_day``).
    """
    held = f"the PEP meeting on {long_date(meeting_on)}"
    if cycle == "termly" and cut_offs:
        after, after_words = meeting_on, f"after {held}"
        for starts_on, ends_on in terms:
            if starts_on <= meeting_on <= ends_on:
                after = ends_on
                after_words = f"after the term of {held} (ends {long_date(ends_on)})"
                break
        candidates = sorted(
            _cut_off(year, month_day)
            for year in range(after.year, after.year + 2)
            for month_day in cut_offs
        )
        for cut_off in candidates:
            due = on_or_before_working_day(cut_off)
            if due > after:
                return ClockDate(
                    due, f"the next termly cut-off {after_words}{_moved_words(cut_off, due)}"
                )
    six_months = dates.add_months(meeting_on, 6)
    due = on_or_before_working_day(six_months)
    fallback = " (no termly cut-off dates set)" if cycle == "termly" else ""
    return ClockDate(due, f"6 months after {held}{fallback}{_moved_words(six_months, due)}")


def first_cycle(
    *,
    date_of_birth: date,
    entered_care_on: date | None,
    start_date: date,
    emergency: bool,
    today: date,
    policy: ClockPolicy,
    terms: Sequence[dates.Term],
) -> FirstCycle | None:
    """Return the first cycle a looked-after child is owed, or None below PEP age today.

    The clock starts on the later of entering care (today if not recorded) and the early
    years PEP start: an *initial* PEP, whether the child entered care at PEP age or reached
    it in care (then within the ordinary initial days). A child who joined the setting
    already looked after, whose initial deadline had passed by their first day there, is
    owed a PEP within the LA's change-of-setting days of joining instead.
    """
    start = pep_start_date(
        date_of_birth, start_age=policy.start_age, rule=policy.start_rule, terms=terms
    )
    if start.on > today:
        return None
    entered_on = entered_care_on or today
    due = initial_due(
        entered_on, emergency=emergency, policy=policy, terms=terms, pep_start_on=start.on
    )
    if due.on < start_date:
        return FirstCycle(
            kind="change_of_setting",
            opened_on=start_date,
            due=change_of_setting_due(start_date, policy=policy, terms=terms, joined=True),
        )
    return FirstCycle(kind="initial", opened_on=max(entered_on, start.on), due=due)
