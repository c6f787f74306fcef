# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for the setting's Ofsted and support pages and the
LA's settings portfolio.

The setting's support overview is read by its manager, the improvement advisor assigned to
it and the LA administrator (VIEW_QUALITY); recording or correcting an inspection and
saying who supports the setting are the advisor's and the LA administrator's
(SUPPORT_SETTING). Others at the setting get 403 (nothing secret); an advisor not assigned
to it, and people of other settings and LAs, 404. The portfolio and its CSV are for the
LA's improvement advisors (their own settings) and its administrator (VIEW_PORTFOLIO); the
children in care advisor gets 403, setting staff 404 (no role at the LA).
"""

from datetime import date
from typing import Any

from accounts.models import OfstedInspection
from tests.factories.accounts import OfstedInspectionFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, at_la, at_setting, day_parts


def the_inspection(places: Places) -> OfstedInspection:
    """A Good graded inspection of the manager's setting."""
    inspection = OfstedInspection.objects.filter(
        care_setting=places.care_setting, inspected_on=date(2025, 3, 4)
    ).first()
    return inspection or OfstedInspectionFactory(
        care_setting=places.care_setting, inspected_on=date(2025, 3, 4)
    )


def an_inspection(places: Places) -> dict[str, Any]:
    return {"setting_slug": places.care_setting.slug, "inspection_id": the_inspection(places).pk}


def a_report_card(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        **day_parts("inspected_on", date(2026, 1, 20)),
        "scheme": "report_card",
        "safeguarding": "met",
        **{f"area_{index}": "expected" for index in range(6)},
    }


def a_correction(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"overall_grade": "requires_improvement"}


def who_supports(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"area_senco_name": "Area SENCo, North team", "area_senco_email": "north@example.test"}


_L = LOGIN

# fmt: off
ROWS = {
    #                                                             anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:quality:overview":             (at_setting,    (_L, 200, 403, 403, 403, 200, 404, 403, 200, 404, 404)),
    "settings:quality:inspection_add":       (at_setting,    (_L, 403, 403, 403, 403, 200, 404, 403, 200, 404, 404)),
    "settings:quality:inspection_edit":      (an_inspection, (_L, 403, 403, 403, 403, 200, 404, 403, 200, 404, 404)),
    "settings:quality:setting_support_edit": (at_setting,    (_L, 403, 403, 403, 403, 200, 404, 403, 200, 404, 404)),
    "la_quality:portfolio":                  (at_la,         (_L, 404, 404, 404, 404, 200, 200, 403, 200, 404, 404)),
    "la_quality:portfolio_csv":              (at_la,         (_L, 404, 404, 404, 404, 200, 200, 403, 200, 404, 404)),
}

WRITES = {
    #                                                                            anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:quality:inspection_add":       (at_setting,    a_report_card, (_L, 403, 403, 403, 403, OK,  404, 403, OK,  404, 404)),
    "settings:quality:inspection_edit":      (an_inspection, a_correction,  (_L, 403, 403, 403, 403, OK,  404, 403, OK,  404, 404)),
    "settings:quality:setting_support_edit": (at_setting,    who_supports,  (_L, 403, 403, 403, 403, OK,  404, 403, OK,  404, 404)),
}
# fmt: on
