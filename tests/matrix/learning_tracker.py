# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the tracker, early assessment, group view and periods pages.

Everyone at the setting, and the advisors who follow the looked-after key child, may read
the child's progress; only the manager and the child's key person record it. The LA
administrator sees no child records (404 on a child's page). The group view and the
scale-and-periods page are the manager's.
"""

from datetime import date
from typing import Any

from learning.models import AssessmentPeriod
from tests.forms_html import HtmlForm
from tests.matrix.base import (
    LOGIN,
    OK,
    REDIRECT,
    Places,
    ago,
    as_rendered,
    at_child,
    at_setting,
    day_parts,
)


def at_child_period(places: Places) -> dict[str, object]:
    """The key child's judgements for a term of the manager's setting."""
    period, _ = AssessmentPeriod.objects.get_or_create(
        care_setting=places.care_setting,
        name="Autumn 2025",
        defaults={"starts_on": date(2025, 9, 1), "ends_on": date(2025, 12, 31)},
    )
    return {**at_child(places), "period_id": period.pk}


_L, _R = LOGIN, REDIRECT

# fmt: off
ROWS = {
    #                                                       anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:learning:tracker":         (at_child,        (_L, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "settings:learning:tracker_start":   (at_child,        (_L, _R,  _R,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:tracker_edit":    (at_child_period, (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:assessment":      (at_child,        (_L, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "settings:learning:assessment_edit": (at_child,        (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:group":           (at_setting,      (_L, 200, 403, 403, 403, 403, 404, 403, 403, 404, 404)),
    "settings:learning:periods":         (at_setting,      (_L, 200, 403, 403, 403, 403, 404, 403, 403, 404, 404)),
}
# fmt: on


# --- The write matrix ------------------------------------------------------------------


def a_judgement_everywhere(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {name: values[0] for name, values in form.options.items() if name.startswith("point_")}


def a_starting_point(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        **a_judgement_everywhere(places, form),
        "summary": "Enjoys the sand tray; settles quickly with a familiar adult.",
        **day_parts("completed_on", ago(1)),
    }


def another_period(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "add_period": "1",
        "period-name": "Holiday club",
        **day_parts("period-starts_on", date(2027, 7, 20)),
        **day_parts("period-ends_on", date(2027, 8, 20)),
    }


# fmt: off
WRITES = {
    #                                                                               anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:learning:tracker_start":   (at_child,        as_rendered,            (_L,  OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:tracker_edit":    (at_child_period, a_judgement_everywhere, (_L,  OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:assessment_edit": (at_child,        a_starting_point,       (_L,  OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:periods":         (at_setting,      another_period,         (_L,  OK,  403, 403, 403, 403, 404, 403, 403, 404, 404)),
}
# fmt: on
FORM_ON = {"settings:learning:tracker_start": ("settings:learning:tracker", at_child)}
