# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for meetings about a looked-after child, both sides.

The child is the key person's looked-after key child at the manager's setting, for whom the
home LA is responsible. Scheduling, moving, cancelling, confirming and recording a PEP
meeting is the home LA's children in care advisor's only (ORGANISE_PEP_MEETINGS for the
responsible LA), on either side; the assigned improvement advisor and the setting's staff
read (403). Reading the child's meetings and downloading an invitation is VIEW_PEP: the
manager, the key person, the DSL and both advisors; a practitioner who is not the child's
key person gets 403. Adding another meeting (a looked-after review, an advisor visit) is
also the setting's: whoever edits the child's PEP (the manager, the key person). The LA
administrator sees no child records (404); another setting or LA is 404 throughout.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from pep.models import Meeting, Pep
from tests.factories.pep import InviteeFactory, MeetingFactory, PepFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, at_child, at_la_child, day_parts

_L = LOGIN


def _at(places: Places) -> dict[str, Any]:
    return {"setting_slug": places.care_setting.slug}


def _at_la(places: Places) -> dict[str, Any]:
    return {"la_slug": places.home_la.slug}


def _pep(places: Places, **fields: Any) -> Pep:
    """A PEP of the key child in the state asked for, made its one current PEP.

    ``places`` has made ``key_pep`` (current) already: it stops being current first, as
    a child has only one current PEP.
    """
    child = places.fixture("key_child")
    Pep.objects.filter(child=child, is_current=True).update(is_current=False)
    return PepFactory(child=child, **fields)


def _meeting(places: Places, *, pep: Pep, **fields: Any) -> Meeting:
    meeting = MeetingFactory(pep=pep, organiser=places.fixture("cic_advisor"), **fields)
    key_person = places.fixture("key_person")
    InviteeFactory(meeting=meeting, user=key_person, name=key_person.full_name, role="Key person")
    InviteeFactory(meeting=meeting, role="Social worker")
    return meeting


def due_pep(places: Places) -> dict[str, Any]:
    """The key child's current PEP, due and not yet scheduled."""
    return {**_at(places), "pep_id": _pep(places).pk}


def due_pep_la(places: Places) -> dict[str, Any]:
    return {**_at_la(places), "pep_id": _pep(places).pk}


def scheduled(places: Places) -> Meeting:
    """A scheduled, not yet confirmed, PEP meeting in two weeks."""
    return _meeting(places, pep=_pep(places, status=Pep.Status.SCHEDULED))


def confirmed(places: Places) -> Meeting:
    """A confirmed PEP meeting in two weeks, the paperwork requested (as ``key_pep``).

    Made here, not through the ``key_pep`` fixture: a builder may run inside a savepoint
    that is rolled back, and a fixture first made there would vanish.
    """
    today = timezone.localdate()
    pep = _pep(
        places,
        status=Pep.Status.PAPERWORK_REQUESTED,
        paperwork_requested_on=today,
        paperwork_due_on=today + timedelta(days=7),
    )
    return _meeting(places, pep=pep, status=Meeting.Status.CONFIRMED, confirmed_at=timezone.now())


def held_yesterday(places: Places) -> Meeting:
    """A confirmed PEP meeting that took place yesterday; the paperwork is submitted."""
    now = timezone.now()
    return _meeting(
        places,
        pep=_pep(places, submitted=True),
        status=Meeting.Status.CONFIRMED,
        starts_at=now - timedelta(days=1, hours=2),
        ends_at=now - timedelta(days=1, hours=1),
    )


def _meeting_kwargs(make: Any, at: Any) -> Any:
    def build(places: Places) -> dict[str, Any]:
        return {**at(places), "meeting_id": make(places).pk}

    build.__name__ = f"{make.__name__}_{at.__name__.strip('_')}"
    return build


SCHEDULED, SCHEDULED_LA = _meeting_kwargs(scheduled, _at), _meeting_kwargs(scheduled, _at_la)
CONFIRMED, CONFIRMED_LA = _meeting_kwargs(confirmed, _at), _meeting_kwargs(confirmed, _at_la)
HELD, HELD_LA = _meeting_kwargs(held_yesterday, _at), _meeting_kwargs(held_yesterday, _at_la)

ORGANISER = (_L, 403, 403, 403, 403, 403, 404, 200, 404, 404, 404)
ORGANISER_LA = (_L, 404, 404, 404, 404, 403, 404, 200, 404, 404, 404)
READER = (_L, 200, 200, 403, 200, 200, 404, 200, 404, 404, 404)
READER_LA = (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)
RECORDER = (_L, 200, 200, 403, 403, 403, 404, 200, 404, 404, 404)
RECORDER_LA = (_L, 404, 404, 404, 404, 403, 404, 200, 404, 404, 404)

