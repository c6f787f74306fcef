# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for a child's EYPP page, grounds and DAF awards.

The child is the key child (looked after, responsible LA = the home LA, key person =
``key_person``), given universal 15 hours and an age of about three and a half. Reading the
EYPP page takes VIEW_EYPP: the manager, the key person (own key child), the DSL, the
assigned improvement advisor and the children in care advisor; the practitioner is refused
(403). Recording grounds and the DAF is the manager's (EDIT_EYPP_ELIGIBILITY), at the
setting only. The LA administrator does not reach the child (404), nor does anyone from
another setting or LA.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from children.models import Child
from eypp import rules
from eypp.funding.selectors import funding_year_for
from eypp.models import Basis, DafAward, Eligibility, FundingYear
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, at_la, at_setting, day_parts


def _today():
    return timezone.localdate()


def the_child(places: Places) -> Child:
    """The key child, funded and of EYPP age (found or made inside the builder)."""
    child = places.fixture("key_child")
    Child.objects.filter(pk=child.pk).update(
        funded_entitlement="universal_15", date_of_birth=_today() - timedelta(days=1280)
    )
    child.refresh_from_db()
    return child


def the_ground(places: Places) -> Eligibility:
    child = the_child(places)
    ground = Eligibility.objects.filter(child=child, basis=Basis.ECONOMIC).first()
    if ground is None:
        ground = Eligibility.objects.create(
            child=child,
            basis=Basis.ECONOMIC,
            evidence="Parent declaration",
            evidence_seen_on=_today() - timedelta(days=40),
            eligible_from=_today() - timedelta(days=40),
            hours_per_week=15,
        )
    return ground


def this_year() -> int:
    return rules.financial_year_of(_today())


def the_daf(places: Places) -> DafAward:
    child = the_child(places)
    award = DafAward.objects.filter(child=child).first()
    if award is None:
        award = DafAward.objects.create(
            child=child,
            starts_in=this_year() - 1,
            care_setting=places.care_setting,
            evidence="DLA award letter",
            evidence_seen_on=_today() - timedelta(days=300),
            amount=900,
        )
    return award


def with_rates(places: Places) -> None:
    """Make sure this financial year has a DAF amount for the home LA."""
    if funding_year_for(places.home_la.pk, this_year()) is None:
        FundingYear.objects.create(
            local_authority=places.home_la,
            starts_in=this_year(),
            hourly_rate=1,
            daf_amount=900,
        )


def at_child(places: Places) -> dict[str, Any]:
    return {**at_setting(places), "child_id": the_child(places).pk}


def at_la_child(places: Places) -> dict[str, Any]:
    return {**at_la(places), "child_id": the_child(places).pk}


def at_ground(places: Places) -> dict[str, Any]:
    return {**at_child(places), "ground_id": the_ground(places).pk}


def at_daf_add(places: Places) -> dict[str, Any]:
    with_rates(places)
    return at_child(places)


def at_daf(places: Places) -> dict[str, Any]:
    with_rates(places)
    return {**at_child(places), "daf_id": the_daf(places).pk}


def a_ground(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "basis": "economic",
        "evidence": "Parent declaration; checked with the LA's eligibility service",
        **day_parts("evidence_seen_on", _today() - timedelta(days=3)),
        **day_parts("eligible_from", _today() - timedelta(days=10)),
        "hours_per_week": "15",
    }


def changed_ground(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"evidence": "Parent declaration and a benefit letter", "hours_per_week": "12"}


def ended(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {**day_parts("eligible_to", _today()), "reason": "No longer receives the benefit"}


def a_daf(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "starts_in": str(this_year()),
        "family_chose": "on",
        "evidence": "Disability Living Allowance award letter",
        **day_parts("evidence_seen_on", _today() - timedelta(days=2)),
    }


def changed_daf(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"family_chose": "on", "evidence": "DLA award letter, renewed"}


_L = LOGIN

# fmt: off
ROWS = {
    #                                                   anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:eypp:child_eypp":   (at_child,    (_L, 200, 200, 403, 200, 200, 404, 200, 404, 404, 404)),
    "la_eypp:child_eypp":         (at_la_child, (_L, 404, 404, 404, 404, 200, 404, 200, 404, 404, 404)),
    "settings:eypp:ground_add":   (at_child,    (_L, 200, 403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:ground_change": (at_ground,  (_L, 200, 403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:ground_end":   (at_ground,   (_L, 200, 403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:daf_add":      (at_daf_add,  (_L, 200, 403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:daf_change":   (at_daf,      (_L, 200, 403, 403, 403, 403, 404, 403, 404, 404, 404)),
}

WRITES = {
    #                                                                  anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "settings:eypp:ground_add":   (at_child,   a_ground,       (_L, OK,  403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:ground_change": (at_ground, changed_ground, (_L, OK,  403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:ground_end":   (at_ground,  ended,          (_L, OK,  403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:daf_add":      (at_daf_add, a_daf,          (_L, OK,  403, 403, 403, 403, 404, 403, 404, 404, 404)),
    "settings:eypp:daf_change":   (at_daf,     changed_daf,    (_L, OK,  403, 403, 403, 403, 404, 403, 404, 404, 404)),
}
# fmt: on
