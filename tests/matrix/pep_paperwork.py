# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the PEP page, its paperwork, submission and SMART targets.

The PEP is the key person's looked-after key child's current PEP (``key_pep``), reached
under the setting (/settings/<setting_slug>/pep/...) and under the LA (/la/<la_slug>/pep/...).

Setting side: the manager, the key person, the DSL, the assigned improvement advisor and the
children in care advisor read the PEP (VIEW_PEP); a practitioner who is not the key person
is refused (403). The paperwork and its submission are the manager's and the key person's
(EDIT_PEP); the carer's and social worker's views (the section these rows use) and the
targets are also the responsible LA's children in care advisor's. The LA administrator sees
no child records (404); the outsider advisor is not assigned to the setting and other
settings and LAs are 404 throughout.

LA side: setting staff hold no LA role (404); the assigned improvement advisor reads and
changes nothing (403); the children in care advisor reads, types in the views and keeps the
targets. Submission is the setting's only, so it has no LA-side page.
"""

from typing import Any

from pep.models import Pep
from tests.factories.pep import PepTargetFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, ago, at_la, at_setting, day_parts

_L = LOGIN


def at_pep(places: Places) -> dict[str, Any]:
    return {**at_setting(places), "pep_id": places.fixture("key_pep").pk}


def at_la_pep(places: Places) -> dict[str, Any]:
    return {**at_la(places), "pep_id": places.fixture("key_pep").pk}


def at_views(places: Places) -> dict[str, Any]:
    return {**at_pep(places), "section": "views"}


def at_la_views(places: Places) -> dict[str, Any]:
    return {**at_la_pep(places), "section": "views"}


def _a_target(places: Places) -> int:
    return PepTargetFactory(pep=places.fixture("key_pep")).pk


def at_target(places: Places) -> dict[str, Any]:
    return {**at_pep(places), "target_id": _a_target(places)}


def at_la_target(places: Places) -> dict[str, Any]:
    return {**at_la_pep(places), "target_id": _a_target(places)}


COMPLETE = {
    "voice_likes": "I like the water tray.",
    "voice_happy": "Bubbles.",
    "voice_how_i_show_it": "I clap.",
    "carer_views": "Settled well at home.",
    "carer_views_source": "Told to the key person at collection.",
    "social_worker_views": "Placement stable.",
    "social_worker_views_source": "By e-mail to the advisor.",
    "sessions_offered": 30,
    "sessions_attended": 28,
    "funded_hours": 15,
    "health": "Well.",
    "sen_support": "No SEN",
    "progress_notes": "Good progress in speaking.",
}


def _complete(places: Places) -> None:
    Pep.objects.filter(pk=places.fixture("key_pep").pk).update(**COMPLETE)


def at_complete_pep(places: Places) -> dict[str, Any]:
    """The key child's PEP with every section complete: ready to submit."""
    _complete(places)
    return at_pep(places)


# fmt: off
ROWS = {
    #                                                           anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:pep:detail":        (at_pep,       (_L, 200, 200, 403, 200, 200, 404, 200, 404, 404, 404)),
    "settings:pep:section":       (at_views,     (_L, 200, 200, 403, 200, 200, 404, 200, 404, 404, 404)),
    "settings:pep:submit":        (at_pep,       (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:pep:target_add":    (at_pep,       (_L, 200, 200, 403, 403, 403, 404, 200, 404, 404, 404)),
    "settings:pep:target_edit":   (at_target,    (_L, 200, 200, 403, 403, 403, 404, 200, 404, 404, 404)),
    "settings:pep:target_delete": (at_target,    (_L, 200, 200, 403, 403, 403, 404, 200, 404, 404, 404)),
    "la_pep:detail":              (at_la_pep,    (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)),
    "la_pep:section":             (at_la_views,  (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)),
    "la_pep:target_add":          (at_la_pep,    (_L, 404, 404, 404, 404, 403, 404, 200, 404, 404, 404)),
    "la_pep:target_edit":         (at_la_target, (_L, 404, 404, 404, 404, 403, 404, 200, 404, 404, 404)),
    "la_pep:target_delete":       (at_la_target, (_L, 404, 404, 404, 404, 403, 404, 200, 404, 404, 404)),
}
# fmt: on


# --- The write matrix ------------------------------------------------------------------


def the_views(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "carer_views": "Settled well; sleeping better.",
        "carer_views_source": "Told to the key person at collection.",
    }


def a_target(places: Places, form: HtmlForm) -> dict[str, Any]:
    from learning.models import Area

    return {
        "area": str(Area.objects.get(code="PSED").pk),
        "target": "Join a small group game for five minutes.",
        "who": "Key person",
        **day_parts("by_when", ago(-60)),
        "success_measure": "Stays in the game for five minutes, three days in a week.",
    }


def as_shown(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {}


# fmt: off
WRITES = {
    #                                                                       anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:pep:section":       (at_views,           the_views, (_L, OK,  OK,  403, 403, 403, 404, OK,  404, 404, 404)),
    "settings:pep:submit":        (at_complete_pep,    as_shown,  (_L, OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:pep:target_add":    (at_pep,             a_target,  (_L, OK,  OK,  403, 403, 403, 404, OK,  404, 404, 404)),
    "settings:pep:target_edit":   (at_target,          a_target,  (_L, OK,  OK,  403, 403, 403, 404, OK,  404, 404, 404)),
    "settings:pep:target_delete": (at_target,          as_shown,  (_L, OK,  OK,  403, 403, 403, 404, OK,  404, 404, 404)),
    "la_pep:section":             (at_la_views,        the_views, (_L, 404, 404, 404, 404, 403, 404, OK,  404, 404, 404)),
    "la_pep:target_add":          (at_la_pep,          a_target,  (_L, 404, 404, 404, 404, 403, 404, OK,  404, 404, 404)),
    "la_pep:target_edit":         (at_la_target,       a_target,  (_L, 404, 404, 404, 404, 403, 404, OK,  404, 404, 404)),
    "la_pep:target_delete":       (at_la_target,       as_shown,  (_L, 404, 404, 404, 404, 403, 404, OK,  404, 404, 404)),
}
# fmt: on
