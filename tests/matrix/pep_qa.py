# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for PEP quality assurance and corrections, both sides.

The PEP is the key child's (``key_pep``; looked after, responsible LA = the home LA). The
QA page and feedback are for whoever quality-assures PEPs (QA_PEP): the improvement advisor
assigned to the setting and the children in care advisor. Setting staff read PEPs but do
not quality-assure them (403 at the setting; no LA role, so 404 under the LA). Starting a
correction of a signed PEP (``signed_pep``) is the responsible LA's children in care
advisor's only (SIGN_OFF_PEP): the improvement advisor is refused (403). The outsider
advisor (not assigned) and the LA administrator do not reach the child (404); another
setting or LA is 404 throughout.
"""

from typing import Any

from pep.models import Pep
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, at_la, at_setting


def at_pep(places: Places) -> dict[str, Any]:
    return {**at_setting(places), "pep_id": places.fixture("key_pep").pk}


def at_la_pep(places: Places) -> dict[str, Any]:
    return {**at_la(places), "pep_id": places.fixture("key_pep").pk}


def at_signed(places: Places) -> dict[str, Any]:
    return {**at_setting(places), "pep_id": places.fixture("signed_pep").pk}


def at_la_signed(places: Places) -> dict[str, Any]:
    return {**at_la(places), "pep_id": places.fixture("signed_pep").pk}


def awaiting_qa(places: Places) -> dict[str, Any]:
    """The key child's PEP after its meeting, awaiting quality assurance."""
    Pep.objects.filter(pk=places.fixture("key_pep").pk).update(status=Pep.Status.AWAITING_QA)
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
