# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for agency working: the visit log and information sharing.

Part of the safeguarding log: the DSL and the manager read and write it; everyone else who
reaches the setting gets 404, as do people of other settings and LAs. Signing a visitor
out is POST only: a GET answers 405 to anyone who reaches the setting.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from safeguarding.models import AgencyVisit, InformationShare
from tests.factories.safeguarding import AgencyVisitFactory, InformationShareFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, at_child, at_setting, day_parts

VISITOR = "Matrix visitor"


def the_visit(places: Places) -> AgencyVisit:
    """The key child's visitor, on the premises (not signed out), supervised by the manager."""
    visit = AgencyVisit.objects.filter(
        care_setting=places.care_setting, visitor_name=VISITOR
    ).first()
    if visit is None:
        visit = AgencyVisitFactory(
            child=places.fixture("key_child"),
            visitor_name=VISITOR,
            supervised_by=places.fixture("manager"),
            arrived_at=timezone.now() - timedelta(hours=1),
            left_at=None,
        )
    return visit


def a_visit(places: Places) -> dict[str, Any]:
    return {"setting_slug": places.care_setting.slug, "visit_id": the_visit(places).pk}


def a_share(places: Places) -> dict[str, Any]:
    share = InformationShare.objects.filter(care_setting=places.care_setting).first()
    if share is None:
        share = InformationShareFactory(child=places.fixture("key_child"))
    return {"setting_slug": places.care_setting.slug, "share_id": share.pk}


def new_visit(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "visitor_name": "Social worker",
        "agency": "Northshire Children's Services",
        "visitor_role": "Social worker",
        "identity_checked": "on",
        "child": str(places.fixture("key_child").pk),
        "purpose": "Home visit follow-up at the setting.",
        **day_parts("arrived_on", timezone.localdate()),
        "arrived_time": "00:05",
        "supervised_by": str(places.fixture("manager").pk),
    }


def left_now(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"notes": "Saw the child in the quiet room with the key person."}


def as_rendered(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {}


def new_share(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "direction": "shared",
        "what": "Attendance this term.",
        "agency": "Northshire Children's Services",
        "person": "Duty social worker",
        **day_parts("shared_on", timezone.localdate()),
        "lawful_basis": "public_task",
        "consent": "not_sought",
        "override_reason": "Seeking consent would have put the child at risk.",
    }


def changed_share(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"what": "Attendance this term and last."}


_L = LOGIN

# fmt: off
ROWS = {
    #                                                   anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:visit_list":     (at_setting, (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:visit_add":      (at_setting, (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:visit_edit":     (a_visit,    (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:visit_sign_out": (a_visit,    (_L, 405, 405, 405, 405, 405, 404, 405, 405, 404, 404)),
    "settings:safeguarding:share_list":     (at_child,   (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:share_add":      (at_child,   (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:share_edit":     (a_share,    (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
}

WRITES = {
    #                                                                anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:visit_add":      (at_setting, new_visit,     (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:visit_edit":     (a_visit,    left_now,      (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:visit_sign_out": (a_visit,    as_rendered,   (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:share_add":      (at_child,   new_share,     (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:share_edit":     (a_share,    changed_share, (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
}
# fmt: on
FORM_ON = {
    "settings:safeguarding:visit_sign_out": ("settings:safeguarding:visit_list", at_setting),
}
