# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix rows for the progress check at age two and the leaving summary.

Every member of staff, and the advisors who follow the looked-after key child, read the
check, its PDF and the leaving summary (VIEW_PROGRESS). Recording, changing and sharing the
check, or recording why it was not done, is the manager's and the child's key person's
(EDIT_PROGRESS_CHECK). Sharing is a
POST: a GET by someone allowed goes back to the check page. The LA administrator sees no
child records (404); another setting or LA is 404 throughout.
"""

from typing import Any

from django.utils import timezone

from children.models import Child, Consent
from common.dates import add_months
from tests.factories.children import ConsentFactory
from tests.factories.learning_check import ProgressCheckFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, REDIRECT, Places, ago, as_rendered, at_child, day_parts


def with_check(places: Places) -> dict[str, Any]:
    """The key child, with a progress check recorded."""
    ProgressCheckFactory(child=places.fixture("key_child"))
    return at_child(places)


_L, _R = LOGIN, REDIRECT

# fmt: off
ROWS = {
    #                                                    anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:learning:check":       (at_child,    (_L, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "settings:learning:check_edit":  (at_child,    (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:check_not_done": (at_child, (_L, 200, 200, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:check_share": (with_check,  (_L, _R,  _R,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:check_pdf":   (with_check,  (_L, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
    "settings:learning:leaving_pdf": (at_child,    (_L, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404)),
}
# fmt: on


# --- The write matrix ------------------------------------------------------------------


def at_two_and_a_half(places: Places) -> dict[str, Any]:
    """The key child, now two and a half: the age of the progress check."""
    born = add_months(timezone.localdate(), -30)
    Child.objects.filter(pk=places.fixture("key_child").pk).update(
        date_of_birth=born, start_date=add_months(born, 9), entered_care_on=add_months(born, 12)
    )
    return at_child(places)


def with_check_and_consent(places: Places) -> dict[str, Any]:
    """The two-and-a-half-year-old key child's check, which the carers agreed to share."""
    kwargs = at_two_and_a_half(places)
    child = Child.objects.get(pk=kwargs["child_id"])
    ProgressCheckFactory(child=child, completed_on=ago(7))
    ConsentFactory(child=child, kind=Consent.Kind.HEALTH_VISITOR, given_on=ago(7))
    return kwargs


def a_check(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        **day_parts("completed_on", ago(1)),
        "communication_and_language": "Uses two-word phrases.",
        "personal_social_emotional": "Plays alongside others.",
        "physical_development": "Climbs the small frame.",
        "strengths": "Loves stories.",
        "next_steps": "Turn-taking games.",
    }


def a_reason(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "reason": "The family declined the check; the health visitor has been told.",
        **day_parts("decided_on", ago(1)),
    }


# fmt: off
WRITES = {
    #                                                                       anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:learning:check_edit":  (at_two_and_a_half,      a_check,     (_L,  OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:check_share": (with_check_and_consent, as_rendered, (_L,  OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:learning:check_not_done": (at_child,            a_reason,    (_L,  OK,  OK,  403, 403, 403, 404, 403, 404, 404, 404)),
}
# fmt: on
FORM_ON = {"settings:learning:check_share": ("settings:learning:check", at_child)}
