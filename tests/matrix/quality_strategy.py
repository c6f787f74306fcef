# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission- and write-matrix rows for the LA's early years strategy action plan.

Every person of the home LA reads the plan, its CSV and PDF and each commitment
(VIEW_STRATEGY: both improvement advisors, the children in care advisor, the LA
administrator). Chapters and commitments are the LA administrator's to add and change
(EDIT_STRATEGY; the advisors are refused, 403). None of the matrix's advisors is a named
lead of the commitment here: a lead's own edits are tested in tests/quality/. Setting
staff have no LA role (404); another LA's administrator gets 404, in the home LA and for
the home LA's chapter or commitment named in their own LA.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from quality.models import StrategyChapter, StrategyCommitment
from tests.factories.quality import (
    StrategyChapterFactory,
    StrategyCommitmentFactory,
    StrategyUpdateFactory,
)
from tests.forms_html import HtmlForm
from tests.matrix.base import LOGIN, OK, Places, at_la, day_parts


# Found or made here, not by fixtures: the matrices run builders in savepoints they roll
# back, and a fixture first made in one would vanish while pytest kept it.
def the_chapter(places: Places) -> StrategyChapter:
    chapter = StrategyChapter.objects.filter(local_authority=places.home_la, number=2).first()
    if chapter is None:
        chapter = StrategyChapterFactory(
            local_authority=places.home_la,
            number=2,
            title="Children in care and previously looked after",
        )
    return chapter


def the_commitment(places: Places) -> StrategyCommitment:
    commitment = StrategyCommitment.objects.filter(
        local_authority=places.home_la, reference="2.4 (iv)"
    ).first()
    if commitment is None:
        commitment = StrategyCommitmentFactory(
            chapter=the_chapter(places),
            reference="2.4 (iv)",
            text="Track and monitor attainment and achievement of looked-after children aged 0 to 5",
            status=StrategyCommitment.Status.IN_PROGRESS,
            rag=StrategyCommitment.Rag.AMBER,
        )
        StrategyUpdateFactory(commitment=commitment, author=None)
    return commitment


def at_plan(places: Places) -> dict[str, Any]:
    the_commitment(places)
    return at_la(places)


def at_chapter(places: Places) -> dict[str, Any]:
    return {**at_la(places), "chapter_id": the_chapter(places).pk}


def at_commitment(places: Places) -> dict[str, Any]:
    return {**at_la(places), "commitment_id": the_commitment(places).pk}


def new_chapter(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"number": "7", "title": "Workforce"}


def renamed_chapter(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"title": "Children in care"}


def new_commitment(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "chapter": str(the_chapter(places).pk),
        "reference": "2.5",
        "text": "Every looked-after child aged 2 takes up a funded place.",
        "leading": "Virtual School early years team",
        **day_parts("timescale", timezone.localdate() + timedelta(days=90)),
        "status": "not_started",
        "rag": "green",
    }


def changed_commitment(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"resources": "Two days a week of an early years advisor"}


def progress(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "text": "Tracker data now comes in from every setting.",
        "status": "ongoing",
        "rag": "green",
    }


_L = LOGIN

# fmt: off
ROWS = {
    #                                                       anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "la_quality:strategy":              (at_plan,       (_L, 404, 404, 404, 404, 200, 200, 200, 200, 404, 404)),
    "la_quality:strategy_csv":          (at_plan,       (_L, 404, 404, 404, 404, 200, 200, 200, 200, 404, 404)),
    "la_quality:strategy_pdf":          (at_plan,       (_L, 404, 404, 404, 404, 200, 200, 200, 200, 404, 404)),
    "la_quality:chapter_add":           (at_la,         (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la_quality:chapter_edit":          (at_chapter,    (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la_quality:commitment_add":        (at_plan,       (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la_quality:commitment_detail":     (at_commitment, (_L, 404, 404, 404, 404, 200, 200, 200, 200, 404, 404)),
    "la_quality:commitment_edit":       (at_commitment, (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la_quality:commitment_update_add": (at_commitment, (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
}

WRITES = {
    #                                                                          anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "la_quality:chapter_add":           (at_la,         new_chapter,        (_L, 404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
    "la_quality:chapter_edit":          (at_chapter,    renamed_chapter,    (_L, 404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
    "la_quality:commitment_add":        (at_plan,       new_commitment,     (_L, 404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
    "la_quality:commitment_edit":       (at_commitment, changed_commitment, (_L, 404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
    "la_quality:commitment_update_add": (at_commitment, progress,           (_L, 404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
}
# fmt: on
