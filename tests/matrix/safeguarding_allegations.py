# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for allegations against staff.

The manager and the DSL see an allegation about another member of staff; everyone else
who reaches the setting gets 404, as do people of other settings and LAs. Allegations
about the reader themselves (the accused as a manager, or as a practitioner with the DSL
flag) are 404 too: tests/safeguarding/test_allegations.py holds that matrix.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from safeguarding.models import Allegation
from tests.factories.accounts import MembershipFactory
from tests.factories.safeguarding import AllegationFactory
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, at_setting, day_parts

ACCUSED = "accused@example.test"


def the_accused(places: Places) -> Any:
    """A practitioner at the manager's setting, whom none of the personas is."""
    membership = places.care_setting.memberships.filter(user__email=ACCUSED).first()
    if membership is None:
        membership = MembershipFactory(
            care_setting=places.care_setting,
            user__full_name="Sam Accused",
            user__email=ACCUSED,
        )
    return membership.user


def an_allegation(places: Places) -> dict[str, Any]:
    allegation = Allegation.objects.filter(care_setting=places.care_setting).first()
    if allegation is None:
        allegation = AllegationFactory(
            care_setting=places.care_setting, staff_member=the_accused(places)
        )
    return {"setting_slug": places.care_setting.slug, "allegation_id": allegation.pk}


def new_allegation(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "staff_member": str(the_accused(places).pk),
        **day_parts("received_on", timezone.localdate()),
        "made_by": "A parent, by telephone",
        "summary": "A parent says a member of staff shouted at a child at lunch.",
        "serious_harm": "no",
        "immediate_actions": "Spoke to the parent; the LADO to be called.",
    }


def lado_referred(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        **day_parts("lado_referred_on", timezone.localdate() - timedelta(days=1)),
        "lado_reference": "LADO-2026-17",
    }


_L = LOGIN

# fmt: off
ROWS = {
    #                                                         anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:allegation_list":   (at_setting,    (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:allegation_add":    (at_setting,    (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:allegation_detail": (an_allegation, (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:allegation_edit":   (an_allegation, (_L, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
}

WRITES = {
    #                                                                         anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:safeguarding:allegation_add":    (at_setting,    new_allegation, (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
    "settings:safeguarding:allegation_edit":   (an_allegation, lado_referred,  (_L, OK,  404, 404, OK,  404, 404, 404, 404, 404, 404)),
}
# fmt: on