# fmt: off
ROWS = {
    #                                                       anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:pep:meeting_schedule":   (due_pep,      ORGANISER),
    "settings:pep:meeting_reschedule": (CONFIRMED,    ORGANISER),
    "settings:pep:meeting_cancel":     (CONFIRMED,    ORGANISER),
    "settings:pep:meeting_confirm":    (SCHEDULED,    ORGANISER),
    "settings:pep:meeting_record":     (HELD,         ORGANISER),
    "settings:pep:meeting_ics":        (CONFIRMED,    READER),
    "settings:pep:child_meetings":     (at_child,     READER),
    "settings:pep:other_meeting_add":  (at_child,     RECORDER),
    "la_pep:meeting_schedule":         (due_pep_la,   ORGANISER_LA),
    "la_pep:meeting_reschedule":       (CONFIRMED_LA, ORGANISER_LA),
    "la_pep:meeting_cancel":           (CONFIRMED_LA, ORGANISER_LA),
    "la_pep:meeting_confirm":          (SCHEDULED_LA, ORGANISER_LA),
    "la_pep:meeting_record":           (HELD_LA,      ORGANISER_LA),
    "la_pep:meeting_ics":              (CONFIRMED_LA, READER_LA),
    "la_pep:child_meetings":           (at_la_child,  READER_LA),
    "la_pep:other_meeting_add":        (at_la_child,  RECORDER_LA),
}
# fmt: on


# --- The write matrix ------------------------------------------------------------------


def _in_days(days: int) -> Any:
    return timezone.localdate() + timedelta(days=days)


def a_meeting(places: Places, form: HtmlForm) -> dict[str, Any]:
    """A PEP meeting in three weeks at the setting, the key person and a social worker."""
    return {
        **day_parts("date", _in_days(21)),
        "starts": "10:00",
        "ends": "11:30",
        "location": "The setting's meeting room",
        "invite_key_person": "on",
        "extra_name_1": "Sam Social",
        "extra_role_1": "Social worker",
        "extra_email_1": "sam.social@example.test",
    }


def another_meeting(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {**a_meeting(places, form), "kind": Meeting.Kind.LAC_REVIEW.value}


def moved(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        **day_parts("date", _in_days(22)),
        "starts": "13:00",
        "ends": "14:00",
        "reason": "The carer is away that week.",
    }


def a_reason(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"reason": "The placement has changed."}


def confirm(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {}


def what_happened(places: Places, form: HtmlForm) -> dict[str, Any]:
    attendance = {name: "attended" for name in form.names if name.startswith("attendance_")}
    return {
        **day_parts("held_on", _in_days(-1)),
        **attendance,
        "outcome": "Targets agreed for communication and language.",
        **day_parts("next_pep_on", _in_days(180)),
    }


# fmt: off
WRITES = {
    #                                                                     anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:pep:meeting_schedule":   (due_pep,      a_meeting,       (_L, 403, 403, 403, 403, 403, 404, OK,  404, 404, 404)),
    "settings:pep:meeting_reschedule": (CONFIRMED,    moved,           (_L, 403, 403, 403, 403, 403, 404, OK,  404, 404, 404)),
    "settings:pep:meeting_cancel":     (CONFIRMED,    a_reason,        (_L, 403, 403, 403, 403, 403, 404, OK,  404, 404, 404)),
    "settings:pep:meeting_confirm":    (SCHEDULED,    confirm,         (_L, 403, 403, 403, 403, 403, 404, OK,  404, 404, 404)),
    "settings:pep:meeting_record":     (HELD,         what_happened,   (_L, 403, 403, 403, 403, 403, 404, OK,  404, 404, 404)),
    "settings:pep:other_meeting_add":  (at_child,     another_meeting, (_L, OK,  OK,  403, 403, 403, 404, OK,  404, 404, 404)),
    "la_pep:meeting_schedule":         (due_pep_la,   a_meeting,       (_L, 404, 404, 404, 404, 403, 404, OK,  404, 404, 404)),
    "la_pep:meeting_reschedule":       (CONFIRMED_LA, moved,           (_L, 404, 404, 404, 404, 403, 404, OK,  404, 404, 404)),
    "la_pep:meeting_cancel":           (CONFIRMED_LA, a_reason,        (_L, 404, 404, 404, 404, 403, 404, OK,  404, 404, 404)),
    "la_pep:meeting_confirm":          (SCHEDULED_LA, confirm,         (_L, 404, 404, 404, 404, 403, 404, OK,  404, 404, 404)),
    "la_pep:meeting_record":           (HELD_LA,      what_happened,   (_L, 404, 404, 404, 404, 403, 404, OK,  404, 404, 404)),
    "la_pep:other_meeting_add":        (at_la_child,  another_meeting, (_L, 404, 404, 404, 404, 403, 404, OK,  404, 404, 404)),
}
# fmt: on
