# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for PEP quality assurance and corrections, both sides.

The PEP is the key child's (as ``key_pep``; looked after, responsible LA = the home LA). The
QA page and feedback are for whoever quality-assures PEPs (QA_PEP): the improvement advisor
assigned to the setting and the children in care advisor. Setting staff read PEPs but do
not quality-assure them (403 at the setting; no LA role, so 404 under the LA). Starting a
correction of a signed PEP (as ``signed_pep``) is the responsible LA's children in care
advisor's only (SIGN_OFF_PEP): the improvement advisor is refused (403). The outsider
advisor (not assigned) and the LA administrator do not reach the child (404); another
setting or LA is 404 throughout.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from pep.models import Meeting, Pep
from tests.factories.pep import InviteeFactory, MeetingFactory, PepFactory, PepTargetFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, at_la, at_setting


# The PEPs are found or made here, as the ``key_pep`` and ``signed_pep`` fixtures make them,
# not asked of those fixtures: the matrices run builders in savepoints they roll back, and a
# fixture first made in one would vanish while pytest kept it.
def the_pep(places: Places) -> Pep:
    """The key child's current PEP: meeting confirmed in two weeks, paperwork requested."""
    child = places.fixture("key_child")
    pep = Pep.objects.filter(child=child, is_current=True).first()
    if pep is None:
        pep = PepFactory(
            child=child,
            status=Pep.Status.PAPERWORK_REQUESTED,
            paperwork_requested_on=timezone.localdate(),
            paperwork_due_on=timezone.localdate() + timedelta(days=7),
        )
        meeting = MeetingFactory(
            pep=pep,
            organiser=places.fixture("cic_advisor"),
            status=Meeting.Status.CONFIRMED,
            confirmed_at=timezone.now(),
        )
        key_person = places.fixture("key_person")
        InviteeFactory(meeting=meeting, user=key_person, name=key_person.full_name)
    return pep


def the_signed_pep(places: Places) -> Pep:
    """A PEP of the key child signed off last term, with one target (not current)."""
    child = places.fixture("key_child")
    pep = Pep.objects.filter(child=child, status=Pep.Status.SIGNED_OFF).first()
    if pep is None:
        pep = PepFactory(
            child=child,
            signed=True,
            signed_off_by=places.fixture("cic_advisor"),
            opened_on=timezone.localdate() - timedelta(days=200),
            due_on=timezone.localdate() - timedelta(days=170),
        )
        PepTargetFactory(pep=pep)
    return pep


def at_pep(places: Places) -> dict[str, Any]:
    return {**at_setting(places), "pep_id": the_pep(places).pk}


def at_la_pep(places: Places) -> dict[str, Any]:
    return {**at_la(places), "pep_id": the_pep(places).pk}


def at_signed(places: Places) -> dict[str, Any]:
    return {**at_setting(places), "pep_id": the_signed_pep(places).pk}


def at_la_signed(places: Places) -> dict[str, Any]:
    return {**at_la(places), "pep_id": the_signed_pep(places).pk}


def awaiting_qa(places: Places) -> dict[str, Any]:
    """The key child's PEP after its meeting, awaiting quality assurance."""
    Pep.objects.filter(pk=the_pep(places).pk).update(status=Pep.Status.AWAITING_QA)
    return at_pep(places)


def la_awaiting_qa(places: Places) -> dict[str, Any]:
    awaiting_qa(places)
    return at_la_pep(places)


def feedback(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "checklist": ["child_voice", "carer_input"],
        "rag": "amber",
        "feedback": "Add how the carer's routines at home are going.",
        "decision": "feedback",
    }


def a_reason(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"reason": "The date of the next PEP was recorded wrongly."}


_L = LOGIN

# fmt: off
ROWS = {
    #                                                anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:pep:qa":          (at_pep,       (_L, 403, 403, 403, 403, 200, 404, 200, 404, 404, 404)),
    "la_pep:qa":                (at_la_pep,    (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)),
    "settings:pep:correction":  (at_signed,    (_L, 403, 403, 403, 403, 403, 404, 200, 404, 404, 404)),
    "la_pep:correction":        (at_la_signed, (_L, 404, 404, 404, 404, 403, 404, 200, 404, 404, 404)),
}

WRITES = {
    #                                                              anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:pep:qa":          (awaiting_qa,    feedback, (_L,  403, 403, 403, 403, OK,  404, OK,  404, 404, 404)),
    "la_pep:qa":                (la_awaiting_qa, feedback, (_L,  404, 404, 404, 404, OK,  404, OK,  404, 404, 404)),
    "settings:pep:correction":  (at_signed,      a_reason, (_L,  403, 403, 403, 403, 403, 404, OK,  404, 404, 404)),
    "la_pep:correction":        (at_la_signed,   a_reason, (_L,  404, 404, 404, 404, 403, 404, OK,  404, 404, 404)),
}
# fmt: on
