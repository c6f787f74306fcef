# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for safeguarding concerns, and their old addresses.

Any member of staff raises a concern and reads the receipts of the concerns they raised
(RAISE_CONCERN: not secret, so the LA's people who reach the setting are refused with 403);
a receipt is the raiser's alone (the practitioner's, here): 404 for everyone else, the DSL
and the manager too, and for the LA's people (it is looked up before the right is weighed). The log (the list, a concern, its log, outcome, category and related
concerns) is secret: only the DSL and the manager see it, everyone else who reaches the
setting gets 404, as do people of other settings and LAs. Starting a review is POST only, so
a GET answers 405 to anyone who reaches the setting. The time for a review is the manager's
to set: the DSL is refused (403), the others never see it (404). The old addresses under
learning/worries/ answer the same 404s after the same check and send the DSL and the
manager on to the concerns page (302); the old acknowledging address acts on nothing, so it
takes no row in the write matrix.
"""

from typing import Any

from django.utils import timezone

from safeguarding.models import Concern
from tests.factories.safeguarding import ConcernFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import (
    LOGIN,
    OK,
    REDIRECT,
    Places,
    as_rendered,
    at_setting,
    day_parts,
    first_option,
)


def a_concern(places: Places) -> dict[str, Any]:
    concern = ConcernFactory(child=places.fixture("key_child"))
    return {"setting_slug": places.care_setting.slug, "concern_id": concern.pk}


def the_waiting_concern(places: Places) -> dict[str, Any]:
    """The key child's concern waiting for review (the same one for the page and the post)."""
    child = places.fixture("key_child")
    concern = Concern.objects.filter(child=child, acknowledged_at__isnull=True).first()
    if concern is None:
        concern = ConcernFactory(child=child)
    return {"setting_slug": places.care_setting.slug, "concern_id": concern.pk}


def two_concerns(places: Places) -> dict[str, Any]:
    """A concern and another of the same child, to link."""
    child = places.fixture("key_child")
    ConcernFactory(child=child)
    concern = ConcernFactory(child=child)
    return {"setting_slug": places.care_setting.slug, "concern_id": concern.pk}


def a_raised_concern(places: Places) -> dict[str, Any]:
    """A concern the practitioner raised: its receipt is theirs alone."""
    concern = Concern.objects.filter(raised_by=places.fixture("practitioner")).first()
    if concern is None:
        concern = ConcernFactory(
            child=places.fixture("key_child"), raised_by=places.fixture("practitioner")
        )
    return {"setting_slug": places.care_setting.slug, "concern_id": concern.pk}


def a_new_concern(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "child": next(value for value in form.options["child"] if value),
        **day_parts("occurred_on", timezone.localdate()),
        "text": "A bruise on the arm, seen at the coat pegs.",
    }


def an_entry(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "kind": "note",
        **day_parts("taken_on", timezone.localdate()),
        "text": "Spoke to the key person.",
    }


def an_outcome(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"outcome": "monitor", "outcome_notes": "Keep watching; talk again in a week."}


def a_category(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"category": "neglect"}


def a_link(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"related": [first_option(form, "related")]}


def eight_hours(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"concern_review_hours": "8"}


_L = LOGIN
_R = REDIRECT

# fmt: off
ROWS = {
    #                                                        anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:concern_raise":       (at_setting, (_L, 200, 200, 200, 200, 403, 404, 403, 403, 404, 404)),
    "settings:safeguarding:my_concerns":         (at_setting, (_L, 200, 200, 200, 200, 403, 404, 403, 403, 404, 404)),
    "settings:safeguarding:concern_receipt":     (a_raised_concern, (_L, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:concern_list":        (at_setting, (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:concern_detail":      (a_concern,  (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:concern_acknowledge": (a_concern,  (_L, 405, 405, 405, 405, 405, 404, 405, 405, 404, 404)),
    "settings:safeguarding:concern_action_add":  (a_concern,  (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:concern_outcome":     (a_concern,  (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:concern_category":    (a_concern,  (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:concern_link":        (two_concerns, (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:review_settings":     (at_setting, (_L, 200, 404, 404, 403, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:worry_list":          (at_setting, (_L, _R,  404, 404, _R,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:worry_acknowledge":   (a_concern,  (_L, _R,  404, 404, _R,  404, 404, 404, 404, 404, 404)),
}

WRITES = {
    #                                                                          anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:concern_raise":       (at_setting,   a_new_concern, (_L, OK,  OK,  OK,  OK,  403, 404, 403, 403, 404, 404)),
    "settings:safeguarding:concern_acknowledge": (the_waiting_concern, as_rendered,   (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:concern_action_add":  (a_concern,    an_entry,      (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:concern_outcome":     (a_concern,    an_outcome,    (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:concern_category":    (a_concern,    a_category,    (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:concern_link":        (two_concerns, a_link,        (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:review_settings":     (at_setting,   eight_hours,   (_L, OK,  404, 404, 403, 404, 404, 404, 404, 404, 404)),
}
# fmt: on
FORM_ON = {
    "settings:safeguarding:concern_acknowledge": (
        "settings:safeguarding:concern_detail",
        the_waiting_concern,
    ),
}
