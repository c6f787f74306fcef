# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for notes of visit at a setting (settings:quality:visit_*).

Readers of the setting's support records (VIEW_QUALITY: the manager, the assigned advisor,
the LA administrator) read the notes; the manager reads only those shared with the setting,
so a draft is not found (404) for them. The advisor and the LA administrator write and
share notes (RECORD_VISIT); the manager writes the setting's reflections on shared notes
(REFLECT_ON_VISIT). Staff without the right and the children in care advisor are refused
the list and the form of new notes (403: not secret), and do not find any one note (404: it
is looked up through the door before the right is weighed, so a refusal never confirms that
a note exists); people of other settings and LAs, and an advisor not assigned to the
setting, do not reach it (404). Sharing is POST only: a GET answers 405 to anyone who
reaches the setting.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from quality.models import Visit
from tests.factories.quality import VisitFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, ago, at_setting, day_parts


def _visit(places: Places, *, shared: bool) -> Visit:
    visit = Visit.objects.filter(
        care_setting=places.care_setting, shared_at__isnull=not shared
    ).first()
    if visit is None:
        advisor = places.fixture("advisor")
        visit = VisitFactory(
            care_setting=places.care_setting,
            advisor=advisor,
            visited_on=ago(3),
            shared_at=timezone.now() - timedelta(days=1) if shared else None,
            shared_by=advisor if shared else None,
        )
    return visit


def a_shared_visit(places: Places) -> dict[str, Any]:
    return {"setting_slug": places.care_setting.slug, "visit_id": _visit(places, shared=True).pk}


def a_draft_visit(places: Places) -> dict[str, Any]:
    return {"setting_slug": places.care_setting.slug, "visit_id": _visit(places, shared=False).pk}


def new_notes(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        **day_parts("visited_on", ago(1)),
        "kind": "monitoring",
        "met_with": "The manager and the deputy manager",
        "working_well": "Children are settled and busy; key persons know them well.",
        "worried_about": "Next steps from observations are not always planned for.",
        "needs_to_happen": "Room leaders check next steps in planning each week.",
        "setting_scale": "6",
        "advisor_scale": "5",
    }


def changed_notes(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"needs_to_happen": "Room leaders check next steps in planning every Monday."}


def as_rendered(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {}


def reflections(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"reflections": "We agree about next steps and have started weekly checks."}


_L = LOGIN

# fmt: off
ROWS = {
    #                                                       anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:quality:visit_list":    (at_setting,      (_L, 200, 403, 403, 403, 200, 404, 403, 200, 404, 404)),
    "settings:quality:visit_add":     (at_setting,      (_L, 403, 403, 403, 403, 200, 404, 403, 200, 404, 404)),
    "settings:quality:visit_detail":  (a_shared_visit,  (_L, 200, 404, 404, 404, 200, 404, 404, 200, 404, 404)),
    # A draft: the manager does not find it.
    "settings:quality:visit_edit":    (a_draft_visit,   (_L, 404, 404, 404, 404, 200, 404, 404, 200, 404, 404)),
    "settings:quality:visit_share":   (a_draft_visit,   (_L, 405, 405, 405, 405, 405, 404, 405, 405, 404, 404)),
    "settings:quality:visit_reflect": (a_shared_visit,  (_L, 200, 404, 404, 404, 403, 404, 404, 403, 404, 404)),
    "settings:quality:visit_pdf":     (a_shared_visit,  (_L, 200, 404, 404, 404, 200, 404, 404, 200, 404, 404)),
}

WRITES = {
    #                                                                        anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:quality:visit_add":     (at_setting,     new_notes,     (_L, 403, 403, 403, 403, OK,  404, 403, OK,  404, 404)),
    "settings:quality:visit_edit":    (a_draft_visit,  changed_notes, (_L, 404, 404, 404, 404, OK,  404, 404, OK,  404, 404)),
    "settings:quality:visit_share":   (a_draft_visit,  as_rendered,   (_L, 404, 404, 404, 404, OK,  404, 404, OK,  404, 404)),
    "settings:quality:visit_reflect": (a_shared_visit, reflections,   (_L, OK,  404, 404, 404, 403, 404, 404, 403, 404, 404)),
}
# fmt: on
FORM_ON = {
    "settings:quality:visit_share": ("settings:quality:visit_detail", a_draft_visit),
}
