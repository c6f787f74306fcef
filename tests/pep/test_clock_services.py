"""The clock kept by the child's lifecycle: cycles opened, replaced and closed, once each.

Time is pinned to Monday 1 March 2027. Good Friday and Easter Monday 2027 are 26 and 29
March, so "20 working days" from early March runs into April.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import LocalAuthority, SchoolTerm
from children import lifecycle
from children import services as children_services
from children.models import Child
from common.models import AuditEvent
from pep import hooks
from pep.clock import services
from pep.models import Meeting, Pep
from tests.factories.accounts import ChildFactory
from tests.factories.pep import MeetingFactory, PepFactory

LONDON = ZoneInfo("Europe/London")
TODAY = date(2027, 3, 1)
BORN_AT_PEP_AGE = date(2024, 5, 1)  # 2 years 10 months old today


@pytest.fixture(autouse=True)
def pinned_time():
    with time_machine.travel(datetime(2027, 3, 1, 10, 0, tzinfo=LONDON), tick=False) as traveller:
        yield traveller


def add_in_care(care_setting, manager, **fields) -> Child:
    values = {
        "first_name": "Kai",
        "last_name": "Taylor",
        "date_of_birth": BORN_AT_PEP_AGE,
        "start_date": date(2026, 9, 2),
        "looked_after_status": Child.LookedAfter.LOOKED_AFTER,
        "legal_status": Child.LegalStatus.C2,
        "responsible_la": care_setting.local_authority,
        "entered_care_on": TODAY,
    } | fields
    return children_services.child_add(care_setting=care_setting, by=manager, **values)


def peps_of(child: Child) -> list[Pep]:
    return list(Pep.objects.filter(child=child).order_by("pk"))


def verbs_of(child: Child) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_id=str(child.pk), verb__startswith="pep.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def in_care(care_setting, **fields) -> Child:
    values = {"date_of_birth": BORN_AT_PEP_AGE, "entered_care_on": date(2026, 9, 2)} | fields
    return ChildFactory(care_setting=care_setting, looked_after=True, **values)


# --- Entering care --------------------------------------------------------------------------


def test_a_child_added_in_care_gets_one_initial_pep_due_twenty_working_days_on(
    care_setting, manager
):
    child = add_in_care(care_setting, manager)

    [pep] = peps_of(child)
    assert (pep.kind, pep.status, pep.is_current) == (Pep.Kind.INITIAL, Pep.Status.DUE, True)
    assert (pep.opened_on, pep.due_on) == (TODAY, date(2027, 3, 31))
    assert pep.clock_rule == "20 working days after entering care on 1 March 2027"
    assert (pep.care_setting, pep.responsible_la) == (care_setting, care_setting.local_authority)
    # on_joined and on_entered_care both fired: one cycle, one event.
    [event] = AuditEvent.objects.filter(verb="pep.opened")
    assert (event.actor, event.subject_id, event.restricted_to) == (
        manager,
        str(child.pk),
        "view_pep",
    )
    assert event.changes["due_on"] == "2027-03-31"


def test_an_emergency_placement_is_due_in_the_las_emergency_days(care_setting, manager):
    child = add_in_care(care_setting, manager, emergency_placement=True)

    [pep] = peps_of(child)
    assert pep.due_on == date(2027, 3, 15)
    assert pep.clock_rule == "10 working days after an emergency placement on 1 March 2027"


def test_school_days_are_counted_in_the_las_terms(care_setting, manager, home_la):
    LocalAuthority.objects.filter(pk=home_la.pk).update(pep_day_count="school")
    SchoolTerm.objects.create(
        local_authority=home_la,
        name="Spring 2",
        starts_on=date(2027, 2, 22),
        ends_on=date(2027, 3, 25),
    )
    SchoolTerm.objects.create(
        local_authority=home_la,
        name="Summer",
        starts_on=date(2027, 4, 12),
        ends_on=date(2027, 7, 21),
    )

    child = add_in_care(care_setting, manager, emergency_placement=True)

    # 2 to 5 and 8 to 12 March: 9 school days; the 10th is Monday 15 March.
    assert peps_of(child)[0].due_on == date(2027, 3, 15)
    child2 = add_in_care(care_setting, manager, first_name="Ola")
    # 18 school days up to 25 March, then the Easter holidays: 12 and 13 April.
    assert peps_of(child2)[0].due_on == date(2027, 4, 13)
    assert peps_of(child2)[0].clock_rule == "20 school days after entering care on 1 March 2027"


def test_a_child_coming_into_care_at_the_setting_gets_the_initial_pep(care_setting, manager):
    child = ChildFactory(care_setting=care_setting, date_of_birth=BORN_AT_PEP_AGE)

    children_services.child_update(
        child=child,
        by=manager,
        version=child.version,
        looked_after_status=Child.LookedAfter.LOOKED_AFTER,
        legal_status=Child.LegalStatus.C1,
        responsible_la=care_setting.local_authority,
        entered_care_on=date(2027, 2, 26),
    )

    [pep] = peps_of(child)
    # 20 working days from Friday 26 February: Good Friday (26 March) is not counted.
    assert (pep.kind, pep.opened_on, pep.due_on) == (
        Pep.Kind.INITIAL,
        date(2027, 2, 26),
        date(2027, 3, 30),
    )


def test_a_child_below_pep_age_gets_no_cycle_until_the_daily_check_on_their_birthday(
    care_setting, manager, pinned_time
):
    child = add_in_care(care_setting, manager, date_of_birth=date(2025, 3, 10))

    assert peps_of(child) == []
    assert services.ensure_cycles(today=TODAY)["below_pep_age"] == 1
    assert peps_of(child) == []

    pinned_time.move_to(datetime(2027, 3, 10, 6, 0, tzinfo=LONDON))
    counts = services.ensure_cycles(today=date(2027, 3, 10))

    [pep] = peps_of(child)
    assert counts["initial"] == counts["opened"] == 1
    assert (pep.kind, pep.opened_on, pep.due_on) == (
        Pep.Kind.INITIAL,
        date(2027, 3, 10),
        date(2027, 4, 9),
    )
    assert pep.clock_rule == "20 working days after reaching early years PEP age on 10 March 2027"
    assert verbs_of(child) == ["pep.opened"]


def test_the_term_after_the_birthday_rule_opens_the_cycle_on_the_first_day_of_term(
    care_setting, manager, home_la
):
    LocalAuthority.objects.filter(pk=home_la.pk).update(ey_pep_start_rule="term_after")
    SchoolTerm.objects.create(
        local_authority=home_la,
        name="Spring 2",
        starts_on=date(2027, 2, 22),
        ends_on=date(2027, 3, 25),
    )
    SchoolTerm.objects.create(
        local_authority=home_la,
        name="Summer",
        starts_on=date(2027, 4, 12),
        ends_on=date(2027, 7, 21),
    )
    # Turned two on 25 February: the next term to start is the summer term.
    child = add_in_care(care_setting, manager, date_of_birth=date(2025, 2, 25))

    assert peps_of(child) == []
    assert services.ensure_cycles(today=date(2027, 4, 11))["below_pep_age"] == 1
    services.ensure_cycles(today=date(2027, 4, 12))
    [pep] = peps_of(child)
    assert (pep.opened_on, pep.due_on) == (date(2027, 4, 12), date(2027, 5, 11))


def test_joining_in_care_long_after_entering_it_is_owed_a_change_of_setting_pep(
    care_setting, manager
):
    child = add_in_care(
        care_setting,
        manager,
        start_date=TODAY,
        entered_care_on=date(2026, 1, 5),
        previous_setting="A nursery in another county",
    )

    [pep] = peps_of(child)
    assert (pep.kind, pep.due_on) == (Pep.Kind.CHANGE_OF_SETTING, date(2027, 3, 15))
    assert pep.clock_rule == "10 working days after joining the setting on 1 March 2027"


def test_every_opening_listener_heard_twice_opens_one_cycle(care_setting, manager):
    child = add_in_care(care_setting, manager)

    lifecycle.on_entered_care.fire(child=child, by=manager)
    lifecycle.on_joined.fire(child=child, by=manager)

    assert len(peps_of(child)) == 1
    assert verbs_of(child) == ["pep.opened"]


def test_a_child_not_in_care_gets_no_cycle(care_setting, manager):
    child = ChildFactory(care_setting=care_setting, date_of_birth=BORN_AT_PEP_AGE)

    lifecycle.on_joined.fire(child=child, by=manager)

    assert peps_of(child) == []


# --- A change of setting ------------------------------------------------------------------


def test_a_move_mid_cycle_replaces_the_pep_and_reviews_the_last_signed_one(
    care_setting, other_setting, manager, cic_advisor
):
    child = in_care(care_setting)
    signed = PepFactory(child=child, signed=True, signed_off_by=cic_advisor)
    current = PepFactory(child=child, kind=Pep.Kind.REVIEW, status=Pep.Status.SCHEDULED)

    children_services.child_move(
        child=child,
        by=manager,
        version=child.version,
        to_setting=other_setting,
        moved_on=date(2027, 3, 10),
    )

    current.refresh_from_db()
    assert (current.status, current.is_current, current.closed_on, current.closed_reason) == (
        Pep.Status.CLOSED,
        False,
        date(2027, 3, 10),
        Pep.ClosedReason.CHANGE_OF_SETTING,
    )
    new = Pep.objects.get(child=child, is_current=True)
    assert (new.kind, new.opened_on, new.due_on, new.previous) == (
        Pep.Kind.CHANGE_OF_SETTING,
        date(2027, 3, 10),
        date(2027, 3, 24),
        signed,
    )
    assert new.care_setting == other_setting
    # The responsible LA arranges it wherever the child is placed.
    assert new.responsible_la == care_setting.local_authority
    assert new.clock_rule == "10 working days after the change of setting on 10 March 2027"
    assert verbs_of(child) == ["pep.closed", "pep.opened"]

    # The same move heard again changes nothing.
    child.refresh_from_db()
    lifecycle.on_moved.fire(
        child=child,
        by=manager,
        from_setting=care_setting,
        to_setting=other_setting,
        moved_on=date(2027, 3, 10),
    )
    assert Pep.objects.get(child=child, is_current=True) == new
    assert verbs_of(child) == ["pep.closed", "pep.opened"]


def test_a_child_below_pep_age_who_moves_gets_no_cycle(care_setting, other_setting, manager):
    child = in_care(care_setting, date_of_birth=date(2025, 6, 1))

    children_services.child_move(
        child=child, by=manager, version=child.version, to_setting=other_setting, moved_on=TODAY
    )

    assert peps_of(child) == []


# --- Leaving ---------------------------------------------------------------------------------


def test_leaving_care_closes_the_cycle(care_setting, manager):
    child = in_care(care_setting)
    pep = PepFactory(child=child)

    children_services.child_update(
        child=child,
        by=manager,
        version=child.version,
        looked_after_status=Child.LookedAfter.PREVIOUSLY,
        legal_status="",
    )

    pep.refresh_from_db()
    assert (pep.status, pep.is_current, pep.closed_on, pep.closed_reason) == (
        Pep.Status.CLOSED,
        False,
        TODAY,
        Pep.ClosedReason.LEFT_CARE,
    )
    assert verbs_of(child) == ["pep.closed"]
    event = AuditEvent.objects.get(verb="pep.closed")
    assert event.changes["reason"] == "The child is no longer looked after"
    # Heard again: nothing more, and the daily check opens nothing.
    lifecycle.on_left_care.fire(child=child, by=manager)
    services.ensure_cycles(today=TODAY)
    assert verbs_of(child) == ["pep.closed"]
    assert not Pep.objects.filter(child=child, is_current=True).exists()


def test_leaving_the_setting_closes_the_cycle_on_the_leave_date(care_setting, manager):
    child = in_care(care_setting)
    pep = PepFactory(child=child)

    children_services.child_leave(
        child=child,
        by=manager,
        version=child.version,
        leave_date=TODAY,
        leaving_destination="Moved away",
    )

    pep.refresh_from_db()
    assert (pep.status, pep.closed_on, pep.closed_reason) == (
        Pep.Status.CLOSED,
        TODAY,
        Pep.ClosedReason.LEFT_SETTING,
    )
    lifecycle.on_left.fire(child=child, by=manager, left_on=TODAY, recorded=False)
    services.ensure_cycles(today=date(2027, 3, 2))
    assert verbs_of(child) == ["pep.closed"]
    assert not Pep.objects.filter(child=child, is_current=True).exists()


def test_a_leave_recorded_ahead_closes_the_cycle_on_the_day(care_setting, manager):
    child = in_care(care_setting)
    pep = PepFactory(child=child)

    children_services.child_leave(
        child=child,
        by=manager,
        version=child.version,
        leave_date=date(2027, 3, 19),
        leaving_destination="Reception",
    )

    pep.refresh_from_db()
    assert pep.is_current
    assert services.ensure_cycles(today=date(2027, 3, 18))["closed"] == 0
    assert services.ensure_cycles(today=date(2027, 3, 19))["closed"] == 1
    pep.refresh_from_db()
    assert (pep.status, pep.closed_on, pep.closed_reason) == (
        Pep.Status.CLOSED,
        date(2027, 3, 19),
        Pep.ClosedReason.LEFT_SETTING,
    )
    assert services.ensure_cycles(today=date(2027, 3, 20)) == {
        "opened": 0,
        "initial": 0,
        "review": 0,
        "change_of_setting": 0,
        "below_pep_age": 0,
        "closed": 0,
    }
    assert verbs_of(child) == ["pep.closed"]


# --- Signing off opens the next cycle ---------------------------------------------------------


def sign(pep: Pep, *, current: bool = False) -> Pep:
    Pep.objects.filter(pk=pep.pk).update(
        status=Pep.Status.SIGNED_OFF,
        is_current=current,
        signed_off_at=datetime(2027, 3, 1, 9, 0, tzinfo=LONDON),
    )
    pep.refresh_from_db()
    return pep


def test_signing_off_opens_the_review_six_months_after_the_meeting(care_setting, cic_advisor):
    child = in_care(care_setting)
    pep = PepFactory(child=child)
    MeetingFactory(
        pep=pep, organiser=cic_advisor, status=Meeting.Status.HELD, held_on=date(2027, 2, 17)
    )
    sign(pep)

    hooks.on_signed_off.fire(pep=pep, by=cic_advisor, on=TODAY)

    review = Pep.objects.get(child=child, is_current=True)
    assert (review.kind, review.opened_on, review.due_on, review.previous) == (
        Pep.Kind.REVIEW,
        TODAY,
        date(2027, 8, 17),
        pep,
    )
    assert review.clock_rule == "6 months after the PEP meeting on 17 February 2027"
    # Heard twice: still one review.
    hooks.on_signed_off.fire(pep=pep, by=cic_advisor, on=TODAY)
    assert Pep.objects.filter(child=child, kind=Pep.Kind.REVIEW).count() == 1
    assert verbs_of(child) == ["pep.opened"]


def test_without_a_held_meeting_the_review_counts_from_the_sign_off(care_setting, cic_advisor):
    child = in_care(care_setting)
    pep = sign(PepFactory(child=child), current=True)  # still marked current when signed

    services.open_next_cycle(pep=pep, by=cic_advisor, on=TODAY)

    pep.refresh_from_db()
    assert not pep.is_current
    assert pep.status == Pep.Status.SIGNED_OFF
    review = Pep.objects.get(child=child, is_current=True)
    # 1 September 2027 is a Wednesday.
    assert review.due_on == date(2027, 9, 1)


def test_the_review_follows_the_childs_current_responsible_las_termly_cut_offs(
    care_setting, other_la, cic_advisor
):
    LocalAuthority.objects.filter(pk=other_la.pk).update(
        pep_review_cycle="termly", termly_cut_off_dates=["03-15", "07-10", "11-30"]
    )
    child = in_care(care_setting)
    pep = sign(PepFactory(child=child))
    Child.objects.filter(pk=child.pk).update(responsible_la=other_la)

    services.open_next_cycle(pep=pep, by=cic_advisor, on=TODAY)

    review = Pep.objects.get(child=child, is_current=True)
    assert review.responsible_la == other_la
    assert review.due_on == date(2027, 3, 15)
    assert review.clock_rule == "the next termly cut-off after the PEP meeting on 1 March 2027"


def test_the_daily_check_opens_a_missing_review_from_the_last_signed_pep(
    care_setting, cic_advisor
):
    child = in_care(care_setting)
    pep = sign(PepFactory(child=child))
    MeetingFactory(
        pep=pep, organiser=cic_advisor, status=Meeting.Status.HELD, held_on=date(2027, 2, 17)
    )

    counts = services.ensure_cycles(today=TODAY)

    assert (counts["review"], counts["opened"]) == (1, 1)
    review = Pep.objects.get(child=child, is_current=True)
    assert (review.kind, review.due_on, review.previous) == (
        Pep.Kind.REVIEW,
        date(2027, 8, 17),
        pep,
    )
    assert services.ensure_cycles(today=TODAY)["opened"] == 0


def test_a_current_cycle_is_never_doubled(care_setting, manager):
    child = in_care(care_setting)
    pep = PepFactory(child=child)

    assert services.start_initial_cycle(child=child, by=manager) is None
    assert services.ensure_cycles(today=TODAY)["opened"] == 0
    assert peps_of(child) == [pep]


# --- The daily check at scale ------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 20])
def test_the_daily_check_makes_the_same_queries_whatever_the_number_of_children(
    rows, care_setting, cic_advisor, django_assert_num_queries
):
    from django.contrib.contenttypes.models import ContentType

    for n in range(rows):
        child = in_care(care_setting)
        if n % 2:
            sign(PepFactory(child=child))
    ContentType.objects.get_for_model(Pep)
    ContentType.objects.get_for_model(Child)

    # savepoint, stale cycles, children with their LA and last signed PEP, terms, savepoint,
    # INSERT PEPs, release, INSERT audit events, release
    with django_assert_num_queries(9):
        counts = services.ensure_cycles(today=TODAY)

    assert counts["opened"] == rows
    assert Pep.objects.filter(is_current=True).count() == rows
    assert AuditEvent.objects.filter(verb="pep.opened").count() == rows
    # A rerun: savepoint, stale cycles, children (none), release.
    with django_assert_num_queries(4):
        assert services.ensure_cycles(today=TODAY)["opened"] == 0


def test_the_task_runs_the_daily_check_for_today(care_setting):
    from pep.clock import tasks

    in_care(care_setting)

    assert tasks.ensure_cycles()["opened"] == 1
    assert tasks.ensure_cycles()["opened"] == 0
